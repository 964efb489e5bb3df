//! The only writer: puts rendered documents on disk, all or nothing.
//!
//! Each file is written to a hidden temporary file in the target folder as
//! soon as it is rendered, synced, and renamed over its target only when
//! every output of the run is ready ([`Staging::commit`]). A reader never
//! sees a half-written report, a failed run leaves earlier outputs
//! untouched, and a big build does not hold every output in memory while
//! the slowest format (the PDF) is still rendering.
//!
//! The set is replaced as a whole: before the renames, each previous output
//! is kept under a hidden backup name, and when one rename fails (a folder
//! or an immutable file in the way) the ones already done are undone, so
//! the previous set stays as it was and the error names the file.
//!
//! A build holds an exclusive lock on [`LOCK`] in the target folder from
//! its first staged output to the end of its commit, so two builds into one
//! folder never mix their outputs: the second fails with an error. During
//! the renames the lock file is a journal of what is being replaced; the
//! next build into the folder rolls back a commit that was killed half-way
//! and removes the temporary files and backups a killed build left behind
//! (hidden names ending in `.tmp-<pid>` or `.bak-<pid>`). The lock file is
//! removed when a build ends.

use std::fs::{self, File};
use std::io::{ErrorKind, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock file (and commit journal) in a target folder while a build
/// writes into it.
pub const LOCK: &str = ".readiness.lock";

/// The first line of the journal while a commit is under way; each line
/// after it is `<output name>\t<backup name, or - when it is new>`.
const COMMITTING: &str = "committing";

/// The build manifest in an output folder: which input made the outputs
/// beside it (`{"input": "sha256:…", "outputs": [...]}`), written with
/// them, all or nothing.
pub const MANIFEST: &str = ".readiness-build.json";

/// The manifest's bytes for an input fingerprint and the outputs written.
pub fn manifest(input: &str, outputs: &[&str]) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&serde_json::json!({
        "input": input,
        "outputs": outputs,
    }))
    .expect("JSON");
    bytes.push(b'\n');
    bytes
}

/// What the output folder `dir` already holds: `Some(Some(input))` when
/// its manifest names the input that made it, `Some(None)` when it holds
/// outputs (`names`) with no readable manifest, `None` when it holds none.
pub fn previous_input(dir: &Path, names: &[&str]) -> Option<Option<String>> {
    if let Ok(text) = fs::read_to_string(dir.join(MANIFEST)) {
        let input = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("input")?.as_str().map(str::to_owned));
        return Some(input);
    }
    names
        .iter()
        .any(|n| fs::symlink_metadata(dir.join(n)).is_ok_and(|m| m.is_file()))
        .then_some(None)
}

/// The outputs the manifest in `dir` says the previous build wrote: plain
/// file names only (a hand-edited manifest cannot name a path).
pub fn previous_outputs(dir: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(dir.join(MANIFEST)) else {
        return Vec::new();
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    value
        .get("outputs")
        .and_then(|o| o.as_array())
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str())
        .filter(|n| {
            !n.is_empty()
                && !n.starts_with('.')
                && !n.contains(['/', '\\'])
                && n.chars().all(|c| !c.is_control())
        })
        .map(str::to_owned)
        .collect()
}

