//! Checks a file's value tree against the JSON Schema of its model type
//! (the schema `readiness schema` prints) and reports every problem: each
//! unknown key, each missing field, each wrong type or word, in one run.
//! A file that passes can be turned into its model type by serde.

use std::ops::Range;

use serde_json::{Map, Value as J};

use super::FieldPath;
use super::tree::{Node, Value};
use crate::diag::{Kind, did_you_mean, short};

/// One problem found in a tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The field.
    pub path: FieldPath,
    /// Where it is.
    pub span: Range<usize>,
    /// What is wrong.
    pub kind: Kind,
    /// Other places in the file it involves, and what each is.
    pub labels: Vec<(Range<usize>, &'static str)>,
}

/// A named type of the schema whose own parser decides what is valid
/// (dates, windows): its `$defs` name, what to call it, and the parser.
pub type Special<'a> = (&'a str, &'a str, fn(&str) -> Result<(), String>);

/// Checks `root` against `schema`; `json` says how to name tables.
pub fn check(root: &Node, schema: &J, json: bool, specials: &[Special]) -> Vec<Problem> {
    let empty = Map::new();
    let mut c = Checker {
        defs: schema.get("$defs").and_then(J::as_object).unwrap_or(&empty),
        json,
        specials,
        out: Vec::new(),
    };
    c.node(root, schema, &FieldPath::default());
    // In file order (TOML tables iterate sorted by key).
    c.out.sort_by_key(|p| p.span.start);
    c.out
}

struct Checker<'a> {
    defs: &'a Map<String, J>,
    json: bool,
    specials: &'a [Special<'a>],
    out: Vec<Problem>,
}

/// A value as the user wrote it, short enough to quote in a message.
fn quote(text: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out.replace('\n', "\\n")
}

fn words(alternatives: &[J]) -> Option<Vec<String>> {
    alternatives
        .iter()
        .map(|a| a.get("const").and_then(J::as_str).map(str::to_owned))
        .collect()
}

