//! Command-line arguments (clap derive), turned into the library's options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Compiles production-readiness findings into a scored assessment.
#[derive(Debug, Parser)]
#[command(name = "readiness", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
// Their doc comments are the `--help` text, where `<id>` is not HTML.
#[allow(rustdoc::invalid_html_tags)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the assessment documents into OUT/<id>-<date>/.
    Build {
        /// The assessment folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write.
        #[arg(short, long, default_value = "output")]
        out: PathBuf,
        /// Formats, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "md,json,html,pdf")]
        format: Vec<FormatArg>,
        /// PDF paper size.
        #[arg(long, value_enum, default_value = "a4")]
        paper: crate::render::pdf::Paper,
        /// PDF archival standard.
        #[arg(long, value_enum, default_value = "none")]
        pdf_standard: crate::render::pdf::PdfStandard,
        /// PDF writer: ours on pdf-writer, or krilla (the former writer).
        #[arg(long, value_enum, default_value = "pdf-writer")]
        pdf_backend: crate::render::pdf::PdfBackend,
        /// The PDF's file name, e.g. "{id}-readiness-{date}.pdf" (placeholders
        /// {id}, {date}, {decision}); default report.pdf.
        #[arg(long, value_parser = crate::pdf_name::PdfName::parse)]
        pdf_name: Option<crate::pdf_name::PdfName>,
        /// A folder of templates overriding the built-in ones, file by file.
        #[arg(long)]
        templates: Option<PathBuf>,
        #[command(flatten)]
        baseline: BaselineArgs,
        #[command(flatten)]
        fonts: FontArgs,
        /// Replace the outputs in the output folder even when a different
        /// input made them.
        #[arg(long)]
        force: bool,
    },
    /// Load, validate and score; print a summary; gate on the verdict.
    Check {
        /// The assessment folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Exit 1 when any of these gates trips (comma-separated): yellow,
        /// red (overall status), conditional, no-go (decision),
        /// new:<severity> (a new finding of that severity or worse since
        /// the baseline), overdue, expired-acceptance, stale.
        #[arg(long, value_delimiter = ',', value_parser = parse_gate)]
        fail_on: Vec<crate::gate::Gate>,
        /// What to print: a summary (text), JSON for bots, or GitHub
        /// annotations with a Markdown step summary.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// The time `stale` is measured against (RFC 3339); default
        /// SOURCE_DATE_EPOCH, else the clock.
        #[arg(long, value_parser = parse_time)]
        now: Option<crate::model::Timestamp>,
        #[command(flatten)]
        baseline: BaselineArgs,
    },
    /// Roll an assessment folder to its next review into a new folder.
    Next {
        /// The assessment folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The new folder (default: a sibling named <id>-<date>).
        new: Option<PathBuf>,
        /// The new date (default: the date plus review_interval_days).
        #[arg(long, value_parser = parse_time)]
        date: Option<crate::model::Timestamp>,
    },
    /// Write a small commented starter assessment that builds as is.
    Init {
        /// The folder to create (it must not exist or be empty).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The assessment date (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_parser = parse_time)]
        date: Option<crate::model::Timestamp>,
    },
    /// Turn scanner (SARIF) or test-runner (JUnit XML) reports into a findings file.
    Import {
        /// The kind of report.
        #[arg(value_enum)]
        format: ImportFormat,
        /// The report files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The component the findings belong to.
        #[arg(long)]
        component: String,
        /// The findings file to write (`DIR/findings/imported/NAME.json`).
        #[arg(short, long)]
        out: PathBuf,
        /// SARIF: one finding per rule (results as evidence) or per result.
        #[arg(long, value_enum, default_value = "rule")]
        group: GroupArg,
    },
    /// Run the probes of probe files and write what they observed as
    /// findings: OUT/<probe file stem>.json, one per probe file.
    Probe {
        /// Probe files (TOML or JSON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the findings files (e.g. DIR/findings/probes/).
        #[arg(short, long, required_unless_present = "check")]
        out: Option<PathBuf>,
        /// The instant recorded as `observed_at` (RFC 3339); default
        /// SOURCE_DATE_EPOCH when set, else the clock.
        #[arg(long)]
        at: Option<String>,
        /// At most this many probes at a time.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
        max_concurrent: u16,
        /// Only check the probe files; run nothing.
        #[arg(long)]
        check: bool,
    },
    /// Publish assessments as one static docs site: a fleet index, a history
    /// page per system, and every week's report with its PDF, Markdown and
    /// JSON.
    Site {
        /// Assessment folders, earlier builds (folders holding an
        /// assessment.json and report.html), or folders of either.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// The site's folder (new, empty, or a site made by readiness).
        #[arg(short, long)]
        out: PathBuf,
        /// The address the site is published at; sitemap.xml is written
        /// only with it.
        #[arg(long)]
        base_url: Option<String>,
        /// The index's title.
        #[arg(long)]
        title: Option<String>,
        /// PDF paper size.
        #[arg(long, value_enum, default_value = "a4")]
        paper: crate::render::pdf::Paper,
        #[command(flatten)]
        fonts: FontArgs,
        /// Draw every week again, whatever the site's manifest says.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of the input files.
    Schema {
        /// One kind of file: assessment, component, findings, plan, risks, rules; all of them when
        /// omitted. `probes`: the probe file of `readiness probe`.
        kind: Option<String>,
    },
}

