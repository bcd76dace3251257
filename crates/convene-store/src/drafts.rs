//! Drafts: each event's private working copy, kept as the text of its programme file and edited by
//! organisers, and publishing it as the event's next numbered version.
//!
//! A draft has a revision (1, 2, 3…); a save names the revision it edited and is refused if
//! someone saved since, so no one overwrites another's work unseen. Readers never see a draft:
//! an event whose only programme is a draft is listed nowhere, and saving one leaves
//! [`Store::change_marker`] alone. Publishing (`publishing.rs`) copies it into an immutable version.

use convene_core::{Checked, Event, Slug};
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::{is_conflict, refuse_reserved};
use crate::users::unknown_user_or;
use crate::{Backend, Store, StoreError, UnitOfWork, UserId, stored};

/// An event's draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub event_id: Slug,
    /// The programme file's text, byte for byte.
    pub source: String,
    /// 1 for the first save, then 2, 3…; the next save names it.
    pub revision: i64,
    /// The revision last published, `None` if none was; the draft has unpublished changes when
    /// this differs from `revision`.
    pub published_revision: Option<i64>,
    pub updated_at: Timestamp,
    /// The account that saved it last; `None` for an import or a save by no account.
    pub updated_by: Option<UserId>,
}

/// An event organisers work on, as the list of events shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSummary {
    pub event_id: Slug,
    /// The event's name in its source language, as of its draft.
    pub name: String,
    /// The draft's revision.
    pub revision: i64,
    /// The number of the version readers are shown; 0 for an event never published.
    pub current_version: i64,
}

/// A row of a draft, in the order of [`Draft`]'s fields.
type DraftRow = (String, String, i64, Option<i64>, i64, Option<String>);

impl Store {
    /// The draft of `event_id`, or `None` if the event has none.
    pub async fn draft(&self, event_id: &str) -> Result<Option<Draft>, StoreError> {
        let row: Option<DraftRow> = sqlx::query_as(
            "SELECT event_id, source, revision, published_revision, updated_at, updated_by \
             FROM drafts WHERE event_id = $1",
        )
        .bind(event_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| {
            let action = format!("reading the draft of event \"{event_id}\"");
            StoreError::failed(self.backend, action, e)
        })?;
        row.map(
            |(event_id, source, revision, published_revision, updated_at, updated_by)| {
                let event_id = stored::event_id(&event_id)?;
                let updated_at = stored::instant(updated_at, || {
                    format!("the time the draft of event \"{event_id}\" was saved")
                })?;
                Ok(Draft {
                    event_id,
                    source,
                    revision,
                    published_revision,
                    updated_at,
                    updated_by: updated_by.map(UserId::stored),
                })
            },
        )
        .transpose()
    }

    /// Every event with a draft, published or not, ordered by identifier: the events organisers
    /// work on.
    pub async fn drafts(&self) -> Result<Vec<DraftSummary>, StoreError> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT d.event_id, d.name, d.revision, e.current_version \
             FROM drafts d JOIN events e ON e.id = d.event_id ORDER BY d.event_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the list of drafts", e))?;
        rows.into_iter()
            .map(|(event_id, name, revision, current_version)| {
                Ok(DraftSummary {
                    event_id: stored::event_id(&event_id)?,
                    name,
                    revision,
                    current_version,
                })
            })
            .collect()
    }

    /// Saves a checked programme as the draft of its event, if the draft is still at
    /// `expected_revision` (`None`: the event must have no draft yet), and returns the draft's new
    /// revision; one unit of work. See [`UnitOfWork::save_draft`].
    pub async fn save_draft(
        &self,
        draft: &Checked,
        expected_revision: Option<i64>,
        at: Timestamp,
        by: Option<&UserId>,
    ) -> Result<i64, StoreError> {
        let id = draft.programme().event.id.as_str();
        let mut unit = self
            .begin(format!("saving the draft of event \"{id}\""))
            .await?;
        let revision = unit.save_draft(draft, expected_revision, at, by).await?;
        unit.commit().await?;
        Ok(revision)
    }
}

