//! Publishing: a draft becomes the event's next numbered version, which readers are shown from
//! then on, and every node learns that the current programmes changed.
//!
//! A publication copies the draft's text into an immutable version, makes it current and moves
//! the change marker, in the unit of work of the change that asked for it. On PostgreSQL it also
//! sends a notification on [`PUBLICATIONS_CHANNEL`] when the unit commits, so other nodes reload
//! at once instead of at their next poll.

use convene_core::Checked;
use convene_core::export::ical::CalendarHistory;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::calendars::{Held, history_of_new_version};
use crate::drafts::{insert_event_if_new, overwrite_draft, write_failed};
use crate::error::refuse_reserved;
use crate::{Backend, Store, StoreError, UnitOfWork, UserId};

/// The counter [`Store::change_marker`] reads.
pub(crate) const CURRENT_PROGRAMMES: &str = "current_programmes";

/// The PostgreSQL channel a publication notifies, with the event's id as payload.
pub const PUBLICATIONS_CHANNEL: &str = "convene_publications";

/// The note of a version stored by [`Store::import_programme`].
pub const IMPORT_NOTE: &str = "imported";

/// A version just published: its number and calendar history, and whether its programme is the
/// draft the caller held ([`Held::draft`]), so the caller may serve that at once.
#[derive(Clone, Debug)]
pub struct NewVersion {
    pub number: i64,
    pub history: CalendarHistory,
    pub from_held_draft: bool,
}

/// What publishing a draft did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Publication {
    /// The draft is now this version, the one readers are shown.
    Published(i64),
    /// The draft had no change since it was last published as this version: nothing was stored.
    Unchanged(i64),
}

impl Store {
    /// Publishes the draft of `event_id` as the event's next version, with `note` saying why;
    /// one unit of work. See [`UnitOfWork::publish`].
    pub async fn publish(
        &self,
        event_id: &str,
        note: &str,
        at: Timestamp,
        by: Option<&UserId>,
    ) -> Result<Publication, StoreError> {
        let mut unit = self
            .begin(format!("publishing the draft of event \"{event_id}\""))
            .await?;
        let publication = unit.publish(event_id, note, at, by).await?;
        unit.commit().await?;
        Ok(publication)
    }

    /// Stores a checked programme as the new current version of its event and returns the
    /// version's number (1 for the event's first); one unit of work. See
    /// [`UnitOfWork::import_programme`].
    pub async fn import_programme(
        &self,
        programme: &Checked,
        at: Timestamp,
    ) -> Result<i64, StoreError> {
        let id = programme.programme().event.id.as_str();
        let mut unit = self
            .begin(format!("storing the programme of event \"{id}\""))
            .await?;
        let number = unit.import_programme(programme, at).await?;
        unit.commit().await?;
        Ok(number)
    }

    /// A number that changes whenever the current programme of any event changes: on every
    /// publication, never on a draft's save.
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

impl UnitOfWork {
    /// Publishes the draft of `event_id` as the event's next version, with `note` saying why
    /// (say, "Programme final"). The version becomes what readers are shown once the unit
    /// commits, and [`Store::change_marker`] changes.
    ///
    /// A draft unchanged since its last publication is not published again
    /// ([`Publication::Unchanged`]). The version is a copy: later saves of the draft do not change
    /// it. An event without a draft gives [`StoreError::NoDraft`]; `by` must name an existing
    /// account, or the publication fails with [`StoreError::UnknownUser`].
    pub async fn publish(
        &mut self,
        event_id: &str,
        note: &str,
        at: Timestamp,
        by: Option<&UserId>,
    ) -> Result<Publication, StoreError> {
        let (publication, _) = self
            .publish_held(event_id, note, at, by, Held::default())
            .await?;
        Ok(publication)
    }

    /// [`UnitOfWork::publish`] for a caller that holds the draft and the current version
    /// already: publishing uses them instead of reading them again, and returns the new version
    /// with its calendar history, to be served at once.
    pub async fn publish_held(
        &mut self,
        event_id: &str,
        note: &str,
        at: Timestamp,
        by: Option<&UserId>,
        held: Held<'_>,
    ) -> Result<(Publication, Option<NewVersion>), StoreError> {
        let backend = self.backend();
        let action = || format!("publishing the draft of event \"{event_id}\"");
        let fail = |e| write_failed(backend, event_id, by, action(), e);
        let tx = self.connection();
        let request = PublishRequest {
            event_id,
            note,
            at: at.as_second(),
            by,
            even_unchanged: false,
            held,
        };
        let published = publish_draft(&mut *tx, backend, request)
            .await
            .map_err(fail)?;
        if let Some(version) = published {
            if version.number > 1 {
                self.enqueue(&change_notices_job(event_id, version.number, at))
                    .await?;
            }
            return Ok((Publication::Published(version.number), Some(version)));
        }
        let state: Option<(i64,)> = sqlx::query_as(
            "SELECT current_version FROM events e JOIN drafts d ON d.event_id = e.id \
             WHERE e.id = $1",
        )
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
        match state {
            Some((current,)) => Ok((Publication::Unchanged(current), None)),
            None => Err(StoreError::NoDraft {
                event_id: event_id.to_owned(),
            }),
        }
    }

