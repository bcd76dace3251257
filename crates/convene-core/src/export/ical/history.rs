//! The calendar history of a programme's published versions: each session's SEQUENCE and the
//! sessions removed since, folded in one version at a time and kept between versions as JSON.

mod json;

pub use json::InvalidHistory;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::changes::session_changes;
use crate::{DisplayZone, Event, Person, Programme, Session, Slug, Text, Venue};

/// What the published versions of a programme mean for calendars that imported earlier ones: each
/// session's revision (SEQUENCE), and the sessions removed since, to be sent as cancelled.
///
/// It holds what the next version needs: for every session any version had, its place in order
/// of first appearance, its SEQUENCE, whether it is removed, and — when that is not the newest
/// version — the last version that had it with its time, reduced to the session and what its
/// calendar entry reads. [`CalendarHistory::next`] folds in a new version, and
/// [`CalendarHistory::to_json`] keeps the history between versions, so earlier versions need not be.
///
/// ```
/// # use convene_core::export::ical::CalendarHistory;
/// # use convene_core::{CheckOptions, load};
/// # let source = include_str!("../../../../../examples/izmir-2021.toml");
/// # let first = load(source, &CheckOptions::default()).programme.unwrap();
/// let mut second = first.clone();
/// second.sessions.retain(|s| s.id.as_str() != "workshop-diversity");
/// let history = CalendarHistory::default()
///     .next(None, &first)
///     .next(Some(&first), &second);
/// let kept = CalendarHistory::from_json(&history.to_json()).unwrap();
/// assert_eq!(kept, history);
/// assert_eq!(kept.cancelled()[0].id().as_str(), "workshop-diversity");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CalendarHistory {
    tracks: HashMap<Slug, Track>,
    /// The removed sessions that had their time, in the order they first appeared; made from
    /// `tracks`.
    cancelled: Vec<CancelledSession>,
}

/// What the history knows of one session.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Track {
    /// Its place in order of first appearance.
    order: usize,
    sequence: u32,
    removed: bool,
    /// The last version that had it with its time, when that is not the newest version; `None`
    /// too for a session that never had its time.
    last_timed: Option<Arc<Snapshot>>,
}

/// One session as a version had it, with what its calendar entry reads besides: its venue, the
/// display zones, and the event without its introduction, earlier editions or days.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Snapshot {
    event: Event,
    zones: Vec<DisplayZone>,
    /// `None` when the version had no venue of the session's name.
    venue: Option<Venue>,
    /// The people of the directory the session names, in its order.
    people: Vec<Person>,
    session: Session,
}

/// A session that an earlier version had with its time and the newest has no more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelledSession {
    id: Slug,
    /// The last version that had the session with its time.
    last: Arc<Snapshot>,
    sequence: u32,
}

impl CalendarHistory {
    /// The history once `new` is published after `previous`, the newest version this history has
    /// taken in (`None` when it has taken in none).
    ///
    /// A session's SEQUENCE goes up by one in each version that changes what its calendar event
    /// shows (time, title, venue or the venue's name, format, kind, description or questions), when
    /// it is removed, and when it comes back. A session removed from the newest version that an
    /// earlier one had with its time is cancelled, with its last content and its SEQUENCE one higher
    /// than its last.
    pub fn next(&self, previous: Option<&Programme>, new: &Programme) -> Self {
        let mut tracks = self.tracks.clone();
        let before = previous.map(first_by_id).unwrap_or_default();
        let mut present = HashSet::new();
        let mut timed = HashSet::new();
        for session in &new.sessions {
            let order = tracks.len();
            let track = tracks.entry(session.identity().clone()).or_insert(Track {
                order,
                sequence: 0,
                removed: false,
                last_timed: None,
            });
            let changed = match (previous, before.get(session.identity())) {
                (Some(old), Some(before)) => calendar_shows_change(old, before, new, session),
                // Back after it was removed.
                _ => track.removed,
            };
            if changed {
                track.sequence = track.sequence.saturating_add(1);
            }
            track.removed = false;
            present.insert(session.identity());
            if session.schedule.is_confirmed() {
                timed.insert(session.identity());
            }
        }
        let timed_before: HashSet<&Slug> = previous
            .iter()
            .flat_map(|old| &old.sessions)
            .filter(|s| s.schedule.is_confirmed())
            .map(Session::identity)
            .collect();
        for (id, track) in &mut tracks {
            if !track.removed && !present.contains(id) {
                track.removed = true;
                track.sequence = track.sequence.saturating_add(1);
            }
            if timed.contains(id) {
                // The newest version is its last with its time.
                track.last_timed = None;
            } else if let Some(old) = previous.filter(|_| timed_before.contains(id)) {
                track.last_timed = Snapshot::of(old, id).map(Arc::new);
            }
        }
        Self::from_tracks(tracks)
    }

