//! The registration form: what someone typed, checked into a [`Registrant`] and the targets they
//! chose, or every problem at the field it is about, said in the reader's language.

use fluent::FluentValue;
use unicode_normalization::UnicodeNormalization;

use super::countries::parse_country;
use super::{Category, Registrant, Target};
use crate::keyword::Keyword;
use crate::language::unprintable;
use crate::locale::Localizer;
use crate::{Language, Programme, Zone};

/// The form as posted: every field as typed, untrimmed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegistrationForm {
    pub name: String,
    pub email: String,
    /// A [`Category`] keyword (`mayor`).
    pub category: String,
    pub city: String,
    /// ISO 3166-1 alpha-2, in any case.
    pub country: String,
    pub organisation: String,
    /// The language they read, a tag among the event's.
    pub language: String,
    /// The language they want interpretation into, if any.
    pub interpretation: String,
    /// An IANA time zone (`Europe/Istanbul`).
    pub zone: String,
    pub accessibility: String,
    pub dietary: String,
    /// Whether they agreed to the privacy notice.
    pub consent: bool,
    /// Target keys (`session:mayors-dialogue`, `day:2021-12-10`).
    pub targets: Vec<String>,
    pub invitation_code: String,
    /// Left empty by people; robots fill it in.
    pub website: String,
}

/// A form that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub registrant: Registrant,
    /// Each chosen target once, in the order chosen.
    pub targets: Vec<Target>,
    /// Trimmed and upper-cased.
    pub invitation_code: Option<String>,
}

/// A field of the form, by the name it has in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    Email,
    Category,
    City,
    Country,
    Organisation,
    Language,
    Interpretation,
    Zone,
    Accessibility,
    Dietary,
    Consent,
    Targets,
    InvitationCode,
    Website,
}

impl Field {
    /// Every field, in the order of the form.
    pub const ALL: [Field; 15] = [
        Field::Name,
        Field::Email,
        Field::Category,
        Field::City,
        Field::Country,
        Field::Organisation,
        Field::Language,
        Field::Interpretation,
        Field::Zone,
        Field::Accessibility,
        Field::Dietary,
        Field::Consent,
        Field::Targets,
        Field::InvitationCode,
        Field::Website,
    ];

    /// Its name in the form, as [`RegistrationForm`] spells it (`invitation_code`).
    pub fn name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Category => "category",
            Field::City => "city",
            Field::Country => "country",
            Field::Organisation => "organisation",
            Field::Language => "language",
            Field::Interpretation => "interpretation",
            Field::Zone => "zone",
            Field::Accessibility => "accessibility",
            Field::Dietary => "dietary",
            Field::Consent => "consent",
            Field::Targets => "targets",
            Field::InvitationCode => "invitation_code",
            Field::Website => "website",
        }
    }

    /// What the form calls it, in the reader's language: "Adresse électronique".
    pub fn label(self, words: &Localizer) -> String {
        words.message(&format!("form-field-{}", self.name().replace('_', "-")))
    }
}

/// The longest name, city or organisation, in characters.
pub const MAX_LINE: usize = 200;
/// The longest email address (RFC 5321's path limit, less its brackets).
pub const MAX_EMAIL: usize = 254;
/// The longest note about accessibility or diet.
pub const MAX_NOTE: usize = 2000;
/// The longest invitation code.
pub const MAX_CODE: usize = 64;

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// A required field is empty.
    Required,
    /// Longer than `max` characters (it has `length`).
    TooLong { max: usize, length: usize },
    /// Holds a control character (a line break in a one-line field, say).
    ControlCharacter,
    /// Not an email address.
    InvalidEmail { given: String },
    /// Not one of the categories.
    UnknownCategory { given: String },
    /// Not a country's ISO 3166-1 alpha-2 code.
    UnknownCountry { given: String },
    /// Not one of the event's languages (`offered`).
    LanguageNotOffered {
        given: String,
        offered: Vec<Language>,
    },
    /// Not a time zone, with the nearest real name if one is close.
    UnknownZone {
        given: String,
        suggestion: Option<String>,
    },
    /// The privacy notice was not agreed to.
    NoConsent,
    /// No session or day was chosen.
    NoTarget,
    /// A target the programme does not offer (any more).
    UnknownTarget { given: String },
    /// An invitation code with characters other than letters, digits and hyphens.
    InvalidInvitationCode { given: String },
    /// The field people leave empty was filled in: a robot. The web answers as if the form were
    /// accepted, and keeps nothing.
    Honeypot,
}

