//! The pages that edit one part of the draft: its introduction, days, venues, display zones and
//! people. Each saves through the checked edit commands on the revision it was made from.

use axum::http::StatusCode;
use convene_core::{Language, Text, ZoneLabel};
use convene_store::Role;

use super::{draft, edit_form, fields_of_form, set};
use crate::helpers::{Reply, Session, TestApp, on_both};

const EVENT: &str = "/organiser/events/izmir-2021";
const PARTS: [&str; 5] = ["introduction", "days", "venues", "zones", "people"];

/// The page of `part`, in English, and its form as a browser without a script posts it.
async fn open(app: &TestApp, who: &Session, part: &str) -> (String, Vec<(String, String)>) {
    let page = app
        .get_with(&format!("{EVENT}/{part}?lang=en"), &who.headers())
        .await;
    assert_eq!(page.status, StatusCode::OK, "{part}: {}", page.text());
    let html = page.text();
    let fields = fields_of_form(
        &html,
        "<form method=\"post\" class=\"stacked organiser-form\"",
    );
    (html, fields)
}

/// Posts the form of `part`, asking for English.
async fn save(app: &TestApp, who: &Session, part: &str, fields: &[(String, String)]) -> Reply {
    super::post(app, who, &format!("{EVENT}/{part}?lang=en"), fields).await
}

/// Saves and expects the page again with the saved values.
async fn saved(app: &TestApp, who: &Session, part: &str, fields: &[(String, String)]) -> String {
    let reply = save(app, who, part, fields).await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{part}: {}",
        reply.text()
    );
    assert_eq!(
        reply.header("location"),
        format!("{EVENT}/{part}?done=saved")
    );
    let page = app
        .get_with(
            &format!("{}&lang=en", reply.header("location")),
            &who.headers(),
        )
        .await;
    assert!(page.text().contains("Saved."), "{part}");
    page.text()
}

/// The error shown at the field whose element id is `id`.
fn error_at(html: &str, id: &str) -> Option<String> {
    let marker = format!("<p class=\"field-error\" id=\"{id}-error\">");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find("</p>")? + start;
    Some(html[start..end].to_owned())
}

/// The name of the field of row `row` of `list` whose value is `value`: `days[2].date`.
fn row_with(fields: &[(String, String)], list: &str, field: &str, value: &str) -> usize {
    fields
        .iter()
        .find_map(|(name, v)| {
            let index = name.strip_prefix(&format!("{list}["))?.split_once("].")?;
            (index.1 == field && v == value).then(|| index.0.parse().ok())?
        })
        .unwrap_or_else(|| panic!("no {list} row with {field} = {value} in {fields:?}"))
}

async fn revision(app: &TestApp) -> i64 {
    app.store
        .draft("izmir-2021")
        .await
        .unwrap()
        .unwrap()
        .revision
}

fn lang(tag: &str) -> Language {
    Language::parse(tag).unwrap()
}

#[tokio::test]
async fn the_introduction_is_written_per_language_side_by_side() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let (html, mut fields) = open(&app, &editor, "introduction").await;
        let at = |name: &str| html.find(&format!("name=\"{name}\"")).unwrap();
        assert!(
            at("introduction_fr") < at("introduction_en") && at("introduction_en") < at("introduction_tr"),
            "the source language first"
        );

        // As a browser sends a text area: its line breaks as CR LF.
        set(&mut fields, "introduction_en", "Cities at the forefront.\r\n\r\nSecond paragraph.");
        set(&mut fields, "introduction_tr", "");
        let page = saved(&app, &editor, "introduction", &fields).await;

        let programme = draft(&app, "izmir-2021").await;
        assert_eq!(
            programme.event.introduction.in_language(&lang("en")),
            Some("Cities at the forefront.\n\nSecond paragraph.")
        );
        assert_eq!(programme.event.introduction.in_language(&lang("tr")), None);
        let izmir = convene_core::load(crate::helpers::IZMIR, &Default::default())
            .programme
            .unwrap();
        assert_eq!(
            programme.event.introduction.in_language(&lang("fr")),
            izmir.event.introduction.in_language(&lang("fr")),
            "a text sent back unchanged stays as it was"
        );
        assert!(page.contains(">Cities at the forefront.\n\nSecond paragraph.</textarea>"));
        assert!(
            page.contains("<label for=\"introduction_tr\">Introduction (Turkish) <span class=\"fallback\">(missing translation)</span></label>"),
            "{page}"
        );

        // A translation without its source text is refused at the source's field.
        let (_, mut fields) = open(&app, &editor, "introduction").await;
        set(&mut fields, "introduction_fr", "");
        let refused = save(&app, &editor, "introduction", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text();
        assert_eq!(
            error_at(&html, "introduction_fr").as_deref(),
            Some("`event.introduction` has no text in &#34;fr&#34;, the source language")
        );
        assert!(html.contains(">Cities at the forefront."), "the values typed stay");
    })
    .await;
}

