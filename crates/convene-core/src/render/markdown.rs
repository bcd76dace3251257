//! Markdown, for pasting the programme into other tools.

use std::fmt::Write;

use super::fallback_note;
use crate::LocalText;
use crate::locale::Localizer;
use crate::markdown::{commonmark, escape};
use crate::view::{PersonView, ProgrammeView, SessionView, person_line};

pub(super) fn render(view: &ProgrammeView, words: &Localizer) -> String {
    let mut out = String::new();
    let event = &view.event;
    let _ = writeln!(out, "# {}\n", inline(&event.name, words));
    let _ = writeln!(out, "**{}**\n", escape(&event.status_label));
    if !event.days.is_empty() {
        for day in &event.days {
            let _ = writeln!(out, "- {}", escape(&day.line_label));
        }
        let _ = writeln!(out);
    }
    if let Some(intro) = &event.introduction {
        prose(&mut out, intro, words);
    }
    if !event.continues.is_empty() {
        let _ = writeln!(out, "{}\n", escape(&words.message("label-continues")));
        for edition in &event.continues {
            let place = match &edition.city {
                Some(city) => format!("{}, {}", escape(city), edition.year),
                None => edition.year.to_string(),
            };
            let _ = writeln!(out, "- {} ({place})", inline(&edition.name, words));
        }
        let _ = writeln!(out);
    }
    for day in &view.days {
        let _ = writeln!(out, "## {}\n", escape(&day.label));
        for session in &day.sessions {
            session_block(&mut out, session, words);
        }
    }
    if !view.unscheduled.is_empty() {
        let _ = writeln!(
            out,
            "## {}\n",
            escape(&words.message("heading-unscheduled"))
        );
        for session in &view.unscheduled {
            session_block(&mut out, session, words);
        }
    }
    out
}

fn session_block(out: &mut String, session: &SessionView, words: &Localizer) {
    let _ = writeln!(out, "### {}\n", inline(&session.title, words));
    let _ = writeln!(out, "*{}*\n", escape(&session.meta_label));
    match &session.times {
        Some(times) => {
            let _ = writeln!(
                out,
                "| {} | {} | UTC |\n| --- | --- | --- |",
                escape(&words.message("label-zone")),
                escape(
                    words
                        .message("label-time")
                        .trim_end_matches([':', ' ', '\u{a0}', '\u{202f}'])
                )
            );
            for time in times {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    escape(&time.label),
                    escape(&time.range_label.to_string()),
                    escape(&time.offset)
                );
            }
            let _ = writeln!(out);
        }
        None => {
            let _ = writeln!(
                out,
                "**{}**\n",
                escape(session.time_status_label.as_deref().unwrap_or_default())
            );
        }
    }
    if let Some(description) = &session.description {
        prose(out, description, words);
    }
    if !session.people.is_empty() {
        let _ = writeln!(out, "**{}**\n", escape(&words.message("label-people")));
        for person in &session.people {
            // The line every document prints, its words escaped, the office with its note.
            let escaped = PersonView {
                name: escape(&person.name),
                role_label: escape(&person.role_label),
                place_label: person.place_label.as_deref().map(escape),
                ..person.clone()
            };
            let title = person.title.as_ref().map(|title| inline(title, words));
            let _ = writeln!(out, "- {}", person_line(&escaped, title.as_deref()));
        }
        let _ = writeln!(out);
    }
    if !session.questions.is_empty() {
        let _ = writeln!(out, "**{}**\n", escape(&words.message("label-questions")));
        for question in &session.questions {
            let _ = writeln!(out, "- {}", inline(question, words));
        }
        let _ = writeln!(out);
    }
}

/// A description or the introduction: its Markdown written again (headings under the session's,
/// nothing left open to run into what follows), then a blank line.
fn prose(out: &mut String, text: &LocalText, words: &Localizer) {
    if let Some(note) = fallback_note(text, words) {
        let _ = writeln!(out, "*\\[{}\\]*\n", escape(&note));
    }
    let text = commonmark(&text.text);
    if !text.is_empty() {
        let _ = writeln!(out, "{text}\n");
    }
}

fn inline(text: &LocalText, words: &Localizer) -> String {
    match fallback_note(text, words) {
        Some(note) => format!("{} *\\[{}\\]*", escape(&text.text), escape(&note)),
        None => escape(&text.text),
    }
}
