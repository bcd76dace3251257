//! What handlers read from a request besides its form: who reads it (their language and the zone
//! they asked for) and which published event its address names.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use convene_core::locale::Localizer;
use convene_core::{ProgrammeView, ViewOptions, Zone};

use crate::error::{AppError, is_api};
use crate::i18n::Negotiated;
use crate::page::{Chrome, NotAZone, Visit, unknown_zone_notice};
use crate::{AppState, Published, Site};

/// The reader of a page: what they asked for, the interface language chosen for them (`?lang=`,
/// then the `lang` cookie, then Accept-Language) and the zone they asked to see times in (`?tz=`).
pub struct Reader {
    pub visit: Visit,
    pub negotiated: Negotiated,
    /// `Ok(None)` when no zone was asked for, `Err` for a name that is not a zone.
    pub zone: Result<Option<Zone>, NotAZone>,
    site: Arc<Site>,
}

impl Reader {
    /// The reader of this visit; `default` is the language when nothing in the request chooses one.
    pub fn new(site: Arc<Site>, visit: Visit, default: &str) -> Self {
        Self {
            negotiated: visit.language(&site, default),
            zone: visit.zone(),
            visit,
            site,
        }
    }

    /// The site's words in the reader's language.
    pub fn words(&self) -> &Localizer {
        self.site.locales.get(&self.negotiated.lang)
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The frame of a page for this reader.
    pub fn chrome(&self, title: String) -> Chrome<'_> {
        Chrome::new(&self.site, &self.visit, &self.negotiated, title)
    }

    /// Whether pages for this request carry a notice about what it asked for (a language or a
    /// zone that could not be honoured): such pages are made for this request alone.
    pub fn has_notices(&self) -> bool {
        self.negotiated.unknown.is_some() || self.zone.is_err()
    }

    /// The key a page for this request is kept under in the response cache: the page, its query
    /// and the reader's language; `None` when the page carries a notice about this request and so
    /// must never be shown to anyone else.
    pub fn cache_key(&self) -> Option<String> {
        (!self.has_notices()).then(|| self.visit.cache_key(&self.negotiated.lang))
    }
}

/// The language a request falls back to: French on the website, English in the JSON API.
fn site_language(path: &str) -> &'static str {
    if is_api(path) { "en" } else { "fr" }
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let visit = Visit::new(&parts.uri, parts.headers.clone());
        let default = site_language(&visit.path);
        Ok(Self::new(Arc::clone(&state.site), visit, default))
    }
}

/// The published event an address names (`{event}`, or `{id}` in the API), with its reader, whose
/// language falls back to the event's source language. An address naming no published event is
/// answered 404.
pub struct PublishedEvent {
    /// The catalog's generation, read before the programme: pages are kept under it.
    pub generation: u64,
    pub published: Arc<Published>,
    pub reader: Reader,
}

impl FromRequestParts<AppState> for PublishedEvent {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let id = params
            .get("event")
            .or_else(|| params.get("id"))
            .ok_or(AppError::NotFound)?;
        let generation = state.catalog.generation();
        let published = state.catalog.get(id).ok_or(AppError::NotFound)?;
        let visit = Visit::new(&parts.uri, parts.headers.clone());
        let source = published.programme.event.source_language.to_string();
        let default = if is_api(&visit.path) {
            site_language(&visit.path)
        } else {
            &source
        };
        let reader = Reader::new(Arc::clone(&state.site), visit, default);
        Ok(Self {
            generation,
            published,
            reader,
        })
    }
}

impl PublishedEvent {
    pub fn id(&self) -> &str {
        self.published.event_id()
    }

    /// The frame of one of this event's pages, telling the reader about a zone that is not one.
    pub fn chrome(&self, title: String) -> Chrome<'_> {
        let mut chrome = self.reader.chrome(title);
        if let Err(zone) = &self.reader.zone {
            chrome.notices.push(unknown_zone_notice(chrome.t, zone));
        }
        chrome.event = Some((
            self.id().to_owned(),
            self.published
                .programme
                .event
                .name
                .get(
                    chrome.t.lang(),
                    &self.published.programme.event.source_language,
                )
                .map(|t| t.text)
                .unwrap_or_else(|| self.id().to_owned()),
        ));
        chrome
    }

    /// The programme as this reader sees it: in their language, with their zone when they gave one.
    pub fn view(&self, words: &Localizer) -> ProgrammeView {
        let options = ViewOptions {
            reader_zone: self.reader_zone(),
        };
        ProgrammeView::build(&self.published.programme, words, &options)
    }

    pub fn reader_zone(&self) -> Option<Zone> {
        self.reader.zone.clone().ok().flatten()
    }

    /// "Version 3", in the reader's language.
    pub fn version_label(&self, words: &Localizer) -> String {
        words.message_with(
            "event-version",
            &[("version", self.published.version.into())],
        )
    }

    /// The key of a rendered page in the response cache, or `None` for a page made for this
    /// request alone (see [`Reader::cache_key`]).
    pub fn cache_key(&self) -> Option<String> {
        self.reader.cache_key()
    }
}

/// The address a request comes from: the connection's peer, or, behind a reverse proxy that the
/// site is told to trust ([`Site::trusted_proxy_header`]), the last address that proxy put in its
/// header. A header is never believed otherwise: anyone can send one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(header) = &state.site.trusted_proxy_header {
            let values: Vec<&str> = parts
                .headers
                .get_all(header)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            let forwarded = values
                .iter()
                .rev()
                .flat_map(|v| v.rsplit(','))
                .find_map(|a| a.trim().parse::<std::net::IpAddr>().ok());
            if let Some(address) = forwarded {
                return Ok(Self(address.to_string()));
            }
        }
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string());
        Ok(Self(peer.unwrap_or_else(|| "unknown".to_owned())))
    }
}
