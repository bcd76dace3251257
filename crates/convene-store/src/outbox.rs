//! The outbox: email written in the unit of work of what caused it (a registration and its
//! confirmation commit together, or neither does), then delivered by a job per message.
//!
//! A message keeps its Message-ID from the moment it is written, so a delivery retried after a
//! failure is the same message; the job's key is the message's id, so it is delivered by one job.

use jiff::Timestamp;

use crate::{Store, StoreError, UnitOfWork};

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
    /// Where the recipient stops messages like this one (sent as `List-Unsubscribe`); only news
    /// from organisers has one.
    pub unsubscribe: Option<String>,
}

/// How often a message's delivery is tried before it is left for people to look at (with the
/// runner's backoff, about a day).
const DELIVERY_ATTEMPTS: u32 = 12;

impl UnitOfWork {
    /// Writes `email` to the outbox with its Message-ID (`<id@domain>`) and enqueues the job that
    /// delivers it, both stored if and only if the unit commits; returns the message's id.
    pub async fn queue_email(
        &mut self,
        email: &OutgoingEmail,
        domain: &str,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let ids = self
            .queue_emails(std::slice::from_ref(email), domain, now)
            .await?;
        ids.into_iter().next().ok_or_else(|| StoreError::Corrupt {
            what: "a message written to the outbox without an id".to_owned(),
        })
    }
}

