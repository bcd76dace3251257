//! The event's introduction, one text per language side by side, the source language first; a
//! translation still missing is marked.

use convene_core::diagnostic::PathStep;
use convene_core::locale::Localizer;
use convene_core::{Diagnostic, Edit, Programme, Text};

use super::field::{Field, FieldErrors, FieldKind, paragraphs};
use super::part::{Group, Part, Placed, Read, languages_source_first};
use super::rows::Posted;

pub struct Introduction;

fn name(lang: &str) -> String {
    format!("introduction_{lang}")
}

impl Part for Introduction {
    const PAGE: &'static str = "introduction";
    const HEADING: &'static str = "org-introduction";
    const HELP: &'static str = "org-introduction-help";

    fn form_of(programme: &Programme) -> Posted {
        programme
            .event
            .introduction
            .iter()
            .fold(Posted::default(), |form, (lang, text)| {
                form.with(name(lang.as_str()), text)
            })
    }

    fn read(form: &Posted, programme: &Programme, _: &Localizer) -> Result<Read, FieldErrors> {
        let before = &programme.event.introduction;
        let mut text = Text::new();
        for lang in &programme.event.languages {
            let given = paragraphs(form.raw(&name(lang.as_str())));
            match before.in_language(lang) {
                // Unchanged but for line breaks and blank lines around it: kept as it was.
                Some(was) if paragraphs(was) == given => text.insert(lang.clone(), was),
                _ if given.is_empty() => {}
                _ => text.insert(lang.clone(), given),
            }
        }
        Ok(Read {
            edit: Edit::SetIntroduction(text),
            rows: Vec::new(),
        })
    }

    fn place(
        problem: &Diagnostic,
        _: &Read,
        _: &Posted,
        programme: &Programme,
        _: &Localizer,
    ) -> Option<Placed> {
        let steps = problem.path.as_ref()?.steps();
        let key = |k: &str| PathStep::Key(k.to_owned());
        match steps {
            [event, introduction, rest @ ..]
                if *event == key("event") && *introduction == key("introduction") =>
            {
                let lang = match rest {
                    [PathStep::Key(lang), ..] => lang.clone(),
                    _ => programme.event.source_language.to_string(),
                };
                Some(Placed::at(name(&lang)))
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
        let source = &programme.event.source_language;
        let source_has = !form.field(&name(source.as_str())).is_empty();
        let languages = languages_source_first(programme);
        let fields = languages
            .iter()
            .map(|lang| {
                let label = words.message_with(
                    "org-introduction-in",
                    &[("language", words.language_name(lang).into())],
                );
                let key = name(lang.as_str());
                let mut field =
                    Field::new(&key, label, form.raw(&key), FieldKind::Paragraphs, errors);
                field.missing = *lang != source && source_has && form.field(&key).is_empty();
                field
            })
            .collect();
        vec![Group {
            legend: String::new(),
            class: format!("translations langs-{}", languages.len().clamp(1, 4)),
            hidden: Vec::new(),
            fields,
        }]
    }
}
