//! Messages from organisers to registrants: an editor writes one to the mayors' dialogue in French
//! and English, previews who receives what, sends it once however often the form is sent, and each
//! registrant receives it in their language with their own time; news says how to stop it, and a
//! participant who does is left out of the next news but not of a message about their
//! registration.

use convene_store::{Role, SEND_ANNOUNCEMENT};
use convene_web::participate::announcements::{send_announcement, write_announcement};
use jiff::Timestamp;

use crate::helpers::{TestApp, hidden, on_both};
use crate::participants::{Browser, EVENT, link, open, outbox, register, register_in};

const PAGE: &str = "/organiser/events/izmir-2031/messages";

/// Marie (French) and Ann (English), both in Montréal, registered for the dialogue.
async fn marie_and_ann(app: &TestApp) {
    open(app, None, convene_core::registration::Policy::Open).await;
    let done = register(
        app,
        &mut Browser::default(),
        "Marie Tremblay",
        "marie@example.org",
    )
    .await;
    assert_eq!(done.status, 303, "{}", done.text());
    let done = register_in(
        app,
        &mut Browser::default(),
        "Ann Smith",
        "ann@example.org",
        "en",
    )
    .await;
    assert_eq!(done.status, 303, "{}", done.text());
}

/// The letters organisers wrote, in the outbox: (recipient, subject, text).
async fn letters(app: &TestApp) -> Vec<(String, String, String)> {
    outbox(app)
        .await
        .into_iter()
        .filter(|(kind, ..)| kind == "announcement")
        .map(|(_, to, subject, text, _)| (to, subject, text))
        .collect()
}

/// The form's fields for a message to the dialogue's registrants.
fn message<'a>(csrf: &'a str, id: &'a str, purpose: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("id", id),
        ("audience", "session:mayors-dialogue"),
        ("purpose", purpose),
        ("message_subject_fr", "Test du son avant le dialogue"),
        (
            "message_body_fr",
            "Bonjour,\r\n\r\nNous testerons le son\r\nune demi-heure avant.\r\n",
        ),
        ("message_subject_en", "Sound check before the dialogue"),
        (
            "message_body_en",
            "Hello,\r\n\r\nWe will check the sound half an hour before.",
        ),
        ("message_subject_tr", ""),
        ("message_body_tr", ""),
    ]
}

async fn run_jobs(app: &TestApp) {
    let runner = app
        .with_jobs()
        .handle(SEND_ANNOUNCEMENT, send_announcement(app.state.clone()));
    app.run_due_jobs(&runner).await;
}

#[tokio::test]
async fn an_editor_previews_then_sends_once_and_each_reads_it_in_their_language_and_zone() {
    on_both(|app| async move {
        marie_and_ann(&app).await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let page = app.get_with(PAGE, &editor.headers()).await;
        assert_eq!(page.status, 200, "{}", page.text());
        let id = hidden(&page.text(), "id").expect("the form has the message's id");

        let previewed = app
            .post_form(
                PAGE,
                &[
                    message(&editor.csrf, &id, "news"),
                    vec![("action", "preview")],
                ]
                .concat(),
                &editor.headers(),
            )
            .await;
        let html = previewed.text();
        assert_eq!(previewed.status, 200, "{html}");
        assert!(html.contains("2 personnes le recevront"), "{html}");
        assert!(
            html.contains("Nous testerons le son une demi-heure avant."),
            "{html}"
        );
        assert!(
            html.contains("We will check the sound half an hour before."),
            "{html}"
        );
        assert_eq!(hidden(&html, "id").as_deref(), Some(id.as_str()));
        assert!(letters(&app).await.is_empty(), "a preview sends nothing");

        let send = [message(&editor.csrf, &id, "news"), vec![("action", "send")]].concat();
        let sent = app.post_form(PAGE, &send, &editor.headers()).await;
        assert_eq!(sent.status, 303, "{}", sent.text());
        assert!(sent.header("location").ends_with("done=queued"));
        // The same form sent again (a double click, a reload) sends nothing more.
        let again = app.post_form(PAGE, &send, &editor.headers()).await;
        assert!(again.header("location").ends_with("done=already-queued"));
        assert_eq!(app.store.announcements(EVENT, 10).await.unwrap().len(), 1);
        let audit = app.store.audit_log(10).await.unwrap();
        let entry = audit
            .iter()
            .find(|e| e.action == "message-registrants")
            .expect("sending is audited");
        assert!(
            entry.detail.contains("session:mayors-dialogue"),
            "{entry:?}"
        );

        run_jobs(&app).await;
        let written = letters(&app).await;
        assert_eq!(written.len(), 2, "{written:?}");
        let marie = written
            .iter()
            .find(|(to, ..)| to == "marie@example.org")
            .unwrap();
        assert_eq!(marie.1, "Test du son avant le dialogue");
        assert!(marie.2.starts_with("Bonjour Marie Tremblay"), "{}", marie.2);
        assert!(
            marie.2.contains("Nous testerons le son une demi-heure"),
            "{}",
            marie.2
        );
        // Her registration, at her time in Montréal.
        assert!(marie.2.contains("08:00–09:30"), "{}", marie.2);
        assert!(
            marie.2.contains("/unsubscribe/"),
            "news says how to stop it"
        );
        let ann = written
            .iter()
            .find(|(to, ..)| to == "ann@example.org")
            .unwrap();
        assert_eq!(ann.1, "Sound check before the dialogue");
        assert!(ann.2.contains("We will check the sound"), "{}", ann.2);

        // Written once per participant, however often the job runs.
        let stored = app.store.announcements(EVENT, 10).await.unwrap();
        assert_eq!(stored[0].written, Some(2));
        assert_eq!(
            write_announcement(&app.state, &stored[0].id, Timestamp::now())
                .await
                .unwrap(),
            0
        );
        let listed = app.get_with(PAGE, &editor.headers()).await.text();
        assert!(listed.contains("Test du son avant le dialogue"), "{listed}");
    })
    .await;
}

