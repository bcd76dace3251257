//! The organiser's events: the dashboard, an event's draft with its sessions and versions,
//! publishing, the programme file download and the audit log.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::{Applied, CheckOptions, Checked, Programme, Schedule};
use convene_store::{Held, HeldVersion, Publication};
use jiff::Timestamp;
use serde::Deserialize;

use super::auth::{Organiser, Refusal, check_edit};
use crate::error::AppError;
use crate::page::Chrome;
use crate::request::Reader;
use crate::{AppState, Published};

/// What every organiser page shows at the top.
pub struct Frame<'a> {
    pub chrome: Chrome<'a>,
    pub signed_in: String,
    pub csrf: String,
    pub messages: Vec<String>,
}

pub fn frame<'a>(reader: &'a Reader, organiser: &Organiser, title: String) -> Frame<'a> {
    let chrome = reader.chrome(title);
    let signed_in = chrome.t.message_with(
        "org-signed-in-as",
        &[
            ("email", organiser.user.email.clone().into()),
            (
                "role",
                chrome
                    .text(&format!("org-role-{}", organiser.user.role.as_str()))
                    .into(),
            ),
        ],
    );
    let visit = &reader.visit;
    let mut messages = Vec::new();
    match visit.param("done") {
        Some("saved") => messages.push(chrome.text("org-saved")),
        Some("created") => messages.push(chrome.text("org-event-created")),
        Some("unchanged") => messages.push(chrome.text("org-nothing-to-publish")),
        Some("nothing-changed") => messages.push(chrome.text("org-nothing-changed")),
        Some("queued") => messages.push(chrome.text("org-message-queued")),
        Some("already-queued") => messages.push(chrome.text("org-message-already-queued")),
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

/// Whether a save wrote a new revision of the draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Written,
    /// The edits left the draft as it was: nothing written, nothing recorded.
    Unchanged,
}

/// Saves the draft that checked edits made of `before` (the draft as it is), if its revision is
/// still `revision`, the one the form was made from, with the audit entry of who did what: both,
/// or neither. Edits that change nothing write nothing. A draft saved by someone else since is
/// [`AppError::Conflict`], and nothing is written.
pub async fn save_changed_draft(
    state: &AppState,
    organiser: &Organiser,
    applied: &Applied,
    before: &Programme,
    revision: i64,
) -> Result<Saved, AppError> {
    if applied.programme.programme() == before {
        return Ok(Saved::Unchanged);
    }
    let now = Timestamp::now();
    let checked = &applied.programme;
    let event = checked.programme().event.id.as_str();
    let by = Some(&organiser.user.id);
    let mut unit = state
        .store
        .begin(format!("saving the draft of event \"{event}\""))
        .await?;
    unit.save_draft(checked, Some(revision), now, by).await?;
    unit.record_audit(now, by, applied.action, Some(event), &applied.detail)
        .await?;
    unit.commit().await?;
    Ok(Saved::Written)
}

/// What the audit log's word for an action says in the organiser's language; the word itself
/// when it has no label (an action recorded by an older version).
fn action_label(words: &convene_core::locale::Localizer, action: &str) -> String {
    let id = format!("audit-action-{action}");
    if words.has_message(&id) {
        words.message(&id)
    } else {
        action.to_owned()
    }
}

/// What every form that changes the draft carries besides its fields.
#[derive(Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    pub csrf: String,
    /// The draft revision the form was made from.
    #[serde(default)]
    pub revision: String,
}

