//! Problems found in a programme, located by field, and their report with the offending text underlined.

use std::fmt;
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use fluent::FluentValue;
use serde::Serialize;

use crate::locale::Localizer;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The programme cannot be published as it is.
    Error,
    /// The programme works, but readers would be better served otherwise.
    Warning,
}

/// A step on the way to a field: a table key or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathStep {
    Key(String),
    Index(usize),
}

/// Where a field sits in a programme, as the file writes it: `sessions[2].start`, `event.name.tr`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(Vec<PathStep>);

impl FieldPath {
    pub fn root() -> Self {
        Self::default()
    }

    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut steps = self.0.clone();
        steps.push(PathStep::Key(key.into()));
        Self(steps)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(PathStep::Index(index));
        Self(steps)
    }

    /// The path one step up, if any.
    pub fn parent(&self) -> Option<Self> {
        let (_, rest) = self.0.split_last()?;
        Some(Self(rest.to_vec()))
    }

    pub fn steps(&self) -> &[PathStep] {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                PathStep::Key(key) if i == 0 => write!(f, "{key}")?,
                PathStep::Key(key) => write!(f, ".{key}")?,
                PathStep::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One problem: what is wrong, where, and what would be right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the kind of problem (`unknown-field`, `overlap`), for programs and tests.
    pub code: &'static str,
    /// What is wrong, quoting the value.
    pub message: String,
    /// The field the problem is about, when it is about one.
    pub path: Option<FieldPath>,
    /// True when the problem is the field's name rather than its value (a language tag, say).
    #[serde(skip)]
    pub on_key: bool,
    /// Where in the source text, when the programme came from a file.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// A short note under the underlined text.
    pub label: Option<String>,
    /// What would be right.
    pub help: Option<String>,
    /// The values the message and its help quote, by name (`session`, `zone`, `time`), to say them in
    /// another language; `case` picks the wording when one code has several.
    #[serde(skip)]
    pub args: Vec<(&'static str, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            path: None,
            on_key: false,
            span: None,
            label: None,
            help: None,
            args: Vec::new(),
        }
    }

    pub fn at(mut self, path: FieldPath) -> Self {
        self.path = Some(path);
        self
    }

    /// Points at the field's name rather than its value.
    pub fn on_key(mut self) -> Self {
        self.on_key = true;
        self
    }

    pub fn spanned(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a value the message or its help quotes, as it quotes it.
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// Adds several quoted values at once.
    pub fn with_args(mut self, args: impl IntoIterator<Item = (&'static str, String)>) -> Self {
        self.args.extend(args);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What is wrong, in the reader's language: the message `check-{code}` of `words`, filled with
    /// [`Diagnostic::args`]; the English [`Diagnostic::message`] when `words` has no such message.
    ///
    /// ```
    /// use convene_core::{Diagnostic, Language, locale::Localizer};
    ///
    /// let english = "the host zone \"Europe/Paris\" is not one of the display zones";
    /// let problem = Diagnostic::error("host-zone-not-shown", english).arg("zone", "Europe/Paris");
    /// let words = Localizer::new(&Language::parse("fr").unwrap());
    /// assert_eq!(
    ///     problem.localized(&words),
    ///     "le fuseau hôte \"Europe/Paris\" ne fait pas partie des fuseaux affichés"
    /// );
    /// ```
    pub fn localized(&self, words: &Localizer) -> String {
        self.in_words(words, &format!("check-{}", self.code))
            .unwrap_or_else(|| self.message.clone())
    }

    /// What would be right, in the reader's language: the message `check-{code}-help` of `words`,
    /// else the English [`Diagnostic::help`].
    pub fn localized_help(&self, words: &Localizer) -> Option<String> {
        let help = self.help.as_ref()?;
        Some(
            self.in_words(words, &format!("check-{}-help", self.code))
                .unwrap_or_else(|| help.clone()),
        )
    }

    /// The note under the underlined text, in the reader's language: the message
    /// `check-{code}-label` of `words`, else the English [`Diagnostic::label`].
    pub fn localized_label(&self, words: &Localizer) -> Option<String> {
        let label = self.label.as_ref()?;
        Some(
            self.in_words(words, &format!("check-{}-label", self.code))
                .unwrap_or_else(|| label.clone()),
        )
    }

    fn in_words(&self, words: &Localizer, id: &str) -> Option<String> {
        if !words.has_message(id) {
            return None;
        }
        let args: Vec<(&str, FluentValue<'_>)> = self
            .args
            .iter()
            .map(|(name, value)| (*name, FluentValue::from(value.as_str())))
            .collect();
        Some(words.message_with(id, &args))
    }
}

/// Line and column (both from 1, columns in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How many problems of one kind a report shows before it only counts the rest.
pub const SHOWN_PER_CODE: usize = 20;

/// Where each line of a text starts, to find a line by offset without scanning the text again.
pub struct LineIndex<'s> {
    source: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    pub fn new(source: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { source, starts }
    }

    /// Line and column (both from 1, columns in characters) of a byte offset, as [`line_column`].
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.source, offset.min(self.source.len()));
        let line = self.line_of(offset);
        let column = self.source[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The index (from 0) of the line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The bytes of the whole lines from the one holding `start` to the one holding `end`, and the
    /// number (from 1) of the first.
    fn window(&self, start: usize, end: usize) -> (std::ops::Range<usize>, usize) {
        let first = self.line_of(start);
        let last = self.line_of(end.max(start));
        let from = self.starts[first];
        let to = self
            .starts
            .get(last + 1)
            .map_or(self.source.len(), |&next| next - 1);
        (from..to.max(from), first + 1)
    }
}

/// Renders problems the way compilers do: `path:line:column`, the line, the offending text underlined,
/// and what would be right, in the language of `words` (see [`Diagnostic::localized`]). `styled`
/// adds terminal colours.
pub fn render_report(
    path: &str,
    source: &str,
    diagnostics: &[Diagnostic],
    words: &Localizer,
    styled: bool,
) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let lines = LineIndex::new(source);
    let mut out = String::new();
    let mut shown: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for diagnostic in diagnostics {
        // The first few of each kind are enough to mend the rest alike; a count says how many more.
        let count = shown.entry(diagnostic.code).or_default();
        *count += 1;
        if *count > SHOWN_PER_CODE {
            continue;
        }
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR.with_name(words.message("report-error")),
            Severity::Warning => Level::WARNING.with_name(words.message("report-warning")),
        };
        let title = level.primary_title(diagnostic.localized(words));
        let mut group: Group<'_> = match &diagnostic.span {
            Some(span) => {
                let start = floor_char_boundary(source, span.start.min(source.len()));
                let end = floor_char_boundary(source, span.end.min(source.len())).max(start);
                // Only the lines the span covers go to the renderer, numbered as in the file, so
                // a report costs the same per problem whatever the file's length.
                let (window, first_line) = lines.window(start, end);
                let span = start - window.start..end - window.start;
                let mut annotation = AnnotationKind::Primary.span(span);
                if let Some(label) = diagnostic.localized_label(words) {
                    annotation = annotation.label(label);
                }
                let snippet = Snippet::source(&source[window])
                    .line_start(first_line)
                    .path(path)
                    .annotation(annotation);
                title.element(snippet)
            }
            None => title.element(annotate_snippets::Origin::path(path)),
        };
        if let Some(help) = diagnostic.localized_help(words) {
            group = group.element(
                Level::HELP
                    .with_name(words.message("report-help"))
                    .message(help),
            );
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    let mut more: Vec<(&str, usize)> = shown
        .into_iter()
        .filter(|&(_, n)| n > SHOWN_PER_CODE)
        .map(|(code, n)| (code, n - SHOWN_PER_CODE))
        .collect();
    more.sort_unstable();
    for (code, n) in more {
        out.push_str(
            &words.message_with("report-more", &[("count", n.into()), ("code", code.into())]),
        );
        out.push_str("\n\n");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    out.push_str(&summary(path, errors, warnings, words));
    out.push('\n');
    out
}

/// The closing line of a report: `izmir-2021.toml: 2 errors, 1 warning`, in the language of
/// `words`.
pub fn summary(path: &str, errors: usize, warnings: usize, words: &Localizer) -> String {
    let file = ("file", FluentValue::from(path));
    match (errors, warnings) {
        (0, 0) => words.message_with("report-clean", &[file]),
        _ => words.message_with(
            "report-summary",
            &[
                file,
                ("errors", errors.into()),
                ("warnings", warnings.into()),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    fn words(tag: &str) -> Localizer {
        Localizer::new(&Language::parse(tag).unwrap())
    }

    #[test]
    fn paths_read_as_the_file_writes_them() {
        let path = FieldPath::root().key("sessions").index(2).key("start");
        assert_eq!(path.to_string(), "sessions[2].start");
        assert_eq!(path.parent().unwrap().to_string(), "sessions[2]");
    }

    #[test]
    fn lines_and_columns_count_from_one_in_characters() {
        let source = "a = 1\né = \"x\"\n";
        let index = LineIndex::new(source);
        for (offset, expected) in [
            (0, (1, 1)),
            (6, (2, 1)),
            (source.find('"').unwrap(), (2, 5)),
        ] {
            assert_eq!(line_column(source, offset), expected);
            assert_eq!(index.line_column(offset), expected);
        }
        assert_eq!(
            index.line_column(source.len()),
            line_column(source, source.len())
        );
    }

    #[test]
    fn a_report_shows_the_first_problems_of_a_kind_and_counts_the_rest() {
        let source = "x = 1\n".repeat(30);
        let problems: Vec<Diagnostic> = (0..30)
            .map(|i| {
                Diagnostic::error("bad-value", format!("problem {i}")).spanned(i * 6..i * 6 + 1)
            })
            .collect();
        let report = render_report("x.toml", &source, &problems, &words("en"), false);
        assert_eq!(report.matches("error: problem").count(), SHOWN_PER_CODE);
        assert!(report.contains(" --> x.toml:20:1\n"), "{report}");
        assert!(
            report.ends_with(
                "… and 10 more `bad-value` problems like these\n\nx.toml: 30 errors, 0 warnings\n"
            ),
            "{report}"
        );
    }

    #[test]
    fn a_report_underlines_the_offending_text() {
        let source = "host_zone = \"Europe/Izmir\"\n";
        let diagnostic = Diagnostic::error("unknown-zone", "unknown time zone \"Europe/Izmir\"")
            .spanned(12..26)
            .label("not in the time-zone database")
            .help("write an IANA name such as \"Europe/Istanbul\"");
        let report = render_report("x.toml", source, &[diagnostic], &words("en"), false);
        assert_eq!(
            report,
            "error: unknown time zone \"Europe/Izmir\"\n --> x.toml:1:13\n  |\n1 | host_zone = \"Europe/Izmir\"\n  |             ^^^^^^^^^^^^^^ not in the time-zone database\n  |\n  = help: write an IANA name such as \"Europe/Istanbul\"\n\nx.toml: 1 error, 0 warnings\n"
        );
    }

    /// Two sessions at once in one venue, as `check` reports them.
    fn overlap() -> (&'static str, Diagnostic) {
        let source = "[[sessions]]\nstart = \"10:00\"\n";
        let diagnostic = Diagnostic::error(
            "overlap",
            "sessions \"a\" (2022-03-24 09:00–11:00) and \"b\" (2022-03-24 10:00–11:00) overlap in venue \"hall\"",
        )
        .spanned(21..28)
        .label("starts before \"a\" ends")
        .help("move one of them, or put it in another venue (declare one online venue per room for parallel sessions)")
        .with_args([
            ("first", "a".to_owned()),
            ("first-start", "2022-03-24 09:00".to_owned()),
            ("first-end", "11:00".to_owned()),
            ("second", "b".to_owned()),
            ("second-start", "2022-03-24 10:00".to_owned()),
            ("second-end", "11:00".to_owned()),
            ("venue", "hall".to_owned()),
        ]);
        (source, diagnostic)
    }

    #[test]
    fn a_report_speaks_the_readers_language_with_its_labels_and_summary() {
        let (source, diagnostic) = overlap();
        let warning = Diagnostic::warning(
            "missing-translation",
            "`event.name` has no \"tr\" translation",
        )
        .with_args([
            ("path", "event.name".to_owned()),
            ("language", "tr".to_owned()),
            ("key", "name".to_owned()),
        ]);
        let problems = [diagnostic, warning];
        let cases = [
            (
                "en",
                "error: sessions \"a\" (2022-03-24 09:00–11:00) and \"b\" (2022-03-24 10:00–11:00) overlap in venue \"hall\"\n --> x.toml:2:9\n  |\n2 | start = \"10:00\"\n  |         ^^^^^^^ starts before \"a\" ends\n  |\n  = help: move one of them, or put it in another venue (declare one online venue per room for parallel sessions)\n\nwarning: `event.name` has no \"tr\" translation\n--> x.toml\n\nx.toml: 1 error, 1 warning\n",
            ),
            (
                "fr",
                "erreur: les séances \"a\" (2022-03-24 09:00–11:00) et \"b\" (2022-03-24 10:00–11:00) se chevauchent dans le lieu \"hall\"\n --> x.toml:2:9\n  |\n2 | start = \"10:00\"\n  |         ^^^^^^^ commence avant la fin de \"a\"\n  |\n  = aide: déplacez l’une des deux, ou mettez-la dans un autre lieu (déclarez un lieu en ligne par salle pour les séances en parallèle)\n\navertissement: `event.name` n’a pas de traduction en \"tr\"\n--> x.toml\n\nx.toml : 1 erreur, 1 avertissement\n",
            ),
            (
                "tr",
                "hata: \"a\" (2022-03-24 09:00–11:00) ve \"b\" (2022-03-24 10:00–11:00) oturumları \"hall\" yerinde çakışıyor\n --> x.toml:2:9\n  |\n2 | start = \"10:00\"\n  |         ^^^^^^^ \"a\" bitmeden başlıyor\n  |\n  = öneri: oturumlardan birini başka bir saate ya da başka bir yere taşıyın (paralel oturumlar için her salona ayrı bir çevrimiçi yer tanımlayın)\n\nuyarı: `event.name` alanının \"tr\" çevirisi yok\n--> x.toml\n\nx.toml: 1 hata, 1 uyarı\n",
            ),
        ];
        for (lang, expected) in cases {
            assert_eq!(
                render_report("x.toml", source, &problems, &words(lang), false),
                expected,
                "{lang}"
            );
        }
    }

    #[test]
    fn the_summary_counts_in_each_language() {
        let cases = [
            ("en", 0, 0, "x.toml: no problems found"),
            ("en", 2, 1, "x.toml: 2 errors, 1 warning"),
            ("en", 1, 0, "x.toml: 1 error, 0 warnings"),
            ("fr", 0, 0, "x.toml : aucun problème trouvé"),
            ("fr", 2, 1, "x.toml : 2 erreurs, 1 avertissement"),
            ("fr", 1, 3, "x.toml : 1 erreur, 3 avertissements"),
            ("tr", 0, 0, "x.toml: sorun bulunmadı"),
            ("tr", 2, 1, "x.toml: 2 hata, 1 uyarı"),
        ];
        for (lang, errors, warnings, expected) in cases {
            assert_eq!(
                summary("x.toml", errors, warnings, &words(lang)),
                expected,
                "{lang}: {errors} errors, {warnings} warnings"
            );
        }
    }

    #[test]
    fn a_problem_without_words_of_its_own_keeps_its_english_message_and_label() {
        let diagnostic = Diagnostic::error("unknown-zone", "unknown time zone \"Europe/Izmir\"")
            .label("not in the time-zone database");
        let french = words("fr");
        assert_eq!(
            (
                diagnostic.localized(&french),
                diagnostic.localized_label(&french)
            ),
            (
                "unknown time zone \"Europe/Izmir\"".to_owned(),
                Some("not in the time-zone database".to_owned())
            )
        );
    }
}
