//! Reminders that follow the programme: a sweep, run as a job every minute by whichever node
//! claims it, reads each published event's current programme and writes the reminders now due —
//! the day before (at the event's time of day in each participant's zone) and shortly before the
//! start — so that a session moved after people registered is reminded at its new time and never
//! at the old one. A registration for a session that left the programme gets a cancellation
//! instead, once. Each reminder is noted with its email in one unit of work, and a reminder
//! already noted (by this node or another) is never written again.

use convene_core::registration::joining::{self, Joining, is_joinable};
use convene_core::registration::letters::{Join, LetterKind};
use convene_core::registration::{State, Target};
use convene_store::{REMINDER_CANCELLED, REMINDER_DAY_BEFORE, REMINDER_SHORTLY_BEFORE, ToRemind};
use jiff::{SignedDuration, Timestamp};

use super::mailing;
use crate::error::AppError;
use crate::{AppState, Published};

/// The kind of the job that writes the reminders due.
pub const SEND_REMINDERS: &str = "send-reminders";

/// How far ahead a sweep looks: no reminder comes earlier than the day before.
const LOOK_AHEAD: SignedDuration = SignedDuration::from_hours(48);

/// Reminders written in one unit of work, at most.
const PER_UNIT: usize = 50;

/// Writes every reminder due at `now`, for every published event; how many it wrote.
pub async fn send_due(state: &AppState, now: Timestamp) -> Result<usize, AppError> {
    let mut written = 0;
    for published in state.catalog.snapshot().values() {
        written += send_due_for(state, published, now).await?;
    }
    Ok(written)
}

async fn send_due_for(
    state: &AppState,
    published: &Published,
    now: Timestamp,
) -> Result<usize, AppError> {
    let event_id = published.event_id();
    let targets = state.store.registered_targets(event_id).await?;
    if targets.is_empty() {
        return Ok(0);
    }
    let joining = state.store.joining(event_id).await?;
    let programme = &published.programme;
    let mut written = 0;
    for target in targets {
        let Target::Session(identity) = &target else {
            continue;
        };
        let Some(session) = programme.session_by_identity(identity) else {
            let active = [
                State::Pending,
                State::Confirmed,
                State::Waiting,
                State::Offered,
            ];
            let due = state
                .store
                .to_remind(event_id, &target, &active, REMINDER_CANCELLED)
                .await?;
            written += write(state, published, &target, Due::Cancelled, due, now).await?;
            continue;
        };
        let Some((start, _)) = joining::instants(programme, session) else {
            continue;
        };
        if start <= now || start - now > LOOK_AHEAD {
            continue;
        }
        let join = is_joinable(session)
            .then(|| joining.window(programme, session))
            .flatten()
            .map(|window| window.opens);
        for kind in [REMINDER_SHORTLY_BEFORE, REMINDER_DAY_BEFORE] {
            let candidates = state
                .store
                .to_remind(event_id, &target, &[State::Confirmed], kind)
                .await?;
            let due: Vec<ToRemind> = candidates
                .into_iter()
                .filter(|c| is_due(&joining, kind, start, c, now))
                .collect();
            let what = Due::Reminder { kind, start, join };
            written += write(state, published, &target, what, due, now).await?;
        }
    }
    Ok(written)
}

/// Whether reminder `kind` of a session starting at `start` is due at `now` for `candidate`: the
/// shortly-before one from its time on; the day-before one from its time until the session's
/// day begins in the participant's zone (or the other is due).
fn is_due(
    joining: &Joining,
    kind: &str,
    start: Timestamp,
    candidate: &ToRemind,
    now: Timestamp,
) -> bool {
    let Some(who) = &candidate.participant.details else {
        return false;
    };
    let times = joining.reminders(start, &who.zone);
    if kind == REMINDER_SHORTLY_BEFORE {
        times.shortly_before_due(now)
    } else {
        times.day_before_due(now)
    }
}

/// What is written to each.
#[derive(Clone, Copy)]
enum Due {
    Reminder {
        kind: &'static str,
        start: Timestamp,
        /// When the session's way in opens, for an online one.
        join: Option<Timestamp>,
    },
    Cancelled,
}

async fn write(
    state: &AppState,
    published: &Published,
    target: &Target,
    due: Due,
    candidates: Vec<ToRemind>,
    now: Timestamp,
) -> Result<usize, AppError> {
    let mut written = 0;
    for chunk in candidates.chunks(PER_UNIT) {
        let mut unit = state
            .store
            .begin(format!(
                "writing reminders of {target} in event \"{}\"",
                published.event_id()
            ))
            .await?;
        for candidate in chunk {
            let (kind, start) = match due {
                Due::Reminder { kind, start, .. } => (kind, Some(start)),
                Due::Cancelled => (REMINDER_CANCELLED, None),
            };
            if !unit
                .mark_reminded(&candidate.registration_id, kind, start, now)
                .await?
            {
                continue;
            }
            match due {
                Due::Reminder { kind, join, .. } => {
                    let join = match join {
                        Some(opens) => {
                            let token = unit.join_link(&candidate.registration_id, now).await?;
                            Some(Join {
                                url: format!("{}/join/{token}", state.site.base_url),
                                opens,
                            })
                        }
                        None => None,
                    };
                    let letter = if kind == REMINDER_SHORTLY_BEFORE {
                        LetterKind::ReminderSoon
                    } else {
                        LetterKind::ReminderDayBefore
                    };
                    mailing::reminder(
                        &mut unit,
                        state,
                        published,
                        &candidate.participant,
                        target,
                        letter,
                        join.as_ref(),
                        now,
                    )
                    .await?;
                }
                Due::Cancelled => {
                    mailing::session_cancelled(
                        &mut unit,
                        state,
                        published,
                        &candidate.participant,
                        target,
                        State::Confirmed,
                        now,
                    )
                    .await?;
                }
            }
            written += 1;
        }
        unit.commit().await?;
    }
    Ok(written)
}

/// The handler of [`SEND_REMINDERS`] jobs.
pub fn send_reminders(
    state: AppState,
) -> impl Fn(convene_store::ClaimedJob) -> crate::jobs::JobRun + Send + Sync + 'static {
    crate::jobs::handler(
        state,
        |state: AppState, _job: convene_store::ClaimedJob| async move {
            send_due(&state, Timestamp::now())
                .await
                .map(drop)
                .map_err(|e| format!("{e:?}"))
        },
    )
}
