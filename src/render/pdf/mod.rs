//! PDF renderer: draws the typed document natively.
//!
//! Two stages. [`paginate`] is ours: `layout` (with `text`, `blocks`,
//! `table`, `figure`, `front`, `keep`) places them on pages as a display
//! list. [`draw_pdf`] renders that list, the page furniture, the tag tree
//! and the outline, with one of two writers ([`PdfBackend`]): `writer`,
//! ours on `pdf-writer` (the default), or `draw`, on krilla (the writer
//! before it, kept as the tests' reference). Laying out before drawing is
//! what lets the table of contents and "Page X of Y" show final numbers.
//! (The stage modules are private.)
//!
//! Output is deterministic: object numbers are allocated in a fixed order
//! (krilla's from content hashes), nothing iterates a hash map into the
//! output, and the creation date is taken from [`Meta::date`], never from
//! the clock.

mod blocks;
pub mod coverage;
mod display;
mod draw;
mod dump;
pub mod fallback;
mod figure;
mod fonts;
mod front;
mod keep;
mod layout;
mod table;
mod text;
mod theme;
mod writer;

use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::error::KrillaError;
use krilla::metadata::{DateTime, Metadata};
use krilla::{Document, SerializeSettings};

use crate::document::{Document as Report, Meta};
use display::{HeadingRef, pdf_text};
use fonts::Shaper;
use layout::{Geometry, Layout};

/// Paper size of the PDF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    #[value(name = "a4")]
    A4,
    /// US Letter, 8.5 × 11 in.
    #[value(name = "letter")]
    Letter,
}

/// Archival standard the PDF must conform to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PdfStandard {
    /// Plain PDF 1.7 (still tagged and accessible).
    #[default]
    #[value(name = "none")]
    None,
    /// PDF/A-2b, checked by krilla's validator.
    #[value(name = "a-2b")]
    A2b,
}

/// Which writer draws and serializes the laid-out pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PdfBackend {
    /// krilla 0.8 (drawing, tag tree, fonts and serialization by krilla),
    /// the writer before `pdf-writer`; kept as a reference the tests
    /// compare against.
    #[value(name = "krilla")]
    Krilla,
    /// Our own writer on `pdf-writer` (see `writer/`): the same pages,
    /// tags, links, outline and metadata, several times faster.
    #[default]
    #[value(name = "pdf-writer")]
    PdfWriter,
}

/// Options of [`render_pdf`].
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Paper size.
    pub paper: Paper,
    /// Archival standard.
    pub standard: PdfStandard,
    /// The writer that draws the laid-out pages.
    pub backend: PdfBackend,
    /// Faces for characters the DejaVu faces lack.
    pub fonts: fallback::FontChoice,
}

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A chart comment's JSON is malformed or inconsistent.
    #[error("malformed chart data: {0}")]
    Chart(String),
    /// The document violates the requested standard (PDF/A, PDF/UA).
    #[error("PDF validation failed: {}", .0.join("; "))]
    Validation(Vec<String>),
    /// krilla could not write the document.
    #[error("PDF export failed: {0}")]
    Export(String),
    /// A fallback font given by the user cannot be embedded with the
    /// glyphs the document needs (not a bug of ours: the font's).
    #[error("{0}")]
    Font(String),
}

impl From<KrillaError> for PdfError {
    fn from(e: KrillaError) -> Self {
        match e {
            KrillaError::Validation(errors) => {
                PdfError::Validation(errors.into_iter().map(|(e, _)| format!("{e:?}")).collect())
            }
            KrillaError::Font(_, reason) => PdfError::Font(format!(
                "a fallback font cannot be embedded with the glyphs this document needs: {reason}"
            )),
            other => PdfError::Export(format!("{other:?}")),
        }
    }
}

/// Sizes the rayon pool the PDF writer uses; call once, before the first
/// PDF (later calls change nothing). A valid `RAYON_NUM_THREADS` (a number
/// from 1) wins.
///
/// krilla compresses page streams on it while one thread draws: one or two
/// compressors (one on a 2-core machine) keep up, and on the 2-core
/// benchmark machine rayon's default (a thread per core) let a second
/// compressor compete with the drawing thread and, with glibc's per-thread
/// heaps, raised the peak memory of a 10,000-finding build from about
/// 191 MB to 249 MB in one run out of six, for no gain in time
/// (BENCHMARKS.md). The pdf-writer backend draws and compresses whole pages
/// on the pool, so it gets a thread per core.
pub fn size_compression_pool(backend: PdfBackend) {
    let from_env = std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n >= 1);
    let threads = from_env.unwrap_or_else(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        match backend {
            PdfBackend::Krilla => cores.saturating_sub(1).clamp(1, 2),
            PdfBackend::PdfWriter => cores,
        }
    });
    // Fails only when the pool already exists: then it stays as it is.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
}

/// Renders the document to PDF bytes: [`paginate`], then [`draw_pdf`].
pub fn render_pdf(doc: &Report, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    draw_pdf(paginate(doc, options)?)
}

/// Renders with krilla's PDF/UA-1 validator also enabled (tests, and a
/// way to prove the tagging is complete).
#[cfg(test)]
fn render_validated(doc: &Report, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    serialize(paginate(doc, options)?, true)
}

/// The report laid out on pages, not yet drawn: the display list, the tag
/// structure, the headings with their final pages, the shaped words the
/// display list refers to, and what drawing needs of the document's facts
/// and options (so [`draw_pdf`] cannot be handed different ones).
pub struct Paginated {
    pages: Vec<display::PageOut>,
    structure: display::Structure,
    headings: Vec<HeadingRef>,
    geo: Geometry,
    shaper: Shaper,
    meta: Meta,
    standard: PdfStandard,
    backend: PdfBackend,
}

