//! The organisers' timetable of one day: the host-time grid with a column per venue, each display
//! zone's clock beside it with its night and off-hours, and the day's sessions placed on the grid
//! by minutes, each with what is wrong with it (an overlap in its venue, a time outside some zone's
//! hours).
//!
//! Positions are minutes of the host day's civil time from its midnight: 16:00 in the host zone is
//! minute 960 in every column, whatever the zone.

use jiff::civil::{Date, DateTime, Time};
use jiff::{Span, Timestamp};

use crate::locale::Localizer;
use crate::picture::NIGHT;
use crate::slot::DEFAULT_HOURS;
use crate::time::instant_lenient;
use crate::view::{TimeRangeLabel, host_time, preview_times};
use crate::zone::offset_label;
use crate::{Programme, Schedule, Session, Slug, Zone};

/// The minutes of the host day a grid shows at least: 07:00 to 22:00, the waking hours; a session
/// outside them widens the grid to its whole hours.
const SHOWN: (i32, i32) = (7 * 60, 22 * 60);
/// The grid's resolution for the zones' clocks, in minutes.
const STEP: i32 = 15;

/// One day of the timetable.
#[derive(Clone, Debug, PartialEq)]
pub struct DayGrid {
    pub date: Date,
    /// The first and last minute shown (whole hours of the host day; the last may be 1440).
    pub from: i32,
    pub to: i32,
    pub venues: Vec<GridVenue>,
    /// The display zones' clocks in the event's order, the host zone's first when it is not one.
    pub clocks: Vec<Clock>,
    /// The day's timed sessions, in time order.
    pub blocks: Vec<Block>,
    /// The day's sessions whose time is to be confirmed: id and title.
    pub pending: Vec<(Slug, String)>,
}

/// A venue's column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridVenue {
    pub id: Slug,
    pub label: String,
}

/// How a stretch of a zone's clock is shaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shade {
    /// 22:00–07:00 local time.
    Night,
    /// Outside the hours that suit people (08:00–21:00), but not night.
    OffHours,
}

/// A shaded stretch of a clock: grid minutes, and its local times ("22:00–07:00").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stretch {
    pub from: i32,
    pub to: i32,
    pub shade: Shade,
    pub local: String,
}

/// One zone's clock beside the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    pub label: String,
    /// IANA name.
    pub zone: String,
    /// "UTC-5" at the start of the day.
    pub offset: String,
    /// The host zone's clock: the grid's own times.
    pub host: bool,
    pub stretches: Vec<Stretch>,
    /// Each whole local hour: grid minute and its time as the reader's language writes it.
    pub marks: Vec<(i32, String)>,
}

/// A session on the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub id: Slug,
    pub title: String,
    /// Its venue's column.
    pub venue: usize,
    /// Grid minutes; `to` is past 1440 for a session that ends after midnight.
    pub from: i32,
    pub to: i32,
    /// Its host time, "16:00–17:30".
    pub range: String,
    /// The instant it starts, RFC 3339.
    pub starts_at: String,
    /// The clocks of the zones it shows.
    pub zones: Vec<usize>,
    /// The titles of the sessions it overlaps in its venue.
    pub overlaps: Vec<String>,
    /// The zones it shows whose people it finds outside their hours.
    pub off_hours: Vec<OffHours>,
}

/// A session's time in a zone where it falls outside the hours that suit people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffHours {
    pub label: String,
    /// Its local time, "07:00–08:30".
    pub range: String,
    /// Whether it reaches into the night (22:00–07:00), not only outside 08:00–21:00.
    pub night: bool,
}

impl Block {
    pub fn is_flagged(&self) -> bool {
        !self.overlaps.is_empty() || !self.off_hours.is_empty()
    }
}

