//! Writes a programme back as a programme file: the form `load` reads, so a programme edited in the
//! browser can be downloaded, kept in version control and imported again.
//!
//! The file is laid out as an organiser would write it (see `examples/izmir-2021.toml`): `[event]`,
//! its editions and days, the display zones, the venues, then the sessions in the programme's order;
//! texts one line per language (`title.fr = "…"`), the source language first; long texts and texts
//! with line breaks as multi-line strings; fields left out when they are empty. Strings are quoted
//! and escaped by the `toml` crate.

use jiff::civil::{Date, DateTime};

use crate::event::{Edition, EventDay};
use crate::keyword::Keyword;
use crate::session::Schedule;
use crate::{
    DisplayZone, Event, Language, Person, Programme, Session, Slug, Text, Venue, Zone, ZoneLabel,
};

/// A paragraph-shaped text (introduction, description) longer than this many characters is written
/// as a multi-line string even when it has no line break.
const LONG_TEXT: usize = 100;

/// The programme file of `programme`.
///
/// Reading the file back gives the same programme: for every programme `p` that
/// [`load`](crate::load) accepts, `load(&write(&p), …).programme == Some(p)`. Comments and the
/// spelling of the original file (quotes, key order, `[sessions.title]` tables) are not kept.
///
/// ```
/// # use convene_core::{CheckOptions, load};
/// # use convene_core::programme_file::write;
/// let source = include_str!("../../../../examples/izmir-2021.toml");
/// let programme = load(source, &CheckOptions::default()).programme.unwrap();
/// let written = write(&programme);
/// assert_eq!(load(&written, &CheckOptions::default()).programme, Some(programme));
/// ```
pub fn write(programme: &Programme) -> String {
    let mut file = FileWriter::new(&programme.event);
    file.programme(programme);
    file.out
}

/// How a text is laid out when it has no line break.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Names, titles, questions: one line, however long.
    Line,
    /// Introductions and descriptions: a multi-line string once it is long.
    Paragraphs,
}

/// Whether the file must have a field even when its value is empty.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Presence {
    Required,
    Optional,
}

struct FileWriter<'p> {
    out: String,
    /// The order texts list their languages in: the source, then the other declared languages.
    languages: Vec<&'p Language>,
}

impl<'p> FileWriter<'p> {
    fn new(event: &'p Event) -> Self {
        let mut languages = vec![&event.source_language];
        for lang in &event.languages {
            if !languages.contains(&lang) {
                languages.push(lang);
            }
        }
        Self {
            out: String::new(),
            languages,
        }
    }

    fn programme(&mut self, programme: &Programme) {
        // An empty array of tables has no header to write it under: it is written as a key of the
        // root table, which must come before the first header.
        if programme.zones.is_empty() {
            self.array("zones", std::iter::empty::<&str>());
        }
        if programme.venues.is_empty() {
            self.array("venues", std::iter::empty::<&str>());
        }
        self.event(&programme.event);
        for zone in &programme.zones {
            self.zone(zone);
        }
        for venue in &programme.venues {
            self.venue(venue);
        }
        for person in &programme.people {
            self.person(person);
        }
        for session in &programme.sessions {
            self.session(session);
        }
    }

    fn event(&mut self, event: &Event) {
        self.header("[event]");
        self.string("id", event.id.as_str());
        self.string("source_language", event.source_language.as_str());
        self.array("languages", event.languages.iter().map(Language::as_str));
        self.string("host_zone", event.host_zone.name());
        self.keyword("status", event.status);
        self.text("name", &event.name, Shape::Line, Presence::Required);
        self.text(
            "short_name",
            &event.short_name,
            Shape::Line,
            Presence::Optional,
        );
        self.text(
            "introduction",
            &event.introduction,
            Shape::Paragraphs,
            Presence::Optional,
        );
        if event.days.is_empty() {
            self.array("days", std::iter::empty::<&str>());
        }
        for edition in &event.continues {
            self.edition(edition);
        }
        for day in &event.days {
            self.day(day);
        }
    }

    fn edition(&mut self, edition: &Edition) {
        self.header("[[event.continues]]");
        self.text("name", &edition.name, Shape::Line, Presence::Required);
        self.optional_string("city", edition.city.as_deref());
        self.key("year");
        self.value(toml::Value::Integer(i64::from(edition.year)));
    }

    fn day(&mut self, day: &EventDay) {
        self.header("[[event.days]]");
        self.string("date", &format_date(day.date));
        self.keyword("format", day.format);
        self.optional_string("venue", day.venue.as_ref().map(|v| v.as_str()));
    }

