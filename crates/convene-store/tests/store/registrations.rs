//! Registrations in the store: seats taken by a conditional update that cannot overbook, the
//! waiting list in arrival order, offers of freed seats that are accepted, declined or run out,
//! policies, invitation codes, sign-in links and erasure.

use std::sync::Arc;

use convene_core::registration::{
    Category, Policy, Refusal, Registrant, State, Target, TargetSetting, Window,
};
use convene_core::{Language, Zone};
use convene_store::{Offer, Outcome, Store, StoreError};
use jiff::{SignedDuration, Timestamp};

use super::{IZMIR, at, import};
use crate::support::{Fresh, on_each_backend};

const EVENT: &str = "izmir-2021";

fn workshop() -> Target {
    Target::Session(convene_core::Slug::parse("mayors-dialogue").unwrap())
}

fn registrant(n: usize) -> Registrant {
    Registrant {
        name: format!("Participant {n}"),
        email: format!("p{n}@example.org"),
        category: Category::Mayor,
        city: Some("Montréal".into()),
        country: Some("CA".into()),
        organisation: None,
        language: Language::parse("fr").unwrap(),
        interpretation: None,
        zone: Zone::parse("America/Toronto").unwrap(),
        accessibility: None,
        dietary: None,
    }
}

/// Offers last an hour in these tests.
fn hour_later(now: Timestamp) -> impl Fn(&Target) -> Option<Timestamp> + Send + Sync {
    move |_| Some(now + SignedDuration::from_hours(1))
}

pub(crate) async fn event_with_seats(store: &Store, capacity: Option<u32>, policy: Policy) {
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
    let setting = TargetSetting {
        target: workshop(),
        policy,
        capacity,
    };
    unit.set_target(EVENT, &setting, now, &hour_later(now))
        .await
        .unwrap();
    unit.commit().await.unwrap();
}

async fn register(store: &Store, who: &Registrant, code: Option<&str>, now: Timestamp) -> Outcome {
    let mut unit = store.begin("registering").await.unwrap();
    let registration = unit
        .register(EVENT, who, &[workshop()], code, now)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    registration.outcomes.into_iter().next().unwrap().1
}

fn state_of(outcome: &Outcome) -> (State, Option<u32>) {
    match outcome {
        Outcome::Registered {
            state, position, ..
        } => (*state, *position),
        other => panic!("not registered: {other:?}"),
    }
}

async fn seats(store: &Store) -> (u32, Option<u32>) {
    let all = store.target_seats(EVENT).await.unwrap();
    let seats = all
        .into_iter()
        .find(|s| s.setting.target == workshop())
        .expect("the workshop has seats");
    (seats.held, seats.setting.capacity)
}

async fn states(store: &Store) -> Vec<(State, Option<u32>)> {
    store
        .registrations(EVENT, Some(&workshop()))
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.state, r.position))
        .collect()
}

#[tokio::test]
async fn the_seats_go_first_come_and_the_rest_wait_in_arrival_order() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, Some(3), Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        let mut outcomes = Vec::new();
        for n in 0..5 {
            outcomes.push(state_of(&register(&store, &registrant(n), None, now).await));
        }
        use State::*;
        assert_eq!(
            outcomes,
            [
                (Confirmed, None),
                (Confirmed, None),
                (Confirmed, None),
                (Waiting, Some(1)),
                (Waiting, Some(2))
            ]
        );
        assert_eq!(seats(&store).await, (3, Some(3)));
    })
    .await;
}

