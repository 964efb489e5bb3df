//! Scoring: applies the rules to a checked assessment. Pure: no I/O, and no
//! text formatting — every verdict comes with structured reasons that the
//! templates put into words.

mod carry;
pub mod changes;
pub mod rules;
mod scored;

pub use changes::{Changes, Trend};
pub use scored::*;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    Action, ActionStatus, Decision, Finding, FindingStatus, Horizon, Status, Timestamp,
};
use crate::model::{ActionState, Tone};
use crate::validate::Assessment;
use rules::Rules;

/// Scores a checked assessment.
pub fn score(a: &Assessment) -> ScoredAssessment {
    // An acceptance that has ended counts as open again: score a copy in
    // which those findings are open, and say so where they are listed.
    let date = a.info.date;
    let expired_at = |f: &Finding| {
        f.expires
            .filter(|e| f.status == FindingStatus::Accepted && *e <= date)
    };
    let mut expired: BTreeMap<String, Timestamp> = BTreeMap::new();
    let reopened;
    let a = if a
        .components
        .iter()
        .flat_map(|c| c.findings.iter())
        .any(|f| expired_at(f).is_some())
    {
        let mut copy = a.clone();
        for f in copy
            .components
            .iter_mut()
            .flat_map(|c| c.findings.iter_mut())
        {
            if let Some(at) = expired_at(f) {
                expired.insert(f.id.clone(), at);
                f.status = FindingStatus::Open;
            }
        }
        reopened = copy;
        &reopened
    } else {
        a
    };
    let rules = &a.rules;
    let carry = carry::Carry::new(a.baseline.as_ref(), date);

    // Which findings each action addresses, and which have an immediate action.
    let all_actions = a
        .components
        .iter()
        .flat_map(|c| c.actions.iter())
        .chain(a.plan.iter());
    let mut actions_of: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut planned_now: BTreeSet<&str> = BTreeSet::new();
    for action in all_actions {
        for f in &action.findings {
            actions_of
                .entry(f.as_str())
                .or_default()
                .push(action.id.clone());
            if action.horizon == Horizon::Immediate {
                planned_now.insert(f.as_str());
            }
        }
    }

    // Which findings still count: open ones. A finding no longer reported
    // since the baseline is closed, like a resolved or accepted one.
    let open_findings: BTreeSet<&str> = a
        .components
        .iter()
        .flat_map(|c| c.findings.iter())
        .filter(|f| f.status == FindingStatus::Open)
        .map(|f| f.id.as_str())
        .collect();
    let all_closed =
        |ids: &[String]| !ids.is_empty() && ids.iter().all(|f| !open_findings.contains(f.as_str()));

    // Risks first: components show the level of the risks their findings feed.
    let risk_rules = &rules.risk;
    let level_index: BTreeMap<&str, usize> = risk_rules
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    let cells: Vec<Vec<usize>> = risk_rules
        .cells
        .iter()
        .map(|row| row.iter().map(|id| level_index[id.as_str()]).collect())
        .collect();
    let position = |scale: &[rules::ScaleStep], id: &str| {
        scale.iter().position(|s| s.id == id).expect("validated")
    };
    let risks: Vec<ScoredRisk> = a
        .risks
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let (i, l) = (
                position(&risk_rules.impact, &r.impact),
                position(&risk_rules.likelihood, &r.likelihood),
            );
            let matrix_priority = risk_rules.priorities[i][l];
            ScoredRisk {
                key: format!("R{}", n + 1),
                id: r.id.clone(),
                title: r.title.clone(),
                impact: i,
                likelihood: l,
                level: cells[i][l],
                priority: r.assessor.as_ref().map_or(matrix_priority, |o| o.priority),
                matrix_priority,
                assessor_reason: r.assessor.as_ref().map(|o| o.reason.clone()),
                findings: r.findings.clone(),
                mitigated: rules.resolution.mitigate_risks && all_closed(&r.findings),
            }
        })
        .collect();
    let mut risk_level_of_finding: BTreeMap<&str, usize> = BTreeMap::new();
    for r in risks.iter().filter(|r| !r.mitigated) {
        for f in &r.findings {
            let e = risk_level_of_finding.entry(f.as_str()).or_insert(r.level);
            *e = (*e).max(r.level);
        }
    }

    // Validation rejects windows and intervals that end after the year
    // 9999; saturate rather than panic for an `Assessment` built by hand.
    let ends =
        |window: rules::Window| Timestamp(window.after(date.0).unwrap_or_else(rules::last_date));
    // Due dates stay where the week an action first appeared put them.
    let due = |action: &Action| {
        action
            .due
            .or_else(|| carry.pinned_due(action))
            .unwrap_or_else(|| ends(rules.horizons.get(action.horizon).window))
    };
    let scored_action = |action: &Action, key: Option<String>, component: Option<&str>| {
        let due = due(action);
        let state = match action.status {
            ActionStatus::Done => ActionState::Done,
            ActionStatus::Open if due < date => ActionState::Overdue,
            ActionStatus::Open => ActionState::Open,
        };
        ScoredAction {
            key,
            id: action.id.clone(),
            component: component.map(str::to_owned),
            horizon: action.horizon,
            title: action.title.clone(),
            detail: action.detail.clone(),
            findings: action.findings.clone(),
            owner: action.owner.clone(),
            status: action.status,
            due,
            state,
            overdue_days: (state == ActionState::Overdue).then(|| (date.0 - due.0).num_days()),
            done_at: carry.done_at(action),
        }
    };

    let components: Vec<ScoredComponent> = a
        .components
        .iter()
        .map(|c| {
            let mut findings: Vec<(usize, &Finding)> = c.findings.iter().enumerate().collect();
            findings.sort_by_key(|(i, f)| (f.status != FindingStatus::Open, f.severity, *i));
            let verdict = component_verdict(rules, findings.iter().map(|(_, f)| *f), &planned_now);
            let (status, health) = match &c.assessor {
                Some(o) => (
                    o.status.unwrap_or(verdict.status),
                    o.health.unwrap_or(verdict.health),
                ),
                None => (verdict.status, verdict.health),
            };
            let mut rationale = verdict.rationale;
            // First: they explain the deductions that follow.
            let ended = c.findings.iter().filter_map(|f| {
                expired.get(&f.id).map(|at| Reason::AcceptanceExpired {
                    finding: f.id.clone(),
                    expired: *at,
                })
            });
            rationale.splice(0..0, ended);
            let ids: BTreeSet<&str> = c.findings.iter().map(|f| f.id.as_str()).collect();
            for r in risks.iter().filter(|r| r.mitigated) {
                if r.findings.iter().any(|f| ids.contains(f.as_str())) {
                    rationale.push(Reason::RiskMitigated {
                        key: r.key.clone(),
                        risk: r.id.clone(),
                        findings: r.findings.clone(),
                    });
                }
            }
            if let Some(o) = &c.assessor {
                rationale.push(Reason::AssessorOverride {
                    status: o.status,
                    health: o.health,
                    reason: o.reason.clone(),
                });
            }
            ScoredComponent {
                id: c.id.clone(),
                name: c.name.clone(),
                order: c.order,
                summary: c.summary.clone(),
                status_note: c.status_note.clone(),
                health_note: c.health_note.clone(),
                headings: c.headings.clone(),
                score: verdict.score,
                rules_status: verdict.status,
                rules_health: verdict.health,
                status,
                health,
                assessor_reason: c.assessor.as_ref().map(|o| o.reason.clone()),
                // When the rules mitigate risks, only open findings set it:
                // a closed finding carries no risk.
                risk_level: c
                    .findings
                    .iter()
                    .filter(|f| f.status == FindingStatus::Open || !rules.resolution.mitigate_risks)
                    .filter_map(|f| risk_level_of_finding.get(f.id.as_str()).copied())
                    .max(),
                open_findings: verdict.open,
                findings: findings
                    .iter()
                    .map(|(_, f)| ScoredFinding {
                        id: f.id.clone(),
                        title: f.title.clone(),
                        detail: f.detail.clone(),
                        severity: f.severity,
                        status: f.status,
                        source: f.source.clone(),
                        evidence: f.evidence.clone(),
                        observed_at: f.observed_at,
                        first_seen: carry.first_seen(f),
                        resolved_at: carry.resolved_at(f),
                        acceptance: match (&f.reason, &f.accepted_by, f.expires) {
                            (Some(reason), Some(by), Some(expires)) => Some(Acceptance {
                                reason: reason.clone(),
                                accepted_by: by.clone(),
                                expires,
                                expired: expired.contains_key(&f.id),
                            }),
                            _ => None,
                        },
                        points: if f.status == FindingStatus::Open {
                            rules.score.weights.of(f.severity)
                        } else {
                            0
                        },
                        actions: actions_of.get(f.id.as_str()).cloned().unwrap_or_default(),
                        immediate_action: planned_now.contains(f.id.as_str()),
                    })
                    .collect(),
                strengths: c.strengths.clone(),
                actions: c
                    .actions
                    .iter()
                    .map(|x| scored_action(x, None, Some(&c.id)))
                    .collect(),
                rationale,
            }
        })
        .collect();

    let mut overall = overall_verdict(rules, &components);
    let key_issues: Vec<ScoredKeyIssue> = a
        .info
        .key_issues
        .iter()
        .map(|k| ScoredKeyIssue {
            title: k.title.clone(),
            detail: k.detail.clone(),
            findings: k.findings.clone(),
            resolved: rules.resolution.close_key_issues && all_closed(&k.findings),
        })
        .collect();
    // What closing findings changed, before the decision that ends the list.
    let decision = overall.rationale.pop();
    for k in key_issues.iter().filter(|k| k.resolved) {
        overall.rationale.push(Reason::KeyIssueResolved {
            title: k.title.clone(),
            findings: k.findings.clone(),
        });
    }
    for r in risks.iter().filter(|r| r.mitigated) {
        overall.rationale.push(Reason::RiskMitigated {
            key: r.key.clone(),
            risk: r.id.clone(),
            findings: r.findings.clone(),
        });
    }
    overall.rationale.extend(decision);
    let plan: Vec<ScoredAction> = a
        .plan
        .iter()
        .enumerate()
        .map(|(n, x)| scored_action(x, Some(format!("A{}", n + 1)), None))
        .collect();
    let action_done: BTreeMap<&str, bool> = a
        .components
        .iter()
        .flat_map(|c| c.actions.iter())
        .chain(a.plan.iter())
        .map(|x| (x.id.as_str(), x.status == ActionStatus::Done))
        .collect();
    // An item tied to an action is done when its action is done.
    let checklist: Vec<ScoredChecklistItem> = a
        .info
        .checklist
        .iter()
        .map(|item| ScoredChecklistItem {
            text: item.text.clone(),
            done: match item.action.as_deref() {
                Some(id) => action_done.get(id).copied().unwrap_or(false),
                None => item.done,
            },
            action: item.action.clone(),
        })
        .collect();
    let immediate_actions: BTreeSet<&str> = a
        .components
        .iter()
        .flat_map(|c| c.actions.iter())
        .chain(a.plan.iter())
        .filter(|x| x.horizon == Horizon::Immediate)
        .map(|x| x.id.as_str())
        .collect();
    let holding: Vec<String> = checklist
        .iter()
        .filter(|item| !item.done)
        .filter(|item| match rules.checklist.holds_decision {
            rules::ChecklistHold::None => false,
            rules::ChecklistHold::All => true,
            rules::ChecklistHold::ImmediateActions => item
                .action
                .as_deref()
                .is_some_and(|id| immediate_actions.contains(id)),
        })
        .map(|item| item.text.clone())
        .collect();
    if !holding.is_empty() && overall.decision < Decision::ConditionalGo {
        overall.decision = Decision::ConditionalGo;
        // After the decision for the status: it overrides it.
        overall.rationale.push(Reason::ChecklistHolds {
            items: holding,
            decision: Decision::ConditionalGo,
        });
    }
    let (changes, no_longer_reported) = match &a.baseline {
        Some(b) => {
            let (changes, retired) = changes::changes(b, &overall, &components, &plan);
            (Some(changes), retired)
        }
        None => (None, Vec::new()),
    };
    let horizon_tone = |h: Horizon| match h {
        Horizon::Immediate => Tone::Bad,
        Horizon::ShortTerm => Tone::Warn,
        Horizon::LongTerm => Tone::Good,
    };

    ScoredAssessment {
        format_version: 1,
        generator: concat!("readiness ", env!("CARGO_PKG_VERSION")).to_owned(),
        id: a.info.id.clone(),
        title: a.info.title.clone(),
        subtitle: a.info.subtitle.clone(),
        system: a.info.system.clone(),
        version: a.info.version.clone(),
        date,
        next_review: Timestamp(
            rules::Window::Days(a.info.review_interval_days)
                .after(date.0)
                .unwrap_or_else(rules::last_date),
        ),
        assessor: a.info.assessor.clone(),
        scope: a.info.scope.clone(),
        contact: a.info.contact.clone(),
        sign_off: a.info.sign_off.clone(),
        method_note: a.info.method_note.clone(),
        summary: a.info.summary.clone(),
        decision_text: a.info.decision.clone(),
        overall,
        changes,
        key_issues,
        components,
        no_longer_reported,
        plan,
        horizons: Horizon::ALL
            .iter()
            .map(|&h| {
                let r = rules.horizons.get(h);
                HorizonDue {
                    horizon: h,
                    label: r.label.clone(),
                    within: r.within.clone(),
                    due: ends(r.window),
                    tone: horizon_tone(h),
                }
            })
            .collect(),
        risks,
        risk_matrix: RiskMatrix {
            impact: risk_rules.impact.iter().map(|s| s.label.clone()).collect(),
            likelihood: risk_rules
                .likelihood
                .iter()
                .map(|s| s.label.clone())
                .collect(),
            levels: risk_rules
                .levels
                .iter()
                .map(|l| MatrixLevel {
                    label: l.label.clone(),
                    tone: l.tone,
                })
                .collect(),
            cells,
            priorities: risk_rules.priorities.clone(),
        },
        checklist,
        stack: a.info.stack.clone(),
        rules: a.rules.clone(),
    }
}

