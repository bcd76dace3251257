//! Taking part, in-process: the registration form, the email written with each step, sign-in by
//! email link, the participant's page and calendar, waiting lists and offers, and what never
//! reaches a public page.

use convene_core::Keyword;
use convene_core::registration::{Policy, Target, TargetSetting, Window};
use jiff::{SignedDuration, Timestamp};

use crate::helpers::{IZMIR, Reply, TestApp, cookie_value, hidden, on_both};

pub(crate) const EVENT: &str = "izmir-2031";

/// The Izmir programme ten years on, so that its sessions are still ahead.
pub(crate) fn future_izmir() -> String {
    IZMIR
        .replacen("id = \"izmir-2021\"", "id = \"izmir-2031\"", 1)
        .replace("2021-12-", "2031-12-")
}

pub(crate) fn dialogue() -> Target {
    Target::Session(convene_core::Slug::parse("mayors-dialogue").unwrap())
}

/// Imports the future edition and opens its registration, with `capacity` seats for the
/// mayors' dialogue.
pub(crate) async fn open(app: &TestApp, capacity: Option<u32>, policy: Policy) {
    open_with(app, &future_izmir(), capacity, policy).await;
}

/// Imports `source` (an edition with id `izmir-2031`) and opens its registration, with
/// `capacity` seats for the mayors' dialogue.
pub(crate) async fn open_with(app: &TestApp, source: &str, capacity: Option<u32>, policy: Policy) {
    app.import(source).await;
    let now = Timestamp::now();
    let mut unit = app.store.begin("opening registration").await.unwrap();
    let mut notice = convene_core::Text::new();
    notice.insert(
        convene_core::Language::parse("fr").unwrap(),
        "Vos données servent **uniquement** à ce sommet.",
    );
    unit.set_registration_window(
        EVENT,
        &Window {
            opens: Some(now - SignedDuration::from_hours(1)),
            privacy_notice: notice,
            ..Window::closed()
        },
        now,
    )
    .await
    .unwrap();
    let ends = |_: &Target| Some(now + SignedDuration::from_hours(24));
    let setting = TargetSetting {
        target: dialogue(),
        policy,
        capacity,
    };
    unit.set_target(EVENT, &setting, now, &ends).await.unwrap();
    unit.commit().await.unwrap();
}

/// A browser: the cookies it was given, sent back.
#[derive(Default)]
pub(crate) struct Browser {
    cookies: Vec<(String, String)>,
}

impl Browser {
    fn keep(&mut self, reply: &Reply) {
        for value in reply.headers.get_all("set-cookie") {
            let Ok(value) = value.to_str() else { continue };
            let pair = value.split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.retain(|(n, _)| n != name);
                if !value.is_empty() {
                    self.cookies.push((name.to_owned(), value.to_owned()));
                }
            }
        }
    }

    fn cookie(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub(crate) async fn get(&mut self, app: &TestApp, uri: &str) -> Reply {
        let cookie = self.cookie();
        let reply = app.get_with(uri, &[("cookie", cookie.as_str())]).await;
        self.keep(&reply);
        reply
    }

    pub(crate) async fn post(
        &mut self,
        app: &TestApp,
        uri: &str,
        fields: &[(&str, &str)],
    ) -> Reply {
        let cookie = self.cookie();
        let reply = app
            .post_form(uri, fields, &[("cookie", cookie.as_str())])
            .await;
        self.keep(&reply);
        reply
    }
}

/// Someone in Montréal registering in `language` for the mayors' dialogue.
fn form<'a>(
    name: &'a str,
    email: &'a str,
    csrf: &'a str,
    language: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("name", name),
        ("email", email),
        ("category", "mayor"),
        ("city", "Montréal"),
        ("country", "CA"),
        ("organisation", "Ville de Montréal"),
        ("language", language),
        ("interpretation", language),
        ("zone", "America/Toronto"),
        ("accessibility", ""),
        ("dietary", ""),
        ("consent", "yes"),
        ("target", "session:mayors-dialogue"),
        ("invitation_code", ""),
        ("website", ""),
    ]
}

pub(crate) async fn register(
    app: &TestApp,
    browser: &mut Browser,
    name: &str,
    email: &str,
) -> Reply {
    register_in(app, browser, name, email, "fr").await
}

