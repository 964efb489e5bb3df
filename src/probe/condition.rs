//! Gatus-style conditions: `[STATUS] == 200`, `[RESPONSE_TIME] < 300ms`,
//! `[BODY].status == "ok"`, `[HEADER].content-type contains json`.
//!
//! A condition is parsed (and type-checked against its probe's kind) when
//! the file is checked, so a typo is a located diagnostic before anything
//! runs; at run time it compares what the probe found and records both.

use std::fmt;
use std::ops::Range;

/// The kinds of probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeKind {
    /// `tcp`
    Tcp,
    /// `http`
    Http,
    /// `tls`
    Tls,
    /// `dns`
    Dns,
    /// `command`
    Command,
    /// `file`
    File,
}

impl ProbeKind {
    /// The kind's key in the probe file (and the finding's `probe:` source).
    pub fn name(self) -> &'static str {
        match self {
            ProbeKind::Tcp => "tcp",
            ProbeKind::Http => "http",
            ProbeKind::Tls => "tls",
            ProbeKind::Dns => "dns",
            ProbeKind::Command => "command",
            ProbeKind::File => "file",
        }
    }
}

/// What a placeholder holds, which decides the values and operators it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// `true` / `false`.
    Bool,
    /// A number.
    Number,
    /// A duration (`300ms`, `2s`, `14d`).
    Duration,
    /// A percentage (`99%`).
    Percent,
    /// Text.
    Text,
    /// A list of text (`contains` tests membership).
    List,
    /// A value of a JSON body, whatever its type.
    Json,
}

impl Type {
    fn name(self) -> &'static str {
        match self {
            Type::Bool => "`true` or `false`",
            Type::Number => "a number",
            Type::Duration => "a duration such as `300ms`, `10s` or `14d`",
            Type::Percent => "a percentage such as `99%`",
            Type::Text => "text",
            Type::List => "a list of text",
            Type::Json => "a JSON value",
        }
    }
}

use ProbeKind::{Command, Dns, File, Http, Tcp, Tls};

/// Every placeholder: name, type, the kinds it applies to, and whether
/// it is measured per HTTP request (otherwise over all of a probe's requests).
const PLACEHOLDERS: &[(&str, Type, &[ProbeKind])] = &[
    ("CONNECTED", Type::Bool, &[Tcp, Http, Tls]),
    (
        "RESPONSE_TIME",
        Type::Duration,
        &[Tcp, Http, Tls, Dns, Command],
    ),
    ("BODY", Type::Text, &[Tcp, Http]),
    ("STATUS", Type::Number, &[Http]),
    ("HEADER", Type::Text, &[Http]),
    ("SUCCESS_RATIO", Type::Percent, &[Http]),
    ("MEAN_RESPONSE_TIME", Type::Duration, &[Http]),
    ("P95_RESPONSE_TIME", Type::Duration, &[Http]),
    ("CERTIFICATE_EXPIRATION", Type::Duration, &[Tls]),
    ("CHAIN_EXPIRATION", Type::Duration, &[Tls]),
    ("PROTOCOL", Type::Text, &[Tls]),
    ("RESOLVED", Type::Bool, &[Dns]),
    ("ADDRESSES", Type::List, &[Dns]),
    ("EXIT_STATUS", Type::Number, &[Command]),
    ("STDOUT", Type::Text, &[Command]),
    ("STDERR", Type::Text, &[Command]),
    ("EXISTS", Type::Bool, &[File]),
    ("CONTAINS", Type::Bool, &[File]),
    ("LACKS", Type::Bool, &[File]),
    ("SIZE", Type::Number, &[File]),
];

/// Placeholders measured over all of an HTTP probe's requests.
pub const AGGREGATE: [&str; 3] = ["SUCCESS_RATIO", "MEAN_RESPONSE_TIME", "P95_RESPONSE_TIME"];

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `contains`: substring of text, member of a list.
    Contains,
    /// `!contains`
    NotContains,
}

