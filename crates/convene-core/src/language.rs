//! Languages and texts written in several of them.

use std::collections::BTreeMap;
use std::fmt;

use icu_locale_core::LanguageIdentifier;
use serde::Serialize;

/// A BCP 47 language tag, normalised (`fr`, `en`, `tr`, `pt-BR`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Language(String);

/// Read back from a tag, checked and normalised as [`Language::parse`] does.
impl<'de> serde::Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(deserializer)?;
        Language::parse(&tag).map_err(serde::de::Error::custom)
    }
}

/// A language tag that is not BCP 47.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidLanguage {
    pub given: String,
}

impl fmt::Display for InvalidLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not a language tag; write a BCP 47 tag such as \"fr\", \"en\", \"tr\" or \"pt-BR\"",
            self.given
        )
    }
}

impl std::error::Error for InvalidLanguage {}

impl Language {
    /// Parses and normalises a BCP 47 tag.
    ///
    /// ```
    /// # use convene_core::Language;
    /// assert_eq!(Language::parse("pt-br").unwrap().as_str(), "pt-BR");
    /// assert!(Language::parse("français").is_err());
    /// ```
    pub fn parse(tag: &str) -> Result<Self, InvalidLanguage> {
        let invalid = || InvalidLanguage {
            given: tag.to_owned(),
        };
        if tag.is_empty() || tag.contains('_') {
            return Err(invalid());
        }
        let id = LanguageIdentifier::try_from_str(tag).map_err(|_| invalid())?;
        if id.language.is_unknown() {
            return Err(invalid());
        }
        Ok(Self(id.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ICU locale for formatting dates and times in this language.
    pub fn locale(&self) -> icu_locale_core::Locale {
        // The tag was parsed as a language identifier when the value was made.
        LanguageIdentifier::try_from_str(&self.0)
            .unwrap_or(LanguageIdentifier::UNKNOWN)
            .into()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A text people read, in one or more languages.
///
/// A missing translation stays missing: [`Text::get`] falls back to the source language and says so.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(BTreeMap<Language, String>);

/// A text picked for a reader, with the language it is actually in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LocalText {
    pub text: String,
    pub lang: Language,
    /// True when the text is not in the language asked for, but in the source language.
    pub fallback: bool,
}

impl Text {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the text in one language, replacing what was there.
    pub fn with(mut self, lang: Language, text: impl Into<String>) -> Self {
        self.insert(lang, text);
        self
    }

    pub fn insert(&mut self, lang: Language, text: impl Into<String>) {
        self.0.insert(lang, text.into());
    }

    pub fn in_language(&self, lang: &Language) -> Option<&str> {
        self.0.get(lang).map(String::as_str)
    }

    pub fn languages(&self) -> impl Iterator<Item = &Language> {
        self.0.keys()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Language, &str)> {
        self.0.iter().map(|(l, t)| (l, t.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text in `lang`, or else in `source` (marked as a fallback), or else in any language.
    pub fn get(&self, lang: &Language, source: &Language) -> Option<LocalText> {
        if let Some(text) = self.0.get(lang) {
            return Some(LocalText {
                text: printable(text),
                lang: lang.clone(),
                fallback: false,
            });
        }
        let (found, text) = self
            .0
            .get_key_value(source)
            .or_else(|| self.0.iter().next())?;
        Some(LocalText {
            text: printable(text),
            lang: found.clone(),
            fallback: true,
        })
    }
}

/// `text` without the characters no reader's document may carry: control characters other than
/// line breaks and tabs, and the noncharacters U+FFFE and U+FFFF (XML refuses them, calendars
/// break on them). The checks refuse them in a programme; this keeps every output readable
/// whatever a text holds.
pub fn printable(text: &str) -> String {
    if !text.chars().any(unprintable) {
        return text.to_owned();
    }
    text.chars().filter(|&c| !unprintable(c)).collect()
}

/// Whether `c` is a character documents must not carry (see [`printable`]).
pub fn unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(lang("FR").as_str(), "fr");
        assert_eq!(lang("pt-br").as_str(), "pt-BR");
    }

    #[test]
    fn words_and_underscores_are_not_tags() {
        for bad in ["", "français", "pt_BR", "und", "-"] {
            assert!(Language::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_missing_translation_falls_back_to_the_source_and_says_so() {
        let text = Text::new().with(lang("fr"), "Bonjour");
        let got = text.get(&lang("tr"), &lang("fr")).unwrap();
        assert_eq!(
            got,
            LocalText {
                text: "Bonjour".into(),
                lang: lang("fr"),
                fallback: true
            }
        );
    }

    #[test]
    fn a_present_translation_is_not_a_fallback() {
        let text = Text::new()
            .with(lang("fr"), "Bonjour")
            .with(lang("en"), "Hello");
        let got = text.get(&lang("en"), &lang("fr")).unwrap();
        assert_eq!((got.text.as_str(), got.fallback), ("Hello", false));
    }
}
