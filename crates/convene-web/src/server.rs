//! Serving the app on a socket, holding against slow and idle clients: a request's head must
//! arrive in time, silent connections are closed, the connections open at once are capped (a new
//! one takes the place of the one silent longest), running out of file descriptors slows the
//! accepting down instead of spinning, and a stop lets the requests under way finish.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::ServiceExt;

/// How the server treats connections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// A request's head (its request line and headers) must arrive in full within this time from
    /// when the server starts waiting for it: on a new connection, and between requests on a
    /// kept-alive one.
    pub header_timeout: Duration,
    /// A connection on which no byte moves either way while none of its requests is being handled
    /// is closed after this time: a kept-alive connection with no next request, a connection that
    /// sends nothing, a client that stops reading its response.
    pub idle_timeout: Duration,
    /// Connections open at once. A new connection past it takes the place of the one silent
    /// longest among those with no request being handled; when every connection has a request
    /// being handled, the new one is answered 503 and closed at once.
    pub max_connections: usize,
    /// How long a stop waits for the requests under way before closing their connections.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            max_connections: 512,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

impl Limits {
    /// The connections a process may keep open with `files` open-file descriptors: a quarter of
    /// them (at least 64) stays free for the store, the listener and the logs.
    ///
    /// ```
    /// assert_eq!(convene_web::server::Limits::connections_for_files(1024), 768);
    /// ```
    pub fn connections_for_files(files: u64) -> usize {
        let reserve = (files / 4).max(64);
        let connections = files.saturating_sub(reserve).clamp(16, 16_384);
        usize::try_from(connections).unwrap_or(16_384)
    }
}

/// Raises this process's limit on open files to the most it is allowed, and returns the limit in
/// force (`None` where it cannot be read).
#[cfg(unix)]
pub fn raise_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct it is given.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit = raised;
        }
    }
    #[allow(clippy::useless_conversion)]
    Some(u64::from(limit.rlim_cur))
}

/// Raises this process's limit on open files; unknown on this system.
#[cfg(not(unix))]
pub fn raise_file_limit() -> Option<u64> {
    None
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes; then stops accepting,
/// lets the requests under way finish (for at most `limits.shutdown_grace`) and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) {
    let open = Arc::new(Connections::new(limits.max_connections.max(1)));
    let (stop, stopping) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut shutdown = pin!(shutdown);
    let mut backoff = Duration::ZERO;
    let mut last_report: Option<Instant> = None;
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, peer)) => {
                backoff = Duration::ZERO;
                match open.admit() {
                    Some(slot) => {
                        tasks.spawn(connection(
                            stream,
                            peer,
                            router.clone(),
                            limits.clone(),
                            slot,
                            stopping.clone(),
                        ));
                    }
                    None => refuse(&stream),
                }
            }
            Err(err) if is_connection_error(&err) => {}
            Err(err) => {
                // Out of file descriptors (or memory): close the connection silent longest to free
                // one, and wait a little before accepting again rather than spinning.
                let closed = open.close_silent_longest();
                backoff = if closed {
                    Duration::from_millis(5)
                } else {
                    (backoff * 2).clamp(Duration::from_millis(5), Duration::from_secs(1))
                };
                if last_report.is_none_or(|at| at.elapsed() >= Duration::from_secs(1)) {
                    tracing::error!(
                        error = %err,
                        open = open.len(),
                        "cannot accept a connection; waiting {backoff:?}"
                    );
                    last_report = Some(Instant::now());
                }
                tokio::select! {
                    () = &mut shutdown => break,
                    () = tokio::time::sleep(backoff) => {}
                }
            }
        }
    }
    drop(listener);
    stop.send_replace(true);
    let drained = tokio::time::timeout(limits.shutdown_grace, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            connections = tasks.len(),
            "stopping with requests still under way after {:?}",
            limits.shutdown_grace
        );
        tasks.shutdown().await;
    }
}

/// Errors of one connection that came and went before it was accepted: accept the next.
fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

/// Answers a connection there is no room for, without waiting for its request, and closes it.
fn refuse(stream: &TcpStream) {
    const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\
                          retry-after: 1\r\nconnection: close\r\n\r\n";
    // A fresh socket's send buffer is empty: the answer fits, or the client is gone anyway.
    let _ = stream.try_write(BUSY);
}

/// One connection, served until it ends, is closed to make room, falls silent, or the server stops.
async fn connection(
    stream: TcpStream,
    peer: std::net::SocketAddr,
    router: Router,
    limits: Limits,
    slot: Slot,
    mut stopping: watch::Receiver<bool>,
) {
    let state = Arc::clone(&slot.state);
    let io = TokioIo::new(Watched {
        stream,
        state: Arc::clone(&state),
    });
    let handling = Arc::clone(&state);
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let router = router.clone();
        let busy = Handling::start(Arc::clone(&handling));
        async move {
            // Handlers may ask where the request comes from (sign-in throttling does).
            let mut request = request.map(Body::new);
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            let response = router.oneshot(request).await;
            drop(busy);
            response
        }
    });
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut served = pin!(http.serve_connection(io, service));
    let mut stopped = false;
    loop {
        let check_at = if state.handling() > 0 {
            Instant::now() + limits.idle_timeout
        } else {
            state.last_active() + limits.idle_timeout
        };
        tokio::select! {
            result = served.as_mut() => {
                if let Err(err) = result {
                    tracing::debug!(error = %err, "a connection ended");
                }
                break;
            }
            () = state.close.notified() => break,
            _ = stopping.changed(), if !stopped => {
                stopped = true;
                served.as_mut().graceful_shutdown();
            }
            () = tokio::time::sleep_until(check_at) => {
                if state.handling() == 0 && state.last_active() + limits.idle_timeout <= Instant::now() {
                    break;
                }
            }
        }
    }
}

