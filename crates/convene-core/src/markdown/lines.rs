//! A text's Markdown written out line by line: as plain text (lists as "• item" lines, no emphasis
//! marks, links as "text (address)") or as Markdown again, with what is left out taken away.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::escape::{
    destination, escape_punctuation, guard_line_start, longest_fence, longest_run,
};

/// `source`'s Markdown as plain text: blocks separated by blank lines, tight list items by line
/// breaks, lines not wrapped.
///
/// ```
/// let text = convene_core::markdown::plain_text(
///     "Two *themes*:\n\n- resilience\n- [inclusion](https://example.org/inclusion)",
/// );
/// assert_eq!(text, "Two themes:\n\n• resilience\n• inclusion (https://example.org/inclusion)");
/// ```
pub fn plain_text(source: &str) -> String {
    Writer::new(Flavour::Plain).write(source).finish(None)
}

/// `source`'s Markdown as plain text with lines wrapped at `width` characters, list items and
/// quotes indented under their first line.
pub(crate) fn plain_text_wrapped(source: &str, width: usize) -> String {
    Writer::new(Flavour::Plain)
        .write(source)
        .finish(Some(width))
}

/// `source`'s Markdown written again, as every output shows it: headings moved down, raw HTML,
/// images and unsafe links left out, and nothing left open that could run into what follows.
///
/// ```
/// let text = convene_core::markdown::commonmark("# Themes\n\n* resilience\n* <b>inclusion</b>");
/// assert_eq!(text, "#### Themes\n\n- resilience\n- inclusion");
/// ```
pub fn commonmark(source: &str) -> String {
    Writer::new(Flavour::CommonMark).write(source).finish(None)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Plain,
    CommonMark,
}

/// What separates a block from the one before it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Line,
    Blank,
}

/// A block of text that starts on a line of its own: a paragraph, a list item's text, a heading…
struct Unit {
    gap: Gap,
    /// What its first line starts with (bullets, quote marks), what its other lines start with, and
    /// what the blank line before it holds (the quote marks of the quotes it shares with the block
    /// before it).
    first: String,
    rest: String,
    blank: String,
    text: String,
    /// Code: its lines are kept as they are.
    verbatim: bool,
}

enum Container {
    Quote {
        started: bool,
        /// The list that ended just before it, still the one before what follows if the quote
        /// shows nothing.
        follows: Option<(usize, char)>,
    },
    Item {
        marker: String,
        started: bool,
    },
}

/// What a unit's text ends with: a line break just written (soft or hard), or anything else.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LineEnd {
    Text,
    Soft,
    Hard,
}

struct List {
    /// The next item's number, for a numbered list.
    next: Option<u64>,
    /// Its marker: `-` or `*`, or `.` or `)` after the number (`•` in plain text).
    mark: char,
    /// Whether its items are separated by blank lines (they hold paragraphs).
    loose: bool,
    /// Whether it has shown anything, and the list that ended just before it (see
    /// [`Writer::ended_list`]), which is still the one before the next if it shows nothing.
    shown: bool,
    follows: Option<(usize, char)>,
}

struct Link {
    destination: String,
    kind: LinkType,
    /// Where its text starts in the unit's text.
    from: usize,
}

struct Writer {
    flavour: Flavour,
    units: Vec<Unit>,
    /// Whether the last unit still takes text.
    open: bool,
    containers: Vec<Container>,
    lists: Vec<List>,
    links: Vec<Link>,
    /// What separates the next block from the last.
    pending: Gap,
    /// A list that just ended with nothing after it yet: how many containers were open around it,
    /// and its marker. A list right after it uses the other marker, or Markdown would join them.
    ended_list: Option<(usize, char)>,
    /// A quote that just ended with nothing after it yet: how many containers were open around it.
    ended_quote: Option<usize>,
    heading: bool,
    /// What the last unit's text ends with.
    line_end: LineEnd,
    /// Where each open emphasis begins in the unit's text, in Markdown.
    emphasis: Vec<usize>,
    /// Inside an autolink, whose text is its address.
    in_autolink: bool,
}

