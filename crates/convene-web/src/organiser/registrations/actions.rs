//! What editors and admins do to registrations: approve, decline, cancel, move to another target,
//! and add someone by hand. Each is one unit of work with the participant's email and the audit
//! entry. A form names the registration as it was when the page was made; one changed since is
//! left alone, and the list says so.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::Keyword;
use convene_core::registration::Target;
use convene_core::registration::form::{self, RegistrationForm};
use convene_store::{Move, Moved, Outcome, RegistrationRecord, UnitOfWork};
use jiff::Timestamp;
use serde::Deserialize;

use super::list::{Query, target_choices};
use crate::AppState;
use crate::catalog::Published;
use crate::error::AppError;
use crate::organiser::auth::{Organiser, check_edit};
use crate::organiser::events::frame;
use crate::organiser::{Field, FieldErrors, FieldKind};
use crate::page::Chrome;
use crate::participate::{mailing, offer_end, person_fields};
use crate::request::Reader;

/// The form of an action on one registration.
#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    csrf: String,
    /// When the registration last changed, as the page showed it (unix milliseconds).
    #[serde(default)]
    version: String,
    /// The list's query, to come back to it.
    #[serde(default, rename = "return")]
    back: String,
    /// Where a moved registration goes.
    #[serde(default)]
    target: String,
}

enum Action {
    Approve,
    Decline,
    Cancel,
    Move(Target),
}

impl Action {
    fn audit(&self) -> &'static str {
        match self {
            Action::Approve => "approve-registration",
            Action::Decline => "decline-registration",
            Action::Cancel => "cancel-registration",
            Action::Move(_) => "move-registration",
        }
    }

    fn done(&self) -> &'static str {
        match self {
            Action::Approve => "approved",
            Action::Decline => "declined",
            Action::Cancel => "cancelled",
            Action::Move(_) => "moved",
        }
    }
}

/// The message id of what the list says after an action (`?done=approved`).
pub fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "approved" => "org-reg-done-approved",
        "declined" => "org-reg-done-declined",
        "cancelled" => "org-reg-done-cancelled",
        "moved" => "org-reg-done-moved",
        "added" => "org-reg-done-added",
        "already" => "org-reg-done-already",
        "stale" => "org-reg-done-stale",
        _ => return None,
    })
}

fn back_to_list(event: &str, back: &str, done: &str) -> Response {
    let query = Query::from_query_string(back).query_string();
    let sep = if query.is_empty() { "" } else { "&" };
    Redirect::to(&format!(
        "/organiser/events/{event}/registrations?{query}{sep}done={done}"
    ))
    .into_response()
}

/// `POST /organiser/events/{event}/registrations/{registration}/approve`
pub async fn approve(
    State(state): State<AppState>,
    Path((event, registration)): Path<(String, String)>,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    check_edit(&organiser, &headers, &form.csrf)?;
    act(
        &state,
        &organiser,
        &event,
        &registration,
        &form,
        Action::Approve,
    )
    .await
}

/// `POST /organiser/events/{event}/registrations/{registration}/decline`
pub async fn decline(
    State(state): State<AppState>,
    Path((event, registration)): Path<(String, String)>,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    check_edit(&organiser, &headers, &form.csrf)?;
    act(
        &state,
        &organiser,
        &event,
        &registration,
        &form,
        Action::Decline,
    )
    .await
}

/// `POST /organiser/events/{event}/registrations/{registration}/cancel`
pub async fn cancel(
    State(state): State<AppState>,
    Path((event, registration)): Path<(String, String)>,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    check_edit(&organiser, &headers, &form.csrf)?;
    act(
        &state,
        &organiser,
        &event,
        &registration,
        &form,
        Action::Cancel,
    )
    .await
}

/// `POST /organiser/events/{event}/registrations/{registration}/move`
pub async fn move_to(
    State(state): State<AppState>,
    Path((event, registration)): Path<(String, String)>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    check_edit(&organiser, &headers, &form.csrf)?;
    let published = state.catalog.get(&event).ok_or(AppError::NotFound)?;
    let target = Target::parse(form.target.trim())
        .filter(|t| t.exists_in(&published.programme))
        .ok_or_else(|| {
            AppError::Unprocessable(vec![reader.words().message("org-reg-unknown-target")])
        })?;
    act(
        &state,
        &organiser,
        &event,
        &registration,
        &form,
        Action::Move(target),
    )
    .await
}

