//! A walker over spanned TOML that turns values into domain types, collecting every problem with its
//! place in the file instead of stopping at the first.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, FieldPath};
use crate::keyword::Keyword;
use crate::{Language, Text};

pub(crate) type Value<'s> = Spanned<DeValue<'s>>;

/// Collects problems while the file is read.
#[derive(Default)]
pub(crate) struct Reader {
    pub diagnostics: Vec<Diagnostic>,
}

/// The fields of one TOML table, with the names the format allows there.
pub(crate) struct Fields<'a, 's> {
    table: &'a DeTable<'s>,
    span: Range<usize>,
    path: FieldPath,
    name: String,
}

impl<'a, 's> Fields<'a, 's> {
    pub fn get(&self, key: &str) -> Option<&'a Value<'s>> {
        self.table.get(key)
    }

    pub fn path(&self, key: &str) -> FieldPath {
        self.path.key(key)
    }
}

/// The word among `words` nearest to `given`, if one is near enough to be a likely misspelling.
fn nearest<'w>(given: &str, words: impl Iterator<Item = &'w str>) -> Option<&'w str> {
    words
        .map(|w| (strsim::damerau_levenshtein(given, w), w))
        .filter(|(d, w)| *d <= 2 || w.starts_with(given) || given.starts_with(w))
        .min()
        .map(|(_, w)| w)
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Reader {
    pub fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn wrong_type(&mut self, value: &Value<'_>, path: &FieldPath, expected: &str) {
        self.error(
            Diagnostic::error(
                "wrong-type",
                format!(
                    "`{path}` must be {expected}, not {}",
                    type_name(value.get_ref())
                ),
            )
            .at(path.clone())
            .spanned(value.span())
            .label(format!("expected {expected}")),
        );
    }

    /// Opens a table whose fields must all be among `known`; any other field is reported, with the
    /// nearest allowed name.
    pub fn table<'a, 's>(
        &mut self,
        value: &'a Value<'s>,
        path: &FieldPath,
        name: &str,
        known: &[&str],
    ) -> Option<Fields<'a, 's>> {
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(value, path, "a table");
            return None;
        };
        for (key, _) in table.iter() {
            let key_name: &str = key.get_ref();
            if known.contains(&key_name) {
                continue;
            }
            let nearest = nearest(key_name, known.iter().copied());
            let allowed: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            let mut diagnostic = Diagnostic::error(
                "unknown-field",
                format!("unknown field `{key_name}` in {name}"),
            )
            .at(path.key(key_name))
            .spanned(key.span())
            .label("not a field of the programme file");
            diagnostic = match nearest {
                Some(k) => diagnostic.help(format!("did you mean `{k}`?")),
                None => diagnostic.help(format!("the fields here are {}", allowed.join(", "))),
            };
            self.error(diagnostic);
        }
        Some(Fields {
            table,
            span: value.span(),
            path: path.clone(),
            name: name.to_owned(),
        })
    }

    /// A field that must be there; reports its absence at the table.
    pub fn required<'a, 's>(
        &mut self,
        fields: &Fields<'a, 's>,
        key: &str,
        example: &str,
    ) -> Option<&'a Value<'s>> {
        let value = fields.get(key);
        if value.is_none() {
            self.error(
                Diagnostic::error(
                    "missing-field",
                    format!("missing field `{key}` in {}", fields.name),
                )
                .at(fields.path(key))
                .spanned(fields.span.clone())
                .label(format!("`{key}` is required here"))
                .help(format!("add `{key} = {example}`")),
            );
        }
        value
    }

    pub fn string<'a>(&mut self, value: &'a Value<'_>, path: &FieldPath) -> Option<&'a str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s),
            _ => {
                self.wrong_type(value, path, "a string");
                None
            }
        }
    }

    /// A string, or a TOML date or time literal, as text for a date or time parser.
    pub fn temporal(&mut self, value: &Value<'_>, path: &FieldPath) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            DeValue::Datetime(dt) => Some(dt.to_string()),
            _ => {
                self.wrong_type(value, path, "a string such as \"2021-12-07\" or \"16:00\"");
                None
            }
        }
    }

    pub fn integer(&mut self, value: &Value<'_>, path: &FieldPath) -> Option<i64> {
        match value.get_ref() {
            DeValue::Integer(i) => {
                let parsed = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix());
                if parsed.is_err() {
                    self.error(
                        Diagnostic::error("bad-value", format!("`{path}` is too large"))
                            .at(path.clone())
                            .spanned(value.span()),
                    );
                }
                parsed.ok()
            }
            _ => {
                self.wrong_type(value, path, "an integer");
                None
            }
        }
    }

    pub fn array<'a, 's>(
        &mut self,
        value: &'a Value<'s>,
        path: &FieldPath,
    ) -> Option<&'a [Value<'s>]> {
        match value.get_ref() {
            DeValue::Array(items) => Some(items.as_ref()),
            _ => {
                self.wrong_type(value, path, "an array");
                None
            }
        }
    }

    pub fn keyword<K: Keyword>(&mut self, value: &Value<'_>, path: &FieldPath) -> Option<K> {
        let word = self.string(value, path)?;
        let found = K::from_keyword(word);
        if found.is_none() {
            self.error(
                Diagnostic::error("bad-value", format!("`{path}` cannot be \"{word}\""))
                    .at(path.clone())
                    .spanned(value.span())
                    .label("not one of the allowed values")
                    .help(match nearest(word, K::ALL.iter().map(|k| k.keyword())) {
                        Some(near) => {
                            format!("did you mean \"{near}\"? The values are {}", K::expected())
                        }
                        None => format!("write {}", K::expected()),
                    }),
            );
        }
        found
    }

    /// A value parsed by `parse`, whose error message is reported at the value.
    pub fn parsed<T, E: std::fmt::Display>(
        &mut self,
        value: &Value<'_>,
        path: &FieldPath,
        code: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let text = self.string(value, path)?;
        match parse(text) {
            Ok(parsed) => Some(parsed),
            Err(err) => {
                self.error(
                    Diagnostic::error(code, err.to_string())
                        .at(path.clone())
                        .spanned(value.span()),
                );
                None
            }
        }
    }

    /// A text in several languages: a table from language tag to string.
    pub fn text(&mut self, value: &Value<'_>, path: &FieldPath) -> Option<Text> {
        let DeValue::Table(table) = value.get_ref() else {
            let mut diagnostic = Diagnostic::error(
                "wrong-type",
                format!(
                    "`{path}` must be a table of texts by language, not {}",
                    type_name(value.get_ref())
                ),
            )
            .at(path.clone())
            .spanned(value.span())
            .label("expected one text per language");
            if let Some(last) = path.steps().last() {
                let key = match last {
                    crate::diagnostic::PathStep::Key(k) => k.clone(),
                    crate::diagnostic::PathStep::Index(_) => "…".to_owned(),
                };
                diagnostic = diagnostic.help(format!(
                    "write the language of the text: `{key}.fr = \"…\"` (one line per language)"
                ));
            }
            self.error(diagnostic);
            return None;
        };
        let mut text = Text::new();
        for (key, item) in table.iter() {
            let item_path = path.key(key.get_ref().to_string());
            let lang = match Language::parse(key.get_ref()) {
                Ok(lang) => lang,
                Err(err) => {
                    self.error(
                        Diagnostic::error("bad-language", err.to_string())
                            .at(item_path)
                            .spanned(key.span())
                            .label("not a language tag"),
                    );
                    continue;
                }
            };
            if let Some(s) = self.string(item, &item_path)
                && !s.trim().is_empty()
            {
                text.insert(lang, crate::markdown::as_written(s));
            }
        }
        Some(text)
    }
}
