//! Taking part: who may register for what, how many seats there are, and where a registration
//! stands. The programme says what happens; this says who comes. None of it is in the programme
//! file or in any public output but the seat counts: the store keeps it with the event.
//!
//! A registration is for a [`Target`]: a session (by its permanent identity) or an on-site day.
//! Each target has a [`Policy`] and a capacity; a registration's [`State`] moves as seats free
//! and organisers act:
//!
//! ```text
//!              ┌──────── approval ────────┐
//!  register ──▶ pending ──approve──▶ (seat?) ─┬─▶ confirmed ──cancel──▶ cancelled
//!      │                  └─decline─▶ declined │        ▲
//!      └────────────────────▶ (seat?) ─────────┤        │ accept
//!                                               └─▶ waiting ──seat frees──▶ offered ──lapse/decline──▶ expired / cancelled
//! ```
//!
//! What a participant reads of it: [`agenda`] (their registrations in time order, with times in
//! their zone and the display zones, and their calendar) and [`letters`] (the messages sent to
//! them as their registrations move).

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use crate::keyword::{Keyword, keyword_enum};
use crate::locale::Localizer;
use crate::{Format, Programme, Slug, Text};

pub mod agenda;
pub mod announcement;
pub mod countries;
pub mod form;
pub mod joining;
pub mod letters;
pub mod search;

pub use countries::{Country, countries, country_name, is_country};
pub use form::{Field, FormProblem, ProblemKind, RegistrationForm};

keyword_enum! {
    /// Who someone is at the summit, as they say when registering.
    pub enum Category {
        Mayor => "mayor",
        ElectedOfficial => "elected-official",
        UrbanLeader => "urban-leader",
        CityStaff => "city-staff",
        CivilSociety => "civil-society",
        Researcher => "researcher",
        Press => "press",
        Public => "public",
    }
}

keyword_enum! {
    /// How a target lets people in.
    pub enum PolicyKind {
        /// Anyone may register.
        Open => "open",
        /// Only some categories may register.
        Categories => "categories",
        /// Registrations wait for an organiser to approve them.
        Approval => "approval",
        /// Only with an invitation code an organiser gave out.
        Invitation => "invitation",
    }
}

keyword_enum! {
    /// Where one registration stands.
    pub enum State {
        /// Waiting for an organiser to approve or decline it.
        Pending => "pending",
        /// Holds a seat.
        Confirmed => "confirmed",
        /// On the waiting list, in arrival order.
        Waiting => "waiting",
        /// A seat is held for it until the offer ends; accepting confirms it.
        Offered => "offered",
        /// An organiser declined it.
        Declined => "declined",
        /// The participant (or an organiser) cancelled it, or the participant declined an offer.
        Cancelled => "cancelled",
        /// An offer ran out unanswered.
        Expired => "expired",
    }
}

impl Category {
    /// What the reader's language calls it: "Élu·e", "Elected official", "Seçilmiş yetkili".
    pub fn name(self, words: &Localizer) -> String {
        words.message(&format!("category-{}", self.keyword()))
    }
}

impl State {
    /// What the reader's language calls it: "En liste d’attente", "On the waiting list".
    pub fn name(self, words: &Localizer) -> String {
        words.message(&format!("registration-state-{}", self.keyword()))
    }

    /// Whether it holds a seat of its target.
    pub fn holds_seat(self) -> bool {
        matches!(self, State::Confirmed | State::Offered)
    }

    /// Whether it is still in play (not declined, cancelled or expired).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            State::Pending | State::Confirmed | State::Waiting | State::Offered
        )
    }
}

/// Parses a keyword of `K`, as stored.
pub fn parse_keyword<K: Keyword>(word: &str) -> Option<K> {
    K::from_keyword(word)
}

/// What one registers for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A session, by its permanent identity (renames keep it).
    Session(Slug),
    /// An on-site day of the event, for its venue's seats.
    Day(Date),
}

impl Target {
    /// The stored word: `session:mayors-dialogue`, `day:2021-12-10`.
    pub fn key(&self) -> String {
        match self {
            Target::Session(id) => format!("session:{id}"),
            Target::Day(date) => format!("day:{date}"),
        }
    }

