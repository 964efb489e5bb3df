//! The HTML renderer checked with real tools:
//!
//! 1. the Nu HTML Checker (vnu.jar, from npm `vnu-jar`) finds no errors in
//!    the sample page or the hostile page;
//! 2. headless Chromium loads the sample page: screenshots at desktop and
//!    phone width, a print-to-PDF, axe-core finds no serious or critical
//!    violation, nothing is fetched, nothing overflows sideways on a phone;
//! 3. Chromium loads the hostile page, with and without its CSP, and no
//!    payload runs.
//!
//! The tools come from `.ci/install-html-tools.sh` (Debian's `chromium` and
//! a JRE, `npm ci` in tests/browser). When one is missing the test fails if
//! `CI=true` and otherwise prints why it skipped. Pages, screenshots and the
//! PDF are left in `$CARGO_TARGET_TMPDIR/html-tools/` for looking at.

#[path = "common/mod.rs"]
mod common;
mod html_common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn browser_dir() -> PathBuf {
    manifest_dir().join("tests/browser")
}

/// Where this test run writes its pages and pictures.
fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("html-tools")
        .join(name);
    std::fs::create_dir_all(&dir).expect("create output dir");
    dir
}

/// Returns true if every tool is there. Otherwise fails under CI and
/// skips (returns false, printing the reason) elsewhere.
fn tools_present(test: &str, missing: &[String]) -> bool {
    if missing.is_empty() {
        return true;
    }
    let reason = format!(
        "{test}: missing {}; run .ci/install-html-tools.sh",
        missing.join(", ")
    );
    common::tool_missing(&reason);
    false
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn missing_browser_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if !runs("node", "--version") {
        missing.push("node".to_owned());
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing.push(format!("chromium ({chromium})"));
    }
    for module in ["playwright-core", "axe-core"] {
        if !browser_dir().join("node_modules").join(module).exists() {
            missing.push(format!("npm package {module} in tests/browser"));
        }
    }
    missing
}

/// Runs tests/browser/check-page.mjs and returns its JSON report.
fn check_page(args: &[&str]) -> Value {
    let output = Command::new("node")
        .arg(browser_dir().join("check-page.mjs"))
        .args(args)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "check-page.mjs failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad JSON ({e}):\n{stdout}"))
}

/// The Nu HTML Checker's jar when it and java are there (see
/// [`tools_present`] for when they are not).
fn vnu_jar(test: &str) -> Option<PathBuf> {
    let jar = browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let mut missing = Vec::new();
    if !runs("java", "-version") {
        missing.push("java".to_owned());
    }
    if !jar.exists() {
        missing.push("npm package vnu-jar in tests/browser".to_owned());
    }
    tools_present(test, &missing).then_some(jar)
}

#[test]
fn nu_html_checker_reports_no_errors() {
    let Some(jar) = vnu_jar("nu_html_checker_reports_no_errors") else {
        return;
    };
    let dir = out_dir("vnu");
    let sample = dir.join("sample.html");
    let hostile = dir.join("hostile.html");
    std::fs::write(&sample, html_common::sample_page()).unwrap();
    std::fs::write(&hostile, html_common::hostile_page()).unwrap();
    assert_valid_html(&jar, &[sample, hostile]);
}

/// Runs the Nu HTML Checker on `pages` and fails on any error.
fn assert_valid_html(jar: &Path, pages: &[PathBuf]) {
    let output = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "json"])
        .args(pages)
        .output()
        .expect("run vnu");
    // vnu writes its report to stderr; the exit status is 1 when it found
    // errors.
    let report = String::from_utf8_lossy(&output.stderr);
    let json: Value = serde_json::from_str(&report)
        .unwrap_or_else(|e| panic!("vnu did not answer JSON ({e}):\n{report}"));
    let messages = json["messages"].as_array().expect("messages");
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            format!(
                "{}:{}: {} [{}]",
                m["url"]
                    .as_str()
                    .unwrap_or("?")
                    .rsplit('/')
                    .next()
                    .unwrap_or("?"),
                m["lastLine"],
                m["message"].as_str().unwrap_or(""),
                m["extract"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "Nu HTML Checker errors:\n{}",
        errors.join("\n")
    );
    assert!(output.status.success(), "vnu exited with {}", output.status);
}

