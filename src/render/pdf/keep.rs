//! What stays together at a page break. A paragraph never leaves one line
//! at the foot of a page (orphan) nor carries one line over (widow); a
//! list never leaves its first or last item alone; a heading keeps with
//! what follows it, and that with what it keeps in turn (a heading under
//! it and its text, a lead-in paragraph and its list).

use krilla::tagging::Tag;

use super::layout::{GAP, HeadingMetrics, Layout, body};
use super::text::{self, Line};
use crate::document::Block;

/// Lines of a paragraph of `n` that must stay together: up to three stay
/// whole, a longer one keeps two on each side of a break.
pub(super) fn keep_lines(n: usize) -> usize {
    if n <= 3 { n } else { 2 }
}

/// Height of `n` one-line list items, the last without its spacing.
pub(super) fn items_height(n: usize) -> f32 {
    let step = body().line_height() + 0.4 * GAP + 2.0;
    (n.max(1) - 1) as f32 * step + body().line_height()
}

/// The room the first items of a list of `n` keep together: up to three
/// (one-line) items stay whole, a longer list keeps its first two.
pub(super) fn list_keep(n: usize) -> f32 {
    items_height(if n <= 3 { n } else { 2 })
}

impl Layout<'_> {
    /// The room `blocks[0]` needs below the cursor so that neither it nor
    /// what it keeps with is stranded. Text is laid out to count its lines
    /// (shaping is cached); a table keeps its header row and a body line,
    /// a chart all of its height (charts keep themselves whole): both are
    /// measured as they will be laid out.
    pub(super) fn keep_height(&mut self, blocks: &[Block], width: f32) -> f32 {
        let lh = body().line_height();
        match blocks.first() {
            None => 0.0,
            Some(Block::Heading { level, inlines, .. }) => {
                let m = HeadingMetrics::of(*level);
                let n = text::layout(self.shaper, inlines, m.style, width).len();
                m.before
                    + n as f32 * m.style.line_height()
                    + m.after
                    + self.keep_height(&blocks[1..], width)
            }
            Some(Block::Paragraph(inlines)) => {
                let n = text::layout(self.shaper, inlines, body(), width).len();
                self.paragraph_keep(n, &blocks[1..], width)
            }
            Some(Block::List { items, .. }) => {
                let first = match items.first().and_then(|item| item.blocks.first()) {
                    Some(Block::Paragraph(inlines)) => {
                        let w = self.item_width(width);
                        keep_lines(text::layout(self.shaper, inlines, body(), w).len())
                    }
                    _ => 1,
                };
                (first as f32 * lh).max(list_keep(items.len()))
            }
            Some(Block::Table { head, rows, .. }) => self.table_keep(head, rows, width),
            Some(Block::Figure(figure)) => self.chart_keep(&figure.chart, width),
            Some(Block::Rule) => 12.0,
            Some(Block::Code(_) | Block::Quote(_)) => 3.0 * lh,
        }
    }

    /// The room a paragraph of `n` lines keeps: its first lines, or, when
    /// it is a short lead-in to a list ("Scoring rationale:"), all of it
    /// and the list's first items.
    fn paragraph_keep(&mut self, n: usize, rest: &[Block], width: f32) -> f32 {
        let lh = body().line_height();
        match rest.first() {
            Some(Block::List { .. }) if n <= 3 => {
                n as f32 * lh + GAP + self.keep_height(rest, width)
            }
            _ => keep_lines(n) as f32 * lh,
        }
    }

    /// Places a laid-out paragraph as a P. Unless it is
    /// [`anchored`](Layout::anchored) beside a list label (whose room the
    /// list kept), it first moves to a new page if what it keeps does not
    /// fit.
    pub(super) fn paragraph(
        &mut self,
        lines: Vec<Line>,
        x: f32,
        width: f32,
        parent: usize,
        rest: &[Block],
    ) {
        let node = self.structure.node(parent, Tag::P);
        if !std::mem::take(&mut self.anchored) {
            let keep = self.paragraph_keep(lines.len(), rest, width);
            self.ensure(keep);
        }
        self.flow_lines(&lines, x, node);
        self.y += GAP;
    }

    /// Places a paragraph's lines, breaking pages between them but never
    /// carrying a single last line over: with two lines left and room for
    /// one, both move (unless that would leave one line behind).
    fn flow_lines(&mut self, lines: &[Line], x: f32, node: usize) {
        let style = body();
        let lh = style.line_height();
        let n = lines.len();
        let mut on_page = 0;
        for (i, line) in lines.iter().enumerate() {
            let page = self.page();
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
}
#[cfg(test)]
mod tests {
    use super::super::Paper;
    use super::super::display::{Item, PageOut, Structure};
    use super::super::fonts::Shaper;
    use super::super::layout::Geometry;
    use super::*;
    use crate::document::{Document, Figure};

    /// Lays out `md` with room for `room` body lines left on the first
    /// page; returns the pages and the shaper their runs refer to.
    fn layout(md: &str, room: f32) -> (Vec<PageOut>, Shaper) {
        layout_doc(&crate::document::tests::from_markdown(md), room)
    }

    fn layout_doc(doc: &Document, room: f32) -> (Vec<PageOut>, Shaper) {
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
        (pages, shaper)
    }

    /// Per page, the text of each text item in order.
    fn pages(md: &str, room: f32) -> Vec<Vec<String>> {
        texts(layout(md, room))
    }

    fn texts((pages, shaper): (Vec<PageOut>, Shaper)) -> Vec<Vec<String>> {
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

    /// Items of four lines each (hard breaks), words `i<item>l<line>`.
    fn long_items(n: usize) -> String {
        (1..=n)
            .map(|i| format!("- i{i}l1\\\n  i{i}l2\\\n  i{i}l3\\\n  i{i}l4\n"))
            .collect()
    }

    #[test]
    fn a_long_list_item_keeps_its_label_and_first_lines_together() {
        // Room for one line: the first item's label and two lines move.
        let first = pages(&long_items(3), 1.0);
        assert!(first[0].is_empty(), "{first:?}");
        // Wherever the page breaks, each label shares its page with its
        // item's first line, and at least its second line.
        for room in 2..12 {
            for page in pages(&long_items(4), room as f32) {
                for i in 1..=4 {
                    let has = |w: String| page.contains(&w);
                    if has(format!("i{i}l1")) {
                        assert!(has(format!("i{i}l2")), "room {room}: {page:?}");
                    }
                }
                let labels = page.iter().filter(|t| *t == "•").count();
                let firsts = page.iter().filter(|t| t.ends_with("l1")).count();
                assert_eq!(labels, firsts, "room {room}: {page:?}");
            }
        }
    }

    #[test]
    fn a_heading_keeps_with_the_heading_under_it_and_its_text() {
        let md = format!("## Part\n\n### Section\n\n{}\n", paragraph(5));
        // Room for both headings but not their text: both move.
        let p = pages(&md, 5.0);
        assert!(p[0].is_empty(), "{p:?}");
        assert_eq!(p[1][..3], ["Part", "Section", "line1"], "{p:?}");
    }

    #[test]
    fn a_lead_in_keeps_with_its_list_and_its_heading_with_both() {
        let md = "### Findings\n\nScoring rationale:\n\n- a\n- b\n- c\n- d\n";
        // Room for the heading and the lead-in, not the list's first items.
        let p = pages(md, 4.0);
        assert!(p[0].is_empty(), "{p:?}");
        assert_eq!(p[1][..3], ["Findings", "Scoring rationale:", "•"], "{p:?}");
    }

    #[test]
    fn a_quote_bar_does_not_stay_behind_without_its_text() {
        let md = format!("> {}\n", paragraph(4).replace('\n', "\n> "));
        let (pages, _) = layout(&md, 1.0);
        let bars = |p: &PageOut| {
            p.items
                .iter()
                .filter(|i| matches!(i.item, Item::Line { .. }))
                .count()
        };
        assert_eq!(bars(&pages[0]), 0);
        assert_eq!(bars(&pages[1]), 1);
    }

    /// Room, in body lines, for `points`.
    fn lines_for(points: f32) -> f32 {
        points / body().line_height()
    }

    #[test]
    fn a_heading_keeps_with_a_chart_taller_than_the_room_left() {
        let mut chart = crate::document::timeline_axis::tests::chart();
        let first = chart.actions[0].clone();
        chart.actions = (0..25)
            .map(|i| crate::document::chart::ChartAction {
                key: format!("A{i}"),
                ..first.clone()
            })
            .collect();
        let mut doc = crate::document::tests::from_markdown("## Timeline\n");
        doc.blocks.push(Block::Figure(Box::new(Figure {
            number: 1,
            chart: crate::document::Chart::Timeline(chart),
        })));
        // The chart is over 400 pt tall: room for the heading and 300 pt
        // would strand the heading if the chart's height were guessed.
        let p = texts(layout_doc(&doc, lines_for(330.0)));
        assert!(p[0].is_empty(), "{p:?}");
        assert_eq!(p[1][0], "Timeline", "{p:?}");
    }

    #[test]
    fn a_heading_keeps_with_a_table_header_of_many_lines() {
        let cell = "a header cell long enough to wrap onto several lines of its narrow column, \
                    and then some more words, so that the row is far taller than a guess";
        let md =
            format!("## Risks\n\n| {cell} | {cell} | {cell} |\n|---|---|---|\n| x | y | z |\n");
        // Room for the heading and about 90 pt: not for the header row (some
        // ten lines) and a body line.
        let p = pages(&md, lines_for(120.0));
        assert!(p[0].is_empty(), "{p:?}");
        assert_eq!(p[1][0], "Risks", "{p:?}");
    }

    /// Regression: a numbered item's title fell at the foot of a page and
    /// its commands or bullets began the next.
    #[test]
    fn a_numbered_item_title_keeps_with_its_body() {
        let md = "1. **Deploy Monitoring Stack**\n   ```bash\n   cd infra\n   docker-compose up -d\n   ```\n\n\
                  2. **Configure TLS**\n   - Deploy certificates\n   - Redirect to HTTPS\n";
        let has = |page: &[String], word: &str| page.iter().any(|t| t.contains(word));
        let mut split = 0;
        for room in 1..14 {
            let p = pages(md, room as f32);
            for page in &p {
                if has(page, "Deploy Monitoring") {
                    assert!(has(page, "cd infra"), "room {room}: {p:?}");
                }
                if has(page, "Configure TLS") {
                    assert!(has(page, "Deploy certificates"), "room {room}: {p:?}");
                }
            }
            split += usize::from(p.len() > 1 && !p[0].is_empty());
        }
        // The rooms tried break the list somewhere, not only before it.
        assert!(split > 0);
    }

    /// Regression: ten-digit list numbers overlapped their text and ran
    /// out of the text box on the left.
    #[test]
    fn long_list_numbers_stay_clear_of_their_text() {
        let (pages, shaper) = layout("999999999. first\n1. second\n", 40.0);
        let texts: Vec<(f32, f32, String)> = pages[0]
            .items
            .iter()
            .filter_map(|p| match &p.item {
                Item::Text { x, run, .. } => Some((*x, run.width, shaper.run_text(&run.words))),
                _ => None,
            })
            .collect();
        let geo = crate::render::pdf::layout::Geometry::for_paper(crate::render::pdf::Paper::A4);
        for pair in texts.chunks(2) {
            let (label, text) = (&pair[0], &pair[1]);
            assert!(label.2.ends_with('.') && label.0 >= geo.left, "{texts:?}");
            assert!(label.0 + label.1 < text.0, "{texts:?}");
        }
    }
}
