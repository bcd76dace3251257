//! Who comes, for organisers: the registrations page with its capacity chart, filters and
//! search; approving, declining, moving and adding registrations with the participant's email;
//! the CSV export for admins; and who may do what.

use axum::http::StatusCode;
use convene_core::registration::{Category, Policy, Registrant, State, Target};
use convene_core::{Language, Zone};
use convene_store::Role;
use jiff::Timestamp;

use crate::helpers::{Session, TestApp, on_both};
use crate::participants::{Browser, EVENT, dialogue, open, outbox, register};

const PAGE: &str = "/organiser/events/izmir-2031/registrations";

fn plenary() -> Target {
    Target::Session(convene_core::Slug::parse("human-rights-plenary").unwrap())
}

fn someone(name: &str, email: &str, category: Category, country: &str) -> Registrant {
    Registrant {
        name: name.into(),
        email: email.into(),
        category,
        city: Some("İzmir".into()),
        country: Some(country.into()),
        organisation: None,
        language: Language::parse("en").unwrap(),
        interpretation: None,
        zone: Zone::parse("Europe/Istanbul").unwrap(),
        accessibility: None,
        dietary: None,
    }
}

/// Registers `who` for `target` through the store, as the public form does.
async fn seed(app: &TestApp, who: &Registrant, target: Target) -> String {
    let mut unit = app.store.begin("registering").await.unwrap();
    let registration = unit
        .register(EVENT, who, &[target], None, Timestamp::now())
        .await
        .unwrap();
    unit.commit().await.unwrap();
    match &registration.outcomes[0].1 {
        convene_store::Outcome::Registered {
            registration_id, ..
        } => registration_id.clone(),
        other => panic!("not registered: {other:?}"),
    }
}

/// The registration's state and its version, as the page's forms carry it.
async fn state_of(app: &TestApp, id: &str) -> (State, String) {
    let all = app.store.registrations(EVENT, None).await.unwrap();
    let r = all.iter().find(|r| r.id == id).expect("the registration");
    (r.state, r.updated_at.as_millisecond().to_string())
}

async fn act(
    app: &TestApp,
    session: &Session,
    id: &str,
    action: &str,
    extra: &[(&str, &str)],
) -> crate::helpers::Reply {
    let (_, version) = state_of(app, id).await;
    let mut fields = vec![
        ("csrf", session.csrf.as_str()),
        ("version", version.as_str()),
    ];
    fields.extend_from_slice(extra);
    app.post_form(
        &format!("{PAGE}/{id}/{action}"),
        &fields,
        &session.headers(),
    )
    .await
}