/// Registration `id` of `event` if it is as the form saw it.
async fn as_seen(
    unit: &mut UnitOfWork,
    event: &str,
    id: &str,
    version: &str,
) -> Result<Option<RegistrationRecord>, AppError> {
    let Some((of_event, record)) = unit.registration(id).await? else {
        return Ok(None);
    };
    if of_event != event {
        return Err(AppError::NotFound);
    }
    let seen = version.trim().parse::<i64>().ok();
    Ok((seen == Some(record.updated_at.as_millisecond())).then_some(record))
}

async fn act(
    state: &AppState,
    organiser: &Organiser,
    event: &str,
    id: &str,
    form: &ActionForm,
    action: Action,
) -> Result<Response, AppError> {
    let published = state.catalog.get(event).ok_or(AppError::NotFound)?;
    let now = Timestamp::now();
    let window = state.store.registration_window(event).await?;
    let ends = offer_end(&published.programme, window.offer_hours, now);
    let mut unit = state
        .store
        .begin(format!("changing a registration of event \"{event}\""))
        .await?;
    let stale = |unit: UnitOfWork| async move {
        unit.rollback().await?;
        Ok::<_, AppError>(back_to_list(event, &form.back, "stale"))
    };
    let Some(before) = as_seen(&mut unit, event, id, &form.version).await? else {
        return stale(unit).await;
    };
    let participant = state
        .store
        .participant(&before.participant_id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("the participant of registration {id}")))?;
    let detail = match &action {
        Action::Approve | Action::Decline | Action::Cancel => {
            let changed = match action {
                Action::Approve => unit.approve_registration(id, now, &ends).await?,
                Action::Decline => unit.decline_registration(id, now, &ends).await?,
                _ => unit.cancel_registration(id, now, &ends).await?,
            };
            let Some((record, offers)) = changed else {
                return stale(unit).await;
            };
            if matches!(action, Action::Approve) {
                mailing::approved(&mut unit, state, &published, &participant, &record, now).await?;
            } else {
                mailing::changed(&mut unit, state, &published, &participant, &record, now).await?;
            }
            mailing::offers(&mut unit, state, &published, &offers, now).await?;
            format!(
                "participant {}: {} {} → {}",
                participant.id,
                record.target,
                before.state.keyword(),
                record.state.keyword()
            )
        }
        Action::Move(target) => match unit.move_registration(id, target, now, &ends).await? {
            Move::Moved(moved) => {
                let Moved {
                    cancelled,
                    registered,
                    offers,
                } = *moved;
                mailing::moved(
                    &mut unit,
                    state,
                    &published,
                    &participant,
                    &cancelled,
                    &registered,
                    now,
                )
                .await?;
                mailing::offers(&mut unit, state, &published, &offers, now).await?;
                format!(
                    "participant {}: {} → {} {}",
                    participant.id,
                    cancelled.target,
                    registered.target,
                    registered.state.keyword()
                )
            }
            Move::AlreadyThere(_) => {
                unit.rollback().await?;
                return Ok(back_to_list(event, &form.back, "already"));
            }
            Move::NotMovable => return stale(unit).await,
        },
    };
    unit.record_audit(
        now,
        Some(&organiser.user.id),
        action.audit(),
        Some(event),
        &detail,
    )
    .await?;
    unit.commit().await?;
    Ok(back_to_list(event, &form.back, action.done()))
}

#[derive(Template)]
#[template(path = "organiser/add_registration.html")]
struct AddPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event: String,
    fields: Vec<Field>,
    extra: Vec<Field>,
    target: Field,
    errors: Vec<String>,
    zone_names: Vec<String>,
}

/// The "add someone" form as posted; every field is cut at a length no field allows.
#[derive(Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    interpretation: String,
    #[serde(default)]
    zone: String,
    #[serde(default)]
    accessibility: String,
    #[serde(default)]
    dietary: String,
    #[serde(default)]
    target: String,
}

