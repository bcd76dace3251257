//! Stable identifiers of events, sessions and venues, safe in URLs and calendar UIDs.

use std::fmt;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A stable identifier: lower-case ASCII letters, digits and single hyphens, 1 to 64 characters
/// (`izmir-2021`, `workshop-resilience`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

/// Why a text is not an identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidSlug {
    pub given: String,
}

impl fmt::Display for InvalidSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not an identifier: use 1 to 64 lower-case letters a-z, digits and single hyphens, like \"{}\"",
            self.given,
            suggest(&self.given)
        )
    }
}

impl std::error::Error for InvalidSlug {}

fn suggest(given: &str) -> String {
    Slug::from_words(given, "session-1").0
}

impl Slug {
    /// The most characters an identifier has.
    pub const MAX_LEN: usize = 64;

    /// An identifier made of `words`: lower-case, accents taken off ("Tunç Soyer" → "tunc-soyer"),
    /// anything else a hyphen; `fallback` when nothing is left. `fallback` must be an identifier.
    pub fn from_words(words: &str, fallback: &str) -> Self {
        let mut out = String::new();
        for c in words.nfkd().flat_map(char::to_lowercase) {
            let c = match c {
                'a'..='z' | '0'..='9' => c,
                'ı' => 'i',
                'ø' => 'o',
                'ß' => 's',
                'æ' => 'a',
                'œ' => 'o',
                'ł' => 'l',
                'đ' => 'd',
                c if is_combining_mark(c) => continue,
                _ => '-',
            };
            if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
                out.push(c);
            }
        }
        let out: String = out.chars().take(Self::MAX_LEN).collect();
        let out = out.trim_end_matches('-');
        Slug::parse(out).unwrap_or_else(|_| Slug(fallback.to_owned()))
    }

    pub fn parse(given: &str) -> Result<Self, InvalidSlug> {
        let valid = !given.is_empty()
            && given.len() <= Self::MAX_LEN
            && given
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !given.starts_with('-')
            && !given.ends_with('-')
            && !given.contains("--");
        if valid {
            Ok(Self(given.to_owned()))
        } else {
            Err(InvalidSlug {
                given: given.to_owned(),
            })
        }
    }

    /// This identifier followed by `-n` ("anne-hidalgo-2"), cut short first so that the number fits.
    pub fn numbered(&self, n: u64) -> Self {
        let number = n.to_string();
        let room = Self::MAX_LEN - 1 - number.len();
        // ASCII: bytes are characters. Cut before a hyphen, the stem still ends with one.
        let stem = self.0[..self.0.len().min(room)].trim_end_matches('-');
        Self(format!("{stem}-{number}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_identifier_is_cut_to_fit() {
        let long = Slug::parse(&format!("{}-b", "a".repeat(61))).unwrap();
        let cases = [
            ("anne-hidalgo", 2, "anne-hidalgo-2".to_owned()),
            ("anne-hidalgo", 10_000, "anne-hidalgo-10000".to_owned()),
            (long.as_str(), 7, format!("{}-7", "a".repeat(61))),
            (long.as_str(), 1_000, format!("{}-1000", "a".repeat(59))),
        ];
        for (id, n, expected) in cases {
            let numbered = Slug::parse(id).unwrap().numbered(n);
            assert_eq!(numbered.as_str(), expected, "{id} {n}");
            assert_eq!(Slug::parse(numbered.as_str()), Ok(numbered.clone()));
        }
    }

    #[test]
    fn kebab_case_words_are_identifiers() {
        for ok in ["izmir-2021", "a", "workshop-1"] {
            assert_eq!(Slug::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn other_texts_are_refused_with_a_suggestion() {
        let err = Slug::parse("Atelier thématique 1").unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"Atelier thématique 1\" is not an identifier: use 1 to 64 lower-case letters a-z, digits and single hyphens, like \"atelier-thematique-1\""
        );
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", &"x".repeat(65)] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
