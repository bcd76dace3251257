//! Messages from organisers to the registrants of one session (or on-site day) or of the whole
//! event: written in each language the organisers choose, previewed as each language's readers
//! will receive it with how many will, then sent. Sending stores the message with its audit
//! entry and the job that writes the letters to the outbox, in one unit of work; the same form
//! sent twice sends once. Only editors and admins of the event write to its participants.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::locale::Localizer;
use convene_core::registration::Target;
use convene_core::registration::announcement::{
    Announcement, AnnouncementProblem, Purpose, Wording,
};
use convene_core::registration::letters::{Letters, Links};
use convene_core::{Keyword, Language, Programme};
use jiff::Timestamp;

use super::auth::{Organiser, check_edit};
use super::events::frame;
use super::field::{Field, FieldErrors, FieldKind};
use super::registration::{Targets, Values, target_label, too_long};
use crate::AppState;
use crate::error::AppError;
use crate::page::Chrome;
use crate::participate::announcements::recipients;
use crate::request::Reader;

/// Messages listed on the page, newest first.
const LISTED: i64 = 50;

/// A language's letter as its readers will receive it.
pub struct Preview {
    pub heading: String,
    pub subject: String,
    pub text: String,
}

/// A message sent, as listed.
pub struct SentRow {
    pub when: String,
    pub audience: String,
    pub purpose: String,
    pub subject: String,
    pub author: String,
    pub written: String,
}

#[derive(Template)]
#[template(path = "organiser/messages.html")]
struct MessagesPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event_id: String,
    event_name: String,
    /// The message's id, kept from form to preview to sending.
    id: String,
    fields: Vec<Field>,
    texts: Vec<(String, Vec<Field>)>,
    errors: Vec<String>,
    /// Set once the form checks: who will receive what.
    summary: Option<String>,
    previews: Vec<Preview>,
    sent: Vec<SentRow>,
}

fn get<'v>(values: &'v Values, name: &str) -> &'v str {
    values.get(name).map_or("", |v| v.trim())
}

fn subject_field(lang: &Language) -> String {
    format!("message_subject_{lang}")
}

fn body_field(lang: &Language) -> String {
    format!("message_body_{lang}")
}

/// The message the form asks for, or what is wrong with it, at each field.
fn read(
    values: &Values,
    targets: &Targets,
    words: &Localizer,
) -> Result<Announcement, FieldErrors> {
    let mut errors = FieldErrors::new();
    let programme = &targets.programme;
    let audience = match get(values, "audience") {
        "" => None,
        key => match Target::parse(key).filter(|t| targets.all().contains(t)) {
            Some(target) => Some(target),
            None => {
                errors.insert("audience".into(), words.message("org-message-bad-audience"));
                None
            }
        },
    };
    let purpose = Purpose::from_keyword(get(values, "purpose")).unwrap_or_else(|| {
        errors.insert("purpose".into(), words.message("org-message-bad-purpose"));
        Purpose::News
    });
    let texts: BTreeMap<Language, Wording> = programme
        .event
        .languages
        .iter()
        .filter_map(|lang| {
            let subject = get(values, &subject_field(lang));
            let body = values
                .get(&body_field(lang))
                .map_or("", |b| b.trim_end())
                .trim_start_matches(['\r', '\n']);
            (!subject.is_empty() || !body.trim().is_empty()).then(|| {
                (
                    lang.clone(),
                    Wording {
                        subject: subject.to_owned(),
                        body: body.to_owned(),
                    },
                )
            })
        })
        .collect();
    let announcement = Announcement {
        audience,
        include_waiting: get(values, "include_waiting") == "yes",
        purpose,
        texts,
    };
    let source = &programme.event.source_language;
    for problem in announcement.check() {
        let (field, message) = match problem {
            AnnouncementProblem::NothingWritten => (
                subject_field(source),
                words.message("org-message-nothing-written"),
            ),
            AnnouncementProblem::SubjectMissing(l) => (
                subject_field(&l),
                words.message("org-message-subject-missing"),
            ),
            AnnouncementProblem::BodyMissing(l) => {
                (body_field(&l), words.message("org-message-body-missing"))
            }
            AnnouncementProblem::SubjectTooLong(l) => (
                subject_field(&l),
                words.message_with(
                    "org-too-long",
                    &[
                        ("max", Announcement::MAX_SUBJECT.into()),
                        (
                            "count",
                            get(values, &subject_field(&l)).chars().count().into(),
                        ),
                    ],
                ),
            ),
            AnnouncementProblem::BodyTooLong(l) => (
                body_field(&l),
                words.message_with(
                    "org-too-long",
                    &[
                        ("max", Announcement::MAX_BODY.into()),
                        ("count", get(values, &body_field(&l)).chars().count().into()),
                    ],
                ),
            ),
            AnnouncementProblem::SubjectNotOneLine(l) => (
                subject_field(&l),
                words.message("org-message-subject-one-line"),
            ),
        };
        errors.entry(field).or_insert(message);
    }
    if errors.is_empty() {
        Ok(announcement)
    } else {
        Err(errors)
    }
}

