//! The registration form: `GET /events/{event}/register` shows it with each session's and on-site
//! day's seats, `POST` checks it, registers in one unit of work (the registration, its seat, its
//! email and its audit entry) and sends the browser on to a page that says to look at their email.
//!
//! The page after registering says the same whatever happened, so that it tells nobody whether an
//! email had registered before; the email says where each registration stands.

use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::Keyword;
use convene_core::markdown::SafeHtml;
use convene_core::registration::form::{self, RegistrationForm};
use convene_core::registration::{
    Availability, Category, Policy, Refusal, Target, Window, countries,
};
use convene_store::{Outcome, TargetSeats};
use jiff::{SignedDuration, Timestamp};

use super::forms::{Posted, check_anonymous, form_token};
use super::mailing;
use crate::AppState;
use crate::catalog::Published;
use crate::error::AppError;
use crate::organiser::{Field, FieldErrors, FieldKind};
use crate::page::Chrome;
use crate::request::{ClientAddress, PublishedEvent};

/// Registrations one address may send in [`THROTTLE_WINDOW`].
pub const PER_ADDRESS: i64 = 20;
pub const THROTTLE_WINDOW: SignedDuration = SignedDuration::from_mins(10);

/// One target offered on the form.
pub struct Choice {
    pub key: String,
    pub title: String,
    pub when: String,
    pub status: String,
    /// "Sur validation", "Sur invitation", "Réservé aux maires…".
    pub note: Option<String>,
    pub checked: bool,
    /// Started, or closed: shown, not offered.
    pub disabled: bool,
}

#[derive(Template)]
#[template(path = "participate/register.html")]
struct RegisterPage<'a> {
    chrome: Chrome<'a>,
    event: String,
    lang: String,
    open: bool,
    closed_note: String,
    csrf: String,
    fields: Vec<Field>,
    extra: Vec<Field>,
    consent: Field,
    notice: Option<SafeHtml>,
    choices: Vec<Choice>,
    targets_error: Option<String>,
    errors: Vec<String>,
    zone_names: Vec<String>,
}

#[derive(Template)]
#[template(path = "participate/done.html")]
struct DonePage<'a> {
    chrome: Chrome<'a>,
    event: String,
    lang: String,
}

