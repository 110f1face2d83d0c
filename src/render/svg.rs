//! The approvals timeline as inline SVG, drawn by the program: one lane per
//! product and jurisdiction, a bar from each grant to its end (or to the
//! record date), conditional and time-limited grants hatched with a dashed
//! outline and labelled, ends (withdrawal, expiry, suspension, revocation)
//! and refusals as labelled markers. Colour is never the only signal: every
//! bar and marker has a shape and a text label of its own.

use std::fmt::Write as _;

use crate::date::Day;
use crate::model::Effect;
use crate::site::{GrantShape, Lane};

use super::html::esc;

const WIDTH: f64 = 960.0;
const LABEL_WIDTH: f64 = 200.0;
const RIGHT: f64 = 16.0;
const ROW: f64 = 30.0;
const MARKER_ROW: f64 = 20.0;
const LANE_GAP: f64 = 10.0;
const TOP: f64 = 84.0;

/// Where on the x axis a day falls, as a fractional year.
fn year_of(day: Day) -> f64 {
    f64::from(day.year) + (f64::from(day.month) - 1.0) / 12.0 + (f64::from(day.day) - 1.0) / 372.0
}

struct Scale {
    first: f64,
    last: f64,
}

impl Scale {
    fn x(&self, day: Day) -> f64 {
        let span = (self.last - self.first).max(1.0);
        LABEL_WIDTH + (year_of(day) - self.first) / span * (WIDTH - LABEL_WIDTH - RIGHT)
    }
}

fn short_kind(kind: &str) -> &str {
    match kind {
        "approval" => "approval",
        "conditional-approval" => "conditional approval",
        "time-limited-approval" => "time-limited approval",
        "provisional-consent" => "provisional consent",
        "hospital-exemption" => "hospital exemption",
        other => other,
    }
}