impl ProblemKind {
    /// Every [`ProblemKind::code`].
    pub const CODES: [&'static str; 13] = [
        "required",
        "too-long",
        "control-character",
        "invalid-email",
        "unknown-category",
        "unknown-country",
        "language-not-offered",
        "unknown-zone",
        "no-consent",
        "no-target",
        "unknown-target",
        "invalid-invitation-code",
        "honeypot",
    ];

    /// A stable name for the kind of problem, for programs and tests.
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::Required => "required",
            ProblemKind::TooLong { .. } => "too-long",
            ProblemKind::ControlCharacter => "control-character",
            ProblemKind::InvalidEmail { .. } => "invalid-email",
            ProblemKind::UnknownCategory { .. } => "unknown-category",
            ProblemKind::UnknownCountry { .. } => "unknown-country",
            ProblemKind::LanguageNotOffered { .. } => "language-not-offered",
            ProblemKind::UnknownZone { .. } => "unknown-zone",
            ProblemKind::NoConsent => "no-consent",
            ProblemKind::NoTarget => "no-target",
            ProblemKind::UnknownTarget { .. } => "unknown-target",
            ProblemKind::InvalidInvitationCode { .. } => "invalid-invitation-code",
            ProblemKind::Honeypot => "honeypot",
        }
    }
}

/// One problem, at the field it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormProblem {
    pub field: Field,
    pub problem: ProblemKind,
}

impl FormProblem {
    fn new(field: Field, problem: ProblemKind) -> Self {
        Self { field, problem }
    }

