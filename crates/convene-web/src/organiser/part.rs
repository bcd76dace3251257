//! The pages that edit one part of an event's draft: its introduction, days, venues, display zones
//! and people. Each shows the draft as it is; a save goes through the core's checked edit commands
//! on the draft revision the page was made from (refused with 409, nothing written, when someone
//! saved since: the form comes back as typed, on the revision there is now, to be saved again
//! deliberately), and a refused form comes back with everything typed and each problem at its
//! field (422). A [`Part`] says how its form reads and where the checks' problems belong on it;
//! the routes are the same for every part.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::locale::Localizer;
use convene_core::{CheckOptions, Diagnostic, Edit, Programme, apply};

use super::auth::Organiser;
use super::events::{Saved, begin_edit, draft_programme, frame, save_changed_draft};
use super::field::{Field, FieldErrors, FieldKind};
use super::limits;
use super::rows::{self, Posted, Row};
use crate::AppState;
use crate::error::AppError;
use crate::page::Chrome;
use crate::request::Reader;

/// Fields the page shows together: one row of a list, or the page's own fields.
pub struct Group {
    /// Empty for a group that needs no title.
    pub legend: String,
    /// Classes that lay the group out (`translations langs-3`).
    pub class: String,
    /// Values the group posts back unseen (what a row was).
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<Field>,
}

/// A form read: the edit it asks for, and for each item the edit sets (each venue, day…), the
/// form row it comes from.
pub struct Read {
    pub edit: Edit,
    pub rows: Vec<usize>,
}

/// Where a problem found by the checks belongs on the form.
pub struct Placed {
    pub field: String,
    /// What to say there, when the problem's own words would not do.
    pub message: Option<String>,
}

impl Placed {
    /// At `field`, in the problem's own words.
    pub fn at(field: String) -> Self {
        Self {
            field,
            message: None,
        }
    }

    /// At `field`, with `message`.
    pub fn saying(field: String, message: String) -> Self {
        Self {
            field,
            message: Some(message),
        }
    }
}

/// The Fluent ids of the words of a list's rows: the legend of one (with `$number`), the legend
/// of the empty one for adding a row, and the box that removes one.
pub struct RowWords {
    pub legend: &'static str,
    pub add: &'static str,
    pub remove: &'static str,
}

/// One part of the event's draft, edited on a page of its own.
pub trait Part {
    /// The word of its address after the event's (`days`).
    const PAGE: &'static str;
    /// The Fluent ids of its heading and of the help under it.
    const HEADING: &'static str;
    const HELP: &'static str;
    /// The list its rows post under (`days`); empty for a form without rows.
    const LIST: &'static str = "";
    /// The fields of a row that always post a value (lists).
    const CHOICES: &'static [&'static str] = &[];
    /// Whether its fields take time zone names, suggested from the list of every name.
    const ZONE_NAMES: bool = false;

    /// The form of the draft as it is.
    fn form_of(programme: &Programme) -> Posted;

    /// The edit the form asks for, or a message at each field that cannot be read.
    fn read(form: &Posted, programme: &Programme, words: &Localizer) -> Result<Read, FieldErrors>;

    /// Where a problem the checks found in the edited programme belongs on the form; `None` for
    /// one that no field holds.
    fn place(
        problem: &Diagnostic,
        read: &Read,
        form: &Posted,
        programme: &Programme,
        words: &Localizer,
    ) -> Option<Placed>;

    /// The groups of fields the page shows for `form`.
    fn groups(
        form: &Posted,
        programme: &Programme,
        errors: &FieldErrors,
        words: &Localizer,
    ) -> Vec<Group>;
}

/// The groups of a list's rows: one per row, with what it was and a box to remove it, then an
/// empty one, `blank`, to add a row. `fields` gives the fields of a row at its index.
pub fn row_groups(
    list: &str,
    form: &Posted,
    blank: Row,
    words: &Localizer,
    errors: &FieldErrors,
    row_words: &RowWords,
    fields: impl Fn(usize, &Row) -> Vec<Field>,
) -> Vec<Group> {
    let mut groups: Vec<Group> = form
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut shown = fields(i, row);
            let remove = rows::name(list, i, rows::REMOVE);
            let ticked = if row.removed() { "yes" } else { "" };
            shown.push(Field::new(
                &remove,
                words.message(row_words.remove),
                ticked,
                FieldKind::Check,
                errors,
            ));
            Group {
                legend: words.message_with(row_words.legend, &[("number", (i + 1).into())]),
                class: "row".into(),
                hidden: vec![(rows::name(list, i, rows::WAS), row.was().to_owned())],
                fields: shown,
            }
        })
        .collect();
    let adding = form.rows.len();
    groups.push(Group {
        legend: words.message(row_words.add),
        class: "row adding".into(),
        hidden: Vec::new(),
        fields: fields(adding, &blank),
    });
    groups
}

/// The draft's languages, its source language first.
pub fn languages_source_first(programme: &Programme) -> Vec<&convene_core::Language> {
    let source = &programme.event.source_language;
    std::iter::once(source)
        .chain(programme.event.languages.iter().filter(|l| *l != source))
        .collect()
}

/// The session at `index` of `programme`, as a message names it: its title in the organiser's
/// language (else the source's), or its id.
pub fn session_name(programme: &Programme, index: usize, words: &Localizer) -> String {
    programme
        .sessions
        .get(index)
        .map(|s| {
            s.title
                .get(words.lang(), &programme.event.source_language)
                .map(|t| t.text)
                .unwrap_or_else(|| s.id.to_string())
        })
        .unwrap_or_default()
}

