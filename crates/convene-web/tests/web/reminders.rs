//! Reminders that follow the programme: written when due from the version published then, in
//! each participant's zone and language, with their personal join link; a session moved after
//! registering is reminded at its new time only; a session removed gets a cancellation; nothing
//! is written twice.

use convene_web::participate::reminders::send_due;
use jiff::Timestamp;

use crate::helpers::TestApp;
use crate::helpers::on_both;
use crate::participants::{future_izmir, outbox, registered};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// The reminders in the outbox: (kind, recipient, text).
async fn reminders(app: &TestApp) -> Vec<(String, String, String)> {
    outbox(app)
        .await
        .into_iter()
        .filter(|(kind, ..)| kind.starts_with("reminder") || kind == "session-cancelled")
        .map(|(kind, to, _, text, _)| (kind, to, text))
        .collect()
}

/// Marie in Montréal (America/Toronto), registered and confirmed for the mayors' dialogue of
/// 7 December 2031, 16:00 in Izmir (13:00 UTC, 08:00 in Montréal).
async fn marie(app: &TestApp) {
    registered(app, &[("Marie Tremblay", "marie@example.org")]).await;
}

#[tokio::test]
async fn the_day_before_reminder_comes_at_nine_in_her_zone_once_with_her_link() {
    on_both(|app| async move {
        marie(&app).await;
        // 09:00 in Montréal on the 6th is 14:00 UTC.
        assert_eq!(
            send_due(&app.state, at("2031-12-06T13:59:00Z"))
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            send_due(&app.state, at("2031-12-06T14:00:00Z"))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            send_due(&app.state, at("2031-12-06T14:05:00Z"))
                .await
                .unwrap(),
            0
        );
        let sent = reminders(&app).await;
        assert_eq!(sent.len(), 1);
        let (kind, to, text) = &sent[0];
        assert_eq!(
            (kind.as_str(), to.as_str()),
            ("reminder-day-before", "marie@example.org")
        );
        assert!(
            text.contains("Un rappel de votre session de demain"),
            "{text}"
        );
        assert!(
            text.contains("08:00"),
            "her time, 08:00 in Montréal: {text}"
        );
        assert!(text.contains("16:00"), "Izmir's time: {text}");
        assert!(text.contains("https://summit.example.org/join/"), "{text}");
        assert!(!text.contains("secret"), "{text}");
        // 15 minutes before the start, in her zone: 07:45.
        assert!(text.contains("07:45"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn a_session_moved_after_registering_is_reminded_at_its_new_time_only() {
    on_both(|app| async move {
        marie(&app).await;
        // The dialogue moves 15 minutes later: 16:15 in Izmir, 08:15 in Montréal.
        let moved = future_izmir().replacen(
            "date = \"2031-12-07\"\nstart = \"16:00\"\nend = \"17:30\"",
            "date = \"2031-12-07\"\nstart = \"16:15\"\nend = \"17:30\"",
            1,
        );
        assert_ne!(moved, future_izmir());
        app.import(&moved).await;
        // Thirty minutes before the old start: nothing.
        assert_eq!(
            send_due(&app.state, at("2031-12-07T12:30:00Z"))
                .await
                .unwrap(),
            0
        );
        // Thirty minutes before the new one.
        assert_eq!(
            send_due(&app.state, at("2031-12-07T12:45:00Z"))
                .await
                .unwrap(),
            1
        );
        let sent = reminders(&app).await;
        assert_eq!(sent.len(), 1, "{sent:?}");
        let (kind, _, text) = &sent[0];
        assert_eq!(kind, "reminder-soon");
        assert!(
            text.contains("08:15–09:30"),
            "the new time in Montréal: {text}"
        );
        assert!(!text.contains("08:00–09:30"), "never the old one: {text}");
        // The way in opens 15 minutes before the new start.
        assert!(text.contains("2031 à 08:00 (America/Toronto)"), "{text}");
        // The day-before reminder's time has passed once the other is due: not sent late.
        assert_eq!(
            send_due(&app.state, at("2031-12-07T12:50:00Z"))
                .await
                .unwrap(),
            0
        );
    })
    .await;
}

#[tokio::test]
async fn a_session_removed_sends_a_cancellation_instead_once() {
    on_both(|app| async move {
        marie(&app).await;
        let start = future_izmir()
            .find("[[sessions]]\nid = \"mayors-dialogue\"")
            .expect("the dialogue is in the programme");
        let source = future_izmir();
        let end = source[start + 10..]
            .find("[[sessions]]")
            .map_or(source.len(), |n| start + 10 + n);
        let without = format!("{}{}", &source[..start], &source[end..]);
        app.import(&without).await;
        assert_eq!(
            send_due(&app.state, at("2031-12-06T14:00:00Z"))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            send_due(&app.state, at("2031-12-07T12:30:00Z"))
                .await
                .unwrap(),
            0
        );
        let sent = reminders(&app).await;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].0, "session-cancelled");
        assert!(sent[0].2.contains("n’aura pas lieu"), "{}", sent[0].2);
    })
    .await;
}
