//! Integration tests of the PDF renderer: determinism, hostile input, and
//! checks with external tools (qpdf, pdffonts, pdftotext).
//!
//! The external-tool tests fail when a tool is missing and `CI=true`;
//! elsewhere they skip with a printed reason. `.ci/install-pdf-tools.sh`
//! installs the tools.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use readiness::document::{Document, Meta};
use readiness::render::pdf::{Paper, PdfBackend, PdfOptions, PdfStandard, render_pdf};

/// Every check runs with both writers: krilla and our own on pdf-writer.
const BACKENDS: [PdfBackend; 2] = [PdfBackend::Krilla, PdfBackend::PdfWriter];

#[path = "common/mod.rs"]
mod common;

/// The example's document facts, as the pipeline derives them.
fn meta() -> Meta {
    common::example_meta()
}

/// Plain Markdown (no directives) with the example's facts.
fn render(md: &str, backend: PdfBackend) -> Vec<u8> {
    render_doc(&Document::from_markdown(meta(), md), backend)
}

fn render_doc(doc: &Document, backend: PdfBackend) -> Vec<u8> {
    let options = PdfOptions {
        backend,
        ..PdfOptions::default()
    };
    render_pdf(doc, &options).expect("renders")
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(name: &str, pdf: &[u8]) -> PathBuf {
    let path = out_dir().join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

fn assert_pdf(pdf: &[u8]) {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let tail = &pdf[pdf.len().saturating_sub(64)..];
    assert!(tail.windows(5).any(|w| w == b"%%EOF"), "truncated PDF");
}

#[test]
fn sample_renders_deterministically() {
    for backend in BACKENDS {
        let start = Instant::now();
        let doc = common::example_document();
        let a = render_doc(&doc, backend);
        eprintln!(
            "example rendered with {backend:?} in {:?} ({} bytes)",
            start.elapsed(),
            a.len()
        );
        let b = render_doc(&common::example_document(), backend);
        assert_pdf(&a);
        assert!(a == b, "two renders in one process differ ({backend:?})");
        write(&format!("sample-report-{backend:?}.pdf"), &a);
        let letter = render_pdf(
            &doc,
            &PdfOptions {
                paper: Paper::Letter,
                standard: PdfStandard::None,
                backend,
                fonts: Default::default(),
            },
        )
        .unwrap();
        assert_pdf(&letter);
        assert!(letter != a);
    }
}

#[test]
fn pdf_a2b_validates() {
    for backend in BACKENDS {
        let pdf = render_pdf(
            &common::example_document(),
            &PdfOptions {
                paper: Paper::A4,
                standard: PdfStandard::A2b,
                backend,
                fonts: Default::default(),
            },
        )
        .expect("PDF/A-2b");
        assert_pdf(&pdf);
        assert!(
            pdf.windows(4).any(|w| w == b"pdfa"),
            "no PDF/A identification in XMP ({backend:?})"
        );
        assert!(
            pdf.windows(13).any(|w| w == b"OutputIntents"),
            "no output intent ({backend:?})"
        );
        write(&format!("sample-report-a2b-{backend:?}.pdf"), &pdf);
    }
}

fn hostile() -> String {
    let mut md = String::from("# Hostile\n\n## Empty section\n\n## Another empty section\n\n");
    md.push_str("## Huge token\n\n| Key | Value |\n|---|---|\n| long | ");
    md.push_str(&"A".repeat(5000));
    md.push_str(" |\n\n");
    md.push_str(&"B".repeat(5000));
    md.push_str("\n\n```\n");
    md.push_str(&"C".repeat(5000));
    md.push_str("\n```\n\n## Deep list\n\n");
    for i in 0..200 {
        md.push_str(&format!("{}- level {i}\n", "  ".repeat(i)));
    }
    md.push('\n');
    md.push_str(&">".repeat(300));
    md.push_str(" deep quote\n\n## Scripts and emoji\n\n<script>alert('x')</script>\n\n");
    md.push_str("Inline <b>html</b> and <img src=x onerror=alert(1)>.\n\n");
    md.push_str("CJK 漢字テスト 한국어, emoji 🙂👍🏽👨‍👩‍👧 and a marker 🔴 without bold.\n\n");
    md.push_str("## Big table\n\n| # | Finding | Status |\n|--:|---|---|\n");
    for i in 0..2000 {
        md.push_str(&format!(
            "| {i} | Finding number {i} with some words to wrap | 🟢 **OK** |\n"
        ));
    }
    md
}

#[test]
fn hostile_input_renders() {
    for backend in BACKENDS {
        let pdf = render(&hostile(), backend);
        assert_pdf(&pdf);
        write(&format!("hostile-{backend:?}.pdf"), &pdf);
    }
    // Degenerate documents.
    for md in [
        "",
        "   \n",
        "#",
        "|a|\n|-|\n",
        "- [ ]\n",
        "```\n```\n",
        "<!-- x -->",
    ] {
        for backend in BACKENDS {
            assert_pdf(&render(md, backend));
        }
    }
}

/// Runs an external tool; `None` (with a printed reason) when it is not
/// installed outside CI; panics when it is missing in CI.
fn tool(name: &str, args: &[&str], file: &Path, after: &[&str]) -> Option<std::process::Output> {
    match Command::new(name).args(args).arg(file).args(after).output() {
        Ok(out) => Some(out),
        Err(e) => {
            common::tool_missing(&format!(
                "{name} is not available ({e}); install it with .ci/install-pdf-tools.sh"
            ));
            None
        }
    }
}

/// The structure elements are packed into object streams: qpdf lists each
/// of them (found by reading the file back with lopdf) as compressed, in
/// a stream, and nothing else as compressed.
#[test]
fn structure_elements_live_in_object_streams() {
    let pdf = render_doc(&common::example_document(), PdfBackend::PdfWriter);
    let path = write("objstm.pdf", &pdf);
    let Some(out) = tool("qpdf", &["--show-xref"], &path, &[]) else {
        return;
    };
    assert!(out.status.success());
    let xref = String::from_utf8_lossy(&out.stdout);
    let compressed: std::collections::BTreeSet<u32> = xref
        .lines()
        .filter(|l| l.contains(": compressed; stream = "))
        .filter_map(|l| l.split('/').next()?.parse().ok())
        .collect();
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
    let elements: std::collections::BTreeSet<u32> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .ok()
                .and_then(|d| d.get(b"Type").ok())
                .and_then(|t| t.as_name().ok())
                == Some(b"StructElem".as_slice())
        })
        .map(|((id, _), _)| *id)
        .collect();
    assert!(elements.len() > 100, "{} elements", elements.len());
    assert_eq!(compressed, elements);
}

