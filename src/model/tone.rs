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
            Tone::Bad => "🔴",
            Tone::Neutral => "⚪",
        }
    }

    /// The tone's name as the stylesheet and the templates spell it.
    pub fn name(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Warn => "warn",
            Tone::Bad => "bad",
            Tone::Neutral => "neutral",
        }
    }
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
    /// (the reference's: critical and high both 🔴, medium and low ⚠️).
    pub fn tone(self) -> (Tone, &'static str) {
        match self {
            Severity::Critical | Severity::High => (Tone::Bad, "🔴"),
            Severity::Medium | Severity::Low => (Tone::Warn, "⚠️"),
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
