//! Finding a participant by what an organiser types: part of their name, email or organisation,
//! whatever the case and the accents ("hidalgo" finds "Anne Hidalgo", "izmir" finds "İzmir
//! Büyükşehir Belediyesi", "ozturk" finds "Öztürk").

use unicode_normalization::UnicodeNormalization;

use super::Registrant;

/// The most characters of a search; the rest is ignored.
pub const MAX_SEARCH: usize = 200;

/// What an organiser searches for, folded once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    folded: String,
}

impl Search {
    /// The search for `typed`; `None` when it is blank.
    pub fn new(typed: &str) -> Option<Self> {
        let cut: String = typed.trim().chars().take(MAX_SEARCH).collect();
        let folded = fold(&cut);
        (!folded.is_empty()).then_some(Self { folded })
    }

    /// Whether `who`'s name, email or organisation holds it.
    pub fn matches(&self, who: &Registrant) -> bool {
        [Some(&who.name), Some(&who.email), who.organisation.as_ref()]
            .into_iter()
            .flatten()
            .any(|text| fold(text).contains(&self.folded))
    }
}

/// `text` lower-cased, without accents, with Turkish dotless ı as i and spaces made single.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text
        .nfd()
        .filter(|c| !is_mark(*c))
        .flat_map(char::to_lowercase)
    {
        let c = match c {
            'ı' => 'i',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if space {
                continue;
            }
            space = true;
        } else {
            space = false;
        }
        out.push(c);
    }
    // Lower-casing İ gives i with a combining dot; it goes too.
    out.nfd().filter(|c| !is_mark(*c)).collect()
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registration::Category;
    use crate::{Language, Zone};

    fn someone(name: &str, email: &str, organisation: Option<&str>) -> Registrant {
        Registrant {
            name: name.into(),
            email: email.into(),
            category: Category::Mayor,
            city: None,
            country: None,
            organisation: organisation.map(Into::into),
            language: Language::parse("fr").unwrap(),
            interpretation: None,
            zone: Zone::parse("Europe/Istanbul").unwrap(),
            accessibility: None,
            dietary: None,
        }
    }

    #[test]
    fn a_search_finds_names_emails_and_organisations_whatever_the_case_and_accents() {
        let tunc = someone(
            "Tunç Soyer",
            "tunc@example.org",
            Some("İzmir Büyükşehir Belediyesi"),
        );
        let cases = [
            ("part of the name", "soyer", true),
            ("without the cedilla", "TUNC", true),
            ("the email", "@example.org", true),
            (
                "the organisation, dotted capital İ typed as i",
                "izmir",
                true,
            ),
            ("the organisation without its accents", "buyuksehir", true),
            ("someone else", "hidalgo", false),
        ];
        for (case, typed, found) in cases {
            let search = Search::new(typed).unwrap();
            assert_eq!(search.matches(&tunc), found, "{case}: {typed}");
        }
        assert!(
            Search::new("Işık")
                .unwrap()
                .matches(&someone("Ayşe Işık", "a@example.org", None))
        );
        assert_eq!(Search::new("   "), None);
    }
}
