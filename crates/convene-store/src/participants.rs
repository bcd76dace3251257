//! Participants: people who registered for an event, apart from organiser accounts. They sign in
//! with single-use email links, never a password; a signed-in browser holds a participant session.
//! Their personal calendar is at a secret address they can change.
//!
//! Erasing a participant removes their personal data (and the text of the email written to them)
//! and cancels what they held; the rows stay, without a name, so that counts hold.

use convene_core::registration::{Category, Registrant};
use convene_core::{Keyword, Language, Zone};
use jiff::Timestamp;

use crate::seats::{Offer, OfferEnd, new_token};
use crate::{Store, StoreError, UnitOfWork};

/// A participant as the store keeps them; personal fields are `None` once erased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    pub id: String,
    pub event_id: String,
    /// `None` once erased.
    pub details: Option<Registrant>,
    pub feed_token: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub erased_at: Option<Timestamp>,
    /// When they asked for no more news from organisers; messages about their registrations
    /// still come.
    pub unsubscribed_at: Option<Timestamp>,
}

/// A row of `participants`, read by column name (it has more columns than a tuple reads).
pub(crate) struct ParticipantRow(pub(crate) sqlx::any::AnyRow);

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for ParticipantRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Self(row.clone()))
    }
}

pub(crate) const PARTICIPANT_COLUMNS: &str = "id, event_id, email, name, category, city, country, \
     organisation, language, interpretation, zone, accessibility, dietary, feed_token, \
     created_at, updated_at, erased_at, unsubscribed_at";

use crate::stored::millis;

pub(crate) fn participant(ParticipantRow(row): ParticipantRow) -> Result<Participant, StoreError> {
    use sqlx::Row;
    let get = |e: sqlx::Error| StoreError::Corrupt {
        what: format!("a participant's row ({e})"),
    };
    let text = |name: &str| row.try_get::<String, _>(name).map_err(get);
    let optional = |name: &str| row.try_get::<Option<String>, _>(name).map_err(get);
    let (id, event_id, email, name, category) = (
        text("id")?,
        text("event_id")?,
        optional("email")?,
        optional("name")?,
        text("category")?,
    );
    let (city, country, organisation, language, interpretation, zone) = (
        optional("city")?,
        optional("country")?,
        optional("organisation")?,
        text("language")?,
        optional("interpretation")?,
        text("zone")?,
    );
    let (accessibility, dietary, feed_token) = (
        optional("accessibility")?,
        optional("dietary")?,
        optional("feed_token")?,
    );
    let created_at: i64 = row.try_get("created_at").map_err(get)?;
    let updated_at: i64 = row.try_get("updated_at").map_err(get)?;
    let erased_at: Option<i64> = row.try_get("erased_at").map_err(get)?;
    let unsubscribed_at: Option<i64> = row.try_get("unsubscribed_at").map_err(get)?;
    let corrupt = |what: String| StoreError::Corrupt { what };
    let details = match (email, name, erased_at) {
        (Some(email), Some(name), None) => Some(Registrant {
            name,
            email,
            category: Category::from_keyword(&category).ok_or_else(|| {
                corrupt(format!(
                    "\"{category}\" as the category of participant {id}"
                ))
            })?,
            city,
            country,
            organisation,
            language: Language::parse(&language).map_err(|_| {
                corrupt(format!(
                    "\"{language}\" as the language of participant {id}"
                ))
            })?,
            interpretation: interpretation
                .map(|l| {
                    Language::parse(&l).map_err(|_| {
                        corrupt(format!("\"{l}\" as the interpretation of participant {id}"))
                    })
                })
                .transpose()?,
            zone: Zone::parse(&zone)
                .map_err(|_| corrupt(format!("\"{zone}\" as the zone of participant {id}")))?,
            accessibility,
            dietary,
        }),
        _ => None,
    };
    Ok(Participant {
        created_at: millis(created_at, || {
            format!("the time participant {id} registered")
        })?,
        updated_at: millis(updated_at, || format!("the time participant {id} changed"))?,
        erased_at: erased_at
            .map(|ms| millis(ms, || format!("the time participant {id} was erased")))
            .transpose()?,
        unsubscribed_at: unsubscribed_at
            .map(|ms| millis(ms, || format!("the time participant {id} unsubscribed")))
            .transpose()?,
        id,
        event_id,
        details,
        feed_token,
    })
}

