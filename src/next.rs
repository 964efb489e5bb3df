//! `readiness next`: rolls an assessment folder to its next review. The new
//! folder holds the same files with the date moved on, every action's due
//! date and every finding's `first_seen` pinned (so nothing is re-dated
//! from the new date), done actions and resolved findings kept as history,
//! and the scored assessment of this week as its baseline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::load::baseline::{ASSESSMENT_JSON, BASELINE_DIR, BaselineChoice};
use crate::model::{Action, Timestamp};
use crate::{Error, diag, load, write};

/// Options of `readiness next`.
#[derive(Debug, Clone, Default)]
pub struct NextOptions {
    /// The new assessment date; default: the date plus the review interval.
    pub date: Option<Timestamp>,
    /// The new folder; default: a sibling named `<id>-<YYYY-MM-DD>`.
    pub new: Option<PathBuf>,
}

/// Serializes `value` as the format `json` says, as the input reads it.
fn to_text<T: Serialize>(value: &T, json: bool, path: &Path) -> Result<Vec<u8>, Error> {
    let failed = |e: String| Error::Roll(format!("cannot write `{}`: {e}", path.display()));
    if json {
        let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| failed(e.to_string()))?;
        bytes.push(b'\n');
        Ok(bytes)
    } else {
        toml::to_string_pretty(value)
            .map(String::into_bytes)
            .map_err(|e| failed(e.to_string()))
    }
}

/// Rolls the assessment folder `dir` to its next review; returns the new
/// folder. Refuses a date not after this one and a folder that exists.
pub fn next(
    dir: &Path,
    options: &NextOptions,
    warn: &mut dyn FnMut(diag::Warning),
) -> Result<PathBuf, Error> {
    let loaded = load::load_dir_with(dir, warn)?;
    let scored = crate::assess_against(dir, &BaselineChoice::Auto, &mut |_| {})?;
    let date = options.date.unwrap_or(scored.next_review);
    if date <= scored.date {
        return Err(Error::Roll(format!(
            "the next assessment's date {} is not after this one's, {}",
            date.rfc3339(),
            scored.date.rfc3339()
        )));
    }
    let new = match &options.new {
        Some(new) => new.clone(),
        None => {
            let here = std::fs::canonicalize(dir).map_err(|source| Error::Write {
                path: dir.to_owned(),
                source,
            })?;
            let parent = here.parent().unwrap_or(&here);
            parent.join(format!("{}-{}", scored.id, date.0.format("%Y-%m-%d")))
        }
    };
    // This week's due dates and first weeks, by id.
    let due: BTreeMap<&str, Timestamp> = scored
        .components
        .iter()
        .flat_map(|c| c.actions.iter())
        .chain(scored.plan.iter())
        .map(|x| (x.id.as_str(), x.due))
        .collect();
    let first: BTreeMap<&str, Timestamp> = scored
        .components
        .iter()
        .flat_map(|c| c.findings.iter())
        .map(|f| (f.id.as_str(), f.first_seen))
        .collect();
    let pin = |action: &mut Action| {
        if action.due.is_none() {
            action.due = due.get(action.id.as_str()).copied();
        }
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let src = |file: usize| &loaded.sources[file];
    // Every file is carried over as it is, but for the dates it pins.
    let rewritten: std::collections::BTreeSet<usize> = std::iter::once(loaded.assessment.file)
        .chain(loaded.components.iter().map(|c| c.file))
        .chain(loaded.plan.iter().map(|p| p.file))
        .collect();
    let mut info = loaded.assessment.value.clone();
    info.date = date;
    let path = &src(loaded.assessment.file).display;
    files.push((
        path.clone(),
        to_text(&info, src(loaded.assessment.file).json, path)?,
    ));
    for comp in &loaded.components {
        let mut value = comp.value.clone();
        for f in &mut value.findings {
            f.first_seen = Some(first.get(f.id.as_str()).copied().unwrap_or(scored.date));
        }
        for x in &mut value.actions {
            pin(x);
        }
        let path = &src(comp.file).display;
        files.push((path.clone(), to_text(&value, src(comp.file).json, path)?));
    }
    if let Some(plan) = &loaded.plan {
        let mut value = plan.value.clone();
        for x in &mut value.actions {
            pin(x);
        }
        let path = &src(plan.file).display;
        files.push((path.clone(), to_text(&value, src(plan.file).json, path)?));
    }
    for (i, source) in loaded.sources.iter().enumerate() {
        if !rewritten.contains(&i) {
            files.push((source.display.clone(), source.text.clone().into_bytes()));
        }
    }
    files.push((
        Path::new(BASELINE_DIR).join(ASSESSMENT_JSON),
        crate::render_json(&scored),
    ));
    write::create_tree(&new, &files).map_err(|(path, source)| Error::Write { path, source })?;
    Ok(new)
}
