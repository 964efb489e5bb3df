//! What can be wrong with an input: one kind per problem, worded in one
//! place (this `Display`), so the same problem always reads the same way.

use std::fmt;

use super::did_you_mean;

/// At most this many candidates are listed in "expected one of".
const LIST_MAX: usize = 12;

/// The longest file name most file systems take, in bytes.
pub const MAX_FILE_NAME: usize = 255;

/// Bytes the output folder adds to the id: `-YYYY-MM-DD`.
pub const DATE_SUFFIX: usize = "-YYYY-MM-DD".len();

/// One kind of problem in the input, with what is needed to word it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The file is not valid TOML or JSON.
    Syntax {
        /// `TOML` or `JSON`.
        format: &'static str,
        /// The parser's words.
        message: String,
    },
    /// The file is not UTF-8.
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        byte: usize,
    },
    /// Text the PDF's fonts have no glyph for (a warning).
    NoGlyph {
        /// The field, as a path (`finding[2].title`).
        field: String,
        /// The characters, each once, in order of appearance.
        chars: Vec<char>,
    },
    /// A font given with `--font` cannot be used.
    Font {
        /// Why not.
        reason: String,
    },
    /// The file cannot be read.
    Unreadable {
        /// The system's words.
        reason: String,
    },
    /// A key the table does not take.
    UnknownField {
        /// The key.
        field: String,
        /// The keys the table takes.
        expected: Vec<String>,
    },
    /// A key given twice in one object.
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// Required keys absent from a table.
    MissingFields {
        /// The absent keys.
        fields: Vec<String>,
    },
    /// A value of the wrong type.
    WrongType {
        /// What was found, e.g. "a string `\"first\"`".
        found: String,
        /// What is expected, e.g. "an integer".
        expected: String,
    },
    /// A word outside a closed list (an enum, a scale, a level).
    UnknownWord {
        /// What the word names: "value", "likelihood", "level"...
        what: String,
        /// The word.
        word: String,
        /// The words allowed.
        expected: Vec<String>,
    },
    /// A number outside the range its field takes.
    OutOfRange {
        /// The number.
        value: String,
        /// The smallest allowed.
        min: String,
        /// The largest allowed.
        max: String,
    },
    /// A value the field's own parser refused (dates, windows).
    Invalid {
        /// The parser's words.
        message: String,
    },
    /// An id that is not a slug.
    BadId {
        /// What the id names.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// An id defined twice.
    Duplicate {
        /// What the id names.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A reference to an id that is not defined.
    UnknownReference {
        /// What the id names.
        what: &'static str,
        /// The id.
        id: String,
        /// The ids defined.
        known: Vec<String>,
    },
    /// The assessment folder does not exist.
    NoFolder {
        /// The folder as given.
        dir: String,
    },
    /// The assessment folder holds none of the input files.
    NoInput {
        /// The folder as given.
        dir: String,
    },
    /// A required file is absent.
    MissingFile {
        /// The folder as given.
        dir: String,
        /// The file's name without extension.
        stem: &'static str,
    },
    /// Both the TOML and the JSON form of a file exist.
    BothFormats {
        /// The file's name without extension.
        stem: &'static str,
    },
    /// No components/ folder.
    NoComponentsFolder {
        /// The folder as given.
        dir: String,
    },
    /// A components/ folder with no component file.
    NoComponents {
        /// The folder as given.
        dir: String,
    },
    /// `review_interval_days = 0`.
    ZeroInterval,
    /// `--baseline` names nothing.
    NoBaseline {
        /// The path as given.
        path: String,
    },
    /// `--baseline` names a folder with no earlier build of the assessment.
    NoEarlierBuild {
        /// The folder as given.
        dir: String,
        /// The assessment id.
        id: String,
        /// The assessment's day (YYYY-MM-DD).
        date: String,
    },
    /// The baseline is not an `assessment.json` this readiness reads.
    BadBaseline {
        /// The parser's words.
        message: String,
    },
    /// The baseline's JSON layout is another version.
    BaselineFormat {
        /// Its `format_version`.
        found: u32,
        /// The one this readiness reads.
        expected: u32,
    },
    /// The baseline is of another assessment.
    BaselineOfAnother {
        /// Its id.
        found: String,
        /// This assessment's id.
        expected: String,
    },
    /// The baseline is not older than the assessment.
    BaselineNotOlder {
        /// Its date (RFC 3339).
        baseline: String,
        /// This assessment's date (RFC 3339).
        date: String,
    },
    /// An assessment id too long for the output folder's name.
    IdTooLong {
        /// The id's length in bytes.
        len: usize,
        /// The output folder name's length in bytes.
        folder_len: usize,
    },
    /// Two components with the same `order`.
    DuplicateOrder {
        /// The order.
        order: i64,
    },
    /// A finding observed after the assessment date.
    ObservedAfterAssessment {
        /// When it was observed (RFC 3339).
        observed: String,
        /// The assessment date (RFC 3339).
        date: String,
    },
    /// A finding first seen after the assessment date.
    FirstSeenAfterAssessment {
        /// Its `first_seen` (RFC 3339).
        first_seen: String,
        /// The assessment date (RFC 3339).
        date: String,
    },
    /// A finding in a component's file naming another component.
    ForeignComponent {
        /// The component whose file holds the finding.
        file_component: String,
        /// The component it names.
        named: String,
    },
    /// A finding outside a component file that names no component.
    FindingWithoutComponent,
    /// A checklist item ticked while the action that completes it is open.
    ChecklistAhead {
        /// The action.
        action: String,
    },
    /// An accepted finding without all of `reason`, `accepted_by`, `expires`.
    AcceptanceIncomplete {
        /// The fields it lacks (or leaves blank).
        missing: Vec<&'static str>,
    },
    /// An override with a blank reason.
    OverrideWithoutReason {
        /// "assessor" or "priority".
        what: &'static str,
    },
    /// An assessor override with neither status nor health.
    OverrideWithoutVerdict,
    /// A scale or the levels of the risk matrix are empty.
    EmptyList,
    /// A risk scale longer than the heat map draws.
    TooManySteps {
        /// Its steps.
        len: usize,
        /// The most a scale may have.
        max: usize,
    },
    /// The matrix has the wrong number of rows.
    GridRows {
        /// One per impact.
        expected: usize,
        /// Given.
        found: usize,
    },
    /// A matrix row has the wrong number of entries.
    GridEntries {
        /// One per likelihood.
        expected: usize,
        /// Given.
        found: usize,
    },
    /// No health band starts at 0.
    NoZeroBand,
    /// `yellow_min` above `green_min`.
    YellowAboveGreen {
        /// The `green_min` in force.
        green_min: u32,
    },
    /// A share outside 0–1.
    ShareOutOfRange,
    /// A problem of the built-in rules (a bug, but said like any other).
    BuiltinRules {
        /// The field.
        field: String,
        /// The problem.
        inner: Box<Kind>,
    },
    /// An assessment date and review interval whose next review falls
    /// after the year 9999, the last the outputs can write.
    IntervalTooLong {
        /// `review_interval_days`.
        days: u32,
    },
    /// A horizon window that, counted from the assessment date, ends after
    /// the year 9999.
    WindowTooLong {
        /// The window, as written in rules (`4294967295h`).
        window: String,
        /// The assessment date (RFC 3339).
        date: String,
    },
    /// A horizon window of no length (`0h`).
    ZeroWindow {
        /// The window.
        window: String,
    },
    /// A horizon window that ends no later than the one before it.
    WindowOutOfOrder {
        /// The window.
        window: String,
        /// The horizon before it: `immediate` or `short-term`.
        before: &'static str,
        /// That horizon's window.
        before_window: String,
    },
    /// An entry of the folder named like input that is a folder.
    FolderNotFile,
    /// An entry that is neither a file nor a folder (never opened).
    NotRegularFile {
        /// What it is: "a FIFO", "a socket", "a device"…
        what: &'static str,
    },
    /// A symbolic link to nothing.
    BrokenLink,
    /// A symbolic link back to a folder above it.
    LinkLoop {
        /// The folder it leads back to, relative to the assessment folder.
        ancestor: String,
    },
    /// A folder whose walk (links followed) passed the bound.
    TooManyEntries {
        /// The bound.
        max: usize,
    },
    /// Warning: a folder inside `components/`, which is read at its top only.
    NestedFolder {
        /// `components`.
        folder: String,
    },
    /// Warning: a file that is not `.toml` or `.json`, not read.
    NotInput {
        /// The folder it is in: `components` or `findings`.
        folder: String,
    },
    /// Warning: a SARIF or XML report, not read.
    ReportNotInput,
    /// Warning: files not read beyond those named.
    MoreNotInput {
        /// How many.
        count: usize,
        /// The folder they are in.
        folder: String,
    },
    /// Warning: a folder reached again through a link, read once.
    FolderReadAlready {
        /// Where it was read, relative to the assessment folder.
        first: String,
    },
    /// `readiness import`: the file is JSON but not a SARIF 2.1.0 log.
    NotSarif {
        /// What is missing or wrong.
        reason: String,
    },
    /// `readiness import`: the XML's root is not a JUnit report's.
    NotJunit {
        /// The root element found.
        root: String,
    },
    /// `readiness import`: an XML file with a DTD, refused.
    XmlDtd,
    /// `readiness import`: a file past the size an importer reads.
    ImportTooLarge {
        /// Its size in bytes.
        bytes: u64,
        /// The bound.
        max: u64,
    },
    /// `readiness import`: an option given a value it does not take.
    ImportOption {
        /// The option, e.g. `--component`.
        option: &'static str,
        /// What it was given.
        found: String,
        /// What it takes.
        expected: &'static str,
    },
    /// Warning of `readiness import`: a part of a report that is not
    /// understood, skipped while the rest of the file is imported.
    ImportSkipped {
        /// Where in the file, as a JSON path (`runs[0].results[3]`) or an
        /// XML line.
        path: String,
        /// Why.
        reason: String,
    },
    /// Warning of `readiness import`: a report given twice (same bytes),
    /// read once so its results are not counted twice.
    ImportDuplicate {
        /// The file it repeats.
        first: String,
    },
    /// What a parser said that no kind above words (serde's last word on
    /// a file the schema check passed).
    Other {
        /// The parser's words.
        message: String,
    },
}

/// At most this many characters of a value the user wrote are quoted.
const QUOTE_MAX: usize = 60;

/// `text` cut to `QUOTE_MAX` (60) characters, with `…` when cut: a message
/// quotes what the user wrote, never megabytes of it.
pub fn short(text: &str) -> std::borrow::Cow<'_, str> {
    cut(text, QUOTE_MAX)
}

