//! The joining settings and the rooms of each event, held in memory for the join links, so that a
//! click reads only its own ticket from the store.
//!
//! An event's rooms are read again when they are older than [`FRESH_FOR`], and at once on the
//! node where an organiser saves them ([`Rooms::forget`]). Another node may lead to the previous
//! room for at most that long after a save. Whether a participant may join is never held here:
//! the ticket (registration state) is read at every click.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use convene_core::Slug;
use convene_core::registration::joining::{Joining, Room};
use convene_store::{Store, StoreError};

/// How long an event's rooms are used before they are read again.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

/// One event's joining settings and rooms, as read at `read_at`.
#[derive(Debug)]
pub struct EventRooms {
    pub joining: Joining,
    rooms: HashMap<Slug, Room>,
    read_at: Instant,
}

impl EventRooms {
    /// The room of the session with `identity`, if organisers set one.
    pub fn room(&self, identity: &Slug) -> Option<&Room> {
        self.rooms.get(identity)
    }
}

/// Every event's rooms read lately.
#[derive(Default)]
pub struct Rooms {
    held: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    events: HashMap<String, Arc<EventRooms>>,
    /// Counts saves: rooms read before a save are not kept after it.
    saves: u64,
}

impl Rooms {
    /// The rooms of `event_id`, from memory while fresh, else from `store`.
    pub async fn of(&self, store: &Store, event_id: &str) -> Result<Arc<EventRooms>, StoreError> {
        let saves = {
            let held = self.lock();
            if let Some(fresh) = held
                .events
                .get(event_id)
                .filter(|e| e.read_at.elapsed() < FRESH_FOR)
            {
                return Ok(Arc::clone(fresh));
            }
            held.saves
        };
        let joining = store.joining(event_id).await?;
        let rooms = store.rooms(event_id).await?.into_iter().collect();
        let read = Arc::new(EventRooms {
            joining,
            rooms,
            read_at: Instant::now(),
        });
        let mut held = self.lock();
        if held.saves == saves {
            held.events.insert(event_id.to_owned(), Arc::clone(&read));
        }
        Ok(read)
    }

    /// Forgets what is held of `event_id`, after its rooms or settings were saved.
    pub fn forget(&self, event_id: &str) {
        let mut held = self.lock();
        held.events.remove(event_id);
        held.saves += 1;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Held> {
        // What is held is only ever replaced whole, so a panic elsewhere cannot leave it half-done.
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }
}
