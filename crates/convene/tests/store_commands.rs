//! `convene import` and `convene serve`: the real binary on a real SQLite file and a real socket.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn convene(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the convene binary runs")
}

/// A folder of its own for each test, removed at the end.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("convene-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        std::fs::copy(example(), path.join("izmir-2021.toml")).unwrap();
        Self(path)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/izmir-2021.toml")
}

#[test]
fn each_published_import_is_a_new_version_in_convene_db() {
    let folder = Folder::new("import");
    let first = convene(&["import", "--publish", "izmir-2021.toml"], &folder.0);
    let second = convene(&["import", "--publish", "izmir-2021.toml"], &folder.0);
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        "izmir-2021: published as version 1\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        "izmir-2021: published as version 2\n"
    );
    assert!(
        folder.0.join("convene.db").exists(),
        "the default SQLite file"
    );
}

#[test]
fn an_import_without_publish_replaces_the_draft_only() {
    let folder = Folder::new("draft");
    convene(&["import", "--publish", "izmir-2021.toml"], &folder.0);
    let draft = convene(&["import", "izmir-2021.toml"], &folder.0);
    assert_eq!(
        String::from_utf8_lossy(&draft.stdout),
        "izmir-2021: saved as the draft (revision 2); publish it with `convene import --publish` or in the organiser area\n"
    );
    let next = convene(&["import", "--publish", "izmir-2021.toml"], &folder.0);
    assert_eq!(
        String::from_utf8_lossy(&next.stdout),
        "izmir-2021: published as version 2\n"
    );
}

#[test]
fn an_event_called_new_is_refused_for_the_page_that_creates_events() {
    let folder = Folder::new("reserved");
    let new = std::fs::read_to_string(folder.0.join("izmir-2021.toml"))
        .unwrap()
        .replacen("id = \"izmir-2021\"", "id = \"new\"", 1);
    std::fs::write(folder.0.join("new.toml"), new).unwrap();
    for args in [
        &["import", "new.toml"][..],
        &["import", "--publish", "new.toml"],
    ] {
        let refused = convene(args, &folder.0);
        assert_eq!(refused.status.code(), Some(1), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&refused.stderr),
            "error: `new` is reserved for the page that creates events; choose another id\n\
             nothing was stored; the store keeps what it had\n",
            "{args:?}"
        );
    }
    assert!(
        !folder.0.join("convene.db").exists(),
        "the store was not opened"
    );
}

#[test]
fn a_file_with_errors_is_refused_and_the_stored_programme_stays() {
    let folder = Folder::new("refused");
    convene(&["import", "--publish", "izmir-2021.toml"], &folder.0);
    let broken = std::fs::read_to_string(folder.0.join("izmir-2021.toml"))
        .unwrap()
        .replace(
            "host_zone = \"Europe/Istanbul\"",
            "host_zone = \"Europe/Izmir\"",
        );
    std::fs::write(folder.0.join("broken.toml"), broken).unwrap();
    let refused = convene(&["import", "broken.toml"], &folder.0);
    assert_eq!(refused.status.code(), Some(1));
    let report = String::from_utf8_lossy(&refused.stderr);
    assert!(
        report.contains("error: unknown time zone \"Europe/Izmir\""),
        "{report}"
    );
    assert!(report.contains("--> broken.toml:10:13"), "{report}");
    assert!(
        report.ends_with(
            "nothing was stored because of the 1 error above; the store keeps what it had\n"
        ),
        "{report}"
    );
    let next = convene(&["import", "--publish", "izmir-2021.toml"], &folder.0);
    assert_eq!(
        String::from_utf8_lossy(&next.stdout),
        "izmir-2021: published as version 2\n"
    );
}

#[test]
fn a_database_that_cannot_be_opened_is_reported() {
    let folder = Folder::new("bad-db");
    let output = convene(
        &[
            "import",
            "izmir-2021.toml",
            "--database",
            "sqlite:///nonexistent/dir/x.db",
        ],
        &folder.0,
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot open the database at sqlite:///nonexistent/dir/x.db"),
        "{stderr}"
    );
}

