//! `readiness import`: reports written by real tools (Bandit, pytest,
//! cargo-nextest; `fixtures/import/README.md` says how they were made) and
//! hand-written edge cases become findings files, checked whole against
//! snapshots; bad reports fail with every problem reported and nothing
//! written; an imported file builds into the report.

mod common;

use std::path::{Path, PathBuf};

use common::readiness;

// The generator of the benchmark (BENCHMARKS.md), so the test imports
// the same kind of file that is measured.
#[path = "../examples/generate_sarif.rs"]
#[allow(dead_code)]
mod generate_sarif;
use generate_sarif::big_sarif;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// Runs `readiness import ARGS... -o OUT/NAME` in the fixtures folder;
/// returns the status, stdout, stderr and the file written (if any).
fn import(args: &[&str], out: &Path) -> (i32, String, String, Option<String>) {
    let mut all: Vec<&str> = vec!["import"];
    all.extend(args);
    let out_str = out.to_str().unwrap();
    all.extend(["-o", out_str]);
    let o = readiness(&all, &fixtures());
    let written = std::fs::read_to_string(out).ok();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
        written,
    )
}

/// Imports and returns the file written, asserting success and the stderr.
fn imported(args: &[&str], stderr: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("findings/imported/out.json");
    let (status, stdout, err, written) = import(args, &out);
    assert_eq!(err, stderr);
    assert_eq!(status, 0, "{err}");
    assert!(stdout.starts_with("wrote "), "{stdout}");
    written.expect("the findings file is written")
}

#[test]
fn bandit_sarif_becomes_one_finding_per_rule() {
    let json = imported(&["sarif", "bandit.sarif", "--component", "backend"], "");
    insta::assert_snapshot!("bandit", json);
}

#[test]
fn semgrep_sarif_with_a_suppression_and_a_secret_rule() {
    let json = imported(&["sarif", "semgrep.sarif", "--component", "backend"], "");
    // The suppressed eval is an accepted finding of its own; the open one
    // keeps the other result.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let status = |id: &str| {
        v["finding"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {json}"))["status"]
            .clone()
    };
    assert_eq!(
        status("backend-semgrep-oss-python-sample-python-eval-suppressed"),
        "accepted"
    );
    assert_eq!(
        status("backend-semgrep-oss-python-sample-python-eval"),
        "open"
    );
    // A rule named for secrets: its snippet (the password) stays out.
    assert!(!json.contains("hunter2"), "{json}");
    insta::assert_snapshot!("semgrep", json);
}

#[test]
fn pytest_and_nextest_junit_become_one_finding_per_suite() {
    let json = imported(
        &[
            "junit",
            "pytest.xml",
            "nextest.xml",
            "--component",
            "backend",
        ],
        "",
    );
    insta::assert_snapshot!("pytest_nextest", json);
}

#[test]
fn jest_junit_becomes_one_finding_per_suite() {
    let json = imported(&["junit", "jest.xml", "--component", "frontend"], "");
    insta::assert_snapshot!("jest", json);
}

#[test]
fn sarif_edge_cases_are_imported_and_bad_parts_skipped_with_a_warning() {
    let json = imported(
        &["sarif", "edge/edge-cases.sarif", "--component", "api"],
        "warning: edge/edge-cases.sarif: runs[0].tool.driver.rules[4].id: skipped: invalid type: integer `42`, expected a string\n\
         warning: edge/edge-cases.sarif: runs[0].results[2].locations: skipped: invalid type: string \"this should be an array\", expected a sequence\n\
         warning: edge/edge-cases.sarif: runs[0].results[8]: skipped: no `ruleId`, `rule.id` or `ruleIndex` names its rule\n",
    );
    insta::assert_snapshot!("sarif_edge_cases", json);
}

#[test]
fn sarif_grouped_per_result_has_ids_from_fingerprints() {
    let json = imported(
        &[
            "sarif",
            "edge/edge-cases.sarif",
            "--component",
            "api",
            "--group",
            "result",
        ],
        "warning: edge/edge-cases.sarif: runs[0].tool.driver.rules[4].id: skipped: invalid type: integer `42`, expected a string\n\
         warning: edge/edge-cases.sarif: runs[0].results[2].locations: skipped: invalid type: string \"this should be an array\", expected a sequence\n\
         warning: edge/edge-cases.sarif: runs[0].results[8]: skipped: no `ruleId`, `rule.id` or `ruleIndex` names its rule\n",
    );
    insta::assert_snapshot!("sarif_per_result", json);
}