/// What the rules alone make of a component.
struct ComponentVerdict {
    score: u32,
    status: Status,
    health: crate::model::Health,
    open: SeverityCounts,
    rationale: Vec<Reason>,
}

fn component_verdict<'a>(
    rules: &Rules,
    findings: impl Iterator<Item = &'a Finding>,
    planned_now: &BTreeSet<&str>,
) -> ComponentVerdict {
    let mut rationale = Vec::new();
    let mut open = SeverityCounts::default();
    let mut lost = 0u32;
    let mut gates = Vec::new();
    for f in findings.filter(|f| f.status == FindingStatus::Open) {
        open.add(f.severity);
        let points = rules.score.weights.of(f.severity);
        lost = lost.saturating_add(points);
        if points > 0 {
            rationale.push(Reason::Deduction {
                finding: f.id.clone(),
                severity: f.severity,
                points,
            });
        }
        if let Some(gate) = rules.status.gates.iter().find(|g| g.severity == f.severity) {
            gates.push(Reason::SeverityGate {
                finding: f.id.clone(),
                severity: f.severity,
                status: gate.status,
            });
        }
        if f.severity == crate::model::Severity::Critical && !planned_now.contains(f.id.as_str()) {
            gates.push(Reason::UnplannedCritical {
                finding: f.id.clone(),
                status: rules.status.unplanned_critical,
            });
        }
    }
    let score = rules.score.start.saturating_sub(lost);
    let band_status = if score >= rules.status.green_min {
        Status::Green
    } else if score >= rules.status.yellow_min {
        Status::Yellow
    } else {
        Status::Red
    };
    let health = rules
        .health
        .bands
        .iter()
        .find(|b| score >= b.min)
        .map_or(crate::model::Health::Poor, |b| b.health);
    rationale.push(Reason::ScoreBand {
        score,
        status: band_status,
        health,
    });
    let mut status = band_status;
    for g in gates {
        let forced = match &g {
            Reason::SeverityGate { status, .. } | Reason::UnplannedCritical { status, .. } => {
                *status
            }
            _ => unreachable!("only gates are collected"),
        };
        // Only gates that make the status worse explain it.
        if forced > band_status {
            status = status.max(forced);
            rationale.push(g);
        }
    }
    ComponentVerdict {
        score,
        status,
        health,
        open,
        rationale,
    }
}

