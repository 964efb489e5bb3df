//! `--pdf-name`: the PDF's file name from a pattern, so a change-ticket
//! attachment says what it is (`{id}-readiness-{date}.pdf`).

use crate::model::Decision;
use crate::score::ScoredAssessment;

/// The placeholders a pattern may use.
const PLACEHOLDERS: [&str; 3] = ["{id}", "{date}", "{decision}"];

/// The names of the other outputs, which the PDF must not take.
const TAKEN: [&str; 4] = [
    "report.md",
    "assessment.json",
    "report.html",
    crate::write::MANIFEST,
];

/// A checked `--pdf-name` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfName(String);

impl PdfName {
    /// Checks a pattern: a plain file name ending in `.pdf`, with only the
    /// placeholders `{id}`, `{date}` (YYYY-MM-DD) and `{decision}` (`go`,
    /// `conditional-go`, `no-go`).
    pub fn parse(pattern: &str) -> Result<PdfName, String> {
        let mut rest = pattern.to_owned();
        for p in PLACEHOLDERS {
            rest = rest.replace(p, "x");
        }
        if let Some(c) = rest.chars().find(|c| matches!(c, '{' | '}')) {
            return Err(format!(
                "`{c}` outside a placeholder: use {}",
                PLACEHOLDERS.join(", ")
            ));
        }
        if rest
            .chars()
            .any(|c| matches!(c, '/' | '\\') || c.is_control())
        {
            return Err("a file name, not a path: no `/`, `\\` or control characters".into());
        }
        if rest.starts_with('.') {
            return Err("must not start with `.` (hidden files are the build's own)".into());
        }
        if !rest.to_ascii_lowercase().ends_with(".pdf") || rest.len() <= 4 {
            return Err("must end in `.pdf`".into());
        }
        if rest.len() > 150 {
            return Err("longer than 150 bytes".into());
        }
        if TAKEN.contains(&pattern) {
            return Err(format!("`{pattern}` is the name of another output"));
        }
        Ok(PdfName(pattern.to_owned()))
    }

    /// The file name for an assessment. Ids are slugs and dates digits, so
    /// the result stays a plain file name.
    pub fn expand(&self, a: &ScoredAssessment) -> String {
        let decision = match a.overall.decision {
            Decision::Go => "go",
            Decision::ConditionalGo => "conditional-go",
            Decision::NoGo => "no-go",
        };
        self.0
            .replace("{id}", &a.id)
            .replace("{date}", &a.date.0.format("%Y-%m-%d").to_string())
            .replace("{decision}", decision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_checked() {
        assert!(PdfName::parse("{id}-readiness-{date}.pdf").is_ok());
        assert!(PdfName::parse("{id}-{decision}.PDF").is_ok());
        for bad in [
            "../x.pdf",
            "a/b.pdf",
            "x.txt",
            ".pdf",
            ".hidden.pdf",
            "{system}.pdf",
            "{id.pdf",
            "report.html",
            "a\u{1b}.pdf",
        ] {
            assert!(PdfName::parse(bad).is_err(), "{bad}");
        }
    }
}
