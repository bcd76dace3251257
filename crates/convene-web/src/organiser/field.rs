//! A field of an organiser's form as it is shown: the name it posts under, its label and value,
//! how it is entered, and the message at it. `templates/organiser/field.html` renders one.

use std::collections::BTreeMap;

use convene_core::Keyword;
use convene_core::locale::Localizer;

/// Messages in the organiser's language, by the name of the field they belong to (`start`,
/// `title_fr`, `venues[1].id`).
pub type FieldErrors = BTreeMap<String, String>;

/// How a field is entered.
pub enum FieldKind {
    Text,
    /// An email address: the browser offers the addresses it knows.
    Email,
    Area,
    /// A text of several paragraphs, such as an introduction.
    Paragraphs,
    /// A day, with the browser's date picker (`YYYY-MM-DD`).
    Date,
    /// A time of day, `HH:MM` (the browser's time field).
    Time,
    /// An IANA time zone name, suggested from the page's list of zone names.
    ZoneName,
    /// A list of (value, label).
    Choice(Vec<(String, String)>),
    /// A box that posts `yes` when ticked.
    Check,
}

impl FieldKind {
    /// A choice among the words of a closed vocabulary, each said in the organiser's language by
    /// the message `{prefix}-{keyword}` (`kind-plenary`, `format-online`…).
    pub fn keywords<K: Keyword>(prefix: &str, words: &Localizer) -> Self {
        FieldKind::Choice(
            K::ALL
                .iter()
                .map(|k| {
                    (
                        k.keyword().to_owned(),
                        words.message(&format!("{prefix}-{}", k.keyword())),
                    )
                })
                .collect(),
        )
    }
}

pub struct Field {
    /// The name the value is posted under (`start`, `title_fr`, `people[0].name`).
    pub name: String,
    /// The element's id, made of the name (`people-0-name`).
    pub id: String,
    pub label: String,
    pub value: String,
    pub kind: FieldKind,
    pub error: Option<String>,
    /// A translation that is missing (the field is empty in a declared language).
    pub missing: bool,
    pub readonly: bool,
}

impl Field {
    /// Field `name`, with the message `errors` hold for it, if any.
    pub fn new(
        name: &str,
        label: String,
        value: impl Into<String>,
        kind: FieldKind,
        errors: &FieldErrors,
    ) -> Self {
        Self {
            id: id_of(name),
            name: name.to_owned(),
            label,
            value: value.into(),
            kind,
            error: errors.get(name).cloned(),
            missing: false,
            readonly: false,
        }
    }
}

/// A text of paragraphs typed in a text area, as it is kept (see
/// [`convene_core::markdown::as_written`]): the indentation of its first line stays.
pub fn paragraphs(typed: &str) -> String {
    convene_core::markdown::as_written(typed)
}

/// An element id made of a field's name: `people[0].title_fr` is `people-0-title_fr`.
pub fn id_of(name: &str) -> String {
    name.replace("].", "-").replace(['[', ']', '.'], "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_ids_are_made_of_field_names() {
        assert_eq!(id_of("start"), "start");
        assert_eq!(id_of("title_fr"), "title_fr");
        assert_eq!(id_of("people[0].name"), "people-0-name");
        assert_eq!(id_of("people[12].title_en"), "people-12-title_en");
    }
}
