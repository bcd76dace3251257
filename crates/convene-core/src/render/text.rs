//! Plain text that reads like the programme organisers write by hand.

use std::fmt::Write;

use super::fallback_note;
use crate::LocalText;
use crate::locale::Localizer;
use crate::markdown;
use crate::view::{ProgrammeView, SessionView, person_line};

const WIDTH: usize = 80;

pub(super) fn render(view: &ProgrammeView, words: &Localizer) -> String {
    let mut out = String::new();
    let event = &view.event;
    let name = with_note(&event.name, words);
    let _ = writeln!(out, "{name}");
    let _ = writeln!(out, "{}", "=".repeat(name.chars().count().min(WIDTH)));
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", event.status_label);
    let _ = writeln!(out);
    if !event.days.is_empty() {
        let _ = writeln!(out, "{}", words.message("label-days"));
        for day in &event.days {
            let _ = writeln!(out, "  {}", day.line_label);
        }
        let _ = writeln!(out);
    }
    if let Some(intro) = &event.introduction {
        prose(&mut out, intro, words);
    }
    if !event.continues.is_empty() {
        let _ = writeln!(out, "{}", words.message("label-continues"));
        for edition in &event.continues {
            let place = match &edition.city {
                Some(city) => format!("{city}, {}", edition.year),
                None => edition.year.to_string(),
            };
            let _ = writeln!(out, "  • {} ({place})", with_note(&edition.name, words));
        }
        let _ = writeln!(out);
    }
    for session in view.sessions() {
        let _ = writeln!(out, "{}", "-".repeat(WIDTH));
        let _ = writeln!(out);
        session_block(&mut out, session, words);
    }
    out
}

fn session_block(out: &mut String, session: &SessionView, words: &Localizer) {
    let date = session
        .date_label
        .clone()
        .or_else(|| session.time_status_label.clone())
        .unwrap_or_default();
    let _ = writeln!(out, "{} {date}", words.message("label-date"));
    let _ = write!(out, "{}", words.message("label-time"));
    match &session.times {
        Some(times) => {
            let _ = writeln!(out);
            let width = |text: &str| text.chars().count();
            let label_width = times.iter().map(|t| width(&t.label)).max().unwrap_or(0);
            let range_width = times
                .iter()
                .map(|t| width(&t.range_label.range))
                .max()
                .unwrap_or(0);
            for time in times {
                let range = &time.range_label.range;
                let mut text = format!(
                    "  {}{}  {range}{}  ({})",
                    time.label,
                    " ".repeat(label_width - width(&time.label)),
                    " ".repeat(range_width - width(range)),
                    time.offset
                );
                if let Some(note) = &time.range_label.date_note {
                    let _ = write!(text, "  {note}");
                }
                let _ = writeln!(out, "{text}");
            }
        }
        None => {
            let _ = writeln!(
                out,
                " {}",
                session.time_status_label.clone().unwrap_or_default()
            );
        }
    }
    let _ = writeln!(out);
    for line in textwrap::wrap(&with_note(&session.title, words), WIDTH) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{}", session.meta_label);
    let _ = writeln!(out);
    if let Some(description) = &session.description {
        prose(out, description, words);
    }
    if !session.people.is_empty() {
        let _ = writeln!(out, "{}", words.message("label-people"));
        for person in &session.people {
            let title = person.title.as_ref().map(|title| with_note(title, words));
            bullet(out, &person_line(person, title.as_deref()));
        }
        let _ = writeln!(out);
    }
    if !session.questions.is_empty() {
        let _ = writeln!(out, "{}", words.message("label-questions"));
        for question in &session.questions {
            bullet(out, &with_note(question, words));
        }
        let _ = writeln!(out);
    }
}

fn bullet(out: &mut String, text: &str) {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent("  • ")
        .subsequent_indent("    ");
    for line in textwrap::wrap(text, options) {
        let _ = writeln!(out, "{line}");
    }
}

/// A description or the introduction: its Markdown as plain text, wrapped, then a blank line.
fn prose(out: &mut String, text: &LocalText, words: &Localizer) {
    if let Some(note) = fallback_note(text, words) {
        let _ = writeln!(out, "[{note}]");
    }
    let text = markdown::plain_text_wrapped(&text.text, WIDTH);
    if !text.is_empty() {
        let _ = writeln!(out, "{text}\n");
    }
}

/// A short text, with "[texte en français]" after it when it stands in for a missing translation.
fn with_note(text: &LocalText, words: &Localizer) -> String {
    match fallback_note(text, words) {
        Some(note) => format!("{} [{note}]", text.text),
        None => text.text.clone(),
    }
}
