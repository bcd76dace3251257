//! Learning at once that another node published: on PostgreSQL, a publication notifies
//! [`crate::PUBLICATIONS_CHANNEL`] when its unit of work commits, and [`Publications`] hears it.
//! SQLite has no such thing (and one node), so there nodes poll the change marker.

use std::fmt;
use std::sync::Arc;

use sqlx::postgres::PgListener;

use crate::{Backend, PUBLICATIONS_CHANNEL, Store, StoreError};

/// A connection URL, which may hold a password: it never prints.
#[derive(Clone)]
pub(crate) struct Secret(Arc<str>);

impl Secret {
    pub(crate) fn new(url: &str) -> Self {
        Self(Arc::from(url))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[the database URL]")
    }
}

/// The publications of every node, as they commit.
pub struct Publications {
    listener: PgListener,
}

impl fmt::Debug for Publications {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Publications")
    }
}

impl Store {
    /// Listens for publications on a connection of its own; `None` on SQLite, where nothing
    /// notifies and the change marker is polled instead.
    pub async fn publications(&self) -> Result<Option<Publications>, StoreError> {
        if self.backend != Backend::Postgres {
            return Ok(None);
        }
        let action = "listening for publications";
        let fail = |e| StoreError::failed(self.backend, action, e);
        let mut listener = PgListener::connect(&self.url.0).await.map_err(fail)?;
        listener.listen(PUBLICATIONS_CHANNEL).await.map_err(fail)?;
        Ok(Some(Publications { listener }))
    }
}

impl Publications {
    /// Waits for the next publication and returns its event's id. A lost connection is opened
    /// again; publications made while it was down are not heard, so callers also poll now and
    /// then.
    pub async fn next(&mut self) -> Result<String, StoreError> {
        let notification =
            self.listener.recv().await.map_err(|e| {
                StoreError::failed(Backend::Postgres, "waiting for publications", e)
            })?;
        Ok(notification.payload().to_owned())
    }
}
