//! The display zones, in the order readers see them: one row each, with its IANA name (suggested
//! from every name) and its label. A label is written once for every language, and per language
//! where a language spells it otherwise ("Izmir", and "İzmir" in Turkish). The host zone is chosen
//! in the event's settings, and must stay among these.

use convene_core::diagnostic::PathStep;
use convene_core::locale::Localizer;
use convene_core::zone::UnknownZone;
use convene_core::{Diagnostic, DisplayZone, Edit, Programme, Text, Zone, ZoneLabel};

use super::field::{Field, FieldErrors, FieldKind};
use super::part::{Group, Part, Placed, Read, RowWords, arg, languages_source_first, row_groups};
use super::rows::{self, Posted, Row};
use crate::i18n::unknown_zone;

pub struct Zones;

const LIST: &str = "zones";

const WORDS: RowWords = RowWords {
    legend: "org-zone-row",
    add: "org-zone-add-row",
    remove: "org-zone-remove",
};

/// A zone as a row: its label for every language is the source language's spelling, and each
/// language that spells it otherwise has its own.
fn row_of(zone: &DisplayZone, programme: &Programme) -> Row {
    let row = Row::default()
        .with("zone", zone.zone.name())
        .with(rows::WAS, zone.zone.name());
    match &zone.label {
        ZoneLabel::Same(label) => row.with("label", label),
        ZoneLabel::PerLanguage(text) => {
            let source = &programme.event.source_language;
            let every = text
                .in_language(source)
                .or_else(|| text.iter().next().map(|(_, t)| t))
                .unwrap_or_default();
            text.iter()
                .filter(|(_, spelling)| *spelling != every)
                .fold(row.with("label", every), |row, (lang, spelling)| {
                    row.with(format!("label_{lang}"), spelling)
                })
        }
    }
}

/// The label the row gives `zone`: the same in every language when one spelling is given (or
/// several, all alike), else one per language, the spelling for every language standing for the
/// languages without their own; the zone's city when none is given.
fn label_of(row: &Row, zone: &Zone, programme: &Programme) -> ZoneLabel {
    let every = row.get("label");
    let own: Vec<_> = programme
        .event
        .languages
        .iter()
        .filter_map(|lang| {
            let spelling = row.get(&format!("label_{lang}"));
            (!spelling.is_empty()).then_some((lang, spelling))
        })
        .collect();
    let given: Vec<&str> = own
        .iter()
        .map(|(_, s)| *s)
        .chain(Some(every))
        .filter(|s| !s.is_empty())
        .collect();
    match given.as_slice() {
        [] => ZoneLabel::Same(zone.city()),
        [first, rest @ ..] if rest.iter().all(|s| s == first) => ZoneLabel::Same((*first).into()),
        _ => {
            let mut text = Text::new();
            for lang in &programme.event.languages {
                let spelling = own
                    .iter()
                    .find(|(l, _)| *l == lang)
                    .map_or(every, |(_, s)| *s);
                if !spelling.is_empty() {
                    text.insert(lang.clone(), spelling);
                }
            }
            ZoneLabel::PerLanguage(text)
        }
    }
}

/// How many unknown zone names of a form get spelling suggestions: each compares the name with
/// every zone's, so the others are only said to be unknown.
const SUGGESTED: usize = 3;

/// `Zone::parse`, without looking for the nearest names when `name` is unknown: it refuses the
/// same names (a name without a region, `Etc/…` but UTC, a name the database does not know).
fn parse_without_suggestions(name: &str) -> Result<Zone, UnknownZone> {
    let universal = ["UTC", "Etc/UTC"]
        .iter()
        .any(|u| name.eq_ignore_ascii_case(u));
    let placed = name.contains('/') && !name.starts_with("Etc/");
    if (universal || placed) && jiff::tz::TimeZone::get(name).is_ok() {
        return Zone::parse(name);
    }
    Err(UnknownZone {
        given: name.to_owned(),
        suggestions: Vec::new(),
    })
}

/// The field of the row that was zone `zone` a problem about that zone belongs to: its remove
/// box when it is removed, else its name (which was changed).
fn row_of_zone(form: &Posted, zone: &str) -> Option<String> {
    let row = form.row_that_was(zone)?;
    let field = if form.rows[row].removed() {
        rows::REMOVE
    } else {
        "zone"
    };
    Some(rows::name(LIST, row, field))
}

impl Part for Zones {
    const PAGE: &'static str = "zones";
    const HEADING: &'static str = "org-zones";
    const HELP: &'static str = "org-zones-help";
    const LIST: &'static str = LIST;
    const ZONE_NAMES: bool = true;

    fn form_of(programme: &Programme) -> Posted {
        Posted {
            rows: programme
                .zones
                .iter()
                .map(|z| row_of(z, programme))
                .collect(),
            ..Posted::default()
        }
    }

