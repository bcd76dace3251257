//! What every page needs from a request: the reader's language and zone, notices about what could not
//! be honoured, and the frame around the content (title, language switch, navigation).

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use convene_core::locale::{INTERFACE_LANGUAGES, Localizer};
use convene_core::{Language, Zone};

use crate::Site;
use crate::i18n::{Negotiated, UnknownLanguage, negotiate};

/// The parts of a request that pages read.
pub struct Visit {
    pub query: BTreeMap<String, String>,
    pub headers: HeaderMap,
    pub path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::new(&parts.uri, parts.headers.clone()))
    }
}

impl Visit {
    /// The visit of a request to `uri` with these headers.
    pub fn new(uri: &Uri, headers: HeaderMap) -> Self {
        // A query that does not parse is read as no query at all: pages still render.
        let query = uri
            .query()
            .and_then(|q| serde_urlencoded::from_str::<BTreeMap<String, String>>(q).ok())
            .unwrap_or_default();
        Self {
            query,
            headers,
            path: uri.path().to_owned(),
        }
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// The interface language for this request; `default` is the event's source language.
    pub fn language(&self, site: &Site, default: &str) -> Negotiated {
        negotiate(
            self.param("lang"),
            self.cookie("lang"),
            self.headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
            default,
            |l| site.locales.supports(l),
        )
    }

    /// The reader's zone from `?tz=`: `Ok(None)` when not given, `Err` when it names no zone.
    pub fn zone(&self) -> Result<Option<Zone>, NotAZone> {
        let Some(name) = self.param("tz").map(str::trim) else {
            return Ok(None);
        };
        if !NotAZone::reads_like_a_zone(name) {
            return Err(NotAZone::Unreadable);
        }
        Zone::parse(name)
            .map(Some)
            .map_err(|_| NotAZone::Name(name.to_owned()))
    }

    /// The cache key of the page this request asks for, in the negotiated language: its path and
    /// every query parameter but `lang`, each percent-encoded so that no two requests share a key.
    ///
    /// `lang` is left out because a page is kept only when nothing in it depends on the request
    /// beyond the negotiated language (see [`crate::request::Reader::cache_key`]).
    pub fn cache_key(&self, lang: &str) -> String {
        let query: Vec<String> = self
            .query
            .iter()
            .filter(|(k, _)| k.as_str() != "lang")
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("{lang}|{}?{}", encode(&self.path), query.join("&"))
    }

    /// This page's address in another language.
    pub fn in_language(&self, lang: &str) -> String {
        let mut query = self.query.clone();
        query.insert("lang".to_owned(), lang.to_owned());
        let encoded: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("{}?{}", self.path, encoded.join("&"))
    }
}

/// A `?tz=` that names no zone the reader can be shown times in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotAZone {
    /// Written like a zone name (ASCII letters, digits, `/`, `_`, `-`, `+`, at most
    /// [`NotAZone::MAX_NAME`] characters), so it may be quoted back to the reader.
    Name(String),
    /// Anything else, which is never repeated to the reader.
    Unreadable,
}

impl NotAZone {
    /// The longest name looked up or quoted back; the longest IANA name has 32 characters.
    pub const MAX_NAME: usize = 40;

    fn reads_like_a_zone(name: &str) -> bool {
        name.len() <= Self::MAX_NAME
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'+'))
    }
}

/// Percent-encodes a query component.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A link to this page in one interface language.
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    pub href: String,
    pub current: bool,
}

/// The frame around every page.
pub struct Chrome<'a> {
    pub lang: String,
    pub t: &'a Localizer,
    pub title: String,
    pub notices: Vec<String>,
    pub languages: Vec<LanguageLink>,
    /// The event this page belongs to: (id, name), for the navigation.
    pub event: Option<(String, String)>,
    /// "+1 jour" and "−1 jour", for the script that shows the reader's own time.
    pub plus_one: String,
    pub minus_one: String,
}

