//! readiness: compiles structured production-readiness findings into a
//! scored assessment, rendered as Markdown, JSON, HTML and PDF.
//!
//! The pipeline, one stage a module, each a function from one typed value
//! to the next:
//!
//! 1. [`load`]: an assessment folder → [`load::LoadedAssessment`] (files
//!    parsed, sources kept for diagnostics). The only stage that reads.
//! 2. [`validate`]: → [`validate::Assessment`] (ids unique, references
//!    resolved, rules consistent). Problems are [`diag::Diagnostics`].
//! 3. [`score`]: → [`score::ScoredAssessment`] (statuses, decision, risk
//!    matrix, due dates, rationale). Pure.
//! 4. [`render`](mod@render): → bytes per format ([`render::markdown`] through the Tera
//!    templates; JSON; HTML and PDF from the Markdown).
//! 5. [`write`](mod@write): bytes → files, all or nothing. The only stage that writes.

pub mod cli;
pub mod diag;
pub mod load;
pub mod model;
pub mod render;
pub mod schema;
pub mod score;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};

use diag::Diagnostics;
use render::templates::{TemplateError, load_templates};
use score::ScoredAssessment;
use write::Document;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `report.md`.
    Markdown,
    /// `assessment.json`.
    Json,
    /// `report.html`.
    Html,
    /// `report.pdf`.
    Pdf,
}

impl Format {
    /// Every format, in the order they are written.
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Json, Format::Html, Format::Pdf];
}

