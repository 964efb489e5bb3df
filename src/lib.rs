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
//! 4. [`render::markdown`]: → the report's prose through the Tera templates
//!    ([`document::Annotated`]: Markdown with typed directives); `report.md`
//!    is its Markdown.
//! 5. [`document`]: → [`document::Document`], the prose parsed once with every
//!    convention resolved and charts typed from the scored assessment.
//! 6. [`render`](mod@render): → bytes per format (HTML and PDF from the
//!    document, JSON from the scored assessment).
//! 7. [`write`](mod@write): bytes → files, all or nothing. The only stage that writes.
//!
//! [`probe`] stands outside the pipeline: `readiness probe` observes the
//! running system and writes findings files that [`load`] reads like any
//! other; it is the only code that touches the network or reads the clock.

pub mod cli;
pub mod diag;
pub mod document;
pub mod gate;
pub mod import;
pub mod init;
pub mod load;
pub mod model;
pub mod next;
pub mod pdf_name;
pub mod probe;
pub mod render;
pub mod schema;
pub mod score;
pub mod site;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};

use diag::Diagnostics;
pub use load::baseline::BaselineChoice;
use render::templates::{TemplateError, Templates, load_templates};
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

    /// The file the format is written to.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Markdown => "report.md",
            Format::Json => "assessment.json",
            Format::Html => "report.html",
            Format::Pdf => "report.pdf",
        }
    }

    /// The format as a reader names it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Json => "JSON",
            Format::Html => "HTML",
            Format::Pdf => "PDF",
        }
    }
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
    /// The HTML renderer failed: a bug, since validation rejects every
    /// input a renderer could fail on.
    #[error("HTML rendering failed (a bug in readiness): {0}")]
    Html(#[from] render::html::HtmlError),
    /// The PDF renderer failed: a bug, as for [`Error::Html`], but for a
    /// fallback font that cannot be embedded (the font's fault, said so).
    #[error("{}", match .0 {
        render::pdf::PdfError::Font(reason) => format!("error: {reason}"),
        other => format!("PDF rendering failed (a bug in readiness): {other}"),
    })]
    Pdf(#[from] render::pdf::PdfError),
    /// The output folder holds the outputs of another input.
    #[error(
        "`{}` holds the outputs of a different input{}: not replaced; give this assessment its own date, build into another folder (`-o`), or pass `--force` to replace them",
        dir.display(),
        match previous { Some(p) => format!(" ({p}; this input is {input})"), None => " (no record of which)".to_owned() }
    )]
    Replace {
        /// The output folder.
        dir: PathBuf,
        /// The input fingerprint recorded there, if any.
        previous: Option<String>,
        /// This input's.
        input: String,
    },
    /// `readiness next` or `init` cannot do what was asked.
    #[error("{0}")]
    Roll(String),
    /// `readiness site` cannot write the site where it was asked.
    #[error("{0}")]
    Site(String),
    /// Writing failed.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Loads, validates and scores an assessment folder; warnings are
/// dropped (see [`assess_with`]).
pub fn assess(dir: &Path) -> Result<ScoredAssessment, Diagnostics> {
    assess_with(dir, &mut |_| {})
}

/// Loads, validates and scores an assessment folder, handing each
/// [`diag::Warning`] (files skipped as not input) to `warn` as found.
/// Files that parse are validated even when others do not, so every
/// problem of the run is reported together.
pub fn assess_with(
    dir: &Path,
    warn: &mut dyn FnMut(diag::Warning),
) -> Result<ScoredAssessment, Diagnostics> {
    assess_against(dir, &BaselineChoice::Auto, warn)
}

/// [`assess_with`] against the baseline `baseline` names (last week's
/// `assessment.json`): what carries over and what changed are computed
/// against it.
pub fn assess_against(
    dir: &Path,
    baseline: &BaselineChoice,
    warn: &mut dyn FnMut(diag::Warning),
) -> Result<ScoredAssessment, Diagnostics> {
    assess_fingerprinted(dir, baseline, None, warn).map(|(scored, _)| scored)
}

