//! What the organiser workspace costs on the server: saving one session and publishing, through the
//! real router, on a SQLite store holding a generated 1,000-session programme (event "sample").
//!
//! `cargo bench -p convene-web --bench organiser`
//!
//! - "session form with its suggestions" and "timetable of its day": GET of the pages organisers
//!   place sessions with, for `session-500` and its day (about 200 sessions, six zones).
//!
//! - "save one session": a POST of the session form of `session-500` (a new title, the session's
//!   CSRF token and cookie, the draft's current revision) answered 303. It includes the login
//!   session lookup, reading and loading the draft, the form, the checks, writing the programme
//!   file, the draft's transaction and the audit record.
//! - "save one session, core only": the same work without the store and HTTP (load the draft's
//!   source, replace the session, check, write the file), with its parts on their own.
//! - "publish": a POST of the publish form answered 303 for a draft with one retitled session,
//!   including the calendar history folded onto the previous version's in the store and the reload
//!   of the catalog (the new version and its stored history). Each publication starts from a fresh
//!   copy of a store with a fixed number of published versions, so every measured publication does
//!   the same work; it is measured after 1, 20 and 100 earlier versions, with the core's part
//!   (reading the previous and the new version, folding the history) beside it.
//!
//! A summary with the median and the slowest of every timed run follows criterion's report.

use std::cell::RefCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use convene_core::export::ical::{CalendarHistory, history};
use convene_core::sample::{SampleShape, sample_programme};
use convene_core::{CheckOptions, Checked, Language, Programme, check, load};
use convene_store::{Role, Store};
use convene_web::{AppState, Catalog, Site, app};
use criterion::{Criterion, SamplingMode};
use http_body_util::BodyExt;
use tokio::runtime::Runtime;
use tower::ServiceExt;

const EVENT: &str = "sample";
const SESSION: &str = "session-500";
const PASSWORD: &str = "a long enough password";
/// Earlier versions behind the measured publications.
const EARLIER_VERSIONS: [usize; 3] = [1, 20, 100];

