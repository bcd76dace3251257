//! Every change an organiser makes to a programme, as one function: [`apply`] takes the programme
//! and the edits, and gives back either the changed programme, checked as a whole, or the problems
//! that stop it. The web forms and the command line call nothing else to change a programme, and
//! the store only takes a [`Checked`] programme, so a stored draft always loads again.

use crate::check::{CheckOptions, check};
use crate::diagnostic::{Diagnostic, FieldPath};
use crate::programme_file;
use crate::{
    DisplayZone, EventDay, Person, Programme, Schedule, Session, Slug, Status, Text, Venue, Zone,
};

/// A programme that passed every check: the only kind the store saves.
///
/// It carries the text of its programme file, which loads back to the same programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    programme: Programme,
    source: String,
    warnings: Vec<Diagnostic>,
}

impl Checked {
    /// Checks `programme` as a whole; the problems that stop it if it has errors (warnings
    /// included, so a form can show them all).
    pub fn new(programme: Programme, options: &CheckOptions) -> Result<Self, Rejected> {
        let problems = check(&programme, options);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Rejected { problems });
        }
        let source = programme_file::write(&programme);
        Ok(Self {
            programme,
            source,
            warnings: problems,
        })
    }

    /// A programme file's text, if it loads without errors; kept byte for byte.
    pub fn load(source: &str, options: &CheckOptions) -> Result<Self, Rejected> {
        let loaded = programme_file::load(source, options);
        match loaded.programme {
            Some(programme) => Ok(Self {
                programme,
                source: source.to_owned(),
                warnings: loaded.diagnostics,
            }),
            None => Err(Rejected {
                problems: loaded.diagnostics,
            }),
        }
    }

    pub fn programme(&self) -> &Programme {
        &self.programme
    }

    pub fn into_programme(self) -> Programme {
        self.programme
    }

    /// The programme file's text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// What the checks would have otherwise: the programme works, but could serve readers better.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

/// Why edits were not applied: every problem found, errors first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub problems: Vec<Diagnostic>,
}

impl Rejected {
    fn one(problem: Diagnostic) -> Self {
        Self {
            problems: vec![problem],
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.problems.iter().filter(|d| d.is_error())
    }

    /// Whether it was refused because a session it names does not exist.
    pub fn is_unknown_session(&self) -> bool {
        self.problems.iter().any(|d| d.code == "unknown-session")
    }
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let errors: Vec<&str> = self.errors().map(|d| d.message.as_str()).collect();
        write!(f, "{}", errors.join("; "))
    }
}

impl std::error::Error for Rejected {}

/// One change to a programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// A new session, with an id no session has had.
    AddSession(Session),
    /// New content for the session with the same id; its former ids stay.
    UpdateSession(Session),
    /// A copy of session `id` under a new id (`{id}-2`, `{id}-3`…), at `schedule`, or with its
    /// time to be confirmed on the same day. A final programme refuses a copy without a time.
    DuplicateSession {
        id: Slug,
        schedule: Option<Schedule>,
    },
    /// Removes session `id`; once published, readers' calendars see it cancelled.
    RemoveSession {
        id: Slug,
    },
    /// Gives session `from` the id `to`. A session readers have seen (`published`) keeps `from` as
    /// a former id, so its old address, calendar UID and schedule guid live on.
    RenameSession {
        from: Slug,
        to: Slug,
        published: bool,
    },
    /// The event's name and short name, per language.
    SetNames {
        name: Text,
        short_name: Text,
    },
    SetIntroduction(Text),
    SetDays(Vec<EventDay>),
    SetVenues(Vec<Venue>),
    /// The directory of people; sessions keep naming theirs by id.
    SetPeople(Vec<Person>),
    /// The zones times are shown in, in the order readers see them.
    SetZones(Vec<DisplayZone>),
    SetHostZone(Zone),
    SetStatus(Status),
}