    fn zone(&mut self, zone: &DisplayZone) {
        self.header("[[zones]]");
        self.string("zone", zone.zone.name());
        match &zone.label {
            ZoneLabel::Same(label) => self.string("label", label),
            ZoneLabel::PerLanguage(text) => {
                self.text("label", text, Shape::Line, Presence::Required)
            }
        }
    }

    fn venue(&mut self, venue: &Venue) {
        self.header("[[venues]]");
        self.string("id", venue.id.as_str());
        self.keyword("kind", venue.kind);
        self.text("name", &venue.name, Shape::Line, Presence::Required);
        self.optional_string("city", venue.city.as_deref());
        self.optional_string("address", venue.address.as_deref());
    }

    fn session(&mut self, session: &Session) {
        self.header("[[sessions]]");
        self.string("id", session.id.as_str());
        if !session.former_ids.is_empty() {
            self.array("former_ids", session.former_ids.iter().map(Slug::as_str));
        }
        self.keyword("kind", session.kind);
        self.keyword("format", session.format);
        self.string("venue", session.venue.as_str());
        self.schedule(&session.schedule);
        if let Some(zones) = &session.zones {
            self.array("zones", zones.iter().map(Zone::name));
        }
        self.text("title", &session.title, Shape::Line, Presence::Required);
        self.text(
            "description",
            &session.description,
            Shape::Paragraphs,
            Presence::Optional,
        );
        for question in &session.questions {
            self.header("[[sessions.questions]]");
            self.text_lines(None, question, Shape::Line);
        }
        for person in &session.people {
            self.header("[[sessions.people]]");
            self.string("person", person.person.as_str());
            self.keyword("role", person.role);
        }
    }

    /// `date`, `start` and `end`, as far as they are known; an end on a later day with its date.
    fn schedule(&mut self, schedule: &Schedule) {
        match schedule {
            Schedule::Timed { start, end } => {
                self.string("date", &format_date(start.date()));
                self.string("start", &format_time(*start));
                let end = if end.date() == start.date() {
                    format_time(*end)
                } else {
                    format!("{}T{}", format_date(end.date()), format_time(*end))
                };
                self.string("end", &end);
            }
            Schedule::TimeToBeConfirmed { date } => self.string("date", &format_date(*date)),
            Schedule::DateToBeConfirmed => {}
        }
    }

    fn person(&mut self, person: &Person) {
        self.header("[[people]]");
        self.string("id", person.id.as_str());
        self.string("name", &person.name);
        self.text("title", &person.title, Shape::Line, Presence::Optional);
        self.optional_string("city", person.city.as_deref());
        self.optional_string("country", person.country.as_deref());
        self.optional_string("link", person.link.as_deref());
    }

    /// A table header, after a blank line unless it opens the file.
    fn header(&mut self, header: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(header);
        self.out.push('\n');
    }

    /// `key = `; every key the writer names is a bare key.
    fn key(&mut self, key: &str) {
        self.out.push_str(key);
        self.out.push_str(" = ");
    }

    /// A value and the end of its line.
    fn value(&mut self, value: toml::Value) {
        self.out.push_str(&value.to_string());
        self.out.push('\n');
    }

    fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string_value(value, Shape::Line);
    }

    fn optional_string(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.string(key, value);
        }
    }

    fn keyword(&mut self, key: &str, value: impl Keyword) {
        self.string(key, value.keyword());
    }

    fn array<'s>(&mut self, key: &str, items: impl Iterator<Item = &'s str>) {
        self.key(key);
        let items = items.map(|item| toml::Value::String(item.to_owned()));
        self.value(toml::Value::Array(items.collect()));
    }

    /// A text as one `key.lang = "…"` line per language; an empty text is left out, or written as
    /// an empty table when the field is required, so that reading it says which language is missing.
    fn text(&mut self, key: &str, text: &Text, shape: Shape, presence: Presence) {
        if !text.is_empty() {
            self.text_lines(Some(key), text, shape);
        } else if presence == Presence::Required {
            self.key(key);
            self.value(toml::Value::Table(toml::Table::new()));
        }
    }

    /// `key.lang = "…"` lines, or `lang = "…"` lines for a table that is a text itself (a question).
    fn text_lines(&mut self, key: Option<&str>, text: &Text, shape: Shape) {
        let declared = self.languages.iter().copied();
        let in_order = declared.filter_map(|lang| Some((lang, text.in_language(lang)?)));
        let others = text
            .iter()
            .filter(|(lang, _)| !self.languages.contains(lang));
        let lines: Vec<(&Language, &str)> = in_order.chain(others).collect();
        for (lang, value) in lines {
            if let Some(key) = key {
                self.out.push_str(key);
                self.out.push('.');
            }
            self.language_key(lang);
            self.out.push_str(" = ");
            self.string_value(value, shape);
        }
    }

    /// A language tag as a key: bare, as parsed tags are letters, digits and hyphens; quoted otherwise.
    fn language_key(&mut self, lang: &Language) {
        let tag = lang.as_str();
        if tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            self.out.push_str(tag);
        } else {
            self.out
                .push_str(&toml::Value::String(tag.to_owned()).to_string());
        }
    }

    /// A string value and the end of its line.
    ///
    /// A string with a line break, or a long paragraph, is written as a multi-line string whose
    /// closing quotes stand on a line of their own. That adds a line break at the end of the value,
    /// which reading removes again along with any other surrounding white space.
    fn string_value(&mut self, value: &str, shape: Shape) {
        let multi_line = value.contains('\n')
            || (shape == Shape::Paragraphs && value.chars().count() > LONG_TEXT);
        let value = if multi_line {
            format!("{value}\n")
        } else {
            value.to_owned()
        };
        self.value(toml::Value::String(value));
    }
}