impl Store {
    pub(crate) async fn participant_where(
        &self,
        condition: &str,
        value: &str,
        second: Option<&str>,
    ) -> Result<Option<Participant>, StoreError> {
        let sql = format!("SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE {condition}");
        let mut query = sqlx::query_as::<_, ParticipantRow>(sqlx::AssertSqlSafe(sql)).bind(value);
        if let Some(second) = second {
            query = query.bind(second);
        }
        let row = query
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "reading a participant", e))?;
        row.map(participant).transpose()
    }

    /// The participant with this id.
    pub async fn participant(&self, id: &str) -> Result<Option<Participant>, StoreError> {
        self.participant_where("id = $1", id, None).await
    }

    /// The participant of `event_id` registered with `email` (compared lower-cased).
    pub async fn participant_by_email(
        &self,
        event_id: &str,
        email: &str,
    ) -> Result<Option<Participant>, StoreError> {
        self.participant_where(
            "email = $1 AND event_id = $2",
            &email.trim().to_lowercase(),
            Some(event_id),
        )
        .await
    }

    /// The participant whose personal calendar is at the address with `token`.
    pub async fn participant_by_feed(
        &self,
        token: &str,
    ) -> Result<Option<Participant>, StoreError> {
        if token.is_empty() {
            return Ok(None);
        }
        self.participant_where("feed_token = $1 AND erased_at IS NULL", token, None)
            .await
    }

    /// Every participant of `event_id`, in the order they registered.
    pub async fn participants(&self, event_id: &str) -> Result<Vec<Participant>, StoreError> {
        let sql = format!(
            "SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE event_id = $1 \
             ORDER BY created_at, id"
        );
        let rows: Vec<ParticipantRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(event_id)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "reading participants", e))?;
        rows.into_iter().map(participant).collect()
    }

    /// Uses the sign-in link whose token hashes to `token_hash`: valid once, before it expires.
    /// Returns the participant it signs in.
    pub async fn use_sign_in_token(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar(
            "UPDATE participant_tokens SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             RETURNING participant_id",
        )
        .bind(token_hash)
        .bind(now.as_millisecond())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "using a sign-in link", e))
    }

    /// The participant signed in by the session whose identifier hashes to `id_hash`, with the
    /// session's CSRF token.
    pub async fn participant_session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(Participant, String)>, StoreError> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT participant_id, csrf_token FROM participant_sessions \
             WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(id_hash)
        .bind(now.as_millisecond())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading a participant session", e))?;
        let Some((participant_id, csrf)) = row else {
            return Ok(None);
        };
        Ok(self
            .participant(&participant_id)
            .await?
            .filter(|p| p.erased_at.is_none())
            .map(|p| (p, csrf)))
    }

    /// Signs a participant's browser out.
    pub async fn delete_participant_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM participant_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "ending a participant session", e))?;
        Ok(())
    }

    /// Records a participant session on its own.
    pub async fn create_participant_session(
        &self,
        id_hash: &str,
        participant_id: &str,
        csrf_token: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO participant_sessions \
             (id_hash, participant_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(participant_id)
        .bind(csrf_token)
        .bind(now.as_millisecond())
        .bind(expires_at.as_millisecond())
        .execute(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "recording a participant session", e))?;
        Ok(())
    }
}

