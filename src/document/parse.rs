//! Markdown → the document's blocks, every convention resolved once.
//!
//! pulldown-cmark's event stream is folded into [`Block`]s with styled
//! [`Inline`]s. Directive markers (see [`super::directive`]) become badges,
//! markers, figures, the title, the subtitle and the opening facts; raw
//! HTML, comments included, is kept as literal text (a block of it as
//! preformatted text), never interpreted (`<br>` alone is a line break); links
//! follow [`Link::from_destination`]; every heading gets its unique id.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, TextMergeStream};

use super::directive::{Annotated, ChartKind, Directive, Piece};
use super::slug::Slugger;
use super::{Block, Chart, ContentsEntry, Fact, Figure, Inline, Link, ListItem, Style, plain_text};

/// Containers nested deeper than this are flattened into their parent, so a
/// hostile 10,000-level list cannot exhaust the stack of a renderer's
/// recursive layout (and could not be indented visibly anyway).
const MAX_DEPTH: usize = 40;

/// More level-3-or-higher headings than this and the contents keep only
/// levels 1 and 2.
const CONTENTS_LIMIT: usize = 80;

/// What the parser makes of the annotated Markdown.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub facts: Vec<Fact>,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub contents: Vec<ContentsEntry>,
}

impl Parsed {
    /// Links to an id no heading of the body has (a heading nested in a
    /// list, a page element, a typo) keep their text and lose their target,
    /// in every format alike: the PDF can only go to the body's headings.
    fn drop_dead_anchors(&mut self, ids: &std::collections::HashSet<&str>) {
        let dead: Vec<bool> = self
            .links
            .iter()
            .map(|l| matches!(l, Link::Anchor(id) if !ids.contains(id.as_str())))
            .collect();
        if !dead.contains(&true) {
            return;
        }
        fn walk(blocks: &mut [Block], dead: &[bool]) {
            let fix = |inlines: &mut [Inline]| {
                for inline in inlines {
                    if let Inline::Text(_, style) = inline
                        && style.link.is_some_and(|i| dead[i])
                    {
                        style.link = None;
                    }
                }
            };
            for block in blocks {
                match block {
                    Block::Heading { inlines, .. } | Block::Paragraph(inlines) => fix(inlines),
                    Block::List { items, .. } => {
                        for item in items {
                            walk(&mut item.blocks, dead);
                        }
                    }
                    Block::Quote(inner) => walk(inner, dead),
                    Block::Table { head, rows, .. } => {
                        for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                            fix(cell);
                        }
                    }
                    Block::Code(_) | Block::Rule | Block::Figure(_) => {}
                }
            }
        }
        walk(&mut self.blocks, &dead);
    }
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
    Table(Vec<super::Align>),
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
    /// Title, subtitle and fact directives met in `inlines`, with the
    /// index of the text standing in for each.
    front: Vec<(usize, Directive)>,
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
            front: Vec::new(),
            text: String::new(),
            head: Vec::new(),
            rows: Vec::new(),
            cells: Vec::new(),
            in_head: false,
        }
    }
}

struct Builder<'a, F> {
    annotated: &'a Annotated,
    chart: F,
    stack: Vec<Frame>,
    out: Parsed,
    style: Style,
    bold: u32,
    italic: u32,
    strike: u32,
    /// Inside an image: its alt text is shown.
    image: u32,
    /// Charts met inside a leaf block, placed right after it.
    figures: Vec<Chart>,
    figure_count: usize,
    slugger: Slugger,
    headings: Vec<(u8, String, String)>,
    /// Whether the body has started: front matter is only recognised
    /// before it.
    body_started: bool,
    /// Whether front matter was taken (the rule right after it goes too).
    front_taken: bool,
}

/// Parses the annotated Markdown of a report; `chart` gives each chart
/// directive its data.
pub(super) fn parse(annotated: &Annotated, chart: impl FnMut(ChartKind) -> Chart) -> Parsed {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut b = Builder {
        annotated,
        chart,
        stack: vec![Frame::new(Kind::Root)],
        out: Parsed::default(),
        style: Style::default(),
        bold: 0,
        italic: 0,
        strike: 0,
        image: 0,
        figures: Vec::new(),
        figure_count: 0,
        slugger: Slugger::default(),
        headings: Vec::new(),
        body_started: false,
        front_taken: false,
    };
    // No control character from the input reaches a renderer.
    let text = super::escape::visible(annotated.text());
    for event in TextMergeStream::new(Parser::new_ext(&text, options)) {
        b.event(event);
    }
    // Unclosed frames cannot happen with pulldown-cmark, but fold defensively.
    while b.stack.len() > 1 {
        b.end();
    }
    let root = b.stack.pop().expect("root frame");
    b.out.blocks = root.blocks;
    b.out.contents = contents(&b.headings);
    let ids = b.headings.iter().map(|h| h.1.as_str()).collect();
    b.out.drop_dead_anchors(&ids);
    b.out
}

