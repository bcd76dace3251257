//! The organisers' side of registrations in the store: the list with its participants narrowed
//! by target, state, category and country in one query, the counts per target and state, a
//! registration added by hand past the target's policy, and a move to another target.

use convene_core::registration::{
    Category, Policy, Registrant, State, Target, TargetSetting, Window,
};
use convene_core::{Language, Zone};
use convene_store::{Move, Moved, Outcome, RosterFilter, StateCount, Store};
use jiff::{SignedDuration, Timestamp};

use super::{IZMIR, at, import};
use crate::support::{Fresh, on_each_backend};

const EVENT: &str = "izmir-2021";

fn session(id: &str) -> Target {
    Target::Session(convene_core::Slug::parse(id).unwrap())
}

fn dialogue() -> Target {
    session("mayors-dialogue")
}

fn plenary() -> Target {
    session("human-rights-plenary")
}

fn someone(name: &str, email: &str, category: Category, country: &str) -> Registrant {
    Registrant {
        name: name.into(),
        email: email.into(),
        category,
        city: None,
        country: Some(country.into()),
        organisation: None,
        language: Language::parse("fr").unwrap(),
        interpretation: None,
        zone: Zone::parse("Europe/Istanbul").unwrap(),
        accessibility: None,
        dietary: None,
    }
}

fn hour_later(now: Timestamp) -> impl Fn(&Target) -> Option<Timestamp> + Send + Sync {
    move |_| Some(now + SignedDuration::from_hours(1))
}

/// Izmir open for registration, the dialogue with `dialogue_seats` seats under `policy`, the
/// plenary with one seat.
async fn opened(store: &Store, dialogue_seats: u32, policy: Policy) {
    import(store, IZMIR, "2021-11-01T09:00:00Z").await;
    let now = at("2021-11-01T10:00:00Z");
    let mut unit = store.begin("opening registration").await.unwrap();
    unit.set_registration_window(
        EVENT,
        &Window {
            opens: Some(now),
            ..Window::closed()
        },
        now,
    )
    .await
    .unwrap();
    for (target, policy, capacity) in [
        (dialogue(), policy, dialogue_seats),
        (plenary(), Policy::Open, 1),
    ] {
        let setting = TargetSetting {
            target,
            policy,
            capacity: Some(capacity),
        };
        unit.set_target(EVENT, &setting, now, &hour_later(now))
            .await
            .unwrap();
    }
    unit.commit().await.unwrap();
}

async fn register(store: &Store, who: &Registrant, target: Target, now: Timestamp) -> String {
    let mut unit = store.begin("registering").await.unwrap();
    let registration = unit
        .register(EVENT, who, &[target], None, now)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    match registration.outcomes.into_iter().next().unwrap().1 {
        Outcome::Registered {
            registration_id, ..
        } => registration_id,
        other => panic!("not registered: {other:?}"),
    }
}

async fn names(store: &Store, filter: RosterFilter) -> Vec<String> {
    store
        .roster(EVENT, &filter, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.participant.map_or("(erased)".into(), |p| p.name))
        .collect()
}