    /// The SEQUENCE of a session of the newest version, by its identity
    /// ([`Session::identity`]): in how many versions after the first one (and after each time it
    /// was removed and came back) what its calendar event shows changed. 0 for a session the
    /// newest version does not have.
    pub fn sequence(&self, session: &Slug) -> u32 {
        self.tracks
            .get(session)
            .filter(|t| !t.removed)
            .map_or(0, |t| t.sequence)
    }

    /// The sessions removed since an earlier version, in the order they first appeared.
    pub fn cancelled(&self) -> &[CancelledSession] {
        &self.cancelled
    }

    fn from_tracks(tracks: HashMap<Slug, Track>) -> Self {
        let mut cancelled: Vec<(usize, CancelledSession)> = tracks
            .iter()
            .filter(|(_, t)| t.removed)
            .filter_map(|(id, t)| {
                let last = Arc::clone(t.last_timed.as_ref()?);
                let sequence = t.sequence;
                Some((
                    t.order,
                    CancelledSession {
                        id: id.clone(),
                        last,
                        sequence,
                    },
                ))
            })
            .collect();
        cancelled.sort_by_key(|(order, _)| *order);
        Self {
            tracks,
            cancelled: cancelled.into_iter().map(|(_, c)| c).collect(),
        }
    }
}

impl CancelledSession {
    pub fn id(&self) -> &Slug {
        &self.id
    }

    /// The session as the last version that had it with its time wrote it.
    pub fn session(&self) -> Option<&Session> {
        Some(&self.last.session)
    }

    /// One more than its last SEQUENCE.
    pub fn sequence(&self) -> u32 {
        self.sequence
    }

    /// The last version that had the session with its time, reduced to the session and what its
    /// calendar entry reads.
    pub(in crate::export::ical) fn programme(&self) -> Programme {
        self.last.programme()
    }
}

impl Snapshot {
    /// The session whose identity is `id` as `programme` has it (the first, should two share it).
    fn of(programme: &Programme, id: &Slug) -> Option<Self> {
        let session = programme.session_by_identity(id)?;
        let event = &programme.event;
        Some(Self {
            event: Event {
                id: event.id.clone(),
                name: event.name.clone(),
                short_name: event.short_name.clone(),
                source_language: event.source_language.clone(),
                languages: event.languages.clone(),
                host_zone: event.host_zone.clone(),
                status: event.status,
                introduction: Text::new(),
                continues: Vec::new(),
                days: Vec::new(),
            },
            zones: programme.zones.clone(),
            venue: programme.venue(&session.venue).cloned(),
            people: programme
                .people_of(session)
                .into_iter()
                .map(|(person, _)| person.clone())
                .collect(),
            session: session.clone(),
        })
    }

    fn programme(&self) -> Programme {
        Programme {
            event: self.event.clone(),
            zones: self.zones.clone(),
            venues: self.venue.iter().cloned().collect(),
            people: self.people.clone(),
            sessions: vec![self.session.clone()],
        }
    }
}

/// The calendar history of the published `versions` of a programme, oldest first; the calendar it
/// is for is the newest version's. Each version is folded in turn with [`CalendarHistory::next`],
/// which says when a session's SEQUENCE goes up and which sessions are cancelled.
pub fn history(versions: &[&Programme]) -> CalendarHistory {
    let mut history = CalendarHistory::default();
    let mut previous = None;
    for &version in versions {
        history = history.next(previous, version);
        previous = Some(version);
    }
    history
}

/// The sessions of `programme` by identity, which renaming a session keeps; the first, should two
/// share one.
fn first_by_id(programme: &Programme) -> HashMap<&Slug, &Session> {
    let mut found = HashMap::with_capacity(programme.sessions.len());
    for session in &programme.sessions {
        found.entry(session.identity()).or_insert(session);
    }
    found
}

