//! iCalendar (RFC 5545) for the whole event and for one session.
//!
//! One VEVENT per session whose time is confirmed, its times written as local times in the host zone
//! (`DTSTART;TZID=Europe/Istanbul:20211207T160000`), and a VTIMEZONE for the host zone made from the
//! compiled-in time-zone database, so that calendar apps without a zone database of their own (Mozilla's
//! ical.js) read those times right. Properties, escaping and line folding are the `icalendar` crate's;
//! every line ends in CRLF.
//!
//! Calendar apps update an event they already hold only when its SEQUENCE goes up, and drop it only
//! when told it is CANCELLED. The [`CalendarHistory`] of the published versions, folded in one
//! version at a time and kept between versions as JSON, gives each session its SEQUENCE and lists
//! the sessions removed since, which the calendar carries as cancelled.

mod history;

pub use history::{CalendarHistory, CancelledSession, InvalidHistory, history};

use icalendar::{Component, Event, EventLike, EventStatus, Property};
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone, TimeZoneTransition};
use jiff::{SignedDuration, Timestamp};

use super::ExportContext;
use crate::locale::Localizer;
use crate::markdown;
use crate::view::{SessionView, TimeStatus, VenueView, person_line};
use crate::{LocalText, Programme, ProgrammeView, Slug, VenueKind, ViewOptions, Zone};

/// Who made the calendar, as RFC 5545's PRODID.
const PRODID: &str = concat!("-//convene//convene ", env!("CARGO_PKG_VERSION"), "//EN");

/// The calendar of every session whose time is confirmed; sessions still to be timed are left out,
/// and the calendar's description says how many there are. With a history in `context`, each event
/// carries its session's SEQUENCE, and the sessions removed since an earlier version follow as
/// cancelled events.
pub fn calendar(programme: &Programme, view: &ProgrammeView, context: &ExportContext) -> String {
    let words = Localizer::new(&view.lang);
    let removed = removed_sessions(view, context, &words, |_| true);
    let mut entries: Vec<Entry<'_>> = view
        .sessions()
        .filter_map(|session| Entry::new(session, sequence(context, &session.identity)))
        .collect();
    entries.extend(removed.iter().filter_map(Removed::entry));
    let heading = Heading::of(view);
    write_calendar(programme, view, &heading, &entries, context, &words)
}

/// The calendar of some of the sessions, by their identities, under a name of its own: a
/// participant's calendar of the sessions they come to. Each event is the one the whole
/// calendar has (same UID and SEQUENCE, so a calendar app updates it from either), and a
/// session among `sessions` that was removed since an earlier version follows as cancelled.
/// Sessions whose time is still to be confirmed are left out and counted.
pub fn calendar_of(
    programme: &Programme,
    view: &ProgrammeView,
    sessions: &[Slug],
    name: &str,
    context: &ExportContext,
    joins: &[(Slug, String)],
) -> String {
    let words = Localizer::new(&view.lang);
    let chosen: Vec<&SessionView> = view
        .sessions()
        .filter(|s| sessions.contains(&s.identity))
        .collect();
    let removed = removed_sessions(view, context, &words, |id| sessions.contains(id));
    let mut entries: Vec<Entry<'_>> = chosen
        .iter()
        .filter_map(|session| {
            let join = joins
                .iter()
                .find(|(id, _)| *id == session.identity)
                .map(|(_, url)| url.as_str());
            Some(Entry {
                join,
                ..Entry::new(session, sequence(context, &session.identity))?
            })
        })
        .collect();
    entries.extend(removed.iter().filter_map(Removed::entry));
    let heading = Heading {
        name: name.to_owned(),
        pending: chosen
            .iter()
            .filter(|s| s.time_status != TimeStatus::Confirmed)
            .count(),
    };
    write_calendar(programme, view, &heading, &entries, context, &words)
}

/// What a calendar says of itself: its name, and how many of its sessions wait for their time.
struct Heading {
    name: String,
    pending: usize,
}

impl Heading {
    /// The whole event's.
    fn of(view: &ProgrammeView) -> Self {
        Self {
            name: view.event.name.text.clone(),
            pending: view.pending,
        }
    }
}

