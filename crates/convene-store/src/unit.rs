//! A unit of work: the writes that one change makes (a draft and its audit entry; later a
//! registration, its seat and its email) commit together or not at all.
//!
//! ```no_run
//! # async fn run(store: &convene_store::Store, draft: &convene_core::Checked) -> Result<(), convene_store::StoreError> {
//! let now = jiff::Timestamp::now();
//! let mut unit = store.begin("saving the draft of event \"izmir-2021\"").await?;
//! let revision = unit.save_draft(draft, Some(3), now, None).await?;
//! unit.record_audit(now, None, "edit-session", Some("izmir-2021"), "opening").await?;
//! unit.commit().await?; // dropped without this, nothing of it is stored
//! # Ok(()) }
//! ```

use sqlx::{Any, AnyConnection, Transaction};

use crate::{Backend, Store, StoreError, WriteTurn};

/// Writes that commit together. Dropping it without [`UnitOfWork::commit`] rolls every one of
/// them back.
#[derive(Debug)]
pub struct UnitOfWork {
    tx: Transaction<'static, Any>,
    backend: Backend,
    action: String,
    /// Dropped after the transaction, letting the next writer of this process in.
    _turn: WriteTurn,
}

impl Store {
    /// Starts a unit of work; `action` says what it does, for the messages of its failures.
    ///
    /// On SQLite it holds the write lock from the start (`BEGIN IMMEDIATE`), so concurrent units
    /// queue for up to the busy timeout; on PostgreSQL they queue on the rows they change.
    pub async fn begin(&self, action: impl Into<String>) -> Result<UnitOfWork, StoreError> {
        let action = action.into();
        let turn = self.write_turn().await?;
        let tx = self.begin_write(|| action.clone()).await?;
        Ok(UnitOfWork {
            tx,
            backend: self.backend,
            action,
            _turn: turn,
        })
    }
}

impl UnitOfWork {
    /// Stores every write of the unit at once.
    pub async fn commit(self) -> Result<(), StoreError> {
        let Self {
            tx,
            backend,
            action,
            _turn,
        } = self;
        tx.commit()
            .await
            .map_err(|e| StoreError::failed(backend, action, e))
    }

    /// Drops every write of the unit; the same as dropping it, but waits until the database has.
    pub async fn rollback(self) -> Result<(), StoreError> {
        let Self {
            tx,
            backend,
            action,
            _turn,
        } = self;
        tx.rollback()
            .await
            .map_err(|e| StoreError::failed(backend, action, e))
    }

    pub(crate) fn connection(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    pub(crate) fn backend(&self) -> Backend {
        self.backend
    }
}
