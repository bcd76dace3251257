//! The messages a participant receives, each in their language with times in their zone and in
//! the event's display zones: a plain-text part wrapped for any mail reader, an HTML part from an
//! auto-escaping template (inline styles, no images, no scripts), and for a confirmation their
//! calendar to attach. Links come in ready-made: the web knows its addresses.
//!
//! ```text
//! Letters::new(programme, name, language, zone) ──sign_in / received / confirmed / waiting /
//!                                                  offer / approved / declined / cancelled──▶ Letter
//! ```

use askama::Template;
use textwrap::{Options, WordSeparator, WordSplitter};

use super::agenda::{Agenda, AgendaItem, Entry, calendar_from_view};
use super::announcement::Wording;
use super::{SIGN_IN_LINK_MINUTES, State};
use crate::changes::ChangeKind;
use crate::export::ExportContext;
use crate::keyword::keyword_enum;
use crate::locale::Localizer;
use crate::{Keyword, Language, Programme, ProgrammeView, ViewOptions, Zone};

/// How wide the plain-text part's lines are, at most (links excepted).
const WIDTH: usize = 72;

keyword_enum! {
    /// What a letter is about, as the outbox records it.
    pub enum LetterKind {
        SignIn => "sign-in",
        Received => "received",
        Confirmed => "confirmed",
        Waiting => "waiting",
        Offer => "offer",
        Approved => "approved",
        Declined => "declined",
        Cancelled => "cancelled",
        /// The day before a session.
        ReminderDayBefore => "reminder-day-before",
        /// Shortly before a session starts.
        ReminderSoon => "reminder-soon",
        /// A session they registered for left the programme.
        SessionCancelled => "session-cancelled",
        /// What a newly published version changed in the participant's sessions.
        Changes => "changes",
        /// A message organisers wrote to the registrants of a session or of the event.
        Announcement => "announcement",
    }
}

/// A message ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub kind: LetterKind,
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
    /// An iCalendar file to attach (`text/calendar`), for a confirmation.
    pub calendar: Option<String>,
    /// Where the reader stops letters like this one: news from organisers only.
    pub unsubscribe: Option<String>,
}

/// The addresses a letter points to, made by the web.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    /// The participant's own page.
    pub me: String,
    /// Where they stop news from organisers; only news carries it.
    pub unsubscribe: Option<String>,
    /// Accepting the seat offered.
    pub accept: Option<String>,
    /// Declining the seat offered.
    pub decline: Option<String>,
}

/// Change notices to every participant who reads one language in one zone: the views of both
/// versions are built once, and each letter only names its reader.
pub struct ChangeLetters<'a> {
    letters: Letters<'a>,
    old: &'a Programme,
    before: ProgrammeView,
}

impl<'a> ChangeLetters<'a> {
    /// Notices of what `new` changed since `old`, in `language` with times in `zone`.
    pub fn new(new: &'a Programme, old: &'a Programme, language: &Language, zone: &Zone) -> Self {
        let letters = Letters::new(new, "", language, zone);
        let before = letters.view_of(old);
        Self {
            letters,
            old,
            before,
        }
    }

    /// The notice to `name`; see [`Letters::changes`].
    pub fn to(
        &mut self,
        name: &str,
        changed: &[(Entry, Vec<ChangeKind>)],
        links: &Links,
    ) -> Letter {
        name.clone_into(&mut self.letters.name);
        self.letters
            .changes_from(self.old, &self.before, changed, links)
    }
}

/// A participant's personal link into an online session's room, and when it starts to work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Join {
    pub url: String,
    pub opens: jiff::Timestamp,
}

/// Writes the letters of one participant of one event: build it once, then call one method per
/// message.
pub struct Letters<'a> {
    programme: &'a Programme,
    name: String,
    zone: Zone,
    words: Localizer,
    /// The programme in the participant's language, with their zone as the reader's.
    view: ProgrammeView,
}

