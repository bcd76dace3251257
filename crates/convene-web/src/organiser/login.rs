//! Signing in and out, and setting a password from a single-use link.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use convene_core::locale::Localizer;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::auth::{Organiser, SESSION_HOURS, check_form, cookie, session_cookie};
use super::credentials::{MIN_PASSWORD_CHARS, PasswordError, new_token, token_hash};
use super::throttle::{self, Admission};
use crate::AppState;
use crate::error::AppError;
use crate::page::Chrome;
use crate::request::{ClientAddress, Reader};

/// A cookie holding the login form's token, before there is a session.
const LOGIN_COOKIE: &str = "convene_login";
/// Failed sign-ins allowed per account name in the window below.
/// The longest email an address can have (RFC 5321).
const MAX_EMAIL_BYTES: usize = 254;
/// Longer passwords are refused unchecked: no one types more.
const MAX_PASSWORD_BYTES: usize = 1024;

#[derive(Template)]
#[template(path = "organiser/login.html")]
struct LoginPage<'a> {
    chrome: Chrome<'a>,
    csrf: String,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "organiser/password.html")]
struct PasswordPage<'a> {
    chrome: Chrome<'a>,
    valid: bool,
    error: Option<String>,
}

fn chrome<'a>(reader: &'a Reader, title_id: &str) -> Chrome<'a> {
    reader.chrome(reader.words().message(title_id))
}

fn login_page(
    reader: &Reader,
    email: &str,
    next: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let token = new_token();
    let page = LoginPage {
        chrome: chrome(reader, "org-login-title"),
        csrf: token.clone(),
        next: next.to_owned(),
        email: email.to_owned(),
        error,
    };
    let cookie = reader.site().cookie(
        LOGIN_COOKIE,
        &token,
        "Path=/organiser; HttpOnly; SameSite=Strict; Max-Age=3600",
    );
    (
        status,
        [(SET_COOKIE, cookie)],
        Html(page.render().unwrap_or_default()),
    )
        .into_response()
}

