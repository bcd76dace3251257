//! Where convene keeps programmes and the organisers who edit them: one store interface over
//! SQLite and PostgreSQL.
//!
//! A programme is stored as the text of the file it came from, its lossless form; the core
//! (`convene_core::load`) reads it back into a [`convene_core::Programme`]. Each event has a
//! private draft that organisers save revision by revision ([`Store::save_draft`]); publishing it
//! ([`Store::publish`]) makes a new numbered version (1, 2, 3…) with a note, and that version
//! becomes the event's current programme; older versions stay readable. An import does both at
//! once. Organiser accounts, their login sessions and password links, failed logins and an audit
//! log live here too, so that any node can serve any request.
//!
//! The same SQL runs on both databases through sqlx's `Any` driver (see `migrations/`), and no SQL
//! lives outside this crate.
//!
//! ```no_run
//! # async fn run(programme: &convene_core::Checked) -> Result<(), convene_store::StoreError> {
//! let store = convene_store::Store::connect("convene.db").await?;
//! store.migrate().await?;
//! let version = store.import_programme(programme, jiff::Timestamp::now()).await?;
//! let current = store.current_programme("izmir-2021").await?;
//! assert_eq!(current.map(|p| p.version), Some(version));
//! # Ok(()) }
//! ```

mod announcements;
mod audit;
mod calendars;
mod connect;
mod database_url;
mod drafts;
mod error;
mod event_roles;
mod events;
mod housekeeping;
mod jobs;
mod joining;
mod login_failures;
mod login_sessions;
mod migrations;
mod notifications;
mod outbox;
mod participants;
mod password_tokens;
mod programmes;
mod publishing;
mod roster;
mod seats;
mod stored;
#[cfg(test)]
mod test_support;
mod unit;
mod users;
mod writer;

use sqlx::{Any, AnyPool, Transaction};

pub use announcements::{SEND_ANNOUNCEMENT, StoredAnnouncement};
pub use audit::AuditEntry;
pub use calendars::{Held, HeldVersion};
pub use drafts::{Draft, DraftSummary};
pub use error::{RESERVED_EVENT_ID, StoreError};
pub use events::EventSummary;
pub use jobs::{ClaimedJob, JobRecord, JobState, NewJob};
pub use joining::{
    Attendance, Attended, Concerned, JoinTicket, REMINDER_CANCELLED, REMINDER_DAY_BEFORE,
    REMINDER_SHORTLY_BEFORE, ToRemind,
};
pub use notifications::Publications;
pub use outbox::{Attachment, DELIVER_EMAIL, Delivery, OutgoingEmail, SentVia, StoredEmail};
pub use participants::{MessageToParticipant, Participant};
pub use programmes::{StoredProgramme, VersionSummary};
pub use publishing::{CHANGE_NOTICES, IMPORT_NOTE, NewVersion, PUBLICATIONS_CHANNEL, Publication};
pub use roster::{Move, Moved, RosterEntry, RosterFilter, StateCount};
pub use seats::{
    EXPIRE_OFFER, InvitationCode, Offer, OfferEnd, Outcome, Registration, RegistrationRecord,
    TargetSeats, token_hash,
};
pub use unit::UnitOfWork;
pub use users::{Role, UnknownRole, User, UserId};
pub use writer::machine_cores;

/// The programmes of every event and the organisers' accounts, in a SQLite file or a PostgreSQL
/// database.
///
/// Cloning is cheap: clones share one pool of connections.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    /// On SQLite, the one connection writes take turns on; `None` on PostgreSQL.
    writes: Option<AnyPool>,
    backend: Backend,
    /// Where the database is, for the one connection that listens for publications.
    url: notifications::Secret,
    /// The database file, on SQLite.
    sqlite_file: Option<std::sync::Arc<std::path::Path>>,
    /// On SQLite, the turn of this process's writers: one at a time asks SQLite for the write
    /// lock, the others wait here without holding a connection of the pool.
    writers: Option<std::sync::Arc<tokio::sync::Mutex<()>>>,
}

/// This process's turn to write to SQLite, held until the transaction ends.
pub(crate) type WriteTurn = Option<tokio::sync::OwnedMutexGuard<()>>;

/// The kind of database behind a [`Store`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// A SQLite file: no set-up, one machine.
    Sqlite,
    /// A PostgreSQL server: for several application nodes.
    Postgres,
}

impl Store {
    /// The kind of database this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The SQLite file the store keeps its data in; `None` on PostgreSQL.
    pub fn sqlite_file(&self) -> Option<&std::path::Path> {
        self.sqlite_file.as_deref()
    }

    /// Closes every connection, waiting for the ones in use to come back.
    pub async fn close(&self) {
        if let Some(writes) = &self.writes {
            writes.close().await;
        }
        self.pool.close().await;
    }

    /// Waits for this process's turn to write, on SQLite: the writers of one process queue here,
    /// in order of arrival, and each is let in as soon as the one before has finished, instead of
    /// all of them holding a connection and polling SQLite's lock (which sleeps between tries
    /// and would leave no connection for reading). It waits up to the busy timeout, as SQLite
    /// would. Writers of other processes still queue on SQLite's lock.
    pub(crate) async fn write_turn(&self) -> Result<WriteTurn, StoreError> {
        let Some(writers) = &self.writers else {
            return Ok(None);
        };
        match tokio::time::timeout(
            connect::BUSY_TIMEOUT,
            std::sync::Arc::clone(writers).lock_owned(),
        )
        .await
        {
            Ok(turn) => Ok(Some(turn)),
            Err(_) => Err(StoreError::Busy {
                source: sqlx::Error::PoolTimedOut,
            }),
        }
    }

    /// Starts a transaction that writes; the caller holds its [`Store::write_turn`] until it ends.
    ///
    /// On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so two writers queue for up
    /// to the busy timeout instead of one failing when it finds its snapshot out of date. On
    /// PostgreSQL writers queue on the rows they change.
    async fn begin_write(
        &self,
        action: impl FnOnce() -> String,
    ) -> Result<Transaction<'static, Any>, StoreError> {
        let begun = match self.backend {
            Backend::Sqlite => {
                let writes = self.writes.as_ref().unwrap_or(&self.pool);
                writes.begin_with("BEGIN IMMEDIATE").await
            }
            Backend::Postgres => self.pool.begin().await,
        };
        begun.map_err(|e| StoreError::failed(self.backend, action(), e))
    }
}