impl Writer {
    fn new(flavour: Flavour) -> Self {
        Writer {
            flavour,
            units: Vec::new(),
            open: false,
            containers: Vec::new(),
            lists: Vec::new(),
            links: Vec::new(),
            pending: Gap::None,
            ended_list: None,
            ended_quote: None,
            heading: false,
            line_end: LineEnd::Text,
            emphasis: Vec::new(),
            in_autolink: false,
        }
    }

    fn markdown(&self) -> bool {
        self.flavour == Flavour::CommonMark
    }

    fn write(mut self, source: &str) -> Self {
        let source = super::bounded(source);
        let events: Vec<Event<'_>> = super::events(&source).collect();
        let mut looseness = looseness(&events).into_iter();
        for event in events {
            match event {
                Event::Start(Tag::List(start)) => {
                    self.start_list(start, looseness.next().unwrap_or(false));
                }
                Event::Start(tag) => self.start(tag),
                Event::End(end) => self.end(end),
                Event::Text(text) => self.text(&text),
                Event::Code(code) => self.code(&code),
                Event::SoftBreak => self.line_break(false),
                Event::HardBreak => self.line_break(true),
                Event::Rule => {
                    self.begin(false);
                    self.push("* * *");
                    self.close();
                    self.pending = self.after_block();
                }
                _ => {}
            }
        }
        self.close();
        self
    }

    /// What separates a block that ended from the next. A blank line, but in Markdown not between
    /// the blocks of a tight list's item, where it would make the list loose.
    fn after_block(&self) -> Gap {
        let tight_item = matches!(self.containers.last(), Some(Container::Item { .. }))
            && self.lists.last().is_some_and(|l| !l.loose);
        if self.markdown() && tight_item {
            Gap::Line
        } else {
            Gap::Blank
        }
    }

