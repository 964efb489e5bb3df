//! Markdown → a small block tree the layout understands.
//!
//! pulldown-cmark's event stream is folded into [`Block`]s with styled
//! [`Inline`]s. Three contract conventions are resolved here, once: chart
//! comments become [`Block::Chart`], a tone marker followed by bold text
//! becomes [`Inline::Badge`], and every other piece of raw HTML is kept as
//! literal text (comments are dropped), never interpreted.

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

use super::PdfError;
use crate::render::charts::{self, Chart, Tone};

/// Containers nested deeper than this are flattened into their parent, so a
/// hostile 10,000-level list cannot exhaust the stack in the recursive
/// layout (and could not be indented visibly anyway).
const MAX_DEPTH: usize = 40;

/// Inline text style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub strike: bool,
    /// Index into [`Doc::links`].
    pub link: Option<usize>,
}

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Styled text (may contain spaces; the line breaker splits it).
    Text(String, Style),
    /// A status badge: tone colour and its word.
    Badge(Tone, String),
    /// A tone marker without a bold word after it: drawn as a coloured dot.
    Dot(Tone),
    /// A forced line break.
    Break,
}

/// Column alignment of a table.
pub type Align = Alignment;

/// One list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(done)` for task-list items.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        inlines: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    Code(String),
    Quote(Vec<Block>),
    Rule,
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Chart(Box<Chart>),
}

/// The parsed document.
#[derive(Debug, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    /// Link destinations referenced by [`Style::link`].
    pub links: Vec<String>,
}

/// Concatenated plain text of inlines (headings for TOC, outline, tags).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t, _) => out.push_str(t),
            Inline::Badge(_, t) => out.push_str(t),
            Inline::Dot(_) => {}
            Inline::Break => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

enum Kind {
    Root,
    Quote,
    List(Option<u64>),
    Item(Option<bool>),
    Para,
    Heading(u8),
    Code,
    Html,
    Table(Vec<Align>),
    Row,
    Cell,
    /// A container beyond [`MAX_DEPTH`]: its children go to the parent.
    Flat,
}

struct Frame {
    kind: Kind,
    blocks: Vec<Block>,
    items: Vec<ListItem>,
    inlines: Vec<Inline>,
    text: String,
    head: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    cells: Vec<Vec<Inline>>,
    in_head: bool,
}

impl Frame {
    fn new(kind: Kind) -> Self {
        Frame {
            kind,
            blocks: Vec::new(),
            items: Vec::new(),
            inlines: Vec::new(),
            text: String::new(),
            head: Vec::new(),
            rows: Vec::new(),
            cells: Vec::new(),
            in_head: false,
        }
    }
}

struct Builder {
    stack: Vec<Frame>,
    links: Vec<String>,
    style: Style,
    bold: u32,
    italic: u32,
    strike: u32,
    /// A tone marker seen at the end of the previous text event.
    pending: Option<Tone>,
    /// Collecting the bold word of a badge.
    badge: Option<(Tone, String)>,
    /// Inside an image: its alt text is shown.
    image: u32,
}

/// Parses the Markdown of a report.
pub fn parse(markdown: &str) -> Result<Doc, PdfError> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut b = Builder {
        stack: vec![Frame::new(Kind::Root)],
        links: Vec::new(),
        style: Style::default(),
        bold: 0,
        italic: 0,
        strike: 0,
        pending: None,
        badge: None,
        image: 0,
    };
    for event in Parser::new_ext(markdown, options) {
        b.event(event)?;
    }
    b.flush_pending();
    // Unclosed frames cannot happen with pulldown-cmark, but fold defensively.
    while b.stack.len() > 1 {
        b.end()?;
    }
    let root = b.stack.pop().expect("root frame");
    Ok(Doc {
        blocks: root.blocks,
        links: b.links,
    })
}

impl Builder {
    fn top(&mut self) -> &mut Frame {
        self.stack.last_mut().expect("root frame")
    }