impl Edit {
    /// The word the audit log records for it.
    pub fn action(&self) -> &'static str {
        match self {
            Edit::AddSession(_) => "create-session",
            Edit::UpdateSession(_) => "edit-session",
            Edit::DuplicateSession { .. } => "duplicate-session",
            Edit::RemoveSession { .. } => "delete-session",
            Edit::RenameSession { .. } => "rename-session",
            Edit::SetIntroduction(_) => "edit-introduction",
            Edit::SetDays(_) => "edit-days",
            Edit::SetVenues(_) => "edit-venues",
            Edit::SetPeople(_) => "edit-people",
            Edit::SetZones(_) => "edit-zones",
            Edit::SetNames { .. } | Edit::SetHostZone(_) | Edit::SetStatus(_) => "edit-settings",
        }
    }
}

/// Edits applied: the programme they made, checked, and what to record of them.
#[derive(Clone, Debug)]
pub struct Applied {
    pub programme: Checked,
    /// The audit log's word for what was done (`edit-session`, …).
    pub action: &'static str,
    /// The session it was about and anything else worth recording (`opening as opening-2`).
    pub detail: String,
    /// The session the edits made or changed last, by its id now; `None` for event settings and
    /// removals.
    pub session: Option<Slug>,
}

/// Applies `edits` in order to a copy of `programme` and checks the result as a whole.
///
/// An edit that cannot apply (an unknown session, an id already taken, a copy without a time in a
/// final programme) stops everything with its problem; otherwise the result must pass every check.
/// `programme` itself never changes.
pub fn apply(
    programme: &Programme,
    edits: Vec<Edit>,
    options: &CheckOptions,
) -> Result<Applied, Rejected> {
    let mut next = programme.clone();
    let mut action = "edit-settings";
    let mut details = Vec::new();
    let mut session = None;
    for edit in edits {
        action = edit.action();
        let (detail, touched) = apply_one(&mut next, edit)?;
        details.extend(detail);
        session = touched;
    }
    Ok(Applied {
        programme: Checked::new(next, options)?,
        action,
        detail: details.join("; "),
        session,
    })
}

/// Applies one edit; what to record of it, and the session it touched.
fn apply_one(p: &mut Programme, edit: Edit) -> Result<(Option<String>, Option<Slug>), Rejected> {
    match edit {
        Edit::AddSession(session) => {
            if let Some(problem) = id_taken(p, &session.id, p.sessions.len()) {
                return Err(Rejected::one(problem));
            }
            let id = session.id.clone();
            p.sessions.push(session);
            Ok((Some(id.to_string()), Some(id)))
        }
        Edit::UpdateSession(mut session) => {
            let index = position(p, &session.id)?;
            session.former_ids = std::mem::take(&mut p.sessions[index].former_ids);
            let id = session.id.clone();
            p.sessions[index] = session;
            Ok((Some(id.to_string()), Some(id)))
        }
        Edit::DuplicateSession { id, schedule } => {
            let index = position(p, &id)?;
            let original = &p.sessions[index];
            let schedule = schedule.unwrap_or(match original.schedule.date() {
                Some(date) => Schedule::TimeToBeConfirmed { date },
                None => Schedule::DateToBeConfirmed,
            });
            if p.event.status == Status::Final && !schedule.is_confirmed() {
                return Err(Rejected::one(copy_needs_a_time(index, &id)));
            }
            let copy_id = free_copy_id(p, &id).ok_or_else(|| {
                Rejected::one(
                    Diagnostic::error(
                        "no-free-id",
                        format!("no identifier is free for a copy of session \"{id}\""),
                    )
                    .at(session_path(index).key("id"))
                    .arg("session", &id),
                )
            })?;
            let copy = Session {
                id: copy_id.clone(),
                former_ids: Vec::new(),
                schedule,
                ..original.clone()
            };
            p.sessions.push(copy);
            Ok((Some(format!("{id} as {copy_id}")), Some(copy_id)))
        }
        Edit::RemoveSession { id } => {
            let index = position(p, &id)?;
            p.sessions.remove(index);
            Ok((Some(id.to_string()), None))
        }
        Edit::RenameSession {
            from,
            to,
            published,
        } => {
            let index = position(p, &from)?;
            if from == to {
                return Ok((None, Some(to)));
            }
            // A session may take back one of its own former ids.
            let own_former = p.sessions[index].former_ids.contains(&to);
            if !own_former && let Some(problem) = id_taken(p, &to, index) {
                return Err(Rejected::one(problem));
            }
            let session = &mut p.sessions[index];
            session.former_ids.retain(|f| f != &to);
            if published && !session.former_ids.contains(&from) {
                session.former_ids.push(from.clone());
            }
            session.id = to.clone();
            Ok((Some(format!("{from} as {to}")), Some(to)))
        }
        Edit::SetNames { name, short_name } => {
            p.event.name = name;
            p.event.short_name = short_name;
            Ok((None, None))
        }
        Edit::SetIntroduction(text) => {
            p.event.introduction = text;
            Ok((None, None))
        }
        Edit::SetDays(days) => {
            p.event.days = days;
            Ok((None, None))
        }
        Edit::SetVenues(venues) => {
            p.venues = venues;
            Ok((None, None))
        }
        Edit::SetPeople(people) => {
            p.people = people;
            Ok((None, None))
        }
        Edit::SetZones(zones) => {
            p.zones = zones;
            Ok((None, None))
        }
        Edit::SetHostZone(zone) => {
            p.event.host_zone = zone;
            Ok((None, None))
        }
        Edit::SetStatus(status) => {
            p.event.status = status;
            Ok((None, None))
        }
    }
}

