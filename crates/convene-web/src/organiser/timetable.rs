//! The timetable of one day for organisers: the host-time grid with a column per venue and each
//! display zone's clock beside it, night and off-hours shaded, the sessions as blocks that link to
//! their form. Drawn as SVG by the server, so it reads without a script; with the script an editor
//! moves a block (drag, or arrow keys) and saves the move through the same checked edit command as
//! the session form.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::edit::Edit as EditCommand;
use convene_core::locale::Localizer;
use convene_core::picture::NIGHT;
use convene_core::slot::DEFAULT_HOURS;
use convene_core::time::instant;
use convene_core::timetable::{Block, Clock, DayGrid, Shade};
use convene_core::view::TimeRangeLabel;
use convene_core::{CheckOptions, Programme, Schedule, Slug, apply};
use jiff::civil::{Date, DateTime};
use serde::Deserialize;

use super::auth::Organiser;
use super::events::{begin_edit, draft_programme, frame, save_changed_draft};
use super::limits;
use super::session_form::refused;
use crate::AppState;
use crate::error::AppError;
use crate::page::Chrome;
use crate::request::Reader;

/// Pixels per minute of the grid.
const SCALE: i32 = 1;

struct ClockColumn {
    label: String,
    offset: String,
    zone: String,
    host: bool,
    /// What the shading says, for those who do not see it.
    description: String,
    /// (y, height, class) of each shaded stretch.
    stretches: Vec<(i32, i32, &'static str)>,
    /// (y, local time, class) of each whole hour: `on-night` where the night shades it.
    marks: Vec<(i32, String, &'static str)>,
}

struct BlockBox {
    id: String,
    title: String,
    range: String,
    from: i32,
    to: i32,
    y: i32,
    height: i32,
    starts_at: String,
    /// The indexes of the clocks of the zones it shows, separated by spaces.
    zones: String,
    warnings: Vec<String>,
}

struct VenueColumn {
    id: String,
    label: String,
    blocks: Vec<BlockBox>,
}

/// Messages the script fills in while a block moves: `{session}`, `{zone}` and `{range}` stand for
/// what it knows then.
struct ScriptWords {
    moving: String,
    overlaps: String,
    off: String,
    night: String,
    saving: String,
    failed: String,
}

#[derive(Template)]
#[template(path = "organiser/timetable.html")]
struct TimetablePage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event_id: String,
    event_name: String,
    revision: i64,
    day: String,
    day_label: String,
    /// Every day of the event: date, label, whether it is the one shown.
    days: Vec<(String, String, bool)>,
    from: i32,
    to: i32,
    scale: i32,
    height: i32,
    /// The y of each whole host hour.
    lines: Vec<i32>,
    host_zone: String,
    /// The hours that suit people and the night, minutes of the day.
    hours: (i32, i32),
    night: (i32, i32),
    clocks: Vec<ClockColumn>,
    venues: Vec<VenueColumn>,
    pending: Vec<(String, String)>,
    legend_night: String,
    legend_off: String,
    can_edit: bool,
    script: ScriptWords,
}

/// Minutes from midnight of a time of day.
fn minute_of(time: jiff::civil::Time) -> i32 {
    i32::from(time.hour()) * 60 + i32::from(time.minute())
}

fn clock_column(clock: &Clock, grid: &DayGrid, words: &Localizer) -> ClockColumn {
    let y = |minute: i32| (minute - grid.from) * SCALE;
    let said: Vec<String> = clock
        .stretches
        .iter()
        .map(|s| {
            let id = match s.shade {
                Shade::Night => "org-timetable-night-at",
                Shade::OffHours => "org-timetable-off-at",
            };
            words.message_with(id, &[("range", s.local.clone().into())])
        })
        .collect();
    let (zone, offset) = (clock.label.clone(), clock.offset.clone());
    let description = if said.is_empty() {
        words.message_with(
            "org-timetable-clock",
            &[("zone", zone.into()), ("offset", offset.into())],
        )
    } else {
        words.message_with(
            "org-timetable-clock-shaded",
            &[
                ("zone", zone.into()),
                ("offset", offset.into()),
                ("shaded", said.join(", ").into()),
            ],
        )
    };
    ClockColumn {
        label: clock.label.clone(),
        offset: clock.offset.clone(),
        zone: clock.zone.clone(),
        host: clock.host,
        description,
        stretches: clock
            .stretches
            .iter()
            .map(|s| {
                let class = match s.shade {
                    Shade::Night => "night",
                    Shade::OffHours => "off",
                };
                (y(s.from), (s.to - s.from) * SCALE, class)
            })
            .collect(),
        marks: clock
            .marks
            .iter()
            .map(|(minute, label)| {
                let night = clock
                    .stretches
                    .iter()
                    .any(|s| s.shade == Shade::Night && (s.from..s.to).contains(minute));
                (
                    y(*minute),
                    label.clone(),
                    if night { "on-night" } else { "" },
                )
            })
            .collect(),
    }
}

fn block_box(block: &Block, grid: &DayGrid, words: &Localizer) -> BlockBox {
    let top = block.from.clamp(grid.from, grid.to);
    let bottom = block.to.clamp(top, grid.to);
    let mut warnings: Vec<String> = block
        .overlaps
        .iter()
        .map(|title| {
            words.message_with(
                "org-timetable-overlaps",
                &[("session", title.clone().into())],
            )
        })
        .collect();
    warnings.extend(block.off_hours.iter().map(|o| {
        let id = if o.night {
            "org-timetable-at-night"
        } else {
            "org-timetable-off"
        };
        words.message_with(
            id,
            &[
                ("zone", o.label.clone().into()),
                ("range", o.range.clone().into()),
            ],
        )
    }));
    BlockBox {
        id: block.id.to_string(),
        title: block.title.clone(),
        range: block.range.clone(),
        from: block.from,
        to: block.to,
        y: (top - grid.from) * SCALE,
        height: ((bottom - top) * SCALE).max(1),
        starts_at: block.starts_at.clone(),
        zones: block
            .zones
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        warnings,
    }
}

/// `GET /organiser/events/{event}/timetable?day=YYYY-MM-DD`: one day of the draft (its first day
/// when none is named; 404 for a date that is not one of the event's days).
pub async fn page(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let draft = draft_programme(&state, &event).await?;
    let programme = &draft.programme;
    let day = match reader.visit.param("day") {
        Some(text) => jiff::fmt::strtime::parse("%Y-%m-%d", text.trim())
            .and_then(|t| t.to_date())
            .ok()
            .filter(|d| programme.event.day(*d).is_some())
            .ok_or(AppError::NotFound)?,
        None => first_day(programme).ok_or(AppError::NotFound)?,
    };
    let title = reader.words().message("org-timetable");
    let f = frame(&reader, &organiser, title);
    let words = f.chrome.t;
    let lang = words.lang();
    let source = &programme.event.source_language;
    let grid = DayGrid::build(programme, day, words);
    let mut venues: Vec<VenueColumn> = grid
        .venues
        .iter()
        .map(|v| VenueColumn {
            id: v.id.to_string(),
            label: v.label.clone(),
            blocks: Vec::new(),
        })
        .collect();
    for block in &grid.blocks {
        if let Some(column) = venues.get_mut(block.venue) {
            column.blocks.push(block_box(block, &grid, words));
        }
    }
    let mut days: Vec<Date> = programme.event.days.iter().map(|d| d.date).collect();
    days.sort();
    let hours = |from: i32, to: i32| {
        let hour = |m: i32| words.time(jiff::civil::Time::constant((m / 60) as i8, 0, 0, 0));
        TimeRangeLabel::new(&hour(from), &hour(to), None, None, None).range
    };
    let (open, close) = (minute_of(DEFAULT_HOURS.0), minute_of(DEFAULT_HOURS.1));
    let (night_from, night_to) = (minute_of(NIGHT.0), minute_of(NIGHT.1));
    let said = |id: &str, args: &[(&str, &str)]| {
        let args: Vec<(&str, fluent::FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| (*k, (*v).to_owned().into()))
            .collect();
        words.message_with(id, &args)
    };
    let page = TimetablePage {
        event_id: event.clone(),
        event_name: programme
            .event
            .name
            .get(lang, source)
            .map(|t| t.text)
            .unwrap_or_default(),
        revision: draft.revision,
        day: day.to_string(),
        day_label: words.long_date(day),
        days: days
            .iter()
            .map(|d| (d.to_string(), words.long_date(*d), *d == day))
            .collect(),
        from: grid.from,
        to: grid.to,
        scale: SCALE,
        height: (grid.to - grid.from) * SCALE,
        lines: (grid.from / 60..=grid.to / 60)
            .map(|h| (h * 60 - grid.from) * SCALE)
            .collect(),
        host_zone: programme.event.host_zone.name().to_owned(),
        hours: (open, close),
        night: (night_from, night_to),
        clocks: grid
            .clocks
            .iter()
            .map(|c| clock_column(c, &grid, words))
            .collect(),
        venues,
        pending: grid
            .pending
            .iter()
            .map(|(id, title)| (id.to_string(), title.clone()))
            .collect(),
        legend_night: said(
            "org-timetable-night",
            &[("range", &hours(night_from, night_to))],
        ),
        legend_off: said("org-timetable-off-hours", &[("range", &hours(open, close))]),
        can_edit: organiser.can_edit(),
        script: ScriptWords {
            moving: said("org-move-moving", &[("session", "{session}")]),
            overlaps: said("org-timetable-overlaps", &[("session", "{session}")]),
            off: said(
                "org-timetable-off",
                &[("zone", "{zone}"), ("range", "{range}")],
            ),
            night: said(
                "org-timetable-at-night",
                &[("zone", "{zone}"), ("range", "{range}")],
            ),
            saving: said("org-move-saving", &[]),
            failed: said("org-move-failed", &[]),
        },
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok(Html(page.render().unwrap_or_default()).into_response())
}

/// The day a timetable opens on: the event's first.
fn first_day(programme: &Programme) -> Option<Date> {
    programme.event.days.iter().map(|d| d.date).min()
}

/// A move of a session on the timetable: where it is to start, and in which venue.
#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    csrf: String,
    /// The draft revision the page was made from.
    #[serde(default)]
    revision: String,
    /// `YYYY-MM-DD`, the day it is to be on; its own day when not given.
    #[serde(default)]
    date: String,
    /// `HH:MM`, host time.
    #[serde(default)]
    start: String,
    /// The venue's id; its own venue when not given.
    #[serde(default)]
    venue: String,
}

/// `POST /organiser/events/{event}/sessions/{session}/move`: the session at a new start (it keeps
/// its length) and venue, checked as the session form's changes are, saved on the draft revision
/// the page was made from; then back to the timetable of its day. A move the checks refuse (an
/// overlap in the venue…) is a 422 with their messages; a draft saved by someone else since, a 409.
pub async fn move_session(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<MoveForm>,
) -> Result<Response, AppError> {
    let edit = begin_edit(
        &state,
        &organiser,
        &headers,
        &form.csrf,
        form.revision.trim().parse().ok(),
        &event,
    )
    .await?;
    let words = reader.words();
    // Nothing longer than a line is read, nor quoted back.
    for (name, value) in [
        ("date", &form.date),
        ("start", &form.start),
        ("venue", &form.venue),
    ] {
        if let Some(message) = limits::too_long(name, value, words) {
            return Err(AppError::unprocessable(message));
        }
    }
    let say = |id: &str, given: &str| {
        AppError::unprocessable(words.message_with(id, &[("given", given.to_owned().into())]))
    };
    let current = Slug::parse(&session)
        .ok()
        .and_then(|id| edit.draft.session(&id))
        .ok_or(AppError::NotFound)?;
    let Schedule::Timed { start, end } = current.schedule else {
        return Err(AppError::unprocessable(words.message_with(
            "org-move-untimed",
            &[("session", current.id.to_string().into())],
        )));
    };
    let date = match form.date.trim() {
        "" => start.date(),
        text => jiff::fmt::strtime::parse("%Y-%m-%d", text)
            .and_then(|t| t.to_date())
            .map_err(|_| say("org-bad-date", text))?,
    };
    let time = jiff::fmt::strtime::parse("%H:%M", form.start.trim())
        .and_then(|t| t.to_time())
        .map_err(|_| say("org-bad-time", form.start.trim()))?;
    let venue = match form.venue.trim() {
        "" => current.venue.clone(),
        text => Slug::parse(text).map_err(|_| say("org-bad-id", text))?,
    };
    let new_start = date.to_datetime(time);
    let moved = convene_core::Session {
        venue,
        schedule: Schedule::Timed {
            start: new_start,
            end: keep_length(&edit.draft, (start, end), new_start),
        },
        ..current.clone()
    };
    let applied = apply(
        &edit.draft,
        vec![EditCommand::UpdateSession(moved)],
        &CheckOptions::default(),
    )
    .map_err(|rejected| refused(&reader, &rejected))?;
    save_changed_draft(
        &state,
        &organiser,
        &applied,
        &edit.draft,
        edit.form_revision,
    )
    .await
    .map_err(|err| match err {
        AppError::Conflict(_) => AppError::Conflict("org-conflict-nothing-moved"),
        err => err,
    })?;
    Ok(Redirect::to(&format!(
        "/organiser/events/{event}/timetable?day={date}&done=saved#block-{session}"
    ))
    .into_response())
}

/// The end of a session that lasted from `was.0` to `was.1` once it starts at `start`: as long as
/// before, counted in real time across a daylight-saving change; in clock time when either start
/// does not name one instant (the checks then say why).
fn keep_length(programme: &Programme, was: (DateTime, DateTime), start: DateTime) -> DateTime {
    let host = &programme.event.host_zone;
    let real = instant(host, was.0)
        .and_then(|from| Ok(instant(host, was.1)?.duration_since(from)))
        .and_then(|length| Ok((instant(host, start)?, length)));
    match real {
        Ok((from, length)) => from
            .checked_add(length)
            .map(|end| host.tz().to_datetime(end))
            .unwrap_or(start),
        Err(_) => start
            .checked_add(was.1.duration_since(was.0))
            .unwrap_or(start),
    }
}