/// The fingerprint of an input: SHA-256 over every file read (its path in
/// the folder and its text, in path order) and the baseline's text.
fn fingerprint(sources: &[diag::SourceFile], baseline: Option<&str>) -> String {
    use sha2::{Digest, Sha256};
    let mut files: Vec<&diag::SourceFile> = sources.iter().collect();
    files.sort_by(|a, b| a.display.cmp(&b.display));
    let mut hash = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    for f in files {
        field(f.display.to_string_lossy().replace('\\', "/").as_bytes());
        field(f.text.as_bytes());
    }
    if let Some(text) = baseline {
        field(b"baseline");
        field(text.as_bytes());
    }
    let digest = hash.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// [`assess_against`], with the input's fingerprint; with the fonts of a
/// PDF to draw, text none of them can draw is warned about too.
pub(crate) fn assess_fingerprinted(
    dir: &Path,
    baseline: &BaselineChoice,
    pdf_fonts: Option<&render::pdf::fallback::FontChoice>,
    warn: &mut dyn FnMut(diag::Warning),
) -> Result<(ScoredAssessment, String), Diagnostics> {
    let (loaded, mut diags) = load::load_dir_partial_with(dir, warn);
    let Some(loaded) = loaded else {
        return Err(diags);
    };
    if let Some(fonts) = pdf_fonts {
        render::pdf::coverage::warn_uncovered(&loaded.sources, fonts, warn);
    }
    let info = &loaded.assessment.value;
    let (baseline, unreadable) =
        match load::baseline::load_baseline(baseline, dir, &info.id, info.date) {
            Ok(b) => (b, false),
            Err(d) => {
                diags.push(*d);
                (None, true)
            }
        };
    let print = fingerprint(&loaded.sources, baseline.as_ref().map(|b| b.text.as_str()));
    let baseline = baseline.map(|b| b.baseline);
    let earlier = match (&baseline, unreadable) {
        (Some(b), _) => validate::Earlier::Baseline(b),
        (None, true) => validate::Earlier::Unreadable,
        (None, false) => validate::Earlier::None,
    };
    match validate::validate_with(&loaded, earlier) {
        Ok(checked) if diags.is_empty() => Ok((score::score(&checked), print)),
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
    /// The PDF's file name pattern (`--pdf-name`); `report.pdf` when `None`.
    pub pdf_name: Option<pdf_name::PdfName>,
}

impl BuildOptions {
    /// The file `format` is written to for assessment `a`.
    pub fn file_name(
        &self,
        format: Format,
        a: &ScoredAssessment,
    ) -> std::borrow::Cow<'static, str> {
        match (format, &self.pdf_name) {
            (Format::Pdf, Some(name)) => name.expand(a).into(),
            _ => format.file_name().into(),
        }
    }
}

/// What a weekly build adds to [`BuildOptions`].
#[derive(Debug, Clone, Default)]
pub struct WeeklyOptions {
    /// Where last week's assessment comes from.
    pub baseline: BaselineChoice,
    /// Replace outputs of a different input (`--force`).
    pub force: bool,
}

/// Renders the scored assessment in each requested format.
pub fn render(a: &ScoredAssessment, options: &BuildOptions) -> Result<Vec<Document>, Error> {
    let templates = load_templates(options.templates.as_deref())?;
    let mut docs = Vec::new();
    render_with(a, &templates, options, &options.formats, &[], |doc| {
        docs.push(doc);
        Ok(())
    })?;
    Ok(docs)
}

/// Renders each requested format with the loaded templates and hands it
/// to `sink` as soon as it is ready, in the requested order. The HTML page
/// links to the outputs of the formats `linked` (written beside it) and
/// carries the docs site's navigation `nav`, if any.
pub(crate) fn render_with(
    a: &ScoredAssessment,
    templates: &Templates,
    options: &BuildOptions,
    linked: &[Format],
    nav: &[render::html::NavLink],
    mut sink: impl FnMut(Document) -> Result<(), Error>,
) -> Result<(), Error> {
    let prose = render::markdown::render_markdown(a, templates)?;
    let drawn = options
        .formats
        .iter()
        .any(|f| matches!(f, Format::Html | Format::Pdf));
    // HTML and PDF draw one document parsed from the same prose, so a
    // template change reaches every format.
    let document = drawn.then(|| document::build(a, &prose));
    // The PDF is by far the slowest format: draw it on its own thread while
    // the others render here. Results are still handed over in order.
    std::thread::scope(|scope| {
        let mut pdf = match (&document, options.formats.contains(&Format::Pdf)) {
            (Some(doc), true) => Some(scope.spawn(|| render::pdf::render_pdf(doc, &options.pdf))),
            _ => None,
        };
        // The page links to the other outputs of this build, PDF first.
        let siblings: Vec<render::html::Sibling> = [Format::Pdf, Format::Markdown, Format::Json]
            .into_iter()
            .filter(|f| linked.contains(f))
            .map(|f| render::html::Sibling {
                href: options.file_name(f, a).into_owned(),
                label: f.label(),
            })
            .collect();
        for format in &options.formats {
            let name = options.file_name(*format, a);
            let bytes = match (format, &document) {
                (Format::Markdown, _) => prose.report_markdown(render::markdown::tidy).into_bytes(),
                (Format::Json, _) => render_json(a),
                (Format::Html, Some(doc)) => {
                    render::html::render_html_in_site(doc, &templates.html, &siblings, nav)
                        .map_err(|e| match e {
                            // Only a user's `report.html.tera` can fail: a
                            // template error, not a bug of ours.
                            render::html::HtmlError::Template(e) => Error::Template(e.into()),
                            e => Error::Html(e),
                        })?
                }
                (Format::Pdf, Some(_)) => pdf
                    .take()
                    .expect("spawned above")
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
                (Format::Html | Format::Pdf, None) => {
                    unreachable!("the document is built for them")
                }
            };
            sink(Document { name, bytes })?;
        }
        Ok(())
    })
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
    build_with(dir, out, options, &mut |_| {})
}

/// [`build`], handing each [`diag::Warning`] to `warn` as found.
pub fn build_with(
    dir: &Path,
    out: &Path,
    options: &BuildOptions,
    warn: &mut dyn FnMut(diag::Warning),
) -> Result<Vec<PathBuf>, Error> {
    build_weekly(dir, out, options, &WeeklyOptions::default(), warn).map(|b| b.written)
}

/// What a build did to its output folder.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// The outputs written.
    pub written: Vec<PathBuf>,
    /// Outputs of formats not requested this time, removed.
    pub removed: Vec<PathBuf>,
}

