//! Programmes as stored: every import is a new numbered version of its event, kept as the text of
//! its file, and becomes the event's current programme.

use convene_core::{Event, Programme, Slug};
use jiff::Timestamp;

use crate::error::is_conflict;
use crate::{Store, StoreError, stored};

/// One version of an event's programme, as imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredProgramme {
    pub event_id: Slug,
    /// 1 for the event's first programme, then 2, 3…
    pub version: i64,
    /// The programme file's text, byte for byte; `convene_core::load` reads it back.
    pub source: String,
    pub stored_at: Timestamp,
}

/// A version in an event's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionSummary {
    pub number: i64,
    pub stored_at: Timestamp,
}

/// The counter [`Store::change_marker`] reads.
const CURRENT_PROGRAMMES: &str = "current_programmes";

impl Store {
    /// Stores a checked programme as the new current version of its event and returns the
    /// version's number (1 for the event's first).
    ///
    /// `source` is the text of the file `programme` was loaded from; it is what is kept. The
    /// import is one transaction: it stores everything or nothing. Concurrent imports of one
    /// event take turns and get consecutive numbers; should the database still report a clash,
    /// the import fails with [`StoreError::Conflict`] and nothing of it is stored.
    pub async fn import_programme(
        &self,
        programme: &Programme,
        source: &str,
        at: Timestamp,
    ) -> Result<i64, StoreError> {
        let event = &programme.event;
        let id = event.id.as_str();
        let at = at.as_second();
        let action = || format!("storing the programme of event \"{id}\"");
        let fail = |source: sqlx::Error| {
            if is_conflict(&source) {
                StoreError::Conflict {
                    event_id: id.to_owned(),
                    source,
                }
            } else {
                StoreError::failed(self.backend, action(), source)
            }
        };

        let mut tx = self.begin_write(&action).await?;
        sqlx::query(
            "INSERT INTO events \
             (id, name, source_language, newest_version, current_version, created_at, updated_at) \
             VALUES ($1, $2, $3, 0, 0, $4, $4) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(source_name(event))
        .bind(event.source_language.as_str())
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
        // The update locks the event's row until commit: a concurrent import of the same event
        // waits here, then counts on from this one's number.
        let number: i64 = sqlx::query_scalar(
            "UPDATE events SET \
             newest_version = newest_version + 1, current_version = newest_version + 1, \
             name = $2, source_language = $3, updated_at = $4 \
             WHERE id = $1 \
             RETURNING newest_version",
        )
        .bind(id)
        .bind(source_name(event))
        .bind(event.source_language.as_str())
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)?;
        sqlx::query(
            "INSERT INTO programme_versions (event_id, number, source, stored_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(number)
        .bind(source)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
        sqlx::query("UPDATE change_counters SET value = value + 1 WHERE name = $1")
            .bind(CURRENT_PROGRAMMES)
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
        tx.commit().await.map_err(fail)?;
        Ok(number)
    }

    /// The programme readers are shown for `event_id`, or `None` for an unknown event.
    pub async fn current_programme(
        &self,
        event_id: &str,
    ) -> Result<Option<StoredProgramme>, StoreError> {
        let row: Option<(String, i64, String, i64)> = sqlx::query_as(
            "SELECT v.event_id, v.number, v.source, v.stored_at \
             FROM events e \
             JOIN programme_versions v ON v.event_id = e.id AND v.number = e.current_version \
             WHERE e.id = $1",
        )
        .bind(event_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| {
            let action = format!("reading the current programme of event \"{event_id}\"");
            StoreError::failed(self.backend, action, e)
        })?;
        row.map(stored_programme).transpose()
    }

    /// Version `version` of the programme of `event_id`, or `None` if there is no such version.
    pub async fn programme_version(
        &self,
        event_id: &str,
        version: i64,
    ) -> Result<Option<StoredProgramme>, StoreError> {
        let row: Option<(String, i64, String, i64)> = sqlx::query_as(
            "SELECT event_id, number, source, stored_at FROM programme_versions \
             WHERE event_id = $1 AND number = $2",
        )
        .bind(event_id)
        .bind(version)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| {
            let action = format!("reading version {version} of the programme of \"{event_id}\"");
            StoreError::failed(self.backend, action, e)
        })?;
        row.map(stored_programme).transpose()
    }

    /// Every stored version of the programme of `event_id`, newest first; empty for an unknown
    /// event.
    pub async fn versions(&self, event_id: &str) -> Result<Vec<VersionSummary>, StoreError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT number, stored_at FROM programme_versions \
             WHERE event_id = $1 ORDER BY number DESC",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| {
            let action = format!("reading the versions of event \"{event_id}\"");
            StoreError::failed(self.backend, action, e)
        })?;
        rows.into_iter()
            .map(|(number, stored_at)| {
                let stored_at = stored::instant(stored_at, || {
                    format!("the time version {number} of event \"{event_id}\" was stored")
                })?;
                Ok(VersionSummary { number, stored_at })
            })
            .collect()
    }

    /// A number that changes whenever the current programme of any event changes.
    ///
    /// Reading it is one indexed row, cheap enough to poll: a node that caches rendered
    /// programmes compares it with the value it saw last and reloads when it differs.
    pub async fn change_marker(&self) -> Result<i64, StoreError> {
        let value: Option<i64> =
            sqlx::query_scalar("SELECT value FROM change_counters WHERE name = $1")
                .bind(CURRENT_PROGRAMMES)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| StoreError::failed(self.backend, "reading the change marker", e))?;
        value.ok_or_else(|| StoreError::Corrupt {
            what: format!("a table of change counters without its \"{CURRENT_PROGRAMMES}\" row"),
        })
    }
}

fn stored_programme(
    (event_id, version, source, stored_at): (String, i64, String, i64),
) -> Result<StoredProgramme, StoreError> {
    let event_id = stored::event_id(&event_id)?;
    let stored_at = stored::instant(stored_at, || {
        format!("the time version {version} of event \"{event_id}\" was stored")
    })?;
    Ok(StoredProgramme {
        event_id,
        version,
        source,
        stored_at,
    })
}

/// The event's name in its source language, which the core's checks require; failing that, any
/// name it has, or its identifier.
fn source_name(event: &Event) -> &str {
    event
        .name
        .in_language(&event.source_language)
        .or_else(|| event.name.iter().next().map(|(_, name)| name))
        .unwrap_or(event.id.as_str())
}
