//! The programme: one event with its display zones, venues and sessions, checked and saved as a whole.

use crate::session::Format;
use crate::session::Role;
use crate::{DisplayZone, Event, Person, Session, Slug, Venue};

/// The aggregate every output is made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    pub event: Event,
    /// The zones times are shown in, in the order readers see them.
    pub zones: Vec<DisplayZone>,
    pub venues: Vec<Venue>,
    /// The directory of people sessions name.
    pub people: Vec<Person>,
    /// In the order the organisers wrote them; views sort by time.
    pub sessions: Vec<Session>,
}

impl Programme {
    pub fn venue(&self, id: &Slug) -> Option<&Venue> {
        self.venues.iter().find(|v| &v.id == id)
    }

    pub fn person(&self, id: &Slug) -> Option<&Person> {
        self.people.iter().find(|p| &p.id == id)
    }

    /// The people of a session with their role there, in its order; a name the directory lacks
    /// (which the checks refuse) is left out.
    pub fn people_of<'p>(&'p self, session: &'p Session) -> Vec<(&'p Person, Role)> {
        session
            .people
            .iter()
            .filter_map(|p| Some((self.person(&p.person)?, p.role)))
            .collect()
    }

    /// The sessions `person` takes part in, in the order they were written.
    pub fn sessions_of<'p>(&'p self, person: &'p Slug) -> impl Iterator<Item = &'p Session> + 'p {
        self.sessions
            .iter()
            .filter(move |s| s.people.iter().any(|p| &p.person == person))
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

    /// Test support: names `person` in session `session` with `role`, adding them to the directory.
    #[cfg(test)]
    pub(crate) fn add_person(&mut self, session: &str, person: crate::Person, role: Role) {
        let named = crate::SessionPerson {
            person: person.id.clone(),
            role,
        };
        if self.person(&person.id).is_none() {
            self.people.push(person);
        }
        let session = self
            .sessions
            .iter_mut()
            .find(|s| s.id.as_str() == session)
            .expect("a session of the programme");
        session.people.push(named);
    }
}

/// Test support: the mayor of Izmir, with an office in English.
#[cfg(test)]
pub(crate) fn tunc_soyer() -> crate::Person {
    crate::Person {
        id: Slug::parse("tunc-soyer").unwrap(),
        name: "Tunç Soyer".into(),
        title: crate::Text::new().with(crate::Language::parse("en").unwrap(), "Mayor of Izmir"),
        city: Some("Izmir".into()),
        country: Some("Türkiye".into()),
        link: None,
    }
}
