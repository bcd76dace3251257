//! The event's registration settings: when registration opens and closes (in the host zone), how
//! long an offer of a freed seat lasts, the privacy notice per language, and for each session and
//! on-site day its policy and seats, beside the seats held now. The targets are those of the
//! published programme, or of the draft before the first publication.
//!
//! A save writes the window and every changed target in one unit of work with its audit entry and
//! the emails of the seats a raised capacity offers; a capacity below the seats held is refused at
//! its field, and nothing is saved. The invitation codes (`invitations.rs`) share the page.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::locale::Localizer;
use convene_core::registration::{
    Category, DEFAULT_OFFER_HOURS, Policy, PolicyKind, Target, TargetSetting, Window,
};
use convene_core::{Keyword, Programme, Schedule, Text};
use convene_store::{StoreError, TargetSeats};
use jiff::Timestamp;
use jiff::civil::{Date, Time};

use super::auth::{Organiser, check_edit};
use super::events::{draft_programme, frame};
use super::field::{Field, FieldErrors, FieldKind, paragraphs};
use super::invitations::{self, CodeLine};
use super::limits;
use crate::error::AppError;
use crate::page::Chrome;
use crate::participate::{mailing, offer_end};
use crate::request::Reader;
use crate::{AppState, Published};

/// The longest an offer of a freed seat may last: a month.
pub const MAX_OFFER_HOURS: u32 = 720;
/// The most seats a target may have.
pub const MAX_CAPACITY: u32 = 100_000;

/// A form as posted or shown: its values by field name.
pub type Values = BTreeMap<String, String>;

/// One target's row on the page.
pub struct TargetRow {
    pub legend: String,
    /// "Held now: 3".
    pub held: String,
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "organiser/registration.html")]
struct RegistrationPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event_id: String,
    event_name: String,
    can_edit: bool,
    zone_help: String,
    window: Vec<Field>,
    notices: Vec<Field>,
    notices_class: String,
    targets: Vec<TargetRow>,
    errors: Vec<String>,
    code_fields: Vec<Field>,
    code_errors: Vec<String>,
    codes: Vec<CodeLine>,
}

/// The programme whose targets the page sets: the published one, else the draft.
pub struct Targets {
    pub programme: Programme,
    pub published: Option<std::sync::Arc<Published>>,
}

impl Targets {
    pub async fn of(state: &AppState, event: &str) -> Result<Self, AppError> {
        // The draft answers 404 for an event that does not exist.
        let draft = draft_programme(state, event).await?;
        let published = state.catalog.get(event);
        let programme = match &published {
            Some(p) => p.programme.clone(),
            None => draft.programme,
        };
        Ok(Self {
            programme,
            published,
        })
    }

    pub fn all(&self) -> Vec<Target> {
        Target::all(&self.programme)
    }
}

/// What a target is called on the page: a session by its title, date and time in the host
/// zone; an on-site day by its date.
pub fn target_label(programme: &Programme, target: &Target, words: &Localizer) -> String {
    match target {
        Target::Session(id) => {
            let Some(session) = programme.sessions.iter().find(|s| s.identity() == id) else {
                return id.to_string();
            };
            let title = session
                .title
                .get(words.lang(), &programme.event.source_language)
                .map(|t| t.text)
                .unwrap_or_else(|| id.to_string());
            let when = match session.schedule {
                Schedule::Timed { start, .. } => {
                    let range = convene_core::view::host_time(programme, session, words)
                        .map(|host| host.range_label.range)
                        .unwrap_or_default();
                    format!("{} {range}", start.date())
                }
                Schedule::TimeToBeConfirmed { date } => date.to_string(),
                Schedule::DateToBeConfirmed => words.message("time-to-be-confirmed"),
            };
            format!("{title} — {when}")
        }
        Target::Day(date) => format!("{} — {date}", words.message("reg-day-on-site")),
    }
}

fn row(i: usize, field: &str) -> String {
    format!("targets[{i}].{field}")
}

fn category_field(i: usize, category: Category) -> String {
    row(i, &format!("category-{}", category.keyword()))
}

