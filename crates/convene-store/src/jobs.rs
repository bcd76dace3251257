//! Background jobs as rows: enqueued in the unit of work of the change that causes them (so a job
//! of a change that rolled back never exists), claimed by any node's runner with a lease, retried
//! with backoff, and left visible as dead after their last attempt.
//!
//! A lease makes a claim exclusive for a while: no other runner claims the job until it ends. A
//! runner that finishes in time marks the job done; one that died leaves the lease to run out, and
//! the job is claimed again, counting that attempt. A job may therefore run more than once, never
//! at once: handlers make their effect once (by the job's idempotency key, say).

use jiff::{SignedDuration, Timestamp};
use sqlx::AssertSqlSafe;

use crate::stored::count;
use crate::{Backend, Store, StoreError, UnitOfWork};

/// A job to enqueue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewJob {
    /// What to do; the runner has one handler per kind (`remove-expired`).
    pub kind: String,
    /// The job exists once per kind and key: enqueueing it again adds nothing.
    pub key: String,
    /// What the handler needs, as JSON text.
    pub payload: String,
    /// Not before then.
    pub run_at: Timestamp,
    /// Attempts before it is left dead.
    pub max_attempts: u32,
}

impl NewJob {
    /// A job with no payload, due at `run_at`, tried up to 5 times.
    pub fn new(kind: impl Into<String>, key: impl Into<String>, run_at: Timestamp) -> Self {
        Self {
            kind: kind.into(),
            key: key.into(),
            payload: "{}".to_owned(),
            run_at,
            max_attempts: 5,
        }
    }

    pub fn payload(mut self, json: impl Into<String>) -> Self {
        self.payload = json.into();
        self
    }

    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }
}

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for its time, or running under a lease, or waiting to be retried.
    Queued,
    /// Succeeded.
    Done,
    /// Failed on its last attempt; kept for people to see and retry.
    Dead,
}

impl JobState {
    fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Done => "done",
            JobState::Dead => "dead",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "queued" => Some(JobState::Queued),
            "done" => Some(JobState::Done),
            "dead" => Some(JobState::Dead),
            _ => None,
        }
    }
}

/// A job a runner holds under a lease.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedJob {
    pub id: String,
    pub kind: String,
    pub key: String,
    pub payload: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub max_attempts: u32,
    /// Who holds it: completing or failing it takes the same owner.
    pub owner: String,
    /// The lease ends then; another runner may claim the job after it.
    pub lease_until: Timestamp,
}

impl ClaimedJob {
    /// Whether a failure now would leave it dead.
    pub fn is_last_attempt(&self) -> bool {
        self.attempt >= self.max_attempts
    }
}

/// A job as people see it in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRecord {
    pub id: String,
    pub kind: String,
    pub key: String,
    pub state: JobState,
    pub attempts: u32,
    pub max_attempts: u32,
    pub run_at: Timestamp,
    pub last_error: Option<String>,
    pub finished_at: Option<Timestamp>,
}

impl UnitOfWork {
    /// Enqueues `job`, stored if and only if the unit commits; `false` if a job of its kind and
    /// key exists already (it is left as it is).
    pub async fn enqueue(&mut self, job: &NewJob) -> Result<bool, StoreError> {
        let id = crate::users::new_id()?;
        let action = format!("enqueueing job {} \"{}\"", job.kind, job.key);
        let backend = self.backend();
        let added = sqlx::query(
            "INSERT INTO jobs (id, kind, idempotency_key, payload, state, run_at, attempts, \
             max_attempts, created_at) VALUES ($1, $2, $3, $4, 'queued', $5, 0, $6, $7) \
             ON CONFLICT (kind, idempotency_key) DO NOTHING",
        )
        .bind(&id)
        .bind(&job.kind)
        .bind(&job.key)
        .bind(&job.payload)
        .bind(job.run_at.as_millisecond())
        .bind(i64::from(job.max_attempts))
        .bind(Timestamp::now().as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, action, e))?;
        Ok(added.rows_affected() == 1)
    }
}

impl Store {
    /// Enqueues `job` on its own; see [`UnitOfWork::enqueue`] to enqueue it with its cause.
    pub async fn enqueue(&self, job: &NewJob) -> Result<bool, StoreError> {
        let mut unit = self.begin("enqueueing a job").await?;
        let added = unit.enqueue(job).await?;
        unit.commit().await?;
        Ok(added)
    }

