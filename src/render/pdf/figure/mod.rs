//! Vector charts from the chart comments: the risk heat map and the action
//! timeline. Each is one tagged Figure with alt text summarising its data
//! (the Markdown table after it carries the full detail), kept on one page.

use krilla::tagging::Tag;

use super::PdfError;
use super::display::{Item, Mark};
use super::fonts::FontId;
use super::layout::Layout;
use super::text::Run;
use super::theme::{self, Rgb};
use crate::render::charts::{ActionState, Chart, RiskMatrixChart, TimelineChart, Tone};
use crate::render::timeline_axis::{TimelineAxis, short_date};

const LABEL: f32 = 7.5;
/// Overdue timeline bars carry a heavy dark outline: immediate bars are red
/// too, so colour alone must not say "overdue".
const OVERDUE_OUTLINE: (Rgb, f32) = (theme::TEXT, 1.6);
/// At most this many entries are spelled out in alt text.
const ALT_ITEMS: usize = 40;

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    (m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

fn bad(msg: impl Into<String>) -> PdfError {
    PdfError::Chart(msg.into())
}

/// A legend entry: label, fill and optional outline.
type Swatch<'s> = (&'s str, Rgb, Option<(Rgb, f32)>);

/// Draws figure items, all bound to one content slot.
struct Pen {
    slot: usize,
}

