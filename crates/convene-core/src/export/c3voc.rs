//! The c3voc schedule, XML and JSON, for conference apps.
//!
//! This is the format of frab and pretalx, read by Giggity, EventFahrplan, the c3voc recording tools
//! and others (<https://c3voc.de/wiki/schedule>). Both serialisations are made from one `Schedule`
//! value built from the programme view, and both are valid against the official schemas
//! (`schedule.xml.xsd`, `schema.json`). The format needs a time for every talk, so sessions whose
//! time is still to be confirmed are left out.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use uuid::Uuid;

use super::ExportContext;
use crate::locale::Localizer;
use crate::markdown;
use crate::view::{PersonView, SessionView, TimeStatus, VenueView};
use crate::{Keyword, ProgrammeView, Slug, VenueKind};

/// The JSON schema the JSON export follows.
const JSON_SCHEMA: &str = "https://c3voc.de/schedule/schema.json";

const GENERATOR: Generator = Generator {
    name: "convene",
    version: env!("CARGO_PKG_VERSION"),
};

/// The schedule as XML.
pub fn schedule_xml(view: &ProgrammeView, context: &ExportContext) -> String {
    let schedule = Schedule::build(view, context);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to memory does not fail, and every text written is UTF-8.
    if write_schedule(&mut writer, &schedule).is_err() {
        return String::new();
    }
    let mut xml = String::from_utf8(writer.into_inner()).unwrap_or_default();
    xml.push('\n');
    xml
}

/// The schedule as JSON.
pub fn schedule_json(view: &ProgrammeView, context: &ExportContext) -> String {
    let document = Document {
        schema: JSON_SCHEMA,
        generator: GENERATOR,
        schedule: Schedule::build(view, context),
    };
    // Every value is a string, a number, a list or a map keyed by strings: this does not fail.
    let mut json = serde_json::to_string_pretty(&document).unwrap_or_default();
    json.push('\n');
    json
}

// The schedule, with the JSON schema's field names.

/// The JSON document: the schedule, and what made it.
#[derive(Serialize)]
struct Document {
    #[serde(rename = "$schema")]
    schema: &'static str,
    generator: Generator,
    schedule: Schedule,
}

#[derive(Serialize)]
struct Generator {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Schedule {
    version: String,
    /// Where the public site lives.
    base_url: String,
    conference: Conference,
}

#[derive(Serialize)]
struct Conference {
    acronym: String,
    title: String,
    /// The first and last days of the event.
    start: Date,
    end: Date,
    #[serde(rename = "daysCount")]
    days_count: usize,
    /// The grid every talk's start and length fall on: "00:15".
    timeslot_duration: String,
    time_zone_name: String,
    /// The event's public page.
    url: String,
    tracks: Vec<Track>,
    rooms: Vec<Room>,
    days: Vec<Day>,
}

/// A kind of session.
#[derive(Serialize)]
struct Track {
    name: String,
    slug: &'static str,
}

/// A venue that has talks.
#[derive(Serialize)]
struct Room {
    name: String,
    guid: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
}

/// A day that has talks.
#[derive(Serialize)]
struct Day {
    /// 1, 2, … in the order of the days.
    index: usize,
    date: Date,
    /// From the day's first moment in the host zone to the next day's (or to the end of a talk that
    /// runs past midnight), RFC 3339 with offset.
    day_start: String,
    day_end: String,
    rooms: DayRooms,
}

/// A day's talks room by room, in the order of the conference's rooms: a JSON object keyed by room
/// name, written in that order.
struct DayRooms(Vec<DayRoom>);

struct DayRoom {
    name: String,
    guid: String,
    talks: Vec<Talk>,
}

impl Serialize for DayRooms {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for room in &self.0 {
            map.serialize_entry(&room.name, &room.talks)?;
        }
        map.end()
    }
}

/// A session; the format calls it an event.
#[derive(Serialize)]
struct Talk {
    guid: String,
    id: u32,
    /// Start and end, RFC 3339 with the host zone's offset.
    date: String,
    end: String,
    /// The local start in the host zone, "16:00", and the length, "01:30".
    start: String,
    duration: String,
    room: String,
    slug: String,
    url: String,
    title: String,
    /// convene has no subtitles; written empty, since importers expect the field.
    subtitle: String,
    /// The kind of session, as readers call it.
    track: String,
    /// The kind of session, as a keyword.
    #[serde(rename = "type")]
    kind: &'static str,
    /// The language of the title (the source language where a translation is missing).
    language: String,
    r#abstract: String,
    /// The guiding questions.
    description: Option<String>,
    persons: Vec<Person>,
    /// convene keeps no links or files for a session yet.
    links: [(); 0],
    attachments: [(); 0],
}