/// `GET /events/{event}/register`
pub async fn form(
    State(state): State<AppState>,
    event: PublishedEvent,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let window = state.store.registration_window(event.id()).await?;
    let seats = state.store.target_seats(event.id()).await?;
    let (csrf, set_cookie) = form_token(&state, &headers, event.id());
    let mut typed = RegistrationForm::default();
    if let Some(zone) = event.reader_zone() {
        typed.zone = zone.name().to_owned();
    }
    typed.language = event.reader.words().lang().to_string();
    if let Some(key) = event.reader.visit.param("target") {
        typed.targets.push(key.to_owned());
    }
    let page = render(
        &event,
        &window,
        &seats,
        &typed,
        &FieldErrors::new(),
        None,
        Vec::new(),
        csrf,
    );
    let mut response = (StatusCode::OK, [(CACHE_CONTROL, "no-store")], page).into_response();
    if let Some(cookie) = set_cookie
        && let Ok(value) = cookie.parse()
    {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    Ok(response)
}

/// `POST /events/{event}/register`
pub async fn submit(
    State(state): State<AppState>,
    event: PublishedEvent,
    client: ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let posted = Posted::parse(&body);
    check_anonymous(&headers, &posted.one("csrf"))?;
    let typed = typed_form(&posted);
    let programme = &event.published.programme;
    let words = event.reader.words();
    let now = Timestamp::now();
    let window = state.store.registration_window(event.id()).await?;
    let csrf = posted.one("csrf");
    // The form again, with what was typed and what is wrong; the seats are read only then.
    let again = async |errors: FieldErrors, targets_error: Option<String>, summary: Vec<String>| {
        let seats = state.store.target_seats(event.id()).await?;
        let page = render(
            &event,
            &window,
            &seats,
            &typed,
            &errors,
            targets_error,
            summary,
            csrf.clone(),
        );
        Ok::<_, AppError>(
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                [(CACHE_CONTROL, "no-store")],
                page,
            )
                .into_response(),
        )
    };
    if !window.is_open(now) {
        let closed = words.message("reg-closed");
        return again(FieldErrors::new(), None, vec![closed]).await;
    }
    let checked = match form::check(&typed, programme) {
        Ok(checked) => checked,
        Err(problems) => {
            if problems
                .iter()
                .any(|p| p.problem == form::ProblemKind::Honeypot)
            {
                // A robot filled the field people never see: answer as if it worked.
                return Ok(done_redirect(&event));
            }
            let mut errors = FieldErrors::new();
            let mut targets_error = None;
            for problem in &problems {
                let message = problem.message(words);
                if problem.field == form::Field::Targets {
                    targets_error.get_or_insert(message);
                } else {
                    errors
                        .entry(problem.field.name().to_owned())
                        .or_insert(message);
                }
            }
            let summary = vec![words.message("reg-fix-fields")];
            return again(errors, targets_error, summary).await;
        }
    };
    let written = state
        .store
        .writing(write(
            state.clone(),
            Arc::clone(&event.published),
            client.0,
            checked,
            now,
        ))
        .await?;
    match written {
        Written::Registered => Ok(done_redirect(&event)),
        Written::Throttled => {
            let message = words.message("reg-too-many");
            Ok((
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", "600")],
                message,
            )
                .into_response())
        }
        Written::Refused(refusals) => {
            let message = if refusals.contains(&Refusal::Invitation) {
                words.message("reg-needs-invitation")
            } else {
                words.message("reg-not-your-category")
            };
            again(FieldErrors::new(), Some(message), Vec::new()).await
        }
    }
}

/// What became of a checked registration form.
enum Written {
    /// Stored, with its email and audit entry.
    Registered,
    /// Too many from this address lately: nothing stored.
    Throttled,
    /// A target the person may not register for: nothing stored.
    Refused(Vec<Refusal>),
}

