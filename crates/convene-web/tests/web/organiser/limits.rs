//! How much an organiser's form may ask for: lists of at most 200 rows, fields of at most 200
//! characters (a link 2,000, a text of paragraphs 10,000), refused before anything is made of them.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use convene_store::Role;

use super::{edit_form, fields_of_form, post, set};
use crate::helpers::{TestApp, on_both};

const EVENT: &str = "/organiser/events/izmir-2021";

async fn revision(app: &TestApp) -> i64 {
    app.store
        .draft("izmir-2021")
        .await
        .unwrap()
        .unwrap()
        .revision
}

/// The error shown at the field whose element id is `id`.
fn error_at(html: &str, id: &str) -> Option<String> {
    let marker = format!("<p class=\"field-error\" id=\"{id}-error\">");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find("</p>")? + start;
    Some(html[start..end].to_owned())
}

/// The fields of a part's form as a browser without a script posts them.
fn part_fields(html: &str) -> Vec<(String, String)> {
    fields_of_form(
        html,
        "<form method=\"post\" class=\"stacked organiser-form\"",
    )
}

/// The csrf token and revision of the page of `part`, then `rows` rows of `list` each with
/// `field` set to `value`.
async fn many_rows(
    app: &TestApp,
    who: &crate::helpers::Session,
    part: &str,
    field: &str,
    value: &str,
    rows: usize,
) -> Vec<(String, String)> {
    let page = app
        .get_with(&format!("{EVENT}/{part}"), &who.headers())
        .await
        .text();
    let mut fields: Vec<(String, String)> = part_fields(&page)
        .into_iter()
        .filter(|(name, _)| name == "csrf" || name == "revision")
        .collect();
    fields.extend((0..rows).map(|i| (format!("{part}[{i}].{field}"), value.to_owned())));
    fields
}

#[tokio::test]
async fn a_form_of_ten_thousand_rows_is_refused_at_once() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        for part in ["zones", "days", "venues", "people"] {
            let fields = many_rows(&app, &editor, part, "zone", "Europe/Izmir", 10_000).await;

            let started = Instant::now();
            let reply = post(&app, &editor, &format!("{EVENT}/{part}?lang=en"), &fields).await;

            assert!(reply.status.is_client_error(), "{part}: {}", reply.status);
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "{part}: {:?}",
                started.elapsed()
            );
        }
        assert_eq!(revision(&app).await, 1, "nothing saved");
    })
    .await;
}

#[tokio::test]
async fn a_list_of_more_rows_than_it_may_have_is_refused_with_what_it_had() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        // Within the body limit, but each an unknown zone whose nearest names would be looked for.
        let fields = many_rows(&app, &editor, "zones", "zone", "Europe/Izmi", 1_000).await;

        let started = Instant::now();
        let reply = post(&app, &editor, &format!("{EVENT}/zones?lang=en"), &fields).await;

        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        let html = reply.text();
        assert!(
            html.contains("<li>This list has 1000 rows; it may have at most 200. Remove some before adding others.</li>"),
            "{html}"
        );
        // The rows kept, one more than a list may have, and the empty one to add a zone.
        assert!(html.contains("name=\"zones[201].zone\""));
        assert!(!html.contains("name=\"zones[202].zone\""), "no others");
        assert_eq!(revision(&app).await, 1, "nothing saved");
    })
    .await;
}

#[tokio::test]
async fn a_name_too_long_is_refused_at_its_field() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let page = app
            .get_with(&format!("{EVENT}/people?lang=en"), &editor.headers())
            .await
            .text();
        let mut fields = part_fields(&page);
        set(&mut fields, "people[0].name", &"Ada ".repeat(60));
        set(
            &mut fields,
            "people[0].link",
            &format!("https://example.org/{}", "a".repeat(2_000)),
        );

        let reply = post(&app, &editor, &format!("{EVENT}/people?lang=en"), &fields).await;

        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = reply.text();
        assert_eq!(
            error_at(&html, "people-0-name").as_deref(),
            Some("at most 200 characters here; this has 240")
        );
        assert_eq!(
            error_at(&html, "people-0-link").as_deref(),
            Some("at most 2000 characters here; this has 2020")
        );
        assert_eq!(revision(&app).await, 1, "nothing saved");
    })
    .await;
}

#[tokio::test]
async fn an_introduction_takes_ten_thousand_characters_per_language() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let page = app
            .get_with(&format!("{EVENT}/introduction?lang=en"), &editor.headers())
            .await
            .text();
        let mut fields = part_fields(&page);
        set(&mut fields, "introduction_en", &"x".repeat(10_001));

        let reply = post(
            &app,
            &editor,
            &format!("{EVENT}/introduction?lang=en"),
            &fields,
        )
        .await;

        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_at(&reply.text(), "introduction_en").as_deref(),
            Some("at most 10000 characters here; this has 10001")
        );
    })
    .await;
}

#[tokio::test]
async fn the_session_form_bounds_its_texts_and_its_people() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = format!("{EVENT}/sessions/mayors-dialogue?lang=en");
        let long_title = "t".repeat(201);
        let fields = edit_form(&app, &editor, &uri, &[("title_en", &long_title)]).await;
        let reply = post(&app, &editor, &uri, &fields).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_at(&reply.text(), "title_en").as_deref(),
            Some("at most 200 characters here; this has 201")
        );

        let mut fields = edit_form(&app, &editor, &uri, &[]).await;
        fields.extend((0..1_000).map(|i| (format!("people[{i}].person"), "x".to_owned())));
        let started = Instant::now();
        let reply = post(&app, &editor, &uri, &fields).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        let html = reply.text();
        assert!(
            html.contains("This list has 1000 rows; it may have at most 200."),
            "{html}"
        );
        // The rows kept, one more than a list may have, and the empty one to add a person.
        assert!(html.contains("name=\"people[201].person\""));
        assert!(
            !html.contains("name=\"people[202].person\""),
            "no more rows than kept"
        );
        assert_eq!(revision(&app).await, 1, "nothing saved");
    })
    .await;
}

#[tokio::test]
async fn a_move_with_a_time_too_long_is_refused_without_quoting_it() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let long = "9".repeat(5_000);
        let reply = app
            .post_form(
                &format!("{EVENT}/sessions/mayors-dialogue/move?lang=en"),
                &[
                    ("csrf", editor.csrf.as_str()),
                    ("revision", "1"),
                    ("start", long.as_str()),
                ],
                &editor.headers(),
            )
            .await;

        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply
                .text()
                .contains("at most 200 characters here; this has 5000")
        );
        assert!(!reply.text().contains(&long));
    })
    .await;
}
