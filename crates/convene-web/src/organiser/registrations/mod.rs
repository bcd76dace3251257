//! Who comes, for organisers: `/organiser/events/{event}/registrations` shows the capacity of
//! each target and every registration of the event with its participant, narrowed by target,
//! state, category, country and a search. Viewers, editors and admins of the event read it;
//! editors and admins approve, decline, cancel, move and add registrations (`actions.rs`);
//! admins take it away as CSV (`export.rs`).
//!
//! Registrations are of the published programme: an event not published yet has none.

mod actions;
mod capacity;
mod export;
mod list;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::response::{Html, IntoResponse, Response};
use convene_core::Keyword;
use convene_core::registration::{Category, State as RegistrationState, countries};
use jiff::Timestamp;

use super::auth::{Organiser, Refusal};
use super::events::frame;
use crate::AppState;
use crate::error::AppError;
use crate::page::Chrome;
use crate::request::Reader;
use capacity::Capacity;
use list::{Line, Query, SHOWN};

pub use actions::{add, add_form, approve, cancel, decline, move_to};
pub(crate) use export::{download, neutral};

#[derive(Template)]
#[template(path = "organiser/registrations.html")]
struct RegistrationsPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event: String,
    published: bool,
    can_edit: bool,
    is_admin: bool,
    capacity: Vec<Capacity>,
    width: u32,
    /// The filters' choices: (value, words).
    targets: Vec<(String, String)>,
    states: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    countries: Vec<(String, String)>,
    /// The filters as chosen.
    target: String,
    state: String,
    category: String,
    country: String,
    search: String,
    /// The query string of the list as it is, for the export link and the actions' forms.
    query: String,
    count: String,
    lines: Vec<Line>,
}

/// `GET /organiser/events/{event}/registrations`
pub async fn page(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let words = reader.words();
    let query = Query::of(&reader.visit);
    let mut f = frame(&reader, &organiser, words.message("org-registrations"));
    if let Some(done) = reader.visit.param("done")
        && let Some(id) = actions::done_message(done)
    {
        f.messages.push(words.message(id));
    }
    let published = state.catalog.get(&event);
    let (capacity, lines, count, targets) = match &published {
        None => (Vec::new(), Vec::new(), String::new(), Vec::new()),
        Some(published) => {
            let programme = &published.programme;
            let seats = state.store.target_seats(&event).await?;
            let counts = state.store.registration_counts(&event).await?;
            let (found, stopped) = list::find(&state, &event, &query).await?;
            let count = if stopped {
                words.message_with("org-reg-count-stopped", &[("count", found.len().into())])
            } else if found.len() > SHOWN {
                words.message_with(
                    "org-reg-count-shown",
                    &[("count", found.len().into()), ("shown", SHOWN.into())],
                )
            } else {
                words.message_with("org-reg-count", &[("count", found.len().into())])
            };
            let lines = found
                .iter()
                .take(SHOWN)
                .map(|e| Line::new(e, programme, words))
                .collect();
            (
                capacity::dashboard(programme, &seats, &counts, words),
                lines,
                count,
                list::target_choices(programme, words),
            )
        }
    };
    let page = RegistrationsPage {
        event,
        published: published.is_some(),
        can_edit: organiser.can_edit(),
        is_admin: organiser.is_admin(),
        capacity,
        width: capacity::WIDTH,
        targets,
        states: RegistrationState::ALL
            .iter()
            .map(|s| (s.keyword().to_owned(), s.name(words)))
            .collect(),
        categories: Category::ALL
            .iter()
            .map(|c| (c.keyword().to_owned(), c.name(words)))
            .collect(),
        countries: countries(words.lang())
            .into_iter()
            .map(|c| (c.code.to_string(), c.name))
            .collect(),
        target: query
            .filter
            .target
            .as_ref()
            .map(|t| t.key())
            .unwrap_or_default(),
        state: query
            .filter
            .state
            .map(|s| s.keyword().to_owned())
            .unwrap_or_default(),
        category: query
            .filter
            .category
            .map(|c| c.keyword().to_owned())
            .unwrap_or_default(),
        country: query.filter.country.clone().unwrap_or_default(),
        search: query.typed.clone(),
        query: query.query_string(),
        count,
        lines,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok((
        [(CACHE_CONTROL, "no-store")],
        Html(page.render().unwrap_or_default()),
    )
        .into_response())
}

/// `GET /organiser/events/{event}/registrations.csv`: admins only, audited.
pub async fn csv(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let published = state.catalog.get(&event).ok_or(AppError::NotFound)?;
    let words = reader.words();
    let query = Query::of(&reader.visit);
    let (found, _) = list::find(&state, &event, &query).await?;
    let lines: Vec<Line> = found
        .iter()
        .map(|e| Line::new(e, &published.programme, words))
        .collect();
    let body = export::csv(&lines, words)
        .map_err(|e| AppError::Internal(format!("writing the registrations as CSV: {e}")))?;
    let filters = query.query_string();
    state
        .store
        .record_audit(
            Timestamp::now(),
            Some(&organiser.user.id),
            "export-registrations",
            Some(&event),
            &format!(
                "{} registrations{}",
                lines.len(),
                if filters.is_empty() {
                    String::new()
                } else {
                    format!(" ({filters})")
                }
            ),
        )
        .await?;
    Ok(export::download(
        &format!("{event}-registrations.csv"),
        body,
    ))
}
