//! The checks that look across a whole programme: references, languages, daylight-saving changes,
//! overlaps, readiness for a final programme, and readers' waking hours.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Time;

use crate::diagnostic::{Diagnostic, FieldPath};
use crate::event::Status;
use crate::keyword::Keyword;
use crate::session::{Format, Schedule};
use crate::time::{LocalTimeProblem, instant};
use crate::{Language, Programme, Text};

/// What the checks may be told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckOptions {
    /// Local hours in which an online or hybrid session is reasonable in every zone it shows.
    pub waking_hours: (Time, Time),
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            waking_hours: (Time::constant(7, 0, 0, 0), Time::constant(22, 0, 0, 0)),
        }
    }
}

/// Every problem the programme has as a whole, each located by its field path.
pub fn check(programme: &Programme, options: &CheckOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_languages(programme, &mut out);
    check_zones(programme, &mut out);
    check_ids_and_references(programme, &mut out);
    let instants = check_times(programme, &mut out);
    check_overlaps(programme, &instants, &mut out);
    check_waking_hours(programme, &instants, options, &mut out);
    out
}

fn sessions_path(i: usize) -> FieldPath {
    FieldPath::root().key("sessions").index(i)
}

/// A text of the programme, where it is, and whether the file must give it.
struct TextField<'p> {
    path: FieldPath,
    text: &'p Text,
    required: bool,
}

/// Every text of the programme.
fn texts(programme: &Programme) -> Vec<TextField<'_>> {
    let field = |path, text, required| TextField {
        path,
        text,
        required,
    };
    let event = FieldPath::root().key("event");
    let mut all = vec![
        field(event.key("name"), &programme.event.name, true),
        field(event.key("short_name"), &programme.event.short_name, false),
        field(
            event.key("introduction"),
            &programme.event.introduction,
            false,
        ),
    ];
    for (i, edition) in programme.event.continues.iter().enumerate() {
        all.push(field(
            event.key("continues").index(i).key("name"),
            &edition.name,
            true,
        ));
    }
    for (i, venue) in programme.venues.iter().enumerate() {
        all.push(field(
            FieldPath::root().key("venues").index(i).key("name"),
            &venue.name,
            true,
        ));
    }
    for (i, session) in programme.sessions.iter().enumerate() {
        let path = sessions_path(i);
        all.push(field(path.key("title"), &session.title, true));
        all.push(field(path.key("description"), &session.description, false));
        for (j, question) in session.questions.iter().enumerate() {
            all.push(field(path.key("questions").index(j), question, true));
        }
        for (j, person) in session.people.iter().enumerate() {
            all.push(field(
                path.key("people").index(j).key("title"),
                &person.title,
                false,
            ));
        }
    }
    all
}

fn language_name(lang: &Language) -> String {
    format!("\"{lang}\"")
}

fn check_languages(programme: &Programme, out: &mut Vec<Diagnostic>) {
    let event = &programme.event;
    let path = FieldPath::root().key("event");
    let source = &event.source_language;
    if !event.declares(source) {
        out.push(
            Diagnostic::error(
                "undeclared-language",
                format!(
                    "the source language {} is not in `languages`",
                    language_name(source)
                ),
            )
            .at(path.key("languages"))
            .help(format!("add {} to `languages`", language_name(source))),
        );
    }
    for (i, lang) in event.languages.iter().enumerate() {
        if event.languages[..i].contains(lang) {
            out.push(
                Diagnostic::error(
                    "duplicate",
                    format!("the language {} is listed twice", language_name(lang)),
                )
                .at(path.key("languages").index(i))
                .help("list each language once"),
            );
        }
    }
    for TextField {
        path,
        text,
        required,
    } in texts(programme)
    {
        for lang in text.languages() {
            if !event.declares(lang) {
                let declared: Vec<String> = event.languages.iter().map(language_name).collect();
                out.push(
                    Diagnostic::error(
                        "undeclared-language",
                        format!(
                            "`{path}` has a text in {}, which the event does not declare",
                            language_name(lang)
                        ),
                    )
                    .at(path.key(lang.as_str()))
                    .on_key()
                    .label("language not in `event.languages`")
                    .help(format!(
                        "add {} to `event.languages` (now {}), or correct the tag",
                        language_name(lang),
                        declared.join(", ")
                    )),
                );
            }
        }
        // Optional texts left out entirely are not missing translations.
        if text.is_empty() && !required {
            continue;
        }
        if text.in_language(source).is_none() {
            out.push(
                Diagnostic::error(
                    "missing-source-text",
                    format!(
                        "`{path}` has no text in {}, the source language",
                        language_name(source)
                    ),
                )
                .at(path.clone())
                .label("the source text is required")
                .help(format!("add `{path}.{source} = \"…\"`")),
            );
        }
        for lang in event.languages.iter().filter(|l| *l != source) {
            if text.in_language(source).is_some() && text.in_language(lang).is_none() {
                out.push(
                    Diagnostic::warning(
                        "missing-translation",
                        format!("`{path}` has no {} translation", language_name(lang)),
                    )
                    .at(path.clone())
                    .label(format!(
                        "readers in {} will see the source text",
                        language_name(lang)
                    ))
                    .help(format!("add `{}.{lang} = \"…\"`", path_tail(&path))),
                );
            }
        }
    }
}