#[tokio::test]
async fn a_participant_who_unsubscribes_gets_no_more_news_but_still_hears_about_their_registration()
{
    on_both(|app| async move {
        marie_and_ann(&app).await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let send = |purpose: &'static str| {
            let (csrf, cookie) = (editor.csrf.clone(), editor.cookie.clone());
            let app = &app;
            async move {
                let id = hidden(
                    &app.get_with(PAGE, &[("cookie", &cookie)]).await.text(),
                    "id",
                )
                .unwrap();
                let fields = [message(&csrf, &id, purpose), vec![("action", "send")]].concat();
                let sent = app.post_form(PAGE, &fields, &[("cookie", &cookie)]).await;
                assert_eq!(sent.status, 303, "{}", sent.text());
                run_jobs(app).await;
            }
        };
        send("news").await;
        let first = letters(&app).await;
        let marie = &first
            .iter()
            .find(|(to, ..)| to == "marie@example.org")
            .unwrap()
            .2;
        let unsubscribe = link(marie, "https://summit.example.org/unsubscribe/");
        let path = unsubscribe.trim_start_matches("https://summit.example.org");

        // Opening the link changes nothing; its button (or a mail reader's one click) does.
        let opened = app.get(path).await;
        assert_eq!(opened.status, 200);
        assert!(
            opened.text().contains("Vous recevez les nouvelles"),
            "{}",
            opened.text()
        );
        let one_click = app
            .post_form(path, &[("List-Unsubscribe", "One-Click")], &[])
            .await;
        assert_eq!(one_click.status, 200, "{}", one_click.text());
        assert!(
            one_click
                .text()
                .contains("vous ne recevrez plus de nouvelles")
        );
        assert_eq!(one_click.header("cache-control"), "no-store");

        send("news").await;
        let after_news = letters(&app).await;
        assert_eq!(
            after_news.len(),
            3,
            "only Ann gets the second news: {after_news:?}"
        );
        assert_eq!(after_news[2].0, "ann@example.org");

        send("registration").await;
        let after_practical = letters(&app).await;
        assert_eq!(after_practical.len(), 5, "{after_practical:?}");
        let practical: Vec<&(String, String, String)> = after_practical[3..].iter().collect();
        assert!(practical.iter().any(|(to, ..)| to == "marie@example.org"));
        assert!(
            practical
                .iter()
                .all(|(.., text)| !text.contains("/unsubscribe/")),
            "a message about their registration cannot be stopped"
        );

        // She may let news come again.
        let resumed = app.post_form(path, &[("action", "resume")], &[]).await;
        assert!(
            resumed.text().contains("vous recevrez à nouveau"),
            "{}",
            resumed.text()
        );
        let unknown = app.get(&format!("/unsubscribe/{}", "0".repeat(64))).await;
        assert_eq!(unknown.status, 404);
        let malformed = app
            .post_form("/unsubscribe/x", &[("action", "stop")], &[])
            .await;
        assert_eq!(malformed.status, 404);
    })
    .await;
}

#[tokio::test]
async fn a_wrong_message_is_refused_at_its_field_and_viewers_may_not_write() {
    on_both(|app| async move {
        marie_and_ann(&app).await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let id = hidden(&app.get_with(PAGE, &editor.headers()).await.text(), "id").unwrap();
        let cases: [(&str, &str, &str); 4] = [
            ("message_body_en", "", "Write the message for this subject"),
            (
                "message_subject_fr",
                "Line\r\nBcc: all@example.org",
                "A subject is a single line",
            ),
            ("audience", "session:no-such-session", "Choose who receives"),
            ("purpose", "spam", "Choose what the message is about"),
        ];
        for (field, value, said) in cases {
            let mut fields =
                [message(&editor.csrf, &id, "news"), vec![("action", "send")]].concat();
            for pair in fields.iter_mut().filter(|(k, _)| *k == field) {
                pair.1 = value;
            }
            let refused = app
                .post_form(&format!("{PAGE}?lang=en"), &fields, &editor.headers())
                .await;
            assert_eq!(refused.status, 422, "{field}: {}", refused.text());
            assert!(refused.text().contains(said), "{field}: {}", refused.text());
        }
        let long = "x".repeat(10_001);
        let mut fields = [message(&editor.csrf, &id, "news"), vec![("action", "send")]].concat();
        fields.retain(|(k, _)| *k != "message_body_fr");
        fields.push(("message_body_fr", &long));
        let refused = app.post_form(PAGE, &fields, &editor.headers()).await;
        assert_eq!(refused.status, 422);
        assert!(app.store.announcements(EVENT, 10).await.unwrap().is_empty());
        assert!(letters(&app).await.is_empty());

        let forged = app
            .post_form(
                PAGE,
                &[message("forged", &id, "news"), vec![("action", "send")]].concat(),
                &editor.headers(),
            )
            .await;
        assert_eq!(forged.status, 403);

        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        assert_eq!(app.get_with(PAGE, &viewer.headers()).await.status, 403);
        let tried = app
            .post_form(
                PAGE,
                &[message(&viewer.csrf, &id, "news"), vec![("action", "send")]].concat(),
                &viewer.headers(),
            )
            .await;
        assert_eq!(tried.status, 403);
        assert!(app.store.announcements(EVENT, 10).await.unwrap().is_empty());
    })
    .await;
}
