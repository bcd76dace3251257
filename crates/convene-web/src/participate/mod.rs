//! Taking part: the registration form, sign-in by email link, the participant's own page and
//! calendar, and the links of offered seats. Participants are not organisers: they have no
//! password and their own session cookie, valid on their event's addresses only.
//!
//! Nothing here is cached or shared: every page is made for the one person asking, and none of
//! what they typed reaches a public page.

pub mod announcements;
mod forms;
mod join;
pub mod mailing;
mod me;
pub mod notices;
mod offers;
mod register;
pub mod reminders;
mod seats;
mod session;
mod sign_in;
mod unsubscribe;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub(crate) use me::offer_end;
pub use offers::{OfferEnd, end_offer, expire_offer};
pub(crate) use register::person_fields;
pub use session::PARTICIPANT_COOKIE;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/events/{event}/register",
            get(register::form).post(register::submit),
        )
        .route("/events/{event}/registered", get(register::done))
        .route("/events/{event}/seats.json", get(seats::seats))
        .route(
            "/events/{event}/sign-in",
            get(sign_in::form).post(sign_in::send_link),
        )
        .route(
            "/events/{event}/sign-in/{token}",
            get(sign_in::confirm).post(sign_in::use_link),
        )
        .route("/events/{event}/me", get(me::page))
        .route("/events/{event}/me/details", post(me::change_details))
        .route("/events/{event}/me/cancel/{registration}", post(me::cancel))
        .route("/events/{event}/me/data.json", get(me::data))
        .route("/events/{event}/me/joins.json", get(me::joins))
        .route("/events/{event}/me/erase", post(me::erase))
        .route("/events/{event}/me/calendar", post(me::rotate_calendar))
        .route("/events/{event}/me/sign-out", post(me::sign_out))
        .route("/events/{event}/calendar/{token}", get(me::calendar))
        .route("/join/{token}", get(join::join))
        .route(
            "/unsubscribe/{token}",
            get(unsubscribe::page).post(unsubscribe::answer),
        )
        .route(
            "/events/{event}/offers/{token}",
            get(offers::page).post(offers::answer),
        )
}