#[tokio::test]
async fn an_introduction_keeps_the_indentation_that_makes_its_meaning() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let (_, mut fields) = open(&app, &editor, "introduction").await;
        set(
            &mut fields,
            "introduction_en",
            "\r\n\r\n    convene check izmir.toml\r\n\r\nChecks the file.  \r\n",
        );
        set(&mut fields, "introduction_tr", "  - Birinci\r\n  - İkinci");

        saved(&app, &editor, "introduction", &fields).await;

        let introduction = draft(&app, "izmir-2021").await.event.introduction;
        assert_eq!(
            introduction.in_language(&lang("en")),
            Some("    convene check izmir.toml\n\nChecks the file."),
            "an indented code block stays one"
        );
        assert_eq!(
            introduction.in_language(&lang("tr")),
            Some("  - Birinci\n  - İkinci")
        );
    })
    .await;
}

#[tokio::test]
async fn days_are_added_and_removed_without_a_script() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let (html, mut fields) = open(&app, &editor, "days").await;
        assert!(html.contains("<input type=\"date\" id=\"days-0-date\" name=\"days[0].date\" value=\"2021-12-07\">"), "{html}");
        assert!(html.contains("name=\"days[3].date\""), "an empty row to add a day");
        assert!(!html.contains("name=\"days[3].remove\""), "nothing to remove there");

        set(&mut fields, "days[3].date", "2021-12-09");
        set(&mut fields, "days[3].venue", "online");
        saved(&app, &editor, "days", &fields).await;
        let dates: Vec<String> = draft(&app, "izmir-2021")
            .await
            .event
            .days
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        assert_eq!(dates, ["2021-12-07", "2021-12-08", "2021-12-10", "2021-12-09"]);

        // The 10th has sessions: it cannot go while they are on it.
        let (_, mut fields) = open(&app, &editor, "days").await;
        let tenth = row_with(&fields, "days", "date", "2021-12-10");
        set(&mut fields, &format!("days[{tenth}].remove"), "yes");
        let before = revision(&app).await;
        let refused = save(&app, &editor, "days", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = error_at(&refused.text(), &format!("days-{tenth}-remove")).unwrap();
        assert!(
            message.starts_with("session “") && message.ends_with("” is on 2021-12-10: move it to another day first, or keep this day"),
            "{message}"
        );
        assert_eq!(revision(&app).await, before, "nothing saved");

        // The 9th has none.
        let (_, mut fields) = open(&app, &editor, "days").await;
        let ninth = row_with(&fields, "days", "date", "2021-12-09");
        set(&mut fields, &format!("days[{ninth}].remove"), "yes");
        saved(&app, &editor, "days", &fields).await;
        assert_eq!(draft(&app, "izmir-2021").await.event.days.len(), 3);
    })
    .await;
}

