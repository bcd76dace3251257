//! Events made in the browser: a blank one, or the next edition of one there is.

use axum::http::StatusCode;
use convene_core::{Edition, Language, Schedule, ZoneLabel};
use convene_store::Role;

use super::{draft, fields_of_form, set};
use crate::helpers::{Reply, Session, TestApp, on_both};

const NEW: &str = "/organiser/events/new";

/// The form for a new event as a browser without a script posts it.
fn new_event_form(page: &Reply) -> Vec<(String, String)> {
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    fields_of_form(
        &page.text(),
        "<form method=\"post\" action=\"/organiser/events/new\"",
    )
}

async fn post(app: &TestApp, who: &Session, fields: &[(String, String)]) -> Reply {
    super::post(app, who, &format!("{NEW}?lang=en"), fields).await
}

fn lang(tag: &str) -> Language {
    Language::parse(tag).unwrap()
}

/// A blank event's form, filled in: Lisbon, in English and Portuguese, on one hybrid day.
fn lisbon(mut fields: Vec<(String, String)>) -> Vec<(String, String)> {
    for (name, value) in [
        ("id", "lisbon-2026"),
        ("lang_fr", ""),
        ("lang_tr", ""),
        ("other_languages", "pt-BR"),
        ("source_language", "en"),
        ("host_zone", "Europe/Lisbon"),
        ("name_en", "Lisbon Forum on Living Together"),
        ("days[0].date", "2026-05-04"),
        ("days[0].format", "hybrid"),
    ] {
        set(&mut fields, name, value);
    }
    fields.retain(|(name, value)| !(name.starts_with("lang_") && value.is_empty()));
    fields
}

#[tokio::test]
async fn an_admin_makes_a_blank_event_and_finds_it_among_the_events() {
    on_both(|app| async move {
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let dashboard = app.get_with("/organiser", &admin.headers()).await.text();
        assert!(
            dashboard.contains("href=\"/organiser/events/new\""),
            "{dashboard}"
        );

        let form = new_event_form(&app.get_with(NEW, &admin.headers()).await);
        let created = post(&app, &admin, &lisbon(form)).await;

        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
        assert_eq!(
            created.header("location"),
            "/organiser/events/lisbon-2026?done=created"
        );
        let page = app
            .get_with(created.header("location"), &admin.headers())
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let programme = draft(&app, "lisbon-2026").await;
        assert_eq!(programme.event.languages, [lang("en"), lang("pt-BR")]);
        assert_eq!(programme.event.host_zone.name(), "Europe/Lisbon");
        assert_eq!(programme.zones[0].label, ZoneLabel::Same("Lisbon".into()));
        assert_eq!(programme.event.days[0].date.to_string(), "2026-05-04");
        let dashboard = app.get_with("/organiser", &admin.headers()).await.text();
        assert!(
            dashboard.contains(
                "<a href=\"/organiser/events/lisbon-2026\">Lisbon Forum on Living Together</a>"
            ),
            "{dashboard}"
        );
        let audit = app.store.audit_log(1).await.unwrap();
        assert_eq!(
            (audit[0].action.as_str(), audit[0].event_id.as_deref()),
            ("create-event", Some("lisbon-2026"))
        );
        assert_eq!(
            app.get("/events/lisbon-2026").await.status,
            StatusCode::NOT_FOUND,
            "a draft is not public"
        );

        // Published, it has its public page, even before it has sessions.
        let published = app
            .post_form(
                "/organiser/events/lisbon-2026/publish",
                &[("note", "First announcement"), ("csrf", &admin.csrf)],
                &admin.headers(),
            )
            .await;
        assert_eq!(
            published.header("location"),
            "/organiser/events/lisbon-2026?done=published&version=1"
        );
        for public in [
            "/events/lisbon-2026?lang=en",
            "/events/lisbon-2026/programme?lang=pt-BR",
            "/events/lisbon-2026/programme.ics",
        ] {
            let reply = app.get(public).await;
            assert_eq!(reply.status, StatusCode::OK, "{public}: {}", reply.text());
        }
    })
    .await;
}

