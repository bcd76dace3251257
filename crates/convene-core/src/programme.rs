//! The programme: one event with its display zones, venues and sessions, checked and saved as a whole.

use crate::session::Format;
use crate::{DisplayZone, Event, Session, Slug, Venue};

/// The aggregate every output is made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    pub event: Event,
    /// The zones times are shown in, in the order readers see them.
    pub zones: Vec<DisplayZone>,
    pub venues: Vec<Venue>,
    /// In the order the organisers wrote them; views sort by time.
    pub sessions: Vec<Session>,
}

impl Programme {
    pub fn venue(&self, id: &Slug) -> Option<&Venue> {
        self.venues.iter().find(|v| &v.id == id)
    }

    pub fn session(&self, id: &Slug) -> Option<&Session> {
        self.sessions.iter().find(|s| &s.id == id)
    }

    /// The session whose identity (its first published id) is `identity`, whatever its id now.
    pub fn session_by_identity(&self, identity: &Slug) -> Option<&Session> {
        self.sessions.iter().find(|s| s.identity() == identity)
    }

    /// The session that had the id `former` before it was renamed.
    pub fn renamed_from(&self, former: &str) -> Option<&Session> {
        self.sessions
            .iter()
            .find(|s| s.former_ids.iter().any(|f| f.as_str() == former))
    }

    /// The display zones a session shows, in the event's order.
    ///
    /// A session that names its zones shows those. Otherwise an on-site session shows the host zone
    /// (everyone attending is there) and any other session every display zone.
    pub fn zones_shown(&self, session: &Session) -> Vec<&DisplayZone> {
        match (&session.zones, session.format) {
            (Some(names), _) => self
                .zones
                .iter()
                .filter(|z| names.contains(&z.zone))
                .collect(),
            (None, Format::OnSite) => self
                .zones
                .iter()
                .filter(|z| z.zone == self.event.host_zone)
                .collect(),
            (None, _) => self.zones.iter().collect(),
        }
    }
}
