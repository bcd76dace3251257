//! `/unsubscribe/{token}`: where a participant stops news from the organisers of their event, or
//! lets it come again. Messages about their own registrations (confirmations, reminders, change
//! notices, organisers' messages about their registration) still come. The link's secret is the
//! proof: a `POST` stops the news without a sign-in, as mail readers' one-click unsubscribe
//! (RFC 8058, body `List-Unsubscribe=One-Click`) does; opening the link changes nothing.

use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use convene_store::Participant;
use jiff::Timestamp;

use super::forms::Posted;
use crate::AppState;
use crate::error::AppError;
use crate::page::Visit;
use crate::request::Reader;

#[derive(Template)]
#[template(path = "participate/unsubscribe.html")]
struct UnsubscribePage<'a> {
    chrome: crate::page::Chrome<'a>,
    token: String,
    lang: String,
    event: String,
    /// Where they stand, or why the link leads nowhere.
    status: String,
    /// What was just done.
    done: Option<String>,
    /// Whether they receive news now; `None` for a link that leads nowhere.
    subscribed: Option<bool>,
}

/// The participant the link's secret belongs to, if any.
async fn holder(state: &AppState, token: &str) -> Result<Option<Participant>, AppError> {
    Ok(state.store.participant_by_unsubscribe_token(token).await?)
}

fn show(
    state: &AppState,
    uri: &Uri,
    headers: HeaderMap,
    token: &str,
    participant: Option<&Participant>,
    done: Option<&str>,
) -> Response {
    let language = participant
        .and_then(|p| p.details.as_ref())
        .map_or("fr".to_owned(), |d| d.language.to_string());
    let reader = Reader::new(Arc::clone(&state.site), Visit::new(uri, headers), &language);
    let words = reader.words();
    let published = participant.and_then(|p| state.catalog.get(&p.event_id));
    let event_name = published.as_ref().map(|p| {
        let event = &p.programme.event;
        event
            .name
            .get(words.lang(), &event.source_language)
            .map(|t| t.text)
            .unwrap_or_default()
    });
    let (status, subscribed, code) = match (participant, event_name) {
        (Some(p), Some(name)) => {
            let subscribed = p.unsubscribed_at.is_none();
            let key = if subscribed {
                "unsubscribe-receiving"
            } else {
                "unsubscribe-not-receiving"
            };
            (
                words.message_with(key, &[("event", name.into())]),
                Some(subscribed),
                StatusCode::OK,
            )
        }
        _ => (
            words.message("unsubscribe-unknown"),
            None,
            StatusCode::NOT_FOUND,
        ),
    };
    let page = UnsubscribePage {
        chrome: reader.chrome(words.message("unsubscribe-title")),
        token: token.to_owned(),
        lang: words.lang().to_string(),
        event: participant.map(|p| p.event_id.clone()).unwrap_or_default(),
        status,
        done: done.map(|key| words.message(key)),
        subscribed,
    };
    (
        code,
        [
            (CACHE_CONTROL, "no-store"),
            (REFERRER_POLICY, "no-referrer"),
        ],
        Html(page.render().unwrap_or_default()),
    )
        .into_response()
}

/// `GET /unsubscribe/{token}`: where they stand, and the button that changes it.
pub async fn page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let participant = holder(&state, &token).await?;
    Ok(show(
        &state,
        &uri,
        headers,
        &token,
        participant.as_ref(),
        None,
    ))
}

/// `POST /unsubscribe/{token}`: `action=stop` (or a one-click `List-Unsubscribe=One-Click`)
/// stops the news, `action=resume` lets it come again.
pub async fn answer(
    State(state): State<AppState>,
    Path(token): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(participant) = holder(&state, &token).await? else {
        return Ok(show(&state, &uri, headers, &token, None, None));
    };
    let posted = Posted::parse(&body);
    let stop = posted.one("action") == "stop" || posted.one("List-Unsubscribe") == "One-Click";
    let resume = posted.one("action") == "resume";
    if !stop && !resume {
        return Ok(show(
            &state,
            &uri,
            headers,
            &token,
            Some(&participant),
            None,
        ));
    }
    let now = Timestamp::now();
    let mut unit = state.store.begin("unsubscribing from news").await?;
    unit.set_unsubscribed(&participant.id, stop.then_some(now))
        .await?;
    unit.record_audit(
        now,
        None,
        if stop { "unsubscribe" } else { "resubscribe" },
        Some(&participant.event_id),
        &format!("participant {}", participant.id),
    )
    .await?;
    unit.commit().await?;
    let participant = holder(&state, &token).await?;
    let done = if stop {
        "unsubscribe-stopped"
    } else {
        "unsubscribe-resumed"
    };
    Ok(show(
        &state,
        &uri,
        headers,
        &token,
        participant.as_ref(),
        Some(done),
    ))
}
