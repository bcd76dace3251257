//! The JSON API: the events and each event's programme view, in the shape of
//! `convene render --format json`, with an OpenAPI 3.1 document generated from these handlers.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use convene_core::view::EventView;
use convene_core::{Language, LocalText, ProgrammeView, ViewOptions, Zone};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::AppState;
use crate::http::{Document, Freshness};
use crate::page::Visit;

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

/// A request the API cannot answer, and why.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub error: String,
}

fn error(status: StatusCode, message: String) -> Response {
    (status, Json(ApiError { error: message })).into_response()
}

fn json(visit: &Visit, value: &impl Serialize) -> Response {
    match serde_json::to_vec_pretty(value) {
        Ok(body) => {
            Document::new(body, "application/json").respond(&visit.headers, Freshness::Programme)
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the response could not be written".into(),
        ),
    }
}

/// The language asked for with `?lang=`: one the event is published in, else a 400 saying which.
fn language(published: &crate::Published, visit: &Visit) -> Result<Language, Box<Response>> {
    let event = &published.programme.event;
    let Some(asked) = visit.param("lang") else {
        return Ok(event.source_language.clone());
    };
    match Language::parse(asked) {
        Ok(lang) if event.declares(&lang) => Ok(lang),
        _ => {
            let declared: Vec<String> =
                event.languages.iter().map(|l| format!("\"{l}\"")).collect();
            Err(Box::new(error(
                StatusCode::BAD_REQUEST,
                format!(
                    "the programme is not published in \"{asked}\"; ask for one of {}",
                    declared.join(", ")
                ),
            )))
        }
    }
}

/// `GET /api/v1/events`
#[utoipa::path(get, path = "/api/v1/events", params(("lang" = Option<String>, Query, description = "Language of the names")),
    responses((status = 200, description = "The published events", body = Vec<EventItem>)))]
pub async fn events(State(state): State<AppState>, visit: Visit) -> Response {
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
    responses((status = 200, body = EventDetail), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn event(
    State(state): State<AppState>,
    Path(id): Path<String>,
    visit: Visit,
) -> Response {
    let Some(published) = state.catalog.get(&id) else {
        return error(
            StatusCode::NOT_FOUND,
            format!("no event \"{id}\" is published"),
        );
    };
    let lang = match language(&published, &visit) {
        Ok(lang) => lang,
        Err(response) => return *response,
    };
    let words = state.site.locales.localizer_for(&lang);
    let view = ProgrammeView::build(
        &published.programme,
        &words,
        &ViewOptions { reader_zone: None },
    );
    json(
        &visit,
        &EventDetail {
            version: published.version,
            event: view.event,
        },
    )
}

/// `GET /api/v1/events/{id}/sessions`
#[utoipa::path(get, path = "/api/v1/events/{id}/sessions",
    params(("id" = String, Path, description = "Event id"),
           ("lang" = Option<String>, Query, description = "One of the event's languages"),
           ("tz" = Option<String>, Query, description = "The reader's IANA zone, added to each session's times")),
    responses((status = 200, description = "The programme view", body = ProgrammeView), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn sessions(
    State(state): State<AppState>,
    Path(id): Path<String>,
    visit: Visit,
) -> Response {
    // Read before the programme, so a response is never kept under a newer generation.
    let generation = state.catalog.generation();
    let Some(published) = state.catalog.get(&id) else {
        return error(
            StatusCode::NOT_FOUND,
            format!("no event \"{id}\" is published"),
        );
    };
    let lang = match language(&published, &visit) {
        Ok(lang) => lang,
        Err(response) => return *response,
    };
    let reader_zone = match visit.param("tz").map(Zone::parse).transpose() {
        Ok(zone) => zone,
        Err(unknown) => return error(StatusCode::BAD_REQUEST, unknown.to_string()),
    };
    let key = format!(
        "api|sessions|{id}|{lang}|{}",
        visit.param("tz").unwrap_or("")
    );
    let document = state.site.cache.get_or_render(generation, &key, || {
        let words = state.site.locales.localizer_for(&lang);
        let view = ProgrammeView::build(&published.programme, &words, &ViewOptions { reader_zone });
        Document::new(
            serde_json::to_vec_pretty(&view).unwrap_or_default(),
            "application/json",
        )
    });
    document.respond(&visit.headers, Freshness::Programme)
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

/// `GET /api/openapi.json`
pub async fn openapi(visit: Visit) -> Response {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(body) => {
            Document::new(body, "application/json").respond(&visit.headers, Freshness::Asset)
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the API description could not be written".into(),
        ),
    }
}
