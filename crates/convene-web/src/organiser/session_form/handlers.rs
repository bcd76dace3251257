//! The session form's routes: each reads the request, calls one function of the core or of the
//! form, and renders. Every change goes through the core's checked edit commands and is saved only
//! on the draft revision the form was made from.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::edit::Edit as EditCommand;
use convene_core::{CheckOptions, Programme, Rejected, Slug, apply};
use serde::Deserialize;

use super::page::{Rendering, render};
use super::preview::preview_html;
use super::read::{FieldErrors, field_of};
use super::suggestions::{Suggestions, suggestions as find_suggestions};
use super::values::SessionForm;
use crate::AppState;
use crate::error::AppError;
use crate::organiser::auth::{Organiser, check_edit};
use crate::organiser::events::{DraftForm, begin_edit, draft_programme, save_changed_draft};
use crate::request::Reader;

/// `GET /organiser/events/{event}/sessions/{session}`
pub async fn edit(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let draft = draft_programme(&state, &event).await?;
    let existing = find(&draft.programme, &session)?;
    let form = SessionForm::of(&draft.programme, Some(existing));
    Ok(render(
        &reader,
        &organiser,
        &draft.programme,
        Some(&session),
        Rendering::fresh(form, draft.revision),
    ))
}

/// The session `id` of the draft; 404 for an id no session has.
fn find<'p>(programme: &'p Programme, id: &str) -> Result<&'p convene_core::Session, AppError> {
    programme
        .sessions
        .iter()
        .find(|s| s.id.as_str() == id)
        .ok_or(AppError::NotFound)
}

/// `GET /organiser/events/{event}/new-session[?copy=ID]`: an empty form, or one filled with a copy
/// of session `ID` still to be given its id and time.
pub async fn new_session(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    let draft = draft_programme(&state, &event).await?;
    let original = match reader.visit.param("copy") {
        Some(id) => Some(find(&draft.programme, id)?),
        None => None,
    };
    let mut rendering =
        Rendering::fresh(SessionForm::of(&draft.programme, original), draft.revision);
    if let Some(original) = original {
        rendering.form = rendering.form.without_id_and_time();
        rendering.general.push(reader.words().message_with(
            "org-copy-needs-a-time",
            &[("session", original.id.to_string().into())],
        ));
    }
    Ok(render(
        &reader,
        &organiser,
        &draft.programme,
        None,
        rendering,
    ))
}

/// A readable summary of a session as it now stands in the draft, for the conflict message.
fn describe(programme: &Programme, id: &str, reader: &Reader) -> String {
    match programme.sessions.iter().find(|s| s.id.as_str() == id) {
        None => reader.words().message_with(
            "org-conflict-session-gone",
            &[("session", id.to_owned().into())],
        ),
        Some(s) => {
            let one = Programme {
                sessions: vec![s.clone()],
                ..programme.clone()
            };
            let file = convene_core::programme_file::write(&one);
            file.find("[[sessions]]")
                .map(|i| file[i..].to_owned())
                .unwrap_or(file)
        }
    }
}

/// `POST /organiser/events/{event}/sessions/{session}`: check, then save on the revision the form was
/// made from, or refuse.
pub async fn save(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<SessionForm>,
) -> Result<Response, AppError> {
    let posted = Posted {
        state: &state,
        reader: &reader,
        organiser: &organiser,
        headers: &headers,
    };
    posted.save(&event, Some(&session), form).await
}

/// `POST /organiser/events/{event}/new-session`: check, then add the session to the draft.
pub async fn create(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<SessionForm>,
) -> Result<Response, AppError> {
    let posted = Posted {
        state: &state,
        reader: &reader,
        organiser: &organiser,
        headers: &headers,
    };
    posted.save(&event, None, form).await
}

/// A session form posted by an organiser.
struct Posted<'a> {
    state: &'a AppState,
    reader: &'a Reader,
    organiser: &'a Organiser,
    headers: &'a HeaderMap,
}

