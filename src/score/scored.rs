//! The scored assessment: every verdict with the numbers behind it.
//!
//! This is what renderers draw and what `assessment.json` holds. It carries
//! facts and numbers only; wording is left to the templates.

use serde::Serialize;

use super::changes::Changes;
use crate::model::{ActionState, RetiredFinding, Tone};
use crate::model::{
    ActionStatus, Decision, DecisionText, FindingStatus, Headings, Health, Horizon, Note, Severity,
    SignOff, StackNotes, Status, SummaryText, Timestamp,
};
use crate::score::rules::Rules;

/// The result of scoring: the input of every renderer.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredAssessment {
    /// Version of this JSON layout.
    pub format_version: u32,
    /// Version of readiness that scored it.
    pub generator: String,
    /// Assessment slug.
    pub id: String,
    /// Document title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// The system assessed.
    pub system: String,
    /// Its version.
    pub version: String,
    /// When the assessment was made.
    pub date: Timestamp,
    /// When the next review is due.
    pub next_review: Timestamp,
    /// Who assessed.
    pub assessor: String,
    /// What was assessed.
    pub scope: String,
    /// Emergency contact.
    pub contact: String,
    /// The sign-off block, when the assessment has one.
    pub sign_off: Option<SignOff>,
    /// How it was assessed (Markdown).
    pub method_note: Option<String>,
    /// Executive summary wording.
    pub summary: SummaryText,
    /// Decision wording.
    pub decision_text: DecisionText,
    /// The overall verdict.
    pub overall: OverallVerdict,
    /// What changed since the baseline; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
    /// Issues named in the executive summary.
    pub key_issues: Vec<ScoredKeyIssue>,
    /// Components in report order.
    pub components: Vec<ScoredComponent>,
    /// Findings of earlier weeks that are no longer reported, by id: the
    /// record references to them resolve to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub no_longer_reported: Vec<RetiredFinding>,
    /// The action plan with due dates.
    pub plan: Vec<ScoredAction>,
    /// The horizons with their due dates.
    pub horizons: Vec<HorizonDue>,
    /// The risk register, placed on the matrix.
    pub risks: Vec<ScoredRisk>,
    /// The matrix the risks are placed on.
    pub risk_matrix: RiskMatrix,
    /// The pre-deployment checklist.
    pub checklist: Vec<ScoredChecklistItem>,
    /// Technology-stack notes.
    pub stack: StackNotes,
    /// The rules that produced these verdicts.
    pub rules: Rules,
}

/// Counts of open findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    /// Open critical findings.
    pub critical: u32,
    /// Open high findings.
    pub high: u32,
    /// Open medium findings.
    pub medium: u32,
    /// Open low findings.
    pub low: u32,
    /// Open info findings.
    pub info: u32,
}

impl SeverityCounts {
    /// Counts one more finding of `severity`.
    pub fn add(&mut self, severity: Severity) {
        *match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        } += 1;
    }

    /// Adds another count.
    pub fn merge(&mut self, other: SeverityCounts) {
        self.critical += other.critical;
        self.high += other.high;
        self.medium += other.medium;
        self.low += other.low;
        self.info += other.info;
    }

    /// All open findings.
    pub fn total(&self) -> u32 {
        self.critical + self.high + self.medium + self.low + self.info
    }
}

/// Overall status and deployment decision.
#[derive(Debug, Clone, Serialize)]
pub struct OverallVerdict {
    /// Overall status.
    pub status: Status,
    /// Deployment decision.
    pub decision: Decision,
    /// Components per status.
    pub components_green: u32,
    /// Components YELLOW.
    pub components_yellow: u32,
    /// Components RED.
    pub components_red: u32,
    /// Share of RED components (0–1).
    pub red_share: f64,
    /// Open findings per severity, all components.
    pub open_findings: SeverityCounts,
    /// Open critical findings that no immediate action addresses.
    pub unplanned_critical: Vec<String>,
    /// Why the status and decision are what they are, in order.
    pub rationale: Vec<Reason>,
}