    /// Stores a checked programme as the new current version of its event and returns the
    /// version's number (1 for the event's first).
    ///
    /// The programme's file text is what is kept. The import replaces the event's draft with it,
    /// whatever its revision, and publishes it with the note [`IMPORT_NOTE`], so the draft equals
    /// the newest version. Concurrent imports of one event take turns and get consecutive
    /// numbers; should the database still report a clash, the import fails with
    /// [`StoreError::Conflict`]. An event whose id is [`crate::RESERVED_EVENT_ID`] is refused with
    /// [`StoreError::ReservedEventId`].
    pub async fn import_programme(
        &mut self,
        programme: &Checked,
        at: Timestamp,
    ) -> Result<i64, StoreError> {
        let backend = self.backend();
        let id = programme.programme().event.id.as_str();
        refuse_reserved(id)?;
        let when = at;
        let at = at.as_second();
        let action = || format!("storing the programme of event \"{id}\"");
        let fail = |e| write_failed(backend, id, None, action(), e);
        let tx = self.connection();
        insert_event_if_new(&mut *tx, &programme.programme().event, at)
            .await
            .map_err(fail)?;
        // The upsert locks the draft's row until commit: a concurrent import of the same event
        // waits here, then counts on from this one's number.
        overwrite_draft(&mut *tx, programme, at)
            .await
            .map_err(fail)?;
        let held = Held {
            draft: Some(programme),
            current: None,
        };
        let request = PublishRequest {
            event_id: id,
            note: IMPORT_NOTE,
            at,
            by: None,
            even_unchanged: true,
            held,
        };
        let number = publish_draft(&mut *tx, backend, request)
            .await
            .map_err(fail)?
            .map(|version| version.number)
            .ok_or_else(|| StoreError::NoDraft {
                event_id: id.to_owned(),
            })?;
        // A first version changes nothing anyone registered for.
        if number > 1 {
            self.enqueue(&change_notices_job(id, number, when)).await?;
        }
        Ok(number)
    }
}

/// The kind of the job that writes to each participant what a published version changed in their
/// sessions; its key is `{event}:{version}`, so each version's notices are written once.
pub const CHANGE_NOTICES: &str = "change-notices";

/// The change-notices job of version `version` of `event_id`.
fn change_notices_job(event_id: &str, version: i64, at: Timestamp) -> crate::NewJob {
    crate::NewJob::new(CHANGE_NOTICES, format!("{event_id}:{version}"), at)
        .payload(serde_json::json!({ "event": event_id, "version": version }).to_string())
}

/// A publication to make: of `event_id`'s draft, with `note`, at `at` (unix seconds), by `by`.
struct PublishRequest<'a> {
    event_id: &'a str,
    note: &'a str,
    at: i64,
    by: Option<&'a UserId>,
    /// Publish even a draft that was published as it stands (an import does).
    even_unchanged: bool,
    held: Held<'a>,
}

/// Copies the draft of `event_id` into its next version, makes that version current and moves
/// the change marker; `None` if the event has no draft, or (unless `even_unchanged`) if the draft
/// was published as it stands.
///
/// Marking the draft's revision published locks the draft's row first, so concurrent
/// publications of one event take turns and get consecutive numbers, and each publishes the
/// draft as it stands once its turn comes.
async fn publish_draft(
    connection: &mut AnyConnection,
    backend: Backend,
    request: PublishRequest<'_>,
) -> Result<Option<NewVersion>, sqlx::Error> {
    let PublishRequest {
        event_id,
        note,
        at,
        by,
        even_unchanged,
        held,
    } = request;
    let draft: Option<(String, String, String)> = sqlx::query_as(
        "UPDATE drafts SET published_revision = revision WHERE event_id = $1 \
         AND ($2 = 1 OR published_revision IS NULL OR published_revision <> revision) \
         RETURNING source, name, source_language",
    )
    .bind(event_id)
    .bind(i64::from(even_unchanged))
    .fetch_optional(&mut *connection)
    .await?;
    let Some((source, name, source_language)) = draft else {
        return Ok(None);
    };
    let number: i64 = sqlx::query_scalar(
        "UPDATE events SET \
         newest_version = newest_version + 1, current_version = newest_version + 1, \
         name = $2, source_language = $3, updated_at = $4 \
         WHERE id = $1 \
         RETURNING newest_version",
    )
    .bind(event_id)
    .bind(&name)
    .bind(&source_language)
    .bind(at)
    .fetch_one(&mut *connection)
    .await?;
    let (history, draft_used) =
        history_of_new_version(&mut *connection, event_id, number, &source, held).await?;
    sqlx::query(
        "INSERT INTO programme_versions \
         (event_id, number, source, stored_at, note, published_by, calendar_history) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(event_id)
    .bind(number)
    .bind(&source)
    .bind(at)
    .bind(note)
    .bind(by.map(UserId::as_str))
    .bind(history.to_json())
    .execute(&mut *connection)
    .await?;
    sqlx::query("UPDATE change_counters SET value = value + 1 WHERE name = $1")
        .bind(CURRENT_PROGRAMMES)
        .execute(&mut *connection)
        .await?;
    if backend == Backend::Postgres {
        // Delivered to listeners when the unit commits, and never if it rolls back.
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(PUBLICATIONS_CHANNEL)
            .bind(event_id)
            .execute(&mut *connection)
            .await?;
    }
    Ok(Some(NewVersion {
        number,
        history,
        from_held_draft: draft_used,
    }))
}