    /// The target written by [`Target::key`].
    pub fn parse(key: &str) -> Option<Self> {
        if let Some(id) = key.strip_prefix("session:") {
            return Slug::parse(id).ok().map(Target::Session);
        }
        let date = key.strip_prefix("day:")?;
        let parsed: Date = date.parse().ok()?;
        // Only the canonical spelling, so that one target has one key.
        (parsed.to_string() == date).then_some(Target::Day(parsed))
    }

    /// Every target a programme offers: each session other than breaks, in programme order, then
    /// each on-site (or hybrid) day.
    pub fn all(programme: &Programme) -> Vec<Target> {
        let sessions = programme
            .sessions
            .iter()
            .filter(|s| s.kind != crate::SessionKind::Break)
            .map(|s| Target::Session(s.identity().clone()));
        let days = programme
            .event
            .days
            .iter()
            .filter(|d| d.format != Format::Online)
            .map(|d| Target::Day(d.date));
        sessions.chain(days).collect()
    }

    /// Whether `programme` still has this target (a removed session or day does not).
    pub fn exists_in(&self, programme: &Programme) -> bool {
        match self {
            Target::Session(id) => programme.sessions.iter().any(|s| s.identity() == id),
            Target::Day(date) => programme
                .event
                .days
                .iter()
                .any(|d| d.date == *date && d.format != Format::Online),
        }
    }

    /// When it starts, as an instant, if its time is known.
    pub fn start(&self, programme: &Programme) -> Option<Timestamp> {
        let zone = programme.event.host_zone.tz();
        match self {
            Target::Session(id) => {
                let session = programme.sessions.iter().find(|s| s.identity() == id)?;
                let crate::Schedule::Timed { start, .. } = session.schedule else {
                    return None;
                };
                zone.to_ambiguous_timestamp(start).compatible().ok()
            }
            Target::Day(date) => {
                let first = programme
                    .sessions
                    .iter()
                    .filter_map(|s| match s.schedule {
                        crate::Schedule::Timed { start, .. } => Some(start),
                        _ => None,
                    })
                    .filter(|start| start.date() == *date)
                    .min()
                    .unwrap_or_else(|| date.at(0, 0, 0, 0));
                zone.to_ambiguous_timestamp(first).compatible().ok()
            }
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

/// Someone registering, as their form said it once checked: what the store keeps of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registrant {
    pub name: String,
    /// Lower-cased.
    pub email: String,
    pub category: Category,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2, upper-case (`TR`).
    pub country: Option<String>,
    pub organisation: Option<String>,
    /// The language they read (one of the event's).
    pub language: crate::Language,
    /// The language they want interpretation into, if any.
    pub interpretation: Option<crate::Language>,
    /// Their time zone.
    pub zone: crate::Zone,
    pub accessibility: Option<String>,
    /// Only asked for on-site days.
    pub dietary: Option<String>,
}

/// Who may register for a target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Policy {
    Open,
    /// Only these categories (never empty in a saved setting).
    Categories(Vec<Category>),
    Approval,
    Invitation,
}

impl Policy {
    pub fn kind(&self) -> PolicyKind {
        match self {
            Policy::Open => PolicyKind::Open,
            Policy::Categories(_) => PolicyKind::Categories,
            Policy::Approval => PolicyKind::Approval,
            Policy::Invitation => PolicyKind::Invitation,
        }
    }

    /// The categories it admits, as stored (`mayor,elected-official`); empty unless it is
    /// [`Policy::Categories`].
    pub fn categories_key(&self) -> String {
        match self {
            Policy::Categories(categories) => categories
                .iter()
                .map(|c| c.keyword())
                .collect::<Vec<_>>()
                .join(","),
            _ => String::new(),
        }
    }

    /// The policy stored as [`Policy::kind`] and [`Policy::categories_key`].
    pub fn from_stored(kind: &str, categories: &str) -> Option<Self> {
        Some(match PolicyKind::from_keyword(kind)? {
            PolicyKind::Open => Policy::Open,
            PolicyKind::Approval => Policy::Approval,
            PolicyKind::Invitation => Policy::Invitation,
            PolicyKind::Categories => {
                let categories: Option<Vec<Category>> = categories
                    .split(',')
                    .filter(|w| !w.is_empty())
                    .map(Category::from_keyword)
                    .collect();
                Policy::Categories(categories?)
            }
        })
    }

