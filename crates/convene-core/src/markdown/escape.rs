//! Markdown's escaping: text that shows as written, code spans and fences that hold their code,
//! link destinations that hold their address.

/// The longest run of `c` in `text`.
pub(super) fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for d in text.chars() {
        run = if d == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// The longest run of backticks that starts a line of `code` (after its indentation): a fence
/// around it must be longer.
pub(super) fn longest_fence(code: &str) -> usize {
    code.lines()
        .map(|line| line.trim_start().chars().take_while(|&c| c == '`').count())
        .max()
        .unwrap_or(0)
}

/// A link's destination as Markdown writes it: bare when it can be, else between `<` and `>`.
/// Control characters (which only an entity can put in an address) are percent-encoded.
pub(super) fn destination(address: &str) -> String {
    let bare = !address.is_empty()
        && !address
            .chars()
            .any(|c| (c.is_whitespace() && !c.is_control()) || matches!(c, '<' | '>' | '(' | ')'));
    let mut out = String::with_capacity(address.len() + 2);
    if !bare {
        out.push('<');
    }
    for (i, c) in address.char_indices() {
        if c.is_control() {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
            continue;
        }
        let entity = c == '&' && looks_like_entity(&address[i + 1..]);
        if entity || matches!(c, '\\' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    if !bare {
        out.push('>');
    }
    out
}

/// Whether text after a `&` would read as an entity (`amp;`, `#38;`).
fn looks_like_entity(after: &str) -> bool {
    let name_end = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(after.len());
    name_end > 0 && after[name_end..].starts_with(';')
}

/// Text that Markdown shows as written: its punctuation is escaped, and so is what would start a
/// list or heading at the beginning of a line.
pub(crate) fn escape(text: &str) -> String {
    guard_line_start(&escape_punctuation(text))
}

/// Text with Markdown's punctuation escaped.
pub(super) fn escape_punctuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line whose start would read as a list item or a heading's underline, escaped there.
pub(super) fn guard_line_start(line: &str) -> String {
    let mut out = line.to_owned();
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    // "1. " or "1) " would start a numbered list.
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(out.as_bytes().get(digits), Some(b'.' | b')')) {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_punctuation_is_shown_as_written() {
        assert_eq!(
            escape("a *b* [c](d) <e> | f_g"),
            "a \\*b\\* \\[c\\](d) \\<e\\> \\| f\\_g"
        );
        assert_eq!(escape("- not a list"), "\\- not a list");
        assert_eq!(escape("2021. A year"), "2021\\. A year");
        assert_eq!(escape("1) not a list"), "1\\) not a list");
        assert_eq!(escape("# no heading"), "\\# no heading");
    }

    #[test]
    fn destinations_are_bare_when_they_can_be() {
        assert_eq!(
            destination("https://example.org/a"),
            "https://example.org/a"
        );
        assert_eq!(
            destination("https://example.org/a b"),
            "<https://example.org/a b>"
        );
        assert_eq!(destination("/a_(b)"), "</a_(b)>");
        assert_eq!(destination("?a=1&amp;b"), "?a=1\\&amp;b");
        assert_eq!(destination("a\nb"), "a%0Ab");
    }

    #[test]
    fn fences_and_code_spans_are_longer_than_the_backticks_they_hold() {
        assert_eq!(longest_run("a `` b ` c", '`'), 2);
        assert_eq!(longest_fence("a ```\n  ````\nb"), 4);
    }
}
