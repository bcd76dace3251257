//! Who comes, as organisers see it: an event's registrations with their participants, narrowed by
//! target, state, category and country in one query; the counts per target and state that the
//! capacity dashboard draws; and the organisers' own moves of a registration to another target.

use convene_core::Keyword;
use convene_core::registration::{Category, Registrant, State, Target};
use jiff::Timestamp;

use crate::participants::{PARTICIPANT_COLUMNS, ParticipantRow, participant};
use crate::seats::{
    OfferEnd, POSITION, REGISTRATION_COLUMNS, count, parse_state, parse_target, registration_record,
};
use crate::{Offer, RegistrationRecord, Store, StoreError, UnitOfWork};

/// What the organisers' list is narrowed to; `None` everywhere: every registration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterFilter {
    pub target: Option<Target>,
    pub state: Option<State>,
    pub category: Option<Category>,
    /// ISO 3166-1 alpha-2, upper-case.
    pub country: Option<String>,
}

/// One registration with its participant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    pub registration: RegistrationRecord,
    /// `None` once the participant was erased.
    pub participant: Option<Registrant>,
}

/// How many registrations of a target are in a state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateCount {
    pub target: Target,
    pub state: State,
    pub count: u32,
}

/// A registration moved to another target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moved {
    /// The old registration, cancelled.
    pub cancelled: RegistrationRecord,
    /// The new one, holding a seat or on the waiting list.
    pub registered: RegistrationRecord,
    /// The old target's freed seat, offered to the next in line.
    pub offers: Vec<Offer>,
}

/// What became of a move to another target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    Moved(Box<Moved>),
    /// The participant has a registration in play for that target already: nothing changed.
    AlreadyThere(State),
    /// The registration is unknown, not in play, or for that target already: nothing changed.
    NotMovable,
}

/// The registration's own columns, under names apart from the participant's.
const ROSTER_COLUMNS: &str = "r.id AS r_id, r.target AS r_target, r.state AS r_state, \
     r.offer_until AS r_offer_until, r.arrival AS r_arrival, r.created_at AS r_created_at, \
     r.updated_at AS r_updated_at";

fn roster_entry(row: sqlx::any::AnyRow) -> Result<RosterEntry, StoreError> {
    use sqlx::Row;
    let get = |e: sqlx::Error| StoreError::Corrupt {
        what: format!("a row of the registration list ({e})"),
    };
    let text = |name: &str| row.try_get::<String, _>(name).map_err(get);
    let number = |name: &str| row.try_get::<i64, _>(name).map_err(get);
    let registration = registration_record(
        (
            text("r_id")?,
            text("id")?,
            text("r_target")?,
            text("r_state")?,
            row.try_get::<Option<i64>, _>("r_offer_until")
                .map_err(get)?,
            number("r_arrival")?,
            number("r_created_at")?,
            number("r_updated_at")?,
        ),
        row.try_get::<Option<i64>, _>("r_position").map_err(get)?,
    )?;
    let participant = participant(ParticipantRow(row))?;
    Ok(RosterEntry {
        registration,
        participant: participant.details,
    })
}

impl Store {
    /// The registrations of event `event_id` that `filter` lets through, at most `limit` of
    /// them, by target and then in arrival order, each with its participant and its place on
    /// the waiting list.
    pub async fn roster(
        &self,
        event_id: &str,
        filter: &RosterFilter,
        limit: u32,
    ) -> Result<Vec<RosterEntry>, StoreError> {
        let participant_columns = PARTICIPANT_COLUMNS
            .split(", ")
            .map(|c| format!("p.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {ROSTER_COLUMNS}, {POSITION} AS r_position, {participant_columns} \
             FROM registrations r JOIN participants p ON p.id = r.participant_id \
             WHERE r.event_id = $1 AND ($2 = '' OR r.target = $2) AND ($3 = '' OR r.state = $3) \
             AND ($4 = '' OR p.category = $4) AND ($5 = '' OR p.country = $5) \
             ORDER BY r.target, r.arrival LIMIT $6"
        );
        let rows: Vec<ParticipantRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(event_id)
            .bind(filter.target.as_ref().map(Target::key).unwrap_or_default())
            .bind(filter.state.map(|s| s.keyword()).unwrap_or_default())
            .bind(filter.category.map(|c| c.keyword()).unwrap_or_default())
            .bind(filter.country.as_deref().unwrap_or_default())
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "reading the registration list", e))?;
        rows.into_iter()
            .map(|ParticipantRow(row)| roster_entry(row))
            .collect()
    }

    /// How many registrations of event `event_id` each target has in each state.
    pub async fn registration_counts(&self, event_id: &str) -> Result<Vec<StateCount>, StoreError> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT target, state, COUNT(*) FROM registrations WHERE event_id = $1 \
             GROUP BY target, state ORDER BY target, state",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "counting registrations", e))?;
        rows.into_iter()
            .map(|(target, state, n)| {
                Ok(StateCount {
                    target: parse_target(&target)?,
                    state: parse_state(&state)?,
                    count: count(n),
                })
            })
            .collect()
    }
}

