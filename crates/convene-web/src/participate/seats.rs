//! The seats of an event's sessions and days, apart from the cached programme: counts change every
//! second, pages do not. `GET /events/{event}/seats.json` gives each target's state ("open",
//! "seats-left", "waiting-list", "closed") in the reader's words; the session pages fill it in.
//! These counts are the only figures about people that leave the store.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use convene_core::registration::{Availability, Target};
use jiff::Timestamp;
use serde::Serialize;

use crate::AppState;
use crate::error::AppError;
use crate::request::PublishedEvent;

#[derive(Serialize)]
struct Seats {
    /// Whether the event takes registrations now.
    open: bool,
    targets: Vec<TargetSeats>,
}

#[derive(Serialize)]
struct TargetSeats {
    target: String,
    state: &'static str,
    seats_left: Option<u32>,
    label: String,
}

/// `GET /events/{event}/seats.json`
pub async fn seats(
    State(state): State<AppState>,
    event: PublishedEvent,
) -> Result<Response, AppError> {
    let now = Timestamp::now();
    let window = state.store.registration_window(event.id()).await?;
    let held = state.store.target_seats(event.id()).await?;
    let programme = &event.published.programme;
    let words = event.reader.words();
    let open = window.is_open(now);
    let targets = Target::all(programme)
        .into_iter()
        .map(|target| {
            let seats = held.iter().find(|s| s.setting.target == target);
            let availability = Availability::of(
                open,
                seats.and_then(|s| s.setting.capacity),
                seats.map_or(0, |s| s.held),
            );
            TargetSeats {
                target: target.key(),
                state: availability.keyword(),
                seats_left: match availability {
                    Availability::SeatsLeft(n) => Some(n),
                    _ => None,
                },
                label: availability.label(words),
            }
        })
        .collect();
    let body = serde_json::to_string(&Seats { open, targets }).unwrap_or_default();
    Ok((
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "public, max-age=5"),
        ],
        body,
    )
        .into_response())
}
