//! Seats and the waiting list: registering, offering freed seats, accepting, cancelling,
//! approving. Every change is a step of a [`UnitOfWork`], so a registration, its seat, its email
//! and its audit entry commit together.
//!
//! A seat is taken by one conditional update of the target's row
//! (`held = held + 1 … WHERE capacity IS NULL OR held < capacity`), and the table's check
//! (`held <= capacity`) refuses anything else: overbooking is impossible however many
//! registrations arrive at once, on SQLite (one writer at a time) as on PostgreSQL (the row lock
//! orders them, and each re-reads the row it waited for). The same update numbers arrivals, so
//! the waiting list is in the order registrations committed.

use convene_core::registration::{
    Admission, Policy, Refusal, Registrant, State, Target, TargetSetting, Window,
};
use convene_core::{Keyword, Language, Text};
use jiff::Timestamp;

use crate::{NewJob, Store, StoreError, UnitOfWork};

/// The kind of job that ends an offer nobody answered; its key is the registration and the
/// offer's end.
pub const EXPIRE_OFFER: &str = "expire-offer";

/// Who lets a registration in: the target's policy, or an organiser, whose word is enough.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Admitter {
    Policy,
    Organiser,
}

/// A target's setting with the seats held now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetSeats {
    pub setting: TargetSetting,
    /// Confirmed registrations and open offers.
    pub held: u32,
    /// Registrations so far, of every state.
    pub arrivals: u32,
}

/// What became of a registration for one target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new registration in this state, with its place on the waiting list when waiting.
    Registered {
        registration_id: String,
        state: State,
        position: Option<u32>,
    },
    /// The participant was registered already, in this state; nothing changed.
    Already { state: State },
    /// The target's policy refused it; nothing was stored for it.
    Refused(Refusal),
}

/// The result of one registration form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub participant_id: String,
    /// False when the email had registered for this event before: their details were kept as
    /// they were (an anonymous form never changes them).
    pub new_participant: bool,
    pub outcomes: Vec<(Target, Outcome)>,
}

/// A freed seat offered to the first on a waiting list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub registration_id: String,
    pub participant_id: String,
    pub target: Target,
    pub until: Timestamp,
    /// The secret the accept and decline links carry; the store keeps only its hash.
    pub token: String,
}

/// One registration as the participant and organisers see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationRecord {
    pub id: String,
    pub participant_id: String,
    pub target: Target,
    pub state: State,
    /// Its place on the waiting list (1 for the next in line) while waiting.
    pub position: Option<u32>,
    pub offer_until: Option<Timestamp>,
    pub arrival: u32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Until when offers of a target made now hold; `None` when the target takes no more offers
/// (it has started). The caller knows the programme; the store does not.
pub type OfferEnd<'a> = &'a (dyn Fn(&Target) -> Option<Timestamp> + Send + Sync);

/// The SHA-256 of a token, as the store keeps it.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// A new random token of 32 bytes, as hex.
pub(crate) fn new_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::NoRandomness {
        source: std::io::Error::other(e),
    })?;
    Ok(hex::encode(bytes))
}

pub(crate) use crate::stored::{count, millis};

pub(crate) fn parse_target(key: &str) -> Result<Target, StoreError> {
    Target::parse(key).ok_or_else(|| StoreError::Corrupt {
        what: format!("\"{key}\" as a registration target"),
    })
}

pub(crate) fn parse_state(word: &str) -> Result<State, StoreError> {
    State::from_keyword(word).ok_or_else(|| StoreError::Corrupt {
        what: format!("\"{word}\" as the state of a registration"),
    })
}

fn text_json(text: &Text) -> String {
    let map: std::collections::BTreeMap<String, &str> =
        text.iter().map(|(l, t)| (l.to_string(), t)).collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".to_owned())
}

fn text_from_json(json: &str, event_id: &str) -> Result<Text, StoreError> {
    let map: std::collections::BTreeMap<String, String> =
        serde_json::from_str(json).map_err(|_| StoreError::Corrupt {
            what: format!("the privacy notice of event \"{event_id}\""),
        })?;
    let mut text = Text::new();
    for (lang, value) in map {
        let lang = Language::parse(&lang).map_err(|_| StoreError::Corrupt {
            what: format!("\"{lang}\" as a language of the privacy notice of \"{event_id}\""),
        })?;
        text.insert(lang, value);
    }
    Ok(text)
}

pub(crate) type RegistrationRow = (String, String, String, String, Option<i64>, i64, i64, i64);
/// A registration's row and its waiting position.
type PositionedRow = (
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    i64,
    i64,
    Option<i64>,
);
/// A registration's row and its event.
type EventRow = (
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    i64,
    i64,
    String,
);