impl<'a> Letters<'a> {
    /// Letters to `name`, who reads `language` and lives in `zone`.
    pub fn new(programme: &'a Programme, name: &str, language: &Language, zone: &Zone) -> Self {
        let words = Localizer::new(language);
        let view = ProgrammeView::build(
            programme,
            &words,
            &ViewOptions {
                reader_zone: Some(zone.clone()),
            },
        );
        Self {
            programme,
            name: name.to_owned(),
            zone: zone.clone(),
            words,
            view,
        }
    }

    /// The sign-in link: it works once, for [`SIGN_IN_LINK_MINUTES`] minutes; someone who did not
    /// ask for it may ignore it.
    pub fn sign_in(&self, link: &str) -> Letter {
        let w = &self.words;
        self.write(Body {
            intro: vec![w.message("letter-sign-in-intro")],
            after: vec![w.message_with(
                "letter-sign-in-validity",
                &[("minutes", SIGN_IN_LINK_MINUTES.into())],
            )],
            actions: vec![Action::button(w.message("letter-sign-in-action"), link)],
            notes: vec![w.message("letter-sign-in-ignore")],
            ..Body::new(LetterKind::SignIn)
        })
    }

    /// A registration received: each target and where it stands (confirmed, waiting with its
    /// position, awaiting approval).
    pub fn received(&self, entries: &[Entry], links: &Links) -> Letter {
        self.about(LetterKind::Received, entries, links)
    }

    /// Seats confirmed (`entries`), then the participant's whole agenda (`all` their
    /// registrations, those still in play), with their calendar attached.
    pub fn confirmed(
        &self,
        entries: &[Entry],
        all: &[Entry],
        links: &Links,
        context: &ExportContext,
    ) -> Letter {
        let w = &self.words;
        let active: Vec<Entry> = all
            .iter()
            .filter(|e| e.state.is_active())
            .cloned()
            .collect();
        let calendar =
            calendar_from_view(self.programme, &self.view, &self.words, all, context, &[]);
        let has_sessions = calendar.contains("BEGIN:VEVENT");
        self.write(Body {
            intro: vec![
                w.message_with("letter-confirmed-intro", &[("count", entries.len().into())]),
            ],
            sections: vec![
                Section::untitled(self.agenda(entries)),
                Section {
                    heading: Some(w.message("letter-your-programme")),
                    items: self.agenda(&active),
                    notes: Vec::new(),
                },
            ],
            after: has_sessions
                .then(|| w.message("letter-confirmed-calendar"))
                .into_iter()
                .collect(),
            actions: vec![self.page(links)],
            calendar: has_sessions.then_some(calendar),
            ..Body::new(LetterKind::Confirmed)
        })
    }

    /// On the waiting list, with the position.
    pub fn waiting(&self, entries: &[Entry], links: &Links) -> Letter {
        self.about(LetterKind::Waiting, entries, links)
    }

    /// A seat offered: the session, until when it is held (in the participant's zone), and the
    /// links to accept or decline it.
    pub fn offer(&self, entries: &[Entry], links: &Links) -> Letter {
        let w = &self.words;
        let items = self.agenda(entries);
        // The offer that ends first says until when to answer.
        let deadline = entries
            .iter()
            .filter(|e| e.state == State::Offered)
            .filter_map(|e| e.offer_until)
            .min()
            .map(|until| {
                let local = self.zone.tz().to_datetime(until);
                w.message_with(
                    "letter-offer-deadline",
                    &[
                        ("until", w.date_time(local).into()),
                        ("zone", self.zone.name().into()),
                    ],
                )
            });
        let mut actions: Vec<Action> = Vec::new();
        if let Some(accept) = &links.accept {
            actions.push(Action::button(w.message("letter-offer-accept"), accept));
        }
        if let Some(decline) = &links.decline {
            actions.push(Action::link(w.message("letter-offer-decline"), decline));
        }
        actions.push(self.page(links));
        self.write(Body {
            intro: vec![w.message("letter-offer-intro")],
            sections: vec![Section::untitled(items)],
            after: deadline.into_iter().collect(),
            actions,
            ..Body::new(LetterKind::Offer)
        })
    }

