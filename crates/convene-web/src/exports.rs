//! The programme for other programs: iCalendar for calendar apps and the c3voc schedule for
//! conference apps, made by the core's exporters from the published version.

use axum::extract::{Path, State};
use axum::response::Response;
use convene_core::export::ical;
use convene_core::{ExportContext, ExportFormat, Language, ProgrammeView, ViewOptions};

use crate::http::{Document, Freshness};
use crate::page::Visit;
use crate::{AppState, Published};

/// The export's language: `?lang=` when the programme is published in it, else its source language.
fn language(published: &Published, visit: &Visit) -> Language {
    let event = &published.programme.event;
    visit
        .param("lang")
        .and_then(|tag| Language::parse(tag).ok())
        .filter(|lang| event.declares(lang))
        .unwrap_or_else(|| event.source_language.clone())
}

fn context(state: &AppState, published: &Published) -> ExportContext {
    ExportContext {
        base_url: state.site.base_url.clone(),
        generated_at: published.published_at,
        version: published.version.to_string(),
        history: published.history.clone(),
    }
}

fn export(state: &AppState, visit: &Visit, event: &str, format: ExportFormat) -> Response {
    let generation = state.catalog.generation();
    let Some(published) = state.catalog.get(event) else {
        return crate::public::not_found_response(state, visit);
    };
    let lang = language(&published, visit);
    let key = format!("export|{}|{event}|{}", format.keyword(), lang);
    let document = state.site.cache.get_or_render(generation, &key, || {
        let words = state.site.locales.localizer_for(&lang);
        let view = ProgrammeView::build(
            &published.programme,
            &words,
            &ViewOptions { reader_zone: None },
        );
        let body = format.export(&published.programme, &view, &context(state, &published));
        let filename = match format {
            ExportFormat::Ics => format!("{event}.ics"),
            _ => format!("{event}-schedule.{}", format.extension()),
        };
        Document::new(body, format.content_type()).download(&filename)
    });
    document.respond(&visit.headers, Freshness::Programme)
}

use convene_core::Keyword;

/// `GET /events/{event}/programme.ics`.
pub async fn calendar(
    State(state): State<AppState>,
    Path(event): Path<String>,
    visit: Visit,
) -> Response {
    export(&state, &visit, &event, ExportFormat::Ics)
}

/// `GET /events/{event}/schedule.xml`.
pub async fn schedule_xml(
    State(state): State<AppState>,
    Path(event): Path<String>,
    visit: Visit,
) -> Response {
    export(&state, &visit, &event, ExportFormat::C3vocXml)
}

/// `GET /events/{event}/schedule.json`.
pub async fn schedule_json(
    State(state): State<AppState>,
    Path(event): Path<String>,
    visit: Visit,
) -> Response {
    export(&state, &visit, &event, ExportFormat::C3vocJson)
}

/// `GET /events/{event}/sessions/{session}.ics`.
pub fn session_calendar(state: &AppState, visit: &Visit, event: &str, session: &str) -> Response {
    let generation = state.catalog.generation();
    let Some(published) = state.catalog.get(event) else {
        return crate::public::not_found_response(state, visit);
    };
    let lang = language(&published, visit);
    let key = format!("export|session-ics|{event}|{session}|{lang}");
    let document = state.site.cache.get_or_render(generation, &key, || {
        let words = state.site.locales.localizer_for(&lang);
        let view = ProgrammeView::build(
            &published.programme,
            &words,
            &ViewOptions { reader_zone: None },
        );
        match ical::session_calendar(
            &published.programme,
            &view,
            session,
            &context(state, &published),
        ) {
            Some(body) => Document::new(body, ExportFormat::Ics.content_type())
                .download(&format!("{session}.ics")),
            None => crate::public::not_found_document_for(state, visit),
        }
    });
    document.respond(&visit.headers, Freshness::Programme)
}