impl UnitOfWork {
    /// Writes `emails` to the outbox as [`UnitOfWork::queue_email`] writes one, with their
    /// delivery jobs, in a few multi-row statements; their ids, in order.
    pub async fn queue_emails(
        &mut self,
        emails: &[OutgoingEmail],
        domain: &str,
        now: Timestamp,
    ) -> Result<Vec<String>, StoreError> {
        // Within every database's limit of parameters in one statement.
        const PER_STATEMENT: usize = 100;
        let backend = self.backend();
        let mut ids = Vec::with_capacity(emails.len());
        for chunk in emails.chunks(PER_STATEMENT) {
            let mut rows = Vec::with_capacity(chunk.len());
            for email in chunk {
                let id = crate::users::new_id()?;
                let attachments =
                    serde_json::to_string(&email.attachments).map_err(|e| StoreError::Corrupt {
                        what: format!("the attachments of a message: {e}"),
                    })?;
                rows.push((id, attachments, email));
            }
            let values = |columns: usize| {
                (0..chunk.len())
                    .map(|n| {
                        let row: Vec<String> = (1..=columns)
                            .map(|c| format!("${}", n * columns + c))
                            .collect();
                        format!("({})", row.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let sql = format!(
                "INSERT INTO outbox (id, event_id, participant_id, kind, recipient, language, \
                 subject, text_body, html_body, attachments, message_id, created_at, \
                 unsubscribe_url) VALUES {}",
                values(13)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, attachments, email) in &rows {
                query = query
                    .bind(id.as_str())
                    .bind(email.event_id.as_deref())
                    .bind(email.participant_id.as_deref())
                    .bind(email.kind.as_str())
                    .bind(email.recipient.as_str())
                    .bind(email.language.as_str())
                    .bind(email.subject.as_str())
                    .bind(email.text_body.as_str())
                    .bind(email.html_body.as_str())
                    .bind(attachments.as_str())
                    .bind(format!("<{id}@{domain}>"))
                    .bind(now.as_millisecond())
                    .bind(email.unsubscribe.as_deref());
            }
            query
                .execute(self.connection())
                .await
                .map_err(|e| StoreError::failed(backend, "writing messages to the outbox", e))?;
            let sql = format!(
                "INSERT INTO jobs (id, kind, idempotency_key, payload, state, run_at, attempts, \
                 max_attempts, created_at) VALUES {}",
                (0..rows.len())
                    .map(|n| {
                        let b = n * 5;
                        format!(
                            "(${}, '{DELIVER_EMAIL}', ${}, '{{}}', 'queued', ${}, 0, ${}, ${})",
                            b + 1,
                            b + 2,
                            b + 3,
                            b + 4,
                            b + 5
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, ..) in &rows {
                query = query
                    .bind(crate::users::new_id()?)
                    .bind(id.as_str())
                    .bind(now.as_millisecond())
                    .bind(i64::from(DELIVERY_ATTEMPTS))
                    .bind(now.as_millisecond());
            }
            query
                .execute(self.connection())
                .await
                .map_err(|e| StoreError::failed(backend, "enqueueing messages' deliveries", e))?;
            ids.extend(rows.into_iter().map(|(id, ..)| id));
        }
        Ok(ids)
    }
}

/// How a message left: handed to an SMTP server, or written to a Maildir folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SentVia {
    Smtp,
    Maildir,
}

impl SentVia {
    /// Its word in the outbox (`smtp`, `maildir`).
    pub fn as_str(self) -> &'static str {
        match self {
            SentVia::Smtp => "smtp",
            SentVia::Maildir => "maildir",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "smtp" => Some(SentVia::Smtp),
            "maildir" => Some(SentVia::Maildir),
            _ => None,
        }
    }
}

/// Where a message's delivery stands, from the outbox and the job that delivers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// It left then, that way.
    Sent { at: Timestamp, via: SentVia },
    /// Not tried yet, or being tried.
    Waiting,
    /// Its last attempt failed; it is tried again from `next_at`.
    Retrying {
        attempts: u32,
        error: String,
        next_at: Timestamp,
    },
    /// Its last allowed attempt failed: it is not tried again unless someone retries its job.
    Failed { attempts: u32, error: String },
}

/// A message as the outbox holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEmail {
    /// The outbox's id of the message, also the key of the job that delivers it.
    pub id: String,
    pub event_id: Option<String>,
    pub participant_id: Option<String>,
    pub kind: String,
    pub recipient: String,
    pub language: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attachments: Vec<Attachment>,
    /// `<id@domain>`, the same on every delivery attempt.
    pub message_id: String,
    pub created_at: Timestamp,
    pub delivery: Delivery,
    /// Where the recipient stops messages like this one, for news.
    pub unsubscribe: Option<String>,
}

impl StoredEmail {
    /// Whether it has left already.
    pub fn is_sent(&self) -> bool {
        matches!(self.delivery, Delivery::Sent { .. })
    }
}

/// The columns of a message with the state of the job that delivers it (absent once old done jobs
/// are removed).
const SELECT_EMAIL: &str = "SELECT o.id, o.event_id, o.participant_id, o.kind, o.recipient, \
     o.language, o.subject, o.text_body, o.html_body, o.attachments, o.message_id, o.created_at, \
     o.sent_at, o.sent_via, j.state, j.attempts, j.last_error, j.run_at, o.unsubscribe_url \
     FROM outbox o LEFT JOIN jobs j ON j.kind = 'deliver-email' AND j.idempotency_key = o.id";

impl Store {
    /// The message with outbox id `id`, with its attachments; `None` if there is none.
    pub async fn outbox_email(&self, id: &str) -> Result<Option<StoredEmail>, StoreError> {
        let sql = format!("{SELECT_EMAIL} WHERE o.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "reading a message of the outbox", e))?;
        row.map(|row| stored_email(&row)).transpose()
    }

    /// The messages with outbox ids `ids` that there are, with their attachments, in one read.
    pub async fn outbox_emails(&self, ids: &[&str]) -> Result<Vec<StoredEmail>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!("{SELECT_EMAIL} WHERE o.id IN ({})", placeholders.join(", "));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            query = query.bind(*id);
        }
        let rows = query
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "reading messages of the outbox", e))?;
        rows.iter().map(stored_email).collect()
    }

    /// Records that message `id` left at `now` by `via`, unless it had already: `true` if this
    /// call recorded it, `false` if it was recorded before (or there is no such message).
    pub async fn mark_email_sent(
        &self,
        id: &str,
        via: SentVia,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let marked = sqlx::query(
            "UPDATE outbox SET sent_at = $2, sent_via = $3 WHERE id = $1 AND sent_at IS NULL",
        )
        .bind(id)
        .bind(now.as_millisecond())
        .bind(via.as_str())
        .execute(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "recording that a message was sent", e))?;
        Ok(marked.rows_affected() == 1)
    }

    /// The newest messages first, of `event_id` only when given, at most `limit`.
    pub async fn outbox(
        &self,
        event_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<StoredEmail>, StoreError> {
        let filter = if event_id.is_some() {
            "WHERE o.event_id = $2"
        } else {
            ""
        };
        let sql = format!("{SELECT_EMAIL} {filter} ORDER BY o.created_at DESC, o.id DESC LIMIT $1");
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit.max(0));
        if let Some(event_id) = event_id {
            query = query.bind(event_id);
        }
        let rows = query
            .fetch_all(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "listing the outbox", e))?;
        rows.iter().map(stored_email).collect()
    }

    /// How many messages have not left yet.
    pub async fn unsent_emails(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&self.pool)
            .await
            .map_err(|e| StoreError::failed(self.backend, "counting the unsent messages", e))
    }
}

