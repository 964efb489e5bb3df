//! Diagnostics: problems in the user's input, located in their files.
//!
//! Every problem found in a run is collected (loading and validation keep
//! going after the first) and reported together, each with file, line,
//! column, the field concerned and what was expected, followed by the
//! offending source line with a caret under the span.

mod kind;

pub use kind::{DATE_SUFFIX, Kind, MAX_FILE_NAME, short};

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Lines longer than this many characters are cut around the column.
const SNIPPET_MAX: usize = 100;

/// A file of the input, kept in memory so problems can point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to the user: relative to the assessment folder.
    pub display: PathBuf,
    /// The file's text.
    pub text: String,
    /// Whether the text is JSON (otherwise TOML).
    pub json: bool,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// Byte offset of a 1-based line and column (in characters).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let mut start = 0;
        for _ in 1..line {
            match self.text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return self.text.len(),
            }
        }
        let line_text = self.text[start..].split('\n').next().unwrap_or("");
        start
            + line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// Line, column and snippet of a byte span.
    pub fn location(&self, span: Range<usize>) -> Location {
        let (line, column) = self.line_col(span.start);
        let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let full = self.text[line_start..]
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_end_matches('\r');
        let span_end = span.end.min(line_start + full.len()).max(start);
        let width = self
            .text
            .get(start..span_end)
            .map_or(1, |s| s.chars().count().max(1));
        Location::cut(line, column, full, width)
    }

    /// A diagnostic about `span` of this file.
    pub fn diagnostic(
        &self,
        span: Option<Range<usize>>,
        field: Option<String>,
        kind: impl Into<Kind>,
    ) -> Diagnostic {
        Diagnostic {
            file: Some(self.display.clone()),
            location: span.map(|span| self.location(span)),
            field,
            kind: kind.into(),
            labels: Vec::new(),
            hints: Vec::new(),
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of that line for the snippet, cut around the column when long.
    pub line_text: String,
    /// Characters of `line_text` before the caret.
    pub caret: usize,
    /// How many characters to underline.
    pub width: usize,
}

impl Location {
    /// The location of `width` characters at `column` of the line `full`,
    /// keeping at most [`SNIPPET_MAX`] characters of it around the column
    /// (a 50 MB one-line file must not print 50 MB).
    fn cut(line: usize, column: usize, full: &str, width: usize) -> Location {
        let count = full.chars().count();
        let at = column - 1;
        if count <= SNIPPET_MAX {
            return Location {
                line,
                column,
                line_text: full.to_owned(),
                caret: at,
                width,
            };
        }
        let from = at.saturating_sub(SNIPPET_MAX / 3);
        let to = (from + SNIPPET_MAX).min(count);
        let mut text: String = full.chars().skip(from).take(to - from).collect();
        let mut caret = at - from;
        if from > 0 {
            text.insert(0, '…');
            caret += 1;
        }
        if to < count {
            text.push('…');
        }
        Location {
            line,
            column,
            line_text: text,
            caret,
            width: width.min(to.saturating_sub(at)).max(1),
        }
    }
}

/// A secondary place a problem refers to, such as "first defined here".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file, relative to the assessment folder.
    pub file: PathBuf,
    /// Line, column and snippet, when known.
    pub location: Option<Location>,
    /// What this place is.
    pub message: String,
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file concerned, relative to the assessment folder.
    pub file: Option<PathBuf>,
    /// Line, column and snippet of the primary span, when known.
    pub location: Option<Location>,
    /// The field concerned, as a path such as `finding[2].severity`.
    pub field: Option<String>,
    /// What is wrong; its `Display` is the message.
    pub kind: Kind,
    /// Other places the problem involves.
    pub labels: Vec<Label>,
    /// How to fix it, when there is more to say than the message.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// A problem with no file, such as an empty or missing folder.
    pub fn general(kind: impl Into<Kind>) -> Self {
        Diagnostic {
            file: None,
            location: None,
            field: None,
            kind: kind.into(),
            labels: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// A problem with a whole file (unreadable, not UTF-8 at a known place...).
    pub fn in_file(file: &Path, kind: impl Into<Kind>) -> Self {
        Diagnostic {
            file: Some(file.to_owned()),
            ..Diagnostic::general(kind)
        }
    }

    /// The message, as worded by the kind.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// Adds a secondary place.
    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

/// Whether `c` is shown escaped rather than written to a terminal raw:
/// control characters (ESC, BEL, NUL, CR, LF… which could rewrite or forge
/// lines of a CI log) and the bidirectional overrides (which reorder what
/// is shown).
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character (ESC, BEL, NUL, newlines…) and
/// bidirectional override written as a Rust escape (`\u{1b}`), so text
/// from the input cannot act on the terminal it is printed to. Tabs are
/// kept when `keep_tabs`.
fn escape_with(text: &str, keep_tabs: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) && !(keep_tabs && c == '\t');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` safe to print on a terminal: control characters and
/// bidirectional overrides are escaped (`\u{1b}`), tabs included.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// The source line of `loc` and a caret under its span. The line is
/// escaped like the message ([`escape_controls`], tabs kept for the
/// alignment); the caret keeps its place under the escaped text.
fn write_snippet(f: &mut fmt::Formatter<'_>, loc: &Location) -> fmt::Result {
    let number = loc.line.to_string();
    let pad = " ".repeat(number.len());
    let shown = |c: char| {
        escape_with(c.encode_utf8(&mut [0; 4]), true)
            .chars()
            .count()
    };
    let before: String = loc
        .line_text
        .chars()
        .take(loc.caret)
        .flat_map(|c| {
            let (fill, n) = if c == '\t' {
                ('\t', 1)
            } else {
                (' ', shown(c))
            };
            std::iter::repeat_n(fill, n)
        })
        .collect();
    let width: usize = loc
        .line_text
        .chars()
        .skip(loc.caret)
        .take(loc.width)
        .map(shown)
        .sum();
    write!(
        f,
        "\n{pad} |\n{number} | {}\n{pad} | {before}{}",
        escape_with(&loc.line_text, true),
        "^".repeat(width.max(loc.width))
    )
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("error: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", escape_controls(&file.display().to_string()))?;
            if let Some(loc) = &self.location {
                write!(f, ":{}:{}", loc.line, loc.column)?;
            }
            f.write_str(": ")?;
        }
        if let Some(field) = &self.field {
            // A path holds the keys the user wrote, which may be huge.
            let field = kind::cut(field, 2 * SNIPPET_MAX);
            write!(f, "field `{}`: ", escape_controls(&field))?;
        }
        // The kind quotes what the user wrote: escaped like the rest.
        f.write_str(&escape_controls(&self.kind.to_string()))?;
        if let Some(loc) = &self.location {
            write_snippet(f, loc)?;
        }
        for label in &self.labels {
            write!(
                f,
                "\nnote: {}",
                escape_controls(&label.file.display().to_string())
            )?;
            if let Some(loc) = &label.location {
                write!(f, ":{}:{}", loc.line, loc.column)?;
            }
            write!(f, ": {}", escape_controls(&label.message))?;
            if let Some(loc) = &label.location {
                write_snippet(f, loc)?;
            }
        }
        for hint in &self.hints {
            write!(f, "\nhelp: {}", escape_controls(hint))?;
        }
        Ok(())
    }
}

/// All problems of a run, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Whether there is no problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when there is no problem, the problems otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Something in the input worth knowing that does not fail the run, such
/// as a file skipped because it is not input. Printed to stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file or folder concerned, relative to the assessment folder.
    pub file: PathBuf,
    /// Line and column (1-based) in the file, when the warning is about
    /// a place in it.
    pub at: Option<(usize, usize)>,
    /// What was done and why; its `Display` is the message.
    pub kind: Kind,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = match self.at {
            Some((line, column)) => format!(":{line}:{column}"),
            None => String::new(),
        };
        write!(
            f,
            "warning: {}{at}: {}",
            escape_controls(&self.file.display().to_string()),
            escape_controls(&self.kind.to_string())
        )
    }
}

/// The closest of `candidates` to `word`, if close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|c| !negates(word, c) && !negates(c, word))
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Whether `a` is `b` with a negating prefix (`unlikely`, `likely`): such a
/// near word means the opposite and must not be suggested.
fn negates(a: &str, b: &str) -> bool {
    [
        "un", "in", "im", "ir", "il", "non", "non-", "dis", "not-", "not_", "no-",
    ]
    .iter()
    .any(|p| a.strip_prefix(p) == Some(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_field_and_snippet() {
        let file = SourceFile {
            display: "components/backend.toml".into(),
            text: "id = \"x\"\nseverity = \"critcal\"\n".into(),
            json: false,
        };
        let kind = Kind::UnknownWord {
            what: "severity".into(),
            word: "critcal".into(),
            expected: vec!["critical".into(), "high".into()],
        };
        let d = file
            .diagnostic(Some(20..29), Some("finding[0].severity".into()), kind)
            .with_label(Label {
                file: "components/a.toml".into(),
                location: Some(file.location(5..8)),
                message: "first defined here".into(),
            })
            .with_hint("severities are lowercase");
        assert_eq!(
            d.to_string(),
            "error: components/backend.toml:2:12: field `finding[0].severity`: unknown severity `critcal`; expected one of `critical`, `high` (did you mean `critical`?)\n  |\n2 | severity = \"critcal\"\n  |            ^^^^^^^^^\nnote: components/a.toml:1:6: first defined here\n  |\n1 | id = \"x\"\n  |      ^^^\nhelp: severities are lowercase"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let text = format!("{}BAD{}", "a".repeat(10_000), "b".repeat(10_000));
        let file = SourceFile {
            display: "x.json".into(),
            text,
            json: true,
        };
        let loc = file.location(10_000..10_003);
        assert_eq!(loc.column, 10_001);
        assert!(loc.line_text.chars().count() <= SNIPPET_MAX + 2);
        assert_eq!(
            loc.line_text
                .chars()
                .skip(loc.caret)
                .take(3)
                .collect::<String>(),
            "BAD"
        );
        assert!(loc.line_text.starts_with('…') && loc.line_text.ends_with('…'));
    }

    #[test]
    fn line_col_round_trips_with_multibyte_text() {
        let file = SourceFile {
            display: "a".into(),
            text: "é = 1\nab = \"ü\"\n".into(),
            json: false,
        };
        let off = file.offset_of(2, 7);
        assert_eq!(&file.text[off..off + 2], "ü");
        assert_eq!(file.line_col(off), (2, 7));
    }

    /// Control characters from the input never reach the terminal raw;
    /// the caret stays under the escaped span.
    #[test]
    fn control_characters_are_escaped_in_message_and_snippet() {
        let file = SourceFile {
            display: "components/a\u{7}.toml".into(),
            text: "name = \"\u{1b}[2J\u{1b}[1;1H\u{0}\"\tsev = \"\u{202e}x\"\n".into(),
            json: false,
        };
        let at = file.text.find("\"\u{202e}").unwrap();
        let d = file.diagnostic(
            Some(at..at + 6),
            Some("a\u{1b}b".into()),
            Kind::Other {
                message: "unknown `\u{1b}]0;owned\u{7}`\nerror: forged".into(),
            },
        );
        let text = d.to_string();
        let expected = "error: components/a\\u{7}.toml:1:28: field `a\\u{1b}b`: unknown `\\u{1b}]0;owned\\u{7}`\\u{a}error: forged\n  |\n1 | name = \"\\u{1b}[2J\\u{1b}[1;1H\\u{0}\"\tsev = \"\\u{202e}x\"\n  | ".to_owned()
            + &" ".repeat(34)
            + "\t"
            + &" ".repeat(6)
            + &"^".repeat(11);
        assert_eq!(text, expected);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        );
        // Notes and hints too.
        let d = d
            .with_label(Label {
                file: "b\u{1b}.toml".into(),
                location: Some(file.location(at..at + 6)),
                message: "first \u{7}here".into(),
            })
            .with_hint("try \u{1b}[31m");
        let text = d.to_string();
        assert!(text.ends_with(&format!(
            "\nnote: b\\u{{1b}}.toml:1:28: first \\u{{7}}here\n  |\n1 | name = \"\\u{{1b}}[2J\\u{{1b}}[1;1H\\u{{0}}\"\tsev = \"\\u{{202e}}x\"\n  | {}\t{}{}\nhelp: try \\u{{1b}}[31m",
            " ".repeat(34),
            " ".repeat(6),
            "^".repeat(11)
        )));
        let w = Warning {
            at: None,
            file: "findings/\u{1b}[2J.txt".into(),
            kind: Kind::NotInput {
                folder: "findings".into(),
            },
        };
        assert_eq!(
            w.to_string(),
            "warning: findings/\\u{1b}[2J.txt: not read: only .toml and .json files in findings/ are input"
        );
        assert_eq!(
            escape_controls("plain — text"),
            Cow::Borrowed("plain — text")
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("critcal", ["critical", "high", "low"]),
            Some("critical")
        );
        assert_eq!(did_you_mean("zzz", ["critical", "high"]), None);
        assert_eq!(did_you_mean("unlikely", ["rare", "likely"]), None);
        assert_eq!(did_you_mean("likely", ["unlikely"]), None);
    }
}