    /// A list starts: `loose` when its items are separated by blank lines.
    fn start_list(&mut self, start: Option<u64>, loose: bool) {
        self.close();
        let follows = self
            .ended_list
            .filter(|&(depth, _)| depth == self.containers.len())
            .map(|(_, mark)| mark);
        let mark = match (self.flavour, start, follows) {
            (Flavour::Plain, None, _) => '•',
            (Flavour::Plain, Some(_), _) => '.',
            (Flavour::CommonMark, None, Some('-')) => '*',
            (Flavour::CommonMark, None, _) => '-',
            (Flavour::CommonMark, Some(_), Some('.')) => ')',
            (Flavour::CommonMark, Some(_), _) => '.',
        };
        let follows = self.ended_list;
        self.ended_quote = None;
        self.lists.push(List {
            next: start,
            mark,
            loose,
            shown: false,
            follows,
        });
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.close(),
            Tag::Heading { level, .. } => {
                self.begin(false);
                self.heading = true;
                if self.markdown() {
                    let hashes = "#".repeat(level as usize);
                    self.push(&format!("{hashes} "));
                }
            }
            Tag::CodeBlock(_) => self.begin(true),
            Tag::BlockQuote(_) => {
                self.close();
                // A quote right after another would join it without a blank line between.
                if self.ended_quote == Some(self.containers.len()) {
                    self.pending = Gap::Blank;
                }
                let follows = self.ended_list.take();
                self.containers.push(Container::Quote {
                    started: false,
                    follows,
                });
            }
            Tag::Item => {
                self.close();
                (self.ended_list, self.ended_quote) = (None, None);
                let marker = match self.lists.last_mut() {
                    Some(List {
                        next: Some(number),
                        mark,
                        ..
                    }) => {
                        let marker = format!("{number}{mark} ");
                        *number = number.saturating_add(1);
                        marker
                    }
                    Some(List { mark, .. }) => format!("{mark} "),
                    None => String::new(),
                };
                self.containers.push(Container::Item {
                    marker,
                    started: false,
                });
            }
            Tag::Emphasis | Tag::Strong => self.open_emphasis(),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                self.ensure_open();
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                if self.markdown() {
                    if autolink {
                        self.push(&format!("<{dest_url}>"));
                        self.in_autolink = true;
                    } else {
                        // A "!" just before would make the link an image.
                        if let Some(unit) = self.units.last_mut()
                            && let Some(before) = unit.text.strip_suffix('!')
                            && (before.len() - before.trim_end_matches('\\').len()) % 2 == 0
                        {
                            unit.text.insert(before.len(), '\\');
                        }
                        self.push("[");
                    }
                }
                let from = self.units.last().map_or(0, |u| u.text.len());
                self.links.push(Link {
                    destination: dest_url.to_string(),
                    kind: link_type,
                    from,
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Paragraph | TagEnd::CodeBlock => {
                if end == TagEnd::CodeBlock {
                    self.finish_code();
                }
                self.close();
                self.pending = self.after_block();
            }
            TagEnd::Heading(_) => {
                self.heading = false;
                self.close();
                self.pending = self.after_block();
            }
            TagEnd::BlockQuote(_) => {
                self.close();
                // A quote that showed nothing separates nothing.
                match self.containers.pop() {
                    Some(Container::Quote { started: true, .. }) => {
                        self.pending = self.after_block();
                        self.ended_quote = Some(self.containers.len());
                    }
                    Some(Container::Quote { follows, .. }) => self.ended_list = follows,
                    _ => {}
                }
            }
            TagEnd::List(_) => {
                self.close();
                let Some(list) = self.lists.pop() else {
                    return;
                };
                // A list that showed nothing separates nothing.
                if list.shown {
                    self.pending = self.after_block();
                    self.ended_list = Some((self.containers.len(), list.mark));
                } else {
                    self.ended_list = list.follows;
                }
            }
            TagEnd::Item => {
                self.close();
                (self.ended_list, self.ended_quote) = (None, None);
                // An item that showed nothing separates nothing.
                if let Some(Container::Item { started: true, .. }) = self.containers.pop() {
                    let loose = self.lists.last().is_some_and(|l| l.loose);
                    self.pending = if loose { Gap::Blank } else { Gap::Line };
                }
            }
            TagEnd::Emphasis => self.close_emphasis("*"),
            TagEnd::Strong => self.close_emphasis("**"),
            TagEnd::Link => self.end_link(),
            _ => {}
        }
    }

    fn end_link(&mut self) {
        let Some(link) = self.links.pop() else {
            return;
        };
        if self.markdown() {
            if self.in_autolink {
                self.in_autolink = false;
            } else {
                let destination = destination(&link.destination);
                self.push(&format!("]({destination})"));
            }
            return;
        }
        let text = self
            .units
            .last()
            .and_then(|u| u.text.get(link.from..))
            .unwrap_or_default()
            .trim();
        let shown = match link.kind {
            LinkType::Email => None,
            _ => match super::scheme(&link.destination) {
                Some(s) if s.eq_ignore_ascii_case("mailto") => {
                    let address = &link.destination[s.len() + 1..];
                    (text != address && text != link.destination).then_some(address)
                }
                Some(_) => (text != link.destination).then_some(link.destination.as_str()),
                // An address on this site means nothing outside it.
                None => None,
            },
        };
        if let Some(address) = shown {
            let address = address.to_owned();
            self.push(&format!(" ({address})"));
        }
    }

    /// Where emphasis begins, in Markdown: its marks go around its text when it ends.
    fn open_emphasis(&mut self) {
        if self.markdown() {
            self.ensure_open();
            let from = self.units.last().map_or(0, |u| u.text.len());
            self.emphasis.push(from);
        }
    }

    /// Emphasis ends: `mark` around its text, inside the spaces and line breaks at its ends (a
    /// mark next to a space is no mark), and no marks at all around no text.
    fn close_emphasis(&mut self, mark: &str) {
        let Some(from) = self.emphasis.pop() else {
            return;
        };
        let written = self.written_break();
        let Some(unit) = self.units.last_mut() else {
            return;
        };
        let Some(inner) = unit.text.get(from..) else {
            return;
        };
        let (inner, after) = match inner.strip_suffix(written) {
            Some(inner) if !written.is_empty() => (inner, written),
            _ => (inner, ""),
        };
        let (before, inner) = match inner.split_once('\n') {
            Some((head, rest)) if head.trim_matches([' ', '\\']).is_empty() => {
                (&unit.text[from..from + head.len() + 1], rest)
            }
            _ => ("", inner),
        };
        let trimmed = inner.trim_matches(' ');
        if trimmed.is_empty() {
            return;
        }
        let spaces_before = &inner[..inner.len() - inner.trim_start_matches(' ').len()];
        let spaces_after = &inner[inner.trim_end_matches(' ').len()..];
        let emphasised =
            format!("{before}{spaces_before}{mark}{trimmed}{mark}{spaces_after}{after}");
        unit.text.replace_range(from.., &emphasised);
    }

    /// The line break the last unit's text ends with, as written, or "".
    fn written_break(&self) -> &'static str {
        match (self.line_end, self.flavour) {
            (LineEnd::Text, _) => "",
            (LineEnd::Soft, Flavour::Plain) => " ",
            (LineEnd::Soft, Flavour::CommonMark) | (LineEnd::Hard, Flavour::Plain) => "\n",
            (LineEnd::Hard, Flavour::CommonMark) => "\\\n",
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_autolink {
            return;
        }
        self.ensure_open();
        let verbatim = self.units.last().is_some_and(|u| u.verbatim);
        if self.markdown() && !verbatim {
            self.push(&escape_punctuation(text));
        } else {
            self.push(text);
        }
    }

    fn code(&mut self, code: &str) {
        self.ensure_open();
        if !self.markdown() {
            self.push(code);
            return;
        }
        let fence = "`".repeat(longest_run(code, '`') + 1);
        let pad = code.starts_with('`')
            || code.ends_with('`')
            || (code.starts_with(' ') && code.ends_with(' ') && code.trim() != "");
        let pad = if pad { " " } else { "" };
        self.push(&format!("{fence}{pad}{code}{pad}{fence}"));
    }

    fn line_break(&mut self, hard: bool) {
        // A break with no text before it (where a flattened list's items meet) separates nothing.
        if !self.open {
            return;
        }
        let Some(unit) = self.units.last_mut() else {
            return;
        };
        if self.heading {
            unit.text.push(' ');
            return;
        }
        let markdown = self.flavour == Flavour::CommonMark;
        // Spaces before a line break would make it a hard one in Markdown.
        unit.text
            .truncate(unit.text.trim_end_matches([' ', '\t']).len());
        // Breaks with nothing between them are one break, the hard one if either is; a line with
        // nothing on it would end a Markdown paragraph.
        let (soft, hard_break) = if markdown {
            ("\n", "\\\n")
        } else {
            (" ", "\n")
        };
        match (self.line_end, hard) {
            _ if unit.text.is_empty() => {}
            (LineEnd::Text, false) => {
                unit.text.push_str(soft);
                self.line_end = LineEnd::Soft;
            }
            (LineEnd::Text, true) => {
                unit.text.push_str(hard_break);
                self.line_end = LineEnd::Hard;
            }
            (LineEnd::Soft, true) => {
                // (A soft break written as a space went with the spaces above.)
                if let Some(text) = unit.text.strip_suffix(soft) {
                    unit.text.truncate(text.len());
                }
                unit.text.push_str(hard_break);
                self.line_end = LineEnd::Hard;
            }
            (LineEnd::Soft | LineEnd::Hard, _) => {}
        }
    }

    /// The code block's lines, fenced in Markdown.
    fn finish_code(&mut self) {
        let markdown = self.markdown();
        let Some(unit) = self.units.last_mut().filter(|u| u.verbatim) else {
            return;
        };
        let code = unit.text.strip_suffix('\n').unwrap_or(&unit.text);
        if markdown {
            let fence = "`".repeat(longest_fence(code).max(2) + 1);
            let body = if code.is_empty() {
                String::new()
            } else {
                format!("{code}\n")
            };
            unit.text = format!("{fence}\n{body}{fence}");
        } else {
            unit.text = code.to_owned();
        }
    }

    fn ensure_open(&mut self) {
        if !self.open {
            self.begin(false);
        }
    }

    /// Starts a block on a line of its own, under the open quotes and list items.
    fn begin(&mut self, verbatim: bool) {
        self.close();
        let gap = if self.units.is_empty() {
            Gap::None
        } else {
            self.pending.max(Gap::Line)
        };
        let (mut first, mut rest, mut blank) = (String::new(), String::new(), String::new());
        for container in &mut self.containers {
            match container {
                Container::Quote { started, .. } => {
                    first.push_str("> ");
                    rest.push_str("> ");
                    if *started {
                        blank.push_str("> ");
                    }
                    *started = true;
                }
                Container::Item { marker, started } => {
                    let pad = " ".repeat(marker.chars().count());
                    if *started {
                        first.push_str(&pad);
                        blank.push_str(&pad);
                    } else {
                        first.push_str(marker);
                    }
                    rest.push_str(&pad);
                    *started = true;
                }
            }
        }
        self.units.push(Unit {
            gap,
            first,
            rest,
            blank,
            text: String::new(),
            verbatim,
        });
        self.open = true;
        self.line_end = LineEnd::Text;
        self.pending = Gap::None;
        self.ended_list = None;
        self.ended_quote = None;
        for list in &mut self.lists {
            list.shown = true;
        }
    }

    fn close(&mut self) {
        if !self.open {
            return;
        }
        self.open = false;
        let flavour = self.flavour;
        let written = self.written_break();
        let Some(unit) = self.units.last_mut().filter(|u| !u.verbatim) else {
            return;
        };
        // A break at the end of a block breaks nothing.
        if let Some(text) = unit.text.strip_suffix(written) {
            unit.text.truncate(text.len());
        }
        let lines = unit.text.split('\n');
        let lines: Vec<String> = match flavour {
            // Runs of spaces read as one in Markdown.
            Flavour::Plain => lines
                .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect(),
            // Spaces that start a line would make it code.
            Flavour::CommonMark => lines
                .map(|line| guard_line_start(line.trim_start_matches([' ', '\t'])))
                .collect(),
        };
        unit.text = lines.join("\n");
    }

    fn push(&mut self, text: &str) {
        if let Some(unit) = self.units.last_mut() {
            unit.text.push_str(text);
            if !text.is_empty() {
                self.line_end = LineEnd::Text;
            }
        }
    }

    /// The blocks, one after the other, wrapped at `width` if given (not code).
    fn finish(self, width: Option<usize>) -> String {
        let mut out = String::new();
        let plain = self.flavour == Flavour::Plain;
        // In plain text, a block with no words (an empty heading) is no block at all.
        let shown = self
            .units
            .iter()
            .filter(|u| !(plain && !u.verbatim && u.text.trim().is_empty()));
        let mut first = true;
        for unit in shown {
            let gap = if first {
                Gap::None
            } else {
                unit.gap.max(Gap::Line)
            };
            first = false;
            match gap {
                Gap::None => {}
                Gap::Line => out.push('\n'),
                Gap::Blank => {
                    out.push('\n');
                    out.push_str(unit.blank.trim_end());
                    out.push('\n');
                }
            }
            let mut lines: Vec<String> = Vec::new();
            for (i, line) in unit.text.split('\n').enumerate() {
                let prefix = if i == 0 { &unit.first } else { &unit.rest };
                match width {
                    Some(width) if !unit.verbatim => {
                        let options = textwrap::Options::new(width)
                            .initial_indent(prefix)
                            .subsequent_indent(&unit.rest);
                        let wrapped = textwrap::wrap(line, options);
                        if wrapped.is_empty() {
                            lines.push(prefix.trim_end().to_owned());
                        }
                        lines.extend(wrapped.into_iter().map(|l| l.trim_end().to_owned()));
                    }
                    _ => lines.push(format!("{prefix}{line}").trim_end().to_owned()),
                }
            }
            out.push_str(&lines.join("\n"));
        }
        out
    }
}

/// Whether each list, in the order they start, is loose: its items hold paragraphs, which
/// Markdown separates by blank lines. Known only once a list is read to its end.
fn looseness(events: &[Event<'_>]) -> Vec<bool> {
    let mut loose = Vec::new();
    // The open lists (their place in `loose`) and whether an item is the innermost container.
    let (mut lists, mut in_item) = (Vec::new(), vec![false]);
    for event in events {
        match event {
            Event::Start(Tag::List(_)) => {
                lists.push(loose.len());
                loose.push(false);
                in_item.push(false);
            }
            Event::Start(Tag::Item) => in_item.push(true),
            Event::Start(Tag::BlockQuote(_)) => in_item.push(false),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                in_item.pop();
            }
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_)) => {
                in_item.pop();
            }
            Event::Start(Tag::Paragraph) if in_item.last() == Some(&true) => {
                if let Some(&list) = lists.last() {
                    loose[list] = true;
                }
            }
            _ => {}
        }
    }
    loose
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: the Markdown written, then its plain text.
    #[test]
    fn plain_text_keeps_the_words_and_the_shape() {
        let cases = [
            (
                "paragraphs, joined lines",
                "One\nline.\n\n\nTwo.",
                "One line.\n\nTwo.",
            ),
            (
                "a bulleted list after a paragraph",
                "Themes:\n\n- resilience\n- inclusion\n\nEnd.",
                "Themes:\n\n• resilience\n• inclusion\n\nEnd.",
            ),
            (
                "a loose numbered list",
                "2. second\n\n3. third",
                "2. second\n\n3. third",
            ),
            (
                "a nested list",
                "- cities\n  - Izmir\n  - Montréal\n- people",
                "• cities\n  • Izmir\n  • Montréal\n• people",
            ),
            (
                "emphasis marks go",
                "*living* **together** _here_ `now`",
                "living together here now",
            ),
            (
                "links show their address",
                "See [the summit](https://example.org/s) or <https://example.org/t>.",
                "See the summit (https://example.org/s) or https://example.org/t.",
            ),
            (
                "mail links show the address once",
                "[Write to us](mailto:info@example.org), <team@example.org>",
                "Write to us (info@example.org), team@example.org",
            ),
            (
                "links on the site and unsafe links keep their text",
                "[programme](/events/x/programme) [click](javascript:alert(1))",
                "programme click",
            ),
            (
                "headings are lines of their own",
                "# Themes\nText",
                "Themes\n\nText",
            ),
            (
                "quotes",
                "> said\n> here\n>\n> again",
                "> said here\n>\n> again",
            ),
            ("hard breaks", "line  \nbreak", "line\nbreak"),
            (
                "code blocks keep their lines",
                "```\nfn  main()\n  {}\n```",
                "fn  main()\n  {}",
            ),
            (
                "raw html goes, its inline text stays",
                "a <b>bold</b> <script>x</script> move\n\n<div>\nblock\n</div>",
                "a bold x move",
            ),
            (
                "images leave their description",
                "![the map](map.png)",
                "the map",
            ),
            ("a rule", "a\n\n***\n\nb", "a\n\n* * *\n\nb"),
            ("an empty heading", "#\n\ntext", "text"),
            ("nothing", "", ""),
        ];
        for (what, source, expected) in cases {
            assert_eq!(plain_text(source), expected, "{what}");
        }
    }

    #[test]
    fn wrapped_plain_text_hangs_under_bullets() {
        let source = "- one two three four five six\n- seven";
        assert_eq!(
            plain_text_wrapped(source, 16),
            "• one two three\n  four five six\n• seven"
        );
    }

    /// Each case: the Markdown written, then the Markdown the document shows.
    #[test]
    fn markdown_is_written_again_with_what_is_left_out_taken_away() {
        let cases = [
            (
                "lists and emphasis",
                "Themes:\n* *resilience*\n* __inclusion__",
                "Themes:\n\n- *resilience*\n- **inclusion**",
            ),
            (
                "headings move down",
                "# One\nTwo\n===",
                "#### One\n\n#### Two",
            ),
            (
                "a loose nested list",
                "1. a\n\n   - b\n   - c\n2. d",
                "1. a\n\n   - b\n   - c\n\n2. d",
            ),
            (
                "two lists in a row stay two",
                "- a\n- b\n\n\n* c",
                "- a\n- b\n\n* c",
            ),
            (
                "quotes with paragraphs",
                "> a\n>\n> b\n\n> c",
                "> a\n>\n> b\n\n> c",
            ),
            (
                "links",
                "[the *summit*](https://example.org/a_(b)) <https://example.org>",
                "[the *summit*](<https://example.org/a_(b)>) <https://example.org>",
            ),
            ("raw html goes", "a <b>b</b>\n\n<div>\nx\n</div>", "a b"),
            (
                "an unclosed fence is closed",
                "```\ncode ``` here",
                "```\ncode ``` here\n```",
            ),
            ("code spans", "`` a`b ``", "``a`b``"),
            ("hard breaks", "a\\\nb", "a\\\nb"),
            (
                "an exclamation before a link",
                "Join us\\![here](https://example.org)",
                "Join us\\![here](https://example.org)",
            ),
            (
                "a backslash and an exclamation before a link",
                "a\\\\\\![here](https://example.org)",
                "a\\\\\\![here](https://example.org)",
            ),
            (
                "a line break hidden in an address",
                "[x](https://example.org/a&#10;b)",
                "[x](https://example.org/a%0Ab)",
            ),
            (
                "escaped text stays text",
                "\\# not \\*a\\* heading",
                "\\# not \\*a\\* heading",
            ),
        ];
        for (what, source, expected) in cases {
            assert_eq!(commonmark(source), expected, "{what}");
        }
    }

    /// The Markdown written again reads as the Markdown written: same HTML.
    #[test]
    fn markdown_written_again_renders_the_same() {
        let sources = [
            "Themes:\n\n- resilience\n- inclusion\n  1. nested\n  2. again\n\nEnd.",
            "> quote\n> - in a list\n>\n> > deeper\n\nafter",
            "*a **b** c* `d` [e](https://example.org/e \"t\") <f@example.org>",
            "1986\\. a year\n\n\\- not a list\n\n\\+ nor this\n\n1\\) nor this",
            "- a\n\n  b\n- c\n\n      indented code\n\n---\n\nx",
            "a  \nb\\\nc",
            "[link & more](https://example.org/?a=1&b=2&amp;c) and &amp; &copy;",
            "- [ ] not a task\n- ~~not struck~~",
            "## Heading *with* emphasis\n\ntext",
            "Join us\\![here](https://example.org) [x](https://example.org/a&#10;b)",
        ];
        for source in sources {
            let again = commonmark(source);
            let same_levels = |html: super::super::SafeHtml| {
                ["h4", "h5", "h6"]
                    .iter()
                    .fold(html.to_string(), |html, level| html.replace(level, "h"))
            };
            assert_eq!(
                same_levels(super::super::html(&again)),
                same_levels(super::super::html(source)),
                "{source:?} was written again as {again:?}"
            );
        }
    }
}
