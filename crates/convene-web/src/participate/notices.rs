//! Change notices per published version: when a version is published, a job (enqueued with the
//! publication, in its unit of work) writes to each participant whose sessions it changed one
//! message listing what changed for them — a new time beside the old one in their zone and the
//! display zones, a time confirmed, another venue or format, a session cancelled. Versions that
//! change nothing of theirs write them nothing; each participant gets at most one notice per
//! version, whichever node runs the job. The public changes page is not affected.

use std::collections::HashMap;
use std::sync::Arc;

use convene_core::Language;
use convene_core::changes::{ChangeKind, compare};
use convene_core::registration::Target;
use convene_core::registration::agenda::Entry;
use convene_core::registration::letters::ChangeLetters;
use convene_core::{CheckOptions, load};
use convene_store::REMINDER_CANCELLED;
use jiff::Timestamp;

use super::mailing;
use crate::error::AppError;
use crate::{AppState, Published};

/// Participants written to in one unit of work, at most.
const PER_UNIT: usize = 200;
/// Participants whose letters are written at once, before their units: what memory holds.
const PER_BLOCK: usize = 1_000;

/// The changes a participant hears of: those about when, where and whether their session
/// happens.
fn concerns_them(kind: ChangeKind) -> bool {
    matches!(
        kind,
        ChangeKind::Retimed
            | ChangeKind::TimesConfirmed
            | ChangeKind::TimesWithdrawn
            | ChangeKind::Removed
            | ChangeKind::Moved
            | ChangeKind::FormatChanged
    )
}

/// A stored version's programme: from memory when it is the current one, else read back.
async fn programme_of(
    state: &AppState,
    event_id: &str,
    version: i64,
) -> Result<Option<Arc<Published>>, AppError> {
    if let Some(current) = state.catalog.get(event_id)
        && current.version == version
    {
        return Ok(Some(current));
    }
    let Some(stored) = state.store.programme_version(event_id, version).await? else {
        return Ok(None);
    };
    let published_at = stored.stored_at;
    let programme = tokio::task::spawn_blocking(move || {
        load(&stored.source, &CheckOptions::default()).programme
    })
    .await
    .ok()
    .flatten();
    Ok(programme.map(|programme| {
        Arc::new(Published {
            programme,
            history: None,
            version,
            published_at,
        })
    }))
}

/// Writes the notices of version `version` of `event_id`; how many participants were written to.
pub async fn write_notices(
    state: &AppState,
    event_id: &str,
    version: i64,
    now: Timestamp,
) -> Result<usize, AppError> {
    if version <= 1 {
        return Ok(0);
    }
    let (Some(new), Some(old)) = (
        programme_of(state, event_id, version).await?,
        programme_of(state, event_id, version - 1).await?,
    ) else {
        return Ok(0);
    };
    let changes = compare(&old.programme, &new.programme);
    let changed: Vec<(Target, Vec<ChangeKind>)> = changes
        .sessions
        .iter()
        .filter_map(|s| {
            let kinds: Vec<ChangeKind> = s
                .kinds
                .iter()
                .copied()
                .filter(|k| concerns_them(*k))
                .collect();
            (!kinds.is_empty()).then(|| (Target::Session(s.id.clone()), kinds))
        })
        .collect();
    if changed.is_empty() {
        return Ok(0);
    }
    let targets: Vec<Target> = changed.iter().map(|(t, _)| t.clone()).collect();
    let concerned = state.store.registrants_of(event_id, &targets).await?;
    let version_number = u32::try_from(version).unwrap_or(u32::MAX);
    let changed = Arc::new(changed);
    let mut written = 0;
    // Letters are written before their units of work, on every core, a block ahead: the units
    // then only note and queue them (and hold the write lock that long) while the next block's
    // letters are being written.
    let spawn_render = |block: &[convene_store::Concerned]| {
        let (state, new, old, changed) = (
            state.clone(),
            Arc::clone(&new),
            Arc::clone(&old),
            Arc::clone(&changed),
        );
        let block = block.to_vec();
        tokio::task::spawn_blocking(move || render(&state, &new, &old, &changed, &block))
    };
    let mut blocks = concerned.chunks(PER_BLOCK);
    let mut next = blocks.next().map(spawn_render);
    while let Some(rendering) = next.take() {
        let rendered = rendering
            .await
            .ok()
            .flatten()
            .ok_or_else(|| AppError::Internal("writing change notices stopped".to_owned()))?;
        next = blocks.next().map(spawn_render);
        for chunk in rendered.chunks(PER_UNIT) {
            let mut unit = state
                .store
                .begin(format!(
                    "writing the change notices of version {version} of event \"{event_id}\""
                ))
                .await?;
            // Those not told of this version yet, noted in one statement.
            let ids: Vec<&str> = chunk.iter().map(|n| n.participant_id.as_str()).collect();
            let untold = unit.mark_noticed_all(&ids, version_number, now).await?;
            let mut emails = Vec::with_capacity(untold.len());
            for notice in chunk.iter().filter(|n| untold.contains(&n.participant_id)) {
                for registration_id in &notice.cancelled {
                    // This notice says it is cancelled: the reminders' sweep need not again.
                    unit.mark_reminded(registration_id, REMINDER_CANCELLED, None, now)
                        .await?;
                }
                emails.extend(notice.email.clone());
            }
            unit.queue_emails(&emails, &mailing::domain(&state.site), now)
                .await?;
            written += emails.len();
            unit.commit().await?;
        }
    }
    Ok(written)
}

