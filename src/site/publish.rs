//! Puts a new site in place of the old one, as a whole: the new tree is
//! written into a hidden sibling folder (files the old site already had
//! hard-linked from it), flushed to disk, and swapped in by renames. A run
//! that fails or is killed leaves the previous site as it was; the next run
//! removes what a killed one left behind and puts back a site caught
//! between the two renames.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// The site's lock, the staging tree and the folder it replaces.
pub struct Publisher {
    out: PathBuf,
    tmp: PathBuf,
    /// Held until the run ends: two runs never write one site.
    lock: Option<File>,
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{suffix}"))
}

impl Publisher {
    /// Takes the site's lock (a file beside `out`) and cleans up after a
    /// run that was killed: a site left between its two renames is put
    /// back, staging trees and old copies are removed.
    pub fn new(out: &Path) -> std::io::Result<Publisher> {
        let out = out.to_path_buf();
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        fs::create_dir_all(&parent)?;
        let lock = crate::write::lock_file(
            &sibling(&out, "lock"),
            "another `readiness site` is writing this site; try again when it has finished",
        )?;
        let name = out.file_name().unwrap_or_default().to_string_lossy();
        let (tmp_prefix, old_prefix) = (format!(".{name}.tmp-"), format!(".{name}.old-"));
        let mut leftovers: Vec<PathBuf> = fs::read_dir(&parent)?
            .filter_map(Result::ok)
            .filter(|e| {
                let n = e.file_name();
                let n = n.to_string_lossy();
                n.starts_with(&tmp_prefix) || n.starts_with(&old_prefix)
            })
            .map(|e| e.path())
            .collect();
        leftovers.sort();
        if fs::symlink_metadata(&out).is_err()
            && let Some(old) = leftovers
                .iter()
                .find(|p| p.to_string_lossy().contains(&old_prefix))
        {
            fs::rename(old, &out)?;
        }
        for path in leftovers.iter().filter(|p| p.exists()) {
            fs::remove_dir_all(path)?;
        }
        Ok(Publisher {
            tmp: sibling(&out, &format!("tmp-{}", std::process::id())),
            out,
            lock: Some(lock),
        })
    }

    /// The staging tree, created empty.
    pub fn start(&self) -> std::io::Result<&Path> {
        fs::create_dir_all(&self.tmp)?;
        Ok(&self.tmp)
    }

    /// The staging tree's path.
    pub fn tree(&self) -> &Path {
        &self.tmp
    }

    /// Flushes the staging tree to disk and swaps it in place of the old
    /// site, which is then removed.
    pub fn commit(&mut self) -> Result<(), (PathBuf, std::io::Error)> {
        flush(&self.tmp).map_err(|e| (self.tmp.clone(), e))?;
        let old = sibling(&self.out, &format!("old-{}", std::process::id()));
        let had_old = fs::symlink_metadata(&self.out).is_ok();
        if had_old {
            fs::rename(&self.out, &old).map_err(|e| (self.out.clone(), e))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err((self.out.clone(), e));
        }
        // The new site is in place: an old copy that will not go is litter
        // the next run removes, not a failure.
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        // After a commit the staging tree is the site; otherwise it is litter.
        if self.tmp.exists() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
        // Removed while still held, so no other run locks a file that is
        // then gone (see `write::lock_file`).
        if let Some(held) = self.lock.take() {
            let _ = fs::remove_file(sibling(&self.out, "lock"));
            drop(held);
        }
    }
}

/// Every file of the new tree durable before the rename makes it the site.
#[cfg(target_os = "linux")]
fn flush(dir: &Path) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let f = File::open(dir)?;
    // SAFETY: syncfs takes an open file descriptor, which `f` owns for the
    // duration of the call.
    if unsafe { libc::syncfs(f.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn flush(dir: &Path) -> std::io::Result<()> {
    // One sync per file: slower, but no weaker.
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() {
            File::open(entry.path())?.sync_all()?;
        }
    }
    Ok(())
}

/// Puts `from` (a file of the old site) at `to` without copying its bytes:
/// a hard link, or a copy where links are not supported.
pub fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
}

/// Writes `bytes` at `to`, creating folders.
pub fn put(to: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(to, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_caught_between_the_renames_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let old = tmp.path().join(".site.old-1");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "old").unwrap();
        fs::create_dir_all(tmp.path().join(".site.tmp-1")).unwrap();
        let publisher = Publisher::new(&out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!tmp.path().join(".site.tmp-1").exists());
        drop(publisher);
    }

    #[test]
    fn a_dropped_run_leaves_the_old_site_and_no_litter() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        let publisher = Publisher::new(&out).unwrap();
        put(&publisher.start().unwrap().join("index.html"), b"new").unwrap();
        assert!(Publisher::new(&out).is_err(), "the lock is held");
        drop(publisher);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        let names: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["site"]);
        let mut publisher = Publisher::new(&out).unwrap();
        put(&publisher.start().unwrap().join("index.html"), b"new").unwrap();
        publisher.commit().unwrap();
        drop(publisher);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
    }
}