/// One step of a verdict's explanation. Templates word these.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// An open finding took points off the score.
    Deduction {
        /// The finding.
        finding: String,
        /// Its severity.
        severity: Severity,
        /// Points taken.
        points: u32,
    },
    /// The score fell in a band.
    ScoreBand {
        /// The score.
        score: u32,
        /// The status of its band.
        status: Status,
        /// The health of its band.
        health: Health,
    },
    /// An open finding's severity made the status at least this.
    SeverityGate {
        /// The finding.
        finding: String,
        /// Its severity.
        severity: Severity,
        /// The status it forces at least.
        status: Status,
    },
    /// An open critical finding has no immediate action.
    UnplannedCritical {
        /// The finding.
        finding: String,
        /// The status it forces.
        status: Status,
    },
    /// The assessor overrode the rules.
    AssessorOverride {
        /// Status given by the assessor, if any.
        status: Option<Status>,
        /// Health given by the assessor, if any.
        health: Option<Health>,
        /// Why.
        reason: String,
    },
    /// Some components are not GREEN.
    ComponentsNotGreen {
        /// Their ids.
        components: Vec<String>,
        /// The status this gives.
        status: Status,
    },
    /// The share of RED components compared with the maximum.
    RedShare {
        /// RED components.
        components: Vec<String>,
        /// Their share.
        share: f64,
        /// The largest share that is not RED.
        max: f64,
        /// The status this gives.
        status: Status,
    },
    /// Every finding of a key issue is closed: it left the critical list.
    KeyIssueResolved {
        /// The key issue's title.
        title: String,
        /// Its findings.
        findings: Vec<String>,
    },
    /// Every finding of a risk is closed: it is mitigated and no longer
    /// sets the risk level of the components it involves.
    RiskMitigated {
        /// The risk's key (`R1`).
        key: String,
        /// Its id.
        risk: String,
        /// Its findings.
        findings: Vec<String>,
    },
    /// An accepted finding's acceptance has ended: it counts as open again.
    AcceptanceExpired {
        /// The finding.
        finding: String,
        /// When the acceptance ended.
        expired: Timestamp,
    },
    /// Open checklist items hold the decision at CONDITIONAL GO.
    ChecklistHolds {
        /// The open items' texts.
        items: Vec<String>,
        /// The decision they hold it at.
        decision: Decision,
    },
    /// The decision the rules give for the overall status.
    DecisionForStatus {
        /// The overall status.
        status: Status,
        /// The decision.
        decision: Decision,
    },
}

/// A component with its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredComponent {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Sort key.
    pub order: i64,
    /// One-line summary (Markdown).
    pub summary: Option<String>,
    /// Words after the status.
    pub status_note: Option<String>,
    /// Words after the health.
    pub health_note: Option<String>,
    /// Custom list headings.
    #[serde(skip_serializing_if = "headings_are_default")]
    pub headings: Headings,
    /// Score after deductions.
    pub score: u32,
    /// Status the rules give.
    pub rules_status: Status,
    /// Health the rules give.
    pub rules_health: Health,
    /// Status in force (the assessor's if overridden).
    pub status: Status,
    /// Health in force.
    pub health: Health,
    /// Whether the assessor overrode the rules, and why.
    pub assessor_reason: Option<String>,
    /// Highest level among the risks that involve this component's findings.
    pub risk_level: Option<usize>,
    /// Open findings per severity.
    pub open_findings: SeverityCounts,
    /// Findings: open first, worst first, then in input order.
    pub findings: Vec<ScoredFinding>,
    /// Strengths.
    pub strengths: Vec<Note>,
    /// Recommendations with due dates.
    pub actions: Vec<ScoredAction>,
    /// Why the status is what it is, in order.
    pub rationale: Vec<Reason>,
}

fn headings_are_default(h: &Headings) -> bool {
    h.strengths.is_none() && h.issues.is_none() && h.actions.is_none()
}

/// A finding with what scoring made of it.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredFinding {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Explanation (Markdown).
    pub detail: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// Status.
    pub status: FindingStatus,
    /// Who found it.
    pub source: String,
    /// Evidence.
    pub evidence: Option<String>,
    /// When observed.
    pub observed_at: Option<Timestamp>,
    /// The week it first appeared.
    pub first_seen: Timestamp,
    /// The week it was resolved or accepted, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<Timestamp>,
    /// The acceptance of its risk, when it is or was accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    /// Points it took off the component's score (0 unless open).
    pub points: u32,
    /// Ids of the actions that address it.
    pub actions: Vec<String>,
    /// Whether an immediate action addresses it.
    pub immediate_action: bool,
}

