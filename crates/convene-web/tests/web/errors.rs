//! What a person sees when something goes wrong: the status that says what happened, and a page (or,
//! under `/api/`, a JSON body) in their language that says what to do.

use axum::http::StatusCode;
use convene_store::Role;

use crate::helpers::on_both;

/// The text of the first element `tag` of a page.
fn first(html: &str, tag: &str) -> String {
    let open = format!("<{tag}>");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no <{tag}> in {html}"))
        + open.len();
    let end = html[start..].find(&format!("</{tag}>")).unwrap() + start;
    html[start..end].to_owned()
}

#[tokio::test]
async fn a_refused_form_is_explained_in_the_readers_language() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let cases = [
            (
                "fr",
                "Action non autorisée",
                "Ce formulaire a expiré ou ne vient pas de ce site. Revenez en arrière, rechargez la page et réessayez.",
            ),
            (
                "en",
                "Not allowed",
                "This form has expired or did not come from this site. Go back, reload the page and try again.",
            ),
            (
                "tr",
                "İzin verilmiyor",
                "Bu formun süresi dolmuş ya da form bu siteden gelmemiş. Geri dönün, sayfayı yenileyin ve yeniden deneyin.",
            ),
        ];
        for (lang, heading, message) in cases {
            let reply = app
                .post_form(
                    &format!("/organiser/events/izmir-2021/publish?lang={lang}"),
                    &[("note", "x"), ("csrf", "not the token")],
                    &editor.headers(),
                )
                .await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{lang}");
            assert_eq!(reply.header("content-type"), "text/html; charset=utf-8");
            assert_eq!(reply.header("cache-control"), "no-store");
            let html = reply.text();
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
            assert_eq!(first(&html, "h1"), heading, "{lang}");
            assert_eq!(first(&html, "p"), message, "{lang}");
            assert!(
                html.contains("<p><a href=\"/organiser\">"),
                "a way back: {html}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_store_that_cannot_be_reached_is_a_503_that_changes_nothing() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        app.store.close().await;
        let reply = app
            .get_with(
                "/organiser/events/izmir-2021?lang=en",
                &editor.headers(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
        let html = reply.text();
        assert_eq!(first(&html, "h1"), "Temporarily unavailable");
        assert_eq!(
            first(&html, "p"),
            "The programme store cannot be reached just now; nothing was changed. Try again in a moment."
        );
        let public = app.get("/events/izmir-2021/programme").await;
        assert_eq!(public.status, StatusCode::OK, "public pages are read from memory");
    })
    .await;
}

#[tokio::test]
async fn every_organiser_page_of_an_unknown_event_or_session_is_404() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        for uri in [
            "/organiser/events/no-such-event",
            "/organiser/events/no-such-event/settings",
            "/organiser/events/no-such-event/programme.toml",
            "/organiser/events/no-such-event/preview?date=2021-12-07&start=10:00&end=11:00",
            "/organiser/events/no-such-event/new-session",
            "/organiser/events/no-such-event/sessions/mayors-dialogue",
            "/organiser/events/izmir-2021/sessions/no-such-session",
            "/organiser/events/izmir-2021/new-session?copy=no-such-session",
        ] {
            let reply = app.get_with(uri, &editor.headers()).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(first(&reply.text(), "h1"), "Page introuvable", "{uri}");
        }
        let settings = app
            .post_form(
                "/organiser/events/no-such-event/settings",
                &[("csrf", editor.csrf.as_str()), ("revision", "1")],
                &editor.headers(),
            )
            .await;
        assert_eq!(settings.status, StatusCode::NOT_FOUND);
        let session = app
            .post_form(
                "/organiser/events/no-such-event/new-session",
                &[("csrf", editor.csrf.as_str()), ("revision", "1")],
                &editor.headers(),
            )
            .await;
        assert_eq!(session.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn a_change_the_checks_refuse_is_a_422_page_that_says_why() {
    on_both(|app| async move {
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let users = app.store.users().await.unwrap();
        let own = &users
            .iter()
            .find(|u| u.email == "admin@example.org")
            .unwrap()
            .id;
        let reply = app
            .post_form(
                &format!("/organiser/users/{own}/role?lang=en"),
                &[("csrf", admin.csrf.as_str()), ("role", "viewer")],
                &admin.headers(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = reply.text();
        assert_eq!(first(&html, "h1"), "Not done");
        assert_eq!(
            first(&html, "p"),
            "You cannot take your own admin role away; ask another admin."
        );
        let unknown = app
            .post_form(
                "/organiser/users/no-such-user/role",
                &[("csrf", admin.csrf.as_str()), ("role", "viewer")],
                &admin.headers(),
            )
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    })
    .await;
}