    /// Registrations an organiser approved, and where they stand now.
    pub fn approved(&self, entries: &[Entry], links: &Links) -> Letter {
        self.about(LetterKind::Approved, entries, links)
    }

    /// Registrations an organiser declined.
    pub fn declined(&self, entries: &[Entry], links: &Links) -> Letter {
        self.about(LetterKind::Declined, entries, links)
    }

    /// Registrations cancelled.
    pub fn cancelled(&self, entries: &[Entry], links: &Links) -> Letter {
        self.about(LetterKind::Cancelled, entries, links)
    }

    /// A reminder of the session of `entry`, of `kind` ([`LetterKind::ReminderDayBefore`] or
    /// [`LetterKind::ReminderSoon`]), with the participant's personal link into its room when it
    /// is online (`join`) and when that link starts to work.
    pub fn reminder(
        &self,
        kind: LetterKind,
        entry: &Entry,
        join: Option<&Join>,
        links: &Links,
    ) -> Letter {
        let w = &self.words;
        let mut actions = Vec::new();
        let mut after = Vec::new();
        if let Some(join) = join {
            actions.push(Action::button(w.message("letter-join-action"), &join.url));
            let opens = self.zone.tz().to_datetime(join.opens);
            after.push(w.message_with(
                "letter-join-opens",
                &[
                    ("opens", w.date_time(opens).into()),
                    ("zone", self.zone.name().into()),
                ],
            ));
        }
        actions.push(self.page(links));
        self.write(Body {
            intro: vec![w.message(&format!("letter-{}-intro", kind.keyword()))],
            sections: vec![Section::untitled(self.agenda(std::slice::from_ref(entry)))],
            after,
            actions,
            ..Body::new(kind)
        })
    }

    /// What a newly published version (this letter's programme) changed in the participant's
    /// sessions since `old`: each session with a line per change, a new time shown beside the
    /// one it had (in the participant's zone); a removed session as it was.
    pub fn changes(
        &self,
        old: &Programme,
        changed: &[(Entry, Vec<ChangeKind>)],
        links: &Links,
    ) -> Letter {
        let before = self.view_of(old);
        self.changes_from(old, &before, changed, links)
    }

    /// `old` as this reader sees it: in their language, with their zone.
    fn view_of(&self, old: &Programme) -> ProgrammeView {
        ProgrammeView::build(
            old,
            &self.words,
            &ViewOptions {
                reader_zone: Some(self.zone.clone()),
            },
        )
    }

    /// [`Letters::changes`] with `old`'s view for this reader built already.
    fn changes_from(
        &self,
        old: &Programme,
        old_view: &ProgrammeView,
        changed: &[(Entry, Vec<ChangeKind>)],
        links: &Links,
    ) -> Letter {
        let w = &self.words;
        let before = Agenda::from_view(
            old,
            old_view,
            w,
            &self.zone,
            &changed.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>(),
        );
        let mut items = Vec::new();
        let mut notes = Vec::new();
        for (entry, kinds) in changed {
            let was = before.items.iter().find(|i| i.target == entry.target.key());
            let item = if kinds.contains(&ChangeKind::Removed) {
                was.cloned()
            } else {
                self.agenda(std::slice::from_ref(entry)).into_iter().next()
            };
            let Some(item) = item else {
                continue;
            };
            let said: Vec<String> = kinds
                .iter()
                .filter_map(|kind| match kind {
                    ChangeKind::Retimed | ChangeKind::TimesWithdrawn => {
                        let was = was?;
                        let own = was.times.iter().find(|t| t.reader);
                        // Their own time first, then each display zone's.
                        let elsewhere: Vec<String> = was
                            .times
                            .iter()
                            .filter(|t| !t.reader)
                            .map(|t| match &t.range_label.date_note {
                                Some(note) => {
                                    format!("{} {} {note}", t.label, t.range_label.range)
                                }
                                None => format!("{} {}", t.label, t.range_label.range),
                            })
                            .collect();
                        let mut when = match (&was.date_label, own) {
                            (Some(date), Some(time)) => {
                                format!("{date}, {} ({})", time.range_label.range, self.zone.name())
                            }
                            (Some(date), None) => date.clone(),
                            (None, _) => return None,
                        };
                        if !elsewhere.is_empty() {
                            when.push_str(" — ");
                            when.push_str(&elsewhere.join(", "));
                        }
                        Some(w.message_with("letter-change-before", &[("when", when.into())]))
                    }
                    ChangeKind::TimesConfirmed => Some(w.message("letter-change-times-confirmed")),
                    ChangeKind::Removed => Some(w.message("letter-change-removed")),
                    ChangeKind::Moved => Some(w.message("letter-change-moved")),
                    ChangeKind::FormatChanged => Some(w.message("letter-change-format")),
                    _ => None,
                })
                .collect();
            items.push(item);
            notes.push(said);
        }
        self.write(Body {
            intro: vec![w.message("letter-changes-intro")],
            sections: vec![Section {
                heading: None,
                items,
                notes,
            }],
            actions: vec![self.page(links)],
            ..Body::new(LetterKind::Changes)
        })
    }

