//! Where an imported finding comes from: the tool (and its version when
//! the report says) and each input file's name and SHA-256, in the
//! finding's free-text `source`, which the report prints as code.

use sha2::{Digest, Sha256};

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// One input file of a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    /// The file name.
    pub file: String,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
}

/// `source` of an imported finding: `Bandit 1.9.4 (bandit.sarif,
/// sha256:…)`, the files in the order first seen, one `;` between files.
/// The tool's name and version are the report's words, on one line.
pub fn source(tool: &str, version: Option<&str>, origins: &[Origin]) -> String {
    let mut out = super::quote(tool);
    if let Some(v) = version.filter(|v| !v.trim().is_empty()) {
        out.push(' ');
        out.push_str(&super::cut(&super::quote(v), 40));
    }
    let files: Vec<String> = origins
        .iter()
        .map(|o| format!("{}, sha256:{}", super::quote(&o.file), o.sha256))
        .collect();
    if !files.is_empty() {
        out.push_str(&format!(" ({})", files.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_text() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn source_names_tool_version_and_files() {
        let o = Origin {
            file: "bandit.sarif".into(),
            sha256: "ab".into(),
        };
        assert_eq!(
            source("Bandit", Some("1.9.4"), std::slice::from_ref(&o)),
            "Bandit 1.9.4 (bandit.sarif, sha256:ab)"
        );
        assert_eq!(
            source("pytest", None, &[o.clone(), o]),
            "pytest (bandit.sarif, sha256:ab; bandit.sarif, sha256:ab)"
        );
    }
}
