//! The audit log: what organisers did, when, to which event. Entries are only ever added.

use jiff::Timestamp;

use crate::users::unknown_user_or;
use crate::{Store, StoreError, UnitOfWork, UserId, stored};

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: Timestamp,
    /// The account that acted; `None` for the system or someone not logged in.
    pub user_id: Option<UserId>,
    /// That account's email, as it is now.
    pub user_email: Option<String>,
    /// What was done, e.g. "publish"; the application chooses the words.
    pub action: String,
    pub event_id: Option<String>,
    /// Anything else worth keeping, e.g. the version's note.
    pub detail: String,
}

/// The sequence that numbers audit entries.
const AUDIT_SEQUENCE: &str = "audit_log";

impl Store {
    /// Adds an entry to the audit log on its own; see [`UnitOfWork::record_audit`] to record it
    /// with the change it is about.
    pub async fn record_audit(
        &self,
        at: Timestamp,
        user_id: Option<&UserId>,
        action: &str,
        event_id: Option<&str>,
        detail: &str,
    ) -> Result<(), StoreError> {
        let mut unit = self.begin("adding to the audit log").await?;
        unit.record_audit(at, user_id, action, event_id, detail)
            .await?;
        unit.commit().await
    }
}

impl UnitOfWork {
    /// Adds an entry to the audit log, stored if and only if the unit commits. `user_id`, if
    /// given, must name an existing account, or the entry is refused with
    /// [`StoreError::UnknownUser`].
    pub async fn record_audit(
        &mut self,
        at: Timestamp,
        user_id: Option<&UserId>,
        action: &str,
        event_id: Option<&str>,
        detail: &str,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        let fail = |e| {
            let failed = |e| StoreError::failed(backend, "adding to the audit log", e);
            match user_id {
                Some(user_id) => unknown_user_or(user_id, e, failed),
                None => failed(e),
            }
        };
        let tx = self.connection();
        // Incrementing the sequence locks its row until commit, so entries recorded at the same
        // moment get distinct, increasing numbers.
        let seq: i64 = sqlx::query_scalar(
            "UPDATE sequences SET value = value + 1 WHERE name = $1 RETURNING value",
        )
        .bind(AUDIT_SEQUENCE)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
        sqlx::query(
            "INSERT INTO audit_log (seq, at, user_id, action, event_id, detail) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(seq)
        .bind(at.as_second())
        .bind(user_id.map(UserId::as_str))
        .bind(action)
        .bind(event_id)
        .bind(detail)
        .execute(&mut *tx)
        .await
        .map_err(fail)
        .map(drop)
    }
}

impl Store {
    /// The newest `limit` entries of the audit log, newest first; entries of the same second in
    /// the reverse of the order they were recorded.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT a.seq, a.at, a.user_id, u.email, a.action, a.event_id, a.detail \
             FROM audit_log a LEFT JOIN users u ON u.id = a.user_id \
             ORDER BY a.at DESC, a.seq DESC \
             LIMIT $1",
        )
        .bind(limit.max(0))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the audit log", e))?;
        rows.into_iter().map(audit_entry).collect()
    }
}

type AuditRow = (
    i64,
    i64,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    String,
);

fn audit_entry(
    (seq, at, user_id, user_email, action, event_id, detail): AuditRow,
) -> Result<AuditEntry, StoreError> {
    let at = stored::instant(at, || format!("the time of audit entry {seq}"))?;
    Ok(AuditEntry {
        at,
        user_id: user_id.map(UserId::stored),
        user_email,
        action,
        event_id,
        detail,
    })
}