/// As [`register`], reading `language` (`fr`, `en`, `tr`).
pub(crate) async fn register_in(
    app: &TestApp,
    browser: &mut Browser,
    name: &str,
    email: &str,
    language: &str,
) -> Reply {
    let page = browser
        .get(app, &format!("/events/{EVENT}/register?lang=fr"))
        .await;
    assert_eq!(page.status, 200, "{}", page.text());
    let csrf = hidden(&page.text(), "csrf").expect("the form has a token");
    browser
        .post(
            app,
            &format!("/events/{EVENT}/register?lang=fr"),
            &form(name, email, &csrf, language),
        )
        .await
}

/// The future edition with registration open (unlimited seats) and `people` (name, email), each
/// from Montréal in French, registered and confirmed for the mayors' dialogue.
pub(crate) async fn registered(app: &TestApp, people: &[(&str, &str)]) {
    open(app, None, Policy::Open).await;
    for (name, email) in people {
        let done = register(app, &mut Browser::default(), name, email).await;
        assert_eq!(done.status, 303, "{}", done.text());
    }
}

/// The messages in the outbox: (kind, recipient, subject, text, attachments JSON).
pub(crate) async fn outbox(app: &TestApp) -> Vec<(String, String, String, String, String)> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.url).await.unwrap();
    let rows = sqlx::query_as(
        "SELECT kind, recipient, subject, text_body, attachments FROM outbox \
         ORDER BY created_at, id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    rows
}

/// The first address in `text` that starts with `prefix`.
pub(crate) fn link(text: &str, prefix: &str) -> String {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {text}"));
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '>' || c == ')')
        .next()
        .unwrap()
        .to_owned()
}

/// Signs `browser` in as `email` through the link the outbox holds.
pub(crate) async fn sign_in(app: &TestApp, browser: &mut Browser, email: &str) {
    let page = browser
        .get(app, &format!("/events/{EVENT}/sign-in?lang=fr"))
        .await;
    let csrf = hidden(&page.text(), "csrf").unwrap();
    let sent = browser
        .post(
            app,
            &format!("/events/{EVENT}/sign-in?lang=fr"),
            &[("csrf", &csrf), ("email", email)],
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text());
    let messages = outbox(app).await;
    let (_, _, _, text, _) = messages
        .iter()
        .rev()
        .find(|(kind, to, ..)| kind == "sign-in" && to == email)
        .expect("a sign-in link was written");
    let url = link(text, "https://summit.example.org/events/");
    let path = url.trim_start_matches("https://summit.example.org");
    let confirm = browser.get(app, path).await;
    assert_eq!(confirm.status, 200);
    // Browsers send the button's POST with its origin (not `null`) and the link to no other site.
    assert_eq!(confirm.header("referrer-policy"), "same-origin");
    let used = browser.post(app, path, &[]).await;
    assert_eq!(used.status, 303, "{}", used.text());
    assert!(used.header("location").contains("/me"));
    // A link works once.
    let again = Browser::default().post(app, path, &[]).await;
    assert_eq!(again.status, 410);
}

