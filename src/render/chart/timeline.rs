//! The action timeline: horizon bands as columns over the shared
//! [`TimelineAxis`], one row per action with a bar from the assessment date
//! to its due date, markers for the assessment and the next review, ticks
//! with the real date and the offset from the assessment under every band
//! boundary, and a legend.
//!
//! States are told apart without colour: open bars take their horizon's
//! colour, done bars are pale with a tick, overdue bars carry a heavy
//! outline, and the state is written after the due date.

use super::{
    Anchor, Face, INK, LABEL, MUTED, Measure, NEUTRAL, Pen, Scene, Stroke, WHITE, wrapped,
};
use crate::document::chart::{MAX_HORIZONS, MAX_TIMELINE_ACTIONS, TimelineChart};
use crate::document::timeline_axis::{TimelineAxis, short_date};
use crate::document::wording::WORDING;
use crate::model::{ActionState, Tone};

/// Overdue bars are pale with a heavy dark outline: open immediate bars are
/// solid red, so an overdue bar must not look like one.
const OVERDUE_OUTLINE: Stroke = Stroke {
    color: INK,
    width: 1.6,
};
/// Size of the band labels, the dates and the bar notes, and the band
/// labels' line height.
const SMALL: f32 = 6.5;
const BAND_LINE: f32 = 8.0;
/// Height of an action row with a one-line title.
const ROW_H: f32 = 15.0;
/// The most lines of an action's title, and their line height.
const TITLE_LINES: usize = 3;
const TITLE_LINE: f32 = 9.0;
/// Height of the row under the band labels that holds the marker labels.
const MARKER_H: f32 = 11.0;
/// Room right of the plot for the due date of a bar ending there.
const NOTE_ROOM: f32 = 44.0;
/// Height of the ticks' two label lines under the axis.
const TICKS_H: f32 = 36.0;
const LEGEND_H: f32 = 16.0;

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

/// The time a band stands for: "24 hours", "13 days".
fn span_label(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    if s < 48 * 3600 {
        let h = s.div_ceil(3600);
        format!("{h} hour{}", if h == 1 { "" } else { "s" })
    } else {
        format!("{} days", (s + 43_200) / 86_400)
    }
}

