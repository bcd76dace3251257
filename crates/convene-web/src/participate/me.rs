//! The participant's own page, `/events/{event}/me`: where each registration stands, their agenda
//! in their zone beside the event's, their details, their calendar's secret address, a copy of
//! their data and the button that erases it.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, REFERRER_POLICY, SET_COOKIE,
};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::registration::agenda::{self, Agenda, Entry};
use convene_core::registration::form::{self, RegistrationForm};
use convene_core::registration::{Registrant, Target};
use convene_core::{ExportContext, Keyword, Programme};
use convene_store::{Participant, RegistrationRecord};
use jiff::Timestamp;

use super::forms::Posted;
use super::mailing;
use super::session::{SignedIn, session_cookie};
use crate::AppState;
use crate::error::AppError;
use crate::organiser::{Field, FieldErrors, FieldKind, check_form};
use crate::page::Chrome;
use crate::request::PublishedEvent;

/// One registration on the page, with what can be done with it.
pub struct Line {
    pub id: String,
    pub cancellable: bool,
    /// For a confirmed registration for an online session: the way in.
    pub join: Option<super::join::JoinLine>,
}

#[derive(Template)]
#[template(path = "participate/me.html")]
struct MePage<'a> {
    chrome: Chrome<'a>,
    event: String,
    lang: String,
    csrf: String,
    name: String,
    email: String,
    agenda: Agenda,
    lines: Vec<Line>,
    feed: String,
    fields: Vec<Field>,
    errors: Vec<String>,
    zone_names: Vec<String>,
}

#[derive(Template)]
#[template(path = "participate/erased.html")]
struct ErasedPage<'a> {
    chrome: Chrome<'a>,
    event: String,
    lang: String,
}

/// The registrations as the agenda takes them.
pub fn entries(records: &[RegistrationRecord]) -> Vec<Entry> {
    records
        .iter()
        .map(|r| Entry {
            target: r.target.clone(),
            state: r.state,
            position: r.position,
            offer_until: r.offer_until,
        })
        .collect()
}

fn details(participant: &Participant) -> Result<&Registrant, AppError> {
    participant.details.as_ref().ok_or(AppError::NotFound)
}