#[tokio::test]
async fn the_list_joins_participants_and_narrows_by_target_state_category_and_country() {
    on_each_backend(|Fresh { store, .. }| async move {
        opened(&store, 1, Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        let tunc = someone("Tunç Soyer", "tunc@example.org", Category::Mayor, "TR");
        let anne = someone("Anne Hidalgo", "anne@example.org", Category::Mayor, "FR");
        let press = someone("Jo Press", "jo@example.org", Category::Press, "FR");
        register(&store, &tunc, dialogue(), now).await;
        register(&store, &anne, dialogue(), now).await;
        register(&store, &press, plenary(), now).await;

        let all = store
            .roster(EVENT, &RosterFilter::default(), 100)
            .await
            .unwrap();
        let seen: Vec<(String, State, Option<u32>)> = all
            .iter()
            .map(|e| {
                (
                    e.participant.as_ref().unwrap().name.clone(),
                    e.registration.state,
                    e.registration.position,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("Jo Press".to_owned(), State::Confirmed, None),
                ("Tunç Soyer".to_owned(), State::Confirmed, None),
                ("Anne Hidalgo".to_owned(), State::Waiting, Some(1)),
            ],
            "by target, then in arrival order"
        );

        let cases = [
            (
                "the dialogue",
                RosterFilter {
                    target: Some(dialogue()),
                    ..RosterFilter::default()
                },
                vec!["Tunç Soyer", "Anne Hidalgo"],
            ),
            (
                "waiting",
                RosterFilter {
                    state: Some(State::Waiting),
                    ..RosterFilter::default()
                },
                vec!["Anne Hidalgo"],
            ),
            (
                "the press",
                RosterFilter {
                    category: Some(Category::Press),
                    ..RosterFilter::default()
                },
                vec!["Jo Press"],
            ),
            (
                "mayors from France",
                RosterFilter {
                    category: Some(Category::Mayor),
                    country: Some("FR".into()),
                    ..RosterFilter::default()
                },
                vec!["Anne Hidalgo"],
            ),
        ];
        for (case, filter, expected) in cases {
            assert_eq!(names(&store, filter).await, expected, "{case}");
        }
        assert_eq!(
            store
                .roster(EVENT, &RosterFilter::default(), 2)
                .await
                .unwrap()
                .len(),
            2,
            "the limit holds"
        );

        let counts = store.registration_counts(EVENT).await.unwrap();
        assert_eq!(
            counts,
            [
                StateCount {
                    target: plenary(),
                    state: State::Confirmed,
                    count: 1
                },
                StateCount {
                    target: dialogue(),
                    state: State::Confirmed,
                    count: 1
                },
                StateCount {
                    target: dialogue(),
                    state: State::Waiting,
                    count: 1
                },
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn an_erased_participant_is_listed_without_their_data() {
    on_each_backend(|Fresh { store, .. }| async move {
        opened(&store, 5, Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        let tunc = someone("Tunç Soyer", "tunc@example.org", Category::Mayor, "TR");
        register(&store, &tunc, dialogue(), now).await;
        let id = store
            .participant_by_email(EVENT, "tunc@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut unit = store.begin("erasing").await.unwrap();
        unit.erase_participant(&id, now, &hour_later(now))
            .await
            .unwrap();
        unit.commit().await.unwrap();
        let all = store
            .roster(EVENT, &RosterFilter::default(), 100)
            .await
            .unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].participant, None);
        assert_eq!(all[0].registration.state, State::Cancelled);
    })
    .await;
}

#[tokio::test]
async fn an_organiser_adds_someone_past_the_policy_onto_a_seat_or_the_waiting_list() {
    on_each_backend(|Fresh { store, .. }| async move {
        opened(&store, 1, Policy::Invitation).await;
        let now = at("2021-11-02T10:00:00Z");
        let mut states = Vec::new();
        for n in 0..2 {
            let who = someone(
                &format!("Guest {n}"),
                &format!("g{n}@example.org"),
                Category::Public,
                "TR",
            );
            let mut unit = store.begin("adding").await.unwrap();
            let registration = unit
                .register_by_organiser(EVENT, &who, &[dialogue()], now)
                .await
                .unwrap();
            unit.commit().await.unwrap();
            states.push(registration.outcomes[0].1.clone());
        }
        let simplified: Vec<(State, Option<u32>)> = states
            .iter()
            .map(|o| match o {
                Outcome::Registered {
                    state, position, ..
                } => (*state, *position),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            simplified,
            [(State::Confirmed, None), (State::Waiting, Some(1))]
        );
    })
    .await;
}

#[tokio::test]
async fn a_move_cancels_the_old_registration_offers_its_seat_and_registers_for_the_new_target() {
    on_each_backend(|Fresh { store, .. }| async move {
        opened(&store, 1, Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        let tunc = someone("Tunç Soyer", "tunc@example.org", Category::Mayor, "TR");
        let anne = someone("Anne Hidalgo", "anne@example.org", Category::Mayor, "FR");
        let jo = someone("Jo Press", "jo@example.org", Category::Press, "FR");
        let moving = register(&store, &tunc, dialogue(), now).await;
        register(&store, &anne, dialogue(), now).await;
        register(&store, &jo, plenary(), now).await;

        // The plenary's one seat is Jo's: Tunç waits there, and his dialogue seat goes to Anne.
        let later = at("2021-11-03T10:00:00Z");
        let mut unit = store.begin("moving").await.unwrap();
        let moved = unit
            .move_registration(&moving, &plenary(), later, &hour_later(later))
            .await
            .unwrap();
        unit.commit().await.unwrap();
        let Move::Moved(moved) = moved else {
            panic!("not moved: {moved:?}")
        };
        let Moved {
            cancelled,
            registered,
            offers,
        } = *moved;
        assert_eq!(
            (cancelled.target, cancelled.state),
            (dialogue(), State::Cancelled)
        );
        assert_eq!(
            (
                registered.target.clone(),
                registered.state,
                registered.position
            ),
            (plenary(), State::Waiting, Some(1))
        );
        assert_eq!(offers.len(), 1);
        let anne_id = store
            .participant_by_email(EVENT, "anne@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(offers[0].participant_id, anne_id);

        // Moving back to the dialogue, where his cancelled registration is: it is made again.
        let mut unit = store.begin("moving back").await.unwrap();
        let back = unit
            .move_registration(&registered.id, &dialogue(), later, &hour_later(later))
            .await
            .unwrap();
        unit.commit().await.unwrap();
        let Move::Moved(back) = back else {
            panic!("not moved: {back:?}")
        };
        let registered = back.registered;
        assert_eq!(registered.id, moving, "the old row is used again");
        assert_eq!(
            registered.state,
            State::Waiting,
            "Anne's offer holds the seat"
        );

        // Nothing moves onto a target where the participant is in play, nor from a cancelled one.
        let jo_registration = store
            .roster(
                EVENT,
                &RosterFilter {
                    target: Some(plenary()),
                    state: Some(State::Confirmed),
                    ..RosterFilter::default()
                },
                10,
            )
            .await
            .unwrap()[0]
            .registration
            .id
            .clone();
        let mut unit = store.begin("moving Jo").await.unwrap();
        let refused = unit
            .move_registration(&jo_registration, &plenary(), later, &hour_later(later))
            .await
            .unwrap();
        assert_eq!(refused, Move::NotMovable, "the same target");
        unit.rollback().await.unwrap();
        let mut unit = store.begin("moving Tunç").await.unwrap();
        let waiting_in_dialogue = unit
            .move_registration(&moving, &plenary(), later, &hour_later(later))
            .await
            .unwrap();
        unit.rollback().await.unwrap();
        assert!(
            matches!(waiting_in_dialogue, Move::Moved(_)),
            "{waiting_in_dialogue:?}"
        );
        let seats: Vec<(Target, u32)> = store
            .target_seats(EVENT)
            .await
            .unwrap()
            .into_iter()
            .map(|s| (s.setting.target, s.held))
            .collect();
        assert_eq!(
            seats,
            [(plenary(), 1), (dialogue(), 1)],
            "nothing overbooked"
        );
    })
    .await;
}
