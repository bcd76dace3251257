//! A freed seat offered to the first on a waiting list: its link shows the session and until when
//! the seat is held, in the participant's zone, with a button to accept and one to decline. The
//! link's secret is the proof; no sign-in is needed.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use convene_core::registration::State as RegistrationState;
use convene_core::registration::agenda::{Agenda, Entry};
use jiff::Timestamp;

use super::forms::Posted;
use super::mailing;
use super::me::offer_end;
use crate::AppState;
use crate::error::AppError;
use crate::organiser::check_form;
use crate::page::Chrome;
use crate::request::PublishedEvent;

#[derive(Template)]
#[template(path = "participate/offer.html")]
struct OfferPage<'a> {
    chrome: Chrome<'a>,
    event: String,
    lang: String,
    token: String,
    agenda: Option<Agenda>,
    /// What became of the offer, once answered or ended.
    outcome: Option<String>,
}

fn clean(token: &str) -> Option<String> {
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then(|| token.to_owned())
}

fn show(
    event: &PublishedEvent,
    token: String,
    agenda: Option<Agenda>,
    outcome: Option<String>,
    status: StatusCode,
) -> Response {
    let words = event.reader.words();
    let page = OfferPage {
        chrome: event.chrome(words.message("offer-title")),
        event: event.id().to_owned(),
        lang: words.lang().to_string(),
        token,
        agenda,
        outcome,
    };
    (
        status,
        [
            (CACHE_CONTROL, "no-store"),
            // Not `no-referrer`: browsers then send `Origin: null` with the answer's POST, which
            // is refused as coming from elsewhere. The link's secret still never leaves the site.
            (REFERRER_POLICY, "same-origin"),
        ],
        Html(page.render().unwrap_or_default()),
    )
        .into_response()
}

async fn page_of(
    state: &AppState,
    event: &PublishedEvent,
    token: &str,
) -> Result<Response, AppError> {
    let words = event.reader.words();
    let Some(token) = clean(token) else {
        return Ok(show(
            event,
            String::new(),
            None,
            Some(words.message("offer-gone")),
            StatusCode::NOT_FOUND,
        ));
    };
    let Some(record) = state.store.offer_by_token(&token).await? else {
        return Ok(show(
            event,
            String::new(),
            None,
            Some(words.message("offer-gone")),
            StatusCode::NOT_FOUND,
        ));
    };
    let participant = state.store.participant(&record.participant_id).await?;
    let Some(who) = participant.and_then(|p| p.details) else {
        return Err(AppError::NotFound);
    };
    if record
        .offer_until
        .is_some_and(|until| until <= Timestamp::now())
    {
        return Ok(show(
            event,
            String::new(),
            None,
            Some(words.message("offer-gone")),
            StatusCode::GONE,
        ));
    }
    let entry = Entry {
        target: record.target.clone(),
        state: record.state,
        position: None,
        offer_until: record.offer_until,
    };
    let agenda = Agenda::build(
        &event.published.programme,
        words.lang(),
        &who.zone,
        &[entry],
    );
    Ok(show(event, token, Some(agenda), None, StatusCode::OK))
}

/// `GET /events/{event}/offers/{token}`
pub async fn page(
    State(state): State<AppState>,
    event: PublishedEvent,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    page_of(&state, &event, &token).await
}

