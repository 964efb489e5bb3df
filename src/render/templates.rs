//! The Tera templates: built in, overridable file by file from a folder.

use std::path::Path;

use std::collections::HashMap;

use tera::Tera;

use super::template_check::TemplateProblem;
use crate::document::escape::escape_markdown;

/// The built-in templates, by name relative to `templates/`.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "report.md.tera",
        include_str!("../../templates/report.md.tera"),
    ),
    (
        "md/macros.md.tera",
        include_str!("../../templates/md/macros.md.tera"),
    ),
    (
        "md/component.md.tera",
        include_str!("../../templates/md/component.md.tera"),
    ),
    (
        "md/changes.md.tera",
        include_str!("../../templates/md/changes.md.tera"),
    ),
    (
        "report.html.tera",
        include_str!("../../templates/report.html.tera"),
    ),
    (
        "html/style.css",
        include_str!("../../templates/html/style.css"),
    ),
];

/// Errors loading or rendering templates.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A user template could not be read.
    #[error("cannot read template `{path}`: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// `--templates` is not a folder of templates.
    #[error("{}", .0.join("\n"))]
    Folder(Vec<String>),
    /// Templates that would crash Tera (nesting, recursion), each with its
    /// file, line and column.
    #[error("{}", problems(.0))]
    Unsafe(Vec<(String, TemplateProblem)>),
    /// Rendering met a name no template variable, filter or function has.
    #[error("{file}:{line}:{column}: {message}{}", hint.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default())]
    Unknown {
        /// The template's file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is unknown.
        message: String,
        /// The nearest known name.
        hint: Option<String>,
    },
    /// Tera refused a template or failed rendering it; the chain names the
    /// template, the line and the missing variable.
    #[error("{}", tera_chain(.0))]
    Tera(#[from] tera::Error),
}

/// Filters the Markdown templates know: Tera's and ours.
const FILTERS: &[&str] = &[
    "upper",
    "lower",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "truncate",
    "linebreaksbr",
    "indent",
    "striptags",
    "spaceless",
    "first",
    "last",
    "nth",
    "join",
    "length",
    "reverse",
    "sort",
    "unique",
    "slice",
    "group_by",
    "filter",
    "map",
    "concat",
    "urlencode",
    "urlencode_strict",
    "abs",
    "pluralize",
    "round",
    "filesizeformat",
    "title",
    "capitalize",
    "replace",
    "addslashes",
    "split",
    "int",
    "float",
    "json_encode",
    "as_str",
    "default",
    "safe",
    "escape",
    "escape_xml",
    "wordcount",
    "get",
    "date",
    "utc",
    "inline",
];

impl Templates {
    /// Tera's error, placed: an unknown variable or filter gets the file,
    /// line and column where the template first uses it, and the nearest
    /// known name (`context` is what the template saw).
    pub(crate) fn explain(&self, error: tera::Error, context: &serde_json::Value) -> TemplateError {
        let chain = tera_chain(&error);
        let quoted = |text: &str, after: &str, open: char, close: char| {
            let rest = &text[text.find(after)? + after.len()..];
            let rest = rest.strip_prefix(open)?;
            Some(rest[..rest.find(close)?].to_owned())
        };
        let template = quoted(&chain, "render ", '\'', '\'');
        let (message, hint, needle) = if let Some(var) = quoted(&chain, "Variable ", '`', '`') {
            let hint = nearest_path(&var, context).map(|n| format!("did you mean `{n}`?"));
            let message = format!("unknown variable `{var}`");
            (message, hint, var)
        } else if let Some(filter) = quoted(&chain, "Filter ", '\'', '\'') {
            let hint =
                nearest(&filter, FILTERS.iter().copied()).map(|n| format!("did you mean `{n}`?"));
            let message = format!("unknown filter `{filter}`");
            (message, hint, filter)
        } else if let Some(function) = quoted(&chain, "Function ", '\'', '\'') {
            let known = super::super::document::directive::FUNCTIONS
                .iter()
                .copied()
                .chain(["range", "throw"]);
            let hint = nearest(&function, known).map(|n| format!("did you mean `{n}`?"));
            let message = format!("unknown function `{function}`");
            (message, hint, function)
        } else {
            return TemplateError::Tera(error);
        };
        // The template being rendered first, then the ones it may include.
        let mut order: Vec<&(&str, String, String)> = self.sources.iter().collect();
        order.sort_by_key(|(n, _, _)| Some(*n) != template.as_deref());
        for (_, file, text) in order {
            if let Some(at) = find_word(text, &needle) {
                let (line, column) = line_column(text, at);
                return TemplateError::Unknown {
                    file: file.clone(),
                    line,
                    column,
                    message,
                    hint,
                };
            }
        }
        TemplateError::Tera(error)
    }
}

/// The first place `word` stands as a whole name (not inside a longer one).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    text.match_indices(word)
        .map(|(i, _)| i)
        .find(|&i| !text[..i].ends_with(is_name) && !text[i + word.len()..].starts_with(is_name))
}

fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[start..].chars().count() + 1,
    )
}

