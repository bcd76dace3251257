//! Joining an online session, as a participant lives it in a real browser. The mayors' dialogue
//! starts in about ten minutes in Izmir, so its way in is open; its room (on a stand-in video
//! platform served by the test) has a main address and a French channel with a passcode. Marie, a
//! mayor in Montréal who reads French, registered for it; on her phone she signs in with the link
//! her email brings, finds "Rejoindre" on "Mon inscription" with the passcode and the organisers'
//! note, and lands in the French channel; she then tries the main room through "Autres canaux".
//! Claire, in Paris, registered for a workshop of the next day: her personal link says when the
//! room opens, in her zone, and her page holds no address of the room at all. An admin then reads
//! the rooms and who joined, on a phone and on a desktop screen. Every page reads without overlaps
//! or sideways scrolling, and axe-core finds nothing serious.

use convene_core::registration::joining::{Channel, Room};
use convene_core::registration::{
    Category, Policy, Registrant, State, Target, TargetSetting, Window,
};
use convene_core::{Language, Slug, Zone};
use convene_store::{Outcome, Role};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::chromium::{Browser, BrowserTools, JavaScript, Screen};
use crate::inbox;
use crate::site::TestSite;

const IZMIR: &str = include_str!("../../../../examples/izmir-2021.toml");
const EVENT: &str = "izmir-now";
const HOST_ZONE: &str = "Europe/Istanbul";
const DIALOGUE: &str = "mayors-dialogue";
const DIALOGUE_TITLE: &str =
    "Dialogue des maires sur l’état de la cohésion sociale dans les villes";
const WORKSHOP: &str = "workshop-resilience";
const WORKSHOP_TITLE: &str = "Atelier thématique 1 : Bâtir des villes résilientes";
const MONTREAL: &str = "America/Toronto";
const PARIS: &str = "Europe/Paris";
const ADMIN: &str = "admin@example.org";
const ADMIN_PASSWORD: &str = "a long enough password";

/// The rooms of the stand-in video platform: each a path and the heading of its page.
const DIALOGUE_ROOM: (&str, &str) = ("/dialogue", "Salle principale du dialogue");
const DIALOGUE_FRENCH: (&str, &str) = ("/dialogue-fr", "Salle française");
const WORKSHOP_ROOM: (&str, &str) = ("/atelier", "Salle de l’atelier");
const WORKSHOP_FRENCH: (&str, &str) = ("/atelier-fr", "Atelier, canal français");
const DIALOGUE_PASSCODE: &str = "dialogue-4411";
const WORKSHOP_PASSCODE: &str = "atelier-9302";
const DIALOGUE_NOTE: &str = "Micro coupé à l’entrée, s’il vous plaît.";
const WORKSHOP_NOTE: &str = "Caméra allumée pour les tables rondes.";

/// Someone registered by the organisers' store, as the form would.
struct Person {
    name: &'static str,
    email: &'static str,
    zone: &'static str,
    country: &'static str,
    category: Category,
}

const MARIE: Person = Person {
    name: "Marie Tremblay",
    email: "marie@example.org",
    zone: MONTREAL,
    country: "CA",
    category: Category::Mayor,
};

const CLAIRE: Person = Person {
    name: "Claire Dubois",
    email: "claire@example.org",
    zone: PARIS,
    country: "FR",
    category: Category::CityStaff,
};

/// The video platform the rooms are on: a local web server whose every room is a page with its
/// name as the heading, so that the browser really lands somewhere. Stops when dropped.
struct Platform {
    base_url: String,
    server: JoinHandle<()>,
}

