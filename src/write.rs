//! The only writer: puts rendered documents on disk, all or nothing.
//!
//! Each file is written to a hidden temporary file in the target folder as
//! soon as it is rendered, synced, and renamed over its target only when
//! every output of the run is ready ([`Staging::commit`]). A reader never
//! sees a half-written report, a failed run leaves earlier outputs
//! untouched, and a big build does not hold every output in memory while
//! the slowest format (the PDF) is still rendering.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A rendered output: its file name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// File name inside the output folder (`report.md`).
    pub name: &'static str,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Outputs written to temporary files, waiting to be renamed into place.
///
/// Dropping a `Staging` without [`commit`](Staging::commit)ting removes its
/// temporary files and any folders it created.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    /// Folders this staging created, outermost first.
    created: Vec<PathBuf>,
    /// `(temporary, target)` pairs, in the order staged.
    staged: Vec<(PathBuf, PathBuf)>,
    committed: bool,
}

impl Staging {
    /// Prepares to write into `dir`, creating it (and missing parents).
    pub fn new(dir: &Path) -> std::io::Result<Staging> {
        let mut created: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_path_buf)
            .collect();
        created.reverse();
        let staging = Staging {
            dir: dir.to_path_buf(),
            created,
            staged: Vec::new(),
            committed: false,
        };
        std::fs::create_dir_all(dir)?;
        Ok(staging)
    }

    /// Writes `doc` to a temporary file beside its target and syncs it.
    pub fn stage(&mut self, doc: &Document) -> std::io::Result<()> {
        let target = self.dir.join(doc.name);
        let tmp = self
            .dir
            .join(format!(".{}.tmp-{}", doc.name, std::process::id()));
        // Recorded first, so a failed write is cleaned up too.
        self.staged.push((tmp.clone(), target));
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&doc.bytes)?;
        f.sync_all()
    }

    /// Renames every staged file over its target. Returns the targets.
    pub fn commit(mut self) -> std::io::Result<Vec<PathBuf>> {
        for (tmp, target) in &self.staged {
            std::fs::rename(tmp, target)?;
        }
        self.committed = true;
        Ok(self.staged.iter().map(|(_, t)| t.clone()).collect())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        for (tmp, _) in &self.staged {
            let _ = std::fs::remove_file(tmp);
        }
        // Innermost first; `remove_dir` leaves a folder that is not empty.
        for dir in self.created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &'static str, text: &str) -> Document {
        Document {
            name,
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// Writes `docs` into `dir`, all or nothing.
    fn write_documents(dir: &Path, docs: &[Document]) -> std::io::Result<Vec<PathBuf>> {
        let mut staging = Staging::new(dir)?;
        for doc in docs {
            staging.stage(doc)?;
        }
        staging.commit()
    }

    #[test]
    fn commit_replaces_targets_and_leaves_no_temporaries() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("a/b");
        write_documents(&out, &[doc("report.md", "old")]).unwrap();
        let mut staging = Staging::new(&out).unwrap();
        staging.stage(&doc("report.md", "new")).unwrap();
        // Nothing visible changes before the commit.
        assert_eq!(
            std::fs::read_to_string(out.join("report.md")).unwrap(),
            "old"
        );
        let written = staging.commit().unwrap();
        assert_eq!(written, vec![out.join("report.md")]);
        assert_eq!(
            std::fs::read_to_string(out.join("report.md")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    }

    #[test]
    fn dropping_uncommitted_removes_temporaries_and_created_folders() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let out = root.join("x/y");
        let mut staging = Staging::new(&out).unwrap();
        staging.stage(&doc("report.md", "partial")).unwrap();
        drop(staging);
        assert!(!root.join("x").exists());
        // An existing folder with earlier outputs keeps them untouched.
        write_documents(&out, &[doc("report.md", "kept")]).unwrap();
        let mut staging = Staging::new(&out).unwrap();
        staging.stage(&doc("report.md", "lost")).unwrap();
        drop(staging);
        assert_eq!(
            std::fs::read_to_string(out.join("report.md")).unwrap(),
            "kept"
        );
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    }
}
