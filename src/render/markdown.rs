//! The Markdown renderer: the scored assessment through the Tera templates.
//!
//! Templates get the scored assessment as `a` and a small view `v` of
//! display-ready values (long dates, chart comments, horizon labels) that
//! Tera cannot compute itself.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use super::charts::{
    self, Chart, ChartAction, ChartHorizon, ChartLevel, ChartRisk, RiskMatrixChart, TimelineChart,
};
use super::templates::TemplateError;
use crate::score::ScoredAssessment;

#[derive(Serialize)]
struct View {
    date_long: String,
    time_utc: String,
    next_review_long: String,
    decision_word: &'static str,
    horizon_labels: BTreeMap<&'static str, String>,
    risk_chart: String,
    timeline_chart: String,
}

/// The risk heat map's data.
pub fn risk_matrix_chart(a: &ScoredAssessment) -> RiskMatrixChart {
    let m = &a.risk_matrix;
    RiskMatrixChart {
        impact: m.impact.clone(),
        likelihood: m.likelihood.clone(),
        levels: m
            .levels
            .iter()
            .map(|l| ChartLevel {
                label: l.label.clone(),
                tone: l.tone,
            })
            .collect(),
        cells: m.cells.clone(),
        risks: a
            .risks
            .iter()
            .map(|r| ChartRisk {
                key: r.key.clone(),
                title: r.title.clone(),
                impact: r.impact,
                likelihood: r.likelihood,
                level: r.level,
                priority: r.priority.as_str().to_uppercase(),
            })
            .collect(),
    }
}

/// The action timeline's data: the plan's actions.
pub fn timeline_chart(a: &ScoredAssessment) -> TimelineChart {
    TimelineChart {
        start: a.date.rfc3339(),
        review: a.next_review.rfc3339(),
        horizons: a
            .horizons
            .iter()
            .map(|h| ChartHorizon {
                label: format!("{} ({})", h.label, h.within.to_lowercase()),
                end: h.due.rfc3339(),
                tone: h.tone,
            })
            .collect(),
        actions: a
            .plan
            .iter()
            .map(|x| ChartAction {
                key: x.key.clone().unwrap_or_default(),
                title: x.title.clone(),
                horizon: a
                    .horizons
                    .iter()
                    .position(|h| h.horizon == x.horizon)
                    .unwrap_or(0),
                due: x.due.rfc3339(),
                state: x.state,
            })
            .collect(),
    }
}

/// Renders the Markdown report.
pub fn render_markdown(a: &ScoredAssessment, tera: &Tera) -> Result<String, TemplateError> {
    let view = View {
        date_long: a.date.0.format("%B %-d, %Y").to_string(),
        time_utc: a.date.0.format("%H:%M UTC").to_string(),
        next_review_long: a.next_review.0.format("%B %-d, %Y").to_string(),
        decision_word: a.overall.decision.word(),
        horizon_labels: a
            .horizons
            .iter()
            .map(|h| (h.horizon.as_str(), h.label.clone()))
            .collect(),
        risk_chart: charts::chart_comment(&Chart::RiskMatrix(risk_matrix_chart(a))),
        timeline_chart: charts::chart_comment(&Chart::Timeline(timeline_chart(a))),
    };
    let mut ctx = Context::new();
    ctx.insert("a", a);
    ctx.insert("v", &view);
    let text = tera.render("report.md.tera", &ctx)?;
    Ok(tidy(&text))
}

/// Collapses runs of blank lines that template control flow leaves, and
/// ends the file with exactly one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    let mut in_code = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if line.is_empty() && !in_code {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    let trimmed = out.trim_matches('\n');
    format!("{trimmed}\n")
}