/// [`build_with`] with the weekly cycle's options (the baseline).
pub fn build_weekly(
    dir: &Path,
    out: &Path,
    options: &BuildOptions,
    weekly: &WeeklyOptions,
    warn: &mut dyn FnMut(diag::Warning),
) -> Result<Built, Error> {
    // Parsing the templates does not depend on the input: overlap it with
    // loading and scoring (it is a good part of a small build). Input
    // problems are still reported first.
    let (scored, templates) = std::thread::scope(|scope| {
        let templates = scope.spawn(|| load_templates(options.templates.as_deref()));
        let pdf_fonts = options
            .formats
            .contains(&Format::Pdf)
            .then_some(&options.pdf.fonts);
        let scored = assess_fingerprinted(dir, &weekly.baseline, pdf_fonts, warn);
        let templates = templates
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (scored, templates)
    });
    let (scored, input) = scored?;
    let templates = templates?;
    let target = output_dir(out, &scored);
    // Never silently replace what another input made (last week's folder
    // rebuilt with an unchanged date, say).
    let names = Format::ALL.map(Format::file_name);
    if !weekly.force
        && let Some(previous) = write::previous_input(&target, &names)
        && previous.as_deref() != Some(input.as_str())
    {
        return Err(Error::Replace {
            dir: target,
            previous,
            input,
        });
    }
    let write_error = |source| Error::Write {
        path: target.clone(),
        source,
    };
    // Created at the first finished output, so a run that fails before
    // any output exists creates no folder at all.
    let mut staging: Option<write::Staging> = None;
    render_with(&scored, &templates, options, &options.formats, &[], |doc| {
        let stage = match &mut staging {
            Some(stage) => stage,
            None => staging.insert(write::Staging::new(&target).map_err(write_error)?),
        };
        // Name the file that could not be written, not just its folder.
        stage.stage(&doc).map_err(|source| Error::Write {
            path: target.join(&*doc.name),
            source,
        })
    })?;
    let Some(mut stage) = staging else {
        return Ok(Built::default());
    };
    // The set is exactly the formats requested: the others of an earlier
    // build of this input go, with the same commit, and so does a PDF the
    // earlier build named otherwise (`--pdf-name`), as its manifest says.
    let names: Vec<String> = options
        .formats
        .iter()
        .map(|&f| options.file_name(f, &scored).into_owned())
        .collect();
    let mut stale: Vec<String> = write::previous_outputs(&target);
    stale.extend(Format::ALL.map(|f| f.file_name().to_owned()));
    stale.sort();
    stale.dedup();
    for name in stale.iter().filter(|n| !names.contains(n)) {
        stage.remove(name);
    }
    let written: Vec<&str> = names.iter().map(String::as_str).collect();
    let manifest = write::manifest(&input, &written);
    stage
        .stage(&Document {
            name: write::MANIFEST.into(),
            bytes: manifest,
        })
        .map_err(|source| Error::Write {
            path: target.join(write::MANIFEST),
            source,
        })?;
    let removed = stage.removals().to_vec();
    let written = stage
        .commit()
        .map_err(|(path, source)| Error::Write { path, source })?
        .into_iter()
        .filter(|p| p.file_name() != Some(write::MANIFEST.as_ref()))
        .collect();
    Ok(Built { written, removed })
}

