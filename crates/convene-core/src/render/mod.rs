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

/// A fallback text's note: "texte en français".
pub(crate) fn fallback_note(text: &crate::LocalText, words: &Localizer) -> Option<String> {
    text.fallback.then(|| {
        words.message_with(
            "in-language",
            &[("language", words.language_name(&text.lang).into())],
        )
    })
}
