//! Events as the store lists them: identifier, name in the source language and current version,
//! read without parsing any programme.

use convene_core::{Language, Slug};
use jiff::Timestamp;

use crate::{Store, StoreError, stored};

/// An event with a published programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSummary {
    pub id: Slug,
    /// The event's name in its source language, as of its current version.
    pub name: String,
    pub source_language: Language,
    /// The number of the version readers are shown.
    pub current_version: i64,
    /// When the event's current version was published.
    pub updated_at: Timestamp,
}

impl Store {
    /// Every event with a published programme, ordered by identifier; an event with only a draft
    /// is not listed.
    pub async fn events(&self) -> Result<Vec<EventSummary>, StoreError> {
        let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
            "SELECT id, name, source_language, current_version, updated_at FROM events \
             WHERE current_version > 0 ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the list of events", e))?;
        rows.into_iter().map(event_summary).collect()
    }
}

fn event_summary(
    (id, name, source_language, current_version, updated_at): (String, String, String, i64, i64),
) -> Result<EventSummary, StoreError> {
    let id = stored::event_id(&id)?;
    let source_language = stored::language(&source_language, &id)?;
    let updated_at = stored::instant(updated_at, || {
        format!("the time event \"{id}\" was last updated")
    })?;
    Ok(EventSummary {
        id,
        name,
        source_language,
        current_version,
        updated_at,
    })
}
