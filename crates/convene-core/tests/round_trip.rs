//! A programme written back as a programme file reads back as the same programme: the Izmir example,
//! a generated programme, awkward texts, every kind of schedule, and arbitrary titles.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use convene_core::programme_file::write;
use convene_core::sample::{SampleShape, sample_programme};
use convene_core::{
    CheckOptions, Diagnostic, Language, Person, Programme, Role, Schedule, SessionPerson, Severity,
    Slug, Text, Zone, ZoneLabel, load,
};
use jiff::civil::{date, datetime};
use proptest::prelude::*;

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");

static IZMIR_PROGRAMME: LazyLock<Programme> = LazyLock::new(|| {
    load(IZMIR, &CheckOptions::default())
        .programme
        .expect("the Izmir programme loads")
});

fn izmir() -> Programme {
    IZMIR_PROGRAMME.clone()
}

fn lang(tag: &str) -> Language {
    Language::parse(tag).unwrap()
}

/// What a diagnostic says, leaving out where it is in the file.
fn said(diagnostics: &[Diagnostic]) -> Vec<(Severity, &'static str, String, Option<String>)> {
    diagnostics
        .iter()
        .map(|d| {
            let path = d.path.as_ref().map(ToString::to_string);
            (d.severity, d.code, d.message.clone(), path)
        })
        .collect()
}

/// Writes the programme, reads it back, and returns what was read, failing on any error.
fn round_trip(programme: &Programme) -> Option<Programme> {
    let written = write(programme);
    let loaded = load(&written, &CheckOptions::default());
    assert!(
        !loaded.has_errors(),
        "the written file has errors: {:#?}\n{written}",
        loaded.diagnostics
    );
    loaded.programme
}

