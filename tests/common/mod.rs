//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The example assessment folder.
pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/013a-analytics")
}

/// The example's second week.
pub fn week_two() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/013a-analytics-2025-10-07")
}

/// Inputs: the example's two weeks (as given) and `inputs/second/`, a
/// folder of two weeks of another system: the example renamed, rolled on
/// a week by `readiness next` (which writes its baseline).
pub fn site_inputs() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("second/payments-2025-09-30");
    copy_tree(&example(), &first);
    let file = first.join("assessment.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replacen("id = \"013a-analytics\"", "id = \"payments\"", 1)
        .replacen(
            "system = \"013a Analytics\"",
            "system = \"Payments <API>\"",
            1,
        );
    assert!(text.contains("id = \"payments\""), "{text}");
    std::fs::write(&file, text).unwrap();
    let out = readiness(
        &[
            "next",
            "second/payments-2025-09-30",
            "second/payments-2025-10-07",
        ],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmp
}

/// Runs the real binary with `args` in `cwd`.
pub fn readiness(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the example in a new temporary folder with each `(file,
/// from, to)` edit made once (`from` must be in `file`).
pub fn edited_example(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&example(), tmp.path());
    for (file, from, to) in edits {
        let path = tmp.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    tmp
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The typed document of an assessment folder, as the pipeline builds it
/// for the HTML and PDF renderers.
pub fn document_of(dir: &Path) -> readiness::document::Document {
    let scored = readiness::assess(dir).expect("the assessment is valid");
    let templates = readiness::render::templates::load_templates(None).expect("templates");
    let prose = readiness::render::markdown::render_markdown(&scored, &templates)
        .expect("the templates render");
    readiness::document::build(&scored, &prose)
}

/// The example's typed document.
pub fn example_document() -> readiness::document::Document {
    document_of(&example())
}

/// The document facts of the example, as the pipeline derives them.
pub fn example_meta() -> readiness::document::Meta {
    let scored = readiness::assess(&example()).expect("the example is valid");
    readiness::document::meta(&scored)
}

/// An external tool a test needs is missing: fails the test under CI
/// (`CI=true`), where `.ci/run` must have installed it; elsewhere prints
/// why the test is skipped. Written straight to the process's stderr: the
/// harness captures `eprintln!` of passing tests, and a skip must be seen.
pub fn tool_missing(reason: &str) {
    use std::io::Write as _;
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{reason}");
    }
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {reason}");
}
