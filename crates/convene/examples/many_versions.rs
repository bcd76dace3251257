//! Makes a store holding a 1,000-session programme (5 days, 6 display zones, 3 languages)
//! published `VERSIONS` times, each version retitling one more session, and prints how long each
//! publication took in the store (the calendar history folded in included). For
//! `scripts/bench-catalog`, which then serves it and measures memory and start-up.
//!
//!   cargo run --release --example many_versions -- sqlite://versions.db 20

use std::time::Instant;

use convene_core::sample::{SampleShape, sample_programme};
use convene_core::{CheckOptions, Checked};
use convene_store::Store;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or("usage: many_versions DATABASE_URL VERSIONS")?;
    let versions: usize = args
        .next()
        .ok_or("usage: many_versions DATABASE_URL VERSIONS")?
        .parse()?;
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    let mut source = sample_programme(SampleShape {
        sessions: 1000,
        days: 5,
        zones: 6,
    });
    let mut timings = Vec::new();
    for version in 1..=versions {
        if version > 1 {
            let n = version - 2;
            source = source.replacen(
                &format!("title.en = \"Workshop {n}: inclusive cities\""),
                &format!("title.en = \"Workshop {n}: inclusive cities (revised)\""),
                1,
            );
        }
        let checked = Checked::load(&source, &CheckOptions::default())
            .map_err(|rejected| format!("version {version} has errors: {rejected}"))?;
        let started = Instant::now();
        store
            .import_programme(&checked, jiff::Timestamp::now())
            .await?;
        timings.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    store.close().await;
    let last = timings.last().copied().unwrap_or_default();
    let mut sorted = timings.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{versions} versions of 1,000 sessions: publication in the store {:.1} ms median, {last:.1} ms for the last",
        sorted[sorted.len() / 2]
    );
    Ok(())
}