fn session_path(index: usize) -> FieldPath {
    FieldPath::root().key("sessions").index(index)
}

/// Where session `id` sits, or the problem of a session that does not exist.
fn position(p: &Programme, id: &Slug) -> Result<usize, Rejected> {
    p.sessions.iter().position(|s| &s.id == id).ok_or_else(|| {
        Rejected::one(
            Diagnostic::error("unknown-session", format!("no session has the id \"{id}\""))
                .help("it may have been removed or renamed since the page was opened; reload it")
                .arg("session", id),
        )
    })
}

/// The problem of giving `id` to the session at `index` when another session has it, or had it.
fn id_taken(p: &Programme, id: &Slug, index: usize) -> Option<Diagnostic> {
    let holder = p
        .sessions
        .iter()
        .enumerate()
        .find(|(i, s)| *i != index && (&s.id == id || s.former_ids.contains(id)))?;
    let (case, holder_id) = if &holder.1.id == id {
        ("current", &holder.1.id)
    } else {
        ("former", &holder.1.id)
    };
    let message = match case {
        "current" => format!("a session already has the id \"{id}\""),
        _ => format!("the id \"{id}\" was session \"{holder_id}\"'s, and stays reserved for it"),
    };
    Some(
        Diagnostic::error("id-taken", message)
            .at(session_path(index).key("id"))
            .help("choose another id; a published session's ids stay its own, so links and calendars follow it")
            .arg("case", case)
            .arg("id", id)
            .arg("session", holder_id),
    )
}

fn copy_needs_a_time(index: usize, id: &Slug) -> Diagnostic {
    Diagnostic::error(
        "copy-needs-a-time",
        format!(
            "the programme is final, so a copy of session \"{id}\" needs its own date and time"
        ),
    )
    .at(session_path(index).key("id"))
    .help(format!(
        "give the copy a date, start and end, or set the event's status to \"{}\" first",
        Status::Preliminary.keyword()
    ))
    .arg("session", id)
    .arg("status", Status::Preliminary.keyword())
}

use crate::Keyword as _;

