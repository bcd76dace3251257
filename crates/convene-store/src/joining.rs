//! Joining online sessions in the store: the event's joining settings, each session's room, the
//! personal links that lead there and the attendance they record, and the reminders and change
//! notices already written (so that no node writes one twice).

use convene_core::registration::joining::{Joining, Room};
use convene_core::registration::{State, Target};
use convene_core::{Language, Slug, Zone};
use jiff::civil::Time;
use jiff::{SignedDuration, Timestamp};

use crate::seats::{new_token, parse_state, parse_target};
use crate::stored::millis;
use crate::{Store, StoreError, UnitOfWork};

/// What a personal join link leads to, read at the moment of the click.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinTicket {
    pub registration_id: String,
    pub event_id: String,
    pub participant_id: String,
    pub target: Target,
    pub state: State,
    /// The participant's language and the one they want interpretation into; `None` once erased.
    pub language: Option<Language>,
    pub interpretation: Option<Language>,
    pub zone: Option<Zone>,
}

/// One click into a room, to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attended {
    pub event_id: String,
    pub registration_id: String,
    /// The interpretation channel's language; `None` for the main room.
    pub channel: Option<Language>,
    pub at: Timestamp,
}

/// A participant's joining of one session, for the organisers' report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendance {
    pub registration_id: String,
    pub participant_id: String,
    pub target: Target,
    /// Every click, oldest first, with its channel (`None`: the main room).
    pub clicks: Vec<(Timestamp, Option<Language>)>,
}

/// Kinds of reminder, one of each per registration.
pub const REMINDER_DAY_BEFORE: &str = "day-before";
pub const REMINDER_SHORTLY_BEFORE: &str = "shortly-before";
pub const REMINDER_CANCELLED: &str = "cancelled";

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt { what }
}

impl Store {
    /// The joining settings of `event_id`: the defaults until organisers set them.
    pub async fn joining(&self, event_id: &str) -> Result<Joining, StoreError> {
        let row: Option<(i64, String, i64)> = sqlx::query_as(
            "SELECT opens_before_minutes, day_before_at, shortly_before_minutes \
             FROM joining_settings WHERE event_id = $1",
        )
        .bind(event_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the joining settings", e))?;
        let Some((opens, at, shortly)) = row else {
            return Ok(Joining::default());
        };
        let day_before_at: Time = at.parse().map_err(|_| {
            corrupt(format!(
                "\"{at}\" as the time of day of the reminders of \"{event_id}\""
            ))
        })?;
        Ok(Joining {
            opens_before: SignedDuration::from_mins(opens),
            day_before_at,
            shortly_before: SignedDuration::from_mins(shortly),
        })
    }

    /// Every room of `event_id`, by session identity.
    pub async fn rooms(&self, event_id: &str) -> Result<Vec<(Slug, Room)>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT session, room FROM join_rooms WHERE event_id = $1 ORDER BY session",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the rooms of an event", e))?;
        rows.into_iter()
            .map(|(session, json)| {
                let id = Slug::parse(&session)
                    .map_err(|_| corrupt(format!("\"{session}\" as a session of a room")))?;
                Ok((id, room_from_json(&json, &session)?))
            })
            .collect()
    }

    /// The personal join links of participant `participant_id`, by registration id.
    pub async fn join_links_of(
        &self,
        participant_id: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query_as(
            "SELECT l.registration_id, l.token FROM join_links l \
             JOIN registrations r ON r.id = l.registration_id WHERE r.participant_id = $1",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading a participant's join links", e))
    }

    /// What the personal link `token` leads to, as the store holds it now; `None` for a token
    /// that is not (or no longer) one.
    pub async fn join_ticket(&self, token: &str) -> Result<Option<JoinTicket>, StoreError> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        type Row = (
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT r.id, r.event_id, r.participant_id, r.target, r.state, \
             CASE WHEN p.erased_at IS NULL THEN p.language END, p.interpretation, \
             CASE WHEN p.erased_at IS NULL THEN p.zone END \
             FROM join_links l JOIN registrations r ON r.id = l.registration_id \
             JOIN participants p ON p.id = r.participant_id WHERE l.token = $1",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading a join link", e))?;
        let Some((id, event_id, participant_id, target, state, language, interpretation, zone)) =
            row
        else {
            return Ok(None);
        };
        Ok(Some(JoinTicket {
            registration_id: id,
            event_id,
            participant_id,
            target: parse_target(&target)?,
            state: parse_state(&state)?,
            language: language.and_then(|l| Language::parse(&l).ok()),
            interpretation: interpretation.and_then(|l| Language::parse(&l).ok()),
            zone: zone.and_then(|z| Zone::parse(&z).ok()),
        }))
    }

    /// Who joined which session of `event_id`, and when, in the order they first joined.
    pub async fn attendance(&self, event_id: &str) -> Result<Vec<Attendance>, StoreError> {
        let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT a.registration_id, r.participant_id, r.target, a.channel, a.joined_at \
             FROM attendance a JOIN registrations r ON r.id = a.registration_id \
             WHERE a.event_id = $1 ORDER BY a.joined_at, a.id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the attendance", e))?;
        let mut all: Vec<Attendance> = Vec::new();
        // Where each registration's clicks are in `all`.
        let mut at_index: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for (registration_id, participant_id, target, channel, at) in rows {
            let at = millis(at, || format!("a click of registration {registration_id}"))?;
            let channel = Language::parse(&channel).ok();
            match at_index.get(&registration_id) {
                Some(&known) => all[known].clicks.push((at, channel)),
                None => {
                    at_index.insert(registration_id.clone(), all.len());
                    all.push(Attendance {
                        target: parse_target(&target)?,
                        registration_id,
                        participant_id,
                        clicks: vec![(at, channel)],
                    });
                }
            }
        }
        Ok(all)
    }
}

