//! What went wrong, for the person asking: one error type for every handler. Each error has its
//! status and says, in the reader's language, what happened and what to do: a page for the website,
//! a JSON body under `/api/`. Faults of the program or of the store are logged once with their
//! cause and shown as an opaque page.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use convene_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::{Document, Freshness};
use crate::page::{Chrome, Visit};
use crate::{AppState, Site};

/// Why a request was not done.
#[derive(Debug, PartialEq, Eq)]
pub enum AppError {
    /// No event, session or page at this address (404).
    NotFound,
    /// The request cannot be accepted from this person (403); the Fluent id of the message that says
    /// why (`error-forgery`, `error-forbidden`).
    Forbidden(&'static str),
    /// Someone saved the draft since the page was made, so nothing was written (409); the Fluent id of
    /// the message that says what was not done (`org-conflict-nothing-deleted`…).
    Conflict(&'static str),
    /// The request cannot be done as sent (422): each message, already in the reader's language, says
    /// what is wrong and what would be right.
    Unprocessable(Vec<String>),
    /// A parameter that cannot be read (400), said in the reader's language.
    BadRequest(String),
    /// The store cannot be reached just now (503); the cause, for the log.
    StoreUnavailable(String),
    /// A fault of the program or of its stored data (500); the cause, for the log only.
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::StoreUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// One message already in the reader's language, for a request that cannot be done as sent.
    pub fn unprocessable(message: String) -> Self {
        AppError::Unprocessable(vec![message])
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NoDraft { .. } => AppError::NotFound,
            StoreError::StaleDraft { .. } | StoreError::Conflict { .. } => {
                AppError::Conflict("error-conflict")
            }
            StoreError::EmailTaken { .. } => AppError::Conflict("error-email-taken"),
            StoreError::UnknownUser { .. } => AppError::Forbidden("error-forbidden"),
            StoreError::CannotOpen { .. } | StoreError::Busy { .. } => {
                AppError::StoreUnavailable(err.to_string())
            }
            StoreError::Failed { ref source, .. } if cannot_reach(source) => {
                AppError::StoreUnavailable(cause(&err))
            }
            _ => AppError::Internal(cause(&err)),
        }
    }
}

/// Whether a database error means the database cannot be reached (rather than that it refused or
/// failed at what it was asked).
fn cannot_reach(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        // PostgreSQL's connection exceptions (class 08) and a server shutting down or starting.
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

/// An error with its chain of causes, for the log.
fn cause(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// What an error response is to say, kept on the response until [`show`] says it in the reader's
/// language.
#[derive(Clone, Debug)]
struct Shown {
    status: StatusCode,
    said: Said,
}

#[derive(Clone, Debug)]
enum Said {
    /// A message of the site, by its Fluent id.
    Message(&'static str),
    /// Messages already in the reader's language.
    Texts(Vec<String>),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let said = match self {
            AppError::NotFound => Said::Message("error-not-found"),
            AppError::Forbidden(id) | AppError::Conflict(id) => Said::Message(id),
            AppError::Unprocessable(messages) => Said::Texts(messages),
            AppError::BadRequest(message) => Said::Texts(vec![message]),
            AppError::StoreUnavailable(cause) => {
                tracing::error!(%cause, "the store cannot be reached");
                Said::Message("error-unavailable")
            }
            AppError::Internal(cause) => {
                tracing::error!(%cause, "a request failed");
                Said::Message("error-internal")
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(Shown { status, said });
        response
    }
}

/// The parts of a request an error page needs: its address and what says the reader's language.
struct Asked {
    uri: Uri,
    accept_language: Option<HeaderValue>,
    cookies: Vec<HeaderValue>,
}

impl Asked {
    fn of(request: &Request) -> Self {
        let headers = request.headers();
        Self {
            uri: request.uri().clone(),
            accept_language: headers.get(ACCEPT_LANGUAGE).cloned(),
            cookies: headers.get_all(COOKIE).iter().cloned().collect(),
        }
    }

    fn visit(self) -> Visit {
        let mut headers = HeaderMap::new();
        if let Some(value) = self.accept_language {
            headers.insert(ACCEPT_LANGUAGE, value);
        }
        for value in self.cookies {
            headers.append(COOKIE, value);
        }
        Visit::new(&self.uri, headers)
    }
}

/// Says every error response in the reader's language: the error page, or under `/api/` a JSON body.
/// Every other response passes unchanged.
pub async fn show(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let asked = Asked::of(&request);
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<Shown>() {
        Some(shown) => render(&state.site, asked.visit(), shown),
        None => response,
    }
}

/// The body of an error answered by the JSON API.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub error: ApiErrorDetail,
}

/// The status of an API error, and what went wrong in words.
#[derive(Serialize, ToSchema)]
pub struct ApiErrorDetail {
    pub status: u16,
    pub message: String,
}

/// Whether an address belongs to the JSON API, whose errors are JSON too.
pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage<'a> {
    chrome: Chrome<'a>,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: Chrome<'a>,
    messages: Vec<String>,
    back: String,
    back_label: String,
}

fn render(site: &Site, visit: Visit, shown: Shown) -> Response {
    let api = is_api(&visit.path);
    let negotiated = visit.language(site, if api { "en" } else { "fr" });
    let words = site.locales.get(&negotiated.lang);
    let messages = match shown.said {
        Said::Message(id) => vec![words.message(id)],
        Said::Texts(texts) => texts,
    };
    let document = if api {
        let body = ApiError {
            error: ApiErrorDetail {
                status: shown.status.as_u16(),
                message: messages.join("\n"),
            },
        };
        Document::new(
            serde_json::to_vec_pretty(&body).unwrap_or_default(),
            "application/json",
        )
    } else if shown.status == StatusCode::NOT_FOUND {
        let chrome = Chrome::new(site, &visit, &negotiated, words.message("not-found-title"));
        page(&NotFoundPage { chrome })
    } else {
        let title = words.message(title_of(shown.status));
        let chrome = Chrome::new(site, &visit, &negotiated, title);
        let (back, back_label) = if visit.path.starts_with("/organiser") {
            ("/organiser".to_owned(), chrome.text("org-events"))
        } else {
            (
                format!("/?lang={}", negotiated.lang),
                chrome.text("not-found-back"),
            )
        };
        page(&ErrorPage {
            chrome,
            messages,
            back,
            back_label,
        })
    };
    document
        .with_status(shown.status)
        .respond(&visit.headers, Freshness::NoStore)
}

fn page(template: &impl Template) -> Document {
    // Templates only read values built above: rendering into a String cannot fail.
    Document::new(
        template.render().unwrap_or_default(),
        "text/html; charset=utf-8",
    )
    .vary("Accept-Language, Cookie")
}

/// The heading of the error page for a status.
fn title_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "error-bad-request-title",
        StatusCode::FORBIDDEN => "error-forbidden-title",
        StatusCode::CONFLICT => "error-conflict-title",
        StatusCode::UNPROCESSABLE_ENTITY => "error-unprocessable-title",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable-title",
        _ => "error-internal-title",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(source: sqlx::Error) -> StoreError {
        StoreError::Failed {
            action: "reading the draft of event \"izmir-2021\"".into(),
            source,
        }
    }

    #[test]
    fn each_store_failure_says_what_it_means_for_the_person_asking() {
        let cases: Vec<(&str, StoreError, StatusCode)> = vec![
            (
                "a database that cannot be opened",
                StoreError::CannotOpen {
                    url: "postgres://db.example/convene".into(),
                    reason: "connection refused".into(),
                    source: None,
                },
                StatusCode::SERVICE_UNAVAILABLE,
            ),
            (
                "a lock held too long",
                StoreError::Busy {
                    source: sqlx::Error::PoolTimedOut,
                },
                StatusCode::SERVICE_UNAVAILABLE,
            ),
            (
                "a pool that gave no connection in time",
                failed(sqlx::Error::PoolTimedOut),
                StatusCode::SERVICE_UNAVAILABLE,
            ),
            (
                "a pool closed",
                failed(sqlx::Error::PoolClosed),
                StatusCode::SERVICE_UNAVAILABLE,
            ),
            (
                "a broken connection",
                failed(sqlx::Error::Io(std::io::Error::from(
                    std::io::ErrorKind::ConnectionReset,
                ))),
                StatusCode::SERVICE_UNAVAILABLE,
            ),
            (
                "an event without a draft",
                StoreError::NoDraft {
                    event_id: "izmir-2021".into(),
                },
                StatusCode::NOT_FOUND,
            ),
            (
                "a draft saved by someone else since",
                StoreError::StaleDraft {
                    event_id: "izmir-2021".into(),
                    expected_revision: Some(1),
                    current_revision: Some(2),
                },
                StatusCode::CONFLICT,
            ),
            (
                "an account that no longer exists",
                StoreError::UnknownUser {
                    user_id: "u1".into(),
                },
                StatusCode::FORBIDDEN,
            ),
            (
                "a stored value that does not read back",
                StoreError::Corrupt {
                    what: "a revision \"x\"".into(),
                },
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
            (
                "a query the database refused",
                failed(sqlx::Error::RowNotFound),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
        ];
        for (case, err, status) in cases {
            assert_eq!(AppError::from(err).status(), status, "{case}");
        }
    }

    #[test]
    fn a_store_that_cannot_be_reached_is_a_503_and_no_draft_a_404() {
        assert!(matches!(
            AppError::from(failed(sqlx::Error::PoolTimedOut)),
            AppError::StoreUnavailable(_)
        ));
        assert_eq!(
            AppError::from(StoreError::NoDraft {
                event_id: "izmir-2021".into()
            }),
            AppError::NotFound
        );
        assert_eq!(
            AppError::from(StoreError::StaleDraft {
                event_id: "izmir-2021".into(),
                expected_revision: Some(1),
                current_revision: Some(2),
            }),
            AppError::Conflict("error-conflict")
        );
    }

    #[test]
    fn an_internal_failure_keeps_its_cause_for_the_log_only() {
        let error = AppError::from(StoreError::Corrupt {
            what: "a revision \"x\" in drafts".into(),
        });
        assert_eq!(
            error,
            AppError::Internal(
                "the database holds a revision \"x\" in drafts, which this program cannot read; \
                 was it changed by hand?"
                    .into()
            )
        );
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let shown = response.extensions().get::<Shown>().expect("what to say");
        assert!(matches!(shown.said, Said::Message("error-internal")));
    }
}
