//! The colour families the report gives verdicts, and how an action stands:
//! scoring concepts that every renderer draws, so they live in the model.

use serde::{Deserialize, Serialize};

use super::{Decision, Severity, Status};

/// The colour family of a badge, a matrix cell or a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Tone {
    /// Green: fine, done, low.
    Good,
    /// Yellow/amber: needs attention.
    Warn,
    /// Orange: serious (a high finding), between warn and bad.
    Alert,
    /// Red: critical, failing.
    Bad,
    /// Grey/blue: informational.
    Neutral,
}

impl Tone {
    /// The emoji that stands for this tone in `report.md`.
    pub fn marker(self) -> &'static str {
        match self {
            Tone::Good => "🟢",
            Tone::Warn => "🟡",
            Tone::Alert => "🟠",
            Tone::Bad => "🔴",
            Tone::Neutral => "⚪",
        }
    }

    /// The tone's name as the stylesheet and the templates spell it.
    pub fn name(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Warn => "warn",
            Tone::Alert => "alert",
            Tone::Bad => "bad",
            Tone::Neutral => "neutral",
        }
    }

    /// The glyph a badge of this tone carries before its word, so badges
    /// differ in shape as well as colour (the shipped fonts have each).
    pub fn glyph(self) -> &'static str {
        match self {
            Tone::Good => "✓",
            Tone::Warn => "!",
            Tone::Alert => "▲",
            Tone::Bad => "✕",
            Tone::Neutral => "•",
        }
    }
}

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

/// The colours of a tone: the one palette of every format (the HTML
/// stylesheet's tone variables, its charts, and the PDF). Fills differ in
/// lightness as well as hue (bad darkest, then good, warn, neutral) so a
/// grayscale print still separates them, and each fill carries a text
/// colour with enough contrast on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Background tint (bands, light areas).
    pub tint: Rgb,
    /// Main fill (badges, matrix cells, bars).
    pub fill: Rgb,
    /// Text drawn on `fill`.
    pub on_fill: Rgb,
    /// Dark ink of the family: strokes, markers, text on `tint`.
    pub ink: Rgb,
}

impl Tone {
    /// Every tone.
    pub const ALL: [Tone; 5] = [
        Tone::Good,
        Tone::Warn,
        Tone::Alert,
        Tone::Bad,
        Tone::Neutral,
    ];

    /// The tone's colours.
    pub fn palette(self) -> Palette {
        const WHITE: Rgb = (0xff, 0xff, 0xff);
        match self {
            Tone::Good => Palette {
                tint: (0xcd, 0xe9, 0xd5),
                fill: (0x2c, 0x7a, 0x4b),
                on_fill: WHITE,
                ink: (0x1d, 0x6b, 0x34),
            },
            Tone::Warn => Palette {
                tint: (0xfb, 0xea, 0xb8),
                fill: (0xf2, 0xc1, 0x3d),
                on_fill: (0x2b, 0x21, 0x00),
                ink: (0x7a, 0x55, 0x00),
            },
            // Dark text: white on this orange would not reach 4.5:1.
            Tone::Alert => Palette {
                tint: (0xfb, 0xd9, 0xbd),
                fill: (0xe0, 0x6c, 0x00),
                on_fill: (0x1f, 0x10, 0x00),
                ink: (0x9a, 0x3f, 0x00),
            },
            Tone::Bad => Palette {
                tint: (0xf4, 0xc7, 0xc3),
                fill: (0x8c, 0x16, 0x16),
                on_fill: WHITE,
                ink: (0x8c, 0x16, 0x16),
            },
            Tone::Neutral => Palette {
                tint: (0xee, 0xf1, 0xf5),
                fill: (0xdf, 0xe4, 0xea),
                on_fill: (0x22, 0x2b, 0x36),
                ink: (0x3e, 0x4c, 0x59),
            },
        }
    }
}

/// `#rrggbb`.
pub fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

impl Status {
    /// The status's colour family.
    pub fn tone(self) -> Tone {
        match self {
            Status::Green => Tone::Good,
            Status::Yellow => Tone::Warn,
            Status::Red => Tone::Bad,
        }
    }
}

impl Decision {
    /// The decision's colour family.
    pub fn tone(self) -> Tone {
        match self {
            Decision::Go => Tone::Good,
            Decision::ConditionalGo => Tone::Warn,
            Decision::NoGo => Tone::Bad,
        }
    }
}

impl Severity {
    /// The severity's colour family and the emoji `report.md` shows for it
    /// (the reference's: critical and high both 🔴, medium and low ⚠️; the
    /// word beside it tells them apart there). The four severities a
    /// finding can have take four tones, so the HTML and the PDF tell them
    /// apart by colour and glyph as well as by word; info shares low's.
    pub fn tone(self) -> (Tone, &'static str) {
        match self {
            Severity::Critical => (Tone::Bad, "🔴"),
            Severity::High => (Tone::Alert, "🔴"),
            Severity::Medium => (Tone::Warn, "⚠️"),
            Severity::Low => (Tone::Neutral, "⚠️"),
            Severity::Info => (Tone::Neutral, "⚪"),
        }
    }
}

/// How an action stands on the assessment date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionState {
    /// Open and not yet due.
    Open,
    /// Open and past its due date.
    Overdue,
    /// Done.
    Done,
}
