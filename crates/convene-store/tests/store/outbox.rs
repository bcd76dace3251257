//! The outbox: a message is read back whole for delivery, recorded as sent once, listed newest
//! first for admins, and counted while it waits.

use convene_store::{
    Attachment, DELIVER_EMAIL, Delivery, OutgoingEmail, SentVia, Store, StoredEmail,
};
use jiff::SignedDuration;

use super::{IZMIR, at, import};
use crate::support::{Fresh, on_each_backend};

fn email(recipient: &str, event_id: Option<&str>) -> OutgoingEmail {
    OutgoingEmail {
        event_id: event_id.map(str::to_owned),
        participant_id: None,
        kind: "confirmed".into(),
        recipient: recipient.into(),
        language: "fr".into(),
        subject: "Inscription confirmée — Sommet d'İzmir".into(),
        text_body: "Bonjour,\nvotre place est confirmée.\n".into(),
        html_body: "<p>Bonjour,</p><p>votre place est confirmée.</p>".into(),
        attachments: vec![Attachment {
            filename: "izmir-2021.ics".into(),
            content_type: "text/calendar".into(),
            content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
        }],
        unsubscribe: None,
    }
}

async fn queue(store: &Store, email: &OutgoingEmail, instant: &str) -> String {
    let mut unit = store.begin("queueing a message").await.expect("begins");
    let id = unit
        .queue_email(email, "summit.example.org", at(instant))
        .await
        .expect("queues");
    unit.commit().await.expect("commits");
    id
}