fn notice_field(lang: &str) -> String {
    format!("privacy_{lang}")
}

/// A target's setting now: as stored, or open and unlimited when it has none.
fn setting_of(seats: &[TargetSeats], target: &Target) -> (TargetSetting, u32) {
    match seats.iter().find(|s| s.setting.target == *target) {
        Some(s) => (s.setting.clone(), s.held),
        None => (
            TargetSetting {
                target: target.clone(),
                policy: Policy::Open,
                capacity: None,
            },
            0,
        ),
    }
}

/// The form of the settings as they are.
pub(super) fn values_of(window: &Window, seats: &[TargetSeats], targets: &Targets) -> Values {
    let mut values = Values::new();
    let zone = targets.programme.event.host_zone.tz();
    for (name, at) in [("opens", window.opens), ("closes", window.closes)] {
        if let Some(at) = at {
            let local = zone.to_datetime(at);
            values.insert(format!("{name}_date"), local.date().to_string());
            values.insert(
                format!("{name}_time"),
                local.time().strftime("%H:%M").to_string(),
            );
        }
    }
    values.insert("offer_hours".into(), window.offer_hours.to_string());
    for (lang, text) in window.privacy_notice.iter() {
        values.insert(notice_field(lang.as_str()), text.to_owned());
    }
    for (i, target) in targets.all().iter().enumerate() {
        let (setting, _) = setting_of(seats, target);
        values.insert(row(i, "target"), target.key());
        values.insert(row(i, "policy"), setting.policy.kind().keyword().into());
        if let Policy::Categories(categories) = &setting.policy {
            for category in categories {
                values.insert(category_field(i, *category), "yes".into());
            }
        }
        if let Some(capacity) = setting.capacity {
            values.insert(row(i, "capacity"), capacity.to_string());
        }
    }
    values
}

/// The settings a form asks for: the window, and the setting of every target it names.
pub struct Settings {
    pub window: Window,
    /// With the name of the row each came from (`targets[2]`).
    pub targets: Vec<(usize, TargetSetting)>,
}

fn get<'v>(values: &'v Values, name: &str) -> &'v str {
    values.get(name).map_or("", |v| v.trim())
}

/// The instant a date and time in the host zone name; `None` for an empty date.
fn instant(
    values: &Values,
    name: &str,
    programme: &Programme,
    words: &Localizer,
    errors: &mut FieldErrors,
) -> Option<Timestamp> {
    let (date_field, time_field) = (format!("{name}_date"), format!("{name}_time"));
    let (date, time) = (get(values, &date_field), get(values, &time_field));
    if date.is_empty() {
        return None;
    }
    let parsed_date = date.parse::<Date>().ok().filter(|d| d.to_string() == date);
    if parsed_date.is_none() {
        errors.insert(
            date_field.clone(),
            words.message_with("org-bad-date", &[("given", date.to_owned().into())]),
        );
    }
    let parsed_time = match time {
        "" => Some(Time::midnight()),
        given => Time::strptime("%H:%M", given).ok(),
    };
    if parsed_time.is_none() {
        errors.insert(
            time_field,
            words.message_with("org-bad-time", &[("given", time.to_owned().into())]),
        );
    }
    let local = parsed_date?.to_datetime(parsed_time?);
    let zone = &programme.event.host_zone;
    match zone.tz().to_ambiguous_timestamp(local).unambiguous() {
        Ok(at) => Some(at),
        Err(_) => {
            errors.insert(
                date_field,
                words.message_with(
                    "org-reg-ambiguous-time",
                    &[
                        ("when", local.strftime("%Y-%m-%d %H:%M").to_string().into()),
                        ("zone", zone.name().to_owned().into()),
                    ],
                ),
            );
            None
        }
    }
}

/// A whole number from `min` to `max`, or the message that says what to write.
fn number(given: &str, min: u32, max: u32, words: &Localizer) -> Result<u32, String> {
    given
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            words.message_with(
                "org-reg-bad-number",
                &[
                    ("given", given.to_owned().into()),
                    ("min", min.into()),
                    ("max", max.into()),
                ],
            )
        })
}