fn overall_verdict(rules: &Rules, components: &[ScoredComponent]) -> OverallVerdict {
    let count = |s: Status| components.iter().filter(|c| c.status == s).count() as u32;
    let (green, yellow, red) = (
        count(Status::Green),
        count(Status::Yellow),
        count(Status::Red),
    );
    let red_share = if components.is_empty() {
        0.0
    } else {
        f64::from(red) / components.len() as f64
    };
    let mut open = SeverityCounts::default();
    for c in components {
        open.merge(c.open_findings);
    }
    let unplanned: Vec<String> = components
        .iter()
        .flat_map(|c| c.findings.iter())
        .filter(|f| {
            f.status == FindingStatus::Open
                && f.severity == crate::model::Severity::Critical
                && !f.immediate_action
        })
        .map(|f| f.id.clone())
        .collect();

    let mut rationale = Vec::new();
    let mut status = Status::Green;
    let not_green: Vec<String> = components
        .iter()
        .filter(|c| c.status != Status::Green)
        .map(|c| c.id.clone())
        .collect();
    if !not_green.is_empty() {
        status = Status::Yellow;
        rationale.push(Reason::ComponentsNotGreen {
            components: not_green,
            status,
        });
    }
    if red > 0 {
        let red_status = if red_share > rules.overall.red_share_max {
            Status::Red
        } else {
            Status::Yellow
        };
        status = status.max(red_status);
        let ids = components
            .iter()
            .filter(|c| c.status == Status::Red)
            .map(|c| c.id.clone())
            .collect();
        rationale.push(Reason::RedShare {
            components: ids,
            share: red_share,
            max: rules.overall.red_share_max,
            status: red_status,
        });
    }
    for f in &unplanned {
        status = status.max(rules.overall.unplanned_critical);
        rationale.push(Reason::UnplannedCritical {
            finding: f.clone(),
            status: rules.overall.unplanned_critical,
        });
    }
    let decision = rules.decision.for_status(status);
    rationale.push(Reason::DecisionForStatus { status, decision });

    OverallVerdict {
        status,
        decision,
        components_green: green,
        components_yellow: yellow,
        components_red: red,
        red_share,
        open_findings: open,
        unplanned_critical: unplanned,
        rationale,
    }
}

#[cfg(test)]
mod tests;
