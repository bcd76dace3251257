//! The slot finder: start times at which a session of a given length falls inside every zone's
//! acceptable hours, best first; and the options as a table for people, in their language.

mod text;

use std::fmt;

use jiff::civil::{Date, Time};
use jiff::{SignedDuration, Timestamp};
use serde::{Serialize, Serializer};

pub use text::options_text;

use crate::Zone;
use crate::zone::offset_label;

/// The local hours that suit people when nothing else is said: a session should fall between 08:00
/// and 21:00 in every zone (`convene slots --hours`, the suggestions of the session form and the
/// off-hours of the organisers' timetable).
pub const DEFAULT_HOURS: (Time, Time) = (Time::constant(8, 0, 0, 0), Time::constant(21, 0, 0, 0));

/// A zone taking part, with the local hours its people accept.
#[derive(Clone, Debug)]
pub struct SlotZone {
    pub zone: Zone,
    /// The name its people know it by, in the reader's language ("Montréal").
    pub label: String,
    /// Local hours in which the whole session must fall, e.g. 08:00–21:00.
    pub hours: (Time, Time),
}

/// What to look for.
#[derive(Clone, Debug)]
pub struct SlotQuery {
    /// The zones; dates are days in the first one.
    pub zones: Vec<SlotZone>,
    /// First and last day (inclusive), in the first zone.
    pub from: Date,
    pub to: Date,
    pub duration: SignedDuration,
    /// Candidate start times are this far apart (15 minutes by default).
    pub step: SignedDuration,
}

/// A session's time in one zone for an option.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SlotTime {
    pub zone: String,
    pub label: String,
    /// Local start and end, written `HH:MM` in JSON.
    #[serde(serialize_with = "hours_minutes")]
    pub start: Time,
    #[serde(serialize_with = "hours_minutes")]
    pub end: Time,
    /// "UTC+3".
    pub offset: String,
    /// Days between the first zone's date and this zone's local date (−1, 0, +1).
    pub day_shift: i32,
}

fn hours_minutes<S: Serializer>(time: &Time, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&time.strftime("%H:%M"))
}

/// One start time that suits every zone, on a run of consecutive days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SlotOption {
    /// The first and last day (in the first zone) on which these local times hold.
    pub first_date: Date,
    pub last_date: Date,
    pub days: usize,
    /// The first start, as an RFC 3339 instant.
    pub first_start: String,
    /// How far the session stays from the nearest edge of anyone's acceptable hours.
    pub margin_minutes: i64,
    pub times: Vec<SlotTime>,
}

/// Why nothing suits every zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoSlot {
    /// The query itself cannot be answered.
    Invalid(String),
    /// `zone` rules every time out, once the zones before it are in.
    RuledOut {
        zone: String,
        /// The zone's acceptable hours.
        hours: (Time, Time),
        /// A zone it cannot share the duration with at all, when there is one.
        conflicts_with: Option<String>,
        others: Vec<String>,
        duration_minutes: i64,
    },
}

impl fmt::Display for NoSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoSlot::Invalid(why) => f.write_str(why),
            NoSlot::RuledOut {
                zone,
                hours,
                conflicts_with,
                others,
                duration_minutes,
            } => {
                write!(
                    f,
                    "no {duration_minutes}-minute slot suits every zone: {zone}, whose hours are {}–{}",
                    hours.0.strftime("%H:%M"),
                    hours.1.strftime("%H:%M")
                )?;
                match conflicts_with {
                    Some(other) => {
                        write!(f, ", never shares {duration_minutes} minutes with {other}")
                    }
                    None => write!(f, ", rules out every time that suits {}", join_and(others)),
                }?;
                f.write_str("; widen its hours, shorten the session, or split it")
            }
        }
    }
}

