//! The organiser area: signing in, editing the draft, publishing, and who may do what.

mod limits;
mod new_events;
mod parts;
mod registration;
mod registrations;

use axum::http::StatusCode;
use convene_store::Role;

use crate::helpers::{TestApp, hidden, on_both};

const SPRING: &str = include_str!("spring.toml");

/// The edit form of a session, as the browser would post it back, with some fields changed.
pub async fn edit_form(
    app: &TestApp,
    session: &crate::helpers::Session,
    uri: &str,
    changes: &[(&str, &str)],
) -> Vec<(String, String)> {
    let page = app.get_with(uri, &session.headers()).await.text();
    let mut fields: Vec<(String, String)> = Vec::new();
    for name in ["csrf", "revision"] {
        fields.push((
            name.into(),
            hidden(&page, name).unwrap_or_else(|| panic!("no {name} in {page}")),
        ));
    }
    for name in ["id", "date", "start", "end", "title_fr", "title_en"] {
        let marker = format!("name=\"{name}\" value=\"");
        if let Some(start) = page.find(&marker).map(|i| i + marker.len()) {
            let end = page[start..].find('"').unwrap() + start;
            fields.push((
                name.into(),
                page[start..end]
                    .replace("&#38;", "&")
                    .replace("&#60;", "<")
                    .replace("&#62;", ">")
                    .replace("&#34;", "\""),
            ));
        }
    }
    for (name, selected) in [
        ("kind", "plenary"),
        ("format", "online"),
        ("venue", "online"),
    ] {
        let value = page
            .find(&format!("name=\"{name}\""))
            .and_then(|i| page[i..].find(" selected>").map(|j| i + j))
            .and_then(|j| {
                page[..j]
                    .rfind("value=\"")
                    .map(|k| page[k + 7..j].trim_end_matches('"').to_owned())
            })
            .unwrap_or_else(|| selected.to_owned());
        fields.push((name.into(), value));
    }
    for (name, value) in changes {
        fields.retain(|(k, _)| k != name);
        fields.push(((*name).into(), (*value).into()));
    }
    fields
}

pub async fn post(
    app: &TestApp,
    session: &crate::helpers::Session,
    uri: &str,
    fields: &[(String, String)],
) -> crate::helpers::Reply {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form(uri, &fields, &session.headers()).await
}

#[tokio::test]
async fn every_organiser_page_sends_an_anonymous_visitor_to_the_login_page() {
    on_both(|app| async move {
        for uri in [
            "/organiser",
            "/organiser/events/izmir-2021",
            "/organiser/events/izmir-2021/sessions/mayors-dialogue",
            "/organiser/events/izmir-2021/programme.toml",
            "/organiser/audit",
        ] {
            let reply = app.get(uri).await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{uri}");
            assert!(
                reply
                    .header("location")
                    .starts_with("/organiser/login?next="),
                "{uri}"
            );
        }
        let post = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "x")],
                &[],
            )
            .await;
        assert_eq!(post.status, StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    on_both(|app| async move {
        app.sign_in("editor@example.org", Role::Editor).await;
        let wrong = app.login("editor@example.org", "not the password").await;
        let unknown = app.login("nobody@example.org", "not the password").await;
        assert_eq!((wrong.status, unknown.status), (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED));
        let message = "The email or password is wrong, or there were too many attempts; wait a few minutes and try again.";
        let french = "L’adresse ou le mot de passe est incorrect, ou il y a eu trop de tentatives ; attendez quelques minutes et réessayez.";
        for reply in [&wrong, &unknown] {
            assert!(reply.text().contains(message) || reply.text().contains(french), "{}", reply.text());
        }
    })
    .await;
}

#[tokio::test]
async fn an_attacker_is_slowed_while_the_owner_signs_in_from_elsewhere() {
    on_both(|app| async move {
        app.sign_in("admin@example.org", Role::Admin).await;
        let mut answers = Vec::new();
        for _ in 0..50 {
            let reply = app
                .login_from("127.0.0.2", "admin@example.org", "wrong password!")
                .await;
            answers.push((reply.status, reply.header("retry-after").to_owned()));
        }
        let refused_unchecked = answers
            .iter()
            .filter(|(status, _)| *status == StatusCode::TOO_MANY_REQUESTS)
            .count();
        assert_eq!(
            answers[..5].iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            vec![StatusCode::UNAUTHORIZED; 5],
            "five guesses are checked"
        );
        assert_eq!(refused_unchecked, 45, "the rest are refused unchecked");
        assert!(
            answers[5..].iter().all(|(_, retry)| retry == "900"),
            "{answers:?}"
        );

        let owner = app
            .login_from("127.0.0.1", "admin@example.org", "a long enough password")
            .await;
        assert_eq!(
            owner.status,
            StatusCode::SEE_OTHER,
            "the owner signs in at once"
        );
        let attacker = app
            .login_from("127.0.0.2", "admin@example.org", "a long enough password")
            .await;
        assert_eq!(
            attacker.status,
            StatusCode::TOO_MANY_REQUESTS,
            "even the right password waits, from the attacker's address"
        );
    })
    .await;
}

