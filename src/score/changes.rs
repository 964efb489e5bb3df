//! What changed since the baseline: findings, actions, component verdicts
//! and the overall verdict, each with which way it went.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{OverallVerdict, ScoredAction, ScoredComponent};
use crate::model::{
    ActionState, ActionStatus, Baseline, Decision, FindingStatus, Health, Horizon, RetiredFinding,
    Severity, Status, Timestamp,
};

/// Which way a verdict went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// Better than last week.
    Better,
    /// As last week.
    Same,
    /// Worse than last week.
    Worse,
}

impl Trend {
    /// The trend from `before` to `now`, where greater is worse.
    fn of<T: Ord>(before: T, now: T) -> Trend {
        match now.cmp(&before) {
            std::cmp::Ordering::Less => Trend::Better,
            std::cmp::Ordering::Equal => Trend::Same,
            std::cmp::Ordering::Greater => Trend::Worse,
        }
    }
}

/// Everything that changed since the baseline.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    /// The date of the baseline compared with.
    pub baseline_date: Timestamp,
    /// The overall status and decision, then and now.
    pub overall: OverallChange,
    /// Each component's status and health, then and now (components of
    /// this week in report order, then those gone since).
    pub components: Vec<ComponentChange>,
    /// Findings that appeared, were resolved, accepted or reopened, are no
    /// longer reported, or changed severity.
    pub findings: Vec<FindingChange>,
    /// Actions done, newly overdue, added or dropped.
    pub actions: Vec<ActionChange>,
}

/// The overall verdict then and now.
#[derive(Debug, Clone, Serialize)]
pub struct OverallChange {
    /// Status at the baseline.
    pub status_before: Status,
    /// Status now.
    pub status: Status,
    /// Decision at the baseline.
    pub decision_before: Decision,
    /// Decision now.
    pub decision: Decision,
    /// The status's trend.
    pub status_trend: Trend,
    /// The decision's trend.
    pub decision_trend: Trend,
    /// Status first, then decision.
    pub trend: Trend,
}

/// A component's verdict, then and now.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentChange {
    /// Id.
    pub id: String,
    /// Display name (this week's, or last week's when gone).
    pub name: String,
    /// Status and health at the baseline (none for a new component).
    pub before: Option<Verdict>,
    /// Status and health now (none for a component gone since).
    pub now: Option<Verdict>,
    /// Status first, then health; none when either side is missing.
    pub trend: Option<Trend>,
}

/// A status with a health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Verdict {
    /// Status.
    pub status: Status,
    /// Health.
    pub health: Health,
}

/// How a finding changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingChangeKind {
    /// Not in the baseline.
    New,
    /// Open in the baseline, open now with another severity.
    SeverityChanged,
    /// Resolved or accepted in the baseline, open now.
    Reopened,
    /// Open in the baseline, resolved now.
    Resolved,
    /// Open in the baseline, accepted now.
    Accepted,
    /// In the baseline, absent now.
    NoLongerReported,
}

/// One finding that changed.
#[derive(Debug, Clone, Serialize)]
pub struct FindingChange {
    /// How.
    pub kind: FindingChangeKind,
    /// Finding id.
    pub id: String,
    /// Its component's id.
    pub component: String,
    /// Its component's name.
    pub component_name: String,
    /// Its title (last week's when no longer reported).
    pub title: String,
    /// Severity at the baseline (none for a new finding).
    pub severity_before: Option<Severity>,
    /// Severity now (last week's when no longer reported).
    pub severity: Severity,
    /// Status now (none when no longer reported).
    pub status: Option<FindingStatus>,
    /// Better (resolved, accepted, less severe), worse (new, reopened,
    /// more severe); none when no longer reported (nothing says it is fixed).
    pub trend: Option<Trend>,
}

/// How an action changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionChangeKind {
    /// Past its due date now, not last week.
    NewlyOverdue,
    /// Open in the baseline, done now.
    Done,
    /// Not in the baseline.
    Added,
    /// In the baseline, absent now.
    Dropped,
}

