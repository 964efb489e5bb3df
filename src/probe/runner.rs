//! Runs the probes of a file: a bounded pool of workers, every attempt
//! bounded in time, retries, and one finding per probe in declaration
//! order whatever order they finish in.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::condition::{Condition, Found, ProbeKind};
use super::{CheckedFile, CheckedProbe};
use crate::model::{Finding, FindingStatus, Severity, Timestamp};

/// Why a probe failed, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The connection was refused.
    Refused,
    /// Something took longer than the timeout.
    Timeout,
    /// The name did not resolve.
    Dns,
    /// The TLS handshake or certificate verification failed.
    Tls,
    /// Too many redirects.
    Redirect,
    /// An HTTP status condition failed.
    Status,
    /// Another condition failed.
    Condition,
    /// Any other I/O or protocol error.
    Io,
}

impl Reason {
    /// The word written in evidence and the summary.
    pub fn word(self) -> &'static str {
        match self {
            Reason::Refused => "refused",
            Reason::Timeout => "timeout",
            Reason::Dns => "dns",
            Reason::Tls => "tls",
            Reason::Redirect => "redirect",
            Reason::Status => "status",
            Reason::Condition => "condition",
            Reason::Io => "io",
        }
    }
}

/// What went wrong while observing (not a condition: the observation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The reason word.
    pub reason: Reason,
    /// What happened (secrets already masked).
    pub message: String,
}

impl Failure {
    /// A failure.
    pub fn new(reason: Reason, message: String) -> Failure {
        Failure {
            reason,
            message: super::redact::text(&message),
        }
    }
}

/// One condition's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The condition as written.
    pub text: String,
    /// What was expected (`== 200`).
    pub expected: String,
    /// What was found.
    pub found: String,
    /// Whether it holds.
    pub passed: bool,
    /// The placeholder, for the reason word.
    pub placeholder: &'static str,
    /// Recorded, not judged: a per-request condition of an HTTP probe
    /// whose `[SUCCESS_RATIO]` condition decides.
    pub informative: bool,
}

/// Evaluates `condition` on `found`.
pub fn check(condition: &Condition, found: &Found) -> Check {
    Check {
        text: condition.text.clone(),
        expected: condition.expected_text(),
        found: found.to_string(),
        passed: condition.holds(found),
        placeholder: condition.placeholder,
        informative: false,
    }
}

/// One attempt of a probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// What was observed, in a line.
    pub summary: String,
    /// What went wrong while observing, if anything.
    pub failure: Option<Failure>,
    /// Each condition's outcome; empty when nothing could be observed.
    pub checks: Vec<Check>,
}

impl Attempt {
    /// An attempt that observed nothing.
    pub fn failed(failure: Failure) -> Attempt {
        Attempt {
            summary: String::new(),
            failure: Some(failure),
            checks: Vec::new(),
        }
    }

    /// Whether every condition holds.
    pub fn passed(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.passed)
    }

    /// The reason word of a failed attempt.
    pub fn reason(&self) -> Option<Reason> {
        if self.passed() {
            return None;
        }
        Some(
            match (&self.failure, self.checks.iter().find(|c| !c.passed)) {
                (Some(f), _) => f.reason,
                (None, Some(c)) if c.placeholder == "STATUS" => Reason::Status,
                _ => Reason::Condition,
            },
        )
    }
}

/// A probe's outcome and the finding it writes.
#[derive(Debug, Clone)]
pub struct ProbeResult {
    /// The finding id.
    pub id: String,
    /// Its kind.
    pub kind: ProbeKind,
    /// Passed (possibly after retries).
    pub passed: bool,
    /// Attempts made.
    pub attempts: u32,
    /// The last attempt.
    pub last: Attempt,
    /// Wall time of all attempts.
    pub elapsed: Duration,
    /// The finding written.
    pub finding: Finding,
}

