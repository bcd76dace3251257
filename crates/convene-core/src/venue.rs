//! Where sessions happen: online, or at a place.

use crate::keyword::keyword_enum;
use crate::{Slug, Text};

keyword_enum! {
    /// Whether a venue is a video call or a room somewhere.
    pub enum VenueKind {
        Online => "online",
        Place => "place",
    }
}

/// A venue. Two sessions in one venue may not overlap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Venue {
    pub id: Slug,
    pub kind: VenueKind,
    pub name: Text,
    pub city: Option<String>,
    pub address: Option<String>,
}
