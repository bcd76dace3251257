//! Session descriptions and the event's introduction are CommonMark. One parse serves every output:
//! sanitised HTML for the pages and the printable programme ([`html`]), plain text for calendars,
//! conference schedules and the text document ([`plain_text`]), and Markdown again for the Markdown
//! document ([`commonmark`]). Every output keeps and leaves out the same things:
//!
//! - kept: paragraphs, line breaks, emphasis and strong emphasis, code and code blocks, block
//!   quotes, bulleted and numbered lists, thematic breaks, headings (three levels down, so that a
//!   text's `#` sits under the session titles of a programme: it is shown as a fourth-level heading),
//!   and links to `http`, `https` and `mailto` addresses or to addresses on the same site;
//! - left out: raw HTML (tags, comments and HTML blocks; the text between inline tags stays),
//!   images (their description stays, as text), links to any other kind of address (their text
//!   stays), and nesting deeper than [`MAX_NESTING`] (the text stays, the deeper structure does not).
//!
//! The parser's work on a line grows with the quotes and lists open around it: [`bounded`] caps
//! how deep a line can open them before parsing, and the nesting bound keeps the sanitiser's work
//! and the indentation of plain text small too, so that any hundred kilobytes are read in a fraction
//! of a second.

mod escape;
mod html;
mod lines;

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub(crate) use escape::escape;
pub use html::{SafeHtml, html};
pub(crate) use lines::plain_text_wrapped;
pub use lines::{commonmark, plain_text};

/// How deep block quotes, lists, emphasis and links may nest; deeper ones are flattened.
pub const MAX_NESTING: usize = 12;

/// A text as it is kept, whether read from a programme file or typed in a form: its line breaks
/// as LF (browsers send CR LF), without the blank lines before it nor the white space after it.
/// A text of several lines keeps the indentation of its first line, which is meaning in Markdown
/// (an indented code block, a list item within one); a text of one line is trimmed.
pub fn as_written(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_end();
    let blank: usize = text
        .split_inclusive('\n')
        .take_while(|line| line.trim().is_empty())
        .map(str::len)
        .sum();
    let text = &text[blank..];
    if text.contains('\n') {
        text.to_owned()
    } else {
        text.trim_start().to_owned()
    }
}

/// How many levels a text's headings move down: `#` becomes a fourth-level heading.
const HEADING_SHIFT: usize = 3;

/// `source` with no line opening more than [`MAX_NESTING`] quotes or list items at once (the
/// markers past that many are left out) nor indented by more than [`MAX_INDENT`] columns (it is
/// indented by that many). The parser's work on a line grows with the quotes and lists open around
/// it, and lines that merely continue a paragraph keep them open, so a few kilobytes of `> > > …`
/// followed by many short lines would otherwise take it seconds.
fn bounded(source: &str) -> Cow<'_, str> {
    let over = |line: &str| indent(line).1 > MAX_INDENT || markers(line).0 > MAX_NESTING;
    if !source.lines().any(over) {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let (bytes, columns) = indent(line);
        let line = if columns > MAX_INDENT {
            out.push_str(&" ".repeat(MAX_INDENT));
            &line[bytes..]
        } else {
            line
        };
        let (count, kept, end) = markers(line);
        if count > MAX_NESTING {
            out.push_str(&line[..kept]);
            out.push_str(&line[end..]);
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// How many columns of indentation a line may have; deeper ones are indented by this many. Lists
/// nest by indentation too, and no description needs more.
const MAX_INDENT: usize = 100;

/// A line's indentation: its bytes, and its columns (a tab goes to the next multiple of 4).
fn indent(line: &str) -> (usize, usize) {
    let mut columns = 0;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => return (i, columns),
        }
    }
    (line.len(), columns)
}

/// The quote and list markers a line starts with: how many, where the [`MAX_NESTING`]th ends, and
/// where the last ends.
fn markers(line: &str) -> (usize, usize, usize) {
    let bytes = line.as_bytes();
    let (mut count, mut kept, mut at) = (0, 0, 0);
    loop {
        let start = at;
        while matches!(bytes.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let marker = match bytes.get(at) {
            Some(b'>') => 1,
            Some(b'-' | b'*' | b'+') => 1,
            Some(b'0'..=b'9') if (1..=9).contains(&digits) => {
                if matches!(bytes.get(at + digits), Some(b'.' | b')')) {
                    digits + 1
                } else {
                    0
                }
            }
            _ => 0,
        };
        // A list marker is followed by a space (a quote marker needs none).
        let is_marker = marker > 0
            && (bytes[at] == b'>' || matches!(bytes.get(at + marker), Some(b' ' | b'\t')));
        if !is_marker {
            return (count, kept, start);
        }
        at += marker;
        count += 1;
        if count == MAX_NESTING {
            kept = at;
        }
    }
}

/// The events of `source` as every output sees them: the parse with what is left out taken away.
/// `source` has been [`bounded`].
fn events(source: &str) -> Kept<'_> {
    Kept {
        parser: Parser::new_ext(source, Options::empty()),
        open: Vec::new(),
        depth: 0,
        in_html_block: false,
    }
}