/// The source with its comment lines taken out, and the blank lines they leave merged.
fn without_comments(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines().filter(|line| !line.starts_with('#')) {
        if line.is_empty() && (out.is_empty() || out.ends_with("\n\n")) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn the_izmir_programme_reads_back_as_itself() {
    let programme = izmir();

    let read = round_trip(&programme);

    assert_eq!(programme, izmir(), "line endings do not reach the texts");
    assert_eq!(read, Some(programme));
}

#[test]
fn the_written_izmir_file_has_the_diagnostics_of_the_original() {
    let original = load(IZMIR, &CheckOptions::default());

    let written = load(&write(&izmir()), &CheckOptions::default());

    assert_eq!(said(&written.diagnostics), said(&original.diagnostics));
}

#[test]
fn the_written_izmir_file_is_the_example_without_its_comments() {
    let written = write(&izmir());

    assert_eq!(written, without_comments(IZMIR));
}

#[test]
fn the_written_izmir_file_is_pinned() {
    insta::assert_snapshot!("izmir", write(&izmir()));
}

#[test]
fn an_izmir_file_with_windows_line_endings_reads_back_as_itself() {
    let crlf = IZMIR.replace('\n', "\r\n");
    let programme = load(&crlf, &CheckOptions::default())
        .programme
        .expect("the CRLF file loads");

    let read = round_trip(&programme);

    assert_eq!(read, Some(programme));
}

#[test]
fn a_generated_programme_of_a_thousand_sessions_reads_back_as_itself() {
    let source = sample_programme(SampleShape {
        sessions: 1000,
        days: 5,
        zones: 6,
    });
    let original = load(&source, &CheckOptions::default());
    let programme = original.programme.clone().expect("the sample loads");

    let written = load(&write(&programme), &CheckOptions::default());

    assert_eq!(said(&written.diagnostics), said(&original.diagnostics));
    assert_eq!(written.programme, Some(programme));
}

/// The Izmir programme with `text` in every text and plain string a person types, in French (the
/// source language) and in Turkish.
fn izmir_saying(text: &str) -> Programme {
    let text = text.trim();
    let both = Text::new().with(lang("fr"), text).with(lang("tr"), text);
    let mut programme = izmir();
    programme.event.name = both.clone();
    programme.event.short_name = both.clone();
    programme.event.introduction = both.clone();
    programme.event.continues[0].name = both.clone();
    programme.event.continues[0].city = Some(text.to_owned());
    programme.zones[1].label = ZoneLabel::Same(text.to_owned());
    programme.zones[2].label = ZoneLabel::PerLanguage(both.clone());
    programme.venues[1].name = both.clone();
    programme.venues[1].city = Some(text.to_owned());
    programme.venues[1].address = Some(text.to_owned());
    let session = &mut programme.sessions[0];
    session.title = both.clone();
    session.description = both.clone();
    session.questions[0] = both.clone();
    session.people = vec![SessionPerson {
        person: slug("someone"),
        role: Role::Speaker,
    }];
    programme.people = vec![Person {
        id: slug("someone"),
        name: text.to_owned(),
        title: both,
        city: Some(text.to_owned()),
        country: Some(text.to_owned()),
        link: None,
    }];
    programme
}

fn slug(id: &str) -> Slug {
    Slug::parse(id).unwrap()
}

#[test]
fn awkward_texts_read_back_as_written() {
    let long = "Une phrase assez longue pour être écrite sur plusieurs lignes, avec des \"guillemets\", \
                une barre \\ oblique inverse et ''' trois apostrophes.";
    let cases = [
        ("double quotes", "Le « vivre-ensemble », dit \"ensemble\""),
        ("a double quote at the end", "Il a dit \"oui\""),
        ("two double quotes at the end", "vide : \"\""),
        ("a backslash", r"C:\chemin\vers\le\fichier"),
        ("a backslash at the end", r"fin \"),
        ("a backslash ending a line", "ligne \\\nsuivante"),
        ("triple double quotes", "trois \"\"\" guillemets"),
        ("triple double quotes on lines", "\"\"\"\nau milieu\n\"\"\""),
        ("triple single quotes", "trois ''' apostrophes"),
        ("both kinds of triple quotes", "''' et \"\"\" et \\"),
        ("quotes, backslashes and a line break", "a\\\n\"\"\"\n'''b"),
        ("tabs", "colonne\tcolonne\t\tfin"),
        ("a tab on a second line", "titre\n\tretrait"),
        ("emoji", "Villes 🌍🏙️ pour tous 👩🏽‍🤝‍👨🏿"),
        ("Arabic", "التعايش في المدن"),
        ("Hebrew with a mark", "\u{200f}חיים משותפים בערים"),
        (
            "a line starting with #",
            "Première ligne\n# pas un commentaire\n## non plus",
        ),
        ("a first line starting with #", "# titre"),
        ("a blank line", "premier paragraphe\n\nsecond paragraphe"),
        ("space around line breaks", "a  \n  b"),
        ("a long paragraph", long),
        ("a TOML table header", "[[sessions]]\nid = \"x\""),
    ];
    for (what, text) in cases {
        let programme = izmir_saying(text);

        let read = round_trip(&programme);

        assert!(
            read == Some(programme),
            "{what}: {text:?} did not read back"
        );
    }
}

#[test]
fn control_characters_are_refused_at_their_field() {
    for (what, text, character) in [
        ("a delete character", "a\u{7f}b", "U+007F"),
        ("a lone carriage return", "a\rb", "U+000D"),
        ("a start of heading", "a\u{1}b", "U+0001"),
        ("a noncharacter", "a\u{FFFF}b", "U+FFFF"),
    ] {
        let programme = izmir_saying(text);
        let loaded = load(&write(&programme), &CheckOptions::default());
        let refused: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == "control-character")
            .collect();
        assert!(!refused.is_empty(), "{what}: not refused");
        assert!(
            refused[0].message.contains(character),
            "{what}: {}",
            refused[0].message
        );
        assert!(refused.iter().all(|d| d.span.is_some()), "{what}: located");
        assert_eq!(loaded.programme, None, "{what}");
    }
}

/// A change made to the Izmir programme.
type Change = fn(&mut Programme);

#[test]
fn every_kind_of_schedule_and_session_reads_back_as_written() {
    let cases: [(&str, Change); 7] = [
        ("a time to be confirmed", |p| {
            p.sessions[0].schedule = Schedule::TimeToBeConfirmed {
                date: date(2021, 12, 7),
            };
        }),
        ("no date", |p| {
            p.sessions[0].schedule = Schedule::DateToBeConfirmed;
        }),
        ("an end after midnight", |p| {
            p.sessions[3].schedule = Schedule::Timed {
                start: datetime(2021, 12, 8, 23, 15, 0, 0),
                end: datetime(2021, 12, 9, 0, 45, 0, 0),
            };
        }),
        ("an end two days later", |p| {
            p.sessions[0].schedule = Schedule::Timed {
                start: datetime(2021, 12, 7, 9, 0, 0, 0),
                end: datetime(2021, 12, 9, 0, 0, 0, 0),
            };
            p.sessions.truncate(1);
        }),
        ("explicit zones", |p| {
            let zones = ["Europe/Istanbul", "America/Toronto"].map(|z| Zone::parse(z).unwrap());
            p.sessions[1].zones = Some(zones.to_vec());
        }),
        ("people with titles", |p| {
            p.people = vec![
                Person {
                    id: slug("tunc-soyer"),
                    name: "Tunç Soyer".into(),
                    title: Text::new()
                        .with(lang("fr"), "Maire d’Izmir")
                        .with(lang("en"), "Mayor of Izmir")
                        .with(lang("tr"), "İzmir Büyükşehir Belediye Başkanı"),
                    city: Some("Izmir".into()),
                    country: Some("Türkiye".into()),
                    link: Some("https://www.izmir.bel.tr/".into()),
                },
                Person {
                    id: slug("jane-doe"),
                    name: "Jane Doe".into(),
                    title: Text::new(),
                    city: None,
                    country: None,
                    link: None,
                },
            ];
            p.sessions[6].people = vec![
                SessionPerson {
                    person: slug("tunc-soyer"),
                    role: Role::Chair,
                },
                SessionPerson {
                    person: slug("jane-doe"),
                    role: Role::Moderator,
                },
            ];
            p.sessions[5].people = vec![SessionPerson {
                person: slug("jane-doe"),
                role: Role::Speaker,
            }];
        }),
        ("no description, questions or short name", |p| {
            p.event.short_name = Text::new();
            p.event.introduction = Text::new();
            p.event.continues.clear();
            p.sessions[0].description = Text::new();
            p.sessions[0].questions.clear();
        }),
    ];
    for (what, change) in cases {
        let mut programme = izmir();
        change(&mut programme);

        let read = round_trip(&programme);

        assert!(read == Some(programme), "{what} did not read back");
    }
}

#[test]
fn an_empty_text_is_left_out() {
    let mut programme = izmir();
    programme.event.short_name = Text::new();
    programme.sessions[0].description = Text::new();

    let written = write(&programme);

    assert!(!written.contains("short_name"), "{written}");
    assert!(
        written.contains(
            "end = \"17:30\"\n\
             title.fr = \"Dialogue des maires sur l’état de la cohésion sociale dans les villes\"\n\
             title.en = \"Mayors’ dialogue on the state of social cohesion in cities\"\n\
             title.tr = \"Kentlerde toplumsal uyumun durumu üzerine belediye başkanları diyaloğu\"\n\
             \n[[sessions.questions]]\n"
        ),
        "{written}"
    );
}

proptest! {
    #[test]
    fn any_title_reads_back_as_written(title in prop_oneof![
        // Any character but a control character other than a line break or a tab.
        "([^\\p{Cc}\u{FFFE}\u{FFFF}]|\n|\t){0,120}",
        // Mostly the characters that quoting and multi-line strings must take care of.
        "[\"'\\\\\n\t #=\\[\\]a-zé\u{200f}🌍 ]{0,60}",
    ]) {
        let title = title.trim();
        prop_assume!(!title.is_empty());
        let mut programme = izmir();
        programme.sessions[2].title = Text::new().with(lang("fr"), title);
        programme.sessions[2].description = Text::new()
            .with(lang("fr"), title)
            .with(lang("en"), title);
        programme.venues[1].city = Some(title.to_owned());

        let written = write(&programme);
        let loaded = load(&written, &CheckOptions::default());

        prop_assert_eq!(loaded.programme, Some(programme), "{}", written);
    }
}

/// `cargo test --release -p convene-core --test round_trip -- --ignored --nocapture`
#[test]
#[ignore = "a measurement, not a check"]
fn time_to_write_a_thousand_sessions() {
    let source = sample_programme(SampleShape {
        sessions: 1000,
        days: 5,
        zones: 6,
    });
    let programme = load(&source, &CheckOptions::default())
        .programme
        .expect("the sample loads");
    let runs = 50;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let written = write(&programme);
            let elapsed = start.elapsed();
            std::hint::black_box(written);
            elapsed
        })
        .collect();
    times.sort();
    let written = write(&programme);
    println!(
        "writing 1,000 sessions ({} bytes): median {:?}, fastest {:?}, slowest {:?} over {runs} runs",
        written.len(),
        times[runs / 2],
        times[0],
        times[runs - 1],
    );
}