/// `GET /events/{event}/me`
pub async fn page(
    State(state): State<AppState>,
    event: PublishedEvent,
    me: SignedIn,
) -> Result<Response, AppError> {
    render(
        &state,
        &event,
        &me,
        None,
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

async fn render(
    state: &AppState,
    event: &PublishedEvent,
    me: &SignedIn,
    typed: Option<&RegistrationForm>,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let who = details(&me.participant)?;
    let words = event.reader.words();
    let lang = words.lang().clone();
    let records = state.store.registrations_of(&me.participant.id).await?;
    let programme = &event.published.programme;
    let agenda = Agenda::build(programme, &lang, &who.zone, &entries(&records));
    let mut joins = super::join::join_lines(
        state,
        event,
        &me.participant.id,
        &records,
        &who.zone,
        who.interpretation.as_ref().or(Some(&who.language)),
        Timestamp::now(),
    )
    .await?;
    let lines = agenda
        .items
        .iter()
        .map(|item| {
            let record = records.iter().find(|r| r.target.key() == item.target);
            let id = record.map(|r| r.id.clone()).unwrap_or_default();
            let join = joins
                .iter()
                .position(|(of, _)| of == &id)
                .map(|at| joins.swap_remove(at).1);
            Line {
                id,
                cancellable: record.is_some_and(|r| r.state.is_active()),
                join,
            }
        })
        .collect();
    let feed = format!(
        "{}/events/{}/calendar/{}.ics",
        state.site.base_url,
        event.id(),
        me.participant.feed_token.as_deref().unwrap_or_default()
    );
    let current = typed.cloned().unwrap_or_else(|| RegistrationForm {
        name: who.name.clone(),
        category: who.category.keyword().to_owned(),
        city: who.city.clone().unwrap_or_default(),
        country: who.country.clone().unwrap_or_default(),
        organisation: who.organisation.clone().unwrap_or_default(),
        language: who.language.to_string(),
        interpretation: who
            .interpretation
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        zone: who.zone.name().to_owned(),
        accessibility: who.accessibility.clone().unwrap_or_default(),
        dietary: who.dietary.clone().unwrap_or_default(),
        ..RegistrationForm::default()
    });
    // The registration form's fields, but the email (who they are here) and an invitation code.
    let (fields, extra) = super::register::person_fields(words, programme, &current, errors);
    let fields: Vec<Field> = fields
        .into_iter()
        .chain(extra)
        .filter(|f| f.name != "email" && f.name != "invitation_code")
        .collect();
    let page = MePage {
        chrome: event.chrome(words.message("me-title")),
        event: event.id().to_owned(),
        lang: lang.to_string(),
        csrf: me.csrf.clone(),
        name: who.name.clone(),
        email: who.email.clone(),
        agenda,
        lines,
        feed,
        fields,
        errors: if errors.is_empty() {
            Vec::new()
        } else {
            vec![words.message("reg-fix-fields")]
        },
        zone_names: crate::organiser::zone_names(),
    };
    Ok((
        status,
        [(CACHE_CONTROL, "no-store")],
        Html(page.render().unwrap_or_default()),
    )
        .into_response())
}

fn back_to_page(event: &PublishedEvent) -> Response {
    let lang = event.reader.words().lang().to_string();
    Redirect::to(&format!("/events/{}/me?lang={lang}", event.id())).into_response()
}

/// Until when an offer made now of each target holds.
pub(crate) fn offer_end(
    programme: &Programme,
    offer_hours: u32,
    now: Timestamp,
) -> impl Fn(&Target) -> Option<Timestamp> + Send + Sync + '_ {
    move |target| {
        convene_core::registration::offer_expiry(now, target.start(programme), offer_hours)
    }
}

/// `POST /events/{event}/me/cancel/{registration}`
pub async fn cancel(
    State(state): State<AppState>,
    event: PublishedEvent,
    me: SignedIn,
    headers: HeaderMap,
    Path((_, registration)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let posted = Posted::parse(&body);
    check_form(&headers, &me.csrf, &posted.one("csrf"))?;
    let records = state.store.registrations_of(&me.participant.id).await?;
    if !records.iter().any(|r| r.id == registration) {
        return Err(AppError::NotFound);
    }
    let now = Timestamp::now();
    let programme = &event.published.programme;
    let window = state.store.registration_window(event.id()).await?;
    let ends = offer_end(programme, window.offer_hours, now);
    let mut unit = state.store.begin("cancelling a registration").await?;
    if let Some((record, offers)) = unit.cancel_registration(&registration, now, &ends).await? {
        mailing::changed(
            &mut unit,
            &state,
            &event.published,
            &me.participant,
            &record,
            now,
        )
        .await?;
        mailing::offers(&mut unit, &state, &event.published, &offers, now).await?;
        unit.record_audit(
            now,
            None,
            "cancel-registration",
            Some(event.id()),
            &format!("participant {}: {}", me.participant.id, record.target),
        )
        .await?;
    }
    unit.commit().await?;
    Ok(back_to_page(&event))
}

/// `POST /events/{event}/me/details`
pub async fn change_details(
    State(state): State<AppState>,
    event: PublishedEvent,
    me: SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let posted = Posted::parse(&body);
    check_form(&headers, &me.csrf, &posted.one("csrf"))?;
    let who = details(&me.participant)?;
    let programme = &event.published.programme;
    let cut = |name: &str| posted.one(name).chars().take(4000).collect::<String>();
    let records = state.store.registrations_of(&me.participant.id).await?;
    // The check wants what the registration form has; the email and the choices stay as they are.
    let targets: Vec<String> = records
        .iter()
        .map(|r| r.target.clone())
        .chain(Target::all(programme))
        .filter(|t| t.exists_in(programme))
        .map(|t| t.key())
        .collect();
    let typed = RegistrationForm {
        name: cut("name"),
        email: who.email.clone(),
        category: cut("category"),
        city: cut("city"),
        country: cut("country"),
        organisation: cut("organisation"),
        language: cut("language"),
        interpretation: cut("interpretation"),
        zone: cut("zone"),
        accessibility: cut("accessibility"),
        dietary: cut("dietary"),
        consent: true,
        targets,
        invitation_code: String::new(),
        website: String::new(),
    };
    let checked = match form::check(&typed, programme) {
        Ok(checked) => checked,
        Err(problems) => {
            let words = event.reader.words();
            let errors: FieldErrors = problems
                .iter()
                .map(|p| (p.field.name().to_owned(), p.message(words)))
                .collect();
            return render(
                &state,
                &event,
                &me,
                Some(&typed),
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let mut registrant = checked.registrant;
    // Dietary needs are kept whatever is chosen here: this form chooses no sessions.
    registrant.dietary = Some(typed.dietary.trim().to_owned()).filter(|d| !d.is_empty());
    let now = Timestamp::now();
    let mut unit = state
        .store
        .begin("changing a participant's details")
        .await?;
    unit.update_participant(&me.participant.id, &registrant, now)
        .await?;
    unit.record_audit(
        now,
        None,
        "change-participant",
        Some(event.id()),
        &format!("participant {}", me.participant.id),
    )
    .await?;
    unit.commit().await?;
    Ok(back_to_page(&event))
}

/// `GET /events/{event}/me/data.json`: everything kept about the participant.
pub async fn data(State(state): State<AppState>, me: SignedIn) -> Result<Response, AppError> {
    let who = details(&me.participant)?;
    let records = state.store.registrations_of(&me.participant.id).await?;
    let registrations: Vec<serde_json::Value> = records
        .iter()
        .map(|r| {
            serde_json::json!({
                "target": r.target.key(),
                "state": r.state.keyword(),
                "waiting_position": r.position,
                "offer_until": r.offer_until.map(|t| t.to_string()),
                "registered_at": r.created_at.to_string(),
                "changed_at": r.updated_at.to_string(),
            })
        })
        .collect();
    let body = serde_json::json!({
        "event": me.participant.event_id,
        "participant": {
            "name": who.name,
            "email": who.email,
            "category": who.category.keyword(),
            "city": who.city,
            "country": who.country,
            "organisation": who.organisation,
            "language": who.language.to_string(),
            "interpretation": who.interpretation.as_ref().map(ToString::to_string),
            "time_zone": who.zone.name(),
            "accessibility": who.accessibility,
            "dietary": who.dietary,
            "registered_at": me.participant.created_at.to_string(),
            "changed_at": me.participant.updated_at.to_string(),
        },
        "registrations": registrations,
        "messages": state.store.outbox_of(&me.participant.id).await?,
    });
    Ok((
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "no-store"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"my-registration.json\"",
            ),
        ],
        serde_json::to_string_pretty(&body).unwrap_or_default(),
    )
        .into_response())
}

/// `POST /events/{event}/me/erase`
pub async fn erase(
    State(state): State<AppState>,
    event: PublishedEvent,
    me: SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let posted = Posted::parse(&body);
    check_form(&headers, &me.csrf, &posted.one("csrf"))?;
    if posted.one("confirm") != "yes" {
        let message = event.reader.words().message("me-erase-confirm-needed");
        return Err(AppError::unprocessable(message));
    }
    let now = Timestamp::now();
    let programme = &event.published.programme;
    let window = state.store.registration_window(event.id()).await?;
    let ends = offer_end(programme, window.offer_hours, now);
    let mut unit = state.store.begin("erasing a participant").await?;
    let offers = unit
        .erase_participant(&me.participant.id, now, &ends)
        .await?;
    mailing::offers(&mut unit, &state, &event.published, &offers, now).await?;
    unit.record_audit(
        now,
        None,
        "erase-participant",
        Some(event.id()),
        &format!("participant {}", me.participant.id),
    )
    .await?;
    unit.commit().await?;
    let words = event.reader.words();
    let page = ErasedPage {
        chrome: event.chrome(words.message("me-erased-title")),
        event: event.id().to_owned(),
        lang: words.lang().to_string(),
    };
    let mut response = (
        [(CACHE_CONTROL, "no-store")],
        Html(page.render().unwrap_or_default()),
    )
        .into_response();
    if let Ok(value) = session_cookie(&state, event.id(), "").parse() {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    Ok(response)
}

/// `POST /events/{event}/me/calendar`: a new secret address for the personal calendar.
pub async fn rotate_calendar(
    State(state): State<AppState>,
    event: PublishedEvent,
    me: SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let posted = Posted::parse(&body);
    check_form(&headers, &me.csrf, &posted.one("csrf"))?;
    let now = Timestamp::now();
    let mut unit = state.store.begin("changing a calendar address").await?;
    unit.rotate_feed(&me.participant.id, now).await?;
    unit.commit().await?;
    Ok(back_to_page(&event))
}

/// `POST /events/{event}/me/sign-out`
pub async fn sign_out(
    State(state): State<AppState>,
    event: PublishedEvent,
    me: SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let posted = Posted::parse(&body);
    check_form(&headers, &me.csrf, &posted.one("csrf"))?;
    state
        .store
        .delete_participant_session(&me.session_hash)
        .await?;
    let lang = event.reader.words().lang().to_string();
    let mut response = Redirect::to(&format!("/events/{}?lang={lang}", event.id())).into_response();
    if let Ok(value) = session_cookie(&state, event.id(), "").parse() {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    Ok(response)
}

/// `GET /events/{event}/calendar/{token}.ics`: the participant's own sessions, as the current
/// version has them, at an address only they know.
pub async fn calendar(
    State(state): State<AppState>,
    event: PublishedEvent,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let Some(participant) = state.store.participant_by_feed(token).await? else {
        return Err(AppError::NotFound);
    };
    if participant.event_id != event.id() {
        return Err(AppError::NotFound);
    }
    let who = details(&participant)?;
    let records = state.store.registrations_of(&participant.id).await?;
    let words = state.site.locales.localizer_for(&who.language);
    let context = ExportContext {
        base_url: state.site.base_url.clone(),
        generated_at: event.published.published_at,
        version: event.published.version.to_string(),
        history: event.published.history.clone(),
    };
    let joins = super::join::feed_links(
        &state,
        &event.published.programme,
        &participant.id,
        &records,
        Timestamp::now(),
    )
    .await?;
    let text = agenda::calendar(
        &event.published.programme,
        &words,
        &entries(&records),
        &context,
        &joins,
    );
    Ok((
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (CACHE_CONTROL, "private, no-store"),
            (REFERRER_POLICY, "no-referrer"),
        ],
        text,
    )
        .into_response())
}

/// One way into an online session, for the session pages' script.
#[derive(serde::Serialize)]
struct JoinEntry {
    /// The session's target key (`session:mayors-dialogue`).
    target: String,
    /// Their personal link.
    url: String,
    open: bool,
    /// "Rejoindre", or when it opens in their zone.
    label: String,
}

/// `GET /events/{event}/me/joins.json`: the signed-in participant's personal links into their
/// online sessions, for the script of the public session pages (which are the same for everyone,
/// and cached) to show "Join" there too. Anyone else gets an empty list. Never cached.
pub async fn joins(
    State(state): State<AppState>,
    event: PublishedEvent,
    me: Result<SignedIn, Response>,
) -> Result<Response, AppError> {
    let mut entries = Vec::new();
    if let Ok(me) = me
        && let Some(who) = me.participant.details.as_ref()
    {
        let records = state.store.registrations_of(&me.participant.id).await?;
        let words = event.reader.words();
        let lines = super::join::join_lines(
            &state,
            &event,
            &me.participant.id,
            &records,
            &who.zone,
            who.interpretation.as_ref().or(Some(&who.language)),
            Timestamp::now(),
        )
        .await?;
        for (registration, line) in lines {
            let Some(record) = records.iter().find(|r| r.id == registration) else {
                continue;
            };
            entries.push(JoinEntry {
                target: record.target.key(),
                url: line.url,
                open: line.open,
                label: if line.open {
                    words.message("join-action")
                } else {
                    line.when.unwrap_or_default()
                },
            });
        }
    }
    let body = serde_json::json!({ "joins": entries }).to_string();
    Ok((
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "no-store, private"),
            (REFERRER_POLICY, "no-referrer"),
        ],
        body,
    )
        .into_response())
}
