//! Time zones: IANA names checked against the compiled-in database, and the display zones of an event.

use std::fmt;

use jiff::tz::{Offset, TimeZone};

use crate::language::printable;
use crate::{Language, Text};

/// An IANA time zone known to the time-zone database compiled into convene.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

/// The names of Coordinated Universal Time accepted as a zone (in any case).
const UNIVERSAL: [&str; 2] = ["UTC", "Etc/UTC"];

/// A time-zone name the database does not know, with the nearest real names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownZone {
    pub given: String,
    pub suggestions: Vec<String>,
}

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown time zone \"{}\"", self.given)?;
        match self.suggestions.as_slice() {
            [] => Ok(()),
            [one] => write!(f, "; did you mean \"{one}\"?"),
            many => {
                let quoted: Vec<String> = many.iter().map(|s| format!("\"{s}\"")).collect();
                write!(f, "; did you mean one of {}?", quoted.join(", "))
            }
        }
    }
}

impl std::error::Error for UnknownZone {}

impl Zone {
    /// Looks up an IANA name (`Europe/Istanbul`); the name is kept as the database spells it.
    pub fn parse(name: &str) -> Result<Self, UnknownZone> {
        let unknown = || UnknownZone {
            given: name.to_owned(),
            suggestions: nearest_names(name, 3),
        };
        // Region/city names and Coordinated Universal Time: "CET", "EST5EDT" or offsets such as
        // "Etc/GMT+3" are not places people live in, and read differently to different people.
        let universal = UNIVERSAL.iter().any(|u| name.eq_ignore_ascii_case(u));
        if !universal && (!name.contains('/') || name.starts_with("Etc/")) {
            return Err(unknown());
        }
        let tz = TimeZone::get(name).map_err(|_| unknown())?;
        let name = tz.iana_name().unwrap_or(name).to_owned();
        Ok(Self { name, tz })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn tz(&self) -> &TimeZone {
        &self.tz
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A zone the programme shows its times in, with the label people know it by ("Montréal").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayZone {
    pub zone: Zone,
    pub label: ZoneLabel,
}

impl DisplayZone {
    /// A zone with one label in every language.
    pub fn new(zone: Zone, label: impl Into<String>) -> Self {
        Self {
            zone,
            label: ZoneLabel::Same(label.into()),
        }
    }

    /// Its label for readers of `lang` (see [`ZoneLabel::get`]).
    pub fn label_in(&self, lang: &Language, source: &Language) -> String {
        self.label.get(lang, source)
    }
}

/// The name readers know a display zone by: one spelling for every language ("Montréal"), or one
/// per language ("Izmir", and "İzmir" for Turkish readers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZoneLabel {
    Same(String),
    /// Per language; a language without its own spelling reads the source language's.
    PerLanguage(Text),
}

impl ZoneLabel {
    /// The label for readers of `lang`: its own spelling, else the source language's, else any.
    pub fn get(&self, lang: &Language, source: &Language) -> String {
        match self {
            ZoneLabel::Same(label) => printable(label),
            ZoneLabel::PerLanguage(text) => {
                text.get(lang, source).map(|t| t.text).unwrap_or_default()
            }
        }
    }

    /// Every spelling, with the language it is for (`None`: every language).
    pub fn spellings(&self) -> Vec<(Option<&Language>, &str)> {
        match self {
            ZoneLabel::Same(label) => vec![(None, label.as_str())],
            ZoneLabel::PerLanguage(text) => text.iter().map(|(l, t)| (Some(l), t)).collect(),
        }
    }

    /// Whether any spelling is `label`.
    pub fn is(&self, label: &str) -> bool {
        self.spellings().iter().any(|(_, s)| *s == label)
    }
}

impl From<&str> for ZoneLabel {
    fn from(label: &str) -> Self {
        ZoneLabel::Same(label.to_owned())
    }
}

/// The known zone names nearest to `given` in spelling, nearest first; names in the same region
/// (`Europe/…`) come before others. A name longer than any zone's by far has none.
pub fn nearest_names(given: &str, count: usize) -> Vec<String> {
    // Comparing costs the product of the lengths, for each of the ~600 names: bound it.
    if given.chars().count() > 64 {
        return Vec::new();
    }
    let given_lower = given.to_lowercase();
    let (given_region, given_city) = given_lower.rsplit_once('/').unwrap_or(("", &given_lower));
    let mut scored: Vec<(usize, usize, String)> = jiff::tz::db()
        .available()
        .map(|name| name.to_string())
        .filter(|name| name.contains('/') && !name.starts_with("Etc/"))
        .map(|name| {
            let lower = name.to_lowercase();
            let (region, city) = lower.rsplit_once('/').unwrap_or(("", &lower));
            let other_region = usize::from(region != given_region);
            let distance = strsim::damerau_levenshtein(given_city, city)
                .min(strsim::damerau_levenshtein(&given_lower, &lower));
            (distance, other_region, name)
        })
        .filter(|(distance, _, _)| *distance <= given_city.chars().count().max(3))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.2 == b.2);
    scored
        .into_iter()
        .take(count)
        .map(|(_, _, name)| name)
        .collect()
}

/// An offset as readers of an international programme write it: `UTC+3`, `UTC-5`, `UTC+5:30`, `UTC`.
pub fn offset_label(offset: Offset) -> String {
    let seconds = offset.seconds();
    if seconds == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    if minutes == 0 {
        format!("UTC{sign}{hours}")
    } else {
        format!("UTC{sign}{hours}:{minutes:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_per_language_is_read_in_the_readers_language_else_in_the_source() {
        let lang = |tag| Language::parse(tag).unwrap();
        let label = ZoneLabel::PerLanguage(
            Text::new()
                .with(lang("fr"), "Izmir")
                .with(lang("tr"), "İzmir"),
        );

        let read = |tag| label.get(&lang(tag), &lang("fr"));

        assert_eq!(
            [read("tr"), read("fr"), read("en")],
            ["İzmir", "Izmir", "Izmir"]
        );
        assert_eq!(
            ZoneLabel::from("Montréal").get(&lang("tr"), &lang("fr")),
            "Montréal"
        );
    }

    #[test]
    fn a_real_zone_is_known_by_its_database_name() {
        let zone = Zone::parse("America/Toronto").unwrap();
        assert_eq!(zone.name(), "America/Toronto");
    }

    #[test]
    fn an_unknown_zone_names_the_nearest_real_ones() {
        let err = Zone::parse("Europe/Pariss").unwrap_err();
        assert_eq!(
            err.suggestions.first().map(String::as_str),
            Some("Europe/Paris")
        );
        assert!(
            err.to_string()
                .starts_with("unknown time zone \"Europe/Pariss\"; did you mean")
        );
    }

    #[test]
    fn bare_abbreviations_are_not_display_zones() {
        for name in ["EST", "Etc/GMT+3", "CET", "GMT", "EST5EDT", "UCT"] {
            assert!(Zone::parse(name).is_err(), "{name} was accepted");
        }
    }

    #[test]
    fn coordinated_universal_time_is_a_zone() {
        for (given, name) in [("UTC", "UTC"), ("Etc/UTC", "Etc/UTC"), ("utc", "UTC")] {
            let zone = Zone::parse(given).unwrap_or_else(|err| panic!("{given}: {err}"));
            assert_eq!(zone.name(), name, "{given}");
            let instant: jiff::Timestamp = "2021-12-07T12:00:00Z".parse().unwrap();
            assert_eq!(zone.tz().to_offset(instant), Offset::UTC, "{given}");
        }
    }

    #[test]
    fn a_name_far_longer_than_any_zone_gets_no_suggestions() {
        let long = "Europe/".repeat(1000);
        assert_eq!(
            Zone::parse(&long).unwrap_err().suggestions,
            Vec::<String>::new()
        );
    }

    #[test]
    fn offsets_read_like_the_seed() {
        let label = |s| offset_label(Offset::from_seconds(s).unwrap());
        assert_eq!(label(3 * 3600), "UTC+3");
        assert_eq!(label(-5 * 3600), "UTC-5");
        assert_eq!(label(5 * 3600 + 1800), "UTC+5:30");
        assert_eq!(label(5 * 3600 + 2700), "UTC+5:45");
        assert_eq!(label(0), "UTC");
    }
}
