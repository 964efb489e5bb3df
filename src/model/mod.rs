//! The input model: what an assessment folder holds, as serde types.
//!
//! Every type here mirrors one file (or one table in a file) of the input
//! format described in `docs/input-format.md`. Unknown fields are errors, so
//! a typo never silently drops data. The types derive `JsonSchema` so
//! `readiness schema` can hand editors a schema of exactly this model.

mod baseline;
mod timestamp;
mod tone;

pub use baseline::{
    BASELINE_FORMAT, Baseline, BaselineAction, BaselineComponent, BaselineFinding, BaselineOverall,
    RetiredFinding,
};

pub use timestamp::Timestamp;
pub use tone::{ActionState, Palette, Rgb, Tone, hex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `assessment.toml`: the assessment as a whole.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
    /// Slug naming the assessment, used in output folder names (`013a-analytics`).
    pub id: String,
    /// Document title.
    pub title: String,
    /// Optional subtitle printed under the title.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Name of the system assessed.
    pub system: String,
    /// Version of the system assessed.
    pub version: String,
    /// When the assessment was made (TOML datetime or RFC 3339 string with offset).
    pub date: Timestamp,
    /// Who made the assessment.
    pub assessor: String,
    /// What the assessment covers.
    pub scope: String,
    /// Who to call in an emergency.
    pub contact: String,
    /// Days until the next review.
    pub review_interval_days: u32,
    /// How the assessment was made (Markdown), printed as the closing note.
    #[serde(default)]
    pub method_note: Option<String>,
    /// The executive summary's wording (optional: every key has a default).
    #[serde(default)]
    pub summary: SummaryText,
    /// The final deployment decision's wording (optional: every key has a default).
    #[serde(default)]
    pub decision: DecisionText,
    /// Issues named in the executive summary as needing immediate attention.
    #[serde(default, rename = "key_issue")]
    pub key_issues: Vec<KeyIssue>,
    /// The pre-deployment checklist.
    #[serde(default, rename = "checklist")]
    pub checklist: Vec<ChecklistItem>,
    /// Notes on the technology stack.
    #[serde(default)]
    pub stack: StackNotes,
    /// Who prepared, reviewed and approved the document, and whether it is
    /// final (the sign-off block of a change ticket).
    #[serde(default)]
    pub sign_off: Option<SignOff>,
}

/// `[sign_off]`: the document's status and its signatures. A signer left
/// out gets a blank line to sign by hand.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// `draft` (the default: every PDF page carries a DRAFT mark) or `final`.
    #[serde(default)]
    pub status: DocumentStatus,
    /// The document's revision, e.g. "3" or "1.2".
    #[serde(default)]
    pub revision: Option<String>,
    /// Who prepared it (the assessor when left out).
    #[serde(default)]
    pub prepared_by: Option<Signer>,
    /// Who reviewed it.
    #[serde(default)]
    pub reviewed_by: Option<Signer>,
    /// Who approved it.
    #[serde(default)]
    pub approved_by: Option<Signer>,
}

/// Whether a document may still change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentStatus {
    /// Being written or reviewed: marked DRAFT on every PDF page.
    #[default]
    Draft,
    /// Signed off.
    Final,
}

impl DocumentStatus {
    /// The status as the document prints it.
    pub fn word(self) -> &'static str {
        match self {
            DocumentStatus::Draft => "DRAFT",
            DocumentStatus::Final => "FINAL",
        }
    }
}

/// One signature of the sign-off block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Who signs.
    pub name: String,
    /// In what role, e.g. "SRE lead".
    #[serde(default)]
    pub role: Option<String>,
    /// When they signed.
    #[serde(default)]
    pub date: Option<Timestamp>,
}

/// Free text of the executive summary; the verdicts themselves are computed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryText {
    /// Words after the overall status, e.g. "Production Ready with Critical Improvements Needed".
    #[serde(default)]
    pub status_note: Option<String>,
    /// Words after the readiness verdict, e.g. "Ready with immediate actions required".
    #[serde(default)]
    pub decision_note: Option<String>,
    /// The deployment recommendation (Markdown), after the decision words.
    #[serde(default)]
    pub recommendation: Option<String>,
}

/// Free text of the final deployment decision.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionText {
    /// Words after the decision in the heading line, e.g. "for production deployment".
    #[serde(default)]
    pub qualifier: Option<String>,
    /// The reasoning behind the decision (Markdown).
    #[serde(default)]
    pub notes: Option<String>,
    /// The recommended deployment timeline (Markdown).
    #[serde(default)]
    pub timeline: Option<String>,
}

