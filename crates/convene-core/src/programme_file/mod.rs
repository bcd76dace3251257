//! The programme file: TOML an organiser writes, read into a [`Programme`] with every problem located.
//!
//! The format is documented in `docs/programme-file.md`.

mod reader;
mod writer;

pub use writer::write;

use jiff::civil::{Date, DateTime, Time};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use reader::{Fields, Reader, Value};

use std::ops::Range;

use crate::check::{CheckOptions, check};
use crate::diagnostic::{Diagnostic, FieldPath, PathStep};
use crate::event::{Edition, EventDay, Status};
use crate::person::{LegacyPeople, WrittenPerson};
use crate::session::{Format, Role, Schedule, SessionKind};
use crate::venue::VenueKind;
use crate::{
    DisplayZone, Event, Language, Person, Programme, Session, SessionPerson, Slug, Text, Venue,
    Zone, ZoneLabel,
};

/// What reading a programme file gave: the programme when it has no errors, and every problem found.
#[derive(Debug)]
pub struct Loaded {
    pub programme: Option<Programme>,
    /// Errors and warnings, in the order they appear in the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads, then checks, a programme file. Never panics, whatever the input.
pub fn load(source: &str, options: &CheckOptions) -> Loaded {
    let (root, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        return Loaded {
            programme: None,
            diagnostics: errors.into_iter().map(not_toml).collect(),
        };
    }
    let root = Spanned::new(0..0, DeValue::Table(root.into_inner()));
    let mut reader = Reader::default();
    let programme = read_programme(&mut reader, &root);
    let mut diagnostics = reader.diagnostics;
    if let Some(programme) = &programme {
        for mut diagnostic in check(programme, options) {
            if let Some(path) = &diagnostic.path {
                diagnostic.span = locate(&root, path, diagnostic.on_key);
            }
            diagnostics.push(diagnostic);
        }
    }
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or((0, 0), |s| (s.start, s.end)));
    let programme = programme.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Loaded {
        programme,
        diagnostics,
    }
}

fn not_toml(err: toml::de::Error) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(
        "not-toml",
        format!("this is not valid TOML: {}", err.message().trim_end()),
    );
    if let Some(span) = err.span() {
        diagnostic = diagnostic.spanned(span);
    }
    diagnostic.help("see https://toml.io for the syntax, and docs/programme-file.md for the fields")
}

/// Where a field sits in the file: its value, or its key when `on_key`; for a field the file does
/// not have, the nearest enclosing one that it has.
fn locate(root: &Value<'_>, path: &FieldPath, on_key: bool) -> Option<Range<usize>> {
    let mut value = root;
    let mut span = None;
    for step in path.steps() {
        let next = match (step, value.get_ref()) {
            (PathStep::Key(key), DeValue::Table(table)) => {
                table.get_key_value(key.as_str()).map(|(k, v)| {
                    let key_span = k.span();
                    (v, if on_key { key_span } else { v.span() })
                })
            }
            (PathStep::Index(i), DeValue::Array(items)) => items.get(*i).map(|v| (v, v.span())),
            _ => None,
        };
        let Some((next, next_span)) = next else {
            break;
        };
        value = next;
        span = Some(next_span);
    }
    span
}