/// The same calendar with just one session: `None` when the view has no session `session_id`, or
/// when its time is not confirmed. A session the history says was removed has its cancelled event.
pub fn session_calendar(
    programme: &Programme,
    view: &ProgrammeView,
    session_id: &str,
    context: &ExportContext,
) -> Option<String> {
    let words = Localizer::new(&view.lang);
    if let Some(session) = view.sessions().find(|s| s.id.as_str() == session_id) {
        let entry = Entry::new(session, sequence(context, &session.identity))?;
        let heading = Heading::of(view);
        return Some(write_calendar(
            programme,
            view,
            &heading,
            &[entry],
            context,
            &words,
        ));
    }
    let removed = removed_sessions(view, context, &words, |id| id.as_str() == session_id);
    let entry = removed.first()?.entry()?;
    let heading = Heading::of(view);
    Some(write_calendar(
        programme,
        view,
        &heading,
        &[entry],
        context,
        &words,
    ))
}

/// The SEQUENCE the context's history gives a session, 0 without one.
fn sequence(context: &ExportContext, session: &Slug) -> u32 {
    context
        .history
        .as_ref()
        .map_or(0, |history| history.sequence(session))
}

/// A removed session, seen in the reader's language as its last version had it.
struct Removed {
    view: ProgrammeView,
    sequence: u32,
}

impl Removed {
    fn entry(&self) -> Option<Entry<'_>> {
        let session = self.view.sessions().next()?;
        Some(Entry {
            status: EventStatus::Cancelled,
            ..Entry::new(session, self.sequence)?
        })
    }
}

/// The sessions of the context's history that were removed, for those ids `wanted` takes; none
/// that `view` still has.
fn removed_sessions(
    view: &ProgrammeView,
    context: &ExportContext,
    words: &Localizer,
    wanted: impl Fn(&Slug) -> bool,
) -> Vec<Removed> {
    let Some(history) = &context.history else {
        return Vec::new();
    };
    let options = ViewOptions { reader_zone: None };
    history
        .cancelled()
        .iter()
        .filter(|c| {
            let last_id = c.session().map(|s| &s.id);
            (wanted(c.id()) || last_id.is_some_and(&wanted))
                && view.sessions().all(|s| &s.identity != c.id())
        })
        .map(|c| Removed {
            view: ProgrammeView::build(&c.programme(), words, &options),
            sequence: c.sequence(),
        })
        .collect()
}

/// A session that goes into a calendar: its instants, its revision (iCalendar's SEQUENCE), and
/// whether it still happens.
struct Entry<'a> {
    session: &'a SessionView,
    start: Timestamp,
    end: Timestamp,
    sequence: u32,
    status: EventStatus,
    /// A participant's personal link into the session's room, in their own calendar.
    join: Option<&'a str>,
}

impl<'a> Entry<'a> {
    /// The entry of a session whose time is confirmed.
    fn new(session: &'a SessionView, sequence: u32) -> Option<Self> {
        if session.time_status != TimeStatus::Confirmed {
            return None;
        }
        Some(Self {
            session,
            start: session.starts_at.as_deref()?.parse().ok()?,
            end: session.ends_at.as_deref()?.parse().ok()?,
            sequence,
            status: EventStatus::Confirmed,
            join: None,
        })
    }
}