#[tokio::test]
async fn the_next_edition_of_izmir_keeps_its_languages_zones_and_venues_and_continues_it() {
    on_both(|app| async move {
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let page = app
            .get_with(&format!("{NEW}?continues=izmir-2021"), &admin.headers())
            .await;
        let mut fields = new_event_form(&page);
        let html = page.text();
        assert!(
            html.contains("name=\"id\" value=\"izmir-2022\""),
            "the id a year later: {html}"
        );
        assert!(
            html.contains("value=\"2022-12-10\""),
            "the days a year later"
        );
        set(
            &mut fields,
            "name_fr",
            "4e Sommet des maires sur le vivre-ensemble",
        );
        set(
            &mut fields,
            "name_en",
            "4th Mayors’ Summit on Living Together",
        );
        set(&mut fields, "name_tr", "4. Belediye Başkanları Zirvesi");

        let created = post(&app, &admin, &fields).await;

        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
        assert_eq!(
            created.header("location"),
            "/organiser/events/izmir-2022?done=created"
        );
        let earlier = draft(&app, "izmir-2021").await;
        let next = draft(&app, "izmir-2022").await;
        assert_eq!(next.event.languages, [lang("fr"), lang("en"), lang("tr")]);
        assert_eq!(next.event.source_language, lang("fr"));
        assert_eq!(next.event.host_zone.name(), "Europe/Istanbul");
        let labels: Vec<(String, String)> = next
            .zones
            .iter()
            .map(|z| (z.zone.to_string(), z.label_in(&lang("tr"), &lang("fr"))))
            .collect();
        assert_eq!(
            labels,
            [
                ("Europe/Istanbul".into(), "İzmir".into()),
                ("Europe/Paris".into(), "Paris".into()),
                ("America/Toronto".into(), "Montréal".into()),
            ]
        );
        assert_eq!(next.venues, earlier.venues);
        assert!(next.people.is_empty());
        assert_eq!(next.sessions.len(), earlier.sessions.len());
        for (old, new) in earlier.sessions.iter().zip(&next.sessions) {
            assert_eq!(
                (&new.id, new.kind, &new.title),
                (&old.id, old.kind, &old.title)
            );
            assert!(!new.schedule.is_confirmed(), "{} has no time", new.id);
        }
        let opening = next
            .sessions
            .iter()
            .find(|s| s.id.as_str() == "mayors-dialogue")
            .unwrap();
        assert_eq!(
            opening.schedule,
            Schedule::TimeToBeConfirmed {
                date: "2022-12-07".parse().unwrap()
            },
            "on the first day, as the earlier one"
        );
        assert_eq!(
            next.event.continues.last(),
            Some(&Edition {
                name: earlier.event.name.clone(),
                city: Some("Izmir".into()),
                year: 2021,
            })
        );
        let audit = app.store.audit_log(1).await.unwrap();
        assert_eq!(
            (audit[0].action.as_str(), audit[0].detail.as_str()),
            ("create-next-edition", "izmir-2021"),
            "the event it continues, as data"
        );
        let log = app
            .get_with("/organiser/audit?lang=tr", &admin.headers())
            .await
            .text();
        assert!(
            log.contains("bir etkinliğin sonraki edisyonunu oluşturdu"),
            "said in the reader's language: {log}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_refused_new_event_comes_back_with_every_value_and_each_error_at_its_field() {
    on_both(|app| async move {
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let form = new_event_form(&app.get_with(&format!("{NEW}?lang=en"), &admin.headers()).await);
        let mut fields = lisbon(form);
        set(&mut fields, "id", "Lisbon 2026");
        set(&mut fields, "host_zone", "Europe/Lisboa");
        set(&mut fields, "days[0].date", "4 May");

        let refused = post(&app, &admin, &fields).await;

        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text();
        for expected in [
            "<p class=\"field-error\" id=\"id-error\">&#34;Lisbon 2026&#34; is not an identifier: use lower-case letters a-z, digits and single hyphens</p>",
            "<p class=\"field-error\" id=\"host_zone-error\">unknown time zone &#34;Europe/Lisboa&#34;; did you mean",
            "<p class=\"field-error\" id=\"days-0-date-error\">&#34;4 May&#34; is not a date; write it as YYYY-MM-DD, like 2021-12-07</p>",
            "value=\"Lisbon Forum on Living Together\"",
            "value=\"pt-BR\"",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
        assert!(
            html.contains("name=\"name_pt-BR\""),
            "a name field for a language written: {html}"
        );

        // An id another event has is an error at the id, and nothing is stored.
        let mut fields = lisbon(new_event_form(&app.get_with(NEW, &admin.headers()).await));
        set(&mut fields, "id", "izmir-2021");
        let taken = app
            .post_form(
                &format!("{NEW}?lang=en"),
                &fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect::<Vec<_>>(),
                &admin.headers(),
            )
            .await;
        assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            taken.text().contains("<p class=\"field-error\" id=\"id-error\">an event with the identifier “izmir-2021” exists already: choose another identifier</p>"),
            "{}",
            taken.text()
        );
        let drafts: Vec<String> = app
            .store
            .drafts()
            .await
            .unwrap()
            .iter()
            .map(|d| format!("{} {}", d.event_id, d.revision))
            .collect();
        assert_eq!(drafts, ["izmir-2021 1"], "nothing was stored");

        // "new" is the address of this page, not an event's.
        set(&mut fields, "id", "new");
        let reserved = post(&app, &admin, &fields).await;
        assert_eq!(reserved.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reserved.text().contains("id=\"id-error\""));
    })
    .await;
}

#[tokio::test]
async fn only_admins_make_events() {
    on_both(|app| async move {
        let anonymous = app.get(NEW).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
        assert!(
            anonymous
                .header("location")
                .starts_with("/organiser/login?next=")
        );
        let posted = app.post_form(NEW, &[("id", "lisbon-2026")], &[]).await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER);
        for (email, role) in [
            ("editor@example.org", Role::Editor),
            ("viewer@example.org", Role::Viewer),
        ] {
            let who = app.sign_in(email, role).await;
            let form = app.get_with(NEW, &who.headers()).await;
            assert_eq!(form.status, StatusCode::FORBIDDEN, "{email}");
            let dashboard = app.get_with("/organiser", &who.headers()).await.text();
            assert!(!dashboard.contains("/organiser/events/new"), "{email}");
            let posted = app
                .post_form(
                    NEW,
                    &[
                        ("csrf", who.csrf.as_str()),
                        ("id", "lisbon-2026"),
                        ("host_zone", "Europe/Lisbon"),
                        ("source_language", "fr"),
                        ("lang_fr", "yes"),
                        ("name_fr", "Lisbonne"),
                    ],
                    &who.headers(),
                )
                .await;
            assert_eq!(posted.status, StatusCode::FORBIDDEN, "{email}");
        }
        assert_eq!(app.store.drafts().await.unwrap().len(), 1);
    })
    .await;
}
