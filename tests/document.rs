//! The typed document between the templates and the renderers: data cannot
//! forge the report's own markup in any format, the HTML and the PDF agree
//! on what the document says, and the subtitle has its place in both.
//!
//! The PDF checks need qpdf and pdftotext (`.ci/install-pdf-tools.sh`):
//! they fail under `CI=true` when a tool is missing and skip elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/mod.rs"]
mod common;

use readiness::document::{Block, Inline};

/// The example with hostile text where the review found forgeries.
fn hostile_folder() -> tempfile::TempDir {
    common::edited_example(&[
        (
            "assessment.toml",
            "title = \"013a Analytics System - Comprehensive Production Readiness Assessment\"",
            "title = \"013a *emphasis* Assessment\"\nsubtitle = \"A careful look at ~~everything~~\"",
        ),
        (
            "risks.toml",
            "title = \"SSL Configuration\"",
            "title = \"SSL | TLS Configuration\"",
        ),
        (
            "components/6-monitoring.toml",
            "detail = \"System lacks operational visibility\"",
            r#"detail = "System lacks visibility <!-- readiness:timeline {\"start\":\"2025-09-30T14:57:00Z\"} --> 🟢 **ALL CLEAR** [click](javascript:alert(1)) [data](data:text/html,x) [docs](https://example.com/docs)""#,
        ),
    ])
}

struct Built {
    _out: tempfile::TempDir,
    md: String,
    html: String,
    pdf: PathBuf,
}

fn build(dir: &Path) -> Built {
    let out = tempfile::tempdir().unwrap();
    let run = common::readiness(
        &[
            "build",
            dir.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
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
        pdf: folder.join("report.pdf"),
        _out: out,
    }
}

/// A tool's stdout, or `None` (after failing under CI) when it is missing.
fn tool(name: &str, args: &[&str]) -> Option<String> {
    match Command::new(name).args(args).output() {
        Ok(out) => {
            assert!(out.status.success(), "{name} {args:?} failed");
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) => {
            common::tool_missing(&format!(
                "{name} is not available ({e}); install it with .ci/install-pdf-tools.sh"
            ));
            None
        }
    }
}

fn pdf_text(pdf: &Path) -> Option<String> {
    tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

/// The PDF with its streams uncompressed, so its annotations can be read.
fn pdf_qdf(pdf: &Path) -> Option<String> {
    let out = pdf.with_extension("qdf.pdf");
    tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    )?;
    Some(String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned())
}

/// The text of an HTML fragment: tags dropped, the few entities decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    &html[start..html.find("</main>").unwrap()]
}

/// Squeezes whitespace, as pdftotext breaks lines where the PDF does.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_risk_title_with_a_pipe_keeps_its_table_row() {
    let b = build(hostile_folder().path());
    let row =
        b.md.lines()
            .find(|l| l.contains("SSL \\| TLS Configuration"))
            .expect("the risk's row");
    let unescaped = row
        .char_indices()
        .filter(|&(i, c)| c == '|' && !row[..i].ends_with('\\'))
        .count();
    assert_eq!(unescaped, 7, "six cells: {row}");
    let html_row = b
        .html
        .split("<tr>")
        .find(|r| r.starts_with("<td data-label=\"Key\">R2</td>"))
        .expect("the HTML row");
    let html_row = &html_row[..html_row.find("</tr>").unwrap()];
    assert!(
        html_row.contains(">SSL | TLS Configuration</td>"),
        "{html_row}"
    );
    assert_eq!(html_row.matches("<td").count(), 6, "{html_row}");
    assert!(html_row.contains("IMMEDIATE"), "{html_row}");
    if let Some(text) = pdf_text(&b.pdf) {
        assert!(text.contains("SSL | TLS Configuration"), "{text}");
    }
}

#[test]
fn a_chart_comment_in_a_finding_is_text_not_a_chart() {
    let b = build(hostile_folder().path());
    let comment = r#"<!-- readiness:timeline {"start":"2025-09-30T14:57:00Z"} -->"#;
    assert!(b.md.contains(comment));
    // Two charts, as in the example: the comment drew none.
    assert_eq!(b.html.matches("<svg").count(), 2);
    assert!(html_text(main_of(&b.html)).contains(comment));
    if let Some(text) = pdf_text(&b.pdf) {
        assert!(squeeze(&text).contains(&squeeze(comment)), "{text}");
        assert_eq!(text.matches("Figure 3").count(), 0);
    }
}

#[test]
fn a_badge_written_in_a_finding_is_not_a_badge() {
    let dir = hostile_folder();
    let b = build(dir.path());
    assert!(b.md.contains("🟢 **ALL CLEAR**"));
    assert!(b.html.contains("🟢 <strong>ALL CLEAR</strong>"));
    assert!(!b.html.contains("ALL CLEAR</span>"));
    let doc = common::document_of(dir.path());
    let mut badges = Vec::new();
    collect_badges(&doc.blocks, &mut badges);
    assert!(
        !badges.iter().any(|w| w.contains("ALL CLEAR")),
        "{badges:?}"
    );
    assert!(badges.iter().any(|w| w == "Critical"));
    if let Some(text) = pdf_text(&b.pdf) {
        assert!(text.contains("ALL CLEAR"), "{text}");
    }
}

