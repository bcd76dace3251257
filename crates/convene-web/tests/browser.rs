//! The public pages and the organiser area in a real browser: headless Chromium, driven through
//! ChromeDriver, in the time zone each test chooses, against the app served on a local socket.
//!
//! Run through `scripts/browser-tools`, which installs the browser and axe-core and names them:
//!
//! ```text
//! scripts/browser-tools env CONVENE_REQUIRE_BROWSER=1 cargo test -p convene-web --test browser
//! ```
//!
//! Without it the tests only print a notice, so a plain `cargo test` passes without Chromium.

#[path = "browser/chromium.rs"]
mod chromium;
#[path = "browser/inbox.rs"]
mod inbox;
#[path = "browser/joining.rs"]
mod joining;
#[path = "browser/layout.rs"]
mod layout;
#[path = "browser/participant.rs"]
mod participant;
#[path = "browser/scratch.rs"]
mod scratch;
#[path = "browser/site.rs"]
mod site;
#[path = "browser/story.rs"]
mod story;

use chromium::{Browser, BrowserTools, JavaScript, Screen, TimeCell};
use convene_store::Role;
use site::TestSite;

const PROGRAMME: &str = "/events/izmir-2021/programme";
const PROGRAMME_FR: &str = "/events/izmir-2021/programme?lang=fr";
/// The first session: Tuesday 7 December 2021, 16:00–17:30 in Izmir (13:00 UTC).
const FIRST_SESSION: &str = "mayors-dialogue";
const FIRST_SESSION_YOURS: &str = "tr#mayors-dialogue td.yours";
/// A "your time" cell that the script has filled in from the browser's zone.
const FILLED_BY_THE_SCRIPT: &str = "td.yours[data-zone]";
/// The first session's, once filled in.
const FIRST_SESSION_YOURS_FILLED: &str = "tr#mayors-dialogue td.yours[data-zone]";

/// A Paris-hosted forum with a session, "workshop", on 27 March 2022: the night Paris clocks go
/// forward from 02:00 to 03:00.
const SPRING: &str = include_str!("web/spring.toml");
/// When the spring forum's first version was published.
const SPRING_IMPORTED_AT: &str = "2022-03-01T09:00:00Z";
const EDITOR: &str = "editor@example.org";
const EDITOR_PASSWORD: &str = "a long enough password";

/// The site, and a browser living in `zone`; `None` where the browser tools are not set up.
async fn site_and_browser(zone: &str, javascript: JavaScript) -> Option<(TestSite, Browser)> {
    site_and_browser_on(zone, javascript, Screen::DESKTOP).await
}

/// As [`site_and_browser`], with a browser on `screen`.
async fn site_and_browser_on(
    zone: &str,
    javascript: JavaScript,
    screen: Screen,
) -> Option<(TestSite, Browser)> {
    let tools = BrowserTools::from_env()?;
    let site = TestSite::start().await;
    let browser = Browser::open(&tools, zone, javascript, screen).await;
    Some((site, browser))
}

#[tokio::test]
async fn the_first_session_shows_16_00_14_00_and_08_00_in_the_izmir_paris_and_montreal_columns() {
    let Some((site, browser)) = site_and_browser("Europe/Paris", JavaScript::On).await else {
        return;
    };

    browser.goto(&site.url(PROGRAMME_FR)).await;
    let columns = browser.zone_columns(FIRST_SESSION).await;

    let columns: Vec<(&str, &str)> = columns
        .iter()
        .map(|(zone, times)| (zone.as_str(), times.as_str()))
        .collect();
    assert_eq!(
        columns,
        [
            ("Izmir", "16:00–17:30"),
            ("Paris", "14:00–15:30"),
            ("Montréal", "08:00–09:30")
        ]
    );
    browser.close().await;
}