pub(super) fn layout(
    c: &TimelineChart,
    m: &mut dyn Measure,
    width: f32,
    max_height: f32,
) -> Result<Scene, String> {
    if c.horizons.len() > MAX_HORIZONS || c.actions.len() > MAX_TIMELINE_ACTIONS {
        return Err("too many horizons or actions".into());
    }
    let axis = TimelineAxis::new(c)?;
    let label_w = (width * 0.34).min(190.0);
    let pw = width - label_w - NOTE_ROOM;
    let px0 = label_w;
    let map = |t: i64| px0 + axis.fraction(t) as f32 * pw;

    // Band labels wrap onto two lines when a band is narrow ("Immediate
    // (24 hours)" over a one-day band).
    let band_labels: Vec<Vec<String>> = axis
        .bands
        .iter()
        .map(|band| {
            let w = (band.f1 - band.f0) as f32 * pw - 5.0;
            wrapped(m, &band.label, Face::Bold, SMALL, w, 2)
        })
        .collect();
    let label_lines = band_labels.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let band_h = 7.5 + label_lines as f32 * BAND_LINE;
    let fixed = band_h + MARKER_H + 6.0 + TICKS_H + 2.0 * LEGEND_H + 12.0;
    // Titles wrap (up to TITLE_LINES lines) rather than being cut, so each
    // row is as tall as its title; the rows that fit in `max_height` are
    // drawn.
    let mut rows: Vec<(Vec<String>, f32)> = Vec::new();
    let mut rows_h = 0.0;
    for a in &c.actions {
        let kw = m.width(&a.key, Face::Bold, LABEL).min(60.0);
        let lines = wrapped(
            m,
            &a.title,
            Face::Regular,
            LABEL,
            label_w - kw - 12.0,
            TITLE_LINES,
        );
        let h = ROW_H.max(lines.len() as f32 * TITLE_LINE + 5.0);
        if fixed + rows_h + h > max_height && !rows.is_empty() {
            break;
        }
        rows_h += h;
        rows.push((lines, h));
    }
    let shown = rows.len();
    let plot_h = MARKER_H + rows_h.max(ROW_H) + 6.0;

    let mut s = Scene {
        width,
        ..Scene::default()
    };
    for (band, lines) in axis.bands.iter().zip(band_labels) {
        let (a, b) = (px0 + band.f0 as f32 * pw, px0 + band.f1 as f32 * pw);
        let (tint, ink) = band.tone.map_or((NEUTRAL, MUTED), |t| {
            let p = t.palette();
            (p.tint, p.ink)
        });
        s.rect(
            (a, 0.0, b - a, band_h + plot_h),
            Some(tint),
            Some(Stroke {
                color: WHITE,
                width: 1.0,
            }),
            0.0,
        );
        let pen = Pen::new(Face::Bold, SMALL, ink);
        for (i, line) in lines.iter().enumerate() {
            s.text(
                pen.at(m, line, (a + 2.5, 10.5 + i as f32 * BAND_LINE), b - a)
                    .0,
            );
        }
    }

    let axis_y = band_h + plot_h;
    let hairline = Stroke {
        color: MUTED,
        width: 0.6,
    };
    s.line((px0, axis_y), (px0 + pw, axis_y), hairline, false);
    // Drawn before the bars, so the bars' notes stay readable over them.
    // Markers: the assessment (solid) and the next review (dashed), each
    // labelled in the marker row under the band labels.
    for (t, word, dashed) in [
        (axis.start, WORDING.marker_assessed, false),
        (axis.review, WORDING.marker_review, true),
    ] {
        let x = map(t.timestamp());
        let stroke = Stroke {
            color: INK,
            width: if dashed { 1.0 } else { 1.2 },
        };
        s.line((x, band_h), (x, axis_y + 3.0), stroke, dashed);
        let text = format!("{word} {}", short_date(&t));
        let w = m.width(&text, Face::Bold, SMALL);
        let pen = Pen::new(Face::Bold, SMALL, INK);
        let at = if x + 2.5 + w > width {
            x - 2.5 - w
        } else {
            x + 2.5
        };
        s.text(pen.at(m, &text, (at, band_h + 8.0), width).0);
    }
    let start = axis.start.timestamp();
    let mut y = band_h + MARKER_H + 3.0;
    for ((a, due), (lines, row_h)) in c.actions.iter().zip(&axis.dues).zip(rows) {
        let first = y + row_h / 2.0 + 2.6 - (lines.len() as f32 - 1.0) * TITLE_LINE / 2.0;
        let (key, kw) = Pen::new(Face::Bold, LABEL, INK).at(m, &a.key, (0.0, first), 60.0);
        s.text(key);
        let pen = Pen::new(Face::Regular, LABEL, INK);
        for (k, line) in lines.iter().enumerate() {
            let at = (kw + 5.0, first + k as f32 * TITLE_LINE);
            s.text(pen.at(m, line, at, label_w - kw - 5.0).0);
        }
        let (x0, x1) = (map(start), map(due.timestamp()));
        let (bx, bw) = (x0.min(x1), (x1 - x0).abs().max(3.0));
        let (by, bh) = (y + row_h / 2.0 - 4.0, 8.0);
        y += row_h;
        let horizon = c.horizons[a.horizon].tone.palette();
        let good = Tone::Good.palette();
        let (fill, stroke, note) = match a.state {
            ActionState::Open => (horizon.fill, None, None),
            ActionState::Overdue => (
                Tone::Bad.palette().tint,
                Some(OVERDUE_OUTLINE),
                Some(WORDING.bar_overdue),
            ),
            ActionState::Done => (
                good.tint,
                Some(Stroke {
                    color: good.fill,
                    width: 0.9,
                }),
                Some(WORDING.bar_done),
            ),
        };
        s.rect((bx, by, bw, bh), Some(fill), stroke, 2.0);
        if a.state == ActionState::Done {
            let tick = bx + bw - 2.0;
            s.shapes.push(super::Shape::Poly {
                points: vec![
                    (tick - 9.0, by + bh * 0.5),
                    (tick - 6.0, by + bh * 0.85),
                    (tick - 1.5, by + bh * 0.15),
                ],
                stroke: Stroke {
                    color: good.fill,
                    width: 1.2,
                },
            });
        }
        let date = short_date(due);
        let (text, face) = match note {
            Some(n) => (format!("{date} {n}"), Face::Bold),
            None => (date, Face::Regular),
        };
        let pen = Pen::new(face, SMALL, MUTED);
        s.text(pen.at(m, &text, (bx + bw + 3.0, by + bh - 1.5), width).0);
    }

    // Ticks at the band boundaries: the date and the offset from the
    // assessment, skipping labels that would collide.
    let mut last_right = f32::MIN;
    for t in axis.boundaries() {
        let x = map(t);
        let date = short_date(&axis.local(t));
        let offset = offset_label(t - start);
        let w = m
            .width(&date, Face::Regular, SMALL)
            .max(m.width(&offset, Face::Regular, SMALL));
        let mid = x.clamp(px0 - 10.0 + w / 2.0, px0 + pw + NOTE_ROOM - w / 2.0);
        if mid - w / 2.0 <= last_right + 3.0 {
            continue;
        }
        last_right = mid + w / 2.0;
        s.line((x, axis_y), (x, axis_y + 3.0), hairline, false);
        let pen = Pen::new(Face::Regular, SMALL, MUTED).anchored(Anchor::Middle);
        s.text(pen.at(m, &date, (mid, axis_y + 11.0), w).0);
        s.text(pen.at(m, &offset, (mid, axis_y + 19.5), w).0);
    }
    // The axis is broken at every horizon (each band has the same width,
    // whatever time it stands for): a break mark on each inner boundary,
    // and under each band the time it stands for.
    for (k, band) in axis.bands.iter().enumerate() {
        let (a, b) = (px0 + band.f0 as f32 * pw, px0 + band.f1 as f32 * pw);
        if k > 0 {
            s.rect((a - 2.0, axis_y - 3.0, 4.0, 6.0), Some(WHITE), None, 0.0);
            for dx in [-2.0, 2.0] {
                s.shapes.push(super::Shape::Poly {
                    points: vec![(a + dx - 1.5, axis_y + 3.0), (a + dx + 1.5, axis_y - 3.0)],
                    stroke: hairline,
                });
            }
        }
        let pen = Pen::new(Face::Italic, SMALL, MUTED).anchored(Anchor::Middle);
        let span = span_label(band.t1 - band.t0);
        s.text(
            pen.at(m, &span, ((a + b) / 2.0, axis_y + 29.0), b - a - 2.0)
                .0,
        );
    }
    let mut ly = axis_y + TICKS_H;
    if shown < c.actions.len() {
        let text = format!("+{} {}", c.actions.len() - shown, WORDING.more_actions);
        let pen = Pen::new(Face::Italic, 7.0, MUTED);
        s.text(pen.at(m, &text, (0.0, ly + 7.0), width).0);
        ly += 12.0;
    }
    s.height = legend(&mut s, c, m, ly + 4.0);
    Ok(s)
}

