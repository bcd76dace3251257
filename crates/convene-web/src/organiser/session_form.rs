//! Editing one session of the draft: the form, its checks at each field (the same checks as
//! `convene check`), refusing a save made on a stale copy, and the live preview of the times.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::diagnostic::PathStep;
use convene_core::edit::Edit as EditCommand;
use convene_core::locale::Localizer;
use convene_core::session::{Format, Schedule, SessionKind};
use convene_core::{CheckOptions, Keyword, Programme, Session, Slug, Text, apply};
use jiff::civil::{Date, DateTime};

use super::auth::Organiser;
use super::events::{NotSaved, begin_edit, draft_programme, frame, save_changed_draft};
use crate::AppState;
use crate::page::{Chrome, Visit};

/// How a field is entered.
pub enum FieldKind {
    Text,
    Area,
    Choice(Vec<(String, String)>),
    Check,
}

pub struct Field {
    name: String,
    label: String,
    value: String,
    kind: FieldKind,
    error: Option<String>,
    /// A translation that is missing (the field is empty in a declared language).
    missing: bool,
    /// One of the texts shown side by side per language.
    translation: bool,
    readonly: bool,
}

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
    translations: Vec<Field>,
    languages: usize,
    errors: Vec<String>,
    conflict: Option<String>,
    preview: String,
    can_delete: bool,
}

/// The form's values, by field name.
type Values = HashMap<String, String>;

fn values_of(programme: &Programme, session: Option<&Session>) -> Values {
    let mut values = Values::new();
    let Some(s) = session else {
        values.insert("kind".into(), SessionKind::Plenary.keyword().into());
        values.insert("format".into(), Format::Online.keyword().into());
        if let Some(venue) = programme.venues.first() {
            values.insert("venue".into(), venue.id.to_string());
        }
        return values;
    };
    values.insert("id".into(), s.id.to_string());
    values.insert("kind".into(), s.kind.keyword().into());
    values.insert("format".into(), s.format.keyword().into());
    values.insert("venue".into(), s.venue.to_string());
    match s.schedule {
        Schedule::Timed { start, end } => {
            values.insert("date".into(), start.date().to_string());
            values.insert("start".into(), start.strftime("%H:%M").to_string());
            let end = if end.date() == start.date() {
                end.strftime("%H:%M").to_string()
            } else {
                end.strftime("%Y-%m-%dT%H:%M").to_string()
            };
            values.insert("end".into(), end);
        }
        Schedule::TimeToBeConfirmed { date } => {
            values.insert("date".into(), date.to_string());
            values.insert("tbc".into(), "yes".into());
        }
        Schedule::DateToBeConfirmed => {
            values.insert("tbc".into(), "yes".into());
        }
    }
    let people: Vec<String> = s
        .people
        .iter()
        .map(|p| {
            let place = [
                p.city.as_deref().unwrap_or(""),
                p.country.as_deref().unwrap_or(""),
            ];
            format!(
                "{} | {} | {} | {}",
                p.name,
                p.role.keyword(),
                place[0],
                place[1]
            )
            .trim_end_matches([' ', '|'])
            .to_owned()
        })
        .collect();
    values.insert("people".into(), people.join("\n"));
    for lang in &programme.event.languages {
        let titles: Vec<&str> = s
            .people
            .iter()
            .map(|p| p.title.in_language(lang).unwrap_or(""))
            .collect();
        values.insert(
            format!("people_titles_{}", lang.as_str()),
            titles.join("\n"),
        );
    }
    for lang in &programme.event.languages {
        let tag = lang.as_str();
        if let Some(t) = s.title.in_language(lang) {
            values.insert(format!("title_{tag}"), t.to_owned());
        }
        if let Some(t) = s.description.in_language(lang) {
            values.insert(format!("description_{tag}"), t.to_owned());
        }
        let questions: Vec<&str> = s
            .questions
            .iter()
            .map(|q| q.in_language(lang).unwrap_or(""))
            .collect();
        values.insert(format!("questions_{tag}"), questions.join("\n"));
    }
    values
}

