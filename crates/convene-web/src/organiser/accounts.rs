//! Accounts, for admins: invite an organiser (a single-use link to choose a password) and change roles.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_store::{Role, StoreError};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::auth::{Organiser, Refusal, check_form};
use super::credentials::{new_token, token_hash};
use super::events::{frame, unavailable};
use crate::AppState;
use crate::page::{Chrome, Visit};

/// How long an invitation link works.
const INVITATION_HOURS: i64 = 72;

#[derive(Template)]
#[template(path = "organiser/accounts.html")]
struct AccountsPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    users: Vec<(String, String, String, bool)>,
    roles: Vec<&'static str>,
    link: Option<String>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    visit: &Visit,
    organiser: &Organiser,
    link: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let users = match state.store.users().await {
        Ok(users) => users,
        Err(err) => return unavailable(err),
    };
    let f = frame(state, visit, organiser, "accounts".into());
    let page = AccountsPage {
        users: users
            .into_iter()
            .map(|u| (u.id, u.email, u.role.as_str().to_owned(), u.has_password))
            .collect(),
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        link,
        error,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    (status, Html(page.render().unwrap_or_default())).into_response()
}

/// `GET /organiser/users`
pub async fn list(State(state): State<AppState>, visit: Visit, organiser: Organiser) -> Response {
    if !organiser.is_admin() {
        return Refusal::Forbidden.into_response();
    }
    page(&state, &visit, &organiser, None, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct Invitation {
    #[serde(default)]
    csrf: String,
    email: String,
    role: String,
}

/// `POST /organiser/users`: creates the account and shows its single-use link once.
pub async fn invite(
    State(state): State<AppState>,
    visit: Visit,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<Invitation>,
) -> Response {
    if let Err(refusal) = check_form(&headers, &organiser.csrf, &form.csrf) {
        return refusal.into_response();
    }
    if !organiser.is_admin() {
        return Refusal::Forbidden.into_response();
    }
    let Some(role) = Role::parse(&form.role) else {
        return page(
            &state,
            &visit,
            &organiser,
            None,
            Some("choose admin, editor or viewer".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let email = form.email.trim();
    if !email.contains('@') || email.len() > 254 {
        let message = format!("\"{email}\" is not an email address");
        return page(
            &state,
            &visit,
            &organiser,
            None,
            Some(message),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let now = Timestamp::now();
    let user = match state.store.create_user(email, role, now).await {
        Ok(user) => user,
        Err(err @ StoreError::EmailTaken { .. }) => {
            return page(
                &state,
                &visit,
                &organiser,
                None,
                Some(err.to_string()),
                StatusCode::CONFLICT,
            )
            .await;
        }
        Err(err) => return unavailable(err),
    };
    let token = new_token();
    let expires = now + SignedDuration::from_hours(INVITATION_HOURS);
    if let Err(err) = state
        .store
        .create_password_token(&user.id, &token_hash(&token), expires)
        .await
    {
        return unavailable(err);
    }
    let _ = state
        .store
        .record_audit(
            now,
            Some(&organiser.user.id),
            "invite",
            None,
            &format!("{} as {}", user.email, role.as_str()),
        )
        .await;
    let link = format!("{}/organiser/password/{token}", state.site.base_url);
    page(
        &state,
        &visit,
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
    role: String,
}

/// `POST /organiser/users/{id}/role`
pub async fn change_role(
    State(state): State<AppState>,
    Path(id): Path<String>,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<RoleChange>,
) -> Response {
    if let Err(refusal) = check_form(&headers, &organiser.csrf, &form.csrf) {
        return refusal.into_response();
    }
    if !organiser.is_admin() {
        return Refusal::Forbidden.into_response();
    }
    let Some(role) = Role::parse(&form.role) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "choose admin, editor or viewer",
        )
            .into_response();
    };
    if id == organiser.user.id && role != Role::Admin {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "you cannot take your own admin role away; ask another admin",
        )
            .into_response();
    }
    let now = Timestamp::now();
    match state.store.set_role(&id, role, now).await {
        Ok(()) => {
            let _ = state
                .store
                .record_audit(
                    now,
                    Some(&organiser.user.id),
                    "change-role",
                    None,
                    &format!("{id} to {}", role.as_str()),
                )
                .await;
            Redirect::to("/organiser/users?done=saved").into_response()
        }
        Err(StoreError::UnknownUser { .. }) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => unavailable(err),
    }
}
