//! Taking part, as a participant lives it in a real browser: a mayor in Montréal, on her phone, opens
//! the summit's next edition in French, registers from the page of a thematic workshop whose last
//! seat someone else takes first, and joins its waiting list; she signs in with the link her email
//! brings and sees her agenda in her own time first; when the other person cancels, she is offered
//! the seat by email and accepts it, and her calendar serves the workshop. An admin then approves
//! her for the mayors' dialogue and downloads the registrations as CSV. Her pages read without
//! overlaps or sideways scrolling on a phone and a desktop screen, and axe-core finds nothing.

use convene_core::registration::{Policy, Target, TargetSetting, Window};
use convene_core::{Language, Slug, Text};
use convene_store::{Role, StoredEmail};
use jiff::{SignedDuration, Timestamp};

use crate::chromium::{Browser, BrowserTools, JavaScript, Screen};
use crate::inbox::{self, link};
use crate::site::TestSite;

const IZMIR: &str = include_str!("../../../../examples/izmir-2021.toml");
const EVENT: &str = "izmir-2031";
const WORKSHOP: &str = "workshop-resilience";
const WORKSHOP_TITLE: &str = "Atelier thématique 1 : Bâtir des villes résilientes";
const DIALOGUE: &str = "mayors-dialogue";
const DIALOGUE_TITLE: &str =
    "Dialogue des maires sur l’état de la cohésion sociale dans les villes";
const MONTREAL: &str = "America/Toronto";
const ADMIN: &str = "admin@example.org";
const ADMIN_PASSWORD: &str = "a long enough password";

/// Someone filling in the registration form.
struct Person {
    name: &'static str,
    email: &'static str,
    category: &'static str,
    organisation: &'static str,
    city: &'static str,
    country: &'static str,
}

const VALERIE: Person = Person {
    name: "Valérie Plante",
    email: "valerie@example.org",
    category: "Maire",
    organisation: "Ville de Montréal",
    city: "Montréal",
    country: "Canada",
};

const TUNC: Person = Person {
    name: "Tunç Soyer",
    email: "tunc@example.org",
    category: "Élu·e",
    organisation: "İzmir Büyükşehir Belediyesi",
    city: "İzmir",
    country: "Turquie",
};

/// The Izmir programme ten years on, so that its sessions are still ahead.
fn future_izmir() -> String {
    IZMIR
        .replacen("id = \"izmir-2021\"", "id = \"izmir-2031\"", 1)
        .replace("2021-12-", "2031-12-")
}

fn session(id: &str) -> Target {
    Target::Session(Slug::parse(id).expect("a session's id"))
}

/// What organisers set up: the next edition published, registration open with a privacy notice,
/// the mayors' dialogue by approval and the first thematic workshop with one seat.
async fn open_registration(site: &TestSite) {
    site.import(&future_izmir(), Timestamp::now()).await;
    let now = Timestamp::now();
    let mut notice = Text::new();
    notice.insert(
        Language::parse("fr").expect("French"),
        "Vos données servent **uniquement** à ce sommet.",
    );
    let mut unit = site
        .store()
        .begin("opening registration")
        .await
        .expect("a unit of work");
    unit.set_registration_window(
        EVENT,
        &Window {
            opens: Some(now - SignedDuration::from_hours(1)),
            privacy_notice: notice,
            ..Window::closed()
        },
        now,
    )
    .await
    .expect("registration opens");
    let ends = |_: &Target| Some(now + SignedDuration::from_hours(24));
    for (target, policy, capacity) in [
        (session(DIALOGUE), Policy::Approval, Some(40)),
        (session(WORKSHOP), Policy::Open, Some(1)),
    ] {
        let setting = TargetSetting {
            target,
            policy,
            capacity,
        };
        unit.set_target(EVENT, &setting, now, &ends)
            .await
            .expect("a session's seats are set");
    }
    unit.commit().await.expect("the set-up commits");
}

/// The newest message of `kind` to `email`.
async fn newest_email(site: &TestSite, email: &str, kind: &str) -> StoredEmail {
    inbox::newest_email(site, EVENT, email, kind).await
}

