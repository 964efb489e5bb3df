//! User templates (`--templates`): what would crash Tera, a folder that is
//! not one, and a file that is no template's name are errors with the
//! file, line and column: exit 2, nothing written, never an abort.

use std::path::Path;

mod common;

/// Builds the example with `files` as the templates folder; returns the
/// exit status, stderr, and whether anything was written.
fn build_with(files: &[(&str, &str)]) -> (Option<i32>, String, bool) {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("tpl");
    std::fs::create_dir_all(&tpl).unwrap();
    for (name, text) in files {
        let path = tpl.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    run(tmp.path(), "tpl")
}

fn run(dir: &Path, templates: &str) -> (Option<i32>, String, bool) {
    let example = common::example();
    let out = common::readiness(
        &[
            "build",
            example.to_str().unwrap(),
            "-o",
            "out",
            "--templates",
            templates,
        ],
        dir,
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        dir.join("out").exists(),
    )
}

#[test]
fn a_macro_that_calls_itself_is_an_error_not_a_stack_overflow() {
    let (code, stderr, wrote) = build_with(&[(
        "report.md.tera",
        "{% macro r(n) %}\n{{ self::r(n=n) }}{% endmacro r %}{{ self::r(n=1) }}",
    )]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!wrote);
    assert_eq!(
        stderr,
        "template error: tpl/report.md.tera:2:4: macro `r` calls itself (directly or through other macros); recursion is not allowed\n"
    );
}

#[test]
fn a_template_that_includes_itself_is_an_error() {
    let (code, stderr, _) = build_with(&[(
        "md/component.md.tera",
        "{% include \"md/component.md.tera\" %}",
    )]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with("template error: tpl/md/component.md.tera:1:1: this template includes"),
        "{stderr}"
    );
}

#[test]
fn two_thousand_nested_ifs_are_an_error() {
    let text = "{% if a %}".repeat(2000) + &"{% endif %}".repeat(2000);
    let (code, stderr, wrote) = build_with(&[("report.md.tera", &text)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!wrote);
    assert!(
        stderr.contains("tpl/report.md.tera:1:481: blocks nested deeper than 48"),
        "{stderr}"
    );
}

#[test]
fn a_bad_date_format_is_an_error_not_a_panic() {
    let (code, stderr, wrote) =
        build_with(&[("report.md.tera", "{{ a.date | utc(format=\"%Q\") }}")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!wrote);
    assert!(stderr.contains("cannot use the format `%Q`"), "{stderr}");
}

#[test]
fn a_templates_folder_must_exist_be_a_folder_and_hold_only_templates() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, stderr, _) = run(tmp.path(), "missing");
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "template error: templates folder `missing` does not exist\n"
    );
    std::fs::write(tmp.path().join("file.tera"), "x").unwrap();
    let (code, stderr, _) = run(tmp.path(), "file.tera");
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "template error: `file.tera` is not a folder of templates\n"
    );
    let (code, stderr, wrote) = build_with(&[("report.md.tmpl", "x"), ("component.md.tera", "y")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!wrote);
    assert!(stderr.contains("`component.md.tera` in the templates folder is not the name of a template (did you mean `md/component.md.tera`?)"), "{stderr}");
    assert!(stderr.contains("`report.md.tmpl` in the templates folder is not the name of a template (did you mean `report.md.tera`?)"), "{stderr}");
}

#[test]
fn unknown_names_are_placed_and_the_nearest_is_suggested() {
    let (code, stderr, wrote) = build_with(&[("report.md.tera", "# Title\n\n{{ a.titel }}")]);
    assert_eq!(code, Some(2));
    assert!(!wrote);
    assert_eq!(
        stderr,
        "template error: tpl/report.md.tera:3:4: unknown variable `a.titel`\n  help: did you mean `a.title`?\n"
    );
    let (_, stderr, _) = build_with(&[("md/component.md.tera", "x {{ c.name | uper }}")]);
    assert_eq!(
        stderr,
        "template error: tpl/md/component.md.tera:1:15: unknown filter `uper`\n  help: did you mean `upper`?\n"
    );
    let (_, stderr, _) = build_with(&[("report.md.tera", "{{ bage(status=\"green\") }}")]);
    assert_eq!(
        stderr,
        "template error: tpl/report.md.tera:1:4: unknown function `bage`\n  help: did you mean `badge`?\n"
    );
}

/// A broken `report.html.tera` is the user's template error, not a bug in
/// the HTML renderer (found by fuzz/templates).
#[test]
fn a_broken_html_shell_is_a_template_error() {
    let (code, stderr, wrote) = build_with(&[("report.html.tera", "{{ nope }}")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!wrote);
    assert!(stderr.starts_with("template error: "), "{stderr}");
    assert!(!stderr.contains("a bug in readiness"), "{stderr}");
}