#[tokio::test]
async fn oversized_sign_ins_are_refused_before_anything_is_stored() {
    on_both(|app| async move {
        let long = format!("{}@example.org", "x".repeat(60_000));
        for _ in 0..50 {
            let reply = app.login_from("127.0.0.3", &long, "wrong password!").await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let failures = app
            .store
            .all_login_failures_since("2000-01-01T00:00:00Z".parse().unwrap())
            .await
            .unwrap();
        assert_eq!(failures, 0, "nothing was recorded");
    })
    .await;
}

#[tokio::test]
async fn a_form_without_its_token_or_from_another_site_is_refused() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let no_token = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "x")],
                &editor.headers(),
            )
            .await;
        assert_eq!(no_token.status, StatusCode::FORBIDDEN);
        let cross = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "x"), ("csrf", &editor.csrf)],
                &[
                    ("cookie", &editor.cookie),
                    ("origin", "https://evil.example"),
                    ("host", "summit.example.org"),
                ],
            )
            .await;
        assert_eq!(cross.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.store.versions("izmir-2021").await.unwrap().len(),
            1,
            "nothing was published"
        );
    })
    .await;
}

#[tokio::test]
async fn a_viewer_reads_the_draft_but_cannot_change_it() {
    on_both(|app| async move {
        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        assert_eq!(
            app.get_with("/organiser/events/izmir-2021", &viewer.headers())
                .await
                .status,
            StatusCode::OK
        );
        let publish = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "x"), ("csrf", &viewer.csrf)],
                &viewer.headers(),
            )
            .await;
        assert_eq!(publish.status, StatusCode::FORBIDDEN);
        let audit = app.get_with("/organiser/audit", &viewer.headers()).await;
        assert_eq!(
            audit.status,
            StatusCode::FORBIDDEN,
            "the audit log is for admins"
        );
    })
    .await;
}

#[tokio::test]
async fn a_time_in_the_spring_gap_is_refused_at_its_field() {
    on_both(|app| async move {
        app.import(SPRING).await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/spring-forum/sessions/workshop";
        let fields = edit_form(&app, &editor, uri, &[("start", "02:30"), ("end", "04:00")]).await;
        let reply = post(&app, &editor, uri, &fields).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = reply.text();
        assert!(html.contains("<p class=\"field-error\" id=\"start-error\">2022-03-27 02:30 n’existe pas dans le fuseau Europe/Paris : l’heure passe directement de 02:00 à 03:00 (de UTC+1 à UTC+2)</p>"), "{html}");
        assert_eq!(app.store.draft("spring-forum").await.unwrap().unwrap().revision, 1, "nothing saved");
    })
    .await;
}

#[tokio::test]
async fn a_saved_draft_stays_private_until_it_is_published() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/sessions/workshop-dialogue";
        let fields = edit_form(&app, &editor, uri, &[("start", "19:30"), ("end", "20:45")]).await;
        let saved = post(&app, &editor, uri, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        for public in [
            "/events/izmir-2021/programme?lang=fr",
            "/api/v1/events/izmir-2021/sessions",
            "/events/izmir-2021/programme.ics",
            "/events/izmir-2021/schedule.xml",
        ] {
            let body = app.get(public).await.text();
            assert!(
                !body.contains("19:30") && !body.contains("193000"),
                "the draft leaked into {public}"
            );
        }
        let publish = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "Programme final"), ("csrf", &editor.csrf)],
                &editor.headers(),
            )
            .await;
        assert_eq!(publish.status, StatusCode::SEE_OTHER);
        assert_eq!(
            publish.header("location"),
            "/organiser/events/izmir-2021?done=published&version=2"
        );
        let page = app.get("/events/izmir-2021/programme?lang=fr").await.text();
        assert!(
            page.contains("19:30–20:45"),
            "the public programme shows the new time"
        );
        let audit = app.store.audit_log(10).await.unwrap();
        let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(&actions[..2], ["publish", "edit-session"]);
    })
    .await;
}

#[tokio::test]
async fn of_two_saves_from_the_same_copy_exactly_one_wins() {
    on_both(|app| async move {
        let first = app.sign_in("first@example.org", Role::Editor).await;
        let second = app.sign_in("second@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/sessions/mayors-dialogue";
        let a = edit_form(&app, &first, uri, &[("start", "16:15"), ("end", "17:45")]).await;
        let b = edit_form(
            &app,
            &second,
            uri,
            &[("title_en", "Mayors’ dialogue, renamed")],
        )
        .await;
        let (one, two) = tokio::join!(post(&app, &first, uri, &a), post(&app, &second, uri, &b));
        let mut statuses = [one.status, two.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
        let loser = if one.status == StatusCode::CONFLICT {
            one
        } else {
            two
        };
        assert!(
            loser.text().contains("Nothing was overwritten")
                || loser.text().contains("Rien n’a été écrasé"),
            "{}",
            loser.text()
        );
        assert_eq!(
            app.store
                .draft("izmir-2021")
                .await
                .unwrap()
                .unwrap()
                .revision,
            2
        );
    })
    .await;
}

#[tokio::test]
async fn a_description_and_questions_are_kept_with_plain_line_breaks_and_their_indentation() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/sessions/mayors-dialogue";
        let fields = edit_form(
            &app,
            &editor,
            uri,
            &[
                (
                    "description_fr",
                    "    convene check\r\n\r\nVérifie le fichier.\r\n",
                ),
                ("questions_fr", "Première ?\r\nSeconde ?\r\n"),
            ],
        )
        .await;

        let reply = post(&app, &editor, uri, &fields).await;

        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
        let programme = draft(&app, "izmir-2021").await;
        let session = &programme.sessions[0];
        let fr = convene_core::Language::parse("fr").unwrap();
        assert_eq!(
            session.description.in_language(&fr),
            Some("    convene check\n\nVérifie le fichier.")
        );
        let questions: Vec<Option<&str>> = session
            .questions
            .iter()
            .map(|q| q.in_language(&fr))
            .collect();
        assert_eq!(questions, [Some("Première ?"), Some("Seconde ?")]);
    })
    .await;
}

