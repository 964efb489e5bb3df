//! The tag tree: structure elements for the layout's [`Structure`], with
//! marked-content references and link annotations (OBJR) as their kids,
//! the ParentTree that leads back from content to element, and the
//! document outline.

use krilla::tagging::{ListNumbering as KListNumbering, TableHeaderScope as KScope, TagKind};
use pdf_writer::types::{ListNumbering, StructRole, TableHeaderScope};
use pdf_writer::{Chunk, Finish, Ref, TextStr};

use super::super::display::{HeadingRef, SChild, Structure, pdf_text};
use super::objstm::{self, Packer};

/// What a content slot was drawn as, in content order.
#[derive(Debug, Clone, Copy)]
pub enum Kid {
    /// A marked-content sequence on a page (page index, MCID).
    Content { page: usize, mcid: i32 },
    /// A link annotation on a page.
    Annot { page: usize, annot: Ref },
}

/// Where the elements' kids are, to write the ParentTree.
pub struct Written {
    /// The root (Document) element.
    pub root: Ref,
    /// The element each kid belongs to: by page, by MCID.
    pub by_mcid: Vec<Vec<Option<Ref>>>,
    /// The element of each annotation (by annotation ref).
    pub by_annot: Vec<(Ref, Ref)>,
    /// The elements themselves, to be packed into object streams.
    pub elements: Packer,
}

fn role(tag: &TagKind) -> StructRole {
    match tag {
        TagKind::Hn(h) => match h.level().get() {
            1 => StructRole::H1,
            2 => StructRole::H2,
            3 => StructRole::H3,
            4 => StructRole::H4,
            5 => StructRole::H5,
            _ => StructRole::H6,
        },
        TagKind::P(_) => StructRole::P,
        TagKind::L(_) => StructRole::L,
        TagKind::LI(_) => StructRole::LI,
        TagKind::Lbl(_) => StructRole::Lbl,
        TagKind::LBody(_) => StructRole::LBody,
        TagKind::Table(_) => StructRole::Table,
        TagKind::THead(_) => StructRole::THead,
        TagKind::TBody(_) => StructRole::TBody,
        TagKind::TFoot(_) => StructRole::TFoot,
        TagKind::TR(_) => StructRole::TR,
        TagKind::TH(_) => StructRole::TH,
        TagKind::TD(_) => StructRole::TD,
        TagKind::Figure(_) => StructRole::Figure,
        TagKind::Caption(_) => StructRole::Caption,
        TagKind::Link(_) => StructRole::Link,
        TagKind::TOC(_) => StructRole::TOC,
        TagKind::TOCI(_) => StructRole::TOCI,
        TagKind::Code(_) => StructRole::Code,
        TagKind::BlockQuote(_) => StructRole::BlockQuote,
        TagKind::NonStruct(_) => StructRole::NonStruct,
        TagKind::Span(_) => StructRole::Span,
        TagKind::Section(_) => StructRole::Sect,
        TagKind::Div(_) => StructRole::Div,
        TagKind::Part(_) => StructRole::Part,
        TagKind::Note(_) => StructRole::Note,
        TagKind::Formula(_) => StructRole::Formula,
        _ => StructRole::Span,
    }
}

