//! Who is asking: the organiser behind the session cookie, their role, and the checks every form
//! passes (CSRF token, same-origin request).

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::{COOKIE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use convene_store::{Role, User};
use jiff::Timestamp;

use super::credentials::{same_secret, token_hash};
use crate::AppState;
use crate::error::AppError;

/// The cookie that carries the session id.
pub const SESSION_COOKIE: &str = "convene_session";
/// How long a login lasts.
pub const SESSION_HOURS: i64 = 12;

/// A signed-in organiser, with their role on the event the address names (if it names one).
///
/// On an address under `/organiser/events/{event}`, an organiser whose role does not reach that
/// event (an editor or viewer it was not granted to) is answered 404, as if it did not exist.
pub struct Organiser {
    pub user: User,
    pub csrf: String,
    pub session_hash: String,
    /// The role that applies here: on the event the address names, or the account's own.
    pub role: Role,
}

/// Reads a cookie from request headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value for a session id (or for removing it, with an empty id).
pub fn session_cookie(state: &AppState, id: &str) -> String {
    let age = if id.is_empty() {
        0
    } else {
        SESSION_HOURS * 3600
    };
    state.site.cookie(
        SESSION_COOKIE,
        id,
        &format!("Path=/organiser; HttpOnly; SameSite=Lax; Max-Age={age}"),
    )
}

impl FromRequestParts<AppState> for Organiser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let to_login = || {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/organiser");
            Redirect::to(&format!(
                "/organiser/login?next={}",
                crate::page::encode(next)
            ))
            .into_response()
        };
        let Some(id) = cookie(&parts.headers, SESSION_COOKIE).filter(|id| !id.is_empty()) else {
            return Err(to_login());
        };
        let session_hash = token_hash(id);
        let (user, csrf) = match state
            .store
            .login_session(&session_hash, Timestamp::now())
            .await
        {
            Ok(Some(found)) => found,
            Ok(None) => return Err(to_login()),
            Err(err) => return Err(AppError::from(err).into_response()),
        };
        let params = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .ok();
        let event = params
            .as_ref()
            .and_then(|p| p.iter().find(|(name, _)| *name == "event").map(|(_, v)| v));
        let role = match event {
            None => user.role,
            Some(event) => match state.store.event_role(&user, event).await {
                Ok(Some(role)) => role,
                Ok(None) => return Err(AppError::NotFound.into_response()),
                Err(err) => return Err(AppError::from(err).into_response()),
            },
        };
        Ok(Self {
            user,
            csrf,
            session_hash,
            role,
        })
    }
}

impl Organiser {
    /// Editors and admins change programmes; viewers only read drafts.
    pub fn can_edit(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Editor)
    }

    /// For pages that act on an event's participants or rooms, which viewers may not even see:
    /// a 403 for a viewer.
    pub fn must_edit(&self) -> Result<(), crate::error::AppError> {
        if self.can_edit() {
            Ok(())
        } else {
            Err(crate::error::AppError::Forbidden("error-forbidden"))
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.role == Role::Admin
    }
}

/// Why a form was refused before it was read (a 403, see [`AppError::Forbidden`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The form's token is missing or not this session's, or the request comes from another site.
    Forgery,
    /// The organiser's role does not allow this change.
    Forbidden,
}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> Self {
        AppError::Forbidden(match refusal {
            Refusal::Forgery => "error-forgery",
            Refusal::Forbidden => "error-forbidden",
        })
    }
}

/// A form posted from this site: its Origin (when sent) names this host, the browser does not call it
/// cross-site, and the token matches the session's.
pub fn check_form(
    headers: &HeaderMap,
    expected_token: &str,
    sent_token: &str,
) -> Result<(), Refusal> {
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site");
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    let foreign_origin = match (headers.get(ORIGIN).and_then(|v| v.to_str().ok()), host) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        (Some(_), None) => true,
        (None, _) => false,
    };
    if cross_site
        || foreign_origin
        || expected_token.is_empty()
        || !same_secret(expected_token, sent_token)
    {
        return Err(Refusal::Forgery);
    }
    Ok(())
}

/// A form that changes a programme: same-site, with the session's token, from an editor or admin.
pub fn check_edit(
    organiser: &Organiser,
    headers: &HeaderMap,
    sent_token: &str,
) -> Result<(), Refusal> {
    check_form(headers, &organiser.csrf, sent_token)?;
    if organiser.can_edit() {
        Ok(())
    } else {
        Err(Refusal::Forbidden)
    }
}
