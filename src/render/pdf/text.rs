//! Inline layout: styled inlines → measured lines of positioned fragments.
//!
//! Words are shaped through the [`Shaper`] cache and placed greedily. Lines
//! only break at spaces, except that a token wider than the whole line is
//! cut between characters, so nothing ever overflows its box.

use super::fonts::{FontId, Shaper, WordId};
use super::theme::{self, Rgb};
use crate::document::{Inline, Style};
use crate::model::Tone;

/// How a block's text looks.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    /// Font size in points.
    pub size: f32,
    /// Text colour.
    pub color: Rgb,
    /// Draw all text bold (headings, table headers).
    pub bold: bool,
    /// Line height as a multiple of the size.
    pub leading: f32,
}

impl TextStyle {
    /// Height of one line in points.
    pub fn line_height(&self) -> f32 {
        self.size * self.leading
    }
}

/// A run of text in one font and colour: the words (spaces included) the
/// [`Shaper`] interned, expanded to glyphs only when drawn.
#[derive(Debug, Clone)]
pub struct Run {
    pub font: FontId,
    pub size: f32,
    pub color: Rgb,
    pub words: Vec<WordId>,
    pub width: f32,
    pub link: Option<usize>,
    pub strike: bool,
    pub code: bool,
}

impl Run {
    /// An empty run of plain text.
    pub fn new(font: FontId, size: f32, color: Rgb) -> Run {
        Run {
            font,
            size,
            color,
            words: Vec::new(),
            width: 0.0,
            link: None,
            strike: false,
            code: false,
        }
    }

    /// Appends `text`, shaped in the run's font.
    pub fn append(&mut self, shaper: &mut Shaper, text: &str) {
        let id = shaper.word(self.font, text);
        self.push(shaper, id);
    }

    /// Appends an interned word of the run's font.
    fn push(&mut self, shaper: &Shaper, id: WordId) {
        self.words.push(id);
        self.width += shaper.shaped(id).width * self.size;
    }
}

/// A fragment of a line, `dx` from the line start.
#[derive(Debug, Clone)]
pub enum Frag {
    Text {
        dx: f32,
        run: Run,
    },
    Badge {
        dx: f32,
        width: f32,
        tone: Tone,
        /// The tone's glyph (drawn as an artifact: the word is the text).
        icon: Run,
        run: Run,
    },
    Dot {
        dx: f32,
        tone: Tone,
    },
}

/// One laid-out line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub width: f32,
    pub frags: Vec<Frag>,
}

/// Horizontal padding inside a badge, and the gap after its glyph, in
/// points.
const BADGE_PAD: f32 = 4.0;
pub(super) const BADGE_GAP: f32 = 2.5;

/// A styled piece of a word, borrowed from the inlines.
#[derive(Clone, Copy)]
enum Piece<'a> {
    Text(&'a str, Style),
    Badge(Tone, &'a str),
    Dot(Tone),
}

/// What the breaker sees: words (a range of pieces), spaces and breaks.
enum Atom {
    Word(std::ops::Range<usize>),
    Space,
    Break,
}

fn font_for(style: Style, base: &TextStyle) -> FontId {
    if style.code {
        FontId::Mono
    } else if style.bold || base.bold {
        FontId::Bold
    } else if style.italic {
        FontId::Italic
    } else {
        FontId::Regular
    }
}

/// Splits inlines into atoms; a word's pieces are `pieces[range]`.
fn atoms(inlines: &[Inline]) -> (Vec<Piece<'_>>, Vec<Atom>) {
    let mut pieces = Vec::new();
    let mut out = Vec::new();
    let mut start = 0;
    let flush = |pieces: &Vec<Piece>, start: &mut usize, out: &mut Vec<Atom>| {
        if pieces.len() > *start {
            out.push(Atom::Word(*start..pieces.len()));
            *start = pieces.len();
        }
    };
    for inline in inlines {
        match inline {
            Inline::Text(text, style) => {
                let mut first = true;
                for part in text.split(char::is_whitespace) {
                    if !first {
                        flush(&pieces, &mut start, &mut out);
                        if !matches!(out.last(), Some(Atom::Space | Atom::Break) | None) {
                            out.push(Atom::Space);
                        }
                    }
                    first = false;
                    if !part.is_empty() {
                        pieces.push(Piece::Text(part, *style));
                    }
                }
            }
            Inline::Badge(tone, text) => pieces.push(Piece::Badge(*tone, text)),
            Inline::Marker(tone) => {
                pieces.push(Piece::Dot(*tone));
                flush(&pieces, &mut start, &mut out);
                out.push(Atom::Space);
            }
            Inline::Break => {
                flush(&pieces, &mut start, &mut out);
                out.push(Atom::Break);
            }
        }
    }
    flush(&pieces, &mut start, &mut out);
    (pieces, out)
}

struct Breaker<'a> {
    shaper: &'a mut Shaper,
    base: TextStyle,
    width: f32,
    lines: Vec<Line>,
    line: Line,
    /// Font of the last text placed: a following space is measured in it.
    last_font: FontId,
    /// A space separates the last placed word from the next one.
    pending_space: bool,
}

