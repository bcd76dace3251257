//! What changed between two published versions of a programme: [`compare`] finds it as data, and
//! [`ChangesView`] puts it in a reader's words, with the old and new times in every zone a session
//! shows, for the public "what changed" page and the feed.

use std::collections::HashMap;

use fluent::FluentValue;
use jiff::civil::Date;
use serde::Serialize;

use crate::keyword::{Keyword, keyword_enum};
use crate::locale::Localizer;
use crate::session::{Role, Schedule};
use crate::time::instant_lenient;
use crate::view::{SessionView, TimeStatus, VenueView, ZoneTime, ZoneView};
use crate::{
    Language, LocalText, Person, Programme, ProgrammeView, Session, Slug, Text, ViewOptions,
};

keyword_enum! {
    /// What changed in the event as a whole.
    pub enum EventChange {
        /// The programme became final, or preliminary again.
        Status => "status",
        /// The event's name or short name, in any language.
        Name => "name",
        /// The display zones: which ones, their labels or their order.
        Zones => "zones",
    }
}

keyword_enum! {
    /// What changed in one session, in the order changes are listed to readers.
    pub enum ChangeKind {
        /// Its time changed, or the day of a session whose time is still to be confirmed.
        Retimed => "retimed",
        /// Its time was to be confirmed, and now is.
        TimesConfirmed => "times-confirmed",
        /// It had its time, and now its time is to be confirmed again.
        TimesWithdrawn => "times-withdrawn",
        /// New in this version; comes alone.
        Added => "added",
        /// No longer in the programme; comes alone.
        Removed => "removed",
        /// Its title, in any language.
        Renamed => "renamed",
        /// It takes place at another venue.
        Moved => "moved",
        /// Online, on site or hybrid.
        FormatChanged => "format-changed",
        /// What sort of session it is.
        KindChanged => "kind-changed",
        /// Its description or guiding questions, in any language.
        DescriptionChanged => "description-changed",
        /// Who takes part.
        PeopleChanged => "people-changed",
    }
}

/// A session that changed, and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SessionChange {
    /// The session's identity ([`Session::identity`]), which renaming it does not change.
    pub id: Slug,
    /// Never empty, in [`ChangeKind`]'s order; `Added` and `Removed` come alone.
    pub kinds: Vec<ChangeKind>,
}

impl SessionChange {
    pub fn has(&self, kind: ChangeKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// What changed from one version of a programme to the next.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub event: Vec<EventChange>,
    /// The changed sessions in the new version's order, then the removed ones in the old version's.
    pub sessions: Vec<SessionChange>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.event.is_empty() && self.sessions.is_empty()
    }

    /// How many sessions changed in this way.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.sessions.iter().filter(|s| s.has(kind)).count()
    }
}

/// What changed from `old` to `new`, sessions matched by id.
pub fn compare(old: &Programme, new: &Programme) -> Changes {
    let mut event = Vec::new();
    if old.event.status != new.event.status {
        event.push(EventChange::Status);
    }
    if old.event.name != new.event.name || old.event.short_name != new.event.short_name {
        event.push(EventChange::Name);
    }
    if old.zones != new.zones {
        event.push(EventChange::Zones);
    }
    let mut sessions: Vec<SessionChange> = new
        .sessions
        .iter()
        .filter_map(|after| {
            let kinds = match old.session_by_identity(after.identity()) {
                Some(before) => session_changes(old, before, new, after),
                None => vec![ChangeKind::Added],
            };
            (!kinds.is_empty()).then(|| SessionChange {
                id: after.identity().clone(),
                kinds,
            })
        })
        .collect();
    sessions.extend(
        old.sessions
            .iter()
            .filter(|before| new.session_by_identity(before.identity()).is_none())
            .map(|before| SessionChange {
                id: before.identity().clone(),
                kinds: vec![ChangeKind::Removed],
            }),
    );
    Changes { event, sessions }
}

/// How a session that is in both versions changed, in [`ChangeKind`]'s order.
pub(crate) fn session_changes(
    old: &Programme,
    before: &Session,
    new: &Programme,
    after: &Session,
) -> Vec<ChangeKind> {
    let differences = [
        (before.title != after.title, ChangeKind::Renamed),
        (before.venue != after.venue, ChangeKind::Moved),
        (before.format != after.format, ChangeKind::FormatChanged),
        (before.kind != after.kind, ChangeKind::KindChanged),
        (
            before.description != after.description || before.questions != after.questions,
            ChangeKind::DescriptionChanged,
        ),
        (
            people_shown(old, before) != people_shown(new, after),
            ChangeKind::PeopleChanged,
        ),
    ];
    schedule_change(old, before, new, after)
        .into_iter()
        .chain(
            differences
                .into_iter()
                .filter_map(|(differs, kind)| differs.then_some(kind)),
        )
        .collect()
}