fn fields(
    programme: &Programme,
    values: &Values,
    errors: &HashMap<String, String>,
    words: &Localizer,
    new: bool,
) -> Vec<Field> {
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let field = |name: &str, label: String, kind: FieldKind| Field {
        name: name.to_owned(),
        label,
        value: value(name),
        kind,
        error: errors.get(name).cloned(),
        missing: false,
        translation: false,
        readonly: false,
    };
    let mut all = Vec::new();
    let mut id = field("id", words.message("org-id"), FieldKind::Text);
    id.readonly = !new;
    all.push(id);
    all.push(field(
        "kind",
        words.message("org-kind"),
        choices::<SessionKind>("kind", words),
    ));
    all.push(field(
        "format",
        words.message("org-format"),
        choices::<Format>("format", words),
    ));
    let source = &programme.event.source_language;
    let venues = programme
        .venues
        .iter()
        .map(|v| {
            (
                v.id.to_string(),
                v.name
                    .get(words.lang(), source)
                    .map(|t| t.text)
                    .unwrap_or_else(|| v.id.to_string()),
            )
        })
        .collect();
    all.push(field(
        "venue",
        words.message("org-venue"),
        FieldKind::Choice(venues),
    ));
    all.push(field("date", words.message("org-date"), FieldKind::Text));
    all.push(field("start", words.message("org-start"), FieldKind::Text));
    all.push(field("end", words.message("org-end"), FieldKind::Text));
    all.push(field(
        "tbc",
        words.message("org-time-tbc"),
        FieldKind::Check,
    ));
    all.push(field(
        "people",
        words.message("org-people"),
        FieldKind::Area,
    ));
    // Translations side by side: each text as a row, one column per language, source first.
    for (prefix, id, kind) in [
        ("title", "org-title", 0),
        ("description", "org-description", 1),
        ("questions", "org-questions", 1),
        ("people_titles", "org-people-titles", 1),
    ] {
        for lang in &programme.event.languages {
            let name = words.language_name(lang);
            let key = format!("{prefix}_{}", lang.as_str());
            let kind = if kind == 0 {
                FieldKind::Text
            } else {
                FieldKind::Area
            };
            let mut f = field(
                &key,
                words.message_with(id, &[("language", name.into())]),
                kind,
            );
            let source_has = !value(&format!("{prefix}_{}", source.as_str()))
                .trim()
                .is_empty();
            f.missing = lang != source && source_has && f.value.trim().is_empty();
            f.translation = true;
            all.push(f);
        }
    }
    all
}

/// The values of a closed vocabulary with their words in the organiser's language (`kind-plenary`…).
fn choices<K: Keyword>(prefix: &str, words: &Localizer) -> FieldKind {
    FieldKind::Choice(
        K::ALL
            .iter()
            .map(|k| {
                (
                    k.keyword().to_owned(),
                    words.message(&format!("{prefix}-{}", k.keyword())),
                )
            })
            .collect(),
    )
}

