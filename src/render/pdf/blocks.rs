//! Lists, code blocks and block quotes: the blocks that nest or flow
//! across pages line by line (tables are in [`super::table`]; what stays
//! together at a page break is in [`super::keep`]).

use krilla::tagging::{ListNumbering, Tag};

use super::PdfError;
use super::display::{Item, Mark, Placed};
use super::fonts::FontId;
use super::keep::{items_height, keep_lines, list_keep};
use super::layout::{GAP, LIST_INDENT, Layout, body};
use super::text::{self, Run};
use super::theme;
use crate::document::{Block, ListItem};

impl Layout<'_> {
    /// How far a list `width` wide indents its items.
    fn list_indent(&self, width: f32) -> f32 {
        // Past a depth where indenting would squeeze the text, stop indenting.
        if width > self.geo.content_width() * 0.45 {
            LIST_INDENT
        } else {
            0.0
        }
    }

    /// Width of an item's text in a list `width` wide.
    pub(super) fn item_width(&self, width: f32) -> f32 {
        width - self.list_indent(width).max(14.0)
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

        let depth = ((self.geo.content_width() - width) / LIST_INDENT).round() as usize;
        let style = body();
        // Numbers wider than the indent (a list starting at 1234567890)
        // widen the gutter, so a label never runs into its text or out of
        // the text box.
        let gutter = match start {
            Some(n) => {
                let last = n.saturating_add(items.len().saturating_sub(1) as u64);
                let label = self
                    .shaper
                    .width(FontId::Regular, &format!("{last}."), style.size);
                (width - self.item_width(width)).max((label + 6.0).min(width * 0.5))
            }
            None => width - self.item_width(width),
        };
        let cw = width - gutter;
        let cx = x + gutter;
        for (i, item) in items.iter().enumerate() {
            let li = self.structure.node(list, Tag::LI);
            let lbl = self.structure.node(li, Tag::Lbl);
            let lbody = self.structure.node(li, Tag::LBody);
            // The label moves with its text, which keeps its first lines
            // together; the first items and the last two keep together
            // too, so no item is left alone.
            let mut first = match item.blocks.first() {
                Some(Block::Paragraph(inlines)) => {
                    Some(text::layout(self.shaper, inlines, style, cw))
                }
                _ => None,
            };
            let mut own = first.as_ref().map_or(1, |lines| keep_lines(lines.len())) as f32
                * style.line_height();
            // A short first paragraph with more after it is the item's
            // title ("1. **Deploy Monitoring Stack**" and its commands):
            // it keeps with the start of its body.
            if let (Some(lines), Some(body_blocks)) = (&first, item.blocks.get(1..))
                && lines.len() <= 3
                && !body_blocks.is_empty()
            {
                own = lines.len() as f32 * style.line_height()
                    + GAP
                    + self.keep_height(body_blocks, cw);
            }
            let items_kept = if i == 0 {
                list_keep(items.len())
            } else if i + 2 == items.len() {
                items_height(2)
            } else {
                0.0
            };
            self.ensure(own.max(items_kept));
            let top = self.y;
            let center = top + style.line_height() / 2.0;
            let slot = self.structure.slot(lbl);
            match (item.task, start) {
                (Some(done), _) => {
                    let s = style.size * 0.95;
                    let bx = x + 1.0;
                    let by = center - s / 2.0;
                    let fill = if done {
                        Some(theme::tone(crate::model::Tone::Good).fill)
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
                    let lx = x + gutter - 4.0 - run.width;
                    self.push(
                        Item::Text {
                            x: lx.max(x),
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
            for (j, block) in item.blocks.iter().enumerate() {
                let rest = &item.blocks[j + 1..];
                if j == 0 {
                    // The first block shares the label's line.
                    self.y = top;
                }
                match first.take() {
                    Some(lines) => {
                        // Room for its first lines is kept above.
                        self.anchored = true;
                        self.paragraph(lines, cx, cw, lbody, rest);
                    }
                    None => self.block(block, cx, cw, lbody, false, rest)?,
                }
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
        // The bar starts beside the text: keep room for what the first
        // inner block keeps together, so it cannot move on alone.
        let keep = self.keep_height(inner, width - indent);
        self.ensure(keep.max(body().line_height()));
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
