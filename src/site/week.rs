//! The weeks a run is given: each input found, fingerprinted, and known
//! as far as it can be without scoring it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::input::{self, Source, SourceKind};
use super::manifest::WeekRecord;
use super::summary::WeekSummary;
use super::{Failure, failure, input_error};
use crate::load::baseline::{ASSESSMENT_JSON, BaselineChoice};
use crate::{Error, Format};

/// What the first pass knows of a week.
pub(super) enum Known {
    /// Its summary: from the manifest, or an earlier build's JSON.
    Summary(WeekSummary),
    /// Only its id and date (read from `assessment.toml` alone): it is
    /// scored, once, when its system is drawn.
    Unscored {
        id: String,
        date: crate::model::Timestamp,
    },
}

/// One input, found.
pub(super) struct Week {
    pub(super) source: Source,
    pub(super) print: String,
    pub(super) known: Known,
    /// The files its folder holds in the site (beyond `index.html`, which
    /// every week has).
    pub(super) files: Vec<String>,
}

impl Week {
    pub(super) fn id(&self) -> &str {
        match &self.known {
            Known::Summary(s) => &s.id,
            Known::Unscored { id, .. } => id,
        }
    }

    pub(super) fn date(&self) -> crate::model::Timestamp {
        match &self.known {
            Known::Summary(s) => s.date,
            Known::Unscored { date, .. } => *date,
        }
    }

    pub(super) fn folder(&self) -> String {
        self.date().0.format("%Y-%m-%d").to_string()
    }
}

/// The names the site gives its own files at its root: no system may be
/// called so.
pub(super) const RESERVED: [&str; 2] = ["index.html", "sitemap.xml"];

/// The outputs an assessment week has beside `index.html`.
pub(super) const WEEK_FILES: [&str; 3] = ["report.pdf", "report.md", ASSESSMENT_JSON];

/// Fingerprints one input and learns what it can without scoring it:
/// its summary from the manifest when its fingerprint is known there, an
/// earlier build's from its `assessment.json`, else the id and date of its
/// `assessment.toml`.
pub(super) fn find(source: Source, cached: &BTreeMap<&str, &WeekRecord>) -> Result<Week, Failure> {
    let path = source.path.clone();
    let print = input::fingerprint(&path).map_err(|e| {
        failure(
            &path,
            Error::Write {
                path: path.clone(),
                source: e,
            },
        )
    })?;
    let files = match source.kind {
        SourceKind::Assessment => WEEK_FILES.map(str::to_owned).to_vec(),
        SourceKind::Build => build_files(&path).map_err(|m| input_error(&path, m))?,
    };
    let known = match (cached.get(print.as_str()), source.kind) {
        // The manifest is a file in the site: a record whose id could not
        // name a folder is not trusted (nor is anything else of it used
        // as a path).
        (Some(record), _) if crate::validate::is_slug(&record.summary.id) => {
            Known::Summary(record.summary.clone())
        }
        (_, SourceKind::Assessment) => match head(&path) {
            Some((id, date)) => Known::Unscored { id, date },
            // Scoring says what is wrong (or, if nothing is, gives the
            // summary anyway).
            None => Known::Summary(WeekSummary::of_scored(
                &crate::assess_against(&path, &BaselineChoice::Auto, &mut |_| {})
                    .map_err(|d| failure(&path, d))?,
            )),
        },
        (_, SourceKind::Build) => {
            let (b, _) = crate::load::baseline::read_assessment_json(&path.join(ASSESSMENT_JSON))
                .map_err(|d| failure(&path, crate::diag::Diagnostics(vec![*d])))?;
            if !crate::validate::is_slug(&b.id) {
                return Err(input_error(
                    &path,
                    format!(
                        "`{ASSESSMENT_JSON}` names the assessment `{}`, which is not an id (lower-case letters, digits, `-`, `_`, `.`)",
                        crate::diag::escape_controls(&b.id)
                    ),
                ));
            }
            Known::Summary(WeekSummary::of_build(&b))
        }
    };
    let week = Week {
        source,
        print,
        known,
        files,
    };
    if RESERVED.contains(&week.id()) {
        return Err(input_error(
            &path,
            format!(
                "an assessment called `{}` would take the name of the site's own file: rename it",
                week.id()
            ),
        ));
    }
    Ok(week)
}

/// The id and date of an assessment folder, from its `assessment.toml`
/// alone; `None` when that does not read (scoring then says why). The id
/// is a valid one, so it can name a folder.
pub(super) fn head(dir: &Path) -> Option<(String, crate::model::Timestamp)> {
    #[derive(Deserialize)]
    struct Head {
        id: String,
        date: crate::model::Timestamp,
    }
    let text = std::fs::read_to_string(dir.join("assessment.toml")).ok()?;
    let head: Head = toml::from_str(&text).ok()?;
    crate::validate::is_slug(&head.id).then_some((head.id, head.date))
}

/// An earlier build's files the site publishes beside its page (its
/// `report.html`, published as the week's `index.html`): `assessment.json`,
/// the Markdown, and the PDFs its manifest names (or `report.pdf`).
pub(super) fn build_files(dir: &Path) -> Result<Vec<String>, String> {
    if !dir.join(Format::Html.file_name()).is_file() {
        return Err(format!(
            "holds `{ASSESSMENT_JSON}` but no `report.html` to publish: build it with `--format html` (and the others the site should link)"
        ));
    }
    let mut files: Vec<String> = crate::write::previous_outputs(dir)
        .into_iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".pdf"))
        .collect();
    if files.is_empty() {
        files.push(Format::Pdf.file_name().to_owned());
    }
    files.extend([Format::Markdown, Format::Json].map(|f| f.file_name().to_owned()));
    files.retain(|f| dir.join(f).is_file());
    Ok(files)
}
