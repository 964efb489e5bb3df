//! The declarative scoring rules: built-in defaults, overridable per section.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Months, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Tone;
use crate::model::{Decision, Health, Horizon, Severity, Status};

/// The built-in rules, as shipped in the binary.
pub const DEFAULT_RULES_TOML: &str = include_str!("default-rules.toml");

/// The complete rule set used to score an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// How a component's score is computed.
    pub score: ScoreRules,
    /// Score bands to health.
    pub health: HealthRules,
    /// Score bands and gates to status.
    pub status: StatusRules,
    /// Component statuses to the overall status.
    pub overall: OverallRules,
    /// Overall status to deployment decision.
    pub decision: DecisionRules,
    /// The risk matrix.
    pub risk: RiskRules,
    /// Horizons: windows and wording.
    pub horizons: HorizonRules,
}

/// `rules.toml` in an assessment folder: any section replaces the built-in one.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    /// Replaces `[score]`.
    pub score: Option<ScoreRules>,
    /// Replaces `[health]`.
    pub health: Option<HealthRules>,
    /// Replaces `[status]`.
    pub status: Option<StatusRules>,
    /// Replaces `[overall]`.
    pub overall: Option<OverallRules>,
    /// Replaces `[decision]`.
    pub decision: Option<DecisionRules>,
    /// Replaces `[risk]`.
    pub risk: Option<RiskRules>,
    /// Replaces `[horizons]`.
    pub horizons: Option<HorizonRules>,
}

/// `[score]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreRules {
    /// The score of a component with no open finding.
    pub start: u32,
    /// Points each open finding of a severity takes away.
    pub weights: SeverityWeights,
}

/// Points per severity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityWeights {
    /// Weight of a critical finding.
    pub critical: u32,
    /// Weight of a high finding.
    pub high: u32,
    /// Weight of a medium finding.
    pub medium: u32,
    /// Weight of a low finding.
    pub low: u32,
    /// Weight of an info finding.
    pub info: u32,
}

impl SeverityWeights {
    /// The weight of one finding of `severity`.
    pub fn of(&self, severity: Severity) -> u32 {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}

/// `[health]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthRules {
    /// Bands, best first; the first whose `min` the score reaches applies.
    pub bands: Vec<HealthBand>,
}

/// One health band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthBand {
    /// The health given.
    pub health: Health,
    /// The lowest score in this band.
    pub min: u32,
}

/// `[status]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusRules {
    /// Lowest score that is GREEN.
    pub green_min: u32,
    /// Lowest score that is YELLOW; below is RED.
    pub yellow_min: u32,
    /// Severities that make the status at least as bad as given.
    #[serde(default)]
    pub gates: Vec<SeverityGate>,
    /// Status forced by an open critical finding without an immediate action.
    pub unplanned_critical: Status,
}

/// An open finding of `severity` makes the status at least `status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityGate {
    /// The severity that trips the gate.
    pub severity: Severity,
    /// The status it forces at least.
    pub status: Status,
}

/// `[overall]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverallRules {
    /// Largest share (0–1) of RED components that still leaves the overall YELLOW.
    pub red_share_max: f64,
    /// Overall status forced by an open critical finding without an immediate action.
    pub unplanned_critical: Status,
}

/// `[decision]`: the decision for each overall status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRules {
    /// Decision when the overall status is GREEN.
    pub green: Decision,
    /// Decision when the overall status is YELLOW.
    pub yellow: Decision,
    /// Decision when the overall status is RED.
    pub red: Decision,
}

impl DecisionRules {
    /// The decision for an overall status.
    pub fn for_status(&self, status: Status) -> Decision {
        match status {
            Status::Green => self.green,
            Status::Yellow => self.yellow,
            Status::Red => self.red,
        }
    }
}