    /// What a registration by someone of `category` (with or without a valid invitation) comes
    /// to before seats are counted.
    pub fn admits(&self, category: Category, invited: bool) -> Admission {
        match self {
            Policy::Open => Admission::Seat,
            Policy::Categories(allowed) if allowed.contains(&category) => Admission::Seat,
            Policy::Categories(_) => Admission::Refused(Refusal::Category),
            Policy::Approval => Admission::Approval,
            Policy::Invitation if invited => Admission::Seat,
            Policy::Invitation => Admission::Refused(Refusal::Invitation),
        }
    }
}

/// What a policy makes of a registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Take a seat, or join the waiting list when there is none.
    Seat,
    /// Wait for an organiser.
    Approval,
    Refused(Refusal),
}

/// Why a policy refuses someone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The target is only for other categories.
    Category,
    /// The target needs an invitation code, and none valid was given.
    Invitation,
}

/// A target's setting: its policy and seats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetSetting {
    pub target: Target,
    pub policy: Policy,
    /// `None`: unlimited.
    pub capacity: Option<u32>,
}

/// When registration is open, and what it says, for one event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// Not before then; `None`: registration never opened (it is closed).
    pub opens: Option<Timestamp>,
    /// Not from then; `None`: open until the target starts.
    pub closes: Option<Timestamp>,
    /// The privacy notice people consent to, per language (Markdown).
    pub privacy_notice: Text,
    /// How long an offer lasts when the session is not close.
    pub offer_hours: u32,
}

/// How long a participant's sign-in link works, once.
pub const SIGN_IN_LINK_MINUTES: u32 = 30;

/// Offers last a day unless the start is close.
pub const DEFAULT_OFFER_HOURS: u32 = 24;

impl Window {
    /// Closed, with offers of a day.
    pub fn closed() -> Self {
        Self {
            offer_hours: DEFAULT_OFFER_HOURS,
            ..Self::default()
        }
    }

    /// Whether registrations are taken at `now`.
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.opens.is_some_and(|opens| opens <= now)
            && self.closes.is_none_or(|closes| now < closes)
    }
}

/// Until when an offer made at `now` holds, for a target starting at `start`: the event's offer
/// length, but never more than half the time left before the start, and never less than 15
/// minutes; the full length once the target has started (an online session can be joined late,
/// and registration closes when its organisers close it). `None` only past the end of time.
pub fn offer_expiry(
    now: Timestamp,
    start: Option<Timestamp>,
    offer_hours: u32,
) -> Option<Timestamp> {
    let full = SignedDuration::from_hours(i64::from(offer_hours.max(1)));
    let shortest = SignedDuration::from_mins(15);
    let length = match start {
        Some(start) if start > now => full.min(start.duration_since(now) / 2).max(shortest),
        _ => full,
    };
    now.checked_add(length).ok()
}

/// The characters of an invitation code: upper-case letters and digits that cannot be taken for
/// one another (no `I`, `O`, `0` or `1`). Thirty-two of them, so that a random byte picks one
/// evenly.
pub const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// The characters of an invitation code, in groups of four joined by hyphens (`K7QX-M2PD`).
pub const CODE_LENGTH: usize = 8;

/// The invitation code that `random` bytes spell: `K7QX-M2PD`. Each byte picks one character of
/// [`CODE_ALPHABET`].
pub fn invitation_code(random: [u8; CODE_LENGTH]) -> String {
    let mut code = String::with_capacity(CODE_LENGTH + CODE_LENGTH / 4);
    for (i, byte) in random.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(char::from(CODE_ALPHABET[usize::from(byte % 32)]));
    }
    code
}

/// What the public sees of a target: the only figures about people that leave the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// Registration is open and seats are unlimited (or it needs approval).
    Open,
    /// Registration is open with this many seats left.
    SeatsLeft(u32),
    /// Every seat is taken; registering joins the waiting list.
    WaitingList,
    /// Not taking registrations.
    Closed,
}

