//! The runner of background jobs: claims due jobs from the store under a lease, runs the handler
//! of their kind, and marks them done, or retried with backoff, or dead after their last attempt.
//!
//! Any node may run one: leases keep two runners from running a job at once, and a job whose
//! runner died is claimed again once its lease ends. A handler may therefore run more than once for
//! a job, never at the same time: it makes its effect once, by the job's key.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use convene_store::{ClaimedJob, JobState, NewJob, Store, StoreError};
use jiff::{SignedDuration, Timestamp};

/// What a handler's run of a job comes to: done, or why not.
pub type JobResult = Result<(), String>;

/// What a job handler returns: the run of one job, to await.
pub type JobRun = Pin<Box<dyn Future<Output = JobResult> + Send>>;

/// A job's payload read as `T`, or the failure that says which job's payload did not read.
pub fn payload<T: serde::de::DeserializeOwned>(job: &ClaimedJob) -> Result<T, String> {
    serde_json::from_str(&job.payload).map_err(|e| format!("the payload of job {}: {e}", job.key))
}

/// A job handler over the site's state: `run` is given the state and the job.
pub fn handler<F, Fut>(
    state: crate::AppState,
    run: F,
) -> impl Fn(ClaimedJob) -> JobRun + Send + Sync + 'static
where
    F: Fn(crate::AppState, ClaimedJob) -> Fut + Send + Sync + Copy + 'static,
    Fut: Future<Output = JobResult> + Send + 'static,
{
    move |job| Box::pin(run(state.clone(), job))
}

type Handler =
    Arc<dyn Fn(ClaimedJob) -> Pin<Box<dyn Future<Output = JobResult> + Send>> + Send + Sync>;

/// What a batch handler returns: the run of several jobs, with one result each, in their order.
pub type BatchRun = Pin<Box<dyn Future<Output = Vec<JobResult>> + Send>>;

type BatchHandler = Arc<dyn Fn(Vec<ClaimedJob>) -> BatchRun + Send + Sync>;

/// A handler of jobs of one kind, several at a time.
#[derive(Clone)]
struct Batched {
    /// How many jobs it takes at once, at most.
    size: usize,
    handler: BatchHandler,
}

/// The kind of the job that removes expired login sessions, links, failed logins and old jobs.
pub const REMOVE_EXPIRED: &str = "remove-expired";

/// The kind of the job that writes the reminders due (see `participate::reminders`).
pub use crate::participate::reminders::SEND_REMINDERS;

/// What became of one claimed job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done {
        kind: String,
        key: String,
    },
    /// It failed and waits until `retry_at`.
    Retry {
        kind: String,
        key: String,
        error: String,
        retry_at: Timestamp,
    },
    /// It failed on its last attempt and is left for people to see.
    Dead {
        kind: String,
        key: String,
        error: String,
    },
    /// Its lease ran out before it finished and another runner has it now.
    Lost {
        kind: String,
        key: String,
    },
}

/// Claims and runs jobs of the kinds it has handlers for.
#[derive(Clone)]
pub struct Runner {
    store: Store,
    owner: String,
    lease: SignedDuration,
    idle: Duration,
    handlers: BTreeMap<String, Handler>,
    batches: BTreeMap<String, Batched>,
}

impl Runner {
    /// A runner for `node` (the host name, say), with a 60-second lease and a look for due jobs
    /// every second when there are none.
    pub fn new(store: Store, node: &str) -> Self {
        let mut tag = [0u8; 6];
        let _ = getrandom::fill(&mut tag);
        Self {
            store,
            owner: format!("{node}/{}", hex::encode(tag)),
            lease: SignedDuration::from_secs(60),
            idle: Duration::from_secs(1),
            handlers: BTreeMap::new(),
            batches: BTreeMap::new(),
        }
    }

    /// Runs jobs of `kind` with `handler`, which has at most the lease to finish.
    pub fn handle<F, Fut>(mut self, kind: &str, handler: F) -> Self
    where
        F: Fn(ClaimedJob) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = JobResult> + Send + 'static,
    {
        let handler: Handler = Arc::new(move |job| Box::pin(handler(job)));
        self.handlers.insert(kind.to_owned(), handler);
        self
    }

