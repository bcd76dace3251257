-- Messages organisers write to the registrants of a session or of the whole event, queued through
-- the outbox by a job; and what lets a participant stop the ones that are not about their own
-- registration.

-- One message as the organiser sent it: to whom, why, and its subject and text per language.
CREATE TABLE announcements (
    -- Made when the message is first previewed: sending the same form twice sends it once.
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id),
    -- A target's key ("session:mayors-dialogue", "day:2021-12-10"), or '' for the whole event.
    audience TEXT NOT NULL,
    -- 1 when those on a waiting list (or awaiting approval) receive it too.
    include_waiting BIGINT NOT NULL,
    -- 'registration' (about their registration: always sent) or 'news' (not to those who
    -- unsubscribed).
    purpose TEXT NOT NULL,
    -- {"fr": {"subject": "…", "body": "…"}, …} as JSON.
    texts TEXT NOT NULL,
    author_id TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    -- How many messages it wrote to the outbox, once written.
    written BIGINT,
    written_at BIGINT
);
CREATE INDEX announcements_by_event ON announcements (event_id, created_at);

-- Each participant written to, once per announcement, whichever node writes it.
CREATE TABLE announcements_sent (
    announcement_id TEXT NOT NULL REFERENCES announcements (id),
    participant_id TEXT NOT NULL REFERENCES participants (id),
    written_at BIGINT NOT NULL,
    PRIMARY KEY (announcement_id, participant_id)
);

-- The secret in a participant's unsubscribe link, made with their first message that has one.
ALTER TABLE participants ADD COLUMN unsubscribe_token TEXT;
CREATE UNIQUE INDEX participants_by_unsubscribe_token ON participants (unsubscribe_token);

-- The unsubscribe link of a message that has one (List-Unsubscribe, RFC 8058).
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
