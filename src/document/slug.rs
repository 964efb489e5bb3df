//! Heading ids: one slugger for every format.
//!
//! Ids are slugs of the heading text (lowercase letters and digits, every
//! run of anything else one hyphen; apostrophes dropped), deduplicated
//! GitHub-style with `-1`, `-2` … suffixes, so links into a report stay
//! stable as long as its headings do. Slugs never contain `_`; the ids the
//! HTML shell and the charts use do (`rd_main`, `rd_chart1_title`), so the
//! two can never collide.

use std::collections::{HashMap, HashSet};

/// Makes unique heading ids.
#[derive(Debug, Default)]
pub(crate) struct Slugger {
    used: HashSet<String>,
    /// The next suffix to try per base slug, so ten thousand headings of
    /// the same text cost linear time, not quadratic.
    next: HashMap<String, usize>,
}

impl Slugger {
    /// Returns a new unique id for a heading with this plain text.
    pub(crate) fn slug(&mut self, text: &str) -> String {
        let base = slugify(text);
        let mut candidate = base.clone();
        if self.used.contains(&candidate) {
            let n = self.next.entry(base.clone()).or_insert(0);
            loop {
                *n += 1;
                candidate = format!("{base}-{n}");
                if !self.used.contains(&candidate) {
                    break;
                }
            }
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
    fn many_equal_headings_stay_unique() {
        let mut s = Slugger::default();
        let ids: HashSet<String> = (0..5000).map(|_| s.slug("Summary")).collect();
        assert_eq!(ids.len(), 5000);
        assert!(ids.contains("summary-4999"));
    }
}