#[tokio::test]
async fn venues_are_added_and_one_still_used_cannot_go() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let (html, mut fields) = open(&app, &editor, "venues").await;
        assert!(html.contains("name=\"venues[1].name_tr\" value=\"İzmir\""), "{html}");
        for (name, value) in [
            ("venues[2].id", "paris-city-hall"),
            ("venues[2].kind", "place"),
            ("venues[2].name_fr", "Hôtel de Ville"),
            ("venues[2].name_en", "Paris City Hall"),
            ("venues[2].city", "Paris"),
            ("venues[2].address", "Place de l’Hôtel de Ville, 75004 Paris"),
        ] {
            set(&mut fields, name, value);
        }
        let page = saved(&app, &editor, "venues", &fields).await;
        assert!(page.contains("name=\"venues[2].name_en\" value=\"Paris City Hall\""));
        assert!(
            page.contains("<label for=\"venues-2-name_tr\">Name (Turkish) <span class=\"fallback\">(missing translation)</span></label>"),
            "{page}"
        );
        let venue = draft(&app, "izmir-2021").await.venues[2].clone();
        assert_eq!(
            (venue.id.as_str(), venue.city.as_deref(), venue.name.in_language(&lang("fr"))),
            ("paris-city-hall", Some("Paris"), Some("Hôtel de Ville"))
        );

        let (_, mut fields) = open(&app, &editor, "venues").await;
        set(&mut fields, "venues[1].remove", "yes");
        let before = revision(&app).await;
        let refused = save(&app, &editor, "venues", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_at(&refused.text(), "venues-1-remove").as_deref(),
            Some("“izmir” is still the venue of the day 2021-12-10: give that day another venue first, or keep this one")
        );
        assert_eq!(revision(&app).await, before, "nothing saved");

        // A session's venue says which session.
        let (_, mut fields) = open(&app, &editor, "days").await;
        set(&mut fields, "days[2].venue", "");
        saved(&app, &editor, "days", &fields).await;
        let (_, mut fields) = open(&app, &editor, "venues").await;
        set(&mut fields, "venues[1].remove", "yes");
        let refused = save(&app, &editor, "venues", &fields).await;
        let message = error_at(&refused.text(), "venues-1-remove").unwrap_or_default();
        assert!(
            message.starts_with("“izmir” is still the venue of session “")
                && message.ends_with("”: give that session another venue first, or keep this one"),
            "{message}"
        );
    })
    .await;
}

#[tokio::test]
async fn zones_keep_their_order_and_izmir_is_izmir_with_a_dot_in_turkish() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let (html, mut fields) = open(&app, &editor, "zones").await;
        for expected in [
            "name=\"zones[0].zone\" value=\"Europe/Istanbul\" list=\"zone-names\"",
            "name=\"zones[0].label\" value=\"Izmir\"",
            "name=\"zones[0].label_tr\" value=\"İzmir\"",
            "name=\"zones[0].label_en\" value=\"\"",
            "<option value=\"Asia/Tokyo\">",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
        set(&mut fields, "zones[3].zone", "Asia/Tokyo");
        set(&mut fields, "zones[3].label", "Tokyo");
        set(&mut fields, "zones[2].label_tr", "Montreal");
        saved(&app, &editor, "zones", &fields).await;

        let programme = draft(&app, "izmir-2021").await;
        let zones: Vec<(&str, &ZoneLabel)> = programme
            .zones
            .iter()
            .map(|z| (z.zone.name(), &z.label))
            .collect();
        let izmir = ZoneLabel::PerLanguage(
            Text::new()
                .with(lang("fr"), "Izmir")
                .with(lang("en"), "Izmir")
                .with(lang("tr"), "İzmir"),
        );
        let montreal = ZoneLabel::PerLanguage(
            Text::new()
                .with(lang("fr"), "Montréal")
                .with(lang("tr"), "Montreal"),
        );
        assert_eq!(
            zones,
            [
                ("Europe/Istanbul", &izmir),
                ("Europe/Paris", &ZoneLabel::Same("Paris".into())),
                ("America/Toronto", &montreal),
                ("Asia/Tokyo", &ZoneLabel::Same("Tokyo".into())),
            ]
        );

        // The host zone stays among them; a zone must be a real one.
        let (_, mut fields) = open(&app, &editor, "zones").await;
        set(&mut fields, "zones[0].remove", "yes");
        set(&mut fields, "zones[4].zone", "Europe/Izmir");
        let refused = save(&app, &editor, "zones", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text();
        assert!(
            error_at(&html, "zones-4-zone").is_some_and(
                |e| e.starts_with("unknown time zone &#34;Europe/Izmir&#34;; did you mean")
            ),
            "{html}"
        );
        set(&mut fields, "zones[4].zone", "");
        let refused = save(&app, &editor, "zones", &fields).await;
        assert_eq!(
            error_at(&refused.text(), "zones-0-remove").as_deref(),
            Some("the host zone &#34;Europe/Istanbul&#34; is not one of the display zones")
        );
        assert!(refused.text().contains(
            "type=\"checkbox\" id=\"zones-0-remove\" name=\"zones[0].remove\" value=\"yes\" checked"
        ));
    })
    .await;
}

