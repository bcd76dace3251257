//! Editing one session of the draft: the form, its checks at each field (the same checks as
//! `convene check`), refusing a save made on a stale copy, and the live preview of the times.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::diagnostic::PathStep;
use convene_core::locale::Localizer;
use convene_core::session::{Format, Schedule, SessionKind};
use convene_core::{CheckOptions, Keyword, Programme, Session, Slug, Text, check};
use jiff::civil::{Date, DateTime};

use super::auth::{Organiser, check_edit};
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

fn render(
    state: &AppState,
    visit: &Visit,
    organiser: &Organiser,
    programme: &Programme,
    session: &str,
    r: Rendering,
) -> Response {
    let new = session == "new";
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
        session_id: session.to_owned(),
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

/// `GET /organiser/events/{event}/sessions/{session}` (`new` for a new session).
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
    let existing = programme.sessions.iter().find(|s| s.id.as_str() == session);
    if existing.is_none() && session != "new" {
        return crate::public::not_found_response(&state, &visit);
    }
    let values = values_of(&programme, existing);
    render(
        &state,
        &visit,
        &organiser,
        &programme,
        &session,
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
    let edit = match begin_edit(&state, &visit, &organiser, &headers, &values, &event).await {
        Ok(edit) => edit,
        Err(response) => return response,
    };
    let current = edit.draft;
    let current_revision = edit.current_revision;
    let revision = edit.form_revision;
    let new = session == "new";
    let fixed_id = if new {
        None
    } else {
        Slug::parse(&session).ok()
    };
    let rerender = |errors, general, conflict, status| {
        render(
            &state,
            &visit,
            &organiser,
            &current,
            &session,
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
    let words = state
        .site
        .locales
        .get(&visit.language(&state.site, "fr").lang);
    let (parsed, errors) = parse(&current, &values, fixed_id.as_ref(), words);
    let Some(parsed) = parsed else {
        return rerender(errors, Vec::new(), None, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let mut next = current.clone();
    let index = match next.sessions.iter().position(|s| s.id == parsed.id) {
        Some(i) if !new => {
            next.sessions[i] = parsed.clone();
            i
        }
        Some(_) => {
            let errors = HashMap::from([(
                "id".to_owned(),
                format!("a session already has the id \"{}\"", parsed.id),
            )]);
            return rerender(errors, Vec::new(), None, StatusCode::UNPROCESSABLE_ENTITY);
        }
        None => {
            next.sessions.push(parsed.clone());
            next.sessions.len() - 1
        }
    };
    let source = next.event.source_language.to_string();
    let mut field_errors = HashMap::new();
    let mut general = Vec::new();
    // Problems in the organiser's language.
    let words = state
        .site
        .locales
        .get(&visit.language(&state.site, "fr").lang);
    for problem in check(&next, &CheckOptions::default())
        .into_iter()
        .filter(|d| d.is_error())
    {
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
    if !field_errors.is_empty() || !general.is_empty() {
        return rerender(
            field_errors,
            general,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let action = if new {
        "create-session"
    } else {
        "edit-session"
    };
    match save_changed_draft(
        &state,
        &organiser,
        &next,
        revision,
        action,
        parsed.id.as_str(),
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("/organiser/events/{event}?done=saved")).into_response(),
        Err(NotSaved::Stale) => {
            let _ = current_revision;
            let theirs = describe(&current, parsed.id.as_str());
            let mut latest = values.clone();
            latest.insert("revision".into(), current_revision.to_string());
            render(
                &state,
                &visit,
                &organiser,
                &current,
                &session,
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
    let mut programme = edit.draft;
    let revision = edit.form_revision;
    programme.sessions.retain(|s| s.id.as_str() != session);
    match save_changed_draft(&state, &organiser, &programme, revision, "delete-session", &session).await {
        Ok(()) => Redirect::to(&format!("/organiser/events/{event}?done=saved")).into_response(),
        Err(NotSaved::Stale) => (StatusCode::CONFLICT, "Someone else saved this programme since you opened the page; nothing was deleted. Go back and reload.").into_response(),
        Err(NotSaved::Store(response)) => response,
    }
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
/// confirmed (the same time would clash in the same venue), opened for editing.
pub async fn duplicate(
    State(state): State<AppState>,
    Path((event, session)): Path<(String, String)>,
    visit: Visit,
    organiser: Organiser,
    headers: HeaderMap,
    Form(values): Form<Values>,
) -> Response {
    if let Err(refusal) = check_edit(
        &organiser,
        &headers,
        values.get("csrf").map(String::as_str).unwrap_or(""),
    ) {
        return refusal.into_response();
    }
    let (mut programme, _, _) = match draft_programme(&state, &event).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return crate::public::not_found_response(&state, &visit),
        Err(response) => return response,
    };
    let Some(original) = programme
        .sessions
        .iter()
        .find(|s| s.id.as_str() == session)
        .cloned()
    else {
        return crate::public::not_found_response(&state, &visit);
    };
    let taken = |id: &str| programme.sessions.iter().any(|s| s.id.as_str() == id);
    let id = (2..)
        .map(|n| {
            format!(
                "{}-{n}",
                original.id.as_str().chars().take(60).collect::<String>()
            )
        })
        .find(|id| !taken(id))
        .and_then(|id| Slug::parse(&id).ok());
    let Some(id) = id else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "no free identifier for the copy",
        )
            .into_response();
    };
    let schedule = match original.schedule.date() {
        Some(date) => Schedule::TimeToBeConfirmed { date },
        None => Schedule::DateToBeConfirmed,
    };
    programme.sessions.push(Session {
        id: id.clone(),
        schedule,
        ..original
    });
    let revision: i64 = values
        .get("revision")
        .and_then(|r| r.parse().ok())
        .unwrap_or(-1);
    let detail = format!("{session} as {id}");
    match save_changed_draft(&state, &organiser, &programme, revision, "duplicate-session", &detail).await {
        Ok(()) => Redirect::to(&format!("/organiser/events/{event}/sessions/{id}")).into_response(),
        Err(NotSaved::Stale) => (StatusCode::CONFLICT, "Someone else saved this programme since you opened the page; nothing was copied. Go back and reload.").into_response(),
        Err(NotSaved::Store(response)) => response,
    }
}
