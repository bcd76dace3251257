//! `/join/{token}`: a participant's personal way into an online session. The link is theirs and
//! this session's; at the moment of the click it checks that their registration is confirmed and
//! that it is time (from the event's window before the start until the end), notes the click, and
//! sends the browser to the room of their interpretation language (`?channel=` picks another,
//! `?channel=main` the main room). Otherwise it says why, and when it opens in their zone, and
//! never shows where the room is.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, LOCATION, REFERRER_POLICY};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use convene_core::registration::agenda::{Agenda, Entry};
use convene_core::registration::joining::{WindowState, is_joinable};
use convene_core::registration::{State as RegistrationState, Target};
use convene_core::{Language, Programme, Zone};
use convene_store::{Attended, JoinTicket};
use jiff::Timestamp;

use crate::AppState;
use crate::error::AppError;
use crate::page::{Chrome, Visit};
use crate::request::{PublishedEvent, Reader};

#[derive(Template)]
#[template(path = "participate/join.html")]
struct JoinPage<'a> {
    chrome: Chrome<'a>,
    event: String,
    lang: String,
    /// Why the room is not shown, and what to do.
    message: String,
    agenda: Option<Agenda>,
    /// Seconds until the way in opens, for the page to load itself again then (within the hour).
    refresh: Option<i64>,
}

/// `GET /join/{token}`
pub async fn join(
    State(state): State<AppState>,
    Path(token): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let now = Timestamp::now();
    let Some(ticket) = state.store.join_ticket(&token).await? else {
        return Ok(nowhere(&state, &uri, headers));
    };
    let Some(published) = state.catalog.get(&ticket.event_id) else {
        return Ok(nowhere(&state, &uri, headers));
    };
    let language = ticket
        .language
        .clone()
        .unwrap_or_else(|| published.programme.event.source_language.clone());
    let event = PublishedEvent {
        generation: state.catalog.generation(),
        reader: Reader::new(
            Arc::clone(&state.site),
            Visit::new(&uri, headers),
            language.as_str(),
        ),
        published,
    };
    let words = event.reader.words();
    let zone = ticket
        .zone
        .clone()
        .unwrap_or_else(|| event.published.programme.event.host_zone.clone());
    if ticket.state != RegistrationState::Confirmed {
        return Ok(explain(
            &event,
            &ticket,
            &zone,
            "join-not-confirmed",
            None,
            StatusCode::FORBIDDEN,
        ));
    }
    let programme = &event.published.programme;
    let found = match &ticket.target {
        Target::Session(identity) => Some(programme.session_by_identity(identity)),
        Target::Day(_) => None,
    };
    let (session, identity) = match found {
        Some(Some(session)) if is_joinable(session) => (session, session.identity()),
        Some(None) => {
            return Ok(explain(
                &event,
                &ticket,
                &zone,
                "join-session-gone",
                None,
                StatusCode::GONE,
            ));
        }
        _ => {
            return Ok(explain(
                &event,
                &ticket,
                &zone,
                "join-not-online",
                None,
                StatusCode::NOT_FOUND,
            ));
        }
    };
    let rooms = state.rooms.of(&state.store, event.id()).await?;
    let Some(window) = rooms.joining.window(programme, session) else {
        return Ok(explain(
            &event,
            &ticket,
            &zone,
            "join-no-time",
            None,
            StatusCode::FORBIDDEN,
        ));
    };
    match window.state(now) {
        WindowState::NotYet { opens } => {
            let local = zone.tz().to_datetime(opens);
            let message = words.message_with(
                "join-not-yet",
                &[
                    ("opens", words.date_time(local).into()),
                    ("zone", zone.name().into()),
                    ("left", left(opens, now, words).into()),
                ],
            );
            let seconds = opens.duration_since(now).as_secs();
            let refresh = (seconds <= 3600).then_some(seconds + 1);
            return Ok(explain_with(
                &event,
                &ticket,
                &zone,
                message,
                refresh,
                StatusCode::FORBIDDEN,
            ));
        }
        WindowState::Over => {
            return Ok(explain(
                &event,
                &ticket,
                &zone,
                "join-over",
                None,
                StatusCode::GONE,
            ));
        }
        WindowState::Open => {}
    }
    let Some(room) = rooms.room(identity) else {
        return Ok(explain(
            &event,
            &ticket,
            &zone,
            "join-no-room",
            Some(60),
            StatusCode::NOT_FOUND,
        ));
    };
    let asked = event.reader.visit.query.get("channel").map(String::as_str);
    let preferred: Option<Language> = match asked {
        Some("main") => None,
        Some(code) => Language::parse(code).ok(),
        None => ticket.interpretation.clone().or(ticket.language.clone()),
    };
    let way_in = room.way_in(preferred.as_ref());
    state.attendance.record(Attended {
        event_id: ticket.event_id.clone(),
        registration_id: ticket.registration_id.clone(),
        channel: way_in.language.cloned(),
        at: now,
    });
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = way_in.url.parse() {
        headers.insert(LOCATION, location);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

/// "2 h 10 min", "5 min", at least a minute.
fn left(opens: Timestamp, now: Timestamp, words: &convene_core::locale::Localizer) -> String {
    let minutes = (opens.duration_since(now).as_secs() + 59) / 60;
    crate::organiser::duration_text(minutes.max(1), words)
}

/// A link that leads nowhere: unknown, revoked, or its event gone.
fn nowhere(state: &AppState, uri: &Uri, headers: HeaderMap) -> Response {
    let reader = Reader::new(Arc::clone(&state.site), Visit::new(uri, headers), "fr");
    let words = reader.words();
    let page = JoinPage {
        chrome: reader.chrome(words.message("join-title")),
        event: String::new(),
        lang: words.lang().to_string(),
        message: words.message("join-unknown"),
        agenda: None,
        refresh: None,
    };
    private(StatusCode::NOT_FOUND, page.render().unwrap_or_default())
}

fn explain(
    event: &PublishedEvent,
    ticket: &JoinTicket,
    zone: &Zone,
    message: &str,
    refresh: Option<i64>,
    status: StatusCode,
) -> Response {
    let message = event.reader.words().message(message);
    explain_with(event, ticket, zone, message, refresh, status)
}

/// The page that says why the link does not lead into the room now, with the session's times in
/// the participant's zone and the event's.
fn explain_with(
    event: &PublishedEvent,
    ticket: &JoinTicket,
    zone: &Zone,
    message: String,
    refresh: Option<i64>,
    status: StatusCode,
) -> Response {
    let words = event.reader.words();
    let agenda = Agenda::build(
        &event.published.programme,
        words.lang(),
        zone,
        &[Entry {
            target: ticket.target.clone(),
            state: ticket.state,
            position: None,
            offer_until: None,
        }],
    );
    let page = JoinPage {
        chrome: event.chrome(words.message("join-title")),
        event: event.id().to_owned(),
        lang: words.lang().to_string(),
        message,
        agenda: Some(agenda),
        refresh,
    };
    private(status, page.render().unwrap_or_default())
}

/// A page for this person alone: never kept by a cache, and its address never sent on.
fn private(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (CACHE_CONTROL, "no-store"),
            (REFERRER_POLICY, "no-referrer"),
        ],
        Html(html),
    )
        .into_response()
}