#[tokio::test]
async fn registrations_arriving_at_once_never_overbook() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, Some(20), Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        let store = Arc::new(store);
        let tasks: Vec<_> = (0..80)
            .map(|n| {
                let store = store.clone();
                tokio::spawn(async move {
                    loop {
                        let mut unit = match store.begin("registering").await {
                            Ok(unit) => unit,
                            Err(StoreError::Busy { .. }) => continue,
                            Err(e) => panic!("{e}"),
                        };
                        let registration = unit
                            .register(EVENT, &registrant(n), &[workshop()], None, now)
                            .await
                            .unwrap();
                        unit.commit().await.unwrap();
                        return registration;
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let all = store.registrations(EVENT, Some(&workshop())).await.unwrap();
        let confirmed = all.iter().filter(|r| r.state == State::Confirmed).count();
        let waiting: Vec<_> = all.iter().filter(|r| r.state == State::Waiting).collect();
        assert_eq!((confirmed, waiting.len()), (20, 60));
        let mut arrivals: Vec<u32> = all.iter().map(|r| r.arrival).collect();
        arrivals.sort();
        assert_eq!(arrivals, (1..=80).collect::<Vec<_>>());
        // The waiting list is in arrival order, numbered from 1 without a gap.
        let positions: Vec<Option<u32>> = waiting.iter().map(|r| r.position).collect();
        assert_eq!(positions, (1..=60).map(Some).collect::<Vec<_>>());
        assert!(waiting.windows(2).all(|w| w[0].arrival < w[1].arrival));
        // Everyone confirmed arrived before everyone waiting.
        let last_confirmed = all
            .iter()
            .filter(|r| r.state == State::Confirmed)
            .map(|r| r.arrival)
            .max();
        assert_eq!(last_confirmed, Some(20));
        assert_eq!(seats(&store).await, (20, Some(20)));
    })
    .await;
}

#[tokio::test]
async fn a_freed_seat_is_offered_to_the_first_waiting_who_accepts_it() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, Some(1), Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        let first = register(&store, &registrant(0), None, now).await;
        register(&store, &registrant(1), None, now).await;
        register(&store, &registrant(2), None, now).await;
        let Outcome::Registered {
            registration_id, ..
        } = first
        else {
            panic!()
        };

        let later = at("2021-11-03T10:00:00Z");
        let mut unit = store.begin("cancelling").await.unwrap();
        let (cancelled, offers) = unit
            .cancel_registration(&registration_id, later, &hour_later(later))
            .await
            .unwrap()
            .expect("it was confirmed");
        unit.commit().await.unwrap();
        assert_eq!(cancelled.state, State::Cancelled);
        let [offer]: [Offer; 1] = offers.try_into().expect("one offer");
        assert_eq!(offer.until, at("2021-11-03T11:00:00Z"));
        let second = store
            .participant_by_email(EVENT, "P1@example.org")
            .await
            .unwrap();
        assert_eq!(Some(offer.participant_id.clone()), second.map(|p| p.id));
        use State::*;
        assert_eq!(
            states(&store).await,
            [(Cancelled, None), (Offered, None), (Waiting, Some(1))]
        );
        // The offer holds the seat: nobody else takes it meanwhile.
        assert_eq!(seats(&store).await, (1, Some(1)));
        assert_eq!(
            state_of(&register(&store, &registrant(3), None, later).await),
            (Waiting, Some(2))
        );

        let mut unit = store.begin("accepting").await.unwrap();
        let accepted = unit
            .accept_offer(&offer.token, at("2021-11-03T10:30:00Z"))
            .await
            .unwrap()
            .expect("the offer runs");
        unit.commit().await.unwrap();
        assert_eq!(accepted.state, Confirmed);
        // A link works once.
        let mut unit = store.begin("accepting again").await.unwrap();
        assert_eq!(unit.accept_offer(&offer.token, later).await.unwrap(), None);
        drop(unit);
        assert_eq!(seats(&store).await, (1, Some(1)));
    })
    .await;
}

#[tokio::test]
async fn an_offer_declined_or_run_out_passes_to_the_next_in_line() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, Some(1), Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        let Outcome::Registered {
            registration_id, ..
        } = register(&store, &registrant(0), None, now).await
        else {
            panic!()
        };
        for n in 1..4 {
            register(&store, &registrant(n), None, now).await;
        }
        let mut unit = store.begin("cancelling").await.unwrap();
        let (_, offers) = unit
            .cancel_registration(&registration_id, now, &hour_later(now))
            .await
            .unwrap()
            .unwrap();
        unit.commit().await.unwrap();

        let mut unit = store.begin("declining").await.unwrap();
        let (declined, offers) = unit
            .decline_offer(&offers[0].token, now, &hour_later(now))
            .await
            .unwrap()
            .expect("the offer runs");
        unit.commit().await.unwrap();
        assert_eq!(declined.state, State::Cancelled);
        let third = offers[0].registration_id.clone();

        // Not yet over: nothing happens.
        let mut unit = store.begin("expiring").await.unwrap();
        assert_eq!(
            unit.expire_offer(&third, at("2021-11-02T10:59:59Z"), &hour_later(now))
                .await
                .unwrap(),
            None
        );
        let (expired, offers) = unit
            .expire_offer(&third, at("2021-11-02T11:00:00Z"), &hour_later(now))
            .await
            .unwrap()
            .expect("its hour is over");
        unit.commit().await.unwrap();
        assert_eq!(expired.state, State::Expired);
        assert_eq!(offers.len(), 1);
        use State::*;
        assert_eq!(
            states(&store).await,
            [
                (Cancelled, None),
                (Cancelled, None),
                (Expired, None),
                (Offered, None)
            ]
        );
        assert_eq!(seats(&store).await, (1, Some(1)));
    })
    .await;
}

