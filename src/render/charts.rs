//! Chart data carried inside the Markdown.
//!
//! The Markdown template places each chart as a one-line HTML comment:
//!
//! ```text
//! <!-- readiness:risk-matrix {"impact":[...], ...} -->
//! <!-- readiness:timeline {"start":"...", ...} -->
//! ```
//!
//! GitHub and docs-site generators hide comments, so plain Markdown readers
//! see only the table that the template writes right after each chart. The
//! HTML and PDF renderers recognise the comment (a pulldown-cmark `Html`
//! block event) and draw the chart natively. The JSON is written with `<`,
//! `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026`, so no data can close
//! the comment early.
//!
//! Status badges use a plain Markdown convention rather than a comment: a
//! tone marker emoji followed by a space and bold text, e.g. `🟢 **GREEN**`
//! (see [`Tone::from_marker`]). Renderers that can draw badges turn that pair
//! into a coloured, labelled badge; the word always carries the meaning.

use serde::{Deserialize, Serialize};

/// The prefix of every chart comment, after `<!--` and optional spaces.
pub const CHART_COMMENT_PREFIX: &str = "readiness:";

/// The colour family of a badge, a matrix cell or a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Tone {
    /// Green: fine, done, low.
    Good,
    /// Yellow/amber: needs attention.
    Warn,
    /// Red: critical, failing.
    Bad,
    /// Grey/blue: informational.
    Neutral,
}

impl Tone {
    /// The emoji marker that writes this tone in Markdown.
    pub fn marker(self) -> &'static str {
        match self {
            Tone::Good => "🟢",
            Tone::Warn => "🟡",
            Tone::Bad => "🔴",
            Tone::Neutral => "⚪",
        }
    }

    /// Recognises a badge marker: 🟢 🟡 🔴 ⚪ and the check-list marks
    /// ✅ (good), ⚠️ (warn), ❌ (bad).
    pub fn from_marker(marker: &str) -> Option<Tone> {
        match marker.trim_end_matches('\u{fe0f}') {
            "🟢" | "✅" => Some(Tone::Good),
            "🟡" | "⚠" => Some(Tone::Warn),
            "🔴" | "❌" => Some(Tone::Bad),
            "⚪" => Some(Tone::Neutral),
            _ => None,
        }
    }
}

/// A chart found in the Markdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Chart {
    /// The impact × likelihood heat map.
    RiskMatrix(RiskMatrixChart),
    /// The action timeline.
    Timeline(TimelineChart),
}

impl Chart {
    /// The figure caption, after "Figure N.", the same in every format.
    pub fn caption(&self) -> &'static str {
        match self {
            Chart::RiskMatrix(_) => {
                "Risk heat map: impact against likelihood. Each key refers to a row of the risk table."
            }
            Chart::Timeline(_) => {
                "Action timeline: each bar runs from the assessment to the action's due date. \
                 Every horizon band has the same width; the dates under the axis give the scale."
            }
        }
    }
}

/// Data for the risk heat map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskMatrixChart {
    /// Impact scale labels, lowest first (the y axis, drawn bottom to top).
    pub impact: Vec<String>,
    /// Likelihood scale labels, lowest first (the x axis, left to right).
    pub likelihood: Vec<String>,
    /// Risk levels, least severe first.
    pub levels: Vec<ChartLevel>,
    /// `cells[impact][likelihood]` is an index into `levels`.
    pub cells: Vec<Vec<usize>>,
    /// The risks placed on the grid.
    pub risks: Vec<ChartRisk>,
}

/// One risk level of the matrix (e.g. LOW / MEDIUM / HIGH).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartLevel {
    /// Display label, e.g. "HIGH".
    pub label: String,
    /// Colour family.
    pub tone: Tone,
}

/// One risk placed on the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartRisk {
    /// Short key shown in the cell and in the risk table, e.g. "R1".
    pub key: String,
    /// Risk title (untrusted text: escape it).
    pub title: String,
    /// Index into `impact`.
    pub impact: usize,
    /// Index into `likelihood`.
    pub likelihood: usize,
    /// Index into `levels`.
    pub level: usize,
    /// Mitigation priority label, e.g. "IMMEDIATE".
    pub priority: String,
}

