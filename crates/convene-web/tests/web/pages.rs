//! The public pages: what a participant sees, in their language and zone.

use axum::http::StatusCode;

use crate::helpers::{IZMIR, on_both};

/// The text of the first row of the programme table whose id is `session`.
fn row<'a>(html: &'a str, session: &str) -> &'a str {
    let start = html
        .find(&format!("<tr id=\"{session}\">"))
        .unwrap_or_else(|| panic!("no row {session}"));
    let end = html[start..]
        .find("</tr>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[tokio::test]
async fn the_events_page_lists_the_izmir_summit() {
    on_both(|app| async move {
        let reply = app.get("/?lang=en").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", app.backend);
        let html = reply.text();
        assert!(html.contains("<a href=\"/events/izmir-2021?lang=en\" lang=\"en\">3rd International Mayors’ Summit on Living Together</a>"), "{html}");
    })
    .await;
}

#[tokio::test]
async fn the_event_home_says_the_programme_is_preliminary() {
    on_both(|app| async move {
        let html = app.get("/events/izmir-2021?lang=fr").await.text();
        assert!(html.contains("<p class=\"banner\" role=\"note\">Programme préliminaire : les horaires peuvent encore changer.</p>"));
        assert!(html.contains("<h1 lang=\"fr\">3e Sommet international des maires sur le vivre-ensemble</h1>"));
        assert!(html.contains("<li>vendredi 10 décembre 2021 — Sur place, Izmir</li>"), "{html}");
        assert!(html.contains("<li>mardi 7 décembre 2021 — En ligne</li>"), "an online venue is not named after its format: {html}");
    })
    .await;
}

#[tokio::test]
async fn the_first_session_shows_16_00_14_00_and_08_00() {
    on_both(|app| async move {
        let html = app.get("/events/izmir-2021/programme?lang=fr").await.text();
        let first = row(&html, "mayors-dialogue");
        for expected in [
            "<td class=\"time\"><span class=\"line-label\">Izmir</span>16:00–17:30<small>UTC+3</small></td>",
            "<td class=\"time\"><span class=\"line-label\">Paris</span>14:00–15:30<small>UTC+1</small></td>",
            "<td class=\"time\"><span class=\"line-label\">Montréal</span>08:00–09:30<small>UTC-5</small></td>",
        ] {
            assert!(first.contains(expected), "{expected} missing in {first}");
        }
        assert!(
            first.contains("data-start=\"2021-12-07T16:00:00+03:00\""),
            "{first}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_chosen_zone_fills_your_time_and_marks_the_next_day() {
    on_both(|app| async move {
        let tokyo = app.get("/events/izmir-2021/programme?lang=fr&tz=Asia/Tokyo").await.text();
        assert!(row(&tokyo, "mayors-dialogue").contains("<td class=\"time yours\"><span class=\"line-label\">Votre heure<span class=\"yours-zone\">Asia/Tokyo</span></span>22:00–23:30<small>UTC+9</small></td>"));
        let auckland = app.get("/events/izmir-2021/programme?lang=en&tz=Pacific/Auckland").await.text();
        let first = row(&auckland, "mayors-dialogue");
        assert!(first.contains("<td class=\"time yours\"><span class=\"line-label\">Your time<span class=\"yours-zone\">Pacific/Auckland</span></span>2:00\u{202f}AM – 3:30\u{202f}AM<small>UTC+13</small><small class=\"shift\">Wednesday, December 8 (+1 day)</small></td>"), "{first}");
    })
    .await;
}

#[tokio::test]
async fn a_reader_may_ask_for_times_in_utc() {
    on_both(|app| async move {
        for tz in ["UTC", "Etc/UTC"] {
            let reply = app
                .get(&format!("/events/izmir-2021/programme?lang=fr&tz={tz}"))
                .await;
            let html = reply.text();
            assert_eq!(notices(&html), Vec::<String>::new(), "{tz}");
            assert_eq!(
                row(&html, "mayors-dialogue")
                    .split("<td class=\"time yours\">")
                    .nth(1)
                    .and_then(|c| c.split_once("</span></span>"))
                    .map(|(_label, cell)| cell)
                    .and_then(|c| c.split_once("</td>"))
                    .map(|(cell, _)| cell),
                Some("13:00–14:30<small>UTC</small>"),
                "{tz}"
            );
            assert_eq!(reply.header("cache-control"), "public, max-age=60", "{tz}");
        }
    })
    .await;
}

#[tokio::test]
async fn an_unknown_zone_or_language_still_renders_with_a_notice() {
    on_both(|app| async move {
        let reply = app.get("/events/izmir-2021/programme?tz=Mars/Olympus&lang=xx").await;
        assert_eq!(reply.status, StatusCode::OK);
        let html = reply.text();
        assert!(html.contains("<p class=\"notice\" role=\"status\">Fuseau horaire inconnu « Mars/Olympus » ; l’heure locale n’est pas affichée.</p>"), "{html}");
        assert!(html.contains("Langue inconnue « xx » ; la page est affichée en français."));
        assert_eq!(reply.header("cache-control"), "no-store");
    })
    .await;
}

#[tokio::test]
async fn filters_keep_only_the_matching_sessions() {
    on_both(|app| async move {
        let html = app
            .get("/events/izmir-2021/programme?day=2021-12-08&kind=thematic-workshop")
            .await
            .text();
        let rows = html.matches("<tr id=").count();
        assert_eq!(rows, 3, "the three workshops of 8 December");
        let on_site = app
            .get("/events/izmir-2021/programme?format=on-site")
            .await
            .text();
        assert!(
            on_site.contains("<tr id=\"closing-panel\">")
                && !on_site.contains("<tr id=\"mayors-dialogue\">")
        );
        let none = app
            .get("/events/izmir-2021/programme?day=2021-12-09")
            .await
            .text();
        assert!(none.contains("Aucune séance ne correspond à ces filtres."));
    })
    .await;
}

#[tokio::test]
async fn the_language_comes_from_the_query_then_the_cookie_then_the_browser() {
    on_both(|app| async move {
        let english = app.get("/events/izmir-2021/programme?lang=en").await;
        assert_eq!(
            english.header("set-cookie"),
            "lang=en; Path=/; Max-Age=31536000; SameSite=Lax; Secure"
        );
        assert!(
            english
                .text()
                .starts_with("<!DOCTYPE html>\n<html lang=\"en\">")
        );
        let by_cookie = app
            .get_with("/events/izmir-2021/programme", &[("cookie", "lang=tr")])
            .await;
        assert!(
            by_cookie
                .text()
                .starts_with("<!DOCTYPE html>\n<html lang=\"tr\">")
        );
        let by_browser = app
            .get_with(
                "/events/izmir-2021/programme",
                &[("accept-language", "de-DE,en;q=0.8")],
            )
            .await;
        assert!(
            by_browser
                .text()
                .starts_with("<!DOCTYPE html>\n<html lang=\"en\">")
        );
        let default = app.get("/events/izmir-2021/programme").await;
        assert!(
            default
                .text()
                .starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"),
            "the source language"
        );
    })
    .await;
}

#[tokio::test]
async fn the_session_page_has_everything_and_a_calendar_link() {
    on_both(|app| async move {
        let html = app
            .get("/events/izmir-2021/sessions/workshop-resilience?lang=en")
            .await
            .text();
        assert!(
            html.contains("<h1 lang=\"en\">Thematic workshop 1: Building resilient cities</h1>"),
            "{html}"
        );
        assert!(html.contains("href=\"/events/izmir-2021/sessions/workshop-resilience.ics\""));
        assert!(html.contains("<h2 id=\"questions-heading\">Questions</h2>"));
        assert_eq!(html.matches("<h1").count(), 1, "one h1");
    })
    .await;
}

#[tokio::test]
async fn missing_content_falls_back_to_the_source_language_visibly() {
    on_both(|app| async move {
        let partial = IZMIR.replace(
            "title.en = \"Mayors’ dialogue on the state of social cohesion in cities\"\n",
            "",
        );
        assert_ne!(partial, IZMIR);
        app.import(&partial).await;
        let html = app.get("/events/izmir-2021/programme?lang=en").await.text();
        let first = row(&html, "mayors-dialogue");
        assert!(first.contains("lang=\"fr\">Dialogue des maires sur l’état de la cohésion sociale dans les villes</a> <span class=\"fallback\">(French)</span>"), "{first}");
    })
    .await;
}

#[tokio::test]
async fn unknown_events_and_sessions_get_a_localised_404() {
    on_both(|app| async move {
        let event = app.get("/events/nowhere?lang=en").await;
        assert_eq!(event.status, StatusCode::NOT_FOUND);
        assert!(event.text().contains("<h1>Page not found</h1>"));
        let session = app.get("/events/izmir-2021/sessions/nothing?lang=tr").await;
        assert_eq!(session.status, StatusCode::NOT_FOUND);
        assert!(session.text().contains("<h1>Sayfa bulunamadı</h1>"));
        let other = app.get("/no/such/page").await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        assert!(other.text().contains("<h1>Page introuvable</h1>"));
    })
    .await;
}

#[tokio::test]
async fn text_from_the_programme_is_escaped_on_every_page() {
    on_both(|app| async move {
        let hostile = IZMIR.replace(
            "title.en = \"Mayors’ dialogue on the state of social cohesion in cities\"",
            "title.en = \"<script>alert(1)</script> & dialogue\"",
        );
        app.import(&hostile).await;
        for uri in [
            "/events/izmir-2021/programme?lang=en",
            "/events/izmir-2021/sessions/mayors-dialogue?lang=en",
        ] {
            let html = app.get(uri).await.text();
            assert!(!html.contains("<script>alert(1)"), "{uri}");
            assert!(
                html.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; dialogue"),
                "{uri}: {html}"
            );
        }
    })
    .await;
}

/// The English description of the mayors' dialogue, as written in the Izmir programme.
const DIALOGUE_EN: &str = "This session will bring together mayors from different regions of the world to discuss current challenges and practices relating to social cohesion in cities. It will focus in particular on the challenges that have emerged in the context of the COVID-19 pandemic, on innovative urban practices, and on the conditions needed to ensure a sustainable and inclusive recovery.";

/// The part of a page from `start` to the end of the element it opens (`</section>`).
fn section<'a>(html: &'a str, start: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let to = html[from..]
        .find("</section>")
        .map_or(html.len(), |end| from + end);
    &html[from..to]
}

#[tokio::test]
async fn a_description_in_markdown_is_shown_as_sanitised_html() {
    on_both(|app| async move {
        let markdown = IZMIR.replace(
            DIALOGUE_EN,
            "Mayors discuss *three* questions with [the observatory](https://example.org/o):\n\n\
             - challenges<img src=x onerror=alert(1)>\n\
             - [practices](javascript:alert(1))\n\
             - recovery<script>alert(1)</script>\n\n\
             # Where\n\
             <iframe src=\"https://evil.example\"></iframe>",
        );
        assert_ne!(markdown, IZMIR);
        app.import(&markdown).await;
        let html = app
            .get("/events/izmir-2021/sessions/mayors-dialogue?lang=en")
            .await
            .text();
        assert_eq!(
            section(&html, "<section class=\"description\""),
            "<section class=\"description\" lang=\"en\">\n\n\
             <p>Mayors discuss <em>three</em> questions with \
             <a href=\"https://example.org/o\" rel=\"nofollow noopener\">the observatory</a>:</p>\n\
             <ul>\n<li>challenges</li>\n<li>practices</li>\n<li>recoveryalert(1)</li>\n</ul>\n\
             <h4>Where</h4>\n"
        );
        assert_eq!(html.matches("<h1").count(), 1, "one h1");
        for active in ["<script>", "<img", "<iframe", "onerror", "javascript:"] {
            assert!(!html.contains(active), "{active} reached the page");
        }
    })
    .await;
}

#[tokio::test]
async fn the_introduction_in_markdown_is_shown_as_html() {
    on_both(|app| async move {
        let markdown = IZMIR.replace(
            "Cities are at the forefront of social cohesion and inclusion.",
            "Cities are at the **forefront** of social cohesion and inclusion.",
        );
        assert_ne!(markdown, IZMIR);
        app.import(&markdown).await;
        let html = app.get("/events/izmir-2021?lang=en").await.text();
        assert!(
            section(&html, "<section class=\"introduction\"")
                .contains("<p>Cities are at the <strong>forefront</strong> of social cohesion"),
            "{html}"
        );
    })
    .await;
}

/// The texts of the notices at the top of a page (`<p class="notice" role="status">`).
fn notices(html: &str) -> Vec<String> {
    html.split("<p class=\"notice\" role=\"status\">")
        .skip(1)
        .filter_map(|rest| rest.split_once("</p>").map(|(text, _)| text.to_owned()))
        .collect()
}

const OUTSIDER: &str = "Summit%20CANCELLED%20-%20see%20evil.example";

#[tokio::test]
async fn a_notice_about_an_outsiders_request_is_never_shown_to_the_next_reader() {
    on_both(|app| async move {
        let pages = [
            "/",
            "/events/izmir-2021",
            "/events/izmir-2021/programme",
            "/events/izmir-2021/sessions/mayors-dialogue",
            "/events/izmir-2021/changes",
        ];
        for page in pages {
            for parameter in ["lang", "tz"] {
                let poison = app.get(&format!("{page}?{parameter}={OUTSIDER}")).await;
                let case = format!("{page} after ?{parameter}=");
                assert_eq!(poison.status, StatusCode::OK, "{case}");
                let said = notices(&poison.text()).join("\n");
                assert!(!said.contains("CANCELLED"), "{case}: echoed in {said}");
                assert_eq!(poison.header("cache-control"), "no-store", "{case}");
                let clean = app.get(page).await;
                assert_eq!(clean.status, StatusCode::OK, "{case}");
                assert_eq!(notices(&clean.text()), Vec::<String>::new(), "{case}");
                assert!(
                    !clean.text().contains("CANCELLED"),
                    "{case}: shown to the next reader"
                );
            }
        }
    })
    .await;
}

#[tokio::test]
async fn only_a_language_tag_or_a_zone_name_is_quoted_back_in_a_notice() {
    on_both(|app| async move {
        let cases = [
            (
                "a language tag",
                "?lang=de-ch",
                vec!["Langue inconnue « de-CH » ; la page est affichée en français. Langues proposées : français, anglais, turc."],
            ),
            (
                "a sentence for a language",
                &format!("?lang={OUTSIDER}"),
                vec!["Langue inconnue ; la page est affichée en français. Langues proposées : français, anglais, turc."],
            ),
            (
                "a zone name",
                "?tz=Mars/Olympus",
                vec!["Fuseau horaire inconnu « Mars/Olympus » ; l’heure locale n’est pas affichée."],
            ),
            (
                "a sentence for a zone",
                &format!("?tz={OUTSIDER}"),
                vec!["Fuseau horaire inconnu ; l’heure locale n’est pas affichée. Indiquez un nom IANA, par exemple Asia/Tokyo."],
            ),
            (
                "markup for a zone, in English",
                "?lang=en&tz=%3Cscript%3E",
                vec!["Unknown time zone; your local time is not shown. Write an IANA name, for example Asia/Tokyo."],
            ),
        ];
        for (case, query, expected) in cases {
            let html = app.get(&format!("/events/izmir-2021/programme{query}")).await.text();
            assert_eq!(notices(&html), expected, "{case}");
        }
    })
    .await;
}
