//! Single-use links to set a password. The application keeps the token and sends the link; the
//! store keeps only the token's hash (hex SHA-256, computed by the caller).

use jiff::Timestamp;

use crate::users::unknown_user_or;
use crate::{Store, StoreError};

impl Store {
    /// Records a password link of account `user_id`, valid until `expires_at`.
    ///
    /// An unknown account gives [`StoreError::UnknownUser`].
    pub async fn create_password_token(
        &self,
        user_id: &str,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO password_tokens (token_hash, user_id, expires_at, used_at) \
             VALUES ($1, $2, $3, NULL)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(expires_at.as_second())
        .execute(&self.pool)
        .await
        .map_err(|e| {
            unknown_user_or(user_id, e, |e| {
                StoreError::failed(self.backend, "recording a password link", e)
            })
        })?;
        Ok(())
    }

    /// Uses up the password link whose token hashes to `token_hash` and returns its account's
    /// identifier; `None` if there is no such link, it was used already, or it expired (a link
    /// is valid before its `expires_at`, not at it).
    ///
    /// One statement marks the link used and reads it, so of two uses at the same moment exactly
    /// one gets the account.
    pub async fn use_password_token(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar(
            "UPDATE password_tokens SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             RETURNING user_id",
        )
        .bind(token_hash)
        .bind(now.as_second())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "using a password link", e))
    }
}
