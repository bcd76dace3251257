-- Participants: who registers for what, the seats they hold, the links they sign in with, and the
-- email written to them. None of it is in the programme file or any public output; the seat counts
-- are the only figures that leave the store.
--
-- Portable across SQLite and PostgreSQL, as 0001: instants are BIGINT unix milliseconds,
-- identifiers are made by the application, texts in several languages are JSON TEXT, no BOOLEAN.

-- When an event takes registrations and what people consent to. No row: registration is closed.
CREATE TABLE registration_windows (
    event_id TEXT PRIMARY KEY REFERENCES events (id),
    -- Not before then; NULL: not open.
    opens_at BIGINT,
    -- Not from then; NULL: until each target starts.
    closes_at BIGINT,
    -- The privacy notice per language, as a JSON object from language tag to Markdown.
    privacy_notice TEXT NOT NULL,
    -- How long an offer of a freed seat lasts, unless the start is closer.
    offer_hours BIGINT NOT NULL CHECK (offer_hours >= 1),
    updated_at BIGINT NOT NULL
);

-- What one registers for: a session (by its permanent identity, "session:ID") or an on-site day
-- ("day:2021-12-10"), with its policy and seats. A target without a row is open to all, unlimited;
-- its row is made when the first registration comes.
CREATE TABLE registration_targets (
    event_id TEXT NOT NULL REFERENCES events (id),
    target TEXT NOT NULL,
    policy TEXT NOT NULL CHECK (policy IN ('open', 'categories', 'approval', 'invitation')),
    -- For the 'categories' policy, the admitted categories, comma-separated; else empty.
    categories TEXT NOT NULL,
    -- NULL: unlimited.
    capacity BIGINT CHECK (capacity >= 0),
    -- Seats held: confirmed registrations and open offers. A seat is taken by
    -- UPDATE … SET held = held + 1 WHERE capacity IS NULL OR held < capacity, and this check makes
    -- overbooking impossible whatever the application does.
    held BIGINT NOT NULL CHECK (held >= 0),
    -- Registrations so far; each takes the next number, its place in arrival order.
    arrivals BIGINT NOT NULL CHECK (arrivals >= 0),
    CHECK (capacity IS NULL OR held <= capacity),
    PRIMARY KEY (event_id, target)
);

-- A participant exists per event: registering for another summit makes another one. Personal
-- data is NULL once erased; the row stays so that counts hold.
CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id),
    -- Lower-cased by the application; NULL once erased.
    email TEXT,
    name TEXT,
    category TEXT NOT NULL,
    city TEXT,
    -- ISO 3166-1 alpha-2.
    country TEXT,
    organisation TEXT,
    -- The language they read, and the one they want interpretation into (NULL: none).
    language TEXT NOT NULL,
    interpretation TEXT,
    -- Their IANA time zone.
    zone TEXT NOT NULL,
    accessibility TEXT,
    dietary TEXT,
    consented_at BIGINT,
    -- The secret of their personal calendar feed's address; replaced when they rotate it.
    feed_token TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    erased_at BIGINT,
    UNIQUE (event_id, email)
);

-- One registration of a participant for a target.
CREATE TABLE registrations (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id),
    target TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'waiting', 'offered', 'declined',
                                         'cancelled', 'expired')),
    -- Its number in the target's arrival order; the waiting list is read in this order.
    arrival BIGINT NOT NULL,
    -- While offered: until when, and the SHA-256 of the token its accept link carries.
    offer_until BIGINT,
    offer_token_hash TEXT UNIQUE,
    -- The invitation code it came with, if any.
    invitation_code TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    FOREIGN KEY (event_id, target) REFERENCES registration_targets (event_id, target),
    UNIQUE (participant_id, target),
    UNIQUE (event_id, target, arrival)
);

CREATE INDEX registrations_by_state ON registrations (event_id, target, state, arrival);
CREATE INDEX registrations_offers ON registrations (state, offer_until);

-- Invitation codes an organiser gave out: each admits up to `uses` registrations.
CREATE TABLE invitation_codes (
    event_id TEXT NOT NULL REFERENCES events (id),
    code TEXT NOT NULL,
    -- The target it admits to; NULL: every target of the event that needs an invitation.
    target TEXT,
    uses BIGINT NOT NULL CHECK (uses >= 1),
    used BIGINT NOT NULL CHECK (used >= 0),
    -- Who it is for, as the organiser wrote it.
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id),
    CHECK (used <= uses),
    PRIMARY KEY (event_id, code)
);

-- Single-use sign-in links of participants (never passwords). Only the SHA-256 of the token is kept.
CREATE TABLE participant_tokens (
    token_hash TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (id),
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX participant_tokens_by_participant ON participant_tokens (participant_id);

-- Signed-in participants, apart from organisers' login sessions.
CREATE TABLE participant_sessions (
    id_hash TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX participant_sessions_by_participant ON participant_sessions (participant_id);

-- Email to send, written in the unit of work of what caused it and delivered by a job per message.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    event_id TEXT REFERENCES events (id),
    participant_id TEXT REFERENCES participants (id),
    -- What it is about: 'sign-in', 'received', 'confirmed', 'waiting', 'offer', 'approved',
    -- 'declined', 'cancelled'…
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- JSON list of {"filename", "content_type", "content"} (content as text, e.g. an .ics).
    attachments TEXT NOT NULL,
    -- Set when written, so a retried delivery carries the same Message-ID.
    message_id TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    -- When it left, and how ('smtp' or 'maildir'); NULL until then.
    sent_at BIGINT,
    sent_via TEXT
);

CREATE INDEX outbox_by_event ON outbox (event_id, created_at);
CREATE INDEX outbox_by_participant ON outbox (participant_id);

-- Hits counted against a limit over a window, by what is limited ("register:ADDRESS"), shared by
-- every node.
CREATE TABLE throttle_hits (
    throttle_key TEXT NOT NULL,
    hit_at BIGINT NOT NULL
);

CREATE INDEX throttle_hits_by_key ON throttle_hits (throttle_key, hit_at);
