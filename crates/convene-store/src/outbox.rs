//! The outbox: email written in the unit of work of what caused it (a registration and its
//! confirmation commit together, or neither does), then delivered by a job per message.
//!
//! A message keeps its Message-ID from the moment it is written, so a delivery retried after a
//! failure is the same message; the job's key is the message's id, so it is delivered by one job.

use jiff::Timestamp;

use crate::{NewJob, StoreError, UnitOfWork};

/// The kind of job that delivers one message of the outbox; its key is the message's id.
pub const DELIVER_EMAIL: &str = "deliver-email";

/// A file sent with a message, such as a calendar.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub content: String,
}

/// A message to write to the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub event_id: Option<String>,
    pub participant_id: Option<String>,
    /// What it is about: `sign-in`, `received`, `confirmed`, `waiting`, `offer`…
    pub kind: String,
    pub recipient: String,
    /// The language it is written in (a tag such as `fr`).
    pub language: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attachments: Vec<Attachment>,
}

impl UnitOfWork {
    /// Writes `email` to the outbox with its Message-ID (`<id@domain>`) and enqueues the job that
    /// delivers it, both stored if and only if the unit commits; returns the message's id.
    pub async fn queue_email(
        &mut self,
        email: &OutgoingEmail,
        domain: &str,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let id = crate::users::new_id()?;
        let message_id = format!("<{id}@{domain}>");
        let attachments =
            serde_json::to_string(&email.attachments).map_err(|e| StoreError::Corrupt {
                what: format!("the attachments of a message: {e}"),
            })?;
        let backend = self.backend();
        sqlx::query(
            "INSERT INTO outbox (id, event_id, participant_id, kind, recipient, language, subject, \
             text_body, html_body, attachments, message_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&id)
        .bind(email.event_id.as_deref())
        .bind(email.participant_id.as_deref())
        .bind(&email.kind)
        .bind(&email.recipient)
        .bind(&email.language)
        .bind(&email.subject)
        .bind(&email.text_body)
        .bind(&email.html_body)
        .bind(attachments)
        .bind(&message_id)
        .bind(now.as_millisecond())
        .execute(self.connection())
        .await
        .map_err(|e| StoreError::failed(backend, "writing a message to the outbox", e))?;
        self.enqueue(&NewJob::new(DELIVER_EMAIL, &id, now).max_attempts(12))
            .await?;
        Ok(id)
    }
}
