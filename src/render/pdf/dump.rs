//! A text dump of the laid-out pages and the tag tree, for golden tests:
//! a refactor that claims "output byte-identical" is checked by CI against
//! a reviewed snapshot of what lands where, not by hand.

use std::fmt::Write;

use super::Paginated;
use super::display::{Item, LinkTarget, Mark, SChild, Structure};

impl Paginated {
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
