//! Rows of a form that are added and removed without a script. Each row posts its fields as
//! `{list}[{index}].{field}` (`venues[0].id`); the page shows one more, empty row to add one, and
//! a box to remove each of the others. A row keeps, in a hidden field, what it was when the page
//! was made (a venue's id, a day's date), so that a problem about the draft as it was finds its row.

use std::collections::BTreeMap;

use super::limits;

/// The box that removes a row when ticked (it posts `yes`).
pub const REMOVE: &str = "remove";
/// The hidden field holding what the row was when the page was made; empty on a new row.
pub const WAS: &str = "was";

/// One row, as posted or as shown: its values by field name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    values: BTreeMap<String, String>,
}

impl Row {
    /// The value of `field`, trimmed; empty when it has none.
    pub fn get(&self, field: &str) -> &str {
        self.values.get(field).map_or("", |v| v.trim())
    }

    /// The row with `field` set to `value`.
    pub fn with(mut self, field: impl Into<String>, value: impl Into<String>) -> Self {
        self.values.insert(field.into(), value.into());
        self
    }

    /// Every field of the row with its value as posted.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether "remove" is ticked.
    pub fn removed(&self) -> bool {
        self.get(REMOVE) == "yes"
    }

    /// What the row was when the page was made; empty for a row added on it.
    pub fn was(&self) -> &str {
        self.get(WAS)
    }

    /// Whether nothing was written in it: every field empty but `choices` (lists, which always
    /// post a value), and it was not in the draft. Such a row is the empty one for adding a row,
    /// left unused.
    pub fn is_blank(&self, choices: &[&str]) -> bool {
        self.values
            .iter()
            .filter(|(field, _)| !choices.contains(&field.as_str()) && field.as_str() != REMOVE)
            .all(|(_, value)| value.trim().is_empty())
    }
}

/// A form as posted, or as shown: its own fields by name, and the rows of its list in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Posted {
    pub fields: BTreeMap<String, String>,
    pub rows: Vec<Row>,
    /// How many rows were posted, when that is more than a list may have (see
    /// [`limits::MAX_ROWS`]): only the first of them are kept, one more than it may have.
    pub too_many: Option<usize>,
}

impl Posted {
    /// Reads the pairs a browser posts: those named `{list}[{index}].{field}` are rows, in the
    /// order of their indexes, without the blank ones (see [`Row::is_blank`]); the others are the
    /// form's own fields. Indexes only tell rows apart: the rows are numbered again from 0. Past
    /// [`limits::MAX_ROWS`] rows, only one more is kept, and how many there were is noted.
    pub fn read(pairs: Vec<(String, String)>, list: &str, choices: &[&str]) -> Self {
        let mut fields = BTreeMap::new();
        let mut rows: BTreeMap<usize, Row> = BTreeMap::new();
        for (name, value) in pairs {
            match row_field(&name, list) {
                Some((index, field)) => {
                    let field = field.to_owned();
                    let row = rows.entry(index).or_default();
                    row.values.insert(field, value);
                }
                None => {
                    fields.insert(name, value);
                }
            }
        }
        let mut rows: Vec<Row> = rows
            .into_values()
            .filter(|row| !row.is_blank(choices))
            .collect();
        let too_many = (rows.len() > limits::MAX_ROWS).then_some(rows.len());
        rows.truncate(limits::MAX_ROWS + 1);
        Self {
            fields,
            rows,
            too_many,
        }
    }

    /// The value of the form's own field `name`, trimmed; empty when it has none.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }

    /// The value of field `name` as posted, untrimmed (a text of paragraphs).
    pub fn raw(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    /// The form with its own field `name` set to `value`.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.insert(name.into(), value.into());
        self
    }

    /// The index of the row that was `was` when the page was made.
    pub fn row_that_was(&self, was: &str) -> Option<usize> {
        self.rows.iter().position(|row| row.was() == was)
    }

    /// Where a problem about what row `was` held belongs (of `list`): its remove box when the row
    /// is removed, else its field `field` (which was changed).
    pub fn field_of_row_that_was(&self, list: &str, was: &str, field: &str) -> Option<String> {
        let row = self.row_that_was(was)?;
        let field = if self.rows[row].removed() {
            REMOVE
        } else {
            field
        };
        Some(name(list, row, field))
    }
}

/// The name row `index` of `list` posts `field` under: `venues[2].id`.
pub fn name(list: &str, index: usize, field: &str) -> String {
    format!("{list}[{index}].{field}")
}

/// The row and field a posted name belongs to: `venues[2].id` is `(2, "id")` in list `venues`.
fn row_field<'n>(name: &'n str, list: &str) -> Option<(usize, &'n str)> {
    let rest = name.strip_prefix(list)?.strip_prefix('[')?;
    let (index, field) = rest.split_once("].")?;
    Some((index.parse().ok()?, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn rows_are_read_in_the_order_of_their_indexes_and_numbered_again() {
        let form = Posted::read(
            pairs(&[
                ("csrf", "token"),
                ("venues[10].id", "izmir"),
                ("venues[2].id", "online"),
                ("venues[2].kind", "online"),
                ("venues[10].remove", "yes"),
                ("venues[x].id", "not a row"),
                ("venuesque[0].id", "another list"),
            ]),
            "venues",
            &["kind"],
        );

        assert_eq!(
            form.rows,
            [
                Row::default().with("id", "online").with("kind", "online"),
                Row::default().with("id", "izmir").with("remove", "yes"),
            ]
        );
        assert!(form.rows[1].removed() && !form.rows[0].removed());
        assert_eq!(form.field("csrf"), "token");
        assert_eq!(form.field("venues[x].id"), "not a row");
        assert_eq!(form.field("venuesque[0].id"), "another list");
    }

    #[test]
    fn the_empty_row_for_adding_one_is_dropped_whatever_its_lists_say() {
        let form = Posted::read(
            pairs(&[
                ("days[0].date", "2021-12-07"),
                ("days[0].format", "online"),
                ("days[1].date", " "),
                ("days[1].format", "online"),
                ("days[1].was", ""),
            ]),
            "days",
            &["format", "venue"],
        );

        assert_eq!(form.rows.len(), 1);
        assert_eq!(form.rows[0].get("date"), "2021-12-07");
    }

    #[test]
    fn a_row_of_the_draft_emptied_is_kept_to_say_what_it_lacks() {
        let form = Posted::read(
            pairs(&[("people[0].name", ""), ("people[0].was", "ada-lovelace")]),
            "people",
            &[],
        );

        assert_eq!(form.rows.len(), 1);
        assert_eq!(form.row_that_was("ada-lovelace"), Some(0));
    }

    #[test]
    fn a_list_longer_than_it_may_be_keeps_one_row_more_and_says_how_many_there_were() {
        let posted: Vec<(String, String)> = (0..10_000)
            .map(|i| (format!("zones[{i}].zone"), "Europe/Paris".to_owned()))
            .collect();

        let form = Posted::read(posted, "zones", &[]);

        assert_eq!(form.too_many, Some(10_000));
        assert_eq!(form.rows.len(), limits::MAX_ROWS + 1);
    }

    #[test]
    fn names_are_made_of_the_list_the_index_and_the_field() {
        assert_eq!(name("zones", 3, "label_tr"), "zones[3].label_tr");
        assert_eq!(
            row_field("zones[3].label_tr", "zones"),
            Some((3, "label_tr"))
        );
    }
}
