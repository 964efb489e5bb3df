//! JUnit XML reports (pytest, Jest's jest-junit, cargo-nextest, Maven
//! Surefire) → one finding per test suite.
//!
//! The XML is parsed by roxmltree with document type declarations refused,
//! so no entity is ever defined, let alone expanded (a billion-laughs file
//! fails at once). The root is `testsuites` or `testsuite`; suites may
//! nest. Each suite that holds test cases becomes a finding: open (`high`)
//! when a test failed or errored, open (`medium`) when a test passed only
//! after a retry (`flakyFailure`/`flakyError`: instability, not health),
//! open (`low`) when every test was skipped, and `resolved` when all
//! passed: a findings file has no strengths, and a resolved finding keeps
//! the suite's counts as evidence and its id stable, so whatever refers to
//! it still does when the suite goes green or red again.

use std::collections::HashMap;

use roxmltree::{Document, Node, ParsingOptions};

use super::provenance::{Origin, source};
use super::{EVIDENCE_ITEMS, ImportOptions, Report, plural, quote};
use crate::diag::{Diagnostics, Kind, Warning};
use crate::model::{Finding, FindingStatus, Severity, Timestamp};

/// At most this many XML nodes are read from one report (about 40 bytes
/// of memory each beyond the text).
const NODES_MAX: u32 = 20_000_000;

/// Suites nested deeper than this are not read (each suite's name is the
/// path of the names above it, so depth costs its square).
const DEPTH_MAX: usize = 32;

/// How one test case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed,
    Errored,
    Skipped,
    /// Passed on a retry after failing.
    Flaky,
}

impl Outcome {
    fn word(self) -> &'static str {
        match self {
            Outcome::Passed => "PASSED",
            Outcome::Failed => "FAILED",
            Outcome::Errored => "ERROR",
            Outcome::Skipped => "SKIPPED",
            Outcome::Flaky => "FLAKY",
        }
    }
}

/// A suite being gathered (suites of the same name in several files are
/// one).
#[derive(Debug, Default)]
struct Suite {
    name: String,
    tools: Vec<String>,
    tests: usize,
    passed: usize,
    failed: usize,
    errored: usize,
    skipped: usize,
    flaky: usize,
    reruns: usize,
    seconds: f64,
    timed: bool,
    problems: Vec<String>,
    origins: Vec<Origin>,
    observed_at: Option<Timestamp>,
}

/// Imports JUnit reports: one finding per suite with test cases.
pub fn import(
    reports: &[Report],
    options: &ImportOptions,
    diags: &mut Diagnostics,
    warn: &mut dyn FnMut(Warning),
) -> Vec<Finding> {
    let mut suites: Vec<Suite> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for report in reports {
        let opts = ParsingOptions {
            allow_dtd: false,
            nodes_limit: NODES_MAX,
            ..ParsingOptions::default()
        };
        let doc = match Document::parse_with_options(&report.text, opts) {
            Ok(doc) => doc,
            Err(e) => {
                diags.push(xml_error(report, &e));
                continue;
            }
        };
        let root = doc.root_element();
        let root_name = root.tag_name().name();
        if root_name != "testsuites" && root_name != "testsuite" {
            diags.push(report.diagnostic_at(
                Some(root.range().start),
                Kind::NotJunit {
                    root: root_name.to_owned(),
                },
            ));
            continue;
        }
        let origin = Origin {
            file: report.name.clone(),
            sha256: report.sha256.clone(),
        };
        let tool = tool_of(root);
        let file_time = timestamp(root);
        gather(
            report,
            &doc,
            root,
            &tool,
            file_time,
            &origin,
            &mut suites,
            &mut index,
            warn,
        );
    }
    let mut ids = super::ids::Ids::default();
    suites
        .into_iter()
        .map(|s| finding(s, &options.component, &mut ids))
        .collect()
}

