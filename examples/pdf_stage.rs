//! Runs the pipeline up to the PDF once on an assessment folder and draws
//! it with the writer named (`none`: lay out only), for instruction counts
//! under callgrind (BENCHMARKS.md). The draw stage's count is a writer's
//! total minus `none`'s (pages are drawn on rayon's threads, outside
//! `draw_pdf`'s call tree, so `--toggle-collect` would miss them):
//!
//! ```text
//! RAYON_NUM_THREADS=1 valgrind --tool=callgrind \
//!   target/release/examples/pdf_stage krilla|pdf-writer|none DIR
//! ```

use std::path::PathBuf;

use readiness::render::pdf::{PdfBackend, PdfOptions, draw_pdf, paginate};
use readiness::render::{markdown::render_markdown, templates::load_templates};

fn main() {
    let mut args = std::env::args().skip(1);
    let (backend, draw) = match args.next().as_deref() {
        Some("krilla") => (PdfBackend::Krilla, true),
        Some("pdf-writer") => (PdfBackend::PdfWriter, true),
        Some("none") => (PdfBackend::PdfWriter, false),
        other => panic!("usage: pdf_stage krilla|pdf-writer|none DIR (not {other:?})"),
    };
    let dir = PathBuf::from(args.next().expect("an assessment folder"));
    readiness::render::pdf::size_compression_pool(backend);
    let loaded = readiness::load::load_dir(&dir).unwrap_or_else(|d| panic!("{d}"));
    let checked = readiness::validate::validate(&loaded).unwrap_or_else(|d| panic!("{d}"));
    let scored = readiness::score::score(&checked);
    let templates = load_templates(None).unwrap();
    let prose = render_markdown(&scored, &templates).unwrap();
    let doc = readiness::document::build(&scored, &prose);
    let options = PdfOptions {
        backend,
        ..Default::default()
    };
    let pages = paginate(&doc, &options).unwrap();
    if draw {
        let pdf = draw_pdf(pages).unwrap();
        println!("{} bytes", pdf.len());
    }
}
