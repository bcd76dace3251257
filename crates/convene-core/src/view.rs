//! The programme view: what every output serialises. Days in the event's calendar, sessions in
//! order, each with its times already resolved in every zone it shows and its texts in the reader's
//! language with a flag where the source language stands in. Renderers do no time-zone arithmetic
//! and no language fallback.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::event::Status;
use crate::keyword::Keyword;
use crate::language::printable;
use crate::locale::Localizer;
use crate::session::{Format, Role, Schedule, SessionKind};
use crate::time::instant_lenient;
use crate::venue::VenueKind;
use crate::zone::offset_label;
use crate::{
    DisplayZone, Language, LocalText, Person, Programme, Session, Slug, Text, Venue, Zone,
};

mod labels;

pub use labels::{TimeRangeLabel, person_line};

/// The whole programme for one reader.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct ProgrammeView {
    /// The language asked for.
    pub lang: Language,
    pub event: EventView,
    /// The display zones, in order.
    pub zones: Vec<ZoneView>,
    /// The days that have sessions, in order, each with its sessions in order of time.
    pub days: Vec<DayView>,
    /// Sessions whose day is still to be confirmed.
    pub unscheduled: Vec<SessionView>,
    /// How many sessions still wait for their time (or day).
    pub pending: usize,
    /// The people who take part in a session, in the directory's order, each with the sessions
    /// they are in; people of the directory in no session are not shown.
    pub people: Vec<DirectoryPersonView>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct EventView {
    pub id: Slug,
    pub name: LocalText,
    pub short_name: Option<LocalText>,
    pub status: Status,
    /// "Programme préliminaire".
    pub status_label: String,
    pub source_language: Language,
    pub languages: Vec<Language>,
    pub host_zone: String,
    /// The introduction as written: CommonMark, which pages show as sanitised HTML and calendars
    /// and schedules as plain text (`docs/programme-file.md` says what is kept).
    pub introduction: Option<LocalText>,
    pub continues: Vec<EditionView>,
    pub days: Vec<EventDayView>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct EditionView {
    pub name: LocalText,
    pub city: Option<String>,
    pub year: i16,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct EventDayView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// "mardi 7 décembre 2021".
    pub label: String,
    pub format: Format,
    pub format_label: String,
    pub venue: Option<VenueView>,
    /// "vendredi 10 décembre 2021 — Sur place, Izmir": the day as every page and document lists it.
    pub line_label: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct ZoneView {
    pub zone: String,
    pub label: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct DayView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub label: String,
    pub sessions: Vec<SessionView>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct VenueView {
    pub id: Slug,
    pub kind: VenueKind,
    pub name: Option<LocalText>,
    pub city: Option<String>,
    pub address: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct PersonView {
    /// Their id in the event's directory of people.
    pub id: Slug,
    pub name: String,
    pub role: Role,
    pub role_label: String,
    pub title: Option<LocalText>,
    pub city: Option<String>,
    pub country: Option<String>,
    /// Where they are from, as printed: "Izmir, Türkiye", "Türkiye" or "Izmir".
    pub place_label: Option<String>,
    pub link: Option<String>,
}

/// Someone in the event's directory of people.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct DirectoryPersonView {
    pub id: Slug,
    pub name: String,
    pub title: Option<LocalText>,
    pub city: Option<String>,
    pub country: Option<String>,
    /// Where they are from, as printed: "Izmir, Türkiye", "Türkiye" or "Izmir".
    pub place_label: Option<String>,
    pub link: Option<String>,
    /// The ids of the sessions they take part in, in the order of the programme.
    pub sessions: Vec<Slug>,
}

/// How far a session's time is settled.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeStatus {
    Confirmed,
    TimeToBeConfirmed,
    DateToBeConfirmed,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct SessionView {
    pub id: Slug,
    /// The id it keeps for ever (its first published id), for calendar UIDs and schedule guids.
    #[serde(skip)]
    pub identity: Slug,
    pub kind: SessionKind,
    pub kind_label: String,
    pub format: Format,
    pub format_label: String,
    pub venue: VenueView,
    /// "Atelier thématique · En ligne", with the place when it is held at one: the line under the
    /// title in every page and document.
    pub meta_label: String,
    /// The session's day in the host zone.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date: Option<Date>,
    /// Start and end in the host zone, RFC 3339 with offset, when the time is confirmed.
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub duration_minutes: Option<i64>,
    pub date_label: Option<String>,
    pub time_status: TimeStatus,
    /// "horaire à confirmer", when the time is not confirmed.
    pub time_status_label: Option<String>,
    pub title: LocalText,
    /// The description as written: CommonMark, which pages show as sanitised HTML and calendars
    /// and schedules as plain text (`docs/programme-file.md` says what is kept).
    pub description: Option<LocalText>,
    pub questions: Vec<LocalText>,
    pub people: Vec<PersonView>,
    /// The session's times in each zone it shows, or `None` while its time is to be confirmed.
    pub times: Option<Vec<ZoneTime>>,
}

/// A session's time in one zone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct ZoneTime {
    /// IANA name.
    pub zone: String,
    /// "Montréal", or "Votre heure" for the reader's own zone.
    pub label: String,
    /// RFC 3339 local date-time with offset: `2021-12-07T08:00:00-05:00`.
    pub start: String,
    pub end: String,
    /// "UTC-5"; "UTC+2 → UTC+1" when the offset changes during the session.
    pub offset: String,
    /// The local start and end as readers of the language write them: "08:00", "8:00 AM".
    pub start_label: String,
    pub end_label: String,
    /// Local date of the start, and days from the session's host date (…, -1, 0, +1).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub local_date: Date,
    pub day_shift: i32,
    /// "+1 jour" when the local start is on another date than the host's.
    pub day_shift_label: Option<String>,
    /// The local start date written out, when it differs from the host date.
    pub local_date_label: Option<String>,
    /// Days from the local start date to the local end date (1 when the session crosses midnight).
    pub end_day_shift: i32,
    pub end_day_shift_label: Option<String>,
    /// The range and date note every page and document shows: see [`TimeRangeLabel`].
    pub range_label: TimeRangeLabel,
    /// True for the reader's own zone, added to the display zones.
    pub reader: bool,
}

/// What a view is built for.
#[derive(Clone, Debug)]
pub struct ViewOptions {
    /// The reader's own zone, shown after the display zones; `None` for documents without a reader.
    pub reader_zone: Option<Zone>,
}

impl ProgrammeView {
    /// Builds the view of `programme` for a reader of `localizer`'s language.
    pub fn build(programme: &Programme, localizer: &Localizer, options: &ViewOptions) -> Self {
        Builder::new(programme, localizer, options).build()
    }

    /// Every session, day by day, then those whose day is to be confirmed.
    pub fn sessions(&self) -> impl Iterator<Item = &SessionView> {
        self.days
            .iter()
            .flat_map(|d| d.sessions.iter())
            .chain(self.unscheduled.iter())
    }
}

/// The times in every display zone of a session at host-zone times `start`–`end` — what an organiser
/// sees while typing a time — or why those times cannot be used.
pub fn preview_times(
    programme: &Programme,
    start: jiff::civil::DateTime,
    end: jiff::civil::DateTime,
    localizer: &Localizer,
) -> Result<Vec<ZoneTime>, crate::time::LocalTimeProblem> {
    let host = &programme.event.host_zone;
    let (from, to) = (
        crate::time::instant(host, start)?,
        crate::time::instant(host, end)?,
    );
    let options = ViewOptions { reader_zone: None };
    let builder = Builder::new(programme, localizer, &options);
    Ok(programme
        .zones
        .iter()
        .map(|zone| builder.zone_time(zone, from, to, start.date(), false))
        .collect())
}

/// A session's time in the event's host zone, labelled as in every other zone — what the
/// organisers' list of sessions shows — or `None` while its time is to be confirmed.
pub fn host_time(
    programme: &Programme,
    session: &Session,
    localizer: &Localizer,
) -> Option<ZoneTime> {
    let Schedule::Timed { start, end } = session.schedule else {
        return None;
    };
    let host = &programme.event.host_zone;
    let zone = DisplayZone::new(host.clone(), host.name());
    let options = ViewOptions { reader_zone: None };
    Some(Builder::new(programme, localizer, &options).zone_time(
        &zone,
        instant_lenient(host, start),
        instant_lenient(host, end),
        start.date(),
        false,
    ))
}

struct Builder<'a> {
    programme: &'a Programme,
    l: &'a Localizer,
    lang: &'a Language,
    source: &'a Language,
    options: &'a ViewOptions,
}

impl<'a> Builder<'a> {
    fn new(programme: &'a Programme, l: &'a Localizer, options: &'a ViewOptions) -> Self {
        Builder {
            programme,
            l,
            lang: l.lang(),
            source: &programme.event.source_language,
            options,
        }
    }

    fn build(&self) -> ProgrammeView {
        let p = self.programme;
        let event = &p.event;
        let mut timed: Vec<(Date, Option<Timestamp>, usize)> = Vec::new();
        let mut unscheduled = Vec::new();
        for (i, session) in p.sessions.iter().enumerate() {
            match session.schedule {
                Schedule::Timed { start, .. } => timed.push((
                    start.date(),
                    Some(instant_lenient(&event.host_zone, start)),
                    i,
                )),
                Schedule::TimeToBeConfirmed { date } => timed.push((date, None, i)),
                Schedule::DateToBeConfirmed => unscheduled.push(self.session(session)),
            }
        }
        // Sessions with a time first, in time order; then those of the day still to be timed, in
        // the order written.
        timed.sort_by_key(|&(date, at, i)| (date, at.is_none(), at, i));
        let mut days: Vec<DayView> = Vec::new();
        for (date, _, i) in timed {
            if days.last().is_none_or(|d| d.date != date) {
                days.push(DayView {
                    date,
                    label: self.l.long_date(date),
                    sessions: Vec::new(),
                });
            }
            if let Some(day) = days.last_mut() {
                day.sessions.push(self.session(&p.sessions[i]));
            }
        }
        let pending = p
            .sessions
            .iter()
            .filter(|s| !s.schedule.is_confirmed())
            .count();
        let mut event_days: Vec<EventDayView> = event
            .days
            .iter()
            .map(|d| {
                let label = self.l.long_date(d.date);
                let format_label = self.word("format", d.format);
                let venue = d
                    .venue
                    .as_ref()
                    .and_then(|v| p.venue(v))
                    .map(|v| self.venue(v));
                EventDayView {
                    date: d.date,
                    line_label: labels::day_line_label(&label, &format_label, venue.as_ref()),
                    label,
                    format: d.format,
                    format_label,
                    venue,
                }
            })
            .collect();
        event_days.sort_by_key(|d| d.date);
        let people = self.directory(&days, &unscheduled);
        ProgrammeView {
            lang: self.lang.clone(),
            event: EventView {
                id: event.id.clone(),
                name: self.required(&event.name),
                short_name: self.optional(&event.short_name),
                status: event.status,
                status_label: self.word("status", event.status),
                source_language: event.source_language.clone(),
                languages: event.languages.clone(),
                host_zone: event.host_zone.name().to_owned(),
                introduction: self.optional(&event.introduction),
                continues: event
                    .continues
                    .iter()
                    .map(|e| EditionView {
                        name: self.required(&e.name),
                        city: e.city.as_deref().map(printable),
                        year: e.year,
                    })
                    .collect(),
                days: event_days,
            },
            zones: p
                .zones
                .iter()
                .map(|z| ZoneView {
                    zone: z.zone.name().to_owned(),
                    label: z.label_in(self.lang, self.source),
                })
                .collect(),
            days,
            unscheduled,
            pending,
            people,
        }
    }

    fn word<K: Keyword>(&self, prefix: &str, value: K) -> String {
        self.l.message(&format!("{prefix}-{}", value.keyword()))
    }

    fn optional(&self, text: &Text) -> Option<LocalText> {
        text.get(self.lang, self.source)
    }

    /// A text the programme must have; an empty one (only in programmes `check` refused) reads as "".
    fn required(&self, text: &Text) -> LocalText {
        self.optional(text).unwrap_or_else(|| LocalText {
            text: String::new(),
            lang: self.source.clone(),
            fallback: true,
        })
    }

    fn venue(&self, venue: &Venue) -> VenueView {
        VenueView {
            id: venue.id.clone(),
            kind: venue.kind,
            name: self.optional(&venue.name),
            city: venue.city.as_deref().map(printable),
            address: venue.address.as_deref().map(printable),
        }
    }

    fn person(&self, person: &Person, role: Role) -> PersonView {
        PersonView {
            id: person.id.clone(),
            name: printable(&person.name),
            role,
            role_label: self.word("role", role),
            title: self.optional(&person.title),
            city: person.city.as_deref().map(printable),
            country: person.country.as_deref().map(printable),
            place_label: place_of(person),
            link: person.link.as_deref().map(printable),
        }
    }

    /// The directory, each person with their sessions in the order `days` and `unscheduled` show.
    /// Only those who take part in a session are in it: organisers list people they have invited
    /// before those people have said yes, and that is nobody else's business.
    fn directory(&self, days: &[DayView], unscheduled: &[SessionView]) -> Vec<DirectoryPersonView> {
        let shown: Vec<&SessionView> = days
            .iter()
            .flat_map(|d| &d.sessions)
            .chain(unscheduled)
            .collect();
        self.programme
            .people
            .iter()
            .filter_map(|person| {
                let sessions: Vec<Slug> = shown
                    .iter()
                    .filter(|s| s.people.iter().any(|p| p.id == person.id))
                    .map(|s| s.id.clone())
                    .collect();
                (!sessions.is_empty()).then(|| DirectoryPersonView {
                    id: person.id.clone(),
                    name: printable(&person.name),
                    title: self.optional(&person.title),
                    city: person.city.as_deref().map(printable),
                    country: person.country.as_deref().map(printable),
                    place_label: place_of(person),
                    link: person.link.as_deref().map(printable),
                    sessions,
                })
            })
            .collect()
    }

    fn session(&self, session: &Session) -> SessionView {
        let p = self.programme;
        let venue = p.venue(&session.venue).map_or_else(
            || VenueView {
                id: session.venue.clone(),
                kind: VenueKind::Place,
                name: None,
                city: None,
                address: None,
            },
            |v| self.venue(v),
        );
        let (time_status, status_id) = match session.schedule {
            Schedule::Timed { .. } => (TimeStatus::Confirmed, None),
            Schedule::TimeToBeConfirmed { .. } => {
                (TimeStatus::TimeToBeConfirmed, Some("time-to-be-confirmed"))
            }
            Schedule::DateToBeConfirmed => {
                (TimeStatus::DateToBeConfirmed, Some("date-to-be-confirmed"))
            }
        };
        let date = session.schedule.date();
        let host = &p.event.host_zone;
        let instants = match session.schedule {
            Schedule::Timed { start, end } => {
                Some((instant_lenient(host, start), instant_lenient(host, end)))
            }
            _ => None,
        };
        let host_time = |ts: Timestamp| ts.display_with_offset(host.tz().to_offset(ts)).to_string();
        let (kind_label, format_label) = (
            self.word("kind", session.kind),
            self.word("format", session.format),
        );
        SessionView {
            id: session.id.clone(),
            identity: session.identity().clone(),
            kind: session.kind,
            meta_label: labels::meta_label(&kind_label, &format_label, &venue),
            kind_label,
            format: session.format,
            format_label,
            venue,
            date,
            starts_at: instants.map(|(start, _)| host_time(start)),
            ends_at: instants.map(|(_, end)| host_time(end)),
            duration_minutes: instants.map(|(start, end)| end.duration_since(start).as_mins()),
            date_label: date.map(|d| self.l.long_date(d)),
            time_status,
            time_status_label: status_id.map(|id| self.l.message(id)),
            title: self.required(&session.title),
            description: self.optional(&session.description),
            questions: session.questions.iter().map(|q| self.required(q)).collect(),
            people: p
                .people_of(session)
                .into_iter()
                .map(|(person, role)| self.person(person, role))
                .collect(),
            times: self.times(session),
        }
    }

    fn times(&self, session: &Session) -> Option<Vec<ZoneTime>> {
        let Schedule::Timed { start, end } = session.schedule else {
            return None;
        };
        let host = &self.programme.event.host_zone;
        let (start, end) = (instant_lenient(host, start), instant_lenient(host, end));
        let host_date = session.schedule.date()?;
        let mut times: Vec<ZoneTime> = self
            .programme
            .zones_shown(session)
            .into_iter()
            .map(|z| self.zone_time(z, start, end, host_date, false))
            .collect();
        if let Some(zone) = &self.options.reader_zone {
            let reader = DisplayZone::new(zone.clone(), self.l.message("label-your-time"));
            times.push(self.zone_time(&reader, start, end, host_date, true));
        }
        Some(times)
    }

    fn zone_time(
        &self,
        zone: &DisplayZone,
        start: Timestamp,
        end: Timestamp,
        host_date: Date,
        reader: bool,
    ) -> ZoneTime {
        let tz = zone.zone.tz();
        let (local_start, local_end) = (tz.to_datetime(start), tz.to_datetime(end));
        let (start_offset, end_offset) = (tz.to_offset(start), tz.to_offset(end));
        let day_shift = days_between(host_date, local_start.date());
        let end_day_shift = days_between(local_start.date(), local_end.date());
        let offset = if start_offset == end_offset {
            offset_label(start_offset)
        } else {
            format!(
                "{} → {}",
                offset_label(start_offset),
                offset_label(end_offset)
            )
        };
        let (start_label, end_label) = (
            self.l.time(local_start.time()),
            self.l.time(local_end.time()),
        );
        let day_shift_label = self.shift_label(day_shift);
        let local_date_label = (day_shift != 0).then(|| self.l.day_month(local_start.date()));
        let end_day_shift_label = self.shift_label(end_day_shift);
        let range_label = TimeRangeLabel::new(
            &start_label,
            &end_label,
            end_day_shift_label.as_deref(),
            local_date_label.as_deref(),
            day_shift_label.as_deref(),
        );
        ZoneTime {
            zone: zone.zone.name().to_owned(),
            label: zone.label_in(self.lang, self.source),
            start: start.display_with_offset(start_offset).to_string(),
            end: end.display_with_offset(end_offset).to_string(),
            offset,
            start_label,
            end_label,
            local_date: local_start.date(),
            day_shift,
            day_shift_label,
            local_date_label,
            end_day_shift,
            end_day_shift_label,
            range_label,
            reader,
        }
    }

    fn shift_label(&self, days: i32) -> Option<String> {
        (days != 0).then(|| self.l.day_shift(days))
    }
}

fn days_between(from: Date, to: Date) -> i32 {
    (to - from).get_days()
}

/// Where someone is from, as every document prints it: "Izmir, Türkiye", or the one of the two
/// they gave.
fn place_of(person: &Person) -> Option<String> {
    labels::place_label(
        person.city.as_deref().map(printable).as_deref(),
        person.country.as_deref().map(printable).as_deref(),
    )
}
