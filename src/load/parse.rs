//! Parses one TOML or JSON file into a model type, turning any error into a
//! located diagnostic that names the field and what was expected.

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, SourceFile, did_you_mean};

/// Parses `src` as `T`.
pub fn parse<T: DeserializeOwned>(src: &SourceFile) -> Result<T, Diagnostic> {
    if src.json {
        parse_json(src)
    } else {
        parse_toml(src)
    }
}

fn parse_toml<T: DeserializeOwned>(src: &SourceFile) -> Result<T, Diagnostic> {
    let de = toml::Deserializer::parse(&src.text)
        .map_err(|e| src.diagnostic(e.span(), None, syntax_message("TOML", e.message())))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = field_name(e.path());
        let inner = e.into_inner();
        src.diagnostic(inner.span(), field, explain(inner.message()))
    })
}

fn parse_json<T: DeserializeOwned>(src: &SourceFile) -> Result<T, Diagnostic> {
    let mut de = serde_json::Deserializer::from_str(&src.text);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let (field, err) = match result {
        Ok(v) => match de.end() {
            Ok(()) => return Ok(v),
            Err(e) => (None, e),
        },
        Err(e) => (field_name(e.path()), e.into_inner()),
    };
    let offset = src.offset_of(err.line(), err.column());
    // serde_json points just past the offending token; point at its start.
    let start = token_start(&src.text, offset);
    let text = err.to_string();
    let message = text
        .rfind(" at line ")
        .map_or(text.as_str(), |i| &text[..i]);
    let syntax = err.is_syntax() || err.is_eof();
    let (field, message) = if syntax {
        (None, syntax_message("JSON", message))
    } else {
        (field, explain(message))
    };
    Err(src.diagnostic(Some(start..offset.max(start + 1)), field, message))
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

fn field_name(path: &serde_path_to_error::Path) -> Option<String> {
    let text = path.to_string();
    (text != "." && !text.is_empty()).then_some(text)
}

fn syntax_message(format: &str, message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    format!("invalid {format}: {message}")
}

/// Rewrites serde's messages in the house style and adds suggestions.
fn explain(message: &str) -> String {
    let message = message.trim();
    for (lead, what) in [("unknown field `", "field"), ("unknown variant `", "value")] {
        if let Some(rest) = message.strip_prefix(lead) {
            let (word, tail) = rest.split_once('`').unwrap_or((rest, ""));
            let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let mut out = format!("unknown {what} `{word}`");
            if expected.is_empty() {
                out.push_str("; this table takes no fields");
            } else {
                out.push_str(&format!(
                    "; expected one of {}",
                    expected
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if let Some(best) = did_you_mean(word, expected.iter().copied()) {
                out.push_str(&format!(" (did you mean `{best}`?)"));
            }
            return out;
        }
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return format!("wrong type: found {rest}");
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FindingsFile;

    fn src(text: &str, json: bool) -> SourceFile {
        SourceFile {
            display: "findings/x".into(),
            text: text.into(),
            json,
        }
    }

    #[test]
    fn unknown_enum_word_in_toml_is_located_and_suggested() {
        let text =
            "[[finding]]\nid = \"a\"\ncomponent = \"api\"\ntitle = \"t\"\nseverity = \"critcal\"\n";
        let d = parse::<FindingsFile>(&src(text, false))
            .unwrap_err()
            .to_string();
        assert!(d.starts_with("error: findings/x:5:12: field `finding[0].severity`: unknown value `critcal`; expected one of `critical`, `high`, `medium`, `low`, `info` (did you mean `critical`?)"), "{d}");
    }

    #[test]
    fn unknown_field_in_json_is_located_and_suggested() {
        let text = "{\"finding\": [{\"id\": \"a\", \"component\": \"api\", \"title\": \"t\",\n \"sevrity\": \"high\"}]}";
        let d = parse::<FindingsFile>(&src(text, true))
            .unwrap_err()
            .to_string();
        assert!(d.starts_with("error: findings/x:2:3: field `finding[0].sevrity`: unknown field `sevrity`; expected one of"), "{d}");
        assert!(d.contains("(did you mean `severity`?)"), "{d}");
    }

    #[test]
    fn wrong_type_and_syntax() {
        let d = parse::<FindingsFile>(&src("[[finding]]\nid = 3\n", false))
            .unwrap_err()
            .to_string();
        assert!(d.starts_with("error: findings/x:2:6: field `finding[0].id`: wrong type: found integer `3`, expected a string"), "{d}");
        let d = parse::<FindingsFile>(&src("[[finding]\n", false))
            .unwrap_err()
            .to_string();
        assert!(d.starts_with("error: findings/x:1:"), "{d}");
        assert!(d.contains("invalid TOML"), "{d}");
        let d = parse::<FindingsFile>(&src("{\"finding\": [}", true))
            .unwrap_err()
            .to_string();
        assert!(d.starts_with("error: findings/x:1:14: invalid JSON"), "{d}");
    }
}
