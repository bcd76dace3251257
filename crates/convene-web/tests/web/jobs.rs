//! Background jobs run by the runner `serve` starts: due jobs run once, a job of a change that
//! rolled back never runs, a job whose runner died is taken over after its lease, and failures are
//! retried with backoff.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use convene_store::{JobState, NewJob};
use convene_web::jobs::{Outcome, REMOVE_EXPIRED, Runner, schedule_housekeeping};
use jiff::{SignedDuration, Timestamp};

use crate::helpers::on_both;

const KIND: &str = "test-job";

/// A runner whose test jobs count their runs in `runs` and end as `result` says.
fn counting(runner: Runner, runs: &Arc<AtomicU32>, result: Result<(), &'static str>) -> Runner {
    let runs = Arc::clone(runs);
    runner.handle(KIND, move |_job| {
        runs.fetch_add(1, Ordering::SeqCst);
        async move { result.map_err(str::to_owned) }
    })
}

fn due_now(key: &str) -> NewJob {
    NewJob::new(KIND, key, Timestamp::now())
}

#[tokio::test]
async fn a_job_enqueued_in_a_change_that_rolled_back_never_runs() {
    on_both(|app| async move {
        let runs = Arc::new(AtomicU32::new(0));
        let runner = counting(app.with_jobs(), &runs, Ok(()));
        let mut unit = app.store.begin("a change that fails").await.unwrap();
        unit.enqueue(&due_now("never")).await.unwrap();
        unit.rollback().await.unwrap();

        assert_eq!(app.run_due_jobs(&runner).await, vec![]);
        assert_eq!(runs.load(Ordering::SeqCst), 0);
    })
    .await;
}

#[tokio::test]
async fn a_due_job_runs_once_and_is_done() {
    on_both(|app| async move {
        let runs = Arc::new(AtomicU32::new(0));
        let runner = counting(app.with_jobs(), &runs, Ok(()));
        let mut unit = app.store.begin("a change").await.unwrap();
        unit.enqueue(&due_now("welcome")).await.unwrap();
        unit.enqueue(&due_now("welcome")).await.unwrap();
        unit.commit().await.unwrap();

        let outcomes = app.run_due_jobs(&runner).await;
        assert_eq!(
            outcomes,
            vec![Outcome::Done {
                kind: KIND.into(),
                key: "welcome".into()
            }]
        );
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    })
    .await;
}

#[tokio::test]
async fn a_job_whose_runner_was_killed_mid_job_is_finished_by_another_after_its_lease() {
    on_both(|app| async move {
        app.store.enqueue(&due_now("report")).await.unwrap();
        let (started, mut has_started) = tokio::sync::mpsc::channel::<()>(1);
        // Node a takes the job and never comes back from it.
        let doomed =
            app.with_jobs()
                .lease(SignedDuration::from_secs(1))
                .handle(KIND, move |_job| {
                    let started = started.clone();
                    async move {
                        let _ = started.send(()).await;
                        std::future::pending::<()>().await;
                        Ok(())
                    }
                });
        let node_a = tokio::spawn(async move { doomed.run_once().await });
        has_started.recv().await.expect("node a started the job");
        node_a.abort();

        let other = app.other_node().await;
        let runs = Arc::new(AtomicU32::new(0));
        let node_b = counting(Runner::new(other.clone(), "node-b"), &runs, Ok(()));
        let mut outcome = None;
        for _ in 0..100 {
            outcome = node_b.run_once().await.unwrap().pop();
            if outcome.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(
            outcome,
            Some(Outcome::Done {
                kind: KIND.into(),
                key: "report".into()
            })
        );
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        let done = app.store.jobs(JobState::Done, 10).await.unwrap();
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].attempts, 2, "node a's attempt counts");
        other.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_failing_job_waits_its_backoff_before_it_is_tried_again() {
    on_both(|app| async move {
        let runs = Arc::new(AtomicU32::new(0));
        let runner = counting(app.with_jobs(), &runs, Err("the mail server said 451"));
        app.store
            .enqueue(&due_now("bounce").max_attempts(2))
            .await
            .unwrap();

        let outcomes = app.run_due_jobs(&runner).await;
        let [
            Outcome::Retry {
                error, retry_at, ..
            },
        ] = outcomes.as_slice()
        else {
            panic!("one retry: {outcomes:?}");
        };
        assert_eq!(error, "the mail server said 451");
        assert!(*retry_at > Timestamp::now(), "it waits its backoff");
        assert_eq!(
            app.run_due_jobs(&runner).await,
            vec![],
            "not before its time"
        );

        assert_eq!(runs.load(Ordering::SeqCst), 1);
        let queued = app.store.jobs(JobState::Queued, 10).await.unwrap();
        assert_eq!(
            (
                queued.len(),
                queued[0].attempts,
                queued[0].last_error.as_deref()
            ),
            (1, 1, Some("the mail server said 451"))
        );
    })
    .await;
}

fn a_handler_with_a_bug() -> Result<(), String> {
    panic!("a bug in a handler")
}

#[tokio::test]
async fn a_handler_that_panics_fails_its_job_without_stopping_the_runner() {
    on_both(|app| async move {
        let runner = app
            .with_jobs()
            .handle(KIND, |_job| async move { a_handler_with_a_bug() });
        app.store
            .enqueue(&due_now("bug").max_attempts(1))
            .await
            .unwrap();
        let outcomes = app.run_due_jobs(&runner).await;
        assert_eq!(
            outcomes,
            vec![Outcome::Dead {
                kind: KIND.into(),
                key: "bug".into(),
                error: "the job's handler panicked".into()
            }]
        );
        let dead = app.store.jobs(JobState::Dead, 10).await.unwrap();
        assert_eq!(
            dead[0].last_error.as_deref(),
            Some("the job's handler panicked")
        );
    })
    .await;
}

#[tokio::test]
async fn the_hourly_clean_up_is_enqueued_once_per_hour_whichever_node_asks() {
    on_both(|app| async move {
        let other = app.other_node().await;
        let now: Timestamp = "2026-01-05T09:10:00Z".parse().unwrap();
        assert!(schedule_housekeeping(&app.store, now).await.unwrap());
        let later = now + SignedDuration::from_mins(40);
        assert!(!schedule_housekeeping(&other, later).await.unwrap());
        let next_hour = now + SignedDuration::from_mins(50);
        assert!(schedule_housekeeping(&other, next_hour).await.unwrap());

        let outcomes = app.run_due_jobs(&app.with_jobs()).await;
        assert_eq!(outcomes.len(), 2, "{outcomes:?}");
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, Outcome::Done { kind, .. } if kind == REMOVE_EXPIRED))
        );
        other.close().await;
    })
    .await;
}
