//! The benchmark fixture generator writes valid, deterministic assessments.

mod common;

use std::process::Command;

fn generate(n: &str, out: &std::path::Path) {
    // The example is built by cargo for this test run.
    let status = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", "generate", "--", n])
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn generated_assessments_are_valid_and_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    generate("100", &tmp.path().join("a"));
    generate("100", &tmp.path().join("b"));
    assert_eq!(
        common::snapshot_tree(&tmp.path().join("a")),
        common::snapshot_tree(&tmp.path().join("b"))
    );
    let scored = readiness::assess(&tmp.path().join("a")).unwrap_or_else(|d| panic!("{d}"));
    let total: usize = scored.components.iter().map(|c| c.findings.len()).sum();
    assert_eq!(total, 100);
}

/// Validation rejects everything a renderer could fail on, so a renderer
/// error is a bug: the generated 10,000-finding assessment renders in
/// every format (the example and the hostile corpus do in `document.rs`
/// and `pdf.rs`).
#[test]
fn ten_thousand_findings_reach_no_renderer_error() {
    let tmp = tempfile::tempdir().unwrap();
    generate("10000", tmp.path());
    let scored = readiness::assess(tmp.path()).unwrap_or_else(|d| panic!("{d}"));
    let docs = readiness::render(
        &scored,
        &readiness::BuildOptions {
            formats: readiness::Format::ALL.to_vec(),
            templates: None,
            pdf: Default::default(),
            pdf_name: None,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(docs.len(), 4);
    assert!(docs.iter().all(|d| !d.bytes.is_empty()));
}
