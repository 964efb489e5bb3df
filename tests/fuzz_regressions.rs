//! Inputs found by the fuzz targets of `fuzz/` (`scripts/fuzz.sh`), each
//! replayed through the library calls of the target that found it.
//!
//! A case whose bug is not fixed yet is `#[ignore]`d with the reason, so CI
//! stays green while it is open: `cargo test --test fuzz_regressions --
//! --ignored` runs them. Remove the `#[ignore]` with the fix.

mod common;

use readiness::{BuildOptions, Format};

/// The example rendered as HTML with one user template, as
/// `fuzz/fuzz_targets/templates.rs` does.
fn render_with_template(name: &str, text: &str) -> Result<(), readiness::Error> {
    let scored = readiness::assess(&common::example()).expect("the example is valid");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    let options = BuildOptions {
        formats: vec![Format::Html],
        templates: Some(dir.path().to_owned()),
        pdf: Default::default(),
        pdf_name: None,
    };
    readiness::render(&scored, &options).map(drop)
}

/// Found by `templates` (minimized): a user `report.html.tera` naming an
/// unknown variable failed as `Error::Html` ("HTML rendering failed (a bug
/// in readiness)"); it is a template error, like the Markdown ones.
#[test]
fn broken_user_html_template_is_a_template_error() {
    let err = render_with_template("report.html.tera", "<p>{{ tone_cs }}</p>\n").unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, readiness::Error::Template(_)),
        "not a template error: {text}"
    );
    assert!(!text.contains("a bug in readiness"), "{text}");
    assert!(text.contains("report.html.tera"), "{text}");
    assert!(text.contains("tone_cs"), "{text}");
}

/// The same mistake in the Markdown template is a template error naming
/// the file and the variable (the behaviour the HTML shell should match).
#[test]
fn broken_user_markdown_template_is_a_template_error() {
    let err = render_with_template("report.md.tera", "{{ tone_cs }}\n").unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, readiness::Error::Template(_)),
        "not a template error: {text}"
    );
    assert!(text.contains("report.md.tera"), "{text}");
    assert!(text.contains("tone_cs"), "{text}");
}
