//! Countries (ISO 3166-1) with their names in each language.
//!
//! Codes and names both come from CLDR's territory names, compiled into the binary through ICU4X:
//! nothing here is typed by hand but the few codes ISO keeps out of its list of countries.
//! Lists are sorted by the reader's collation ("Çad" among the C's in French, after them in
//! Turkish).

use std::sync::OnceLock;

use icu_collator::CollatorBorrowed;
use icu_collator::options::CollatorOptions;
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_locale_core::subtags::Region;

use crate::Language;

/// A country, by its ISO 3166-1 alpha-2 code, named in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// Upper-case: `TR`.
    pub code: &'static str,
    pub name: String,
}

/// Codes that CLDR names but that are not countries of ISO 3166-1: those ISO reserves
/// exceptionally (Ascension, the Canary Islands, the European Union, the United Nations…).
/// The user-assigned ranges (`AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`) are left out by rule.
const EXCEPTIONALLY_RESERVED: [&str; 13] = [
    "AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "FX", "IC", "SU", "TA", "UK", "UN",
];

/// Whether ISO 3166 leaves `code` to its users rather than to a country.
fn user_assigned(code: &str) -> bool {
    matches!(
        code.as_bytes(),
        [b'A', b'A'] | [b'Q', b'M'..=b'Z'] | [b'X', _] | [b'Z', b'Z']
    )
}

/// Every country's code, in alphabetical order of codes: the two-letter territories CLDR names
/// in English, without the reserved and user-assigned ones.
fn codes() -> &'static [String] {
    static CODES: OnceLock<Vec<String>> = OnceLock::new();
    CODES.get_or_init(|| {
        let english = names_in(&Language::parse("en").expect("en is a language tag"));
        let mut codes = Vec::new();
        for first in b'A'..=b'Z' {
            for second in b'A'..=b'Z' {
                let code = String::from_utf8(vec![first, second]).expect("ASCII letters");
                let known = english
                    .as_ref()
                    .and_then(|names| names.of(region(&code)?))
                    .is_some();
                if known && !user_assigned(&code) && !EXCEPTIONALLY_RESERVED.contains(&&*code) {
                    codes.push(code);
                }
            }
        }
        codes
    })
}

fn region(code: &str) -> Option<Region> {
    Region::try_from_str(code).ok()
}

/// CLDR's territory names for `lang`, or English ones when it has none.
fn names_in(lang: &Language) -> Option<RegionDisplayNames> {
    let options = DisplayNamesOptions::default();
    RegionDisplayNames::try_new(lang.locale().into(), options)
        .or_else(|_| RegionDisplayNames::try_new(icu_locale_core::locale!("en").into(), options))
        .ok()
}

/// The code as stored (`TR`) if `code` is a country's, exactly.
fn known(code: &str) -> Option<&'static str> {
    codes()
        .binary_search_by(|c| c.as_str().cmp(code))
        .ok()
        .map(|i| codes()[i].as_str())
}

/// Whether `code` is the upper-case ISO 3166-1 alpha-2 code of a country (`TR`, not `tr`, nor
/// `EU` or `001`).
pub fn is_country(code: &str) -> bool {
    known(code).is_some()
}

/// The country's code as stored, upper-case, for a code written in any case (`tr` → `TR`).
pub fn parse_country(code: &str) -> Option<&'static str> {
    known(&code.to_ascii_uppercase())
}

/// The name of the country `code` (upper-case) in `lang`: "Turquie", "Türkiye".
pub fn country_name(code: &str, lang: &Language) -> Option<String> {
    let code = known(code)?;
    Some(names_in(lang)?.of(region(code)?)?.to_owned())
}

/// Every country, named in `lang` and sorted as readers of `lang` sort names.
pub fn countries(lang: &Language) -> Vec<Country> {
    let Some(names) = names_in(lang) else {
        return Vec::new();
    };
    let mut list: Vec<Country> = codes()
        .iter()
        .filter_map(|code| {
            let name = names.of(region(code)?)?;
            Some(Country {
                code: code.as_str(),
                name: name.to_owned(),
            })
        })
        .collect();
    let collator = CollatorBorrowed::try_new(lang.locale().into(), CollatorOptions::default())
        .or_else(|_| {
            CollatorBorrowed::try_new(icu_locale_core::locale!("en").into(), Default::default())
        });
    match collator {
        Ok(collator) => list.sort_by(|a, b| {
            collator
                .compare(&a.name, &b.name)
                .then_with(|| a.code.cmp(b.code))
        }),
        Err(_) => list.sort_by(|a, b| a.name.cmp(&b.name)),
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    fn names(code: &str) -> [Option<String>; 3] {
        ["fr", "en", "tr"].map(|tag| country_name(code, &lang(tag)))
    }

    #[test]
    fn countries_are_named_as_cldr_names_them_in_each_language() {
        let some = |name: &str| Some(name.to_owned());
        assert_eq!(
            names("TR"),
            [some("Turquie"), some("Türkiye"), some("Türkiye")]
        );
        assert_eq!(
            names("CA"),
            [some("Canada"), some("Canada"), some("Kanada")]
        );
        assert_eq!(
            names("FR"),
            [some("France"), some("France"), some("Fransa")]
        );
    }

    #[test]
    fn iso_3166_has_249_countries_and_no_region_or_reserved_code() {
        assert_eq!(codes().len(), 249);
        for code in [
            "001", "150", "EU", "EZ", "UN", "ZZ", "XK", "QO", "AC", "IC", "tr", "",
        ] {
            assert!(!is_country(code), "{code} is not a country");
            assert_eq!(country_name(code, &lang("en")), None, "{code}");
        }
        for code in ["TR", "CA", "SS", "CW", "AX", "AQ"] {
            assert!(is_country(code), "{code} is a country");
        }
    }

    #[test]
    fn a_code_in_any_case_reads_as_the_stored_upper_case() {
        assert_eq!(parse_country("tr"), Some("TR"));
        assert_eq!(parse_country("Fr"), Some("FR"));
        assert_eq!(parse_country("eu"), None);
    }

    #[test]
    fn every_interface_language_names_every_country() {
        for tag in crate::locale::INTERFACE_LANGUAGES {
            let list = countries(&lang(tag));
            assert_eq!(list.len(), 249, "{tag}");
        }
    }

    #[test]
    fn lists_follow_the_readers_collation() {
        let position = |list: &[Country], code: &str| {
            list.iter()
                .position(|c| c.code == code)
                .unwrap_or_else(|| panic!("{code} is listed"))
        };
        let french = countries(&lang("fr"));
        let egypt = position(&french, "EG");
        let around: Vec<&str> = french[egypt - 1..=egypt + 2]
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(
            around,
            ["Dominique", "Égypte", "Émirats arabes unis", "Équateur"]
        );

        // In Turkish, Ç is a letter of its own after C.
        let turkish = countries(&lang("tr"));
        let chad = position(&turkish, "TD");
        assert_eq!(turkish[chad].name, "Çad");
        let after_c = turkish
            .iter()
            .position(|c| c.name.starts_with('Ç'))
            .unwrap();
        assert!(turkish[..after_c].iter().any(|c| c.name.starts_with('C')));
        assert!(!turkish[after_c..].iter().any(|c| c.name.starts_with('C')));
    }
}