impl Posted<'_> {
    /// The form shown again with what it asked for, unsaved: a suggested start filled in
    /// (`use_slot`), or the suggestions for the times as typed (`suggest`). It keeps the revision it
    /// was made from, so that saving it later still refuses to overwrite someone else's save.
    async fn show_again(
        &self,
        event: &str,
        session: Option<&str>,
        form: SessionForm,
    ) -> Result<Response, AppError> {
        check_edit(self.organiser, self.headers, &form.csrf)?;
        let draft = draft_programme(self.state, event).await?;
        if let Some(id) = session {
            find(&draft.programme, id)?;
        }
        let words = self.reader.words();
        let revision = form.revision().unwrap_or(-1);
        let chosen = form.use_slot.trim().to_owned();
        let mut notices = Vec::new();
        let form = if chosen.is_empty() {
            form
        } else {
            match form.clone().starting_at(&chosen) {
                Some(filled) => {
                    let range = super::values::hours_minutes(&filled.end)
                        .zip(super::values::hours_minutes(&filled.start))
                        .map(|(end, start)| {
                            convene_core::view::TimeRangeLabel::new(
                                &words.time(start),
                                &words.time(end),
                                filled.end_next_day.then(|| words.day_shift(1)).as_deref(),
                                None,
                                None,
                            )
                            .range
                        })
                        .unwrap_or_default();
                    notices.push(words.message_with("org-slot-used", &[("range", range.into())]));
                    filled
                }
                None => {
                    notices.push(words.message("org-slot-unusable"));
                    form
                }
            }
        };
        let form = SessionForm {
            use_slot: String::new(),
            suggest: false,
            ..form
        };
        let rendering = Rendering {
            notices,
            ..Rendering::fresh(form, revision)
        };
        Ok(render(
            self.reader,
            self.organiser,
            &draft.programme,
            session,
            rendering,
        ))
    }

    /// Saves the form of session `session` (`None`: a new one) through the core's edit commands; a
    /// form the checks refuse comes back with each problem at its field.
    async fn save(
        &self,
        event: &str,
        session: Option<&str>,
        form: SessionForm,
    ) -> Result<Response, AppError> {
        if form.suggest || !form.use_slot.trim().is_empty() {
            return self.show_again(event, session, form).await;
        }
        let edit = begin_edit(
            self.state,
            self.organiser,
            self.headers,
            &form.csrf,
            form.revision(),
            event,
        )
        .await?;
        let current = edit.draft;
        let conflict = |form: SessionForm, id: &str| {
            let rendering = Rendering {
                conflict: Some(describe(&current, id, self.reader)),
                status: StatusCode::CONFLICT,
                ..Rendering::fresh(form, edit.current_revision)
            };
            render(self.reader, self.organiser, &current, session, rendering)
        };
        let words = self.reader.words();
        let refused = |form: SessionForm, errors: FieldErrors, general: Vec<String>| {
            let rendering = Rendering {
                form,
                errors,
                general,
                conflict: None,
                revision: edit.form_revision,
                status: StatusCode::UNPROCESSABLE_ENTITY,
                notices: Vec::new(),
            };
            Ok(render(
                self.reader,
                self.organiser,
                &current,
                session,
                rendering,
            ))
        };
        // Bounds first: nothing is made of a form that asks for too much.
        let beyond = form.beyond(words);
        if !beyond.is_empty() {
            return refused(form, beyond, Vec::new());
        }
        // A form made from an earlier revision is not checked against a draft it was not made
        // from: it comes back as typed, with their version, to be saved again deliberately.
        if edit.form_revision != edit.current_revision {
            let id = session.map_or_else(|| form.id.trim().to_owned(), str::to_owned);
            return Ok(conflict(form, &id));
        }
        let fixed_id = match session {
            Some(id) => Some(
                Slug::parse(id)
                    .ok()
                    .filter(|id| current.session(id).is_some())
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let read = match form.read(&current, fixed_id.as_ref(), words) {
            Ok(read) => read,
            Err(errors) => return refused(form, errors, Vec::new()),
        };
        let command = match fixed_id {
            Some(_) => EditCommand::UpdateSession(read.session.clone()),
            None => EditCommand::AddSession(read.session.clone()),
        };
        let applied = match apply(&current, vec![command], &CheckOptions::default()) {
            Ok(applied) => applied,
            Err(rejected) => {
                let index = current
                    .sessions
                    .iter()
                    .position(|s| s.id == read.session.id)
                    .filter(|_| session.is_some())
                    .unwrap_or(current.sessions.len());
                let source = current.event.source_language.to_string();
                let mut errors = FieldErrors::new();
                let mut general = Vec::new();
                for problem in rejected.errors() {
                    let field = problem
                        .path
                        .as_ref()
                        .and_then(|p| field_of(p, index, &source, &read.rows));
                    match field {
                        Some(field) => {
                            errors.entry(field).or_insert(problem.localized(words));
                        }
                        None => general.push(problem.localized(words)),
                    }
                }
                return refused(form, errors, general);
            }
        };
        match save_changed_draft(
            self.state,
            self.organiser,
            &applied,
            &current,
            edit.form_revision,
        )
        .await
        {
            Ok(_) => {
                Ok(Redirect::to(&format!("/organiser/events/{event}?done=saved")).into_response())
            }
            Err(AppError::Conflict(_)) => Ok(conflict(form, read.session.id.as_str())),
            Err(err) => Err(err),
        }
    }
}

/// A change the core refused: 404 for a session that does not exist (any more), else what the
/// checks say, in the organiser's language, where no form field holds it.
pub fn refused(reader: &Reader, rejected: &Rejected) -> AppError {
    if rejected.is_unknown_session() {
        return AppError::NotFound;
    }
    AppError::Unprocessable(
        rejected
            .errors()
            .map(|d| d.localized(reader.words()))
            .collect(),
    )
}

/// Saves a draft changed by one checked edit command; `not_done` is the Fluent id of what a save
/// made on a stale copy did not do.
async fn save_one(
    state: &AppState,
    organiser: &Organiser,
    applied: &convene_core::Applied,
    before: &Programme,
    revision: i64,
    not_done: &'static str,
) -> Result<(), AppError> {
    save_changed_draft(state, organiser, applied, before, revision)
        .await
        .map(|_| ())
        .map_err(|err| match err {
            AppError::Conflict(_) => AppError::Conflict(not_done),
            err => err,
        })
}

/// `POST /organiser/events/{event}/sessions/{session}/delete`
pub async fn delete(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<DraftForm>,
) -> Result<Response, AppError> {
    let edit = begin_edit(
        &state,
        &organiser,
        &headers,
        &form.csrf,
        form.revision(),
        &event,
    )
    .await?;
    let id = Slug::parse(&session).map_err(|_| AppError::NotFound)?;
    let command = EditCommand::RemoveSession { id };
    let applied = apply(&edit.draft, vec![command], &CheckOptions::default())
        .map_err(|rejected| refused(&reader, &rejected))?;
    save_one(
        &state,
        &organiser,
        &applied,
        &edit.draft,
        edit.form_revision,
        "org-conflict-nothing-deleted",
    )
    .await?;
    Ok(Redirect::to(&format!("/organiser/events/{event}?done=saved")).into_response())
}

/// `GET /organiser/events/{event}/preview?date=&start=&end=`: the times in every zone, as typed.
pub async fn preview(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    _organiser: Organiser,
) -> Result<Response, AppError> {
    let draft = draft_programme(&state, &event).await?;
    let param = |name: &str| reader.visit.param(name).unwrap_or("");
    let html = preview_html(
        &draft.programme,
        param("date"),
        param("start"),
        param("end"),
        param("end_next_day") == "yes",
        reader.words(),
    );
    Ok(Html(html).into_response())
}

#[derive(askama::Template)]
#[template(
    source = "<p class=\"duration\">{{ duration }}</p>{{ body|safe }}",
    ext = "html"
)]
struct SuggestionsFragment {
    duration: String,
    body: String,
}

