//! Invitation codes, on the registration page: an editor makes a number of codes at once, each
//! admitting some registrations to one target or to every target that needs an invitation, with
//! a note of whom they are for; the page lists every code with its uses.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use convene_core::Programme;
use convene_core::locale::Localizer;
use convene_core::registration::{CODE_LENGTH, Target, invitation_code};
use convene_store::InvitationCode;
use jiff::Timestamp;

use super::auth::{Organiser, check_edit};
use super::field::{Field, FieldErrors, FieldKind};
use super::registration::{Shown, Targets, Values, render, target_label, too_long};
use crate::AppState;
use crate::error::AppError;
use crate::request::Reader;

/// The most codes made at once.
pub const MAX_CODES: u32 = 100;
/// The most registrations one code admits.
pub const MAX_USES: u32 = 1_000;
/// Tries at a code the event does not have yet before giving up: with 32⁸ codes, a second try
/// is already rare.
const TRIES: usize = 5;

/// The code form before anything is typed in it.
pub static BLANK: Values = Values::new();

/// One code as the list shows it.
pub struct CodeLine {
    pub code: String,
    pub target: String,
    pub used: u32,
    pub left: u32,
    pub note: String,
    pub created: String,
}

/// The fields of the form that makes codes.
pub fn fields(
    values: &Values,
    targets: &Targets,
    errors: &FieldErrors,
    words: &Localizer,
) -> Vec<Field> {
    let value = |name: &str, default: &str| match values.get(name).map(|v| v.trim()) {
        Some(v) if !v.is_empty() => v.to_owned(),
        _ => default.to_owned(),
    };
    let choices = std::iter::once((String::new(), words.message("org-code-any-target")))
        .chain(
            targets
                .all()
                .iter()
                .map(|t| (t.key(), target_label(&targets.programme, t, words))),
        )
        .collect();
    vec![
        Field::new(
            "code_count",
            words.message("org-code-count"),
            value("code_count", "1"),
            FieldKind::Text,
            errors,
        ),
        Field::new(
            "code_uses",
            words.message("org-code-uses"),
            value("code_uses", "1"),
            FieldKind::Text,
            errors,
        ),
        Field::new(
            "code_target",
            words.message("org-code-target"),
            value("code_target", ""),
            FieldKind::Choice(choices),
            errors,
        ),
        Field::new(
            "code_note",
            words.message("org-code-note"),
            value("code_note", ""),
            FieldKind::Text,
            errors,
        ),
    ]
}

/// The codes of the event as the list shows them.
pub fn lines(codes: &[InvitationCode], programme: &Programme, words: &Localizer) -> Vec<CodeLine> {
    codes
        .iter()
        .map(|c| CodeLine {
            code: c.code.clone(),
            target: match &c.target {
                Some(target) => target_label(programme, target, words),
                None => words.message("org-code-any-target"),
            },
            used: c.used,
            left: c.uses.saturating_sub(c.used),
            note: c.note.clone(),
            created: c.created_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        })
        .collect()
}

/// What the form asks for.
struct Asked {
    count: u32,
    uses: u32,
    target: Option<Target>,
    note: String,
}

fn read(values: &Values, targets: &Targets, words: &Localizer) -> Result<Asked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let get = |name: &str| values.get(name).map_or("", |v| v.trim());
    let mut number = |name: &str, max: u32| {
        let given = get(name);
        let n = given.parse::<u32>().ok().filter(|n| (1..=max).contains(n));
        if n.is_none() {
            errors.insert(
                name.to_owned(),
                words.message_with(
                    "org-reg-bad-number",
                    &[
                        ("given", given.to_owned().into()),
                        ("min", 1.into()),
                        ("max", max.into()),
                    ],
                ),
            );
        }
        n
    };
    let count = number("code_count", MAX_CODES);
    let uses = number("code_uses", MAX_USES);
    let target = match get("code_target") {
        "" => Some(None),
        key => {
            let target = Target::parse(key).filter(|t| targets.all().contains(t));
            if target.is_none() {
                errors.insert(
                    "code_target".into(),
                    words.message_with("org-code-bad-target", &[("given", key.to_owned().into())]),
                );
            }
            target.map(Some)
        }
    };
    // A note is one line of text: control characters and line breaks are dropped.
    let note: String = get("code_note")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    match (count, uses, target) {
        (Some(count), Some(uses), Some(target)) if errors.is_empty() => Ok(Asked {
            count,
            uses,
            target,
            note,
        }),
        _ => Err(errors),
    }
}

/// A new random code.
fn new_code() -> Result<String, AppError> {
    let mut random = [0u8; CODE_LENGTH];
    getrandom::fill(&mut random)
        .map_err(|e| AppError::Internal(format!("no randomness for an invitation code: {e}")))?;
    Ok(invitation_code(random))
}

/// `POST /organiser/events/{event}/invitations`: makes the codes asked for, in one unit of work
/// with the audit entry, and shows the page with them listed.
pub async fn create(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let values: Values = pairs.into_iter().collect();
    check_edit(
        &organiser,
        &headers,
        values.get("csrf").map_or("", String::as_str),
    )?;
    let targets = Targets::of(&state, &event).await?;
    let words = reader.words();
    let mut errors = too_long(&values, words);
    let asked = if errors.is_empty() {
        read(&values, &targets, words).map_err(|e| errors = e).ok()
    } else {
        None
    };
    let Some(asked) = asked else {
        let window = state.store.registration_window(&event).await?;
        let seats = state.store.target_seats(&event).await?;
        let settings = super::registration::values_of(&window, &seats, &targets);
        let shown = Shown {
            settings: &settings,
            errors: FieldErrors::new(),
            codes: &values,
            code_errors: errors,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        };
        return render(&state, &reader, &organiser, &targets, shown).await;
    };
    let now = Timestamp::now();
    let by = Some(&organiser.user.id);
    let mut unit = state
        .store
        .begin(format!("making invitation codes of event \"{event}\""))
        .await?;
    let mut made = Vec::new();
    for _ in 0..asked.count {
        let mut tries = 0;
        loop {
            let code = new_code()?;
            let target = asked.target.as_ref();
            if unit
                .create_invitation_code(&event, &code, target, asked.uses, &asked.note, by, now)
                .await?
            {
                made.push(code);
                break;
            }
            tries += 1;
            if tries == TRIES {
                return Err(AppError::Internal(format!(
                    "{TRIES} random invitation codes in a row were taken already for \"{event}\""
                )));
            }
        }
    }
    let target = asked
        .target
        .as_ref()
        .map_or_else(|| "any invitation target".to_owned(), Target::key);
    let detail = format!(
        "{} codes of {} uses for {target} ({}): {}",
        made.len(),
        asked.uses,
        asked.note,
        made.join(" ")
    );
    unit.record_audit(now, by, "invitation-codes", Some(&event), &detail)
        .await?;
    unit.commit().await?;
    Ok(Redirect::to(&format!(
        "/organiser/events/{event}/registration?done=saved#codes"
    ))
    .into_response())
}
