//! A registration rush against a real `convene serve`: the Izmir programme ten years on, its
//! registration open and the mayors' dialogue limited to 500 seats; 10,000 people register at once
//! over 200 HTTP connections (each connection fetches the form once, for its cookie and token,
//! then posts one registration after another, each with its own name, email and X-Forwarded-For
//! address). It prints how many were acknowledged (answered 303) per second and the latency of
//! each post, then checks in the database what every registration left behind: the seats, the
//! arrival numbers, the waiting list and one message per person in the outbox.
//!
//! The crash run does the same, but kills the server with SIGKILL once 3,000 registrations are
//! acknowledged and starts it again on the same database and port; a registration whose answer
//! the crash cut off is posted once more on a new connection (the same person and address: the
//! store sees the email again and keeps one registration), and counts as not acknowledged if
//! that fails too.
//!
//! For `scripts/registration-rush`, which builds the server and provides PostgreSQL:
//!
//!   registration_rush --convene target/release/convene --sqlite DIR [--runs plain,crash]
//!   registration_rush --convene target/release/convene --postgres ADMIN_URL [--runs …]
//!
//! Other flags: --attempts N (10000), --connections N (200), --capacity N (500),
//! --crash-after N (3000).

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use convene_core::registration::{Policy, Target, TargetSetting, Window};
use convene_core::{CheckOptions, Checked, Keyword, Slug};
use convene_store::Store;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use jiff::{SignedDuration, Timestamp};

type Error = Box<dyn std::error::Error + Send + Sync>;

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");
const EVENT: &str = "izmir-2031";
const SESSION: &str = "mayors-dialogue";

/// The Izmir programme ten years on, so that its sessions are still ahead.
fn future_izmir() -> String {
    IZMIR
        .replacen("id = \"izmir-2021\"", "id = \"izmir-2031\"", 1)
        .replace("2021-12-", "2031-12-")
}