fn xml_error(report: &Report, e: &roxmltree::Error) -> crate::diag::Diagnostic {
    if matches!(e, roxmltree::Error::DtdDetected) {
        let at = report.text.find("<!DOCTYPE").unwrap_or(0);
        return report.diagnostic_at(Some(at), Kind::XmlDtd);
    }
    let pos = e.pos();
    let offset = line_col_offset(&report.text, pos.row as usize, pos.col as usize);
    let message = e.to_string();
    // roxmltree ends its words with the position, shown already.
    let message = match message.rsplit_once(" at ") {
        Some((words, tail)) if tail.chars().all(|c| c.is_ascii_digit() || c == ':') => {
            words.to_owned()
        }
        _ => message,
    };
    report.diagnostic_at(
        Some(offset),
        Kind::Syntax {
            format: "XML",
            message,
        },
    )
}

/// Byte offset of a 1-based line and column (in characters).
fn line_col_offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = text[start..].split('\n').next().unwrap_or("");
    start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

/// The runner, when the report says: the root's `name` as pytest
/// (`pytest tests`), jest-junit (`jest tests`) and nextest
/// (`nextest-run`) write it, Surefire's schema location.
fn tool_of(root: Node) -> String {
    let name = root.attribute("name").unwrap_or("");
    let schema = root
        .attributes()
        .find(|a| a.name() == "noNamespaceSchemaLocation")
        .map(|a| a.value())
        .unwrap_or("");
    if name == "pytest tests" || name == "pytest" {
        "pytest".into()
    } else if name == "nextest-run" {
        "cargo-nextest".into()
    } else if name.starts_with("jest") {
        "jest-junit".into()
    } else if schema.contains("surefire") {
        "Maven Surefire".into()
    } else {
        "JUnit XML".into()
    }
}

/// The `timestamp` of an element when it has an offset (local times
/// would mean another instant on every machine).
fn timestamp(node: Node) -> Option<Timestamp> {
    Timestamp::parse(node.attribute("timestamp")?).ok()
}

