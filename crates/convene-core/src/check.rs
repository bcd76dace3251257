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
use crate::{Language, Programme, Text, ZoneLabel};

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
    check_characters(programme, &mut out);
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
    /// Whether a language without its own text is a missing translation (a zone's label in the
    /// source language's spelling serves every language).
    translated: bool,
}

/// Every text of the programme.
fn texts(programme: &Programme) -> Vec<TextField<'_>> {
    let field = |path, text, required| TextField {
        path,
        text,
        required,
        translated: true,
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
    for (i, zone) in programme.zones.iter().enumerate() {
        if let ZoneLabel::PerLanguage(label) = &zone.label {
            all.push(TextField {
                translated: false,
                ..field(
                    FieldPath::root().key("zones").index(i).key("label"),
                    label,
                    true,
                )
            });
        }
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
    }
    for (i, person) in programme.people.iter().enumerate() {
        all.push(field(
            FieldPath::root().key("people").index(i).key("title"),
            &person.title,
            false,
        ));
    }
    all
}

/// Every plain (one-language) text of the programme: places, names, labels.
fn plain_texts(programme: &Programme) -> Vec<(FieldPath, &str)> {
    let mut all = Vec::new();
    let event = FieldPath::root().key("event");
    for (i, edition) in programme.event.continues.iter().enumerate() {
        if let Some(city) = &edition.city {
            all.push((event.key("continues").index(i).key("city"), city.as_str()));
        }
    }
    for (i, zone) in programme.zones.iter().enumerate() {
        if let ZoneLabel::Same(label) = &zone.label {
            let path = FieldPath::root().key("zones").index(i).key("label");
            all.push((path, label.as_str()));
        }
    }
    for (i, venue) in programme.venues.iter().enumerate() {
        let path = FieldPath::root().key("venues").index(i);
        for (key, value) in [("city", &venue.city), ("address", &venue.address)] {
            if let Some(value) = value {
                all.push((path.key(key), value.as_str()));
            }
        }
    }
    for (i, person) in programme.people.iter().enumerate() {
        let path = FieldPath::root().key("people").index(i);
        all.push((path.key("name"), person.name.as_str()));
        for (key, value) in [
            ("city", &person.city),
            ("country", &person.country),
            ("link", &person.link),
        ] {
            if let Some(value) = value {
                all.push((path.key(key), value.as_str()));
            }
        }
    }
    all
}

/// Control characters (and U+FFFE, U+FFFF) that documents cannot carry: refused in every text,
/// names, places and labels included; line breaks and tabs are the only ones a text may hold.
fn check_characters(programme: &Programme, out: &mut Vec<Diagnostic>) {
    let mut found = |path: FieldPath, text: &str| {
        if let Some(c) = text.chars().find(|&c| crate::language::unprintable(c)) {
            let code = format!("U+{:04X}", u32::from(c));
            out.push(
                Diagnostic::error(
                    "control-character",
                    format!("`{path}` holds the control character {code}, which documents cannot show"),
                )
                .at(path.clone())
                .help("remove it; line breaks and tabs are the only control characters a text may hold")
                .arg("path", &path)
                .arg("character", code),
            );
        }
    };
    for field in texts(programme) {
        for (lang, text) in field.text.iter() {
            found(field.path.key(lang.as_str()), text);
        }
    }
    for (path, text) in plain_texts(programme) {
        found(path, text);
    }
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
            .help(format!("add {} to `languages`", language_name(source)))
            .arg("case", "source")
            .arg("language", source),
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
                .help("list each language once")
                .arg("case", "language")
                .arg("language", lang),
            );
        }
    }
    for TextField {
        path,
        text,
        required,
        translated,
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
                    ))
                    .arg("case", "text")
                    .arg("path", &path)
                    .arg("language", lang)
                    .arg("declared", declared.join(", ")),
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
                .help(format!("add `{path}.{source} = \"…\"`"))
                .arg("path", &path)
                .arg("language", source),
            );
        }
        for lang in event
            .languages
            .iter()
            .filter(|l| *l != source && translated)
        {
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
                    .help(format!("add `{}.{lang} = \"…\"`", path_tail(&path)))
                    .arg("path", &path)
                    .arg("language", lang)
                    .arg("key", path_tail(&path)),
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
            ))
            .arg("zone", host),
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
                .help("list each display zone once")
                .arg("case", "zone")
                .arg("zone", &zone.zone),
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
                    .help("add it to the [[zones]], or name one of them")
                    .arg("case", "zone")
                    .arg("session", &session.id)
                    .arg("zone", zone),
                );
            }
        }
    }
}

