//! The public pages: the events, an event's home, its programme and each session.
//! Handlers read the published programme from memory, build the view for the reader, and render.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use convene_core::markdown::{self, SafeHtml};
use convene_core::view::{SessionView, ZoneTime};
use convene_core::{Keyword, LocalText, ProgrammeView, Status};

use crate::AppState;
use crate::error::AppError;
use crate::exports::CalendarLinks;
use crate::http::{Document, Freshness};
use crate::page::Chrome;
use crate::request::{PublishedEvent, Reader};

const PAGE_TYPE: &str = "text/html; charset=utf-8";

/// A time cell: the range, the offset, and a note when the local date differs.
pub struct TimeCell {
    pub range: String,
    pub offset: String,
    pub note: Option<String>,
}

pub enum Cell {
    Time(TimeCell),
    /// The session does not show this zone.
    Empty,
}

/// What the browser needs to fill "your time" itself.
pub struct ScriptTime {
    pub start: String,
    pub end: String,
    pub host_date: String,
}

pub enum Yours {
    Server(TimeCell),
    Script(ScriptTime),
    None,
}

pub struct Row {
    pub id: String,
    pub title: LocalText,
    pub fallback_note: String,
    pub meta: String,
    pub cells: Vec<Cell>,
    /// "horaire à confirmer", in place of the cells, while the time is not known.
    pub pending: Option<String>,
    pub yours: Yours,
}

pub struct DayRows {
    pub date: String,
    pub label: String,
    pub rows: Vec<Row>,
    pub picture: Option<String>,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct ZoneHead {
    pub label: String,
    pub zone: String,
}

#[derive(Template)]
#[template(path = "events.html")]
struct EventsPage<'a> {
    chrome: Chrome<'a>,
    events: Vec<EventItem>,
}

struct EventItem {
    id: String,
    name: LocalText,
    fallback_note: String,
    status: String,
    dates: String,
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage<'a> {
    chrome: Chrome<'a>,
    view: ProgrammeView,
    calendar: CalendarLinks,
    preliminary: bool,
    version_label: String,
    /// The introduction's Markdown, sanitised.
    introduction: Option<SafeHtml>,
    fallback_note: String,
}

#[derive(Template)]
#[template(path = "programme.html")]
struct ProgrammePage<'a> {
    chrome: Chrome<'a>,
    view: ProgrammeView,
    calendar: CalendarLinks,
    preliminary: bool,
    version_label: String,
    reader_zone: Option<String>,
    zones: Vec<ZoneHead>,
    days: Vec<DayRows>,
    day_options: Vec<Choice>,
    kind_options: Vec<Choice>,
    format_options: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "session.html")]
struct SessionPage<'a> {
    chrome: Chrome<'a>,
    view: ProgrammeView,
    session: SessionView,
    row: Row,
    preliminary: bool,
    reader_zone: Option<String>,
    zones: Vec<ZoneHead>,
    /// The description's Markdown, sanitised.
    description: Option<SafeHtml>,
    description_note: String,
}

