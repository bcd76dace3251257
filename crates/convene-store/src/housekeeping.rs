//! Removing what no longer counts: expired login sessions, used or expired password links, failed
//! logins older than any throttling window, and jobs done a week ago.

use jiff::Timestamp;

use crate::{Store, StoreError};

impl Store {
    /// Deletes the login sessions and password links that expired by `now`, the links already
    /// used, and the failed logins before `login_failures_before`; returns how many rows went.
    ///
    /// Nothing depends on it for correctness (lookups ignore what expired); run it now and then
    /// so that the tables do not grow without end.
    pub async fn remove_expired(
        &self,
        now: Timestamp,
        login_failures_before: Timestamp,
    ) -> Result<u64, StoreError> {
        let action = || "removing expired sessions, links and failed logins".to_owned();
        let fail = |e| StoreError::failed(self.backend, action(), e);
        let now = now.as_second();
        let _turn = self.write_turn().await?;
        let mut tx = self.begin_write(action).await?;
        let mut removed = 0;
        removed += sqlx::query("DELETE FROM login_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(fail)?
            .rows_affected();
        removed += sqlx::query(
            "DELETE FROM password_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL",
        )
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(fail)?
        .rows_affected();
        removed += sqlx::query("DELETE FROM login_failures WHERE failed_at < $1")
            .bind(login_failures_before.as_second())
            .execute(&mut *tx)
            .await
            .map_err(fail)?
            .rows_affected();
        let now_ms = now * 1000;
        for sql in [
            "DELETE FROM participant_sessions WHERE expires_at <= $1",
            "DELETE FROM participant_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL",
        ] {
            removed += sqlx::query(sql)
                .bind(now_ms)
                .execute(&mut *tx)
                .await
                .map_err(fail)?
                .rows_affected();
        }
        // Throttling looks back an hour at most.
        removed += sqlx::query("DELETE FROM throttle_hits WHERE hit_at < $1")
            .bind(now_ms - 3600 * 1000)
            .execute(&mut *tx)
            .await
            .map_err(fail)?
            .rows_affected();
        // Jobs done a week ago have nothing left to tell; dead ones stay for people to see.
        let week_ago = now.saturating_sub(7 * 24 * 3600) * 1000;
        removed += sqlx::query("DELETE FROM jobs WHERE state = 'done' AND finished_at < $1")
            .bind(week_ago)
            .execute(&mut *tx)
            .await
            .map_err(fail)?
            .rows_affected();
        tx.commit().await.map_err(fail)?;
        Ok(removed)
    }
}
