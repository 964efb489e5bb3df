//! Probes: observe the running system and write what was seen as findings.
//!
//! `readiness probe PROBES.toml -o DIR/findings/probes/` checks the probe
//! file ([`check_file`]: the same located diagnostics as every other
//! input), runs its probes with bounded concurrency and a timeout each
//! ([`runner`]), and writes one findings file per probe file through
//! [`crate::write`]. This is the only part of the tool that touches the
//! network or reads the clock: `build` and `check` read what it wrote.
//!
//! One module per kind of probe ([`tcp`], [`http`], [`tls`], [`dns`],
//! [`command`], [`file`](mod@file)), [`condition`] for the Gatus-style conditions,
//! [`redact`] for keeping secrets out of evidence.

mod check;
pub mod command;
pub mod condition;
pub mod dns;
pub mod file;
pub mod http;
pub mod model;
pub mod net;
pub mod redact;
pub mod runner;
pub mod tcp;
pub mod tls;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use check::{DEFAULT_TIMEOUT, check_file, check_files};
use condition::{Condition, ProbeKind};
use model::Probe;

use crate::diag::{Diagnostic, Diagnostics, Kind};

/// A probe file that passed every check, ready to run.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// The path as given.
    pub path: PathBuf,
    /// The folder relative paths in the file are resolved against.
    pub base: PathBuf,
    /// The probes, in declaration order.
    pub probes: Vec<CheckedProbe>,
}

/// One probe with its defaults applied and its conditions parsed.
#[derive(Debug, Clone)]
pub struct CheckedProbe {
    /// As written.
    pub probe: Probe,
    /// Its kind.
    pub kind: ProbeKind,
    /// Its component (own or default).
    pub component: String,
    /// Time allowed for one attempt.
    pub timeout: Duration,
    /// Attempts after a failed one.
    pub retries: u8,
    /// Its conditions, or its kind's defaults.
    pub conditions: Vec<Condition>,
}

/// Where the findings of the probe file `path` go in `out`: `<stem>.json`.
pub fn output_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map_or_else(|| "probes".into(), |s| s.to_string_lossy().into_owned());
    format!("{stem}.json")
}

/// The instant the probes are observed at: `--at`, else
/// `SOURCE_DATE_EPOCH` (seconds), else the clock. The only clock read of
/// the tool.
pub fn observed_at(at: Option<&str>) -> Result<crate::model::Timestamp, Diagnostics> {
    let bad = |message: String| Diagnostics(vec![Diagnostic::general(Kind::Other { message })]);
    if let Some(text) = at {
        return crate::model::Timestamp::parse(text).map_err(|e| bad(format!("--at: {e}")));
    }
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse::<i64>().map_err(|_| {
            bad(format!(
                "SOURCE_DATE_EPOCH: `{}` is not a number of seconds",
                crate::diag::escape_controls(&v)
            ))
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    chrono::DateTime::from_timestamp(secs, 0)
        .map(crate::model::Timestamp)
        .ok_or_else(|| bad(format!("SOURCE_DATE_EPOCH: {secs} is out of range")))
}

/// The findings file of a probe file's results, as written: JSON, keys in
/// model order, absent values left out.
pub fn findings_json(results: &[runner::ProbeResult]) -> Vec<u8> {
    let file = crate::model::FindingsFile {
        findings: results.iter().map(|r| r.finding.clone()).collect(),
    };
    let mut value = serde_json::to_value(&file).expect("findings serialize");
    if let Some(list) = value.get_mut("finding").and_then(|f| f.as_array_mut()) {
        for f in list {
            if let Some(map) = f.as_object_mut() {
                map.retain(|_, v| !v.is_null());
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&value).expect("JSON");
    text.push('\n');
    text.into_bytes()
}

/// Runs every checked file's probes (at most `max_concurrent` at a time
/// within a file) and writes one findings file per probe file into `out`,
/// all or nothing. `done` sees each probe as it finishes, with how many of
/// how many are done. Returns the files written and each file's results.
pub fn run(
    files: &[CheckedFile],
    out: &Path,
    at: crate::model::Timestamp,
    max_concurrent: usize,
    done: &mut dyn FnMut(usize, usize, &runner::ProbeResult),
) -> Result<(Vec<PathBuf>, Vec<Vec<runner::ProbeResult>>), crate::Error> {
    let total: usize = files.iter().map(|f| f.probes.len()).sum();
    let mut before = 0;
    let mut all = Vec::new();
    for file in files {
        let results = runner::run_file(file, at, max_concurrent, &mut |n, r| {
            done(before + n, total, r)
        });
        before += file.probes.len();
        all.push(results);
    }
    let write_error = |path: PathBuf| move |source| crate::Error::Write { path, source };
    let mut staging = crate::write::Staging::new(out).map_err(write_error(out.to_path_buf()))?;
    for (file, results) in files.iter().zip(&all) {
        let name = output_name(&file.path);
        staging
            .stage_named(&name, &findings_json(results))
            .map_err(write_error(out.join(&name)))?;
    }
    let written = staging
        .commit()
        .map_err(|(path, source)| crate::Error::Write { path, source })?;
    Ok((written, all))
}
