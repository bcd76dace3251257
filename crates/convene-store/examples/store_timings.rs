//! Rough timings of the store: 100 imports of the Izmir programme, then 1,000 reads of its current
//! programme, on a fresh SQLite file and, when `CONVENE_TEST_POSTGRES_URL` names a server, on a
//! fresh PostgreSQL database there.
//!
//! ```sh
//! cargo run --release -p convene-store --example store_timings
//! scripts/with-postgres cargo run --release -p convene-store --example store_timings
//! ```
//!
//! The figures are for comparing changes on one machine, not promises.

use std::error::Error;
use std::hash::{BuildHasher, RandomState};
use std::time::{Duration, Instant};

use convene_core::CheckOptions;
use convene_store::Store;
use sqlx::{AssertSqlSafe, Connection, PgConnection};

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");
const IMPORTS: u32 = 100;
const READS: u32 = 1_000;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let programme = convene_core::Checked::load(IZMIR, &CheckOptions::default())
        .map_err(|rejected| format!("the Izmir programme has errors: {rejected}"))?;
    println!(
        "programme file: {} bytes; {IMPORTS} imports, then {READS} reads of the current programme",
        IZMIR.len()
    );

    let random = RandomState::new().hash_one(std::process::id());
    let folder = std::env::temp_dir().join(format!("convene-store-timings-{random:016x}"));
    std::fs::create_dir_all(&folder)?;
    let file = folder.join("convene.db");
    let sqlite = time("SQLite", &file.to_string_lossy(), &programme).await;
    let _ = std::fs::remove_dir_all(&folder);
    sqlite?;

    match std::env::var("CONVENE_TEST_POSTGRES_URL") {
        Ok(admin_url) => {
            let name = format!("convene_timings_{random:016x}");
            let mut admin = PgConnection::connect(&admin_url).await?;
            sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await?;
            let url = match admin_url.rsplit_once('/') {
                Some((server, _)) => format!("{server}/{name}"),
                None => return Err("CONVENE_TEST_POSTGRES_URL names no database".into()),
            };
            let postgres = time("PostgreSQL", &url, &programme).await;
            sqlx::raw_sql(AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await?;
            admin.close().await?;
            postgres?;
        }
        Err(_) => println!("PostgreSQL: skipped (CONVENE_TEST_POSTGRES_URL is not set)"),
    }
    Ok(())
}

async fn time(
    label: &str,
    url: &str,
    programme: &convene_core::Checked,
) -> Result<(), Box<dyn Error>> {
    let store = Store::connect(url).await?;
    store.migrate().await?;

    let started = Instant::now();
    for _ in 0..IMPORTS {
        store
            .import_programme(programme, jiff::Timestamp::now())
            .await?;
    }
    let imports = started.elapsed();

    let started = Instant::now();
    for _ in 0..READS {
        store
            .current_programme("izmir-2021")
            .await?
            .ok_or("the programme just imported is missing")?;
    }
    let reads = started.elapsed();
    store.close().await;

    println!(
        "{label}: {IMPORTS} imports in {} ({} each); {READS} reads in {} ({} each)",
        millis(imports),
        millis(imports / IMPORTS),
        millis(reads),
        millis(reads / READS),
    );
    Ok(())
}

fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}