#[tokio::test]
async fn in_a_browser_in_tokyo_your_time_shows_22_00_on_the_same_day() {
    let Some((site, browser)) = site_and_browser("Asia/Tokyo", JavaScript::On).await else {
        return;
    };

    browser.goto(&site.url(PROGRAMME_FR)).await;
    browser.wait_for(FIRST_SESSION_YOURS_FILLED).await;
    let yours = browser.time_cell(FIRST_SESSION_YOURS).await;
    let zone = browser
        .text("table:has(#mayors-dialogue) th.yours .yours-zone")
        .await;

    let expected = TimeCell::new("22:00–23:30", Some("UTC+9"), None);
    assert_eq!(yours, expected, "the script's \"your time\" in Asia/Tokyo");
    assert_eq!(
        zone, "Asia/Tokyo",
        "the zone named in the \"your time\" column's heading"
    );
    browser.close().await;
}

#[tokio::test]
async fn in_a_browser_in_auckland_your_time_shows_02_00_and_marks_the_next_day() {
    let Some((site, browser)) = site_and_browser("Pacific/Auckland", JavaScript::On).await else {
        return;
    };

    browser.goto(&site.url(PROGRAMME_FR)).await;
    browser.wait_for(FIRST_SESSION_YOURS_FILLED).await;
    let yours = browser.time_cell(FIRST_SESSION_YOURS).await;

    let expected = TimeCell::new(
        "02:00–03:30",
        Some("UTC+13"),
        Some("mercredi 8 décembre (+1 jour)"),
    );
    assert_eq!(
        yours, expected,
        "the script's \"your time\" in Pacific/Auckland"
    );
    browser.close().await;
}

#[tokio::test]
async fn the_scripts_your_time_reads_as_the_servers_in_every_language() {
    let Some((site, browser)) = site_and_browser("Pacific/Auckland", JavaScript::On).await else {
        return;
    };

    for lang in ["fr", "en", "tr"] {
        browser
            .goto(&site.url(&format!("{PROGRAMME}?lang={lang}")))
            .await;
        browser.wait_for(FIRST_SESSION_YOURS_FILLED).await;
        let scripts = browser.time_cell(FIRST_SESSION_YOURS).await;
        browser
            .goto(&site.url(&format!("{PROGRAMME}?lang={lang}&tz=Pacific/Auckland")))
            .await;
        let servers = browser.time_cell(FIRST_SESSION_YOURS).await;

        assert_eq!(
            scripts, servers,
            "\"your time\" in Pacific/Auckland, in {lang}: the script's, then the server's"
        );
    }
    browser.close().await;
}

#[tokio::test]
async fn choosing_english_translates_the_interface_and_the_choice_outlasts_the_lang_parameter() {
    let Some((site, browser)) = site_and_browser("Europe/Paris", JavaScript::On).await else {
        return;
    };
    browser.goto(&site.url(PROGRAMME)).await;
    assert_eq!(
        browser.lang().await,
        "fr",
        "a browser asking for French first gets French"
    );

    browser.click_link("nav.languages", "English").await;
    browser.wait_for("html[lang='en']").await;

    assert_eq!(
        browser.url().await,
        site.url("/events/izmir-2021/programme?lang=en")
    );
    assert_eq!(browser.own_text("th.yours").await, "Your time");
    assert_eq!(browser.text("label[for='tz']").await, "Your time zone");
    assert_eq!(
        browser.text("form.filters button[type='submit']").await,
        "Apply"
    );

    browser.goto(&site.url(PROGRAMME)).await;

    assert_eq!(
        browser.lang().await,
        "en",
        "the language cookie outweighs Accept-Language: fr-FR"
    );
    assert_eq!(
        browser.text("form.filters button[type='submit']").await,
        "Apply"
    );
    browser.close().await;
}

