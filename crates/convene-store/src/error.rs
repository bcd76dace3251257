//! What can go wrong in the store, said so that a person can act on it.
//!
//! Messages never quote SQL or the database's own wording of a failure; the database's error stays
//! reachable through [`std::error::Error::source`] for the log.

use std::fmt;

use crate::Backend;

/// The one identifier no event may have: `/organiser/events/new` is the page that creates events.
pub const RESERVED_EVENT_ID: &str = "new";

/// Refuses to store an event under [`RESERVED_EVENT_ID`].
pub(crate) fn refuse_reserved(event_id: &str) -> Result<(), StoreError> {
    if event_id == RESERVED_EVENT_ID {
        Err(StoreError::ReservedEventId)
    } else {
        Ok(())
    }
}

/// A failure of the store.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// The text given as the database's location is not one this program can use.
    BadUrl {
        /// The URL as given, with any password hidden.
        url: String,
        /// What is wrong with it and what would be right.
        reason: String,
    },
    /// The database could not be opened or reached.
    CannotOpen {
        /// The URL as given, with any password hidden.
        url: String,
        /// Why, in words that point at a fix.
        reason: String,
        source: Option<sqlx::Error>,
    },
    /// A migration failed and was rolled back; the migrations before it stay applied.
    MigrationFailed {
        number: i64,
        name: &'static str,
        source: sqlx::Error,
    },
    /// The database was migrated by a newer version of this program.
    DatabaseNewer {
        /// The newest migration applied to the database.
        database: i64,
        /// The newest migration this program knows.
        program: i64,
    },
    /// Another write to the same event happened at the same moment and won.
    Conflict {
        event_id: String,
        source: sqlx::Error,
    },
    /// An organiser account with this email exists already (emails are compared ignoring case).
    EmailTaken {
        /// The email, lower-cased as stored.
        email: String,
    },
    /// No organiser account has this identifier.
    UnknownUser { user_id: String },
    /// A draft save named a revision that is no longer the draft's: someone saved in between.
    /// Nothing was changed.
    StaleDraft {
        event_id: String,
        /// The revision the save was based on; `None` for a save that expected no draft yet.
        expected_revision: Option<i64>,
        /// The draft's revision now; `None` if the event has no draft.
        current_revision: Option<i64>,
    },
    /// Publishing an event that has no draft.
    NoDraft { event_id: String },
    /// Creating an event under an identifier another event has, published or not. Nothing was
    /// changed.
    EventExists { event_id: String },
    /// Storing an event under [`RESERVED_EVENT_ID`], the word of the address of the page that
    /// creates events. Nothing was changed.
    ReservedEventId,
    /// The operating system gave no random bytes for a new identifier.
    NoRandomness { source: std::io::Error },
    /// Another writer kept the database locked for longer than the store waits.
    Busy { source: sqlx::Error },
    /// A stored value does not read back as what the store wrote.
    Corrupt {
        /// What was read, and where.
        what: String,
    },
    /// Lowering a target's capacity below the seats its registrations hold. Nothing was changed.
    CapacityBelowHeld {
        target: String,
        capacity: u32,
        held: u32,
    },
    /// Any other failure of the database while the store did something.
    Failed {
        /// What the store was doing, e.g. "reading the list of events".
        action: String,
        source: sqlx::Error,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::BadUrl { url, reason } => {
                write!(f, "cannot use \"{url}\" as the database: {reason}")
            }
            StoreError::CannotOpen { url, reason, .. } => {
                write!(f, "cannot open the database at {url}: {reason}")
            }
            StoreError::MigrationFailed { number, name, .. } => write!(
                f,
                "migration {number} ({name}) failed and was rolled back; the database stays at \
                 migration {}, and the log has the database's reason",
                number - 1
            ),
            StoreError::DatabaseNewer { database, program } => write!(
                f,
                "the database is at migration {database}, but this program knows migrations up to \
                 {program} only; run a newer convene, or point this one at another database"
            ),
            StoreError::Conflict { event_id, .. } => write!(
                f,
                "another change to event \"{event_id}\" was stored at the same moment; \
                 import the file again to store it as the next version"
            ),
            StoreError::EmailTaken { email } => write!(
                f,
                "an organiser account with the email \"{email}\" exists already; give another \
                 email, or change the role of that account"
            ),
            StoreError::UnknownUser { user_id } => {
                write!(f, "there is no organiser account \"{user_id}\"")
            }
            StoreError::StaleDraft {
                event_id,
                expected_revision,
                current_revision,
            } => match (expected_revision, current_revision) {
                (None, Some(current)) => write!(
                    f,
                    "event \"{event_id}\" has a draft already (revision {current}); load it, \
                     make your changes again and save"
                ),
                (Some(expected), Some(current)) => write!(
                    f,
                    "the draft of event \"{event_id}\" was saved by someone else since revision \
                     {expected}, which you edited: it is at revision {current} now; load it, make \
                     your changes again and save"
                ),
                (_, None) => write!(
                    f,
                    "event \"{event_id}\" has no draft; save yours as a new draft"
                ),
            },
            StoreError::NoDraft { event_id } => write!(
                f,
                "event \"{event_id}\" has no draft to publish; save a draft first"
            ),
            StoreError::EventExists { event_id } => write!(
                f,
                "an event with the identifier \"{event_id}\" exists already; choose another \
                 identifier, or edit that event"
            ),
            StoreError::ReservedEventId => write!(
                f,
                "`{RESERVED_EVENT_ID}` is reserved for the page that creates events; choose \
                 another id"
            ),
            StoreError::NoRandomness { .. } => write!(
                f,
                "the operating system gave no random bytes for a new identifier; try again"
            ),
            StoreError::Busy { .. } => write!(
                f,
                "another writer kept the database locked for more than {} seconds; try again",
                crate::connect::BUSY_TIMEOUT.as_secs()
            ),
            StoreError::Corrupt { what } => write!(
                f,
                "the database holds {what}, which this program cannot read; was it changed by hand?"
            ),
            StoreError::CapacityBelowHeld {
                target,
                capacity,
                held,
            } => write!(
                f,
                "{held} registrations hold seats of {target}, more than the {capacity} asked for; \
                 cancel or move some first, or keep at least {held} seats"
            ),
            StoreError::Failed { action, .. } => write!(
                f,
                "the database failed while {action}; the log has the database's reason"
            ),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::CannotOpen { source, .. } => source
                .as_ref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
            StoreError::MigrationFailed { source, .. }
            | StoreError::Conflict { source, .. }
            | StoreError::Busy { source }
            | StoreError::Failed { source, .. } => Some(source),
            StoreError::NoRandomness { source } => Some(source),
            StoreError::BadUrl { .. }
            | StoreError::EmailTaken { .. }
            | StoreError::UnknownUser { .. }
            | StoreError::StaleDraft { .. }
            | StoreError::NoDraft { .. }
            | StoreError::EventExists { .. }
            | StoreError::ReservedEventId
            | StoreError::DatabaseNewer { .. }
            | StoreError::CapacityBelowHeld { .. }
            | StoreError::Corrupt { .. } => None,
        }
    }
}

