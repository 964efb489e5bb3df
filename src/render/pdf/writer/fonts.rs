//! Embedding the faces a document uses: each as a Type0 font (Identity-H)
//! over a CIDFontType2 subset made by `subsetter`, with a W widths array,
//! a CIDSet and a ToUnicode CMap.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};

use super::super::fonts::{Shaper, WordId};
use super::compress;
use crate::render::pdf::PdfError;

const SYSTEM_INFO: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// One face as the document uses it: old glyph ids mapped to the subset's
/// CIDs, widths, and the text each CID stands for.
pub struct Embedded {
    /// The face (an index of the shaper's faces).
    pub face: usize,
    /// CID by original glyph id (0 for glyphs not in the subset).
    cids: Vec<u16>,
    /// Original glyph id by CID (CID 0 is .notdef).
    gids: Vec<u16>,
    /// Width in thousandths of an em, by CID.
    widths: Vec<f32>,
    /// The text of each CID, as the ToUnicode CMap says it.
    texts: Vec<Option<Box<str>>>,
}

impl Embedded {
    /// The subset's CID of an original glyph id.
    pub fn cid(&self, gid: u32) -> u16 {
        self.cids.get(gid as usize).copied().unwrap_or(0)
    }

    /// The font's own width of a CID in thousandths of an em.
    pub fn width(&self, cid: u16) -> f32 {
        self.widths.get(usize::from(cid)).copied().unwrap_or(0.0)
    }

    /// The text the ToUnicode CMap gives a CID.
    fn text(&self, cid: u16) -> &str {
        self.texts
            .get(usize::from(cid))
            .and_then(|t| t.as_deref())
            .unwrap_or("")
    }

    /// Whether the ToUnicode text of the word's glyphs (each in its face's
    /// font of `fonts`) spells the word (otherwise it is drawn inside an
    /// ActualText span).
    pub fn spells(fonts: &[Option<Embedded>], shaper: &Shaper, id: WordId) -> bool {
        let shaped = shaper.shaped(id);
        let mut rest: &str = &shaped.text;
        for g in &shaped.glyphs {
            let Some(Some(font)) = fonts.get(usize::from(g.face)) else {
                return false;
            };
            let text = font.text(font.cid(g.id));
            match rest.strip_prefix(text) {
                Some(r) if !text.is_empty() => rest = r,
                _ => return false,
            }
        }
        rest.is_empty()
    }

    /// Collects the glyphs in `face` of the `used` words into a subset
    /// plan; the first cluster text seen for a glyph becomes its mapping.
    pub fn plan(shaper: &Shaper, face_index: usize, used: &[WordId]) -> Embedded {
        let face = shaper.face(face_index);
        let mut by_gid: BTreeMap<u16, Option<Box<str>>> = BTreeMap::new();
        for &id in used {
            let shaped = shaper.shaped(id);
            let mut last_start = None;
            for g in &shaped.glyphs {
                // Cluster starts are counted over all the word's glyphs,
                // whatever their face.
                let first_of_cluster = last_start != Some(g.start);
                last_start = Some(g.start);
                if usize::from(g.face) != face_index {
                    continue;
                }
                let Ok(gid) = u16::try_from(g.id) else {
                    continue;
                };
                let text = shaped
                    .text
                    .get(g.start as usize..g.end as usize)
                    .filter(|t| !t.is_empty() && first_of_cluster);
                let entry = by_gid.entry(gid).or_insert(None);
                if entry.is_none() {
                    *entry = text.map(Box::from);
                }
            }
        }
        // A glyph only ever seen after the first glyph of its cluster still
        // needs a mapping: the cluster's text (its words get ActualText).
        for &id in used {
            let shaped = shaper.shaped(id);
            for g in shaped
                .glyphs
                .iter()
                .filter(|g| usize::from(g.face) == face_index)
            {
                let Ok(gid) = u16::try_from(g.id) else {
                    continue;
                };
                if let Some(entry @ None) = by_gid.get_mut(&gid) {
                    *entry = shaped
                        .text
                        .get(g.start as usize..g.end as usize)
                        .filter(|t| !t.is_empty())
                        .map(Box::from);
                }
            }
        }
        by_gid.remove(&0);
        let upem = face.units_per_em() as f32;
        let mut cids = vec![0u16; usize::from(face.number_of_glyphs())];
        let mut gids = vec![0u16];
        let mut widths = vec![advance(face, 0, upem)];
        let mut texts = vec![None];
        for (gid, text) in by_gid {
            if let Some(slot) = cids.get_mut(usize::from(gid)) {
                *slot = gids.len() as u16;
                gids.push(gid);
                widths.push(advance(face, gid, upem));
                texts.push(text);
            }
        }
        Embedded {
            face: face_index,
            cids,
            gids,
            widths,
            texts,
        }
    }

    /// A six-letter subset tag derived from the glyph set.
    fn tag(&self) -> String {
        let mut hash = super::fnv(0, self.gids.iter().flat_map(|g| g.to_be_bytes()));
        (0..6)
            .map(|_| {
                let c = char::from(b'A' + (hash % 26) as u8);
                hash /= 26;
                c
            })
            .collect()
    }

