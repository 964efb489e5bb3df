//! The charts' data: typed values taken from the scored assessment, which
//! both the HTML and the PDF renderer draw. A template only says where a
//! chart goes (see [`super::directive`]).

use super::escape::visible;
use crate::model::{ActionState, Timestamp, Tone};
use crate::score::ScoredAssessment;

/// The most horizons and scale steps a chart draws (validation rejects
/// more), and the most action bars a timeline draws (a longer plan is
/// drawn in part, its caption says so, and its table lists every action).
pub const MAX_HORIZONS: usize = 12;
/// See [`MAX_HORIZONS`].
pub const MAX_SCALE: usize = 12;
/// See [`MAX_HORIZONS`].
pub const MAX_TIMELINE_ACTIONS: usize = 500;

/// The most items an alt text names one by one (a screen reader reads it
/// whole; the table after the chart lists them all).
const ALT_ITEMS: usize = 40;

/// A chart of the report, drawn from the scored assessment.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// The impact × likelihood heat map.
    RiskMatrix(RiskMatrixChart),
    /// The action timeline.
    Timeline(TimelineChart),
}

impl Chart {
    /// The chart's short name for assistive technology.
    pub fn title(&self) -> String {
        match self {
            Chart::RiskMatrix(c) => format!(
                "Risk heat map: {} risks by impact and likelihood",
                c.risks.len()
            ),
            Chart::Timeline(c) => format!(
                "Action timeline: {} actions until the review on {}",
                c.actions.len() + c.omitted,
                super::wording::long_date(c.review)
            ),
        }
    }

    /// What a screen reader hears instead of the picture, in every format.
    pub fn alt_text(&self) -> String {
        match self {
            Chart::RiskMatrix(c) => c.alt_text(),
            Chart::Timeline(c) => c.alt_text(),
        }
    }

    /// The figure caption, after "Figure N.", the same in every format.
    pub fn caption(&self) -> String {
        match self {
            Chart::RiskMatrix(_) => {
                "Risk heat map: impact against likelihood. Each key refers to a row of the risk table."
                    .to_owned()
            }
            Chart::Timeline(c) => {
                let mut caption = "Action timeline: each bar runs from the assessment to the action's due date. \
                 The time axis is broken at every horizon: each band has the same width, and the time it stands for is printed under it."
                    .to_owned();
                if c.omitted > 0 {
                    caption.push_str(&format!(
                        " Only the first {} of {} actions are drawn; the table lists them all.",
                        c.actions.len(),
                        c.actions.len() + c.omitted
                    ));
                }
                caption
            }
        }
    }
}

/// Data for the risk heat map.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLevel {
    /// Display label, e.g. "HIGH".
    pub label: String,
    /// Colour family.
    pub tone: Tone,
}

/// One risk placed on the matrix.
#[derive(Debug, Clone, PartialEq)]
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
    /// All its findings are closed: drawn muted, said in the alt text.
    pub mitigated: bool,
}

/// Data for the action timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineChart {
    /// Assessment date; the chart's origin.
    pub start: Timestamp,
    /// Next review date, marked on the chart.
    pub review: Timestamp,
    /// The horizons, shortest first: the chart's bands.
    pub horizons: Vec<ChartHorizon>,
    /// The actions, in display order.
    pub actions: Vec<ChartAction>,
    /// Actions of the plan left out of the chart (past
    /// [`MAX_TIMELINE_ACTIONS`]).
    pub omitted: usize,
}

/// One horizon band of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartHorizon {
    /// Display label, e.g. "Immediate (24 hours)".
    pub label: String,
    /// End of the band.
    pub end: Timestamp,
    /// Colour family.
    pub tone: Tone,
}

/// One action bar of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartAction {
    /// Short key, e.g. "A1".
    pub key: String,
    /// Action title (untrusted text: escape it).
    pub title: String,
    /// Index into `horizons`.
    pub horizon: usize,
    /// Due date: where the bar ends.
    pub due: Timestamp,
    /// Progress of the action.
    pub state: ActionState,
}

