//! The embedded DejaVu fonts and a caching text shaper.
//!
//! The same font bytes serve both sides: rustybuzz shapes and measures words
//! during layout, and krilla subsets and embeds the glyphs we hand it, so what
//! we measure is exactly what is drawn. Shaping is the layout hot spot (a big
//! report repeats the same few thousand words many times), so every shaped
//! word is cached by `(font, word)`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use krilla::text::{Font, GlyphId, KrillaGlyph};

static SANS: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");
static SANS_OBLIQUE: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Oblique.ttf");
static MONO: &[u8] = include_bytes!("../../../fonts/DejaVuSansMono.ttf");

/// The replacement drawn for characters the fonts lack (CJK, most emoji).
pub const REPLACEMENT: char = '\u{FFFD}';

/// One of the four shipped faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontId {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
    /// DejaVu Sans Oblique.
    Italic,
    /// DejaVu Sans Mono.
    Mono,
}

impl FontId {
    fn index(self) -> usize {
        self as usize
    }
}

/// A shaped piece of text in em units (multiply by the font size).
#[derive(Debug)]
pub struct Shaped {
    /// The text actually drawn: the input with characters the font lacks
    /// replaced, so the PDF's text layer matches the visible glyphs.
    pub text: Box<str>,
    /// Total advance in em.
    pub width: f32,
    /// Glyphs with advances in em and ranges into `text`.
    pub glyphs: Vec<Glyph>,
}

/// A shaped glyph, stored compactly (a third of a [`KrillaGlyph`]): the
/// display list holds one per character of the report, so its size is most
/// of the PDF renderer's memory. Converted to krilla's type only to draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub id: u32,
    /// Advance in em.
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// Byte range into the run's text.
    pub start: u32,
    pub end: u32,
}

impl Glyph {
    /// The equivalent krilla glyph.
    pub fn to_krilla(self) -> KrillaGlyph {
        KrillaGlyph::new(
            GlyphId::new(self.id),
            self.advance,
            self.x_offset,
            self.y_offset,
            0.0,
            self.start as usize..self.end as usize,
            None,
        )
    }
}

/// Shapes and measures text with the embedded fonts, caching per word.
pub struct Shaper {
    faces: [rustybuzz::Face<'static>; 4],
    fonts: [Font; 4],
    /// One map per font, so a lookup borrows the word (no allocation).
    cache: [HashMap<Box<str>, Rc<Shaped>, BuildHasherDefault<FxHasher>>; 4],
    /// Reused buffer of krilla glyphs for drawing one run.
    scratch: Vec<KrillaGlyph>,
}

/// The Fx hash (as in rustc): words are short and not attacker-chosen in a
/// way that matters for a one-shot render, and SipHash was measurable.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Shaper {
    /// Loads the four embedded faces.
    pub fn new() -> Self {
        let data = [SANS, SANS_BOLD, SANS_OBLIQUE, MONO];
        let faces = data.map(|d| rustybuzz::Face::from_slice(d, 0).expect("embedded font parses"));
        let fonts = data.map(|d| Font::new(d.into(), 0).expect("embedded font loads"));
        Shaper {
            faces,
            fonts,
            cache: Default::default(),
            scratch: Vec::new(),
        }
    }

    /// The krilla font for drawing.
    pub fn font(&self, id: FontId) -> Font {
        self.fonts[id.index()].clone()
    }

    /// Shapes `text` (normally one word or a space) in `font`, from cache
    /// when seen before.
    pub fn shape(&mut self, font: FontId, text: &str) -> Rc<Shaped> {
        if let Some(hit) = self.cache[font.index()].get(text) {
            return hit.clone();
        }
        let shaped = Rc::new(self.shape_uncached(font, text));
        self.cache[font.index()].insert(text.into(), shaped.clone());
        shaped
    }

