//! Change notices per published version: one message to each participant whose sessions the
//! version changed, listing what changed for them in their zone; nothing for a version that
//! changes nothing of theirs, and never twice.

use convene_store::CHANGE_NOTICES;
use convene_web::participate::notices::{change_notices, write_notices};
use jiff::Timestamp;

use crate::helpers::{TestApp, on_both};
use crate::participants::{EVENT, future_izmir, outbox, registered};

/// The notices in the outbox: (recipient, text).
async fn notices(app: &TestApp) -> Vec<(String, String)> {
    outbox(app)
        .await
        .into_iter()
        .filter(|(kind, ..)| kind == "changes")
        .map(|(_, to, _, text, _)| (to, text))
        .collect()
}

/// The dialogue 15 minutes later: 16:15 in Izmir.
fn dialogue_moved() -> String {
    let moved = future_izmir().replacen(
        "date = \"2031-12-07\"\nstart = \"16:00\"\nend = \"17:30\"",
        "date = \"2031-12-07\"\nstart = \"16:15\"\nend = \"17:30\"",
        1,
    );
    assert_ne!(moved, future_izmir());
    moved
}

#[tokio::test]
async fn moving_a_session_writes_each_registrant_one_notice_with_the_new_time_in_their_zone() {
    on_both(|app| async move {
        registered(
            &app,
            &[
                ("Marie Tremblay", "marie@example.org"),
                ("Ayşe Kaya", "ayse@example.org"),
            ],
        )
        .await;
        // Version 2 moves the dialogue; its publication enqueued the notices' job.
        assert_eq!(app.import(&dialogue_moved()).await, 2);
        let runner = app
            .with_jobs()
            .handle(CHANGE_NOTICES, change_notices(app.state.clone()));
        let outcomes = app.run_due_jobs(&runner).await;
        assert!(
            outcomes
                .iter()
                .any(|o| format!("{o:?}").contains("izmir-2031:2")),
            "{outcomes:?}"
        );
        let sent = notices(&app).await;
        assert_eq!(sent.len(), 2, "{sent:?}");
        let (_, text) = sent
            .iter()
            .find(|(to, _)| to == "marie@example.org")
            .unwrap();
        assert!(text.contains("Voici ce qui change"), "{text}");
        // Her new time (08:15 in Montréal) and Izmir's, and the time it had, in her zone.
        assert!(text.contains("08:15–09:30"), "{text}");
        assert!(text.contains("16:15–17:30"), "{text}");
        let unwrapped = text.replace("\n    ", " ");
        assert!(
            unwrapped
                .contains("c’était dimanche 7 décembre 2031, 08:00–09:30 (America/Toronto) — "),
            "{text}"
        );
        // And the time it had in each display zone: Izmir's, then Paris's.
        let was = unwrapped.split("c’était").nth(1).unwrap();
        let izmir = was.find("16:00–17:30").expect("Izmir's old time");
        let paris = was.find("14:00–15:30").expect("Paris's old time");
        assert!(izmir < paris, "{was}");
        // Written once, however often the job runs.
        assert_eq!(
            write_notices(&app.state, EVENT, 2, Timestamp::now())
                .await
                .unwrap(),
            0
        );
        assert_eq!(notices(&app).await.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_version_that_changes_nothing_of_theirs_writes_nothing() {
    on_both(|app| async move {
        registered(&app, &[("Marie Tremblay", "marie@example.org")]).await;
        // Another session's time changes; the dialogue's does not.
        let other = future_izmir().replacen(
            "date = \"2031-12-08\"\nstart = \"16:00\"\nend = \"17:30\"",
            "date = \"2031-12-08\"\nstart = \"15:30\"\nend = \"17:30\"",
            1,
        );
        assert_ne!(other, future_izmir());
        app.import(&other).await;
        assert_eq!(
            write_notices(&app.state, EVENT, 2, Timestamp::now())
                .await
                .unwrap(),
            0
        );
        assert!(notices(&app).await.is_empty());
    })
    .await;
}
