-- What calendars need from the versions before each one: every session's SEQUENCE and the sessions
-- cancelled since, as the JSON the core writes (convene_core::export::ical::CalendarHistory). With
-- it, serving a version needs only that version, not every earlier one. NULL for the versions
-- stored before this column: the store computes theirs from the versions when first asked.
ALTER TABLE programme_versions ADD COLUMN calendar_history TEXT;
