//! The calendar history as JSON, to keep between versions.
//!
//! One entry per session, in order of first appearance, with only what differs from a session at
//! SEQUENCE 0 that the newest version has (`{"id":"opening"}`); a session removed, or without its
//! time since it had one, carries the last version that had it with its time, reduced to the
//! session, its venue, the display zones and the event's names, languages, host zone and status.
//!
//! ```json
//! {"format":2,"sessions":[{"id":"opening"},{"id":"closing","sequence":2,"removed":true,
//!  "last_timed":{"event":{…},"zones":[…],"venue":{…},"session":{…}}}]}
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use super::{CalendarHistory, Snapshot, Track};
use crate::event::Status;
use crate::keyword::Keyword;
use crate::person::{LegacyPeople, WrittenPerson};
use crate::session::{Format, Role, Schedule, SessionKind};
use crate::venue::VenueKind;
use crate::{
    DisplayZone, Event, Language, Person, Session, SessionPerson, Slug, Text, Venue, Zone,
    ZoneLabel,
};

/// The format this version of convene writes. Format 2 added zone labels per language and the
/// people's ids and links; format 1, the same shape without them, reads too.
const FORMAT: u32 = 2;

/// The formats this version of convene reads.
const READS: [u32; 2] = [1, FORMAT];

/// Why a text is not a calendar history this version of convene reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvalidHistory {
    /// Not JSON, or not shaped like a calendar history: what is wrong, with its line and column.
    Shape(String),
    /// A calendar history in a format other than those this version reads.
    Format { found: u32 },
    /// A value that does not read: where it is (`sessions[3].last_timed.session.venue`), and why.
    Value { at: String, problem: String },
}

impl fmt::Display for InvalidHistory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidHistory::Shape(problem) => {
                write!(f, "this is not a calendar history: {problem}")
            }
            InvalidHistory::Format { found } => write!(
                f,
                "calendar history format {found} is not one this version of convene reads; it \
                 reads formats 1 and {FORMAT}"
            ),
            InvalidHistory::Value { at, problem } => write!(f, "{at}: {problem}"),
        }
    }
}

impl std::error::Error for InvalidHistory {}