/// The PDF's first stage, ours: lays the document out on pages. The
/// benchmark times it apart from [`draw_pdf`].
pub fn paginate(doc: &Report, options: &PdfOptions) -> Result<Paginated, PdfError> {
    let mut shaper = Shaper::with_fallbacks(&options.fonts);
    let geo = Geometry::for_paper(options.paper);
    let mut layout = Layout::new(&mut shaper, geo, &doc.links);
    layout.title_block(&doc.meta, &doc.facts);
    layout.toc(&doc.contents);
    let root = display::Structure::ROOT;
    let width = geo.content_width();
    layout.blocks(&doc.blocks, geo.left, width, root, true)?;
    layout::resolve_anchors(&mut layout.pages, &layout.headings);
    if doc.meta.sign_off.is_draft() {
        layout.mark_drafts();
    }
    let Layout {
        pages,
        mut structure,
        headings,
        ..
    } = layout;
    // The tag structure lives until the end: give back its growth slack.
    structure.nodes.shrink_to_fit();
    Ok(Paginated {
        pages,
        structure,
        headings,
        geo,
        shaper,
        meta: doc.meta.clone(),
        standard: options.standard,
        backend: options.backend,
    })
}

/// The PDF's second stage, mostly krilla's: draws the laid-out pages (page
/// furniture, tagged content, links), then the tag tree, outline and
/// metadata, and serializes the document with its fonts subset.
pub fn draw_pdf(paginated: Paginated) -> Result<Vec<u8>, PdfError> {
    match paginated.backend {
        PdfBackend::Krilla => serialize(paginated, false),
        PdfBackend::PdfWriter => writer::draw(paginated),
    }
}

/// The outline's entries: the title, then every heading one level down.
fn outline_entries(meta: &Meta, geo: &Geometry, headings: &[HeadingRef]) -> Vec<HeadingRef> {
    let mut entries = vec![HeadingRef {
        level: 1,
        text: meta.title.clone(),
        page: 0,
        y: geo.top,
        id: String::new(),
    }];
    entries.extend(headings.iter().map(|h| HeadingRef {
        level: h.level.max(2),
        ..h.clone()
    }));
    entries
}

/// Draws and serializes; `ua` also runs krilla's PDF/UA-1 validator.
fn serialize(paginated: Paginated, ua: bool) -> Result<Vec<u8>, PdfError> {
    let Paginated {
        pages,
        structure,
        headings,
        geo,
        mut shaper,
        meta,
        standard,
        ..
    } = paginated;
    let meta = &meta;
    let mut builder = ConfigurationBuilder::new();
    if standard == PdfStandard::A2b {
        builder = builder.with_archival_validator(Archival::A2_B);
    }
    if ua {
        builder = builder.with_accessibility_validator(Accessibility::UA1);
    }
    let configuration = builder
        .finish()
        .map_err(|e| PdfError::Export(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..Default::default()
    };
    let mut document = Document::new_with(settings);

    let outline_entries = outline_entries(meta, &geo, &headings);
    let (tree, outline) = draw::draw(
        &mut document,
        pages,
        structure,
        &headings,
        &outline_entries,
        meta,
        &geo,
        &mut shaper,
    );
    document.set_tag_tree(tree);
    document.set_outline(outline);
    document.set_metadata(metadata(meta));
    Ok(document.finish()?)
}

fn metadata(meta: &Meta) -> Metadata {
    let subject = meta
        .subtitle
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            format!(
                "Production readiness assessment of {} ({})",
                meta.system, meta.version
            )
        });
    let mut m = Metadata::new()
        .title(pdf_text(&meta.title))
        .authors(vec![pdf_text(&meta.assessor)])
        .description(pdf_text(&subject))
        .keywords(meta.keywords.iter().map(|k| pdf_text(k)).collect())
        .language(meta.language.to_owned())
        .creator(format!("readiness {}", env!("CARGO_PKG_VERSION")));
    if let Some(date) = pdf_date(meta.date) {
        m = m.creation_date(date);
    }
    m
}

/// The assessment date as a PDF date (in UTC); `None` for a year a PDF
/// date cannot hold.
fn pdf_date(date: crate::model::Timestamp) -> Option<DateTime> {
    use chrono::{Datelike, Timelike};
    let t = date.0;
    Some(
        DateTime::new(u16::try_from(t.year()).ok()?)
            .month(t.month() as u8)
            .day(t.day() as u8)
            .hour(t.hour() as u8)
            .minute(t.minute() as u8)
            .second(t.second() as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{example, from_markdown};

    #[test]
    fn example_passes_pdf_ua1_validation() {
        let result = render_validated(&example(), &PdfOptions::default());
        assert!(
            result.is_ok(),
            "{}",
            result.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }

    #[test]
    fn ua1_and_a2b_together_on_hostile_text() {
        let md = "# Odd\n\nCJK 漢字 emoji 🙂 <script>x</script> and [link](https://example.com).\n\n- [x] done\n- [ ] open\n\n| A | B |\n|---|---|\n| 1 | 🔴 **Bad** |\n";
        let options = PdfOptions {
            paper: Paper::Letter,
            standard: PdfStandard::A2b,
            backend: PdfBackend::Krilla,
            ..Default::default()
        };
        let result = render_validated(&from_markdown(md), &options);
        assert!(
            result.is_ok(),
            "{}",
            result.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }

    #[test]
    fn creation_date_comes_from_meta() {
        let pdf = render_pdf(&from_markdown("text"), &PdfOptions::default()).unwrap();
        assert!(pdf.windows(16).any(|w| w == b"D:20250930145700"));
    }
}
