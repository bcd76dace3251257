//! `convene slots`: start times that suit every zone's clock, best first.

use std::path::PathBuf;
use std::process::ExitCode;

use convene_core::locale::Localizer;
use convene_core::slot::{NoSlot, SlotOption, SlotQuery, SlotZone, find_slots, options_text};
use convene_core::{CheckOptions, Language, Zone};
use jiff::SignedDuration;
use jiff::civil::{Date, Time};

use super::{ERRORS, UNUSABLE, parse_hours, read_programme, stderr_is_terminal, write_output};

#[derive(clap::Args)]
pub struct Args {
    /// The zones, comma-separated IANA names, each with an optional label: Europe/Istanbul=Izmir,America/Toronto=Montréal.
    #[arg(long, value_delimiter = ',', required_unless_present = "programme")]
    pub zones: Vec<String>,
    /// Take the zones (and, unless given, the dates) from a programme file's display zones and days.
    #[arg(long, value_name = "FILE", conflicts_with = "zones")]
    pub programme: Option<PathBuf>,
    /// First day, YYYY-MM-DD, in the first zone.
    #[arg(long, value_parser = parse_date)]
    pub from: Option<Date>,
    /// Last day (inclusive).
    #[arg(long, value_parser = parse_date)]
    pub to: Option<Date>,
    /// How long the session lasts: 90, 90m, 1h30m.
    #[arg(long, value_parser = parse_duration)]
    pub duration: SignedDuration,
    /// Acceptable local hours in every zone.
    #[arg(long, value_name = "HH:MM-HH:MM", default_value = "08:00-21:00", value_parser = parse_hours)]
    pub hours: (Time, Time),
    /// Other hours for one zone: America/Toronto=07:00-22:00 (repeatable).
    #[arg(long, value_name = "ZONE=HH:MM-HH:MM")]
    pub zone_hours: Vec<String>,
    /// Minutes between candidate start times.
    #[arg(long, default_value = "15", value_parser = clap::value_parser!(u16).range(1..=720))]
    pub step: u16,
    /// Show at most this many options.
    #[arg(long)]
    pub limit: Option<usize>,
    /// `text` for people, `json` for programs.
    #[arg(long, value_enum, default_value = "text")]
    pub format: super::check::ReportFormat,
    /// The language of the answer: fr, en or tr (default: the language of LC_ALL, LC_MESSAGES or
    /// LANG, else English).
    #[arg(long, value_parser = super::language::parse)]
    pub lang: Option<Language>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    jiff::fmt::strtime::parse("%Y-%m-%d", text)
        .and_then(|t| t.to_date())
        .map_err(|_| format!("\"{text}\" is not a date; write YYYY-MM-DD"))
}

fn parse_duration(text: &str) -> Result<SignedDuration, String> {
    let bad =
        || format!("\"{text}\" is not a duration; write minutes (90) or hours and minutes (1h30m)");
    if let Ok(minutes) = text.trim().parse::<i64>() {
        return Ok(SignedDuration::from_mins(minutes));
    }
    let text = if text.ends_with('h') || text.ends_with('m') {
        text.to_owned()
    } else {
        format!("{text}m")
    };
    text.parse::<SignedDuration>().map_err(|_| bad())
}

fn zone_arg(text: &str) -> Result<(Zone, String), String> {
    let (name, label) = match text.split_once('=') {
        Some((name, label)) => (name.trim(), label.trim().to_owned()),
        None => (text.trim(), text.trim().to_owned()),
    };
    let zone = Zone::parse(name).map_err(|e| e.to_string())?;
    Ok((zone, label))
}

pub fn run(args: Args) -> ExitCode {
    let words = super::language::words(args.lang.as_ref());
    match query(&args, &words) {
        Ok(query) => answer(&args, &query, &words),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(UNUSABLE)
        }
    }
}

fn query(args: &Args, words: &Localizer) -> Result<SlotQuery, String> {
    let (zones, days) = match &args.programme {
        Some(path) => {
            let file = read_programme(path, &CheckOptions::default()).map_err(|_| String::new())?;
            let Some(programme) = file.loaded.programme.as_ref() else {
                eprint!("{}", file.report(words, stderr_is_terminal()));
                return Err(format!("{} has errors", path.display()));
            };
            let source = &programme.event.source_language;
            let mut zones: Vec<(Zone, String)> = programme
                .zones
                .iter()
                .map(|z| (z.zone.clone(), z.label_in(words.lang(), source)))
                .collect();
            // Dates are the host's: put the host zone first.
            zones.sort_by_key(|(zone, _)| *zone != programme.event.host_zone);
            let days: Vec<Date> = programme.event.days.iter().map(|d| d.date).collect();
            (zones, days)
        }
        None => (
            args.zones
                .iter()
                .map(|z| zone_arg(z))
                .collect::<Result<_, _>>()?,
            Vec::new(),
        ),
    };
    let mut slot_zones: Vec<SlotZone> = zones
        .into_iter()
        .map(|(zone, label)| SlotZone {
            zone,
            label,
            hours: args.hours,
        })
        .collect();
    for item in &args.zone_hours {
        let (name, hours) = item
            .split_once('=')
            .ok_or_else(|| format!("\"{item}\": write ZONE=HH:MM-HH:MM"))?;
        let zone = Zone::parse(name.trim()).map_err(|e| e.to_string())?;
        let hours = parse_hours(hours)?;
        let target = slot_zones
            .iter_mut()
            .find(|z| z.zone == zone)
            .ok_or_else(|| format!("--zone-hours names {zone}, which is not one of the zones"))?;
        target.hours = hours;
    }
    let from = args.from.or_else(|| days.iter().min().copied());
    let to = args.to.or_else(|| days.iter().max().copied()).or(from);
    let (Some(from), Some(to)) = (from, to) else {
        return Err("give the days to search with --from (and --to)".into());
    };
    Ok(SlotQuery {
        zones: slot_zones,
        from,
        to,
        duration: args.duration,
        step: SignedDuration::from_mins(i64::from(args.step)),
    })
}

fn answer(args: &Args, query: &SlotQuery, words: &Localizer) -> ExitCode {
    match find_slots(query) {
        Ok(mut options) => {
            if let Some(limit) = args.limit {
                options.truncate(limit);
            }
            let document = match args.format {
                super::check::ReportFormat::Text => options_text(query, &options, words),
                super::check::ReportFormat::Json => json(query, &options),
            };
            write_output(None, &document)
        }
        Err(NoSlot::Invalid(why)) => {
            eprintln!("error: {why}");
            ExitCode::from(UNUSABLE)
        }
        Err(none) => {
            eprintln!("{}", none.localized(words));
            ExitCode::from(ERRORS)
        }
    }
}

fn json(query: &SlotQuery, options: &[SlotOption]) -> String {
    let value = serde_json::json!({
        "duration_minutes": query.duration.as_mins(),
        "from": query.from.to_string(),
        "to": query.to.to_string(),
        "options": options,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    )
}
