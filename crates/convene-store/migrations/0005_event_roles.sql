-- Roles per event: an editor or a viewer works on the events an admin grants them, and sees no
-- other (admins, as before, on every event).
CREATE TABLE event_roles (
    user_id TEXT NOT NULL REFERENCES users (id),
    event_id TEXT NOT NULL REFERENCES events (id),
    role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
    PRIMARY KEY (user_id, event_id)
);

CREATE INDEX event_roles_by_event ON event_roles (event_id);

-- Editors and viewers of before keep what they had: their role on every event there is.
INSERT INTO event_roles (user_id, event_id, role)
SELECT u.id, e.id, u.role FROM users u, events e WHERE u.role IN ('editor', 'viewer');