pub(crate) const REGISTRATION_COLUMNS: &str = "r.id, r.participant_id, r.target, r.state, r.offer_until, \
     r.arrival, r.created_at, r.updated_at";

/// The waiting position of each waiting registration is counted in the same query.
pub(crate) const POSITION: &str = "CASE WHEN r.state = 'waiting' THEN (SELECT COUNT(*) FROM registrations w \
     WHERE w.event_id = r.event_id AND w.target = r.target AND w.state = 'waiting' \
     AND w.arrival <= r.arrival) END";

pub(crate) fn registration_record(
    (id, participant_id, target, state, offer_until, arrival, created_at, updated_at): RegistrationRow,
    position: Option<i64>,
) -> Result<RegistrationRecord, StoreError> {
    Ok(RegistrationRecord {
        target: parse_target(&target)?,
        state: parse_state(&state)?,
        position: position.map(count),
        offer_until: offer_until
            .map(|ms| millis(ms, || format!("the end of the offer of registration {id}")))
            .transpose()?,
        arrival: count(arrival),
        created_at: millis(created_at, || {
            format!("the time registration {id} was made")
        })?,
        updated_at: millis(updated_at, || format!("the time registration {id} changed"))?,
        id,
        participant_id,
    })
}

fn registrations_of_sql() -> String {
    format!(
        "SELECT {REGISTRATION_COLUMNS}, {POSITION} FROM registrations r \
         WHERE r.participant_id = $1 ORDER BY r.created_at, r.target"
    )
}

fn positioned_records(rows: Vec<PositionedRow>) -> Result<Vec<RegistrationRecord>, StoreError> {
    rows.into_iter()
        .map(|(a, b, c, d, e, f, g, h, position)| {
            registration_record((a, b, c, d, e, f, g, h), position)
        })
        .collect()
}

impl Store {
    /// When event `event_id` takes registrations; closed if it was never set.
    pub async fn registration_window(&self, event_id: &str) -> Result<Window, StoreError> {
        let row: Option<(Option<i64>, Option<i64>, String, i64)> = sqlx::query_as(
            "SELECT opens_at, closes_at, privacy_notice, offer_hours FROM registration_windows \
             WHERE event_id = $1",
        )
        .bind(event_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading when registration is open", e))?;
        let Some((opens, closes, notice, offer_hours)) = row else {
            return Ok(Window::closed());
        };
        let what = |w: &'static str| move || format!("the {w} of registration for \"{event_id}\"");
        Ok(Window {
            opens: opens.map(|ms| millis(ms, what("opening"))).transpose()?,
            closes: closes.map(|ms| millis(ms, what("closing"))).transpose()?,
            privacy_notice: text_from_json(&notice, event_id)?,
            offer_hours: count(offer_hours).max(1),
        })
    }

    /// Every target of `event_id` that has a setting or a registration, with its seats.
    pub async fn target_seats(&self, event_id: &str) -> Result<Vec<TargetSeats>, StoreError> {
        let rows: Vec<(String, String, String, Option<i64>, i64, i64)> = sqlx::query_as(
            "SELECT target, policy, categories, capacity, held, arrivals \
             FROM registration_targets WHERE event_id = $1 ORDER BY target",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the seats of an event", e))?;
        rows.into_iter()
            .map(|(target, policy, categories, capacity, held, arrivals)| {
                let policy = Policy::from_stored(&policy, &categories).ok_or_else(|| {
                    StoreError::Corrupt {
                        what: format!("the policy \"{policy}\" ({categories}) of {target}"),
                    }
                })?;
                Ok(TargetSeats {
                    setting: TargetSetting {
                        target: parse_target(&target)?,
                        policy,
                        capacity: capacity.map(count),
                    },
                    held: count(held),
                    arrivals: count(arrivals),
                })
            })
            .collect()
    }

    /// The registrations of participant `participant_id`, with their waiting positions.
    pub async fn registrations_of(
        &self,
        participant_id: &str,
    ) -> Result<Vec<RegistrationRecord>, StoreError> {
        let rows: Vec<PositionedRow> = sqlx::query_as(sqlx::AssertSqlSafe(registrations_of_sql()))
            .bind(participant_id)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "reading registrations", e))?;
        positioned_records(rows)
    }

