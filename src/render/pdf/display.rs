//! The display list: pages of positioned items, produced by layout before
//! anything is drawn, plus the logical structure (tag tree) they belong to.
//!
//! Laying out first means the table of contents, the outline and
//! "Page X of Y" know final page numbers when drawing starts. Coordinates
//! are points from the page's top-left corner, y growing downwards
//! (krilla's convention); text `y` is the baseline.

use krilla::tagging::TagKind;

use super::text::Run;
use super::theme::Rgb;

/// What an item is in the tag tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Decoration or pagination furniture, not part of the content.
    Artifact,
    /// Real content, attached to a slot of a structure node.
    Slot(usize),
}

/// One drawable thing.
#[derive(Debug, Clone)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        run: Run,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        radius: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
        width: f32,
        dashed: bool,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Rgb,
    },
    Poly {
        points: Vec<(f32, f32)>,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    /// The page number of a heading, right-aligned at `right` (TOC).
    PageRef {
        heading: usize,
        right: f32,
        y: f32,
        size: f32,
    },
}

/// An item with its tagging mark.
#[derive(Debug, Clone)]
pub struct Placed {
    pub item: Item,
    pub mark: Mark,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    Url(String),
    Heading(usize),
    /// A heading by id, until [`super::layout::resolve_anchors`] finds it
    /// (an id no placed heading has gets no link).
    Anchor(String),
}

/// A clickable area.
#[derive(Debug, Clone)]
pub struct LinkBox {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub target: LinkTarget,
    /// Slot for the tagged annotation (inside a Link structure node).
    pub slot: usize,
    /// Alternate description of the link.
    pub alt: String,
}

/// One laid-out page.
#[derive(Debug, Clone, Default)]
pub struct PageOut {
    pub items: Vec<Placed>,
    pub links: Vec<LinkBox>,
}

/// A heading's final position (TOC, outline, internal links).
#[derive(Debug, Clone)]
pub struct HeadingRef {
    pub level: u8,
    pub text: String,
    pub page: usize,
    pub y: f32,
    /// The heading's id, for in-document links.
    pub id: String,
}

/// A child of a structure node, in reading order.
#[derive(Debug, Clone, Copy)]
pub enum SChild {
    Node(usize),
    Slot(usize),
}

/// A structure node: a tag and its children.
#[derive(Debug, Clone)]
pub struct SNode {
    /// `None` only for the root (the document).
    pub tag: Option<TagKind>,
    pub children: Vec<SChild>,
}

/// The logical structure, built during layout in reading order.
#[derive(Debug, Clone)]
pub struct Structure {
    pub nodes: Vec<SNode>,
    pub slots: usize,
}

impl Structure {
    /// The root node's index.
    pub const ROOT: usize = 0;

    /// An empty structure with only the root.
    pub fn new() -> Self {
        Structure {
            nodes: vec![SNode {
                tag: None,
                children: Vec::new(),
            }],
            slots: 0,
        }
    }

    /// Adds a child node under `parent`.
    pub fn node(&mut self, parent: usize, tag: impl Into<TagKind>) -> usize {
        self.nodes.push(SNode {
            tag: Some(tag.into()),
            children: Vec::new(),
        });
        let id = self.nodes.len() - 1;
        self.nodes[parent].children.push(SChild::Node(id));
        id
    }

    /// Reserves a content slot under `parent`.
    pub fn slot(&mut self, parent: usize) -> usize {
        let id = self.slots;
        self.slots += 1;
        self.nodes[parent].children.push(SChild::Slot(id));
        id
    }
}

impl Default for Structure {
    fn default() -> Self {
        Self::new()
    }
}

/// The most characters a string of the PDF's structure may hold (tag
/// titles, alt texts, outline entries, metadata): PDF limits a string to
/// 32,767 bytes, and a character may take two or four.
pub const MAX_PDF_TEXT: usize = 4000;

/// `text`, cut to [`MAX_PDF_TEXT`] characters with an ellipsis.
pub fn pdf_text(text: &str) -> String {
    match text.char_indices().nth(MAX_PDF_TEXT) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}
