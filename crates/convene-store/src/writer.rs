//! Where this process's SQLite writes run: one thread of their own.
//!
//! A unit of work on SQLite holds the database's write lock from its first statement to its
//! commit, and each statement is a hand-off to the thread of sqlx's connection and back. Run among
//! the tasks that serve requests, each of those returns waits its turn behind whatever the serving
//! threads have queued, and the lock is held that much longer for every writer after it. On a
//! thread of their own, writers are woken as soon as their statement is done.

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
            let runtime = Builder::new_current_thread()
                .enable_all()
                .thread_name("convene-writer")
                .build()
                .ok()?;
            let handle = runtime.handle().clone();
            std::thread::Builder::new()
                .name("convene-writer".to_owned())
                .spawn(move || runtime.block_on(std::future::pending::<()>()))
                .ok()?;
            Some(handle)
        })
        .as_ref()
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
