//! Making an event in the browser, for admins: a blank one (its id, names, languages, host zone
//! and days), or the next edition of an event there is (its id, names and days; the rest comes
//! from the earlier event, see `convene_core::new_event`). The event is stored as its first draft
//! with its audit entry, and the admin lands on its page; a refused form comes back with every
//! value and each problem at its field.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use convene_core::diagnostic::PathStep;
use convene_core::locale::Localizer;
use convene_core::new_event::{BlankEvent, NextEdition};
use convene_core::{
    CheckOptions, Checked, Diagnostic, Language, Programme, Rejected, Slug, Text, Zone,
};
use convene_store::StoreError;
use jiff::Timestamp;

use super::auth::{Organiser, Refusal, check_form};
use super::days;
use super::events::{draft_programme, frame};
use super::field::{Field, FieldErrors, FieldKind};
use super::limits;
use super::part::{Group, zone_names};
use super::rows::{self, Posted};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::unknown_zone;
use crate::page::Chrome;
use crate::request::Reader;

/// The languages offered as boxes to tick; any other is written as a tag.
const OFFERED: [&str; 3] = ["fr", "en", "tr"];

/// An id that is a word of the organiser area's addresses, not an event's.
const RESERVED: &str = "new";

/// The form of the next edition of `earlier`: its likely id, its names to start from, and its
/// days a year later.
fn next_edition_form(earlier: &Programme) -> Posted {
    let mut form = Posted {
        rows: NextEdition::suggested_days(earlier)
            .iter()
            .map(|day| days::row_of(day).with(rows::WAS, ""))
            .collect(),
        ..Posted::default()
    }
    .with("continues", earlier.event.id.to_string())
    .with(
        "id",
        NextEdition::suggested_id(earlier)
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    for (lang, name) in earlier.event.name.iter() {
        form = form.with(format!("name_{lang}"), name);
    }
    form
}

/// The form of a blank event: in French, English and Turkish, the organiser's language as the
/// source.
fn blank_form(words: &Localizer) -> Posted {
    OFFERED
        .iter()
        .fold(Posted::default(), |form, tag| {
            form.with(format!("lang_{tag}"), "yes")
        })
        .with("source_language", words.lang().as_str())
}

/// The languages a blank event's form declares: the ticked boxes, then the tags written; and the
/// first tag written that is not one.
fn declared(form: &Posted) -> (Vec<Language>, Option<String>) {
    let mut languages: Vec<Language> = OFFERED
        .iter()
        .filter(|tag| form.field(&format!("lang_{tag}")) == "yes")
        .filter_map(|tag| Language::parse(tag).ok())
        .collect();
    let mut unreadable = None;
    for given in form
        .field("other_languages")
        .split([' ', ',', ';'])
        .filter(|t| !t.is_empty())
    {
        match Language::parse(given) {
            Ok(lang) if !languages.contains(&lang) => languages.push(lang),
            Ok(_) => {}
            Err(_) => {
                unreadable.get_or_insert_with(|| given.to_owned());
            }
        }
    }
    (languages, unreadable)
}

/// The languages the form shows a name field for: the earlier event's, or those offered and those
/// declared.
fn name_languages(form: &Posted, earlier: Option<&Programme>) -> Vec<Language> {
    if let Some(earlier) = earlier {
        return super::part::languages_source_first(earlier)
            .into_iter()
            .cloned()
            .collect();
    }
    let mut languages: Vec<Language> = OFFERED
        .iter()
        .filter_map(|tag| Language::parse(tag).ok())
        .collect();
    for lang in declared(form).0 {
        if !languages.contains(&lang) {
            languages.push(lang);
        }
    }
    languages
}

/// What the form asks for, read.
enum Asked {
    Blank(BlankEvent),
    Next(NextEdition, Box<Programme>),
}

/// Reads the form into the event it asks for, with the day row each day comes from; or the
/// messages at the fields that cannot be read.
fn read(
    form: &Posted,
    earlier: Option<Programme>,
    words: &Localizer,
) -> Result<(Asked, Vec<usize>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let id = match form.field("id") {
        "" => {
            errors.insert("id".into(), words.message("org-event-needs-id"));
            None
        }
        RESERVED => {
            let message =
                words.message_with("org-event-id-reserved", &[("given", RESERVED.into())]);
            errors.insert("id".into(), message);
            None
        }
        given => Slug::parse(given)
            .map_err(|_| {
                let message =
                    words.message_with("org-bad-id", &[("given", given.to_owned().into())]);
                errors.insert("id".into(), message);
            })
            .ok(),
    };
    let mut name = Text::new();
    for (key, value) in &form.fields {
        if let Some(lang) = key
            .strip_prefix("name_")
            .and_then(|t| Language::parse(t).ok())
            && !value.trim().is_empty()
        {
            name.insert(lang, value.trim());
        }
    }
    let (days, rows) = match days::read_days(form, words) {
        Ok(read) => read,
        Err(day_errors) => {
            errors.extend(day_errors);
            (Vec::new(), Vec::new())
        }
    };
    let asked = match earlier {
        Some(earlier) => {
            id.map(|id| Asked::Next(NextEdition { id, name, days }, Box::new(earlier)))
        }
        None => {
            let (languages, unreadable) = declared(form);
            if let Some(given) = unreadable {
                let message = words.message_with("org-bad-language", &[("given", given.into())]);
                errors.insert("other_languages".into(), message);
            }
            let source_language = Language::parse(form.field("source_language"))
                .map_err(|_| {
                    let given = form.field("source_language").to_owned();
                    let message =
                        words.message_with("org-bad-language", &[("given", given.into())]);
                    errors.insert("source_language".into(), message);
                })
                .ok();
            let host_zone = match form.field("host_zone") {
                "" => {
                    errors.insert("host_zone".into(), words.message("org-zone-needs-name"));
                    None
                }
                given => Zone::parse(given)
                    .map_err(|unknown| {
                        errors.insert("host_zone".into(), unknown_zone(words, &unknown));
                    })
                    .ok(),
            };
            match (id, source_language, host_zone) {
                (Some(id), Some(source_language), Some(host_zone)) => {
                    Some(Asked::Blank(BlankEvent {
                        id,
                        name,
                        source_language,
                        languages,
                        host_zone,
                        days,
                    }))
                }
                _ => None,
            }
        }
    };
    match asked {
        Some(asked) if errors.is_empty() => Ok((asked, rows)),
        _ => Err(errors),
    }
}

/// The field a problem found by the checks belongs to; `None` for one no field holds.
fn place(problem: &Diagnostic, blank: bool, source: &Language, rows: &[usize]) -> Option<String> {
    let steps = problem.path.as_ref()?.steps();
    let [PathStep::Key(event), rest @ ..] = steps else {
        return None;
    };
    if event != "event" {
        return None;
    }
    match rest {
        [PathStep::Key(id)] if id == "id" => Some("id".into()),
        [PathStep::Key(name), PathStep::Key(lang), ..] if name == "name" => {
            Some(format!("name_{lang}"))
        }
        [PathStep::Key(name)] if name == "name" => Some(format!("name_{source}")),
        [PathStep::Key(languages), ..] if languages == "languages" && blank => {
            Some("source_language".into())
        }
        [PathStep::Key(host), ..] if host == "host_zone" && blank => Some("host_zone".into()),
        _ => days::place_day(rest, rows).map(|placed| placed.field),
    }
}

#[derive(Template)]
#[template(path = "organiser/new_event.html")]
struct NewEventPage<'a> {
    chrome: Chrome<'a>,
    signed_in: String,
    csrf: String,
    messages: Vec<String>,
    heading: String,
    /// The earlier event's id, for its next edition.
    earlier: Option<String>,
    /// What the next edition takes from the earlier event.
    copied: String,
    /// The events there are, to make the next edition of one.
    events: Vec<(String, String)>,
    fields: Vec<Field>,
    languages: Vec<Field>,
    names: Vec<Field>,
    /// The host zone of a blank event.
    zone: Vec<Field>,
    days: Vec<Group>,
    errors: Vec<String>,
    zone_names: Vec<String>,
}

