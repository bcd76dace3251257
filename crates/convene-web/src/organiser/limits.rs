//! How much an organiser's form may ask for. Every route is open to the internet, and a signed-in
//! editor too must not be able to tie up the server: a list has at most [`MAX_ROWS`] rows, and a
//! field at most [`max_chars`] characters. Both are checked before anything else is done with
//! the form, and said at the list or the field.

use convene_core::locale::Localizer;

use super::field::FieldErrors;
use super::rows::Posted;

/// The most rows a list of a form may have (days, venues, zones, people, a session's people).
pub const MAX_ROWS: usize = 200;
/// The most characters of a line: a name, a label, a title, an office, a city, an id, an address.
pub const MAX_LINE: usize = 200;
/// The most characters of a link.
pub const MAX_LINK: usize = 2_000;
/// The most characters of a text of paragraphs in one language: an introduction, a description,
/// the guiding questions, a privacy notice, a message to participants.
pub const MAX_TEXT: usize = 10_000;

/// The texts of paragraphs, by the start of their fields' names (`introduction_fr`).
const TEXTS: [&str; 5] = [
    "introduction_",
    "description_",
    "questions_",
    "privacy_",
    "message_body_",
];
/// The notes of a room, by the start of their names within a row (`note_fr`).
const NOTES: &str = "note_";

/// The most characters field `field` takes (a row's field by its own name: `link`, `name`).
pub fn max_chars(field: &str) -> usize {
    // A row's field, by its own name: `rooms[2].url` is a `url`.
    let own = field.rsplit_once("].").map_or(field, |(_, own)| own);
    if TEXTS.iter().any(|t| field.starts_with(t)) || own.starts_with(NOTES) {
        MAX_TEXT
    } else if field == "link" || own == "url" || own.ends_with(".url") {
        MAX_LINK
    } else {
        MAX_LINE
    }
}

/// What to say at field `field` when `value` is longer than it takes.
pub fn too_long(field: &str, value: &str, words: &Localizer) -> Option<String> {
    let max = max_chars(field);
    // A value of no more bytes than that has no more characters: nothing to count.
    if value.len() <= max {
        return None;
    }
    let count = value.chars().count();
    (count > max).then(|| {
        words.message_with(
            "org-too-long",
            &[("max", max.into()), ("count", count.into())],
        )
    })
}

/// What to say of a list of `count` rows when it has more than it may.
pub fn too_many_rows(count: usize, words: &Localizer) -> Option<String> {
    (count > MAX_ROWS).then(|| {
        words.message_with(
            "org-too-many-rows",
            &[("max", MAX_ROWS.into()), ("count", count.into())],
        )
    })
}

/// A message at each field of `form` longer than it takes; the fields of rows of `list` by the
/// name they post under (`venues[2].city`).
pub fn long_fields(form: &Posted, list: &str, words: &Localizer) -> FieldErrors {
    let own = form
        .fields
        .iter()
        .filter_map(|(name, value)| Some((name.clone(), too_long(name, value, words)?)));
    let rows = form.rows.iter().enumerate().flat_map(|(i, row)| {
        row.fields().filter_map(move |(field, value)| {
            Some((
                super::rows::name(list, i, field),
                too_long(field, value, words)?,
            ))
        })
    });
    own.chain(rows).collect()
}

/// What a posted form asks for beyond its bounds: a message at each field too long, and one for a
/// list of too many rows; both empty for a form within them.
pub fn beyond(form: &Posted, list: &str, words: &Localizer) -> (FieldErrors, Vec<String>) {
    let general = form
        .too_many
        .and_then(|count| too_many_rows(count, words))
        .into_iter()
        .collect();
    (long_fields(form, list, words), general)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_takes_as_many_characters_as_its_kind_of_text() {
        let cases = [
            ("a name", "name", MAX_LINE),
            ("a label in Turkish", "label_tr", MAX_LINE),
            ("an office", "title_fr", MAX_LINE),
            ("a link", "link", MAX_LINK),
            ("an introduction", "introduction_fr", MAX_TEXT),
            ("a description", "description_en", MAX_TEXT),
            ("guiding questions", "questions_tr", MAX_TEXT),
            ("a privacy notice", "privacy_fr", MAX_TEXT),
        ];
        for (case, field, max) in cases {
            assert_eq!(max_chars(field), max, "{case}");
        }
    }

    #[test]
    fn characters_are_counted_not_bytes() {
        let locales = crate::i18n::Locales::new();
        let words = locales.get("en");
        let dotted = "İ".repeat(MAX_LINE);
        assert_eq!(too_long("name", &dotted, words), None);
        assert_eq!(
            too_long("name", &format!("{dotted}İ"), words).as_deref(),
            Some("at most 200 characters here; this has 201")
        );
    }
}
