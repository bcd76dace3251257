//! Signing in by email link. A participant gives their email; if it registered for the event, a
//! link valid once for 30 minutes is written to the outbox with the request. The page says the same
//! either way. Opening the link shows a button (mail scanners that follow links do not use it up);
//! pressing it signs the browser in.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};

use super::forms::{Posted, check_anonymous, form_token};
use super::mailing;
use super::session::{SESSION_DAYS, session_cookie};
use crate::AppState;
use crate::error::AppError;
use crate::organiser::check_form;
use crate::organiser::credentials::{new_token, token_hash};
use crate::page::Chrome;
use crate::request::{ClientAddress, PublishedEvent};

/// How long a sign-in link works.
pub const LINK_MINUTES: i64 = 30;
/// Links one address may ask for, and links sent to one email, in [`WINDOW`].
const PER_ADDRESS: i64 = 10;
const PER_EMAIL: i64 = 5;
const WINDOW: SignedDuration = SignedDuration::from_mins(30);
/// The longest email there is (RFC 5321).
const MAX_EMAIL: usize = 254;

#[derive(Template)]
#[template(path = "participate/sign_in.html")]
struct SignInPage<'a> {
    chrome: Chrome<'a>,
    event: String,
    lang: String,
    csrf: String,
    sent: bool,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "participate/use_link.html")]
struct UseLinkPage<'a> {
    chrome: Chrome<'a>,
    event: String,
    lang: String,
    token: String,
    expired: bool,
}

fn page(
    state: &AppState,
    event: &PublishedEvent,
    headers: &HeaderMap,
    sent: bool,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let words = event.reader.words();
    let (csrf, cookie) = form_token(state, headers, event.id());
    let page = SignInPage {
        chrome: event.chrome(words.message("signin-title")),
        event: event.id().to_owned(),
        lang: words.lang().to_string(),
        csrf,
        sent,
        error,
    };
    let mut response = (
        status,
        [(CACHE_CONTROL, "no-store")],
        Html(page.render().unwrap_or_default()),
    )
        .into_response();
    if let Some(cookie) = cookie
        && let Ok(value) = cookie.parse()
    {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

/// `GET /events/{event}/sign-in`
pub async fn form(
    State(state): State<AppState>,
    event: PublishedEvent,
    headers: HeaderMap,
) -> Response {
    page(&state, &event, &headers, false, None, StatusCode::OK)
}

/// `POST /events/{event}/sign-in`
pub async fn send_link(
    State(state): State<AppState>,
    event: PublishedEvent,
    client: ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let posted = Posted::parse(&body);
    check_anonymous(&headers, &posted.one("csrf"))?;
    let words = event.reader.words();
    let email = posted.one("email").trim().to_lowercase();
    if email.is_empty() || email.len() > MAX_EMAIL || !email.contains('@') {
        let error = words.message("signin-bad-email");
        return Ok(page(
            &state,
            &event,
            &headers,
            false,
            Some(error),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let now = Timestamp::now();
    let participant = state.store.participant_by_email(event.id(), &email).await?;
    let mut unit = state.store.begin("sending a sign-in link").await?;
    let since = now - WINDOW;
    let address_ok = unit
        .throttle(&format!("sign-in:{}", client.0), since, PER_ADDRESS, now)
        .await?;
    if !address_ok {
        unit.rollback().await?;
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "1800")],
            words.message("reg-too-many"),
        )
            .into_response());
    }
    // An email gets a few links per window, whoever asks: nobody can fill someone's mailbox.
    if let Some(participant) = participant.filter(|p| p.details.is_some())
        && unit
            .throttle(
                &format!("sign-in-email:{}", participant.id),
                since,
                PER_EMAIL,
                now,
            )
            .await?
    {
        let token = new_token();
        let expires = now + SignedDuration::from_mins(LINK_MINUTES);
        unit.create_sign_in_token(&token_hash(&token), &participant.id, expires)
            .await?;
        mailing::sign_in_link(
            &mut unit,
            &state,
            &event.published,
            &participant,
            &token,
            now,
        )
        .await?;
    }
    unit.commit().await?;
    Ok(page(&state, &event, &headers, true, None, StatusCode::OK))
}

/// `GET /events/{event}/sign-in/{token}`: a button that uses the link.
pub async fn confirm(event: PublishedEvent, Path((_, token)): Path<(String, String)>) -> Response {
    let words = event.reader.words();
    let page = UseLinkPage {
        chrome: event.chrome(words.message("signin-title")),
        event: event.id().to_owned(),
        lang: words.lang().to_string(),
        token: token
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(64)
            .collect(),
        expired: false,
    };
    (
        [
            (CACHE_CONTROL, "no-store"),
            // Not `no-referrer`: browsers then send `Origin: null` with the button's POST, which
            // is refused as coming from elsewhere. The link's secret still never leaves the site.
            (REFERRER_POLICY, "same-origin"),
        ],
        Html(page.render().unwrap_or_default()),
    )
        .into_response()
}

/// `POST /events/{event}/sign-in/{token}`: signs the browser in, once.
pub async fn use_link(
    State(state): State<AppState>,
    event: PublishedEvent,
    headers: HeaderMap,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    // The link's own secret stands for the form's token; the request must come from this site.
    check_form(&headers, &token, &token)?;
    let now = Timestamp::now();
    let participant = match state
        .store
        .use_sign_in_token(&token_hash(&token), now)
        .await?
    {
        Some(id) => state.store.participant(&id).await?,
        None => None,
    };
    let Some(participant) = participant.filter(|p| p.event_id == event.id()) else {
        let words = event.reader.words();
        let page = UseLinkPage {
            chrome: event.chrome(words.message("signin-title")),
            event: event.id().to_owned(),
            lang: words.lang().to_string(),
            token: String::new(),
            expired: true,
        };
        return Ok((
            StatusCode::GONE,
            [(CACHE_CONTROL, "no-store")],
            Html(page.render().unwrap_or_default()),
        )
            .into_response());
    };
    let (session_id, csrf) = (new_token(), new_token());
    let expires = now + SignedDuration::from_hours(SESSION_DAYS * 24);
    state
        .store
        .create_participant_session(
            &token_hash(&session_id),
            &participant.id,
            &csrf,
            now,
            expires,
        )
        .await?;
    let lang = event.reader.words().lang().to_string();
    let mut response =
        Redirect::to(&format!("/events/{}/me?lang={lang}", event.id())).into_response();
    if let Ok(value) = session_cookie(&state, event.id(), &session_id).parse() {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    Ok(response)
}
