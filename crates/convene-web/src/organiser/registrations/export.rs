//! The registration list as a CSV file (RFC 4180), for admins: UTF-8 with a byte-order mark so
//! that common spreadsheets read it right, one row per registration with the list's columns,
//! the list's filters applied. A field that a spreadsheet would take for a formula (`=`, `+`,
//! `-`, `@`, a tab or a carriage return first) is written after a `'`.

use convene_core::Keyword;
use convene_core::locale::Localizer;

use super::list::Line;

/// The byte-order mark that tells spreadsheets the file is UTF-8.
const BOM: &str = "\u{feff}";

/// The header row's message ids, in the order of [`row`].
const COLUMNS: [&str; 17] = [
    "org-reg-id",
    "org-reg-name",
    "org-reg-email",
    "org-reg-category",
    "org-reg-organisation",
    "org-reg-city",
    "org-reg-country",
    "org-reg-language",
    "org-reg-interpretation",
    "org-reg-zone",
    "org-reg-target",
    "org-reg-state-keyword",
    "org-reg-state",
    "org-reg-position",
    "org-reg-offer-until",
    "org-reg-registered-at",
    "org-reg-target-key",
];

fn row(line: &Line) -> [&str; 17] {
    [
        &line.id,
        &line.name,
        &line.email,
        &line.category,
        &line.organisation,
        &line.city,
        &line.country,
        &line.language,
        &line.interpretation,
        &line.zone,
        &line.target,
        line.state.keyword(),
        &line.state_name,
        &line.position,
        &line.offer_until,
        &line.registered_at,
        &line.target_key,
    ]
}

/// A field as a spreadsheet may read it without running it.
pub fn neutral(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// The file: the BOM, a header row in the organiser's language, then one row per line.
pub fn csv(lines: &[Line], words: &Localizer) -> Result<Vec<u8>, csv::Error> {
    let mut out = BOM.as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer.write_record(COLUMNS.iter().map(|id| neutral_owned(&words.message(id))))?;
        for line in lines {
            writer.write_record(row(line).iter().map(|f| neutral(f).into_owned()))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

fn neutral_owned(field: &str) -> String {
    neutral(field).into_owned()
}

/// A CSV file to download as `filename`, kept by no cache.
pub fn download(filename: &str, body: Vec<u8>) -> axum::response::Response {
    use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
    use axum::response::IntoResponse;
    (
        [
            (
                CONTENT_TYPE,
                "text/csv; charset=utf-8; header=present".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_a_spreadsheet_would_run_are_written_after_a_quote() {
        let cases = [
            ("a formula", "=cmd()", "'=cmd()"),
            ("a plus", "+33 1 23", "'+33 1 23"),
            ("a minus", "-1", "'-1"),
            ("an at sign", "@SUM(A1)", "'@SUM(A1)"),
            ("a name", "Anne Hidalgo", "Anne Hidalgo"),
            ("an equal sign inside", "a=b", "a=b"),
        ];
        for (case, field, written) in cases {
            assert_eq!(neutral(field), written, "{case}");
        }
    }
}