/// Reads the form into a session, with an error per field that cannot be read.
fn parse(
    programme: &Programme,
    values: &Values,
    id: Option<&Slug>,
    words: &Localizer,
) -> (Option<Session>, HashMap<String, String>) {
    let mut errors = HashMap::new();
    let say = |id: &str, args: &[(&str, String)]| {
        let args: Vec<(&str, fluent::FluentValue<'_>)> =
            args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        words.message_with(id, &args)
    };
    let get = |name: &str| values.get(name).map(|v| v.trim()).unwrap_or("");
    let id = match id {
        Some(id) => Some(id.clone()),
        None => Slug::parse(get("id"))
            .map_err(|_| {
                errors.insert(
                    "id".into(),
                    say("org-bad-id", &[("given", get("id").to_owned())]),
                )
            })
            .ok(),
    };
    let kind = SessionKind::from_keyword(get("kind"));
    if kind.is_none() {
        errors.insert(
            "kind".into(),
            say("org-choose", &[("choices", SessionKind::expected())]),
        );
    }
    let format = Format::from_keyword(get("format"));
    if format.is_none() {
        errors.insert(
            "format".into(),
            say("org-choose", &[("choices", Format::expected())]),
        );
    }
    let venue = Slug::parse(get("venue"))
        .map_err(|_| {
            errors.insert(
                "venue".into(),
                say("org-bad-id", &[("given", get("venue").to_owned())]),
            )
        })
        .ok();
    let date = match get("date") {
        "" => None,
        text => jiff::fmt::strtime::parse("%Y-%m-%d", text)
            .and_then(|t| t.to_date())
            .map_err(|_| {
                errors.insert(
                    "date".into(),
                    say("org-bad-date", &[("given", text.to_owned())]),
                )
            })
            .ok(),
    };
    let time = |name: &str,
                errors: &mut HashMap<String, String>,
                date: Option<Date>|
     -> Option<DateTime> {
        let text = get(name);
        if let Ok(t) = jiff::fmt::strtime::parse("%H:%M", text).and_then(|t| t.to_time()) {
            return date.map(|d| d.to_datetime(t));
        }
        if name == "end"
            && let Ok(dt) =
                jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M", text).and_then(|t| t.to_datetime())
        {
            return Some(dt);
        }
        errors.insert(
            name.into(),
            say("org-bad-time", &[("given", text.to_owned())]),
        );
        None
    };
    let schedule = if get("tbc") == "yes" {
        Some(match date {
            Some(date) => Schedule::TimeToBeConfirmed { date },
            None => Schedule::DateToBeConfirmed,
        })
    } else if date.is_none() && !errors.contains_key("date") {
        errors.insert("date".into(), say("org-need-date", &[]));
        None
    } else {
        let start = time("start", &mut errors, date);
        let end = time("end", &mut errors, date);
        match (start, end) {
            (Some(start), Some(end)) if end <= start => {
                errors.insert(
                    "end".into(),
                    say(
                        "org-end-before-start",
                        &[
                            ("end", end.strftime("%H:%M").to_string()),
                            ("start", start.strftime("%H:%M").to_string()),
                        ],
                    ),
                );
                None
            }
            (Some(start), Some(end)) => Some(Schedule::Timed { start, end }),
            _ => None,
        }
    };
    let mut title = Text::new();
    let mut description = Text::new();
    let mut questions: Vec<Text> = Vec::new();
    for lang in &programme.event.languages {
        let tag = lang.as_str();
        if !get(&format!("title_{tag}")).is_empty() {
            title.insert(lang.clone(), get(&format!("title_{tag}")));
        }
        if !get(&format!("description_{tag}")).is_empty() {
            description.insert(lang.clone(), get(&format!("description_{tag}")));
        }
        for (i, line) in get(&format!("questions_{tag}")).lines().enumerate() {
            if questions.len() <= i {
                questions.push(Text::new());
            }
            if !line.trim().is_empty() {
                questions[i].insert(lang.clone(), line.trim());
            }
        }
    }
    questions.retain(|q| !q.is_empty());
    let mut people = Vec::new();
    for (i, line) in get("people")
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let role = parts
            .get(1)
            .copied()
            .filter(|r| !r.is_empty())
            .unwrap_or("speaker");
        let Some(role) = convene_core::Role::from_keyword(role) else {
            errors.insert(
                "people".into(),
                say(
                    "org-bad-role",
                    &[
                        ("line", (i + 1).to_string()),
                        ("given", role.to_owned()),
                        ("choices", convene_core::Role::expected()),
                    ],
                ),
            );
            continue;
        };
        let mut title = Text::new();
        for lang in &programme.event.languages {
            let titles = get(&format!("people_titles_{}", lang.as_str()));
            if let Some(t) = titles
                .lines()
                .nth(i)
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                title.insert(lang.clone(), t);
            }
        }
        let optional = |k: usize| {
            parts
                .get(k)
                .map(|v| v.to_string())
                .filter(|v| !v.is_empty())
        };
        people.push(convene_core::Person {
            name: parts[0].to_owned(),
            role,
            title,
            city: optional(2),
            country: optional(3),
        });
    }
    let existing = id.as_ref().and_then(|id| programme.session(id));
    let session = match (id, kind, format, venue, schedule) {
        (Some(id), Some(kind), Some(format), Some(venue), Some(schedule)) if errors.is_empty() => {
            Some(Session {
                id,
                former_ids: existing.map(|s| s.former_ids.clone()).unwrap_or_default(),
                kind,
                format,
                venue,
                schedule,
                zones: existing.and_then(|s| s.zones.clone()),
                title,
                description,
                questions,
                people,
            })
        }
        _ => None,
    };
    (session, errors)
}