impl Layout<'_> {
    /// Lays out a chart as a figure with a caption.
    pub fn chart(
        &mut self,
        chart: &Chart,
        x: f32,
        width: f32,
        parent: usize,
    ) -> Result<(), PdfError> {
        let (alt, caption) = match chart {
            Chart::RiskMatrix(c) => (
                matrix_alt(c),
                "Risk heat map: impact × likelihood, coloured by risk level",
            ),
            Chart::Timeline(c) => (
                timeline_alt(c)?,
                "Action timeline: one bar per action, ending at its due date",
            ),
        };
        let figure = self.structure.node(parent, Tag::Figure(Some(alt)));
        let pen = Pen {
            slot: self.structure.slot(figure),
        };
        match chart {
            Chart::RiskMatrix(c) => self.matrix(c, x, width, &pen)?,
            Chart::Timeline(c) => self.timeline(c, x, width, &pen)?,
        }
        self.figures += 1;
        let cap = self.structure.node(figure, Tag::Caption);
        let style = super::text::TextStyle {
            size: 8.0,
            color: theme::MUTED,
            bold: false,
            leading: 1.4,
        };
        let inl = [super::model::Inline::Text(
            format!("Figure {}. {caption}.", self.figures),
            super::model::Style {
                italic: true,
                ..Default::default()
            },
        )];
        let lines = super::text::layout(self.shaper, &inl, style, width);
        self.y += 4.0;
        self.lines(&lines, x, width, style, super::layout::HAlign::Left, cap);
        Ok(())
    }

    fn fit(&mut self, text: &str, font: FontId, size: f32, max: f32, color: Rgb) -> Run {
        let run = self.plain_run(text, font, size, color);
        if run.width <= max {
            return run;
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let t: String = chars.iter().collect::<String>() + "…";
            let run = self.plain_run(&t, font, size, color);
            if run.width <= max {
                return run;
            }
        }
        self.plain_run("", font, size, color)
    }

    fn put(&mut self, pen: &Pen, item: Item) {
        self.push(item, Mark::Slot(pen.slot));
    }

    fn label(&mut self, pen: &Pen, run: Run, x: f32, baseline: f32) {
        self.put(
            pen,
            Item::Text {
                x,
                y: baseline,
                run,
            },
        );
    }

    // Cells are addressed by (impact, likelihood) in several parallel
    // tables, so index loops read better than zipped iterators.
    #[allow(clippy::needless_range_loop)]
    fn matrix(
        &mut self,
        c: &RiskMatrixChart,
        x: f32,
        width: f32,
        pen: &Pen,
    ) -> Result<(), PdfError> {
        let (ni, nl) = (c.impact.len(), c.likelihood.len());
        if ni == 0 || nl == 0 {
            return Err(bad("risk matrix without axes"));
        }
        if c.cells.len() != ni
            || c.cells
                .iter()
                .any(|r| r.len() != nl || r.iter().any(|&l| l >= c.levels.len()))
        {
            return Err(bad("risk matrix cells do not match its axes and levels"));
        }
        if let Some(r) = c
            .risks
            .iter()
            .find(|r| r.impact >= ni || r.likelihood >= nl || r.level >= c.levels.len())
        {
            return Err(bad(format!("risk {:?} is outside the matrix", r.key)));
        }
        let label_w = c
            .impact
            .iter()
            .map(|l| self.shaper.width(FontId::Regular, l, LABEL))
            .fold(40.0, f32::max)
            .min(width * 0.22)
            + 10.0;
        let legend_w = 110.0;
        let grid_w = (width - label_w - legend_w - 12.0).min(nl as f32 * 88.0);
        let cell_w = grid_w / nl as f32;
        // Cell height grows with the number of keys a cell holds.
        let mut pills: Vec<Vec<Vec<Run>>> = vec![vec![Vec::new(); nl]; ni];
        for r in &c.risks {
            let run = self.fit(&r.key, FontId::Bold, 7.0, cell_w - 12.0, theme::TEXT);
            pills[r.impact][r.likelihood].push(run);
        }
        let rows_in = |runs: &[Run]| {
            let (mut rows, mut w) = (1, 0.0);
            for run in runs {
                let pw = run.width + 8.0;
                if w + pw > cell_w - 6.0 && w > 0.0 {
                    rows += 1;
                    w = 0.0;
                }
                w += pw + 3.0;
            }
            rows
        };
        let max_rows = pills
            .iter()
            .flatten()
            .map(|p| rows_in(p))
            .max()
            .unwrap_or(1);
        let cell_h = (max_rows as f32 * 13.0 + 8.0).max(28.0);
        let total = 16.0 + ni as f32 * cell_h + 30.0;
        self.ensure(total + 24.0);
        let top = self.y;
        let gx = x + label_w;
        let axis = self.plain_run("Impact ↑", FontId::Bold, LABEL, theme::MUTED);
        self.label(pen, axis, x, top + 9.0);
        let gy = top + 14.0;
        for row in 0..ni {
            let ii = ni - 1 - row;
            let y = gy + row as f32 * cell_h;
            let lab = self.fit(
                &c.impact[ii],
                FontId::Regular,
                LABEL,
                label_w - 8.0,
                theme::TEXT,
            );
            let lx = gx - 6.0 - lab.width;
            self.label(pen, lab, lx, y + cell_h / 2.0 + 2.6);
            for li in 0..nl {
                let level = &c.levels[c.cells[ii][li]];
                let colors = theme::tone(level.tone);
                let fill = mix(colors.tint, colors.fill, 0.45);
                let cx = gx + li as f32 * cell_w;
                self.put(
                    pen,
                    Item::Rect {
                        x: cx,
                        y,
                        w: cell_w,
                        h: cell_h,
                        fill: Some(fill),
                        stroke: Some((theme::WHITE, 1.5)),
                        radius: 0.0,
                    },
                );
                let (mut px, mut py) = (cx + 5.0, y + 5.0);
                for run in std::mem::take(&mut pills[ii][li]) {
                    let pw = run.width + 8.0;
                    if px + pw > cx + cell_w - 3.0 && px > cx + 5.0 {
                        px = cx + 5.0;
                        py += 13.0;
                    }
                    self.put(
                        pen,
                        Item::Rect {
                            x: px,
                            y: py,
                            w: pw,
                            h: 11.0,
                            fill: Some(theme::WHITE),
                            stroke: Some((colors.fill, 0.8)),
                            radius: 5.5,
                        },
                    );
                    self.label(pen, run, px + 4.0, py + 8.2);
                    px += pw + 3.0;
                }
            }
        }
        let by = gy + ni as f32 * cell_h;
        for (li, l) in c.likelihood.iter().enumerate() {
            let lab = self.fit(l, FontId::Regular, LABEL, cell_w - 4.0, theme::TEXT);
            let lx = gx + li as f32 * cell_w + (cell_w - lab.width) / 2.0;
            self.label(pen, lab, lx, by + 11.0);
        }
        let axis = self.plain_run("Likelihood →", FontId::Bold, LABEL, theme::MUTED);
        let ax = gx + (grid_w - axis.width) / 2.0;
        self.label(pen, axis, ax, by + 24.0);
        // Legend.
        let lx = gx + grid_w + 16.0;
        let head = self.plain_run("Risk level", FontId::Bold, LABEL, theme::MUTED);
        self.label(pen, head, lx, gy + 8.0);
        for (i, level) in c.levels.iter().enumerate().rev() {
            let colors = theme::tone(level.tone);
            let ly = gy + 16.0 + (c.levels.len() - 1 - i) as f32 * 15.0;
            self.put(
                pen,
                Item::Rect {
                    x: lx,
                    y: ly,
                    w: 11.0,
                    h: 11.0,
                    fill: Some(mix(colors.tint, colors.fill, 0.45)),
                    stroke: Some((colors.fill, 0.8)),
                    radius: 1.5,
                },
            );
            let lab = self.fit(
                &level.label,
                FontId::Regular,
                LABEL,
                legend_w - 18.0,
                theme::TEXT,
            );
            self.label(pen, lab, lx + 16.0, ly + 8.5);
        }
        self.y = top + total;
        Ok(())
    }

    fn timeline(
        &mut self,
        c: &TimelineChart,
        x: f32,
        width: f32,
        pen: &Pen,
    ) -> Result<(), PdfError> {
        // The same axis as the HTML: equal-width horizon bands.
        let axis = TimelineAxis::new(c).map_err(bad)?;
        let (start, review) = (axis.start, axis.review);
        let label_w = (width * 0.34).min(190.0);
        let px0 = x + label_w;
        // Room right of the plot for the due date of a bar ending there.
        let pw = width - label_w - 34.0;
        let map = |t: i64| px0 + axis.fraction(t) as f32 * pw;
        let row_h = 15.0;
        let room = ((self.geo.bottom - self.geo.top - 130.0) / row_h)
            .floor()
            .max(1.0) as usize;
        let shown = c.actions.len().min(room);
        let band_h = 16.0;
        // A row under the band labels for the marker labels.
        let marker_h = 11.0;
        let plot_h = marker_h + shown.max(1) as f32 * row_h + 6.0;
        let total =
            band_h + plot_h + 20.0 + 22.0 + if shown < c.actions.len() { 12.0 } else { 0.0 };
        self.ensure(total + 24.0);
        let top = self.y;
        // Horizon bands across the plot, labelled in the band header; the
        // "Past" and "Later" bands are neutral.
        for band in &axis.bands {
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
            let lab = self.fit(&band.label, FontId::Bold, 6.5, b - a - 4.0, theme::TEXT);
            self.label(pen, lab, a + 2.5, top + 10.5);
        }
        let ry = top + band_h + marker_h + 3.0;
        for (i, (a, due)) in c.actions.iter().zip(&axis.dues).take(shown).enumerate() {
            let y = ry + i as f32 * row_h;
            let key = self.plain_run(&a.key, FontId::Bold, LABEL, theme::TEXT);
            let kw = key.width;
            self.label(pen, key, x, y + row_h / 2.0 + 2.6);
            let title = self.fit(
                &a.title,
                FontId::Regular,
                LABEL,
                label_w - kw - 12.0,
                theme::TEXT,
            );
            self.label(pen, title, x + kw + 5.0, y + row_h / 2.0 + 2.6);
            let (s, e) = (map(start.timestamp()), map(due.timestamp()));
            let (bx, bw) = (s.min(e), (e - s).abs().max(3.0));
            let by = y + 3.5;
            let bh = row_h - 7.0;
            // Like the HTML: open bars in their horizon's colour, done bars
            // pale with a tick, overdue bars red; the state is also written
            // after the due date, so colour is never the only cue.
            let colors = theme::tone(c.horizons[a.horizon].tone);
            let (fill, stroke, note) = match a.state {
                ActionState::Open => (colors.fill, None, None),
                ActionState::Overdue => (
                    theme::tone(Tone::Bad).fill,
                    Some(OVERDUE_OUTLINE),
                    Some("overdue"),
                ),
                ActionState::Done => {
                    let green = theme::tone(Tone::Good);
                    (green.tint, Some((green.fill, 0.9)), Some("done"))
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
                Some(n) => (format!("{date} · {n}"), FontId::Bold),
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
            (sx, format!("Assessed {}", short_date(&start)), false),
            (rx, format!("Review {}", short_date(&review)), true),
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
        self.timeline_legend(pen, x, ly + 6.0);
        self.y = top + total;
        Ok(())
    }

    fn timeline_legend(&mut self, pen: &Pen, x: f32, y: f32) {
        let green = theme::tone(Tone::Good);
        let red = theme::tone(Tone::Bad).fill;
        let mut lx = x;
        let swatches: [Swatch<'_>; 3] = [
            (
                "Open (horizon colour)",
                theme::tone(Tone::Neutral).fill,
                None,
            ),
            ("Overdue (outlined)", red, Some(OVERDUE_OUTLINE)),
            ("Done (ticked)", green.tint, Some((green.fill, 0.9))),
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
            ("Assessment date", theme::TEXT, false),
            ("Next review", theme::TEXT, true),
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

fn matrix_alt(c: &RiskMatrixChart) -> String {
    let mut alt = format!(
        "Risk heat map with {} risks on a grid of impact ({}) by likelihood ({}).",
        c.risks.len(),
        c.impact.join(", "),
        c.likelihood.join(", ")
    );
    for r in c.risks.iter().take(ALT_ITEMS) {
        let get = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
        let level = c
            .levels
            .get(r.level)
            .map(|l| l.label.clone())
            .unwrap_or_default();
        alt.push_str(&format!(
            " {} {}: impact {}, likelihood {}, level {}.",
            r.key,
            r.title,
            get(&c.impact, r.impact),
            get(&c.likelihood, r.likelihood),
            level
        ));
    }
    alt
}

fn timeline_alt(c: &TimelineChart) -> Result<String, PdfError> {
    let day = |s: &str| {
        crate::render::timeline_axis::parse_time(s)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .map_err(bad)
    };
    let count = |st: ActionState| c.actions.iter().filter(|a| a.state == st).count();
    let mut alt = format!(
        "Action timeline from the assessment on {} to the next review on {}: {} actions, {} overdue, {} done.",
        day(&c.start)?,
        day(&c.review)?,
        c.actions.len(),
        count(ActionState::Overdue),
        count(ActionState::Done)
    );
    for a in c.actions.iter().take(ALT_ITEMS) {
        let state = match a.state {
            ActionState::Open => "open",
            ActionState::Overdue => "overdue",
            ActionState::Done => "done",
        };
        alt.push_str(&format!(
            " {} {}: due {}, {}.",
            a.key,
            a.title,
            day(&a.due)?,
            state
        ));
    }
    Ok(alt)
}

#[cfg(test)]
mod tests {
    use super::super::Paper;
    use super::super::display::Structure;
    use super::super::fonts::Shaper;
    use super::super::layout::Geometry;
    use super::*;
    use crate::render::timeline_axis::tests::chart;

    /// The PDF draws the shared axis: horizon bands of equal width (the
    /// "Past" band half of one), and an overdue bar told apart by its
    /// outline, not only by colour.
    #[test]
    fn timeline_uses_the_shared_axis_and_marks_overdue_bars() {
        let mut shaper = Shaper::new();
        let geo = Geometry::for_paper(Paper::A4);
        let mut layout = Layout::new(&mut shaper, geo, &[]);
        let chart = Chart::Timeline(chart());
        layout
            .chart(&chart, geo.left, geo.content_width(), Structure::ROOT)
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
}