#[tokio::test]
async fn a_script_typed_into_a_title_is_escaped_everywhere() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/sessions/mayors-dialogue";
        let fields = edit_form(
            &app,
            &editor,
            uri,
            &[("title_en", "<script>alert(1)</script>")],
        )
        .await;
        assert_eq!(
            post(&app, &editor, uri, &fields).await.status,
            StatusCode::SEE_OTHER
        );
        app.post_form(
            "/organiser/events/izmir-2021/publish",
            &[("note", "x"), ("csrf", &editor.csrf)],
            &editor.headers(),
        )
        .await;
        for page in [
            app.get_with(uri, &editor.headers()).await.text(),
            app.get("/events/izmir-2021/programme?lang=en").await.text(),
            app.get("/events/izmir-2021/sessions/mayors-dialogue?lang=en")
                .await
                .text(),
            app.get("/events/izmir-2021/schedule.xml?lang=en")
                .await
                .text(),
        ] {
            assert!(!page.contains("<script>alert(1)"), "{page}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_downloaded_programme_file_imports_back_to_the_same_programme() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let reply = app
            .get_with(
                "/organiser/events/izmir-2021/programme.toml",
                &editor.headers(),
            )
            .await;
        assert_eq!(
            reply.header("content-disposition"),
            "attachment; filename=\"izmir-2021.toml\""
        );
        let downloaded =
            convene_core::load(&reply.text(), &convene_core::CheckOptions::default()).programme;
        let original = convene_core::load(
            crate::helpers::IZMIR,
            &convene_core::CheckOptions::default(),
        )
        .programme;
        assert_eq!(downloaded, original);
    })
    .await;
}

#[tokio::test]
async fn an_admin_invites_an_organiser_who_chooses_a_password_and_signs_in() {
    on_both(|app| async move {
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let invited = app
            .post_form(
                "/organiser/users",
                &[
                    ("csrf", &admin.csrf),
                    ("email", "new@example.org"),
                    ("role", "editor"),
                ],
                &admin.headers(),
            )
            .await;
        assert_eq!(invited.status, StatusCode::CREATED);
        let html = invited.text();
        let start = html
            .find("https://summit.example.org/organiser/password/")
            .expect("the link")
            + "https://summit.example.org".len();
        let link = &html[start..start + html[start..].find('<').unwrap()];
        let set = app
            .post_form(link, &[("password", "a brand new password")], &[])
            .await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.text());
        let again = app
            .post_form(link, &[("password", "another password!!")], &[])
            .await;
        assert_eq!(again.status, StatusCode::GONE, "the link works once");
        assert_eq!(
            app.login("new@example.org", "a brand new password")
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let taken = app
            .post_form(
                "/organiser/users",
                &[
                    ("csrf", &admin.csrf),
                    ("email", "NEW@example.org"),
                    ("role", "viewer"),
                ],
                &admin.headers(),
            )
            .await;
        assert_eq!(taken.status, StatusCode::CONFLICT);
    })
    .await;
}

#[tokio::test]
async fn only_admins_change_roles_and_a_new_role_applies_at_once() {
    on_both(|app| async move {
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let users = app.store.users().await.unwrap();
        let editor_id = users
            .iter()
            .find(|u| u.email == "editor@example.org")
            .unwrap()
            .id
            .clone();
        let by_editor = app
            .post_form(
                &format!("/organiser/users/{editor_id}/role"),
                &[("csrf", &editor.csrf), ("role", "admin")],
                &editor.headers(),
            )
            .await;
        assert_eq!(by_editor.status, StatusCode::FORBIDDEN);
        let by_admin = app
            .post_form(
                &format!("/organiser/users/{editor_id}/role"),
                &[("csrf", &admin.csrf), ("role", "viewer")],
                &admin.headers(),
            )
            .await;
        assert_eq!(by_admin.status, StatusCode::SEE_OTHER);
        let publish = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "x"), ("csrf", &editor.csrf)],
                &editor.headers(),
            )
            .await;
        assert_eq!(publish.status, StatusCode::FORBIDDEN, "now a viewer");
    })
    .await;
}

