//! Sessions: what happens, when, where, in which format, with whom.

use jiff::civil::{Date, DateTime};

use crate::keyword::keyword_enum;
use crate::{SessionPerson, Slug, Text, Zone};

keyword_enum! {
    /// What sort of session it is.
    pub enum SessionKind {
        MayorsDialogue => "mayors-dialogue",
        InteractiveDialogue => "interactive-dialogue",
        ThematicWorkshop => "thematic-workshop",
        Plenary => "plenary",
        PublicEvent => "public-event",
        Ceremony => "ceremony",
        Break => "break",
        Other => "other",
    }
}

keyword_enum! {
    /// How people take part.
    pub enum Format {
        Online => "online",
        OnSite => "on-site",
        Hybrid => "hybrid",
    }
}

keyword_enum! {
    /// What a person does in a session.
    pub enum Role {
        Moderator => "moderator",
        Speaker => "speaker",
        /// A city presenting its own practice.
        Presenter => "presenter",
        Chair => "chair",
        Guest => "guest",
    }
}

/// When a session happens, as written: civil times in the event's host zone, or not yet known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// From `start` to `end`, local times in the host zone; `start.date()` is the session's day.
    Timed { start: DateTime, end: DateTime },
    /// The day is known, the time is to be confirmed.
    TimeToBeConfirmed { date: Date },
    /// Neither the day nor the time is known yet.
    DateToBeConfirmed,
}

impl Schedule {
    /// The session's day in the host zone, when known.
    pub fn date(&self) -> Option<Date> {
        match self {
            Schedule::Timed { start, .. } => Some(start.date()),
            Schedule::TimeToBeConfirmed { date } => Some(*date),
            Schedule::DateToBeConfirmed => None,
        }
    }

    pub fn is_confirmed(&self) -> bool {
        matches!(self, Schedule::Timed { .. })
    }
}

/// A session of the programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Its id now: the last part of its address.
    pub id: Slug,
    /// The ids readers saw before it was renamed, oldest first; no other session may take them.
    pub former_ids: Vec<Slug>,
    pub kind: SessionKind,
    pub format: Format,
    pub venue: Slug,
    pub schedule: Schedule,
    /// The display zones this session shows, when it says so; otherwise see
    /// [`crate::Programme::zones_shown`].
    pub zones: Option<Vec<Zone>>,
    pub title: Text,
    pub description: Text,
    pub questions: Vec<Text>,
    /// Who takes part, from the event's directory of people, in the order readers see them.
    pub people: Vec<SessionPerson>,
}

impl Session {
    /// The id it keeps for ever, whatever it is renamed to: the first one it was published under.
    /// Calendar UIDs, schedule guids and everything that refers to the session use it.
    pub fn identity(&self) -> &Slug {
        self.former_ids.first().unwrap_or(&self.id)
    }

    /// Whether `id` is its id now or one it had.
    pub fn answers_to(&self, id: &str) -> bool {
        self.id.as_str() == id || self.former_ids.iter().any(|f| f.as_str() == id)
    }
}
