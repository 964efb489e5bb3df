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
        /// PDF writer: ours on pdf-writer, or krilla (the former writer).
        #[arg(long, value_enum, default_value = "pdf-writer")]
        pdf_backend: crate::render::pdf::PdfBackend,
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
    /// Print the JSON Schema of the input files.
    Schema {
        /// One kind of file: assessment, component, findings, plan, risks, rules. All when omitted.
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
