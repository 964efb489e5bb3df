//! The weekly cycle: the second week of the example built against the
//! first (what carries over, what changed), and the baseline's problems.
//! One test per behaviour issue 13 lists as broken; golden snapshots of
//! week two's "Changes Since Last Week" in Markdown and JSON.

mod common;

use std::path::{Path, PathBuf};

use readiness::model::ActionState;
use readiness::score::ScoredAssessment;
use readiness::{BaselineChoice, BuildOptions, Format};

fn week_two() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/013a-analytics-2025-10-07")
}

fn assess(dir: &Path, baseline: &BaselineChoice) -> ScoredAssessment {
    readiness::assess_against(dir, baseline, &mut |_| {}).unwrap_or_else(|d| panic!("{d}"))
}

fn render(a: &ScoredAssessment, format: Format) -> String {
    let docs = readiness::render(
        a,
        &BuildOptions {
            formats: vec![format],
            templates: None,
            pdf: Default::default(),
            pdf_name: None,
        },
    )
    .unwrap();
    String::from_utf8(docs[0].bytes.clone()).unwrap()
}

fn action<'a>(a: &'a ScoredAssessment, id: &str) -> &'a readiness::score::ScoredAction {
    a.components
        .iter()
        .flat_map(|c| c.actions.iter())
        .chain(a.plan.iter())
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no action `{id}`"))
}

fn finding<'a>(a: &'a ScoredAssessment, id: &str) -> &'a readiness::score::ScoredFinding {
    a.components
        .iter()
        .flat_map(|c| c.findings.iter())
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no finding `{id}`"))
}

/// Week two's committed baseline is week one as this readiness builds it:
/// regenerate it with `readiness build data/013a-analytics --format json`
/// and copy `assessment.json` to `data/013a-analytics-2025-10-07/baseline/`.
#[test]
fn the_committed_baseline_is_week_one_as_built_today() {
    let week_one = assess(&common::example(), &BaselineChoice::Auto);
    let committed = std::fs::read_to_string(week_two().join("baseline/assessment.json")).unwrap();
    assert!(
        render(&week_one, Format::Json) == committed,
        "data/013a-analytics-2025-10-07/baseline/assessment.json is stale: rebuild week one and copy its assessment.json there"
    );
}

/// Week two finds its baseline in `baseline/` by itself.
#[test]
fn week_two_finds_its_baseline_in_its_folder() {
    let a = assess(&week_two(), &BaselineChoice::Auto);
    let changes = a.changes.expect("compared with week one");
    assert_eq!(changes.baseline_date.rfc3339(), "2025-09-30T14:57:00Z");
}

/// Issue: "every action without a pinned `due` is re-dated from the new
/// assessment date, so an immediate action left open for a week is 'due
/// tomorrow' again and never overdue; last week's done actions are redrawn
/// as due next week".
#[test]
fn due_dates_stay_fixed_and_an_action_left_open_is_overdue_with_its_age() {
    let a = assess(&week_two(), &BaselineChoice::Auto);
    let late = action(&a, "security-secrets-management");
    assert_eq!(late.due.rfc3339(), "2025-10-01T14:57:00Z");
    assert_eq!(late.state, ActionState::Overdue);
    assert_eq!(late.overdue_days, Some(6));
    let done = action(&a, "plan-deploy-monitoring");
    assert_eq!(done.due.rfc3339(), "2025-10-01T14:57:00Z");
    assert_eq!(done.state, ActionState::Done);
    assert_eq!(done.done_at.unwrap().rfc3339(), "2025-10-07T15:10:00Z");
    // A new action is planned from this week.
    let new = action(&a, "security-grafana-credentials");
    assert_eq!(new.due.rfc3339(), "2025-10-08T15:10:00Z");
    // The issue's scenario: last week's folder copied with only its date
    // changed. Without a baseline every due date moves a week on; with
    // week one as baseline they stay, and the open ones are overdue.
    let copy = common::edited_example(&[(
        "assessment.toml",
        "date = 2025-09-30T14:57:00Z",
        "date = 2025-10-07T15:10:00Z",
    )]);
    let alone = assess(copy.path(), &BaselineChoice::Off);
    let redated = action(&alone, "plan-deploy-monitoring");
    assert_eq!(redated.due.rfc3339(), "2025-10-08T15:10:00Z");
    assert_eq!(redated.state, ActionState::Open);
    assert!(alone.changes.is_none());
    let pinned = assess(
        copy.path(),
        &BaselineChoice::Path(week_two().join("baseline/assessment.json")),
    );
    let late = action(&pinned, "plan-deploy-monitoring");
    assert_eq!(late.due.rfc3339(), "2025-10-01T14:57:00Z");
    assert_eq!(
        (late.state, late.overdue_days),
        (ActionState::Overdue, Some(6))
    );
}

