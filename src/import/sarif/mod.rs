//! SARIF 2.1.0 logs (Semgrep, Bandit, Trivy, CodeQL, Checkov, gitleaks…)
//! → findings.
//!
//! The log is read into typed values that take only the fields used here
//! and ignore every other one, so the extensions real tools write never
//! get in the way. Each result (and each rule) is read on its own: one that
//! does not fit is a warning naming its JSON path and is skipped, the rest
//! of the file is imported.
//!
//! Severity, first that applies: the rule's `properties.security-severity`
//! in GitHub's buckets (≥ 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium, > 0 low,
//! 0 info); the result's `level`; the rule's `defaultConfiguration.level`;
//! SARIF's default `warning`. Levels map `error` → high, `warning` →
//! medium, `note` → low, `none` → info. The evidence says which decided.

mod log;
mod severity;

use std::collections::{HashMap, HashSet};

use log::{Lenient, Log, Message, Rule, Run, SarifResult, Suppression};
use severity::{Decided, decide};

use super::provenance::{Origin, source};
use super::{EVIDENCE_ITEMS, Grouping, ImportOptions, Report, plural, quote};
use crate::diag::{Diagnostics, Kind, Warning};
use crate::document::escape::escape_markdown;
use crate::model::{Finding, FindingStatus, Severity, Timestamp};

/// Whether the rule's findings may quote secrets: a secret scanner
/// (gitleaks, trufflehog…) or a rule tagged `secret`/`secrets`.
fn may_hold_secrets(tool: &str, rule: Option<&Rule>) -> bool {
    let tool = tool.to_ascii_lowercase();
    if ["gitleaks", "trufflehog", "detect-secrets", "secret"]
        .iter()
        .any(|t| tool.contains(t))
    {
        return true;
    }
    let tags = rule
        .and_then(|r| r.properties.as_ref())
        .and_then(|p| p.tags.as_ref())
        .and_then(|t| t.as_array());
    tags.is_some_and(|tags| {
        tags.iter()
            .filter_map(|t| t.as_str())
            .any(|t| t.to_ascii_lowercase().contains("secret"))
    }) || rule.is_some_and(|r| r.id.to_ascii_lowercase().contains("secret"))
}

/// One occurrence, as the evidence lists it.
#[derive(Debug, Clone)]
struct Occurrence {
    place: String,
    message: String,
    snippet: Option<String>,
}

impl Occurrence {
    fn line(&self) -> String {
        let mut out = format!("{}: {}", self.place, self.message);
        if let Some(s) = &self.snippet {
            out.push_str(&format!(" (code: {s})"));
        }
        out
    }
}

/// Findings being gathered: one per key (tool, rule, suppressed, and the
/// fingerprint when grouping per result), in the order first seen.
#[derive(Debug)]
struct Group {
    tool: String,
    version: Option<String>,
    rule_id: String,
    title: String,
    detail: Option<String>,
    severity: Severity,
    decided: Decided,
    suppressed: bool,
    suppressions: Vec<String>,
    count: usize,
    files: HashSet<String>,
    occurrences: Vec<Occurrence>,
    origins: Vec<Origin>,
    fingerprint: Option<String>,
    observed_at: Option<Timestamp>,
    secret: bool,
}

/// The key of a group.
type Key = (String, String, bool, Option<String>);

/// Imports SARIF reports: every usable result becomes (part of) a finding;
/// unusable files are reported in `diags`, skipped parts in `warn`.
pub fn import(
    reports: &[Report],
    options: &ImportOptions,
    diags: &mut Diagnostics,
    warn: &mut dyn FnMut(Warning),
) -> Vec<Finding> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for report in reports {
        let Some(log) = parse(report, diags) else {
            continue;
        };
        let origin = Origin {
            file: report.name.clone(),
            sha256: report.sha256.clone(),
        };
        let mut skipped = |path: String, reason: String| {
            warn(Warning {
                at: None,
                file: report.display.clone(),
                kind: Kind::ImportSkipped { path, reason },
            });
        };
        for (r, run) in log.runs.unwrap_or_default().into_iter().enumerate() {
            gather_run(
                run,
                r,
                &origin,
                options.grouping,
                &mut groups,
                &mut index,
                &mut skipped,
            );
        }
    }
    let mut ids = super::ids::Ids::default();
    groups
        .into_iter()
        .map(|g| finding(g, &options.component, &mut ids))
        .collect()
}

