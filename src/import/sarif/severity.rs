//! A SARIF result's severity, and what decided it: the rule's
//! `properties.security-severity` in GitHub's buckets, else the result's
//! `level`, else the rule's `defaultConfiguration.level`, else SARIF's
//! default `warning`; levels by the documented table.

use super::log::{Rule, SarifResult};
use crate::model::Severity;

/// What decided a finding's severity, for its evidence.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Decided {
    /// The rule's `properties.security-severity`.
    SecuritySeverity(f64),
    /// The result's `level`.
    ResultLevel(&'static str),
    /// The rule's `defaultConfiguration.level`.
    RuleDefault(&'static str),
    /// Nothing: SARIF's default `warning`.
    Default,
}

impl Decided {
    pub(super) fn words(&self) -> String {
        match self {
            Decided::SecuritySeverity(s) => {
                format!("the rule's security-severity {s}")
            }
            Decided::ResultLevel(l) => format!("the result's level \"{l}\""),
            Decided::RuleDefault(l) => {
                format!("the rule's defaultConfiguration.level \"{l}\"")
            }
            Decided::Default => "SARIF's default level \"warning\" (none given)".to_owned(),
        }
    }
}

/// GitHub's buckets for a CVSS-like score, 0 to 10.
pub(super) fn bucket(score: f64) -> Severity {
    if score >= 9.0 {
        Severity::Critical
    } else if score >= 7.0 {
        Severity::High
    } else if score >= 4.0 {
        Severity::Medium
    } else if score > 0.0 {
        Severity::Low
    } else {
        Severity::Info
    }
}

/// A SARIF level, normalised, or `None` for a word SARIF does not have.
pub(super) fn level(word: Option<&str>) -> Option<&'static str> {
    match word? {
        "error" => Some("error"),
        "warning" => Some("warning"),
        "note" => Some("note"),
        "none" => Some("none"),
        _ => None,
    }
}

/// The documented table: `error` → high, `warning` → medium, `note` →
/// low, `none` → info.
pub(super) fn level_severity(level: &str) -> Severity {
    match level {
        "error" => Severity::High,
        "warning" => Severity::Medium,
        "note" => Severity::Low,
        _ => Severity::Info,
    }
}

/// A `security-severity` as a score from 0 to 10, when it is one.
pub(super) fn security_score(v: &serde_json::Value) -> Option<f64> {
    let n = match v {
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok()?,
        serde_json::Value::Number(n) => n.as_f64()?,
        _ => return None,
    };
    (n.is_finite() && (0.0..=10.0).contains(&n)).then_some(n)
}

pub(super) fn decide(rule: Option<&Rule>, result: &SarifResult) -> (Severity, Decided) {
    if let Some(score) = rule
        .and_then(|r| r.properties.as_ref())
        .and_then(|p| p.security_severity.as_ref())
        .and_then(security_score)
    {
        return (bucket(score), Decided::SecuritySeverity(score));
    }
    if let Some(l) = level(result.level.as_deref()) {
        return (level_severity(l), Decided::ResultLevel(l));
    }
    if let Some(l) = level(
        rule.and_then(|r| r.default_configuration.as_ref())
            .and_then(|c| c.level.as_deref()),
    ) {
        return (level_severity(l), Decided::RuleDefault(l));
    }
    (Severity::Medium, Decided::Default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_severity_buckets_follow_github() {
        assert_eq!(bucket(10.0), Severity::Critical);
        assert_eq!(bucket(9.0), Severity::Critical);
        assert_eq!(bucket(8.9), Severity::High);
        assert_eq!(bucket(7.0), Severity::High);
        assert_eq!(bucket(6.9), Severity::Medium);
        assert_eq!(bucket(4.0), Severity::Medium);
        assert_eq!(bucket(3.9), Severity::Low);
        assert_eq!(bucket(0.1), Severity::Low);
        assert_eq!(bucket(0.0), Severity::Info);
        assert_eq!(security_score(&serde_json::json!("8.8")), Some(8.8));
        assert_eq!(security_score(&serde_json::json!(9)), Some(9.0));
        assert_eq!(security_score(&serde_json::json!("high")), None);
        assert_eq!(security_score(&serde_json::json!("11")), None);
        assert_eq!(security_score(&serde_json::json!("NaN")), None);
    }

    #[test]
    fn levels_map_by_the_table() {
        assert_eq!(level_severity("error"), Severity::High);
        assert_eq!(level_severity("warning"), Severity::Medium);
        assert_eq!(level_severity("note"), Severity::Low);
        assert_eq!(level_severity("none"), Severity::Info);
        assert_eq!(level(Some("fatal")), None);
    }
}
