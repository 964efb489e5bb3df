//! The Tera templates: built in, overridable file by file from a folder.

use std::path::Path;

use tera::Tera;

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

/// Loads the built-in templates, replacing each with the file of the same
/// name under `dir` when there is one.
pub fn load_templates(dir: Option<&Path>) -> Result<Tera, TemplateError> {
    let mut sources = Vec::with_capacity(BUILTIN.len());
    for (name, builtin) in BUILTIN {
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
    tera.autoescape_on(vec![".html", ".html.tera", ".svg"]);
    tera.register_filter("utc", utc_filter);
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