#[test]
fn people_written_in_their_sessions_join_the_directory_once() {
    let clean = include_str!("../../convene/tests/fixtures/check/clean.toml");
    let person = |role: &str| {
        format!(
            "\n[[sessions.people]]\nname = \"Tunç Soyer\"\nrole = \"{role}\"\ntitle.fr = \"Maire d’Izmir\"\ncity = \"Izmir\"\n"
        )
    };
    let second = clean[clean.find("[[sessions]]").unwrap()..]
        .replace("id = \"opening\"", "id = \"closing\"")
        .replace("start = \"15:00\"", "start = \"17:00\"")
        .replace("end = \"16:30\"", "end = \"18:00\"");
    let source = format!(
        "{clean}{}\n[[sessions.people]]\nname = \"Jane Doe\"\nrole = \"moderator\"\n\n{second}{}",
        person("speaker"),
        person("chair")
    );

    let loaded = load(&source, &CheckOptions::default());
    let programme = loaded
        .programme
        .expect("a file with people in its sessions loads");

    let ids: Vec<&str> = programme.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["tunc-soyer", "jane-doe"]);
    let named: Vec<Vec<(&str, Role)>> = programme
        .sessions
        .iter()
        .map(|s| {
            s.people
                .iter()
                .map(|p| (p.person.as_str(), p.role))
                .collect()
        })
        .collect();
    assert_eq!(
        named,
        [
            vec![("tunc-soyer", Role::Speaker), ("jane-doe", Role::Moderator)],
            vec![("tunc-soyer", Role::Chair)],
        ]
    );
    assert_eq!(round_trip(&programme), Some(programme));
}