/// The legend from `y`, flowing onto a second line when the width is
/// short; returns its bottom.
fn legend(s: &mut Scene, c: &TimelineChart, m: &mut dyn Measure, y: f32) -> f32 {
    let good = Tone::Good.palette();
    let pen = Pen::new(Face::Regular, LABEL, INK);
    let (mut x, mut y) = (0.0, y);
    for item in 0..5 {
        let label = [
            WORDING.legend_open,
            WORDING.legend_overdue,
            WORDING.legend_done,
            WORDING.legend_assessment,
            WORDING.legend_review,
        ][item];
        let swatch_w = if item < 3 { 20.0 } else { 10.0 };
        let w = swatch_w + m.width(label, Face::Regular, LABEL);
        if x + w > s.width && x > 0.0 {
            x = 0.0;
            y += LEGEND_H;
        }
        match item {
            // Open bars take their horizon's colour: the swatch shows each.
            0 => {
                let n = c.horizons.len().max(1) as f32;
                for (i, h) in c.horizons.iter().enumerate() {
                    let fill = h.tone.palette().fill;
                    s.rect(
                        (x + i as f32 * 16.0 / n, y, 16.0 / n, 8.0),
                        Some(fill),
                        None,
                        0.0,
                    );
                }
            }
            1 => s.rect(
                (x, y, 16.0, 8.0),
                Some(Tone::Bad.palette().tint),
                Some(OVERDUE_OUTLINE),
                2.0,
            ),
            2 => s.rect(
                (x, y, 16.0, 8.0),
                Some(good.tint),
                Some(Stroke {
                    color: good.fill,
                    width: 0.9,
                }),
                2.0,
            ),
            _ => s.line(
                (x + 4.0, y - 1.0),
                (x + 4.0, y + 9.0),
                Stroke {
                    color: INK,
                    width: 1.1,
                },
                item == 4,
            ),
        }
        s.text(pen.at(m, label, (x + swatch_w, y + 7.0), w).0);
        x += w + 14.0;
    }
    y + LEGEND_H
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::timeline_axis::tests::chart;
    use crate::render::chart::Shape;
    use crate::render::chart::tests::Fixed;

    fn rects(s: &Scene) -> Vec<(f32, Option<Stroke>)> {
        s.shapes
            .iter()
            .filter_map(|p| match p {
                Shape::Rect { w, stroke, .. } => Some((*w, *stroke)),
                _ => None,
            })
            .collect()
    }

    fn texts(s: &Scene) -> Vec<String> {
        s.shapes
            .iter()
            .filter_map(|p| match p {
                Shape::Text(l) => Some(l.text.clone()),
                _ => None,
            })
            .collect()
    }

    /// Horizon bands of equal width (the "Past" band half of one), and an
    /// overdue bar told apart by its outline, not only by colour.
    #[test]
    fn bands_share_the_axis_and_overdue_bars_are_outlined() {
        let s = layout(&chart(), &mut Fixed, 480.0, f32::INFINITY).unwrap();
        let bands: Vec<f32> = rects(&s)
            .iter()
            .filter(|(_, st)| st.is_some_and(|st| st.color == WHITE))
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(bands.len(), 4, "{bands:?}");
        assert!((bands[0] - bands[1] / 2.0).abs() < 0.01, "{bands:?}");
        assert!((bands[1] - bands[2]).abs() < 0.01 && (bands[2] - bands[3]).abs() < 0.01);
        // One overdue action in the data, and the legend's swatch.
        let outlined = rects(&s)
            .iter()
            .filter(|(_, st)| *st == Some(OVERDUE_OUTLINE))
            .count();
        assert_eq!(outlined, 2);
        let t = texts(&s);
        for word in [
            "Oct 14 ✓ done",
            "Sep 28 ! overdue",
            "Assessed Sep 30",
            "Review Oct 7",
            "+24 h",
            "+14 d",
        ] {
            assert!(t.iter().any(|x| x.contains(word)), "{word}: {t:?}");
        }
    }

    /// Band labels wrap onto a second line instead of being cut.
    #[test]
    fn band_labels_wrap_instead_of_being_cut() {
        let c = chart();
        let s = layout(&c, &mut Fixed, 340.0, f32::INFINITY).unwrap();
        let t = texts(&s);
        for h in &c.horizons {
            let line = t
                .iter()
                .position(|x| h.label.starts_with(x.as_str()))
                .unwrap_or_else(|| panic!("{:?} not drawn: {t:?}", h.label));
            let joined = format!("{} {}", t[line], t[line + 1]);
            assert!(
                t[line] == h.label || joined == h.label,
                "{:?}: {t:?}",
                h.label
            );
        }
        assert!(!t.contains(&c.horizons[0].label), "{t:?}");
    }

    /// A long title is drawn whole over several lines, and its row grows.
    #[test]
    fn long_titles_wrap_instead_of_being_cut() {
        let mut c = chart();
        let title = "Rotate the search.internal certificate before it expires and pin it";
        c.actions[0].title = title.into();
        let s = layout(&c, &mut Fixed, 480.0, f32::INFINITY).unwrap();
        let t = texts(&s);
        let start = t
            .iter()
            .position(|x| title.starts_with(x.as_str()))
            .unwrap();
        assert_eq!(format!("{} {}", t[start], t[start + 1]), title, "{t:?}");
        let short = layout(&chart(), &mut Fixed, 480.0, f32::INFINITY).unwrap();
        assert!(s.height > short.height);
    }

    /// An overdue bar does not look like an open immediate one: it is pale
    /// and outlined where the open bar is solid red.
    #[test]
    fn overdue_bars_differ_from_open_immediate_bars() {
        let s = layout(&chart(), &mut Fixed, 480.0, f32::INFINITY).unwrap();
        let bar = |outline: Option<Stroke>| {
            s.shapes.iter().find_map(|p| match p {
                Shape::Rect {
                    fill,
                    stroke,
                    radius,
                    ..
                } if *radius == 2.0 && *stroke == outline => *fill,
                _ => None,
            })
        };
        let open = bar(None).unwrap();
        let overdue = bar(Some(OVERDUE_OUTLINE)).unwrap();
        assert_eq!(open, Tone::Bad.palette().fill);
        assert_ne!(open, overdue);
    }

    /// A plan longer than the room draws what fits and says how many more.
    #[test]
    fn rows_past_the_room_are_counted_in_a_note() {
        let mut c = chart();
        let a = c.actions[0].clone();
        c.actions = vec![a; 100];
        let s = layout(&c, &mut Fixed, 480.0, 400.0).unwrap();
        assert!(s.height <= 400.0, "{}", s.height);
        let t = texts(&s);
        let more = t.iter().find(|x| x.contains(WORDING.more_actions)).unwrap();
        let drawn = t.iter().filter(|x| x.as_str() == "A1").count();
        assert_eq!(more, &format!("+{} {}", 100 - drawn, WORDING.more_actions));
    }

    #[test]
    fn rejects_disordered_horizons_and_bad_indices() {
        let mut c = chart();
        c.actions[0].horizon = 7;
        assert!(layout(&c, &mut Fixed, 480.0, f32::INFINITY).is_err());
        let mut c = chart();
        c.horizons[2].end = crate::model::Timestamp::parse("2025-10-02T00:00:00Z").unwrap();
        assert!(layout(&c, &mut Fixed, 480.0, f32::INFINITY).is_err());
    }

    #[test]
    fn offsets() {
        assert_eq!(offset_label(24 * 3600), "+24 h");
        assert_eq!(offset_label(14 * 86_400), "+14 d");
        assert_eq!(offset_label(-3 * 86_400), "−3 d");
        assert_eq!(span_label(3600), "1 hour");
        assert_eq!(span_label(24 * 3600), "24 hours");
        assert_eq!(span_label(13 * 86_400), "13 days");
    }
}
