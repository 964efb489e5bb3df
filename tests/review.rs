//! What a reviewer who signs the report sees (issue 15): one badge per
//! severity in every format, settled findings that look settled, tables
//! that say what they mean, due dates without a time that does not matter.

mod common;

use std::path::Path;

struct Built {
    md: String,
    html: String,
    _out: tempfile::TempDir,
}

fn build(dir: &Path) -> Built {
    let out = tempfile::tempdir().unwrap();
    let run = common::readiness(
        &[
            "build",
            dir.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "--format",
            "md,html",
        ],
        dir,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let folder = std::fs::read_dir(out.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    Built {
        md: std::fs::read_to_string(folder.join("report.md")).unwrap(),
        html: std::fs::read_to_string(folder.join("report.html")).unwrap(),
        _out: out,
    }
}

fn week_two() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/013a-analytics-2025-10-07")
}

/// The HTML list item of a finding, by its id.
fn finding_item<'a>(html: &'a str, id: &str) -> &'a str {
    // In a component's list the id is followed by the bold title.
    let at = html
        .find(&format!("<code>{id}</code> <strong>"))
        .unwrap_or_else(|| panic!("{id}"));
    let start = html[..at].rfind("<li>").unwrap();
    &html[start..at]
}

#[test]
fn four_severities_have_four_badges() {
    let b = build(&common::example());
    for (id, class) in [
        ("monitoring-absent", "badge-bad"),
        ("security-secrets-env", "badge-alert"),
        ("security-tls-endpoints", "badge-warn"),
        ("frontend-webgl-testing", "badge-neutral"),
    ] {
        let item = finding_item(&b.html, id);
        assert!(item.contains(class), "{id}: {item}");
    }
}

#[test]
fn settled_findings_do_not_wear_their_severity_badge() {
    let b = build(&week_two());
    // A resolved critical finding: a neutral RESOLVED badge, the severity
    // as a word.
    let item = finding_item(&b.html, "infra-monitoring-down");
    assert!(
        item.contains("badge-neutral") && item.contains("RESOLVED"),
        "{item}"
    );
    assert!(!item.contains("badge-bad"), "{item}");
    assert!(b.md.contains("⚪ **RESOLVED** · Critical · `infra-monitoring-down`"));
}

#[test]
fn tables_say_what_they_mean() {
    let b = build(&common::example());
    // The risk table heads its columns as the matrix does, and keeps the
    // assessor's reasons out of its cells.
    assert!(
        b.md.contains("| Key | Risk | Risk Level | Impact | Likelihood | Mitigation Priority |")
    );
    // The rules' verdict only where the assessor overrode it.
    let row = |name: &str| {
        b.md.lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap()
            .to_owned()
    };
    assert!(row("Frontend Application (React + Three.js)").contains("| Excellent | — |"));
    assert!(row("Backend API (FastAPI)").contains("| YELLOW / Fair |"));
    // One wording for the decision.
    assert!(!b.md.contains("**CONDITIONAL** "), "CONDITIONAL without GO");
    // Due dates: the time only for immediate actions.
    assert!(b.md.contains("| A1 | Deploy Monitoring Stack | Immediate | 2025-10-01 14:57 UTC |"));
    assert!(b.md.contains("| A5 | Implement Secrets Management | Short-term | 2025-10-14 |"));
}

/// Emoji need a font the reader may not have (Chromium here showed empty
/// boxes): the HTML and the PDF draw markers as shapes and glyphs of the
/// shipped fonts; only report.md keeps its emoji.
#[test]
fn html_and_pdf_draw_no_emoji() {
    let is_emoji = |c: char| {
        matches!(c as u32, 0x1F000..=0x1FAFF)
            || matches!(c, '\u{FE0F}' | '✅' | '❌' | '⚠' | '⚪' | '⚫' | '⭕')
    };
    for dir in [common::example(), week_two()] {
        let out = tempfile::tempdir().unwrap();
        let run = common::readiness(
            &[
                "build",
                dir.to_str().unwrap(),
                "-o",
                out.path().to_str().unwrap(),
            ],
            &dir,
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let folder = std::fs::read_dir(out.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let md = std::fs::read_to_string(folder.join("report.md")).unwrap();
        assert!(md.chars().any(is_emoji), "report.md keeps its emoji");
        let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
        let found: Vec<char> = html.chars().filter(|&c| is_emoji(c)).collect();
        assert!(found.is_empty(), "HTML draws {found:?}");
        // The PDF's fonts have no emoji: the text layer must hold none.
        match std::process::Command::new("pdftotext")
            .args([folder.join("report.pdf").to_str().unwrap(), "-"])
            .output()
        {
            Ok(o) => {
                let text = String::from_utf8_lossy(&o.stdout);
                let found: Vec<char> = text.chars().filter(|&c| is_emoji(c)).collect();
                assert!(found.is_empty(), "PDF draws {found:?}");
            }
            Err(e) => common::tool_missing(&format!("pdftotext: {e}")),
        }
    }
}