    /// A session they registered for is no longer in the programme.
    pub fn session_cancelled(&self, entries: &[Entry], links: &Links) -> Letter {
        self.about(LetterKind::SessionCancelled, entries, links)
    }

    /// A letter that says what happened, lists the entries and points to the participant's page.
    fn about(&self, kind: LetterKind, entries: &[Entry], links: &Links) -> Letter {
        self.write(Body {
            intro: vec![
                self.words
                    .message(&format!("letter-{}-intro", kind.keyword())),
            ],
            sections: vec![Section::untitled(self.agenda(entries))],
            actions: vec![self.page(links)],
            ..Body::new(kind)
        })
    }

    /// A message organisers wrote (`wording`: its subject and text), about the participant's
    /// registrations `about` when it was sent to a session's registrants. News ends with the
    /// way to stop it ([`Links::unsubscribe`]).
    pub fn announcement(&self, wording: &Wording, about: &[Entry], links: &Links) -> Letter {
        let w = &self.words;
        let mut actions = vec![self.page(links)];
        let mut notes = Vec::new();
        if let Some(unsubscribe) = &links.unsubscribe {
            notes.push(w.message("letter-announcement-why"));
            actions.push(Action::link(
                w.message("letter-announcement-unsubscribe"),
                unsubscribe,
            ));
        }
        self.write(Body {
            subject: Some(wording.subject.trim().to_owned()),
            intro: wording.paragraphs(),
            sections: vec![Section::untitled(self.agenda(about))],
            actions,
            notes,
            unsubscribe: links.unsubscribe.clone(),
            ..Body::new(LetterKind::Announcement)
        })
    }

    /// Letters to `name` from now on, the views kept: for writing one message to many.
    pub fn rename(&mut self, name: &str) {
        name.clone_into(&mut self.name);
    }

    fn agenda(&self, entries: &[Entry]) -> Vec<AgendaItem> {
        Agenda::from_view(self.programme, &self.view, &self.words, &self.zone, entries).items
    }

    fn page(&self, links: &Links) -> Action {
        Action::link(self.words.message("letter-your-page"), &links.me)
    }

