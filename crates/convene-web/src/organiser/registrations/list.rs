//! What the organisers' list shows and the CSV export writes: the filters read from the address,
//! and each registration as one line of words in the organiser's language.

use convene_core::Keyword;
use convene_core::locale::Localizer;
use convene_core::registration::search::Search;
use convene_core::registration::{Category, State, Target, country_name, is_country};
use convene_core::{Programme, Slug};
use convene_store::{RosterEntry, RosterFilter};
use jiff::Timestamp;

use crate::AppState;
use crate::error::AppError;
use crate::page::Visit;

/// The most registrations the page shows; the count says how many match.
pub const SHOWN: usize = 500;
/// The most registrations read for one list or export, before searching: more than any summit
/// has, so that reading stays bounded whatever the event.
pub const SCANNED: u32 = 20_000;

/// The filters and search of the list, as the address gives them; an unknown value is no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub filter: RosterFilter,
    /// As typed (cut to its most characters).
    pub typed: String,
    pub search: Option<Search>,
}

impl Query {
    /// The query of a visit to the list.
    pub fn of(visit: &Visit) -> Self {
        Self::from_pairs(|name| visit.param(name))
    }

    /// The query of the list an action's form came from (its `return` field).
    pub fn from_query_string(query: &str) -> Self {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        Self::from_pairs(|name| {
            pairs
                .iter()
                .find(|(k, v)| k == name && !v.is_empty())
                .map(|(_, v)| v.as_str())
        })
    }

    fn from_pairs<'a>(param: impl Fn(&str) -> Option<&'a str>) -> Self {
        let country = param("country")
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| is_country(c));
        let typed: String = param("q")
            .unwrap_or_default()
            .trim()
            .chars()
            .take(convene_core::registration::search::MAX_SEARCH)
            .collect();
        Self {
            filter: RosterFilter {
                target: param("target").and_then(Target::parse),
                state: param("state").and_then(State::from_keyword),
                category: param("category").and_then(Category::from_keyword),
                country,
            },
            search: Search::new(&typed),
            typed,
        }
    }

    /// The query again, for links and for the forms that come back to the list: `target=…&q=…`.
    pub fn query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(target) = &self.filter.target {
            out.append_pair("target", &target.key());
        }
        if let Some(state) = self.filter.state {
            out.append_pair("state", state.keyword());
        }
        if let Some(category) = self.filter.category {
            out.append_pair("category", category.keyword());
        }
        if let Some(country) = &self.filter.country {
            out.append_pair("country", country);
        }
        if self.search.is_some() {
            out.append_pair("q", &self.typed);
        }
        out.finish()
    }
}

/// The registrations the query finds, in list order, and whether reading stopped at
/// [`SCANNED`].
pub async fn find(
    state: &AppState,
    event: &str,
    query: &Query,
) -> Result<(Vec<RosterEntry>, bool), AppError> {
    let entries = state.store.roster(event, &query.filter, SCANNED).await?;
    let stopped = entries.len() >= SCANNED as usize;
    let found = match &query.search {
        None => entries,
        Some(search) => entries
            .into_iter()
            .filter(|e| e.participant.as_ref().is_some_and(|p| search.matches(p)))
            .collect(),
    };
    Ok((found, stopped))
}

/// One registration in words.
pub struct Line {
    pub id: String,
    /// When it last changed (unix milliseconds): an action's form carries it, so that an action
    /// on a registration changed since is refused.
    pub version: i64,
    pub erased: bool,
    pub name: String,
    pub email: String,
    pub category: String,
    pub organisation: String,
    pub city: String,
    pub country: String,
    pub language: String,
    pub interpretation: String,
    pub zone: String,
    pub target_key: String,
    pub target: String,
    pub state: State,
    pub state_name: String,
    pub position: String,
    pub offer_until: String,
    pub registered_at: String,
}

impl Line {
    pub fn new(entry: &RosterEntry, programme: &Programme, words: &Localizer) -> Self {
        let r = &entry.registration;
        let lang = words.lang();
        let person = entry.participant.as_ref();
        let text = |f: &dyn Fn(&convene_core::registration::Registrant) -> Option<String>| {
            person.and_then(f).unwrap_or_default()
        };
        Self {
            id: r.id.clone(),
            version: r.updated_at.as_millisecond(),
            erased: person.is_none(),
            name: person.map_or_else(|| words.message("org-reg-erased"), |p| p.name.clone()),
            email: text(&|p| Some(p.email.clone())),
            category: text(&|p| Some(p.category.name(words))),
            organisation: text(&|p| p.organisation.clone()),
            city: text(&|p| p.city.clone()),
            country: text(&|p| {
                p.country
                    .as_deref()
                    .map(|c| country_name(c, lang).unwrap_or_else(|| c.to_owned()))
            }),
            language: text(&|p| Some(words.language_name(&p.language))),
            interpretation: text(&|p| p.interpretation.as_ref().map(|l| words.language_name(l))),
            zone: text(&|p| Some(p.zone.name().to_owned())),
            target_key: r.target.key(),
            target: target_label(programme, &r.target, words),
            state: r.state,
            state_name: r.state.name(words),
            position: r.position.map(|p| p.to_string()).unwrap_or_default(),
            offer_until: r.offer_until.map(when).unwrap_or_default(),
            registered_at: when(r.created_at),
        }
    }
}

impl Line {
    /// Waiting for an organiser's approval.
    pub fn is_pending(&self) -> bool {
        self.state == State::Pending
    }

    /// Still in play: it may be declined, cancelled or moved.
    pub fn is_active(&self) -> bool {
        self.state.is_active()
    }
}

/// An instant as organiser pages write it.
pub fn when(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// What a target is called: the session's title in the organiser's language, or "On site,
/// Friday 10 December 2021".
pub fn target_label(programme: &Programme, target: &Target, words: &Localizer) -> String {
    match target {
        Target::Session(id) => {
            session_title(programme, id, words).unwrap_or_else(|| id.to_string())
        }
        Target::Day(date) => {
            words.message_with("org-reg-day", &[("date", words.long_date(*date).into())])
        }
    }
}

fn session_title(programme: &Programme, id: &Slug, words: &Localizer) -> Option<String> {
    let session = programme.sessions.iter().find(|s| s.identity() == id)?;
    session
        .title
        .get(words.lang(), &programme.event.source_language)
        .map(|t| t.text)
}

/// Every target an organiser may choose: the programme's, in its order.
pub fn target_choices(programme: &Programme, words: &Localizer) -> Vec<(String, String)> {
    Target::all(programme)
        .into_iter()
        .map(|t| (t.key(), target_label(programme, &t, words)))
        .collect()
}