#[tokio::test]
async fn a_mayor_registers_signs_in_by_email_and_sees_her_agenda_in_her_zone() {
    on_both(|app| async move {
        open(&app, Some(10), Policy::Open).await;
        let mut browser = Browser::default();
        let page = browser
            .get(&app, &format!("/events/{EVENT}/register?lang=fr"))
            .await;
        let html = page.text();
        assert!(html.contains("S’inscrire"), "{html}");
        assert!(
            html.contains("<strong>uniquement</strong>"),
            "the notice is Markdown"
        );
        assert!(html.contains("10 places"), "seats left are shown: {html}");
        assert!(html.contains("Canada"), "countries are listed by name");

        let done = register(&app, &mut browser, "Valérie Plante", "Valerie@Example.org").await;
        assert_eq!(done.status, 303, "{}", done.text());
        let thanks = browser.get(&app, done.header("location")).await;
        assert!(thanks.text().contains("Merci"));

        let messages = outbox(&app).await;
        assert_eq!(messages.len(), 1, "{messages:?}");
        let (kind, to, subject, text, attachments) = &messages[0];
        assert_eq!(
            (kind.as_str(), to.as_str()),
            ("confirmed", "valerie@example.org")
        );
        assert!(subject.contains("Sommet"), "{subject}");
        assert!(text.contains("08:00"), "her own time: {text}");
        assert!(text.contains("16:00"), "Izmir's time: {text}");
        assert!(
            attachments.contains("BEGIN:VCALENDAR"),
            "an .ics is attached"
        );

        sign_in(&app, &mut browser, "valerie@example.org").await;
        let me = browser
            .get(&app, &format!("/events/{EVENT}/me?lang=fr"))
            .await;
        assert_eq!(me.status, 200, "{}", me.text());
        let html = me.text();
        assert!(html.contains("Valérie Plante"));
        assert!(html.contains("<p class=\"state\">confirmée"), "{html}");
        assert!(html.contains("08:00"), "{html}");
        assert!(html.contains("16:00"));
        assert!(html.contains("14:00"));

        // Her calendar, at its secret address, holds the dialogue.
        let feed = hidden_feed(&html);
        let calendar = app
            .get(feed.trim_start_matches("https://summit.example.org"))
            .await;
        assert_eq!(calendar.status, 200);
        assert!(calendar.text().contains("BEGIN:VEVENT"));
        assert_eq!(calendar.header("cache-control"), "private, no-store");

        // Her data, in one file.
        let data = browser
            .get(&app, &format!("/events/{EVENT}/me/data.json"))
            .await;
        let json: serde_json::Value = serde_json::from_slice(&data.body).unwrap();
        assert_eq!(json["participant"]["email"], "valerie@example.org");
        assert_eq!(json["registrations"][0]["state"], "confirmed");
    })
    .await;
}

