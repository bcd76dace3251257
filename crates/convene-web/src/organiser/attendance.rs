//! Who joined the online sessions, for organisers: `/organiser/events/{event}/attendance` lists,
//! for each online or hybrid session, who went in through their personal link, when first (in
//! the host zone), in which channels and how often, with the counts per country and category.
//! Admins take it away as CSV (audited), as the registrations.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::response::{Html, IntoResponse, Response};
use convene_core::Programme;
use convene_core::locale::Localizer;
use convene_core::registration::Target;
use convene_core::registration::joining::is_joinable;
use convene_store::{Attendance, Participant};
use jiff::Timestamp;

use super::auth::{Organiser, Refusal};
use super::events::frame;
use super::registration::target_label;
use super::registrations::{download, neutral};
use crate::AppState;
use crate::error::AppError;
use crate::page::Chrome;
use crate::request::Reader;

/// One person's joining of one session.
pub struct Row {
    pub name: String,
    pub email: String,
    pub category: String,
    pub country: String,
    /// In the host zone: "2021-12-07 15:52".
    pub first: String,
    pub first_utc: String,
    pub last_utc: String,
    /// "français, main room".
    pub channels: String,
    pub clicks: usize,
}

/// One session's report.
pub struct SessionReport {
    pub title: String,
    pub key: String,
    /// "3 people joined — by country: CA 2 · FR 1 — by category: Mayor 3".
    pub summary: String,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "organiser/attendance.html")]
struct AttendancePage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event: String,
    is_admin: bool,
    sessions: Vec<SessionReport>,
}

/// The report of every online or hybrid session of `programme`, in programme order.
fn reports(
    programme: &Programme,
    attendance: &[Attendance],
    participants: &[Participant],
    words: &Localizer,
) -> Vec<SessionReport> {
    let host = programme.event.host_zone.tz();
    let minute = |at: Timestamp| host.to_datetime(at).strftime("%Y-%m-%d %H:%M").to_string();
    let people: std::collections::HashMap<&str, &Participant> =
        participants.iter().map(|p| (p.id.as_str(), p)).collect();
    programme
        .sessions
        .iter()
        .filter(|s| is_joinable(s))
        .map(|session| {
            let target = Target::Session(session.identity().clone());
            let rows: Vec<Row> = attendance
                .iter()
                .filter(|a| a.target == target)
                .map(|a| {
                    let who = people
                        .get(a.participant_id.as_str())
                        .and_then(|p| p.details.as_ref());
                    let mut channels: Vec<String> = Vec::new();
                    for (_, channel) in &a.clicks {
                        let name = match channel {
                            Some(lang) => words.language_name(lang),
                            None => words.message("join-main-room"),
                        };
                        if !channels.contains(&name) {
                            channels.push(name);
                        }
                    }
                    let first = a.clicks.first().map(|(at, _)| *at);
                    let last = a.clicks.last().map(|(at, _)| *at);
                    Row {
                        name: who
                            .map(|w| w.name.clone())
                            .unwrap_or_else(|| words.message("org-att-erased")),
                        email: who.map(|w| w.email.clone()).unwrap_or_default(),
                        category: who.map(|w| w.category.name(words)).unwrap_or_default(),
                        country: who.and_then(|w| w.country.clone()).unwrap_or_default(),
                        first: first.map(minute).unwrap_or_default(),
                        first_utc: first.map(|t| t.to_string()).unwrap_or_default(),
                        last_utc: last.map(|t| t.to_string()).unwrap_or_default(),
                        channels: channels.join(", "),
                        clicks: a.clicks.len(),
                    }
                })
                .collect();
            let tally = |of: &dyn Fn(&Row) -> String| {
                let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                for row in &rows {
                    let key = of(row);
                    let key = if key.is_empty() {
                        "—".to_owned()
                    } else {
                        key
                    };
                    *counts.entry(key).or_default() += 1;
                }
                counts
                    .iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            let summary = if rows.is_empty() {
                words.message("org-att-nobody")
            } else {
                words.message_with(
                    "org-att-summary",
                    &[
                        ("count", rows.len().into()),
                        ("countries", tally(&|r| r.country.clone()).into()),
                        ("categories", tally(&|r| r.category.clone()).into()),
                    ],
                )
            };
            SessionReport {
                title: target_label(programme, &target, words),
                key: target.key(),
                summary,
                rows,
            }
        })
        .collect()
}

async fn gather(
    state: &AppState,
    event: &str,
    words: &Localizer,
) -> Result<Vec<SessionReport>, AppError> {
    let published = state.catalog.get(event).ok_or(AppError::NotFound)?;
    // Clicks of the last moments are written now, so that the report has them.
    state.attendance.flush().await?;
    let attendance = state.store.attendance(event).await?;
    let participants = state.store.participants(event).await?;
    Ok(reports(
        &published.programme,
        &attendance,
        &participants,
        words,
    ))
}

/// `GET /organiser/events/{event}/attendance`
pub async fn page(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let words = reader.words();
    let f = frame(&reader, &organiser, words.message("org-attendance"));
    let sessions = gather(&state, &event, words).await?;
    let page = AttendancePage {
        event,
        is_admin: organiser.is_admin(),
        sessions,
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok((
        [(CACHE_CONTROL, "no-store")],
        Html(page.render().unwrap_or_default()),
    )
        .into_response())
}

/// `GET /organiser/events/{event}/attendance.csv` (admins): one row per person and session.
pub async fn csv(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let words = reader.words();
    let sessions = gather(&state, &event, words).await?;
    let mut out = "\u{feff}".as_bytes().to_vec();
    let rows = {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let header = [
            "org-att-session",
            "org-reg-name",
            "org-reg-email",
            "org-reg-category",
            "org-reg-country",
            "org-att-first",
            "org-att-last",
            "org-att-channels",
            "org-att-clicks",
        ];
        let write = |writer: &mut csv::Writer<&mut Vec<u8>>, fields: Vec<String>| {
            writer.write_record(fields.iter().map(|f| neutral(f).into_owned()))
        };
        let fail =
            |e: csv::Error| AppError::Internal(format!("writing the attendance as CSV: {e}"));
        write(
            &mut writer,
            header.iter().map(|id| words.message(id)).collect(),
        )
        .map_err(fail)?;
        let mut rows = 0;
        for session in &sessions {
            for row in &session.rows {
                write(
                    &mut writer,
                    vec![
                        session.key.clone(),
                        row.name.clone(),
                        row.email.clone(),
                        row.category.clone(),
                        row.country.clone(),
                        row.first_utc.clone(),
                        row.last_utc.clone(),
                        row.channels.clone(),
                        row.clicks.to_string(),
                    ],
                )
                .map_err(fail)?;
                rows += 1;
            }
        }
        writer
            .flush()
            .map_err(|e| AppError::Internal(format!("writing the attendance as CSV: {e}")))?;
        rows
    };
    state
        .store
        .record_audit(
            Timestamp::now(),
            Some(&organiser.user.id),
            "export-attendance",
            Some(&event),
            &format!("{rows} rows"),
        )
        .await?;
    Ok(download(&format!("{event}-attendance.csv"), out))
}