impl Op {
    const ALL: [(&'static str, Op); 8] = [
        ("!contains", Op::NotContains),
        ("contains", Op::Contains),
        ("==", Op::Eq),
        ("!=", Op::Ne),
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("<", Op::Lt),
        (">", Op::Gt),
    ];

    fn text(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("?", |(t, _)| t)
    }

    fn orders(self) -> bool {
        matches!(self, Op::Lt | Op::Le | Op::Gt | Op::Ge)
    }
}

/// The right-hand side of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// `true` / `false`
    Bool(bool),
    /// `200`, `1.5`
    Number(f64),
    /// `300ms`, in milliseconds.
    Duration(f64),
    /// `99%`
    Percent(f64),
    /// `"ok"` or a bare word.
    Text(String),
    /// `pat(*ok*)`: `*` matches any run of characters.
    Pattern(String),
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Bool(b) => write!(f, "{b}"),
            Operand::Number(n) => write!(f, "{}", number(*n)),
            Operand::Duration(ms) => f.write_str(&duration(*ms)),
            Operand::Percent(p) => write!(f, "{}%", number(*p)),
            Operand::Text(t) => write!(f, "{t:?}"),
            Operand::Pattern(p) => write!(f, "pat({p})"),
        }
    }
}

/// A number without a useless `.0`.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n:.2}")
    }
}

/// Milliseconds in the largest unit that keeps them readable.
pub fn duration(ms: f64) -> String {
    const DAY: f64 = 86_400_000.0;
    if ms.abs() >= DAY {
        format!("{}d", number((ms / DAY * 10.0).round() / 10.0))
    } else if ms.abs() >= 10_000.0 {
        format!("{}s", number((ms / 1000.0).round()))
    } else {
        format!("{}ms", number(ms.round()))
    }
}

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// As written.
    pub text: String,
    /// The placeholder's name (`STATUS`).
    pub placeholder: &'static str,
    /// The JSON path of `[BODY].a.b` or the header name of `[HEADER].x`.
    pub path: Option<String>,
    /// The comparison.
    pub op: Op,
    /// The right-hand side.
    pub expected: Operand,
}

/// What a probe found for a placeholder.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A yes or no.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Milliseconds.
    Duration(f64),
    /// A percentage.
    Percent(f64),
    /// Text (already redacted and cut to size).
    Text(String),
    /// A list of text.
    List(Vec<String>),
    /// A JSON value.
    Json(serde_json::Value),
    /// Not measured (the connection failed, the path is absent).
    Missing,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Bool(b) => write!(f, "{b}"),
            Found::Number(n) => f.write_str(&number(*n)),
            Found::Duration(ms) => f.write_str(&duration(*ms)),
            Found::Percent(p) => write!(f, "{}%", number(*p)),
            Found::Text(t) => write!(f, "{:?}", cut(t, 80)),
            Found::List(items) => write!(f, "[{}]", items.join(", ")),
            Found::Json(serde_json::Value::String(s)) => write!(f, "{:?}", cut(s, 80)),
            Found::Json(v) => f.write_str(&cut(&v.to_string(), 80)),
            Found::Missing => f.write_str("nothing"),
        }
    }
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn cut(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// A condition that could not be parsed: where in its text, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte range in the condition's text.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
}

fn err<T>(span: Range<usize>, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        span,
        message: message.into(),
    })
}

/// Whether `name` is a placeholder for `kind`, and its type.
fn placeholder(name: &str, kind: ProbeKind) -> Option<(&'static str, Type)> {
    PLACEHOLDERS
        .iter()
        .find(|(n, _, kinds)| *n == name && kinds.contains(&kind))
        .map(|(n, t, _)| (*n, *t))
}

/// Parses `text` as a condition of a `kind` probe. An error's span is
/// within `text` and on character boundaries.
pub fn parse(text: &str, kind: ProbeKind) -> Result<Condition, ParseError> {
    parse_unclamped(text, kind).map_err(|mut e| {
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        e.span = floor(e.span.start)..floor(e.span.end.max(e.span.start));
        e
    })
}

