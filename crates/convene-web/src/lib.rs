//! convene on the web: public pages, exports and the JSON API, as one axum router over the
//! published programmes held in memory.

mod api;
mod assets;
pub mod attendance;
pub mod catalog;
mod changes;
pub mod error;
mod exports;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod organiser;
mod page;
pub mod participate;
mod people;
mod picture;
mod public;
mod relay;
pub mod request;
pub mod rooms;
pub mod server;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;

pub use api::openapi_json;
pub use catalog::{Catalog, Published};

/// Everything the handlers share: the published programmes and the site's settings.
#[derive(Clone)]
pub struct AppState {
    pub catalog: Arc<Catalog>,
    pub site: Arc<Site>,
    /// Where drafts, versions, accounts and sessions live; public reads never wait for it.
    pub store: convene_store::Store,
    /// Clicks into online sessions' rooms, written a moment later.
    pub attendance: Arc<attendance::AttendanceLog>,
    /// Online sessions' rooms, read a moment ago.
    pub rooms: Arc<rooms::Rooms>,
}

/// Settings of the public site.
pub struct Site {
    /// Where the site is reached from outside, without a trailing slash; links in exports use it.
    pub base_url: String,
    pub locales: i18n::Locales,
    cache: http::ResponseCache,
    /// For load tests: a page's bytes, served from memory at `/bench/programme-bytes`.
    bench_page: std::sync::OnceLock<axum::body::Bytes>,
    /// Password hashing, bounded and off the serving threads.
    pub hashing: organiser::credentials::Hashing,
    /// The header a trusted reverse proxy puts the client's address in (`X-Forwarded-For`);
    /// `None` when the site is reached directly, and the connection's address is the client's.
    pub trusted_proxy_header: Option<axum::http::HeaderName>,
    /// What delivers email, for pages to say where it goes; `None` when this server delivers
    /// none (messages then wait in the outbox).
    pub mailer: Option<Arc<mail::Mailer>>,
}

impl Site {
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            locales: i18n::Locales::new(),
            cache: http::ResponseCache::new(4096),
            bench_page: std::sync::OnceLock::new(),
            hashing: organiser::credentials::Hashing::default(),
            trusted_proxy_header: None,
            mailer: None,
        }
    }
}

impl Site {
    /// Whether readers reach the site over HTTPS: then browsers are told to keep to it
    /// (`Strict-Transport-Security`) and every cookie is `Secure`.
    pub fn is_https(&self) -> bool {
        self.base_url
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
    }

    /// A `Set-Cookie` value: `name=value` with `attributes` (`Path=/; Max-Age=60`…), and `Secure`
    /// when the site is reached over HTTPS.
    pub fn cookie(&self, name: &str, value: &str, attributes: &str) -> String {
        let secure = if self.is_https() { "; Secure" } else { "" };
        format!("{name}={value}; {attributes}{secure}")
    }
}

impl AppState {
    pub fn new(catalog: Arc<Catalog>, site: Site, store: convene_store::Store) -> Self {
        Self {
            catalog,
            site: Arc::new(site),
            attendance: Arc::new(attendance::AttendanceLog::new(store.clone())),
            rooms: Arc::new(rooms::Rooms::default()),
            store,
        }
    }
}

/// The whole application. `main` only wires settings, the store and the server around it; tests
/// drive it in-process.
pub fn app(state: AppState) -> Router {
    let https = state.site.is_https();
    let routes = Router::new()
        .merge(organiser::router())
        .merge(participate::router())
        .route("/", get(public::events))
        .route("/events/{event}", get(public::event_home))
        .route("/events/{event}/programme", get(public::programme))
        .route("/events/{event}/sessions/{session}", get(public::session))
        .route("/events/{event}/people", get(people::directory))
        .route("/events/{event}/people/{person}", get(people::person))
        .route("/events/{event}/changes", get(changes::page))
        .route("/events/{event}/changes.atom", get(changes::feed))
        .route("/events/{event}/programme.ics", get(exports::calendar))
        .route("/events/{event}/schedule.xml", get(exports::schedule_xml))
        .route("/events/{event}/schedule.json", get(exports::schedule_json))
        .route("/api/v1/events", get(api::events))
        .route("/api/v1/events/{id}", get(api::event))
        .route("/api/v1/events/{id}/sessions", get(api::sessions))
        .route("/api/openapi.json", get(api::openapi))
        .route("/healthz", get(http::healthz))
        .route("/bench/programme-bytes", get(http::bench_page))
        .route("/static/{file}", get(assets::asset))
        .fallback(public::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::show,
        ))
        .with_state(state);
    http::with_layers(routes, https)
}

/// Makes `/bench/programme-bytes` answer with the bytes of the page at `path`, rendered once now, so
/// load tests can compare a page with what the HTTP stack alone can do.
pub async fn enable_bench_route(
    state: &AppState,
    router: &Router,
    path: &str,
) -> Result<(), String> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = axum::http::Request::get(path)
        .body(axum::body::Body::empty())
        .map_err(|e| e.to_string())?;
    let response = router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("{path} answered {}", response.status()));
    }
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    let _ = state.site.bench_page.set(body);
    Ok(())
}