impl StoreError {
    /// Wraps a database error met while doing `action`, telling a lock held too long apart from
    /// other failures.
    pub(crate) fn failed(backend: Backend, action: impl Into<String>, source: sqlx::Error) -> Self {
        if is_busy(backend, &source) {
            StoreError::Busy { source }
        } else {
            StoreError::Failed {
                action: action.into(),
                source,
            }
        }
    }
}

/// Whether the database refused because another writer holds a lock (SQLite's BUSY and LOCKED,
/// with their extended codes).
fn is_busy(backend: Backend, error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    match backend {
        Backend::Sqlite => db
            .code()
            .and_then(|code| code.parse::<i32>().ok())
            .is_some_and(|code| matches!(code & 0xff, 5 | 6)),
        // lock_not_available (raised only with NOWAIT or lock_timeout)
        Backend::Postgres => db.code().is_some_and(|code| code == "55P03"),
    }
}

/// Whether a write lost a race against a concurrent one: a duplicate key, or PostgreSQL giving up
/// on a serialization failure or a deadlock.
pub(crate) fn is_conflict(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    db.is_unique_violation()
        || db
            .code()
            .is_some_and(|code| code == "40001" || code == "40P01")
}

/// Whether a write named a row of another table that does not exist.
pub(crate) fn is_missing_reference(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    db.kind() == sqlx::error::ErrorKind::ForeignKeyViolation
}