impl UnitOfWork {
    /// Sets the joining settings of `event_id`.
    pub async fn set_joining(
        &mut self,
        event_id: &str,
        joining: &Joining,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "INSERT INTO joining_settings \
             (event_id, opens_before_minutes, day_before_at, shortly_before_minutes, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO UPDATE SET \
             opens_before_minutes = $2, day_before_at = $3, shortly_before_minutes = $4, \
             updated_at = $5",
        )
        .bind(event_id)
        .bind(joining.opens_before.as_mins())
        .bind(joining.day_before_at.strftime("%H:%M").to_string())
        .bind(joining.shortly_before.as_mins())
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "setting the joining settings", e))?;
        Ok(())
    }

    /// Sets the room of `session` (its identity), or removes it with `None`.
    pub async fn set_room(
        &mut self,
        event_id: &str,
        session: &Slug,
        room: Option<&Room>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        let fail = |e| StoreError::failed(backend, "setting a session's room", e);
        match room {
            Some(room) => {
                let json = serde_json::to_string(room)
                    .map_err(|e| corrupt(format!("a room that cannot be written: {e}")))?;
                sqlx::query(
                    "INSERT INTO join_rooms (event_id, session, room, updated_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (event_id, session) \
                     DO UPDATE SET room = $3, updated_at = $4",
                )
                .bind(event_id)
                .bind(session.as_str())
                .bind(json)
                .bind(now.as_millisecond())
                .execute(self.connection())
                .await
                .map_err(fail)?;
            }
            None => {
                sqlx::query("DELETE FROM join_rooms WHERE event_id = $1 AND session = $2")
                    .bind(event_id)
                    .bind(session.as_str())
                    .execute(self.connection())
                    .await
                    .map_err(fail)?;
            }
        }
        Ok(())
    }

    /// The personal join link of registration `registration_id`, made if it has none.
    pub async fn join_link(
        &mut self,
        registration_id: &str,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let backend = self.backend();
        let fail = |e| StoreError::failed(backend, "making a join link", e);
        sqlx::query(
            "INSERT INTO join_links (token, registration_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (registration_id) DO NOTHING",
        )
        .bind(new_token()?)
        .bind(registration_id)
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(fail)?;
        sqlx::query_scalar("SELECT token FROM join_links WHERE registration_id = $1")
            .bind(registration_id)
            .fetch_one(self.connection())
            .await
            .map_err(fail)
    }

    /// Makes the personal join links of `registration_id` stop working; the next one asked for
    /// is new.
    pub async fn revoke_join_link(&mut self, registration_id: &str) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query("DELETE FROM join_links WHERE registration_id = $1")
            .bind(registration_id)
            .execute(self.connection())
            .await
            .map_err(|e| StoreError::failed(backend, "revoking a join link", e))?;
        Ok(())
    }

    /// Records clicks into rooms, all in one statement.
    pub async fn record_attendance(&mut self, clicks: &[Attended]) -> Result<(), StoreError> {
        const PER_STATEMENT: usize = 200;
        let backend = self.backend();
        for chunk in clicks.chunks(PER_STATEMENT) {
            let mut sql = String::from(
                "INSERT INTO attendance (id, event_id, registration_id, channel, joined_at) VALUES ",
            );
            for n in 0..chunk.len() {
                let b = n * 5;
                if n > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                ));
            }
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for click in chunk {
                query = query
                    .bind(crate::users::new_id()?)
                    .bind(click.event_id.clone())
                    .bind(click.registration_id.clone())
                    .bind(
                        click
                            .channel
                            .as_ref()
                            .map_or(String::new(), |l| l.to_string()),
                    )
                    .bind(click.at.as_millisecond());
            }
            query
                .execute(self.connection())
                .await
                .map_err(|e| StoreError::failed(backend, "recording who joined", e))?;
        }
        Ok(())
    }

    /// Notes that the reminder `kind` of `registration_id` is written now; `false` if it was
    /// already (by this node or another), and must not be written again.
    pub async fn mark_reminded(
        &mut self,
        registration_id: &str,
        kind: &str,
        session_start: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let backend = self.backend();
        let done = sqlx::query(
            "INSERT INTO reminders_sent (registration_id, kind, session_start, written_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (registration_id, kind) DO NOTHING",
        )
        .bind(registration_id)
        .bind(kind)
        .bind(session_start.map(|t| t.as_millisecond()))
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "noting a reminder", e))?;
        Ok(done.rows_affected() == 1)
    }

    /// Notes the change notice of `version` written to each of `participants` that had none, in
    /// one statement; those it noted now.
    pub async fn mark_noticed_all(
        &mut self,
        participants: &[&str],
        version: u32,
        now: Timestamp,
    ) -> Result<Vec<String>, StoreError> {
        const PER_STATEMENT: usize = 500;
        let backend = self.backend();
        let mut noted = Vec::with_capacity(participants.len());
        for chunk in participants.chunks(PER_STATEMENT) {
            let values: Vec<String> = (0..chunk.len())
                .map(|n| format!("(${}, $1, $2)", n + 3))
                .collect();
            let sql = format!(
                "INSERT INTO change_notices (participant_id, version, written_at) VALUES {} \
                 ON CONFLICT (participant_id, version) DO NOTHING RETURNING participant_id",
                values.join(", ")
            );
            let mut query = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(version))
                .bind(now.as_millisecond());
            for id in chunk {
                query = query.bind(*id);
            }
            noted.extend(
                query
                    .fetch_all(self.connection())
                    .await
                    .map_err(|e| StoreError::failed(backend, "noting change notices", e))?,
            );
        }
        Ok(noted)
    }
}