impl ProbeResult {
    /// `pass`, `flapping`, or the reason word of the failure.
    pub fn verdict(&self) -> &'static str {
        match (self.passed, self.attempts) {
            (true, 1) => "pass",
            (true, _) => "flapping",
            _ => self.last.reason().map_or("fail", Reason::word),
        }
    }
}

/// How long the runner waits for an attempt before calling it a timeout,
/// beyond what the probe itself enforces.
const GRACE: Duration = Duration::from_secs(2);

/// Runs one attempt of `probe` on its own thread, bounded in time: a
/// probe that does not honour its timeout is abandoned, never waited for.
fn bounded_attempt(probe: &CheckedProbe, base: &Path) -> Attempt {
    let rounds = probe.probe.http.as_ref().map_or(1, |h| {
        let requests = h.requests.unwrap_or(1).max(1);
        let concurrency = h.concurrency.unwrap_or(1).clamp(1, requests);
        requests.div_ceil(concurrency)
    });
    let bound = probe.timeout.saturating_mul(rounds) + GRACE;
    let (tx, rx) = mpsc::channel();
    let (p, base) = (probe.clone(), base.to_path_buf());
    let spawned = std::thread::Builder::new()
        .name(format!("probe-{}", probe.kind.name()))
        .spawn(move || {
            let _ = tx.send(attempt(&p, &base));
        });
    if let Err(e) = spawned {
        return Attempt::failed(Failure::new(
            Reason::Io,
            format!("cannot start a thread: {e}"),
        ));
    }
    match rx.recv_timeout(bound) {
        Ok(a) => a,
        Err(mpsc::RecvTimeoutError::Timeout) => Attempt::failed(Failure::new(
            Reason::Timeout,
            format!(
                "no result within {}",
                super::condition::duration(bound.as_millis() as f64)
            ),
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Attempt::failed(Failure::new(
            Reason::Io,
            "the probe stopped unexpectedly (a bug in readiness)".into(),
        )),
    }
}

/// One attempt of `probe`, by kind.
fn attempt(p: &CheckedProbe, base: &Path) -> Attempt {
    let (c, t) = (&p.conditions, p.timeout);
    let probe = &p.probe;
    match p.kind {
        ProbeKind::Tcp => super::tcp::attempt(probe.tcp.as_ref().expect("kind"), c, t),
        ProbeKind::Http => super::http::attempt(probe.http.as_ref().expect("kind"), c, t, base),
        ProbeKind::Tls => super::tls::attempt(probe.tls.as_ref().expect("kind"), c, t, base),
        ProbeKind::Dns => super::dns::attempt(probe.dns.as_ref().expect("kind"), c, t),
        ProbeKind::Command => {
            super::command::attempt(probe.command.as_ref().expect("kind"), c, t, base)
        }
        ProbeKind::File => super::file::attempt(probe.file.as_ref().expect("kind"), c, base),
    }
}

/// Runs `probe` with its retries and makes its finding.
pub fn run_probe(probe: &CheckedProbe, base: &Path, at: Timestamp) -> ProbeResult {
    let start = Instant::now();
    let tries = u32::from(probe.retries) + 1;
    let mut attempts = 0;
    let mut last;
    loop {
        attempts += 1;
        last = bounded_attempt(probe, base);
        if last.passed() || attempts >= tries {
            break;
        }
    }
    let passed = last.passed();
    let finding = finding(probe, &last, passed, attempts, tries, at);
    ProbeResult {
        id: probe.probe.id.clone(),
        kind: probe.kind,
        passed,
        attempts,
        last,
        elapsed: start.elapsed(),
        finding,
    }
}

/// The finding a probe's outcome becomes.
fn finding(
    probe: &CheckedProbe,
    last: &Attempt,
    passed: bool,
    attempts: u32,
    tries: u32,
    at: Timestamp,
) -> Finding {
    let p = &probe.probe;
    let flapping = passed && attempts > 1;
    let mut evidence = Vec::new();
    if let Some(reason) = last.reason() {
        let what = last
            .failure
            .as_ref()
            .map_or("a condition does not hold", |f| f.message.as_str());
        evidence.push(format!("FAILED ({}): {what}", reason.word()));
    } else if let Some(f) = &last.failure {
        evidence.push(format!("{} ({})", f.message, f.reason.word()));
    }
    if !last.summary.is_empty() {
        evidence.push(last.summary.clone());
    }
    for c in &last.checks {
        evidence.push(format!(
            "{}: expected {}, found {} ({})",
            c.text,
            c.expected,
            c.found,
            match (c.informative, c.passed) {
                (true, _) => "counted in [SUCCESS_RATIO]",
                (false, true) => "ok",
                (false, false) => "not met",
            }
        ));
    }
    if tries > 1 {
        evidence.push(format!("attempt {attempts} of {tries}"));
    }
    let (status, severity, title, detail) = if flapping {
        (
            FindingStatus::Open,
            Severity::Medium,
            format!("{} (flapping)", p.title),
            Some(format!(
                "Passed only on attempt {attempts} of {tries}: the check is unstable. When it passes: {}",
                p.pass
            )),
        )
    } else if passed {
        (
            FindingStatus::Resolved,
            p.severity,
            p.title.clone(),
            Some(p.pass.clone()),
        )
    } else {
        (
            FindingStatus::Open,
            p.severity,
            p.title.clone(),
            p.detail.clone(),
        )
    };
    Finding {
        id: p.id.clone(),
        component: Some(probe.component.clone()),
        title,
        detail,
        severity,
        status,
        source: format!("probe:{}", probe.kind.name()),
        evidence: Some(evidence.join("; ")),
        observed_at: Some(at),
        first_seen: None,
        reason: None,
        accepted_by: None,
        expires: None,
    }
}

/// Runs every probe of `file`, at most `max_concurrent` at a time, and
/// returns their results in declaration order. `done` is called as each
/// finishes (in finishing order), with how many have finished.
pub fn run_file(
    file: &CheckedFile,
    at: Timestamp,
    max_concurrent: usize,
    done: &mut dyn FnMut(usize, &ProbeResult),
) -> Vec<ProbeResult> {
    let n = file.probes.len();
    let workers = max_concurrent.clamp(1, n.max(1));
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<ProbeResult>> = vec![None; n];
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(probe) = file.probes.get(i) else {
                        break;
                    };
                    if tx.send((i, run_probe(probe, &file.base, at))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut finished = 0;
        for (i, result) in rx {
            finished += 1;
            done(finished, &result);
            results[i] = Some(result);
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every probe ran"))
        .collect()
}

/// The end-of-run table: one row per probe, in declaration order.
pub fn summary_table(results: &[ProbeResult]) -> String {
    let width = |f: &dyn Fn(&ProbeResult) -> usize, title: usize| {
        results.iter().map(f).max().unwrap_or(0).max(title)
    };
    let id_w = width(&|r| r.id.chars().count(), 2);
    let kind_w = width(&|r| r.kind.name().len(), 4);
    let verdict_w = width(&|r| r.verdict().len(), 6);
    let mut out = format!(
        "{:id_w$}  {:kind_w$}  {:verdict_w$}  {:>8}  {}\n",
        "id", "kind", "result", "time", "attempts"
    );
    for r in results {
        out.push_str(&format!(
            "{:id_w$}  {:kind_w$}  {:verdict_w$}  {:>8}  {}\n",
            crate::diag::escape_controls(&r.id),
            r.kind.name(),
            r.verdict(),
            super::condition::duration(r.elapsed.as_secs_f64() * 1000.0),
            r.attempts
        ));
    }
    let passed = results
        .iter()
        .filter(|r| r.passed && r.attempts == 1)
        .count();
    out.push_str(&format!(
        "{} probe{}: {passed} passed, {} failed or flapping\n",
        results.len(),
        if results.len() == 1 { "" } else { "s" },
        results.len() - passed
    ));
    out
}
