//! Page content streams: the display list as PDF operators, each distinct
//! word's glyph string encoded once and copied wherever the word is drawn.

use std::io::Write;

use super::super::display::{HeadingRef, Item, Mark, PageOut};
use super::super::fonts::{Shaper, WordId};
use super::super::text::Run;
use super::super::theme::Rgb;
use super::fonts::Embedded;

/// Writes `v` as the shortest decimal that reads back as the same `f32`,
/// as krilla and pdf-writer do (an integer without a point). Magnitudes
/// below 0.001 (a thousandth of a point, or of an em in TJ) are written as
/// 0, so that no number needs an exponent. With `ryu` and `itoa`: through
/// `core::fmt` this was the page writer's biggest cost.
pub fn num(out: &mut Vec<u8>, v: f32) {
    if !v.is_finite() || v.abs() < 0.001 {
        out.push(b'0');
    } else if v == v.trunc() && v.abs() < 1e9 {
        out.extend_from_slice(itoa::Buffer::new().format(v as i32).as_bytes());
    } else if v.abs() < 1e9 {
        out.extend_from_slice(ryu::Buffer::new().format_finite(v).as_bytes());
    } else {
        let clamped = v.clamp(-1e9, 1e9) as i64;
        out.extend_from_slice(itoa::Buffer::new().format(clamped).as_bytes());
    }
}

fn nums(out: &mut Vec<u8>, vs: &[f32]) {
    for v in vs {
        num(out, *v);
        out.push(b' ');
    }
}

/// A PDF text string (UTF-16BE with its byte-order mark) as a hex string.
pub fn hex_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b"<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push(b'>');
}

/// Pushes a two-byte code into a literal string, escaping what must be.
fn push_code(out: &mut Vec<u8>, cid: u16) {
    for b in cid.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            // A raw carriage return would be read as a line feed.
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// Whether a word's encoding can be cached: drawn without a text rise and
/// in its style's face only (a fallback face needs a font switch, which
/// names the run's size).
pub fn cacheable(shaper: &Shaper, id: WordId) -> bool {
    let shaped = shaper.shaped(id);
    let style = shaped.style.index();
    shaped
        .glyphs
        .iter()
        .all(|g| g.y_offset == 0.0 && usize::from(g.face) == style)
}

/// Selects face `face` at `size` inside a TJ array (`] TJ /F4 9 Tf [`).
fn switch_font(out: &mut Vec<u8>, face: usize, size: f32) {
    out.extend_from_slice(b"] TJ /F");
    out.extend_from_slice(itoa::Buffer::new().format(face).as_bytes());
    out.push(b' ');
    num(out, size);
    out.extend_from_slice(b" Tf [");
}

/// The TJ-array fragment of one word: its glyph codes (each in its face's
/// font of `fonts`), with adjustments where the shaped advance differs
/// from the font's width; wrapped in an ActualText span when the ToUnicode
/// mapping of its glyphs does not spell the word. `size` is the run's font
/// size for words that are not [`cacheable`] (drawn with a text rise or
/// font switches), `None` for the others.
pub fn encode_word(
    shaper: &Shaper,
    fonts: &[Option<Embedded>],
    id: WordId,
    size: Option<f32>,
) -> Vec<u8> {
    let shaped = shaper.shaped(id);
    let style = shaped.style.index();
    let mut out = Vec::with_capacity(shaped.glyphs.len() * 3 + 2);
    let mut open = false;
    let mut current_rise = 0.0f32;
    let mut current_face = style;
    for g in &shaped.glyphs {
        let face = usize::from(g.face);
        let Some(Some(font)) = fonts.get(face) else {
            continue;
        };
        if let Some(size) = size
            && face != current_face
        {
            if open {
                out.push(b')');
                open = false;
            }
            switch_font(&mut out, face, size);
            current_face = face;
        }
        let cid = font.cid(g.id);
        if let Some(size) = size {
            let want = g.y_offset * size;
            if want != current_rise {
                if open {
                    out.push(b')');
                    open = false;
                }
                out.extend_from_slice(b"] TJ ");
                num(&mut out, want);
                out.extend_from_slice(b" Ts [");
                current_rise = want;
            }
        }
        if g.x_offset != 0.0 {
            if open {
                out.push(b')');
                open = false;
            }
            // Each number in the array ends with a space: another number
            // may follow (the next glyph's offset, or the next word's).
            num(&mut out, -g.x_offset * 1000.0);
            out.push(b' ');
        }
        if !open {
            out.push(b'(');
            open = true;
        }
        push_code(&mut out, cid);
        let adjust = font.width(cid) - g.advance * 1000.0 + g.x_offset * 1000.0;
        if adjust.abs() > 0.001 {
            out.push(b')');
            open = false;
            num(&mut out, adjust);
            out.push(b' ');
        }
    }
    if open {
        out.push(b')');
    }
    if current_rise != 0.0 {
        out.extend_from_slice(b"] TJ 0 Ts [");
    }
    if let Some(size) = size
        && current_face != style
    {
        switch_font(&mut out, style, size);
    }
    if !Embedded::spells(fonts, shaper, id) {
        let mut wrapped = b"] TJ /Span <</ActualText ".to_vec();
        hex_text(&mut wrapped, &shaped.text);
        wrapped.extend_from_slice(b">> BDC [");
        wrapped.extend_from_slice(&out);
        wrapped.extend_from_slice(b"] TJ EMC [");
        out = wrapped;
    }
    out
}

/// The encoded words, indexed by [`WordId`] (`None` for words never drawn
/// and for words drawn with a text rise).
pub struct Encoded {
    pub words: Vec<Option<Box<[u8]>>>,
}

/// Draws onto one page's content stream, recording which structure slot
/// each marked-content id belongs to.
pub struct PageWriter<'a> {
    pub out: Vec<u8>,
    pub shaper: &'a Shaper,
    /// The embedded fonts by face index (`None` for faces not drawn).
    pub fonts: &'a [Option<Embedded>],
    pub encoded: &'a Encoded,
    pub height: f32,
    /// `(slot, mcid)` in content order.
    pub marks: Vec<(usize, i32)>,
}

