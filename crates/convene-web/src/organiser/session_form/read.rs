//! The form read into a session, with a message at each field that cannot be read; and the field
//! each problem found by the core's checks belongs to.

use convene_core::diagnostic::PathStep;
use convene_core::locale::Localizer;
use convene_core::session::{Format, Schedule, SessionKind};
use convene_core::{FieldPath, Keyword, Programme, Role, Session, SessionPerson, Slug, Text};
use jiff::civil::{Date, DateTime};

use super::values::{PersonRow, SessionForm};
use crate::i18n::one_of;
use crate::organiser::field::paragraphs;
use crate::organiser::limits;

pub use crate::organiser::field::FieldErrors;

/// A form that reads as a session.
pub struct Read {
    pub session: Session,
    /// For each person of the session, the form row they come from: rows left blank or removed
    /// have no person.
    pub rows: Vec<usize>,
}

/// The quoted keywords of a closed vocabulary, for a message: `"online", "on-site" or "hybrid"`.
fn keywords<K: Keyword>(words: &Localizer) -> String {
    let all: Vec<&str> = K::ALL.iter().map(|k| k.keyword()).collect();
    one_of(words, &all)
}

impl SessionForm {
    /// What the form asks for beyond its bounds: a message at each field too long, and at the
    /// people for too many rows of them; empty for a form within them.
    pub fn beyond(&self, words: &Localizer) -> FieldErrors {
        let own = [
            ("id", &self.id),
            ("kind", &self.kind),
            ("format", &self.format),
            ("venue", &self.venue),
            ("date", &self.date),
            ("start", &self.start),
            ("end", &self.end),
            ("use_slot", &self.use_slot),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.as_str()));
        let texts = self.texts.iter().flat_map(|(tag, t)| {
            [
                (format!("title_{tag}"), t.title.as_str()),
                (format!("description_{tag}"), t.description.as_str()),
                (format!("questions_{tag}"), t.questions.as_str()),
            ]
        });
        let people = self.people.iter().enumerate().flat_map(|(i, row)| {
            [
                (format!("people[{i}].person"), row.person.as_str()),
                (format!("people[{i}].role"), row.role.as_str()),
            ]
        });
        let mut errors: FieldErrors = own
            .chain(texts)
            .chain(people)
            .filter_map(|(name, value)| {
                Some((name.clone(), limits::too_long(&name, value, words)?))
            })
            .collect();
        if let Some(message) = self
            .too_many_people
            .and_then(|count| limits::too_many_rows(count, words))
        {
            errors.insert("people".into(), message);
        }
        errors
    }

    /// Reads the form into a session of `programme`; `id` is the session's own when it is edited,
    /// `None` for a new one (whose id is then read from the form).
    pub fn read(
        &self,
        programme: &Programme,
        id: Option<&Slug>,
        words: &Localizer,
    ) -> Result<Read, FieldErrors> {
        let mut errors = FieldErrors::new();
        let say = |id: &str, args: &[(&str, String)]| {
            let args: Vec<(&str, fluent::FluentValue<'_>)> =
                args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
            words.message_with(id, &args)
        };
        let id = match id {
            Some(id) => Some(id.clone()),
            None => Slug::parse(self.id.trim())
                .map_err(|_| {
                    let given = self.id.trim().to_owned();
                    errors.insert("id".into(), say("org-bad-id", &[("given", given)]))
                })
                .ok(),
        };
        let kind = SessionKind::from_keyword(self.kind.trim());
        if kind.is_none() {
            let choices = keywords::<SessionKind>(words);
            errors.insert("kind".into(), say("org-choose", &[("choices", choices)]));
        }
        let format = Format::from_keyword(self.format.trim());
        if format.is_none() {
            let choices = keywords::<Format>(words);
            errors.insert("format".into(), say("org-choose", &[("choices", choices)]));
        }
        let venue = Slug::parse(self.venue.trim())
            .map_err(|_| {
                let given = self.venue.trim().to_owned();
                errors.insert("venue".into(), say("org-bad-id", &[("given", given)]))
            })
            .ok();
        let schedule = self.schedule(&mut errors, &say);
        let (title, description, questions) = self.texts_of(programme);
        let (people, rows) = self.people_of(programme, words, &mut errors, &say);
        let existing = id.as_ref().and_then(|id| programme.session(id));
        match (id, kind, format, venue, schedule) {
            (Some(id), Some(kind), Some(format), Some(venue), Some(schedule))
                if errors.is_empty() =>
            {
                Ok(Read {
                    session: Session {
                        id,
                        former_ids: existing.map(|s| s.former_ids.clone()).unwrap_or_default(),
                        kind,
                        format,
                        venue,
                        schedule,
                        zones: existing.and_then(|s| s.zones.clone()),
                        title,
                        description,
                        questions,
                        people,
                    },
                    rows,
                })
            }
            _ => Err(errors),
        }
    }

    /// The session's time: a date and host times, or "to be confirmed".
    fn schedule(
        &self,
        errors: &mut FieldErrors,
        say: &impl Fn(&str, &[(&str, String)]) -> String,
    ) -> Option<Schedule> {
        let date = match self.date.trim() {
            "" => None,
            text => jiff::fmt::strtime::parse("%Y-%m-%d", text)
                .and_then(|t| t.to_date())
                .map_err(|_| {
                    errors.insert(
                        "date".into(),
                        say("org-bad-date", &[("given", text.to_owned())]),
                    )
                })
                .ok(),
        };
        if self.tbc {
            return Some(match date {
                Some(date) => Schedule::TimeToBeConfirmed { date },
                None => Schedule::DateToBeConfirmed,
            });
        }
        if date.is_none() {
            if !errors.contains_key("date") {
                errors.insert("date".into(), say("org-need-date", &[]));
            }
            return None;
        }
        let start = time("start", &self.start, date, errors, say);
        // "Ends the next day": the end time is on the day after the session's date.
        let end_date = match date {
            Some(d) if self.end_next_day => d.tomorrow().ok(),
            d => d,
        };
        let end = time("end", &self.end, end_date, errors, say);
        match (start, end) {
            (Some(start), Some(end)) if end <= start => {
                errors.insert(
                    "end".into(),
                    say(
                        "org-end-before-start",
                        &[
                            ("end", end.strftime("%H:%M").to_string()),
                            ("start", start.strftime("%H:%M").to_string()),
                        ],
                    ),
                );
                None
            }
            (Some(start), Some(end)) => Some(Schedule::Timed { start, end }),
            _ => None,
        }
    }

    /// The title, description and guiding questions in every declared language that has them.
    fn texts_of(&self, programme: &Programme) -> (Text, Text, Vec<Text>) {
        let mut title = Text::new();
        let mut description = Text::new();
        let mut questions: Vec<Text> = Vec::new();
        for lang in &programme.event.languages {
            let texts = self.texts_in(lang.as_str());
            if !texts.title.trim().is_empty() {
                title.insert(lang.clone(), texts.title.trim());
            }
            let typed = paragraphs(&texts.description);
            if !typed.is_empty() {
                description.insert(lang.clone(), typed);
            }
            // One question a line, whatever line breaks the browser sent.
            let lines = texts.questions.replace("\r\n", "\n").replace('\r', "\n");
            for (i, line) in lines.lines().enumerate() {
                if questions.len() <= i {
                    questions.push(Text::new());
                }
                if !line.trim().is_empty() {
                    questions[i].insert(lang.clone(), line.trim());
                }
            }
        }
        questions.retain(|q| !q.is_empty());
        (title, description, questions)
    }

    /// The people of the rows neither blank nor removed, with the row each comes from.
    fn people_of(
        &self,
        programme: &Programme,
        words: &Localizer,
        errors: &mut FieldErrors,
        say: &impl Fn(&str, &[(&str, String)]) -> String,
    ) -> (Vec<SessionPerson>, Vec<usize>) {
        let mut people = Vec::new();
        let mut rows = Vec::new();
        for (i, row) in self.people.iter().enumerate() {
            if row.remove || row.is_blank() {
                continue;
            }
            match person(row, programme, words, say) {
                Ok(person) => {
                    people.push(person);
                    rows.push(i);
                }
                Err((field, message)) => {
                    errors.insert(format!("people[{i}].{field}"), message);
                }
            }
        }
        (people, rows)
    }
}