#[test]
fn sample_page_in_chromium_is_accessible_and_self_contained() {
    if !tools_present(
        "sample_page_in_chromium_is_accessible_and_self_contained",
        &missing_browser_tools(),
    ) {
        return;
    }
    let dir = out_dir("sample");
    let page = dir.join("sample.html");
    std::fs::write(&page, html_common::sample_page()).unwrap();
    let report = check_page(&["sample", page.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_accessible(&report);
    let pdf = std::fs::read(report["pdf"].as_str().unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    println!("print PDF: {}", report["pdf"]);
}

/// What check-page.mjs found at both widths: no serious or critical axe
/// violation, nothing fetched, no error, no sideways scrolling, tables
/// stacked on a phone, a screenshot taken.
fn assert_accessible(report: &Value) {
    for width in ["desktop", "phone"] {
        let r = &report[width];
        let serious: Vec<&Value> = r["violations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .collect();
        assert!(
            serious.is_empty(),
            "axe-core at {width} width: {serious:#?}"
        );
        assert_eq!(
            r["requests"],
            Value::Array(vec![]),
            "the page fetched something"
        );
        assert_eq!(r["pageErrors"], Value::Array(vec![]));
        assert!(
            r["overflowX"].as_i64().unwrap() <= 0,
            "the page scrolls sideways at {width} width"
        );
        // On a phone, tables stack into one card per row instead of
        // scrolling sideways in their wrapper.
        if width == "phone" {
            assert_eq!(
                r["tableScrollers"], 0,
                "tables scroll sideways at phone width"
            );
        }
        let shot = PathBuf::from(r["screenshot"].as_str().unwrap());
        assert!(
            std::fs::metadata(&shot).unwrap().len() > 10_000,
            "screenshot {shot:?}"
        );
        println!("{width} screenshot: {}", shot.display());
    }
}

/// A site of the example's two weeks and a second system (see
/// `common::site_inputs`), built into a fresh folder; its HTML pages.
fn site_pages(name: &str) -> (PathBuf, Vec<PathBuf>) {
    let inputs = common::site_inputs();
    let out = out_dir(name).join("public");
    let _ = std::fs::remove_dir_all(&out);
    let (one, two) = (common::example(), common::week_two());
    let run = common::readiness(
        &[
            "site",
            one.to_str().unwrap(),
            two.to_str().unwrap(),
            "second",
            "-o",
            out.to_str().unwrap(),
        ],
        inputs.path(),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    (out, pages)
}

#[test]
fn site_pages_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar("site_pages_pass_the_nu_html_checker") else {
        return;
    };
    let (_, pages) = site_pages("site-vnu");
    assert_eq!(pages.len(), 9, "{pages:?}");
    assert_valid_html(&jar, &pages);
}

#[test]
fn site_pages_in_chromium_are_accessible() {
    if !tools_present(
        "site_pages_in_chromium_are_accessible",
        &missing_browser_tools(),
    ) {
        return;
    }
    let (out, pages) = site_pages("site-axe");
    // Every page but the `latest/` redirects, which leave at once for the
    // week they name (vnu checks them): the index, both histories and
    // the four week pages with the site's navigation.
    let pages: Vec<String> = pages
        .iter()
        .map(|p| {
            p.strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.contains("/latest/"))
        .collect();
    assert_eq!(pages.len(), 7, "{pages:?}");
    for page in &pages {
        let shots = out_dir("site-axe")
            .join("shots")
            .join(page.replace('/', "_"));
        std::fs::create_dir_all(&shots).unwrap();
        let report = check_page(&[
            "sample",
            out.join(page).to_str().unwrap(),
            shots.to_str().unwrap(),
        ]);
        println!("{page}:");
        assert_accessible(&report);
    }
}

#[test]
fn hostile_page_runs_no_script_in_chromium() {
    if !tools_present(
        "hostile_page_runs_no_script_in_chromium",
        &missing_browser_tools(),
    ) {
        return;
    }
    let dir = out_dir("hostile");
    let page = dir.join("hostile.html");
    std::fs::write(&page, html_common::hostile_page()).unwrap();
    let report = check_page(&[
        "hostile",
        page.to_str().unwrap(),
        dir.to_str().unwrap(),
        html_common::HOSTILE_TITLE,
    ]);
    for run in ["sanitizerOnly", "withPolicy"] {
        let r = &report[run];
        assert_eq!(
            r["titleUnchanged"], true,
            "{run}: title is now {}",
            r["title"]
        );
        assert_eq!(r["pwned"], false, "{run}: a payload added an element");
        assert_eq!(r["scripts"], 0, "{run}: script elements in the DOM");
        assert_eq!(r["iframes"], 0, "{run}: frames or plugins in the DOM");
        assert_eq!(
            r["handlers"],
            Value::Array(vec![]),
            "{run}: event handlers in the DOM"
        );
        assert_eq!(
            r["jsLinks"],
            Value::Array(vec![]),
            "{run}: script URLs in the DOM"
        );
        assert_eq!(r["dialogs"], Value::Array(vec![]), "{run}: a dialog opened");
        assert_eq!(
            r["requests"],
            Value::Array(vec![]),
            "{run}: the page fetched something"
        );
        assert_eq!(r["pageErrors"], Value::Array(vec![]), "{run}: page errors");
    }
    // With the policy enforced, nothing was even attempted: a CSP violation
    // report would mean the sanitizer let something through.
    let console = report["withPolicy"]["console"].as_array().unwrap();
    assert!(
        console
            .iter()
            .all(|m| !m.as_str().unwrap().contains("Content Security Policy")),
        "CSP had to block something: {console:?}"
    );
}
