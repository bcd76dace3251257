//! The reader's language: chosen by `?lang=`, then the `lang` cookie, then Accept-Language; and the
//! interface words of each language, loaded once.

use std::collections::HashMap;

use convene_core::Language;
use convene_core::locale::{INTERFACE_LANGUAGES, Localizer};
use convene_core::zone::UnknownZone;

/// The website's own words, per interface language.
fn web_messages(lang: &str) -> Option<&'static str> {
    match lang {
        "fr" => Some(include_str!("../locales/fr.ftl")),
        "en" => Some(include_str!("../locales/en.ftl")),
        "tr" => Some(include_str!("../locales/tr.ftl")),
        _ => None,
    }
}

/// One localizer per interface language, with the core's words and the website's.
pub struct Locales {
    by_lang: HashMap<String, Localizer>,
    default: String,
}

impl Locales {
    pub fn new() -> Self {
        let by_lang = INTERFACE_LANGUAGES
            .iter()
            .filter_map(|tag| Language::parse(tag).ok())
            .map(|lang| {
                let words = Localizer::with_messages(&lang, web_messages);
                (lang.as_str().to_owned(), words)
            })
            .collect();
        Self {
            by_lang,
            default: "fr".to_owned(),
        }
    }

    /// The localizer of an interface language, or of the default one.
    pub fn get(&self, lang: &str) -> &Localizer {
        self.by_lang
            .get(lang)
            .or_else(|| self.by_lang.get(&self.default))
            .or_else(|| self.by_lang.values().next())
            .expect("the interface languages are compiled in")
    }

    /// A localizer for a content language: the interface one when it is an interface language,
    /// else one made for it (dates in that language, convene's words in English).
    pub fn localizer_for(&self, lang: &Language) -> Words<'_> {
        match self.by_lang.get(lang.as_str()) {
            Some(words) => Words::Shared(words),
            None => Words::Own(Box::new(Localizer::with_messages(lang, web_messages))),
        }
    }

    pub fn supports(&self, lang: &str) -> bool {
        self.by_lang.contains_key(lang)
    }
}

impl Default for Locales {
    fn default() -> Self {
        Self::new()
    }
}

/// The language chosen for a request, and what was asked for but not available.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negotiated {
    pub lang: String,
    /// A `?lang=` value that is not an interface language, to tell the reader about.
    pub unknown: Option<UnknownLanguage>,
}

/// A `?lang=` that is not an interface language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnknownLanguage {
    /// A well-formed language tag of at most [`UnknownLanguage::MAX_TAG`] characters, which may be
    /// quoted back to the reader (canonical case: `de-CH`).
    Tag(String),
    /// Anything else, which is never repeated to the reader.
    Unreadable,
}

impl UnknownLanguage {
    /// The longest tag quoted back (BCP 47 asks that 35 characters be supported).
    pub const MAX_TAG: usize = 35;

    /// What the reader asked for, kept only if it is a language tag.
    pub fn of(asked: &str) -> Self {
        let asked = asked.trim();
        if asked.len() > Self::MAX_TAG {
            return Self::Unreadable;
        }
        match Language::parse(asked) {
            Ok(tag) => Self::Tag(tag.as_str().to_owned()),
            Err(_) => Self::Unreadable,
        }
    }
}

/// Picks the interface language: `?lang=`, then the cookie, then Accept-Language, then `default`
/// (the event's source language when it is an interface language).
pub fn negotiate(
    query: Option<&str>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
    default: &str,
    supported: impl Fn(&str) -> bool,
) -> Negotiated {
    let primary = |tag: &str| {
        tag.trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let mut unknown = None;
    if let Some(asked) = query.filter(|q| !q.is_empty()) {
        let lang = primary(asked);
        if supported(&lang) {
            return Negotiated {
                lang,
                unknown: None,
            };
        }
        unknown = Some(UnknownLanguage::of(asked));
    }
    if let Some(lang) = cookie.map(primary).filter(|l| supported(l)) {
        return Negotiated { lang, unknown };
    }
    if let Some(header) = accept_language {
        let mut ranked: Vec<(f32, usize, String)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, item)| {
                let mut parts = item.split(';');
                let tag = primary(parts.next()?);
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (quality > 0.0 && supported(&tag)).then_some((quality, i, tag))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        if let Some((_, _, lang)) = ranked.into_iter().next() {
            return Negotiated { lang, unknown };
        }
    }
    Negotiated {
        lang: if supported(default) {
            default.to_owned()
        } else {
            "en".to_owned()
        },
        unknown,
    }
}

/// "unknown time zone "Europe/Izmir"; did you mean "Europe/Istanbul"?", in the reader's language.
pub fn unknown_zone(words: &Localizer, unknown: &UnknownZone) -> String {
    words.message_with(
        "unknown-zone",
        &[
            ("given", unknown.given.clone().into()),
            ("count", unknown.suggestions.len().into()),
            ("suggestions", unknown.suggestions.join(", ").into()),
        ],
    )
}

/// The words a field accepts, quoted, in the reader's language: `"admin", "editor" or "viewer"`.
pub fn one_of(words: &Localizer, choices: &[&str]) -> String {
    let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, first)) => words.message_with(
            "choice-or",
            &[
                ("first", first.join(", ").into()),
                ("last", last.clone().into()),
            ],
        ),
    }
}

/// A localizer kept by the site, or made for one request.
pub enum Words<'a> {
    Shared(&'a Localizer),
    Own(Box<Localizer>),
}