/// What readers see of a session's people, in its order: each one's name, role, office and
/// place. Their id and link show on their own page, not in the session or its calendar entry.
fn people_shown<'p>(programme: &'p Programme, session: &'p Session) -> Vec<PersonShown<'p>> {
    programme
        .people_of(session)
        .into_iter()
        .map(|(person, role)| {
            let Person {
                id: _,
                name,
                title,
                city,
                country,
                link: _,
            } = person;
            (
                name.as_str(),
                role,
                title,
                city.as_deref(),
                country.as_deref(),
            )
        })
        .collect()
}

/// A person's name, role, office, city and country.
type PersonShown<'p> = (&'p str, Role, &'p Text, Option<&'p str>, Option<&'p str>);

fn schedule_change(
    old: &Programme,
    before: &Session,
    new: &Programme,
    after: &Session,
) -> Option<ChangeKind> {
    match (before.schedule, after.schedule) {
        (
            Schedule::Timed {
                start: old_start,
                end: old_end,
            },
            Schedule::Timed { start, end },
        ) => {
            // Instants, so that a new host zone alone does not read as new times.
            let old_at = |t| instant_lenient(&old.event.host_zone, t);
            let new_at = |t| instant_lenient(&new.event.host_zone, t);
            ((old_at(old_start), old_at(old_end)) != (new_at(start), new_at(end)))
                .then_some(ChangeKind::Retimed)
        }
        (Schedule::Timed { .. }, _) => Some(ChangeKind::TimesWithdrawn),
        (_, Schedule::Timed { .. }) => Some(ChangeKind::TimesConfirmed),
        (was, now) => (was != now).then_some(ChangeKind::Retimed),
    }
}

/// The changes in a reader's language: what the "what changed" page and the feed show.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct ChangesView {
    /// The language asked for.
    pub lang: Language,
    /// The event's name, as the new version has it.
    pub event_name: LocalText,
    /// One line for the feed: "2 sessions re-timed, 1 session added".
    pub summary: String,
    pub event: Vec<EventChangeView>,
    /// In the order of [`Changes::sessions`].
    pub sessions: Vec<SessionChangeView>,
}

/// A change of the event, with what it was and what it is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventChangeView {
    /// "Programme préliminaire" → "Programme final".
    Status {
        label: String,
        old: String,
        new: String,
    },
    Name {
        label: String,
        old: LocalText,
        new: LocalText,
    },
    Zones {
        label: String,
        old: Vec<ZoneView>,
        new: Vec<ZoneView>,
    },
}

/// A session that changed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct SessionChangeView {
    pub id: Slug,
    /// Its title now; for a removed session, as it was.
    pub title: LocalText,
    pub changes: Vec<ChangeView>,
}

/// One change of a session: its label, and what it was and is where readers need both.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ChangeView {
    Retimed {
        label: String,
        old: WhenView,
        new: WhenView,
    },
    TimesConfirmed {
        label: String,
        old: WhenView,
        new: WhenView,
    },
    TimesWithdrawn {
        label: String,
        old: WhenView,
        new: WhenView,
    },
    /// With its time.
    Added {
        label: String,
        when: WhenView,
    },
    /// With the time it had.
    Removed {
        label: String,
        when: WhenView,
    },
    Renamed {
        label: String,
        old: LocalText,
        new: LocalText,
    },
    Moved {
        label: String,
        old: VenueView,
        new: VenueView,
    },
    /// With the formats' labels.
    FormatChanged {
        label: String,
        old: String,
        new: String,
    },
    /// With the kinds' labels.
    KindChanged {
        label: String,
        old: String,
        new: String,
    },
    DescriptionChanged {
        label: String,
    },
    PeopleChanged {
        label: String,
    },
}