/// The page as it is to be shown.
struct Shown<'f> {
    form: &'f Posted,
    earlier: Option<&'f Programme>,
    errors: FieldErrors,
    general: Vec<String>,
    status: StatusCode,
}

async fn render(
    state: &AppState,
    reader: &Reader,
    organiser: &Organiser,
    shown: Shown<'_>,
) -> Result<Response, AppError> {
    let Shown {
        form,
        earlier,
        errors,
        general,
        status,
    } = shown;
    let f = frame(reader, organiser, reader.words().message("org-new-event"));
    let words = f.chrome.t;
    let text = |name: &str, label: &str, kind: FieldKind| {
        Field::new(name, words.message(label), form.field(name), kind, &errors)
    };
    let fields = vec![text("id", "org-event-id", FieldKind::Text)];
    let mut languages = Vec::new();
    let mut zone = Vec::new();
    if earlier.is_none() {
        for tag in OFFERED {
            let lang = Language::parse(tag).expect("a tag");
            let name = format!("lang_{tag}");
            languages.push(Field::new(
                &name,
                words.language_name(&lang),
                form.field(&name),
                FieldKind::Check,
                &errors,
            ));
        }
        languages.push(text(
            "other_languages",
            "org-other-languages",
            FieldKind::Text,
        ));
        languages.push(text(
            "source_language",
            "org-source-language",
            FieldKind::Text,
        ));
        zone.push(text("host_zone", "org-host-zone", FieldKind::ZoneName));
    }
    let names = name_languages(form, earlier)
        .iter()
        .map(|lang| {
            let name = format!("name_{lang}");
            let label = words.message_with(
                "org-event-name-in",
                &[("language", words.language_name(lang).into())],
            );
            Field::new(&name, label, form.field(&name), FieldKind::Text, &errors)
        })
        .collect();
    let (venues, source) = match earlier {
        Some(earlier) => (
            earlier.venues.as_slice(),
            earlier.event.source_language.clone(),
        ),
        None => (&[][..], words.lang().clone()),
    };
    let day_groups = days::day_groups(form, venues, &source, &errors, words);
    let event_name = |p: &Programme| {
        p.event
            .name
            .get(words.lang(), &p.event.source_language)
            .map(|t| t.text)
            .unwrap_or_else(|| p.event.id.to_string())
    };
    let copied = earlier
        .map(|p| {
            let tags: Vec<&str> = p.event.languages.iter().map(Language::as_str).collect();
            words.message_with(
                "org-next-edition-copies",
                &[
                    ("languages", tags.join(", ").into()),
                    ("zone", p.event.host_zone.name().to_owned().into()),
                ],
            )
        })
        .unwrap_or_default();
    let events = if earlier.is_none() {
        state
            .store
            .drafts()
            .await?
            .into_iter()
            .map(|d| (d.event_id.to_string(), d.name))
            .collect()
    } else {
        Vec::new()
    };
    let mut messages = general;
    messages.extend(errors.values().cloned());
    let page = NewEventPage {
        heading: match earlier {
            Some(p) => {
                words.message_with("org-next-edition-of", &[("event", event_name(p).into())])
            }
            None => words.message("org-new-event"),
        },
        earlier: earlier.map(|p| p.event.id.to_string()),
        copied,
        events,
        fields,
        languages,
        names,
        zone,
        days: day_groups,
        errors: messages,
        zone_names: if earlier.is_none() {
            zone_names()
        } else {
            Vec::new()
        },
        chrome: f.chrome,
        signed_in: f.signed_in,
        csrf: f.csrf,
        messages: f.messages,
    };
    Ok((status, Html(page.render().unwrap_or_default())).into_response())
}

