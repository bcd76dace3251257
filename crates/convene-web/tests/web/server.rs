//! The serving loop over a real socket: slow and silent clients are closed in time, a capped
//! server keeps room for a normal request, and a stop lets the request under way finish.
//! Time bounds here are generous: each is several times what the behaviour needs.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use convene_web::server::{Limits, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, oneshot};

/// Time for anything that should happen "at once" on a loaded machine.
const PROMPT: Duration = Duration::from_secs(1);
/// Slack on top of a timeout before calling it missed.
const SLACK: Duration = Duration::from_secs(4);

/// A server running in the test's runtime, stopped when `stop` is sent or dropped.
struct Running {
    address: String,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<()>,
    /// Requests to `/wait` that have started; each waits for a permit of `release`.
    started: Arc<Semaphore>,
    release: Arc<Semaphore>,
}

async fn start(limits: Limits) -> Running {
    let started = Arc::new(Semaphore::new(0));
    let release = Arc::new(Semaphore::new(0));
    let router = {
        let (started, release) = (Arc::clone(&started), Arc::clone(&release));
        Router::new()
            .route("/healthz", get(|| async { "ok\n" }))
            .route(
                "/wait",
                get(move || {
                    let (started, release) = (Arc::clone(&started), Arc::clone(&release));
                    async move {
                        started.add_permits(1);
                        release.acquire().await.expect("open").forget();
                        "done\n"
                    }
                }),
            )
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(serve(listener, router, limits, async {
        let _ = stopped.await;
    }));
    Running {
        address,
        stop: Some(stop),
        done,
        started,
        release,
    }
}

fn limits(header: u64, idle: u64, max_connections: usize) -> Limits {
    Limits {
        header_timeout: Duration::from_secs(header),
        idle_timeout: Duration::from_secs(idle),
        max_connections,
        shutdown_grace: Duration::from_secs(30),
    }
}

impl Running {
    async fn connect(&self) -> TcpStream {
        TcpStream::connect(&self.address).await.expect("connects")
    }

    /// A connection that has sent half a request's head.
    async fn half_sent(&self) -> TcpStream {
        let mut stream = self.connect().await;
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        stream
    }

    /// Sends a whole request and reads the answer up to the server closing the connection.
    async fn get(&self, path: &str) -> String {
        let mut stream = self.connect().await;
        stream
            .write_all(
                format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
            )
            .await
            .unwrap();
        read_to_end(&mut stream).await
    }
}

async fn read_to_end(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    // A reset after the answer still leaves the answer read.
    let _ = stream.read_to_end(&mut bytes).await;
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether the server closes `stream` within `within`, and what it sent before closing.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<String> {
    tokio::time::timeout(within, read_to_end(stream)).await.ok()
}

#[tokio::test]
async fn more_half_sent_requests_than_the_cap_still_leave_room_for_a_normal_request() {
    let server = start(limits(1, 60, 8)).await;
    let mut slow = Vec::new();
    for _ in 0..24 {
        slow.push(server.half_sent().await);
    }
    let asked = Instant::now();
    let answer = tokio::time::timeout(PROMPT, server.get("/healthz"))
        .await
        .expect("a normal request is answered at once");
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nok\n"), "{answer}");
    assert!(asked.elapsed() < PROMPT);
    for (n, stream) in slow.iter_mut().enumerate() {
        let sent = closed_within(stream, Duration::from_secs(1) + SLACK)
            .await
            .unwrap_or_else(|| panic!("half-sent connection {n} is still open"));
        assert!(!sent.contains("200 OK"), "connection {n}: {sent}");
    }
}

#[tokio::test]
async fn a_head_sent_a_byte_at_a_time_is_cut_off_at_the_header_timeout() {
    let server = start(limits(1, 60, 8)).await;
    let mut stream = server.connect().await;
    let request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ".to_vec();
    let began = Instant::now();
    let mut written = 0;
    // Never silent for long, so only the header timeout can end it.
    let closed = loop {
        let byte = request.get(written).copied().unwrap_or(b'a');
        if stream.write_all(&[byte]).await.is_err() {
            break true;
        }
        written += 1;
        let mut buf = [0u8; 256];
        match tokio::time::timeout(Duration::from_millis(100), stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => break true,
            Ok(Ok(_)) => {}
            Err(_) if began.elapsed() > Duration::from_secs(1) + SLACK => break false,
            Err(_) => {}
        }
    };
    assert!(closed, "still open after {:?}", began.elapsed());
}

#[tokio::test]
async fn a_silent_connection_and_an_idle_kept_alive_one_are_closed_after_the_idle_timeout() {
    let server = start(limits(60, 1, 8)).await;
    let mut silent = server.connect().await;
    assert_eq!(
        closed_within(&mut silent, Duration::from_secs(1) + SLACK).await,
        Some(String::new()),
        "a connection that sends nothing"
    );
    let mut kept = server.connect().await;
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = closed_within(&mut kept, Duration::from_secs(1) + SLACK)
        .await
        .expect("a kept-alive connection with no next request is closed");
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
}

#[tokio::test]
async fn a_request_being_handled_is_not_cut_by_the_idle_timeout() {
    let server = start(limits(60, 1, 8)).await;
    let mut waiting = server.connect().await;
    waiting
        .write_all(b"GET /wait HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    server.started.acquire().await.unwrap().forget();
    tokio::time::sleep(Duration::from_secs(2)).await;
    server.release.add_permits(1);
    let answer = read_to_end(&mut waiting).await;
    assert!(answer.ends_with("\r\n\r\ndone\n"), "{answer}");
}

#[tokio::test]
async fn when_every_connection_is_handling_a_request_a_new_one_is_refused_at_once() {
    let server = start(limits(60, 60, 2)).await;
    let mut busy = Vec::new();
    for _ in 0..2 {
        let mut stream = server.connect().await;
        stream
            .write_all(b"GET /wait HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        busy.push(stream);
    }
    server.started.acquire_many(2).await.unwrap().forget();
    let refused = tokio::time::timeout(PROMPT, server.get("/healthz"))
        .await
        .expect("refused at once");
    assert_eq!(
        refused,
        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nretry-after: 1\r\nconnection: close\r\n\r\n"
    );
    server.release.add_permits(2);
    for stream in &mut busy {
        let answer = read_to_end(stream).await;
        assert!(answer.ends_with("\r\n\r\ndone\n"), "{answer}");
    }
    let again = server.get("/healthz").await;
    assert!(again.starts_with("HTTP/1.1 200 OK\r\n"), "{again}");
}

#[tokio::test]
async fn a_stop_lets_the_request_under_way_finish_and_accepts_no_more() {
    let mut server = start(limits(60, 60, 8)).await;
    let mut waiting = server.connect().await;
    waiting
        .write_all(b"GET /wait HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    server.started.acquire().await.unwrap().forget();
    let _idle = server.connect().await;
    server.stop.take().unwrap().send(()).unwrap();
    // Give the server a moment to stop listening; it must still be waiting for the request.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !server.done.is_finished(),
        "it waits for the request under way"
    );
    assert!(
        TcpStream::connect(&server.address).await.is_err(),
        "a new connection is not accepted"
    );
    server.release.add_permits(1);
    let answer = read_to_end(&mut waiting).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.ends_with("\r\n\r\ndone\n"), "{answer}");
    tokio::time::timeout(PROMPT + SLACK, &mut server.done)
        .await
        .expect("the server stops once the request is answered")
        .unwrap();
}

#[tokio::test]
async fn a_stop_with_nothing_under_way_is_prompt() {
    let mut server = start(limits(60, 60, 8)).await;
    let _idle = server.connect().await;
    assert!(server.get("/healthz").await.starts_with("HTTP/1.1 200 OK"));
    server.stop.take().unwrap().send(()).unwrap();
    tokio::time::timeout(PROMPT, &mut server.done)
        .await
        .expect("an idle connection does not hold the stop")
        .unwrap();
}
