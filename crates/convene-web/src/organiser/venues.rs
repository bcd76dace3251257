//! The event's venues: one row each, with its id, whether it is online or a place, its name per
//! language, its city and its address. A venue that a session or a day still uses cannot go.

use convene_core::diagnostic::PathStep;
use convene_core::locale::Localizer;
use convene_core::{Diagnostic, Edit, Keyword, Programme, Slug, Text, Venue, VenueKind};

use super::field::{Field, FieldErrors, FieldKind};
use super::part::{
    Group, Part, Placed, Read, RowWords, arg, languages_source_first, row_groups, session_name,
};
use super::rows::{self, Posted, Row};

pub struct Venues;

const LIST: &str = "venues";

const WORDS: RowWords = RowWords {
    legend: "org-venue-row",
    add: "org-venue-add",
    remove: "org-venue-remove",
};

fn row_of(venue: &Venue) -> Row {
    let row = Row::default()
        .with("id", venue.id.to_string())
        .with("kind", venue.kind.keyword())
        .with("city", venue.city.clone().unwrap_or_default())
        .with("address", venue.address.clone().unwrap_or_default())
        .with(rows::WAS, venue.id.to_string());
    venue.name.iter().fold(row, |row, (lang, name)| {
        row.with(format!("name_{lang}"), name)
    })
}

/// Some text, or none.
fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The venue row `i` holds, or the messages at the fields that cannot be read.
fn read_venue(
    i: usize,
    row: &Row,
    programme: &Programme,
    words: &Localizer,
    errors: &mut FieldErrors,
) -> Option<Venue> {
    let at = |field: &str| rows::name(LIST, i, field);
    let id = match row.get("id") {
        "" => {
            errors.insert(at("id"), words.message("org-venue-needs-id"));
            None
        }
        given => Slug::parse(given)
            .map_err(|_| {
                let message =
                    words.message_with("org-bad-id", &[("given", given.to_owned().into())]);
                errors.insert(at("id"), message);
            })
            .ok(),
    };
    let kind = VenueKind::from_keyword(row.get("kind"));
    if kind.is_none() {
        let keywords: Vec<&str> = VenueKind::ALL.iter().map(|k| k.keyword()).collect();
        let choices = crate::i18n::one_of(words, &keywords);
        errors.insert(
            at("kind"),
            words.message_with("org-choose", &[("choices", choices.into())]),
        );
    }
    let mut name = Text::new();
    for lang in &programme.event.languages {
        let given = row.get(&format!("name_{lang}"));
        if !given.is_empty() {
            name.insert(lang.clone(), given);
        }
    }
    Some(Venue {
        id: id?,
        kind: kind?,
        name,
        city: optional(row.get("city")),
        address: optional(row.get("address")),
    })
}

impl Part for Venues {
    const PAGE: &'static str = "venues";
    const HEADING: &'static str = "org-venues";
    const HELP: &'static str = "org-venues-help";
    const LIST: &'static str = LIST;
    const CHOICES: &'static [&'static str] = &["kind"];

    fn form_of(programme: &Programme) -> Posted {
        Posted {
            rows: programme.venues.iter().map(row_of).collect(),
            ..Posted::default()
        }
    }

    fn read(form: &Posted, programme: &Programme, words: &Localizer) -> Result<Read, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut venues = Vec::new();
        let mut from = Vec::new();
        for (i, row) in form.rows.iter().enumerate() {
            if row.removed() {
                continue;
            }
            if let Some(venue) = read_venue(i, row, programme, words, &mut errors) {
                venues.push(venue);
                from.push(i);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Read {
            edit: Edit::SetVenues(venues),
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
            [PathStep::Key(venues), PathStep::Index(j), rest @ ..] if venues == "venues" => {
                let row = *read.rows.get(*j)?;
                let field = match rest {
                    [PathStep::Key(name), PathStep::Key(lang), ..] if name == "name" => {
                        format!("name_{lang}")
                    }
                    [PathStep::Key(name)] if name == "name" => format!("name_{source}"),
                    [PathStep::Key(field), ..] => field.clone(),
                    [] | [PathStep::Index(_), ..] => "id".to_owned(),
                };
                Some(Placed::at(rows::name(LIST, row, &field)))
            }
            // A venue still used: at the row that was it.
            [PathStep::Key(sessions), PathStep::Index(i), ..] if sessions == "sessions" => {
                let venue = arg(problem, "venue")?;
                let message = words.message_with(
                    "org-venue-still-used",
                    &[
                        ("venue", venue.to_owned().into()),
                        ("session", session_name(programme, *i, words).into()),
                    ],
                );
                Some(Placed::saying(
                    form.field_of_row_that_was(LIST, venue, "id")?,
                    message,
                ))
            }
            [
                PathStep::Key(event),
                PathStep::Key(days),
                PathStep::Index(k),
                ..,
            ] if event == "event" && days == "days" => {
                let venue = arg(problem, "venue")?;
                let date = programme.event.days.get(*k)?.date.to_string();
                let message = words.message_with(
                    "org-venue-still-used-by-day",
                    &[("venue", venue.to_owned().into()), ("date", date.into())],
                );
                Some(Placed::saying(
                    form.field_of_row_that_was(LIST, venue, "id")?,
                    message,
                ))
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
        let blank = Row::default().with("kind", VenueKind::Place.keyword());
        row_groups(LIST, form, blank, words, errors, &WORDS, |i, row| {
            let at = |field: &str, label: String, kind: FieldKind| {
                let name = rows::name(LIST, i, field);
                Field::new(&name, label, row.get(field), kind, errors)
            };
            let mut fields = vec![
                at("id", words.message("org-id"), FieldKind::Text),
                at(
                    "kind",
                    words.message("org-venue-kind"),
                    FieldKind::keywords::<VenueKind>("org-venue-kind", words),
                ),
            ];
            let source = &programme.event.source_language;
            let source_has = !row.get(&format!("name_{source}")).is_empty();
            for lang in &languages {
                let key = format!("name_{lang}");
                let label = words.message_with(
                    "org-venue-name",
                    &[("language", words.language_name(lang).into())],
                );
                let mut field = at(&key, label, FieldKind::Text);
                field.missing = *lang != source && source_has && row.get(&key).is_empty();
                fields.push(field);
            }
            fields.push(at("city", words.message("org-venue-city"), FieldKind::Text));
            fields.push(at(
                "address",
                words.message("org-venue-address"),
                FieldKind::Text,
            ));
            fields
        })
    }
}
