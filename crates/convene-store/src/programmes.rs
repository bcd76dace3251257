//! Programmes as published: every publication is a new numbered version of its event, kept as the
//! text of its file with a note, and becomes the event's current programme. Versions never
//! change once stored.

use convene_core::Slug;
use jiff::Timestamp;

use crate::{Store, StoreError, UserId, stored};

/// One published version of an event's programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredProgramme {
    pub event_id: Slug,
    /// 1 for the event's first programme, then 2, 3…
    pub version: i64,
    /// The programme file's text, byte for byte; `convene_core::load` reads it back.
    pub source: String,
    /// When it was published.
    pub stored_at: Timestamp,
    /// Why it was published, e.g. "Programme final"; "imported" for an import.
    pub note: String,
    /// The account that published it; `None` for an import.
    pub published_by: Option<UserId>,
}

/// A version in an event's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionSummary {
    pub number: i64,
    /// When it was published.
    pub stored_at: Timestamp,
    pub note: String,
    /// The account that published it; `None` for an import.
    pub published_by: Option<UserId>,
}

impl Store {
    /// The programme readers are shown for `event_id`, or `None` for an unknown event.
    pub async fn current_programme(
        &self,
        event_id: &str,
    ) -> Result<Option<StoredProgramme>, StoreError> {
        let row: Option<ProgrammeRow> = sqlx::query_as(
            "SELECT v.event_id, v.number, v.source, v.stored_at, v.note, v.published_by \
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
        let row: Option<ProgrammeRow> = sqlx::query_as(
            "SELECT event_id, number, source, stored_at, note, published_by \
             FROM programme_versions \
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
        let rows: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT number, stored_at, note, published_by FROM programme_versions \
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
            .map(|(number, stored_at, note, published_by)| {
                let stored_at = stored::instant(stored_at, || {
                    format!("the time version {number} of event \"{event_id}\" was stored")
                })?;
                Ok(VersionSummary {
                    number,
                    stored_at,
                    note,
                    published_by: published_by.map(UserId::stored),
                })
            })
            .collect()
    }
}

/// A row of a version, in the order of [`stored_programme`]'s fields.
type ProgrammeRow = (String, i64, String, i64, String, Option<String>);

fn stored_programme(
    (event_id, version, source, stored_at, note, published_by): ProgrammeRow,
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
        note,
        published_by: published_by.map(UserId::stored),
    })
}
