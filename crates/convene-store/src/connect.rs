//! Opening the database: the pool of connections, SQLite's settings on every one of them, and
//! failures to connect said in words that point at a fix.

use std::io::ErrorKind;
use std::path::Path;
use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

use crate::database_url::DatabaseUrl;
use crate::{Backend, Store, StoreError};

/// How long SQLite waits for another writer's lock before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long opening a connection may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request waits for a free connection of the pool.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

const MAX_CONNECTIONS: u32 = 10;

impl Store {
    /// Opens the database at `url`.
    ///
    /// `url` is `sqlite://path/to/convene.db` or a bare path such as `convene.db` (the file is
    /// created if missing; its folder must exist) or `postgres://user@host:port/database`. SQLite
    /// connections use the WAL journal, enforce foreign keys and wait up to 5 seconds for a lock.
    ///
    /// One connection is opened at once, so a wrong URL, an unreachable server or a refused login
    /// fail here, with the URL (password hidden) and the reason in the message.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let url = DatabaseUrl::parse(url)?;
        if let Some(file) = &url.sqlite_file {
            check_folder_exists(file, &url)?;
        }
        let options: AnyConnectOptions =
            url.connect
                .parse()
                .map_err(|e: sqlx::Error| StoreError::BadUrl {
                    url: url.shown.clone(),
                    reason: format!("it is not a valid URL ({})", source_text(&e)),
                })?;
        let backend = url.backend;

        // The pool retries a refused connection until its timeout and then reports only that it
        // timed out; a first connection of our own keeps the reason.
        let mut first = match tokio::time::timeout(CONNECT_TIMEOUT, options.connect()).await {
            Ok(Ok(connection)) => connection,
            Ok(Err(e)) => return Err(cannot_open(&url, e)),
            Err(_) => {
                return Err(StoreError::CannotOpen {
                    url: url.shown.clone(),
                    reason: format!(
                        "no answer within {} seconds; check the host name, the port and any firewall",
                        CONNECT_TIMEOUT.as_secs()
                    ),
                    source: None,
                });
            }
        };
        let prepared = prepare(&mut first, backend).await;
        let _ = first.close().await;
        prepared.map_err(|e| cannot_open(&url, e))?;

        // A SQLite file is never unreachable: a connection taken from the pool is used without
        // a round trip to test it first.
        let local = backend == Backend::Sqlite;
        let pool = AnyPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .test_before_acquire(!local)
            .after_connect(move |connection, _| Box::pin(prepare(connection, backend)))
            .connect_lazy_with(options.clone());
        // On SQLite, writes take turns on one connection of their own, opened from the writers'
        // thread (so that its thread in sqlx starts where theirs runs) and kept for good.
        let writes = local.then(|| {
            AnyPoolOptions::new()
                .max_connections(1)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .test_before_acquire(false)
                .idle_timeout(None)
                .max_lifetime(None)
                .after_connect(move |connection, _| Box::pin(prepare(connection, backend)))
                .connect_lazy_with(options)
        });
        if let Some(writes) = &writes {
            crate::writer::open_on_writers_thread(writes).await;
        }
        Ok(Store {
            pool,
            writes,
            backend,
            url: crate::notifications::Secret::new(&url.connect),
            sqlite_file: url.sqlite_file.as_deref().map(std::sync::Arc::from),
            writers: (backend == Backend::Sqlite)
                .then(|| std::sync::Arc::new(tokio::sync::Mutex::new(()))),
        })
    }
}

/// Settings every new connection gets before the pool hands it out.
async fn prepare(connection: &mut AnyConnection, backend: Backend) -> Result<(), sqlx::Error> {
    match backend {
        Backend::Sqlite => {
            let pragmas = format!(
                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {};",
                BUSY_TIMEOUT.as_millis()
            );
            sqlx::raw_sql(AssertSqlSafe(pragmas))
                .execute(connection)
                .await
                .map(drop)
        }
        Backend::Postgres => Ok(()),
    }
}

