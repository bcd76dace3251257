//! One standalone printable HTML page: each day a table, the display zones side by side as columns.

use askama::Template;

use super::fallback_note;
use crate::LocalText;
use crate::locale::Localizer;
use crate::markdown::{self, SafeHtml};
use crate::view::{ProgrammeView, SessionView, person_line};

/// A text with the language it is in, for a `lang` attribute, and its fallback note.
struct Piece {
    text: String,
    lang: String,
    note: Option<String>,
}

impl Piece {
    fn new(text: &LocalText, words: &Localizer) -> Self {
        Self {
            text: text.text.clone(),
            lang: text.lang.to_string(),
            note: fallback_note(text, words),
        }
    }
}

struct Cell {
    range: String,
    offset: String,
    note: Option<String>,
}

struct Row {
    id: String,
    title: Piece,
    meta: String,
    cells: Vec<Option<Cell>>,
    status: Option<String>,
    description: Option<(Piece, SafeHtml)>,
    people: Vec<String>,
    questions: Vec<Piece>,
}

struct Day {
    label: String,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "programme.html")]
struct Page {
    lang: String,
    name: Piece,
    status_label: String,
    preliminary_note: Option<String>,
    event_days: Vec<String>,
    introduction: Option<(Piece, SafeHtml)>,
    continues_label: String,
    continues: Vec<(Piece, String)>,
    session_label: String,
    questions_label: String,
    people_label: String,
    zones: Vec<(String, String)>,
    days: Vec<Day>,
}

pub(super) fn render(view: &ProgrammeView, words: &Localizer) -> String {
    let event = &view.event;
    let long = |text: &LocalText| (Piece::new(text, words), markdown::html(&text.text));
    let zones: Vec<(String, String)> = view
        .zones
        .iter()
        .map(|z| (z.label.clone(), z.zone.clone()))
        .collect();
    let row = |session: &SessionView| {
        let cells = view
            .zones
            .iter()
            .map(|zone| {
                let time = session
                    .times
                    .as_ref()?
                    .iter()
                    .find(|t| t.zone == zone.zone)?;
                Some(Cell {
                    range: time.range_label.range.clone(),
                    offset: time.offset.clone(),
                    note: time.range_label.date_note.clone(),
                })
            })
            .collect();
        Row {
            id: session.id.to_string(),
            title: Piece::new(&session.title, words),
            meta: session.meta_label.clone(),
            cells,
            status: session.time_status_label.clone(),
            description: session.description.as_ref().map(long),
            people: session
                .people
                .iter()
                .map(|p| person_line(p, p.title.as_ref().map(|t| t.text.as_str())))
                .collect(),
            questions: session
                .questions
                .iter()
                .map(|q| Piece::new(q, words))
                .collect(),
        }
    };
    let mut days: Vec<Day> = view
        .days
        .iter()
        .map(|day| Day {
            label: day.label.clone(),
            rows: day.sessions.iter().map(row).collect(),
        })
        .collect();
    if !view.unscheduled.is_empty() {
        days.push(Day {
            label: words.message("heading-unscheduled"),
            rows: view.unscheduled.iter().map(row).collect(),
        });
    }
    let page = Page {
        lang: view.lang.to_string(),
        name: Piece::new(&event.name, words),
        status_label: event.status_label.clone(),
        preliminary_note: (event.status == crate::Status::Preliminary)
            .then(|| words.message("status-preliminary-note")),
        event_days: event.days.iter().map(|d| d.line_label.clone()).collect(),
        introduction: event.introduction.as_ref().map(long),
        continues_label: words.message("label-continues"),
        continues: event
            .continues
            .iter()
            .map(|e| {
                let place = match &e.city {
                    Some(city) => format!("{city}, {}", e.year),
                    None => e.year.to_string(),
                };
                (Piece::new(&e.name, words), place)
            })
            .collect(),
        session_label: words.message("label-session"),
        questions_label: words.message("label-questions"),
        people_label: words.message("label-people"),
        zones,
        days,
    };
    // Rendering writes into a String and the template only reads fields: it cannot fail.
    page.render().unwrap_or_default()
}
