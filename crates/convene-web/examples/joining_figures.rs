//! Figures for joining online sessions, printed, not judged: a fresh store (SQLite under the
//! temporary folder, or PostgreSQL with `--postgres URL`), then
//!
//! 1. **change notices**: 5,000 participants registered across the 7 sessions of the Izmir
//!    programme moved to 2031 (three sessions each); version 2 re-times 3 sessions; the time to
//!    write every notice into the outbox (`participate::notices::write_notices`, what the job
//!    runs, on the store's writers' thread as `serve` runs jobs) and how many were written;
//! 2. **outbox drain**: those notices delivered to a local SMTP server (aiosmtpd, its Python
//!    `CONVENE_TEST_SMTP_PYTHON` as `scripts/with-smtp` sets it) by the job runner as `serve`
//!    runs it: messages a second, and every one checked to have arrived in the server's Maildir.
//!    Twice: to aiosmtpd's own Mailbox handler (which parses each message in Python first), then,
//!    with a version 3 re-timing the same sessions again, to `scripts/smtp_maildir.py` (which
//!    writes each message as received, as a mail server's local delivery does);
//! 3. **join clicks**: 200 participants confirmed for a session whose way in is open, each with
//!    their personal link, and 200 clients, each on its own kept-alive HTTP/1.1 connection to the
//!    site served in this process, clicking 20 times: first all at once, each clicking again as
//!    soon as answered (the most clicks a second, and the queue 200 clients make), then paced, each
//!    every 200 ms (1,000 clicks a second offered). The latency of a click (token check,
//!    attendance noted, redirect) at p50, p99 and worst, and every answer checked to be the
//!    redirect to the participant's channel.
//!
//! ```sh
//! scripts/with-smtp cargo run --release -p convene-web --example joining_figures
//! scripts/with-smtp scripts/with-postgres bash -c 'cargo run --release -p convene-web --example joining_figures -- --postgres "$CONVENE_TEST_POSTGRES_URL"'
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use convene_core::registration::joining::{Channel, Room};
use convene_core::registration::{Category, Registrant, Target, Window};
use convene_core::{CheckOptions, Checked, Keyword, Language, Slug, Zone};
use convene_store::Store;
use convene_web::catalog::{Catalog, refresh};
use convene_web::participate::notices::write_notices;
use convene_web::{AppState, Site};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use jiff::{Timestamp, ToSpan};

type Error = Box<dyn std::error::Error + Send + Sync>;

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");
const PARTICIPANTS: usize = 5_000;
const CLICKERS: usize = 200;
const CLICKS: usize = 20;
/// How often each client clicks in the paced run.
const PACE: Duration = Duration::from_millis(200);
const ROOM: &str = "https://meet.example.org/room";
const FRENCH: &str = "https://meet.example.org/room-fr";

fn registrant(n: usize) -> Registrant {
    Registrant {
        name: format!("Participant {n}"),
        email: format!("p{n}@example.org"),
        category: Category::ALL[n % Category::ALL.len()],
        city: None,
        country: Some(["CA", "FR", "TR", "DE"][n % 4].to_owned()),
        organisation: None,
        language: Language::parse(["fr", "en", "tr"][n % 3]).expect("a language"),
        interpretation: Some(Language::parse("fr").expect("a language")),
        zone: Zone::parse(["America/Toronto", "Europe/Paris", "Europe/Istanbul"][n % 3])
            .expect("a zone"),
        accessibility: None,
        dietary: None,
    }
}

/// The Izmir programme as event `id`, its first day on `day`.
fn edition(id: &str, day: jiff::civil::Date) -> String {
    IZMIR
        .replacen("id = \"izmir-2021\"", &format!("id = \"{id}\""), 1)
        .replace("2021-12-07", &day.to_string())
        .replace("2021-12-08", &(day + 1.day()).to_string())
        .replace("2021-12-10", &(day + 3.days()).to_string())
}

async fn import(store: &Store, catalog: &Catalog, source: &str) -> Result<i64, Error> {
    let checked = Checked::load(source, &CheckOptions::default())
        .map_err(|rejected| format!("the programme does not load: {rejected}"))?;
    let version = store.import_programme(&checked, Timestamp::now()).await?;
    refresh(store, catalog).await?;
    Ok(version)
}