#[tokio::test]
async fn the_public_pages_have_no_serious_or_critical_accessibility_violations() {
    let Some((site, browser)) = site_and_browser("Europe/Paris", JavaScript::On).await else {
        return;
    };
    let pages = [
        ("the events page", "/?lang=fr", None),
        ("the event home", "/events/izmir-2021?lang=fr", None),
        ("the programme", PROGRAMME_FR, Some(FILLED_BY_THE_SCRIPT)),
        (
            "a session",
            "/events/izmir-2021/sessions/mayors-dialogue?lang=fr",
            Some(FILLED_BY_THE_SCRIPT),
        ),
    ];

    let mut report = Vec::new();
    let mut serious = 0;
    for (page, path, filled_by_the_script) in pages {
        browser.goto(&site.url(path)).await;
        if let Some(css) = filled_by_the_script {
            browser.wait_for(css).await;
        }
        for violation in browser.accessibility_violations().await {
            serious += usize::from(violation.is_serious());
            report.push(format!("{page} ({path}): {violation}"));
        }
    }

    if !report.is_empty() {
        eprintln!("axe-core found:\n{}", report.join("\n"));
    }
    assert_eq!(
        serious,
        0,
        "serious or critical violations among:\n{}",
        report.join("\n")
    );
    browser.close().await;
}

#[tokio::test]
async fn without_javascript_your_time_waits_for_the_zone_form_and_the_server_fills_it_in() {
    let Some((site, browser)) = site_and_browser("Europe/Paris", JavaScript::Off).await else {
        return;
    };
    browser.goto(&site.url(PROGRAMME_FR)).await;
    let before = browser.time_cell(FIRST_SESSION_YOURS).await;
    assert_eq!(
        before,
        TimeCell::new("—", None, None),
        "no script, no zone yet"
    );

    browser.type_into("input#tz", "Asia/Tokyo").await;
    browser
        .click("form.zone-picker button[type='submit']")
        .await;
    browser
        .wait_for_url(&site.url("/events/izmir-2021/programme?lang=fr&tz=Asia%2FTokyo"))
        .await;

    let yours = browser.time_cell(FIRST_SESSION_YOURS).await;
    let zone = browser
        .text("table:has(#mayors-dialogue) th.yours .yours-zone")
        .await;
    let expected = TimeCell::new("22:00–23:30", Some("UTC+9"), None);
    assert_eq!(yours, expected, "the server's \"your time\" in Asia/Tokyo");
    assert_eq!(zone, "Asia/Tokyo");
    browser.close().await;
}

