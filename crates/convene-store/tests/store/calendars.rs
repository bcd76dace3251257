//! Each published version keeps its calendar history, so serving it needs no earlier version.

use convene_core::CheckOptions;
use convene_core::export::ical::history;
use sqlx::{AnyConnection, Connection};

use super::{IZMIR, checked, import, programme};
use crate::support::{Fresh, on_each_backend};

/// Izmir, then one session dropped, then another re-timed.
fn three_versions() -> [String; 3] {
    let first = IZMIR.to_owned();
    let second = first.replacen(
        "id = \"workshop-diversity\"",
        "id = \"workshop-diversity-x\"",
        1,
    );
    let third = second.replacen("start = \"19:15\"", "start = \"19:30\"", 1);
    [first, second, third]
}

#[tokio::test]
async fn each_version_keeps_the_calendar_history_of_all_before_it() {
    on_each_backend(|Fresh { store, .. }| async move {
        let versions = three_versions();
        for (n, source) in versions.iter().enumerate() {
            checked(source);
            import(&store, source, &format!("2026-01-0{}T09:00:00Z", n + 1)).await;
        }
        let programmes: Vec<_> = versions.iter().map(|s| programme(s)).collect();
        for number in 1..=3 {
            let refs: Vec<_> = programmes[..number].iter().collect();
            let kept = store
                .calendar_history("izmir-2021", number as i64)
                .await
                .expect("reads");
            assert_eq!(kept, history(&refs), "version {number}");
        }
        let last = store
            .calendar_history("izmir-2021", 3)
            .await
            .expect("reads");
        assert_eq!(last.cancelled().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_version_stored_without_its_history_gets_it_computed_and_kept() {
    on_each_backend(|Fresh { store, url, .. }| async move {
        let versions = three_versions();
        for (n, source) in versions.iter().enumerate() {
            import(&store, source, &format!("2026-01-0{}T09:00:00Z", n + 1)).await;
        }
        let expected = store
            .calendar_history("izmir-2021", 3)
            .await
            .expect("reads");
        let mut raw = AnyConnection::connect(&url).await.expect("connects");
        sqlx::query("UPDATE programme_versions SET calendar_history = NULL")
            .execute(&mut raw)
            .await
            .expect("forgets the histories");

        let computed = store
            .calendar_history("izmir-2021", 3)
            .await
            .expect("reads");
        assert_eq!(computed, expected);
        let kept: Option<String> =
            sqlx::query_scalar("SELECT calendar_history FROM programme_versions WHERE number = 3")
                .fetch_one(&mut raw)
                .await
                .expect("reads");
        assert_eq!(kept, Some(expected.to_json()));

        // The next version folds onto it.
        let fourth = versions[2].replacen("start = \"19:30\"", "start = \"19:45\"", 1);
        import(&store, &fourth, "2026-01-04T09:00:00Z").await;
        let programmes: Vec<_> = versions
            .iter()
            .chain([&fourth])
            .map(|s| {
                convene_core::load(s, &CheckOptions::default())
                    .programme
                    .unwrap()
            })
            .collect();
        let refs: Vec<_> = programmes.iter().collect();
        assert_eq!(
            store
                .calendar_history("izmir-2021", 4)
                .await
                .expect("reads"),
            history(&refs)
        );
        raw.close().await.expect("closes");
    })
    .await;
}