/// A date as the file writes it, `YYYY-MM-DD`.
fn format_date(date: Date) -> String {
    date.strftime("%Y-%m-%d").to_string()
}

/// The local time of `at`, `HH:MM`.
fn format_time(at: DateTime) -> String {
    at.strftime("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Role, SessionKind};
    use crate::{CheckOptions, Format, SessionPerson, Slug, load};

    const IZMIR: &str = include_str!("../../../../examples/izmir-2021.toml");

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    fn izmir() -> Programme {
        load(IZMIR, &CheckOptions::default()).programme.unwrap()
    }

    /// The Izmir programme with one session only, `session`.
    fn with_session(session: Session) -> Programme {
        let mut programme = izmir();
        programme.sessions = vec![session];
        programme
    }

    fn session() -> Session {
        Session {
            id: Slug::parse("opening").unwrap(),
            former_ids: vec![],
            kind: SessionKind::Plenary,
            format: Format::Online,
            venue: Slug::parse("online").unwrap(),
            schedule: Schedule::Timed {
                start: jiff::civil::datetime(2021, 12, 7, 16, 0, 0, 0),
                end: jiff::civil::datetime(2021, 12, 7, 17, 30, 0, 0),
            },
            zones: None,
            title: Text::new().with(lang("fr"), "Ouverture"),
            description: Text::new(),
            questions: vec![],
            people: vec![],
        }
    }

    /// The `[[sessions]]` table the programme's only session is written as.
    fn session_table(programme: &Programme) -> String {
        let written = write(programme);
        let start = written.find("[[sessions]]").unwrap();
        written[start..].to_owned()
    }

    fn reads_back(programme: &Programme) -> Option<Programme> {
        let loaded = load(&write(programme), &CheckOptions::default());
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        loaded.programme
    }

    #[test]
    fn a_session_is_written_field_by_field_with_only_what_it_has() {
        let programme = with_session(session());

        assert_eq!(
            session_table(&programme),
            "[[sessions]]\nid = \"opening\"\nkind = \"plenary\"\nformat = \"online\"\n\
             venue = \"online\"\ndate = \"2021-12-07\"\nstart = \"16:00\"\nend = \"17:30\"\n\
             title.fr = \"Ouverture\"\n"
        );
    }

    #[test]
    fn an_end_after_midnight_is_written_with_its_date() {
        let mut late = session();
        late.schedule = Schedule::Timed {
            start: jiff::civil::datetime(2021, 12, 7, 23, 0, 0, 0),
            end: jiff::civil::datetime(2021, 12, 8, 0, 30, 0, 0),
        };
        let programme = with_session(late);

        let table = session_table(&programme);

        assert!(
            table.contains("start = \"23:00\"\nend = \"2021-12-08T00:30\"\n"),
            "{table}"
        );
        assert_eq!(reads_back(&programme), Some(programme));
    }

    #[test]
    fn unknown_times_and_days_are_left_out() {
        let mut on_a_day = session();
        on_a_day.schedule = Schedule::TimeToBeConfirmed {
            date: jiff::civil::date(2021, 12, 8),
        };
        let mut some_day = session();
        some_day.schedule = Schedule::DateToBeConfirmed;

        let on_a_day = session_table(&with_session(on_a_day));
        let some_day = session_table(&with_session(some_day));

        assert!(
            on_a_day.contains("venue = \"online\"\ndate = \"2021-12-08\"\ntitle.fr"),
            "{on_a_day}"
        );
        assert!(
            some_day.contains("venue = \"online\"\ntitle.fr"),
            "{some_day}"
        );
    }

    #[test]
    fn texts_list_the_source_language_first_then_the_declared_order() {
        let mut programme = izmir();
        programme.event.source_language = lang("tr");
        programme.event.languages = vec![lang("en"), lang("tr"), lang("fr")];
        let mut s = session();
        s.title = Text::new()
            .with(lang("fr"), "Ouverture")
            .with(lang("en"), "Opening")
            .with(lang("tr"), "Açılış");
        programme.sessions = vec![s];

        assert!(
            session_table(&programme).ends_with(
                "title.tr = \"Açılış\"\ntitle.en = \"Opening\"\ntitle.fr = \"Ouverture\"\n"
            ),
            "{}",
            session_table(&programme)
        );
    }

    #[test]
    fn long_paragraphs_and_line_breaks_become_multi_line_strings() {
        let mut s = session();
        s.title = Text::new().with(lang("fr"), "Une ligne\net une autre");
        s.description = Text::new().with(lang("fr"), "Un paragraphe. ".repeat(10).trim());
        let programme = with_session(s);

        let table = session_table(&programme);

        assert!(
            table.ends_with(&format!(
                "title.fr = \"\"\"\nUne ligne\net une autre\n\"\"\"\ndescription.fr = \"\"\"\n{}\n\"\"\"\n",
                "Un paragraphe. ".repeat(10).trim()
            )),
            "{table}"
        );
        assert_eq!(reads_back(&programme), Some(programme));
    }

    #[test]
    fn people_are_listed_once_and_named_in_their_sessions_by_id() {
        let mut s = session();
        s.questions = vec![
            Text::new()
                .with(lang("fr"), "Pourquoi ?")
                .with(lang("en"), "Why?"),
        ];
        s.people = vec![SessionPerson {
            person: Slug::parse("jane-doe").unwrap(),
            role: Role::Moderator,
        }];
        let mut programme = with_session(s);
        programme.people = vec![Person {
            id: Slug::parse("jane-doe").unwrap(),
            name: "Jane Doe".into(),
            title: Text::new()
                .with(lang("fr"), "Maire")
                .with(lang("en"), "Mayor"),
            city: Some("Montréal".into()),
            country: None,
            link: Some("https://example.org/jane-doe".into()),
        }];

        let written = write(&programme);

        assert!(
            written.contains(
                "\n[[people]]\nid = \"jane-doe\"\nname = \"Jane Doe\"\ntitle.fr = \"Maire\"\n\
                 title.en = \"Mayor\"\ncity = \"Montréal\"\nlink = \"https://example.org/jane-doe\"\n\n[[sessions]]\n"
            ),
            "{written}"
        );
        assert!(
            session_table(&programme).ends_with(
                "title.fr = \"Ouverture\"\n\n[[sessions.questions]]\nfr = \"Pourquoi ?\"\nen = \"Why?\"\n\n\
                 [[sessions.people]]\nperson = \"jane-doe\"\nrole = \"moderator\"\n"
            ),
            "{}",
            session_table(&programme)
        );
        assert_eq!(reads_back(&programme), Some(programme));
    }

    #[test]
    fn explicit_zones_are_listed_even_when_there_are_none() {
        let mut s = session();
        s.zones = Some(vec![]);
        let programme = with_session(s);

        assert!(session_table(&programme).contains("end = \"17:30\"\nzones = []\n"));
        assert_eq!(reads_back(&programme), Some(programme));
    }

    #[test]
    fn a_programme_without_sessions_or_venues_still_reads_back() {
        let mut programme = izmir();
        programme.sessions.clear();
        programme.venues.clear();
        for day in &mut programme.event.days {
            day.venue = None;
        }

        let written = write(&programme);

        assert!(written.starts_with("venues = []\n\n[event]\n"), "{written}");
        assert_eq!(reads_back(&programme), Some(programme));
    }

    #[test]
    fn every_date_the_reader_can_read_is_written_the_way_it_reads_it() {
        for (year, month, day) in [
            (2021, 12, 7),
            (1000, 1, 1),
            (999, 3, 9),
            (1, 1, 1),
            (0, 2, 29),
            (-5, 6, 30),
            (-9999, 1, 1),
            (9999, 12, 31),
        ] {
            let date = jiff::civil::date(year, month, day);
            let written = format_date(date);
            let read = jiff::fmt::strtime::parse("%Y-%m-%d", &written).and_then(|t| t.to_date());
            assert_eq!(read.ok(), Some(date), "{date} written as {written}");
        }
    }
}