/// The form field a problem of `sessions[index]` belongs to.
fn field_of(path: &convene_core::FieldPath, index: usize, source: &str) -> Option<String> {
    let steps = path.steps();
    let (Some(PathStep::Key(root)), Some(PathStep::Index(i))) = (steps.first(), steps.get(1))
    else {
        return None;
    };
    if root != "sessions" || *i != index {
        return None;
    }
    match (steps.get(2), steps.get(3), steps.get(4)) {
        (Some(PathStep::Key(k)), None, _) if k == "title" || k == "description" => {
            Some(format!("{k}_{source}"))
        }
        (Some(PathStep::Key(k)), Some(PathStep::Key(lang)), _) => Some(format!("{k}_{lang}")),
        (Some(PathStep::Key(k)), Some(PathStep::Index(_)), Some(PathStep::Key(lang))) => {
            Some(format!("{k}_{lang}"))
        }
        (Some(PathStep::Key(k)), Some(PathStep::Index(_)), None) => Some(format!("{k}_{source}")),
        (Some(PathStep::Key(k)), _, _) => Some(k.clone()),
        _ => None,
    }
}

/// A daylight-saving problem in the organiser's language, as `check` words it.
fn local_time_problem(problem: &convene_core::time::LocalTimeProblem, words: &Localizer) -> String {
    let id = match problem {
        convene_core::time::LocalTimeProblem::Gap { .. } => "check-nonexistent-time",
        convene_core::time::LocalTimeProblem::Fold { .. } => "check-ambiguous-time",
    };
    if !words.has_message(id) {
        return problem.to_string();
    }
    let args: Vec<(&str, fluent::FluentValue<'_>)> = problem
        .args()
        .into_iter()
        .map(|(name, value)| (name, value.into()))
        .collect();
    words.message_with(id, &args)
}

/// The preview of a session's times in every display zone, as an HTML fragment.
fn preview_html(programme: &Programme, values: &Values, words: &Localizer) -> String {
    #[derive(Template)]
    #[template(
        source = "{% if let Some(e) = error %}<p class=\"field-error\">{{ e }}</p>{% endif %}{% if !rows.is_empty() %}<table class=\"programme\"><tbody>{% for r in rows %}<tr><th scope=\"row\">{{ r.0 }}</th><td class=\"time\">{{ r.1 }}<small>{{ r.2 }}</small>{% if let Some(n) = r.3 %}<small class=\"shift\">{{ n }}</small>{% endif %}</td></tr>{% endfor %}</tbody></table>{% endif %}",
        ext = "html"
    )]
    struct Preview {
        error: Option<String>,
        rows: Vec<(String, String, String, Option<String>)>,
    }
    let get = |name: &str| values.get(name).map(|v| v.trim()).unwrap_or("");
    let parse_time = |t: &str| {
        jiff::fmt::strtime::parse("%H:%M", t)
            .and_then(|p| p.to_time())
            .ok()
    };
    let date = jiff::fmt::strtime::parse("%Y-%m-%d", get("date"))
        .and_then(|t| t.to_date())
        .ok();
    let (Some(date), Some(start), Some(end)) =
        (date, parse_time(get("start")), parse_time(get("end")))
    else {
        return String::new();
    };
    let end_day = if end > start {
        date
    } else {
        date.tomorrow().unwrap_or(date)
    };
    let preview = match convene_core::view::preview_times(
        programme,
        date.to_datetime(start),
        end_day.to_datetime(end),
        words,
    ) {
        Ok(times) => Preview {
            error: None,
            rows: times
                .iter()
                .map(|t| {
                    (
                        t.label.clone(),
                        format!("{}–{}", t.start_label, t.end_label),
                        t.offset.clone(),
                        t.day_shift_label.clone(),
                    )
                })
                .collect(),
        },
        Err(problem) => Preview {
            error: Some(local_time_problem(&problem, words)),
            rows: Vec::new(),
        },
    };
    preview.render().unwrap_or_default()
}

struct Rendering {
    values: Values,
    errors: HashMap<String, String>,
    general: Vec<String>,
    conflict: Option<String>,
    revision: i64,
    status: StatusCode,
}