/// Builds the tag tree: its elements are returned for object streams
/// ([`Written::elements`]; one that cannot be packed is written into
/// `chunk`). `kids[slot]` lists what each content
/// slot was drawn as; elements that end up without any content are left
/// out (as krilla did). `pages` are the page objects.
pub fn write(
    chunk: &mut Chunk,
    alloc: &mut impl FnMut() -> Ref,
    structure: &Structure,
    kids: &[Vec<Kid>],
    pages: &[Ref],
    lang: &str,
    tree_root: Ref,
) -> Written {
    // Which nodes have content below them: children always come after
    // their parent in `nodes`, so one backward pass settles it.
    let mut has = vec![false; structure.nodes.len()];
    for n in (0..structure.nodes.len()).rev() {
        has[n] = structure.nodes[n].children.iter().any(|c| match c {
            SChild::Node(m) => has[*m],
            SChild::Slot(s) => kids.get(*s).is_some_and(|k| !k.is_empty()),
        });
    }
    let mut refs: Vec<Option<Ref>> = vec![None; structure.nodes.len()];
    let mut parents: Vec<Ref> = vec![tree_root; structure.nodes.len()];
    // Refs in document order (preorder), iteratively: nesting may be deep.
    let mut stack = vec![Structure::ROOT];
    let mut order = Vec::new();
    while let Some(n) = stack.pop() {
        let r = alloc();
        refs[n] = Some(r);
        order.push(n);
        for child in structure.nodes[n].children.iter().rev() {
            if let SChild::Node(m) = child
                && has[*m]
            {
                parents[*m] = r;
                stack.push(*m);
            }
        }
    }
    let page_count = pages.len();
    let mut packer = Packer::default();
    let mut by_mcid: Vec<Vec<Option<Ref>>> = vec![Vec::new(); page_count];
    let mut by_annot = Vec::new();
    for &n in &order {
        let me = refs[n].expect("assigned above");
        let node = &structure.nodes[n];
        let first_page = node.children.iter().find_map(|c| match c {
            SChild::Slot(s) => kids.get(*s).and_then(|k| k.first()).map(|k| match k {
                Kid::Content { page, .. } | Kid::Annot { page, .. } => *page,
            }),
            SChild::Node(_) => None,
        });
        // Written compactly on its own, to be packed into an object stream.
        let mut one = objstm::chunk_for_one();
        let mut elem = one.struct_element(me);
        match &node.tag {
            None => {
                elem.kind(StructRole::Document);
                elem.lang(TextStr(lang));
            }
            Some(tag) => {
                elem.kind(role(tag));
                if let TagKind::Hn(h) = tag
                    && let Some(title) = h.title()
                {
                    elem.title(TextStr(&pdf_text(title)));
                }
                if let Some(alt) = tag.alt_text() {
                    elem.alt(TextStr(&pdf_text(alt)));
                }
                if let TagKind::L(l) = tag {
                    let numbering = match l.numbering() {
                        KListNumbering::None => ListNumbering::None,
                        KListNumbering::Disc => ListNumbering::Disc,
                        KListNumbering::Circle => ListNumbering::Circle,
                        KListNumbering::Square => ListNumbering::Square,
                        KListNumbering::Decimal => ListNumbering::Decimal,
                        KListNumbering::LowerRoman => ListNumbering::LowerRoman,
                        KListNumbering::UpperRoman => ListNumbering::UpperRoman,
                        KListNumbering::LowerAlpha => ListNumbering::LowerAlpha,
                        KListNumbering::UpperAlpha => ListNumbering::UpperAlpha,
                    };
                    elem.attributes().push().list().list_numbering(numbering);
                }
                if let TagKind::TH(th) = tag {
                    let scope = match th.scope() {
                        KScope::Row => TableHeaderScope::Row,
                        KScope::Column => TableHeaderScope::Column,
                        KScope::Both => TableHeaderScope::Both,
                    };
                    elem.attributes().push().table().scope(scope);
                }
            }
        }
        elem.parent(parents[n]);
        if let Some(p) = first_page {
            elem.page(pages[p]);
        }
        let mut children = elem.children();
        for child in &node.children {
            match child {
                SChild::Node(m) => {
                    if let Some(r) = refs[*m] {
                        children.struct_element(r);
                    }
                }
                SChild::Slot(s) => {
                    for kid in kids.get(*s).into_iter().flatten() {
                        match *kid {
                            Kid::Content { page, mcid } => {
                                if Some(page) == first_page {
                                    children.marked_content_id(mcid);
                                } else {
                                    children
                                        .marked_content_ref()
                                        .page(pages[page])
                                        .marked_content_id(mcid);
                                }
                                let list = &mut by_mcid[page];
                                let at = mcid as usize;
                                if list.len() <= at {
                                    list.resize(at + 1, None);
                                }
                                list[at] = Some(me);
                            }
                            Kid::Annot { page, annot } => {
                                children.object_ref().page(pages[page]).object(annot);
                                by_annot.push((annot, me));
                            }
                        }
                    }
                }
            }
        }
        children.finish();
        elem.finish();
        packer.add(me, &one, chunk);
    }
    Written {
        root: refs[Structure::ROOT].expect("the root always has a ref"),
        by_mcid,
        by_annot,
        elements: packer,
    }
}

/// Writes the outline, nested by heading level; returns its root, or
/// `None` without headings. `dest(h)` gives a heading's page and top.
pub fn outline(
    chunk: &mut Chunk,
    alloc: &mut impl FnMut() -> Ref,
    headings: &[HeadingRef],
    dest: impl Fn(&HeadingRef) -> (Ref, f32, f32),
) -> Option<Ref> {
    if headings.is_empty() {
        return None;
    }
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
    // Each item's index among its siblings.
    let mut at_of = vec![0usize; headings.len()];
    for (i, p) in parent.iter().enumerate() {
        let list = match p {
            Some(p) => &mut children[*p],
            None => &mut roots,
        };
        at_of[i] = list.len();
        list.push(i);
    }
    let root = alloc();
    let refs: Vec<Ref> = headings.iter().map(|_| alloc()).collect();
    // Visible descendants: an item's own children count when it is open.
    let mut visible = vec![0i32; headings.len()];
    for i in (0..headings.len()).rev() {
        let open = headings[i].level <= 1;
        if open {
            visible[i] = children[i]
                .iter()
                .map(|&c| 1 + visible[c].max(0))
                .sum::<i32>();
        } else {
            visible[i] = -(children[i].len() as i32);
        }
    }
    let siblings = |list: &[usize], at: usize| {
        (
            at.checked_sub(1).map(|p| refs[list[p]]),
            list.get(at + 1).map(|&n| refs[n]),
        )
    };
    for (i, h) in headings.iter().enumerate() {
        let list = match parent[i] {
            Some(p) => &children[p],
            None => &roots,
        };
        let (prev, next) = siblings(list, at_of[i]);
        let mut item = chunk.outline_item(refs[i]);
        item.title(TextStr(&pdf_text(&h.text)));
        item.parent(parent[i].map_or(root, |p| refs[p]));
        if let Some(p) = prev {
            item.prev(p);
        }
        if let Some(n) = next {
            item.next(n);
        }
        if let (Some(&f), Some(&l)) = (children[i].first(), children[i].last()) {
            item.first(refs[f]).last(refs[l]);
            item.count(visible[i]);
        }
        let (page, left, top) = dest(h);
        item.dest().page(page).xyz(left, top, None);
    }
    let total: i32 = roots.iter().map(|&r| 1 + visible[r].max(0)).sum();
    let mut o = chunk.outline(root);
    o.first(refs[roots[0]])
        .last(refs[*roots.last().expect("non-empty")]);
    o.count(total);
    o.finish();
    Some(root)
}
