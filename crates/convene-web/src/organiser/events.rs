//! The organiser's events: the dashboard, an event's draft with its sessions and versions,
//! publishing, the programme file download and the audit log.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::{Applied, CheckOptions, Checked, Programme, Schedule};
use convene_store::Publication;
use jiff::Timestamp;
use serde::Deserialize;

use super::auth::{Organiser, Refusal, check_edit};
use crate::AppState;
use crate::page::{Chrome, Visit};

/// What every organiser page shows at the top.
pub struct Frame<'a> {
    pub chrome: Chrome<'a>,
    pub signed_in: String,
    pub csrf: String,
    pub messages: Vec<String>,
}

pub fn frame<'a>(
    state: &'a AppState,
    visit: &Visit,
    organiser: &Organiser,
    title: String,
) -> Frame<'a> {
    let negotiated = visit.language(&state.site, "fr");
    let chrome = Chrome::new(&state.site, visit, &negotiated, title);
    let signed_in = chrome.t.message_with(
        "org-signed-in-as",
        &[
            ("email", organiser.user.email.clone().into()),
            ("role", organiser.user.role.as_str().into()),
        ],
    );
    let mut messages = Vec::new();
    match visit.param("done") {
        Some("saved") => messages.push(chrome.text("org-saved")),
        Some("unchanged") => messages.push(chrome.text("org-nothing-to-publish")),
        Some("published") => messages.push(chrome.t.message_with(
            "org-published-done",
            &[(
                "version",
                visit.param("version").unwrap_or("?").to_owned().into(),
            )],
        )),
        _ => {}
    }
    Frame {
        chrome,
        signed_in,
        csrf: organiser.csrf.clone(),
        messages,
    }
}

pub fn unavailable(err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "the store failed");
    (StatusCode::SERVICE_UNAVAILABLE, "The programme store cannot be reached just now; nothing was changed. Try again in a moment.").into_response()
}

/// Why a changed draft was not saved.
pub enum NotSaved {
    /// Someone saved the draft since the form was made; nothing was written.
    Stale,
    /// The store failed; the response says so.
    Store(Response),
}

/// Saves the draft that checked edits made, if its revision is still `revision`, the one the form
/// was made from, with the audit entry of who did what: both, or neither.
pub async fn save_changed_draft(
    state: &AppState,
    organiser: &Organiser,
    applied: &Applied,
    revision: i64,
) -> Result<(), NotSaved> {
    let now = Timestamp::now();
    let checked = &applied.programme;
    let event = checked.programme().event.id.as_str();
    let by = Some(organiser.user.id.as_str());
    let saved = async {
        let mut unit = state
            .store
            .begin(format!("saving the draft of event \"{event}\""))
            .await?;
        unit.save_draft(checked, Some(revision), now, by).await?;
        unit.record_audit(now, by, applied.action, Some(event), &applied.detail)
            .await?;
        unit.commit().await
    };
    match saved.await {
        Ok(()) => Ok(()),
        Err(convene_store::StoreError::StaleDraft { .. }) => Err(NotSaved::Stale),
        Err(err) => Err(NotSaved::Store(unavailable(err))),
    }
}

/// A form that changes the draft, accepted: the draft as it is now, its revision, and the revision the
/// form was made from.
pub struct Edit {
    pub draft: Programme,
    pub current_revision: i64,
    pub form_revision: i64,
}

/// Checks a form that changes the draft (token, origin, role) and reads the draft it applies to.
pub async fn begin_edit(
    state: &AppState,
    visit: &Visit,
    organiser: &Organiser,
    headers: &HeaderMap,
    values: &std::collections::HashMap<String, String>,
    event: &str,
) -> Result<Edit, Response> {
    let token = values.get("csrf").map(String::as_str).unwrap_or("");
    check_edit(organiser, headers, token).map_err(IntoResponse::into_response)?;
    let (draft, current_revision, _) = match draft_programme(state, event).await? {
        Some(draft) => draft,
        None => return Err(crate::public::not_found_response(state, visit)),
    };
    let form_revision = values
        .get("revision")
        .and_then(|r| r.parse().ok())
        .unwrap_or(-1);
    Ok(Edit {
        draft,
        current_revision,
        form_revision,
    })
}