#[test]
fn qpdf_check_is_clean() {
    for (name, pdf) in BACKENDS.into_iter().flat_map(|backend| {
        [
            (
                format!("sample-qpdf-{backend:?}.pdf"),
                render_doc(&common::example_document(), backend),
            ),
            (
                format!("hostile-qpdf-{backend:?}.pdf"),
                render(&hostile(), backend),
            ),
        ]
    }) {
        let path = write(&name, &pdf);
        let Some(out) = tool("qpdf", &["--check"], &path, &[]) else {
            return;
        };
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "qpdf --check failed for {name}:\n{text}"
        );
        assert!(
            !text.to_lowercase().contains("warning"),
            "qpdf warnings for {name}:\n{text}"
        );
    }
}

#[test]
fn pdffonts_shows_all_fonts_embedded() {
    for backend in BACKENDS {
        pdffonts_shows_all_fonts_embedded_with(backend);
    }
}

fn pdffonts_shows_all_fonts_embedded_with(backend: PdfBackend) {
    let path = write(
        &format!("sample-fonts-{backend:?}.pdf"),
        &render(
            "# Fonts\n\n**bold** *italic* ***both*** `code` CJK 漢字\n",
            backend,
        ),
    );
    let Some(out) = tool("pdffonts", &[], &path, &[]) else {
        return;
    };
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(rows.len() >= 4, "expected four fonts:\n{text}");
    for row in rows {
        // Columns: name type encoding emb sub uni object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
        let (sub, uni) = (cols[cols.len() - 4], cols[cols.len() - 3]);
        assert_eq!(
            (sub, uni),
            ("yes", "yes"),
            "not subset with ToUnicode: {row}"
        );
        assert!(row.contains("DejaVu"), "unexpected font: {row}");
    }
}

#[test]
fn pdftotext_recovers_text_in_reading_order() {
    for backend in BACKENDS {
        pdftotext_recovers_text_in_reading_order_with(backend);
    }
}