/// Renders the form for session `session`, or for a new one (`None`).
fn render(
    state: &AppState,
    visit: &Visit,
    organiser: &Organiser,
    programme: &Programme,
    session: Option<&str>,
    r: Rendering,
) -> Response {
    let new = session.is_none();
    let f = frame(state, visit, organiser, programme.event.id.to_string());
    let words = f.chrome.t;
    let source = &programme.event.source_language;
    let heading = if new {
        words.message("org-new-session")
    } else {
        r.values
            .get(&format!("title_{}", words.lang()))
            .or_else(|| r.values.get(&format!("title_{source}")))
            .cloned()
            .unwrap_or_default()
    };
    let mut errors: Vec<String> = r.general;
    errors.extend(r.errors.values().cloned());
    let (translations, fields): (Vec<Field>, Vec<Field>) =
        fields(programme, &r.values, &r.errors, words, new)
            .into_iter()
            .partition(|f| f.translation);
    let page = SessionPage {
        fields,
        translations,
        languages: programme.event.languages.len().clamp(1, 4),
        preview: preview_html(programme, &r.values, words),
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

/// `GET /organiser/events/{event}/sessions/{session}`
pub async fn edit(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    visit: Visit,
    organiser: Organiser,
) -> Response {
    let (programme, revision, _) = match draft_programme(&state, &event).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return crate::public::not_found_response(&state, &visit),
        Err(response) => return response,
    };
    let Some(existing) = programme.sessions.iter().find(|s| s.id.as_str() == session) else {
        return crate::public::not_found_response(&state, &visit);
    };
    let values = values_of(&programme, Some(existing));
    render(
        &state,
        &visit,
        &organiser,
        &programme,
        Some(&session),
        Rendering {
            values,
            errors: HashMap::new(),
            general: Vec::new(),
            conflict: None,
            revision,
            status: StatusCode::OK,
        },
    )
}

/// `GET /organiser/events/{event}/new-session[?copy=ID]`: an empty form, or one filled with a copy
/// of session `ID` still to be given its id and time.
pub async fn new_session(
    State(state): State<AppState>,
    Path(event): Path<String>,
    visit: Visit,
    organiser: Organiser,
) -> Response {
    let (programme, revision, _) = match draft_programme(&state, &event).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return crate::public::not_found_response(&state, &visit),
        Err(response) => return response,
    };
    let original = visit
        .param("copy")
        .and_then(|id| programme.sessions.iter().find(|s| s.id.as_str() == id));
    let mut values = values_of(&programme, original);
    let mut general = Vec::new();
    if let Some(original) = original {
        for field in ["id", "start", "end", "tbc"] {
            values.remove(field);
        }
        let words = state
            .site
            .locales
            .get(&visit.language(&state.site, "fr").lang);
        general.push(words.message_with(
            "org-copy-needs-a-time",
            &[("session", original.id.to_string().into())],
        ));
    }
    render(
        &state,
        &visit,
        &organiser,
        &programme,
        None,
        Rendering {
            values,
            errors: HashMap::new(),
            general,
            conflict: None,
            revision,
            status: StatusCode::OK,
        },
    )
}

