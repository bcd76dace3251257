//! convene's core: the programme of a summit as data, its file format and checks, time in every zone,
//! and the documents made from it. No I/O, no async, no HTTP, no SQL.

pub mod changes;
pub mod check;
pub mod diagnostic;
pub mod edit;
pub mod event;
pub mod export;
mod keyword;
pub mod language;
pub mod locale;
pub mod markdown;
pub mod new_event;
pub mod person;
pub mod picture;
pub mod programme;
pub mod programme_file;
pub mod registration;
pub mod render;
pub mod sample;
pub mod session;
pub mod slot;
pub mod slug;
pub mod time;
pub mod timetable;
pub mod venue;
pub mod view;
pub mod zone;

pub use check::{CheckOptions, check};
pub use diagnostic::{Diagnostic, FieldPath, Severity};
pub use edit::{Applied, Checked, Edit, Rejected, apply};
pub use event::{Edition, Event, EventDay, Status};
pub use export::{ExportContext, ExportFormat};
pub use keyword::Keyword;
pub use language::{Language, LocalText, Text};
pub use person::{Person, SessionPerson};
pub use programme::Programme;
pub use programme_file::{Loaded, load};
pub use render::DocumentFormat;
pub use session::{Format, Role, Schedule, Session, SessionKind};
pub use slug::Slug;
pub use venue::{Venue, VenueKind};
pub use view::{ProgrammeView, ViewOptions};
pub use zone::{DisplayZone, Zone, ZoneLabel};
