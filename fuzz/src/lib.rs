//! Helpers shared by the fuzz targets: a private copy of the example
//! assessment folder, files swapped into it for one run, and the example's
//! scored assessment computed once.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use readiness::score::ScoredAssessment;

/// The example assessment folder of the repository.
pub const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/013a-analytics");

/// The rules fixture with a 3×4 matrix (its own scales).
pub const RULES_3X4: &str = include_str!("../../tests/fixtures/rules/reference-3x4.toml");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for entry in std::fs::read_dir(from).expect("read the example") {
        let entry = entry.expect("read the example");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy the example");
        }
    }
}

/// A fresh temporary folder for this process (never removed: scripts/fuzz.sh
/// points `TMPDIR` at a folder it empties before each run).
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        tempfile::Builder::new()
            .prefix("readiness-fuzz-")
            .tempdir()
            .expect("temporary folder")
            .keep()
    })
}

/// A copy of the example folder, private to this process.
pub fn example_copy() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch().join("example");
        copy_dir(Path::new(EXAMPLE), &dir);
        dir
    })
}

/// Where a fuzzed file goes in the example folder.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    /// Path relative to the folder.
    pub path: &'static str,
    /// A file of the example removed while the fuzzed one is in place
    /// (`assessment.toml` while `assessment.json` is tried).
    pub replaces: Option<&'static str>,
}

/// Writes `bytes` at `slot` in the example copy, runs `f` on the folder,
/// and puts the example back as it was.
pub fn with_file<R>(slot: Slot, bytes: &[u8], f: impl FnOnce(&Path) -> R) -> R {
    let dir = example_copy();
    let path = dir.join(slot.path);
    let original = std::fs::read(&path).ok();
    let replaced = slot.replaces.map(|r| {
        let p = dir.join(r);
        let bytes = std::fs::read(&p).expect("the replaced file exists");
        std::fs::remove_file(&p).expect("remove the replaced file");
        (p, bytes)
    });
    std::fs::write(&path, bytes).expect("write the fuzzed file");
    let result = f(dir);
    match original {
        Some(o) => std::fs::write(&path, o).expect("restore the example"),
        None => std::fs::remove_file(&path).expect("remove the fuzzed file"),
    }
    if let Some((p, bytes)) = replaced {
        std::fs::write(p, bytes).expect("restore the replaced file");
    }
    result
}

/// Runs the loading, validation and scoring of `dir`, and what a `check`
/// prints: the diagnostics (any is fine) or the JSON and the summary.
pub fn assess_and_report(dir: &Path) {
    match readiness::assess(dir) {
        Ok(scored) => {
            let _ = readiness::render_json(&scored);
            let _ = readiness::summary(&scored);
        }
        Err(diags) => {
            let _ = diags.to_string();
        }
    }
}

/// The example, loaded and scored once.
pub fn scored_example() -> &'static ScoredAssessment {
    static SCORED: OnceLock<ScoredAssessment> = OnceLock::new();
    SCORED.get_or_init(|| readiness::assess(Path::new(EXAMPLE)).expect("the example is valid"))
}

/// Every format, default paper, no user templates.
pub fn all_formats(templates: Option<PathBuf>) -> readiness::BuildOptions {
    readiness::BuildOptions {
        formats: readiness::Format::ALL.to_vec(),
        templates,
        pdf: Default::default(),
        pdf_name: None,
    }
}