    /// What is wrong and what would be right, in the reader's language: the message
    /// `form-problem-{code}`.
    pub fn message(&self, words: &Localizer) -> String {
        let mut args: Vec<(&str, FluentValue<'_>)> =
            vec![("field", self.field.label(words).into())];
        match &self.problem {
            ProblemKind::Required
            | ProblemKind::ControlCharacter
            | ProblemKind::NoConsent
            | ProblemKind::NoTarget
            | ProblemKind::Honeypot => {}
            ProblemKind::TooLong { max, length } => {
                args.push(("max", (*max).into()));
                args.push(("length", (*length).into()));
            }
            ProblemKind::InvalidEmail { given }
            | ProblemKind::UnknownCategory { given }
            | ProblemKind::UnknownCountry { given }
            | ProblemKind::UnknownTarget { given }
            | ProblemKind::InvalidInvitationCode { given } => {
                args.push(("value", given.as_str().into()));
            }
            ProblemKind::LanguageNotOffered { given, offered } => {
                let names: Vec<String> = offered.iter().map(|l| words.language_name(l)).collect();
                args.push(("value", given.as_str().into()));
                args.push(("languages", words.list_and(&names).into()));
            }
            ProblemKind::UnknownZone { given, suggestion } => {
                args.push(("value", given.as_str().into()));
                match suggestion {
                    Some(name) => {
                        args.push(("case", "suggestion".into()));
                        args.push(("suggestion", name.as_str().into()));
                    }
                    None => args.push(("case", "none".into())),
                }
            }
        }
        words.message_with(&format!("form-problem-{}", self.problem.code()), &args)
    }
}

/// Checks a posted form against the programme it registers for: every field, every problem.
///
/// When the honeypot is filled in, the problems include [`ProblemKind::Honeypot`]: treat the
/// whole form as a robot's.
pub fn check(form: &RegistrationForm, programme: &Programme) -> Result<Checked, Vec<FormProblem>> {
    let mut problems = Vec::new();
    let mut report = |field, problem| problems.push(FormProblem::new(field, problem));

    let name = line(&form.name, MAX_LINE)
        .and_then(required)
        .map_err(|p| report(Field::Name, p));
    let email = email_address(&form.email).map_err(|p| report(Field::Email, p));
    let category = category_keyword(&form.category).map_err(|p| report(Field::Category, p));
    let city = line(&form.city, MAX_LINE).map_err(|p| report(Field::City, p));
    let country = country_code(&form.country).map_err(|p| report(Field::Country, p));
    let organisation =
        line(&form.organisation, MAX_LINE).map_err(|p| report(Field::Organisation, p));
    let offered = &programme.event.languages;
    let language = event_language(&form.language, offered)
        .and_then(required)
        .map_err(|p| report(Field::Language, p));
    let interpretation =
        event_language(&form.interpretation, offered).map_err(|p| report(Field::Interpretation, p));
    let zone = time_zone(&form.zone).map_err(|p| report(Field::Zone, p));
    let accessibility = note(&form.accessibility).map_err(|p| report(Field::Accessibility, p));
    let dietary = note(&form.dietary).map_err(|p| report(Field::Dietary, p));
    if !form.consent {
        report(Field::Consent, ProblemKind::NoConsent);
    }
    let targets = chosen_targets(&form.targets, programme).map_err(|many| {
        for p in many {
            report(Field::Targets, p);
        }
    });
    let invitation_code = code(&form.invitation_code).map_err(|p| report(Field::InvitationCode, p));
    if !form.website.trim().is_empty() {
        report(Field::Website, ProblemKind::Honeypot);
    }

    match (
        name,
        email,
        category,
        city,
        country,
        organisation,
        language,
        interpretation,
        zone,
        accessibility,
        dietary,
        targets,
        invitation_code,
    ) {
        (
            Ok(name),
            Ok(email),
            Ok(category),
            Ok(city),
            Ok(country),
            Ok(organisation),
            Ok(language),
            Ok(interpretation),
            Ok(zone),
            Ok(accessibility),
            Ok(dietary),
            Ok(targets),
            Ok(invitation_code),
        ) if problems.is_empty() => {
            // Diets matter only where meals are served: on site.
            let on_site = targets.iter().any(|t| matches!(t, Target::Day(_)));
            Ok(Checked {
                registrant: Registrant {
                    name,
                    email,
                    category,
                    city,
                    country,
                    organisation,
                    language,
                    interpretation,
                    zone,
                    accessibility,
                    dietary: dietary.filter(|_| on_site),
                },
                targets,
                invitation_code,
            })
        }
        _ => Err(problems),
    }
}

type Checking<T> = Result<T, ProblemKind>;

fn required<T>(value: Option<T>) -> Checking<T> {
    value.ok_or(ProblemKind::Required)
}

/// Trimmed and in composed form; `None` when empty; refused when longer than `max` characters.
fn trimmed(text: &str, max: usize) -> Checking<Option<String>> {
    let text: String = text.trim().nfc().collect();
    let length = text.chars().count();
    if length > max {
        return Err(ProblemKind::TooLong { max, length });
    }
    Ok((!text.is_empty()).then_some(text))
}

/// A one-line text: no control characters at all.
fn line(text: &str, max: usize) -> Checking<Option<String>> {
    let text = trimmed(text, max)?;
    if let Some(text) = &text
        && text.chars().any(|c| c.is_control() || unprintable(c))
    {
        return Err(ProblemKind::ControlCharacter);
    }
    Ok(text)
}

/// A note of several lines: line breaks (as browsers send them, CR LF) and tabs are kept.
fn note(text: &str) -> Checking<Option<String>> {
    let text = trimmed(&text.replace("\r\n", "\n"), MAX_NOTE)?;
    if let Some(text) = &text
        && text.chars().any(unprintable)
    {
        return Err(ProblemKind::ControlCharacter);
    }
    Ok(text)
}

/// A plausible address, lower-cased: one `@`, something before it, a domain with a dot after it.
fn email_address(text: &str) -> Checking<String> {
    let address = line(text, MAX_EMAIL)?.ok_or(ProblemKind::Required)?;
    let invalid = || ProblemKind::InvalidEmail {
        given: address.clone(),
    };
    let (local, domain) = address.split_once('@').ok_or_else(invalid)?;
    let plausible = !local.is_empty()
        && !domain.contains('@')
        && !address.chars().any(char::is_whitespace)
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty());
    if !plausible {
        return Err(invalid());
    }
    Ok(address.to_lowercase())
}

fn category_keyword(text: &str) -> Checking<Category> {
    let word = text.trim();
    if word.is_empty() {
        return Err(ProblemKind::Required);
    }
    Category::from_keyword(word).ok_or_else(|| ProblemKind::UnknownCategory {
        given: word.to_owned(),
    })
}

fn country_code(text: &str) -> Checking<Option<String>> {
    let code = text.trim();
    if code.is_empty() {
        return Ok(None);
    }
    parse_country(code)
        .map(|code| Some(code.to_owned()))
        .ok_or_else(|| ProblemKind::UnknownCountry {
            given: code.to_owned(),
        })
}