fn room_from_json(json: &str, session: &str) -> Result<Room, StoreError> {
    serde_json::from_str(json).map_err(|e| corrupt(format!("the room of session {session}: {e}")))
}

/// A registration whose participant is still to be written to, with the participant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToRemind {
    pub registration_id: String,
    pub participant: crate::Participant,
}

impl Store {
    /// The registrations of `event_id` for `target`, in one of `states`, that have no reminder of
    /// `kind` yet, each with its participant; erased participants are left out.
    pub async fn to_remind(
        &self,
        event_id: &str,
        target: &Target,
        states: &[State],
        kind: &str,
    ) -> Result<Vec<ToRemind>, StoreError> {
        let fail = |e| StoreError::failed(self.backend, "reading whom to remind", e);
        let states: Vec<String> = states
            .iter()
            .map(|s| format!("'{}'", convene_core::Keyword::keyword(*s)))
            .collect();
        // The states are the core's own words, never a request's: safe to write into the SQL.
        let pending = format!(
            "FROM registrations r WHERE r.event_id = $1 AND r.target = $2 \
             AND r.state IN ({}) AND NOT EXISTS (SELECT 1 FROM reminders_sent m \
             WHERE m.registration_id = r.id AND m.kind = $3)",
            states.join(", ")
        );
        let pairs: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT r.id, r.participant_id {pending} ORDER BY r.arrival"
        )))
        .bind(event_id)
        .bind(target.key())
        .bind(kind)
        .fetch_all(&self.pool)
        .await
        .map_err(fail)?;
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<crate::participants::ParticipantRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {} FROM participants WHERE erased_at IS NULL AND id IN \
                 (SELECT r.participant_id {pending})",
                crate::participants::PARTICIPANT_COLUMNS
            )))
            .bind(event_id)
            .bind(target.key())
            .bind(kind)
            .fetch_all(&self.pool)
            .await
            .map_err(fail)?;
        let participants: std::collections::HashMap<String, crate::Participant> = rows
            .into_iter()
            .map(|row| crate::participants::participant(row).map(|p| (p.id.clone(), p)))
            .collect::<Result<_, _>>()?;
        Ok(pairs
            .into_iter()
            .filter_map(|(registration_id, participant_id)| {
                let participant = participants.get(&participant_id)?;
                Some(ToRemind {
                    registration_id,
                    participant: participant.clone(),
                })
            })
            .collect())
    }

    /// Every target of `event_id` that has a registration still in play.
    pub async fn registered_targets(&self, event_id: &str) -> Result<Vec<Target>, StoreError> {
        let keys: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT target FROM registrations WHERE event_id = $1 \
             AND state IN ('pending', 'confirmed', 'waiting', 'offered') ORDER BY target",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the registered targets", e))?;
        keys.iter().map(|k| parse_target(k)).collect()
    }
}

