//! Directives: how the Markdown templates say "a badge here", "a chart
//! here", "this is the title", without any of it travelling as text.
//!
//! A template calls a function (`badge(status=c.status)`,
//! `chart(name="timeline")`, `fact(label="Assessor", value=a.assessor)`…).
//! The function keeps the typed value in a side table and writes a marker
//! into the Markdown: a private-use character, a nonce, the entry's index,
//! another private-use character. The nonce is random per render and never
//! reaches an output, so no text a user wrote can name an entry: data can
//! never forge a badge, a chart or a fact, whatever the template does with
//! it. Afterwards the markers are swapped either for their Markdown
//! ([`Annotated::report_markdown`], the `report.md` deliverable) or for
//! their typed values (the document parser).

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use tera::{Function, Tera, Value};

use super::escape::{escape_markdown, visible};
use super::{Fact, FactValue};
use crate::model::{Decision, Severity, Status, Timestamp, Tone};

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Which chart a chart directive places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// The risk heat map.
    RiskMatrix,
    /// The action timeline.
    Timeline,
}

/// What a directive stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Directive {
    /// The document's title (alone in a heading).
    Title(String),
    /// The subtitle (alone in a paragraph).
    Subtitle(String),
    /// One of the opening facts (a paragraph of them and line breaks).
    Fact(Fact),
    /// A verdict badge: colour family and word.
    Badge(Tone, String),
    /// A tone marker without a word (a coloured dot).
    Marker(Tone),
    /// A chart.
    Chart(ChartKind),
}

#[derive(Debug)]
struct Entry {
    directive: Directive,
    /// What `report.md` shows in its place.
    markdown: String,
}

#[derive(Debug)]
struct Table {
    nonce: String,
    entries: Mutex<Vec<Entry>>,
}

impl Table {
    fn push(&self, directive: Directive, markdown: String) -> Value {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.push(Entry {
            directive,
            markdown,
        });
        Value::String(format!("{OPEN}{}{}{CLOSE}", self.nonce, entries.len() - 1))
    }
}

/// The templates' output: Markdown with directive markers, and the typed
/// values they stand for.
#[derive(Debug)]
pub struct Annotated {
    text: String,
    nonce: String,
    entries: Vec<Entry>,
}

/// A piece of annotated text: plain text, or a directive.
#[derive(Debug, PartialEq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Directive(&'a Directive),
}

impl Annotated {
    /// Renders `template` with `context` and the directive functions.
    pub fn render(
        tera: &Tera,
        template: &str,
        context: &tera::Context,
        tidy: impl Fn(&str) -> String,
    ) -> tera::Result<Annotated> {
        let table = Arc::new(Table {
            nonce: nonce(),
            entries: Mutex::new(Vec::new()),
        });
        let mut tera = tera.clone();
        register(&mut tera, &table);
        let text = tidy(&tera.render(template, context)?);
        drop(tera);
        let table = Arc::try_unwrap(table).expect("the functions went with the Tera clone");
        let annotated = Annotated {
            text,
            nonce: table.nonce,
            entries: table
                .entries
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
        };
        // A marker a filter changed (`| upper`, `| truncate`…) would print
        // its nonce: refuse it. Data cannot hold these characters (the
        // escaping filters replace them), so only a template can.
        let broken = annotated
            .pieces(&annotated.text)
            .into_iter()
            .any(|piece| matches!(piece, Piece::Text(t) if t.contains([OPEN, CLOSE])));
        if broken {
            return Err(tera::Error::msg(
                "the result of a directive function (`badge`, `marker`, `chart`, `title`, `subtitle`, `fact`) was changed by a filter or cut: write it as it is, with no filter after it",
            ));
        }
        Ok(annotated)
    }

    /// Markdown without directives, as if a template had written it (for
    /// tests and fuzzing of the parser and the renderers).
    pub fn from_markdown(text: &str) -> Annotated {
        Annotated {
            text: text.to_owned(),
            nonce: nonce(),
            entries: Vec::new(),
        }
    }

    /// The annotated Markdown, for the document parser.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// What `report.md` shows for `directive` (one of this render's).
    pub(crate) fn markdown_of(&self, directive: &Directive) -> &str {
        self.entries
            .iter()
            .find(|e| std::ptr::eq(&e.directive, directive))
            .map_or("", |e| e.markdown.as_str())
    }

