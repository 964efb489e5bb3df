//! The action timeline: horizon bands as columns, one row per action with a
//! bar from the assessment date to its due date, vertical markers for the
//! assessment date and the next review, and a legend.
//!
//! The time axis is [`TimelineAxis`]: equal-width horizon bands, shared
//! with the PDF. Ticks under each band boundary give the real dates and the
//! offset from the assessment (e.g. `+14 d`).
//!
//! States are told apart without colour: done bars are hatched and say
//! "done", overdue bars have a heavy dashed outline and say "overdue".

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::svg::{FONT_FAMILY, esc, palette, text_lines, text_width, truncate, wrap};
use crate::document::chart::{MAX_HORIZONS, MAX_TIMELINE_ACTIONS, TimelineChart};
use crate::document::timeline_axis::{TimelineAxis, short_date};
use crate::document::wording::WORDING;
use crate::model::{ActionState, Tone};

const WIDTH: f64 = 960.0;
const LABEL_W: f64 = 250.0;
const PLOT_X0: f64 = LABEL_W + 14.0;
/// Room right of the plot for the due-date label of a bar ending there.
const PLOT_X1: f64 = WIDTH - 96.0;
const BAND_LABEL_H: f64 = 48.0;
const MARKER_LABEL_H: f64 = 22.0;
const ROW_H: f64 = 30.0;
const BAR_H: f64 = 16.0;

/// Long display date, e.g. "Oct 7, 2025".
fn long_date(t: &DateTime<FixedOffset>) -> String {
    t.format("%b %-d, %Y").to_string()
}

/// Offset from the assessment as a short label: "+24 h", "+14 d", "−3 d".
fn offset_label(seconds: i64) -> String {
    let sign = if seconds < 0 { "−" } else { "+" };
    let s = seconds.unsigned_abs();
    if s < 48 * 3600 {
        format!("{sign}{} h", s.div_ceil(3600))
    } else {
        format!("{sign}{} d", (s + 43_200) / 86_400)
    }
}

/// Maps an axis fraction to an x coordinate of the plot.
fn plot_x(f: f64) -> f64 {
    PLOT_X0 + f * (PLOT_X1 - PLOT_X0)
}