/// Draws the timeline of `lanes`, as of the record date.
pub fn timeline(lanes: &[Lane], record_date: Day, title: &str) -> String {
    let starts = lanes
        .iter()
        .flat_map(|l| {
            l.bars
                .iter()
                .map(|b| b.start)
                .chain(l.markers.iter().map(|m| m.date))
        })
        .map(|d| d.first_day().year);
    let first_year = starts.min().unwrap_or(record_date.year);
    let scale = Scale {
        first: f64::from(first_year),
        last: f64::from(record_date.year) + 1.0,
    };
    let lane_height = |l: &Lane| {
        f64::from(u32::try_from(l.bars.len().max(1)).unwrap_or(u32::MAX)) * ROW
            + f64::from(u32::try_from(l.markers.len()).unwrap_or(u32::MAX)) * MARKER_ROW
            + LANE_GAP
    };
    let height = TOP + lanes.iter().map(lane_height).sum::<f64>() + 24.0;
    let grants: usize = lanes.iter().map(|l| l.bars.len()).sum();
    let ends: usize = lanes.iter().map(|l| l.markers.len()).sum();
    let label = format!(
        "{title}: {} lanes (product and jurisdiction), {grants} grants drawn as bars from grant to end or to the record date {record_date}, {ends} ends and refusals drawn as markers. The same facts are in the tables of this page.",
        lanes.len()
    );
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" aria-label="{label}" viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}">"#,
        label = esc(&label)
    );
    let _ = write!(s, "<title>{}</title>", esc(title));
    s.push_str(concat!(
        r#"<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">"#,
        r##"<rect width="6" height="6" fill="#fff1dc"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a4b00" stroke-width="2.5"/></pattern></defs>"##
    ));
    // Legend.
    s.push_str(concat!(
        r##"<g class="legend"><rect x="8" y="8" width="28" height="12" fill="#1d4f91"/><text x="42" y="18" fill="#1a1a1a">full approval (solid)</text>"##,
        r##"<rect x="200" y="8" width="28" height="12" fill="url(#hatch)" stroke="#8a4b00" stroke-dasharray="4 2"/><text x="234" y="18" fill="#1a1a1a">conditional, time-limited or provisional (hatched, dashed outline)</text>"##,
        r##"<path d="M 14 30 l 6 10 l 6 -10 z" fill="#b00020"/><text x="42" y="40" fill="#1a1a1a">withdrawal, expiry, suspension or revocation (triangle)</text>"##,
        r##"<path d="M 412 30 l 10 10 M 422 30 l -10 10" stroke="#1a1a1a" stroke-width="2.5"/><text x="430" y="40" fill="#1a1a1a">refusal or other negative answer (cross)</text></g>"##
    ));
    // Year axis.
    let span = record_date.year + 1 - first_year;
    let step = if span > 24 {
        4
    } else if span > 12 {
        2
    } else {
        1
    };
    let bottom = height - 20.0;
    let mut year = first_year;
    while year <= record_date.year + 1 {
        let x = scale.x(Day {
            year,
            month: 1,
            day: 1,
        });
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{bottom:.0}" stroke="#d0d0d0"/><text x="{x:.1}" y="{ty}" text-anchor="middle" fill="#333">{year}</text>"##,
            y1 = TOP - 14.0,
            ty = TOP - 18.0
        );
        year += step;
    }
    let rx = scale.x(record_date);
    let _ = write!(
        s,
        r##"<line x1="{rx:.1}" y1="{y1}" x2="{rx:.1}" y2="{bottom:.0}" stroke="#1a1a1a" stroke-dasharray="2 3"/><text x="{rx:.1}" y="{ty:.0}" text-anchor="end" fill="#1a1a1a">record date {record_date}</text>"##,
        y1 = TOP - 14.0,
        ty = bottom + 14.0
    );
    let mut y = TOP;
    for lane in lanes {
        let h = lane_height(lane);
        let name = format!("{} · {}", lane.product, lane.jurisdiction_name);
        let _ = write!(
            s,
            r##"<g class="lane"><line x1="0" y1="{y:.0}" x2="{WIDTH}" y2="{y:.0}" stroke="#e4e4e4"/>"##
        );
        let text = format!(
            r##"<text x="4" y="{:.0}" fill="#1a1a1a" font-weight="600">{}</text>"##,
            y + 16.0,
            esc(&truncate(&name, 30))
        );
        s.push_str(&text);
        let mut row_y = y;
        for bar in &lane.bars {
            let x1 = scale.x(bar.start.first_day());
            let end_day = bar.end.map_or(record_date, |e| e.first_day().min(record_date));
            let x2 = scale.x(end_day).max(x1 + 3.0);
            let (fill, extra) = match bar.shape {
                GrantShape::Full => ("#1d4f91", ""),
                GrantShape::Provisional => (
                    "url(#hatch)",
                    r##" stroke="#8a4b00" stroke-width="1.5" stroke-dasharray="4 2""##,
                ),
            };
            let until = match (&bar.end_label, bar.end) {
                (Some(l), _) => l.clone(),
                (None, _) => format!("in force at {record_date}"),
            };
            let text = format!(
                "{} {} – {}; {}",
                short_kind(bar.kind.as_str()),
                bar.start,
                until,
                bar.indication
            );
            let _ = write!(
                s,
                r#"<rect x="{x1:.1}" y="{:.0}" width="{:.1}" height="12" fill="{fill}"{extra}><title>{}</title></rect>"#,
                row_y + 5.0,
                x2 - x1,
                esc(&text)
            );
            // About 5.8 px a character at 11 px: start at the bar when the
            // label fits, else end it at the right edge.
            let fits = |chars: usize, from: f64| {
                f64::from(u32::try_from(chars).unwrap_or(u32::MAX)) * 5.8 <= WIDTH - RIGHT - from
            };
            let text = truncate(&text, 120);
            let (tx, anchor) = if fits(text.chars().count(), x1) {
                (x1, "start")
            } else {
                (WIDTH - RIGHT, "end")
            };
            let _ = write!(
                s,
                r##"<text x="{tx:.1}" y="{:.0}" text-anchor="{anchor}" fill="#1a1a1a" font-size="11">{}</text>"##,
                row_y + 28.0,
                esc(&text)
            );
            row_y += ROW;
        }
        if lane.bars.is_empty() {
            row_y += ROW;
        }
        for marker in &lane.markers {
            let x = scale.x(marker.date.first_day());
            let my = row_y + 4.0;
            let shape = if marker.kind.effect() == Effect::End {
                format!(
                    r##"<path d="M {:.1} {my:.0} l 6 10 l 6 -10 z" fill="#b00020"/>"##,
                    x - 6.0
                )
            } else {
                format!(
                    r##"<path d="M {:.1} {my:.0} l 10 10 M {:.1} {my:.0} l -10 10" stroke="#1a1a1a" stroke-width="2.5"/>"##,
                    x - 5.0,
                    x + 5.0
                )
            };
            let _ = write!(
                s,
                r##"<line x1="{x:.1}" y1="{y:.0}" x2="{x:.1}" y2="{my:.0}" stroke="#b00020" stroke-dasharray="2 2"/>{shape}"##
            );
            let (tx, anchor) = if x > WIDTH - 240.0 {
                (x - 10.0, "end")
            } else {
                (x + 10.0, "start")
            };
            let _ = write!(
                s,
                r##"<text x="{tx:.1}" y="{:.0}" text-anchor="{anchor}" fill="#1a1a1a" font-size="11">{}</text>"##,
                my + 10.0,
                esc(&marker.label)
            );
            row_y += MARKER_ROW;
        }
        s.push_str("</g>");
        y += h;
    }
    s.push_str("</svg>");
    s
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}