fn write_calendar(
    programme: &Programme,
    view: &ProgrammeView,
    heading: &Heading,
    entries: &[Entry<'_>],
    context: &ExportContext,
    words: &Localizer,
) -> String {
    let host = &programme.event.host_zone;
    let mut out = Lines::default();
    out.begin("VCALENDAR");
    out.property(Property::new("PRODID", PRODID));
    out.property(Property::new("VERSION", "2.0"));
    out.property(Property::new("CALSCALE", "GREGORIAN"));
    out.property(Property::new("METHOD", "PUBLISH"));
    out.property(Property::new("X-WR-CALNAME", heading.name.as_str()));
    out.property(Property::new("X-WR-TIMEZONE", host.name()));
    if heading.pending > 0 {
        let pending = words.message_with("pending-sessions", &[("count", heading.pending.into())]);
        out.property(Property::new("X-WR-CALDESC", pending));
    }
    let (from, to) = span(entries, context.generated_at);
    write_vtimezone(&mut out, host, from, to);
    for entry in entries {
        out.component(&vevent(entry, view, host, words, context));
    }
    out.end("VCALENDAR");
    out.0
}

/// The instants the calendar's times fall in: from the first start to the last end (the moment of
/// export for a calendar without sessions, which still carries its zone).
fn span(entries: &[Entry<'_>], otherwise: Timestamp) -> (Timestamp, Timestamp) {
    let from = entries.iter().map(|e| e.start).min().unwrap_or(otherwise);
    let to = entries.iter().map(|e| e.end).max().unwrap_or(otherwise);
    (from, to)
}

fn vevent(
    entry: &Entry<'_>,
    view: &ProgrammeView,
    host: &Zone,
    words: &Localizer,
    context: &ExportContext,
) -> Event {
    let session = entry.session;
    let event_id = view.event.id.as_str();
    let mut event = Event::new();
    event
        .uid(&uid(event_id, session.identity.as_str()))
        .add_property("DTSTAMP", utc_time(context.generated_at))
        .sequence(entry.sequence)
        .append_property(local_time("DTSTART", host, entry.start))
        .append_property(local_time("DTEND", host, entry.end))
        .summary(&session.title.text)
        .location(&location(&session.venue))
        .add_property("CATEGORIES", list_item(&session.kind_label))
        .status(entry.status);
    // A removed session's page is gone.
    if entry.status != EventStatus::Cancelled {
        event.url(&context.session_url(event_id, session.id.as_str()));
    }
    let join = entry
        .join
        .filter(|_| entry.status != EventStatus::Cancelled);
    if let Some(url) = join {
        // RFC 7986: how to join, for calendars that show a button for it.
        let label = words.message("calendar-join-label");
        event.append_property(
            Property::new("CONFERENCE", url)
                .add_parameter("VALUE", "URI")
                .add_parameter("FEATURE", "VIDEO")
                .add_parameter("LABEL", &label)
                .done(),
        );
    }
    let join_line = join.map(|url| format!("{}\n{url}", words.message("calendar-join")));
    let description = description(session, words);
    let description = match (join_line, description) {
        (Some(join), Some(text)) => Some(format!("{join}\n\n{text}")),
        (join, text) => join.or(text),
    };
    if let Some(description) = description {
        event.description(&description);
    }
    event.done()
}

/// A session's UID, the same in every export of the event and whatever the session is renamed to:
/// `mayors-dialogue@izmir-2021.convene`.
fn uid(event_id: &str, session_id: &str) -> String {
    format!("{session_id}@{event_id}.convene")
}

/// An instant as a UTC date-time: `20211125T100000Z`.
fn utc_time(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A property holding the local time of `at` in `zone`, with the zone's TZID.
fn local_time(name: &str, zone: &Zone, at: Timestamp) -> Property {
    Property::new(name, civil(zone.tz().to_datetime(at)))
        .add_parameter("TZID", zone.name())
        .done()
}

/// A local date-time as RFC 5545 writes it: `20211207T160000`.
fn civil(time: DateTime) -> String {
    time.strftime("%Y%m%dT%H%M%S").to_string()
}

/// The venue's name, followed by its city for a place whose name does not already say it.
fn location(venue: &VenueView) -> String {
    let name = venue.name.as_ref().map(|n| n.text.as_str());
    match (name, venue.city.as_deref()) {
        (Some(name), Some(city)) if venue.kind == VenueKind::Place && !name.contains(city) => {
            format!("{name}, {city}")
        }
        (Some(name), _) => name.to_owned(),
        (None, Some(city)) => city.to_owned(),
        (None, None) => venue.id.to_string(),
    }
}

/// The session's description as plain text, then who takes part, then its guiding questions.
fn description(session: &SessionView, words: &Localizer) -> Option<String> {
    let mut parts: Vec<String> = session
        .description
        .as_ref()
        .map(|d| markdown::plain_text(&d.text))
        .filter(|text| !text.is_empty())
        .into_iter()
        .collect();
    parts.extend(people(session, words));
    parts.extend(questions(&session.questions, words));
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Who takes part under their label, one per line: "Taking part:\n• Tunç Soyer — Chair, …".
fn people(session: &SessionView, words: &Localizer) -> Option<String> {
    if session.people.is_empty() {
        return None;
    }
    let mut text = words.message("label-people");
    for person in &session.people {
        text.push_str("\n• ");
        text.push_str(&person_line(
            person,
            person.title.as_ref().map(|t| t.text.as_str()),
        ));
    }
    Some(text)
}

/// The guiding questions under their label, one per line: "Questions :\n• …\n• …".
pub(super) fn questions(questions: &[LocalText], words: &Localizer) -> Option<String> {
    if questions.is_empty() {
        return None;
    }
    let mut text = words.message("label-questions");
    for question in questions {
        text.push_str("\n• ");
        text.push_str(question.text.trim());
    }
    Some(text)
}

/// One item of a list-valued property (CATEGORIES). The crate writes list values as given, since
/// their commas separate items; the item's own commas, semicolons, backslashes and line breaks are
/// escaped here as RFC 5545 (3.3.11) asks.
fn list_item(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | ',' | ';' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// The VTIMEZONE of `zone` for the instants from `from` to `to`: the observance in force at `from`,
/// then one for every change of offset until `to`. Each observance names its onset as RFC 5545
/// (3.6.5) asks: the local time at which it begins, read in the offset in force before it.
fn write_vtimezone(out: &mut Lines, zone: &Zone, from: Timestamp, to: Timestamp) {
    out.begin("VTIMEZONE");
    out.property(Property::new("TZID", zone.name()));
    for observance in observances(zone.tz(), from, to) {
        let kind = if observance.daylight {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        out.begin(kind);
        out.property(Property::new("DTSTART", civil(observance.onset)));
        out.property(Property::new("TZOFFSETFROM", utc_offset(observance.from)));
        out.property(Property::new("TZOFFSETTO", utc_offset(observance.to)));
        out.property(Property::new("TZNAME", observance.name));
        out.end(kind);
    }
    out.end("VTIMEZONE");
}

/// A STANDARD or DAYLIGHT part of a VTIMEZONE.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Observance {
    /// When it begins, as a local time in the offset it replaces.
    onset: DateTime,
    from: Offset,
    to: Offset,
    /// The abbreviation: `CET`, `CEST`, `+03`.
    name: String,
    daylight: bool,
}

/// The observances of `tz` from the one in force at `from` to the last that begins by `to`.
fn observances(tz: &TimeZone, from: Timestamp, to: Timestamp) -> Vec<Observance> {
    // A transition exactly at `from` is the one in force then.
    let just_after = from
        .checked_add(SignedDuration::from_nanos(1))
        .unwrap_or(from);
    let Some(in_force) = tz.preceding(just_after).next() else {
        return vec![unchanging(tz, from)];
    };
    let mut all = vec![observance(tz, &in_force)];
    all.extend(
        tz.following(from)
            .take_while(|t| t.timestamp() <= to)
            .map(|t| observance(tz, &t)),
    );
    all
}

fn observance(tz: &TimeZone, transition: &TimeZoneTransition<'_>) -> Observance {
    let at = transition.timestamp();
    let before = at
        .checked_sub(SignedDuration::from_secs(1))
        .map_or(transition.offset(), |t| tz.to_offset(t));
    Observance {
        onset: before.to_datetime(at),
        from: before,
        to: transition.offset(),
        name: transition.abbreviation().to_owned(),
        daylight: transition.dst().is_dst(),
    }
}

/// The one observance of a zone that has never changed its offset.
fn unchanging(tz: &TimeZone, at: Timestamp) -> Observance {
    let info = tz.to_offset_info(at);
    Observance {
        onset: DateTime::constant(1970, 1, 1, 0, 0, 0, 0),
        from: info.offset(),
        to: info.offset(),
        name: info.abbreviation().to_owned(),
        daylight: info.dst().is_dst(),
    }
}

/// An offset as RFC 5545's UTC-OFFSET: `+0300`, `-0500`, `+0545`, with seconds only when it has them.
fn utc_offset(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if seconds == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{seconds:02}")
    }
}

/// Content lines as RFC 5545 writes them; each property is escaped and folded by the `icalendar`
/// crate, and every line ends in CRLF.
///
/// The calendar is written component by component rather than as an `icalendar::Calendar`: that
/// crate has no VTIMEZONE, cannot make a component of another name from outside, and gives every
/// component it writes a DTSTAMP (the current time) and a UID (random) unless they are set, which
/// have no place in a VTIMEZONE and would make every export differ.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn begin(&mut self, component: &str) {
        self.property(Property::new("BEGIN", component));
    }

    fn end(&mut self, component: &str) {
        self.property(Property::new("END", component));
    }

    fn property(&mut self, property: Property) {
        // Writing to a String does not fail.
        if let Ok(line) = TryInto::<String>::try_into(property) {
            self.0.push_str(&line);
        }
    }

    fn component(&mut self, component: &impl Component) {
        if let Ok(text) = component.try_into_string() {
            self.0.push_str(&text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckOptions, Language, Session, ViewOptions, load};
    use jiff::civil::date;

    const SPRING: &str = r#"
[event]
id = "spring-2022"
source_language = "en"
languages = ["en", "fr"]
host_zone = "Europe/Paris"
status = "preliminary"
name.en = "Spring summit"
name.fr = "Sommet de printemps"
days = [
  { date = "2022-03-25", format = "online", venue = "online" },
  { date = "2022-03-28", format = "online", venue = "online" },
]

[[zones]]
zone = "Europe/Paris"
label = "Paris"

[[venues]]
id = "online"
kind = "online"
name.en = "Online"
name.fr = "En ligne"

[[sessions]]
id = "opening"
kind = "plenary"
format = "online"
venue = "online"
date = "2022-03-25"
start = "14:00"
end = "15:30"
title.en = "Opening: towns, villages; cities\\regions"
title.fr = "Ouverture : bourgs, villages ; villes"
description.en = "Why we meet, and how; in two paragraphs.\n\nThe second one."
description.fr = "Pourquoi nous nous réunissons."

[[sessions.questions]]
en = "What works, and where?"
fr = "Qu’est-ce qui marche, et où ?"

[[sessions.questions]]
en = "What next?"
fr = "Et ensuite ?"

[[sessions]]
id = "after-the-change"
kind = "thematic-workshop"
format = "online"
venue = "online"
date = "2022-03-28"
start = "14:00"
end = "15:00"
title.en = "After the change"
title.fr = "Après le changement d’heure"

[[sessions]]
id = "still-to-be-timed"
kind = "ceremony"
format = "online"
venue = "online"
date = "2022-03-28"
title.en = "Closing"
title.fr = "Clôture"
"#;

    pub(super) fn programme(source: &str) -> Programme {
        let loaded = load(source, &CheckOptions::default());
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.programme.expect("the programme loads")
    }

    pub(super) fn view(programme: &Programme, lang: &str) -> ProgrammeView {
        let words = Localizer::new(&Language::parse(lang).unwrap());
        ProgrammeView::build(programme, &words, &ViewOptions { reader_zone: None })
    }

    pub(super) fn context() -> ExportContext {
        ExportContext {
            base_url: "https://summit.example.org".into(),
            generated_at: "2022-03-01T09:30:00Z".parse().unwrap(),
            version: "3".into(),
            history: None,
        }
    }

    fn spring(lang: &str) -> String {
        let programme = programme(SPRING);
        calendar(&programme, &view(&programme, lang), &context())
    }

    /// The calendar with folded lines joined again, one content line per item.
    pub(super) fn unfolded(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The content lines between `BEGIN:{component}` and its END, for the `n`th such component.
    pub(super) fn component(ics: &str, name: &str, n: usize) -> Vec<String> {
        let lines = unfolded(ics);
        let begins: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| **l == format!("BEGIN:{name}"))
            .map(|(i, _)| i)
            .collect();
        let start = begins[n];
        let end = start
            + lines[start..]
                .iter()
                .position(|l| *l == format!("END:{name}"))
                .unwrap();
        lines[start..=end].to_vec()
    }

    fn utc(at: &str) -> Timestamp {
        at.parse().unwrap()
    }

    #[test]
    fn paris_across_the_march_change_has_winter_then_summer_time() {
        let zone = Zone::parse("Europe/Paris").unwrap();
        let mut out = Lines::default();
        write_vtimezone(
            &mut out,
            &zone,
            utc("2022-03-25T13:00:00Z"),
            utc("2022-03-28T13:00:00Z"),
        );
        assert_eq!(
            out.0,
            "BEGIN:VTIMEZONE\r\n\
             TZID:Europe/Paris\r\n\
             BEGIN:STANDARD\r\n\
             DTSTART:20211031T030000\r\n\
             TZOFFSETFROM:+0200\r\n\
             TZOFFSETTO:+0100\r\n\
             TZNAME:CET\r\n\
             END:STANDARD\r\n\
             BEGIN:DAYLIGHT\r\n\
             DTSTART:20220327T020000\r\n\
             TZOFFSETFROM:+0100\r\n\
             TZOFFSETTO:+0200\r\n\
             TZNAME:CEST\r\n\
             END:DAYLIGHT\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn a_session_starting_at_the_change_is_in_the_new_observance_only() {
        let tz = TimeZone::get("Europe/Paris").unwrap();
        let found = observances(
            &tz,
            utc("2022-03-27T01:00:00Z"),
            utc("2022-03-27T02:00:00Z"),
        );
        assert_eq!(
            found,
            vec![Observance {
                onset: date(2022, 3, 27).at(2, 0, 0, 0),
                from: Offset::constant(1),
                to: Offset::constant(2),
                name: "CEST".into(),
                daylight: true,
            }]
        );
    }

    #[test]
    fn istanbul_since_2016_is_one_standard_observance_at_plus_three() {
        let tz = TimeZone::get("Europe/Istanbul").unwrap();
        let found = observances(
            &tz,
            utc("2021-12-07T13:00:00Z"),
            utc("2021-12-08T17:30:00Z"),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let only = &found[0];
        assert_eq!(
            (only.to, only.daylight, only.name.as_str()),
            (Offset::constant(3), false, "+03")
        );
        assert!(only.onset.date() <= date(2016, 9, 7), "{only:?}");
    }

    #[test]
    fn offsets_are_written_as_rfc_5545_utc_offsets() {
        let offset = |s| utc_offset(Offset::from_seconds(s).unwrap());
        assert_eq!(offset(3 * 3600), "+0300");
        assert_eq!(offset(-5 * 3600), "-0500");
        assert_eq!(offset(5 * 3600 + 2700), "+0545");
        assert_eq!(offset(0), "+0000");
        assert_eq!(offset(561), "+000921");
    }

    #[test]
    fn times_are_local_to_the_host_zone_on_both_sides_of_the_change() {
        let ics = spring("en");
        let first = component(&ics, "VEVENT", 0);
        let second = component(&ics, "VEVENT", 1);
        assert!(first.contains(&"DTSTART;TZID=Europe/Paris:20220325T140000".to_owned()));
        assert!(first.contains(&"DTEND;TZID=Europe/Paris:20220325T153000".to_owned()));
        assert!(second.contains(&"DTSTART;TZID=Europe/Paris:20220328T140000".to_owned()));
        assert!(second.contains(&"DTEND;TZID=Europe/Paris:20220328T150000".to_owned()));
    }

    #[test]
    fn a_session_still_to_be_timed_is_left_out_and_counted() {
        let ics = spring("en");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert!(!ics.contains("still-to-be-timed"));
        assert!(
            unfolded(&ics)
                .contains(&"X-WR-CALDESC:1 session whose time is still to be confirmed".to_owned())
        );
    }

    #[test]
    fn the_pending_count_is_in_the_readers_language() {
        let ics = spring("fr");
        assert!(
            unfolded(&ics)
                .contains(&"X-WR-CALDESC:1 séance dont l’horaire reste à confirmer".to_owned())
        );
    }

    #[test]
    fn commas_semicolons_backslashes_and_line_breaks_are_escaped() {
        let ics = spring("en");
        let first = component(&ics, "VEVENT", 0);
        assert!(
            first.contains(&r"SUMMARY:Opening: towns\, villages\; cities\\regions".to_owned()),
            "{first:#?}"
        );
        assert!(
            first.contains(
                &"DESCRIPTION:Why we meet\\, and how\\; in two paragraphs.\\n\\nThe second one.\
                  \\n\\nQuestions:\\n• What works\\, and where?\\n• What next?"
                    .to_owned()
            ),
            "{first:#?}"
        );
    }

    #[test]
    fn a_category_with_a_comma_stays_one_category() {
        assert_eq!(list_item(r"Talks, panels; a\b"), r"Talks\, panels\; a\\b");
    }

    #[test]
    fn each_event_carries_its_identity_stamp_link_and_kind() {
        let ics = spring("fr");
        let first = component(&ics, "VEVENT", 0);
        for line in [
            "UID:opening@spring-2022.convene",
            "DTSTAMP:20220301T093000Z",
            "SEQUENCE:0",
            "URL:https://summit.example.org/events/spring-2022/sessions/opening",
            "CATEGORIES:Plénière",
            "LOCATION:En ligne",
            "STATUS:CONFIRMED",
        ] {
            assert!(first.contains(&line.to_owned()), "{line} in {first:#?}");
        }
    }

    #[test]
    fn the_calendar_names_the_event_and_its_zone() {
        let lines = unfolded(&spring("fr"));
        assert_eq!(
            lines[..8],
            [
                "BEGIN:VCALENDAR",
                "PRODID:-//convene//convene 0.1.0//EN",
                "VERSION:2.0",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "X-WR-CALNAME:Sommet de printemps",
                "X-WR-TIMEZONE:Europe/Paris",
                "X-WR-CALDESC:1 séance dont l’horaire reste à confirmer",
            ]
            .map(str::to_owned)
        );
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    }

    #[test]
    fn every_line_ends_in_crlf_and_none_is_longer_than_75_octets() {
        let ics = spring("fr");
        assert!(ics.ends_with("\r\n"));
        for line in ics.split_terminator("\r\n") {
            assert!(!line.contains('\n'), "{line:?}");
            assert!(line.len() <= 75, "{line:?}");
        }
    }

    #[test]
    fn a_place_is_named_with_its_city() {
        let venue = |name: &str, city: Option<&str>, kind| VenueView {
            id: crate::Slug::parse("hall").unwrap(),
            kind,
            name: Some(LocalText {
                text: name.into(),
                lang: Language::parse("en").unwrap(),
                fallback: false,
            }),
            city: city.map(str::to_owned),
            address: None,
        };
        assert_eq!(
            location(&venue("Town hall", Some("Izmir"), VenueKind::Place)),
            "Town hall, Izmir"
        );
        assert_eq!(
            location(&venue("Izmir", Some("Izmir"), VenueKind::Place)),
            "Izmir"
        );
        assert_eq!(
            location(&venue("Online", None, VenueKind::Online)),
            "Online"
        );
    }

    #[test]
    fn one_session_has_a_calendar_of_its_own() {
        let programme = programme(SPRING);
        let view = view(&programme, "en");
        let ics = session_calendar(&programme, &view, "after-the-change", &context()).unwrap();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.contains("UID:after-the-change@spring-2022.convene"));
        // Only the summer observance covers 28 March.
        assert_eq!(component(&ics, "VTIMEZONE", 0)[2], "BEGIN:DAYLIGHT");
    }

    #[test]
    fn an_unknown_or_untimed_session_has_no_calendar() {
        let programme = programme(SPRING);
        let view = view(&programme, "en");
        for id in ["still-to-be-timed", "no-such-session"] {
            assert_eq!(
                session_calendar(&programme, &view, id, &context()),
                None,
                "{id}"
            );
        }
    }

    pub(super) const IZMIR: &str = include_str!("../../../../examples/izmir-2021.toml");

    pub(super) fn session_mut<'a>(programme: &'a mut Programme, id: &str) -> &'a mut Session {
        programme
            .sessions
            .iter_mut()
            .find(|s| s.id.as_str() == id)
            .unwrap()
    }

    pub(super) fn retime(programme: &mut Programme, id: &str, from: (i8, i8), to: (i8, i8)) {
        let session = session_mut(programme, id);
        let day = session.schedule.date().unwrap();
        session.schedule = crate::Schedule::Timed {
            start: day.at(from.0, from.1, 0, 0),
            end: day.at(to.0, to.1, 0, 0),
        };
    }

    pub(super) fn without(programme: &mut Programme, id: &str) {
        programme.sessions.retain(|s| s.id.as_str() != id);
    }

    /// Three published versions of the Izmir programme: workshop 3 moves a quarter of an hour later
    /// in the second and again in the third, which also drops workshop 2.
    pub(super) fn izmir_versions() -> [Programme; 3] {
        let first = programme(IZMIR);
        let mut second = first.clone();
        retime(&mut second, "workshop-dialogue", (19, 30), (20, 45));
        let mut third = second.clone();
        retime(&mut third, "workshop-dialogue", (19, 45), (21, 0));
        without(&mut third, "workshop-diversity");
        [first, second, third]
    }

    pub(super) fn context_with(history: CalendarHistory) -> ExportContext {
        ExportContext {
            history: Some(history),
            ..context()
        }
    }

    /// The calendar of the newest version, with the history of them all.
    fn newest_calendar(versions: &[Programme], lang: &str) -> String {
        let all: Vec<&Programme> = versions.iter().collect();
        let newest = all[all.len() - 1];
        calendar(newest, &view(newest, lang), &context_with(history(&all)))
    }

    /// The content lines of the VEVENT with this session's UID.
    pub(super) fn event_of(ics: &str, session: &str) -> Vec<String> {
        let uid = format!("UID:{session}@izmir-2021.convene");
        let events: Vec<Vec<String>> = (0..ics.matches("BEGIN:VEVENT").count())
            .map(|n| component(ics, "VEVENT", n))
            .filter(|lines| lines.contains(&uid))
            .collect();
        assert_eq!(events.len(), 1, "one VEVENT for {session}");
        events[0].clone()
    }

    pub(super) fn line_of(event: &[String], name: &str) -> String {
        event
            .iter()
            .find(|l| l.starts_with(&format!("{name}:")) || l.starts_with(&format!("{name};")))
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn a_session_retimed_twice_is_at_sequence_2_and_an_unchanged_one_at_0() {
        let ics = newest_calendar(&izmir_versions(), "en");
        let cases = [
            ("workshop-dialogue", "SEQUENCE:2"),
            ("mayors-dialogue", "SEQUENCE:0"),
            ("workshop-resilience", "SEQUENCE:0"),
        ];
        for (session, expected) in cases {
            assert_eq!(
                line_of(&event_of(&ics, session), "SEQUENCE"),
                expected,
                "{session}"
            );
        }
        assert_eq!(
            line_of(&event_of(&ics, "workshop-dialogue"), "DTSTART"),
            "DTSTART;TZID=Europe/Istanbul:20211208T194500"
        );
    }

    #[test]
    fn a_removed_session_is_cancelled_once_with_its_uid_last_times_and_next_sequence() {
        let ics = newest_calendar(&izmir_versions(), "fr");
        let cancelled = event_of(&ics, "workshop-diversity");
        for (name, expected) in [
            ("STATUS", "STATUS:CANCELLED"),
            ("SEQUENCE", "SEQUENCE:1"),
            ("DTSTART", "DTSTART;TZID=Europe/Istanbul:20211208T174500"),
            ("DTEND", "DTEND;TZID=Europe/Istanbul:20211208T190000"),
            (
                "SUMMARY",
                "SUMMARY:Atelier thématique 2 : Encourager la diversité\\, l’équité et \
                 l’inclusion",
            ),
            ("LOCATION", "LOCATION:En ligne"),
            ("URL", ""),
        ] {
            assert_eq!(line_of(&cancelled, name), expected, "{name}");
        }
        // The sessions that still happen come first, the cancelled one last.
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 5);
        assert_eq!(ics.matches("STATUS:CANCELLED").count(), 1);
        assert_eq!(
            component(&ics, "VEVENT", 4),
            cancelled,
            "the cancelled event comes last"
        );
    }

    #[test]
    fn a_removed_sessions_own_calendar_is_its_cancellation() {
        let versions = izmir_versions();
        let all: Vec<&Programme> = versions.iter().collect();
        let context = context_with(history(&all));
        let view = view(&versions[2], "en");
        let ics = session_calendar(&versions[2], &view, "workshop-diversity", &context).unwrap();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert_eq!(
            line_of(&event_of(&ics, "workshop-diversity"), "STATUS"),
            "STATUS:CANCELLED"
        );
        let one = session_calendar(&versions[2], &view, "workshop-dialogue", &context).unwrap();
        assert_eq!(one.matches("BEGIN:VEVENT").count(), 1);
        assert_eq!(
            line_of(&event_of(&one, "workshop-dialogue"), "SEQUENCE"),
            "SEQUENCE:2"
        );
    }

    #[test]
    fn a_calendar_of_some_sessions_has_only_them_with_the_whole_calendars_uids_and_sequences() {
        let versions = izmir_versions();
        let all: Vec<&Programme> = versions.iter().collect();
        let context = context_with(history(&all));
        let view = view(&versions[2], "fr");
        let chosen = ["workshop-dialogue", "workshop-diversity", "closing-panel"]
            .map(|id| Slug::parse(id).unwrap());
        let ics = calendar_of(&versions[2], &view, &chosen, "Mon programme", &context, &[]);
        let whole = calendar(&versions[2], &view, &context);
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert_eq!(
            event_of(&ics, "workshop-dialogue"),
            event_of(&whole, "workshop-dialogue")
        );
        assert_eq!(
            line_of(&event_of(&ics, "workshop-diversity"), "STATUS"),
            "STATUS:CANCELLED"
        );
        let lines = unfolded(&ics);
        assert!(lines.contains(&"X-WR-CALNAME:Mon programme".to_owned()));
        assert!(
            lines.contains(&"X-WR-CALDESC:1 séance dont l’horaire reste à confirmer".to_owned()),
            "the closing panel waits for its time"
        );
    }

    #[test]
    fn the_history_of_one_version_changes_nothing() {
        let izmir = programme(IZMIR);
        let view = view(&izmir, "fr");
        assert_eq!(
            calendar(&izmir, &view, &context_with(history(&[&izmir]))),
            calendar(&izmir, &view, &context())
        );
        assert_eq!(history(&[]), CalendarHistory::default());
    }
}