/// Registers `people` for `targets(n)` in units of 250, with registration open since an hour.
async fn register(
    store: &Store,
    event: &str,
    people: std::ops::Range<usize>,
    targets: impl Fn(usize) -> Vec<Target>,
) -> Result<Vec<String>, Error> {
    let now = Timestamp::now();
    let mut unit = store.begin("opening registration").await?;
    unit.set_registration_window(
        event,
        &Window {
            opens: Some(now - 1.hour()),
            ..Window::closed()
        },
        now,
    )
    .await?;
    unit.commit().await?;
    let mut registrations = Vec::new();
    let people: Vec<usize> = people.collect();
    for chunk in people.chunks(250) {
        let mut unit = store.begin("registering").await?;
        for n in chunk {
            let done = unit
                .register(event, &registrant(*n), &targets(*n), None, now)
                .await?;
            for (_, outcome) in done.outcomes {
                if let convene_store::Outcome::Registered {
                    registration_id, ..
                } = outcome
                {
                    registrations.push(registration_id);
                }
            }
        }
        unit.commit().await?;
    }
    Ok(registrations)
}

async fn notices(store: &Store, state: &AppState) -> Result<(), Error> {
    let event = "izmir-2031";
    let first = jiff::civil::date(2031, 12, 7);
    let source = edition(event, first);
    import(store, &state.catalog, &source).await?;
    let published = state.catalog.get(event).ok_or("the event is published")?;
    let sessions: Vec<Target> = Target::all(&published.programme)
        .into_iter()
        .filter(|t| matches!(t, Target::Session(_)))
        .collect();
    println!(
        "change notices: {PARTICIPANTS} participants, 3 of the {} sessions each",
        sessions.len()
    );
    let started = Instant::now();
    register(store, event, 0..PARTICIPANTS, |n| {
        (0..3)
            .map(|k| sessions[(n + 2 * k) % sessions.len()].clone())
            .collect()
    })
    .await?;
    println!(
        "  registered in {:.1} s (store only, not what is measured)",
        started.elapsed().as_secs_f64()
    );
    // Version 2: three sessions 15 minutes later.
    let mut retimed = source.clone();
    for (day, start, end) in [
        (first, "16:00", "17:30"),
        (first + 1.day(), "16:00", "17:30"),
        (first + 1.day(), "17:45", "19:00"),
    ] {
        let from = format!("date = \"{day}\"\nstart = \"{start}\"\nend = \"{end}\"");
        let later = start.replacen(":00", ":15", 1).replacen(":45", ":55", 1);
        let to = format!("date = \"{day}\"\nstart = \"{later}\"\nend = \"{end}\"");
        if !retimed.contains(&from) {
            return Err(format!("no session at {day} {start}").into());
        }
        retimed = retimed.replacen(&from, &to, 1);
    }
    import(store, &state.catalog, &retimed).await?;
    let started = Instant::now();
    // Where `serve` runs its jobs: on the store's writers' thread.
    let job = state.clone();
    let written = store
        .writing(async move { write_notices(&job, event, 2, Timestamp::now()).await })
        .await
        .map_err(|e| format!("{e:?}"))?;
    let took = started.elapsed();
    println!(
        "  version 2 re-times 3 sessions: {written} notices written to the outbox in {:.0} ms ({:.0}/s)",
        took.as_secs_f64() * 1000.0,
        written as f64 / took.as_secs_f64()
    );
    Ok(())
}