/// The names in the list's rows, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<tr id=\"registration-")
        .skip(1)
        .map(|row| {
            let cell = row.split("<td>").nth(1).unwrap_or("");
            let cell = cell.trim_start_matches("<em>");
            cell[..cell.find('<').unwrap()].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn an_organiser_approves_a_pending_registration_and_the_participant_is_written_to() {
    on_both(|app| async move {
        open(&app, Some(10), Policy::Approval).await;
        let mut browser = Browser::default();
        register(&app, &mut browser, "Valérie Plante", "valerie@example.org").await;
        let admin = app.sign_in("admin@example.org", Role::Admin).await;

        // The event's page links to the list, which shows her pending registration.
        let event = app
            .get_with("/organiser/events/izmir-2031?lang=en", &admin.headers())
            .await;
        assert!(event.text().contains(&format!("href=\"{PAGE}\"")));
        let page = app
            .get_with(&format!("{PAGE}?lang=en"), &admin.headers())
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let html = page.text();
        assert_eq!(listed(&html), ["Valérie Plante"]);
        assert!(html.contains("Awaiting approval"), "{html}");
        let id = app.store.registrations(EVENT, None).await.unwrap()[0]
            .id
            .clone();
        assert!(html.contains(&format!("action=\"{PAGE}/{id}/approve\"")));

        let approved = act(&app, &admin, &id, "approve", &[]).await;
        assert_eq!(
            approved.status,
            StatusCode::SEE_OTHER,
            "{}",
            approved.text()
        );
        assert_eq!(approved.header("location"), format!("{PAGE}?done=approved"));
        assert_eq!(state_of(&app, &id).await.0, State::Confirmed);
        let messages = outbox(&app).await;
        let kinds: Vec<(&str, &str)> = messages
            .iter()
            .map(|(kind, to, ..)| (kind.as_str(), to.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("received", "valerie@example.org"),
                ("confirmed", "valerie@example.org")
            ]
        );
        let audit = app.store.audit_log(10).await.unwrap();
        assert!(
            audit.iter().any(|e| e.action == "approve-registration"),
            "{audit:?}"
        );

        // The same form again changes nothing, and says so.
        let page = app
            .get_with(&format!("{PAGE}?lang=en"), &admin.headers())
            .await
            .text();
        let stale = app
            .post_form(
                &format!("{PAGE}/{id}/decline"),
                &[("csrf", admin.csrf.as_str()), ("version", "1")],
                &admin.headers(),
            )
            .await;
        assert_eq!(stale.header("location"), format!("{PAGE}?done=stale"));
        assert_eq!(state_of(&app, &id).await.0, State::Confirmed);
        let told = app
            .get_with(
                &format!("{}&lang=en", stale.header("location")),
                &admin.headers(),
            )
            .await
            .text();
        assert!(told.contains("Nothing changed"), "{told}");
        assert!(page.contains("Confirmed"));
    })
    .await;
}

#[tokio::test]
async fn filters_and_search_narrow_the_list() {
    on_both(|app| async move {
        open(&app, Some(1), Policy::Open).await;
        seed(
            &app,
            &someone("Tunç Soyer", "tunc@example.org", Category::Mayor, "TR"),
            dialogue(),
        )
        .await;
        seed(
            &app,
            &someone("Anne Hidalgo", "anne@example.org", Category::Mayor, "FR"),
            dialogue(),
        )
        .await;
        seed(
            &app,
            &someone("Jo Reporter", "jo@example.org", Category::Press, "FR"),
            plenary(),
        )
        .await;
        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        let cases: [(&str, &str, &[&str]); 7] = [
            (
                "everyone",
                "",
                &["Jo Reporter", "Tunç Soyer", "Anne Hidalgo"],
            ),
            (
                "the dialogue",
                "target=session:mayors-dialogue",
                &["Tunç Soyer", "Anne Hidalgo"],
            ),
            ("on the waiting list", "state=waiting", &["Anne Hidalgo"]),
            (
                "the press from France",
                "category=press&country=FR",
                &["Jo Reporter"],
            ),
            ("a name in capitals", "q=HIDALGO", &["Anne Hidalgo"]),
            ("without the cedilla", "q=tunc", &["Tunç Soyer"]),
            (
                "an email and a filter",
                "q=example.org&country=TR",
                &["Tunç Soyer"],
            ),
        ];
        for (case, query, names) in cases {
            let page = app
                .get_with(&format!("{PAGE}?lang=en&{query}"), &viewer.headers())
                .await;
            assert_eq!(page.status, StatusCode::OK, "{case}");
            assert_eq!(listed(&page.text()), names, "{case}");
        }
        let nobody = app
            .get_with(&format!("{PAGE}?lang=en&q=nobody"), &viewer.headers())
            .await
            .text();
        assert!(nobody.contains("No registration matches."), "{nobody}");
        // A viewer reads, and is offered no action.
        assert!(!nobody.contains("/approve\""));
    })
    .await;
}

#[tokio::test]
async fn the_csv_opens_in_spreadsheets_is_quoted_neutralised_and_for_admins_only() {
    on_both(|app| async move {
        open(&app, Some(10), Policy::Open).await;
        let mut awkward = someone(
            "Hidalgo, Anne \"la maire\"",
            "anne@example.org",
            Category::Mayor,
            "FR",
        );
        awkward.organisation = Some("=cmd()".into());
        seed(&app, &awkward, dialogue()).await;
        seed(
            &app,
            &someone("Jo Reporter", "jo@example.org", Category::Press, "FR"),
            plenary(),
        )
        .await;
        let admin = app.sign_in("admin@example.org", Role::Admin).await;

        let reply = app
            .get_with(
                &format!("/organiser/events/{EVENT}/registrations.csv?lang=en&category=mayor"),
                &admin.headers(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        assert_eq!(
            reply.header("content-type"),
            "text/csv; charset=utf-8; header=present"
        );
        assert_eq!(
            reply.header("content-disposition"),
            "attachment; filename=\"izmir-2031-registrations.csv\""
        );
        assert!(
            reply.body.starts_with(b"\xEF\xBB\xBF"),
            "a byte-order mark first"
        );
        let text = String::from_utf8(reply.body[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "a header, one row, and the end: {text}");
        assert!(
            lines[0].starts_with("Registration,Name,Email,Category,Organisation,"),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains(",State (keyword),State,"));
        assert!(
            lines[1].contains(
                ",\"Hidalgo, Anne \"\"la maire\"\"\",anne@example.org,Mayor,'=cmd(),İzmir,France,"
            ),
            "{}",
            lines[1]
        );
        assert!(lines[1].contains(",confirmed,Confirmed,"), "{}", lines[1]);
        assert!(!text.contains("Jo Reporter"), "the filter applies");
        assert!(
            app.store
                .audit_log(10)
                .await
                .unwrap()
                .iter()
                .any(|e| e.action == "export-registrations")
        );

        for (email, role) in [
            ("editor@example.org", Role::Editor),
            ("viewer@example.org", Role::Viewer),
        ] {
            let other = app.sign_in(email, role).await;
            let refused = app
                .get_with(
                    &format!("/organiser/events/{EVENT}/registrations.csv"),
                    &other.headers(),
                )
                .await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email}");
            let page = app
                .get_with(&format!("{PAGE}?lang=en"), &other.headers())
                .await
                .text();
            assert!(
                !page.contains("registrations.csv"),
                "{email} is not offered the export"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn declining_a_confirmed_registration_offers_the_seat_to_the_next() {
    on_both(|app| async move {
        open(&app, Some(1), Policy::Open).await;
        let first = seed(
            &app,
            &someone("Tunç Soyer", "tunc@example.org", Category::Mayor, "TR"),
            dialogue(),
        )
        .await;
        let second = seed(
            &app,
            &someone("Anne Hidalgo", "anne@example.org", Category::Mayor, "FR"),
            dialogue(),
        )
        .await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let declined = act(
            &app,
            &editor,
            &first,
            "decline",
            &[("return", "state=confirmed")],
        )
        .await;
        assert_eq!(
            declined.status,
            StatusCode::SEE_OTHER,
            "{}",
            declined.text()
        );
        assert_eq!(
            declined.header("location"),
            format!("{PAGE}?state=confirmed&done=declined")
        );
        assert_eq!(state_of(&app, &first).await.0, State::Declined);
        assert_eq!(state_of(&app, &second).await.0, State::Offered);
        // Written in one unit of work, at one instant: in no order of their own.
        let mut kinds: Vec<(String, String)> = outbox(&app)
            .await
            .into_iter()
            .map(|(kind, to, ..)| (kind, to))
            .collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [
                ("declined".to_owned(), "tunc@example.org".to_owned()),
                ("offer".to_owned(), "anne@example.org".to_owned())
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn an_organiser_moves_a_registration_to_another_session() {
    on_both(|app| async move {
        open(&app, Some(10), Policy::Open).await;
        let id = seed(
            &app,
            &someone("Tunç Soyer", "tunc@example.org", Category::Mayor, "TR"),
            dialogue(),
        )
        .await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let moved = act(
            &app,
            &editor,
            &id,
            "move",
            &[("target", "session:human-rights-plenary")],
        )
        .await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text());
        assert_eq!(moved.header("location"), format!("{PAGE}?done=moved"));
        let now: Vec<(Target, State)> = app
            .store
            .registrations(EVENT, None)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.target, r.state))
            .collect();
        assert_eq!(
            now,
            [
                (plenary(), State::Confirmed),
                (dialogue(), State::Cancelled)
            ]
        );
        let mut kinds: Vec<String> = outbox(&app).await.into_iter().map(|m| m.0).collect();
        kinds.sort();
        assert_eq!(kinds, ["cancelled", "confirmed"]);
        assert!(
            app.store
                .audit_log(10)
                .await
                .unwrap()
                .iter()
                .any(|e| e.action == "move-registration")
        );

        // A target that is not the programme's is refused.
        let plenary_id = app
            .store
            .registrations(EVENT, Some(&plenary()))
            .await
            .unwrap()[0]
            .id
            .clone();
        let nowhere = act(
            &app,
            &editor,
            &plenary_id,
            "move",
            &[("target", "session:nowhere")],
        )
        .await;
        assert_eq!(nowhere.status, StatusCode::UNPROCESSABLE_ENTITY);
    })
    .await;
}

#[tokio::test]
async fn an_organiser_adds_someone_by_hand_past_the_approval_policy() {
    on_both(|app| async move {
        open(&app, Some(10), Policy::Approval).await;
        let editor = app.sign_in("editor@example.org", Role::Editor).await;
        let form = app
            .get_with(
                &format!("/organiser/events/{EVENT}/add-registration?lang=en"),
                &editor.headers(),
            )
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.text());
        let fields = [
            ("csrf", editor.csrf.as_str()),
            ("target", "session:mayors-dialogue"),
            ("name", "Mohamed Sefiani"),
            ("email", "Sefiani@Example.org"),
            ("category", "mayor"),
            ("city", "Chefchaouen"),
            ("country", "MA"),
            ("organisation", ""),
            ("language", "fr"),
            ("interpretation", ""),
            ("zone", "Africa/Casablanca"),
            ("accessibility", ""),
            ("dietary", ""),
        ];
        let uri = format!("/organiser/events/{EVENT}/add-registration?lang=en");
        let wrong: Vec<(&str, &str)> = fields
            .iter()
            .map(|&(k, v)| {
                if k == "email" {
                    (k, "not an address")
                } else {
                    (k, v)
                }
            })
            .collect();
        let refused = app.post_form(&uri, &wrong, &editor.headers()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.text().contains("value=\"Mohamed Sefiani\""),
            "what was typed stays"
        );

        let added = app.post_form(&uri, &fields, &editor.headers()).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
        assert_eq!(added.header("location"), format!("{PAGE}?done=added"));
        let states: Vec<State> = app
            .store
            .registrations(EVENT, None)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.state)
            .collect();
        assert_eq!(
            states,
            [State::Confirmed],
            "no approval for the organiser's addition"
        );
        let kinds: Vec<(String, String)> =
            outbox(&app).await.into_iter().map(|m| (m.0, m.1)).collect();
        assert_eq!(
            kinds,
            [("confirmed".to_owned(), "sefiani@example.org".to_owned())]
        );
    })
    .await;
}

#[tokio::test]
async fn a_viewer_reads_the_list_but_every_action_is_refused() {
    on_both(|app| async move {
        open(&app, Some(10), Policy::Approval).await;
        let id = seed(
            &app,
            &someone("Tunç Soyer", "tunc@example.org", Category::Mayor, "TR"),
            dialogue(),
        )
        .await;
        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        let page = app
            .get_with(&format!("{PAGE}?lang=en"), &viewer.headers())
            .await;
        assert_eq!(page.status, StatusCode::OK);
        for action in ["approve", "decline", "cancel", "move"] {
            let refused = act(
                &app,
                &viewer,
                &id,
                action,
                &[("target", "session:human-rights-plenary")],
            )
            .await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{action}");
        }
        let add = app
            .post_form(
                &format!("/organiser/events/{EVENT}/add-registration"),
                &[("csrf", viewer.csrf.as_str())],
                &viewer.headers(),
            )
            .await;
        assert_eq!(add.status, StatusCode::FORBIDDEN);
        assert_eq!(state_of(&app, &id).await.0, State::Pending);
        assert!(outbox(&app).await.iter().all(|m| m.0 == "received"));
    })
    .await;
}

#[tokio::test]
async fn the_capacity_chart_carries_the_figures_in_words_and_on_the_bar() {
    on_both(|app| async move {
        open(&app, Some(1), Policy::Open).await;
        seed(
            &app,
            &someone("Tunç Soyer", "tunc@example.org", Category::Mayor, "TR"),
            dialogue(),
        )
        .await;
        seed(
            &app,
            &someone(
                "A <b>bold</b> mayor",
                "anne@example.org",
                Category::Mayor,
                "FR",
            ),
            dialogue(),
        )
        .await;
        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        let html = app
            .get_with(&format!("{PAGE}?lang=en"), &viewer.headers())
            .await
            .text();
        let svg_start = html.find("<svg").expect("a chart");
        let svg = &html[svg_start..html[svg_start..].find("</svg>").unwrap() + svg_start];
        assert!(svg.contains("role=\"img\""), "{svg}");
        let label =
            "Mayors’ dialogue: 1 confirmed, 0 offered, 1 waiting, 0 awaiting approval; one seat";
        assert!(
            svg.contains(&format!(
                "aria-label=\"{}",
                label.split(':').next().unwrap()
            )),
            "{svg}"
        );
        assert!(
            svg.contains("1 confirmed, 0 offered, 1 waiting, 0 awaiting approval; one seat"),
            "{svg}"
        );
        assert!(svg.contains("<title>"), "{svg}");
        assert!(
            svg.contains(">one seat</text>"),
            "the capacity line is labelled: {svg}"
        );
        // What participants typed is escaped.
        assert!(!html.contains("<b>bold</b>"));
        assert!(
            html.contains("A &#60;b&#62;bold&#60;/b&#62; mayor"),
            "{html}"
        );
    })
    .await;
}