#[tokio::test]
async fn raising_the_capacity_offers_seats_and_lowering_it_below_those_held_is_refused() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, Some(2), Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        for n in 0..5 {
            register(&store, &registrant(n), None, now).await;
        }
        let mut unit = store.begin("lowering").await.unwrap();
        let lowered = TargetSetting {
            target: workshop(),
            policy: Policy::Open,
            capacity: Some(1),
        };
        let refused = unit
            .set_target(EVENT, &lowered, now, &hour_later(now))
            .await;
        assert!(
            matches!(
                refused,
                Err(StoreError::CapacityBelowHeld {
                    held: 2,
                    capacity: 1,
                    ..
                })
            ),
            "{refused:?}"
        );
        drop(unit);

        let mut unit = store.begin("raising").await.unwrap();
        let raised = TargetSetting {
            capacity: Some(4),
            ..lowered
        };
        let offers = unit
            .set_target(EVENT, &raised, now, &hour_later(now))
            .await
            .unwrap();
        unit.commit().await.unwrap();
        assert_eq!(offers.len(), 2);
        use State::*;
        assert_eq!(
            states(&store).await,
            [
                (Confirmed, None),
                (Confirmed, None),
                (Offered, None),
                (Offered, None),
                (Waiting, Some(1))
            ]
        );
        assert_eq!(seats(&store).await, (4, Some(4)));
    })
    .await;
}

#[tokio::test]
async fn policies_send_to_approval_refuse_other_categories_and_count_invitations() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, Some(10), Policy::Approval).await;
        let now = at("2021-11-02T10:00:00Z");
        let Outcome::Registered {
            registration_id,
            state,
            ..
        } = register(&store, &registrant(0), None, now).await
        else {
            panic!()
        };
        assert_eq!(state, State::Pending);
        assert_eq!(seats(&store).await, (0, Some(10)));
        let mut unit = store.begin("approving").await.unwrap();
        let (approved, _) = unit
            .approve_registration(&registration_id, now, &hour_later(now))
            .await
            .unwrap()
            .unwrap();
        unit.commit().await.unwrap();
        assert_eq!(approved.state, State::Confirmed);
        assert_eq!(seats(&store).await, (1, Some(10)));

        let mut unit = store.begin("mayors only").await.unwrap();
        let mayors = TargetSetting {
            target: workshop(),
            policy: Policy::Categories(vec![Category::Mayor]),
            capacity: Some(10),
        };
        unit.set_target(EVENT, &mayors, now, &hour_later(now))
            .await
            .unwrap();
        unit.commit().await.unwrap();
        let press = Registrant {
            category: Category::Press,
            ..registrant(1)
        };
        assert_eq!(
            register(&store, &press, None, now).await,
            Outcome::Refused(Refusal::Category)
        );

        let mut unit = store.begin("by invitation").await.unwrap();
        let invited = TargetSetting {
            policy: Policy::Invitation,
            ..mayors
        };
        unit.set_target(EVENT, &invited, now, &hour_later(now))
            .await
            .unwrap();
        unit.create_invitation_code(EVENT, "IZMIR-1", None, 1, "for the press", None, now)
            .await
            .unwrap();
        unit.commit().await.unwrap();
        assert_eq!(
            register(&store, &registrant(2), None, now).await,
            Outcome::Refused(Refusal::Invitation)
        );
        assert_eq!(
            state_of(&register(&store, &press, Some("IZMIR-1"), now).await).0,
            State::Confirmed
        );
        // A single-use code admits once.
        assert_eq!(
            register(&store, &registrant(3), Some("IZMIR-1"), now).await,
            Outcome::Refused(Refusal::Invitation)
        );
        let codes = store.invitation_codes(EVENT).await.unwrap();
        assert_eq!(codes.len(), 1);
        assert_eq!((codes[0].uses, codes[0].used), (1, 1));
    })
    .await;
}