/// Fills in the registration form shown as `who` would, with the keyboard and the mouse, and
/// ticks the sessions `also` besides the one already ticked. The time zone is left as the page
/// proposes it.
async fn fill_in(browser: &Browser, who: &Person, also: &[&str]) {
    for id in also {
        browser
            .tick(&format!("input[name='target'][value='session:{id}']"))
            .await;
    }
    browser.type_into("input#name", who.name).await;
    browser.type_into("input#email", who.email).await;
    browser.choose("select#category", who.category).await;
    browser
        .type_into("input#organisation", who.organisation)
        .await;
    browser.type_into("input#city", who.city).await;
    browser.choose("select#country", who.country).await;
    browser.tick("input#consent").await;
}

/// Sends the form and waits for the thanks.
async fn send(site: &TestSite, browser: &Browser) {
    browser
        .click("form.registration button[type='submit']")
        .await;
    browser
        .wait_for_url(&site.url(&format!("/events/{EVENT}/registered?lang=fr")))
        .await;
    assert_eq!(browser.text("main h1").await, "Merci");
}

/// Follows the link to "Mon inscription" from an email, without a session yet: the browser is
/// asked for the address first.
async fn follow_to_sign_in(browser: &Browser, me_link: &str) {
    browser.goto(me_link).await;
    browser.wait_for("form input#email").await;
    assert_eq!(browser.text("main h1").await, "Se connecter");
}

/// On the sign-in page, `email` asks for a link, follows the one the email brings, presses the
/// button and lands on "Mon inscription".
async fn sign_in(site: &TestSite, browser: &Browser, email: &str) {
    inbox::sign_in(site, browser, EVENT, email).await;
}

/// The item of "Mon inscription" (or of an offer's page) about the session titled `title`: its
/// position among the items, counted from 1.
async fn agenda_item(browser: &Browser, title: &str) -> usize {
    let headings = browser.texts("ul.agenda > li > h3").await;
    headings
        .iter()
        .position(|h| h == title)
        .unwrap_or_else(|| panic!("no \"{title}\" in the agenda: {headings:?}"))
        + 1
}

/// The labels and times of an agenda item's zone lines, as shown.
async fn zone_lines(browser: &Browser, scope: &str) -> Vec<(String, String)> {
    let labels = browser.texts(&format!("{scope} dl.zone-lines dt")).await;
    let times = browser.texts(&format!("{scope} dl.zone-lines dd")).await;
    labels.into_iter().zip(times).collect()
}

/// Everything wrong with the page shown, for `what`, on `screen`: texts that overlap, a page
/// wider than the viewport, and what axe-core reports.
async fn layout_problems(browser: &Browser, what: &str, screen: Screen) -> Vec<String> {
    let mut found = Vec::new();
    for overlap in browser.overlapping_texts("header.site, main").await {
        found.push(format!("texts overlap: {overlap}"));
    }
    let (viewport, width) = browser.page_width().await;
    if width > viewport {
        found.push(format!("{width} px wide in a {viewport} px viewport"));
    }
    for violation in browser.accessibility_violations().await {
        found.push(format!("axe-core: {violation}"));
    }
    found
        .into_iter()
        .map(|problem| format!("{what} on a {screen} screen: {problem}"))
        .collect()
}

