-- Organisers: their accounts, login sessions and password links; a private draft per event,
-- published as numbered versions with a note; and an audit log.
--
-- Portable across SQLite and PostgreSQL, as 0001: instants are BIGINT unix seconds, identifiers
-- are made by the application, no BOOLEAN, and the only defaults are the constants that adding a
-- NOT NULL column to existing rows requires.

-- Organiser accounts.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    -- Lower-cased by the application, so that uniqueness ignores case on both databases.
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    -- The Argon2 PHC string; NULL until the organiser sets a password through a link.
    password_hash TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Single-use links to set a password. Only the SHA-256 of the token (hex) is kept, so a copy of
-- the database opens no account.
CREATE TABLE password_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    expires_at BIGINT NOT NULL,
    -- NULL until the link is used; a used link never works again.
    used_at BIGINT
);

CREATE INDEX password_tokens_by_user ON password_tokens (user_id);

-- Login sessions, kept here so that any node can serve any request. Only the hash of the session
-- identifier the browser holds is kept.
CREATE TABLE login_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    -- The token forms of this session must send back.
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX login_sessions_by_user ON login_sessions (user_id);
CREATE INDEX login_sessions_by_expiry ON login_sessions (expires_at);

-- One row per failed login, by what is throttled (an email, an address), counted over a window.
CREATE TABLE login_failures (
    throttle_key TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);

CREATE INDEX login_failures_by_key ON login_failures (throttle_key, failed_at);

-- The private working copy of each event's programme, as the text of its file. An event whose
-- only programme is a draft has current_version 0 and is shown to no reader.
CREATE TABLE drafts (
    event_id TEXT PRIMARY KEY REFERENCES events (id),
    source TEXT NOT NULL,
    -- The event's name and source language in the draft, which publishing copies to events.
    name TEXT NOT NULL,
    source_language TEXT NOT NULL,
    -- 1 for the first save, then 2, 3…: a save names the revision it edited, and a stale one is
    -- refused.
    revision BIGINT NOT NULL CHECK (revision >= 1),
    -- The revision last published; NULL if this draft was never published.
    published_revision BIGINT CHECK (published_revision >= 1 AND published_revision <= revision),
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users (id)
);

-- Every version is a publication of a draft: why, and by whom. The constant default fills the
-- rows of 0001 only; the store always writes the note.
ALTER TABLE programme_versions ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE programme_versions ADD COLUMN published_by TEXT REFERENCES users (id);

UPDATE programme_versions SET note = 'imported';

-- The drafts of events stored before drafts existed: their newest version, already published.
INSERT INTO drafts
    (event_id, source, name, source_language, revision, published_revision, updated_at, updated_by)
SELECT e.id, v.source, e.name, e.source_language, 1, 1, e.updated_at, NULL
FROM events e
JOIN programme_versions v ON v.event_id = e.id AND v.number = e.newest_version;

-- What organisers did, newest last: who, when, to which event.
CREATE TABLE audit_log (
    -- 1, 2, 3… in the order entries were recorded; breaks ties between entries of one second.
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id TEXT REFERENCES users (id),
    action TEXT NOT NULL,
    event_id TEXT,
    detail TEXT NOT NULL
);

CREATE INDEX audit_log_by_time ON audit_log (at, seq);

-- Counters the store numbers rows with. Incrementing one locks its row, so concurrent writers
-- take turns and get distinct numbers.
CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

INSERT INTO sequences (name, value) VALUES ('audit_log', 0);
