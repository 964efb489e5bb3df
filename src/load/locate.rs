//! Finds where a field lives in a source file, for diagnostics raised after
//! parsing (duplicate ids, dangling references): given a path such as
//! `finding[2].component`, returns the byte span of that value.
//!
//! TOML is re-read with toml's span-keeping parser. JSON has no such parser
//! in serde_json, so a small scanner walks the text to the path; it only
//! runs on files already known to be valid JSON.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A key of a table or object.
    Key(String),
    /// An index into an array.
    Index(usize),
}

/// A path to a field, e.g. `finding[2].component`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// The path extended by a key.
    pub fn key(&self, key: &str) -> FieldPath {
        let mut p = self.clone();
        p.0.push(Segment::Key(key.to_owned()));
        p
    }

    /// The path extended by an index.
    pub fn index(&self, i: usize) -> FieldPath {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    /// Reads a path written as `risk.cells[3][1]` (keys hold no `.` or `[`).
    pub fn parse(text: &str) -> FieldPath {
        let mut p = FieldPath::default();
        for part in text.split('.').filter(|s| !s.is_empty()) {
            let mut pieces = part.split('[');
            if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
                p = p.key(key);
            }
            for index in pieces {
                if let Ok(i) = index.trim_end_matches(']').parse() {
                    p = p.index(i);
                }
            }
        }
        p
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// The span of the value at `path` in a TOML or JSON text, or of the
/// deepest part of the path that exists.
pub fn locate(text: &str, is_json: bool, path: &FieldPath) -> Option<Range<usize>> {
    if is_json {
        locate_json(text, &path.0)
    } else {
        locate_toml(text, &path.0)
    }
}

fn locate_toml(text: &str, path: &[Segment]) -> Option<Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    let mut span = None;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    let mut value: Option<&DeValue> = None;
    for seg in path {
        let next = match (seg, table, value) {
            (Segment::Key(k), Some(t), _) => t
                .iter()
                .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                .map(|(_, v)| v),
            (Segment::Index(i), _, Some(DeValue::Array(a))) => a.get(*i),
            _ => None,
        };
        let Some(next) = next else { break };
        span = Some(next.span());
        value = Some(next.get_ref());
        table = match next.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    span
}

/// A minimal JSON walker: skips values it does not descend into.
struct JsonScan<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl JsonScan<'_> {
    fn ws(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    let raw = std::str::from_utf8(&self.bytes[start..self.pos]).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => self.pos += 1,
            }
        }
        None
    }

    /// Skips one value; returns its span.
    fn skip(&mut self) -> Option<Range<usize>> {
        self.ws();
        let start = self.pos;
        match *self.bytes.get(self.pos)? {
            b'"' => {
                self.string()?;
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos += 1;
                loop {
                    self.ws();
                    match *self.bytes.get(self.pos)? {
                        c if c == close => {
                            self.pos += 1;
                            break;
                        }
                        b',' | b':' => self.pos += 1,
                        _ => {
                            self.skip()?;
                        }
                    }
                }
            }
            _ => {
                while self.pos < self.bytes.len()
                    && !matches!(self.bytes[self.pos], b',' | b'}' | b']')
                    && !self.bytes[self.pos].is_ascii_whitespace()
                {
                    self.pos += 1;
                }
            }
        }
        Some(start..self.pos)
    }

    /// Moves to the value of `seg` inside the container at the cursor.
    fn enter(&mut self, seg: &Segment) -> Option<()> {
        self.ws();
        match (seg, *self.bytes.get(self.pos)?) {
            (Segment::Key(want), b'{') => {
                self.pos += 1;
                loop {
                    self.ws();
                    if *self.bytes.get(self.pos)? != b'"' {
                        return None;
                    }
                    let key = self.string()?;
                    self.ws();
                    self.pos += 1; // ':'
                    self.ws();
                    if key == *want {
                        return Some(());
                    }
                    self.skip()?;
                    self.ws();
                    if *self.bytes.get(self.pos)? != b',' {
                        return None;
                    }
                    self.pos += 1;
                }
            }
            (Segment::Index(want), b'[') => {
                self.pos += 1;
                for _ in 0..*want {
                    self.skip()?;
                    self.ws();
                    if *self.bytes.get(self.pos)? != b',' {
                        return None;
                    }
                    self.pos += 1;
                }
                self.ws();
                Some(())
            }
            _ => None,
        }
    }
}

fn locate_json(text: &str, path: &[Segment]) -> Option<Range<usize>> {
    let mut scan = JsonScan {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let mut found = None;
    for seg in path {
        if scan.enter(seg).is_none() {
            break;
        }
        let at = scan.pos;
        found = scan.skip().map(|span| span.start..span.end);
        scan.pos = at;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> FieldPath {
        FieldPath::parse(text)
    }

    #[test]
    fn paths_with_several_indices() {
        let p = FieldPath::parse("risk.cells[3][1]");
        assert_eq!(p.to_string(), "risk.cells[3][1]");
        assert_eq!(p.0.len(), 4);
        let text = "[risk]\ncells = [\n  [\"a\", \"b\"],\n  [\"c\", \"d\"],\n]\n";
        let span = locate(text, false, &FieldPath::parse("risk.cells[1][0]")).unwrap();
        assert_eq!(&text[span], "\"c\"");
    }

    #[test]
    fn toml_paths() {
        let text = "id = \"a\"\n[[finding]]\nid = \"x\"\ncomponent = \"web\"\n[[finding]]\nid = \"y\"\ncomponent = \"api\"\n";
        let span = locate(text, false, &path("finding[1].component")).unwrap();
        assert_eq!(&text[span], "\"api\"");
        assert_eq!(
            path("finding[1].component").to_string(),
            "finding[1].component"
        );
    }

    #[test]
    fn json_paths() {
        let text = r#"{"id": "a", "finding": [{"id": "x", "component": "web"}, {"id": "y", "nested": {"k": [1, 2]}, "component": "api"}]}"#;
        let span = locate(text, true, &path("finding[1].component")).unwrap();
        assert_eq!(&text[span], "\"api\"");
        let span = locate(text, true, &path("finding[1].missing")).unwrap();
        assert!(text[span].starts_with("{\"id\": \"y\""));
    }
}