fn sample() -> String {
    sample_programme(SampleShape {
        sessions: 1000,
        days: 5,
        zones: 6,
    })
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A folder of its own, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        let nanos = jiff::Timestamp::now().as_nanosecond() % 1_000_000_000;
        let dir = std::env::temp_dir().join(format!(
            "convene-bench-organiser-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        Self(dir)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A signed-in editor: the cookie to send and the session's CSRF token.
#[derive(Clone)]
struct Editor {
    cookie: String,
    csrf: String,
}

/// The application over one SQLite file, as `serve` builds it.
struct App {
    router: Router,
    store: Store,
    catalog: Arc<Catalog>,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl App {
    async fn open(file: &Path) -> Self {
        let store = Store::connect(&format!("sqlite://{}", file.display()))
            .await
            .expect("SQLite opens");
        store.migrate().await.expect("migrations apply");
        let catalog = Arc::new(Catalog::new());
        convene_web::catalog::refresh(&store, &catalog)
            .await
            .expect("the catalog loads");
        let state = AppState::new(
            Arc::clone(&catalog),
            Site::new("https://convene.example.org"),
            store.clone(),
        );
        Self {
            router: app(state),
            store,
            catalog,
        }
    }

    async fn request(&self, request: Request<Body>) -> Reply {
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
            .to_bytes();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, uri: &str, cookie: &str) -> Reply {
        let mut request = Request::get(uri);
        if !cookie.is_empty() {
            request = request.header("cookie", cookie);
        }
        self.request(request.body(Body::empty()).unwrap()).await
    }

    async fn post_form(&self, uri: &str, fields: &[(String, String)], cookie: &str) -> Reply {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        let request = Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body(Body::from(body.join("&")))
            .unwrap();
        self.request(request).await
    }

    /// Signs in through the login form, as a browser would.
    async fn sign_in(&self, email: &str) -> Editor {
        let form = self.get("/organiser/login", "").await;
        let token = cookie_value(&form, "convene_login").expect("a login token cookie");
        let fields = [
            ("email", email),
            ("password", PASSWORD),
            ("csrf", token.as_str()),
            ("next", "/organiser"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()));
        let reply = self
            .post_form(
                "/organiser/login",
                &fields,
                &format!("convene_login={token}"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
        let session = cookie_value(&reply, "convene_session").expect("a session cookie");
        let cookie = format!("convene_session={session}");
        let page = self.get("/organiser", &cookie).await;
        let csrf = hidden(&page.text(), "csrf").expect("a CSRF token in the page");
        Editor { cookie, csrf }
    }

    async fn close(self) {
        self.store.close().await;
    }
}

/// A store with the sample programme published `versions` times and an editor who signed in, in
/// `file`; closed, so that a copy of the file is a copy of the store.
async fn prepare(file: &Path, source: &str, versions: usize) -> Editor {
    let programme =
        Checked::load(source, &CheckOptions::default()).expect("the sample programme is valid");
    {
        let store = Store::connect(&format!("sqlite://{}", file.display()))
            .await
            .expect("SQLite opens");
        store.migrate().await.expect("migrations apply");
        for _ in 0..versions {
            store
                .import_programme(&programme, jiff::Timestamp::now())
                .await
                .expect("the sample programme imports");
        }
        // A draft with a change of its own, so that there is something to publish.
        let changed = source.replacen(
            "title.en = \"Workshop 0: inclusive cities\"",
            "title.en = \"Workshop 0: inclusive cities, revised\"",
            1,
        );
        let changed = Checked::load(&changed, &CheckOptions::default()).expect("still valid");
        let revision = store.draft(EVENT).await.expect("reads").map(|d| d.revision);
        store
            .save_draft(&changed, revision, jiff::Timestamp::now(), None)
            .await
            .expect("the changed draft saves");
        let user = store
            .create_user("editor@example.org", Role::Editor, jiff::Timestamp::now())
            .await
            .expect("a new organiser");
        store
            .set_event_role(&user.id, EVENT, Some(Role::Editor))
            .await
            .expect("a role on the event");
        let phc = convene_web::organiser::credentials::hash_password(PASSWORD).unwrap();
        store
            .set_password_hash(&user.id, &phc, jiff::Timestamp::now())
            .await
            .unwrap();
        store.close().await;
    }
    let app = App::open(file).await;
    let editor = app.sign_in("editor@example.org").await;
    app.close().await;
    editor
}

/// Copies a closed SQLite store (with its write-ahead log, should one be left).
fn copy_store(from: &Path, to: &Path) {
    std::fs::copy(from, to).expect("the store copies");
    let wal = |p: &Path| PathBuf::from(format!("{}-wal", p.display()));
    if wal(from).exists() {
        std::fs::copy(wal(from), wal(to)).expect("the log copies");
    }
}

fn remove_store(file: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

/// The session form as the edit page fills it: every field's value, by name, in page order.
fn form_fields(html: &str) -> Vec<(String, String)> {
    let start = html
        .find("<form method=\"post\" class=\"stacked session-form\"")
        .expect("the session form");
    let form = &html[start..];
    let form = &form[..form.find("</form>").expect("the end of the form")];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let tag_end = rest.find('>').expect("a closed tag");
        let tag = &rest[..tag_end];
        let Some(name) = attribute(tag, "name") else {
            continue;
        };
        if tag.starts_with("input") {
            if tag.contains("type=\"checkbox\"") && !tag.contains(" checked") {
                continue;
            }
            fields.push((name, attribute(tag, "value").unwrap_or_default()));
        } else if tag.starts_with("textarea") {
            let body = &rest[tag_end + 1..];
            let end = body.find("</textarea>").expect("a closed text area");
            fields.push((name, unescape(&body[..end])));
        } else if tag.starts_with("select") {
            let body = &rest[tag_end + 1..];
            let options = &body[..body.find("</select>").expect("a closed list")];
            let value = options
                .find(" selected>")
                .and_then(|i| attribute(&options[..i], "value"))
                .unwrap_or_default();
            fields.push((name, value));
        }
    }
    fields
}

/// The value of the last attribute `name` in `tag`, unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!("{name}=\"");
    let start = tag.rfind(&marker)? + marker.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

fn unescape(text: &str) -> String {
    text.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
}

fn set(fields: &mut [(String, String)], name: &str, value: String) {
    let field = fields
        .iter_mut()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("no field {name} in the form"));
    field.1 = value;
}

fn cookie_value(reply: &Reply, name: &str) -> Option<String> {
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

fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

fn encode(text: &str) -> String {
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

/// Every timed run of one benchmark, warm-up included, for the summary.
#[derive(Default)]
struct Runs(RefCell<Vec<(String, Vec<Duration>)>>);

impl Runs {
    fn add(&self, name: &str, took: Duration) {
        let mut all = self.0.borrow_mut();
        match all.iter_mut().find(|(n, _)| n == name) {
            Some((_, runs)) => runs.push(took),
            None => all.push((name.to_owned(), vec![took])),
        }
    }

    fn print(&self, aims: &[(&str, Duration)]) {
        println!();
        println!(
            "{:<62} {:>6} {:>11} {:>11}  aim",
            "summary (every timed run)", "runs", "median", "slowest"
        );
        for (name, runs) in self.0.borrow().iter() {
            let mut sorted = runs.clone();
            sorted.sort();
            let median = sorted[sorted.len() / 2];
            let slowest = sorted[sorted.len() - 1];
            let aim = aims
                .iter()
                .find(|(prefix, _)| name.starts_with(prefix))
                .map(|(_, aim)| {
                    let verdict = if median < *aim { "met" } else { "NOT met" };
                    format!("< {} ms: {verdict}", aim.as_millis())
                })
                .unwrap_or_default();
            println!(
                "{name:<62} {:>6} {:>8.2} ms {:>8.2} ms  {aim}",
                sorted.len(),
                median.as_secs_f64() * 1e3,
                slowest.as_secs_f64() * 1e3
            );
        }
    }
}

fn save_through_router(c: &mut Criterion, runs: &Runs, scratch: &Scratch, source: &str) {
    let rt = runtime();
    let template = scratch.file("save-template.db");
    let editor = rt.block_on(prepare(&template, source, 1));
    let file = scratch.file("save.db");
    copy_store(&template, &file);
    let app = rt.block_on(App::open(&file));
    let uri = format!("/organiser/events/{EVENT}/sessions/{SESSION}");
    let page = rt.block_on(app.get(&uri, &editor.cookie));
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let mut fields = form_fields(&page.text());
    let mut revision: i64 = fields
        .iter()
        .find(|(k, _)| k == "revision")
        .and_then(|(_, v)| v.parse().ok())
        .expect("the draft's revision in the form");
    assert_eq!(
        fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v),
        Some(&editor.csrf)
    );
    let mut saves = 0u64;
    let name = "save one session (POST, 303)";
    let mut group = c.benchmark_group("organiser");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                saves += 1;
                set(&mut fields, "revision", revision.to_string());
                set(
                    &mut fields,
                    "title_en",
                    format!("Workshop 500: inclusive cities, take {saves}"),
                );
                let started = Instant::now();
                let reply = rt.block_on(app.post_form(&uri, &fields, &editor.cookie));
                let took = started.elapsed();
                assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
                assert_eq!(
                    reply.header("location"),
                    format!("/organiser/events/{EVENT}?done=saved")
                );
                revision += 1;
                runs.add(name, took);
                total += took;
            }
            total
        })
    });
    group.finish();
    // Every save was taken: the draft is at the revision the last form named, plus one.
    let draft = rt
        .block_on(app.store.draft(EVENT))
        .unwrap()
        .expect("the draft");
    assert_eq!(draft.revision, revision);
    if saves > 0 {
        assert!(draft.source.contains(&format!("take {saves}\"")));
    }
    println!("({saves} saves; the draft is at revision {revision})");
    rt.block_on(app.close());
    remove_store(&file);
}

fn save_core_only(c: &mut Criterion, runs: &Runs, source: &str) {
    let options = CheckOptions::default();
    let en = Language::parse("en").unwrap();
    let edit = |programme: &Programme, take: u64| {
        let mut next = programme.clone();
        let session = next
            .sessions
            .iter_mut()
            .find(|s| s.id.as_str() == SESSION)
            .expect("session-500");
        session.title.insert(
            en.clone(),
            format!("Workshop 500: inclusive cities, take {take}"),
        );
        next
    };
    let mut group = c.benchmark_group("organiser");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(8));
    let mut take = 0u64;
    let mut timed = |b: &mut criterion::Bencher<'_>, name: &str, work: &mut dyn FnMut(u64)| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                take += 1;
                let started = Instant::now();
                work(take);
                let took = started.elapsed();
                runs.add(name, took);
                total += took;
            }
            total
        })
    };
    let name = "save one session, core only (load + replace + check + write)";
    group.bench_function(name, |b| {
        timed(b, name, &mut |take| {
            let current = load(black_box(source), &options).programme.expect("valid");
            let next = edit(&current, take);
            assert!(!check(&next, &options).iter().any(|d| d.is_error()));
            black_box(convene_core::programme_file::write(&next));
        })
    });
    let programme = load(source, &options).programme.expect("valid");
    let name = "  core part: load the draft (parse + check)";
    group.bench_function(name, |b| {
        timed(b, name, &mut |_| {
            black_box(load(black_box(source), &options));
        })
    });
    let name = "  core part: replace the session (clone)";
    group.bench_function(name, |b| {
        timed(b, name, &mut |take| {
            black_box(edit(black_box(&programme), take));
        })
    });
    let name = "  core part: check";
    group.bench_function(name, |b| {
        timed(b, name, &mut |_| {
            black_box(check(black_box(&programme), &options));
        })
    });
    let name = "  core part: write the programme file";
    group.bench_function(name, |b| {
        timed(b, name, &mut |_| {
            black_box(convene_core::programme_file::write(black_box(&programme)));
        })
    });
    group.finish();
}

