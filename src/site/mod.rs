//! `readiness site`: a renderer over many scored assessments. Every system,
//! every week, one static site: a fleet index, a history page per system,
//! each week's report with its other formats, `latest/` redirects, and a
//! sitemap when the site's address is known.
//!
//! The run, in three steps:
//! 1. Each input folder is fingerprinted (its files' bytes, no parsing) and
//!    summarised: from the site manifest when the fingerprint is unchanged,
//!    else by scoring it (in parallel). A folder that does not build is
//!    reported with its diagnostics and left out; the rest go on.
//! 2. Weeks are grouped by assessment id and ordered by date; each week's
//!    page links to its neighbours, so its page is redrawn when they change
//!    even if its input did not.
//! 3. The new site is staged beside the old one: weeks and pages whose
//!    bytes are unchanged are hard-linked from it, the rest drawn (weeks in
//!    parallel). When nothing at all changed nothing is written; else the
//!    new tree replaces the old in one swap ([`publish`]).

pub mod chart;
pub mod input;
pub mod pages;
pub mod publish;
pub mod summary;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::load::baseline::{ASSESSMENT_JSON, BaselineChoice};
use crate::render::html::NavLink;
use crate::{BuildOptions, Error, Format};
use input::{Source, SourceKind};
use pages::{SitePages, System};
use summary::WeekSummary;

/// The site manifest: what made each week's folder, so a rebuild skips
/// what did not change.
pub const MANIFEST: &str = ".readiness-site.json";

/// The manifest's layout version.
const MANIFEST_FORMAT: u32 = 1;

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
}

/// One week in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct WeekRecord {
    /// The input folder's fingerprint.
    source: String,
    /// What the week's page links to (its neighbours).
    nav: String,
    /// Its files, relative to its folder.
    files: Vec<String>,
    /// Its summary.
    summary: WeekSummary,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    generator: String,
    /// By `ID/DATE`.
    weeks: BTreeMap<String, WeekRecord>,
    /// Every file of the site, sorted.
    files: Vec<String>,
}

impl Manifest {
    /// The manifest of the site at `out`, when it is one this version of
    /// readiness wrote; else none (everything is drawn again).
    fn read(out: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(out.join(MANIFEST)).ok()?;
        let m: Manifest = serde_json::from_str(&text).ok()?;
        (m.format == MANIFEST_FORMAT && m.generator == generator()).then_some(m)
    }
}

/// What made the site: the version, and the built-in templates' hash, so
/// that a build of readiness whose templates differ (a development build,
/// say) draws every week again.
fn generator() -> String {
    use sha2::{Digest, Sha256};
    static GENERATOR: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    GENERATOR
        .get_or_init(|| {
            let mut hash = Sha256::new();
            for (name, text) in crate::render::templates::BUILTIN
                .iter()
                .chain(&pages::TEMPLATES)
            {
                hash.update((name.len() as u64).to_le_bytes());
                hash.update(name.as_bytes());
                hash.update((text.len() as u64).to_le_bytes());
                hash.update(text.as_bytes());
            }
            let digest = input::hex(&hash.finalize());
            format!(
                "readiness {} (templates {})",
                env!("CARGO_PKG_VERSION"),
                &digest[..16]
            )
        })
        .clone()
}

/// What the first pass knows of a week.
enum Known {
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
struct Week {
    source: Source,
    print: String,
    known: Known,
    /// The files its folder holds in the site (beyond `index.html`, which
    /// every week has).
    files: Vec<String>,
}

impl Week {
    fn id(&self) -> &str {
        match &self.known {
            Known::Summary(s) => &s.id,
            Known::Unscored { id, .. } => id,
        }
    }

    fn date(&self) -> crate::model::Timestamp {
        match &self.known {
            Known::Summary(s) => s.date,
            Known::Unscored { date, .. } => *date,
        }
    }

    fn folder(&self) -> String {
        self.date().0.format("%Y-%m-%d").to_string()
    }
}

/// A week that builds, with its summary (and its scored assessment when
/// this run scored it).
struct Live {
    week: Week,
    summary: WeekSummary,
    scored: Option<crate::score::ScoredAssessment>,
}

/// What a week needs this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// Its files are linked from the old site.
    Keep,
    /// Only its page is drawn again (its neighbours changed).
    Page,
    /// Everything is drawn.
    All,
}

/// The names the site gives its own files at its root: no system may be
/// called so.
const RESERVED: [&str; 2] = ["index.html", "sitemap.xml"];

