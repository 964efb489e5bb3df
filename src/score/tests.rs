//! Table-driven tests of the component verdict under the built-in rules.

use std::collections::BTreeSet;

use super::*;
use crate::model::{Finding, Health, Severity};

fn finding(id: &str, severity: Severity, status: FindingStatus) -> Finding {
    Finding {
        id: id.into(),
        component: None,
        title: id.into(),
        detail: None,
        severity,
        status,
        source: "manual".into(),
        evidence: None,
        observed_at: None,
        first_seen: None,
        reason: None,
        accepted_by: None,
        expires: None,
    }
}

/// (open findings, planned immediately?, score, status, health)
type VerdictCase<'a> = (&'a [(Severity, FindingStatus)], bool, u32, Status, Health);

#[test]
fn component_verdicts_follow_the_builtin_rules() {
    use FindingStatus::*;
    use Severity::*;
    // (open findings, planned immediate?, score, status, health)
    let cases: &[VerdictCase] = &[
        (&[], true, 100, Status::Green, Health::Excellent),
        (
            &[(Low, Open), (Low, Open)],
            true,
            96,
            Status::Green,
            Health::Excellent,
        ),
        (
            &[(Medium, Open), (Medium, Open)],
            true,
            84,
            Status::Green,
            Health::Good,
        ),
        (&[(High, Open)], true, 85, Status::Yellow, Health::Good),
        (
            &[(Critical, Open), (Medium, Open), (Medium, Open)],
            true,
            59,
            Status::Yellow,
            Health::Fair,
        ),
        (&[(Critical, Open)], false, 75, Status::Red, Health::Good),
        (
            &[(Critical, Open), (Critical, Open), (Critical, Open)],
            true,
            25,
            Status::Red,
            Health::Poor,
        ),
        (
            &[(Critical, Resolved), (High, Accepted)],
            false,
            100,
            Status::Green,
            Health::Excellent,
        ),
        (
            &[(Info, Open); 30],
            true,
            100,
            Status::Green,
            Health::Excellent,
        ),
    ];
    let rules = Rules::builtin();
    for (i, (spec, planned, score, status, health)) in cases.iter().enumerate() {
        let findings: Vec<Finding> = spec
            .iter()
            .enumerate()
            .map(|(n, (sev, st))| finding(&format!("f{n}"), *sev, *st))
            .collect();
        let planned_now: BTreeSet<&str> = if *planned {
            findings.iter().map(|f| f.id.as_str()).collect()
        } else {
            BTreeSet::new()
        };
        let v = component_verdict(&rules, findings.iter(), &planned_now);
        assert_eq!(
            (v.score, v.status, v.health),
            (*score, *status, *health),
            "case {i}: {spec:?}"
        );
    }
}

#[test]
fn the_rationale_names_the_findings_that_moved_the_status() {
    let rules = Rules::builtin();
    let findings = [finding("tls", Severity::High, FindingStatus::Open)];
    let v = component_verdict(&rules, findings.iter(), &BTreeSet::new());
    assert_eq!(
        v.rationale,
        vec![
            Reason::Deduction {
                finding: "tls".into(),
                severity: Severity::High,
                points: 15
            },
            Reason::ScoreBand {
                score: 85,
                status: Status::Green,
                health: Health::Good
            },
            Reason::SeverityGate {
                finding: "tls".into(),
                severity: Severity::High,
                status: Status::Yellow
            },
        ]
    );
}
