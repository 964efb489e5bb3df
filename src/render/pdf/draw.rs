//! Drawing the display list with krilla: page furniture, tagged content,
//! link annotations, the tag tree and the outline.

use krilla::Document;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{Path, PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TagGroup, TagTree};

use super::display::{
    HeadingRef, Item, LinkTarget, MAX_PDF_TEXT, Mark, PageOut, SChild, Structure, pdf_text,
};
use super::fonts::{FontId, Shaper};
use super::layout::Geometry;
use super::text::Run;
use super::theme::{self, Rgb};
use crate::document::{Meta, wording};

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn stroke(c: Rgb, width: f32, dashed: bool) -> Stroke {
    Stroke {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        width,
        dash: dashed.then(|| StrokeDash {
            array: vec![2.5, 2.0],
            offset: 0.0,
        }),
        ..Default::default()
    }
}

fn rect_path(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<Path> {
    let mut pb = PathBuilder::new();
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    if r <= 0.0 {
        pb.push_rect(Rect::from_xywh(x, y, w.max(0.01), h.max(0.01))?);
    } else {
        // Quarter circles approximated with cubic Béziers.
        let k = r * 0.552_284_8;
        pb.move_to(x + r, y);
        pb.line_to(x + w - r, y);
        pb.cubic_to(x + w - r + k, y, x + w, y + r - k, x + w, y + r);
        pb.line_to(x + w, y + h - r);
        pb.cubic_to(x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
        pb.line_to(x + r, y + h);
        pb.cubic_to(x + r - k, y + h, x, y + h - r + k, x, y + h - r);
        pb.line_to(x, y + r);
        pb.cubic_to(x, y + r - k, x + r - k, y, x + r, y);
        pb.close();
    }
    pb.finish()
}

fn draw_path(
    surface: &mut Surface,
    path: Option<Path>,
    f: Option<Rgb>,
    s: Option<(Rgb, f32)>,
    dashed: bool,
) {
    let Some(path) = path else { return };
    surface.set_fill(f.map(fill));
    surface.set_stroke(s.map(|(c, w)| stroke(c, w, dashed)));
    surface.draw_path(&path);
}

fn draw_run(surface: &mut Surface, shaper: &mut Shaper, run: &Run, x: f32, y: f32) {
    if run.words.is_empty() {
        return;
    }
    surface.set_fill(Some(fill(run.color)));
    surface.set_stroke(None);
    // One call per face: a word may mix the style's face and fallbacks.
    let mut x = x;
    shaper.run_pieces(&run.words, |font, glyphs, text, advance| {
        if let Some(font) = font {
            surface.draw_glyphs(Point::from_xy(x, y), glyphs, font, text, run.size, false);
        }
        x += advance * run.size;
    });
}

pub(super) fn shaped_run(
    shaper: &mut Shaper,
    text: &str,
    font: FontId,
    size: f32,
    color: Rgb,
) -> Run {
    let mut run = Run::new(font, size, color);
    run.append(shaper, text);
    run
}

fn draw_item(surface: &mut Surface, shaper: &mut Shaper, item: &Item, headings: &[HeadingRef]) {
    match item {
        Item::Text { x, y, run } => draw_run(surface, shaper, run, *x, *y),
        Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
            radius,
        } => draw_path(
            surface,
            rect_path(*x, *y, *w, *h, *radius),
            *fill,
            *stroke,
            false,
        ),
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            color,
            width,
            dashed,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            draw_path(surface, pb.finish(), None, Some((*color, *width)), *dashed);
        }
        Item::Circle { cx, cy, r, fill } => draw_path(
            surface,
            rect_path(cx - r, cy - r, 2.0 * r, 2.0 * r, *r),
            Some(*fill),
            None,
            false,
        ),
        Item::Poly {
            points,
            fill,
            stroke,
        } => {
            let mut pb = PathBuilder::new();
            for (i, (px, py)) in points.iter().enumerate() {
                if i == 0 {
                    pb.move_to(*px, *py);
                } else {
                    pb.line_to(*px, *py);
                }
            }
            if fill.is_some() {
                pb.close();
            }
            draw_path(surface, pb.finish(), *fill, *stroke, false);
        }
        Item::PageRef {
            heading,
            right,
            y,
            size,
        } => {
            let page = headings.get(*heading).map_or(0, |h| h.page + 1);
            let run = shaped_run(
                shaper,
                &page.to_string(),
                FontId::Regular,
                *size,
                theme::TEXT,
            );
            draw_run(surface, shaper, &run, right - run.width, *y);
        }
    }
}

/// The running header's two runs: the title (cut to fit) on the left,
/// system and version on the right. The same on every page.
pub(super) struct RunningHeader {
    pub(super) left: Run,
    pub(super) right: Run,
}

