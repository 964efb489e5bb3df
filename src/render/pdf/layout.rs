//! Block layout: the document model → pages of positioned items.
//!
//! A cursor walks down the content area; blocks that do not fit move to a
//! new page (charts stay whole; long paragraphs, lists, code blocks and
//! tables flow across pages; what stays together at a break is decided in
//! [`super::keep`]). Every content
//! item gets a slot in the [`Structure`], so the tag tree mirrors the
//! reading order independently of drawing order.

use std::num::NonZeroU16;

use krilla::tagging::Tag;

use super::display::{
    HeadingRef, Item, LinkBox, LinkTarget, Mark, PageOut, Placed, Structure, pdf_text,
};
use super::fonts::{FontId, Shaper};
use super::text::{self, BADGE_GAP, Frag, Line, Run, TextStyle};
use super::theme::{self, Rgb};
use super::{Paper, PdfError};
use crate::document::wording::WORDING;
use crate::document::{Block, Inline, Link, plain_text};

/// Page geometry in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Geometry {
    /// Geometry of a paper size with the report's margins.
    pub fn for_paper(paper: Paper) -> Self {
        let (width, height) = match paper {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        };
        Geometry {
            width,
            height,
            left: 62.0,
            right: width - 62.0,
            top: 74.0,
            bottom: height - 66.0,
        }
    }

    /// Width of the text column.
    pub fn content_width(&self) -> f32 {
        self.right - self.left
    }
}

/// Horizontal alignment of a line within its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

/// How a heading of one level is set: its text style and the space above
/// and below it.
pub(super) struct HeadingMetrics {
    pub style: TextStyle,
    pub before: f32,
    pub after: f32,
}

impl HeadingMetrics {
    pub fn of(level: u8) -> HeadingMetrics {
        HeadingMetrics {
            style: TextStyle {
                size: theme::heading_size(level),
                color: if level <= 3 {
                    theme::ACCENT
                } else {
                    theme::TEXT
                },
                bold: true,
                leading: 1.3,
            },
            before: match level {
                1 => 16.0,
                2 => 14.0,
                3 => 10.0,
                _ => 6.0,
            },
            // Level 2 is underlined by a rule in that space.
            after: if level == 2 { 7.0 } else { 4.0 },
        }
    }
}

/// The layout state.
pub struct Layout<'a> {
    pub shaper: &'a mut Shaper,
    pub geo: Geometry,
    pub pages: Vec<PageOut>,
    pub y: f32,
    pub structure: Structure,
    pub headings: Vec<HeadingRef>,
    pub links: &'a [Link],
    /// The next paragraph opens a list item: its first line sits beside
    /// the label already placed (the list kept room for its first lines),
    /// so it must not move to another page.
    pub anchored: bool,
}

/// Space between blocks.
pub const GAP: f32 = 7.0;
/// Indent per list level.
pub(super) const LIST_INDENT: f32 = 16.0;

/// The style of body text.
pub(super) fn body() -> TextStyle {
    TextStyle {
        size: theme::BODY,
        color: theme::TEXT,
        bold: false,
        leading: theme::LEADING,
    }
}

impl<'a> Layout<'a> {
    /// Starts a layout with one empty page.
    pub fn new(shaper: &'a mut Shaper, geo: Geometry, links: &'a [Link]) -> Self {
        Layout {
            shaper,
            geo,
            pages: vec![PageOut::default()],
            y: geo.top,
            structure: Structure::new(),
            headings: Vec::new(),
            links,
            anchored: false,
        }
    }

    /// Index of the current page.
    pub fn page(&self) -> usize {
        self.pages.len() - 1
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(PageOut::default());
        self.y = self.geo.top;
    }