fn publish(c: &mut Criterion, runs: &Runs, scratch: &Scratch, source: &str) {
    let rt = runtime();
    let options = CheckOptions::default();
    let mut group = c.benchmark_group("organiser");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for earlier in EARLIER_VERSIONS {
        let template = scratch.file(&format!("publish-{earlier}.db"));
        let editor = rt.block_on(prepare(&template, source, earlier));
        let fields = [
            ("csrf".to_owned(), editor.csrf.clone()),
            ("note".to_owned(), "Benchmark".to_owned()),
        ];
        let file = scratch.file("publish.db");
        let uri = format!("/organiser/events/{EVENT}/publish");
        let expected = format!(
            "/organiser/events/{EVENT}?done=published&version={}",
            earlier + 1
        );
        let name = format!("publish (POST, 303) after {earlier} earlier version(s)");
        group.bench_function(&name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    copy_store(&template, &file);
                    let app = rt.block_on(async {
                        let app = App::open(&file).await;
                        // The pool's connection is open and the login session known, as on a
                        // running server.
                        let dashboard = app.get("/organiser", &editor.cookie).await;
                        assert_eq!(dashboard.status, StatusCode::OK);
                        app
                    });
                    let started = Instant::now();
                    let reply = rt.block_on(app.post_form(&uri, &fields, &editor.cookie));
                    let took = started.elapsed();
                    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
                    assert_eq!(reply.header("location"), expected);
                    let served = app.catalog.get(EVENT).expect("the event is served");
                    assert_eq!(served.version, earlier as i64 + 1, "the catalog reloaded");
                    rt.block_on(app.close());
                    remove_store(&file);
                    runs.add(&name, took);
                    total += took;
                }
                total
            })
        });
        let name = format!(
            "  core part after {earlier}: read the previous and the new version, fold the history"
        );
        let earlier_history = {
            let previous = load(source, &options).programme.unwrap();
            history(&[&previous]).to_json()
        };
        group.bench_function(&name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    let previous = load(black_box(source), &options).programme.unwrap();
                    let new = load(black_box(source), &options).programme.unwrap();
                    let kept = CalendarHistory::from_json(black_box(&earlier_history)).unwrap();
                    black_box(kept.next(Some(&previous), &new).to_json());
                    let took = started.elapsed();
                    runs.add(&name, took);
                    total += took;
                }
                total
            })
        });
    }
    group.finish();
}

