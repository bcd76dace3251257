//! The schema, as numbered SQL files embedded in the program and applied in order, each in one
//! transaction, recorded in a `schema_migrations` table of our own.
//!
//! sqlx's `migrate!` macro would build both database drivers a second time; these files are few
//! and portable, so the store runs them itself. A migration, once released, never changes: a
//! change to the schema is a new file.

use jiff::Timestamp;
use sqlx::Transaction;
use sqlx::any::Any;

use crate::{Backend, Store, StoreError};

/// One step of the schema.
struct Migration {
    number: i64,
    name: &'static str,
    sql: &'static str,
}

/// Every migration, in the order it is applied; numbers start at 1 and have no gaps.
const MIGRATIONS: &[Migration] = &[
    Migration {
        number: 1,
        name: "events and programme versions",
        sql: include_str!("../migrations/0001_programmes.sql"),
    },
    Migration {
        number: 2,
        name: "organisers, drafts and the audit log",
        sql: include_str!("../migrations/0002_organisers.sql"),
    },
    Migration {
        number: 3,
        name: "background jobs",
        sql: include_str!("../migrations/0003_jobs.sql"),
    },
    Migration {
        number: 4,
        name: "calendar history per version",
        sql: include_str!("../migrations/0004_calendar_history.sql"),
    },
    Migration {
        number: 5,
        name: "roles per event",
        sql: include_str!("../migrations/0005_event_roles.sql"),
    },
    Migration {
        number: 6,
        name: "participants, registrations, seats and the outbox",
        sql: include_str!("../migrations/0006_participants.sql"),
    },
    Migration {
        number: 7,
        name: "an arrival and its seat in one update",
        sql: include_str!("../migrations/0007_arrival_seated.sql"),
    },
    Migration {
        number: 8,
        name: "rooms, join links, attendance, reminders and change notices",
        sql: include_str!("../migrations/0008_joining.sql"),
    },
    Migration {
        number: 9,
        name: "organisers' messages to registrants, and unsubscribing",
        sql: include_str!("../migrations/0009_announcements.sql"),
    },
];

const CREATE_LEDGER: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (\
     number BIGINT PRIMARY KEY, \
     name TEXT NOT NULL, \
     applied_at BIGINT NOT NULL)";

/// PostgreSQL advisory lock held while migrating, so that nodes starting together take turns
/// (the bytes of "convene").
const MIGRATION_LOCK: i64 = 0x0063_6f6e_7665_6e65;

