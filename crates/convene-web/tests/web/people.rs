//! The people taking part: the directory of an event and each person's page with their sessions.

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::{IZMIR, on_both};

/// The Izmir programme with the mayor of Izmir chairing the mayors' dialogue.
fn izmir_with_the_mayor() -> String {
    let people = "[[people]]\nid = \"tunc-soyer\"\nname = \"Tunç Soyer\"\n\
                  title.fr = \"Maire d’Izmir\"\ntitle.en = \"Mayor of Izmir\"\n\
                  title.tr = \"İzmir Büyükşehir Belediye Başkanı\"\ncity = \"Izmir\"\n\
                  country = \"Türkiye\"\nlink = \"https://www.izmir.bel.tr/\"\n\n";
    let first_session = IZMIR.find("[[sessions]]").unwrap();
    let mut source = format!(
        "{}{people}{}",
        &IZMIR[..first_session],
        &IZMIR[first_session..]
    );
    let dialogue = source.find("id = \"mayors-dialogue\"").unwrap();
    let questions = dialogue + source[dialogue..].find("[[sessions.questions]]").unwrap();
    source.insert_str(
        questions,
        "[[sessions.people]]\nperson = \"tunc-soyer\"\nrole = \"chair\"\n\n",
    );
    source
}

#[tokio::test]
async fn the_directory_lists_each_person_with_their_office_in_the_readers_language() {
    on_both(|app| async move {
        app.import(&izmir_with_the_mayor()).await;

        let page = app.get("/events/izmir-2021/people?lang=en").await;

        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.text().contains(
                "<li><a href=\"/events/izmir-2021/people/tunc-soyer?lang=en\">Tunç Soyer</a>, \
                 <span lang=\"en\">Mayor of Izmir</span> (Izmir, Türkiye)</li>"
            ),
            "{}",
            page.text()
        );
    })
    .await;
}

#[tokio::test]
async fn a_persons_page_shows_their_sessions_in_every_zone_and_the_readers_own() {
    on_both(|app| async move {
        app.import(&izmir_with_the_mayor()).await;

        let page = app
            .get("/events/izmir-2021/people/tunc-soyer?lang=tr&tz=Asia/Tokyo")
            .await;

        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        let row = &html[html
            .find("<tr id=\"mayors-dialogue\">")
            .expect("the dialogue's row")..];
        let row = &row[..row.find("</tr>").unwrap()];
        // Each cell holds its line's label, then the range "HH:MM–HH:MM".
        let ranges: Vec<&str> = row
            .split("<td class=\"time")
            .skip(1)
            .map(|cell| {
                let dash = cell.find('–').unwrap();
                &cell[dash - 5..dash + '–'.len_utf8() + 5]
            })
            .collect();
        assert_eq!(
            ranges,
            ["16:00–17:30", "14:00–15:30", "08:00–09:30", "22:00–23:30"]
        );
        assert!(
            row.contains("Oturum başkanı · "),
            "their role in the session: {row}"
        );
        assert!(html.contains("<th scope=\"col\">İzmir<small>Europe/Istanbul</small></th>"));
        assert!(html.contains(
            "<a href=\"https://www.izmir.bel.tr/\" rel=\"nofollow noopener noreferrer\">"
        ));
        assert_eq!(html.matches("<tr id=").count(), 1, "only their sessions");
    })
    .await;
}

#[tokio::test]
async fn a_session_links_to_the_pages_of_its_people_and_the_api_names_them() {
    on_both(|app| async move {
        app.import(&izmir_with_the_mayor()).await;

        let session = app
            .get("/events/izmir-2021/sessions/mayors-dialogue?lang=fr")
            .await
            .text();
        let api = app.get("/api/v1/events/izmir-2021/sessions?lang=en").await;

        assert!(
            session.contains(
                "<a href=\"/events/izmir-2021/people/tunc-soyer?lang=fr\">Tunç Soyer</a>"
            ),
            "{session}"
        );
        let view: Value = serde_json::from_slice(&api.body).unwrap();
        assert_eq!(
            view["days"][0]["sessions"][0]["people"][0]["id"],
            "tunc-soyer"
        );
        assert_eq!(view["people"][0]["sessions"][0], "mayors-dialogue");
    })
    .await;
}

#[tokio::test]
async fn someone_the_directory_lacks_has_no_page() {
    on_both(|app| async move {
        let page = app.get("/events/izmir-2021/people/nobody?lang=en").await;

        assert_eq!(page.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn someone_invited_to_no_session_yet_is_on_no_public_page_export_or_api_response() {
    on_both(|app| async move {
        let invited = "[[people]]\nid = \"zeynep-davet\"\nname = \"Zeynep Davetli\"\n\
                       title.fr = \"Maire de Bursa\"\ncity = \"Bursa\"\n\n";
        let with_the_mayor = izmir_with_the_mayor();
        let first_session = with_the_mayor.find("[[sessions]]").unwrap();
        let with_the_invited = format!(
            "{}{invited}{}",
            &with_the_mayor[..first_session],
            &with_the_mayor[first_session..]
        );
        app.import(&with_the_mayor).await;
        app.import(&with_the_invited).await;

        let mut addresses: Vec<String> = [
            "/",
            "/events/izmir-2021",
            "/events/izmir-2021/programme",
            "/events/izmir-2021/people",
            "/events/izmir-2021/people/tunc-soyer",
            "/events/izmir-2021/changes",
            "/events/izmir-2021/changes.atom",
            "/events/izmir-2021/programme.ics",
            "/events/izmir-2021/schedule.xml",
            "/events/izmir-2021/schedule.json",
            "/api/v1/events",
            "/api/v1/events/izmir-2021",
            "/api/v1/events/izmir-2021/sessions",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        let sessions = app.get("/api/v1/events/izmir-2021/sessions").await;
        let view: Value = serde_json::from_slice(&sessions.body).unwrap();
        for day in view["days"].as_array().unwrap() {
            for session in day["sessions"].as_array().unwrap() {
                let id = session["id"].as_str().unwrap();
                addresses.push(format!("/events/izmir-2021/sessions/{id}"));
            }
        }
        for address in &addresses {
            for lang in ["fr", "en", "tr"] {
                let page = app.get(&format!("{address}?lang={lang}")).await;
                assert_eq!(page.status, StatusCode::OK, "{address}");
                let text = page.text();
                assert!(!text.contains("Davetli"), "{address}?lang={lang}: {text}");
                assert!(!text.contains("zeynep"), "{address}?lang={lang}: {text}");
            }
        }
        let theirs = app
            .get("/events/izmir-2021/people/zeynep-davet?lang=en")
            .await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND);
        assert!(!theirs.text().contains("Davetli"));
    })
    .await;
}
