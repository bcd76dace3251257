//! A participant's own agenda: what they registered for, in time order, each with its time in
//! their zone first and then in the event's display zones, and where each registration stands.
//! Their page and every letter print it; [`calendar`] gives the sessions they hold a seat in as
//! iCalendar.
//!
//! Like the programme view it is built once, in the reader's language: times come resolved from
//! [`ProgrammeView`], words from the interface messages, and renderers only print.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::{State, Target};
use crate::export::{ExportContext, ical};
use crate::keyword::Keyword;
use crate::locale::Localizer;
use crate::render::fallback_note;
use crate::view::{EventDayView, SessionView, VenueView, ZoneTime};
use crate::{Language, LocalText, Programme, ProgrammeView, Slug, ViewOptions, Zone};

/// One of a participant's registrations, as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub target: Target,
    pub state: State,
    /// Their place on the waiting list, from 1, while they wait.
    pub position: Option<u32>,
    /// Until when the seat offered to them is held, while it is.
    pub offer_until: Option<Timestamp>,
}

/// A participant's registrations as they read them.
#[derive(Clone, Debug, Serialize)]
pub struct Agenda {
    /// The language it is written in.
    pub lang: Language,
    pub event_name: LocalText,
    /// The event's short name, else its name: what subjects and calendar names use.
    pub event_short_name: LocalText,
    /// The participant's own zone (IANA name).
    pub zone: String,
    /// "Votre heure (America/Toronto)": how their zone's times are labelled.
    pub zone_label: String,
    /// In time order; those whose time is not known last, in the order given.
    pub items: Vec<AgendaItem>,
}

/// One registration: its target as the programme has it now, and where it stands.
#[derive(Clone, Debug, Serialize)]
pub struct AgendaItem {
    /// The stored key of the target: `session:mayors-dialogue`, `day:2021-12-10`.
    pub target: String,
    /// The session's current id (for its page), when the target is a session still in the
    /// programme.
    pub session: Option<Slug>,
    /// What the item is headed with: the session's title, the day's line ("vendredi 10 décembre
    /// 2021 — Sur place, Izmir"), or the target's id when the programme no longer has it.
    pub heading: String,
    /// The language of the heading, for a `lang` attribute.
    pub heading_lang: Language,
    /// "texte en français" when the title is not in the reader's language.
    pub heading_note: Option<String>,
    /// The programme no longer has the target.
    pub removed: bool,
    /// "ne figure plus au programme", when removed.
    pub removed_label: Option<String>,
    /// "Dialogue des maires · En ligne", for a session.
    pub meta_label: Option<String>,
    pub venue: Option<VenueView>,
    /// The session's (or the day's) date in the host zone.
    pub date: Option<Date>,
    /// "mardi 7 décembre 2021".
    pub date_label: Option<String>,
    /// "horaire à confirmer", while the session's time is not confirmed.
    pub time_status_label: Option<String>,
    /// The session's time in the participant's zone first (its `reader` is true, its label
    /// [`Agenda::zone_label`]), then in each display zone it shows; empty without a time.
    pub times: Vec<ZoneTime>,
    /// For an on-site day: the day as the programme lists it.
    pub day: Option<EventDayView>,
    pub state: State,
    /// "confirmée", "sur liste d’attente".
    pub state_label: String,
    pub position: Option<u32>,
    /// "n° 3 sur la liste d’attente".
    pub position_label: Option<String>,
    /// The end of the offer, RFC 3339 in the participant's zone.
    pub offer_until: Option<String>,
    /// The end of the offer written out in the participant's zone: "mardi 7 décembre 2021 à
    /// 10:00".
    pub offer_until_label: Option<String>,
}

impl Agenda {
    /// The agenda of a participant reading `lang` in `zone`, registered as `entries` say.
    pub fn build(programme: &Programme, lang: &Language, zone: &Zone, entries: &[Entry]) -> Self {
        Self::build_with(programme, &Localizer::new(lang), zone, entries)
    }

    /// The same, with the reader's words at hand.
    pub fn build_with(
        programme: &Programme,
        words: &Localizer,
        zone: &Zone,
        entries: &[Entry],
    ) -> Self {
        let view = ProgrammeView::build(
            programme,
            words,
            &ViewOptions {
                reader_zone: Some(zone.clone()),
            },
        );
        Self::from_view(programme, &view, words, zone, entries)
    }

