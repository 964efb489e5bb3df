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

pub mod baseline;
mod check;
mod locate;
mod parse;
pub(crate) mod tree;

pub use locate::{FieldPath, Segment, locate};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, Kind, Label, SourceFile, Warning};
use crate::model::{AssessmentFile, ComponentFile, FindingsFile, PlanFile, RisksFile};
use crate::score::rules::Rules;

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
    /// `rules.toml`, if present: its keys merged over the built-in rules.
    pub rules: Option<Loaded<Rules>>,
    /// The files that could not be read or parsed (only from
    /// [`load_dir_partial`]): references may point into them, so
    /// validation does not call those unknown.
    pub unparsed: Vec<PathBuf>,
}

impl LoadedAssessment {
    /// Whether some file could not be read or parsed.
    pub fn incomplete(&self) -> bool {
        !self.unparsed.is_empty()
    }

    /// Whether a rules file exists but could not be read or parsed.
    pub fn rules_unparsed(&self) -> bool {
        self.unparsed
            .iter()
            .any(|p| p == Path::new("rules.toml") || p == Path::new("rules.json"))
    }
}

impl LoadedAssessment {
    /// A diagnostic at `path` in file `file`.
    pub fn diagnostic(&self, file: usize, path: &FieldPath, kind: impl Into<Kind>) -> Diagnostic {
        let src = &self.sources[file];
        let span = locate(&src.text, src.json, path);
        src.diagnostic(span, (!path.0.is_empty()).then(|| path.to_string()), kind)
    }

    /// Whether file `file` gives a value at exactly `path`.
    pub fn gives(&self, file: usize, path: &FieldPath) -> bool {
        let src = &self.sources[file];
        let tree = if src.json {
            Some(tree::from_json(&src.text))
        } else {
            tree::from_toml(&src.text).ok()
        };
        tree.is_some_and(|t| t.get(path).is_some())
    }

    /// A secondary place at `path` in file `file`, such as "first defined here".
    pub fn label(&self, file: usize, path: &FieldPath, message: impl Into<String>) -> Label {
        let src = &self.sources[file];
        Label {
            file: src.display.clone(),
            location: locate(&src.text, src.json, path).map(|span| src.location(span)),
            message: message.into(),
        }
    }
}

/// Parses one file's source as `T`, checked against `T`'s JSON Schema
/// with every problem located: for input files read outside an
/// assessment folder (probe files) with the same diagnostics.
pub fn parse_source<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    src: &SourceFile,
) -> Result<T, Vec<Diagnostic>> {
    parse::parse(src)
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
    match load_dir_partial_with(dir, warn) {
        (Some(loaded), diags) if diags.is_empty() => Ok(loaded),
        (_, diags) => Err(diags),
    }
}

/// Reads and parses every file of `dir`, and returns what could be read
/// (when `assessment.toml` could) along with every problem, so the files
/// that parsed can still be validated in the same run; warnings are
/// dropped (see [`load_dir_partial_with`]).
pub fn load_dir_partial(dir: &Path) -> (Option<LoadedAssessment>, Diagnostics) {
    load_dir_partial_with(dir, &mut |_| {})
}