/// The event's draft, read back into a programme, with its revision; `None` for an event without
/// one. Only checked programmes are stored, so a draft that does not load is a fault of the
/// store (or of an upgrade), said as such rather than hidden as a missing event.
pub async fn draft_programme(
    state: &AppState,
    event: &str,
) -> Result<Option<(Programme, i64, String)>, Response> {
    let Some(draft) = state.store.draft(event).await.map_err(unavailable)? else {
        return Ok(None);
    };
    match Checked::load(&draft.source, &CheckOptions::default()) {
        Ok(checked) => Ok(Some((
            checked.into_programme(),
            draft.revision,
            draft.source,
        ))),
        Err(rejected) => {
            tracing::error!(event, problems = %rejected, "the stored draft no longer passes the checks");
            Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                "The stored draft of this event no longer passes the checks; export it with `convene export --event ID --format toml`, fix it and import it again.",
            )
                .into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "organiser/dashboard.html")]
struct Dashboard<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    events: Vec<(String, String, String)>,
    is_admin: bool,
}

/// `GET /organiser`
pub async fn dashboard(
    State(state): State<AppState>,
    visit: Visit,
    organiser: Organiser,
) -> Response {
    let events = match state.store.events().await {
        Ok(events) => events,
        Err(err) => return unavailable(err),
    };
    let f = frame(&state, &visit, &organiser, "convene".into());
    let events = events
        .into_iter()
        .map(|e| {
            let status = f
                .chrome
                .t
                .message_with("org-published", &[("version", e.current_version.into())]);
            (e.id.to_string(), e.name, status)
        })
        .collect();
    let page = Dashboard {
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
        events,
        is_admin: organiser.is_admin(),
    };
    Html(page.render().unwrap_or_default()).into_response()
}

pub struct SessionLine {
    id: String,
    date: String,
    time: String,
    title: String,
}

#[derive(Template)]
#[template(path = "organiser/event.html")]
struct DraftPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    id: String,
    name: String,
    draft_label: String,
    published_label: String,
    host_label: String,
    sessions: Vec<SessionLine>,
    versions: Vec<String>,
    can_edit: bool,
}

/// `GET /organiser/events/{event}`: the draft, its sessions and the published versions.
pub async fn draft(
    State(state): State<AppState>,
    Path(event): Path<String>,
    visit: Visit,
    organiser: Organiser,
) -> Response {
    let (programme, revision, _) = match draft_programme(&state, &event).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return crate::public::not_found_response(&state, &visit),
        Err(response) => return response,
    };
    let versions = match state.store.versions(&event).await {
        Ok(versions) => versions,
        Err(err) => return unavailable(err),
    };
    let f = frame(&state, &visit, &organiser, programme.event.id.to_string());
    let lang = f.chrome.t.lang().clone();
    let source = &programme.event.source_language;
    let tbc = f.chrome.t.message("time-to-be-confirmed");
    let sessions = programme
        .sessions
        .iter()
        .map(|s| {
            let (date, time) = match s.schedule {
                Schedule::Timed { start, end } => (
                    start.date().to_string(),
                    format!("{}–{}", start.strftime("%H:%M"), end.strftime("%H:%M")),
                ),
                Schedule::TimeToBeConfirmed { date } => (date.to_string(), tbc.clone()),
                Schedule::DateToBeConfirmed => (String::new(), tbc.clone()),
            };
            let title = s
                .title
                .get(&lang, source)
                .map(|t| t.text)
                .unwrap_or_default();
            SessionLine {
                id: s.id.to_string(),
                date,
                time,
                title,
            }
        })
        .collect();
    let published_label = match versions.first() {
        Some(v) => f
            .chrome
            .t
            .message_with("org-published", &[("version", v.number.into())]),
        None => f.chrome.text("org-not-published"),
    };
    let versions = versions
        .iter()
        .map(|v| {
            format!(
                "{} — {} — {}",
                v.number,
                v.stored_at.strftime("%Y-%m-%d %H:%M UTC"),
                v.note
            )
        })
        .collect();
    let page = DraftPage {
        draft_label: f
            .chrome
            .t
            .message_with("org-draft-revision", &[("revision", revision.into())]),
        name: programme
            .event
            .name
            .get(&lang, source)
            .map(|t| t.text)
            .unwrap_or_default(),
        host_label: programme.event.host_zone.name().to_owned(),
        id: event,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
        published_label,
        sessions,
        versions,
        can_edit: organiser.can_edit(),
    };
    Html(page.render().unwrap_or_default()).into_response()
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    note: String,
}

