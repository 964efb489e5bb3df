//! Loading: finds the files of an assessment folder and parses them.
//!
//! This is the only stage that reads the input. Every file is kept in
//! memory as a [`SourceFile`] so later stages can point into it. Parse
//! errors of all files are collected; the run fails only after every file
//! has been read.
//!
//! `components/` and `findings/` are walked following symbolic links (a
//! linked finding counts like any other; a link loop is reported, not
//! followed forever). Every entry there is read, reported as a problem
//! (a folder named `*.json`, a FIFO, a broken link, an unreadable entry;
//! nothing but regular files is ever opened) or, when it is simply not
//! input (`notes.txt`, `scan.sarif`), named in a [`Warning`].

mod locate;
mod parse;

pub use locate::{FieldPath, Segment, locate};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, SourceFile, Warning};
use crate::model::{AssessmentFile, ComponentFile, FindingsFile, PlanFile, RisksFile};
use crate::score::rules::RulesFile;

/// A parsed value and the index of the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The parsed value.
    pub value: T,
    /// Index into [`LoadedAssessment::sources`].
    pub file: usize,
}

/// An assessment folder, parsed but not yet checked.
#[derive(Debug, Clone)]
pub struct LoadedAssessment {
    /// Every file read, for diagnostics.
    pub sources: Vec<SourceFile>,
    /// `assessment.toml`.
    pub assessment: Loaded<AssessmentFile>,
    /// `components/*`, in file-name order.
    pub components: Vec<Loaded<ComponentFile>>,
    /// `findings/**/*`, in path order.
    pub findings: Vec<Loaded<FindingsFile>>,
    /// `plan.toml`, if present.
    pub plan: Option<Loaded<PlanFile>>,
    /// `risks.toml`, if present.
    pub risks: Option<Loaded<RisksFile>>,
    /// `rules.toml`, if present.
    pub rules: Option<Loaded<RulesFile>>,
}

impl LoadedAssessment {
    /// A diagnostic at `path` in file `file`.
    pub fn diagnostic(
        &self,
        file: usize,
        path: &FieldPath,
        message: impl Into<String>,
    ) -> Diagnostic {
        let src = &self.sources[file];
        let span = locate(&src.text, src.json, path);
        src.diagnostic(
            span,
            (!path.0.is_empty()).then(|| path.to_string()),
            message,
        )
    }
}

fn is_input_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("toml" | "json")
    )
}

/// Reads and parses every file of the assessment folder `dir`; warnings
/// are dropped (see [`load_dir_with`]).
pub fn load_dir(dir: &Path) -> Result<LoadedAssessment, Diagnostics> {
    load_dir_with(dir, &mut |_| {})
}

/// Reads and parses every file of the assessment folder `dir`, handing
/// each [`Warning`] (entries skipped as not input) to `warn` as found.
pub fn load_dir_with(
    dir: &Path,
    warn: &mut dyn FnMut(Warning),
) -> Result<LoadedAssessment, Diagnostics> {
    load_dir_limited(dir, warn, MAX_ENTRIES)
}

/// At most this many entries are walked under `components/` or `findings/`
/// (links included): a link to `/` must not walk the whole machine.
const MAX_ENTRIES: usize = 100_000;

/// At most this many files of a folder are named in warnings; the rest
/// are counted in one more.
const MAX_NAMED: usize = 20;

fn load_dir_limited(
    dir: &Path,
    warn: &mut dyn FnMut(Warning),
    max_entries: usize,
) -> Result<LoadedAssessment, Diagnostics> {
    let mut diags = Diagnostics::default();
    if !dir.is_dir() {
        diags.push(Diagnostic::general(format!(
            "assessment folder `{}` does not exist or is not a folder",
            dir.display()
        )));
        return Err(diags);
    }
    let mut reader = Reader {
        dir,
        sources: Vec::new(),
        diags: &mut diags,
        warn,
        max_entries,
    };

    let assessment = reader.single("assessment", true);
    let plan = reader.single("plan", false);
    let risks = reader.single("risks", false);
    let rules = reader.single("rules", false);

    let components_dir = dir.join("components");
    let mut components = Vec::new();
    for path in reader.files_under(&components_dir, 1) {
        components.extend(reader.parse_file::<ComponentFile>(&path));
    }
    let mut findings = Vec::new();
    for path in reader.files_under(&dir.join("findings"), usize::MAX) {
        findings.extend(reader.parse_file::<FindingsFile>(&path));
    }

    let empty = reader.sources.is_empty();
    let sources = reader.sources;
    if empty && diags.0.len() == 1 && diags.0[0].file.is_none() {
        // Nothing at all was found: say so plainly rather than "missing assessment.toml".
        diags.0.clear();
        diags.push(Diagnostic::general(format!(
            "assessment folder `{}` holds no input: expected assessment.toml, components/*.toml and optionally findings/, risks.toml, plan.toml, rules.toml",
            dir.display()
        )));
    } else if components.is_empty() && !components_dir.is_dir() {
        diags.push(Diagnostic::general(format!("assessment folder `{}` has no components/ folder: an assessment needs at least one component", dir.display())));
    }
    match assessment {
        Some(assessment) if diags.is_empty() => Ok(LoadedAssessment {
            sources,
            assessment,
            components,
            findings,
            plan,
            risks,
            rules,
        }),
        _ => Err(diags),
    }
}