    /// Runs jobs of `kind` up to `size` at a time with `handler`, which has at most the lease to
    /// finish them all and answers one result per job, in their order. Done jobs are marked done
    /// together, in one statement.
    pub fn handle_batch<F, Fut>(mut self, kind: &str, size: usize, handler: F) -> Self
    where
        F: Fn(Vec<ClaimedJob>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Vec<JobResult>> + Send + 'static,
    {
        let handler: BatchHandler = Arc::new(move |jobs| Box::pin(handler(jobs)));
        self.handlers.remove(kind);
        self.batches.insert(
            kind.to_owned(),
            Batched {
                size: size.max(1),
                handler,
            },
        );
        self
    }

    /// Runs the clean-up of what expired (see [`REMOVE_EXPIRED`]).
    pub fn with_housekeeping(self) -> Self {
        let store = self.store.clone();
        self.handle(REMOVE_EXPIRED, move |_job| {
            let store = store.clone();
            async move {
                let now = Timestamp::now();
                let day_ago = now - SignedDuration::from_hours(24);
                let removed = store
                    .remove_expired(now, day_ago)
                    .await
                    .map_err(|e| e.to_string())?;
                tracing::info!(
                    removed,
                    "removed expired sessions, links, failed logins and old jobs"
                );
                Ok(())
            }
        })
    }

    /// How long a claim holds a job.
    pub fn lease(mut self, lease: SignedDuration) -> Self {
        self.lease = lease;
        self
    }

    /// How long to wait when no job is due.
    pub fn idle(mut self, idle: Duration) -> Self {
        self.idle = idle;
        self
    }

    /// Who this runner is in the jobs' leases.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Claims one due job and runs it (with others of its kind when its handler takes several);
    /// what became of each, none when none is due.
    pub async fn run_once(&self) -> Result<Vec<Outcome>, StoreError> {
        self.run_once_at(Timestamp::now()).await
    }

    /// Claims one job due at `now` and runs it, as [`Runner::run_once`] would at that time: the
    /// job's end and its next attempt count from `now` and the time the handler took.
    pub async fn run_once_at(&self, now: Timestamp) -> Result<Vec<Outcome>, StoreError> {
        let kinds: Vec<&str> = self
            .handlers
            .keys()
            .chain(self.batches.keys())
            .map(String::as_str)
            .collect();
        let Some(job) = self
            .store
            .claim_job(&kinds, &self.owner, now, self.lease)
            .await?
        else {
            return Ok(Vec::new());
        };
        let started = std::time::Instant::now();
        let (jobs, results) = match self.batches.get(&job.kind) {
            Some(batch) => {
                let mut jobs = vec![job];
                let more = self
                    .store
                    .claim_jobs(
                        &[jobs[0].kind.as_str()],
                        &self.owner,
                        now,
                        self.lease,
                        batch.size - 1,
                    )
                    .await?;
                jobs.extend(more);
                let results = self.attempt_batch(batch, &jobs).await;
                (jobs, results)
            }
            None => {
                let result = self.attempt(&job).await;
                (vec![job], vec![result])
            }
        };
        let took = SignedDuration::try_from(started.elapsed()).unwrap_or(SignedDuration::ZERO);
        let now = now.saturating_add(took).unwrap_or(now);
        let done: Vec<&ClaimedJob> = jobs
            .iter()
            .zip(&results)
            .filter(|(_, r)| r.is_ok())
            .map(|(j, _)| j)
            .collect();
        let completed = self.store.complete_jobs(&done, now).await?;
        let mut outcomes = Vec::with_capacity(jobs.len());
        for (job, result) in jobs.iter().zip(results) {
            let (kind, key) = (job.kind.clone(), job.key.clone());
            let outcome = match result {
                Ok(()) if completed.contains(&job.id) => Outcome::Done { kind, key },
                Ok(()) => Outcome::Lost { kind, key },
                Err(error) => {
                    let retry_at = now + backoff(job.attempt);
                    match self.store.fail_job(job, &error, now, retry_at).await? {
                        Some(JobState::Dead) => Outcome::Dead { kind, key, error },
                        Some(_) => Outcome::Retry {
                            kind,
                            key,
                            error,
                            retry_at,
                        },
                        None => Outcome::Lost { kind, key },
                    }
                }
            };
            log(&outcome);
            outcomes.push(outcome);
        }
        Ok(outcomes)
    }

    /// Runs a batch handler on `jobs` in a task of its own, within the lease: one result per
    /// job, a panic or a run slower than the lease failing them all.
    async fn attempt_batch(&self, batch: &Batched, jobs: &[ClaimedJob]) -> Vec<JobResult> {
        let limit = Duration::try_from(self.lease).unwrap_or(Duration::from_secs(60));
        let task = tokio::spawn((batch.handler)(jobs.to_vec()));
        let abort = task.abort_handle();
        let failed = |why: String| vec![Err(why); jobs.len()];
        let mut results = match tokio::time::timeout(limit, task).await {
            Ok(Ok(results)) => results,
            Ok(Err(join)) if join.is_panic() => failed("the job's handler panicked".to_owned()),
            Ok(Err(_)) => failed("the job's handler was stopped".to_owned()),
            Err(_) => {
                abort.abort();
                failed(format!(
                    "the job took longer than its lease of {:#}",
                    self.lease
                ))
            }
        };
        results.resize(
            jobs.len(),
            Err("its handler gave no result for it".to_owned()),
        );
        results
    }

    /// Runs the handler of `job`'s kind in a task of its own, within the lease; a panic or a
    /// handler slower than the lease is a failure like any other.
    async fn attempt(&self, job: &ClaimedJob) -> JobResult {
        let Some(handler) = self.handlers.get(&job.kind) else {
            return Err(format!(
                "this runner has no handler for jobs of kind \"{}\"",
                job.kind
            ));
        };
        let limit = Duration::try_from(self.lease).unwrap_or(Duration::from_secs(60));
        let task = tokio::spawn(handler(job.clone()));
        let abort = task.abort_handle();
        match tokio::time::timeout(limit, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) if join.is_panic() => Err("the job's handler panicked".to_owned()),
            Ok(Err(_)) => Err("the job's handler was stopped".to_owned()),
            Err(_) => {
                abort.abort();
                Err(format!(
                    "the job took longer than its lease of {:#}",
                    self.lease
                ))
            }
        }
    }

