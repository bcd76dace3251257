//! The picture of a day as SVG, twice: for wide screens one band per zone running left to right,
//! and for narrow screens one column per zone running top to bottom. Night is shaded, the sessions
//! are placed across every zone, and the stylesheet shows the one that fits the screen.

use askama::Template;
use convene_core::picture::DayPicture;

/// The bands picture: its width, the room for the zone labels on the left, a band's height and
/// the gap between bands.
const WIDTH: f64 = 960.0;
const LEFT: f64 = 150.0;
const BAND: f64 = 26.0;
const GAP: f64 = 6.0;

/// The columns picture, drawn at its own size (one unit a CSS pixel): a column is never narrower
/// than `COLUMN_MIN`, and columns widen to fill `NARROW` (a small phone's width) while there are few
/// zones, up to `COLUMN_MAX`. The heading holds the label and the offset; an hour is `HOUR` high.
const NARROW: f64 = 340.0;
const COLUMN_MIN: f64 = 80.0;
const COLUMN_MAX: f64 = 120.0;
const COLUMN_GAP: f64 = 6.0;
const HEAD: f64 = 40.0;
const HOUR: f64 = 12.0;

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

/// One zone's column: where it starts, its heading, and its nights and hour marks as (y, height)
/// and (y, hour).
struct ZoneColumn {
    x: f64,
    label: String,
    offset: String,
    nights: Vec<(f64, f64)>,
    marks: Vec<(f64, String)>,
}

/// A session across the columns: (y, height).
struct SessionSpan {
    id: String,
    title: String,
    y: f64,
    height: f64,
}

#[derive(Template)]
#[template(path = "day_columns.svg", escape = "html")]
struct ColumnsSvg {
    id: String,
    title: String,
    description: String,
    night_label: String,
    width: f64,
    height: f64,
    top: f64,
    plot_height: f64,
    column_width: f64,
    columns: Vec<ZoneColumn>,
    sessions: Vec<SessionSpan>,
}

/// The SVGs of a day, bands then columns; `title` and `description` are their text alternative.
/// Their elements' ids start with `id`.
pub fn render(
    picture: &DayPicture,
    id: &str,
    title: String,
    description: String,
    night_label: String,
) -> String {
    let columns = columns(picture, id, &title, &description, &night_label);
    let bands = bands(picture, id, title, description, night_label);
    bands + &columns
}

fn bands(
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

fn columns(
    picture: &DayPicture,
    id: &str,
    title: &str,
    description: &str,
    night_label: &str,
) -> String {
    let count = picture.bands.len().max(1) as f64;
    let column_width = ((NARROW - (count - 1.0) * COLUMN_GAP) / count)
        .floor()
        .clamp(COLUMN_MIN, COLUMN_MAX);
    let width = count * column_width + (count - 1.0) * COLUMN_GAP;
    // The day is drawn 24 hours high, also when daylight saving makes it 23 or 25.
    let plot_height = 24.0 * HOUR;
    let y = |hours: f64| HEAD + (hours / picture.hours.max(1.0)) * plot_height;
    let columns = picture
        .bands
        .iter()
        .enumerate()
        .map(|(i, band)| ZoneColumn {
            x: i as f64 * (column_width + COLUMN_GAP),
            label: band.label.clone(),
            offset: band.offset.clone(),
            nights: band
                .nights
                .iter()
                .map(|(from, to)| (y(*from), y(*to) - y(*from)))
                .collect(),
            marks: band
                .marks
                .iter()
                .map(|(at, hour)| (y(*at), hour.clone()))
                .collect(),
        })
        .collect();
    let sessions = picture
        .sessions
        .iter()
        .map(|s| SessionSpan {
            id: s.id.clone(),
            title: s.title.clone(),
            y: y(s.from),
            height: (y(s.to) - y(s.from)).max(2.0),
        })
        .collect();
    let svg = ColumnsSvg {
        id: format!("{id}-columns"),
        title: title.to_owned(),
        description: description.to_owned(),
        night_label: night_label.to_owned(),
        width,
        height: HEAD + plot_height,
        top: HEAD,
        plot_height,
        column_width,
        columns,
        sessions,
    };
    svg.render().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use convene_core::picture::{Band, DayPicture};

    use super::*;

    fn day_with_zones(count: usize) -> DayPicture {
        DayPicture {
            hours: 24.0,
            bands: (0..count)
                .map(|i| Band {
                    label: format!("Zone {i}"),
                    zone: "Etc/UTC".to_owned(),
                    offset: "UTC".to_owned(),
                    nights: vec![(0.0, 7.0), (22.0, 24.0)],
                    marks: vec![(0.0, "00".to_owned()), (6.0, "06".to_owned())],
                })
                .collect(),
            sessions: Vec::new(),
        }
    }

    /// The `width="…"` the columns picture is drawn at.
    fn drawn_width(count: usize) -> f64 {
        let svg = columns(
            &day_with_zones(count),
            "picture",
            "title",
            "description",
            "night",
        );
        let (_, rest) = svg.split_once(" width=\"").expect("a width attribute");
        let (width, _) = rest.split_once('"').expect("the width's end");
        width.parse().expect("a number")
    }

    #[test]
    fn the_columns_fill_a_small_phone_while_there_are_few_zones() {
        let widths: Vec<(usize, f64)> = [1, 2, 3, 4].map(|n| (n, drawn_width(n))).to_vec();
        assert_eq!(widths, [(1, 120.0), (2, 246.0), (3, 339.0), (4, 338.0)]);
    }

    #[test]
    fn with_many_zones_the_columns_keep_their_width_and_the_picture_grows() {
        assert_eq!(drawn_width(6), 6.0 * COLUMN_MIN + 5.0 * COLUMN_GAP);
    }
}
