//! The risk heat map: impact (rows, lowest at the bottom) × likelihood
//! (columns, lowest at the left), each cell filled with the tone of its
//! risk level and naming it, each risk's key as a pill in its cell, axis
//! labels and titles, and a level legend at the right.
//!
//! Colour is never the only carrier: every cell names its level, and the
//! fills also differ in lightness for grayscale prints.

use super::{Anchor, Face, LABEL, Label, MUTED, Measure, Pen, Scene, Stroke, WHITE, mix, wrapped};
use crate::document::chart::{MAX_SCALE, RiskMatrixChart};
use crate::document::wording::WORDING;
use crate::model::Tone;

/// Size of the keys in their pills.
const KEY: f32 = 7.0;
/// Size of the level name in each cell.
const LEVEL: f32 = 5.5;
const PILL_H: f32 = 11.0;
const PILL_ROW: f32 = 13.0;
/// Width of the legend column right of the grid.
const LEGEND_W: f32 = 110.0;
/// Height of one legend entry.
const LEGEND_ROW: f32 = 15.0;
/// Line height of two-line axis labels.
const LINE: f32 = 8.5;

/// Checks that every index in the chart points somewhere.
fn check(c: &RiskMatrixChart) -> Result<(), String> {
    if c.impact.is_empty() || c.likelihood.is_empty() || c.levels.is_empty() {
        return Err("impact, likelihood and levels must not be empty".into());
    }
    if c.impact.len() > MAX_SCALE || c.likelihood.len() > MAX_SCALE {
        return Err(format!("scales longer than {MAX_SCALE} steps"));
    }
    if c.cells.len() != c.impact.len()
        || c.cells.iter().any(|row| row.len() != c.likelihood.len())
        || c.cells.iter().flatten().any(|&l| l >= c.levels.len())
    {
        return Err("cells do not match the axes and levels".into());
    }
    match c.risks.iter().find(|r| {
        r.impact >= c.impact.len()
            || r.likelihood >= c.likelihood.len()
            || r.level >= c.levels.len()
    }) {
        Some(r) => Err(format!("risk {:?} points outside the matrix", r.key)),
        None => Ok(()),
    }
}

/// A cell's fill: between the tone's tint and its full colour.
fn cell_fill(tone: Tone) -> crate::model::Rgb {
    let p = tone.palette();
    mix(p.tint, p.fill, 0.45)
}