/// `GET /organiser/events/{event}/suggestions?id=&format=&venue=&date=&start=&end=&end_next_day=`:
/// the session's length and the times that suit every zone, as typed, for the form's script.
pub async fn suggestions(
    State(state): State<AppState>,
    Path(event): Path<String>,
    reader: Reader,
    _organiser: Organiser,
) -> Result<Response, AppError> {
    use askama::Template;
    let draft = draft_programme(&state, &event).await?;
    let pairs: Vec<(String, String)> = [
        "id",
        "format",
        "venue",
        "date",
        "start",
        "end",
        "end_next_day",
    ]
    .iter()
    .filter_map(|&name| Some((name.to_owned(), reader.visit.param(name)?.to_owned())))
    .collect();
    let form = SessionForm::from(pairs);
    let found: Suggestions = find_suggestions(&draft.programme, &form, reader.words());
    let fragment = SuggestionsFragment {
        duration: found.duration.clone().unwrap_or_default(),
        body: found.render().unwrap_or_default(),
    };
    Ok(Html(fragment.render().unwrap_or_default()).into_response())
}

/// `POST /organiser/events/{event}/sessions/{session}/duplicate`: a copy with a new id, its time to be
/// confirmed (the same time would clash in the same venue), opened for editing. A final programme
/// takes no session without a time: there the copy opens as a new session's form instead, to be
/// given its time before it is saved.
pub async fn duplicate(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<DraftForm>,
) -> Result<Response, AppError> {
    let edit = begin_edit(
        &state,
        &organiser,
        &headers,
        &form.csrf,
        form.revision(),
        &event,
    )
    .await?;
    let id = Slug::parse(&session).map_err(|_| AppError::NotFound)?;
    let command = EditCommand::DuplicateSession {
        id: id.clone(),
        schedule: None,
    };
    let applied = match apply(&edit.draft, vec![command], &CheckOptions::default()) {
        Ok(applied) => applied,
        Err(rejected) if rejected.errors().any(|d| d.code == "copy-needs-a-time") => {
            return Ok(Redirect::to(&format!(
                "/organiser/events/{event}/new-session?copy={session}"
            ))
            .into_response());
        }
        Err(rejected) => return Err(refused(&reader, &rejected)),
    };
    let copy = applied.session.clone().unwrap_or(id);
    save_one(
        &state,
        &organiser,
        &applied,
        &edit.draft,
        edit.form_revision,
        "org-conflict-nothing-copied",
    )
    .await?;
    Ok(Redirect::to(&format!("/organiser/events/{event}/sessions/{copy}")).into_response())
}