/// The connections open now: to cap them, and to pick the one to close when room is needed.
struct Connections {
    open: Mutex<HashMap<u64, Arc<ConnectionState>>>,
    next_id: AtomicU64,
    max: usize,
    epoch: Instant,
}

/// What the server follows of one connection.
struct ConnectionState {
    epoch: Instant,
    /// Milliseconds after `epoch` when a byte last moved either way or a request was last handled.
    last_active: AtomicU64,
    /// Requests of this connection being handled now.
    handling: AtomicUsize,
    /// Told when the connection is to close at once.
    close: Notify,
}

impl ConnectionState {
    fn touch(&self) {
        let millis = u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_active.store(millis, Ordering::Relaxed);
    }

    fn last_active(&self) -> Instant {
        self.epoch + Duration::from_millis(self.last_active.load(Ordering::Relaxed))
    }

    fn handling(&self) -> usize {
        self.handling.load(Ordering::Relaxed)
    }
}

/// A request being handled, from its head to its response.
struct Handling(Arc<ConnectionState>);

impl Handling {
    fn start(state: Arc<ConnectionState>) -> Self {
        state.handling.fetch_add(1, Ordering::Relaxed);
        state.touch();
        Self(state)
    }
}

impl Drop for Handling {
    fn drop(&mut self) {
        self.0.touch();
        self.0.handling.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A connection's place among the open ones, given back when it ends.
struct Slot {
    id: u64,
    state: Arc<ConnectionState>,
    connections: Arc<Connections>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.connections.lock().remove(&self.id);
    }
}

impl Connections {
    fn new(max: usize) -> Self {
        Self {
            open: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            max,
            epoch: Instant::now(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<ConnectionState>>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    /// A place for a new connection, made by closing the one silent longest when all are taken;
    /// `None` when every connection has a request being handled.
    fn admit(self: &Arc<Self>) -> Option<Slot> {
        let mut open = self.lock();
        if open.len() >= self.max {
            let victim = silent_longest(&open)?;
            if let Some(state) = open.remove(&victim) {
                state.close.notify_one();
            }
        }
        let state = Arc::new(ConnectionState {
            epoch: self.epoch,
            last_active: AtomicU64::new(0),
            handling: AtomicUsize::new(0),
            close: Notify::new(),
        });
        state.touch();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        open.insert(id, Arc::clone(&state));
        Some(Slot {
            id,
            state,
            connections: Arc::clone(self),
        })
    }

    /// Closes the connection silent longest with no request being handled; whether there was one.
    fn close_silent_longest(&self) -> bool {
        let mut open = self.lock();
        let Some(victim) = silent_longest(&open) else {
            return false;
        };
        if let Some(state) = open.remove(&victim) {
            state.close.notify_one();
        }
        true
    }
}

/// The connection with no request being handled on which nothing has moved for the longest time.
fn silent_longest(open: &HashMap<u64, Arc<ConnectionState>>) -> Option<u64> {
    open.iter()
        .filter(|(_, state)| state.handling() == 0)
        .min_by_key(|(id, state)| (state.last_active.load(Ordering::Relaxed), **id))
        .map(|(id, _)| *id)
}

/// A connection's socket, noting when bytes move.
struct Watched {
    stream: TcpStream,
    state: Arc<ConnectionState>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.state.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.state.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.state.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_of_the_files_and_at_least_64_stay_free_for_the_rest() {
        let cases = [
            ("the common limit", 1024, 768),
            ("a small limit", 256, 192),
            ("a tiny limit still allows a few", 40, 16),
            ("a large limit is capped", 1 << 20, 16_384),
        ];
        for (case, files, connections) in cases {
            assert_eq!(Limits::connections_for_files(files), connections, "{case}");
        }
    }

    #[tokio::test]
    async fn past_the_cap_the_connection_silent_longest_makes_room() {
        let connections = Arc::new(Connections::new(2));
        let first = connections.admit().expect("room");
        tokio::time::sleep(Duration::from_millis(5)).await;
        let second = connections.admit().expect("room");
        second.state.touch();
        let third = connections.admit().expect("room made");
        assert_eq!(connections.len(), 2);
        assert!(
            !connections.lock().contains_key(&first.id),
            "the first was closed"
        );
        assert!(connections.lock().contains_key(&second.id));
        assert!(connections.lock().contains_key(&third.id));
    }

    #[tokio::test]
    async fn when_every_connection_is_handling_a_request_there_is_no_room() {
        let connections = Arc::new(Connections::new(1));
        let only = connections.admit().expect("room");
        let busy = Handling::start(Arc::clone(&only.state));
        assert!(connections.admit().is_none());
        assert!(!connections.close_silent_longest());
        drop(busy);
        assert!(connections.admit().is_some());
    }
}