fn pdftotext_recovers_text_in_reading_order_with(backend: PdfBackend) {
    let path = write(
        &format!("sample-text-{backend:?}.pdf"),
        &render_doc(&common::example_document(), backend),
    );
    let Some(out) = tool("pdftotext", &["-layout"], &path, &["-"]) else {
        return;
    };
    assert!(out.status.success());
    let Some(raw) = tool("pdftotext", &[], &path, &["-"]) else {
        return;
    };
    let layout = String::from_utf8_lossy(&out.stdout).to_string();
    let text = String::from_utf8_lossy(&raw.stdout).to_string();
    let order = [
        "013a Analytics System",
        "YELLOW",
        "CONDITIONAL GO",
        "Contents",
        "Executive Summary",
        "Critical Issues Requiring Immediate Attention",
        "Frontend Application (React + Three.js)",
        "GREEN",
        "Monitoring & Observability",
        "RED",
        "Action Plan",
        "docker-compose -f docker-compose.production.yml",
        "Timeline",
        "Figure 1. Action timeline",
        "Deploy Monitoring Stack",
        "Risk Assessment Matrix",
        "Figure 2. Risk heat map",
        "Monitoring Absence",
        "Final Deployment Decision",
        "Pre-Deployment Checklist",
    ];
    // Skip the table of contents: search body text after "Contents".
    let mut pos = 0;
    for needle in order {
        match text[pos..].find(needle) {
            Some(i) => pos += i + needle.len(),
            None => panic!(
                "{needle:?} not found in order after byte {pos}:\n{}",
                &text[pos.saturating_sub(200)..]
            ),
        }
    }
    assert!(layout.contains("Page 1 of"), "no page footer");
    assert!(text.contains("| SSL Configuration") || layout.contains("SSL Configuration"));
}

/// A report of 10,000 findings renders to a valid PDF. Its speed is
/// measured by the benchmark (BENCHMARKS.md), not asserted here; the time
/// is printed for information. What keeps it fast (each distinct word is
/// shaped once) is asserted deterministically in `text.rs`.
#[test]
fn big_report_renders() {
    let mut md = String::from("# Big\n\n");
    for i in 0..10_000 {
        if i % 100 == 0 {
            md.push_str(&format!("## Area {}\n\n", i / 100));
        }
        md.push_str(&format!(
            "- 🟡 **Finding {i}**: Service latency exceeds the target under load; tune the connection pool and add caching.\n"
        ));
    }
    for backend in BACKENDS {
        let start = Instant::now();
        let pdf = render(&md, backend);
        eprintln!(
            "10,000 findings with {backend:?}: {:?}, {} bytes",
            start.elapsed(),
            pdf.len()
        );
        assert_pdf(&pdf);
        // Page objects: `/Type/Page` (krilla) or `/Type /Page` (pdf-writer)
        // not followed by `s` (`/Type/Pages`).
        let pages = pdf
            .windows(12)
            .filter(|w| {
                (w.starts_with(b"/Type/Page") && w[10] != b's')
                    || (w.starts_with(b"/Type /Page") && w[11] != b's')
            })
            .count();
        assert!(pages > 100, "only {pages} page objects ({backend:?})");
    }
}

/// Strings longer than a PDF string may hold (a 35,000-character heading,
/// a 40,000-character URL) are cut or lose their link: PDF/A-2b still
/// validates, where krilla refused them before (TooLongString).
#[test]
fn huge_headings_and_links_fit_pdf_strings() {
    let md = format!(
        "## {}\n\n[long link](https://example.com/{})\n",
        "Heading ".repeat(4_400),
        "a".repeat(40_000)
    );
    let doc = Document::from_markdown(meta(), &md);
    for backend in BACKENDS {
        let pdf = render_pdf(
            &doc,
            &PdfOptions {
                paper: Paper::A4,
                standard: PdfStandard::A2b,
                backend,
                fonts: Default::default(),
            },
        )
        .expect("PDF/A-2b");
        assert_pdf(&pdf);
    }
}

/// Nothing leaves the text box (issue 15): a long multi-word strength
/// title, a 120-character token, a long system and version, ten-digit list
/// numbers, on the example's pages.
#[test]
fn nothing_leaves_the_text_box() {
    let token = "x".repeat(120);
    let hostile = common::edited_example(&[
        (
            "assessment.toml",
            "version = \"AIA System v3.0.0\"",
            "version = \"AIA System v3.0.0-rc.1+build.20250930.abcdef0123456789-with-a-very-long-suffix\"",
        ),
        (
            "assessment.toml",
            "system = \"013a Analytics\"",
            "system = \"013a Analytics Platform for the Entire Enterprise Data Warehouse and Reporting Suite\"",
        ),
        (
            "components/1-frontend.toml",
            "title = \"Performance\"",
            "title = \"Performance under sustained load across every region and every tenant of the platform, measured weekly\"",
        ),
        (
            "components/1-frontend.toml",
            "detail = \"Modern React 18",
            &format!("detail = \"{token} Modern React 18"),
        ),
        (
            "components/1-frontend.toml",
            "detail = \"Comprehensive Playwright E2E testing framework configured\"",
            "detail = \"\"\"\n999999999. first\n1. second\n\"\"\"",
        ),
    ]);
    for dir in [common::example(), hostile.path().to_owned()] {
        let doc = common::document_of(&dir);
        let pages = readiness::render::pdf::paginate(&doc, &Default::default()).unwrap();
        let outside = pages.outside_the_text_box();
        assert!(outside.is_empty(), "{dir:?}: {outside:#?}");
    }
}
