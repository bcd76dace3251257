//! "Times that suit every zone": the slot finder's start times for the session's length on its day,
//! each with its time in every zone the session shows, to be used with one click (a submit button
//! without a script). Also the session's length, as the organiser reads it ("1 h 30 min").

use askama::Template;
use convene_core::Programme;
use convene_core::locale::Localizer;
use convene_core::session::Format;
use convene_core::slot::{DEFAULT_HOURS, SlotQuery, SlotZone, find_slots};
use convene_core::{Keyword, Schedule, Zone};
use jiff::SignedDuration;
use jiff::civil::{DateTime, Time};

use super::values::SessionForm;

/// At most about this many suggestions, in time order: when more starts suit every zone (a day in one
/// zone has dozens), every half hour, then every hour.
const MOST: usize = 24;

/// A session's time in one zone, as the preview and the programme's time cells show it.
pub struct ZoneCell {
    /// The zone's label, for the narrow layout where the table's heading is hidden.
    pub label: String,
    pub range: String,
    pub offset: String,
    pub note: Option<String>,
}

/// One start that suits every zone.
pub struct SlotRow {
    /// The host start, `HH:MM`: what the button posts.
    pub start: String,
    /// "Use 16:00".
    pub button: String,
    pub cells: Vec<ZoneCell>,
    /// What to know about it: the best fit, the time it has now.
    pub notes: Vec<String>,
    /// What speaks against it: the sessions of the venue it would overlap.
    pub warnings: Vec<String>,
}

#[derive(Template)]
#[template(path = "organiser/suggestions.html")]
pub struct Suggestions {
    /// "Duration: 1 h 30 min", once the start and end read as times.
    pub duration: Option<String>,
    /// The session's length in minutes (0 while unknown), for the script that fills the end.
    pub minutes: i64,
    /// What was looked for, or why there is nothing to show.
    pub explanation: String,
    /// The zones' labels, the columns.
    pub zones: Vec<String>,
    pub rows: Vec<SlotRow>,
    /// The heading of the buttons' column, for screen readers.
    pub choose: String,
}

/// "1 h 30 min", "45 min", "2 h" in the organiser's language.
pub fn duration_text(minutes: i64, words: &Localizer) -> String {
    words.message_with(
        "org-duration",
        &[
            ("hours", (minutes / 60).into()),
            ("minutes", (minutes % 60).into()),
        ],
    )
}

/// The suggestions for the session as typed in `form` (its date, length, format and venue); the
/// session's own id, when it has one, so that it does not clash with itself.
pub fn suggestions(programme: &Programme, form: &SessionForm, words: &Localizer) -> Suggestions {
    let minutes = form.minutes();
    let mut shown = Suggestions {
        duration: minutes.map(|m| {
            words.message_with(
                "org-duration-is",
                &[("duration", duration_text(m, words).into())],
            )
        }),
        minutes: minutes.unwrap_or_default(),
        explanation: String::new(),
        zones: Vec::new(),
        rows: Vec::new(),
        choose: words.message("org-slots-choose"),
    };
    let date = jiff::fmt::strtime::parse("%Y-%m-%d", form.date.trim())
        .and_then(|t| t.to_date())
        .ok()
        .filter(|d| programme.event.day(*d).is_some());
    let (Some(date), Some(minutes)) = (date, minutes) else {
        shown.explanation = words.message("org-slots-need-times");
        return shown;
    };
    let zones = zones_for(programme, form, words);
    shown.zones = zones.iter().map(|z| z.label.clone()).collect();
    let labels: Vec<&str> = shown.zones.iter().map(String::as_str).collect();
    let (open, close) = DEFAULT_HOURS;
    shown.explanation = words.message_with(
        "org-slots-explained",
        &[
            ("duration", duration_text(minutes, words).into()),
            ("from", words.time(open).into()),
            ("to", words.time(close).into()),
            ("zones", list_and(words, &labels).into()),
            ("date", words.long_date(date).into()),
        ],
    );
    let query = SlotQuery {
        zones: zones.clone(),
        from: date,
        to: date,
        duration: SignedDuration::from_mins(minutes),
        step: SignedDuration::from_mins(15),
    };
    let options = match find_slots(&query) {
        Ok(options) => options,
        Err(none) => {
            shown.explanation = none.localized(words);
            return shown;
        }
    };
    let best = options.first().map(|o| o.margin_minutes);
    let current = super::values::hours_minutes(&form.start);
    let mut starts: Vec<(Time, bool)> = options
        .iter()
        .filter_map(|o| Some((o.times.first()?.start, Some(o.margin_minutes) == best)))
        .collect();
    starts.sort();
    let mut every = 15;
    while starts.len() > MOST && every < 60 {
        every *= 2;
        starts.retain(|(t, _)| i32::from(t.minute()) % every == 0 || Some(*t) == current);
    }
    shown.rows = starts
        .into_iter()
        .filter_map(|(start, is_best)| {
            let from = date.to_datetime(start);
            let to = from.checked_add(SignedDuration::from_mins(minutes)).ok()?;
            let times = convene_core::view::preview_times(programme, from, to, words).ok()?;
            let cells = zones
                .iter()
                .map(|z| {
                    let time = times.iter().find(|t| t.zone == z.zone.name());
                    ZoneCell {
                        label: z.label.clone(),
                        range: time
                            .map(|t| t.range_label.range.clone())
                            .unwrap_or_default(),
                        offset: time.map(|t| t.offset.clone()).unwrap_or_default(),
                        note: time.and_then(|t| t.range_label.date_note.clone()),
                    }
                })
                .collect();
            let mut notes = Vec::new();
            if Some(start) == current {
                notes.push(words.message("org-slot-current"));
            }
            if is_best {
                notes.push(words.message("org-slot-best"));
            }
            let hhmm = start.strftime("%H:%M").to_string();
            Some(SlotRow {
                button: words.message_with("org-slot-use", &[("time", words.time(start).into())]),
                start: hhmm,
                cells,
                notes,
                warnings: clashes(programme, form, from, to, words),
            })
        })
        .collect();
    shown
}