/// `GET /organiser/login`
pub async fn form(reader: Reader) -> Response {
    let next = safe_next(reader.visit.param("next").unwrap_or("")).to_owned();
    login_page(&reader, "", &next, None, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct Credentials {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

/// The longest address followed after signing in.
const MAX_NEXT: usize = 1024;

/// Where to go after signing in: `next` when it is a plain path inside the organiser area (one
/// leading `/`, no `//`, no backslash, no dot segment, only visible ASCII, at most [`MAX_NEXT`]
/// bytes), else `/organiser`.
fn safe_next(next: &str) -> &str {
    let plain = next.len() <= MAX_NEXT
        && next.starts_with('/')
        && !next.contains("//")
        && !next.contains("/.")
        && !next.to_ascii_lowercase().contains("%2e")
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    let path = next.split(['?', '#']).next().unwrap_or_default();
    if plain && crate::http::is_private(path) {
        next
    } else {
        "/organiser"
    }
}

/// `POST /organiser/login`
pub async fn sign_in(
    State(state): State<AppState>,
    reader: Reader,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<Credentials>,
) -> Result<Response, AppError> {
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or("").to_owned();
    check_form(&headers, &expected, &form.csrf)?;
    let now = Timestamp::now();
    let email = form.email.trim().to_lowercase();
    // An email is at most 254 bytes (RFC 5321); longer is refused before anything is stored.
    if email.len() > MAX_EMAIL_BYTES || form.password.len() > MAX_PASSWORD_BYTES {
        let message = reader.words().message("org-login-too-long");
        return Ok(login_page(
            &reader,
            "",
            &form.next,
            Some(message),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let address = client.0.as_str();
    match throttle::admit(&state.store, address, &email, now).await? {
        Admission::Admitted { delay } => tokio::time::sleep(delay).await,
        Admission::Refused { retry_after } => {
            let message = reader.words().message("org-login-slow-down");
            let mut page = login_page(
                &reader,
                &form.email,
                &form.next,
                Some(message),
                StatusCode::TOO_MANY_REQUESTS,
            );
            if let Ok(seconds) = retry_after.as_secs().to_string().parse() {
                page.headers_mut().insert(RETRY_AFTER, seconds);
            }
            return Ok(page);
        }
    }
    let account = state.store.user_with_password(&email).await?;
    let stored = account.as_ref().and_then(|(_, phc)| phc.as_deref());
    // Always spend the time of a password check, known account or not.
    let password_ok = state.site.hashing.verify(&form.password, stored).await;
    let Some((user, _)) = account.filter(|_| password_ok) else {
        throttle::failed(&state.store, address, &email, now).await?;
        tracing::info!(address, "a sign-in was refused");
        let message = reader.words().message("org-login-failed");
        return Ok(login_page(
            &reader,
            &form.email,
            safe_next(&form.next),
            Some(message),
            StatusCode::UNAUTHORIZED,
        ));
    };
    throttle::succeeded(&state.store, address, &email).await?;
    // A new session id at every sign-in.
    let (session_id, csrf) = (new_token(), new_token());
    let expires = now + SignedDuration::from_hours(SESSION_HOURS);
    let mut unit = state.store.begin("signing an organiser in").await?;
    unit.create_login_session(&token_hash(&session_id), &user.id, &csrf, now, expires)
        .await?;
    unit.record_audit(now, Some(&user.id), "sign-in", None, "")
        .await?;
    unit.commit().await?;
    let clear_login = state.site.cookie(
        LOGIN_COOKIE,
        "",
        "Path=/organiser; HttpOnly; SameSite=Strict; Max-Age=0",
    );
    Ok((
        AppendHeaders([
            (SET_COOKIE, session_cookie(&state, &session_id)),
            (SET_COOKIE, clear_login),
        ]),
        Redirect::to(safe_next(&form.next)),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct TokenOnly {
    #[serde(default)]
    csrf: String,
}

/// `POST /organiser/logout`
pub async fn sign_out(
    State(state): State<AppState>,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<TokenOnly>,
) -> Result<Response, AppError> {
    check_form(&headers, &organiser.csrf, &form.csrf)?;
    let _ = state
        .store
        .delete_login_session(&organiser.session_hash)
        .await;
    Ok((
        [(SET_COOKIE, session_cookie(&state, ""))],
        Redirect::to("/organiser/login"),
    )
        .into_response())
}

/// `POST /organiser/logout-everywhere`: ends every session of this account, on every device.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<TokenOnly>,
) -> Result<Response, AppError> {
    check_form(&headers, &organiser.csrf, &form.csrf)?;
    let mut unit = state
        .store
        .begin("signing an organiser out everywhere")
        .await?;
    unit.delete_user_login_sessions(&organiser.user.id).await?;
    let now = Timestamp::now();
    unit.record_audit(
        now,
        Some(&organiser.user.id),
        "sign-out-everywhere",
        None,
        "",
    )
    .await?;
    unit.commit().await?;
    Ok((
        [(SET_COOKIE, session_cookie(&state, ""))],
        Redirect::to("/organiser/login"),
    )
        .into_response())
}

/// `GET /organiser/password/{token}`
pub async fn password_form(reader: Reader) -> Response {
    let page = PasswordPage {
        chrome: chrome(&reader, "org-set-password"),
        valid: true,
        error: None,
    };
    Html(page.render().unwrap_or_default()).into_response()
}

#[derive(Deserialize)]
pub struct NewPassword {
    #[serde(default)]
    password: String,
}

/// Why a password cannot be set, in the reader's language.
fn password_problem(words: &Localizer, problem: &PasswordError) -> String {
    match problem {
        PasswordError::TooShort => words.message_with(
            "org-password-too-short",
            &[("min", MIN_PASSWORD_CHARS.into())],
        ),
        PasswordError::Hashing => words.message("org-password-not-hashed"),
    }
}

/// `POST /organiser/password/{token}`: the link works once.
pub async fn set_password(
    State(state): State<AppState>,
    reader: Reader,
    Path(token): Path<String>,
    Form(form): Form<NewPassword>,
) -> Result<Response, AppError> {
    let page = |valid: bool, message: String, status: StatusCode| {
        let page = PasswordPage {
            chrome: chrome(&reader, "org-set-password"),
            valid,
            error: Some(message),
        };
        (status, Html(page.render().unwrap_or_default())).into_response()
    };
    let words = reader.words();
    let phc = match state.site.hashing.hash(&form.password).await {
        Ok(phc) => phc,
        Err(problem) => {
            let message = password_problem(words, &problem);
            return Ok(page(true, message, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let now = Timestamp::now();
    // The link is used up only if the password it sets is stored, with its audit entry.
    let mut unit = state.store.begin("setting an organiser's password").await?;
    let Some(user_id) = unit.use_password_token(&token_hash(&token), now).await? else {
        unit.rollback().await?;
        let invalid = words.message("org-link-invalid");
        return Ok(page(false, invalid, StatusCode::GONE));
    };
    unit.set_password_hash(&user_id, &phc, now).await?;
    unit.record_audit(now, Some(&user_id), "set-password", None, "")
        .await?;
    unit.commit().await?;
    Ok(page(
        false,
        words.message("org-password-set"),
        StatusCode::OK,
    ))
}
