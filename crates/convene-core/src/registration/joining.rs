//! Joining an online or hybrid session: the room and its interpretation channels, when the way in
//! opens and closes, which channel a participant lands in, and when their reminders are due.
//!
//! ```text
//! Session ──Joining::window──▶ Window { opens = start − opens_before, closes = end }
//!                              ──state(now)──▶ NotYet { opens } | Open | Over | NoTime
//! Room ──choose(preferred language)──▶ Way in { url, language, passcode }
//! start, participant's zone ──Joining::reminders──▶ day before at a set time in their zone,
//!                                                    and shortly before the start
//! ```
//!
//! Everything here is in instants; a civil time (the day-before reminder at 09:00 in the
//! participant's zone) is turned into one with the bundled time-zone database, a time that a
//! daylight-saving change skips moving forward by the gap.

use std::collections::BTreeMap;

use jiff::civil::Time;
use jiff::{SignedDuration, Timestamp};

use crate::time::instant_lenient;
use crate::{Format, Language, Programme, Schedule, Session, Zone};

/// The longest URL, passcode and note a room keeps.
pub const MAX_URL: usize = 2000;
pub const MAX_PASSCODE: usize = 100;
pub const MAX_NOTE: usize = 2000;
/// More channels than any summit interprets into.
pub const MAX_CHANNELS: usize = 30;

/// An event's settings for joining and reminders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Joining {
    /// How long before a session's start its way in opens.
    pub opens_before: SignedDuration,
    /// The first reminder: on the day before the session (in the participant's zone), at this
    /// time of day there.
    pub day_before_at: Time,
    /// The second reminder: this long before the start.
    pub shortly_before: SignedDuration,
}

impl Default for Joining {
    /// Opens 15 minutes before; reminders at 09:00 the day before and 30 minutes before.
    fn default() -> Self {
        Self {
            opens_before: SignedDuration::from_mins(15),
            day_before_at: Time::constant(9, 0, 0, 0),
            shortly_before: SignedDuration::from_mins(30),
        }
    }
}

/// What is wrong with joining settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoiningProblem {
    /// The way in opens more than [`Joining::MAX_OPENS_BEFORE`] or less than 0 before the start.
    OpensBefore,
    /// The second reminder is less than 5 minutes or more than 12 hours before the start.
    ShortlyBefore,
}

impl Joining {
    pub const MAX_OPENS_BEFORE: SignedDuration = SignedDuration::from_hours(4);
    pub const MIN_SHORTLY_BEFORE: SignedDuration = SignedDuration::from_mins(5);
    pub const MAX_SHORTLY_BEFORE: SignedDuration = SignedDuration::from_hours(12);

    /// Every problem of these settings; empty when they can be kept.
    pub fn check(&self) -> Vec<JoiningProblem> {
        let mut problems = Vec::new();
        if self.opens_before.is_negative() || self.opens_before > Self::MAX_OPENS_BEFORE {
            problems.push(JoiningProblem::OpensBefore);
        }
        if self.shortly_before < Self::MIN_SHORTLY_BEFORE
            || self.shortly_before > Self::MAX_SHORTLY_BEFORE
        {
            problems.push(JoiningProblem::ShortlyBefore);
        }
        problems
    }

    /// When `session` of `programme` can be joined; `None` while its time is to be confirmed.
    pub fn window(&self, programme: &Programme, session: &Session) -> Option<Window> {
        let (start, end) = instants(programme, session)?;
        Some(Window {
            opens: start - self.opens_before,
            start,
            closes: end,
        })
    }

    /// The two reminders of a session starting at `start`, for a participant in `zone`.
    pub fn reminders(&self, start: Timestamp, zone: &Zone) -> Reminders {
        let local_day = zone.tz().to_datetime(start).date();
        let day_before = local_day
            .yesterday()
            .map(|day| instant_lenient(zone, day.to_datetime(self.day_before_at)))
            .unwrap_or(start);
        let shortly_before = start - self.shortly_before;
        // The day itself begins, in the participant's zone: "tomorrow" is not true any more.
        let day_begins = instant_lenient(zone, local_day.to_datetime(Time::midnight()));
        Reminders {
            // Never after the second one: a session early in the morning is reminded of the day
            // before all the same, and never at a time that comes later than "shortly before".
            day_before: day_before.min(shortly_before),
            day_before_until: day_begins.min(shortly_before),
            shortly_before,
        }
    }
}

