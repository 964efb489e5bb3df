//! The Markdown renderer: the scored assessment through the Tera templates.
//!
//! Templates get the scored assessment as `a`, a small view `v` of
//! display-ready values (long dates, horizon labels) that Tera cannot
//! compute itself, and the directive functions of
//! [`crate::document::directive`] for badges, markers, charts and the front
//! matter. Every interpolated value is escaped for Markdown
//! ([`crate::document::escape`]) unless the template says `| safe`.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::templates::{TemplateError, Templates};
use crate::document::Annotated;
use crate::document::wording::long_date;
use crate::score::ScoredAssessment;

/// The report template every other Markdown template hangs from.
pub const REPORT_TEMPLATE: &str = "report.md.tera";

#[derive(Serialize)]
struct View {
    date_long: String,
    time_utc: String,
    next_review_long: String,
    /// The baseline's date, long, when there is one.
    baseline_long: Option<String>,
    decision_word: &'static str,
    horizon_labels: BTreeMap<&'static str, String>,
}

/// Renders the report's prose: Markdown with directive markers. Its
/// [`Annotated::report_markdown`] is `report.md`.
pub fn render_markdown(
    a: &ScoredAssessment,
    templates: &Templates,
) -> Result<Annotated, TemplateError> {
    let view = View {
        date_long: long_date(a.date),
        time_utc: a.date.0.format("%H:%M UTC").to_string(),
        next_review_long: long_date(a.next_review),
        baseline_long: a.changes.as_ref().map(|c| long_date(c.baseline_date)),
        decision_word: a.overall.decision.word(),
        horizon_labels: a
            .horizons
            .iter()
            .map(|h| (h.horizon.as_str(), h.label.clone()))
            .collect(),
    };
    let mut ctx = Context::new();
    ctx.insert("a", a);
    ctx.insert("v", &view);
    let view = &view;
    Annotated::render(&templates.markdown, REPORT_TEMPLATE, &ctx, tidy).map_err(|e| {
        let context = serde_json::json!({ "a": a, "v": view });
        templates.explain(e, &context)
    })
}

/// Collapses runs of blank lines that template control flow leaves, and
/// ends the file with exactly one newline.
pub fn tidy(text: &str) -> String {
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
