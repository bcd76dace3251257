//! The outbox, for admins: the newest messages with where each delivery stands, one message with
//! its headers and text, and where this server sends them.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use convene_core::locale::Localizer;
use convene_store::{Delivery, SentVia, StoredEmail};
use jiff::Timestamp;

use super::auth::{Organiser, Refusal};
use super::events::frame;
use crate::AppState;
use crate::error::AppError;
use crate::mail::Destination;
use crate::page::Chrome;
use crate::request::Reader;

/// How many messages the list shows.
const SHOWN: i64 = 200;

/// A message as a row of the list.
struct Row {
    id: String,
    written: String,
    recipient: String,
    kind: String,
    language: String,
    subject: String,
    delivery: String,
    /// Whether its delivery needs a look (it failed).
    failing: bool,
}

#[derive(Template)]
#[template(path = "organiser/outbox.html")]
struct OutboxPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    destination: String,
    unsent: String,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "organiser/outbox_message.html")]
struct MessagePage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    /// Header names and values, as sent.
    headers: Vec<(&'static str, String)>,
    delivery: String,
    /// File name and media type of each attachment.
    attachments: Vec<(String, String)>,
    text_body: String,
    html_body: String,
}

/// `GET /organiser/outbox`
pub async fn list(
    State(state): State<AppState>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let event = reader.visit.param("event").map(str::to_owned);
    let emails = state.store.outbox(event.as_deref(), SHOWN).await?;
    let unsent = state.store.unsent_emails().await?;
    let words = reader.words();
    let f = frame(&reader, &organiser, words.message("org-outbox"));
    let rows = emails
        .into_iter()
        .map(|e| Row {
            delivery: delivery(words, &e.delivery),
            failing: matches!(
                e.delivery,
                Delivery::Retrying { .. } | Delivery::Failed { .. }
            ),
            written: when(e.created_at),
            id: e.id,
            recipient: e.recipient,
            kind: e.kind,
            language: e.language,
            subject: e.subject,
        })
        .collect();
    let page = OutboxPage {
        destination: destination(&state, words),
        unsent: words.message_with("org-outbox-unsent", &[("count", unsent.into())]),
        rows,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok(Html(page.render().unwrap_or_default()).into_response())
}

/// `GET /organiser/outbox/{id}`
pub async fn message(
    State(state): State<AppState>,
    reader: Reader,
    organiser: Organiser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let email: StoredEmail = state
        .store
        .outbox_email(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let words = reader.words();
    let f = frame(&reader, &organiser, email.subject.clone());
    let from = state
        .site
        .mailer
        .as_ref()
        .map(|m| m.from().to_string())
        .unwrap_or_default();
    let headers = vec![
        ("From", from),
        ("To", email.recipient.clone()),
        ("Subject", email.subject.clone()),
        ("Date", when(email.created_at)),
        ("Message-ID", email.message_id.clone()),
        ("Content-Language", email.language.clone()),
    ];
    let page = MessagePage {
        headers,
        delivery: delivery(words, &email.delivery),
        attachments: email
            .attachments
            .iter()
            .map(|a| (a.filename.clone(), a.content_type.clone()))
            .collect(),
        text_body: email.text_body,
        html_body: email.html_body,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok(Html(page.render().unwrap_or_default()).into_response())
}

fn when(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// "Messages are sent through the SMTP server mail.example.org:587." and the like.
fn destination(state: &AppState, words: &Localizer) -> String {
    match state.site.mailer.as_ref().map(|m| m.destination()) {
        Some(Destination::Smtp { host, port }) => words.message_with(
            "org-outbox-to-smtp",
            &[("server", format!("{host}:{port}").into())],
        ),
        Some(Destination::Maildir(path)) => words.message_with(
            "org-outbox-to-maildir",
            &[("path", path.display().to_string().into())],
        ),
        None => words.message("org-outbox-nowhere"),
    }
}

/// Where a message's delivery stands, in words.
fn delivery(words: &Localizer, delivery: &Delivery) -> String {
    match delivery {
        Delivery::Sent { at, via } => {
            let id = match via {
                SentVia::Smtp => "org-outbox-sent-smtp",
                SentVia::Maildir => "org-outbox-sent-maildir",
            };
            words.message_with(id, &[("when", when(*at).into())])
        }
        Delivery::Waiting => words.message("org-outbox-waiting"),
        Delivery::Retrying {
            attempts,
            error,
            next_at,
        } => words.message_with(
            "org-outbox-retrying",
            &[
                ("attempts", (*attempts).into()),
                ("when", when(*next_at).into()),
                ("error", error.clone().into()),
            ],
        ),
        Delivery::Failed { attempts, error } => words.message_with(
            "org-outbox-failed",
            &[
                ("attempts", (*attempts).into()),
                ("error", error.clone().into()),
            ],
        ),
    }
}
