//! Tables: column sizing, wrapped cells, page breaks with the header row
//! repeated (as an artifact, so assistive technology reads it once), and
//! rows taller than a page split between lines.

use krilla::tagging::{TableHeaderScope, Tag};
use pulldown_cmark::Alignment;

use super::display::{Item, Mark};
use super::layout::{HAlign, Layout};
use super::text::{self, Line, TextStyle};
use super::theme;
use crate::document::{Align, Inline};

const PAD_X: f32 = 5.0;
const PAD_Y: f32 = 3.5;

fn cell_style(bold: bool) -> TextStyle {
    TextStyle {
        size: theme::TABLE,
        color: theme::TEXT,
        bold,
        leading: 1.4,
    }
}

/// The room a table keeps: its header row (`head_h` tall) and one body line.
fn keep(head_h: f32) -> f32 {
    head_h + cell_style(false).line_height() + 2.0 * PAD_Y
}

/// A laid-out row: lines per cell.
struct Row {
    cells: Vec<Vec<Line>>,
}

impl Row {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
    }

    /// Height of the whole row on one page, padding included.
    fn height(&self) -> f32 {
        self.lines() as f32 * cell_style(false).line_height() + 2.0 * PAD_Y
    }
}

impl Layout<'_> {
    /// Lays out a table at `x` across `width`.
    #[allow(clippy::too_many_arguments)]
    pub fn table(
        &mut self,
        aligns: &[Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: f32,
        width: f32,
        parent: usize,
    ) {
        let widths = self.table_columns(head, rows, width);
        let ncols = widths.len();
        let head_row = self.table_row(head, &widths, true);
        let lh = cell_style(false).line_height();
        let head_h = head_row.height();
        let aligns: Vec<HAlign> = (0..ncols)
            .map(|c| match aligns.get(c) {
                Some(Alignment::Right) => HAlign::Right,
                Some(Alignment::Center) => HAlign::Center,
                _ => HAlign::Left,
            })
            .collect();
        let table = self.structure.node(parent, Tag::Table);
        let thead = self.structure.node(table, Tag::THead);
        let tbody = self.structure.node(table, Tag::TBody);

        // Header and at least one body line stay together.
        self.ensure(keep(head_h));
        let tr = self.structure.node(thead, Tag::TR);
        let th: Vec<usize> = (0..ncols)
            .map(|_| self.structure.node(tr, Tag::TH(TableHeaderScope::Column)))
            .collect();
        self.row(
            &head_row,
            0,
            head_row.lines(),
            x,
            &widths,
            &aligns,
            Some(&th),
            true,
        );

        for (r, cells) in rows.iter().enumerate() {
            let row = self.table_row(cells, &widths, false);
            let tr = self.structure.node(tbody, Tag::TR);
            let td: Vec<usize> = (0..ncols)
                .map(|_| self.structure.node(tr, Tag::TD))
                .collect();
            let total = row.lines();
            let mut done = 0;
            while done < total {
                let fit = ((self.geo.bottom - self.y - 2.0 * PAD_Y) / lh)
                    .floor()
                    .max(0.0) as usize;
                let fresh_fit = ((self.geo.bottom - self.geo.top - head_h - 2.0 * PAD_Y) / lh)
                    .floor()
                    .max(1.0) as usize;
                let rest = total - done;
                if fit >= rest {
                    self.row_bg(r, x, width, rest, lh);
                    self.row(&row, done, total, x, &widths, &aligns, Some(&td), false);
                    done = total;
                } else if fit < 2 || (done == 0 && rest <= fresh_fit) {
                    // Move the whole row (or a split's remainder) on.
                    self.continue_on_new_page(&head_row, x, &widths, &aligns);
                } else {
                    self.row_bg(r, x, width, fit, lh);
                    self.row(
                        &row,
                        done,
                        done + fit,
                        x,
                        &widths,
                        &aligns,
                        Some(&td),
                        false,
                    );
                    done += fit;
                    self.continue_on_new_page(&head_row, x, &widths, &aligns);
                }
            }
        }
    }

    fn row_bg(&mut self, r: usize, x: f32, width: f32, lines: usize, lh: f32) {
        if r % 2 == 1 {
            let h = lines as f32 * lh + 2.0 * PAD_Y;
            self.deco(Item::Rect {
                x,
                y: self.y,
                w: width,
                h,
                fill: Some(theme::ZEBRA),
                stroke: None,
                radius: 0.0,
            });
        }
    }

    /// Starts a new page and repeats the header row there, as an artifact
    /// (untagged: assistive technology reads the header once).
    fn continue_on_new_page(&mut self, head_row: &Row, x: f32, widths: &[f32], aligns: &[HAlign]) {
        self.new_page();
        self.row(head_row, 0, head_row.lines(), x, widths, aligns, None, true);
    }

    /// Draws lines `from..to` of every cell of a row at the cursor. `tags`
    /// is `None` for a repeated header (an artifact).
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        row: &Row,
        from: usize,
        to: usize,
        x: f32,
        widths: &[f32],
        aligns: &[HAlign],
        tags: Option<&[usize]>,
        header: bool,
    ) {
        let style = cell_style(header);
        let lh = style.line_height();
        let h = (to - from) as f32 * lh + 2.0 * PAD_Y;
        let width: f32 = widths.iter().sum();
        if header {
            self.deco(Item::Rect {
                x,
                y: self.y,
                w: width,
                h,
                fill: Some(theme::HEAD_BG),
                stroke: None,
                radius: 0.0,
            });
        }
        let mut cx = x;
        for (c, lines) in row.cells.iter().enumerate() {
            let w = widths[c];
            let mut y = self.y + PAD_Y;
            for line in lines.iter().take(to).skip(from) {
                let dx = match aligns[c] {
                    HAlign::Left => 0.0,
                    HAlign::Center => ((w - 2.0 * PAD_X - line.width) / 2.0).max(0.0),
                    HAlign::Right => (w - 2.0 * PAD_X - line.width).max(0.0),
                };
                match tags {
                    Some(tags) => self.line(line, cx + PAD_X + dx, y, style, tags[c]),
                    None => self.artifact_line(line, cx + PAD_X + dx, y, style),
                }
                y += lh;
            }
            cx += w;
        }
        self.y += h;
        let color = if header { theme::ACCENT } else { theme::RULE };
        let lw = if header { 0.9 } else { 0.5 };
        self.deco(Item::Line {
            x1: x,
            y1: self.y,
            x2: x + width,
            y2: self.y,
            color,
            width: lw,
            dashed: false,
        });
    }

    /// A line whose every item is an artifact (repeated header rows).
    fn artifact_line(&mut self, line: &Line, x: f32, y: f32, style: TextStyle) {
        let scratch = self
            .structure
            .node(super::display::Structure::ROOT, Tag::NonStruct);
        let page = self.page();
        let (first, links) = (self.pages[page].items.len(), self.pages[page].links.len());
        self.line(line, x, y, style, scratch);
        // Links in a repeated header are not clickable twice.
        self.pages[page].links.truncate(links);
        // Detach the scratch node: its content is pagination furniture.
        self.structure.nodes[super::display::Structure::ROOT]
            .children
            .pop();
        for placed in &mut self.pages[page].items[first..] {
            placed.mark = Mark::Artifact;
        }
    }

    /// The room a table needs below the cursor: its header row and one
    /// body line, which stay together.
    pub fn table_keep(
        &mut self,
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        width: f32,
    ) -> f32 {
        let widths = self.table_columns(head, rows, width);
        let head_row = self.table_row(head, &widths, true);
        keep(head_row.height())
    }

    /// Column widths across `width`, one per column of the widest row.
    fn table_columns(
        &mut self,
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        width: f32,
    ) -> Vec<f32> {
        let ncols = head
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        self.column_widths(ncols, head, rows, width)
    }

    /// A row's cells laid out in their columns (missing cells are empty).
    fn table_row(&mut self, cells: &[Vec<Inline>], widths: &[f32], bold: bool) -> Row {
        Row {
            cells: widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    let inl = cells.get(c).map_or(&[][..], Vec::as_slice);
                    text::layout(self.shaper, inl, cell_style(bold), w - 2.0 * PAD_X)
                })
                .collect(),
        }
    }

    /// Column widths: natural widths when they fit, otherwise shares
    /// between each column's longest word and its full text.
    fn column_widths(
        &mut self,
        ncols: usize,
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        width: f32,
    ) -> Vec<f32> {
        let mut min = vec![24.0_f32; ncols];
        let mut max = vec![24.0_f32; ncols];
        let cap = width * 0.35;
        // Sample rows: a 2,000-row table is sized by its first few hundred.
        let sample = std::iter::once((head, true))
            .chain(rows.iter().take(300).map(|r| (r.as_slice(), false)));
        for (cells, bold) in sample {
            for (c, inl) in cells.iter().enumerate().take(ncols) {
                let style = cell_style(bold);
                let one = text::layout(self.shaper, inl, style, f32::MAX / 4.0);
                let full = one.iter().map(|l| l.width).fold(0.0, f32::max) + 2.0 * PAD_X;
                let longest = crate::document::plain_text(inl)
                    .split_whitespace()
                    .map(|w| {
                        self.shaper.width(
                            if bold {
                                super::fonts::FontId::Bold
                            } else {
                                super::fonts::FontId::Regular
                            },
                            w,
                            style.size,
                        )
                    })
                    .fold(0.0, f32::max)
                    + 2.0 * PAD_X;
                min[c] = min[c].max(longest.min(cap));
                max[c] = max[c].max(full);
            }
        }
        let (smin, smax): (f32, f32) = (min.iter().sum(), max.iter().sum());
        if smax <= width {
            // Spread the slack so tables span the text column.
            return max.iter().map(|m| m + (width - smax) * m / smax).collect();
        }
        if smin >= width {
            return min.iter().map(|m| width * m / smin).collect();
        }
        let t = (width - smin) / (smax - smin);
        min.iter().zip(&max).map(|(a, b)| a + (b - a) * t).collect()
    }
}
