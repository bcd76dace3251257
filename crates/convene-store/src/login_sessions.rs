//! Login sessions, kept in the database so that any node can serve any request. The browser holds
//! the session's identifier; the store keeps only its hash, with the session's CSRF token.

use jiff::Timestamp;

use crate::users::{UserRow, unknown_user_or, user_columns, user_from_row};
use crate::{Store, StoreError, UnitOfWork, User, UserId};

impl Store {
    /// The account logged in by the session whose identifier hashes to `id_hash`, and the
    /// session's CSRF token; `None` for an unknown session or one that expired (a session is
    /// valid before its `expires_at`, not at it).
    pub async fn login_session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<(String, String, String, Option<String>, i64, String)> =
            sqlx::query_as(concat!(
                "SELECT ",
                user_columns!(),
                ", s.csrf_token FROM login_sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.id_hash = $1 AND s.expires_at > $2"
            ))
            .bind(id_hash)
            .bind(now.as_second())
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "reading a login session", e))?;
        row.map(|(id, email, role, password_hash, created_at, csrf)| {
            let row: UserRow = (id, email, role, password_hash, created_at);
            user_from_row(row).map(|(user, _)| (user, csrf))
        })
        .transpose()
    }

    /// Ends one session (logging out); ending one that does not exist does nothing.
    pub async fn delete_login_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "ending a login session", e))?;
        Ok(())
    }
}

impl UnitOfWork {
    /// Ends every session of account `user_id` ("log out everywhere") and returns how many
    /// there were, expired ones included.
    pub async fn delete_user_login_sessions(
        &mut self,
        user_id: &UserId,
    ) -> Result<u64, StoreError> {
        let backend = self.backend();
        let ended = sqlx::query("DELETE FROM login_sessions WHERE user_id = $1")
            .bind(user_id.as_str())
            .execute(self.connection())
            .await
            .map_err(|e| {
                StoreError::failed(backend, "ending the login sessions of an account", e)
            })?;
        Ok(ended.rows_affected())
    }

    /// Records a login session of account `user_id`, valid from `now` until `expires_at`.
    ///
    /// An unknown account gives [`StoreError::UnknownUser`].
    pub async fn create_login_session(
        &mut self,
        id_hash: &str,
        user_id: &UserId,
        csrf_token: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "INSERT INTO login_sessions (id_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(user_id.as_str())
        .bind(csrf_token)
        .bind(now.as_second())
        .bind(expires_at.as_second())
        .execute(self.connection())
        .await
        .map_err(|e| {
            unknown_user_or(user_id, e, |e| {
                StoreError::failed(backend, "recording a login session", e)
            })
        })?;
        Ok(())
    }
}

impl Store {
    /// Ends every login session of an account on its own; see
    /// [`UnitOfWork::delete_user_login_sessions`].
    pub async fn delete_user_login_sessions(&self, user_id: &UserId) -> Result<u64, StoreError> {
        let mut unit = self
            .begin("ending the login sessions of an account")
            .await?;
        let ended = unit.delete_user_login_sessions(user_id).await?;
        unit.commit().await?;
        Ok(ended)
    }

    /// Records a login session on its own; see [`UnitOfWork::create_login_session`].
    pub async fn create_login_session(
        &self,
        id_hash: &str,
        user_id: &UserId,
        csrf_token: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut unit = self.begin("recording a login session").await?;
        unit.create_login_session(id_hash, user_id, csrf_token, now, expires_at)
            .await?;
        unit.commit().await
    }
}