/// A session's start and end instants, when it is timed.
pub fn instants(programme: &Programme, session: &Session) -> Option<(Timestamp, Timestamp)> {
    match &session.schedule {
        Schedule::Timed { start, end } => {
            let zone = &programme.event.host_zone;
            Some((instant_lenient(zone, *start), instant_lenient(zone, *end)))
        }
        Schedule::TimeToBeConfirmed { .. } | Schedule::DateToBeConfirmed => None,
    }
}

/// Whether a session is joined from afar: online or hybrid.
pub fn is_joinable(session: &Session) -> bool {
    matches!(session.format, Format::Online | Format::Hybrid)
}

/// When a session can be joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub opens: Timestamp,
    pub start: Timestamp,
    /// Its end: late-comers may join until then.
    pub closes: Timestamp,
}

/// Where joining stands at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowState {
    /// Not yet: it opens then.
    NotYet {
        opens: Timestamp,
    },
    Open,
    Over,
}

impl Window {
    pub fn state(&self, now: Timestamp) -> WindowState {
        if now < self.opens {
            WindowState::NotYet { opens: self.opens }
        } else if now < self.closes {
            WindowState::Open
        } else {
            WindowState::Over
        }
    }
}

/// When a participant is reminded of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reminders {
    pub day_before: Timestamp,
    /// Past this, the day-before reminder is not written at all (it would come too late to say
    /// "tomorrow"): the start of the session's day in the participant's zone, or the second
    /// reminder's time if that comes first.
    pub day_before_until: Timestamp,
    pub shortly_before: Timestamp,
}

impl Reminders {
    /// Whether the day-before reminder is due at `now`.
    pub fn day_before_due(&self, now: Timestamp) -> bool {
        self.day_before <= now && now < self.day_before_until
    }

    /// Whether the shortly-before reminder is due at `now` (until the start, which the caller
    /// knows).
    pub fn shortly_before_due(&self, now: Timestamp) -> bool {
        self.shortly_before <= now
    }
}

/// The way into an online session, as organisers set it: kept in the store, never in the
/// programme, and shown to nobody but a confirmed participant at the time to join.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Room {
    /// The main room, on any platform: the address is opaque.
    pub url: String,
    /// One channel per interpretation language.
    pub channels: Vec<Channel>,
    /// What participants should know, per language ("mute on entry", "the passcode is…").
    pub notes: BTreeMap<Language, String>,
}

/// An interpretation channel: its own room, or a passcode for a channel of the main room.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Channel {
    pub language: Language,
    /// Its own address; `None` when it is a channel of the main room.
    pub url: Option<String>,
    pub passcode: Option<String>,
}

/// A room field and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomProblem {
    /// `url`, `channel-{n}-url`, `channel-{n}-language`, `channel-{n}-passcode`,
    /// `note-{lang}`, or `channels`.
    pub field: String,
    pub kind: RoomProblemKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomProblemKind {
    /// A room needs its main address.
    Missing,
    /// Not an `https://` or `http://` address.
    NotAWebAddress,
    TooLong,
    /// Two channels for one language.
    LanguageTwice,
    TooMany,
    /// A channel with neither its own address nor a passcode says nothing.
    EmptyChannel,
}

impl Room {
    /// Every problem of the room; empty when it can be kept.
    pub fn check(&self) -> Vec<RoomProblem> {
        let mut problems = Vec::new();
        let mut report = |field: String, kind| problems.push(RoomProblem { field, kind });
        if self.url.trim().is_empty() {
            report("url".to_owned(), RoomProblemKind::Missing);
        } else if let Some(kind) = address_problem(&self.url) {
            report("url".to_owned(), kind);
        }
        if self.channels.len() > MAX_CHANNELS {
            report("channels".to_owned(), RoomProblemKind::TooMany);
        }
        let mut seen: Vec<&Language> = Vec::new();
        for (n, channel) in self.channels.iter().enumerate().take(MAX_CHANNELS) {
            let n = n + 1;
            if seen.contains(&&channel.language) {
                report(
                    format!("channel-{n}-language"),
                    RoomProblemKind::LanguageTwice,
                );
            }
            seen.push(&channel.language);
            if let Some(kind) = channel.url.as_deref().and_then(address_problem) {
                report(format!("channel-{n}-url"), kind);
            }
            match &channel.passcode {
                Some(code) if code.chars().count() > MAX_PASSCODE => {
                    report(format!("channel-{n}-passcode"), RoomProblemKind::TooLong);
                }
                None if channel.url.is_none() => {
                    report(format!("channel-{n}-url"), RoomProblemKind::EmptyChannel);
                }
                _ => {}
            }
        }
        for (lang, note) in &self.notes {
            if note.chars().count() > MAX_NOTE {
                report(format!("note-{lang}"), RoomProblemKind::TooLong);
            }
        }
        problems
    }

