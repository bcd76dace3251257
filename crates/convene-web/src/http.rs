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

/// The middleware every response goes through.
pub fn with_layers(router: Router) -> Router {
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
    router
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
pub struct ResponseCache {
    entries: RwLock<(u64, HashMap<String, Document>)>,
    capacity: usize,
}

impl ResponseCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: RwLock::new((0, HashMap::new())),
            capacity,
        }
    }

    /// The document kept for `key` under `generation`, if any.
    pub fn peek(&self, generation: u64, key: &str) -> Option<Document> {
        let entries = self.entries.read().ok()?;
        (entries.0 == generation)
            .then(|| entries.1.get(key).cloned())
            .flatten()
    }

    /// Keeps a document rendered under `generation`.
    pub fn put(&self, generation: u64, key: &str, document: Document) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.0 != generation || entries.1.len() >= self.capacity {
                *entries = (generation, HashMap::new());
            }
            entries.1.insert(key.to_owned(), document);
        }
    }

    /// The document for `key` rendered under `generation`, rendering it with `make` if needed.
    pub fn get_or_render(
        &self,
        generation: u64,
        key: &str,
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
        key: &str,
        make: impl FnOnce() -> Result<Document, E>,
    ) -> Result<Document, E> {
        if let Some(document) = self.peek(generation, key) {
            return Ok(document);
        }
        let document = make()?;
        self.put(generation, key, document.clone());
        Ok(document)
    }
}
