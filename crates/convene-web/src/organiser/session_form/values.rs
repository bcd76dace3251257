//! The session form's values, typed: what a browser posts (`title_fr`, `people[0].name`…) and what
//! the form shows for a session of the draft.

use std::collections::BTreeMap;

use convene_core::session::{Format, Schedule, SessionKind};
use convene_core::{Keyword, Programme, Session};
use serde::Deserialize;

use crate::organiser::limits::MAX_ROWS;

/// The session form, as posted or as shown: every value as typed, so a form refused at some field
/// comes back with everything the organiser wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "Vec<(String, String)>")]
pub struct SessionForm {
    pub csrf: String,
    /// The draft revision the form was made from.
    pub revision: String,
    pub id: String,
    pub kind: String,
    pub format: String,
    pub venue: String,
    /// `YYYY-MM-DD`, in the host zone.
    pub date: String,
    /// `HH:MM`, in the host zone.
    pub start: String,
    /// `HH:MM`, or `YYYY-MM-DDTHH:MM` for a session that ends on a later day.
    pub end: String,
    /// "Ends the next day" is ticked: an end `HH:MM` is on the day after `date`.
    pub end_next_day: bool,
    /// "Time to be confirmed" is ticked.
    pub tbc: bool,
    /// The texts of the session by language tag (`title_fr`, `description_fr`, `questions_fr`).
    pub texts: BTreeMap<String, Texts>,
    /// The people taking part, in order (`people[0].person`, `people[0].role`…).
    pub people: Vec<PersonRow>,
    /// How many people rows were posted, when that is more than a list may have: only one more
    /// than it may have is kept.
    pub too_many_people: Option<usize>,
    /// A suggested start (`HH:MM`, host time) the organiser chose: the form comes back with it
    /// filled in, unsaved.
    pub use_slot: String,
    /// "Find times that suit every zone" was pressed: the form comes back, unsaved, with the
    /// suggestions for the times as typed.
    pub suggest: bool,
}

/// A session's texts in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts {
    pub title: String,
    pub description: String,
    /// The guiding questions, one per line.
    pub questions: String,
}

/// One person taking part, as one row of the form: someone of the event's people, and their role.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonRow {
    /// Their id in the event's people.
    pub person: String,
    /// A role's keyword (`moderator`, `speaker`…).
    pub role: String,
    /// "Remove this person" is ticked.
    pub remove: bool,
}

impl PersonRow {
    /// A row where no one was picked (its role list always has a value): the row for adding someone.
    pub fn is_blank(&self) -> bool {
        self.person.trim().is_empty()
    }
}

/// The row and field a posted name belongs to: `people[2].title_fr` is `(2, "title_fr")`.
fn person_field(name: &str) -> Option<(usize, &str)> {
    let rest = name.strip_prefix("people[")?;
    let (index, field) = rest.split_once("].")?;
    Some((index.parse().ok()?, field))
}

/// A time typed as `HH:MM`.
pub fn hours_minutes(text: &str) -> Option<jiff::civil::Time> {
    jiff::fmt::strtime::parse("%H:%M", text.trim())
        .and_then(|t| t.to_time())
        .ok()
}

/// A ticked box posts `yes`.
fn ticked(value: &str) -> bool {
    value == "yes"
}

impl From<Vec<(String, String)>> for SessionForm {
    /// Reads the posted pairs; names the form does not have are left out.
    fn from(pairs: Vec<(String, String)>) -> Self {
        let mut form = SessionForm::default();
        let mut people: BTreeMap<usize, PersonRow> = BTreeMap::new();
        for (name, value) in pairs {
            if let Some((index, field)) = person_field(&name) {
                let row = people.entry(index).or_default();
                match field {
                    "person" => row.person = value,
                    "role" => row.role = value,
                    "remove" => row.remove = ticked(&value),
                    _ => {}
                }
                continue;
            }
            match name.as_str() {
                "csrf" => form.csrf = value,
                "revision" => form.revision = value,
                "id" => form.id = value,
                "kind" => form.kind = value,
                "format" => form.format = value,
                "venue" => form.venue = value,
                "date" => form.date = value,
                "start" => form.start = value,
                "end" => form.end = value,
                "end_next_day" => form.end_next_day = ticked(&value),
                "tbc" => form.tbc = ticked(&value),
                "use_slot" => form.use_slot = value,
                "suggest" => form.suggest = ticked(&value),
                other => {
                    let text = |prefix: &str| other.strip_prefix(prefix).map(str::to_owned);
                    if let Some(tag) = text("title_") {
                        form.texts.entry(tag).or_default().title = value;
                    } else if let Some(tag) = text("description_") {
                        form.texts.entry(tag).or_default().description = value;
                    } else if let Some(tag) = text("questions_") {
                        form.texts.entry(tag).or_default().questions = value;
                    }
                }
            }
        }
        // Rows keep their order, the indexes only had to tell them apart; a row left blank (the one
        // for adding a person, when it was not used) holds no one.
        form.people = people.into_values().filter(|row| !row.is_blank()).collect();
        form.too_many_people = (form.people.len() > MAX_ROWS).then_some(form.people.len());
        form.people.truncate(MAX_ROWS + 1);
        form
    }
}

