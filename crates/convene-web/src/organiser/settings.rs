//! The event's settings: its names per language, its status and its host zone (which must be one
//! of the display zones, edited on their own page).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::locale::Localizer;
use convene_core::{CheckOptions, Edit, Keyword, Programme, Status, Text, Zone, apply};

use super::auth::Organiser;
use super::events::{DraftForm, begin_edit, draft_programme, frame, save_changed_draft};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::{one_of, unknown_zone};
use crate::page::Chrome;
use crate::request::Reader;

#[derive(Template)]
#[template(path = "organiser/settings.html")]
struct SettingsPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event_id: String,
    revision: i64,
    names: Vec<(String, String, String)>,
    status: String,
    statuses: Vec<&'static str>,
    host_zone: String,
    zone_names: Vec<String>,
    errors: Vec<String>,
}

type Values = HashMap<String, String>;

fn values_of(programme: &Programme) -> Values {
    let mut values = Values::new();
    for lang in &programme.event.languages {
        if let Some(name) = programme.event.name.in_language(lang) {
            values.insert(format!("name_{lang}"), name.to_owned());
        }
    }
    values.insert("status".into(), programme.event.status.keyword().into());
    values.insert("host_zone".into(), programme.event.host_zone.name().into());
    values
}

/// The form as it will be shown: its values, the draft revision it is based on, and any errors.
struct Shown<'v> {
    values: &'v Values,
    revision: i64,
    errors: Vec<String>,
    status: StatusCode,
}

fn render(
    reader: &Reader,
    organiser: &Organiser,
    programme: &Programme,
    shown: Shown<'_>,
) -> Response {
    let Shown {
        values,
        revision,
        errors,
        status,
    } = shown;
    let f = frame(reader, organiser, programme.event.id.to_string());
    let names = programme
        .event
        .languages
        .iter()
        .map(|lang| {
            let key = format!("name_{lang}");
            let label = f.chrome.t.language_name(lang);
            (
                key.clone(),
                label,
                values.get(&key).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let page = SettingsPage {
        event_id: programme.event.id.to_string(),
        revision,
        names,
        status: values.get("status").cloned().unwrap_or_default(),
        statuses: Status::ALL.iter().map(|s| s.keyword()).collect(),
        host_zone: values.get("host_zone").cloned().unwrap_or_default(),
        zone_names: super::part::zone_names(),
        errors,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    (status, Html(page.render().unwrap_or_default())).into_response()
}

/// `GET /organiser/events/{event}/settings`
pub async fn edit(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let draft = draft_programme(&state, &event).await?;
    Ok(render(
        &reader,
        &organiser,
        &draft.programme,
        Shown {
            values: &values_of(&draft.programme),
            revision: draft.revision,
            errors: Vec::new(),
            status: StatusCode::OK,
        },
    ))
}

/// Reads the form into the edits it asks for, or says what cannot be read.
fn edits(
    programme: &Programme,
    values: &Values,
    words: &Localizer,
) -> Result<Vec<Edit>, Vec<String>> {
    let mut errors = Vec::new();
    let get = |key: &str| values.get(key).map(|v| v.trim()).unwrap_or("");
    let mut name = Text::new();
    for lang in &programme.event.languages {
        let text = get(&format!("name_{lang}"));
        if !text.is_empty() {
            name.insert(lang.clone(), text);
        }
    }
    let status = Status::from_keyword(get("status"));
    if status.is_none() {
        let keywords: Vec<&str> = Status::ALL.iter().map(|s| s.keyword()).collect();
        errors.push(words.message_with(
            "org-bad-status",
            &[
                ("given", get("status").to_owned().into()),
                ("choices", one_of(words, &keywords).into()),
            ],
        ));
    }
    let host_zone = Zone::parse(get("host_zone"))
        .map_err(|err| {
            errors.push(words.message_with(
                "org-bad-host-zone",
                &[("problem", unknown_zone(words, &err).into())],
            ))
        })
        .ok();
    match (status, host_zone) {
        (Some(status), Some(host_zone)) if errors.is_empty() => Ok(vec![
            Edit::SetNames {
                name,
                short_name: programme.event.short_name.clone(),
            },
            Edit::SetStatus(status),
            Edit::SetHostZone(host_zone),
        ]),
        _ => Err(errors),
    }
}

/// `POST /organiser/events/{event}/settings`
pub async fn save(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(values): Form<Values>,
) -> Result<Response, AppError> {
    let form = DraftForm {
        csrf: values.get("csrf").cloned().unwrap_or_default(),
        revision: values.get("revision").cloned().unwrap_or_default(),
    };
    let edit = begin_edit(
        &state,
        &organiser,
        &headers,
        &form.csrf,
        form.revision(),
        &event,
    )
    .await?;
    let current = edit.draft;
    let revision = edit.form_revision;
    let words = reader.words();
    // A stale page: what was typed comes back on the newer revision, to be saved again on purpose,
    // before any check is run against someone else's draft.
    let conflict = |current: &Programme| {
        render(
            &reader,
            &organiser,
            current,
            Shown {
                values: &values,
                revision: edit.current_revision,
                errors: vec![words.message("org-conflict-kept")],
                status: StatusCode::CONFLICT,
            },
        )
    };
    if revision != edit.current_revision {
        return Ok(conflict(&current));
    }
    let applied = edits(&current, &values, words).and_then(|edits| {
        apply(&current, edits, &CheckOptions::default())
            .map_err(|rejected| rejected.errors().map(|d| d.localized(words)).collect())
    });
    let applied = match applied {
        Ok(applied) => applied,
        Err(errors) => {
            return Ok(render(
                &reader,
                &organiser,
                &current,
                Shown {
                    values: &values,
                    revision,
                    errors,
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                },
            ));
        }
    };
    match save_changed_draft(&state, &organiser, &applied, &current, revision).await {
        Ok(_) => Ok(Redirect::to(&format!("/organiser/events/{event}?done=saved")).into_response()),
        Err(AppError::Conflict(_)) => Ok(conflict(&current)),
        Err(err) => Err(err),
    }
}