impl AddForm {
    /// The registration form it stands for: the organiser gives consent, there is no robot.
    fn typed(&self) -> RegistrationForm {
        let cut = |text: &str| text.chars().take(4000).collect::<String>();
        RegistrationForm {
            name: cut(&self.name),
            email: cut(&self.email),
            category: cut(&self.category),
            city: cut(&self.city),
            country: cut(&self.country),
            organisation: cut(&self.organisation),
            language: cut(&self.language),
            interpretation: cut(&self.interpretation),
            zone: cut(&self.zone),
            accessibility: cut(&self.accessibility),
            dietary: cut(&self.dietary),
            consent: true,
            targets: vec![self.target.chars().take(200).collect()],
            invitation_code: String::new(),
            website: String::new(),
        }
    }
}

fn add_page(
    reader: &Reader,
    organiser: &Organiser,
    published: &Published,
    typed: &RegistrationForm,
    errors: &FieldErrors,
    summary: Vec<String>,
    status: StatusCode,
) -> Response {
    let words = reader.words();
    let f = frame(reader, organiser, words.message("org-reg-add"));
    let programme = &published.programme;
    let (fields, extra) = person_fields(words, programme, typed, errors);
    let extra = extra
        .into_iter()
        .filter(|f| f.name != "invitation_code")
        .collect();
    let target = Field::new(
        "target",
        words.message("org-reg-target"),
        typed.targets.first().map_or("", String::as_str),
        FieldKind::Choice(target_choices(programme, words)),
        errors,
    );
    let page = AddPage {
        event: published.event_id().to_owned(),
        fields,
        extra,
        target,
        errors: summary,
        zone_names: crate::organiser::zone_names(),
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    (status, Html(page.render().unwrap_or_default())).into_response()
}

/// `GET /organiser/events/{event}/add-registration`
pub async fn add_form(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    if !organiser.can_edit() {
        return Err(crate::organiser::auth::Refusal::Forbidden.into());
    }
    let published = state.catalog.get(&event).ok_or(AppError::NotFound)?;
    let mut typed = RegistrationForm {
        language: reader.words().lang().to_string(),
        zone: published.programme.event.host_zone.name().to_owned(),
        ..RegistrationForm::default()
    };
    if let Some(target) = reader.visit.param("target") {
        typed.targets.push(target.to_owned());
    }
    Ok(add_page(
        &reader,
        &organiser,
        &published,
        &typed,
        &FieldErrors::new(),
        Vec::new(),
        StatusCode::OK,
    ))
}

/// `POST /organiser/events/{event}/add-registration`: the fields of the public form, checked
/// the same way; the target's policy does not apply to an organiser's addition.
pub async fn add(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<AddForm>,
) -> Result<Response, AppError> {
    check_edit(&organiser, &headers, &form.csrf)?;
    let published = state.catalog.get(&event).ok_or(AppError::NotFound)?;
    let words = reader.words();
    let typed = form.typed();
    let checked = match form::check(&typed, &published.programme) {
        Ok(checked) => checked,
        Err(problems) => {
            let mut errors = FieldErrors::new();
            for problem in &problems {
                let field = match problem.field {
                    form::Field::Targets => "target",
                    other => other.name(),
                };
                errors
                    .entry(field.to_owned())
                    .or_insert_with(|| problem.message(words));
            }
            return Ok(add_page(
                &reader,
                &organiser,
                &published,
                &typed,
                &errors,
                vec![words.message("reg-fix-fields")],
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let now = Timestamp::now();
    let mut unit = state
        .store
        .begin(format!("adding a registration to event \"{event}\""))
        .await?;
    let registration = unit
        .register_by_organiser(&event, &checked.registrant, &checked.targets, now)
        .await?;
    let states: Vec<String> = registration
        .outcomes
        .iter()
        .filter_map(|(target, outcome)| match outcome {
            Outcome::Registered { state, .. } => Some(format!("{target} {}", state.keyword())),
            _ => None,
        })
        .collect();
    if states.is_empty() {
        unit.rollback().await?;
        return Ok(back_to_list(&event, "", "already"));
    }
    mailing::registered(
        &mut unit,
        &state,
        &published,
        &checked.registrant,
        &registration,
        now,
    )
    .await?;
    unit.record_audit(
        now,
        Some(&organiser.user.id),
        "add-registration",
        Some(&event),
        &format!(
            "participant {}: {}",
            registration.participant_id,
            states.join(", ")
        ),
    )
    .await?;
    unit.commit().await?;
    Ok(back_to_list(&event, "", "added"))
}
