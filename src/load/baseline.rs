//! Reads the baseline: an earlier build's `assessment.json`, found from
//! `--baseline PATH` or the assessment folder's `baseline/assessment.json`.
//!
//! The baseline is read as typed data ([`Baseline`]); a file that is not
//! one, of another assessment, or not older than this one is a diagnostic
//! located in it.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Kind, SourceFile};
use crate::load::{FieldPath, locate};
use crate::model::{BASELINE_FORMAT, Baseline, Timestamp};

/// The name of the scored assessment in a build's output folder.
pub const ASSESSMENT_JSON: &str = "assessment.json";

/// The folder inside an assessment folder that holds its default baseline.
pub const BASELINE_DIR: &str = "baseline";

/// Where the baseline comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum BaselineChoice {
    /// `DIR/baseline/assessment.json` when it exists, else none.
    #[default]
    Auto,
    /// An `assessment.json`, or a folder of builds (`<id>-<YYYY-MM-DD>/`)
    /// of which the newest older than the assessment is used, or a build
    /// folder holding an `assessment.json`.
    Path(PathBuf),
    /// No baseline (`--no-baseline`).
    Off,
}

/// A baseline read and checked against the assessment it is compared with.
#[derive(Debug, Clone)]
pub struct LoadedBaseline {
    /// The file, as shown to the user.
    pub path: PathBuf,
    /// What it holds.
    pub baseline: Baseline,
    /// Its text, for the input fingerprint.
    pub text: String,
}

/// Finds and reads the baseline of the assessment `id` dated `date`
/// whose folder is `dir`.
pub fn load_baseline(
    choice: &BaselineChoice,
    dir: &Path,
    id: &str,
    date: Timestamp,
) -> Result<Option<LoadedBaseline>, Box<Diagnostic>> {
    let file = match choice {
        BaselineChoice::Off => return Ok(None),
        BaselineChoice::Auto => {
            let file = dir.join(BASELINE_DIR).join(ASSESSMENT_JSON);
            if !file.is_file() {
                return Ok(None);
            }
            file
        }
        BaselineChoice::Path(path) => resolve(path, id, date)?,
    };
    read(&file, id, date).map(Some)
}

/// Reads an earlier build's `assessment.json` as typed data: a file that
/// is not one is a diagnostic located in it. Its layout version is checked;
/// what it is compared with is the caller's business.
pub fn read_assessment_json(file: &Path) -> Result<(Baseline, SourceFile), Box<Diagnostic>> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Box::new(Diagnostic::in_file(
            file,
            Kind::Unreadable {
                reason: e.to_string(),
            },
        ))
    })?;
    let src = SourceFile {
        display: file.to_owned(),
        text,
        json: true,
    };
    let mut json = serde_json::Deserializer::from_str(&src.text);
    let baseline: Baseline = serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let path = e.path().to_string();
        let e = e.into_inner();
        let at = src.offset_of(e.line(), e.column());
        let span = (e.line() > 0).then(|| at..at + 1);
        // serde_json appends " at line L column C": the location says it.
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) if e.line() > 0 => message[..i].to_owned(),
            _ => message,
        };
        let field = (path != ".").then_some(path);
        Box::new(src.diagnostic(span, field, Kind::BadBaseline { message }))
    })?;
    if baseline.format_version != BASELINE_FORMAT {
        let path = FieldPath::default().key("format_version");
        let (span, field) = (
            locate(&src.text, true, &path),
            Some("format_version".to_owned()),
        );
        return Err(Box::new(src.diagnostic(
            span,
            field,
            Kind::BaselineFormat {
                found: baseline.format_version,
                expected: BASELINE_FORMAT,
            },
        )));
    }
    Ok((baseline, src))
}

/// The `assessment.json` that `path` names.
fn resolve(path: &Path, id: &str, date: Timestamp) -> Result<PathBuf, Box<Diagnostic>> {
    let shown = path.display().to_string();
    if path.is_file() {
        return Ok(path.to_owned());
    }
    if !path.is_dir() {
        return Err(Box::new(Diagnostic::general(Kind::NoBaseline {
            path: shown,
        })));
    }
    let direct = path.join(ASSESSMENT_JSON);
    if direct.is_file() {
        return Ok(direct);
    }
    // A folder of builds: `<id>-<YYYY-MM-DD>/assessment.json`, the newest
    // dated before this assessment. Names are compared, never read as input.
    let today = date.0.format("%Y-%m-%d").to_string();
    let prefix = format!("{id}-");
    let newest = std::fs::read_dir(path)
        .map_err(|e| {
            Box::new(Diagnostic::in_file(
                path,
                Kind::Unreadable {
                    reason: e.to_string(),
                },
            ))
        })?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let day = name.strip_prefix(&prefix)?.to_owned();
            let valid = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").is_ok();
            (valid && day.len() == 10 && day < today).then_some((day, name))
        })
        .filter(|(_, name)| path.join(name).join(ASSESSMENT_JSON).is_file())
        .max();
    match newest {
        Some((_, name)) => Ok(path.join(name).join(ASSESSMENT_JSON)),
        None => Err(Box::new(Diagnostic::general(Kind::NoEarlierBuild {
            dir: shown,
            id: id.to_owned(),
            date: today,
        }))),
    }
}

/// Reads and checks one baseline file.
fn read(file: &Path, id: &str, date: Timestamp) -> Result<LoadedBaseline, Box<Diagnostic>> {
    let (baseline, src) = read_assessment_json(file)?;
    let at = |field: &str| {
        let path = FieldPath::default().key(field);
        (locate(&src.text, true, &path), Some(field.to_owned()))
    };
    if baseline.id != id {
        let (span, field) = at("id");
        return Err(Box::new(src.diagnostic(
            span,
            field,
            Kind::BaselineOfAnother {
                found: baseline.id.clone(),
                expected: id.to_owned(),
            },
        )));
    }
    if baseline.date >= date {
        let (span, field) = at("date");
        return Err(Box::new(src.diagnostic(
            span,
            field,
            Kind::BaselineNotOlder {
                baseline: baseline.date.rfc3339(),
                date: date.rfc3339(),
            },
        )));
    }
    Ok(LoadedBaseline {
        path: file.to_owned(),
        baseline,
        text: src.text,
    })
}