/// `[risk]`: scales, levels and the per-cell grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskRules {
    /// Impact scale, lowest first.
    pub impact: Vec<ScaleStep>,
    /// Likelihood scale, lowest first.
    pub likelihood: Vec<ScaleStep>,
    /// Risk levels, least severe first.
    pub levels: Vec<RiskLevelRule>,
    /// Level id per cell: one row per impact, one entry per likelihood.
    pub cells: Vec<Vec<String>>,
    /// Mitigation priority per cell, same shape as `cells`.
    pub priorities: Vec<Vec<Horizon>>,
}

/// One step of a scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleStep {
    /// The word used in risks.toml.
    pub id: String,
    /// The word printed.
    pub label: String,
}

/// One risk level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskLevelRule {
    /// The word used in `cells`.
    pub id: String,
    /// The word printed.
    pub label: String,
    /// Colour family.
    pub tone: Tone,
}

/// `[horizons]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HorizonRules {
    /// The immediate horizon.
    pub immediate: HorizonRule,
    /// The short-term horizon.
    #[serde(rename = "short-term")]
    pub short_term: HorizonRule,
    /// The long-term horizon.
    #[serde(rename = "long-term")]
    pub long_term: HorizonRule,
}

impl HorizonRules {
    /// The rule of one horizon.
    pub fn get(&self, horizon: Horizon) -> &HorizonRule {
        match horizon {
            Horizon::Immediate => &self.immediate,
            Horizon::ShortTerm => &self.short_term,
            Horizon::LongTerm => &self.long_term,
        }
    }
}

/// One horizon's window and wording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HorizonRule {
    /// How long the horizon gives: `24h`, `14d`, `2w`, `2mo`.
    pub window: Window,
    /// Short label, e.g. "Immediate".
    pub label: String,
    /// Phrase for headings, e.g. "Within 24 hours".
    pub within: String,
}

/// A span of time: hours, days, weeks or calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(with = "String")]
pub enum Window {
    /// A number of hours.
    Hours(u32),
    /// A number of days.
    Days(u32),
    /// A number of calendar months.
    Months(u32),
}

impl Window {
    /// Parses `24h`, `14d`, `2w`, `2mo`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let n: u32 = number.parse().map_err(|_| bad_window(text))?;
        match unit {
            "h" => Ok(Self::Hours(n)),
            "d" => Ok(Self::Days(n)),
            "w" => Ok(Self::Days(n * 7)),
            "mo" => Ok(Self::Months(n)),
            _ => Err(bad_window(text)),
        }
    }

    /// The instant `self` after `from`.
    pub fn after(self, from: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Self::Hours(h) => from + Duration::hours(h.into()),
            Self::Days(d) => from + Duration::days(d.into()),
            Self::Months(m) => from.checked_add_months(Months::new(m)).unwrap_or(from),
        }
    }
}

fn bad_window(text: &str) -> String {
    format!(
        "invalid window `{text}`: expected a number and a unit h, d, w or mo (e.g. `24h`, `2w`, `2mo`)"
    )
}

