//! `readiness site`: a renderer over many scored assessments. Every system,
//! every week, one static site: a fleet index, a history page per system,
//! each week's report with its other formats, `latest/` redirects, and a
//! sitemap when the site's address is known.
//!
//! The run, in three steps:
//! 1. Each input folder is fingerprinted (its files' bytes, no parsing) and
//!    known as far as it can be without scoring it (`week.rs`): its summary
//!    from the site manifest (`manifest.rs`) when the fingerprint is unchanged, else
//!    its id and date. When every week is known and nothing changed,
//!    nothing is scored, drawn or written.
//! 2. Weeks are grouped by assessment id and ordered by date; each system
//!    is scored (each week once; one that does not build is reported with
//!    its diagnostics and left out) and drawn into a staging tree
//!    (`draw.rs`): systems and their weeks in parallel, unchanged files
//!    hard-linked from the old site, a week's page alone redrawn when only
//!    its neighbours changed.
//! 3. The site's own pages ([`pages`]) are drawn from the weeks'
//!    summaries, and the new tree replaces the old in one swap
//!    ([`publish`]).

pub mod chart;
mod draw;
pub mod input;
mod manifest;
pub mod pages;
pub mod publish;
pub mod summary;
mod week;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::{BuildOptions, Error, Format};
use draw::{Context, SystemOutcome, Work, known_plans, publish_system};
pub use manifest::MANIFEST;
use manifest::{Manifest, WeekRecord, manifest_of};
use pages::{SitePages, System};
use week::{Week, find};

/// The site's default title.
pub const DEFAULT_TITLE: &str = "Production readiness";

/// What `readiness site` is asked to do.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Assessment folders, earlier builds, or folders of either.
    pub inputs: Vec<PathBuf>,
    /// The site's folder.
    pub out: PathBuf,
    /// The address the site is published at (`sitemap.xml` is written only
    /// with it).
    pub base_url: Option<String>,
    /// The index's title.
    pub title: Option<String>,
    /// Redraw every week, whatever the manifest says.
    pub force: bool,
    /// The PDFs' paper and standard.
    pub pdf: crate::render::pdf::PdfOptions,
}

