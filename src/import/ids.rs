//! Finding ids for imported findings: slugs of what stays the same from
//! one run of a tool to the next (component, tool, rule, suite,
//! fingerprint), never of line numbers, made unique deterministically.

use std::collections::HashSet;

/// The longest slug part kept as it is; longer parts are cut and end in a
/// hash of the whole, so two long names that share a prefix still differ.
const PART_MAX: usize = 60;

/// `text` as an id part: ASCII letters lowercased, digits kept, every
/// other run of characters one `-`, no `-` at either end. Text with no
/// letter or digit becomes `x`. Long text is cut to 60
/// characters and ends in 8 hex digits of its SHA-256.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(PART_MAX));
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        return "x".to_owned();
    }
    if out.len() > PART_MAX {
        let hash = super::provenance::sha256_hex(text.as_bytes());
        out.truncate(PART_MAX - 9);
        while out.ends_with('-') {
            out.pop();
        }
        out.push('-');
        out.push_str(&hash[..8]);
    }
    out
}

/// Hands out ids, each once: a second finding whose parts slug to the
/// same id gets `-2`, the third `-3`… in the order they are asked for,
/// which is the order of the input, so the same input gives the same ids.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
}

impl Ids {
    /// The id for `parts` (each slugged, joined by `-`), unique among the
    /// ids handed out so far.
    pub fn id(&mut self, parts: &[&str]) -> String {
        let base = parts.iter().map(|p| slug(p)).collect::<Vec<_>>().join("-");
        let mut id = base.clone();
        let mut n: u64 = 1;
        while self.used.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ids_of_the_model() {
        for text in [
            "B602",
            "python.lang.security.audit.eval-detected",
            "  --weird__ NAME// ",
            "ünïcödé",
            "",
            "---",
            &"a".repeat(500),
            "CKV_AWS_20",
        ] {
            let s = slug(text);
            assert!(crate::validate::is_slug(&s), "{text:?} → {s:?}");
            assert!(s.len() <= PART_MAX, "{s}");
        }
        assert_eq!(slug("Bandit"), "bandit");
        assert_eq!(slug("python.lang.eval"), "python-lang-eval");
        assert_eq!(slug("CKV_AWS_20"), "ckv-aws-20");
        assert_eq!(slug("ünïcödé"), "n-c-d");
    }

    #[test]
    fn long_parts_that_share_a_prefix_differ() {
        let a = slug(&format!("{}a", "x".repeat(100)));
        let b = slug(&format!("{}b", "x".repeat(100)));
        assert_ne!(a, b);
    }

    #[test]
    fn collisions_get_numbers_in_order() {
        let mut ids = Ids::default();
        assert_eq!(ids.id(&["api", "semgrep", "a.b"]), "api-semgrep-a-b");
        assert_eq!(ids.id(&["api", "semgrep", "a-b"]), "api-semgrep-a-b-2");
        assert_eq!(ids.id(&["api", "semgrep", "a_b"]), "api-semgrep-a-b-3");
        assert_eq!(ids.id(&["api", "semgrep", "c"]), "api-semgrep-c");
    }
}