    fn write(&self, body: Body) -> Letter {
        let w = &self.words;
        let event = &self.view.event;
        let short = event.short_name.as_ref().unwrap_or(&event.name);
        let subject = body.subject.clone().unwrap_or_else(|| {
            w.message_with(
                &format!("letter-{}-subject", body.kind.keyword()),
                &[("event", short.text.as_str().into())],
            )
        });
        let frame = Frame {
            greeting: w.message_with("letter-greeting", &[("name", self.name.as_str().into())]),
            signature: w.message_with("letter-signature", &[("event", short.text.as_str().into())]),
            state_label: w.message("label-state"),
        };
        let sections: Vec<ShownSection> = body
            .sections
            .iter()
            .filter(|s| !s.items.is_empty())
            .map(|s| ShownSection {
                heading: s.heading.clone(),
                items: s
                    .items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| Shown {
                        notes: s.notes.get(n).cloned().unwrap_or_default(),
                        ..self.shown(i)
                    })
                    .collect(),
            })
            .collect();
        let text = plain_text(&frame, &body, &sections);
        let page = Page {
            lang: w.lang().to_string(),
            subject: &subject,
            event: &event.name.text,
            event_lang: event.name.lang.to_string(),
            frame: &frame,
            intro: &body.intro,
            sections: &sections,
            after: &body.after,
            actions: &body.actions,
            notes: &body.notes,
        };
        // Rendering writes into a String and the template only reads fields: it cannot fail.
        let html = page.render().unwrap_or_default();
        Letter {
            kind: body.kind,
            subject,
            text,
            html,
            calendar: body.calendar,
            unsubscribe: body.unsubscribe,
        }
    }

    /// An agenda item as both parts print it.
    fn shown(&self, item: &AgendaItem) -> Shown {
        Shown {
            heading: item.heading.clone(),
            heading_lang: item.heading_lang.to_string(),
            heading_note: item.heading_note.clone(),
            meta: item.meta_label.clone(),
            removed: item.removed_label.clone(),
            date: item.date_label.clone().filter(|_| item.day.is_none()),
            time_status: item.time_status_label.clone(),
            times: item
                .times
                .iter()
                .map(|t| ShownTime {
                    label: t.label.clone(),
                    range: t.range_label.range.clone(),
                    offset: t.offset.clone(),
                    note: t.range_label.date_note.clone(),
                    own: t.reader,
                })
                .collect(),
            state: item.state_label.clone(),
            position: item.position_label.clone(),
            notes: Vec::new(),
            offer: item.offer_until_label.as_ref().map(|until| {
                self.words.message_with(
                    "label-offer-until",
                    &[
                        ("until", until.as_str().into()),
                        ("zone", self.zone.name().into()),
                    ],
                )
            }),
        }
    }
}

/// What one letter says, before it is written out.
struct Body {
    kind: LetterKind,
    /// The subject as written, for a message organisers wrote; else the kind's.
    subject: Option<String>,
    intro: Vec<String>,
    sections: Vec<Section>,
    /// Paragraphs after the sections.
    after: Vec<String>,
    actions: Vec<Action>,
    /// Small print, after the links.
    notes: Vec<String>,
    calendar: Option<String>,
    unsubscribe: Option<String>,
}

impl Body {
    fn new(kind: LetterKind) -> Self {
        Self {
            kind,
            subject: None,
            intro: Vec::new(),
            sections: Vec::new(),
            after: Vec::new(),
            actions: Vec::new(),
            notes: Vec::new(),
            calendar: None,
            unsubscribe: None,
        }
    }
}

struct Section {
    heading: Option<String>,
    items: Vec<AgendaItem>,
    /// Lines said of each item, by its index: what changed.
    notes: Vec<Vec<String>>,
}

impl Section {
    fn untitled(items: Vec<AgendaItem>) -> Self {
        Self {
            heading: None,
            items,
            notes: Vec::new(),
        }
    }
}

/// A link: a button for what the letter asks to do, else a line of text with the address.
struct Action {
    label: String,
    url: String,
    button: bool,
}

impl Action {
    fn button(label: String, url: &str) -> Self {
        Self {
            label,
            url: url.to_owned(),
            button: true,
        }
    }

    fn link(label: String, url: &str) -> Self {
        Self {
            label,
            url: url.to_owned(),
            button: false,
        }
    }
}

/// The words around every letter.
struct Frame {
    greeting: String,
    signature: String,
    /// "Inscription :".
    state_label: String,
}

struct ShownSection {
    heading: Option<String>,
    items: Vec<Shown>,
}

