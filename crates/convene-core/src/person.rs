//! People: the event's directory of those who speak, moderate or present, each named once and
//! picked in the sessions they take part in, with their role there.

use crate::session::Role;
use crate::{Slug, Text};

/// Someone in the event's directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The last part of their page's address.
    pub id: Slug,
    pub name: String,
    /// Their office, per language ("Mayor of Izmir").
    pub title: Text,
    pub city: Option<String>,
    pub country: Option<String>,
    /// A page about them or their city's practice (http or https).
    pub link: Option<String>,
}

/// A person of the directory in one session, with what they do there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionPerson {
    pub person: Slug,
    pub role: Role,
}

/// Whether `link` is one a reader can follow safely: an absolute http or https address without
/// spaces or control characters.
pub fn is_followable_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && link.len() <= 2048
                && !link.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// A new identifier for someone called `name`, unlike every one in `taken`: their name in lower-case
/// ASCII letters and hyphens ("Tunç Soyer" → "tunc-soyer"), numbered when it is taken.
pub fn id_for_name<'a>(name: &str, taken: impl IntoIterator<Item = &'a Slug> + Clone) -> Slug {
    let base = Slug::from_words(name, "person");
    let free = |candidate: &Slug| !taken.clone().into_iter().any(|t| t == candidate);
    if free(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let stem: String = base.as_str().chars().take(60).collect();
            Slug::parse(&format!("{}-{n}", stem.trim_end_matches('-')))
                .expect("a slug with a number is a slug")
        })
        .find(free)
        .expect("some number is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_made_from_the_name_in_plain_letters() {
        let taken: Vec<Slug> = Vec::new();
        assert_eq!(id_for_name("Tunç Soyer", &taken).as_str(), "tunc-soyer");
        assert_eq!(
            id_for_name("Valérie Plante", &taken).as_str(),
            "valerie-plante"
        );
        assert_eq!(id_for_name("Işıl Ağaoğlu", &taken).as_str(), "isil-agaoglu");
        assert_eq!(id_for_name("李明", &taken).as_str(), "person");
    }

    #[test]
    fn a_taken_id_gets_the_next_free_number() {
        let taken = vec![
            Slug::parse("anne-hidalgo").unwrap(),
            Slug::parse("anne-hidalgo-2").unwrap(),
        ];
        assert_eq!(
            id_for_name("Anne Hidalgo", &taken).as_str(),
            "anne-hidalgo-3"
        );
    }

    #[test]
    fn only_absolute_web_addresses_are_followable() {
        for good in ["https://www.izmir.bel.tr/", "http://example.org/a?b=c#d"] {
            assert!(is_followable_link(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "//example.org",
            "https://",
            "ftp://example.org",
            "https://exa mple.org",
            "data:text/html,hi",
        ] {
            assert!(!is_followable_link(bad), "{bad}");
        }
    }
}
