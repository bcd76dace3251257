//! Accounts, for admins: invite an organiser (a single-use link to choose a password) and change roles.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::locale::Localizer;
use convene_store::{Role, StoreError, UserId};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::auth::{Organiser, Refusal, check_form};
use super::credentials::{new_token, token_hash};
use super::events::frame;
use crate::AppState;
use crate::error::AppError;
use crate::i18n::one_of;
use crate::page::Chrome;
use crate::request::Reader;

/// How long an invitation link works.
const INVITATION_HOURS: i64 = 72;

/// An event's id, its name and the role an account has there (`""` for none).
type EventGrant = (String, String, String);

#[derive(Template)]
#[template(path = "organiser/accounts.html")]
struct AccountsPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    users: Vec<(String, String, String, bool)>,
    roles: Vec<&'static str>,
    /// Per account that is not an admin: its id and its roles on the events.
    grants: Vec<(String, Vec<EventGrant>)>,
    link: Option<String>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    reader: &Reader,
    organiser: &Organiser,
    link: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let users = state.store.users().await?;
    let events = state.store.drafts().await?;
    let granted = state.store.event_roles().await?;
    let grants = users
        .iter()
        .filter(|u| u.role != Role::Admin)
        .map(|u| {
            let of_event = |event: &str| {
                granted
                    .iter()
                    .find(|(user, e, _)| user == &u.id && e.as_str() == event)
                    .map_or("", |(_, _, role)| role.as_str())
                    .to_owned()
            };
            let events = events
                .iter()
                .map(|e| {
                    let id = e.event_id.as_str();
                    (id.to_owned(), e.name.clone(), of_event(id))
                })
                .collect();
            (u.id.to_string(), events)
        })
        .collect();
    let f = frame(reader, organiser, reader.words().message("org-users"));
    let page = AccountsPage {
        grants,
        users: users
            .into_iter()
            .map(|u| {
                (
                    u.id.to_string(),
                    u.email,
                    u.role.as_str().to_owned(),
                    u.has_password,
                )
            })
            .collect(),
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        link,
        error,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok((status, Html(page.render().unwrap_or_default())).into_response())
}

/// `GET /organiser/users`
pub async fn list(
    State(state): State<AppState>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    page(&state, &reader, &organiser, None, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct Invitation {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// "choose "admin", "editor" or "viewer"", in the reader's language.
fn choose_role(words: &Localizer, given: &str) -> String {
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    words.message_with(
        "org-bad-account-role",
        &[
            ("given", given.to_owned().into()),
            ("choices", one_of(words, &roles).into()),
        ],
    )
}

/// `POST /organiser/users`: creates the account and shows its single-use link once.
pub async fn invite(
    State(state): State<AppState>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<Invitation>,
) -> Result<Response, AppError> {
    check_form(&headers, &organiser.csrf, &form.csrf)?;
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let words = reader.words();
    let refused = |message: String, status: StatusCode| {
        page(&state, &reader, &organiser, None, Some(message), status)
    };
    let Some(role) = Role::parse(&form.role) else {
        let message = choose_role(words, &form.role);
        return refused(message, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let email = form.email.trim();
    if !email.contains('@') || email.len() > 254 {
        let message = words.message_with("org-bad-email", &[("given", email.to_owned().into())]);
        return refused(message, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let now = Timestamp::now();
    let token = new_token();
    let expires = now + SignedDuration::from_hours(INVITATION_HOURS);
    // The account, its link and the audit entry are stored together, or none of them.
    let invited = async {
        let mut unit = state.store.begin("inviting an organiser").await?;
        let user = unit.create_user(email, role, now).await?;
        unit.create_password_token(&user.id, &token_hash(&token), expires)
            .await?;
        let detail = format!("{} as {}", user.email, role.as_str());
        unit.record_audit(now, Some(&organiser.user.id), "invite", None, &detail)
            .await?;
        unit.commit().await
    };
    match invited.await {
        Ok(()) => {}
        Err(StoreError::EmailTaken { email }) => {
            let message = words.message_with("org-email-taken", &[("email", email.into())]);
            return refused(message, StatusCode::CONFLICT).await;
        }
        Err(err) => return Err(err.into()),
    }
    let link = format!("{}/organiser/password/{token}", state.site.base_url);
    page(
        &state,
        &reader,
        &organiser,
        Some(link),
        None,
        StatusCode::CREATED,
    )
    .await
}

#[derive(Deserialize)]
pub struct RoleChange {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
}

/// `POST /organiser/users/{id}/role`
pub async fn change_role(
    State(state): State<AppState>,
    Path(id): Path<String>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<RoleChange>,
) -> Result<Response, AppError> {
    check_form(&headers, &organiser.csrf, &form.csrf)?;
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let words = reader.words();
    let Some(id) = UserId::parse(&id) else {
        return Err(AppError::NotFound);
    };
    let Some(role) = Role::parse(&form.role) else {
        return Err(AppError::unprocessable(choose_role(words, &form.role)));
    };
    if id == organiser.user.id && role != Role::Admin {
        return Err(AppError::unprocessable(words.message("org-keep-own-admin")));
    }
    let now = Timestamp::now();
    let changed = async {
        let mut unit = state.store.begin("changing an organiser's role").await?;
        unit.set_role(&id, role, now).await?;
        let detail = format!("{id} to {}", role.as_str());
        unit.record_audit(now, Some(&organiser.user.id), "change-role", None, &detail)
            .await?;
        unit.commit().await
    };
    match changed.await {
        Ok(()) => {}
        Err(StoreError::UnknownUser { .. }) => return Err(AppError::NotFound),
        Err(err) => return Err(err.into()),
    }
    Ok(Redirect::to("/organiser/users?done=saved").into_response())
}

/// `POST /organiser/users/{id}/events`: the account's role on each event (`role_{event}`: editor,
/// viewer, or nothing); admins only. Events the form does not name keep their grants.
pub async fn change_event_roles(
    State(state): State<AppState>,
    Path(id): Path<String>,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let csrf = form.get("csrf").map(String::as_str).unwrap_or("");
    check_form(&headers, &organiser.csrf, csrf)?;
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let id = UserId::parse(&id).ok_or(AppError::NotFound)?;
    let user = state.store.user(&id).await?.ok_or(AppError::NotFound)?;
    let events = state.store.drafts().await?;
    let now = Timestamp::now();
    let mut unit = state
        .store
        .begin("changing an organiser's roles on events")
        .await?;
    for event in &events {
        let Some(given) = form.get(&format!("role_{}", event.event_id)) else {
            continue;
        };
        let role = match given.as_str() {
            "" => None,
            "editor" => Some(Role::Editor),
            "viewer" => Some(Role::Viewer),
            _ => return Err(AppError::NotFound),
        };
        unit.set_event_role(&user.id, event.event_id.as_str(), role)
            .await?;
        let detail = format!("{} on {}: {}", user.email, event.event_id, given);
        unit.record_audit(
            now,
            Some(&organiser.user.id),
            "change-event-role",
            Some(event.event_id.as_str()),
            &detail,
        )
        .await?;
    }
    unit.commit().await?;
    Ok(Redirect::to("/organiser/users?done=saved").into_response())
}
