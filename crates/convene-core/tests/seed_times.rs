//! The Izmir programme gives every session the times the organisers' own programme shows.

use convene_core::locale::Localizer;
use convene_core::view::TimeStatus;
use convene_core::{CheckOptions, Language, ProgrammeView, ViewOptions, load};

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");

fn view(lang: &str) -> ProgrammeView {
    let loaded = load(IZMIR, &CheckOptions::default());
    assert_eq!(loaded.diagnostics, vec![], "the Izmir programme is clean");
    let programme = loaded.programme.expect("the Izmir programme loads");
    let words = Localizer::new(&Language::parse(lang).unwrap());
    ProgrammeView::build(&programme, &words, &ViewOptions { reader_zone: None })
}

/// (session, [(zone label, local start–end, offset)]) as the seed prints them.
type Expected = (
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

const SEED: &[Expected] = &[
    (
        "mayors-dialogue",
        &[
            ("Izmir", "16:00–17:30", "UTC+3"),
            ("Paris", "14:00–15:30", "UTC+1"),
            ("Montréal", "08:00–09:30", "UTC-5"),
        ],
    ),
    (
        "interactive-dialogue",
        &[
            ("Izmir", "17:45–19:00", "UTC+3"),
            ("Paris", "15:45–17:00", "UTC+1"),
            ("Montréal", "09:45–11:00", "UTC-5"),
        ],
    ),
    (
        "workshop-resilience",
        &[
            ("Izmir", "16:00–17:30", "UTC+3"),
            ("Paris", "14:00–15:30", "UTC+1"),
            ("Montréal", "08:00–09:30", "UTC-5"),
        ],
    ),
    (
        "workshop-diversity",
        &[
            ("Izmir", "17:45–19:00", "UTC+3"),
            ("Paris", "15:45–17:00", "UTC+1"),
            ("Montréal", "09:45–11:00", "UTC-5"),
        ],
    ),
    (
        "workshop-dialogue",
        &[
            ("Izmir", "19:15–20:30", "UTC+3"),
            ("Paris", "17:15–18:30", "UTC+1"),
            ("Montréal", "11:15–12:30", "UTC-5"),
        ],
    ),
];

#[test]
fn every_online_session_shows_the_seeds_times_in_all_three_zones() {
    let view = view("fr");
    for (id, expected) in SEED {
        let session = view.sessions().find(|s| s.id.as_str() == *id).unwrap();
        let times: Vec<(String, String, String)> = session
            .times
            .as_ref()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t.label.clone(),
                    t.range_label.range.clone(),
                    t.offset.clone(),
                )
            })
            .collect();
        let expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(times, expected, "session {id}");
        assert!(
            session
                .times
                .as_ref()
                .unwrap()
                .iter()
                .all(|t| t.day_shift == 0 && t.end_day_shift == 0)
        );
    }
}

#[test]
fn the_sessions_of_10_december_are_to_be_confirmed() {
    let view = view("fr");
    let day = view
        .days
        .iter()
        .find(|d| d.date.to_string() == "2021-12-10")
        .unwrap();
    let sessions: Vec<(&str, TimeStatus, Option<&str>, bool)> = day
        .sessions
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.time_status,
                s.time_status_label.as_deref(),
                s.times.is_none(),
            )
        })
        .collect();
    assert_eq!(
        sessions,
        [
            (
                "human-rights-plenary",
                TimeStatus::TimeToBeConfirmed,
                Some("horaire à confirmer"),
                true
            ),
            (
                "closing-panel",
                TimeStatus::TimeToBeConfirmed,
                Some("horaire à confirmer"),
                true
            ),
        ]
    );
    assert_eq!(view.pending, 2);
}

#[test]
fn days_follow_the_event_calendar_in_each_language() {
    let labels = |lang| {
        view(lang)
            .days
            .iter()
            .map(|d| d.label.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        labels("fr"),
        [
            "mardi 7 décembre 2021",
            "mercredi 8 décembre 2021",
            "vendredi 10 décembre 2021"
        ]
    );
    assert_eq!(
        labels("tr"),
        [
            "7 Aralık 2021 Salı",
            "8 Aralık 2021 Çarşamba",
            "10 Aralık 2021 Cuma"
        ]
    );
}

#[test]
fn on_site_sessions_show_the_host_zone_and_online_ones_every_zone() {
    let programme = load(IZMIR, &CheckOptions::default()).programme.unwrap();
    let shown = |id: &str| {
        let session = programme
            .sessions
            .iter()
            .find(|s| s.id.as_str() == id)
            .unwrap();
        programme
            .zones_shown(session)
            .iter()
            .map(|z| z.zone.name().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shown("mayors-dialogue"),
        ["Europe/Istanbul", "Europe/Paris", "America/Toronto"]
    );
    assert_eq!(shown("closing-panel"), ["Europe/Istanbul"]);
}

#[test]
fn every_text_is_translated_and_never_a_copy_of_the_french() {
    let fr = view("fr");
    for lang in ["en", "tr"] {
        let other = view(lang);
        for (a, b) in fr.sessions().zip(other.sessions()) {
            assert!(!b.title.fallback, "{lang} title of {}", b.id);
            assert_ne!(
                a.title.text, b.title.text,
                "{lang} title of {} is the French",
                b.id
            );
            for (qa, qb) in a.questions.iter().zip(&b.questions) {
                assert!(!qb.fallback);
                assert_ne!(
                    qa.text, qb.text,
                    "{lang} question of {} is the French",
                    b.id
                );
            }
        }
    }
}