struct Shown {
    heading: String,
    heading_lang: String,
    heading_note: Option<String>,
    meta: Option<String>,
    removed: Option<String>,
    date: Option<String>,
    time_status: Option<String>,
    times: Vec<ShownTime>,
    state: String,
    position: Option<String>,
    offer: Option<String>,
    /// What changed, a line each.
    notes: Vec<String>,
}

impl Shown {
    /// Where the registration stands: its place on the waiting list when it has one ("No. 4 on
    /// the waiting list"), else its state.
    fn standing(&self) -> &str {
        self.position.as_deref().unwrap_or(&self.state)
    }
}

struct ShownTime {
    label: String,
    range: String,
    offset: String,
    note: Option<String>,
    /// The participant's own zone.
    own: bool,
}

#[derive(Template)]
#[template(path = "letter.html")]
struct Page<'a> {
    lang: String,
    subject: &'a str,
    event: &'a str,
    event_lang: String,
    frame: &'a Frame,
    intro: &'a [String],
    sections: &'a [ShownSection],
    after: &'a [String],
    actions: &'a [Action],
    notes: &'a [String],
}

/// The plain-text part: paragraphs wrapped at [`WIDTH`], each item as a bulleted block with its
/// times aligned, and links on lines of their own so that no mail reader breaks them.
fn plain_text(frame: &Frame, body: &Body, sections: &[ShownSection]) -> String {
    let mut out: Vec<String> = vec![frame.greeting.clone(), String::new()];
    for paragraph in &body.intro {
        out.push(wrap(paragraph, "", ""));
        out.push(String::new());
    }
    for section in sections {
        if let Some(heading) = &section.heading {
            out.push(heading.clone());
            out.push("=".repeat(heading.chars().count()));
            out.push(String::new());
        }
        for item in &section.items {
            out.push(item_text(item, frame));
            out.push(String::new());
        }
    }
    for paragraph in &body.after {
        out.push(wrap(paragraph, "", ""));
        out.push(String::new());
    }
    for action in &body.actions {
        out.push(wrap(&action.label, "", ""));
        out.push(action.url.clone());
        out.push(String::new());
    }
    for note in &body.notes {
        out.push(wrap(note, "", ""));
        out.push(String::new());
    }
    out.push(frame.signature.clone());
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn item_text(item: &Shown, frame: &Frame) -> String {
    const INDENT: &str = "  ";
    let mut lines = vec![wrap(&item.heading, "• ", INDENT)];
    for line in [
        &item.heading_note,
        &item.meta,
        &item.removed,
        &item.date,
        &item.time_status,
    ]
    .into_iter()
    .flatten()
    {
        lines.push(wrap(line, INDENT, INDENT));
    }
    let width = |text: &str| text.chars().count();
    let label_width = item
        .times
        .iter()
        .map(|t| width(&t.label))
        .max()
        .unwrap_or(0);
    let range_width = item
        .times
        .iter()
        .map(|t| width(&t.range))
        .max()
        .unwrap_or(0);
    for time in &item.times {
        let mut line = format!(
            "{INDENT}{}{}  {}{}  {}",
            time.label,
            " ".repeat(label_width - width(&time.label)),
            time.range,
            " ".repeat(range_width - width(&time.range)),
            time.offset,
        );
        if let Some(note) = &time.note {
            line.push_str(", ");
            line.push_str(note);
        }
        lines.push(line);
    }
    let state = format!("{} {}", frame.state_label, item.standing());
    lines.push(wrap(&state, INDENT, INDENT));
    if let Some(offer) = &item.offer {
        lines.push(wrap(offer, INDENT, INDENT));
    }
    for note in &item.notes {
        lines.push(wrap(note, &format!("{INDENT}→ "), &format!("{INDENT}  ")));
    }
    lines.join("\n")
}

/// `text` filled to [`WIDTH`], breaking only at spaces (not inside "Asia/Tokyo", nor at the
/// no-break spaces of "9:00 PM" or "Inscription :").
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let options = Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}

#[cfg(test)]
mod tests;