/// [`load_dir_partial`], handing each [`Warning`] (entries skipped as not
/// input) to `warn` as found.
pub fn load_dir_partial_with(
    dir: &Path,
    warn: &mut dyn FnMut(Warning),
) -> (Option<LoadedAssessment>, Diagnostics) {
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
) -> (Option<LoadedAssessment>, Diagnostics) {
    let mut diags = Diagnostics::default();
    if !dir.is_dir() {
        diags.push(Diagnostic::general(Kind::NoFolder {
            dir: dir.display().to_string(),
        }));
        return (None, diags);
    }
    let mut reader = Reader {
        dir,
        sources: Vec::new(),
        unparsed: Vec::new(),
        diags: &mut diags,
        warn,
        max_entries,
    };

    let assessment = reader.single("assessment", true, parse::parse::<AssessmentFile>);
    let plan = reader.single("plan", false, parse::parse::<PlanFile>);
    let risks = reader.single("risks", false, parse::parse::<RisksFile>);
    let rules = reader.single("rules", false, parse::parse_rules);

    let components_dir = dir.join("components");
    let mut components = Vec::new();
    let component_files = reader.files_under(&components_dir, 1);
    for path in &component_files {
        components.extend(reader.parse_file(path, parse::parse::<ComponentFile>));
    }
    let mut findings = Vec::new();
    for path in reader.files_under(&dir.join("findings"), usize::MAX) {
        findings.extend(reader.parse_file(&path, parse::parse::<FindingsFile>));
    }

    let empty = reader.sources.is_empty();
    let sources = reader.sources;
    let mut unparsed = reader.unparsed;
    if component_files.is_empty() {
        // With no component, every reference to one would look dangling.
        unparsed.push(PathBuf::from("components"));
    }
    if empty && diags.0.len() == 1 && diags.0[0].file.is_none() {
        // Nothing at all was found: say so plainly rather than "missing assessment.toml".
        diags.0.clear();
        diags.push(Diagnostic::general(Kind::NoInput {
            dir: dir.display().to_string(),
        }));
    } else if component_files.is_empty() && !components_dir.is_dir() {
        diags.push(Diagnostic::general(Kind::NoComponentsFolder {
            dir: dir.display().to_string(),
        }));
    } else if component_files.is_empty() {
        diags.push(Diagnostic::general(Kind::NoComponents {
            dir: dir.display().to_string(),
        }));
    }
    let loaded = assessment.map(|assessment| LoadedAssessment {
        sources,
        assessment,
        components,
        findings,
        plan,
        risks,
        rules,
        unparsed,
    });
    (loaded, diags)
}

struct Reader<'a> {
    dir: &'a Path,
    sources: Vec<SourceFile>,
    unparsed: Vec<PathBuf>,
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

/// Parses one file's source into its model type, or says every problem.
type Parser<T> = fn(&SourceFile) -> Result<T, Vec<Diagnostic>>;

