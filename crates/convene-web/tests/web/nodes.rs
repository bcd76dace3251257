//! Several nodes over one database: a node serves what another published, at once on PostgreSQL
//! (it hears the publication), within its poll on SQLite.

use std::sync::Arc;
use std::time::Duration;

use convene_web::Catalog;
use convene_web::catalog::{follow, refresh};

use crate::helpers::{TestApp, on_both};

const IZMIR: &str = include_str!("../../../../examples/izmir-2021.toml");

/// Waits until `catalog` serves version `version` of the Izmir event; false after 20 seconds.
async fn serves(catalog: &Catalog, version: i64) -> bool {
    for _ in 0..400 {
        if catalog
            .get("izmir-2021")
            .is_some_and(|p| p.version == version)
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

fn retimed(minutes: u8) -> String {
    IZMIR.replacen(
        "start = \"19:15\"",
        &format!("start = \"19:{minutes:02}\""),
        1,
    )
}

#[tokio::test]
async fn a_second_node_serves_what_the_first_published() {
    on_both(|app: TestApp| async move {
        let node_b = app.other_node().await;
        let catalog_b = Arc::new(Catalog::new());
        let marker = refresh(&node_b, &catalog_b).await.unwrap();
        // On PostgreSQL node b polls once an hour: only hearing the publication brings it sooner.
        let poll = match app.backend {
            "postgres" => Duration::from_secs(3600),
            _ => Duration::from_millis(100),
        };
        let follower = tokio::spawn(follow(node_b.clone(), Arc::clone(&catalog_b), marker, poll));

        // The first publication may come before node b listens: its first look finds it.
        assert_eq!(app.import(&retimed(20)).await, 2);
        assert!(serves(&catalog_b, 2).await, "node b serves version 2");
        // The next one only a notification (or the poll on SQLite) brings.
        assert_eq!(app.import(&retimed(25)).await, 3);
        assert!(serves(&catalog_b, 3).await, "node b serves version 3");
        let published = catalog_b.get("izmir-2021").unwrap();
        assert!(published.programme.sessions.iter().any(|s| matches!(
            s.schedule,
            convene_core::Schedule::Timed { start, .. } if (start.hour(), start.minute()) == (19, 25)
        )));
        follower.abort();
        node_b.close().await;
    })
    .await;
}