/// `{id}-2`, `{id}-3`…: the first that no session has or had.
fn free_copy_id(p: &Programme, id: &Slug) -> Option<Slug> {
    let stem: String = id.as_str().chars().take(58).collect();
    let stem = stem.trim_end_matches('-');
    (2..1000)
        .filter_map(|n| Slug::parse(&format!("{stem}-{n}")).ok())
        .find(|candidate| {
            p.sessions
                .iter()
                .all(|s| &s.id != candidate && !s.former_ids.contains(candidate))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");

    fn izmir() -> Programme {
        crate::load(IZMIR, &CheckOptions::default())
            .programme
            .expect("the Izmir programme loads")
    }

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("a valid id")
    }

    fn timed(programme: &Programme) -> &Session {
        programme
            .sessions
            .iter()
            .find(|s| s.schedule.is_confirmed())
            .expect("a timed session")
    }

    fn codes(rejected: &Rejected) -> Vec<&'static str> {
        rejected.errors().map(|d| d.code).collect()
    }

    #[test]
    fn duplicating_a_session_in_a_final_programme_without_a_time_is_refused() {
        let mut programme = izmir();
        programme.sessions.retain(|s| s.schedule.is_confirmed());
        programme.event.status = Status::Final;
        let id = timed(&programme).id.clone();
        let edits = vec![Edit::DuplicateSession {
            id: id.clone(),
            schedule: None,
        }];
        let rejected = apply(&programme, edits, &CheckOptions::default()).unwrap_err();
        assert_eq!(codes(&rejected), ["copy-needs-a-time"]);
        assert_eq!(
            rejected.problems[0].message,
            format!(
                "the programme is final, so a copy of session \"{id}\" needs its own date and time"
            )
        );
    }

    #[test]
    fn duplicating_a_session_in_a_final_programme_with_a_time_of_its_own_is_accepted() {
        let mut programme = izmir();
        programme.sessions.retain(|s| s.schedule.is_confirmed());
        programme.event.status = Status::Final;
        let original = timed(&programme).clone();
        let Schedule::Timed { start, end } = original.schedule else {
            unreachable!("a timed session")
        };
        // The day after would leave the event's days; a later hour on the same day is free.
        let later = Schedule::Timed {
            start: start
                .checked_add(jiff::SignedDuration::from_hours(5))
                .unwrap(),
            end: end
                .checked_add(jiff::SignedDuration::from_hours(5))
                .unwrap(),
        };
        let edits = vec![Edit::DuplicateSession {
            id: original.id.clone(),
            schedule: Some(later),
        }];
        let applied = apply(&programme, edits, &CheckOptions::default())
            .expect("a copy with a time of its own fits a final programme");
        let copy = applied.session.expect("the copy's id");
        assert_eq!(copy.as_str(), format!("{}-2", original.id));
        assert_eq!(applied.detail, format!("{} as {copy}", original.id));
        let stored = applied.programme.programme().session(&copy).unwrap();
        assert_eq!(stored.schedule, later);
    }

    #[test]
    fn a_duplicate_in_a_preliminary_programme_has_its_time_to_be_confirmed() {
        let programme = izmir();
        let original = timed(&programme).clone();
        let applied = apply(
            &programme,
            vec![Edit::DuplicateSession {
                id: original.id.clone(),
                schedule: None,
            }],
            &CheckOptions::default(),
        )
        .expect("a copy to be timed later is fine in a preliminary programme");
        let copy = applied
            .programme
            .programme()
            .session(applied.session.as_ref().unwrap())
            .unwrap();
        assert_eq!(
            copy.schedule,
            Schedule::TimeToBeConfirmed {
                date: original.schedule.date().unwrap()
            }
        );
        assert_eq!(copy.title, original.title);
    }

    #[test]
    fn every_applied_programme_loads_back_from_its_file() {
        let programme = izmir();
        let id = timed(&programme).id.clone();
        let applied = apply(
            &programme,
            vec![Edit::DuplicateSession { id, schedule: None }],
            &CheckOptions::default(),
        )
        .unwrap();
        let again = Checked::load(applied.programme.source(), &CheckOptions::default())
            .expect("the file of a checked programme loads");
        assert_eq!(again.programme(), applied.programme.programme());
    }

    #[test]
    fn removing_or_updating_an_unknown_session_is_refused() {
        let programme = izmir();
        let mut ghost = timed(&programme).clone();
        ghost.id = slug("ghost");
        for edit in [
            Edit::RemoveSession { id: slug("ghost") },
            Edit::UpdateSession(ghost),
        ] {
            let rejected = apply(&programme, vec![edit], &CheckOptions::default()).unwrap_err();
            assert!(rejected.is_unknown_session(), "{rejected}");
            assert_eq!(
                rejected.problems[0].message,
                "no session has the id \"ghost\""
            );
        }
    }

    #[test]
    fn adding_a_session_with_a_taken_id_is_refused_at_its_id() {
        let programme = izmir();
        let existing = timed(&programme).clone();
        let rejected = apply(
            &programme,
            vec![Edit::AddSession(existing.clone())],
            &CheckOptions::default(),
        )
        .unwrap_err();
        assert_eq!(codes(&rejected), ["id-taken"]);
        assert_eq!(
            rejected.problems[0].path.as_ref().map(ToString::to_string),
            Some(format!("sessions[{}].id", programme.sessions.len()))
        );
    }

    #[test]
    fn a_session_whose_id_is_new_is_an_ordinary_session() {
        let programme = izmir();
        let from = timed(&programme).id.clone();
        let renamed = apply(
            &programme,
            vec![Edit::RenameSession {
                from,
                to: slug("new"),
                published: false,
            }],
            &CheckOptions::default(),
        )
        .expect("\"new\" is a valid id");
        assert!(
            renamed
                .programme
                .programme()
                .session(&slug("new"))
                .is_some()
        );
    }

    #[test]
    fn renaming_a_published_session_keeps_its_former_id_and_identity() {
        let programme = izmir();
        let from = timed(&programme).id.clone();
        let applied = apply(
            &programme,
            vec![Edit::RenameSession {
                from: from.clone(),
                to: slug("renamed"),
                published: true,
            }],
            &CheckOptions::default(),
        )
        .unwrap();
        let renamed = applied
            .programme
            .programme()
            .session(&slug("renamed"))
            .unwrap();
        assert_eq!(renamed.former_ids, std::slice::from_ref(&from));
        assert_eq!(renamed.identity(), &from);
        // Renamed again, its identity stays the first id readers saw.
        let again = apply(
            applied.programme.programme(),
            vec![Edit::RenameSession {
                from: slug("renamed"),
                to: slug("renamed-again"),
                published: true,
            }],
            &CheckOptions::default(),
        )
        .unwrap();
        let session = again
            .programme
            .programme()
            .session(&slug("renamed-again"))
            .unwrap();
        assert_eq!(session.former_ids, [from.clone(), slug("renamed")]);
        assert_eq!(session.identity(), &from);
        // And no other session may take a former id.
        let mut other = programme.sessions[1].clone();
        other.id = from.clone();
        let rejected = apply(
            again.programme.programme(),
            vec![Edit::AddSession(other)],
            &CheckOptions::default(),
        )
        .unwrap_err();
        assert_eq!(codes(&rejected), ["id-taken"]);
    }

    #[test]
    fn renaming_a_session_never_published_keeps_no_former_id() {
        let programme = izmir();
        let from = timed(&programme).id.clone();
        let applied = apply(
            &programme,
            vec![Edit::RenameSession {
                from,
                to: slug("renamed"),
                published: false,
            }],
            &CheckOptions::default(),
        )
        .unwrap();
        let renamed = applied
            .programme
            .programme()
            .session(&slug("renamed"))
            .unwrap();
        assert!(renamed.former_ids.is_empty());
    }

    #[test]
    fn settings_that_break_a_check_are_refused_whole() {
        let programme = izmir();
        let rejected = apply(
            &programme,
            vec![Edit::SetStatus(Status::Final)],
            &CheckOptions::default(),
        )
        .unwrap_err();
        assert!(
            codes(&rejected).contains(&"final-with-unconfirmed-time"),
            "{rejected}"
        );
    }
}
