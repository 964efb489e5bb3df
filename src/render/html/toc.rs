//! Heading ids and the table of contents.
//!
//! Ids are slugs of the heading text (lowercase letters and digits, every
//! run of anything else one hyphen; apostrophes dropped), deduplicated GitHub-style with `-1`, `-2` … suffixes, so links
//! into a report stay stable as long as its headings do. Slugs never contain
//! `_`; the ids the shell template and the charts use do (`rd_main`,
//! `rd_chart1_title`), so the two can never collide.

use std::collections::HashSet;

use serde::Serialize;

/// Makes unique heading ids.
#[derive(Debug, Default)]
pub(crate) struct Slugger {
    used: HashSet<String>,
}

impl Slugger {
    /// Returns a new unique id for a heading with this plain text.
    pub(crate) fn slug(&mut self, text: &str) -> String {
        let base = slugify(text);
        let mut candidate = base.clone();
        let mut n = 0;
        while self.used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// Lowercases, keeps letters and digits, drops apostrophes ("don't" is one
/// word) and turns every run of anything else (spaces, punctuation, emoji)
/// into one hyphen between words.
fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’') {
            pending_hyphen = true;
        }
    }
    if out.is_empty() {
        "section".to_owned()
    } else {
        out
    }
}

/// One heading as the table of contents shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The heading's id (link target).
    pub id: String,
    /// The heading's plain text.
    pub text: String,
    /// Sub-headings (one level deeper).
    pub children: Vec<TocEntry>,
}

/// A heading found in the body: level 1–6, id, plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeadingInfo {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// Builds a two-level contents list from the body's level-2 and level-3
/// headings: level 1 is the document title, deeper levels are detail that
/// would make the list too long to scan. A level-3 heading before any
/// level-2 heading becomes a top entry.
pub(crate) fn build_toc(headings: &[HeadingInfo]) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            id: h.id.clone(),
            text: h.text.clone(),
            children: Vec::new(),
        };
        match (h.level, toc.last_mut()) {
            (2, _) | (3, None) => toc.push(entry),
            (3, Some(parent)) => parent.children.push(entry),
            _ => {}
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_unique() {
        let mut s = Slugger::default();
        assert_eq!(
            s.slug("1. Frontend Application (React + Three.js)"),
            "1-frontend-application-react-three-js"
        );
        assert_eq!(s.slug("Recommendations"), "recommendations");
        assert_eq!(s.slug("Recommendations"), "recommendations-1");
        assert_eq!(s.slug("Recommendations"), "recommendations-2");
        assert_eq!(s.slug("recommendations-1"), "recommendations-1-1");
        assert_eq!(s.slug("🔴 !!!"), "section");
        assert_eq!(s.slug(""), "section-1");
        assert_eq!(s.slug("Ünïcode Größe"), "ünïcode-größe");
        assert_eq!(s.slug("Don't stop: CI/CD"), "dont-stop-ci-cd");
        assert_eq!(
            s.slug("<script>alert(\"x\")</script>"),
            "script-alert-x-script"
        );
    }

    #[test]
    fn toc_nests_level_three_under_level_two() {
        let h = |level, id: &str| HeadingInfo {
            level,
            id: id.into(),
            text: id.to_uppercase(),
        };
        let toc = build_toc(&[
            h(3, "a"),
            h(2, "b"),
            h(3, "c"),
            h(4, "d"),
            h(3, "e"),
            h(1, "f"),
        ]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].id, "a");
        assert_eq!(
            toc[1]
                .children
                .iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>(),
            ["c", "e"]
        );
    }
}