impl DraftForm {
    pub fn revision(&self) -> Option<i64> {
        self.revision.trim().parse().ok()
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
    organiser: &Organiser,
    headers: &HeaderMap,
    csrf: &str,
    form_revision: Option<i64>,
    event: &str,
) -> Result<Edit, AppError> {
    check_edit(organiser, headers, csrf)?;
    let draft = draft_programme(state, event).await?;
    Ok(Edit {
        draft: draft.programme,
        current_revision: draft.revision,
        // A form without a revision matches no draft: it is refused as made on a stale copy.
        form_revision: form_revision.unwrap_or(-1),
    })
}

/// An event's draft, read back into a programme.
pub struct Draft {
    pub programme: Programme,
    pub revision: i64,
}

/// The event's draft, read back into a programme, with its revision; 404 for an event without one.
/// Only checked programmes are stored, so a draft that does not load is a fault of the store (or of
/// an upgrade), logged as such rather than hidden as a missing event.
pub async fn draft_programme(state: &AppState, event: &str) -> Result<Draft, AppError> {
    let draft = state.store.draft(event).await?.ok_or(AppError::NotFound)?;
    match Checked::load(&draft.source, &CheckOptions::default()) {
        Ok(checked) => Ok(Draft {
            programme: checked.into_programme(),
            revision: draft.revision,
        }),
        Err(rejected) => Err(AppError::Internal(format!(
            "the stored draft of event \"{event}\" no longer passes the checks; export it with \
             `convene export --event {event} --format toml`, fix it and import it again: {rejected}"
        ))),
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
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let mut events = state.store.drafts().await?;
    if !organiser.is_admin() {
        // An editor or a viewer sees the events granted to them, and no other.
        let granted = state.store.event_roles().await?;
        events.retain(|e| {
            granted
                .iter()
                .any(|(user, event, _)| user == &organiser.user.id && event == &e.event_id)
        });
    }
    let f = frame(&reader, &organiser, "convene".into());
    let events = events
        .into_iter()
        .map(|e| {
            let status = match e.current_version {
                0 => f.chrome.text("org-not-published"),
                version => f
                    .chrome
                    .t
                    .message_with("org-published", &[("version", version.into())]),
            };
            (e.event_id.to_string(), e.name, status)
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
    Ok(Html(page.render().unwrap_or_default()).into_response())
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
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let Draft {
        programme,
        revision,
    } = draft_programme(&state, &event).await?;
    let versions = state.store.versions(&event).await?;
    let f = frame(&reader, &organiser, programme.event.id.to_string());
    let lang = f.chrome.t.lang().clone();
    let source = &programme.event.source_language;
    let tbc = f.chrome.t.message("time-to-be-confirmed");
    let sessions = programme
        .sessions
        .iter()
        .map(|s| {
            let (date, time) = match s.schedule {
                Schedule::Timed { start, .. } => (
                    start.date().to_string(),
                    convene_core::view::host_time(&programme, s, f.chrome.t)
                        .map(|host| host.range_label.range)
                        .unwrap_or_default(),
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
    Ok(Html(page.render().unwrap_or_default()).into_response())
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
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<PublishForm>,
) -> Result<Response, AppError> {
    check_edit(&organiser, &headers, &form.csrf)?;
    // A note is one line of text: control characters and line breaks are dropped.
    let note: String = form
        .note
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let version = match publish_draft(&state, &organiser, &event, &note).await? {
        Publication::Published(version) => version,
        Publication::Unchanged(_) => {
            return Ok(
                Redirect::to(&format!("/organiser/events/{event}?done=unchanged")).into_response(),
            );
        }
    };
    Ok(Redirect::to(&format!(
        "/organiser/events/{event}?done=published&version={version}"
    ))
    .into_response())
}

/// Publishes the event's draft as its next version, with the audit entry: both, or neither; then
/// this node serves it at once. An event without a draft is [`AppError::NotFound`].
///
/// The draft is read here, before the unit of work, and handed to the store with the version
/// this node serves now, so that publishing neither reads them again nor, once committed, reloads
/// the new version: it goes into the catalog as it is.
async fn publish_draft(
    state: &AppState,
    organiser: &Organiser,
    event: &str,
    note: &str,
) -> Result<Publication, AppError> {
    let now = Timestamp::now();
    let by = Some(&organiser.user.id);
    let draft = match state.store.draft(event).await? {
        Some(draft) => tokio::task::spawn_blocking(move || {
            Checked::load(&draft.source, &CheckOptions::default()).ok()
        })
        .await
        .ok()
        .flatten(),
        None => None,
    };
    let current = state.catalog.get(event);
    let held = Held {
        draft: draft.as_ref(),
        current: current.as_ref().and_then(|p| {
            Some(HeldVersion {
                number: p.version,
                programme: &p.programme,
                history: p.history.as_ref()?,
            })
        }),
    };
    let mut unit = state
        .store
        .begin(format!("publishing the draft of event \"{event}\""))
        .await?;
    let (publication, version) = unit.publish_held(event, note, now, by, held).await?;
    if let Publication::Published(number) = publication {
        let detail = format!("version {number}: {note}");
        unit.record_audit(now, by, "publish", Some(event), &detail)
            .await?;
    }
    unit.commit().await?;
    match (version, draft) {
        (Some(version), Some(draft)) if version.from_held_draft => {
            state.catalog.publish(Published {
                programme: draft.into_programme(),
                history: Some(version.history),
                version: version.number,
                published_at: Timestamp::from_second(now.as_second()).unwrap_or(now),
            });
        }
        (Some(_), _) => {
            if let Err(err) = crate::catalog::refresh(&state.store, &state.catalog).await {
                tracing::error!(error = %err, "published, but this node could not reload the programme yet");
            }
        }
        (None, _) => {}
    }
    Ok(publication)
}

/// `GET /organiser/events/{event}/programme.toml`: the draft as a programme file.
pub async fn download(
    State(state): State<AppState>,
    Path(event): Path<String>,
    _organiser: Organiser,
) -> Result<Response, AppError> {
    let draft = draft_programme(&state, &event).await?;
    Ok((
        [
            (CONTENT_TYPE, "application/toml; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{event}.toml\""),
            ),
        ],
        convene_core::programme_file::write(&draft.programme),
    )
        .into_response())
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
pub async fn audit(
    State(state): State<AppState>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let entries = state.store.audit_log(500).await?;
    let f = frame(&reader, &organiser, reader.words().message("org-audit"));
    let words = reader.words();
    let entries = entries
        .into_iter()
        .map(|e| {
            (
                e.at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
                e.user_email.unwrap_or_default(),
                format!(
                    "{} {}",
                    action_label(words, &e.action),
                    e.event_id.unwrap_or_default()
                ),
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
    Ok(Html(page.render().unwrap_or_default()).into_response())
}