/// What the audience is called: "Tous les inscrits" or the session's label.
fn audience_label(programme: &Programme, audience: Option<&Target>, words: &Localizer) -> String {
    match audience {
        None => words.message("org-message-everyone"),
        Some(target) => target_label(programme, target, words),
    }
}

/// A message's id: a new secret-sized random, so that two forms never share one.
fn new_id() -> String {
    crate::organiser::credentials::new_token()
}

fn clean_id(given: &str) -> Option<String> {
    (given.len() == 64 && given.bytes().all(|b| b.is_ascii_hexdigit())).then(|| given.to_owned())
}

/// Who will receive `announcement`, per language, and each language's letter as its readers will
/// receive it (addressed to a placeholder name, times in the host zone).
async fn preview(
    state: &AppState,
    targets: &Targets,
    announcement: &Announcement,
    words: &Localizer,
) -> Result<(String, Vec<Preview>), AppError> {
    let programme = &targets.programme;
    let event_id = programme.event.id.as_str();
    let source = &programme.event.source_language;
    let reached = recipients(state, event_id, announcement).await?;
    let mut by_language: BTreeMap<Language, usize> = BTreeMap::new();
    for recipient in &reached {
        if let Some(who) = &recipient.participant.details
            && let Some((language, _)) = announcement.wording_for(&who.language, source)
        {
            *by_language.entry(language.clone()).or_default() += 1;
        }
    }
    let skipped = if announcement.reaches_unsubscribed() {
        0
    } else {
        let everyone = Announcement {
            purpose: Purpose::Registration,
            ..announcement.clone()
        };
        // Read a moment apart: a cancellation in between is no reason to fail.
        recipients(state, event_id, &everyone)
            .await?
            .len()
            .saturating_sub(reached.len())
    };
    let mut summary = words.message_with(
        "org-message-summary",
        &[
            ("count", reached.len().into()),
            (
                "audience",
                audience_label(programme, announcement.audience.as_ref(), words).into(),
            ),
        ],
    );
    if skipped > 0 {
        summary.push(' ');
        summary.push_str(&words.message_with("org-message-skipped", &[("count", skipped.into())]));
    }
    let sample_entry =
        announcement
            .audience
            .clone()
            .map(|target| convene_core::registration::agenda::Entry {
                target,
                state: convene_core::registration::State::Confirmed,
                position: None,
                offer_until: None,
            });
    let host = &programme.event.host_zone;
    let mut previews = Vec::new();
    for (language, wording) in &announcement.texts {
        let readers = by_language.get(language).copied().unwrap_or(0);
        let letters = Letters::new(
            programme,
            &words.message("org-message-sample-name"),
            language,
            host,
        );
        let links = Links {
            me: format!("{}/events/{event_id}/me", state.site.base_url),
            unsubscribe: (!announcement.reaches_unsubscribed())
                .then(|| format!("{}/unsubscribe/…", state.site.base_url)),
            ..Links::default()
        };
        let letter = letters.announcement(wording, sample_entry.as_slice(), &links);
        previews.push(Preview {
            heading: words.message_with(
                "org-message-preview-heading",
                &[
                    ("language", words.language_name(language).into()),
                    ("count", readers.into()),
                ],
            ),
            subject: letter.subject,
            text: letter.text,
        });
    }
    Ok((summary, previews))
}

struct Shown {
    values: Values,
    errors: FieldErrors,
    summary: Option<String>,
    previews: Vec<Preview>,
}