#[tokio::test]
async fn an_organiser_mends_a_time_lost_to_the_spring_change_and_publishes_it_to_participants() {
    let Some((site, browser)) = site_and_browser("Europe/Paris", JavaScript::On).await else {
        return;
    };
    let at = SPRING_IMPORTED_AT.parse().expect("a valid instant");
    site.import(SPRING, at).await;
    site.create_organiser(EDITOR, Role::Editor, EDITOR_PASSWORD)
        .await;
    let event = site.url("/organiser/events/spring-forum");
    let workshop = site.url("/organiser/events/spring-forum/sessions/workshop");
    let save = "form.session-form button[type='submit']";

    browser.goto(&site.url("/organiser")).await;
    assert_eq!(
        browser.url().await,
        site.url("/organiser/login?next=/organiser"),
        "an anonymous visitor is sent to sign in first"
    );
    browser.type_into("input#email", EDITOR).await;
    browser.type_into("input#password", EDITOR_PASSWORD).await;
    browser
        .click("form[action='/organiser/login'] button[type='submit']")
        .await;
    browser.wait_for_url(&site.url("/organiser")).await;

    browser.click_link("ul.events", "Forum de printemps").await;
    browser.wait_for_url(&event).await;
    browser.click_link("table.programme", "Atelier").await;
    browser.wait_for_url(&workshop).await;

    browser.pick("input#start", "10:00").await;
    browser.pick("input#end", "11:30").await;
    let preview = browser
        .wait_until(
            "the preview shows Montréal at 04:00–05:30",
            async || browser.preview_times().await,
            |rows| {
                rows.iter()
                    .any(|(zone, cell)| zone == "Montréal" && cell.range == "04:00–05:30")
            },
        )
        .await;
    assert_eq!(
        preview,
        [
            (
                "Paris".to_owned(),
                TimeCell::new("10:00–11:30", Some("UTC+2"), None)
            ),
            (
                "Montréal".to_owned(),
                TimeCell::new("04:00–05:30", Some("UTC-4"), None)
            ),
        ],
        "the preview as the times are typed"
    );

    browser.pick("input#start", "02:30").await;
    browser.pick("input#end", "04:00").await;
    browser
        .wait_until(
            "the preview says that 02:30 does not exist",
            async || browser.text(".preview-times").await,
            |text| text.contains("n’existe pas dans le fuseau Europe/Paris"),
        )
        .await;
    browser.click(save).await;
    let error = browser.wait_for("#start-error").await;
    let error = error.text().await.expect("the text of #start-error");
    assert!(
        error.contains("n’existe pas dans le fuseau Europe/Paris"),
        "the error at the start field: {error}"
    );
    assert_eq!(
        browser
            .attribute("input#start", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        browser
            .attribute("input#start", "aria-describedby")
            .await
            .as_deref(),
        Some("start-error")
    );
    assert_eq!(browser.url().await, workshop, "still on the session's form");

    browser.pick("input#start", "10:00").await;
    browser.pick("input#end", "11:30").await;
    browser.click(save).await;
    browser.wait_for_url(&format!("{event}?done=saved")).await;
    assert_eq!(browser.text("p.notice[role='status']").await, "Enregistré.");

    browser.type_into("input#note", "Programme final").await;
    browser
        .click("form[action$='/publish'] button[type='submit']")
        .await;
    browser
        .wait_for_url(&format!("{event}?done=published&version=2"))
        .await;
    assert_eq!(
        browser.text("p.notice[role='status']").await,
        "Publié comme version 2."
    );

    browser
        .goto(&site.url("/events/spring-forum/programme?lang=fr"))
        .await;
    let cells = browser.zone_cells("workshop").await;
    assert_eq!(
        cells,
        [
            (
                "Paris".to_owned(),
                TimeCell::new("10:00–11:30", Some("UTC+2"), None)
            ),
            (
                "Montréal".to_owned(),
                TimeCell::new("04:00–05:30", Some("UTC-4"), None)
            ),
        ],
        "the public programme shows the published time"
    );

    browser
        .goto(&site.url("/events/spring-forum/changes?lang=fr"))
        .await;
    assert_eq!(browser.text("#change-workshop").await, "Atelier");
    let change = browser
        .text("section[aria-labelledby='change-workshop'] ins")
        .await;
    assert!(
        change.contains("10:00–11:30") && change.contains("04:00–05:30"),
        "the new times on the changes page: {change}"
    );

    let (status, ics) = browser.fetch("/events/spring-forum/programme.ics").await;
    assert_eq!(status, 200, "{ics}");
    let vevent = |uid: &str| {
        let at = ics
            .find(&format!("UID:{uid}\r\n"))
            .unwrap_or_else(|| panic!("no VEVENT with the UID {uid} in {ics}"));
        let start = ics[..at].rfind("BEGIN:VEVENT").expect("BEGIN:VEVENT");
        let end = at + ics[at..].find("END:VEVENT").expect("END:VEVENT");
        ics[start..end].to_owned()
    };
    let changed = vevent("workshop@spring-forum.convene");
    assert!(changed.contains("SEQUENCE:1\r\n"), "{changed}");
    let unchanged = vevent("opening@spring-forum.convene");
    assert!(unchanged.contains("SEQUENCE:0\r\n"), "{unchanged}");
    browser.close().await;
}

/// Signs in through the login form as the editor, on a site where the editor's account exists.
async fn sign_in(site: &TestSite, browser: &Browser) {
    site.create_organiser(EDITOR, Role::Editor, EDITOR_PASSWORD)
        .await;
    browser.goto(&site.url("/organiser/login")).await;
    browser.type_into("input#email", EDITOR).await;
    browser.type_into("input#password", EDITOR_PASSWORD).await;
    browser
        .click("form[action='/organiser/login'] button[type='submit']")
        .await;
    browser.wait_for_url(&site.url("/organiser")).await;
}

/// The schedule of session `id` in the stored draft of the Izmir summit.
async fn draft_schedule(site: &TestSite, id: &str) -> convene_core::Schedule {
    let draft = site.draft("izmir-2021").await;
    draft
        .sessions
        .iter()
        .find(|s| s.id.as_str() == id)
        .unwrap_or_else(|| panic!("no session {id} in the draft"))
        .schedule
}

fn timed(day: i8, (h1, m1): (i8, i8), (h2, m2): (i8, i8)) -> convene_core::Schedule {
    convene_core::Schedule::Timed {
        start: jiff::civil::datetime(2021, 12, day, h1, m1, 0, 0),
        end: jiff::civil::datetime(2021, 12, day, h2, m2, 0, 0),
    }
}

#[tokio::test]
async fn a_time_that_suits_every_zone_is_picked_with_one_click_and_the_form_and_preview_follow() {
    let Some((site, browser)) = site_and_browser("Europe/Paris", JavaScript::On).await else {
        return;
    };
    sign_in(&site, &browser).await;
    let form = site.url("/organiser/events/izmir-2021/sessions/mayors-dialogue");
    browser.goto(&form).await;

    browser
        .click("button[name='use_slot'][value='19:00']")
        .await;

    let preview = browser
        .wait_until(
            "the preview shows Montréal at 11:00–12:30",
            async || browser.preview_times().await,
            |rows| {
                rows.iter()
                    .any(|(zone, cell)| zone == "Montréal" && cell.range == "11:00–12:30")
            },
        )
        .await;
    assert_eq!(
        preview,
        [
            (
                "Izmir".to_owned(),
                TimeCell::new("19:00–20:30", Some("UTC+3"), None)
            ),
            (
                "Paris".to_owned(),
                TimeCell::new("17:00–18:30", Some("UTC+1"), None)
            ),
            (
                "Montréal".to_owned(),
                TimeCell::new("11:00–12:30", Some("UTC-5"), None)
            ),
        ],
        "the preview of the suggestion's times"
    );
    assert_eq!(browser.value("input#start").await, "19:00");
    assert_eq!(browser.value("input#end").await, "20:30");
    assert_eq!(
        browser.focused().await,
        "start",
        "back at the start, to check it"
    );
    assert_eq!(
        browser.text("p.slot-status").await,
        "Les horaires de la suggestion (19:00–20:30) sont remplis mais pas encore enregistrés : \
         vérifiez-les, puis enregistrez."
    );
    browser
        .wait_until(
            "the suggestions mark 19:00 as the time it has now",
            async || browser.text(".slots-table").await,
            |text| text.contains("Choisir 19:00\nl’horaire actuel"),
        )
        .await;
    assert_eq!(browser.url().await, form, "nothing was posted");
    assert_eq!(
        draft_schedule(&site, "mayors-dialogue").await,
        timed(7, (16, 0), (17, 30)),
        "nothing saved yet"
    );

    browser
        .click("form.session-form button[type='submit']")
        .await;
    browser
        .wait_for_url(&site.url("/organiser/events/izmir-2021?done=saved"))
        .await;
    assert_eq!(
        draft_schedule(&site, "mayors-dialogue").await,
        timed(7, (19, 0), (20, 30))
    );
    browser.close().await;
}

#[tokio::test]
async fn a_session_moved_on_the_timetable_with_the_keyboard_is_saved_at_its_new_time() {
    let Some((site, browser)) = site_and_browser("Europe/Paris", JavaScript::On).await else {
        return;
    };
    sign_in(&site, &browser).await;
    let timetable = site.url("/organiser/events/izmir-2021/timetable?day=2021-12-07");
    browser.goto(&timetable).await;
    let block = "a#block-mayors-dialogue";

    browser.focus(block).await;
    let down = fantoccini::key::Key::Down.to_string();
    browser.press(&down.repeat(12)).await;

    let live = browser.text(".tt-live").await;
    assert_eq!(
        live,
        "Déplacement de « Dialogue des maires sur l’état de la cohésion sociale dans les villes » \
         — En ligne — Izmir 19:00–20:30 · Paris 17:00–18:30 · Montréal 11:00–12:30",
        "its times in every zone while it moves"
    );
    assert_eq!(
        browser.text(&format!("{block} .tt-time")).await,
        "19:00–20:30"
    );
    assert_eq!(
        browser
            .attribute(&format!("{block} rect"), "y")
            .await
            .as_deref(),
        Some("720"),
        "three hours lower: 19:00 is 720 minutes after 07:00"
    );
    assert_eq!(
        draft_schedule(&site, "mayors-dialogue").await,
        timed(7, (16, 0), (17, 30)),
        "nothing saved while it moves"
    );

    browser
        .press(&fantoccini::key::Key::Enter.to_string())
        .await;
    browser
        .wait_for_url(&site.url(
            "/organiser/events/izmir-2021/timetable?day=2021-12-07&done=saved#block-mayors-dialogue",
        ))
        .await;

    assert_eq!(
        draft_schedule(&site, "mayors-dialogue").await,
        timed(7, (19, 0), (20, 30)),
        "the draft has the new time"
    );
    assert_eq!(browser.text("p.notice[role='status']").await, "Enregistré.");
    assert_eq!(
        browser
            .attribute(&format!("{block} rect"), "y")
            .await
            .as_deref(),
        Some("720")
    );
    assert_eq!(
        browser.focused().await,
        "block-mayors-dialogue",
        "the block keeps the focus"
    );

    // Onto the interactive dialogue (17:45–19:00), then Enter: refused with the checks' words,
    // and Escape puts it back.
    let up = fantoccini::key::Key::Up.to_string();
    browser.press(&up.repeat(5)).await;
    assert!(
        browser
            .text(".tt-live")
            .await
            .contains("⚠ chevauche « Dialogue interactif"),
        "the overlap is said while moving"
    );
    browser
        .press(&fantoccini::key::Key::Enter.to_string())
        .await;
    let error = browser
        .wait_until(
            "the refusal is shown",
            async || browser.text(".tt-error").await,
            |text| !text.is_empty(),
        )
        .await;
    assert!(
        error.starts_with("Le déplacement n’a pas été enregistré. Les séances \"mayors-dialogue\""),
        "{error}"
    );
    browser
        .press(&fantoccini::key::Key::Escape.to_string())
        .await;
    assert_eq!(
        browser.text(&format!("{block} .tt-time")).await,
        "19:00–20:30"
    );
    assert_eq!(
        draft_schedule(&site, "mayors-dialogue").await,
        timed(7, (19, 0), (20, 30))
    );
    browser.close().await;
}

#[tokio::test]
async fn the_session_form_and_the_timetable_have_no_serious_or_critical_accessibility_violations() {
    let Some((site, browser)) = site_and_browser("Europe/Paris", JavaScript::On).await else {
        return;
    };
    sign_in(&site, &browser).await;
    let mut report = Vec::new();
    let mut serious = 0;
    for path in [
        "/organiser/events/izmir-2021/sessions/mayors-dialogue",
        "/organiser/events/izmir-2021/timetable?day=2021-12-07",
    ] {
        browser.goto(&site.url(path)).await;
        for violation in browser.accessibility_violations().await {
            serious += usize::from(violation.is_serious());
            report.push(format!("{path}: {violation}"));
        }
    }
    if !report.is_empty() {
        eprintln!("axe-core found:\n{}", report.join("\n"));
    }
    assert_eq!(
        serious,
        0,
        "serious or critical violations among:\n{}",
        report.join("\n")
    );
    browser.close().await;
}