/// A server started by the test, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(folder: &Path, extra: &[&str]) -> Self {
        Self::start_in(folder, extra, None)
    }

    /// A server whose process may hold at most `files` open files (soft and hard limit).
    fn start_with_file_limit(folder: &Path, files: u32, extra: &[&str]) -> Self {
        Self::start_in(folder, extra, Some(files))
    }

    fn start_in(folder: &Path, extra: &[&str], files: Option<u32>) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let bind = format!("127.0.0.1:{port}");
        let mut command = match files {
            // The shell lowers its own limit, then becomes the server, which inherits it.
            Some(files) => {
                let mut shell = Command::new("sh");
                shell
                    .arg("-c")
                    .arg(format!("ulimit -n {files} && exec \"$0\" \"$@\""))
                    .arg(env!("CARGO_BIN_EXE_convene"));
                shell
            }
            None => Command::new(env!("CARGO_BIN_EXE_convene")),
        };
        let mut child = command
            .args(["serve", "--bind", &bind])
            .args(extra)
            .current_dir(folder)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().and_then(Result::ok).unwrap_or_default();
        assert_eq!(first, format!("convene serves 1 event on http://{bind}/"));
        // Keep reading what it prints, as a terminal would.
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            child,
            base: format!("http://{bind}"),
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let address = self.base.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().unwrap();
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    fn terminate(&mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_demo_serves_the_izmir_programme_and_stops_cleanly_on_sigterm() {
    let folder = Folder::new("serve");
    let mut server = Server::start(&folder.0, &["--demo"]);
    assert_eq!(server.get("/healthz"), (200, "ok\n".to_owned()));
    let (status, page) = server.get("/events/izmir-2021/programme?lang=fr");
    assert_eq!(status, 200);
    assert!(page.contains("16:00–17:30"), "{page}");
    assert_eq!(
        server.terminate(),
        Some(0),
        "a graceful shutdown exits with 0"
    );
}

/// Connections that each send half a request's head and then nothing.
fn half_sent(address: &str, count: usize) -> Vec<std::net::TcpStream> {
    use std::io::Write;
    (0..count)
        .map(|n| {
            let mut stream = std::net::TcpStream::connect(address)
                .unwrap_or_else(|err| panic!("slow connection {n}: {err}"));
            stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            stream
        })
        .collect()
}

/// Whether the server has closed `stream` by `deadline` (an end of stream or a reset).
fn closed_by(stream: &mut std::net::TcpStream, deadline: Instant) -> bool {
    use std::io::Read;
    let mut buf = [0u8; 512];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn serve_answers_at_once_while_more_half_sent_requests_are_open_than_it_has_files_for() {
    let cases: [(&str, &[&str]); 2] = [
        ("the connection cap fitted to the file limit", &[]),
        (
            "a cap above the file limit, which runs out of files",
            &["--max-connections", "2000"],
        ),
    ];
    for (case, extra) in cases {
        let folder = Folder::new("slow-clients");
        let flags = [&["--demo", "--header-timeout", "2"], extra].concat();
        let mut server = Server::start_with_file_limit(&folder.0, 256, &flags);
        let address = server.base.trim_start_matches("http://").to_owned();
        let mut slow = half_sent(&address, 320);
        let asked = Instant::now();
        let answer = server.get("/healthz");
        let took = asked.elapsed();
        assert_eq!(answer, (200, "ok\n".to_owned()), "{case}");
        // A generous bound: the answer takes milliseconds; without the limits it never comes.
        assert!(
            took < Duration::from_secs(1),
            "{case}: answered after {took:?}"
        );
        // The header timeout is 2 s; allow as much again and some.
        let deadline = Instant::now() + Duration::from_secs(6);
        let open: Vec<usize> = slow
            .iter_mut()
            .enumerate()
            .filter_map(|(n, stream)| (!closed_by(stream, deadline)).then_some(n))
            .collect();
        assert_eq!(open, Vec::<usize>::new(), "{case}: still open");
        assert_eq!(server.terminate(), Some(0), "{case}: a clean stop");
    }
}

#[test]
fn serve_picks_up_a_newly_imported_version() {
    let folder = Folder::new("refresh");
    convene(&["import", "--publish", "izmir-2021.toml"], &folder.0);
    let server = Server::start(&folder.0, &["--refresh", "1"]);
    let changed = std::fs::read_to_string(folder.0.join("izmir-2021.toml"))
        .unwrap()
        .replace("start = \"19:15\"", "start = \"19:20\"");
    std::fs::write(folder.0.join("changed.toml"), changed).unwrap();
    convene(&["import", "--publish", "changed.toml"], &folder.0);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (_, page) = server.get("/events/izmir-2021/programme?lang=fr");
        if page.contains("19:20–20:30") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new version was not served: {page}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn an_event_exported_from_the_store_as_toml_imports_back_to_the_same_programme() {
    let folder = Folder::new("export-toml");
    convene(&["import", "--publish", "izmir-2021.toml"], &folder.0);
    let exported = convene(
        &[
            "export",
            "--event",
            "izmir-2021",
            "--format",
            "toml",
            "--output",
            "again.toml",
        ],
        &folder.0,
    );
    assert_eq!(
        exported.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let again = std::fs::read_to_string(folder.0.join("again.toml")).unwrap();
    let original = std::fs::read_to_string(folder.0.join("izmir-2021.toml")).unwrap();
    let options = convene_core::CheckOptions::default();
    assert_eq!(
        convene_core::load(&again, &options).programme,
        convene_core::load(&original, &options).programme
    );
    let check = convene(&["check", "again.toml"], &folder.0);
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "again.toml: no problems found\n"
    );
}