    /// Splits `text` (a piece of [`Self::text`]) at its markers.
    pub(crate) fn pieces<'a>(&'a self, text: &'a str) -> Vec<Piece<'a>> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some((before, index, after)) = self.next_marker(rest) {
            if !before.is_empty() {
                out.push(Piece::Text(before));
            }
            out.push(Piece::Directive(&self.entries[index].directive));
            rest = after;
        }
        if !rest.is_empty() {
            out.push(Piece::Text(rest));
        }
        out
    }

    /// The next marker of this render in `text`: the text before it, its
    /// entry, the text after it.
    fn next_marker<'a>(&self, text: &'a str) -> Option<(&'a str, usize, &'a str)> {
        let mut from = 0;
        while let Some(at) = text[from..].find(OPEN).map(|i| i + from) {
            let body = &text[at + OPEN.len_utf8()..];
            if let Some(digits) = body.strip_prefix(self.nonce.as_str())
                && let Some(end) = digits.find(CLOSE)
                && let Ok(index) = digits[..end].parse::<usize>()
                && index < self.entries.len()
            {
                return Some((&text[..at], index, &digits[end + CLOSE.len_utf8()..]));
            }
            from = at + OPEN.len_utf8();
        }
        None
    }

    /// `report.md`: every marker replaced by its Markdown, control
    /// characters made visible.
    pub fn report_markdown(&self, tidy: impl Fn(&str) -> String) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut rest = self.text.as_str();
        while let Some((before, index, after)) = self.next_marker(rest) {
            out.push_str(before);
            out.push_str(&self.entries[index].markdown);
            rest = after;
        }
        out.push_str(rest);
        tidy(&super::escape::visible(&out))
    }
}

/// 128 random bits as hex: the markers' nonce. It is never written to an
/// output, so it costs no determinism.
fn nonce() -> String {
    let a = RandomState::new().hash_one(0x5eed_u64);
    let b = RandomState::new().hash_one(0xc0de_u64);
    format!("{a:016x}{b:016x}")
}

/// Makes a directive and its Markdown from a function's arguments.
type Make = fn(&HashMap<String, Value>) -> tera::Result<(Directive, String)>;

/// A directive function of the templates.
struct DirectiveFn {
    table: Arc<Table>,
    make: Make,
}

impl Function for DirectiveFn {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let nonce = self.table.nonce.as_str();
        if args.values().any(|v| {
            v.as_str()
                .is_some_and(|s| s.contains(&format!("{OPEN}{nonce}")))
        }) {
            return Err(tera::Error::msg(
                "a directive function's argument holds the result of another one (e.g. `fact(value=badge(…))`): give it plain values",
            ));
        }
        // Data cannot bring the markers' characters in.
        let args: HashMap<String, Value> = args
            .iter()
            .map(|(k, v)| match v.as_str() {
                Some(s) if s.contains([OPEN, CLOSE]) => (
                    k.clone(),
                    Value::String(s.replace([OPEN, CLOSE], "\u{fffd}")),
                ),
                _ => (k.clone(), v.clone()),
            })
            .collect();
        let (directive, markdown) = (self.make)(&args)?;
        Ok(self.table.push(directive, markdown))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The directive functions, by name. Documented in `docs/templates.md`.
pub const FUNCTIONS: [&str; 6] = ["title", "subtitle", "fact", "badge", "marker", "chart"];

fn register(tera: &mut Tera, table: &Arc<Table>) {
    let makers: [(&str, Make); 6] = [
        ("title", title),
        ("subtitle", subtitle),
        ("fact", fact),
        ("badge", badge),
        ("marker", marker),
        ("chart", chart),
    ];
    for (name, make) in makers {
        tera.register_function(
            name,
            DirectiveFn {
                table: Arc::clone(table),
                make,
            },
        );
    }
}

fn arg<T: DeserializeOwned>(
    function: &str,
    args: &HashMap<String, Value>,
    name: &str,
) -> tera::Result<Option<T>> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|e| {
                tera::Error::msg(format!(
                    "`{function}`: argument `{name}` = {value} is not valid: {e}"
                ))
            }),
    }
}

fn required<T: DeserializeOwned>(
    function: &str,
    args: &HashMap<String, Value>,
    name: &str,
) -> tera::Result<T> {
    arg(function, args, name)?
        .ok_or_else(|| tera::Error::msg(format!("`{function}` needs the argument `{name}`")))
}

fn title(args: &HashMap<String, Value>) -> tera::Result<(Directive, String)> {
    let text = visible(&required::<String>("title", args, "text")?).into_owned();
    let markdown = escape_markdown(&text);
    Ok((Directive::Title(text), markdown))
}

fn subtitle(args: &HashMap<String, Value>) -> tera::Result<(Directive, String)> {
    let text = visible(&required::<String>("subtitle", args, "text")?).into_owned();
    let markdown = escape_markdown(&text);
    Ok((Directive::Subtitle(text), markdown))
}

/// `fact(label=…, value=…)` or `fact(label=…, date=…)`.
fn fact(args: &HashMap<String, Value>) -> tera::Result<(Directive, String)> {
    let label = visible(&required::<String>("fact", args, "label")?).into_owned();
    let value = match arg::<Timestamp>("fact", args, "date")? {
        Some(date) => FactValue::Date(date),
        None => FactValue::Text(visible(&required::<String>("fact", args, "value")?).into_owned()),
    };
    let markdown = format!(
        "**{}**: {}",
        escape_markdown(&label),
        escape_markdown(&value.display())
    );
    Ok((Directive::Fact(Fact { label, value }), markdown))
}

