//! The compact summary `readiness check` prints: a renderer like the others.

use crate::score::ScoredAssessment;

/// The compact summary `readiness check` prints. Text from the input is
/// escaped ([`escape_controls`](crate::diag::escape_controls)): a component
/// name cannot send control sequences to the terminal or forge lines of a
/// CI log.
pub fn summary(a: &ScoredAssessment) -> String {
    use crate::diag::escape_controls as esc;
    use std::fmt::Write;
    let mut out = String::new();
    let o = &a.overall;
    let _ = writeln!(
        out,
        "{} — {} ({})",
        esc(&a.title),
        esc(&a.version),
        a.date.rfc3339()
    );
    let _ = writeln!(
        out,
        "overall {}  decision {}",
        o.status.word(),
        o.decision.word()
    );
    for c in &a.components {
        let over = if c.status != c.rules_status || c.health != c.rules_health {
            format!(
                "  (assessor; rules {} {})",
                c.rules_status.word(),
                c.rules_health.word()
            )
        } else {
            String::new()
        };
        let f = c.open_findings;
        let _ = writeln!(
            out,
            "  {:<7} {:<10} {:>3}  {}  [open: {} critical, {} high, {} medium, {} low]{over}",
            c.status.word(),
            c.health.word(),
            c.score,
            esc(&c.name),
            f.critical,
            f.high,
            f.medium,
            f.low
        );
    }
    if !o.unplanned_critical.is_empty() {
        let _ = writeln!(
            out,
            "critical findings without an immediate action: {}",
            esc(&o.unplanned_critical.join(", "))
        );
    }
    out
}