/// The legend swatch of open bars: one slice per horizon, in its colour.
fn open_swatch(c: &TimelineChart, y: f64) -> String {
    let n = c.horizons.len().max(1) as f64;
    // Placed like the other swatches: `{x}` is filled in as the row flows.
    let mut s = String::from(r#"<g transform="translate({x} 0)">"#);
    for (i, h) in c.horizons.iter().enumerate() {
        let _ = write!(
            s,
            r#"<rect x="{:.1}" y="{y:.1}" width="{:.1}" height="12" fill="{}"/>"#,
            i as f64 * 24.0 / n,
            24.0 / n,
            palette(h.tone).fill
        );
    }
    s.push_str("</g>");
    s
}

/// Draws the timeline. `id` is a document-unique prefix for element ids.
pub(crate) fn timeline_svg(c: &TimelineChart, id: &str) -> Result<String, String> {
    if c.horizons.len() > MAX_HORIZONS || c.actions.len() > MAX_TIMELINE_ACTIONS {
        return Err("too many horizons or actions".into());
    }
    let p = TimelineAxis::new(c)?;
    let axis = &p;
    let top = 6.0;
    let rows_y0 = top + BAND_LABEL_H + MARKER_LABEL_H;
    let rows_y1 = rows_y0 + c.actions.len().max(1) as f64 * ROW_H;
    let axis_y = rows_y1 + 4.0;
    let legend_y = axis_y + 52.0;
    let height = legend_y + 30.0;
    let start = p.start.timestamp();

    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-wide" viewBox="0 0 {WIDTH:.0} {height:.0}" width="{WIDTH:.0}" height="{height:.0}" role="img" aria-labelledby="{id}_title {id}_desc" font-family="{FONT_FAMILY}">"#
    );
    let _ = write!(
        s,
        r#"<title id="{id}_title">Action timeline: {} actions until the review on {}</title><desc id="{id}_desc">{}</desc>"#,
        c.actions.len(),
        esc(&long_date(&p.review)),
        esc(&c.alt_text())
    );
    // Hatching for done bars and for the "past" band.
    let _ = write!(
        s,
        r##"<defs><pattern id="{id}_done" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><rect width="2.5" height="6" fill="#52606d"/></pattern><pattern id="{id}_past" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#f5f7fa"/><rect width="1" height="8" fill="#cbd2d9"/></pattern></defs>"##
    );

    // Bands with their labels.
    for seg in &axis.bands {
        let (x0, x1) = (plot_x(seg.f0), plot_x(seg.f1));
        let fill = match seg.tone {
            Some(t) => palette(t).tint.to_owned(),
            None => format!("url(#{id}_past)"),
        };
        let ink = seg.tone.map_or("#3e4c59".to_owned(), |t| palette(t).ink);
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" fill="{fill}"/><line x1="{:.1}" y1="{top:.1}" x2="{:.1}" y2="{rows_y1:.1}" stroke="#ffffff" stroke-width="2"/>"##,
            x0,
            x1 - x0,
            rows_y1 - top,
            x1,
            x1,
        );
        // Measured as bold (about 12% wider than regular text).
        let lines = wrap(&seg.label, x1 - x0 - 12.0, 13.0 * 1.12, 2);
        text_lines(
            &mut s,
            &lines,
            (x0 + x1) / 2.0,
            top + BAND_LABEL_H / 2.0,
            13.0,
            "middle",
            &format!(r#" font-weight="700" fill="{ink}""#),
            true,
        );
    }

    // Row guides, labels and bars.
    for (i, (a, due)) in c.actions.iter().zip(&p.dues).enumerate() {
        let y = rows_y0 + i as f64 * ROW_H;
        let cy = y + ROW_H / 2.0;
        let _ = write!(
            s,
            r##"<line x1="0" y1="{:.1}" x2="{PLOT_X1:.1}" y2="{:.1}" stroke="#e4e7eb" stroke-width="1"/>"##,
            y + ROW_H,
            y + ROW_H
        );
        let key = truncate(&a.key, 60.0, 13.0);
        let key_w = text_width(&key, 13.0).max(26.0) + 8.0;
        let title = truncate(&a.title, LABEL_W - key_w - 4.0, 13.0);
        let _ = write!(
            s,
            r##"<text x="0" y="{cy:.1}" font-size="13" dominant-baseline="central" fill="#1f2933"><tspan font-weight="700">{}</tspan><tspan x="{key_w:.1}">{}</tspan><title>{}</title></text>"##,
            esc(&key),
            esc(&title),
            esc(&a.title)
        );

        let xs = plot_x(axis.fraction(start));
        let xd = plot_x(axis.fraction(due.timestamp()));
        let (x0, x1) = if xd >= xs { (xs, xd) } else { (xd, xs) };
        let w = (x1 - x0).max(4.0);
        let tone = c.horizons[a.horizon].tone;
        let pal = palette(tone);
        let (fill, stroke, extra) = match a.state {
            ActionState::Open => (pal.fill.clone(), pal.ink, String::new()),
            ActionState::Done => (
                format!("url(#{id}_done)"),
                "#323f4b".to_owned(),
                String::new(),
            ),
            ActionState::Overdue => (
                palette(Tone::Bad).fill,
                "#111827".to_owned(),
                r#" stroke-dasharray="5 3""#.to_owned(),
            ),
        };
        let stroke_w = if a.state == ActionState::Overdue {
            2.5
        } else {
            1.0
        };
        let _ = write!(
            s,
            r#"<rect x="{x0:.1}" y="{:.1}" width="{w:.1}" height="{BAR_H}" rx="2" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_w}"{extra}/>"#,
            cy - BAR_H / 2.0
        );
        let note = match a.state {
            ActionState::Open => short_date(due),
            ActionState::Done => format!("{} {}", short_date(due), WORDING.bar_done),
            ActionState::Overdue => format!("{} {}", short_date(due), WORDING.bar_overdue),
        };
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{cy:.1}" font-size="12" dominant-baseline="central" fill="#323f4b"{}>{}</text>"##,
            x0 + w + 5.0,
            if a.state == ActionState::Overdue {
                r#" font-weight="700""#
            } else {
                ""
            },
            esc(&note)
        );
    }

    // Markers: assessment (solid) and next review (dashed).
    let marker_label_y = top + BAND_LABEL_H + MARKER_LABEL_H / 2.0;
    for (t, label, dash) in [
        (
            p.start,
            format!("{} {}", WORDING.marker_assessed, short_date(&p.start)),
            "",
        ),
        (
            p.review,
            format!("{} {}", WORDING.marker_review, short_date(&p.review)),
            r#" stroke-dasharray="6 4""#,
        ),
    ] {
        let x = plot_x(axis.fraction(t.timestamp()));
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{rows_y1:.1}" stroke="#111827" stroke-width="2"{dash}/>"##,
            top + BAND_LABEL_H,
        );
        let label_w = text_width(&label, 12.0);
        let (lx, anchor) = if x + 4.0 + label_w > WIDTH {
            (x - 4.0, "end")
        } else {
            (x + 4.0, "start")
        };
        let _ = write!(
            s,
            r##"<text x="{lx:.1}" y="{marker_label_y:.1}" font-size="12" font-weight="700" text-anchor="{anchor}" dominant-baseline="central" fill="#111827">{}</text>"##,
            esc(&label)
        );
    }

    // Axis with ticks at every band boundary: date and offset.
    let _ = write!(
        s,
        r##"<line x1="{PLOT_X0:.1}" y1="{axis_y:.1}" x2="{PLOT_X1:.1}" y2="{axis_y:.1}" stroke="#52606d" stroke-width="1"/>"##
    );
    let mut last_x = f64::NEG_INFINITY;
    for t in axis.boundaries() {
        let x = plot_x(axis.fraction(t));
        if x - last_x < 44.0 {
            continue;
        }
        last_x = x;
        let date = axis.local(t);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{axis_y:.1}" x2="{x:.1}" y2="{:.1}" stroke="#52606d" stroke-width="1"/><text x="{x:.1}" y="{:.1}" font-size="12" text-anchor="middle" dominant-baseline="central" fill="#323f4b">{}</text><text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle" dominant-baseline="central" fill="#616e7c">{}</text>"##,
            axis_y + 5.0,
            axis_y + 15.0,
            esc(&short_date(&date)),
            axis_y + 31.0,
            esc(&offset_label(t - start)),
        );
    }

    // Legend: states and markers. Swatches are written with `{x}` (left
    // edge) and `{xm}` (middle) placeholders, filled in as the row flows.
    // Items start right after the "Legend" title (bold, about 12% wider).
    let mut lx = text_width(WORDING.legend, 12.0) * 1.12 + 18.0;
    let ly = legend_y;
    let items: [(&str, String); 5] = [
        // Open bars take their horizon's colour: the swatch shows each.
        (WORDING.legend_open, open_swatch(c, ly - 6.0)),
        (
            WORDING.legend_done,
            format!(
                r##"<rect x="{{x}}" y="{:.1}" width="24" height="12" rx="2" fill="url(#{id}_done)" stroke="#323f4b"/>"##,
                ly - 6.0
            ),
        ),
        (
            WORDING.legend_overdue,
            format!(
                r##"<rect x="{{x}}" y="{:.1}" width="24" height="12" rx="2" fill="{}" stroke="#111827" stroke-width="2.5" stroke-dasharray="5 3"/>"##,
                ly - 6.0,
                palette(Tone::Bad).fill
            ),
        ),
        (
            WORDING.legend_assessment,
            format!(
                r##"<line x1="{{xm}}" y1="{:.1}" x2="{{xm}}" y2="{:.1}" stroke="#111827" stroke-width="2"/>"##,
                ly - 8.0,
                ly + 8.0
            ),
        ),
        (
            WORDING.legend_review,
            format!(
                r##"<line x1="{{xm}}" y1="{:.1}" x2="{{xm}}" y2="{:.1}" stroke="#111827" stroke-width="2" stroke-dasharray="6 4"/>"##,
                ly - 8.0,
                ly + 8.0
            ),
        ),
    ];
    let _ = write!(
        s,
        r##"<text x="0" y="{ly:.1}" font-size="12" font-weight="600" dominant-baseline="central" fill="#1f2933">{}</text>"##,
        WORDING.legend
    );
    for (label, swatch) in items {
        let swatch = swatch
            .replace("{x}", &format!("{lx:.1}"))
            .replace("{xm}", &format!("{:.1}", lx + 12.0));
        s.push_str(&swatch);
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{ly:.1}" font-size="12" dominant-baseline="central" fill="#323f4b">{label}</text>"##,
            lx + 30.0
        );
        lx += 30.0 + text_width(label, 12.0) + 16.0;
    }
    s.push_str("</svg>");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::timeline_axis::tests::chart;

    /// Open bars are coloured by horizon, so the legend shows every
    /// horizon's colour, not a neutral grey no bar has.
    #[test]
    fn open_legend_swatch_shows_each_horizon_colour() {
        let c = chart();
        let swatch = open_swatch(&c, 0.0);
        for h in &c.horizons {
            assert!(swatch.contains(&palette(h.tone).fill), "{swatch}");
        }
        assert_eq!(swatch.matches("<rect").count(), c.horizons.len());
        let svg = timeline_svg(&c, "t").unwrap();
        assert!(svg.contains("Open (horizon colour)"));
    }

    #[test]
    fn bands_are_drawn_at_the_shared_axis_positions() {
        let c = chart();
        let axis = TimelineAxis::new(&c).unwrap();
        let svg = timeline_svg(&c, "t").unwrap();
        for band in &axis.bands {
            let rect = format!(
                r#"<rect x="{:.1}" y="6.0" width="{:.1}""#,
                plot_x(band.f0),
                plot_x(band.f1) - plot_x(band.f0)
            );
            assert!(svg.contains(&rect), "{rect}");
        }
    }

    #[test]
    fn draws_states_distinctly_and_escapes() {
        let svg = timeline_svg(&chart(), "rd_chart2").unwrap();
        assert!(svg.contains("url(#rd_chart2_done)"));
        assert!(svg.contains(r#"stroke-dasharray="5 3""#));
        assert!(svg.contains("✓ done") && svg.contains("! overdue"));
        assert!(svg.contains("Action A1 &lt;b&gt;&amp;&lt;/b&gt;"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("Assessed Sep 30") && svg.contains("Review Oct 7"));
        assert!(svg.contains(">+24 h<") && svg.contains(">+14 d<"));
    }

    #[test]
    fn rejects_disordered_horizons_and_bad_indices() {
        let mut c = chart();
        c.actions[0].horizon = 7;
        assert!(timeline_svg(&c, "x").is_err());
        let mut c = chart();
        c.horizons[2].end = crate::model::Timestamp::parse("2025-10-02T00:00:00Z").unwrap();
        assert!(timeline_svg(&c, "x").is_err());
    }

    #[test]
    fn offsets() {
        assert_eq!(offset_label(24 * 3600), "+24 h");
        assert_eq!(offset_label(14 * 86_400), "+14 d");
        assert_eq!(offset_label(-3 * 86_400), "−3 d");
    }
}