#[test]
fn ids_do_not_depend_on_line_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixtures().join("edge/edge-cases.sarif")).unwrap();
    // The same findings, moved down the files.
    let moved = original
        .replace("\"startLine\": 12", "\"startLine\": 112")
        .replace("\"startLine\": 40", "\"startLine\": 140")
        .replace("\"startLine\": 21", "\"startLine\": 121");
    assert_ne!(moved, original);
    let path = tmp.path().join("moved.sarif");
    std::fs::write(&path, moved).unwrap();
    let ids = |file: &str, group: &str| -> Vec<String> {
        let out = tmp.path().join(format!("{group}-{}.json", file.len()));
        let (status, _, err, json) = import(
            &["sarif", file, "--component", "api", "--group", group],
            &out,
        );
        assert_eq!(status, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&json.unwrap()).unwrap();
        v["finding"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let original_path = fixtures().join("edge/edge-cases.sarif");
    for group in ["rule", "result"] {
        assert_eq!(
            ids(original_path.to_str().unwrap(), group),
            ids(path.to_str().unwrap(), group),
            "--group {group}"
        );
    }
}

#[test]
fn secret_scanner_snippets_are_not_copied() {
    let json = imported(&["sarif", "edge/gitleaks.sarif", "--component", "api"], "");
    assert!(!json.contains("AKIAZZZZEXAMPLE7SECRET"), "{json}");
    assert!(!json.contains("sk_live_DO_NOT_LEAK"), "{json}");
    assert!(json.contains("code snippets left out"), "{json}");
    insta::assert_snapshot!("gitleaks", json);
}

#[test]
fn junit_edge_cases_nested_suites_flaky_reruns_locale_commas() {
    let json = imported(
        &["junit", "edge/nested.xml", "--component", "api"],
        "warning: edge/nested.xml: line 22: testcase `time`: skipped: `soon` is not a duration in seconds\n",
    );
    insta::assert_snapshot!("junit_nested", json);
}

#[test]
fn a_report_given_twice_is_read_once() {
    let once = imported(&["sarif", "bandit.sarif", "--component", "backend"], "");
    let twice = imported(
        &[
            "sarif",
            "bandit.sarif",
            "./bandit.sarif",
            "--component",
            "backend",
        ],
        "warning: ./bandit.sarif: not read: the same bytes as `bandit.sarif`, imported once\n",
    );
    assert_eq!(once, twice);
}

#[test]
fn results_of_one_rule_in_several_files_are_one_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures().join("bandit.sarif")).unwrap();
    // The same scan of another checkout: other bytes, the same rules.
    let other = tmp.path().join("bandit-2.sarif");
    std::fs::write(&other, text.replace("python-sample/", "other-checkout/")).unwrap();
    let json = imported(
        &[
            "sarif",
            "bandit.sarif",
            other.to_str().unwrap(),
            "--component",
            "backend",
        ],
        "",
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let b602 = v["finding"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "backend-bandit-b602")
        .unwrap();
    let evidence = b602["evidence"].as_str().unwrap();
    assert!(evidence.contains("\n4 results in 2 files;\n"), "{evidence}");
    let source = b602["source"].as_str().unwrap();
    assert!(
        source.starts_with("Bandit 1.9.4 (bandit.sarif, sha256:")
            && source.contains("; bandit-2.sarif, sha256:"),
        "{source}"
    );
    assert_eq!(v["finding"].as_array().unwrap().len(), 7);
}

#[test]
fn surefire_testsuite_root_with_decimal_commas() {
    let json = imported(&["junit", "edge/surefire.xml", "--component", "orders"], "");
    insta::assert_snapshot!("surefire", json);
}

#[test]
fn importing_the_same_files_twice_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    for (kind, files) in [
        ("sarif", vec!["bandit.sarif", "edge/edge-cases.sarif"]),
        (
            "junit",
            vec!["pytest.xml", "nextest.xml", "edge/nested.xml"],
        ),
    ] {
        let run = |n: u32| {
            let out = tmp.path().join(format!("{kind}-{n}.json"));
            let mut args = vec![kind];
            args.extend(&files);
            args.extend(["--component", "api"]);
            let (status, _, err, json) = import(&args, &out);
            assert_eq!(status, 0, "{err}");
            json.unwrap()
        };
        assert_eq!(run(1), run(2));
    }
}

