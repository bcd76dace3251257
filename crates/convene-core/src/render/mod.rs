//! The documents made from a programme view. Each is a pure function of the view (and the reader's
//! interface words), and declares its content type and file extension so every front end shares it.

mod html;
mod json;
mod markdown;
mod text;

use crate::keyword::keyword_enum;
use crate::locale::Localizer;
use crate::view::ProgrammeView;

keyword_enum! {
    /// A document format for the programme.
    pub enum DocumentFormat {
        /// Plain text that reads like the organisers' own programme.
        Text => "text",
        /// Markdown, to paste into other tools.
        Markdown => "markdown",
        /// One standalone printable HTML page.
        Html => "html",
        /// The programme view itself, for other programs.
        Json => "json",
    }
}

impl DocumentFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            DocumentFormat::Text => "text/plain; charset=utf-8",
            DocumentFormat::Markdown => "text/markdown; charset=utf-8",
            DocumentFormat::Html => "text/html; charset=utf-8",
            DocumentFormat::Json => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Text => "txt",
            DocumentFormat::Markdown => "md",
            DocumentFormat::Html => "html",
            DocumentFormat::Json => "json",
        }
    }

    /// The document, in the view's language.
    pub fn render(self, view: &ProgrammeView, words: &Localizer) -> String {
        match self {
            DocumentFormat::Text => text::render(view, words),
            DocumentFormat::Markdown => markdown::render(view, words),
            DocumentFormat::Html => html::render(view, words),
            DocumentFormat::Json => json::render(view),
        }
    }
}

/// The paragraphs of a text, separated by blank lines; lines inside a paragraph are joined.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// "16:00–17:30", or "4:00 PM – 5:30 PM" when the times have spaces of their own.
pub(crate) fn time_range(start: &str, end: &str) -> String {
    if start.contains(char::is_whitespace) || end.contains(char::is_whitespace) {
        format!("{start} – {end}")
    } else {
        format!("{start}–{end}")
    }
}

/// One zone's time as the text documents print it.
pub(crate) struct TimeLine {
    pub label: String,
    /// "16:00–17:30", with "(+1 jour)" after an end on the next day.
    pub range: String,
    pub offset: String,
    /// "mercredi 8 décembre (+1 jour)" when the local date is not the host's.
    pub date_note: Option<String>,
}

pub(crate) fn time_line(time: &crate::view::ZoneTime) -> TimeLine {
    let mut range = time_range(&time.start_label, &time.end_label);
    if let Some(shift) = &time.end_day_shift_label {
        range = format!("{range} ({shift})");
    }
    let date_note = match (&time.local_date_label, &time.day_shift_label) {
        (Some(date), Some(shift)) => Some(format!("{date} ({shift})")),
        (None, Some(shift)) => Some(shift.clone()),
        (Some(date), None) => Some(date.clone()),
        (None, None) => None,
    };
    TimeLine {
        label: time.label.clone(),
        range,
        offset: time.offset.clone(),
        date_note,
    }
}

/// A fallback text's note: "texte en français".
pub(crate) fn fallback_note(text: &crate::LocalText, words: &Localizer) -> Option<String> {
    text.fallback.then(|| {
        words.message_with(
            "in-language",
            &[("language", words.language_name(&text.lang).into())],
        )
    })
}