#[tokio::test]
async fn the_zones_saved_unchanged_leave_the_programme_as_it_was() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        // Izmir spelt in French, and otherwise in Turkish only.
        let stored = app.store.draft("izmir-2021").await.unwrap().unwrap();
        let source = stored.source.replace("label.en = \"Izmir\"\n", "");
        assert_ne!(source, stored.source);
        let written = convene_core::Checked::load(&source, &Default::default()).unwrap();
        app.store
            .save_draft(
                &written,
                Some(stored.revision),
                jiff::Timestamp::now(),
                None,
            )
            .await
            .unwrap();
        let before = draft(&app, "izmir-2021").await;
        let revision_before = revision(&app).await;
        let (_, fields) = open(&app, &editor, "zones").await;

        let reply = save(&app, &editor, "zones", &fields).await;

        assert_eq!(
            reply.header("location"),
            format!("{EVENT}/zones?done=nothing-changed")
        );
        let after = draft(&app, "izmir-2021").await;
        assert_eq!(after.zones, before.zones);
        assert!(after == before, "the rest as it was too");
        assert_eq!(revision(&app).await, revision_before, "no new revision");
    })
    .await;
}

#[tokio::test]
async fn each_part_saved_is_recorded_as_what_it_changed_and_a_save_that_changes_nothing_is_not() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let changes = [
            ("introduction", "introduction_tr", "Kentler."),
            ("days", "days[3].date", "2021-12-09"),
            ("venues", "venues[0].city", "Ankara"),
            ("zones", "zones[1].label_tr", "Paris'te"),
            ("people", "people[0].name", "Ada Lovelace"),
        ];
        for (part, field, value) in changes {
            let (_, mut fields) = open(&app, &editor, part).await;
            let entries = app.store.audit_log(100).await.unwrap().len();
            let unchanged = save(&app, &editor, part, &fields).await;
            assert_eq!(
                unchanged.header("location"),
                format!("{EVENT}/{part}?done=nothing-changed"),
                "{part}"
            );
            assert_eq!(
                app.store.audit_log(100).await.unwrap().len(),
                entries,
                "{part}"
            );

            set(&mut fields, field, value);
            saved(&app, &editor, part, &fields).await;
            let audit = app.store.audit_log(1).await.unwrap();
            assert_eq!(audit[0].action, format!("edit-{part}"), "{part}");
        }
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let log = app
            .get_with("/organiser/audit?lang=fr", &admin.headers())
            .await
            .text();
        assert!(log.contains("a modifié les lieux izmir-2021"), "{log}");
        let page = app
            .get_with(
                &format!("{EVENT}/zones?done=nothing-changed&lang=en"),
                &editor.headers(),
            )
            .await;
        assert!(
            page.text()
                .contains("Nothing changed: the draft already says this")
        );
    })
    .await;
}

