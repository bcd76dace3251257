//! The slot finder's answer for people, in their language: the options as a table, and why nothing
//! suits when nothing does. Times, dates and the "+1 day" mark are written as every document
//! writes them (see [`Localizer`] and [`TimeRangeLabel`]).

use fluent::FluentValue;
use jiff::civil::Time;

use super::{NoSlot, SlotOption, SlotQuery, SlotTime};
use crate::locale::Localizer;
use crate::view::TimeRangeLabel;

/// The options, best first, under a heading that says what was asked:
///
/// ```text
/// Start times for 90 minutes between Wednesday, December 1, 2021 and Friday, December 31, 2021, best first (…):
///
///   Izmir 5:45 PM – 7:15 PM (UTC+3) = Paris 3:45 PM – 5:15 PM (UTC+1) = Montréal 9:45 AM – 11:15 AM (UTC-5)
///     margin 105 min, every day from Wednesday, December 1, 2021 to Friday, December 31, 2021
/// ```
pub fn options_text(query: &SlotQuery, options: &[SlotOption], words: &Localizer) -> String {
    let mut out = words.message_with(
        "slots-heading",
        &[
            ("minutes", query.duration.as_mins().into()),
            ("from", words.long_date(query.from).into()),
            ("to", words.long_date(query.to).into()),
        ],
    );
    out.push_str("\n\n");
    for option in options {
        let times: Vec<String> = option.times.iter().map(|t| zone_time(t, words)).collect();
        let days = words.message_with(
            "slots-option",
            &[
                ("minutes", option.margin_minutes.into()),
                ("days", option.days.into()),
                ("from", words.long_date(option.first_date).into()),
                ("to", words.long_date(option.last_date).into()),
            ],
        );
        out.push_str(&format!("  {}\n    {days}\n", times.join(" = ")));
    }
    out
}

/// "Auckland 8:00 PM – 9:30 PM (UTC+13) (+1 day)".
fn zone_time(time: &SlotTime, words: &Localizer) -> String {
    let range = hours(words, (time.start, time.end));
    let shift = match time.day_shift {
        0 => String::new(),
        days => format!(" ({})", words.day_shift(days)),
    };
    format!("{} {range} ({}){shift}", time.label, time.offset)
}

/// A range of local times as the reader's language writes it: "16:00–17:30", "4:00 PM – 5:30 PM".
fn hours(words: &Localizer, (from, to): (Time, Time)) -> String {
    TimeRangeLabel::new(&words.time(from), &words.time(to), None, None, None).range
}

impl NoSlot {
    /// Why nothing suits, in the reader's language (the English [`NoSlot`]'s `Display` for a
    /// query that cannot be answered at all).
    pub fn localized(&self, words: &Localizer) -> String {
        let NoSlot::RuledOut {
            zone,
            hours: zone_hours,
            conflicts_with,
            others,
            duration_minutes,
        } = self
        else {
            return self.to_string();
        };
        let mut args: Vec<(&str, FluentValue<'_>)> = vec![
            ("minutes", (*duration_minutes).into()),
            ("zone", zone.as_str().into()),
            ("hours", hours(words, *zone_hours).into()),
        ];
        match conflicts_with {
            Some(other) => {
                args.push(("case", "conflict".into()));
                args.push(("other", other.as_str().into()));
            }
            None => {
                args.push(("case", "others".into()));
                args.push(("others", words.list_and(others).into()));
            }
        }
        words.message_with("slots-none", &args)
    }
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;
    use jiff::civil::{date, time};

    use super::*;
    use crate::slot::{SlotZone, find_slots};
    use crate::{Language, Zone};

    fn words(tag: &str) -> Localizer {
        Localizer::new(&Language::parse(tag).unwrap())
    }

    fn query(zones: &[(&str, &str)], from: (i16, i8, i8), to: (i16, i8, i8)) -> SlotQuery {
        SlotQuery {
            zones: zones
                .iter()
                .map(|(name, label)| SlotZone {
                    zone: Zone::parse(name).unwrap(),
                    label: (*label).into(),
                    hours: (time(8, 0, 0, 0), time(21, 0, 0, 0)),
                })
                .collect(),
            from: date(from.0, from.1, from.2),
            to: date(to.0, to.1, to.2),
            duration: SignedDuration::from_mins(90),
            step: SignedDuration::from_mins(15),
        }
    }