#[tokio::test]
async fn confirming_the_10_december_times_lets_the_programme_become_final() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let settings = "/organiser/events/izmir-2021/settings";
        let page = app.get_with(settings, &editor.headers()).await.text();
        let revision = hidden(&page, "revision").unwrap();
        let final_too_soon = [
            ("csrf", editor.csrf.as_str()),
            ("revision", revision.as_str()),
            (
                "name_fr",
                "3e Sommet international des maires sur le vivre-ensemble",
            ),
            (
                "name_en",
                "3rd International Mayors’ Summit on Living Together",
            ),
            (
                "name_tr",
                "Birlikte Yaşam Üzerine 3. Uluslararası Belediye Başkanları Zirvesi",
            ),
            ("status", "final"),
            ("host_zone", "Europe/Istanbul"),
        ];
        let refused = app
            .post_form(settings, &final_too_soon, &editor.headers())
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.text().contains(
                "le programme est final, mais pas la séance &#34;human-rights-plenary&#34;"
            ),
            "{}",
            refused.text()
        );
        for (id, start, end) in [
            ("human-rights-plenary", "10:00", "12:00"),
            ("closing-panel", "14:00", "16:00"),
        ] {
            let uri = format!("/organiser/events/izmir-2021/sessions/{id}");
            let page = app.get_with(&uri, &editor.headers()).await.text();
            let mut fields =
                edit_form(&app, &editor, &uri, &[("start", start), ("end", end)]).await;
            fields.retain(|(k, _)| k != "kind" && k != "format" && k != "venue");
            for (name, value) in [
                (
                    "kind",
                    if id == "closing-panel" {
                        "ceremony"
                    } else {
                        "public-event"
                    },
                ),
                ("format", "on-site"),
                ("venue", "izmir"),
            ] {
                fields.push((name.into(), value.into()));
            }
            assert!(
                page.contains("name=\"tbc\" value=\"yes\" checked"),
                "{id} is to be confirmed"
            );
            let saved = post(&app, &editor, &uri, &fields).await;
            assert_eq!(
                saved.status,
                StatusCode::SEE_OTHER,
                "{id}: {}",
                saved.text()
            );
        }
        let page = app.get_with(settings, &editor.headers()).await.text();
        let revision = hidden(&page, "revision").unwrap();
        let mut now_final = final_too_soon.to_vec();
        now_final[1] = ("revision", revision.as_str());
        assert_eq!(
            app.post_form(settings, &now_final, &editor.headers())
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let publish = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "Programme final"), ("csrf", &editor.csrf)],
                &editor.headers(),
            )
            .await;
        assert_eq!(publish.status, StatusCode::SEE_OTHER);
        let public = app.get("/events/izmir-2021/programme?lang=fr").await.text();
        assert!(
            public.contains("Programme final") && public.contains("10:00–12:00"),
            "{public}"
        );
        let changes = app.get("/events/izmir-2021/changes?lang=en").await.text();
        assert!(
            changes.contains("id=\"change-human-rights-plenary\"")
                && changes.contains("id=\"change-closing-panel\"")
        );
        let ics = app.get("/events/izmir-2021/programme.ics").await.text();
        assert!(
            ics.contains("UID:closing-panel@izmir-2021.convene"),
            "a confirmed session joins the calendar"
        );
    })
    .await;
}

#[tokio::test]
async fn a_duplicated_session_waits_for_its_own_time() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let page = app
            .get_with(
                "/organiser/events/izmir-2021/sessions/workshop-resilience",
                &editor.headers(),
            )
            .await
            .text();
        let revision = hidden(&page, "revision").unwrap();
        let copy = app
            .post_form(
                "/organiser/events/izmir-2021/sessions/workshop-resilience/duplicate",
                &[("csrf", &editor.csrf), ("revision", &revision)],
                &editor.headers(),
            )
            .await;
        assert_eq!(
            copy.header("location"),
            "/organiser/events/izmir-2021/sessions/workshop-resilience-2"
        );
        let draft = app.store.draft("izmir-2021").await.unwrap().unwrap();
        let programme = convene_core::load(&draft.source, &convene_core::CheckOptions::default())
            .programme
            .unwrap();
        let copy = programme
            .sessions
            .iter()
            .find(|s| s.id.as_str() == "workshop-resilience-2")
            .unwrap();
        assert!(!copy.schedule.is_confirmed());
    })
    .await;
}

/// The stored draft of `event`, read back.
pub async fn draft(app: &TestApp, event: &str) -> convene_core::Programme {
    let draft = app.store.draft(event).await.unwrap().expect("a draft");
    convene_core::load(&draft.source, &convene_core::CheckOptions::default())
        .programme
        .expect("the draft loads")
}

