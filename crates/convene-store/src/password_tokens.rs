//! Single-use links to set a password. The application keeps the token and sends the link; the
//! store keeps only the token's hash (hex SHA-256, computed by the caller).

use jiff::Timestamp;

use crate::users::unknown_user_or;
use crate::{Store, StoreError, UnitOfWork, UserId};

impl UnitOfWork {
    /// Uses up the password link whose token hashes to `token_hash` and returns its account's
    /// identifier; `None` if there is no such link, it was used already, or it expired (a link
    /// is valid before its `expires_at`, not at it).
    ///
    /// One statement marks the link used and reads it, so of two uses at the same moment exactly
    /// one gets the account.
    pub async fn use_password_token(
        &mut self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<UserId>, StoreError> {
        let backend = self.backend();
        let user: Option<String> = sqlx::query_scalar(
            "UPDATE password_tokens SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             RETURNING user_id",
        )
        .bind(token_hash)
        .bind(now.as_second())
        .fetch_optional(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "using a password link", e))?;
        Ok(user.map(UserId::stored))
    }

    /// Records a password link of account `user_id`, valid until `expires_at`.
    ///
    /// An unknown account gives [`StoreError::UnknownUser`].
    pub async fn create_password_token(
        &mut self,
        user_id: &UserId,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "INSERT INTO password_tokens (token_hash, user_id, expires_at, used_at) \
             VALUES ($1, $2, $3, NULL)",
        )
        .bind(token_hash)
        .bind(user_id.as_str())
        .bind(expires_at.as_second())
        .execute(self.connection())
        .await
        .map_err(|e| {
            unknown_user_or(user_id, e, |e| {
                StoreError::failed(backend, "recording a password link", e)
            })
        })?;
        Ok(())
    }
}

impl Store {
    /// Uses up a password link on its own; see [`UnitOfWork::use_password_token`].
    pub async fn use_password_token(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<UserId>, StoreError> {
        let mut unit = self.begin("using a password link").await?;
        let user = unit.use_password_token(token_hash, now).await?;
        unit.commit().await?;
        Ok(user)
    }

    /// Records a password link on its own; see [`UnitOfWork::create_password_token`].
    pub async fn create_password_token(
        &self,
        user_id: &UserId,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut unit = self.begin("recording a password link").await?;
        unit.create_password_token(user_id, token_hash, expires_at)
            .await?;
        unit.commit().await
    }
}
