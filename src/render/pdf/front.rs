//! Front matter: the title block on page 1 and the table of contents.

use std::num::NonZeroU16;

use krilla::tagging::Tag;

use super::display::{Item, LinkBox, LinkTarget, Mark, Structure, pdf_text};
use super::fonts::FontId;
use super::layout::{HAlign, Layout};
use super::text::{self, TextStyle};
use super::theme;
use crate::document::wording::WORDING;
use crate::document::{ContentsEntry, Fact, FactValue, Inline, Meta, Style};

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
    pub fn title_block(&mut self, meta: &Meta, facts: &[Fact]) {
        let (x, w) = (self.geo.left, self.geo.content_width());
        let root = Structure::ROOT;
        self.y += 6.0;
        let kicker = self.plain_run(
            &WORDING.kicker.to_uppercase(),
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
            .node(root, Tag::Hn(NonZeroU16::MIN, Some(pdf_text(&meta.title))));
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

        // Facts in two columns: label above value; the contact and the
        // document's status close them.
        let mut facts = facts.to_vec();
        facts.push(Fact {
            label: WORDING.contact.to_owned(),
            value: FactValue::Text(meta.contact.clone()),
        });
        if let Some(status) = meta.sign_off.status {
            let value = match &meta.sign_off.revision {
                Some(r) => format!("{} · {} {r}", status.word(), WORDING.revision),
                None => status.word().to_owned(),
            };
            facts.push(Fact {
                label: WORDING.document_status.to_owned(),
                value: FactValue::Text(value),
            });
        }
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
                let lines =
                    text::layout(self.shaper, &plain(&fact.value.display()), vs, col - 12.0);
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
            (
                WORDING.overall_status,
                meta.status.word(),
                meta.status.tone(),
            ),
            (
                WORDING.deployment_decision,
                meta.decision.word(),
                meta.decision.tone(),
            ),
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
        self.y = panel_top + panel_h + 14.0;
        self.sign_off(meta);
    }

    /// The sign-off block: prepared, reviewed and approved by, side by
    /// side; a signer not given is a blank line to sign on, with a line for
    /// the date under it.
    fn sign_off(&mut self, meta: &Meta) {
        let (x, w) = (self.geo.left, self.geo.content_width());
        let rows = &meta.sign_off.rows;
        let col = w / rows.len().max(1) as f32;
        let top = self.y;
        let mut bottom = top;
        let label = style(7.5, theme::MUTED, true);
        let name = style(10.0, theme::TEXT, false);
        let small = style(7.5, theme::MUTED, false);
        for (i, row) in rows.iter().enumerate() {
            let fx = x + i as f32 * col;
            let cw = col - 12.0;
            let p = self.structure.node(Structure::ROOT, Tag::P);
            self.y = top;
            let put = |layout: &mut Self, text: String, st: TextStyle| {
                let lines = text::layout(layout.shaper, &plain(&text), st, cw);
                layout.lines(&lines, fx, cw, st, HAlign::Left, p);
            };
            put(self, format!("{}:", row.label), label);
            match &row.signer {
                Some(signer) => {
                    put(self, signer.name.clone(), name);
                    if let Some(role) = &signer.role {
                        put(self, role.clone(), small);
                    }
                    let date = signer.date.map_or_else(
                        || "________".to_owned(),
                        |d| d.0.format("%Y-%m-%d").to_string(),
                    );
                    put(self, format!("{}: {date}", WORDING.date), small);
                }
                None => {
                    // Room to sign, then what goes on the line.
                    self.y += 16.0;
                    self.deco(Item::Line {
                        x1: fx,
                        y1: self.y,
                        x2: fx + cw,
                        y2: self.y,
                        color: theme::MUTED,
                        width: 0.6,
                        dashed: false,
                    });
                    self.y += 2.0;
                    put(self, WORDING.signature.to_owned(), small);
                    put(self, format!("{}: ________", WORDING.date), small);
                }
            }
            bottom = bottom.max(self.y);
        }
        self.y = bottom + 16.0;
    }

    /// The table of contents: entries with dotted leaders and page numbers
    /// (filled in at drawing time), each a link to its heading.
    pub fn toc(&mut self, entries: &[ContentsEntry]) {
        if entries.is_empty() {
            return;
        }
        let (x, w) = (self.geo.left, self.geo.content_width());
        let toc = self.structure.node(Structure::ROOT, Tag::TOC);
        let hs = style(13.0, theme::ACCENT, true);
        self.ensure(hs.line_height() + 40.0);
        let head = self.structure.node(toc, Tag::Caption);
        let lines = text::layout(self.shaper, &plain(WORDING.contents), hs, w);
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
                    alt: pdf_text(&format!("{} {}", WORDING.go_to_section, e.text)),
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
                    alt: pdf_text(&format!("{} {}", WORDING.go_to_section, e.text)),
                });
            }
        }
        self.y += 10.0;
    }
}