#[tokio::test]
async fn an_email_registered_before_keeps_its_details_and_its_registration() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, Some(10), Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        register(&store, &registrant(0), None, now).await;
        let impostor = Registrant {
            name: "Someone Else".into(),
            email: "p0@example.org".into(),
            ..registrant(9)
        };
        let mut unit = store.begin("registering again").await.unwrap();
        let again = unit
            .register(EVENT, &impostor, &[workshop()], None, now)
            .await
            .unwrap();
        unit.commit().await.unwrap();
        assert!(!again.new_participant);
        assert_eq!(
            again.outcomes[0].1,
            Outcome::Already {
                state: State::Confirmed
            }
        );
        let kept = store
            .participant(&again.participant_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.details.unwrap().name, "Participant 0");
        assert_eq!(seats(&store).await, (1, Some(10)));
    })
    .await;
}

#[tokio::test]
async fn a_registration_rolled_back_holds_no_seat() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, Some(1), Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        let mut unit = store.begin("registering").await.unwrap();
        unit.register(EVENT, &registrant(0), &[workshop()], None, now)
            .await
            .unwrap();
        drop(unit);
        assert_eq!(seats(&store).await, (0, Some(1)));
        assert_eq!(
            state_of(&register(&store, &registrant(1), None, now).await).0,
            State::Confirmed
        );
    })
    .await;
}

#[tokio::test]
async fn erasing_a_participant_removes_their_data_and_passes_their_seat_on() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, Some(1), Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        register(&store, &registrant(0), None, now).await;
        register(&store, &registrant(1), None, now).await;
        let first = store
            .participant_by_email(EVENT, "p0@example.org")
            .await
            .unwrap()
            .unwrap();
        let mut unit = store.begin("erasing").await.unwrap();
        let offers = unit
            .erase_participant(&first.id, now, &hour_later(now))
            .await
            .unwrap();
        unit.commit().await.unwrap();
        assert_eq!(offers.len(), 1);
        let erased = store.participant(&first.id).await.unwrap().unwrap();
        assert_eq!(erased.details, None);
        assert_eq!(erased.feed_token, None);
        assert!(erased.erased_at.is_some());
        assert_eq!(
            store
                .participant_by_email(EVENT, "p0@example.org")
                .await
                .unwrap(),
            None
        );
        use State::*;
        assert_eq!(states(&store).await, [(Cancelled, None), (Offered, None)]);
    })
    .await;
}

#[tokio::test]
async fn a_sign_in_link_works_once_and_only_before_it_expires() {
    on_each_backend(|Fresh { store, .. }| async move {
        event_with_seats(&store, None, Policy::Open).await;
        let now = at("2021-11-02T10:00:00Z");
        register(&store, &registrant(0), None, now).await;
        let who = store
            .participant_by_email(EVENT, "p0@example.org")
            .await
            .unwrap()
            .unwrap();
        let expires = now + SignedDuration::from_mins(30);
        let mut unit = store.begin("sending links").await.unwrap();
        unit.create_sign_in_token("hash-a", &who.id, expires)
            .await
            .unwrap();
        unit.create_sign_in_token("hash-b", &who.id, expires)
            .await
            .unwrap();
        unit.commit().await.unwrap();
        let at_29 = now + SignedDuration::from_mins(29);
        assert_eq!(
            store.use_sign_in_token("hash-a", at_29).await.unwrap(),
            Some(who.id.clone())
        );
        assert_eq!(
            store.use_sign_in_token("hash-a", at_29).await.unwrap(),
            None
        );
        assert_eq!(
            store.use_sign_in_token("hash-b", expires).await.unwrap(),
            None
        );
        assert_eq!(
            store.use_sign_in_token("unknown", at_29).await.unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn a_throttle_admits_up_to_its_limit_in_its_window() {
    on_each_backend(|Fresh { store, .. }| async move {
        let now = at("2021-11-02T10:00:00Z");
        let since = now - SignedDuration::from_mins(10);
        let mut admitted = Vec::new();
        for _ in 0..4 {
            let mut unit = store.begin("counting").await.unwrap();
            admitted.push(
                unit.throttle("register:192.0.2.1", since, 3, now)
                    .await
                    .unwrap(),
            );
            unit.commit().await.unwrap();
        }
        assert_eq!(admitted, [true, true, true, false]);
        let mut unit = store.begin("counting").await.unwrap();
        let later = now + SignedDuration::from_mins(11);
        assert!(
            unit.throttle(
                "register:192.0.2.1",
                later - SignedDuration::from_mins(10),
                3,
                later
            )
            .await
            .unwrap()
        );
        assert!(
            unit.throttle("register:192.0.2.2", since, 3, now)
                .await
                .unwrap()
        );
    })
    .await;
}