/// The log of a report, or `None` with the problem in `diags`.
fn parse(report: &Report, diags: &mut Diagnostics) -> Option<Log> {
    let log: Log = match serde_json::from_str(&report.text) {
        Ok(log) => log,
        Err(e) => {
            let offset = (e.line() != 0).then(|| offset_of(&report.text, e.line(), e.column()));
            let message = e.to_string();
            let message = match message.rsplit_once(" at line ") {
                Some((words, _)) => words.to_owned(),
                None => message,
            }
            .replace(
                "struct Log",
                "a SARIF log (an object with `version` and `runs`)",
            );
            let kind = if e.is_syntax() || e.is_eof() {
                Kind::Syntax {
                    format: "JSON",
                    message,
                }
            } else {
                Kind::NotSarif { reason: message }
            };
            diags.push(report.diagnostic_at(offset, kind));
            return None;
        }
    };
    if log.runs.is_none() {
        diags.push(report.diagnostic_at(
            Some(0),
            Kind::NotSarif {
                reason: "no `runs` array at the top".into(),
            },
        ));
        return None;
    }
    match log.version.as_ref().and_then(|v| v.as_str()) {
        Some("2.1.0") | None => Some(log),
        Some(other) => {
            diags.push(report.diagnostic_at(
                Some(0),
                Kind::NotSarif {
                    reason: format!("`version` is `{}`, expected `2.1.0`", quote(other)),
                },
            ));
            None
        }
    }
}

/// Byte offset of serde_json's 1-based line and column (in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

fn join_path(prefix: &str, rest: &str) -> String {
    if rest.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}.{rest}")
    }
}

#[allow(clippy::too_many_arguments)]
fn gather_run(
    run: Run,
    r: usize,
    origin: &Origin,
    grouping: Grouping,
    groups: &mut Vec<Group>,
    index: &mut HashMap<Key, usize>,
    skipped: &mut dyn FnMut(String, String),
) {
    let Run {
        tool: t,
        results,
        invocations,
    } = run;
    let t = match t {
        Some(Lenient::Ok(t)) => t,
        Some(Lenient::Bad { path, reason }) => {
            skipped(join_path(&format!("runs[{r}].tool"), &path), reason);
            return;
        }
        None => {
            skipped(format!("runs[{r}]"), "no `tool` names the scanner".into());
            return;
        }
    };
    let tool = t.driver.name.clone();
    let version = t
        .driver
        .version
        .clone()
        .or_else(|| t.driver.semantic_version.clone());
    // Rules of the driver by index (results may name them so), and of the
    // driver and its extensions by id.
    let mut driver_rules: Vec<Option<Rule>> = Vec::new();
    let mut by_id: HashMap<String, (usize, usize)> = HashMap::new();
    let mut extension_rules: Vec<Vec<Option<Rule>>> = Vec::new();
    driver_rules.extend(take_rules(
        t.driver.rules,
        &format!("runs[{r}].tool.driver"),
        skipped,
    ));
    for (e, ext) in t.extensions.unwrap_or_default().into_iter().enumerate() {
        match ext {
            Lenient::Ok(ext) => {
                extension_rules.push(take_rules(
                    ext.rules,
                    &format!("runs[{r}].tool.extensions[{e}]"),
                    skipped,
                ));
            }
            Lenient::Bad { path, reason } => {
                skipped(
                    join_path(&format!("runs[{r}].tool.extensions[{e}]"), &path),
                    reason,
                );
                extension_rules.push(Vec::new());
            }
        }
    }
    // The first rule of an id wins: driver first, then extensions in order.
    for (i, rule) in driver_rules.iter().enumerate() {
        if let Some(rule) = rule {
            by_id.entry(rule.id.clone()).or_insert((0, i));
        }
    }
    for (e, rules) in extension_rules.iter().enumerate() {
        for (i, rule) in rules.iter().enumerate() {
            if let Some(rule) = rule {
                by_id.entry(rule.id.clone()).or_insert((e + 1, i));
            }
        }
    }
    let rule_at = |(set, i): (usize, usize)| -> Option<&Rule> {
        if set == 0 {
            driver_rules.get(i)?.as_ref()
        } else {
            extension_rules.get(set - 1)?.get(i)?.as_ref()
        }
    };
    let observed_at = invocations
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| match i {
            Lenient::Ok(i) => i.end_time_utc.or(i.start_time_utc),
            Lenient::Bad { .. } => None,
        })
        .filter_map(|t| Timestamp::parse(&t).ok())
        .max_by_key(|t| t.0);
    for (n, result) in results.unwrap_or_default().into_iter().enumerate() {
        let at = format!("runs[{r}].results[{n}]");
        let result = match result {
            Lenient::Ok(result) => result,
            Lenient::Bad { path, reason } => {
                skipped(join_path(&at, &path), reason);
                continue;
            }
        };
        // `pass` and `notApplicable` results are not problems.
        if matches!(result.kind.as_deref(), Some("pass" | "notApplicable")) {
            continue;
        }
        let by_index = result
            .rule_index
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| driver_rules.get(i)?.as_ref());
        let rule_id = result
            .rule_id
            .clone()
            .or_else(|| by_index.map(|r| r.id.clone()));
        let Some(rule_id) = rule_id.filter(|id| !id.trim().is_empty()) else {
            skipped(
                at,
                "no `ruleId`, `rule.id` or `ruleIndex` names its rule".into(),
            );
            continue;
        };
        // SARIF allows a hierarchical id (`a/b`) whose first part is the rule.
        let rule = by_id
            .get(&rule_id)
            .copied()
            .and_then(rule_at)
            .or_else(|| {
                let base = rule_id.split('/').next()?;
                by_id.get(base).copied().and_then(rule_at)
            })
            .or(by_index);
        let (severity, decided) = decide(rule, &result);
        let suppressions: Vec<&Suppression> = result
            .suppressions
            .iter()
            .flatten()
            .filter(|s| matches!(s.status.as_deref(), None | Some("accepted")))
            .collect();
        let suppressed = !suppressions.is_empty();
        let secret = may_hold_secrets(&tool, rule);
        let fingerprint = match grouping {
            Grouping::Rule => None,
            Grouping::Result => Some(result.fingerprint.clone()),
        };
        let key: Key = (
            tool.clone(),
            rule_id.clone(),
            suppressed,
            fingerprint.clone(),
        );
        let g = match index.get(&key) {
            Some(&i) => &mut groups[i],
            None => {
                index.insert(key, groups.len());
                groups.push(new_group(
                    &tool,
                    version.as_deref(),
                    &rule_id,
                    rule,
                    &result,
                    (severity, decided.clone()),
                    suppressed,
                    fingerprint,
                    secret,
                ));
                groups.last_mut().expect("pushed")
            }
        };
        // The worst result decides the group's severity.
        if severity < g.severity {
            g.severity = severity;
            g.decided = decided;
        }
        if !g.origins.contains(origin) {
            g.origins.push(origin.clone());
        }
        g.observed_at = g.observed_at.max(observed_at);
        g.count = g.count.saturating_add(1);
        for s in suppressions {
            let words = suppression_words(s);
            if g.suppressions.len() < super::EVIDENCE_ITEMS && !g.suppressions.contains(&words) {
                g.suppressions.push(words);
            }
        }
        let occurrence = occurrence(&result, g.secret);
        if let Some(file) = occurrence.place.split(':').next()
            && !g.files.contains(file)
        {
            g.files.insert(file.to_owned());
        }
        if g.occurrences.len() < EVIDENCE_ITEMS {
            g.occurrences.push(occurrence);
        }
    }
}