fn parse_unclamped(text: &str, kind: ProbeKind) -> Result<Condition, ParseError> {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    if !rest.starts_with('[') {
        return err(
            start..text.len().max(start + 1),
            "a condition starts with a placeholder such as `[STATUS]`",
        );
    }
    let Some(close) = rest.find(']') else {
        return err(start..text.len(), "unclosed `[`");
    };
    let name = &rest[1..close];
    let name_span = start..start + close + 1;
    let Some((placeholder, mut ty)) = placeholder(name, kind) else {
        let known: Vec<&str> = PLACEHOLDERS
            .iter()
            .filter(|(_, _, kinds)| kinds.contains(&kind))
            .map(|(n, _, _)| *n)
            .collect();
        let exists = PLACEHOLDERS.iter().any(|(n, _, _)| *n == name);
        let mut message = if exists {
            format!("`[{name}]` does not apply to a {} probe", kind.name())
        } else {
            format!("unknown placeholder `[{}]`", cut(name, 40))
        };
        message.push_str(&format!(
            "; expected one of {}",
            known
                .iter()
                .map(|n| format!("`[{n}]`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if let Some(m) = crate::diag::did_you_mean(name, known.iter().copied()) {
            message.push_str(&format!(" (did you mean `[{m}]`?)"));
        }
        return err(name_span, message);
    };
    let mut at = start + close + 1;
    // `[BODY].a.b[0]` and `[HEADER].name`: a path up to the next space.
    let mut path = None;
    if text[at..].starts_with('.') {
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        let p = &text[at + 1..end];
        match placeholder {
            "BODY" | "HEADER" if !p.is_empty() => {
                if placeholder == "BODY" {
                    ty = Type::Json;
                }
                path = Some(p.to_owned());
            }
            _ => {
                return err(
                    at..end,
                    format!("`[{placeholder}]` takes no path; only `[BODY]` and `[HEADER]` do"),
                );
            }
        }
        at = end;
    } else if placeholder == "HEADER" {
        return err(
            name_span,
            "`[HEADER]` needs a header name: `[HEADER].content-type`",
        );
    }
    let after = &text[at..];
    let op_start = at + (after.len() - after.trim_start().len());
    let Some((op_text, op)) = Op::ALL
        .iter()
        .find(|(t, _)| text[op_start..].starts_with(t))
        .copied()
    else {
        let end = text[op_start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| op_start + i);
        return err(
            op_start..end.max(op_start + 1),
            "expected an operator: `==`, `!=`, `<`, `<=`, `>`, `>=`, `contains` or `!contains`",
        );
    };
    let value_at = op_start + op_text.len();
    let raw = text[value_at..].trim();
    let value_span = (text.len() - text[value_at..].trim_start().len()).min(text.len())
        ..text.trim_end().len().max(value_at + 1);
    if raw.is_empty() {
        return err(value_span, "expected a value after the operator");
    }
    let expected = operand(raw, ty).map_err(|message| ParseError {
        span: value_span.clone(),
        message,
    })?;
    // Which operators each type takes.
    let fits = match (ty, op) {
        (Type::Bool, Op::Eq | Op::Ne) => true,
        (Type::Bool, _) => false,
        (Type::Number | Type::Duration | Type::Percent, o) => {
            !matches!(o, Op::Contains | Op::NotContains)
        }
        (Type::Text, o) => !o.orders(),
        (Type::List, o) => matches!(o, Op::Contains | Op::NotContains),
        (Type::Json, _) => true,
    };
    if !fits {
        return err(
            op_start..value_at,
            format!(
                "`{}` does not apply to `[{placeholder}]`, which is {}",
                op.text(),
                ty.name()
            ),
        );
    }
    if matches!(expected, Operand::Pattern(_)) && !matches!(op, Op::Eq | Op::Ne) {
        return err(value_span, "`pat(…)` goes with `==` or `!=`");
    }
    Ok(Condition {
        text: text.trim().to_owned(),
        placeholder,
        path,
        op,
        expected,
    })
}

/// Reads a right-hand side for a placeholder of type `ty`.
fn operand(raw: &str, ty: Type) -> Result<Operand, String> {
    if let Some(inner) = raw.strip_prefix("pat(").and_then(|r| r.strip_suffix(')')) {
        return match ty {
            Type::Text | Type::Json => Ok(Operand::Pattern(inner.to_owned())),
            _ => Err(format!(
                "`pat(…)` needs text; this placeholder is {}",
                ty.name()
            )),
        };
    }
    let quoted = raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"');
    let text = if quoted {
        unquote(&raw[1..raw.len() - 1])?
    } else {
        raw.to_owned()
    };
    let expect = |what: Type| {
        format!(
            "expected {} for this placeholder, found `{}`",
            what.name(),
            cut(raw, 40)
        )
    };
    match ty {
        Type::Bool => match raw {
            "true" => Ok(Operand::Bool(true)),
            "false" => Ok(Operand::Bool(false)),
            _ => Err(expect(ty)),
        },
        Type::Number => plain_number(raw)
            .map(Operand::Number)
            .ok_or_else(|| expect(ty)),
        Type::Duration => parse_duration(raw)
            .map(Operand::Duration)
            .ok_or_else(|| expect(ty)),
        Type::Percent => raw
            .strip_suffix('%')
            .and_then(plain_number)
            .filter(|p| (0.0..=100.0).contains(p))
            .map(Operand::Percent)
            .ok_or_else(|| expect(ty)),
        Type::Text | Type::List => Ok(Operand::Text(text)),
        Type::Json if quoted => Ok(Operand::Text(text)),
        Type::Json => Ok(match raw {
            "true" => Operand::Bool(true),
            "false" => Operand::Bool(false),
            _ => plain_number(raw).map_or(Operand::Text(text), Operand::Number),
        }),
    }
}

fn unquote(inner: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(c @ ('"' | '\\')) => out.push(c),
                Some('n') => out.push('\n'),
                other => {
                    return Err(format!(
                        "unknown escape `\\{}` in a quoted value: use `\\\"`, `\\\\` or `\\n`",
                        other.map(String::from).unwrap_or_default()
                    ));
                }
            },
            '"' => return Err("a `\"` inside a quoted value must be written `\\\"`".into()),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// A finite decimal number, no exponent, no sign but `-`.
fn plain_number(raw: &str) -> Option<f64> {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.is_empty()
        || digits.len() > 18
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        || digits.starts_with('.')
        || digits.matches('.').count() > 1
    {
        return None;
    }
    raw.parse().ok()
}

/// `300ms`, `10s`, `2m`, `1h`, `14d` in milliseconds (up to 10 years).
pub fn parse_duration(raw: &str) -> Option<f64> {
    let split = raw.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (n, unit) = raw.split_at(split);
    let n = plain_number(n)?;
    let ms = n * match unit {
        "ms" => 1.0,
        "s" => 1000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        _ => return None,
    };
    (ms <= 10.0 * 366.0 * 86_400_000.0).then_some(ms)
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    // Greedy leftmost matching of the middle parts is exact for `*` globs.
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

impl Condition {
    /// Whether `found` satisfies the condition.
    pub fn holds(&self, found: &Found) -> bool {
        use std::cmp::Ordering;
        let order = |a: f64, b: f64| a.partial_cmp(&b);
        let compare = |o: Option<Ordering>| match (self.op, o) {
            (_, None) => false,
            (Op::Eq, Some(o)) => o == Ordering::Equal,
            (Op::Ne, Some(o)) => o != Ordering::Equal,
            (Op::Lt, Some(o)) => o == Ordering::Less,
            (Op::Le, Some(o)) => o != Ordering::Greater,
            (Op::Gt, Some(o)) => o == Ordering::Greater,
            (Op::Ge, Some(o)) => o != Ordering::Less,
            (Op::Contains | Op::NotContains, _) => false,
        };
        let text = |t: &str| match (&self.expected, self.op) {
            (Operand::Pattern(p), Op::Eq) => glob(p, t),
            (Operand::Pattern(p), Op::Ne) => !glob(p, t),
            (e, Op::Contains) => t.contains(&operand_text(e)),
            (e, Op::NotContains) => !t.contains(&operand_text(e)),
            (e, Op::Eq) => t == operand_text(e),
            (e, Op::Ne) => t != operand_text(e),
            _ => false,
        };
        match (found, &self.expected) {
            // Nothing measured satisfies nothing, not even `!=`.
            (Found::Missing, _) => false,
            (Found::Bool(b), Operand::Bool(e)) => match self.op {
                Op::Eq => b == e,
                Op::Ne => b != e,
                _ => false,
            },
            (Found::Number(n), Operand::Number(e))
            | (Found::Duration(n), Operand::Duration(e))
            | (Found::Percent(n), Operand::Percent(e))
            | (Found::Percent(n), Operand::Number(e)) => compare(order(*n, *e)),
            (Found::Text(t), _) => text(t),
            (Found::List(items), e) => {
                let member = items.iter().any(|i| *i == operand_text(e));
                match self.op {
                    Op::Contains => member,
                    Op::NotContains => !member,
                    _ => false,
                }
            }
            (Found::Json(serde_json::Value::Number(n)), Operand::Number(e)) => {
                compare(n.as_f64().and_then(|n| order(n, *e)))
            }
            (Found::Json(serde_json::Value::Bool(b)), Operand::Bool(e)) => match self.op {
                Op::Eq => b == e,
                Op::Ne => b != e,
                _ => false,
            },
            (Found::Json(serde_json::Value::String(s)), _) => text(s),
            (Found::Json(v), _) => text(&v.to_string()),
            _ => false,
        }
    }

    /// `expected <op> <value>` as recorded in evidence.
    pub fn expected_text(&self) -> String {
        format!("{} {}", self.op.text(), self.expected)
    }
}

fn operand_text(e: &Operand) -> String {
    match e {
        Operand::Text(t) | Operand::Pattern(t) => t.clone(),
        other => other.to_string(),
    }
}

/// The conditions a probe has when it gives none of its own, by kind.
pub fn defaults(kind: ProbeKind) -> &'static [&'static str] {
    match kind {
        ProbeKind::Tcp => &["[CONNECTED] == true"],
        ProbeKind::Http => &["[STATUS] < 400"],
        ProbeKind::Tls => &["[CONNECTED] == true", "[CERTIFICATE_EXPIRATION] > 14d"],
        ProbeKind::Dns => &["[RESOLVED] == true"],
        ProbeKind::Command => &["[EXIT_STATUS] == 0"],
        ProbeKind::File => &["[EXISTS] == true"],
    }
}

/// Looks up a JSON path (`a.b[0].c`, `[1]`) in `value`.
pub fn json_path<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut v = value;
    for part in path.split('.') {
        let (key, mut indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            v = v.get(key)?;
        }
        while let Some(rest) = indexes.strip_prefix('[') {
            let close = rest.find(']')?;
            v = v.get(rest[..close].parse::<usize>().ok()?)?;
            indexes = &rest[close + 1..];
        }
        if !indexes.is_empty() {
            return None;
        }
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str, kind: ProbeKind) -> Condition {
        parse(text, kind).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn bad(text: &str, kind: ProbeKind) -> (String, String) {
        let e = parse(text, kind).unwrap_err();
        (text[e.span.clone()].to_owned(), e.message)
    }

    #[test]
    fn the_gatus_examples_parse_and_compare() {
        let c = ok("[STATUS] == 200", Http);
        assert!(c.holds(&Found::Number(200.0)));
        assert!(!c.holds(&Found::Number(500.0)));
        assert!(!c.holds(&Found::Missing));
        let c = ok("[RESPONSE_TIME] < 300ms", Http);
        assert!(c.holds(&Found::Duration(299.0)));
        assert!(!c.holds(&Found::Duration(300.0)));
        let c = ok("[CERTIFICATE_EXPIRATION] > 14d", Tls);
        assert!(c.holds(&Found::Duration(15.0 * 86_400_000.0)));
        assert!(!c.holds(&Found::Duration(5.0 * 86_400_000.0)));
        let c = ok("[BODY].status == \"ok\"", Http);
        assert_eq!(c.path.as_deref(), Some("status"));
        assert!(c.holds(&Found::Json(serde_json::json!("ok"))));
        assert!(!c.holds(&Found::Json(serde_json::json!("down"))));
        let c = ok("[HEADER].content-type == pat(application/json*)", Http);
        assert!(c.holds(&Found::Text("application/json; charset=utf-8".into())));
        let c = ok("[ADDRESSES] contains 127.0.0.1", Dns);
        assert!(c.holds(&Found::List(vec!["127.0.0.1".into()])));
        assert!(!c.holds(&Found::List(vec!["127.0.0.10".into()])));
        let c = ok("[SUCCESS_RATIO] >= 99%", Http);
        assert!(c.holds(&Found::Percent(100.0)));
        assert!(!c.holds(&Found::Percent(98.0)));
        let c = ok("[BODY].items[1].n > 2", Http);
        let body = serde_json::json!({"items": [{"n": 1}, {"n": 3}]});
        let found = json_path(&body, c.path.as_deref().unwrap()).unwrap();
        assert!(c.holds(&Found::Json(found.clone())));
    }

    #[test]
    fn mistakes_are_located_and_explained() {
        let (at, m) = bad("[STAUTS] == 200", Http);
        assert_eq!(at, "[STAUTS]");
        assert!(m.contains("unknown placeholder `[STAUTS]`"), "{m}");
        assert!(m.contains("(did you mean `[STATUS]`?)"), "{m}");
        let (at, m) = bad("[STATUS] == 200", Tcp);
        assert_eq!(at, "[STATUS]");
        assert!(m.contains("does not apply to a tcp probe"), "{m}");
        let (at, m) = bad("[RESPONSE_TIME] < 300", Http);
        assert_eq!(at, "300");
        assert!(m.contains("a duration"), "{m}");
        let (at, m) = bad("[STATUS] = 200", Http);
        assert_eq!(at, "=");
        assert!(m.contains("expected an operator"), "{m}");
        let (at, _) = bad("[CONNECTED] < true", Tcp);
        assert_eq!(at, "<");
        let (at, _) = bad("[STATUS].x == 1", Http);
        assert_eq!(at, ".x");
        let (_, m) = bad("[HEADER] == x", Http);
        assert!(m.contains("needs a header name"), "{m}");
        let (_, m) = bad("STATUS == 200", Http);
        assert!(m.contains("starts with a placeholder"), "{m}");
        let (at, m) = bad("[STATUS] ==", Http);
        assert_eq!(at, "");
        assert!(m.contains("expected a value"), "{m}");
        let (_, m) = bad("[BODY] == \"a\"b\"", Http);
        assert!(m.contains("must be written"), "{m}");
    }

    #[test]
    fn hostile_text_never_panics() {
        let pieces = [
            "[", "]", "[BODY]", ".", "é", "\u{3000}", "==", "<", "\"", "pat(", ")", "1", "ms", "%",
            " ", "contains",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    for kind in [Tcp, Http, Tls, Dns, Command, File] {
                        if let Err(e) = parse(&text, kind) {
                            assert!(text.get(e.span.clone()).is_some(), "{text:?} {e:?}");
                        }
                    }
                }
            }
        }
        assert!(parse("[BODY] ==\u{3000}", Http).is_err());
    }

    #[test]
    fn globs() {
        assert!(glob("*ok*", "all ok here"));
        assert!(glob("a*b*c", "abc"));
        assert!(!glob("a*b*c", "acb"));
        assert!(!glob("ab*ba", "aba"));
        assert!(glob("", ""));
    }

    #[test]
    fn durations_read_and_print() {
        assert_eq!(parse_duration("10s"), Some(10_000.0));
        assert_eq!(parse_duration("1.5m"), Some(90_000.0));
        assert_eq!(parse_duration("10"), None);
        assert_eq!(parse_duration("10y"), None);
        assert_eq!(parse_duration("99999999999d"), None);
        assert_eq!(duration(5.0 * 86_400_000.0), "5d");
        assert_eq!(duration(2.4), "2ms");
    }
}