/// An output format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// report.md
    Md,
    /// assessment.json
    Json,
    /// report.html
    Html,
    /// report.pdf
    Pdf,
}

impl From<FormatArg> for crate::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Md => crate::Format::Markdown,
            FormatArg::Json => crate::Format::Json,
            FormatArg::Html => crate::Format::Html,
            FormatArg::Pdf => crate::Format::Pdf,
        }
    }
}

/// What `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// The summary and each gate's result, in words.
    Text,
    /// Verdicts, changes since the baseline and gate results as JSON.
    Json,
    /// GitHub annotations; a Markdown step summary to $GITHUB_STEP_SUMMARY
    /// (or stdout when it is not set).
    Github,
}

fn parse_gate(text: &str) -> Result<crate::gate::Gate, String> {
    text.parse()
}

fn parse_time(text: &str) -> Result<crate::model::Timestamp, String> {
    crate::model::Timestamp::parse(text)
}

/// Where last week's assessment comes from.
#[derive(Debug, Clone, clap::Args)]
pub struct BaselineArgs {
    /// Last week's `assessment.json`, a build folder holding one, or a
    /// folder of builds (the newest `<id>-<date>` before this assessment is
    /// used). Default: DIR/baseline/assessment.json when it exists.
    #[arg(long, value_name = "PATH", conflicts_with = "no_baseline")]
    pub baseline: Option<PathBuf>,
    /// Compare with no baseline, even when DIR/baseline/ holds one.
    #[arg(long)]
    pub no_baseline: bool,
}

impl BaselineArgs {
    /// The library's choice.
    pub fn choice(&self) -> crate::BaselineChoice {
        match (&self.baseline, self.no_baseline) {
            (_, true) => crate::BaselineChoice::Off,
            (Some(p), false) => crate::BaselineChoice::Path(p.clone()),
            (None, false) => crate::BaselineChoice::Auto,
        }
    }
}

/// Fonts for the PDF's text that the shipped DejaVu faces cannot draw.
#[derive(Debug, Clone, clap::Args)]
pub struct FontArgs {
    /// A font file (.ttf, .otf, .ttc) or a folder of them, tried in the
    /// order given for characters DejaVu lacks (CJK, for instance);
    /// repeatable.
    #[arg(long = "font", value_name = "PATH")]
    pub fonts: Vec<PathBuf>,
    /// Also search the system's fonts for characters no other font has
    /// (the PDF then depends on the fonts this machine has).
    #[arg(long)]
    pub system_fonts: bool,
}

impl FontArgs {
    /// Loads the fonts given: every file that cannot be used is a problem
    /// of the run.
    pub fn choice(
        &self,
    ) -> Result<crate::render::pdf::fallback::FontChoice, crate::diag::Diagnostics> {
        let given = crate::render::pdf::fallback::load_fonts(&self.fonts).map_err(|errors| {
            crate::diag::Diagnostics(errors.into_iter().map(Into::into).collect())
        })?;
        Ok(crate::render::pdf::fallback::FontChoice {
            given,
            system: self.system_fonts,
        })
    }
}

/// A kind of report `readiness import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// SARIF 2.1.0 from a scanner.
    Sarif,
    /// JUnit XML from a test runner.
    Junit,
}

impl From<ImportFormat> for crate::import::ReportFormat {
    fn from(f: ImportFormat) -> Self {
        match f {
            ImportFormat::Sarif => crate::import::ReportFormat::Sarif,
            ImportFormat::Junit => crate::import::ReportFormat::Junit,
        }
    }
}

/// How `readiness import sarif` groups results into findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupArg {
    /// One finding per rule.
    Rule,
    /// One finding per result.
    Result,
}

impl From<GroupArg> for crate::import::Grouping {
    fn from(g: GroupArg) -> Self {
        match g {
            GroupArg::Rule => crate::import::Grouping::Rule,
            GroupArg::Result => crate::import::Grouping::Result,
        }
    }
}
