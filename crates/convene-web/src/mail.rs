//! Delivering the outbox: each message is built as MIME (text and HTML alternatives, with its
//! attachments) and handed to an SMTP server, or written to a Maildir folder when no server is
//! configured.
//!
//! A message is delivered by one job ([`DELIVER_EMAIL`], keyed by its outbox id) and carries the
//! Message-ID it was given when written, so a delivery retried after a failure is the same message
//! to the recipient's software; a Maildir delivery retried replaces its file instead of adding one.
//! A message recorded as sent is never sent again by its job.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use convene_store::{ClaimedJob, DELIVER_EMAIL, SentVia, Store, StoredEmail};
use jiff::Timestamp;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment as MimeAttachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::jobs::{JobResult, Runner};

/// How long an SMTP server has to answer each step, well within a job's lease.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// What can go wrong setting up or delivering mail, said so that a person can act on it.
#[derive(Debug)]
pub enum MailError {
    /// The SMTP address given is not one this program can use.
    BadSmtpUrl { shown: String, reason: String },
    /// The sender address is not an email address.
    BadSender { given: String, reason: String },
    /// The Maildir folder cannot be made or written to.
    Maildir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The stored message cannot be made into MIME (its recipient or an attachment's type).
    BadMessage { id: String, reason: String },
    /// The SMTP server could not be reached or did not take the message.
    Smtp { server: String, reason: String },
}

impl fmt::Display for MailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MailError::BadSmtpUrl { shown, reason } => write!(
                f,
                "cannot use \"{shown}\" as the SMTP server: {reason}; give smtp://host:port (no \
                 encryption), smtp://user:password@host:587?tls=required (STARTTLS) or \
                 smtps://user:password@host:465 (TLS)"
            ),
            MailError::BadSender { given, reason } => write!(
                f,
                "cannot send from \"{given}\": {reason}; give an address such as \
                 \"convene <noreply@summit.example.org>\""
            ),
            MailError::Maildir { path, source } => write!(
                f,
                "cannot write messages to the Maildir {}: {source}; check that the folder can be \
                 created and written to by this user",
                path.display()
            ),
            MailError::BadMessage { id, reason } => {
                write!(f, "message {id} of the outbox cannot be sent: {reason}")
            }
            MailError::Smtp { server, reason } => {
                write!(
                    f,
                    "the SMTP server {server} did not take the message: {reason}"
                )
            }
        }
    }
}

impl std::error::Error for MailError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MailError::Maildir { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Where messages go, as pages show it: never with a password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// An SMTP server, by host and port.
    Smtp { host: String, port: u16 },
    /// A Maildir folder on this machine.
    Maildir(PathBuf),
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// A relay without encryption or password, on connections of our own.
    Relay(crate::relay::Relay),
    Maildir(PathBuf),
}