impl CalendarHistory {
    /// The history as compact JSON, which [`CalendarHistory::from_json`] reads back to the same
    /// history.
    pub fn to_json(&self) -> String {
        let mut tracks: Vec<(&Slug, &Track)> = self.tracks.iter().collect();
        tracks.sort_by_key(|(_, t)| t.order);
        let stored = StoredHistory {
            format: FORMAT,
            sessions: tracks
                .into_iter()
                .map(|(id, track)| StoredTrack {
                    id: id.to_string(),
                    sequence: track.sequence,
                    removed: track.removed,
                    last_timed: track.last_timed.as_deref().map(StoredSnapshot::from),
                })
                .collect(),
        };
        // Structs, strings and string-keyed maps always make JSON.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads a history [`CalendarHistory::to_json`] wrote.
    pub fn from_json(text: &str) -> Result<Self, InvalidHistory> {
        let shape = |e: serde_json::Error| InvalidHistory::Shape(e.to_string());
        // The format first: another format may have another shape.
        let StoredFormat { format } = serde_json::from_str(text).map_err(shape)?;
        if !READS.contains(&format) {
            return Err(InvalidHistory::Format { found: format });
        }
        let stored: StoredHistory = serde_json::from_str(text).map_err(shape)?;
        let mut tracks = HashMap::with_capacity(stored.sessions.len());
        for (order, entry) in stored.sessions.into_iter().enumerate() {
            let at = format!("sessions[{order}]");
            let id = read(Slug::parse(&entry.id), &at, "id")?;
            let last_timed = match entry.last_timed {
                Some(snapshot) => Some(Arc::new(snapshot.read(&id, &format!("{at}.last_timed"))?)),
                None => None,
            };
            let track = Track {
                order,
                sequence: entry.sequence,
                removed: entry.removed,
                last_timed,
            };
            if tracks.insert(id.clone(), track).is_some() {
                return Err(InvalidHistory::Value {
                    at: format!("{at}.id"),
                    problem: format!(
                        "session \"{id}\" has an entry already; each session has one entry"
                    ),
                });
            }
        }
        Ok(Self::from_tracks(tracks))
    }
}

/// Which format a history is in, whatever else it holds.
#[derive(Deserialize)]
struct StoredFormat {
    format: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredHistory {
    format: u32,
    sessions: Vec<StoredTrack>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredTrack {
    id: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    sequence: u32,
    #[serde(default, skip_serializing_if = "is_false")]
    removed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_timed: Option<StoredSnapshot>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredSnapshot {
    event: StoredEvent,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    zones: Vec<StoredZone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    venue: Option<StoredVenue>,
    session: StoredSession,
}

/// A text by language tag.
type StoredText = BTreeMap<String, String>;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredEvent {
    id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    name: StoredText,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    short_name: StoredText,
    source_language: String,
    languages: Vec<String>,
    host_zone: String,
    status: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredZone {
    zone: String,
    label: StoredLabel,
}

/// A zone's label: one for every language (a string), or one per language (a table).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum StoredLabel {
    Same(String),
    PerLanguage(StoredText),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredVenue {
    id: String,
    kind: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    name: StoredText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredSession {
    id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    former_ids: Vec<String>,
    kind: String,
    format: String,
    venue: String,
    schedule: StoredSchedule,
    /// Present only when the session names its zones (perhaps none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    zones: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    title: StoredText,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    description: StoredText,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    questions: Vec<StoredText>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    people: Vec<StoredPerson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
enum StoredSchedule {
    Timed { start: DateTime, end: DateTime },
    TimeToBeConfirmed { date: Date },
    DateToBeConfirmed,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredPerson {
    /// Their id in the directory; histories stored before the directory have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    name: String,
    role: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    title: StoredText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    link: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

// Writing: every field is destructured, so that a field added to a domain type is a decision here.

impl From<&Snapshot> for StoredSnapshot {
    fn from(snapshot: &Snapshot) -> Self {
        let Snapshot {
            event,
            zones,
            venue,
            people,
            session,
        } = snapshot;
        let mut stored_session = StoredSession::from(session);
        stored_session.people = session
            .people
            .iter()
            .filter_map(|named| {
                let person = people.iter().find(|p| p.id == named.person)?;
                Some(StoredPerson::of(person, named.role))
            })
            .collect();
        Self {
            event: event.into(),
            zones: zones
                .iter()
                .map(|DisplayZone { zone, label }| StoredZone {
                    zone: zone.name().to_owned(),
                    label: match label {
                        ZoneLabel::Same(label) => StoredLabel::Same(label.clone()),
                        ZoneLabel::PerLanguage(labels) => StoredLabel::PerLanguage(text(labels)),
                    },
                })
                .collect(),
            venue: venue.as_ref().map(StoredVenue::from),
            session: stored_session,
        }
    }
}

impl From<&Event> for StoredEvent {
    fn from(event: &Event) -> Self {
        // The introduction, earlier editions and days are not part of a snapshot.
        let Event {
            id,
            name,
            short_name,
            source_language,
            languages,
            host_zone,
            status,
            introduction: _,
            continues: _,
            days: _,
        } = event;
        Self {
            id: id.to_string(),
            name: text(name),
            short_name: text(short_name),
            source_language: source_language.to_string(),
            languages: languages.iter().map(Language::to_string).collect(),
            host_zone: host_zone.name().to_owned(),
            status: status.keyword().to_owned(),
        }
    }
}

impl From<&Venue> for StoredVenue {
    fn from(venue: &Venue) -> Self {
        let Venue {
            id,
            kind,
            name,
            city,
            address,
        } = venue;
        Self {
            id: id.to_string(),
            kind: kind.keyword().to_owned(),
            name: text(name),
            city: city.clone(),
            address: address.clone(),
        }
    }
}

impl From<&Session> for StoredSession {
    fn from(session: &Session) -> Self {
        let Session {
            id,
            former_ids,
            kind,
            format,
            venue,
            schedule,
            zones,
            title,
            description,
            questions,
            people: _,
        } = session;
        Self {
            id: id.to_string(),
            former_ids: former_ids.iter().map(Slug::to_string).collect(),
            kind: kind.keyword().to_owned(),
            format: format.keyword().to_owned(),
            venue: venue.to_string(),
            schedule: match *schedule {
                Schedule::Timed { start, end } => StoredSchedule::Timed { start, end },
                Schedule::TimeToBeConfirmed { date } => StoredSchedule::TimeToBeConfirmed { date },
                Schedule::DateToBeConfirmed => StoredSchedule::DateToBeConfirmed,
            },
            zones: zones
                .as_ref()
                .map(|zones| zones.iter().map(|z| z.name().to_owned()).collect()),
            title: text(title),
            description: text(description),
            questions: questions.iter().map(text).collect(),
            // Written by the snapshot, which has the directory the session's people are in.
            people: Vec::new(),
        }
    }
}

impl StoredPerson {
    fn of(person: &Person, role: Role) -> Self {
        let Person {
            id,
            name,
            title,
            city,
            country,
            link,
        } = person;
        Self {
            id: Some(id.to_string()),
            name: name.clone(),
            role: role.keyword().to_owned(),
            title: text(title),
            city: city.clone(),
            country: country.clone(),
            link: link.clone(),
        }
    }
}

fn text(text: &Text) -> StoredText {
    text.iter()
        .map(|(lang, words)| (lang.to_string(), words.to_owned()))
        .collect()
}

// Reading: each value parsed into its domain type, a bad one named by where it is.

impl StoredSnapshot {
    /// The snapshot of session `id`, which it must hold, at `at`.
    fn read(self, id: &Slug, at: &str) -> Result<Snapshot, InvalidHistory> {
        let event = self.event.read(&format!("{at}.event"))?;
        let zones = self
            .zones
            .into_iter()
            .enumerate()
            .map(|(n, StoredZone { zone, label })| {
                let at = format!("{at}.zones[{n}]");
                Ok(DisplayZone {
                    zone: read(Zone::parse(&zone), &at, "zone")?,
                    label: match label {
                        StoredLabel::Same(label) => ZoneLabel::Same(label),
                        StoredLabel::PerLanguage(labels) => {
                            ZoneLabel::PerLanguage(read_text(labels, &at, "label")?)
                        }
                    },
                })
            })
            .collect::<Result<_, InvalidHistory>>()?;
        let venue = match self.venue {
            Some(venue) => Some(venue.read(&format!("{at}.venue"))?),
            None => None,
        };
        let (session, people) = self.session.read(&format!("{at}.session"))?;
        if &session.id != id {
            return Err(InvalidHistory::Value {
                at: format!("{at}.session.id"),
                problem: format!(
                    "\"{}\" is not the session of this entry, \"{id}\"",
                    session.id
                ),
            });
        }
        if let Some(venue) = venue.as_ref().filter(|v| v.id != session.venue) {
            return Err(InvalidHistory::Value {
                at: format!("{at}.venue.id"),
                problem: format!(
                    "\"{}\" is not the session's venue, \"{}\"",
                    venue.id, session.venue
                ),
            });
        }
        Ok(Snapshot {
            event,
            zones,
            venue,
            people,
            session,
        })
    }
}

impl StoredEvent {
    fn read(self, at: &str) -> Result<Event, InvalidHistory> {
        Ok(Event {
            id: read(Slug::parse(&self.id), at, "id")?,
            name: read_text(self.name, at, "name")?,
            short_name: read_text(self.short_name, at, "short_name")?,
            source_language: read(
                Language::parse(&self.source_language),
                at,
                "source_language",
            )?,
            languages: self
                .languages
                .iter()
                .enumerate()
                .map(|(n, tag)| read(Language::parse(tag), at, &format!("languages[{n}]")))
                .collect::<Result<_, _>>()?,
            host_zone: read(Zone::parse(&self.host_zone), at, "host_zone")?,
            status: read(keyword::<Status>(&self.status), at, "status")?,
            introduction: Text::new(),
            continues: Vec::new(),
            days: Vec::new(),
        })
    }
}

impl StoredVenue {
    fn read(self, at: &str) -> Result<Venue, InvalidHistory> {
        Ok(Venue {
            id: read(Slug::parse(&self.id), at, "id")?,
            kind: read(keyword::<VenueKind>(&self.kind), at, "kind")?,
            name: read_text(self.name, at, "name")?,
            city: self.city,
            address: self.address,
        })
    }
}

impl StoredSession {
    /// The session, and the people of the directory it names.
    fn read(self, at: &str) -> Result<(Session, Vec<Person>), InvalidHistory> {
        let mut people: Vec<Person> = Vec::new();
        let mut written = Vec::with_capacity(self.people.len());
        for (n, stored) in self.people.into_iter().enumerate() {
            let (person, role) = stored.read(&format!("{at}.people[{n}]"))?;
            written.push(match person {
                Stored::Listed(person) => {
                    let listed = SessionPerson {
                        person: person.id.clone(),
                        role,
                    };
                    if !people.iter().any(|p| p.id == person.id) {
                        people.push(person);
                    }
                    WrittenPerson::Listed(listed)
                }
                Stored::Inline(person) => WrittenPerson::Inline(person, role),
            });
        }
        // Histories stored before the directory name people as programme files then did.
        let named = LegacyPeople::new(&mut people).session(written);
        let zones = match self.zones {
            Some(names) => Some(
                names
                    .iter()
                    .enumerate()
                    .map(|(n, name)| read(Zone::parse(name), at, &format!("zones[{n}]")))
                    .collect::<Result<_, _>>()?,
            ),
            None => None,
        };
        let session = Session {
            id: read(Slug::parse(&self.id), at, "id")?,
            former_ids: self
                .former_ids
                .iter()
                .enumerate()
                .map(|(n, id)| read(Slug::parse(id), at, &format!("former_ids[{n}]")))
                .collect::<Result<_, _>>()?,
            kind: read(keyword::<SessionKind>(&self.kind), at, "kind")?,
            format: read(keyword::<Format>(&self.format), at, "format")?,
            venue: read(Slug::parse(&self.venue), at, "venue")?,
            schedule: match self.schedule {
                StoredSchedule::Timed { start, end } => Schedule::Timed { start, end },
                StoredSchedule::TimeToBeConfirmed { date } => Schedule::TimeToBeConfirmed { date },
                StoredSchedule::DateToBeConfirmed => Schedule::DateToBeConfirmed,
            },
            zones,
            title: read_text(self.title, at, "title")?,
            description: read_text(self.description, at, "description")?,
            questions: self
                .questions
                .into_iter()
                .enumerate()
                .map(|(n, question)| read_text(question, at, &format!("questions[{n}]")))
                .collect::<Result<_, _>>()?,
            people: named,
        };
        Ok((session, people))
    }
}

/// A person as a history stored them: with their id in the directory, or, before the directory,
/// without one.
enum Stored {
    Listed(Person),
    Inline(Person),
}

impl StoredPerson {
    /// The person and their role.
    fn read(self, at: &str) -> Result<(Stored, Role), InvalidHistory> {
        let id = match &self.id {
            Some(id) => Some(read(Slug::parse(id), at, "id")?),
            None => None,
        };
        let placeholder = || Slug::parse("person").expect("an identifier");
        let person = Person {
            id: id.clone().unwrap_or_else(placeholder),
            name: self.name,
            title: read_text(self.title, at, "title")?,
            city: self.city,
            country: self.country,
            link: self.link,
        };
        let role = read(keyword::<Role>(&self.role), at, "role")?;
        let stored = match id {
            Some(_) => Stored::Listed(person),
            None => Stored::Inline(person),
        };
        Ok((stored, role))
    }
}

/// `parsed`, or the error of field `field` of the value at `at`.
fn read<T, E: fmt::Display>(
    parsed: Result<T, E>,
    at: &str,
    field: &str,
) -> Result<T, InvalidHistory> {
    parsed.map_err(|problem| InvalidHistory::Value {
        at: format!("{at}.{field}"),
        problem: problem.to_string(),
    })
}

fn read_text(stored: StoredText, at: &str, field: &str) -> Result<Text, InvalidHistory> {
    let mut out = Text::new();
    for (tag, words) in stored {
        out.insert(read(Language::parse(&tag), at, field)?, words);
    }
    Ok(out)
}

fn keyword<K: Keyword>(word: &str) -> Result<K, String> {
    K::from_keyword(word).ok_or_else(|| format!("cannot be \"{word}\"; write {}", K::expected()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::ical::history::tests::{FORMAT_1, folded, untimed_then_removed};
    use crate::export::ical::tests::izmir_versions;

    #[test]
    fn the_json_of_a_history_lists_its_sessions_in_order_with_what_is_not_the_default() {
        let json = folded(&untimed_then_removed()).to_json();
        let stored: StoredHistory = serde_json::from_str(&json).unwrap();
        let pretty = serde_json::to_string_pretty(&stored).unwrap();
        insta::assert_snapshot!(pretty);
    }

    #[test]
    fn a_history_of_format_1_reads_with_each_person_once_in_their_session() {
        let history = CalendarHistory::from_json(FORMAT_1).expect("format 1 reads");

        let cancelled = &history.cancelled()[0];
        assert_eq!(cancelled.id().as_str(), "closing");
        assert_eq!(cancelled.sequence(), 1);
        let programme = cancelled.programme();
        let ids: Vec<&str> = programme.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["tunc-soyer", "jane-doe"]);
        let named: Vec<(&str, Role)> = programme.sessions[0]
            .people
            .iter()
            .map(|p| (p.person.as_str(), p.role))
            .collect();
        assert_eq!(
            named,
            [("tunc-soyer", Role::Chair), ("jane-doe", Role::Moderator)]
        );
        assert_eq!(
            programme.zones[1].label,
            ZoneLabel::Same("Paris".to_owned())
        );
        // Written again in this version's format, it reads back the same.
        let again = history.to_json();
        assert!(again.starts_with(r#"{"format":2,"#), "{again}");
        assert_eq!(CalendarHistory::from_json(&again), Ok(history));
    }

    #[test]
    fn a_text_that_is_not_a_history_is_refused_saying_what_is_wrong() {
        let izmir = folded(&izmir_versions()).to_json();
        let cases = [
            (
                "empty",
                String::new(),
                "this is not a calendar history: EOF while parsing a value at line 1 column 0",
            ),
            (
                "no sessions",
                r#"{"format":1}"#.to_owned(),
                "this is not a calendar history: missing field `sessions` at line 1 column 12",
            ),
            (
                "a later format",
                r#"{"format":3,"entries":[]}"#.to_owned(),
                "calendar history format 3 is not one this version of convene reads; it reads \
                 formats 1 and 2",
            ),
            (
                "a misspelt field",
                r#"{"format":1,"sessions":[{"id":"opening","sequnce":2}]}"#.to_owned(),
                "this is not a calendar history: unknown field `sequnce`, expected one of `id`, \
                 `sequence`, `removed`, `last_timed` at line 1 column 49",
            ),
            (
                "an id that is not one",
                r#"{"format":1,"sessions":[{"id":"Opening"}]}"#.to_owned(),
                "sessions[0].id: \"Opening\" is not an identifier: use 1 to 64 lower-case \
                 letters a-z, digits and single hyphens, like \"opening\"",
            ),
            (
                "a session listed twice",
                r#"{"format":1,"sessions":[{"id":"opening"},{"id":"opening"}]}"#.to_owned(),
                "sessions[1].id: session \"opening\" has an entry already; each session has \
                 one entry",
            ),
            (
                "an unknown zone",
                izmir.replace("Europe/Istanbul", "Europe/Izmir"),
                "sessions[3].last_timed.event.host_zone: unknown time zone \"Europe/Izmir\"; did \
                 you mean one of \"Europe/Kyiv\", \"Europe/Paris\", \"Europe/Rome\"?",
            ),
            (
                "an unknown session kind",
                izmir.replace("thematic-workshop", "talk"),
                "sessions[3].last_timed.session.kind: cannot be \"talk\"; write \
                 \"mayors-dialogue\", \"interactive-dialogue\", \"thematic-workshop\", \
                 \"plenary\", \"public-event\", \"ceremony\", \"break\" or \"other\"",
            ),
            (
                "another session's snapshot",
                izmir.replace(
                    r#""session":{"id":"workshop-diversity""#,
                    r#""session":{"id":"workshop-dialogue""#,
                ),
                "sessions[3].last_timed.session.id: \"workshop-dialogue\" is not the session of \
                 this entry, \"workshop-diversity\"",
            ),
            (
                "a venue other than the session's",
                izmir.replace(r#""venue":{"id":"online""#, r#""venue":{"id":"izmir""#),
                "sessions[3].last_timed.venue.id: \"izmir\" is not the session's venue, \
                 \"online\"",
            ),
        ];
        for (case, text, message) in cases {
            let error = CalendarHistory::from_json(&text).unwrap_err();
            assert_eq!(error.to_string(), message, "{case}");
        }
    }
}
