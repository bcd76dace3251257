//! Joining online sessions, in-process: organisers set each session's room and channels; a
//! confirmed participant's personal link leads into the room of her language while the way in is
//! open, and says when it opens before that; nobody else, and no public output, ever reaches the
//! room's address.

use axum::http::StatusCode;
use convene_core::registration::Policy;
use convene_store::Role;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::helpers::{IZMIR, Reply, Session, TestApp, on_both};
use crate::organiser::{fields_of_form, set};
use crate::participants::{Browser, EVENT, open_with, register, sign_in};

const ROOM: &str = "https://meet.example.org/secret-room-main";
const FRENCH: &str = "https://meet.example.org/secret-room-fr";
const PASSCODE: &str = "secret-4411";
const PAGE: &str = "/organiser/events/izmir-2031/joining";
const FORM: &str = "<form method=\"post\" action=\"/organiser/events/izmir-2031/joining\"";

/// The Izmir programme moved so that its first day is today in Izmir and the mayors' dialogue
/// runs from half an hour ago to half an hour from now (within today there): its way in is open.
/// The interactive dialogue moves to the next morning; the workshops are the next afternoon.
fn izmir_now() -> String {
    let izmir = TimeZone::get("Europe/Istanbul").unwrap();
    let now = izmir.to_datetime(Timestamp::now());
    let day = now.date();
    let minute = |at: DateTime| at.strftime("%H:%M").to_string();
    let start = (now - 30.minutes()).max(day.to_datetime(jiff::civil::time(0, 0, 0, 0)));
    let end = (now + 30.minutes()).min(day.to_datetime(jiff::civil::time(23, 59, 0, 0)));
    let next = day.tomorrow().unwrap();
    let days = |text: String| {
        text.replace("2021-12-07", &day.to_string())
            .replace("2021-12-08", &next.to_string())
            .replace("2021-12-10", &(day + 3.days()).to_string())
    };
    let source = IZMIR
        .replacen("id = \"izmir-2021\"", "id = \"izmir-2031\"", 1)
        .replacen(
            "id = \"mayors-dialogue\"\nkind = \"mayors-dialogue\"\nformat = \"online\"\nvenue = \"online\"\ndate = \"2021-12-07\"\nstart = \"16:00\"\nend = \"17:30\"",
            &format!(
                "id = \"mayors-dialogue\"\nkind = \"mayors-dialogue\"\nformat = \"online\"\nvenue = \"online\"\ndate = \"2021-12-07\"\nstart = \"{}\"\nend = \"{}\"",
                minute(start),
                minute(end)
            ),
            1,
        )
        .replacen(
            "date = \"2021-12-07\"\nstart = \"17:45\"\nend = \"19:00\"",
            "date = \"2021-12-08\"\nstart = \"08:00\"\nend = \"09:00\"",
            1,
        );
    assert!(source.contains(&format!("start = \"{}\"", minute(start))));
    days(source)
}

/// The room form of `session` filled in: the main room, a French channel of its own and a Turkish
/// passcode.
fn with_room(fields: &[(String, String)], session: &str) -> Vec<(String, String)> {
    let row = fields
        .iter()
        .find_map(|(name, value)| {
            (name.ends_with("].session") && value == session)
                .then(|| name.trim_end_matches(".session").to_owned())
        })
        .unwrap_or_else(|| panic!("no room row for {session} in {fields:?}"));
    let mut fields = fields.to_vec();
    set(&mut fields, &format!("{row}.url"), ROOM);
    set(&mut fields, &format!("{row}.fr.url"), FRENCH);
    set(&mut fields, &format!("{row}.tr.passcode"), PASSCODE);
    set(
        &mut fields,
        &format!("{row}.note_fr"),
        "Micro coupé à l’entrée.",
    );
    fields
}

