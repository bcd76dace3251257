//! A session's identity: every change goes through the core's checked edit commands, so a stored
//! draft always loads; a published session keeps its id for ever, renamed or not; and route words
//! never stand where an id does.

use axum::http::StatusCode;
use convene_store::Role;

use crate::helpers::{TestApp, hidden, on_both};
use crate::organiser::{edit_form, post};

const SPRING: &str = include_str!("spring.toml");

/// The spring forum, published with its status final: every session has its time.
fn spring_final() -> String {
    SPRING.replacen("status = \"preliminary\"", "status = \"final\"", 1)
}

async fn revision_of(app: &TestApp, editor: &crate::helpers::Session, uri: &str) -> String {
    let page = app.get_with(uri, &editor.headers()).await.text();
    hidden(&page, "revision").unwrap_or_else(|| panic!("no revision in {uri}: {page}"))
}

#[tokio::test]
async fn duplicating_a_session_of_a_final_programme_asks_for_its_time_and_breaks_nothing() {
    on_both(|app| async move {
        app.import(&spring_final()).await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let draft = "/organiser/events/spring-forum";
        let revision = revision_of(&app, &editor, &format!("{draft}/sessions/opening")).await;
        let before = app.store.draft("spring-forum").await.unwrap().unwrap();

        let copy = app
            .post_form(
                &format!("{draft}/sessions/opening/duplicate"),
                &[("csrf", &editor.csrf), ("revision", &revision)],
                &editor.headers(),
            )
            .await;

        assert_eq!(copy.status, StatusCode::SEE_OTHER);
        assert_eq!(
            copy.header("location"),
            "/organiser/events/spring-forum/new-session?copy=opening"
        );
        let after = app.store.draft("spring-forum").await.unwrap().unwrap();
        assert_eq!(after.revision, before.revision, "nothing was saved");
        for page in [draft.to_owned(), format!("{draft}/settings")] {
            let reply = app.get_with(&page, &editor.headers()).await;
            assert_eq!(reply.status, StatusCode::OK, "{page}");
        }
        let form = app
            .get_with(
                "/organiser/events/spring-forum/new-session?copy=opening&lang=en",
                &editor.headers(),
            )
            .await
            .text();
        assert!(
            form.contains("The programme is final: this copy of “opening” is saved only once it has its own identifier, date and time."),
            "{form}"
        );
        assert!(form.contains("value=\"Ouverture\""), "the copy keeps its texts");

        let uri = "/organiser/events/spring-forum/new-session?copy=opening";
        let fields = edit_form(
            &app,
            &editor,
            uri,
            &[
                ("id", "opening-encore"),
                ("date", "2022-03-26"),
                ("start", "17:00"),
                ("end", "18:00"),
            ],
        )
        .await;
        let saved = post(&app, &editor, "/organiser/events/spring-forum/new-session", &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        let draft = app.store.draft("spring-forum").await.unwrap().unwrap();
        assert!(draft.source.contains("id = \"opening-encore\""));
        assert_eq!(
            app.get_with("/organiser/events/spring-forum", &editor.headers())
                .await
                .status,
            StatusCode::OK
        );
    })
    .await;
}

#[tokio::test]
async fn a_session_whose_id_is_new_is_edited_and_deleted_like_any_other() {
    on_both(|app| async move {
        app.import(&SPRING.replacen("id = \"workshop\"", "id = \"new\"", 1))
            .await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/spring-forum/sessions/new";
        let page = app.get_with(uri, &editor.headers()).await.text();
        assert!(
            page.contains("/sessions/new/delete"),
            "a delete button: {page}"
        );

        let fields = edit_form(&app, &editor, uri, &[("title_en", "New ideas")]).await;
        let saved = post(&app, &editor, uri, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        let draft = app.store.draft("spring-forum").await.unwrap().unwrap();
        assert!(
            draft.source.contains("title.en = \"New ideas\""),
            "{}",
            draft.source
        );

        let revision = revision_of(&app, &editor, uri).await;
        let deleted = app
            .post_form(
                "/organiser/events/spring-forum/sessions/new/delete",
                &[("csrf", &editor.csrf), ("revision", &revision)],
                &editor.headers(),
            )
            .await;
        assert_eq!(deleted.status, StatusCode::SEE_OTHER);
        let draft = app.store.draft("spring-forum").await.unwrap().unwrap();
        assert!(!draft.source.contains("id = \"new\""));
    })
    .await;
}

#[tokio::test]
async fn changes_to_an_unknown_event_or_session_answer_not_found() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let revision = revision_of(&app, &editor, "/organiser/events/izmir-2021/settings").await;
        let form = [
            ("csrf", editor.csrf.as_str()),
            ("revision", revision.as_str()),
            ("note", "x"),
        ];
        for uri in [
            "/organiser/events/no-such-event/publish",
            "/organiser/events/izmir-2021/sessions/no-such-session/delete",
            "/organiser/events/izmir-2021/sessions/no-such-session/duplicate",
            "/organiser/events/izmir-2021/sessions/no-such-session/rename",
            "/organiser/events/izmir-2021/sessions/no-such-session",
        ] {
            let reply = app.post_form(uri, &form, &editor.headers()).await;
            assert_eq!(
                reply.status,
                StatusCode::NOT_FOUND,
                "{uri}: {}",
                reply.text()
            );
        }
        let draft = app.store.draft("izmir-2021").await.unwrap().unwrap();
        assert_eq!(
            draft.source.len(),
            include_str!("../../../../examples/izmir-2021.toml").len()
        );
    })
    .await;
}

