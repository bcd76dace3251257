use jiff::Timestamp;

use super::*;
use crate::Slug;
use crate::registration::Target;
use crate::registration::tests::izmir;

fn session(id: &str) -> Target {
    Target::Session(Slug::parse(id).unwrap())
}

fn entry(target: Target, state: State) -> Entry {
    Entry {
        target,
        state,
        position: None,
        offer_until: None,
    }
}

fn letters<'a>(programme: &'a Programme, name: &str, lang: &str, zone: &str) -> Letters<'a> {
    Letters::new(
        programme,
        name,
        &Language::parse(lang).unwrap(),
        &Zone::parse(zone).unwrap(),
    )
}

fn links() -> Links {
    Links {
        me: "https://summit.example.org/events/izmir-2021/me".into(),
        accept: Some("https://summit.example.org/events/izmir-2021/offers/abc/accept".into()),
        decline: Some("https://summit.example.org/events/izmir-2021/offers/abc/decline".into()),
        unsubscribe: None,
    }
}

fn context() -> ExportContext {
    ExportContext {
        base_url: "https://summit.example.org".into(),
        generated_at: "2021-12-01T09:00:00Z".parse().unwrap(),
        version: "1".into(),
        history: None,
    }
}

/// An offer of the mayors' dialogue made at noon UTC two days before it.
fn offer_entry() -> Entry {
    let made: Timestamp = "2021-12-05T12:00:00Z".parse().unwrap();
    let target = session("mayors-dialogue");
    Entry {
        offer_until: crate::registration::offer_expiry(made, target.start(&izmir()), 24),
        ..entry(target, State::Offered)
    }
}

/// A registration for the first two days online and the day in Izmir: the dialogue confirmed,
/// a workshop on the waiting list, the day awaiting approval.
fn registration() -> Vec<Entry> {
    vec![
        entry(session("mayors-dialogue"), State::Confirmed),
        Entry {
            position: Some(4),
            ..entry(session("workshop-dialogue"), State::Waiting)
        },
        entry(Target::Day(jiff::civil::date(2021, 12, 10)), State::Pending),
    ]
}

/// Every letter, as a participant reading `lang` in Toronto gets it, each about the entries it
/// would be sent for in the states they are in by then.
fn every_letter(programme: &Programme, name: &str, lang: &str) -> Vec<Letter> {
    let letters = letters(programme, name, lang, "America/Toronto");
    let all = registration();
    let (confirmed, waiting) = (&all[..1], &all[1..2]);
    let day = Target::Day(jiff::civil::date(2021, 12, 10));
    vec![
        letters.sign_in("https://summit.example.org/sign-in/t0k3n"),
        letters.received(&all, &links()),
        letters.confirmed(confirmed, &all, &links(), &context()),
        letters.waiting(waiting, &links()),
        letters.offer(&[offer_entry()], &links()),
        letters.approved(&[entry(day.clone(), State::Confirmed)], &links()),
        letters.declined(&[entry(day, State::Declined)], &links()),
        letters.cancelled(
            &[entry(session("workshop-dialogue"), State::Cancelled)],
            &links(),
        ),
    ]
}

#[test]
fn a_participant_in_toronto_reading_french_sees_the_dialogue_in_their_zone_then_each_display_zone()
{
    let programme = izmir();
    let letters = letters(&programme, "Ana", "fr", "America/Toronto");
    let letter = letters.received(&registration()[..1], &links());
    let times: Vec<&str> = letter
        .text
        .lines()
        .filter(|l| l.contains("UTC"))
        .map(str::trim)
        .collect();
    assert_eq!(
        times,
        [
            "Votre heure (America/Toronto)  08:00–09:30  UTC-5",
            "Izmir                          16:00–17:30  UTC+3",
            "Paris                          14:00–15:30  UTC+1",
            "Montréal                       08:00–09:30  UTC-5",
        ]
    );
    assert!(
        letter.text.starts_with("Bonjour Ana,\n\n"),
        "{}",
        letter.text
    );
}