/// The outputs an assessment week has beside `index.html`.
const WEEK_FILES: [&str; 3] = ["report.pdf", "report.md", ASSESSMENT_JSON];

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
    let site_error = |e: std::io::Error| Error::Write {
        path: out.clone(),
        source: e,
    };
    let mut publisher = publish::Publisher::new(out).map_err(site_error)?;
    let old = if options.force {
        None
    } else {
        Manifest::read(out)
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
                Some(last) if last.date() == w.date() => {
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
            pdf: options.pdf,
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
        let (manifest, bytes) = manifest_of(records, &own);
        let same = |path: &str, b: &[u8]| std::fs::read(out.join(path)).is_ok_and(|old| old == b);
        if plans.iter().all(|(_, _, work)| *work == Work::Keep)
            && own.iter().all(|(p, b)| same(p, b))
            && old.as_ref().is_some_and(|m| m.files == manifest.files)
            && same(MANIFEST, &bytes)
        {
            report.systems = systems.len();
            report.weeks = plans.len();
            report.unchanged = manifest.files.len();
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
    let (manifest, bytes) = manifest_of(records, &own);
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

/// What every system's drawing shares.
struct Context<'a> {
    out: &'a Path,
    old: Option<&'a Manifest>,
    templates: &'a crate::render::templates::Templates,
    week: BuildOptions,
}

/// What drawing one system did.
#[derive(Default)]
struct SystemOutcome {
    records: Vec<(String, WeekRecord)>,
    failures: Vec<Failure>,
    written: usize,
    unchanged: usize,
    drawn: usize,
}

/// What a week of `weeks` (one system's, in date order) needs, given its
/// neighbours `live` keeps: its navigation, the manifest record it will
/// have, and its work.
fn plan_week(
    weeks: &[(&Week, &WeekSummary)],
    i: usize,
    context: &Context<'_>,
) -> (String, WeekRecord, Work, Vec<NavLink>) {
    let (w, summary) = weeks[i];
    let nav = week_nav(&summary.system, weeks, i);
    let nav_key = serde_json::to_string(&nav_key(&nav)).expect("JSON");
    let key = format!("{}/{}", summary.id, summary.folder());
    let work = match (&w.known, context.old.and_then(|m| m.weeks.get(&key))) {
        (Known::Summary(_), Some(r)) if r.source == w.print && r.files == w.files => {
            // Kept or redrawn in part, a week takes its files from the
            // old site: they must all be there.
            let present = w
                .files
                .iter()
                .map(String::as_str)
                .chain(["index.html"])
                .all(|f| context.out.join(&key).join(f).is_file());
            match (present, r.nav == nav_key) {
                (false, _) => Work::All,
                (true, true) => Work::Keep,
                (true, false) => Work::Page,
            }
        }
        _ => Work::All,
    };
    let record = WeekRecord {
        source: w.print.clone(),
        nav: nav_key,
        files: w.files.clone(),
        summary: summary.clone(),
    };
    (key, record, work, nav)
}

/// Every week's plan when every week is known without scoring; `None`
/// when some week must be scored first.
fn known_plans(
    systems: &BTreeMap<String, Vec<Week>>,
    context: &Context<'_>,
) -> Option<Vec<(String, WeekRecord, Work)>> {
    let mut plans = Vec::new();
    for weeks in systems.values() {
        let known: Vec<(&Week, &WeekSummary)> = weeks
            .iter()
            .map(|w| match &w.known {
                Known::Summary(s) => Some((w, s)),
                Known::Unscored { .. } => None,
            })
            .collect::<Option<_>>()?;
        for i in 0..known.len() {
            let (key, record, work, _) = plan_week(&known, i, context);
            plans.push((key, record, work));
        }
    }
    Some(plans)
}

/// Scores the weeks of one system that need it (in parallel), leaves out
/// those that do not build, and draws or links each of the others into
/// `tree`.
fn publish_system(
    weeks: Vec<Week>,
    context: &Context<'_>,
    tree: &Path,
) -> Result<SystemOutcome, Error> {
    let mut outcome = SystemOutcome::default();
    let scored: Vec<Result<Live, Failure>> = weeks
        .into_par_iter()
        .map(|week| match &week.known {
            Known::Summary(s) => Ok(Live {
                summary: s.clone(),
                week,
                scored: None,
            }),
            Known::Unscored { id, date } => {
                let path = &week.source.path;
                let scored = crate::assess_against(path, &BaselineChoice::Auto, &mut |_| {})
                    .map_err(|d| failure(path, d))?;
                if scored.id != *id || scored.date != *date {
                    return Err(input_error(
                        path,
                        "changed while the site was being built: run again".to_owned(),
                    ));
                }
                Ok(Live {
                    summary: WeekSummary::of_scored(&scored),
                    week,
                    scored: Some(scored),
                })
            }
        })
        .collect();
    let mut live = Vec::new();
    for week in scored {
        match week {
            Ok(w) => live.push(w),
            Err(f) => outcome.failures.push(f),
        }
    }
    let pairs: Vec<(&Week, &WeekSummary)> = live.iter().map(|l| (&l.week, &l.summary)).collect();
    let plans: Vec<(String, WeekRecord, Work, Vec<NavLink>)> = (0..pairs.len())
        .map(|i| plan_week(&pairs, i, context))
        .collect();
    let drawn: Vec<Result<(usize, usize, bool), Error>> = live
        .into_par_iter()
        .zip(&plans)
        .map(|(l, (key, _, work, nav))| {
            publish_week(
                &l.week,
                l.scored,
                *work,
                nav,
                &context.out.join(key),
                &tree.join(key),
                context.templates,
                &context.week,
            )
        })
        .collect();
    for d in drawn {
        let (written, unchanged, drawn) = d?;
        outcome.written += written;
        outcome.unchanged += unchanged;
        outcome.drawn += usize::from(drawn);
    }
    outcome.records = plans
        .into_iter()
        .map(|(key, record, ..)| (key, record))
        .collect();
    Ok(outcome)
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
        let mut listed: Vec<String> = own.iter().map(|(p, _)| p.clone()).collect();
        listed.extend(records.keys().map(|key| format!("{key}/index.html")));
        listed.sort();
        own.push(("sitemap.xml".to_owned(), pages::sitemap(base, &listed)));
    }
    own
}

/// The manifest of a site of these weeks and own pages, and its bytes.
fn manifest_of(
    records: BTreeMap<String, WeekRecord>,
    own: &[(String, Vec<u8>)],
) -> (Manifest, Vec<u8>) {
    let mut files: BTreeSet<String> = own.iter().map(|(p, _)| p.clone()).collect();
    for (key, r) in &records {
        files.insert(format!("{key}/index.html"));
        files.extend(r.files.iter().map(|f| format!("{key}/{f}")));
    }
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        generator: generator(),
        weeks: records,
        files: files.into_iter().collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&manifest).expect("JSON");
    bytes.push(b'\n');
    (manifest, bytes)
}