/// Sends the outbox's messages from one sender, to an SMTP server or into a Maildir.
pub struct Mailer {
    from: Mailbox,
    destination: Destination,
    transport: Transport,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The transport holds the SMTP credentials: only where mail goes is shown.
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("destination", &self.destination)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer to the SMTP server at `url`: `smtp://host:port` (plain),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://user:password@host:465`
    /// (TLS). Nothing is sent until a message is.
    pub fn smtp(url: &str, from: Mailbox) -> Result<Self, MailError> {
        let shown = hide_password(url);
        let bad = |reason: String| MailError::BadSmtpUrl {
            shown: shown.clone(),
            reason,
        };
        let parsed = url::Url::parse(url).map_err(|e| bad(e.to_string()))?;
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("it names no host".to_owned()))?
            .to_owned();
        let tls = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let port = match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None) => parsed.port().unwrap_or(25),
            ("smtp", Some("required" | "opportunistic")) => parsed.port().unwrap_or(587),
            ("smtp", Some(other)) => {
                return Err(bad(format!(
                    "\"tls={other}\" is not a choice (tls=required or tls=opportunistic)"
                )));
            }
            ("smtps", _) => parsed.port().unwrap_or(465),
            (scheme, _) => {
                return Err(bad(format!("the scheme \"{scheme}\" is not smtp or smtps")));
            }
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| bad(e.to_string()))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let transport =
            if parsed.scheme() == "smtp" && tls.is_none() && parsed.username().is_empty() {
                Transport::Relay(crate::relay::Relay::new(&host, port, SMTP_TIMEOUT))
            } else {
                Transport::Smtp(transport)
            };
        Ok(Self {
            from,
            destination: Destination::Smtp { host, port },
            transport,
        })
    }

    /// A mailer that writes messages into the Maildir at `path`, creating its folders.
    pub fn maildir(path: impl Into<PathBuf>, from: Mailbox) -> Result<Self, MailError> {
        let path = path.into();
        for folder in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(path.join(folder)).map_err(|source| MailError::Maildir {
                path: path.clone(),
                source,
            })?;
        }
        Ok(Self {
            from,
            destination: Destination::Maildir(path.clone()),
            transport: Transport::Maildir(path),
        })
    }

    /// Where messages go.
    pub fn destination(&self) -> &Destination {
        &self.destination
    }

    /// Who messages are from.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// The message as it is sent: from the configured sender to its recipient, with its stored
    /// Message-ID, the time it was written, its language, its text and HTML as alternatives, and
    /// its attachments beside them when there are some.
    pub fn build(&self, email: &StoredEmail) -> Result<Message, MailError> {
        let bad = |reason: String| MailError::BadMessage {
            id: email.id.clone(),
            reason,
        };
        let to: Mailbox = email.recipient.parse().map_err(|e| {
            bad(format!(
                "its recipient \"{}\" is not an email address ({e})",
                email.recipient
            ))
        })?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .message_id(Some(email.message_id.clone()))
            .date(system_time(email.created_at))
            .header(ContentLanguage(email.language.clone()));
        if let Some(link) = email
            .unsubscribe
            .as_ref()
            .filter(|l| l.starts_with("https://") || l.starts_with("http://"))
            .filter(|l| !l.contains(['<', '>', ' ', '\r', '\n']))
        {
            builder = builder
                .header(ListUnsubscribe(link.clone()))
                .header(ListUnsubscribePost);
        }
        let alternatives =
            MultiPart::alternative_plain_html(email.text_body.clone(), email.html_body.clone());
        let body = if email.attachments.is_empty() {
            alternatives
        } else {
            let mut mixed = MultiPart::mixed().multipart(alternatives);
            for attachment in &email.attachments {
                let content_type = ContentType::parse(&attachment_type(&attachment.content_type))
                    .map_err(|e| {
                    bad(format!(
                        "its attachment \"{}\" has the content type \"{}\", which is not one ({e})",
                        attachment.filename, attachment.content_type
                    ))
                })?;
                mixed = mixed.singlepart(
                    MimeAttachment::new(attachment.filename.clone())
                        .body(attachment.content.clone(), content_type),
                );
            }
            mixed
        };
        builder
            .multipart(body)
            .map_err(|e| bad(format!("it cannot be put together ({e})")))
    }

    /// Sends `email` once; how it left.
    pub async fn deliver(&self, email: &StoredEmail) -> Result<SentVia, MailError> {
        let message = self.build(email)?;
        match &self.transport {
            Transport::Smtp(transport) => {
                transport.send(message).await.map_err(|e| MailError::Smtp {
                    server: self.server(),
                    reason: e.to_string(),
                })?;
                Ok(SentVia::Smtp)
            }
            Transport::Relay(relay) => {
                relay
                    .send(message.envelope(), &message.formatted())
                    .await
                    .map_err(|reason| MailError::Smtp {
                        server: self.server(),
                        reason,
                    })?;
                Ok(SentVia::Smtp)
            }
            Transport::Maildir(path) => {
                let (folder, name, bytes) =
                    (path.clone(), maildir_name(email), message.formatted());
                tokio::task::spawn_blocking(move || write_maildir(&folder, &name, &bytes))
                    .await
                    .map_err(|e| MailError::Maildir {
                        path: path.clone(),
                        source: std::io::Error::other(e),
                    })??;
                Ok(SentVia::Maildir)
            }
        }
    }

    /// The SMTP server as `host:port`, or the Maildir's path.
    fn server(&self) -> String {
        match &self.destination {
            Destination::Smtp { host, port } => format!("{host}:{port}"),
            Destination::Maildir(path) => path.display().to_string(),
        }
    }
}

/// `at` as the standard library's time, for the `Date` header.
fn system_time(at: Timestamp) -> std::time::SystemTime {
    let since_epoch = Duration::from_millis(at.as_millisecond().unsigned_abs());
    let epoch = std::time::SystemTime::UNIX_EPOCH;
    let shifted = if at.as_millisecond() >= 0 {
        epoch.checked_add(since_epoch)
    } else {
        epoch.checked_sub(since_epoch)
    };
    shifted.unwrap_or(epoch)
}