/// Who accepted a finding's risk, why, and until when.
#[derive(Debug, Clone, Serialize)]
pub struct Acceptance {
    /// Why.
    pub reason: String,
    /// Who.
    pub accepted_by: String,
    /// When it ends.
    pub expires: Timestamp,
    /// Whether it has ended by the assessment date: the finding is open again.
    pub expired: bool,
}

/// An action with its due date.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredAction {
    /// Short key for charts and tables (`A1`); plan actions only.
    pub key: Option<String>,
    /// Stable id.
    pub id: String,
    /// The component whose recommendation it is; none for plan actions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// Horizon.
    pub horizon: Horizon,
    /// What to do.
    pub title: String,
    /// How (Markdown).
    pub detail: Option<String>,
    /// Findings it addresses.
    pub findings: Vec<String>,
    /// Who.
    pub owner: Option<String>,
    /// Done or not.
    pub status: ActionStatus,
    /// When it is due.
    pub due: Timestamp,
    /// Open, overdue or done on the assessment date.
    pub state: ActionState,
    /// Whole days past the due date, when overdue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue_days: Option<i64>,
    /// The week it was done, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_at: Option<Timestamp>,
}

/// A horizon and the date it ends.
#[derive(Debug, Clone, Serialize)]
pub struct HorizonDue {
    /// Which horizon.
    pub horizon: Horizon,
    /// Short label.
    pub label: String,
    /// Heading phrase.
    pub within: String,
    /// Its end, from the assessment date.
    pub due: Timestamp,
    /// Colour family.
    pub tone: Tone,
}

/// A risk placed on the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredRisk {
    /// Short key shown on the matrix (`R1`).
    pub key: String,
    /// Stable id.
    pub id: String,
    /// What could go wrong.
    pub title: String,
    /// Index into the impact scale.
    pub impact: usize,
    /// Index into the likelihood scale.
    pub likelihood: usize,
    /// Index into the levels.
    pub level: usize,
    /// Priority in force.
    pub priority: Horizon,
    /// Priority the matrix gives.
    pub matrix_priority: Horizon,
    /// Why the assessor changed the priority, if they did.
    pub assessor_reason: Option<String>,
    /// Findings making up this risk.
    pub findings: Vec<String>,
    /// Every finding of the risk is closed (resolved, accepted or no
    /// longer reported) and the rules mitigate such risks: it sets no
    /// component's risk level.
    pub mitigated: bool,
}

/// An issue named in the executive summary, with whether it is resolved.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredKeyIssue {
    /// Short name.
    pub title: String,
    /// One line of explanation.
    pub detail: String,
    /// Ids of the findings it summarises.
    pub findings: Vec<String>,
    /// Every finding is closed and the rules close such issues: it is
    /// shown as resolved, out of the critical list.
    pub resolved: bool,
}

/// The matrix definition, as the rules give it.
#[derive(Debug, Clone, Serialize)]
pub struct RiskMatrix {
    /// Impact labels, lowest first.
    pub impact: Vec<String>,
    /// Likelihood labels, lowest first.
    pub likelihood: Vec<String>,
    /// Level labels and tones, least severe first.
    pub levels: Vec<MatrixLevel>,
    /// `cells[impact][likelihood]`: level index.
    pub cells: Vec<Vec<usize>>,
    /// `priorities[impact][likelihood]`.
    pub priorities: Vec<Vec<Horizon>>,
}

/// A level of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixLevel {
    /// Printed word.
    pub label: String,
    /// Colour family.
    pub tone: Tone,
}

/// A checklist item with its action's state.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredChecklistItem {
    /// What must be true.
    pub text: String,
    /// Whether it is done: its action is done, or (for an item with no
    /// action) it is ticked.
    pub done: bool,
    /// The action that completes it.
    pub action: Option<String>,
}
