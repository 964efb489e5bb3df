//! The site manifest (`.readiness-site.json`): what made each week's
//! folder and each week's summary, so a rebuild neither scores nor draws
//! what did not change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::summary::WeekSummary;
use super::{input, pages};

/// The site manifest: what made each week's folder, so a rebuild skips
/// what did not change.
pub const MANIFEST: &str = ".readiness-site.json";

/// The manifest's layout version.
pub(super) const MANIFEST_FORMAT: u32 = 1;

/// One week in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct WeekRecord {
    /// The input folder's fingerprint.
    pub(super) source: String,
    /// What the week's page links to (its neighbours).
    pub(super) nav: String,
    /// Its files, relative to its folder.
    pub(super) files: Vec<String>,
    /// Its summary.
    pub(super) summary: WeekSummary,
}

/// The manifest itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Manifest {
    /// Its layout version ([`MANIFEST_FORMAT`]).
    pub(super) format: u32,
    /// What made the site ([`generator`]).
    pub(super) generator: String,
    /// The PDFs' paper and standard: another draws every week again.
    pub(super) pdf: String,
    /// By `ID/DATE`.
    pub(super) weeks: BTreeMap<String, WeekRecord>,
    /// Every file of the site, sorted.
    pub(super) files: Vec<String>,
}

impl Manifest {
    /// The manifest of the site at `out`, when it is one this version of
    /// readiness wrote; else none (everything is drawn again).
    /// The PDFs must have been drawn with `pdf` (see [`pdf_key`]).
    pub(super) fn read(out: &Path, pdf: &str) -> Option<Manifest> {
        let text = std::fs::read_to_string(out.join(MANIFEST)).ok()?;
        let m: Manifest = serde_json::from_str(&text).ok()?;
        (m.format == MANIFEST_FORMAT && m.generator == generator() && m.pdf == pdf).then_some(m)
    }
}

/// How the PDFs are drawn, as the manifest records it.
pub(super) fn pdf_key(pdf: &crate::render::pdf::PdfOptions) -> String {
    format!(
        "{:?} {:?} {:?}{}",
        pdf.paper,
        pdf.standard,
        pdf.backend,
        pdf.fonts.key()
    )
}

/// What made the site: the version, and the built-in templates' hash, so
/// that a build of readiness whose templates differ (a development build,
/// say) draws every week again.
pub(super) fn generator() -> String {
    use sha2::{Digest, Sha256};
    static GENERATOR: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    GENERATOR
        .get_or_init(|| {
            let mut hash = Sha256::new();
            for (name, text) in crate::render::templates::BUILTIN
                .iter()
                .chain(&pages::TEMPLATES)
            {
                hash.update((name.len() as u64).to_le_bytes());
                hash.update(name.as_bytes());
                hash.update((text.len() as u64).to_le_bytes());
                hash.update(text.as_bytes());
            }
            let digest = input::hex(&hash.finalize());
            format!(
                "readiness {} (templates {})",
                env!("CARGO_PKG_VERSION"),
                &digest[..16]
            )
        })
        .clone()
}

/// The manifest of a site of these weeks and own pages, and its bytes.
pub(super) fn manifest_of(
    records: BTreeMap<String, WeekRecord>,
    own: &[(String, Vec<u8>)],
    pdf: &str,
) -> (Manifest, Vec<u8>) {
    let mut files: BTreeSet<String> = own.iter().map(|(p, _)| p.clone()).collect();
    for (key, r) in &records {
        files.insert(format!("{key}/index.html"));
        files.extend(r.files.iter().map(|f| format!("{key}/{f}")));
    }
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        generator: generator(),
        pdf: pdf.to_owned(),
        weeks: records,
        files: files.into_iter().collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&manifest).expect("JSON");
    bytes.push(b'\n');
    (manifest, bytes)
}