impl DayGrid {
    /// The grid of `date` (a day in the host zone), in the language of `words`.
    pub fn build(programme: &Programme, date: Date, words: &Localizer) -> Self {
        let lang = words.lang();
        let source = &programme.event.source_language;
        let host = &programme.event.host_zone;
        let title = |s: &Session| {
            s.title
                .get(lang, source)
                .map(|t| t.text)
                .unwrap_or_else(|| s.id.to_string())
        };
        let venues: Vec<GridVenue> = programme
            .venues
            .iter()
            .map(|v| GridVenue {
                id: v.id.clone(),
                label: v
                    .name
                    .get(lang, source)
                    .map(|t| t.text)
                    .unwrap_or_else(|| v.id.to_string()),
            })
            .collect();
        let mut zones: Vec<(&Zone, String, bool)> = programme
            .zones
            .iter()
            .map(|z| (&z.zone, z.label_in(lang, source), z.zone == *host))
            .collect();
        if !zones.iter().any(|(_, _, is_host)| *is_host) {
            zones.insert(0, (host, host.name().to_owned(), true));
        }
        let midnight = date.to_datetime(Time::midnight());
        let mut blocks = Vec::new();
        let mut pending = Vec::new();
        for session in &programme.sessions {
            match session.schedule {
                Schedule::Timed { start, end } if start.date() == date => {
                    let shown = programme.zones_shown(session);
                    blocks.push(Block {
                        id: session.id.clone(),
                        title: title(session),
                        venue: venues
                            .iter()
                            .position(|v| v.id == session.venue)
                            .unwrap_or_default(),
                        from: minutes_between(midnight, start),
                        to: minutes_between(midnight, end),
                        range: host_time(programme, session, words)
                            .map(|t| t.range_label.range)
                            .unwrap_or_default(),
                        starts_at: instant_lenient(host, start).to_string(),
                        zones: zones
                            .iter()
                            .enumerate()
                            .filter(|(_, (zone, _, _))| shown.iter().any(|z| z.zone == **zone))
                            .map(|(i, _)| i)
                            .collect(),
                        overlaps: Vec::new(),
                        off_hours: off_hours(programme, session, start, end, words),
                    });
                }
                Schedule::TimeToBeConfirmed { date: day } if day == date => {
                    pending.push((session.id.clone(), title(session)));
                }
                _ => {}
            }
        }
        blocks.sort_by_key(|b| (b.from, b.venue));
        let overlapping: Vec<Vec<String>> = blocks
            .iter()
            .enumerate()
            .map(|(i, a)| {
                blocks
                    .iter()
                    .enumerate()
                    .filter(|&(j, b)| {
                        i != j && a.venue == b.venue && a.from < b.to && b.from < a.to
                    })
                    .map(|(_, b)| b.title.clone())
                    .collect()
            })
            .collect();
        for (block, overlaps) in blocks.iter_mut().zip(overlapping) {
            block.overlaps = overlaps;
        }
        let floor_hour = |m: i32| m.div_euclid(60) * 60;
        let ceil_hour = |m: i32| (m + 59).div_euclid(60) * 60;
        let from = blocks
            .iter()
            .map(|b| floor_hour(b.from))
            .fold(SHOWN.0, i32::min)
            .max(0);
        let to = blocks
            .iter()
            .map(|b| ceil_hour(b.to))
            .fold(SHOWN.1, i32::max)
            .min(24 * 60);
        let clocks = zones
            .iter()
            .map(|(zone, label, is_host)| {
                clock(zone, label, *is_host, host, midnight, (from, to), words)
            })
            .collect();
        Self {
            date,
            from,
            to,
            venues,
            clocks,
            blocks,
            pending,
        }
    }
}

/// Whole minutes from `from` to `to`, civil times.
fn minutes_between(from: DateTime, to: DateTime) -> i32 {
    let minutes = to.duration_since(from).as_mins();
    i32::try_from(minutes).unwrap_or(if minutes < 0 { i32::MIN } else { i32::MAX })
}

/// The host civil time at grid minute `minute`.
fn at_minute(midnight: DateTime, minute: i32) -> DateTime {
    midnight
        .checked_add(Span::new().minutes(minute))
        .unwrap_or(midnight)
}