struct Reader<'a> {
    dir: &'a Path,
    sources: Vec<SourceFile>,
    diags: &'a mut Diagnostics,
    warn: &'a mut dyn FnMut(Warning),
    max_entries: usize,
}

/// Names of placeholder and system files skipped without a warning.
const QUIET: [&str; 4] = [".gitkeep", ".keep", ".gitignore", ".DS_Store"];

/// Device and inode of a folder entry (following links), to read each
/// folder once.
#[cfg(unix)]
fn folder_id(e: &walkdir::DirEntry) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = e.metadata().ok().filter(|m| m.is_dir())?;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_id(_: &walkdir::DirEntry) -> Option<(u64, u64)> {
    None
}

/// What an entry that is neither a file nor a folder is, for messages.
fn special_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "not a regular file"
}

impl Reader<'_> {
    /// Reads `<stem>.toml` or `<stem>.json` at the top of the folder.
    fn single<T: serde::de::DeserializeOwned>(
        &mut self,
        stem: &str,
        required: bool,
    ) -> Option<Loaded<T>> {
        let mut candidates: Vec<PathBuf> = Vec::new();
        let mut unusable = false;
        for ext in ["toml", "json"] {
            let path = self.dir.join(format!("{stem}.{ext}"));
            // `metadata` follows links without opening: a FIFO is never read.
            let problem = match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => {
                    candidates.push(path);
                    continue;
                }
                Ok(m) if m.is_dir() => "is a folder, not a file".to_owned(),
                Ok(m) => format!(
                    "is {}, not a regular file; it is not read",
                    special_kind(m.file_type())
                ),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    match std::fs::symlink_metadata(&path) {
                        Ok(_) => "is a broken symbolic link".to_owned(),
                        Err(_) => continue,
                    }
                }
                Err(e) => format!("cannot read: {e}"),
            };
            let display = self.display(&path);
            self.diags.push(Diagnostic::in_file(&display, problem));
            unusable = true;
        }
        match candidates.as_slice() {
            [] if required && !unusable => {
                self.diags.push(Diagnostic::general(format!(
                    "assessment folder `{}` has no {stem}.toml (or {stem}.json)",
                    self.dir.display()
                )));
                None
            }
            [] => None,
            [one] => self.parse_file(one),
            _ => {
                self.diags.push(Diagnostic::in_file(
                    Path::new(&format!("{stem}.json")),
                    format!("both {stem}.toml and {stem}.json exist; keep one"),
                ));
                None
            }
        }
    }

    /// The TOML and JSON files under `dir`, at most `depth` levels deep, in
    /// path order, following symbolic links. Entries that cannot be input
    /// are problems; files that are simply not input get a warning.
    fn files_under(&mut self, dir: &Path, depth: usize) -> Vec<PathBuf> {
        if !dir.is_dir() {
            return Vec::new();
        }
        let folder = self.display(dir).display().to_string();
        let mut out = Vec::new();
        // Each folder is read once, however many links lead to it: links
        // fanning out to one folder would otherwise multiply the walk.
        let mut seen: BTreeMap<(u64, u64), PathBuf> = BTreeMap::new();
        let mut again: Vec<(PathBuf, PathBuf)> = Vec::new();
        let walk = WalkDir::new(dir)
            .follow_links(true)
            .max_depth(depth)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let Some(id) = folder_id(e) else {
                    return true;
                };
                match seen.get(&id) {
                    Some(first) => {
                        again.push((e.path().to_owned(), first.clone()));
                        false
                    }
                    None => {
                        seen.insert(id, e.path().to_owned());
                        true
                    }
                }
            });
        let mut skipped = 0usize;
        for (n, entry) in walk.enumerate() {
            if n > self.max_entries {
                self.diags.push(Diagnostic::in_file(
                    Path::new(&folder),
                    format!(
                        "holds more than {} entries (links followed); stopped reading there",
                        self.max_entries
                    ),
                ));
                break;
            }
            let e = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = self.display(e.path().unwrap_or(dir));
                    let message = match (e.loop_ancestor(), e.io_error()) {
                        (Some(ancestor), _) => format!(
                            "is a symbolic link loop (back to `{}`); it is not followed",
                            self.display(ancestor).display()
                        ),
                        (None, Some(io)) if io.kind() == std::io::ErrorKind::NotFound => {
                            "is a broken symbolic link".to_owned()
                        }
                        (None, Some(io)) => format!("cannot read: {io}"),
                        (None, None) => format!("cannot read: {e}"),
                    };
                    self.diags.push(Diagnostic::in_file(&path, message));
                    continue;
                }
            };
            if e.depth() == 0 {
                continue;
            }
            let display = self.display(e.path());
            let file_type = e.file_type();
            let name = e.file_name().to_string_lossy();
            if file_type.is_file() && is_input_file(e.path()) {
                out.push(e.into_path());
            } else if file_type.is_dir() && is_input_file(e.path()) {
                self.diags.push(Diagnostic::in_file(
                    &display,
                    "is a folder, not a file; expected a TOML or JSON file",
                ));
            } else if file_type.is_dir() {
                if depth == 1 {
                    (self.warn)(Warning {
                        file: display,
                        message: format!(
                            "folder not read: components are read from the top of {folder}/ only"
                        ),
                    });
                }
            } else if !file_type.is_file() {
                self.diags.push(Diagnostic::in_file(
                    &display,
                    format!(
                        "is {}, not a regular file; it is not read",
                        special_kind(file_type)
                    ),
                ));
            } else if !QUIET.contains(&name.as_ref()) {
                skipped += 1;
                if skipped > MAX_NAMED {
                    continue;
                }
                let message = match e.path().extension().and_then(|x| x.to_str()) {
                    Some("sarif" | "xml") => "not read: SARIF and XML reports are not input yet; a future `readiness import` command will turn them into findings".to_owned(),
                    _ => format!("not read: only .toml and .json files in {folder}/ are input"),
                };
                (self.warn)(Warning {
                    file: display,
                    message,
                });
            }
        }
        if skipped > MAX_NAMED {
            (self.warn)(Warning {
                file: PathBuf::from(&folder),
                message: format!(
                    "{} more files not read: only .toml and .json files in {folder}/ are input",
                    skipped - MAX_NAMED
                ),
            });
        }
        for (path, first) in again {
            let warning = Warning {
                file: self.display(&path),
                message: format!(
                    "not read: the same folder as `{}`, read already",
                    self.display(&first).display()
                ),
            };
            (self.warn)(warning);
        }
        out
    }

    fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.dir).unwrap_or(path).to_owned()
    }

    fn parse_file<T: serde::de::DeserializeOwned>(&mut self, path: &Path) -> Option<Loaded<T>> {
        let display = self.display(path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.diags
                    .push(Diagnostic::in_file(&display, format!("cannot read: {e}")));
                return None;
            }
        };
        let json = path.extension().is_some_and(|e| e == "json");
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let src = SourceFile {
                    display,
                    text: lossy,
                    json,
                };
                let prefix_chars = String::from_utf8_lossy(&e.as_bytes()[..valid]).len();
                self.diags.push(src.diagnostic(
                    Some(prefix_chars..prefix_chars + 1),
                    None,
                    format!("invalid UTF-8 at byte {valid}: input files must be UTF-8 text"),
                ));
                return None;
            }
        };
        let src = SourceFile {
            display,
            text,
            json,
        };
        let parsed = parse::parse::<T>(&src);
        let file = self.sources.len();
        self.sources.push(src);
        match parsed {
            Ok(value) => Some(Loaded { value, file }),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(root: &Path) -> PathBuf {
        let dir = root.join("in");
        for entry in WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/013a-analytics")) {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(concat!(env!("CARGO_MANIFEST_DIR"), "/data/013a-analytics"))
                .unwrap();
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(dir.join(rel)).unwrap();
            } else {
                std::fs::copy(entry.path(), dir.join(rel)).unwrap();
            }
        }
        dir
    }

    /// A link to a huge tree (`/`, say) must not walk it all: the walk
    /// stops at a bound and says so.
    #[test]
    fn the_walk_stops_at_a_bound() {
        let root = tempfile::tempdir().unwrap();
        let dir = example(root.path());
        for i in 0..30 {
            std::fs::write(dir.join(format!("findings/n{i:02}.txt")), "").unwrap();
        }
        let mut warnings = Vec::new();
        let diags = load_dir_limited(&dir, &mut |w| warnings.push(w.to_string()), 25)
            .err()
            .unwrap();
        assert_eq!(
            diags.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["error: findings: holds more than 25 entries (links followed); stopped reading there"]
        );
        // Twenty files named, the rest counted.
        assert_eq!(warnings.len(), 21, "{warnings:#?}");
        assert_eq!(
            warnings[20],
            "warning: findings: 5 more files not read: only .toml and .json files in findings/ are input"
        );
        let mut warnings = 0;
        assert!(load_dir_limited(&dir, &mut |_| warnings += 1, MAX_ENTRIES).is_ok());
        assert_eq!(warnings, 21);
    }
}