/// The sender `convene <noreply@HOST>`, HOST being the host readers reach the site at.
pub fn default_sender(base_url: &str) -> Result<Mailbox, MailError> {
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_matches(['[', ']']).to_owned()))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    sender(&format!("convene <noreply@{host}>"))
}

/// A sender written as `Name <address>` or a bare address.
pub fn sender(given: &str) -> Result<Mailbox, MailError> {
    given.parse().map_err(|e| MailError::BadSender {
        given: given.to_owned(),
        reason: format!("{e}"),
    })
}

/// The media type an attachment is sent with: text in UTF-8, and a calendar as an event to add
/// (`method=PUBLISH`), as calendar programs expect.
fn attachment_type(stored: &str) -> String {
    let essence = stored
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let has = |parameter: &str| {
        stored
            .split(';')
            .skip(1)
            .any(|p| p.trim().to_ascii_lowercase().starts_with(parameter))
    };
    let mut full = stored.trim().to_owned();
    if essence.starts_with("text/") && !has("charset=") {
        full.push_str("; charset=utf-8");
    }
    if essence == "text/calendar" && !has("method=") {
        full.push_str("; method=PUBLISH");
    }
    full
}

/// The message's file in the Maildir: named after its outbox id, so a retry replaces it.
fn maildir_name(email: &StoredEmail) -> String {
    let id: String = email
        .id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{id}.convene.eml")
}

/// Writes the message into `tmp/`, flushes it to disk, then moves it into `new/`, so a reader of
/// the Maildir never sees half a message.
fn write_maildir(path: &Path, name: &str, bytes: &[u8]) -> Result<(), MailError> {
    use std::io::Write;
    let fail = |source| MailError::Maildir {
        path: path.to_owned(),
        source,
    };
    let temporary = path.join("tmp").join(name);
    let mut file = std::fs::File::create(&temporary).map_err(fail)?;
    file.write_all(bytes).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    drop(file);
    std::fs::rename(&temporary, path.join("new").join(name)).map_err(fail)
}

/// `smtp://user:secret@host` becomes `smtp://user:***@host`.
pub fn hide_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(_) => url.to_owned(),
        Err(_) => match url.split_once("://") {
            Some((scheme, rest)) => match rest.rsplit_once('@') {
                Some((credentials, host)) => {
                    let user = credentials.split(':').next().unwrap_or_default();
                    format!("{scheme}://{user}:***@{host}")
                }
                None => url.to_owned(),
            },
            None => url.to_owned(),
        },
    }
}

