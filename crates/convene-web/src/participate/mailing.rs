//! The email a change writes, in the unit of work of the change: the core writes each letter in
//! the participant's language and zone, this module addresses it and puts it in the outbox.

use convene_core::registration::agenda::Entry;
use convene_core::registration::letters::{Letter, Letters, Links};
use convene_core::registration::{Registrant, State};
use convene_core::{ExportContext, Keyword};
use convene_store::{
    Attachment, Offer, OutgoingEmail, Participant, Registration, RegistrationRecord, UnitOfWork,
};
use jiff::Timestamp;

use crate::catalog::Published;
use crate::error::AppError;
use crate::{AppState, Site};

/// The host messages are sent from, for their Message-IDs: the site's, without its port.
pub fn domain(site: &Site) -> String {
    let rest = site
        .base_url
        .split_once("://")
        .map_or(site.base_url.as_str(), |(_, rest)| rest);
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    let host = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    if host.is_empty() {
        "localhost".to_owned()
    } else {
        host.to_owned()
    }
}

fn context(state: &AppState, published: &Published) -> ExportContext {
    ExportContext {
        base_url: state.site.base_url.clone(),
        generated_at: published.published_at,
        version: published.version.to_string(),
        history: published.history.clone(),
    }
}

fn links(state: &AppState, published: &Published, who: &Registrant) -> Links {
    Links {
        me: format!(
            "{}/events/{}/me?lang={}",
            state.site.base_url,
            published.event_id(),
            who.language
        ),
        accept: None,
        decline: None,
        unsubscribe: None,
    }
}