#[tokio::test]
async fn people_are_listed_once_and_someone_a_session_names_cannot_go() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let (html, mut fields) = open(&app, &editor, "people").await;
        assert!(html.contains("name=\"people[0].name\""), "the empty row");
        for (name, value) in [
            ("people[0].name", "Tunç Soyer"),
            ("people[0].title_fr", "Maire d’Izmir"),
            ("people[0].title_en", "Mayor of Izmir"),
            ("people[0].title_tr", "İzmir Büyükşehir Belediye Başkanı"),
            ("people[0].city", "Izmir"),
            ("people[0].country", "Türkiye"),
        ] {
            set(&mut fields, name, value);
        }
        let page = saved(&app, &editor, "people", &fields).await;
        assert!(page.contains("name=\"people[0].id\" value=\"tunc-soyer\""), "{page}");
        let people = draft(&app, "izmir-2021").await.people;
        assert_eq!(
            (people[0].id.as_str(), people[0].name.as_str(), people[0].country.as_deref()),
            ("tunc-soyer", "Tunç Soyer", Some("Türkiye"))
        );

        // A link that is not one is refused at its field, with every value kept.
        let (_, mut fields) = open(&app, &editor, "people").await;
        set(&mut fields, "people[1].name", "Valérie Plante");
        set(&mut fields, "people[1].link", "javascript:alert(1)");
        let refused = save(&app, &editor, "people", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_at(&refused.text(), "people-1-link").as_deref(),
            Some("`people[1].link` is not a web address: &#34;javascript:alert(1)&#34;")
        );
        assert!(refused.text().contains("value=\"Valérie Plante\""));

        // Named in a session, Tunç Soyer stays until the session lets him go.
        let uri = format!("{EVENT}/sessions/mayors-dialogue");
        let named = edit_form(&app, &editor, &uri, &[("people[0].person", "tunc-soyer")]).await;
        let reply = super::post(&app, &editor, &uri, &named).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
        let (_, mut fields) = open(&app, &editor, "people").await;
        set(&mut fields, "people[0].remove", "yes");
        let refused = save(&app, &editor, "people", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_at(&refused.text(), "people-0-remove").as_deref(),
            Some("Tunç Soyer still takes part in session “Mayors’ dialogue on the state of social cohesion in cities”: take them out of that session first, or keep them")
        );
        assert_eq!(draft(&app, "izmir-2021").await.people.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn someone_removed_does_not_hand_their_sessions_to_a_newcomer_of_the_same_name() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let (_, mut fields) = open(&app, &editor, "people").await;
        set(&mut fields, "people[0].name", "Ada Lovelace");
        saved(&app, &editor, "people", &fields).await;
        let uri = format!("{EVENT}/sessions/mayors-dialogue");
        let named = edit_form(&app, &editor, &uri, &[("people[0].person", "ada-lovelace")]).await;
        let reply = super::post(&app, &editor, &uri, &named).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());

        // Removed, and someone of the same name added without an id, in one save.
        let (_, mut fields) = open(&app, &editor, "people").await;
        set(&mut fields, "people[0].remove", "yes");
        set(&mut fields, "people[1].name", "Ada Lovelace");
        let refused = save(&app, &editor, "people", &fields).await;

        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_at(&refused.text(), "people-0-remove").as_deref(),
            Some("Ada Lovelace still takes part in session “Mayors’ dialogue on the state of social cohesion in cities”: take them out of that session first, or keep them")
        );
        let people = draft(&app, "izmir-2021").await.people;
        assert_eq!(people.len(), 1, "nothing saved");
    })
    .await;
}

