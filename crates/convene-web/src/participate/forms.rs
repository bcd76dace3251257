//! What the participants' forms share: reading a posted form with repeated fields, and the token
//! that proves a form without a session came from this site's page.

use axum::http::HeaderMap;

use crate::AppState;
use crate::error::AppError;
use crate::organiser::{check_form, cookie};

/// The cookie holding the token of forms posted before anyone signs in.
const FORM_COOKIE: &str = "convene_form";

/// Fields posted more often than this are not read: no form of ours has so many.
const MAX_FIELDS: usize = 400;

/// A posted form, field by field, in order (a field may come several times).
pub struct Posted(Vec<(String, String)>);

impl Posted {
    pub fn parse(body: &[u8]) -> Self {
        Self(
            form_urlencoded::parse(body)
                .take(MAX_FIELDS)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`, or empty.
    pub fn one(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// The token of an anonymous form on `event`'s pages: the one this browser holds, or a new one
/// with the cookie that gives it to the browser.
pub fn form_token(state: &AppState, headers: &HeaderMap, event: &str) -> (String, Option<String>) {
    if let Some(token) = cookie(headers, FORM_COOKIE).filter(|t| t.len() == 64) {
        return (token.to_owned(), None);
    }
    let token = crate::organiser::credentials::new_token();
    let set = state.site.cookie(
        FORM_COOKIE,
        &token,
        &format!("Path=/events/{event}/; HttpOnly; SameSite=Strict; Max-Age=86400"),
    );
    (token, Some(set))
}

/// Refuses an anonymous form that does not carry this browser's token, or comes from another site.
pub fn check_anonymous(headers: &HeaderMap, sent: &str) -> Result<(), AppError> {
    let expected = cookie(headers, FORM_COOKIE).unwrap_or("");
    check_form(headers, expected, sent).map_err(AppError::from)
}
