//! Every export of the Izmir programme, in French and in English, pinned as a snapshot: iCalendar
//! and the c3voc schedule as XML and JSON.

use convene_core::export::{ExportContext, ExportFormat, ical};
use convene_core::locale::Localizer;
use convene_core::{CheckOptions, Language, Programme, ProgrammeView, ViewOptions, load};

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");

fn izmir() -> Programme {
    let loaded = load(IZMIR, &CheckOptions::default());
    assert_eq!(loaded.diagnostics, vec![], "the Izmir programme is clean");
    loaded.programme.expect("the Izmir programme loads")
}

fn view(programme: &Programme, lang: &str) -> ProgrammeView {
    let words = Localizer::new(&Language::parse(lang).unwrap());
    ProgrammeView::build(programme, &words, &ViewOptions { reader_zone: None })
}

fn context() -> ExportContext {
    ExportContext {
        base_url: "https://summit.example.org".into(),
        generated_at: "2021-11-25T10:00:00Z".parse().unwrap(),
        version: "1".into(),
        history: None,
    }
}

fn export(format: ExportFormat, lang: &str) -> String {
    let programme = izmir();
    format.export(&programme, &view(&programme, lang), &context())
}

/// iCalendar lines end in CRLF; the snapshots hold them as plain line breaks, after checking there
/// was a CR before every one.
fn crlf_to_lf(calendar: &str) -> String {
    assert_eq!(
        calendar.matches('\n').count(),
        calendar.matches("\r\n").count(),
        "every line ends in CRLF"
    );
    calendar.replace("\r\n", "\n")
}

fn ics(lang: &str) -> String {
    crlf_to_lf(&export(ExportFormat::Ics, lang))
}

#[test]
fn ics_fr() {
    insta::assert_snapshot!(ics("fr"));
}

#[test]
fn ics_en() {
    insta::assert_snapshot!(ics("en"));
}

#[test]
fn c3voc_xml_fr() {
    insta::assert_snapshot!(export(ExportFormat::C3vocXml, "fr"));
}

#[test]
fn c3voc_xml_en() {
    insta::assert_snapshot!(export(ExportFormat::C3vocXml, "en"));
}

#[test]
fn c3voc_json_fr() {
    insta::assert_snapshot!(export(ExportFormat::C3vocJson, "fr"));
}

#[test]
fn c3voc_json_en() {
    insta::assert_snapshot!(export(ExportFormat::C3vocJson, "en"));
}

#[test]
fn one_session_calendar_en() {
    let programme = izmir();
    let calendar = ical::session_calendar(
        &programme,
        &view(&programme, "en"),
        "workshop-dialogue",
        &context(),
    )
    .expect("the session has a time");
    insta::assert_snapshot!(crlf_to_lf(&calendar));
}

#[test]
fn sessions_whose_time_is_to_be_confirmed_have_no_calendar_of_their_own() {
    let programme = izmir();
    let view = view(&programme, "en");
    assert_eq!(
        ical::session_calendar(&programme, &view, "closing-panel", &context()),
        None
    );
}

#[test]
fn a_session_keeps_its_guid_and_number_in_every_language() {
    let identities = |lang: &str| -> Vec<(String, u64, String)> {
        let json: serde_json::Value =
            serde_json::from_str(&export(ExportFormat::C3vocJson, lang)).unwrap();
        let mut talks = Vec::new();
        for day in json["schedule"]["conference"]["days"].as_array().unwrap() {
            for room in day["rooms"].as_object().unwrap().values() {
                for talk in room.as_array().unwrap() {
                    talks.push((
                        talk["guid"].as_str().unwrap().to_owned(),
                        talk["id"].as_u64().unwrap(),
                        talk["slug"].as_str().unwrap().to_owned(),
                    ));
                }
            }
        }
        talks
    };
    let french = identities("fr");
    assert_eq!(french.len(), 5);
    assert_eq!(french, identities("en"));
    assert_eq!(french, identities("tr"));
}

/// The first session's English description, as Markdown with what plain text keeps and drops.
const MARKDOWN: &str = "Two *themes*, with **[partners](https://example.org/partners)**:\n\n\
                        - resilience\n- inclusion <b>now</b>\n\n<script>alert(1)</script>\n";

