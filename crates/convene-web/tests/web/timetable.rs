//! The organisers' timetable: a day's grid with the zones' clocks, the sessions as links, and moving
//! a session through the checked edit commands.

use axum::http::StatusCode;
use convene_core::{CheckOptions, Schedule, load};
use convene_store::Role;

use crate::helpers::{Session, TestApp, hidden, on_both};

const TIMETABLE: &str = "/organiser/events/izmir-2021/timetable";
const MOVE: &str = "/organiser/events/izmir-2021/sessions/mayors-dialogue/move";

/// A session of the stored draft: its schedule and venue, and the draft's revision.
async fn draft_session(app: &TestApp, session: &str) -> (Schedule, String, i64) {
    let draft = app.store.draft("izmir-2021").await.unwrap().unwrap();
    let programme = load(&draft.source, &CheckOptions::default())
        .programme
        .unwrap();
    let session = programme
        .sessions
        .iter()
        .find(|s| s.id.as_str() == session)
        .unwrap();
    (session.schedule, session.venue.to_string(), draft.revision)
}

fn timed(day: i8, (h1, m1): (i8, i8), (h2, m2): (i8, i8)) -> Schedule {
    Schedule::Timed {
        start: jiff::civil::datetime(2021, 12, day, h1, m1, 0, 0),
        end: jiff::civil::datetime(2021, 12, day, h2, m2, 0, 0),
    }
}

/// Posts a move of the mayors' dialogue as the timetable's script does.
async fn move_to(
    app: &TestApp,
    who: &Session,
    revision: &str,
    start: &str,
    venue: &str,
) -> crate::helpers::Reply {
    app.post_form(
        MOVE,
        &[
            ("csrf", who.csrf.as_str()),
            ("revision", revision),
            ("date", "2021-12-07"),
            ("start", start),
            ("venue", venue),
        ],
        &who.headers(),
    )
    .await
}

