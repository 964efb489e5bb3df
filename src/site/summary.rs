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

/// What the summary needs of one finding, from either typed form of it
/// (a scored assessment, or an earlier build's JSON).
struct Facts<'a> {
    component: &'a str,
    id: &'a str,
    title: &'a str,
    severity: Severity,
    status: FindingStatus,
    first_seen: Option<Timestamp>,
    resolved_at: Option<Timestamp>,
}

/// The findings of one week, counted.
struct Tally {
    open: OpenCounts,
    opened: u32,
    closed: u32,
    worst: Vec<WorstFinding>,
}

impl Tally {
    fn of<'a>(date: Timestamp, findings: impl Iterator<Item = Facts<'a>>) -> Tally {
        let mut t = Tally {
            open: OpenCounts::default(),
            opened: 0,
            closed: 0,
            worst: Vec::new(),
        };
        for f in findings {
            if f.status == FindingStatus::Open {
                t.open.add(f.severity);
                if is_worst(f.severity) {
                    t.worst.push(WorstFinding {
                        id: f.id.to_owned(),
                        title: f.title.to_owned(),
                        severity: f.severity,
                        component: f.component.to_owned(),
                    });
                }
            }
            t.opened = t
                .opened
                .saturating_add(u32::from(f.first_seen == Some(date)));
            t.closed = t
                .closed
                .saturating_add(u32::from(f.resolved_at == Some(date)));
        }
        t
    }

    fn summary<'a>(
        self,
        (id, system, title, date): (&str, &str, &str, Timestamp),
        (status, decision): (Status, Decision),
        overdue: usize,
        components: impl Iterator<Item = (&'a String, &'a String, Status)>,
    ) -> WeekSummary {
        WeekSummary {
            id: id.to_owned(),
            system: system.to_owned(),
            title: title.to_owned(),
            date,
            status,
            decision,
            open: self.open,
            overdue: u32::try_from(overdue).unwrap_or(u32::MAX),
            opened: self.opened,
            closed: self.closed,
            components: components
                .map(|(id, name, status)| ComponentStatus {
                    id: id.clone(),
                    name: name.clone(),
                    status,
                })
                .collect(),
            worst: keep_worst(self.worst),
        }
    }
}

impl WeekSummary {
    /// The summary of a scored assessment.
    pub fn of_scored(a: &ScoredAssessment) -> WeekSummary {
        let findings = a.components.iter().flat_map(|c| {
            c.findings.iter().map(move |f| Facts {
                component: &c.name,
                id: &f.id,
                title: &f.title,
                severity: f.severity,
                status: f.status,
                first_seen: Some(f.first_seen),
                resolved_at: f.resolved_at,
            })
        });
        let tally = Tally::of(a.date, findings);
        let overdue = a
            .components
            .iter()
            .flat_map(|c| &c.actions)
            .chain(&a.plan)
            .filter(|x| x.state == ActionState::Overdue)
            .count();
        let components = a.components.iter().map(|c| (&c.id, &c.name, c.status));
        tally.summary(
            (&a.id, &a.system, &a.title, a.date),
            (a.overall.status, a.overall.decision),
            overdue,
            components,
        )
    }

    /// The summary of an earlier build, read from its `assessment.json`.
    pub fn of_build(b: &Baseline) -> WeekSummary {
        let findings = b.findings().map(|(c, f)| Facts {
            component: &c.name,
            id: &f.id,
            title: &f.title,
            severity: f.severity,
            status: f.status,
            first_seen: f.first_seen,
            resolved_at: f.resolved_at,
        });
        let tally = Tally::of(b.date, findings);
        let overdue = b
            .actions()
            .filter(|x| x.state == ActionState::Overdue)
            .count();
        // Older builds may lack the system's name: the id stands in.
        let system = if b.system.is_empty() {
            &b.id
        } else {
            &b.system
        };
        let components = b.components.iter().map(|c| (&c.id, &c.name, c.status));
        tally.summary(
            (&b.id, system, &b.title, b.date),
            (b.overall.status, b.overall.decision),
            overdue,
            components,
        )
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