/// One issue named in the executive summary.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyIssue {
    /// Short name, printed bold.
    pub title: String,
    /// One line of explanation.
    pub detail: String,
    /// Ids of the findings this issue summarises.
    #[serde(default)]
    pub findings: Vec<String>,
}

/// One item of the pre-deployment checklist.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// What must be true before deploying.
    pub text: String,
    /// Whether it is done.
    #[serde(default)]
    pub done: bool,
    /// The action that completes this item, if any.
    #[serde(default)]
    pub action: Option<String>,
}

/// Technology-stack notes: strengths and areas to improve.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StackNotes {
    /// What the stack does well.
    #[serde(default, rename = "strength")]
    pub strengths: Vec<Note>,
    /// Where the stack should improve.
    #[serde(default, rename = "improvement")]
    pub improvements: Vec<Note>,
}

/// A titled note: a strength of a component or of the stack.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Short name, printed bold.
    pub title: String,
    /// One line of explanation (Markdown).
    #[serde(default)]
    pub detail: Option<String>,
}

/// `components/<id>.toml`: one component of the system.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentFile {
    /// Stable id findings refer to (`backend`).
    pub id: String,
    /// Display name (`Backend API (FastAPI)`).
    pub name: String,
    /// Position in the report, ascending.
    pub order: i64,
    /// One-line summary of the component (Markdown).
    #[serde(default)]
    pub summary: Option<String>,
    /// Words after the status, e.g. "Production Ready".
    #[serde(default)]
    pub status_note: Option<String>,
    /// Words after the health, e.g. "with Minor Issues".
    #[serde(default)]
    pub health_note: Option<String>,
    /// Headings of the component's lists, where the defaults do not fit.
    #[serde(default)]
    pub headings: Headings,
    /// The assessor's verdict where it differs from the rules'.
    #[serde(default)]
    pub assessor: Option<AssessorOverride>,
    /// Issues found in this component.
    #[serde(default, rename = "finding")]
    pub findings: Vec<Finding>,
    /// What this component does well.
    #[serde(default, rename = "strength")]
    pub strengths: Vec<Note>,
    /// Recommendations for this component.
    #[serde(default, rename = "action")]
    pub actions: Vec<Action>,
}

/// Custom headings for a component's lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    /// Heading of the strengths list (default "Strengths").
    #[serde(default)]
    pub strengths: Option<String>,
    /// Heading of the issues list (default "Issues Identified").
    #[serde(default)]
    pub issues: Option<String>,
    /// Heading of the recommendations list (default "Recommendations").
    #[serde(default)]
    pub actions: Option<String>,
}

/// An assessor's override of the rules' verdict on a component; needs a reason.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessorOverride {
    /// The status the assessor gives instead of the rules'.
    #[serde(default)]
    pub status: Option<Status>,
    /// The health the assessor gives instead of the rules'.
    #[serde(default)]
    pub health: Option<Health>,
    /// Why the assessor disagrees with the rules (required).
    pub reason: String,
}

/// One issue found: typed by a person or emitted by a probe.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Stable id, the same across weeks (`backend-sqlalchemy-redefinition`).
    pub id: String,
    /// Id of the component; implied for findings written inside a component file.
    #[serde(default)]
    pub component: Option<String>,
    /// Short statement of the issue.
    pub title: String,
    /// Explanation (Markdown).
    #[serde(default)]
    pub detail: Option<String>,
    /// How bad it is.
    pub severity: Severity,
    /// Whether it still counts.
    #[serde(default)]
    pub status: FindingStatus,
    /// Who found it: `manual`, or a probe such as `probe:tcp`.
    #[serde(default = "default_source")]
    pub source: String,
    /// What shows it (command output, URL, measurement).
    #[serde(default)]
    pub evidence: Option<String>,
    /// When it was observed.
    #[serde(default)]
    pub observed_at: Option<Timestamp>,
    /// The week it first appeared. Usually left out: it is carried over
    /// from the baseline (or is this assessment's date for a new finding);
    /// `readiness next` pins it.
    #[serde(default)]
    pub first_seen: Option<Timestamp>,
    /// Why the risk is accepted (required when `status = "accepted"`).
    #[serde(default)]
    pub reason: Option<String>,
    /// Who accepted the risk (required when `status = "accepted"`).
    #[serde(default)]
    pub accepted_by: Option<String>,
    /// When the acceptance ends (required when `status = "accepted"`): from
    /// then on the finding counts as open again.
    #[serde(default)]
    pub expires: Option<Timestamp>,
}

fn default_source() -> String {
    "manual".to_owned()
}

/// `findings/**/*.{toml,json}`: a file of findings from a probe or tool.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingsFile {
    /// The findings; each must name its component.
    #[serde(rename = "finding")]
    pub findings: Vec<Finding>,
}