/// One of the event's languages; `None` when empty.
fn event_language(text: &str, offered: &[Language]) -> Checking<Option<Language>> {
    let tag = text.trim();
    if tag.is_empty() {
        return Ok(None);
    }
    match Language::parse(tag) {
        Ok(lang) if offered.contains(&lang) => Ok(Some(lang)),
        _ => Err(ProblemKind::LanguageNotOffered {
            given: tag.to_owned(),
            offered: offered.to_vec(),
        }),
    }
}

fn time_zone(text: &str) -> Checking<Zone> {
    let name = text.trim();
    if name.is_empty() {
        return Err(ProblemKind::Required);
    }
    Zone::parse(name).map_err(|unknown| ProblemKind::UnknownZone {
        given: unknown.given,
        suggestion: unknown.suggestions.into_iter().next(),
    })
}

/// Each target the programme offers, once, in the order chosen; a problem for each other one.
fn chosen_targets(keys: &[String], programme: &Programme) -> Result<Vec<Target>, Vec<ProblemKind>> {
    let offered = Target::all(programme);
    let mut chosen = Vec::new();
    let mut problems = Vec::new();
    for key in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        match Target::parse(key).filter(|t| offered.contains(t)) {
            Some(target) if !chosen.contains(&target) => chosen.push(target),
            Some(_) => {}
            None => problems.push(ProblemKind::UnknownTarget {
                given: key.to_owned(),
            }),
        }
    }
    if chosen.is_empty() && problems.is_empty() {
        problems.push(ProblemKind::NoTarget);
    }
    if problems.is_empty() {
        Ok(chosen)
    } else {
        Err(problems)
    }
}

