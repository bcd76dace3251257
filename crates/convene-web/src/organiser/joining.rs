//! How participants join the online sessions: the event's joining settings (how long before the
//! start the way in opens, when the two reminders go) and, for each online or hybrid session, its
//! room: the main address, one interpretation channel per event language (its own address, or a
//! passcode for a channel of the main room) and a note per language.
//!
//! Rooms are kept in the store, never in the programme: only editors and admins of the event see
//! this page, and a save is one unit of work with its audit entry (which names the sessions whose
//! room changed, never the addresses).

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::locale::Localizer;
use convene_core::registration::joining::{
    Channel, Joining, JoiningProblem, Room, RoomProblemKind, is_joinable,
};
use convene_core::{Language, Programme, Slug};
use jiff::civil::Time;
use jiff::{SignedDuration, Timestamp};

use super::auth::{Organiser, check_edit};
use super::events::frame;
use super::field::{Field, FieldErrors, FieldKind};
use super::registration::{Targets, Values, target_label, too_long};
use crate::AppState;
use crate::error::AppError;
use crate::page::Chrome;
use crate::request::Reader;

/// One session's room on the page.
pub struct RoomRow {
    pub legend: String,
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "organiser/joining.html")]
struct JoiningPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event_id: String,
    event_name: String,
    settings: Vec<Field>,
    rooms: Vec<RoomRow>,
    errors: Vec<String>,
}

fn row(i: usize, field: &str) -> String {
    format!("rooms[{i}].{field}")
}

fn get<'v>(values: &'v Values, name: &str) -> &'v str {
    values.get(name).map_or("", |v| v.trim())
}

/// The sessions that have a room: the online and hybrid ones, in programme order.
fn joinable(programme: &Programme) -> Vec<Slug> {
    programme
        .sessions
        .iter()
        .filter(|s| is_joinable(s))
        .map(|s| s.identity().clone())
        .collect()
}

/// The form of the settings and rooms as they are.
fn values_of(joining: &Joining, rooms: &[(Slug, Room)], programme: &Programme) -> Values {
    let mut values = Values::new();
    values.insert(
        "opens_before".into(),
        joining.opens_before.as_mins().to_string(),
    );
    values.insert(
        "day_before_at".into(),
        joining.day_before_at.strftime("%H:%M").to_string(),
    );
    values.insert(
        "shortly_before".into(),
        joining.shortly_before.as_mins().to_string(),
    );
    for (i, session) in joinable(programme).iter().enumerate() {
        values.insert(row(i, "session"), session.to_string());
        let Some((_, room)) = rooms.iter().find(|(id, _)| id == session) else {
            continue;
        };
        values.insert(row(i, "url"), room.url.clone());
        for channel in &room.channels {
            let lang = channel.language.as_str();
            if let Some(url) = &channel.url {
                values.insert(row(i, &format!("{lang}.url")), url.clone());
            }
            if let Some(code) = &channel.passcode {
                values.insert(row(i, &format!("{lang}.passcode")), code.clone());
            }
        }
        for (lang, note) in &room.notes {
            values.insert(row(i, &format!("note_{lang}")), note.clone());
        }
    }
    values
}

/// What the form asks for: the settings, and each posted session's room (`None`: no room).
struct Asked {
    joining: Joining,
    rooms: Vec<(Slug, Option<Room>)>,
}