/// Registers a checked form in one unit of work: the throttle's count, the registrations and
/// their seats, the email and the audit entry, all or nothing.
async fn write(
    state: AppState,
    published: Arc<Published>,
    client: String,
    checked: form::Checked,
    now: Timestamp,
) -> Result<Written, AppError> {
    let event_id = published.event_id();
    let mut unit = state
        .store
        .begin(format!("registering for event \"{event_id}\""))
        .await?;
    let key = format!("register:{client}");
    if !unit
        .throttle(&key, now - THROTTLE_WINDOW, PER_ADDRESS, now)
        .await?
    {
        unit.rollback().await?;
        return Ok(Written::Throttled);
    }
    let registration = unit
        .register(
            event_id,
            &checked.registrant,
            &checked.targets,
            checked.invitation_code.as_deref(),
            now,
        )
        .await?;
    let refusals: Vec<Refusal> = registration
        .outcomes
        .iter()
        .filter_map(|(_, outcome)| match outcome {
            Outcome::Refused(refusal) => Some(*refusal),
            _ => None,
        })
        .collect();
    if !refusals.is_empty() {
        unit.rollback().await?;
        return Ok(Written::Refused(refusals));
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
    let states: Vec<String> = registration
        .outcomes
        .iter()
        .map(|(target, outcome)| match outcome {
            Outcome::Registered { state, .. } => format!("{target} {}", state.keyword()),
            Outcome::Already { state } => format!("{target} already {}", state.keyword()),
            Outcome::Refused(_) => format!("{target} refused"),
        })
        .collect();
    unit.record_audit(
        now,
        None,
        "register",
        Some(event_id),
        &format!(
            "participant {}: {}",
            registration.participant_id,
            states.join(", ")
        ),
    )
    .await?;
    unit.commit().await?;
    Ok(Written::Registered)
}

fn done_redirect(event: &PublishedEvent) -> Response {
    let lang = event.reader.words().lang().to_string();
    Redirect::to(&format!("/events/{}/registered?lang={lang}", event.id())).into_response()
}

/// `GET /events/{event}/registered`
pub async fn done(event: PublishedEvent) -> Response {
    let words = event.reader.words();
    let page = DonePage {
        chrome: event.chrome(words.message("reg-done-title")),
        event: event.id().to_owned(),
        lang: words.lang().to_string(),
    };
    Html(page.render().unwrap_or_default()).into_response()
}

/// The form as posted, bounded: each text is cut at a length no field allows, so a huge post
/// costs nothing more than a long one (the check then says it is too long).
fn typed_form(posted: &Posted) -> RegistrationForm {
    let cut = |name: &str| posted.one(name).chars().take(4000).collect::<String>();
    RegistrationForm {
        name: cut("name"),
        email: cut("email"),
        category: cut("category"),
        city: cut("city"),
        country: cut("country"),
        organisation: cut("organisation"),
        language: cut("language"),
        interpretation: cut("interpretation"),
        zone: cut("zone"),
        accessibility: cut("accessibility"),
        dietary: cut("dietary"),
        consent: posted.one("consent") == "yes",
        targets: posted
            .all("target")
            .into_iter()
            .take(200)
            .map(|t| t.chars().take(200).collect())
            .collect(),
        invitation_code: cut("invitation_code"),
        website: cut("website"),
    }
}

#[allow(clippy::too_many_arguments)]
fn render(
    event: &PublishedEvent,
    window: &Window,
    seats: &[TargetSeats],
    typed: &RegistrationForm,
    errors: &FieldErrors,
    targets_error: Option<String>,
    summary: Vec<String>,
    csrf: String,
) -> Html<String> {
    let words = event.reader.words();
    let lang = words.lang().clone();
    let programme = &event.published.programme;
    let now = Timestamp::now();
    let open = window.is_open(now);
    let label = |id: &str| words.message(id);
    let (fields, extra) = person_fields(words, programme, typed, errors);
    let consent = Field::new(
        "consent",
        label("reg-consent"),
        if typed.consent { "yes" } else { "" },
        FieldKind::Check,
        errors,
    );
    let notice = window
        .privacy_notice
        .get(&lang, &programme.event.source_language)
        .map(|t| convene_core::markdown::html(&t.text));
    let view = event.view(words);
    let choices = Target::all(programme)
        .into_iter()
        .map(|target| {
            let held = seats.iter().find(|s| s.setting.target == target);
            let (policy, capacity, taken) = match held {
                Some(s) => (s.setting.policy.clone(), s.setting.capacity, s.held),
                None => (Policy::Open, None, 0),
            };
            let availability = Availability::of(open, capacity, taken);
            let (title, when) = match &target {
                Target::Session(id) => {
                    let session = view.sessions().find(|s| &s.identity == id);
                    let title = session.map(|s| s.title.text.clone()).unwrap_or_default();
                    let when = session
                        .map(|s| {
                            let time = s
                                .times
                                .as_ref()
                                .and_then(|t| t.first())
                                .map(|t| format!("{} ({})", t.range_label.range, t.label));
                            [s.date_label.clone(), time.or(s.time_status_label.clone())]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(" · ")
                        })
                        .unwrap_or_default();
                    (title, when)
                }
                Target::Day(date) => {
                    let day = view.days.iter().find(|d| d.date == *date);
                    let label = day
                        .map(|d| d.label.clone())
                        .unwrap_or_else(|| date.to_string());
                    (words.message("reg-day-on-site"), label)
                }
            };
            let note = match &policy {
                Policy::Open => None,
                Policy::Approval => Some(label("reg-policy-approval")),
                Policy::Invitation => Some(label("reg-policy-invitation")),
                Policy::Categories(allowed) => Some(
                    words.message_with(
                        "reg-policy-categories",
                        &[(
                            "categories",
                            allowed
                                .iter()
                                .map(|c| c.name(words))
                                .collect::<Vec<_>>()
                                .join(", ")
                                .into(),
                        )],
                    ),
                ),
            };
            Choice {
                checked: typed.targets.contains(&target.key()),
                key: target.key(),
                title,
                when,
                status: availability.label(words),
                note,
                disabled: availability == Availability::Closed,
            }
        })
        .collect();
    let closed_note = match window.opens {
        Some(opens) if opens > now => words.message_with(
            "reg-opens-at",
            &[(
                "when",
                opens.strftime("%Y-%m-%d %H:%M UTC").to_string().into(),
            )],
        ),
        _ => words.message("reg-closed"),
    };
    let zone_names = crate::organiser::zone_names();
    let page = RegisterPage {
        chrome: event.chrome(words.message("reg-title")),
        event: event.id().to_owned(),
        lang: lang.to_string(),
        open,
        closed_note,
        csrf,
        fields,
        extra,
        consent,
        notice,
        choices,
        targets_error,
        errors: summary,
        zone_names,
    };
    Html(page.render().unwrap_or_default())
}

/// The fields of the form about the person (and, second, their needs and invitation code), as
/// typed, with the problems at each: the public form and the organisers' "add someone" show them.
pub(crate) fn person_fields(
    words: &convene_core::locale::Localizer,
    programme: &convene_core::Programme,
    typed: &RegistrationForm,
    errors: &FieldErrors,
) -> (Vec<Field>, Vec<Field>) {
    let lang = words.lang().clone();
    let label = |id: &str| words.message(id);
    let categories = FieldKind::Choice(
        std::iter::once((String::new(), label("reg-choose")))
            .chain(
                Category::ALL
                    .iter()
                    .map(|c| (c.keyword().to_owned(), c.name(words))),
            )
            .collect(),
    );
    let country_choices = FieldKind::Choice(
        std::iter::once((String::new(), label("reg-choose")))
            .chain(
                countries::countries(&lang)
                    .into_iter()
                    .map(|c| (c.code.to_string(), c.name)),
            )
            .collect(),
    );
    let event_languages: Vec<(String, String)> = programme
        .event
        .languages
        .iter()
        .map(|l| (l.to_string(), words.language_name(l)))
        .collect();
    let interpretation = FieldKind::Choice(
        std::iter::once((String::new(), label("reg-no-interpretation")))
            .chain(event_languages.iter().cloned())
            .collect(),
    );
    let fields = vec![
        Field::new(
            "name",
            label("reg-name"),
            &typed.name,
            FieldKind::Text,
            errors,
        ),
        Field::new(
            "email",
            label("reg-email"),
            &typed.email,
            FieldKind::Email,
            errors,
        ),
        Field::new(
            "category",
            label("reg-category"),
            &typed.category,
            categories,
            errors,
        ),
        Field::new(
            "organisation",
            label("reg-organisation"),
            &typed.organisation,
            FieldKind::Text,
            errors,
        ),
        Field::new(
            "city",
            label("reg-city"),
            &typed.city,
            FieldKind::Text,
            errors,
        ),
        Field::new(
            "country",
            label("reg-country"),
            &typed.country,
            country_choices,
            errors,
        ),
        Field::new(
            "language",
            label("reg-language"),
            &typed.language,
            FieldKind::Choice(event_languages),
            errors,
        ),
        Field::new(
            "interpretation",
            label("reg-interpretation"),
            &typed.interpretation,
            interpretation,
            errors,
        ),
        Field::new(
            "zone",
            label("reg-zone"),
            &typed.zone,
            FieldKind::ZoneName,
            errors,
        ),
    ];
    let extra = vec![
        Field::new(
            "accessibility",
            label("reg-accessibility"),
            &typed.accessibility,
            FieldKind::Area,
            errors,
        ),
        Field::new(
            "dietary",
            label("reg-dietary"),
            &typed.dietary,
            FieldKind::Area,
            errors,
        ),
        Field::new(
            "invitation_code",
            label("reg-invitation-code"),
            &typed.invitation_code,
            FieldKind::Text,
            errors,
        ),
    ];
    (fields, extra)
}
