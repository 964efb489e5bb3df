//! The declarative scoring rules: built-in defaults, overridable per section.

use std::collections::BTreeMap;

use chrono::{DateTime, Months, TimeDelta, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diag::Kind;
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
    /// What closing findings changes.
    pub resolution: ResolutionRules,
    /// What open checklist items do to the decision.
    pub checklist: ChecklistRules,
}

/// `rules.toml` in an assessment folder: the sections and keys it gives
/// replace the built-in ones; a table (a section, `weights`, a horizon) is
/// merged key by key, anything else (a number, a word, an array) is
/// replaced whole. Its schema ([`rules_file_schema`]) requires no key of a
/// section; the merged rules are read as [`Rules`].
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    /// Keys of `[score]`.
    pub score: Option<ScoreRules>,
    /// Keys of `[health]`.
    pub health: Option<HealthRules>,
    /// Keys of `[status]`.
    pub status: Option<StatusRules>,
    /// Keys of `[overall]`.
    pub overall: Option<OverallRules>,
    /// Keys of `[decision]`.
    pub decision: Option<DecisionRules>,
    /// Keys of `[risk]`.
    pub risk: Option<RiskRules>,
    /// Keys of `[horizons]`.
    pub horizons: Option<HorizonRules>,
    /// Keys of `[resolution]`.
    pub resolution: Option<ResolutionRules>,
    /// Keys of `[checklist]`.
    pub checklist: Option<ChecklistRules>,
}

/// The tables of the rules that a rules file may give in part.
const PARTIAL_TABLES: &[&str] = &[
    "ScoreRules",
    "SeverityWeights",
    "HealthRules",
    "StatusRules",
    "OverallRules",
    "DecisionRules",
    "RiskRules",
    "HorizonRules",
    "HorizonRule",
    "ResolutionRules",
    "ChecklistRules",
];

/// The JSON Schema of a rules file: [`RulesFile`] with no key of a section
/// (or of a table inside one) required, since the built-in rules fill in
/// what is left out. Items of arrays (bands, gates, scale steps, levels)
/// replace the built-in array whole and keep their required keys.
pub fn rules_file_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(RulesFile).to_value();
    if let Some(defs) = schema.get_mut("$defs").and_then(|d| d.as_object_mut()) {
        for name in PARTIAL_TABLES {
            if let Some(def) = defs.get_mut(*name).and_then(|d| d.as_object_mut()) {
                def.remove("required");
            }
        }
    }
    schema
}

/// Merges `over` into `base`: objects key by key, anything else replaced.
fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(base), serde_json::Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(&key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, over) => *base = over,
    }
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

/// `[resolution]`: what closing findings changes. A finding is closed
/// when it is resolved or accepted, or no longer reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolutionRules {
    /// A key issue whose findings are all closed is shown as resolved,
    /// out of the critical list.
    pub close_key_issues: bool,
    /// A risk whose findings are all closed is mitigated: it no longer
    /// sets its components' risk level.
    pub mitigate_risks: bool,
}

/// `[checklist]`: what open items of the pre-deployment checklist do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRules {
    /// Which open items hold a GO at CONDITIONAL GO.
    pub holds_decision: ChecklistHold,
}

/// Which open checklist items hold the decision at CONDITIONAL GO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChecklistHold {
    /// None: the checklist does not affect the decision.
    None,
    /// Items tied to an immediate action.
    ImmediateActions,
    /// Every open item.
    All,
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
            "w" => n.checked_mul(7).map(Self::Days).ok_or_else(|| {
                format!(
                    "invalid window `{text}`: too long; at most {}w",
                    u32::MAX / 7
                )
            }),
            "mo" => Ok(Self::Months(n)),
            _ => Err(bad_window(text)),
        }
    }

    /// The instant `self` after `from`, or `None` after the year 9999
    /// (validation reports that, see [`Rules::horizon_problems`]).
    pub fn after(self, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let end = match self {
            Self::Hours(h) => from.checked_add_signed(TimeDelta::try_hours(h.into())?),
            Self::Days(d) => from.checked_add_signed(TimeDelta::try_days(d.into())?),
            Self::Months(m) => from.checked_add_months(Months::new(m)),
        }?;
        (end <= last_date()).then_some(end)
    }
}

