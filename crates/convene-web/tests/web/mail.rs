//! Email that is never lost: messages written to the outbox are delivered by the job runner to a
//! real SMTP server (aiosmtpd, started per test on a free loopback port), survive the server
//! stopping in the middle, go to a Maildir when no server is configured, and are listed for admins.
//!
//! The SMTP cases need a Python with aiosmtpd, named by `CONVENE_TEST_SMTP_PYTHON`
//! (`scripts/with-smtp` provides one); without it they are skipped with a notice, unless
//! `CONVENE_REQUIRE_SMTP=1` makes that a failure.

use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use convene_store::{Attachment, ClaimedJob, Delivery, OutgoingEmail, Role, SentVia};
use convene_web::jobs::{Outcome, Runner};
use convene_web::mail::{self, Mailer};
use jiff::{SignedDuration, Timestamp};
use mail_parser::{MessageParser, MimeHeaders};

use crate::helpers::{TestApp, on_both};

const SUBJECT: &str = "Inscription confirmée — Sommet d'İzmir";
const CALENDAR: &str =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//convene//EN\r\nEND:VCALENDAR\r\n";

fn confirmation(recipient: &str) -> OutgoingEmail {
    OutgoingEmail {
        event_id: Some("izmir-2021".into()),
        participant_id: None,
        kind: "confirmed".into(),
        recipient: recipient.into(),
        language: "fr".into(),
        subject: SUBJECT.into(),
        text_body: "Bonjour,\n\nvotre inscription au Sommet d'İzmir est confirmée.\n".into(),
        html_body: "<p>Bonjour,</p><p>votre inscription au Sommet d'İzmir est confirmée.</p>"
            .into(),
        attachments: vec![Attachment {
            filename: "izmir-2021.ics".into(),
            content_type: "text/calendar".into(),
            content: CALENDAR.into(),
        }],
        unsubscribe: None,
    }
}

async fn queue(app: &TestApp, email: &OutgoingEmail) -> String {
    let mut unit = app.store.begin("queueing a message").await.unwrap();
    let id = unit
        .queue_email(email, "summit.example.org", Timestamp::now())
        .await
        .expect("the message is written");
    unit.commit().await.unwrap();
    id
}

fn sender() -> lettre::message::Mailbox {
    mail::default_sender("https://summit.example.org").expect("a sender")
}