async fn render(
    state: &AppState,
    reader: &Reader,
    organiser: &Organiser,
    targets: &Targets,
    shown: Shown,
    status: StatusCode,
) -> Result<Response, AppError> {
    let programme = &targets.programme;
    let event_id = programme.event.id.to_string();
    let f = frame(reader, organiser, event_id.clone());
    let words = f.chrome.t;
    let Shown {
        values,
        errors,
        summary,
        previews,
    } = shown;
    let field = |name: &str, label: String, kind: FieldKind| {
        Field::new(name, label, get(&values, name).to_owned(), kind, &errors)
    };
    let mut audiences = vec![(String::new(), words.message("org-message-everyone"))];
    audiences.extend(
        targets
            .all()
            .iter()
            .map(|t| (t.key(), target_label(programme, t, words))),
    );
    let fields = vec![
        field(
            "audience",
            words.message("org-message-audience"),
            FieldKind::Choice(audiences),
        ),
        field(
            "include_waiting",
            words.message("org-message-include-waiting"),
            FieldKind::Check,
        ),
        field(
            "purpose",
            words.message("org-message-purpose"),
            FieldKind::keywords::<Purpose>("org-message-purpose", words),
        ),
    ];
    let texts = super::part::languages_source_first(programme)
        .iter()
        .map(|lang| {
            let name = words.language_name(lang);
            (
                name.clone(),
                vec![
                    field(
                        &subject_field(lang),
                        words.message_with(
                            "org-message-subject",
                            &[("language", name.clone().into())],
                        ),
                        FieldKind::Text,
                    ),
                    field(
                        &body_field(lang),
                        words.message_with("org-message-body", &[("language", name.into())]),
                        FieldKind::Paragraphs,
                    ),
                ],
            )
        })
        .collect();
    let sent = state
        .store
        .announcements(&event_id, LISTED)
        .await?
        .into_iter()
        .map(|a| {
            let source = &programme.event.source_language;
            SentRow {
                when: a.created_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
                audience: audience_label(programme, a.announcement.audience.as_ref(), words),
                purpose: words.message(&format!(
                    "org-message-purpose-{}",
                    a.announcement.purpose.keyword()
                )),
                subject: a
                    .announcement
                    .wording_for(words.lang(), source)
                    .map(|(_, w)| w.subject.clone())
                    .unwrap_or_default(),
                author: a.author.unwrap_or_default(),
                written: match a.written {
                    Some(n) => n.to_string(),
                    None => words.message("org-message-writing"),
                },
            }
        })
        .collect();
    let id = clean_id(get(&values, "id")).unwrap_or_else(new_id);
    let page = MessagesPage {
        event_id,
        event_name: programme
            .event
            .name
            .get(words.lang(), &programme.event.source_language)
            .map(|t| t.text)
            .unwrap_or_default(),
        id,
        fields,
        texts,
        errors: errors.values().cloned().collect(),
        summary,
        previews,
        sent,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok((status, Html(page.render().unwrap_or_default())).into_response())
}

/// `GET /organiser/events/{event}/messages`
pub async fn show(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let targets = Targets::of(&state, &event).await?;
    organiser.must_edit()?;
    let mut values = Values::new();
    // News unless the organiser says it is about their registration: unsubscribing is honoured
    // unless they choose otherwise.
    values.insert("purpose".into(), Purpose::News.keyword().into());
    let shown = Shown {
        values,
        errors: FieldErrors::new(),
        summary: None,
        previews: Vec::new(),
    };
    render(&state, &reader, &organiser, &targets, shown, StatusCode::OK).await
}

/// `POST /organiser/events/{event}/messages`: `action=preview` shows who receives what;
/// `action=send` sends it.
pub async fn post(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let values: Values = pairs.into_iter().take(100).collect();
    check_edit(&organiser, &headers, get(&values, "csrf"))?;
    let targets = Targets::of(&state, &event).await?;
    let words = reader.words();
    let unprocessable = |errors: FieldErrors| Shown {
        values: values.clone(),
        errors,
        summary: None,
        previews: Vec::new(),
    };
    let long: FieldErrors = too_long(&values, words)
        .into_iter()
        .filter(|(name, _)| name.starts_with("message_") || name == "audience")
        .collect();
    // Lengths first, before anything is read into a message.
    let checked = if long.is_empty() {
        read(&values, &targets, words)
    } else {
        Err(long)
    };
    let announcement = match checked {
        Ok(announcement) => announcement,
        Err(errors) => {
            let shown = unprocessable(errors);
            return render(
                &state,
                &reader,
                &organiser,
                &targets,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if targets.published.is_none() {
        let mut errors = FieldErrors::new();
        errors.insert("audience".into(), words.message("org-message-unpublished"));
        let shown = unprocessable(errors);
        return render(
            &state,
            &reader,
            &organiser,
            &targets,
            shown,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let id = clean_id(get(&values, "id"));
    match (get(&values, "action"), id) {
        ("send", Some(id)) => {
            let now = Timestamp::now();
            let mut unit = state
                .store
                .begin(format!("sending a message to registrants of \"{event}\""))
                .await?;
            let stored = unit
                .create_announcement(&id, &event, &announcement, Some(&organiser.user.id), now)
                .await?;
            if stored {
                let languages: Vec<&str> =
                    announcement.texts.keys().map(Language::as_str).collect();
                let audience = announcement
                    .audience
                    .as_ref()
                    .map_or("everyone".to_owned(), Target::key);
                unit.record_audit(
                    now,
                    Some(&organiser.user.id),
                    "message-registrants",
                    Some(&event),
                    &format!(
                        "message {id} to {audience}{} ({}), in {}",
                        if announcement.include_waiting {
                            " and those waiting"
                        } else {
                            ""
                        },
                        announcement.purpose.keyword(),
                        languages.join(", ")
                    ),
                )
                .await?;
            }
            unit.commit().await?;
            let done = if stored { "queued" } else { "already-queued" };
            Ok(
                Redirect::to(&format!("/organiser/events/{event}/messages?done={done}"))
                    .into_response(),
            )
        }
        _ => {
            let (summary, previews) = preview(&state, &targets, &announcement, words).await?;
            let shown = Shown {
                values: values.clone(),
                errors: FieldErrors::new(),
                summary: Some(summary),
                previews,
            };
            render(&state, &reader, &organiser, &targets, shown, StatusCode::OK).await
        }
    }
}
