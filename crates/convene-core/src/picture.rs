//! A picture of one day: for every display zone a 24-hour band with its night shaded, and the day's
//! sessions placed on it, so that "08:00 in Montréal" is seen to be early morning there.
//!
//! Positions are hours from the start of the event's day in the host zone: the same instant is at the
//! same place on every band.

use jiff::Timestamp;
use jiff::civil::Time;
use serde::Serialize;

use crate::time::instant_lenient;
use crate::view::DayView;
use crate::zone::offset_label;
use crate::{Language, Programme, Zone};

/// Local hours counted as night on the bands.
pub const NIGHT: (Time, Time) = (Time::constant(22, 0, 0, 0), Time::constant(7, 0, 0, 0));

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DayPicture {
    /// Length of the host day in hours (23 or 25 on a daylight-saving change).
    pub hours: f64,
    pub bands: Vec<Band>,
    pub sessions: Vec<Placed>,
}

/// One zone's band.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Band {
    pub label: String,
    pub zone: String,
    pub offset: String,
    /// Night stretches, as (from, to) hours on the picture.
    pub nights: Vec<(f64, f64)>,
    /// Local hour marks (00, 06, 12, 18) and where they fall.
    pub marks: Vec<(f64, String)>,
}

/// A session on the picture.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Placed {
    pub id: String,
    pub title: String,
    pub from: f64,
    pub to: f64,
}

impl DayPicture {
    /// The picture of one day of the view, with the programme's display zones.
    pub fn build(programme: &Programme, lang: &Language, day: &DayView) -> Self {
        let host = &programme.event.host_zone;
        let start = instant_lenient(host, day.date.to_datetime(Time::midnight()));
        let end = day
            .date
            .tomorrow()
            .map(|next| instant_lenient(host, next.to_datetime(Time::midnight())))
            .unwrap_or(start);
        let hours = end.duration_since(start).as_secs_f64() / 3600.0;
        let at =
            |ts: Timestamp| (ts.duration_since(start).as_secs_f64() / 3600.0).clamp(0.0, hours);
        let bands = programme
            .zones
            .iter()
            .map(|z| {
                let label = z.label_in(lang, &programme.event.source_language);
                band(&z.zone, &label, start, end, &at)
            })
            .collect();
        let sessions = day
            .sessions
            .iter()
            .filter_map(|s| {
                let from: Timestamp = s.starts_at.as_deref()?.parse().ok()?;
                let to: Timestamp = s.ends_at.as_deref()?.parse().ok()?;
                Some(Placed {
                    id: s.id.to_string(),
                    title: s.title.text.clone(),
                    from: at(from),
                    to: at(to),
                })
            })
            .collect();
        Self {
            hours,
            bands,
            sessions,
        }
    }
}

fn band(
    zone: &Zone,
    label: &str,
    start: Timestamp,
    end: Timestamp,
    at: &dyn Fn(Timestamp) -> f64,
) -> Band {
    let tz = zone.tz();
    let step = jiff::SignedDuration::from_mins(15);
    let is_night = |ts: Timestamp| {
        let local = tz.to_datetime(ts).time();
        local >= NIGHT.0 || local < NIGHT.1
    };
    let mut nights = Vec::new();
    let mut marks = Vec::new();
    let mut open: Option<Timestamp> = None;
    let mut ts = start;
    while ts < end {
        let local = tz.to_datetime(ts).time();
        if local.minute() == 0 && local.hour() % 6 == 0 {
            marks.push((at(ts), format!("{:02}", local.hour())));
        }
        match (is_night(ts), open) {
            (true, None) => open = Some(ts),
            (false, Some(from)) => {
                nights.push((at(from), at(ts)));
                open = None;
            }
            _ => {}
        }
        ts = match ts.checked_add(step) {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    if let Some(from) = open {
        nights.push((at(from), at(end)));
    }
    Band {
        label: label.to_owned(),
        zone: zone.name().to_owned(),
        offset: offset_label(tz.to_offset(start)),
        nights,
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Localizer;
    use crate::{CheckOptions, Language, ProgrammeView, ViewOptions, load};

    #[test]
    fn montreal_is_dark_until_a_session_at_08_00_there_begins() {
        let source = include_str!("../../../examples/izmir-2021.toml");
        let programme = load(source, &CheckOptions::default()).programme.unwrap();
        let words = Localizer::new(&Language::parse("fr").unwrap());
        let view = ProgrammeView::build(&programme, &words, &ViewOptions { reader_zone: None });
        let picture = DayPicture::build(&programme, &Language::parse("fr").unwrap(), &view.days[0]);
        assert_eq!(picture.hours, 24.0);
        let montreal = &picture.bands[2];
        assert_eq!(montreal.label, "Montréal");
        // Midnight in Izmir is 16:00 the day before in Montréal; night there runs 22:00–07:00, that is
        // 06:00–15:00 Izmir time.
        assert_eq!(montreal.nights, vec![(6.0, 15.0)]);
        assert_eq!(montreal.marks[0], (2.0, "18".to_owned()));
        let first = &picture.sessions[0];
        assert_eq!((first.from, first.to), (16.0, 17.5));
        let izmir = &picture.bands[0];
        assert_eq!(izmir.nights, vec![(0.0, 7.0), (22.0, 24.0)]);
    }
}
