//! The exports served for calendar and conference apps.

use axum::http::StatusCode;

use crate::helpers::{on_both, on_both_at};

#[tokio::test]
async fn the_whole_programme_is_an_icalendar_download() {
    on_both(|app| async move {
        let reply = app.get("/events/izmir-2021/programme.ics").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("content-type"), "text/calendar; charset=utf-8");
        assert_eq!(
            reply.header("content-disposition"),
            "attachment; filename=\"izmir-2021.ics\""
        );
        let ics = reply.text();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
        assert_eq!(
            ics.matches("BEGIN:VEVENT").count(),
            5,
            "the five timed sessions"
        );
        assert!(ics.contains("DTSTART;TZID=Europe/Istanbul:20211207T160000"));
        assert!(
            ics.contains(
                "URL:https://summit.example.org/events/izmir-2021/sessions/mayors-dialogue"
            )
        );
    })
    .await;
}

#[tokio::test]
async fn one_session_is_an_icalendar_download_of_its_own() {
    on_both(|app| async move {
        let reply = app
            .get("/events/izmir-2021/sessions/workshop-dialogue.ics")
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.header("content-disposition"),
            "attachment; filename=\"workshop-dialogue.ics\""
        );
        let ics = reply.text();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.contains("DTSTART;TZID=Europe/Istanbul:20211208T191500"));
        let pending = app
            .get("/events/izmir-2021/sessions/closing-panel.ics")
            .await;
        assert_eq!(
            pending.status,
            StatusCode::NOT_FOUND,
            "a session to be confirmed has no calendar entry yet"
        );
    })
    .await;
}

#[tokio::test]
async fn the_c3voc_schedule_is_served_as_xml_and_json() {
    on_both(|app| async move {
        let xml = app.get("/events/izmir-2021/schedule.xml").await;
        assert_eq!(xml.header("content-type"), "application/xml; charset=utf-8");
        assert!(xml.text().contains("<schedule"));
        let json = app.get("/events/izmir-2021/schedule.json").await;
        assert_eq!(json.header("content-type"), "application/json");
        let value: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
        assert!(
            value["schedule"]["conference"]["acronym"] == "izmir_2021",
            "{value}"
        );
    })
    .await;
}

#[tokio::test]
async fn exports_of_an_unknown_event_are_404() {
    on_both(|app| async move {
        for uri in [
            "/events/nowhere/programme.ics",
            "/events/nowhere/schedule.xml",
            "/events/nowhere/schedule.json",
        ] {
            assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
        }
    })
    .await;
}

/// The href of the link whose text is `label`, in a page.
fn href_of<'a>(page: &'a str, label: &str) -> Option<&'a str> {
    let end = page.find(&format!("\">{label}</a>"))?;
    let start = page[..end].rfind("href=\"")? + "href=\"".len();
    Some(&page[start..end])
}

#[tokio::test]
async fn the_pages_offer_to_subscribe_to_the_calendar_in_their_language() {
    on_both(|app| async move {
        for (lang, download, subscribe) in [
            ("fr", "Tout le programme dans mon agenda (.ics)", "S’abonner (tenu à jour)"),
            ("en", "The whole programme in my calendar (.ics)", "Subscribe (kept up to date)"),
            ("tr", "Tüm program takvimimde (.ics)", "Abone ol (güncel kalır)"),
        ] {
            for page in ["/events/izmir-2021", "/events/izmir-2021/programme"] {
                let html = app.get(&format!("{page}?lang={lang}")).await.text();
                assert_eq!(
                    (href_of(&html, download), href_of(&html, subscribe)),
                    (
                        Some(format!("/events/izmir-2021/programme.ics?lang={lang}").as_str()),
                        Some(
                            format!(
                                "webcal://summit.example.org/events/izmir-2021/programme.ics?lang={lang}"
                            )
                            .as_str()
                        )
                    ),
                    "{page} in {lang}"
                );
            }
            let calendar = app
                .get(&format!("/events/izmir-2021/programme.ics?lang={lang}"))
                .await;
            assert_eq!(calendar.header("content-type"), "text/calendar; charset=utf-8");
        }
    })
    .await;
}

#[tokio::test]
async fn the_subscription_of_a_plain_http_site_keeps_its_host_and_port() {
    on_both_at("http://127.0.0.1:8080", |app| async move {
        let html = app.get("/events/izmir-2021?lang=en").await.text();
        assert_eq!(
            href_of(&html, "Subscribe (kept up to date)"),
            Some("webcal://127.0.0.1:8080/events/izmir-2021/programme.ics?lang=en")
        );
    })
    .await;
}