#[tokio::test]
async fn a_mayor_in_montreal_waits_for_a_workshop_seat_takes_the_one_offered_and_is_approved() {
    let Some(tools) = BrowserTools::from_env() else {
        return;
    };
    let site = TestSite::start().await;
    open_registration(&site).await;
    let mut problems = Vec::new();

    // Valérie, on her phone in Montréal, finds the workshop and follows "S’inscrire" from its page.
    let valerie = Browser::open(&tools, MONTREAL, JavaScript::On, Screen::PHONE).await;
    valerie
        .goto(&site.url(&format!("/events/{EVENT}?lang=fr")))
        .await;
    valerie.click_link("main", "Voir le programme").await;
    valerie.click_link("main", WORKSHOP_TITLE).await;
    valerie
        .wait_for_url(&site.url(&format!("/events/{EVENT}/sessions/{WORKSHOP}?lang=fr")))
        .await;
    valerie.click_link("main", "S’inscrire").await;
    valerie
        .wait_for_url(&site.url(&format!(
            "/events/{EVENT}/register?lang=fr&target=session:{WORKSHOP}"
        )))
        .await;
    let workshop_box = format!("input[name='target'][value='session:{WORKSHOP}']");
    assert!(
        valerie.attribute(&workshop_box, "checked").await.is_some(),
        "the workshop she came from is ticked"
    );
    valerie
        .wait_until(
            "the form proposes the browser's time zone",
            async || valerie.value("input#zone").await,
            |zone| zone == MONTREAL,
        )
        .await;
    problems.extend(layout_problems(&valerie, "the register page", Screen::PHONE).await);
    fill_in(&valerie, &VALERIE, &[DIALOGUE]).await;

    // Meanwhile someone else takes the workshop's last seat.
    let tunc = Browser::open(&tools, "Europe/Istanbul", JavaScript::On, Screen::DESKTOP).await;
    tunc.goto(&site.url(&format!(
        "/events/{EVENT}/register?lang=fr&target=session:{WORKSHOP}"
    )))
    .await;
    problems.extend(layout_problems(&tunc, "the register page", Screen::DESKTOP).await);
    fill_in(&tunc, &TUNC, &[]).await;
    send(&site, &tunc).await;
    assert_eq!(
        newest_email(&site, TUNC.email, "confirmed").await.kind,
        "confirmed",
        "the seat is his"
    );

    // So Valérie joins the waiting list, and her email says where she stands.
    send(&site, &valerie).await;
    let received = newest_email(&site, VALERIE.email, "received").await;
    let text = &received.text_body;
    assert!(
        text.contains("liste d’attente") && text.contains("n° 1"),
        "the email gives her place on the waiting list:\n{text}"
    );

    // The link to her page asks for a sign-in link, which brings her there.
    let me_link = link(&site, text, &format!("/events/{EVENT}/me"));
    follow_to_sign_in(&valerie, &me_link).await;
    problems.extend(layout_problems(&valerie, "the sign-in page", Screen::PHONE).await);
    sign_in(&site, &valerie, VALERIE.email).await;
    let item = agenda_item(&valerie, WORKSHOP_TITLE).await;
    let scope = format!("ul.agenda > li:nth-child({item})");
    assert_eq!(
        valerie.text(&format!("{scope} p.state")).await,
        "n° 1 sur la liste d’attente"
    );
    let lines = zone_lines(&valerie, &scope).await;
    let labels: Vec<&str> = lines.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Votre heure (America/Toronto)",
            "Izmir",
            "Paris",
            "Montréal"
        ],
        "her own time first: {lines:?}"
    );
    assert!(
        lines[0].1.starts_with("08:00–09:30") && lines[1].1.starts_with("16:00–17:30"),
        "{lines:?}"
    );
    problems.extend(layout_problems(&valerie, "\"Mon inscription\"", Screen::PHONE).await);

    // Tunç cancels his seat from his own page: it is offered to Valérie, by email.
    let his_letter = newest_email(&site, TUNC.email, "confirmed").await;
    let his_page = link(&site, &his_letter.text_body, &format!("/events/{EVENT}/me"));
    follow_to_sign_in(&tunc, &his_page).await;
    sign_in(&site, &tunc, TUNC.email).await;
    let his_item = agenda_item(&tunc, WORKSHOP_TITLE).await;
    tunc.click(&format!(
        "ul.agenda > li:nth-child({his_item}) form[action*='/me/cancel/'] button"
    ))
    .await;
    tunc.wait_until(
        "his workshop says cancelled",
        async || tunc.texts("ul.agenda > li p.state").await,
        |states| states.iter().any(|s| s == "annulée"),
    )
    .await;
    tunc.close().await;

    let offer = newest_email(&site, VALERIE.email, "offer").await;
    let offer_link = link(&site, &offer.text_body, &format!("/events/{EVENT}/offers/"));
    valerie.goto(&offer_link).await;
    assert_eq!(valerie.text("main h1").await, "Une place pour vous");
    assert_eq!(valerie.text("main h2").await, WORKSHOP_TITLE);
    let offered = site
        .store()
        .registrations(EVENT, Some(&session(WORKSHOP)))
        .await
        .expect("the workshop's registrations");
    let offer_until = offered
        .iter()
        .find_map(|r| r.offer_until)
        .expect("an offer with its end");
    let in_montreal = jiff::tz::TimeZone::get(MONTREAL)
        .expect("a zone")
        .to_datetime(offer_until);
    let until = valerie.text("main p.state").await;
    assert!(
        until.contains(&format!(" {} ", in_montreal.day()))
            && until.ends_with(&in_montreal.strftime(" %H:%M").to_string()),
        "the offer's end, {in_montreal}, in her zone: {until}"
    );
    let lines = zone_lines(&valerie, "main").await;
    assert_eq!(
        lines.first().map(|(label, _)| label.as_str()),
        Some("Votre heure (America/Toronto)"),
        "{lines:?}"
    );
    valerie
        .click("form[action*='/offers/'] input[value='accept'] + button")
        .await;
    valerie.wait_for("p.notice[role='status']").await;
    assert_eq!(
        valerie.text("p.notice[role='status']").await,
        "La place est à vous : vous êtes inscrit·e."
    );

    valerie
        .goto(&site.url(&format!("/events/{EVENT}/me?lang=fr")))
        .await;
    let item = agenda_item(&valerie, WORKSHOP_TITLE).await;
    assert_eq!(
        valerie
            .text(&format!("ul.agenda > li:nth-child({item}) p.state"))
            .await,
        "confirmée"
    );
    let item = agenda_item(&valerie, DIALOGUE_TITLE).await;
    assert_eq!(
        valerie
            .text(&format!("ul.agenda > li:nth-child({item}) p.state"))
            .await,
        "en attente de validation"
    );
    let feed = valerie.value("input.feed").await;
    let feed_path = feed
        .strip_prefix(&site.url(""))
        .unwrap_or_else(|| panic!("her calendar is on the site: {feed}"));
    let (status, ics) = valerie.fetch(feed_path).await;
    assert_eq!(status, 200, "{ics}");
    assert!(
        ics.contains(&format!("UID:{WORKSHOP}@{EVENT}.convene\r\n")),
        "her calendar holds the workshop:\n{ics}"
    );
    valerie.close().await;

    // An admin approves her for the mayors' dialogue and downloads the registrations.
    let admin = Browser::open(&tools, "Europe/Istanbul", JavaScript::On, Screen::DESKTOP).await;
    site.create_organiser(ADMIN, Role::Admin, ADMIN_PASSWORD)
        .await;
    admin.goto(&site.url("/organiser/login")).await;
    admin.type_into("input#email", ADMIN).await;
    admin.type_into("input#password", ADMIN_PASSWORD).await;
    admin
        .click("form[action='/organiser/login'] button[type='submit']")
        .await;
    admin.wait_for_url(&site.url("/organiser")).await;
    let registrations = format!("/organiser/events/{EVENT}/registrations");
    admin.goto(&site.url(&registrations)).await;
    let pending = site
        .store()
        .registrations(EVENT, Some(&session(DIALOGUE)))
        .await
        .expect("the dialogue's registrations");
    let [pending] = pending.as_slice() else {
        panic!("one registration for the dialogue: {pending:?}");
    };
    admin
        .click(&format!(
            "tr#registration-{}[data-state='pending'] form[action$='/approve'] button",
            pending.id
        ))
        .await;
    admin
        .wait_for_url(&site.url(&format!("{registrations}?done=approved")))
        .await;
    let approved = newest_email(&site, VALERIE.email, "confirmed").await;
    assert!(
        approved.text_body.contains(DIALOGUE_TITLE),
        "{}",
        approved.text_body
    );

    let csv = admin
        .attribute("a[href*='registrations.csv']", "href")
        .await
        .expect("a link to the CSV");
    let (status, content_type, bytes) = admin.fetch_bytes(&csv).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/csv; charset=utf-8; header=present");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark first"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let header = text.split("\r\n").next().unwrap_or_default();
    assert!(header.starts_with("Inscription,Nom,"), "{header}");
    assert!(
        text.contains(VALERIE.name) && text.contains(TUNC.name),
        "{text}"
    );
    admin.close().await;

    // Later, on her computer, she asks for a link on the sign-in page and reads her page there.
    let desktop = Browser::open(&tools, MONTREAL, JavaScript::On, Screen::DESKTOP).await;
    desktop
        .goto(&site.url(&format!("/events/{EVENT}/sign-in?lang=fr")))
        .await;
    problems.extend(layout_problems(&desktop, "the sign-in page", Screen::DESKTOP).await);
    sign_in(&site, &desktop, VALERIE.email).await;
    let states = desktop.texts("ul.agenda > li p.state").await;
    assert!(
        states.iter().all(|s| s == "confirmée"),
        "both confirmed: {states:?}"
    );
    problems.extend(layout_problems(&desktop, "\"Mon inscription\"", Screen::DESKTOP).await);
    desktop.close().await;

    assert_eq!(
        problems,
        Vec::<String>::new(),
        "\n{}",
        problems.join("\n\n")
    );
}
