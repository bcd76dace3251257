//! A new event, made whole and checked like every programme so that the store can take it as the
//! event's first draft: a blank event from what an organiser gives, or the next edition of an
//! earlier event, which keeps its languages, zones and venues, the shape of its sessions without
//! their times, and records that it continues it.

use jiff::ToSpan;

use crate::check::CheckOptions;
use crate::diagnostic::{Diagnostic, FieldPath};
use crate::edit::{Checked, Rejected};
use crate::{
    DisplayZone, Edition, Event, EventDay, Language, Programme, Schedule, Session, Slug, Status,
    Text, VenueKind, Zone,
};

/// What an organiser says of an event made from nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlankEvent {
    pub id: Slug,
    pub name: Text,
    pub source_language: Language,
    /// Every language the programme is published in; the source language goes first.
    pub languages: Vec<Language>,
    pub host_zone: Zone,
    pub days: Vec<EventDay>,
}

impl BlankEvent {
    /// Its programme, checked: preliminary, its times shown in the host zone (labelled with the
    /// zone's city, `Europe/Istanbul` as "Istanbul"), without venues, people or sessions yet.
    pub fn programme(self, options: &CheckOptions) -> Result<Checked, Rejected> {
        let mut languages = self.languages;
        if let Some(at) = languages.iter().position(|l| l == &self.source_language) {
            let source = languages.remove(at);
            languages.insert(0, source);
        }
        let zone = DisplayZone::new(self.host_zone.clone(), self.host_zone.city());
        let programme = Programme {
            event: Event {
                id: self.id,
                name: self.name,
                short_name: Text::new(),
                source_language: self.source_language,
                languages,
                host_zone: self.host_zone,
                status: Status::Preliminary,
                introduction: Text::new(),
                continues: Vec::new(),
                days: self.days,
            },
            zones: vec![zone],
            venues: Vec::new(),
            people: Vec::new(),
            sessions: Vec::new(),
        };
        Checked::new(programme, options)
    }
}

/// What an organiser says of the next edition of an event; everything else comes from the
/// earlier one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextEdition {
    pub id: Slug,
    pub name: Text,
    pub days: Vec<EventDay>,
}

impl NextEdition {
    /// The programme of the next edition of `earlier`, checked. It keeps the earlier event's
    /// languages, host zone, display zones with their labels and venues; its sessions are those of
    /// the earlier event as skeletons (the same ids, kinds, formats, venues, zones and titles, with
    /// no description, questions or people, and no time: a session of the earlier event's `n`-th
    /// day is on the new event's `n`-th day, its time to be confirmed, or has its day to be
    /// confirmed too when the new event has fewer days). Its people are left to be listed anew.
    /// It is preliminary, and continues what the earlier event continued and the earlier event
    /// itself (its name, its host city when a venue names one, and the year of its first day).
    ///
    /// An earlier event without days has no year to record: that is refused, at
    /// `event.continues`.
    pub fn programme(
        self,
        earlier: &Programme,
        options: &CheckOptions,
    ) -> Result<Checked, Rejected> {
        let before = &earlier.event;
        let mut continues = before.continues.clone();
        let Some(edition) = edition_of(earlier) else {
            let path = FieldPath::root()
                .key("event")
                .key("continues")
                .index(continues.len());
            return Err(Rejected {
                problems: vec![
                    Diagnostic::error(
                        "undated-edition",
                        format!(
                            "event \"{}\" has no days, so the year of that edition is unknown",
                            before.id
                        ),
                    )
                    .at(path)
                    .help("give it its days first, then make its next edition")
                    .arg("event", &before.id),
                ],
            });
        };
        continues.push(edition);
        let earlier_days = sorted_dates(&before.days);
        let new_days = sorted_dates(&self.days);
        let sessions = earlier
            .sessions
            .iter()
            .map(|s| {
                let day = s
                    .schedule
                    .date()
                    .and_then(|date| earlier_days.iter().position(|d| *d == date))
                    .and_then(|n| new_days.get(n).copied());
                Session {
                    id: s.id.clone(),
                    former_ids: Vec::new(),
                    kind: s.kind,
                    format: s.format,
                    venue: s.venue.clone(),
                    schedule: match day {
                        Some(date) => Schedule::TimeToBeConfirmed { date },
                        None => Schedule::DateToBeConfirmed,
                    },
                    zones: s.zones.clone(),
                    title: s.title.clone(),
                    description: Text::new(),
                    questions: Vec::new(),
                    people: Vec::new(),
                }
            })
            .collect();
        let programme = Programme {
            event: Event {
                id: self.id,
                name: self.name,
                short_name: Text::new(),
                source_language: before.source_language.clone(),
                languages: before.languages.clone(),
                host_zone: before.host_zone.clone(),
                status: Status::Preliminary,
                introduction: Text::new(),
                continues,
                days: self.days,
            },
            zones: earlier.zones.clone(),
            venues: earlier.venues.clone(),
            people: Vec::new(),
            sessions,
        };
        Checked::new(programme, options)
    }

