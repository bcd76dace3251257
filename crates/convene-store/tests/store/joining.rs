//! Joining online sessions in the store: settings with defaults, rooms kept apart from the
//! programme, personal links that lead only while the registration holds, attendance, and
//! reminders and notices that are written once whichever node tries.

use std::collections::BTreeMap;

use convene_core::registration::joining::{Channel, Joining, Room};
use convene_core::registration::{Category, Policy, Registrant, State, Target};
use convene_core::{Language, Slug, Zone};
use convene_store::{Attended, REMINDER_DAY_BEFORE, Store};
use jiff::civil::time;
use jiff::{SignedDuration, Timestamp};

use super::{IZMIR, at, import};
use crate::support::{Fresh, on_each_backend};

const EVENT: &str = "izmir-2021";

fn dialogue() -> Slug {
    Slug::parse("mayors-dialogue").unwrap()
}

fn lang(code: &str) -> Language {
    Language::parse(code).unwrap()
}

fn registrant(n: usize) -> Registrant {
    Registrant {
        name: format!("Participant {n}"),
        email: format!("p{n}@example.org"),
        category: Category::Mayor,
        city: Some("Montréal".into()),
        country: Some("CA".into()),
        organisation: None,
        language: lang("fr"),
        interpretation: Some(lang("en")),
        zone: Zone::parse("America/Toronto").unwrap(),
        accessibility: None,
        dietary: None,
    }
}

fn room() -> Room {
    Room {
        url: "https://meet.example.org/secret-mayors-room".into(),
        channels: vec![Channel {
            language: lang("en"),
            url: Some("https://meet.example.org/secret-mayors-room-en".into()),
            passcode: Some("4411".into()),
        }],
        notes: BTreeMap::from([(lang("fr"), "Micro coupé à l'entrée.".into())]),
    }
}

/// The Izmir programme with registration open and one confirmed participant for the dialogue;
/// their registration's id.
async fn confirmed_participant(store: &Store) -> String {
    super::registrations::event_with_seats(store, None, Policy::Open).await;
    let now = at("2021-11-01T10:00:00Z");
    let mut unit = store.begin("registering").await.unwrap();
    let registration = unit
        .register(
            EVENT,
            &registrant(0),
            &[Target::Session(dialogue())],
            None,
            now,
        )
        .await
        .unwrap();
    unit.commit().await.unwrap();
    match &registration.outcomes[0].1 {
        convene_store::Outcome::Registered {
            registration_id,
            state: State::Confirmed,
            ..
        } => registration_id.clone(),
        other => panic!("not confirmed: {other:?}"),
    }
}

#[tokio::test]
async fn joining_settings_are_the_defaults_until_set_and_then_what_was_set() {
    on_each_backend(|Fresh { store, .. }| async move {
        import(&store, IZMIR, "2021-11-01T09:00:00Z").await;
        assert_eq!(store.joining(EVENT).await.unwrap(), Joining::default());
        let set = Joining {
            opens_before: SignedDuration::from_mins(10),
            day_before_at: time(18, 30, 0, 0),
            shortly_before: SignedDuration::from_mins(45),
        };
        let mut unit = store.begin("setting").await.unwrap();
        unit.set_joining(EVENT, &set, at("2021-11-01T10:00:00Z"))
            .await
            .unwrap();
        unit.commit().await.unwrap();
        assert_eq!(store.joining(EVENT).await.unwrap(), set);
    })
    .await;
}

#[tokio::test]
async fn a_room_is_kept_replaced_and_removed() {
    on_each_backend(|Fresh { store, .. }| async move {
        import(&store, IZMIR, "2021-11-01T09:00:00Z").await;
        let now = at("2021-11-01T10:00:00Z");
        assert_eq!(room_of_dialogue(&store).await, None);
        let mut unit = store.begin("setting a room").await.unwrap();
        unit.set_room(EVENT, &dialogue(), Some(&room()), now)
            .await
            .unwrap();
        unit.commit().await.unwrap();
        assert_eq!(room_of_dialogue(&store).await, Some(room()));
        assert_eq!(
            store.rooms(EVENT).await.unwrap(),
            vec![(dialogue(), room())]
        );
        let mut unit = store.begin("removing a room").await.unwrap();
        unit.set_room(EVENT, &dialogue(), None, now).await.unwrap();
        unit.commit().await.unwrap();
        assert_eq!(room_of_dialogue(&store).await, None);
    })
    .await;
}

