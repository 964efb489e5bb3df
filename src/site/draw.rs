//! Drawing a system's weeks into the staging tree: each week scored once,
//! its navigation from the neighbours that build, and only what changed
//! drawn (a week's page alone when only its neighbours changed).

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::input::SourceKind;
use super::manifest::{Manifest, WeekRecord};
use super::publish;
use super::summary::WeekSummary;
use super::week::{Known, Week};
use super::{Failure, failure, input_error};
use crate::diag::Warning;
use crate::load::baseline::BaselineChoice;
use crate::render::html::NavLink;
use crate::{BuildOptions, Error, Format};

/// A week that builds, with its summary (and its scored assessment when
/// this run scored it).
pub(super) struct Live {
    pub(super) week: Week,
    pub(super) summary: WeekSummary,
    pub(super) scored: Option<crate::score::ScoredAssessment>,
}

/// What a week needs this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Work {
    /// Its files are linked from the old site.
    Keep,
    /// Only its page is drawn again (its neighbours changed).
    Page,
    /// Everything is drawn.
    All,
}

/// What every system's drawing shares.
pub(super) struct Context<'a> {
    pub(super) out: &'a Path,
    pub(super) old: Option<&'a Manifest>,
    pub(super) templates: &'a crate::render::templates::Templates,
    pub(super) week: BuildOptions,
}

/// What drawing one system did.
#[derive(Default)]
pub(super) struct SystemOutcome {
    pub(super) records: Vec<(String, WeekRecord)>,
    pub(super) failures: Vec<Failure>,
    pub(super) warnings: Vec<Warning>,
    pub(super) written: usize,
    pub(super) unchanged: usize,
    pub(super) drawn: usize,
}

/// What a week of `weeks` (one system's, in date order) needs, given its
/// neighbours `live` keeps: its navigation, the manifest record it will
/// have, and its work.
pub(super) fn plan_week(
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
pub(super) fn known_plans(
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
pub(super) fn publish_system(
    weeks: Vec<Week>,
    context: &Context<'_>,
    tree: &Path,
) -> Result<SystemOutcome, Error> {
    let mut outcome = SystemOutcome::default();
    let scored: Vec<(Result<Live, Failure>, Vec<Warning>)> = weeks
        .into_par_iter()
        .map(|week| {
            let mut warnings = Vec::new();
            let live = score(week, &context.week.pdf.fonts, &mut warnings);
            (live, warnings)
        })
        .collect();
    let mut live = Vec::new();
    for (week, warnings) in scored {
        outcome.warnings.extend(warnings);
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

/// Scores a week the first pass could not summarise; its warnings (text
/// the PDF cannot draw, files skipped) are named from the site's inputs.
fn score(
    week: Week,
    fonts: &crate::render::pdf::fallback::FontChoice,
    warnings: &mut Vec<Warning>,
) -> Result<Live, Failure> {
    match &week.known {
        Known::Summary(s) => Ok(Live {
            summary: s.clone(),
            week,
            scored: None,
        }),
        Known::Unscored { id, date } => {
            let path = &week.source.path;
            let mut warn = |mut w: Warning| {
                w.file = path.join(&w.file);
                warnings.push(w);
            };
            let (scored, _) =
                crate::assess_fingerprinted(path, &BaselineChoice::Auto, Some(fonts), &mut warn)
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
    }
}

/// A week page's navigation: the fleet, the system's history, the weeks
/// before and after.
pub(super) fn week_nav(system: &str, weeks: &[(&Week, &WeekSummary)], i: usize) -> Vec<NavLink> {
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
pub(super) fn nav_key(nav: &[NavLink]) -> Vec<(&str, &str)> {
    nav.iter()
        .map(|l| (l.href.as_str(), l.label.as_str()))
        .collect()
}

/// Puts one week into the staging tree at `to`: linked from `from` (the
/// old site) what is unchanged, drawn the rest. Returns the files written,
/// the files unchanged, and whether the week was drawn.
#[allow(clippy::too_many_arguments)]
pub(super) fn publish_week(
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
        // Only the page is drawn (no PDF): warnings were given when the
        // week was first drawn.
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
