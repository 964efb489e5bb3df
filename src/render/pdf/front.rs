//! Front matter: the title block on page 1 and the table of contents.

use std::num::NonZeroU16;

use krilla::tagging::Tag;

use super::display::{Item, LinkBox, LinkTarget, Mark, Structure};
use super::fonts::FontId;
use super::layout::{HAlign, Layout};
use super::model::{Block, Inline, Style};
use super::text::{self, TextStyle};
use super::theme;
use crate::render::DocumentMeta;

/// A table-of-contents entry: index into the layout's headings, level, text.
pub struct TocEntry {
    pub heading: usize,
    pub level: u8,
    pub text: String,
}

/// A fact of the title block: a label above its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub label: String,
    pub value: Vec<Inline>,
}

/// The title block's facts when none come from the report itself: the
/// document's metadata.
pub fn meta_facts(meta: &DocumentMeta) -> Vec<Fact> {
    [
        ("System", &meta.system),
        ("Version", &meta.version),
        ("Assessment date", &meta.date_display),
        ("Assessor", &meta.assessor),
    ]
    .into_iter()
    .map(|(label, value)| Fact {
        label: label.to_string(),
        value: plain(value),
    })
    .collect()
}

/// The facts of a report's opening paragraph, when every line of it is a
/// `**Label**: value` pair (the reference opens with its date, assessor,
/// version and scope so). The title block then shows them in place of the
/// metadata, so the template decides what the title page says and the
/// PDF does not say it twice. `None` for any other block, or for a single
/// line, which is more likely a sentence than a list of facts.
pub fn opening_facts(block: &Block) -> Option<Vec<Fact>> {
    let Block::Paragraph(inlines) = block else {
        return None;
    };
    let facts = inlines
        .split(|i| *i == Inline::Break)
        .filter(|line| !line.is_empty())
        .map(fact)
        .collect::<Option<Vec<Fact>>>()?;
    (facts.len() >= 2).then_some(facts)
}

/// `**Label**: value` or `**Label:** value`.
fn fact(line: &[Inline]) -> Option<Fact> {
    let (Inline::Text(bold, st), rest) = line.split_first()? else {
        return None;
    };
    if !st.bold || st.code || st.link.is_some() {
        return None;
    }
    let after = match rest.first() {
        Some(Inline::Text(t, _)) => Some(t.as_str()),
        _ => None,
    };
    let (label, after) = crate::render::fact_label(bold, after)?;
    let mut value = rest.to_vec();
    if let (Some(after), Some(Inline::Text(first, _))) = (after, value.first_mut()) {
        *first = after.to_string();
    }
    value.retain(|i| !matches!(i, Inline::Text(t, _) if t.is_empty()));
    let has_value = value.iter().any(|i| match i {
        Inline::Text(t, _) => !t.trim().is_empty(),
        _ => true,
    });
    (!label.is_empty() && has_value).then(|| Fact {
        label: label.to_string(),
        value,
    })
}

fn style(size: f32, color: theme::Rgb, bold: bool) -> TextStyle {
    TextStyle {
        size,
        color,
        bold,
        leading: 1.3,
    }
}

fn plain(text: &str) -> Vec<Inline> {
    vec![Inline::Text(text.to_string(), Style::default())]
}

