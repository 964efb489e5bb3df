//! The report's furniture wording: the labels, captions and sentences the
//! renderers add around the document. One place for every format, so the
//! HTML page and the PDF never drift apart (the HTML shell template gets
//! them as `w`).

use serde::Serialize;

use super::{Fact, FactValue, Meta};
use crate::model::Timestamp;

/// A long date, e.g. "September 30, 2025".
pub fn long_date(t: Timestamp) -> String {
    t.0.format("%B %-d, %Y").to_string()
}

/// The furniture's words.
#[derive(Debug, Clone, Serialize)]
pub struct Wording {
    /// Above the title.
    pub kicker: &'static str,
    /// Label of the overall status badge.
    pub overall_status: &'static str,
    /// Label of the decision badge.
    pub deployment_decision: &'static str,
    /// Heading of the contents.
    pub contents: &'static str,
    /// "Figure" before a figure's number.
    pub figure: &'static str,
    /// Said of a finished task-list item to screen readers.
    pub task_done: &'static str,
    /// Said of an open task-list item to screen readers.
    pub task_open: &'static str,
    /// The charts' legend title.
    pub legend: &'static str,
    /// Legend: open action bars.
    pub legend_open: &'static str,
    /// Legend: done action bars.
    pub legend_done: &'static str,
    /// Legend: overdue action bars.
    pub legend_overdue: &'static str,
    /// Legend: the assessment's marker.
    pub legend_assessment: &'static str,
    /// Legend: the next review's marker.
    pub legend_review: &'static str,
    /// The heat map legend's title.
    pub legend_risk_level: &'static str,
    /// The heat map's vertical axis.
    pub axis_impact: &'static str,
    /// The heat map's horizontal axis.
    pub axis_likelihood: &'static str,
    /// After the count of actions a timeline leaves out.
    pub more_actions: &'static str,
    /// After a done action's due date on the timeline.
    pub bar_done: &'static str,
    /// After an overdue action's due date on the timeline.
    pub bar_overdue: &'static str,
    /// Before the assessment marker's date on the timeline.
    pub marker_assessed: &'static str,
    /// Before the next review marker's date on the timeline.
    pub marker_review: &'static str,
    /// Before a heading's text, describing a link to it (PDF alt text).
    pub go_to_section: &'static str,
    /// Before a URL, describing a link to it (PDF alt text).
    pub link_to: &'static str,
    /// Under a chart on a narrow screen (HTML).
    pub scroll_hint: &'static str,
    /// Before the links to the other outputs of the build (HTML).
    pub other_formats: &'static str,
    /// The sign-off block's title and its lines.
    pub sign_off: &'static str,
    pub prepared_by: &'static str,
    pub reviewed_by: &'static str,
    pub approved_by: &'static str,
    /// Labels of the sign-off block's facts.
    pub document_status: &'static str,
    pub revision: &'static str,
    pub contact: &'static str,
    /// Under a blank signature line.
    pub signature: &'static str,
    pub date: &'static str,
}

/// The wording of every report.
pub const WORDING: Wording = Wording {
    kicker: "Production readiness assessment",
    overall_status: "Overall status",
    deployment_decision: "Deployment decision",
    contents: "Contents",
    figure: "Figure",
    task_done: "Done: ",
    task_open: "To do: ",
    legend: "Legend",
    legend_open: "Open (horizon colour)",
    legend_done: "Done",
    legend_overdue: "Overdue (outlined)",
    legend_assessment: "Assessment date",
    legend_review: "Next review",
    legend_risk_level: "Risk level",
    axis_impact: "Impact ↑",
    axis_likelihood: "Likelihood →",
    more_actions: "more actions: see the table below",
    bar_done: "✓ done",
    bar_overdue: "! overdue",
    marker_assessed: "Assessed",
    marker_review: "Review",
    go_to_section: "Go to section",
    link_to: "Link to",
    scroll_hint: "On a narrow screen, scroll the chart sideways to see all of it.",
    other_formats: "This report as",
    sign_off: "Sign-off",
    prepared_by: "Prepared by",
    reviewed_by: "Reviewed by",
    approved_by: "Approved by",
    document_status: "Document status",
    revision: "Revision",
    contact: "Contact",
    signature: "Name and signature",
    date: "Date",
};

/// The page footer's line about the assessment.
pub fn footer(meta: &Meta) -> String {
    format!(
        "{} · {} · assessed {} by {}",
        meta.system,
        meta.version,
        long_date(meta.date),
        meta.assessor
    )
}

/// The PDF page footer's line about the assessment.
pub fn page_footer(meta: &Meta) -> String {
    format!("Assessed {} by {}", long_date(meta.date), meta.assessor)
}

/// "Page 3 of 12".
pub fn page_number(page: usize, pages: usize) -> String {
    format!("Page {page} of {pages}")
}

/// The opening facts when the template declares none.
pub fn default_facts(meta: &Meta) -> Vec<Fact> {
    vec![
        Fact {
            label: "System".into(),
            value: FactValue::Text(meta.system.clone()),
        },
        Fact {
            label: "Version".into(),
            value: FactValue::Text(meta.version.clone()),
        },
        Fact {
            label: "Assessment date".into(),
            value: FactValue::Date(meta.date),
        },
        Fact {
            label: "Assessor".into(),
            value: FactValue::Text(meta.assessor.clone()),
        },
    ]
}