/// The nearest of `known` to `name`, if near enough to be a typo.
fn nearest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// `a.titel` → `a.title`: the path with its first unknown step replaced
/// by the nearest key of the object there.
fn nearest_path(path: &str, context: &serde_json::Value) -> Option<String> {
    let mut value = context;
    let mut done: Vec<&str> = Vec::new();
    for step in path.split('.') {
        let object = value.as_object()?;
        match object.get(step) {
            Some(next) => {
                value = next;
                done.push(step);
            }
            None => {
                let near = nearest(step, object.keys().map(String::as_str))?;
                done.push(near);
                return Some(done.join("."));
            }
        }
    }
    None
}

fn problems(list: &[(String, TemplateProblem)]) -> String {
    list.iter()
        .map(|(file, p)| format!("{file}:{}:{}: {}", p.line, p.column, p.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn tera_chain(e: &tera::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// The loaded templates: the Markdown group (autoescaped for Markdown,
/// with the directive functions) and the HTML shell with its stylesheet
/// (autoescaped for HTML). They never refer to each other.
#[derive(Debug, Clone)]
pub struct Templates {
    /// `report.md.tera` and `md/*.md.tera`.
    pub markdown: Tera,
    /// `report.html.tera` and `html/style.css`.
    pub html: Tera,
    /// Each template's name, the file it came from (as shown in errors)
    /// and its text, to place Tera's errors that have no position.
    sources: Vec<(&'static str, String, String)>,
}

/// Loads the built-in templates, replacing each with the file of the same
/// name under `dir` when there is one. A `dir` that is not a folder, or
/// holds a file that is no template's name, is an error (a typo would
/// otherwise be silently ignored); so is a template Tera could not take
/// without crashing ([`template_check`](super::template_check)).
///
/// Tera's parser is a good part of a small build, so the two groups are
/// parsed on two threads.
pub fn load_templates(dir: Option<&Path>) -> Result<Templates, TemplateError> {
    let names: Vec<&str> = BUILTIN.iter().map(|(name, _)| *name).collect();
    if let Some(dir) = dir {
        let problems = super::template_check::check_folder(dir, &names);
        if !problems.is_empty() {
            return Err(TemplateError::Folder(problems));
        }
    }
    let mut sources = Vec::with_capacity(BUILTIN.len());
    for (name, builtin) in BUILTIN {
        let (shown, text) = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
            Some(path) => {
                let text =
                    std::fs::read_to_string(&path).map_err(|source| TemplateError::Read {
                        path: path.display().to_string(),
                        source,
                    })?;
                (path.display().to_string(), text)
            }
            None => (format!("built-in {name}"), (*builtin).to_owned()),
        };
        sources.push((*name, shown, text));
    }
    let pairs: Vec<(&str, &str)> = sources.iter().map(|(n, _, t)| (*n, t.as_str())).collect();
    let unsafe_shapes = super::template_check::check(&pairs);
    if !unsafe_shapes.is_empty() {
        let shown = |name: &str| {
            sources
                .iter()
                .find(|(n, _, _)| *n == name)
                .map_or(name.to_owned(), |(_, shown, _)| shown.clone())
        };
        return Err(TemplateError::Unsafe(
            unsafe_shapes
                .into_iter()
                .map(|p| (shown(&p.template), p))
                .collect(),
        ));
    }
    let is_markdown = |name: &str| name.ends_with(".md.tera");
    let group = |markdown: bool| -> Vec<(&str, &str)> {
        pairs
            .iter()
            .copied()
            .filter(|(name, _)| is_markdown(name) == markdown)
            .collect()
    };
    let (markdown, html) = std::thread::scope(|scope| {
        let html = scope.spawn(|| new_tera(group(false)));
        let markdown = new_tera(group(true));
        let html = html
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (markdown, html)
    });
    let mut markdown = markdown?;
    // Every value a Markdown template interpolates is literal text unless
    // the template says `| safe` (fields documented as Markdown).
    markdown.autoescape_on(vec![".md.tera"]);
    markdown.set_escape_fn(escape_markdown);
    let mut html = html?;
    html.autoescape_on(vec![".html", ".html.tera", ".svg"]);
    Ok(Templates {
        markdown,
        html,
        sources,
    })
}

/// The most items `range` makes: a template cannot loop a billion times.
const MAX_RANGE: usize = 100_000;

/// A Tera with these templates and our filters and functions.
fn new_tera(sources: Vec<(&str, &str)>) -> Result<Tera, TemplateError> {
    let mut tera = Tera::default();
    tera.register_filter("utc", utc_filter);
    for filter in crate::document::escape::FILTERS {
        tera.register_filter(filter.name(), filter);
    }
    // Outputs must not depend on the machine: no environment.
    tera.register_function("get_env", |_: &HashMap<String, tera::Value>| {
        Err(tera::Error::msg(
            "`get_env` is not available: a report must not depend on the machine it is built on",
        ))
    });
    tera.register_function("range", bounded_range);
    tera.add_raw_templates(sources)?;
    Ok(tera)
}

/// Tera's `range(start=0, end=…, step_by=1)`, refusing more than
/// [`MAX_RANGE`] items.
fn bounded_range(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let number = |key: &str, default: i64| match args.get(key) {
        None => Ok(default),
        Some(v) => v
            .as_i64()
            .ok_or_else(|| tera::Error::msg(format!("`range`: `{key}` must be an integer"))),
    };
    let (start, end, step) = (
        number("start", 0)?,
        number("end", 0)?,
        number("step_by", 1)?,
    );
    if step <= 0 {
        return Err(tera::Error::msg("`range`: `step_by` must be at least 1"));
    }
    let span = end.saturating_sub(start).max(0);
    let count = usize::try_from((span as u64).div_ceil(step as u64)).unwrap_or(usize::MAX);
    if count > MAX_RANGE {
        return Err(tera::Error::msg(format!(
            "`range` would make {count} items; at most {MAX_RANGE} are allowed"
        )));
    }
    Ok(tera::Value::Array(
        (0..count as i64)
            .map(|i| tera::Value::from(start + i * step))
            .collect(),
    ))
}

/// `{{ t | utc }}`: an RFC 3339 instant as `2025-10-01 14:57 UTC`;
/// `{{ t | utc(format="%B %-d, %Y") }}` for another chrono format.
fn utc_filter(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("the `utc` filter expects an RFC 3339 string"))?;
    let t = chrono::DateTime::parse_from_rfc3339(text)
        .map_err(|e| tera::Error::msg(format!("the `utc` filter cannot read `{text}`: {e}")))?;
    let format = args
        .get("format")
        .and_then(|f| f.as_str())
        .unwrap_or("%Y-%m-%d %H:%M UTC");
    // chrono panics while printing a format it cannot read: check it first.
    if chrono::format::StrftimeItems::new(format)
        .any(|item| matches!(item, chrono::format::Item::Error))
    {
        return Err(tera::Error::msg(format!(
            "the `utc` filter cannot use the format `{format}`: see chrono's strftime specifiers"
        )));
    }
    Ok(tera::Value::String(
        t.with_timezone(&chrono::Utc).format(format).to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every built-in template is loaded, and an override from either
    /// group is used.
    #[test]
    fn loads_every_builtin_and_overrides_either_group() {
        let t = load_templates(None).unwrap();
        let mut names: Vec<&str> = t
            .markdown
            .get_template_names()
            .chain(t.html.get_template_names())
            .collect();
        names.sort_unstable();
        let mut builtin: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        builtin.sort_unstable();
        assert_eq!(names, builtin);

        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("html")).unwrap();
        std::fs::write(dir.join("html/style.css"), "body { color: red }").unwrap();
        std::fs::create_dir_all(dir.join("md")).unwrap();
        std::fs::write(dir.join("md/component.md.tera"), "one component").unwrap();
        let t = load_templates(Some(dir)).unwrap();
        let empty = tera::Context::new();
        let css = t.html.render("html/style.css", &empty).unwrap();
        assert_eq!(css, "body { color: red }");
        let component = t.markdown.render("md/component.md.tera", &empty).unwrap();
        assert_eq!(component, "one component");
    }

    #[test]
    fn bad_formats_and_huge_ranges_are_errors_not_crashes() {
        let mut t = load_templates(None).unwrap();
        t.markdown
            .add_raw_template(
                "q.md.tera",
                r#"{{ "2025-09-30T14:57:00Z" | utc(format="%Q") }}"#,
            )
            .unwrap();
        let e = t
            .markdown
            .render("q.md.tera", &tera::Context::new())
            .unwrap_err();
        assert!(format!("{e:?}").contains("cannot use the format `%Q`"));
        t.markdown
            .add_raw_template(
                "r.md.tera",
                "{% for i in range(end=10000000000) %}x{% endfor %}",
            )
            .unwrap();
        let e = t
            .markdown
            .render("r.md.tera", &tera::Context::new())
            .unwrap_err();
        assert!(format!("{e:?}").contains("at most 100000"));
        t.markdown
            .add_raw_template(
                "s.md.tera",
                "{% for i in range(start=2, end=9, step_by=3) %}{{ i }},{% endfor %}",
            )
            .unwrap();
        assert_eq!(
            t.markdown
                .render("s.md.tera", &tera::Context::new())
                .unwrap(),
            "2,5,8,"
        );
    }

    #[test]
    fn markdown_templates_escape_and_cannot_read_the_environment() {
        let mut t = load_templates(None).unwrap();
        t.markdown
            .add_raw_template("x.md.tera", "| {{ s }} | {{ s | safe }} |")
            .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("s", "a | *b*");
        let out = t.markdown.render("x.md.tera", &ctx).unwrap();
        assert_eq!(out, r"| a \| \*b\* | a | *b* |");
        t.markdown
            .add_raw_template("env.md.tera", r#"{{ get_env(name="HOME") }}"#)
            .unwrap();
        let e = t.markdown.render("env.md.tera", &ctx).unwrap_err();
        assert!(format!("{e:?}").contains("must not depend on the machine"));
    }
}