/// A page rendered for one request, and whether to remember the reader's language.
pub(crate) fn page_response(reader: &Reader, document: Document) -> Response {
    let (visit, negotiated) = (&reader.visit, &reader.negotiated);
    let freshness = if document.status == StatusCode::OK && !reader.has_notices() {
        Freshness::Programme
    } else {
        Freshness::NoStore
    };
    let mut response = document.respond(&visit.headers, freshness);
    if visit.param("lang").is_some() && negotiated.unknown.is_none() {
        let cookie = reader.site().cookie(
            "lang",
            &negotiated.lang,
            "Path=/; Max-Age=31536000; SameSite=Lax",
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

pub(crate) fn html(template: &impl Template) -> Document {
    // Templates only read fields of values the handlers built: rendering into a String cannot fail.
    Document::new(template.render().unwrap_or_default(), PAGE_TYPE).vary("Accept-Language, Cookie")
}

fn fallback_note(chrome: &Chrome<'_>, text: &LocalText) -> String {
    let language = chrome.t.language_name(&text.lang);
    chrome
        .t
        .message_with("fallback-marker", &[("language", language.into())])
}

/// `GET /`: the published events.
pub async fn events(State(state): State<AppState>, reader: Reader) -> Response {
    let generation = state.catalog.generation();
    let key = reader.cache_key();
    let document = state
        .site
        .cache
        .get_or_render(generation, key.as_deref(), || {
            let chrome = reader.chrome(format!(
                "{} — convene",
                reader.words().message("events-title")
            ));
            let lang = chrome.t.lang().clone();
            let events = state
                .catalog
                .snapshot()
                .values()
                .map(|published| {
                    let event = &published.programme.event;
                    let name = event
                        .name
                        .get(&lang, &event.source_language)
                        .unwrap_or_else(|| LocalText {
                            text: event.id.to_string(),
                            lang: lang.clone(),
                            fallback: false,
                        });
                    let dates: Vec<String> = event
                        .days
                        .iter()
                        .map(|d| chrome.t.long_date(d.date))
                        .collect();
                    EventItem {
                        id: event.id.to_string(),
                        fallback_note: fallback_note(&chrome, &name),
                        name,
                        status: chrome
                            .t
                            .message(&format!("status-{}", event.status.keyword())),
                        dates: dates.join(", "),
                    }
                })
                .collect();
            html(&EventsPage { chrome, events })
        });
    page_response(&reader, document)
}

/// `GET /events/{event}`.
pub async fn event_home(event: PublishedEvent) -> Response {
    let document = event.reader.site().cache.get_or_render(
        event.generation,
        event.cache_key().as_deref(),
        || {
            let mut chrome = event.chrome(String::new());
            let view = event.view(chrome.t);
            chrome.title = view.event.name.text.clone();
            let introduction = view
                .event
                .introduction
                .as_ref()
                .map(|t| markdown::html(&t.text));
            let fallback_note = view
                .event
                .introduction
                .as_ref()
                .map(|t| fallback_note(&chrome, t))
                .unwrap_or_default();
            html(&EventPage {
                version_label: event.version_label(chrome.t),
                calendar: CalendarLinks::new(event.reader.site(), event.id(), &chrome.lang),
                preliminary: view.event.status == Status::Preliminary,
                chrome,
                view,
                introduction,
                fallback_note,
            })
        },
    );
    page_response(&event.reader, document)
}

fn time_cell(time: &ZoneTime) -> TimeCell {
    TimeCell {
        range: time.range_label.range.clone(),
        offset: time.offset.clone(),
        note: time.range_label.date_note.clone(),
    }
}

pub(crate) fn row(chrome: &Chrome<'_>, view: &ProgrammeView, session: &SessionView) -> Row {
    let cells = view
        .zones
        .iter()
        .map(|zone| {
            session
                .times
                .iter()
                .flatten()
                .find(|t| !t.reader && t.zone == zone.zone)
                .map_or(Cell::Empty, |t| Cell::Time(time_cell(t)))
        })
        .collect();
    let yours = match (
        &session.times,
        &session.starts_at,
        &session.ends_at,
        session.date,
    ) {
        (Some(times), _, _, _) if times.iter().any(|t| t.reader) => times
            .iter()
            .find(|t| t.reader)
            .map_or(Yours::None, |t| Yours::Server(time_cell(t))),
        (Some(_), Some(start), Some(end), Some(date)) => Yours::Script(ScriptTime {
            start: start.clone(),
            end: end.clone(),
            host_date: date.to_string(),
        }),
        _ => Yours::None,
    };
    Row {
        id: session.id.to_string(),
        fallback_note: fallback_note(chrome, &session.title),
        title: session.title.clone(),
        meta: session.meta_label.clone(),
        cells,
        pending: session
            .times
            .is_none()
            .then(|| session.time_status_label.clone().unwrap_or_default()),
        yours,
    }
}

/// The SVG picture of a day with its text alternative, when the day has timed sessions.
fn day_picture(
    chrome: &Chrome<'_>,
    programme: &convene_core::Programme,
    day: &convene_core::view::DayView,
) -> Option<String> {
    let timed: Vec<String> = day
        .sessions
        .iter()
        .filter_map(|s| {
            let times: Vec<String> = s
                .times
                .as_ref()?
                .iter()
                .filter(|t| !t.reader)
                .map(|t| format!("{} {}", t.range_label.range, t.label))
                .collect();
            Some(format!("{} ({})", s.title.text, times.join(", ")))
        })
        .collect();
    if timed.is_empty() {
        return None;
    }
    let picture = convene_core::picture::DayPicture::build(programme, chrome.t.lang(), day);
    let description = chrome.t.message_with(
        "day-picture-alt",
        &[
            ("day", day.label.clone().into()),
            ("sessions", timed.join("; ").into()),
        ],
    );
    Some(crate::picture::render(
        &picture,
        &format!("picture-{}", day.date),
        format!("{} — {}", chrome.text("day-picture"), day.label),
        description,
        chrome.text("night"),
    ))
}

pub(crate) fn zone_heads(view: &ProgrammeView) -> Vec<ZoneHead> {
    view.zones
        .iter()
        .map(|z| ZoneHead {
            label: z.label.clone(),
            zone: z.zone.clone(),
        })
        .collect()
}

/// `GET /events/{event}/programme`, with `?day=`, `?kind=`, `?format=` filters and `?tz=`.
pub async fn programme(event: PublishedEvent) -> Response {
    let visit = &event.reader.visit;
    let document = event.reader.site().cache.get_or_render(
        event.generation,
        event.cache_key().as_deref(),
        || {
            let mut chrome = event.chrome(String::new());
            let view = event.view(chrome.t);
            chrome.title = format!(
                "{} — {}",
                chrome.t.message("nav-programme"),
                view.event.name.text
            );
            let (day, kind, format) = (
                visit.param("day"),
                visit.param("kind"),
                visit.param("format"),
            );
            let keep = |s: &SessionView| {
                kind.is_none_or(|k| s.kind.keyword() == k)
                    && format.is_none_or(|f| s.format.keyword() == f)
            };
            let mut days: Vec<DayRows> = view
                .days
                .iter()
                .filter(|d| day.is_none_or(|wanted| d.date.to_string() == wanted))
                .map(|d| DayRows {
                    date: d.date.to_string(),
                    label: d.label.clone(),
                    rows: d
                        .sessions
                        .iter()
                        .filter(|s| keep(s))
                        .map(|s| row(&chrome, &view, s))
                        .collect(),
                    picture: day_picture(&chrome, &event.published.programme, d),
                })
                .filter(|d| !d.rows.is_empty())
                .collect();
            if day.is_none() && !view.unscheduled.is_empty() {
                let rows: Vec<Row> = view
                    .unscheduled
                    .iter()
                    .filter(|s| keep(s))
                    .map(|s| row(&chrome, &view, s))
                    .collect();
                if !rows.is_empty() {
                    days.push(DayRows {
                        date: "tbc".into(),
                        label: chrome.t.message("heading-unscheduled"),
                        rows,
                        picture: None,
                    });
                }
            }
            let day_options = view
                .days
                .iter()
                .map(|d| Choice {
                    value: d.date.to_string(),
                    label: d.label.clone(),
                    selected: day == Some(&d.date.to_string()),
                })
                .collect();
            let kind_options = convene_core::SessionKind::ALL
                .iter()
                .filter(|k| view.sessions().any(|s| s.kind == **k))
                .map(|k| Choice {
                    value: k.keyword().to_owned(),
                    label: chrome.t.message(&format!("kind-{}", k.keyword())),
                    selected: kind == Some(k.keyword()),
                })
                .collect();
            let format_options = convene_core::Format::ALL
                .iter()
                .map(|f| Choice {
                    value: f.keyword().to_owned(),
                    label: chrome.t.message(&format!("format-{}", f.keyword())),
                    selected: format == Some(f.keyword()),
                })
                .collect();
            html(&ProgrammePage {
                version_label: event.version_label(chrome.t),
                calendar: CalendarLinks::new(event.reader.site(), event.id(), &chrome.lang),
                preliminary: view.event.status == Status::Preliminary,
                reader_zone: event.reader_zone().map(|z| z.name().to_owned()),
                zones: zone_heads(&view),
                chrome,
                days,
                day_options,
                kind_options,
                format_options,
                view,
            })
        },
    );
    page_response(&event.reader, document)
}

/// A permanent redirect from an address a session had before it was renamed (`{old}` or
/// `{old}.ics`) to its address now, with the same query; `None` for any other address.
fn renamed(event: &PublishedEvent, session: &str) -> Option<Response> {
    let (id, suffix) = match session.strip_suffix(".ics") {
        Some(id) => (id, ".ics"),
        None => (session, ""),
    };
    let programme = &event.published.programme;
    if programme.sessions.iter().any(|s| s.id.as_str() == id) {
        return None;
    }
    let now = programme.renamed_from(id)?;
    let query: Vec<(&str, &str)> = event
        .reader
        .visit
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let query = serde_urlencoded::to_string(query).unwrap_or_default();
    let mut location = format!("/events/{}/sessions/{}{suffix}", event.id(), now.id);
    if !query.is_empty() {
        location = format!("{location}?{query}");
    }
    // 301, which every client and search engine reads as "this address moved for good".
    Some((StatusCode::MOVED_PERMANENTLY, [(LOCATION, location)]).into_response())
}

/// `GET /events/{event}/sessions/{session}`, and `{session}.ics` for its calendar file.
pub async fn session(
    event: PublishedEvent,
    Path((_, session)): Path<(String, String)>,
) -> Result<Response, AppError> {
    if let Some(moved) = renamed(&event, &session) {
        return Ok(moved);
    }
    if let Some(id) = session.strip_suffix(".ics") {
        return crate::exports::session_calendar(&event, id);
    }
    if !event
        .published
        .programme
        .sessions
        .iter()
        .any(|s| s.id.as_str() == session)
    {
        return Err(AppError::NotFound);
    }
    let document = event.reader.site().cache.get_or_try_render(
        event.generation,
        event.cache_key().as_deref(),
        || {
            let mut chrome = event.chrome(String::new());
            let view = event.view(chrome.t);
            let session_view = view
                .sessions()
                .find(|s| s.id.as_str() == session)
                .cloned()
                .ok_or(AppError::NotFound)?;
            chrome.title = format!("{} — {}", session_view.title.text, view.event.name.text);
            let row = row(&chrome, &view, &session_view);
            let description = session_view
                .description
                .as_ref()
                .map(|d| markdown::html(&d.text));
            let description_note = session_view
                .description
                .as_ref()
                .map(|d| fallback_note(&chrome, d))
                .unwrap_or_default();
            Ok::<_, AppError>(html(&SessionPage {
                preliminary: view.event.status == Status::Preliminary,
                reader_zone: event.reader_zone().map(|z| z.name().to_owned()),
                zones: zone_heads(&view),
                chrome,
                session: session_view,
                row,
                description,
                description_note,
                view,
            }))
        },
    )?;
    Ok(page_response(&event.reader, document))
}

/// Any address that is not a page: a 404 page in the reader's language.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
