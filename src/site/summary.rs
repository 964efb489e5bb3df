//! What the site's index and history pages know of one week: a small
//! typed summary of a scored assessment (or of an earlier build's
//! `assessment.json`), kept in the site manifest so a rebuild that changes
//! nothing need not score anything again.

use serde::{Deserialize, Serialize};

use crate::model::{ActionState, Baseline, Decision, FindingStatus, Severity, Status, Timestamp};
use crate::score::ScoredAssessment;

/// How many of the worst open findings a week keeps for the fleet summary.
pub const WORST_KEPT: usize = 5;

/// One week of one system, as the site's overview pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekSummary {
    /// The assessment's id: the system's folder in the site.
    pub id: String,
    /// The system's name.
    pub system: String,
    /// The report's title.
    pub title: String,
    /// The assessment date.
    pub date: Timestamp,
    /// The overall status.
    pub status: Status,
    /// The deployment decision.
    pub decision: Decision,
    /// Open findings by severity.
    pub open: OpenCounts,
    /// Actions past their due date and not done.
    pub overdue: u32,
    /// Findings first seen this week.
    pub opened: u32,
    /// Findings resolved this week.
    pub closed: u32,
    /// Each component's status, in report order.
    pub components: Vec<ComponentStatus>,
    /// The worst open findings (critical and high), worst first, at most
    /// [`WORST_KEPT`].
    pub worst: Vec<WorstFinding>,
}

/// Open findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenCounts {
    /// Critical.
    pub critical: u32,
    /// High.
    pub high: u32,
    /// Medium.
    pub medium: u32,
    /// Low.
    pub low: u32,
}

impl OpenCounts {
    fn add(&mut self, severity: Severity) {
        let slot = match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => return,
        };
        *slot = slot.saturating_add(1);
    }

    /// Every open finding counted (info findings are not).
    pub fn total(self) -> u32 {
        self.critical
            .saturating_add(self.high)
            .saturating_add(self.medium)
            .saturating_add(self.low)
    }
}

/// A component's status in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentStatus {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its status.
    pub status: Status,
}

/// An open critical or high finding, for the fleet's worst list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorstFinding {
    /// The finding's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its severity.
    pub severity: Severity,
    /// The component's name.
    pub component: String,
}

/// Sorts candidate worst findings (worst first, then by id: input order
/// never decides) and keeps [`WORST_KEPT`].
fn keep_worst(mut all: Vec<WorstFinding>) -> Vec<WorstFinding> {
    all.sort_by(|a, b| a.severity.cmp(&b.severity).then_with(|| a.id.cmp(&b.id)));
    all.truncate(WORST_KEPT);
    all
}

fn is_worst(severity: Severity) -> bool {
    matches!(severity, Severity::Critical | Severity::High)
}

impl WeekSummary {
    /// The summary of a scored assessment.
    pub fn of_scored(a: &ScoredAssessment) -> WeekSummary {
        let mut open = OpenCounts::default();
        let (mut opened, mut closed) = (0u32, 0u32);
        let mut worst = Vec::new();
        for c in &a.components {
            for f in &c.findings {
                if f.status == FindingStatus::Open {
                    open.add(f.severity);
                    if is_worst(f.severity) {
                        worst.push(WorstFinding {
                            id: f.id.clone(),
                            title: f.title.clone(),
                            severity: f.severity,
                            component: c.name.clone(),
                        });
                    }
                }
                opened += u32::from(f.first_seen == a.date);
                closed += u32::from(f.resolved_at == Some(a.date));
            }
        }
        let overdue = a
            .components
            .iter()
            .flat_map(|c| &c.actions)
            .chain(&a.plan)
            .filter(|x| x.state == ActionState::Overdue)
            .count();
        WeekSummary {
            id: a.id.clone(),
            system: a.system.clone(),
            title: a.title.clone(),
            date: a.date,
            status: a.overall.status,
            decision: a.overall.decision,
            open,
            overdue: u32::try_from(overdue).unwrap_or(u32::MAX),
            opened,
            closed,
            components: a
                .components
                .iter()
                .map(|c| ComponentStatus {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    status: c.status,
                })
                .collect(),
            worst: keep_worst(worst),
        }
    }

    /// The summary of an earlier build, read from its `assessment.json`.
    pub fn of_build(b: &Baseline) -> WeekSummary {
        let mut open = OpenCounts::default();
        let (mut opened, mut closed) = (0u32, 0u32);
        let mut worst = Vec::new();
        for (c, f) in b.findings() {
            if f.status == FindingStatus::Open {
                open.add(f.severity);
                if is_worst(f.severity) {
                    worst.push(WorstFinding {
                        id: f.id.clone(),
                        title: f.title.clone(),
                        severity: f.severity,
                        component: c.name.clone(),
                    });
                }
            }
            opened = opened.saturating_add(u32::from(f.first_seen == Some(b.date)));
            closed = closed.saturating_add(u32::from(f.resolved_at == Some(b.date)));
        }
        let overdue = b
            .actions()
            .filter(|x| x.state == ActionState::Overdue)
            .count();
        WeekSummary {
            id: b.id.clone(),
            system: if b.system.is_empty() {
                b.id.clone()
            } else {
                b.system.clone()
            },
            title: b.title.clone(),
            date: b.date,
            status: b.overall.status,
            decision: b.overall.decision,
            open,
            overdue: u32::try_from(overdue).unwrap_or(u32::MAX),
            opened,
            closed,
            components: b
                .components
                .iter()
                .map(|c| ComponentStatus {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    status: c.status,
                })
                .collect(),
            worst: keep_worst(worst),
        }
    }

    /// The week's folder name in the site: its date.
    pub fn folder(&self) -> String {
        self.date.0.format("%Y-%m-%d").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn summary_of(folder: &str) -> WeekSummary {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        WeekSummary::of_scored(&crate::assess(&dir).unwrap())
    }

    #[test]
    fn the_examples_weeks_summarised() {
        let one = summary_of("data/013a-analytics");
        assert_eq!(
            (one.status, one.decision),
            (Status::Yellow, Decision::ConditionalGo)
        );
        assert_eq!(
            one.open,
            OpenCounts {
                critical: 5,
                high: 4,
                medium: 11,
                low: 2
            }
        );
        assert_eq!((one.opened, one.closed, one.overdue), (22, 0, 0));
        assert_eq!(one.worst.len(), WORST_KEPT);
        assert!(one.worst.iter().all(|f| f.severity == Severity::Critical));
        assert_eq!(one.components.len(), 7);
        let two = summary_of("data/013a-analytics-2025-10-07");
        assert_eq!(two.open.critical, 0);
        assert_eq!((two.opened, two.closed, two.overdue), (1, 12, 1));
        assert_eq!(two.folder(), "2025-10-07");
    }

    #[test]
    fn a_build_reads_to_the_same_summary_as_its_scored_assessment() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/013a-analytics-2025-10-07");
        let scored = crate::assess(&dir).unwrap();
        let json = crate::render_json(&scored);
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("assessment.json");
        std::fs::write(&file, json).unwrap();
        let (build, _) = crate::load::baseline::read_assessment_json(&file).unwrap();
        assert_eq!(
            WeekSummary::of_build(&build),
            WeekSummary::of_scored(&scored)
        );
    }
}