fn shade_of(local: Time) -> Option<Shade> {
    let (night_starts, night_ends) = NIGHT;
    if local >= night_starts || local < night_ends {
        Some(Shade::Night)
    } else if local < DEFAULT_HOURS.0 || local >= DEFAULT_HOURS.1 {
        Some(Shade::OffHours)
    } else {
        None
    }
}

/// The clock of `zone` over grid minutes `from`–`to` of the host day starting at `midnight`.
fn clock(
    zone: &Zone,
    label: &str,
    is_host: bool,
    host: &Zone,
    midnight: DateTime,
    (from, to): (i32, i32),
    words: &Localizer,
) -> Clock {
    let tz = zone.tz();
    let local_at = |minute: i32| -> (Timestamp, DateTime) {
        let ts = instant_lenient(host, at_minute(midnight, minute));
        (ts, tz.to_datetime(ts))
    };
    let mut stretches: Vec<Stretch> = Vec::new();
    let mut marks = Vec::new();
    let mut open: Option<(i32, Shade, Time)> = None;
    let mut minute = from;
    loop {
        let (_, local) = local_at(minute);
        let shade = if minute < to {
            shade_of(local.time())
        } else {
            None
        };
        if minute < to && local.minute() == 0 {
            marks.push((minute, words.time(local.time())));
        }
        match open {
            Some((start, open_shade, start_local)) if Some(open_shade) != shade => {
                stretches.push(Stretch {
                    from: start,
                    to: minute,
                    shade: open_shade,
                    local: TimeRangeLabel::new(
                        &words.time(start_local),
                        &words.time(local.time()),
                        None,
                        None,
                        None,
                    )
                    .range,
                });
                open = shade.map(|s| (minute, s, local.time()));
            }
            None => open = shade.map(|s| (minute, s, local.time())),
            Some(_) => {}
        }
        if minute >= to {
            break;
        }
        minute += STEP;
    }
    Clock {
        label: label.to_owned(),
        zone: zone.name().to_owned(),
        offset: offset_label(tz.to_offset(local_at(from).0)),
        host: is_host,
        stretches,
        marks,
    }
}

