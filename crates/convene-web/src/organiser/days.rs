//! The event's days: one row each, with its date, its format and where it happens. The form for a
//! new event shows the same rows.

use convene_core::diagnostic::PathStep;
use convene_core::locale::Localizer;
use convene_core::session::Format;
use convene_core::{Diagnostic, Edit, EventDay, Keyword, Language, Programme, Slug, Venue};

use super::field::{Field, FieldErrors, FieldKind};
use super::part::{Group, Part, Placed, Read, RowWords, arg, row_groups, session_name};
use super::rows::{self, Posted, Row};

pub struct Days;

/// The list the rows post under.
pub const LIST: &str = "days";
/// The fields of a day that are lists.
pub const CHOICES: &[&str] = &["format", "venue"];

const WORDS: RowWords = RowWords {
    legend: "org-day",
    add: "org-day-add",
    remove: "org-day-remove",
};

/// A day as a row of the form.
pub fn row_of(day: &EventDay) -> Row {
    Row::default()
        .with("date", day.date.to_string())
        .with("format", day.format.keyword())
        .with(
            "venue",
            day.venue.as_ref().map(Slug::to_string).unwrap_or_default(),
        )
        .with(rows::WAS, day.date.to_string())
}

/// The empty row for adding a day: online, at no venue.
pub fn blank() -> Row {
    Row::default().with("format", Format::Online.keyword())
}

/// The day row `i` holds, or the messages at the fields that cannot be read.
pub fn read_day(
    i: usize,
    row: &Row,
    words: &Localizer,
    errors: &mut FieldErrors,
) -> Option<EventDay> {
    let at = |field: &str| rows::name(LIST, i, field);
    let date = match row.get("date") {
        "" => {
            errors.insert(at("date"), words.message("org-day-needs-date"));
            None
        }
        given => jiff::fmt::strtime::parse("%Y-%m-%d", given)
            .and_then(|t| t.to_date())
            .map_err(|_| {
                let message =
                    words.message_with("org-bad-date", &[("given", given.to_owned().into())]);
                errors.insert(at("date"), message);
            })
            .ok(),
    };
    let format = Format::from_keyword(row.get("format"));
    if format.is_none() {
        let keywords: Vec<&str> = Format::ALL.iter().map(|f| f.keyword()).collect();
        let choices = crate::i18n::one_of(words, &keywords);
        errors.insert(
            at("format"),
            words.message_with("org-choose", &[("choices", choices.into())]),
        );
    }
    let venue = match row.get("venue") {
        "" => Some(None),
        given => Slug::parse(given)
            .map(Some)
            .map_err(|_| {
                let message =
                    words.message_with("org-bad-id", &[("given", given.to_owned().into())]);
                errors.insert(at("venue"), message);
            })
            .ok(),
    };
    Some(EventDay {
        date: date?,
        format: format?,
        venue: venue?,
    })
}

/// Every day the rows hold, except removed ones, with the row each comes from.
pub fn read_days(
    form: &Posted,
    words: &Localizer,
) -> Result<(Vec<EventDay>, Vec<usize>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut days = Vec::new();
    let mut from = Vec::new();
    for (i, row) in form.rows.iter().enumerate() {
        if row.removed() {
            continue;
        }
        if let Some(day) = read_day(i, row, words, &mut errors) {
            days.push(day);
            from.push(i);
        }
    }
    if errors.is_empty() {
        Ok((days, from))
    } else {
        Err(errors)
    }
}

/// The fields of day row `i`: its date, its format, and its venue among `venues` (none when there
/// are no venues yet).
pub fn day_fields(
    i: usize,
    row: &Row,
    venues: &[Venue],
    source: &Language,
    errors: &FieldErrors,
    words: &Localizer,
) -> Vec<Field> {
    let at = |field: &str, label: &str, kind: FieldKind| {
        let name = rows::name(LIST, i, field);
        Field::new(&name, words.message(label), row.get(field), kind, errors)
    };
    let mut fields = vec![
        at("date", "org-day-date", FieldKind::Date),
        at(
            "format",
            "org-format",
            FieldKind::keywords::<Format>("format", words),
        ),
    ];
    if !venues.is_empty() {
        let mut choices = vec![(String::new(), words.message("org-day-no-venue"))];
        choices.extend(venues.iter().map(|v| {
            let name = v
                .name
                .get(words.lang(), source)
                .map(|t| t.text)
                .unwrap_or_else(|| v.id.to_string());
            (v.id.to_string(), name)
        }));
        fields.push(at("venue", "org-venue", FieldKind::Choice(choices)));
    }
    fields
}

/// The groups of the days of `form`, then the empty one for adding a day.
pub fn day_groups(
    form: &Posted,
    venues: &[Venue],
    source: &Language,
    errors: &FieldErrors,
    words: &Localizer,
) -> Vec<Group> {
    row_groups(LIST, form, blank(), words, errors, &WORDS, |i, row| {
        day_fields(i, row, venues, source, errors, words)
    })
}

/// The field of day row `rows[j]` a problem at `event.days[j].…` belongs to.
pub fn place_day(steps: &[PathStep], rows: &[usize]) -> Option<Placed> {
    let [PathStep::Key(days), PathStep::Index(j), rest @ ..] = steps else {
        return None;
    };
    if days != "days" {
        return None;
    }
    let row = *rows.get(*j)?;
    let field = match rest {
        [PathStep::Key(field), ..] if CHOICES.contains(&field.as_str()) => field.as_str(),
        _ => "date",
    };
    Some(Placed::at(rows::name(LIST, row, field)))
}

impl Part for Days {
    const PAGE: &'static str = "days";
    const HEADING: &'static str = "org-days";
    const HELP: &'static str = "org-days-help";
    const LIST: &'static str = LIST;
    const CHOICES: &'static [&'static str] = CHOICES;

    fn form_of(programme: &Programme) -> Posted {
        Posted {
            rows: programme.event.days.iter().map(row_of).collect(),
            ..Posted::default()
        }
    }

    fn read(form: &Posted, _: &Programme, words: &Localizer) -> Result<Read, FieldErrors> {
        let (days, rows) = read_days(form, words)?;
        Ok(Read {
            edit: Edit::SetDays(days),
            rows,
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
        match steps {
            [PathStep::Key(event), rest @ ..] if event == "event" => place_day(rest, &read.rows),
            // A session on a day that is no longer one: at the row of that day.
            [PathStep::Key(sessions), PathStep::Index(i), ..]
                if sessions == "sessions" && problem.code == "not-an-event-day" =>
            {
                let date = arg(problem, "date")?;
                let at = form.field_of_row_that_was(LIST, date, "date")?;
                let message = words.message_with(
                    "org-day-still-used",
                    &[
                        ("date", date.to_owned().into()),
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
        day_groups(
            form,
            &programme.venues,
            &programme.event.source_language,
            errors,
            words,
        )
    }
}
