//! People: the event's directory of those who speak, moderate or present, each named once and
//! picked in the sessions they take part in, with their role there.

use std::collections::HashSet;

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
/// ASCII letters and hyphens ("Tunç Soyer" → "tunc-soyer"), numbered when it is taken
/// ("tunc-soyer-2"), the name cut short so that the number fits in an identifier's 64 characters.
pub fn id_for_name(name: &str, taken: &HashSet<Slug>) -> Slug {
    let base = Slug::from_words(name, "person");
    if !taken.contains(&base) {
        return base;
    }
    // Some number is free: `taken` is finite.
    (2u64..)
        .map(|n| base.numbered(n))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(base)
}

/// A person of a session as written: one of the directory by id, or, as programme files and
/// calendar histories had them before the directory, with their name, office and place in the
/// session itself.
pub(crate) enum WrittenPerson {
    Listed(SessionPerson),
    Inline(Person, Role),
}

/// The directory that people written in their sessions join: each once, however many sessions
/// name them, under an identifier made from their name. Programme files and calendar histories
/// both read their sessions' people through it, so that one session's people get the same ids
/// from either.
pub(crate) struct LegacyPeople<'d> {
    directory: &'d mut Vec<Person>,
    taken: HashSet<Slug>,
}

impl<'d> LegacyPeople<'d> {
    pub(crate) fn new(directory: &'d mut Vec<Person>) -> Self {
        let taken = directory.iter().map(|p| p.id.clone()).collect();
        Self { directory, taken }
    }

    /// A session's people by id. Someone written in the session is the person of the directory
    /// with the same name, office, place and link, or a new one; written again in the same
    /// session (as chair and as speaker), they are kept at their first place only, since a session
    /// names each person once.
    pub(crate) fn session(&mut self, written: Vec<WrittenPerson>) -> Vec<SessionPerson> {
        let mut named: Vec<SessionPerson> = Vec::with_capacity(written.len());
        for person in written {
            match person {
                WrittenPerson::Listed(listed) => named.push(listed),
                WrittenPerson::Inline(person, role) => {
                    let id = self.id_of(person);
                    if !named.iter().any(|n| n.person == id) {
                        named.push(SessionPerson { person: id, role });
                    }
                }
            }
        }
        named
    }

    fn id_of(&mut self, mut person: Person) -> Slug {
        let same = |known: &Person| {
            (
                &known.name,
                &known.title,
                &known.city,
                &known.country,
                &known.link,
            ) == (
                &person.name,
                &person.title,
                &person.city,
                &person.country,
                &person.link,
            )
        };
        if let Some(known) = self.directory.iter().find(|known| same(known)) {
            return known.id.clone();
        }
        let id = id_for_name(&person.name, &self.taken);
        self.taken.insert(id.clone());
        person.id = id.clone();
        self.directory.push(person);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_made_from_the_name_in_plain_letters() {
        let taken = HashSet::new();
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
        let taken = HashSet::from([
            Slug::parse("anne-hidalgo").unwrap(),
            Slug::parse("anne-hidalgo-2").unwrap(),
        ]);
        assert_eq!(
            id_for_name("Anne Hidalgo", &taken).as_str(),
            "anne-hidalgo-3"
        );
    }

    #[test]
    fn thousands_of_people_of_one_long_name_each_get_an_id_of_their_own() {
        let name = "Maria Fernanda de los Santos Albuquerque-Montenegro y Villanueva Ortiz";
        assert_eq!(name.len(), 70);
        let mut taken = HashSet::new();
        for _ in 0..2_000 {
            let id = id_for_name(name, &taken);
            assert!(id.as_str().len() <= 64, "{id}");
            assert!(taken.insert(id.clone()), "{id} was given twice");
        }
        let last = Slug::parse("maria-fernanda-de-los-santos-albuquerque-montenegro-y-villa-2000");
        assert!(taken.contains(&last.unwrap()));
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