/// The earlier event a form continues, if it names one; 404 for an event without a draft.
async fn earlier_of(state: &AppState, form: &Posted) -> Result<Option<Programme>, AppError> {
    match form.field("continues") {
        "" => Ok(None),
        id => Ok(Some(draft_programme(state, id).await?.programme)),
    }
}

/// `GET /organiser/events/new[?continues=ID]`: the form of a blank event, or of the next edition
/// of event `ID`.
pub async fn form(
    State(state): State<AppState>,
    reader: Reader,
    organiser: Organiser,
) -> Result<Response, AppError> {
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let asked = Posted::default().with(
        "continues",
        reader.visit.param("continues").unwrap_or_default(),
    );
    let earlier = earlier_of(&state, &asked).await?;
    let form = match &earlier {
        Some(earlier) => next_edition_form(earlier),
        None => blank_form(reader.words()),
    };
    let shown = Shown {
        form: &form,
        earlier: earlier.as_ref(),
        errors: FieldErrors::new(),
        general: Vec::new(),
        status: StatusCode::OK,
    };
    render(&state, &reader, &organiser, shown).await
}

/// `POST /organiser/events/new`: check the event, store it as its first draft with the audit entry,
/// and go to its page.
pub async fn create(
    State(state): State<AppState>,
    reader: Reader,
    organiser: Organiser,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Posted::read(pairs, days::LIST, days::CHOICES);
    check_form(&headers, &organiser.csrf, form.field("csrf"))?;
    if !organiser.is_admin() {
        return Err(Refusal::Forbidden.into());
    }
    let earlier = earlier_of(&state, &form).await?;
    let words = reader.words();
    let refused = |errors: FieldErrors, general: Vec<String>| Shown {
        form: &form,
        earlier: earlier.as_ref(),
        errors,
        general,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    let (errors, general) = limits::beyond(&form, days::LIST, words);
    if !errors.is_empty() || !general.is_empty() {
        return render(&state, &reader, &organiser, refused(errors, general)).await;
    }
    let (asked, rows) = match read(&form, earlier.clone(), words) {
        Ok(read) => read,
        Err(errors) => {
            return render(&state, &reader, &organiser, refused(errors, Vec::new())).await;
        }
    };
    let options = CheckOptions::default();
    // The audit log records a next edition with the id of the event it continues, as data: the
    // audit page says it in the reader's language.
    let (checked, action, detail, source): (Result<Checked, Rejected>, &str, String, Language) =
        match asked {
            Asked::Blank(blank) => {
                let source = blank.source_language.clone();
                (
                    blank.programme(&options),
                    "create-event",
                    String::new(),
                    source,
                )
            }
            Asked::Next(next, earlier) => (
                next.programme(&earlier, &options),
                "create-next-edition",
                earlier.event.id.to_string(),
                earlier.event.source_language.clone(),
            ),
        };
    let blank = action == "create-event";
    let checked = match checked {
        Ok(checked) => checked,
        Err(rejected) => {
            let mut errors = FieldErrors::new();
            let mut general = Vec::new();
            for problem in rejected.errors() {
                match place(problem, blank, &source, &rows) {
                    Some(field) => {
                        errors.entry(field).or_insert(problem.localized(words));
                    }
                    None => general.push(problem.localized(words)),
                }
            }
            return render(&state, &reader, &organiser, refused(errors, general)).await;
        }
    };
    let id = checked.programme().event.id.to_string();
    let now = Timestamp::now();
    let by = Some(&organiser.user.id);
    let mut unit = state
        .store
        .begin(format!("creating event \"{id}\""))
        .await?;
    match unit.create_event(&checked, now, by).await {
        Ok(_) => {}
        Err(StoreError::EventExists { .. }) => {
            drop(unit);
            let message = words.message_with("org-event-id-taken", &[("given", id.into())]);
            let errors = FieldErrors::from([("id".to_owned(), message)]);
            return render(&state, &reader, &organiser, refused(errors, Vec::new())).await;
        }
        Err(err) => return Err(err.into()),
    }
    unit.record_audit(now, by, action, Some(&id), &detail)
        .await?;
    unit.commit().await?;
    Ok(Redirect::to(&format!("/organiser/events/{id}?done=created")).into_response())
}