impl Availability {
    /// For a target with `capacity` and `held` seats held, while registration is `open`.
    pub fn of(open: bool, capacity: Option<u32>, held: u32) -> Self {
        match (open, capacity) {
            (false, _) => Availability::Closed,
            (true, None) => Availability::Open,
            (true, Some(capacity)) if held < capacity => Availability::SeatsLeft(capacity - held),
            (true, Some(_)) => Availability::WaitingList,
        }
    }

    /// What the public reads: "3 places restantes", "Registration closed".
    pub fn label(self, words: &Localizer) -> String {
        let id = format!("availability-{}", self.keyword());
        match self {
            Availability::SeatsLeft(count) => {
                words.message_with(&id, &[("count", fluent::FluentValue::from(count))])
            }
            _ => words.message(&id),
        }
    }

    /// The word for it in pages and the seats endpoint.
    pub fn keyword(self) -> &'static str {
        match self {
            Availability::Open => "open",
            Availability::SeatsLeft(_) => "seats-left",
            Availability::WaitingList => "waiting-list",
            Availability::Closed => "closed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn izmir() -> Programme {
        let source = include_str!("../../../examples/izmir-2021.toml");
        crate::load(source, &crate::CheckOptions::default())
            .programme
            .expect("the Izmir programme loads")
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn targets_read_back_from_their_keys_and_only_the_canonical_one() {
        for target in [
            Target::Session(Slug::parse("mayors-dialogue").unwrap()),
            Target::Day(jiff::civil::date(2021, 12, 10)),
        ] {
            assert_eq!(Target::parse(&target.key()), Some(target));
        }
        assert_eq!(Target::parse("day:2021-12-1"), None);
        assert_eq!(Target::parse("session:Not A Slug"), None);
        assert_eq!(Target::parse("room:1"), None);
    }

    #[test]
    fn the_izmir_programme_offers_its_sessions_and_its_day_on_site() {
        let programme = izmir();
        let targets = Target::all(&programme);
        assert!(targets.contains(&Target::Day(jiff::civil::date(2021, 12, 10))));
        assert!(!targets.contains(&Target::Day(jiff::civil::date(2021, 12, 7))));
        let sessions = targets
            .iter()
            .filter(|t| matches!(t, Target::Session(_)))
            .count();
        assert!(sessions >= 5, "{targets:?}");
        assert!(targets.iter().all(|t| t.exists_in(&programme)));
    }

    #[test]
    fn policies_admit_by_category_and_invitation() {
        let mayors = Policy::Categories(vec![Category::Mayor, Category::ElectedOfficial]);
        assert_eq!(mayors.admits(Category::Mayor, false), Admission::Seat);
        assert_eq!(
            mayors.admits(Category::Press, false),
            Admission::Refused(Refusal::Category)
        );
        assert_eq!(
            Policy::Approval.admits(Category::Press, false),
            Admission::Approval
        );
        assert_eq!(
            Policy::Invitation.admits(Category::Mayor, false),
            Admission::Refused(Refusal::Invitation)
        );
        assert_eq!(
            Policy::Invitation.admits(Category::Mayor, true),
            Admission::Seat
        );
        let stored = Policy::from_stored(mayors.kind().keyword(), &mayors.categories_key());
        assert_eq!(stored, Some(mayors));
        assert_eq!(Policy::from_stored("categories", "mayor,astronaut"), None);
    }

    #[test]
    fn an_offer_lasts_a_day_but_half_the_time_left_close_to_the_start_and_a_day_once_it_started() {
        let now = at("2021-12-01T12:00:00Z");
        assert_eq!(
            offer_expiry(now, None, 24),
            Some(at("2021-12-02T12:00:00Z"))
        );
        let far = at("2021-12-07T13:00:00Z");
        assert_eq!(
            offer_expiry(now, Some(far), 24),
            Some(at("2021-12-02T12:00:00Z"))
        );
        let close = at("2021-12-01T18:00:00Z");
        assert_eq!(
            offer_expiry(now, Some(close), 24),
            Some(at("2021-12-01T15:00:00Z"))
        );
        let very_close = at("2021-12-01T12:20:00Z");
        assert_eq!(
            offer_expiry(now, Some(very_close), 24),
            Some(at("2021-12-01T12:15:00Z"))
        );
        assert_eq!(
            offer_expiry(now, Some(at("2021-12-01T12:10:00Z")), 24),
            Some(at("2021-12-01T12:15:00Z"))
        );
        assert_eq!(
            offer_expiry(now, Some(at("2021-12-01T11:00:00Z")), 24),
            Some(at("2021-12-02T12:00:00Z"))
        );
    }

    #[test]
    fn the_public_sees_seats_left_then_the_waiting_list() {
        assert_eq!(
            Availability::of(true, Some(500), 499),
            Availability::SeatsLeft(1)
        );
        assert_eq!(
            Availability::of(true, Some(500), 500),
            Availability::WaitingList
        );
        assert_eq!(Availability::of(true, None, 10_000), Availability::Open);
        assert_eq!(Availability::of(false, Some(500), 0), Availability::Closed);
    }

    #[test]
    fn categories_states_and_availability_are_worded_in_each_language() {
        let say = |tag: &str| Localizer::new(&crate::Language::parse(tag).unwrap());
        let [fr, en, tr] = ["fr", "en", "tr"].map(say);

        let mayor = Category::Mayor;
        assert_eq!(
            [mayor.name(&fr), mayor.name(&en), mayor.name(&tr)],
            ["Maire", "Mayor", "Belediye Başkanı"]
        );
        let waiting = State::Waiting;
        assert_eq!(
            [waiting.name(&fr), waiting.name(&en), waiting.name(&tr)],
            [
                "En liste d’attente",
                "On the waiting list",
                "Bekleme listesinde"
            ]
        );
        let left = |n| Availability::SeatsLeft(n);
        assert_eq!(
            [
                left(1).label(&fr),
                left(3).label(&fr),
                left(1).label(&en),
                left(3).label(&en)
            ],
            [
                "1 place restante",
                "3 places restantes",
                "1 seat left",
                "3 seats left"
            ]
        );
        assert_eq!(left(3).label(&tr), "3 yer kaldı");
        assert_eq!(Availability::Closed.label(&fr), "Inscriptions fermées");

        for words in [&fr, &en, &tr] {
            let names = Category::ALL.iter().map(|c| c.name(words));
            let states = State::ALL.iter().map(|s| s.name(words));
            let availability = [
                Availability::Open,
                left(2),
                Availability::WaitingList,
                Availability::Closed,
            ]
            .map(|a| a.label(words));
            for word in names.chain(states).chain(availability) {
                assert!(
                    !word.starts_with("category-")
                        && !word.starts_with("registration-state-")
                        && !word.starts_with("availability-"),
                    "{}: {word}",
                    words.lang()
                );
            }
        }
    }

    #[test]
    fn invitation_codes_are_groups_of_unambiguous_characters() {
        assert_eq!(invitation_code([0, 1, 2, 3, 31, 30, 24, 25]), "ABCD-9823");
        // Every byte picks a character, the same for bytes 32 apart.
        assert_eq!(invitation_code([32; 8]), invitation_code([0; 8]));
        let every: std::collections::BTreeSet<u8> = CODE_ALPHABET.iter().copied().collect();
        assert_eq!(every.len(), 32);
        assert!(every.iter().all(|c| !b"IO01".contains(c)));
    }

    #[test]
    fn the_window_is_open_from_its_opening_until_its_closing() {
        let window = Window {
            opens: Some(at("2021-11-01T00:00:00Z")),
            closes: Some(at("2021-12-06T00:00:00Z")),
            ..Window::closed()
        };
        assert!(!window.is_open(at("2021-10-31T23:59:59Z")));
        assert!(window.is_open(at("2021-11-01T00:00:00Z")));
        assert!(!window.is_open(at("2021-12-06T00:00:00Z")));
        assert!(!Window::closed().is_open(at("2021-11-15T00:00:00Z")));
    }
}