/// The last instant the outputs can write: RFC 3339 dates have four-digit
/// years, and a later date would fail the build in the templates.
pub fn last_date() -> DateTime<Utc> {
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .expect("9999-12-31T23:59:59 exists")
        .and_utc()
}

fn bad_window(text: &str) -> String {
    format!(
        "invalid window `{text}`: expected a number and a unit h, d, w or mo (e.g. `24h`, `2w`, `2mo`)"
    )
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Hours(h) => write!(f, "{h}h"),
            Self::Days(d) if d % 7 == 0 && *d > 0 => write!(f, "{}w", d / 7),
            Self::Days(d) => write!(f, "{d}d"),
            Self::Months(m) => write!(f, "{m}mo"),
        }
    }
}

impl Serialize for Window {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
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

    /// The built-in rules with a rules file's keys merged over them, as
    /// a value to read as [`Rules`] (see [`RulesFile`] for how they merge).
    pub fn merged_value(file: serde_json::Value) -> serde_json::Value {
        let mut value = serde_json::to_value(Rules::builtin()).expect("rules are JSON");
        merge(&mut value, file);
        value
    }

    /// Checks the rules' own consistency (scales, grid shapes, level ids,
    /// bands). Each problem names the offending field with its indices.
    pub fn problems(&self) -> Vec<RulesProblem> {
        let mut out = Vec::new();
        let mut push = |field: String, kind: Kind, first: Option<String>| {
            out.push(RulesProblem { field, kind, first })
        };
        let risk = &self.risk;
        for (name, steps) in [
            (
                "impact",
                risk.impact
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>(),
            ),
            (
                "likelihood",
                risk.likelihood.iter().map(|s| s.id.as_str()).collect(),
            ),
            (
                "levels",
                risk.levels.iter().map(|l| l.id.as_str()).collect(),
            ),
        ] {
            if steps.is_empty() {
                push(format!("risk.{name}"), Kind::EmptyList, None);
            }
            let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
            for (i, id) in steps.iter().enumerate() {
                if let Some(first) = seen.get(id) {
                    let what = if name == "levels" { "level" } else { name };
                    push(
                        format!("risk.{name}[{i}].id"),
                        Kind::Duplicate {
                            what,
                            id: id.to_string(),
                        },
                        Some(format!("risk.{name}[{first}].id")),
                    );
                } else {
                    seen.insert(id, i);
                }
            }
        }
        let (rows, cols) = (risk.impact.len(), risk.likelihood.len());
        // The heat map draws this many steps per axis at most (and a
        // bigger grid could not be meant seriously).
        let max = crate::document::chart::MAX_SCALE;
        for (name, len) in [("risk.impact", rows), ("risk.likelihood", cols)] {
            if len > max {
                push(name.into(), Kind::TooManySteps { len, max }, None);
            }
        }
        for (name, shape) in [
            ("cells", risk.cells.iter().map(Vec::len).collect::<Vec<_>>()),
            ("priorities", risk.priorities.iter().map(Vec::len).collect()),
        ] {
            if shape.len() != rows {
                push(
                    format!("risk.{name}"),
                    Kind::GridRows {
                        expected: rows,
                        found: shape.len(),
                    },
                    None,
                );
            }
            for (i, &n) in shape.iter().enumerate() {
                if n != cols {
                    push(
                        format!("risk.{name}[{i}]"),
                        Kind::GridEntries {
                            expected: cols,
                            found: n,
                        },
                        None,
                    );
                }
            }
        }
        let level_ids: Vec<String> = risk.levels.iter().map(|l| l.id.clone()).collect();
        if !level_ids.is_empty() {
            for (i, row) in risk.cells.iter().enumerate() {
                for (j, id) in row.iter().enumerate() {
                    if !level_ids.contains(id) {
                        push(
                            format!("risk.cells[{i}][{j}]"),
                            Kind::UnknownWord {
                                what: "level".into(),
                                word: id.clone(),
                                expected: level_ids.clone(),
                            },
                            None,
                        );
                    }
                }
            }
        }
        if !self.health.bands.iter().any(|b| b.min == 0) {
            push("health.bands".into(), Kind::NoZeroBand, None);
        }
        if self.status.yellow_min > self.status.green_min {
            push(
                "status.yellow_min".into(),
                Kind::YellowAboveGreen {
                    green_min: self.status.green_min,
                },
                None,
            );
        }
        if !(0.0..=1.0).contains(&self.overall.red_share_max) {
            push("overall.red_share_max".into(), Kind::ShareOutOfRange, None);
        }
        out
    }

