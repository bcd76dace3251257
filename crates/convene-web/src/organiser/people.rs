//! The event's directory of people: one row each, with their id (made from their name when left
//! empty), name, office per language, city, country and an optional link. Sessions name people
//! by id, so someone a session still names cannot go.

use std::collections::HashSet;

use convene_core::diagnostic::PathStep;
use convene_core::locale::Localizer;
use convene_core::person::id_for_name;
use convene_core::{Diagnostic, Edit, Person, Programme, Slug, Text};

use super::field::{Field, FieldErrors, FieldKind};
use super::part::{
    Group, Part, Placed, Read, RowWords, arg, languages_source_first, row_groups, session_name,
};
use super::rows::{self, Posted, Row};

pub struct People;

const LIST: &str = "people";

const WORDS: RowWords = RowWords {
    legend: "org-person",
    add: "org-person-add",
    remove: "org-person-remove",
};

fn row_of(person: &Person) -> Row {
    let row = Row::default()
        .with("id", person.id.to_string())
        .with("name", &person.name)
        .with("city", person.city.clone().unwrap_or_default())
        .with("country", person.country.clone().unwrap_or_default())
        .with("link", person.link.clone().unwrap_or_default())
        .with(rows::WAS, person.id.to_string());
    person.title.iter().fold(row, |row, (lang, office)| {
        row.with(format!("title_{lang}"), office)
    })
}

/// Some text, or none.
fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The ids a new one must be unlike: those the rows give, and those of everyone in the draft,
/// removed or given another id in this same form. A new id is never one a session may still name:
/// someone removed would otherwise hand their sessions over to a newcomer of the same name.
fn taken_ids(form: &Posted, programme: &Programme) -> HashSet<Slug> {
    let given = form
        .rows
        .iter()
        .filter(|row| !row.removed())
        .filter_map(|row| Slug::parse(row.get("id")).ok());
    let were = form
        .rows
        .iter()
        .filter_map(|row| Slug::parse(row.was()).ok());
    let draft = programme.people.iter().map(|p| p.id.clone());
    given.chain(were).chain(draft).collect()
}

impl Part for People {
    const PAGE: &'static str = "people";
    const HEADING: &'static str = "org-people-directory";
    const HELP: &'static str = "org-people-directory-help";
    const LIST: &'static str = LIST;

    fn form_of(programme: &Programme) -> Posted {
        Posted {
            rows: programme.people.iter().map(row_of).collect(),
            ..Posted::default()
        }
    }

    fn read(form: &Posted, programme: &Programme, words: &Localizer) -> Result<Read, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut taken = taken_ids(form, programme);
        let mut people = Vec::new();
        let mut from = Vec::new();
        for (i, row) in form.rows.iter().enumerate() {
            if row.removed() {
                continue;
            }
            let at = |field: &str| rows::name(LIST, i, field);
            let name = row.get("name");
            if name.is_empty() {
                errors.insert(at("name"), words.message("org-person-needs-name"));
            }
            let id = match row.get("id") {
                "" => {
                    let id = id_for_name(name, &taken);
                    taken.insert(id.clone());
                    Some(id)
                }
                given => Slug::parse(given)
                    .map_err(|_| {
                        let message =
                            words.message_with("org-bad-id", &[("given", given.to_owned().into())]);
                        errors.insert(at("id"), message);
                    })
                    .ok(),
            };
            let mut title = Text::new();
            for lang in &programme.event.languages {
                let office = row.get(&format!("title_{lang}"));
                if !office.is_empty() {
                    title.insert(lang.clone(), office);
                }
            }
            if let (Some(id), false) = (id, name.is_empty()) {
                people.push(Person {
                    id,
                    name: name.to_owned(),
                    title,
                    city: optional(row.get("city")),
                    country: optional(row.get("country")),
                    link: optional(row.get("link")),
                });
                from.push(i);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Read {
            edit: Edit::SetPeople(people),
            rows: from,
        })
    }

    fn place(
        problem: &Diagnostic,
        read: &Read,
        form: &Posted,
        programme: &Programme,
        words: &Localizer,
    ) -> Option<Placed> {
        let steps = problem.path.as_ref()?.steps();
        let source = programme.event.source_language.as_str();
        match steps {
            [PathStep::Key(people), PathStep::Index(j), rest @ ..] if people == "people" => {
                let row = *read.rows.get(*j)?;
                let field = match rest {
                    [PathStep::Key(title), PathStep::Key(lang), ..] if title == "title" => {
                        format!("title_{lang}")
                    }
                    [PathStep::Key(title)] if title == "title" => format!("title_{source}"),
                    [PathStep::Key(field), ..] => field.clone(),
                    _ => "id".to_owned(),
                };
                Some(Placed::at(rows::name(LIST, row, &field)))
            }
            // Someone a session still names: at the row that was them.
            [PathStep::Key(sessions), PathStep::Index(i), ..]
                if sessions == "sessions" && problem.code == "unknown-reference" =>
            {
                let id = arg(problem, "person")?;
                let at = form.field_of_row_that_was(LIST, id, "id")?;
                let person = programme
                    .people
                    .iter()
                    .find(|p| p.id.as_str() == id)
                    .map_or(id.to_owned(), |p| p.name.clone());
                let message = words.message_with(
                    "org-person-still-named",
                    &[
                        ("person", person.into()),
                        ("session", session_name(programme, *i, words).into()),
                    ],
                );
                Some(Placed::saying(at, message))
            }
            _ => None,
        }
    }

    fn groups(
        form: &Posted,
        programme: &Programme,
        errors: &FieldErrors,
        words: &Localizer,
    ) -> Vec<Group> {
        let languages = languages_source_first(programme);
        let source = &programme.event.source_language;
        row_groups(
            LIST,
            form,
            Row::default(),
            words,
            errors,
            &WORDS,
            |i, row| {
                let at = |field: &str, label: String| {
                    let name = rows::name(LIST, i, field);
                    Field::new(&name, label, row.get(field), FieldKind::Text, errors)
                };
                let mut fields = vec![
                    at("name", words.message("org-person-name")),
                    at("id", words.message("org-person-id")),
                ];
                let source_has = !row.get(&format!("title_{source}")).is_empty();
                for lang in &languages {
                    let key = format!("title_{lang}");
                    let label = words.message_with(
                        "org-person-title",
                        &[("language", words.language_name(lang).into())],
                    );
                    let mut field = at(&key, label);
                    field.missing = *lang != source && source_has && row.get(&key).is_empty();
                    fields.push(field);
                }
                fields.push(at("city", words.message("org-person-city")));
                fields.push(at("country", words.message("org-person-country")));
                fields.push(at("link", words.message("org-person-link")));
                fields
            },
        )
    }
}
