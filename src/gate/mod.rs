//! The CI gate of `readiness check --fail-on`: which gates trip, why, and
//! on which components, findings and actions. Pure: the time `stale` is
//! measured against is given by the caller.

pub mod report;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::model::{ActionState, Decision, Severity, Status, Timestamp};
use crate::score::changes::FindingChangeKind;
use crate::score::{Reason, ScoredAssessment};

/// One gate of `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// The overall status is this or worse (`yellow`, `red`).
    Status(Status),
    /// The decision is this or worse (`conditional`, `no-go`).
    Decision(Decision),
    /// A finding of this severity or worse is new (or reopened) since the
    /// baseline (`new:high`).
    New(Severity),
    /// An action is overdue (`overdue`).
    Overdue,
    /// An accepted finding's acceptance has expired (`expired-acceptance`).
    ExpiredAcceptance,
    /// The assessment is older than its review interval (`stale`).
    Stale,
}

impl FromStr for Gate {
    type Err = String;

    fn from_str(text: &str) -> Result<Gate, String> {
        Ok(match text {
            "yellow" => Gate::Status(Status::Yellow),
            "red" => Gate::Status(Status::Red),
            "conditional" => Gate::Decision(Decision::ConditionalGo),
            "no-go" => Gate::Decision(Decision::NoGo),
            "overdue" => Gate::Overdue,
            "expired-acceptance" => Gate::ExpiredAcceptance,
            "stale" => Gate::Stale,
            _ => match text.strip_prefix("new:") {
                Some(word) => Gate::New(
                    Severity::ALL
                        .into_iter()
                        .find(|s| s.as_str() == word)
                        .ok_or_else(|| {
                            format!(
                                "unknown severity `{word}` in `{text}`; expected one of critical, high, medium, low, info"
                            )
                        })?,
                ),
                None => {
                    return Err(format!(
                        "unknown gate `{text}`; expected one of yellow, red, conditional, no-go, new:<severity>, overdue, expired-acceptance, stale"
                    ));
                }
            },
        })
    }
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gate::Status(s) => f.write_str(match s {
                Status::Red => "red",
                _ => "yellow",
            }),
            Gate::Decision(d) => f.write_str(match d {
                Decision::NoGo => "no-go",
                _ => "conditional",
            }),
            Gate::New(s) => write!(f, "new:{}", s.as_str()),
            Gate::Overdue => f.write_str("overdue"),
            Gate::ExpiredAcceptance => f.write_str("expired-acceptance"),
            Gate::Stale => f.write_str("stale"),
        }
    }
}

/// The time SOURCE_DATE_EPOCH (seconds since 1970, UTC) names, if it is
/// set to one.
pub fn now_from_env(source_date_epoch: Option<String>) -> Option<Timestamp> {
    let seconds: i64 = source_date_epoch?.trim().parse().ok()?;
    chrono::DateTime::from_timestamp(seconds, 0).map(Timestamp)
}

/// What one gate found.
#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    /// The gate as written (`new:high`).
    pub gate: String,
    /// Whether it tripped.
    pub tripped: bool,
    /// The rule it applies, in words.
    pub rule: String,
    /// Components that trip it, by id.
    pub components: Vec<String>,
    /// Findings that trip it, by id.
    pub findings: Vec<String>,
    /// Actions that trip it, by id.
    pub actions: Vec<String>,
    /// Why it could not be judged fully (no baseline for `new:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Findings a component's rationale names as making its status worse:
/// those that take points, trip a severity gate, have no plan or whose
/// acceptance expired.
fn findings_behind(a: &ScoredAssessment, components: &[String]) -> Vec<String> {
    let wanted: std::collections::BTreeSet<&str> = components.iter().map(String::as_str).collect();
    a.components
        .iter()
        .filter(|c| wanted.contains(c.id.as_str()))
        .flat_map(|c| c.rationale.iter())
        .filter_map(|r| match r {
            Reason::Deduction { finding, .. }
            | Reason::SeverityGate { finding, .. }
            | Reason::UnplannedCritical { finding, .. }
            | Reason::AcceptanceExpired { finding, .. } => Some(finding.clone()),
            _ => None,
        })
        .collect()
}