fn stored_email(row: &sqlx::any::AnyRow) -> Result<StoredEmail, StoreError> {
    use sqlx::Row;
    let id: String = row.try_get(0).map_err(|e| unreadable("a message", e))?;
    let get = |what: &str, e: sqlx::Error| unreadable(&format!("the {what} of message {id}"), e);
    let text = |index: usize, what: &str| -> Result<String, StoreError> {
        row.try_get::<String, _>(index).map_err(|e| get(what, e))
    };
    let optional_text = |index: usize, what: &str| -> Result<Option<String>, StoreError> {
        row.try_get::<Option<String>, _>(index)
            .map_err(|e| get(what, e))
    };
    let optional_number = |index: usize, what: &str| -> Result<Option<i64>, StoreError> {
        row.try_get::<Option<i64>, _>(index)
            .map_err(|e| get(what, e))
    };
    let instant =
        |ms: i64, what: &str| crate::stored::millis(ms, || format!("the {what} of message {id}"));
    let attachments = text(9, "attachments")?;
    let attachments: Vec<Attachment> =
        serde_json::from_str(&attachments).map_err(|e| StoreError::Corrupt {
            what: format!("the attachments of message {id} ({e})"),
        })?;
    let created_at = row
        .try_get::<i64, _>(11)
        .map_err(|e| get("time of writing", e))?;
    let sent_at = optional_number(12, "time of sending")?;
    let sent_via = optional_text(13, "way of sending")?;
    let job_state = optional_text(14, "delivery state")?;
    let attempts = optional_number(15, "delivery attempts")?.unwrap_or(0);
    let attempts = u32::try_from(attempts.max(0)).unwrap_or(u32::MAX);
    let last_error = optional_text(16, "delivery error")?.unwrap_or_default();
    let run_at = optional_number(17, "next delivery attempt")?;
    let delivery = match (sent_at, sent_via) {
        (Some(at), Some(via)) => Delivery::Sent {
            at: instant(at, "time of sending")?,
            via: SentVia::parse(&via).ok_or_else(|| StoreError::Corrupt {
                what: format!("\"{via}\" as the way message {id} was sent"),
            })?,
        },
        (Some(_), None) | (None, Some(_)) => {
            return Err(StoreError::Corrupt {
                what: format!(
                    "a time of sending without a way of sending, or the reverse, for message {id}"
                ),
            });
        }
        (None, None) => match (job_state.as_deref(), run_at) {
            (Some("dead"), _) => Delivery::Failed {
                attempts,
                error: last_error,
            },
            (Some("queued"), Some(run_at)) if attempts > 0 && !last_error.is_empty() => {
                Delivery::Retrying {
                    attempts,
                    error: last_error,
                    next_at: instant(run_at, "next delivery attempt")?,
                }
            }
            _ => Delivery::Waiting,
        },
    };
    Ok(StoredEmail {
        event_id: optional_text(1, "event")?,
        participant_id: optional_text(2, "participant")?,
        kind: text(3, "kind")?,
        recipient: text(4, "recipient")?,
        language: text(5, "language")?,
        subject: text(6, "subject")?,
        text_body: text(7, "text")?,
        html_body: text(8, "HTML")?,
        attachments,
        message_id: text(10, "Message-ID")?,
        created_at: instant(created_at, "time of writing")?,
        delivery,
        unsubscribe: optional_text(18, "unsubscribe link")?,
        id,
    })
}

fn unreadable(what: &str, e: sqlx::Error) -> StoreError {
    StoreError::Corrupt {
        what: format!("{what} in a form this program cannot read ({e})"),
    }
}