#[tokio::test]
async fn a_join_link_is_made_once_leads_to_its_registration_and_stops_when_revoked() {
    on_each_backend(|Fresh { store, .. }| async move {
        let registration = confirmed_participant(&store).await;
        let now = at("2021-11-02T10:00:00Z");
        let mut unit = store.begin("links").await.unwrap();
        let token = unit.join_link(&registration, now).await.unwrap();
        assert_eq!(unit.join_link(&registration, now).await.unwrap(), token);
        unit.commit().await.unwrap();
        let ticket = store.join_ticket(&token).await.unwrap().expect("a ticket");
        assert_eq!(ticket.registration_id, registration);
        assert_eq!(ticket.state, State::Confirmed);
        assert_eq!(ticket.target, Target::Session(dialogue()));
        assert_eq!(ticket.interpretation, Some(lang("en")));
        assert_eq!(
            ticket.zone.as_ref().map(Zone::name),
            Some("America/Toronto")
        );
        assert_eq!(store.join_ticket("not-a-token").await.unwrap(), None);
        assert_eq!(store.join_ticket(&"0".repeat(64)).await.unwrap(), None);

        let mut unit = store.begin("revoking").await.unwrap();
        unit.revoke_join_link(&registration).await.unwrap();
        let fresh = unit.join_link(&registration, now).await.unwrap();
        unit.commit().await.unwrap();
        assert_ne!(fresh, token);
        assert_eq!(store.join_ticket(&token).await.unwrap(), None);
        assert!(store.join_ticket(&fresh).await.unwrap().is_some());
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_registrations_link_reads_as_cancelled() {
    on_each_backend(|Fresh { store, .. }| async move {
        let registration = confirmed_participant(&store).await;
        let now = at("2021-11-02T10:00:00Z");
        let mut unit = store.begin("links").await.unwrap();
        let token = unit.join_link(&registration, now).await.unwrap();
        unit.cancel_registration(&registration, now, &|_| None)
            .await
            .unwrap();
        unit.commit().await.unwrap();
        let ticket = store.join_ticket(&token).await.unwrap().expect("a ticket");
        assert_eq!(ticket.state, State::Cancelled);
    })
    .await;
}

#[tokio::test]
async fn attendance_keeps_every_click_with_its_channel() {
    on_each_backend(|Fresh { store, .. }| async move {
        let registration = confirmed_participant(&store).await;
        let first = at("2021-12-07T12:50:00Z");
        let again = first + SignedDuration::from_mins(20);
        let click = |at: Timestamp, channel: Option<Language>| Attended {
            event_id: EVENT.into(),
            registration_id: registration.clone(),
            channel,
            at,
        };
        let mut unit = store.begin("recording").await.unwrap();
        unit.record_attendance(&[click(first, Some(lang("en"))), click(again, None)])
            .await
            .unwrap();
        unit.commit().await.unwrap();
        let report = store.attendance(EVENT).await.unwrap();
        assert_eq!(report.len(), 1);
        assert_eq!(report[0].registration_id, registration);
        assert_eq!(
            report[0].clicks,
            vec![(first, Some(lang("en"))), (again, None)]
        );
    })
    .await;
}

#[tokio::test]
async fn a_reminder_and_a_notice_are_noted_once() {
    on_each_backend(|Fresh { store, .. }| async move {
        let registration = confirmed_participant(&store).await;
        let now = at("2021-12-06T14:00:00Z");
        let start = Some(at("2021-12-07T13:00:00Z"));
        let mut unit = store.begin("reminding").await.unwrap();
        assert!(
            unit.mark_reminded(&registration, REMINDER_DAY_BEFORE, start, now)
                .await
                .unwrap()
        );
        assert!(
            !unit
                .mark_reminded(&registration, REMINDER_DAY_BEFORE, start, now)
                .await
                .unwrap()
        );
        unit.commit().await.unwrap();
        let who = store
            .participant_by_email(EVENT, "p0@example.org")
            .await
            .unwrap()
            .unwrap();
        let mut unit = store.begin("noticing").await.unwrap();
        let ids = [who.id.as_str()];
        assert_eq!(
            unit.mark_noticed_all(&ids, 2, now).await.unwrap(),
            std::slice::from_ref(&who.id)
        );
        assert!(
            unit.mark_noticed_all(&ids, 2, now)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            unit.mark_noticed_all(&ids, 3, now).await.unwrap(),
            std::slice::from_ref(&who.id)
        );
        unit.commit().await.unwrap();
    })
    .await;
}

/// The dialogue's room, as the store lists the event's rooms.
async fn room_of_dialogue(store: &Store) -> Option<Room> {
    store
        .rooms(EVENT)
        .await
        .unwrap()
        .into_iter()
        .find(|(session, _)| *session == dialogue())
        .map(|(_, room)| room)
}