    /// The identifier the next edition of `earlier` would likely have: its own with the year
    /// after (`izmir-2021` → `izmir-2022`), when it ends with its year.
    pub fn suggested_id(earlier: &Programme) -> Option<Slug> {
        let year = edition_of(earlier)?.year;
        let stem = earlier.event.id.as_str().strip_suffix(&year.to_string())?;
        Slug::parse(&format!("{stem}{}", i32::from(year) + 1)).ok()
    }

    /// The days of `earlier` a year later, with their formats and venues: a first idea of the
    /// next edition's days, for the organiser to correct.
    pub fn suggested_days(earlier: &Programme) -> Vec<EventDay> {
        earlier
            .event
            .days
            .iter()
            .filter_map(|day| {
                Some(EventDay {
                    date: day.date.checked_add(1.year()).ok()?,
                    ..day.clone()
                })
            })
            .collect()
    }
}

/// The earlier event as an edition its next one continues: its name, its host city (that of the
/// venue of its first day held at a place, else of its first venue at a place that names a city),
/// and the year of its first day; `None` when it has no day to take a year from.
pub fn edition_of(earlier: &Programme) -> Option<Edition> {
    let event = &earlier.event;
    let year = sorted_dates(&event.days).first()?.year();
    // The programme file writes years with four digits.
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let place_city = |id: &Slug| {
        earlier
            .venue(id)
            .filter(|v| v.kind == VenueKind::Place)
            .and_then(|v| v.city.clone())
    };
    let city = event
        .days
        .iter()
        .filter_map(|d| d.venue.as_ref())
        .find_map(place_city)
        .or_else(|| earlier.venues.iter().find_map(|v| place_city(&v.id)));
    Some(Edition {
        name: event.name.clone(),
        city,
        year,
    })
}

