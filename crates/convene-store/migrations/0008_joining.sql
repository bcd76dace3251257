-- Joining online sessions: each session's room and interpretation channels, the personal links
-- that lead there, who joined, the reminders sent and the change notices written. Like 0006, none
-- of it is in the programme file or any public output.

-- Per event: how long before the start the way in opens, and when reminders go.
CREATE TABLE joining_settings (
    event_id TEXT PRIMARY KEY REFERENCES events (id),
    opens_before_minutes BIGINT NOT NULL CHECK (opens_before_minutes >= 0),
    -- The first reminder, on the day before, at this time of day in the participant's zone
    -- ("09:00").
    day_before_at TEXT NOT NULL,
    shortly_before_minutes BIGINT NOT NULL CHECK (shortly_before_minutes >= 1),
    updated_at BIGINT NOT NULL
);

-- The room of one session (by its permanent identity): its address, its interpretation channels
-- and its notes per language, as JSON.
CREATE TABLE join_rooms (
    event_id TEXT NOT NULL REFERENCES events (id),
    session TEXT NOT NULL,
    room TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, session)
);

-- One personal link per registration ("/join/{token}"). The token is kept as it is, as the
-- calendar feed's: the link only leads somewhere for the confirmed participant, at the time to
-- join, and it is shown again on their page, in their reminders and their feed. Revoking it makes
-- a new one.
CREATE TABLE join_links (
    token TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL UNIQUE REFERENCES registrations (id),
    created_at BIGINT NOT NULL
);

-- Every click that led into a room.
CREATE TABLE attendance (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    -- The interpretation channel's language; '' for the main room.
    channel TEXT NOT NULL,
    joined_at BIGINT NOT NULL
);
CREATE INDEX attendance_by_registration ON attendance (registration_id, joined_at);
CREATE INDEX attendance_by_event ON attendance (event_id, joined_at);

-- The reminders written, one of each kind per registration, whichever node wrote it.
CREATE TABLE reminders_sent (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    -- 'day-before', 'shortly-before' or 'cancelled'.
    kind TEXT NOT NULL,
    -- The start it reminded of.
    session_start BIGINT,
    written_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, kind)
);

-- The change notice written to a participant for a published version, at most one.
CREATE TABLE change_notices (
    participant_id TEXT NOT NULL REFERENCES participants (id),
    version BIGINT NOT NULL,
    written_at BIGINT NOT NULL,
    PRIMARY KEY (participant_id, version)
);

-- Participants who asked for no more messages from organisers (those about their own
-- registrations still come).
ALTER TABLE participants ADD COLUMN unsubscribed_at BIGINT;
