//! The published programmes, held in memory and swapped whole when a new version is published, so
//! public reads never wait for the store.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use convene_core::export::ical::{CalendarHistory, history};
use convene_core::{CheckOptions, Programme, load};
use convene_store::{Store, StoreError};
use jiff::Timestamp;

/// One event's current programme, as served.
#[derive(Debug)]
pub struct Published {
    pub programme: Programme,
    /// What calendar apps need from earlier versions: each session's SEQUENCE, removed sessions.
    pub history: Option<CalendarHistory>,
    /// Every published version, oldest first (`versions[0]` is version 1); `None` for a version that
    /// no longer passes the checks.
    pub versions: Vec<Option<Arc<Programme>>>,
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

    /// Replaces (or adds) one event's programme, atomically for readers.
    pub fn publish(&self, published: Published) {
        let mut guard = match self.events.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
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
/// A stored programme that no longer passes the checks (after an upgrade of convene, say) is logged
/// and skipped: the catalog keeps serving the version it had.
pub async fn refresh(store: &Store, catalog: &Catalog) -> Result<i64, StoreError> {
    let marker = store.change_marker().await?;
    for summary in store.events().await? {
        let id = summary.id.as_str();
        let Some(stored) = store.current_programme(id).await? else {
            continue;
        };
        let held = catalog.get(id);
        if held.as_ref().is_some_and(|p| p.version == stored.version) {
            continue;
        }
        // Versions already read stay; only the new ones are fetched.
        let mut versions = held.map(|p| p.versions.clone()).unwrap_or_default();
        versions.truncate(usize::try_from(stored.version).unwrap_or(0));
        let mut sources = Vec::new();
        for number in versions.len() as i64 + 1..stored.version {
            sources.push(store.programme_version(id, number).await?.map(|v| v.source));
        }
        sources.push(Some(stored.source));
        // Reading and checking programmes is CPU work: keep it off the threads that serve requests.
        let built = tokio::task::spawn_blocking(move || {
            for source in sources {
                versions.push(
                    source
                        .and_then(|s| load(&s, &CheckOptions::default()).programme)
                        .map(Arc::new),
                );
            }
            let all: Vec<&Programme> = versions.iter().flatten().map(|p| p.as_ref()).collect();
            let history = history(&all);
            (versions, history)
        })
        .await;
        let Ok((versions, history)) = built else {
            tracing::error!(event = %summary.id, "reading the published versions failed");
            continue;
        };
        match versions.last().cloned().flatten() {
            Some(programme) => catalog.publish(Published {
                programme: Programme::clone(&programme),
                versions,
                history: Some(history),
                version: stored.version,
                published_at: stored.stored_at,
            }),
            None => tracing::error!(
                event = %summary.id,
                version = stored.version,
                "the stored programme no longer passes the checks; still serving the previous one"
            ),
        }
    }
    Ok(marker)
}
