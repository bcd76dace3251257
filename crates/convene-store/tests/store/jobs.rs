//! Background jobs in the store: enqueued with their cause, claimed under a lease by one runner at
//! a time, retried, and left dead after their last attempt.

use convene_store::{JobState, NewJob, Store};
use jiff::{SignedDuration, Timestamp};

use super::at;
use crate::support::{Fresh, on_each_backend};

const KINDS: &[&str] = &["remove-expired", "send-email"];

fn lease() -> SignedDuration {
    SignedDuration::from_secs(30)
}

fn job(key: &str) -> NewJob {
    NewJob::new("send-email", key, at("2026-01-05T09:00:00Z"))
}

async fn claim(store: &Store, owner: &str, now: &str) -> Option<convene_store::ClaimedJob> {
    store
        .claim_job(KINDS, owner, at(now), lease())
        .await
        .expect("claims")
}

#[tokio::test]
async fn a_job_enqueued_in_a_unit_that_rolls_back_never_exists() {
    on_each_backend(|Fresh { store, .. }| async move {
        let mut unit = store.begin("a change that fails").await.expect("begins");
        assert!(unit.enqueue(&job("welcome")).await.expect("enqueues"));
        drop(unit);

        let mut unit = store
            .begin("a change that is undone")
            .await
            .expect("begins");
        assert!(unit.enqueue(&job("reminder")).await.expect("enqueues"));
        unit.rollback().await.expect("rolls back");

        assert_eq!(claim(&store, "node-a", "2026-01-05T10:00:00Z").await, None);
        assert_eq!(
            store.jobs(JobState::Queued, 10).await.expect("lists"),
            vec![]
        );
    })
    .await;
}

#[tokio::test]
async fn a_job_enqueued_with_its_cause_commits_with_it() {
    on_each_backend(|Fresh { store, .. }| async move {
        let now = at("2026-01-05T09:00:00Z");
        let mut unit = store.begin("a change").await.expect("begins");
        unit.record_audit(now, None, "publish", Some("izmir-2021"), "version 1")
            .await
            .expect("records");
        unit.enqueue(&job("notice-v1")).await.expect("enqueues");
        unit.commit().await.expect("commits");

        assert_eq!(store.audit_log(10).await.expect("reads").len(), 1);
        let claimed = claim(&store, "node-a", "2026-01-05T09:00:00Z")
            .await
            .expect("the job is due");
        assert_eq!(
            (claimed.kind.as_str(), claimed.key.as_str()),
            ("send-email", "notice-v1")
        );
        assert_eq!(claimed.attempt, 1);
    })
    .await;
}

#[tokio::test]
async fn a_job_is_enqueued_once_per_kind_and_key() {
    on_each_backend(|Fresh { store, .. }| async move {
        assert!(store.enqueue(&job("welcome")).await.expect("enqueues"));
        assert!(!store.enqueue(&job("welcome")).await.expect("enqueues"));
        assert!(
            store
                .enqueue(&NewJob::new(
                    "remove-expired",
                    "welcome",
                    at("2026-01-05T09:00:00Z")
                ))
                .await
                .expect("enqueues"),
            "another kind may use the same key"
        );
        assert_eq!(
            store.jobs(JobState::Queued, 10).await.expect("lists").len(),
            2
        );
    })
    .await;
}

#[tokio::test]
async fn a_job_is_not_claimed_before_it_is_due_nor_by_a_runner_without_its_kind() {
    on_each_backend(|Fresh { store, .. }| async move {
        store.enqueue(&job("later")).await.expect("enqueues");
        assert_eq!(claim(&store, "node-a", "2026-01-05T08:59:59Z").await, None);
        let other_kinds = store
            .claim_job(
                &["remove-expired"],
                "node-a",
                at("2026-01-05T10:00:00Z"),
                lease(),
            )
            .await
            .expect("claims");
        assert_eq!(other_kinds, None);
        assert!(
            claim(&store, "node-a", "2026-01-05T09:00:00Z")
                .await
                .is_some()
        );
    })
    .await;
}

#[tokio::test]
async fn a_claimed_job_is_nobody_elses_until_its_lease_ends() {
    on_each_backend(|Fresh { store, url, .. }| async move {
        store.enqueue(&job("welcome")).await.expect("enqueues");
        let other_node = Store::connect(&url).await.expect("opens the same database");

        let first = claim(&store, "node-a", "2026-01-05T09:00:00Z")
            .await
            .expect("node a claims it");
        assert_eq!(
            claim(&other_node, "node-b", "2026-01-05T09:00:29Z").await,
            None
        );

        // Node a died without a word: after its lease, node b takes the job over.
        let second = claim(&other_node, "node-b", "2026-01-05T09:00:30Z")
            .await
            .expect("node b claims it once the lease ended");
        assert_eq!(second.id, first.id);
        assert_eq!(second.attempt, 2);

        // Node a, back, can no longer complete what it lost.
        assert!(
            !store
                .complete_job(&first, at("2026-01-05T09:00:31Z"))
                .await
                .expect("writes")
        );
        assert!(
            other_node
                .complete_job(&second, at("2026-01-05T09:00:31Z"))
                .await
                .expect("writes")
        );
        let done = store.jobs(JobState::Done, 10).await.expect("lists");
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].attempts, 2);
        other_node.close().await;
    })
    .await;
}