    /// `glyphs` as krilla glyphs, in a buffer reused between runs.
    pub fn krilla_glyphs(&mut self, glyphs: &[Glyph]) -> &[KrillaGlyph] {
        self.scratch.clear();
        self.scratch.extend(glyphs.iter().map(|g| g.to_krilla()));
        &self.scratch
    }

    /// Width of `text` in points at `size`.
    pub fn width(&mut self, font: FontId, text: &str, size: f32) -> f32 {
        self.shape(font, text).width * size
    }

    /// Number of distinct shaped words cached (for tests).
    #[cfg(test)]
    pub fn cached(&self) -> usize {
        self.cache.iter().map(HashMap::len).sum()
    }

    fn shape_uncached(&self, font: FontId, text: &str) -> Shaped {
        let face = &self.faces[font.index()];
        let clean = sanitize(face, text);
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&clean);
        let out = rustybuzz::shape(face, &[], buffer);
        let upem = face.units_per_em() as f32;
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            // A cluster spans from its start to the next cluster's start
            // (rustybuzz keeps left-to-right order for our LTR text).
            let start = info.cluster as usize;
            let end = infos[i + 1..]
                .iter()
                .map(|g| g.cluster as usize)
                .find(|&c| c > start)
                .unwrap_or(clean.len());
            let advance = pos.x_advance as f32 / upem;
            width += advance;
            glyphs.push(Glyph {
                id: info.glyph_id,
                advance,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
                start: start as u32,
                end: end.max(start) as u32,
            });
        }
        Shaped {
            text: clean.into(),
            width,
            glyphs,
        }
    }
}

impl Default for Shaper {
    fn default() -> Self {
        Self::new()
    }
}

/// Replaces characters the face cannot draw with a visible replacement and
/// drops invisible joiners and variation selectors (they only matter for
/// emoji, which DejaVu draws as the replacement anyway).
fn sanitize(face: &rustybuzz::Face<'_>, text: &str) -> String {
    let fallback = if face.glyph_index(REPLACEMENT).is_some() {
        REPLACEMENT
    } else {
        '?'
    };
    let mut out = String::with_capacity(text.len());
    let mut last_replaced = false;
    for c in text.chars() {
        if matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{200B}') || c.is_control() {
            continue;
        }
        if c == ' ' || face.glyph_index(c).is_some() {
            out.push(c);
            last_replaced = false;
        } else if !last_replaced || !is_modifier(c) {
            out.push(fallback);
            last_replaced = true;
        }
    }
    out
}

/// Emoji skin-tone modifiers and tag characters follow a base emoji; one
/// replacement for the whole sequence reads better than several.
fn is_modifier(c: char) -> bool {
    matches!(c as u32, 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caches_words_and_measures_consistently() {
        let mut s = Shaper::new();
        let a = s.width(FontId::Regular, "Readiness", 10.0);
        let b = s.width(FontId::Regular, "Readiness", 10.0);
        assert_eq!(a, b);
        assert!(a > 30.0 && a < 70.0, "{a}");
        assert_eq!(s.cached(), 1);
        assert!(s.width(FontId::Bold, "Readiness", 10.0) > a);
    }

    #[test]
    fn missing_characters_become_replacement() {
        let mut s = Shaper::new();
        let shaped = s.shape(FontId::Regular, "漢字🙂ok");
        assert_eq!(&*shaped.text, "\u{FFFD}\u{FFFD}\u{FFFD}ok");
        assert!(shaped.glyphs.iter().all(|g| g.id != 0));
        let mono = s.shape(FontId::Mono, "漢");
        assert!(mono.glyphs.iter().all(|g| g.id != 0));
    }

    #[test]
    fn glyph_ranges_cover_the_text() {
        let mut s = Shaper::new();
        let shaped = s.shape(FontId::Regular, "ffi café");
        let last = shaped.glyphs.last().unwrap();
        assert_eq!(last.end as usize, shaped.text.len());
    }
}