/// A duration in seconds as runners write it, locale commas included:
/// `1.5`, `1,5`, `1,234.5`, `1.234,5`, `1,234,567`. With both separators
/// the last is the decimal one; a lone comma is a decimal comma (Surefire
/// in a German locale), several are thousands separators.
pub fn seconds(text: &str) -> Option<f64> {
    let t = text.trim();
    let normal: String = match (t.rfind('.'), t.rfind(',')) {
        (Some(d), Some(c)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (None, Some(_)) if t.matches(',').count() == 1 => t.replace(',', "."),
        (None, Some(_)) => t.replace(',', ""),
        _ => t.to_owned(),
    };
    let n: f64 = normal.parse().ok()?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

#[allow(clippy::too_many_arguments)]
fn gather(
    report: &Report,
    doc: &Document,
    root: Node,
    tool: &str,
    file_time: Option<Timestamp>,
    origin: &Origin,
    suites: &mut Vec<Suite>,
    index: &mut HashMap<String, usize>,
    warn: &mut dyn FnMut(Warning),
) {
    // Depth first, by an explicit stack (the nesting is the input's), each
    // suite with the path of suite names above it.
    // A suite's time is its own `timestamp`, else its nearest ancestor's.
    let mut stack: Vec<(Node, Vec<String>, Option<Timestamp>)> =
        vec![(root, Vec::new(), file_time)];
    let mut order: Vec<(Node, Vec<String>, Option<Timestamp>)> = Vec::new();
    while let Some((node, path, time)) = stack.pop() {
        let mut path = path;
        let time = timestamp(node).or(time);
        if node.tag_name().name() == "testsuite" {
            let name = node
                .attribute("name")
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or("(unnamed suite)");
            path.push(quote(name));
        }
        order.push((node, path.clone(), time));
        if path.len() >= DEPTH_MAX {
            let nested = node
                .children()
                .any(|c| c.is_element() && c.tag_name().name() == "testsuite");
            if nested {
                let (line, _) = line_col(doc, node);
                warn(Warning {
                    at: None,
                    file: report.display.clone(),
                    kind: Kind::ImportSkipped {
                        path: format!("line {line}: testsuite"),
                        reason: format!("suites nested more than {DEPTH_MAX} deep are not read"),
                    },
                });
            }
            continue;
        }
        let children: Vec<Node> = node
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "testsuite")
            .collect();
        for child in children.into_iter().rev() {
            stack.push((child, path.clone(), time));
        }
    }
    for (node, path, time) in order {
        let cases: Vec<Node> = node
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "testcase")
            .collect();
        if cases.is_empty() {
            continue;
        }
        let name = if path.is_empty() {
            node.attribute("name")
                .map(quote)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "tests".to_owned())
        } else {
            path.join(" / ")
        };
        let s = match index.get(&name) {
            Some(&i) => &mut suites[i],
            None => {
                index.insert(name.clone(), suites.len());
                suites.push(Suite {
                    name,
                    ..Suite::default()
                });
                suites.last_mut().expect("pushed")
            }
        };
        if !s.tools.iter().any(|t| t == tool) {
            s.tools.push(tool.to_owned());
        }
        if !s.origins.contains(origin) {
            s.origins.push(origin.clone());
        }
        s.observed_at = s.observed_at.max(time);
        let suite_time = node.attribute("time").and_then(seconds);
        let mut case_time = 0.0;
        let mut case_timed = false;
        for case in cases {
            let (outcome, message, reruns) = outcome(case);
            s.tests = s.tests.saturating_add(1);
            s.reruns = s.reruns.saturating_add(reruns);
            match outcome {
                Outcome::Passed => s.passed += 1,
                Outcome::Failed => s.failed += 1,
                Outcome::Errored => s.errored += 1,
                Outcome::Skipped => s.skipped += 1,
                Outcome::Flaky => s.flaky += 1,
            }
            if let Some(t) = case.attribute("time") {
                match seconds(t) {
                    Some(t) => {
                        case_time += t;
                        case_timed = true;
                    }
                    None => {
                        let (line, _) = line_col(doc, case);
                        warn(Warning {
                            at: None,
                            file: report.display.clone(),
                            kind: Kind::ImportSkipped {
                                path: format!("line {line}: testcase `time`"),
                                reason: format!("`{}` is not a duration in seconds", quote(t)),
                            },
                        });
                    }
                }
            }
            let listed = matches!(outcome, Outcome::Failed | Outcome::Errored | Outcome::Flaky);
            if listed && s.problems.len() < EVIDENCE_ITEMS {
                let name = case.attribute("name").unwrap_or("(unnamed test)");
                // jest-junit writes the whole title in both attributes.
                let test = match case.attribute("classname") {
                    Some(c) if !c.is_empty() && !name.starts_with(c) => format!("{c}.{name}"),
                    _ => name.to_owned(),
                };
                let mut line = format!("{} {}", outcome.word(), quote(&test));
                if let Some(m) = message.filter(|m| !m.is_empty()) {
                    line.push_str(": ");
                    line.push_str(&m);
                }
                s.problems.push(line);
            }
        }
        if let Some(t) = suite_time.or(case_timed.then_some(case_time)) {
            s.seconds += t;
            s.timed = true;
        }
    }
}

fn line_col(doc: &Document, node: Node) -> (u32, u32) {
    let pos = doc.text_pos_at(node.range().start);
    (pos.row, pos.col)
}

