//! The JSON API and its OpenAPI document.

use axum::http::StatusCode;
use convene_core::locale::Localizer;
use convene_core::{CheckOptions, Language, ProgrammeView, ViewOptions, load};
use serde_json::{Value, json};

use crate::helpers::{IZMIR, on_both};

#[tokio::test]
async fn the_events_are_listed_with_their_version() {
    on_both(|app| async move {
        let reply = app.get("/api/v1/events?lang=en").await;
        assert_eq!(reply.header("content-type"), "application/json");
        let events: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(
            events,
            json!([{
                "id": "izmir-2021",
                "name": {"text": "3rd International Mayors’ Summit on Living Together", "lang": "en", "fallback": false},
                "status": "preliminary",
                "languages": ["fr", "en", "tr"],
                "version": 1,
                "sessions": "/api/v1/events/izmir-2021/sessions"
            }])
        );
    })
    .await;
}

#[tokio::test]
async fn sessions_have_the_shape_of_the_rendered_json() {
    on_both(|app| async move {
        let reply = app.get("/api/v1/events/izmir-2021/sessions?lang=tr").await;
        let served: Value = serde_json::from_slice(&reply.body).unwrap();
        let programme = load(IZMIR, &CheckOptions::default()).programme.unwrap();
        let words = Localizer::new(&Language::parse("tr").unwrap());
        let view = ProgrammeView::build(&programme, &words, &ViewOptions { reader_zone: None });
        assert_eq!(served, serde_json::to_value(&view).unwrap());
    })
    .await;
}

#[tokio::test]
async fn each_zone_is_labelled_in_the_readers_language() {
    on_both(|app| async move {
        for (lang, izmir) in [("tr", "İzmir"), ("fr", "Izmir"), ("en", "Izmir")] {
            let reply = app
                .get(&format!("/api/v1/events/izmir-2021/sessions?lang={lang}"))
                .await;
            let view: Value = serde_json::from_slice(&reply.body).unwrap();
            let labels: Vec<&Value> = view["days"][0]["sessions"][0]["times"]
                .as_array()
                .unwrap()
                .iter()
                .map(|time| &time["label"])
                .collect();
            assert_eq!(
                labels,
                [&json!(izmir), &json!("Paris"), &json!("Montréal")],
                "in {lang}"
            );
            assert_eq!(view["zones"][0]["label"], json!(izmir), "in {lang}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_readers_zone_is_added_to_each_sessions_times() {
    on_both(|app| async move {
        let reply = app
            .get("/api/v1/events/izmir-2021/sessions?lang=en&tz=Asia/Tokyo")
            .await;
        let view: Value = serde_json::from_slice(&reply.body).unwrap();
        let times = &view["days"][0]["sessions"][0]["times"];
        assert_eq!(times.as_array().unwrap().len(), 4);
        assert_eq!(
            (
                &times[3]["zone"],
                &times[3]["label"],
                &times[3]["start"],
                &times[3]["reader"]
            ),
            (
                &json!("Asia/Tokyo"),
                &json!("Your time"),
                &json!("2021-12-07T22:00:00+09:00"),
                &json!(true)
            )
        );
    })
    .await;
}

#[tokio::test]
async fn bad_parameters_get_a_400_that_says_why() {
    on_both(|app| async move {
        let zone = app
            .get("/api/v1/events/izmir-2021/sessions?tz=Europe/Izmir")
            .await;
        assert_eq!(zone.status, StatusCode::BAD_REQUEST);
        let body: Value = serde_json::from_slice(&zone.body).unwrap();
        assert_eq!(body["error"]["status"], 400);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("unknown time zone \"Europe/Izmir\""),
            "{body}"
        );
        let lang = app.get("/api/v1/events/izmir-2021/sessions?lang=de").await;
        assert_eq!(lang.status, StatusCode::BAD_REQUEST);
        let body: Value = serde_json::from_slice(&lang.body).unwrap();
        assert_eq!(
            body,
            json!({"error": {
                "status": 400,
                "message": "the programme is not published in \"de\"; ask for one of \"fr\", \"en\", \"tr\""
            }})
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_event_gets_a_json_404_that_says_so() {
    on_both(|app| async move {
        for uri in [
            "/api/v1/events/nowhere",
            "/api/v1/events/nowhere/sessions?lang=en",
        ] {
            let reply = app.get(uri).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(reply.header("content-type"), "application/json", "{uri}");
            assert_eq!(reply.header("cache-control"), "no-store", "{uri}");
            let body: Value = serde_json::from_slice(&reply.body).unwrap();
            assert_eq!(
                body,
                json!({"error": {"status": 404, "message": "Nothing is published at this address."}}),
                "{uri}"
            );
        }
        let turkish = app
            .get_with("/api/v1/events/nowhere", &[("accept-language", "tr")])
            .await;
        let body: Value = serde_json::from_slice(&turkish.body).unwrap();
        assert_eq!(
            body["error"]["message"],
            "Bu adreste yayımlanmış bir şey yok."
        );
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    on_both(|app| async move {
        let doc: Value = serde_json::from_slice(&app.get("/api/openapi.json").await.body).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        for path in [
            "/api/v1/events",
            "/api/v1/events/{id}",
            "/api/v1/events/{id}/sessions",
        ] {
            assert!(doc["paths"][path]["get"].is_object(), "{path}");
        }
        assert!(
            doc["components"]["schemas"]["ZoneTime"].is_object(),
            "{doc}"
        );
        let schemas = &doc["components"]["schemas"];
        for (schema, property) in [
            ("ZoneTime", "range_label"),
            ("TimeRangeLabel", "range"),
            ("TimeRangeLabel", "date_note"),
            ("SessionView", "meta_label"),
            ("EventDayView", "line_label"),
        ] {
            assert!(
                schemas[schema]["properties"][property].is_object(),
                "{schema}.{property} is described: {}",
                schemas[schema]
            );
        }
        assert!(
            doc["components"]["schemas"]["ApiErrorDetail"]["properties"]["status"].is_object(),
            "the error body is described: {doc}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_says_descriptions_are_markdown_as_written() {
    on_both(|app| async move {
        let doc: Value = serde_json::from_slice(&app.get("/api/openapi.json").await.body).unwrap();
        let schemas = &doc["components"]["schemas"];
        for (schema, property) in [
            ("SessionView", "description"),
            ("EventView", "introduction"),
        ] {
            // An optional field's description sits beside the reference to its type.
            let described = &schemas[schema]["properties"][property]["oneOf"][0];
            assert_eq!(described["$ref"], "#/components/schemas/LocalText");
            assert!(
                described["description"].as_str().is_some_and(
                    |d| d.starts_with(&format!("The {property} as written: CommonMark"))
                ),
                "{schema}.{property}: {described}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn every_response_of_the_openapi_document_is_described() {
    on_both(|app| async move {
        let doc: Value = serde_json::from_slice(&app.get("/api/openapi.json").await.body).unwrap();
        let mut responses = 0;
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for (method, operation) in operations.as_object().unwrap() {
                for (status, response) in operation["responses"].as_object().unwrap() {
                    let description = response["description"].as_str().unwrap_or("");
                    assert!(
                        !description.is_empty(),
                        "{method} {path} {status} has no description: {response}"
                    );
                    responses += 1;
                }
            }
        }
        assert_eq!(responses, 7);
    })
    .await;
}

#[tokio::test]
async fn the_served_openapi_document_is_the_one_the_command_line_prints() {
    on_both(|app| async move {
        let served = app.get("/api/openapi.json").await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.text(), convene_web::openapi_json().unwrap());
    })
    .await;
}
