//! The embedded DejaVu fonts and a caching text shaper.
//!
//! The same font bytes serve both sides: rustybuzz shapes and measures words
//! during layout, and krilla subsets and embeds the glyphs we hand it, so what
//! we measure is exactly what is drawn. A big report repeats the same few
//! thousand words many times, so each distinct `(font, word)` is shaped once
//! and interned: the display list refers to words by [`WordId`], and glyphs
//! are expanded only when a run is drawn.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use krilla::text::{Font, GlyphId, KrillaGlyph};

static SANS: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");
static SANS_OBLIQUE: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Oblique.ttf");
static MONO: &[u8] = include_bytes!("../../../fonts/DejaVuSansMono.ttf");

/// The replacement drawn for characters the fonts lack (CJK, most emoji).
pub const REPLACEMENT: char = '\u{FFFD}';

/// The body face (DejaVu Sans), parsed once: what the input's text is
/// checked against (`coverage`).
pub fn body_face() -> &'static rustybuzz::Face<'static> {
    static FACE: std::sync::OnceLock<rustybuzz::Face<'static>> = std::sync::OnceLock::new();
    FACE.get_or_init(|| rustybuzz::Face::from_slice(SANS, 0).expect("embedded font parses"))
}

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
    /// All four faces, in index order.
    pub const ALL: [FontId; 4] = [FontId::Regular, FontId::Bold, FontId::Italic, FontId::Mono];

    /// The face's index in per-font tables.
    pub fn index(self) -> usize {
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

/// A shaped glyph of an interned word, stored compactly (a third of a
/// [`KrillaGlyph`]); converted to krilla's type only to draw.
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
    /// The equivalent krilla glyph, its text range moved by `base` bytes.
    pub fn to_krilla(self, base: u32) -> KrillaGlyph {
        KrillaGlyph::new(
            GlyphId::new(self.id),
            self.advance,
            self.x_offset,
            self.y_offset,
            0.0,
            (base + self.start) as usize..(base + self.end) as usize,
            None,
        )
    }
}

/// A shaped word interned by the [`Shaper`]. Runs in the display list
/// store these ids instead of glyphs: a big report repeats a few thousand
/// words, so this keeps the display list small and layout free of copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordId(u32);

impl WordId {
    /// The id as an index into per-word tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Shapes and measures text with the embedded fonts, interning each
/// distinct `(font, word)` once.
pub struct Shaper {
    faces: [rustybuzz::Face<'static>; 4],
    fonts: [Font; 4],
    /// One map per font, so a lookup borrows the word (no allocation).
    ids: [HashMap<Box<str>, WordId, BuildHasherDefault<FxHasher>>; 4],
    /// Every interned word's shaping, indexed by [`WordId`].
    words: Vec<Shaped>,
    /// The space of each font, interned up front (every line asks for it).
    spaces: [WordId; 4],
    /// Shape plans per font, by the direction and script of the text.
    /// Building a plan costs far more than shaping one word with it.
    plans: [Vec<(
        rustybuzz::Direction,
        rustybuzz::Script,
        rustybuzz::ShapePlan,
    )>; 4],
    /// Per font, bit `c` is set when ASCII character `c` has a glyph: most
    /// words are plain ASCII and skip the per-character cmap lookups.
    ascii: [u128; 4],
    /// The shaping buffer, reused from word to word.
    buffer: Option<rustybuzz::UnicodeBuffer>,
    /// Reused buffers for drawing one run: krilla glyphs and their text.
    glyph_scratch: Vec<KrillaGlyph>,
    text_scratch: String,
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
        let ascii = faces.each_ref().map(|face| {
            (0u8..128)
                .filter(|&b| !b.is_ascii_control() && face.glyph_index(char::from(b)).is_some())
                .fold(0u128, |mask, b| mask | 1 << b)
        });
        let mut shaper = Shaper {
            faces,
            fonts,
            ids: Default::default(),
            words: Vec::new(),
            spaces: [WordId(0); 4],
            plans: Default::default(),
            ascii,
            buffer: None,
            glyph_scratch: Vec::new(),
            text_scratch: String::new(),
        };
        for font in [FontId::Regular, FontId::Bold, FontId::Italic, FontId::Mono] {
            shaper.spaces[font.index()] = shaper.word(font, " ");
        }
        shaper
    }

    /// The rustybuzz face of a font (glyph metrics for embedding).
    pub fn face(&self, id: FontId) -> &rustybuzz::Face<'static> {
        &self.faces[id.index()]
    }

