//! Loading: finds the files of an assessment folder and parses them.
//!
//! This is the only stage that reads the input. Every file is kept in
//! memory as a [`SourceFile`] so later stages can point into it. Parse
//! errors of all files are collected; the run fails only after every file
//! has been read.

mod check;
mod locate;
mod parse;
mod tree;

pub use locate::{FieldPath, Segment, locate};

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, Kind, Label, SourceFile};
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

fn is_input_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("toml" | "json")
    )
}

/// Reads and parses every file of the assessment folder `dir`.
pub fn load_dir(dir: &Path) -> Result<LoadedAssessment, Diagnostics> {
    match load_dir_partial(dir) {
        (Some(loaded), diags) if diags.is_empty() => Ok(loaded),
        (_, diags) => Err(diags),
    }
}

/// Reads and parses every file of `dir`, and returns what could be read
/// (when `assessment.toml` could) along with every problem, so the files
/// that parsed can still be validated in the same run.
pub fn load_dir_partial(dir: &Path) -> (Option<LoadedAssessment>, Diagnostics) {
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
    if empty && diags.0.len() == 1 {
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
        let candidates: Vec<PathBuf> = ["toml", "json"]
            .iter()
            .map(|ext| self.dir.join(format!("{stem}.{ext}")))
            .filter(|p| p.is_file())
            .collect();
        match candidates.as_slice() {
            [] if required => {
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

    /// The TOML and JSON files under `dir`, at most `depth` levels deep, in path order.
    fn files_under(&mut self, dir: &Path, depth: usize) -> Vec<PathBuf> {
        if !dir.is_dir() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for entry in WalkDir::new(dir).max_depth(depth).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() && is_input_file(e.path()) => {
                    out.push(e.into_path())
                }
                Ok(_) => {}
                Err(e) => self.diags.push(Diagnostic::in_file(
                    &self.display(e.path().unwrap_or(dir)),
                    Kind::Unreadable {
                        reason: e.to_string(),
                    },
                )),
            }
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