impl Platform {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free local port for the video platform");
        let address = listener.local_addr().expect("the platform's address");
        let mut router = axum::Router::new();
        for (path, title) in [
            DIALOGUE_ROOM,
            DIALOGUE_FRENCH,
            WORKSHOP_ROOM,
            WORKSHOP_FRENCH,
        ] {
            router = router.route(
                path,
                axum::routing::get(move || async move {
                    axum::response::Html(format!(
                        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
                         <title>{title}</title></head><body><h1>{title}</h1></body></html>"
                    ))
                }),
            );
        }
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                eprintln!("the video platform on {address} stopped: {error}");
            }
        });
        Self {
            base_url: format!("http://{address}"),
            server,
        }
    }

    /// The address of the room `(path, _)`.
    fn url(&self, (path, _): (&str, &str)) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl Drop for Platform {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// When the mayors' dialogue runs, in Izmir.
struct Dialogue {
    start: DateTime,
    end: DateTime,
}

impl Dialogue {
    /// From about ten minutes from now for an hour, in Izmir; kept within one day there, so that
    /// late in the evening it starts at 23:30 at the latest (a little earlier than now, perhaps,
    /// but still open) and ends at 23:59.
    fn soon() -> Self {
        let izmir = TimeZone::get(HOST_ZONE).expect("Izmir's zone");
        let soon = izmir.to_datetime(Timestamp::now() + SignedDuration::from_mins(10));
        let day = soon.date();
        let start = day
            .at(soon.hour(), soon.minute(), 0, 0)
            .min(day.at(23, 30, 0, 0));
        let end = (start + 1.hour()).min(day.at(23, 59, 0, 0));
        Self { start, end }
    }

    /// Its start and end in `zone`, as "HH:MM–HH:MM".
    fn range_in(&self, zone: &str) -> String {
        let izmir = TimeZone::get(HOST_ZONE).expect("Izmir's zone");
        let there = TimeZone::get(zone).expect("a zone");
        let local = |at: DateTime| {
            let instant = izmir.to_timestamp(at).expect("a time that exists in Izmir");
            there.to_datetime(instant).strftime("%H:%M").to_string()
        };
        format!("{}–{}", local(self.start), local(self.end))
    }
}

/// The Izmir programme as `EVENT`, its first day the dialogue's day: the dialogue at its time, the
/// interactive dialogue (which followed it) moved to the next morning, the workshops the next
/// afternoon as ever.
fn programme(dialogue: &Dialogue) -> String {
    let day = dialogue.start.date();
    let next = day.tomorrow().expect("a next day");
    let mut source = IZMIR.replacen("id = \"izmir-2021\"", &format!("id = \"{EVENT}\""), 1);
    for (from, to) in [
        (
            "date = \"2021-12-07\"\nstart = \"16:00\"\nend = \"17:30\"".to_owned(),
            format!(
                "date = \"2021-12-07\"\nstart = \"{}\"\nend = \"{}\"",
                dialogue.start.strftime("%H:%M"),
                dialogue.end.strftime("%H:%M")
            ),
        ),
        (
            "date = \"2021-12-07\"\nstart = \"17:45\"\nend = \"19:00\"".to_owned(),
            "date = \"2021-12-08\"\nstart = \"08:00\"\nend = \"09:00\"".to_owned(),
        ),
    ] {
        assert!(
            source.contains(&from),
            "the Izmir example has no session at {from:?}: update this test's programme"
        );
        source = source.replacen(&from, &to, 1);
    }
    source
        .replace("2021-12-07", &day.to_string())
        .replace("2021-12-08", &next.to_string())
        .replace("2021-12-10", &(day + 3.days()).to_string())
}

fn session(id: &str) -> Target {
    Target::Session(Slug::parse(id).expect("a session's id"))
}

fn french() -> Language {
    Language::parse("fr").expect("French")
}

/// A room on `platform`: its main address, a French channel of its own with a passcode, and a
/// note in French.
fn room(
    platform: &Platform,
    main: (&str, &str),
    channel: (&str, &str),
    passcode: &str,
    note: &str,
) -> Room {
    Room {
        url: platform.url(main),
        channels: vec![Channel {
            language: french(),
            url: Some(platform.url(channel)),
            passcode: Some(passcode.to_owned()),
        }],
        notes: [(french(), note.to_owned())].into(),
    }
}

/// What organisers set up: the programme published with the dialogue soon, registration open,
/// the dialogue and the workshop open to all, and each with its room.
async fn set_up(site: &TestSite, platform: &Platform, dialogue: &Dialogue) {
    site.import(&programme(dialogue), Timestamp::now()).await;
    let now = Timestamp::now();
    let mut unit = site
        .store()
        .begin("opening registration and the rooms")
        .await
        .expect("a unit of work");
    unit.set_registration_window(
        EVENT,
        &Window {
            opens: Some(now - SignedDuration::from_hours(1)),
            ..Window::closed()
        },
        now,
    )
    .await
    .expect("registration opens");
    let ends = |_: &Target| Some(now + SignedDuration::from_hours(24));
    for (id, main, channel, passcode, note) in [
        (
            DIALOGUE,
            DIALOGUE_ROOM,
            DIALOGUE_FRENCH,
            DIALOGUE_PASSCODE,
            DIALOGUE_NOTE,
        ),
        (
            WORKSHOP,
            WORKSHOP_ROOM,
            WORKSHOP_FRENCH,
            WORKSHOP_PASSCODE,
            WORKSHOP_NOTE,
        ),
    ] {
        let setting = TargetSetting {
            target: session(id),
            policy: Policy::Open,
            capacity: Some(50),
        };
        unit.set_target(EVENT, &setting, now, &ends)
            .await
            .expect("a session's seats are set");
        let room = room(platform, main, channel, passcode, note);
        let slug = Slug::parse(id).expect("a session's id");
        unit.set_room(EVENT, &slug, Some(&room), now)
            .await
            .expect("a session's room is set");
    }
    unit.commit().await.expect("the set-up commits");
}

/// Registers `who`, reading and hearing French, for session `id`, and returns the registration,
/// confirmed at once.
async fn register(site: &TestSite, who: &Person, id: &str) -> String {
    let registrant = Registrant {
        name: who.name.to_owned(),
        email: who.email.to_owned(),
        category: who.category,
        city: None,
        country: Some(who.country.to_owned()),
        organisation: None,
        language: french(),
        interpretation: Some(french()),
        zone: Zone::parse(who.zone).expect("a zone"),
        accessibility: None,
        dietary: None,
    };
    let mut unit = site
        .store()
        .begin("registering")
        .await
        .expect("a unit of work");
    let done = unit
        .register(EVENT, &registrant, &[session(id)], None, Timestamp::now())
        .await
        .expect("the registration is stored");
    unit.commit().await.expect("the registration commits");
    match done.outcomes.as_slice() {
        [
            (
                _,
                Outcome::Registered {
                    registration_id,
                    state: State::Confirmed,
                    ..
                },
            ),
        ] => registration_id.clone(),
        other => panic!("{} confirmed for {id} at once, not {other:?}", who.name),
    }
}

/// The personal join link of registration `registration_id`, as her reminders bring it.
async fn join_link(site: &TestSite, registration_id: &str) -> String {
    let mut unit = site
        .store()
        .begin("making a join link")
        .await
        .expect("a unit of work");
    let token = unit
        .join_link(registration_id, Timestamp::now())
        .await
        .expect("a join link");
    unit.commit().await.expect("the join link commits");
    format!("/join/{token}")
}

/// From the sign-in page, `email` asks for a link, follows the one the email brings, presses the
/// button and lands on "Mon inscription".
async fn sign_in(site: &TestSite, browser: &Browser, email: &str) {
    browser
        .goto(&site.url(&format!("/events/{EVENT}/sign-in?lang=fr")))
        .await;
    inbox::sign_in(site, browser, EVENT, email).await;
}

/// Signs in through the organisers' login form as the admin.
async fn sign_in_as_admin(site: &TestSite, browser: &Browser) {
    browser.goto(&site.url("/organiser/login")).await;
    browser.type_into("input#email", ADMIN).await;
    browser.type_into("input#password", ADMIN_PASSWORD).await;
    browser
        .click("form[action='/organiser/login'] button[type='submit']")
        .await;
    browser.wait_for_url(&site.url("/organiser")).await;
}

/// The item of "Mon inscription" about the session titled `title`, as a CSS selector.
async fn agenda_item(browser: &Browser, title: &str) -> String {
    let headings = browser.texts("ul.agenda > li > h3").await;
    let position = headings
        .iter()
        .position(|h| h == title)
        .unwrap_or_else(|| panic!("no \"{title}\" in the agenda: {headings:?}"));
    format!("ul.agenda > li:nth-child({})", position + 1)
}

/// The labels and times of the zone lines inside `scope`, as shown.
async fn zone_lines(browser: &Browser, scope: &str) -> Vec<(String, String)> {
    let labels = browser.texts(&format!("{scope} dl.zone-lines dt")).await;
    let times = browser.texts(&format!("{scope} dl.zone-lines dd")).await;
    labels.into_iter().zip(times).collect()
}

/// What of the video platform `html` gives away: its address, a passcode or a note.
fn secrets_in(platform: &Platform, html: &str, secrets: &[&str]) -> Vec<String> {
    std::iter::once(platform.base_url.as_str())
        .chain(secrets.iter().copied())
        .filter(|secret| html.contains(secret))
        .map(str::to_owned)
        .collect()
}

/// Everything wrong with the page shown, for `what`, on `screen`: texts that overlap, a page wider
/// than the viewport, and what axe-core finds serious or critical (the rest is printed).
async fn layout_problems(browser: &Browser, what: &str, screen: Screen) -> Vec<String> {
    let mut found = Vec::new();
    for overlap in browser.overlapping_texts("header.site, main").await {
        found.push(format!("texts overlap: {overlap}"));
    }
    let (viewport, width) = browser.page_width().await;
    if width > viewport {
        found.push(format!(
            "{width} px wide in a {viewport} px viewport: it scrolls sideways"
        ));
    }
    for violation in browser.accessibility_violations().await {
        if violation.is_serious() {
            found.push(format!("axe-core: {violation}"));
        } else {
            eprintln!("note: {what} on a {screen} screen: axe-core: {violation}");
        }
    }
    found
        .into_iter()
        .map(|problem| format!("{what} on a {screen} screen: {problem}"))
        .collect()
}

#[tokio::test]
async fn a_mayor_joins_the_dialogue_in_french_a_link_says_when_its_room_opens_and_admins_see_who_came()
 {
    let Some(tools) = BrowserTools::from_env() else {
        return;
    };
    let site = TestSite::start().await;
    let platform = Platform::start().await;
    let dialogue = Dialogue::soon();
    set_up(&site, &platform, &dialogue).await;
    site.create_organiser(ADMIN, Role::Admin, ADMIN_PASSWORD)
        .await;
    register(&site, &MARIE, DIALOGUE).await;
    let claires = register(&site, &CLAIRE, WORKSHOP).await;
    let mut problems = Vec::new();

    // Marie, on her phone in Montréal, signs in with the link her email brings.
    let marie = Browser::open(&tools, MONTREAL, JavaScript::On, Screen::PHONE).await;
    sign_in(&site, &marie, MARIE.email).await;
    let item = agenda_item(&marie, DIALOGUE_TITLE).await;
    let lines = zone_lines(&marie, &item).await;
    let her_time = dialogue.range_in(MONTREAL);
    assert!(
        lines
            .first()
            .is_some_and(|(label, times)| label == "Votre heure (America/Toronto)"
                && times.starts_with(&her_time)),
        "the dialogue in her own time first, {her_time}: {lines:?}"
    );
    assert_eq!(marie.text(&format!("{item} p.state")).await, "confirmée");

    // Its way in is open: "Rejoindre", through her personal link, with her channel's passcode,
    // the organisers' note and the other ways in.
    let join = format!("{item} .join");
    let button = format!("{join} a.button");
    assert_eq!(marie.text(&button).await, "Rejoindre");
    let href = marie
        .attribute(&button, "href")
        .await
        .expect("\"Rejoindre\" leads somewhere");
    assert!(
        href.starts_with(&site.url("/join/")),
        "\"Rejoindre\" goes through her personal link, never straight to the room: {href}"
    );
    assert_eq!(
        marie.text(&format!("{join} code")).await,
        DIALOGUE_PASSCODE,
        "the passcode of her French channel"
    );
    let paragraphs = marie.texts(&format!("{join} p")).await;
    for expected in [
        format!("Code d’accès : {DIALOGUE_PASSCODE}"),
        DIALOGUE_NOTE.to_owned(),
        "Autres canaux : Salle principale".to_owned(),
    ] {
        assert!(
            paragraphs.contains(&expected),
            "\"{expected}\" in the Join block (templates/participate/me.html): {paragraphs:?}"
        );
    }
    // The whole source of her page, as the server sends it to her browser.
    let (status, html) = marie.fetch(&format!("/events/{EVENT}/me?lang=fr")).await;
    assert!(
        status == 200 && html.contains(&href),
        "her own page, with her link, fetched again ({status}): {html}"
    );
    let leaked = secrets_in(&platform, &html, &[]);
    assert!(
        leaked.is_empty(),
        "her page names the room itself ({leaked:?}); it should lead only through /join/"
    );
    problems.extend(layout_problems(&marie, "\"Mon inscription\" with Join", Screen::PHONE).await);

    // The dialogue's public page, the same for everyone, shows her the same way in.
    marie
        .goto(&site.url(&format!("/events/{EVENT}/sessions/{DIALOGUE}?lang=fr")))
        .await;
    let on_session_page = ".join-here a.button";
    marie.wait_for(on_session_page).await;
    assert_eq!(marie.text(on_session_page).await, "Rejoindre");
    assert_eq!(
        marie.attribute(on_session_page, "href").await.as_deref(),
        Some(href.as_str()),
        "the session page's Join is her personal link"
    );
    problems.extend(layout_problems(&marie, "the dialogue's page with Join", Screen::PHONE).await);
    marie
        .goto(&site.url(&format!("/events/{EVENT}/me?lang=fr")))
        .await;

    // She joins, and lands in the French channel; then tries the main room.
    let before = Timestamp::now();
    marie.click(&button).await;
    marie.wait_for_url(&platform.url(DIALOGUE_FRENCH)).await;
    assert_eq!(
        marie.text("h1").await,
        DIALOGUE_FRENCH.1,
        "the French channel's own page"
    );
    marie
        .goto(&site.url(&format!("/events/{EVENT}/me?lang=fr")))
        .await;
    marie.click_link(&join, "Salle principale").await;
    marie.wait_for_url(&platform.url(DIALOGUE_ROOM)).await;
    assert_eq!(marie.text("h1").await, DIALOGUE_ROOM.1);
    let after = Timestamp::now();
    marie.close().await;

    // Claire, in Paris, opens her link to tomorrow's workshop: not yet, and when, in her zone.
    let claire = Browser::open(&tools, PARIS, JavaScript::On, Screen::DESKTOP).await;
    let her_link = join_link(&site, &claires).await;
    claire.goto(&site.url(&her_link)).await;
    assert_eq!(
        claire.url().await,
        site.url(&her_link),
        "the link stays on the site until the room opens"
    );
    assert_eq!(claire.text("main h1").await, "Rejoindre la session");
    assert_eq!(claire.text("main h2").await, WORKSHOP_TITLE);
    let joining = site
        .store()
        .joining(EVENT)
        .await
        .expect("the joining settings");
    let izmir = TimeZone::get(HOST_ZONE).expect("Izmir's zone");
    let workshop_start = izmir
        .to_timestamp(
            dialogue
                .start
                .date()
                .tomorrow()
                .expect("a day")
                .at(16, 0, 0, 0),
        )
        .expect("the workshop's start");
    let opens = workshop_start - joining.opens_before;
    let in_paris = TimeZone::get(PARIS).expect("Paris").to_datetime(opens);
    let in_izmir = izmir.to_datetime(opens);
    let message = claire.text("main p.notice[role='status']").await;
    assert!(
        message.starts_with("La salle ouvre le")
            && message.contains(&format!(" {} ", in_paris.day()))
            && message.contains(&in_paris.strftime("à %H:%M (Europe/Paris)").to_string()),
        "when the room opens, {in_paris} in her zone: {message}"
    );
    assert!(
        !message.contains(&in_izmir.strftime("%H:%M").to_string()),
        "her time, not Izmir's ({in_izmir}): {message}"
    );
    let lines = zone_lines(&claire, "main").await;
    assert_eq!(
        lines.first().map(|(label, _)| label.as_str()),
        Some("Votre heure (Europe/Paris)"),
        "the workshop in her own time first: {lines:?}"
    );
    // The whole source of the page, as the server sends it.
    let (status, html) = claire.fetch(&her_link).await;
    assert!(
        status == 403 && html.contains("La salle ouvre le"),
        "the page that says the room is not open yet ({status}): {html}"
    );
    let leaked = secrets_in(
        &platform,
        &html,
        &[WORKSHOP_PASSCODE, WORKSHOP_NOTE, DIALOGUE_PASSCODE],
    );
    assert!(
        leaked.is_empty(),
        "her link's page before the room opens gives away {leaked:?}:\n{html}"
    );
    problems.extend(layout_problems(&claire, "a join link not open yet", Screen::DESKTOP).await);
    claire.close().await;

    // An admin reads the rooms and who joined, on a phone, then on a desktop screen.
    let izmir_minute = |at: Timestamp| izmir.to_datetime(at).strftime("%Y-%m-%d %H:%M").to_string();
    let first_click = [izmir_minute(before), izmir_minute(after)];
    for screen in [Screen::PHONE, Screen::DESKTOP] {
        let admin = Browser::open(&tools, HOST_ZONE, JavaScript::On, screen).await;
        sign_in_as_admin(&site, &admin).await;

        admin
            .goto(&site.url(&format!("/organiser/events/{EVENT}/joining")))
            .await;
        assert_eq!(admin.text("main h1").await, "Accès en ligne");
        let legends = admin.texts("fieldset.room legend").await;
        let row = legends
            .iter()
            .position(|legend| legend.contains(DIALOGUE_TITLE))
            .unwrap_or_else(|| panic!("no room for the dialogue among {legends:?}"));
        for (field, expected) in [
            ("url", platform.url(DIALOGUE_ROOM)),
            ("fr.url", platform.url(DIALOGUE_FRENCH)),
            ("fr.passcode", DIALOGUE_PASSCODE.to_owned()),
        ] {
            assert_eq!(
                admin
                    .value(&format!("input[name='rooms[{row}].{field}']"))
                    .await,
                expected,
                "the dialogue's room field {field}, as organisers set it"
            );
        }
        problems.extend(layout_problems(&admin, "the joining page", screen).await);

        admin
            .goto(&site.url(&format!("/organiser/events/{EVENT}/attendance")))
            .await;
        assert_eq!(admin.text("main h1").await, "Participation");
        assert_eq!(
            admin.text("section.attendance:has(tbody tr) h2").await,
            format!(
                "{DIALOGUE_TITLE} — {} {}",
                dialogue.start.date(),
                dialogue.range_in(HOST_ZONE)
            ),
            "the session someone joined, with its day and time in Izmir"
        );
        assert_eq!(
            admin.text("section.attendance:has(tbody tr) h2 + p").await,
            "1 personne a rejoint — par pays : CA 1 — par catégorie : Maire 1"
        );
        let cells = admin.texts("section.attendance tbody tr td").await;
        let [name, country, category, first, channels, clicks] = cells.as_slice() else {
            panic!("one row of six cells, Marie's: {cells:?}");
        };
        assert_eq!(
            [name, country, category, channels, clicks],
            [MARIE.name, "CA", "Maire", "français, Salle principale", "2"],
            "Marie joined twice: the French channel, then the main room"
        );
        assert!(
            first_click.contains(first),
            "her first click, in Izmir's time, between {first_click:?}: {first}"
        );
        problems.extend(layout_problems(&admin, "the attendance page", screen).await);

        // A message to the dialogue's registrants, written and previewed.
        admin
            .goto(&site.url(&format!("/organiser/events/{EVENT}/messages")))
            .await;
        admin
            .pick("select#audience", &format!("session:{DIALOGUE}"))
            .await;
        admin
            .type_into("input#message_subject_fr", "Test du son")
            .await;
        admin
            .type_into(
                "textarea#message_body_fr",
                "Nous testerons le son une demi-heure avant.",
            )
            .await;
        // Enter in the subject sends the form with its first button, "Prévisualiser". (In
        // Chromium's phone emulation a tap on that button, below two long text areas, was not
        // taken as a submission though it is the element at its place: see the note.)
        admin.focus("input#message_subject_fr").await;
        admin.press("\u{E007}").await;
        admin.wait_for("section.message-preview pre.letter").await;
        let preview = admin.text("section.message-preview").await;
        assert!(
            preview.contains("Nous testerons le son une demi-heure avant."),
            "the letter as its readers get it: {preview}"
        );
        problems.extend(layout_problems(&admin, "a message's preview", screen).await);
        admin.close().await;
    }

    // Marie's page to stop news from the organisers, on her phone.
    let marie_id = site
        .store()
        .participant_by_email(EVENT, MARIE.email)
        .await
        .expect("the store answers")
        .expect("Marie is registered")
        .id;
    let mut unit = site
        .store()
        .begin("an unsubscribe link")
        .await
        .expect("a unit");
    let token = unit.unsubscribe_token(&marie_id).await.expect("a token");
    unit.commit().await.expect("commits");
    let marie = Browser::open(&tools, MONTREAL, JavaScript::On, Screen::PHONE).await;
    marie
        .goto(&site.url(&format!("/unsubscribe/{token}")))
        .await;
    marie.click("main form button[type='submit']").await;
    marie.wait_for("p.notice[role='status']").await;
    assert_eq!(
        marie.text("p.notice[role='status']").await,
        "C’est fait : vous ne recevrez plus de nouvelles."
    );
    problems.extend(layout_problems(&marie, "the unsubscribe page", Screen::PHONE).await);
    marie.close().await;

    assert_eq!(
        problems,
        Vec::<String>::new(),
        "\n{}",
        problems.join("\n\n")
    );
}