/// Whether a session's calendar event reads differently in `new` than in `old`.
fn calendar_shows_change(
    old: &Programme,
    before: &Session,
    new: &Programme,
    after: &Session,
) -> bool {
    // The venue's own name or city is part of the event's LOCATION.
    let place = |p: &Programme, s: &Session| {
        p.venue(&s.venue)
            .map(|v| (v.kind, v.name.clone(), v.city.clone()))
    };
    // Every change of a session shows in its entry: time, title, place, format, category,
    // description and who takes part.
    !session_changes(old, before, new, after).is_empty() || place(old, before) != place(new, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::ical::calendar;
    use crate::export::ical::session_calendar;
    use crate::export::ical::tests::{
        IZMIR, context_with, event_of, izmir_versions, line_of, programme, retime, session_mut,
        view, without,
    };
    use crate::sample::{SampleShape, sample_programme};
    use crate::{CheckOptions, Language, Schedule, load};
    use jiff::SignedDuration;
    use proptest::prelude::*;

    /// The history made from every version at once, as calendars had it before it could be folded
    /// in one version at a time: each session's SEQUENCE, and each cancelled session with the
    /// whole of the last version that had it with its time, reduced to the session and its venue.
    struct Batch {
        sequences: HashMap<Slug, u32>,
        cancelled: Vec<(Slug, Programme, u32)>,
    }

    fn batch(versions: &[&Programme]) -> Batch {
        struct Track<'p> {
            order: usize,
            sequence: u32,
            removed: bool,
            last_timed: Option<&'p Programme>,
        }
        let mut tracks: HashMap<&Slug, Track<'_>> = HashMap::new();
        let mut previous: Option<&Programme> = None;
        for &version in versions {
            for session in &version.sessions {
                let order = tracks.len();
                let track = tracks.entry(&session.id).or_insert(Track {
                    order,
                    sequence: 0,
                    removed: false,
                    last_timed: None,
                });
                let before = previous.and_then(|old| Some((old, old.session(&session.id)?)));
                let changed = match before {
                    Some((old, before)) => calendar_shows_change(old, before, version, session),
                    None => track.removed,
                };
                if changed {
                    track.sequence += 1;
                }
                track.removed = false;
                if session.schedule.is_confirmed() {
                    track.last_timed = Some(version);
                }
            }
            let present: HashSet<&Slug> = version.sessions.iter().map(|s| &s.id).collect();
            for (id, track) in &mut tracks {
                if !track.removed && !present.contains(id) {
                    track.removed = true;
                    track.sequence += 1;
                }
            }
            previous = Some(version);
        }
        let sequences = tracks
            .iter()
            .filter(|(_, t)| !t.removed && t.sequence > 0)
            .map(|(&id, t)| (id.clone(), t.sequence))
            .collect();
        let reduced = |programme: &Programme, id: &Slug| {
            let session = programme.session(id)?;
            Some(Programme {
                event: programme.event.clone(),
                zones: programme.zones.clone(),
                venues: programme
                    .venue(&session.venue)
                    .cloned()
                    .into_iter()
                    .collect(),
                people: programme
                    .people_of(session)
                    .into_iter()
                    .map(|(person, _)| person.clone())
                    .collect(),
                sessions: vec![session.clone()],
            })
        };
        let mut cancelled: Vec<(usize, (Slug, Programme, u32))> = tracks
            .iter()
            .filter(|(_, t)| t.removed)
            .filter_map(|(&id, t)| {
                let last = reduced(t.last_timed?, id)?;
                Some((t.order, (id.clone(), last, t.sequence)))
            })
            .collect();
        cancelled.sort_by_key(|(order, _)| *order);
        Batch {
            sequences,
            cancelled: cancelled.into_iter().map(|(_, c)| c).collect(),
        }
    }

    /// A session's calendar entry as a reader of `lang` sees it in `programme`, as JSON.
    fn entry_of(programme: &Programme, id: &Slug, lang: &str) -> serde_json::Value {
        let view = view(programme, lang);
        let session = view.sessions().find(|s| &s.id == id);
        serde_json::to_value(session).unwrap()
    }

    /// Folds `versions` in one by one and, after each, holds the history to the batch history of
    /// the versions so far, and to the history read back from the JSON of the one before.
    fn assert_folds_to_the_batch_history(case: &str, versions: &[Programme]) {
        let mut folded = CalendarHistory::default();
        let mut previous = None;
        for (n, version) in versions.iter().enumerate() {
            let read_back = CalendarHistory::from_json(&folded.to_json()).unwrap();
            assert_eq!(read_back, folded, "{case}: version {n}, read back");
            folded = folded.next(previous, version);
            assert_eq!(
                read_back.next(previous, version),
                folded,
                "{case}: version {n}, folded on from JSON"
            );
            previous = Some(version);

            let so_far: Vec<&Programme> = versions[..=n].iter().collect();
            let expected = batch(&so_far);
            let mut seen: Vec<&Slug> = so_far
                .iter()
                .flat_map(|p| &p.sessions)
                .map(|s| &s.id)
                .collect();
            seen.sort();
            seen.dedup();
            for id in seen {
                assert_eq!(
                    folded.sequence(id),
                    expected.sequences.get(id).copied().unwrap_or(0),
                    "{case}: version {n}, SEQUENCE of {id}"
                );
            }
            let found: Vec<(&Slug, u32, Option<&Session>)> = folded
                .cancelled()
                .iter()
                .map(|c| (c.id(), c.sequence(), c.session()))
                .collect();
            let wanted: Vec<(&Slug, u32, Option<&Session>)> = expected
                .cancelled
                .iter()
                .map(|(id, last, sequence)| (id, *sequence, last.session(id)))
                .collect();
            assert_eq!(found, wanted, "{case}: version {n}, cancelled");
            for (cancelled, (id, last, _)) in folded.cancelled().iter().zip(&expected.cancelled) {
                assert_eq!(
                    entry_of(&cancelled.programme(), id, "fr"),
                    entry_of(last, id, "fr"),
                    "{case}: version {n}, calendar entry of {id}"
                );
            }
        }
        let read_back = CalendarHistory::from_json(&folded.to_json());
        assert_eq!(read_back, Ok(folded), "{case}: read back");
    }

    fn untimed(programme: &mut Programme, id: &str) {
        let session = session_mut(programme, id);
        session.schedule = match session.schedule.date() {
            Some(date) => Schedule::TimeToBeConfirmed { date },
            None => Schedule::DateToBeConfirmed,
        };
    }

    fn retitled(programme: &mut Programme, id: &str, title: &str) {
        session_mut(programme, id)
            .title
            .insert(Language::parse("fr").unwrap(), title);
    }

    /// `programme` changed by `change`.
    fn with(programme: &Programme, change: impl FnOnce(&mut Programme)) -> Programme {
        let mut changed = programme.clone();
        change(&mut changed);
        changed
    }

    #[test]
    fn a_renamed_session_keeps_its_sequence_and_is_not_cancelled() {
        let first = programme(IZMIR);
        let mut second = first.clone();
        let session = second
            .sessions
            .iter_mut()
            .find(|s| s.id.as_str() == "workshop-dialogue")
            .unwrap();
        session.former_ids.push(session.id.clone());
        session.id = Slug::parse("intercultural-dialogue").unwrap();
        session.title = Text::new();
        session
            .title
            .insert(Language::parse("fr").unwrap(), "Dialogue interculturel");
        let history = CalendarHistory::default()
            .next(None, &first)
            .next(Some(&first), &second);
        assert_eq!(history.cancelled(), &[]);
        let identity = Slug::parse("workshop-dialogue").unwrap();
        assert_eq!(history.sequence(&identity), 1, "its title changed once");
        let kept = CalendarHistory::from_json(&history.to_json()).unwrap();
        assert_eq!(kept, history);
    }

    /// A history as convene wrote it before the directory of people: format 1, the cancelled
    /// session's people written in it without ids (Tunç Soyer twice, as chair and as speaker),
    /// zone labels as strings.
    pub(super) const FORMAT_1: &str = r#"{"format":1,"sessions":[{"id":"opening"},{"id":"closing","sequence":1,"removed":true,"last_timed":{"event":{"id":"izmir-2021","name":{"fr":"Sommet des maires"},"source_language":"fr","languages":["fr"],"host_zone":"Europe/Istanbul","status":"preliminary"},"zones":[{"zone":"Europe/Istanbul","label":"Izmir"},{"zone":"Europe/Paris","label":"Paris"}],"venue":{"id":"online","kind":"online","name":{"fr":"En ligne"}},"session":{"id":"closing","kind":"plenary","format":"online","venue":"online","schedule":{"timed":{"start":"2021-12-07T17:00:00","end":"2021-12-07T18:00:00"}},"title":{"fr":"Clôture"},"people":[{"name":"Tunç Soyer","role":"chair","title":{"fr":"Maire d’Izmir"},"city":"Izmir"},{"name":"Jane Doe","role":"moderator"},{"name":"Tunç Soyer","role":"speaker","title":{"fr":"Maire d’Izmir"},"city":"Izmir"}]}}}]}"#;

    /// The programme file of the history [`FORMAT_1`] was kept with, as convene wrote it before
    /// the directory of people: each session's people written in it, and zone labels as strings.
    /// The earlier version had the closing session too.
    fn before_the_directory(with_closing: bool) -> Programme {
        let people = r#"
[[sessions.people]]
name = "Tunç Soyer"
role = "chair"
title.fr = "Maire d’Izmir"
city = "Izmir"

[[sessions.people]]
name = "Jane Doe"
role = "moderator"

[[sessions.people]]
name = "Tunç Soyer"
role = "speaker"
title.fr = "Maire d’Izmir"
city = "Izmir"
"#;
        let closing = format!(
            r#"
[[sessions]]
id = "closing"
kind = "plenary"
format = "online"
venue = "online"
date = "2021-12-07"
start = "17:00"
end = "18:00"
title.fr = "Clôture"
{people}"#
        );
        let source = format!(
            r#"
[event]
id = "izmir-2021"
name.fr = "Sommet des maires"
source_language = "fr"
languages = ["fr"]
host_zone = "Europe/Istanbul"
status = "preliminary"

[[event.days]]
date = "2021-12-07"
format = "online"
venue = "online"

[[zones]]
zone = "Europe/Istanbul"
label = "Izmir"

[[zones]]
zone = "Europe/Paris"
label = "Paris"

[[venues]]
id = "online"
kind = "online"
name.fr = "En ligne"

[[sessions]]
id = "opening"
kind = "plenary"
format = "online"
venue = "online"
date = "2021-12-07"
start = "15:00"
end = "16:00"
title.fr = "Ouverture"
{people}{}"#,
            if with_closing { closing.as_str() } else { "" }
        );
        let loaded = load(&source, &CheckOptions::default());
        loaded
            .programme
            .unwrap_or_else(|| panic!("{:#?}", loaded.diagnostics))
    }

    #[test]
    fn a_history_kept_before_the_directory_reads_as_its_programme_files_make_it() {
        let (first, second) = (before_the_directory(true), before_the_directory(false));
        let kept = CalendarHistory::from_json(FORMAT_1).expect("format 1 reads");
        assert_eq!(kept, history(&[&first, &second]));
    }

    #[test]
    fn upgrading_a_programme_kept_before_the_directory_changes_no_sequence() {
        let published = before_the_directory(false);
        let kept = CalendarHistory::from_json(FORMAT_1).expect("format 1 reads");
        // The programme as it is saved now, with its directory of people; their ids and links
        // show on their own pages, not in calendars.
        let loaded = load(
            &crate::programme_file::write(&published),
            &CheckOptions::default(),
        );
        let mut upgraded = loaded.programme.expect("the written file loads");
        let soyer = Slug::parse("soyer").unwrap();
        upgraded.people[0].id = soyer.clone();
        upgraded.people[0].link = Some("https://www.izmir.bel.tr/".into());
        upgraded.sessions[0].people[0].person = soyer;

        let next = kept.next(Some(&published), &upgraded);

        let opening = Slug::parse("opening").unwrap();
        assert_eq!(next.sequence(&opening), kept.sequence(&opening));
        assert_eq!(next.cancelled(), kept.cancelled());
        assert_eq!(next.cancelled()[0].sequence(), 1);
    }

    #[test]
    fn folding_versions_one_by_one_gives_the_batch_history() {
        let first = programme(IZMIR);
        let without_diversity = with(&first, |p| without(p, "workshop-diversity"));
        let diversity_untimed = with(&first, |p| untimed(p, "workshop-diversity"));
        let online_renamed = with(&first, |p| {
            p.venues[0]
                .name
                .insert(Language::parse("en").unwrap(), "Online (Zoom)");
        });
        let cases: Vec<(&str, Vec<Programme>)> = vec![
            ("one version", vec![first.clone()]),
            (
                "a session re-timed twice, another removed",
                izmir_versions().to_vec(),
            ),
            (
                "a session removed",
                vec![first.clone(), without_diversity.clone()],
            ),
            (
                "a session removed, then back",
                vec![first.clone(), without_diversity.clone(), first.clone()],
            ),
            (
                "a session removed, back, and removed again",
                vec![
                    first.clone(),
                    without_diversity.clone(),
                    first.clone(),
                    without_diversity.clone(),
                ],
            ),
            (
                "a session untimed after being timed, renamed, then removed",
                vec![
                    first.clone(),
                    diversity_untimed.clone(),
                    with(&diversity_untimed, |p| {
                        retitled(p, "workshop-diversity", "Atelier renommé");
                    }),
                    without_diversity.clone(),
                ],
            ),
            (
                "a session untimed, then timed again",
                vec![first.clone(), diversity_untimed.clone(), first.clone()],
            ),
            (
                "a removed session back without its time, then removed again",
                vec![
                    first.clone(),
                    without_diversity.clone(),
                    diversity_untimed.clone(),
                    without_diversity.clone(),
                ],
            ),
            (
                "a venue renamed",
                vec![first.clone(), online_renamed.clone()],
            ),
            (
                "a venue renamed after a session at it was removed",
                vec![
                    first.clone(),
                    without_diversity.clone(),
                    with(&online_renamed, |p| without(p, "workshop-diversity")),
                ],
            ),
            (
                "a session moved to another venue, then removed",
                vec![
                    first.clone(),
                    with(&first, |p| {
                        session_mut(p, "workshop-diversity").venue = Slug::parse("izmir").unwrap();
                    }),
                    without_diversity.clone(),
                ],
            ),
            (
                "a session that never had its time, removed",
                vec![first.clone(), with(&first, |p| without(p, "closing-panel"))],
            ),
            (
                "a session timed for the first time, then removed",
                vec![
                    first.clone(),
                    with(&first, |p| retime(p, "closing-panel", (17, 0), (18, 0))),
                    with(&first, |p| without(p, "closing-panel")),
                ],
            ),
            (
                "a session added, then removed",
                vec![
                    without_diversity.clone(),
                    first.clone(),
                    without_diversity.clone(),
                ],
            ),
            (
                "the host zone changed",
                vec![
                    first.clone(),
                    with(&first, |p| {
                        p.event.host_zone = crate::Zone::parse("Europe/Paris").unwrap();
                    }),
                ],
            ),
            (
                "every session removed",
                vec![
                    first.clone(),
                    with(&first, |p| p.sessions.clear()),
                    first.clone(),
                ],
            ),
        ];
        for (case, versions) in cases {
            assert_folds_to_the_batch_history(case, &versions);
        }
    }

    /// A change to the Izmir programme, by index into its sessions and venues.
    #[derive(Clone, Debug)]
    enum Edit {
        Retime { session: usize, hour: i8 },
        Untime { session: usize },
        Remove { session: usize },
        Restore { session: usize },
        Retitle { session: usize, title: u8 },
        Move { session: usize, venue: usize },
        RenameVenue { venue: usize, name: u8 },
        AddPerson { session: usize },
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let session = 0..7usize;
        prop_oneof![
            (session.clone(), 8..20i8).prop_map(|(session, hour)| Edit::Retime { session, hour }),
            session.clone().prop_map(|session| Edit::Untime { session }),
            session.clone().prop_map(|session| Edit::Remove { session }),
            session
                .clone()
                .prop_map(|session| Edit::Restore { session }),
            (session.clone(), 0..3u8).prop_map(|(session, title)| Edit::Retitle { session, title }),
            (session.clone(), 0..2usize).prop_map(|(session, venue)| Edit::Move { session, venue }),
            (0..2usize, 0..3u8).prop_map(|(venue, name)| Edit::RenameVenue { venue, name }),
            session.prop_map(|session| Edit::AddPerson { session }),
        ]
    }

    fn apply(programme: &mut Programme, first: &Programme, edit: &Edit) {
        let id = |n: usize| &first.sessions[n].id;
        match *edit {
            Edit::Retime { session, hour } => {
                if let Some(s) = find(programme, id(session)) {
                    let day = s.schedule.date().unwrap_or(jiff::civil::date(2021, 12, 9));
                    s.schedule = Schedule::Timed {
                        start: day.at(hour, 0, 0, 0),
                        end: day.at(hour + 1, 0, 0, 0),
                    };
                }
            }
            Edit::Untime { session } => {
                if let Some(s) = find(programme, id(session)) {
                    s.schedule = Schedule::TimeToBeConfirmed {
                        date: s.schedule.date().unwrap_or(jiff::civil::date(2021, 12, 9)),
                    };
                }
            }
            Edit::Remove { session } => programme.sessions.retain(|s| &s.id != id(session)),
            Edit::Restore { session } => {
                if find(programme, id(session)).is_none() {
                    programme.sessions.push(first.sessions[session].clone());
                }
            }
            Edit::Retitle { session, title } => {
                if let Some(s) = find(programme, id(session)) {
                    s.title
                        .insert(Language::parse("fr").unwrap(), format!("Titre {title}"));
                }
            }
            Edit::Move { session, venue } => {
                let venue = first.venues[venue].id.clone();
                if let Some(s) = find(programme, id(session)) {
                    s.venue = venue;
                }
            }
            Edit::RenameVenue { venue, name } => {
                programme.venues[venue]
                    .name
                    .insert(Language::parse("fr").unwrap(), format!("Salle {name}"));
            }
            Edit::AddPerson { session } => {
                let session = id(session).to_string();
                let mayor = crate::programme::tunc_soyer();
                // A programme that passes its checks names a person at most once in a session.
                let named = |s: &Session| s.people.iter().any(|p| p.person == mayor.id);
                if programme
                    .sessions
                    .iter()
                    .any(|s| s.id.as_str() == session && !named(s))
                {
                    programme.add_person(&session, mayor, crate::Role::Speaker);
                }
            }
        }
    }

    fn find<'p>(programme: &'p mut Programme, id: &Slug) -> Option<&'p mut Session> {
        programme.sessions.iter_mut().find(|s| &s.id == id)
    }

    proptest! {
        #[test]
        fn any_run_of_versions_folds_to_the_batch_history(
            edits in proptest::collection::vec(proptest::collection::vec(edit(), 0..4), 0..6)
        ) {
            let first = programme(IZMIR);
            let mut versions = vec![first.clone()];
            for version in &edits {
                let mut next = versions[versions.len() - 1].clone();
                for edit in version {
                    apply(&mut next, &first, edit);
                }
                versions.push(next);
            }
            assert_folds_to_the_batch_history(&format!("{edits:?}"), &versions);
        }
    }

    /// Three versions of the Izmir programme: workshop 2 loses its time and its title changes in
    /// the second, and it is removed in the third.
    pub(super) fn untimed_then_removed() -> [Programme; 3] {
        let first = programme(IZMIR);
        let second = with(&first, |p| {
            untimed(p, "workshop-diversity");
            retitled(p, "workshop-diversity", "Atelier renommé");
        });
        let third = with(&first, |p| without(p, "workshop-diversity"));
        [first, second, third]
    }

    pub(super) fn folded(versions: &[Programme]) -> CalendarHistory {
        history(&versions.iter().collect::<Vec<_>>())
    }

    #[test]
    fn a_session_untimed_then_removed_is_cancelled_at_its_last_time() {
        let versions = untimed_then_removed();
        let newest = &versions[2];
        let ics = calendar(
            newest,
            &view(newest, "fr"),
            &context_with(folded(&versions)),
        );
        let cancelled = event_of(&ics, "workshop-diversity");
        for (name, expected) in [
            ("STATUS", "STATUS:CANCELLED"),
            ("SEQUENCE", "SEQUENCE:2"),
            ("DTSTART", "DTSTART;TZID=Europe/Istanbul:20211208T174500"),
            ("DTEND", "DTEND;TZID=Europe/Istanbul:20211208T190000"),
            (
                "SUMMARY",
                "SUMMARY:Atelier thématique 2 : Encourager la diversité\\, l’équité et \
                 l’inclusion",
            ),
        ] {
            assert_eq!(line_of(&cancelled, name), expected, "{name}");
        }
    }

    #[test]
    fn a_history_reads_back_from_its_json_as_it_was() {
        for (case, versions) in [
            ("re-timed and removed", izmir_versions().to_vec()),
            ("untimed, then removed", untimed_then_removed().to_vec()),
            ("untimed", untimed_then_removed()[..2].to_vec()),
            ("none", Vec::new()),
        ] {
            let history = folded(&versions);
            assert_eq!(
                CalendarHistory::from_json(&history.to_json()),
                Ok(history),
                "{case}"
            );
        }
    }

    #[test]
    fn a_cancelled_session_reads_the_same_in_calendars_after_the_json_round_trip() {
        for versions in [izmir_versions(), untimed_then_removed()] {
            let history = folded(&versions);
            let read_back = CalendarHistory::from_json(&history.to_json()).unwrap();
            let newest = &versions[2];
            for lang in ["fr", "en", "tr"] {
                let view = view(newest, lang);
                let before = calendar(newest, &view, &context_with(history.clone()));
                assert_eq!(before.matches("STATUS:CANCELLED").count(), 1, "{lang}");
                assert_eq!(
                    calendar(newest, &view, &context_with(read_back.clone())),
                    before,
                    "{lang}"
                );
                let one = |history: &CalendarHistory| {
                    session_calendar(
                        newest,
                        &view,
                        "workshop-diversity",
                        &context_with(history.clone()),
                    )
                };
                assert_eq!(one(&read_back), one(&history), "{lang}");
            }
        }
    }

    /// The ids of the sessions whose entry in the JSON carries their last version with its time.
    fn carrying_their_last_version(json: &str) -> Vec<String> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        value["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| entry.get("last_timed").is_some())
            .map(|entry| entry["id"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn only_sessions_removed_or_untimed_since_their_time_carry_their_last_version() {
        let first = programme(IZMIR);
        let second = with(&first, |p| {
            untimed(p, "workshop-diversity");
            without(p, "workshop-dialogue");
            // Never had its time.
            without(p, "closing-panel");
            retime(p, "mayors-dialogue", (16, 15), (17, 45));
        });
        let json = folded(&[first, second]).to_json();
        assert_eq!(
            carrying_their_last_version(&json),
            ["workshop-diversity", "workshop-dialogue"]
        );
    }

    #[test]
    fn a_thousand_session_history_of_twenty_versions_is_tens_of_kilobytes() {
        let source = sample_programme(SampleShape {
            sessions: 1000,
            days: 5,
            zones: 4,
        });
        let first = load(&source, &CheckOptions::default()).programme.unwrap();
        let mut versions = vec![first];
        for n in 1..20 {
            let next = with(&versions[n - 1], |p| {
                // Two sessions move ten minutes later, one loses its time, one is removed.
                for id in [format!("session-{n}"), format!("session-{}", 100 + n)] {
                    let session = session_mut(p, &id);
                    if let Schedule::Timed { start, end } = session.schedule {
                        let later = |t: jiff::civil::DateTime| {
                            t.checked_add(SignedDuration::from_mins(10)).unwrap()
                        };
                        session.schedule = Schedule::Timed {
                            start: later(start),
                            end: later(end),
                        };
                    }
                }
                untimed(p, &format!("session-{}", 500 + n));
                without(p, &format!("session-{}", 900 + n));
            });
            versions.push(next);
        }
        let history = folded(&versions);
        assert_eq!(history.cancelled().len(), 19);
        let json = history.to_json();
        assert_eq!(carrying_their_last_version(&json).len(), 38);
        assert!(
            (20_000..70_000).contains(&json.len()),
            "{} bytes",
            json.len()
        );
    }

    fn sequences(history: &CalendarHistory, ids: &[&str]) -> Vec<(String, u32)> {
        ids.iter()
            .map(|id| {
                let id = crate::Slug::parse(id).unwrap();
                (id.to_string(), history.sequence(&id))
            })
            .collect()
    }

    #[test]
    fn the_history_counts_changes_a_calendar_shows_and_lists_removed_sessions() {
        let versions = izmir_versions();
        let all: Vec<&Programme> = versions.iter().collect();
        let found = history(&all);
        assert_eq!(
            sequences(&found, &["workshop-dialogue", "mayors-dialogue"]),
            [
                ("workshop-dialogue".into(), 2),
                ("mayors-dialogue".into(), 0)
            ]
        );
        let cancelled: Vec<(&str, u32)> = found
            .cancelled()
            .iter()
            .map(|c| (c.id().as_str(), c.sequence()))
            .collect();
        assert_eq!(cancelled, [("workshop-diversity", 1)]);
        assert_eq!(
            found.cancelled()[0].session().map(|s| s.schedule.date()),
            Some(Some(jiff::civil::date(2021, 12, 8)))
        );
    }

    #[test]
    fn a_session_back_after_its_removal_is_above_its_cancellation() {
        let first = programme(IZMIR);
        let mut second = first.clone();
        without(&mut second, "workshop-diversity");
        let found = history(&[&first, &second, &first]);
        assert_eq!(
            sequences(&found, &["workshop-diversity"]),
            [("workshop-diversity".into(), 2)]
        );
        assert_eq!(found.cancelled(), []);
    }

    #[test]
    fn what_a_calendar_does_not_show_leaves_the_sequence_alone() {
        let first = programme(IZMIR);
        let mut second = first.clone();
        second.event.status = crate::Status::Final;
        let found = history(&[&first, &second]);
        assert_eq!(
            sequences(&found, &["mayors-dialogue"]),
            [("mayors-dialogue".into(), 0)]
        );
    }

    #[test]
    fn someone_joining_a_session_shows_in_its_entry_and_raises_its_sequence() {
        let first = programme(IZMIR);
        let mut second = first.clone();
        let mayor = crate::programme::tunc_soyer();
        second.add_person("mayors-dialogue", mayor, crate::Role::Chair);
        let found = history(&[&first, &second]);
        assert_eq!(
            sequences(&found, &["mayors-dialogue"]),
            [("mayors-dialogue".into(), 1)]
        );
        let ics = calendar(&second, &view(&second, "en"), &context_with(found));
        let ics = ics.replace("\r\n ", "");
        assert!(
            ics.contains(
                "Taking part:\\n• Tunç Soyer — Chair\\, Mayor of Izmir (Izmir\\, Türkiye)"
            ),
            "{ics}"
        );
    }

    #[test]
    fn a_venue_renamed_changes_the_location_of_its_sessions() {
        let first = programme(IZMIR);
        let mut second = first.clone();
        second.venues[0]
            .name
            .insert(Language::parse("en").unwrap(), "Online (Zoom)");
        let found = history(&[&first, &second]);
        assert_eq!(
            sequences(&found, &["mayors-dialogue", "closing-panel"]),
            [("mayors-dialogue".into(), 1), ("closing-panel".into(), 0)]
        );
    }

    #[test]
    fn a_removed_session_that_never_had_its_time_is_not_cancelled() {
        let first = programme(IZMIR);
        let mut second = first.clone();
        without(&mut second, "closing-panel");
        assert_eq!(history(&[&first, &second]).cancelled(), []);
    }
}
