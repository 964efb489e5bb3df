//! The baseline: last week's `assessment.json`, read back as typed data.
//!
//! Only what the weekly cycle compares is read (ids, verdicts, states and
//! the dates that carry over); the rest of the file is ignored, so a
//! baseline written by an older or newer readiness still reads as long as
//! these fields keep their meaning (`format_version` says when they do not).

use serde::Deserialize;

use super::{ActionState, ActionStatus, Decision, FindingStatus, Health, Horizon};
use super::{Severity, Status, Timestamp};

/// The layout of `assessment.json` this reader understands.
pub const BASELINE_FORMAT: u32 = 1;

/// An earlier scored assessment, as its `assessment.json` holds it.
#[derive(Debug, Clone, Deserialize)]
pub struct Baseline {
    /// Version of the JSON layout (see [`BASELINE_FORMAT`]).
    pub format_version: u32,
    /// Assessment slug: a baseline must be of the same assessment.
    pub id: String,
    /// When that assessment was made.
    pub date: Timestamp,
    /// The report's title (the docs site shows it; read leniently).
    #[serde(default)]
    pub title: String,
    /// The system assessed (the docs site's name for it).
    #[serde(default)]
    pub system: String,
    /// Its overall verdict.
    pub overall: BaselineOverall,
    /// Its components with their findings and recommendations.
    pub components: Vec<BaselineComponent>,
    /// Its action plan.
    pub plan: Vec<BaselineAction>,
    /// Findings no longer reported by then, kept so that references to
    /// them keep resolving week after week.
    #[serde(default)]
    pub no_longer_reported: Vec<RetiredFinding>,
}

/// The overall verdict of the baseline.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct BaselineOverall {
    /// Overall status.
    pub status: Status,
    /// Deployment decision.
    pub decision: Decision,
}

/// A component of the baseline.
#[derive(Debug, Clone, Deserialize)]
pub struct BaselineComponent {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Status in force.
    pub status: Status,
    /// Health in force.
    pub health: Health,
    /// Its findings.
    pub findings: Vec<BaselineFinding>,
    /// Its recommendations.
    pub actions: Vec<BaselineAction>,
}

/// A finding of the baseline.
#[derive(Debug, Clone, Deserialize)]
pub struct BaselineFinding {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// Status.
    pub status: FindingStatus,
    /// The week it first appeared (absent in baselines of readiness before
    /// the weekly cycle: the baseline's date is used).
    #[serde(default)]
    pub first_seen: Option<Timestamp>,
    /// The week it was resolved or accepted, when known.
    #[serde(default)]
    pub resolved_at: Option<Timestamp>,
}

/// An action of the baseline.
#[derive(Debug, Clone, Deserialize)]
pub struct BaselineAction {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Horizon.
    pub horizon: Horizon,
    /// Done or not.
    pub status: ActionStatus,
    /// Its due date then.
    pub due: Timestamp,
    /// Open, overdue or done then.
    pub state: ActionState,
    /// The week it was done, when known.
    #[serde(default)]
    pub done_at: Option<Timestamp>,
}

/// A finding reported in an earlier week and no longer reported.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct RetiredFinding {
    /// Stable id.
    pub id: String,
    /// The component it belonged to.
    pub component: String,
    /// Its title then.
    pub title: String,
    /// Its severity then.
    pub severity: Severity,
    /// Its status the last time it was reported.
    pub status: FindingStatus,
    /// The week it first appeared.
    pub first_seen: Timestamp,
    /// The last assessment that reported it.
    pub last_seen: Timestamp,
}

impl Baseline {
    /// Every finding of the baseline with the id of its component.
    pub fn findings(&self) -> impl Iterator<Item = (&BaselineComponent, &BaselineFinding)> {
        self.components
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
    }

    /// Every action of the baseline: component recommendations, then the plan.
    pub fn actions(&self) -> impl Iterator<Item = &BaselineAction> {
        self.components
            .iter()
            .flat_map(|c| c.actions.iter())
            .chain(self.plan.iter())
    }
}
