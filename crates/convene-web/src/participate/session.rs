//! A signed-in participant: the browser holds a session id in a cookie limited to their event's
//! addresses; the store keeps its hash and the session's CSRF token.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use convene_store::Participant;
use jiff::Timestamp;

use crate::AppState;
use crate::error::AppError;
use crate::organiser::credentials::token_hash;

/// The cookie that carries a participant's session id.
pub const PARTICIPANT_COOKIE: &str = "convene_participant";
/// How long a participant stays signed in.
pub const SESSION_DAYS: i64 = 30;

/// The participant signed in on this browser for the event the address names.
pub struct SignedIn {
    pub participant: Participant,
    pub csrf: String,
    pub session_hash: String,
}

/// The `Set-Cookie` value for a participant session of `event` (or its removal, with an empty id).
pub fn session_cookie(state: &AppState, event: &str, id: &str) -> String {
    let age = if id.is_empty() {
        0
    } else {
        SESSION_DAYS * 24 * 3600
    };
    state.site.cookie(
        PARTICIPANT_COOKIE,
        id,
        &format!("Path=/events/{event}/; HttpOnly; SameSite=Lax; Max-Age={age}"),
    )
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Path(params) =
            Path::<std::collections::HashMap<String, String>>::from_request_parts(parts, state)
                .await
                .map_err(|_| AppError::NotFound.into_response())?;
        let event = params
            .get("event")
            .ok_or_else(|| AppError::NotFound.into_response())?;
        if state.catalog.get(event).is_none() {
            return Err(AppError::NotFound.into_response());
        }
        let lang = parts
            .uri
            .query()
            .and_then(|q| {
                q.split('&')
                    .find_map(|pair| pair.strip_prefix("lang="))
                    .filter(|l| {
                        l.len() <= 8 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    })
            })
            .map(|l| format!("?lang={l}"))
            .unwrap_or_default();
        let to_sign_in = || Redirect::to(&format!("/events/{event}/sign-in{lang}")).into_response();
        let Some(id) = crate::organiser::cookie(&parts.headers, PARTICIPANT_COOKIE)
            .filter(|id| !id.is_empty())
        else {
            return Err(to_sign_in());
        };
        let session_hash = token_hash(id);
        let (participant, csrf) = match state
            .store
            .participant_session(&session_hash, Timestamp::now())
            .await
        {
            Ok(Some(found)) => found,
            Ok(None) => return Err(to_sign_in()),
            Err(err) => return Err(AppError::from(err).into_response()),
        };
        if participant.event_id != *event {
            return Err(to_sign_in());
        }
        Ok(Self {
            participant,
            csrf,
            session_hash,
        })
    }
}