impl Layout<'_> {
    /// The title block: kicker, title, subtitle, facts and status badges.
    pub fn title_block(&mut self, meta: &DocumentMeta, facts: &[Fact]) {
        let (x, w) = (self.geo.left, self.geo.content_width());
        let root = Structure::ROOT;
        self.y += 6.0;
        let kicker = self.plain_run(
            "PRODUCTION READINESS ASSESSMENT",
            FontId::Bold,
            8.0,
            theme::MUTED,
        );
        self.deco(Item::Text {
            x,
            y: self.y + 8.0,
            run: kicker,
        });
        self.y += 18.0;

        let title_style = style(21.0, theme::ACCENT, true);
        let h1 = self
            .structure
            .node(root, Tag::Hn(NonZeroU16::MIN, Some(meta.title.clone())));
        let lines = text::layout(self.shaper, &plain(&meta.title), title_style, w);
        self.lines(&lines, x, w, title_style, HAlign::Left, h1);
        if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            let p = self.structure.node(root, Tag::P);
            let st = style(12.0, theme::MUTED, false);
            let lines = text::layout(self.shaper, &plain(sub), st, w);
            self.y += 2.0;
            self.lines(&lines, x, w, st, HAlign::Left, p);
        }
        self.y += 8.0;
        self.deco(Item::Rect {
            x,
            y: self.y,
            w: 56.0,
            h: 3.0,
            fill: Some(theme::ACCENT),
            stroke: None,
            radius: 0.0,
        });
        self.y += 16.0;

        // Facts in two columns: label above value.
        let col = w / 2.0;
        for pair in facts.chunks(2) {
            let top = self.y;
            let mut bottom = top;
            for (i, fact) in pair.iter().enumerate() {
                self.y = top;
                let fx = x + i as f32 * col;
                let p = self.structure.node(root, Tag::P);
                let inl = vec![Inline::Text(format!("{}: ", fact.label), Style::default())];
                let ls = style(7.5, theme::MUTED, true);
                let lines = text::layout(self.shaper, &inl, ls, col - 12.0);
                self.lines(&lines, fx, col - 12.0, ls, HAlign::Left, p);
                let vs = style(10.5, theme::TEXT, false);
                let lines = text::layout(self.shaper, &fact.value, vs, col - 12.0);
                self.lines(&lines, fx, col - 12.0, vs, HAlign::Left, p);
                bottom = bottom.max(self.y);
            }
            self.y = bottom + 8.0;
        }

        // Status panel: overall status and decision as large badges.
        let panel_top = self.y + 2.0;
        let panel_h = 46.0;
        self.deco(Item::Rect {
            x,
            y: panel_top,
            w,
            h: panel_h,
            fill: Some(theme::CODE_BG),
            stroke: Some((theme::RULE, 0.7)),
            radius: 4.0,
        });
        let items = [
            ("Overall status", &meta.overall_status, meta.overall_tone),
            ("Deployment decision", &meta.decision, meta.decision_tone),
        ];
        for (i, (label, word, tone)) in items.into_iter().enumerate() {
            let fx = x + 14.0 + i as f32 * col;
            let p = self.structure.node(root, Tag::P);
            self.y = panel_top + 6.0;
            let ls = style(7.5, theme::MUTED, true);
            let lines = text::layout(
                self.shaper,
                &[Inline::Text(format!("{label}: "), Style::default())],
                ls,
                col - 20.0,
            );
            self.lines(&lines[..1], fx, col - 20.0, ls, HAlign::Left, p);
            let bs = style(12.0, theme::TEXT, false);
            let lines = text::layout(
                self.shaper,
                &[Inline::Badge(tone, word.to_string())],
                bs,
                col - 20.0,
            );
            let y = self.y + 1.0;
            self.line(&lines[0], fx, y, bs, p);
        }
        self.y = panel_top + panel_h + 18.0;
    }

    /// The table of contents: entries with dotted leaders and page numbers
    /// (filled in at drawing time), each a link to its heading.
    pub fn toc(&mut self, entries: &[TocEntry]) {
        if entries.is_empty() {
            return;
        }
        let (x, w) = (self.geo.left, self.geo.content_width());
        let toc = self.structure.node(Structure::ROOT, Tag::TOC);
        let hs = style(13.0, theme::ACCENT, true);
        self.ensure(hs.line_height() + 40.0);
        let head = self.structure.node(toc, Tag::Caption);
        let lines = text::layout(self.shaper, &plain("Contents"), hs, w);
        self.lines(&lines, x, w, hs, HAlign::Left, head);
        self.y += 2.0;
        self.deco(Item::Line {
            x1: x,
            y1: self.y,
            x2: x + w,
            y2: self.y,
            color: theme::RULE,
            width: 0.8,
            dashed: false,
        });
        self.y += 6.0;
        let min_level = entries.iter().map(|e| e.level).min().unwrap_or(1);
        let num_w = 28.0;
        for e in entries {
            let depth = (e.level - min_level) as f32;
            let top_level = e.level == min_level;
            let st = TextStyle {
                size: if top_level { 9.5 } else { 9.0 },
                color: if top_level { theme::TEXT } else { theme::MUTED },
                bold: top_level,
                leading: 1.55,
            };
            let ex = x + depth * 14.0;
            let ew = w - depth * 14.0 - num_w - 8.0;
            let lines = text::layout(self.shaper, &plain(&e.text), st, ew);
            let lh = st.line_height();
            if top_level {
                self.y += 3.0;
            }
            self.ensure(lines.len() as f32 * lh);
            let entry = self.structure.node(toc, Tag::TOCI);
            let link = self.structure.node(entry, Tag::Link);
            let top = self.y;
            let page = self.page();
            self.lines(&lines, ex, ew, st, HAlign::Left, link);
            let last_y = self.y - lh;
            let last_w = lines.last().map_or(0.0, |l| l.width);
            let leader_y = last_y + lh / 2.0 + 0.35 * st.size;
            self.deco(Item::Line {
                x1: ex + last_w + 6.0,
                y1: leader_y,
                x2: x + w - num_w,
                y2: leader_y,
                color: theme::RULE,
                width: 0.8,
                dashed: true,
            });
            let slot = self.structure.slot(link);
            self.push(
                Item::PageRef {
                    heading: e.heading,
                    right: x + w,
                    y: leader_y,
                    size: st.size,
                },
                Mark::Slot(slot),
            );
            let slot = self.structure.slot(link);
            if self.page() == page {
                self.pages[page].links.push(LinkBox {
                    x: ex,
                    y: top,
                    w: x + w - ex,
                    h: self.y - top,
                    target: LinkTarget::Heading(e.heading),
                    slot,
                    alt: format!("Go to section {}", e.text),
                });
            } else {
                // The entry wrapped onto a new page: link its final line.
                let cur = self.page();
                self.pages[cur].links.push(LinkBox {
                    x: ex,
                    y: last_y,
                    w: x + w - ex,
                    h: lh,
                    target: LinkTarget::Heading(e.heading),
                    slot,
                    alt: format!("Go to section {}", e.text),
                });
            }
        }
        self.y += 10.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::model;

    fn first_block(md: &str) -> Block {
        model::parse(md).unwrap().blocks.remove(0)
    }

    fn labels(facts: &[Fact]) -> Vec<&str> {
        facts.iter().map(|f| f.label.as_str()).collect()
    }

    #[test]
    fn the_reference_opening_gives_the_title_block_facts() {
        let block = first_block(
            "**Assessment Date**: September 30, 2025\\\n**Assessor**: A *careful* person\\\n**Assessment Scope**: Full\n",
        );
        let facts = opening_facts(&block).expect("facts");
        assert_eq!(
            labels(&facts),
            ["Assessment Date", "Assessor", "Assessment Scope"]
        );
        assert_eq!(model::plain_text(&facts[0].value), "September 30, 2025");
        // Inline styles in a value are kept.
        assert_eq!(model::plain_text(&facts[1].value), "A careful person");
        assert!(
            facts[1]
                .value
                .iter()
                .any(|i| matches!(i, Inline::Text(t, s) if t == "careful" && s.italic))
        );
    }

    #[test]
    fn a_colon_inside_the_bold_label_is_accepted() {
        let block = first_block("**Owner:** Platform team\\\n**Version:** 3.0\n");
        let facts = opening_facts(&block).expect("facts");
        assert_eq!(labels(&facts), ["Owner", "Version"]);
        assert_eq!(model::plain_text(&facts[1].value), "3.0");
    }

    #[test]
    fn other_openings_are_left_to_the_body() {
        for md in [
            // One line reads as a sentence.
            "**Note**: this report is a draft.\n",
            // A line without a bold label.
            "**Assessor**: Someone\\\nplain line: no label\n",
            // A label with no value.
            "**Assessor**: Someone\\\n**Scope**:\n",
            // Not a paragraph.
            "- **Assessor**: Someone\n- **Scope**: All\n",
            // Labels that are not bold.
            "*Assessor*: Someone\\\n*Scope*: All\n",
            // Bold text that is not a label.
            "**Warning** this is bold\\\n**Another** line\n",
        ] {
            assert_eq!(opening_facts(&first_block(md)), None, "{md:?}");
        }
    }
}