/// The form that gives a session another id.
#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    revision: String,
    #[serde(default)]
    new_id: String,
}

/// `POST /organiser/events/{event}/sessions/{session}/rename`: gives the session the id `new_id`.
/// A session readers have seen keeps its old id as a former one, so its old address redirects and
/// calendars keep it.
pub async fn rename(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(form): Form<RenameForm>,
) -> Result<Response, AppError> {
    let revision = form.revision.trim().parse().ok();
    let edit = begin_edit(&state, &organiser, &headers, &form.csrf, revision, &event).await?;
    let from = Slug::parse(&session)
        .ok()
        .filter(|id| edit.draft.session(id).is_some())
        .ok_or(AppError::NotFound)?;
    let given = form.new_id.trim();
    let to = Slug::parse(given).map_err(|_| {
        AppError::unprocessable(
            reader
                .words()
                .message_with("org-bad-id", &[("given", given.to_owned().into())]),
        )
    })?;
    let published = state.catalog.get(&event).is_some_and(|p| {
        p.programme
            .session_by_identity(edit.draft.session(&from).map_or(&from, |s| s.identity()))
            .is_some()
    });
    let command = EditCommand::RenameSession {
        from,
        to: to.clone(),
        published,
    };
    let applied = apply(&edit.draft, vec![command], &CheckOptions::default())
        .map_err(|rejected| refused(&reader, &rejected))?;
    save_one(
        &state,
        &organiser,
        &applied,
        &edit.draft,
        edit.form_revision,
        "org-conflict-nothing-renamed",
    )
    .await?;
    Ok(Redirect::to(&format!("/organiser/events/{event}/sessions/{to}")).into_response())
}
