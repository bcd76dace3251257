//! The registration settings and invitation codes of an event: what organisers set there is what
//! the public registration form and the waiting lists then do.

use axum::http::StatusCode;
use convene_core::registration::{Policy, State, Target};
use convene_store::Role;
use jiff::{SignedDuration, Timestamp};

use super::{fields_of_form, set};
use crate::helpers::{IZMIR, Reply, Session, TestApp, hidden, on_both};

const EVENT: &str = "izmir-2031";
const PAGE: &str = "/organiser/events/izmir-2031/registration";
const FORM: &str = "<form method=\"post\" action=\"/organiser/events/izmir-2031/registration\"";
const CODES_FORM: &str =
    "<form method=\"post\" action=\"/organiser/events/izmir-2031/invitations\"";

/// The Izmir programme ten years on, so that its sessions are still ahead.
fn future_izmir() -> String {
    IZMIR
        .replacen("id = \"izmir-2021\"", "id = \"izmir-2031\"", 1)
        .replace("2021-12-", "2031-12-")
}

fn workshop() -> Target {
    Target::Session(convene_core::Slug::parse("workshop-resilience").unwrap())
}

fn dialogue() -> Target {
    Target::Session(convene_core::Slug::parse("mayors-dialogue").unwrap())
}

/// The future edition, published, with an organiser of `role` on it.
async fn event_with(app: &TestApp, email: &str, role: Role) -> Session {
    app.import(&future_izmir()).await;
    app.sign_in(email, role).await
}

/// The settings page in English and its form as a browser posts it back.
async fn settings(app: &TestApp, who: &Session) -> (String, Vec<(String, String)>) {
    let page = app
        .get_with(&format!("{PAGE}?lang=en"), &who.headers())
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    let fields = fields_of_form(&html, FORM);
    (html, fields)
}

/// The row of the form that sets `target`: `targets[3]`.
fn row_of(fields: &[(String, String)], target: &Target) -> String {
    fields
        .iter()
        .find_map(|(name, value)| {
            (name.ends_with("].target") && *value == target.key())
                .then(|| name.trim_end_matches(".target").to_owned())
        })
        .unwrap_or_else(|| panic!("no row for {target} in {fields:?}"))
}

/// The form with registration open since yesterday (in Izmir) and `changes` made to it.
fn opened(fields: &[(String, String)], changes: &[(String, &str)]) -> Vec<(String, String)> {
    let izmir = jiff::tz::TimeZone::get("Europe/Istanbul").unwrap();
    let yesterday = izmir
        .to_datetime(Timestamp::now() - SignedDuration::from_hours(24))
        .date()
        .to_string();
    let mut fields = fields.to_vec();
    set(&mut fields, "opens_date", &yesterday);
    set(&mut fields, "opens_time", "09:00");
    set(
        &mut fields,
        "privacy_en",
        "Your details serve *this* summit only.",
    );
    for (name, value) in changes {
        set(&mut fields, name, value);
    }
    fields
}

async fn save(app: &TestApp, who: &Session, fields: &[(String, String)]) -> Reply {
    super::post(app, who, &format!("{PAGE}?lang=en"), fields).await
}