#[tokio::test]
async fn a_day_shows_each_venue_and_each_zones_clock_with_the_sessions_as_links_to_their_form() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let html = app
            .get_with(&format!("{TIMETABLE}?day=2021-12-07&lang=fr"), &editor.headers())
            .await
            .text();

        assert!(html.contains("<h1>Grille horaire — mardi 7 décembre 2021</h1>"), "{html}");
        for day in [
            "<a href=\"/organiser/events/izmir-2021/timetable?day=2021-12-07\" aria-current=\"page\">mardi 7 décembre 2021</a>",
            "<a href=\"/organiser/events/izmir-2021/timetable?day=2021-12-10\">vendredi 10 décembre 2021</a>",
        ] {
            assert!(html.contains(day), "{day}");
        }
        // The venues as columns.
        for venue in [
            "<div class=\"tt-head\" id=\"venue-online\">En ligne</div>",
            "<div class=\"tt-head\" id=\"venue-izmir\">Izmir</div>",
        ] {
            assert!(html.contains(venue), "{venue} in {html}");
        }
        // The grid runs from 07:00 to 22:00 in Izmir, a pixel a minute: the mayors' dialogue,
        // 16:00–17:30, is 540 pixels down and 90 high, a link to its form with its title and time.
        assert!(
            html.contains(concat!(
                "<a href=\"/organiser/events/izmir-2021/sessions/mayors-dialogue\" id=\"block-mayors-dialogue\" class=\"tt-block\" ",
                "data-session=\"mayors-dialogue\" data-from=\"960\" data-to=\"1050\" data-start=\"2021-12-07T13:00:00Z\" data-zones=\"0 1 2\" ",
                "data-title=\"Dialogue des maires sur l’état de la cohésion sociale dans les villes\">",
                "<rect x=\"2%\" y=\"540\" width=\"96%\" height=\"90\" rx=\"4\"/>",
                "<foreignObject x=\"2%\" y=\"540\" width=\"96%\" height=\"90\"><div class=\"tt-text\">",
                "<strong>Dialogue des maires sur l’état de la cohésion sociale dans les villes</strong> ",
                "<span class=\"tt-time\">16:00–17:30</span></div></foreignObject></a>"
            )),
            "{html}"
        );
        // Montréal's clock: night until 07:00 there (15:00 in Izmir), then an hour off-hours, said
        // in words too.
        assert!(
            html.contains(concat!(
                "<svg width=\"100%\" height=\"900\" role=\"img\" aria-label=\"Heure locale à Montréal (UTC-5) : ",
                "nuit 23:00–07:00, hors horaires 07:00–08:00\">",
                "<rect class=\"night\" x=\"0\" y=\"0\" width=\"100%\" height=\"480\"/>",
                "<rect class=\"off\" x=\"0\" y=\"480\" width=\"100%\" height=\"60\"/>",
                "<line x1=\"0\" x2=\"100%\" y1=\"0\" y2=\"0\"/><text x=\"4\" y=\"13\" class=\"on-night\">23:00</text>"
            )),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"tt-head\">Izmir<small>UTC+3 · hôte</small></div>"),
            "{html}"
        );
        assert!(
            html.contains("<li><span class=\"swatch night\"></span>Nuit (22:00–07:00)</li>"),
            "{html}"
        );

        let first = app.get_with(TIMETABLE, &editor.headers()).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.text().contains("aria-current=\"page\">mardi 7 décembre 2021</a>"));
        let later = app
            .get_with(&format!("{TIMETABLE}?day=2021-12-10"), &editor.headers())
            .await
            .text();
        assert!(
            later.contains("<h2>Horaire à confirmer</h2>\n<ul class=\"tt-pending\"><li><a href=\"/organiser/events/izmir-2021/sessions/human-rights-plenary\">"),
            "the sessions of the day still to be timed, below: {later}"
        );
        let elsewhere = app
            .get_with(&format!("{TIMETABLE}?day=2021-12-09"), &editor.headers())
            .await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND, "not a day of the event");

        let event = app
            .get_with("/organiser/events/izmir-2021", &editor.headers())
            .await
            .text();
        assert!(
            event.contains("<a href=\"/organiser/events/izmir-2021/timetable\">Grille horaire</a>"),
            "{event}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_session_at_night_somewhere_is_marked_in_words_not_only_in_colour() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let moved = move_to(&app, &editor, "1", "14:30", "online").await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text());

        let html = app
            .get_with(&format!("{TIMETABLE}?day=2021-12-07&lang=en"), &editor.headers())
            .await
            .text();

        assert!(
            html.contains("id=\"block-mayors-dialogue\" class=\"tt-block flagged\""),
            "{html}"
        );
        assert!(
            html.contains(
                "<span class=\"tt-time\">2:30\u{202f}PM – 4:00\u{202f}PM</span> \
                 <span class=\"tt-warning\">⚠ at night in Montréal: 6:30\u{202f}AM – 8:00\u{202f}AM</span>"
            ),
            "{html}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_move_is_saved_at_the_new_time_and_venue_keeping_the_length() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;

        let moved = move_to(&app, &editor, "1", "19:00", "izmir").await;

        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text());
        assert_eq!(
            moved.header("location"),
            "/organiser/events/izmir-2021/timetable?day=2021-12-07&done=saved#block-mayors-dialogue"
        );
        assert_eq!(
            draft_session(&app, "mayors-dialogue").await,
            (timed(7, (19, 0), (20, 30)), "izmir".to_owned(), 2)
        );
        let audit = app.store.audit_log(1).await.unwrap();
        assert_eq!(audit[0].action, "edit-session");
        let page = app
            .get_with(
                &format!("{TIMETABLE}?day=2021-12-07&done=saved"),
                &editor.headers(),
            )
            .await
            .text();
        assert!(
            page.contains("<p class=\"notice\" role=\"status\">Enregistré.</p>"),
            "{page}"
        );
        assert_eq!(hidden(&page, "revision").as_deref(), Some("2"));
    })
    .await;
}