    /// The registrations of event `event_id` for `target` (all targets when `None`), in arrival
    /// order, with waiting positions.
    pub async fn registrations(
        &self,
        event_id: &str,
        target: Option<&Target>,
    ) -> Result<Vec<RegistrationRecord>, StoreError> {
        let sql = format!(
            "SELECT {REGISTRATION_COLUMNS}, {POSITION} FROM registrations r \
             WHERE r.event_id = $1 AND ($2 = '' OR r.target = $2) ORDER BY r.target, r.arrival"
        );
        let rows: Vec<PositionedRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(event_id)
            .bind(target.map(Target::key).unwrap_or_default())
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "reading registrations", e))?;
        rows.into_iter()
            .map(|(a, b, c, d, e, f, g, h, position)| {
                registration_record((a, b, c, d, e, f, g, h), position)
            })
            .collect()
    }

    /// The registration whose offer token hashes to `hash`, if it is still offered.
    pub async fn offer_by_token(
        &self,
        token: &str,
    ) -> Result<Option<RegistrationRecord>, StoreError> {
        let sql = format!(
            "SELECT {REGISTRATION_COLUMNS} FROM registrations r \
             WHERE r.offer_token_hash = $1 AND r.state = 'offered'"
        );
        let row: Option<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token_hash(token))
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "reading an offer", e))?;
        row.map(|row| registration_record(row, None)).transpose()
    }
}

impl UnitOfWork {
    /// The registrations of participant `participant_id` as this unit sees them (its own writes
    /// included), with their waiting positions; read on the unit's connection, so a unit holding
    /// SQLite's write lock never waits for another connection of the pool.
    pub async fn registrations_of(
        &mut self,
        participant_id: &str,
    ) -> Result<Vec<RegistrationRecord>, StoreError> {
        let backend = self.backend();
        let rows: Vec<PositionedRow> = sqlx::query_as(sqlx::AssertSqlSafe(registrations_of_sql()))
            .bind(participant_id)
            .fetch_all(self.connection())
            .await
            .map_err(|e| StoreError::failed(backend, "reading registrations", e))?;
        positioned_records(rows)
    }