/// The `Content-Language` header: the language the message is written in.
#[derive(Clone, Debug)]
struct ContentLanguage(String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.trim().to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe`: the link where the recipient stops such messages (RFC 2369), in angle
/// brackets. Only https and http links of the site are stored, so nothing needs escaping.
#[derive(Clone, Debug)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(
            s.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned(),
        ))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`: a mail reader may unsubscribe with one
/// POST to the link, without opening it (RFC 8058).
#[derive(Clone, Debug)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// Messages delivered at once, at most: one claim and one read for each batch.
pub const BATCH: usize = 200;
/// Messages handed to the SMTP server at the same time, each on a connection of the pool.
const AT_ONCE: usize = 16;

/// Delivers the messages the jobs are keyed by, up to [`AT_ONCE`] at a time: a message already
/// sent (or no longer in the outbox) is done, one that cannot be sent now fails (and its job is
/// retried with backoff). Each message is recorded as sent as soon as it has left, so that a
/// runner stopped mid-batch sends none of them again. No send starts once what is left of the
/// claim is shorter than two SMTP timeouts: those jobs fail, and come back soon. One result per
/// job, in their order.
pub async fn deliver(store: &Store, mailer: &Arc<Mailer>, jobs: &[ClaimedJob]) -> Vec<JobResult> {
    let keys: Vec<&str> = jobs.iter().map(|j| j.key.as_str()).collect();
    let emails = match store.outbox_emails(&keys).await {
        Ok(emails) => emails,
        Err(e) => return vec![Err(e.to_string()); jobs.len()],
    };
    let last_start = jobs
        .iter()
        .map(|j| j.lease_until)
        .min()
        .and_then(|until| until.checked_sub(2 * SMTP_TIMEOUT).ok());
    let mut results: Vec<JobResult> = vec![Ok(()); jobs.len()];
    let mut sending = tokio::task::JoinSet::new();
    for (n, job) in jobs.iter().enumerate() {
        let Some(email) = emails.iter().find(|e| e.id == job.key) else {
            tracing::warn!(message = %job.key, "the outbox no longer has the message to deliver");
            continue;
        };
        if email.is_sent() {
            continue;
        }
        if sending.len() >= AT_ONCE
            && let Some(Ok((n, outcome))) = sending.join_next().await
        {
            results[n] = outcome;
        }
        if last_start.is_some_and(|last| Timestamp::now() > last) {
            results[n] =
                Err("not sent within its claim; it is sent on its next attempt".to_owned());
            continue;
        }
        // Until it answers: a delivery that panics is not taken for sent.
        results[n] = Err("its delivery stopped before it ended".to_owned());
        let (store, mailer, email) = (store.clone(), Arc::clone(mailer), email.clone());
        sending.spawn(async move { (n, send_and_record(&store, &mailer, &email).await) });
    }
    while let Some(joined) = sending.join_next().await {
        if let Ok((n, outcome)) = joined {
            results[n] = outcome;
        }
    }
    results
}

/// Sends `email` once, then records it as sent.
async fn send_and_record(store: &Store, mailer: &Mailer, email: &StoredEmail) -> JobResult {
    let via = mailer.deliver(email).await.map_err(|e| e.to_string())?;
    // Sent but not recorded, the job fails and the message goes again later: for mail, a
    // duplicate rather than a loss.
    if !store
        .mark_email_sent(&email.id, via, Timestamp::now())
        .await
        .map_err(|e| e.to_string())?
    {
        tracing::warn!(message = %email.id, "a message was sent by two runners at once");
    }
    Ok(())
}

impl Runner {
    /// Delivers the outbox's messages with `mailer` (see [`DELIVER_EMAIL`]), [`BATCH`] at a time.
    pub fn with_mail(self, store: Store, mailer: Arc<Mailer>) -> Self {
        self.handle_batch(DELIVER_EMAIL, BATCH, move |jobs| {
            let (store, mailer) = (store.clone(), Arc::clone(&mailer));
            async move { deliver(&store, &mailer, &jobs).await }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_smtp_password_never_shows() {
        let cases = [
            (
                "smtp://mailer:s3cret@mail.example.org:587?tls=required",
                "smtp://mailer:***@mail.example.org:587?tls=required",
            ),
            (
                "smtps://mail.example.org:465",
                "smtps://mail.example.org:465",
            ),
        ];
        for (given, shown) in cases {
            assert_eq!(hide_password(given), shown, "{given}");
        }
        let from = sender("convene <noreply@summit.example.org>").unwrap();
        let mailer = Mailer::smtp(
            "smtp://mailer:s3cret@mail.example.org:587?tls=required",
            from,
        )
        .unwrap();
        assert!(!format!("{mailer:?}").contains("s3cret"));
        assert_eq!(
            mailer.destination(),
            &Destination::Smtp {
                host: "mail.example.org".into(),
                port: 587
            }
        );
    }

    #[test]
    fn a_bad_smtp_address_is_named_with_what_would_do() {
        let from = sender("noreply@summit.example.org").unwrap();
        let error = Mailer::smtp("imap://mailer:s3cret@mail.example.org", from).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot use \"imap://mailer:***@mail.example.org\" as the SMTP server: the scheme \
             \"imap\" is not smtp or smtps; give smtp://host:port (no encryption), \
             smtp://user:password@host:587?tls=required (STARTTLS) or \
             smtps://user:password@host:465 (TLS)"
        );
    }

    #[test]
    fn the_default_sender_is_noreply_at_the_sites_host() {
        assert_eq!(
            default_sender("https://summit.example.org:8443/base")
                .unwrap()
                .to_string(),
            "convene <noreply@summit.example.org>"
        );
    }

    #[test]
    fn a_calendar_is_sent_as_an_event_to_add_in_utf_8() {
        assert_eq!(
            attachment_type("text/calendar"),
            "text/calendar; charset=utf-8; method=PUBLISH"
        );
        assert_eq!(
            attachment_type("text/calendar; method=REQUEST; charset=utf-8"),
            "text/calendar; method=REQUEST; charset=utf-8"
        );
        assert_eq!(attachment_type("application/pdf"), "application/pdf");
    }
}