/// The directory of people: one id each, web addresses that are web addresses, and sessions that
/// name people it lists, each once.
fn check_people(programme: &Programme, out: &mut Vec<Diagnostic>) {
    let mut ids = HashMap::new();
    for (i, person) in programme.people.iter().enumerate() {
        let path = FieldPath::root().key("people").index(i);
        if let Some(first) = ids.insert(&person.id, i) {
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("two people have the id \"{}\"", person.id),
                )
                .at(path.key("id"))
                .label(format!("also the id of people[{first}]"))
                .help("give each person their own id")
                .arg("case", "person")
                .arg("id", &person.id)
                .arg("held-as", "id")
                .arg("other", format!("people[{first}]")),
            );
        }
        if let Some(link) = &person.link
            && !crate::person::is_followable_link(link)
        {
            let path = path.key("link");
            out.push(
                Diagnostic::error(
                    "bad-link",
                    format!("`{path}` is not a web address: \"{link}\""),
                )
                .at(path.clone())
                .help("write the whole address, starting with https:// (or http://)")
                .arg("path", &path)
                .arg("link", link),
            );
        }
    }
    let listed: Vec<String> = programme
        .people
        .iter()
        .map(|p| format!("\"{}\"", p.id))
        .collect();
    for (i, session) in programme.sessions.iter().enumerate() {
        for (j, named) in session.people.iter().enumerate() {
            let path = sessions_path(i).key("people").index(j).key("person");
            if !ids.contains_key(&named.person) {
                let diagnostic = Diagnostic::error(
                    "unknown-reference",
                    format!("no one in [[people]] has the id \"{}\"", named.person),
                )
                .at(path.clone())
                .arg("person", &named.person);
                out.push(if listed.is_empty() {
                    diagnostic
                        .help("add them to the [[people]], with this id")
                        .arg("case", "no-people")
                } else {
                    diagnostic
                        .help(format!(
                            "use one of {}, or add them to the [[people]]",
                            listed.join(", ")
                        ))
                        .arg("case", "person")
                        .arg("people", listed.join(", "))
                });
            }
            if session.people[..j].iter().any(|p| p.person == named.person) {
                out.push(
                    Diagnostic::error(
                        "duplicate",
                        format!(
                            "\"{}\" is listed twice in session \"{}\"",
                            named.person, session.id
                        ),
                    )
                    .at(path)
                    .help("name each person once per session")
                    .arg("case", "person")
                    .arg("person", &named.person)
                    .arg("session", &session.id),
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
                .help("give each venue its own id")
                .arg("case", "venue")
                .arg("id", &venue.id)
                .arg("held-as", "id")
                .arg("other", format!("venues[{first}]")),
            );
        }
    }
    // A venue no [[venues]] table declares, with the ids that are declared.
    let unknown_venue = |venue: &crate::Slug, path: FieldPath| {
        let ids: Vec<String> = programme
            .venues
            .iter()
            .map(|v| format!("\"{}\"", v.id))
            .collect();
        let diagnostic = Diagnostic::error(
            "unknown-reference",
            format!("no venue has the id \"{venue}\""),
        )
        .at(path)
        .arg("venue", venue);
        if ids.is_empty() {
            diagnostic
                .help("declare the venue in a [[venues]] table")
                .arg("case", "no-venues")
        } else {
            diagnostic
                .help(format!(
                    "use one of {}, or declare it in a [[venues]] table",
                    ids.join(", ")
                ))
                .arg("case", "venue")
                .arg("venues", ids.join(", "))
        }
    };
    let mut days = HashMap::new();
    for (i, day) in programme.event.days.iter().enumerate() {
        let path = FieldPath::root().key("event").key("days").index(i);
        if days.insert(day.date, i).is_some() {
            out.push(
                Diagnostic::error("duplicate", format!("the day {} is listed twice", day.date))
                    .at(path.key("date"))
                    .help("list each day of the event once")
                    .arg("case", "day")
                    .arg("date", day.date),
            );
        }
        if let Some(venue) = &day.venue
            && !venues.contains_key(venue)
        {
            out.push(unknown_venue(venue, path.key("venue")));
        }
    }
    check_people(programme, out);
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
                .help("give each session its own id; ids stay the same when a session changes, so calendars can follow it")
                .arg("case", "session")
                .arg("id", &session.id)
                .arg("held-as", "id")
                .arg("other", format!("sessions[{first}]")),
            );
        }
        if !venues.contains_key(&session.venue) {
            out.push(unknown_venue(&session.venue, path.key("venue")));
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
                ))
                .arg("session", &session.id)
                .arg("date", date)
                .arg("days", listed.join(", ")),
            );
        }
        if programme.event.status == Status::Final && !session.schedule.is_confirmed() {
            let (what, case) = match session.schedule {
                Schedule::DateToBeConfirmed => ("its day and time are", "date"),
                _ => ("its time is", "time"),
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
                ))
                .arg("case", case)
                .arg("session", &session.id)
                .arg("status", Status::Preliminary.keyword()),
            );
        }
    }
    check_former_ids(programme, &sessions, out);
}