/// A participant with registrations still in play for some of the targets asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Concerned {
    pub participant: crate::Participant,
    /// Each registration of theirs for a target asked about: its id, target and state.
    pub registrations: Vec<(String, Target, State)>,
}

impl Store {
    /// The participants of `event_id` with a registration still in play (pending, confirmed,
    /// waiting, offered) for any of `targets`; erased participants are left out.
    pub async fn registrants_of(
        &self,
        event_id: &str,
        targets: &[Target],
    ) -> Result<Vec<Concerned>, StoreError> {
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        let fail = |e| StoreError::failed(self.backend, "reading whom a change concerns", e);
        let placeholders: Vec<String> = (0..targets.len()).map(|n| format!("${}", n + 2)).collect();
        let active = format!(
            "FROM registrations WHERE event_id = $1 AND target IN ({}) \
             AND state IN ('pending', 'confirmed', 'waiting', 'offered')",
            placeholders.join(", ")
        );
        let mut query =
            sqlx::query_as::<_, (String, String, String, String)>(sqlx::AssertSqlSafe(format!(
                "SELECT id, participant_id, target, state {active} ORDER BY participant_id, arrival"
            )))
            .bind(event_id);
        for target in targets {
            query = query.bind(target.key());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(fail)?;
        let mut people =
            sqlx::query_as::<_, crate::participants::ParticipantRow>(sqlx::AssertSqlSafe(format!(
                "SELECT {} FROM participants WHERE erased_at IS NULL AND id IN \
                 (SELECT participant_id {active}) ORDER BY created_at, id",
                crate::participants::PARTICIPANT_COLUMNS
            )))
            .bind(event_id);
        for target in targets {
            people = people.bind(target.key());
        }
        let people = people.fetch_all(&self.pool).await.map_err(fail)?;
        let mut by_participant: std::collections::HashMap<String, Vec<(String, Target, State)>> =
            std::collections::HashMap::new();
        for (id, participant, target, state) in rows {
            by_participant.entry(participant).or_default().push((
                id,
                parse_target(&target)?,
                parse_state(&state)?,
            ));
        }
        people
            .into_iter()
            .map(|row| {
                let participant = crate::participants::participant(row)?;
                let registrations = by_participant.remove(&participant.id).unwrap_or_default();
                Ok(Concerned {
                    participant,
                    registrations,
                })
            })
            .collect()
    }
}