/// The contents: levels 1 to 3, or 1 and 2 when there are too many.
fn contents(headings: &[(u8, String, String)]) -> Vec<ContentsEntry> {
    let max_level = if headings.iter().filter(|h| h.0 <= 3).count() > CONTENTS_LIMIT {
        2
    } else {
        3
    };
    headings
        .iter()
        .enumerate()
        .filter(|(_, h)| h.0 <= max_level)
        .map(|(heading, (level, id, text))| ContentsEntry {
            heading,
            level: *level,
            id: id.clone(),
            text: text.clone(),
        })
        .collect()
}

impl<F: FnMut(ChartKind) -> Chart> Builder<'_, F> {
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

    fn event(&mut self, event: Event<'_>) {
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
            Event::End(_) => self.end(),
            Event::Text(t) => {
                if matches!(self.top().kind, Kind::Code | Kind::Html) {
                    let text = self.literal(&t);
                    self.top().text.push_str(&text);
                } else {
                    self.text_with_directives(&t);
                }
            }
            Event::Code(t) => {
                let style = Style {
                    code: true,
                    ..self.style
                };
                let text = self.literal(&t);
                self.push_inline(Inline::Text(text, style));
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if matches!(self.top().kind, Kind::Html) {
                    let text = self.literal(&t);
                    self.top().text.push_str(&text);
                } else if is_line_break(&t) {
                    self.push_inline(Inline::Break);
                } else {
                    let text = self.literal(&t);
                    self.push_text(&text);
                }
            }
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_inline(Inline::Break),
            Event::Rule => {
                // The rule that closes the front matter goes with it: the
                // title block has its own.
                let closes_front = self.front_taken && !self.body_started;
                self.body_started = true;
                if !closes_front {
                    self.push_block(Block::Rule);
                }
            }
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
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                // `<ops@example.com>` arrives without its scheme.
                let dest_url = if link_type == pulldown_cmark::LinkType::Email {
                    format!("mailto:{dest_url}").into()
                } else {
                    dest_url
                };
                // A directive's marker in a destination would put its
                // nonce in a URL: no link.
                let marked = !self
                    .annotated
                    .pieces(&dest_url)
                    .iter()
                    .all(|p| matches!(p, Piece::Text(_)));
                self.style.link = (!marked)
                    .then(|| Link::from_destination(&dest_url))
                    .flatten()
                    .map(|link| {
                        self.out.links.push(link);
                        self.out.links.len() - 1
                    });
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

    fn end(&mut self) {
        if self.stack.len() == 1 {
            return;
        }
        let frame = self.stack.pop().expect("frame");
        match frame.kind {
            Kind::Root => {}
            Kind::Para => {
                // A paragraph that held only a chart is the chart: an empty
                // paragraph before it would keep nothing with a heading
                // above, and show as an empty line.
                let blank = frame.inlines.iter().all(|i| match i {
                    Inline::Text(t, _) => t.trim().is_empty(),
                    Inline::Break => true,
                    Inline::Badge(..) | Inline::Marker(_) => false,
                });
                let chart_only = blank && !self.figures.is_empty();
                if !self.take_front(&frame) && !chart_only {
                    self.push_block(Block::Paragraph(frame.inlines));
                }
            }
            Kind::Heading(level) => {
                if !self.take_front(&frame) {
                    self.heading(level, frame.inlines);
                }
            }
            Kind::Quote => self.push_block(Block::Quote(frame.blocks)),
            Kind::Code => self.push_block(Block::Code(frame.text)),
            // Shown verbatim, comments too, so the reader sees exactly what
            // was written (the templates write no raw HTML: their
            // directives are never comments).
            Kind::Html => self.push_block(Block::Code(frame.text)),
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
            Kind::Cell => self.top().cells.push(frame.inlines),
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
        self.place_figures();
    }

    fn heading(&mut self, level: u8, inlines: Vec<Inline>) {
        let text = plain_text(&inlines);
        let id = self.slugger.slug(&text);
        // Only the body's own headings are listed (and drawn in the PDF's
        // outline); one inside a list or quote still gets its id.
        if self.stack.len() == 1 {
            self.headings.push((level, id.clone(), text));
        }
        self.push_block(Block::Heading { level, id, inlines });
    }

    /// A paragraph or heading made only of title, subtitle and fact
    /// directives (and line breaks), before the body starts, is the front
    /// matter: it leaves the body for the document's title and facts.
    fn take_front(&mut self, frame: &Frame) -> bool {
        if frame.front.is_empty() || self.body_started || self.stack.len() > 1 {
            return false;
        }
        let only_front = frame.inlines.iter().enumerate().all(|(i, inline)| {
            frame.front.iter().any(|(at, _)| *at == i)
                || match inline {
                    Inline::Text(t, _) => t.trim().is_empty(),
                    Inline::Break => true,
                    Inline::Badge(..) | Inline::Marker(_) => false,
                }
        });
        if !only_front {
            return false;
        }
        self.front_taken = true;
        for (_, directive) in &frame.front {
            match directive {
                Directive::Title(t) => self.out.title = Some(t.clone()),
                Directive::Subtitle(t) => self.out.subtitle = Some(t.clone()),
                Directive::Fact(f) => self.out.facts.push(f.clone()),
                _ => {}
            }
        }
        true
    }

    /// Charts met inside the block just closed go right after it, in the
    /// nearest container that holds blocks.
    fn place_figures(&mut self) {
        if self.figures.is_empty()
            || self.stack.last().is_some_and(|f| {
                matches!(
                    f.kind,
                    Kind::Para | Kind::Heading(_) | Kind::Cell | Kind::Row | Kind::Table(_)
                )
            })
        {
            return;
        }
        for chart in std::mem::take(&mut self.figures) {
            self.figure_count += 1;
            let figure = Figure {
                number: self.figure_count,
                chart,
            };
            self.push_block(Block::Figure(Box::new(figure)));
        }
    }

    fn push_blocks(&mut self, blocks: Vec<Block>) {
        for block in blocks {
            self.push_block(block);
        }
    }

    fn push_block(&mut self, block: Block) {
        if self.stack.len() == 1 {
            self.body_started = true;
        }
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
        let top = self.top();
        // Text after a front-matter stand-in stays apart from it.
        let after_front = top
            .front
            .last()
            .is_some_and(|(at, _)| at + 1 == top.inlines.len());
        if let Some(Inline::Text(prev, s)) = top.inlines.last_mut()
            && *s == style
            && !after_front
        {
            prev.push_str(text);
            return;
        }
        self.push_inline(Inline::Text(text.to_string(), style));
    }

    /// Text where directives are only text: code and raw HTML show what
    /// report.md shows.
    fn literal(&self, text: &str) -> String {
        self.annotated
            .pieces(text)
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(t) => t.to_owned(),
                Piece::Directive(d) => self.annotated.markdown_of(d).to_owned(),
            })
            .collect()
    }

    /// Splits text at directive markers and resolves each.
    fn text_with_directives(&mut self, text: &str) {
        for piece in self.annotated.pieces(text) {
            match piece {
                Piece::Text(t) => self.push_text(t),
                Piece::Directive(Directive::Badge(tone, word)) => {
                    self.push_inline(Inline::Badge(*tone, word.clone()))
                }
                Piece::Directive(Directive::Marker(tone)) => {
                    self.push_inline(Inline::Marker(*tone))
                }
                Piece::Directive(Directive::Chart(kind)) => {
                    let chart = (self.chart)(*kind);
                    self.figures.push(chart);
                }
                Piece::Directive(d) => {
                    // Stands in for the directive unless the block turns
                    // out to be front matter.
                    let text = directive_text(d);
                    let style = self.style;
                    let top = self.top();
                    top.inlines.push(Inline::Text(text, style));
                    top.front.push((top.inlines.len() - 1, d.clone()));
                }
            }
        }
    }
}

