//! `file`: a file exists, and its contents contain or lack a pattern.
//! What matched is never copied into evidence (it may be the secret the
//! probe looks for): only the line it is on.

use std::io::Read;
use std::path::Path;

use regex::{Regex, RegexBuilder};

use super::condition::{Condition, Found};
use super::model::FileProbe;
use super::runner::{Attempt, Failure, Reason, check};

/// The most bytes of a file read.
const MAX_READ: u64 = 16 * 1024 * 1024;

/// Compiles a pattern, bounded in size.
pub fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .multi_line(true)
        .size_limit(1 << 20)
        .build()
}

/// One attempt; relative paths are resolved against `base`.
pub fn attempt(spec: &FileProbe, conditions: &[Condition], base: &Path) -> Attempt {
    let path = base.join(&spec.path);
    let shown = spec.path.clone();
    let mut failure = None;
    let mut size = None;
    let mut text = None;
    // \"metadata\" follows links without opening: a FIFO is never read.
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => {
            size = Some(m.len());
            let read = std::fs::File::open(&path).and_then(|f| {
                let mut bytes = Vec::new();
                f.take(MAX_READ).read_to_end(&mut bytes).map(|_| bytes)
            });
            match read {
                Ok(bytes) => text = Some(String::from_utf8_lossy(&bytes).into_owned()),
                Err(e) => {
                    failure = Some(Failure::new(
                        Reason::Io,
                        format!("cannot read \"{shown}\": {e}"),
                    ))
                }
            }
        }
        Ok(_) => {
            failure = Some(Failure::new(
                Reason::Io,
                format!("\"{shown}\" is not a regular file"),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            failure = Some(Failure::new(
                Reason::Io,
                format!("cannot read \"{shown}\": {e}"),
            ))
        }
    }
    // The line of the first match, if any.
    let first_line = |pattern: &Option<String>| -> Option<Option<usize>> {
        let (pattern, text) = (pattern.as_ref()?, text.as_ref()?);
        let re = regex(pattern).ok()?;
        Some(
            re.find(text)
                .map(|m| text[..m.start()].matches('\n').count() + 1),
        )
    };
    let contains = first_line(&spec.contains);
    let lacks = first_line(&spec.lacks);
    let mut notes = Vec::new();
    match (&spec.contains, contains) {
        (Some(p), Some(Some(line))) => notes.push(format!("\"{p}\" found on line {line}")),
        (Some(p), Some(None)) => notes.push(format!("\"{p}\" not found")),
        _ => {}
    }
    match (&spec.lacks, lacks) {
        (Some(p), Some(Some(line))) => {
            notes.push(format!("\"{p}\" found on line {line} (must be absent)"))
        }
        (Some(p), Some(None)) => notes.push(format!("\"{p}\" absent")),
        _ => {}
    }
    let checks = conditions
        .iter()
        .map(|c| {
            let found = match c.placeholder {
                "EXISTS" => Found::Bool(size.is_some()),
                "SIZE" => size.map_or(Found::Missing, |s| Found::Number(s as f64)),
                "CONTAINS" => contains.map_or(Found::Missing, |l| Found::Bool(l.is_some())),
                "LACKS" => lacks.map_or(Found::Missing, |l| Found::Bool(l.is_none())),
                _ => Found::Missing,
            };
            check(c, &found)
        })
        .collect();
    let mut summary = match size {
        Some(s) => format!("\"{shown}\" exists ({s} bytes)"),
        None => format!("\"{shown}\" does not exist"),
    };
    if !notes.is_empty() {
        summary = format!("{summary}: {}", notes.join(", "));
    }
    Attempt {
        summary,
        failure,
        checks,
    }
}
