//! The site's two small charts, drawn as inline SVG from typed week
//! summaries: the index's trend sparkline and a history page's status
//! grid. Colours are the palette's CSS variables, so they follow the page
//! (and its dark mode); every text is escaped.

use std::fmt::Write;

use super::summary::WeekSummary;
use crate::model::Status;

/// Escapes text for XML and HTML (element content and quoted attributes):
/// the report's SVG escaper, control characters replaced.
pub(crate) use crate::render::html::svg::esc as xml_escape;

/// A trend of the weeks given (oldest first): open findings per week as a
/// line, each week a dot in its status colour. The label says the same in
/// words.
pub fn sparkline(weeks: &[&WeekSummary]) -> String {
    const W: f64 = 120.0;
    const H: f64 = 32.0;
    const PAD: f64 = 5.0;
    let totals: Vec<u32> = weeks.iter().map(|w| w.open.total()).collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let step = if weeks.len() > 1 {
        (W - 2.0 * PAD) / (weeks.len() - 1) as f64
    } else {
        0.0
    };
    let point = |i: usize, v: u32| {
        let x = if weeks.len() > 1 {
            PAD + step * i as f64
        } else {
            W / 2.0
        };
        let y = H - PAD - (H - 2.0 * PAD) * f64::from(v) / f64::from(max);
        (x, y)
    };
    let label = format!(
        "Open findings over the last {} week{}: {}; status {}",
        weeks.len(),
        if weeks.len() == 1 { "" } else { "s" },
        totals
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        weeks
            .iter()
            .map(|w| w.status.word())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut svg = format!(
        "<svg class=\"sparkline\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        xml_escape(&label)
    );
    if weeks.len() > 1 {
        svg.push_str(
            "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"",
        );
        for (i, &v) in totals.iter().enumerate() {
            let (x, y) = point(i, v);
            let _ = write!(svg, "{}{x:.1},{y:.1}", if i == 0 { "" } else { " " });
        }
        svg.push_str("\"/>");
    }
    for (i, (&v, w)) in totals.iter().zip(weeks).enumerate() {
        let (x, y) = point(i, v);
        let tone = w.status.tone().name();
        let _ = write!(
            svg,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.2\" fill=\"var(--{tone}-bg)\" stroke=\"var(--{tone}-line)\" stroke-width=\"1\"/>"
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Status per component across weeks: one row per component (the latest
/// week's order, then components only earlier weeks had), one column per
/// week; `None` where the component was not assessed that week.
pub struct StatusGrid {
    /// Column dates, as shown.
    pub dates: Vec<String>,
    /// The overall status row first, then a row per component.
    pub rows: Vec<GridRow>,
}

/// One row of a [`StatusGrid`].
pub struct GridRow {
    /// The component's name (or "Overall").
    pub name: String,
    /// Its status per week.
    pub cells: Vec<Option<Status>>,
}

impl StatusGrid {
    /// The grid of `weeks` (oldest first).
    pub fn of(weeks: &[&WeekSummary]) -> StatusGrid {
        let mut order: Vec<(&str, &str)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for w in weeks.iter().rev() {
            for c in &w.components {
                if seen.insert(c.id.as_str()) {
                    order.push((c.id.as_str(), c.name.as_str()));
                }
            }
        }
        // Index each week's components once: rows × weeks lookups stay
        // linear in the grid's size.
        let by_week: Vec<std::collections::BTreeMap<&str, Status>> = weeks
            .iter()
            .map(|w| {
                w.components
                    .iter()
                    .map(|c| (c.id.as_str(), c.status))
                    .collect()
            })
            .collect();
        let mut rows = vec![GridRow {
            name: "Overall".to_owned(),
            cells: weeks.iter().map(|w| Some(w.status)).collect(),
        }];
        rows.extend(order.into_iter().map(|(id, name)| GridRow {
            name: name.to_owned(),
            cells: by_week.iter().map(|m| m.get(id).copied()).collect(),
        }));
        StatusGrid {
            dates: weeks.iter().map(|w| w.folder()).collect(),
            rows,
        }
    }

    /// The grid as an SVG figure: names on the left (cut with an ellipsis
    /// past 28 characters; the table beside it has them whole), dates on
    /// top, each cell in its status colour with the status glyph.
    pub fn svg(&self) -> String {
        const LABEL: f64 = 200.0;
        const CELL_W: f64 = 56.0;
        const CELL_H: f64 = 22.0;
        const TOP: f64 = 24.0;
        let width = LABEL + CELL_W * self.dates.len() as f64 + 4.0;
        let height = TOP + CELL_H * self.rows.len() as f64 + 4.0;
        let mut svg = format!(
            "<svg viewBox=\"0 0 {width} {height}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"Status of {} component{} over {} week{}; the table below lists each cell\">",
            // Drawn a little larger than its units: the text is small.
            width * 1.25,
            height * 1.25,
            self.rows.len() - 1,
            if self.rows.len() == 2 { "" } else { "s" },
            self.dates.len(),
            if self.dates.len() == 1 { "" } else { "s" },
        );
        for (i, date) in self.dates.iter().enumerate() {
            let x = LABEL + CELL_W * (i as f64 + 0.5);
            // Month and day: the year is in the table.
            let short = date.get(5..).unwrap_or(date);
            let _ = write!(
                svg,
                "<text class=\"chart-axis\" x=\"{x}\" y=\"16\" text-anchor=\"middle\">{}</text>",
                xml_escape(short)
            );
        }
        for (r, row) in self.rows.iter().enumerate() {
            let y = TOP + CELL_H * r as f64;
            let name: String = if row.name.chars().count() > 28 {
                row.name.chars().take(27).chain(['…']).collect()
            } else {
                row.name.clone()
            };
            let weight = if r == 0 { " font-weight=\"700\"" } else { "" };
            let _ = write!(
                svg,
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\"{weight}>{}</text>",
                LABEL - 8.0,
                y + CELL_H * 0.68,
                xml_escape(&name)
            );
            for (i, cell) in row.cells.iter().enumerate() {
                let x = LABEL + CELL_W * i as f64;
                match cell {
                    Some(status) => {
                        let tone = status.tone();
                        let t = tone.name();
                        let _ = write!(
                            svg,
                            "<rect x=\"{rx}\" y=\"{ry}\" width=\"{w}\" height=\"{h}\" rx=\"3\" fill=\"var(--{t}-bg)\" stroke=\"var(--{t}-line)\"/><text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" fill=\"var(--{t}-ink)\" font-size=\"12\" font-weight=\"700\">{g}</text>",
                            rx = x + 2.0,
                            ry = y + 2.0,
                            w = CELL_W - 4.0,
                            h = CELL_H - 4.0,
                            tx = x + CELL_W / 2.0,
                            ty = y + CELL_H * 0.68,
                            g = tone.glyph(),
                        );
                    }
                    None => {
                        let _ = write!(
                            svg,
                            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"none\" stroke=\"var(--rule)\" stroke-dasharray=\"3 2\"/>",
                            x + 2.0,
                            y + 2.0,
                            CELL_W - 4.0,
                            CELL_H - 4.0
                        );
                    }
                }
            }
        }
        svg.push_str("</svg>");
        svg
    }
}