/// How a test case ended, the first line of its message, and how many
/// reruns failed too.
fn outcome(case: Node) -> (Outcome, Option<String>, usize) {
    let mut outcome = Outcome::Passed;
    let mut message = None;
    let mut flaky_message = None;
    let mut reruns = 0usize;
    for child in case.children().filter(Node::is_element) {
        let this = match child.tag_name().name() {
            "failure" => Some(Outcome::Failed),
            "error" => Some(Outcome::Errored),
            "skipped" => Some(Outcome::Skipped),
            "flakyFailure" | "flakyError" => {
                if flaky_message.is_none() {
                    flaky_message = message_of(child);
                }
                None
            }
            "rerunFailure" | "rerunError" => {
                reruns = reruns.saturating_add(1);
                None
            }
            _ => None,
        };
        // A failure outweighs an error, which outweighs a skip.
        if let Some(this) = this {
            let rank = |o: Outcome| match o {
                Outcome::Failed => 3,
                Outcome::Errored => 2,
                Outcome::Skipped => 1,
                _ => 0,
            };
            if rank(this) > rank(outcome) {
                outcome = this;
                message = message_of(child);
            }
        }
    }
    if outcome == Outcome::Passed && flaky_message.is_some() {
        return (Outcome::Flaky, flaky_message, reruns);
    }
    (outcome, message, reruns)
}

/// The first non-empty line of an element's `message`, else of its text.
fn message_of(node: Node) -> Option<String> {
    let first_line = |t: &str| t.lines().map(str::trim).find(|l| !l.is_empty()).map(quote);
    node.attribute("message")
        .and_then(first_line)
        .or_else(|| node.text().and_then(first_line))
}

fn finding(s: Suite, component: &str, ids: &mut super::ids::Ids) -> Finding {
    let id = ids.id(&[component, "tests", &s.name]);
    let broken = s.failed.saturating_add(s.errored);
    let (severity, status, title) = if broken > 0 {
        (
            Severity::High,
            FindingStatus::Open,
            format!("Tests failing in {}: {broken} of {}", s.name, s.tests),
        )
    } else if s.flaky > 0 {
        (
            Severity::Medium,
            FindingStatus::Open,
            format!(
                "Flaky tests in {}: {} of {} passed only on a retry",
                s.name, s.flaky, s.tests
            ),
        )
    } else if s.passed == 0 {
        (
            Severity::Low,
            FindingStatus::Open,
            format!("No test ran in {}: all {} skipped", s.name, s.tests),
        )
    } else {
        (
            Severity::High,
            FindingStatus::Resolved,
            format!("Tests pass in {}: {} of {}", s.name, s.passed, s.tests),
        )
    };
    let mut counts = vec![
        plural(s.tests, "test"),
        format!("{} passed", s.passed),
        format!("{} failed", s.failed),
        plural(s.errored, "error"),
        format!("{} skipped", s.skipped),
    ];
    if s.flaky > 0 {
        counts.push(format!("{} flaky (passed on a retry)", s.flaky));
    }
    if s.reruns > 0 {
        counts.push(format!("{} on retries", plural(s.reruns, "more failure")));
    }
    let mut evidence = vec![counts.join(", ")];
    if s.timed {
        evidence[0].push_str(&format!(" in {:.3} s", s.seconds));
    }
    evidence.extend(s.problems.iter().cloned());
    let listed = broken.saturating_add(s.flaky);
    if listed > s.problems.len() {
        evidence.push(format!("… and {} more", listed - s.problems.len()));
    }
    Finding {
        id,
        component: Some(component.to_owned()),
        title: super::cut(&title, 120),
        detail: None,
        severity,
        status,
        source: source(&s.tools.join(", "), None, &s.origins),
        evidence: Some(super::evidence(&evidence)),
        observed_at: s.observed_at,
        first_seen: None,
        reason: None,
        accepted_by: None,
        expires: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_with_locale_separators() {
        assert_eq!(seconds("1.5"), Some(1.5));
        assert_eq!(seconds("1,5"), Some(1.5));
        assert_eq!(seconds("1,234.5"), Some(1234.5));
        assert_eq!(seconds("1.234,5"), Some(1234.5));
        assert_eq!(seconds("1,234,567"), Some(1_234_567.0));
        assert_eq!(seconds(" 0.066 "), Some(0.066));
        assert_eq!(seconds("-1"), None);
        assert_eq!(seconds("inf"), None);
        assert_eq!(seconds("soon"), None);
    }
}