/// Creates the folder `dir` holding `files` (paths relative to it), all or
/// nothing: they are written into a hidden sibling folder, which is renamed
/// to `dir` at the end. Refuses a `dir` that exists.
pub fn create_tree(
    dir: &Path,
    files: &[(PathBuf, Vec<u8>)],
) -> Result<(), (PathBuf, std::io::Error)> {
    if fs::symlink_metadata(dir).is_ok() {
        return Err((
            dir.to_owned(),
            std::io::Error::new(
                ErrorKind::AlreadyExists,
                "exists already: name another folder",
            ),
        ));
    }
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let write = || -> Result<(), (PathBuf, std::io::Error)> {
        fs::create_dir_all(&tmp).map_err(|e| (tmp.clone(), e))?;
        for (path, bytes) in files {
            let target = tmp.join(path);
            if let Some(folder) = target.parent() {
                fs::create_dir_all(folder).map_err(|e| (dir.join(path), e))?;
            }
            let mut f = File::create(&target).map_err(|e| (dir.join(path), e))?;
            f.write_all(bytes)
                .and_then(|()| f.sync_all())
                .map_err(|e| (dir.join(path), e))?;
        }
        fs::rename(&tmp, dir).map_err(|e| (dir.to_owned(), e))
    };
    let result = write();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

/// Appends `text` to the file at `path` (created if missing), as CI step
/// summaries are written: `$GITHUB_STEP_SUMMARY` collects every step's.
/// Not an output of a build, so not staged.
pub fn append(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// A rendered output: its file name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// File name inside the output folder (`report.md`, or the name an
    /// import was asked to write).
    pub name: std::borrow::Cow<'static, str>,
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
    /// Backups of the previous outputs made by the commit, one per target.
    backups: Vec<Option<PathBuf>>,
    /// Previous outputs to remove at the commit (formats not requested).
    removals: Vec<PathBuf>,
    /// Their backups, made by the commit.
    removal_backups: Vec<PathBuf>,
    /// The lock on [`LOCK`], held until the staging ends.
    lock: Option<File>,
    /// The journal says a commit is under way that could not be undone:
    /// the backups and the journal are left for the next build to recover.
    journal_open: bool,
    committed: bool,
}

impl Staging {
    /// Prepares to write into `dir`, creating it (and missing parents),
    /// taking its lock, and cleaning up after a build that was killed.
    pub fn new(dir: &Path) -> std::io::Result<Staging> {
        let mut created: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_path_buf)
            .collect();
        created.reverse();
        let mut staging = Staging {
            dir: dir.to_path_buf(),
            created,
            staged: Vec::new(),
            backups: Vec::new(),
            removals: Vec::new(),
            removal_backups: Vec::new(),
            lock: None,
            journal_open: false,
            committed: false,
        };
        fs::create_dir_all(dir)?;
        let lock = staging.lock.insert(lock(dir)?);
        recover(dir, lock)?;
        Ok(staging)
    }

    /// Writes `doc` to a temporary file beside its target and syncs it.
    pub fn stage(&mut self, doc: &Document) -> std::io::Result<()> {
        self.stage_named(&doc.name, &doc.bytes)
    }

    /// [`stage`](Staging::stage) for a file whose name is only known at
    /// run time (a findings file named after its probe file).
    pub fn stage_named(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let target = self.dir.join(name);
        let tmp = self.dir.join(format!(".{name}.tmp-{}", std::process::id()));
        // Recorded first, so a failed write is cleaned up too.
        self.staged.push((tmp.clone(), target));
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    }

    /// Removes the output `name` at the commit, with the renames (all or
    /// nothing): an output of the same build in a format not requested
    /// this time. Nothing happens when there is no such file.
    pub fn remove(&mut self, name: &str) {
        let target = self.dir.join(name);
        if fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
            self.removals.push(target);
        }
    }

    /// The outputs [`remove`](Self::remove) will remove at the commit.
    pub fn removals(&self) -> &[PathBuf] {
        &self.removals
    }

    /// Renames every staged file over its target, all or nothing. Returns
    /// the targets, or the file that could not be replaced and why (the
    /// previous outputs are then all in place again).
    pub fn commit(mut self) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
        // Nothing is touched until every previous output is safe.
        for (_, target) in &self.staged {
            if fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) {
                return Err((
                    target.clone(),
                    std::io::Error::new(
                        ErrorKind::IsADirectory,
                        "is a folder, not a file: remove or rename it",
                    ),
                ));
            }
        }
        for i in 0..self.staged.len() {
            let target = self.staged[i].1.clone();
            let backup = self.backup(&target).map_err(|e| (target.clone(), e))?;
            self.backups.push(backup);
        }
        for i in 0..self.removals.len() {
            let target = self.removals[i].clone();
            match self.backup(&target) {
                Ok(Some(backup)) => self.removal_backups.push(backup),
                Ok(None) => {}
                Err(e) => return Err((target, e)),
            }
        }
        // A removal is journaled like a replacement: a killed commit puts
        // the backup back, so the previous set is whole again.
        let removed = self
            .removals
            .iter()
            .zip(&self.removal_backups)
            .map(|(target, backup)| (target, Some(backup.clone())));
        let journal: String = self
            .staged
            .iter()
            .map(|(_, target)| target)
            .zip(self.backups.iter().cloned())
            .chain(removed)
            .map(|(target, backup)| {
                let name = |p: &Path| {
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned()
                };
                format!(
                    "{}\t{}\n",
                    name(target),
                    backup.as_deref().map_or("-".into(), name)
                )
            })
            .collect();
        let journal = format!("{COMMITTING}\n{journal}");
        self.write_journal(&journal)
            .map_err(|e| (self.dir.join(LOCK), e))?;
        self.journal_open = true;
        for i in 0..self.staged.len() {
            let (tmp, target) = &self.staged[i];
            if let Err(e) = fs::rename(tmp, target) {
                let target = target.clone();
                self.roll_back(i);
                return Err((target, e));
            }
        }
        for i in 0..self.removals.len().min(self.removal_backups.len()) {
            if let Err(e) = fs::remove_file(&self.removals[i]) {
                let target = self.removals[i].clone();
                for (t, b) in self.removals[..i].iter().zip(&self.removal_backups) {
                    let _ = fs::rename(b, t);
                }
                self.roll_back(self.staged.len());
                return Err((target, e));
            }
        }
        self.write_journal("")
            .map_err(|e| (self.dir.join(LOCK), e))?;
        self.journal_open = false;
        self.committed = true;
        Ok(self.staged.iter().map(|(_, t)| t.clone()).collect())
    }

    /// Keeps the current `target`, if any, under a hidden backup name: a
    /// hard link, or a copy where links are not supported.
    fn backup(&self, target: &Path) -> std::io::Result<Option<PathBuf>> {
        if fs::symlink_metadata(target).is_err() {
            return Ok(None);
        }
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let backup = self.dir.join(format!(".{name}.bak-{}", std::process::id()));
        let _ = fs::remove_file(&backup);
        if fs::hard_link(target, &backup).is_err() {
            fs::copy(target, &backup)?;
        }
        Ok(Some(backup))
    }

    /// Undoes the first `done` renames: each previous output back in place,
    /// each output that is new removed.
    fn roll_back(&mut self, done: usize) {
        let mut clean = true;
        for ((_, target), backup) in self.staged[..done].iter().zip(&mut self.backups) {
            let undone = match backup {
                Some(b) => fs::rename(&*b, target).is_ok(),
                None => fs::remove_file(target).is_ok(),
            };
            if undone {
                *backup = None;
            }
            clean &= undone;
        }
        if clean && self.write_journal("").is_ok() {
            self.journal_open = false;
        }
    }

    fn write_journal(&mut self, text: &str) -> std::io::Result<()> {
        let lock = self
            .lock
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the lock is not held"))?;
        lock.set_len(0)?;
        lock.rewind()?;
        lock.write_all(text.as_bytes())?;
        lock.sync_data()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            for (tmp, _) in &self.staged {
                let _ = fs::remove_file(tmp);
            }
        }
        // A commit that could not be undone is left to the next build.
        if self.journal_open {
            return;
        }
        for backup in self.backups.iter().flatten().chain(&self.removal_backups) {
            let _ = fs::remove_file(backup);
        }
        // Removed while still held, so no other build can lock it meanwhile
        // and then lose it (see `lock`); released after.
        if let Some(held) = self.lock.take() {
            let _ = fs::remove_file(self.dir.join(LOCK));
            drop(held);
        }
        if self.committed {
            return;
        }
        // Innermost first; `remove_dir` leaves a folder that is not empty.
        for dir in self.created.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Takes the lock of `dir`, or fails at once when another build holds it.
