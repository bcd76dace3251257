//! The language the command line speaks to its reader: `--lang`, else the locale of the
//! environment, else English.

use convene_core::Language;
use convene_core::locale::{INTERFACE_LANGUAGES, Localizer};

/// The languages `--lang` accepts, for its help and its error.
const SPOKEN: &str = "fr, en or tr";

/// Parses `--lang`: a language convene speaks (`fr`, `en`, `tr`), or a regional tag of one
/// (`fr-CA`), whose dates and times then follow that region.
pub fn parse(text: &str) -> Result<Language, String> {
    let lang = Language::parse(text).map_err(|e| e.to_string())?;
    if spoken(&lang) {
        Ok(lang)
    } else {
        Err(format!(
            "\"{text}\" is not a language convene speaks; write {SPOKEN}"
        ))
    }
}

/// The words of the command line: in `asked`, else in the language of the environment's locale,
/// else in English.
pub fn words(asked: Option<&Language>) -> Localizer {
    let lang = asked
        .cloned()
        .unwrap_or_else(|| from_environment(|name| std::env::var(name).ok()));
    Localizer::new(&lang)
}

/// The language of the locale POSIX reads messages in: the first of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` that is set and not empty. A locale in another language, or `C`, reads as English.
fn from_environment(var: impl Fn(&str) -> Option<String>) -> Language {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|name| var(name).filter(|value| !value.is_empty()))
        .and_then(|locale| from_locale(&locale))
        .unwrap_or_else(english)
}

/// The language of a POSIX locale name, `language[_territory][.codeset][@modifier]`, when convene
/// speaks it: `fr_FR.UTF-8` → `fr`, `tr_TR` → `tr`.
fn from_locale(locale: &str) -> Option<Language> {
    let name = locale.split(['.', '@']).next()?;
    let language = name.split('_').next()?;
    Language::parse(language).ok().filter(spoken)
}

fn spoken(lang: &Language) -> bool {
    let primary = lang.as_str().split('-').next().unwrap_or_default();
    INTERFACE_LANGUAGES.contains(&primary)
}

fn english() -> Language {
    Language::parse("en").expect("\"en\" is a language tag")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(vars: &[(&str, &str)]) -> String {
        from_environment(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
        .to_string()
    }

    #[test]
    fn the_environment_names_the_language_as_posix_reads_it() {
        let cases = [
            ("a French locale", vec![("LANG", "fr_FR.UTF-8")], "fr"),
            (
                "a Turkish locale without codeset",
                vec![("LANG", "tr_TR")],
                "tr",
            ),
            (
                "a locale with a modifier",
                vec![("LANG", "fr_BE@euro")],
                "fr",
            ),
            (
                "LC_ALL before LANG",
                vec![("LC_ALL", "tr_TR.UTF-8"), ("LANG", "fr_FR.UTF-8")],
                "tr",
            ),
            (
                "LC_MESSAGES before LANG",
                vec![("LC_MESSAGES", "fr_CA.UTF-8"), ("LANG", "en_US.UTF-8")],
                "fr",
            ),
            (
                "an empty LC_ALL is not set",
                vec![("LC_ALL", ""), ("LANG", "fr_FR.UTF-8")],
                "fr",
            ),
            (
                "the C locale",
                vec![("LC_ALL", "C"), ("LANG", "fr_FR.UTF-8")],
                "en",
            ),
            (
                "a language convene does not speak",
                vec![("LANG", "de_DE.UTF-8")],
                "en",
            ),
            ("nothing set", vec![], "en"),
            ("not a locale name", vec![("LANG", "???")], "en"),
        ];
        for (what, vars, expected) in cases {
            assert_eq!(from(&vars), expected, "{what}");
        }
    }

    #[test]
    fn lang_takes_the_languages_convene_speaks() {
        assert_eq!(parse("tr").map(|l| l.to_string()), Ok("tr".to_owned()));
        assert_eq!(
            parse("fr-CA").map(|l| l.to_string()),
            Ok("fr-CA".to_owned())
        );
        assert_eq!(
            parse("de"),
            Err("\"de\" is not a language convene speaks; write fr, en or tr".to_owned())
        );
        assert!(
            parse("français")
                .unwrap_err()
                .contains("is not a language tag")
        );
    }
}
