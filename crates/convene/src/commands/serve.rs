//! `convene serve`: the public website, exports and API, from SQLite (default) or PostgreSQL.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use convene_core::{CheckOptions, Checked};
use convene_store::Store;
use convene_web::jobs::Runner;
use convene_web::mail::{self, Destination, MailError, Mailer};
use convene_web::server::{self, Limits};
use convene_web::{AppState, Catalog, Site, app};

use super::UNUSABLE;

/// The Izmir programme, compiled in for `--demo`.
const DEMO: &str = include_str!("../../../../examples/izmir-2021.toml");

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, env = "CONVENE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// The store: a SQLite file (`sqlite://convene.db`, created if missing) or `postgres://…`.
    #[arg(
        long,
        env = "CONVENE_DATABASE_URL",
        default_value = "sqlite://convene.db"
    )]
    pub database: String,
    /// Where readers reach the site, for links in exports (default: http://BIND).
    #[arg(long, env = "CONVENE_BASE_URL")]
    pub base_url: Option<String>,
    /// Behind a reverse proxy: the header it puts the client's address in (`X-Forwarded-For`),
    /// which sign-in throttling then reads. Without it the connection's address is used, and no
    /// header is believed.
    #[arg(long, env = "CONVENE_TRUSTED_PROXY_HEADER")]
    pub trusted_proxy_header: Option<String>,
    /// The SMTP server to send email through: `smtp://host:port`,
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://user:password@host:465`
    /// (TLS). Without it, messages are written to a Maildir folder (see --maildir).
    #[arg(long, env = "CONVENE_SMTP_URL", hide_env_values = true)]
    pub smtp: Option<String>,
    /// The sender of email, such as `Summit <noreply@summit.example.org>` (default: `convene
    /// <noreply@HOST>`, HOST being the base URL's host).
    #[arg(long, env = "CONVENE_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Without --smtp, the Maildir folder messages are written to (default: `convene-mail` beside
    /// the SQLite file, or `./convene-mail` with PostgreSQL).
    #[arg(long, env = "CONVENE_MAILDIR")]
    pub maildir: Option<std::path::PathBuf>,
    /// Load the Izmir example programme when the store has no event yet.
    #[arg(long)]
    pub demo: bool,
    /// Serve the first event's programme page from memory at /bench/programme-bytes (for load tests).
    #[arg(long, hide = true)]
    pub bench_route: bool,
    /// Seconds between checks for a newly published programme (on PostgreSQL, other nodes'
    /// publications are also heard at once).
    #[arg(long, default_value = "2")]
    pub refresh: u64,
    /// Connections open at once; past it, the connection silent longest is closed to make room
    /// (default: three quarters of the open-file limit, at most 16384).
    #[arg(long, env = "CONVENE_MAX_CONNECTIONS", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: Option<u64>,
    /// Seconds a client has to send a request's head (its request line and headers).
    #[arg(long, env = "CONVENE_HEADER_TIMEOUT", default_value = "10", value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Seconds a connection may stay silent with no request being handled (between kept-alive
    /// requests, or a client that stops reading) before it is closed.
    #[arg(long, env = "CONVENE_IDLE_TIMEOUT", default_value = "5", value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout: u64,
}

impl Args {
    /// The server's limits: the flags, with the connection cap fitted to the open-file limit.
    fn limits(&self) -> Limits {
        let files = server::raise_file_limit();
        let max_connections = match self.max_connections {
            Some(max) => usize::try_from(max).unwrap_or(usize::MAX),
            None => files.map_or(
                Limits::default().max_connections,
                Limits::connections_for_files,
            ),
        };
        Limits {
            header_timeout: Duration::from_secs(self.header_timeout),
            idle_timeout: Duration::from_secs(self.idle_timeout),
            max_connections,
            ..Limits::default()
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    super::init_logs();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the server's runtime: {err}");
            return ExitCode::from(UNUSABLE);
        }
    };
    runtime.block_on(serve(args))
}

