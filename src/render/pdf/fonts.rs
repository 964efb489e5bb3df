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
use std::ops::Range;

use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::fallback::{FallbackFace, FontChoice, system_face_for};

static SANS: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");
static SANS_OBLIQUE: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Oblique.ttf");
static MONO: &[u8] = include_bytes!("../../../fonts/DejaVuSansMono.ttf");

/// The four faces' files, in [`FontId`] order.
static EMBEDDED: [&[u8]; 4] = [SANS, SANS_BOLD, SANS_OBLIQUE, MONO];

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

/// The face index of the first fallback face (after the four DejaVu faces).
pub const FIRST_FALLBACK: usize = 4;

/// A shaped piece of text in em units (multiply by the font size).
#[derive(Debug)]
pub struct Shaped {
    /// The style it was shaped in: its glyphs are in that DejaVu face but
    /// for characters only a fallback face has.
    pub style: FontId,
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
    /// The glyph id in its face.
    pub id: u32,
    /// The face it is drawn with: the four DejaVu faces are 0 to 3 (as
    /// [`FontId::index`]), fallback faces follow from [`FIRST_FALLBACK`].
    pub face: u8,
    /// Advance in em.
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// Byte range into the run's text.
    pub start: u32,
    pub end: u32,
}

impl Glyph {
    /// The equivalent krilla glyph, standing for `text` (a byte range of
    /// the text drawn with it).
    pub fn to_krilla(self, text: std::ops::Range<usize>) -> KrillaGlyph {
        KrillaGlyph::new(
            GlyphId::new(self.id),
            self.advance,
            self.x_offset,
            self.y_offset,
            0.0,
            text,
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

/// Shapes and measures text with the embedded fonts and the fallback
/// faces, interning each distinct `(font, word)` once.
pub struct Shaper {
    /// The four DejaVu faces, then the fallback faces ([`FIRST_FALLBACK`]).
    faces: Vec<rustybuzz::Face<'static>>,
    /// Each face's font file and collection index (for subsetting).
    data: Vec<(&'static [u8], u32)>,
    /// Whether a face's outlines are CFF.
    cff: Vec<bool>,
    /// The fallback faces, in face order (from [`FIRST_FALLBACK`]).
    fallbacks: Vec<&'static FallbackFace>,
    /// Whether a character no face has is looked for among the system's
    /// fonts (a face found is added to the faces).
    system: bool,
    /// krilla's fonts, made when the krilla writer first asks.
    fonts: Vec<std::sync::OnceLock<Option<Font>>>,
    /// One map per style, so a lookup borrows the word (no allocation).
    ids: [HashMap<Box<str>, WordId, BuildHasherDefault<FxHasher>>; 4],
    /// Every interned word's shaping, indexed by [`WordId`].
    words: Vec<Shaped>,
    /// The space of each font, interned up front (every line asks for it).
    spaces: [WordId; 4],
    /// Shape plans per face, by the direction and script of the text.
    /// Building a plan costs far more than shaping one word with it.
    plans: Vec<
        Vec<(
            rustybuzz::Direction,
            rustybuzz::Script,
            rustybuzz::ShapePlan,
        )>,
    >,
    /// Per style, bit `c` is set when ASCII character `c` has a glyph: most
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
    /// Loads the four embedded faces, without fallbacks.
    pub fn new() -> Self {
        Self::with_fallbacks(&FontChoice::default())
    }

    /// Loads the four embedded faces and the chosen fallback faces, tried
    /// in order for characters a DejaVu face lacks.
    pub fn with_fallbacks(choice: &FontChoice) -> Self {
        let mut faces: Vec<rustybuzz::Face<'static>> = EMBEDDED
            .iter()
            .map(|d| rustybuzz::Face::from_slice(d, 0).expect("embedded font parses"))
            .collect();
        let mut data: Vec<(&'static [u8], u32)> = EMBEDDED.iter().map(|d| (*d, 0)).collect();
        let mut cff = vec![false; EMBEDDED.len()];
        for fallback in choice.given.faces() {
            faces.push(fallback.face.clone());
            data.push((fallback.data, fallback.index));
            cff.push(fallback.cff);
        }
        let ascii = FontId::ALL.map(|font| {
            let face = &faces[font.index()];
            (0u8..128)
                .filter(|&b| !b.is_ascii_control() && face.glyph_index(char::from(b)).is_some())
                .fold(0u128, |mask, b| mask | 1 << b)
        });
        let count = faces.len();
        let mut shaper = Shaper {
            faces,
            data,
            cff,
            fallbacks: choice.given.faces().to_vec(),
            system: choice.system,
            fonts: (0..count).map(|_| std::sync::OnceLock::new()).collect(),
            ids: Default::default(),
            words: Vec::new(),
            spaces: [WordId(0); 4],
            plans: (0..count).map(|_| Vec::new()).collect(),
            ascii,
            buffer: None,
            glyph_scratch: Vec::new(),
            text_scratch: String::new(),
        };
        for font in FontId::ALL {
            shaper.spaces[font.index()] = shaper.word(font, " ");
        }
        shaper
    }

    /// How many faces there are (the four DejaVu faces and the fallbacks).
    pub fn face_count(&self) -> usize {
        self.faces.len()
    }

    /// The rustybuzz face of a face index (glyph metrics for embedding).
    pub fn face(&self, face: usize) -> &rustybuzz::Face<'static> {
        &self.faces[face]
    }

    /// The font file and collection index of a face (for subsetting).
    pub fn data(&self, face: usize) -> (&'static [u8], u32) {
        self.data[face]
    }

    /// The file a fallback face was read from (`None` for DejaVu's).
    pub fn source(&self, face: usize) -> Option<&std::path::Path> {
        face.checked_sub(FIRST_FALLBACK)
            .and_then(|i| self.fallbacks.get(i))
            .map(|f| f.path.as_path())
    }

    /// Whether a face's outlines are CFF (embedded as CIDFontType0).
    pub fn is_cff(&self, face: usize) -> bool {
        self.cff[face]
    }

    /// How many distinct words are interned ([`WordId`]s below this).
    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// The krilla font of a face, for drawing (`None` if krilla cannot
    /// read a fallback face, whose glyphs are then not drawn by krilla).
    pub fn font(&self, face: usize) -> Option<Font> {
        self.fonts[face]
            .get_or_init(|| {
                let (data, index) = self.data[face];
                Font::new(data.into(), index)
            })
            .clone()
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

    /// The pieces of a run of words, each in one face: its krilla font, its
    /// glyphs and text (in buffers reused between calls; glyph ranges
    /// index the text), and its advance in em, called in order.
    pub fn run_pieces(
        &mut self,
        words: &[WordId],
        mut piece: impl FnMut(Option<Font>, &[KrillaGlyph], &str, f32),
    ) {
        let mut current: Option<usize> = None;
        let mut advance = 0.0;
        self.glyph_scratch.clear();
        self.text_scratch.clear();
        for &id in words {
            let shaped = &self.words[id.0 as usize];
            // Where the current cluster's text sits in the piece's text: the
            // glyphs of one cluster share it.
            let mut cluster: Option<(u32, std::ops::Range<usize>)> = None;
            for g in &shaped.glyphs {
                let face = usize::from(g.face);
                if current != Some(face) {
                    self.finish_piece(current, advance, &mut piece);
                    self.glyph_scratch.clear();
                    self.text_scratch.clear();
                    current = Some(face);
                    advance = 0.0;
                    cluster = None;
                }
                let range = match &cluster {
                    Some((start, range)) if *start == g.start => range.clone(),
                    _ => {
                        let base = self.text_scratch.len();
                        let text = shaped
                            .text
                            .get(g.start as usize..g.end as usize)
                            .unwrap_or("");
                        self.text_scratch.push_str(text);
                        let range = base..self.text_scratch.len();
                        cluster = Some((g.start, range.clone()));
                        range
                    }
                };
                self.glyph_scratch.push(g.to_krilla(range));
                advance += g.advance;
            }
        }
        self.finish_piece(current, advance, &mut piece);
    }

    /// Hands the piece gathered in the scratch buffers (in `face`, if any
    /// was started) to `piece`.
    fn finish_piece(
        &self,
        face: Option<usize>,
        advance: f32,
        piece: &mut impl FnMut(Option<Font>, &[KrillaGlyph], &str, f32),
    ) {
        if let Some(face) = face {
            piece(
                self.font(face),
                &self.glyph_scratch,
                &self.text_scratch,
                advance,
            );
        }
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
        let (clean, segments) = self.segment(font.index(), text);
        let mut glyphs = Vec::with_capacity(clean.len());
        let mut width = 0.0;
        for (face, range) in segments {
            width += self.shape_segment(face, &clean, range, &mut glyphs);
        }
        Shaped {
            style: font,
            text: clean.into(),
            width,
            glyphs,
        }
    }

    /// Shapes `text[range]` with one face, appending its glyphs (ranges
    /// into the whole `text`); returns its advance in em.
    fn shape_segment(
        &mut self,
        face_index: usize,
        text: &str,
        range: std::ops::Range<usize>,
        glyphs: &mut Vec<Glyph>,
    ) -> f32 {
        let face = &self.faces[face_index];
        let piece = &text[range.clone()];
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(piece);
        buffer.guess_segment_properties();
        let (direction, script) = (buffer.direction(), buffer.script());
        let plans = &mut self.plans[face_index];
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
        let mut width = 0.0;
        let base = range.start;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            // A cluster spans from its start to the next cluster's start
            // (rustybuzz keeps left-to-right order for our LTR text).
            let start = info.cluster as usize;
            let end = infos[i + 1..]
                .iter()
                .map(|g| g.cluster as usize)
                .find(|&c| c > start)
                .unwrap_or(piece.len());
            let advance = pos.x_advance as f32 / upem;
            width += advance;
            glyphs.push(Glyph {
                id: info.glyph_id,
                face: face_index as u8,
                advance,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
                start: (base + start) as u32,
                end: (base + end.max(start)) as u32,
            });
        }
        // Keep the buffer's allocations for the next word (clearing also
        // resets its direction and script).
        self.buffer = Some(out.clear());
        width
    }
}

impl Default for Shaper {
    fn default() -> Self {
        Self::new()
    }
}

impl Shaper {
    /// The text to shape and its segments, each drawn by one face: the
    /// style's own face where it has the character, else the first
    /// fallback face that has it (with `system`, a system face found for
    /// it joins the faces); a character no face has becomes a visible
    /// replacement in the style's face. Invisible joiners and variation
    /// selectors are dropped (they only matter for emoji, which DejaVu
    /// draws as the replacement).
    fn segment(&mut self, style: usize, text: &str) -> (String, Vec<(usize, Range<usize>)>) {
        let ascii = self.ascii[style];
        if text.bytes().all(|b| b < 128 && ascii & (1 << b) != 0) {
            return (text.to_string(), vec![(style, 0..text.len())]);
        }
        let replacement = if self.faces[style].glyph_index(REPLACEMENT).is_some() {
            REPLACEMENT
        } else {
            '?'
        };
        let has = |faces: &[rustybuzz::Face<'static>], p: usize, c: char| {
            faces[p].glyph_index(c).is_some()
        };
        let mut out = String::with_capacity(text.len());
        let mut segments: Vec<(usize, Range<usize>)> = Vec::new();
        let mut last_replaced = false;
        for c in text.chars() {
            if is_invisible(c) {
                continue;
            }
            let faces = &self.faces;
            let previous = segments.last().map(|(face, _)| *face);
            let face = if c == ' ' || has(faces, style, c) {
                // A combining mark stays with the face of its base
                // character when that face has it, so the two are shaped
                // together.
                match previous {
                    Some(p) if p != style && is_combining(c) && has(faces, p, c) => Some(p),
                    _ => Some(style),
                }
            } else if let Some(p) = previous.filter(|&p| p != style && has(faces, p, c)) {
                Some(p)
            } else if let (Some(p), _) = fallback_for(faces, style, c) {
                Some(p)
            } else {
                // No face like the style has it: the system's face for the
                // style (bold for bold) comes before a face of another
                // style already at hand.
                let any = fallback_for(faces, style, c).1;
                let found = if self.system {
                    system_face_for(c, style == FontId::Bold.index())
                } else {
                    None
                };
                found.and_then(|f| self.add_fallback(f)).or(any)
            };
            let Some(face) = face else {
                if last_replaced && is_modifier(c) {
                    continue;
                }
                last_replaced = true;
                let start = out.len();
                out.push(replacement);
                push_segment(&mut segments, style, start..out.len());
                continue;
            };
            last_replaced = false;
            let start = out.len();
            out.push(c);
            push_segment(&mut segments, face, start..out.len());
        }
        (out, segments)
    }

    /// The face index of a fallback face, added after the others if new
    /// (`None` when a glyph's face index would not fit in a byte).
    fn add_fallback(&mut self, found: &'static FallbackFace) -> Option<usize> {
        if let Some(at) = self.fallbacks.iter().position(|f| std::ptr::eq(*f, found)) {
            return Some(FIRST_FALLBACK + at);
        }
        if self.faces.len() > usize::from(u8::MAX) {
            return None;
        }
        self.fallbacks.push(found);
        self.faces.push(found.face.clone());
        self.data.push((found.data, found.index));
        self.cff.push(found.cff);
        self.fonts.push(std::sync::OnceLock::new());
        self.plans.push(Vec::new());
        Some(self.faces.len() - 1)
    }
}

/// The fallback faces for `c` in `style`: the first that has it and is
/// like the style (bold for bold, italic for italic, monospaced for mono),
/// and the first that has it at all.
fn fallback_for(
    faces: &[rustybuzz::Face<'static>],
    style: usize,
    c: char,
) -> (Option<usize>, Option<usize>) {
    let like = |face: &rustybuzz::Face<'_>| match style {
        s if s == FontId::Bold.index() => face.is_bold(),
        s if s == FontId::Italic.index() => face.is_italic() || face.is_oblique(),
        s if s == FontId::Mono.index() => face.is_monospaced(),
        _ => !face.is_bold() && !face.is_italic(),
    };
    let covering = || (FIRST_FALLBACK..faces.len()).filter(|&p| faces[p].glyph_index(c).is_some());
    (covering().find(|&p| like(&faces[p])), covering().next())
}

/// Extends the last segment when it is in `face`, else starts one.
fn push_segment(segments: &mut Vec<(usize, Range<usize>)>, face: usize, range: Range<usize>) {
    match segments.last_mut() {
        Some((f, r)) if *f == face && r.end == range.start => r.end = range.end,
        _ => segments.push((face, range)),
    }
}

/// Combining marks of the common blocks (diacritics, kana voicing marks):
/// they belong with the character before them.
fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0xFE20..=0xFE2F | 0x3099..=0x309A)
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

    /// A shaper whose fallback is the shipped DejaVu Sans Mono, which has
    /// APL symbols (⌸, U+2338) that DejaVu Sans lacks.
    fn with_mono_fallback() -> Shaper {
        let mono =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/DejaVuSansMono.ttf");
        let given = super::super::fallback::load_fonts(&[mono]).expect("the shipped font loads");
        Shaper::with_fallbacks(&FontChoice {
            given,
            system: false,
        })
    }

    #[test]
    fn a_fallback_face_draws_what_the_style_lacks_and_only_that() {
        let mut s = with_mono_fallback();
        let id = s.word(FontId::Regular, "a⌸\u{301}b");
        let shaped = s.shaped(id);
        // Nothing replaced; the combining accent stays with its base's face.
        assert_eq!(&*shaped.text, "a⌸\u{301}b");
        let faces: Vec<u8> = shaped.glyphs.iter().map(|g| g.face).collect();
        assert_eq!(faces.first(), Some(&0));
        assert_eq!(faces.last(), Some(&0));
        assert!(
            faces[1..faces.len() - 1]
                .iter()
                .all(|&f| usize::from(f) == FIRST_FALLBACK),
            "{faces:?}"
        );
        assert_eq!(
            shaped.glyphs.last().unwrap().end as usize,
            shaped.text.len()
        );
        // Without the fallback, the same word shows the replacement.
        let mut plain = Shaper::new();
        let id = plain.word(FontId::Regular, "a⌸b");
        assert_eq!(&*plain.shaped(id).text, "a\u{FFFD}b");
        // A character no face has is still replaced, in the style's face.
        let id = s.word(FontId::Regular, "漢");
        let shaped = s.shaped(id);
        assert_eq!(&*shaped.text, "\u{FFFD}");
        assert!(shaped.glyphs.iter().all(|g| g.face == 0));
    }

    #[test]
    fn krilla_pieces_split_a_run_by_face() {
        let mut s = with_mono_fallback();
        let words = [
            s.word(FontId::Regular, "x⌸"),
            s.space(FontId::Regular),
            s.word(FontId::Regular, "ok"),
        ];
        let mut pieces = Vec::new();
        s.run_pieces(&words, |font, glyphs, text, advance| {
            assert!(font.is_some());
            assert_eq!(
                glyphs
                    .last()
                    .map(|g| krilla::text::Glyph::text_range(g).end),
                Some(text.len())
            );
            pieces.push((text.to_owned(), advance));
        });
        let texts: Vec<&str> = pieces.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["x", "⌸", " ok"]);
        let total: f32 = pieces.iter().map(|(_, a)| a).sum();
        let widths: f32 = words.iter().map(|&w| s.shaped(w).width).sum();
        assert!((total - widths).abs() < 1e-4);
    }

    #[test]
    fn glyph_ranges_cover_the_text() {
        let mut s = Shaper::new();
        let id = s.word(FontId::Regular, "ffi café");
        let shaped = s.shaped(id);
        let last = shaped.glyphs.last().unwrap();
        assert_eq!(last.end as usize, shaped.text.len());
    }
}
