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

/// The label the row gives `zone`: the spelling for every language (the source language's; the
/// zone's city when none is given), and for each other language that spells it otherwise, its own.
/// Only the languages with a spelling of their own are written: the others read the source's.
fn label_of(row: &Row, zone: &Zone, programme: &Programme) -> ZoneLabel {
    let source = &programme.event.source_language;
    let every = match row.get("label") {
        "" => match row.get(&format!("label_{source}")) {
            "" => zone.city(),
            spelling => spelling.to_owned(),
        },
        spelling => spelling.to_owned(),
    };
    let own: Vec<_> = programme
        .event
        .languages
        .iter()
        .filter(|lang| *lang != source)
        .filter_map(|lang| {
            let spelling = row.get(&format!("label_{lang}"));
            (!spelling.is_empty() && spelling != every).then_some((lang, spelling))
        })
        .collect();
    if own.is_empty() {
        return ZoneLabel::Same(every);
    }
    let text = own.into_iter().fold(
        Text::new().with(source.clone(), every),
        |text, (lang, spelling)| text.with(lang.clone(), spelling),
    );
    ZoneLabel::PerLanguage(text)
}

/// Whether readers of every language of `programme` read the same label in `a` and `b`.
fn read_alike(a: &ZoneLabel, b: &ZoneLabel, programme: &Programme) -> bool {
    let source = &programme.event.source_language;
    programme
        .event
        .languages
        .iter()
        .all(|lang| a.get(lang, source) == b.get(lang, source))
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
                    let mut label = label_of(row, &zone, programme);
                    // A label that reads as it did stays as it was written.
                    if let Some(was) = programme
                        .zones
                        .iter()
                        .find(|z| z.zone.name() == row.was() && z.zone == zone)
                        && read_alike(&was.label, &label, programme)
                    {
                        label = was.label.clone();
                    }
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
            [PathStep::Key(root), ..] if root == "event" || root == "sessions" => Some(Placed::at(
                form.field_of_row_that_was(LIST, arg(problem, "zone")?, "zone")?,
            )),
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
                "only a Turkish label: the city for the others",
                row(&[("label_tr", "İzmir")]),
                ZoneLabel::PerLanguage(
                    Text::new()
                        .with(lang("fr"), "Istanbul")
                        .with(lang("tr"), "İzmir"),
                ),
            ),
            (
                "labels all alike",
                row(&[("label", "Izmir"), ("label_en", "Izmir")]),
                ZoneLabel::Same("Izmir".into()),
            ),
            (
                "İzmir in Turkish, and only there",
                row(&[("label", "Izmir"), ("label_tr", "İzmir")]),
                ZoneLabel::PerLanguage(
                    Text::new()
                        .with(lang("fr"), "Izmir")
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
        let mut programme = izmir();
        // As written in the programme file, and as the form writes it: the source and Turkish.
        let written = ZoneLabel::PerLanguage(
            Text::new()
                .with(lang("fr"), "Izmir")
                .with(lang("tr"), "İzmir"),
        );
        for label in [programme.zones[0].label.clone(), written] {
            programme.zones[0].label = label;
            let locales = crate::i18n::Locales::new();
            let form = Zones::form_of(&programme);

            let read = Zones::read(&form, &programme, locales.get("en")).expect("it reads");

            assert_eq!(read.edit, Edit::SetZones(programme.zones.clone()));
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