    /// Runs due jobs until `stop` completes; between jobs, enqueues the hourly clean-up when this
    /// runner has its handler (one job per hour, whichever node enqueues it first).
    pub async fn run(self, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        // The hour whose clean-up, and the minute whose reminders, this runner has enqueued.
        let mut scheduled: Option<String> = None;
        let mut swept: Option<String> = None;
        loop {
            let now = Timestamp::now();
            let hour = housekeeping_hour(now);
            if self.handlers.contains_key(REMOVE_EXPIRED) && scheduled.as_ref() != Some(&hour) {
                match schedule_housekeeping(&self.store, now).await {
                    Ok(_) => scheduled = Some(hour),
                    Err(err) => tracing::warn!(error = %err, "cannot enqueue the hourly clean-up"),
                }
            }
            let minute = now.strftime("%Y-%m-%dT%H:%M").to_string();
            if self.handlers.contains_key(SEND_REMINDERS) && swept.as_ref() != Some(&minute) {
                // One sweep per minute, whichever node enqueues it first.
                match self
                    .store
                    .enqueue(&NewJob::new(SEND_REMINDERS, minute.as_str(), now))
                    .await
                {
                    Ok(_) => swept = Some(minute),
                    Err(err) => tracing::warn!(error = %err, "cannot enqueue the reminders"),
                }
            }
            let wait = match self.run_once().await {
                Ok(outcomes) if !outcomes.is_empty() => Duration::ZERO,
                Ok(_) => self.idle,
                Err(err) => {
                    tracing::warn!(error = %err, "cannot claim a job");
                    self.idle.saturating_mul(5)
                }
            };
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}

/// Says what became of a job in the log.
fn log(outcome: &Outcome) {
    match outcome {
        Outcome::Done { kind, key } => tracing::debug!(kind, key, "job done"),
        Outcome::Retry {
            kind,
            key,
            error,
            retry_at,
        } => {
            tracing::warn!(kind, key, error, %retry_at, "job failed; it will be retried")
        }
        Outcome::Dead { kind, key, error } => {
            tracing::error!(kind, key, error, "job failed on its last attempt")
        }
        Outcome::Lost { kind, key } => {
            tracing::warn!(kind, key, "job outlived its lease; another runner has it")
        }
    }
}

/// Enqueues the clean-up of the hour `now` falls in, due at once; enqueueing it again in the same
/// hour adds nothing.
pub async fn schedule_housekeeping(store: &Store, now: Timestamp) -> Result<bool, StoreError> {
    store
        .enqueue(&NewJob::new(REMOVE_EXPIRED, housekeeping_hour(now), now))
        .await
}

/// The key of the clean-up of the hour `now` falls in, in UTC (`2021-12-07T14`).
fn housekeeping_hour(now: Timestamp) -> String {
    now.strftime("%Y-%m-%dT%H").to_string()
}

/// How long a job waits after its `attempt`-th failure: 10 seconds, doubling each time, at most an
/// hour.
pub fn backoff(attempt: u32) -> SignedDuration {
    let doublings = attempt.saturating_sub(1).min(9);
    SignedDuration::from_secs((10_i64 << doublings).min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        let waits: Vec<i64> = (1..=11).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(
            waits,
            [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
        );
    }
}