#[test]
fn a_person_written_twice_in_one_session_is_kept_at_their_first_place() {
    // Files written before the directory could name someone twice in a session, as chair and as
    // speaker; they load as they did, with the person once.
    let clean = include_str!("../../convene/tests/fixtures/check/clean.toml");
    let person = |role: &str| {
        format!(
            "\n[[sessions.people]]\nname = \"Tunç Soyer\"\nrole = \"{role}\"\ntitle.fr = \"Maire d’Izmir\"\ncity = \"Izmir\"\n"
        )
    };
    let source = format!(
        "{clean}{}\n[[sessions.people]]\nname = \"Jane Doe\"\nrole = \"moderator\"\n{}",
        person("chair"),
        person("speaker")
    );

    let loaded = load(&source, &CheckOptions::default());
    let programme = loaded.programme.unwrap_or_else(|| {
        panic!("the file loads: {:#?}", loaded.diagnostics);
    });

    let named: Vec<(&str, Role)> = programme.sessions[0]
        .people
        .iter()
        .map(|p| (p.person.as_str(), p.role))
        .collect();
    assert_eq!(
        named,
        [("tunc-soyer", Role::Chair), ("jane-doe", Role::Moderator)]
    );
    assert_eq!(round_trip(&programme), Some(programme));
}
