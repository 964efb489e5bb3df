//! The action timeline: one bar per action from the assessment date to its
//! due date, over the horizon bands of the shared [`TimelineAxis`], with
//! the assessment and review markers and a legend.

use super::{CAPTION_ROOM, LABEL, Pen};
use crate::document::chart::TimelineChart;
use crate::document::timeline_axis::{TimelineAxis, short_date};
use crate::document::wording::WORDING;
use crate::model::{ActionState, Tone};
use crate::render::pdf::display::Item;
use crate::render::pdf::fonts::FontId;
use crate::render::pdf::layout::Layout;
use crate::render::pdf::text::Run;
use crate::render::pdf::theme::{self, Rgb};

/// Overdue timeline bars carry a heavy dark outline: immediate bars are red
/// too, so colour alone must not say "overdue".
const OVERDUE_OUTLINE: (Rgb, f32) = (theme::TEXT, 1.6);

/// Size of the band labels, and their line height.
const BAND_LABEL: f32 = 6.5;
const BAND_LABEL_LINE: f32 = 8.0;

/// A legend entry: label, fill and optional outline.
type Swatch<'s> = (&'s str, Rgb, Option<(Rgb, f32)>);

/// Height of a timeline row.
const ROW_H: f32 = 15.0;
/// Height of the row under the band labels that holds the marker labels.
const MARKER_H: f32 = 11.0;

/// The timeline's measured geometry: what drawing it and keeping a heading
/// with it both need.
pub(super) struct TimelineGeometry {
    label_w: f32,
    /// Width of the plot.
    pw: f32,
    /// Actions drawn: as many as fit on one page.
    shown: usize,
    band_labels: Vec<Vec<Run>>,
    band_h: f32,
    plot_h: f32,
    /// Height of the figure, without its caption.
    pub(super) total: f32,
}

