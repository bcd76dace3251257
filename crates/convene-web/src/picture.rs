//! The picture of a day as SVG: one band per zone, night shaded, the sessions placed across the bands.

use askama::Template;
use convene_core::picture::DayPicture;

const WIDTH: f64 = 960.0;
const LEFT: f64 = 150.0;
const BAND: f64 = 26.0;
const GAP: f64 = 6.0;

struct BandRow {
    y: f64,
    label: String,
    offset: String,
    /// (x, width) of each night stretch.
    nights: Vec<(f64, f64)>,
    marks: Vec<(f64, String)>,
}

struct SessionBox {
    id: String,
    title: String,
    x: f64,
    width: f64,
}

#[derive(Template)]
#[template(path = "day.svg", escape = "html")]
struct Svg {
    id: String,
    title: String,
    description: String,
    night_label: String,
    width: f64,
    height: f64,
    left: f64,
    plot_width: f64,
    band_height: f64,
    top: f64,
    sessions_height: f64,
    bands: Vec<BandRow>,
    sessions: Vec<SessionBox>,
}

/// The SVG of a day; `title` and `description` are its text alternative.
pub fn render(
    picture: &DayPicture,
    id: &str,
    title: String,
    description: String,
    night_label: String,
) -> String {
    let plot = WIDTH - LEFT;
    let x = |hours: f64| LEFT + (hours / picture.hours.max(1.0)) * plot;
    let bands: Vec<BandRow> = picture
        .bands
        .iter()
        .enumerate()
        .map(|(i, band)| BandRow {
            y: i as f64 * (BAND + GAP),
            label: band.label.clone(),
            offset: band.offset.clone(),
            nights: band
                .nights
                .iter()
                .map(|(from, to)| (x(*from), x(*to) - x(*from)))
                .collect(),
            marks: band
                .marks
                .iter()
                .map(|(at, hour)| (x(*at), hour.clone()))
                .collect(),
        })
        .collect();
    let height = bands.len() as f64 * (BAND + GAP) - GAP;
    let sessions = picture
        .sessions
        .iter()
        .map(|s| SessionBox {
            id: s.id.clone(),
            title: s.title.clone(),
            x: x(s.from),
            width: (x(s.to) - x(s.from)).max(2.0),
        })
        .collect();
    let svg = Svg {
        id: id.to_owned(),
        title,
        description,
        night_label,
        width: WIDTH,
        height: height.max(BAND),
        left: LEFT,
        plot_width: plot,
        band_height: BAND,
        top: 0.0,
        sessions_height: height.max(BAND),
        bands,
        sessions,
    };
    svg.render().unwrap_or_default()
}