fn path_tail(path: &FieldPath) -> String {
    match path.steps().last() {
        Some(crate::diagnostic::PathStep::Key(key)) => key.clone(),
        _ => path.to_string(),
    }
}

fn check_zones(programme: &Programme, out: &mut Vec<Diagnostic>) {
    let host = &programme.event.host_zone;
    if !programme.zones.iter().any(|z| &z.zone == host) {
        out.push(
            Diagnostic::error(
                "host-zone-not-shown",
                format!("the host zone \"{host}\" is not one of the display zones"),
            )
            .at(FieldPath::root().key("event").key("host_zone"))
            .help(format!(
                "add a [[zones]] table with zone = \"{host}\" and the host city as its label"
            )),
        );
    }
    for (i, zone) in programme.zones.iter().enumerate() {
        if programme.zones[..i].iter().any(|z| z.zone == zone.zone) {
            out.push(
                Diagnostic::error(
                    "duplicate",
                    format!("the zone \"{}\" is listed twice", zone.zone),
                )
                .at(FieldPath::root().key("zones").index(i).key("zone"))
                .help("list each display zone once"),
            );
        }
    }
    for (i, session) in programme.sessions.iter().enumerate() {
        for (j, zone) in session.zones.iter().flatten().enumerate() {
            if !programme.zones.iter().any(|z| &z.zone == zone) {
                out.push(
                    Diagnostic::error(
                        "unknown-reference",
                        format!(
                            "session \"{}\" shows \"{zone}\", which is not a display zone",
                            session.id
                        ),
                    )
                    .at(sessions_path(i).key("zones").index(j))
                    .label("not among the [[zones]]")
                    .help("add it to the [[zones]], or name one of them"),
                );
            }
        }
    }
}

fn check_ids_and_references(programme: &Programme, out: &mut Vec<Diagnostic>) {
    let mut venues = HashMap::new();
    for (i, venue) in programme.venues.iter().enumerate() {
        if let Some(first) = venues.insert(&venue.id, i) {
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("two venues have the id \"{}\"", venue.id),
                )
                .at(FieldPath::root().key("venues").index(i).key("id"))
                .label(format!("also the id of venues[{first}]"))
                .help("give each venue its own id"),
            );
        }
    }
    let venue_help = || {
        let ids: Vec<String> = programme
            .venues
            .iter()
            .map(|v| format!("\"{}\"", v.id))
            .collect();
        if ids.is_empty() {
            "declare the venue in a [[venues]] table".to_owned()
        } else {
            format!(
                "use one of {}, or declare it in a [[venues]] table",
                ids.join(", ")
            )
        }
    };
    let mut days = HashMap::new();
    for (i, day) in programme.event.days.iter().enumerate() {
        let path = FieldPath::root().key("event").key("days").index(i);
        if days.insert(day.date, i).is_some() {
            out.push(
                Diagnostic::error("duplicate", format!("the day {} is listed twice", day.date))
                    .at(path.key("date"))
                    .help("list each day of the event once"),
            );
        }
        if let Some(venue) = &day.venue
            && !venues.contains_key(venue)
        {
            out.push(
                Diagnostic::error(
                    "unknown-reference",
                    format!("no venue has the id \"{venue}\""),
                )
                .at(path.key("venue"))
                .help(venue_help()),
            );
        }
    }
    let mut sessions = HashMap::new();
    for (i, session) in programme.sessions.iter().enumerate() {
        let path = sessions_path(i);
        if let Some(first) = sessions.insert(&session.id, i) {
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("two sessions have the id \"{}\"", session.id),
                )
                .at(path.key("id"))
                .label(format!("also the id of sessions[{first}]"))
                .help("give each session its own id; ids stay the same when a session changes, so calendars can follow it"),
            );
        }
        if !venues.contains_key(&session.venue) {
            out.push(
                Diagnostic::error(
                    "unknown-reference",
                    format!("no venue has the id \"{}\"", session.venue),
                )
                .at(path.key("venue"))
                .help(venue_help()),
            );
        }
        if let Some(date) = session.schedule.date()
            && programme.event.day(date).is_none()
        {
            let listed: Vec<String> = programme
                .event
                .days
                .iter()
                .map(|d| d.date.to_string())
                .collect();
            out.push(
                Diagnostic::error(
                    "not-an-event-day",
                    format!(
                        "session \"{}\" is on {date}, which is not a day of the event",
                        session.id
                    ),
                )
                .at(path.key("date"))
                .help(format!(
                    "the event's days are {}; add the day to [[event.days]] or move the session",
                    listed.join(", ")
                )),
            );
        }
        if programme.event.status == Status::Final && !session.schedule.is_confirmed() {
            let what = match session.schedule {
                Schedule::DateToBeConfirmed => "its day and time are",
                _ => "its time is",
            };
            out.push(
                Diagnostic::error(
                    "final-with-unconfirmed-time",
                    format!(
                        "the programme is final, but session \"{}\" is not: {what} still to be confirmed",
                        session.id
                    ),
                )
                .at(path.key("id"))
                .help(format!(
                    "give it a `date`, `start` and `end`, or keep `status = \"{}\"` until it has them",
                    Status::Preliminary.keyword()
                )),
            );
        }
    }
}