/// The person of one row, or the field that cannot be read and why.
fn person(
    row: &PersonRow,
    programme: &Programme,
    words: &Localizer,
    say: &impl Fn(&str, &[(&str, String)]) -> String,
) -> Result<SessionPerson, (&'static str, String)> {
    let given = row.person.trim();
    let person = Slug::parse(given)
        .ok()
        .filter(|id| programme.person(id).is_some())
        .ok_or_else(|| {
            (
                "person",
                say("org-unknown-person", &[("given", given.to_owned())]),
            )
        })?;
    let role = match row.role.trim() {
        "" => Role::Speaker,
        given => Role::from_keyword(given).ok_or_else(|| {
            let args = [
                ("given", given.to_owned()),
                ("choices", keywords::<Role>(words)),
            ];
            ("role", say("org-bad-role", &args))
        })?,
    };
    Ok(SessionPerson { person, role })
}

/// A host time typed in field `name`: `HH:MM` on `date` (as the browser's time field sends it), or
/// for the end `YYYY-MM-DDTHH:MM`.
fn time(
    name: &str,
    text: &str,
    date: Option<Date>,
    errors: &mut FieldErrors,
    say: &impl Fn(&str, &[(&str, String)]) -> String,
) -> Option<DateTime> {
    let text = text.trim();
    if let Ok(t) = jiff::fmt::strtime::parse("%H:%M", text).and_then(|t| t.to_time()) {
        return date.map(|d| d.to_datetime(t));
    }
    if name == "end"
        && let Ok(dt) =
            jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M", text).and_then(|t| t.to_datetime())
    {
        return Some(dt);
    }
    errors.insert(
        name.into(),
        say("org-bad-time", &[("given", text.to_owned())]),
    );
    None
}