impl SessionForm {
    /// The form of a session of the draft, or of a new one (`None`): a plenary, online, in the first
    /// venue.
    pub fn of(programme: &Programme, session: Option<&Session>) -> Self {
        let Some(s) = session else {
            return SessionForm {
                kind: SessionKind::Plenary.keyword().into(),
                format: Format::Online.keyword().into(),
                venue: programme
                    .venues
                    .first()
                    .map(|v| v.id.to_string())
                    .unwrap_or_default(),
                ..SessionForm::default()
            };
        };
        let mut form = SessionForm {
            id: s.id.to_string(),
            kind: s.kind.keyword().into(),
            format: s.format.keyword().into(),
            venue: s.venue.to_string(),
            ..SessionForm::default()
        };
        match s.schedule {
            Schedule::Timed { start, end } => {
                form.date = start.date().to_string();
                form.start = start.strftime("%H:%M").to_string();
                // An end on the next day is its time with the box ticked; on a later day still (a
                // session of more than a day), its date and time.
                let next_day = start.date().tomorrow().ok() == Some(end.date());
                form.end_next_day = next_day;
                form.end = if end.date() == start.date() || next_day {
                    end.strftime("%H:%M").to_string()
                } else {
                    end.strftime("%Y-%m-%dT%H:%M").to_string()
                };
            }
            Schedule::TimeToBeConfirmed { date } => {
                form.date = date.to_string();
                form.tbc = true;
            }
            Schedule::DateToBeConfirmed => form.tbc = true,
        }
        for lang in &programme.event.languages {
            let questions: Vec<&str> = s
                .questions
                .iter()
                .map(|q| q.in_language(lang).unwrap_or(""))
                .collect();
            form.texts.insert(
                lang.to_string(),
                Texts {
                    title: s.title.in_language(lang).unwrap_or("").to_owned(),
                    description: s.description.in_language(lang).unwrap_or("").to_owned(),
                    questions: questions.join("\n"),
                },
            );
        }
        form.people = s
            .people
            .iter()
            .map(|p| PersonRow {
                person: p.person.to_string(),
                role: p.role.keyword().to_owned(),
                remove: false,
            })
            .collect();
        form
    }

    /// A copy still to be given its own identifier and time.
    pub fn without_id_and_time(mut self) -> Self {
        self.id.clear();
        self.start.clear();
        self.end.clear();
        self.end_next_day = false;
        self.tbc = false;
        self
    }

    /// The session's length as typed, in minutes: from the start to the end (on the next day when
    /// the box is ticked, or on the day it names); `None` until both read as times.
    pub fn minutes(&self) -> Option<i64> {
        let date = jiff::fmt::strtime::parse("%Y-%m-%d", self.date.trim())
            .and_then(|t| t.to_date())
            .ok()?;
        let start = date.to_datetime(hours_minutes(&self.start)?);
        let end = match hours_minutes(&self.end) {
            Some(end) if self.end_next_day => date.tomorrow().ok()?.to_datetime(end),
            Some(end) => date.to_datetime(end),
            None => jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M", self.end.trim())
                .and_then(|t| t.to_datetime())
                .ok()?,
        };
        let minutes = end.duration_since(start).as_mins();
        (minutes > 0).then_some(minutes)
    }

    /// The form with the session starting at `start` (`HH:MM`) and lasting as long as before;
    /// `None` when `start` is not a time or the length is not known.
    pub fn starting_at(mut self, start: &str) -> Option<Self> {
        let minutes = self.minutes()?;
        let time = hours_minutes(start)?;
        let end = time
            .to_datetime(jiff::civil::Date::constant(2000, 1, 1))
            .checked_add(jiff::SignedDuration::from_mins(minutes))
            .ok()?;
        if end.date() > jiff::civil::Date::constant(2000, 1, 2) {
            return None;
        }
        self.start = time.strftime("%H:%M").to_string();
        self.end = end.strftime("%H:%M").to_string();
        self.end_next_day = end.date() != jiff::civil::Date::constant(2000, 1, 1);
        self.tbc = false;
        Some(self)
    }

    pub fn revision(&self) -> Option<i64> {
        self.revision.trim().parse().ok()
    }

    /// The texts typed in one language (empty ones when none were).
    pub fn texts_in(&self, tag: &str) -> Texts {
        self.texts.get(tag).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn people_are_read_as_rows_in_the_order_of_their_indexes() {
        let form = SessionForm::from(pairs(&[
            ("people[1].person", "jean-dupont"),
            ("people[0].person", "ada-lovelace"),
            ("people[0].role", "moderator"),
            ("people[1].remove", "yes"),
            ("people[7].person", ""),
            ("people[7].role", "speaker"),
            ("title_fr", "Ouverture"),
            ("tbc", "yes"),
            ("people[x].person", "ignored"),
        ]));
        let ada = PersonRow {
            person: "ada-lovelace".into(),
            role: "moderator".into(),
            remove: false,
        };
        let jean = PersonRow {
            person: "jean-dupont".into(),
            remove: true,
            ..PersonRow::default()
        };
        assert_eq!(form.people, [ada, jean]);
        assert_eq!(form.texts_in("fr").title, "Ouverture");
        assert!(form.tbc);
    }

    #[test]
    fn the_row_for_adding_a_person_is_blank_whatever_its_role() {
        let added = PersonRow {
            role: "speaker".into(),
            person: " ".into(),
            ..PersonRow::default()
        };
        assert!(added.is_blank());
    }
}
