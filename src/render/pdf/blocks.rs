//! Paragraph lines, lists, code blocks and block quotes: the blocks that
//! nest or flow across pages line by line (tables are in [`super::table`]),
//! and the rules that keep them from leaving a lone line or item behind.

use krilla::tagging::{ListNumbering, Tag};

use super::PdfError;
use super::display::{Item, Mark, Placed};
use super::fonts::FontId;
use super::layout::{GAP, LIST_INDENT, Layout, body};
use super::model::{Block, ListItem};
use super::text::{Line, Run};
use super::theme;

/// Height of `n` one-line list items, the last without its spacing.
fn items_height(n: usize) -> f32 {
    let step = body().line_height() + 0.4 * GAP + 2.0;
    (n.max(1) - 1) as f32 * step + body().line_height()
}

/// The room a list of `n` items needs at its start so that it does not
/// leave its first item alone at the foot of a page: up to three one-line
/// items stay together, a longer list keeps its first two. Blocks kept
/// with a following list (a heading, a lead-in paragraph) use it too.
pub(super) fn list_keep(n: usize) -> f32 {
    items_height(if n <= 3 { n } else { 2 })
}

impl Layout<'_> {
    /// Places a paragraph's lines without leaving a single line at the foot
    /// of a page (orphan) or carrying one over to the next (widow): up to
    /// three lines stay together, longer paragraphs break with at least two
    /// lines on each side. A paragraph [`anchored`](Layout::anchored) to a
    /// list label starts where the label is.
    pub(super) fn paragraph_lines(&mut self, lines: &[Line], x: f32, node: usize) {
        let style = body();
        let lh = style.line_height();
        let n = lines.len();
        if !std::mem::take(&mut self.anchored) {
            let keep = if n <= 3 { n } else { 2 };
            self.ensure(keep as f32 * lh);
        }
        let mut on_page = 0;
        for (i, line) in lines.iter().enumerate() {
            let page = self.page();
            // Two lines left and room for one: carry both over, unless
            // that would leave a single line behind.
            let widow = n - i == 2 && on_page >= 2 && self.y + 2.0 * lh > self.geo.bottom;
            if widow {
                self.new_page();
            } else {
                self.ensure(lh);
            }
            if self.page() != page {
                on_page = 0;
            }
            self.line(line, x, self.y, style, node);
            self.y += lh;
            on_page += 1;
        }
    }

    /// A bulleted, numbered or task list; items hold nested blocks.
    pub(super) fn list(
        &mut self,
        start: Option<u64>,
        items: &[ListItem],
        x: f32,
        width: f32,
        parent: usize,
    ) -> Result<(), PdfError> {
        let numbering = if start.is_some() {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        };
        let list = self.structure.node(parent, Tag::L(numbering));
        // Past a depth where indenting would squeeze the text, stop indenting.
        let indent = if width > self.geo.content_width() * 0.45 {
            LIST_INDENT
        } else {
            0.0
        };
        let depth = ((self.geo.content_width() - width) / LIST_INDENT).round() as usize;
        let style = body();
        for (i, item) in items.iter().enumerate() {
            let li = self.structure.node(list, Tag::LI);
            let lbl = self.structure.node(li, Tag::Lbl);
            let lbody = self.structure.node(li, Tag::LBody);
            // The label moves with its text's first line; the first items
            // and the last two keep together, so no item is left alone.
            if i == 0 {
                self.ensure(list_keep(items.len()));
            } else if i + 2 == items.len() {
                self.ensure(items_height(2));
            } else {
                self.ensure(style.line_height());
            }
            let top = self.y;
            let center = top + style.line_height() / 2.0;
            let slot = self.structure.slot(lbl);
            match (item.task, start) {
                (Some(done), _) => {
                    let s = style.size * 0.95;
                    let bx = x + 1.0;
                    let by = center - s / 2.0;
                    let fill = if done {
                        Some(theme::tone(crate::render::charts::Tone::Good).fill)
                    } else {
                        Some(theme::WHITE)
                    };
                    self.push(
                        Item::Rect {
                            x: bx,
                            y: by,
                            w: s,
                            h: s,
                            fill,
                            stroke: Some((theme::MUTED, 0.8)),
                            radius: 1.5,
                        },
                        Mark::Slot(slot),
                    );
                    if done {
                        let pts = vec![
                            (bx + s * 0.2, by + s * 0.52),
                            (bx + s * 0.42, by + s * 0.75),
                            (bx + s * 0.8, by + s * 0.25),
                        ];
                        self.push(
                            Item::Poly {
                                points: pts,
                                fill: None,
                                stroke: Some((theme::WHITE, 1.3)),
                            },
                            Mark::Slot(slot),
                        );
                    }
                }
                (None, Some(n)) => {
                    let label = format!("{}.", n.saturating_add(i as u64));
                    let run = self.plain_run(&label, FontId::Regular, style.size, theme::MUTED);
                    let lx = x + indent.max(14.0) - 4.0 - run.width;
                    self.push(
                        Item::Text {
                            x: lx.max(x - 10.0),
                            y: center + 0.35 * style.size,
                            run,
                        },
                        Mark::Slot(slot),
                    );
                }
                (None, None) => {
                    let bullet = ["•", "◦", "▪"][depth % 3];
                    let run = self.plain_run(bullet, FontId::Regular, style.size, theme::MUTED);
                    self.push(
                        Item::Text {
                            x: x + 3.0,
                            y: center + 0.35 * style.size,
                            run,
                        },
                        Mark::Slot(slot),
                    );
                }
            }
            let cx = x + indent.max(14.0);
            let cw = width - indent.max(14.0);
            for (j, block) in item.blocks.iter().enumerate() {
                if j == 0 {
                    // The first block shares the label's line.
                    self.y = top;
                    self.anchored = matches!(block, Block::Paragraph(_));
                }
                self.block(block, cx, cw, lbody, false, item.blocks.get(j + 1))?;
                if matches!(block, Block::Paragraph(_)) {
                    // Tight lists: less space between items than paragraphs.
                    self.y -= GAP * 0.6;
                }
            }
            if item.blocks.is_empty() {
                self.y += style.line_height();
            }
            self.y += 2.0;
        }
        Ok(())
    }

    /// A code block: monospace on a shaded box that breaks across pages.
    pub(super) fn code(&mut self, code: &str, x: f32, width: f32, parent: usize) {
        let pad = 7.0;
        let size = theme::CODE;
        let lh = size * 1.45;
        let node = self.structure.node(parent, Tag::P);
        let code_node = self.structure.node(node, Tag::Code);
        let inner = width - 2.0 * pad;
        // Wrap by measured characters: monospace, but replacement glyphs
        // and combining marks keep this honest.
        let mut lines: Vec<String> = Vec::new();
        for src in code.trim_end_matches('\n').split('\n') {
            let src = src.replace('\t', "    ");
            let mut cur = String::new();
            let mut w = 0.0;
            for c in src.chars() {
                let cw = self.shaper.char_width(FontId::Mono, c, size);
                if w + cw > inner && !cur.is_empty() {
                    lines.push(std::mem::take(&mut cur));
                    w = 0.0;
                }
                cur.push(c);
                w += cw;
            }
            lines.push(cur);
        }
        self.ensure(lh.min(lines.len() as f32 * lh) + 2.0 * pad);
        let mut start = (self.page(), self.y, self.pages[self.page()].items.len());
        self.y += pad;
        let mut i = 0;
        while i < lines.len() {
            if self.y + lh > self.geo.bottom {
                self.code_bg(start, x, width, self.y + 2.0);
                self.new_page();
                start = (self.page(), self.y, 0);
                self.y += pad;
            }
            let run = self.plain_code_run(&lines[i], size);
            let slot = self.structure.slot(code_node);
            self.push(
                Item::Text {
                    x: x + pad,
                    y: self.y + lh / 2.0 + 0.35 * size,
                    run,
                },
                Mark::Slot(slot),
            );
            self.y += lh;
            i += 1;
        }
        self.y += pad;
        self.code_bg(start, x, width, self.y);
    }

    fn plain_code_run(&mut self, text: &str, size: f32) -> Run {
        let mut run = Run::new(FontId::Mono, size, theme::TEXT);
        run.append(self.shaper, text);
        run
    }

    /// Inserts a code block's background beneath its text on one page.
    fn code_bg(&mut self, (page, y0, index): (usize, f32, usize), x: f32, width: f32, y1: f32) {
        let item = Item::Rect {
            x,
            y: y0,
            w: width,
            h: (y1 - y0).max(0.0),
            fill: Some(theme::CODE_BG),
            stroke: Some((theme::RULE, 0.6)),
            radius: 3.0,
        };
        self.pages[page].items.insert(
            index,
            Placed {
                item,
                mark: Mark::Artifact,
            },
        );
    }

    /// A block quote: nested blocks beside a rule, indented.
    pub(super) fn quote(
        &mut self,
        inner: &[Block],
        x: f32,
        width: f32,
        parent: usize,
    ) -> Result<(), PdfError> {
        let node = self.structure.node(parent, Tag::BlockQuote);
        let indent = if width > self.geo.content_width() * 0.45 {
            14.0
        } else {
            4.0
        };
        self.ensure(body().line_height());
        let (start_page, start_y) = (self.page(), self.y);
        self.blocks(inner, x + indent, width - indent, node, false)?;
        let end_y = self.y - GAP;
        for page in start_page..=self.page() {
            let y0 = if page == start_page {
                start_y
            } else {
                self.geo.top
            };
            let y1 = if page == self.page() {
                end_y
            } else {
                self.geo.bottom
            };
            let item = Item::Line {
                x1: x + 2.0,
                y1: y0,
                x2: x + 2.0,
                y2: y1.max(y0),
                color: (0xb8, 0xc4, 0xd3),
                width: 2.5,
                dashed: false,
            };
            self.pages[page].items.push(Placed {
                item,
                mark: Mark::Artifact,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Paper;
    use super::super::display::Structure;
    use super::super::fonts::Shaper;
    use super::super::layout::Geometry;
    use super::super::model;
    use super::*;

    /// Lays out `md` with room for `room` body lines left on the first
    /// page; returns, per page, the text of each text item in order.
    fn pages(md: &str, room: f32) -> Vec<Vec<String>> {
        let doc = model::parse(md).unwrap();
        let mut shaper = Shaper::new();
        let geo = Geometry::for_paper(Paper::A4);
        let pages = {
            let mut layout = Layout::new(&mut shaper, geo, &doc.links);
            layout.y = geo.bottom - room * body().line_height() - 0.01;
            let width = geo.content_width();
            layout
                .blocks(&doc.blocks, geo.left, width, Structure::ROOT, false)
                .unwrap();
            layout.pages
        };
        pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|placed| match &placed.item {
                        Item::Text { run, .. } => Some(shaper.run_text(&run.words)),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    /// A paragraph of `n` lines, each one word, joined by hard breaks.
    fn paragraph(n: usize) -> String {
        (1..=n)
            .map(|i| format!("line{i}"))
            .collect::<Vec<_>>()
            .join("\\\n")
    }

    #[test]
    fn a_paragraph_leaves_no_line_alone() {
        // Room for one line: a four-line paragraph does not leave its
        // first line behind.
        assert_eq!(pages(&paragraph(4), 1.0)[0].len(), 0);
        // Room for four of five lines: the break leaves two on each side.
        let five = pages(&paragraph(5), 4.0);
        assert_eq!((five[0].len(), five[1].len()), (3, 2), "{five:?}");
        // Three lines with room for two move together.
        let three = pages(&paragraph(3), 2.0);
        assert_eq!((three[0].len(), three[1].len()), (0, 3), "{three:?}");
        // With room enough, nothing moves.
        assert_eq!(pages(&paragraph(5), 5.0)[0].len(), 5);
    }

    #[test]
    fn a_list_leaves_no_item_alone() {
        let list =
            |n: usize| -> String { (1..=n).map(|i| format!("- item{i}\n")).collect::<String>() };
        let items = |page: &Vec<String>| page.iter().filter(|t| t.starts_with("item")).count();
        // Room for one line: the first item does not stay alone.
        let first = pages(&list(5), 1.0);
        assert_eq!(items(&first[0]), 0, "{first:?}");
        // Room for four of five items: the last two stay together.
        let last = pages(&list(5), 4.0);
        assert_eq!((items(&last[0]), items(&last[1])), (3, 2), "{last:?}");
        // A label always stays with its text.
        for page in pages(&list(8), 5.0) {
            assert_eq!(page.iter().filter(|t| *t == "•").count(), items(&page));
        }
    }
}