fn lock(dir: &Path) -> std::io::Result<File> {
    lock_file(
        &dir.join(LOCK),
        "another build is writing into this folder (it holds `.readiness.lock`); try again when it has finished",
    )
}

/// Takes an exclusive lock on the file at `path` (created if missing),
/// failing at once with `busy` when another process holds it. Whoever
/// removes the file must do so while holding the lock: a lock taken on a
/// file that is no longer at `path` is retried on the new one.
pub(crate) fn lock_file(path: &Path, busy: &str) -> std::io::Result<File> {
    let path = path.to_path_buf();
    loop {
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(std::io::Error::new(ErrorKind::WouldBlock, busy.to_owned()));
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        // The build before may have removed the file after locking it:
        // only a lock on the file still at `path` counts.
        if is_same_file(&file, &path) {
            return Ok(file);
        }
    }
}

#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_: &File, _: &Path) -> bool {
    true
}

/// Whether `name` is a temporary file or backup this writer makes:
/// `.<name>.tmp-<pid>` or `.<name>.bak-<pid>`.
fn is_litter(name: &str) -> bool {
    let Some((stem, pid)) = name.strip_prefix('.').and_then(|n| n.rsplit_once('-')) else {
        return false;
    };
    !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && [".tmp", ".bak"]
            .iter()
            .any(|ext| stem.len() > ext.len() && stem.ends_with(ext))
}

