//! Civil times in the host zone, turned into instants — or refused when a daylight-saving change makes
//! them non-existent or ambiguous.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::AmbiguousOffset;

use crate::Zone;
use crate::zone::offset_label;

/// A local time that a daylight-saving change makes unusable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalTimeProblem {
    /// Clocks jump over this time: it never happens.
    Gap {
        zone: String,
        time: DateTime,
        /// The last local time before the jump and the first after it.
        jump_from: DateTime,
        jump_to: DateTime,
        before: String,
        after: String,
    },
    /// Clocks go back over this time: it happens twice.
    Fold {
        zone: String,
        time: DateTime,
        before: String,
        after: String,
    },
}

impl fmt::Display for LocalTimeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalTimeProblem::Gap {
                zone,
                time,
                jump_from,
                jump_to,
                before,
                after,
            } => write!(
                f,
                "{} does not exist in {zone}: clocks go forward from {} to {} ({before} to {after})",
                time.strftime("%Y-%m-%d %H:%M"),
                jump_from.strftime("%H:%M"),
                jump_to.strftime("%H:%M"),
            ),
            LocalTimeProblem::Fold {
                zone,
                time,
                before,
                after,
            } => write!(
                f,
                "{} happens twice in {zone}: once at {before}, once at {after}",
                time.strftime("%Y-%m-%d %H:%M"),
            ),
        }
    }
}

impl std::error::Error for LocalTimeProblem {}

impl LocalTimeProblem {
    /// The values the message quotes, by name, as it writes them: `time`, `zone`, `offset-before`,
    /// `offset-after`, and for a gap `jump-from` and `jump-to`.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let minute = |t: &DateTime| t.strftime("%Y-%m-%d %H:%M").to_string();
        let clock = |t: &DateTime| t.strftime("%H:%M").to_string();
        match self {
            LocalTimeProblem::Gap {
                zone,
                time,
                jump_from,
                jump_to,
                before,
                after,
            } => vec![
                ("time", minute(time)),
                ("zone", zone.clone()),
                ("jump-from", clock(jump_from)),
                ("jump-to", clock(jump_to)),
                ("offset-before", before.clone()),
                ("offset-after", after.clone()),
            ],
            LocalTimeProblem::Fold {
                zone,
                time,
                before,
                after,
            } => vec![
                ("time", minute(time)),
                ("zone", zone.clone()),
                ("offset-before", before.clone()),
                ("offset-after", after.clone()),
            ],
        }
    }
}

/// The instant a host-zone civil time names, if it names exactly one.
pub fn instant(zone: &Zone, time: DateTime) -> Result<Timestamp, LocalTimeProblem> {
    let ambiguous = zone.tz().to_ambiguous_timestamp(time);
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { offset } => Ok(offset
            .to_timestamp(time)
            .unwrap_or_else(|_| ambiguous.compatible().unwrap_or(Timestamp::UNIX_EPOCH))),
        AmbiguousOffset::Gap { before, after } => {
            let gap = after.seconds() - before.seconds();
            let jump_at = before
                .to_timestamp(time)
                .ok()
                .and_then(|ts| zone.tz().preceding(ts).next())
                .map(|t| t.timestamp())
                .unwrap_or(Timestamp::UNIX_EPOCH);
            let jump_from = before.to_datetime(jump_at);
            let jump_to = jump_from
                .checked_add(jiff::SignedDuration::from_secs(i64::from(gap)))
                .unwrap_or(jump_from);
            Err(LocalTimeProblem::Gap {
                zone: zone.name().to_owned(),
                time,
                jump_from,
                jump_to,
                before: offset_label(before),
                after: offset_label(after),
            })
        }
        AmbiguousOffset::Fold { before, after } => Err(LocalTimeProblem::Fold {
            zone: zone.name().to_owned(),
            time,
            before: offset_label(before),
            after: offset_label(after),
        }),
    }
}

/// The instant of a civil time, never failing: a gap moves forward, a fold takes the earlier one.
/// For views of programmes that `check` has already refused; never used to accept a time.
pub fn instant_lenient(zone: &Zone, time: DateTime) -> Timestamp {
    zone.tz()
        .to_ambiguous_timestamp(time)
        .compatible()
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn paris() -> Zone {
        Zone::parse("Europe/Paris").unwrap()
    }

    #[test]
    fn an_ordinary_time_is_one_instant() {
        let ts = instant(&paris(), date(2021, 12, 7).at(14, 0, 0, 0)).unwrap();
        assert_eq!(ts.to_string(), "2021-12-07T13:00:00Z");
    }

    #[test]
    fn a_time_in_the_spring_gap_does_not_exist() {
        let err = instant(&paris(), date(2022, 3, 27).at(2, 30, 0, 0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2022-03-27 02:30 does not exist in Europe/Paris: clocks go forward from 02:00 to 03:00 (UTC+1 to UTC+2)"
        );
    }

    #[test]
    fn a_time_in_the_autumn_fold_happens_twice() {
        let err = instant(&paris(), date(2022, 10, 30).at(2, 30, 0, 0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2022-10-30 02:30 happens twice in Europe/Paris: once at UTC+2, once at UTC+1"
        );
    }
}