/// When a session happens in one version, as the programme view has it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct WhenView {
    /// The session's day in the host zone, when known.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date: Option<Date>,
    pub date_label: Option<String>,
    pub time_status: TimeStatus,
    /// "horaire à confirmer", when the time is not confirmed.
    pub time_status_label: Option<String>,
    /// Its times in each zone it shows, or `None` while its time is to be confirmed.
    pub times: Option<Vec<ZoneTime>>,
}

impl From<&SessionView> for WhenView {
    fn from(session: &SessionView) -> Self {
        Self {
            date: session.date,
            date_label: session.date_label.clone(),
            time_status: session.time_status,
            time_status_label: session.time_status_label.clone(),
            times: session.times.clone(),
        }
    }
}

impl ChangesView {
    /// The view of `changes` (from [`compare`]`(old, new)`) for a reader of `words`'s language. Times
    /// and texts are those of the programme views of `old` and `new`.
    pub fn build(old: &Programme, new: &Programme, changes: &Changes, words: &Localizer) -> Self {
        let options = ViewOptions { reader_zone: None };
        let before = ProgrammeView::build(old, words, &options);
        let after = ProgrammeView::build(new, words, &options);
        let old_sessions: HashMap<&Slug, &SessionView> =
            before.sessions().map(|s| (&s.identity, s)).collect();
        let new_sessions: HashMap<&Slug, &SessionView> =
            after.sessions().map(|s| (&s.identity, s)).collect();
        let word = |prefix: &str, keyword: &str| words.message(&format!("{prefix}-{keyword}"));
        let event = changes
            .event
            .iter()
            .map(|&change| {
                let label = word("event-change", change.keyword());
                match change {
                    EventChange::Status => EventChangeView::Status {
                        label,
                        old: before.event.status_label.clone(),
                        new: after.event.status_label.clone(),
                    },
                    EventChange::Name => EventChangeView::Name {
                        label,
                        old: before.event.name.clone(),
                        new: after.event.name.clone(),
                    },
                    EventChange::Zones => EventChangeView::Zones {
                        label,
                        old: before.zones.clone(),
                        new: after.zones.clone(),
                    },
                }
            })
            .collect();
        let sessions = changes
            .sessions
            .iter()
            .filter_map(|change| {
                let was = old_sessions.get(&change.id).copied();
                let is = new_sessions.get(&change.id).copied();
                let shown = is.or(was)?;
                let title = shown.title.clone();
                let changes = change
                    .kinds
                    .iter()
                    .filter_map(|&kind| change_view(kind, word("change", kind.keyword()), was, is))
                    .collect();
                Some(SessionChangeView {
                    // Its address now, or its last one if it was removed.
                    id: shown.id.clone(),
                    title,
                    changes,
                })
            })
            .collect();
        ChangesView {
            lang: words.lang().clone(),
            event_name: after.event.name.clone(),
            summary: summary(changes, new, words),
            event,
            sessions,
        }
    }
}

/// A session's change with what it was and is; `None` when a version lacks the session it needs.
fn change_view(
    kind: ChangeKind,
    label: String,
    was: Option<&SessionView>,
    is: Option<&SessionView>,
) -> Option<ChangeView> {
    let both = || Some((was?, is?));
    Some(match kind {
        ChangeKind::Retimed => {
            let (was, is) = both()?;
            ChangeView::Retimed {
                label,
                old: was.into(),
                new: is.into(),
            }
        }
        ChangeKind::TimesConfirmed => {
            let (was, is) = both()?;
            ChangeView::TimesConfirmed {
                label,
                old: was.into(),
                new: is.into(),
            }
        }
        ChangeKind::TimesWithdrawn => {
            let (was, is) = both()?;
            ChangeView::TimesWithdrawn {
                label,
                old: was.into(),
                new: is.into(),
            }
        }
        ChangeKind::Added => ChangeView::Added {
            label,
            when: is?.into(),
        },
        ChangeKind::Removed => ChangeView::Removed {
            label,
            when: was?.into(),
        },
        ChangeKind::Renamed => {
            let (was, is) = both()?;
            ChangeView::Renamed {
                label,
                old: was.title.clone(),
                new: is.title.clone(),
            }
        }
        ChangeKind::Moved => {
            let (was, is) = both()?;
            ChangeView::Moved {
                label,
                old: was.venue.clone(),
                new: is.venue.clone(),
            }
        }
        ChangeKind::FormatChanged => {
            let (was, is) = both()?;
            ChangeView::FormatChanged {
                label,
                old: was.format_label.clone(),
                new: is.format_label.clone(),
            }
        }
        ChangeKind::KindChanged => {
            let (was, is) = both()?;
            ChangeView::KindChanged {
                label,
                old: was.kind_label.clone(),
                new: is.kind_label.clone(),
            }
        }
        ChangeKind::DescriptionChanged => ChangeView::DescriptionChanged { label },
        ChangeKind::PeopleChanged => ChangeView::PeopleChanged { label },
    })
}

