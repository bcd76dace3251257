//! The published programmes, held in memory and swapped whole when a new version is published, so
//! public reads never wait for the store.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use convene_core::export::ical::CalendarHistory;
use convene_core::{CheckOptions, Programme, load};
use convene_store::{Store, StoreError};
use jiff::Timestamp;

/// One event's current programme, as served.
#[derive(Debug)]
pub struct Published {
    pub programme: Programme,
    /// What calendar apps need from earlier versions: each session's SEQUENCE, removed sessions.
    /// Kept with the version in the store, so no earlier version is held here.
    pub history: Option<CalendarHistory>,
    /// The version number in the store (1 for the first import).
    pub version: i64,
    pub published_at: Timestamp,
}

impl Published {
    pub fn event_id(&self) -> &str {
        self.programme.event.id.as_str()
    }

    /// A tag that changes with every version, for HTTP validators.
    pub fn tag(&self) -> String {
        format!("{}-v{}", self.event_id(), self.version)
    }
}

/// Every event's current programme, by event id.
#[derive(Debug, Default)]
pub struct Catalog {
    events: RwLock<Arc<BTreeMap<String, Arc<Published>>>>,
    generation: AtomicU64,
}

impl Catalog {
    pub fn new() -> Self {
        Self::default()
    }

    /// The current set of events; a snapshot that later publications do not change.
    pub fn snapshot(&self) -> Arc<BTreeMap<String, Arc<Published>>> {
        match self.events.read() {
            Ok(events) => Arc::clone(&events),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn get(&self, event_id: &str) -> Option<Arc<Published>> {
        self.snapshot().get(event_id).cloned()
    }

    /// Replaces (or adds) one event's programme, atomically for readers; a version older than
    /// the one held (arriving late from a slower path) is ignored.
    pub fn publish(&self, published: Published) {
        let mut guard = match self.events.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if guard
            .get(published.event_id())
            .is_some_and(|held| held.version > published.version)
        {
            return;
        }
        let mut next = BTreeMap::clone(&guard);
        next.insert(published.event_id().to_owned(), Arc::new(published));
        *guard = Arc::new(next);
        self.generation.fetch_add(1, Ordering::Release);
    }

    /// A number that changes whenever any programme changes (for response caches).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }
}

/// Loads every event's current programme from the store into the catalog, replacing the ones whose
/// version changed; returns the store's change marker to compare with later.
///
/// Only the current version of each event is read and held, with its calendar history as the
/// store keeps it: memory and the time this takes do not grow with the number of versions. A
/// stored programme that no longer passes the checks (after an upgrade of convene, say) is logged
/// and skipped: the catalog keeps serving the version it had.
pub async fn refresh(store: &Store, catalog: &Catalog) -> Result<i64, StoreError> {
    let marker = store.change_marker().await?;
    for summary in store.events().await? {
        let id = summary.id.as_str();
        let held = catalog.get(id);
        if held
            .as_ref()
            .is_some_and(|p| p.version == summary.current_version)
        {
            continue;
        }
        let Some(stored) = store.current_programme(id).await? else {
            continue;
        };
        let history = store.calendar_history(id, stored.version).await?;
        // Reading and checking a programme is CPU work: keep it off the threads that serve requests.
        let source = stored.source;
        let loaded =
            tokio::task::spawn_blocking(move || load(&source, &CheckOptions::default()).programme)
                .await;
        match loaded {
            Ok(Some(programme)) => catalog.publish(Published {
                programme,
                history: Some(history),
                version: stored.version,
                published_at: stored.stored_at,
            }),
            Ok(None) => tracing::error!(
                event = %summary.id,
                version = stored.version,
                "the stored programme no longer passes the checks; still serving the previous one"
            ),
            Err(_) => tracing::error!(event = %summary.id, "reading the published version failed"),
        }
    }
    Ok(marker)
}

/// Keeps `catalog` up to date with the store for ever: at once when another node's publication is
/// heard (PostgreSQL), and by polling the change marker every `poll` (SQLite, or a notification
/// missed while the listening connection was down). `marker` is what [`refresh`] returned last.
pub async fn follow(
    store: Store,
    catalog: Arc<Catalog>,
    mut marker: i64,
    poll: std::time::Duration,
) {
    let mut publications = listen(&store).await;
    let mut tick = tokio::time::interval(poll);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let heard = tokio::select! {
            heard = next_publication(&mut publications) => Some(heard),
            _ = tick.tick() => None,
        };
        match heard {
            Some(Ok(event)) => tracing::debug!(event, "a publication was heard"),
            Some(Err(err)) => {
                tracing::warn!(error = %err, "stopped hearing publications; polling until listening again");
                publications = None;
            }
            None if publications.is_none() => publications = listen(&store).await,
            None => {}
        }
        match store.change_marker().await {
            Ok(now) if now != marker => match refresh(&store, &catalog).await {
                Ok(now) => marker = now,
                Err(err) => tracing::error!(error = %err, "cannot reload the programmes"),
            },
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "cannot check for new programmes"),
        }
    }
}

async fn listen(store: &Store) -> Option<convene_store::Publications> {
    match store.publications().await {
        Ok(publications) => publications,
        Err(err) => {
            tracing::warn!(error = %err, "cannot listen for publications; polling instead");
            None
        }
    }
}

/// The next publication heard, or never when nothing listens.
async fn next_publication(
    publications: &mut Option<convene_store::Publications>,
) -> Result<String, StoreError> {
    match publications {
        Some(publications) => publications.next().await,
        None => std::future::pending().await,
    }
}