impl Checker<'_> {
    fn push(&mut self, path: FieldPath, span: Range<usize>, kind: Kind) {
        self.out.push(Problem {
            path,
            span,
            kind,
            labels: Vec::new(),
        });
    }

    fn found(&self, node: &Node, source: Option<&str>) -> String {
        let kind = node.value.kind(self.json);
        match (&node.value, source) {
            (Value::Table(_) | Value::Array(_), _) | (_, None) => kind.to_owned(),
            (_, Some(text)) => format!("{kind} `{}`", quote(text)),
        }
    }

    fn wrong_type(&mut self, node: &Node, path: &FieldPath, expected: String) {
        let source = match &node.value {
            Value::String(s) => Some(format!("\"{s}\"")),
            Value::Integer(n) => Some(n.to_string()),
            Value::Float(x) => Some(x.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Datetime(d) => Some(d.clone()),
            _ => None,
        };
        let found = self.found(node, source.as_deref());
        self.push(
            path.clone(),
            node.span.clone(),
            Kind::WrongType { found, expected },
        );
    }

    fn type_name(&self, t: &str) -> &'static str {
        match t {
            "integer" => "an integer",
            "number" => "a number",
            "string" => "a string",
            "boolean" => "`true` or `false`",
            "array" => "an array",
            "object" if self.json => "an object",
            "object" => "a table",
            _ => "a value",
        }
    }

    fn node(&mut self, node: &Node, schema: &J, path: &FieldPath) {
        let mut schema = schema;
        // Follow `$ref`s; a special type is checked by its own parser.
        while let Some(name) = schema
            .get("$ref")
            .and_then(J::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            if let Some(&(_, what, parse)) = self.specials.iter().find(|s| s.0 == name) {
                match &node.value {
                    Value::String(s) | Value::Datetime(s) => {
                        if let Err(message) = parse(s) {
                            // The parser quotes the value: quote it short.
                            let message = message.replace(s.as_str(), &short(s));
                            self.push(path.clone(), node.span.clone(), Kind::Invalid { message });
                        }
                    }
                    _ => self.wrong_type(node, path, what.to_owned()),
                }
                return;
            }
            match self.defs.get(name) {
                Some(def) => schema = def,
                None => return,
            }
        }
        // `Option<T>`: null or a T.
        if let Some(any) = schema.get("anyOf").and_then(J::as_array) {
            let is_null = |s: &J| s.get("type").and_then(J::as_str) == Some("null");
            if any.iter().any(is_null) {
                if node.value == Value::Null {
                    return;
                }
                let rest: Vec<&J> = any.iter().filter(|s| !is_null(s)).collect();
                if let [one] = rest.as_slice() {
                    return self.node(node, one, path);
                }
            }
        }
        // A closed list of words.
        let closed = match (schema.get("oneOf"), schema.get("enum")) {
            (Some(J::Array(alts)), _) => words(alts),
            (_, Some(J::Array(values))) => values
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => None,
        };
        if let Some(expected) = closed {
            match &node.value {
                Value::String(word) if expected.contains(word) => {}
                Value::String(word) => self.push(
                    path.clone(),
                    node.span.clone(),
                    Kind::UnknownWord {
                        what: "value".into(),
                        word: word.clone(),
                        expected,
                    },
                ),
                _ => {
                    let list = expected
                        .iter()
                        .map(|w| format!("`{w}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.wrong_type(node, path, format!("a string, one of {list}"));
                }
            }
            return;
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(J::String(t)) => vec![t.as_str()],
            Some(J::Array(ts)) => ts.iter().filter_map(J::as_str).collect(),
            _ => return,
        };
        let fits = |t: &str| {
            matches!(
                (&node.value, t),
                (Value::Null, "null")
                    | (Value::Bool(_), "boolean")
                    | (Value::Integer(_), "integer" | "number")
                    | (Value::Float(_), "number")
                    | (Value::String(_), "string")
                    | (Value::Array(_), "array")
                    | (Value::Table(_), "object")
            )
        };
        if !types.iter().any(|t| fits(t)) {
            let expected = types
                .iter()
                .filter(|t| **t != "null")
                .map(|t| self.type_name(t))
                .collect::<Vec<_>>()
                .join(" or ");
            return self.wrong_type(node, path, expected);
        }
        match &node.value {
            Value::Table(entries) => self.table(node, entries, schema, path),
            Value::Array(items) => {
                if let Some(item) = schema.get("items") {
                    for (i, n) in items.iter().enumerate() {
                        self.node(n, item, &path.index(i));
                    }
                }
            }
            Value::Integer(n) => self.range(node, *n, schema, path),
            _ => {}
        }
    }

    fn table(&mut self, node: &Node, entries: &[super::tree::Entry], schema: &J, path: &FieldPath) {
        let empty = Map::new();
        let properties = schema
            .get("properties")
            .and_then(J::as_object)
            .unwrap_or(&empty);
        let additional = schema.get("additionalProperties");
        let mut misspelt = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            // TOML refuses a key given twice; JSON parsers keep the last.
            if let Some(first) = entries[..i].iter().find(|first| first.key == e.key) {
                self.out.push(Problem {
                    path: path.key(&e.key),
                    span: e.key_span.clone(),
                    kind: Kind::DuplicateKey { key: e.key.clone() },
                    labels: vec![(first.key_span.clone(), "first given here")],
                });
                continue;
            }
            let at = path.key(&e.key);
            match (properties.get(&e.key), additional) {
                (Some(s), _) => self.node(&e.node, s, &at),
                (None, Some(J::Bool(false))) => {
                    misspelt.extend(did_you_mean(&e.key, properties.keys().map(String::as_str)));
                    self.push(
                        at,
                        e.key_span.clone(),
                        Kind::UnknownField {
                            field: e.key.clone(),
                            expected: properties.keys().cloned().collect(),
                        },
                    )
                }
                (None, Some(s @ J::Object(_))) => self.node(&e.node, s, &at),
                (None, _) => {}
            }
        }
        let missing: Vec<String> = schema
            .get("required")
            .and_then(J::as_array)
            .into_iter()
            .flatten()
            .filter_map(J::as_str)
            .filter(|r| !entries.iter().any(|e| e.key == *r))
            // A misspelt key already says "did you mean" this one.
            .filter(|r| !misspelt.contains(r))
            .map(str::to_owned)
            .collect();
        if !missing.is_empty() {
            // Point at the table's first line: its header, or `{`.
            let span = node.span.start..node.span.start + 1;
            self.push(path.clone(), span, Kind::MissingFields { fields: missing });
        }
    }

    fn range(&mut self, node: &Node, n: i128, schema: &J, path: &FieldPath) {
        let (mut min, mut max) = match schema.get("format").and_then(J::as_str) {
            Some("uint8") => (0, u8::MAX.into()),
            Some("uint16") => (0, u16::MAX.into()),
            Some("uint32") => (0, u32::MAX.into()),
            Some("uint64" | "uint") => (0, u64::MAX.into()),
            Some("int8") => (i8::MIN.into(), i8::MAX.into()),
            Some("int16") => (i16::MIN.into(), i16::MAX.into()),
            Some("int32") => (i32::MIN.into(), i32::MAX.into()),
            _ => (i64::MIN.into(), i64::MAX.into()),
        };
        if let Some(m) = schema.get("minimum").and_then(J::as_i64) {
            min = i128::from(m).max(min);
        }
        if let Some(m) = schema.get("maximum").and_then(J::as_i64) {
            max = i128::from(m).min(max);
        }
        if !(min..=max).contains(&n) {
            self.push(
                path.clone(),
                node.span.clone(),
                Kind::OutOfRange {
                    value: n.to_string(),
                    min: min.to_string(),
                    max: max.to_string(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::{from_json, from_toml};
    use super::*;
    use crate::model::{ComponentFile, Timestamp};

    fn schema<T: schemars::JsonSchema>() -> J {
        schemars::schema_for!(T).as_value().clone()
    }

    const SPECIALS: &[Special] = &[("Timestamp", "a date-time", |s| {
        Timestamp::parse(s).map(|_| ())
    })];

    fn problems(text: &str, json: bool) -> Vec<String> {
        let tree = if json {
            from_json(text)
        } else {
            from_toml(text).unwrap()
        };
        check(&tree, &schema::<ComponentFile>(), json, SPECIALS)
            .into_iter()
            .map(|p| format!("{} @{:?}: {}", p.path, p.span, p.kind))
            .collect()
    }

    #[test]
    fn every_problem_of_a_file_is_found() {
        let got = problems(
            "id = \"x\"\nordr = 1\n[[finding]]\nid = \"a\"\ntitle = 3\nseverity = \"MEDIUM\"\nobserved_at = \"soon\"\n",
            false,
        );
        assert_eq!(
            got,
            [
                " @0..1: missing field `name`",
                "ordr @9..13: unknown field `ordr`; expected one of `id`, `name`, `order`, `summary`, `status_note`, `health_note`, `headings`, `assessor`, `finding`, `strength`, `action` (did you mean `order`?)",
                "finding[0].title @47..48: wrong type: found an integer `3`, expected a string",
                "finding[0].severity @60..68: unknown value `MEDIUM`; expected one of `critical`, `high`, `medium`, `low`, `info` (case matters: did you mean `medium`?)",
                "finding[0].observed_at @83..89: invalid date `soon`: expected an RFC 3339 date-time such as `2025-09-30T14:57:00Z` or a date such as `2025-09-30`",
            ]
        );
    }

    #[test]
    fn json_root_of_the_wrong_type() {
        assert_eq!(
            problems("[1, 2]", true),
            [" @0..6: wrong type: found an array, expected an object"]
        );
    }
}