    /// Sets when event `event_id` takes registrations.
    pub async fn set_registration_window(
        &mut self,
        event_id: &str,
        window: &Window,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "INSERT INTO registration_windows \
             (event_id, opens_at, closes_at, privacy_notice, offer_hours, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (event_id) DO UPDATE SET opens_at = $2, closes_at = $3, \
             privacy_notice = $4, offer_hours = $5, updated_at = $6",
        )
        .bind(event_id)
        .bind(window.opens.map(|t| t.as_millisecond()))
        .bind(window.closes.map(|t| t.as_millisecond()))
        .bind(text_json(&window.privacy_notice))
        .bind(i64::from(window.offer_hours.max(1)))
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "setting when registration is open", e))?;
        Ok(())
    }

    /// Sets a target's policy and capacity. A capacity below the seats held is refused with
    /// [`StoreError::CapacityBelowHeld`]; a raised one offers the freed seats to the waiting list
    /// (returned, for their emails).
    pub async fn set_target(
        &mut self,
        event_id: &str,
        setting: &TargetSetting,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Vec<Offer>, StoreError> {
        let backend = self.backend();
        let key = setting.target.key();
        self.ensure_target(event_id, &key).await?;
        let held: i64 = sqlx::query_scalar(
            "SELECT held FROM registration_targets WHERE event_id = $1 AND target = $2",
        )
        .bind(event_id)
        .bind(&key)
        .fetch_one(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "reading the seats of a target", e))?;
        if let Some(capacity) = setting.capacity
            && i64::from(capacity) < held
        {
            return Err(StoreError::CapacityBelowHeld {
                target: key,
                capacity,
                held: count(held),
            });
        }
        sqlx::query(
            "UPDATE registration_targets SET policy = $3, categories = $4, capacity = $5 \
             WHERE event_id = $1 AND target = $2",
        )
        .bind(event_id)
        .bind(&key)
        .bind(setting.policy.kind().keyword())
        .bind(setting.policy.categories_key())
        .bind(setting.capacity.map(i64::from))
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "setting a target's seats", e))?;
        self.offer_free_seats(event_id, &setting.target, now, offer_end)
            .await
    }

    /// Makes the row of a target that has none yet: open to all, unlimited.
    pub(crate) async fn ensure_target(
        &mut self,
        event_id: &str,
        key: &str,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "INSERT INTO registration_targets \
             (event_id, target, policy, categories, capacity, held, arrivals, last_seated) \
             VALUES ($1, $2, 'open', '', NULL, 0, 0, 0) ON CONFLICT (event_id, target) DO NOTHING",
        )
        .bind(event_id)
        .bind(key)
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "preparing a target's seats", e))?;
        Ok(())
    }

    /// Takes a seat of the target if one is free; the only way a seat is ever taken.
    pub(crate) async fn take_seat(
        &mut self,
        event_id: &str,
        key: &str,
    ) -> Result<bool, StoreError> {
        let backend = self.backend();
        let taken = sqlx::query(
            "UPDATE registration_targets SET held = held + 1 \
             WHERE event_id = $1 AND target = $2 AND (capacity IS NULL OR held < capacity)",
        )
        .bind(event_id)
        .bind(key)
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "taking a seat", e))?;
        Ok(taken.rows_affected() == 1)
    }

    async fn release_seat(&mut self, event_id: &str, key: &str) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "UPDATE registration_targets SET held = held - 1 \
             WHERE event_id = $1 AND target = $2 AND held > 0",
        )
        .bind(event_id)
        .bind(key)
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "freeing a seat", e))?;
        Ok(())
    }

    /// The next number in the target's arrival order.
    pub(crate) async fn next_arrival(
        &mut self,
        event_id: &str,
        key: &str,
    ) -> Result<i64, StoreError> {
        let backend = self.backend();
        sqlx::query_scalar(
            "UPDATE registration_targets SET arrivals = arrivals + 1 \
             WHERE event_id = $1 AND target = $2 RETURNING arrivals",
        )
        .bind(event_id)
        .bind(key)
        .fetch_one(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "numbering a registration", e))
    }

    /// Registers `registrant` for `targets` of event `event_id`: a participant is made for a new
    /// email (an email known for this event keeps its details); each target's policy admits,
    /// sends to approval or refuses; admitted ones take a seat or join the waiting list.
    ///
    /// `invitation_code`, when given and valid, admits to targets that need an invitation, and
    /// one use of it is counted if it did.
    pub async fn register(
        &mut self,
        event_id: &str,
        registrant: &Registrant,
        targets: &[Target],
        invitation_code: Option<&str>,
        now: Timestamp,
    ) -> Result<Registration, StoreError> {
        self.register_as(
            event_id,
            registrant,
            targets,
            invitation_code,
            Admitter::Policy,
            now,
        )
        .await
    }

    /// Registers `registrant` for `targets` as an organiser adds someone by hand: as
    /// [`UnitOfWork::register`], but no target's policy applies; each registration takes a seat
    /// or joins the waiting list.
    pub async fn register_by_organiser(
        &mut self,
        event_id: &str,
        registrant: &Registrant,
        targets: &[Target],
        now: Timestamp,
    ) -> Result<Registration, StoreError> {
        self.register_as(
            event_id,
            registrant,
            targets,
            None,
            Admitter::Organiser,
            now,
        )
        .await
    }

    async fn register_as(
        &mut self,
        event_id: &str,
        registrant: &Registrant,
        targets: &[Target],
        invitation_code: Option<&str>,
        admitter: Admitter,
        now: Timestamp,
    ) -> Result<Registration, StoreError> {
        let (participant_id, new_participant) =
            self.participant_for(event_id, registrant, now).await?;
        let mut outcomes = Vec::with_capacity(targets.len());
        let mut code: Option<CodeUse> = None;
        // Always in one order, so that two registrations locking the same targets on PostgreSQL
        // never wait for each other in a circle.
        let mut targets = targets.to_vec();
        targets.sort();
        targets.dedup();
        for target in &targets {
            let key = target.key();
            let (stored_policy, existing) = self
                .target_and_registration(event_id, &key, &participant_id)
                .await?;
            if let Some((_, state)) = &existing
                && state.is_active()
            {
                outcomes.push((target.clone(), Outcome::Already { state: *state }));
                continue;
            }
            let policy = match admitter {
                Admitter::Policy => stored_policy,
                Admitter::Organiser => Policy::Open,
            };
            let invited = if policy == Policy::Invitation {
                match (&code, invitation_code) {
                    (Some(used), _) => used.admits(target),
                    (None, Some(given)) => {
                        let used = self.use_code(event_id, given, target).await?;
                        let admits = used.admits(target);
                        if admits {
                            code = Some(used);
                        }
                        admits
                    }
                    (None, None) => false,
                }
            } else {
                false
            };
            let wants_seat = match policy.admits(registrant.category, invited) {
                Admission::Refused(refusal) => {
                    outcomes.push((target.clone(), Outcome::Refused(refusal)));
                    continue;
                }
                Admission::Approval => false,
                Admission::Seat => true,
            };
            let (arrival, seated) = self.arrive(event_id, &key, wants_seat).await?;
            let state = match (wants_seat, seated) {
                (false, _) => State::Pending,
                (true, true) => State::Confirmed,
                (true, false) => State::Waiting,
            };
            let registration_id = match existing {
                Some((id, _)) => {
                    self.restart(&id, state, arrival, invitation_code, now)
                        .await?;
                    id
                }
                None => {
                    self.insert_registration(
                        event_id,
                        &participant_id,
                        &key,
                        state,
                        arrival,
                        invitation_code,
                        now,
                    )
                    .await?
                }
            };
            let position = if state == State::Waiting {
                Some(self.position(event_id, &key, arrival).await?)
            } else {
                None
            };
            outcomes.push((
                target.clone(),
                Outcome::Registered {
                    registration_id,
                    state,
                    position,
                },
            ));
        }
        Ok(Registration {
            participant_id,
            new_participant,
            outcomes,
        })
    }

    /// A target's policy (its row made if it has none yet) and the participant's registration for
    /// it, if any, in one read.
    async fn target_and_registration(
        &mut self,
        event_id: &str,
        key: &str,
        participant_id: &str,
    ) -> Result<(Policy, Option<(String, State)>), StoreError> {
        let backend = self.backend();
        for _ in 0..2 {
            let row: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT t.policy, t.categories, r.id, r.state FROM registration_targets t \
                 LEFT JOIN registrations r ON r.participant_id = $3 AND r.target = t.target \
                 WHERE t.event_id = $1 AND t.target = $2",
            )
            .bind(event_id)
            .bind(key)
            .bind(participant_id)
            .fetch_optional(self.connection())
            .await
            .map_err(|e| StoreError::failed(backend, "reading a target and a registration", e))?;
            let Some((policy, categories, id, state)) = row else {
                self.ensure_target(event_id, key).await?;
                continue;
            };
            let policy =
                Policy::from_stored(&policy, &categories).ok_or_else(|| StoreError::Corrupt {
                    what: format!("the policy \"{policy}\" ({categories}) of {key}"),
                })?;
            let existing = match (id, state) {
                (Some(id), Some(state)) => Some((id, parse_state(&state)?)),
                _ => None,
            };
            return Ok((policy, existing));
        }
        Err(StoreError::Corrupt {
            what: format!("no row for {key} after making one"),
        })
    }

    /// Numbers an arrival at the target and, if `wants_seat`, takes a seat if one is free, in one
    /// conditional update: returns the arrival's number and whether it has a seat.
    async fn arrive(
        &mut self,
        event_id: &str,
        key: &str,
        wants_seat: bool,
    ) -> Result<(i64, bool), StoreError> {
        let backend = self.backend();
        // Every SET expression reads the row as it was before the update.
        let (arrival, seated): (i64, i64) = sqlx::query_as(
            "UPDATE registration_targets SET arrivals = arrivals + 1, \
             last_seated = CASE WHEN $3 = 1 AND (capacity IS NULL OR held < capacity) \
             THEN 1 ELSE 0 END, \
             held = held + CASE WHEN $3 = 1 AND (capacity IS NULL OR held < capacity) \
             THEN 1 ELSE 0 END \
             WHERE event_id = $1 AND target = $2 \
             RETURNING arrivals, CAST(last_seated AS BIGINT)",
        )
        .bind(event_id)
        .bind(key)
        .bind(i64::from(wants_seat))
        .fetch_one(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "numbering a registration", e))?;
        Ok((arrival, seated == 1))
    }

    /// The participant of `event_id` with the registrant's email, made if there is none.
    async fn participant_for(
        &mut self,
        event_id: &str,
        r: &Registrant,
        now: Timestamp,
    ) -> Result<(String, bool), StoreError> {
        let backend = self.backend();
        let fail = |e| StoreError::failed(backend, "recording a participant", e);
        let id = crate::users::new_id()?;
        let feed = new_token()?;
        // Of two registrations with one email at once, one inserts and the other waits for it,
        // then finds its row.
        let inserted = sqlx::query(
            "INSERT INTO participants (id, event_id, email, name, category, city, country, \
             organisation, language, interpretation, zone, accessibility, dietary, consented_at, \
             feed_token, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14, $14) \
             ON CONFLICT (event_id, email) DO NOTHING",
        )
        .bind(&id)
        .bind(event_id)
        .bind(&r.email)
        .bind(&r.name)
        .bind(r.category.keyword())
        .bind(r.city.as_deref())
        .bind(r.country.as_deref())
        .bind(r.organisation.as_deref())
        .bind(r.language.as_str())
        .bind(r.interpretation.as_ref().map(Language::as_str))
        .bind(r.zone.name())
        .bind(r.accessibility.as_deref())
        .bind(r.dietary.as_deref())
        .bind(now.as_millisecond())
        .bind(&feed)
        .execute(self.connection())
        .await
        .map_err(fail)?;
        if inserted.rows_affected() == 1 {
            return Ok((id, true));
        }
        let existing: String =
            sqlx::query_scalar("SELECT id FROM participants WHERE event_id = $1 AND email = $2")
                .bind(event_id)
                .bind(&r.email)
                .fetch_one(self.connection())
                .await
                .map_err(fail)?;
        Ok((existing, false))
    }

    pub(crate) async fn existing(
        &mut self,
        participant_id: &str,
        key: &str,
    ) -> Result<Option<(String, State)>, StoreError> {
        let backend = self.backend();
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT id, state FROM registrations WHERE participant_id = $1 AND target = $2",
        )
        .bind(participant_id)
        .bind(key)
        .fetch_optional(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "reading a registration", e))?;
        row.map(|(id, state)| Ok((id, parse_state(&state)?)))
            .transpose()
    }

    /// Counts one use of invitation code `code` if it has uses left and admits to `target` or to
    /// every target.
    async fn use_code(
        &mut self,
        event_id: &str,
        code: &str,
        target: &Target,
    ) -> Result<CodeUse, StoreError> {
        let backend = self.backend();
        let used: Option<Option<String>> = sqlx::query_scalar(
            "UPDATE invitation_codes SET used = used + 1 \
             WHERE event_id = $1 AND code = $2 AND used < uses \
             AND (target IS NULL OR target = $3) RETURNING target",
        )
        .bind(event_id)
        .bind(code)
        .bind(target.key())
        .fetch_optional(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "using an invitation code", e))?;
        Ok(match used {
            None => CodeUse::Invalid,
            Some(None) => CodeUse::Any,
            Some(Some(key)) => CodeUse::Only(key),
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_registration(
        &mut self,
        event_id: &str,
        participant_id: &str,
        key: &str,
        state: State,
        arrival: i64,
        code: Option<&str>,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let backend = self.backend();
        let id = crate::users::new_id()?;
        sqlx::query(
            "INSERT INTO registrations (id, event_id, participant_id, target, state, arrival, \
             invitation_code, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(&id)
        .bind(event_id)
        .bind(participant_id)
        .bind(key)
        .bind(state.keyword())
        .bind(arrival)
        .bind(code)
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "recording a registration", e))?;
        Ok(id)
    }

    /// Registers again one that was cancelled, declined or expired, at the end of the line.
    pub(crate) async fn restart(
        &mut self,
        id: &str,
        state: State,
        arrival: i64,
        code: Option<&str>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "UPDATE registrations SET state = $2, arrival = $3, invitation_code = $4, \
             offer_until = NULL, offer_token_hash = NULL, updated_at = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(state.keyword())
        .bind(arrival)
        .bind(code)
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "recording a registration again", e))?;
        Ok(())
    }

    pub(crate) async fn position(
        &mut self,
        event_id: &str,
        key: &str,
        arrival: i64,
    ) -> Result<u32, StoreError> {
        let backend = self.backend();
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND target = $2 \
             AND state = 'waiting' AND arrival <= $3",
        )
        .bind(event_id)
        .bind(key)
        .bind(arrival)
        .fetch_one(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "counting the waiting list", e))?;
        Ok(count(n))
    }

    /// Offers each free seat of `target` to the first on its waiting list, until there is no free
    /// seat or nobody waiting; each offer ends as `offer_end` says, and a job ends it then if
    /// nobody answered.
    pub async fn offer_free_seats(
        &mut self,
        event_id: &str,
        target: &Target,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Vec<Offer>, StoreError> {
        let backend = self.backend();
        let key = target.key();
        let Some(until) = offer_end(target) else {
            return Ok(Vec::new());
        };
        // As stored: to the millisecond.
        let until = Timestamp::from_millisecond(until.as_millisecond()).unwrap_or(until);
        let mut offers = Vec::new();
        loop {
            let next: Option<(String, String)> = sqlx::query_as(
                "SELECT id, participant_id FROM registrations WHERE event_id = $1 \
                 AND target = $2 AND state = 'waiting' ORDER BY arrival LIMIT 1",
            )
            .bind(event_id)
            .bind(&key)
            .fetch_optional(self.connection())
            .await
            .map_err(|e| StoreError::failed(backend, "reading the waiting list", e))?;
            let Some((registration_id, participant_id)) = next else {
                break;
            };
            if !self.take_seat(event_id, &key).await? {
                break;
            }
            let token = new_token()?;
            let offered = sqlx::query(
                "UPDATE registrations SET state = 'offered', offer_until = $2, \
                 offer_token_hash = $3, updated_at = $4 WHERE id = $1 AND state = 'waiting'",
            )
            .bind(&registration_id)
            .bind(until.as_millisecond())
            .bind(token_hash(&token))
            .bind(now.as_millisecond())
            .execute(self.connection())
            .await
            .map_err(|e| StoreError::failed(backend, "offering a seat", e))?;
            if offered.rows_affected() != 1 {
                // Someone else changed it since it was read: give the seat back and look again.
                self.release_seat(event_id, &key).await?;
                continue;
            }
            let job_key = format!("{registration_id}@{}", until.as_millisecond());
            self.enqueue(
                &NewJob::new(EXPIRE_OFFER, job_key, until)
                    .payload(serde_json::json!({ "registration": registration_id }).to_string())
                    .max_attempts(20),
            )
            .await?;
            offers.push(Offer {
                registration_id,
                participant_id,
                target: target.clone(),
                until,
                token,
            });
        }
        Ok(offers)
    }

    /// Moves registration `id` to `to` if it is in one of `from`, freeing its seat if it held
    /// one and `to` does not, then offers freed seats; `None` if it was not in `from` (nothing
    /// changed).
    async fn transition(
        &mut self,
        id: &str,
        from: &[State],
        to: State,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Option<(RegistrationRecord, Vec<Offer>)>, StoreError> {
        let backend = self.backend();
        let sql = format!(
            "SELECT {REGISTRATION_COLUMNS}, r.event_id FROM registrations r WHERE r.id = $1"
        );
        let row: Option<EventRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.connection())
            .await
            .map_err(|e| StoreError::failed(backend, "reading a registration", e))?;
        let Some((a, b, c, d, e, f, g, h, event_id)) = row else {
            return Ok(None);
        };
        let before = registration_record((a, b, c, d, e, f, g, h), None)?;
        if !from.contains(&before.state) {
            return Ok(None);
        }
        let key = before.target.key();
        // A seat for a pending or waiting one that becomes confirmed.
        let mut to = to;
        let mut took_seat = false;
        if to == State::Confirmed && !before.state.holds_seat() {
            took_seat = self.take_seat(&event_id, &key).await?;
            if !took_seat {
                to = State::Waiting;
            }
        }
        let arrival_guard = before.state.keyword();
        let changed = sqlx::query(
            "UPDATE registrations SET state = $2, offer_until = NULL, offer_token_hash = NULL, \
             updated_at = $3 WHERE id = $1 AND state = $4",
        )
        .bind(id)
        .bind(to.keyword())
        .bind(now.as_millisecond())
        .bind(arrival_guard)
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "changing a registration", e))?;
        if changed.rows_affected() != 1 {
            // Changed by someone else since it was read: the seat taken for it goes back.
            if took_seat {
                self.release_seat(&event_id, &key).await?;
            }
            return Ok(None);
        }
        let mut offers = Vec::new();
        if before.state.holds_seat() && !to.holds_seat() {
            self.release_seat(&event_id, &key).await?;
            offers = self
                .offer_free_seats(&event_id, &before.target, now, offer_end)
                .await?;
        }
        let after = RegistrationRecord {
            state: to,
            offer_until: None,
            updated_at: now,
            position: None,
            ..before
        };
        let after = if to == State::Waiting {
            let position = self
                .position(&event_id, &key, i64::from(after.arrival))
                .await?;
            RegistrationRecord {
                position: Some(position),
                ..after
            }
        } else {
            after
        };
        Ok(Some((after, offers)))
    }

    /// Cancels registration `id` (by its participant or an organiser); a seat it held goes to
    /// the waiting list.
    pub async fn cancel_registration(
        &mut self,
        id: &str,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Option<(RegistrationRecord, Vec<Offer>)>, StoreError> {
        self.transition(
            id,
            &[
                State::Pending,
                State::Confirmed,
                State::Waiting,
                State::Offered,
            ],
            State::Cancelled,
            now,
            offer_end,
        )
        .await
    }

    /// An organiser approves a pending registration (or confirms a waiting one by hand): it takes
    /// a seat, or joins the waiting list if none is free.
    pub async fn approve_registration(
        &mut self,
        id: &str,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Option<(RegistrationRecord, Vec<Offer>)>, StoreError> {
        self.transition(id, &[State::Pending], State::Confirmed, now, offer_end)
            .await
    }

    /// An organiser declines a registration; a seat it held goes to the waiting list.
    pub async fn decline_registration(
        &mut self,
        id: &str,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Option<(RegistrationRecord, Vec<Offer>)>, StoreError> {
        self.transition(
            id,
            &[
                State::Pending,
                State::Confirmed,
                State::Waiting,
                State::Offered,
            ],
            State::Declined,
            now,
            offer_end,
        )
        .await
    }

    /// Accepts the offer whose link carries `token`, if it has not ended: the registration is
    /// confirmed on the seat the offer held.
    pub async fn accept_offer(
        &mut self,
        token: &str,
        now: Timestamp,
    ) -> Result<Option<RegistrationRecord>, StoreError> {
        let backend = self.backend();
        let sql = format!(
            "UPDATE registrations SET state = 'confirmed', offer_until = NULL, \
             offer_token_hash = NULL, updated_at = $2 \
             WHERE offer_token_hash = $1 AND state = 'offered' AND offer_until > $3 \
             RETURNING {}",
            REGISTRATION_COLUMNS.replace("r.", "")
        );
        let row: Option<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token_hash(token))
            .bind(now.as_millisecond())
            .bind(now.as_millisecond())
            .fetch_optional(self.connection())
            .await
            .map_err(|e| StoreError::failed(backend, "accepting an offer", e))?;
        row.map(|row| registration_record(row, None)).transpose()
    }

    /// Declines the offer whose link carries `token`: the seat passes to the next in line.
    pub async fn decline_offer(
        &mut self,
        token: &str,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Option<(RegistrationRecord, Vec<Offer>)>, StoreError> {
        let backend = self.backend();
        let id: Option<String> = sqlx::query_scalar(
            "SELECT id FROM registrations WHERE offer_token_hash = $1 AND state = 'offered'",
        )
        .bind(token_hash(token))
        .fetch_optional(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "reading an offer", e))?;
        let Some(id) = id else { return Ok(None) };
        self.transition(&id, &[State::Offered], State::Cancelled, now, offer_end)
            .await
    }

    /// Ends registration `id`'s offer if it ran out by `now` unanswered: the seat passes to the
    /// next in line. Nothing happens to one accepted, declined or still running.
    pub async fn expire_offer(
        &mut self,
        id: &str,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Option<(RegistrationRecord, Vec<Offer>)>, StoreError> {
        let backend = self.backend();
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT offer_until FROM registrations WHERE id = $1 AND state = 'offered'",
        )
        .bind(id)
        .fetch_optional(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "reading an offer", e))?
        .flatten();
        match due {
            Some(until) if until <= now.as_millisecond() => {
                self.transition(id, &[State::Offered], State::Expired, now, offer_end)
                    .await
            }
            _ => Ok(None),
        }
    }
}

