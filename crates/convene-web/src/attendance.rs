//! Who joined, written a moment later: a click on "Join" must lead into the room at once, even when
//! hundreds arrive in the same minute, so each click is noted in memory and a background task
//! writes what gathered, every [`FLUSH_EVERY`], in one unit of work.
//!
//! A click is lost only if the process dies in the instant between the click and the next write;
//! the report of who joined is then short of it, and nothing else is affected.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use convene_store::{Attended, Store, StoreError};
use tokio::sync::Notify;

/// How often gathered clicks are written.
pub const FLUSH_EVERY: Duration = Duration::from_millis(200);
/// Clicks kept while the store cannot take them; beyond, the oldest are dropped (and logged).
const MAX_PENDING: usize = 100_000;

/// The clicks not written yet, and the task that writes them.
pub struct AttendanceLog {
    store: Store,
    pending: Mutex<Vec<Attended>>,
    /// Wakes the writer early when many clicks have gathered.
    full: Notify,
    started: OnceLock<()>,
}

impl AttendanceLog {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            pending: Mutex::new(Vec::new()),
            full: Notify::new(),
            started: OnceLock::new(),
        }
    }

    /// Notes a click; the writer task starts with the first one.
    pub fn record(self: &std::sync::Arc<Self>, click: Attended) {
        self.started.get_or_init(|| {
            let log = std::sync::Arc::clone(self);
            tokio::spawn(async move { log.keep_writing().await });
        });
        let gathered = {
            let mut pending = self.lock();
            if pending.len() >= MAX_PENDING {
                pending.remove(0);
                tracing::error!("attendance cannot be written; the oldest click is dropped");
            }
            pending.push(click);
            pending.len()
        };
        if gathered >= 500 {
            self.full.notify_one();
        }
    }

    /// Writes every click noted so far, now; on failure they are kept for the next try.
    pub async fn flush(&self) -> Result<(), StoreError> {
        let clicks = std::mem::take(&mut *self.lock());
        if clicks.is_empty() {
            return Ok(());
        }
        let store = self.store.clone();
        let (written, clicks) = self
            .store
            .writing(async move { (write(&store, &clicks).await, clicks) })
            .await;
        if written.is_err() {
            let mut pending = self.lock();
            let later = std::mem::replace(&mut *pending, clicks);
            pending.extend(later);
            let excess = pending.len().saturating_sub(MAX_PENDING);
            pending.drain(..excess);
        }
        written
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Attended>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn keep_writing(&self) {
        loop {
            tokio::select! {
                () = tokio::time::sleep(FLUSH_EVERY) => {}
                () = self.full.notified() => {}
            }
            if let Err(error) = self.flush().await {
                tracing::warn!(%error, "cannot write who joined; trying again");
            }
        }
    }
}

async fn write(store: &Store, clicks: &[Attended]) -> Result<(), StoreError> {
    let mut unit = store.begin("recording who joined").await?;
    unit.record_attendance(clicks).await?;
    unit.commit().await
}
