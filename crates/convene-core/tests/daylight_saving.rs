//! Times stay right across daylight-saving changes, in half-hour and 45-minute zones, in the southern
//! hemisphere, and across midnight.

use convene_core::locale::Localizer;
use convene_core::view::ZoneTime;
use convene_core::{CheckOptions, Language, ProgrammeView, ViewOptions, Zone, load};

const MARCH_2022: &str = r#"
[event]
id = "march-2022"
source_language = "en"
languages = ["en"]
host_zone = "Europe/Istanbul"
status = "final"
name.en = "A month of changes"
days = [
  { date = "2022-03-10", format = "online", venue = "online" },
  { date = "2022-03-20", format = "online", venue = "online" },
  { date = "2022-03-30", format = "online", venue = "online" },
  { date = "2022-04-05", format = "online", venue = "online" },
]

[[zones]]
zone = "Europe/Istanbul"
label = "Izmir"
[[zones]]
zone = "Europe/Paris"
label = "Paris"
[[zones]]
zone = "America/Toronto"
label = "Montréal"
[[zones]]
zone = "Asia/Kolkata"
label = "Kolkata"
[[zones]]
zone = "Asia/Kathmandu"
label = "Kathmandu"
[[zones]]
zone = "Australia/Sydney"
label = "Sydney"

[[venues]]
id = "online"
kind = "online"
name.en = "Online"

[[sessions]]
id = "before-both-changes"
kind = "plenary"
format = "online"
venue = "online"
date = "2022-03-10"
start = "16:00"
end = "17:30"
title.en = "Before 13 March"

[[sessions]]
id = "between-the-changes"
kind = "plenary"
format = "online"
venue = "online"
date = "2022-03-20"
start = "16:00"
end = "17:30"
title.en = "Between 13 and 27 March"

[[sessions]]
id = "after-both-changes"
kind = "plenary"
format = "online"
venue = "online"
date = "2022-03-30"
start = "16:00"
end = "17:30"
title.en = "After 27 March"

[[sessions]]
id = "after-sydney-change"
kind = "plenary"
format = "online"
venue = "online"
date = "2022-04-05"
start = "16:00"
end = "17:30"
title.en = "After Sydney leaves summer time"

[[sessions]]
id = "past-midnight"
kind = "other"
format = "online"
venue = "online"
date = "2022-04-05"
start = "23:30"
end = "2022-04-06T00:30"
title.en = "Crosses midnight in the host zone"
"#;

fn view_of(source: &str) -> ProgrammeView {
    let loaded = load(source, &CheckOptions::default());
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let words = Localizer::new(&Language::parse("en").unwrap());
    let options = ViewOptions {
        reader_zone: Some(Zone::parse("Pacific/Auckland").unwrap()),
    };
    ProgrammeView::build(&loaded.programme.unwrap(), &words, &options)
}

fn times(view: &ProgrammeView, id: &str) -> Vec<ZoneTime> {
    view.sessions()
        .find(|s| s.id.as_str() == id)
        .unwrap()
        .times
        .clone()
        .unwrap()
}

fn by_label(times: &[ZoneTime], label: &str) -> ZoneTime {
    times.iter().find(|t| t.label == label).unwrap().clone()
}

/// (label, RFC 3339 start, RFC 3339 end, days from the host date)
fn summary(times: &[ZoneTime]) -> Vec<(String, String, String, i32)> {
    times
        .iter()
        .map(|t| (t.label.clone(), t.start.clone(), t.end.clone(), t.day_shift))
        .collect()
}

fn expected(rows: &[(&str, &str, &str, i32)]) -> Vec<(String, String, String, i32)> {
    rows.iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), *d))
        .collect()
}

#[test]
fn before_13_march_montreal_is_utc_minus_5_and_paris_utc_plus_1() {
    assert_eq!(
        summary(&times(&view_of(MARCH_2022), "before-both-changes")),
        expected(&[
            (
                "Izmir",
                "2022-03-10T16:00:00+03:00",
                "2022-03-10T17:30:00+03:00",
                0
            ),
            (
                "Paris",
                "2022-03-10T14:00:00+01:00",
                "2022-03-10T15:30:00+01:00",
                0
            ),
            (
                "Montréal",
                "2022-03-10T08:00:00-05:00",
                "2022-03-10T09:30:00-05:00",
                0
            ),
            (
                "Kolkata",
                "2022-03-10T18:30:00+05:30",
                "2022-03-10T20:00:00+05:30",
                0
            ),
            (
                "Kathmandu",
                "2022-03-10T18:45:00+05:45",
                "2022-03-10T20:15:00+05:45",
                0
            ),
            (
                "Sydney",
                "2022-03-11T00:00:00+11:00",
                "2022-03-11T01:30:00+11:00",
                1
            ),
            (
                "Your time",
                "2022-03-11T02:00:00+13:00",
                "2022-03-11T03:30:00+13:00",
                1
            ),
        ])
    );
}

