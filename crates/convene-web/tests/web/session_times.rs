//! The session form's times: a date picker and time fields, the session's length in words, and the
//! times that suit every zone, used with one click, with a script or without.

use axum::http::StatusCode;
use convene_core::{CheckOptions, Schedule, load};
use convene_store::Role;

use crate::helpers::{TestApp, on_both};
use crate::organiser::{form_fields, post, set};

const MAYORS: &str = "/organiser/events/izmir-2021/sessions/mayors-dialogue";

/// The schedule of a session of the stored draft, and its revision.
async fn draft_schedule(app: &TestApp, session: &str) -> (Schedule, i64) {
    let draft = app.store.draft("izmir-2021").await.unwrap().unwrap();
    let programme = load(&draft.source, &CheckOptions::default())
        .programme
        .unwrap();
    let session = programme
        .sessions
        .iter()
        .find(|s| s.id.as_str() == session)
        .unwrap();
    (session.schedule, draft.revision)
}

/// The row of the suggestions whose button uses `start`, from `<tr` to `</tr>`.
fn suggestion_row<'a>(html: &'a str, start: &str) -> &'a str {
    let button = html
        .find(&format!("name=\"use_slot\" value=\"{start}\""))
        .unwrap_or_else(|| panic!("no suggestion at {start} in {html}"));
    let from = html[..button].rfind("<tr").unwrap();
    let to = button + html[button..].find("</tr>").unwrap();
    &html[from..to]
}

#[tokio::test]
async fn the_date_and_times_are_picked_natively_and_the_length_is_said_in_words() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        for (lang, duration) in [
            ("fr", "Durée : 1 h 30 min"),
            ("en", "Duration: 1 h 30 min"),
            ("tr", "Süre: 1 sa 30 dk"),
        ] {
            let html = app
                .get_with(&format!("{MAYORS}?lang={lang}"), &editor.headers())
                .await
                .text();
            for field in [
                "<input type=\"date\" id=\"date\" name=\"date\" value=\"2021-12-07\">",
                "<input type=\"time\" id=\"start\" name=\"start\" value=\"16:00\">",
                "<input type=\"time\" id=\"end\" name=\"end\" value=\"17:30\">",
                "<input type=\"checkbox\" id=\"end_next_day\" name=\"end_next_day\" value=\"yes\">",
            ] {
                assert!(html.contains(field), "{lang}: {field} in {html}");
            }
            assert!(
                html.contains(&format!(
                    "<p class=\"duration\" aria-live=\"polite\">{duration}</p>"
                )),
                "{lang}: {html}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_mayors_dialogue_may_start_at_16_00_in_izmir_14_00_in_paris_or_08_00_in_montreal() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let html = app
            .get_with(&format!("{MAYORS}?lang=fr"), &editor.headers())
            .await
            .text();

        assert!(
            html.contains(
                "<p class=\"help\">Débuts auxquels les 1 h 30 min tiennent entre 08:00 et 21:00 à \
                 Izmir, Paris et Montréal, le mardi 7 décembre 2021.</p>"
            ),
            "{html}"
        );
        assert_eq!(
            suggestion_row(&html, "16:00"),
            concat!(
                "<tr><td class=\"time\" data-label=\"Izmir\">16:00–17:30<small>UTC+3</small></td>",
                "<td class=\"time\" data-label=\"Paris\">14:00–15:30<small>UTC+1</small></td>",
                "<td class=\"time\" data-label=\"Montréal\">08:00–09:30<small>UTC-5</small></td>",
                "<td class=\"use\"><button type=\"submit\" name=\"use_slot\" value=\"16:00\">Choisir 16:00</button>",
                "<small class=\"slot-note\">l’horaire actuel</small></td>"
            )
        );
        assert_eq!(
            html.matches("name=\"use_slot\"").count(),
            15,
            "every quarter of an hour from 16:00 to 19:30"
        );
        let best = suggestion_row(&html, "17:45");
        assert!(
            best.contains("<small class=\"slot-note\">le plus confortable</small>"),
            "{best}"
        );
        assert!(
            best.contains(
                "<small class=\"slot-warning\">⚠ chevauche la séance de 17:45–19:00 dans ce lieu</small>"
            ),
            "the interactive dialogue is in the same venue then: {best}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_suggestions_follow_the_typed_length_and_an_on_site_session_keeps_to_the_host_zone() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/suggestions?id=mayors-dialogue&venue=online\
                   &date=2021-12-07&start=16:00&end=18:00&lang=en";

        let online = app
            .get_with(&format!("{uri}&format=online"), &editor.headers())
            .await;
        assert_eq!(online.status, StatusCode::OK);
        let online = online.text();
        assert!(
            online.starts_with("<p class=\"duration\">Duration: 2 h</p><p class=\"help\">"),
            "{online}"
        );
        assert_eq!(
            online.matches("name=\"use_slot\"").count(),
            13,
            "from 16:00 to 19:00: {online}"
        );

        let on_site = app
            .get_with(&format!("{uri}&format=on-site"), &editor.headers())
            .await
            .text();
        assert!(
            on_site.contains("<thead><tr><th scope=\"col\">Izmir</th><th scope=\"col\">"),
            "{on_site}"
        );
        assert!(!on_site.contains("Montréal"), "{on_site}");

        let untimed = app
            .get_with(
                "/organiser/events/izmir-2021/suggestions?date=2021-12-07&lang=en",
                &editor.headers(),
            )
            .await
            .text();
        assert_eq!(
            untimed,
            "<p class=\"duration\"></p><p class=\"help\">Give the session’s date, start and end \
             to see the times that suit every zone.</p>\n"
        );
    })
    .await;
}