/// Whether a write clashed with a unique key.
pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    db.is_unique_violation()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_to_do_without_quoting_the_database() {
        let cases = [
            (
                StoreError::DatabaseNewer {
                    database: 7,
                    program: 1,
                },
                "the database is at migration 7, but this program knows migrations up to 1 only; \
                 run a newer convene, or point this one at another database",
            ),
            (
                StoreError::MigrationFailed {
                    number: 2,
                    name: "drafts",
                    source: sqlx::Error::Protocol("syntax error at or near \"TABEL\"".into()),
                },
                "migration 2 (drafts) failed and was rolled back; the database stays at \
                 migration 1, and the log has the database's reason",
            ),
            (
                StoreError::Conflict {
                    event_id: "izmir-2021".into(),
                    source: sqlx::Error::RowNotFound,
                },
                "another change to event \"izmir-2021\" was stored at the same moment; \
                 import the file again to store it as the next version",
            ),
            (
                StoreError::Corrupt {
                    what: "the instant 99999999999999 (unix seconds) as the time version 3 of \
                           \"izmir-2021\" was stored"
                        .into(),
                },
                "the database holds the instant 99999999999999 (unix seconds) as the time version 3 of \
                 \"izmir-2021\" was stored, which this program cannot read; was it changed by hand?",
            ),
            (
                StoreError::EmailTaken {
                    email: "ayse@example.org".into(),
                },
                "an organiser account with the email \"ayse@example.org\" exists already; give \
                 another email, or change the role of that account",
            ),
            (
                StoreError::UnknownUser {
                    user_id: "0f3a".into(),
                },
                "there is no organiser account \"0f3a\"",
            ),
            (
                StoreError::StaleDraft {
                    event_id: "izmir-2021".into(),
                    expected_revision: Some(3),
                    current_revision: Some(5),
                },
                "the draft of event \"izmir-2021\" was saved by someone else since revision 3, \
                 which you edited: it is at revision 5 now; load it, make your changes again and \
                 save",
            ),
            (
                StoreError::StaleDraft {
                    event_id: "izmir-2021".into(),
                    expected_revision: None,
                    current_revision: Some(1),
                },
                "event \"izmir-2021\" has a draft already (revision 1); load it, make your \
                 changes again and save",
            ),
            (
                StoreError::StaleDraft {
                    event_id: "izmir-2021".into(),
                    expected_revision: Some(2),
                    current_revision: None,
                },
                "event \"izmir-2021\" has no draft; save yours as a new draft",
            ),
            (
                StoreError::NoDraft {
                    event_id: "izmir-2021".into(),
                },
                "event \"izmir-2021\" has no draft to publish; save a draft first",
            ),
            (
                StoreError::EventExists {
                    event_id: "izmir-2021".into(),
                },
                "an event with the identifier \"izmir-2021\" exists already; choose another \
                 identifier, or edit that event",
            ),
            (
                StoreError::ReservedEventId,
                "`new` is reserved for the page that creates events; choose another id",
            ),
            (
                StoreError::Busy {
                    source: sqlx::Error::PoolTimedOut,
                },
                "another writer kept the database locked for more than 5 seconds; try again",
            ),
            (
                StoreError::Failed {
                    action: "reading the list of events".into(),
                    source: sqlx::Error::PoolTimedOut,
                },
                "the database failed while reading the list of events; the log has the \
                 database's reason",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(error.to_string(), expected, "{error:?}");
        }
    }

    #[test]
    fn the_database_reason_stays_reachable_for_the_log() {
        let error = StoreError::Failed {
            action: "reading the list of events".into(),
            source: sqlx::Error::PoolClosed,
        };
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(
            source.as_deref(),
            Some("attempted to acquire a connection on a closed pool")
        );
    }
}
