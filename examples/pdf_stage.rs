//! Runs the PDF's draw stage once on an assessment folder, with the writer
//! named, for instruction counts under callgrind (BENCHMARKS.md):
//!
//! ```text
//! RAYON_NUM_THREADS=1 valgrind --tool=callgrind \
//!   --toggle-collect='readiness::render::pdf::draw_pdf*' \
//!   target/release/examples/pdf_stage krilla|pdf-writer DIR
//! ```

use std::path::PathBuf;

use readiness::render::pdf::{PdfBackend, PdfOptions, draw_pdf, paginate};
use readiness::render::{markdown::render_markdown, templates::load_templates};

fn main() {
    let mut args = std::env::args().skip(1);
    let backend = match args.next().as_deref() {
        Some("krilla") => PdfBackend::Krilla,
        Some("pdf-writer") => PdfBackend::PdfWriter,
        other => panic!("usage: pdf_stage krilla|pdf-writer DIR (not {other:?})"),
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
    let pdf = draw_pdf(pages).unwrap();
    println!("{} bytes", pdf.len());
}
