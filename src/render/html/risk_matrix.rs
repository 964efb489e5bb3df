//! The risk heat map: impact (rows, lowest at the bottom) × likelihood
//! (columns, lowest at the left), each cell filled with the tone of its
//! risk level and labelled with the level's name, each risk's key placed as
//! a chip in its cell, plus axis labels, axis titles and a legend.
//!
//! Colour is never the only carrier: every cell names its level, and the
//! fills also differ in lightness for grayscale prints. Screen readers get
//! the whole content as a `<desc>` sentence, since the graphic is one image
//! to them (`role="img"`).

use std::fmt::Write as _;

use super::svg::{FONT_FAMILY, esc, palette, text_lines, text_width, truncate, wrap};
use crate::document::chart::{MAX_SCALE, RiskMatrixChart};
use crate::document::wording::WORDING;

const CELL_W: f64 = 124.0;
const CELL_H: f64 = 80.0;
const AXIS_TITLE_W: f64 = 26.0;
const ROW_LABEL_W: f64 = 104.0;
const TOP: f64 = 10.0;
const RIGHT: f64 = 10.0;
const CHIP_H: f64 = 22.0;
const CHIP_GAP: f64 = 4.0;

/// Checks that every index in the chart points somewhere.
fn validate(c: &RiskMatrixChart) -> Result<(), String> {
    if c.impact.is_empty() || c.likelihood.is_empty() || c.levels.is_empty() {
        return Err("impact, likelihood and levels must not be empty".into());
    }
    if c.impact.len() > MAX_SCALE || c.likelihood.len() > MAX_SCALE {
        return Err(format!("scales longer than {MAX_SCALE} steps"));
    }
    if c.cells.len() != c.impact.len() || c.cells.iter().any(|row| row.len() != c.likelihood.len())
    {
        return Err(
            "cells must have one row per impact step and one column per likelihood step".into(),
        );
    }
    if c.cells.iter().flatten().any(|&l| l >= c.levels.len()) {
        return Err("a cell names a level that does not exist".into());
    }
    for r in &c.risks {
        if r.impact >= c.impact.len()
            || r.likelihood >= c.likelihood.len()
            || r.level >= c.levels.len()
        {
            return Err(format!("risk {:?} points outside the matrix", r.key));
        }
    }
    Ok(())
}