async fn saved(app: &TestApp, who: &Session, fields: &[(String, String)]) {
    let reply = save(app, who, fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    assert_eq!(reply.header("location"), format!("{PAGE}?done=saved"));
}

/// The error shown at the field whose element id is `id`.
fn error_at(html: &str, id: &str) -> Option<String> {
    let marker = format!("<p class=\"field-error\" id=\"{id}-error\">");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find("</p>")? + start;
    Some(
        html[start..end]
            .replace("&#39;", "'")
            .replace("&#34;", "\""),
    )
}

/// Someone registering through the public form for `target`, with `code` if any.
async fn register(app: &TestApp, email: &str, target: &Target, code: &str) -> Reply {
    let uri = format!("/events/{EVENT}/register?lang=en");
    let page = app.get(&uri).await;
    assert_eq!(page.status, 200);
    let csrf = hidden(&page.text(), "csrf").expect("the form has a token");
    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect::<Vec<_>>()
        .join("; ");
    let key = target.key();
    let fields = [
        ("csrf", csrf.as_str()),
        ("name", "Ada Yılmaz"),
        ("email", email),
        ("category", "press"),
        ("city", "İzmir"),
        ("country", "TR"),
        ("organisation", ""),
        ("language", "en"),
        ("interpretation", ""),
        ("zone", "Europe/Istanbul"),
        ("accessibility", ""),
        ("dietary", ""),
        ("consent", "yes"),
        ("target", key.as_str()),
        ("invitation_code", code),
        ("website", ""),
    ];
    app.post_form(&uri, &fields, &[("cookie", &cookie)]).await
}

/// Registers through the public form, and expects the page that says to look at one's email.
async fn registered(app: &TestApp, email: &str, target: &Target, code: &str) {
    let reply = register(app, email, target, code).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
}

/// The state of the `nth` registration for `target` in arrival order, if there is one.
async fn state_of(app: &TestApp, target: &Target, nth: usize) -> Option<State> {
    let records = app.store.registrations(EVENT, Some(target)).await.unwrap();
    records.get(nth).map(|r| r.state)
}

/// The kinds and recipients of the messages in the outbox.
async fn outbox(app: &TestApp) -> Vec<(String, String)> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.url).await.unwrap();
    let rows = sqlx::query_as("SELECT kind, recipient FROM outbox ORDER BY created_at, id")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows
}

/// The actions the audit log holds for the event, oldest first.
async fn audited(app: &TestApp) -> Vec<String> {
    let mut log = app.store.audit_log(100).await.unwrap();
    log.reverse();
    log.into_iter()
        .filter(|e| e.event_id.as_deref() == Some(EVENT))
        .map(|e| e.action)
        .collect()
}

