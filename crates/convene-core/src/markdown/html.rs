//! A text's Markdown as an HTML fragment, sanitised.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

/// An HTML fragment made from a text's Markdown and sanitised: the only HTML that templates print
/// as it is. [`html`] is the only way to make one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Templates print it without escaping it again.
impl askama::filters::HtmlSafe for SafeHtml {}

/// The tags the Markdown that is kept (see [`super`]) turns into; nothing else passes.
const TAGS: [&str; 15] = [
    "p",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h4",
    "h5",
    "h6",
    "hr",
];

/// The last word on what reaches a page, whatever the Markdown turned into: the tags above, an
/// address on links (web, mail or this site, marked `nofollow noopener`) and a start on numbered
/// lists; no other attribute, no comment, and neither scripts nor styles, nor their content.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from(TAGS))
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("ol", HashSet::from(["start"])),
        ]))
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("nofollow noopener"))
        .strip_comments(true)
        .clean_content_tags(HashSet::from(["script", "style"]));
    builder
});

/// `source`'s Markdown as a sanitised HTML fragment: empty for an empty text.
///
/// ```
/// let html = convene_core::markdown::html(
///     "Two *themes*:\n\n- resilience\n- inclusion, <b onclick=\"steal()\">now</b>",
/// );
/// assert_eq!(
///     html.as_str(),
///     "<p>Two <em>themes</em>:</p>\n<ul>\n<li>resilience</li>\n<li>inclusion, now</li>\n</ul>\n"
/// );
/// ```
pub fn html(source: &str) -> SafeHtml {
    let mut raw = String::with_capacity(source.len() * 5 / 4);
    let source = super::bounded(source);
    pulldown_cmark::html::push_html(&mut raw, super::events(&source));
    SafeHtml(SANITISER.clean(&raw).to_string())
}

#[cfg(test)]
mod tests {
    use super::html;

    /// Each case: what an organiser (or someone who took over their account) wrote, and the HTML
    /// a page shows.
    #[test]
    fn hostile_markdown_reaches_pages_harmless() {
        let cases = [
            (
                "script tags",
                "Hello <script>alert(1)</script> world",
                "<p>Hello alert(1) world</p>\n",
            ),
            (
                "a script block",
                "<script>\nalert(1)\n</script>\n\nAfter.",
                "<p>After.</p>\n",
            ),
            (
                "an image with an error handler",
                "Look <img src=x onerror=alert(1)> here",
                "<p>Look  here</p>\n",
            ),
            (
                "a javascript link",
                "[click](javascript:alert(1))",
                "<p>click</p>\n",
            ),
            (
                "a javascript link hidden by an entity",
                "[click](javascript&#58;alert(1))",
                "<p>click</p>\n",
            ),
            (
                "a javascript link hidden by a tab",
                "[click](<java\tscript:alert(1)>)",
                "<p>click</p>\n",
            ),
            (
                "a javascript autolink",
                "<javascript:alert(1)>",
                "<p>javascript:alert(1)</p>\n",
            ),
            (
                "a data link in a reference",
                "[click][x]\n\n[x]: data:text/html,<script>alert(1)</script>",
                "<p>click</p>\n",
            ),
            (
                "an iframe block",
                "<iframe src=\"https://example.org\"></iframe>\n\nText.",
                "<p>Text.</p>\n",
            ),
            (
                "a style block",
                "<style>body { display: none }</style>\n\nText.",
                "<p>Text.</p>\n",
            ),
            (
                "an event handler on a raw tag",
                "<div onmouseover=\"alert(1)\">Hover</div>",
                "",
            ),
            (
                "inline tags with handlers",
                "a <b onclick=\"x()\">bold</b> <a href=\"javascript:x()\">move</a>",
                "<p>a bold move</p>\n",
            ),
            ("a comment", "a <!-- secret --> b", "<p>a  b</p>\n"),
            (
                "a markdown image",
                "![a map of Izmir](https://example.org/map.png)",
                "<p>a map of Izmir</p>\n",
            ),
            (
                "a link title",
                "[site](https://example.org \"onmouseover=alert(1)\")",
                "<p><a href=\"https://example.org\" rel=\"nofollow noopener\">site</a></p>\n",
            ),
            (
                "quotes in an address",
                "[x](https://example.org/\"onmouseover=\"alert(1))",
                "<p><a href=\"https://example.org/%22onmouseover=%22alert(1)\" rel=\"nofollow noopener\">x</a></p>\n",
            ),
            (
                "a fenced block's language",
                "```html\"><script>alert(1)</script>\n<b>x</b>\n```",
                "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>\n",
            ),
        ];
        for (what, source, expected) in cases {
            assert_eq!(html(source).as_str(), expected, "{what}");
        }
    }

    #[test]
    fn lists_emphasis_and_links_become_their_tags() {
        let cases = [
            (
                "a bulleted list",
                "Themes:\n\n- resilience\n- inclusion",
                "<p>Themes:</p>\n<ul>\n<li>resilience</li>\n<li>inclusion</li>\n</ul>\n",
            ),
            (
                "a numbered list from 3",
                "3. third\n4. fourth",
                "<ol start=\"3\">\n<li>third</li>\n<li>fourth</li>\n</ol>\n",
            ),
            (
                "a nested list",
                "- cities\n  - Izmir\n  - Montréal",
                "<ul>\n<li>cities\n<ul>\n<li>Izmir</li>\n<li>Montréal</li>\n</ul>\n</li>\n</ul>\n",
            ),
            (
                "emphasis",
                "*living* **together** `code`",
                "<p><em>living</em> <strong>together</strong> <code>code</code></p>\n",
            ),
            (
                "a link",
                "See [the summit](https://example.org/summit?a=1&b=2).",
                "<p>See <a href=\"https://example.org/summit?a=1&amp;b=2\" rel=\"nofollow noopener\">the summit</a>.</p>\n",
            ),
            (
                "an autolink to a mail address",
                "<info@example.org>",
                "<p><a href=\"mailto:info@example.org\" rel=\"nofollow noopener\">info@example.org</a></p>\n",
            ),
            (
                "a link on this site",
                "[programme](/events/izmir-2021/programme)",
                "<p><a href=\"/events/izmir-2021/programme\" rel=\"nofollow noopener\">programme</a></p>\n",
            ),
            (
                "headings below the page's",
                "# One\n## Two\n### Three",
                "<h4>One</h4>\n<h5>Two</h5>\n<h6>Three</h6>\n",
            ),
            (
                "a quote and a break",
                "> quoted  \nline\n\n---",
                "<blockquote>\n<p>quoted<br>\nline</p>\n</blockquote>\n<hr>\n",
            ),
            (
                "text that only looks like markup",
                "5 < 6 & 7 > 3 \\*",
                "<p>5 &lt; 6 &amp; 7 &gt; 3 *</p>\n",
            ),
            ("nothing", "", ""),
        ];
        for (what, source, expected) in cases {
            assert_eq!(html(source).as_str(), expected, "{what}");
        }
    }

    #[test]
    fn nesting_deeper_than_the_bound_is_flattened() {
        let source = format!("{}deep", "> ".repeat(20));
        let html = html(&source);
        assert_eq!(
            html.as_str().matches("<blockquote>").count(),
            super::super::MAX_NESTING
        );
        assert!(html.as_str().contains("deep"), "{html}");
    }
}
