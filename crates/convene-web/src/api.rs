//! The JSON API: the events and each event's programme view, in the shape of
//! `convene render --format json`, with an OpenAPI 3.1 document generated from these handlers.

use axum::extract::State;
use axum::response::Response;
use convene_core::view::EventView;
use convene_core::{Language, LocalText, ProgrammeView, ViewOptions, Zone};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::AppState;
use crate::error::{ApiError, AppError};
use crate::http::{Document, Freshness};
use crate::page::Visit;
use crate::request::PublishedEvent;

/// An event in the list.
#[derive(Serialize, ToSchema)]
pub struct EventItem {
    pub id: String,
    pub name: LocalText,
    #[schema(value_type = String)]
    pub status: convene_core::Status,
    #[schema(value_type = Vec<String>)]
    pub languages: Vec<Language>,
    /// The published version.
    pub version: i64,
    /// Where its programme is, in this API.
    pub sessions: String,
}

/// An event with its version.
#[derive(Serialize, ToSchema)]
pub struct EventDetail {
    pub version: i64,
    pub event: EventView,
}

fn json(visit: &Visit, value: &impl Serialize) -> Result<Response, AppError> {
    let body = serde_json::to_vec_pretty(value)
        .map_err(|err| AppError::Internal(format!("writing a JSON answer: {err}")))?;
    Ok(Document::new(body, "application/json").respond(&visit.headers, Freshness::Programme))
}

/// The language asked for with `?lang=`: one the event is published in, else a 400 saying which.
fn language(event: &PublishedEvent) -> Result<Language, AppError> {
    let programme_event = &event.published.programme.event;
    let Some(asked) = event.reader.visit.param("lang") else {
        return Ok(programme_event.source_language.clone());
    };
    match Language::parse(asked) {
        Ok(lang) if programme_event.declares(&lang) => Ok(lang),
        _ => {
            let declared: Vec<String> = programme_event
                .languages
                .iter()
                .map(|l| format!("\"{l}\""))
                .collect();
            Err(AppError::BadRequest(event.reader.words().message_with(
                "api-not-published-in",
                &[
                    ("given", asked.to_owned().into()),
                    ("languages", declared.join(", ").into()),
                ],
            )))
        }
    }
}

/// `GET /api/v1/events`
#[utoipa::path(get, path = "/api/v1/events", params(("lang" = Option<String>, Query, description = "Language of the names")),
    responses((status = 200, description = "The published events", body = Vec<EventItem>)))]
pub async fn events(State(state): State<AppState>, visit: Visit) -> Result<Response, AppError> {
    let items: Vec<EventItem> = state
        .catalog
        .snapshot()
        .values()
        .map(|published| {
            let event = &published.programme.event;
            let lang = visit
                .param("lang")
                .and_then(|tag| Language::parse(tag).ok())
                .unwrap_or_else(|| event.source_language.clone());
            EventItem {
                id: event.id.to_string(),
                name: event
                    .name
                    .get(&lang, &event.source_language)
                    .unwrap_or(LocalText {
                        text: event.id.to_string(),
                        lang: event.source_language.clone(),
                        fallback: true,
                    }),
                status: event.status,
                languages: event.languages.clone(),
                version: published.version,
                sessions: format!("/api/v1/events/{}/sessions", event.id),
            }
        })
        .collect();
    json(&visit, &items)
}

/// `GET /api/v1/events/{id}`
#[utoipa::path(get, path = "/api/v1/events/{id}",
    params(("id" = String, Path, description = "Event id"), ("lang" = Option<String>, Query, description = "One of the event's languages")),
    responses((status = 200, description = "The event and its published version", body = EventDetail),
              (status = 400, description = "The event is not published in that language", body = ApiError),
              (status = 404, description = "No event is published at that id", body = ApiError)))]
pub async fn event(event: PublishedEvent) -> Result<Response, AppError> {
    let lang = language(&event)?;
    let words = event.reader.site().locales.localizer_for(&lang);
    let view = ProgrammeView::build(
        &event.published.programme,
        &words,
        &ViewOptions { reader_zone: None },
    );
    json(
        &event.reader.visit,
        &EventDetail {
            version: event.published.version,
            event: view.event,
        },
    )
}

/// `GET /api/v1/events/{id}/sessions`
#[utoipa::path(get, path = "/api/v1/events/{id}/sessions",
    params(("id" = String, Path, description = "Event id"),
           ("lang" = Option<String>, Query, description = "One of the event's languages"),
           ("tz" = Option<String>, Query, description = "The reader's IANA zone, added to each session's times")),
    responses((status = 200, description = "The programme view", body = ProgrammeView),
              (status = 400, description = "The event is not published in that language, or the zone is unknown", body = ApiError),
              (status = 404, description = "No event is published at that id", body = ApiError)))]
pub async fn sessions(event: PublishedEvent) -> Result<Response, AppError> {
    let lang = language(&event)?;
    let visit = &event.reader.visit;
    let reader_zone = visit
        .param("tz")
        .map(Zone::parse)
        .transpose()
        .map_err(|unknown| {
            AppError::BadRequest(crate::i18n::unknown_zone(event.reader.words(), &unknown))
        })?;
    let key = format!(
        "api|sessions|{}|{lang}|{}",
        event.id(),
        visit.param("tz").unwrap_or("")
    );
    let site = event.reader.site();
    let document = site
        .cache
        .get_or_try_render(event.generation, Some(&key), || {
            let words = site.locales.localizer_for(&lang);
            let view = ProgrammeView::build(
                &event.published.programme,
                &words,
                &ViewOptions { reader_zone },
            );
            let body = serde_json::to_vec_pretty(&view)
                .map_err(|err| AppError::Internal(format!("writing a programme as JSON: {err}")))?;
            Ok::<_, AppError>(Document::new(body, "application/json"))
        })?;
    Ok(document.respond(&visit.headers, Freshness::Programme))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "convene",
        description = "The published programmes of summits: events, sessions, times in every zone."
    ),
    paths(events, event, sessions)
)]
struct ApiDoc;

/// The OpenAPI document of the API, as `/api/openapi.json` serves it and `convene openapi` prints
/// it.
pub fn openapi_json() -> Result<String, serde_json::Error> {
    let mut json = ApiDoc::openapi().to_pretty_json()?;
    json.push('\n');
    Ok(json)
}

/// `GET /api/openapi.json`
pub async fn openapi(visit: Visit) -> Result<Response, AppError> {
    let body = openapi_json()
        .map_err(|err| AppError::Internal(format!("writing the API description: {err}")))?;
    Ok(Document::new(body, "application/json").respond(&visit.headers, Freshness::Asset))
}