/// `badge(status=…)`, `badge(decision=…)`, `badge(severity=…)` or
/// `badge(tone=…, word=…)`.
fn badge(args: &HashMap<String, Value>) -> tera::Result<(Directive, String)> {
    let (tone, emoji, word) = if let Some(s) = arg::<Status>("badge", args, "status")? {
        (s.tone(), s.tone().marker(), s.word().to_owned())
    } else if let Some(d) = arg::<Decision>("badge", args, "decision")? {
        // One wording everywhere: "CONDITIONAL GO", never "CONDITIONAL".
        (d.tone(), d.tone().marker(), d.word().to_owned())
    } else if let Some(s) = arg::<Severity>("badge", args, "severity")? {
        let (tone, emoji) = s.tone();
        (tone, emoji, capitalized(s.as_str()))
    } else {
        let tone: Tone = required("badge", args, "tone")?;
        let word = visible(&required::<String>("badge", args, "word")?).into_owned();
        (tone, tone.marker(), word)
    };
    let markdown = format!("{emoji} **{}**", escape_markdown(&word));
    Ok((Directive::Badge(tone, word), markdown))
}

/// `marker(tone=…)`, optionally with `emoji` for `report.md`: one of the
/// tone emoji or ✅ ⚠️ ❌.
fn marker(args: &HashMap<String, Value>) -> tera::Result<(Directive, String)> {
    let tone: Tone = required("marker", args, "tone")?;
    let emoji = match arg::<String>("marker", args, "emoji")? {
        None => tone.marker().to_owned(),
        Some(e) if ["🟢", "🟡", "🔴", "⚪", "✅", "⚠️", "❌"].contains(&e.as_str()) => {
            e
        }
        Some(e) => {
            return Err(tera::Error::msg(format!(
                "`marker`: `emoji` = {e:?} is not one of 🟢 🟡 🔴 ⚪ ✅ ⚠️ ❌"
            )));
        }
    };
    Ok((Directive::Marker(tone), emoji))
}

/// `chart(name="risk-matrix")` or `chart(name="timeline")`: the chart is
/// drawn from the scored assessment; `report.md` shows nothing in its place
/// (the table after it carries the same data).
fn chart(args: &HashMap<String, Value>) -> tera::Result<(Directive, String)> {
    let name: String = required("chart", args, "name")?;
    let kind = match name.as_str() {
        "risk-matrix" => ChartKind::RiskMatrix,
        "timeline" => ChartKind::Timeline,
        other => {
            return Err(tera::Error::msg(format!(
                "`chart`: unknown chart `{other}`; expected `risk-matrix` or `timeline`"
            )));
        }
    };
    Ok((Directive::Chart(kind), String::new()))
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotate(template: &str) -> Annotated {
        let mut tera = Tera::default();
        tera.add_raw_template("t.md.tera", template).unwrap();
        Annotated::render(&tera, "t.md.tera", &tera::Context::new(), |s| s.to_owned()).unwrap()
    }

    #[test]
    fn markers_become_markdown_or_directives() {
        let a = annotate(
            r#"Status: {{ badge(status="yellow") }} and {{ marker(tone="good", emoji="✅") }}."#,
        );
        assert_eq!(
            a.report_markdown(|s| s.to_owned()),
            "Status: 🟡 **YELLOW** and ✅."
        );
        let pieces = a.pieces(a.text());
        assert_eq!(pieces[0], Piece::Text("Status: "));
        assert_eq!(
            pieces[1],
            Piece::Directive(&Directive::Badge(Tone::Warn, "YELLOW".into()))
        );
        assert_eq!(pieces[3], Piece::Directive(&Directive::Marker(Tone::Good)));
        assert_eq!(pieces[4], Piece::Text("."));
    }

    #[test]
    fn a_marker_of_another_render_is_only_text() {
        let first = annotate(r#"{{ badge(tone="good", word="ALL CLEAR") }}"#);
        let forged = first.text().to_owned();
        let second = annotate(r#"{{ badge(tone="bad", word="NO") }}"#);
        let text = format!("{forged} {}", second.text());
        let pieces = second.pieces(&text);
        assert_eq!(pieces[0], Piece::Text(&text[..forged.len() + 1]));
        assert_eq!(
            pieces[1],
            Piece::Directive(&Directive::Badge(Tone::Bad, "NO".into()))
        );
    }

    #[test]
    fn a_marker_cannot_be_changed_or_nested() {
        for template in [
            r#"{{ badge(status="green") | upper }}"#,
            r#"{{ badge(status="green") | truncate(length=3) }}"#,
            r#"{{ fact(label="Status", value=badge(status="green")) }}"#,
        ] {
            let mut tera = Tera::default();
            tera.add_raw_template("t.md.tera", template).unwrap();
            let e = Annotated::render(&tera, "t.md.tera", &tera::Context::new(), |s| s.to_owned())
                .unwrap_err();
            let chain = format!("{e:?}");
            assert!(chain.contains("directive function"), "{template}: {chain}");
        }
    }

    #[test]
    fn bad_arguments_are_template_errors() {
        let mut tera = Tera::default();
        tera.add_raw_template("t.md.tera", r#"{{ badge(status="purple") }}"#)
            .unwrap();
        let e = Annotated::render(&tera, "t.md.tera", &tera::Context::new(), |s| s.to_owned())
            .unwrap_err();
        let chain = format!("{:?}", e);
        assert!(chain.contains("purple"), "{chain}");
    }
}