    fn read(form: &Posted, programme: &Programme, words: &Localizer) -> Result<Read, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut zones = Vec::new();
        let mut from = Vec::new();
        let mut unknown = 0;
        for (i, row) in form.rows.iter().enumerate() {
            if row.removed() {
                continue;
            }
            let at = rows::name(LIST, i, "zone");
            let parsed = if unknown < SUGGESTED {
                Zone::parse(row.get("zone"))
            } else {
                parse_without_suggestions(row.get("zone"))
            };
            if parsed.is_err() {
                unknown += 1;
            }
            match parsed {
                Ok(zone) => {
                    let label = label_of(row, &zone, programme);
                    zones.push(DisplayZone { zone, label });
                    from.push(i);
                }
                Err(_) if row.get("zone").is_empty() => {
                    errors.insert(at, words.message("org-zone-needs-name"));
                }
                Err(unknown) => {
                    errors.insert(at, unknown_zone(words, &unknown));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Read {
            edit: Edit::SetZones(zones),
            rows: from,
        })
    }

    fn place(
        problem: &Diagnostic,
        read: &Read,
        form: &Posted,
        _: &Programme,
        _: &Localizer,
    ) -> Option<Placed> {
        let steps = problem.path.as_ref()?.steps();
        match steps {
            [PathStep::Key(zones), PathStep::Index(j), rest @ ..] if zones == "zones" => {
                let row = *read.rows.get(*j)?;
                let field = match rest {
                    [PathStep::Key(label), PathStep::Key(lang), ..]
                        if label == "label"
                            && !form.rows[row].get(&format!("label_{lang}")).is_empty() =>
                    {
                        format!("label_{lang}")
                    }
                    [PathStep::Key(label), ..] if label == "label" => "label".to_owned(),
                    _ => "zone".to_owned(),
                };
                Some(Placed::at(rows::name(LIST, row, &field)))
            }
            // The host zone, or a zone a session shows, is no longer among them: at its row.
            [PathStep::Key(root), ..] if root == "event" || root == "sessions" => {
                Some(Placed::at(row_of_zone(form, arg(problem, "zone")?)?))
            }
            _ => None,
        }
    }

    fn groups(
        form: &Posted,
        programme: &Programme,
        errors: &FieldErrors,
        words: &Localizer,
    ) -> Vec<Group> {
        let languages = languages_source_first(programme);
        row_groups(
            LIST,
            form,
            Row::default(),
            words,
            errors,
            &WORDS,
            |i, row| {
                let at = |field: &str, label: String, kind: FieldKind| {
                    let name = rows::name(LIST, i, field);
                    Field::new(&name, label, row.get(field), kind, errors)
                };
                let mut fields = vec![
                    at("zone", words.message("org-zone-name"), FieldKind::ZoneName),
                    at(
                        "label",
                        words.message("org-zone-label-every"),
                        FieldKind::Text,
                    ),
                ];
                // The label for every language is the source language's spelling.
                for lang in languages.iter().skip(1) {
                    let label = words.message_with(
                        "org-zone-label-in",
                        &[("language", words.language_name(lang).into())],
                    );
                    fields.push(at(&format!("label_{lang}"), label, FieldKind::Text));
                }
                fields
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn izmir() -> Programme {
        convene_core::load(
            include_str!("../../../../examples/izmir-2021.toml"),
            &convene_core::CheckOptions::default(),
        )
        .programme
        .expect("the Izmir programme loads")
    }

    fn row(pairs: &[(&str, &str)]) -> Row {
        pairs.iter().fold(Row::default(), |row, (field, value)| {
            row.with(*field, *value)
        })
    }

    fn lang(tag: &str) -> convene_core::Language {
        convene_core::Language::parse(tag).unwrap()
    }

    #[test]
    fn labels_are_the_same_in_every_language_unless_a_language_spells_it_otherwise() {
        let programme = izmir();
        let istanbul = Zone::parse("Europe/Istanbul").unwrap();
        let cases = [
            (
                "nothing given: the city",
                row(&[]),
                ZoneLabel::Same("Istanbul".into()),
            ),
            (
                "one label",
                row(&[("label", "Izmir")]),
                ZoneLabel::Same("Izmir".into()),
            ),
            (
                "only a Turkish label",
                row(&[("label_tr", "İzmir")]),
                ZoneLabel::Same("İzmir".into()),
            ),
            (
                "labels all alike",
                row(&[("label", "Izmir"), ("label_en", "Izmir")]),
                ZoneLabel::Same("Izmir".into()),
            ),
            (
                "İzmir in Turkish",
                row(&[("label", "Izmir"), ("label_tr", "İzmir")]),
                ZoneLabel::PerLanguage(
                    Text::new()
                        .with(lang("fr"), "Izmir")
                        .with(lang("en"), "Izmir")
                        .with(lang("tr"), "İzmir"),
                ),
            ),
        ];
        for (case, row, expected) in cases {
            assert_eq!(label_of(&row, &istanbul, &programme), expected, "{case}");
        }
    }

    #[test]
    fn only_the_first_unknown_zones_get_suggestions() {
        let programme = izmir();
        let locales = crate::i18n::Locales::new();
        let words = locales.get("en");
        let form = Posted {
            rows: (0..5)
                .map(|_| row(&[("zone", "Europe/Izmir")]))
                .chain(Some(row(&[("zone", "CET")])))
                .chain(Some(row(&[("zone", "asia/tokyo")])))
                .collect(),
            ..Posted::default()
        };

        let Err(errors) = Zones::read(&form, &programme, words) else {
            panic!("unknown zones are refused");
        };

        let suggested = errors
            .values()
            .filter(|e| e.contains("did you mean"))
            .count();
        assert_eq!(suggested, SUGGESTED);
        assert_eq!(
            errors.get("zones[5].zone").map(String::as_str),
            Some("unknown time zone \"CET\"; write an IANA name such as \"Europe/Istanbul\"")
        );
        assert_eq!(errors.get("zones[6].zone"), None, "a real name in any case");
    }

    #[test]
    fn a_label_per_language_reads_back_as_it_was_written() {
        let programme = izmir();
        for zone in &programme.zones {
            let row = row_of(zone, &programme);
            assert_eq!(
                label_of(&row, &zone.zone, &programme),
                zone.label,
                "{}",
                zone.zone
            );
        }
        let izmir_row = row_of(&programme.zones[0], &programme);
        assert_eq!(
            (
                izmir_row.get("label"),
                izmir_row.get("label_tr"),
                izmir_row.get("label_en")
            ),
            ("Izmir", "İzmir", "")
        );
    }
}
