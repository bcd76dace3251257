//! Where this process's SQLite writes run: one thread of their own.
//!
//! A unit of work on SQLite holds the database's write lock from its first statement to its
//! commit, and each statement is a hand-off to the thread of sqlx's connection and back. Run among
//! the tasks that serve requests, each of those returns waits its turn behind whatever the serving
//! threads have queued, and the lock is held that much longer for every writer after it. On a
//! thread of their own, writers are woken as soon as their statement is done; writes take turns on
//! one connection opened from that thread, and the thread keeps to one core.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle};

use crate::{Backend, Store};

/// The runtime of the writers' thread, started on first use and kept for the process's life;
/// `None` if the system would not start one (writes then run where they are asked for).
fn writers_thread() -> Option<&'static Handle> {
    static WRITERS: OnceLock<Option<Handle>> = OnceLock::new();
    WRITERS
        .get_or_init(|| {
            // Seen from here, before the writers' thread keeps to one core.
            machine_cores();
            let runtime = Builder::new_current_thread()
                .enable_all()
                .thread_name("convene-writer")
                .build()
                .ok()?;
            let handle = runtime.handle().clone();
            std::thread::Builder::new()
                .name("convene-writer".to_owned())
                .spawn(move || {
                    keep_to_one_core();
                    runtime.block_on(std::future::pending::<()>())
                })
                .ok()?;
            Some(handle)
        })
        .as_ref()
}

/// Keeps the writers' thread on one core (the last, when there are several), and with it the
/// thread sqlx starts for the writers' connection, which inherits where it may run: each hand-off
/// between the two then wakes a thread on the same core, instead of waking another core, which
/// on virtual machines takes longer than the statement itself. Measured with
/// `scripts/registration-rush` on 2 cores: about 1.65 times the registrations per second.
fn keep_to_one_core() {
    if let [_, .., last] = machine_cores() {
        core_affinity::set_for_current(*last);
    }
}

/// Every core of the machine, as the process saw them before the writers' thread kept to one:
/// threads started from that thread inherit its one core, and may spread out again with these.
pub fn machine_cores() -> &'static [core_affinity::CoreId] {
    static CORES: OnceLock<Vec<core_affinity::CoreId>> = OnceLock::new();
    CORES.get_or_init(|| core_affinity::get_core_ids().unwrap_or_default())
}

impl Store {
    /// Runs `work`, a change to the store, where this store's writes run best: on SQLite on the
    /// writers' own thread, on PostgreSQL (where writers wait on rows, not on one lock) in place.
    ///
    /// The work runs to its end even if the caller stops waiting for it, so that what it began
    /// commits or rolls back as a whole and never halfway through a hand-off.
    pub async fn writing<T, W>(&self, work: W) -> T
    where
        W: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let thread = match self.backend {
            Backend::Sqlite => writers_thread(),
            Backend::Postgres => None,
        };
        let Some(thread) = thread else {
            return work.await;
        };
        match thread.spawn(work).await {
            Ok(done) => done,
            Err(failure) => std::panic::resume_unwind(failure.into_panic()),
        }
    }
}

/// Opens the connection of `writes` from the writers' thread, and gives it back to the pool,
/// which keeps it: sqlx's thread for that connection then starts from theirs.
pub(crate) async fn open_on_writers_thread(writes: &sqlx::AnyPool) {
    let Some(thread) = writers_thread() else {
        return;
    };
    let writes = writes.clone();
    // A failure here is met again, and reported, by the first write.
    let _ = thread
        .spawn(async move { drop(writes.acquire().await) })
        .await;
}
