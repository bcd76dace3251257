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
        let id = convene_core::Slug::parse("someone").unwrap();
        session.people.push(convene_core::SessionPerson {
            person: id.clone(),
            role: Role::Speaker,
        });
        programme.people.push(Person {
            id,
            name: texts[2].clone(),
            title: Default::default(),
            city: Some(texts[3].clone()),
            country: None,
            link: None,
        });
        programme.zones[0].label = convene_core::ZoneLabel::Same(texts[3].clone());
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

mod c3voc_required {
    //! Every object of the c3voc schedule carries what the c3voc JSON schema requires of its kind,
    //! with the JSON type the schema gives it, in JSON and in XML: importers read these fields
    //! without looking whether they are there (a talk without a subtitle is refused).

    use super::*;
    use convene_core::Person;
    use convene_core::session::Role;
    use serde_json::Value;

    /// The `required` lists of the schema's definitions (<https://c3voc.de/schedule/schema.json>),
    /// each field with the JSON type we write it as. `""` is the document itself. The schema's
    /// `FrabPerson`, `HubAssembly` and `Reference` are left out: persons are written by name, as
    /// pretalx does, rooms belong to no assembly, and talks have no links or attachments yet.
    const REQUIRED: &[(&str, &[(&str, &str)])] = &[
        ("", &[("schedule", "object")]),
        (
            "Schedule",
            &[("conference", "object"), ("version", "string")],
        ),
        (
            "Conference",
            &[
                ("title", "string"),
                ("acronym", "string"),
                ("days", "array"),
                ("daysCount", "integer"),
                ("start", "string"),
                ("end", "string"),
                ("timeslot_duration", "string"),
            ],
        ),
        (
            "Day",
            &[
                ("date", "string"),
                ("day_end", "string"),
                ("day_start", "string"),
                ("index", "integer"),
                ("rooms", "object"),
            ],
        ),
        ("Room", &[("name", "string"), ("guid", "string")]),
        (
            "Event",
            &[
                ("abstract", "string"),
                ("date", "string"),
                ("duration", "string"),
                ("guid", "string"),
                ("id", "integer"),
                ("language", "string"),
                ("links", "array"),
                ("persons", "array"),
                ("room", "string"),
                ("slug", "string"),
                ("start", "string"),
                ("subtitle", "string"),
                ("title", "string"),
                ("track", "string"),
                ("type", "string"),
                ("url", "string"),
            ],
        ),
        ("PretalxPerson", &[("name", "string")]),
    ];