    fn open(&mut self, kind: Kind) {
        let nests = matches!(kind, Kind::Quote | Kind::List(_) | Kind::Item(_));
        if nests && self.stack.len() > MAX_DEPTH {
            self.stack.push(Frame::new(Kind::Flat));
        } else {
            self.stack.push(Frame::new(kind));
        }
    }

    fn event(&mut self, event: Event<'_>) -> Result<(), PdfError> {
        if let Some((_, word)) = &mut self.badge {
            match event {
                Event::Text(t) | Event::Code(t) => {
                    word.push_str(&t);
                    return Ok(());
                }
                Event::End(TagEnd::Strong) => {
                    let (tone, word) = self.badge.take().expect("badge");
                    self.push_inline(Inline::Badge(tone, word.trim().to_string()));
                    return Ok(());
                }
                _ => {
                    // Anything richer inside the bold: give up on the badge
                    // and keep the word as ordinary bold text.
                    let (tone, word) = self.badge.take().expect("badge");
                    self.push_inline(Inline::Dot(tone));
                    self.bold += 1;
                    self.sync_style();
                    self.push_text(&word);
                }
            }
        }
        if let Some(tone) = self.pending.take() {
            if matches!(event, Event::Start(Tag::Strong)) {
                self.badge = Some((tone, String::new()));
                return Ok(());
            }
            self.push_inline(Inline::Dot(tone));
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(TagEnd::Strong) => {
                self.bold = self.bold.saturating_sub(1);
                self.sync_style();
            }
            Event::End(TagEnd::Emphasis) => {
                self.italic = self.italic.saturating_sub(1);
                self.sync_style();
            }
            Event::End(TagEnd::Strikethrough) => {
                self.strike = self.strike.saturating_sub(1);
                self.sync_style();
            }
            Event::End(TagEnd::Link) => {
                self.style.link = None;
            }
            Event::End(TagEnd::Image) => {
                self.image = self.image.saturating_sub(1);
                self.push_text("]");
            }
            Event::End(TagEnd::TableHead) => {
                let frame = self.top();
                frame.head = std::mem::take(&mut frame.cells);
                frame.in_head = false;
            }
            Event::End(_) => self.end()?,
            Event::Text(t) => {
                if matches!(self.top().kind, Kind::Code | Kind::Html) {
                    self.top().text.push_str(&t);
                } else {
                    self.text_with_markers(&t);
                }
            }
            Event::Code(t) => {
                let style = Style {
                    code: true,
                    ..self.style
                };
                self.push_inline(Inline::Text(t.to_string(), style));
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if matches!(self.top().kind, Kind::Html) {
                    self.top().text.push_str(&t);
                } else {
                    self.inline_html(&t)?;
                }
            }
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_inline(Inline::Break),
            Event::Rule => self.push_block(Block::Rule),
            Event::TaskListMarker(done) => {
                if let Some(frame) = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f.kind, Kind::Item(_)))
                {
                    frame.kind = Kind::Item(Some(done));
                }
            }
            Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t)
            }
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open(Kind::Para),
            Tag::Heading { level, .. } => self.open(Kind::Heading(level as u8)),
            Tag::BlockQuote(_) => self.open(Kind::Quote),
            Tag::CodeBlock(_) => self.open(Kind::Code),
            Tag::HtmlBlock => self.open(Kind::Html),
            Tag::List(start) => self.open(Kind::List(start)),
            Tag::Item => self.open(Kind::Item(None)),
            Tag::Table(aligns) => self.open(Kind::Table(aligns)),
            Tag::TableHead => self.top().in_head = true,
            Tag::TableRow => self.open(Kind::Row),
            Tag::TableCell => self.open(Kind::Cell),
            Tag::Emphasis => {
                self.italic += 1;
                self.sync_style();
            }
            Tag::Strong => {
                self.bold += 1;
                self.sync_style();
            }
            Tag::Strikethrough => {
                self.strike += 1;
                self.sync_style();
            }
            Tag::Link { dest_url, .. } => {
                self.links.push(dest_url.to_string());
                self.style.link = Some(self.links.len() - 1);
            }
            Tag::Image { .. } => {
                self.image += 1;
                self.push_text("[image: ");
            }
            // Not enabled in the parser options; nothing to do.
            _ => {}
        }
    }

    fn sync_style(&mut self) {
        self.style.bold = self.bold > 0;
        self.style.italic = self.italic > 0;
        self.style.strike = self.strike > 0;
    }

    fn end(&mut self) -> Result<(), PdfError> {
        if self.stack.len() == 1 {
            return Ok(());
        }
        self.flush_pending();
        let frame = self.stack.pop().expect("frame");
        match frame.kind {
            Kind::Root => {}
            Kind::Para => self.push_block(Block::Paragraph(frame.inlines)),
            Kind::Heading(level) => self.push_block(Block::Heading {
                level,
                inlines: frame.inlines,
            }),
            Kind::Quote => self.push_block(Block::Quote(frame.blocks)),
            Kind::Code => self.push_block(Block::Code(frame.text)),
            Kind::Html => self.html_block(&frame.text)?,
            Kind::List(start) => self.push_block(Block::List {
                start,
                items: frame.items,
            }),
            Kind::Item(task) => {
                let mut blocks = frame.blocks;
                if !frame.inlines.is_empty() {
                    blocks.push(Block::Paragraph(frame.inlines));
                }
                let item = ListItem { task, blocks };
                match self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f.kind, Kind::List(_) | Kind::Root))
                {
                    Some(f) if matches!(f.kind, Kind::List(_)) => f.items.push(item),
                    _ => self.push_blocks(item.blocks),
                }
            }
            Kind::Table(aligns) => self.push_block(Block::Table {
                aligns,
                head: frame.head,
                rows: frame.rows,
            }),
            Kind::Row => {
                let top = self.top();
                if top.in_head {
                    top.cells = frame.cells;
                } else {
                    top.rows.push(frame.cells);
                }
            }
            Kind::Cell => {
                let top = self.top();
                if top.in_head && !matches!(top.kind, Kind::Row) {
                    // GFM head cells arrive directly inside the head.
                    top.cells.push(frame.inlines);
                } else {
                    top.cells.push(frame.inlines);
                }
            }
            Kind::Flat => {
                let mut blocks = frame.blocks;
                if !frame.inlines.is_empty() {
                    blocks.push(Block::Paragraph(frame.inlines));
                }
                for item in frame.items {
                    blocks.extend(item.blocks);
                }
                self.push_blocks(blocks);
            }
        }
        Ok(())
    }

    fn push_blocks(&mut self, blocks: Vec<Block>) {
        for block in blocks {
            self.push_block(block);
        }
    }

    fn push_block(&mut self, block: Block) {
        let top = self.top();
        if !top.inlines.is_empty() && matches!(top.kind, Kind::Item(_) | Kind::Flat) {
            // A tight list item's text followed by a nested block.
            let inlines = std::mem::take(&mut top.inlines);
            top.blocks.push(Block::Paragraph(inlines));
        }
        match top.kind {
            Kind::Para | Kind::Heading(_) | Kind::Cell => {
                // Blocks cannot live inside inline containers; keep the text.
                if let Block::Paragraph(inl) = block {
                    top.inlines.extend(inl);
                }
            }
            _ => top.blocks.push(block),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        self.top().inlines.push(inline);
    }

    fn push_text(&mut self, text: &str) {
        let style = if self.image > 0 {
            Style {
                italic: true,
                ..self.style
            }
        } else {
            self.style
        };
        if let Some(Inline::Text(prev, s)) = self.top().inlines.last_mut()
            && *s == style
        {
            prev.push_str(text);
            return;
        }
        self.push_inline(Inline::Text(text.to_string(), style));
    }

    fn flush_pending(&mut self) {
        if let Some(tone) = self.pending.take() {
            self.push_inline(Inline::Dot(tone));
        }
        if let Some((tone, word)) = self.badge.take() {
            self.push_inline(Inline::Badge(tone, word));
        }
    }

    /// Splits text at tone markers. A marker at the very end may start a
    /// badge if bold text follows; others become dots.
    fn text_with_markers(&mut self, text: &str) {
        let mut rest = text;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| marker_tone(*c).is_some()) {
            let tone = marker_tone(c).expect("marker");
            if at > 0 {
                self.push_text(&rest[..at]);
            }
            let after = rest[at + c.len_utf8()..].trim_start_matches('\u{FE0F}');
            if after.trim().is_empty() {
                self.pending = Some(tone);
                return;
            }
            self.push_inline(Inline::Dot(tone));
            rest = after;
        }
        if !rest.is_empty() {
            self.push_text(rest);
        }
    }

    fn inline_html(&mut self, html: &str) -> Result<(), PdfError> {
        match charts::parse_chart_comment(html) {
            // A chart needs a block of its own; inline it is only text.
            Some(Err(e)) => return Err(PdfError::Chart(e.to_string())),
            Some(Ok(_)) => {}
            None if html.trim_start().starts_with("<!--") => {}
            None => self.push_text(html),
        }
        Ok(())
    }

    fn html_block(&mut self, html: &str) -> Result<(), PdfError> {
        match charts::parse_chart_comment(html) {
            Some(Ok(chart)) => self.push_block(Block::Chart(Box::new(chart))),
            Some(Err(e)) => return Err(PdfError::Chart(e.to_string())),
            None if is_only_comments(html) => {}
            None => {
                // Shown verbatim so the reader sees exactly what was written.
                self.push_block(Block::Code(html.to_string()));
            }
        }
        Ok(())
    }
}

