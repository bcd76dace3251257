//! A message organisers write to the registrants of one session (or on-site day) or of the whole
//! event: its subject and text in each language they write, who receives it, and why. A message
//! about their registration (a change of room, what to prepare) reaches everyone it is addressed
//! to; news reaches only those who did not unsubscribe, and says how to.
//!
//! Each participant reads it in their language when the organisers wrote it in that language,
//! else in the event's source language, else in the first language written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{State, Target};
use crate::Language;
use crate::keyword::keyword_enum;

keyword_enum! {
    /// Why organisers write: it decides whether unsubscribing stops it.
    pub enum Purpose {
        /// About the participant's own registration: always sent.
        Registration => "registration",
        /// Anything else: not sent to those who unsubscribed, and says how to.
        News => "news",
    }
}

/// A subject and a text, in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wording {
    pub subject: String,
    /// Paragraphs separated by blank lines; plain text, never markup.
    pub body: String,
}

impl Wording {
    /// The text's paragraphs, each on one line, blank ones left out.
    pub fn paragraphs(&self) -> Vec<String> {
        self.body
            .replace("\r\n", "\n")
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect()
    }
}

/// What organisers send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Announcement {
    /// `None`: every registrant of the event.
    pub audience: Option<Target>,
    /// Whether those waiting for a seat or for approval receive it too.
    pub include_waiting: bool,
    pub purpose: Purpose,
    pub texts: BTreeMap<Language, Wording>,
}

/// What is wrong with a message, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnnouncementProblem {
    /// Nothing written in any language.
    NothingWritten,
    /// A subject without a text, in this language.
    BodyMissing(Language),
    /// A text without a subject, in this language.
    SubjectMissing(Language),
    /// The subject is longer than [`Announcement::MAX_SUBJECT`] characters.
    SubjectTooLong(Language),
    /// The text is longer than [`Announcement::MAX_BODY`] characters.
    BodyTooLong(Language),
    /// The subject has a line break or another control character.
    SubjectNotOneLine(Language),
}

impl Announcement {
    /// The longest subject, in characters.
    pub const MAX_SUBJECT: usize = 200;
    /// The longest text, in characters.
    pub const MAX_BODY: usize = 10_000;

    /// Checks the message; every problem, in language order.
    pub fn check(&self) -> Vec<AnnouncementProblem> {
        let mut problems = Vec::new();
        if self.texts.is_empty() {
            problems.push(AnnouncementProblem::NothingWritten);
        }
        for (language, wording) in &self.texts {
            let subject = wording.subject.trim();
            let body = wording.body.trim();
            if subject.is_empty() {
                problems.push(AnnouncementProblem::SubjectMissing(language.clone()));
            } else if subject.chars().count() > Self::MAX_SUBJECT {
                problems.push(AnnouncementProblem::SubjectTooLong(language.clone()));
            } else if subject.chars().any(char::is_control) {
                problems.push(AnnouncementProblem::SubjectNotOneLine(language.clone()));
            }
            if body.is_empty() {
                problems.push(AnnouncementProblem::BodyMissing(language.clone()));
            } else if body.chars().count() > Self::MAX_BODY {
                problems.push(AnnouncementProblem::BodyTooLong(language.clone()));
            }
        }
        problems
    }

    /// Whether a registration in `state` for the audience receives it.
    pub fn reaches(&self, state: State) -> bool {
        match state {
            State::Confirmed => true,
            State::Pending | State::Waiting | State::Offered => self.include_waiting,
            _ => false,
        }
    }

    /// Whether a participant who unsubscribed receives it.
    pub fn reaches_unsubscribed(&self) -> bool {
        self.purpose == Purpose::Registration
    }

    /// The wording a reader of `language` gets: theirs, else the event's `source` language's,
    /// else the first written; with the language it is in.
    pub fn wording_for(
        &self,
        language: &Language,
        source: &Language,
    ) -> Option<(&Language, &Wording)> {
        self.texts
            .get_key_value(language)
            .or_else(|| self.texts.get_key_value(source))
            .or_else(|| self.texts.iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Language {
        Language::parse(tag).expect("a language")
    }

    fn wording(subject: &str, body: &str) -> Wording {
        Wording {
            subject: subject.to_owned(),
            body: body.to_owned(),
        }
    }

    fn announcement(texts: &[(&str, Wording)]) -> Announcement {
        Announcement {
            audience: None,
            include_waiting: false,
            purpose: Purpose::News,
            texts: texts.iter().map(|(l, w)| (lang(l), w.clone())).collect(),
        }
    }

    #[test]
    fn each_reader_gets_their_language_else_the_source_language_else_the_first_written() {
        let message = announcement(&[
            ("en", wording("Tomorrow", "See you.")),
            ("fr", wording("Demain", "À demain.")),
        ]);
        let fr = lang("fr");
        let read = |l: &str, source: &Language| message.wording_for(&lang(l), source).map(|w| w.1);
        assert_eq!(
            read("en", &fr).map(|w| w.subject.as_str()),
            Some("Tomorrow")
        );
        assert_eq!(read("tr", &fr).map(|w| w.subject.as_str()), Some("Demain"));
        assert_eq!(
            read("tr", &lang("tr")).map(|w| w.subject.as_str()),
            Some("Tomorrow")
        );
    }

    #[test]
    fn a_language_needs_both_a_subject_and_a_text_and_something_must_be_written() {
        assert_eq!(
            announcement(&[]).check(),
            vec![AnnouncementProblem::NothingWritten]
        );
        assert_eq!(
            announcement(&[
                ("fr", wording("Demain", "  ")),
                ("tr", wording("", "Yarın"))
            ])
            .check(),
            vec![
                AnnouncementProblem::BodyMissing(lang("fr")),
                AnnouncementProblem::SubjectMissing(lang("tr")),
            ]
        );
    }

    #[test]
    fn a_subject_is_one_line_and_both_are_bounded() {
        let long_subject = "a".repeat(Announcement::MAX_SUBJECT + 1);
        let long_body = "b".repeat(Announcement::MAX_BODY + 1);
        assert_eq!(
            announcement(&[
                ("en", wording("Hello\r\nBcc: all@example.org", "Hi")),
                ("fr", wording(&long_subject, &long_body)),
            ])
            .check(),
            vec![
                AnnouncementProblem::SubjectNotOneLine(lang("en")),
                AnnouncementProblem::SubjectTooLong(lang("fr")),
                AnnouncementProblem::BodyTooLong(lang("fr")),
            ]
        );
    }

    #[test]
    fn paragraphs_are_split_at_blank_lines_and_joined_within() {
        let text = wording(
            "S",
            "First line\r\nsame paragraph.\r\n\r\n\r\n  Second.  \n\n",
        );
        assert_eq!(
            text.paragraphs(),
            vec!["First line same paragraph.", "Second."]
        );
    }

    #[test]
    fn news_skips_the_unsubscribed_and_waiting_lists_only_when_asked() {
        let mut message = announcement(&[("fr", wording("S", "B"))]);
        assert!(!message.reaches_unsubscribed());
        assert!(message.reaches(State::Confirmed));
        assert!(!message.reaches(State::Waiting));
        assert!(!message.reaches(State::Cancelled));
        message.include_waiting = true;
        message.purpose = Purpose::Registration;
        assert!(message.reaches_unsubscribed());
        assert!(message.reaches(State::Waiting) && message.reaches(State::Pending));
        assert!(!message.reaches(State::Declined));
    }
}