/// `POST /organiser/events/{event}/publish`: the draft becomes the next public version, at once.
pub async fn publish(
    State(state): State<AppState>,
    Path(event): Path<String>,
    visit: Visit,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<PublishForm>,
) -> Response {
    if let Err(refusal) = check_edit(&organiser, &headers, &form.csrf) {
        return refusal.into_response();
    }
    let note: String = form.note.trim().chars().take(200).collect();
    let now = Timestamp::now();
    let by = Some(organiser.user.id.as_str());
    let published = async {
        let mut unit = state
            .store
            .begin(format!("publishing the draft of event \"{event}\""))
            .await?;
        let publication = unit.publish(&event, &note, now, by).await?;
        if let Publication::Published(version) = publication {
            let detail = format!("version {version}: {note}");
            unit.record_audit(now, by, "publish", Some(&event), &detail)
                .await?;
        }
        unit.commit().await?;
        Ok::<_, convene_store::StoreError>(publication)
    };
    let version = match published.await {
        Ok(Publication::Published(version)) => version,
        Ok(Publication::Unchanged(_)) => {
            return Redirect::to(&format!("/organiser/events/{event}?done=unchanged"))
                .into_response();
        }
        Err(convene_store::StoreError::NoDraft { .. }) => {
            return crate::public::not_found_response(&state, &visit);
        }
        Err(err) => return unavailable(err),
    };
    if let Err(err) = crate::catalog::refresh(&state.store, &state.catalog).await {
        tracing::error!(error = %err, "published, but this node could not reload the programme yet");
    }
    Redirect::to(&format!(
        "/organiser/events/{event}?done=published&version={version}"
    ))
    .into_response()
}

/// `GET /organiser/events/{event}/programme.toml`: the draft as a programme file.
pub async fn download(
    State(state): State<AppState>,
    Path(event): Path<String>,
    visit: Visit,
    _organiser: Organiser,
) -> Response {
    match draft_programme(&state, &event).await {
        Ok(Some((programme, _, _))) => (
            [
                (CONTENT_TYPE, "application/toml; charset=utf-8".to_owned()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{event}.toml\""),
                ),
            ],
            convene_core::programme_file::write(&programme),
        )
            .into_response(),
        Ok(None) => crate::public::not_found_response(&state, &visit),
        Err(response) => response,
    }
}

#[derive(Template)]
#[template(path = "organiser/audit.html")]
struct AuditPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    entries: Vec<(String, String, String, String)>,
}

/// `GET /organiser/audit`: who changed what and when; admins only.
pub async fn audit(State(state): State<AppState>, visit: Visit, organiser: Organiser) -> Response {
    if !organiser.is_admin() {
        return Refusal::Forbidden.into_response();
    }
    let entries = match state.store.audit_log(500).await {
        Ok(entries) => entries,
        Err(err) => return unavailable(err),
    };
    let f = frame(&state, &visit, &organiser, "audit".into());
    let entries = entries
        .into_iter()
        .map(|e| {
            (
                e.at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
                e.user_email.unwrap_or_default(),
                format!("{} {}", e.action, e.event_id.unwrap_or_default()),
                e.detail,
            )
        })
        .collect();
    let page = AuditPage {
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
        entries,
    };
    Html(page.render().unwrap_or_default()).into_response()
}
