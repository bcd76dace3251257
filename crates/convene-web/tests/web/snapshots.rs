//! The main public and organiser pages in each language, snapshotted as a person receives them,
//! with what changes from run to run (CSRF tokens, the time a version was stored) redacted.
//! SQLite renders the snapshots; PostgreSQL must render the very same pages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use convene_store::Role;

use crate::helpers::{IZMIR, Reply, TestApp, hidden, on_both};

const LANGUAGES: [&str; 3] = ["fr", "en", "tr"];
const EVENT: &str = "izmir-2021";

/// The pages seen on SQLite by name, for the PostgreSQL half to be compared with.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<HashMap<String, String>>>);

impl Seen {
    /// Snapshots `page` under `name` on SQLite; on PostgreSQL, requires the page SQLite gave.
    fn check(&self, app: &TestApp, name: &str, page: String) {
        let mut seen = self.0.lock().expect("no test panicked holding the pages");
        match app.backend {
            "sqlite" => {
                insta::assert_snapshot!(name, page);
                seen.insert(name.to_owned(), page);
            }
            backend => {
                let sqlite = seen
                    .get(name)
                    .unwrap_or_else(|| panic!("{name} was not rendered on SQLite first"));
                assert_eq!(&page, sqlite, "{name} on {backend} differs from SQLite");
            }
        }
    }
}

/// The page's HTML, after checking it answered 200, with the CSRF token and the given stamps
/// replaced by fixed words.
fn page(reply: Reply, stamps: &[(String, &str)]) -> String {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let mut html = reply.text();
    if let Some(token) = hidden(&html, "csrf") {
        html = html.replace(&token, "[csrf]");
    }
    for (stamp, word) in stamps {
        html = html.replace(stamp.as_str(), word);
    }
    html
}

/// Izmir with Tokyo among the display zones (where workshop 3 falls on the next day)
/// and workshop 3 moved to 19:30–20:45.
fn second_version() -> String {
    IZMIR
        .replace(
            "label = \"Montréal\"\n",
            "label = \"Montréal\"\n\n[[zones]]\nzone = \"Asia/Tokyo\"\nlabel = \"Tokyo\"\n",
        )
        .replace(
            "start = \"19:15\"\nend = \"20:30\"",
            "start = \"19:30\"\nend = \"20:45\"",
        )
}

/// How the pages write when the versions after the first were stored (now, as the test runs),
/// each with its redaction.
async fn version_stamps(app: &TestApp) -> Vec<(String, &'static str)> {
    let versions = app.store.versions(EVENT).await.expect("the store answers");
    versions
        .iter()
        .filter(|v| v.number > 1)
        .flat_map(|v| {
            [
                (
                    v.stored_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
                    "[stored at]",
                ),
                (v.stored_at.strftime("%Y-%m-%d").to_string(), "[stored on]"),
            ]
        })
        .collect()
}