fn session() -> Target {
    Target::Session(Slug::parse(SESSION).expect("a session id"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RunKind {
    Plain,
    Crash,
}

impl RunKind {
    fn name(self) -> &'static str {
        match self {
            RunKind::Plain => "plain",
            RunKind::Crash => "crash",
        }
    }
}

enum Backend {
    Sqlite(PathBuf),
    Postgres(String),
}

struct Options {
    convene: PathBuf,
    backend: Backend,
    runs: Vec<RunKind>,
    attempts: usize,
    connections: usize,
    capacity: u32,
    crash_after: usize,
}

fn options() -> Result<Options, Error> {
    let mut convene = None;
    let mut backend = None;
    let mut runs = vec![RunKind::Plain, RunKind::Crash];
    let (mut attempts, mut connections, mut capacity, mut crash_after) = (10_000, 200, 500, 3_000);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--convene" => convene = Some(PathBuf::from(value()?)),
            "--sqlite" => backend = Some(Backend::Sqlite(PathBuf::from(value()?))),
            "--postgres" => backend = Some(Backend::Postgres(value()?)),
            "--attempts" => attempts = value()?.parse()?,
            "--connections" => connections = value()?.parse()?,
            "--capacity" => capacity = value()?.parse()?,
            "--crash-after" => crash_after = value()?.parse()?,
            "--runs" => {
                runs = value()?
                    .split(',')
                    .map(|run| match run {
                        "plain" => Ok(RunKind::Plain),
                        "crash" => Ok(RunKind::Crash),
                        other => Err(format!("no run is called \"{other}\" (plain, crash)")),
                    })
                    .collect::<Result<_, _>>()?;
            }
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    Ok(Options {
        convene: convene.ok_or("--convene PATH is needed")?,
        backend: backend.ok_or("--sqlite DIR or --postgres ADMIN_URL is needed")?,
        runs,
        attempts,
        connections: connections.max(1),
        capacity,
        crash_after,
    })
}

#[tokio::main]
async fn main() {
    let options = match options() {
        Ok(options) => options,
        Err(err) => {
            eprintln!("registration_rush: {err}");
            std::process::exit(2);
        }
    };
    let mut sound = true;
    for (n, run) in options.runs.iter().enumerate() {
        match one_run(&options, *run, n + 1).await {
            Ok(ok) => sound &= ok,
            Err(err) => {
                eprintln!("registration_rush: the {} run failed: {err}", run.name());
                std::process::exit(1);
            }
        }
    }
    if !sound {
        std::process::exit(1);
    }
}

/// A fresh database for run `n`: its URL, and where the server writes its mail and log.
async fn fresh_database(options: &Options, n: usize) -> Result<(String, PathBuf), Error> {
    match &options.backend {
        Backend::Sqlite(dir) => {
            let dir = dir.join(format!("run-{n}"));
            std::fs::create_dir_all(&dir)?;
            Ok((
                format!("sqlite://{}", dir.join("convene.db").display()),
                dir,
            ))
        }
        Backend::Postgres(admin) => {
            sqlx::any::install_default_drivers();
            let name = format!("convene_rush_{}_{n}", std::process::id());
            let pool = sqlx::AnyPool::connect(admin).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&pool)
                .await?;
            pool.close().await;
            let (base, _) = admin.rsplit_once('/').ok_or("the URL names a database")?;
            let dir = std::env::temp_dir().join(format!("{name}-files"));
            std::fs::create_dir_all(&dir)?;
            Ok((format!("{base}/{name}"), dir))
        }
    }
}

async fn drop_database(options: &Options, url: &str, dir: &Path) {
    if let Backend::Postgres(admin) = &options.backend {
        let name = url.rsplit('/').next().unwrap_or_default().to_owned();
        if let Ok(pool) = sqlx::AnyPool::connect(admin).await {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&pool)
            .await;
            pool.close().await;
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The event imported, its registration open and the session limited to `capacity` seats.
async fn set_up(url: &str, capacity: u32) -> Result<(), Error> {
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let programme = Checked::load(&future_izmir(), &CheckOptions::default())
        .map_err(|rejected| format!("the Izmir programme has errors: {rejected}"))?;
    let now = Timestamp::now();
    store.import_programme(&programme, now).await?;
    let mut unit = store.begin("opening registration").await?;
    unit.set_registration_window(
        EVENT,
        &Window {
            opens: Some(now - SignedDuration::from_hours(1)),
            ..Window::closed()
        },
        now,
    )
    .await?;
    let ends = |_: &Target| Some(now + SignedDuration::from_hours(24));
    let setting = TargetSetting {
        target: session(),
        policy: Policy::Open,
        capacity: Some(capacity),
    };
    unit.set_target(EVENT, &setting, now, &ends).await?;
    unit.commit().await?;
    store.close().await;
    Ok(())
}

/// `convene serve` as a child process, started again on the same database and port after a crash.
struct Server {
    command: Vec<String>,
    program: PathBuf,
    log: PathBuf,
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(convene: &Path, url: &str, dir: &Path, addr: SocketAddr) -> Result<Server, Error> {
        let command = vec![
            "serve".to_owned(),
            "--database".to_owned(),
            url.to_owned(),
            "--bind".to_owned(),
            addr.to_string(),
            "--trusted-proxy-header".to_owned(),
            "X-Forwarded-For".to_owned(),
            "--maildir".to_owned(),
            dir.join("mail").display().to_string(),
        ];
        let log = dir.join("server.log");
        let child = spawn(convene, &command, &log)?;
        Ok(Server {
            command,
            program: convene.to_owned(),
            log,
            child,
            addr,
        })
    }

    /// Ends it at once, as a power cut would: SIGKILL.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn restart(&mut self) -> Result<(), Error> {
        self.child = spawn(&self.program, &self.command, &self.log)?;
        Ok(())
    }

    /// Lets it finish what it is doing (SIGTERM), then waits for it.
    fn stop(mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: sending a signal to the child this process started and has not reaped.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
        }
        let _ = self.child.wait();
    }

    /// Waits until it answers /healthz.
    async fn ready(&mut self) -> Result<(), Error> {
        let started = Instant::now();
        loop {
            if let Ok(Ok(mut connection)) = tokio::time::timeout(
                Duration::from_secs(2),
                Connection::open(self.addr, Duration::ZERO),
            )
            .await
                && let Ok((200, _, _)) = connection.get("/healthz", "").await
            {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                return Err(format!("the server ended ({status}); its log says:\n{log}").into());
            }
            if started.elapsed() > Duration::from_secs(60) {
                return Err("the server did not answer within 60 s".into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn spawn(program: &Path, args: &[String], log: &Path) -> Result<Child, Error> {
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)?;
    Ok(Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?)
}

/// One HTTP/1.1 connection, kept alive, with the form cookie it was given.
struct Connection {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    host: String,
    cookie: String,
    csrf: String,
}

impl Connection {
    /// Connects, retrying refused connections for up to `patience`.
    async fn open(addr: SocketAddr, patience: Duration) -> Result<Connection, Error> {
        let started = Instant::now();
        let stream = loop {
            match tokio::net::TcpStream::connect(addr).await {
                Ok(stream) => break stream,
                Err(err) if started.elapsed() >= patience => return Err(err.into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        };
        stream.set_nodelay(true)?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Connection {
            sender,
            host: addr.to_string(),
            cookie: String::new(),
            csrf: String::new(),
        })
    }

    /// Opens a connection and fetches the form on it, for its cookie and token.
    async fn with_form(addr: SocketAddr, patience: Duration) -> Result<Connection, Error> {
        let started = Instant::now();
        loop {
            let attempt = async {
                let mut connection = Connection::open(addr, patience).await?;
                let path = format!("/events/{EVENT}/register?lang=fr");
                let (status, cookie, page) = connection.get(&path, "").await?;
                if status != 200 {
                    return Err(format!("the form answered {status}").into());
                }
                connection.cookie = cookie.ok_or("the form sets no cookie")?;
                connection.csrf = hidden(&page, "csrf").ok_or("the form has no token")?;
                Ok::<_, Error>(connection)
            };
            match attempt.await {
                Ok(connection) => return Ok(connection),
                Err(err) if started.elapsed() >= patience => return Err(err),
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    }

    async fn get(
        &mut self,
        path: &str,
        forwarded: &str,
    ) -> Result<(u16, Option<String>, String), Error> {
        let mut request = hyper::Request::get(path).header("host", &self.host);
        if !forwarded.is_empty() {
            request = request.header("x-forwarded-for", forwarded);
        }
        let request = request.body(Full::new(Bytes::new()))?;
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status().as_u16();
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("convene_form="))
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        let body = response.into_body().collect().await?.to_bytes();
        Ok((status, cookie, String::from_utf8_lossy(&body).into_owned()))
    }

    /// Posts person `n`'s registration; the status of the answer.
    async fn register(&mut self, n: usize) -> Result<u16, Error> {
        let body = form_body(n, &self.csrf);
        let request = hyper::Request::post(format!("/events/{EVENT}/register?lang=fr"))
            .header("host", &self.host)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &self.cookie)
            .header("x-forwarded-for", address(n))
            .body(Full::new(Bytes::from(body)))?;
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status().as_u16();
        response.into_body().collect().await?;
        Ok(status)
    }
}

fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

fn email(n: usize) -> String {
    format!("person-{n}@rush.example.org")
}

/// Each person's own client address: 10.x.y.z.
fn address(n: usize) -> String {
    format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255)
}

/// Someone in Montréal registering in French for the mayors' dialogue.
fn form_body(n: usize, csrf: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf", csrf),
            ("name", &format!("Personne {n}")),
            ("email", &email(n)),
            ("category", "mayor"),
            ("city", "Montréal"),
            ("country", "CA"),
            ("organisation", "Ville de Montréal"),
            ("language", "fr"),
            ("interpretation", "fr"),
            ("zone", "America/Toronto"),
            ("accessibility", ""),
            ("dietary", ""),
            ("consent", "yes"),
            ("target", &format!("session:{SESSION}")),
            ("invitation_code", ""),
            ("website", ""),
        ])
        .finish()
}

/// What became of one attempt.
#[derive(Clone)]
struct Attempt {
    /// The status of the last answer, or `None` when no answer came.
    status: Option<u16>,
    /// Why no answer came.
    error: Option<String>,
    /// From the first post to the answer (a retried attempt includes the restart).
    latency: Duration,
    /// Posted again after the crash cut off its first answer.
    retried: bool,
}

struct Load {
    next: AtomicUsize,
    acknowledged: AtomicUsize,
}

struct LoadResult {
    attempts: Vec<Attempt>,
    elapsed: Duration,
    /// After how many acknowledged registrations the server was killed, and how long it took to
    /// answer again.
    crash: Option<(usize, Duration)>,
    server: Server,
}

async fn fire(options: &Options, kind: RunKind, mut server: Server) -> Result<LoadResult, Error> {
    let addr = server.addr;
    let load = Arc::new(Load {
        next: AtomicUsize::new(0),
        acknowledged: AtomicUsize::new(0),
    });
    // Every connection has its form before the first post: the rush starts at once.
    let mut connections = Vec::with_capacity(options.connections);
    for _ in 0..options.connections {
        connections.push(tokio::spawn(Connection::with_form(
            addr,
            Duration::from_secs(10),
        )));
    }
    let mut ready = Vec::with_capacity(options.connections);
    for connection in connections {
        ready.push(connection.await??);
    }
    let started = Instant::now();
    let mut workers = Vec::with_capacity(ready.len());
    for connection in ready {
        let load = Arc::clone(&load);
        let total = options.attempts;
        let retry = kind == RunKind::Crash;
        workers.push(tokio::spawn(async move {
            worker(connection, addr, &load, total, retry).await
        }));
    }
    let crash = if kind == RunKind::Crash {
        let load = Arc::clone(&load);
        let crash_after = options.crash_after;
        loop {
            let acknowledged = load.acknowledged.load(Ordering::Relaxed);
            if acknowledged >= crash_after {
                let killed = Instant::now();
                server.kill();
                let at = load.acknowledged.load(Ordering::Relaxed);
                server.restart()?;
                server.ready().await?;
                break Some((at, killed.elapsed()));
            }
            if load.next.load(Ordering::Relaxed) >= options.attempts
                && workers.iter().all(|w| w.is_finished())
            {
                break None;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    } else {
        None
    };
    let mut attempts: Vec<Option<Attempt>> = vec![None; options.attempts];
    for worker in workers {
        for (n, attempt) in worker.await? {
            attempts[n] = Some(attempt);
        }
    }
    let elapsed = started.elapsed();
    let attempts = attempts
        .into_iter()
        .map(|a| a.ok_or("an attempt was never made"))
        .collect::<Result<_, _>>()?;
    Ok(LoadResult {
        attempts,
        elapsed,
        crash,
        server,
    })
}

async fn worker(
    mut connection: Connection,
    addr: SocketAddr,
    load: &Load,
    total: usize,
    retry: bool,
) -> Vec<(usize, Attempt)> {
    let mut done = Vec::new();
    let mut open = true;
    loop {
        let n = load.next.fetch_add(1, Ordering::Relaxed);
        if n >= total {
            break;
        }
        let started = Instant::now();
        let mut retried = false;
        let attempt = loop {
            if !open {
                // A new connection, with its own form; the server may be starting again.
                match Connection::with_form(addr, Duration::from_secs(60)).await {
                    Ok(new) => {
                        connection = new;
                        open = true;
                    }
                    Err(err) => {
                        break Attempt {
                            status: None,
                            error: Some(format!("no connection: {err}")),
                            latency: started.elapsed(),
                            retried,
                        };
                    }
                }
            }
            match connection.register(n).await {
                Ok(status) => {
                    if status == 303 {
                        load.acknowledged.fetch_add(1, Ordering::Relaxed);
                    }
                    break Attempt {
                        status: Some(status),
                        error: None,
                        latency: started.elapsed(),
                        retried,
                    };
                }
                Err(err) => {
                    open = false;
                    if retry && !retried {
                        retried = true;
                        continue;
                    }
                    break Attempt {
                        status: None,
                        error: Some(err.to_string()),
                        latency: started.elapsed(),
                        retried,
                    };
                }
            }
        };
        done.push((n, attempt));
    }
    done
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// What the database holds after the rush.
struct Findings {
    lines: Vec<(bool, String)>,
}

impl Findings {
    fn check(&mut self, ok: bool, line: String) {
        self.lines.push((ok, line));
    }
    fn note(&mut self, line: String) {
        self.lines.push((true, line));
    }
    fn sound(&self) -> bool {
        self.lines.iter().all(|(ok, _)| *ok)
    }
}

async fn verify(
    url: &str,
    options: &Options,
    kind: RunKind,
    attempts: &[Attempt],
) -> Result<Findings, Error> {
    let mut findings = Findings { lines: Vec::new() };
    let store = Store::connect(url).await?;
    let target = session();
    let records = store.registrations(EVENT, Some(&target)).await?;
    let pool = sqlx::AnyPool::connect(url).await?;
    let people: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.email, p.id FROM participants p WHERE p.event_id = $1 AND p.email IS NOT NULL",
    )
    .bind(EVENT)
    .fetch_all(&pool)
    .await?;
    let participant_of: HashMap<String, String> = people.into_iter().collect();
    let messages: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT participant_id, kind, COUNT(*) FROM outbox WHERE event_id = $1 \
         GROUP BY participant_id, kind",
    )
    .bind(EVENT)
    .fetch_all(&pool)
    .await?;
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox o WHERE o.sent_at IS NULL AND NOT EXISTS \
         (SELECT 1 FROM jobs j WHERE j.kind = 'deliver-email' AND j.idempotency_key = o.id)",
    )
    .fetch_one(&pool)
    .await?;
    let held: i64 = sqlx::query_scalar(
        "SELECT held FROM registration_targets WHERE event_id = $1 AND target = $2",
    )
    .bind(EVENT)
    .bind(target.key())
    .fetch_one(&pool)
    .await?;
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    store.close().await;

    let capacity = options.capacity as usize;
    let mut states: BTreeMap<&str, usize> = BTreeMap::new();
    for record in &records {
        *states.entry(record.state.keyword()).or_default() += 1;
    }
    let confirmed = states.get("confirmed").copied().unwrap_or(0);
    let waiting = states.get("waiting").copied().unwrap_or(0);
    let others = records.len() - confirmed - waiting;
    let acknowledged: Vec<usize> = (0..attempts.len())
        .filter(|n| attempts[*n].status == Some(303))
        .collect();

    findings.note(format!(
        "registrations in the database: {} ({confirmed} confirmed, {waiting} waiting, {others} other)",
        records.len()
    ));
    match kind {
        RunKind::Plain => {
            let expected_confirmed = capacity.min(attempts.len());
            findings.check(
                confirmed == expected_confirmed
                    && waiting == attempts.len() - expected_confirmed
                    && others == 0,
                format!(
                    "seats: {confirmed} confirmed (expected {expected_confirmed}), {waiting} waiting \
                     (expected {})",
                    attempts.len() - expected_confirmed
                ),
            );
        }
        RunKind::Crash => {
            let expected = if records.len() >= capacity {
                confirmed == capacity
            } else {
                confirmed == records.len()
            };
            findings.check(
                expected && others == 0,
                format!(
                    "seats: {confirmed} confirmed of {capacity} (never more; all {capacity} taken \
                     when {capacity} or more registered), {waiting} waiting"
                ),
            );
        }
    }
    findings.check(
        usize::try_from(held).unwrap_or(usize::MAX) == confirmed,
        format!("seats held by the session's row: {held}, confirmed registrations: {confirmed}"),
    );
    let gapless = records
        .iter()
        .enumerate()
        .all(|(i, r)| r.arrival as usize == i + 1);
    findings.check(
        gapless,
        format!(
            "arrival numbers 1..{} without gap or repeat: {}",
            records.len(),
            if gapless { "yes" } else { "no" }
        ),
    );
    let mut expected_position = 0;
    let mut in_order = true;
    for record in records.iter().filter(|r| r.state.keyword() == "waiting") {
        expected_position += 1;
        in_order &= record.position == Some(expected_position);
    }
    findings.check(
        in_order,
        format!(
            "waiting list in arrival order, positions 1..{expected_position}: {}",
            if in_order { "yes" } else { "no" }
        ),
    );
    let confirmed_first = records
        .iter()
        .take(confirmed)
        .all(|r| r.state.keyword() == "confirmed");
    findings.check(
        confirmed_first,
        format!(
            "the confirmed are the first {confirmed} to arrive: {}",
            if confirmed_first { "yes" } else { "no" }
        ),
    );

    // Every acknowledged registration is stored.
    let by_participant: HashMap<&str, &convene_store::RegistrationRecord> = records
        .iter()
        .map(|r| (r.participant_id.as_str(), r))
        .collect();
    let missing = acknowledged
        .iter()
        .filter(|n| {
            participant_of
                .get(&email(**n))
                .is_none_or(|p| !by_participant.contains_key(p.as_str()))
        })
        .count();
    findings.check(
        missing == 0,
        format!(
            "acknowledged registrations missing from the database: {missing} of {}",
            acknowledged.len()
        ),
    );
    let unacknowledged_stored = (0..attempts.len())
        .filter(|n| attempts[*n].status != Some(303))
        .filter(|n| {
            participant_of
                .get(&email(*n))
                .is_some_and(|p| by_participant.contains_key(p.as_str()))
        })
        .count();
    if kind == RunKind::Crash || unacknowledged_stored > 0 {
        findings.check(
            kind == RunKind::Crash || unacknowledged_stored == 0,
            format!(
                "stored though never acknowledged (committed, answer cut off by the crash): \
                 {unacknowledged_stored}"
            ),
        );
    }

    // One message per registration: "confirmed" for a seat, "received" for the waiting list.
    let mut by_kind: HashMap<(&str, &str), i64> = HashMap::new();
    for (participant, kind, n) in &messages {
        by_kind.insert((participant.as_str(), kind.as_str()), *n);
    }
    let (mut without, mut duplicated, mut wrong_kind) = (0, 0, 0);
    for record in &records {
        let wanted = if record.state.keyword() == "confirmed" {
            "confirmed"
        } else {
            "received"
        };
        let n = by_kind
            .get(&(record.participant_id.as_str(), wanted))
            .copied()
            .unwrap_or(0);
        let all: i64 = messages
            .iter()
            .filter(|(p, _, _)| *p == record.participant_id)
            .map(|(_, _, n)| n)
            .sum();
        if n == 0 {
            without += 1;
        } else if n > 1 {
            duplicated += 1;
        }
        if all != n {
            wrong_kind += 1;
        }
    }
    let total_messages: i64 = messages.iter().map(|(_, _, n)| n).sum();
    findings.check(
        without == 0 && wrong_kind == 0,
        format!(
            "outbox: {total_messages} messages; registrations without their message: {without}, \
             with a message of another kind: {wrong_kind}"
        ),
    );
    match kind {
        RunKind::Plain => findings.check(
            duplicated == 0,
            format!("people with more than one message: {duplicated}"),
        ),
        RunKind::Crash => findings.note(format!(
            "people with a second message (posted again after the crash when the first had \
             committed; the letter says they were registered already): {duplicated}"
        )),
    }
    findings.check(
        orphans == 0,
        format!("unsent messages without a delivery job: {orphans}"),
    );
    findings.note(format!(
        "messages delivered to the Maildir by the end of the rush: {sent} of {total_messages}"
    ));
    Ok(findings)
}

async fn one_run(options: &Options, kind: RunKind, n: usize) -> Result<bool, Error> {
    let backend = match options.backend {
        Backend::Sqlite(_) => "SQLite",
        Backend::Postgres(_) => "PostgreSQL",
    };
    println!(
        "== {backend}, {} run: {} registrations over {} connections, {} seats{}",
        kind.name(),
        options.attempts,
        options.connections,
        options.capacity,
        if kind == RunKind::Crash {
            format!(
                ", SIGKILL after {} acknowledged, then a restart",
                options.crash_after
            )
        } else {
            String::new()
        }
    );
    let (url, dir) = fresh_database(options, n).await?;
    set_up(&url, options.capacity).await?;
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.local_addr()?
    };
    let mut server = Server::start(&options.convene, &url, &dir, addr)?;
    server.ready().await?;
    let result = fire(options, kind, server).await?;
    let findings = verify(&url, options, kind, &result.attempts).await?;
    result.server.stop();

    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for attempt in &result.attempts {
        match (attempt.status, &attempt.error) {
            (Some(status), _) => *statuses.entry(status.to_string()).or_default() += 1,
            (None, Some(error)) => {
                *statuses.entry("no answer".to_owned()).or_default() += 1;
                *errors.entry(error.clone()).or_default() += 1;
            }
            (None, None) => {}
        }
    }
    let acknowledged: Vec<Duration> = result
        .attempts
        .iter()
        .filter(|a| a.status == Some(303))
        .map(|a| a.latency)
        .collect();
    let mut latencies: Vec<Duration> = result.attempts.iter().map(|a| a.latency).collect();
    latencies.sort();
    let retried = result.attempts.iter().filter(|a| a.retried).count();
    let retried_ok = result
        .attempts
        .iter()
        .filter(|a| a.retried && a.status == Some(303))
        .count();
    let seconds = result.elapsed.as_secs_f64();
    println!(
        "answers: {}",
        statuses
            .iter()
            .map(|(status, n)| format!("{status}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (error, n) in &errors {
        println!("  no answer ({n}): {error}");
    }
    println!(
        "acknowledged (303): {} in {seconds:.2} s = {:.0} registrations/s",
        acknowledged.len(),
        acknowledged.len() as f64 / seconds
    );
    println!(
        "latency of a post: p50 {}, p99 {}, max {}",
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 99.0)),
        ms(percentile(&latencies, 100.0))
    );
    if let Some((at, down)) = result.crash {
        println!(
            "crash: SIGKILL at {at} acknowledged; answering again {} later; {retried} posts cut \
             off by it were posted once more, {retried_ok} of them acknowledged",
            ms(down)
        );
    }
    for (ok, line) in &findings.lines {
        println!("{} {line}", if *ok { "  " } else { "!!" });
    }
    drop_database(options, &url, &dir).await;
    Ok(findings.sound())
}
