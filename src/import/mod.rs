//! `readiness import`: turns the reports tools already write (SARIF from
//! scanners, JUnit XML from test runners) into a findings file that
//! `build` reads like any other.
//!
//! An import reads its files, converts them ([`sarif`], [`junit`]) into
//! [`Finding`]s with stable ids ([`ids`]) and provenance
//! ([`provenance`]), and returns the findings file's bytes: the caller
//! writes them through [`crate::write`]. Problems that make a file
//! unusable (not JSON, not SARIF, not XML, a DTD) are [`Diagnostics`] and
//! nothing is written; a part of a file that is not understood (one bad
//! result among good ones) is a [`Warning`] and is skipped.

pub mod ids;
pub mod junit;
pub mod provenance;
pub mod sarif;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Kind, SourceFile, Warning};
use crate::model::{Finding, FindingsFile};

/// The largest report an importer reads, in bytes. SARIF is parsed into
/// typed values without a tree of the whole file, JUnit XML into a tree
/// (a few times its size): 256 MiB keeps both well within a CI runner's
/// memory.
pub const MAX_REPORT_BYTES: u64 = 256 * 1024 * 1024;

/// At most this many occurrences (locations, failing tests) are listed in
/// one finding's evidence; the rest are counted.
pub const EVIDENCE_ITEMS: usize = 10;

/// At most this many characters of one message or snippet are quoted in
/// evidence.
pub const QUOTE_CHARS: usize = 200;

/// The kind of report imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// SARIF 2.1.0 (static analysis, secret and dependency scanners).
    Sarif,
    /// JUnit XML (test runners).
    Junit,
}

/// How SARIF results become findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// One finding per tool and rule, its results as evidence.
    #[default]
    Rule,
    /// One finding per result.
    Result,
}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The kind of the files.
    pub format: ReportFormat,
    /// The report files, in the order given.
    pub files: Vec<PathBuf>,
    /// The component every finding belongs to.
    pub component: String,
    /// SARIF: one finding per rule or per result.
    pub grouping: Grouping,
}

/// One report read into memory, with what provenance needs.
#[derive(Debug)]
pub struct Report {
    /// The path as given, for diagnostics.
    pub display: PathBuf,
    /// The file name, for `source`.
    pub name: String,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// The text.
    pub text: String,
}

impl Report {
    /// A diagnostic pointing at byte `offset` of this report.
    pub fn diagnostic_at(&self, offset: Option<usize>, kind: Kind) -> Diagnostic {
        // Diagnostics only need the text when one is made: a copy here
        // keeps the common path free of it.
        let source = SourceFile {
            display: self.display.clone(),
            text: self.text.clone(),
            json: true,
        };
        source.diagnostic(offset.map(|o| o..o + 1), None, kind)
    }
}

/// Reads a report: bounded in size, UTF-8, hashed.
fn read_report(path: &Path) -> Result<Report, Box<Diagnostic>> {
    let unreadable = |e: std::io::Error| {
        Box::new(Diagnostic::in_file(
            path,
            Kind::Unreadable {
                reason: e.to_string(),
            },
        ))
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(Box::new(Diagnostic::in_file(
            path,
            Kind::Unreadable {
                reason: "is a folder, not a file".into(),
            },
        )));
    }
    if meta.len() > MAX_REPORT_BYTES {
        return Err(Box::new(Diagnostic::in_file(
            path,
            Kind::ImportTooLarge {
                bytes: meta.len(),
                max: MAX_REPORT_BYTES,
            },
        )));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let sha256 = provenance::sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        Box::new(Diagnostic::in_file(
            path,
            Kind::InvalidUtf8 {
                byte: e.utf8_error().valid_up_to(),
            },
        ))
    })?;
    // A byte order mark is not part of the document.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Report {
        display: path.to_owned(),
        name,
        sha256,
        text,
    })
}

/// Imports the reports of `options` into a findings file's JSON (pretty,
/// keys in the model's order, a final newline): the same input gives the
/// same bytes. Parts of a file that are skipped go to `warn`; every
/// problem that makes a file unusable is reported together.
pub fn import(
    options: &ImportOptions,
    warn: &mut dyn FnMut(Warning),
) -> Result<Vec<u8>, Diagnostics> {
    let mut diags = Diagnostics::default();
    if !crate::validate::is_slug(&options.component) {
        diags.push(Diagnostic::general(Kind::ImportOption {
            option: "--component",
            found: options.component.clone(),
            expected: "a component id: lowercase letters, digits, `-`, `_` or `.`",
        }));
    }
    let mut reports: Vec<Report> = Vec::new();
    for path in &options.files {
        match read_report(path) {
            // The same report twice (a glob and a name, a copy) would
            // count every result twice.
            Ok(r) => match reports.iter().find(|seen| seen.sha256 == r.sha256) {
                Some(first) => warn(Warning {
                    at: None,
                    file: r.display,
                    kind: Kind::ImportDuplicate {
                        first: first.display.display().to_string(),
                    },
                }),
                None => reports.push(r),
            },
            Err(d) => diags.push(*d),
        }
    }
    let findings = match options.format {
        ReportFormat::Sarif => sarif::import(&reports, options, &mut diags, warn),
        ReportFormat::Junit => junit::import(&reports, options, &mut diags, warn),
    };
    diags.into_result(())?;
    Ok(to_json(findings))
}

/// The findings file's bytes. `None` fields are left out, as a person
/// would write the file.
fn to_json(findings: Vec<Finding>) -> Vec<u8> {
    let file = FindingsFile { findings };
    let mut value = serde_json::to_value(&file).expect("findings serialize");
    if let Some(list) = value
        .get_mut("finding")
        .and_then(serde_json::Value::as_array_mut)
    {
        for f in list {
            if let Some(obj) = f.as_object_mut() {
                obj.retain(|_, v| !v.is_null());
            }
        }
    }
    let mut bytes = serde_json::to_vec_pretty(&value).expect("findings serialize");
    bytes.push(b'\n');
    bytes
}

/// Evidence from its lines: one a line, each but the last ending in `;`,
/// so the report, which prints evidence on one line, still separates them.
pub fn evidence(lines: &[String]) -> String {
    lines.join(";\n")
}

/// How many findings a findings file written by [`import`] holds.
pub fn count(bytes: &[u8]) -> usize {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| v.get("finding")?.as_array().map(Vec::len))
        .unwrap_or(0)
}

/// `text` on one line (line breaks and tabs as spaces, runs of spaces
/// kept), cut to [`QUOTE_CHARS`] characters with `…`.
pub fn quote(text: &str) -> String {
    let one_line: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cut(&one_line, QUOTE_CHARS)
}

/// `text` cut to `max` characters, with `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// `n thing` or `n things`.
pub fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}
