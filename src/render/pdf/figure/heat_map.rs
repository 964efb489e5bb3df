//! The risk heat map: impact × likelihood cells coloured by risk level,
//! each holding pills with the keys of its risks, and a level legend.

use super::{CAPTION_ROOM, LABEL, Pen, bad, mix};
use crate::document::chart::RiskMatrixChart;
use crate::document::wording::WORDING;
use crate::render::pdf::PdfError;
use crate::render::pdf::display::Item;
use crate::render::pdf::fonts::FontId;
use crate::render::pdf::layout::Layout;
use crate::render::pdf::text::Run;
use crate::render::pdf::theme;

/// The heat map's measured geometry: what drawing it and keeping a heading
/// with it both need.
pub(super) struct HeatMapGeometry {
    label_w: f32,
    legend_w: f32,
    grid_w: f32,
    cell_w: f32,
    cell_h: f32,
    /// Key pills per (impact, likelihood) cell.
    pills: Vec<Vec<Vec<Run>>>,
    /// Height of the figure, without its caption.
    pub(super) total: f32,
}

impl Layout<'_> {
    /// Checks the chart's data and measures it across `width`.
    pub(super) fn measure_heat_map(
        &mut self,
        c: &RiskMatrixChart,
        width: f32,
    ) -> Result<HeatMapGeometry, PdfError> {
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
        Ok(HeatMapGeometry {
            label_w,
            legend_w,
            grid_w,
            cell_w,
            cell_h,
            pills,
            total,
        })
    }

    // Cells are addressed by (impact, likelihood) in several parallel
    // tables, so index loops read better than zipped iterators.
    #[allow(clippy::needless_range_loop)]
    pub(super) fn heat_map(
        &mut self,
        c: &RiskMatrixChart,
        x: f32,
        width: f32,
        pen: &Pen,
    ) -> Result<(), PdfError> {
        let g = self.measure_heat_map(c, width)?;
        let (label_w, legend_w, grid_w, cell_w, cell_h, total) =
            (g.label_w, g.legend_w, g.grid_w, g.cell_w, g.cell_h, g.total);
        let mut pills = g.pills;
        let (ni, nl) = (c.impact.len(), c.likelihood.len());
        self.ensure(total + CAPTION_ROOM);
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
        let head = self.plain_run(WORDING.legend_risk_level, FontId::Bold, LABEL, theme::MUTED);
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
}