impl UnitOfWork {
    /// Saves a checked programme as the draft of its event, if the draft is still at
    /// `expected_revision` (`None`: the event must have no draft yet), and returns the draft's new
    /// revision. Only a [`Checked`] programme is taken, so a stored draft always loads again.
    ///
    /// Otherwise nothing changes and the save fails with [`StoreError::StaleDraft`], which tells
    /// the draft's current revision. The check and the write are one statement (on PostgreSQL, a
    /// save waits for a concurrent one's row and then checks against its result), so of two saves
    /// based on one revision exactly one succeeds. A new event gets a row that readers do not see
    /// until its first publication. `by` must name an existing account, or the save fails with
    /// [`StoreError::UnknownUser`]. An event whose id is [`crate::RESERVED_EVENT_ID`] is refused
    /// with [`StoreError::ReservedEventId`].
    pub async fn save_draft(
        &mut self,
        draft: &Checked,
        expected_revision: Option<i64>,
        at: Timestamp,
        by: Option<&UserId>,
    ) -> Result<i64, StoreError> {
        let event = &draft.programme().event;
        let id = event.id.as_str();
        refuse_reserved(id)?;
        let at = at.as_second();
        let action = format!("saving the draft of event \"{id}\"");
        let backend = self.backend();
        let fail = |e| write_failed(backend, id, by, action.clone(), e);
        let tx = self.connection();
        insert_event_if_new(&mut *tx, event, at)
            .await
            .map_err(fail)?;
        let saved: Option<i64> = match expected_revision {
            None => sqlx::query_scalar(
                "INSERT INTO drafts (event_id, source, name, source_language, revision, \
                 published_revision, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, 1, NULL, $5, $6) \
                 ON CONFLICT (event_id) DO NOTHING \
                 RETURNING revision",
            )
            .bind(id)
            .bind(draft.source())
            .bind(source_name(event))
            .bind(event.source_language.as_str())
            .bind(at)
            .bind(by.map(UserId::as_str))
            .fetch_optional(&mut *tx)
            .await
            .map_err(fail)?,
            Some(expected) => sqlx::query_scalar(
                "UPDATE drafts SET source = $2, name = $3, source_language = $4, \
                 revision = revision + 1, updated_at = $5, updated_by = $6 \
                 WHERE event_id = $1 AND revision = $7 \
                 RETURNING revision",
            )
            .bind(id)
            .bind(draft.source())
            .bind(source_name(event))
            .bind(event.source_language.as_str())
            .bind(at)
            .bind(by.map(UserId::as_str))
            .bind(expected)
            .fetch_optional(&mut *tx)
            .await
            .map_err(fail)?,
        };
        match saved {
            Some(revision) => Ok(revision),
            None => {
                let current: Option<i64> =
                    sqlx::query_scalar("SELECT revision FROM drafts WHERE event_id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(fail)?;
                Err(StoreError::StaleDraft {
                    event_id: id.to_owned(),
                    expected_revision,
                    current_revision: current,
                })
            }
        }
    }
}

impl UnitOfWork {
    /// Stores a checked programme as the first draft (revision 1) of a new event, which readers do
    /// not see until its first publication.
    ///
    /// An identifier that any event has already, published or with a draft only, is refused with
    /// [`StoreError::EventExists`], and [`crate::RESERVED_EVENT_ID`] with
    /// [`StoreError::ReservedEventId`]; so is the second of two creations of one identifier at the
    /// same moment (on PostgreSQL it waits for the first to commit). `by` must name an existing
    /// account, or the creation fails with [`StoreError::UnknownUser`]. On any failure nothing of
    /// it is stored once the unit is dropped.
    pub async fn create_event(
        &mut self,
        draft: &Checked,
        at: Timestamp,
        by: Option<&UserId>,
    ) -> Result<i64, StoreError> {
        let event = &draft.programme().event;
        let id = event.id.as_str();
        refuse_reserved(id)?;
        let at = at.as_second();
        let action = format!("creating event \"{id}\"");
        let backend = self.backend();
        let fail = |e| write_failed(backend, id, by, action.clone(), e);
        let tx = self.connection();
        let created: Option<String> = sqlx::query_scalar(
            "INSERT INTO events \
             (id, name, source_language, newest_version, current_version, created_at, updated_at) \
             VALUES ($1, $2, $3, 0, 0, $4, $4) \
             ON CONFLICT (id) DO NOTHING \
             RETURNING id",
        )
        .bind(id)
        .bind(source_name(event))
        .bind(event.source_language.as_str())
        .bind(at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
        if created.is_none() {
            return Err(StoreError::EventExists {
                event_id: id.to_owned(),
            });
        }
        sqlx::query_scalar(
            "INSERT INTO drafts (event_id, source, name, source_language, revision, \
             published_revision, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, 1, NULL, $5, $6) \
             RETURNING revision",
        )
        .bind(id)
        .bind(draft.source())
        .bind(source_name(event))
        .bind(event.source_language.as_str())
        .bind(at)
        .bind(by.map(UserId::as_str))
        .fetch_one(&mut *tx)
        .await
        .map_err(fail)
    }
}

/// The error of a write to `event_id`'s programme done by `by`.
pub(crate) fn write_failed(
    backend: Backend,
    event_id: &str,
    by: Option<&UserId>,
    action: String,
    error: sqlx::Error,
) -> StoreError {
    if is_conflict(&error) {
        return StoreError::Conflict {
            event_id: event_id.to_owned(),
            source: error,
        };
    }
    match by {
        Some(user_id) => {
            unknown_user_or(user_id, error, |e| StoreError::failed(backend, action, e))
        }
        None => StoreError::failed(backend, action, error),
    }
}

/// Gives `event` its row if it has none yet, with no version published: listed nowhere until its
/// first publication. An existing row stays as it is.
pub(crate) async fn insert_event_if_new(
    connection: &mut AnyConnection,
    event: &Event,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events \
         (id, name, source_language, newest_version, current_version, created_at, updated_at) \
         VALUES ($1, $2, $3, 0, 0, $4, $4) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(event.id.as_str())
    .bind(source_name(event))
    .bind(event.source_language.as_str())
    .bind(at)
    .execute(connection)
    .await
    .map(drop)
}

/// Saves the draft of `programme`'s event whatever its revision, as an import does; the event's
/// row must exist.
pub(crate) async fn overwrite_draft(
    connection: &mut AnyConnection,
    draft: &Checked,
    at: i64,
) -> Result<(), sqlx::Error> {
    let event = &draft.programme().event;
    let source = draft.source();
    sqlx::query(
        "INSERT INTO drafts (event_id, source, name, source_language, revision, \
         published_revision, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, 1, NULL, $5, NULL) \
         ON CONFLICT (event_id) DO UPDATE SET \
         source = excluded.source, name = excluded.name, \
         source_language = excluded.source_language, revision = drafts.revision + 1, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(event.id.as_str())
    .bind(source)
    .bind(source_name(event))
    .bind(event.source_language.as_str())
    .bind(at)
    .execute(connection)
    .await
    .map(drop)
}

/// The event's name in its source language, which the core's checks require; failing that, any
/// name it has, or its identifier.
pub(crate) fn source_name(event: &Event) -> &str {
    event
        .name
        .in_language(&event.source_language)
        .or_else(|| event.name.iter().next().map(|(_, name)| name))
        .unwrap_or(event.id.as_str())
}
