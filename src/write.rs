//! The only writer: puts rendered documents on disk, atomically.
//!
//! Each file is written to a temporary file in the same folder and renamed
//! over the target, so a reader never sees a half-written report and a
//! failed run leaves earlier outputs untouched.

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

/// Writes `docs` into `dir` (created if needed), each atomically.
/// Returns the paths written.
pub fn write_documents(dir: &Path, docs: &[Document]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::with_capacity(docs.len());
    for doc in docs {
        let target = dir.join(doc.name);
        let tmp = dir.join(format!(".{}.tmp-{}", doc.name, std::process::id()));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&doc.bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &target)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        written.push(target);
    }
    Ok(written)
}