    /// Writes the Type0 font `root` and its descendant objects; fails when
    /// the face cannot be subset to the glyphs used (only a user's font
    /// can: the DejaVu faces always subset).
    pub fn write(
        &self,
        shaper: &Shaper,
        chunk: &mut Chunk,
        alloc: &mut impl FnMut() -> Ref,
        root: Ref,
    ) -> Result<(), PdfError> {
        let face = shaper.face(self.face);
        let cff = shaper.is_cff(self.face);
        let cid_ref = alloc();
        let descriptor_ref = alloc();
        let file_ref = alloc();
        let cmap_ref = alloc();
        let cid_set_ref = alloc();
        let ps_name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == 6)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| format!("Font{}", self.face));
        // A name is a PDF name: keep it to the characters one may hold
        // unescaped (a fallback font's name table is the user's).
        let ps_name: String = ps_name
            .chars()
            .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
            .take(100)
            .collect();
        let ps_name = if ps_name.is_empty() {
            format!("Font{}", self.face)
        } else {
            ps_name
        };
        let base = format!("{}+{}", self.tag(), ps_name);
        let name = Name(base.as_bytes());

        chunk
            .type0_font(root)
            .base_font(name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap_ref);

        let mut cid = chunk.cid_font(cid_ref);
        cid.subtype(if cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(name)
        .system_info(SYSTEM_INFO)
        .font_descriptor(descriptor_ref)
        .default_width(0.0);
        // A CFF subset is CID-keyed with CID = new glyph id already; a
        // TrueType one is mapped by identity.
        if !cff {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let mut w = cid.widths();
        let mut first = 0usize;
        while first < self.widths.len() {
            let width = self.widths[first];
            let mut last = first;
            while last + 1 < self.widths.len() && self.widths[last + 1] == width {
                last += 1;
            }
            w.same(first as u16, last as u16, width);
            first = last + 1;
        }
        w.finish();
        cid.finish();

        let upem = face.units_per_em() as f32;
        let to_pdf = |v: f32| v / upem * 1000.0;
        let bbox = face.global_bounding_box();
        let ascent = to_pdf(f32::from(face.ascender()));
        let mut flags = FontFlags::SYMBOLIC;
        flags.set(FontFlags::FIXED_PITCH, face.is_monospaced());
        flags.set(
            FontFlags::ITALIC,
            face.is_italic() || face.italic_angle() != 0.0,
        );
        let mut descriptor = chunk.font_descriptor(descriptor_ref);
        descriptor
            .name(name)
            .flags(flags)
            .bbox(Rect::new(
                to_pdf(f32::from(bbox.x_min)),
                to_pdf(f32::from(bbox.y_min)),
                to_pdf(f32::from(bbox.x_max)),
                to_pdf(f32::from(bbox.y_max)),
            ))
            .italic_angle(face.italic_angle())
            .ascent(ascent)
            .descent(to_pdf(f32::from(face.descender())))
            .cap_height(
                face.capital_height()
                    .map_or(ascent, |h| to_pdf(f32::from(h))),
            )
            .stem_v(10.0 + 0.244 * (f32::from(face.weight().to_number()) - 50.0))
            .cid_set(cid_set_ref);
        if cff {
            descriptor.font_file3(file_ref);
        } else {
            descriptor.font_file2(file_ref);
        }
        descriptor.finish();

        let mut remapper = subsetter::GlyphRemapper::new();
        for &gid in &self.gids {
            remapper.remap(gid);
        }
        // The content streams use the subset's glyph ids as CIDs, so the
        // whole font cannot stand in for a subset that fails: the font is
        // refused instead, naming it. (Loading checked only that a face
        // subsets at all; a damaged glyph shows only when it is used.)
        let (source, index) = shaper.data(self.face);
        let data = subsetter::subset(source, index, &remapper).map_err(|e| {
            PdfError::Font(format!(
                "font `{}`{}: cannot be subset to the glyphs this document needs ({e:?}); the font may be damaged",
                shaper
                    .source(self.face)
                    .map_or_else(|| "DejaVu".to_owned(), |p| p.display().to_string()),
                if index > 0 { format!(" (face {index})") } else { String::new() },
            ))
        })?;
        if cff {
            // The bare CFF program of the subset, as CIDFontType0C.
            let program = rustybuzz::ttf_parser::RawFace::parse(&data, 0)
                .ok()
                .and_then(|raw| raw.table(rustybuzz::ttf_parser::Tag::from_bytes(b"CFF ")))
                .unwrap_or(&data);
            let packed = compress(program, 6);
            chunk
                .stream(file_ref, &packed)
                .filter(Filter::FlateDecode)
                .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        } else {
            let packed = compress(&data, 6);
            chunk
                .stream(file_ref, &packed)
                .filter(Filter::FlateDecode)
                .pair(Name(b"Length1"), data.len() as i32);
        }

        // CIDs run from 0 without gaps, so the CIDSet is all ones.
        let n = self.gids.len();
        let mut set = vec![0xFFu8; n / 8];
        if !n.is_multiple_of(8) {
            set.push(!(0xFFu8 >> (n % 8)));
        }
        chunk.stream(cid_set_ref, &set);

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
        for (cid, text) in self.texts.iter().enumerate().skip(1) {
            if let Some(text) = text {
                cmap.pair_with_multiple(cid as u16, text.chars());
            }
        }
        let packed = compress(&cmap.finish(), 6);
        chunk.cmap(cmap_ref, &packed).filter(Filter::FlateDecode);
        Ok(())
    }
}

fn advance(face: &rustybuzz::Face<'_>, gid: u16, upem: f32) -> f32 {
    let adv = face
        .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
        .unwrap_or(0);
    (f32::from(adv) / upem * 1000.0 * 1000.0).round() / 1000.0
}
