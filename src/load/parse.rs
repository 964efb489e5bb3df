//! Parses one TOML or JSON file into a model type, turning any error into a
//! located diagnostic that names the field and what was expected.

use serde::de::DeserializeOwned;

use super::check::{Special, check};
use super::tree::{self, Node, Value};
use crate::diag::{Diagnostic, Kind, Label, SourceFile};
use crate::model::Timestamp;
use crate::score::rules::{Rules, Window};

/// The types whose own parser decides what is valid.
const SPECIALS: &[Special] = &[
    (
        "Timestamp",
        "a date-time such as `2025-09-30T14:57:00Z` or a date such as `2025-09-30`",
        |s| Timestamp::parse(s).map(|_| ()),
    ),
    ("Window", "a window such as `24h`, `2w` or `2mo`", |s| {
        Window::parse(s).map(|_| ())
    }),
];

/// Parses `src` as `T`, reporting every problem of the file.
pub fn parse<T: DeserializeOwned + schemars::JsonSchema>(
    src: &SourceFile,
) -> Result<T, Vec<Diagnostic>> {
    let tree = read_tree(src)?;
    let schema = schemars::schema_for!(T);
    checked(src, &tree, schema.as_value())?;
    build(src, &tree, tree.to_json())
}

/// Parses a rules file: only the keys it gives, merged over the built-in rules.
pub fn parse_rules(src: &SourceFile) -> Result<Rules, Vec<Diagnostic>> {
    let tree = read_tree(src)?;
    checked(src, &tree, &crate::score::rules::rules_file_schema())?;
    let merged = Rules::merged_value(tree.to_json());
    build(src, &tree, merged)
}

/// The value tree of a file, or its syntax error.
fn read_tree(src: &SourceFile) -> Result<Node, Vec<Diagnostic>> {
    if src.json {
        // The tree reader recurses: refuse deep nesting before it runs,
        // at the depth serde_json's own limit would stop at.
        if let Some(at) = json_too_deep(&src.text) {
            return Err(vec![src.diagnostic(
                Some(at..at + 1),
                None,
                Kind::Syntax {
                    format: "JSON",
                    message: format!(
                        "values are nested too deeply (more than {JSON_DEPTH} levels)"
                    ),
                },
            )]);
        }
        let mut de = serde_json::Deserializer::from_str(&src.text);
        let syntax = <serde::de::IgnoredAny as serde::Deserialize>::deserialize(&mut de)
            .and_then(|_| de.end());
        if let Err(e) = syntax {
            return Err(vec![json_syntax(src, &e)]);
        }
        let mut tree = tree::from_json(&src.text);
        // `"$schema"` names the schema an editor validates the file with.
        if let Value::Table(entries) = &mut tree.value {
            entries.retain(|e| !(e.key == "$schema" && matches!(e.node.value, Value::String(_))));
        }
        Ok(tree)
    } else {
        tree::from_toml(&src.text).map_err(|errors| toml_syntax(src, &errors))
    }
}

/// The TOML parser's errors as diagnostics: the first of each line (the
/// parser recovers after each error, and the rest of a line is often the
/// same mistake seen again).
fn toml_syntax(src: &SourceFile, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let mut lines = Vec::new();
    let mut out = Vec::new();
    for e in errors {
        let span = e.span().or_else(|| {
            (e.message().contains("recursion limit"))
                .then(|| deepest_line(&src.text))
                .flatten()
        });
        if let Some(span) = &span {
            let line = src.line_col(span.start).0;
            if lines.contains(&line) {
                continue;
            }
            lines.push(line);
        }
        let message = match e.message().trim() {
            "recursion limit" => {
                "keys or values are nested too deeply (more than 80 levels)".to_owned()
            }
            m => m.trim_end_matches('.').to_owned(),
        };
        let kind = Kind::Syntax {
            format: "TOML",
            message,
        };
        out.push(src.diagnostic(span, None, kind));
    }
    out
}

/// How deep JSON arrays and objects may nest (serde_json's own limit).
const JSON_DEPTH: usize = 128;