impl<'a> Chrome<'a> {
    pub fn new(site: &'a Site, visit: &Visit, negotiated: &Negotiated, title: String) -> Self {
        let t = site.locales.get(&negotiated.lang);
        let mut notices = Vec::new();
        if let Some(asked) = &negotiated.unknown {
            notices.push(unknown_language_notice(t, asked));
        }
        let languages = INTERFACE_LANGUAGES
            .iter()
            .map(|code| LanguageLink {
                code: (*code).to_owned(),
                name: site
                    .locales
                    .get(code)
                    .language_name(site.locales.get(code).lang()),
                href: visit.in_language(code),
                current: *code == negotiated.lang,
            })
            .collect();
        Self {
            plus_one: t.day_shift(1),
            minus_one: t.day_shift(-1),
            lang: negotiated.lang.clone(),
            t,
            title,
            notices,
            languages,
            event: None,
        }
    }

    pub fn text(&self, id: &str) -> String {
        self.t.message(id)
    }
}

/// "Unknown language “xx”; the page is shown in English. Languages offered: …", quoting what was
/// asked only when it is a language tag.
fn unknown_language_notice(t: &Localizer, asked: &UnknownLanguage) -> String {
    let offered: Vec<String> = INTERFACE_LANGUAGES
        .iter()
        .filter_map(|code| Language::parse(code).ok())
        .map(|lang| t.language_name(&lang))
        .collect();
    let mut args = vec![
        ("shown", t.language_name(t.lang()).into()),
        ("offered", offered.join(", ").into()),
    ];
    let id = match asked {
        UnknownLanguage::Tag(tag) => {
            args.push(("lang", tag.clone().into()));
            "notice-unknown-language"
        }
        UnknownLanguage::Unreadable => "notice-unreadable-language",
    };
    t.message_with(id, &args)
}

/// "Unknown time zone “Mars/Olympus”; …", quoting the name only when it is written like one.
pub fn unknown_zone_notice(t: &Localizer, zone: &NotAZone) -> String {
    match zone {
        NotAZone::Name(name) => {
            t.message_with("notice-unknown-zone", &[("zone", name.clone().into())])
        }
        NotAZone::Unreadable => t.message("notice-unreadable-zone"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(query: &str) -> Visit {
        let uri: Uri = format!("/events/izmir-2021/programme?{query}")
            .parse()
            .unwrap();
        Visit::new(&uri, HeaderMap::new())
    }

    #[test]
    fn only_a_name_written_like_a_zone_is_kept_to_be_quoted_back() {
        let cases = [
            ("a zone", "tz=Asia/Tokyo", Ok(Some("Asia/Tokyo"))),
            ("no zone", "day=2021-12-07", Ok(None)),
            (
                "an unknown name",
                "tz=Mars/Olympus",
                Err(NotAZone::Name("Mars/Olympus".into())),
            ),
            (
                "a sentence",
                "tz=Summit%20CANCELLED%20-%20see%20evil.example",
                Err(NotAZone::Unreadable),
            ),
            ("markup", "tz=%3Cb%3EX%3C/b%3E", Err(NotAZone::Unreadable)),
            (
                "a name too long to be one",
                "tz=America/Argentina/ComodRivadaviaComodRivadavia",
                Err(NotAZone::Unreadable),
            ),
        ];
        for (case, query, expected) in cases {
            let zone = visit(query).zone();
            let zone = zone.as_ref().map(|z| z.as_ref().map(Zone::name));
            assert_eq!(zone, expected.as_ref().map(|z| z.as_deref()), "{case}");
        }
    }

    #[test]
    fn no_two_queries_share_a_cache_key() {
        let pairs = [
            (
                "day=2021-12-07%26tz%3DMars/Olympus",
                "day=2021-12-07&tz=Mars/Olympus",
            ),
            ("kind=a%3Db", "kind=a&b="),
        ];
        for (one, other) in pairs {
            assert_ne!(
                visit(one).cache_key("fr"),
                visit(other).cache_key("fr"),
                "{one} and {other}"
            );
        }
        assert_eq!(
            visit("lang=en&day=2021-12-07").cache_key("en"),
            visit("day=2021-12-07").cache_key("en"),
            "lang is said by the negotiated language"
        );
    }
}