/// A person of a session as the test compares it: their id and role.
type PersonRow = (String, &'static str);

/// The people of a session of the stored draft, as the tests compare them.
async fn people_of(app: &TestApp, event: &str, session: &str) -> Vec<PersonRow> {
    let draft = app.store.draft(event).await.unwrap().unwrap();
    let programme = convene_core::load(&draft.source, &convene_core::CheckOptions::default())
        .programme
        .unwrap();
    let session = programme
        .sessions
        .iter()
        .find(|s| s.id.as_str() == session)
        .unwrap();
    session
        .people
        .iter()
        .map(|p| (p.person.to_string(), convene_core::Keyword::keyword(p.role)))
        .collect()
}

/// Adds Ada Lovelace, Jean Dupont and Ayşe Yılmaz to the people of the Izmir draft.
async fn add_people(app: &TestApp) {
    let draft = app.store.draft("izmir-2021").await.unwrap().unwrap();
    let current =
        convene_core::Checked::load(&draft.source, &convene_core::CheckOptions::default()).unwrap();
    let fr = convene_core::Language::parse("fr").unwrap();
    let person = |id: &str, name: &str, office: &str| convene_core::Person {
        id: convene_core::Slug::parse(id).unwrap(),
        name: name.into(),
        title: convene_core::Text::new().with(fr.clone(), office),
        city: None,
        country: None,
        link: None,
    };
    let people = vec![
        person("ada-lovelace", "Ada Lovelace", "Modératrice"),
        person("jean-dupont", "Jean Dupont", "Conseiller municipal"),
        person("ayse-yilmaz", "Ayşe Yılmaz", "Maire adjointe"),
    ];
    let applied = convene_core::apply(
        current.programme(),
        vec![convene_core::Edit::SetPeople(people)],
        &convene_core::CheckOptions::default(),
    )
    .unwrap();
    let at = jiff::Timestamp::now();
    app.store
        .save_draft(&applied.programme, Some(draft.revision), at, None)
        .await
        .unwrap();
}

/// Every field of the session form as a browser without a script posts it: text fields, text areas,
/// the selected option of each list (else its first), and only the ticked boxes.
pub fn form_fields(html: &str) -> Vec<(String, String)> {
    fields_of_form(html, "<form method=\"post\" class=\"stacked session-form\"")
}

/// Every field of the form that starts with `opening` as a browser without a script posts it.
pub fn fields_of_form(html: &str, opening: &str) -> Vec<(String, String)> {
    let start = html
        .find(opening)
        .unwrap_or_else(|| panic!("no form {opening} in {html}"));
    let form = &html[start..];
    let form = &form[..form.find("</form>").expect("the end of the form")];
    let unescape = |text: &str| {
        text.replace("&#34;", "\"")
            .replace("&#39;", "'")
            .replace("&#60;", "<")
            .replace("&#62;", ">")
            .replace("&#38;", "&")
    };
    let attribute = |tag: &str, name: &str| {
        let marker = format!(" {name}=\"");
        let start = tag.find(&marker)? + marker.len();
        let end = tag[start..].find('"')? + start;
        Some(unescape(&tag[start..end]))
    };
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let tag = &rest[..rest.find('>').expect("a closed tag")];
        let Some(name) = attribute(tag, "name") else {
            continue;
        };
        let body = &rest[tag.len() + 1..];
        if tag.starts_with("input") {
            if tag.contains("type=\"checkbox\"") && !tag.contains(" checked") {
                continue;
            }
            fields.push((name, attribute(tag, "value").unwrap_or_default()));
        } else if tag.starts_with("textarea") {
            let end = body.find("</textarea>").expect("a closed text area");
            fields.push((name, unescape(&body[..end])));
        } else if tag.starts_with("select") {
            let options = &body[..body.find("</select>").expect("a closed list")];
            let chosen = options
                .split("<option")
                .skip(1)
                .find(|o| o.contains(" selected>"))
                .or_else(|| options.split("<option").nth(1))
                .and_then(|o| attribute(o, "value"))
                .unwrap_or_default();
            fields.push((name, chosen));
        }
    }
    fields
}

pub fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some(field) => field.1 = value.to_owned(),
        None => fields.push((name.to_owned(), value.to_owned())),
    }
}

