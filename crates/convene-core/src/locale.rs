//! What a reader's language changes: interface words (Fluent files compiled into the binary) and
//! dates and times (CLDR data through ICU4X).

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use icu_datetime::fieldsets::{MDE, T, YMDE, YMDET};
use icu_datetime::options::TimePrecision;
use icu_datetime::{DateTimeFormatter, NoCalendarFormatter};
use jiff::civil::{Date, DateTime, Time};

use crate::Language;

/// The languages convene's own words are written in.
pub const INTERFACE_LANGUAGES: [&str; 3] = ["fr", "en", "tr"];

fn messages_for(lang: &str) -> Option<&'static str> {
    match lang {
        "fr" => Some(include_str!("../locales/fr.ftl")),
        "en" => Some(include_str!("../locales/en.ftl")),
        "tr" => Some(include_str!("../locales/tr.ftl")),
        _ => None,
    }
}

/// Words and formats for one reader's language. Build it once and keep it: building parses the
/// Fluent file and loads the CLDR patterns.
pub struct Localizer {
    lang: Language,
    bundle: FluentBundle<FluentResource>,
    long_date: DateTimeFormatter<YMDE>,
    day_month: DateTimeFormatter<MDE>,
    time: NoCalendarFormatter<T>,
    date_time: DateTimeFormatter<YMDET>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("lang", &self.lang)
            .finish()
    }
}

impl Localizer {
    /// Dates and times in `lang`; convene's own words in `lang` when it has them, else in English.
    pub fn new(lang: &Language) -> Self {
        Self::with_messages(lang, |_| None)
    }

    /// Like [`Localizer::new`], with more interface words: `extra` gives the Fluent source of a front
    /// end's own messages for an interface language (`"fr"`, `"en"`, `"tr"`).
    pub fn with_messages(lang: &Language, extra: impl Fn(&str) -> Option<&'static str>) -> Self {
        let primary = lang.as_str().split('-').next().unwrap_or("en");
        let (interface, source) = match messages_for(primary) {
            Some(source) => (primary, source),
            None => ("en", messages_for("en").unwrap_or_default()),
        };
        let langid: unic_langid::LanguageIdentifier = interface.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        // The files are part of the program and parsed in tests; a broken entry only drops that entry.
        let resource =
            FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
        if let Some(more) = extra(interface) {
            let resource =
                FluentResource::try_new(more.to_owned()).unwrap_or_else(|(partial, _)| partial);
            let _ = bundle.add_resource(resource);
        }
        let prefs = lang.locale().into();
        let fallback_prefs = || icu_locale_core::locale!("en").into();
        Self {
            lang: lang.clone(),
            bundle,
            long_date: DateTimeFormatter::try_new(prefs, YMDE::long())
                .or_else(|_| DateTimeFormatter::try_new(fallback_prefs(), YMDE::long()))
                .expect("English date patterns are compiled in"),
            day_month: DateTimeFormatter::try_new(prefs, MDE::long())
                .or_else(|_| DateTimeFormatter::try_new(fallback_prefs(), MDE::long()))
                .expect("English date patterns are compiled in"),
            time: NoCalendarFormatter::try_new(prefs, T::hm())
                .or_else(|_| NoCalendarFormatter::try_new(fallback_prefs(), T::hm()))
                .expect("English time patterns are compiled in"),
            date_time: DateTimeFormatter::try_new(prefs, date_time_fields())
                .or_else(|_| DateTimeFormatter::try_new(fallback_prefs(), date_time_fields()))
                .expect("English date and time patterns are compiled in"),
        }
    }

    pub fn lang(&self) -> &Language {
        &self.lang
    }