fn color(out: &mut Vec<u8>, c: Rgb, op: &[u8]) {
    nums(
        out,
        &[
            f32::from(c.0) / 255.0,
            f32::from(c.1) / 255.0,
            f32::from(c.2) / 255.0,
        ],
    );
    out.extend_from_slice(op);
    out.push(b'\n');
}

impl PageWriter<'_> {
    /// Starts the page: everything is drawn in the display list's
    /// coordinates (top-left origin, y down), as krilla drew it.
    pub fn begin(&mut self) {
        self.out.extend_from_slice(b"q 1 0 0 -1 0 ");
        num(&mut self.out, self.height);
        self.out.extend_from_slice(b" cm\n");
    }

    /// Ends the page (restores the state `begin` saved).
    pub fn end(&mut self) {
        self.out.extend_from_slice(b"Q\n");
    }

    /// Draws a run of text with its baseline at `(x, y)` (top-left origin).
    pub fn run(&mut self, run: &Run, x: f32, y: f32) {
        if run.words.is_empty() {
            return;
        }
        let out = &mut self.out;
        color(out, run.color, b"rg");
        out.extend_from_slice(b"BT /F");
        out.push(b'0' + run.font.index() as u8);
        out.push(b' ');
        num(out, run.size);
        out.extend_from_slice(b" Tf ");
        // The page is drawn y-down (see `begin`): flip the text back.
        out.extend_from_slice(b"1 0 0 -1 ");
        nums(out, &[x, y]);
        out.extend_from_slice(b"Tm [");
        for &id in &run.words {
            match &self.encoded.words[id.index()] {
                Some(bytes) => out.extend_from_slice(bytes),
                None => {
                    out.extend_from_slice(&encode_word(self.shaper, self.fonts, id, Some(run.size)))
                }
            }
        }
        out.extend_from_slice(b"] TJ ET\n");
    }

    fn path_end(&mut self, fill: Option<Rgb>, stroke: Option<(Rgb, f32)>, dashed: bool) {
        let out = &mut self.out;
        let op: &[u8] = match (fill, stroke) {
            (Some(_), Some(_)) => b"B",
            (Some(_), None) => b"f",
            (None, Some(_)) => b"S",
            (None, None) => b"n",
        };
        out.extend_from_slice(op);
        out.extend_from_slice(b" Q\n");
        let _ = dashed;
    }

    fn path_start(&mut self, fill: Option<Rgb>, stroke: Option<(Rgb, f32)>, dashed: bool) {
        let out = &mut self.out;
        out.extend_from_slice(b"q ");
        if let Some(c) = fill {
            color(out, c, b"rg");
        }
        if let Some((c, w)) = stroke {
            color(out, c, b"RG");
            num(out, w);
            out.extend_from_slice(b" w\n");
            if dashed {
                out.extend_from_slice(b"[2.5 2] 0 d\n");
            }
        }
    }

    /// A rectangle with corners rounded by `r` (a circle when `r` is half
    /// the side), in top-left coordinates.
    #[allow(clippy::too_many_arguments)]
    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        r: f32,
        f: Option<Rgb>,
        s: Option<(Rgb, f32)>,
    ) {
        if !(x.is_finite() && y.is_finite() && w.is_finite() && h.is_finite()) {
            return;
        }
        let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
        self.path_start(f, s, false);
        let out = &mut self.out;
        if r <= 0.0 {
            nums(out, &[x, y, w.max(0.01), h.max(0.01)]);
            out.extend_from_slice(b"re ");
        } else {
            // Quarter circles approximated with cubic Béziers.
            let k = r * 0.552_284_8;
            let p = |out: &mut Vec<u8>, pts: &[(f32, f32)], op: &[u8]| {
                for (px, py) in pts {
                    nums(out, &[*px, *py]);
                }
                out.extend_from_slice(op);
            };
            p(out, &[(x + r, y)], b"m ");
            p(out, &[(x + w - r, y)], b"l ");
            p(
                out,
                &[(x + w - r + k, y), (x + w, y + r - k), (x + w, y + r)],
                b"c ",
            );
            p(out, &[(x + w, y + h - r)], b"l ");
            p(
                out,
                &[
                    (x + w, y + h - r + k),
                    (x + w - r + k, y + h),
                    (x + w - r, y + h),
                ],
                b"c ",
            );
            p(out, &[(x + r, y + h)], b"l ");
            p(
                out,
                &[(x + r - k, y + h), (x, y + h - r + k), (x, y + h - r)],
                b"c ",
            );
            p(out, &[(x, y + r)], b"l ");
            p(out, &[(x, y + r - k), (x + r - k, y), (x + r, y)], b"c ");
            out.extend_from_slice(b"h ");
        }
        self.path_end(f, s, false);
    }

    fn poly(&mut self, points: &[(f32, f32)], f: Option<Rgb>, s: Option<(Rgb, f32)>, dashed: bool) {
        if points.is_empty() || points.iter().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
            return;
        }
        self.path_start(f, s, dashed);
        for (i, (px, py)) in points.iter().enumerate() {
            nums(&mut self.out, &[*px, *py]);
            self.out
                .extend_from_slice(if i == 0 { b"m " } else { b"l " });
        }
        if f.is_some() {
            self.out.extend_from_slice(b"h ");
        }
        self.path_end(f, s, dashed);
    }

    /// Draws one display item; `page_numbers[n]` is the run of page number
    /// `n + 1` (for the contents' page references).
    pub fn item(&mut self, item: &Item, headings: &[HeadingRef], page_numbers: &[Run]) {
        match item {
            Item::Text { x, y, run } => self.run(run, *x, *y),
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                radius,
            } => self.rect(*x, *y, *w, *h, *radius, *fill, *stroke),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
                dashed,
            } => self.poly(
                &[(*x1, *y1), (*x2, *y2)],
                None,
                Some((*color, *width)),
                *dashed,
            ),
            Item::Circle { cx, cy, r, fill } => {
                self.rect(cx - r, cy - r, 2.0 * r, 2.0 * r, *r, Some(*fill), None)
            }
            Item::Poly {
                points,
                fill,
                stroke,
            } => self.poly(points, *fill, *stroke, false),
            Item::PageRef {
                heading,
                right,
                y,
                size,
            } => {
                let page = headings.get(*heading).map_or(0, |h| h.page + 1);
                // The numbers are shaped at 1 pt: scale to the entry's size.
                if let Some(one) = page.checked_sub(1).and_then(|n| page_numbers.get(n)) {
                    let run = Run {
                        size: *size,
                        width: one.width * size,
                        words: one.words.clone(),
                        ..*one
                    };
                    self.run(&run, right - run.width, *y);
                }
            }
        }
    }

    /// Draws a page's items, consecutive items of one mark in one marked
    /// section (an artifact, or content with the next marked-content id).
    pub fn items(&mut self, page: &PageOut, headings: &[HeadingRef], page_numbers: &[Run]) {
        let items = &page.items;
        let mut i = 0;
        while i < items.len() {
            let mark = items[i].mark;
            let end = items[i..]
                .iter()
                .position(|p| p.mark != mark)
                .map_or(items.len(), |n| i + n);
            match mark {
                Mark::Artifact => self
                    .out
                    .extend_from_slice(b"/Artifact <</Type /Layout>> BDC\n"),
                Mark::Slot(slot) => {
                    let mcid = self.marks.len() as i32;
                    self.marks.push((slot, mcid));
                    let _ = writeln!(self.out, "/Span <</MCID {mcid}>> BDC");
                }
            }
            for placed in &items[i..end] {
                self.item(&placed.item, headings, page_numbers);
            }
            self.out.extend_from_slice(b"EMC\n");
            i = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::fonts::FontId;
    use super::*;

    fn num_str(v: f32) -> String {
        let mut out = Vec::new();
        num(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_short_and_never_exponential() {
        assert_eq!(num_str(12.0), "12");
        assert_eq!(num_str(-3.0), "-3");
        assert_eq!(num_str(402.04468), "402.04468");
        assert_eq!(num_str(0.0004), "0");
        assert_eq!(num_str(f32::NAN), "0");
        assert_eq!(num_str(3.0e20), "1000000000");
        assert!(!num_str(0.0012).contains('e'));
    }

    #[test]
    fn a_glyph_read_two_ways_gets_actual_text_the_second_time() {
        let mut shaper = Shaper::new();
        // The precomposed and the decomposed Å shape to the same glyph;
        // its ToUnicode entry says "Å", so the decomposed word needs an
        // ActualText span to read back as written.
        let first = shaper.word(FontId::Regular, "Å");
        let second = shaper.word(FontId::Regular, "A\u{30A}");
        let plain = shaper.word(FontId::Regular, "Readiness");
        let fonts = [Some(Embedded::plan(&shaper, 0, &[first, second, plain]))];
        assert!(Embedded::spells(&fonts, &shaper, first));
        assert!(Embedded::spells(&fonts, &shaper, plain));
        let code = String::from_utf8_lossy(&encode_word(&shaper, &fonts, plain, None)).into_owned();
        assert!(!code.contains("ActualText"), "{code}");
        let glyphs = |id| {
            shaper
                .shaped(id)
                .glyphs
                .iter()
                .map(|g| g.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(glyphs(first), glyphs(second));
        assert!(!Embedded::spells(&fonts, &shaper, second));
        let code = encode_word(&shaper, &fonts, second, None);
        let code = String::from_utf8_lossy(&code);
        assert!(code.contains("/ActualText <FEFF0041030A>"), "{code}");
    }

    /// Every number of a TJ array stands apart, also when a glyph's
    /// offset follows an adjustment (stacked combining marks) and when the
    /// next word starts with one: "q" and three acutes once wrote
    /// `-109.86328109.86328`, one malformed number.
    #[test]
    fn numbers_in_a_tj_array_never_touch() {
        let mut shaper = Shaper::new();
        let marks = shaper.word(FontId::Regular, "q\u{301}\u{301}\u{301}");
        let fonts = [Some(Embedded::plan(&shaper, 0, &[marks]))];
        let code = encode_word(&shaper, &fonts, marks, None);
        let twice = [code.clone(), code].concat();
        // Outside the strings, every token that starts like a number is
        // one (the others are the ActualText span's operators).
        let mut tokens = Vec::new();
        let mut token = Vec::new();
        let mut in_string = false;
        let mut escaped = false;
        for &b in &twice {
            if in_string {
                match (escaped, b) {
                    (false, b'\\') => escaped = true,
                    (false, b')') => in_string = false,
                    _ => escaped = false,
                }
                continue;
            }
            if b == b'(' || b == b' ' {
                if !token.is_empty() {
                    tokens.push(String::from_utf8(std::mem::take(&mut token)).unwrap());
                }
                in_string = b == b'(';
            } else {
                token.push(b);
            }
        }
        assert!(!tokens.is_empty(), "{}", String::from_utf8_lossy(&twice));
        let numeric =
            |t: &&String| t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.');
        assert!(tokens.iter().filter(numeric).count() >= 4, "{tokens:?}");
        for t in tokens.iter().filter(numeric) {
            assert!(
                t.parse::<f32>().is_ok(),
                "malformed number {t:?} in {}",
                String::from_utf8_lossy(&twice)
            );
        }
    }

    #[test]
    fn kerned_words_carry_adjustments() {
        let mut shaper = Shaper::new();
        let id = shaper.word(FontId::Regular, "AVATAR");
        let fonts = [Some(Embedded::plan(&shaper, 0, &[id]))];
        let code = encode_word(&shaper, &fonts, id, None);
        // Kerning makes the shaped advances differ from the font's widths.
        assert!(code.iter().any(|b| b.is_ascii_digit()), "{code:?}");
        assert!(code.starts_with(b"(") && code.ends_with(b")"), "{code:?}");
    }
}