/// "Izmir, Paris and Montréal", with the reader's word for "and".
fn list_and(words: &Localizer, labels: &[&str]) -> String {
    match labels {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => words.message_with(
            "list-and",
            &[("first", rest.join(", ").into()), ("last", (*last).into())],
        ),
    }
}

/// The zones a session of the form's format shows, with the hours that suit people there: the host
/// zone first, since the day is the host's. An on-site session is for those in the host zone.
fn zones_for(programme: &Programme, form: &SessionForm, words: &Localizer) -> Vec<SlotZone> {
    let host = &programme.event.host_zone;
    let source = &programme.event.source_language;
    let on_site = form.format.trim() == Format::OnSite.keyword();
    let own: Option<&Vec<Zone>> = convene_core::Slug::parse(form.id.trim())
        .ok()
        .and_then(|id| programme.session(&id))
        .and_then(|s| s.zones.as_ref());
    let mut zones: Vec<SlotZone> = programme
        .zones
        .iter()
        .filter(|z| match own {
            Some(names) => names.contains(&z.zone),
            None => !on_site || z.zone == *host,
        })
        .map(|z| SlotZone {
            zone: z.zone.clone(),
            label: z.label_in(words.lang(), source),
            hours: DEFAULT_HOURS,
        })
        .collect();
    zones.sort_by_key(|z| z.zone != *host);
    if zones.first().is_none_or(|z| z.zone != *host) {
        // The day is the host's: its zone comes first, with every hour of its day.
        zones.insert(
            0,
            SlotZone {
                zone: host.clone(),
                label: host.name().to_owned(),
                hours: (Time::midnight(), Time::constant(23, 59, 0, 0)),
            },
        );
    }
    zones
}