impl Store {
    /// Applies the migrations the database does not have yet, in order, each in one transaction.
    ///
    /// Running it again is a no-op, and several processes may run it at once. A database
    /// migrated by a newer convene is refused with [`StoreError::DatabaseNewer`] rather than used
    /// with a schema this program does not know.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.migrate_with(MIGRATIONS).await
    }

    async fn migrate_with(&self, migrations: &[Migration]) -> Result<(), StoreError> {
        let action = || "preparing the table of applied migrations".to_owned();
        let fail = |e| StoreError::failed(self.backend, action(), e);
        let mut tx = self.begin_migration(&action).await?;
        sqlx::raw_sql(CREATE_LEDGER)
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
        let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(number) FROM schema_migrations")
            .fetch_one(&mut *tx)
            .await
            .map_err(fail)?;
        tx.commit().await.map_err(fail)?;

        let applied = applied.unwrap_or(0);
        let known = migrations.last().map_or(0, |m| m.number);
        if applied > known {
            return Err(StoreError::DatabaseNewer {
                database: applied,
                program: known,
            });
        }
        for migration in migrations.iter().filter(|m| m.number > applied) {
            self.apply(migration).await?;
        }
        Ok(())
    }

    async fn apply(&self, migration: &Migration) -> Result<(), StoreError> {
        let failed = |source| StoreError::MigrationFailed {
            number: migration.number,
            name: migration.name,
            source,
        };
        let action = || format!("applying migration {}", migration.number);
        let mut tx = self.begin_migration(&action).await?;
        // Another process may have applied it since this one looked.
        let already: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM schema_migrations WHERE number = $1")
                .bind(migration.number)
                .fetch_one(&mut *tx)
                .await
                .map_err(failed)?;
        if already > 0 {
            return Ok(());
        }
        sqlx::raw_sql(migration.sql)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        sqlx::query("INSERT INTO schema_migrations (number, name, applied_at) VALUES ($1, $2, $3)")
            .bind(migration.number)
            .bind(migration.name)
            .bind(Timestamp::now().as_second())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        tx.commit().await.map_err(failed)
    }

    /// A write transaction that also holds the migration lock on PostgreSQL (SQLite's write
    /// lock already keeps other migrators out).
    async fn begin_migration(
        &self,
        action: impl Fn() -> String,
    ) -> Result<Transaction<'static, Any>, StoreError> {
        let mut tx = self.begin_write(&action).await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                .bind(MIGRATION_LOCK)
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::failed(self.backend, action(), e))?;
        }
        Ok(tx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        let numbers: Vec<i64> = MIGRATIONS.iter().map(|m| m.number).collect();
        let expected: Vec<i64> = (1..=MIGRATIONS.len() as i64).collect();
        assert_eq!(numbers, expected);
    }

    #[tokio::test]
    async fn a_database_migrated_by_a_newer_program_is_refused() {
        let dir = TempDir::new();
        let store = Store::connect(&dir.file("convene.db"))
            .await
            .expect("opens");
        store.migrate().await.expect("migrates");
        sqlx::query(
            "INSERT INTO schema_migrations (number, name, applied_at) VALUES (99, 'future', 0)",
        )
        .execute(&store.pool)
        .await
        .expect("records a migration from the future");

        let error = store
            .migrate()
            .await
            .expect_err("refuses the newer database");

        let known = MIGRATIONS.last().map_or(0, |m| m.number);
        assert_eq!(
            error.to_string(),
            format!(
                "the database is at migration 99, but this program knows migrations up to {known} \
                 only; run a newer convene, or point this one at another database"
            )
        );
        store.close().await;
    }

    #[tokio::test]
    async fn a_failing_migration_is_rolled_back_and_named() {
        let dir = TempDir::new();
        let store = Store::connect(&dir.file("convene.db"))
            .await
            .expect("opens");
        let broken = Migration {
            number: 2,
            name: "broken",
            sql: "CREATE TABLE half_done (id TEXT PRIMARY KEY); CREATE TABEL oops (id TEXT);",
        };
        let migrations = [
            Migration {
                number: 1,
                name: MIGRATIONS[0].name,
                sql: MIGRATIONS[0].sql,
            },
            broken,
        ];

        let error = store.migrate_with(&migrations).await.expect_err("fails");

        assert_eq!(
            error.to_string(),
            "migration 2 (broken) failed and was rolled back; the database stays at migration 1, \
             and the log has the database's reason"
        );
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'half_done'",
        )
        .fetch_all(&store.pool)
        .await
        .expect("lists tables");
        assert_eq!(tables, Vec::<String>::new(), "nothing of migration 2 stays");
        let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(number) FROM schema_migrations")
            .fetch_one(&store.pool)
            .await
            .expect("reads the ledger");
        assert_eq!(applied, Some(1));
        store.close().await;
    }

    #[tokio::test]
    async fn events_stored_before_drafts_get_their_newest_version_as_a_published_draft() {
        let dir = TempDir::new();
        let store = Store::connect(&dir.file("convene.db"))
            .await
            .expect("opens");
        store
            .migrate_with(&MIGRATIONS[..1])
            .await
            .expect("migrates to 1");
        sqlx::raw_sql(
            "INSERT INTO events (id, name, source_language, newest_version, current_version, \
             created_at, updated_at) VALUES ('izmir-2021', 'Sommet', 'fr', 2, 2, 100, 200); \
             INSERT INTO programme_versions (event_id, number, source, stored_at) \
             VALUES ('izmir-2021', 1, 'first', 100), ('izmir-2021', 2, 'second', 200); \
             UPDATE change_counters SET value = 2",
        )
        .execute(&store.pool)
        .await
        .expect("stores two versions as migration 1 did");

        store.migrate().await.expect("migrates to 2");

        let draft = store
            .draft("izmir-2021")
            .await
            .expect("reads")
            .expect("the event has a draft");
        assert_eq!(
            (
                draft.source.as_str(),
                draft.revision,
                draft.published_revision,
                draft.updated_at.as_second(),
                draft.updated_by,
            ),
            ("second", 1, Some(1), 200, None)
        );
        let notes: Vec<(i64, String, Option<crate::UserId>)> = store
            .versions("izmir-2021")
            .await
            .expect("reads")
            .into_iter()
            .map(|v| (v.number, v.note, v.published_by))
            .collect();
        assert_eq!(
            notes,
            vec![(2, "imported".into(), None), (1, "imported".into(), None)]
        );
        // The migrated draft is the newest version: publishing it again adds nothing.
        let publication = store
            .publish("izmir-2021", "Programme final", Timestamp::now(), None)
            .await
            .expect("publishes the draft");
        assert_eq!(publication, crate::Publication::Unchanged(2));
        assert_eq!(store.change_marker().await.expect("reads"), 2);
        store.close().await;
    }
}
