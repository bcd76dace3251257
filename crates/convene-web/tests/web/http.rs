//! HTTP done properly: validators, caching, compression, content types, security headers, limits.

use axum::body::Body;
use axum::http::{Request, StatusCode};

use convene_store::Role;

use crate::helpers::{Reply, on_both, on_both_at};

#[tokio::test]
async fn a_current_copy_gets_304() {
    on_both(|app| async move {
        let first = app.get("/events/izmir-2021/programme").await;
        let etag = first.header("etag").to_owned();
        assert!(etag.starts_with('"') && etag.len() > 4, "{etag}");
        assert_eq!(first.header("cache-control"), "public, max-age=60");
        let again = app
            .get_with("/events/izmir-2021/programme", &[("if-none-match", &etag)])
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_new_version_changes_the_etag() {
    on_both(|app| async move {
        let before = app
            .get("/events/izmir-2021/programme")
            .await
            .header("etag")
            .to_owned();
        app.import(&crate::helpers::IZMIR.replace("start = \"19:15\"", "start = \"19:20\""))
            .await;
        let after = app.get("/events/izmir-2021/programme").await;
        assert_ne!(after.header("etag"), before);
        assert!(after.text().contains("19:20"));
    })
    .await;
}

#[tokio::test]
async fn pages_are_compressed_with_gzip_or_brotli_when_asked() {
    on_both(|app| async move {
        for encoding in ["gzip", "br"] {
            let reply = app
                .get_with(
                    "/events/izmir-2021/programme",
                    &[("accept-encoding", encoding)],
                )
                .await;
            assert_eq!(reply.header("content-encoding"), encoding);
            assert!(
                reply.body.len() < 20_000,
                "{encoding}: {} bytes",
                reply.body.len()
            );
        }
    })
    .await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_a_request_id() {
    on_both(|app| async move {
        for uri in [
            "/",
            "/events/izmir-2021/programme",
            "/nowhere",
            "/events/izmir-2021/programme.ics",
        ] {
            let reply = app.get(uri).await;
            assert!(
                reply
                    .header("content-security-policy")
                    .contains("script-src 'self'"),
                "{uri}"
            );
            assert!(
                reply
                    .header("content-security-policy")
                    .contains("frame-ancestors 'none'"),
                "{uri}"
            );
            assert_eq!(reply.header("x-content-type-options"), "nosniff", "{uri}");
            assert_eq!(
                reply.header("referrer-policy"),
                "strict-origin-when-cross-origin",
                "{uri}"
            );
            assert_eq!(reply.header("x-request-id").len(), 36, "{uri}");
        }
        let given = app
            .get_with("/healthz", &[("x-request-id", "trace-me-42")])
            .await;
        assert_eq!(given.header("x-request-id"), "trace-me-42");
    })
    .await;
}

#[tokio::test]
async fn pages_have_no_inline_script_or_style() {
    on_both(|app| async move {
        let html = app.get("/events/izmir-2021/programme").await.text();
        assert!(
            !html.contains("<script>") && !html.contains("<style") && !html.contains(" style="),
            "{html}"
        );
        assert!(html.contains("<script src=\"/static/app.js\" defer></script>"));
        let script = app.get("/static/app.js").await;
        assert_eq!(
            script.header("content-type"),
            "text/javascript; charset=utf-8"
        );
        let css = app.get("/static/site.css").await;
        assert_eq!(
            (css.status, css.header("content-type")),
            (StatusCode::OK, "text/css; charset=utf-8")
        );
    })
    .await;
}

#[tokio::test]
async fn healthz_answers_ok() {
    on_both(|app| async move {
        let reply = app.get("/healthz").await;
        assert_eq!(
            (reply.status, reply.text().as_str()),
            (StatusCode::OK, "ok\n")
        );
    })
    .await;
}

#[tokio::test]
async fn oversized_or_unexpected_requests_get_a_clean_4xx_and_change_nothing() {
    on_both(|app| async move {
        let big = Request::post("/events/izmir-2021/programme")
            .body(Body::from(vec![b'x'; 2 * 1024 * 1024]))
            .unwrap();
        let reply = app.request(big).await;
        assert!(reply.status.is_client_error(), "{}", reply.status);
        let delete = app
            .request(
                Request::delete("/events/izmir-2021")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);
        let bad_query = app
            .get("/events/izmir-2021/programme?day=%FF%FE&kind=%00")
            .await;
        assert_eq!(bad_query.status, StatusCode::OK);
        assert_eq!(
            app.store.versions("izmir-2021").await.unwrap().len(),
            1,
            "nothing stored"
        );
    })
    .await;
}

/// The `Set-Cookie` values of a reply.
fn set_cookies(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn over_https_browsers_are_told_to_keep_to_it_and_every_cookie_is_secure() {
    for (base_url, https) in [
        ("https://summit.example.org", true),
        ("http://127.0.0.1:8080", false),
    ] {
        on_both_at(base_url, move |app| async move {
            let mut replies = vec![
                (
                    "a page choosing its language",
                    app.get("/events/izmir-2021/programme?lang=en").await,
                ),
                ("a page in English", app.get("/?lang=en").await),
                ("an address that is no page", app.get("/nowhere").await),
                ("an organiser page, anonymous", app.get("/organiser").await),
                ("the login form", app.get("/organiser/login").await),
            ];
            let admin = app.sign_in("admin@example.org", Role::Admin).await;
            replies.push((
                "signing in",
                app.login("admin@example.org", "a long enough password")
                    .await,
            ));
            replies.push((
                "a wrong password",
                app.login("admin@example.org", "not the password").await,
            ));
            replies.push((
                "signing out",
                app.post_form(
                    "/organiser/logout",
                    &[("csrf", &admin.csrf)],
                    &admin.headers(),
                )
                .await,
            ));
            let mut cookies = 0;
            for (case, reply) in &replies {
                let expected = if https { "max-age=31536000" } else { "" };
                assert_eq!(
                    reply.header("strict-transport-security"),
                    expected,
                    "{base_url}: {case}"
                );
                for cookie in set_cookies(reply) {
                    cookies += 1;
                    assert_eq!(
                        cookie.ends_with("; Secure"),
                        https,
                        "{base_url}: {case}: {cookie}"
                    );
                }
            }
            // The language twice, the login token (given, cleared at sign-in, given again with the
            // form after a wrong password), the session (given, then cleared).
            assert_eq!(cookies, 7, "{base_url}");
        })
        .await;
    }
}