/// Fingerprints one input and learns what it can without scoring it:
/// its summary from the manifest when its fingerprint is known there, an
/// earlier build's from its `assessment.json`, else the id and date of its
/// `assessment.toml`.
fn find(source: Source, cached: &BTreeMap<&str, &WeekRecord>) -> Result<Week, Failure> {
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
        (Some(record), _) => Known::Summary(record.summary.clone()),
        (None, SourceKind::Assessment) => match head(&path) {
            Some((id, date)) => Known::Unscored { id, date },
            // Scoring says what is wrong (or, if nothing is, gives the
            // summary anyway).
            None => Known::Summary(WeekSummary::of_scored(
                &crate::assess_against(&path, &BaselineChoice::Auto, &mut |_| {})
                    .map_err(|d| failure(&path, d))?,
            )),
        },
        (None, SourceKind::Build) => {
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
fn head(dir: &Path) -> Option<(String, crate::model::Timestamp)> {
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
fn build_files(dir: &Path) -> Result<Vec<String>, String> {
    if !dir.join(Format::Html.file_name()).is_file() {
        return Err(format!(
            "holds `{ASSESSMENT_JSON}` but no `report.html` to publish: build it with `--format html` (and the others the site should link)"
        ));
    }
    let mut files: Vec<String> = crate::write::previous_outputs(dir)
        .into_iter()
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    if files.is_empty() {
        files.push(Format::Pdf.file_name().to_owned());
    }
    files.extend([Format::Markdown, Format::Json].map(|f| f.file_name().to_owned()));
    files.retain(|f| dir.join(f).is_file());
    Ok(files)
}

/// What a file of a week is, as a link names it.
fn format_label(name: &str) -> &'static str {
    if name.ends_with(".pdf") {
        Format::Pdf.label()
    } else if name.ends_with(".md") {
        Format::Markdown.label()
    } else {
        Format::Json.label()
    }
}

/// A week page's navigation: the fleet, the system's history, the weeks
/// before and after.
fn week_nav(system: &str, weeks: &[(&Week, &WeekSummary)], i: usize) -> Vec<NavLink> {
    let mut nav = vec![
        NavLink {
            href: "../../index.html".to_owned(),
            label: "All systems".to_owned(),
            rel: None,
        },
        NavLink {
            href: "../index.html".to_owned(),
            label: format!("History of {system}"),
            rel: None,
        },
    ];
    if let Some((_, prev)) = i.checked_sub(1).and_then(|p| weeks.get(p)) {
        let d = prev.folder();
        nav.push(NavLink {
            href: format!("../{d}/index.html"),
            label: format!("← Week of {d}"),
            rel: Some("prev"),
        });
    }
    if let Some((_, next)) = weeks.get(i + 1) {
        let d = next.folder();
        nav.push(NavLink {
            href: format!("../{d}/index.html"),
            label: format!("Week of {d} →"),
            rel: Some("next"),
        });
    }
    nav
}

/// What of a week's navigation reaches its page (compared between runs).
fn nav_key(nav: &[NavLink]) -> Vec<(&str, &str)> {
    nav.iter()
        .map(|l| (l.href.as_str(), l.label.as_str()))
        .collect()
}

/// Puts one week into the staging tree at `to`: linked from `from` (the
/// old site) what is unchanged, drawn the rest. Returns the files written,
/// the files unchanged, and whether the week was drawn.
#[allow(clippy::too_many_arguments)]
fn publish_week(
    w: &Week,
    scored: Option<crate::score::ScoredAssessment>,
    work: Work,
    nav: &[NavLink],
    from: &Path,
    to: &Path,
    templates: &crate::render::templates::Templates,
    options: &BuildOptions,
) -> Result<(usize, usize, bool), Error> {
    let write_error = |path: &Path, e: std::io::Error| Error::Write {
        path: path.to_owned(),
        source: e,
    };
    let (written, unchanged) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    // Bytes equal to the old file's are linked from it: counted unchanged.
    let put = |name: &str, bytes: &[u8]| -> Result<(), Error> {
        let (old, new) = (from.join(name), to.join(name));
        let same = std::fs::metadata(&old).is_ok_and(|m| m.len() == bytes.len() as u64)
            && std::fs::read(&old).is_ok_and(|b| b == bytes);
        if same {
            publish::link(&old, &new).map_err(|e| write_error(&new, e))?;
            unchanged.set(unchanged.get() + 1);
        } else {
            publish::put(&new, bytes).map_err(|e| write_error(&new, e))?;
            written.set(written.get() + 1);
        }
        Ok(())
    };
    let mut files: Vec<&str> = w.files.iter().map(String::as_str).collect();
    files.push("index.html");
    match (work, w.source.kind) {
        (Work::Keep, _) | (Work::Page, SourceKind::Build) => {
            for f in files {
                let (old, new) = (from.join(f), to.join(f));
                publish::link(&old, &new).map_err(|e| write_error(&new, e))?;
                unchanged.set(unchanged.get() + 1);
            }
            return Ok((written.get(), unchanged.get(), false));
        }
        (Work::All, SourceKind::Build) => {
            for f in files {
                let src = if f == "index.html" {
                    w.source.path.join(Format::Html.file_name())
                } else {
                    w.source.path.join(f)
                };
                let bytes = std::fs::read(&src).map_err(|e| write_error(&src, e))?;
                put(f, &bytes)?;
            }
            return Ok((written.get(), unchanged.get(), true));
        }
        _ => {}
    }
    let scored = match scored {
        Some(s) => s,
        None => crate::assess_against(&w.source.path, &BaselineChoice::Auto, &mut |_| {})?,
    };
    let mut week = options.clone();
    if work == Work::Page {
        week.formats = vec![Format::Html];
        for f in &w.files {
            let (old, new) = (from.join(f), to.join(f));
            publish::link(&old, &new).map_err(|e| write_error(&new, e))?;
            unchanged.set(unchanged.get() + 1);
        }
    }
    crate::render_with(&scored, templates, &week, &Format::ALL, nav, |doc| {
        let name = if doc.name == Format::Html.file_name() {
            "index.html"
        } else {
            &*doc.name
        };
        put(name, &doc.bytes)
    })?;
    Ok((written.get(), unchanged.get(), true))
}

/// The site's address, checked: an absolute `http(s)` URL, ending in `/`
/// (added when missing) so that page paths append to it.
fn check_base_url(url: &str) -> Result<String, Error> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
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
        for bad in [
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