/// What becomes of an open tag's end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Closing {
    Keep,
    /// Kept, and counted in the nesting depth.
    Nested,
    Drop,
}

/// An iterator over a parse that leaves out raw HTML, images, unsafe links and deep nesting, and
/// moves headings down.
struct Kept<'a> {
    parser: Parser<'a>,
    /// What each open tag's end becomes, innermost last.
    open: Vec<Closing>,
    /// How many nested tags are open.
    depth: usize,
    in_html_block: bool,
}

impl<'a> Iterator for Kept<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.parser.next()?;
            // Nothing of an HTML block is kept, not even the spaces before it.
            if self.in_html_block {
                if let Event::End(TagEnd::HtmlBlock) = event {
                    self.in_html_block = false;
                    self.open.pop();
                }
                continue;
            }
            let kept = match event {
                Event::Start(tag) => self.start(tag),
                Event::End(end) => self.end(end),
                event @ (Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::Rule) => Some(event),
                // Raw HTML, and what only extensions this parse does not enable would give.
                _ => None,
            };
            if kept.is_some() {
                return kept;
            }
        }
    }
}

impl<'a> Kept<'a> {
    fn start(&mut self, tag: Tag<'a>) -> Option<Event<'a>> {
        let (closing, event) = match tag {
            Tag::Paragraph => (Closing::Keep, Some(Event::Start(Tag::Paragraph))),
            Tag::Heading { level, .. } => (
                Closing::Keep,
                Some(Event::Start(Tag::Heading {
                    level: lower(level),
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })),
            ),
            // The language of a fenced block is not kept.
            Tag::CodeBlock(_) => (
                Closing::Keep,
                Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))),
            ),
            // The items of a flattened list run on, one after the other.
            Tag::Item if self.open.last() == Some(&Closing::Drop) => {
                (Closing::Drop, Some(Event::SoftBreak))
            }
            Tag::Item => (Closing::Keep, Some(Event::Start(Tag::Item))),
            Tag::Link { ref dest_url, .. } if !followable(dest_url) => (Closing::Drop, None),
            Tag::BlockQuote(_) | Tag::List(_) | Tag::Emphasis | Tag::Strong | Tag::Link { .. } => {
                if self.depth < MAX_NESTING {
                    self.depth += 1;
                    let tag = match tag {
                        Tag::BlockQuote(_) => Tag::BlockQuote(None),
                        tag => tag,
                    };
                    (Closing::Nested, Some(Event::Start(tag)))
                } else {
                    (Closing::Drop, None)
                }
            }
            Tag::HtmlBlock => {
                self.in_html_block = true;
                (Closing::Drop, None)
            }
            // Images (their description stays), and what extensions not enabled would give.
            _ => (Closing::Drop, None),
        };
        self.open.push(closing);
        event
    }

    fn end(&mut self, end: TagEnd) -> Option<Event<'a>> {
        match self.open.pop()? {
            Closing::Drop => None,
            Closing::Nested => {
                self.depth -= 1;
                Some(Event::End(match end {
                    TagEnd::BlockQuote(_) => TagEnd::BlockQuote(None),
                    end => end,
                }))
            }
            Closing::Keep => Some(Event::End(match end {
                TagEnd::Heading(level) => TagEnd::Heading(lower(level)),
                end => end,
            })),
        }
    }
}

/// A heading's level in a text, moved down under the page's own headings.
fn lower(level: HeadingLevel) -> HeadingLevel {
    HeadingLevel::try_from(level as usize + HEADING_SHIFT).unwrap_or(HeadingLevel::H6)
}

/// Whether a link's destination may be followed: an `http`, `https` or `mailto` address, or an
/// address on the same site (no scheme). Browsers ignore tabs and line breaks in addresses and
/// spaces before them, so they do not hide a scheme here either.
fn followable(destination: &str) -> bool {
    let cleaned: String = destination
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c <= ' ');
    if cleaned.is_empty() {
        return false;
    }
    match scheme(cleaned) {
        Some(scheme) => ["http", "https", "mailto"]
            .iter()
            .any(|allowed| scheme.eq_ignore_ascii_case(allowed)),
        None => true,
    }
}

