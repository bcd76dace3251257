//! Control characters typed by an organiser never reach readers' feeds and calendars raw: refused
//! at the field in texts of the programme, dropped from a publication's note.

use axum::http::StatusCode;
use convene_store::Role;

use crate::helpers::on_both;
use crate::organiser::{edit_form, post};

#[tokio::test]
async fn a_control_character_in_a_title_is_refused_at_its_field() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/sessions/workshop-resilience";
        let fields = edit_form(
            &app,
            &editor,
            uri,
            &[("title_en", "Resilient\u{1}\u{b} cities")],
        )
        .await;
        let refused = post(&app, &editor, uri, &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = refused.text();
        assert!(
            page.contains("`sessions[2].title.en` contient le caractère de contrôle U+0001"),
            "{page}"
        );
        assert!(
            page.contains("id=\"title_en-error\""),
            "the error is at its field: {page}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_publication_note_with_control_characters_keeps_the_feed_valid() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/sessions/workshop-resilience";
        let fields = edit_form(&app, &editor, uri, &[("title_en", "Resilient cities")]).await;
        assert_eq!(
            post(&app, &editor, uri, &fields).await.status,
            StatusCode::SEE_OTHER
        );
        let published = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[
                    ("note", "Final\u{1} programme\u{b}"),
                    ("csrf", &editor.csrf),
                ],
                &editor.headers(),
            )
            .await;
        assert_eq!(published.status, StatusCode::SEE_OTHER);

        let feed = app.get("/events/izmir-2021/changes.atom").await.text();
        assert!(feed.contains("2 — Final programme"), "{feed}");
        assert!(
            !feed.chars().any(|c| c.is_control() && c != '\n'),
            "{feed:?}"
        );
        let mut reader = quick_xml::Reader::from_str(&feed);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("the feed is not well-formed XML: {e}"),
            }
        }
    })
    .await;
}