impl UnitOfWork {
    /// Records a sign-in link for `participant_id`, valid until `expires_at`; only the hash of
    /// its token is kept.
    pub async fn create_sign_in_token(
        &mut self,
        token_hash: &str,
        participant_id: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "INSERT INTO participant_tokens (token_hash, participant_id, expires_at) \
             VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(participant_id)
        .bind(expires_at.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "recording a sign-in link", e))?;
        Ok(())
    }

    /// Changes a participant's details (their email stays: it is who they are for this event).
    pub async fn update_participant(
        &mut self,
        id: &str,
        r: &Registrant,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let backend = self.backend();
        let changed = sqlx::query(
            "UPDATE participants SET name = $2, category = $3, city = $4, country = $5, \
             organisation = $6, language = $7, interpretation = $8, zone = $9, \
             accessibility = $10, dietary = $11, updated_at = $12 \
             WHERE id = $1 AND erased_at IS NULL",
        )
        .bind(id)
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
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "changing a participant's details", e))?;
        Ok(changed.rows_affected() == 1)
    }

    /// Gives a participant's personal calendar a new secret address; the old one stops working.
    pub async fn rotate_feed(&mut self, id: &str, now: Timestamp) -> Result<String, StoreError> {
        let backend = self.backend();
        let token = new_token()?;
        sqlx::query(
            "UPDATE participants SET feed_token = $2, updated_at = $3 \
             WHERE id = $1 AND erased_at IS NULL",
        )
        .bind(id)
        .bind(&token)
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "changing a calendar address", e))?;
        Ok(token)
    }

    /// Erases participant `id`: cancels what they hold (freed seats go to the waiting lists),
    /// removes their personal data, sign-in links, sessions, and the text of the email written
    /// to them. The rows stay, nameless, so that counts hold. Returns the offers made with the
    /// freed seats.
    pub async fn erase_participant(
        &mut self,
        id: &str,
        now: Timestamp,
        offer_end: OfferEnd<'_>,
    ) -> Result<Vec<Offer>, StoreError> {
        let backend = self.backend();
        let fail = |e| StoreError::failed(backend, "erasing a participant", e);
        let active: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM registrations WHERE participant_id = $1 \
             AND state IN ('pending', 'confirmed', 'waiting', 'offered')",
        )
        .bind(id)
        .fetch_all(self.connection())
        .await
        .map_err(fail)?;
        let mut offers = Vec::new();
        for registration in active {
            if let Some((_, made)) = self
                .cancel_registration(&registration, now, offer_end)
                .await?
            {
                offers.extend(made);
            }
        }
        sqlx::query("UPDATE registrations SET invitation_code = NULL WHERE participant_id = $1")
            .bind(id)
            .execute(self.connection())
            .await
            .map_err(fail)?;
        sqlx::query(
            "UPDATE participants SET email = NULL, name = NULL, city = NULL, country = NULL, \
             organisation = NULL, accessibility = NULL, dietary = NULL, feed_token = NULL, \
             interpretation = NULL, zone = 'UTC', erased_at = $2, updated_at = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(fail)?;
        for sql in [
            "DELETE FROM participant_tokens WHERE participant_id = $1",
            "DELETE FROM participant_sessions WHERE participant_id = $1",
        ] {
            sqlx::query(sql)
                .bind(id)
                .execute(self.connection())
                .await
                .map_err(fail)?;
        }
        // Messages not sent yet are not sent; the ones sent keep only what they were about.
        sqlx::query(
            "UPDATE outbox SET recipient = '', subject = '', text_body = '', html_body = '', \
             attachments = '[]', sent_at = COALESCE(sent_at, $2), \
             sent_via = COALESCE(sent_via, 'erased') WHERE participant_id = $1",
        )
        .bind(id)
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(fail)?;
        Ok(offers)
    }

    /// Counts a hit against `key` and says whether it is within `limit` hits since `since`; a
    /// refused hit is not counted, so what one client adds to the table is bounded.
    pub async fn throttle(
        &mut self,
        key: &str,
        since: Timestamp,
        limit: i64,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let backend = self.backend();
        let fail = |e| StoreError::failed(backend, "counting requests", e);
        // One statement: the hit is recorded only while there are fewer than `limit`.
        let recorded = sqlx::query(
            "INSERT INTO throttle_hits (throttle_key, hit_at) SELECT $1, $3 \
             WHERE (SELECT COUNT(*) FROM throttle_hits WHERE throttle_key = $1 AND hit_at > $2) < $4",
        )
        .bind(key)
        .bind(since.as_millisecond())
        .bind(now.as_millisecond())
        .bind(limit)
        .execute(self.connection())
        .await
        .map_err(fail)?;
        Ok(recorded.rows_affected() == 1)
    }
}

/// A message written to a participant, as their copy of their data lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MessageToParticipant {
    pub kind: String,
    pub subject: String,
    pub written_at: String,
    pub sent_at: Option<String>,
}

impl Store {
    /// The messages written to participant `id`, oldest first.
    pub async fn outbox_of(&self, id: &str) -> Result<Vec<MessageToParticipant>, StoreError> {
        let rows: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT kind, subject, created_at, sent_at FROM outbox WHERE participant_id = $1 \
             ORDER BY created_at, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading a participant's messages", e))?;
        rows.into_iter()
            .map(|(kind, subject, created, sent)| {
                let at = |ms: i64| millis(ms, || "the time of a message".to_owned());
                Ok(MessageToParticipant {
                    kind,
                    subject,
                    written_at: at(created)?.to_string(),
                    sent_at: sent.map(at).transpose()?.map(|t| t.to_string()),
                })
            })
            .collect()
    }
}