async fn serve(args: Args) -> ExitCode {
    let store = match super::open_store(&args.database).await {
        Ok(store) => store,
        Err(code) => return code,
    };
    if args.demo
        && let Err(code) = load_demo(&store).await
    {
        return code;
    }
    let catalog = Arc::new(Catalog::new());
    let marker = match convene_web::catalog::refresh(&store, &catalog).await {
        Ok(marker) => marker,
        Err(err) => {
            eprintln!(
                "error: cannot read the programmes from {}: {err}",
                args.database
            );
            return ExitCode::from(UNUSABLE);
        }
    };
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.bind));
    let mut site = Site::new(base_url.clone());
    if let Some(header) = &args.trusted_proxy_header {
        match axum::http::HeaderName::try_from(header.as_str()) {
            Ok(header) => site.trusted_proxy_header = Some(header),
            Err(_) => {
                eprintln!("error: \"{header}\" is not a header name (try X-Forwarded-For)");
                return ExitCode::from(UNUSABLE);
            }
        }
    }
    let mailer = match mailer(&args, &store, &base_url) {
        Ok(mailer) => Arc::new(mailer),
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(UNUSABLE);
        }
    };
    site.mailer = Some(Arc::clone(&mailer));
    let state = AppState::new(Arc::clone(&catalog), site, store.clone());
    let router = app(state.clone());
    if args.bench_route
        && let Some(event) = catalog.snapshot().keys().next()
    {
        let path = format!("/events/{event}/programme");
        if let Err(err) = convene_web::enable_bench_route(&state, &router, &path).await {
            eprintln!("error: cannot prepare the bench route: {err}");
        }
    }
    let listener = match tokio::net::TcpListener::bind(args.bind).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot listen on {}: {err}", args.bind);
            return ExitCode::from(UNUSABLE);
        }
    };
    let watcher = tokio::spawn(convene_web::catalog::follow(
        store.clone(),
        Arc::clone(&catalog),
        marker,
        Duration::from_secs(args.refresh.max(1)),
    ));
    // Background jobs, among them the hourly removal of expired login sessions, password links,
    // old login failures and old jobs; any node may run them, leases keep them from running twice.
    let (stop_jobs, jobs_stopped) = tokio::sync::oneshot::channel::<()>();
    let jobs = {
        let node = std::env::var("HOSTNAME").unwrap_or_else(|_| "convene".to_owned());
        let runner = Runner::new(store.clone(), &node)
            .with_housekeeping()
            .with_mail(store.clone(), Arc::clone(&mailer))
            .handle(
                convene_store::EXPIRE_OFFER,
                convene_web::participate::expire_offer(state.clone()),
            )
            .handle(
                convene_web::jobs::SEND_REMINDERS,
                convene_web::participate::reminders::send_reminders(state.clone()),
            )
            .handle(
                convene_store::CHANGE_NOTICES,
                convene_web::participate::notices::change_notices(state.clone()),
            )
            .handle(
                convene_store::SEND_ANNOUNCEMENT,
                convene_web::participate::announcements::send_announcement(state.clone()),
            );
        // On the store's writers' thread, so that a job holds the write lock as briefly as a
        // registration does.
        let writer = store.clone();
        tokio::spawn(async move {
            writer
                .writing(runner.run(async {
                    let _ = jobs_stopped.await;
                }))
                .await;
        })
    };
    let events: Vec<String> = catalog.snapshot().keys().cloned().collect();
    // Where to look, for the person who started it; a closed stdout must not stop the server.
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(
            stdout,
            "convene serves {} on {base_url}/",
            describe(&events)
        );
        for event in &events {
            let _ = writeln!(stdout, "  {base_url}/events/{event}/programme");
        }
        let _ = stdout.flush();
    }
    let limits = args.limits();
    tracing::info!(
        max_connections = limits.max_connections,
        header_timeout = ?limits.header_timeout,
        idle_timeout = ?limits.idle_timeout,
        "serving"
    );
    server::serve(listener, router, limits, shutdown_signal()).await;
    watcher.abort();
    // A job under way finishes, or its lease runs out and another node retries it.
    let _ = stop_jobs.send(());
    let _ = tokio::time::timeout(Duration::from_secs(10), jobs).await;
    store.close().await;
    ExitCode::SUCCESS
}

