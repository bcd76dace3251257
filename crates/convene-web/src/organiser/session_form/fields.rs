//! The fields the session form shows: the session's own, its texts side by side per language, and
//! one group per person taking part plus an empty one to add a person.

use convene_core::Keyword;
use convene_core::Programme;
use convene_core::locale::Localizer;
use convene_core::session::{Format, Role, SessionKind};

use super::values::{PersonRow, SessionForm};
use crate::organiser::field::{Field, FieldErrors, FieldKind};

/// The fields of one person taking part.
pub struct PersonFields {
    pub legend: String,
    pub fields: Vec<Field>,
}

/// Every field of the form, as shown.
pub struct FormFields {
    /// What the session is and where: id, kind, format, venue.
    pub fields: Vec<Field>,
    /// When: date, start, end, "ends the next day", "time to be confirmed".
    pub time_fields: Vec<Field>,
    /// The texts, one row per text and one column per language, source first.
    pub translations: Vec<Field>,
    /// One group per person, then an empty one for adding a person.
    pub people: Vec<PersonFields>,
}

fn field(name: &str, label: String, value: String, kind: FieldKind, errors: &FieldErrors) -> Field {
    Field::new(name, label, value, kind, errors)
}

fn choices<K: Keyword>(prefix: &str, words: &Localizer) -> FieldKind {
    FieldKind::keywords::<K>(prefix, words)
}

/// The fields of `form` for a session of `programme`; `new` for a session still to be given its id.
pub fn fields(
    programme: &Programme,
    form: &SessionForm,
    errors: &FieldErrors,
    words: &Localizer,
    new: bool,
) -> FormFields {
    let at = |name: &str, label: &str, value: &str, kind: FieldKind| {
        field(name, words.message(label), value.to_owned(), kind, errors)
    };
    let mut id = at("id", "org-id", &form.id, FieldKind::Text);
    id.readonly = !new;
    let source = &programme.event.source_language;
    let venues = programme
        .venues
        .iter()
        .map(|v| {
            (
                v.id.to_string(),
                v.name
                    .get(words.lang(), source)
                    .map(|t| t.text)
                    .unwrap_or_else(|| v.id.to_string()),
            )
        })
        .collect();
    // An end on a later day than the next (a session of more than a day) keeps its date, in a
    // text field: a time field cannot hold it.
    let end_kind = if form.end.contains('T') {
        FieldKind::Text
    } else {
        FieldKind::Time
    };
    let time_fields = vec![
        at("date", "org-session-date", &form.date, FieldKind::Date),
        at("start", "org-start", &form.start, FieldKind::Time),
        at("end", "org-end", &form.end, end_kind),
        at(
            "end_next_day",
            "org-end-next-day",
            if form.end_next_day { "yes" } else { "" },
            FieldKind::Check,
        ),
        at(
            "tbc",
            "org-time-tbc",
            if form.tbc { "yes" } else { "" },
            FieldKind::Check,
        ),
    ];
    let fields = vec![
        id,
        at(
            "kind",
            "org-kind",
            &form.kind,
            choices::<SessionKind>("kind", words),
        ),
        at(
            "format",
            "org-format",
            &form.format,
            choices::<Format>("format", words),
        ),
        at("venue", "org-venue", &form.venue, FieldKind::Choice(venues)),
    ];
    let mut translations = Vec::new();
    let source_texts = form.texts_in(source.as_str());
    for (prefix, label, area) in [
        ("title", "org-title", false),
        ("description", "org-description", true),
        ("questions", "org-questions", true),
    ] {
        let text_of = |texts: &super::values::Texts| match prefix {
            "title" => texts.title.clone(),
            "description" => texts.description.clone(),
            _ => texts.questions.clone(),
        };
        let source_has = !text_of(&source_texts).trim().is_empty();
        for lang in &programme.event.languages {
            let value = text_of(&form.texts_in(lang.as_str()));
            let label =
                words.message_with(label, &[("language", words.language_name(lang).into())]);
            let kind = if area {
                FieldKind::Area
            } else {
                FieldKind::Text
            };
            let mut f = field(&format!("{prefix}_{lang}"), label, value, kind, errors);
            f.missing = lang != source && source_has && f.value.trim().is_empty();
            translations.push(f);
        }
    }
    let blank = PersonRow {
        role: Role::Speaker.keyword().to_owned(),
        ..PersonRow::default()
    };
    let mut people: Vec<PersonFields> = form
        .people
        .iter()
        .enumerate()
        .map(|(i, row)| person_fields(programme, i, row, errors, words, false))
        .collect();
    people.push(person_fields(
        programme,
        people.len(),
        &blank,
        errors,
        words,
        true,
    ));
    FormFields {
        fields,
        time_fields,
        translations,
        people,
    }
}

/// The fields of row `i`: who (one of the event's people), their role, and a box to remove them
/// (not on the empty row for adding someone).
fn person_fields(
    programme: &Programme,
    i: usize,
    row: &PersonRow,
    errors: &FieldErrors,
    words: &Localizer,
    adding: bool,
) -> PersonFields {
    let at = |part: &str, label: String, value: &str, kind: FieldKind| {
        field(
            &format!("people[{i}].{part}"),
            label,
            value.to_owned(),
            kind,
            errors,
        )
    };
    let lang = words.lang();
    let source = &programme.event.source_language;
    let mut people: Vec<(String, String)> = programme
        .people
        .iter()
        .map(|p| {
            let office = p.title.get(lang, source).map(|t| t.text);
            let label = match office {
                Some(office) => format!("{} — {office}", p.name),
                None => p.name.clone(),
            };
            (p.id.to_string(), label)
        })
        .collect();
    if adding {
        people.insert(0, (String::new(), words.message("org-person-pick")));
    }
    let mut fields = vec![
        at(
            "person",
            words.message("org-person-name"),
            &row.person,
            FieldKind::Choice(people),
        ),
        at(
            "role",
            words.message("org-person-role"),
            &row.role,
            choices::<Role>("role", words),
        ),
    ];
    if !adding {
        fields.push(at(
            "remove",
            words.message("org-person-remove"),
            if row.remove { "yes" } else { "" },
            FieldKind::Check,
        ));
    }
    let legend = if adding {
        words.message("org-person-add")
    } else {
        words.message_with("org-person", &[("number", (i + 1).into())])
    };
    PersonFields { legend, fields }
}