#[tokio::test]
async fn people_of_the_event_are_picked_with_their_role() {
    on_both(|app| async move {
        add_people(&app).await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/sessions/mayors-dialogue";
        let fields = edit_form(
            &app,
            &editor,
            uri,
            &[
                ("people[0].person", "ada-lovelace"),
                ("people[0].role", "moderator"),
                ("people[1].person", "jean-dupont"),
                ("people[1].role", "presenter"),
                ("people[2].person", ""),
                ("people[2].role", "speaker"),
            ],
        )
        .await;
        let saved = post(&app, &editor, uri, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        assert_eq!(
            people_of(&app, "izmir-2021", "mayors-dialogue").await,
            [
                ("ada-lovelace".into(), "moderator"),
                ("jean-dupont".into(), "presenter"),
            ]
        );

        let bad = edit_form(
            &app,
            &editor,
            uri,
            &[("people[0].person", "ada-lovelace"), ("people[0].role", "juggler")],
        )
        .await;
        let refused = post(&app, &editor, uri, &bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text();
        assert!(
            html.contains("<p class=\"field-error\" id=\"people-0-role-error\">« juggler » n’est pas un rôle ; choisissez &#34;moderator&#34;, &#34;speaker&#34;, &#34;presenter&#34;, &#34;chair&#34; ou &#34;guest&#34;</p>"),
            "the error is at its field: {html}"
        );
        let stranger = edit_form(&app, &editor, uri, &[("people[0].person", "nobody")]).await;
        let refused = post(&app, &editor, uri, &stranger).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.text().contains("<p class=\"field-error\" id=\"people-0-person-error\">« nobody » ne fait pas partie des personnes de l’événement : ajoutez-la d’abord sur la page des personnes</p>"),
            "{}",
            refused.text()
        );
    })
    .await;
}

#[tokio::test]
async fn a_person_is_added_in_the_empty_row_and_removed_with_its_box_without_a_script() {
    on_both(|app| async move {
        add_people(&app).await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/sessions/mayors-dialogue";

        // The form of a session without people: only the empty row, to add the first person.
        let page = app.get_with(uri, &editor.headers()).await.text();
        let mut fields = form_fields(&page);
        assert!(
            page.contains("<option value=\"ada-lovelace\">Ada Lovelace — Modératrice</option>"),
            "{page}"
        );
        assert!(!page.contains("people[0].remove"), "nothing to remove yet");
        set(&mut fields, "people[0].person", "ada-lovelace");
        set(&mut fields, "people[0].role", "moderator");
        let saved = post(&app, &editor, uri, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());

        // Ada has her row with a box to remove her, and a new empty row follows.
        let page = app.get_with(uri, &editor.headers()).await.text();
        assert!(
            page.contains(
                "<option value=\"ada-lovelace\" selected>Ada Lovelace — Modératrice</option>"
            ),
            "{page}"
        );
        assert!(page.contains(
            "type=\"checkbox\" id=\"people-0-remove\" name=\"people[0].remove\" value=\"yes\">"
        ));
        assert!(page.contains("name=\"people[1].person\""), "{page}");
        let mut fields = form_fields(&page);
        set(&mut fields, "people[1].person", "ayse-yilmaz");
        set(&mut fields, "people[1].role", "chair");
        let saved = post(&app, &editor, uri, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        assert_eq!(
            people_of(&app, "izmir-2021", "mayors-dialogue").await,
            [
                ("ada-lovelace".into(), "moderator"),
                ("ayse-yilmaz".into(), "chair"),
            ]
        );

        // Ticking Ada's box removes her; Ayşe stays.
        let page = app.get_with(uri, &editor.headers()).await.text();
        let mut fields = form_fields(&page);
        set(&mut fields, "people[0].remove", "yes");
        let saved = post(&app, &editor, uri, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        assert_eq!(
            people_of(&app, "izmir-2021", "mayors-dialogue").await,
            [("ayse-yilmaz".into(), "chair")]
        );
    })
    .await;
}

#[tokio::test]
async fn an_unchanged_draft_is_not_published_again() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let again = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "again"), ("csrf", &editor.csrf)],
                &editor.headers(),
            )
            .await;
        assert_eq!(
            again.header("location"),
            "/organiser/events/izmir-2021?done=unchanged"
        );
        assert_eq!(app.store.versions("izmir-2021").await.unwrap().len(), 1);
        let page = app
            .get_with(
                "/organiser/events/izmir-2021?done=unchanged",
                &editor.headers(),
            )
            .await
            .text();
        assert!(
            page.contains("Rien n’a changé depuis la dernière version publiée"),
            "{page}"
        );
    })
    .await;
}

#[tokio::test]
async fn settings_that_cannot_be_read_are_said_in_the_organisers_language() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let settings = "/organiser/events/izmir-2021/settings";
        let page = app.get_with(settings, &editor.headers()).await.text();
        let revision = hidden(&page, "revision").unwrap();
        let form = [
            ("csrf", editor.csrf.as_str()),
            ("revision", revision.as_str()),
            ("status", "draft"),
            ("host_zone", "Europe/Izmir"),
        ];
        for (lang, expected) in [
            (
                "fr",
                [
                    "« draft » n’est pas un statut ; choisissez &#34;preliminary&#34; ou &#34;final&#34;",
                    "fuseau de l’hôte : fuseau horaire inconnu « Europe/Izmir » ;",
                ],
            ),
            (
                "tr",
                [
                    "&#34;draft&#34; bir durum değil; şunlardan birini seçin: &#34;preliminary&#34; ya da &#34;final&#34;",
                    "ev sahibi saat dilimi: bilinmeyen saat dilimi &#34;Europe/Izmir&#34;;",
                ],
            ),
        ] {
            let reply = app
                .post_form(&format!("{settings}?lang={lang}"), &form, &editor.headers())
                .await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{lang}");
            let html = reply.text();
            for message in expected {
                assert!(html.contains(message), "{lang}: {message} in {html}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_time_preview_labels_each_zone_as_the_public_programme_does() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri = "/organiser/events/izmir-2021/preview?date=2021-12-08&start=01:00&end=02:00&lang=fr";

        let preview = app.get_with(uri, &editor.headers()).await.text();

        assert_eq!(
            preview,
            concat!(
                "<table class=\"programme\"><tbody>",
                "<tr><th scope=\"row\">Izmir</th><td class=\"time\">01:00–02:00<small>UTC+3</small></td></tr>",
                "<tr><th scope=\"row\">Paris</th><td class=\"time\">23:00–00:00 (+1 jour)<small>UTC+1</small>",
                "<small class=\"shift\">mardi 7 décembre (−1 jour)</small></td></tr>",
                "<tr><th scope=\"row\">Montréal</th><td class=\"time\">17:00–18:00<small>UTC-5</small>",
                "<small class=\"shift\">mardi 7 décembre (−1 jour)</small></td></tr>",
                "</tbody></table>",
            ),
            "the range, its end past midnight and the other day, as in the programme's time cells"
        );
    })
    .await;
}

#[tokio::test]
async fn the_time_preview_of_a_day_outside_the_event_says_so_instead_of_far_times() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let uri =
            "/organiser/events/izmir-2021/preview?date=9999-12-31&start=23:00&end=01:00&lang=en";

        let preview = app.get_with(uri, &editor.headers()).await.text();

        assert_eq!(
            preview,
            "<p class=\"field-error\">9999-12-31 is not a day of the event (2021-12-07, 2021-12-08, \
             2021-12-10): choose one of its days to see the times</p>"
        );
    })
    .await;
}