#[test]
fn between_13_and_27_march_montreal_has_moved_and_paris_has_not() {
    assert_eq!(
        summary(&times(&view_of(MARCH_2022), "between-the-changes"))[1..3],
        expected(&[
            (
                "Paris",
                "2022-03-20T14:00:00+01:00",
                "2022-03-20T15:30:00+01:00",
                0
            ),
            (
                "Montréal",
                "2022-03-20T09:00:00-04:00",
                "2022-03-20T10:30:00-04:00",
                0
            ),
        ])
    );
}

#[test]
fn after_27_march_both_have_moved() {
    assert_eq!(
        summary(&times(&view_of(MARCH_2022), "after-both-changes"))[1..3],
        expected(&[
            (
                "Paris",
                "2022-03-30T15:00:00+02:00",
                "2022-03-30T16:30:00+02:00",
                0
            ),
            (
                "Montréal",
                "2022-03-30T09:00:00-04:00",
                "2022-03-30T10:30:00-04:00",
                0
            ),
        ])
    );
}

#[test]
fn half_hour_and_45_minute_offsets_are_labelled_with_their_minutes() {
    let all = times(&view_of(MARCH_2022), "before-both-changes");
    let offsets: Vec<(String, String, String)> = ["Kolkata", "Kathmandu"]
        .iter()
        .map(|l| by_label(&all, l))
        .map(|t| (t.label, t.offset, t.range_label.range))
        .collect();
    assert_eq!(
        offsets,
        [
            (
                "Kolkata".to_owned(),
                "UTC+5:30".to_owned(),
                "6:30\u{202f}PM – 8:00\u{202f}PM".to_owned()
            ),
            (
                "Kathmandu".to_owned(),
                "UTC+5:45".to_owned(),
                "6:45\u{202f}PM – 8:15\u{202f}PM".to_owned()
            ),
        ]
    );
}

#[test]
fn sydney_leaves_summer_time_in_april_and_the_session_crosses_its_midnight() {
    let sydney = by_label(
        &times(&view_of(MARCH_2022), "after-sydney-change"),
        "Sydney",
    );
    assert_eq!(
        (
            sydney.start.as_str(),
            sydney.end.as_str(),
            sydney.day_shift,
            sydney.end_day_shift
        ),
        (
            "2022-04-05T23:00:00+10:00",
            "2022-04-06T00:30:00+10:00",
            0,
            1
        )
    );
    assert_eq!(sydney.end_day_shift_label.as_deref(), Some("+1 day"));
    assert_eq!(sydney.day_shift_label, None);
    assert_eq!(
        (
            sydney.range_label.range.as_str(),
            sydney.range_label.date_note
        ),
        ("11:00\u{202f}PM – 12:30\u{202f}AM (+1 day)", None),
        "the end's next day is marked after the range; the start is on the session's day"
    );
}

#[test]
fn a_session_past_the_hosts_midnight_shows_the_right_dates_everywhere() {
    let all = times(&view_of(MARCH_2022), "past-midnight");
    let izmir = by_label(&all, "Izmir");
    assert_eq!((izmir.day_shift, izmir.end_day_shift), (0, 1));
    let montreal = by_label(&all, "Montréal");
    assert_eq!(
        (
            montreal.start.as_str(),
            montreal.end.as_str(),
            montreal.day_shift,
            montreal.end_day_shift
        ),
        (
            "2022-04-05T16:30:00-04:00",
            "2022-04-05T17:30:00-04:00",
            0,
            0
        )
    );
    let sydney = by_label(&all, "Sydney");
    assert_eq!(
        (
            sydney.start.as_str(),
            sydney.day_shift,
            sydney.local_date_label.as_deref(),
            sydney.day_shift_label.as_deref()
        ),
        (
            "2022-04-06T06:30:00+10:00",
            1,
            Some("Wednesday, April 6"),
            Some("+1 day")
        )
    );
    assert_eq!(
        sydney.range_label.to_string(),
        "6:30\u{202f}AM – 7:30\u{202f}AM, Wednesday, April 6 (+1 day)",
        "the start's other date follows the range"
    );
}

#[test]
fn west_of_the_host_the_local_date_can_be_the_day_before() {
    let source = MARCH_2022
        .replace(
            "label = \"Sydney\"",
            "label = \"Sydney\"\n[[zones]]\nzone = \"Pacific/Honolulu\"\nlabel = \"Honolulu\"",
        )
        .replace(
            "start = \"16:00\"\nend = \"17:30\"\ntitle.en = \"Before 13 March\"",
            "start = \"08:00\"\nend = \"09:00\"\ntitle.en = \"Before 13 March\"",
        );
    let honolulu = by_label(&times(&view_of(&source), "before-both-changes"), "Honolulu");
    assert_eq!(
        (
            honolulu.start.as_str(),
            honolulu.day_shift,
            honolulu.day_shift_label.as_deref()
        ),
        ("2022-03-09T19:00:00-10:00", -1, Some("−1 day"))
    );
}