/// Drops repeated ids, keeping the first of each, in one pass.
fn dedup_in_order(ids: &mut Vec<String>) {
    let mut seen = std::collections::BTreeSet::new();
    ids.retain(|id| seen.insert(id.clone()));
}

/// Evaluates each gate on `a`; `now` is what `stale` measures against.
pub fn evaluate(gates: &[Gate], a: &ScoredAssessment, now: Timestamp) -> Vec<GateResult> {
    gates
        .iter()
        .map(|gate| {
            let mut result = GateResult {
                gate: gate.to_string(),
                tripped: false,
                rule: String::new(),
                components: Vec::new(),
                findings: Vec::new(),
                actions: Vec::new(),
                note: None,
            };
            match *gate {
                Gate::Status(s) => {
                    result.rule = format!(
                        "the overall status is {} or worse (it is {})",
                        s.word(),
                        a.overall.status.word()
                    );
                    result.tripped = a.overall.status >= s;
                    if result.tripped {
                        result.components = a
                            .components
                            .iter()
                            .filter(|c| c.status >= s)
                            .map(|c| c.id.clone())
                            .collect();
                        result.findings = findings_behind(a, &result.components);
                        result
                            .findings
                            .extend(a.overall.unplanned_critical.iter().cloned());
                    }
                }
                Gate::Decision(d) => {
                    result.rule = format!(
                        "the decision is {} or worse (it is {})",
                        d.word(),
                        a.overall.decision.word()
                    );
                    result.tripped = a.overall.decision >= d;
                    if result.tripped {
                        result.components = a
                            .components
                            .iter()
                            .filter(|c| c.status != Status::Green)
                            .map(|c| c.id.clone())
                            .collect();
                        result.findings = findings_behind(a, &result.components);
                        result
                            .findings
                            .extend(a.overall.unplanned_critical.iter().cloned());
                    }
                }
                Gate::New(s) => {
                    result.rule = format!(
                        "a finding of severity {} or worse is new or reopened since the baseline",
                        s.as_str()
                    );
                    match &a.changes {
                        None => {
                            result.note =
                                Some("no baseline: nothing can be new (give --baseline)".to_owned())
                        }
                        Some(changes) => {
                            for f in &changes.findings {
                                let counts = matches!(
                                    f.kind,
                                    FindingChangeKind::New | FindingChangeKind::Reopened
                                ) && f.severity <= s
                                    && f.status == Some(crate::model::FindingStatus::Open);
                                if counts {
                                    result.findings.push(f.id.clone());
                                    result.components.push(f.component.clone());
                                }
                            }
                        }
                    }
                    result.tripped = !result.findings.is_empty();
                }
                Gate::Overdue => {
                    result.rule = "an open action is past its due date".to_owned();
                    let overdue = a
                        .components
                        .iter()
                        .flat_map(|c| c.actions.iter())
                        .chain(a.plan.iter())
                        .filter(|x| x.state == ActionState::Overdue);
                    for x in overdue {
                        result.actions.push(x.id.clone());
                        result.findings.extend(x.findings.iter().cloned());
                        result.components.extend(x.component.iter().cloned());
                    }
                    result.tripped = !result.actions.is_empty();
                }
                Gate::ExpiredAcceptance => {
                    result.rule = "an accepted finding's acceptance has expired".to_owned();
                    for c in &a.components {
                        for f in &c.findings {
                            if f.acceptance.as_ref().is_some_and(|x| x.expired) {
                                result.findings.push(f.id.clone());
                                result.components.push(c.id.clone());
                            }
                        }
                    }
                    result.tripped = !result.findings.is_empty();
                }
                Gate::Stale => {
                    result.rule = format!(
                        "the assessment is older than its review interval (next review {}, now {})",
                        a.next_review.rfc3339(),
                        now.rfc3339()
                    );
                    result.tripped = now > a.next_review;
                }
            }
            for ids in [
                &mut result.components,
                &mut result.findings,
                &mut result.actions,
            ] {
                dedup_in_order(ids);
            }
            result
        })
        .collect()
}
