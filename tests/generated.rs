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
