//! Reading stored columns back into domain values: instants from unix seconds, identifiers and
//! language tags from text. A value that does not read back is reported as corrupt, naming it.

use convene_core::{Language, Slug};
use jiff::Timestamp;

use crate::StoreError;

/// An instant stored as unix seconds.
pub(crate) fn instant(
    seconds: i64,
    what: impl FnOnce() -> String,
) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(seconds).map_err(|_| StoreError::Corrupt {
        what: format!("the instant {seconds} (unix seconds) as {}", what()),
    })
}

/// An instant stored as unix milliseconds.
pub(crate) fn millis(ms: i64, what: impl FnOnce() -> String) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms).map_err(|_| StoreError::Corrupt {
        what: format!("the instant {ms} (unix milliseconds) as {}", what()),
    })
}

/// A stored count, never negative by the tables' checks.
pub(crate) fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// An event's identifier.
pub(crate) fn event_id(text: &str) -> Result<Slug, StoreError> {
    Slug::parse(text).map_err(|_| StoreError::Corrupt {
        what: format!("\"{text}\" as an event identifier"),
    })
}

/// An event's source language.
pub(crate) fn language(text: &str, event_id: &Slug) -> Result<Language, StoreError> {
    Language::parse(text).map_err(|_| StoreError::Corrupt {
        what: format!("\"{text}\" as the source language of event \"{event_id}\""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_beyond_what_jiff_holds_is_reported_as_corrupt() {
        let error =
            instant(i64::MAX, || "the time version 2 was stored".into()).expect_err("out of range");
        assert_eq!(
            error.to_string(),
            "the database holds the instant 9223372036854775807 (unix seconds) as the time version \
             2 was stored, which this program cannot read; was it changed by hand?"
        );
    }

    #[test]
    fn an_instant_round_trips_through_unix_seconds() {
        let at: Timestamp = "2021-12-07T13:00:00Z".parse().expect("valid instant");
        assert_eq!(instant(at.as_second(), String::new).ok(), Some(at));
    }
}