impl RunningHeader {
    pub(super) const SIZE: f32 = 7.5;

    pub(super) fn new(shaper: &mut Shaper, geo: &Geometry, meta: &Meta) -> RunningHeader {
        // System and version take at most 45% of the line, so a long
        // version cannot push the title (or itself) out of the text box.
        let right_text = format!("{} · {}", meta.system, meta.version);
        let right = cut_run(
            shaper,
            &right_text,
            FontId::Regular,
            geo.content_width() * 0.45,
        );
        let max = geo.content_width() - right.width - 24.0;
        let left = header_title(shaper, &meta.title, max);
        RunningHeader { left, right }
    }
}

/// `title` in the header's bold, cut with an ellipsis to at most `max`
/// points: after a whole word when that keeps two thirds of the room,
/// otherwise between characters (a long last word is not dropped whole).
fn header_title(shaper: &mut Shaper, title: &str, max: f32) -> Run {
    cut_run(shaper, title, FontId::Bold, max)
}

/// `text` in the header's size and `font`, cut as [`header_title`] says.
fn cut_run(shaper: &mut Shaper, title: &str, font: FontId, max: f32) -> Run {
    let size = RunningHeader::SIZE;
    let full = shaped_run(shaper, title, font, size, theme::MUTED);
    if full.width <= max {
        return full;
    }
    let mut cut = |end: usize| {
        let kept = title[..end]
            .trim_end()
            .trim_end_matches(['-', '–', '—', ':', ',', '·'])
            .trim_end();
        shaped_run(shaper, &format!("{kept}…"), font, size, theme::MUTED)
    };
    // The cut at the last of `ends` that fits. Cuts widen with their end,
    // so a binary search measures O(log n) of them; trying each from the
    // end shaped (and cached) every prefix of a long title.
    let mut last_fitting = |ends: &[usize]| {
        let (mut lo, mut hi, mut best) = (0, ends.len(), None);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let run = cut(ends[mid]);
            if run.width <= max {
                best = Some(run);
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        best
    };
    let spaces: Vec<usize> = title
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(at, _)| at)
        .collect();
    if let Some(run) = last_fitting(&spaces)
        && run.width >= max * 2.0 / 3.0
    {
        return run;
    }
    let chars: Vec<usize> = title.char_indices().map(|(at, _)| at).collect();
    last_fitting(&chars).unwrap_or_else(|| cut(0))
}

/// Draws the header and footer of a page as pagination artifacts.
fn furniture(
    surface: &mut Surface,
    shaper: &mut Shaper,
    geo: &Geometry,
    meta: &Meta,
    header: &RunningHeader,
    page: usize,
    total: usize,
) {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Header,
    )));
    let size = RunningHeader::SIZE;
    let hy = geo.top - 30.0;
    let (left, right) = (&header.left, &header.right);
    draw_run(surface, shaper, left, geo.left, hy);
    draw_run(surface, shaper, right, geo.right - right.width, hy);
    draw_item(
        surface,
        shaper,
        &Item::Line {
            x1: geo.left,
            y1: hy + 6.0,
            x2: geo.right,
            y2: hy + 6.0,
            color: theme::RULE,
            width: 0.6,
            dashed: false,
        },
        &[],
    );
    surface.end_tagged();

    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Footer,
    )));
    let fy = geo.bottom + 36.0;
    draw_item(
        surface,
        shaper,
        &Item::Line {
            x1: geo.left,
            y1: fy - 12.0,
            x2: geo.right,
            y2: fy - 12.0,
            color: theme::RULE,
            width: 0.6,
            dashed: false,
        },
        &[],
    );
    let left = shaped_run(
        shaper,
        &wording::page_footer(meta),
        FontId::Regular,
        size,
        theme::MUTED,
    );
    let num = shaped_run(
        shaper,
        &wording::page_number(page + 1, total),
        FontId::Regular,
        size,
        theme::MUTED,
    );
    if left.width < geo.content_width() - num.width - 24.0 {
        draw_run(surface, shaper, &left, geo.left, fy);
    }
    draw_run(surface, shaper, &num, geo.right - num.width, fy);
    surface.end_tagged();
}