/// Reads the form, or says at each field what cannot be read. `seats` are the seats held now: a
/// capacity below them is refused here already (the store refuses it again if they changed).
fn read(
    values: &Values,
    targets: &Targets,
    seats: &[TargetSeats],
    words: &Localizer,
) -> Result<Settings, FieldErrors> {
    let mut errors = FieldErrors::new();
    let programme = &targets.programme;
    let opens = instant(values, "opens", programme, words, &mut errors);
    let closes = instant(values, "closes", programme, words, &mut errors);
    if let (Some(opens), Some(closes)) = (opens, closes)
        && closes <= opens
    {
        errors.insert(
            "closes_date".into(),
            words.message("org-reg-closes-before-opens"),
        );
    }
    let offer_hours = match get(values, "offer_hours") {
        "" => DEFAULT_OFFER_HOURS,
        given => number(given, 1, MAX_OFFER_HOURS, words).unwrap_or_else(|message| {
            errors.insert("offer_hours".into(), message);
            DEFAULT_OFFER_HOURS
        }),
    };
    let mut privacy_notice = Text::new();
    for lang in &programme.event.languages {
        let given = paragraphs(values.get(&notice_field(lang.as_str())).map_or("", |v| v));
        if !given.is_empty() {
            privacy_notice.insert(lang.clone(), given);
        }
    }
    let all = targets.all();
    let mut settings = Vec::new();
    // Rows by the target they post: a target that left the programme since the page was made
    // is not set, and one the page did not show keeps its setting.
    let posted = values.iter().filter_map(|(name, key)| {
        let index = name.strip_prefix("targets[")?.strip_suffix("].target")?;
        Some((index.parse::<usize>().ok()?, key.trim()))
    });
    for (i, key) in posted {
        let Some(target) = Target::parse(key).filter(|t| all.contains(t)) else {
            continue;
        };
        let (_, held) = setting_of(seats, &target);
        let policy = match PolicyKind::from_keyword(get(values, &row(i, "policy"))) {
            Some(PolicyKind::Open) => Some(Policy::Open),
            Some(PolicyKind::Approval) => Some(Policy::Approval),
            Some(PolicyKind::Invitation) => Some(Policy::Invitation),
            Some(PolicyKind::Categories) => {
                let ticked: Vec<Category> = Category::ALL
                    .iter()
                    .copied()
                    .filter(|c| get(values, &category_field(i, *c)) == "yes")
                    .collect();
                if ticked.is_empty() {
                    errors.insert(row(i, "policy"), words.message("org-reg-no-category"));
                    None
                } else {
                    Some(Policy::Categories(ticked))
                }
            }
            None => {
                let keywords: Vec<&str> = PolicyKind::ALL.iter().map(|k| k.keyword()).collect();
                let choices = crate::i18n::one_of(words, &keywords);
                errors.insert(
                    row(i, "policy"),
                    words.message_with("org-choose", &[("choices", choices.into())]),
                );
                None
            }
        };
        let capacity = match get(values, &row(i, "capacity")) {
            "" => Ok(None),
            given => number(given, 0, MAX_CAPACITY, words).map(Some),
        };
        let capacity = match capacity {
            Ok(Some(capacity)) if capacity < held => {
                errors.insert(row(i, "capacity"), below_held(capacity, held, words));
                None
            }
            Ok(capacity) => Some(capacity),
            Err(message) => {
                errors.insert(row(i, "capacity"), message);
                None
            }
        };
        if let (Some(policy), Some(capacity)) = (policy, capacity) {
            settings.push((
                i,
                TargetSetting {
                    target,
                    policy,
                    capacity,
                },
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Settings {
        window: Window {
            opens,
            closes,
            privacy_notice,
            offer_hours,
        },
        targets: settings,
    })
}

fn below_held(capacity: u32, held: u32, words: &Localizer) -> String {
    words.message_with(
        "org-reg-capacity-below-held",
        &[("capacity", capacity.into()), ("held", held.into())],
    )
}

/// The page as it is to be shown.
pub struct Shown<'v> {
    pub settings: &'v Values,
    pub errors: FieldErrors,
    pub codes: &'v Values,
    pub code_errors: FieldErrors,
    pub status: StatusCode,
}

/// Renders the page with the settings and the code form as `shown` has them.
pub async fn render(
    state: &AppState,
    reader: &Reader,
    organiser: &Organiser,
    targets: &Targets,
    shown: Shown<'_>,
) -> Result<Response, AppError> {
    let programme = &targets.programme;
    let event = programme.event.id.to_string();
    let seats = state.store.target_seats(&event).await?;
    let codes = state.store.invitation_codes(&event).await?;
    let f = frame(reader, organiser, programme.event.id.to_string());
    let words = f.chrome.t;
    let values = shown.settings;
    let errors = &shown.errors;
    let text = |name: &str, label: &str, kind: FieldKind| {
        Field::new(name, words.message(label), get(values, name), kind, errors)
    };
    let window = vec![
        text("opens_date", "org-reg-opens-date", FieldKind::Date),
        text("opens_time", "org-reg-opens-time", FieldKind::Time),
        text("closes_date", "org-reg-closes-date", FieldKind::Date),
        text("closes_time", "org-reg-closes-time", FieldKind::Time),
        text("offer_hours", "org-reg-offer-hours", FieldKind::Text),
    ];
    let languages = super::part::languages_source_first(programme);
    let notices = languages
        .iter()
        .map(|lang| {
            let name = notice_field(lang.as_str());
            let label = words.message_with(
                "org-reg-privacy-in",
                &[("language", words.language_name(lang).into())],
            );
            let value = values.get(&name).cloned().unwrap_or_default();
            Field::new(&name, label, value, FieldKind::Paragraphs, errors)
        })
        .collect();
    let rows = targets
        .all()
        .iter()
        .enumerate()
        .map(|(i, target)| {
            let (_, held) = setting_of(&seats, target);
            let field = |name: &str, label: String, kind: FieldKind| {
                let name = row(i, name);
                let value = get(values, &name).to_owned();
                Field::new(&name, label, value, kind, errors)
            };
            let mut fields = vec![field(
                "policy",
                words.message("org-reg-policy"),
                FieldKind::keywords::<PolicyKind>("org-reg-policy", words),
            )];
            for category in Category::ALL {
                fields.push(field(
                    &format!("category-{}", category.keyword()),
                    category.name(words),
                    FieldKind::Check,
                ));
            }
            fields.push(field(
                "capacity",
                words.message("org-reg-capacity"),
                FieldKind::Text,
            ));
            TargetRow {
                legend: target_label(programme, target, words),
                held: words.message_with("org-reg-held", &[("held", held.into())]),
                hidden: vec![(row(i, "target"), target.key())],
                fields,
            }
        })
        .collect();
    let code_fields = invitations::fields(shown.codes, targets, &shown.code_errors, words);
    let codes = invitations::lines(&codes, programme, words);
    let page = RegistrationPage {
        event_id: event.clone(),
        event_name: programme
            .event
            .name
            .get(words.lang(), &programme.event.source_language)
            .map(|t| t.text)
            .unwrap_or_default(),
        can_edit: organiser.can_edit(),
        zone_help: words.message_with(
            "org-reg-zone-help",
            &[("zone", programme.event.host_zone.name().to_owned().into())],
        ),
        window,
        notices_class: format!("translations langs-{}", languages.len().clamp(1, 4)),
        notices,
        targets: rows,
        errors: shown.errors.values().cloned().collect(),
        code_fields,
        code_errors: shown.code_errors.values().cloned().collect(),
        codes,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok((shown.status, Html(page.render().unwrap_or_default())).into_response())
}

/// `GET /organiser/events/{event}/registration`
pub async fn show(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let targets = Targets::of(&state, &event).await?;
    let window = state.store.registration_window(&event).await?;
    let seats = state.store.target_seats(&event).await?;
    let values = values_of(&window, &seats, &targets);
    let shown = Shown {
        settings: &values,
        errors: FieldErrors::new(),
        codes: &invitations::BLANK,
        code_errors: FieldErrors::new(),
        status: StatusCode::OK,
    };
    render(&state, &reader, &organiser, &targets, shown).await
}

/// Every field of `values` longer than it may be, with the message at it.
pub fn too_long(values: &Values, words: &Localizer) -> FieldErrors {
    values
        .iter()
        .filter_map(|(name, value)| Some((name.clone(), limits::too_long(name, value, words)?)))
        .collect()
}

/// `POST /organiser/events/{event}/registration`
pub async fn save(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let values: Values = pairs.into_iter().collect();
    check_edit(&organiser, &headers, get(&values, "csrf"))?;
    let targets = Targets::of(&state, &event).await?;
    let words = reader.words();
    let refused = |errors: FieldErrors| Shown {
        settings: &values,
        errors,
        codes: &invitations::BLANK,
        code_errors: FieldErrors::new(),
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    // Bounds first: nothing is made of a form that asks for too much.
    let long = too_long(&values, words);
    if !long.is_empty() {
        return render(&state, &reader, &organiser, &targets, refused(long)).await;
    }
    let seats = state.store.target_seats(&event).await?;
    let settings = match read(&values, &targets, &seats, words) {
        Ok(settings) => settings,
        Err(errors) => {
            return render(&state, &reader, &organiser, &targets, refused(errors)).await;
        }
    };
    let changed: Vec<&(usize, TargetSetting)> = settings
        .targets
        .iter()
        .filter(|(_, setting)| setting_of(&seats, &setting.target).0 != *setting)
        .collect();
    let now = Timestamp::now();
    let ends = offer_end(&targets.programme, settings.window.offer_hours, now);
    let mut unit = state
        .store
        .begin(format!(
            "saving the registration settings of event \"{event}\""
        ))
        .await?;
    unit.set_registration_window(&event, &settings.window, now)
        .await?;
    let mut offers = Vec::new();
    for (i, setting) in &changed {
        match unit.set_target(&event, setting, now, &ends).await {
            Ok(made) => offers.extend(made),
            // Seats taken since the form was read: said at the row, and nothing is saved.
            Err(StoreError::CapacityBelowHeld { capacity, held, .. }) => {
                unit.rollback().await?;
                let errors =
                    FieldErrors::from([(row(*i, "capacity"), below_held(capacity, held, words))]);
                return render(&state, &reader, &organiser, &targets, refused(errors)).await;
            }
            Err(err) => return Err(err.into()),
        }
    }
    match &targets.published {
        Some(published) => mailing::offers(&mut unit, &state, published, &offers, now).await?,
        None if offers.is_empty() => {}
        None => {
            return Err(AppError::Internal(format!(
                "seats of event \"{event}\" were offered, but it has no published programme to \
                 write their emails from"
            )));
        }
    }
    let detail = audit_detail(&settings.window, &changed, offers.len());
    unit.record_audit(
        now,
        Some(&organiser.user.id),
        "registration-settings",
        Some(&event),
        &detail,
    )
    .await?;
    unit.commit().await?;
    Ok(Redirect::to(&format!(
        "/organiser/events/{event}/registration?done=saved"
    ))
    .into_response())
}

/// What the audit log says of a save: the window, each target changed, the seats offered.
fn audit_detail(window: &Window, changed: &[&(usize, TargetSetting)], offered: usize) -> String {
    let at = |t: Option<Timestamp>| t.map_or_else(|| "-".to_owned(), |t| t.to_string());
    let mut detail = format!(
        "opens {}, closes {}, offers last {} h",
        at(window.opens),
        at(window.closes),
        window.offer_hours
    );
    for (_, setting) in changed {
        let capacity = setting
            .capacity
            .map_or_else(|| "unlimited".to_owned(), |c| format!("{c} seats"));
        let categories = setting.policy.categories_key();
        let policy = match categories.as_str() {
            "" => setting.policy.kind().keyword().to_owned(),
            _ => format!("{} ({categories})", setting.policy.kind().keyword()),
        };
        detail.push_str(&format!("; {}: {policy}, {capacity}", setting.target));
    }
    if offered > 0 {
        detail.push_str(&format!("; {offered} seats offered"));
    }
    detail
}