    /// Moves to a new page unless `h` more points fit (an empty page always
    /// accepts, so oversized content cannot loop).
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.geo.bottom && self.y > self.geo.top + 0.5 {
            self.new_page();
        }
    }

    /// Marks every page DRAFT, above the running header, in the red of
    /// bad news: a draft must not pass for a signed document.
    pub fn mark_drafts(&mut self) {
        let word = crate::model::DocumentStatus::Draft.word();
        let run = self.plain_run(
            word,
            FontId::Bold,
            10.0,
            theme::tone(crate::model::Tone::Bad).fill,
        );
        let x = self.geo.left + (self.geo.content_width() - run.width) / 2.0;
        let y = self.geo.top - 48.0;
        for page in &mut self.pages {
            page.items.push(Placed {
                item: Item::Text {
                    x,
                    y,
                    run: run.clone(),
                },
                mark: Mark::Artifact,
            });
        }
    }

    /// Adds an item to the current page.
    pub fn push(&mut self, item: Item, mark: Mark) {
        let page = self.pages.len() - 1;
        self.pages[page].items.push(Placed { item, mark });
    }

    /// Adds a decorative item.
    /// A thin horizontal rule (thematic breaks, the H2 underline).
    fn rule(&mut self, x: f32, width: f32, y: f32) {
        self.deco(Item::Line {
            x1: x,
            y1: y,
            x2: x + width,
            y2: y,
            color: theme::RULE,
            width: 0.8,
            dashed: false,
        });
    }

    pub fn deco(&mut self, item: Item) {
        self.push(item, Mark::Artifact);
    }

    /// Lays out the blocks of the body.
    pub fn blocks(
        &mut self,
        blocks: &[Block],
        x: f32,
        width: f32,
        parent: usize,
        top_level: bool,
    ) -> Result<(), PdfError> {
        for (i, block) in blocks.iter().enumerate() {
            self.block(block, x, width, parent, top_level, &blocks[i + 1..])?;
        }
        Ok(())
    }

    /// Lays out one block; `rest` are the blocks after it at the same
    /// level (what a heading or a lead-in keeps with).
    pub(super) fn block(
        &mut self,
        block: &Block,
        x: f32,
        width: f32,
        parent: usize,
        top_level: bool,
        rest: &[Block],
    ) -> Result<(), PdfError> {
        match block {
            Block::Heading { level, id, inlines } => {
                self.heading(*level, id, inlines, x, width, parent, top_level, rest)
            }
            Block::Paragraph(inlines) => {
                let lines = text::layout(self.shaper, inlines, body(), width);
                self.paragraph(lines, x, width, parent, rest);
            }
            Block::List { start, items } => {
                self.list(*start, items, x, width, parent)?;
                self.y += GAP * 0.5;
            }
            Block::Code(code) => {
                self.code(code, x, width, parent);
                self.y += GAP;
            }
            Block::Quote(inner) => self.quote(inner, x, width, parent)?,
            // A rule right before a heading would double the heading's
            // own spacing (and the H2 underline); the heading separates.
            Block::Rule if matches!(rest.first(), Some(Block::Heading { .. }) | None) => {}
            Block::Rule => {
                self.ensure(12.0);
                self.rule(x, width, self.y + 5.0);
                self.y += 10.0 + GAP * 0.5;
            }
            Block::Table { aligns, head, rows } => {
                self.table(aligns, head, rows, x, width, parent);
                self.y += GAP * 1.5;
            }
            Block::Figure(figure) => {
                self.chart(figure, x, width, parent)?;
                self.y += GAP;
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn heading(
        &mut self,
        level: u8,
        id: &str,
        inlines: &[Inline],
        x: f32,
        width: f32,
        parent: usize,
        top_level: bool,
        rest: &[Block],
    ) {
        let m = HeadingMetrics::of(level);
        let lines = text::layout(self.shaper, inlines, m.style, width);
        let h = lines.len() as f32 * m.style.line_height();
        // Keep with next: the heading, and what follows it needs to keep
        // (a heading under it with its own text, a list's first items...).
        let follow = self.keep_height(rest, width);
        if self.y > self.geo.top + 0.5 {
            self.y += m.before;
        }
        self.ensure(h + m.after + follow + 6.0);
        let text = plain_text(inlines);
        let tag = Tag::Hn(
            NonZeroU16::new(level.clamp(1, 6) as u16).expect("non-zero"),
            Some(pdf_text(&text)),
        );
        let node = self.structure.node(parent, tag);
        if top_level {
            self.headings.push(HeadingRef {
                level,
                id: id.to_owned(),
                text,
                page: self.page(),
                y: self.y,
            });
        }
        self.lines(&lines, x, width, m.style, HAlign::Left, node);
        if level == 2 {
            self.rule(x, width, self.y + 2.0);
        }
        self.y += m.after;
    }

    /// Places lines, breaking pages between them; returns the y of the
    /// last line's top.
    pub fn lines(
        &mut self,
        lines: &[Line],
        x: f32,
        width: f32,
        style: TextStyle,
        align: HAlign,
        node: usize,
    ) {
        let lh = style.line_height();
        for line in lines {
            self.ensure(lh);
            let dx = match align {
                HAlign::Left => 0.0,
                HAlign::Center => ((width - line.width) / 2.0).max(0.0),
                HAlign::Right => (width - line.width).max(0.0),
            };
            let y = self.y;
            self.line(line, x + dx, y, style, node);
            self.y += lh;
        }
    }

    /// Places one line with its top at `y`.
    pub fn line(&mut self, line: &Line, x: f32, y: f32, style: TextStyle, node: usize) {
        let lh = style.line_height();
        let center = y + lh / 2.0;
        let baseline = center + 0.35 * style.size;
        // One content slot for consecutive plain runs and badges of a line:
        // fewer marked sections keeps big reports fast and small. A link
        // closes the slot so the reading order stays text, link, text.
        let mut shared: Option<usize> = None;
        for frag in &line.frags {
            match frag {
                Frag::Text { dx, run } => {
                    self.run(run, x + dx, baseline, center, node, &mut shared)
                }
                Frag::Badge {
                    dx,
                    width,
                    tone,
                    icon,
                    run,
                } => {
                    let colors = theme::tone(*tone);
                    let h = run.size * 1.55;
                    let slot = *shared.get_or_insert_with(|| self.structure.slot(node));
                    self.push(
                        Item::Rect {
                            x: x + dx,
                            y: center - h / 2.0,
                            w: *width,
                            h,
                            fill: Some(colors.fill),
                            stroke: None,
                            radius: 2.5,
                        },
                        Mark::Slot(slot),
                    );
                    // The glyph repeats the word's meaning in shape: an
                    // artifact, so the text (and a screen reader) has the
                    // word once.
                    let ix = x + dx + (width - icon.width - BADGE_GAP - run.width) / 2.0;
                    let baseline = center + 0.35 * run.size;
                    self.push(
                        Item::Text {
                            x: ix,
                            y: baseline,
                            run: icon.clone(),
                        },
                        Mark::Artifact,
                    );
                    self.push(
                        Item::Text {
                            x: ix + icon.width + BADGE_GAP,
                            y: baseline,
                            run: run.clone(),
                        },
                        Mark::Slot(slot),
                    );
                }
                Frag::Dot { dx, tone } => {
                    let r = style.size * 0.3;
                    self.deco(Item::Circle {
                        cx: x + dx + style.size * 0.4,
                        cy: center,
                        r,
                        fill: theme::tone(*tone).fill,
                    });
                }
            }
        }
    }

    fn run(
        &mut self,
        run: &Run,
        x: f32,
        baseline: f32,
        center: f32,
        node: usize,
        shared: &mut Option<usize>,
    ) {
        if run.code {
            let h = run.size * 1.45;
            self.deco(Item::Rect {
                x: x - 1.5,
                y: center - h / 2.0,
                w: run.width + 3.0,
                h,
                fill: Some(theme::CODE_BG),
                stroke: None,
                radius: 1.5,
            });
        }
        let (parent, link) = match run.link {
            Some(i) => {
                let link = self.links.get(i).cloned();
                (self.structure.node(node, Tag::Link), link)
            }
            None => (node, None),
        };
        let slot = match link {
            Some(_) => {
                *shared = None;
                self.structure.slot(parent)
            }
            None => *shared.get_or_insert_with(|| self.structure.slot(node)),
        };
        self.push(
            Item::Text {
                x,
                y: baseline,
                run: run.clone(),
            },
            Mark::Slot(slot),
        );
        if run.strike {
            let y = center;
            self.deco(Item::Line {
                x1: x,
                y1: y,
                x2: x + run.width,
                y2: y,
                color: run.color,
                width: 0.6,
                dashed: false,
            });
        }
        if let Some(link) = link {
            // Anchors are resolved to headings after layout.
            let (target, alt) = match link {
                Link::External(url) => (
                    LinkTarget::Url(url.clone()),
                    pdf_text(&format!("{} {url}", WORDING.link_to)),
                ),
                Link::Anchor(id) => (
                    LinkTarget::Anchor(id.clone()),
                    pdf_text(&format!("{} {id}", WORDING.go_to_section)),
                ),
            };
            let slot = self.structure.slot(parent);
            let page = self.page();
            self.pages[page].links.push(LinkBox {
                x,
                y: center - run.size * 0.7,
                w: run.width,
                h: run.size * 1.4,
                target,
                slot,
                alt,
            });
        }
    }

    /// A single-run line of unstyled text.
    pub fn plain_run(&mut self, text: &str, font: FontId, size: f32, color: Rgb) -> Run {
        let line = text::layout(
            self.shaper,
            &[Inline::Text(
                text.to_string(),
                crate::document::Style {
                    bold: font == FontId::Bold,
                    italic: font == FontId::Italic,
                    ..Default::default()
                },
            )],
            TextStyle {
                size,
                color,
                bold: font == FontId::Bold,
                leading: 1.2,
            },
            f32::MAX / 4.0,
        );
        line.into_iter()
            .flat_map(|l| l.frags)
            .find_map(|f| match f {
                Frag::Text { run, .. } => Some(run),
                _ => None,
            })
            .unwrap_or(Run::new(font, size, color))
    }
}

/// Resolves anchors to heading indices once all headings are placed.
pub fn resolve_anchors(pages: &mut [PageOut], headings: &[HeadingRef]) {
    let by_id: std::collections::HashMap<&str, usize> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| (h.id.as_str(), i))
        .collect();
    for page in pages {
        for link in &mut page.links {
            if let LinkTarget::Anchor(id) = &link.target
                && let Some(&i) = by_id.get(id.as_str())
            {
                link.target = LinkTarget::Heading(i);
            }
        }
    }
}