/// "Join" on a participant's page, for one confirmed registration for an online session.
pub struct JoinLine {
    /// Their personal link.
    pub url: String,
    /// Whether the room is open now.
    pub open: bool,
    /// Until then: when it opens, in their zone, and how long until then.
    pub when: Option<String>,
    /// While open: the other ways in, each a label and a link ("English", "Main room").
    pub others: Vec<(String, String)>,
    /// While open: the passcode of their channel, and the organisers' note.
    pub passcode: Option<String>,
    pub note: Option<String>,
}

/// The join lines of a participant's registrations, by registration id: one per confirmed
/// registration for an online or hybrid session that has not ended. Personal links missing so far
/// are made here, in one unit of work.
pub async fn join_lines(
    state: &AppState,
    event: &PublishedEvent,
    participant_id: &str,
    records: &[convene_store::RegistrationRecord],
    zone: &Zone,
    interpretation: Option<&Language>,
    now: Timestamp,
) -> Result<Vec<(String, JoinLine)>, AppError> {
    let programme = &event.published.programme;
    let joinable = joinable(programme, records);
    if joinable.is_empty() {
        return Ok(Vec::new());
    }
    let tokens = personal_links(state, participant_id, &joinable, now).await?;
    let rooms = state.rooms.of(&state.store, event.id()).await?;
    let joining = &rooms.joining;
    let words = event.reader.words();
    let mut lines = Vec::new();
    for (record, session) in joinable {
        let Some(token) = tokens
            .iter()
            .find(|(id, _)| id == &record.id)
            .map(|(_, t)| t)
        else {
            continue;
        };
        let Some(window) = joining.window(programme, session) else {
            continue;
        };
        let url = format!("{}/join/{token}", state.site.base_url);
        let line = match window.state(now) {
            WindowState::Over => continue,
            WindowState::NotYet { opens } => JoinLine {
                when: Some(words.message_with(
                    "join-opens",
                    &[
                        (
                            "opens",
                            words.date_time(zone.tz().to_datetime(opens)).into(),
                        ),
                        ("zone", zone.name().into()),
                        ("left", left(opens, now, words).into()),
                    ],
                )),
                url,
                open: false,
                others: Vec::new(),
                passcode: None,
                note: None,
            },
            WindowState::Open => {
                let Some(room) = rooms.room(session.identity()) else {
                    continue;
                };
                let way_in = room.way_in(interpretation);
                let mut others: Vec<(String, String)> = room
                    .channels
                    .iter()
                    .filter(|c| Some(&c.language) != way_in.language)
                    .map(|c| {
                        (
                            words.language_name(&c.language),
                            format!("{url}?channel={}", c.language),
                        )
                    })
                    .collect();
                if way_in.language.is_some() {
                    others.push((
                        words.message("join-main-room"),
                        format!("{url}?channel=main"),
                    ));
                }
                JoinLine {
                    url,
                    open: true,
                    when: None,
                    others,
                    passcode: way_in.passcode.map(str::to_owned),
                    note: room
                        .note(words.lang(), &programme.event.source_language)
                        .map(str::to_owned),
                }
            }
        };
        lines.push((record.id.clone(), line));
    }
    Ok(lines)
}

