//! The public pages of the people taking part: the directory of an event, and each person's page
//! with their sessions at their times in every display zone and the reader's own.

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use convene_core::view::DirectoryPersonView;
use convene_core::{ProgrammeView, Status};

use crate::error::AppError;
use crate::page::Chrome;
use crate::public::{Cell, Row, Yours, ZoneHead, html, page_response, row, zone_heads};
use crate::request::PublishedEvent;

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage<'a> {
    chrome: Chrome<'a>,
    view: ProgrammeView,
    reader_zone: Option<String>,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage<'a> {
    chrome: Chrome<'a>,
    view: ProgrammeView,
    person: DirectoryPersonView,
    /// Their sessions, each with their role in it.
    rows: Vec<(Row, String)>,
    preliminary: bool,
    reader_zone: Option<String>,
    zones: Vec<ZoneHead>,
}

/// `GET /events/{event}/people`.
pub async fn directory(event: PublishedEvent) -> Response {
    let document = event.reader.site().cache.get_or_render(
        event.generation,
        event.cache_key().as_deref(),
        || {
            let mut chrome = event.chrome(String::new());
            let view = event.view(chrome.t);
            chrome.title = format!("{} — {}", chrome.text("people-title"), view.event.name.text);
            html(&PeoplePage {
                reader_zone: event.reader_zone().map(|z| z.name().to_owned()),
                chrome,
                view,
            })
        },
    );
    page_response(&event.reader, document)
}

/// `GET /events/{event}/people/{person}`.
pub async fn person(
    event: PublishedEvent,
    Path((_, person)): Path<(String, String)>,
) -> Result<Response, AppError> {
    // Only people who take part in a session have a page: the directory also lists those invited
    // who have not said yes.
    let taking_part = event
        .published
        .programme
        .sessions
        .iter()
        .any(|s| s.people.iter().any(|p| p.person.as_str() == person));
    if !taking_part {
        return Err(AppError::NotFound);
    }
    let document = event.reader.site().cache.get_or_try_render(
        event.generation,
        event.cache_key().as_deref(),
        || {
            let mut chrome = event.chrome(String::new());
            let view = event.view(chrome.t);
            let found = view
                .people
                .iter()
                .find(|p| p.id.as_str() == person)
                .cloned()
                .ok_or(AppError::NotFound)?;
            chrome.title = format!("{} — {}", found.name, view.event.name.text);
            let rows = view
                .sessions()
                .filter_map(|session| {
                    let taking_part = session.people.iter().find(|p| p.id == found.id)?;
                    Some((row(&chrome, &view, session), taking_part.role_label.clone()))
                })
                .collect();
            Ok::<_, AppError>(html(&PersonPage {
                preliminary: view.event.status == Status::Preliminary,
                reader_zone: event.reader_zone().map(|z| z.name().to_owned()),
                zones: zone_heads(&view),
                chrome,
                person: found,
                rows,
                view,
            }))
        },
    )?;
    Ok(page_response(&event.reader, document))
}