/// Breaks inlines into lines no wider than `width`.
pub fn layout(shaper: &mut Shaper, inlines: &[Inline], base: TextStyle, width: f32) -> Vec<Line> {
    let width = width.max(base.size * 2.0);
    let mut b = Breaker {
        shaper,
        base,
        width,
        lines: Vec::new(),
        line: Line::default(),
        last_font: FontId::Regular,
        pending_space: false,
    };
    let (pieces, atoms) = atoms(inlines);
    for atom in atoms {
        match atom {
            Atom::Space => b.pending_space = !b.line.frags.is_empty(),
            Atom::Break => b.newline(),
            Atom::Word(range) => b.word(&pieces[range]),
        }
    }
    if !b.line.frags.is_empty() || b.lines.is_empty() {
        b.newline();
    }
    b.lines
}

impl Breaker<'_> {
    fn newline(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
        self.pending_space = false;
    }

    /// Interns a text piece: its font, word and width in points.
    fn text_piece(&mut self, text: &str, style: Style) -> (FontId, WordId, f32) {
        let font = font_for(style, &self.base);
        let id = self.shaper.word(font, text);
        (font, id, self.shaper.shaped(id).width * self.base.size)
    }

    fn piece_width(&mut self, piece: &Piece) -> f32 {
        match *piece {
            Piece::Text(t, s) => self.text_piece(t, s).2,
            Piece::Badge(tone, t) => {
                let size = self.base.size * theme::BADGE_SCALE;
                self.shaper.width(FontId::Regular, tone.glyph(), size)
                    + BADGE_GAP
                    + self.shaper.width(FontId::Bold, t, size)
                    + 2.0 * BADGE_PAD
            }
            Piece::Dot(_) => self.base.size * 0.8,
        }
    }

    fn space_width(&self, font: FontId) -> f32 {
        self.shaper.shaped(self.shaper.space(font)).width * self.base.size
    }

    fn word(&mut self, pieces: &[Piece]) {
        // Most words are one text piece: intern it once, measure and place.
        if let [Piece::Text(text, style)] = *pieces {
            let (font, id, w) = self.text_piece(text, style);
            if self.fits(w) {
                self.place_word(font, id, style);
                return;
            }
        } else {
            let w: f32 = pieces.iter().map(|p| self.piece_width(p)).sum();
            if self.fits(w) {
                for piece in pieces {
                    self.place(piece);
                }
                return;
            }
        }
        self.long_word(pieces);
    }

    /// Whether a word `w` wide can be placed, starting a new line first when
    /// it does not fit on this one. False when it is wider than a whole line.
    fn fits(&mut self, w: f32) -> bool {
        let space = if self.pending_space {
            self.space_width(self.last_font)
        } else {
            0.0
        };
        if !self.line.frags.is_empty() && self.line.width + space + w > self.width {
            self.newline();
        }
        !(self.line.frags.is_empty() && w > self.width)
    }

    /// Cuts a token wider than the line between characters.
    fn long_word(&mut self, pieces: &[Piece]) {
        for piece in pieces {
            let Piece::Text(text, style) = *piece else {
                if !self.line.frags.is_empty()
                    && self.line.width + self.piece_width(piece) > self.width
                {
                    self.newline();
                }
                self.place(piece);
                continue;
            };
            let font = font_for(style, &self.base);
            let mut chunk = String::new();
            let mut chunk_w = 0.0;
            for c in text.chars() {
                let cw = self.shaper.char_width(font, c, self.base.size);
                let empty = chunk.is_empty() && self.line.frags.is_empty();
                if self.line.width + chunk_w + cw > self.width && !empty {
                    // Per-character widths only estimate the shaped chunk
                    // (kerning, contextual forms): trim to the real width.
                    let mut carry = Vec::new();
                    while chunk.chars().count() > 1
                        && self.line.width + self.shaper.width(font, &chunk, self.base.size)
                            > self.width
                    {
                        carry.extend(chunk.pop());
                    }
                    if !chunk.is_empty() {
                        self.place(&Piece::Text(&std::mem::take(&mut chunk), style));
                    }
                    self.newline();
                    chunk.extend(carry.into_iter().rev());
                    chunk_w = self.shaper.width(font, &chunk, self.base.size);
                }
                chunk.push(c);
                chunk_w += cw;
            }
            // The tail was measured per character too: split it by real width.
            while !chunk.is_empty() {
                let mut carry = Vec::new();
                while chunk.chars().count() > 1
                    && self.line.width + self.shaper.width(font, &chunk, self.base.size)
                        > self.width
                {
                    carry.extend(chunk.pop());
                }
                self.place(&Piece::Text(&std::mem::take(&mut chunk), style));
                if !carry.is_empty() {
                    self.newline();
                    chunk.extend(carry.into_iter().rev());
                }
            }
        }
    }

    fn new_run(&self, font: FontId, size: f32, color: Rgb, style: Style) -> Run {
        Run {
            link: style.link,
            strike: style.strike,
            code: style.code,
            ..Run::new(font, size, color)
        }
    }

    /// Adds the pending inter-word space. Where the previous fragment is
    /// text, the space becomes part of its run, so the PDF's text layer
    /// keeps real word breaks (tagged-PDF best practice, and copy/paste).
    fn put_space(&mut self, joins: bool) {
        if !std::mem::take(&mut self.pending_space) || self.line.frags.is_empty() {
            return;
        }
        let space_w = self.space_width(self.last_font);
        if let Some(Frag::Text { run, .. }) = self.line.frags.last_mut()
            && (joins || !run.code)
        {
            // The space is drawn in the run's own font.
            run.push(self.shaper, self.shaper.space(run.font));
        }
        self.line.width += space_w;
    }

    fn place(&mut self, piece: &Piece) {
        match *piece {
            Piece::Text(text, style) => {
                let font = font_for(style, &self.base);
                let id = self.shaper.word(font, text);
                self.place_word(font, id, style);
            }
            Piece::Badge(tone, text) => {
                self.put_space(false);
                let size = self.base.size * theme::BADGE_SCALE;
                let color = theme::tone(tone).text;
                let mut icon = self.new_run(FontId::Regular, size, color, Style::default());
                icon.append(self.shaper, tone.glyph());
                let mut run = self.new_run(FontId::Bold, size, color, Style::default());
                run.append(self.shaper, text);
                let width = icon.width + BADGE_GAP + run.width + 2.0 * BADGE_PAD;
                let dx = self.line.width;
                self.line.width = dx + width;
                self.line.frags.push(Frag::Badge {
                    dx,
                    width,
                    tone,
                    icon,
                    run,
                });
            }
            Piece::Dot(tone) => {
                self.put_space(false);
                let dx = self.line.width;
                self.line.width = dx + self.base.size * 0.8;
                self.line.frags.push(Frag::Dot { dx, tone });
            }
        }
    }

    /// Places an interned word of `font`, joining the previous run when it
    /// looks the same.
    fn place_word(&mut self, font: FontId, id: WordId, style: Style) {
        let color = if style.link.is_some() {
            theme::LINK
        } else {
            self.base.color
        };
        let joins = matches!(self.line.frags.last(), Some(Frag::Text { run, .. })
            if run.font == font
                && run.link == style.link
                && run.strike == style.strike
                && run.code == style.code
                && run.color == color);
        self.put_space(joins);
        self.last_font = font;
        if joins && let Some(Frag::Text { run, .. }) = self.line.frags.last_mut() {
            let before = run.width;
            run.push(self.shaper, id);
            self.line.width += run.width - before;
            return;
        }
        let mut run = self.new_run(font, self.base.size, color, style);
        run.push(self.shaper, id);
        let dx = self.line.width;
        self.line.width = dx + run.width;
        self.line.frags.push(Frag::Text { dx, run });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> TextStyle {
        TextStyle {
            size: 10.0,
            color: (0, 0, 0),
            bold: false,
            leading: 1.4,
        }
    }

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into(), Style::default())]
    }

    #[test]
    fn wraps_within_width() {
        let mut s = Shaper::new();
        let lines = layout(
            &mut s,
            &text(&"lorem ipsum dolor ".repeat(40)),
            style(),
            200.0,
        );
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| l.width <= 200.0 + 0.01));
    }

    /// What keeps big reports fast: a word is shaped once, however often
    /// it repeats (the benchmark measures the speed itself).
    #[test]
    fn repeated_words_are_shaped_once() {
        let mut s = Shaper::new();
        let before = s.cached();
        let para = text(&"latency exceeds the target under load ".repeat(2000));
        let lines = layout(&mut s, &para, style(), 300.0);
        assert!(lines.len() > 100);
        assert_eq!(s.cached() - before, 6);
    }

    #[test]
    fn unbreakable_token_is_cut() {
        let mut s = Shaper::new();
        let lines = layout(&mut s, &text(&"x".repeat(5000)), style(), 150.0);
        assert!(lines.len() > 100);
        assert!(lines.iter().all(|l| l.width <= 150.0 + 0.01));
        let chars: usize = lines
            .iter()
            .flat_map(|l| &l.frags)
            .map(|f| match f {
                Frag::Text { run, .. } => s.run_text(&run.words).chars().count(),
                _ => 0,
            })
            .sum();
        assert_eq!(chars, 5000);
    }

    #[test]
    fn styles_share_a_word_and_runs_keep_spaces() {
        let mut s = Shaper::new();
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        let inl = vec![
            Inline::Text("Status:".into(), bold),
            Inline::Text(" all good here".into(), Style::default()),
        ];
        let lines = layout(&mut s, &inl, style(), 500.0);
        assert_eq!(lines.len(), 1);
        let texts: Vec<_> = lines[0]
            .frags
            .iter()
            .filter_map(|f| match f {
                Frag::Text { run, .. } => Some(s.run_text(&run.words)),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            vec!["Status: ".to_string(), "all good here".to_string()]
        );
    }
}

#[cfg(test)]
mod overflow_tests {
    use super::*;

    /// Per-character estimates differ from the shaped chunk; the cut must
    /// still never exceed the line (this once overflowed table cells).
    #[test]
    fn long_token_in_table_style_fits() {
        let mut s = Shaper::new();
        let st = TextStyle {
            size: 8.5,
            color: (0, 0, 0),
            bold: false,
            leading: 1.4,
        };
        let inl = vec![Inline::Text("A".repeat(5000), Style::default())];
        for width in [37.0, 120.0, 300.0] {
            let lines = layout(&mut s, &inl, st, width);
            for line in &lines {
                let real: f32 = line
                    .frags
                    .iter()
                    .map(|f| match f {
                        Frag::Text { run, .. } => {
                            run.words
                                .iter()
                                .flat_map(|&id| &s.shaped(id).glyphs)
                                .map(|g| g.advance)
                                .sum::<f32>()
                                * run.size
                        }
                        _ => 0.0,
                    })
                    .sum();
                assert!(
                    line.width <= width + 0.01 && real <= width + 0.01,
                    "{} {real} > {width}",
                    line.width
                );
            }
        }
    }
}