fn join_and(names: &[String]) -> String {
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

impl std::error::Error for NoSlot {}

/// Every start time that suits every zone, best (largest margin) first, then earliest.
pub fn find_slots(query: &SlotQuery) -> Result<Vec<SlotOption>, NoSlot> {
    validate(query)?;
    let mut options: Vec<SlotOption> = Vec::new();
    let mut open: Vec<(Vec<SlotTime>, usize)> = Vec::new();
    let mut date = query.from;
    while date <= query.to {
        let found = day_slots(&query.zones, date, query.duration, query.step);
        let mut next_open = Vec::new();
        for (start, margin, times) in found {
            // Extend the run of yesterday's option with the same local times, if any.
            if let Some(&(_, index)) = open.iter().find(|(t, _)| *t == times) {
                let option = &mut options[index];
                option.last_date = date;
                option.days += 1;
                option.margin_minutes = option.margin_minutes.min(margin);
                next_open.push((times, index));
            } else {
                options.push(SlotOption {
                    first_date: date,
                    last_date: date,
                    days: 1,
                    first_start: start.to_string(),
                    margin_minutes: margin,
                    times: times.clone(),
                });
                next_open.push((times, options.len() - 1));
            }
        }
        open = next_open;
        date = match date.tomorrow() {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    if options.is_empty() {
        return Err(explain(query));
    }
    options.sort_by(|a, b| {
        b.margin_minutes
            .cmp(&a.margin_minutes)
            .then(a.first_date.cmp(&b.first_date))
            .then(a.first_start.cmp(&b.first_start))
    });
    Ok(options)
}

fn validate(query: &SlotQuery) -> Result<(), NoSlot> {
    if query.zones.is_empty() {
        return Err(NoSlot::Invalid("give at least one zone".into()));
    }
    if query.from > query.to {
        return Err(NoSlot::Invalid(format!(
            "the range ends ({}) before it starts ({})",
            query.to, query.from
        )));
    }
    if (query.to - query.from).get_days() > 366 {
        return Err(NoSlot::Invalid("give a range of at most a year".into()));
    }
    if query.duration <= SignedDuration::ZERO || query.duration > SignedDuration::from_hours(24) {
        return Err(NoSlot::Invalid(
            "the duration must be more than 0 and at most 24 hours".into(),
        ));
    }
    if query.step < SignedDuration::from_mins(1) {
        return Err(NoSlot::Invalid(
            "the step must be at least one minute".into(),
        ));
    }
    for z in &query.zones {
        if z.hours.0 >= z.hours.1 {
            return Err(NoSlot::Invalid(format!(
                "the hours of {} end before they start",
                z.zone
            )));
        }
    }
    Ok(())
}

/// The candidate starts of one day (in the first zone) that fit every zone, with margins and times.
fn day_slots(
    zones: &[SlotZone],
    date: Date,
    duration: SignedDuration,
    step: SignedDuration,
) -> Vec<(Timestamp, i64, Vec<SlotTime>)> {
    let reference = zones[0].zone.tz();
    let Ok(mut start) = reference
        .to_ambiguous_timestamp(date.at(0, 0, 0, 0))
        .compatible()
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    while reference.to_datetime(start).date() == date {
        let end = start.saturating_add(duration).unwrap_or(start);
        if let Some(margin) = margin(zones, start, end) {
            let times = zones
                .iter()
                .map(|z| slot_time(z, start, end, date))
                .collect();
            found.push((start, margin, times));
        }
        start = match start.checked_add(step) {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    found
}

/// The smallest distance, in minutes, from the session to the edge of any zone's hours; `None`
/// if it falls outside one of them.
fn margin(zones: &[SlotZone], start: Timestamp, end: Timestamp) -> Option<i64> {
    zones
        .iter()
        .map(|z| zone_margin(&z.zone, z.hours, start, end))
        .try_fold(i64::MAX, |acc, m| m.map(|m| acc.min(m)))
}

fn zone_margin(
    zone: &Zone,
    (from, to): (Time, Time),
    start: Timestamp,
    end: Timestamp,
) -> Option<i64> {
    let tz = zone.tz();
    let (local_start, local_end) = (tz.to_datetime(start), tz.to_datetime(end));
    let day = local_start.date();
    let (open, close) = (day.to_datetime(from), day.to_datetime(to));
    if local_start < open || local_end > close {
        return None;
    }
    let before = local_start.duration_since(open).as_mins();
    let after = close.duration_since(local_end).as_mins();
    Some(before.min(after))
}

fn slot_time(zone: &SlotZone, start: Timestamp, end: Timestamp, date: Date) -> SlotTime {
    let tz = zone.zone.tz();
    let local_start = tz.to_datetime(start);
    SlotTime {
        zone: zone.zone.name().to_owned(),
        label: zone.label.clone(),
        start: local_start.time(),
        end: tz.to_datetime(end).time(),
        offset: offset_label(tz.to_offset(start)),
        day_shift: (local_start.date() - date).get_days(),
    }
}

fn any_slot(zones: &[SlotZone], query: &SlotQuery) -> bool {
    let mut date = query.from;
    while date <= query.to {
        if !day_slots(zones, date, query.duration, query.step).is_empty() {
            return true;
        }
        date = match date.tomorrow() {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    false
}

/// Names the zone that rules every time out: the first whose addition leaves nothing.
fn explain(query: &SlotQuery) -> NoSlot {
    let zones = &query.zones;
    let name = |z: &SlotZone| {
        if z.label == z.zone.name() {
            z.label.clone()
        } else {
            format!("{} ({})", z.label, z.zone)
        }
    };
    let culprit = (0..zones.len())
        .find(|&k| !any_slot(&zones[..=k], query))
        .unwrap_or(zones.len() - 1);
    let zone = &zones[culprit];
    // A zone whose hours never meet the culprit's, if one does not.
    let conflicts_with = zones[..culprit]
        .iter()
        .find(|other| {
            let pair = [zone.clone(), (*other).clone()];
            !any_slot(&pair, query)
        })
        .map(name);
    NoSlot::RuledOut {
        zone: name(zone),
        hours: zone.hours,
        conflicts_with,
        others: zones[..culprit].iter().map(name).collect(),
        duration_minutes: query.duration.as_mins(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn zone(name: &str, label: &str, hours: (Time, Time)) -> SlotZone {
        SlotZone {
            zone: Zone::parse(name).unwrap(),
            label: label.into(),
            hours,
        }
    }

    /// A local time as the tests write it: "16:00".
    fn hm(time: Time) -> String {
        time.strftime("%H:%M").to_string()
    }

    fn day() -> (Time, Time) {
        (time(8, 0, 0, 0), time(21, 0, 0, 0))
    }

    fn izmir_query() -> SlotQuery {
        SlotQuery {
            zones: vec![
                zone("Europe/Istanbul", "Izmir", day()),
                zone("Europe/Paris", "Paris", day()),
                zone("America/Toronto", "Montréal", day()),
            ],
            from: date(2021, 12, 1),
            to: date(2021, 12, 31),
            duration: SignedDuration::from_mins(90),
            step: SignedDuration::from_mins(15),
        }
    }

    #[test]
    fn the_izmir_summit_can_start_at_16_00_in_izmir() {
        let options = find_slots(&izmir_query()).unwrap();
        let starts: Vec<String> = options.iter().map(|o| hm(o.times[0].start)).collect();
        assert!(starts.contains(&"16:00".to_owned()), "{starts:?}");
        let at_16 = options
            .iter()
            .find(|o| o.times[0].start == time(16, 0, 0, 0))
            .unwrap();
        let local: Vec<(&str, String)> = at_16
            .times
            .iter()
            .map(|t| (t.label.as_str(), hm(t.start)))
            .collect();
        assert_eq!(
            local,
            [
                ("Izmir", "16:00".to_owned()),
                ("Paris", "14:00".to_owned()),
                ("Montréal", "08:00".to_owned())
            ]
        );
        assert_eq!(
            (at_16.first_date, at_16.last_date, at_16.days),
            (date(2021, 12, 1), date(2021, 12, 31), 31)
        );
    }

    #[test]
    fn options_run_from_16_00_to_19_30_in_izmir_best_in_the_middle() {
        let options = find_slots(&izmir_query()).unwrap();
        let mut starts: Vec<String> = options.iter().map(|o| hm(o.times[0].start)).collect();
        assert_eq!(starts[0], "17:45");
        assert_eq!(options[0].margin_minutes, 105);
        starts.sort();
        assert_eq!(starts.first().map(String::as_str), Some("16:00"));
        assert_eq!(starts.last().map(String::as_str), Some("19:30"));
        assert_eq!(starts.len(), 15);
    }

    #[test]
    fn a_daylight_saving_change_splits_the_runs() {
        let mut query = izmir_query();
        query.from = date(2022, 3, 1);
        query.to = date(2022, 3, 31);
        let options = find_slots(&query).unwrap();
        let mut at_16: Vec<(Date, Date, String, String)> = options
            .iter()
            .filter(|o| o.times[0].start == time(16, 0, 0, 0))
            .map(|o| {
                (
                    o.first_date,
                    o.last_date,
                    hm(o.times[1].start),
                    hm(o.times[2].start),
                )
            })
            .collect();
        at_16.sort();
        // Toronto moves to UTC-4 on 13 March, Paris to UTC+2 on 27 March.
        assert_eq!(
            at_16,
            [
                (
                    date(2022, 3, 1),
                    date(2022, 3, 12),
                    "14:00".into(),
                    "08:00".into()
                ),
                (
                    date(2022, 3, 13),
                    date(2022, 3, 26),
                    "14:00".into(),
                    "09:00".into()
                ),
                (
                    date(2022, 3, 27),
                    date(2022, 3, 31),
                    "15:00".into(),
                    "09:00".into()
                ),
            ]
        );
    }

    #[test]
    fn when_nothing_fits_the_zone_that_rules_it_out_is_named() {
        let mut query = izmir_query();
        query.zones.push(zone("Asia/Tokyo", "Tokyo", day()));
        let err = find_slots(&query).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no 90-minute slot suits every zone: Tokyo (Asia/Tokyo), whose hours are 08:00–21:00, rules out every time that suits Izmir (Europe/Istanbul), Paris (Europe/Paris) and Montréal (America/Toronto); widen its hours, shorten the session, or split it"
        );
    }

    #[test]
    fn two_zones_that_never_meet_are_both_named() {
        let mut query = izmir_query();
        query.zones = vec![
            zone("Europe/Paris", "Paris", day()),
            zone("Pacific/Auckland", "Auckland", day()),
        ];
        let err = find_slots(&query).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no 90-minute slot suits every zone: Auckland (Pacific/Auckland), whose hours are 08:00–21:00, never shares 90 minutes with Paris (Europe/Paris); widen its hours, shorten the session, or split it"
        );
    }
}
