//! What changed between published versions: a public page comparing any two versions, and an Atom
//! feed of the versions with a one-line summary each. Both read the versions from the store.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use convene_core::changes::{ChangeView, ChangesView, EventChangeView, WhenView, compare, summary};
use convene_core::language::printable;
use convene_core::locale::Localizer;
use convene_core::view::VenueView;
use convene_core::{CheckOptions, Programme, load};
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

use crate::AppState;
use crate::error::AppError;
use crate::http::{Document, Freshness};
use crate::page::Chrome;
use crate::request::PublishedEvent;

/// One line of the page: what changed, and from what to what.
struct Line {
    label: String,
    old: Option<String>,
    new: Option<String>,
}

struct SessionChanges {
    id: String,
    title: String,
    lang: String,
    lines: Vec<Line>,
}

struct VersionChoice {
    number: i64,
    label: String,
}

#[derive(Template)]
#[template(path = "changes.html")]
struct ChangesPage<'a> {
    chrome: Chrome<'a>,
    event_id: String,
    event_name: String,
    summary: String,
    from: i64,
    to: i64,
    versions: Vec<VersionChoice>,
    event_lines: Vec<Line>,
    sessions: Vec<SessionChanges>,
    nothing: bool,
}

/// "Wednesday, December 8, 2021: Izmir 7:30 PM – 8:45 PM (UTC+3) · Paris …": each zone as the
/// text programme lists it (label, range, offset), with its date note after the offset.
fn when(view: &WhenView, words: &Localizer) -> String {
    let day = view.date_label.clone().unwrap_or_default();
    match &view.times {
        Some(times) => {
            let zones: Vec<String> = times
                .iter()
                .map(|t| {
                    let note = t
                        .range_label
                        .date_note
                        .as_ref()
                        .map(|note| format!(", {note}"))
                        .unwrap_or_default();
                    format!("{} {} ({}){note}", t.label, t.range_label.range, t.offset)
                })
                .collect();
            words.message_with(
                "changes-when",
                &[("day", day.into()), ("times", zones.join(" · ").into())],
            )
        }
        None => format!(
            "{day} {}",
            view.time_status_label.clone().unwrap_or_default()
        )
        .trim()
        .to_owned(),
    }
}

fn venue(view: &VenueView) -> String {
    view.name
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_else(|| view.id.to_string())
}

fn line(change: &ChangeView, words: &Localizer) -> Line {
    let both = |label: &String, old: String, new: String| Line {
        label: label.clone(),
        old: Some(old),
        new: Some(new),
    };
    match change {
        ChangeView::Retimed { label, old, new }
        | ChangeView::TimesConfirmed { label, old, new }
        | ChangeView::TimesWithdrawn { label, old, new } => {
            both(label, when(old, words), when(new, words))
        }
        ChangeView::Added { label, when: w } => Line {
            label: label.clone(),
            old: None,
            new: Some(when(w, words)),
        },
        ChangeView::Removed { label, when: w } => Line {
            label: label.clone(),
            old: Some(when(w, words)),
            new: None,
        },
        ChangeView::Renamed { label, old, new } => both(label, old.text.clone(), new.text.clone()),
        ChangeView::Moved { label, old, new } => both(label, venue(old), venue(new)),
        ChangeView::FormatChanged { label, old, new }
        | ChangeView::KindChanged { label, old, new } => both(label, old.clone(), new.clone()),
        ChangeView::DescriptionChanged { label } | ChangeView::PeopleChanged { label } => Line {
            label: label.clone(),
            old: None,
            new: None,
        },
    }
}

