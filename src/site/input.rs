//! What `readiness site` is given: assessment folders, earlier builds, and
//! folders holding either, found and fingerprinted without parsing them.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::load::baseline::{ASSESSMENT_JSON, BASELINE_DIR};

/// Files of one input folder hashed for the fingerprint, at most: an
/// input is never a tree this size, and a loop of links cannot run on.
const MAX_FILES: usize = 100_000;

/// What an input folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// An assessment folder (`assessment.toml`): built by the site.
    Assessment,
    /// An earlier build's folder (`assessment.json` and `report.html`):
    /// published as it was built.
    Build,
}

/// One week's input.
#[derive(Debug, Clone)]
pub struct Source {
    /// The folder.
    pub path: PathBuf,
    /// What it is.
    pub kind: SourceKind,
}

fn kind_of(dir: &Path) -> Option<SourceKind> {
    if dir.join("assessment.toml").is_file() {
        Some(SourceKind::Assessment)
    } else if dir.join(ASSESSMENT_JSON).is_file() {
        Some(SourceKind::Build)
    } else {
        None
    }
}

/// The sources an argument names: the folder itself when it is an
/// assessment or a build, else its sub-folders that are (in name order;
/// hidden ones and `baseline/` skipped). `Err` says why none was found.
pub fn discover(arg: &Path) -> Result<Vec<Source>, String> {
    if !arg.is_dir() {
        return Err("not a folder".to_owned());
    }
    if let Some(kind) = kind_of(arg) {
        return Ok(vec![Source {
            path: arg.to_owned(),
            kind,
        }]);
    }
    let entries = fs::read_dir(arg).map_err(|e| e.to_string())?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && name != BASELINE_DIR
        })
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let found: Vec<Source> = dirs
        .into_iter()
        .filter_map(|path| kind_of(&path).map(|kind| Source { path, kind }))
        .collect();
    if found.is_empty() {
        return Err(format!(
            "holds no assessment (`assessment.toml`) or build (`{ASSESSMENT_JSON}`), nor folders that do"
        ));
    }
    Ok(found)
}

/// The folders of an assessment whose whole tree the loader reads.
const READ_TREES: [&str; 3] = ["components", "findings", BASELINE_DIR];

/// SHA-256 over what a build of the folder can read (relative path and
/// bytes of each file, in path order, links followed): every file at its
/// top and every file under `components/`, `findings/` and `baseline/`,
/// hidden ones included (the loader reads them too). Other folders (a
/// `.git`, an `output/` of builds, a site) are not input. An unchanged
/// fingerprint means an unchanged week; computing it is cheap next to
/// parsing, which is what lets a rebuild that changes nothing skip every
/// week.
pub fn fingerprint(dir: &Path) -> std::io::Result<String> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() != 1
                || !e.file_type().is_dir()
                || READ_TREES.iter().any(|t| e.file_name() == *t)
        });
    for entry in walk {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        if files.len() == MAX_FILES {
            return Err(std::io::Error::other(format!(
                "more than {MAX_FILES} files: not an assessment"
            )));
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        files.push((rel, entry.into_path()));
    }
    files.sort();
    let mut hash = Sha256::new();
    for (rel, path) in files {
        let mut file = fs::File::open(&path)?;
        let len = file.metadata()?.len();
        hash.update((rel.len() as u64).to_le_bytes());
        hash.update(rel.as_bytes());
        hash.update(len.to_le_bytes());
        // Streamed: a big evidence file is never held whole.
        let copied = std::io::copy(&mut file, &mut hash)?;
        if copied != len {
            return Err(std::io::Error::other(format!(
                "`{}` changed while it was read",
                path.display()
            )));
        }
    }
    Ok(hex(&hash.finalize()))
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_weeks_is_its_subfolders_in_name_order() {
        let tmp = tempfile::tempdir().unwrap();
        for (name, file) in [
            ("b-week", "assessment.toml"),
            ("a-build", ASSESSMENT_JSON),
            (".hidden", "assessment.toml"),
            ("notes", "README"),
        ] {
            fs::create_dir_all(tmp.path().join(name)).unwrap();
            fs::write(tmp.path().join(name).join(file), "").unwrap();
        }
        let found = discover(tmp.path()).unwrap();
        let names: Vec<(String, SourceKind)> = found
            .iter()
            .map(|s| {
                (
                    s.path.file_name().unwrap().to_string_lossy().into_owned(),
                    s.kind,
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("a-build".to_owned(), SourceKind::Build),
                ("b-week".to_owned(), SourceKind::Assessment)
            ]
        );
        assert!(discover(&tmp.path().join("notes")).is_err());
    }

    #[test]
    fn the_fingerprint_changes_with_a_file_and_its_name() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("a.toml"), "x = 1").unwrap();
        let first = fingerprint(tmp.path()).unwrap();
        assert_eq!(first, fingerprint(tmp.path()).unwrap());
        fs::write(tmp.path().join("a.toml"), "x = 2").unwrap();
        let second = fingerprint(tmp.path()).unwrap();
        assert_ne!(first, second);
        fs::rename(tmp.path().join("a.toml"), tmp.path().join("b.toml")).unwrap();
        let third = fingerprint(tmp.path()).unwrap();
        assert_ne!(second, third);
        // A build written inside the folder is not its input.
        fs::create_dir_all(tmp.path().join("output/x")).unwrap();
        fs::write(
            tmp.path().join("output/x").join(crate::write::MANIFEST),
            "{}",
        )
        .unwrap();
        fs::write(tmp.path().join("output/x/report.md"), "# x").unwrap();
        assert_eq!(third, fingerprint(tmp.path()).unwrap());
    }
}