/// A session's former ids stay its own: no session may have one as its id or as a former id too.
fn check_former_ids(
    programme: &Programme,
    current: &HashMap<&crate::Slug, usize>,
    out: &mut Vec<Diagnostic>,
) {
    let mut former: HashMap<&crate::Slug, usize> = HashMap::new();
    for (i, session) in programme.sessions.iter().enumerate() {
        for (j, id) in session.former_ids.iter().enumerate() {
            let holder = current
                .get(id)
                .or_else(|| former.get(id))
                .copied()
                .filter(|&k| k != i);
            if let Some(k) = holder {
                out.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!("two sessions have the id \"{id}\""),
                    )
                    .at(sessions_path(i).key("former_ids").index(j))
                    .label(format!("also an id of sessions[{k}]"))
                    .help("give each session its own id; ids stay the same when a session changes, so calendars can follow it")
                    .arg("case", "session")
                    .arg("id", id)
                    .arg("held-as", "former-id")
                    .arg("other", format!("sessions[{k}]")),
                );
            }
            former.entry(id).or_insert(i);
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
                                .help(help)
                                .with_args(problem.args()),
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
            Schedule::Timed { start, end } => (
                start.strftime("%Y-%m-%d %H:%M").to_string(),
                end.strftime("%H:%M").to_string(),
            ),
            _ => Default::default(),
        };
        let ((b_start, b_end), (a_start, a_end)) = (times(b), times(a));
        out.push(
            Diagnostic::error(
                "overlap",
                format!(
                    "sessions \"{}\" ({b_start}–{b_end}) and \"{}\" ({a_start}–{a_end}) overlap in venue \"{}\"",
                    b.id,
                    a.id,
                    a.venue
                ),
            )
            .at(sessions_path(i).key("start"))
            .label(format!("starts before \"{}\" ends", b.id))
            .help("move one of them, or put it in another venue (declare one online venue per room for parallel sessions)")
            .arg("first", &b.id)
            .arg("first-start", b_start)
            .arg("first-end", b_end)
            .arg("second", &a.id)
            .arg("second-start", a_start)
            .arg("second-end", a_end)
            .arg("venue", &a.venue),
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
            let source = &programme.event.source_language;
            let label = zone.label_in(source, source);
            let local_start = start.to_zoned_datetime(zone.zone.tz().clone());
            let local_end = end.to_zoned_datetime(zone.zone.tz().clone());
            let day_start = local_start.date().to_datetime(from);
            let day_end = local_start.date().to_datetime(to);
            let fits = local_start.datetime() >= day_start && local_end.datetime() <= day_end;
            if !fits {
                let (start, end) = (local_start.strftime("%H:%M"), local_end.strftime("%H:%M"));
                let (awake, asleep) = (from.strftime("%H:%M"), to.strftime("%H:%M"));
                out.push(
                    Diagnostic::warning(
                        "outside-waking-hours",
                        format!(
                            "session \"{}\" is at {start}–{end} in {} ({}), outside {awake}–{asleep}",
                            session.id, label, zone.zone,
                        ),
                    )
                    .at(sessions_path(i).key("start"))
                    .label(format!("early or late in {label}"))
                    .help("`convene slots` finds times that suit every zone")
                    .arg("session", &session.id)
                    .arg("start", start)
                    .arg("end", end)
                    .arg("place", &label)
                    .arg("zone", &zone.zone)
                    .arg("waking-start", awake)
                    .arg("waking-end", asleep),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::locale::Localizer;
    use crate::{Slug, Zone};

    const CLEAN: &str = include_str!("../../convene/tests/fixtures/check/clean.toml");

    /// Every code `check` gives, each with a message in every interface language.
    const CODES: [&str; 15] = [
        "control-character",
        "undeclared-language",
        "duplicate",
        "missing-source-text",
        "missing-translation",
        "host-zone-not-shown",
        "unknown-reference",
        "duplicate-id",
        "bad-link",
        "not-an-event-day",
        "final-with-unconfirmed-time",
        "nonexistent-time",
        "ambiguous-time",
        "overlap",
        "outside-waking-hours",
    ];

    /// The fixture with no problem: one online session, "opening", on 2022-03-24 from 15:00 to 16:30
    /// in Paris, shown in Paris and Montréal, in French (the source) and English.
    fn clean() -> Programme {
        crate::load(CLEAN, &CheckOptions::default())
            .programme
            .expect("the clean fixture loads")
    }

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    fn timed(day: (i16, i8, i8), start: (i8, i8), end: (i8, i8)) -> Schedule {
        let day = date(day.0, day.1, day.2);
        Schedule::Timed {
            start: day.at(start.0, start.1, 0, 0),
            end: day.at(end.0, end.1, 0, 0),
        }
    }

    /// A copy of the clean programme's session under another id, at another time.
    fn another_session(programme: &Programme, id: &str, schedule: Schedule) -> crate::Session {
        let mut session = programme.sessions[0].clone();
        session.id = Slug::parse(id).unwrap();
        session.schedule = schedule;
        session
    }

    /// A programme with one problem, and the first diagnostic of its code in three languages.
    struct Case {
        what: &'static str,
        programme: Programme,
        code: &'static str,
        en: &'static str,
        fr: &'static str,
        tr: &'static str,
        help_fr: &'static str,
        help_tr: &'static str,
    }

    fn cases() -> Vec<Case> {
        let mut cases = Vec::new();
        let mut case = |what, change: &dyn Fn(&mut Programme), code, texts: [&'static str; 5]| {
            let mut programme = clean();
            change(&mut programme);
            let [en, fr, tr, help_fr, help_tr] = texts;
            cases.push(Case {
                what,
                programme,
                code,
                en,
                fr,
                tr,
                help_fr,
                help_tr,
            });
        };
        case(
            "a control character in a title",
            &|p| p.sessions[0].title.insert(lang("en"), "Opening\u{1}\u{b}"),
            "control-character",
            [
                "`sessions[0].title.en` holds the control character U+0001, which documents cannot show",
                "`sessions[0].title.en` contient le caractère de contrôle U+0001, qu’aucun document ne peut afficher",
                "`sessions[0].title.en` alanında belgelerin gösteremeyeceği U+0001 denetim karakteri var",
                "supprimez-le ; les retours à la ligne et les tabulations sont les seuls caractères de contrôle qu’un texte peut contenir",
                "onu silin; bir metinde bulunabilecek denetim karakterleri yalnızca satır sonları ve sekmelerdir",
            ],
        );
        case(
            "a delete character in a display zone's label",
            &|p| p.zones[0].label = "Paris\u{7f}".into(),
            "control-character",
            [
                "`zones[0].label` holds the control character U+007F, which documents cannot show",
                "`zones[0].label` contient le caractère de contrôle U+007F, qu’aucun document ne peut afficher",
                "`zones[0].label` alanında belgelerin gösteremeyeceği U+007F denetim karakteri var",
                "supprimez-le ; les retours à la ligne et les tabulations sont les seuls caractères de contrôle qu’un texte peut contenir",
                "onu silin; bir metinde bulunabilecek denetim karakterleri yalnızca satır sonları ve sekmelerdir",
            ],
        );
        case(
            "a source language missing from the languages",
            &|p| p.event.languages = vec![lang("en")],
            "undeclared-language",
            [
                "the source language \"fr\" is not in `languages`",
                "la langue source \"fr\" ne figure pas dans `languages`",
                "kaynak dil \"fr\", `languages` listesinde yok",
                "ajoutez \"fr\" à `languages`",
                "\"fr\" dilini `languages` listesine ekleyin",
            ],
        );
        case(
            "a text in a language the event does not declare",
            &|p| p.sessions[0].title.insert(lang("tr"), "Açılış"),
            "undeclared-language",
            [
                "`sessions[0].title` has a text in \"tr\", which the event does not declare",
                "`sessions[0].title` a un texte en \"tr\", langue que l’événement ne déclare pas",
                "`sessions[0].title` alanında \"tr\" dilinde bir metin var, ama bu dil etkinliğin dilleri arasında yok",
                "ajoutez \"tr\" à `event.languages` (actuellement \"fr\", \"en\"), ou corrigez le code de langue",
                "\"tr\" dilini `event.languages` listesine ekleyin (şu an: \"fr\", \"en\") ya da dil kodunu düzeltin",
            ],
        );
        case(
            "a language listed twice",
            &|p| p.event.languages.push(lang("en")),
            "duplicate",
            [
                "the language \"en\" is listed twice",
                "la langue \"en\" figure deux fois dans la liste",
                "\"en\" dili listede iki kez geçiyor",
                "indiquez chaque langue une seule fois",
                "her dili bir kez yazın",
            ],
        );
        case(
            "a display zone listed twice",
            &|p| p.zones.push(p.zones[1].clone()),
            "duplicate",
            [
                "the zone \"America/Toronto\" is listed twice",
                "le fuseau \"America/Toronto\" figure deux fois dans la liste",
                "\"America/Toronto\" saat dilimi listede iki kez geçiyor",
                "indiquez chaque fuseau affiché une seule fois",
                "gösterilecek her saat dilimini bir kez yazın",
            ],
        );
        case(
            "a day listed twice",
            &|p| p.event.days.push(p.event.days[0].clone()),
            "duplicate",
            [
                "the day 2022-03-24 is listed twice",
                "le jour 2022-03-24 figure deux fois dans la liste",
                "2022-03-24 günü listede iki kez geçiyor",
                "indiquez chaque jour de l’événement une seule fois",
                "etkinliğin her gününü bir kez yazın",
            ],
        );
        case(
            "a title with no text in the source language",
            &|p| p.sessions[0].title = Text::new().with(lang("en"), "Session opening"),
            "missing-source-text",
            [
                "`sessions[0].title` has no text in \"fr\", the source language",
                "`sessions[0].title` n’a pas de texte en \"fr\", la langue source",
                "`sessions[0].title` alanında kaynak dil olan \"fr\" dilinde metin yok",
                "ajoutez `sessions[0].title.fr = \"…\"`",
                "`sessions[0].title.fr = \"…\"` satırını ekleyin",
            ],
        );
        case(
            "a title with no English translation",
            &|p| p.sessions[0].title = Text::new().with(lang("fr"), "Séance opening"),
            "missing-translation",
            [
                "`sessions[0].title` has no \"en\" translation",
                "`sessions[0].title` n’a pas de traduction en \"en\"",
                "`sessions[0].title` alanının \"en\" çevirisi yok",
                "ajoutez `title.en = \"…\"`",
                "`title.en = \"…\"` satırını ekleyin",
            ],
        );
        case(
            "a zone labelled in Turkish only",
            &|p| {
                p.zones[0].label = ZoneLabel::PerLanguage(Text::new().with(lang("tr"), "İzmir"));
            },
            "missing-source-text",
            [
                "`zones[0].label` has no text in \"fr\", the source language",
                "`zones[0].label` n’a pas de texte en \"fr\", la langue source",
                "`zones[0].label` alanında kaynak dil olan \"fr\" dilinde metin yok",
                "ajoutez `zones[0].label.fr = \"…\"`",
                "`zones[0].label.fr = \"…\"` satırını ekleyin",
            ],
        );
        case(
            "a host zone that is not shown",
            &|p| p.zones.retain(|z| !z.label.is("Paris")),
            "host-zone-not-shown",
            [
                "the host zone \"Europe/Paris\" is not one of the display zones",
                "le fuseau hôte \"Europe/Paris\" ne fait pas partie des fuseaux affichés",
                "ev sahibi saat dilimi \"Europe/Paris\", gösterilen saat dilimleri arasında yok",
                "ajoutez une table [[zones]] avec zone = \"Europe/Paris\" et le nom de la ville hôte comme libellé",
                "zone = \"Europe/Paris\" olan bir [[zones]] tablosu ekleyin; etiketi ev sahibi şehrin adı olsun",
            ],
        );
        case(
            "a session showing a zone that is not a display zone",
            &|p| p.sessions[0].zones = Some(vec![Zone::parse("Asia/Tokyo").unwrap()]),
            "unknown-reference",
            [
                "session \"opening\" shows \"Asia/Tokyo\", which is not a display zone",
                "la séance \"opening\" indique le fuseau \"Asia/Tokyo\", qui ne fait pas partie des fuseaux affichés",
                "\"opening\" oturumu \"Asia/Tokyo\" saat dilimini gösteriyor, ama bu saat dilimi gösterilen saat dilimleri arasında yok",
                "ajoutez ce fuseau aux [[zones]], ou indiquez-en un qui y figure",
                "bu saat dilimini [[zones]] tablolarına ekleyin ya da onlardan birini yazın",
            ],
        );
        case(
            "a session in a venue that is not declared",
            &|p| p.sessions[0].venue = Slug::parse("studio").unwrap(),
            "unknown-reference",
            [
                "no venue has the id \"studio\"",
                "aucun lieu n’a l’identifiant \"studio\"",
                "\"studio\" kimlikli bir yer yok",
                "utilisez l’un des identifiants \"online\", ou déclarez ce lieu dans une table [[venues]]",
                "şunlardan birini kullanın: \"online\"; ya da bu yeri bir [[venues]] tablosunda tanımlayın",
            ],
        );
        case(
            "a day in a venue when no venue is declared",
            &|p| p.venues.clear(),
            "unknown-reference",
            [
                "no venue has the id \"online\"",
                "aucun lieu n’a l’identifiant \"online\"",
                "\"online\" kimlikli bir yer yok",
                "déclarez ce lieu dans une table [[venues]]",
                "bu yeri bir [[venues]] tablosunda tanımlayın",
            ],
        );
        case(
            "two venues with one id",
            &|p| p.venues.push(p.venues[0].clone()),
            "duplicate-id",
            [
                "two venues have the id \"online\"",
                "deux lieux ont l’identifiant \"online\"",
                "iki yerin kimliği aynı: \"online\"",
                "donnez à chaque lieu son propre identifiant",
                "her yere ayrı bir kimlik verin",
            ],
        );
        case(
            "two sessions with one id",
            &|p| {
                let again = another_session(p, "opening", timed((2022, 3, 24), (17, 0), (18, 0)));
                p.sessions.push(again);
            },
            "duplicate-id",
            [
                "two sessions have the id \"opening\"",
                "deux séances ont l’identifiant \"opening\"",
                "iki oturumun kimliği aynı: \"opening\"",
                "donnez à chaque séance son propre identifiant ; l’identifiant reste le même quand la séance change, pour que les agendas puissent la suivre",
                "her oturuma ayrı bir kimlik verin; oturum değişse de kimliği aynı kalır, böylece takvimler onu izleyebilir",
            ],
        );
        case(
            "two people with one id",
            &|p| {
                p.people.push(crate::programme::tunc_soyer());
                p.people.push(crate::programme::tunc_soyer());
            },
            "duplicate-id",
            [
                "two people have the id \"tunc-soyer\"",
                "deux personnes ont l’identifiant \"tunc-soyer\"",
                "iki kişinin kimliği aynı: \"tunc-soyer\"",
                "donnez à chaque personne son propre identifiant",
                "her kişiye ayrı bir kimlik verin",
            ],
        );
        case(
            "a session naming someone the directory lacks",
            &|p| {
                p.people.push(crate::programme::tunc_soyer());
                p.sessions[0].people.push(crate::SessionPerson {
                    person: crate::Slug::parse("jane-doe").unwrap(),
                    role: crate::Role::Speaker,
                });
            },
            "unknown-reference",
            [
                "no one in [[people]] has the id \"jane-doe\"",
                "personne dans les [[people]] n’a l’identifiant \"jane-doe\"",
                "[[people]] listesinde \"jane-doe\" kimlikli kimse yok",
                "utilisez l’un des identifiants \"tunc-soyer\", ou ajoutez cette personne aux [[people]]",
                "şunlardan birini kullanın: \"tunc-soyer\"; ya da bu kişiyi [[people]] listesine ekleyin",
            ],
        );
        case(
            "a person named twice in one session",
            &|p| {
                let mayor = crate::programme::tunc_soyer();
                p.add_person("opening", mayor.clone(), crate::Role::Speaker);
                p.add_person("opening", mayor, crate::Role::Chair);
            },
            "duplicate",
            [
                "\"tunc-soyer\" is listed twice in session \"opening\"",
                "\"tunc-soyer\" figure deux fois dans la séance \"opening\"",
                "\"tunc-soyer\", \"opening\" oturumunda iki kez geçiyor",
                "indiquez chaque personne une seule fois par séance",
                "her kişiyi bir oturumda bir kez yazın",
            ],
        );
        case(
            "a person's link that is not a web address",
            &|p| {
                let mut mayor = crate::programme::tunc_soyer();
                mayor.link = Some("javascript:alert(1)".into());
                p.people.push(mayor);
            },
            "bad-link",
            [
                "`people[0].link` is not a web address: \"javascript:alert(1)\"",
                "`people[0].link` n’est pas une adresse web : \"javascript:alert(1)\"",
                "`people[0].link` bir web adresi değil: \"javascript:alert(1)\"",
                "écrivez l’adresse entière, qui commence par https:// (ou http://)",
                "adresin tamamını https:// (ya da http://) ile başlayarak yazın",
            ],
        );
        case(
            "a session on a day that is not a day of the event",
            &|p| p.sessions[0].schedule = timed((2022, 3, 25), (15, 0), (16, 30)),
            "not-an-event-day",
            [
                "session \"opening\" is on 2022-03-25, which is not a day of the event",
                "la séance \"opening\" a lieu le 2022-03-25, qui n’est pas un jour de l’événement",
                "\"opening\" oturumu 2022-03-25 tarihinde, ama bu tarih etkinliğin günlerinden biri değil",
                "jours de l’événement : 2022-03-24 ; ajoutez ce jour aux [[event.days]] ou déplacez la séance",
                "etkinliğin günleri: 2022-03-24; bu günü [[event.days]] listesine ekleyin ya da oturumu taşıyın",
            ],
        );
        case(
            "a final programme with a session whose time is to be confirmed",
            &|p| {
                p.event.status = Status::Final;
                let date = date(2022, 3, 24);
                let closing = another_session(p, "closing", Schedule::TimeToBeConfirmed { date });
                p.sessions.push(closing);
            },
            "final-with-unconfirmed-time",
            [
                "the programme is final, but session \"closing\" is not: its time is still to be confirmed",
                "le programme est final, mais pas la séance \"closing\" : son horaire reste à confirmer",
                "program kesin, ama \"closing\" oturumu değil: saati daha sonra bildirilecek",
                "indiquez sa `date`, son `start` et son `end`, ou gardez `status = \"preliminary\"` en attendant",
                "oturuma `date`, `start` ve `end` alanlarını yazın ya da bunlar belli olana kadar `status = \"preliminary\"` olarak bırakın",
            ],
        );
        case(
            "a final programme with a session whose day is to be confirmed",
            &|p| {
                p.event.status = Status::Final;
                p.sessions[0].schedule = Schedule::DateToBeConfirmed;
            },
            "final-with-unconfirmed-time",
            [
                "the programme is final, but session \"opening\" is not: its day and time are still to be confirmed",
                "le programme est final, mais pas la séance \"opening\" : sa date et son horaire restent à confirmer",
                "program kesin, ama \"opening\" oturumu değil: günü ve saati daha sonra bildirilecek",
                "indiquez sa `date`, son `start` et son `end`, ou gardez `status = \"preliminary\"` en attendant",
                "oturuma `date`, `start` ve `end` alanlarını yazın ya da bunlar belli olana kadar `status = \"preliminary\"` olarak bırakın",
            ],
        );
        case(
            "a start in the spring gap",
            &|p| {
                p.event.days[0].date = date(2022, 3, 27);
                p.sessions[0].schedule = timed((2022, 3, 27), (2, 30), (4, 0));
            },
            "nonexistent-time",
            [
                "2022-03-27 02:30 does not exist in Europe/Paris: clocks go forward from 02:00 to 03:00 (UTC+1 to UTC+2)",
                "2022-03-27 02:30 n’existe pas dans le fuseau Europe/Paris : l’heure passe directement de 02:00 à 03:00 (de UTC+1 à UTC+2)",
                "2022-03-27 02:30, Europe/Paris saat diliminde yok: saatler 02:00 saatinden 03:00 saatine ileri alınıyor (UTC+1 iken UTC+2 oluyor)",
                "choisissez une heure avant 02:00 ou à partir de 03:00",
                "02:00 saatinden önce ya da 03:00 ve sonrasında bir saat seçin",
            ],
        );
        case(
            "a start in the autumn fold",
            &|p| {
                p.event.days[0].date = date(2022, 10, 30);
                p.sessions[0].schedule = timed((2022, 10, 30), (2, 30), (4, 0));
            },
            "ambiguous-time",
            [
                "2022-10-30 02:30 happens twice in Europe/Paris: once at UTC+2, once at UTC+1",
                "2022-10-30 02:30 existe deux fois dans le fuseau Europe/Paris : une fois en UTC+2, une fois en UTC+1",
                "2022-10-30 02:30, Europe/Paris saat diliminde iki kez yaşanıyor: önce UTC+2, sonra UTC+1 olarak",
                "choisissez une heure en dehors de l’heure qui se répète, pour que tout le monde comprenne le même instant",
                "herkesin aynı anı anlaması için tekrarlanan saatin dışında bir saat seçin",
            ],
        );
        case(
            "two sessions at once in one venue",
            &|p| {
                let workshop =
                    another_session(p, "workshop", timed((2022, 3, 24), (16, 0), (17, 0)));
                p.sessions.push(workshop);
            },
            "overlap",
            [
                "sessions \"opening\" (2022-03-24 15:00–16:30) and \"workshop\" (2022-03-24 16:00–17:00) overlap in venue \"online\"",
                "les séances \"opening\" (2022-03-24 15:00–16:30) et \"workshop\" (2022-03-24 16:00–17:00) se chevauchent dans le lieu \"online\"",
                "\"opening\" (2022-03-24 15:00–16:30) ve \"workshop\" (2022-03-24 16:00–17:00) oturumları \"online\" yerinde çakışıyor",
                "déplacez l’une des deux, ou mettez-la dans un autre lieu (déclarez un lieu en ligne par salle pour les séances en parallèle)",
                "oturumlardan birini başka bir saate ya da başka bir yere taşıyın (paralel oturumlar için her salona ayrı bir çevrimiçi yer tanımlayın)",
            ],
        );
        case(
            "an online session at night in Montréal",
            &|p| p.sessions[0].schedule = timed((2022, 3, 24), (9, 0), (10, 0)),
            "outside-waking-hours",
            [
                "session \"opening\" is at 04:00–05:00 in Montréal (America/Toronto), outside 07:00–22:00",
                "la séance \"opening\" a lieu de 04:00 à 05:00 heure de Montréal (America/Toronto), en dehors de la plage 07:00–22:00",
                "\"opening\" oturumu Montréal (America/Toronto) saatiyle 04:00–05:00 arasında; bu, 07:00–22:00 aralığının dışında",
                "`convene slots` trouve des horaires qui conviennent à tous les fuseaux",
                "`convene slots` her saat dilimine uyan saatleri bulur",
            ],
        );
        cases
    }

    fn words(tag: &str) -> Localizer {
        Localizer::new(&lang(tag))
    }

    #[test]
    fn a_zone_label_in_the_source_spelling_only_is_no_missing_translation() {
        let mut programme = clean();
        programme.zones[0].label = ZoneLabel::PerLanguage(Text::new().with(lang("fr"), "Izmir"));

        let problems = check(&programme, &CheckOptions::default());

        assert_eq!(problems, Vec::<Diagnostic>::new());
    }

    #[test]
    fn each_problem_reads_in_the_organisers_language() {
        let (en, fr, tr) = (words("en"), words("fr"), words("tr"));
        for case in cases() {
            let problems = check(&case.programme, &CheckOptions::default());
            let Some(problem) = problems.iter().find(|d| d.code == case.code) else {
                panic!("{}: no {} among {problems:#?}", case.what, case.code);
            };
            let help = |words: &Localizer| problem.localized_help(words).unwrap_or_default();
            assert_eq!(
                [
                    problem.message.as_str(),
                    &problem.localized(&en),
                    &problem.localized(&fr),
                    &problem.localized(&tr),
                    &help(&fr),
                    &help(&tr),
                ],
                [
                    case.en,
                    case.en,
                    case.fr,
                    case.tr,
                    case.help_fr,
                    case.help_tr
                ],
                "{}",
                case.what
            );
        }
    }

    #[test]
    fn every_problem_said_in_english_words_is_its_english_message() {
        let en = words("en");
        for case in cases() {
            for problem in check(&case.programme, &CheckOptions::default()) {
                assert_eq!(
                    (
                        problem.localized(&en),
                        problem.localized_help(&en),
                        problem.localized_label(&en)
                    ),
                    (
                        problem.message.clone(),
                        problem.help.clone(),
                        problem.label.clone()
                    ),
                    "{}: {} with {:?}",
                    case.what,
                    problem.code,
                    problem.args
                );
            }
        }
    }

    #[test]
    fn the_fixtures_problems_said_in_english_words_are_their_english_messages() {
        let en = words("en");
        let fixtures = [
            include_str!("../../convene/tests/fixtures/check/ambiguous-time.toml"),
            include_str!("../../convene/tests/fixtures/check/duplicate-session-id.toml"),
            include_str!("../../convene/tests/fixtures/check/final-with-unconfirmed-time.toml"),
            include_str!("../../convene/tests/fixtures/check/missing-translation.toml"),
            include_str!("../../convene/tests/fixtures/check/nonexistent-time.toml"),
            include_str!("../../convene/tests/fixtures/check/outside-waking-hours.toml"),
            include_str!("../../convene/tests/fixtures/check/overlap.toml"),
            include_str!("../../convene/tests/fixtures/check/undeclared-language.toml"),
        ];
        for source in fixtures {
            let problems = crate::load(source, &CheckOptions::default()).diagnostics;
            assert_eq!(problems.len(), 1, "{problems:#?}");
            for problem in problems {
                assert!(CODES.contains(&problem.code), "{}", problem.code);
                assert_eq!(
                    (
                        problem.localized(&en),
                        problem.localized_help(&en),
                        problem.localized_label(&en)
                    ),
                    (
                        problem.message.clone(),
                        problem.help.clone(),
                        problem.label.clone()
                    ),
                    "{}",
                    problem.code
                );
            }
        }
    }

    #[test]
    fn every_code_has_a_case_and_a_message_in_every_interface_language() {
        let mut tested: Vec<&str> = cases().iter().map(|c| c.code).collect();
        tested.sort_unstable();
        tested.dedup();
        let mut codes = CODES.to_vec();
        codes.sort_unstable();
        assert_eq!(tested, codes, "the codes with a case");
        for tag in crate::locale::INTERFACE_LANGUAGES {
            let words = words(tag);
            for code in CODES {
                for id in [format!("check-{code}"), format!("check-{code}-help")] {
                    assert!(words.has_message(&id), "{tag}.ftl lacks {id}");
                }
            }
        }
    }

    /// The clean programme with a second session, "closing", whose former id is "opening", the
    /// first session's id.
    fn a_former_id_taken() -> Programme {
        let mut programme = clean();
        let mut second = another_session(
            &programme,
            "closing",
            timed((2022, 3, 24), (17, 0), (18, 0)),
        );
        second.former_ids = vec![Slug::parse("opening").unwrap()];
        programme.sessions.push(second);
        programme
    }

    #[test]
    fn every_label_reads_in_every_interface_language() {
        let programmes = cases()
            .into_iter()
            .map(|case| (case.what, case.programme))
            .chain([(
                "a former id that is another session's id",
                a_former_id_taken(),
            )]);
        let (fr, tr) = (words("fr"), words("tr"));
        for (what, programme) in programmes {
            for problem in check(&programme, &CheckOptions::default()) {
                let Some(english) = &problem.label else {
                    continue;
                };
                for (tag, words) in [("fr", &fr), ("tr", &tr)] {
                    let label = problem.localized_label(words).unwrap_or_default();
                    assert!(
                        words.has_message(&format!("check-{}-label", problem.code))
                            && label != *english
                            && !label.contains('{'),
                        "{what}: the {tag} label of {} reads {label:?}",
                        problem.code
                    );
                }
            }
        }
    }

    #[test]
    fn a_former_id_that_is_another_sessions_id_is_labelled_as_a_former_id() {
        let problems = check(&a_former_id_taken(), &CheckOptions::default());
        let labels: Vec<(Option<String>, Option<String>)> = problems
            .iter()
            .map(|p| {
                (
                    p.localized_label(&words("en")),
                    p.localized_label(&words("fr")),
                )
            })
            .collect();
        assert_eq!(
            labels,
            [(
                Some("also an id of sessions[0]".to_owned()),
                Some("aussi un identifiant de sessions[0]".to_owned())
            )]
        );
    }

    /// Scans the checks above: each code written as `Diagnostic::error("…"` or `warning("…"` is listed,
    /// and each listed code is written there (the daylight-saving codes are chosen before the call).
    #[test]
    fn every_code_written_in_the_checks_is_listed() {
        let source = include_str!("check.rs");
        let (checks, _) = source
            .split_once("#[cfg(test)]")
            .expect("the tests come last");
        for start in ["Diagnostic::error(", "Diagnostic::warning("] {
            for (at, _) in checks.match_indices(start) {
                let rest = checks[at + start.len()..].trim_start();
                if let Some(quoted) = rest.strip_prefix('"') {
                    let code = quoted.split('"').next().unwrap_or_default();
                    assert!(CODES.contains(&code), "{code} is not in CODES");
                }
            }
        }
        for code in CODES {
            assert!(
                checks.contains(&format!("\"{code}\"")),
                "{code} is listed but not given"
            );
        }
    }

    #[test]
    fn a_problem_without_words_of_its_own_keeps_its_english_message() {
        let problem = Diagnostic::error("unknown-field", "unknown field `room` in [[sessions]]")
            .help("did you mean `venue`?");
        let fr = words("fr");
        assert_eq!(
            (problem.localized(&fr), problem.localized_help(&fr)),
            (
                "unknown field `room` in [[sessions]]".to_owned(),
                Some("did you mean `venue`?".to_owned())
            )
        );
    }
}