/// The instants of each timed session, checking that its host-zone times exist once.
fn check_times(
    programme: &Programme,
    out: &mut Vec<Diagnostic>,
) -> Vec<Option<(Timestamp, Timestamp)>> {
    let host = &programme.event.host_zone;
    programme
        .sessions
        .iter()
        .enumerate()
        .map(|(i, session)| {
            let Schedule::Timed { start, end } = session.schedule else {
                return None;
            };
            let mut resolve = |time, key: &str| {
                instant(host, time)
                    .map_err(|problem| {
                        let (code, help) = match &problem {
                            LocalTimeProblem::Gap { jump_from, jump_to, .. } => (
                                "nonexistent-time",
                                format!(
                                    "choose a time before {} or from {} on",
                                    jump_from.strftime("%H:%M"),
                                    jump_to.strftime("%H:%M")
                                ),
                            ),
                            LocalTimeProblem::Fold { .. } => (
                                "ambiguous-time",
                                "choose a time outside the repeated hour, so everyone reads the same instant".to_owned(),
                            ),
                        };
                        out.push(
                            Diagnostic::error(code, problem.to_string())
                                .at(sessions_path(i).key(key))
                                .label("daylight-saving change")
                                .help(help),
                        );
                    })
                    .ok()
            };
            let start = resolve(start, "start");
            let end = resolve(end, "end");
            Some((start?, end?))
        })
        .collect()
}

fn check_overlaps(
    programme: &Programme,
    instants: &[Option<(Timestamp, Timestamp)>],
    out: &mut Vec<Diagnostic>,
) {
    let mut by_venue: HashMap<_, Vec<usize>> = HashMap::new();
    for (i, session) in programme.sessions.iter().enumerate() {
        if instants[i].is_some() {
            by_venue.entry(&session.venue).or_default().push(i);
        }
    }
    let mut found = Vec::new();
    for indices in by_venue.values_mut() {
        indices.sort_by_key(|&i| instants[i].map(|(s, _)| s));
        // Sweep in start order, keeping the session that ends last so far.
        let mut latest: Option<usize> = None;
        for &i in indices.iter() {
            let (start, end) = instants[i].unwrap_or_default();
            if let Some(j) = latest {
                let (_, other_end) = instants[j].unwrap_or_default();
                if start < other_end {
                    found.push((i, j));
                }
                if end > other_end {
                    latest = Some(i);
                }
            } else {
                latest = Some(i);
            }
        }
    }
    found.sort();
    for (i, j) in found {
        let (a, b) = (&programme.sessions[i], &programme.sessions[j]);
        let times = |s: &crate::Session| match s.schedule {
            Schedule::Timed { start, end } => {
                format!(
                    "{}–{}",
                    start.strftime("%Y-%m-%d %H:%M"),
                    end.strftime("%H:%M")
                )
            }
            _ => String::new(),
        };
        out.push(
            Diagnostic::error(
                "overlap",
                format!(
                    "sessions \"{}\" ({}) and \"{}\" ({}) overlap in venue \"{}\"",
                    b.id,
                    times(b),
                    a.id,
                    times(a),
                    a.venue
                ),
            )
            .at(sessions_path(i).key("start"))
            .label(format!("starts before \"{}\" ends", b.id))
            .help("move one of them, or put it in another venue (declare one online venue per room for parallel sessions)"),
        );
    }
}

fn check_waking_hours(
    programme: &Programme,
    instants: &[Option<(Timestamp, Timestamp)>],
    options: &CheckOptions,
    out: &mut Vec<Diagnostic>,
) {
    let (from, to) = options.waking_hours;
    for (i, session) in programme.sessions.iter().enumerate() {
        if session.format == Format::OnSite {
            continue;
        }
        let Some((start, end)) = instants[i] else {
            continue;
        };
        for zone in programme.zones_shown(session) {
            let local_start = start.to_zoned_datetime(zone.zone.tz().clone());
            let local_end = end.to_zoned_datetime(zone.zone.tz().clone());
            let day_start = local_start.date().to_datetime(from);
            let day_end = local_start.date().to_datetime(to);
            let fits = local_start.datetime() >= day_start && local_end.datetime() <= day_end;
            if !fits {
                out.push(
                    Diagnostic::warning(
                        "outside-waking-hours",
                        format!(
                            "session \"{}\" is at {}–{} in {} ({}), outside {}–{}",
                            session.id,
                            local_start.strftime("%H:%M"),
                            local_end.strftime("%H:%M"),
                            zone.label,
                            zone.zone,
                            from.strftime("%H:%M"),
                            to.strftime("%H:%M"),
                        ),
                    )
                    .at(sessions_path(i).key("start"))
                    .label(format!("early or late in {}", zone.label))
                    .help("`convene slots` finds times that suit every zone"),
                );
            }
        }
    }
}