impl Reader<'_> {
    /// Reads `<stem>.toml` or `<stem>.json` at the top of the folder.
    fn single<T>(
        &mut self,
        stem: &'static str,
        required: bool,
        parse: Parser<T>,
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
                Ok(m) if m.is_dir() => Kind::FolderNotFile,
                Ok(m) => Kind::NotRegularFile {
                    what: special_kind(m.file_type()),
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    match std::fs::symlink_metadata(&path) {
                        Ok(_) => Kind::BrokenLink,
                        Err(_) => continue,
                    }
                }
                Err(e) => Kind::Unreadable {
                    reason: e.to_string(),
                },
            };
            let display = self.display(&path);
            self.diags.push(Diagnostic::in_file(&display, problem));
            // It may hold what other files refer to.
            self.unparsed.push(display);
            unusable = true;
        }
        match candidates.as_slice() {
            [] if required && !unusable => {
                self.diags.push(Diagnostic::general(Kind::MissingFile {
                    dir: self.dir.display().to_string(),
                    stem,
                }));
                None
            }
            [] => None,
            [one] => self.parse_file(one, parse),
            _ => {
                let name = PathBuf::from(format!("{stem}.json"));
                self.diags
                    .push(Diagnostic::in_file(&name, Kind::BothFormats { stem }));
                self.unparsed.push(name);
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
                let display = PathBuf::from(&folder);
                self.diags.push(Diagnostic::in_file(
                    &display,
                    Kind::TooManyEntries {
                        max: self.max_entries,
                    },
                ));
                self.unparsed.push(display);
                break;
            }
            let e = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = self.display(e.path().unwrap_or(dir));
                    let kind = match (e.loop_ancestor(), e.io_error()) {
                        (Some(ancestor), _) => Kind::LinkLoop {
                            ancestor: self.display(ancestor).display().to_string(),
                        },
                        (None, Some(io)) if io.kind() == std::io::ErrorKind::NotFound => {
                            Kind::BrokenLink
                        }
                        (None, Some(io)) => Kind::Unreadable {
                            reason: io.to_string(),
                        },
                        (None, None) => Kind::Unreadable {
                            reason: e.to_string(),
                        },
                    };
                    self.diags.push(Diagnostic::in_file(&path, kind));
                    self.unparsed.push(path);
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
                self.diags
                    .push(Diagnostic::in_file(&display, Kind::FolderNotFile));
                self.unparsed.push(display);
            } else if file_type.is_dir() {
                if depth == 1 {
                    (self.warn)(Warning {
                        at: None,
                        file: display,
                        kind: Kind::NestedFolder {
                            folder: folder.clone(),
                        },
                    });
                }
            } else if !file_type.is_file() {
                self.diags.push(Diagnostic::in_file(
                    &display,
                    Kind::NotRegularFile {
                        what: special_kind(file_type),
                    },
                ));
                self.unparsed.push(display);
            } else if !QUIET.contains(&name.as_ref()) {
                skipped += 1;
                if skipped > MAX_NAMED {
                    continue;
                }
                let kind = match e.path().extension().and_then(|x| x.to_str()) {
                    Some("sarif" | "xml") => Kind::ReportNotInput,
                    _ => Kind::NotInput {
                        folder: folder.clone(),
                    },
                };
                (self.warn)(Warning {
                    at: None,
                    file: display,
                    kind,
                });
            }
        }
        if skipped > MAX_NAMED {
            (self.warn)(Warning {
                at: None,
                file: PathBuf::from(&folder),
                kind: Kind::MoreNotInput {
                    count: skipped - MAX_NAMED,
                    folder: folder.clone(),
                },
            });
        }
        for (path, first) in again {
            let warning = Warning {
                at: None,
                file: self.display(&path),
                kind: Kind::FolderReadAlready {
                    first: self.display(&first).display().to_string(),
                },
            };
            (self.warn)(warning);
        }
        out
    }

    fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.dir).unwrap_or(path).to_owned()
    }

    fn parse_file<T>(&mut self, path: &Path, parse: Parser<T>) -> Option<Loaded<T>> {
        let display = self.display(path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(Diagnostic::in_file(
                    &display,
                    Kind::Unreadable {
                        reason: e.to_string(),
                    },
                ));
                self.unparsed.push(display);
                return None;
            }
        };
        let json = path.extension().is_some_and(|e| e == "json");
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                self.unparsed.push(display.clone());
                let src = SourceFile {
                    display,
                    text: lossy,
                    json,
                };
                let prefix_chars = String::from_utf8_lossy(&e.as_bytes()[..valid]).len();
                self.diags.push(src.diagnostic(
                    Some(prefix_chars..prefix_chars + 1),
                    None,
                    Kind::InvalidUtf8 { byte: valid },
                ));
                return None;
            }
        };
        // A byte order mark is invisible in editors: drop it, so columns
        // count as the user sees them, in TOML and JSON alike.
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        };
        let src = SourceFile {
            display,
            text,
            json,
        };
        let parsed = parse(&src);
        let file = self.sources.len();
        self.sources.push(src);
        match parsed {
            Ok(value) => Some(Loaded { value, file }),
            Err(ds) => {
                self.unparsed.push(self.sources[file].display.clone());
                self.diags.0.extend(ds);
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
        let (_, diags) = load_dir_limited(&dir, &mut |w| warnings.push(w.to_string()), 25);
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
        assert!(
            load_dir_limited(&dir, &mut |_| warnings += 1, MAX_ENTRIES)
                .1
                .is_empty()
        );
        assert_eq!(warnings, 21);
    }
}