#[tokio::test]
async fn an_editor_works_on_the_events_granted_and_finds_no_other() {
    on_both(|app| async move {
        app.import(include_str!("spring.toml")).await;
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let editor = app
            .sign_in_on("editor@example.org", Role::Editor, &["spring-forum"])
            .await;

        let dashboard = app.get_with("/organiser", &editor.headers()).await.text();
        assert!(
            dashboard.contains("/organiser/events/spring-forum"),
            "{dashboard}"
        );
        assert!(
            !dashboard.contains("/organiser/events/izmir-2021"),
            "{dashboard}"
        );
        for uri in [
            "/organiser/events/izmir-2021",
            "/organiser/events/izmir-2021/settings",
            "/organiser/events/izmir-2021/sessions/workshop-resilience",
            "/organiser/events/izmir-2021/programme.toml",
        ] {
            let reply = app.get_with(uri, &editor.headers()).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        }
        let publish = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "x"), ("csrf", &editor.csrf)],
                &editor.headers(),
            )
            .await;
        assert_eq!(publish.status, StatusCode::NOT_FOUND);
        let own = app
            .get_with("/organiser/events/spring-forum/settings", &editor.headers())
            .await;
        assert_eq!(own.status, StatusCode::OK);

        // The admin grants Izmir as a viewer: the editor reads it, and may not change it.
        let editor_id = app
            .store
            .users()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email == "editor@example.org")
            .unwrap()
            .id;
        let granted = app
            .post_form(
                &format!("/organiser/users/{editor_id}/events"),
                &[("csrf", &admin.csrf), ("role_izmir-2021", "viewer")],
                &admin.headers(),
            )
            .await;
        assert_eq!(granted.status, StatusCode::SEE_OTHER, "{}", granted.text());
        let reads = app
            .get_with("/organiser/events/izmir-2021", &editor.headers())
            .await;
        assert_eq!(reads.status, StatusCode::OK);
        let publish = app
            .post_form(
                "/organiser/events/izmir-2021/publish",
                &[("note", "x"), ("csrf", &editor.csrf)],
                &editor.headers(),
            )
            .await;
        assert_eq!(publish.status, StatusCode::FORBIDDEN, "a viewer there");
        let still_own = app
            .get_with("/organiser/events/spring-forum/settings", &editor.headers())
            .await;
        assert_eq!(still_own.status, StatusCode::OK, "other grants are kept");
    })
    .await;
}