/// `readiness import`: converts the reports of `options` into a findings
/// file and writes it to `out` (a `.json` path) through [`write::Staging`],
/// atomically; nothing is written when a report is unusable. Parts of a
/// report that are skipped go to `warn`. Returns the path written and
/// how many findings it holds.
pub fn import_with(
    options: &import::ImportOptions,
    out: &Path,
    warn: &mut dyn FnMut(diag::Warning),
) -> Result<(PathBuf, usize), Error> {
    let name = out.file_name().and_then(|n| n.to_str());
    let name = match name {
        Some(n) if n.ends_with(".json") && n.len() > ".json".len() => n.to_owned(),
        _ => {
            return Err(Error::Input(Diagnostics(vec![diag::Diagnostic::general(
                diag::Kind::ImportOption {
                    option: "--out",
                    found: out.display().to_string(),
                    expected: "a path ending in a file name `NAME.json` (findings are read from `findings/**/*.json`)",
                },
            )])));
        }
    };
    let bytes = import::import(options, warn)?;
    let count = import::count(&bytes);
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let write_error = |source| Error::Write {
        path: out.to_path_buf(),
        source,
    };
    let mut staging = write::Staging::new(&dir).map_err(write_error)?;
    staging
        .stage(&Document {
            name: name.into(),
            bytes,
        })
        .map_err(write_error)?;
    staging
        .commit()
        .map_err(|(path, source)| Error::Write { path, source })?;
    Ok((out.to_path_buf(), count))
}

pub use render::json::render_json;
pub use render::summary::summary;