fn runner(app: &TestApp, mailer: &Arc<Mailer>) -> Runner {
    Runner::new(app.store.clone(), "test").with_mail(app.store.clone(), Arc::clone(mailer))
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(what: &str) -> Self {
        let unique = format!(
            "convene-mail-{what}-{}-{}",
            std::process::id(),
            Timestamp::now().as_nanosecond()
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&path).expect("a temporary folder");
        Self(path)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The messages in a Maildir (new and seen), by file name.
fn delivered(maildir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for folder in ["new", "cur"] {
        let Ok(entries) = std::fs::read_dir(maildir.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            files.insert(
                name,
                std::fs::read(entry.path()).expect("a readable message"),
            );
        }
    }
    files
}

fn message_id_of(raw: &[u8]) -> String {
    let message = MessageParser::default().parse(raw).expect("a message");
    format!("<{}>", message.message_id().expect("a Message-ID"))
}

/// The Python that has aiosmtpd, or `None` (with a notice) when the SMTP cases are skipped.
fn smtp_python() -> Option<PathBuf> {
    match std::env::var("CONVENE_TEST_SMTP_PYTHON") {
        Ok(python) if !python.is_empty() => Some(PathBuf::from(python)),
        _ if std::env::var("CONVENE_REQUIRE_SMTP").as_deref() == Ok("1") => panic!(
            "CONVENE_REQUIRE_SMTP=1 but CONVENE_TEST_SMTP_PYTHON is not set: run the tests \
             through scripts/with-smtp"
        ),
        _ => {
            eprintln!(
                "note: SMTP case skipped (set CONVENE_TEST_SMTP_PYTHON to a Python with aiosmtpd, \
                 or run through scripts/with-smtp)"
            );
            None
        }
    }
}

/// An aiosmtpd server on a loopback port that delivers into a Maildir; stopped when dropped.
struct SmtpServer {
    python: PathBuf,
    port: u16,
    folder: Folder,
    process: Option<Child>,
}

impl SmtpServer {
    fn start(python: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut server = Self {
            python: python.to_owned(),
            port,
            folder: Folder::new("smtp"),
            process: None,
        };
        server.run();
        server
    }

    fn maildir(&self) -> PathBuf {
        self.folder.0.join("Maildir")
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts the server on its port and waits until it answers.
    fn run(&mut self) {
        let log = std::fs::File::create(self.folder.0.join("aiosmtpd.log")).expect("a log file");
        let child = Command::new(&self.python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(self.maildir())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("a log file"))
            .stderr(log)
            .spawn()
            .expect("aiosmtpd starts");
        self.process = Some(child);
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            let exited = self
                .process
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten());
            if exited.is_some() || started.elapsed() > Duration::from_secs(20) {
                let log = std::fs::read_to_string(self.folder.0.join("aiosmtpd.log"));
                panic!(
                    "aiosmtpd does not answer on port {}: {}",
                    self.port,
                    log.unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.process.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

#[tokio::test]
async fn a_queued_message_reaches_the_smtp_server_whole() {
    let Some(python) = smtp_python() else {
        return;
    };
    on_both(|app| {
        let python = python.clone();
        async move {
            let server = SmtpServer::start(&python);
            let mailer = Arc::new(Mailer::smtp(&server.url(), sender()).expect("a mailer"));
            let written = confirmation("ayse@example.org");
            let id = queue(&app, &written).await;

            let outcomes = app.run_due_jobs(&runner(&app, &mailer)).await;

            assert_eq!(
                outcomes,
                vec![Outcome::Done {
                    kind: convene_store::DELIVER_EMAIL.into(),
                    key: id.clone()
                }]
            );
            let stored = app.store.outbox_email(&id).await.unwrap().unwrap();
            assert!(matches!(
                stored.delivery,
                Delivery::Sent {
                    via: SentVia::Smtp,
                    ..
                }
            ));
            let files = delivered(&server.maildir());
            assert_eq!(files.len(), 1, "one message arrives");
            let raw = files.values().next().unwrap();
            let message = MessageParser::default().parse(raw).expect("a message");
            let from = message.from().and_then(|a| a.first()).expect("a sender");
            assert_eq!(
                (from.name(), from.address()),
                (Some("convene"), Some("noreply@summit.example.org"))
            );
            let to = message.to().and_then(|a| a.first()).expect("a recipient");
            assert_eq!(to.address(), Some("ayse@example.org"));
            assert_eq!(message.subject(), Some(SUBJECT));
            assert_eq!(
                format!("<{}>", message.message_id().unwrap()),
                stored.message_id
            );
            assert_eq!(
                message.header_raw("Content-Language").map(str::trim),
                Some("fr")
            );
            let date = message.date().expect("a Date header");
            assert_eq!(date.to_timestamp(), stored.created_at.as_second());
            let unix = |text: &str| text.replace("\r\n", "\n");
            assert_eq!(
                message.body_text(0).map(|t| unix(&t)),
                Some(written.text_body.clone())
            );
            assert_eq!(
                message.body_html(0).map(|t| unix(&t)),
                Some(written.html_body.clone())
            );
            assert_eq!(message.attachment_count(), 1);
            let calendar = message.attachment(0).expect("the calendar");
            assert_eq!(calendar.attachment_name(), Some("izmir-2021.ics"));
            let kind = calendar.content_type().expect("a content type");
            assert_eq!(
                (
                    kind.ctype(),
                    kind.subtype(),
                    kind.attribute("charset"),
                    kind.attribute("method")
                ),
                ("text", Some("calendar"), Some("utf-8"), Some("PUBLISH"))
            );
            // The Maildir keeps lines with the machine's line ending; SMTP carried them as CRLF.
            assert_eq!(
                unix(&String::from_utf8_lossy(calendar.contents())),
                unix(CALENDAR)
            );
        }
    })
    .await;
}

#[tokio::test]
async fn every_message_arrives_once_though_the_smtp_server_stops_mid_drain() {
    let Some(python) = smtp_python() else {
        return;
    };
    on_both(|app| {
        let python = python.clone();
        async move {
            let mut server = SmtpServer::start(&python);
            let mailer = Arc::new(Mailer::smtp(&server.url(), sender()).expect("a mailer"));
            let runner = runner(&app, &mailer);
            // Three batches' worth and a little more.
            let count = 3 * mail::BATCH + 10;
            for n in 0..count {
                queue(&app, &confirmation(&format!("participant-{n}@example.org"))).await;
            }

            // One batch leaves while the server runs, all of it.
            let outcomes = runner.run_once().await.unwrap();
            assert_eq!(outcomes.len(), mail::BATCH);
            assert!(
                outcomes.iter().all(|o| matches!(o, Outcome::Done { .. })),
                "while the server runs, deliveries succeed: {outcomes:?}"
            );
            server.stop();
            let outcomes = runner.run_once().await.unwrap();
            assert_eq!(outcomes.len(), mail::BATCH);
            assert!(
                outcomes.iter().all(|o| matches!(o, Outcome::Retry { .. })),
                "while the server is down, deliveries fail and wait: {outcomes:?}"
            );
            server.run();
            // The failed deliveries wait their backoff: the runner's clock moves on to them.
            let mut clock = Timestamp::now();
            let mut steps = 0;
            while app.store.unsent_emails().await.unwrap() > 0 {
                let outcomes = runner.run_once_at(clock).await.unwrap();
                if outcomes.is_empty() {
                    clock += SignedDuration::from_mins(30);
                }
                for outcome in outcomes {
                    assert!(
                        matches!(outcome, Outcome::Done { .. }),
                        "once the server is back, deliveries succeed: {outcome:?}"
                    );
                }
                steps += 1;
                assert!(steps < 200, "the outbox drains");
            }

            let mut arrived: Vec<String> = delivered(&server.maildir())
                .values()
                .map(|raw| message_id_of(raw))
                .collect();
            arrived.sort();
            let mut written: Vec<String> = app
                .store
                .outbox(None, 1000)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.message_id)
                .collect();
            written.sort();
            assert_eq!(written.len(), count);
            assert_eq!(arrived, written, "every message arrives, exactly once");
        }
    })
    .await;
}

#[tokio::test]
async fn without_smtp_messages_go_to_a_maildir_once() {
    on_both(|app| async move {
        let folder = Folder::new("maildir");
        let maildir = folder.0.join("convene-mail");
        let mailer = Arc::new(Mailer::maildir(&maildir, sender()).expect("a Maildir"));
        let first = queue(&app, &confirmation("ayse@example.org")).await;
        let second = queue(&app, &confirmation("jean@example.org")).await;

        app.run_due_jobs(&runner(&app, &mailer)).await;

        let files = delivered(&maildir);
        assert_eq!(files.len(), 2);
        for id in [&first, &second] {
            let stored = app.store.outbox_email(id).await.unwrap().unwrap();
            assert!(matches!(
                stored.delivery,
                Delivery::Sent {
                    via: SentVia::Maildir,
                    ..
                }
            ));
            let name = format!("{id}.convene.eml");
            let raw = files.get(&name).expect("a file named after the message");
            assert_eq!(message_id_of(raw), stored.message_id);
        }
        assert!(
            std::fs::read_dir(maildir.join("tmp"))
                .unwrap()
                .next()
                .is_none(),
            "nothing is left half-written"
        );

        // A runner that stopped after writing a message but before recording it sends it again:
        // the file is replaced, not added.
        let stored = app.store.outbox_email(&first).await.unwrap().unwrap();
        mailer.deliver(&stored).await.expect("written again");
        assert_eq!(delivered(&maildir).len(), 2);

        // A job run again once its message is recorded as sent writes nothing.
        std::fs::remove_file(maildir.join("new").join(format!("{first}.convene.eml"))).unwrap();
        let again = ClaimedJob {
            id: "a-second-claim".into(),
            kind: convene_store::DELIVER_EMAIL.into(),
            key: first.clone(),
            payload: "{}".into(),
            attempt: 2,
            max_attempts: 12,
            owner: "test".into(),
            lease_until: Timestamp::now(),
        };
        assert_eq!(
            mail::deliver(&app.store, &mailer, std::slice::from_ref(&again)).await,
            vec![Ok(())]
        );
        assert_eq!(delivered(&maildir).len(), 1);

        // Nor does a job whose message is no longer in the outbox, which has nothing to retry.
        let gone = ClaimedJob {
            key: "no-such-message".into(),
            ..again.clone()
        };
        assert_eq!(
            mail::deliver(&app.store, &mailer, &[gone]).await,
            vec![Ok(())]
        );
        assert_eq!(delivered(&maildir).len(), 1);

        // A claim about to end starts no send: the job fails, and the message waits unsent.
        let late = queue(&app, &confirmation("late@example.org")).await;
        let ending = ClaimedJob {
            key: late.clone(),
            lease_until: Timestamp::now() + SignedDuration::from_secs(5),
            ..again
        };
        let results = mail::deliver(&app.store, &mailer, &[ending]).await;
        assert!(
            matches!(&results[..], [Err(why)] if why.contains("next attempt")),
            "{results:?}"
        );
        assert_eq!(delivered(&maildir).len(), 1);
        let waiting = app.store.outbox_email(&late).await.unwrap().unwrap();
        assert!(!waiting.is_sent());
    })
    .await;
}

#[tokio::test]
async fn the_outbox_page_shows_admins_each_message_and_where_mail_goes() {
    on_both(|app| async move {
        let folder = Folder::new("page");
        let maildir = folder.0.join("convene-mail");
        let mailer = Arc::new(Mailer::maildir(&maildir, sender()).expect("a Maildir"));
        let app = app.with_mailer(Arc::clone(&mailer));
        let sent = queue(&app, &confirmation("ayse@example.org")).await;
        app.run_due_jobs(&runner(&app, &mailer)).await;
        let mut tricky = confirmation("jean@example.org");
        tricky.text_body = "Voir <b>ceci</b> & cela".into();
        tricky.html_body = "<p>Bonjour</p><script>alert(1)</script>".into();
        let waiting = queue(&app, &tricky).await;
        let admin = app.sign_in("admin@example.org", Role::Admin).await;

        let list = app
            .get_with("/organiser/outbox?lang=en", &admin.headers())
            .await;
        assert_eq!(list.status, StatusCode::OK);
        let html = list.text();
        let path = maildir.display().to_string();
        assert!(
            html.contains(&format!(
                "No SMTP server is set up: messages are written to the Maildir folder {path} on the server."
            )),
            "{html}"
        );
        assert!(html.contains("One message is not sent yet."), "{html}");
        assert!(html.contains("ayse@example.org"));
        assert!(html.contains(&format!("/organiser/outbox/{sent}")));
        assert!(html.contains("to the Maildir"));
        assert!(html.contains("waiting"));
        let first = html.find(&waiting).expect("the waiting message is listed");
        let second = html.find(&sent).expect("the sent message is listed");
        assert!(first < second, "the newest first");

        let page = app
            .get_with(
                &format!("/organiser/outbox/{waiting}?lang=en"),
                &admin.headers(),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        let stored = app.store.outbox_email(&waiting).await.unwrap().unwrap();
        assert!(
            html.contains(&stored.message_id.replace('<', "&#60;").replace('>', "&#62;")),
            "{html}"
        );
        assert!(html.contains("Voir &#60;b&#62;ceci&#60;/b&#62; &#38; cela"), "{html}");
        assert!(!html.contains("<script>alert(1)"), "the stored HTML never runs");
        assert!(html.contains("<iframe sandbox srcdoc=\"&#60;p&#62;Bonjour"), "{html}");
        let missing = app
            .get_with("/organiser/outbox/no-such-message", &admin.headers())
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        let dashboard = app.get_with("/organiser", &admin.headers()).await.text();
        assert!(dashboard.contains("href=\"/organiser/outbox\""));

        let viewer = app.sign_in("viewer@example.org", Role::Viewer).await;
        for uri in ["/organiser/outbox".to_owned(), format!("/organiser/outbox/{sent}")] {
            let refused = app.get_with(&uri, &viewer.headers()).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{uri} for a viewer");
            let anonymous = app.get(&uri).await;
            assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "{uri} for nobody");
            assert!(
                anonymous
                    .header("location")
                    .starts_with("/organiser/login?next="),
                "{uri}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn news_carries_its_one_click_unsubscribe_link_and_other_messages_none() {
    on_both(|app| async move {
        let folder = Folder::new("unsubscribe");
        let maildir = folder.0.join("convene-mail");
        let mailer = Arc::new(Mailer::maildir(&maildir, sender()).expect("a Maildir"));
        let link = format!("https://summit.example.org/unsubscribe/{}", "ab".repeat(32));
        let news = OutgoingEmail {
            kind: "announcement".into(),
            unsubscribe: Some(link.clone()),
            ..confirmation("ayse@example.org")
        };
        let news = queue(&app, &news).await;
        let confirmed = queue(&app, &confirmation("jean@example.org")).await;
        app.run_due_jobs(&runner(&app, &mailer)).await;

        let files = delivered(&maildir);
        let raw = |id: &str| {
            let bytes = files
                .iter()
                .find(|(name, _)| name.starts_with(id))
                .map(|(_, bytes)| bytes.clone())
                .expect("delivered");
            String::from_utf8(bytes).unwrap()
        };
        let news = raw(&news);
        assert!(
            news.contains(&format!("List-Unsubscribe: <{link}>")),
            "{news}"
        );
        assert!(
            news.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{news}"
        );
        assert!(!raw(&confirmed).contains("List-Unsubscribe"));
    })
    .await;
}
