//! Files compiled into the binary: the stylesheet and the small script that shows "your time", and
//! the organiser area's own (the session form's suggestions, the timetable's moves).

use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::error::AppError;
use crate::http::{Document, Freshness};

/// `GET /static/{file}`.
pub async fn asset(Path(file): Path<String>, headers: HeaderMap) -> Result<Response, AppError> {
    let (body, content_type): (&'static str, &'static str) = match file.as_str() {
        "site.css" => (
            include_str!("../static/site.css"),
            "text/css; charset=utf-8",
        ),
        "app.js" => (
            include_str!("../static/app.js"),
            "text/javascript; charset=utf-8",
        ),
        "organiser.css" => (
            include_str!("../static/organiser.css"),
            "text/css; charset=utf-8",
        ),
        "organiser.js" => (
            include_str!("../static/organiser.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return Err(AppError::NotFound),
    };
    Ok(Document::new(body, content_type).respond(&headers, Freshness::Asset))
}