/// An input that could not be published, and why.
#[derive(Debug)]
pub struct Failure {
    /// The input folder.
    pub input: PathBuf,
    /// Why.
    pub error: Error,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct SiteReport {
    /// Systems on the site.
    pub systems: usize,
    /// Weeks on the site.
    pub weeks: usize,
    /// Weeks scored and drawn this run (all formats, or only the page when
    /// only its neighbours changed).
    pub weeks_drawn: usize,
    /// Files written with new bytes.
    pub written: usize,
    /// Files kept as they were.
    pub unchanged: usize,
    /// Files of the old site no longer part of it.
    pub removed: usize,
    /// Inputs left out, with their errors.
    pub failures: Vec<Failure>,
    /// Whether a site was written (or found unchanged): not when no input
    /// built, which leaves the previous site as it was.
    pub published: bool,
    /// Warnings of the weeks scored this run (text the PDF cannot draw,
    /// files skipped), their files named from the site's inputs.
    pub warnings: Vec<crate::diag::Warning>,
}

fn failure(input: &Path, error: impl Into<Error>) -> Failure {
    Failure {
        input: input.to_owned(),
        error: error.into(),
    }
}

fn input_error(input: &Path, message: String) -> Failure {
    failure(
        input,
        Error::Site(format!("{}: {message}", input.display())),
    )
}

/// The problems of the assessment folders among `inputs`, each with its
/// folder: what a run that stops before building (the fonts given cannot
/// be used) still reports, so that every problem of the run is said at
/// once. Earlier builds and arguments that hold no input are not looked at.
pub fn input_problems(inputs: &[PathBuf]) -> Vec<(PathBuf, crate::diag::Diagnostics)> {
    inputs
        .iter()
        .filter_map(|arg| input::discover(arg).ok())
        .flatten()
        .filter(|source| source.kind == input::SourceKind::Assessment)
        .filter_map(|source| {
            crate::assess_against(&source.path, &crate::BaselineChoice::Auto, &mut |_| {})
                .err()
                .map(|d| (source.path, d))
        })
        .collect()
}

/// Builds the site `options` describe. Inputs that do not build are in
/// the report's failures; an `Err` means the site itself could not be
/// written (the previous one is then as it was).
pub fn build_site(options: &SiteOptions) -> Result<SiteReport, Error> {
    let out = &options.out;
    let base_url = match &options.base_url {
        Some(url) => Some(check_base_url(url)?),
        None => None,
    };
    if let Ok(meta) = std::fs::symlink_metadata(out) {
        let empty = meta.is_dir() && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
        if !meta.is_dir() || (!empty && !out.join(MANIFEST).is_file()) {
            return Err(Error::Site(format!(
                "`{}` exists and is not a site made by readiness (no `{MANIFEST}`): not replaced; name a new or empty folder",
                out.display()
            )));
        }
    }
    if out.file_name().is_none() {
        return Err(Error::Site(format!(
            "`{}` names no folder of its own: give the site's folder, e.g. `-o public/readiness`",
            out.display()
        )));
    }
    let site_error = |e: std::io::Error| Error::Write {
        path: out.clone(),
        source: e,
    };
    let mut publisher = publish::Publisher::new(out).map_err(site_error)?;
    let old = if options.force {
        None
    } else {
        Manifest::read(out, &manifest::pdf_key(&options.pdf))
    };
    let mut report = SiteReport::default();

    // 1. Find the inputs: fingerprints, and what the manifest (or a
    //    cheap read) says of each.
    let mut sources = Vec::new();
    for arg in &options.inputs {
        match input::discover(arg) {
            Ok(found) => sources.extend(found),
            Err(why) => report.failures.push(input_error(arg, why)),
        }
    }
    let cached: BTreeMap<&str, &WeekRecord> = old
        .iter()
        .flat_map(|m| m.weeks.values())
        .map(|w| (w.source.as_str(), w))
        .collect();
    // Weeks are scored and drawn on a pool of their own: the PDF writer
    // draws pages on rayon's global pool, which a week waiting for its PDF
    // must not be holding.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cores)
        .thread_name(|i| format!("readiness-site-{i}"))
        .build()
        .map_err(|e| Error::Site(format!("cannot start the site's threads: {e}")))?;
    let found: Vec<Result<Week, Failure>> = pool.install(|| {
        sources
            .into_par_iter()
            .map(|source| find(source, &cached))
            .collect()
    });
    let mut systems: BTreeMap<String, Vec<Week>> = BTreeMap::new();
    for week in found {
        match week {
            Ok(week) => systems.entry(week.id().to_owned()).or_default().push(week),
            Err(f) => report.failures.push(f),
        }
    }
    for weeks in systems.values_mut() {
        // Stable: of two inputs of one id and date, the first given wins.
        weeks.sort_by_key(Week::date);
        let mut kept: Vec<Week> = Vec::with_capacity(weeks.len());
        for w in weeks.drain(..) {
            match kept.last() {
                // One folder a day: two assessments of a day would share it.
                Some(last) if last.folder() == w.folder() => {
                    let message = format!(
                        "assessment `{}` of {} is given twice (also by `{}`): left out",
                        w.id(),
                        w.folder(),
                        last.source.path.display()
                    );
                    report.failures.push(input_error(&w.source.path, message));
                }
                _ => kept.push(w),
            }
        }
        *weeks = kept;
    }
    let templates = crate::render::templates::load_templates(None)?;
    let pages = SitePages::new();
    let title = options.title.as_deref().unwrap_or(DEFAULT_TITLE);
    let context = Context {
        out,
        old: old.as_ref(),
        templates: &templates,
        week: BuildOptions {
            formats: Format::ALL.to_vec(),
            templates: None,
            pdf: options.pdf.clone(),
            pdf_name: None,
        },
    };

    // When every week is known, and the manifest says none needs drawing,
    // the site's own pages decide whether anything changed: nothing is
    // scored, drawn or written then.
    if let Some(plans) = known_plans(&systems, &context) {
        let records = plans
            .iter()
            .map(|(key, r, _)| (key.clone(), r.clone()))
            .collect();
        let own = own_pages(&pages, title, base_url.as_deref(), &records);
        let (manifest, bytes) = manifest_of(records, &own, &manifest::pdf_key(&options.pdf));
        let same = |path: &str, b: &[u8]| std::fs::read(out.join(path)).is_ok_and(|old| old == b);
        if plans.iter().all(|(_, _, work)| *work == Work::Keep)
            && own.iter().all(|(p, b)| same(p, b))
            && old.as_ref().is_some_and(|m| m.files == manifest.files)
            && same(MANIFEST, &bytes)
        {
            report.systems = systems.len();
            report.weeks = plans.len();
            report.unchanged = manifest.files.len();
            report.published = true;
            return Ok(report);
        }
    }

    // 2. Each system scored, then drawn into the staging tree: systems in
    //    parallel, and the weeks of each.
    let tree = publisher.start().map_err(site_error)?.to_path_buf();
    let outcomes: Vec<Result<SystemOutcome, Error>> = pool.install(|| {
        systems
            .into_par_iter()
            .map(|(_, weeks)| publish_system(weeks, &context, &tree))
            .collect()
    });
    let mut records: BTreeMap<String, WeekRecord> = BTreeMap::new();
    for outcome in outcomes {
        let outcome = outcome?;
        report.failures.extend(outcome.failures);
        report.warnings.extend(outcome.warnings);
        report.written += outcome.written;
        report.unchanged += outcome.unchanged;
        report.weeks_drawn += outcome.drawn;
        records.extend(outcome.records);
    }
    report.systems = records
        .values()
        .map(|r| r.summary.id.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    report.weeks = records.len();
    // Inputs that all failed (a mistyped path, a missing mount) do not
    // replace a published site with an empty one.
    if records.is_empty() {
        report.written = 0;
        report.unchanged = 0;
        return Ok(report);
    }
    report.published = true;

    // 3. The site's own pages, compared with the old ones byte for byte.
    let write_error = |path: &Path, e: std::io::Error| Error::Write {
        path: path.to_owned(),
        source: e,
    };
    let own = own_pages(&pages, title, base_url.as_deref(), &records);
    for (path, bytes) in &own {
        let (old, new) = (out.join(path), tree.join(path));
        if std::fs::read(&old).is_ok_and(|b| b == *bytes) {
            publish::link(&old, &new).map_err(|e| write_error(&new, e))?;
            report.unchanged += 1;
        } else {
            publish::put(&new, bytes).map_err(|e| write_error(&new, e))?;
            report.written += 1;
        }
    }
    let (manifest, bytes) = manifest_of(records, &own, &manifest::pdf_key(&options.pdf));
    publish::put(&tree.join(MANIFEST), &bytes).map_err(|e| write_error(&tree.join(MANIFEST), e))?;
    report.removed = old.as_ref().map_or(0, |m| {
        m.files
            .iter()
            .filter(|f| manifest.files.binary_search(f).is_err())
            .count()
    });
    publisher
        .commit()
        .map_err(|(path, source)| Error::Write { path, source })?;
    Ok(report)
}

/// The site's own pages (index, each history and `latest/`, the sitemap
/// with a base URL), drawn in memory from the weeks' records.
fn own_pages(
    pages: &SitePages,
    title: &str,
    base_url: Option<&str>,
    records: &BTreeMap<String, WeekRecord>,
) -> Vec<(String, Vec<u8>)> {
    // Records are keyed `ID/DATE`: in order, each system's weeks are
    // together and oldest first.
    let mut views: Vec<System<'_>> = Vec::new();
    for r in records.values() {
        let formats: Vec<(String, &'static str)> = r
            .files
            .iter()
            .map(|f| (f.clone(), format_label(f)))
            .collect();
        match views.last_mut() {
            Some(v) if v.weeks[0].id == r.summary.id => {
                v.weeks.push(&r.summary);
                v.formats.push(formats);
            }
            _ => views.push(System {
                weeks: vec![&r.summary],
                formats: vec![formats],
            }),
        }
    }
    views.sort_by(pages::index_order);
    let mut own: Vec<(String, Vec<u8>)> =
        vec![("index.html".to_owned(), pages.index(title, &views))];
    for s in &views {
        let id = &s.weeks[0].id;
        own.push((format!("{id}/index.html"), pages.history(s)));
        own.push((format!("{id}/latest/index.html"), pages.latest(s)));
    }
    if let Some(base) = base_url {
        // The redirects are not pages of their own.
        let mut listed: Vec<String> = own
            .iter()
            .map(|(p, _)| p.clone())
            .filter(|p| !p.ends_with("/latest/index.html"))
            .collect();
        listed.extend(records.keys().map(|key| format!("{key}/index.html")));
        listed.sort();
        own.push(("sitemap.xml".to_owned(), pages::sitemap(base, &listed)));
    }
    own
}

/// What a file of a week is, as a link names it.
fn format_label(name: &str) -> &'static str {
    if name.to_ascii_lowercase().ends_with(".pdf") {
        Format::Pdf.label()
    } else if name.ends_with(".md") {
        Format::Markdown.label()
    } else {
        Format::Json.label()
    }
}

/// The site's address, checked: an absolute `http(s)` URL, ending in `/`
/// (added when missing) so that page paths append to it.
fn check_base_url(url: &str) -> Result<String, Error> {
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let ok = host.is_some_and(|h| !h.is_empty() && !h.starts_with('/'))
        && !url.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '#' | '?')
        });
    if !ok {
        return Err(Error::Site(format!(
            "--base-url `{}`: expected the absolute http(s) address the site is published at, e.g. https://docs.example.com/readiness/",
            crate::diag::escape_controls(url)
        )));
    }
    Ok(if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_is_an_absolute_http_address_ending_in_a_slash() {
        assert_eq!(
            check_base_url("https://docs.example.com/r").unwrap(),
            "https://docs.example.com/r/"
        );
        assert_eq!(check_base_url("http://a").unwrap(), "http://a/");
        for bad in [
            "https:///x",
            "javascript:alert(1)",
            "docs/",
            "https://",
            "https://a b/",
            "https://x/\"y",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }
}