/// Draws every page into `document`; returns the tag tree and outline.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    document: &mut Document,
    pages: Vec<PageOut>,
    mut structure: Structure,
    headings: &[HeadingRef],
    outline_entries: &[HeadingRef],
    meta: &Meta,
    geo: &Geometry,
    shaper: &mut Shaper,
) -> (TagTree, Outline) {
    let mut ids: Vec<Vec<Identifier>> = (0..structure.slots).map(|_| Vec::new()).collect();
    let total = pages.len();
    let header = RunningHeader::new(shaper, geo, meta);
    // Pages are consumed: each page's display list is freed once drawn, so
    // it never coexists with the whole finished document.
    for (index, out) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(geo.width, geo.height).expect("valid page size");
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        furniture(&mut surface, shaper, geo, meta, &header, index, total);
        let mut i = 0;
        while i < out.items.len() {
            // Consecutive items with the same mark share one marked section.
            let mark = out.items[i].mark;
            let end = out.items[i..]
                .iter()
                .position(|p| p.mark != mark)
                .map_or(out.items.len(), |n| i + n);
            let group = &out.items[i..end];
            match mark {
                Mark::Artifact => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                        ArtifactType::Layout,
                    )));
                }
                Mark::Slot(slot) => {
                    let texty = group
                        .iter()
                        .any(|p| matches!(p.item, Item::Text { .. } | Item::PageRef { .. }));
                    let tag = if texty {
                        ContentTag::Span(SpanTag::empty())
                    } else {
                        ContentTag::Other
                    };
                    let id = surface.start_tagged(tag);
                    push_id(&mut ids[slot], id);
                }
            }
            for placed in group {
                draw_item(&mut surface, shaper, &placed.item, headings);
            }
            surface.end_tagged();
            i = end;
        }
        surface.finish();
        for link in &out.links {
            let Some(rect) = Rect::from_xywh(link.x, link.y, link.w.max(1.0), link.h.max(1.0))
            else {
                continue;
            };
            let target = match &link.target {
                // A URI longer than a PDF string can hold keeps its text
                // and loses its link.
                LinkTarget::Url(url) if url.len() > MAX_PDF_TEXT => continue,
                LinkTarget::Url(url) => Target::Action(Action::Link(LinkAction::new(url.clone()))),
                LinkTarget::Anchor(_) => continue,
                LinkTarget::Heading(h) => {
                    let Some(h) = headings.get(*h) else { continue };
                    Target::Destination(Destination::Xyz(XyzDestination::new(
                        h.page,
                        Point::from_xy(geo.left, (h.y - 6.0).max(0.0)),
                    )))
                }
            };
            let annotation =
                Annotation::new_link(LinkAnnotation::new(rect, target), Some(link.alt.clone()));
            push_id(&mut ids[link.slot], page.add_tagged_annotation(annotation));
        }
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(meta.language.to_owned()));
    for child in std::mem::take(&mut structure.nodes[Structure::ROOT].children) {
        match child {
            SChild::Node(n) => {
                if let Some(group) = build_group(&mut structure, n, &mut ids) {
                    tree.push(group);
                }
            }
            SChild::Slot(s) => {
                for id in std::mem::take(&mut ids[s]) {
                    tree.push(id);
                }
            }
        }
    }
    (tree, outline(outline_entries, geo))
}

/// Records a slot's content identifier. Almost every slot gets exactly
/// one, and a big report has hundreds of thousands of slots: grow by one,
/// not by Vec's default of four.
fn push_id(slot: &mut Vec<Identifier>, id: Identifier) {
    slot.reserve_exact(1);
    slot.push(id);
}

/// Builds a tag group, or `None` when it ended up without content. Takes
/// the node's tag and children out of `structure`, so our copy of the tree
/// is freed as krilla's is built (they are the biggest things left in
/// memory at the end of a large report).
fn build_group(
    structure: &mut Structure,
    node: usize,
    ids: &mut [Vec<Identifier>],
) -> Option<TagGroup> {
    // Iterative over a manual stack would avoid recursion, but the model
    // caps nesting depth, so recursion stays shallow.
    let snode = &mut structure.nodes[node];
    let children = std::mem::take(&mut snode.children);
    let mut group = TagGroup::new(snode.tag.take()?);
    let mut any = false;
    for child in children {
        match child {
            SChild::Node(n) => {
                if let Some(g) = build_group(structure, n, ids) {
                    group.push(g);
                    any = true;
                }
            }
            SChild::Slot(s) => {
                for id in std::mem::take(&mut ids[s]) {
                    group.push(id);
                    any = true;
                }
            }
        }
    }
    any.then_some(group)
}