    #[test]
    fn the_best_option_reads_in_each_language() {
        let query = query(
            &[
                ("Europe/Istanbul", "Izmir"),
                ("America/Toronto", "Montréal"),
            ],
            (2021, 12, 7),
            (2021, 12, 8),
        );
        let options = find_slots(&query).unwrap();
        let nnbsp = '\u{202f}';
        let cases = [
            (
                "en",
                format!(
                    "Start times for 90 minutes between Tuesday, December 7, 2021 and Wednesday, December 8, 2021, best first (margin: distance to the edge of anyone's hours):\n\n  Izmir 5:45{nnbsp}PM – 7:15{nnbsp}PM (UTC+3) = Montréal 9:45{nnbsp}AM – 11:15{nnbsp}AM (UTC-5)\n    margin 105 min, every day from Tuesday, December 7, 2021 to Wednesday, December 8, 2021\n"
                ),
            ),
            (
                "fr",
                "Heures de début pour 90 minutes entre le mardi 7 décembre 2021 et le mercredi 8 décembre 2021, les meilleures d’abord (marge : écart avec la limite des heures de chacun) :\n\n  Izmir 17:45–19:15 (UTC+3) = Montréal 09:45–11:15 (UTC-5)\n    marge 105 min, chaque jour du mardi 7 décembre 2021 au mercredi 8 décembre 2021\n".to_owned(),
            ),
            (
                "tr",
                "7 Aralık 2021 Salı ile 8 Aralık 2021 Çarşamba arasında 90 dakika için başlangıç saatleri, en iyisi önce (pay: herkesin saat aralığının sınırına uzaklık):\n\n  Izmir 17:45–19:15 (UTC+3) = Montréal 09:45–11:15 (UTC-5)\n    pay 105 dk, 7 Aralık 2021 Salı ile 8 Aralık 2021 Çarşamba arasında her gün\n".to_owned(),
            ),
        ];
        for (lang, expected) in cases {
            let text = options_text(&query, &options[..1], &words(lang));
            assert_eq!(text, expected, "{lang}");
        }
    }

    #[test]
    fn an_option_on_one_day_in_a_zone_a_day_ahead_says_so() {
        let query = query(
            &[("America/Toronto", "Montréal"), ("Asia/Tokyo", "Tokyo")],
            (2021, 12, 7),
            (2021, 12, 7),
        );
        let options = find_slots(&query).unwrap();
        let best = options_text(&query, &options[..1], &words("fr"));
        assert_eq!(
            best.lines().skip(2).collect::<Vec<_>>(),
            [
                "  Montréal 18:45–20:15 (UTC-5) = Tokyo 08:45–10:15 (UTC+9) (+1 jour)",
                "    marge 45 min, le mardi 7 décembre 2021"
            ]
        );
    }

    #[test]
    fn why_nothing_suits_reads_in_each_language() {
        let never = query(
            &[("Europe/Paris", "Paris"), ("Pacific/Auckland", "Auckland")],
            (2021, 12, 1),
            (2021, 12, 1),
        );
        let never = find_slots(&never).unwrap_err();
        let ruled_out = find_slots(&query(
            &[
                ("Europe/Istanbul", "Izmir"),
                ("America/Toronto", "Montréal"),
                ("Asia/Tokyo", "Tokyo"),
            ],
            (2021, 12, 1),
            (2021, 12, 1),
        ))
        .unwrap_err();
        let cases = [
            (
                "en",
                &never,
                "no 90-minute slot suits every zone: Auckland (Pacific/Auckland), whose hours are 8:00\u{202f}AM – 9:00\u{202f}PM, never shares 90 minutes with Paris (Europe/Paris); widen its hours, shorten the session, or split it",
            ),
            (
                "fr",
                &never,
                "aucun créneau de 90 minutes ne convient à tous les fuseaux : Auckland (Pacific/Auckland), dont les heures sont 08:00–21:00, n’a jamais 90 minutes en commun avec Paris (Europe/Paris) ; élargissez ses heures, raccourcissez la séance ou divisez-la",
            ),
            (
                "tr",
                &never,
                "90 dakikalık hiçbir aralık tüm saat dilimlerine uymuyor: saatleri 08:00–21:00 olan Auckland (Pacific/Auckland), Paris (Europe/Paris) ile hiçbir zaman 90 dakika ortak zaman paylaşmıyor; saatlerini genişletin, oturumu kısaltın ya da bölün",
            ),
            (
                "fr",
                &ruled_out,
                "aucun créneau de 90 minutes ne convient à tous les fuseaux : Tokyo (Asia/Tokyo), dont les heures sont 08:00–21:00, exclut tous les horaires qui conviennent à Izmir (Europe/Istanbul) et Montréal (America/Toronto) ; élargissez ses heures, raccourcissez la séance ou divisez-la",
            ),
        ];
        for (lang, problem, expected) in cases {
            assert_eq!(problem.localized(&words(lang)), expected, "{lang}");
        }
    }

    #[test]
    fn the_zones_a_zone_rules_out_are_listed_with_the_readers_and() {
        let names = [
            "Izmir".to_owned(),
            "Paris".to_owned(),
            "Montréal".to_owned(),
        ];
        assert_eq!(words("en").list_and(&names), "Izmir, Paris and Montréal");
        assert_eq!(words("fr").list_and(&names), "Izmir, Paris et Montréal");
        assert_eq!(words("tr").list_and(&names[1..]), "Paris ve Montréal");
        assert_eq!(words("tr").list_and(&names[..1]), "Izmir");
    }
}
