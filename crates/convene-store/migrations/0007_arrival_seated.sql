-- Whether a target's last arrival took a seat (1) or not (0): the one update that numbers an
-- arrival takes its seat in the same statement, and says here whether it could.
ALTER TABLE registration_targets
    ADD COLUMN last_seated SMALLINT NOT NULL DEFAULT 0 CHECK (last_seated IN (0, 1));