/// Data for the action timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineChart {
    /// Assessment date (RFC 3339); the chart's origin.
    pub start: String,
    /// Next review date (RFC 3339), marked on the chart.
    pub review: String,
    /// The horizons, shortest first: the chart's bands.
    pub horizons: Vec<ChartHorizon>,
    /// The actions, in display order.
    pub actions: Vec<ChartAction>,
}

/// One horizon band of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartHorizon {
    /// Display label, e.g. "Immediate (24 hours)".
    pub label: String,
    /// End of the band (RFC 3339).
    pub end: String,
    /// Colour family.
    pub tone: Tone,
}

/// One action bar of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartAction {
    /// Short key, e.g. "A1".
    pub key: String,
    /// Action title (untrusted text: escape it).
    pub title: String,
    /// Index into `horizons`.
    pub horizon: usize,
    /// Due date (RFC 3339): where the bar ends.
    pub due: String,
    /// Progress of the action.
    pub state: ActionState,
}

/// How an action stands on the assessment date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionState {
    /// Open and not yet due.
    Open,
    /// Open and past its due date.
    Overdue,
    /// Done.
    Done,
}

/// Writes a chart as the one-line HTML comment the templates emit.
pub fn chart_comment(chart: &Chart) -> String {
    let (kind, json) = match chart {
        Chart::RiskMatrix(c) => ("risk-matrix", serde_json::to_string(c)),
        Chart::Timeline(c) => ("timeline", serde_json::to_string(c)),
    };
    let json = json
        .expect("chart data serializes")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    format!("<!-- {CHART_COMMENT_PREFIX}{kind} {json} -->")
}

/// Recognises a chart comment in the text of a pulldown-cmark `Html` block
/// (or inline HTML) event. Returns `None` for any other HTML, and an error
/// for a chart comment whose JSON is malformed.
pub fn parse_chart_comment(html: &str) -> Option<Result<Chart, serde_json::Error>> {
    let body = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let rest = body.strip_prefix(CHART_COMMENT_PREFIX)?;
    let (kind, json) = rest.split_once(char::is_whitespace)?;
    Some(match kind {
        "risk-matrix" => serde_json::from_str(json).map(Chart::RiskMatrix),
        "timeline" => serde_json::from_str(json).map(Chart::Timeline),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_comment_round_trips_and_cannot_be_closed_by_data() {
        let chart = Chart::Timeline(TimelineChart {
            start: "2025-09-30T14:57:00Z".into(),
            review: "2025-10-07T14:57:00Z".into(),
            horizons: vec![ChartHorizon {
                label: "Immediate".into(),
                end: "2025-10-01T14:57:00Z".into(),
                tone: Tone::Bad,
            }],
            actions: vec![ChartAction {
                key: "A1".into(),
                title: "evil --> <script>alert(1)</script> & co".into(),
                horizon: 0,
                due: "2025-10-01T14:57:00Z".into(),
                state: ActionState::Open,
            }],
        });
        let comment = chart_comment(&chart);
        assert!(!comment.contains("<script"));
        assert_eq!(comment.matches("-->").count(), 1);
        assert_eq!(parse_chart_comment(&comment).unwrap().unwrap(), chart);
    }

    #[test]
    fn other_html_is_not_a_chart() {
        assert!(parse_chart_comment("<!-- hello -->").is_none());
        assert!(parse_chart_comment("<div>").is_none());
        assert!(
            parse_chart_comment("<!-- readiness:risk-matrix {bad -->")
                .unwrap()
                .is_err()
        );
    }

    #[test]
    fn markers() {
        assert_eq!(Tone::from_marker("⚠️"), Some(Tone::Warn));
        assert_eq!(Tone::from_marker("🟢"), Some(Tone::Good));
        assert_eq!(Tone::from_marker("x"), None);
    }
}