    /// The agenda from a view built with `zone` as its reader's zone.
    pub(crate) fn from_view(
        programme: &Programme,
        view: &ProgrammeView,
        words: &Localizer,
        zone: &Zone,
        entries: &[Entry],
    ) -> Self {
        let zone_label = words.message_with("label-your-zone", &[("zone", zone.name().into())]);
        let items = ItemBuilder {
            view,
            words,
            zone,
            zone_label: &zone_label,
        };
        let mut timed: Vec<(Option<Timestamp>, Option<Date>, AgendaItem)> = entries
            .iter()
            .map(|entry| {
                let item = items.item(entry);
                (entry.target.start(programme), item.date, item)
            })
            .collect();
        // By date, then start: a day comes before its sessions. The untimed follow, those with
        // a date first; the sort is stable, so ties keep the order given.
        timed.sort_by_key(|(start, date, item)| {
            let untimed = start.is_none() || item.removed;
            (untimed, date.is_none(), *date, *start)
        });
        let event = &view.event;
        Self {
            lang: view.lang.clone(),
            event_name: event.name.clone(),
            event_short_name: event
                .short_name
                .clone()
                .unwrap_or_else(|| event.name.clone()),
            zone: zone.name().to_owned(),
            zone_label,
            items: timed.into_iter().map(|(_, _, item)| item).collect(),
        }
    }
}

struct ItemBuilder<'a> {
    view: &'a ProgrammeView,
    words: &'a Localizer,
    zone: &'a Zone,
    zone_label: &'a str,
}

impl ItemBuilder<'_> {
    fn item(&self, entry: &Entry) -> AgendaItem {
        let words = self.words;
        let mut item = AgendaItem {
            target: entry.target.key(),
            session: None,
            heading: String::new(),
            heading_lang: self.view.lang.clone(),
            heading_note: None,
            removed: false,
            removed_label: None,
            meta_label: None,
            venue: None,
            date: None,
            date_label: None,
            time_status_label: None,
            times: Vec::new(),
            day: None,
            state: entry.state,
            state_label: words.message(&format!("state-{}", entry.state.keyword())),
            position: entry.position,
            position_label: entry.position.map(|position| {
                words.message_with("label-waiting-position", &[("position", position.into())])
            }),
            offer_until: None,
            offer_until_label: None,
        };
        if let Some(until) = entry.offer_until {
            let tz = self.zone.tz();
            item.offer_until = Some(until.display_with_offset(tz.to_offset(until)).to_string());
            item.offer_until_label = Some(words.date_time(tz.to_datetime(until)));
        }
        match &entry.target {
            Target::Session(identity) => {
                match self.view.sessions().find(|s| &s.identity == identity) {
                    Some(session) => self.session(&mut item, session),
                    None => self.removed(&mut item, identity.as_str()),
                }
            }
            Target::Day(date) => {
                item.date = Some(*date);
                item.date_label = Some(words.long_date(*date));
                let on_site = self
                    .view
                    .event
                    .days
                    .iter()
                    .find(|d| d.date == *date && d.format != crate::Format::Online);
                match on_site {
                    Some(day) => {
                        item.heading = day.line_label.clone();
                        item.venue = day.venue.clone();
                        item.day = Some(day.clone());
                    }
                    None => self.removed(&mut item, &words.long_date(*date)),
                }
            }
        }
        item
    }

    fn session(&self, item: &mut AgendaItem, session: &SessionView) {
        item.session = Some(session.id.clone());
        item.heading = session.title.text.clone();
        item.heading_lang = session.title.lang.clone();
        item.heading_note = fallback_note(&session.title, self.words);
        item.meta_label = Some(session.meta_label.clone());
        item.venue = Some(session.venue.clone());
        item.date = session.date;
        item.date_label = session.date_label.clone();
        item.time_status_label = session.time_status_label.clone();
        let mut times = session.times.clone().unwrap_or_default();
        // The reader's own zone, which the view adds last, comes first here, named.
        if let Some(at) = times.iter().position(|t| t.reader) {
            let mut own = times.remove(at);
            own.label = self.zone_label.to_owned();
            times.insert(0, own);
        }
        item.times = times;
    }

    fn removed(&self, item: &mut AgendaItem, heading: &str) {
        item.heading = heading.to_owned();
        item.removed = true;
        item.removed_label = Some(self.words.message("label-removed-from-programme"));
    }
}

/// Whether a registration in this state puts its session in the participant's calendar: only a
/// seat that is theirs. An offer may lapse, and a calendar file once imported is not taken back.
pub fn in_calendar(state: State) -> bool {
    state == State::Confirmed
}

