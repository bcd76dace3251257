//! `TestApp`: a fresh store (a SQLite file, or a PostgreSQL database) with the Izmir programme
//! imported, the catalog loaded from it, and the router to send requests to.

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use convene_core::{CheckOptions, Checked};
use convene_store::Store;
use convene_web::{AppState, Catalog, Site, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const IZMIR: &str = include_str!("../../../../examples/izmir-2021.toml");

pub struct TestApp {
    pub router: Router,
    /// What the handlers share, for job handlers that need it.
    pub state: AppState,
    /// Where its store is, for a second node over the same database.
    pub url: String,
    pub store: Store,
    pub catalog: Arc<Catalog>,
    pub backend: &'static str,
    base_url: String,
    _cleanup: Cleanup,
}

/// Drops the PostgreSQL database or the SQLite folder of a test.
enum Cleanup {
    Folder(std::path::PathBuf),
    Database { admin: String, name: String },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        match self {
            Cleanup::Folder(path) => {
                let _ = std::fs::remove_dir_all(path);
            }
            Cleanup::Database { admin, name } => {
                let (admin, name) = (admin.clone(), name.clone());
                // A runtime of its own: the test's runtime is shutting down.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let Ok(runtime) = runtime {
                        runtime.block_on(async {
                            sqlx::any::install_default_drivers();
                            if let Ok(pool) = sqlx::AnyPool::connect(&admin).await {
                                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                                let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        jiff::Timestamp::now().as_nanosecond() % 1_000_000
    )
}

impl TestApp {
    async fn sqlite(base_url: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("convene-web-{}", unique()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let url = format!("sqlite://{}", dir.join("convene.db").display());
        Self::with_store(
            Store::connect(&url).await.expect("SQLite opens"),
            url,
            "sqlite",
            Cleanup::Folder(dir),
            base_url,
        )
        .await
    }

    async fn postgres(admin: &str, base_url: &str) -> Self {
        sqlx::any::install_default_drivers();
        let name = format!("convene_web_{}", unique());
        let pool = sqlx::AnyPool::connect(admin)
            .await
            .expect("the test PostgreSQL server answers");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await
            .expect("a test database can be created");
        pool.close().await;
        let (base, _) = admin.rsplit_once('/').expect("the URL names a database");
        let url = format!("{base}/{name}");
        let store = Store::connect(&url).await.expect("PostgreSQL opens");
        Self::with_store(
            store,
            url,
            "postgres",
            Cleanup::Database {
                admin: admin.to_owned(),
                name,
            },
            base_url,
        )
        .await
    }

    async fn with_store(
        store: Store,
        url: String,
        backend: &'static str,
        cleanup: Cleanup,
        base_url: &str,
    ) -> Self {
        store.migrate().await.expect("migrations apply");
        let programme = Checked::load(IZMIR, &CheckOptions::default()).expect("Izmir loads");
        let at: jiff::Timestamp = "2021-11-20T09:00:00Z".parse().unwrap();
        store
            .import_programme(&programme, at)
            .await
            .expect("Izmir imports");
        let catalog = Arc::new(Catalog::new());
        convene_web::catalog::refresh(&store, &catalog)
            .await
            .expect("the catalog loads");
        let state = AppState::new(Arc::clone(&catalog), Site::new(base_url), store.clone());
        Self {
            router: app(state.clone()),
            state,
            url,
            store,
            catalog,
            backend,
            base_url: base_url.to_owned(),
            _cleanup: cleanup,
        }
    }

    /// The same app, whose site delivers email with `mailer` (its pages say where mail goes).
    pub fn with_mailer(mut self, mailer: Arc<convene_web::mail::Mailer>) -> Self {
        let mut site = Site::new(self.base_url.as_str());
        site.mailer = Some(mailer);
        let state = AppState::new(Arc::clone(&self.catalog), site, self.store.clone());
        self.router = app(state);
        self
    }

    /// Another node's connection to the same database.
    pub async fn other_node(&self) -> Store {
        Store::connect(&self.url)
            .await
            .expect("opens the same database")
    }

    /// A job runner over the app's store, with the handlers `serve` gives it; tests add their own
    /// and run due jobs with [`TestApp::run_due_jobs`].
    pub fn with_jobs(&self) -> convene_web::jobs::Runner {
        convene_web::jobs::Runner::new(self.store.clone(), "test-node").with_housekeeping()
    }

    /// Runs the jobs that are due, one after another, until none is; what became of each.
    pub async fn run_due_jobs(
        &self,
        runner: &convene_web::jobs::Runner,
    ) -> Vec<convene_web::jobs::Outcome> {
        let mut outcomes = Vec::new();
        loop {
            let ran = runner.run_once().await.expect("the store answers");
            if ran.is_empty() {
                break;
            }
            outcomes.extend(ran);
            assert!(outcomes.len() < 1000, "jobs keep coming: {outcomes:?}");
        }
        outcomes
    }

    /// Imports another programme file and reloads the catalog, as `serve` does when it notices.
    pub async fn import(&self, source: &str) -> i64 {
        let programme =
            Checked::load(source, &CheckOptions::default()).expect("the programme loads");
        let version = self
            .store
            .import_programme(&programme, jiff::Timestamp::now())
            .await
            .unwrap();
        convene_web::catalog::refresh(&self.store, &self.catalog)
            .await
            .unwrap();
        version
    }

    /// Posts a form (application/x-www-form-urlencoded) with extra headers.
    pub async fn post_form(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        let mut request =
            Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.request(request.body(Body::from(body.join("&"))).unwrap())
            .await
    }

    /// Creates an organiser with a password and `role` on every event there is, signs in through
    /// the login form, and returns the session.
    pub async fn sign_in(&self, email: &str, role: convene_store::Role) -> Session {
        let events: Vec<String> = self
            .store
            .events()
            .await
            .unwrap()
            .iter()
            .map(|e| e.id.to_string())
            .collect();
        let events: Vec<&str> = events.iter().map(String::as_str).collect();
        self.sign_in_on(email, role, &events).await
    }

    /// Creates an organiser with a password and `role` on `events` only (an admin's role is on
    /// every event anyway), signs in through the login form, and returns the session.
    pub async fn sign_in_on(
        &self,
        email: &str,
        role: convene_store::Role,
        events: &[&str],
    ) -> Session {
        let user = self
            .store
            .create_user(email, role, jiff::Timestamp::now())
            .await
            .expect("a new organiser");
        for event in events {
            self.store
                .set_event_role(&user.id, event, Some(role))
                .await
                .expect("a role on the event");
        }
        let phc =
            convene_web::organiser::credentials::hash_password("a long enough password").unwrap();
        self.store
            .set_password_hash(&user.id, &phc, jiff::Timestamp::now())
            .await
            .unwrap();
        let reply = self.login(email, "a long enough password").await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email}: {}",
            reply.text()
        );
        let cookie = cookie_value(&reply, "convene_session").expect("a session cookie");
        let page = self
            .get_with(
                "/organiser",
                &[("cookie", &format!("convene_session={cookie}"))],
            )
            .await;
        let csrf = hidden(&page.text(), "csrf").expect("a CSRF token in the page");
        Session {
            cookie: format!("convene_session={cookie}"),
            csrf,
        }
    }

    /// Submits the login form as a browser would (its token cookie and field).
    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.login_from("127.0.0.1", email, password).await
    }

    /// Signs in through the login form from the client address `address`, as a connection from
    /// it would.
    pub async fn login_from(&self, address: &str, email: &str, password: &str) -> Reply {
        let form = self.get("/organiser/login").await;
        let token = cookie_value(&form, "convene_login").expect("a login token cookie");
        let body = [
            ("email", email),
            ("password", password),
            ("csrf", token.as_str()),
            ("next", "/organiser"),
        ]
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
        let peer: std::net::SocketAddr = format!("{address}:40000").parse().expect("an address");
        let request = Request::post("/organiser/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("convene_login={token}"))
            .extension(axum::extract::ConnectInfo(peer))
            .body(Body::from(body))
            .unwrap();
        self.request(request).await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.request(request.body(Body::empty()).unwrap()).await
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("the body reads")
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }
}

/// Runs a test on SQLite, then on PostgreSQL when a test server is given by
/// `CONVENE_TEST_POSTGRES_URL` (required when `CONVENE_REQUIRE_POSTGRES=1`, as `scripts/test` sets).
pub async fn on_both<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    on_both_at("https://summit.example.org", test).await;
}

/// Like [`on_both`], for a site whose readers reach it at `base_url`.
pub async fn on_both_at<F, Fut>(base_url: &str, test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    test(TestApp::sqlite(base_url).await).await;
    match std::env::var("CONVENE_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => test(TestApp::postgres(&url, base_url).await).await,
        _ if std::env::var("CONVENE_REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!(
                "CONVENE_REQUIRE_POSTGRES=1 but CONVENE_TEST_POSTGRES_URL is not set: run the suite through scripts/with-postgres"
            )
        }
        _ => eprintln!(
            "note: PostgreSQL half skipped (set CONVENE_TEST_POSTGRES_URL, or run scripts/test)"
        ),
    }
}

/// A signed-in organiser: the cookie to send and the page's CSRF token.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

impl Session {
    pub fn headers(&self) -> [(&str, &str); 1] {
        [("cookie", self.cookie.as_str())]
    }
}

/// The value a response's Set-Cookie gives to `name`.
pub fn cookie_value(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix(&format!("{name}="))
                .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
        })
}

/// The value of a hidden form field in a page.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// Percent-encodes a form component.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