fn sorted_dates(days: &[EventDay]) -> Vec<jiff::civil::Date> {
    let mut dates: Vec<_> = days.iter().map(|d| d.date).collect();
    dates.sort();
    dates.dedup();
    dates
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::{Format, ZoneLabel};

    const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");

    fn izmir() -> Programme {
        crate::load(IZMIR, &CheckOptions::default())
            .programme
            .expect("the Izmir programme loads")
    }

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    fn slug(id: &str) -> Slug {
        Slug::parse(id).unwrap()
    }

    fn day(d: jiff::civil::Date, format: Format, venue: Option<&str>) -> EventDay {
        EventDay {
            date: d,
            format,
            venue: venue.map(slug),
        }
    }

    fn next_summit(days: Vec<EventDay>) -> NextEdition {
        NextEdition {
            id: slug("izmir-2022"),
            name: Text::new().with(lang("fr"), "4e Sommet des maires"),
            days,
        }
    }

    #[test]
    fn a_blank_event_is_shown_in_its_host_zone_named_after_its_city() {
        let blank = BlankEvent {
            id: slug("lisbon-2026"),
            name: Text::new()
                .with(lang("en"), "Lisbon Forum")
                .with(lang("pt-BR"), "Fórum de Lisboa"),
            source_language: lang("en"),
            languages: vec![lang("pt-BR"), lang("en")],
            host_zone: Zone::parse("Europe/Lisbon").unwrap(),
            days: vec![day(date(2026, 5, 4), Format::Hybrid, None)],
        };

        let checked = blank
            .programme(&CheckOptions::default())
            .expect("a blank event passes the checks");

        let programme = checked.programme();
        assert_eq!(programme.event.languages, [lang("en"), lang("pt-BR")]);
        assert_eq!(programme.event.status, Status::Preliminary);
        assert_eq!(
            programme.zones,
            [DisplayZone::new(
                Zone::parse("Europe/Lisbon").unwrap(),
                "Lisbon"
            )]
        );
        assert!(programme.venues.is_empty() && programme.sessions.is_empty());
        let again =
            Checked::load(checked.source(), &CheckOptions::default()).expect("its file loads back");
        assert_eq!(again.programme(), programme);
    }

    #[test]
    fn a_blank_event_whose_source_language_is_not_declared_is_refused_at_the_languages() {
        let blank = BlankEvent {
            id: slug("lisbon-2026"),
            name: Text::new().with(lang("fr"), "Forum de Lisbonne"),
            source_language: lang("fr"),
            languages: vec![lang("en")],
            host_zone: Zone::parse("Europe/Lisbon").unwrap(),
            days: Vec::new(),
        };

        let rejected = blank.programme(&CheckOptions::default()).unwrap_err();

        let paths: Vec<String> = rejected
            .errors()
            .filter_map(|d| d.path.as_ref().map(ToString::to_string))
            .collect();
        assert!(paths.contains(&"event.languages".to_owned()), "{paths:?}");
    }

    #[test]
    fn the_next_edition_keeps_languages_zones_and_venues_and_continues_the_earlier_one() {
        let earlier = izmir();
        let days = vec![
            day(date(2022, 12, 6), Format::Online, Some("online")),
            day(date(2022, 12, 9), Format::OnSite, Some("izmir")),
        ];

        let checked = next_summit(days.clone())
            .programme(&earlier, &CheckOptions::default())
            .expect("the next edition passes the checks");

        let next = checked.programme();
        assert_eq!(next.event.languages, earlier.event.languages);
        assert_eq!(next.event.source_language, earlier.event.source_language);
        assert_eq!(next.event.host_zone, earlier.event.host_zone);
        assert_eq!(next.event.days, days);
        assert_eq!(next.event.status, Status::Preliminary);
        assert_eq!(next.zones, earlier.zones);
        assert_eq!(
            next.zones[0].label,
            ZoneLabel::PerLanguage(
                Text::new()
                    .with(lang("fr"), "Izmir")
                    .with(lang("en"), "Izmir")
                    .with(lang("tr"), "İzmir")
            )
        );
        assert_eq!(next.venues, earlier.venues);
        assert!(next.people.is_empty());
        let mut continues = earlier.event.continues.clone();
        continues.push(Edition {
            name: earlier.event.name.clone(),
            city: Some("Izmir".into()),
            year: 2021,
        });
        assert_eq!(next.event.continues, continues);
    }

    #[test]
    fn the_next_editions_sessions_are_skeletons_on_the_same_day_of_the_event_without_times() {
        let earlier = izmir();
        // Two days: the earlier event's third day (10 December) has no counterpart.
        let days = vec![
            day(date(2022, 12, 6), Format::Online, Some("online")),
            day(date(2022, 12, 7), Format::Online, Some("online")),
        ];

        let next = next_summit(days)
            .programme(&earlier, &CheckOptions::default())
            .unwrap()
            .into_programme();

        assert_eq!(next.sessions.len(), earlier.sessions.len());
        for (old, new) in earlier.sessions.iter().zip(&next.sessions) {
            let expected = match old.schedule.date().map(|d| d.to_string()).as_deref() {
                Some("2021-12-07") => Schedule::TimeToBeConfirmed {
                    date: date(2022, 12, 6),
                },
                Some("2021-12-08") => Schedule::TimeToBeConfirmed {
                    date: date(2022, 12, 7),
                },
                _ => Schedule::DateToBeConfirmed,
            };
            assert_eq!(new.schedule, expected, "{}", old.id);
            assert_eq!(
                (&new.id, new.kind, new.format, &new.venue, &new.title),
                (&old.id, old.kind, old.format, &old.venue, &old.title),
            );
            assert!(new.former_ids.is_empty() && new.people.is_empty());
            assert!(new.description.is_empty() && new.questions.is_empty());
        }
    }

    #[test]
    fn an_earlier_event_without_days_has_no_year_to_continue() {
        let mut earlier = izmir();
        earlier.event.days.clear();
        earlier.sessions.clear();

        let rejected = next_summit(Vec::new())
            .programme(&earlier, &CheckOptions::default())
            .unwrap_err();

        assert_eq!(
            rejected.problems[0].message,
            "event \"izmir-2021\" has no days, so the year of that edition is unknown"
        );
        assert_eq!(
            rejected.problems[0].path.as_ref().map(ToString::to_string),
            Some("event.continues[2]".to_owned())
        );
        let words = crate::locale::Localizer::new(&lang("fr"));
        assert_eq!(
            rejected.problems[0].localized(&words),
            "l'événement \"izmir-2021\" n'a pas de jours : l'année de cette édition est inconnue"
        );
    }

    #[test]
    fn the_next_edition_is_suggested_a_year_later() {
        let earlier = izmir();
        assert_eq!(
            NextEdition::suggested_id(&earlier),
            Some(slug("izmir-2022"))
        );
        let dates: Vec<String> = NextEdition::suggested_days(&earlier)
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        assert_eq!(dates, ["2022-12-07", "2022-12-08", "2022-12-10"]);

        let mut other = izmir();
        other.event.id = slug("mayors-summit");
        assert_eq!(NextEdition::suggested_id(&other), None);
    }
}
