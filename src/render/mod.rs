//! Renderers: one module per output format.
//!
//! The Markdown renderer (Tera templates) produces the canonical document.
//! The HTML and PDF renderers parse that Markdown with pulldown-cmark and
//! draw it natively, so a template change reaches every format. Where a
//! chart needs more than Markdown can say, the Markdown carries its data in
//! an HTML comment (see [`charts`]) that each renderer draws natively.

pub mod charts;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod templates;
pub(crate) mod timeline_axis;

use serde::{Deserialize, Serialize};

/// Facts about the document that renderers need besides its Markdown body:
/// title blocks, running headers and document metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Document title, e.g. "013a Analytics System - Comprehensive Production Readiness Assessment".
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// The system assessed, e.g. "013a Analytics".
    pub system: String,
    /// The system version, e.g. "AIA System v3.0.0".
    pub version: String,
    /// Assessment date as RFC 3339, e.g. "2025-09-30T14:57:00Z".
    pub date: String,
    /// Assessment date for display, e.g. "September 30, 2025".
    pub date_display: String,
    /// Who assessed (PDF author).
    pub assessor: String,
    /// Overall status word, e.g. "YELLOW".
    pub overall_status: String,
    /// Tone of the overall status for colouring.
    pub overall_tone: charts::Tone,
    /// Deployment decision words, e.g. "CONDITIONAL GO".
    pub decision: String,
    /// Tone of the decision for colouring.
    pub decision_tone: charts::Tone,
    /// BCP 47 language tag of the document, e.g. "en".
    pub language: String,
    /// Keywords for document metadata.
    pub keywords: Vec<String>,
}

/// The document facts the HTML and PDF renderers need, from the scored assessment.
pub fn document_meta(a: &crate::score::ScoredAssessment) -> DocumentMeta {
    use crate::model::{Decision, Status};
    let status_tone = |s: Status| match s {
        Status::Green => charts::Tone::Good,
        Status::Yellow => charts::Tone::Warn,
        Status::Red => charts::Tone::Bad,
    };
    let decision_tone = match a.overall.decision {
        Decision::Go => charts::Tone::Good,
        Decision::ConditionalGo => charts::Tone::Warn,
        Decision::NoGo => charts::Tone::Bad,
    };
    DocumentMeta {
        title: a.title.clone(),
        subtitle: a.subtitle.clone(),
        system: a.system.clone(),
        version: a.version.clone(),
        date: a.date.rfc3339(),
        date_display: a.date.0.format("%B %-d, %Y").to_string(),
        assessor: a.assessor.clone(),
        overall_status: a.overall.status.word().to_owned(),
        overall_tone: status_tone(a.overall.status),
        decision: a.overall.decision.word().to_owned(),
        decision_tone,
        language: "en".to_owned(),
        keywords: vec![
            "production readiness".to_owned(),
            "assessment".to_owned(),
            a.system.clone(),
            a.overall.status.word().to_owned(),
            a.overall.decision.word().to_owned(),
        ],
    }
}

/// The label of an opening fact line (see the HTML header and the PDF title
/// block), in either spelling: `**Label**: value` or `**Label:** value`.
/// From the bold text and the text right after it, if any, returns the
/// label and what of that text belongs to the value (colon and leading
/// spaces gone); `None` when the line is not a fact.
pub(crate) fn fact_label<'a>(
    bold: &'a str,
    after: Option<&'a str>,
) -> Option<(&'a str, Option<&'a str>)> {
    match bold.trim().strip_suffix(':') {
        Some(label) => Some((label.trim(), after.map(str::trim_start))),
        None => {
            let after = after?.trim_start().strip_prefix(':')?.trim_start();
            Some((bold.trim(), Some(after)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fact_label;

    #[test]
    fn fact_labels_in_both_spellings() {
        assert_eq!(
            fact_label("Assessor", Some(": Someone")),
            Some(("Assessor", Some("Someone")))
        );
        assert_eq!(
            fact_label("Owner:", Some(" Platform")),
            Some(("Owner", Some("Platform")))
        );
        assert_eq!(fact_label("Owner:", None), Some(("Owner", None)));
        assert_eq!(fact_label("Warning", Some(" this is bold")), None);
        assert_eq!(fact_label("Warning", None), None);
    }
}
