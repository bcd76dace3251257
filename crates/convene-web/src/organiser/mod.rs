//! The organiser area under `/organiser`: sign in, edit the draft programme, publish versions.
//! Every route answers an anonymous visitor with a redirect to the login page; every form checks its
//! CSRF token and the organiser's role.

mod accounts;
mod attendance;
mod auth;
pub mod credentials;
mod days;
mod events;
pub(crate) mod field;
mod introduction;
mod invitations;
mod joining;
mod limits;
mod login;
mod messages;
mod new_event;
mod outbox;
mod part;
mod people;
mod registration;
mod registrations;
mod rows;
mod session_form;
mod settings;
mod throttle;
mod timetable;
mod venues;
mod zones;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;
use days::Days;
use introduction::Introduction;
use people::People;
use venues::Venues;
use zones::Zones;

pub use auth::{SESSION_COOKIE, check_form, cookie};
pub(crate) use field::{Field, FieldErrors, FieldKind};
pub(crate) use part::zone_names;
pub(crate) use session_form::suggestions::duration_text;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organiser", get(events::dashboard))
        .route("/organiser/login", get(login::form).post(login::sign_in))
        .route("/organiser/logout", post(login::sign_out))
        .route(
            "/organiser/logout-everywhere",
            post(login::sign_out_everywhere),
        )
        .route(
            "/organiser/password/{token}",
            get(login::password_form).post(login::set_password),
        )
        .route("/organiser/audit", get(events::audit))
        .route("/organiser/outbox", get(outbox::list))
        .route("/organiser/outbox/{id}", get(outbox::message))
        .route(
            "/organiser/users",
            get(accounts::list).post(accounts::invite),
        )
        .route("/organiser/users/{id}/role", post(accounts::change_role))
        .route(
            "/organiser/users/{id}/events",
            post(accounts::change_event_roles),
        )
        // A route word in the place of an event's id: "new" is refused as an id (see new_event.rs).
        .route(
            "/organiser/events/new",
            get(new_event::form).post(new_event::create),
        )
        .route("/organiser/events/{event}", get(events::draft))
        .route("/organiser/events/{event}/publish", post(events::publish))
        .route(
            "/organiser/events/{event}/settings",
            get(settings::edit).post(settings::save),
        )
        .route(
            "/organiser/events/{event}/registration",
            get(registration::show).post(registration::save),
        )
        .route(
            "/organiser/events/{event}/joining",
            get(joining::show).post(joining::save),
        )
        .route(
            "/organiser/events/{event}/messages",
            get(messages::show).post(messages::post),
        )
        .route(
            "/organiser/events/{event}/attendance",
            get(attendance::page),
        )
        .route(
            "/organiser/events/{event}/attendance.csv",
            get(attendance::csv),
        )
        .route(
            "/organiser/events/{event}/invitations",
            post(invitations::create),
        )
        .route(
            "/organiser/events/{event}/introduction",
            get(part::show::<Introduction>).post(part::save::<Introduction>),
        )
        .route(
            "/organiser/events/{event}/days",
            get(part::show::<Days>).post(part::save::<Days>),
        )
        .route(
            "/organiser/events/{event}/venues",
            get(part::show::<Venues>).post(part::save::<Venues>),
        )
        .route(
            "/organiser/events/{event}/zones",
            get(part::show::<Zones>).post(part::save::<Zones>),
        )
        .route(
            "/organiser/events/{event}/people",
            get(part::show::<People>).post(part::save::<People>),
        )
        .route(
            "/organiser/events/{event}/sessions/{session}/duplicate",
            post(session_form::duplicate),
        )
        .route(
            "/organiser/events/{event}/programme.toml",
            get(events::download),
        )
        .route(
            "/organiser/events/{event}/preview",
            get(session_form::preview),
        )
        .route(
            "/organiser/events/{event}/suggestions",
            get(session_form::suggestions),
        )
        .route(
            "/organiser/events/{event}/sessions/{session}",
            get(session_form::edit).post(session_form::save),
        )
        .route(
            "/organiser/events/{event}/sessions/{session}/delete",
            post(session_form::delete),
        )
        .route(
            "/organiser/events/{event}/sessions/{session}/rename",
            post(session_form::rename),
        )
        .route(
            "/organiser/events/{event}/sessions/{session}/move",
            post(timetable::move_session),
        )
        .route("/organiser/events/{event}/timetable", get(timetable::page))
        .route(
            "/organiser/events/{event}/registrations",
            get(registrations::page),
        )
        .route(
            "/organiser/events/{event}/registrations.csv",
            get(registrations::csv),
        )
        .route(
            "/organiser/events/{event}/registrations/{registration}/approve",
            post(registrations::approve),
        )
        .route(
            "/organiser/events/{event}/registrations/{registration}/decline",
            post(registrations::decline),
        )
        .route(
            "/organiser/events/{event}/registrations/{registration}/cancel",
            post(registrations::cancel),
        )
        .route(
            "/organiser/events/{event}/registrations/{registration}/move",
            post(registrations::move_to),
        )
        // A route word of its own, never in the place of a registration's id.
        .route(
            "/organiser/events/{event}/add-registration",
            get(registrations::add_form).post(registrations::add),
        )
        // A route word of its own, never in the place of a session's id: any id is a session's.
        .route(
            "/organiser/events/{event}/new-session",
            get(session_form::new_session).post(session_form::create),
        )
}