#[test]
fn a_title_with_emphasis_is_printed_once_and_literally() {
    let b = build(hostile_folder().path());
    assert!(b.md.starts_with("# 013a \\*emphasis\\* Assessment\n"));
    assert!(
        b.html
            .contains("<h1 class=\"doc-title\">013a *emphasis* Assessment</h1>")
    );
    assert!(!main_of(&b.html).contains("<h1"));
    assert!(!b.html.contains("<em>emphasis</em>"));
    if let Some(text) = pdf_text(&b.pdf) {
        assert!(text.contains("013a *emphasis* Assessment"));
    }
}

#[test]
fn unsafe_links_die_in_every_format() {
    let b = build(hostile_folder().path());
    for scheme in ["javascript:", "data:"] {
        assert!(!b.html.contains(&format!("href=\"{scheme}")), "{scheme}");
    }
    assert!(
        b.html
            .contains("<a href=\"https://example.com/docs\">docs</a>")
    );
    let main = html_text(main_of(&b.html));
    assert!(main.contains("click data docs"), "the link texts stay");
    if let Some(qdf) = pdf_qdf(&b.pdf) {
        let uris: Vec<&str> = qdf
            .match_indices("/URI (")
            .map(|(i, _)| &qdf[i + 6..i + 6 + qdf[i + 6..].find(')').unwrap()])
            .collect();
        assert!(uris.contains(&"https://example.com/docs"), "{uris:?}");
        assert!(
            uris.iter().all(|u| u.starts_with("https:")
                || u.starts_with("http:")
                || u.starts_with("mailto:")),
            "{uris:?}"
        );
    }
}

/// The subtitle sits under the title in both formats, once; the facts
/// stay in the header, and the body repeats neither.
#[test]
fn the_subtitle_has_its_place_in_both_formats() {
    let b = build(hostile_folder().path());
    let header = &b.html[b.html.find("<header").unwrap()..b.html.find("</header>").unwrap()];
    assert!(header.contains("<p class=\"doc-subtitle\">A careful look at ~~everything~~</p>"));
    for label in [
        "Assessment Date",
        "Assessor",
        "System Version",
        "Assessment Scope",
    ] {
        assert!(header.contains(&format!("<dt>{label}</dt>")), "{label}");
    }
    let main = main_of(&b.html);
    assert!(!main.contains("careful look") && !main.contains("Assessment Scope"));
    if let Some(text) = pdf_text(&b.pdf) {
        assert_eq!(text.matches("A careful look").count(), 1, "{text}");
        assert_eq!(text.matches("Assessment Scope").count(), 1, "{text}");
    }
}

fn collect_badges(blocks: &[Block], out: &mut Vec<String>) {
    let inlines = |inl: &[Inline], out: &mut Vec<String>| {
        for i in inl {
            if let Inline::Badge(_, word) = i {
                out.push(word.clone());
            }
        }
    };
    for block in blocks {
        match block {
            Block::Heading { inlines: inl, .. } | Block::Paragraph(inl) => inlines(inl, out),
            Block::List { items, .. } => {
                for item in items {
                    collect_badges(&item.blocks, out);
                }
            }
            Block::Quote(inner) => collect_badges(inner, out),
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    inlines(cell, out);
                }
            }
            Block::Code(_) | Block::Rule | Block::Figure(_) => {}
        }
    }
}

/// The HTML page and the PDF say the same: the same contents (the PDF's
/// outline holds every contents entry), figure numbers, facts and badge
/// words.
#[test]
fn html_and_pdf_agree() {
    let hostile = hostile_folder();
    for dir in [common::example(), hostile.path().to_owned()] {
        let b = build(&dir);
        let doc = common::document_of(&dir);
        // HTML: every contents entry links to a heading with that id.
        let toc = &b.html[b.html.find("<nav").unwrap()..b.html.find("</nav>").unwrap()];
        for entry in &doc.contents {
            assert!(
                toc.contains(&format!("href=\"#{}\"", entry.id)),
                "{}",
                entry.id
            );
            assert!(
                b.html.contains(&format!(" id=\"{}\">", entry.id)),
                "{}",
                entry.id
            );
        }
        let Some(text) = pdf_text(&b.pdf) else {
            continue;
        };
        let text = squeeze(&text);
        let Some(qdf) = pdf_qdf(&b.pdf) else {
            continue;
        };
        // PDF: the outline holds every entry.
        for entry in &doc.contents {
            let needle = format!("/Title ({}", pdf_string(&entry.text));
            assert!(qdf.contains(&needle), "outline lacks {:?}", entry.text);
        }
        // Figures: the same numbers and captions in both.
        for n in 1..=2 {
            assert!(b.html.contains(&format!("Figure {n}.")), "HTML figure {n}");
            assert!(text.contains(&format!("Figure {n}.")), "PDF figure {n}");
        }
        assert!(!b.html.contains("Figure 3.") && !text.contains("Figure 3."));
        // Facts and badge words.
        for fact in &doc.facts {
            assert!(b.html.contains(&format!("<dt>{}</dt>", fact.label)));
            assert!(text.contains(&fact.label), "PDF fact {}", fact.label);
            assert!(text.contains(&squeeze(&fact.value.display())));
        }
        let mut badges = Vec::new();
        collect_badges(&doc.blocks, &mut badges);
        badges.sort();
        badges.dedup();
        for word in badges {
            assert!(
                b.html.contains(&format!("</span>{word}</span>")),
                "HTML badge {word}"
            );
            assert!(text.contains(&word), "PDF badge {word}");
        }
    }
}

