//! What `check` prints: the gate results as text (after the summary), as
//! JSON for bots and ticket automation, or as GitHub annotations with a
//! Markdown step summary.

use serde::Serialize;

use super::GateResult;
use crate::diag::escape_controls as esc;
use crate::document::escape::escape_markdown;
use crate::model::{Decision, Health, Status};
use crate::score::{Changes, ScoredAssessment};

/// The gate results in words, one block per gate, for the terminal.
pub fn text(results: &[GateResult]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for r in results {
        let verdict = if r.tripped { "TRIPPED" } else { "passed" };
        let _ = writeln!(out, "gate `{}` {verdict}: {}", r.gate, esc(&r.rule));
        if let Some(note) = &r.note {
            let _ = writeln!(out, "  note: {note}");
        }
        if r.tripped {
            for (what, ids) in [
                ("components", &r.components),
                ("findings", &r.findings),
                ("actions", &r.actions),
            ] {
                if !ids.is_empty() {
                    let _ = writeln!(out, "  {what}: {}", esc(&ids.join(", ")));
                }
            }
        }
    }
    out
}

/// A line per kind of change since the baseline, for the terminal.
pub fn changes_text(changes: &Changes) -> String {
    use crate::score::changes::{ActionChangeKind as A, FindingChangeKind as F};
    let count_f = |k: F| changes.findings.iter().filter(|f| f.kind == k).count();
    let count_a = |k: A| changes.actions.iter().filter(|x| x.kind == k).count();
    format!(
        "since {}: {} new, {} resolved, {} reopened, {} no longer reported findings; {} actions done, {} newly overdue; overall {} → {}, decision {} → {}\n",
        changes.baseline_date.rfc3339(),
        count_f(F::New),
        count_f(F::Resolved),
        count_f(F::Reopened),
        count_f(F::NoLongerReported),
        count_a(A::Done),
        count_a(A::NewlyOverdue),
        changes.overall.status_before.word(),
        changes.overall.status.word(),
        changes.overall.decision_before.word(),
        changes.overall.decision.word(),
    )
}

#[derive(Serialize)]
struct ComponentVerdict<'a> {
    id: &'a str,
    name: &'a str,
    status: Status,
    health: Health,
    score: u32,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    id: &'a str,
    date: String,
    status: Status,
    decision: Decision,
    components: Vec<ComponentVerdict<'a>>,
    changes: Option<&'a Changes>,
    gates: &'a [GateResult],
    tripped: bool,
}

/// `check --format json`: the verdicts, the changes since the baseline
/// (null without one) and each gate's result.
pub fn json(a: &ScoredAssessment, results: &[GateResult]) -> String {
    let doc = CheckJson {
        id: &a.id,
        date: a.date.rfc3339(),
        status: a.overall.status,
        decision: a.overall.decision,
        components: a
            .components
            .iter()
            .map(|c| ComponentVerdict {
                id: &c.id,
                name: &c.name,
                status: c.status,
                health: c.health,
                score: c.score,
            })
            .collect(),
        changes: a.changes.as_ref(),
        gates: results,
        tripped: results.iter().any(|r| r.tripped),
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("serializes");
    text.push('\n');
    text
}

/// Escapes the message of a GitHub workflow command.
fn command_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a GitHub workflow command.
fn command_property(text: &str) -> String {
    command_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `check --format github`: an `::error` annotation per tripped gate (a
/// `::notice` with the verdict otherwise).
pub fn github_annotations(a: &ScoredAssessment, results: &[GateResult]) -> String {
    let mut out = String::new();
    for r in results.iter().filter(|r| r.tripped) {
        let mut message = format!("gate `{}` tripped: {}", r.gate, r.rule);
        for (what, ids) in [
            ("components", &r.components),
            ("findings", &r.findings),
            ("actions", &r.actions),
        ] {
            if !ids.is_empty() {
                message.push_str(&format!("; {what}: {}", ids.join(", ")));
            }
        }
        out.push_str(&format!(
            "::error title={}::{}\n",
            command_property(&format!("readiness gate {}", r.gate)),
            command_data(&message)
        ));
    }
    out.push_str(&format!(
        "::notice title={}::{}\n",
        command_property(&format!("readiness {}", a.id)),
        command_data(&format!(
            "overall {}, decision {}",
            a.overall.status.word(),
            a.overall.decision.word()
        ))
    ));
    out
}

/// The Markdown step summary of `check --format github`: the verdict,
/// what changed since the baseline and each gate. Text from the input is
/// escaped for Markdown.
pub fn github_summary(a: &ScoredAssessment, results: &[GateResult]) -> String {
    use std::fmt::Write;
    let md = |t: &str| escape_markdown(t);
    let mut out = String::new();
    let _ = writeln!(out, "## readiness: {}\n", md(&a.title));
    let _ = writeln!(
        out,
        "**Overall**: {} · **Decision**: {} · assessed {}\n",
        a.overall.status.word(),
        a.overall.decision.word(),
        a.date.rfc3339()
    );
    if let Some(changes) = &a.changes {
        let _ = writeln!(out, "{}", md(changes_text(changes).trim_end()));
        let _ = writeln!(out);
    }
    if !results.is_empty() {
        let _ = writeln!(out, "| Gate | Result | Rule | On |");
        let _ = writeln!(out, "|------|--------|------|----|");
        for r in results {
            let on: Vec<String> = r
                .components
                .iter()
                .chain(&r.findings)
                .chain(&r.actions)
                .map(|id| format!("`{id}`"))
                .collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                r.gate,
                if r.tripped {
                    "❌ tripped"
                } else {
                    "✅ passed"
                },
                md(&r.rule),
                if on.is_empty() {
                    "—".to_owned()
                } else {
                    on.join(", ")
                }
            );
        }
        let _ = writeln!(out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_cannot_be_forged() {
        assert_eq!(command_data("a%b\nc\r"), "a%25b%0Ac%0D");
        assert_eq!(command_property("x: y, z"), "x%3A y%2C z");
    }
}
