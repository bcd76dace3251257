//! The labels a session and a day are shown with everywhere: a session's time range in one zone,
//! its meta line, and an event day's line. The view builds each once; every document, page and
//! preview prints them as they are, so no two of them can word the same facts differently.

use std::fmt;

use serde::Serialize;

use super::{PersonView, VenueView};
use crate::VenueKind;

/// A session's time in one zone, as a reader sees it.
///
/// The rule:
/// - **Range**: the local start and end as readers of the language write times, joined by an en
///   dash: `16:00–17:30`. When either time has a space of its own, the dash is spaced:
///   `4:00 PM – 5:30 PM`.
/// - **Past midnight**: when the session ends on a later local date than it starts, the day mark
///   follows the range: `23:00–00:30 (+1 day)`.
/// - **Another day**: when the local start date is not the session's day in the host zone, the
///   note gives that date with its mark, `Wednesday, December 8 (+1 day)` or
///   `Monday, December 6 (−1 day)`; on the session's own day there is no note, since the day's
///   heading already says it.
/// - **On one line** (`Display`): the range, then `, ` and the note when there is one:
///   `2:00 AM – 3:30 AM, Wednesday, December 8 (+1 day)`.
///
/// ```
/// use convene_core::view::TimeRangeLabel;
///
/// let label = TimeRangeLabel::new("16:00", "17:30", None, None, None);
/// assert_eq!(label.to_string(), "16:00–17:30");
/// let shifted = TimeRangeLabel::new("02:00", "03:30", None, Some("mercredi 8 décembre"), Some("+1 jour"));
/// assert_eq!(shifted.to_string(), "02:00–03:30, mercredi 8 décembre (+1 jour)");
/// ```
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeRangeLabel {
    /// "16:00–17:30"; "11:00 PM – 12:30 AM (+1 day)" when the session crosses midnight.
    pub range: String,
    /// "Wednesday, December 8 (+1 day)" when the local start date is not the session's day.
    pub date_note: Option<String>,
}

impl TimeRangeLabel {
    /// The label of a session from `start` to `end` (local times as the reader's language writes
    /// them); `end_day_shift` is the mark of an end on a later date than the start ("+1 day"),
    /// `local_date` and `day_shift` the local start date and its mark when that date is not the
    /// session's day in the host zone.
    pub fn new(
        start: &str,
        end: &str,
        end_day_shift: Option<&str>,
        local_date: Option<&str>,
        day_shift: Option<&str>,
    ) -> Self {
        let spaced = start.contains(char::is_whitespace) || end.contains(char::is_whitespace);
        let mut range = if spaced {
            format!("{start} – {end}")
        } else {
            format!("{start}–{end}")
        };
        if let Some(shift) = end_day_shift {
            range = format!("{range} ({shift})");
        }
        let date_note = match (local_date, day_shift) {
            (Some(date), Some(shift)) => Some(format!("{date} ({shift})")),
            (Some(only), None) | (None, Some(only)) => Some(only.to_owned()),
            (None, None) => None,
        };
        Self { range, date_note }
    }
}

impl fmt::Display for TimeRangeLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.date_note {
            Some(note) => write!(f, "{}, {note}", self.range),
            None => f.write_str(&self.range),
        }
    }
}

/// A session's meta line: what kind of session it is and how it is held, in the reader's
/// language, then the place when it is held at one whose name is known:
/// "Thematic workshop · Online", "Plenary · On site · Izmir". An online venue's name is left out:
/// the format already says it.
pub(super) fn meta_label(kind_label: &str, format_label: &str, venue: &VenueView) -> String {
    match place_name(venue) {
        Some(place) => format!("{kind_label} · {format_label} · {place}"),
        None => format!("{kind_label} · {format_label}"),
    }
}

/// An event day's line: its date, how it is held, and the place when it is held at one whose name
/// is known: "Friday, December 10, 2021 — On site, Izmir", "Tuesday, December 7, 2021 — Online".
pub(super) fn day_line_label(
    date_label: &str,
    format_label: &str,
    venue: Option<&VenueView>,
) -> String {
    match venue.and_then(place_name) {
        Some(place) => format!("{date_label} — {format_label}, {place}"),
        None => format!("{date_label} — {format_label}"),
    }
}

fn place_name(venue: &VenueView) -> Option<&str> {
    (venue.kind == VenueKind::Place)
        .then_some(venue.name.as_ref())
        .flatten()
        .map(|name| name.text.as_str())
}

/// Where someone is from: "Izmir, Türkiye", or the one of the two they gave.
pub(super) fn place_label(city: Option<&str>, country: Option<&str>) -> Option<String> {
    match (city, country) {
        (Some(city), Some(country)) => Some(format!("{city}, {country}")),
        (Some(place), None) | (None, Some(place)) => Some(place.to_owned()),
        (None, None) => None,
    }
}

