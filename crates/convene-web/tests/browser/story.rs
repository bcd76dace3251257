//! The whole story of a summit's next edition, as a new organiser and a reader live it: an admin
//! creates the next edition of the Izmir summit in the browser, finds its days, venues and display
//! zones (İzmir for Turkish readers) carried over, adds a person, places its seven sessions with the
//! times that suit every zone and one with the timetable, and publishes it; a reader on a 390-px
//! phone then reads every time, in Turkish, without two texts overlapping.

use convene_core::Schedule;
use convene_store::Role;
use fantoccini::key::Key;
use jiff::civil::date;

use crate::FILLED_BY_THE_SCRIPT;
use crate::chromium::{Browser, BrowserTools, JavaScript, Screen};
use crate::layout::expected_lines;
use crate::site::TestSite;

const ADMIN: &str = "admin@example.org";
const ADMIN_PASSWORD: &str = "a long enough password";
const EVENT: &str = "/organiser/events/izmir-2022";

/// A session of the new edition: its day, the time first typed (one that suits no one in
/// Montréal, or no one awake in Izmir), and the suggested start picked instead.
struct Placing {
    id: &'static str,
    date: &'static str,
    typed: (&'static str, &'static str),
    picked: &'static str,
}

const PLACINGS: [Placing; 7] = [
    Placing {
        id: "mayors-dialogue",
        date: "2022-12-07",
        typed: ("10:00", "11:30"),
        picked: "16:00",
    },
    Placing {
        id: "interactive-dialogue",
        date: "2022-12-07",
        typed: ("10:00", "11:15"),
        picked: "17:45",
    },
    Placing {
        id: "workshop-resilience",
        date: "2022-12-08",
        typed: ("10:00", "11:30"),
        picked: "16:00",
    },
    Placing {
        id: "workshop-diversity",
        date: "2022-12-08",
        typed: ("10:00", "11:15"),
        picked: "17:45",
    },
    Placing {
        id: "workshop-dialogue",
        date: "2022-12-08",
        typed: ("10:00", "11:15"),
        picked: "19:15",
    },
    Placing {
        id: "human-rights-plenary",
        date: "2022-12-10",
        typed: ("06:00", "07:30"),
        picked: "10:00",
    },
    Placing {
        id: "closing-panel",
        date: "2022-12-10",
        typed: ("06:00", "07:00"),
        picked: "12:00",
    },
];

async fn sign_in(site: &TestSite, browser: &Browser) {
    site.create_organiser(ADMIN, Role::Admin, ADMIN_PASSWORD)
        .await;
    browser.goto(&site.url("/organiser/login")).await;
    browser.type_into("input#email", ADMIN).await;
    browser.type_into("input#password", ADMIN_PASSWORD).await;
    browser
        .click("form[action='/organiser/login'] button[type='submit']")
        .await;
    browser.wait_for_url(&site.url("/organiser")).await;
}

/// Places one session: its day and a first time typed, then the suggestion picked, then saved.
async fn place(site: &TestSite, browser: &Browser, placing: &Placing) {
    browser
        .goto(&site.url(&format!("{EVENT}/sessions/{}", placing.id)))
        .await;
    if browser.attribute("input#tbc", "checked").await.is_some() {
        browser.click("input#tbc").await;
    }
    browser.pick("input#date", placing.date).await;
    browser.pick("input#start", placing.typed.0).await;
    browser.pick("input#end", placing.typed.1).await;
    let suggestion = format!("button[name='use_slot'][value='{}']", placing.picked);
    browser.wait_for(&suggestion).await;
    browser.click(&suggestion).await;
    browser
        .wait_until(
            &format!("{} starts at {} in the form", placing.id, placing.picked),
            async || browser.value("input#start").await,
            |start| start == placing.picked,
        )
        .await;
    browser
        .click("form.session-form .form-actions button[type='submit']")
        .await;
    browser
        .wait_for_url(&site.url(&format!("{EVENT}?done=saved")))
        .await;
}

fn timed(day: (i16, i8, i8), start: (i8, i8), end: (i8, i8)) -> Schedule {
    let day = date(day.0, day.1, day.2);
    Schedule::Timed {
        start: day.at(start.0, start.1, 0, 0),
        end: day.at(end.0, end.1, 0, 0),
    }
}