/// `text` cut to `max` characters, with `…` when cut.
pub fn cut(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]).into(),
        None => text.into(),
    }
}

fn list(items: &[String]) -> String {
    let mut out = items
        .iter()
        .take(LIST_MAX)
        .map(|i| format!("`{}`", short(i)))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > LIST_MAX {
        out.push_str(&format!(" and {} more", items.len() - LIST_MAX));
    }
    out
}

/// "expected one of …" and a suggestion: a case hint when only the case
/// differs, a did-you-mean when a close word means the same kind of thing.
fn expected_one_of(f: &mut fmt::Formatter<'_>, word: &str, expected: &[String]) -> fmt::Result {
    if expected.is_empty() {
        return Ok(());
    }
    write!(f, "; expected one of {}", list(expected))?;
    if let Some(same) = expected.iter().find(|e| e.eq_ignore_ascii_case(word)) {
        write!(f, " (case matters: did you mean `{same}`?)")
    } else if let Some(best) = did_you_mean(word, expected.iter().map(String::as_str)) {
        write!(f, " (did you mean `{best}`?)")
    } else {
        Ok(())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Syntax { format, message } => write!(f, "invalid {format}: {message}"),
            Kind::InvalidUtf8 { byte } => write!(
                f,
                "invalid UTF-8 at byte {byte}: input files must be UTF-8 text"
            ),
            Kind::NoGlyph { field, chars } => {
                const SHOWN: usize = 8;
                let shown: Vec<String> = chars
                    .iter()
                    .take(SHOWN)
                    .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
                    .collect();
                let more = match chars.len().saturating_sub(SHOWN) {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                write!(
                    f,
                    "field `{field}`: the PDF's fonts have no glyph for {}{more}: the PDF draws \u{fffd} in their place (the Markdown and HTML keep them); give a font that has them with `--font PATH` or `--system-fonts`",
                    shown.join(", ")
                )
            }
            Kind::Font { reason } => write!(f, "font given with `--font`: {reason}"),
            Kind::Unreadable { reason } => write!(f, "cannot read: {reason}"),
            Kind::UnknownField { field, expected } => {
                write!(f, "unknown field `{}`", short(field))?;
                if expected.is_empty() {
                    f.write_str("; this table takes no fields")
                } else {
                    expected_one_of(f, field, expected)
                }
            }
            Kind::DuplicateKey { key } => write!(f, "duplicate key `{}`", short(key)),
            Kind::MissingFields { fields } => match fields.as_slice() {
                [one] => write!(f, "missing field `{one}`"),
                _ => write!(f, "missing fields {}", list(fields)),
            },
            Kind::WrongType { found, expected } => {
                write!(f, "wrong type: found {found}, expected {expected}")
            }
            Kind::UnknownWord {
                what,
                word,
                expected,
            } => {
                write!(f, "unknown {what} `{}`", short(word))?;
                if expected.is_empty() {
                    write!(f, "; no {what} is defined")
                } else {
                    expected_one_of(f, word, expected)
                }
            }
            Kind::OutOfRange { value, min, max } => {
                write!(f, "{value} is out of range: expected {min} to {max}")
            }
            Kind::Invalid { message } | Kind::Other { message } => f.write_str(message),
            Kind::NoFolder { dir } => write!(f, "assessment folder `{dir}` does not exist or is not a folder"),
            Kind::NoInput { dir } => write!(f, "assessment folder `{dir}` holds no input: expected assessment.toml, components/*.toml and optionally findings/, risks.toml, plan.toml, rules.toml"),
            Kind::MissingFile { dir, stem } => write!(f, "assessment folder `{dir}` has no {stem}.toml (or {stem}.json)"),
            Kind::BothFormats { stem } => write!(f, "both {stem}.toml and {stem}.json exist; keep one"),
            Kind::NoComponentsFolder { dir } => write!(f, "assessment folder `{dir}` has no components/ folder: an assessment needs at least one component"),
            Kind::NoComponents { dir } => write!(f, "the components/ folder of `{dir}` holds no component file (*.toml or *.json): an assessment needs at least one component"),
            Kind::ZeroInterval => f.write_str("must be at least 1 day"),
            Kind::NoBaseline { path } => write!(f, "baseline `{path}` does not exist: give an earlier `assessment.json`, a build folder holding one, or a folder of builds"),
            Kind::NoEarlierBuild { dir, id, date } => write!(f, "`{dir}` holds no earlier build of `{id}`: expected a folder `{id}-YYYY-MM-DD` dated before {date} with an `assessment.json`"),
            Kind::BadBaseline { message } => write!(f, "not an `assessment.json` written by readiness: {message}"),
            Kind::BaselineFormat { found, expected } => write!(f, "the baseline's layout is version {found}; this readiness reads version {expected}"),
            Kind::BaselineOfAnother { found, expected } => write!(f, "the baseline is of assessment `{found}`, not `{expected}`"),
            Kind::BaselineNotOlder { baseline, date } => write!(f, "the baseline is dated {baseline}, which is not before this assessment's {date}"),
            Kind::IdTooLong { len, folder_len } => write!(
                f,
                "too long: {len} bytes; the output folder `<id>-<date>` would be {folder_len} bytes, and a file name holds at most {MAX_FILE_NAME} (keep the id within {} bytes)",
                MAX_FILE_NAME - DATE_SUFFIX
            ),
            Kind::DuplicateOrder { order } => write!(f, "duplicate order `{order}`: each component needs its own place in the report"),
            Kind::ObservedAfterAssessment { observed, date } => write!(f, "observed at {observed}, after the assessment date {date}: a finding cannot be observed after the assessment"),
            Kind::ForeignComponent { file_component, named } => write!(f, "a finding inside the file of component `{}` cannot name component `{}`; remove `component` or move the finding", short(file_component), short(named)),
            Kind::FindingWithoutComponent => f.write_str("missing field `component`: a finding outside a component file must name its component"),
            Kind::ChecklistAhead { action } => write!(f, "ticked, but the action that completes it, `{action}`, is open: an item tied to an action is done when its action is done"),
            Kind::FirstSeenAfterAssessment { first_seen, date } => write!(f, "first seen at {first_seen}, after the assessment date {date}: a finding cannot first appear after the assessment"),
            Kind::AcceptanceIncomplete { missing } => write!(f, "an accepted finding needs {}: say why the risk is accepted, who accepted it and when the acceptance ends", missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")),
            Kind::OverrideWithoutReason { what } => {
                let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                write!(f, "{article} {what} override needs a reason")
            }
            Kind::OverrideWithoutVerdict => f.write_str("an assessor override must give a `status`, a `health`, or both"),
            Kind::EmptyList => f.write_str("must not be empty"),
            Kind::TooManySteps { len, max } => {
                write!(f, "a scale has at most {max} steps; this one has {len}")
            }
            Kind::GridRows { expected, found } => write!(f, "expected {expected} rows (one per impact), found {found}"),
            Kind::GridEntries { expected, found } => write!(f, "expected {expected} entries (one per likelihood), found {found}"),
            Kind::NoZeroBand => f.write_str("one band must have `min = 0` so every score has a health"),
            Kind::YellowAboveGreen { green_min } => write!(f, "must not be greater than `green_min` ({green_min})"),
            Kind::ShareOutOfRange => f.write_str("must be between 0 and 1"),
            Kind::IntervalTooLong { days } => write!(f, "{days} days from the assessment date end after the year 9999, the last the outputs can write"),
            Kind::WindowTooLong { window, date } => write!(f, "window `{window}` is too long: counted from the assessment date ({date}) it ends after the year 9999, the last the outputs can write"),
            Kind::ZeroWindow { window } => write!(f, "window `{window}` must be longer than zero"),
            Kind::WindowOutOfOrder { window, before, before_window } => write!(f, "window `{window}` must end after the {before} window `{before_window}`: horizons end in order immediate, short-term, long-term"),
            Kind::FolderNotFile => f.write_str("is a folder, not a file; expected a TOML or JSON file"),
            Kind::NotRegularFile { what } => write!(f, "is {what}, not a regular file; it is not read"),
            Kind::BrokenLink => f.write_str("is a broken symbolic link"),
            Kind::LinkLoop { ancestor } => write!(f, "is a symbolic link loop (back to `{ancestor}`); it is not followed"),
            Kind::TooManyEntries { max } => write!(f, "holds more than {max} entries (links followed); stopped reading there"),
            Kind::NestedFolder { folder } => write!(f, "folder not read: components are read from the top of {folder}/ only"),
            Kind::NotInput { folder } => write!(f, "not read: only .toml and .json files in {folder}/ are input"),
            Kind::ReportNotInput => f.write_str("not read: SARIF and XML reports are not input; turn them into findings with `readiness import sarif|junit FILE --component ID -o findings/imported/NAME.json`"),
            Kind::NotSarif { reason } => write!(f, "not a SARIF 2.1.0 log: {reason}"),
            Kind::NotJunit { root } => write!(f, "not a JUnit XML report: the root element is `{}`, expected `testsuites` or `testsuite`", short(root)),
            Kind::XmlDtd => f.write_str("a document type declaration (`<!DOCTYPE …>`) is refused: its entities could expand without bound, and JUnit reports need none"),
            Kind::ImportTooLarge { bytes, max } => write!(f, "is {bytes} bytes, more than the {max} bytes an importer reads"),
            Kind::ImportOption { option, found, expected } => write!(f, "`{option}` cannot be `{}`: expected {expected}", short(found)),
            Kind::ImportSkipped { path, reason } => write!(f, "{path}: skipped: {reason}"),
            Kind::ImportDuplicate { first } => write!(f, "not read: the same bytes as `{first}`, imported once"),
            Kind::MoreNotInput { count, folder } => write!(f, "{count} more files not read: only .toml and .json files in {folder}/ are input"),
            Kind::FolderReadAlready { first } => write!(f, "not read: the same folder as `{first}`, read already"),
            Kind::BuiltinRules { field, inner } => write!(f, "built-in rules: `{field}`: {inner}"),
            Kind::BadId { what, id } => write!(
                f,
                "invalid {what} id `{}`: expected lowercase letters, digits, `-`, `_` or `.`, starting with a letter or digit",
                short(id)
            ),
            Kind::Duplicate { what, id } => write!(f, "duplicate {what} id `{}`", short(id)),
            Kind::UnknownReference { what, id, known } => {
                write!(f, "unknown {what} `{}`", short(id))?;
                let best = did_you_mean(id, known.iter().map(String::as_str));
                match best {
                    _ if known.is_empty() => write!(f, "; no {what} is defined"),
                    // A long list helps less than a good guess.
                    Some(best) if known.len() > LIST_MAX => {
                        write!(f, " (did you mean `{best}`?)")
                    }
                    _ => expected_one_of(f, id, known),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn long_values_are_quoted_short() {
        let k = Kind::UnknownWord {
            what: "value".into(),
            word: "x".repeat(1_000_000),
            expected: vec!["low".into()],
        };
        let text = k.to_string();
        assert!(text.len() < 200, "{}", text.len());
        assert!(text.contains(&format!("`{}…`", "x".repeat(QUOTE_MAX))));
    }

    #[test]
    fn suggestions_hints_and_lists() {
        let likelihood = words(&["rare", "low", "medium", "likely", "certain"]);
        let k = |word: &str| Kind::UnknownWord {
            what: "likelihood".into(),
            word: word.into(),
            expected: likelihood.clone(),
        };
        assert_eq!(
            k("unlikely").to_string(),
            "unknown likelihood `unlikely`; expected one of `rare`, `low`, `medium`, `likely`, `certain`"
        );
        assert_eq!(
            k("MEDIUM").to_string(),
            "unknown likelihood `MEDIUM`; expected one of `rare`, `low`, `medium`, `likely`, `certain` (case matters: did you mean `medium`?)"
        );
        assert_eq!(
            k("likley").to_string(),
            "unknown likelihood `likley`; expected one of `rare`, `low`, `medium`, `likely`, `certain` (did you mean `likely`?)"
        );
        let none = Kind::UnknownWord {
            what: "level".into(),
            word: "x".into(),
            expected: vec![],
        };
        assert_eq!(none.to_string(), "unknown level `x`; no level is defined");
        let many = Kind::UnknownReference {
            what: "finding",
            id: "zz".into(),
            known: (0..20).map(|i| format!("f{i}")).collect(),
        };
        assert!(many.to_string().ends_with("`f11` and 8 more"), "{many}");
        let guessed = Kind::UnknownReference {
            what: "finding",
            id: "f1y".into(),
            known: (0..20).map(|i| format!("f{i}x")).collect(),
        };
        assert_eq!(
            guessed.to_string(),
            "unknown finding `f1y` (did you mean `f1x`?)"
        );
    }
}