    /// Whether the interface words have a message with this id.
    pub fn has_message(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// An interface word by its Fluent id; the id itself if the file lacks it.
    pub fn message(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// An interface message with arguments.
    pub fn message_with(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(id, Some(&fluent_args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// "Izmir, Paris and Montréal", with the reader's word for "and".
    pub fn list_and(&self, names: &[String]) -> String {
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => self.message_with(
                "list-and",
                &[
                    ("first", rest.join(", ").into()),
                    ("last", last.as_str().into()),
                ],
            ),
            None => String::new(),
        }
    }

    /// "mardi 7 décembre 2021", "Tuesday, December 7, 2021", "7 Aralık 2021 Salı".
    pub fn long_date(&self, date: Date) -> String {
        match to_icu_date(date) {
            Some(d) => self.long_date.format(&d).to_string(),
            None => date.to_string(),
        }
    }

    /// "mercredi 8 décembre", without the year.
    pub fn day_month(&self, date: Date) -> String {
        match to_icu_date(date) {
            Some(d) => self.day_month.format(&d).to_string(),
            None => date.to_string(),
        }
    }

    /// "16:00", "4:00 PM".
    pub fn time(&self, time: Time) -> String {
        match icu_time::Time::try_new(
            time.hour() as u8,
            time.minute() as u8,
            time.second() as u8,
            0,
        ) {
            Ok(t) => self.time.format(&t).to_string(),
            Err(_) => time.strftime("%H:%M").to_string(),
        }
    }

    /// A local date and time written out, to the minute: "mardi 7 décembre 2021 à 08:00",
    /// "Tuesday, December 7, 2021 at 8:00 AM".
    pub fn date_time(&self, at: DateTime) -> String {
        let time = icu_time::Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0);
        match (to_icu_date(at.date()), time) {
            (Some(date), Ok(time)) => self
                .date_time
                .format(&icu_time::DateTime { date, time })
                .to_string(),
            _ => at.strftime("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// The mark of a local date `days` away from the day it is read against: "+1 day", "−1 jour".
    pub fn day_shift(&self, days: i32) -> String {
        self.message_with(
            "day-shift",
            &[
                ("days", FluentValue::from(days)),
                ("shift", FluentValue::from(format!("{days:+}"))),
            ],
        )
    }

    /// The name of a language in the reader's language ("anglais"), or its tag.
    pub fn language_name(&self, lang: &Language) -> String {
        let id = format!("language-{}", lang.as_str());
        let name = self.message(&id);
        if name == id { lang.to_string() } else { name }
    }
}

fn date_time_fields() -> YMDET {
    YMDET::long().with_time_precision(TimePrecision::Minute)
}

fn to_icu_date(date: Date) -> Option<icu_calendar::Date<icu_calendar::Iso>> {
    icu_calendar::Date::try_new_iso(i32::from(date.year()), date.month() as u8, date.day() as u8)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn localizer(tag: &str) -> Localizer {
        Localizer::new(&Language::parse(tag).unwrap())
    }

    #[test]
    fn dates_follow_each_language() {
        let day = date(2021, 12, 7);
        assert_eq!(localizer("fr").long_date(day), "mardi 7 décembre 2021");
        assert_eq!(localizer("en").long_date(day), "Tuesday, December 7, 2021");
        assert_eq!(localizer("tr").long_date(day), "7 Aralık 2021 Salı");
    }

    #[test]
    fn dates_with_times_follow_each_language() {
        let at = date(2021, 12, 7).at(16, 5, 30, 0);
        let written: Vec<String> = ["fr", "en", "tr"]
            .iter()
            .map(|lang| localizer(lang).date_time(at))
            .collect();
        assert_eq!(
            written,
            [
                "mardi 7 décembre 2021 à 16:05",
                "Tuesday, December 7, 2021 at 4:05\u{202f}PM",
                "7 Aralık 2021 Salı 16:05",
            ]
        );
    }

    #[test]
    fn every_interface_file_has_every_message() {
        let english = FluentResource::try_new(messages_for("en").unwrap().to_owned()).unwrap();
        let ids: Vec<String> = english
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect();
        for lang in INTERFACE_LANGUAGES {
            let source = messages_for(lang).unwrap();
            let resource = FluentResource::try_new(source.to_owned());
            assert!(resource.is_ok(), "{lang}.ftl does not parse");
            let l = localizer(lang);
            for id in &ids {
                assert_ne!(l.message(id), *id, "{lang}.ftl lacks {id}");
            }
        }
    }

    #[test]
    fn a_language_without_interface_words_uses_english_words_and_its_own_dates() {
        let german = localizer("de");
        assert_eq!(german.message("label-questions"), "Questions:");
        assert_eq!(
            german.long_date(date(2021, 12, 7)),
            "Dienstag, 7. Dezember 2021"
        );
    }
}
