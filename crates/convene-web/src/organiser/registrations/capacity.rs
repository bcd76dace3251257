//! The capacity dashboard: per target, the seats confirmed and offered and the waiting list as a
//! stacked bar against the capacity line, drawn as SVG on the server (no script), with the
//! figures beside it and in words for screen readers.

use convene_core::Programme;
use convene_core::locale::Localizer;
use convene_core::registration::{State, Target};
use convene_store::{StateCount, TargetSeats};

use super::list::target_label;

/// The drawing's width in its own units; the bar takes [`BAR`] of it.
pub const WIDTH: u32 = 360;
const BAR: u32 = 300;
const LEFT: u32 = 4;

/// One part of the bar.
pub struct Segment {
    pub x: u32,
    pub width: u32,
    pub value: u32,
    pub fill: &'static str,
    /// Where its figure is written, or `None` when the part is too narrow for it.
    pub text_x: Option<u32>,
}

/// One target's line of the dashboard.
pub struct Capacity {
    pub key: String,
    pub target: String,
    pub confirmed: u32,
    pub offered: u32,
    pub waiting: u32,
    pub pending: u32,
    /// The figures in words: "Mayors’ dialogue: 3 confirmed, 1 offered, 2 waiting, 4 seats".
    pub label: String,
    /// "4 seats" or "Unlimited seats".
    pub seats: String,
    pub segments: Vec<Segment>,
    /// Where the capacity line is drawn, when there is one.
    pub capacity_x: Option<u32>,
}

/// The dashboard's lines: every target of the programme, then any other that has registrations
/// (a session removed since).
pub fn dashboard(
    programme: &Programme,
    seats: &[TargetSeats],
    counts: &[StateCount],
    words: &Localizer,
) -> Vec<Capacity> {
    let mut targets = Target::all(programme);
    for c in counts {
        if !targets.contains(&c.target) {
            targets.push(c.target.clone());
        }
    }
    targets
        .into_iter()
        .map(|target| {
            let of = |state: State| {
                counts
                    .iter()
                    .filter(|c| c.target == target && c.state == state)
                    .map(|c| c.count)
                    .sum::<u32>()
            };
            let capacity = seats
                .iter()
                .find(|s| s.setting.target == target)
                .and_then(|s| s.setting.capacity);
            let name = target_label(programme, &target, words);
            line(
                target.key(),
                name,
                [
                    of(State::Confirmed),
                    of(State::Offered),
                    of(State::Waiting),
                    of(State::Pending),
                ],
                capacity,
                words,
            )
        })
        .collect()
}

fn line(
    key: String,
    target: String,
    [confirmed, offered, waiting, pending]: [u32; 4],
    capacity: Option<u32>,
    words: &Localizer,
) -> Capacity {
    let seats = match capacity {
        Some(n) => words.message_with("org-reg-seats", &[("count", n.into())]),
        None => words.message("org-reg-unlimited"),
    };
    let label = words.message_with(
        "org-reg-chart-label",
        &[
            ("target", target.clone().into()),
            ("confirmed", confirmed.into()),
            ("offered", offered.into()),
            ("waiting", waiting.into()),
            ("pending", pending.into()),
            ("seats", seats.clone().into()),
        ],
    );
    let total = u64::from(confirmed) + u64::from(offered) + u64::from(waiting);
    let scale = total.max(capacity.map_or(0, u64::from)).max(1);
    let width_of = |n: u64| u32::try_from(n * u64::from(BAR) / scale).unwrap_or(BAR);
    let mut segments = Vec::new();
    let mut at = 0u64;
    for (value, fill) in [
        (confirmed, "#2e7d32"),
        (offered, "#f9a825"),
        (waiting, "#1565c0"),
    ] {
        if value == 0 {
            continue;
        }
        let x = LEFT + width_of(at);
        at += u64::from(value);
        let width = (LEFT + width_of(at)).saturating_sub(x).max(1);
        let digits = value.to_string().len() as u32;
        segments.push(Segment {
            x,
            width,
            value,
            fill,
            text_x: (width >= 8 * digits + 4).then_some(x + width / 2),
        });
    }
    Capacity {
        key,
        target,
        confirmed,
        offered,
        waiting,
        pending,
        label,
        seats,
        segments,
        capacity_x: capacity.map(|n| LEFT + width_of(u64::from(n))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_stacks_seats_and_the_waiting_list_against_the_capacity_line() {
        let locales = crate::i18n::Locales::new();
        let words = locales.get("en");
        let full = line(
            "session:x".into(),
            "Dialogue".into(),
            [3, 1, 2, 0],
            Some(4),
            words,
        );
        let parts: Vec<(u32, u32, u32)> = full
            .segments
            .iter()
            .map(|s| (s.x, s.width, s.value))
            .collect();
        assert_eq!(parts, [(4, 150, 3), (154, 50, 1), (204, 100, 2)]);
        assert_eq!(full.capacity_x, Some(204));
        assert_eq!(
            full.label,
            "Dialogue: 3 confirmed, 1 offered, 2 waiting, 0 awaiting approval; 4 seats"
        );

        let empty = line("day:2031-12-10".into(), "Day".into(), [0; 4], None, words);
        assert!(empty.segments.is_empty());
        assert_eq!(empty.capacity_x, None);
        assert_eq!(empty.seats, "Unlimited seats");
    }
}
