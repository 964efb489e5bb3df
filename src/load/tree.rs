//! A file's values with the span of each, read leniently: the same tree for
//! TOML and JSON, so every field can be checked (and every problem reported)
//! before any of it is turned into a model type.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{FieldPath, Segment};

/// A value and where it is in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte span of the value.
    pub span: Range<usize>,
    /// The value.
    pub value: Value,
}

/// A value of a TOML or JSON file.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// JSON `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer; `i128` holds every integer either format can write.
    Integer(i128),
    /// A number with a fraction or exponent.
    Float(f64),
    /// A string.
    String(String),
    /// A TOML date, time or date-time, as written.
    Datetime(String),
    /// An array.
    Array(Vec<Node>),
    /// A table (TOML) or object (JSON), in file order.
    Table(Vec<Entry>),
}

/// One key of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Byte span of the key.
    pub key_span: Range<usize>,
    /// Its value.
    pub node: Node,
}

impl Value {
    /// What the value is, as a user would call it in this format.
    pub fn kind(&self, json: bool) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a number with a fraction",
            Value::String(_) => "a string",
            Value::Datetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::Table(_) if json => "an object",
            Value::Table(_) => "a table",
        }
    }
}

impl Node {
    /// The entry of `key`, when this is a table.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Table(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The node at exactly `path`, if the file gives it.
    pub fn get(&self, path: &FieldPath) -> Option<&Node> {
        let mut node = self;
        for seg in &path.0 {
            node = match (seg, &node.value) {
                (Segment::Key(k), _) => &node.entry(k)?.node,
                (Segment::Index(i), Value::Array(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The node at `path`, or the deepest node on the way that exists.
    pub fn deepest(&self, path: &FieldPath) -> &Node {
        let mut node = self;
        for seg in &path.0 {
            let next = match (seg, &node.value) {
                (Segment::Key(k), _) => node.entry(k).map(|e| &e.node),
                (Segment::Index(i), Value::Array(items)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }

    /// The value as JSON, for serde to turn into a model type.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Integer(i) => match (i64::try_from(*i), u64::try_from(*i)) {
                (Ok(n), _) => J::from(n),
                (_, Ok(n)) => J::from(n),
                _ => J::from(*i as f64),
            },
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::String(s) | Value::Datetime(s) => J::String(s.clone()),
            Value::Array(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Table(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.node.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The tree of a TOML text, or every syntax error the parser finds (it
/// recovers after each).
pub fn from_toml(text: &str) -> Result<Node, Vec<toml::de::Error>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Node {
        span: 0..text.len(),
        value: toml_table(root.get_ref()),
    })
}

fn toml_table(table: &DeTable) -> Value {
    Value::Table(
        table
            .iter()
            .map(|(k, v)| Entry {
                key: k.get_ref().to_string(),
                key_span: k.span(),
                node: toml_node(v.get_ref(), v.span()),
            })
            .collect(),
    )
}

fn toml_node(value: &DeValue, span: Range<usize>) -> Node {
    let value = match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let (sign, digits) = match digits.strip_prefix('-') {
                Some(rest) => (-1, rest.to_owned()),
                None => (1, digits.trim_start_matches('+').to_owned()),
            };
            let digits = ["0x", "0o", "0b"]
                .iter()
                .find_map(|p| digits.strip_prefix(p))
                .unwrap_or(&digits);
            match i128::from_str_radix(digits, i.radix()) {
                Ok(n) => Value::Integer(sign * n),
                Err(_) => Value::Float(f64::INFINITY),
            }
        }
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| toml_node(v.get_ref(), v.span()))
                .collect(),
        ),
        DeValue::Table(t) => toml_table(t),
    };
    Node { span, value }
}

/// The tree of a JSON text that serde_json has already found well-formed
/// (so this reader can trust the syntax and stays small).
pub fn from_json(text: &str) -> Node {
    let mut reader = JsonReader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    reader.value()
}

struct JsonReader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl JsonReader<'_> {
    fn ws(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> (String, Range<usize>) {
        let start = self.pos;
        self.pos += 1;
        while let Some(&b) = self.bytes.get(self.pos) {
            self.pos += match b {
                b'\\' => 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => 1,
            };
        }
        let span = start..self.pos.min(self.bytes.len());
        let text = serde_json::from_str(&self.text[span.clone()]).unwrap_or_default();
        (text, span)
    }

    fn value(&mut self) -> Node {
        self.ws();
        let start = self.pos;
        let value =
            match self.bytes.get(self.pos) {
                Some(b'"') => return self.string_node(),
                Some(b'{') => {
                    self.pos += 1;
                    let mut entries = Vec::new();
                    loop {
                        self.ws();
                        match self.bytes.get(self.pos) {
                            Some(b'"') => {
                                let (key, key_span) = self.string();
                                self.ws();
                                self.pos += 1; // ':'
                                let node = self.value();
                                entries.push(Entry {
                                    key,
                                    key_span,
                                    node,
                                });
                            }
                            Some(b',') => self.pos += 1,
                            Some(b'}') => {
                                self.pos += 1;
                                break;
                            }
                            _ => break,
                        }
                    }
                    Value::Table(entries)
                }
                Some(b'[') => {
                    self.pos += 1;
                    let mut items = Vec::new();
                    loop {
                        self.ws();
                        match self.bytes.get(self.pos) {
                            Some(b',') => self.pos += 1,
                            Some(b']') => {
                                self.pos += 1;
                                break;
                            }
                            Some(_) => items.push(self.value()),
                            None => break,
                        }
                    }
                    Value::Array(items)
                }
                _ => {
                    while self.bytes.get(self.pos).is_some_and(|b| {
                        !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()
                    }) {
                        self.pos += 1;
                    }
                    let word = &self.text[start..self.pos];
                    match word {
                        "null" => Value::Null,
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        _ => match word.parse::<i128>() {
                            Ok(n) => Value::Integer(n),
                            Err(_) => Value::Float(word.parse().unwrap_or(f64::NAN)),
                        },
                    }
                }
            };
        Node {
            span: start..self.pos,
            value,
        }
    }

    fn string_node(&mut self) -> Node {
        let (text, span) = self.string();
        Node {
            span,
            value: Value::String(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_give_the_same_tree_shape() {
        let t = from_toml("a = 1\nb = [\"x\", 2.5]\n[c]\nd = true\ne = 2025-09-30\nf = 0x10\n")
            .unwrap();
        const JSON: &str =
            r#"{"a": 1, "b": ["x", 2.5], "c": {"d": true, "e": "2025-09-30", "f": 16}}"#;
        let j = from_json(JSON);
        assert_eq!(t.to_json(), j.to_json());
        let b = j.entry("b").unwrap();
        assert_eq!(&JSON[b.key_span.clone()], "\"b\"");
        let x = j.deepest(&FieldPath::default().key("b").index(0));
        assert_eq!(&JSON[x.span.clone()], "\"x\"");
        let missing = j.deepest(&FieldPath::default().key("c").key("zz"));
        assert!(matches!(missing.value, Value::Table(_)));
    }
}