/// The rules of a tool component; one that does not fit is skipped
/// (`None`, so the indexes of the others stay right).
fn take_rules(
    rules: Option<Vec<Lenient<Rule>>>,
    at: &str,
    skipped: &mut dyn FnMut(String, String),
) -> Vec<Option<Rule>> {
    rules
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, rule)| match rule {
            Lenient::Ok(rule) => Some(rule),
            Lenient::Bad { path, reason } => {
                skipped(join_path(&format!("{at}.rules[{i}]"), &path), reason);
                None
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn new_group(
    tool: &str,
    version: Option<&str>,
    rule_id: &str,
    rule: Option<&Rule>,
    result: &SarifResult,
    (severity, decided): (Severity, Decided),
    suppressed: bool,
    fingerprint: Option<String>,
    secret: bool,
) -> Group {
    let text = |m: Option<&Message>| {
        m.and_then(|m| m.text.as_deref())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    // Semgrep's short description is boilerplate around the id
    // ("Semgrep Finding: <id>"): the full one says more then.
    let short = text(rule.and_then(|r| r.short_description.as_ref()))
        .filter(|s| !s.contains(rule_id))
        .or_else(|| text(rule.and_then(|r| r.full_description.as_ref())))
        .or_else(|| {
            rule.and_then(|r| r.name.clone())
                .filter(|n| !n.trim().is_empty() && n != rule_id)
        })
        .or_else(|| text(result.message.as_ref()));
    let title = match short {
        Some(s) => format!("{tool} {rule_id}: {}", super::cut(&quote(&s), 100)),
        None => format!("{tool} {rule_id}"),
    };
    let detail = text(rule.and_then(|r| r.full_description.as_ref()))
        .or_else(|| text(result.message.as_ref()))
        .map(|d| escape_markdown(&super::cut(&d, 2000)));
    Group {
        tool: tool.to_owned(),
        version: version.map(str::to_owned),
        rule_id: rule_id.to_owned(),
        title: super::cut(&quote(&title), 120),
        detail,
        severity,
        decided,
        suppressed,
        suppressions: Vec::new(),
        count: 0,
        files: HashSet::new(),
        occurrences: Vec::new(),
        origins: Vec::new(),
        fingerprint,
        observed_at: None,
        secret,
    }
}

fn suppression_words(s: &Suppression) -> String {
    let kind = s.kind.as_deref().unwrap_or("unspecified");
    match s.justification.as_deref().map(str::trim) {
        Some(j) if !j.is_empty() => format!("suppressed ({}): {}", quote(kind), quote(j)),
        _ => format!("suppressed ({}), no justification given", quote(kind)),
    }
}

fn occurrence(result: &SarifResult, secret: bool) -> Occurrence {
    let first = result.location.as_ref();
    let physical = first.and_then(|l| l.physical_location.as_ref());
    let uri = physical
        .and_then(|p| p.artifact_location.as_ref())
        .and_then(|a| a.uri.as_deref());
    let region = physical.and_then(|p| p.region.as_ref());
    let logical = first
        .and_then(|l| l.logical_locations.as_ref())
        .and_then(|l| l.first())
        .and_then(|l| l.fully_qualified_name.as_deref().or(l.name.as_deref()));
    let mut place = match (uri, logical) {
        (Some(uri), _) => quote(uri),
        (None, Some(name)) => quote(name),
        (None, None) => "(no location)".to_owned(),
    };
    if let Some(line) = region.and_then(|r| r.start_line) {
        place.push_str(&format!(":{line}"));
        if let Some(col) = region.and_then(|r| r.start_column) {
            place.push_str(&format!(":{col}"));
        }
    }
    let message = result
        .message
        .as_ref()
        .and_then(|m| m.text.as_deref())
        .map(quote)
        .unwrap_or_default();
    let snippet = if secret {
        None
    } else {
        region
            .and_then(|r| r.snippet.as_ref())
            .and_then(|s| s.text.as_deref())
            .map(quote)
            .filter(|s| !s.is_empty())
    };
    Occurrence {
        place,
        message,
        snippet,
    }
}

fn finding(g: Group, component: &str, ids: &mut super::ids::Ids) -> Finding {
    let mut parts = vec![component, g.tool.as_str(), g.rule_id.as_str()];
    if let Some(fp) = &g.fingerprint {
        parts.push(fp);
    }
    if g.suppressed {
        parts.push("suppressed");
    }
    let id = ids.id(&parts);
    let mut evidence = vec![format!(
        "severity {}, decided by {}",
        g.severity.as_str(),
        g.decided.words()
    )];
    evidence.push(format!(
        "{} in {}",
        plural(g.count, "result"),
        plural(g.files.len(), "file")
    ));
    evidence.extend(g.suppressions.iter().cloned());
    for o in &g.occurrences {
        evidence.push(o.line());
    }
    if g.count > g.occurrences.len() {
        evidence.push(format!("… and {} more", g.count - g.occurrences.len()));
    }
    if g.secret {
        evidence.push("code snippets left out: they may hold secrets".to_owned());
    }
    Finding {
        id,
        component: Some(component.to_owned()),
        title: g.title,
        detail: g.detail,
        severity: g.severity,
        status: if g.suppressed {
            FindingStatus::Accepted
        } else {
            FindingStatus::Open
        },
        source: source(&g.tool, g.version.as_deref(), &g.origins),
        evidence: Some(super::evidence(&evidence)),
        observed_at: g.observed_at,
        first_seen: None,
        // A suppression is an acceptance the scanner's users made: it says
        // why (its justification) and where; it lasts ACCEPTANCE_DAYS from
        // the report's time, so it is looked at again. A report without a
        // time leaves `expires` out, and the build asks for it.
        reason: g.suppressed.then(|| {
            g.suppressions
                .first()
                .cloned()
                .unwrap_or_else(|| "suppressed in the scanner's report".to_owned())
        }),
        accepted_by: g.suppressed.then(|| format!("{} suppression", g.tool)),
        expires: g
            .suppressed
            .then(|| {
                g.observed_at.and_then(|t| {
                    t.0.checked_add_signed(chrono::TimeDelta::days(ACCEPTANCE_DAYS))
                        .map(Timestamp)
                })
            })
            .flatten(),
    }
}

/// How long a suppression imported as an acceptance lasts, from the
/// report's time.
pub const ACCEPTANCE_DAYS: i64 = 90;