pub(super) fn layout(
    c: &RiskMatrixChart,
    m: &mut dyn Measure,
    width: f32,
) -> Result<Scene, String> {
    check(c)?;
    let (ni, nl) = (c.impact.len(), c.likelihood.len());
    let regular = Pen::new(Face::Regular, LABEL, super::INK);
    let label_w = c
        .impact
        .iter()
        .map(|l| m.width(l, Face::Regular, LABEL))
        .fold(40.0, f32::max)
        .min(width * 0.22)
        + 10.0;
    let grid_w = (width - label_w - LEGEND_W - 12.0)
        .min(nl as f32 * 88.0)
        .max(nl as f32 * 20.0);
    let cell_w = grid_w / nl as f32;

    // Pills flow left to right in their cell; the tallest cell sets the
    // row height, with room under the pills for the level's name.
    let mut pills: Vec<Vec<Vec<(Label, f32, bool)>>> = vec![vec![Vec::new(); nl]; ni];
    for r in &c.risks {
        // A mitigated risk keeps its place, muted, with a tick after its key.
        let (key, ink) = if r.mitigated {
            (format!("{} ✓", r.key), MUTED)
        } else {
            (r.key.clone(), super::INK)
        };
        let pen = Pen::new(Face::Bold, KEY, ink);
        let (mut label, w) = pen.at(m, &key, (0.0, 0.0), cell_w - 14.0);
        label.full = Some(format!("{}: {}", r.key, r.title));
        pills[r.impact][r.likelihood].push((label, w + 8.0, r.mitigated));
    }
    let rows_in = |cell: &[(Label, f32, bool)]| {
        let (mut rows, mut x) = (1, 0.0);
        for (_, pw, _) in cell {
            if x + pw > cell_w - 8.0 && x > 0.0 {
                rows += 1;
                x = 0.0;
            }
            x += pw + 3.0;
        }
        rows
    };
    let most_rows = pills
        .iter()
        .flatten()
        .map(|p| rows_in(p))
        .max()
        .unwrap_or(1);
    let cell_h = (most_rows as f32 * PILL_ROW + 8.0 + LEVEL + 4.0).max(32.0);

    let mut s = Scene {
        width,
        ..Scene::default()
    };
    let gx = label_w;
    let gy = 14.0;
    let axis = Pen::new(Face::Bold, LABEL, MUTED);
    s.text(axis.at(m, WORDING.axis_impact, (0.0, 9.0), label_w).0);
    for row in 0..ni {
        // Impact index 0 is the bottom row.
        let ii = ni - 1 - row;
        let y = gy + row as f32 * cell_h;
        let lines = wrapped(m, &c.impact[ii], Face::Regular, LABEL, label_w - 8.0, 2);
        let first = y + cell_h / 2.0 + 2.6 - (lines.len() as f32 - 1.0) * LINE / 2.0;
        for (k, line) in lines.iter().enumerate() {
            let pen = regular.anchored(Anchor::End);
            s.text(
                pen.at(m, line, (gx - 6.0, first + k as f32 * LINE), label_w)
                    .0,
            );
        }
        for (li, cell) in pills[ii].iter_mut().enumerate() {
            let level = &c.levels[c.cells[ii][li]];
            let p = level.tone.palette();
            let cx = gx + li as f32 * cell_w;
            s.rect(
                (cx, y, cell_w, cell_h),
                Some(cell_fill(level.tone)),
                Some(Stroke {
                    color: WHITE,
                    width: 1.5,
                }),
                0.0,
            );
            let name = Pen::new(Face::Bold, LEVEL, p.ink).anchored(Anchor::End);
            s.text(
                name.at(
                    m,
                    &level.label,
                    (cx + cell_w - 4.0, y + cell_h - 4.0),
                    cell_w - 8.0,
                )
                .0,
            );
            let (mut px, mut py) = (cx + 5.0, y + 5.0);
            for (mut label, pw, mitigated) in std::mem::take(cell) {
                if px + pw > cx + cell_w - 3.0 && px > cx + 5.0 {
                    px = cx + 5.0;
                    py += PILL_ROW;
                }
                let (fill, outline) = if mitigated {
                    (super::NEUTRAL, MUTED)
                } else {
                    (WHITE, p.fill)
                };
                s.rect(
                    (px, py, pw, PILL_H),
                    Some(fill),
                    Some(Stroke {
                        color: outline,
                        width: 0.8,
                    }),
                    PILL_H / 2.0,
                );
                (label.x, label.y) = (px + 4.0, py + 8.2);
                s.text(label);
                px += pw + 3.0;
            }
        }
    }
    let by = gy + ni as f32 * cell_h;
    let mut most_lines = 1;
    for (li, l) in c.likelihood.iter().enumerate() {
        let lines = wrapped(m, l, Face::Regular, LABEL, cell_w - 4.0, 2);
        most_lines = most_lines.max(lines.len());
        let x = gx + li as f32 * cell_w + cell_w / 2.0;
        for (k, line) in lines.iter().enumerate() {
            let pen = regular.anchored(Anchor::Middle);
            s.text(pen.at(m, line, (x, by + 11.0 + k as f32 * LINE), cell_w).0);
        }
    }
    let axis_y = by + 11.0 + most_lines as f32 * LINE + 4.0;
    let pen = axis.anchored(Anchor::Middle);
    s.text(
        pen.at(
            m,
            WORDING.axis_likelihood,
            (gx + grid_w / 2.0, axis_y),
            grid_w,
        )
        .0,
    );

    // Legend, most severe level first.
    let lx = gx + grid_w + 16.0;
    s.text(
        axis.at(m, WORDING.legend_risk_level, (lx, gy + 8.0), LEGEND_W)
            .0,
    );
    for (k, level) in c.levels.iter().rev().enumerate() {
        let ly = gy + 16.0 + k as f32 * LEGEND_ROW;
        let p = level.tone.palette();
        s.rect(
            (lx, ly, 11.0, 11.0),
            Some(cell_fill(level.tone)),
            Some(Stroke {
                color: p.fill,
                width: 0.8,
            }),
            1.5,
        );
        s.text(
            regular
                .at(m, &level.label, (lx + 16.0, ly + 8.5), LEGEND_W - 18.0)
                .0,
        );
    }
    let legend_bottom = gy + 16.0 + c.levels.len() as f32 * LEGEND_ROW;
    s.height = (axis_y + 6.0).max(legend_bottom);
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::chart::{ChartLevel, ChartRisk};
    use crate::render::chart::Shape;
    use crate::render::chart::tests::Fixed;

    pub(crate) fn chart() -> RiskMatrixChart {
        let level = |label: &str, tone| ChartLevel {
            label: label.into(),
            tone,
        };
        RiskMatrixChart {
            impact: vec!["LOW".into(), "MEDIUM".into(), "HIGH".into()],
            likelihood: vec!["LOW".into(), "MEDIUM".into(), "ALMOST CERTAIN".into()],
            levels: vec![
                level("LOW", Tone::Good),
                level("MEDIUM", Tone::Warn),
                level("HIGH", Tone::Bad),
            ],
            cells: vec![vec![0, 0, 1], vec![0, 1, 2], vec![1, 2, 2]],
            risks: (1..=7)
                .map(|k| ChartRisk {
                    key: format!("R{k}"),
                    title: format!("Risk {k} <b>&</b>"),
                    impact: 2,
                    likelihood: 2,
                    level: 2,
                    priority: "IMMEDIATE".into(),
                    mitigated: k == 7,
                })
                .collect(),
        }
    }

    fn texts(s: &Scene) -> Vec<&str> {
        s.shapes
            .iter()
            .filter_map(|shape| match shape {
                Shape::Text(l) => Some(l.text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_cell_names_its_level_and_every_risk_has_a_pill() {
        let s = layout(&chart(), &mut Fixed, 480.0).unwrap();
        let t = texts(&s);
        // Nine cells plus three legend entries name a level.
        let named = t
            .iter()
            .filter(|t| ["LOW", "MEDIUM", "HIGH"].contains(t))
            .count();
        assert!(named >= 9 + 3, "{t:?}");
        for k in 1..=7 {
            assert!(t.iter().any(|x| x.starts_with(&format!("R{k}"))), "{t:?}");
        }
        // Seven pills in one cell wrap onto more rows, so the rows grow.
        let cells: Vec<f32> = s
            .shapes
            .iter()
            .filter_map(|shape| match shape {
                Shape::Rect {
                    h,
                    stroke: Some(st),
                    ..
                } if st.color == WHITE => Some(*h),
                _ => None,
            })
            .collect();
        assert_eq!(cells.len(), 9);
        assert!(cells[0] > 32.0, "{cells:?}");
        assert!(s.height > 3.0 * cells[0]);
    }

    /// A mitigated risk keeps its cell, muted, its key ticked.
    #[test]
    fn a_mitigated_risk_is_drawn_muted_and_ticked() {
        let s = layout(&chart(), &mut Fixed, 480.0).unwrap();
        let label = s
            .shapes
            .iter()
            .find_map(|shape| match shape {
                Shape::Text(l) if l.text.starts_with("R7") => Some(l.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!((label.text.as_str(), label.color), ("R7 ✓", MUTED));
        assert!(
            chart()
                .alt_text()
                .contains("priority IMMEDIATE, mitigated.")
        );
    }

    #[test]
    fn rejects_what_cannot_be_drawn() {
        let mut c = chart();
        c.risks[0].impact = 5;
        assert!(layout(&c, &mut Fixed, 480.0).is_err());
        let mut c = chart();
        c.cells[1].pop();
        assert!(layout(&c, &mut Fixed, 480.0).is_err());
        let mut c = chart();
        c.cells[0][0] = 9;
        assert!(layout(&c, &mut Fixed, 480.0).is_err());
        let mut c = chart();
        c.impact = (0..=MAX_SCALE).map(|i| i.to_string()).collect();
        assert!(layout(&c, &mut Fixed, 480.0).is_err());
    }
}