/// What can go wrong in a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is invalid; every problem is listed.
    #[error("{0}")]
    Input(#[from] Diagnostics),
    /// A template failed.
    #[error("template error: {0}")]
    Template(#[from] TemplateError),
    /// The HTML renderer failed.
    #[error("HTML rendering failed: {0}")]
    Html(#[from] render::html::HtmlError),
    /// The PDF renderer failed.
    #[error("PDF rendering failed: {0}")]
    Pdf(#[from] render::pdf::PdfError),
    /// Writing failed.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Loads, validates and scores an assessment folder.
/// Files that parse are validated even when others do not, so every
/// problem of the run is reported together.
pub fn assess(dir: &Path) -> Result<ScoredAssessment, Diagnostics> {
    let (loaded, mut diags) = load::load_dir_partial(dir);
    let Some(loaded) = loaded else {
        return Err(diags);
    };
    match validate::validate(&loaded) {
        Ok(checked) if diags.is_empty() => Ok(score::score(&checked)),
        Ok(_) => Err(diags),
        Err(more) => {
            diags.0.extend(more.0);
            Err(diags)
        }
    }
}

/// Options of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Formats to write.
    pub formats: Vec<Format>,
    /// A folder of user templates overriding the built-in ones.
    pub templates: Option<PathBuf>,
    /// Paper and standard of the PDF.
    pub pdf: render::pdf::PdfOptions,
}

/// Renders the scored assessment in each requested format.
pub fn render(a: &ScoredAssessment, options: &BuildOptions) -> Result<Vec<Document>, Error> {
    let tera = load_templates(options.templates.as_deref())?;
    let mut docs = Vec::new();
    render_with(a, &tera, options, |doc| {
        docs.push(doc);
        Ok(())
    })?;
    Ok(docs)
}

/// Renders each requested format with the loaded templates and hands it
/// to `sink` as soon as it is ready, in the requested order.
fn render_with(
    a: &ScoredAssessment,
    tera: &tera::Tera,
    options: &BuildOptions,
    mut sink: impl FnMut(Document) -> Result<(), Error>,
) -> Result<(), Error> {
    // HTML and PDF are drawn from the Markdown, so a template change reaches every format.
    let markdown = render::markdown::render_markdown(a, tera)?;
    let meta = render::document_meta(a);
    // The PDF is by far the slowest format: draw it on its own thread while
    // the others render here. Results are still handed over in order.
    std::thread::scope(|scope| {
        let mut pdf = options
            .formats
            .contains(&Format::Pdf)
            .then(|| scope.spawn(|| render::pdf::render_pdf(&markdown, &meta, &options.pdf)));
        for format in &options.formats {
            let (name, bytes) = match format {
                Format::Markdown => ("report.md", markdown.clone().into_bytes()),
                Format::Json => ("assessment.json", render_json(a)),
                Format::Html => (
                    "report.html",
                    render::html::render_html(&markdown, &meta, tera)?,
                ),
                Format::Pdf => (
                    "report.pdf",
                    match pdf.take() {
                        Some(handle) => handle
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
                        None => render::pdf::render_pdf(&markdown, &meta, &options.pdf)?,
                    },
                ),
            };
            sink(Document { name, bytes })?;
        }
        Ok(())
    })
}

/// The scored assessment as pretty JSON, keys in declaration order.
pub fn render_json(a: &ScoredAssessment) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(a).expect("the scored assessment serializes");
    bytes.push(b'\n');
    bytes
}

/// The folder a build writes into: `<out>/<id>-<YYYY-MM-DD>`.
pub fn output_dir(out: &Path, a: &ScoredAssessment) -> PathBuf {
    out.join(format!("{}-{}", a.id, a.date.0.format("%Y-%m-%d")))
}

/// Runs the whole pipeline: nothing is written unless every stage succeeds.
///
/// Each output is staged to a temporary file as soon as it is rendered
/// (see [`write::Staging`]) and all are renamed into place at the end.
pub fn build(dir: &Path, out: &Path, options: &BuildOptions) -> Result<Vec<PathBuf>, Error> {
    // Parsing the templates does not depend on the input: overlap it with
    // loading and scoring (it is a good part of a small build). Input
    // problems are still reported first.
    let (scored, tera) = std::thread::scope(|scope| {
        let tera = scope.spawn(|| load_templates(options.templates.as_deref()));
        let scored = assess(dir);
        let tera = tera
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (scored, tera)
    });
    let scored = scored?;
    let tera = tera?;
    let target = output_dir(out, &scored);
    let write_error = |source| Error::Write {
        path: target.clone(),
        source,
    };
    // Created at the first finished output, so a run that fails before
    // any output exists creates no folder at all.
    let mut staging: Option<write::Staging> = None;
    render_with(&scored, &tera, options, |doc| {
        let stage = match &mut staging {
            Some(stage) => stage,
            None => staging.insert(write::Staging::new(&target).map_err(write_error)?),
        };
        // Name the file that could not be written, not just its folder.
        stage.stage(&doc).map_err(|source| Error::Write {
            path: target.join(doc.name),
            source,
        })
    })?;
    match staging {
        Some(stage) => stage.commit().map_err(write_error),
        None => Ok(Vec::new()),
    }
}

/// The compact summary `readiness check` prints.
pub fn summary(a: &ScoredAssessment) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let o = &a.overall;
    let _ = writeln!(out, "{} — {} ({})", a.title, a.version, a.date.rfc3339());
    let _ = writeln!(
        out,
        "overall {}  decision {}",
        o.status.word(),
        o.decision.word()
    );
    for c in &a.components {
        let over = if c.status != c.rules_status || c.health != c.rules_health {
            format!(
                "  (assessor; rules {} {})",
                c.rules_status.word(),
                c.rules_health.word()
            )
        } else {
            String::new()
        };
        let f = c.open_findings;
        let _ = writeln!(
            out,
            "  {:<7} {:<10} {:>3}  {}  [open: {} critical, {} high, {} medium, {} low]{over}",
            c.status.word(),
            c.health.word(),
            c.score,
            c.name,
            f.critical,
            f.high,
            f.medium,
            f.low
        );
    }
    if !o.unplanned_critical.is_empty() {
        let _ = writeln!(
            out,
            "critical findings without an immediate action: {}",
            o.unplanned_critical.join(", ")
        );
    }
    out
}