/// The confirmed registrations of `records` for online or hybrid sessions still in `programme`.
fn joinable<'a>(
    programme: &'a Programme,
    records: &'a [convene_store::RegistrationRecord],
) -> Vec<(
    &'a convene_store::RegistrationRecord,
    &'a convene_core::Session,
)> {
    records
        .iter()
        .filter(|r| r.state == RegistrationState::Confirmed)
        .filter_map(|r| match &r.target {
            Target::Session(id) => programme
                .session_by_identity(id)
                .filter(|s| is_joinable(s))
                .map(|s| (r, s)),
            Target::Day(_) => None,
        })
        .collect()
}

/// The personal links of `joinable` registrations of a participant, by registration id; those
/// missing so far are made, in one unit of work.
async fn personal_links(
    state: &AppState,
    participant_id: &str,
    joinable: &[(&convene_store::RegistrationRecord, &convene_core::Session)],
    now: Timestamp,
) -> Result<Vec<(String, String)>, AppError> {
    let mut tokens = state.store.join_links_of(participant_id).await?;
    let missing: Vec<String> = joinable
        .iter()
        .filter(|(r, _)| !tokens.iter().any(|(id, _)| id == &r.id))
        .map(|(r, _)| r.id.clone())
        .collect();
    if !missing.is_empty() {
        let store = state.store.clone();
        let made = state
            .store
            .writing(async move {
                let mut unit = store.begin("making join links").await?;
                let mut made = Vec::new();
                for id in missing {
                    let token = unit.join_link(&id, now).await?;
                    made.push((id, token));
                }
                unit.commit().await?;
                Ok::<_, convene_store::StoreError>(made)
            })
            .await?;
        tokens.extend(made);
    }
    Ok(tokens)
}

/// A participant's personal links by session identity, for their calendar feed: one for each
/// confirmed registration for an online or hybrid session.
pub async fn feed_links(
    state: &AppState,
    programme: &Programme,
    participant_id: &str,
    records: &[convene_store::RegistrationRecord],
    now: Timestamp,
) -> Result<Vec<(convene_core::Slug, String)>, AppError> {
    let joinable = joinable(programme, records);
    if joinable.is_empty() {
        return Ok(Vec::new());
    }
    let tokens = personal_links(state, participant_id, &joinable, now).await?;
    Ok(joinable
        .iter()
        .filter_map(|(record, session)| {
            let token = tokens.iter().find(|(id, _)| id == &record.id)?;
            Some((
                session.identity().clone(),
                format!("{}/join/{}", state.site.base_url, token.1),
            ))
        })
        .collect())
}