#[tokio::test]
async fn no_organiser_answer_may_be_stored_by_a_browser_or_a_proxy() {
    on_both(|app| async move {
        let admin = app.sign_in("admin@example.org", Role::Admin).await;
        let invited = app
            .post_form(
                "/organiser/users",
                &[
                    ("csrf", &admin.csrf),
                    ("email", "new@example.org"),
                    ("role", "editor"),
                ],
                &admin.headers(),
            )
            .await;
        assert_eq!(
            invited.header("cache-control"),
            "no-store",
            "the invitation link"
        );
        let html = invited.text();
        let start = html.find("/organiser/password/").expect("the link");
        let link = html[start..start + html[start..].find('<').unwrap()].to_owned();
        let user = app.store.users().await.unwrap()[0].id.to_string();
        let event = "/organiser/events/izmir-2021";
        let session = format!("{event}/sessions/mayors-dialogue");
        // Every route of the organiser area, and addresses under it that are no route.
        let routes = [
            "/organiser".to_owned(),
            "/organiser/login".to_owned(),
            "/organiser/login?next=/organiser/audit".to_owned(),
            "/organiser/audit".to_owned(),
            "/organiser/users".to_owned(),
            format!("/organiser/users/{user}/role"),
            link.clone(),
            "/organiser/password/not-a-token".to_owned(),
            event.to_owned(),
            format!("{event}/publish"),
            format!("{event}/settings"),
            format!("{event}/programme.toml"),
            format!("{event}/preview?date=2021-12-07&start=10:00&end=11:00"),
            format!("{event}/new-session"),
            format!("{event}/introduction"),
            format!("{event}/days"),
            format!("{event}/venues"),
            format!("{event}/zones"),
            format!("{event}/people"),
            "/organiser/events/new".to_owned(),
            "/organiser/events/new?continues=izmir-2021".to_owned(),
            format!("{session}/duplicate"),
            format!("{session}/rename"),
            format!("{session}/delete"),
            session.clone(),
            "/organiser/events/no-such-event".to_owned(),
            "/organiser/no-such-page".to_owned(),
            "/organiser/logout-everywhere".to_owned(),
            "/organiser/logout".to_owned(),
        ];
        let signed_in = [("cookie", admin.cookie.as_str())];
        for uri in &routes {
            for (who, headers) in [("anonymous", &[][..]), ("signed in", &signed_in[..])] {
                let got = app.get_with(uri, headers).await;
                let posted = app
                    .post_form(uri, &[("csrf", &admin.csrf), ("note", "x")], headers)
                    .await;
                for (method, reply) in [("GET", got), ("POST", posted)] {
                    assert_eq!(
                        reply.header("cache-control"),
                        "no-store",
                        "{method} {uri} ({who}): {}",
                        reply.status
                    );
                    assert!(
                        !reply.status.is_server_error(),
                        "{method} {uri} ({who}): {}",
                        reply.status
                    );
                }
            }
        }
        let deleted = app
            .request(
                axum::http::Request::delete("/organiser")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(deleted.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(deleted.header("cache-control"), "no-store", "405");
    })
    .await;
}

#[tokio::test]
async fn after_signing_in_only_a_plain_path_of_the_organiser_area_is_followed() {
    on_both(|app| async move {
        app.sign_in("editor@example.org", Role::Editor).await;
        let long = format!("/organiser/{}", "a".repeat(2000));
        let cases: [(&str, &str, &str); 21] = [
            ("the dashboard", "/organiser", "/organiser"),
            ("a page of the area", "/organiser/audit", "/organiser/audit"),
            (
                "a page with a query",
                "/organiser/events/izmir-2021?done=saved",
                "/organiser/events/izmir-2021?done=saved",
            ),
            ("nothing", "", "/organiser"),
            (
                "a header after CR LF",
                "/organiser/audit\r\nSet-Cookie: x=y",
                "/organiser",
            ),
            (
                "a line feed",
                "/organiser\nLocation: https://evil.example",
                "/organiser",
            ),
            ("a carriage return", "/organiser\r", "/organiser"),
            ("a tab", "/organiser/\taudit", "/organiser"),
            ("a NUL", "/organiser\0", "/organiser"),
            ("a DEL", "/organiser\u{7f}", "/organiser"),
            ("a space", "/organiser/ audit", "/organiser"),
            (
                "another site",
                "https://evil.example/organiser",
                "/organiser",
            ),
            (
                "another site without scheme",
                "//evil.example/organiser",
                "/organiser",
            ),
            ("a backslash", "/\\evil.example/organiser", "/organiser"),
            (
                "a double slash inside",
                "/organiser//evil.example",
                "/organiser",
            ),
            ("a dot segment", "/organiser/../elsewhere", "/organiser"),
            (
                "an encoded dot segment",
                "/organiser/%2E%2e/elsewhere",
                "/organiser",
            ),
            ("a script", "javascript:alert(1)", "/organiser"),
            ("outside the area", "/events/izmir-2021", "/organiser"),
            ("not a path", "organiser", "/organiser"),
            (
                "letters beyond ASCII",
                "/organiser/événements",
                "/organiser",
            ),
        ];
        for (case, next, expected) in
            cases
                .iter()
                .chain([&("far too long", long.as_str(), "/organiser")])
        {
            let form = app
                .get(&format!(
                    "/organiser/login?next={}",
                    crate::helpers::encode(next)
                ))
                .await;
            assert_eq!(form.status, StatusCode::OK, "{case}: the form");
            let shown = hidden(&form.text(), "next").unwrap_or_default();
            assert!(
                !shown.contains(['\r', '\n']),
                "{case}: the form carries {shown:?}"
            );
            let token =
                crate::helpers::cookie_value(&form, "convene_login").expect("a login token");
            let reply = app
                .post_form(
                    "/organiser/login",
                    &[
                        ("email", "editor@example.org"),
                        ("password", "a long enough password"),
                        ("csrf", &token),
                        ("next", next),
                    ],
                    &[("cookie", &format!("convene_login={token}"))],
                )
                .await;
            assert_eq!(
                (reply.status, reply.header("location")),
                (StatusCode::SEE_OTHER, *expected),
                "{case}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_stale_settings_page_comes_back_as_typed_and_overwrites_nothing() {
    on_both(|app| async move {
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let settings = "/organiser/events/izmir-2021/settings";
        let page = app.get_with(settings, &editor.headers()).await.text();
        let stale = hidden(&page, "revision").unwrap();
        let form = |revision: &str, name_en: &str| {
            vec![
                ("csrf".to_owned(), editor.csrf.clone()),
                ("revision".to_owned(), revision.to_owned()),
                (
                    "name_fr".to_owned(),
                    "3e Sommet international des maires sur le vivre-ensemble".to_owned(),
                ),
                ("name_en".to_owned(), name_en.to_owned()),
                ("status".to_owned(), "preliminary".to_owned()),
                ("host_zone".to_owned(), "Europe/Istanbul".to_owned()),
            ]
        };
        let first = form(&stale, "Mayors’ Summit, first edit");
        let saved = app
            .post_form(settings, &as_refs(&first), &editor.headers())
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);

        let late = form(&stale, "Mayors’ Summit, late edit");
        let refused = app
            .post_form(settings, &as_refs(&late), &editor.headers())
            .await;

        assert_eq!(refused.status, StatusCode::CONFLICT);
        let html = refused.text();
        assert!(
            html.contains("value=\"Mayors’ Summit, late edit\""),
            "{html}"
        );
        let newer = hidden(&html, "revision").unwrap();
        assert_ne!(newer, stale, "the form now carries the newer revision");
        let draft = app.store.draft("izmir-2021").await.unwrap().unwrap();
        assert!(
            draft
                .source
                .contains("name.en = \"Mayors’ Summit, first edit\"")
        );
        let again = form(&newer, "Mayors’ Summit, late edit");
        let saved = app
            .post_form(settings, &as_refs(&again), &editor.headers())
            .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "saved again on purpose"
        );
    })
    .await;
}

/// Owned form fields as the pairs `post_form` takes.
fn as_refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
