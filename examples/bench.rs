//! Times each stage of the pipeline and the whole build, reporting medians.
//!
//! ```text
//! cargo run --release --example bench -- [--runs N] DIR...
//! ```
//!
//! See BENCHMARKS.md for the procedure and recorded numbers.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use readiness::render::{self, markdown::render_markdown, templates::load_templates};
use readiness::{BuildOptions, Format};

fn median(mut xs: Vec<Duration>) -> f64 {
    xs.sort();
    xs[xs.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let mut runs = 11;
    let mut dirs = Vec::new();
    let mut backend = render::pdf::PdfBackend::Krilla;
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N");
        } else if a == "--pdf-backend" {
            backend = match args.next().as_deref() {
                Some("krilla") => render::pdf::PdfBackend::Krilla,
                Some("pdf-writer") => render::pdf::PdfBackend::PdfWriter,
                other => panic!("--pdf-backend krilla|pdf-writer, not {other:?}"),
            };
        } else {
            dirs.push(PathBuf::from(a));
        }
    }
    // As the command does.
    readiness::render::pdf::size_compression_pool(backend);
    let writer = match backend {
        render::pdf::PdfBackend::Krilla => "krilla",
        render::pdf::PdfBackend::PdfWriter => "pdf-writer",
    };
    println!(
        "| input | findings | load | validate+score | markdown+document | html | pdf | pdf: layout | pdf: draw ({writer}) | build (all formats) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for dir in dirs {
        let mut t = [(); 8].map(|_| Vec::with_capacity(runs));
        let mut findings = 0;
        for _ in 0..runs {
            let t0 = Instant::now();
            let loaded = readiness::load::load_dir(&dir).unwrap_or_else(|d| panic!("{d}"));
            let t1 = Instant::now();
            let checked = readiness::validate::validate(&loaded).unwrap_or_else(|d| panic!("{d}"));
            let scored = readiness::score::score(&checked);
            let t2 = Instant::now();
            // The prose through the templates, report.md, and the typed
            // document parsed from the prose.
            let templates = load_templates(None).unwrap();
            let prose = render_markdown(&scored, &templates).unwrap();
            let md = prose.report_markdown(render::markdown::tidy);
            let doc = readiness::document::build(&scored, &prose);
            let t3 = Instant::now();
            let html = render::html::render_html(&doc, &templates.html).unwrap();
            let t4 = Instant::now();
            // The PDF's two stages: ours (lay out), then krilla's (draw the
            // display list, subset fonts, serialize).
            let options = render::pdf::PdfOptions {
                backend,
                ..Default::default()
            };
            let pages = render::pdf::paginate(&doc, &options).unwrap();
            let t4b = Instant::now();
            let pdf = render::pdf::draw_pdf(pages).unwrap();
            let t5 = Instant::now();
            std::hint::black_box((&md, &html, &pdf));
            let out = std::env::temp_dir().join("readiness-bench");
            let opts = BuildOptions {
                formats: Format::ALL.to_vec(),
                templates: None,
                pdf: options,
                pdf_name: None,
            };
            let t6 = Instant::now();
            readiness::build(&dir, &out, &opts).unwrap();
            let t7 = Instant::now();
            findings = scored
                .components
                .iter()
                .map(|c| c.findings.len())
                .sum::<usize>();
            for (i, d) in [
                t1 - t0,
                t2 - t1,
                t3 - t2,
                t4 - t3,
                t5 - t4,
                t4b - t4,
                t5 - t4b,
                t7 - t6,
            ]
            .into_iter()
            .enumerate()
            {
                t[i].push(d);
            }
        }
        let m: Vec<String> = t
            .into_iter()
            .map(|x| format!("{:.1} ms", median(x)))
            .collect();
        println!("| {} | {findings} | {} |", dir.display(), m.join(" | "));
    }
}