    fn required(kind: &str) -> &'static [(&'static str, &'static str)] {
        REQUIRED
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, fields)| *fields)
            .unwrap_or_else(|| panic!("no required list for {kind}"))
    }

    /// Izmir, with a speaker in its first session so that persons are written too.
    fn izmir_with_a_speaker() -> Programme {
        let mut programme = izmir();
        let id = convene_core::Slug::parse("ayse-celik").unwrap();
        programme.people.push(Person {
            id: id.clone(),
            name: "Ayşe Çelik".into(),
            title: Default::default(),
            city: Some("Izmir".into()),
            country: None,
            link: None,
        });
        programme.sessions[0]
            .people
            .push(convene_core::SessionPerson {
                person: id,
                role: Role::Speaker,
            });
        programme
    }

    fn export_with_a_speaker(format: ExportFormat, lang: &str) -> String {
        let programme = izmir_with_a_speaker();
        format.export(&programme, &view(&programme, lang), &context())
    }

    fn json_type(value: &Value) -> &'static str {
        match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// The objects of the JSON export, each with the schema definition it follows.
    fn objects(document: &Value) -> Vec<(&'static str, &Value)> {
        let schedule = &document["schedule"];
        let conference = &schedule["conference"];
        let mut objects = vec![
            ("", document),
            ("Schedule", schedule),
            ("Conference", conference),
        ];
        for room in conference["rooms"].as_array().into_iter().flatten() {
            objects.push(("Room", room));
        }
        for day in conference["days"].as_array().into_iter().flatten() {
            objects.push(("Day", day));
            for talks in day["rooms"]
                .as_object()
                .into_iter()
                .flat_map(|r| r.values())
            {
                for talk in talks.as_array().into_iter().flatten() {
                    objects.push(("Event", talk));
                    for person in talk["persons"].as_array().into_iter().flatten() {
                        objects.push(("PretalxPerson", person));
                    }
                }
            }
        }
        objects
    }

    #[test]
    fn every_json_object_has_what_the_schema_requires_of_its_kind() {
        for lang in ["fr", "en", "tr"] {
            let export = export_with_a_speaker(ExportFormat::C3vocJson, lang);
            let document: Value = serde_json::from_str(&export).unwrap();
            let objects = objects(&document);
            for (kind, _) in REQUIRED {
                assert!(
                    objects.iter().any(|(k, _)| k == kind),
                    "{lang}: the export has no {kind:?} to check"
                );
            }
            for (kind, object) in objects {
                for (field, expected) in required(kind) {
                    let found = object.get(field).map_or("missing", json_type);
                    assert_eq!(found, *expected, "{lang}: {kind:?}.{field} in {object}");
                }
            }
        }
    }

    /// An XML element with its attributes and child elements.
    #[derive(Debug)]
    struct Element {
        name: String,
        attributes: Vec<String>,
        children: Vec<Element>,
    }

    impl Element {
        fn has(&self, name: &str) -> bool {
            self.attributes.iter().any(|a| a == name)
                || self.children.iter().any(|c| c.name == name)
        }

        fn all(&self, name: &str) -> Vec<&Element> {
            let mut found = Vec::new();
            if self.name == name {
                found.push(self);
            }
            for child in &self.children {
                found.extend(child.all(name));
            }
            found
        }
    }

    fn parse_xml(xml: &str) -> Element {
        use quick_xml::events::{BytesStart, Event};
        let element = |start: &BytesStart<'_>| Element {
            name: start.name().into_inner().to_owned(),
            attributes: start
                .attributes()
                .map(|a| a.unwrap().key.into_inner().to_owned())
                .collect(),
            children: Vec::new(),
        };
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut open = vec![Element {
            name: String::new(),
            attributes: Vec::new(),
            children: Vec::new(),
        }];
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(start) => open.push(element(&start)),
                Event::Empty(start) => open.last_mut().unwrap().children.push(element(&start)),
                Event::End(_) => {
                    let done = open.pop().unwrap();
                    open.last_mut().unwrap().children.push(done);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        open.pop().unwrap()
    }

    /// Where the XML schema keeps a field the JSON schema requires, when the names differ: the day's
    /// times are its `start` and `end`, the number of days the conference's `days`, and the days
    /// themselves `day` elements of the schedule.
    fn xml_name(kind: &str, field: &'static str) -> Option<&'static str> {
        match (kind, field) {
            ("Day", "day_start") => Some("start"),
            ("Day", "day_end") => Some("end"),
            ("Day", "rooms") => Some("room"),
            ("Conference", "daysCount") => Some("days"),
            ("Conference", "days") => None,
            _ => Some(field),
        }
    }

    #[test]
    fn every_xml_element_has_what_the_json_schema_requires_of_its_kind() {
        for lang in ["fr", "en", "tr"] {
            let root = parse_xml(&export_with_a_speaker(ExportFormat::C3vocXml, lang));
            let schedule = &root.all("schedule")[0];
            assert!(!schedule.all("day").is_empty(), "{lang}: days");
            for (kind, element) in [
                ("Schedule", "schedule"),
                ("Conference", "conference"),
                ("Day", "day"),
                ("Room", "room"),
                ("Event", "event"),
            ] {
                // A talk's `room` is its room's name, not a room element.
                let elements: Vec<&Element> = schedule
                    .all(element)
                    .into_iter()
                    .filter(|e| kind != "Room" || !e.attributes.is_empty())
                    .collect();
                assert!(!elements.is_empty(), "{lang}: no {element} element");
                for e in elements {
                    for (field, _) in required(kind) {
                        if let Some(name) = xml_name(kind, field) {
                            assert!(e.has(name), "{lang}: <{element}> without {name}: {e:?}");
                        }
                    }
                }
            }
            let persons: Vec<&Element> = schedule.all("person");
            assert_eq!(persons.len(), 1, "{lang}: the speaker");
        }
    }

    #[test]
    fn every_talk_of_izmir_has_a_subtitle_in_every_language() {
        for lang in ["fr", "en", "tr"] {
            let xml = parse_xml(&export(ExportFormat::C3vocXml, lang));
            let talks = xml.all("event");
            assert_eq!(talks.len(), 5, "{lang}");
            for talk in talks {
                assert!(talk.has("subtitle"), "{lang}: {talk:?}");
            }
            let json: Value = serde_json::from_str(&export(ExportFormat::C3vocJson, lang)).unwrap();
            let talks: Vec<&Value> = objects(&json)
                .into_iter()
                .filter(|(kind, _)| *kind == "Event")
                .map(|(_, talk)| talk)
                .collect();
            assert_eq!(talks.len(), 5, "{lang}");
            for talk in talks {
                assert_eq!(talk["subtitle"], "", "{lang}: {talk}");
            }
        }
    }

    /// The lists above are the schema's, when the schema is beside the project (`../shared`, as in
    /// CI); a clone without it skips this comparison.
    #[test]
    fn the_required_lists_are_the_schemas() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/schemas/c3voc/schema.json"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("no c3voc schema at {path}: comparison skipped");
            return;
        };
        let schema: Value = serde_json::from_str(&text).unwrap();
        let definitions = &schema["definitions"];
        let definition = |kind: &str| {
            if kind.is_empty() {
                &schema
            } else {
                &definitions[kind]
            }
        };
        let mut kinds: Vec<&str> = vec![""];
        kinds.extend(
            definitions
                .as_object()
                .unwrap()
                .iter()
                .filter(|(_, d)| d.get("required").is_some())
                .map(|(name, _)| name.as_str())
                .filter(|name| !["FrabPerson", "HubAssembly", "Reference"].contains(name)),
        );
        let ours: Vec<&str> = REQUIRED.iter().map(|(kind, _)| *kind).collect();
        kinds.sort_unstable();
        let mut sorted = ours.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, kinds, "the definitions that require fields");
        for (kind, fields) in REQUIRED {
            let theirs = definition(kind);
            let mut names: Vec<&str> = theirs["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap())
                .collect();
            names.sort_unstable();
            let mut mine: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
            mine.sort_unstable();
            assert_eq!(mine, names, "required of {kind:?}");
            for (field, ours) in *fields {
                let mut property = &theirs["properties"][field];
                if let Some(reference) = property["$ref"].as_str() {
                    let name = reference.trim_start_matches("#/definitions/");
                    property = &definitions[name];
                }
                let allowed: Vec<&str> = match &property["type"] {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    other => panic!("{kind:?}.{field} has type {other}"),
                };
                let fits =
                    allowed.contains(ours) || (*ours == "integer" && allowed.contains(&"number"));
                assert!(
                    fits,
                    "{kind:?}.{field}: we write {ours}, the schema allows {allowed:?}"
                );
            }
        }
    }
}