#[derive(Serialize)]
struct Person {
    name: String,
    /// From the event and the person's id in its directory: the same in every export.
    guid: String,
    /// Their page on the programme's site.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    /// Their office and city, in the export's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    biography: Option<String>,
}

// Building the schedule from the view.

impl Schedule {
    fn build(view: &ProgrammeView, context: &ExportContext) -> Self {
        let event_id = view.event.id.as_str();
        let host = TimeZone::get(&view.event.host_zone).unwrap_or(TimeZone::UTC);
        let timed = timed_days(view, &host);
        let all: Vec<&Timed<'_>> = timed.iter().flat_map(|(_, t)| t).collect();
        let builder = Builder {
            view,
            context,
            words: Localizer::new(&view.lang),
            acronym: acronym(event_id),
            rooms: Rooms::new(event_id, all.iter().map(|t| &t.session.venue)),
            host: &host,
        };
        let days: Vec<Day> = timed
            .iter()
            .enumerate()
            .map(|(i, (date, timed))| builder.day(i + 1, *date, timed))
            .collect();
        Schedule {
            version: context.version.clone(),
            base_url: context.base_url.clone(),
            conference: builder.conference(&all, days),
        }
    }
}

/// The days that have sessions with a confirmed time, each with those sessions, numbered.
fn timed_days<'a>(view: &'a ProgrammeView, host: &TimeZone) -> Vec<(Date, Vec<Timed<'a>>)> {
    let event_id = view.event.id.as_str();
    let mut days: Vec<(Date, Vec<Timed<'a>>)> = view
        .days
        .iter()
        .map(|day| {
            let timed: Vec<Timed<'a>> = day
                .sessions
                .iter()
                .filter_map(|s| Timed::new(s, event_id, host))
                .collect();
            (day.date, timed)
        })
        .filter(|(_, timed)| !timed.is_empty())
        .collect();
    let guids: Vec<Uuid> = days.iter().flat_map(|(_, t)| t).map(|t| t.guid).collect();
    let talks = days.iter_mut().flat_map(|(_, t)| t.iter_mut());
    for (timed, id) in talks.zip(talk_ids(&guids)) {
        timed.id = id;
    }
    days
}

/// A session whose time is confirmed, with its times read in the host zone.
struct Timed<'a> {
    session: &'a SessionView,
    starts_at: &'a str,
    ends_at: &'a str,
    start: Timestamp,
    end: Timestamp,
    /// The local start in the host zone.
    local_start: DateTime,
    minutes: i64,
    guid: Uuid,
    id: u32,
}

impl<'a> Timed<'a> {
    fn new(session: &'a SessionView, event_id: &str, host: &TimeZone) -> Option<Self> {
        if session.time_status != TimeStatus::Confirmed {
            return None;
        }
        let starts_at = session.starts_at.as_deref()?;
        let ends_at = session.ends_at.as_deref()?;
        let start: Timestamp = starts_at.parse().ok()?;
        Some(Self {
            session,
            starts_at,
            ends_at,
            start,
            end: ends_at.parse().ok()?,
            local_start: host.to_datetime(start),
            minutes: session.duration_minutes?,
            guid: guid(event_id, "session", &session.identity),
            // Numbered once every talk of the schedule is known: see `talk_ids`.
            id: 0,
        })
    }
}

/// What every talk and day of one schedule shares.
struct Builder<'a> {
    view: &'a ProgrammeView,
    context: &'a ExportContext,
    words: Localizer,
    acronym: String,
    rooms: Rooms,
    host: &'a TimeZone,
}

