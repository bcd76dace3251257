//! The programme for other programs: iCalendar for calendar apps and the c3voc schedule for
//! conference apps, made by the core's exporters from the published version.

use axum::response::Response;
use convene_core::export::ical;
use convene_core::{ExportContext, ExportFormat, Keyword, Language, ProgrammeView, ViewOptions};

use crate::Site;
use crate::error::AppError;
use crate::http::{Document, Freshness};
use crate::request::PublishedEvent;

/// Where the pages send readers for an event's calendar in one language: the .ics to download
/// once, and the same address with the `webcal://` scheme, which calendar apps subscribe to and
/// fetch again as the programme changes (over HTTPS too, for an https site).
pub struct CalendarLinks {
    /// `/events/{event}/programme.ics?lang=fr`
    pub download: String,
    /// `webcal://summit.example.org/events/{event}/programme.ics?lang=fr`
    pub subscribe: String,
}

impl CalendarLinks {
    pub fn new(site: &Site, event: &str, lang: &str) -> Self {
        let download = format!("/events/{event}/programme.ics?lang={lang}");
        let host = site
            .base_url
            .split_once("://")
            .map_or(site.base_url.as_str(), |(_, rest)| rest);
        Self {
            subscribe: format!("webcal://{host}{download}"),
            download,
        }
    }
}

/// The export's language: `?lang=` when the programme is published in it, else its source language.
fn language(event: &PublishedEvent) -> Language {
    let programme_event = &event.published.programme.event;
    event
        .reader
        .visit
        .param("lang")
        .and_then(|tag| Language::parse(tag).ok())
        .filter(|lang| programme_event.declares(lang))
        .unwrap_or_else(|| programme_event.source_language.clone())
}

fn context(event: &PublishedEvent) -> ExportContext {
    ExportContext {
        base_url: event.reader.site().base_url.clone(),
        generated_at: event.published.published_at,
        version: event.published.version.to_string(),
        history: event.published.history.clone(),
    }
}

/// The programme's view in the export's language, without a reader's zone.
fn view(event: &PublishedEvent, lang: &Language) -> ProgrammeView {
    let words = event.reader.site().locales.localizer_for(lang);
    ProgrammeView::build(
        &event.published.programme,
        &words,
        &ViewOptions { reader_zone: None },
    )
}

fn export(event: PublishedEvent, format: ExportFormat) -> Response {
    let lang = language(&event);
    let id = event.id();
    let key = format!("export|{}|{id}|{lang}", format.keyword());
    let site = event.reader.site();
    let document = site.cache.get_or_render(event.generation, Some(&key), || {
        let view = view(&event, &lang);
        let body = format.export(&event.published.programme, &view, &context(&event));
        let filename = match format {
            ExportFormat::Ics => format!("{id}.ics"),
            _ => format!("{id}-schedule.{}", format.extension()),
        };
        Document::new(body, format.content_type()).download(&filename)
    });
    document.respond(&event.reader.visit.headers, Freshness::Programme)
}

/// `GET /events/{event}/programme.ics`.
pub async fn calendar(event: PublishedEvent) -> Response {
    export(event, ExportFormat::Ics)
}

/// `GET /events/{event}/schedule.xml`.
pub async fn schedule_xml(event: PublishedEvent) -> Response {
    export(event, ExportFormat::C3vocXml)
}

/// `GET /events/{event}/schedule.json`.
pub async fn schedule_json(event: PublishedEvent) -> Response {
    export(event, ExportFormat::C3vocJson)
}

/// `GET /events/{event}/sessions/{session}.ics`: the session's calendar entry; 404 for a session
/// that has none (unknown, or its time still to be confirmed).
pub fn session_calendar(event: &PublishedEvent, session: &str) -> Result<Response, AppError> {
    let lang = language(event);
    let key = format!("export|session-ics|{}|{session}|{lang}", event.id());
    let site = event.reader.site();
    let document = site
        .cache
        .get_or_try_render(event.generation, Some(&key), || {
            let view = view(event, &lang);
            let body =
                ical::session_calendar(&event.published.programme, &view, session, &context(event))
                    .ok_or(AppError::NotFound)?;
            Ok::<_, AppError>(
                Document::new(body, ExportFormat::Ics.content_type())
                    .download(&format!("{session}.ics")),
            )
        })?;
    Ok(document.respond(&event.reader.visit.headers, Freshness::Programme))
}
