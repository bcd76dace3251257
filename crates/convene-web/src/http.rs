//! HTTP done once for every route: validators and 304s, cache headers, compression, security
//! headers, request ids and logs, a body limit, and a cache of rendered responses.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::RwLock;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// The largest request body accepted: the public site takes no uploads.
pub const BODY_LIMIT: usize = 64 * 1024;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How long browsers keep to HTTPS for the site once told: a year.
const HSTS: &str = "max-age=31536000";

/// The middleware every response goes through; `https` when readers reach the site over HTTPS.
pub fn with_layers(router: Router, https: bool) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let security = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    let mut router = router
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT));
    for (name, value) in security {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if https {
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        ));
    }
    router
        .layer(axum::middleware::from_fn(never_stored_when_private))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Whether an address belongs to the organiser area, none of whose answers may be kept by a
/// browser or a proxy.
pub fn is_private(path: &str) -> bool {
    path == "/organiser" || path.starts_with("/organiser/")
}

/// Marks every answer under the organiser area `Cache-Control: no-store`: pages, redirects,
/// downloads and errors alike.
async fn never_stored_when_private(
    request: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let private = is_private(request.uri().path());
    let mut response = next.run(request).await;
    if private {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(Freshness::NoStore.header()),
        );
    }
    response
}

/// `GET /healthz`.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /bench/programme-bytes`: a page's bytes from memory, when a load test asked for them.
pub async fn bench_page(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
) -> Result<Response, crate::error::AppError> {
    let bytes = state
        .site
        .bench_page
        .get()
        .ok_or(crate::error::AppError::NotFound)?;
    Ok((
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        bytes.clone(),
    )
        .into_response())
}

/// How long clients and proxies may keep a response.
#[derive(Clone, Copy, Debug)]
pub enum Freshness {
    /// Pages and exports: short, since a new version may be published at any time.
    Programme,
    /// Files compiled into the binary.
    Asset,
    /// Never stored (notices about bad input, errors).
    NoStore,
}

impl Freshness {
    fn header(self) -> &'static str {
        match self {
            Freshness::Programme => "public, max-age=60",
            Freshness::Asset => "public, max-age=86400",
            Freshness::NoStore => "no-store",
        }
    }
}

/// A response body with its type, ready to be validated and sent.
#[derive(Clone, Debug)]
pub struct Document {
    pub status: StatusCode,
    pub body: Bytes,
    pub content_type: &'static str,
    pub etag: String,
    /// `attachment; filename=…` for downloads.
    pub disposition: Option<String>,
    /// Request headers the body depends on (`Accept-Language, Cookie` for pages).
    pub vary: Option<&'static str>,
}

impl Document {
    pub fn new(body: impl Into<Bytes>, content_type: &'static str) -> Self {
        let body = body.into();
        let mut hasher = DefaultHasher::new();
        body.hash(&mut hasher);
        let etag = format!("\"{:016x}\"", hasher.finish());
        Self {
            status: StatusCode::OK,
            body,
            content_type,
            etag,
            disposition: None,
            vary: None,
        }
    }

    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub fn download(mut self, filename: &str) -> Self {
        self.disposition = Some(format!("attachment; filename=\"{filename}\""));
        self
    }

    pub fn vary(mut self, vary: &'static str) -> Self {
        self.vary = Some(vary);
        self
    }

    /// The response to a request with these headers: 304 when the client's copy is current.
    pub fn respond(&self, request: &HeaderMap, freshness: Freshness) -> Response {
        let status = self.status;
        let not_modified = status == StatusCode::OK
            && request
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|tags| {
                    tags.split(',')
                        .map(|t| t.trim().trim_start_matches("W/"))
                        .any(|t| t == self.etag || t == "*")
                });
        let mut headers = HeaderMap::new();
        let mut set = |name: HeaderName, value: &str| {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.insert(name, value);
            }
        };
        set(header::CACHE_CONTROL, freshness.header());
        if status == StatusCode::OK {
            set(header::ETAG, &self.etag);
        }
        if let Some(vary) = self.vary {
            set(header::VARY, vary);
        }
        if not_modified {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        set(header::CONTENT_TYPE, self.content_type);
        if let Some(disposition) = &self.disposition {
            set(header::CONTENT_DISPOSITION, disposition);
        }
        (status, headers, self.body.clone()).into_response()
    }
}