/// One action that changed.
#[derive(Debug, Clone, Serialize)]
pub struct ActionChange {
    /// How.
    pub kind: ActionChangeKind,
    /// Action id.
    pub id: String,
    /// Its component's id, for a component's recommendation.
    pub component: Option<String>,
    /// Its component's name.
    pub component_name: Option<String>,
    /// Its title (last week's when dropped).
    pub title: String,
    /// Its horizon.
    pub horizon: Horizon,
    /// Its due date.
    pub due: Timestamp,
    /// Days past the due date, when overdue.
    pub overdue_days: Option<i64>,
    /// Better (done), worse (newly overdue); none when added or dropped.
    pub trend: Option<Trend>,
}

/// What changed between `baseline` and this week's verdicts, and the
/// findings no longer reported (last week's, and those carried by it).
pub(crate) fn changes(
    baseline: &Baseline,
    overall: &OverallVerdict,
    components: &[ScoredComponent],
    plan: &[ScoredAction],
) -> (Changes, Vec<RetiredFinding>) {
    let before: BTreeMap<&str, _> = baseline
        .components
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let mut component_changes: Vec<ComponentChange> = components
        .iter()
        .map(|c| {
            let now = Verdict {
                status: c.status,
                health: c.health,
            };
            let before = before.get(c.id.as_str()).map(|b| Verdict {
                status: b.status,
                health: b.health,
            });
            ComponentChange {
                id: c.id.clone(),
                name: c.name.clone(),
                before,
                now: Some(now),
                trend: before.map(|b| Trend::of(b, now)),
            }
        })
        .collect();
    let current: BTreeSet<&str> = components.iter().map(|c| c.id.as_str()).collect();
    for b in &baseline.components {
        if !current.contains(b.id.as_str()) {
            component_changes.push(ComponentChange {
                id: b.id.clone(),
                name: b.name.clone(),
                before: Some(Verdict {
                    status: b.status,
                    health: b.health,
                }),
                now: None,
                trend: None,
            });
        }
    }

    // Findings.
    let then: BTreeMap<&str, _> = baseline
        .findings()
        .map(|(c, f)| (f.id.as_str(), (c, f)))
        .collect();
    let mut findings = Vec::new();
    let mut reported = BTreeSet::new();
    for c in components {
        for f in &c.findings {
            reported.insert(f.id.as_str());
            let change = |kind, severity_before| FindingChange {
                kind,
                id: f.id.clone(),
                component: c.id.clone(),
                component_name: c.name.clone(),
                title: f.title.clone(),
                severity_before,
                severity: f.severity,
                status: Some(f.status),
                trend: match kind {
                    FindingChangeKind::New | FindingChangeKind::Reopened => Some(Trend::Worse),
                    FindingChangeKind::Resolved | FindingChangeKind::Accepted => {
                        Some(Trend::Better)
                    }
                    // Severities order worst first.
                    FindingChangeKind::SeverityChanged => {
                        severity_before.map(|b: Severity| Trend::of(f.severity, b))
                    }
                    FindingChangeKind::NoLongerReported => None,
                },
            };
            let Some((_, was)) = then.get(f.id.as_str()) else {
                findings.push(change(FindingChangeKind::New, None));
                continue;
            };
            let kind = match (was.status, f.status) {
                (FindingStatus::Open, FindingStatus::Resolved) => Some(FindingChangeKind::Resolved),
                (FindingStatus::Open, FindingStatus::Accepted) => Some(FindingChangeKind::Accepted),
                (FindingStatus::Resolved | FindingStatus::Accepted, FindingStatus::Open) => {
                    Some(FindingChangeKind::Reopened)
                }
                (FindingStatus::Open, FindingStatus::Open) if was.severity != f.severity => {
                    Some(FindingChangeKind::SeverityChanged)
                }
                _ => None,
            };
            if let Some(kind) = kind {
                findings.push(change(kind, Some(was.severity)));
            }
        }
    }
    let mut retired = Vec::new();
    for (c, f) in baseline.findings() {
        if reported.contains(f.id.as_str()) {
            continue;
        }
        findings.push(FindingChange {
            kind: FindingChangeKind::NoLongerReported,
            id: f.id.clone(),
            component: c.id.clone(),
            component_name: c.name.clone(),
            title: f.title.clone(),
            severity_before: Some(f.severity),
            severity: f.severity,
            status: None,
            trend: None,
        });
        retired.push(RetiredFinding {
            id: f.id.clone(),
            component: c.id.clone(),
            title: f.title.clone(),
            severity: f.severity,
            status: f.status,
            first_seen: f.first_seen.unwrap_or(baseline.date),
            last_seen: baseline.date,
        });
    }
    retired.extend(
        baseline
            .no_longer_reported
            .iter()
            .filter(|f| !reported.contains(f.id.as_str()) && !then.contains_key(f.id.as_str()))
            .cloned(),
    );
    retired.sort_by(|a, b| a.id.cmp(&b.id));
    // Stable: within a kind, report order.
    findings.sort_by_key(|f| f.kind);

    // Actions.
    let then_actions: BTreeMap<&str, _> = baseline.actions().map(|x| (x.id.as_str(), x)).collect();
    let now_actions = components
        .iter()
        .flat_map(|c| c.actions.iter().map(move |x| (Some(c), x)))
        .chain(plan.iter().map(|x| (None, x)));
    let mut actions = Vec::new();
    let mut present = BTreeSet::new();
    for (component, x) in now_actions {
        present.insert(x.id.as_str());
        let change = |kind| ActionChange {
            kind,
            id: x.id.clone(),
            component: component.map(|c| c.id.clone()),
            component_name: component.map(|c| c.name.clone()),
            title: x.title.clone(),
            horizon: x.horizon,
            due: x.due,
            overdue_days: x.overdue_days,
            trend: match kind {
                ActionChangeKind::Done => Some(Trend::Better),
                ActionChangeKind::NewlyOverdue => Some(Trend::Worse),
                ActionChangeKind::Added | ActionChangeKind::Dropped => None,
            },
        };
        let was = then_actions.get(x.id.as_str());
        if was.is_none() {
            actions.push(change(ActionChangeKind::Added));
        }
        if x.state == ActionState::Overdue && was.is_none_or(|w| w.state != ActionState::Overdue) {
            actions.push(change(ActionChangeKind::NewlyOverdue));
        }
        if x.status == ActionStatus::Done && was.is_some_and(|w| w.status == ActionStatus::Open) {
            actions.push(change(ActionChangeKind::Done));
        }
    }
    let component_of: BTreeMap<&str, _> = baseline
        .components
        .iter()
        .flat_map(|c| c.actions.iter().map(move |x| (x.id.as_str(), c)))
        .collect();
    for x in baseline.actions() {
        if !present.contains(x.id.as_str()) {
            actions.push(ActionChange {
                kind: ActionChangeKind::Dropped,
                id: x.id.clone(),
                component: component_of.get(x.id.as_str()).map(|c| c.id.clone()),
                component_name: component_of.get(x.id.as_str()).map(|c| c.name.clone()),
                title: x.title.clone(),
                horizon: x.horizon,
                due: x.due,
                overdue_days: None,
                trend: None,
            });
        }
    }
    actions.sort_by_key(|x| x.kind);

    let changes = Changes {
        baseline_date: baseline.date,
        overall: OverallChange {
            status_before: baseline.overall.status,
            status: overall.status,
            decision_before: baseline.overall.decision,
            decision: overall.decision,
            status_trend: Trend::of(baseline.overall.status, overall.status),
            decision_trend: Trend::of(baseline.overall.decision, overall.decision),
            trend: Trend::of(
                (baseline.overall.status, baseline.overall.decision),
                (overall.status, overall.decision),
            ),
        },
        components: component_changes,
        findings,
        actions,
    };
    (changes, retired)
}