/// What an invitation code admitted to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum CodeUse {
    Invalid,
    Any,
    Only(String),
}

impl CodeUse {
    fn admits(&self, target: &Target) -> bool {
        match self {
            CodeUse::Invalid => false,
            CodeUse::Any => true,
            CodeUse::Only(key) => *key == target.key(),
        }
    }
}

/// An invitation code an organiser gave out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationCode {
    pub code: String,
    /// The target it admits to; `None`: every target that needs an invitation.
    pub target: Option<Target>,
    pub uses: u32,
    pub used: u32,
    pub note: String,
    pub created_at: Timestamp,
}

impl UnitOfWork {
    /// Records invitation code `code`, admitting `uses` registrations to `target` (or to every
    /// target that needs an invitation); `false` if the event has this code already.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_invitation_code(
        &mut self,
        event_id: &str,
        code: &str,
        target: Option<&Target>,
        uses: u32,
        note: &str,
        created_by: Option<&crate::UserId>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let backend = self.backend();
        let added = sqlx::query(
            "INSERT INTO invitation_codes \
             (event_id, code, target, uses, used, note, created_at, created_by) \
             VALUES ($1, $2, $3, $4, 0, $5, $6, $7) ON CONFLICT (event_id, code) DO NOTHING",
        )
        .bind(event_id)
        .bind(code)
        .bind(target.map(Target::key))
        .bind(i64::from(uses.max(1)))
        .bind(note)
        .bind(now.as_millisecond())
        .bind(created_by.map(crate::UserId::as_str))
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "recording an invitation code", e))?;
        Ok(added.rows_affected() == 1)
    }
}

impl Store {
    /// The invitation codes of `event_id`, newest first.
    pub async fn invitation_codes(
        &self,
        event_id: &str,
    ) -> Result<Vec<InvitationCode>, StoreError> {
        let rows: Vec<(String, Option<String>, i64, i64, String, i64)> = sqlx::query_as(
            "SELECT code, target, uses, used, note, created_at FROM invitation_codes \
             WHERE event_id = $1 ORDER BY created_at DESC, code",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading invitation codes", e))?;
        rows.into_iter()
            .map(|(code, target, uses, used, note, created_at)| {
                Ok(InvitationCode {
                    target: target.as_deref().map(parse_target).transpose()?,
                    uses: count(uses),
                    used: count(used),
                    created_at: millis(created_at, || format!("the time code {code} was made"))?,
                    code,
                    note,
                })
            })
            .collect()
    }
}