/// What calendars and schedules show of [`MARKDOWN`].
const PLAIN: &str =
    "Two themes, with partners (https://example.org/partners):\n\n• resilience\n• inclusion now";

fn export_with_markdown(format: ExportFormat) -> String {
    let mut programme = izmir();
    programme.sessions[0]
        .description
        .insert(Language::parse("en").unwrap(), MARKDOWN);
    format.export(&programme, &view(&programme, "en"), &context())
}

#[test]
fn a_markdown_description_reaches_calendars_as_plain_text() {
    let calendar = icalendar::parser::unfold(&export_with_markdown(ExportFormat::Ics));
    let description = calendar
        .lines()
        .find_map(|line| line.strip_prefix("DESCRIPTION:"))
        .expect("the first session has a description");
    let (text, _questions) = description
        .split_once("\\n\\nQuestions")
        .expect("its questions follow");
    assert_eq!(text, PLAIN.replace(',', "\\,").replace('\n', "\\n"));
}

#[test]
fn a_markdown_description_reaches_schedules_as_plain_text() {
    let json: serde_json::Value =
        serde_json::from_str(&export_with_markdown(ExportFormat::C3vocJson)).unwrap();
    let first = &json["schedule"]["conference"]["days"][0]["rooms"]
        .as_object()
        .and_then(|rooms| rooms.values().next())
        .expect("the first day has a room")[0];
    assert_eq!(first["abstract"], PLAIN);
    let xml = export_with_markdown(ExportFormat::C3vocXml);
    assert!(
        xml.contains(&format!("<abstract>{PLAIN}</abstract>")),
        "{xml}"
    );
}

mod any_text {
    //! Whatever a text holds — control characters, noncharacters, any script — every export stays
    //! readable by its format's parser, and carries no character its format forbids.

    use super::*;
    use convene_core::Person;
    use convene_core::session::Role;
    use proptest::prelude::*;

    /// Izmir, with `texts` in the English title and description of its first session, a person's
    /// name and city, and the first display zone's label: as a programme that skipped the checks.
    fn with_texts(texts: &[String; 4]) -> Programme {
        let mut programme = izmir();
        let en = Language::parse("en").unwrap();
        let session = &mut programme.sessions[0];
        session.title.insert(en.clone(), texts[0].as_str());
        session.description.insert(en, texts[1].as_str());
        session.people.push(Person {
            name: texts[2].clone(),
            role: Role::Speaker,
            title: Default::default(),
            city: Some(texts[3].clone()),
            country: None,
        });
        programme.zones[0].label = texts[3].clone();
        programme
    }

    fn forbidden(c: char) -> bool {
        (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    }

    fn well_formed_xml(xml: &str) -> Result<(), String> {
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => return Ok(()),
                Ok(_) => {}
                Err(e) => return Err(format!("not well-formed XML: {e}")),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_export_reads_back_whatever_a_text_holds(
            texts in proptest::array::uniform4(any::<String>()),
        ) {
            let programme = with_texts(&texts);
            let view = view(&programme, "en");
            for format in [ExportFormat::Ics, ExportFormat::C3vocXml, ExportFormat::C3vocJson, ExportFormat::Json] {
                let out = format.export(&programme, &view, &context());
                prop_assert!(!out.chars().any(forbidden), "{format:?} carries a forbidden character");
                match format {
                    ExportFormat::Ics => {
                        let unfolded = icalendar::parser::unfold(&out);
                        prop_assert!(icalendar::parser::read_calendar(&unfolded).is_ok(), "the calendar does not parse");
                    }
                    ExportFormat::C3vocXml => prop_assert_eq!(well_formed_xml(&out), Ok(())),
                    _ => prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "{format:?} is not JSON"),
                }
            }
        }
    }

    #[test]
    fn a_title_with_control_characters_reaches_no_calendar_raw() {
        let texts = [
            "Opening\u{1}\u{b} session".to_owned(),
            "A\u{0}B".to_owned(),
            "Ayşe\u{7f}".to_owned(),
            "Paris\u{FFFE}".to_owned(),
        ];
        let programme = with_texts(&texts);
        let calendar = ExportFormat::Ics.export(&programme, &view(&programme, "en"), &context());
        assert!(calendar.contains("SUMMARY:Opening session"), "{calendar}");
    }
}
