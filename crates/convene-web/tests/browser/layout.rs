//! The public pages on a phone, a tablet and a desktop screen, in every language: no text overlaps
//! another, nothing makes the page scroll sideways, a session's times read as one labelled line per
//! zone, the day picture fits or scrolls inside its own box and its text stays readable, and
//! axe-core finds nothing to report. Screenshots of the phone and tablet pages are saved in the
//! temporary folder, under `convene-screenshots`, to be looked at.

use std::path::PathBuf;

use crate::chromium::{Browser, JavaScript, Screen};
use crate::site::TestSite;
use crate::{FILLED_BY_THE_SCRIPT, site_and_browser_on};

const LANGUAGES: [&str; 3] = ["fr", "en", "tr"];

/// No text of a day picture may be smaller than this on screen.
const SMALLEST_PICTURE_TEXT_PX: f64 = 9.0;

/// The zone the browsers live in, and so the zone of "your time" when the script runs.
const BROWSER_ZONE: &str = "Europe/Paris";

/// A public page, and the programme row (a session's card on narrow screens) holding the times of
/// the mayors' dialogue when it shows them.
struct Page {
    name: &'static str,
    path: &'static str,
    times: Option<&'static str>,
}

/// The pages every screen is checked on.
const PAGES: [Page; 3] = [
    Page {
        name: "event home",
        path: "/events/izmir-2021",
        times: None,
    },
    Page {
        name: "programme",
        path: "/events/izmir-2021/programme",
        times: Some("tr#mayors-dialogue"),
    },
    Page {
        name: "session",
        path: "/events/izmir-2021/sessions/mayors-dialogue",
        times: Some("table.programme tbody tr"),
    },
];

/// The other public pages, checked on a phone.
const MORE_PAGES: [Page; 4] = [
    Page {
        name: "events",
        path: "/",
        times: None,
    },
    Page {
        name: "people",
        path: "/events/izmir-2021/people",
        times: None,
    },
    Page {
        name: "changes",
        path: "/events/izmir-2021/changes",
        times: None,
    },
    Page {
        name: "not found",
        path: "/events/izmir-2021/sessions/no-such-session",
        times: None,
    },
];

/// One time of the mayors' dialogue (Tuesday 7 December 2021, 16:00–17:30 in Izmir) as a reader
/// sees it: the zone's label, the time range and the UTC offset.
struct ZoneTime {
    label: &'static str,
    range: &'static str,
    offset: &'static str,
}

const fn time(label: &'static str, range: &'static str, offset: &'static str) -> ZoneTime {
    ZoneTime {
        label,
        range,
        offset,
    }
}

/// The mayors' dialogue in `lang`: "your time" in the browser's zone, then Izmir, Paris and
/// Montréal.
fn mayors_dialogue(lang: &str) -> (ZoneTime, [ZoneTime; 3]) {
    match lang {
        "fr" => (
            time("Votre heure", "14:00–15:30", "UTC+1"),
            [
                time("Izmir", "16:00–17:30", "UTC+3"),
                time("Paris", "14:00–15:30", "UTC+1"),
                time("Montréal", "08:00–09:30", "UTC-5"),
            ],
        ),
        "en" => (
            time("Your time", "2:00\u{202f}PM – 3:30\u{202f}PM", "UTC+1"),
            [
                time("Izmir", "4:00\u{202f}PM – 5:30\u{202f}PM", "UTC+3"),
                time("Paris", "2:00\u{202f}PM – 3:30\u{202f}PM", "UTC+1"),
                time("Montréal", "8:00\u{202f}AM – 9:30\u{202f}AM", "UTC-5"),
            ],
        ),
        "tr" => (
            time("Sizin saatiniz", "14:00–15:30", "UTC+1"),
            [
                time("İzmir", "16:00–17:30", "UTC+3"),
                time("Paris", "14:00–15:30", "UTC+1"),
                time("Montréal", "08:00–09:30", "UTC-5"),
            ],
        ),
        _ => panic!("no times written down for {lang}"),
    }
}

/// The mayors' dialogue's times as read on `screen`. On a phone or a tablet each is a line of its
/// own, its label, range and offset side by side: "your time" first (with the zone under its
/// label), when the script has filled it in. On a desktop screen they are table cells, each with
/// its range over its offset, "your time" last.
pub(crate) fn expected_lines(lang: &str, screen: Screen, javascript: JavaScript) -> Vec<String> {
    let (yours, zones) = mayors_dialogue(lang);
    if screen == Screen::DESKTOP {
        return zones
            .iter()
            .chain([&yours])
            .map(|t| format!("{}\n{}", t.range, t.offset))
            .collect();
    }
    let line = |t: &ZoneTime| format!("{} | {} | {}", t.label, t.range, t.offset);
    let yours = (javascript == JavaScript::On).then(|| format!("{}\n{BROWSER_ZONE}", line(&yours)));
    yours.into_iter().chain(zones.iter().map(line)).collect()
}