fn hidden_feed(html: &str) -> String {
    let marker = "value=\"https://summit.example.org/events/izmir-2031/calendar/";
    let start = html
        .find(marker)
        .expect("the page shows the calendar's address")
        + 7;
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

#[tokio::test]
async fn a_full_session_puts_people_on_its_waiting_list_and_a_freed_seat_is_offered() {
    on_both(|app| async move {
        open(&app, Some(1), Policy::Open).await;
        let mut first = Browser::default();
        register(&app, &mut first, "Tunç Soyer", "tunc@example.org").await;
        let mut second = Browser::default();
        register(&app, &mut second, "Anne Hidalgo", "anne@example.org").await;
        let messages = outbox(&app).await;
        assert_eq!(messages[1].0, "received");
        assert!(messages[1].3.contains("attente"), "{}", messages[1].3);

        let mut register_page = Browser::default()
            .get(&app, &format!("/events/{EVENT}/register?lang=en"))
            .await
            .text();
        assert!(register_page.contains("Waiting list"), "{register_page}");
        register_page.clear();

        // The first cancels: the second is offered the seat, by email, with a link.
        sign_in(&app, &mut first, "tunc@example.org").await;
        let me = first
            .get(&app, &format!("/events/{EVENT}/me?lang=fr"))
            .await
            .text();
        let csrf = hidden(&me, "csrf").unwrap();
        let cancel = me
            .split("action=\"")
            .find(|s| s.contains("/me/cancel/"))
            .and_then(|s| s.split('"').next())
            .unwrap()
            .replace("&amp;", "&");
        let cancelled = first.post(&app, &cancel, &[("csrf", &csrf)]).await;
        assert_eq!(cancelled.status, 303);
        let messages = outbox(&app).await;
        let (_, _, _, text, _) = messages
            .iter()
            .find(|(kind, to, ..)| kind == "offer" && to == "anne@example.org")
            .expect("an offer was written");
        let offer = link(text, "https://summit.example.org/events/izmir-2031/offers/");
        let path = offer.trim_start_matches("https://summit.example.org");
        let page = second.get(&app, path).await;
        assert_eq!(page.status, 200, "{}", page.text());
        assert_eq!(page.header("referrer-policy"), "same-origin");
        let accepted = second.post(&app, path, &[("answer", "accept")]).await;
        assert_eq!(accepted.status, 200, "{}", accepted.text());
        assert!(accepted.text().contains("La place est à vous"));
        let states: Vec<&str> = app
            .store
            .registrations(EVENT, Some(&dialogue()))
            .await
            .unwrap()
            .iter()
            .map(|r| r.state.keyword())
            .collect();
        assert_eq!(states, ["cancelled", "confirmed"]);
    })
    .await;
}

#[tokio::test]
async fn a_form_with_mistakes_says_so_at_each_field_and_stores_nothing() {
    on_both(|app| async move {
        open(&app, Some(10), Policy::Open).await;
        let mut browser = Browser::default();
        let page = browser
            .get(&app, &format!("/events/{EVENT}/register?lang=en"))
            .await;
        let csrf = hidden(&page.text(), "csrf").unwrap();
        let reply = browser
            .post(
                &app,
                &format!("/events/{EVENT}/register?lang=en"),
                &[("csrf", &csrf), ("email", "not an email")],
            )
            .await;
        assert_eq!(reply.status, 422);
        let html = reply.text();
        for field in [
            "name-error",
            "email-error",
            "category-error",
            "consent-error",
            "targets-error",
        ] {
            assert!(html.contains(field), "no message at {field}: {html}");
        }
        assert!(outbox(&app).await.is_empty());
        assert!(app.store.participants(EVENT).await.unwrap().is_empty());

        // Without the page's token, nothing is read.
        let forged = Browser::default()
            .post(
                &app,
                &format!("/events/{EVENT}/register"),
                &form("Robot", "robot@example.org", "x", "fr"),
            )
            .await;
        assert_eq!(forged.status, 403);

        // A robot that fills the hidden field is thanked and forgotten.
        let mut fields = form("Robot", "robot@example.org", &csrf, "fr");
        fields.retain(|(k, _)| *k != "website");
        fields.push(("website", "http://spam.example"));
        let robot = browser
            .post(&app, &format!("/events/{EVENT}/register?lang=en"), &fields)
            .await;
        assert_eq!(robot.status, 303);
        assert!(app.store.participants(EVENT).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn registration_is_refused_while_it_is_closed() {
    on_both(|app| async move {
        app.import(&future_izmir()).await;
        let mut browser = Browser::default();
        let page = browser
            .get(&app, &format!("/events/{EVENT}/register?lang=en"))
            .await;
        assert!(page.text().contains("Registration is closed"));
        assert!(!page.text().contains("name=\"email\""));
    })
    .await;
}

#[tokio::test]
async fn nothing_a_participant_typed_reaches_a_public_page_export_or_feed() {
    on_both(|app| async move {
        open(&app, Some(10), Policy::Open).await;
        let mut browser = Browser::default();
        register(
            &app,
            &mut browser,
            "Zelda Leakwood",
            "zelda.leak@example.org",
        )
        .await;
        let marker = ["Zelda", "Leakwood", "zelda.leak", "Ville de Montréal"];
        let mut pages = vec![
            "/".to_owned(),
            "/api/v1/events".to_owned(),
            "/api/openapi.json".to_owned(),
        ];
        for lang in ["fr", "en", "tr"] {
            for path in [
                "",
                "/programme",
                "/people",
                "/changes",
                "/changes.atom",
                "/programme.ics",
                "/schedule.xml",
                "/schedule.json",
                "/sessions/mayors-dialogue",
                "/register",
                "/registered",
                "/sign-in",
                "/seats.json",
            ] {
                pages.push(format!("/events/{EVENT}{path}?lang={lang}"));
            }
            pages.push(format!("/api/v1/events/{EVENT}?lang={lang}"));
            pages.push(format!("/api/v1/events/{EVENT}/sessions?lang={lang}"));
        }
        for page in pages {
            let reply = app.get(&page).await;
            assert!(reply.status.is_success(), "{page}: {}", reply.status);
            let text = reply.text();
            for m in marker {
                assert!(!text.contains(m), "{m} leaks into {page}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_participant_area_is_closed_to_others() {
    on_both(|app| async move {
        open(&app, Some(10), Policy::Open).await;
        let me = app.get(&format!("/events/{EVENT}/me")).await;
        assert_eq!(me.status, 303);
        assert!(me.header("location").contains("/sign-in"));
        let data = app.get(&format!("/events/{EVENT}/me/data.json")).await;
        assert_eq!(data.status, 303);
        let feed = app
            .get(&format!("/events/{EVENT}/calendar/{}.ics", "0".repeat(64)))
            .await;
        assert_eq!(feed.status, 404);
        let offer = app
            .get(&format!("/events/{EVENT}/offers/{}", "a".repeat(64)))
            .await;
        assert_eq!(offer.status, 404);
        // An organiser's cookie is not a participant's.
        let unknown = app
            .get_with(
                &format!("/events/{EVENT}/me"),
                &[("cookie", "convene_participant=abc")],
            )
            .await;
        assert_eq!(unknown.status, 303);
        assert!(cookie_value(&unknown, "convene_participant").is_none());
    })
    .await;
}

#[tokio::test]
async fn the_public_sees_seats_left_then_the_waiting_list_and_nothing_else() {
    on_both(|app| async move {
        open(&app, Some(1), Policy::Open).await;
        let seats = |reply: Reply| -> serde_json::Value {
            assert_eq!(reply.header("cache-control"), "public, max-age=5");
            let json: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
            json["targets"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["target"] == "session:mayors-dialogue")
                .cloned()
                .unwrap()
        };
        let before = seats(
            app.get(&format!("/events/{EVENT}/seats.json?lang=en"))
                .await,
        );
        assert_eq!(before["state"], "seats-left");
        assert_eq!(before["seats_left"], 1);
        assert_eq!(before["label"], "1 seat left");
        register(
            &app,
            &mut Browser::default(),
            "Tunç Soyer",
            "tunc@example.org",
        )
        .await;
        let after = seats(
            app.get(&format!("/events/{EVENT}/seats.json?lang=fr"))
                .await,
        );
        assert_eq!(after["state"], "waiting-list");
        // The session page points to the form and to the seats.
        let page = app
            .get(&format!("/events/{EVENT}/sessions/mayors-dialogue?lang=fr"))
            .await
            .text();
        assert!(
            page.contains("data-target=\"session:mayors-dialogue\""),
            "{page}"
        );
        assert!(page.contains("register?lang=fr&amp;target=session:mayors-dialogue"));
    })
    .await;
}

#[tokio::test]
async fn an_offer_nobody_answers_passes_to_the_next_in_line_when_it_ends() {
    on_both(|app| async move {
        open(&app, Some(1), Policy::Open).await;
        for (name, email) in [
            ("Tunç Soyer", "tunc@example.org"),
            ("Anne Hidalgo", "anne@example.org"),
            ("Valérie Plante", "valerie@example.org"),
        ] {
            register(&app, &mut Browser::default(), name, email).await;
        }
        let first = app
            .store
            .participant_by_email(EVENT, "tunc@example.org")
            .await
            .unwrap()
            .unwrap();
        let confirmed = app.store.registrations_of(&first.id).await.unwrap();
        let now = Timestamp::now();
        let ends = |_: &Target| Some(now + SignedDuration::from_hours(24));
        let mut unit = app.store.begin("cancelling").await.unwrap();
        let (_, offers) = unit
            .cancel_registration(&confirmed[0].id, now, &ends)
            .await
            .unwrap()
            .unwrap();
        unit.commit().await.unwrap();
        let offer = &offers[0];

        // A runner whose clock is behind finds the offer running, and will try again.
        let early = convene_web::participate::end_offer(&app.state, &offer.registration_id, now)
            .await
            .unwrap();
        assert_eq!(
            early,
            convene_web::participate::OfferEnd::Running(offer.until)
        );

        let later = offer.until + SignedDuration::from_secs(1);
        let ended = convene_web::participate::end_offer(&app.state, &offer.registration_id, later)
            .await
            .unwrap();
        assert_eq!(ended, convene_web::participate::OfferEnd::Ended);
        let states: Vec<&str> = app
            .store
            .registrations(EVENT, Some(&dialogue()))
            .await
            .unwrap()
            .iter()
            .map(|r| r.state.keyword())
            .collect();
        assert_eq!(states, ["cancelled", "expired", "offered"]);
        let mut kinds: Vec<(String, String)> = outbox(&app)
            .await
            .into_iter()
            .map(|(kind, to, ..)| (kind, to))
            .filter(|(kind, _)| kind == "offer" || kind == "cancelled")
            .collect();
        // Written in one unit, at one instant: in no particular order.
        kinds.sort();
        assert_eq!(
            kinds,
            [
                ("cancelled".to_owned(), "anne@example.org".to_owned()),
                ("offer".to_owned(), "valerie@example.org".to_owned()),
            ]
        );
        // Ending it again changes nothing.
        let again = convene_web::participate::end_offer(&app.state, &offer.registration_id, later)
            .await
            .unwrap();
        assert_eq!(again, convene_web::participate::OfferEnd::Answered);
    })
    .await;
}