/// With the lock of `dir` held: rolls back a commit a killed build left
/// half-done (the journal in the lock file), then removes the temporary
/// files and backups of killed builds (no other build can be writing).
fn recover(dir: &Path, lock: &mut File) -> std::io::Result<()> {
    let mut journal = String::new();
    // A journal that is not text is not ours: nothing to roll back.
    let _ = lock.read_to_string(&mut journal);
    if let Some(entries) = journal.strip_prefix(&format!("{COMMITTING}\n")) {
        let plain =
            |name: &str| !name.is_empty() && Path::new(name).file_name() == Some(name.as_ref());
        for line in entries.lines() {
            let Some((name, backup)) = line.split_once('\t') else {
                continue;
            };
            if !plain(name) || name.starts_with('.') {
                continue;
            }
            let target = dir.join(name);
            if backup == "-" {
                let _ = fs::remove_file(&target);
            } else if plain(backup) && is_litter(backup) && dir.join(backup).is_file() {
                fs::rename(dir.join(backup), &target)?;
            }
        }
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_str().is_some_and(is_litter) && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
        }
    }
    lock.set_len(0)?;
    lock.rewind()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &'static str, text: &str) -> Document {
        Document {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn removals_are_part_of_the_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join("report.pdf"), "last week").unwrap();
        fs::write(dir.join("report.md"), "old").unwrap();
        // A failed commit removes nothing.
        fs::create_dir(dir.join("report.html")).unwrap();
        let mut stage = Staging::new(dir).unwrap();
        stage.stage(&doc("report.md", "new")).unwrap();
        stage.stage(&doc("report.html", "new")).unwrap();
        stage.remove("report.pdf");
        stage.remove("assessment.json");
        assert_eq!(stage.removals(), [dir.join("report.pdf")]);
        assert!(stage.commit().is_err());
        assert_eq!(
            fs::read_to_string(dir.join("report.pdf")).unwrap(),
            "last week"
        );
        assert_eq!(fs::read_to_string(dir.join("report.md")).unwrap(), "old");
        // A commit that succeeds removes it, and leaves no backup.
        fs::remove_dir(dir.join("report.html")).unwrap();
        let mut stage = Staging::new(dir).unwrap();
        stage.stage(&doc("report.md", "new")).unwrap();
        stage.remove("report.pdf");
        stage.commit().unwrap();
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["report.md"]);
    }

    /// Writes `docs` into `dir`, all or nothing.
    fn write_documents(
        dir: &Path,
        docs: &[Document],
    ) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
        let mut staging = Staging::new(dir).map_err(|e| (dir.to_owned(), e))?;
        for doc in docs {
            staging.stage(doc).map_err(|e| (dir.join(&*doc.name), e))?;
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

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| format!("<{e}>"))
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Regression: a rename failing half-way left a mix of new and old
    /// outputs.
    #[test]
    fn a_failed_rename_restores_the_previous_set() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path();
        write_documents(out, &[doc("a.md", "old a"), doc("b.md", "old b")]).unwrap();
        let mut staging = Staging::new(out).unwrap();
        for (name, text) in [("a.md", "new a"), ("c.md", "new c"), ("b.md", "new b")] {
            staging.stage(&doc(name, text)).unwrap();
        }
        // The temporary of b.md vanishes: its rename fails after two others.
        std::fs::remove_file(&staging.staged[2].0).unwrap();
        let (path, _) = staging.commit().unwrap_err();
        assert_eq!(path, out.join("b.md"));
        assert_eq!(read(&out.join("a.md")), "old a");
        assert_eq!(read(&out.join("b.md")), "old b");
        assert_eq!(names(out), ["a.md", "b.md"], "no litter, no c.md");
    }

    #[test]
    fn a_folder_in_the_way_fails_before_anything_changes() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path();
        write_documents(out, &[doc("a.md", "old a")]).unwrap();
        std::fs::create_dir(out.join("b.md")).unwrap();
        let (path, e) = write_documents(out, &[doc("a.md", "new a"), doc("b.md", "new b")])
            .err()
            .unwrap();
        assert_eq!(path, out.join("b.md"));
        assert_eq!(e.kind(), ErrorKind::IsADirectory);
        assert_eq!(read(&out.join("a.md")), "old a");
        assert_eq!(names(out), ["a.md", "b.md"]);
    }

    /// Regression: two builds into one folder could interleave their renames.
    #[test]
    fn a_second_staging_of_a_folder_fails_while_the_first_holds_it() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let first = Staging::new(&out).unwrap();
        let e = Staging::new(&out).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::WouldBlock);
        assert!(
            e.to_string()
                .starts_with("another build is writing into this folder"),
            "{e}"
        );
        drop(first);
        assert!(
            !out.exists(),
            "the first staging created it and wrote nothing"
        );
        let mut again = Staging::new(&out).unwrap();
        again.stage(&doc("a.md", "a")).unwrap();
        again.commit().unwrap();
        assert_eq!(names(&out), ["a.md"], "the lock file is removed");
    }

    /// Regression: temporary files of a killed build stayed forever; a
    /// commit killed half-way is rolled back by the next build.
    #[test]
    fn the_next_staging_recovers_from_a_killed_build() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path();
        std::fs::write(out.join("report.md"), "new, half committed").unwrap();
        std::fs::write(out.join(".report.md.bak-4242"), "old").unwrap();
        std::fs::write(out.join("report.html"), "new, had no old version").unwrap();
        std::fs::write(out.join(".report.pdf.tmp-4242"), "partial").unwrap();
        std::fs::write(out.join(".assessment.json.tmp-17"), "partial").unwrap();
        std::fs::write(out.join(".notes"), "the user's").unwrap();
        std::fs::write(out.join(".x.tmp-"), "not ours").unwrap();
        std::fs::write(
            out.join(LOCK),
            "committing\nreport.md\t.report.md.bak-4242\nreport.html\t-\n../escape\t-\n",
        )
        .unwrap();
        let staging = Staging::new(out).unwrap();
        assert_eq!(read(&out.join("report.md")), "old");
        drop(staging);
        assert_eq!(names(out), [".notes", ".x.tmp-", "report.md"]);

        // A journal of a finished commit: stale backups are only removed.
        std::fs::write(out.join(".report.md.bak-4243"), "older").unwrap();
        std::fs::write(out.join(LOCK), "").unwrap();
        drop(Staging::new(out).unwrap());
        assert_eq!(read(&out.join("report.md")), "old");
        assert_eq!(names(out), [".notes", ".x.tmp-", "report.md"]);
    }

    /// Builds racing on one folder: each commit is a whole set, or the
    /// build fails because another holds the folder.
    #[test]
    fn concurrent_stagings_never_mix_their_sets() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().to_path_buf();
        let threads: Vec<_> = (0..2)
            .map(|t| {
                let out = out.clone();
                std::thread::spawn(move || {
                    let mut committed = 0;
                    for round in 0..50 {
                        let text = format!("thread {t} round {round}");
                        let Ok(mut staging) = Staging::new(&out) else {
                            continue;
                        };
                        for name in ["a.md", "b.md", "c.md"] {
                            staging.stage(&doc(name, &text)).unwrap();
                        }
                        staging.commit().unwrap();
                        committed += 1;
                        let a = read(&out.join("a.md"));
                        assert!(a.starts_with("thread "), "{a}");
                    }
                    committed
                })
            })
            .collect();
        let committed: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert!(committed > 0);
        let a = read(&out.join("a.md"));
        assert_eq!(read(&out.join("b.md")), a);
        assert_eq!(read(&out.join("c.md")), a);
        assert_eq!(names(&out), ["a.md", "b.md", "c.md"]);
    }

    #[test]
    fn litter_names() {
        for yes in [".report.md.tmp-123", ".report.pdf.bak-9"] {
            assert!(is_litter(yes), "{yes}");
        }
        for no in [
            "report.md",
            ".tmp-1",
            ".report.md.tmp-",
            ".report.md.tmp-1a",
            "a.tmp-1",
            ".notes",
        ] {
            assert!(!is_litter(no), "{no}");
        }
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
