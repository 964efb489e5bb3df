//! The Tera templates: built in, overridable file by file from a folder.

use std::path::Path;

use tera::Tera;

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
    /// Tera refused a template or failed rendering it; the chain names the
    /// template, the line and the missing variable.
    #[error("{}", tera_chain(.0))]
    Tera(#[from] tera::Error),
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
}

/// Loads the built-in templates, replacing each with the file of the same
/// name under `dir` when there is one.
///
/// Tera's parser is a good part of a small build, so the two groups are
/// parsed on two threads.
pub fn load_templates(dir: Option<&Path>) -> Result<Templates, TemplateError> {
    let is_markdown = |name: &str| name.ends_with(".md.tera");
    let (markdown, html) = std::thread::scope(|scope| {
        let html = scope.spawn(|| load_group(dir, |name| !is_markdown(name)));
        let markdown = load_group(dir, is_markdown);
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
    Ok(Templates { markdown, html })
}

/// Loads the built-in templates whose names pass `wanted`.
fn load_group(dir: Option<&Path>, wanted: impl Fn(&str) -> bool) -> Result<Tera, TemplateError> {
    let mut sources = Vec::with_capacity(BUILTIN.len());
    for (name, builtin) in BUILTIN.iter().filter(|(name, _)| wanted(name)) {
        let text = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
            Some(path) => std::fs::read_to_string(&path).map_err(|source| TemplateError::Read {
                path: path.display().to_string(),
                source,
            })?,
            None => (*builtin).to_owned(),
        };
        sources.push((*name, text));
    }
    let mut tera = Tera::default();
    tera.register_filter("utc", utc_filter);
    tera.register_filter("inline", crate::document::escape::InlineFilter);
    // Outputs must not depend on the machine: no environment.
    tera.register_function("get_env", |_: &std::collections::HashMap<String, tera::Value>| {
        Err(tera::Error::msg(
            "`get_env` is not available: a report must not depend on the machine it is built on",
        ))
    });
    tera.add_raw_templates(sources)?;
    Ok(tera)
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