#[tokio::test]
async fn the_event_home_in_each_language() {
    let seen = Seen::default();
    on_both(|app| {
        let seen = seen.clone();
        async move {
            for lang in LANGUAGES {
                let html = page(app.get(&format!("/events/{EVENT}?lang={lang}")).await, &[]);
                seen.check(&app, &format!("event-home-{lang}"), html);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_programme_in_each_language_for_a_reader_in_auckland() {
    let seen = Seen::default();
    on_both(|app| {
        let seen = seen.clone();
        async move {
            for lang in LANGUAGES {
                let uri = format!("/events/{EVENT}/programme?lang={lang}&tz=Pacific/Auckland");
                let html = page(app.get(&uri).await, &[]);
                seen.check(&app, &format!("programme-{lang}"), html);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_session_page_in_each_language() {
    let seen = Seen::default();
    on_both(|app| {
        let seen = seen.clone();
        async move {
            for lang in LANGUAGES {
                let uri = format!("/events/{EVENT}/sessions/workshop-dialogue?lang={lang}");
                let html = page(app.get(&uri).await, &[]);
                seen.check(&app, &format!("session-{lang}"), html);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_changes_page_after_a_second_version_in_each_language() {
    let seen = Seen::default();
    on_both(|app| {
        let seen = seen.clone();
        async move {
            assert_eq!(app.import(&second_version()).await, 2);
            let stamps = version_stamps(&app).await;
            for lang in LANGUAGES {
                let uri = format!("/events/{EVENT}/changes?lang={lang}");
                let html = page(app.get(&uri).await, &stamps);
                seen.check(&app, &format!("changes-{lang}"), html);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_organisers_draft_page_in_each_language() {
    let seen = Seen::default();
    on_both(|app| {
        let seen = seen.clone();
        async move {
            let editor = app.sign_in("editor@example.org", Role::Editor).await;
            for lang in LANGUAGES {
                let uri = format!("/organiser/events/{EVENT}?lang={lang}");
                let html = page(app.get_with(&uri, &editor.headers()).await, &[]);
                seen.check(&app, &format!("organiser-draft-{lang}"), html);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_session_edit_page_in_each_language() {
    let seen = Seen::default();
    on_both(|app| {
        let seen = seen.clone();
        async move {
            let editor = app.sign_in("editor@example.org", Role::Editor).await;
            for lang in LANGUAGES {
                let uri =
                    format!("/organiser/events/{EVENT}/sessions/workshop-dialogue?lang={lang}");
                let html = page(app.get_with(&uri, &editor.headers()).await, &[]);
                seen.check(&app, &format!("organiser-session-{lang}"), html);
            }
        }
    })
    .await;
}

/// Lists the mayor of Izmir among the people of the Izmir draft.
async fn add_tunc_soyer(app: &TestApp) {
    let draft = app.store.draft(EVENT).await.unwrap().unwrap();
    let options = convene_core::CheckOptions::default();
    let current = convene_core::Checked::load(&draft.source, &options).unwrap();
    let lang = |tag| convene_core::Language::parse(tag).unwrap();
    let tunc_soyer = convene_core::Person {
        id: convene_core::Slug::parse("tunc-soyer").unwrap(),
        name: "Tunç Soyer".into(),
        title: convene_core::Text::new()
            .with(lang("fr"), "Maire d’Izmir")
            .with(lang("en"), "Mayor of Izmir"),
        city: Some("Izmir".into()),
        country: Some("Türkiye".into()),
        link: Some("https://www.izmir.bel.tr/".into()),
    };
    let edit = convene_core::Edit::SetPeople(vec![tunc_soyer]);
    let applied = convene_core::apply(current.programme(), vec![edit], &options).unwrap();
    let at: jiff::Timestamp = "2021-11-21T09:00:00Z".parse().unwrap();
    app.store
        .save_draft(&applied.programme, Some(draft.revision), at, None)
        .await
        .unwrap();
}

/// The page with the list of every zone name the browser suggests, which follows the time-zone
/// database, said in one word.
fn without_zone_names(html: String) -> String {
    let opening = "<datalist id=\"zone-names\">";
    match (html.find(opening), html.find("</datalist>")) {
        (Some(start), Some(end)) if start < end => format!(
            "{}[zone names]{}",
            &html[..start + opening.len()],
            &html[end..]
        ),
        _ => html,
    }
}

#[tokio::test]
async fn the_pages_that_make_an_event_and_edit_its_parts_in_english() {
    let seen = Seen::default();
    on_both(|app| {
        let seen = seen.clone();
        async move {
            let admin = app.sign_in("admin@example.org", Role::Admin).await;
            add_tunc_soyer(&app).await;
            let pages = [
                (
                    "organiser-new-event-en",
                    "/organiser/events/new?lang=en".to_owned(),
                ),
                (
                    "organiser-next-edition-en",
                    format!("/organiser/events/new?continues={EVENT}&lang=en"),
                ),
                (
                    "organiser-introduction-en",
                    format!("/organiser/events/{EVENT}/introduction?lang=en"),
                ),
                (
                    "organiser-days-en",
                    format!("/organiser/events/{EVENT}/days?lang=en"),
                ),
                (
                    "organiser-venues-en",
                    format!("/organiser/events/{EVENT}/venues?lang=en"),
                ),
                (
                    "organiser-zones-en",
                    format!("/organiser/events/{EVENT}/zones?lang=en"),
                ),
                (
                    "organiser-people-en",
                    format!("/organiser/events/{EVENT}/people?lang=en"),
                ),
            ];
            for (name, uri) in pages {
                let html = page(app.get_with(&uri, &admin.headers()).await, &[]);
                seen.check(&app, name, without_zone_names(html));
            }
        }
    })
    .await;
}