impl RiskMatrixChart {
    /// What a screen reader hears instead of the picture, in every format:
    /// the grid, then each risk's cell and level.
    pub fn alt_text(&self) -> String {
        let mut alt = format!(
            "Risk heat map with {} risks on a grid of impact ({}) by likelihood ({}).",
            self.risks.len(),
            self.impact.join(", "),
            self.likelihood.join(", ")
        );
        for r in self.risks.iter().take(ALT_ITEMS) {
            let get = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
            let level = self
                .levels
                .get(r.level)
                .map(|l| l.label.clone())
                .unwrap_or_default();
            alt.push_str(&format!(
                " {} {}: impact {}, likelihood {}, level {}, priority {}{}.",
                r.key,
                r.title,
                get(&self.impact, r.impact),
                get(&self.likelihood, r.likelihood),
                level,
                r.priority,
                if r.mitigated { ", mitigated" } else { "" }
            ));
        }
        alt
    }
}

impl TimelineChart {
    /// What a screen reader hears instead of the picture, in every format:
    /// the span, the counts by state, then each action.
    pub fn alt_text(&self) -> String {
        let day = |t: Timestamp| t.0.format("%Y-%m-%d").to_string();
        let count = |st: ActionState| self.actions.iter().filter(|a| a.state == st).count();
        let mut alt = format!(
            "Action timeline from the assessment on {} to the next review on {}: {} actions, {} overdue, {} done.",
            day(self.start),
            day(self.review),
            self.actions.len() + self.omitted,
            count(ActionState::Overdue),
            count(ActionState::Done)
        );
        for a in self.actions.iter().take(ALT_ITEMS) {
            let state = match a.state {
                ActionState::Open => "open",
                ActionState::Overdue => "overdue",
                ActionState::Done => "done",
            };
            alt.push_str(&format!(
                " {} {}: due {}, {}.",
                a.key,
                a.title,
                day(a.due),
                state
            ));
        }
        alt
    }
}

/// The risk heat map's data.
pub fn risk_matrix_chart(a: &ScoredAssessment) -> RiskMatrixChart {
    let m = &a.risk_matrix;
    RiskMatrixChart {
        impact: m.impact.iter().map(|s| visible(s).into_owned()).collect(),
        likelihood: m
            .likelihood
            .iter()
            .map(|s| visible(s).into_owned())
            .collect(),
        levels: m
            .levels
            .iter()
            .map(|l| ChartLevel {
                label: visible(&l.label).into_owned(),
                tone: l.tone,
            })
            .collect(),
        cells: m.cells.clone(),
        risks: a
            .risks
            .iter()
            .map(|r| ChartRisk {
                key: r.key.clone(),
                title: visible(&r.title).into_owned(),
                impact: r.impact,
                likelihood: r.likelihood,
                level: r.level,
                priority: r.priority.as_str().to_uppercase(),
                mitigated: r.mitigated,
            })
            .collect(),
    }
}

/// The action timeline's data: the plan's actions, at most
/// [`MAX_TIMELINE_ACTIONS`] of them (`omitted` counts the rest).
pub fn timeline_chart(a: &ScoredAssessment) -> TimelineChart {
    TimelineChart {
        start: a.date,
        review: a.next_review,
        horizons: a
            .horizons
            .iter()
            .map(|h| ChartHorizon {
                label: visible(&format!("{} ({})", h.label, h.within.to_lowercase())).into_owned(),
                end: h.due,
                tone: h.tone,
            })
            .collect(),
        actions: a
            .plan
            .iter()
            .take(MAX_TIMELINE_ACTIONS)
            .map(|x| ChartAction {
                key: x.key.clone().unwrap_or_default(),
                title: visible(&x.title).into_owned(),
                horizon: a
                    .horizons
                    .iter()
                    .position(|h| h.horizon == x.horizon)
                    .unwrap_or(0),
                due: x.due,
                state: x.state,
            })
            .collect(),
        omitted: a.plan.len().saturating_sub(MAX_TIMELINE_ACTIONS),
    }
}