#[tokio::test]
async fn an_editor_opens_registration_and_the_public_sees_the_seats_left() {
    on_both(|app| async move {
        let editor = event_with(&app, "editor@example.org", Role::Editor).await;
        let public = app.get(&format!("/events/{EVENT}/register?lang=en")).await;
        assert!(public.text().contains("Registration is closed."));

        let (html, fields) = settings(&app, &editor).await;
        assert!(html.contains("Europe/Istanbul"), "the zone is said");
        let row = row_of(&fields, &workshop());
        saved(
            &app,
            &editor,
            &opened(&fields, &[(format!("{row}.capacity"), "2")]),
        )
        .await;

        let fr = app.get(&format!("/events/{EVENT}/register?lang=fr")).await;
        let text = fr.text();
        let at = text
            .find("workshop-resilience")
            .expect("the workshop is offered");
        assert!(
            text.contains("2 places restantes"),
            "{}",
            &text[at..at + 600]
        );
        let en = app.get(&format!("/events/{EVENT}/register?lang=en")).await;
        assert!(en.text().contains("2 seats left"));
        assert!(
            en.text()
                .contains("Your details serve <em>this</em> summit only.")
        );

        let window = app.store.registration_window(EVENT).await.unwrap();
        let opens = window.opens.expect("registration opens");
        let local = jiff::tz::TimeZone::get("Europe/Istanbul")
            .unwrap()
            .to_datetime(opens);
        assert_eq!(local.time(), jiff::civil::time(9, 0, 0, 0));
        assert_eq!(window.closes, None);
        assert_eq!(window.offer_hours, 24);
        // The page shows what was saved.
        let (_, again) = settings(&app, &editor).await;
        let value = |name: &str| {
            again
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(value(&format!("{row}.capacity")).as_deref(), Some("2"));
        assert_eq!(value("opens_time").as_deref(), Some("09:00"));
        assert_eq!(
            audited(&app).await.last().map(String::as_str),
            Some("registration-settings")
        );
    })
    .await;
}

#[tokio::test]
async fn a_viewer_reads_the_settings_but_cannot_save_them() {
    on_both(|app| async move {
        let viewer = event_with(&app, "viewer@example.org", Role::Viewer).await;
        let event_page = app
            .get_with(
                &format!("/organiser/events/{EVENT}?lang=en"),
                &viewer.headers(),
            )
            .await;
        assert!(event_page.text().contains(&format!("href=\"{PAGE}\"")));
        let (html, fields) = settings(&app, &viewer).await;
        assert!(
            !html.contains(CODES_FORM),
            "a viewer is not offered to make codes"
        );
        let reply = save(&app, &viewer, &opened(&fields, &[])).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let codes = super::post(
            &app,
            &viewer,
            &format!("/organiser/events/{EVENT}/invitations"),
            &[
                ("csrf".into(), viewer.csrf.clone()),
                ("code_count".into(), "1".into()),
                ("code_uses".into(), "1".into()),
            ],
        )
        .await;
        assert_eq!(codes.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.store.registration_window(EVENT).await.unwrap().opens,
            None
        );
        assert!(app.store.invitation_codes(EVENT).await.unwrap().is_empty());
    })
    .await;
}

/// A refused form: what it is, the fields changed, the element id of the field that says why,
/// and what it says.
type Case<'a> = (&'a str, Vec<(String, &'a str)>, String, &'a str);

#[tokio::test]
async fn settings_that_cannot_be_read_are_refused_at_their_fields() {
    on_both(|app| async move {
        let editor = event_with(&app, "editor@example.org", Role::Editor).await;
        let (_, fields) = settings(&app, &editor).await;
        let row = row_of(&fields, &dialogue());
        let id = row.replace('[', "-").replace("]", "");
        let cases: [Case; 5] = [
            (
                "a capacity that is not a number",
                vec![(format!("{row}.capacity"), "forty")],
                format!("{id}-capacity"),
                "\"forty\" is not a whole number from 0 to 100000",
            ),
            (
                "too many hours for an offer",
                vec![("offer_hours".into(), "1000")],
                "offer_hours".into(),
                "\"1000\" is not a whole number from 1 to 720",
            ),
            (
                "a closing before the opening",
                vec![("closes_date".into(), "2020-01-01")],
                "closes_date".into(),
                "registration would close before it opens: give a closing after the opening, or none",
            ),
            (
                "categories without a category ticked",
                vec![(format!("{row}.policy"), "categories")],
                format!("{id}-policy"),
                "tick at least one category, or choose another policy",
            ),
            (
                "a time that is not one",
                vec![("opens_time".into(), "25:00")],
                "opens_time".into(),
                "\"25:00\" is not a time; write it as HH:MM, like 16:00",
            ),
        ];
        for (case, changes, field, message) in cases {
            let reply = save(&app, &editor, &opened(&fields, &changes)).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}");
            assert_eq!(error_at(&reply.text(), &field).as_deref(), Some(message), "{case}");
        }
        let long = "x".repeat(10_001);
        let reply = save(&app, &editor, &opened(&fields, &[("privacy_fr".into(), &long)])).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_at(&reply.text(), "privacy_fr").as_deref(),
            Some("at most 10000 characters here; this has 10001")
        );
        // Nothing was saved of any of them.
        assert_eq!(app.store.registration_window(EVENT).await.unwrap().opens, None);
        assert!(audited(&app).await.iter().all(|a| a != "registration-settings"));
    })
    .await;
}

