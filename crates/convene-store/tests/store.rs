//! The store's behaviour, every case on a fresh SQLite file and on a fresh PostgreSQL database.

mod support;

// The organiser side, in files of their own within this one test binary.
#[path = "store/accounts.rs"]
mod accounts;
#[path = "store/calendars.rs"]
mod calendars;
#[path = "store/drafts.rs"]
mod drafts;
#[path = "store/jobs.rs"]
mod jobs;
#[path = "store/joining.rs"]
mod joining;
#[path = "store/new_events.rs"]
mod new_events;
#[path = "store/outbox.rs"]
mod outbox;
#[path = "store/registrations.rs"]
mod registrations;
#[path = "store/roster.rs"]
mod roster;

use convene_core::{CheckOptions, Checked, Language, Programme, Slug};
use convene_store::{Backend, EventSummary, IMPORT_NOTE, Store, StoreError, VersionSummary};
use jiff::Timestamp;

use support::{Fresh, FreshDatabase, on_each_backend, on_each_empty_database};

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");

fn programme(source: &str) -> Programme {
    checked(source).into_programme()
}

/// A programme file that passes every check, as the store takes it.
fn checked(source: &str) -> Checked {
    Checked::load(source, &CheckOptions::default())
        .unwrap_or_else(|rejected| panic!("the test programme must load: {rejected:?}"))
}

/// The Izmir programme under another identifier and name: a second event.
fn montreal_source() -> String {
    IZMIR
        .replacen("id = \"izmir-2021\"", "id = \"montreal-2015\"", 1)
        .replacen(
            "name.fr = \"3e Sommet international des maires sur le vivre-ensemble\"",
            "name.fr = \"Sommet international du vivre-ensemble\"",
            1,
        )
}

/// The Izmir programme with a comment line added: another revision of the same event.
fn izmir_revision(n: u32) -> String {
    format!("{IZMIR}# revision {n}\n")
}

fn at(instant: &str) -> Timestamp {
    instant.parse().expect("a valid instant")
}

fn slug(id: &str) -> Slug {
    Slug::parse(id).expect("a valid identifier")
}

async fn import(store: &Store, source: &str, instant: &str) -> i64 {
    store
        .import_programme(&checked(source), at(instant))
        .await
        .unwrap_or_else(|e| panic!("the import must succeed: {e}"))
}

