//! The one link policy of every format.

/// Where a link of the report goes. Any other link (a `javascript:` or
/// `data:` URL, a relative path a self-contained page cannot resolve) keeps
/// its text in every format and loses its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A heading of this document, by id (from `#id`).
    Anchor(String),
    /// An `http`, `https` or `mailto` URL, as written.
    External(String),
}

/// The schemes a link may use.
const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

impl Link {
    /// Classifies a destination as written in the Markdown; `None` when it
    /// must not be a link.
    pub fn from_destination(url: &str) -> Option<Link> {
        if let Some(anchor) = url.strip_prefix('#') {
            return (!anchor.is_empty()).then(|| Link::Anchor(anchor.to_owned()));
        }
        // Browsers ignore tabs and newlines anywhere in a URL and leading
        // controls and spaces: judge the scheme as they would read it.
        let cleaned: String = url
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .trim_start_matches(|c: char| c.is_ascii_control() || c == ' ')
            .to_ascii_lowercase();
        let scheme = cleaned.split_once(':').map(|(s, _)| s)?;
        let plain = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        (plain && SCHEMES.contains(&scheme) && !url.chars().any(char::is_control))
            .then(|| Link::External(url.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::Link;

    #[test]
    fn one_policy() {
        let ok = |u: &str| Link::from_destination(u).is_some();
        assert!(ok("https://example.com/a?b#c"));
        assert!(ok("http://x"));
        assert!(ok("mailto:ops@example.com"));
        assert_eq!(
            Link::from_destination("#risk-assessment-matrix"),
            Some(Link::Anchor("risk-assessment-matrix".into()))
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "relative/page.html",
            "//evil.example/x",
            "#",
            "",
        ] {
            assert!(!ok(bad), "{bad:?}");
        }
    }
}
