//! Command-line arguments (clap derive), turned into the library's options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::{Decision, Status};

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
        #[arg(default_value = "data/013a-analytics")]
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
        /// A folder of templates overriding the built-in ones, file by file.
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Load, validate and score; print a summary; gate on the verdict.
    Check {
        /// The assessment folder.
        #[arg(default_value = "data/013a-analytics")]
        dir: PathBuf,
        /// Exit 1 when the overall status or the decision is this or worse.
        #[arg(long)]
        fail_on: Option<FailOn>,
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

/// A gate threshold: a status or a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Overall status YELLOW or RED.
    Yellow,
    /// Overall status RED.
    Red,
    /// Decision CONDITIONAL GO or NO-GO.
    Conditional,
    /// Decision NO-GO.
    NoGo,
}

impl FailOn {
    /// Whether a verdict trips this gate.
    pub fn trips(self, status: Status, decision: Decision) -> bool {
        match self {
            FailOn::Yellow => status >= Status::Yellow,
            FailOn::Red => status >= Status::Red,
            FailOn::Conditional => decision >= Decision::ConditionalGo,
            FailOn::NoGo => decision >= Decision::NoGo,
        }
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
