-- Background jobs: work done later or outside the request that caused it (removing what expired,
-- and soon emails and offers that expire). A job is a row; any node's runner claims a due one with
-- a lease, so several nodes never run it at once, and a job whose node died is claimed again once
-- its lease ends.
--
-- Portable across SQLite and PostgreSQL, as 0001: instants are BIGINT unix milliseconds here (a
-- lease is a matter of seconds), identifiers are made by the application, no BOOLEAN.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    -- What to do, e.g. 'remove-expired'; the runner has one handler per kind.
    kind TEXT NOT NULL,
    -- Enqueueing the same kind with the same key again adds nothing: the job exists once.
    idempotency_key TEXT NOT NULL,
    -- What the handler needs, as JSON text.
    payload TEXT NOT NULL,
    -- 'queued' until it succeeds ('done') or fails for the last time ('dead', kept for people to see).
    state TEXT NOT NULL CHECK (state IN ('queued', 'done', 'dead')),
    -- Not before then.
    run_at BIGINT NOT NULL,
    -- Claims so far, the one running included.
    attempts BIGINT NOT NULL CHECK (attempts >= 0),
    max_attempts BIGINT NOT NULL CHECK (max_attempts >= 1),
    -- The runner holding the job, until lease_until; both NULL when nobody holds it.
    lease_owner TEXT,
    lease_until BIGINT,
    -- Why the last attempt failed.
    last_error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    UNIQUE (kind, idempotency_key)
);

CREATE INDEX jobs_due ON jobs (state, run_at);