#[tokio::test]
async fn runners_claiming_at_once_each_get_a_different_job() {
    on_each_backend(|Fresh { store, url, .. }| async move {
        for n in 0..8 {
            store
                .enqueue(&job(&format!("mail-{n}")))
                .await
                .expect("enqueues");
        }
        let other_node = Store::connect(&url).await.expect("opens the same database");
        let mut claims = Vec::new();
        for n in 0..8 {
            let node = if n % 2 == 0 {
                store.clone()
            } else {
                other_node.clone()
            };
            claims.push(tokio::spawn(async move {
                node.claim_job(
                    KINDS,
                    &format!("runner-{n}"),
                    at("2026-01-05T09:00:00Z"),
                    lease(),
                )
                .await
            }));
        }
        let mut keys = Vec::new();
        for one in claims {
            let claimed = one.await.expect("no panic").expect("claims");
            keys.push(claimed.expect("a job for every runner").key);
        }
        other_node.close().await;
        keys.sort();
        let expected: Vec<String> = (0..8).map(|n| format!("mail-{n}")).collect();
        assert_eq!(keys, expected);
    })
    .await;
}

#[tokio::test]
async fn a_failed_job_waits_for_its_retry_then_is_left_dead_after_its_last_attempt() {
    on_each_backend(|Fresh { store, .. }| async move {
        store
            .enqueue(&job("bounce").max_attempts(2))
            .await
            .expect("enqueues");

        let first = claim(&store, "node-a", "2026-01-05T09:00:00Z")
            .await
            .expect("due");
        let retry_at = at("2026-01-05T09:01:00Z");
        let state = store
            .fail_job(
                &first,
                "the mail server said 451",
                at("2026-01-05T09:00:01Z"),
                retry_at,
            )
            .await
            .expect("records");
        assert_eq!(state, Some(JobState::Queued));
        assert_eq!(claim(&store, "node-a", "2026-01-05T09:00:59Z").await, None);

        let last = claim(&store, "node-a", "2026-01-05T09:01:00Z")
            .await
            .expect("due again");
        assert!(last.is_last_attempt());
        let state = store
            .fail_job(
                &last,
                "the mail server said 550",
                at("2026-01-05T09:01:01Z"),
                retry_at,
            )
            .await
            .expect("records");
        assert_eq!(state, Some(JobState::Dead));
        assert_eq!(claim(&store, "node-a", "2026-01-05T10:00:00Z").await, None);

        let dead = store.jobs(JobState::Dead, 10).await.expect("lists");
        assert_eq!(dead.len(), 1);
        assert_eq!(
            (dead[0].attempts, dead[0].last_error.as_deref()),
            (2, Some("the mail server said 550"))
        );

        assert!(
            store
                .retry_dead_job(&dead[0].id, 1, at("2026-01-05T11:00:00Z"))
                .await
                .expect("writes")
        );
        let again = claim(&store, "node-a", "2026-01-05T11:00:00Z")
            .await
            .expect("queued again");
        assert_eq!(again.attempt, 3);
        assert!(again.is_last_attempt());
    })
    .await;
}

#[tokio::test]
async fn a_job_whose_runner_died_on_its_last_attempt_is_left_dead() {
    on_each_backend(|Fresh { store, .. }| async move {
        store
            .enqueue(&job("once").max_attempts(1))
            .await
            .expect("enqueues");
        claim(&store, "node-a", "2026-01-05T09:00:00Z")
            .await
            .expect("due");

        assert_eq!(claim(&store, "node-b", "2026-01-05T09:05:00Z").await, None);
        let dead = store.jobs(JobState::Dead, 10).await.expect("lists");
        assert_eq!(dead.len(), 1);
        assert_eq!(
            dead[0].last_error.as_deref(),
            Some("its runner stopped during the last attempt")
        );
    })
    .await;
}

#[tokio::test]
async fn jobs_done_a_week_ago_are_removed_and_dead_ones_kept() {
    on_each_backend(|Fresh { store, .. }| async move {
        store.enqueue(&job("done")).await.expect("enqueues");
        store
            .enqueue(&job("dead").max_attempts(1))
            .await
            .expect("enqueues");
        let now = "2026-01-05T09:00:00Z";
        let a = claim(&store, "node-a", now).await.expect("due");
        let b = claim(&store, "node-a", now).await.expect("due");
        for claimed in [a, b] {
            if claimed.key == "done" {
                store.complete_job(&claimed, at(now)).await.expect("writes");
            } else {
                store
                    .fail_job(&claimed, "no", at(now), at(now))
                    .await
                    .expect("writes");
            }
        }
        let later: Timestamp = at(now) + SignedDuration::from_hours(8 * 24);
        store.remove_expired(later, later).await.expect("removes");
        assert_eq!(store.jobs(JobState::Done, 10).await.expect("lists"), vec![]);
        assert_eq!(
            store.jobs(JobState::Dead, 10).await.expect("lists").len(),
            1
        );
    })
    .await;
}