async fn save_rooms(app: &TestApp, editor: &Session, fields: &[(String, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    app.post_form(&format!("{PAGE}?lang=en"), &pairs, &editor.headers())
        .await
}

/// The event with registration open, a room for the dialogue and the first workshop, Marie
/// (Montréal, French) registered and confirmed for the dialogue and the workshop, and signed in.
async fn marie_registered(app: &TestApp) -> Browser {
    open_with(app, &izmir_now(), Some(50), Policy::Open).await;
    let editor = app.sign_in("editor@example.org", Role::Editor).await;
    let page = app
        .get_with(&format!("{PAGE}?lang=en"), &editor.headers())
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let fields = fields_of_form(&page.text(), FORM);
    let fields = with_room(
        &with_room(&fields, "mayors-dialogue"),
        "workshop-resilience",
    );
    let saved = save_rooms(app, &editor, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let mut marie = Browser::default();
    let done = register(app, &mut marie, "Marie Tremblay", "marie@example.org").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    sign_in(app, &mut marie, "marie@example.org").await;
    marie
}

/// Her page, in French.
async fn her_page(app: &TestApp, marie: &mut Browser) -> String {
    marie
        .get(app, &format!("/events/{EVENT}/me?lang=fr"))
        .await
        .text()
}

/// The personal join links on a participant's page, in the order of their agenda.
fn join_links(html: &str) -> Vec<String> {
    html.match_indices("https://summit.example.org/join/")
        .map(|(at, _)| {
            html[at..]
                .split(['"', '?', '<', '\\', '\r', '\n'])
                .next()
                .unwrap()
                .trim_start_matches("https://summit.example.org")
                .to_owned()
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[tokio::test]
async fn a_confirmed_participant_joins_in_her_language_while_the_room_is_open() {
    on_both(|app| async move {
        let mut marie = marie_registered(&app).await;
        let page = marie
            .get(&app, &format!("/events/{EVENT}/me?lang=fr"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(html.contains("Rejoindre"), "{html}");
        assert!(html.contains("Micro coupé à l’entrée."), "{html}");
        // The page leads through her personal link, never to the room itself.
        assert!(!html.contains(ROOM) && !html.contains(FRENCH), "{html}");
        let links = join_links(&html);
        assert_eq!(links.len(), 1, "one link while one room is open: {links:?}");
        let join = &links[0];

        let click = app.get(join).await;
        assert_eq!(click.status, StatusCode::SEE_OTHER);
        assert_eq!(click.header("location"), FRENCH);
        assert_eq!(click.header("cache-control"), "no-store");
        assert_eq!(click.header("referrer-policy"), "no-referrer");
        let main = app.get(&format!("{join}?channel=main")).await;
        assert_eq!(main.header("location"), ROOM);
        let turkish = app.get(&format!("{join}?channel=tr")).await;
        assert_eq!(turkish.header("location"), ROOM);

        app.state.attendance.flush().await.unwrap();
        let attendance = app.store.attendance(EVENT).await.unwrap();
        assert_eq!(attendance.len(), 1);
        let channels: Vec<Option<String>> = attendance[0]
            .clicks
            .iter()
            .map(|(_, channel)| channel.as_ref().map(ToString::to_string))
            .collect();
        // The Turkish channel is a passcode for the main room: the main room's address, noted as
        // the Turkish channel.
        assert_eq!(
            channels,
            [Some("fr".to_owned()), None, Some("tr".to_owned())]
        );

        // The organisers' report: who joined, in which channels, how often.
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let report = app
            .get_with(
                "/organiser/events/izmir-2031/attendance?lang=en",
                &admin.headers(),
            )
            .await;
        assert_eq!(report.status, StatusCode::OK);
        let text = report.text();
        assert!(text.contains("Marie Tremblay"), "{text}");
        assert!(text.contains("1 person joined"), "{text}");
        assert!(text.contains("CA 1"), "{text}");
        assert!(text.contains("French, Main room, Turkish"), "{text}");
        let csv = app
            .get_with(
                "/organiser/events/izmir-2031/attendance.csv?lang=en",
                &admin.headers(),
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        let csv = csv.text();
        assert!(csv.starts_with('\u{feff}'));
        assert!(
            csv.contains("session:mayors-dialogue,Marie Tremblay,marie@example.org,Mayor,CA,"),
            "{csv}"
        );
        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        let refused = app
            .get_with(
                "/organiser/events/izmir-2031/attendance.csv",
                &viewer.headers(),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn before_the_window_the_link_says_when_it_opens_in_her_zone_and_nothing_more() {
    on_both(|app| async move {
        let mut marie = marie_registered(&app).await;
        // Registered for the workshop of the next afternoon too.
        let form = marie
            .get(&app, &format!("/events/{EVENT}/register?lang=fr"))
            .await;
        let csrf = crate::helpers::hidden(&form.text(), "csrf").unwrap();
        let again = marie
            .post(
                &app,
                &format!("/events/{EVENT}/register?lang=fr"),
                &[
                    ("csrf", csrf.as_str()),
                    ("name", "Marie Tremblay"),
                    ("email", "marie@example.org"),
                    ("category", "mayor"),
                    ("city", "Montréal"),
                    ("country", "CA"),
                    ("organisation", ""),
                    ("language", "fr"),
                    ("interpretation", "fr"),
                    ("zone", "America/Toronto"),
                    ("accessibility", ""),
                    ("dietary", ""),
                    ("consent", "yes"),
                    ("target", "session:workshop-resilience"),
                    ("invitation_code", ""),
                    ("website", ""),
                ],
            )
            .await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.text());
        let html = her_page(&app, &mut marie).await;
        assert!(html.contains("Ouvre le"), "{html}");
        assert!(html.contains("America/Toronto"), "{html}");
        let links = join_links(&html);
        assert_eq!(links.len(), 2, "{links:?}");
        for link in &links {
            let click = app.get(link).await;
            if click.status == StatusCode::FORBIDDEN {
                let text = click.text();
                assert!(text.contains("La salle ouvre le"), "{text}");
                assert!(text.contains("America/Toronto"), "{text}");
                assert!(!text.contains("secret-"), "{text}");
                assert_eq!(click.header("location"), "");
            } else {
                assert_eq!(click.status, StatusCode::SEE_OTHER);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_registration_and_an_unknown_link_never_reach_the_room() {
    on_both(|app| async move {
        let mut marie = marie_registered(&app).await;
        let html = her_page(&app, &mut marie).await;
        let join = join_links(&html).remove(0);
        assert_eq!(app.get(&join).await.status, StatusCode::SEE_OTHER);

        let registrations = app.store.registrations(EVENT, None).await.unwrap();
        let csrf = crate::helpers::hidden(&html, "csrf").unwrap();
        let cancelled = marie
            .post(
                &app,
                &format!("/events/{EVENT}/me/cancel/{}?lang=fr", registrations[0].id),
                &[("csrf", csrf.as_str())],
            )
            .await;
        assert_eq!(
            cancelled.status,
            StatusCode::SEE_OTHER,
            "{}",
            cancelled.text()
        );
        let refused = app.get(&join).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(!refused.text().contains("secret-"));
        assert_eq!(refused.header("location"), "");

        let unknown = app.get(&format!("/join/{}", "ab".repeat(32))).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        let nonsense = app.get("/join/%3Cscript%3E").await;
        assert_eq!(nonsense.status, StatusCode::NOT_FOUND);
        assert!(!nonsense.text().contains("<script>"));
    })
    .await;
}

#[tokio::test]
async fn no_public_page_export_or_feed_holds_a_room() {
    on_both(|app| async move {
        let mut marie = marie_registered(&app).await;
        let html = her_page(&app, &mut marie).await;
        let feed = html
            .split("value=\"")
            .find_map(|rest| {
                let value = rest.split('"').next()?;
                value.contains("/calendar/").then(|| value.to_owned())
            })
            .expect("the page shows the calendar's address");
        let feed = feed
            .trim_start_matches("https://summit.example.org")
            .to_owned();
        let mut public = vec![
            "/".to_owned(),
            feed,
            format!("/events/{EVENT}/seats.json"),
            format!("/events/{EVENT}/register?lang=fr"),
            format!("/api/v1/events/{EVENT}"),
            format!("/api/v1/events/{EVENT}/sessions"),
        ];
        for lang in ["fr", "en", "tr"] {
            for page in [
                "",
                "/programme",
                "/sessions/mayors-dialogue",
                "/sessions/workshop-resilience",
                "/changes",
                "/changes.atom",
                "/programme.ics",
                "/schedule.xml",
                "/schedule.json",
                "/people",
            ] {
                public.push(format!("/events/{EVENT}{page}?lang={lang}"));
            }
        }
        let calendar = app.get(&public[1]).await.text();
        let personal = join_links(&calendar.replace("\r\n ", ""));
        assert_eq!(personal.len(), 1, "{calendar}");
        let conference = calendar
            .replace("\r\n ", "")
            .lines()
            .find(|line| line.starts_with("CONFERENCE;"))
            .map(str::to_owned)
            .expect("the online session has a way in");
        assert!(conference.contains("VALUE=URI"), "{conference}");
        assert!(conference.contains(&format!(":https://summit.example.org{}", personal[0])));
        assert!(join_links(&html).contains(&personal[0]));
        for uri in &public {
            let reply = app.get(uri).await;
            assert!(reply.status.is_success(), "{uri}: {}", reply.status);
            let text = reply.text();
            for secret in ["secret-room", PASSCODE, "Micro coupé"] {
                assert!(!text.contains(secret), "{uri} shows {secret}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn only_editors_see_rooms_and_a_room_that_is_not_a_web_address_is_refused_at_its_field() {
    on_both(|app| async move {
        open_with(&app, &izmir_now(), None, Policy::Open).await;
        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        let seen = app.get_with(PAGE, &viewer.headers()).await;
        assert_eq!(seen.status, StatusCode::FORBIDDEN);
        assert!(!seen.text().contains("secret-"));

        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let page = app
            .get_with(&format!("{PAGE}?lang=en"), &editor.headers())
            .await;
        let mut fields = with_room(&fields_of_form(&page.text(), FORM), "mayors-dialogue");
        let row = fields
            .iter()
            .find_map(|(n, v)| (v == ROOM).then(|| n.clone()))
            .unwrap();
        set(&mut fields, &row, "javascript:alert(1)");
        set(&mut fields, "opens_before", "600");
        let refused = save_rooms(&app, &editor, &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = refused.text();
        assert!(text.contains("starts with https://"), "{text}");
        assert!(text.contains("from 0 to 240"), "{text}");
        assert_eq!(app.store.rooms(EVENT).await.unwrap(), vec![]);

        let unchanged = app.store.joining(EVENT).await.unwrap();
        assert_eq!(unchanged.opens_before, SignedDuration::from_mins(15));
    })
    .await;
}

#[tokio::test]
async fn a_room_an_organiser_changes_is_where_the_next_click_leads() {
    on_both(|app| async move {
        let mut marie = marie_registered(&app).await;
        let join = join_links(&her_page(&app, &mut marie).await)[0].clone();
        assert_eq!(app.get(&join).await.header("location"), FRENCH);

        // The French channel moves; the next click goes to its new address at once.
        let moved = "https://meet.example.org/another-french-room";
        let editor = app.sign_in("editor2@example.org", Role::Editor).await;
        let page = app
            .get_with(&format!("{PAGE}?lang=en"), &editor.headers())
            .await;
        let mut fields = fields_of_form(&page.text(), FORM);
        let row = fields
            .iter()
            .find_map(|(name, value)| {
                (name.ends_with("].session") && value == "mayors-dialogue")
                    .then(|| name.trim_end_matches(".session").to_owned())
            })
            .unwrap();
        set(&mut fields, &format!("{row}.fr.url"), moved);
        let saved = save_rooms(&app, &editor, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        assert_eq!(app.get(&join).await.header("location"), moved);

        // Without a room, the link says so and leads nowhere.
        for name in [
            "url",
            "fr.url",
            "fr.passcode",
            "tr.url",
            "tr.passcode",
            "note_fr",
        ] {
            set(&mut fields, &format!("{row}.{name}"), "");
        }
        for (name, value) in fields.iter_mut() {
            if name.starts_with(&row) && !name.ends_with(".session") {
                value.clear();
            }
        }
        let saved = save_rooms(&app, &editor, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        let nowhere = app.get(&join).await;
        assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
        assert!(!nowhere.text().contains("meet.example.org"));
    })
    .await;
}

#[tokio::test]
async fn the_public_session_page_asks_for_her_own_way_in_and_nobody_elses() {
    on_both(|app| async move {
        let mut marie = marie_registered(&app).await;
        let join = join_links(&her_page(&app, &mut marie).await)[0].clone();

        // The page is the same for everyone: a place for the script to put her link, no link.
        let page = app
            .get(&format!("/events/{EVENT}/sessions/mayors-dialogue?lang=fr"))
            .await
            .text();
        assert!(
            page.contains(&format!(
                "data-joins=\"/events/{EVENT}/me/joins.json?lang=fr\""
            )),
            "{page}"
        );
        assert!(!page.contains("/join/") && !page.contains("meet.example.org"));

        let mine = marie
            .get(&app, &format!("/events/{EVENT}/me/joins.json?lang=fr"))
            .await;
        assert_eq!(mine.status, StatusCode::OK);
        assert_eq!(mine.header("cache-control"), "no-store, private");
        let json: serde_json::Value = serde_json::from_str(&mine.text()).unwrap();
        let dialogue = json["joins"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["target"] == "session:mayors-dialogue")
            .unwrap_or_else(|| panic!("{json}"));
        assert_eq!(dialogue["open"], true);
        assert_eq!(dialogue["label"], "Rejoindre");
        assert!(dialogue["url"].as_str().unwrap().ends_with(&join), "{json}");
        assert!(!mine.text().contains("meet.example.org"));

        let anyone = app.get(&format!("/events/{EVENT}/me/joins.json")).await;
        assert_eq!(anyone.status, StatusCode::OK);
        assert_eq!(anyone.text(), "{\"joins\":[]}");
        assert_eq!(
            app.get("/events/no-such-event/me/joins.json").await.status,
            StatusCode::NOT_FOUND
        );
    })
    .await;
}