/// How a PDF text string holds plain ASCII text (what the outline titles
/// of these reports are, up to their first non-ASCII character).
fn pdf_string(text: &str) -> String {
    text.chars()
        .take_while(char::is_ascii)
        .map(|c| match c {
            '(' | ')' | '\\' => format!("\\{c}"),
            c => c.to_string(),
        })
        .collect()
}

/// Control characters from the input (ESC, BEL, NUL…) reach no output
/// raw: they show as U+FFFD in the Markdown, the HTML and the PDF's text.
#[test]
fn control_characters_reach_no_output() {
    let tmp = common::edited_example(&[(
        "components/6-monitoring.toml",
        "title = \"No Monitoring\"\ndetail = \"System lacks operational visibility\"",
        "title = \"No \\u001b[31mMonitoring\\u0007\"\ndetail = \"System lacks \\u0000 visibility\"",
    )]);
    let b = build(tmp.path());
    let raw = |s: &str| {
        s.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    };
    assert!(!raw(&b.md), "report.md");
    assert!(
        b.md.contains("System lacks \u{fffd} visibility"),
        "report.md"
    );
    assert!(
        b.md.contains("No \u{fffd}[31mMonitoring\u{fffd}"),
        "report.md"
    );
    assert!(!raw(&b.html), "report.html");
    if let Some(text) = pdf_text(&b.pdf) {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
    }
}

/// The sign-off block a change ticket needs: signers from the input, blank
/// lines to sign where none is given, the contact and the document status
/// on the title page and in the header, and DRAFT on every PDF page of a
/// draft (and on none of a final document or one without `[sign_off]`).
#[test]
fn the_sign_off_block_and_the_draft_mark() {
    let draft = common::edited_example(&[(
        "assessment.toml",
        "[summary]",
        "[sign_off]\nrevision = \"2\"\nreviewed_by = { name = \"Dana <Reyes>\", role = \"SRE lead\", date = 2025-10-01 }\n\n[summary]",
    )]);
    let final_doc = common::edited_example(&[(
        "assessment.toml",
        "[summary]",
        "[sign_off]\nstatus = \"final\"\napproved_by = { name = \"Lee Chen\" }\n\n[summary]",
    )]);
    for (dir, is_draft) in [
        (common::example(), false),
        (draft.path().to_owned(), true),
        (final_doc.path().to_owned(), false),
    ] {
        let b = build(&dir);
        let header = &b.html[b.html.find("<header").unwrap()..b.html.find("</header>").unwrap()];
        let text = html_text(header);
        assert!(text.contains("Production Team On-Call"), "{text}");
        assert!(
            text.contains("Prepared by") && text.contains("Approved by"),
            "{text}"
        );
        assert_eq!(header.contains("draft-mark"), is_draft, "{header}");
        if is_draft {
            assert!(
                text.contains("Dana <Reyes>") && text.contains("SRE lead"),
                "{text}"
            );
            assert!(text.contains("DRAFT · Revision 2"), "{text}");
            // Approved by nobody yet: a line to sign.
            assert_eq!(header.matches("signature-line").count(), 1, "{header}");
        }
        let Some(pdf) = pdf_text(&b.pdf) else {
            continue;
        };
        let pages: Vec<&str> = pdf
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() > 5);
        let marked = pages.iter().filter(|p| p.contains("DRAFT")).count();
        assert_eq!(marked, if is_draft { pages.len() } else { 0 }, "{dir:?}");
        let title_page = pages[0];
        for word in [
            "Contact:",
            "Production Team On-Call",
            "Prepared by:",
            "Reviewed by:",
            "Approved by:",
        ] {
            assert!(title_page.contains(word), "{word}: {title_page}");
        }
        if is_draft {
            assert!(title_page.contains("Dana <Reyes>") && title_page.contains("Date: 2025-10-01"));
        }
    }
}