#[tokio::test]
async fn a_queued_message_reads_back_whole_with_its_message_id() {
    on_each_backend(|Fresh { store, .. }| async move {
        import(&store, IZMIR, "2021-11-01T09:00:00Z").await;
        let written = email("ayse@example.org", Some("izmir-2021"));
        let id = queue(&store, &written, "2021-11-20T09:00:00Z").await;

        let stored = store
            .outbox_email(&id)
            .await
            .expect("reads")
            .expect("the message is there");

        assert_eq!(
            stored,
            StoredEmail {
                id: id.clone(),
                event_id: Some("izmir-2021".into()),
                participant_id: None,
                kind: written.kind.clone(),
                recipient: written.recipient.clone(),
                language: written.language.clone(),
                subject: written.subject.clone(),
                text_body: written.text_body.clone(),
                html_body: written.html_body.clone(),
                attachments: written.attachments.clone(),
                message_id: format!("<{id}@summit.example.org>"),
                created_at: at("2021-11-20T09:00:00Z"),
                delivery: Delivery::Waiting,
                unsubscribe: None,
            }
        );
        assert_eq!(
            store.outbox_email("no-such-message").await.expect("reads"),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn a_message_is_recorded_as_sent_once() {
    on_each_backend(|Fresh { store, .. }| async move {
        let id = queue(
            &store,
            &email("a@example.org", None),
            "2026-01-05T09:00:00Z",
        )
        .await;
        assert_eq!(store.unsent_emails().await.expect("counts"), 1);

        let first = store
            .mark_email_sent(&id, SentVia::Smtp, at("2026-01-05T09:00:10Z"))
            .await
            .expect("writes");
        let again = store
            .mark_email_sent(&id, SentVia::Maildir, at("2026-01-05T09:05:00Z"))
            .await
            .expect("writes");
        let unknown = store
            .mark_email_sent("no-such-message", SentVia::Smtp, at("2026-01-05T09:05:00Z"))
            .await
            .expect("writes");

        assert_eq!((first, again, unknown), (true, false, false));
        let stored = store
            .outbox_email(&id)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(
            stored.delivery,
            Delivery::Sent {
                at: at("2026-01-05T09:00:10Z"),
                via: SentVia::Smtp
            },
            "the first record stands"
        );
        assert!(stored.is_sent());
        assert_eq!(store.unsent_emails().await.expect("counts"), 0);
    })
    .await;
}

#[tokio::test]
async fn the_outbox_lists_the_newest_first_per_event_and_within_the_limit() {
    on_each_backend(|Fresh { store, .. }| async move {
        import(&store, IZMIR, "2021-11-01T09:00:00Z").await;
        let first = queue(
            &store,
            &email("one@example.org", Some("izmir-2021")),
            "2026-01-05T09:00:00Z",
        )
        .await;
        let second = queue(
            &store,
            &email("two@example.org", None),
            "2026-01-05T09:01:00Z",
        )
        .await;
        let third = queue(
            &store,
            &email("three@example.org", Some("izmir-2021")),
            "2026-01-05T09:02:00Z",
        )
        .await;

        let ids = |list: Vec<StoredEmail>| list.into_iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(
            ids(store.outbox(None, 10).await.expect("lists")),
            vec![third.clone(), second.clone(), first.clone()]
        );
        assert_eq!(
            ids(store.outbox(Some("izmir-2021"), 10).await.expect("lists")),
            vec![third.clone(), first]
        );
        assert_eq!(
            ids(store.outbox(None, 2).await.expect("lists")),
            vec![third, second]
        );
        assert_eq!(
            ids(store
                .outbox(Some("montreal-2015"), 10)
                .await
                .expect("lists")),
            Vec::<String>::new()
        );
        assert_eq!(store.unsent_emails().await.expect("counts"), 3);
    })
    .await;
}

#[tokio::test]
async fn a_failed_delivery_shows_as_retrying_then_as_failed_after_the_last_attempt() {
    on_each_backend(|Fresh { store, .. }| async move {
        let id = queue(
            &store,
            &email("a@example.org", None),
            "2026-01-05T09:00:00Z",
        )
        .await;
        let lease = SignedDuration::from_secs(60);

        let job = store
            .claim_job(
                &[DELIVER_EMAIL],
                "node-a",
                at("2026-01-05T09:00:00Z"),
                lease,
            )
            .await
            .expect("claims")
            .expect("the delivery is due");
        assert_eq!(job.key, id, "the job's key is the message's id");
        assert_eq!(job.max_attempts, 12);
        store
            .fail_job(
                &job,
                "the mail server refused the connection",
                at("2026-01-05T09:00:01Z"),
                at("2026-01-05T09:00:11Z"),
            )
            .await
            .expect("writes");
        let retrying = store
            .outbox_email(&id)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(
            retrying.delivery,
            Delivery::Retrying {
                attempts: 1,
                error: "the mail server refused the connection".into(),
                next_at: at("2026-01-05T09:00:11Z"),
            }
        );

        let mut now = at("2026-01-05T09:00:11Z");
        while let Some(job) = store
            .claim_job(&[DELIVER_EMAIL], "node-a", now, lease)
            .await
            .expect("claims")
        {
            store
                .fail_job(&job, "still refused", now, now)
                .await
                .expect("writes");
            now += SignedDuration::from_secs(1);
        }
        let failed = store
            .outbox_email(&id)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(
            failed.delivery,
            Delivery::Failed {
                attempts: 12,
                error: "still refused".into()
            }
        );
        assert_eq!(store.unsent_emails().await.expect("counts"), 1);
    })
    .await;
}

#[tokio::test]
async fn many_messages_are_written_claimed_sent_and_done_in_batches_each_once() {
    on_each_backend(|Fresh { store, .. }| async move {
        import(&store, IZMIR, "2021-11-01T09:00:00Z").await;
        let now = at("2021-11-20T09:00:00Z");
        let written: Vec<OutgoingEmail> = (0..150)
            .map(|n| email(&format!("p{n}@example.org"), Some("izmir-2021")))
            .collect();
        let mut unit = store.begin("queueing messages").await.expect("begins");
        let ids = unit
            .queue_emails(&written, "summit.example.org", now)
            .await
            .expect("queues");
        unit.commit().await.expect("commits");
        assert_eq!(ids.len(), 150);
        assert_eq!(store.unsent_emails().await.unwrap(), 150);
        let read = store
            .outbox_emails(&ids.iter().map(String::as_str).collect::<Vec<_>>())
            .await
            .unwrap();
        assert_eq!(read.len(), 150);
        let tenth = read.iter().find(|e| e.id == ids[10]).expect("the tenth");
        assert_eq!(tenth.recipient, "p10@example.org");
        assert_eq!(
            tenth.message_id,
            format!("<{}@summit.example.org>", ids[10])
        );

        // Two runners claiming at once share the deliveries, none twice.
        let lease = SignedDuration::from_secs(60);
        let (a, b) = tokio::join!(
            store.claim_jobs(&[DELIVER_EMAIL], "runner-a", now, lease, 100),
            store.claim_jobs(&[DELIVER_EMAIL], "runner-b", now, lease, 100),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.len() + b.len(), 150, "{} and {}", a.len(), b.len());
        let mut keys: Vec<&str> = a.iter().chain(&b).map(|j| j.key.as_str()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 150);

        // Each message is recorded as sent once.
        for job in &a {
            assert!(
                store
                    .mark_email_sent(&job.key, SentVia::Smtp, now)
                    .await
                    .unwrap()
            );
            assert!(
                !store
                    .mark_email_sent(&job.key, SentVia::Smtp, now)
                    .await
                    .unwrap()
            );
        }
        let done = store
            .complete_jobs(&a.iter().collect::<Vec<_>>(), now)
            .await
            .unwrap();
        assert_eq!(done.len(), a.len());
        // Runner b's jobs are not runner a's to complete.
        let mine: Vec<_> = b
            .iter()
            .map(|j| convene_store::ClaimedJob {
                owner: "runner-a".into(),
                ..j.clone()
            })
            .collect();
        assert!(
            store
                .complete_jobs(&mine.iter().collect::<Vec<_>>(), now)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.unsent_emails().await.unwrap(), 150 - a.len() as i64);
    })
    .await;
}