fn event_line(change: &EventChangeView) -> Line {
    match change {
        EventChangeView::Status { label, old, new } => Line {
            label: label.clone(),
            old: Some(old.clone()),
            new: Some(new.clone()),
        },
        EventChangeView::Zones { label, old, new } => {
            let names = |zones: &[convene_core::view::ZoneView]| {
                zones
                    .iter()
                    .map(|z| z.label.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            Line {
                label: label.clone(),
                old: Some(names(old)),
                new: Some(names(new)),
            }
        }
        EventChangeView::Name { label, old, new } => Line {
            label: label.clone(),
            old: Some(old.text.clone()),
            new: Some(new.text.clone()),
        },
    }
}

/// The published programme of a version: the current one from memory, an earlier one read back
/// from the store (pages made from it are cached until the next publication); `None` for a
/// version that does not exist or no longer passes the checks.
async fn version(
    state: &AppState,
    event: &PublishedEvent,
    number: i64,
) -> Result<Option<Programme>, AppError> {
    if event.published.version == number {
        return Ok(Some(event.published.programme.clone()));
    }
    let Some(stored) = state.store.programme_version(event.id(), number).await? else {
        return Ok(None);
    };
    Ok(tokio::task::spawn_blocking(move || {
        load(&stored.source, &CheckOptions::default()).programme
    })
    .await
    .ok()
    .flatten())
}

/// `GET /events/{event}/changes?from=N&to=M` (default: the previous version against the newest).
pub async fn page(
    State(state): State<AppState>,
    event: PublishedEvent,
) -> Result<Response, AppError> {
    let visit = &event.reader.visit;
    let newest = event.published.version;
    let to = visit
        .param("to")
        .and_then(|v| v.parse().ok())
        .filter(|v| (1..=newest).contains(v))
        .unwrap_or(newest);
    let from = visit
        .param("from")
        .and_then(|v| v.parse().ok())
        .filter(|v| (1..=newest).contains(v))
        .unwrap_or((to - 1).max(1));
    let id = event.id();
    // The page's address and query (its language links repeat them) and the versions compared;
    // none for a page with a notice about this request, which is never kept.
    let key = event
        .cache_key()
        .map(|page| format!("changes|{from}|{to}|{page}"));
    let freshness = if key.is_some() {
        Freshness::Programme
    } else {
        Freshness::NoStore
    };
    let site = event.reader.site();
    if let Some(document) = key
        .as_ref()
        .and_then(|k| site.cache.peek(event.generation, k))
    {
        return Ok(document.respond(&visit.headers, freshness));
    }
    let (Some(old), Some(new)) = (
        version(&state, &event, from).await?,
        version(&state, &event, to).await?,
    ) else {
        return Err(AppError::NotFound);
    };
    // The list of versions to choose from is a convenience: without the store, the page still shows.
    let versions = state.store.versions(id).await.unwrap_or_else(|err| {
        tracing::warn!(error = %err, "the changes page is shown without its list of versions");
        Vec::new()
    });
    let mut chrome = event.chrome(String::new());
    let changes = compare(&old, &new);
    let view = ChangesView::build(&old, &new, &changes, chrome.t);
    chrome.title = format!("{} — {}", chrome.text("org-changes"), view.event_name.text);
    chrome.event = Some((id.to_owned(), view.event_name.text.clone()));
    let page = ChangesPage {
        event_id: id.to_owned(),
        event_name: view.event_name.text.clone(),
        summary: view.summary.clone(),
        from,
        to,
        versions: versions
            .iter()
            .map(|v| VersionChoice {
                number: v.number,
                label: format!(
                    "{} — {} — {}",
                    v.number,
                    v.stored_at.strftime("%Y-%m-%d"),
                    v.note
                ),
            })
            .collect(),
        event_lines: view.event.iter().map(event_line).collect(),
        sessions: view
            .sessions
            .iter()
            .map(|s| SessionChanges {
                id: s.id.to_string(),
                title: s.title.text.clone(),
                lang: s.title.lang.to_string(),
                lines: s.changes.iter().map(|c| line(c, chrome.t)).collect(),
            })
            .collect(),
        nothing: changes.is_empty(),
        chrome,
    };
    let document = Document::new(
        page.render().unwrap_or_default(),
        "text/html; charset=utf-8",
    )
    .vary("Accept-Language, Cookie");
    if let Some(key) = &key {
        site.cache.put(event.generation, key, document.clone());
    }
    Ok(document.respond(&visit.headers, freshness))
}

/// `GET /events/{event}/changes.atom`: the published versions, newest first, each with its summary.
pub async fn feed(
    State(state): State<AppState>,
    event: PublishedEvent,
) -> Result<Response, AppError> {
    let visit = &event.reader.visit;
    let site = event.reader.site();
    let programme_event = &event.published.programme.event;
    let lang = visit
        .param("lang")
        .filter(|l| site.locales.supports(l))
        .map(str::to_owned)
        .unwrap_or_else(|| programme_event.source_language.to_string());
    let id = event.id();
    let key = format!("atom|{id}|{lang}");
    if let Some(document) = site.cache.peek(event.generation, &key) {
        return Ok(document.respond(&visit.headers, Freshness::Programme));
    }
    let words = site.locales.get(&lang);
    let versions = state.store.versions(id).await?;
    let mut entries = Vec::new();
    for v in versions.iter().take(20) {
        let Some(new) = version(&state, &event, v.number).await? else {
            continue;
        };
        let text = match v.number {
            1 => v.note.clone(),
            n => match version(&state, &event, n - 1).await? {
                Some(old) => summary(&compare(&old, &new), &new, words),
                None => v.note.clone(),
            },
        };
        entries.push((v.number, v.note.clone(), v.stored_at, text));
    }
    let name = programme_event
        .name
        .get(words.lang(), &programme_event.source_language)
        .map(|t| t.text)
        .unwrap_or_else(|| id.to_owned());
    let body = atom(&site.base_url, id, &name, &lang, &entries);
    let document = Document::new(body, "application/atom+xml; charset=utf-8");
    site.cache.put(event.generation, &key, document.clone());
    Ok(document.respond(&visit.headers, Freshness::Programme))
}

type Entry = (i64, String, jiff::Timestamp, String);

fn atom(base: &str, event: &str, name: &str, lang: &str, entries: &[Entry]) -> Vec<u8> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Every text, notes included, without the characters XML forbids.
    let text = |writer: &mut Writer<Vec<u8>>, tag: &str, value: &str| {
        let value = printable(value);
        let _ = writer.write_event(Event::Start(BytesStart::new(tag)));
        let _ = writer.write_event(Event::Text(BytesText::new(&value)));
        let _ = writer.write_event(Event::End(BytesEnd::new(tag)));
    };
    let link = |writer: &mut Writer<Vec<u8>>, href: &str, rel: Option<&str>| {
        let mut start = BytesStart::new("link");
        start.push_attribute(("href", href));
        if let Some(rel) = rel {
            start.push_attribute(("rel", rel));
        }
        let _ = writer.write_event(Event::Empty(start));
    };
    let _ = writer.write_event(Event::Decl(quick_xml::events::BytesDecl::new(
        "1.0",
        Some("utf-8"),
        None,
    )));
    let mut feed = BytesStart::new("feed");
    feed.push_attribute(("xmlns", "http://www.w3.org/2005/Atom"));
    feed.push_attribute(("xml:lang", lang));
    let _ = writer.write_event(Event::Start(feed));
    text(
        &mut writer,
        "id",
        &format!("{base}/events/{event}/changes.atom"),
    );
    text(&mut writer, "title", name);
    let updated = entries
        .first()
        .map(|e| e.2)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    text(&mut writer, "updated", &updated.to_string());
    link(
        &mut writer,
        &format!("{base}/events/{event}/changes.atom"),
        Some("self"),
    );
    link(
        &mut writer,
        &format!("{base}/events/{event}/programme"),
        None,
    );
    let _ = writer.write_event(Event::Start(BytesStart::new("author")));
    text(&mut writer, "name", name);
    let _ = writer.write_event(Event::End(BytesEnd::new("author")));
    for (number, note, at, summary) in entries {
        let _ = writer.write_event(Event::Start(BytesStart::new("entry")));
        text(
            &mut writer,
            "id",
            &format!("{base}/events/{event}/changes?to={number}"),
        );
        text(&mut writer, "title", &format!("{number} — {note}"));
        text(&mut writer, "updated", &at.to_string());
        link(
            &mut writer,
            &format!(
                "{base}/events/{event}/changes?from={}&to={number}",
                (number - 1).max(1)
            ),
            None,
        );
        text(&mut writer, "summary", summary);
        let _ = writer.write_event(Event::End(BytesEnd::new("entry")));
    }
    let _ = writer.write_event(Event::End(BytesEnd::new("feed")));
    let mut out = writer.into_inner();
    out.push(b'\n');
    out
}
