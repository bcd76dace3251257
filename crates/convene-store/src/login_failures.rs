//! Failed logins, counted in the database so that throttling holds across nodes. A key is what is
//! throttled: an email, an address, or both; the application chooses.

use jiff::Timestamp;

use crate::{Store, StoreError};

impl Store {
    /// Records one failed login for `key` at `at`.
    pub async fn record_login_failure(&self, key: &str, at: Timestamp) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2)")
            .bind(key)
            .bind(at.as_second())
            .execute(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "recording a failed login", e))?;
        Ok(())
    }

    /// How many failed logins `key` has had at or after `since`.
    pub async fn login_failures_since(
        &self,
        key: &str,
        since: Timestamp,
    ) -> Result<i64, StoreError> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND failed_at >= $2",
        )
        .bind(key)
        .bind(since.as_second())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "counting failed logins", e))
    }

    /// Forgets the failed logins of `key`, as after a successful one.
    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .execute(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "forgetting failed logins", e))?;
        Ok(())
    }
}

impl Store {
    /// How many failed logins were recorded under any key since `since`.
    pub async fn all_login_failures_since(&self, since: Timestamp) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE failed_at >= $1")
            .bind(since.as_second())
            .fetch_one(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "counting failed logins", e))
    }
}