/// The participant's calendar: the sessions of `entries` whose seat is theirs
/// ([`in_calendar`]), each the same event as in the public calendar (UID, SEQUENCE), so a new
/// publication updates it; one removed since follows as cancelled. Named "Mon programme — …" in
/// the reader's language.
pub fn calendar(
    programme: &Programme,
    words: &Localizer,
    entries: &[Entry],
    context: &ExportContext,
    joins: &[(Slug, String)],
) -> String {
    let view = ProgrammeView::build(programme, words, &ViewOptions { reader_zone: None });
    calendar_from_view(programme, &view, words, entries, context, joins)
}

/// As [`calendar`], from a view already built; `joins` are the participant's personal links into
/// the rooms of their online sessions, by session identity.
pub(crate) fn calendar_from_view(
    programme: &Programme,
    view: &ProgrammeView,
    words: &Localizer,
    entries: &[Entry],
    context: &ExportContext,
    joins: &[(Slug, String)],
) -> String {
    let sessions: Vec<Slug> = entries
        .iter()
        .filter(|e| in_calendar(e.state))
        .filter_map(|e| match &e.target {
            Target::Session(identity) => Some(identity.clone()),
            Target::Day(_) => None,
        })
        .collect();
    let event = view.event.short_name.as_ref().unwrap_or(&view.event.name);
    let name = words.message_with(
        "calendar-personal-name",
        &[("event", event.text.as_str().into())],
    );
    ical::calendar_of(programme, view, &sessions, &name, context, joins)
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn agenda(lang: &str, zone: &str, entries: &[Entry]) -> Agenda {
        Agenda::build(
            &izmir(),
            &Language::parse(lang).unwrap(),
            &Zone::parse(zone).unwrap(),
            entries,
        )
    }

    /// Each time of an item as "label range offset".
    fn times(item: &AgendaItem) -> Vec<String> {
        item.times
            .iter()
            .map(|t| format!("{} {} {}", t.label, t.range_label, t.offset))
            .collect()
    }

    #[test]
    fn a_participant_in_toronto_sees_the_mayors_dialogue_in_their_zone_first_then_every_display_zone()
     {
        let agenda = agenda(
            "fr",
            "America/Toronto",
            &[entry(session("mayors-dialogue"), State::Confirmed)],
        );
        let item = &agenda.items[0];
        assert_eq!(
            item.heading,
            "Dialogue des maires sur l’état de la cohésion sociale dans les villes"
        );
        assert_eq!(
            item.meta_label.as_deref(),
            Some("Dialogue des maires · En ligne")
        );
        assert_eq!(item.date_label.as_deref(), Some("mardi 7 décembre 2021"));
        assert_eq!(
            times(item),
            [
                "Votre heure (America/Toronto) 08:00–09:30 UTC-5",
                "Izmir 16:00–17:30 UTC+3",
                "Paris 14:00–15:30 UTC+1",
                "Montréal 08:00–09:30 UTC-5",
            ]
        );
        assert!(item.times[0].reader);
        assert_eq!(item.state_label, "confirmée");
        let json = serde_json::to_value(&agenda).unwrap();
        assert_eq!(
            (&json["items"][0]["date"], &json["items"][0]["state"]),
            (
                &serde_json::json!("2021-12-07"),
                &serde_json::json!("confirmed")
            )
        );
    }

    #[test]
    fn a_time_on_another_local_date_says_so_in_the_participants_zone() {
        let agenda = agenda(
            "en",
            "Asia/Tokyo",
            &[entry(session("workshop-dialogue"), State::Confirmed)],
        );
        assert_eq!(
            times(&agenda.items[0])[0],
            "Your time (Asia/Tokyo) 1:15\u{202f}AM – 2:30\u{202f}AM, Thursday, December 9 (+1 day) UTC+9"
        );
    }

    #[test]
    fn entries_come_in_time_order_with_the_untimed_and_the_removed_last() {
        let entries = [
            entry(session("human-rights-plenary"), State::Pending),
            entry(session("no-longer-here"), State::Confirmed),
            entry(
                Target::Day(jiff::civil::date(2021, 12, 10)),
                State::Confirmed,
            ),
            entry(session("workshop-dialogue"), State::Confirmed),
            entry(session("mayors-dialogue"), State::Waiting),
        ];
        let agenda = agenda("en", "Europe/Paris", &entries);
        let order: Vec<&str> = agenda.items.iter().map(|i| i.target.as_str()).collect();
        assert_eq!(
            order,
            [
                "session:mayors-dialogue",
                "session:workshop-dialogue",
                "day:2021-12-10",
                "session:human-rights-plenary",
                "session:no-longer-here",
            ]
        );
    }

    #[test]
    fn a_title_not_yet_translated_is_shown_in_the_source_language_with_its_note() {
        let mut programme = izmir();
        let french = Language::parse("fr").unwrap();
        let dialogue = programme
            .sessions
            .iter_mut()
            .find(|s| s.id.as_str() == "mayors-dialogue")
            .unwrap();
        let title = dialogue.title.in_language(&french).unwrap().to_owned();
        dialogue.title = crate::Text::new().with(french.clone(), title);
        let agenda = Agenda::build(
            &programme,
            &Language::parse("en").unwrap(),
            &Zone::parse("Europe/London").unwrap(),
            &[entry(session("mayors-dialogue"), State::Confirmed)],
        );
        let item = &agenda.items[0];
        assert_eq!(
            (&item.heading_lang, item.heading_note.as_deref()),
            (&french, Some("text in French"))
        );
    }

    #[test]
    fn a_removed_session_is_kept_under_its_id_and_flagged() {
        let agenda = agenda(
            "tr",
            "Europe/Istanbul",
            &[entry(session("no-longer-here"), State::Confirmed)],
        );
        let item = &agenda.items[0];
        assert_eq!(
            (
                item.heading.as_str(),
                item.removed,
                item.removed_label.as_deref()
            ),
            ("no-longer-here", true, Some("artık programda yok"))
        );
        assert!(item.times.is_empty() && item.session.is_none());
    }

    #[test]
    fn an_on_site_day_gives_its_date_and_venue() {
        let agenda = agenda(
            "fr",
            "Europe/Paris",
            &[entry(
                Target::Day(jiff::civil::date(2021, 12, 10)),
                State::Confirmed,
            )],
        );
        let item = &agenda.items[0];
        assert_eq!(item.heading, "vendredi 10 décembre 2021 — Sur place, Izmir");
        assert_eq!(
            item.venue.as_ref().and_then(|v| v.city.as_deref()),
            Some("Izmir")
        );
    }

    #[test]
    fn a_waiting_position_and_an_offers_end_are_written_in_the_readers_words_and_zone() {
        let offered_at: Timestamp = "2021-12-05T12:00:00Z".parse().unwrap();
        let start = session("mayors-dialogue").start(&izmir());
        let until = crate::registration::offer_expiry(offered_at, start, 24);
        let entries = [
            Entry {
                position: Some(3),
                ..entry(session("workshop-dialogue"), State::Waiting)
            },
            Entry {
                offer_until: until,
                ..entry(session("mayors-dialogue"), State::Offered)
            },
        ];
        let agenda = agenda("en", "Asia/Tokyo", &entries);
        let (offer, waiting) = (&agenda.items[0], &agenda.items[1]);
        assert_eq!(
            waiting.position_label.as_deref(),
            Some("No. 3 on the waiting list")
        );
        assert_eq!(offer.state_label, "seat offered");
        assert_eq!(
            offer.offer_until_label.as_deref(),
            Some("Monday, December 6, 2021 at 9:00\u{202f}PM")
        );
        assert_eq!(
            offer.offer_until.as_deref(),
            Some("2021-12-06T21:00:00+09:00")
        );
    }

    #[test]
    fn the_calendar_has_only_the_sessions_whose_seat_is_theirs() {
        let programme = izmir();
        let words = Localizer::new(&Language::parse("fr").unwrap());
        let entries = [
            entry(session("mayors-dialogue"), State::Confirmed),
            entry(session("workshop-dialogue"), State::Offered),
            entry(session("interactive-dialogue"), State::Waiting),
            entry(session("workshop-resilience"), State::Cancelled),
            entry(
                Target::Day(jiff::civil::date(2021, 12, 10)),
                State::Confirmed,
            ),
        ];
        let context = ExportContext {
            base_url: "https://summit.example.org".into(),
            generated_at: "2021-12-01T09:00:00Z".parse().unwrap(),
            version: "1".into(),
            history: None,
        };
        let ics = calendar(&programme, &words, &entries, &context, &[]);
        let uids: Vec<&str> = ics
            .lines()
            .filter_map(|l| l.trim_end().strip_prefix("UID:"))
            .collect();
        assert_eq!(uids, ["mayors-dialogue@izmir-2021.convene"]);
        assert!(
            ics.contains("X-WR-CALNAME:Mon programme — Sommet des maires 2021"),
            "{ics}"
        );
    }
}
