//! The example's verdicts are the reference's.

mod common;

use readiness::model::{Decision, Health, Horizon, Status};

#[test]
fn the_example_scores_as_the_reference_states() {
    let a = readiness::assess(&common::example()).unwrap();
    let by_id = |id: &str| a.components.iter().find(|c| c.id == id).unwrap();
    let expect = [
        ("frontend", Status::Green, Some(Health::Excellent)),
        ("backend", Status::Green, Some(Health::Good)),
        ("database", Status::Green, Some(Health::Good)),
        ("infrastructure", Status::Yellow, Some(Health::Good)),
        ("security", Status::Yellow, None),
        ("monitoring", Status::Red, Some(Health::Poor)),
        ("testing", Status::Yellow, Some(Health::Fair)),
    ];
    for (id, status, health) in expect {
        let c = by_id(id);
        assert_eq!(c.status, status, "{id}");
        if let Some(h) = health {
            assert_eq!(c.health, h, "{id}");
        }
    }
    // Backend is GREEN only by the assessor: the rules alone say otherwise.
    let backend = by_id("backend");
    assert_eq!(backend.rules_status, Status::Yellow);
    assert!(backend.assessor_reason.is_some());
    // Only backend's status is overridden.
    for c in &a.components {
        if c.id != "backend" {
            assert_eq!(c.status, c.rules_status, "{}", c.id);
        }
    }
    assert_eq!(
        a.risk_matrix.levels[by_id("security").risk_level.unwrap()].label,
        "MEDIUM"
    );
    assert_eq!(a.overall.status, Status::Yellow);
    assert_eq!(a.overall.decision, Decision::ConditionalGo);

    let risks: Vec<(&str, &str, &str, &str, Horizon)> = a
        .risks
        .iter()
        .map(|r| {
            let m = &a.risk_matrix;
            (
                r.title.as_str(),
                m.levels[r.level].label.as_str(),
                m.impact[r.impact].as_str(),
                m.likelihood[r.likelihood].as_str(),
                r.priority,
            )
        })
        .collect();
    assert_eq!(
        risks,
        [
            (
                "Monitoring Absence",
                "HIGH",
                "HIGH",
                "CERTAIN",
                Horizon::Immediate
            ),
            (
                "SSL Configuration",
                "MEDIUM",
                "HIGH",
                "LIKELY",
                Horizon::Immediate
            ),
            (
                "Test Failures",
                "MEDIUM",
                "MEDIUM",
                "CERTAIN",
                Horizon::ShortTerm
            ),
            (
                "Secrets Management",
                "MEDIUM",
                "HIGH",
                "MEDIUM",
                Horizon::ShortTerm
            ),
            (
                "Database Performance",
                "LOW",
                "MEDIUM",
                "LOW",
                Horizon::LongTerm
            ),
        ]
    );
    assert_eq!(a.next_review.rfc3339(), "2025-10-07T14:57:00Z");
    assert_eq!(a.plan[0].due.rfc3339(), "2025-10-01T14:57:00Z");
}

#[test]
fn the_reference_scales_are_expressible() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_tree(&common::example(), tmp.path());
    std::fs::write(
        tmp.path().join("rules.toml"),
        include_str!("fixtures/rules/reference-3x4.toml"),
    )
    .unwrap();
    let a = readiness::assess(tmp.path()).unwrap();
    assert_eq!(a.risk_matrix.impact, ["LOW", "MEDIUM", "HIGH"]);
    assert_eq!(
        a.risk_matrix.likelihood,
        ["LOW", "MEDIUM", "LIKELY", "CERTAIN"]
    );
    let levels: Vec<&str> = a
        .risks
        .iter()
        .map(|r| a.risk_matrix.levels[r.level].label.as_str())
        .collect();
    assert_eq!(levels, ["HIGH", "MEDIUM", "MEDIUM", "MEDIUM", "LOW"]);
}
