//! The live preview of a session's times in every display zone, as they are typed: an HTML fragment
//! shown in the form and fetched again by the page's script.

use askama::Template;
use convene_core::Programme;
use convene_core::locale::Localizer;
use convene_core::time::LocalTimeProblem;

#[derive(Template)]
#[template(
    source = "{% if let Some(e) = error %}<p class=\"field-error\">{{ e }}</p>{% endif %}{% if !rows.is_empty() %}<table class=\"programme\"><tbody>{% for r in rows %}<tr><th scope=\"row\">{{ r.0 }}</th><td class=\"time\">{{ r.1 }}<small>{{ r.2 }}</small>{% if let Some(n) = r.3 %}<small class=\"shift\">{{ n }}</small>{% endif %}</td></tr>{% endfor %}</tbody></table>{% endif %}",
    ext = "html"
)]
struct Preview {
    error: Option<String>,
    /// Zone label, time range, UTC offset, date note: as the public programme's time cells.
    rows: Vec<(String, String, String, Option<String>)>,
}

/// The times of a session on `date` from `start` to `end` (host times as typed) in every display
/// zone; empty while they do not read as a date and two times. The end is on the next day when
/// `next_day` says so ("ends the next day" is ticked), or when it is not after the start.
pub fn preview_html(
    programme: &Programme,
    date: &str,
    start: &str,
    end: &str,
    next_day: bool,
    words: &Localizer,
) -> String {
    let parse_time = |t: &str| {
        jiff::fmt::strtime::parse("%H:%M", t.trim())
            .and_then(|p| p.to_time())
            .ok()
    };
    let date = jiff::fmt::strtime::parse("%Y-%m-%d", date.trim())
        .and_then(|t| t.to_date())
        .ok();
    let (Some(date), Some(start), Some(end)) = (date, parse_time(start), parse_time(end)) else {
        return String::new();
    };
    // Only the event's days: they are the only ones a session may have, and far dates (the year
    // 9999, say) would only show times the time-zone database cannot follow.
    if programme.event.day(date).is_none() {
        let days: Vec<String> = programme
            .event
            .days
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        let message = words.message_with(
            "org-preview-not-an-event-day",
            &[
                ("date", date.to_string().into()),
                ("days", days.join(", ").into()),
            ],
        );
        return Preview {
            error: Some(message),
            rows: Vec::new(),
        }
        .render()
        .unwrap_or_default();
    }
    let end_day = if end > start && !next_day {
        date
    } else {
        match date.tomorrow() {
            Ok(next) => next,
            Err(_) => return String::new(),
        }
    };
    let preview = match convene_core::view::preview_times(
        programme,
        date.to_datetime(start),
        end_day.to_datetime(end),
        words,
    ) {
        Ok(times) => Preview {
            error: None,
            rows: times
                .iter()
                .map(|t| {
                    (
                        t.label.clone(),
                        t.range_label.range.clone(),
                        t.offset.clone(),
                        t.range_label.date_note.clone(),
                    )
                })
                .collect(),
        },
        Err(problem) => Preview {
            error: Some(local_time_problem(&problem, words)),
            rows: Vec::new(),
        },
    };
    preview.render().unwrap_or_default()
}

/// A daylight-saving problem in the organiser's language, as `check` words it.
fn local_time_problem(problem: &LocalTimeProblem, words: &Localizer) -> String {
    let id = match problem {
        LocalTimeProblem::Gap { .. } => "check-nonexistent-time",
        LocalTimeProblem::Fold { .. } => "check-ambiguous-time",
    };
    if !words.has_message(id) {
        return problem.to_string();
    }
    let args: Vec<(&str, fluent::FluentValue<'_>)> = problem
        .args()
        .into_iter()
        .map(|(name, value)| (name, value.into()))
        .collect();
    words.message_with(id, &args)
}
