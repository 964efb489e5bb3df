//! Colours and type sizes of the report, in one place.
//!
//! Tone colours differ in lightness as well as hue (bad is darkest, then
//! good, warn, neutral) so badges stay distinguishable in grayscale print,
//! and each carries a text colour with enough contrast on its fill.

use crate::model::Tone;

/// An sRGB colour.
pub use crate::model::Rgb;

/// Body text.
pub const TEXT: Rgb = (0x1f, 0x29, 0x33);
/// Secondary text: labels, captions, furniture.
pub const MUTED: Rgb = (0x5f, 0x6b, 0x7a);
/// Headings and the title.
pub const ACCENT: Rgb = (0x1b, 0x36, 0x5d);
/// Hyperlinks.
pub const LINK: Rgb = (0x1a, 0x56, 0xb0);
/// Hairlines and borders.
pub const RULE: Rgb = (0xd3, 0xd9, 0xe1);
/// Code background.
pub const CODE_BG: Rgb = (0xf3, 0xf5, 0xf8);
/// Table header background.
pub const HEAD_BG: Rgb = (0xe6, 0xec, 0xf3);
/// Alternate table row background.
pub const ZEBRA: Rgb = (0xf8, 0xfa, 0xfc);
/// White.
pub const WHITE: Rgb = (0xff, 0xff, 0xff);

/// Body font size.
pub const BODY: f32 = 9.5;
/// Body line height factor.
pub const LEADING: f32 = 1.5;
/// Table text size.
pub const TABLE: f32 = 8.5;
/// Code block text size.
pub const CODE: f32 = 8.0;
/// Badge text relative to the surrounding text.
pub const BADGE_SCALE: f32 = 0.82;

/// Heading font size for levels 1–6.
pub fn heading_size(level: u8) -> f32 {
    match level {
        1 => 19.0,
        2 => 15.0,
        3 => 12.0,
        4 => 10.5,
        _ => 9.5,
    }
}

/// The colours of one tone.
#[derive(Debug, Clone, Copy)]
pub struct ToneColors {
    /// Badge and bar fill.
    pub fill: Rgb,
    /// Text on `fill`.
    pub text: Rgb,
}

/// Colours for a tone: the product's one palette ([`Tone::palette`]).
pub fn tone(t: Tone) -> ToneColors {
    let p = t.palette();
    ToneColors {
        fill: p.fill,
        text: p.on_fill,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luma(c: Rgb) -> f32 {
        0.299 * c.0 as f32 + 0.587 * c.1 as f32 + 0.114 * c.2 as f32
    }

    #[test]
    fn tones_differ_in_grayscale_and_text_contrasts() {
        let tones = [
            Tone::Bad,
            Tone::Good,
            Tone::Alert,
            Tone::Warn,
            Tone::Neutral,
        ];
        let l: Vec<f32> = tones.iter().map(|t| luma(tone(*t).fill)).collect();
        assert!(l.windows(2).all(|w| w[1] - w[0] > 30.0), "{l:?}");
        for t in tones {
            let c = tone(t);
            assert!((luma(c.fill) - luma(c.text)).abs() > 100.0, "{t:?}");
        }
    }
}