/// Rendered documents by request, kept until the published programmes change.
///
/// Its memory is bounded: past `capacity` documents or `budget` bytes of documents and keys, it
/// starts again empty, so a reader asking for many different pages costs renders, never memory.
pub struct ResponseCache {
    entries: RwLock<Entries>,
    capacity: usize,
    budget: usize,
}

#[derive(Default)]
struct Entries {
    generation: u64,
    documents: HashMap<String, Document>,
    bytes: usize,
}

impl Entries {
    fn keep(
        &mut self,
        generation: u64,
        key: &str,
        document: Document,
        capacity: usize,
        budget: usize,
    ) {
        let size = key.len() + document.body.len() + document.etag.len();
        if self.generation != generation
            || self.documents.len() >= capacity
            || self.bytes + size > budget
        {
            *self = Entries {
                generation,
                ..Entries::default()
            };
        }
        if size <= budget {
            self.bytes += size;
            if let Some(old) = self.documents.insert(key.to_owned(), document) {
                self.bytes -= key.len() + old.body.len() + old.etag.len();
            }
        }
    }
}

impl ResponseCache {
    /// A cache of at most `capacity` documents and 64 MiB.
    pub fn new(capacity: usize) -> Self {
        Self::with_budget(capacity, 64 << 20)
    }

    /// A cache of at most `capacity` documents and `budget` bytes.
    pub fn with_budget(capacity: usize, budget: usize) -> Self {
        Self {
            entries: RwLock::new(Entries::default()),
            capacity,
            budget,
        }
    }

    /// The document kept for `key` under `generation`, if any.
    pub fn peek(&self, generation: u64, key: &str) -> Option<Document> {
        let entries = self.entries.read().ok()?;
        (entries.generation == generation)
            .then(|| entries.documents.get(key).cloned())
            .flatten()
    }

    /// Keeps a document rendered under `generation`.
    pub fn put(&self, generation: u64, key: &str, document: Document) {
        if let Ok(mut entries) = self.entries.write() {
            entries.keep(generation, key, document, self.capacity, self.budget);
        }
    }

    /// The bytes of documents and keys it holds.
    pub fn bytes(&self) -> usize {
        self.entries.read().map_or(0, |e| e.bytes)
    }

    /// The document for `key` rendered under `generation`, rendering it with `make` if needed.
    /// With no key (a document made for one request alone) it is rendered and never kept.
    pub fn get_or_render(
        &self,
        generation: u64,
        key: Option<&str>,
        make: impl FnOnce() -> Document,
    ) -> Document {
        match self.get_or_try_render(
            generation,
            key,
            || Ok::<_, std::convert::Infallible>(make()),
        ) {
            Ok(document) => document,
            Err(never) => match never {},
        }
    }

    /// Like [`ResponseCache::get_or_render`] for a rendering that can fail; a failure is not kept.
    pub fn get_or_try_render<E>(
        &self,
        generation: u64,
        key: Option<&str>,
        make: impl FnOnce() -> Result<Document, E>,
    ) -> Result<Document, E> {
        let Some(key) = key else {
            return make();
        };
        if let Some(document) = self.peek(generation, key) {
            return Ok(document);
        }
        let document = make()?;
        self.put(generation, key, document.clone());
        Ok(document)
    }
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    fn page(bytes: usize) -> Document {
        Document::new(vec![b'x'; bytes], "text/html; charset=utf-8")
    }

    #[test]
    fn the_cache_never_holds_more_bytes_than_its_budget() {
        let cache = ResponseCache::with_budget(1000, 10_000);
        for n in 0..100 {
            cache.put(1, &format!("page-{n}"), page(1_000));
            assert!(cache.bytes() <= 10_000, "{} bytes", cache.bytes());
        }
        assert!(
            cache.peek(1, "page-99").is_some(),
            "the newest page is kept"
        );
    }

    #[test]
    fn a_new_generation_empties_the_cache() {
        let cache = ResponseCache::with_budget(1000, 10_000);
        cache.put(1, "programme", page(100));
        assert!(cache.peek(1, "programme").is_some());
        cache.put(2, "session", page(100));
        assert!(cache.peek(1, "programme").is_none());
        assert!(cache.peek(2, "programme").is_none());
    }
}