/// The document outline, nested by heading level.
fn outline(headings: &[HeadingRef], geo: &Geometry) -> Outline {
    // parent[i] = index of the nearest earlier heading with a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(headings.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        while stack.last().is_some_and(|&j| headings[j].level >= h.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); headings.len()];
    let mut roots = Vec::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => children[*p].push(i),
            None => roots.push(i),
        }
    }
    // Build bottom-up (children always come after their parent).
    let mut built: Vec<Option<OutlineNode>> = (0..headings.len()).map(|_| None).collect();
    for i in (0..headings.len()).rev() {
        let h = &headings[i];
        let dest = XyzDestination::new(h.page, Point::from_xy(geo.left, (h.y - 6.0).max(0.0)));
        let mut node = OutlineNode::new(pdf_text(&h.text), dest).with_open(h.level <= 1);
        for &c in &children[i] {
            if let Some(child) = built[c].take() {
                node.push_child(child);
            }
        }
        built[i] = Some(node);
    }
    let mut outline = Outline::new();
    for r in roots {
        if let Some(node) = built[r].take() {
            outline.push_child(node);
        }
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(title: &str, max: f32) -> String {
        let mut shaper = Shaper::new();
        let run = header_title(&mut shaper, title, max);
        assert!(run.width <= max, "{} > {max}", run.width);
        shaper.run_text(&run.words)
    }

    /// Regression: a long `version` pushed the running header off the left
    /// edge of the page.
    #[test]
    fn a_long_system_and_version_stay_in_the_text_box() {
        let mut shaper = Shaper::new();
        let geo = Geometry::for_paper(crate::render::pdf::Paper::A4);
        let mut meta = crate::document::tests::from_markdown("").meta;
        meta.system = "013a Analytics Platform for the Entire Enterprise Data Warehouse".into();
        meta.version = format!("v3.0.0-rc.1+build.{}", "abcdef0123456789".repeat(6));
        let h = RunningHeader::new(&mut shaper, &geo, &meta);
        let cw = geo.content_width();
        assert!(h.right.width <= cw * 0.45 + 0.01, "{}", h.right.width);
        assert!(h.left.width + 24.0 + h.right.width <= cw + 0.01);
        assert!(shaper.run_text(&h.right.words).ends_with('…'));
    }

    #[test]
    fn a_long_header_title_is_cut_at_a_word() {
        let title = "013a Analytics System - Comprehensive Production Readiness Assessment";
        assert_eq!(cut(title, 1000.0), title);
        assert_eq!(
            cut(title, 230.0),
            "013a Analytics System - Comprehensive Production…"
        );
    }

    /// The cut before it was made linear: every word end, then every
    /// character, from the end.
    fn cut_one_by_one(title: &str, max: f32) -> String {
        let mut shaper = Shaper::new();
        let size = RunningHeader::SIZE;
        let full = shaped_run(&mut shaper, title, FontId::Bold, size, theme::MUTED);
        if full.width <= max {
            return shaper.run_text(&full.words);
        }
        let mut cut = |end: usize| {
            let kept = title[..end]
                .trim_end()
                .trim_end_matches(['-', '–', '—', ':', ',', '·'])
                .trim_end();
            shaped_run(
                &mut shaper,
                &format!("{kept}…"),
                FontId::Bold,
                size,
                theme::MUTED,
            )
        };
        let spaces = title.char_indices().filter(|(_, c)| c.is_whitespace());
        let run = match spaces.rev().map(|(at, _)| cut(at)).find(|r| r.width <= max) {
            Some(run) if run.width >= max * 2.0 / 3.0 => run,
            _ => title
                .char_indices()
                .rev()
                .map(|(at, _)| cut(at))
                .find(|r| r.width <= max)
                .unwrap_or_else(|| cut(0)),
        };
        shaper.run_text(&run.words)
    }

    #[test]
    fn short_titles_are_cut_as_before() {
        for title in [
            "013a Analytics System - Comprehensive Production Readiness Assessment",
            "Readiness: payments-gateway-eu-west-1-primary-cluster",
            "A — B, C: D · E",
            "Ünïcödé Système — évaluation «complète» 日本語",
        ] {
            for max in [10.0, 40.0, 90.0, 150.0, 230.0, 400.0] {
                let mut shaper = Shaper::new();
                let run = header_title(&mut shaper, title, max);
                assert_eq!(
                    shaper.run_text(&run.words),
                    cut_one_by_one(title, max),
                    "{title:?} in {max}"
                );
            }
        }
    }

    /// Regression: a 10,000-character title was cut in quadratic time and
    /// memory (every prefix shaped and cached).
    #[test]
    fn a_huge_title_is_cut_with_few_measurements() {
        for title in ["x".repeat(40_000), "word ".repeat(8_000)] {
            let mut shaper = Shaper::new();
            let run = header_title(&mut shaper, &title, 230.0);
            let cut = shaper.run_text(&run.words);
            assert!(run.width <= 230.0 && run.width > 150.0, "{}", run.width);
            assert!(
                cut.ends_with('…') && title.starts_with(cut.trim_end_matches('…')),
                "{cut}"
            );
            assert!(shaper.cached() < 100, "{}", shaper.cached());
        }
    }

    #[test]
    fn a_long_last_word_is_cut_between_characters() {
        let title = "Readiness: payments-gateway-eu-west-1-primary-cluster";
        let cut = cut(title, 150.0);
        assert!(cut.starts_with("Readiness: payments-gateway"), "{cut}");
        assert!(cut.ends_with('…'), "{cut}");
    }
}