/// One participant's notice, written but not yet queued.
struct Notice {
    participant_id: String,
    /// Their registrations for sessions the version removed.
    cancelled: Vec<String>,
    /// `None` for a participant none of whose registrations changed, or who was erased.
    email: Option<convene_store::OutgoingEmail>,
}

/// The notices of `people`, on as many threads as there are cores (up to four), each with its
/// own views per language and zone; `None` if one of them stopped (the job then fails, and runs
/// again).
fn render(
    state: &AppState,
    new: &Published,
    old: &Published,
    changed: &[(Target, Vec<ChangeKind>)],
    people: &[convene_store::Concerned],
) -> Option<Vec<Notice>> {
    // Threads started from the store's writers' thread keep to its core: each is given its own,
    // among the machine's.
    let cores = convene_store::machine_cores();
    let threads = cores.len().clamp(1, 4);
    let share = people.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = people
            .chunks(share)
            .enumerate()
            .map(|(n, part)| {
                let core = (!cores.is_empty()).then(|| cores[n % cores.len()]);
                scope.spawn(move || {
                    if let Some(core) = core {
                        core_affinity::set_for_current(core);
                    }
                    render_part(state, new, old, changed, part)
                })
            })
            .collect();
        let mut notices = Vec::with_capacity(people.len());
        for worker in workers {
            notices.extend(worker.join().ok()?);
        }
        Some(notices)
    })
}

fn render_part(
    state: &AppState,
    new: &Published,
    old: &Published,
    changed: &[(Target, Vec<ChangeKind>)],
    people: &[convene_store::Concerned],
) -> Vec<Notice> {
    let mut letters: HashMap<(Language, String), ChangeLetters<'_>> = HashMap::new();
    people
        .iter()
        .map(|person| {
            let mut theirs = Vec::new();
            let mut cancelled = Vec::new();
            for (registration_id, target, registration_state) in &person.registrations {
                let Some((_, kinds)) = changed.iter().find(|(t, _)| t == target) else {
                    continue;
                };
                if kinds.contains(&ChangeKind::Removed) {
                    cancelled.push(registration_id.clone());
                }
                theirs.push((
                    Entry {
                        target: target.clone(),
                        state: *registration_state,
                        position: None,
                        offer_until: None,
                    },
                    kinds.clone(),
                ));
            }
            let email = match &person.participant.details {
                Some(who) if !theirs.is_empty() => {
                    // One pair of views per language and zone, however many read them.
                    let letters = letters
                        .entry((who.language.clone(), who.zone.name().to_owned()))
                        .or_insert_with(|| {
                            ChangeLetters::new(
                                &new.programme,
                                &old.programme,
                                &who.language,
                                &who.zone,
                            )
                        });
                    mailing::changes(state, new, letters, &person.participant, &theirs)
                }
                _ => None,
            };
            Notice {
                participant_id: person.participant.id.clone(),
                cancelled,
                email,
            }
        })
        .collect()
}

/// The handler of [`convene_store::CHANGE_NOTICES`] jobs.
pub fn change_notices(
    state: AppState,
) -> impl Fn(convene_store::ClaimedJob) -> crate::jobs::JobRun + Send + Sync + 'static {
    crate::jobs::handler(
        state,
        |state: AppState, job: convene_store::ClaimedJob| async move {
            #[derive(serde::Deserialize)]
            struct Payload {
                event: String,
                version: i64,
            }
            let payload: Payload = crate::jobs::payload(&job)?;
            write_notices(&state, &payload.event, payload.version, Timestamp::now())
                .await
                .map(drop)
                .map_err(|e| format!("{e:?}"))
        },
    )
}