/// `letter` to `who`, addressed, as the outbox keeps it.
fn email_of(
    published: &Published,
    participant_id: &str,
    who: &Registrant,
    letter: Letter,
) -> OutgoingEmail {
    let attachments = letter
        .calendar
        .map(|content| Attachment {
            filename: "programme.ics".to_owned(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".to_owned(),
            content,
        })
        .into_iter()
        .collect();
    OutgoingEmail {
        event_id: Some(published.event_id().to_owned()),
        participant_id: Some(participant_id.to_owned()),
        kind: letter.kind.keyword().to_owned(),
        recipient: who.email.clone(),
        language: who.language.to_string(),
        subject: letter.subject,
        text_body: letter.text,
        html_body: letter.html,
        attachments,
        unsubscribe: letter.unsubscribe,
    }
}

async fn queue(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    participant_id: &str,
    who: &Registrant,
    letter: Letter,
    now: Timestamp,
) -> Result<(), AppError> {
    let email = email_of(published, participant_id, who, letter);
    unit.queue_email(&email, &domain(&state.site), now).await?;
    Ok(())
}

/// Every registration of a participant, as the unit sees them, with `fresh` ones (of this unit)
/// in place. Read in the unit: on SQLite it holds the write lock, and must not wait for another
/// connection meanwhile.
async fn all_entries(
    unit: &mut UnitOfWork,
    participant_id: &str,
    fresh: &[Entry],
) -> Result<Vec<Entry>, AppError> {
    let mut all: Vec<Entry> = unit
        .registrations_of(participant_id)
        .await?
        .into_iter()
        .filter(|r| !fresh.iter().any(|f| f.target == r.target))
        .map(|r| Entry {
            target: r.target,
            state: r.state,
            position: r.position,
            offer_until: r.offer_until,
        })
        .collect();
    all.extend(fresh.iter().cloned());
    Ok(all)
}

/// After a registration form: "confirmed" with the agenda and calendar when every seat asked for
/// is theirs, else "received", saying where each stands.
pub async fn registered(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    who: &Registrant,
    registration: &Registration,
    now: Timestamp,
) -> Result<(), AppError> {
    use convene_store::Outcome;
    let entries: Vec<Entry> = registration
        .outcomes
        .iter()
        .filter_map(|(target, outcome)| {
            let (state, position) = match outcome {
                Outcome::Registered {
                    state, position, ..
                } => (*state, *position),
                Outcome::Already { state } => (*state, None),
                Outcome::Refused(_) => return None,
            };
            Some(Entry {
                target: target.clone(),
                state,
                position,
                offer_until: None,
            })
        })
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    let letters = Letters::new(&published.programme, &who.name, &who.language, &who.zone);
    let links = links(state, published, who);
    let letter = if entries.iter().all(|e| e.state == State::Confirmed) {
        let all = all_entries(unit, &registration.participant_id, &entries).await?;
        letters.confirmed(&entries, &all, &links, &context(state, published))
    } else {
        letters.received(&entries, &links)
    };
    queue(
        unit,
        state,
        published,
        &registration.participant_id,
        who,
        letter,
        now,
    )
    .await
}

/// The sign-in link, valid once for a short while.
pub async fn sign_in_link(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    participant: &Participant,
    token: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(who) = &participant.details else {
        return Ok(());
    };
    let link = format!(
        "{}/events/{}/sign-in/{token}?lang={}",
        state.site.base_url,
        published.event_id(),
        who.language
    );
    let letters = Letters::new(&published.programme, &who.name, &who.language, &who.zone);
    let letter = letters.sign_in(&link);
    queue(unit, state, published, &participant.id, who, letter, now).await
}

/// A registration that changed (confirmed, cancelled, declined, approved into the waiting list,
/// an offer that ran out): the letter that says so.
pub async fn changed(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    participant: &Participant,
    record: &RegistrationRecord,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(who) = &participant.details else {
        return Ok(());
    };
    let entry = Entry {
        target: record.target.clone(),
        state: record.state,
        position: record.position,
        offer_until: record.offer_until,
    };
    let letters = Letters::new(&published.programme, &who.name, &who.language, &who.zone);
    let links = links(state, published, who);
    let entries = [entry];
    let letter = match record.state {
        State::Confirmed => {
            let all = all_entries(unit, &participant.id, &entries).await?;
            letters.confirmed(&entries, &all, &links, &context(state, published))
        }
        State::Waiting => letters.waiting(&entries, &links),
        State::Declined => letters.declined(&entries, &links),
        State::Pending => letters.received(&entries, &links),
        State::Offered => letters.offer(&entries, &links),
        State::Cancelled | State::Expired => letters.cancelled(&entries, &links),
    };
    queue(unit, state, published, &participant.id, who, letter, now).await
}

/// An organiser approved a registration: it is confirmed, or waiting if no seat was free.
pub async fn approved(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    participant: &Participant,
    record: &RegistrationRecord,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(who) = &participant.details else {
        return Ok(());
    };
    if record.state == State::Confirmed {
        return changed(unit, state, published, participant, record, now).await;
    }
    let entries = [Entry {
        target: record.target.clone(),
        state: record.state,
        position: record.position,
        offer_until: record.offer_until,
    }];
    let letters = Letters::new(&published.programme, &who.name, &who.language, &who.zone);
    let letter = letters.approved(&entries, &links(state, published, who));
    queue(unit, state, published, &participant.id, who, letter, now).await
}

/// An organiser moved a registration to another target: the letter that ends the old one, then
/// the one for the new one (confirmed, with the agenda and calendar, or on the waiting list).
pub async fn moved(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    participant: &Participant,
    cancelled: &RegistrationRecord,
    registered: &RegistrationRecord,
    now: Timestamp,
) -> Result<(), AppError> {
    changed(unit, state, published, participant, cancelled, now).await?;
    let Some(who) = &participant.details else {
        return Ok(());
    };
    let entry = |record: &RegistrationRecord| Entry {
        target: record.target.clone(),
        state: record.state,
        position: record.position,
        offer_until: record.offer_until,
    };
    let entries = [entry(registered)];
    let letters = Letters::new(&published.programme, &who.name, &who.language, &who.zone);
    let links = links(state, published, who);
    let letter = match registered.state {
        State::Confirmed => {
            let fresh = [entry(cancelled), entry(registered)];
            let all = all_entries(unit, &participant.id, &fresh).await?;
            letters.confirmed(&entries, &all, &links, &context(state, published))
        }
        _ => letters.waiting(&entries, &links),
    };
    queue(unit, state, published, &participant.id, who, letter, now).await
}

/// Seats offered to the first on waiting lists: each gets the links to accept or decline.
pub async fn offers(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    offers: &[Offer],
    now: Timestamp,
) -> Result<(), AppError> {
    for offer in offers {
        let Some(participant) = state.store.participant(&offer.participant_id).await? else {
            continue;
        };
        let Some(who) = &participant.details else {
            continue;
        };
        let page = format!(
            "{}/events/{}/offers/{}?lang={}",
            state.site.base_url,
            published.event_id(),
            offer.token,
            who.language
        );
        let links = Links {
            accept: Some(page.clone()),
            decline: Some(page),
            ..links(state, published, who)
        };
        let entries = [Entry {
            target: offer.target.clone(),
            state: State::Offered,
            position: None,
            offer_until: Some(offer.until),
        }];
        let letters = Letters::new(&published.programme, &who.name, &who.language, &who.zone);
        let letter = letters.offer(&entries, &links);
        queue(unit, state, published, &participant.id, who, letter, now).await?;
    }
    Ok(())
}

/// A reminder of `kind` of the session of `target`, to a confirmed participant, with their
/// personal link into its room when it is online.
#[allow(clippy::too_many_arguments)]
pub async fn reminder(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    participant: &Participant,
    target: &convene_core::registration::Target,
    kind: convene_core::registration::letters::LetterKind,
    join: Option<&convene_core::registration::letters::Join>,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(who) = &participant.details else {
        return Ok(());
    };
    let entry = Entry {
        target: target.clone(),
        state: State::Confirmed,
        position: None,
        offer_until: None,
    };
    let letters = Letters::new(&published.programme, &who.name, &who.language, &who.zone);
    let letter = letters.reminder(kind, &entry, join, &links(state, published, who));
    queue(unit, state, published, &participant.id, who, letter, now).await
}

/// The session of `target` left the programme: the participant is told it will not take place.
pub async fn session_cancelled(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    participant: &Participant,
    target: &convene_core::registration::Target,
    registration_state: State,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(who) = &participant.details else {
        return Ok(());
    };
    let entries = [Entry {
        target: target.clone(),
        state: registration_state,
        position: None,
        offer_until: None,
    }];
    let letters = Letters::new(&published.programme, &who.name, &who.language, &who.zone);
    let letter = letters.session_cancelled(&entries, &links(state, published, who));
    queue(unit, state, published, &participant.id, who, letter, now).await
}

/// What a published version changed in a participant's sessions, in one message written by
/// `letters` (for their language and zone).
pub fn changes(
    state: &AppState,
    published: &Published,
    letters: &mut convene_core::registration::letters::ChangeLetters<'_>,
    participant: &Participant,
    changed: &[(Entry, Vec<convene_core::changes::ChangeKind>)],
) -> Option<OutgoingEmail> {
    let who = participant.details.as_ref()?;
    let letter = letters.to(&who.name, changed, &links(state, published, who));
    Some(email_of(published, &participant.id, who, letter))
}

/// A message organisers wrote, in the language of `wording` (the reader's when it was written in
/// theirs), about their registrations `about`; `unsubscribe` for news.
#[allow(clippy::too_many_arguments)]
pub async fn announcement(
    unit: &mut UnitOfWork,
    state: &AppState,
    published: &Published,
    letters: &Letters<'_>,
    participant: &Participant,
    (language, wording): (
        &convene_core::Language,
        &convene_core::registration::announcement::Wording,
    ),
    about: &[Entry],
    unsubscribe: Option<String>,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(who) = &participant.details else {
        return Ok(());
    };
    let reader = Registrant {
        language: language.clone(),
        ..who.clone()
    };
    let links = Links {
        unsubscribe,
        ..links(state, published, &reader)
    };
    let letter = letters.announcement(wording, about, &links);
    queue(
        unit,
        state,
        published,
        &participant.id,
        &reader,
        letter,
        now,
    )
    .await
}
