//! What every page needs from a request: the reader's language and zone, notices about what could not
//! be honoured, and the frame around the content (title, language switch, navigation).

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use convene_core::Zone;
use convene_core::locale::{INTERFACE_LANGUAGES, Localizer};

use crate::Site;
use crate::i18n::{Negotiated, negotiate};

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

    /// The reader's zone from `?tz=`: `Ok(None)` when not given, `Err(name)` when unknown.
    pub fn zone(&self) -> Result<Option<Zone>, String> {
        match self.param("tz") {
            None => Ok(None),
            Some(name) => Zone::parse(name.trim())
                .map(Some)
                .map_err(|_| name.chars().take(60).collect()),
        }
    }

    /// The cache key of the page this request asks for, in the negotiated language.
    pub fn cache_key(&self, lang: &str) -> String {
        let query: Vec<String> = self
            .query
            .iter()
            .filter(|(k, _)| k.as_str() != "lang")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        format!("{lang}|{}?{}", self.path, query.join("&"))
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
            let shown = t.language_name(t.lang());
            notices.push(t.message_with(
                "notice-unknown-language",
                &[("lang", asked.clone().into()), ("shown", shown.into())],
            ));
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
        let shift = |days: i32| {
            t.message_with(
                "day-shift",
                &[("days", days.into()), ("shift", format!("{days:+}").into())],
            )
        };
        Self {
            plus_one: shift(1),
            minus_one: shift(-1),
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
