//! Messages organisers send to registrants (`announcements`), the participants each was written
//! to (`announcements_sent`, once each whichever node writes), and unsubscribing: a participant's
//! secret link, and when they asked for no more news.

use std::collections::BTreeMap;

use convene_core::registration::Target;
use convene_core::registration::announcement::{Announcement, Purpose, Wording};
use convene_core::{Keyword, Language};
use jiff::Timestamp;

use crate::seats::{millis, new_token};
use crate::{Participant, Store, StoreError, UnitOfWork, UserId};

/// The job that writes an announcement's messages to the outbox; its payload is the
/// announcement's id.
pub const SEND_ANNOUNCEMENT: &str = "send-announcement";

/// A message as it was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAnnouncement {
    pub id: String,
    pub event_id: String,
    pub announcement: Announcement,
    /// The organiser who sent it (their email), while their account exists.
    pub author: Option<String>,
    pub created_at: Timestamp,
    /// How many messages it wrote, once written.
    pub written: Option<i64>,
    pub written_at: Option<Timestamp>,
}

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt { what }
}

type Row = (
    String,
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    i64,
    Option<i64>,
    Option<i64>,
);

const COLUMNS: &str = "a.id, a.event_id, a.audience, a.include_waiting, a.purpose, a.texts, \
     u.email, a.created_at, a.written, a.written_at \
     FROM announcements a LEFT JOIN users u ON u.id = a.author_id";

fn stored(row: Row) -> Result<StoredAnnouncement, StoreError> {
    let (id, event_id, audience, include_waiting, purpose, texts, author, created, written, at) =
        row;
    let audience = match audience.as_str() {
        "" => None,
        key => Some(
            Target::parse(key)
                .ok_or_else(|| corrupt(format!("\"{key}\" as the audience of message {id}")))?,
        ),
    };
    let purpose = Purpose::from_keyword(&purpose)
        .ok_or_else(|| corrupt(format!("\"{purpose}\" as the purpose of message {id}")))?;
    let texts: BTreeMap<Language, Wording> = serde_json::from_str(&texts)
        .map_err(|e| corrupt(format!("the texts of message {id} ({e})")))?;
    Ok(StoredAnnouncement {
        created_at: millis(created, || format!("the time message {id} was sent"))?,
        written_at: at
            .map(|ms| millis(ms, || format!("the time message {id} was written")))
            .transpose()?,
        announcement: Announcement {
            audience,
            include_waiting: include_waiting != 0,
            purpose,
            texts,
        },
        id,
        event_id,
        author,
        written,
    })
}

impl UnitOfWork {
    /// Stores `announcement` of `event_id` as `id` and enqueues the job that writes its messages;
    /// `false` (and nothing stored) when `id` was sent already.
    pub async fn create_announcement(
        &mut self,
        id: &str,
        event_id: &str,
        announcement: &Announcement,
        author: Option<&UserId>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let backend = self.backend();
        let texts = serde_json::to_string(&announcement.texts)
            .map_err(|e| corrupt(format!("a message that cannot be written ({e})")))?;
        let stored = sqlx::query(
            "INSERT INTO announcements \
             (id, event_id, audience, include_waiting, purpose, texts, author_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(event_id)
        .bind(
            announcement
                .audience
                .as_ref()
                .map_or(String::new(), Target::key),
        )
        .bind(i64::from(announcement.include_waiting))
        .bind(announcement.purpose.keyword())
        .bind(texts)
        .bind(author.map(UserId::as_str))
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "storing a message to registrants", e))?
        .rows_affected()
            == 1;
        if stored {
            // Each attempt writes to those not written to yet: a large event may take several.
            self.enqueue(&crate::NewJob::new(SEND_ANNOUNCEMENT, id, now).max_attempts(12))
                .await?;
        }
        Ok(stored)
    }

    /// Notes that announcement `id` was written to `participant_id`; `false` when it was already.
    pub async fn mark_announced(
        &mut self,
        id: &str,
        participant_id: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let backend = self.backend();
        let done = sqlx::query(
            "INSERT INTO announcements_sent (announcement_id, participant_id, written_at) \
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(participant_id)
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "noting a message written", e))?;
        Ok(done.rows_affected() == 1)
    }

    /// Notes that announcement `id` has written all its messages: how many there are now.
    pub async fn finish_announcement(
        &mut self,
        id: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query(
            "UPDATE announcements SET written = \
             (SELECT COUNT(*) FROM announcements_sent WHERE announcement_id = $1), written_at = $2 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "noting a message's letters written", e))?;
        Ok(())
    }

    /// The secret of `participant_id`'s unsubscribe link, made if they have none.
    pub async fn unsubscribe_token(&mut self, participant_id: &str) -> Result<String, StoreError> {
        let backend = self.backend();
        sqlx::query_scalar(
            "UPDATE participants SET unsubscribe_token = COALESCE(unsubscribe_token, $2) \
             WHERE id = $1 RETURNING unsubscribe_token",
        )
        .bind(participant_id)
        .bind(new_token()?)
        .fetch_one(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "making an unsubscribe link", e))
    }

    /// Stops news to `participant_id` (`Some` time), or lets it come again (`None`).
    pub async fn set_unsubscribed(
        &mut self,
        participant_id: &str,
        at: Option<Timestamp>,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        sqlx::query("UPDATE participants SET unsubscribed_at = $2 WHERE id = $1")
            .bind(participant_id)
            .bind(at.map(|t| t.as_millisecond()))
            .execute(self.connection())
            .await
            .map_err(|e| StoreError::failed(backend, "unsubscribing a participant", e))?;
        Ok(())
    }
}

impl Store {
    /// The latest `limit` messages sent to registrants of `event_id`, newest first.
    pub async fn announcements(
        &self,
        event_id: &str,
        limit: i64,
    ) -> Result<Vec<StoredAnnouncement>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE a.event_id = $1 ORDER BY a.created_at DESC, a.id LIMIT $2"
        )))
        .bind(event_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the messages to registrants", e))?;
        rows.into_iter().map(stored).collect()
    }

    /// The message `id`, if there is one.
    pub async fn announcement(&self, id: &str) -> Result<Option<StoredAnnouncement>, StoreError> {
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading a message to registrants", e))?;
        row.map(stored).transpose()
    }

    /// The participant whose unsubscribe link has the secret `token`; erased ones are not.
    pub async fn participant_by_unsubscribe_token(
        &self,
        token: &str,
    ) -> Result<Option<Participant>, StoreError> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let participant = self
            .participant_where("unsubscribe_token = $1", token, None)
            .await?;
        Ok(participant.filter(|p| p.details.is_some()))
    }
}