impl Builder<'_> {
    fn conference(self, talks: &[&Timed<'_>], days: Vec<Day>) -> Conference {
        let event = &self.view.event;
        // The event's days; for a programme without any, the days of its talks, or the export's.
        let dates: Vec<Date> = event
            .days
            .iter()
            .map(|d| d.date)
            .chain(days.iter().map(|d| d.date))
            .collect();
        let today = self.host.to_datetime(self.context.generated_at).date();
        Conference {
            acronym: self.acronym,
            title: event.name.text.clone(),
            start: dates.iter().min().copied().unwrap_or(today),
            end: dates.iter().max().copied().unwrap_or(today),
            days_count: days.len(),
            timeslot_duration: hours_minutes(timeslot_minutes(talks)),
            time_zone_name: event.host_zone.clone(),
            url: self.context.event_url(event.id.as_str()),
            tracks: tracks(talks),
            rooms: self.rooms.0.into_iter().map(|(_, room)| room).collect(),
            days,
        }
    }

    fn day(&self, index: usize, date: Date, timed: &[Timed<'_>]) -> Day {
        let first_moment = |date: Date| {
            date.to_zoned_datetime(self.host.clone())
                .ok()
                .map(|z| z.timestamp())
        };
        let first_start = timed.iter().map(|t| t.start).min();
        let next_day = date.tomorrow().ok().and_then(first_moment);
        let last_end = timed.iter().map(|t| t.end).max();
        let start = first_moment(date).or(first_start).unwrap_or_default();
        let end = next_day.max(last_end).unwrap_or_default();
        Day {
            index,
            date,
            day_start: self.with_offset(start),
            day_end: self.with_offset(end),
            rooms: self.rooms.arrange(timed.iter().map(|t| self.talk(t))),
        }
    }

    fn person(&self, person: &PersonView) -> Person {
        let event_id = self.view.event.id.as_str();
        let biography = [
            person.title.as_ref().map(|t| t.text.as_str()),
            person.place_label.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        Person {
            name: person.name.clone(),
            guid: guid(event_id, "person", &person.id).to_string(),
            url: Some(format!(
                "{}/people/{}",
                self.context.event_url(event_id),
                person.id
            ))
            .filter(|url| is_http(url)),
            biography: Some(biography).filter(|b| !b.is_empty()),
        }
    }

    fn talk(&self, timed: &Timed<'_>) -> Talk {
        let session = timed.session;
        Talk {
            guid: timed.guid.to_string(),
            id: timed.id,
            date: timed.starts_at.to_owned(),
            end: timed.ends_at.to_owned(),
            start: timed.local_start.strftime("%H:%M").to_string(),
            duration: hours_minutes(timed.minutes),
            room: self.rooms.name(&session.venue.id).to_owned(),
            slug: talk_slug(&self.acronym, &session.id),
            url: self
                .context
                .session_url(self.view.event.id.as_str(), session.id.as_str()),
            title: session.title.text.clone(),
            subtitle: String::new(),
            track: session.kind_label.clone(),
            kind: session.kind.keyword(),
            language: session.title.lang.to_string(),
            r#abstract: session
                .description
                .as_ref()
                .map(|d| markdown::plain_text(&d.text))
                .unwrap_or_default(),
            description: super::ical::questions(&session.questions, &self.words),
            persons: session.people.iter().map(|p| self.person(p)).collect(),
            links: [],
            attachments: [],
        }
    }

    fn with_offset(&self, at: Timestamp) -> String {
        at.display_with_offset(self.host.to_offset(at)).to_string()
    }
}

/// The rooms of the schedule: one per venue that has a talk, in the order of its first talk. Two
/// venues that read the same get their ids added, so that each name stays one room.
struct Rooms(Vec<(Slug, Room)>);

impl Rooms {
    fn new<'a>(event_id: &str, venues: impl Iterator<Item = &'a VenueView>) -> Self {
        let mut used: Vec<&VenueView> = Vec::new();
        for venue in venues {
            if !used.iter().any(|v| v.id == venue.id) {
                used.push(venue);
            }
        }
        let names: Vec<String> = used.iter().map(|v| venue_name(v)).collect();
        let rooms = used
            .iter()
            .zip(&names)
            .map(|(venue, name)| {
                let name = if names.iter().filter(|n| *n == name).count() > 1 {
                    format!("{name} ({})", venue.id)
                } else {
                    name.clone()
                };
                let room = Room {
                    name,
                    guid: guid(event_id, "venue", &venue.id).to_string(),
                    kind: (venue.kind == VenueKind::Online).then_some("online"),
                };
                (venue.id.clone(), room)
            })
            .collect();
        Rooms(rooms)
    }

    fn name<'a>(&'a self, venue: &'a Slug) -> &'a str {
        self.0
            .iter()
            .find(|(id, _)| id == venue)
            .map_or(venue.as_str(), |(_, room)| room.name.as_str())
    }

    /// Talks grouped by room, rooms in this order, each room's talks in the order given.
    fn arrange(&self, talks: impl Iterator<Item = Talk>) -> DayRooms {
        let mut rooms: Vec<DayRoom> = self
            .0
            .iter()
            .map(|(_, room)| DayRoom {
                name: room.name.clone(),
                guid: room.guid.clone(),
                talks: Vec::new(),
            })
            .collect();
        for talk in talks {
            if let Some(room) = rooms.iter_mut().find(|r| r.name == talk.room) {
                room.talks.push(talk);
            }
        }
        rooms.retain(|r| !r.talks.is_empty());
        DayRooms(rooms)
    }
}

fn venue_name(venue: &VenueView) -> String {
    venue
        .name
        .as_ref()
        .map_or_else(|| venue.id.to_string(), |n| n.text.clone())
}

/// The kinds of session, in the order they first appear.
fn tracks(talks: &[&Timed<'_>]) -> Vec<Track> {
    let mut tracks: Vec<Track> = Vec::new();
    for timed in talks {
        let slug = timed.session.kind.keyword();
        if !tracks.iter().any(|t| t.slug == slug) {
            tracks.push(Track {
                name: timed.session.kind_label.clone(),
                slug,
            });
        }
    }
    tracks
}

/// The event id as a c3voc acronym. The JSON schema allows no hyphen after the first character
/// (the slugs of talks use one to separate the acronym), so hyphens become underscores
/// (`izmir-2021` → `izmir_2021`); an id shorter than the four characters it asks for is padded.
fn acronym(event_id: &str) -> String {
    let mut acronym = event_id.replace('-', "_");
    while acronym.len() < 4 {
        acronym.push('_');
    }
    acronym
}

/// The talk's slug: the acronym, a hyphen and the session id, which both schemas read. The XML
/// schema asks for at least four characters after the hyphen and the JSON schema for a letter or
/// digit at the end, so a shorter id is padded at its start: `qa` → `spring_2022-__qa`.
fn talk_slug(acronym: &str, session: &Slug) -> String {
    format!("{acronym}-{:_>4}", session.as_str())
}

/// A stable UUID (version 5) for a session or venue of an event: the same in every export, whatever
/// the language or the site's address.
fn guid(event_id: &str, kind: &str, id: &Slug) -> Uuid {
    let name = format!("urn:convene:{event_id}:{kind}:{id}");
    Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes())
}

/// Numbers for apps that still key talks by integer (the format's `id`, which the guid replaces).
/// Each is the first 31 bits of the talk's guid, so a session keeps its number from one export to
/// the next whatever else changes in the programme; on the rare clash with an earlier talk, it
/// takes the next free number.
fn talk_ids(guids: &[Uuid]) -> Vec<u32> {
    const MAX: u32 = 0x7fff_ffff;
    let mut used = HashSet::new();
    guids
        .iter()
        .map(|guid| {
            let [a, b, c, d, ..] = *guid.as_bytes();
            let mut id = (u32::from_be_bytes([a, b, c, d]) & MAX).max(1);
            while !used.insert(id) {
                id = id % MAX + 1;
            }
            id
        })
        .collect()
}

/// The longest slot, an hour at most, that every talk's start (counted from midnight) and length are
/// whole multiples of.
fn timeslot_minutes(talks: &[&Timed<'_>]) -> i64 {
    talks
        .iter()
        .flat_map(|t| {
            let time = t.local_start.time();
            [
                i64::from(time.hour()) * 60 + i64::from(time.minute()),
                t.minutes,
            ]
        })
        .fold(60, gcd)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

/// Minutes as "HH:MM": 90 → "01:30".
fn hours_minutes(minutes: i64) -> String {
    let minutes = minutes.max(0);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

// XML.

type Xml = Writer<Vec<u8>>;

fn write_schedule(w: &mut Xml, schedule: &Schedule) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("schedule").write_inner_content(|w| {
        w.create_element("generator")
            .with_attribute(("name", GENERATOR.name))
            .with_attribute(("version", GENERATOR.version))
            .write_empty()?;
        text(w, "version", &schedule.version)?;
        w.create_element("conference").write_inner_content(|w| {
            write_conference(w, &schedule.conference, &schedule.base_url)
        })?;
        for day in &schedule.conference.days {
            write_day(w, day)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_conference(w: &mut Xml, conference: &Conference, base_url: &str) -> io::Result<()> {
    text(w, "acronym", &conference.acronym)?;
    text(w, "title", &conference.title)?;
    text(w, "start", &conference.start.to_string())?;
    text(w, "end", &conference.end.to_string())?;
    text(w, "days", &conference.days_count.to_string())?;
    text(w, "timeslot_duration", &conference.timeslot_duration)?;
    if is_http(base_url) {
        text(w, "base_url", base_url)?;
    }
    if is_http(&conference.url) {
        text(w, "url", &conference.url)?;
    }
    text(w, "time_zone_name", &conference.time_zone_name)?;
    for track in &conference.tracks {
        w.create_element("track")
            .with_attribute(("name", xml_chars(&track.name).as_ref()))
            .with_attribute(("slug", track.slug))
            .write_empty()?;
    }
    Ok(())
}

fn write_day(w: &mut Xml, day: &Day) -> io::Result<()> {
    w.create_element("day")
        .with_attribute(("index", day.index.to_string().as_str()))
        .with_attribute(("date", day.date.to_string().as_str()))
        .with_attribute(("start", day.day_start.as_str()))
        .with_attribute(("end", day.day_end.as_str()))
        .write_inner_content(|w| {
            for room in &day.rooms.0 {
                w.create_element("room")
                    .with_attribute(("name", xml_chars(&room.name).as_ref()))
                    .with_attribute(("guid", room.guid.as_str()))
                    .write_inner_content(|w| {
                        for talk in &room.talks {
                            write_talk(w, talk)?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_talk(w: &mut Xml, talk: &Talk) -> io::Result<()> {
    w.create_element("event")
        .with_attribute(("guid", talk.guid.as_str()))
        .with_attribute(("id", talk.id.to_string().as_str()))
        .write_inner_content(|w| {
            text(w, "room", &talk.room)?;
            text(w, "title", &talk.title)?;
            text(w, "subtitle", &talk.subtitle)?;
            text(w, "type", talk.kind)?;
            text(w, "date", &talk.date)?;
            text(w, "start", &talk.start)?;
            text(w, "duration", &talk.duration)?;
            text(w, "abstract", &talk.r#abstract)?;
            text(w, "slug", &talk.slug)?;
            text(w, "track", &talk.track)?;
            write_persons(w, &talk.persons)?;
            text(w, "language", &talk.language)?;
            if let Some(description) = &talk.description {
                text(w, "description", description)?;
            }
            w.create_element("links").write_empty()?;
            w.create_element("attachments").write_empty()?;
            if is_http(&talk.url) {
                text(w, "url", &talk.url)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_persons(w: &mut Xml, persons: &[Person]) -> io::Result<()> {
    let element = w.create_element("persons");
    if persons.is_empty() {
        element.write_empty()?;
    } else {
        element.write_inner_content(|w| {
            for person in persons {
                w.create_element("person")
                    .with_attribute(("guid", person.guid.as_str()))
                    .write_text_content(BytesText::new(&xml_chars(&person.name)))?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// An element holding text, escaped by the writer.
fn text(w: &mut Xml, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_chars(value)))?;
    Ok(())
}

/// The text without the characters XML 1.0 cannot hold at all (control characters other than tab
/// and line breaks, U+FFFE, U+FFFF), which escaping cannot save.
fn xml_chars(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | ' '..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

/// The XML schema's links must be http(s) addresses.
fn is_http(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckOptions, Language, Programme, ViewOptions, load};

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
  { date = "2022-03-26", format = "hybrid", venue = "hall" },
  { date = "2022-03-27", format = "hybrid", venue = "hall" },
]

[[zones]]
zone = "Europe/Paris"
label = "Paris"

[[venues]]
id = "hall"
kind = "place"
name.en = "Main hall"
city = "Paris"

[[venues]]
id = "online"
kind = "online"
name.en = "Online"
name.fr = "En ligne"

[[sessions]]
id = "opening"
kind = "plenary"
format = "hybrid"
venue = "hall"
date = "2022-03-26"
start = "09:00"
end = "10:30"
title.en = "<script>alert('hi')</script> & \"friends\""
description.en = "Cities & towns meet where 5 < 6 > 4."

[[sessions.people]]
name = "Ayşe Çelik & Co"
role = "speaker"

[[sessions]]
id = "qa"
kind = "other"
format = "online"
venue = "online"
date = "2022-03-27"
start = "10:00"
end = "10:50"
title.en = "Questions and answers"
title.fr = "Questions et réponses"

[[sessions.questions]]
en = "What next?"

[[sessions]]
id = "still-to-be-timed"
kind = "ceremony"
format = "hybrid"
venue = "hall"
date = "2022-03-27"
title.en = "Closing"
"#;

    fn programme() -> Programme {
        let loaded = load(SPRING, &CheckOptions::default());
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.programme.expect("the programme loads")
    }

    fn view(lang: &str) -> ProgrammeView {
        let words = Localizer::new(&Language::parse(lang).unwrap());
        ProgrammeView::build(&programme(), &words, &ViewOptions { reader_zone: None })
    }

    fn context() -> ExportContext {
        ExportContext {
            base_url: "https://summit.example.org".into(),
            generated_at: "2022-03-01T09:30:00Z".parse().unwrap(),
            version: "7".into(),
            history: None,
        }
    }

    fn json(lang: &str) -> serde_json::Value {
        serde_json::from_str(&schedule_json(&view(lang), &context())).unwrap()
    }

    fn talks(json: &serde_json::Value) -> Vec<serde_json::Value> {
        json["schedule"]["conference"]["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|day| day["rooms"].as_object().unwrap().values())
            .flat_map(|room| room.as_array().unwrap().clone())
            .collect()
    }

    #[test]
    fn markup_in_a_title_is_escaped_in_xml() {
        let xml = schedule_xml(&view("en"), &context());
        assert!(
            xml.contains(
                "<title>&lt;script&gt;alert(&apos;hi&apos;)&lt;/script&gt; &amp; &quot;friends&quot;</title>"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("<abstract>Cities &amp; towns meet where 5 &lt; 6 &gt; 4.</abstract>")
        );
        assert!(xml.contains("\">Ayşe Çelik &amp; Co</person>"), "{xml}");
        assert!(!xml.contains("<script>"));
    }

    #[test]
    fn a_person_has_a_stable_guid_and_the_address_of_their_page() {
        let json = json("en");
        let person = &talks(&json)[0]["persons"][0];
        let id = Slug::parse("ayse-celik-co").unwrap();
        assert_eq!(
            person,
            &serde_json::json!({
                "name": "Ayşe Çelik & Co",
                "guid": guid("spring-2022", "person", &id).to_string(),
                "url": "https://summit.example.org/events/spring-2022/people/ayse-celik-co",
            })
        );
    }

    #[test]
    fn markup_in_a_title_is_kept_as_text_in_json() {
        let json = json("en");
        assert_eq!(
            talks(&json)[0]["title"],
            "<script>alert('hi')</script> & \"friends\""
        );
    }

    #[test]
    fn a_session_still_to_be_timed_is_left_out() {
        let slugs: Vec<serde_json::Value> = talks(&json("en"))
            .iter()
            .map(|t| t["slug"].clone())
            .collect();
        assert_eq!(slugs, ["spring_2022-opening", "spring_2022-__qa"]);
        assert!(!schedule_xml(&view("en"), &context()).contains("still-to-be-timed"));
    }

    #[test]
    fn a_talk_reads_in_the_host_zone_on_both_sides_of_the_change() {
        let json = json("fr");
        let qa = &talks(&json)[1];
        assert_eq!(qa["date"], "2022-03-27T10:00:00+02:00");
        assert_eq!(qa["end"], "2022-03-27T10:50:00+02:00");
        assert_eq!(qa["start"], "10:00");
        assert_eq!(qa["duration"], "00:50");
        assert_eq!(qa["room"], "En ligne");
        assert_eq!(qa["language"], "fr");
        assert_eq!(qa["track"], "Séance");
        assert_eq!(qa["type"], "other");
        assert_eq!(qa["description"], "Questions :\n• What next?");
        let day = &json["schedule"]["conference"]["days"][1];
        assert_eq!(day["day_start"], "2022-03-27T00:00:00+01:00");
        assert_eq!(day["day_end"], "2022-03-28T00:00:00+02:00");
    }

    #[test]
    fn the_conference_names_the_event_its_days_and_rooms() {
        let json = json("en");
        let conference = &json["schedule"]["conference"];
        assert_eq!(json["schedule"]["version"], "7");
        assert_eq!(json["schedule"]["base_url"], "https://summit.example.org");
        assert_eq!(conference["acronym"], "spring_2022");
        assert_eq!(conference["start"], "2022-03-26");
        assert_eq!(conference["end"], "2022-03-27");
        assert_eq!(conference["daysCount"], 2);
        assert_eq!(conference["time_zone_name"], "Europe/Paris");
        assert_eq!(conference["timeslot_duration"], "00:10");
        let rooms: Vec<(&str, Option<&str>)> = conference["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["name"].as_str().unwrap(), r["type"].as_str()))
            .collect();
        assert_eq!(rooms, [("Main hall", None), ("Online", Some("online"))]);
    }

    #[test]
    fn guids_are_stable_version_5_uuids() {
        let first = guid("spring-2022", "session", &Slug::parse("qa").unwrap());
        let again = guid("spring-2022", "session", &Slug::parse("qa").unwrap());
        let other_event = guid("autumn-2022", "session", &Slug::parse("qa").unwrap());
        assert_eq!(first, again);
        assert_ne!(first, other_event);
        assert_eq!(first.get_version_num(), 5);
    }

    #[test]
    fn talk_numbers_come_from_the_guid_and_never_clash() {
        let guid = Uuid::from_bytes([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(talk_ids(&[guid, guid, guid]), [0x7fff_ffff, 1, 2]);
        let zero = Uuid::nil();
        assert_eq!(talk_ids(&[zero]), [1]);
    }

    #[test]
    fn the_timeslot_is_the_common_measure_of_starts_and_lengths() {
        assert_eq!(gcd(60, 16 * 60 + 45), 15);
        assert_eq!([960, 90, 1065, 75].into_iter().fold(60, gcd), 15);
        assert_eq!(hours_minutes(15), "00:15");
        assert_eq!(hours_minutes(90), "01:30");
    }

    #[test]
    fn acronyms_keep_to_the_schema() {
        assert_eq!(acronym("izmir-2021"), "izmir_2021");
        assert_eq!(acronym("ab"), "ab__");
    }

    #[test]
    fn a_short_session_id_is_padded_so_that_every_talk_has_a_slug() {
        let slug = |id: &str| talk_slug("spring_2022", &Slug::parse(id).unwrap());
        assert_eq!(slug("opening"), "spring_2022-opening");
        assert_eq!(slug("talk"), "spring_2022-talk");
        assert_eq!(slug("qa"), "spring_2022-__qa");
        assert_eq!(slug("7"), "spring_2022-___7");
        let xml = schedule_xml(&view("en"), &context());
        assert!(xml.contains("<slug>spring_2022-opening</slug>"), "{xml}");
        assert!(xml.contains("<slug>spring_2022-__qa</slug>"), "{xml}");
    }

    #[test]
    fn every_talk_has_a_subtitle_even_an_empty_one() {
        let xml = schedule_xml(&view("en"), &context());
        assert_eq!(xml.matches("<event ").count(), 2);
        assert_eq!(xml.matches("<subtitle></subtitle>").count(), 2, "{xml}");
        for talk in talks(&json("en")) {
            assert_eq!(talk["subtitle"], "", "{talk}");
        }
    }

    #[test]
    fn characters_xml_cannot_hold_are_dropped() {
        assert_eq!(xml_chars("a\u{1}b\u{FFFF}c\td"), "abc\td");
        assert!(matches!(xml_chars("plain « text »"), Cow::Borrowed(_)));
    }

    #[test]
    fn two_venues_that_read_the_same_stay_two_rooms() {
        let venue = |id: &str| VenueView {
            id: Slug::parse(id).unwrap(),
            kind: VenueKind::Place,
            name: Some(crate::LocalText {
                text: "Hall".into(),
                lang: Language::parse("en").unwrap(),
                fallback: false,
            }),
            city: None,
            address: None,
        };
        let (a, b) = (venue("north"), venue("south"));
        let rooms = Rooms::new("spring-2022", [&a, &b, &a].into_iter());
        let names: Vec<&str> = rooms.0.iter().map(|(_, r)| r.name.as_str()).collect();
        assert_eq!(names, ["Hall (north)", "Hall (south)"]);
    }
}