#[tokio::test]
async fn an_organiser_makes_the_next_edition_in_the_browser_and_a_reader_on_a_phone_reads_every_time()
 {
    let Some(tools) = BrowserTools::from_env() else {
        return;
    };
    let site = TestSite::start().await;
    let organiser = Browser::open(&tools, "Europe/Paris", JavaScript::On, Screen::DESKTOP).await;
    sign_in(&site, &organiser).await;

    // The next edition, from the earlier one: everything carried over but the times.
    organiser
        .goto(&site.url("/organiser/events/new?continues=izmir-2021"))
        .await;
    assert_eq!(organiser.value("input#id").await, "izmir-2022");
    organiser
        .click("form.organiser-form button[type='submit']")
        .await;
    organiser
        .wait_for_url(&site.url(&format!("{EVENT}?done=created")))
        .await;
    let draft = site.draft("izmir-2022").await;
    let days: Vec<String> = draft
        .event
        .days
        .iter()
        .map(|d| d.date.to_string())
        .collect();
    assert_eq!(days, ["2022-12-07", "2022-12-08", "2022-12-10"]);
    assert_eq!(draft.sessions.len(), 7, "the seven sessions, to be timed");
    assert!(draft.sessions.iter().all(|s| !s.schedule.is_confirmed()));

    // Its display zones: İzmir for Turkish readers.
    organiser.goto(&site.url(&format!("{EVENT}/zones"))).await;
    assert_eq!(organiser.value("input#zones-0-label_tr").await, "İzmir");

    // Someone taking part, in the directory, then in the mayors' dialogue.
    organiser.goto(&site.url(&format!("{EVENT}/people"))).await;
    organiser
        .type_into("input#people-0-name", "Tunç Soyer")
        .await;
    organiser
        .type_into("input#people-0-title_fr", "Maire d’Izmir")
        .await;
    organiser
        .type_into(
            "input#people-0-title_tr",
            "İzmir Büyükşehir Belediye Başkanı",
        )
        .await;
    organiser.type_into("input#people-0-city", "Izmir").await;
    organiser
        .type_into("input#people-0-country", "Türkiye")
        .await;
    organiser
        .click("form.organiser-form button[type='submit']")
        .await;
    organiser
        .wait_for_url(&site.url(&format!("{EVENT}/people?done=saved")))
        .await;

    for placing in &PLACINGS {
        place(&site, &organiser, placing).await;
    }
    organiser
        .goto(&site.url(&format!("{EVENT}/sessions/mayors-dialogue")))
        .await;
    organiser.pick("select#people-0-person", "tunc-soyer").await;
    organiser.pick("select#people-0-role", "chair").await;
    organiser
        .click("form.session-form .form-actions button[type='submit']")
        .await;
    organiser
        .wait_for_url(&site.url(&format!("{EVENT}?done=saved")))
        .await;

    // The closing panel, two hours later on the timetable, with the keyboard.
    organiser
        .goto(&site.url(&format!("{EVENT}/timetable?day=2022-12-10")))
        .await;
    organiser.focus("a#block-closing-panel").await;
    organiser.press(&Key::Down.to_string().repeat(8)).await;
    organiser.press(&Key::Enter.to_string()).await;
    organiser
        .wait_for_url(&site.url(&format!(
            "{EVENT}/timetable?day=2022-12-10&done=saved#block-closing-panel"
        )))
        .await;

    let draft = site.draft("izmir-2022").await;
    let schedules: Vec<(&str, Schedule)> = draft
        .sessions
        .iter()
        .map(|s| (s.id.as_str(), s.schedule))
        .collect();
    assert_eq!(
        schedules,
        [
            ("mayors-dialogue", timed((2022, 12, 7), (16, 0), (17, 30))),
            (
                "interactive-dialogue",
                timed((2022, 12, 7), (17, 45), (19, 0))
            ),
            (
                "workshop-resilience",
                timed((2022, 12, 8), (16, 0), (17, 30))
            ),
            (
                "workshop-diversity",
                timed((2022, 12, 8), (17, 45), (19, 0))
            ),
            (
                "workshop-dialogue",
                timed((2022, 12, 8), (19, 15), (20, 30))
            ),
            (
                "human-rights-plenary",
                timed((2022, 12, 10), (10, 0), (11, 30))
            ),
            ("closing-panel", timed((2022, 12, 10), (14, 0), (15, 0))),
        ]
    );

    organiser.goto(&site.url(EVENT)).await;
    organiser
        .click("form[action$='/publish'] button[type='submit']")
        .await;
    organiser
        .wait_for_url(&site.url(&format!("{EVENT}?done=published&version=1")))
        .await;
    organiser.close().await;

    // A reader on a phone, in Turkish.
    let reader = Browser::open(&tools, "Europe/Paris", JavaScript::On, Screen::PHONE).await;
    let mut problems = Vec::new();
    for path in [
        "/events/izmir-2022/programme?lang=tr",
        "/events/izmir-2022/sessions/mayors-dialogue?lang=tr",
        "/events/izmir-2022/people/tunc-soyer?lang=tr",
    ] {
        reader.goto(&site.url(path)).await;
        reader.wait_for(FILLED_BY_THE_SCRIPT).await;
        for overlap in reader.overlapping_texts("header.site, main").await {
            problems.push(format!("{path}: texts overlap: {overlap}"));
        }
        let (viewport, width) = reader.page_width().await;
        if width > viewport {
            problems.push(format!(
                "{path}: {width} px wide in a {viewport} px viewport"
            ));
        }
    }
    assert_eq!(problems, Vec::<String>::new());
    reader
        .goto(&site.url("/events/izmir-2022/programme?lang=tr"))
        .await;
    reader.wait_for(FILLED_BY_THE_SCRIPT).await;
    assert_eq!(
        reader.time_lines_as_read("tr#mayors-dialogue").await,
        expected_lines("tr", Screen::PHONE, JavaScript::On),
        "16:00 İzmir, 14:00 Paris, 08:00 Montréal, and the reader's own time first"
    );
    reader.close().await;
}