type EventPositionedRow = (
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    i64,
    i64,
    Option<i64>,
    String,
);

impl UnitOfWork {
    /// Registration `id` as it stands in this unit, with its event.
    pub async fn registration(
        &mut self,
        id: &str,
    ) -> Result<Option<(String, RegistrationRecord)>, StoreError> {
        let backend = self.backend();
        let sql = format!(
            "SELECT {REGISTRATION_COLUMNS}, {POSITION}, r.event_id FROM registrations r \
             WHERE r.id = $1"
        );
        let row: Option<EventPositionedRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.connection())
            .await
            .map_err(|e| StoreError::failed(backend, "reading a registration", e))?;
        row.map(|(a, b, c, d, e, f, g, h, position, event_id)| {
            Ok((
                event_id,
                registration_record((a, b, c, d, e, f, g, h), position)?,
            ))
        })
        .transpose()
    }

    /// Moves registration `id` to target `to`, as an organiser does: it is cancelled (its seat
    /// goes to the next in line) and its participant registered for `to`, on a seat or on the
    /// waiting list. No policy applies: the organiser's word is enough, so a pending one moved
    /// takes a seat too.
    pub async fn move_registration(
        &mut self,
        id: &str,
        to: &Target,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Move, StoreError> {
        let Some((event_id, before)) = self.registration(id).await? else {
            return Ok(Move::NotMovable);
        };
        if !before.state.is_active() || before.target == *to {
            return Ok(Move::NotMovable);
        }
        let key = to.key();
        self.ensure_target(&event_id, &key).await?;
        let existing = self.existing(&before.participant_id, &key).await?;
        if let Some((_, state)) = &existing
            && state.is_active()
        {
            return Ok(Move::AlreadyThere(*state));
        }
        // Both targets' rows locked in one order, so that two moves between the same targets
        // in opposite directions never wait for each other in a circle on PostgreSQL.
        let mut keys = [before.target.key(), key.clone()];
        keys.sort();
        for k in &keys {
            self.lock_target(&event_id, k).await?;
        }
        let Some((cancelled, offers)) = self.cancel_registration(id, now, offer_end).await? else {
            return Ok(Move::NotMovable);
        };
        let state = if self.take_seat(&event_id, &key).await? {
            State::Confirmed
        } else {
            State::Waiting
        };
        let arrival = self.next_arrival(&event_id, &key).await?;
        let new_id = match existing {
            Some((old, _)) => {
                self.restart(&old, state, arrival, None, now).await?;
                old
            }
            None => {
                self.insert_registration(
                    &event_id,
                    &before.participant_id,
                    &key,
                    state,
                    arrival,
                    None,
                    now,
                )
                .await?
            }
        };
        let (_, registered) =
            self.registration(&new_id)
                .await?
                .ok_or_else(|| StoreError::Corrupt {
                    what: format!("registration {new_id}, made a moment ago"),
                })?;
        Ok(Move::Moved(Box::new(Moved {
            cancelled,
            registered,
            offers,
        })))
    }

    async fn lock_target(&mut self, event_id: &str, key: &str) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "UPDATE registration_targets SET held = held WHERE event_id = $1 AND target = $2",
        )
        .bind(event_id)
        .bind(key)
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "holding a target's seats", e))?;
        Ok(())
    }
}
