//! A fresh, migrated database per test case, on SQLite and on PostgreSQL.
//!
//! SQLite gets a new file in a new temporary folder. PostgreSQL gets a new database
//! `convene_test_<random>` on the server named by `CONVENE_TEST_POSTGRES_URL` (for instance
//! `postgres://convene@127.0.0.1:5432/postgres`, a role allowed to create databases), dropped when
//! the case ends. Without that variable the PostgreSQL half is skipped with a notice, unless
//! `CONVENE_REQUIRE_POSTGRES=1` asks for it, which turns the absence into a failure.
//! `scripts/with-postgres` provides a throwaway server.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Once;

use convene_store::{Backend, Store};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

pub const POSTGRES_URL_VARIABLE: &str = "CONVENE_TEST_POSTGRES_URL";
pub const REQUIRE_POSTGRES_VARIABLE: &str = "CONVENE_REQUIRE_POSTGRES";

/// What a test case gets: a migrated store and the URL it was opened with.
pub struct Fresh {
    pub store: Store,
    pub url: String,
    pub backend: Backend,
}

/// Runs `case` once on a fresh migrated SQLite database and once on a fresh migrated PostgreSQL
/// database (when a server is available); a failure names the backend it happened on.
pub async fn on_each_backend<F, Fut>(case: F)
where
    F: Fn(Fresh) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    for backend in backends() {
        let database = FreshDatabase::create(backend).await;
        let outcome = match open_and_migrate(&database.url).await {
            Ok(store) => {
                let fresh = Fresh {
                    store: store.clone(),
                    url: database.url.clone(),
                    backend,
                };
                let outcome = isolated(case(fresh)).await;
                store.close().await;
                outcome
            }
            Err(error) => Err(Box::new(error) as Panic),
        };
        database.remove().await;
        fail_on(backend, outcome);
    }
}

/// Runs `case` with the URL of a fresh, empty (not migrated) database of each backend.
pub async fn on_each_empty_database<F, Fut>(case: F)
where
    F: Fn(Backend, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    for backend in backends() {
        let database = FreshDatabase::create(backend).await;
        let outcome = isolated(case(backend, database.url.clone())).await;
        database.remove().await;
        fail_on(backend, outcome);
    }
}

type Panic = Box<dyn std::any::Any + Send>;

async fn open_and_migrate(url: &str) -> Result<Store, String> {
    let store = Store::connect(url)
        .await
        .map_err(|e| format!("cannot open the test database: {e}"))?;
    store
        .migrate()
        .await
        .map_err(|e| format!("cannot migrate the test database: {e}"))?;
    Ok(store)
}

/// Runs a case in a task of its own, so that a panic comes back as a value and the database
/// can still be removed.
async fn isolated(case: impl Future<Output = ()> + Send + 'static) -> Result<(), Panic> {
    tokio::spawn(case).await.map_err(|error| {
        if error.is_panic() {
            error.into_panic()
        } else {
            Box::new("the case was cancelled") as Panic
        }
    })
}

fn fail_on(backend: Backend, outcome: Result<(), Panic>) {
    if let Err(panic) = outcome {
        eprintln!("the case failed on {backend:?}");
        std::panic::resume_unwind(panic);
    }
}

/// The backends to test on: SQLite always, PostgreSQL when a server is named.
pub fn backends() -> Vec<Backend> {
    match postgres_admin_url() {
        Some(_) => vec![Backend::Sqlite, Backend::Postgres],
        None => vec![Backend::Sqlite],
    }
}

/// The server to create test databases on, from `CONVENE_TEST_POSTGRES_URL`.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var(POSTGRES_URL_VARIABLE) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var(REQUIRE_POSTGRES_VARIABLE).as_deref() == Ok("1") => panic!(
            "{REQUIRE_POSTGRES_VARIABLE}=1 but {POSTGRES_URL_VARIABLE} is not set: run the tests \
             through scripts/with-postgres, or set {POSTGRES_URL_VARIABLE} to a PostgreSQL URL \
             whose role may create databases"
        ),
        _ => {
            static NOTICE: Once = Once::new();
            NOTICE.call_once(|| {
                // Straight to stderr, past the test harness's capture, so it shows on success too.
                let _ = writeln!(
                    std::io::stderr(),
                    "\n*** NOTICE: {POSTGRES_URL_VARIABLE} is not set, so the store's tests run on \
                     SQLite ONLY and skip PostgreSQL.\n*** Run them through scripts/with-postgres \
                     (with {REQUIRE_POSTGRES_VARIABLE}=1 to make this a failure).\n"
                );
            });
            None
        }
    }
}

/// A database made for one test case.
pub struct FreshDatabase {
    pub url: String,
    place: Place,
}

enum Place {
    Folder(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl FreshDatabase {
    pub async fn create(backend: Backend) -> FreshDatabase {
        match backend {
            Backend::Sqlite => {
                let folder = temp_folder();
                FreshDatabase {
                    url: format!("sqlite://{}", folder.join("convene.db").display()),
                    place: Place::Folder(folder),
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url().expect("a PostgreSQL server is named");
                let name = format!("convene_test_{:016x}", random());
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach the PostgreSQL test server: {e}"));
                sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut admin)
                    .await
                    .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
                let _ = admin.close().await;
                FreshDatabase {
                    url: with_database(&admin_url, &name),
                    place: Place::Postgres { admin_url, name },
                }
            }
        }
    }

    pub async fn remove(self) {
        match self.place {
            Place::Folder(folder) => {
                let _ = std::fs::remove_dir_all(folder);
            }
            Place::Postgres { admin_url, name } => {
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach the PostgreSQL test server: {e}"));
                sqlx::raw_sql(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await
                .unwrap_or_else(|e| panic!("cannot drop the test database {name}: {e}"));
                let _ = admin.close().await;
            }
        }
    }
}

/// A new empty folder under the system's temporary folder.
pub fn temp_folder() -> PathBuf {
    let folder = std::env::temp_dir().join(format!("convene-store-test-{:016x}", random()));
    std::fs::create_dir_all(&folder).expect("creates a temporary folder");
    folder
}

fn random() -> u64 {
    RandomState::new().hash_one(std::time::SystemTime::now())
}

/// `postgres://user@host:port/postgres?x=y` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL with a scheme");
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let query = tail.find('?').map_or("", |at| &tail[at..]);
    format!("{scheme}://{authority}/{name}{query}")
}

/// `postgres://someone:pw@host:port/db` with its user replaced by `user` and no password.
pub fn with_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL with a scheme");
    let host_and_rest = rest.split_once('@').map_or(rest, |(_, after)| after);
    format!("{scheme}://{user}@{host_and_rest}")
}