#[test]
fn an_offer_ends_at_the_participants_own_date_and_time() {
    let programme = izmir();
    let letter = letters(&programme, "Kenji", "en", "Asia/Tokyo").offer(&[offer_entry()], &links());
    // The lines joined again, as a reader reads them.
    let words: Vec<&str> = letter
        .text
        .split([' ', '\n'])
        .filter(|w| !w.is_empty())
        .collect();
    let text = words.join(" ");
    for expected in [
        "Seat held for you until Monday, December 6, 2021 at 9:00\u{202f}PM (Asia/Tokyo)",
        "Please answer before Monday, December 6, 2021 at 9:00\u{202f}PM (Asia/Tokyo);",
    ] {
        assert!(text.contains(expected), "{expected} in {}", letter.text);
    }
    for link in [
        links().accept.unwrap(),
        links().decline.unwrap(),
        links().me,
    ] {
        assert!(
            letter.text.lines().any(|l| l == link),
            "{link} on a line of its own"
        );
        assert!(letter.html.contains(&format!("href=\"{link}\"")), "{link}");
    }
}

#[test]
fn the_confirmed_letter_carries_a_calendar_of_only_the_sessions_whose_seat_is_theirs() {
    let programme = izmir();
    let all = registration();
    let letter = letters(&programme, "Ana", "fr", "America/Toronto").confirmed(
        &all[..1],
        &all,
        &links(),
        &context(),
    );
    let ics = letter.calendar.expect("a calendar is attached");
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("the calendar parses");
    let summaries: Vec<&str> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .filter_map(|c| c.find_prop("SUMMARY"))
        .map(|p| p.val.as_str())
        .collect();
    assert_eq!(
        summaries,
        ["Dialogue des maires sur l’état de la cohésion sociale dans les villes"]
    );
    let name = calendar
        .properties
        .iter()
        .find(|p| p.name == "X-WR-CALNAME")
        .map(|p| p.val.as_str());
    assert_eq!(name, Some("Mon programme — Sommet des maires 2021"));
}

#[test]
fn a_letter_without_a_confirmed_session_attaches_no_calendar() {
    let programme = izmir();
    let day = [entry(
        Target::Day(jiff::civil::date(2021, 12, 10)),
        State::Confirmed,
    )];
    let letter = letters(&programme, "Ana", "en", "Europe/Paris").confirmed(
        &day,
        &day,
        &links(),
        &context(),
    );
    assert_eq!(letter.calendar, None);
}

#[test]
fn every_letter_is_written_in_french_english_and_turkish_with_no_message_missing() {
    let programme = izmir();
    for lang in crate::locale::INTERFACE_LANGUAGES {
        for letter in every_letter(&programme, "Ana", lang) {
            let kind = letter.kind.keyword();
            for (part, text) in [
                ("subject", &letter.subject),
                ("text", &letter.text),
                ("html", &letter.html),
            ] {
                // A message the file lacks would show as its id.
                for id in ["letter-", "label-", "state-", "calendar-"] {
                    assert!(!text.contains(id), "{lang} {kind} {part}: {text}");
                }
            }
            assert!(
                letter.subject.ends_with(match lang {
                    "fr" => "Sommet des maires 2021",
                    "en" => "Mayors’ Summit 2021",
                    _ => "Belediye Başkanları Zirvesi 2021",
                }),
                "{lang} {kind}: {}",
                letter.subject
            );
        }
    }
}