#[tokio::test]
async fn migrating_again_changes_nothing() {
    on_each_backend(|Fresh { store, url, .. }| async move {
        import(&store, IZMIR, "2021-11-01T09:00:00Z").await;

        store
            .migrate()
            .await
            .expect("a second migration is a no-op");
        let other_node = Store::connect(&url).await.expect("opens the same database");
        other_node
            .migrate()
            .await
            .expect("a third migration, from another pool, too");
        other_node.close().await;

        assert_eq!(store.versions("izmir-2021").await.expect("reads").len(), 1);
        assert_eq!(store.change_marker().await.expect("reads"), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nodes_migrating_one_database_at_once_apply_each_migration_once() {
    on_each_empty_database(|_, url| async move {
        let mut nodes = Vec::new();
        for _ in 0..4 {
            nodes.push(Store::connect(&url).await.expect("opens"));
        }
        let migrations: Vec<_> = nodes
            .iter()
            .cloned()
            .map(|node| tokio::spawn(async move { node.migrate().await }))
            .collect();
        for migration in migrations {
            let outcome = migration.await.expect("the migration task does not panic");
            assert!(outcome.is_ok(), "every node migrates: {outcome:?}");
        }

        assert_eq!(import(&nodes[0], IZMIR, "2021-11-01T09:00:00Z").await, 1);
        assert_eq!(nodes[1].change_marker().await.expect("reads"), 1);
        for node in nodes {
            node.close().await;
        }
    })
    .await;
}

#[tokio::test]
async fn each_import_is_the_next_version_and_the_newest_is_current() {
    on_each_backend(|Fresh { store, .. }| async move {
        let first = import(&store, &izmir_revision(1), "2021-11-01T09:00:00Z").await;
        let second = import(&store, &izmir_revision(2), "2021-11-15T09:00:00Z").await;
        let third = import(&store, &izmir_revision(3), "2021-12-01T09:00:00Z").await;
        assert_eq!((first, second, third), (1, 2, 3));

        let current = store
            .current_programme("izmir-2021")
            .await
            .expect("reads")
            .expect("the event has a programme");
        assert_eq!(
            (current.event_id, current.version, current.stored_at),
            (slug("izmir-2021"), 3, at("2021-12-01T09:00:00Z"))
        );
        assert_eq!(current.source, izmir_revision(3));

        for (version, stored_at) in [(1, "2021-11-01T09:00:00Z"), (2, "2021-11-15T09:00:00Z")] {
            let older = store
                .programme_version("izmir-2021", version)
                .await
                .expect("reads")
                .unwrap_or_else(|| panic!("version {version} stays readable"));
            assert_eq!(
                (older.version, older.stored_at, older.source.as_str()),
                (
                    version,
                    at(stored_at),
                    izmir_revision(version as u32).as_str()
                )
            );
        }

        assert_eq!(
            store.versions("izmir-2021").await.expect("reads"),
            vec![
                VersionSummary {
                    number: 3,
                    stored_at: at("2021-12-01T09:00:00Z"),
                    note: IMPORT_NOTE.into(),
                    published_by: None,
                },
                VersionSummary {
                    number: 2,
                    stored_at: at("2021-11-15T09:00:00Z"),
                    note: IMPORT_NOTE.into(),
                    published_by: None,
                },
                VersionSummary {
                    number: 1,
                    stored_at: at("2021-11-01T09:00:00Z"),
                    note: IMPORT_NOTE.into(),
                    published_by: None,
                },
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn events_lists_each_event_with_its_current_version_and_source_name() {
    on_each_backend(|Fresh { store, .. }| async move {
        assert_eq!(store.events().await.expect("reads"), vec![]);

        import(&store, &izmir_revision(1), "2021-11-01T09:00:00Z").await;
        import(&store, &montreal_source(), "2021-11-02T09:00:00Z").await;
        import(&store, &izmir_revision(2), "2021-11-03T09:00:00Z").await;

        assert_eq!(
            store.events().await.expect("reads"),
            vec![
                EventSummary {
                    id: slug("izmir-2021"),
                    name: "3e Sommet international des maires sur le vivre-ensemble".into(),
                    source_language: Language::parse("fr").expect("valid"),
                    current_version: 2,
                    updated_at: at("2021-11-03T09:00:00Z"),
                },
                EventSummary {
                    id: slug("montreal-2015"),
                    name: "Sommet international du vivre-ensemble".into(),
                    source_language: Language::parse("fr").expect("valid"),
                    current_version: 1,
                    updated_at: at("2021-11-02T09:00:00Z"),
                },
            ]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_imports_of_one_event_take_turns_and_get_consecutive_numbers() {
    on_each_backend(|Fresh { store, url, .. }| async move {
        // Two pools on one database, as two application nodes would have.
        let other_node = Store::connect(&url).await.expect("opens the same database");
        let mut imports = Vec::new();
        for n in 0..8 {
            let node = if n % 2 == 0 {
                store.clone()
            } else {
                other_node.clone()
            };
            imports.push(tokio::spawn(async move {
                let source = izmir_revision(n);
                node.import_programme(&checked(&source), at("2021-11-01T09:00:00Z"))
                    .await
            }));
        }
        let mut numbers = Vec::new();
        for import in imports {
            match import.await.expect("the import task does not panic") {
                Ok(number) => numbers.push(number),
                Err(error) => panic!("a concurrent import must wait its turn, not fail: {error}"),
            }
        }
        other_node.close().await;

        numbers.sort_unstable();
        assert_eq!(
            numbers,
            (1..=8).collect::<Vec<i64>>(),
            "distinct, consecutive numbers"
        );
        let stored: Vec<i64> = store
            .versions("izmir-2021")
            .await
            .expect("reads")
            .into_iter()
            .map(|v| v.number)
            .collect();
        assert_eq!(
            stored,
            (1..=8).rev().collect::<Vec<i64>>(),
            "one version per import"
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_event_or_version_reads_as_nothing() {
    on_each_backend(|Fresh { store, .. }| async move {
        import(&store, IZMIR, "2021-11-01T09:00:00Z").await;

        assert_eq!(
            store
                .current_programme("nowhere-2030")
                .await
                .expect("reads"),
            None
        );
        assert_eq!(
            store
                .programme_version("nowhere-2030", 1)
                .await
                .expect("reads"),
            None
        );
        assert_eq!(
            store
                .programme_version("izmir-2021", 2)
                .await
                .expect("reads"),
            None
        );
        assert_eq!(
            store
                .programme_version("izmir-2021", 0)
                .await
                .expect("reads"),
            None
        );
        assert_eq!(store.versions("nowhere-2030").await.expect("reads"), vec![]);
    })
    .await;
}

#[tokio::test]
async fn the_stored_source_round_trips_byte_for_byte() {
    on_each_backend(|Fresh { store, .. }| async move {
        // Line endings, tabs, trailing blanks and text beyond ASCII must all come back as written.
        let source = format!(
            "{}# çay ☕ — «guillemets»\t \r\n# 𝄞 outside the basic plane\n\n",
            IZMIR.replace('\n', "\r\n")
        );
        let original = programme(&source);
        import(&store, &source, "2021-11-01T09:00:00Z").await;

        let stored = store
            .current_programme("izmir-2021")
            .await
            .expect("reads")
            .expect("the event has a programme");

        assert_eq!(stored.source.as_bytes(), source.as_bytes());
        assert_eq!(programme(&stored.source), original);
    })
    .await;
}

#[tokio::test]
async fn the_change_marker_moves_with_every_import_and_only_then() {
    on_each_backend(|Fresh { store, .. }| async move {
        let before = store.change_marker().await.expect("reads");
        assert_eq!(
            store.change_marker().await.expect("reads"),
            before,
            "reads change nothing"
        );

        import(&store, IZMIR, "2021-11-01T09:00:00Z").await;
        let after_first = store.change_marker().await.expect("reads");
        import(&store, &montreal_source(), "2021-11-02T09:00:00Z").await;
        let after_second = store.change_marker().await.expect("reads");
        store.events().await.expect("reads");
        store.current_programme("izmir-2021").await.expect("reads");

        assert_eq!((after_first - before, after_second - after_first), (1, 1));
        assert_eq!(store.change_marker().await.expect("reads"), after_second);
    })
    .await;
}

#[tokio::test]
async fn the_store_says_which_backend_it_uses() {
    on_each_backend(|Fresh { store, backend, .. }| async move {
        assert_eq!(store.backend(), backend);
    })
    .await;
}

#[tokio::test]
async fn a_bare_path_opens_a_sqlite_file_and_creates_it() {
    let folder = support::temp_folder();
    let file = folder.join("convene.db");

    let store = Store::connect(&file.to_string_lossy())
        .await
        .expect("opens");
    store.migrate().await.expect("migrates");
    import(&store, IZMIR, "2021-11-01T09:00:00Z").await;
    store.close().await;

    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(file.is_file(), "the database file is created");
    let _ = std::fs::remove_dir_all(folder);
}

#[tokio::test]
async fn an_unreachable_postgres_server_is_named_with_the_reason() {
    let error = Store::connect("postgres://convene:s3cret@127.0.0.1:1/convene")
        .await
        .expect_err("nothing listens on port 1");

    assert_eq!(
        error.to_string(),
        "cannot open the database at postgres://convene:***@127.0.0.1:1/convene: nothing answers \
         there (connection refused); is the PostgreSQL server running, and on that host and port?"
    );
    assert!(matches!(error, StoreError::CannotOpen { .. }));
}

#[tokio::test]
async fn a_missing_postgres_database_is_named_with_how_to_create_it() {
    let Some(admin_url) = support::postgres_admin_url() else {
        return;
    };
    let database = FreshDatabase::create(Backend::Postgres).await;
    let missing = database.url.replace("convene_test_", "convene_missing_");
    database.remove().await;

    let error = Store::connect(&missing)
        .await
        .expect_err("no such database");

    let name = missing
        .rsplit('/')
        .next()
        .and_then(|tail| tail.split('?').next())
        .unwrap_or_default();
    assert_eq!(
        error.to_string(),
        format!(
            "cannot open the database at {missing}: database \"{name}\" does not exist; create it \
             (createdb), or name an existing database in the URL"
        ),
        "connecting through {admin_url}"
    );
}

#[tokio::test]
async fn a_sqlite_file_in_a_missing_folder_is_named_with_the_folder() {
    let folder = support::temp_folder();
    let missing = folder.join("no-such-folder");
    let url = format!("sqlite://{}/convene.db", missing.display());

    let error = Store::connect(&url)
        .await
        .expect_err("the folder is missing");

    assert_eq!(
        error.to_string(),
        format!(
            "cannot open the database at {url}: the folder {} does not exist; create it, or give \
             a file in an existing folder",
            missing.display()
        )
    );
    let _ = std::fs::remove_dir_all(folder);
}

#[tokio::test]
async fn a_file_that_is_not_a_sqlite_database_is_refused_with_the_reason() {
    let folder = support::temp_folder();
    let file = folder.join("programme.toml");
    std::fs::write(&file, IZMIR.repeat(2)).expect("writes a file");
    let url = file.to_string_lossy().into_owned();

    let error = Store::connect(&url).await.expect_err("not a database");

    assert_eq!(
        error.to_string(),
        format!(
            "cannot open the database at {url}: SQLite cannot use the file (file is not a \
             database); check that it is a SQLite database and that this user may read and write \
             it and its folder"
        )
    );
    let _ = std::fs::remove_dir_all(folder);
}

#[tokio::test]
async fn an_invalid_url_is_named_with_what_is_wrong() {
    let error = Store::connect("postgres://convene@[::1/convene")
        .await
        .expect_err("the host is cut short");

    assert_eq!(
        error.to_string(),
        "cannot use \"postgres://convene@[::1/convene\" as the database: it is not a valid URL \
         (invalid IPv6 address)"
    );
}

#[tokio::test]
async fn a_refused_postgres_login_is_named_with_the_reason() {
    let Some(admin_url) = support::postgres_admin_url() else {
        return;
    };
    let url = support::with_user(&admin_url, "no_such_role");

    let error = Store::connect(&url)
        .await
        .expect_err("the role does not exist");

    assert_eq!(
        error.to_string(),
        format!(
            "cannot open the database at {url}: the server refused the login (role \
             \"no_such_role\" does not exist); check the user name and password"
        )
    );
}
