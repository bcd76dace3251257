//! The event: what the summit is called, where and when it happens, and in which languages.

use jiff::civil::Date;

use crate::keyword::keyword_enum;
use crate::session::Format;
use crate::{Language, Slug, Text, Zone};

keyword_enum! {
    /// How settled the programme is.
    pub enum Status {
        /// Times and sessions may still change.
        Preliminary => "preliminary",
        /// Every session has its time.
        Final => "final",
    }
}

/// An earlier edition or founding text the event continues ("Montréal 2015").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edition {
    pub name: Text,
    pub city: Option<String>,
    pub year: i16,
}

/// One day of the event, in the host zone, and how it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventDay {
    pub date: Date,
    pub format: Format,
    pub venue: Option<Slug>,
}

/// The summit itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub id: Slug,
    pub name: Text,
    pub short_name: Text,
    pub source_language: Language,
    /// Every language the programme is published in, the source first.
    pub languages: Vec<Language>,
    pub host_zone: Zone,
    pub status: Status,
    pub introduction: Text,
    pub continues: Vec<Edition>,
    pub days: Vec<EventDay>,
}

impl Event {
    pub fn declares(&self, lang: &Language) -> bool {
        self.languages.contains(lang)
    }

    pub fn day(&self, date: Date) -> Option<&EventDay> {
        self.days.iter().find(|d| d.date == date)
    }
}