#[tokio::test]
async fn a_page_made_before_someone_else_saved_overwrites_nothing() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        for part in PARTS {
            let (_, fields) = open(&app, &editor, part).await;
            // Someone else saves the draft in between.
            let stored = app.store.draft("izmir-2021").await.unwrap().unwrap();
            let theirs = convene_core::Checked::load(
                &format!("{}# theirs\n", stored.source),
                &convene_core::CheckOptions::default(),
            )
            .unwrap();
            let now = jiff::Timestamp::now();
            app.store
                .save_draft(&theirs, Some(stored.revision), now, None)
                .await
                .unwrap();
            let after_theirs = app.store.draft("izmir-2021").await.unwrap().unwrap();

            let reply = save(&app, &editor, part, &fields).await;

            assert_eq!(
                reply.status,
                StatusCode::CONFLICT,
                "{part}: {}",
                reply.text()
            );
            assert!(reply.text().contains("Nothing was overwritten"), "{part}");
            assert_eq!(
                app.store.draft("izmir-2021").await.unwrap().unwrap(),
                after_theirs,
                "{part}: nothing overwritten"
            );
        }
    })
    .await;
}

/// Someone else saves the draft (a comment added to its file), as from another browser.
async fn someone_else_saves(app: &TestApp) -> i64 {
    let stored = app.store.draft("izmir-2021").await.unwrap().unwrap();
    let theirs = convene_core::Checked::load(
        &format!("{}# theirs\n", stored.source),
        &convene_core::CheckOptions::default(),
    )
    .unwrap();
    app.store
        .save_draft(&theirs, Some(stored.revision), jiff::Timestamp::now(), None)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_stale_page_comes_back_as_typed_on_the_new_revision_to_be_saved_again() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let (_, mut fields) = open(&app, &editor, "venues").await;
        set(&mut fields, "venues[0].city", "Ankara");
        let theirs = someone_else_saves(&app).await;

        let reply = save(&app, &editor, "venues", &fields).await;

        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
        let html = reply.text();
        assert!(
            html.contains("The form below keeps what you typed"),
            "{html}"
        );
        assert!(
            html.contains("name=\"venues[0].city\" value=\"Ankara\""),
            "{html}"
        );
        assert_eq!(
            crate::helpers::hidden(&html, "revision"),
            Some(theirs.to_string())
        );
        assert_eq!(revision(&app).await, theirs, "nothing saved");

        // Saved again, deliberately, on their revision.
        let again = fields_of_form(
            &html,
            "<form method=\"post\" class=\"stacked organiser-form\"",
        );
        saved(&app, &editor, "venues", &again).await;
        let venue = draft(&app, "izmir-2021").await.venues[0].clone();
        assert_eq!(venue.city.as_deref(), Some("Ankara"));
    })
    .await;
}

#[tokio::test]
async fn a_stale_page_is_a_conflict_before_its_values_are_checked() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let (_, mut fields) = open(&app, &editor, "days").await;
        set(&mut fields, "days[0].date", "not a date");
        someone_else_saves(&app).await;

        let reply = save(&app, &editor, "days", &fields).await;

        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
        assert_eq!(error_at(&reply.text(), "days-0-date"), None);
        assert!(reply.text().contains("value=\"not a date\""));
    })
    .await;
}

#[tokio::test]
async fn viewers_read_the_parts_and_anonymous_visitors_are_sent_to_sign_in() {
    on_both(|app| async move {
        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        let event_page = app.get_with(EVENT, &viewer.headers()).await.text();
        for part in PARTS {
            let uri = format!("{EVENT}/{part}");
            assert!(
                !event_page.contains(&format!("href=\"{uri}\"")),
                "{part}: no link for a viewer"
            );
            let anonymous = app.get(&uri).await;
            assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "{part}");
            assert!(
                anonymous
                    .header("location")
                    .starts_with("/organiser/login?next=")
            );
            let posted = app.post_form(&uri, &[("revision", "1")], &[]).await;
            assert_eq!(posted.status, StatusCode::SEE_OTHER, "{part}");

            let (_, fields) = open(&app, &viewer, part).await;
            let refused = save(&app, &viewer, part, &fields).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{part}");
        }
        assert_eq!(revision(&app).await, 1, "nothing saved");

        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let event_page = app.get_with(EVENT, &editor.headers()).await.text();
        for part in PARTS {
            assert!(
                event_page.contains(&format!("href=\"{EVENT}/{part}\"")),
                "{part}"
            );
        }
    })
    .await;
}