#[tokio::test]
async fn a_capacity_below_the_seats_held_is_refused_and_a_raised_one_offers_a_seat() {
    on_both(|app| async move {
        let editor = event_with(&app, "editor@example.org", Role::Editor).await;
        let (_, fields) = settings(&app, &editor).await;
        let row = row_of(&fields, &workshop());
        let capacity = format!("{row}.capacity");
        saved(&app, &editor, &opened(&fields, &[(capacity.clone(), "1")])).await;
        registered(&app, "first@example.org", &workshop(), "").await;
        registered(&app, "second@example.org", &workshop(), "").await;
        assert_eq!(state_of(&app, &workshop(), 0).await, Some(State::Confirmed));
        assert_eq!(state_of(&app, &workshop(), 1).await, Some(State::Waiting));

        let (html, fields) = settings(&app, &editor).await;
        assert!(html.contains("Seats held now: 1"));
        let reply = save(&app, &editor, &opened(&fields, &[(capacity.clone(), "0")])).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let id = row.replace('[', "-").replace("]", "");
        assert_eq!(
            error_at(&reply.text(), &format!("{id}-capacity")).as_deref(),
            Some(
                "1 seat is held already, more than 0: cancel or decline some registrations \
                 first, or keep at least 1 seats"
            )
        );
        let seats = app.store.target_seats(EVENT).await.unwrap();
        let held = seats
            .iter()
            .find(|s| s.setting.target == workshop())
            .unwrap();
        assert_eq!(held.setting.capacity, Some(1));

        saved(&app, &editor, &opened(&fields, &[(capacity.clone(), "2")])).await;
        assert_eq!(state_of(&app, &workshop(), 1).await, Some(State::Offered));
        let offers: Vec<_> = outbox(&app)
            .await
            .into_iter()
            .filter(|(kind, _)| kind == "offer")
            .collect();
        assert_eq!(
            offers,
            [("offer".to_owned(), "second@example.org".to_owned())]
        );
    })
    .await;
}

#[tokio::test]
async fn codes_made_by_an_editor_are_listed_and_admit_to_an_invitation_only_session() {
    on_both(|app| async move {
        let editor = event_with(&app, "editor@example.org", Role::Editor).await;
        let (_, fields) = settings(&app, &editor).await;
        let row = row_of(&fields, &dialogue());
        saved(
            &app,
            &editor,
            &opened(&fields, &[(format!("{row}.policy"), "invitation")]),
        )
        .await;
        let seats = app.store.target_seats(EVENT).await.unwrap();
        let setting = seats
            .iter()
            .find(|s| s.setting.target == dialogue())
            .unwrap();
        assert_eq!(setting.setting.policy, Policy::Invitation);

        let (html, _) = settings(&app, &editor).await;
        let mut form = fields_of_form(&html, CODES_FORM);
        set(&mut form, "code_count", "3");
        set(&mut form, "code_uses", "1");
        set(&mut form, "code_target", &dialogue().key());
        set(&mut form, "code_note", "for the press <b>");
        let made = super::post(
            &app,
            &editor,
            &format!("/organiser/events/{EVENT}/invitations?lang=en"),
            &form,
        )
        .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text());

        let codes = app.store.invitation_codes(EVENT).await.unwrap();
        assert_eq!(codes.len(), 3);
        let (html, _) = settings(&app, &editor).await;
        for code in &codes {
            let shape = code.code.len() == 9
                && code.code.chars().enumerate().all(|(i, c)| match i {
                    4 => c == '-',
                    _ => convene_core::registration::CODE_ALPHABET.contains(&(c as u8)),
                });
            assert!(shape, "{}", code.code);
            assert!(html.contains(&format!("<td class=\"code\">{}</td>", code.code)));
            assert_eq!(
                (code.uses, code.used, code.target.clone()),
                (1, 0, Some(dialogue()))
            );
        }
        assert!(html.contains("for the press &#60;b&#62;"));

        // Without a code the session refuses; with one it admits, once.
        let refused = register(&app, "nocode@example.org", &dialogue(), "").await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(state_of(&app, &dialogue(), 0).await, None);
        registered(&app, "press@example.org", &dialogue(), &codes[0].code).await;
        assert_eq!(state_of(&app, &dialogue(), 0).await, Some(State::Confirmed));
        let used = app.store.invitation_codes(EVENT).await.unwrap();
        let first = used.iter().find(|c| c.code == codes[0].code).unwrap();
        assert_eq!(first.used, 1);

        // Numbers beyond their bounds make nothing.
        set(&mut form, "code_uses", "1001");
        let refused = super::post(
            &app,
            &editor,
            &format!("/organiser/events/{EVENT}/invitations?lang=en"),
            &form,
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_at(&refused.text(), "code_uses").as_deref(),
            Some("\"1001\" is not a whole number from 1 to 1000")
        );
        assert_eq!(app.store.invitation_codes(EVENT).await.unwrap().len(), 3);
        assert_eq!(
            audited(&app).await,
            ["registration-settings", "invitation-codes", "register"]
        );
    })
    .await;
}