/// Runs an import that must fail: status 2, the whole stderr, nothing
/// written (a previous file at the output path is kept as it was).
fn fails(args: &[&str], stderr: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.json");
    std::fs::write(&out, "previous").unwrap();
    let (status, stdout, err, written) = import(args, &out);
    assert_eq!(err, stderr);
    assert_eq!(status, 2);
    assert_eq!(stdout, "");
    assert_eq!(written.as_deref(), Some("previous"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn billion_laughs_and_other_bad_xml_fail_together_with_locations() {
    fails(
        &[
            "junit",
            "edge/billion-laughs.xml",
            "edge/not-junit.xml",
            "edge/malformed.xml",
            "--component",
            "api",
        ],
        "error: edge/billion-laughs.xml:2:1: a document type declaration (`<!DOCTYPE …>`) is refused: its entities could expand without bound, and JUnit reports need none
  |
2 | <!DOCTYPE lolz [
  | ^

error: edge/not-junit.xml:2:1: not a JUnit XML report: the root element is `html`, expected `testsuites` or `testsuite`
  |
2 | <html>
  | ^

error: edge/malformed.xml:4:3: invalid XML: expected 'testcase' tag, not 'testsuite'
  |
4 |   </testsuite>
  |   ^

3 problems found; nothing was written
",
    );
}

#[test]
fn files_that_are_not_sarif_fail_together_with_locations() {
    fails(
        &[
            "sarif",
            "edge/not-json.sarif",
            "edge/no-runs.sarif",
            "pytest.xml",
            "edge/missing.sarif",
            "--component",
            "API",
        ],
        "error: `--component` cannot be `API`: expected a component id: lowercase letters, digits, `-`, `_` or `.`

error: edge/missing.sarif: cannot read: No such file or directory (os error 2)

error: edge/not-json.sarif:4:40: invalid JSON: key must be a string
  |
4 |     {\"tool\": {\"driver\": {\"name\": \"x\"}},,}
  |                                        ^

error: edge/no-runs.sarif:1:1: not a SARIF 2.1.0 log: no `runs` array at the top
  |
1 | {
  | ^

error: pytest.xml:1:1: invalid JSON: expected value
  |
1 | <?xml version=\"1.0\" encoding=\"utf-8\"?><testsuites name=\"pytest tests\"><testsuite name=\"python-sample…
  | ^

5 problems found; nothing was written
",
    );
}

#[test]
fn the_output_must_be_a_json_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("findings.toml");
    let (status, _, err, written) = import(&["sarif", "bandit.sarif", "--component", "api"], &out);
    assert_eq!(status, 2);
    assert_eq!(
        err,
        format!(
            "error: `--out` cannot be `{}`: expected a path ending in a file name `NAME.json` (findings are read from `findings/**/*.json`)\n\n1 problem found; nothing was written\n",
            out.display()
        )
    );
    assert_eq!(written, None);
}

#[test]
fn a_50_mb_sarif_imports_into_one_finding_per_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, results) = big_sarif(50 * 1024 * 1024);
    let path = tmp.path().join("big.sarif");
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("big.json");
    let (status, stdout, err, json) = import(
        &["sarif", path.to_str().unwrap(), "--component", "api"],
        &out,
    );
    assert_eq!(err, "");
    assert_eq!(status, 0);
    assert_eq!(stdout, format!("wrote {} (20 findings)\n", out.display()));
    let v: serde_json::Value = serde_json::from_str(&json.unwrap()).unwrap();
    let findings = v["finding"].as_array().unwrap();
    assert_eq!(findings.len(), 20);
    // Every result is counted in its rule's finding, and the evidence is
    // bounded: 10 occurrences listed, the rest counted.
    let mut counted = 0;
    for f in findings {
        let evidence = f["evidence"].as_str().unwrap();
        let second = evidence.lines().nth(1).unwrap();
        let n: usize = second.split(' ').next().unwrap().parse().unwrap();
        counted += n;
        assert_eq!(evidence.lines().count(), 2 + 10 + 1, "{evidence}");
    }
    assert_eq!(counted, results);
}

#[test]
fn build_reads_imported_findings_and_warns_about_raw_reports() {
    // The reports are from 2026: the assessment must not predate them.
    let dir = common::edited_example(&[(
        "assessment.toml",
        "date = 2025-09-30T14:57:00Z",
        "date = 2026-12-03T09:00:00Z",
    )]);
    let findings = dir.path().join("findings");
    for (kind, file, name) in [
        ("sarif", "bandit.sarif", "bandit.json"),
        ("junit", "pytest.xml", "pytest.json"),
    ] {
        let out = findings.join("imported").join(name);
        let (status, _, err, _) = import(&[kind, file, "--component", "backend"], &out);
        assert_eq!(status, 0, "{err}");
    }
    std::fs::copy(
        fixtures().join("bandit.sarif"),
        findings.join("bandit.sarif"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = readiness(
        &[
            "build",
            dir.path().to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "--format",
            "md,json",
        ],
        dir.path(),
    );
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        stderr,
        "warning: findings/bandit.sarif: not read: SARIF and XML reports are not input; turn them into findings with `readiness import sarif|junit FILE --component ID -o findings/imported/NAME.json`\n"
    );
    assert!(o.status.success());
    let report = std::fs::read_to_string(
        out.path()
            .join("013a-analytics-2026-12-03")
            .join("report.md"),
    )
    .unwrap();
    for needle in [
        "Bandit B602: subprocess_popen_with_shell_equals_true",
        "Tests failing in python-sample: 2 of 4",
        "Bandit 1.9.4 (bandit.sarif, sha256:",
        "FAILED test_sample.test_fails: AssertionError: the lists differ;",
    ] {
        assert!(report.contains(needle), "report.md lacks {needle:?}");
    }
    let json = std::fs::read_to_string(
        out.path()
            .join("013a-analytics-2026-12-03")
            .join("assessment.json"),
    )
    .unwrap();
    assert!(json.contains("\"backend-bandit-b602\""));
    assert!(json.contains("\"backend-tests-python-sample\""));
}
