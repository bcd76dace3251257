//! Published versions: what changed, the feed of versions, and calendars that follow the changes.

use axum::http::StatusCode;

use crate::helpers::{IZMIR, on_both};

/// Izmir with workshop 3 moved to 19:30–20:45 and workshop 2 removed.
fn second_version() -> String {
    let moved = IZMIR.replace(
        "start = \"19:15\"\nend = \"20:30\"",
        "start = \"19:30\"\nend = \"20:45\"",
    );
    let start = moved
        .find("[[sessions]]\nid = \"workshop-diversity\"")
        .expect("workshop 2");
    let end = moved[start + 10..]
        .find("[[sessions]]")
        .map(|i| start + 10 + i)
        .expect("a session after it");
    format!("{}{}", &moved[..start], &moved[end..])
}

#[tokio::test]
async fn the_changes_page_shows_the_old_and_new_times_in_every_zone() {
    on_both(|app| async move {
        app.import(&second_version()).await;
        let reply = app.get("/events/izmir-2021/changes?lang=en").await;
        assert_eq!(reply.status, StatusCode::OK);
        let html = reply.text();
        assert!(html.contains("<del>Wednesday, December 8, 2021: Izmir 7:15\u{202f}PM – 8:30\u{202f}PM (UTC+3)"), "{html}");
        assert!(html.contains("<ins>Wednesday, December 8, 2021: Izmir 7:30\u{202f}PM – 8:45\u{202f}PM (UTC+3) · Paris 5:30\u{202f}PM – 6:45\u{202f}PM (UTC+1) · Montréal 11:30\u{202f}AM – 12:45\u{202f}PM (UTC-5)</ins>"), "{html}");
        assert!(html.contains("id=\"change-workshop-diversity\""), "the removed session is listed");
        let french = app.get("/events/izmir-2021/changes?lang=fr&from=1&to=2").await.text();
        assert!(french.contains("<ins>mercredi 8 décembre 2021 : Izmir 19:30–20:45 (UTC+3) · Paris 17:30–18:45 (UTC+1) · Montréal 11:30–12:45 (UTC-5)</ins>"), "{french}");
    })
    .await;
}

#[tokio::test]
async fn the_atom_feed_lists_the_versions_with_what_changed() {
    on_both(|app| async move {
        app.import(&second_version()).await;
        let reply = app.get("/events/izmir-2021/changes.atom?lang=en").await;
        assert_eq!(reply.header("content-type"), "application/atom+xml; charset=utf-8");
        let feed = reply.text();
        assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"), "{feed}");
        assert_eq!(feed.matches("<entry>").count(), 2);
        assert!(feed.contains("<summary>1 session re-timed, 1 session removed</summary>"), "{feed}");
    })
    .await;
}

#[tokio::test]
async fn calendars_raise_the_sequence_of_a_changed_session_and_cancel_a_removed_one() {
    on_both(|app| async move {
        app.import(&second_version()).await;
        let ics = app.get("/events/izmir-2021/programme.ics").await.text();
        let event_of = |uid: &str| {
            let at = ics
                .find(&format!("UID:{uid}@izmir-2021.convene"))
                .unwrap_or_else(|| panic!("{uid} in {ics}"));
            let start = ics[..at].rfind("BEGIN:VEVENT").unwrap();
            let end = ics[at..].find("END:VEVENT").unwrap() + at;
            ics[start..end].to_owned()
        };
        assert!(event_of("workshop-dialogue").contains("SEQUENCE:1\r\n"));
        assert!(event_of("mayors-dialogue").contains("SEQUENCE:0\r\n"));
        let removed = event_of("workshop-diversity");
        assert!(
            removed.contains("STATUS:CANCELLED\r\n") && removed.contains("SEQUENCE:1\r\n"),
            "{removed}"
        );
        assert_eq!(
            ics.matches("UID:workshop-diversity@").count(),
            1,
            "cancelled once"
        );
    })
    .await;
}