impl std::ops::Deref for Words<'_> {
    type Target = Localizer;

    fn deref(&self) -> &Localizer {
        match self {
            Words::Shared(words) => words,
            Words::Own(words) => words,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Negotiated {
        negotiate(query, cookie, accept, "fr", |l| {
            ["fr", "en", "tr"].contains(&l)
        })
    }

    #[test]
    fn the_query_wins_then_the_cookie_then_the_browser() {
        assert_eq!(pick(Some("en"), Some("tr"), Some("fr")).lang, "en");
        assert_eq!(pick(None, Some("tr"), Some("en")).lang, "tr");
        assert_eq!(pick(None, None, Some("de-DE,tr;q=0.8,en;q=0.9")).lang, "en");
        assert_eq!(pick(None, None, None).lang, "fr");
    }

    #[test]
    fn an_unknown_query_language_is_reported_and_the_rest_still_decides() {
        assert_eq!(
            pick(Some("xx"), None, Some("tr")),
            Negotiated {
                lang: "tr".into(),
                unknown: Some(UnknownLanguage::Tag("xx".into()))
            }
        );
    }

    #[test]
    fn only_a_language_tag_is_kept_to_be_quoted_back() {
        let cases = [
            ("a tag", "de-ch", UnknownLanguage::Tag("de-CH".into())),
            (
                "a tag among spaces",
                " xx ",
                UnknownLanguage::Tag("xx".into()),
            ),
            (
                "a sentence",
                "Summit CANCELLED - see evil.example",
                UnknownLanguage::Unreadable,
            ),
            ("markup", "<b>xx</b>", UnknownLanguage::Unreadable),
            ("a line break", "en\r\nX: y", UnknownLanguage::Unreadable),
            (
                "a well-formed tag that is too long",
                "xx-abcdefgh-abcdefgh-abcdefgh-abcdefgh",
                UnknownLanguage::Unreadable,
            ),
            ("an underscore", "de_CH", UnknownLanguage::Unreadable),
        ];
        for (case, asked, expected) in cases {
            assert_eq!(UnknownLanguage::of(asked), expected, "{case}");
            assert_eq!(
                pick(Some(asked), None, None).unknown,
                Some(expected),
                "{case}"
            );
        }
    }

    #[test]
    fn regional_tags_choose_their_language() {
        assert_eq!(pick(Some("en-GB"), None, None).lang, "en");
        assert_eq!(pick(None, None, Some("tr-TR")).lang, "tr");
    }

    /// The ids of the messages of a Fluent file (lines that start a message: `id = …`).
    fn message_ids(source: &str) -> std::collections::BTreeSet<&str> {
        source
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim()))
            .collect()
    }

    #[test]
    fn every_interface_language_has_every_website_message() {
        let english = message_ids(web_messages("en").unwrap());
        assert!(english.len() > 30);
        let locales = Locales::new();
        for lang in INTERFACE_LANGUAGES {
            let source = web_messages(lang).unwrap();
            if let Err((_, errors)) = fluent::FluentResource::try_new(source.to_owned()) {
                panic!("{lang}.ftl does not parse: {errors:?}");
            }
            let ids = message_ids(source);
            let missing: Vec<_> = english.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&english).collect();
            assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "en.ftl lacks {extra:?}, which {lang}.ftl has"
            );
            for id in &english {
                assert!(locales.get(lang).has_message(id), "{lang} lacks {id}");
            }
        }
    }

    #[test]
    fn an_unknown_zone_is_said_with_the_names_that_come_closest() {
        let locales = Locales::new();
        let unknown = |suggestions: &[&str]| UnknownZone {
            given: "Europe/Izmir".into(),
            suggestions: suggestions.iter().map(|s| (*s).to_owned()).collect(),
        };
        let cases = [
            (
                "en",
                unknown(&["Europe/Istanbul"]),
                "unknown time zone \"Europe/Izmir\"; did you mean \"Europe/Istanbul\"?",
            ),
            (
                "en",
                unknown(&[]),
                "unknown time zone \"Europe/Izmir\"; write an IANA name such as \"Europe/Istanbul\"",
            ),
            (
                "fr",
                unknown(&["Europe/Istanbul", "Europe/Vienna"]),
                "fuseau horaire inconnu « Europe/Izmir » ; vouliez-vous dire l’un de ceux-ci : Europe/Istanbul, Europe/Vienna ?",
            ),
            (
                "tr",
                unknown(&["Europe/Istanbul"]),
                "bilinmeyen saat dilimi \"Europe/Izmir\"; bunu mu demek istediniz: \"Europe/Istanbul\"?",
            ),
        ];
        for (lang, zone, expected) in cases {
            assert_eq!(unknown_zone(locales.get(lang), &zone), expected, "{lang}");
        }
    }

    #[test]
    fn choices_are_listed_with_the_languages_own_or() {
        let locales = Locales::new();
        let roles = ["admin", "editor", "viewer"];
        assert_eq!(
            one_of(locales.get("en"), &roles),
            "\"admin\", \"editor\" or \"viewer\""
        );
        assert_eq!(
            one_of(locales.get("fr"), &roles),
            "\"admin\", \"editor\" ou \"viewer\""
        );
        assert_eq!(
            one_of(locales.get("tr"), &roles),
            "\"admin\", \"editor\" ya da \"viewer\""
        );
        assert_eq!(one_of(locales.get("en"), &["only"]), "\"only\"");
    }
}