/// A person of a session on one line, as documents and calendars list them: "Tunç Soyer — Chair,
/// Mayor of Izmir (Izmir, Türkiye)". `title` is their office as the document prints it (with its
/// note that it is in another language, say), `None` to leave it out.
pub fn person_line(person: &PersonView, title: Option<&str>) -> String {
    let mut line = format!("{} — {}", person.name, person.role_label);
    if let Some(title) = title {
        line.push_str(", ");
        line.push_str(title);
    }
    if let Some(place) = &person.place_label {
        line.push_str(&format!(" ({place})"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Language, LocalText, Slug};

    fn venue(kind: VenueKind, name: Option<&str>) -> VenueView {
        VenueView {
            id: Slug::parse("somewhere").unwrap(),
            kind,
            name: name.map(|text| LocalText {
                text: text.to_owned(),
                lang: Language::parse("en").unwrap(),
                fallback: false,
            }),
            city: None,
            address: None,
        }
    }

    #[test]
    fn a_person_reads_on_one_line_with_their_place_as_they_gave_it() {
        let cases = [
            (
                "city and country",
                Some("Izmir"),
                Some("Türkiye"),
                " (Izmir, Türkiye)",
            ),
            ("country alone", None, Some("Türkiye"), " (Türkiye)"),
            ("city alone", Some("Izmir"), None, " (Izmir)"),
            ("neither", None, None, ""),
        ];
        for (case, city, country, place) in cases {
            let person = PersonView {
                id: Slug::parse("tunc-soyer").unwrap(),
                name: "Tunç Soyer".into(),
                role: crate::Role::Chair,
                role_label: "Chair".into(),
                title: None,
                city: city.map(str::to_owned),
                country: country.map(str::to_owned),
                place_label: place_label(city, country),
                link: None,
            };
            assert_eq!(
                person_line(&person, Some("Mayor of Izmir")),
                format!("Tunç Soyer — Chair, Mayor of Izmir{place}"),
                "{case}"
            );
        }
    }

    #[test]
    fn a_time_range_reads_as_the_rule_says() {
        let nbsp = "\u{202f}";
        let cases = [
            (
                "the session's own day",
                TimeRangeLabel::new("16:00", "17:30", None, None, None),
                "16:00–17:30",
                None,
            ),
            (
                "times written with a space get a spaced dash",
                TimeRangeLabel::new(
                    &format!("4:00{nbsp}PM"),
                    &format!("5:30{nbsp}PM"),
                    None,
                    None,
                    None,
                ),
                "4:00\u{202f}PM – 5:30\u{202f}PM",
                None,
            ),
            (
                "an end past local midnight is marked after the range",
                TimeRangeLabel::new("23:00", "00:30", Some("+1 day"), None, None),
                "23:00–00:30 (+1 day)",
                None,
            ),
            (
                "a start on the next local date gives that date",
                TimeRangeLabel::new(
                    "02:00",
                    "03:30",
                    None,
                    Some("Wednesday, December 8"),
                    Some("+1 day"),
                ),
                "02:00–03:30",
                Some("Wednesday, December 8 (+1 day)"),
            ),
            (
                "a start on the local date before gives that date",
                TimeRangeLabel::new(
                    "19:00",
                    "20:00",
                    None,
                    Some("Monday, December 6"),
                    Some("−1 day"),
                ),
                "19:00–20:00",
                Some("Monday, December 6 (−1 day)"),
            ),
            (
                "both at once",
                TimeRangeLabel::new(
                    "23:30",
                    "01:00",
                    Some("+1 day"),
                    Some("mercredi 8 décembre"),
                    Some("+1 jour"),
                ),
                "23:30–01:00 (+1 day)",
                Some("mercredi 8 décembre (+1 jour)"),
            ),
        ];
        for (description, label, range, note) in cases {
            assert_eq!(
                (label.range.as_str(), label.date_note.as_deref()),
                (range, note),
                "{description}"
            );
        }
    }

    #[test]
    fn on_one_line_the_date_note_follows_the_range() {
        let same_day = TimeRangeLabel::new("16:00", "17:30", None, None, None);
        let next_day = TimeRangeLabel::new(
            "02:00",
            "03:30",
            None,
            Some("mercredi 8 décembre"),
            Some("+1 jour"),
        );
        assert_eq!(
            [same_day.to_string(), next_day.to_string()],
            ["16:00–17:30", "02:00–03:30, mercredi 8 décembre (+1 jour)"]
        );
    }

    #[test]
    fn the_meta_line_names_a_place_but_not_an_online_venue() {
        let cases = [
            (
                "online",
                venue(VenueKind::Online, Some("Zoom")),
                "Workshop · Online",
            ),
            (
                "a place with a name",
                venue(VenueKind::Place, Some("Izmir")),
                "Workshop · Online · Izmir",
            ),
            (
                "a place without a name",
                venue(VenueKind::Place, None),
                "Workshop · Online",
            ),
        ];
        for (description, venue, expected) in cases {
            assert_eq!(
                meta_label("Workshop", "Online", &venue),
                expected,
                "{description}"
            );
        }
    }

    #[test]
    fn a_day_line_names_a_place_but_not_an_online_venue() {
        let (online, izmir) = (
            venue(VenueKind::Online, Some("En ligne")),
            venue(VenueKind::Place, Some("Izmir")),
        );
        assert_eq!(
            [
                day_line_label("mardi 7 décembre 2021", "En ligne", Some(&online)),
                day_line_label("vendredi 10 décembre 2021", "Sur place", Some(&izmir)),
                day_line_label("samedi 11 décembre 2021", "Hybride", None),
            ],
            [
                "mardi 7 décembre 2021 — En ligne",
                "vendredi 10 décembre 2021 — Sur place, Izmir",
                "samedi 11 décembre 2021 — Hybride",
            ]
        );
    }
}