#[tokio::test]
async fn a_published_session_renamed_keeps_its_old_address_and_its_calendar_identity() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let old_ics = app
            .get("/events/izmir-2021/sessions/workshop-resilience.ics")
            .await
            .text();
        let old_xml = app.get("/events/izmir-2021/schedule.xml").await.text();
        let uri = "/organiser/events/izmir-2021/sessions/workshop-resilience";
        let revision = revision_of(&app, &editor, uri).await;

        let renamed = app
            .post_form(
                &format!("{uri}/rename"),
                &[
                    ("csrf", editor.csrf.as_str()),
                    ("revision", revision.as_str()),
                    ("new_id", "resilient-cities"),
                ],
                &editor.headers(),
            )
            .await;
        assert_eq!(
            renamed.header("location"),
            "/organiser/events/izmir-2021/sessions/resilient-cities"
        );
        let published = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "new address"), ("csrf", &editor.csrf)],
                &editor.headers(),
            )
            .await;
        assert_eq!(published.status, StatusCode::SEE_OTHER);

        let moved = app
            .get("/events/izmir-2021/sessions/workshop-resilience?lang=en")
            .await;
        assert_eq!(moved.status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(
            moved.header("location"),
            "/events/izmir-2021/sessions/resilient-cities?lang=en"
        );
        let moved = app
            .get("/events/izmir-2021/sessions/workshop-resilience.ics")
            .await;
        assert_eq!(
            moved.header("location"),
            "/events/izmir-2021/sessions/resilient-cities.ics"
        );
        let new_ics = app
            .get("/events/izmir-2021/sessions/resilient-cities.ics")
            .await
            .text();
        let uid = |ics: &str| {
            ics.lines()
                .find(|l| l.starts_with("UID:"))
                .map(str::to_owned)
                .unwrap_or_default()
        };
        assert_eq!(uid(&new_ics), "UID:workshop-resilience@izmir-2021.convene");
        assert_eq!(uid(&new_ics), uid(&old_ics));
        let calendar = app.get("/events/izmir-2021/programme.ics").await.text();
        assert!(
            !calendar.contains("STATUS:CANCELLED"),
            "a renamed session is not cancelled: {calendar}"
        );
        let guid = |xml: &str, slug: &str| {
            let at = xml
                .find(&format!("<slug>{slug}"))
                .or_else(|| xml.find(slug))?;
            let start = xml[..at].rfind("guid=\"")? + 6;
            Some(xml[start..start + 36].to_owned())
        };
        let new_xml = app.get("/events/izmir-2021/schedule.xml").await.text();
        assert_eq!(
            guid(&new_xml, "resilient-cities"),
            guid(&old_xml, "workshop-resilience")
        );
        let changes = app.get("/events/izmir-2021/changes?lang=en").await.text();
        assert!(
            !changes.contains("Removed") && !changes.contains("Added"),
            "{changes}"
        );

        // The old id stays the session's: no other session may take it.
        let other = "/organiser/events/izmir-2021/sessions/workshop-dialogue";
        let revision = revision_of(&app, &editor, other).await;
        let taken = app
            .post_form(
                &format!("{other}/rename"),
                &[
                    ("csrf", editor.csrf.as_str()),
                    ("revision", revision.as_str()),
                    ("new_id", "workshop-resilience"),
                ],
                &editor.headers(),
            )
            .await;
        assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            taken.text().contains("workshop-resilience"),
            "{}",
            taken.text()
        );
    })
    .await;
}
