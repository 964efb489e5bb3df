//! A text dump of the laid-out pages and the tag tree, for golden tests:
//! a refactor that claims "output byte-identical" is checked by CI against
//! a reviewed snapshot of what lands where, not by hand.

use std::fmt::Write;

use super::Paginated;
use super::display::{Item, LinkTarget, Mark, SChild, Structure};

impl Paginated {
    /// Everything drawn outside the text box's left and right edges (the
    /// running header included), one line each: a layout check for tests.
    /// Nothing may leave the text box.
    pub fn outside_the_text_box(&self) -> Vec<String> {
        let (left, right) = (self.geo.left - 0.5, self.geo.right + 0.5);
        let mut out = Vec::new();
        let header = super::draw::RunningHeader::new(
            &mut super::fonts::Shaper::new(),
            &self.geo,
            &self.meta,
        );
        let header_width = header.left.width + 24.0 + header.right.width;
        if header_width > self.geo.content_width() + 0.5 {
            out.push(format!("running header {header_width:.0} wide"));
        }
        for (n, page) in self.pages.iter().enumerate() {
            for placed in &page.items {
                let (x0, x1, what) = match &placed.item {
                    Item::Text { x, run, .. } => {
                        (*x, x + run.width, self.shaper.run_text(&run.words))
                    }
                    Item::Rect { x, w, .. } => (*x, x + w, "rect".to_owned()),
                    Item::Line { x1, x2, .. } => (x1.min(*x2), x1.max(*x2), "line".to_owned()),
                    _ => continue,
                };
                if x0 < left || x1 > right {
                    out.push(format!("page {}: {x0:.0}..{x1:.0} {what:?}", n + 1));
                }
            }
        }
        out
    }

    /// Every page's items (positions rounded to the point, text runs with
    /// their words), its links, then the tag tree.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (n, page) in self.pages.iter().enumerate() {
            let _ = writeln!(out, "page {}", n + 1);
            for placed in &page.items {
                let mark = match placed.mark {
                    Mark::Artifact => "a",
                    Mark::Slot(_) => "c",
                };
                let line = match &placed.item {
                    Item::Text { x, y, run } => format!(
                        "text {:.0},{:.0} {:?} {:.1} {:?}",
                        x,
                        y,
                        run.font,
                        run.size,
                        self.shaper.run_text(&run.words)
                    ),
                    Item::Rect { x, y, w, h, .. } => {
                        format!("rect {x:.0},{y:.0} {w:.0}x{h:.0}")
                    }
                    Item::Line { x1, y1, x2, y2, .. } => {
                        format!("line {x1:.0},{y1:.0} {x2:.0},{y2:.0}")
                    }
                    Item::Circle { cx, cy, r, .. } => format!("circle {cx:.0},{cy:.0} r{r:.0}"),
                    Item::Poly { points, .. } => format!("poly {} points", points.len()),
                    Item::PageRef { heading, y, .. } => {
                        format!("page-ref {y:.0} heading {heading}")
                    }
                };
                let _ = writeln!(out, "  {mark} {line}");
            }
            for link in &page.links {
                let target = match &link.target {
                    LinkTarget::Url(url) => format!("url {url}"),
                    LinkTarget::Heading(h) => format!("heading {h}"),
                    LinkTarget::Anchor(id) => format!("unresolved #{id}"),
                };
                let _ = writeln!(
                    out,
                    "  link {:.0},{:.0} {:.0}x{:.0} {target}",
                    link.x, link.y, link.w, link.h
                );
            }
        }
        out.push_str("tags\n");
        tags(&self.structure, Structure::ROOT, 1, &mut out);
        out
    }
}

/// The tag tree, one node a line, its content slots counted.
fn tags(structure: &Structure, node: usize, depth: usize, out: &mut String) {
    let n = &structure.nodes[node];
    let name = match &n.tag {
        None => "Document".to_owned(),
        Some(tag) => compact(&format!("{tag:?}")),
    };
    let slots = n
        .children
        .iter()
        .filter(|c| matches!(c, SChild::Slot(_)))
        .count();
    let _ = writeln!(out, "{}{name} [{slots}]", "  ".repeat(depth));
    for child in &n.children {
        if let SChild::Node(id) = child {
            tags(structure, *id, depth + 1, out);
        }
    }
}

/// `Hn(Tag { … attrs: OrdinalSet { items: [Struct(Title("T")), …] } … })`
/// as `Hn Struct(Title("T")), …`: the kind and its attributes.
fn compact(debug: &str) -> String {
    let kind = debug.split(['(', ' ']).next().unwrap_or(debug);
    let attrs = debug
        .split_once("items: [")
        .and_then(|(_, rest)| rest.rsplit_once("] }"))
        .map(|(attrs, _)| attrs)
        .unwrap_or("");
    if attrs.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} {attrs}")
    }
}