    /// The raw font file of a face (for subsetting).
    pub fn data(id: FontId) -> &'static [u8] {
        [SANS, SANS_BOLD, SANS_OBLIQUE, MONO][id.index()]
    }

    /// How many distinct words are interned ([`WordId`]s below this).
    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// The krilla font for drawing.
    pub fn font(&self, id: FontId) -> Font {
        self.fonts[id.index()].clone()
    }

    /// Interns `text` (normally one word or a space) in `font`, shaping it
    /// the first time it is seen.
    pub fn word(&mut self, font: FontId, text: &str) -> WordId {
        if let Some(&id) = self.ids[font.index()].get(text) {
            return id;
        }
        let shaped = self.shape_uncached(font, text);
        let id = WordId(u32::try_from(self.words.len()).expect("fewer than 2^32 distinct words"));
        self.words.push(shaped);
        self.ids[font.index()].insert(text.into(), id);
        id
    }

    /// The space of `font`.
    pub fn space(&self, font: FontId) -> WordId {
        self.spaces[font.index()]
    }

    /// The shaping of an interned word.
    pub fn shaped(&self, id: WordId) -> &Shaped {
        &self.words[id.0 as usize]
    }

    /// Width of `text` in points at `size`.
    pub fn width(&mut self, font: FontId, text: &str, size: f32) -> f32 {
        let id = self.word(font, text);
        self.shaped(id).width * size
    }

    /// Width of the single character `c` in points at `size` (for cutting
    /// text that has no spaces to break at).
    pub fn char_width(&mut self, font: FontId, c: char, size: f32) -> f32 {
        let mut buf = [0u8; 4];
        self.width(font, c.encode_utf8(&mut buf), size)
    }

    /// The glyphs and text of a run of words, in buffers reused between
    /// runs; glyph ranges index the returned text.
    pub fn run_glyphs(&mut self, words: &[WordId]) -> (&[KrillaGlyph], &str) {
        self.glyph_scratch.clear();
        self.text_scratch.clear();
        for &id in words {
            let shaped = &self.words[id.0 as usize];
            let base = self.text_scratch.len() as u32;
            self.text_scratch.push_str(&shaped.text);
            self.glyph_scratch
                .extend(shaped.glyphs.iter().map(|g| g.to_krilla(base)));
        }
        (&self.glyph_scratch, &self.text_scratch)
    }

    /// The text of a run of words (tests and the layout dump).
    pub fn run_text(&self, words: &[WordId]) -> String {
        words.iter().map(|&id| &*self.shaped(id).text).collect()
    }

    /// Number of distinct shaped words (for tests).
    #[cfg(test)]
    pub fn cached(&self) -> usize {
        self.words.len()
    }

    fn shape_uncached(&mut self, font: FontId, text: &str) -> Shaped {
        let face = &self.faces[font.index()];
        let clean = sanitize(face, self.ascii[font.index()], text);
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(&clean);
        buffer.guess_segment_properties();
        let (direction, script) = (buffer.direction(), buffer.script());
        let plans = &mut self.plans[font.index()];
        let at = match plans
            .iter()
            .position(|(d, s, _)| *d == direction && *s == script)
        {
            Some(at) => at,
            None => {
                // A buffer whose text has no script of its own (digits,
                // punctuation) reports UNKNOWN; plan it as "no script".
                let plan_script = (script != rustybuzz::script::UNKNOWN).then_some(script);
                let language = buffer.language();
                let plan =
                    rustybuzz::ShapePlan::new(face, direction, plan_script, language.as_ref(), &[]);
                plans.push((direction, script, plan));
                plans.len() - 1
            }
        };
        let out = rustybuzz::shape_with_plan(face, &plans[at].2, buffer);
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
        // Keep the buffer's allocations for the next word (clearing also
        // resets its direction and script).
        self.buffer = Some(out.clear());
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
fn sanitize(face: &rustybuzz::Face<'_>, ascii: u128, text: &str) -> String {
    if text.bytes().all(|b| b < 128 && ascii & (1 << b) != 0) {
        return text.to_string();
    }
    let fallback = if face.glyph_index(REPLACEMENT).is_some() {
        REPLACEMENT
    } else {
        '?'
    };
    let mut out = String::with_capacity(text.len());
    let mut last_replaced = false;
    for c in text.chars() {
        if is_invisible(c) {
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

/// Characters that draw nothing and need no glyph: controls, and the
/// joiners and variation selectors that only matter for emoji. The shaper
/// drops them; `coverage` does not warn about them.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{200B}')
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
        // Four spaces are interned up front.
        assert_eq!(s.cached(), 5);
        assert!(s.width(FontId::Bold, "Readiness", 10.0) > a);
    }

    #[test]
    fn missing_characters_become_replacement() {
        let mut s = Shaper::new();
        let id = s.word(FontId::Regular, "漢字🙂ok");
        let shaped = s.shaped(id);
        assert_eq!(&*shaped.text, "\u{FFFD}\u{FFFD}\u{FFFD}ok");
        assert!(shaped.glyphs.iter().all(|g| g.id != 0));
        let id = s.word(FontId::Mono, "漢");
        assert!(s.shaped(id).glyphs.iter().all(|g| g.id != 0));
    }

    /// Badges draw their tone's glyph with the shipped font: none may fall
    /// back to the replacement character.
    #[test]
    fn every_badge_glyph_is_in_the_font() {
        let mut s = Shaper::new();
        for tone in crate::model::Tone::ALL {
            let id = s.word(FontId::Regular, tone.glyph());
            assert_eq!(&*s.shaped(id).text, tone.glyph(), "{tone:?}");
        }
    }

    #[test]
    fn glyph_ranges_cover_the_text() {
        let mut s = Shaper::new();
        let id = s.word(FontId::Regular, "ffi café");
        let shaped = s.shaped(id);
        let last = shaped.glyphs.last().unwrap();
        assert_eq!(last.end as usize, shaped.text.len());
    }

    #[test]
    fn run_glyphs_index_the_joined_text() {
        let mut s = Shaper::new();
        let words = [
            s.word(FontId::Regular, "café"),
            s.space(FontId::Regular),
            s.word(FontId::Regular, "ok"),
        ];
        assert_eq!(s.run_text(&words), "café ok");
        let (glyphs, text) = s.run_glyphs(&words);
        assert_eq!(text, "café ok");
        let last = glyphs.last().unwrap();
        assert_eq!(&text[krilla::text::Glyph::text_range(last)], "k");
    }
}
