//! Drawing the display list with `pdf-writer` directly: page furniture,
//! tagged content, link annotations, the tag tree, outline, fonts and
//! metadata, written by us.
//!
//! Each distinct word's glyph string is encoded once ([`content::Encoded`])
//! and copied wherever the word is drawn; pages are drawn and compressed in
//! parallel on the rayon pool, in page order. Nothing depends on the clock
//! or on hash order: object numbers are allocated in a fixed order and the
//! document ID is a hash of the content and metadata.

mod content;
mod fonts;
mod meta;
mod objstm;
mod tags;

use std::io::Write;

use pdf_writer::types::{ActionType, AnnotationFlags, AnnotationType, TabOrder};
use pdf_writer::writers::StructTreeRoot;
use pdf_writer::{Chunk, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr, XRefFilter};
use rayon::prelude::*;

use super::display::{HeadingRef, LinkTarget, MAX_PDF_TEXT, pdf_text};
use super::draw::{RunningHeader, shaped_run};
use super::fonts::{FontId, WordId};
use super::text::Run;
use super::theme;
use super::{Paginated, PdfError, PdfStandard, outline_entries};
use crate::document::wording;
use content::{Encoded, PageWriter};
use fonts::Embedded;
use tags::Kid;

/// Deflates `data` (zlib format, as FlateDecode wants) at `level`.
pub(crate) fn compress(data: &[u8], level: u32) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 3 + 16),
        flate2::Compression::new(level),
    );
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// Deflates `data` with a compressor that is reset and reused: setting up
/// a zlib-rs compressor (its window and hash tables) cost as much as
/// compressing a page, so each rayon job keeps one for all its pages.
fn compress_with(c: &mut flate2::Compress, data: &[u8]) -> Vec<u8> {
    c.reset();
    let mut out = Vec::with_capacity(data.len() / 3 + 64);
    loop {
        let read = c.total_in() as usize;
        let status = c.compress_vec(
            &data[read.min(data.len())..],
            &mut out,
            flate2::FlushCompress::Finish,
        );
        match status {
            Ok(flate2::Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(64)),
            // Compressing into a Vec cannot fail; fall back to the
            // one-shot path should it ever.
            Err(_) => return compress(data, 1),
        }
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every machine and build
/// (subset tags, the document ID).
pub(crate) fn fnv(seed: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// One page drawn: its compressed content, the slots of its MCIDs, and a
/// hash of the uncompressed content (for the document ID).
struct Drawn {
    packed: Vec<u8>,
    marks: Vec<(usize, i32)>,
    hash: u64,
}

/// Draws and serializes the laid-out pages.
pub fn draw(paginated: Paginated) -> Result<Vec<u8>, PdfError> {
    let Paginated {
        pages,
        structure,
        headings,
        geo,
        mut shaper,
        meta,
        standard,
        ..
    } = paginated;
    let total = pages.len();

    // Everything still to shape is shaped first; then the shaper is only
    // read, from every thread.
    let header = RunningHeader::new(&mut shaper, &geo, &meta);
    let size = RunningHeader::SIZE;
    let footer = shaped_run(
        &mut shaper,
        &wording::page_footer(&meta),
        FontId::Regular,
        size,
        theme::MUTED,
    );
    let numbers: Vec<Run> = (0..total)
        .map(|i| {
            shaped_run(
                &mut shaper,
                &wording::page_number(i + 1, total),
                FontId::Regular,
                size,
                theme::MUTED,
            )
        })
        .collect();
    // Page numbers for the contents, at 1 pt (scaled where drawn).
    let page_numbers: Vec<Run> = (1..=total)
        .map(|n| {
            shaped_run(
                &mut shaper,
                &n.to_string(),
                FontId::Regular,
                1.0,
                theme::TEXT,
            )
        })
        .collect();
    let shaper = shaper;

    // The words drawn, per face: a word is listed under every face its
    // glyphs are in (a fallback face draws what its style's face lacks).
    let mut used = vec![false; shaper.word_count()];
    let mut per_face: Vec<Vec<WordId>> = vec![Vec::new(); shaper.face_count()];
    let mut mark = |run: &Run| {
        for &w in &run.words {
            if !std::mem::replace(&mut used[w.index()], true) {
                // Faces seen in this word, as a bit set (faces fit a byte).
                let mut seen = [0u64; 4];
                let mut add = |face: usize, list: &mut Vec<Vec<WordId>>| {
                    let (word, bit) = (face / 64, 1u64 << (face % 64));
                    if seen[word] & bit == 0 {
                        seen[word] |= bit;
                        list[face].push(w);
                    }
                };
                for g in &shaper.shaped(w).glyphs {
                    add(usize::from(g.face), &mut per_face);
                }
                // The run selects its style's font first (`Tf`), so that
                // font is embedded even when a fallback draws every glyph.
                add(run.font.index(), &mut per_face);
            }
        }
    };
    for run in [&header.left, &header.right, &footer]
        .into_iter()
        .chain(&numbers)
        .chain(&page_numbers)
    {
        mark(run);
    }
    for page in &pages {
        for placed in &page.items {
            if let super::display::Item::Text { run, .. } = &placed.item {
                mark(run);
            }
        }
    }
    for list in &mut per_face {
        list.sort_unstable_by_key(|w| w.index());
    }
    let fonts: Vec<Option<Embedded>> = per_face
        .iter()
        .enumerate()
        .map(|(face, list)| (!list.is_empty()).then(|| Embedded::plan(&shaper, face, list)))
        .collect();
    let mut encoded = Encoded {
        words: vec![None; shaper.word_count()],
    };
    for list in &per_face {
        let codes: Vec<(WordId, Vec<u8>)> = list
            .par_iter()
            .filter(|&&w| content::cacheable(&shaper, w))
            .map(|&w| (w, content::encode_word(&shaper, &fonts, w, None)))
            .collect();
        for (w, code) in codes {
            encoded.words[w.index()] = Some(code.into_boxed_slice());
        }
    }

    let height = geo.height;
    let drawn: Vec<Drawn> = pages
        .par_iter()
        .enumerate()
        .map_init(
            || flate2::Compress::new(flate2::Compression::new(1), true),
            |deflate, (index, page)| {
                let mut w = PageWriter {
                    out: Vec::with_capacity(16 * 1024),
                    shaper: &shaper,
                    fonts: &fonts,
                    encoded: &encoded,
                    height,
                    marks: Vec::new(),
                };
                let rule = |y: f32| super::display::Item::Line {
                    x1: geo.left,
                    y1: y,
                    x2: geo.right,
                    y2: y,
                    color: theme::RULE,
                    width: 0.6,
                    dashed: false,
                };
                w.begin();
                w.out
                    .extend_from_slice(b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n");
                let hy = geo.top - 30.0;
                w.run(&header.left, geo.left, hy);
                w.run(&header.right, geo.right - header.right.width, hy);
                w.item(&rule(hy + 6.0), &[], &[]);
                w.out.extend_from_slice(b"EMC\n");
                w.out
                    .extend_from_slice(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n");
                let fy = geo.bottom + 36.0;
                w.item(&rule(fy - 12.0), &[], &[]);
                let num = &numbers[index];
                if footer.width < geo.content_width() - num.width - 24.0 {
                    w.run(&footer, geo.left, fy);
                }
                w.run(num, geo.right - num.width, fy);
                w.out.extend_from_slice(b"EMC\n");
                w.items(page, &headings, &page_numbers);
                w.end();
                let hash = fnv(index as u64, w.out.iter().copied());
                Drawn {
                    packed: compress_with(deflate, &w.out),
                    marks: w.marks,
                    hash,
                }
            },
        )
        .collect();

    // Object numbers, in a fixed order.
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let page_tree = alloc();
    let tree_root = alloc();
    let info = alloc();
    let xmp = alloc();
    let page_refs: Vec<Ref> = (0..total).map(|_| alloc()).collect();
    let content_refs: Vec<Ref> = (0..total).map(|_| alloc()).collect();
    let font_refs: Vec<Option<Ref>> = fonts.iter().map(|f| f.as_ref().map(|_| alloc())).collect();

    // The display list is the biggest thing in memory: keep only the links
    // of each page, and free the encoded words, before writing objects.
    let links: Vec<Vec<super::display::LinkBox>> = pages.into_iter().map(|p| p.links).collect();
    drop(encoded);
    // Room for the page streams and about 100 bytes per structure element,
    // so the output buffer does not grow by copying itself.
    let packed: usize = drawn.iter().map(|d| d.packed.len()).sum();
    let mut pdf = Pdf::with_capacity(packed + 100 * structure.nodes.len() + (1 << 20));
    pdf.set_version(1, 7);

    // Content, in reading order per slot: marked content, then links.
    let mut kids: Vec<Vec<Kid>> = vec![Vec::new(); structure.slots];
    let mut annots: Vec<Vec<Ref>> = vec![Vec::new(); total];
    let mut annot_keys = Vec::new();
    let dest = |h: &HeadingRef| {
        let page = page_refs[h.page.min(total.saturating_sub(1))];
        (page, geo.left, height - (h.y - 6.0).max(0.0))
    };
    for (index, (page_links, d)) in links.iter().zip(&drawn).enumerate() {
        for &(slot, mcid) in &d.marks {
            if let Some(k) = kids.get_mut(slot) {
                k.push(Kid::Content { page: index, mcid });
            }
        }
        for link in page_links {
            if ![link.x, link.y, link.w, link.h]
                .iter()
                .all(|v| v.is_finite())
            {
                continue;
            }
            let target = match &link.target {
                // A URI longer than a PDF string can hold keeps its text
                // and loses its link.
                LinkTarget::Url(url) if url.len() > MAX_PDF_TEXT => continue,
                LinkTarget::Url(url) => Ok(url.as_str()),
                LinkTarget::Anchor(_) => continue,
                LinkTarget::Heading(h) => match headings.get(*h) {
                    Some(h) => Err(dest(h)),
                    None => continue,
                },
            };
            let annot = alloc();
            let key = (total + annot_keys.len()) as i32;
            annot_keys.push(annot);
            annots[index].push(annot);
            if let Some(k) = kids.get_mut(link.slot) {
                k.push(Kid::Annot { page: index, annot });
            }
            let (w, h) = (link.w.max(1.0), link.h.max(1.0));
            let mut a = pdf.annotation(annot);
            a.subtype(AnnotationType::Link)
                .rect(Rect::new(
                    link.x,
                    height - link.y - h,
                    link.x + w,
                    height - link.y,
                ))
                .contents(TextStr(&pdf_text(&link.alt)))
                .flags(AnnotationFlags::PRINT)
                .border(0.0, 0.0, 0.0, None)
                .struct_parent(key);
            match target {
                Ok(url) => {
                    a.action()
                        .action_type(ActionType::Uri)
                        .uri(Str(url.as_bytes()));
                }
                Err((page, left, top)) => {
                    a.action()
                        .action_type(ActionType::GoTo)
                        .destination()
                        .page(page)
                        .xyz(left, top, None);
                }
            }
            a.finish();
        }
    }

    let mut written = tags::write(
        &mut pdf,
        &mut alloc,
        &structure,
        &kids,
        &page_refs,
        meta.language,
        tree_root,
    );
    drop(kids);
    drop(structure);
    let packed = std::mem::take(&mut written.elements).write(&mut pdf, &mut alloc);
    let entries = outline_entries(&meta, &geo, &headings);
    let outline = tags::outline(&mut pdf, &mut alloc, &entries, dest);

    // The ParentTree: each page's MCIDs, then each annotation.
    let arrays: Vec<Ref> = (0..total).map(|_| alloc()).collect();
    for (r, list) in arrays.iter().zip(&written.by_mcid) {
        pdf.indirect(*r)
            .array()
            .items(list.iter().map(|e| e.unwrap_or(written.root)));
    }
    let annot_parent: std::collections::HashMap<Ref, Ref> =
        written.by_annot.iter().copied().collect();
    {
        let mut root = pdf.indirect(tree_root).start::<StructTreeRoot>();
        root.children().item(written.root);
        let mut tree = root.parent_tree();
        let mut nums = tree.nums();
        for (i, r) in arrays.iter().enumerate() {
            nums.insert(i as i32, *r);
        }
        for (k, annot) in annot_keys.iter().enumerate() {
            nums.insert(
                (total + k) as i32,
                annot_parent.get(annot).copied().unwrap_or(written.root),
            );
        }
        nums.finish();
        tree.finish();
        root.parent_tree_next_key((total + annot_keys.len()) as i32);
    }

    let hashes: Vec<u8> = drawn.iter().flat_map(|d| d.hash.to_le_bytes()).collect();
    // Pages; each page's stream is freed once copied into the output.
    pdf.pages(page_tree)
        .kids(page_refs.iter().copied())
        .count(total as i32);
    for (index, d) in drawn.into_iter().enumerate() {
        let mut page = pdf.page(page_refs[index]);
        page.parent(page_tree)
            .media_box(Rect::new(0.0, 0.0, geo.width, height))
            .contents(content_refs[index])
            .struct_parents(index as i32)
            .tab_order(TabOrder::StructureOrder);
        if !annots[index].is_empty() {
            page.annotations(annots[index].iter().copied());
        }
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (f, r) in font_refs.iter().enumerate() {
            if let Some(r) = r {
                font_dict.pair(Name(format!("F{f}").as_bytes()), *r);
            }
        }
        font_dict.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_refs[index], &d.packed)
            .filter(Filter::FlateDecode);
    }
    drop(links);

    let mut font_chunk = Chunk::new();
    for (font, r) in fonts.iter().zip(&font_refs) {
        if let (Some(font), Some(r)) = (font, r) {
            font.write(&shaper, &mut font_chunk, &mut alloc, *r)?;
        }
    }
    pdf.extend(&font_chunk);

    // The document ID: the content and the metadata, hashed.
    let id_a = fnv(1, hashes.iter().copied().chain(meta.title.bytes()));
    let id_b = fnv(2, hashes.iter().copied().chain(meta.system.bytes()));
    let file_id: Vec<u8> = id_a
        .to_be_bytes()
        .into_iter()
        .chain(id_b.to_be_bytes())
        .collect();
    let id_hex: String = file_id.iter().map(|b| format!("{b:02x}")).collect();

    meta::write(
        &mut pdf,
        &mut alloc,
        &meta::Parts {
            meta: &meta,
            a2b: standard == PdfStandard::A2b,
            catalog,
            page_tree,
            tree_root,
            outline,
            info,
            xmp,
            id_hex: &id_hex,
        },
    );
    pdf.set_file_id((file_id.clone(), file_id));
    // A cross-reference stream: binary offsets, compressed, instead of a
    // 20-byte text line per object (a big report has ~300,000 objects).
    let xref = alloc();
    // Its rows run from object 0 to the xref stream's own number (the last
    // allocated); the packed objects' rows point into their streams.
    let size = xref.get() as usize + 1;
    let out = pdf.finish_with_xref_stream_and_filter(xref, |data| {
        let rows = objstm::place_in_xref(data, size, &packed);
        (compress(&rows, 1), XRefFilter::Single(Filter::FlateDecode))
    });
    Ok(out)
}
