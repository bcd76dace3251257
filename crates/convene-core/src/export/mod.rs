//! Exports for calendar and conference apps: iCalendar (RFC 5545) and the c3voc schedule (XML and
//! JSON). Each is a serialiser of the programme view; each declares its content type and extension so
//! the command line and the web share it.

pub mod c3voc;
pub mod ical;

use jiff::Timestamp;

use crate::keyword::keyword_enum;
use crate::{Programme, ProgrammeView};

keyword_enum! {
    /// A machine-readable export of the programme.
    pub enum ExportFormat {
        /// iCalendar for the whole event.
        Ics => "ics",
        /// The c3voc schedule as XML.
        C3vocXml => "c3voc-xml",
        /// The c3voc schedule as JSON.
        C3vocJson => "c3voc-json",
        /// The programme view as JSON (as `render --format json`).
        Json => "json",
        /// The programme file itself, which imports back to the same programme.
        Toml => "toml",
    }
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Ics => "text/calendar; charset=utf-8",
            ExportFormat::C3vocXml => "application/xml; charset=utf-8",
            ExportFormat::C3vocJson | ExportFormat::Json => "application/json",
            ExportFormat::Toml => "application/toml; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Ics => "ics",
            ExportFormat::C3vocXml => "xml",
            ExportFormat::C3vocJson | ExportFormat::Json => "json",
            ExportFormat::Toml => "toml",
        }
    }

    /// The export of the whole programme.
    pub fn export(
        self,
        programme: &Programme,
        view: &ProgrammeView,
        context: &ExportContext,
    ) -> String {
        match self {
            ExportFormat::Ics => ical::calendar(programme, view, context),
            ExportFormat::C3vocXml => c3voc::schedule_xml(view, context),
            ExportFormat::C3vocJson => c3voc::schedule_json(view, context),
            ExportFormat::Json => {
                crate::DocumentFormat::Json.render(view, &crate::locale::Localizer::new(&view.lang))
            }
            ExportFormat::Toml => crate::programme_file::write(programme),
        }
    }
}

/// What an export needs besides the programme.
#[derive(Clone, Debug)]
pub struct ExportContext {
    /// Where the public site lives, without a trailing slash (`https://summit.example.org`); links in
    /// exports point there.
    pub base_url: String,
    /// When the export is made (iCalendar's DTSTAMP).
    pub generated_at: Timestamp,
    /// The programme's version, as readers see it ("1", "2").
    pub version: String,
    /// The calendar history of the published versions up to this one, for iCalendar's SEQUENCE and
    /// cancelled sessions; without it every session is at SEQUENCE 0 and none is cancelled.
    pub history: Option<ical::CalendarHistory>,
}

impl ExportContext {
    /// The public page of a session.
    pub fn session_url(&self, event: &str, session: &str) -> String {
        format!("{}/events/{event}/sessions/{session}", self.base_url)
    }

    /// The public page of an event.
    pub fn event_url(&self, event: &str) -> String {
        format!("{}/events/{event}", self.base_url)
    }
}