/// The pages organisers place sessions with: the session form (its preview and the start times that
/// suit every zone, from the slot finder, for the session's length on its day, with the overlaps in
/// its venue) and the timetable of its day (about 200 sessions beside each zone's clock).
fn placing_pages(c: &mut Criterion, runs: &Runs, scratch: &Scratch, source: &str) {
    let rt = runtime();
    let file = scratch.file("pages.db");
    let editor = rt.block_on(prepare(&file, source, 1));
    let app = rt.block_on(App::open(&file));
    let form = format!("/organiser/events/{EVENT}/sessions/{SESSION}");
    let form_page = rt.block_on(app.get(&form, &editor.cookie));
    assert_eq!(form_page.status, StatusCode::OK);
    // Six zones around the world: the slot finder looks through the day, and may find nothing
    // that suits them all; either way the form says so.
    assert!(
        form_page.text().contains("slots"),
        "the suggestions' section"
    );
    let draft = rt
        .block_on(app.store.draft(EVENT))
        .unwrap()
        .expect("the draft");
    let programme = load(&draft.source, &CheckOptions::default())
        .programme
        .unwrap();
    let day = programme
        .sessions
        .iter()
        .find(|s| s.id.as_str() == SESSION)
        .and_then(|s| s.schedule.date())
        .expect("the session has a day");
    let timetable = format!("/organiser/events/{EVENT}/timetable?day={day}");
    let mut group = c.benchmark_group("organiser");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    for (name, uri) in [
        ("session form with its suggestions (GET, 200)", &form),
        ("timetable of its day (GET, 200)", &timetable),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    let reply = rt.block_on(app.get(uri, &editor.cookie));
                    let took = started.elapsed();
                    assert_eq!(reply.status, StatusCode::OK, "{uri}");
                    runs.add(name, took);
                    total += took;
                }
                total
            })
        });
    }
    group.finish();
    rt.block_on(app.close());
    remove_store(&file);
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let source = sample();
    let scratch = Scratch::new();
    let runs = Runs::default();
    placing_pages(&mut c, &runs, &scratch, &source);
    save_through_router(&mut c, &runs, &scratch, &source);
    save_core_only(&mut c, &runs, &source);
    publish(&mut c, &runs, &scratch, &source);
    c.final_summary();
    runs.print(&[
        ("save one session (POST", Duration::from_millis(50)),
        ("publish (POST", Duration::from_millis(100)),
    ]);
}
