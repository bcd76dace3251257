//! Writing an organisers' message to its registrants: a job (enqueued when it is sent, in its unit
//! of work) writes one letter to each participant it reaches, in their language when the
//! organisers wrote it, with their registration for the session it is about, and for news the
//! link to stop it. Each participant is written to once, whichever node runs the job, and a job
//! cut off half-way writes only to the others when it runs again.

use std::collections::HashMap;

use convene_core::Language;
use convene_core::registration::Target;
use convene_core::registration::agenda::Entry;
use convene_core::registration::letters::Letters;
use convene_store::{Participant, StoredAnnouncement};
use jiff::Timestamp;

use super::mailing;
use crate::AppState;
use crate::error::AppError;

/// Participants written to in one unit of work, at most.
const PER_UNIT: usize = 200;

/// Who a message reaches: each participant with their registrations in its audience that it
/// reaches (every one, for a message to the whole event, is not listed in the letter).
pub struct Recipient {
    pub participant: Participant,
    /// Their registrations for the message's session or day; empty for the whole event.
    pub about: Vec<Entry>,
}

/// The participants `announcement` reaches now: registered for its audience in a state it
/// reaches, not erased, and for news not unsubscribed.
pub async fn recipients(
    state: &AppState,
    event_id: &str,
    announcement: &convene_core::registration::announcement::Announcement,
) -> Result<Vec<Recipient>, AppError> {
    let Some(published) = state.catalog.get(event_id) else {
        return Ok(Vec::new());
    };
    let targets = match &announcement.audience {
        Some(target) => vec![target.clone()],
        None => Target::all(&published.programme),
    };
    let concerned = state.store.registrants_of(event_id, &targets).await?;
    Ok(concerned
        .into_iter()
        .filter(|person| person.participant.details.is_some())
        .filter(|person| {
            announcement.reaches_unsubscribed() || person.participant.unsubscribed_at.is_none()
        })
        .filter_map(|person| {
            let reached: Vec<Entry> = person
                .registrations
                .iter()
                .filter(|(_, _, s)| announcement.reaches(*s))
                .map(|(_, target, s)| Entry {
                    target: target.clone(),
                    state: *s,
                    position: None,
                    offer_until: None,
                })
                .collect();
            (!reached.is_empty()).then(|| Recipient {
                participant: person.participant,
                about: if announcement.audience.is_some() {
                    reached
                } else {
                    Vec::new()
                },
            })
        })
        .collect())
}

/// Writes the letters of message `id`; how many were written now.
pub async fn write_announcement(
    state: &AppState,
    id: &str,
    now: Timestamp,
) -> Result<usize, AppError> {
    let Some(StoredAnnouncement {
        event_id,
        announcement,
        ..
    }) = state.store.announcement(id).await?
    else {
        return Ok(0);
    };
    let Some(published) = state.catalog.get(&event_id) else {
        // Its event is not (or no longer) published here: tried again later, never dropped.
        return Err(AppError::Internal(format!(
            "event \"{event_id}\" of message {id} is not published on this node"
        )));
    };
    let programme = &published.programme;
    let source = &programme.event.source_language;
    let recipients = recipients(state, &event_id, &announcement).await?;
    let mut letters: HashMap<(Language, String), Letters<'_>> = HashMap::new();
    let mut written = 0;
    for chunk in recipients.chunks(PER_UNIT) {
        let mut unit = state
            .store
            .begin(format!(
                "writing message {id} to registrants of \"{event_id}\""
            ))
            .await?;
        for recipient in chunk {
            let participant = &recipient.participant;
            let Some(who) = &participant.details else {
                continue;
            };
            let Some((language, wording)) = announcement.wording_for(&who.language, source) else {
                continue;
            };
            if !unit.mark_announced(id, &participant.id, now).await? {
                continue;
            }
            let unsubscribe = if announcement.reaches_unsubscribed() {
                None
            } else {
                let token = unit.unsubscribe_token(&participant.id).await?;
                Some(format!("{}/unsubscribe/{token}", state.site.base_url))
            };
            // The whole letter in the language it is written in, times in the reader's zone.
            let letters = letters
                .entry((language.clone(), who.zone.name().to_owned()))
                .or_insert_with(|| Letters::new(programme, "", language, &who.zone));
            letters.rename(&who.name);
            mailing::announcement(
                &mut unit,
                state,
                &published,
                letters,
                participant,
                (language, wording),
                &recipient.about,
                unsubscribe,
                now,
            )
            .await?;
            written += 1;
        }
        unit.commit().await?;
    }
    let mut unit = state
        .store
        .begin(format!("noting message {id} written"))
        .await?;
    unit.finish_announcement(id, now).await?;
    unit.commit().await?;
    Ok(written)
}

/// The handler of [`convene_store::SEND_ANNOUNCEMENT`] jobs.
pub fn send_announcement(
    state: AppState,
) -> impl Fn(convene_store::ClaimedJob) -> crate::jobs::JobRun + Send + Sync + 'static {
    crate::jobs::handler(
        state,
        |state: AppState, job: convene_store::ClaimedJob| async move {
            write_announcement(&state, &job.key, Timestamp::now())
                .await
                .map(drop)
                .map_err(|e| format!("{e:?}"))
        },
    )
}