/// The offset of the first bracket nested deeper than [`JSON_DEPTH`].
fn json_too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'[' | b'{' if !in_string => {
                depth += 1;
                if depth > JSON_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The line with the most dots in its key or the deepest brackets: where a
/// "recursion limit" the TOML parser does not locate comes from.
fn deepest_line(text: &str) -> Option<std::ops::Range<usize>> {
    let mut best: Option<(usize, std::ops::Range<usize>)> = None;
    let mut depth = 0usize;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let key = line.split('=').next().unwrap_or("");
        let mut score = key.matches('.').count();
        for c in line.chars() {
            match c {
                '[' | '{' => {
                    depth += 1;
                    score = score.max(depth);
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, start..start + line.trim_end().len().max(1)));
        }
        start += line.len();
    }
    best.map(|(_, span)| span)
}

fn json_syntax(src: &SourceFile, err: &serde_json::Error) -> Diagnostic {
    let offset = src.offset_of(err.line(), err.column());
    // serde_json points just past the offending token; point at its start.
    let start = token_start(&src.text, offset);
    let text = err.to_string();
    let message = text
        .rfind(" at line ")
        .map_or(text.as_str(), |i| &text[..i]);
    src.diagnostic(
        Some(start..offset.max(start + 1)),
        None,
        Kind::Syntax {
            format: "JSON",
            message: message.trim().trim_end_matches('.').to_owned(),
        },
    )
}

/// Every problem the schema check finds, as diagnostics.
fn checked(
    src: &SourceFile,
    tree: &Node,
    schema: &serde_json::Value,
) -> Result<(), Vec<Diagnostic>> {
    let problems = check(tree, schema, src.json, SPECIALS);
    if problems.is_empty() {
        return Ok(());
    }
    Err(problems
        .into_iter()
        .map(|p| {
            let field = (!p.path.0.is_empty()).then(|| p.path.to_string());
            let mut d = src.diagnostic(Some(p.span), field, p.kind);
            for (span, message) in p.labels {
                d = d.with_label(Label {
                    file: src.display.clone(),
                    location: Some(src.location(span)),
                    message: message.to_owned(),
                });
            }
            d
        })
        .collect())
}

/// The model value of a checked tree. serde only fails here on what the
/// schema cannot say; that is reported at the field serde names.
fn build<T: DeserializeOwned>(
    src: &SourceFile,
    tree: &Node,
    value: serde_json::Value,
) -> Result<T, Vec<Diagnostic>> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = super::FieldPath::default();
        for seg in e.path().iter() {
            path = match seg {
                serde_path_to_error::Segment::Seq { index } => path.index(*index),
                serde_path_to_error::Segment::Map { key }
                | serde_path_to_error::Segment::Enum { variant: key } => path.key(key),
                serde_path_to_error::Segment::Unknown => path,
            };
        }
        let span = tree.deepest(&path).span.clone();
        let field = (!path.0.is_empty()).then(|| path.to_string());
        vec![src.diagnostic(Some(span), field, explain(&e.into_inner().to_string()))]
    })
}

fn token_start(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = end.min(bytes.len());
    if i > 0 && bytes[i - 1] == b'"' {
        i -= 1;
        while i > 0 && !(bytes[i - 1] == b'"' && (i < 2 || bytes[i - 2] != b'\\')) {
            i -= 1;
        }
        return i.saturating_sub(1);
    }
    while i > 0
        && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'.' | b'-' | b'+'))
    {
        i -= 1;
    }
    i
}

