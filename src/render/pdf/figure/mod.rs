//! Vector charts from the chart comments: the risk heat map
//! ([`heat_map`]) and the action timeline ([`timeline`]). Each is one
//! tagged Figure with alt text summarising its data (the Markdown table
//! after it carries the full detail), kept on one page.

mod heat_map;
mod timeline;

use krilla::tagging::Tag;

use super::PdfError;
use super::display::{Item, Mark};
use super::fonts::FontId;
use super::layout::Layout;
use super::text::Run;
use super::theme::{self, Rgb};
use crate::document::timeline_axis::TimelineAxis;
use crate::document::wording::WORDING;
use crate::document::{Chart, Figure};

/// Size of axis and legend labels, in points.
const LABEL: f32 = 7.5;
/// Room a figure keeps below itself for the start of its caption.
const CAPTION_ROOM: f32 = 24.0;

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    (m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

fn bad(msg: impl Into<String>) -> PdfError {
    PdfError::Chart(msg.into())
}

/// Draws figure items, all bound to one content slot.
struct Pen {
    slot: usize,
}

impl Layout<'_> {
    /// The room a chart needs below the cursor: the whole figure (charts
    /// keep themselves whole) and the start of its caption. A chart whose
    /// data cannot be drawn needs none: laying it out reports the error.
    pub fn chart_keep(&mut self, chart: &Chart, width: f32) -> f32 {
        let total = match chart {
            Chart::RiskMatrix(c) => self.measure_heat_map(c, width).ok().map(|g| g.total),
            Chart::Timeline(c) => TimelineAxis::new(c)
                .ok()
                .map(|axis| self.measure_timeline(c, &axis, width).total),
        };
        total.map_or(0.0, |total| total + CAPTION_ROOM)
    }

    /// Lays out a chart as a figure with a caption.
    pub fn chart(
        &mut self,
        figure: &Figure,
        x: f32,
        width: f32,
        parent: usize,
    ) -> Result<(), PdfError> {
        let tagged = |layout: &mut Self, alt: String| {
            let node = layout
                .structure
                .node(parent, Tag::Figure(Some(super::display::pdf_text(&alt))));
            let pen = Pen {
                slot: layout.structure.slot(node),
            };
            (node, pen)
        };
        let chart = &figure.chart;
        let figure_node = match chart {
            Chart::RiskMatrix(c) => {
                let (node, pen) = tagged(self, c.alt_text());
                self.heat_map(c, x, width, &pen)?;
                node
            }
            Chart::Timeline(c) => {
                // Its dates are parsed once, for the alt text and the bars.
                let axis = TimelineAxis::new(c).map_err(bad)?;
                let (node, pen) = tagged(self, c.alt_text());
                self.timeline(c, &axis, x, width, &pen);
                node
            }
        };
        let cap = self.structure.node(figure_node, Tag::Caption);
        let style = super::text::TextStyle {
            size: 8.0,
            color: theme::MUTED,
            bold: false,
            leading: 1.4,
        };
        let inl = [crate::document::Inline::Text(
            format!("{} {}. {}", WORDING.figure, figure.number, chart.caption()),
            crate::document::Style {
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
        // The longest prefix that fits with an ellipsis. Widths grow with
        // the prefix, so a binary search over the character boundaries
        // measures O(log n) prefixes; trying each in turn shaped (and
        // cached) every prefix: seconds and a gigabyte for 10,000 characters.
        let ends: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        let (mut lo, mut hi, mut best) = (0, ends.len(), None);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let run = self.plain_run(&format!("{}…", &text[..ends[mid]]), font, size, color);
            if run.width <= max {
                best = Some(run);
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        best.unwrap_or_else(|| self.plain_run("", font, size, color))
    }

    /// Breaks `text` at spaces into at most `max_lines` (at least one) runs
    /// no wider than `max`; the last is cut with an ellipsis when text
    /// remains. Lines with nothing that fits are left out.
    fn wrap(
        &mut self,
        text: &str,
        font: FontId,
        size: f32,
        max: f32,
        max_lines: usize,
        color: Rgb,
    ) -> Vec<Run> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if line.is_empty() || self.shaper.width(font, &candidate, size) <= max {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            }
        }
        lines.push(line);
        if lines.len() > max_lines.max(1) {
            let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
            lines.push(rest);
        }
        lines
            .iter()
            .map(|l| self.fit(l, font, size, max, color))
            .filter(|run| run.width > 0.0)
            .collect()
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::Paper;
    use crate::render::pdf::fonts::Shaper;
    use crate::render::pdf::layout::Geometry;

    /// The cut before it was made linear: one prefix after another.
    fn fit_one_by_one(layout: &mut Layout, text: &str, max: f32) -> Run {
        let (font, size, color) = (FontId::Regular, LABEL, theme::TEXT);
        let run = layout.plain_run(text, font, size, color);
        if run.width <= max {
            return run;
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let t: String = chars.iter().collect::<String>() + "…";
            let run = layout.plain_run(&t, font, size, color);
            if run.width <= max {
                return run;
            }
        }
        layout.plain_run("", font, size, color)
    }

    #[test]
    fn short_labels_are_cut_as_before() {
        let mut shaper = Shaper::new();
        let mut layout = Layout::new(&mut shaper, Geometry::for_paper(Paper::A4), &[]);
        for text in [
            "",
            "A",
            "Database",
            "Rotate the leaked credentials and move secrets to the vault",
            "payments-gateway-eu-west-1-primary-cluster",
            "Ünïcödé — wörds, «quoted» and 日本語 text",
        ] {
            for max in [0.0, 3.0, 8.0, 20.0, 45.5, 80.0, 150.0, 1000.0] {
                let new = layout.fit(text, FontId::Regular, LABEL, max, theme::TEXT);
                let old = fit_one_by_one(&mut layout, text, max);
                let (new_text, old_text) = (
                    layout.shaper.run_text(&new.words),
                    layout.shaper.run_text(&old.words),
                );
                assert_eq!(new_text, old_text, "{text:?} in {max}");
                assert_eq!(new.width, old.width, "{text:?} in {max}");
            }
        }
    }

    /// Regression: cutting a 10,000-character label took 14 s and 1.3 GB
    /// (40,000 ran out of memory): every prefix was shaped and cached.
    #[test]
    fn a_huge_label_is_cut_with_few_measurements() {
        let mut shaper = Shaper::new();
        let mut layout = Layout::new(&mut shaper, Geometry::for_paper(Paper::A4), &[]);
        for text in ["x".repeat(40_000), "word ".repeat(8_000)] {
            let before = layout.shaper.cached();
            let run = layout.fit(&text, FontId::Regular, LABEL, 100.0, theme::TEXT);
            let cut = layout.shaper.run_text(&run.words);
            assert!(run.width <= 100.0 && run.width > 80.0, "{}", run.width);
            assert!(
                cut.ends_with('…') && text.starts_with(cut.trim_end_matches('…')),
                "{cut}"
            );
            // A handful of new words per measurement, not one per prefix.
            assert!(
                layout.shaper.cached() - before < 100,
                "{}",
                layout.shaper.cached() - before
            );
        }
    }
}