/// The zones `session` shows where its time falls outside the hours that suit people there.
fn off_hours(
    programme: &Programme,
    session: &Session,
    start: DateTime,
    end: DateTime,
    words: &Localizer,
) -> Vec<OffHours> {
    let host = &programme.event.host_zone;
    let (from, to) = (instant_lenient(host, start), instant_lenient(host, end));
    let times = preview_times(programme, start, end, words).unwrap_or_default();
    let outside = |zone: &Zone, (open, close): (Time, Time)| {
        let (local_start, local_end) = (zone.tz().to_datetime(from), zone.tz().to_datetime(to));
        let day = local_start.date();
        local_start < day.to_datetime(open) || local_end > day.to_datetime(close)
    };
    programme
        .zones_shown(session)
        .into_iter()
        .filter(|z| outside(&z.zone, DEFAULT_HOURS))
        .map(|z| OffHours {
            label: z.label_in(words.lang(), &programme.event.source_language),
            range: times
                .iter()
                .find(|t| t.zone == z.zone.name())
                .map(|t| t.range_label.range.clone())
                .unwrap_or_default(),
            night: outside(&z.zone, (NIGHT.1, NIGHT.0)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckOptions, Language, load};
    use jiff::civil::date;

    fn izmir() -> Programme {
        let source = include_str!("../../../examples/izmir-2021.toml");
        load(source, &CheckOptions::default()).programme.unwrap()
    }

    fn french() -> Localizer {
        Localizer::new(&Language::parse("fr").unwrap())
    }

    #[test]
    fn the_first_day_shows_07_00_to_22_00_in_izmir_with_its_two_venues() {
        let grid = DayGrid::build(&izmir(), date(2021, 12, 7), &french());
        assert_eq!((grid.from, grid.to), (7 * 60, 22 * 60));
        let venues: Vec<&str> = grid.venues.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(venues, ["En ligne", "Izmir"]);
        let blocks: Vec<(&str, i32, i32, &str)> = grid
            .blocks
            .iter()
            .map(|b| (b.id.as_str(), b.from, b.to, b.range.as_str()))
            .collect();
        assert_eq!(
            blocks,
            [
                ("mayors-dialogue", 960, 1050, "16:00–17:30"),
                ("interactive-dialogue", 1065, 1140, "17:45–19:00"),
            ]
        );
        assert_eq!(grid.blocks[0].starts_at, "2021-12-07T13:00:00Z");
        assert_eq!(grid.blocks[0].zones, [0, 1, 2]);
    }

    #[test]
    fn montreal_is_night_until_15_00_in_izmir_and_off_hours_until_16_00() {
        let grid = DayGrid::build(&izmir(), date(2021, 12, 7), &french());
        let montreal = &grid.clocks[2];
        assert_eq!(
            (montreal.label.as_str(), montreal.offset.as_str()),
            ("Montréal", "UTC-5")
        );
        let stretches: Vec<(i32, i32, Shade, &str)> = montreal
            .stretches
            .iter()
            .map(|s| (s.from, s.to, s.shade, s.local.as_str()))
            .collect();
        assert_eq!(
            stretches,
            [
                (7 * 60, 15 * 60, Shade::Night, "23:00–07:00"),
                (15 * 60, 16 * 60, Shade::OffHours, "07:00–08:00"),
            ]
        );
        assert_eq!(montreal.marks[0], (7 * 60, "23:00".to_owned()));
        assert_eq!(montreal.marks[1], (8 * 60, "00:00".to_owned()));
        let izmir = &grid.clocks[0];
        assert!(izmir.host);
        assert_eq!(
            izmir
                .stretches
                .iter()
                .map(|s| (s.from, s.to, s.shade))
                .collect::<Vec<_>>(),
            [
                (7 * 60, 8 * 60, Shade::OffHours),
                (21 * 60, 22 * 60, Shade::OffHours)
            ]
        );
    }

    #[test]
    fn a_session_early_in_montreal_says_so_and_one_on_another_in_its_venue_too() {
        let mut programme = izmir();
        let moved = programme
            .sessions
            .iter_mut()
            .find(|s| s.id.as_str() == "interactive-dialogue")
            .unwrap();
        moved.schedule = Schedule::Timed {
            start: date(2021, 12, 7).at(14, 30, 0, 0),
            end: date(2021, 12, 7).at(16, 30, 0, 0),
        };
        let grid = DayGrid::build(&programme, date(2021, 12, 7), &french());
        let early = &grid.blocks[0];
        assert_eq!(early.id.as_str(), "interactive-dialogue");
        assert_eq!(
            early.off_hours,
            [OffHours {
                label: "Montréal".into(),
                range: "06:30–08:30".into(),
                night: true,
            }]
        );
        assert_eq!(early.overlaps.len(), 1);
        assert!(grid.blocks[1].overlaps[0].starts_with("Dialogue interactif"));
        assert!(grid.blocks[1].off_hours.is_empty());
    }

    #[test]
    fn an_on_site_session_shows_the_host_zone_only_and_one_to_be_timed_waits_below() {
        let mut programme = izmir();
        let plenary = programme
            .sessions
            .iter_mut()
            .find(|s| s.id.as_str() == "human-rights-plenary")
            .unwrap();
        plenary.schedule = Schedule::Timed {
            start: date(2021, 12, 10).at(10, 0, 0, 0),
            end: date(2021, 12, 10).at(12, 0, 0, 0),
        };
        let grid = DayGrid::build(&programme, date(2021, 12, 10), &french());
        let blocks: Vec<(&str, usize, &[usize])> = grid
            .blocks
            .iter()
            .map(|b| (b.id.as_str(), b.venue, b.zones.as_slice()))
            .collect();
        assert_eq!(blocks, [("human-rights-plenary", 1, &[0][..])]);
        let pending: Vec<&str> = grid.pending.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(pending, ["closing-panel"]);
    }
}