    /// Checks the horizon windows counted from the assessment `date`: each
    /// must end after `date` (no `0h`), by the year 9999 (see
    /// [`last_date`]), and after the horizon before it. Scoring and the
    /// timelines rely on all three. Each problem names the offending field.
    pub fn horizon_problems(&self, date: DateTime<Utc>) -> Vec<RulesProblem> {
        let mut out = Vec::new();
        let mut previous: Option<(&'static str, Window, DateTime<Utc>)> = None;
        for (name, horizon) in [
            ("immediate", Horizon::Immediate),
            ("short-term", Horizon::ShortTerm),
            ("long-term", Horizon::LongTerm),
        ] {
            let window = self.horizons.get(horizon).window;
            let field = format!("horizons.{name}.window");
            let mut push = |kind: Kind| {
                out.push(RulesProblem {
                    field: field.clone(),
                    kind,
                    first: None,
                })
            };
            let Some(end) = window.after(date) else {
                push(Kind::WindowTooLong {
                    window: window.to_string(),
                    date: date.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                });
                previous = None;
                continue;
            };
            if end <= date {
                push(Kind::ZeroWindow {
                    window: window.to_string(),
                });
            } else if let Some((before, before_window, before_end)) = previous
                && end <= before_end
            {
                push(Kind::WindowOutOfOrder {
                    window: window.to_string(),
                    before,
                    before_window: before_window.to_string(),
                });
            }
            previous = Some((name, window, end));
        }
        out
    }
}

/// A problem of a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesProblem {
    /// The field, with indices: `risk.cells[3][3]`.
    pub field: String,
    /// What is wrong.
    pub kind: Kind,
    /// Where the value this one repeats is, for duplicates.
    pub first: Option<String>,
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
        rules.risk.impact = (0..13)
            .map(|i| {
                let mut s = step.clone();
                s.id = format!("s{i}");
                s
            })
            .collect();
        let problems = rules.problems();
        assert!(
            problems.iter().any(|p| p.field == "risk.impact"
                && p.kind.to_string() == "a scale has at most 12 steps; this one has 13"),
            "{problems:?}"
        );
    }

    #[test]
    fn windows() {
        let t = DateTime::parse_from_rfc3339("2025-09-30T14:57:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            Window::parse("24h").unwrap().after(t).unwrap().to_rfc3339(),
            "2025-10-01T14:57:00+00:00"
        );
        assert_eq!(
            Window::parse("2w").unwrap().after(t).unwrap().to_rfc3339(),
            "2025-10-14T14:57:00+00:00"
        );
        assert_eq!(
            Window::parse("2mo").unwrap().after(t).unwrap().to_rfc3339(),
            "2025-11-30T14:57:00+00:00"
        );
        assert!(Window::parse("2 weeks").is_err());
        assert!(Window::parse("h").is_err());
    }

    /// Regression: huge windows panicked (`4294967295h`, `4294967295d`) or
    /// wrapped silently (`613566757w` was `3d`).
    #[test]
    fn window_arithmetic_is_checked() {
        let t = DateTime::parse_from_rfc3339("2025-09-30T14:57:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let e = Window::parse("613566757w").unwrap_err();
        assert_eq!(
            e,
            "invalid window `613566757w`: too long; at most 613566756w"
        );
        assert_eq!(
            Window::parse("613566756w").unwrap(),
            Window::Days(4294967292)
        );
        for huge in ["4294967295h", "4294967295d", "613566756w", "4294967295mo"] {
            assert_eq!(Window::parse(huge).unwrap().after(t), None, "{huge}");
        }
        // Past the year 9999 the outputs cannot write the date.
        let late = DateTime::parse_from_rfc3339("9999-12-30T14:57:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(Window::parse("1d").unwrap().after(late).is_some());
        assert_eq!(Window::parse("2d").unwrap().after(late), None);
    }

    fn with_windows(immediate: &str, short: &str, long: &str) -> Rules {
        let mut rules = Rules::builtin();
        rules.horizons.immediate.window = Window::parse(immediate).unwrap();
        rules.horizons.short_term.window = Window::parse(short).unwrap();
        rules.horizons.long_term.window = Window::parse(long).unwrap();
        rules
    }

    #[test]
    fn horizon_windows_are_checked_against_the_date() {
        let t = DateTime::parse_from_rfc3339("2025-09-30T14:57:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let fields = |r: Rules| {
            r.horizon_problems(t)
                .into_iter()
                .map(|p| format!("{}: {}", p.field, p.kind))
                .collect::<Vec<_>>()
        };
        assert!(fields(Rules::builtin()).is_empty());
        assert!(fields(with_windows("24h", "1d", "1mo")).len() == 1);
        assert_eq!(
            fields(with_windows("0h", "2w", "1mo")),
            ["horizons.immediate.window: window `0h` must be longer than zero"]
        );
        assert_eq!(
            fields(with_windows("24h", "2mo", "2w")),
            [
                "horizons.long-term.window: window `2w` must end after the short-term window `2mo`: horizons end in order immediate, short-term, long-term"
            ]
        );
        assert_eq!(
            fields(with_windows("24h", "4294967295h", "4294967295d")),
            [
                "horizons.short-term.window: window `4294967295h` is too long: counted from the assessment date (2025-09-30T14:57:00Z) it ends after the year 9999, the last the outputs can write",
                "horizons.long-term.window: window `4294967295d` is too long: counted from the assessment date (2025-09-30T14:57:00Z) it ends after the year 9999, the last the outputs can write",
            ]
        );
    }

    fn merged(text: &str) -> Rules {
        let file: serde_json::Value = toml::from_str(text).unwrap();
        serde_json::from_value(Rules::merged_value(file)).unwrap()
    }

    #[test]
    fn a_rules_file_gives_only_the_keys_it_changes() {
        let rules = merged(
            "[decision]\nyellow = \"no-go\"\n[score]\nweights = { critical = 30 }\n[horizons]\nimmediate = { window = \"48h\" }",
        );
        let builtin = Rules::builtin();
        assert_eq!(rules.decision.yellow, Decision::NoGo);
        assert_eq!(rules.decision.green, builtin.decision.green);
        assert_eq!(rules.score.weights.critical, 30);
        assert_eq!(rules.score.weights.high, builtin.score.weights.high);
        assert_eq!(rules.score.start, builtin.score.start);
        assert_eq!(rules.horizons.immediate.window, Window::Hours(48));
        assert_eq!(
            rules.horizons.immediate.label,
            builtin.horizons.immediate.label
        );
        assert_eq!(rules.risk, builtin.risk);
    }

    #[test]
    fn arrays_are_replaced_whole() {
        let rules = merged("[health]\nbands = [{ health = \"good\", min = 0 }]");
        assert_eq!(rules.health.bands.len(), 1);
        assert_eq!(rules.health.bands[0].health, Health::Good);
    }

    #[test]
    fn the_rules_file_schema_requires_no_section_key() {
        let schema = rules_file_schema();
        assert!(schema["$defs"]["ScoreRules"].get("required").is_none());
        assert!(schema["$defs"]["HealthBand"].get("required").is_some());
    }
}