/// `POST /events/{event}/offers/{token}`: `answer=accept` or `answer=decline`.
pub async fn answer(
    State(state): State<AppState>,
    event: PublishedEvent,
    headers: HeaderMap,
    Path((_, token)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let words = event.reader.words();
    let Some(token) = clean(&token) else {
        return Err(AppError::NotFound);
    };
    // The link's secret stands for the form's token; the request must come from this site.
    check_form(&headers, &token, &token)?;
    let posted = Posted::parse(&body);
    let Some(record) = state.store.offer_by_token(&token).await? else {
        return Ok(show(
            &event,
            String::new(),
            None,
            Some(words.message("offer-gone")),
            StatusCode::GONE,
        ));
    };
    let Some(participant) = state.store.participant(&record.participant_id).await? else {
        return Err(AppError::NotFound);
    };
    if participant.event_id != event.id() {
        return Err(AppError::NotFound);
    }
    let now = Timestamp::now();
    let programme = &event.published.programme;
    let mut unit = state.store.begin("answering an offer").await?;
    let outcome = match posted.one("answer").as_str() {
        "accept" => match unit.accept_offer(&token, now).await? {
            Some(confirmed) => {
                mailing::changed(
                    &mut unit,
                    &state,
                    &event.published,
                    &participant,
                    &confirmed,
                    now,
                )
                .await?;
                unit.record_audit(
                    now,
                    None,
                    "accept-offer",
                    Some(event.id()),
                    &format!("participant {}: {}", participant.id, confirmed.target),
                )
                .await?;
                words.message("offer-accepted")
            }
            None => words.message("offer-gone"),
        },
        "decline" => {
            let window = state.store.registration_window(event.id()).await?;
            let ends = offer_end(programme, window.offer_hours, now);
            match unit.decline_offer(&token, now, &ends).await? {
                Some((declined, offers)) => {
                    mailing::offers(&mut unit, &state, &event.published, &offers, now).await?;
                    unit.record_audit(
                        now,
                        None,
                        "decline-offer",
                        Some(event.id()),
                        &format!("participant {}: {}", participant.id, declined.target),
                    )
                    .await?;
                    words.message("offer-declined")
                }
                None => words.message("offer-gone"),
            }
        }
        _ => return Err(AppError::BadRequest(words.message("offer-answer"))),
    };
    unit.commit().await?;
    let state_now = state
        .store
        .registrations_of(&participant.id)
        .await?
        .into_iter()
        .find(|r| r.id == record.id);
    let status = match state_now.map(|r| r.state) {
        Some(RegistrationState::Confirmed) | Some(RegistrationState::Cancelled) => StatusCode::OK,
        _ => StatusCode::GONE,
    };
    Ok(show(&event, String::new(), None, Some(outcome), status))
}

/// The handler of [`convene_store::EXPIRE_OFFER`] jobs: an offer that ran out unanswered ends, its
/// participant is told, and the seat passes to the next in line, in one unit of work. A job that
/// runs before the offer's end (a node whose clock is behind) fails, to be tried again later.
pub fn expire_offer(
    state: AppState,
) -> impl Fn(convene_store::ClaimedJob) -> crate::jobs::JobRun + Send + Sync + 'static {
    crate::jobs::handler(
        state,
        |state: AppState, job: convene_store::ClaimedJob| async move {
            #[derive(serde::Deserialize)]
            struct Payload {
                registration: String,
            }
            let payload: Payload = crate::jobs::payload(&job)?;
            match end_offer(&state, &payload.registration, Timestamp::now()).await {
                Ok(OfferEnd::Ended | OfferEnd::Answered) => Ok(()),
                Ok(OfferEnd::Running(until)) => Err(format!("the offer runs until {until}")),
                Err(e) => Err(format!("{e:?}")),
            }
        },
    )
}

/// What became of an offer when its end came.
#[derive(Debug, PartialEq, Eq)]
pub enum OfferEnd {
    /// It ran out: its participant was told, and the seat went to the next in line.
    Ended,
    /// It had been accepted, declined or cancelled before.
    Answered,
    /// It runs until then.
    Running(Timestamp),
}

/// Ends registration `registration`'s offer if it ran out by `now`.
pub async fn end_offer(
    state: &AppState,
    registration: &str,
    now: Timestamp,
) -> Result<OfferEnd, AppError> {
    let mut unit = state.store.begin("ending an offer").await?;
    let Some((event_id, before)) = unit.registration(registration).await? else {
        return Ok(OfferEnd::Answered);
    };
    // An event no longer published makes no more offers; the seat waits for an organiser.
    let published = state.catalog.get(&event_id);
    let window = state.store.registration_window(&event_id).await?;
    let programme = published.as_ref().map(|p| &p.programme);
    let ends = |target: &convene_core::registration::Target| {
        let programme = programme?;
        convene_core::registration::offer_expiry(now, target.start(programme), window.offer_hours)
    };
    let Some((record, offers)) = unit.expire_offer(registration, now, &ends).await? else {
        let running = before
            .offer_until
            .filter(|_| before.state == RegistrationState::Offered);
        unit.rollback().await?;
        return Ok(match running {
            Some(until) => OfferEnd::Running(until),
            None => OfferEnd::Answered,
        });
    };
    if let Some(published) = &published {
        if let Some(participant) = state.store.participant(&record.participant_id).await? {
            mailing::changed(&mut unit, state, published, &participant, &record, now).await?;
        }
        mailing::offers(&mut unit, state, published, &offers, now).await?;
    }
    unit.record_audit(
        now,
        None,
        "offer-expired",
        Some(&event_id),
        &format!("participant {}: {}", record.participant_id, record.target),
    )
    .await?;
    unit.commit().await?;
    Ok(OfferEnd::Ended)
}