/// The changes in one line of the reader's language, for a feed entry's title: "The programme is
/// now final, 2 sessions re-timed, 1 session added".
pub fn summary(changes: &Changes, new: &Programme, words: &Localizer) -> String {
    let mut parts: Vec<String> = changes
        .event
        .iter()
        .map(|change| match change {
            EventChange::Status => words.message_with(
                "changes-status",
                &[("status", FluentValue::from(new.event.status.keyword()))],
            ),
            EventChange::Name => words.message("changes-name"),
            EventChange::Zones => words.message("changes-zones"),
        })
        .collect();
    for &kind in ChangeKind::ALL {
        let count = changes.count(kind);
        if count > 0 {
            parts.push(words.message_with(
                &format!("changes-{}", kind.keyword()),
                &[("count", FluentValue::from(count))],
            ));
        }
    }
    if parts.is_empty() {
        parts.push(words.message("changes-none"));
    }
    capitalised(&parts.join(", "), words.lang())
}

/// The text with its first letter in upper case, as the reader's language writes it (Turkish "i"
/// becomes "İ").
fn capitalised(text: &str, lang: &Language) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let turkish = lang.as_str().split('-').next() == Some("tr");
    let mut out = if turkish && first == 'i' {
        "İ".to_owned()
    } else {
        first.to_uppercase().collect()
    };
    out.push_str(chars.as_str());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Status;
    use crate::session::{Format, Role, SessionKind};
    use crate::{CheckOptions, Text, load};
    use jiff::civil::date;

    const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    fn slug(id: &str) -> Slug {
        Slug::parse(id).unwrap()
    }

    fn izmir() -> Programme {
        let loaded = load(IZMIR, &CheckOptions::default());
        assert_eq!(loaded.diagnostics, vec![], "the Izmir programme is clean");
        loaded.programme.expect("the Izmir programme loads")
    }

    fn session_mut<'a>(programme: &'a mut Programme, id: &str) -> &'a mut Session {
        programme
            .sessions
            .iter_mut()
            .find(|s| s.id.as_str() == id)
            .unwrap()
    }

    fn timed(day: Date, from: (i8, i8), to: (i8, i8)) -> Schedule {
        Schedule::Timed {
            start: day.at(from.0, from.1, 0, 0),
            end: day.at(to.0, to.1, 0, 0),
        }
    }

    /// The final Izmir programme as it might have been published after the preliminary one: 10
    /// December timed, workshop 3 a quarter of an hour later, workshop 1 renamed, workshop 2
    /// dropped and a youth dialogue added.
    fn izmir_final() -> Programme {
        let mut programme = izmir();
        programme.event.status = Status::Final;
        session_mut(&mut programme, "human-rights-plenary").schedule =
            timed(date(2021, 12, 10), (10, 0), (12, 0));
        session_mut(&mut programme, "closing-panel").schedule =
            timed(date(2021, 12, 10), (14, 0), (16, 0));
        session_mut(&mut programme, "workshop-dialogue").schedule =
            timed(date(2021, 12, 8), (19, 30), (20, 45));
        let workshop = session_mut(&mut programme, "workshop-resilience");
        workshop.title.insert(
            lang("fr"),
            "Atelier thématique 1 : Des villes résilientes et solidaires",
        );
        workshop.title.insert(
            lang("en"),
            "Thematic workshop 1: Resilient cities, cities of solidarity",
        );
        programme
            .sessions
            .retain(|s| s.id.as_str() != "workshop-diversity");
        programme.sessions.push(Session {
            id: slug("youth-dialogue"),
            former_ids: vec![],
            kind: SessionKind::InteractiveDialogue,
            format: Format::Online,
            venue: slug("online"),
            schedule: timed(date(2021, 12, 8), (21, 0), (22, 0)),
            zones: None,
            title: Text::new()
                .with(lang("fr"), "Dialogue des jeunes élus")
                .with(lang("en"), "Dialogue of young elected officials")
                .with(lang("tr"), "Genç yerel yöneticiler diyaloğu"),
            description: Text::new(),
            questions: Vec::new(),
            people: Vec::new(),
        });
        programme
    }

    fn change(id: &str, kinds: &[ChangeKind]) -> SessionChange {
        SessionChange {
            id: slug(id),
            kinds: kinds.to_vec(),
        }
    }

    #[test]
    fn the_final_izmir_programme_differs_from_the_preliminary_one_as_published() {
        let changes = compare(&izmir(), &izmir_final());
        assert_eq!(
            changes,
            Changes {
                event: vec![EventChange::Status],
                sessions: vec![
                    change("workshop-resilience", &[ChangeKind::Renamed]),
                    change("workshop-dialogue", &[ChangeKind::Retimed]),
                    change("human-rights-plenary", &[ChangeKind::TimesConfirmed]),
                    change("closing-panel", &[ChangeKind::TimesConfirmed]),
                    change("youth-dialogue", &[ChangeKind::Added]),
                    change("workshop-diversity", &[ChangeKind::Removed]),
                ],
            }
        );
        assert!(!changes.is_empty());
        assert_eq!(changes.count(ChangeKind::TimesConfirmed), 2);
    }

    #[test]
    fn a_session_given_a_new_id_is_the_same_session_with_its_changes() {
        let old = izmir();
        let mut new = old.clone();
        let session = session_mut(&mut new, "workshop-dialogue");
        session.former_ids.push(slug("workshop-dialogue"));
        session.id = slug("intercultural-dialogue");
        session.schedule = timed(date(2021, 12, 8), (19, 30), (20, 45));
        let changes = compare(&old, &new);
        assert_eq!(
            changes.sessions,
            vec![change("workshop-dialogue", &[ChangeKind::Retimed])]
        );
        let words = Localizer::new(&lang("en"));
        let view = ChangesView::build(&old, &new, &changes, &words);
        assert_eq!(view.sessions.len(), 1);
        assert_eq!(view.sessions[0].id.as_str(), "intercultural-dialogue");
    }

    #[test]
    fn a_programme_compared_with_itself_has_no_changes() {
        let changes = compare(&izmir(), &izmir());
        assert!(changes.is_empty(), "{changes:?}");
        assert_eq!(changes, Changes::default());
    }

    #[test]
    fn a_persons_id_and_link_are_not_a_change_of_their_sessions_but_their_office_is() {
        let mut old = izmir();
        old.add_person(
            "mayors-dialogue",
            crate::programme::tunc_soyer(),
            Role::Chair,
        );
        let mut new = old.clone();
        let person = &mut new.people[0];
        person.id = slug("soyer");
        person.link = Some("https://www.izmir.bel.tr/".into());
        session_mut(&mut new, "mayors-dialogue").people[0].person = slug("soyer");
        assert_eq!(compare(&old, &new), Changes::default());

        new.people[0]
            .title
            .insert(lang("en"), "Former mayor of Izmir");
        assert_eq!(
            compare(&old, &new).sessions,
            vec![change("mayors-dialogue", &[ChangeKind::PeopleChanged])]
        );
    }

    #[test]
    fn every_other_change_of_a_session_is_found_and_listed_in_order() {
        let old = izmir();
        let mut new = old.clone();
        let session = session_mut(&mut new, "mayors-dialogue");
        session.schedule = Schedule::TimeToBeConfirmed {
            date: date(2021, 12, 7),
        };
        new.add_person(
            "mayors-dialogue",
            crate::programme::tunc_soyer(),
            Role::Speaker,
        );
        let session = session_mut(&mut new, "mayors-dialogue");
        session.questions.pop();
        session.kind = SessionKind::Plenary;
        session.format = Format::Hybrid;
        session.venue = slug("izmir");
        let changes = compare(&old, &new);
        assert_eq!(
            changes.sessions,
            vec![change(
                "mayors-dialogue",
                &[
                    ChangeKind::TimesWithdrawn,
                    ChangeKind::Moved,
                    ChangeKind::FormatChanged,
                    ChangeKind::KindChanged,
                    ChangeKind::DescriptionChanged,
                    ChangeKind::PeopleChanged,
                ]
            )]
        );
    }

    #[test]
    fn the_day_of_a_session_still_to_be_timed_is_a_new_time() {
        let cases = [
            (
                "another day",
                Schedule::TimeToBeConfirmed {
                    date: date(2021, 12, 9),
                },
                vec![ChangeKind::Retimed],
            ),
            (
                "no day yet",
                Schedule::DateToBeConfirmed,
                vec![ChangeKind::Retimed],
            ),
            (
                "the same day",
                Schedule::TimeToBeConfirmed {
                    date: date(2021, 12, 10),
                },
                vec![],
            ),
        ];
        let old = izmir();
        for (description, schedule, expected) in cases {
            let mut new = old.clone();
            session_mut(&mut new, "closing-panel").schedule = schedule;
            let kinds: Vec<ChangeKind> = compare(&old, &new)
                .sessions
                .into_iter()
                .flat_map(|s| s.kinds)
                .collect();
            assert_eq!(kinds, expected, "{description}");
        }
    }

    #[test]
    fn the_events_name_and_display_zones_are_event_changes() {
        let old = izmir();
        let mut new = old.clone();
        new.event.short_name.insert(lang("en"), "Izmir 2021");
        new.zones.reverse();
        assert_eq!(
            compare(&old, &new),
            Changes {
                event: vec![EventChange::Name, EventChange::Zones],
                sessions: vec![],
            }
        );
    }

    #[test]
    fn the_summary_counts_each_change_in_the_readers_language() {
        let (old, new) = (izmir(), izmir_final());
        let changes = compare(&old, &new);
        let cases = [
            (
                "fr",
                "Le programme est désormais final, 1 séance change d’horaire, horaires confirmés \
                 pour 2 séances, 1 séance ajoutée, 1 séance retirée, 1 séance renommée",
            ),
            (
                "en",
                "The programme is now final, 1 session re-timed, times confirmed for 2 sessions, \
                 1 session added, 1 session removed, 1 session renamed",
            ),
            (
                "tr",
                "Program kesinleşti, 1 oturumun saati değişti, 2 oturumun saati kesinleşti, \
                 1 oturum eklendi, 1 oturum programdan çıkarıldı, 1 oturumun başlığı değişti",
            ),
        ];
        for (tag, expected) in cases {
            let words = Localizer::new(&lang(tag));
            assert_eq!(summary(&changes, &new, &words), expected, "{tag}");
        }
    }

    #[test]
    fn a_summary_without_changes_says_so() {
        let programme = izmir();
        let words = Localizer::new(&lang("fr"));
        assert_eq!(
            summary(&Changes::default(), &programme, &words),
            "Aucun changement"
        );
    }

    #[test]
    fn turkish_capitals_keep_the_dot_on_the_i() {
        assert_eq!(capitalised("ilk", &lang("tr")), "İlk");
        assert_eq!(capitalised("ilk", &lang("en")), "Ilk");
        assert_eq!(capitalised("", &lang("tr")), "");
    }

    fn changes_view(tag: &str) -> ChangesView {
        let (old, new) = (izmir(), izmir_final());
        let changes = compare(&old, &new);
        ChangesView::build(&old, &new, &changes, &Localizer::new(&lang(tag)))
    }

    #[test]
    fn changes_view_fr() {
        insta::assert_json_snapshot!(changes_view("fr"));
    }

    #[test]
    fn changes_view_en() {
        insta::assert_json_snapshot!(changes_view("en"));
    }

    #[test]
    fn a_retimed_session_shows_its_old_and_new_times_in_every_zone() {
        let view = changes_view("en");
        let workshop = view
            .sessions
            .iter()
            .find(|s| s.id.as_str() == "workshop-dialogue")
            .unwrap();
        let ChangeView::Retimed { label, old, new } = &workshop.changes[0] else {
            panic!("{:?}", workshop.changes);
        };
        assert_eq!(label, "New time");
        let starts = |when: &WhenView| -> Vec<String> {
            when.times
                .iter()
                .flatten()
                .map(|t| format!("{} {}", t.label, t.start))
                .collect()
        };
        assert_eq!(
            starts(old),
            [
                "Izmir 2021-12-08T19:15:00+03:00",
                "Paris 2021-12-08T17:15:00+01:00",
                "Montréal 2021-12-08T11:15:00-05:00",
            ]
        );
        assert_eq!(
            starts(new),
            [
                "Izmir 2021-12-08T19:30:00+03:00",
                "Paris 2021-12-08T17:30:00+01:00",
                "Montréal 2021-12-08T11:30:00-05:00",
            ]
        );
    }
}
