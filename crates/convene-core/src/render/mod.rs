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

/// A fallback text's note: "texte en français".
pub(crate) fn fallback_note(text: &crate::LocalText, words: &Localizer) -> Option<String> {
    text.fallback.then(|| {
        words.message_with(
            "in-language",
            &[("language", words.language_name(&text.lang).into())],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::DocumentFormat;
    use crate::locale::Localizer;
    use crate::{CheckOptions, Language, ProgrammeView, ViewOptions, load};

    /// A programme whose introduction and description use Markdown: headings, emphasis, a link,
    /// nested lists, a quote, and raw HTML that no document keeps.
    const SPRING: &str = r#"
[event]
id = "spring-2022"
source_language = "en"
languages = ["en"]
host_zone = "Europe/Paris"
status = "final"
name.en = "Spring summit"
introduction.en = """
Welcome to the **spring summit**.

# Why we meet
To learn from each other's cities.
"""
days = [{ date = "2022-03-25", format = "online", venue = "online" }]

[[zones]]
zone = "Europe/Paris"
label = "Paris"

[[venues]]
id = "online"
kind = "online"
name.en = "Online"

[[sessions]]
id = "opening"
kind = "plenary"
format = "online"
venue = "online"
date = "2022-03-25"
start = "14:00"
end = "15:30"
title.en = "Opening"
description.en = """
Two *themes*, with [our partners](https://example.org/partners):

- resilience, as cities lived it during the pandemic and as they plan for the crises to come
- inclusion <b onclick="steal()">now</b>
  1. housing
  2. work

> Cities are where we learn to live together.

<script>alert(1)</script>
"""
"#;

    fn render(format: DocumentFormat) -> String {
        let loaded = load(SPRING, &CheckOptions::default());
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let programme = loaded.programme.expect("the programme loads");
        let words = Localizer::new(&Language::parse("en").unwrap());
        let view = ProgrammeView::build(&programme, &words, &ViewOptions { reader_zone: None });
        format.render(&view, &words)
    }

    #[test]
    fn markdown_reads_as_plain_text_in_the_text_document() {
        insta::assert_snapshot!(render(DocumentFormat::Text));
    }

    #[test]
    fn markdown_is_written_again_in_the_markdown_document() {
        insta::assert_snapshot!(render(DocumentFormat::Markdown));
    }

    #[test]
    fn markdown_is_sanitised_html_in_the_printable_programme() {
        let page = render(DocumentFormat::Html);
        let (start, end) = (page.find("<main>").unwrap(), page.find("</main>").unwrap());
        insta::assert_snapshot!(&page[start..end]);
    }

    #[test]
    fn the_json_document_keeps_the_markdown_as_written() {
        let json: serde_json::Value = serde_json::from_str(&render(DocumentFormat::Json)).unwrap();
        let description = &json["days"][0]["sessions"][0]["description"]["text"];
        assert_eq!(
            description
                .as_str()
                .map(|d| d.starts_with("Two *themes*, with [our partners](")),
            Some(true),
            "{description}"
        );
    }
}