/// Draws the heat map. `id` is a document-unique prefix for element ids.
pub(crate) fn risk_matrix_svg(c: &RiskMatrixChart, id: &str) -> Result<String, String> {
    validate(c)?;
    let rows = c.impact.len();
    let cols = c.likelihood.len();
    let gx = AXIS_TITLE_W + ROW_LABEL_W;
    let gy = TOP;
    let gw = cols as f64 * CELL_W;
    let gh = rows as f64 * CELL_H;
    let width = gx + gw + RIGHT;

    // Legend items flow left to right and wrap within the width.
    let legend_y0 = gy + gh + 8.0 + 30.0 + 26.0;
    let mut legend = String::new();
    let mut lx = gx;
    let mut ly = legend_y0;
    let title = &format!("{}:", WORDING.legend_risk_level);
    let _ = write!(
        legend,
        r##"<text x="{lx:.1}" y="{:.1}" font-size="12" font-weight="600" fill="#1f2933" dominant-baseline="central">{title}</text>"##,
        ly + 7.0
    );
    lx += text_width(title, 12.0) + 10.0;
    for level in &c.levels {
        let label = truncate(&level.label, 140.0, 12.0);
        let item_w = 14.0 + 6.0 + text_width(&label, 12.0) + 16.0;
        if lx + item_w > width && lx > gx + 100.0 {
            lx = gx + text_width(title, 12.0) + 10.0;
            ly += 22.0;
        }
        let p = palette(level.tone);
        let _ = write!(
            legend,
            r##"<rect x="{lx:.1}" y="{ly:.1}" width="14" height="14" rx="2" fill="{}" stroke="{}"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#1f2933" dominant-baseline="central">{}</text>"##,
            p.fill,
            p.ink,
            lx + 20.0,
            ly + 7.0,
            esc(&label)
        );
        lx += item_w;
    }
    let height = ly + 14.0 + 10.0;

    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-labelledby="{id}_title {id}_desc" font-family="{FONT_FAMILY}">"#
    );
    let _ = write!(
        s,
        r#"<title id="{id}_title">Risk heat map: {} risks by impact and likelihood</title><desc id="{id}_desc">{}</desc>"#,
        c.risks.len(),
        esc(&c.alt_text())
    );

    // Cells: impact index 0 is the bottom row.
    for (i, row) in c.cells.iter().enumerate() {
        let y = gy + (rows - 1 - i) as f64 * CELL_H;
        for (j, &level_index) in row.iter().enumerate() {
            let x = gx + j as f64 * CELL_W;
            let level = &c.levels[level_index];
            let p = palette(level.tone);
            let _ = write!(
                s,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{CELL_W}" height="{CELL_H}" fill="{}" stroke="#ffffff" stroke-width="2"/>"##,
                p.fill
            );
            let label = truncate(&level.label, CELL_W - 12.0, 11.0);
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="11" font-weight="600" letter-spacing="0.04em" text-anchor="end" fill="{}">{}</text>"#,
                x + CELL_W - 6.0,
                y + CELL_H - 6.0,
                p.on_fill,
                esc(&label)
            );
        }
    }

    // Risk chips, in data order within each cell.
    for i in 0..rows {
        for j in 0..cols {
            let x0 = gx + j as f64 * CELL_W + 6.0;
            let y0 = gy + (rows - 1 - i) as f64 * CELL_H + 6.0;
            let mut cx = x0;
            let mut cy = y0;
            for r in c
                .risks
                .iter()
                .filter(|r| r.impact == i && r.likelihood == j)
            {
                let key = truncate(&r.key, CELL_W - 24.0, 12.0);
                let w = (text_width(&key, 12.0) + 12.0).max(32.0);
                if cx + w > x0 + CELL_W - 12.0 && cx > x0 {
                    cx = x0;
                    cy += CHIP_H + CHIP_GAP;
                }
                let _ = write!(
                    s,
                    r##"<g><title>{}: {}</title><rect x="{cx:.1}" y="{cy:.1}" width="{w:.1}" height="{CHIP_H}" rx="4" fill="#ffffff" stroke="#1f2933" stroke-width="1.2"/><text x="{:.1}" y="{:.1}" font-size="12" font-weight="700" text-anchor="middle" dominant-baseline="central" fill="#111827">{}</text></g>"##,
                    esc(&r.key),
                    esc(&r.title),
                    cx + w / 2.0,
                    cy + CHIP_H / 2.0,
                    esc(&key)
                );
                cx += w + CHIP_GAP;
            }
        }
    }

    // Grid outline.
    let _ = write!(
        s,
        r##"<rect x="{gx:.1}" y="{gy:.1}" width="{gw:.1}" height="{gh:.1}" fill="none" stroke="#52606d" stroke-width="1"/>"##
    );

    // Row labels (impact), right-aligned next to the grid.
    for (i, label) in c.impact.iter().enumerate() {
        let y = gy + (rows - 1 - i) as f64 * CELL_H + CELL_H / 2.0;
        let lines = wrap(label, ROW_LABEL_W - 10.0, 11.0, 3);
        text_lines(
            &mut s,
            &lines,
            gx - 8.0,
            y,
            11.0,
            "end",
            r##" fill="#323f4b""##,
            true,
        );
    }
    // Column labels (likelihood), centred under each column.
    for (j, label) in c.likelihood.iter().enumerate() {
        let x = gx + j as f64 * CELL_W + CELL_W / 2.0;
        let lines = wrap(label, CELL_W - 8.0, 11.0, 2);
        text_lines(
            &mut s,
            &lines,
            x,
            gy + gh + 14.0,
            11.0,
            "middle",
            r##" fill="#323f4b""##,
            false,
        );
    }
    // Axis titles.
    let _ = write!(
        s,
        r##"<text x="0" y="0" transform="translate(12 {:.1}) rotate(-90)" font-size="13" font-weight="700" text-anchor="middle" dominant-baseline="central" fill="#1f2933">Impact →</text>"##,
        gy + gh / 2.0
    );
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="13" font-weight="700" text-anchor="middle" dominant-baseline="central" fill="#1f2933">Likelihood →</text>"##,
        gx + gw / 2.0,
        gy + gh + 8.0 + 38.0
    );
    s.push_str(&legend);
    s.push_str("</svg>");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::chart::{ChartLevel, ChartRisk};
    use crate::model::Tone;

    fn chart() -> RiskMatrixChart {
        let level = |label: &str, tone| ChartLevel {
            label: label.into(),
            tone,
        };
        RiskMatrixChart {
            impact: vec!["LOW".into(), "MEDIUM".into(), "HIGH".into()],
            likelihood: vec![
                "LOW".into(),
                "MEDIUM".into(),
                "LIKELY".into(),
                "CERTAIN".into(),
            ],
            levels: vec![
                level("LOW", Tone::Good),
                level("MEDIUM", Tone::Warn),
                level("HIGH", Tone::Bad),
            ],
            cells: vec![vec![0, 0, 0, 1], vec![0, 1, 1, 2], vec![1, 1, 2, 2]],
            risks: vec![ChartRisk {
                key: "R1".into(),
                title: "<script>alert('x')</script>".into(),
                impact: 2,
                likelihood: 3,
                level: 2,
                priority: "IMMEDIATE".into(),
            }],
        }
    }

    #[test]
    fn draws_cells_keys_and_escapes_titles() {
        let svg = risk_matrix_svg(&chart(), "rd_chart1").unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(
            svg.matches("<rect").count(),
            12 + 1 + 1 + 3,
            "cells, chip, outline, legend"
        );
        assert!(svg.contains(">R1</text>"));
        assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(!svg.contains("<script"));
        assert!(svg.contains(r#"role="img" aria-labelledby="rd_chart1_title rd_chart1_desc""#));
        // The top-right cell (HIGH impact, CERTAIN likelihood) is at the top.
        assert!(svg.contains(r#"<rect x="502.0" y="10.0""#), "{svg}");
    }

    #[test]
    fn rejects_indices_out_of_range() {
        let mut c = chart();
        c.risks[0].likelihood = 4;
        assert!(risk_matrix_svg(&c, "x").is_err());
        let mut c = chart();
        c.cells[1].pop();
        assert!(risk_matrix_svg(&c, "x").is_err());
        let mut c = chart();
        c.cells[0][0] = 9;
        assert!(risk_matrix_svg(&c, "x").is_err());
    }
}
