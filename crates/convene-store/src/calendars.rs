//! What calendars need from a version's past, kept with the version: every session's SEQUENCE
//! and the sessions cancelled since ([`CalendarHistory`]), as JSON. Publishing folds the new
//! version into the history of the one before, so serving a version never needs the earlier ones;
//! versions stored before the history was kept get theirs computed once, from their versions.

use convene_core::export::ical::CalendarHistory;
use convene_core::{CheckOptions, Checked, Programme, load};
use sqlx::AnyConnection;

use crate::{Store, StoreError};

/// What a publishing caller already holds, so that publishing need not read it again: the draft it
/// is about to publish, and the version readers are shown now with its calendar history. Each is
/// used only if it is what the store holds (the same file text; the version just before).
#[derive(Clone, Copy, Debug, Default)]
pub struct Held<'a> {
    pub draft: Option<&'a Checked>,
    pub current: Option<HeldVersion<'a>>,
}

/// A published version as a caller holds it.
#[derive(Clone, Copy, Debug)]
pub struct HeldVersion<'a> {
    pub number: i64,
    pub programme: &'a Programme,
    pub history: &'a CalendarHistory,
}

/// The calendar history of version `number` of `event_id`, whose file is `source`, folded onto the
/// history of the version before: the caller's if it holds that version, else the stored one
/// (computed from the versions if that one has none). Also whether the caller's draft was the
/// file published.
pub(crate) async fn history_of_new_version(
    connection: &mut AnyConnection,
    event_id: &str,
    number: i64,
    source: &str,
    held: Held<'_>,
) -> Result<(CalendarHistory, bool), sqlx::Error> {
    let new = held
        .draft
        .filter(|draft| draft.source() == source)
        .map(|draft| draft.programme().clone());
    let draft_used = new.is_some();
    if let Some(current) = held.current.filter(|c| c.number == number - 1) {
        let (previous, history) = (current.programme.clone(), current.history.clone());
        let source = source.to_owned();
        let folded = tokio::task::spawn_blocking(move || match new.or_else(|| readable(&source)) {
            Some(new) => history.next(Some(&previous), &new),
            None => history,
        })
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("computing the calendar history: {e}")))?;
        return Ok((folded, draft_used));
    }
    let before: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT source, calendar_history FROM programme_versions \
         WHERE event_id = $1 AND number = $2",
    )
    .bind(event_id)
    .bind(number - 1)
    .fetch_optional(&mut *connection)
    .await?;
    let earlier = match &before {
        Some((_, None)) => earlier_sources(connection, event_id, number - 1).await?,
        _ => Vec::new(),
    };
    let source = source.to_owned();
    let folded = tokio::task::spawn_blocking(move || {
        let (history, previous) = match before {
            None => (CalendarHistory::default(), None),
            Some((previous, stored)) => {
                let history = stored
                    .and_then(|json| CalendarHistory::from_json(&json).ok())
                    .unwrap_or_else(|| history_from_sources(&earlier));
                (history, readable(&previous))
            }
        };
        match new.or_else(|| readable(&source)) {
            Some(new) => history.next(previous.as_ref(), &new),
            None => history,
        }
    })
    .await;
    folded
        .map(|history| (history, draft_used))
        .map_err(|e| sqlx::Error::Protocol(format!("computing the calendar history: {e}")))
}

impl Store {
    /// The calendar history of version `number` of `event_id`: the stored one, or, for a version
    /// stored before histories were kept, one computed from the versions up to it and stored
    /// for next time.
    pub async fn calendar_history(
        &self,
        event_id: &str,
        number: i64,
    ) -> Result<CalendarHistory, StoreError> {
        let action =
            || format!("reading the calendar history of version {number} of \"{event_id}\"");
        let stored: Option<Option<String>> = sqlx::query_scalar(
            "SELECT calendar_history FROM programme_versions WHERE event_id = $1 AND number = $2",
        )
        .bind(event_id)
        .bind(number)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, action(), e))?;
        if let Some(history) = stored
            .flatten()
            .and_then(|json| CalendarHistory::from_json(&json).ok())
        {
            return Ok(history);
        }
        let mut connection = self
            .pool
            .acquire()
            .await
            .map_err(|e| StoreError::failed(self.backend, action(), e))?;
        let sources = earlier_sources(&mut connection, event_id, number)
            .await
            .map_err(|e| StoreError::failed(self.backend, action(), e))?;
        drop(connection);
        let history = tokio::task::spawn_blocking(move || history_from_sources(&sources))
            .await
            .map_err(|_| StoreError::Corrupt {
                what: format!(
                    "versions of \"{event_id}\" whose calendar history cannot be computed"
                ),
            })?;
        // Kept for next time; a node that computed it at the same moment wrote the same.
        sqlx::query(
            "UPDATE programme_versions SET calendar_history = $3 \
             WHERE event_id = $1 AND number = $2 AND calendar_history IS NULL",
        )
        .bind(event_id)
        .bind(number)
        .bind(history.to_json())
        .execute(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, action(), e))?;
        Ok(history)
    }
}

/// The files of versions 1 to `last` of `event_id`, oldest first.
async fn earlier_sources(
    connection: &mut AnyConnection,
    event_id: &str,
    last: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT source FROM programme_versions WHERE event_id = $1 AND number <= $2 \
         ORDER BY number",
    )
    .bind(event_id)
    .bind(last)
    .fetch_all(connection)
    .await
}

/// The history of the versions whose files are `sources`, oldest first; a version that no longer
/// passes the checks is left out.
fn history_from_sources(sources: &[String]) -> CalendarHistory {
    let mut history = CalendarHistory::default();
    let mut previous: Option<Programme> = None;
    for programme in sources.iter().filter_map(|s| readable(s)) {
        history = history.next(previous.as_ref(), &programme);
        previous = Some(programme);
    }
    history
}

fn readable(source: &str) -> Option<Programme> {
    load(source, &CheckOptions::default()).programme
}
