//! The session form's page: the fields with their messages, the preview, and the forms that copy,
//! rename and delete the session.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use convene_core::Programme;

use super::fields::{PersonFields, fields};
use super::preview::preview_html;
use super::read::FieldErrors;
use super::suggestions::suggestions;
use super::values::SessionForm;
use crate::organiser::auth::Organiser;
use crate::organiser::events::frame;
use crate::organiser::field::{Field, FieldKind};
use crate::page::Chrome;
use crate::request::Reader;

#[derive(Template)]
#[template(path = "organiser/session.html")]
struct SessionPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    event_id: String,
    event_name: String,
    session_id: String,
    heading: String,
    revision: i64,
    fields: Vec<Field>,
    /// The date and times, in a group of their own with the duration and the suggestions.
    when: String,
    time_fields: Vec<Field>,
    duration: String,
    suggestions: String,
    /// What the script says once it filled in a suggestion, `{range}` standing for its times.
    slot_used: String,
    /// Said at the top of the form: what came of a suggestion used.
    notices: Vec<String>,
    translations: Vec<Field>,
    people: Vec<PersonFields>,
    languages: usize,
    errors: Vec<String>,
    conflict: Option<String>,
    preview: String,
    can_delete: bool,
}

/// The form as it is to be shown.
pub struct Rendering {
    pub form: SessionForm,
    /// Messages at their fields.
    pub errors: FieldErrors,
    /// Messages that no field holds.
    pub general: Vec<String>,
    /// The session as someone else saved it since the form was made.
    pub conflict: Option<String>,
    /// The draft revision a save of this form is based on.
    pub revision: i64,
    pub status: StatusCode,
    /// What the organiser is told above the form, such as a suggestion that was used.
    pub notices: Vec<String>,
}

impl Rendering {
    /// The form as first shown, with nothing to say about it.
    pub fn fresh(form: SessionForm, revision: i64) -> Self {
        Self {
            form,
            errors: FieldErrors::new(),
            general: Vec::new(),
            conflict: None,
            revision,
            status: StatusCode::OK,
            notices: Vec::new(),
        }
    }
}

/// Renders the form for session `session`, or for a new one (`None`).
pub fn render(
    reader: &Reader,
    organiser: &Organiser,
    programme: &Programme,
    session: Option<&str>,
    r: Rendering,
) -> Response {
    let new = session.is_none();
    let f = frame(reader, organiser, programme.event.id.to_string());
    let words = f.chrome.t;
    let source = &programme.event.source_language;
    let heading = if new {
        words.message("org-new-session")
    } else {
        Some(r.form.texts_in(words.lang().as_str()).title)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| r.form.texts_in(source.as_str()).title)
    };
    let mut errors: Vec<String> = r.general;
    errors.extend(r.errors.values().cloned());
    let shown = fields(programme, &r.form, &r.errors, words, new);
    let slots = suggestions(programme, &r.form, words);
    let host = &programme.event.host_zone;
    let host_label = match programme.zones.iter().find(|z| z.zone == *host) {
        Some(z) => format!("{}, {host}", z.label_in(words.lang(), source)),
        None => host.name().to_owned(),
    };
    let page = SessionPage {
        fields: shown.fields,
        when: words.message_with("org-when", &[("zone", host_label.into())]),
        time_fields: shown.time_fields,
        duration: slots.duration.clone().unwrap_or_default(),
        suggestions: slots.render().unwrap_or_default(),
        slot_used: words.message_with("org-slot-used", &[("range", "{range}".into())]),
        notices: r.notices,
        translations: shown.translations,
        people: shown.people,
        languages: programme.event.languages.len().clamp(1, 4),
        preview: preview_html(
            programme,
            &r.form.date,
            &r.form.start,
            &r.form.end,
            r.form.end_next_day,
            words,
        ),
        event_id: programme.event.id.to_string(),
        event_name: programme
            .event
            .name
            .get(words.lang(), source)
            .map(|t| t.text)
            .unwrap_or_default(),
        session_id: session.unwrap_or_default().to_owned(),
        heading,
        revision: r.revision,
        errors,
        conflict: r.conflict,
        can_delete: !new && organiser.can_edit(),
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    (r.status, Html(page.render().unwrap_or_default())).into_response()
}
