//! The programme view as JSON.

use crate::view::ProgrammeView;

pub(super) fn render(view: &ProgrammeView) -> String {
    // The view holds only strings, numbers, dates and lists: it always serialises.
    let mut out = serde_json::to_string_pretty(view).unwrap_or_default();
    out.push('\n');
    out
}