#[test]
fn each_language_greets_the_participant_by_name() {
    let programme = izmir();
    let greetings: Vec<String> = crate::locale::INTERFACE_LANGUAGES
        .iter()
        .map(|lang| {
            let letter = letters(&programme, "Ana", lang, "Europe/Istanbul")
                .sign_in("https://summit.example.org/sign-in/t0k3n");
            letter.text.lines().next().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(greetings, ["Bonjour Ana,", "Hello Ana,", "Merhaba Ana,"]);
}

#[test]
fn a_name_with_markup_is_escaped_in_the_html_part() {
    let programme = izmir();
    for letter in every_letter(&programme, "<script>alert(1)</script>", "en") {
        assert!(
            !letter.html.contains("<script"),
            "{}: {}",
            letter.kind.keyword(),
            letter.html
        );
        assert!(
            letter
                .html
                .contains("Hello &#60;script&#62;alert(1)&#60;/script&#62;,")
        );
        assert!(letter.text.starts_with("Hello <script>alert(1)</script>,"));
    }
}

#[test]
fn the_html_part_has_no_image_script_or_remote_style() {
    let programme = izmir();
    for letter in every_letter(&programme, "Ana", "tr") {
        for forbidden in ["<img", "<script", "<link", "<style", "@import", "url("] {
            assert!(
                !letter.html.contains(forbidden),
                "{} has {forbidden}",
                letter.kind.keyword()
            );
        }
    }
}

#[test]
fn the_plain_text_wraps_at_72_columns_but_never_breaks_a_link() {
    let programme = izmir();
    let long =
        "https://summit.example.org/events/izmir-2021/me?a-rather-long-query=that-goes-on-and-on";
    let letter = letters(&programme, "Ana", "fr", "America/Toronto").received(
        &registration(),
        &Links {
            me: long.into(),
            ..links()
        },
    );
    for line in letter.text.lines() {
        let aligned_time = line.contains("UTC");
        assert!(
            line.chars().count() <= WIDTH || line == long || aligned_time,
            "{line:?}"
        );
    }
    assert!(letter.text.lines().any(|l| l == long));
}

#[test]
fn each_letter_reads_as_written() {
    let programme = izmir();
    let languages = ["en", "fr", "fr", "en", "en", "tr", "fr", "tr"];
    for (n, lang) in languages.iter().enumerate() {
        let letter = every_letter(&programme, "Ana", lang).swap_remove(n);
        let name = format!("{}_{lang}", letter.kind.keyword());
        insta::assert_snapshot!(name, format!("{}\n\n{}", letter.subject, letter.text));
    }
}

#[test]
fn the_confirmed_letters_html_part_reads_as_written() {
    let programme = izmir();
    let letter = every_letter(&programme, "Ana", "fr").swap_remove(2);
    insta::assert_snapshot!(letter.html);
}

#[test]
fn an_organisers_message_reads_as_written_with_the_session_in_the_readers_zone_and_how_to_stop_news()
 {
    let programme = izmir();
    let wording = crate::registration::announcement::Wording {
        subject: "  Test du son <b>avant</b> le dialogue ".into(),
        body: "Bonjour,\n\nNous testerons le son\nune demi-heure avant. <script>x</script>".into(),
    };
    let unsubscribe = "https://summit.example.org/unsubscribe/abc";
    let letter = letters(&programme, "Marie", "fr", "America/Toronto").announcement(
        &wording,
        &[entry(session("mayors-dialogue"), State::Confirmed)],
        &Links {
            unsubscribe: Some(unsubscribe.into()),
            ..links()
        },
    );
    assert_eq!(letter.kind, LetterKind::Announcement);
    assert_eq!(letter.subject, "Test du son <b>avant</b> le dialogue");
    assert_eq!(letter.unsubscribe.as_deref(), Some(unsubscribe));
    assert!(
        letter
            .text
            .contains("Nous testerons le son une demi-heure avant. <script>x</script>"),
        "{}",
        letter.text
    );
    // Her time in Montréal, her page, and the way to stop news, in both parts.
    assert!(letter.text.contains("08:00–09:30"), "{}", letter.text);
    assert!(letter.text.contains(unsubscribe));
    assert!(letter.html.contains(unsubscribe));
    assert!(!letter.html.contains("<script>") && !letter.html.contains("<b>avant"));

    let practical =
        letters(&programme, "Marie", "fr", "America/Toronto").announcement(&wording, &[], &links());
    assert_eq!(practical.unsubscribe, None);
    assert!(
        !practical.text.contains("nouvelles des organisateurs"),
        "{}",
        practical.text
    );
    assert!(
        !practical.text.contains("08:00"),
        "no session: {}",
        practical.text
    );
}