fn read_programme(r: &mut Reader, root: &Value<'_>) -> Option<Programme> {
    let path = FieldPath::root();
    let fields = r.table(
        root,
        &path,
        "the programme file",
        &["event", "zones", "venues", "people", "sessions"],
    )?;
    let event = r
        .required(&fields, "event", "{ … } (an [event] table)")
        .and_then(|v| read_event(r, v, &fields.path("event")));
    let zones = r
        .required(
            &fields,
            "zones",
            "[…] (one [[zones]] table per display zone)",
        )
        .and_then(|v| read_list(r, v, &fields.path("zones"), read_zone));
    let venues = r
        .required(&fields, "venues", "[…] (one [[venues]] table per venue)")
        .and_then(|v| read_list(r, v, &fields.path("venues"), read_venue));
    let people = match fields.get("people") {
        Some(v) => read_list(r, v, &fields.path("people"), read_person),
        None => Some(Vec::new()),
    };
    let sessions = match fields.get("sessions") {
        Some(v) => read_list(r, v, &fields.path("sessions"), read_session),
        None => Some(Vec::new()),
    };
    let mut people = people?;
    let (mut sessions, written): (Vec<Session>, Vec<Vec<WrittenPerson>>) =
        sessions?.into_iter().unzip();
    // People written in their sessions, as files did before the directory, join it.
    let mut legacy = LegacyPeople::new(&mut people);
    for (session, persons) in sessions.iter_mut().zip(written) {
        session.people = legacy.session(persons);
    }
    Some(Programme {
        event: event?,
        zones: zones?,
        venues: venues?,
        people,
        sessions,
    })
}

/// Reads every item of an array of tables; `None` if any item could not be read.
fn read_list<'s, T>(
    r: &mut Reader,
    value: &Value<'s>,
    path: &FieldPath,
    read: impl Fn(&mut Reader, &Value<'s>, &FieldPath) -> Option<T>,
) -> Option<Vec<T>> {
    let items = r.array(value, path)?;
    let read: Vec<Option<T>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| read(r, item, &path.index(i)))
        .collect();
    read.into_iter().collect()
}

fn opt<'a, 's, T>(
    r: &mut Reader,
    fields: &Fields<'a, 's>,
    key: &str,
    read: impl FnOnce(&mut Reader, &'a Value<'s>, &FieldPath) -> Option<T>,
) -> Result<Option<T>, ()> {
    match fields.get(key) {
        None => Ok(None),
        Some(value) => read(r, value, &fields.path(key)).map(Some).ok_or(()),
    }
}

fn req<'a, 's, T>(
    r: &mut Reader,
    fields: &Fields<'a, 's>,
    key: &str,
    example: &str,
    read: impl FnOnce(&mut Reader, &'a Value<'s>, &FieldPath) -> Option<T>,
) -> Option<T> {
    let value = r.required(fields, key, example)?;
    read(r, value, &fields.path(key))
}

