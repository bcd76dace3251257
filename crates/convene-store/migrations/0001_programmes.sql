-- Events and the versions of their programmes.
--
-- Portable across SQLite and PostgreSQL: instants are BIGINT unix seconds, identifiers are made by
-- the application, and no column has a default computed by the database.

-- One row per event, written by every import.
CREATE TABLE events (
    -- The identifier from the programme file, e.g. 'izmir-2021'.
    id TEXT PRIMARY KEY,
    -- The name in the source language, so that lists of events need not read programmes.
    name TEXT NOT NULL,
    source_language TEXT NOT NULL,
    -- The number the newest version got; the next version gets this plus one. Incrementing it
    -- locks the row, so concurrent imports of one event take turns.
    newest_version BIGINT NOT NULL CHECK (newest_version >= 0),
    -- The version readers are shown. Every import makes its version current for now; drafts will
    -- let it lag behind newest_version.
    current_version BIGINT NOT NULL CHECK (current_version >= 0 AND current_version <= newest_version),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Every programme ever stored, as the text of its file: the lossless form the core reads back.
CREATE TABLE programme_versions (
    event_id TEXT NOT NULL REFERENCES events (id),
    -- 1, 2, 3… per event.
    number BIGINT NOT NULL CHECK (number >= 1),
    source TEXT NOT NULL,
    stored_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, number)
);

-- Numbers that grow whenever what readers are shown changes; each node compares them with what
-- it has cached.
CREATE TABLE change_counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

INSERT INTO change_counters (name, value) VALUES ('current_programmes', 0);