/// Everything wrong with `page` in `lang` as the browser shows it, one sentence each.
async fn problems(
    browser: &Browser,
    site: &TestSite,
    page: &Page,
    lang: &str,
    screen: Screen,
    javascript: JavaScript,
) -> Vec<String> {
    let url = site.url(&format!("{}?lang={lang}", page.path));
    browser.goto(&url).await;
    if javascript == JavaScript::On && page.times.is_some() {
        browser.wait_for(FILLED_BY_THE_SCRIPT).await;
    }
    let mut found = Vec::new();

    for overlap in browser.overlapping_texts("header.site, main").await {
        found.push(format!("texts overlap: {overlap}"));
    }

    let (viewport, page_width) = browser.page_width().await;
    if page_width > viewport {
        found.push(format!(
            "the page is {page_width} px wide in a {viewport} px viewport: it scrolls sideways"
        ));
    }

    if let Some(row) = page.times {
        let lines = browser.time_lines_as_read(row).await;
        let expected = expected_lines(lang, screen, javascript);
        if lines != expected {
            found.push(format!(
                "the mayors' dialogue reads {lines:#?}\ninstead of {expected:#?}"
            ));
        }
    }

    for picture in browser.pictures().await {
        let scrolls_inside = picture.scrolls_in_its_box && picture.box_within_viewport;
        if !(picture.within_viewport || scrolls_inside) {
            found.push(format!(
                "the day picture {} neither fits the viewport nor scrolls in a box that does",
                picture.id
            ));
        }
        if picture.smallest_text_px < SMALLEST_PICTURE_TEXT_PX {
            found.push(format!(
                "the day picture {} has text {:.1} px high on screen, under {SMALLEST_PICTURE_TEXT_PX} px",
                picture.id, picture.smallest_text_px
            ));
        }
    }

    // axe-core needs the page's scripts to be allowed to run (it waits on timers).
    let violations = match javascript {
        JavaScript::On => browser.accessibility_violations().await,
        JavaScript::Off => Vec::new(),
    };
    for violation in violations {
        found.push(format!("axe-core: {violation}"));
    }

    if screen != Screen::DESKTOP {
        save_screenshots(browser, page, lang, screen, javascript).await;
    }
    found
        .into_iter()
        .map(|problem| format!("{} in {lang} ({url}): {problem}", page.name))
        .collect()
}

/// Screenshots of the top of the page and, when it shows times, of the mayors' dialogue.
async fn save_screenshots(
    browser: &Browser,
    page: &Page,
    lang: &str,
    screen: Screen,
    javascript: JavaScript,
) {
    let folder = std::env::temp_dir().join("convene-screenshots");
    std::fs::create_dir_all(&folder)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", folder.display()));
    let name = page.name.replace(' ', "-");
    let script = match javascript {
        JavaScript::On => "",
        JavaScript::Off => "-no-script",
    };
    let file = |part: &str| -> PathBuf {
        folder.join(format!("{name}-{lang}-{screen}{script}{part}.png"))
    };
    browser.screenshot(&file("")).await;
    if let Some(row) = page.times {
        browser.scroll_to(row).await;
        browser.screenshot(&file("-times")).await;
    }
}

/// Checks `pages` in every language on `screen` and fails with every problem found.
async fn check_pages(screen: Screen, javascript: JavaScript, pages: &[&Page]) {
    let Some((site, browser)) = site_and_browser_on(BROWSER_ZONE, javascript, screen).await else {
        return;
    };
    let mut found = Vec::new();
    for page in pages {
        for lang in LANGUAGES {
            found.extend(problems(&browser, &site, page, lang, screen, javascript).await);
        }
    }
    browser.close().await;
    assert_eq!(
        found,
        Vec::<String>::new(),
        "on a {screen} screen:\n{}",
        found.join("\n\n")
    );
}

#[tokio::test]
async fn on_a_phone_every_public_page_reads_without_overlaps_or_sideways_scrolling() {
    let pages: Vec<&Page> = PAGES.iter().chain(&MORE_PAGES).collect();
    check_pages(Screen::PHONE, JavaScript::On, &pages).await;
}

#[tokio::test]
async fn on_a_phone_without_javascript_the_cards_show_each_zone_and_no_empty_your_time() {
    check_pages(
        Screen::PHONE,
        JavaScript::Off,
        &PAGES.iter().collect::<Vec<_>>(),
    )
    .await;
}

#[tokio::test]
async fn on_a_tablet_the_pages_read_as_on_a_phone_with_cards_side_by_side() {
    check_pages(
        Screen::TABLET,
        JavaScript::On,
        &PAGES.iter().collect::<Vec<_>>(),
    )
    .await;
}

#[tokio::test]
async fn on_a_desktop_screen_the_times_stay_a_table_of_zone_columns() {
    check_pages(
        Screen::DESKTOP,
        JavaScript::On,
        &PAGES.iter().collect::<Vec<_>>(),
    )
    .await;
}
