//! How soon a second node serves what the first published, over one PostgreSQL: node A publishes
//! the Izmir programme 20 times (alternating a session's start), node B follows the store as
//! `convene serve` does (hearing publications, polling only every hour here), and the time from
//! node A's commit to node B's catalog holding the new version is printed. For
//! `scripts/bench-propagation`, which provides the server.
//!
//!   CONVENE_TEST_POSTGRES_URL=postgres://… cargo run --release -p convene-web --example propagation

use std::sync::Arc;
use std::time::{Duration, Instant};

use convene_core::{CheckOptions, Checked};
use convene_store::Store;
use convene_web::Catalog;
use convene_web::catalog::{follow, refresh};

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");
const PUBLICATIONS: usize = 20;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let admin = std::env::var("CONVENE_TEST_POSTGRES_URL")
        .map_err(|_| "set CONVENE_TEST_POSTGRES_URL (scripts/bench-propagation does)")?;
    sqlx::any::install_default_drivers();
    let name = format!("convene_propagation_{}", std::process::id());
    let pool = sqlx::AnyPool::connect(&admin).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&pool)
        .await?;
    let (base, _) = admin.rsplit_once('/').ok_or("the URL names a database")?;
    let url = format!("{base}/{name}");

    let node_a = Store::connect(&url).await?;
    node_a.migrate().await?;
    let versions: Vec<Checked> = ["19:15", "19:30"]
        .iter()
        .map(|start| {
            let source = IZMIR.replacen("start = \"19:15\"", &format!("start = \"{start}\""), 1);
            Checked::load(&source, &CheckOptions::default())
        })
        .collect::<Result<_, _>>()
        .map_err(|rejected| format!("the Izmir programme has errors: {rejected}"))?;
    node_a
        .import_programme(&versions[0], jiff::Timestamp::now())
        .await?;

    let node_b = Store::connect(&url).await?;
    let catalog = Arc::new(Catalog::new());
    let marker = refresh(&node_b, &catalog).await?;
    let follower = tokio::spawn(follow(
        node_b.clone(),
        Arc::clone(&catalog),
        marker,
        Duration::from_secs(3600),
    ));
    // Let node b start listening before the first publication it is to hear.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let mut delays = Vec::new();
    for n in 0..PUBLICATIONS {
        let version = node_a
            .import_programme(&versions[(n + 1) % 2], jiff::Timestamp::now())
            .await?;
        let committed = Instant::now();
        loop {
            if catalog
                .get("izmir-2021")
                .is_some_and(|p| p.version == version)
            {
                break;
            }
            if committed.elapsed() > Duration::from_secs(10) {
                return Err(format!("node b did not serve version {version} within 10 s").into());
            }
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
        delays.push(committed.elapsed().as_secs_f64() * 1000.0);
    }
    follower.abort();
    node_a.close().await;
    node_b.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&pool)
    .await?;

    delays.sort_by(f64::total_cmp);
    println!(
        "{PUBLICATIONS} publications on node a, served by node b after: median {:.1} ms, \
         fastest {:.1} ms, slowest {:.1} ms (node b polls once an hour: this is hearing them)",
        delays[delays.len() / 2],
        delays[0],
        delays[delays.len() - 1]
    );
    Ok(())
}