/// A recommendation or planned action.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Stable id (`deploy-monitoring`).
    pub id: String,
    /// When it must be done.
    pub horizon: Horizon,
    /// What to do.
    pub title: String,
    /// How (Markdown; may hold lists and code blocks).
    #[serde(default)]
    pub detail: Option<String>,
    /// Ids of the findings this action addresses.
    #[serde(default)]
    pub findings: Vec<String>,
    /// Who does it.
    #[serde(default)]
    pub owner: Option<String>,
    /// Whether it is done.
    #[serde(default)]
    pub status: ActionStatus,
    /// An explicit due date, replacing the one the horizon gives.
    #[serde(default)]
    pub due: Option<Timestamp>,
}

/// `plan.toml`: the assessment's action plan.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// The planned actions, in display order within each horizon.
    #[serde(rename = "action")]
    pub actions: Vec<Action>,
}

/// `risks.toml`: the risk register.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RisksFile {
    /// The risks, in display order.
    #[serde(rename = "risk")]
    pub risks: Vec<Risk>,
}

/// One risk of the register.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Stable id.
    pub id: String,
    /// What could go wrong.
    pub title: String,
    /// Impact: an id of the rules' impact scale (default: negligible, low, medium, high, severe).
    pub impact: String,
    /// Likelihood: an id of the rules' likelihood scale (default: rare, low, medium, likely, certain).
    pub likelihood: String,
    /// Findings that make up this risk.
    #[serde(default)]
    pub findings: Vec<String>,
    /// The assessor's priority where it differs from the matrix's.
    #[serde(default)]
    pub assessor: Option<PriorityOverride>,
}

/// An assessor's override of a risk's mitigation priority; needs a reason.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityOverride {
    /// The priority given instead of the matrix's.
    pub priority: Horizon,
    /// Why.
    pub reason: String,
}

/// How bad a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Blocks production.
    Critical,
    /// Must be fixed soon.
    High,
    /// Should be fixed.
    Medium,
    /// Worth fixing.
    Low,
    /// For information only.
    Info,
}

impl Severity {
    /// All severities, worst first.
    pub const ALL: [Severity; 5] = [
        Self::Critical,
        Self::High,
        Self::Medium,
        Self::Low,
        Self::Info,
    ];

    /// The lowercase word used in input and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Info => "info",
        }
    }
}

/// Whether a finding still counts against its component.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FindingStatus {
    /// Still present: counts in scoring.
    #[default]
    Open,
    /// Fixed: kept for the record, does not count.
    Resolved,
    /// Risk accepted by the owner: does not count, is listed.
    Accepted,
}

/// Whether an action is done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    /// Not done yet.
    #[default]
    Open,
    /// Done.
    Done,
}

/// When an action must be done, or how urgently a risk must be mitigated.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Horizon {
    /// Within 24 hours by default.
    Immediate,
    /// Within 2 weeks by default.
    ShortTerm,
    /// Within 2 months by default.
    LongTerm,
}

impl Horizon {
    /// All horizons, most urgent first.
    pub const ALL: [Horizon; 3] = [Self::Immediate, Self::ShortTerm, Self::LongTerm];

    /// The word used in input and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::ShortTerm => "short-term",
            Self::LongTerm => "long-term",
        }
    }
}

/// A component's or the system's readiness status.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Ready.
    Green,
    /// Ready with attention needed.
    Yellow,
    /// Not ready.
    Red,
}

impl Status {
    /// The uppercase word printed in reports.
    pub fn word(self) -> &'static str {
        match self {
            Self::Green => "GREEN",
            Self::Yellow => "YELLOW",
            Self::Red => "RED",
        }
    }
}

/// A component's health: how good it is overall.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    /// Best.
    Excellent,
    /// Sound.
    Good,
    /// Weak spots.
    Fair,
    /// Not fit.
    Poor,
}

impl Health {
    /// The capitalised word printed in reports.
    pub fn word(self) -> &'static str {
        match self {
            Self::Excellent => "Excellent",
            Self::Good => "Good",
            Self::Fair => "Fair",
            Self::Poor => "Poor",
        }
    }
}

/// The deployment decision.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Deploy.
    Go,
    /// Deploy with the immediate actions done.
    ConditionalGo,
    /// Do not deploy.
    NoGo,
}

impl Decision {
    /// The uppercase words printed in reports.
    pub fn word(self) -> &'static str {
        match self {
            Self::Go => "GO",
            Self::ConditionalGo => "CONDITIONAL GO",
            Self::NoGo => "NO-GO",
        }
    }
}