/// A readable summary of a session as it now stands in the draft, for the conflict message.
fn describe(programme: &Programme, id: &str) -> String {
    match programme.sessions.iter().find(|s| s.id.as_str() == id) {
        None => format!("(the session \"{id}\" is no longer in the draft)"),
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
    visit: Visit,
    organiser: Organiser,
    headers: HeaderMap,
    Form(values): Form<Values>,
) -> Response {
    save_form(
        state,
        event,
        Some(session),
        visit,
        organiser,
        headers,
        values,
    )
    .await
}

/// `POST /organiser/events/{event}/new-session`: check, then add the session to the draft.
pub async fn create(
    State(state): State<AppState>,
    Path(event): Path<String>,
    visit: Visit,
    organiser: Organiser,
    headers: HeaderMap,
    Form(values): Form<Values>,
) -> Response {
    save_form(state, event, None, visit, organiser, headers, values).await
}

/// Saves the form of session `session` (`None`: a new one) through the core's edit commands.
async fn save_form(
    state: AppState,
    event: String,
    session: Option<String>,
    visit: Visit,
    organiser: Organiser,
    headers: HeaderMap,
    values: Values,
) -> Response {
    let edit = match begin_edit(&state, &visit, &organiser, &headers, &values, &event).await {
        Ok(edit) => edit,
        Err(response) => return response,
    };
    let current = edit.draft;
    let current_revision = edit.current_revision;
    let revision = edit.form_revision;
    let fixed_id = match &session {
        Some(id) => match Slug::parse(id) {
            Ok(id) if current.session(&id).is_some() => Some(id),
            _ => return crate::public::not_found_response(&state, &visit),
        },
        None => None,
    };
    let rerender = |errors, general, conflict, status| {
        render(
            &state,
            &visit,
            &organiser,
            &current,
            session.as_deref(),
            Rendering {
                values: values.clone(),
                errors,
                general,
                conflict,
                revision,
                status,
            },
        )
    };
    // Problems in the organiser's language.
    let words = state
        .site
        .locales
        .get(&visit.language(&state.site, "fr").lang);
    let (parsed, errors) = parse(&current, &values, fixed_id.as_ref(), words);
    let Some(parsed) = parsed else {
        return rerender(errors, Vec::new(), None, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let index = current
        .sessions
        .iter()
        .position(|s| s.id == parsed.id)
        .filter(|_| fixed_id.is_some())
        .unwrap_or(current.sessions.len());
    let command = match fixed_id {
        Some(_) => EditCommand::UpdateSession(parsed.clone()),
        None => EditCommand::AddSession(parsed.clone()),
    };
    let applied = match apply(&current, vec![command], &CheckOptions::default()) {
        Ok(applied) => applied,
        Err(rejected) => {
            let source = current.event.source_language.to_string();
            let mut field_errors = HashMap::new();
            let mut general = Vec::new();
            for problem in rejected.errors() {
                match problem
                    .path
                    .as_ref()
                    .and_then(|p| field_of(p, index, &source))
                {
                    Some(field) => {
                        field_errors
                            .entry(field)
                            .or_insert(problem.localized(words));
                    }
                    None => general.push(problem.localized(words)),
                }
            }
            return rerender(
                field_errors,
                general,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    match save_changed_draft(&state, &organiser, &applied, revision).await {
        Ok(()) => Redirect::to(&format!("/organiser/events/{event}?done=saved")).into_response(),
        Err(NotSaved::Stale) => {
            let theirs = describe(&current, parsed.id.as_str());
            let mut latest = values.clone();
            latest.insert("revision".into(), current_revision.to_string());
            render(
                &state,
                &visit,
                &organiser,
                &current,
                session.as_deref(),
                Rendering {
                    values: latest,
                    errors: HashMap::new(),
                    general: Vec::new(),
                    conflict: Some(theirs),
                    revision: current_revision,
                    status: StatusCode::CONFLICT,
                },
            )
        }
        Err(NotSaved::Store(response)) => response,
    }
}

/// `POST /organiser/events/{event}/sessions/{session}/delete`
pub async fn delete(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    visit: Visit,
    organiser: Organiser,
    headers: HeaderMap,
    Form(values): Form<Values>,
) -> Response {
    let edit = match begin_edit(&state, &visit, &organiser, &headers, &values, &event).await {
        Ok(edit) => edit,
        Err(response) => return response,
    };
    let Ok(id) = Slug::parse(&session) else {
        return crate::public::not_found_response(&state, &visit);
    };
    let applied = match apply(
        &edit.draft,
        vec![EditCommand::RemoveSession { id }],
        &CheckOptions::default(),
    ) {
        Ok(applied) => applied,
        Err(rejected) if rejected.is_unknown_session() => {
            return crate::public::not_found_response(&state, &visit);
        }
        Err(rejected) => return refused(&state, &visit, &rejected),
    };
    match save_changed_draft(&state, &organiser, &applied, edit.form_revision).await {
        Ok(()) => Redirect::to(&format!("/organiser/events/{event}?done=saved")).into_response(),
        Err(NotSaved::Stale) => stale(&state, &visit, "org-conflict-nothing-deleted"),
        Err(NotSaved::Store(response)) => response,
    }
}

/// A change the checks refused that no form field holds, said in the organiser's language.
fn refused(state: &AppState, visit: &Visit, rejected: &convene_core::Rejected) -> Response {
    let words = state
        .site
        .locales
        .get(&visit.language(&state.site, "fr").lang);
    let problems: Vec<String> = rejected.errors().map(|d| d.localized(words)).collect();
    (StatusCode::UNPROCESSABLE_ENTITY, problems.join("\n")).into_response()
}

/// A change refused because someone saved the draft since the page was made.
fn stale(state: &AppState, visit: &Visit, message: &str) -> Response {
    let words = state
        .site
        .locales
        .get(&visit.language(&state.site, "fr").lang);
    (StatusCode::CONFLICT, words.message(message)).into_response()
}

/// `GET /organiser/events/{event}/preview?date=&start=&end=`: the times in every zone, as typed.
pub async fn preview(
    State(state): State<AppState>,
    Path(event): Path<String>,
    visit: Visit,
    _organiser: Organiser,
) -> Response {
    let (programme, _, _) = match draft_programme(&state, &event).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(response) => return response,
    };
    let negotiated = visit.language(&state.site, "fr");
    let words = state.site.locales.get(&negotiated.lang);
    let values: Values = visit.query.clone().into_iter().collect();
    Html(preview_html(&programme, &values, words)).into_response()
}

/// `POST /organiser/events/{event}/sessions/{session}/duplicate`: a copy with a new id, its time to be
/// confirmed (the same time would clash in the same venue), opened for editing. A final programme
/// takes no session without a time: there the copy opens as a new session's form instead, to be
/// given its time before it is saved.
pub async fn duplicate(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    visit: Visit,
    organiser: Organiser,
    headers: HeaderMap,
    Form(values): Form<Values>,
) -> Response {
    let edit = match begin_edit(&state, &visit, &organiser, &headers, &values, &event).await {
        Ok(edit) => edit,
        Err(response) => return response,
    };
    let Ok(id) = Slug::parse(&session) else {
        return crate::public::not_found_response(&state, &visit);
    };
    let command = EditCommand::DuplicateSession { id, schedule: None };
    let applied = match apply(&edit.draft, vec![command], &CheckOptions::default()) {
        Ok(applied) => applied,
        Err(rejected) if rejected.is_unknown_session() => {
            return crate::public::not_found_response(&state, &visit);
        }
        Err(rejected) if rejected.errors().any(|d| d.code == "copy-needs-a-time") => {
            return Redirect::to(&format!(
                "/organiser/events/{event}/new-session?copy={session}"
            ))
            .into_response();
        }
        Err(rejected) => return refused(&state, &visit, &rejected),
    };
    let copy = applied
        .session
        .clone()
        .unwrap_or_else(|| Slug::parse(&session).expect("the path was read as an id above"));
    match save_changed_draft(&state, &organiser, &applied, edit.form_revision).await {
        Ok(()) => {
            Redirect::to(&format!("/organiser/events/{event}/sessions/{copy}")).into_response()
        }
        Err(NotSaved::Stale) => stale(&state, &visit, "org-conflict-nothing-copied"),
        Err(NotSaved::Store(response)) => response,
    }
}

/// `POST /organiser/events/{event}/sessions/{session}/rename`: gives the session the id `new_id`.
/// A session readers have seen keeps its old id as a former one, so its old address redirects and
/// calendars keep it.
pub async fn rename(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    visit: Visit,
    organiser: Organiser,
    headers: HeaderMap,
    Form(values): Form<Values>,
) -> Response {
    let edit = match begin_edit(&state, &visit, &organiser, &headers, &values, &event).await {
        Ok(edit) => edit,
        Err(response) => return response,
    };
    let Some(from) = Slug::parse(&session)
        .ok()
        .filter(|id| edit.draft.session(id).is_some())
    else {
        return crate::public::not_found_response(&state, &visit);
    };
    let words = state
        .site
        .locales
        .get(&visit.language(&state.site, "fr").lang);
    let given = values.get("new_id").map(|v| v.trim()).unwrap_or("");
    let to = match Slug::parse(given) {
        Ok(to) => to,
        Err(_) => {
            let message = words.message_with("org-bad-id", &[("given", given.to_owned().into())]);
            return (StatusCode::UNPROCESSABLE_ENTITY, message).into_response();
        }
    };
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
    let applied = match apply(&edit.draft, vec![command], &CheckOptions::default()) {
        Ok(applied) => applied,
        Err(rejected) if rejected.is_unknown_session() => {
            return crate::public::not_found_response(&state, &visit);
        }
        Err(rejected) => return refused(&state, &visit, &rejected),
    };
    match save_changed_draft(&state, &organiser, &applied, edit.form_revision).await {
        Ok(()) => Redirect::to(&format!("/organiser/events/{event}/sessions/{to}")).into_response(),
        Err(NotSaved::Stale) => stale(&state, &visit, "org-conflict"),
        Err(NotSaved::Store(response)) => response,
    }
}