/// The form field a problem of `sessions[index]` belongs to; `rows` gives the form row of each of
/// the session's people.
pub fn field_of(path: &FieldPath, index: usize, source: &str, rows: &[usize]) -> Option<String> {
    let steps = path.steps();
    let (Some(PathStep::Key(root)), Some(PathStep::Index(i))) = (steps.first(), steps.get(1))
    else {
        return None;
    };
    if root != "sessions" || *i != index {
        return None;
    }
    let rest = &steps[2..];
    if let [PathStep::Key(people), PathStep::Index(j), more @ ..] = rest
        && people == "people"
    {
        let row = rows.get(*j).copied().unwrap_or(*j);
        return Some(match more {
            [PathStep::Key(k), ..] if k == "role" => format!("people[{row}].role"),
            _ => format!("people[{row}].person"),
        });
    }
    match rest {
        [PathStep::Key(k)] if k == "title" || k == "description" => Some(format!("{k}_{source}")),
        [PathStep::Key(k), PathStep::Key(lang), ..] => Some(format!("{k}_{lang}")),
        [
            PathStep::Key(k),
            PathStep::Index(_),
            PathStep::Key(lang),
            ..,
        ] => Some(format!("{k}_{lang}")),
        [PathStep::Key(k), PathStep::Index(_)] => Some(format!("{k}_{source}")),
        [PathStep::Key(k), ..] => Some(k.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(steps: &[PathStep]) -> FieldPath {
        steps.iter().fold(FieldPath::root(), |p, step| match step {
            PathStep::Key(k) => p.key(k),
            PathStep::Index(i) => p.index(*i),
        })
    }

    fn key(k: &str) -> PathStep {
        PathStep::Key(k.to_owned())
    }

    #[test]
    fn each_problem_goes_to_the_field_that_holds_it() {
        let rows = [0, 2];
        let cases = [
            (
                "a time",
                vec![key("sessions"), PathStep::Index(3), key("start")],
                Some("start"),
            ),
            (
                "a title without its language",
                vec![key("sessions"), PathStep::Index(3), key("title")],
                Some("title_fr"),
            ),
            (
                "a title in English",
                vec![key("sessions"), PathStep::Index(3), key("title"), key("en")],
                Some("title_en"),
            ),
            (
                "a question in Turkish",
                vec![
                    key("sessions"),
                    PathStep::Index(3),
                    key("questions"),
                    PathStep::Index(1),
                    key("tr"),
                ],
                Some("questions_tr"),
            ),
            (
                "the second person, who is the form's third row",
                vec![
                    key("sessions"),
                    PathStep::Index(3),
                    key("people"),
                    PathStep::Index(1),
                    key("person"),
                ],
                Some("people[2].person"),
            ),
            (
                "the role of the first person",
                vec![
                    key("sessions"),
                    PathStep::Index(3),
                    key("people"),
                    PathStep::Index(0),
                    key("role"),
                ],
                Some("people[0].role"),
            ),
            (
                "another session",
                vec![key("sessions"), PathStep::Index(4), key("start")],
                None,
            ),
        ];
        for (case, steps, field) in cases {
            assert_eq!(
                field_of(&path(&steps), 3, "fr", &rows).as_deref(),
                field,
                "{case}"
            );
        }
    }
}