/// The other sessions in the form's venue that a session from `from` to `to` would overlap, each
/// said with its time: "overlaps the 17:45–19:00 session in this venue".
fn clashes(
    programme: &Programme,
    form: &SessionForm,
    from: DateTime,
    to: DateTime,
    words: &Localizer,
) -> Vec<String> {
    let venue = form.venue.trim();
    programme
        .sessions
        .iter()
        .filter(|s| s.venue.as_str() == venue && s.id.as_str() != form.id.trim())
        .filter(|s| match s.schedule {
            Schedule::Timed { start, end } => start < to && from < end,
            _ => false,
        })
        .filter_map(|s| convene_core::view::host_time(programme, s, words))
        .map(|time| {
            words.message_with(
                "org-slot-clash",
                &[("range", time.range_label.range.into())],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use convene_core::{CheckOptions, Language, load};

    fn izmir() -> Programme {
        let source = include_str!("../../../../../examples/izmir-2021.toml");
        load(source, &CheckOptions::default()).programme.unwrap()
    }

    fn words(lang: &str) -> Localizer {
        Localizer::with_messages(&Language::parse(lang).unwrap(), |l| match l {
            "fr" => Some(include_str!("../../../locales/fr.ftl")),
            "en" => Some(include_str!("../../../locales/en.ftl")),
            "tr" => Some(include_str!("../../../locales/tr.ftl")),
            _ => None,
        })
    }

    #[test]
    fn a_length_reads_in_hours_and_minutes_in_each_language() {
        let cases = [
            ("fr", 90, "1 h 30 min"),
            ("en", 90, "1 h 30 min"),
            ("tr", 90, "1 sa 30 dk"),
            ("en", 45, "45 min"),
            ("fr", 120, "2 h"),
            ("tr", 1440, "24 sa"),
        ];
        for (lang, minutes, expected) in cases {
            assert_eq!(
                duration_text(minutes, &words(lang)),
                expected,
                "{minutes} minutes in {lang}"
            );
        }
    }

    fn form(changes: &[(&str, &str)]) -> SessionForm {
        let mut pairs: Vec<(String, String)> = [
            ("id", "mayors-dialogue"),
            ("format", "online"),
            ("venue", "online"),
            ("date", "2021-12-07"),
            ("start", "16:00"),
            ("end", "17:30"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        for (name, value) in changes {
            pairs.retain(|(k, _)| k != name);
            pairs.push(((*name).to_owned(), (*value).to_owned()));
        }
        SessionForm::from(pairs)
    }

    #[test]
    fn the_mayors_dialogue_may_start_at_16_00_in_izmir_14_00_in_paris_and_08_00_in_montreal() {
        let shown = suggestions(&izmir(), &form(&[]), &words("en"));
        assert_eq!(shown.zones, ["Izmir", "Paris", "Montréal"]);
        assert_eq!(shown.minutes, 90);
        let first = &shown.rows[0];
        let cells: Vec<&str> = first.cells.iter().map(|c| c.range.as_str()).collect();
        assert_eq!(first.start, "16:00");
        assert_eq!(
            cells,
            [
                "4:00\u{202f}PM – 5:30\u{202f}PM",
                "2:00\u{202f}PM – 3:30\u{202f}PM",
                "8:00\u{202f}AM – 9:30\u{202f}AM"
            ]
        );
        assert_eq!(first.notes, ["the time it has now"]);
        let starts: Vec<&str> = shown.rows.iter().map(|r| r.start.as_str()).collect();
        assert_eq!(
            starts.len(),
            15,
            "16:00 to 19:30 every quarter of an hour: {starts:?}"
        );
        assert_eq!(starts.last(), Some(&"19:30"));
        let best: Vec<&str> = shown
            .rows
            .iter()
            .filter(|r| r.notes.iter().any(|n| n == "best fit"))
            .map(|r| r.start.as_str())
            .collect();
        assert_eq!(best, ["17:45"]);
    }

    #[test]
    fn a_start_that_overlaps_another_session_in_the_venue_is_marked() {
        let shown = suggestions(&izmir(), &form(&[]), &words("en"));
        let clashing: Vec<&str> = shown
            .rows
            .iter()
            .filter(|r| !r.warnings.is_empty())
            .map(|r| r.start.as_str())
            .collect();
        // The interactive dialogue runs 17:45–19:00 in the same venue.
        assert_eq!(clashing.first(), Some(&"16:30"));
        assert_eq!(clashing.last(), Some(&"18:45"));
        assert!(!clashing.contains(&"16:15") && !clashing.contains(&"19:00"));
    }

    #[test]
    fn an_on_site_session_is_fitted_to_the_host_zone_only() {
        let shown = suggestions(&izmir(), &form(&[("format", "on-site")]), &words("fr"));
        assert_eq!(shown.zones, ["Izmir"]);
        let starts: Vec<&str> = shown.rows.iter().map(|r| r.start.as_str()).collect();
        assert_eq!(
            starts.len(),
            24,
            "every half hour from 08:00 to 19:30: {starts:?}"
        );
        assert_eq!(
            (starts[0], starts[1], starts[23]),
            ("08:00", "08:30", "19:30")
        );
    }

    #[test]
    fn without_a_length_there_is_nothing_to_suggest_yet() {
        let shown = suggestions(&izmir(), &form(&[("end", "")]), &words("en"));
        assert!(shown.rows.is_empty());
        assert_eq!(shown.duration, None);
        assert_eq!(
            shown.explanation,
            "Give the session’s date, start and end to see the times that suit every zone."
        );
    }
}