/// The mailer the flags ask for: their SMTP server, or else a Maildir folder.
fn mailer(args: &Args, store: &Store, base_url: &str) -> Result<Mailer, MailError> {
    let from = match &args.mail_from {
        Some(given) => mail::sender(given)?,
        None => mail::default_sender(base_url)?,
    };
    let mailer = match &args.smtp {
        Some(url) => Mailer::smtp(url, from)?,
        None => {
            let folder = args.maildir.clone().unwrap_or_else(|| {
                store
                    .sqlite_file()
                    .and_then(|file| file.parent())
                    .map_or_else(
                        || PathBuf::from("convene-mail"),
                        |dir| dir.join("convene-mail"),
                    )
            });
            Mailer::maildir(folder, from)?
        }
    };
    match mailer.destination() {
        Destination::Smtp { host, port } => {
            tracing::info!(from = %mailer.from(), "email goes to the SMTP server {host}:{port}");
        }
        Destination::Maildir(path) => {
            tracing::info!(from = %mailer.from(), "email goes to the Maildir {}", path.display());
        }
    }
    Ok(mailer)
}

fn describe(events: &[String]) -> String {
    match events.len() {
        0 => "no event yet (import one with `convene import FILE`)".to_owned(),
        1 => "1 event".to_owned(),
        n => format!("{n} events"),
    }
}

async fn load_demo(store: &Store) -> Result<(), ExitCode> {
    let empty = store.events().await.map(|e| e.is_empty()).map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(UNUSABLE)
    })?;
    if !empty {
        return Ok(());
    }
    let Ok(programme) = Checked::load(DEMO, &CheckOptions::default()) else {
        eprintln!("error: the demo programme has errors");
        return Err(ExitCode::FAILURE);
    };
    store
        .import_programme(&programme, jiff::Timestamp::now())
        .await
        .map_err(|err| {
            eprintln!("error: cannot store the demo programme: {err}");
            ExitCode::from(UNUSABLE)
        })?;
    open_demo_registration(store, programme.programme())
        .await
        .map_err(|err| {
            eprintln!("error: cannot open registration for the demo: {err}");
            ExitCode::from(UNUSABLE)
        })?;
    Ok(())
}

/// Opens registration for the demo programme, so that a newcomer sees it work: from now, with no
/// closing and a short privacy notice; the mayors' dialogue by approval with 40 seats, each
/// thematic workshop with 25 and each on-site day with 200.
async fn open_demo_registration(
    store: &Store,
    programme: &convene_core::Programme,
) -> Result<(), convene_store::StoreError> {
    use convene_core::registration::{Policy, Target, TargetSetting, Window, offer_expiry};
    use convene_core::{Language, SessionKind, Text};

    let now = jiff::Timestamp::now();
    let mut notice = Text::new();
    for (lang, text) in [
        (
            "fr",
            "Vos données servent **uniquement** à organiser votre participation au sommet. \
             Elles sont effacées après l’événement ; vous pouvez les consulter ou les effacer \
             à tout moment depuis votre page.",
        ),
        (
            "en",
            "Your details are used **only** to organise your attendance at the summit. They \
             are erased after the event; you can see or erase them at any time from your page.",
        ),
        (
            "tr",
            "Bilgileriniz **yalnızca** zirveye katılımınızı düzenlemek için kullanılır. \
             Etkinlikten sonra silinir; sayfanızdan istediğiniz zaman görebilir ya da \
             silebilirsiniz.",
        ),
    ] {
        if let Ok(lang) = Language::parse(lang) {
            notice.insert(lang, text);
        }
    }
    let window = Window {
        opens: Some(now),
        privacy_notice: notice,
        ..Window::closed()
    };
    let settings = Target::all(programme).into_iter().filter_map(|target| {
        let (policy, seats) = match &target {
            Target::Day(_) => (Policy::Open, 200),
            Target::Session(id) => {
                let session = programme.sessions.iter().find(|s| s.identity() == id)?;
                match session.kind {
                    SessionKind::MayorsDialogue => (Policy::Approval, 40),
                    SessionKind::ThematicWorkshop => (Policy::Open, 25),
                    _ => return None,
                }
            }
        };
        Some(TargetSetting {
            target,
            policy,
            capacity: Some(seats),
        })
    });
    let ends = |target: &Target| offer_expiry(now, target.start(programme), window.offer_hours);
    let event = programme.event.id.as_str();
    let mut unit = store.begin("opening registration for the demo").await?;
    unit.set_registration_window(event, &window, now).await?;
    for setting in settings {
        unit.set_target(event, &setting, now, &ends).await?;
    }
    unit.record_audit(now, None, "registration-settings", Some(event), "demo")
        .await?;
    unit.commit().await
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests under way");
}