impl Serialize for Window {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = match self {
            Self::Hours(h) => format!("{h}h"),
            Self::Days(d) if d % 7 == 0 => format!("{}w", d / 7),
            Self::Days(d) => format!("{d}d"),
            Self::Months(m) => format!("{m}mo"),
        };
        s.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Window {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Window::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Rules {
    /// The built-in rules.
    pub fn builtin() -> Rules {
        toml::from_str(DEFAULT_RULES_TOML).expect("the built-in rules are valid")
    }

    /// The built-in rules with the sections a rules file gives replaced.
    pub fn with_overrides(file: RulesFile) -> Rules {
        let mut rules = Rules::builtin();
        let RulesFile {
            score,
            health,
            status,
            overall,
            decision,
            risk,
            horizons,
        } = file;
        rules.score = score.unwrap_or(rules.score);
        rules.health = health.unwrap_or(rules.health);
        rules.status = status.unwrap_or(rules.status);
        rules.overall = overall.unwrap_or(rules.overall);
        rules.decision = decision.unwrap_or(rules.decision);
        rules.risk = risk.unwrap_or(rules.risk);
        rules.horizons = horizons.unwrap_or(rules.horizons);
        rules
    }

    /// Checks the rules' own consistency (grid shapes, level ids, bands).
    /// Each problem is a message naming the offending field.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let risk = &self.risk;
        let (rows, cols) = (risk.impact.len(), risk.likelihood.len());
        if rows == 0 || cols == 0 || risk.levels.is_empty() {
            out.push((
                "risk".into(),
                "the impact and likelihood scales and the levels must not be empty".into(),
            ));
        }
        // The heat map draws this many steps per axis at most (and a
        // bigger grid could not be meant seriously).
        let max = crate::document::chart::MAX_SCALE;
        for (name, len) in [("risk.impact", rows), ("risk.likelihood", cols)] {
            if len > max {
                out.push((
                    name.into(),
                    format!("a scale has at most {max} steps; this one has {len}"),
                ));
            }
        }
        let level_ids: BTreeMap<&str, ()> =
            risk.levels.iter().map(|l| (l.id.as_str(), ())).collect();
        for (name, shape) in [
            ("cells", risk.cells.iter().map(Vec::len).collect::<Vec<_>>()),
            ("priorities", risk.priorities.iter().map(Vec::len).collect()),
        ] {
            if shape.len() != rows || shape.iter().any(|&n| n != cols) {
                out.push((format!("risk.{name}"), format!("expected {rows} rows (one per impact) of {cols} entries (one per likelihood)")));
            }
        }
        for (i, row) in risk.cells.iter().enumerate() {
            for (j, id) in row.iter().enumerate() {
                if !level_ids.contains_key(id.as_str()) {
                    let allowed: Vec<&str> = level_ids.keys().copied().collect();
                    out.push((
                        format!("risk.cells[{i}][{j}]"),
                        format!(
                            "unknown level `{id}`; expected one of {}",
                            allowed.join(", ")
                        ),
                    ));
                }
            }
        }
        if !self.health.bands.iter().any(|b| b.min == 0) {
            out.push((
                "health.bands".into(),
                "one band must have `min = 0` so every score has a health".into(),
            ));
        }
        if self.status.yellow_min > self.status.green_min {
            out.push((
                "status.yellow_min".into(),
                "must not be greater than `green_min`".into(),
            ));
        }
        if !(0.0..=1.0).contains(&self.overall.red_share_max) {
            out.push((
                "overall.red_share_max".into(),
                "must be between 0 and 1".into(),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_are_consistent() {
        assert!(Rules::builtin().problems().is_empty());
    }

    #[test]
    fn scales_the_heat_map_cannot_draw_are_problems() {
        let mut rules = Rules::builtin();
        let step = rules.risk.impact[0].clone();
        rules.risk.impact = vec![step; 13];
        let problems = rules.problems();
        assert!(
            problems
                .iter()
                .any(|(field, m)| field == "risk.impact" && m.contains("at most 12 steps")),
            "{problems:?}"
        );
    }

    #[test]
    fn windows() {
        let t = DateTime::parse_from_rfc3339("2025-09-30T14:57:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            Window::parse("24h").unwrap().after(t).to_rfc3339(),
            "2025-10-01T14:57:00+00:00"
        );
        assert_eq!(
            Window::parse("2w").unwrap().after(t).to_rfc3339(),
            "2025-10-14T14:57:00+00:00"
        );
        assert_eq!(
            Window::parse("2mo").unwrap().after(t).to_rfc3339(),
            "2025-11-30T14:57:00+00:00"
        );
        assert!(Window::parse("2 weeks").is_err());
        assert!(Window::parse("h").is_err());
    }

    #[test]
    fn a_section_replaces_the_builtin_one() {
        let file: RulesFile =
            toml::from_str("[decision]\ngreen = \"go\"\nyellow = \"no-go\"\nred = \"no-go\"")
                .unwrap();
        let rules = Rules::with_overrides(file);
        assert_eq!(rules.decision.yellow, Decision::NoGo);
        assert_eq!(rules.score, Rules::builtin().score);
    }
}