fn code(text: &str) -> Checking<Option<String>> {
    let Some(code) = trimmed(text, MAX_CODE)? else {
        return Ok(None);
    };
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ProblemKind::InvalidInvitationCode { given: code });
    }
    Ok(Some(code.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::Slug;
    use crate::registration::tests::izmir;

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    /// A mayor registering for the opening dialogue, online.
    fn complete() -> RegistrationForm {
        RegistrationForm {
            name: "  Ayşe Yılmaz ".into(),
            email: "Ayse.Yilmaz@Izmir.bel.TR".into(),
            category: "mayor".into(),
            city: "İzmir".into(),
            country: "tr".into(),
            organisation: "İzmir Büyükşehir Belediyesi".into(),
            language: "tr".into(),
            interpretation: "en".into(),
            zone: "Europe/Istanbul".into(),
            accessibility: "Step-free access,\r\nplease.".into(),
            dietary: "Vegetarian".into(),
            consent: true,
            targets: vec!["session:mayors-dialogue".into()],
            invitation_code: " mayors-21 ".into(),
            website: String::new(),
        }
    }

    fn problems(form: &RegistrationForm) -> Vec<FormProblem> {
        check(form, &izmir()).expect_err("the form is refused")
    }

    fn problem_at(form: &RegistrationForm, field: Field) -> Vec<ProblemKind> {
        problems(form)
            .into_iter()
            .filter(|p| p.field == field)
            .map(|p| p.problem)
            .collect()
    }

    #[test]
    fn a_complete_form_gives_the_registrant_with_their_address_lower_cased() {
        let checked = check(&complete(), &izmir()).expect("the form is accepted");

        assert_eq!(
            checked,
            Checked {
                registrant: Registrant {
                    name: "Ayşe Yılmaz".into(),
                    email: "ayse.yilmaz@izmir.bel.tr".into(),
                    category: Category::Mayor,
                    city: Some("İzmir".into()),
                    country: Some("TR".into()),
                    organisation: Some("İzmir Büyükşehir Belediyesi".into()),
                    language: lang("tr"),
                    interpretation: Some(lang("en")),
                    zone: Zone::parse("Europe/Istanbul").unwrap(),
                    accessibility: Some("Step-free access,\nplease.".into()),
                    // Only the online dialogue: no meal to plan.
                    dietary: None,
                },
                targets: vec![Target::Session(Slug::parse("mayors-dialogue").unwrap())],
                invitation_code: Some("MAYORS-21".into()),
            }
        );
    }

    #[test]
    fn the_diet_is_kept_for_someone_coming_on_site() {
        let form = RegistrationForm {
            targets: vec!["day:2021-12-10".into(), "session:mayors-dialogue".into()],
            ..complete()
        };

        let checked = check(&form, &izmir()).unwrap();

        assert_eq!(checked.registrant.dietary.as_deref(), Some("Vegetarian"));
    }

    #[test]
    fn optional_fields_left_empty_are_none() {
        let form = RegistrationForm {
            city: " ".into(),
            country: String::new(),
            organisation: String::new(),
            interpretation: String::new(),
            accessibility: "\r\n".into(),
            invitation_code: String::new(),
            ..complete()
        };

        let registrant = check(&form, &izmir()).unwrap().registrant;

        assert_eq!(
            (
                registrant.city,
                registrant.country,
                registrant.organisation,
                registrant.interpretation,
                registrant.accessibility
            ),
            (None, None, None, None, None)
        );
    }

    #[test]
    fn an_empty_form_lists_a_problem_at_each_required_field() {
        let found: Vec<(Field, String)> = problems(&RegistrationForm::default())
            .into_iter()
            .map(|p| (p.field, p.problem.code().to_owned()))
            .collect();

        let expected: Vec<(Field, String)> = [
            (Field::Name, "required"),
            (Field::Email, "required"),
            (Field::Category, "required"),
            (Field::Language, "required"),
            (Field::Zone, "required"),
            (Field::Consent, "no-consent"),
            (Field::Targets, "no-target"),
        ]
        .into_iter()
        .map(|(f, c)| (f, c.to_owned()))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn each_rule_refuses_what_it_should() {
        let long = |n| "x".repeat(n);
        let cases: Vec<(&str, RegistrationForm, Field, ProblemKind)> = vec![
            (
                "a name longer than 200 characters",
                RegistrationForm {
                    name: long(201),
                    ..complete()
                },
                Field::Name,
                ProblemKind::TooLong {
                    max: 200,
                    length: 201,
                },
            ),
            (
                "a name with a line break",
                RegistrationForm {
                    name: "Ayşe\nYılmaz".into(),
                    ..complete()
                },
                Field::Name,
                ProblemKind::ControlCharacter,
            ),
            (
                "an address without @",
                RegistrationForm {
                    email: "ayse.izmir.bel.tr".into(),
                    ..complete()
                },
                Field::Email,
                ProblemKind::InvalidEmail {
                    given: "ayse.izmir.bel.tr".into(),
                },
            ),
            (
                "an address with two @",
                RegistrationForm {
                    email: "ayse@home@izmir.tr".into(),
                    ..complete()
                },
                Field::Email,
                ProblemKind::InvalidEmail {
                    given: "ayse@home@izmir.tr".into(),
                },
            ),
            (
                "an address without a local part",
                RegistrationForm {
                    email: "@izmir.bel.tr".into(),
                    ..complete()
                },
                Field::Email,
                ProblemKind::InvalidEmail {
                    given: "@izmir.bel.tr".into(),
                },
            ),
            (
                "an address whose domain has no dot",
                RegistrationForm {
                    email: "ayse@localhost".into(),
                    ..complete()
                },
                Field::Email,
                ProblemKind::InvalidEmail {
                    given: "ayse@localhost".into(),
                },
            ),
            (
                "an address whose domain ends with a dot",
                RegistrationForm {
                    email: "ayse@izmir.".into(),
                    ..complete()
                },
                Field::Email,
                ProblemKind::InvalidEmail {
                    given: "ayse@izmir.".into(),
                },
            ),
            (
                "an address with a space",
                RegistrationForm {
                    email: "ayse yilmaz@izmir.bel.tr".into(),
                    ..complete()
                },
                Field::Email,
                ProblemKind::InvalidEmail {
                    given: "ayse yilmaz@izmir.bel.tr".into(),
                },
            ),
            (
                "an address longer than 254 characters",
                RegistrationForm {
                    email: format!("{}@izmir.bel.tr", long(250)),
                    ..complete()
                },
                Field::Email,
                ProblemKind::TooLong {
                    max: 254,
                    length: 263,
                },
            ),
            (
                "a category that is not one",
                RegistrationForm {
                    category: "astronaut".into(),
                    ..complete()
                },
                Field::Category,
                ProblemKind::UnknownCategory {
                    given: "astronaut".into(),
                },
            ),
            (
                "a city longer than 200 characters",
                RegistrationForm {
                    city: long(201),
                    ..complete()
                },
                Field::City,
                ProblemKind::TooLong {
                    max: 200,
                    length: 201,
                },
            ),
            (
                "a region rather than a country",
                RegistrationForm {
                    country: "eu".into(),
                    ..complete()
                },
                Field::Country,
                ProblemKind::UnknownCountry { given: "eu".into() },
            ),
            (
                "a country by its name",
                RegistrationForm {
                    country: "Türkiye".into(),
                    ..complete()
                },
                Field::Country,
                ProblemKind::UnknownCountry {
                    given: "Türkiye".into(),
                },
            ),
            (
                "an organisation longer than 200 characters",
                RegistrationForm {
                    organisation: long(201),
                    ..complete()
                },
                Field::Organisation,
                ProblemKind::TooLong {
                    max: 200,
                    length: 201,
                },
            ),
            (
                "a language the event is not held in",
                RegistrationForm {
                    language: "de".into(),
                    ..complete()
                },
                Field::Language,
                ProblemKind::LanguageNotOffered {
                    given: "de".into(),
                    offered: vec![lang("fr"), lang("en"), lang("tr")],
                },
            ),
            (
                "interpretation into a language the event does not offer",
                RegistrationForm {
                    interpretation: "français".into(),
                    ..complete()
                },
                Field::Interpretation,
                ProblemKind::LanguageNotOffered {
                    given: "français".into(),
                    offered: vec![lang("fr"), lang("en"), lang("tr")],
                },
            ),
            (
                "a misspelt time zone",
                RegistrationForm {
                    zone: "Europe/Istambul".into(),
                    ..complete()
                },
                Field::Zone,
                ProblemKind::UnknownZone {
                    given: "Europe/Istambul".into(),
                    suggestion: Some("Europe/Istanbul".into()),
                },
            ),
            (
                "an accessibility note longer than 2000 characters",
                RegistrationForm {
                    accessibility: long(2001),
                    ..complete()
                },
                Field::Accessibility,
                ProblemKind::TooLong {
                    max: 2000,
                    length: 2001,
                },
            ),
            (
                "a diet with a control character",
                RegistrationForm {
                    dietary: "Vegan\u{7}".into(),
                    ..complete()
                },
                Field::Dietary,
                ProblemKind::ControlCharacter,
            ),
            (
                "no consent",
                RegistrationForm {
                    consent: false,
                    ..complete()
                },
                Field::Consent,
                ProblemKind::NoConsent,
            ),
            (
                "no target",
                RegistrationForm {
                    targets: vec![String::new()],
                    ..complete()
                },
                Field::Targets,
                ProblemKind::NoTarget,
            ),
            (
                "a session the programme does not have",
                RegistrationForm {
                    targets: vec!["session:gala-dinner".into()],
                    ..complete()
                },
                Field::Targets,
                ProblemKind::UnknownTarget {
                    given: "session:gala-dinner".into(),
                },
            ),
            (
                "an online day, which has no seats",
                RegistrationForm {
                    targets: vec!["day:2021-12-07".into()],
                    ..complete()
                },
                Field::Targets,
                ProblemKind::UnknownTarget {
                    given: "day:2021-12-07".into(),
                },
            ),
            (
                "a key that is not a target's",
                RegistrationForm {
                    targets: vec!["room:1".into()],
                    ..complete()
                },
                Field::Targets,
                ProblemKind::UnknownTarget {
                    given: "room:1".into(),
                },
            ),
            (
                "an invitation code with a space",
                RegistrationForm {
                    invitation_code: "MAYORS 21".into(),
                    ..complete()
                },
                Field::InvitationCode,
                ProblemKind::InvalidInvitationCode {
                    given: "MAYORS 21".into(),
                },
            ),
            (
                "an invitation code longer than 64 characters",
                RegistrationForm {
                    invitation_code: long(65),
                    ..complete()
                },
                Field::InvitationCode,
                ProblemKind::TooLong {
                    max: 64,
                    length: 65,
                },
            ),
            (
                "the honeypot filled in",
                RegistrationForm {
                    website: "https://spam.example".into(),
                    ..complete()
                },
                Field::Website,
                ProblemKind::Honeypot,
            ),
        ];
        for (description, form, field, expected) in cases {
            assert_eq!(
                problems(&form),
                vec![FormProblem::new(field, expected)],
                "{description}"
            );
        }
    }

    #[test]
    fn a_target_chosen_twice_counts_once() {
        let form = RegistrationForm {
            targets: vec![
                "day:2021-12-10".into(),
                " day:2021-12-10".into(),
                "session:closing-panel".into(),
                "day:2021-12-10".into(),
            ],
            ..complete()
        };

        let checked = check(&form, &izmir()).unwrap();

        assert_eq!(
            checked.targets,
            vec![
                Target::Day(date(2021, 12, 10)),
                Target::Session(Slug::parse("closing-panel").unwrap()),
            ]
        );
    }

    #[test]
    fn every_problem_is_listed_not_just_the_first() {
        let form = RegistrationForm {
            email: "nobody".into(),
            zone: "Mars/Olympus".into(),
            targets: vec!["session:gala-dinner".into(), "day:2030-01-01".into()],
            ..complete()
        };

        let fields: Vec<Field> = problems(&form).into_iter().map(|p| p.field).collect();

        assert_eq!(
            fields,
            [Field::Email, Field::Zone, Field::Targets, Field::Targets]
        );
        assert!(
            matches!(
                problem_at(&form, Field::Zone).as_slice(),
                [ProblemKind::UnknownZone { given, .. }] if given == "Mars/Olympus"
            ),
            "{:?}",
            problem_at(&form, Field::Zone)
        );
    }

    fn one_of_each_kind() -> Vec<ProblemKind> {
        vec![
            ProblemKind::Required,
            ProblemKind::TooLong {
                max: 200,
                length: 201,
            },
            ProblemKind::ControlCharacter,
            ProblemKind::InvalidEmail {
                given: "nobody".into(),
            },
            ProblemKind::UnknownCategory {
                given: "astronaut".into(),
            },
            ProblemKind::UnknownCountry { given: "EU".into() },
            ProblemKind::LanguageNotOffered {
                given: "de".into(),
                offered: vec![lang("fr"), lang("en"), lang("tr")],
            },
            ProblemKind::UnknownZone {
                given: "Europe/Istambul".into(),
                suggestion: Some("Europe/Istanbul".into()),
            },
            ProblemKind::NoConsent,
            ProblemKind::NoTarget,
            ProblemKind::UnknownTarget {
                given: "session:gala-dinner".into(),
            },
            ProblemKind::InvalidInvitationCode {
                given: "MAYORS 21".into(),
            },
            ProblemKind::Honeypot,
        ]
    }

    #[test]
    fn every_problem_and_field_has_words_in_every_interface_language() {
        let codes: Vec<&str> = one_of_each_kind().iter().map(ProblemKind::code).collect();
        assert_eq!(codes, ProblemKind::CODES);
        for tag in crate::locale::INTERFACE_LANGUAGES {
            let words = Localizer::new(&lang(tag));
            for code in ProblemKind::CODES {
                let id = format!("form-problem-{code}");
                assert!(words.has_message(&id), "{tag}.ftl lacks {id}");
            }
            for field in Field::ALL {
                let label = field.label(&words);
                assert!(!label.starts_with("form-field-"), "{tag}: {field:?}");
            }
            for kind in one_of_each_kind() {
                let message = FormProblem::new(Field::Name, kind).message(&words);
                assert!(
                    !message.contains("form-problem-") && !message.contains('{'),
                    "{tag}: {message}"
                );
            }
        }
    }

    #[test]
    fn messages_quote_the_value_and_say_what_would_be_right() {
        let zone = FormProblem::new(
            Field::Zone,
            ProblemKind::UnknownZone {
                given: "Europe/Istambul".into(),
                suggestion: Some("Europe/Istanbul".into()),
            },
        );
        let language = FormProblem::new(
            Field::Language,
            ProblemKind::LanguageNotOffered {
                given: "de".into(),
                offered: vec![lang("fr"), lang("en"), lang("tr")],
            },
        );
        let say = |problem: &FormProblem, tag: &str| problem.message(&Localizer::new(&lang(tag)));

        assert_eq!(
            say(&zone, "en"),
            "“Europe/Istambul” is not a time zone; did you mean “Europe/Istanbul”?"
        );
        assert_eq!(
            say(&zone, "fr"),
            "« Europe/Istambul » n’est pas un fuseau horaire ; vouliez-vous dire « Europe/Istanbul » ?"
        );
        assert_eq!(
            say(&language, "en"),
            "“de” is not one of the event’s languages; choose from French, English and Turkish."
        );
        assert_eq!(
            say(&language, "tr"),
            "“de” etkinliğin dillerinden biri değil; şunlardan birini seçin: Fransızca, İngilizce ve Türkçe."
        );
    }
}