/// Delivers the outbox to an aiosmtpd server on a loopback port, as `serve`'s job runner does
/// (on the store's writers' thread), and checks that every message arrived.
async fn drain(store: &Store, folder: &std::path::Path, handler: &str) -> Result<(), Error> {
    let Some(python) = std::env::var_os("CONVENE_TEST_SMTP_PYTHON") else {
        println!("outbox drain: skipped (run through scripts/with-smtp for a local SMTP server)");
        return Ok(());
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let maildir = folder.join(format!("Maildir-{port}"));
    let scripts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts");
    let mut server = std::process::Command::new(python)
        .env("PYTHONPATH", scripts)
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-c", handler])
        .arg(&maildir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let waited = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if waited.elapsed() > Duration::from_secs(20) {
            let _ = server.kill();
            return Err("aiosmtpd does not answer".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let waiting = store.unsent_emails().await?;
    let mailer = Arc::new(convene_web::mail::Mailer::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        convene_web::mail::default_sender("https://summit.example.org")?,
    )?);
    let runner =
        convene_web::jobs::Runner::new(store.clone(), "figures").with_mail(store.clone(), mailer);
    let started = Instant::now();
    let drained = store
        .writing({
            let store = store.clone();
            async move {
                while store.unsent_emails().await? > 0 {
                    if runner.run_once().await?.is_empty() {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
                Ok::<_, convene_store::StoreError>(())
            }
        })
        .await;
    let took = started.elapsed();
    let arrived = std::fs::read_dir(maildir.join("new"))
        .map(|d| d.count())
        .unwrap_or(0);
    let _ = server.kill();
    let _ = server.wait();
    drained?;
    println!(
        "outbox drain: {waiting} messages to a local SMTP server (aiosmtpd, {handler}) in {:.2} s: {:.0} messages/s; {arrived} arrived",
        took.as_secs_f64(),
        waiting as f64 / took.as_secs_f64()
    );
    Ok(())
}

/// Version 3 moves the same three sessions 10 minutes later again, and its notices are written
/// (for the second drain).
async fn notices_again(store: &Store, state: &AppState) -> Result<(), Error> {
    let event = "izmir-2031";
    let current = store
        .current_programme(event)
        .await?
        .ok_or("the event has a version")?;
    let mut later = current.source.clone();
    for (from, to) in [
        ("start = \"16:15\"", "start = \"16:25\""),
        ("start = \"17:55\"", "start = \"18:05\""),
    ] {
        if !later.contains(from) {
            return Err(format!("no session with {from}").into());
        }
        later = later.replace(from, to);
    }
    import(store, &state.catalog, &later).await?;
    let job = state.clone();
    let written = store
        .writing(async move { write_notices(&job, event, 3, Timestamp::now()).await })
        .await
        .map_err(|e| format!("{e:?}"))?;
    println!("  version 3 re-times them again: {written} notices written");
    Ok(())
}

async fn clicks(store: &Store, state: &AppState) -> Result<(), Error> {
    let event = "izmir-now";
    // The dialogue runs from half an hour ago to half an hour from now, in Izmir.
    let izmir = jiff::tz::TimeZone::get("Europe/Istanbul")?;
    let now = izmir.to_datetime(Timestamp::now());
    let day = now.date();
    let start = (now - 30.minutes()).max(day.to_datetime(jiff::civil::time(0, 0, 0, 0)));
    let end = (now + 30.minutes()).min(day.to_datetime(jiff::civil::time(23, 59, 0, 0)));
    let source = edition(event, day)
        .replacen(
            &format!("date = \"{day}\"\nstart = \"16:00\"\nend = \"17:30\""),
            &format!(
                "date = \"{day}\"\nstart = \"{}\"\nend = \"{}\"",
                start.strftime("%H:%M"),
                end.strftime("%H:%M")
            ),
            1,
        )
        .replacen(
            &format!("date = \"{day}\"\nstart = \"17:45\"\nend = \"19:00\""),
            &format!(
                "date = \"{}\"\nstart = \"08:00\"\nend = \"09:00\"",
                day + 1.day()
            ),
            1,
        );
    import(store, &state.catalog, &source).await?;
    let dialogue = Slug::parse("mayors-dialogue")?;
    let registrations = register(store, event, 0..CLICKERS, |_| {
        vec![Target::Session(dialogue.clone())]
    })
    .await?;
    let mut unit = store.begin("setting the room").await?;
    let room = Room {
        url: ROOM.to_owned(),
        channels: vec![Channel {
            language: Language::parse("fr")?,
            url: Some(FRENCH.to_owned()),
            passcode: None,
        }],
        notes: Default::default(),
    };
    unit.set_room(event, &dialogue, Some(&room), Timestamp::now())
        .await?;
    let mut tokens = Vec::new();
    for id in &registrations {
        tokens.push(unit.join_link(id, Timestamp::now()).await?);
    }
    unit.commit().await?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = convene_web::app(state.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let clicks_per_client = CLICKS;
    println!(
        "join clicks: {CLICKERS} participants of a session whose way in is open, each on their own connection"
    );
    // Every client clicks as soon as its last answer came: the most the site answers, and how long
    // a click waits behind the 199 others in the queue (wait ≈ clients ÷ clicks per second).
    let (took, elapsed) = click_run(addr, &tokens, clicks_per_client, None).await?;
    report(
        "all at once, each clicking again as soon as answered",
        &took,
        elapsed,
    );
    // Every client clicks every PACE, starting at a random moment within it: CLICKERS ÷ PACE
    // clicks a second, far more than a summit's participants joining in its last minutes.
    let (took, elapsed) = click_run(addr, &tokens, clicks_per_client, Some(PACE)).await?;
    report(
        &format!(
            "paced, each client clicking every {} ms ({:.0} clicks/s offered)",
            PACE.as_millis(),
            CLICKERS as f64 / PACE.as_secs_f64()
        ),
        &took,
        elapsed,
    );
    state.attendance.flush().await?;
    let noted: usize = store
        .attendance(event)
        .await?
        .iter()
        .map(|a| a.clicks.len())
        .sum();
    println!(
        "  clicks noted in the attendance: {noted} of {}",
        2 * CLICKERS * clicks_per_client
    );
    Ok(())
}

/// Every client clicks its link `clicks` times on its own kept-alive connection, at once or every
/// `pace` from a random start; the latency of each click, and how long the whole run took.
async fn click_run(
    addr: std::net::SocketAddr,
    tokens: &[String],
    clicks: usize,
    pace: Option<Duration>,
) -> Result<(Vec<Duration>, Duration), Error> {
    let started = Instant::now();
    let mut clients = Vec::new();
    for (n, token) in tokens.iter().cloned().enumerate() {
        clients.push(tokio::spawn(async move {
            let stream = tokio::net::TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(async move {
                let _ = connection.await;
            });
            let mut ticks = pace.map(|pace| {
                // Spread the clients' first clicks evenly over one pace.
                let offset = pace.mul_f64(n as f64 / CLICKERS as f64);
                tokio::time::interval_at(tokio::time::Instant::now() + offset, pace)
            });
            let mut took = Vec::with_capacity(clicks);
            for _ in 0..clicks {
                if let Some(ticks) = ticks.as_mut() {
                    ticks.tick().await;
                }
                let request = hyper::Request::get(format!("/join/{token}"))
                    .header("host", addr.to_string())
                    .body(Full::new(Bytes::new()))?;
                let clicked = Instant::now();
                sender.ready().await?;
                let response = sender.send_request(request).await?;
                let status = response.status().as_u16();
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                response.into_body().collect().await?;
                took.push(clicked.elapsed());
                if status != 303 || location != FRENCH {
                    return Err(format!("a click answered {status} to {location}").into());
                }
            }
            Ok::<_, Error>(took)
        }));
    }
    let mut took: Vec<Duration> = Vec::new();
    for client in clients {
        took.extend(client.await??);
    }
    let elapsed = started.elapsed();
    took.sort();
    Ok((took, elapsed))
}

/// Prints the clicks per second and the latency of a click at p50, p99 and worst.
fn report(what: &str, took: &[Duration], elapsed: Duration) {
    let at = |q: f64| took[((took.len() as f64 * q) as usize).min(took.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {what}: {} clicks in {:.2} s ({:.0}/s), all redirected to the French channel",
        took.len(),
        elapsed.as_secs_f64(),
        took.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "    latency of a click: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(at(0.50)),
        ms(at(0.99)),
        took.last().map_or(0.0, |d| ms(*d))
    );
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let folder = std::env::temp_dir().join(format!("convene-joining-{}", std::process::id()));
    // The SQLite file, and the SMTP servers' Maildirs.
    std::fs::create_dir_all(&folder)?;
    let url = match args.iter().position(|a| a == "--postgres") {
        Some(i) => {
            // A database of its own, made through the server URL given.
            let admin = args.get(i + 1).cloned().ok_or("--postgres needs a URL")?;
            sqlx::any::install_default_drivers();
            let name = format!("convene_joining_{}", std::process::id());
            let pool = sqlx::AnyPool::connect(&admin).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&pool)
                .await?;
            pool.close().await;
            let (base, _) = admin.rsplit_once('/').ok_or("the URL names a database")?;
            format!("{base}/{name}")
        }
        None => format!("sqlite://{}", folder.join("convene.db").display()),
    };
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    println!("# {:?} store", store.backend());
    let state = AppState::new(
        Arc::new(Catalog::new()),
        Site::new("https://summit.example.org"),
        store.clone(),
    );
    let outcome = async {
        notices(&store, &state).await?;
        drain(&store, &folder, "aiosmtpd.handlers.Mailbox").await?;
        notices_again(&store, &state).await?;
        drain(&store, &folder, "smtp_maildir.RawMaildir").await?;
        clicks(&store, &state).await
    }
    .await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&folder);
    outcome
}