/// What a directive says as plain text, where it cannot be what it is.
fn directive_text(d: &Directive) -> String {
    match d {
        Directive::Title(t) | Directive::Subtitle(t) => t.clone(),
        Directive::Fact(f) => format!("{}: {}", f.label, f.value.display()),
        Directive::Badge(_, word) => word.clone(),
        Directive::Marker(_) | Directive::Chart(_) => String::new(),
    }
}

/// `<br>`, the one tag kept (table cells cannot hold a Markdown line break
/// any other way).
fn is_line_break(html: &str) -> bool {
    matches!(
        html.trim().to_ascii_lowercase().as_str(),
        "<br>" | "<br/>" | "<br />"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(md: &str) -> Parsed {
        let annotated = Annotated::from_markdown(md);
        parse(&annotated, |_| {
            unreachable!("no chart directives in plain Markdown")
        })
    }

    fn blocks(md: &str) -> Vec<Block> {
        parsed(md).blocks
    }

    #[test]
    fn text_is_never_a_badge() {
        let b = blocks("**Status**: 🟢 **ALL CLEAR** - ok\n");
        let Block::Paragraph(inl) = &b[0] else {
            panic!()
        };
        assert!(
            !inl.iter()
                .any(|i| matches!(i, Inline::Badge(..) | Inline::Marker(_)))
        );
        assert!(plain_text(inl).contains("🟢 ALL CLEAR"));
    }

    #[test]
    fn raw_html_and_comments_are_literal() {
        let b = blocks(
            "done <b>x</b> <!-- c --> a<br>b\n\n<script>alert(1)</script>\n\n<!-- readiness:timeline {} -->\n",
        );
        let Block::Paragraph(inl) = &b[0] else {
            panic!()
        };
        assert!(plain_text(inl).contains("<b>x</b> <!-- c --> a"));
        assert!(inl.contains(&Inline::Break));
        assert_eq!(b[1], Block::Code("<script>alert(1)</script>\n".into()));
        assert_eq!(b[2], Block::Code("<!-- readiness:timeline {} -->\n".into()));
        assert_eq!(b.len(), 3);
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
    fn headings_get_unique_ids_and_contents() {
        let p =
            parsed("# Title\n\n## Summary\n\n### 🔴 IMMEDIATE (24 h)\n\n## Summary\n\n#### Deep\n");
        let ids: Vec<&str> = p
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            ids,
            ["title", "summary", "immediate-24-h", "summary-1", "deep"]
        );
        let contents: Vec<&str> = p.contents.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            contents,
            ["title", "summary", "immediate-24-h", "summary-1"]
        );
    }

    #[test]
    fn email_autolinks_keep_their_scheme() {
        let p = parsed("Write to <ops@example.com>.\n");
        assert_eq!(p.links, [Link::External("mailto:ops@example.com".into())]);
    }

    /// A directive where only text can stand (code, raw HTML) shows what
    /// report.md shows in its place.
    #[test]
    fn a_directive_in_code_shows_its_markdown() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.md.tera", r#"Say `{{ badge(status="green") }}`."#)
            .unwrap();
        let annotated =
            Annotated::render(&tera, "t.md.tera", &tera::Context::new(), |s| s.to_owned()).unwrap();
        let p = parse(&annotated, |_| unreachable!());
        let Block::Paragraph(inl) = &p.blocks[0] else {
            panic!()
        };
        assert!(
            inl.iter()
                .any(|i| matches!(i, Inline::Text(t, s) if s.code && t == "🟢 **GREEN**")),
            "{inl:?}"
        );
    }

    #[test]
    fn anchors_go_to_the_body_s_headings_or_nowhere() {
        let p = parsed(
            "## Target\n\n- item\n\n  ### Nested\n\n[a](#target) [b](#nested) [c](#rd_main) [d](#nowhere)\n",
        );
        let Some(Block::Paragraph(inl)) = p.blocks.last() else {
            panic!("{:?}", p.blocks)
        };
        let linked: Vec<&str> = inl
            .iter()
            .filter_map(|i| match i {
                Inline::Text(t, s) if s.link.is_some() => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(linked, ["a"]);
    }

    #[test]
    fn one_link_policy() {
        let p = parsed(
            "[a](javascript:alert(1)) [b](https://x.example) [c](#summary) [d](data:x)\n\n## Summary\n",
        );
        assert_eq!(
            p.links,
            [
                Link::External("https://x.example".into()),
                Link::Anchor("summary".into())
            ]
        );
        let Block::Paragraph(inl) = &p.blocks[0] else {
            panic!()
        };
        let linked: Vec<&str> = inl
            .iter()
            .filter_map(|i| match i {
                Inline::Text(t, s) if s.link.is_some() => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(linked, ["b", "c"]);
        assert!(plain_text(inl).starts_with("a b c d"));
    }
}