impl Layout<'_> {
    /// Measures the timeline across `width`.
    pub(super) fn measure_timeline(
        &mut self,
        c: &TimelineChart,
        axis: &TimelineAxis,
        width: f32,
    ) -> TimelineGeometry {
        let label_w = (width * 0.34).min(190.0);
        // Room right of the plot for the due date of a bar ending there.
        let pw = width - label_w - 34.0;
        let room = ((self.geo.bottom - self.geo.top - 130.0) / ROW_H)
            .floor()
            .max(1.0) as usize;
        let shown = c.actions.len().min(room);
        // Band labels wrap onto two lines when a band is narrow, as in the
        // HTML ("Immediate (within 24 hours)" over a one-day band).
        let band_labels: Vec<Vec<Run>> = axis
            .bands
            .iter()
            .map(|band| {
                let w = (band.f1 - band.f0) as f32 * pw - 5.0;
                self.wrap(&band.label, FontId::Bold, BAND_LABEL, w, 2, theme::TEXT)
            })
            .collect();
        let label_lines = band_labels.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let band_h = 7.5 + label_lines as f32 * BAND_LABEL_LINE;
        let plot_h = MARKER_H + shown.max(1) as f32 * ROW_H + 6.0;
        let total =
            band_h + plot_h + 20.0 + 22.0 + if shown < c.actions.len() { 12.0 } else { 0.0 };
        TimelineGeometry {
            label_w,
            pw,
            shown,
            band_labels,
            band_h,
            plot_h,
            total,
        }
    }

    pub(super) fn timeline(
        &mut self,
        c: &TimelineChart,
        axis: &TimelineAxis,
        x: f32,
        width: f32,
        pen: &Pen,
    ) {
        // The same axis as the HTML: equal-width horizon bands.
        let (start, review) = (axis.start, axis.review);
        let g = self.measure_timeline(c, axis, width);
        let (label_w, pw, shown, band_h, plot_h, total) =
            (g.label_w, g.pw, g.shown, g.band_h, g.plot_h, g.total);
        let band_labels = g.band_labels;
        let px0 = x + label_w;
        let map = |t: i64| px0 + axis.fraction(t) as f32 * pw;
        self.ensure(total + CAPTION_ROOM);
        let top = self.y;
        // Horizon bands across the plot, labelled in the band header; the
        // "Past" and "Later" bands are neutral.
        for (band, lines) in axis.bands.iter().zip(band_labels) {
            let (a, b) = (px0 + band.f0 as f32 * pw, px0 + band.f1 as f32 * pw);
            let tint = band.tone.map_or(theme::CODE_BG, |t| theme::tone(t).tint);
            self.put(
                pen,
                Item::Rect {
                    x: a,
                    y: top,
                    w: b - a,
                    h: band_h + plot_h,
                    fill: Some(tint),
                    stroke: Some((theme::WHITE, 1.0)),
                    radius: 0.0,
                },
            );
            for (i, run) in lines.into_iter().enumerate() {
                self.label(pen, run, a + 2.5, top + 10.5 + i as f32 * BAND_LABEL_LINE);
            }
        }
        let ry = top + band_h + MARKER_H + 3.0;
        for (i, (a, due)) in c.actions.iter().zip(&axis.dues).take(shown).enumerate() {
            let y = ry + i as f32 * ROW_H;
            let key = self.plain_run(&a.key, FontId::Bold, LABEL, theme::TEXT);
            let kw = key.width;
            self.label(pen, key, x, y + ROW_H / 2.0 + 2.6);
            let title = self.fit(
                &a.title,
                FontId::Regular,
                LABEL,
                label_w - kw - 12.0,
                theme::TEXT,
            );
            self.label(pen, title, x + kw + 5.0, y + ROW_H / 2.0 + 2.6);
            let (s, e) = (map(start.timestamp()), map(due.timestamp()));
            let (bx, bw) = (s.min(e), (e - s).abs().max(3.0));
            let by = y + 3.5;
            let bh = ROW_H - 7.0;
            // Like the HTML: open bars in their horizon's colour, done bars
            // pale with a tick, overdue bars red; the state is also written
            // after the due date, so colour is never the only cue.
            let colors = theme::tone(c.horizons[a.horizon].tone);
            let (fill, stroke, note) = match a.state {
                ActionState::Open => (colors.fill, None, None),
                ActionState::Overdue => (
                    theme::tone(Tone::Bad).fill,
                    Some(OVERDUE_OUTLINE),
                    Some(WORDING.bar_overdue),
                ),
                ActionState::Done => {
                    let green = theme::tone(Tone::Good);
                    (green.tint, Some((green.fill, 0.9)), Some(WORDING.bar_done))
                }
            };
            self.put(
                pen,
                Item::Rect {
                    x: bx,
                    y: by,
                    w: bw,
                    h: bh,
                    fill: Some(fill),
                    stroke,
                    radius: 2.0,
                },
            );
            if a.state == ActionState::Done {
                let green = theme::tone(Tone::Good).fill;
                let cx = e - 2.0;
                let pts = vec![
                    (cx - 9.0, by + bh * 0.5),
                    (cx - 6.0, by + bh * 0.85),
                    (cx - 1.5, by + bh * 0.15),
                ];
                self.put(
                    pen,
                    Item::Poly {
                        points: pts,
                        fill: None,
                        stroke: Some((green, 1.2)),
                    },
                );
            }
            let date = short_date(due);
            let (text, font) = match note {
                Some(n) => (format!("{date} {n}"), FontId::Bold),
                None => (date, FontId::Regular),
            };
            let due_label = self.plain_run(&text, font, 6.5, theme::MUTED);
            self.label(pen, due_label, bx + bw + 3.0, by + bh - 1.5);
        }
        let axis_y = top + band_h + plot_h;
        self.put(
            pen,
            Item::Line {
                x1: px0,
                y1: axis_y,
                x2: px0 + pw,
                y2: axis_y,
                color: theme::MUTED,
                width: 0.6,
                dashed: false,
            },
        );
        // Markers: assessment date (solid) and next review (dashed), from
        // under the band labels, each labelled in the marker row.
        let sx = map(start.timestamp());
        let rx = map(review.timestamp());
        for (mx, label, dashed) in [
            (
                sx,
                format!("{} {}", WORDING.marker_assessed, short_date(&start)),
                false,
            ),
            (
                rx,
                format!("{} {}", WORDING.marker_review, short_date(&review)),
                true,
            ),
        ] {
            self.put(
                pen,
                Item::Line {
                    x1: mx,
                    y1: top + band_h,
                    x2: mx,
                    y2: axis_y + 3.0,
                    color: theme::TEXT,
                    width: if dashed { 1.0 } else { 1.2 },
                    dashed,
                },
            );
            let run = self.plain_run(&label, FontId::Bold, 6.5, theme::TEXT);
            let lx = if mx + 2.5 + run.width > px0 + pw + 30.0 {
                mx - 2.5 - run.width
            } else {
                mx + 2.5
            };
            self.label(pen, run, lx, top + band_h + 8.0);
        }
        // Date ticks at the band boundaries (the markers carry their own
        // labels), skipping labels that would collide.
        let ticks: Vec<(f32, String)> = axis
            .boundaries()
            .map(|t| (map(t), short_date(&axis.local(t))))
            .collect();
        let mut last_right = f32::MIN;
        for (tx, text) in ticks {
            let run = self.plain_run(&text, FontId::Regular, 6.5, theme::MUTED);
            let lx = (tx - run.width / 2.0).clamp(px0 - 10.0, px0 + pw - run.width);
            if lx > last_right + 3.0 {
                last_right = lx + run.width;
                self.label(pen, run, lx, axis_y + 11.0);
            }
        }
        let mut ly = axis_y + 16.0;
        if shown < c.actions.len() {
            let note = self.plain_run(
                &format!(
                    "+{} more actions: see the table below",
                    c.actions.len() - shown
                ),
                FontId::Italic,
                7.0,
                theme::MUTED,
            );
            self.label(pen, note, x, ly + 7.0);
            ly += 12.0;
        }
        self.timeline_legend(pen, c, x, ly + 6.0);
        self.y = top + total;
    }

    fn timeline_legend(&mut self, pen: &Pen, c: &TimelineChart, x: f32, y: f32) {
        // Open bars take their horizon's colour: the swatch shows each.
        let n = c.horizons.len().max(1) as f32;
        for (i, h) in c.horizons.iter().enumerate() {
            self.put(
                pen,
                Item::Rect {
                    x: x + i as f32 * 16.0 / n,
                    y,
                    w: 16.0 / n,
                    h: 8.0,
                    fill: Some(theme::tone(h.tone).fill),
                    stroke: None,
                    radius: 0.0,
                },
            );
        }
        let run = self.plain_run(WORDING.legend_open, FontId::Regular, LABEL, theme::TEXT);
        let mut lx = x + 20.0 + run.width + 14.0;
        self.label(pen, run, x + 20.0, y + 7.0);
        let green = theme::tone(Tone::Good);
        let red = theme::tone(Tone::Bad).fill;
        let swatches: [Swatch<'_>; 2] = [
            (WORDING.legend_overdue, red, Some(OVERDUE_OUTLINE)),
            (WORDING.legend_done, green.tint, Some((green.fill, 0.9))),
        ];
        for (text, fill, stroke) in swatches {
            self.put(
                pen,
                Item::Rect {
                    x: lx,
                    y,
                    w: 16.0,
                    h: 8.0,
                    fill: Some(fill),
                    stroke,
                    radius: 2.0,
                },
            );
            let run = self.plain_run(text, FontId::Regular, LABEL, theme::TEXT);
            let w = run.width;
            self.label(pen, run, lx + 20.0, y + 7.0);
            lx += 20.0 + w + 14.0;
        }
        for (text, color, dashed) in [
            (WORDING.legend_assessment, theme::TEXT, false),
            (WORDING.legend_review, theme::TEXT, true),
        ] {
            self.put(
                pen,
                Item::Line {
                    x1: lx + 4.0,
                    y1: y - 1.0,
                    x2: lx + 4.0,
                    y2: y + 9.0,
                    color,
                    width: 1.1,
                    dashed,
                },
            );
            let run = self.plain_run(text, FontId::Regular, LABEL, theme::TEXT);
            let w = run.width;
            self.label(pen, run, lx + 10.0, y + 7.0);
            lx += 10.0 + w + 14.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::timeline_axis::tests::chart;
    use crate::document::{Chart, Figure};
    use crate::render::pdf::Paper;
    use crate::render::pdf::display::Structure;
    use crate::render::pdf::fonts::Shaper;
    use crate::render::pdf::layout::Geometry;

    /// The PDF draws the shared axis: horizon bands of equal width (the
    /// "Past" band half of one), and an overdue bar told apart by its
    /// outline, not only by colour.
    #[test]
    fn timeline_uses_the_shared_axis_and_marks_overdue_bars() {
        let mut shaper = Shaper::new();
        let geo = Geometry::for_paper(Paper::A4);
        let mut layout = Layout::new(&mut shaper, geo, &[]);
        let figure = Figure {
            number: 1,
            chart: Chart::Timeline(chart()),
        };
        layout
            .chart(&figure, geo.left, geo.content_width(), Structure::ROOT)
            .unwrap();
        let rects: Vec<(f32, Option<(Rgb, f32)>)> = layout.pages[0]
            .items
            .iter()
            .filter_map(|p| match p.item {
                Item::Rect { w, stroke, .. } => Some((w, stroke)),
                _ => None,
            })
            .collect();
        let bands: Vec<f32> = rects
            .iter()
            .filter(|(_, s)| *s == Some((theme::WHITE, 1.0)))
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(bands.len(), 4, "{bands:?}");
        assert!((bands[0] - bands[1] / 2.0).abs() < 0.01, "{bands:?}");
        assert!((bands[1] - bands[2]).abs() < 0.01 && (bands[2] - bands[3]).abs() < 0.01);
        // One overdue action in the data, and the legend's swatch.
        let outlined = rects
            .iter()
            .filter(|(_, s)| *s == Some(OVERDUE_OUTLINE))
            .count();
        assert_eq!(outlined, 2);
    }

    /// Band labels wrap onto a second line instead of being cut: every
    /// word of every horizon label is drawn, none ends in an ellipsis.
    #[test]
    fn band_labels_wrap_instead_of_being_cut() {
        let mut shaper = Shaper::new();
        let geo = Geometry::for_paper(Paper::A4);
        let chart = chart();
        let texts: Vec<String> = {
            let mut layout = Layout::new(&mut shaper, geo, &[]);
            let width = geo.content_width();
            layout
                .chart(
                    &Figure {
                        number: 1,
                        chart: Chart::Timeline(chart.clone()),
                    },
                    geo.left,
                    width,
                    Structure::ROOT,
                )
                .unwrap();
            let items = std::mem::take(&mut layout.pages[0].items);
            drop(layout);
            items
                .iter()
                .filter_map(|p| match &p.item {
                    Item::Text { run, .. } => Some(shaper.run_text(&run.words)),
                    _ => None,
                })
                .collect()
        };
        assert!(texts.iter().all(|t| !t.ends_with('…')), "{texts:?}");
        for h in &chart.horizons {
            let line = texts
                .iter()
                .position(|t| h.label.starts_with(t.as_str()))
                .unwrap_or_else(|| panic!("{:?} not drawn: {texts:?}", h.label));
            // The label, in one line or continued on the next.
            let joined = format!("{} {}", texts[line], texts[line + 1]);
            assert!(
                texts[line] == h.label || joined == h.label,
                "{:?}: {texts:?}",
                h.label
            );
        }
        // The narrow bands need the second line.
        assert!(!texts.contains(&chart.horizons[0].label), "{texts:?}");
    }
}