    /// Claims the due job that has waited longest among `kinds`, for `owner`, until `now + lease`;
    /// `None` when none is due.
    ///
    /// First, jobs whose lease ran out on their last attempt (their runner died) are left dead.
    /// The claim is exclusive: of runners claiming at once, each gets another job or none.
    pub async fn claim_job(
        &self,
        kinds: &[&str],
        owner: &str,
        now: Timestamp,
        lease: SignedDuration,
    ) -> Result<Option<ClaimedJob>, StoreError> {
        Ok(self
            .claim_jobs(kinds, owner, now, lease, 1)
            .await?
            .into_iter()
            .next())
    }

    /// Claims up to `limit` due jobs among `kinds`, those that have waited longest first, as
    /// [`Store::claim_job`] claims one: in one transaction, each job for one runner only.
    pub async fn claim_jobs(
        &self,
        kinds: &[&str],
        owner: &str,
        now: Timestamp,
        lease: SignedDuration,
        limit: usize,
    ) -> Result<Vec<ClaimedJob>, StoreError> {
        if kinds.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let action = || "claiming jobs".to_owned();
        let fail = |e| StoreError::failed(self.backend, action(), e);
        let now_ms = now.as_millisecond();
        let lease_until = now.saturating_add(lease).map_err(|_| StoreError::Corrupt {
            what: format!("a lease of {lease:?}"),
        })?;
        let _turn = self.write_turn().await?;
        let mut tx = self.begin_write(action).await?;
        sqlx::query(
            "UPDATE jobs SET state = 'dead', finished_at = $1, lease_owner = NULL, \
             lease_until = NULL, last_error = COALESCE(last_error || '; ', '') || \
             'its runner stopped during the last attempt' \
             WHERE state = 'queued' AND attempts >= max_attempts \
             AND lease_until IS NOT NULL AND lease_until <= $1",
        )
        .bind(now_ms)
        .execute(&mut *tx)
        .await
        .map_err(fail)?;
        let placeholders: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 3)).collect();
        let lock = match self.backend {
            // Runners claiming at once skip each other's rows instead of waiting on them.
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            // The write lock taken at BEGIN already lets one claimer in at a time.
            Backend::Sqlite => "",
        };
        let select = format!(
            "SELECT id FROM jobs WHERE state = 'queued' AND run_at <= $1 \
             AND attempts < max_attempts AND (lease_until IS NULL OR lease_until <= $1) \
             AND kind IN ({}) ORDER BY run_at, id LIMIT $2{lock}",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_scalar::<_, String>(AssertSqlSafe(select))
            .bind(now_ms)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX));
        for kind in kinds {
            query = query.bind(*kind);
        }
        let ids = query.fetch_all(&mut *tx).await.map_err(fail)?;
        if ids.is_empty() {
            tx.commit().await.map_err(fail)?;
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 3)).collect();
        let update = format!(
            "UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
             WHERE id IN ({}) \
             RETURNING id, kind, idempotency_key, payload, attempts, max_attempts, run_at",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as::<_, (String, String, String, String, i64, i64, i64)>(
            AssertSqlSafe(update),
        )
        .bind(owner)
        .bind(lease_until.as_millisecond());
        for id in &ids {
            query = query.bind(id);
        }
        let mut rows = query.fetch_all(&mut *tx).await.map_err(fail)?;
        tx.commit().await.map_err(fail)?;
        // Oldest due first, as they were chosen.
        rows.sort_by(|a, b| (a.6, &a.0).cmp(&(b.6, &b.0)));
        Ok(rows
            .into_iter()
            .map(
                |(id, kind, key, payload, attempts, max_attempts, _)| ClaimedJob {
                    id,
                    kind,
                    key,
                    payload,
                    attempt: count(attempts),
                    max_attempts: count(max_attempts),
                    owner: owner.to_owned(),
                    lease_until,
                },
            )
            .collect())
    }

    /// Marks jobs claimed by one runner done in one statement, those it still holds; the ids of
    /// those it marked (a job missing had outlived its lease, and another runner has it).
    pub async fn complete_jobs(
        &self,
        jobs: &[&ClaimedJob],
        now: Timestamp,
    ) -> Result<Vec<String>, StoreError> {
        let Some(first) = jobs.first() else {
            return Ok(Vec::new());
        };
        let placeholders: Vec<String> = (0..jobs.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "UPDATE jobs SET state = 'done', finished_at = $2, lease_owner = NULL, \
             lease_until = NULL WHERE lease_owner = $1 AND state = 'queued' AND id IN ({}) \
             RETURNING id",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql))
            .bind(&first.owner)
            .bind(now.as_millisecond());
        for job in jobs {
            query = query.bind(&job.id);
        }
        query
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "marking jobs done", e))
    }

    /// Marks a claimed job done; `false` if its runner no longer holds it (its lease ran out and
    /// another runner claimed it), in which case nothing changes.
    pub async fn complete_job(&self, job: &ClaimedJob, now: Timestamp) -> Result<bool, StoreError> {
        Ok(!self.complete_jobs(&[job], now).await?.is_empty())
    }

    /// Records that an attempt failed with `error`: the job waits until `retry_at`, or is left
    /// dead after its last attempt. Returns its state then, `None` if its runner no longer held
    /// it.
    pub async fn fail_job(
        &self,
        job: &ClaimedJob,
        error: &str,
        now: Timestamp,
        retry_at: Timestamp,
    ) -> Result<Option<JobState>, StoreError> {
        let state = if job.is_last_attempt() {
            JobState::Dead
        } else {
            JobState::Queued
        };
        // Errors are kept for people to read; a bounded excerpt is enough.
        let error: String = error.chars().take(2000).collect();
        let failed = sqlx::query(
            "UPDATE jobs SET state = $3, last_error = $4, run_at = $5, lease_owner = NULL, \
             lease_until = NULL, finished_at = $6 \
             WHERE id = $1 AND lease_owner = $2 AND state = 'queued'",
        )
        .bind(&job.id)
        .bind(&job.owner)
        .bind(state.as_str())
        .bind(error)
        .bind(retry_at.as_millisecond())
        .bind((state == JobState::Dead).then(|| now.as_millisecond()))
        .execute(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "recording a failed job", e))?;
        Ok((failed.rows_affected() == 1).then_some(state))
    }

    /// Jobs in `state`, oldest due first, at most `limit`.
    pub async fn jobs(&self, state: JobState, limit: i64) -> Result<Vec<JobRecord>, StoreError> {
        let rows: Vec<JobRow> = sqlx::query_as(
            "SELECT id, kind, idempotency_key, state, attempts, max_attempts, run_at, \
             last_error, finished_at FROM jobs WHERE state = $1 ORDER BY run_at, id LIMIT $2",
        )
        .bind(state.as_str())
        .bind(limit.max(0))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "listing jobs", e))?;
        rows.into_iter().map(job_record).collect()
    }

    /// Puts a dead job back in the queue for `attempts` more attempts, due `now`; `false` if no
    /// dead job has this id.
    pub async fn retry_dead_job(
        &self,
        id: &str,
        attempts: u32,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let retried = sqlx::query(
            "UPDATE jobs SET state = 'queued', max_attempts = attempts + $2, run_at = $3, \
             finished_at = NULL WHERE id = $1 AND state = 'dead'",
        )
        .bind(id)
        .bind(i64::from(attempts.max(1)))
        .bind(now.as_millisecond())
        .execute(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "retrying a dead job", e))?;
        Ok(retried.rows_affected() == 1)
    }
}

type JobRow = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    Option<String>,
    Option<i64>,
);

fn job_record(
    (id, kind, key, state, attempts, max_attempts, run_at, last_error, finished_at): JobRow,
) -> Result<JobRecord, StoreError> {
    let state = JobState::parse(&state).ok_or_else(|| StoreError::Corrupt {
        what: format!("\"{state}\" as the state of job {id}"),
    })?;
    let millis =
        |ms: i64, what: &str| crate::stored::millis(ms, || format!("the {what} of job {id}"));
    Ok(JobRecord {
        run_at: millis(run_at, "due time")?,
        finished_at: finished_at.map(|ms| millis(ms, "end")).transpose()?,
        id: id.clone(),
        kind,
        key,
        state,
        attempts: count(attempts),
        max_attempts: count(max_attempts),
        last_error,
    })
}