#[tokio::test]
async fn a_suggestion_used_without_a_script_fills_in_the_times_and_saves_only_when_saved() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let page = app.get_with(MAYORS, &editor.headers()).await.text();
        let mut fields = form_fields(&page);
        set(&mut fields, "use_slot", "19:00");

        let shown = post(&app, &editor, MAYORS, &fields).await;

        assert_eq!(shown.status, StatusCode::OK, "{}", shown.text());
        let html = shown.text();
        assert!(
            html.contains(
                "<p class=\"notice\" role=\"status\">Les horaires de la suggestion (19:00–20:30) \
                 sont remplis mais pas encore enregistrés : vérifiez-les, puis enregistrez.</p>"
            ),
            "{html}"
        );
        assert!(html.contains("name=\"start\" value=\"19:00\""), "{html}");
        assert!(html.contains("name=\"end\" value=\"20:30\""), "{html}");
        assert!(html.contains("<input type=\"hidden\" name=\"revision\" value=\"1\">"));
        let (schedule, revision) = draft_schedule(&app, "mayors-dialogue").await;
        assert_eq!(revision, 1, "nothing saved yet");
        assert_eq!(
            schedule,
            Schedule::Timed {
                start: jiff::civil::datetime(2021, 12, 7, 16, 0, 0, 0),
                end: jiff::civil::datetime(2021, 12, 7, 17, 30, 0, 0),
            }
        );

        let saved = post(&app, &editor, MAYORS, &form_fields(&html)).await;

        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        let (schedule, revision) = draft_schedule(&app, "mayors-dialogue").await;
        assert_eq!(revision, 2);
        assert_eq!(
            schedule,
            Schedule::Timed {
                start: jiff::civil::datetime(2021, 12, 7, 19, 0, 0, 0),
                end: jiff::civil::datetime(2021, 12, 7, 20, 30, 0, 0),
            }
        );
    })
    .await;
}

#[tokio::test]
async fn a_session_past_midnight_is_saved_with_its_next_day_box_and_shown_with_it() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let page = app.get_with(MAYORS, &editor.headers()).await.text();
        let mut fields = form_fields(&page);
        set(&mut fields, "start", "23:00");
        set(&mut fields, "end", "00:30");

        let refused = post(&app, &editor, MAYORS, &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.text().contains(
                "la séance se termine (00:30) avant de commencer (23:00) ; cochez « Se termine le \
                 lendemain » pour une séance qui dépasse minuit"
            ),
            "{}",
            refused.text()
        );

        set(&mut fields, "end_next_day", "yes");
        let saved = post(&app, &editor, MAYORS, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        let (schedule, _) = draft_schedule(&app, "mayors-dialogue").await;
        assert_eq!(
            schedule,
            Schedule::Timed {
                start: jiff::civil::datetime(2021, 12, 7, 23, 0, 0, 0),
                end: jiff::civil::datetime(2021, 12, 8, 0, 30, 0, 0),
            }
        );
        let html = app.get_with(MAYORS, &editor.headers()).await.text();
        assert!(
            html.contains("<input type=\"time\" id=\"end\" name=\"end\" value=\"00:30\">"),
            "{html}"
        );
        assert!(
            html.contains(
                "<input type=\"checkbox\" id=\"end_next_day\" name=\"end_next_day\" value=\"yes\" checked>"
            ),
            "{html}"
        );
        assert!(html.contains("Durée : 1 h 30 min"), "{html}");
    })
    .await;
}
