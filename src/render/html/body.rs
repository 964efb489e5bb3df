//! The document's body as HTML.
//!
//! Written from the typed [`Document`], so there is nothing to sanitize:
//! every piece of text is escaped where it lands, the only links are the
//! document's (already judged by its one link policy), and the only markup
//! is what this module writes.

use std::fmt::Write;

use super::HtmlError;
use super::svg::{CHART_WIDTH, Estimate, esc, svg};
use crate::document::wording::WORDING;
use crate::document::{Align, Block, Chart, Document, Figure, Inline, Link, Style, plain_text};
use crate::render::chart::layout;

/// Writes the body of `doc`.
pub(super) fn write_body(doc: &Document) -> Result<String, HtmlError> {
    let mut w = Writer {
        doc,
        out: String::with_capacity(64 * 1024),
        tables: 0,
    };
    w.blocks(&doc.blocks, true)?;
    Ok(w.out)
}

struct Writer<'a> {
    doc: &'a Document,
    out: String,
    tables: usize,
}

impl Writer<'_> {
    fn blocks(&mut self, blocks: &[Block], top: bool) -> Result<(), HtmlError> {
        let mut i = 0;
        while i < blocks.len() {
            // A chart and the table that carries its data go together, so
            // the stylesheet can keep them on one printed page.
            if top
                && let (Block::Figure(figure), Some(table @ Block::Table { .. })) =
                    (&blocks[i], blocks.get(i + 1))
            {
                self.out.push_str("<div class=\"chart-pair\">\n");
                self.figure(figure)?;
                self.block(table)?;
                self.out.push_str("</div>\n");
                i += 2;
                continue;
            }
            self.block(&blocks[i])?;
            i += 1;
        }
        Ok(())
    }

    fn block(&mut self, block: &Block) -> Result<(), HtmlError> {
        match block {
            Block::Heading { level, id, inlines } => {
                let _ = write!(self.out, "<h{level} id=\"{}\">", esc(id));
                self.inlines(inlines);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Paragraph(inlines) => {
                self.out.push_str("<p>");
                self.inlines(inlines);
                self.out.push_str("</p>\n");
            }
            Block::List { start, items } => {
                match start {
                    Some(1) => self.out.push_str("<ol>\n"),
                    Some(n) => {
                        let _ = writeln!(self.out, "<ol start=\"{n}\">");
                    }
                    None => self.out.push_str("<ul>\n"),
                }
                for item in items {
                    match item.task {
                        Some(done) => {
                            let (class, label) = if done {
                                ("task-done", WORDING.task_done)
                            } else {
                                ("task-open", WORDING.task_open)
                            };
                            let _ = write!(
                                self.out,
                                "<li class=\"task\"><span class=\"task-box {class}\" aria-hidden=\"true\"></span><span class=\"visually-hidden\">{label}</span>"
                            );
                        }
                        None => self.out.push_str("<li>"),
                    }
                    self.item(&item.blocks)?;
                    self.out.push_str("</li>\n");
                }
                self.out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            Block::Code(text) => {
                let _ = writeln!(self.out, "<pre><code>{}</code></pre>", esc(text));
            }
            Block::Quote(blocks) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks, false)?;
                self.out.push_str("</blockquote>\n");
            }
            Block::Rule => self.out.push_str("<hr>\n"),
            Block::Table { aligns, head, rows } => {
                self.tables += 1;
                let _ = write!(
                    self.out,
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table {}\"><table><thead><tr>",
                    self.tables
                );
                for (i, cell) in head.iter().enumerate() {
                    self.cell("th", aligns.get(i), None, cell);
                }
                self.out.push_str("</tr></thead><tbody>\n");
                // Each data cell names its column, for the phone layout
                // that stacks a row into "label: value" lines.
                let labels: Vec<String> = head.iter().map(|h| esc(&plain_text(h))).collect();
                for row in rows {
                    self.out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        let label = labels.get(i).filter(|l| !l.is_empty());
                        self.cell("td", aligns.get(i), label.map(String::as_str), cell);
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody></table>\n</div>\n");
            }
            Block::Figure(figure) => self.figure(figure)?,
        }
        Ok(())
    }

    /// A list item's blocks: a lone paragraph is written tight, as
    /// Markdown's tight lists are.
    fn item(&mut self, blocks: &[Block]) -> Result<(), HtmlError> {
        match blocks.split_first() {
            Some((Block::Paragraph(inlines), rest)) => {
                self.inlines(inlines);
                if !rest.is_empty() {
                    self.out.push('\n');
                    self.blocks(rest, false)?;
                }
                Ok(())
            }
            _ => self.blocks(blocks, false),
        }
    }

    /// A table cell; `label` (escaped) is its column's name.
    fn cell(&mut self, tag: &str, align: Option<&Align>, label: Option<&str>, inlines: &[Inline]) {
        let style = match align {
            Some(Align::Left) => " style=\"text-align: left\"",
            Some(Align::Center) => " style=\"text-align: center\"",
            Some(Align::Right) => " style=\"text-align: right\"",
            _ => "",
        };
        let label = label
            .map(|l| format!(" data-label=\"{l}\""))
            .unwrap_or_default();
        let _ = write!(self.out, "<{tag}{style}{label}>");
        self.inlines(inlines);
        let _ = write!(self.out, "</{tag}>");
    }

    fn figure(&mut self, figure: &Figure) -> Result<(), HtmlError> {
        let id = format!("rd_chart{}", figure.number);
        let chart = &figure.chart;
        let scene =
            layout(chart, &mut Estimate, CHART_WIDTH, f32::INFINITY).map_err(|message| {
                HtmlError::Chart {
                    index: figure.number,
                    message,
                }
            })?;
        let class = match chart {
            Chart::RiskMatrix(_) => "chart-risk-matrix",
            Chart::Timeline(_) => "chart-timeline",
        };
        let svg = svg(&scene, &id, &chart.title(), &chart.alt_text());
        let _ = writeln!(
            self.out,
            "<figure class=\"chart {class}\"><div class=\"chart-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}_caption\">{svg}</div>\
             <figcaption id=\"{id}_caption\"><span class=\"figure-number\">{} {}.</span> {}\
             <span class=\"scroll-hint\">{}</span></figcaption></figure>",
            WORDING.figure,
            figure.number,
            esc(&figure.chart.caption()),
            WORDING.scroll_hint
        );
        Ok(())
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(text, style) => self.text(text, *style),
                Inline::Badge(tone, word) => {
                    let _ = write!(
                        self.out,
                        "<span class=\"badge badge-{}\"><span class=\"badge-icon\" aria-hidden=\"true\">{}</span>{}</span>",
                        tone.name(),
                        tone.glyph(),
                        esc(word)
                    );
                }
                Inline::Marker(tone) => {
                    let _ = write!(
                        self.out,
                        "<span class=\"marker marker-{}\" aria-hidden=\"true\"></span>",
                        tone.name()
                    );
                }
                Inline::Break => self.out.push_str("<br>\n"),
            }
        }
    }

    fn text(&mut self, text: &str, style: Style) {
        let link = style.link.and_then(|i| self.doc.links.get(i));
        let mut close = Vec::new();
        if let Some(link) = link {
            let href = match link {
                Link::Anchor(id) => format!("#{id}"),
                Link::External(url) => url.clone(),
            };
            let _ = write!(self.out, "<a href=\"{}\">", esc(&href));
            close.push("</a>");
        }
        for (on, open, end) in [
            (style.bold, "<strong>", "</strong>"),
            (style.italic, "<em>", "</em>"),
            (style.strike, "<del>", "</del>"),
            (style.code, "<code>", "</code>"),
        ] {
            if on {
                self.out.push_str(open);
                close.push(end);
            }
        }
        self.out.push_str(&esc(text));
        for end in close.into_iter().rev() {
            self.out.push_str(end);
        }
    }
}
