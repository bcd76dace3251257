//! The public pages in a real browser: headless Chromium, driven through ChromeDriver, in the time
//! zone each test chooses, against the app served on a local socket.
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
#[path = "browser/scratch.rs"]
mod scratch;
#[path = "browser/site.rs"]
mod site;

use chromium::{Browser, BrowserTools, JavaScript, TimeCell};
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

/// The site, and a browser living in `zone`; `None` where the browser tools are not set up.
async fn site_and_browser(zone: &str, javascript: JavaScript) -> Option<(TestSite, Browser)> {
    let tools = BrowserTools::from_env()?;
    let site = TestSite::start().await;
    let browser = Browser::open(&tools, zone, javascript).await;
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

    let expected = TimeCell::new("02:00–03:30", Some("UTC+13"), Some("+1 jour"));
    assert_eq!(
        yours, expected,
        "the script's \"your time\" in Pacific/Auckland"
    );
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