#[tokio::test]
async fn a_move_made_on_a_stale_page_is_refused_and_overwrites_nothing() {
    on_both(|app| async move {
        let first = app.sign_in("first@example.org", Role::Editor).await;
        let second = app.sign_in("second@example.org", Role::Editor).await;
        let saved = move_to(&app, &first, "1", "19:00", "online").await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);

        let stale = move_to(&app, &second, "1", "16:15", "online").await;

        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(
            stale.text().contains("la séance n’a pas été déplacée"),
            "{}",
            stale.text()
        );
        assert_eq!(
            draft_session(&app, "mayors-dialogue").await,
            (timed(7, (19, 0), (20, 30)), "online".to_owned(), 2)
        );
    })
    .await;
}

#[tokio::test]
async fn a_move_onto_another_session_in_its_venue_is_refused_with_the_checks_words() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;

        let refused = move_to(&app, &editor, "1", "17:00", "online").await;

        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.text().contains(
                "<p>les séances &#34;mayors-dialogue&#34; (2021-12-07 17:00–18:30) et \
                 &#34;interactive-dialogue&#34; (2021-12-07 17:45–19:00) se chevauchent dans le \
                 lieu &#34;online&#34;</p>"
            ),
            "{}",
            refused.text()
        );
        assert_eq!(
            draft_session(&app, "mayors-dialogue").await,
            (timed(7, (16, 0), (17, 30)), "online".to_owned(), 1)
        );
        let unreadable = move_to(&app, &editor, "1", "5 pm", "online").await;
        assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            unreadable.text().contains("« 5 pm » n’est pas une heure"),
            "{}",
            unreadable.text()
        );
        let untimed = app
            .post_form(
                "/organiser/events/izmir-2021/sessions/closing-panel/move",
                &[
                    ("csrf", editor.csrf.as_str()),
                    ("revision", "1"),
                    ("start", "10:00"),
                ],
                &editor.headers(),
            )
            .await;
        assert_eq!(untimed.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            untimed.text().contains(
                "« closing-panel » n’a pas encore d’horaire à déplacer : donnez-lui sa date et ses \
                 heures dans son formulaire."
            ),
            "{}",
            untimed.text()
        );
        let nowhere = app
            .post_form(
                "/organiser/events/izmir-2021/sessions/no-such-session/move",
                &[
                    ("csrf", editor.csrf.as_str()),
                    ("revision", "1"),
                    ("start", "10:00"),
                ],
                &editor.headers(),
            )
            .await;
        assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn viewers_read_the_timetable_but_cannot_move_and_others_find_no_event() {
    on_both(|app| async move {
        app.import(include_str!("spring.toml")).await;
        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        let stranger = app
            .sign_in_on("stranger@example.org", Role::Editor, &["spring-forum"])
            .await;

        let read = app.get_with(TIMETABLE, &viewer.headers()).await;
        assert_eq!(read.status, StatusCode::OK);
        assert!(
            !read.text().contains("class=\"tt-move-form\""),
            "no moving for a viewer"
        );
        let moved = move_to(&app, &viewer, "1", "19:00", "online").await;
        assert_eq!(moved.status, StatusCode::FORBIDDEN);

        assert_eq!(
            app.get_with(TIMETABLE, &stranger.headers()).await.status,
            StatusCode::NOT_FOUND
        );
        let moved = move_to(&app, &stranger, "1", "19:00", "online").await;
        assert_eq!(moved.status, StatusCode::NOT_FOUND);
        let anonymous = app.get(TIMETABLE).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "to the login page");
        let forged = app
            .post_form(
                MOVE,
                &[
                    ("csrf", "not-the-token"),
                    ("revision", "1"),
                    ("start", "19:00"),
                ],
                &viewer.headers(),
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(
            draft_session(&app, "mayors-dialogue").await.2,
            1,
            "nothing saved"
        );
    })
    .await;
}