/// A finding keeps the week it first appeared; a resolved one records
/// the week it was resolved.
#[test]
fn first_seen_and_resolved_at_come_from_the_week_they_happened() {
    let a = assess(&week_two(), &BaselineChoice::Auto);
    let old = finding(&a, "security-secrets-env");
    assert_eq!(old.first_seen.rfc3339(), "2025-09-30T14:57:00Z");
    assert_eq!(old.resolved_at, None);
    let new = finding(&a, "security-grafana-default-credentials");
    assert_eq!(new.first_seen.rfc3339(), "2025-10-07T15:10:00Z");
    let fixed = finding(&a, "monitoring-absent");
    assert_eq!(fixed.first_seen.rfc3339(), "2025-09-30T14:57:00Z");
    assert_eq!(fixed.resolved_at.unwrap().rfc3339(), "2025-10-07T15:10:00Z");
}

/// Issue: "when a probe stops reporting a finding, every reference to it
/// fails the build (`unknown finding`)". With the baseline the probe's
/// findings are "no longer reported" and references to them resolve;
/// without one, an unknown reference stays an error.
#[test]
fn a_finding_the_probe_stopped_reporting_is_no_longer_reported_not_an_error() {
    let a = assess(&week_two(), &BaselineChoice::Auto);
    let gone: Vec<&str> = a.no_longer_reported.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        gone,
        ["monitoring-grafana-down", "monitoring-prometheus-down"]
    );
    let changes = a.changes.unwrap();
    let kinds: Vec<(&str, &str)> = changes
        .findings
        .iter()
        .filter(|f| f.id.starts_with("monitoring-") && f.id.ends_with("-down"))
        .map(|f| {
            (
                f.id.as_str(),
                serde_json::to_value(f.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .map(|(id, k)| {
            (
                id,
                if k == "no-longer-reported" {
                    "gone"
                } else {
                    "other"
                },
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("monitoring-prometheus-down", "gone"),
            ("monitoring-grafana-down", "gone")
        ]
    );

    let tmp = tempfile::tempdir().unwrap();
    common::copy_tree(&week_two(), &tmp.path().join("in"));
    let out = common::readiness(&["check", "in", "--no-baseline"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(
        "reference_to_a_finding_no_longer_reported_without_a_baseline",
        String::from_utf8(out.stderr).unwrap()
    );
    let out = common::readiness(&["check", "in"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The "Changes Since Last Week" section of week two's report.md.
#[test]
fn week_two_changes_section_markdown() {
    let md = render(
        &assess(&week_two(), &BaselineChoice::Auto),
        Format::Markdown,
    );
    let start = md.find("## Changes Since Last Week").expect("the section");
    let end = start + md[start..].find("\n---\n").expect("its end");
    insta::assert_snapshot!("week_two_changes_md", &md[start..end]);
    // Near the top: before the executive summary.
    assert!(start < md.find("## Executive Summary").unwrap());
}

/// What week two's assessment.json says changed, and what it keeps of the
/// findings no longer reported.
#[test]
fn week_two_changes_json() {
    let json = render(&assess(&week_two(), &BaselineChoice::Auto), Format::Json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let picked = serde_json::json!({
        "changes": value["changes"],
        "no_longer_reported": value["no_longer_reported"],
    });
    insta::assert_snapshot!(
        "week_two_changes_json",
        serde_json::to_string_pretty(&picked).unwrap()
    );
}

/// The section is in the HTML page and the PDF too, with its badges.
#[test]
fn week_two_changes_reach_html_and_pdf() {
    let a = assess(&week_two(), &BaselineChoice::Auto);
    let html = render(&a, Format::Html);
    let section = &html[html.find("Changes Since Last Week</h2>").expect("heading")..];
    let section = &section[..section.find("</table>").unwrap()];
    assert!(section.contains("security-grafana-default-credentials"));
    assert!(section.contains("Actions overdue"));
    // Compact: one row per kind of change, not one per finding or action.
    assert!(section.matches("<tr>").count() <= 16, "{section}");
    assert!(section.contains("class=\"badge"), "{section}");
    let pdf = readiness::render::pdf::paginate(
        &readiness::document::build(
            &a,
            &readiness::render::markdown::render_markdown(
                &a,
                &readiness::render::templates::load_templates(None).unwrap(),
            )
            .unwrap(),
        ),
        &Default::default(),
    )
    .unwrap()
    .dump();
    assert!(pdf.contains("Changes Since Last Week"));
    assert!(pdf.contains("Not reported"));
}

/// Week one has no section: nothing to compare with.
#[test]
fn week_one_has_no_changes_section() {
    let md = render(
        &assess(&common::example(), &BaselineChoice::Auto),
        Format::Markdown,
    );
    assert!(!md.contains("Changes Since Last Week"));
}

/// `--baseline` takes a folder of builds: the newest build of the same id
/// dated before the assessment is used (not a later one, not another id).
#[test]
fn a_folder_of_builds_gives_the_newest_older_build() {
    let tmp = tempfile::tempdir().unwrap();
    let builds = tmp.path().join("out");
    let out = common::readiness(
        &[
            "build",
            &common::example().display().to_string(),
            "-o",
            "out",
            "--format",
            "json",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    // A later build of the same id and an older one of another id: neither is used.
    let later = builds.join("013a-analytics-2025-10-14");
    std::fs::create_dir_all(&later).unwrap();
    std::fs::write(later.join("assessment.json"), "not even JSON").unwrap();
    let other = builds.join("other-2025-10-01");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("assessment.json"), "not even JSON").unwrap();
    let week = week_two().display().to_string();
    let out = common::readiness(
        &[
            "build",
            &week,
            "-o",
            "out",
            "--format",
            "json",
            "--baseline",
            "out",
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json =
        std::fs::read_to_string(builds.join("013a-analytics-2025-10-07/assessment.json")).unwrap();
    assert!(json.contains("\"baseline_date\": \"2025-09-30T14:57:00Z\""));
    // A folder with no earlier build says so.
    let out = common::readiness(
        &["check", &week, "--baseline", "out/other-2025-10-01/.."],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    std::fs::remove_dir_all(builds.join("013a-analytics-2025-09-30")).unwrap();
    let out = common::readiness(&["check", &week, "--baseline", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(
        "baseline_folder_without_an_earlier_build",
        String::from_utf8(out.stderr).unwrap()
    );
}

/// A change to the text of a baseline.
type Change = fn(&str) -> String;

/// A bad baseline is a diagnostic located in it, exit 2, nothing written.
#[test]
fn a_bad_baseline_is_a_located_diagnostic() {
    let cases: &[(&str, Change)] = &[
        ("baseline_not_json", |t| t.replacen("\"id\":", "\"id\"", 1)),
        ("baseline_wrong_type", |t| {
            t.replacen("\"status\": \"yellow\"", "\"status\": 3", 1)
        }),
        ("baseline_of_another_assessment", |t| {
            t.replacen("\"id\": \"013a-analytics\"", "\"id\": \"other\"", 1)
        }),
        ("baseline_not_older", |t| {
            t.replacen(
                "\"date\": \"2025-09-30T14:57:00Z\"",
                "\"date\": \"2025-10-07T15:10:00Z\"",
                1,
            )
        }),
    ];
    for (name, change) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in");
        common::copy_tree(&week_two(), &input);
        let file = input.join("baseline/assessment.json");
        let text = std::fs::read_to_string(&file).unwrap();
        let changed = change(&text);
        assert_ne!(changed, text, "{name}");
        std::fs::write(&file, changed).unwrap();
        let out = common::readiness(&["build", "in", "-o", "out"], tmp.path());
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(!tmp.path().join("out").exists(), "{name}: nothing written");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let check = common::readiness(&["check", "in"], tmp.path());
        assert_eq!(String::from_utf8(check.stderr).unwrap(), stderr, "{name}");
        insta::assert_snapshot!(*name, stderr);
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = common::readiness(
        &[
            "check",
            &week_two().display().to_string(),
            "--baseline",
            "nowhere.json",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!("baseline_missing", String::from_utf8(out.stderr).unwrap());
}

/// Week two with a `rules.toml` added (a copy of the folder).
fn week_two_with_rules(rules: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_tree(&week_two(), tmp.path());
    std::fs::write(tmp.path().join("rules.toml"), rules).unwrap();
    tmp
}

/// Issue: "key issues whose findings are all resolved still lead the
/// report under 'Critical Issues Requiring Immediate Attention'".
#[test]
fn a_key_issue_whose_findings_are_all_closed_leaves_the_critical_list() {
    let a = assess(&week_two(), &BaselineChoice::Auto);
    assert!(a.key_issues.iter().all(|k| k.resolved));
    let md = render(&a, Format::Markdown);
    assert!(!md.contains("### Critical Issues Requiring Immediate Attention"));
    let resolved = &md[md.find("### Issues Resolved").expect("listed as resolved")..];
    assert!(resolved.contains("**Monitoring Infrastructure**"));
    assert!(
        a.overall.rationale.iter().any(|r| matches!(
            r,
            readiness::score::Reason::KeyIssueResolved { title, .. } if title == "Monitoring Infrastructure"
        )),
        "the rationale says so"
    );
    // The rules decide.
    let kept = week_two_with_rules("[resolution]\nclose_key_issues = false\n");
    let a = assess(kept.path(), &BaselineChoice::Auto);
    assert!(a.key_issues.iter().all(|k| !k.resolved));
    assert!(
        render(&a, Format::Markdown).contains("### Critical Issues Requiring Immediate Attention")
    );
}

/// Issue: "a risk whose only finding was resolved stays HIGH / IMMEDIATE,
/// and its component keeps 'Risk Level: HIGH'".
#[test]
fn a_risk_whose_findings_are_all_closed_is_mitigated_and_sets_no_risk_level() {
    let week_one = assess(&common::example(), &BaselineChoice::Auto);
    let monitoring = |a: &ScoredAssessment| {
        a.components
            .iter()
            .find(|c| c.id == "monitoring")
            .unwrap()
            .clone()
    };
    assert_eq!(
        monitoring(&week_one).risk_level,
        Some(2),
        "HIGH in week one"
    );
    let a = assess(&week_two(), &BaselineChoice::Auto);
    let r1 = a
        .risks
        .iter()
        .find(|r| r.id == "monitoring-absence")
        .unwrap();
    assert!(r1.mitigated);
    let secrets = a
        .risks
        .iter()
        .find(|r| r.id == "secrets-management")
        .unwrap();
    assert!(!secrets.mitigated, "its finding is open");
    let empty = a
        .risks
        .iter()
        .find(|r| r.id == "database-performance")
        .unwrap();
    assert!(
        !empty.mitigated,
        "a risk without findings is not mitigated by them"
    );
    let m = monitoring(&a);
    assert_eq!(m.risk_level, None);
    assert!(m.rationale.iter().any(|r| matches!(
        r,
        readiness::score::Reason::RiskMitigated { risk, .. } if risk == "monitoring-absence"
    )));
    let md = render(&a, Format::Markdown);
    assert!(md.contains("| R1 | Monitoring Absence | 🔴 **HIGH** 🟢 **Mitigated** |"));
    // The rules decide: without mitigation the closed findings keep setting it.
    let kept = week_two_with_rules("[resolution]\nmitigate_risks = false\n");
    let a = assess(kept.path(), &BaselineChoice::Auto);
    assert!(a.risks.iter().all(|r| !r.mitigated));
    assert_eq!(monitoring(&a).risk_level, Some(2));
}

/// Issue: "actions declared inside a component show nowhere with their due
/// date or state ... never reach the timeline or its table, so they can
/// never be seen overdue".
#[test]
fn component_actions_show_their_due_date_and_state_with_their_component() {
    let md = render(
        &assess(&week_two(), &BaselineChoice::Auto),
        Format::Markdown,
    );
    // Where the component lists them.
    assert!(md.contains(
        "- **Immediate**: Implement proper secrets management (HashiCorp Vault, AWS Secrets Manager) — due 2025-10-01 (OVERDUE, 6 days)"
    ));
    // Beside the timeline, with the component named.
    let timeline =
        &md[md.find("### Timeline").unwrap()..md.find("## Risk Assessment Matrix").unwrap()];
    assert!(timeline.contains(
        "| Security Assessment | Implement proper secrets management (HashiCorp Vault, AWS Secrets Manager) | Immediate | 2025-10-01 14:57 UTC | OVERDUE, 6 days |"
    ));
    assert!(timeline.contains(
        "| Monitoring & Observability | Deploy Prometheus and Grafana monitoring stack | Immediate | 2025-10-01 14:57 UTC | DONE |"
    ));
}

/// Issue: "an assessment whose `components/` folder is empty is GREEN /
/// GO": it is an error like a missing one, and nothing is written.
#[test]
fn an_empty_components_folder_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    for entry in std::fs::read_dir(input.join("components")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    std::fs::remove_dir_all(input.join("findings")).unwrap();
    let out = common::readiness(&["build", "in", "-o", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("out").exists());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("the components/ folder of `in` holds no component file")
    );
}

/// `status = "accepted"` without `reason`, `accepted_by` and `expires`
/// is an error at the finding's `status`, every missing field named.
#[test]
fn an_acceptance_must_say_why_who_and_until_when() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    let file = input.join("components/5-security.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replacen(
        "severity = \"high\"\n",
        "severity = \"high\"\nstatus = \"accepted\"\naccepted_by = \"  \"\n",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let out = common::readiness(&["build", "in", "-o", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("out").exists());
    insta::assert_snapshot!(
        "acceptance_incomplete",
        String::from_utf8(out.stderr).unwrap()
    );
}

/// An acceptance counts until it expires; then the finding is open again,
/// and the rationale and the report say so.
#[test]
fn an_expired_acceptance_counts_as_open_again() {
    let accepted = |expires: &str| {
        common::edited_example(&[(
            "components/5-security.toml",
            "severity = \"high\"\n",
            &format!(
                "severity = \"high\"\nstatus = \"accepted\"\nreason = \"Vault lands in Q4\"\naccepted_by = \"CISO\"\nexpires = {expires}\n"
            ),
        )])
    };
    let security = |a: &ScoredAssessment| {
        a.components
            .iter()
            .find(|c| c.id == "security")
            .unwrap()
            .clone()
    };
    let week_one = assess(&common::example(), &BaselineChoice::Auto);
    let open_score = security(&week_one).score;

    let valid = accepted("2025-12-31");
    let a = assess(valid.path(), &BaselineChoice::Auto);
    assert!(
        security(&a).score > open_score,
        "an accepted finding does not count"
    );
    let md = render(&a, Format::Markdown);
    // Settled: a neutral ACCEPTED badge, the severity as a word, not its
    // red badge.
    assert!(
        md.contains("⚪ **ACCEPTED** · High · `security-secrets-env`"),
        "{md}"
    );
    assert!(md.contains("— accepted by CISO until 2025-12-31: Vault lands in Q4"));

    let ended = accepted("2025-09-01");
    let a = assess(ended.path(), &BaselineChoice::Auto);
    let s = security(&a);
    assert_eq!(s.score, open_score, "counts as open again");
    let f = s
        .findings
        .iter()
        .find(|f| f.id == "security-secrets-env")
        .unwrap();
    assert_eq!(f.status, readiness::model::FindingStatus::Open);
    assert!(f.acceptance.as_ref().unwrap().expired);
    assert!(matches!(
        &s.rationale[0],
        readiness::score::Reason::AcceptanceExpired { finding, .. } if finding == "security-secrets-env"
    ));
    let md = render(&a, Format::Markdown);
    assert!(md.contains(
        "the acceptance of `security-secrets-env` expired on 2025-09-01: it counts as open again"
    ));
    assert!(md.contains("**Acceptance expired** 2025-09-01): Vault lands in Q4"));
}

/// Issue: "a checklist item marked done while its action is open shows
/// ticked": it is a located error; an item tied to an action is ticked
/// when its action is done.
#[test]
fn a_checklist_item_is_done_only_when_its_action_is() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    let file = input.join("assessment.toml");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "action = \"plan-deploy-monitoring\"\n",
        "action = \"plan-deploy-monitoring\"\ndone = true\n",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let out = common::readiness(&["build", "in", "-o", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("out").exists());
    insta::assert_snapshot!(
        "checklist_ahead_of_its_action",
        String::from_utf8(out.stderr).unwrap()
    );

    let md = render(
        &assess(&week_two(), &BaselineChoice::Auto),
        Format::Markdown,
    );
    assert!(md.contains("- [x] Deploy Prometheus and Grafana monitoring stack"));
    assert!(md.contains("- [ ] Verify all health checks are responding correctly"));
}

/// Issue: "an open checklist item never affects the decision". With the
/// default rules, items tied to an open immediate action hold a GO at
/// CONDITIONAL GO; `holds_decision` chooses which items do.
#[test]
fn open_checklist_items_hold_the_decision_at_conditional_go() {
    use readiness::model::Decision;
    let with_rules = |dir: &Path, rules: &str| {
        let tmp = tempfile::tempdir().unwrap();
        common::copy_tree(dir, tmp.path());
        std::fs::write(tmp.path().join("rules.toml"), rules).unwrap();
        let a = assess(tmp.path(), &BaselineChoice::Auto);
        (a.overall.decision, a.overall.rationale.clone())
    };
    // Week one's YELLOW made GO by the rules: its open immediate items hold it.
    let (decision, rationale) = with_rules(&common::example(), "[decision]\nyellow = \"go\"\n");
    assert_eq!(decision, Decision::ConditionalGo);
    assert!(matches!(
        rationale.last(),
        Some(readiness::score::Reason::ChecklistHolds { items, .. }) if items.len() == 4
    ));
    let (decision, _) = with_rules(
        &common::example(),
        "[decision]\nyellow = \"go\"\n[checklist]\nholds_decision = \"none\"\n",
    );
    assert_eq!(decision, Decision::Go);
    // Week two: the immediate items are done, two items with no action are open.
    let (decision, _) = with_rules(&week_two(), "[decision]\nyellow = \"go\"\n");
    assert_eq!(decision, Decision::Go);
    let (decision, rationale) = with_rules(
        &week_two(),
        "[decision]\nyellow = \"go\"\n[checklist]\nholds_decision = \"all\"\n",
    );
    assert_eq!(decision, Decision::ConditionalGo);
    assert!(matches!(
        rationale.last(),
        Some(readiness::score::Reason::ChecklistHolds { items, .. }) if items.len() == 2
    ));
}

/// `check` with environment variables set (and CI's unset).
fn check_with_env(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_readiness"));
    cmd.arg("check")
        .args(args)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Issue: "`check --fail-on` prints the same text whether the gate tripped
/// or not". Each gate says whether it tripped, the rule, and on what.
#[test]
fn a_tripped_gate_says_which_rule_and_on_what() {
    let week = week_two().display().to_string();
    let out = check_with_env(
        &[
            &week,
            "--fail-on",
            "new:high,overdue,stale,expired-acceptance,yellow,no-go",
            "--now",
            "2025-10-20T00:00:00Z",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("check_gates_text", String::from_utf8(out.stdout).unwrap());
    // Passing gates pass, and say so.
    let out = check_with_env(&[&week, "--fail-on", "new:critical,no-go"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("gate `new:critical` passed"), "{stdout}");
    assert!(stdout.contains("gate `no-go` passed"), "{stdout}");
    // Without a baseline nothing is new, and the gate says why.
    let out = check_with_env(
        &[
            &common::example().display().to_string(),
            "--fail-on",
            "new:info",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("note: no baseline: nothing can be new")
    );
    // An unknown gate is a usage error.
    let out = check_with_env(&[&week, "--fail-on", "new:severe"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("unknown severity `severe`")
    );
}

/// `stale` measures against --now, else SOURCE_DATE_EPOCH.
#[test]
fn stale_is_measured_against_now_or_source_date_epoch() {
    let week = week_two().display().to_string();
    // Next review: 2025-10-14T15:10:00Z.
    let gate = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec![week.as_str(), "--fail-on", "stale"];
        all.extend_from_slice(args);
        check_with_env(&all, env).status.code()
    };
    assert_eq!(gate(&["--now", "2025-10-14T15:10:00Z"], &[]), Some(0));
    assert_eq!(gate(&["--now", "2025-10-14T15:10:01Z"], &[]), Some(1));
    // 2025-10-20T00:00:00Z and 2025-10-08T00:00:00Z.
    assert_eq!(gate(&[], &[("SOURCE_DATE_EPOCH", "1760918400")]), Some(1));
    assert_eq!(gate(&[], &[("SOURCE_DATE_EPOCH", "1759881600")]), Some(0));
    // --now wins over SOURCE_DATE_EPOCH.
    assert_eq!(
        gate(
            &["--now", "2025-10-08T00:00:00Z"],
            &[("SOURCE_DATE_EPOCH", "1760918400")]
        ),
        Some(0)
    );
}

/// Issue: "... and has no machine-readable output". `--format json`
/// gives the verdicts, the changes since the baseline and each gate.
#[test]
fn check_format_json_gives_verdicts_changes_and_gates() {
    let week = week_two().display().to_string();
    let out = check_with_env(
        &[&week, "--fail-on", "new:high,red", "--format", "json"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "yellow");
    assert_eq!(v["decision"], "conditional-go");
    assert_eq!(v["components"].as_array().unwrap().len(), 7);
    assert_eq!(v["changes"]["baseline_date"], "2025-09-30T14:57:00Z");
    assert_eq!(v["tripped"], true);
    assert_eq!(v["gates"][0]["gate"], "new:high");
    assert_eq!(v["gates"][0]["tripped"], true);
    assert_eq!(
        v["gates"][0]["findings"][0],
        "security-grafana-default-credentials"
    );
    assert_eq!(v["gates"][1]["gate"], "red");
    assert_eq!(v["gates"][1]["tripped"], false);
}

/// `--format github`: annotations on stdout, the Markdown step summary
/// appended to $GITHUB_STEP_SUMMARY (or printed when it is not set).
#[test]
fn check_format_github_annotates_and_writes_a_step_summary() {
    let week = week_two().display().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let summary = tmp.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = check_with_env(
        &[&week, "--fail-on", "overdue", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with(
        "::error title=readiness gate overdue::gate `overdue` tripped: an open action is past its due date; components: security; findings: security-secrets-env; actions: security-secrets-management\n"
    ), "{stdout}");
    assert!(!stdout.contains("| Gate |"), "the summary goes to the file");
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("earlier step\n## readiness: "),
        "appended: {written}"
    );
    assert!(written.contains("| `overdue` | ❌ tripped |"));
    let out = check_with_env(&[&week, "--fail-on", "overdue", "--format", "github"], &[]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("| `overdue` | ❌ tripped |")
    );
}

/// `sha256:<64 hex>` written as `sha256:…`, so a snapshot does not change
/// with every edit of the example.
fn mask_fingerprints(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("sha256:") {
        out.push_str(&rest[..i + 7]);
        let hex = rest[i + 7..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        out.push('…');
        rest = &rest[i + 7 + hex..];
    }
    out.push_str(rest);
    out
}

/// Issue: "building with an unchanged date silently overwrites last week's
/// published folder". A different input refuses (exit 2, nothing
/// changed) unless `--force`; the same input rebuilds.
#[test]
fn outputs_of_a_different_input_are_not_replaced_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_tree(&common::example(), &tmp.path().join("week1"));
    // Next week's folder copied from last week's, its date left unchanged.
    common::copy_tree(&common::example(), &tmp.path().join("week2"));
    let plan = tmp.path().join("week2/plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap().replacen(
        "title = \"Deploy Monitoring Stack\"\n",
        "title = \"Deploy Monitoring Stack\"\nstatus = \"done\"\n",
        1,
    );
    std::fs::write(&plan, text).unwrap();
    let build = |dir: &str, extra: &[&str]| {
        let mut args = vec!["build", dir, "-o", "out", "--format", "md,json"];
        args.extend_from_slice(extra);
        common::readiness(&args, tmp.path())
    };
    assert_eq!(build("week1", &[]).status.code(), Some(0));
    assert_eq!(
        build("week1", &[]).status.code(),
        Some(0),
        "the same input rebuilds"
    );
    let before = common::snapshot_tree(&tmp.path().join("out"));
    let out = build("week2", &[]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(
        "outputs_of_a_different_input",
        mask_fingerprints(&String::from_utf8(out.stderr).unwrap())
    );
    assert_eq!(common::snapshot_tree(&tmp.path().join("out")), before);
    let out = build("week2", &["--force"]);
    assert_eq!(out.status.code(), Some(0));
    let md = std::fs::read_to_string(tmp.path().join("out/013a-analytics-2025-09-30/report.md"))
        .unwrap();
    assert!(md.contains("**Deploy Monitoring Stack** (DONE)"));
}

/// Issue: "`--format md` leaves last week's `report.pdf` beside the new
/// Markdown". A build writes exactly the requested formats.
#[test]
fn a_build_writes_exactly_the_requested_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::example().display().to_string();
    let out = common::readiness(
        &["build", &dir, "-o", "out", "--format", "md,json,html"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let out = common::readiness(&["build", &dir, "-o", "out", "--format", "md"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "wrote out/013a-analytics-2025-09-30/report.md\n\
         removed out/013a-analytics-2025-09-30/assessment.json\n\
         removed out/013a-analytics-2025-09-30/report.html\n"
    );
    let files: Vec<String> = common::snapshot_tree(&tmp.path().join("out"))
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "013a-analytics-2025-09-30/.readiness-build.json",
            "013a-analytics-2025-09-30/report.md"
        ]
    );
}

/// `readiness next` on the example, then a build: a valid report, due
/// dates fixed, the baseline the week rolled from.
#[test]
fn next_rolls_a_week_and_the_build_keeps_due_dates() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_tree(&week_two(), &tmp.path().join("w"));
    let out = common::readiness(&["next", "w"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new = tmp.path().join("013a-analytics-2025-10-14");
    assert!(new.join("baseline/assessment.json").is_file());
    let out = common::readiness(
        &["build", "013a-analytics-2025-10-14", "-o", "out"],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = assess(&new, &BaselineChoice::Auto);
    assert_eq!(a.date.rfc3339(), "2025-10-14T15:10:00Z");
    assert_eq!(
        a.changes.as_ref().unwrap().baseline_date.rfc3339(),
        "2025-10-07T15:10:00Z"
    );
    // Due dates stay where the week each action appeared put them.
    let late = action(&a, "security-secrets-management");
    assert_eq!(late.due.rfc3339(), "2025-10-01T14:57:00Z");
    assert_eq!(late.overdue_days, Some(13));
    assert_eq!(
        action(&a, "plan-deploy-monitoring").state,
        ActionState::Done
    );
    assert_eq!(
        finding(&a, "security-grafana-default-credentials")
            .first_seen
            .rfc3339(),
        "2025-10-07T15:10:00Z"
    );
    assert!(finding(&a, "monitoring-absent").status == readiness::model::FindingStatus::Resolved);
    // The folder exists now: a second roll refuses.
    let out = common::readiness(&["next", "w"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    // --date and NEW.
    let out = common::readiness(
        &["next", "w", "later", "--date", "2025-10-21T09:00:00Z"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        assess(&tmp.path().join("later"), &BaselineChoice::Auto)
            .date
            .rfc3339(),
        "2025-10-21T09:00:00Z"
    );
    let out = common::readiness(
        &["next", "w", "earlier", "--date", "2025-10-01T00:00:00Z"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

/// `readiness init` writes a starter that builds as is; every command's
/// DIR defaults to the current folder, with a clear error when it holds
/// no assessment.
#[test]
fn init_writes_a_starter_that_builds_and_dir_defaults_to_here() {
    let tmp = tempfile::tempdir().unwrap();
    let out = common::readiness(&["check"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("assessment folder `.` holds no input")
    );
    let out = common::readiness(&["init", "--date", "2025-10-07T09:00:00Z"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::readiness(&["build", "-o", "out"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        tmp.path()
            .join("out/my-service-2025-10-07/report.pdf")
            .is_file()
    );
    // Not over an assessment.
    let out = common::readiness(&["init"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let out = common::readiness(&["init", "fresh", "--date", "2025-10-07"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(tmp.path().join("fresh/components/service.toml").is_file());
}

/// Traceability in all three formats: each finding its id, each action the
/// findings it addresses and its owner, each risk its findings, probe
/// findings when they were observed and their evidence.
#[test]
fn findings_actions_and_risks_are_traceable_in_every_format() {
    let week_one = assess(&common::example(), &BaselineChoice::Auto);
    let a = assess(&week_two(), &BaselineChoice::Auto);
    let md = render(&a, Format::Markdown);
    assert!(md.contains("· `security-grafana-default-credentials` **Grafana deployed with the default admin password**"));
    assert!(md.contains("; addresses `security-grafana-default-credentials`; owner Platform team"));
    assert!(
        md.contains("- **R1** Monitoring Absence: `monitoring-absent`, `monitoring-no-alerting`")
    );
    let md_one = render(&week_one, Format::Markdown);
    assert!(md_one.contains(
        "— source `probe:tcp`, observed 2025-09-30 14:40 UTC: connect localhost:9090: connection refused"
    ));
    let html = render(&a, Format::Html);
    assert!(
        html.contains("<code>security-grafana-default-credentials</code> <strong>Grafana deployed")
    );
    assert!(html.contains("owner Platform team"));
    let html_one = render(&week_one, Format::Html);
    assert!(html_one.contains("observed 2025-09-30 14:40 UTC"));
    let dump = |a: &ScoredAssessment| {
        readiness::render::pdf::paginate(
            &readiness::document::build(
                a,
                &readiness::render::markdown::render_markdown(
                    a,
                    &readiness::render::templates::load_templates(None).unwrap(),
                )
                .unwrap(),
            ),
            &Default::default(),
        )
        .unwrap()
        .dump()
    };
    let pdf = dump(&a);
    for word in [
        "security-grafana-default-credentials",
        "Platform",
        "addresses",
        "monitoring-no-alerting",
    ] {
        assert!(pdf.contains(word), "{word} in the PDF");
    }
    assert!(dump(&week_one).contains("observed"));
}

/// The kinds of change week two's data does not show: a finding reopened,
/// one whose severity changed, an action dropped, a component gone.
#[test]
fn reopened_severity_changed_and_dropped_are_reported() {
    use readiness::score::changes::{ActionChangeKind, FindingChangeKind};
    let tmp = tempfile::tempdir().unwrap();
    common::copy_tree(&week_two(), tmp.path());
    let edit = |file: &str, from: &str, to: &str| {
        let path = tmp.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    // Reopened: resolved last week (the baseline edited so), open now.
    let baseline = tmp.path().join("baseline/assessment.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    for c in json["components"].as_array_mut().unwrap() {
        for f in c["findings"].as_array_mut().unwrap() {
            if f["id"] == "backend-endpoints-404" {
                f["status"] = "resolved".into();
            }
        }
    }
    std::fs::write(&baseline, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    // Severity changed: medium last week, high now.
    edit(
        "components/7-testing.toml",
        "id = \"testing-coverage\"\ntitle = \"Test Coverage\"",
        "id = \"testing-coverage\"\ntitle = \"Test Coverage\"\nseverity = \"high\"",
    );
    edit(
        "components/7-testing.toml",
        "severity = \"medium\"\n[[finding]]\nid = \"testing-backend-blocked\"",
        "[[finding]]\nid = \"testing-backend-blocked\"",
    );
    // Dropped: an action removed from the plan.
    edit(
        "plan.toml",
        "[[action]]\nid = \"plan-high-availability\"",
        "[[ignored]]\nid = \"plan-high-availability\"",
    );
    let plan = tmp.path().join("plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let cut = text.find("[[ignored]]").unwrap();
    let end = cut + text[cut..].find("[[action]]").unwrap();
    std::fs::write(&plan, format!("{}{}", &text[..cut], &text[end..])).unwrap();

    let a = assess(tmp.path(), &BaselineChoice::Auto);
    let changes = a.changes.unwrap();
    let kind_of = |id: &str| changes.findings.iter().find(|f| f.id == id).map(|f| f.kind);
    assert_eq!(
        kind_of("backend-endpoints-404"),
        Some(FindingChangeKind::Reopened)
    );
    assert_eq!(
        kind_of("testing-coverage"),
        Some(FindingChangeKind::SeverityChanged)
    );
    let severity = changes
        .findings
        .iter()
        .find(|f| f.id == "testing-coverage")
        .unwrap();
    assert_eq!(severity.trend, Some(readiness::score::Trend::Worse));
    assert!(
        changes
            .actions
            .iter()
            .any(|x| x.id == "plan-high-availability" && x.kind == ActionChangeKind::Dropped)
    );
}

/// A `first_seen` after the assessment date is a located error.
#[test]
fn a_finding_cannot_be_first_seen_after_the_assessment() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    let file = input.join("components/5-security.toml");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "severity = \"high\"\n",
        "severity = \"high\"\nfirst_seen = 2025-10-30\n",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let out = common::readiness(&["check", "in"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(
        "first_seen_after_the_assessment",
        String::from_utf8(out.stderr).unwrap()
    );
}