    /// The way in for someone who prefers `preferred`: its channel when there is one, else the
    /// main room.
    pub fn way_in(&self, preferred: Option<&Language>) -> WayIn<'_> {
        let channel = preferred.and_then(|lang| self.channels.iter().find(|c| &c.language == lang));
        match channel {
            Some(channel) => WayIn {
                url: channel.url.as_deref().unwrap_or(&self.url),
                language: Some(&channel.language),
                passcode: channel.passcode.as_deref(),
            },
            None => WayIn {
                url: &self.url,
                language: None,
                passcode: None,
            },
        }
    }

    /// The note for a reader of `lang`, else the one in `fallback`, else any.
    pub fn note(&self, lang: &Language, fallback: &Language) -> Option<&str> {
        self.notes
            .get(lang)
            .or_else(|| self.notes.get(fallback))
            .or_else(|| self.notes.values().next())
            .map(String::as_str)
            .filter(|note| !note.trim().is_empty())
    }
}

/// Where a click on "Join" leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WayIn<'a> {
    pub url: &'a str,
    /// The interpretation channel's language; `None` for the main room.
    pub language: Option<&'a Language>,
    pub passcode: Option<&'a str>,
}

fn address_problem(url: &str) -> Option<RoomProblemKind> {
    if url.chars().count() > MAX_URL {
        return Some(RoomProblemKind::TooLong);
    }
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !url.chars().any(char::is_whitespace) => None,
        _ => Some(RoomProblemKind::NotAWebAddress),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::time;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    fn lang(code: &str) -> Language {
        Language::parse(code).unwrap()
    }

    #[test]
    fn the_way_in_opens_a_set_time_before_the_start_and_closes_at_the_end() {
        let window = Window {
            opens: ts("2021-12-07T12:45:00Z"),
            start: ts("2021-12-07T13:00:00Z"),
            closes: ts("2021-12-07T14:30:00Z"),
        };
        assert_eq!(
            window.state(ts("2021-12-07T12:44:59Z")),
            WindowState::NotYet {
                opens: ts("2021-12-07T12:45:00Z")
            }
        );
        assert_eq!(window.state(ts("2021-12-07T12:45:00Z")), WindowState::Open);
        assert_eq!(window.state(ts("2021-12-07T14:29:59Z")), WindowState::Open);
        assert_eq!(window.state(ts("2021-12-07T14:30:00Z")), WindowState::Over);
    }

    #[test]
    fn the_day_before_reminder_is_at_its_time_in_the_participants_zone_across_a_change_of_clocks() {
        // A session at 10:00 in Paris on Sunday 27 March 2022, the morning clocks went forward
        // there (08:00 UTC); Toronto had moved its clocks on 13 March already.
        let start = ts("2022-03-27T08:00:00Z");
        let joining = Joining::default();
        let toronto = joining.reminders(start, &zone("America/Toronto"));
        // 04:00 on the 27th in Toronto: the day before is the 26th, 09:00 EDT (UTC-4).
        assert_eq!(toronto.day_before, ts("2022-03-26T13:00:00Z"));
        assert_eq!(toronto.shortly_before, ts("2022-03-27T07:30:00Z"));
        let paris = joining.reminders(start, &zone("Europe/Paris"));
        // 09:00 on the 26th in Paris is still winter time (UTC+1).
        assert_eq!(paris.day_before, ts("2022-03-26T08:00:00Z"));
    }

    #[test]
    fn a_reminder_time_that_the_clocks_skip_comes_when_they_have_moved() {
        // 02:30 does not exist in Toronto on 13 March 2022: the clocks went from 02:00 to 03:00.
        let joining = Joining {
            day_before_at: time(2, 30, 0, 0),
            ..Joining::default()
        };
        let start = ts("2022-03-14T14:00:00Z"); // 10:00 EDT on the 14th
        let reminders = joining.reminders(start, &zone("America/Toronto"));
        // 03:30 EDT (UTC-4), the time the gap's length later.
        assert_eq!(reminders.day_before, ts("2022-03-13T07:30:00Z"));
    }

    #[test]
    fn the_first_reminder_never_comes_after_the_second() {
        let joining = Joining {
            day_before_at: time(23, 50, 0, 0),
            shortly_before: SignedDuration::from_hours(12),
            ..Joining::default()
        };
        // 08:00 in Paris: "shortly before" is 20:00 the day before, earlier than 23:50.
        let start = ts("2021-12-08T07:00:00Z");
        let reminders = joining.reminders(start, &zone("Europe/Paris"));
        assert_eq!(reminders.shortly_before, ts("2021-12-07T19:00:00Z"));
        assert_eq!(reminders.day_before, reminders.shortly_before);
        assert!(!reminders.day_before_due(ts("2021-12-07T19:00:00Z")));
    }

    #[test]
    fn the_day_before_reminder_is_not_written_on_the_day_itself() {
        // 08:00 in Montréal on 7 December (13:00 UTC); she registers at 06:00 there that morning.
        let start = ts("2021-12-07T13:00:00Z");
        let reminders = Joining::default().reminders(start, &zone("America/Toronto"));
        assert_eq!(reminders.day_before_until, ts("2021-12-07T05:00:00Z"));
        assert!(reminders.day_before_due(ts("2021-12-06T14:00:00Z")));
        assert!(reminders.day_before_due(ts("2021-12-07T04:59:00Z")));
        assert!(!reminders.day_before_due(ts("2021-12-07T11:00:00Z")));
        assert!(!reminders.shortly_before_due(ts("2021-12-07T12:29:00Z")));
        assert!(reminders.shortly_before_due(ts("2021-12-07T12:30:00Z")));
    }

    #[test]
    fn settings_out_of_bounds_are_refused() {
        let bad = Joining {
            opens_before: SignedDuration::from_hours(5),
            shortly_before: SignedDuration::from_mins(1),
            ..Joining::default()
        };
        assert_eq!(
            bad.check(),
            vec![JoiningProblem::OpensBefore, JoiningProblem::ShortlyBefore]
        );
        assert!(Joining::default().check().is_empty());
    }

    fn room() -> Room {
        Room {
            url: "https://meet.example.org/mayors".into(),
            channels: vec![
                Channel {
                    language: lang("fr"),
                    url: Some("https://meet.example.org/mayors-fr".into()),
                    passcode: None,
                },
                Channel {
                    language: lang("tr"),
                    url: None,
                    passcode: Some("4411".into()),
                },
            ],
            notes: BTreeMap::from([(lang("fr"), "Micro coupé à l'entrée.".into())]),
        }
    }

    #[test]
    fn a_participant_lands_in_the_channel_of_their_language_else_the_main_room() {
        let room = room();
        let french = room.way_in(Some(&lang("fr")));
        assert_eq!(french.url, "https://meet.example.org/mayors-fr");
        assert_eq!(french.language, Some(&lang("fr")));
        let turkish = room.way_in(Some(&lang("tr")));
        assert_eq!(turkish.url, "https://meet.example.org/mayors");
        assert_eq!(turkish.passcode, Some("4411"));
        let english = room.way_in(Some(&lang("en")));
        assert_eq!(english.url, "https://meet.example.org/mayors");
        assert_eq!(english.language, None);
        assert_eq!(room.way_in(None).url, "https://meet.example.org/mayors");
    }

    #[test]
    fn a_room_needs_web_addresses_one_channel_per_language_and_something_in_each() {
        assert!(room().check().is_empty());
        let mut bad = room();
        bad.url = "javascript:alert(1)".into();
        bad.channels.push(Channel {
            language: lang("fr"),
            url: Some("ftp://example.org".into()),
            passcode: None,
        });
        bad.channels.push(Channel {
            language: lang("en"),
            url: None,
            passcode: None,
        });
        let problems: Vec<(String, RoomProblemKind)> =
            bad.check().into_iter().map(|p| (p.field, p.kind)).collect();
        assert_eq!(
            problems,
            vec![
                ("url".into(), RoomProblemKind::NotAWebAddress),
                ("channel-3-language".into(), RoomProblemKind::LanguageTwice),
                ("channel-3-url".into(), RoomProblemKind::NotAWebAddress),
                ("channel-4-url".into(), RoomProblemKind::EmptyChannel),
            ]
        );
        let empty = Room::default();
        assert_eq!(empty.check()[0].kind, RoomProblemKind::Missing);
    }

    #[test]
    fn the_note_is_in_the_readers_language_else_another() {
        let room = room();
        assert_eq!(
            room.note(&lang("en"), &lang("fr")),
            Some("Micro coupé à l'entrée.")
        );
        assert_eq!(Room::default().note(&lang("en"), &lang("fr")), None);
    }
}