/// The scheme of an address (`https` in `https://…`), or `None` for an address on the same site.
fn scheme(address: &str) -> Option<&str> {
    let end = address.find([':', '/', '?', '#'])?;
    address[end..].starts_with(':').then(|| &address[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_kept_as_written_with_the_indentation_of_its_first_line() {
        let cases = [
            ("CR LF as LF", "One.\r\n\r\nTwo.", "One.\n\nTwo."),
            ("a lone CR as LF", "One.\rTwo.", "One.\nTwo."),
            (
                "an indented code block first",
                "\r\n  \r\n    let x = 1;\r\n\r\nText.  \r\n\r\n",
                "    let x = 1;\n\nText.",
            ),
            ("a list indented", "  - one\n  - two\n", "  - one\n  - two"),
            ("one line, trimmed", "  Paris \n", "Paris"),
            ("only spaces", " \r\n \t", ""),
        ];
        for (case, written, kept) in cases {
            assert_eq!(as_written(written), kept, "{case}");
        }
    }

    #[test]
    fn links_are_followed_only_to_web_and_mail_addresses_or_this_site() {
        let cases = [
            ("https://example.org/a", true),
            ("HTTP://example.org", true),
            ("mailto:info@example.org", true),
            ("/events/izmir-2021/programme", true),
            ("programme#day-2", true),
            ("?lang=fr", true),
            ("javascript:alert(1)", false),
            ("JavaScript:alert(1)", false),
            ("java\tscript:alert(1)", false),
            (" javascript:alert(1)", false),
            ("\u{1}javascript:alert(1)", false),
            ("data:text/html;base64,PHNjcmlwdD4=", false),
            ("vbscript:msgbox", false),
            ("file:///etc/passwd", false),
            ("", false),
        ];
        for (destination, expected) in cases {
            assert_eq!(followable(destination), expected, "{destination:?}");
        }
    }

    /// A hundred kilobytes of the deepest nesting Markdown allows, in each output: the parse is
    /// linear and the nesting bound keeps the sanitiser's work and the plain text's indentation
    /// bounded.
    #[test]
    fn a_hundred_kilobytes_of_nesting_is_rendered_in_bounded_time() {
        const SIZE: usize = 100_000;
        let cases = [
            ("block quotes", "> ".repeat(SIZE / 2) + "deep"),
            ("lists", "- ".repeat(SIZE / 2) + "deep"),
            ("numbered lists", "1. ".repeat(SIZE / 3) + "deep"),
            (
                "indented lists",
                (0..300)
                    .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
                    .collect::<String>(),
            ),
            (
                "quotes then lazy lines",
                "> ".repeat(SIZE / 4) + &"lazy\n".repeat(SIZE / 10),
            ),
            (
                "lists then lazy lines",
                "- ".repeat(SIZE / 4) + &"lazy\n".repeat(SIZE / 10),
            ),
            (
                "indented marker runs then lazy lines",
                (0..80)
                    .map(|i| format!("{}{}x\n", " ".repeat(24 * i), "- ".repeat(12)))
                    .collect::<String>()
                    + &"lazy\n".repeat(SIZE / 10),
            ),
            (
                "emphasis",
                "*".repeat(SIZE / 2) + "deep" + &"*".repeat(SIZE / 2),
            ),
            ("mixed emphasis", "*a _b **c __d ".repeat(SIZE / 14)),
            ("brackets", "[".repeat(SIZE / 2) + &"](x)".repeat(SIZE / 8)),
            (
                "links in images",
                "![".repeat(SIZE / 2) + &"](x)".repeat(SIZE / 8),
            ),
            ("raw tags", "<b><i>".repeat(SIZE / 6)),
            ("backticks", "`".repeat(SIZE)),
        ];
        for (what, source) in cases {
            let started = std::time::Instant::now();
            let html = html(&source);
            let text = plain_text(&source);
            let markdown = commonmark(&source);
            let took = started.elapsed();
            assert!(
                html.as_str().matches("<blockquote>").count() <= MAX_NESTING
                    && html.as_str().matches("<li>").count() <= SIZE,
                "{what}"
            );
            assert!(
                text.len() + markdown.len() < 20 * SIZE,
                "{what}: {} bytes",
                text.len() + markdown.len()
            );
            // Well under a second each in a debug build; without the bounds, tens of seconds.
            assert!(took.as_secs() < 30, "{what} took {took:?}");
        }
    }

    #[test]
    fn lines_opening_too_many_quotes_or_lists_lose_the_extra_markers() {
        assert!(matches!(
            bounded("> a\n- b\n  1. c\n\n    code"),
            Cow::Borrowed(_)
        ));
        let deep = format!("{}deep\nnext", "> ".repeat(14));
        assert_eq!(bounded(&deep), format!("{}deep\nnext", "> ".repeat(12)));
        let lists = format!("{}deep", "- 1. ".repeat(7));
        assert_eq!(bounded(&lists), format!("{}deep", "- 1. ".repeat(6)));
        let indented = format!("{}x\ny", " ".repeat(150));
        assert_eq!(bounded(&indented), format!("{}x\ny", " ".repeat(100)));
    }

    #[test]
    fn headings_move_three_levels_down_and_stop_at_the_sixth() {
        assert_eq!(lower(HeadingLevel::H1), HeadingLevel::H4);
        assert_eq!(lower(HeadingLevel::H2), HeadingLevel::H5);
        assert_eq!(lower(HeadingLevel::H3), HeadingLevel::H6);
        assert_eq!(lower(HeadingLevel::H6), HeadingLevel::H6);
    }
}