fn minutes(given: &str, min: i64, max: i64, words: &Localizer) -> Result<i64, String> {
    given
        .parse::<i64>()
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

fn read(values: &Values, programme: &Programme, words: &Localizer) -> Result<Asked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let defaults = Joining::default();
    let mut number =
        |name: &str, default: SignedDuration, min: i64, max: i64| match get(values, name) {
            "" => default,
            given => match minutes(given, min, max, words) {
                Ok(n) => SignedDuration::from_mins(n),
                Err(message) => {
                    errors.insert(name.to_owned(), message);
                    default
                }
            },
        };
    let opens_before = number(
        "opens_before",
        defaults.opens_before,
        0,
        Joining::MAX_OPENS_BEFORE.as_mins(),
    );
    let shortly_before = number(
        "shortly_before",
        defaults.shortly_before,
        Joining::MIN_SHORTLY_BEFORE.as_mins(),
        Joining::MAX_SHORTLY_BEFORE.as_mins(),
    );
    let day_before_at = match get(values, "day_before_at") {
        "" => defaults.day_before_at,
        given => Time::strptime("%H:%M", given).unwrap_or_else(|_| {
            errors.insert(
                "day_before_at".into(),
                words.message_with("org-bad-time", &[("given", given.to_owned().into())]),
            );
            defaults.day_before_at
        }),
    };
    let joining = Joining {
        opens_before,
        day_before_at,
        shortly_before,
    };
    for problem in joining.check() {
        // Bounds are checked above; this only repeats them should the two ever differ.
        let field = match problem {
            JoiningProblem::OpensBefore => "opens_before",
            JoiningProblem::ShortlyBefore => "shortly_before",
        };
        errors
            .entry(field.to_owned())
            .or_insert_with(|| words.message("org-join-bad-setting"));
    }
    let sessions = joinable(programme);
    let languages = &programme.event.languages;
    let posted = values.iter().filter_map(|(name, id)| {
        let index = name.strip_prefix("rooms[")?.strip_suffix("].session")?;
        Some((index.parse::<usize>().ok()?, id.trim()))
    });
    let mut rooms = Vec::new();
    for (i, id) in posted {
        // A session that left the programme, or went on site, since the page was made.
        let Some(session) = sessions.iter().find(|s| s.as_str() == id) else {
            continue;
        };
        let url = get(values, &row(i, "url")).to_owned();
        let channels: Vec<Channel> = languages
            .iter()
            .filter_map(|lang| {
                let url = get(values, &row(i, &format!("{lang}.url")));
                let code = get(values, &row(i, &format!("{lang}.passcode")));
                (!url.is_empty() || !code.is_empty()).then(|| Channel {
                    language: lang.clone(),
                    url: (!url.is_empty()).then(|| url.to_owned()),
                    passcode: (!code.is_empty()).then(|| code.to_owned()),
                })
            })
            .collect();
        let notes: BTreeMap<Language, String> = languages
            .iter()
            .filter_map(|lang| {
                let note = get(values, &row(i, &format!("note_{lang}")));
                (!note.is_empty()).then(|| (lang.clone(), note.to_owned()))
            })
            .collect();
        if url.is_empty() && channels.is_empty() && notes.is_empty() {
            rooms.push((session.clone(), None));
            continue;
        }
        let room = Room {
            url,
            channels,
            notes,
        };
        for problem in room.check() {
            let field = room_field(i, &problem.field, &room);
            let message = match problem.kind {
                RoomProblemKind::Missing => words.message("org-join-room-missing"),
                RoomProblemKind::NotAWebAddress => words.message("org-join-not-web-address"),
                RoomProblemKind::TooLong | RoomProblemKind::TooMany => {
                    words.message("org-join-too-long")
                }
                RoomProblemKind::LanguageTwice | RoomProblemKind::EmptyChannel => {
                    words.message("org-join-bad-channel")
                }
            };
            errors.entry(field).or_insert(message);
        }
        rooms.push((session.clone(), Some(room)));
    }
    if errors.is_empty() {
        Ok(Asked { joining, rooms })
    } else {
        Err(errors)
    }
}

/// The form's name of the field the core's check names (`channel-2-url` is the second channel's
/// address, whose language says its row).
fn room_field(i: usize, field: &str, room: &Room) -> String {
    if let Some(rest) = field.strip_prefix("channel-") {
        let (n, part) = rest.split_once('-').unwrap_or((rest, "url"));
        let lang = n
            .parse::<usize>()
            .ok()
            .and_then(|n| room.channels.get(n.saturating_sub(1)))
            .map(|c| c.language.to_string())
            .unwrap_or_default();
        let part = if part == "passcode" {
            "passcode"
        } else {
            "url"
        };
        return row(i, &format!("{lang}.{part}"));
    }
    if let Some(lang) = field.strip_prefix("note-") {
        return row(i, &format!("note_{lang}"));
    }
    row(i, "url")
}