/// serde's last word on a file the schema check passed, in the house style.
fn explain(message: &str) -> Kind {
    let message = message.trim();
    let message = match message.strip_prefix("invalid type: ") {
        Some(rest) => format!("wrong type: found {rest}"),
        None => message.to_owned(),
    };
    Kind::Other { message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ComponentFile, FindingsFile};

    fn src(text: &str, json: bool) -> SourceFile {
        SourceFile {
            display: "findings/x".into(),
            text: text.into(),
            json,
        }
    }

    /// Every diagnostic of parsing `text` as a findings file.
    fn errors(text: &str, json: bool) -> Vec<String> {
        parse::<FindingsFile>(&src(text, json))
            .unwrap_err()
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn unknown_enum_word_in_toml_is_located_and_suggested() {
        let text =
            "[[finding]]\nid = \"a\"\ncomponent = \"api\"\ntitle = \"t\"\nseverity = \"critcal\"\n";
        let d = &errors(text, false)[0];
        assert!(d.starts_with("error: findings/x:5:12: field `finding[0].severity`: unknown value `critcal`; expected one of `critical`, `high`, `medium`, `low`, `info` (did you mean `critical`?)"), "{d}");
    }

    #[test]
    fn unknown_field_in_json_is_located_and_suggested() {
        let text = "{\"finding\": [{\"id\": \"a\", \"component\": \"api\", \"title\": \"t\",\n \"sevrity\": \"high\"}]}";
        let e = errors(text, true);
        // The misspelt key is the missing `severity`: one problem, not two.
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("error: findings/x:2:2: field `finding[0].sevrity`: unknown field `sevrity`; expected one of"), "{e:?}");
        assert!(e[0].contains("(did you mean `severity`?)"), "{e:?}");
    }

    #[test]
    fn wrong_type_and_syntax() {
        let d = &errors("[[finding]]\nid = 3\n", false)[1];
        assert!(d.starts_with("error: findings/x:2:6: field `finding[0].id`: wrong type: found an integer `3`, expected a string"), "{d}");
        let d = &errors("[[finding]\n", false)[0];
        assert!(d.starts_with("error: findings/x:1:"), "{d}");
        assert!(d.contains("invalid TOML"), "{d}");
        let d = &errors("{\"finding\": [}", true)[0];
        assert!(d.starts_with("error: findings/x:1:14: invalid JSON"), "{d}");
    }

    #[test]
    fn a_json_array_at_the_top_is_not_called_a_map() {
        let e = errors("[{\"finding\": []}]", true);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with(
                "error: findings/x:1:1: wrong type: found an array, expected an object"
            ),
            "{e:?}"
        );
    }

    #[test]
    fn a_json_schema_key_is_accepted() {
        let text = r#"{"$schema": "https://example.com/s.json", "finding": []}"#;
        assert!(parse::<FindingsFile>(&src(text, true)).is_ok());
    }

    #[test]
    fn a_date_written_as_a_table_says_so() {
        let e = errors(
            "[[finding]]\nid = \"a\"\ntitle = \"t\"\nseverity = \"low\"\nobserved_at = { year = 2025 }\n",
            false,
        );
        assert!(e[0].contains("field `finding[0].observed_at`: wrong type: found a table, expected a date-time such as `2025-09-30T14:57:00Z` or a date such as `2025-09-30`"), "{e:?}");
    }

    #[test]
    fn every_missing_field_of_a_new_component_in_one_run() {
        let e = parse::<ComponentFile>(&src("id = \"kafka\"\n", false)).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(
            e[0].to_string()
                .starts_with("error: findings/x:1:1: missing fields `name`, `order`"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn deep_json_is_refused_before_it_is_read() {
        let text = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
        let d = &errors(&text, true)[0];
        assert!(d.starts_with("error: findings/x:1:129: invalid JSON: values are nested too deeply (more than 128 levels)"), "{d}");
        // Brackets inside strings do not count.
        let text = format!("{{\"finding\": [], \"x\": \"{}\"}}", "[".repeat(500));
        assert!(!errors(&text, true)[0].contains("nested too deeply"));
    }

    #[test]
    fn every_toml_syntax_error_once_per_line() {
        let e = errors(
            "[[finding]\nid = \"a\"\ntitle = = \"t\"\nseverity = \"high\"\n",
            false,
        );
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("error: findings/x:1:11: invalid TOML: unclosed array table"),
            "{e:?}"
        );
        assert!(
            e[1].starts_with("error: findings/x:3:9: invalid TOML: extra `=`"),
            "{e:?}"
        );
    }

    #[test]
    fn deep_nesting_is_located() {
        let text = format!("x = 1\n{} = 1\n", vec!["a"; 100].join("."));
        let d = &errors(&text, false)[0];
        assert!(
            d.starts_with(
                "error: findings/x:2:1: invalid TOML: keys or values are nested too deeply"
            ),
            "{d}"
        );
    }
}