fn check_folder_exists(file: &Path, url: &DatabaseUrl) -> Result<(), StoreError> {
    let Some(folder) = file.parent().filter(|f| !f.as_os_str().is_empty()) else {
        return Ok(());
    };
    if folder.is_dir() {
        return Ok(());
    }
    Err(StoreError::CannotOpen {
        url: url.shown.clone(),
        reason: format!(
            "the folder {} does not exist; create it, or give a file in an existing folder",
            folder.display()
        ),
        source: None,
    })
}

fn cannot_open(url: &DatabaseUrl, error: sqlx::Error) -> StoreError {
    let reason = match &error {
        sqlx::Error::Configuration(_) => {
            return StoreError::BadUrl {
                url: url.shown.clone(),
                reason: format!("it is not a valid URL ({})", source_text(&error)),
            };
        }
        sqlx::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
            "nothing answers there (connection refused); is the PostgreSQL server running, \
             and on that host and port?"
                .to_owned()
        }
        sqlx::Error::Io(io) => format!("the connection failed ({io})"),
        sqlx::Error::Tls(tls) => format!("the TLS connection failed ({tls})"),
        sqlx::Error::Database(db) => match (url.backend, db.code().as_deref()) {
            (Backend::Postgres, Some("3D000")) => format!(
                "{}; create it (createdb), or name an existing database in the URL",
                db.message()
            ),
            (Backend::Postgres, Some("28P01" | "28000")) => format!(
                "the server refused the login ({}); check the user name and password",
                db.message()
            ),
            (Backend::Sqlite, _) => format!(
                "SQLite cannot use the file ({}); check that it is a SQLite database and that \
                 this user may read and write it and its folder",
                db.message()
            ),
            _ => db.message().to_owned(),
        },
        other => other.to_string(),
    };
    StoreError::CannotOpen {
        url: url.shown.clone(),
        reason,
        source: Some(error),
    }
}

/// The innermost text of a configuration error, without sqlx's prefix.
fn source_text(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Configuration(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use crate::test_support::TempDir;
    use crate::{Backend, Store};

    #[tokio::test]
    async fn every_pooled_sqlite_connection_has_wal_foreign_keys_and_a_busy_timeout() {
        let dir = TempDir::new();
        let store = Store::connect(&dir.file("convene.db"))
            .await
            .expect("opens");
        assert_eq!(store.backend(), Backend::Sqlite);

        // Hold several connections at once so the pool has to open each of them.
        let mut connections = Vec::new();
        for _ in 0..4 {
            connections.push(store.pool.acquire().await.expect("a connection"));
        }
        for connection in &mut connections {
            let journal: String = sqlx::query("PRAGMA journal_mode")
                .fetch_one(&mut **connection)
                .await
                .expect("reads the journal mode")
                .get(0);
            let foreign_keys: i64 = sqlx::query("PRAGMA foreign_keys")
                .fetch_one(&mut **connection)
                .await
                .expect("reads the foreign keys setting")
                .get(0);
            let busy_timeout: i64 = sqlx::query("PRAGMA busy_timeout")
                .fetch_one(&mut **connection)
                .await
                .expect("reads the busy timeout")
                .get(0);
            assert_eq!(
                (journal.as_str(), foreign_keys, busy_timeout),
                ("wal", 1, 5000)
            );
        }
        drop(connections);
        store.close().await;
    }

    #[tokio::test]
    async fn sqlite_refuses_a_version_of_an_event_that_does_not_exist() {
        let dir = TempDir::new();
        let store = Store::connect(&dir.file("convene.db"))
            .await
            .expect("opens");
        store.migrate().await.expect("migrates");

        let mut connections = Vec::new();
        for _ in 0..3 {
            connections.push(store.pool.acquire().await.expect("a connection"));
        }
        for connection in &mut connections {
            let inserted = sqlx::query(
                "INSERT INTO programme_versions (event_id, number, source, stored_at) \
                 VALUES ('no-such-event', 1, '', 0)",
            )
            .execute(&mut **connection)
            .await;
            let refused_as = match inserted {
                Err(sqlx::Error::Database(db)) => Some(db.kind()),
                _ => None,
            };
            assert_eq!(
                refused_as,
                Some(sqlx::error::ErrorKind::ForeignKeyViolation),
                "a version whose event is missing must be refused on every connection"
            );
        }
        drop(connections);
        store.close().await;
    }
}