fn render(
    reader: &Reader,
    organiser: &Organiser,
    targets: &Targets,
    values: &Values,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let programme = &targets.programme;
    let f = frame(reader, organiser, programme.event.id.to_string());
    let words = f.chrome.t;
    let field = |name: String, label: String, kind: FieldKind| {
        let value = get(values, &name).to_owned();
        Field::new(&name, label, value, kind, &errors)
    };
    let settings = vec![
        field(
            "opens_before".into(),
            words.message("org-join-opens-before"),
            FieldKind::Text,
        ),
        field(
            "day_before_at".into(),
            words.message("org-join-day-before-at"),
            FieldKind::Time,
        ),
        field(
            "shortly_before".into(),
            words.message("org-join-shortly-before"),
            FieldKind::Text,
        ),
    ];
    let languages = super::part::languages_source_first(programme);
    let rooms = joinable(programme)
        .iter()
        .enumerate()
        .map(|(i, session)| {
            let mut fields = vec![field(
                row(i, "url"),
                words.message("org-join-room-url"),
                FieldKind::Text,
            )];
            for lang in &languages {
                let name = words.language_name(lang);
                fields.push(field(
                    row(i, &format!("{lang}.url")),
                    words
                        .message_with("org-join-channel-url", &[("language", name.clone().into())]),
                    FieldKind::Text,
                ));
                fields.push(field(
                    row(i, &format!("{lang}.passcode")),
                    words.message_with("org-join-channel-passcode", &[("language", name.into())]),
                    FieldKind::Text,
                ));
            }
            for lang in &languages {
                fields.push(field(
                    row(i, &format!("note_{lang}")),
                    words.message_with(
                        "org-join-note-in",
                        &[("language", words.language_name(lang).into())],
                    ),
                    FieldKind::Paragraphs,
                ));
            }
            RoomRow {
                legend: target_label(
                    programme,
                    &convene_core::registration::Target::Session(session.clone()),
                    words,
                ),
                hidden: vec![(row(i, "session"), session.to_string())],
                fields,
            }
        })
        .collect();
    let page = JoiningPage {
        event_id: programme.event.id.to_string(),
        event_name: programme
            .event
            .name
            .get(words.lang(), &programme.event.source_language)
            .map(|t| t.text)
            .unwrap_or_default(),
        settings,
        rooms,
        errors: errors.values().cloned().collect(),
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok((status, Html(page.render().unwrap_or_default())).into_response())
}

/// `GET /organiser/events/{event}/joining`
pub async fn show(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let targets = Targets::of(&state, &event).await?;
    organiser.must_edit()?;
    let joining = state.store.joining(&event).await?;
    let rooms = state.store.rooms(&event).await?;
    let values = values_of(&joining, &rooms, &targets.programme);
    render(
        &reader,
        &organiser,
        &targets,
        &values,
        FieldErrors::new(),
        StatusCode::OK,
    )
}

/// `POST /organiser/events/{event}/joining`
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
    let long = too_long(&values, words);
    if !long.is_empty() {
        return render(
            &reader,
            &organiser,
            &targets,
            &values,
            long,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let asked = match read(&values, &targets.programme, words) {
        Ok(asked) => asked,
        Err(errors) => {
            return render(
                &reader,
                &organiser,
                &targets,
                &values,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let before_joining = state.store.joining(&event).await?;
    let before_rooms = state.store.rooms(&event).await?;
    let changed: Vec<&(Slug, Option<Room>)> = asked
        .rooms
        .iter()
        .filter(|(session, room)| {
            let was = before_rooms
                .iter()
                .find(|(id, _)| id == session)
                .map(|(_, r)| r);
            was != room.as_ref()
        })
        .collect();
    if before_joining == asked.joining && changed.is_empty() {
        return Ok(Redirect::to(&format!(
            "/organiser/events/{event}/joining?done=nothing-changed"
        ))
        .into_response());
    }
    let now = Timestamp::now();
    let mut unit = state
        .store
        .begin(format!(
            "saving how to join the sessions of event \"{event}\""
        ))
        .await?;
    unit.set_joining(&event, &asked.joining, now).await?;
    for (session, room) in &changed {
        unit.set_room(&event, session, room.as_ref(), now).await?;
    }
    let mut detail = format!(
        "opens {} min before, reminders at {} the day before and {} min before",
        asked.joining.opens_before.as_mins(),
        asked.joining.day_before_at.strftime("%H:%M"),
        asked.joining.shortly_before.as_mins()
    );
    for (session, room) in &changed {
        let what = if room.is_some() {
            "room set"
        } else {
            "room removed"
        };
        detail.push_str(&format!("; {session}: {what}"));
    }
    unit.record_audit(
        now,
        Some(&organiser.user.id),
        "joining-settings",
        Some(&event),
        &detail,
    )
    .await?;
    unit.commit().await?;
    state.rooms.forget(&event);
    Ok(Redirect::to(&format!("/organiser/events/{event}/joining?done=saved")).into_response())
}