fn is_only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(body) = rest.strip_prefix("<!--") {
        match body.find("-->") {
            Some(end) => rest = body[end + 3..].trim_start(),
            None => return false,
        }
    }
    rest.is_empty()
}

fn marker_tone(c: char) -> Option<Tone> {
    let mut buf = [0u8; 4];
    Tone::from_marker(c.encode_utf8(&mut buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(md: &str) -> Vec<Block> {
        parse(md).unwrap().blocks
    }

    #[test]
    fn badges_from_markers_followed_by_bold() {
        let b = blocks("**Status**: 🟢 **GREEN** - ok\n\n- ⚠️ **WebGL Testing**: mocking");
        let Block::Paragraph(inl) = &b[0] else {
            panic!()
        };
        assert!(inl.contains(&Inline::Badge(Tone::Good, "GREEN".into())));
        let Block::List { items, .. } = &b[1] else {
            panic!()
        };
        let Block::Paragraph(inl) = &items[0].blocks[0] else {
            panic!()
        };
        assert_eq!(inl[0], Inline::Badge(Tone::Warn, "WebGL Testing".into()));
    }

    #[test]
    fn lone_marker_is_a_dot_and_raw_html_is_literal() {
        let b = blocks("✅ done <b>x</b>\n\n<script>alert(1)</script>\n\n<!-- note -->\n");
        let Block::Paragraph(inl) = &b[0] else {
            panic!()
        };
        assert_eq!(inl[0], Inline::Dot(Tone::Good));
        assert!(plain_text(inl).contains("<b>x</b>"));
        assert_eq!(b[1], Block::Code("<script>alert(1)</script>\n".into()));
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn tasks_tables_and_nesting() {
        let b = blocks("- [x] a\n- [ ] b\n  1. c\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n");
        let Block::List { items, .. } = &b[0] else {
            panic!()
        };
        assert_eq!(items[0].task, Some(true));
        assert_eq!(items[1].task, Some(false));
        assert!(matches!(
            items[1].blocks[1],
            Block::List { start: Some(1), .. }
        ));
        let Block::Table { head, rows, .. } = &b[1] else {
            panic!()
        };
        assert_eq!(head.len(), 2);
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let md: String = (0..300)
            .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
            .collect();
        let _ = blocks(&md);
        let quotes = ">".repeat(5000) + " deep";
        assert!(!blocks(&quotes).is_empty());
    }

    #[test]
    fn malformed_chart_is_an_error() {
        assert!(matches!(
            parse("<!-- readiness:timeline {oops -->\n"),
            Err(PdfError::Chart(_))
        ));
    }
}