fn slug(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<Slug> {
    r.parsed(value, path, "bad-id", Slug::parse)
}

fn zone(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<Zone> {
    let name = r.string(value, path)?;
    match Zone::parse(name) {
        Ok(zone) => Some(zone),
        Err(err) => {
            let mut diagnostic = Diagnostic::error("unknown-zone", err.to_string())
                .at(path.clone())
                .spanned(value.span())
                .label("not in the time-zone database");
            diagnostic = diagnostic.help(
                "use an IANA time-zone name (Region/City); a city without a zone of its own uses the zone of its country's reference city, like Izmir with \"Europe/Istanbul\"",
            );
            r.error(diagnostic);
            None
        }
    }
}

fn plain(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<String> {
    r.string(value, path)
        .map(|s| s.trim().replace("\r\n", "\n"))
}

fn date(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<Date> {
    let text = r.temporal(value, path)?;
    match jiff::fmt::strtime::parse("%Y-%m-%d", &text).and_then(|t| t.to_date()) {
        Ok(date) => Some(date),
        Err(_) => {
            r.error(
                Diagnostic::error("bad-date", format!("\"{text}\" is not a date"))
                    .at(path.clone())
                    .spanned(value.span())
                    .label("expected a date")
                    .help("write the date as YYYY-MM-DD, like \"2021-12-07\""),
            );
            None
        }
    }
}

/// A local time `HH:MM`, or for a session's end a local date-time `YYYY-MM-DDTHH:MM`.
enum WrittenTime {
    Time(Time),
    DateTime(DateTime),
}

fn written_time(
    r: &mut Reader,
    value: &Value<'_>,
    path: &FieldPath,
    allow_date: bool,
) -> Option<WrittenTime> {
    let text = r.temporal(value, path)?;
    if let Ok(time) = jiff::fmt::strtime::parse("%H:%M", &text).and_then(|t| t.to_time()) {
        return Some(WrittenTime::Time(time));
    }
    if allow_date
        && let Ok(dt) =
            jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M", &text).and_then(|t| t.to_datetime())
    {
        return Some(WrittenTime::DateTime(dt));
    }
    let help = if allow_date {
        "write a 24-hour local time as HH:MM, like \"17:30\"; for a session that ends after midnight, the date and time, like \"2021-12-08T00:30\""
    } else {
        "write a 24-hour local time as HH:MM, like \"16:00\""
    };
    r.error(
        Diagnostic::error("bad-time", format!("\"{text}\" is not a time"))
            .at(path.clone())
            .spanned(value.span())
            .label("expected a local time")
            .help(help),
    );
    None
}

fn language(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<Language> {
    r.parsed(value, path, "bad-language", Language::parse)
}

fn text(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<Text> {
    r.text(value, path)
}

fn read_event(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<Event> {
    let f = r.table(
        value,
        path,
        "[event]",
        &[
            "id",
            "name",
            "short_name",
            "source_language",
            "languages",
            "host_zone",
            "status",
            "introduction",
            "continues",
            "days",
        ],
    )?;
    let id = req(r, &f, "id", "\"izmir-2021\"", slug);
    let name = req(r, &f, "name", "{ fr = \"…\" }", text);
    let short_name = opt(r, &f, "short_name", text);
    let source_language = req(r, &f, "source_language", "\"fr\"", language);
    let languages = req(r, &f, "languages", "[\"fr\", \"en\"]", |r, v, p| {
        read_list(r, v, p, language)
    });
    let host_zone = req(r, &f, "host_zone", "\"Europe/Istanbul\"", zone);
    let status = req(r, &f, "status", "\"preliminary\"", |r, v, p| {
        r.keyword::<Status>(v, p)
    });
    let introduction = opt(r, &f, "introduction", text);
    let continues = opt(r, &f, "continues", |r, v, p| {
        read_list(r, v, p, read_edition)
    });
    let days = req(
        r,
        &f,
        "days",
        "[…] (one [[event.days]] table per day)",
        |r, v, p| read_list(r, v, p, read_day),
    );
    Some(Event {
        id: id?,
        name: name?,
        short_name: short_name.ok()?.unwrap_or_default(),
        source_language: source_language?,
        languages: languages?,
        host_zone: host_zone?,
        status: status?,
        introduction: introduction.ok()?.unwrap_or_default(),
        continues: continues.ok()?.unwrap_or_default(),
        days: days?,
    })
}

fn read_edition(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<Edition> {
    let f = r.table(
        value,
        path,
        "[[event.continues]]",
        &["name", "city", "year"],
    )?;
    let name = req(r, &f, "name", "{ fr = \"…\" }", text);
    let city = opt(r, &f, "city", plain);
    let year = req(r, &f, "year", "2015", |r, v, p| {
        let year = r.integer(v, p)?;
        let valid = i16::try_from(year)
            .ok()
            .filter(|y| (1000..=9999).contains(y));
        if valid.is_none() {
            r.error(
                Diagnostic::error("bad-value", format!("{year} is not a year"))
                    .at(p.clone())
                    .spanned(v.span())
                    .help("write the year with four digits, like 2015"),
            );
        }
        valid
    });
    Some(Edition {
        name: name?,
        city: city.ok()?,
        year: year?,
    })
}

fn read_day(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<EventDay> {
    let f = r.table(value, path, "[[event.days]]", &["date", "format", "venue"])?;
    let date = req(r, &f, "date", "\"2021-12-07\"", date);
    let format = req(r, &f, "format", "\"online\"", |r, v, p| {
        r.keyword::<Format>(v, p)
    });
    let venue = opt(r, &f, "venue", slug);
    Some(EventDay {
        date: date?,
        format: format?,
        venue: venue.ok()?,
    })
}

fn read_zone(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<DisplayZone> {
    let f = r.table(value, path, "[[zones]]", &["zone", "label"])?;
    let zone = req(r, &f, "zone", "\"America/Toronto\"", zone);
    let label = req(r, &f, "label", "\"Montréal\"", zone_label);
    Some(DisplayZone {
        zone: zone?,
        label: label?,
    })
}

/// `label = "Montréal"` (every language), or one spelling per language (`label.tr = "İzmir"`).
fn zone_label(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<ZoneLabel> {
    match value.get_ref() {
        DeValue::Table(_) => text(r, value, path).map(ZoneLabel::PerLanguage),
        _ => plain(r, value, path).map(ZoneLabel::Same),
    }
}

fn read_venue(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<Venue> {
    let f = r.table(
        value,
        path,
        "[[venues]]",
        &["id", "kind", "name", "city", "address"],
    )?;
    let id = req(r, &f, "id", "\"online\"", slug);
    let kind = req(r, &f, "kind", "\"online\"", |r, v, p| {
        r.keyword::<VenueKind>(v, p)
    });
    let name = req(r, &f, "name", "{ fr = \"…\" }", text);
    let city = opt(r, &f, "city", plain);
    let address = opt(r, &f, "address", plain);
    Some(Venue {
        id: id?,
        kind: kind?,
        name: name?,
        city: city.ok()?,
        address: address.ok()?,
    })
}

fn read_person(r: &mut Reader, value: &Value<'_>, path: &FieldPath) -> Option<Person> {
    let f = r.table(
        value,
        path,
        "[[people]]",
        &["id", "name", "title", "city", "country", "link"],
    )?;
    let id = req(r, &f, "id", "\"tunc-soyer\"", slug);
    let name = req(r, &f, "name", "\"…\"", plain);
    let title = opt(r, &f, "title", text);
    let city = opt(r, &f, "city", plain);
    let country = opt(r, &f, "country", plain);
    let link = opt(r, &f, "link", plain);
    Some(Person {
        id: id?,
        name: name?,
        title: title.ok()?.unwrap_or_default(),
        city: city.ok()?,
        country: country.ok()?,
        link: link.ok()?,
    })
}

fn read_session_person(
    r: &mut Reader,
    value: &Value<'_>,
    path: &FieldPath,
) -> Option<WrittenPerson> {
    let inline = matches!(value.get_ref(), DeValue::Table(t) if !t.contains_key("person"));
    let known: &[&str] = if inline {
        &["name", "role", "title", "city", "country"]
    } else {
        &["person", "role"]
    };
    let f = r.table(value, path, "[[sessions.people]]", known)?;
    let role = req(r, &f, "role", "\"speaker\"", |r, v, p| {
        r.keyword::<Role>(v, p)
    });
    if !inline {
        let person = req(r, &f, "person", "\"tunc-soyer\"", slug);
        return Some(WrittenPerson::Listed(SessionPerson {
            person: person?,
            role: role?,
        }));
    }
    let name = req(r, &f, "name", "\"…\"", plain);
    let title = opt(r, &f, "title", text);
    let city = opt(r, &f, "city", plain);
    let country = opt(r, &f, "country", plain);
    let placeholder = Slug::parse("person").expect("an identifier");
    Some(WrittenPerson::Inline(
        Person {
            id: placeholder,
            name: name?,
            title: title.ok()?.unwrap_or_default(),
            city: city.ok()?,
            country: country.ok()?,
            link: None,
        },
        role?,
    ))
}

fn read_session(
    r: &mut Reader,
    value: &Value<'_>,
    path: &FieldPath,
) -> Option<(Session, Vec<WrittenPerson>)> {
    let f = r.table(
        value,
        path,
        "[[sessions]]",
        &[
            "id",
            "former_ids",
            "kind",
            "format",
            "venue",
            "date",
            "start",
            "end",
            "zones",
            "title",
            "description",
            "questions",
            "people",
        ],
    )?;
    let id = req(r, &f, "id", "\"mayors-dialogue\"", slug);
    let former_ids = opt(r, &f, "former_ids", |r, v, p| read_list(r, v, p, slug));
    let kind = req(r, &f, "kind", "\"plenary\"", |r, v, p| {
        r.keyword::<SessionKind>(v, p)
    });
    let format = req(r, &f, "format", "\"online\"", |r, v, p| {
        r.keyword::<Format>(v, p)
    });
    let venue = req(r, &f, "venue", "\"online\"", slug);
    let schedule = read_schedule(r, &f);
    let zones = opt(r, &f, "zones", |r, v, p| read_list(r, v, p, zone));
    let title = req(r, &f, "title", "{ fr = \"…\" }", text);
    let description = opt(r, &f, "description", text);
    let questions = opt(r, &f, "questions", |r, v, p| read_list(r, v, p, text));
    let people = opt(r, &f, "people", |r, v, p| {
        read_list(r, v, p, read_session_person)
    });
    let session = Session {
        id: id?,
        former_ids: former_ids.ok()?.unwrap_or_default(),
        kind: kind?,
        format: format?,
        venue: venue?,
        schedule: schedule?,
        zones: zones.ok()?,
        title: title?,
        description: description.ok()?.unwrap_or_default(),
        questions: questions.ok()?.unwrap_or_default(),
        people: Vec::new(),
    };
    Some((session, people.ok()?.unwrap_or_default()))
}

fn read_schedule(r: &mut Reader, f: &Fields<'_, '_>) -> Option<Schedule> {
    let day = opt(r, f, "date", date).ok()?;
    let start = opt(r, f, "start", |r, v, p| written_time(r, v, p, false)).ok()?;
    let end = opt(r, f, "end", |r, v, p| written_time(r, v, p, true)).ok()?;
    let span_of = |key: &str| f.get(key).map(|v| v.span());
    let fail = |r: &mut Reader, key: &str, code, message: String, help: &str| {
        let mut diagnostic = Diagnostic::error(code, message).at(f.path(key)).help(help);
        if let Some(span) = span_of(key) {
            diagnostic = diagnostic.spanned(span);
        }
        r.error(diagnostic);
        None
    };
    match (day, start, end) {
        (None, None, None) => Some(Schedule::DateToBeConfirmed),
        (Some(date), None, None) => Some(Schedule::TimeToBeConfirmed { date }),
        (None, Some(_), _) => fail(
            r,
            "start",
            "missing-field",
            "a session with a start time needs a `date`".into(),
            "add `date = \"YYYY-MM-DD\"`, or remove `start` and `end` while the time is to be confirmed",
        ),
        (_, Some(_), None) => fail(
            r,
            "start",
            "missing-field",
            "a session with a `start` needs an `end`".into(),
            "add `end = \"HH:MM\"`, or remove `start` while the time is to be confirmed",
        ),
        (_, None, Some(_)) => fail(
            r,
            "end",
            "missing-field",
            "a session with an `end` needs a `start`".into(),
            "add `start = \"HH:MM\"`, or remove `end` while the time is to be confirmed",
        ),
        (Some(date), Some(WrittenTime::Time(start)), Some(end)) => {
            let start = date.to_datetime(start);
            let end = match end {
                WrittenTime::Time(end) => date.to_datetime(end),
                WrittenTime::DateTime(end) => end,
            };
            if end <= start {
                let verb = if end == start { "when" } else { "before" };
                return fail(
                    r,
                    "end",
                    "end-before-start",
                    format!(
                        "the session ends ({}) {verb} it starts ({})",
                        end.strftime("%H:%M"),
                        start.strftime("%H:%M")
                    ),
                    "the end must come after the start; a session that runs past midnight ends on the next day, written like \"2021-12-08T00:30\"",
                );
            }
            Some(Schedule::Timed { start, end })
        }
        (_, Some(WrittenTime::DateTime(_)), _) => None,
    }
}