/// The value a problem quotes as `name`.
pub fn arg<'d>(problem: &'d Diagnostic, name: &str) -> Option<&'d str> {
    problem
        .args
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

#[derive(Template)]
#[template(path = "organiser/part.html")]
struct PartPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event_id: String,
    event_name: String,
    /// The word of the page's address after the event's (`days`).
    page: &'static str,
    heading: String,
    help: String,
    revision: i64,
    groups: Vec<Group>,
    errors: Vec<String>,
    conflict: bool,
    zone_names: Vec<String>,
}

/// The page as it is to be shown.
struct Shown<'f> {
    form: &'f Posted,
    revision: i64,
    errors: FieldErrors,
    /// Messages that no field holds.
    general: Vec<String>,
    conflict: bool,
    status: StatusCode,
}

fn render<P: Part>(
    reader: &Reader,
    organiser: &Organiser,
    programme: &Programme,
    shown: Shown<'_>,
) -> Response {
    let f = frame(reader, organiser, programme.event.id.to_string());
    let words = f.chrome.t;
    let mut errors = shown.general;
    errors.extend(shown.errors.values().cloned());
    let page = PartPage {
        event_id: programme.event.id.to_string(),
        event_name: programme
            .event
            .name
            .get(words.lang(), &programme.event.source_language)
            .map(|t| t.text)
            .unwrap_or_default(),
        page: P::PAGE,
        heading: words.message(P::HEADING),
        help: words.message(P::HELP),
        revision: shown.revision,
        groups: P::groups(shown.form, programme, &shown.errors, words),
        errors,
        conflict: shown.conflict,
        zone_names: if P::ZONE_NAMES {
            zone_names()
        } else {
            Vec::new()
        },
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    (shown.status, Html(page.render().unwrap_or_default())).into_response()
}

/// Every zone name an organiser may give, for the browser to suggest.
pub fn zone_names() -> Vec<String> {
    jiff::tz::db()
        .available()
        .map(|n| n.to_string())
        .filter(|n| (n.contains('/') && !n.starts_with("Etc/")) || n == "UTC")
        .collect()
}

/// `GET /organiser/events/{event}/{part}`
pub async fn show<P: Part>(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let draft = draft_programme(&state, &event).await?;
    let form = P::form_of(&draft.programme);
    let shown = Shown {
        form: &form,
        revision: draft.revision,
        errors: FieldErrors::new(),
        general: Vec::new(),
        conflict: false,
        status: StatusCode::OK,
    };
    Ok(render::<P>(&reader, &organiser, &draft.programme, shown))
}

/// `POST /organiser/events/{event}/{part}`: read, check, then save on the revision the page was
/// made from, or refuse.
pub async fn save<P: Part>(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Posted::read(pairs, P::LIST, P::CHOICES);
    let revision = form.field("revision").parse().ok();
    let edit = begin_edit(
        &state,
        &organiser,
        &headers,
        form.field("csrf"),
        revision,
        &event,
    )
    .await?;
    let current = edit.draft;
    let words = reader.words();
    // A form made from an earlier revision: shown again as typed, on the revision there is now, so
    // that the organiser saves it again deliberately; the checks are not run against a draft the
    // form was not made from.
    let conflict = || {
        let shown = Shown {
            form: &form,
            revision: edit.current_revision,
            errors: FieldErrors::new(),
            general: Vec::new(),
            conflict: true,
            status: StatusCode::CONFLICT,
        };
        render::<P>(&reader, &organiser, &current, shown)
    };
    let refused = |errors: FieldErrors, general: Vec<String>| {
        let shown = Shown {
            form: &form,
            revision: edit.form_revision,
            errors,
            general,
            conflict: false,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        };
        render::<P>(&reader, &organiser, &current, shown)
    };
    // Bounds first: nothing is made of a form that asks for too much.
    let (errors, general) = limits::beyond(&form, P::LIST, words);
    if !errors.is_empty() || !general.is_empty() {
        return Ok(refused(errors, general));
    }
    if edit.form_revision != edit.current_revision {
        return Ok(conflict());
    }
    let read = match P::read(&form, &current, words) {
        Ok(read) => read,
        Err(errors) => return Ok(refused(errors, Vec::new())),
    };
    let applied = match apply(&current, vec![read.edit.clone()], &CheckOptions::default()) {
        Ok(applied) => applied,
        Err(rejected) => {
            let mut errors = FieldErrors::new();
            let mut general = Vec::new();
            for problem in rejected.errors() {
                match P::place(problem, &read, &form, &current, words) {
                    Some(placed) => {
                        let message = placed.message.unwrap_or_else(|| problem.localized(words));
                        errors.entry(placed.field).or_insert(message);
                    }
                    None => general.push(problem.localized(words)),
                }
            }
            return Ok(refused(errors, general));
        }
    };
    match save_changed_draft(&state, &organiser, &applied, &current, edit.form_revision).await {
        Ok(saved) => {
            let done = match saved {
                Saved::Written => "saved",
                Saved::Unchanged => "nothing-changed",
            };
            let page = P::PAGE;
            Ok(
                Redirect::to(&format!("/organiser/events/{event}/{page}?done={done}"))
                    .into_response(),
            )
        }
        // Someone saved between reading the draft and saving it.
        Err(AppError::Conflict(_)) => Ok(conflict()),
        Err(err) => Err(err),
    }
}
