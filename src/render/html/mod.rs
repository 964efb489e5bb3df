//! The HTML renderer: one self-contained `report.html`.
//!
//! The page has inline CSS and inline SVG only: no script, no web font, no
//! image, nothing fetched from the network, and a Content-Security-Policy
//! that forbids all of it should anything slip through. The pipeline:
//!
//! 1. `markdown` parses the Markdown (pulldown-cmark) and rewrites the
//!    event stream: badges, heading ids, inert raw HTML, safe links, chart
//!    placeholders;
//!    `facts` then takes an opening paragraph of `**Label**: value` lines
//!    out of the body, for the header;
//! 2. `sanitize` runs ammonia over the resulting HTML with an allowlist of
//!    exactly the markup the renderer emits;
//! 3. `risk_matrix` and `timeline` draw the charts as SVG (every data
//!    string XML-escaped) into the placeholders;
//! 4. `toc` builds the table of contents from the heading ids;
//! 5. the shell template `report.html.tera` (with `html/style.css`) wraps it
//!    all, with autoescaping forced on for every data-derived value.

mod facts;
mod markdown;
mod risk_matrix;
mod sanitize;
mod svg;
mod timeline;
mod toc;

use serde::Serialize;

use crate::render::DocumentMeta;
use crate::render::charts::Tone;
pub use toc::TocEntry;

/// Name of the shell template, relative to `templates/`.
pub const SHELL_TEMPLATE: &str = "report.html.tera";

/// Every template file the HTML renderer needs, relative to `templates/`.
pub const TEMPLATE_FILES: [&str; 2] = [SHELL_TEMPLATE, "html/style.css"];

/// The page's Content-Security-Policy. `default-src 'none'` forbids
/// scripts, frames, objects, fonts, connections and media; there is
/// deliberately no `script-src`, so nothing re-allows scripts. Inline
/// styles are needed for the `<style>` element; `data:` images are allowed
/// for a logo a trusted template might embed (the Markdown body can't: its
/// images are never rendered). `base-uri` and `form-action` do not fall
/// back to `default-src`, so they are closed explicitly.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// What can go wrong when rendering HTML.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// A chart comment in the Markdown could not be drawn. Charts are
    /// written by the pipeline, so this is a bug upstream, not something to
    /// hide by leaving the chart out.
    #[error("chart {index} in the Markdown cannot be drawn: {message}")]
    Chart {
        /// 1-based position of the chart in the document.
        index: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The shell template failed to render (missing or broken template).
    #[error("rendering the HTML shell template failed: {0}")]
    Template(#[from] tera::Error),
}

/// The values the shell template sees.
#[derive(Debug, Serialize)]
struct ShellContext<'a> {
    meta: &'a DocumentMeta,
    /// `meta.language` if it looks like a BCP 47 tag, else "und".
    lang: String,
    /// `meta.date` if it is a valid RFC 3339 timestamp (for `<time>`).
    date_iso: Option<String>,
    overall: BadgeContext,
    decision: BadgeContext,
    toc: Vec<TocEntry>,
    /// The report's opening facts (empty when it has none): shown in the
    /// header instead of the metadata's.
    facts: Vec<facts::Fact>,
    body: String,
    csp: &'static str,
}

/// A badge as the template draws it.
#[derive(Debug, Serialize)]
struct BadgeContext {
    tone: &'static str,
    icon: &'static str,
}

impl From<Tone> for BadgeContext {
    fn from(tone: Tone) -> Self {
        BadgeContext {
            tone: markdown::tone_name(tone),
            icon: markdown::tone_icon(tone),
        }
    }
}

/// Whether `tag` has the shape of a BCP 47 language tag. Anything else in
/// `lang` would make the page invalid HTML.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Renders the report as one self-contained HTML page.
///
/// `markdown` is the rendered Markdown document (charts as
/// `<!-- readiness:… -->` comments, badges as `emoji **word**`); `tera`
/// must contain [`TEMPLATE_FILES`]. All of `markdown` and `meta` is treated
/// as untrusted. The output is deterministic: the same input gives the same
/// bytes.
pub fn render_html(
    markdown: &str,
    meta: &DocumentMeta,
    tera: &tera::Tera,
) -> Result<Vec<u8>, HtmlError> {
    let body = markdown::render_body(markdown, &meta.title)?;
    let context = ShellContext {
        meta,
        lang: if is_language_tag(&meta.language) {
            meta.language.clone()
        } else {
            "und".to_owned()
        },
        date_iso: crate::render::timeline_axis::parse_time(&meta.date)
            .ok()
            .map(|d| d.to_rfc3339()),
        overall: meta.overall_tone.into(),
        decision: meta.decision_tone.into(),
        toc: toc::build_toc(&body.headings),
        facts: body.facts,
        body: body.html,
        csp: CONTENT_SECURITY_POLICY,
    };
    // Autoescaping depends on the Tera instance's settings, and its default
    // suffixes (".html", ".htm", ".xml") do not match "report.html.tera".
    // Force it on (with the standard HTML escaper) on a copy, so the
    // template's safety never depends on how the caller configured Tera.
    let mut tera = tera.clone();
    tera.autoescape_on(vec![".html.tera", ".html"]);
    tera.reset_escape_fn();
    let html = tera.render(SHELL_TEMPLATE, &tera::Context::from_serialize(&context)?)?;
    Ok(html.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Tera with the renderer's templates, as the pipeline builds it.
    pub(crate) fn test_tera() -> tera::Tera {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(vec![
            (
                SHELL_TEMPLATE,
                include_str!("../../../templates/report.html.tera"),
            ),
            (
                "html/style.css",
                include_str!("../../../templates/html/style.css"),
            ),
        ])
        .unwrap();
        tera
    }

    pub(crate) fn meta() -> DocumentMeta {
        DocumentMeta {
            title: "Sys <b>Assessment</b>".into(),
            subtitle: Some("Sub & title".into()),
            system: "Sys".into(),
            version: "v1 \"quoted\"".into(),
            date: "2025-09-30T14:57:00Z".into(),
            date_display: "September 30, 2025".into(),
            assessor: "A <script>alert(1)</script>".into(),
            overall_status: "YELLOW".into(),
            overall_tone: Tone::Warn,
            decision: "CONDITIONAL GO".into(),
            decision_tone: Tone::Warn,
            language: "en".into(),
            keywords: vec!["a".into(), "<b>".into()],
        }
    }

    #[test]
    fn shell_escapes_meta_and_has_the_html5_head() {
        let out = String::from_utf8(render_html("## One\n\ntext", &meta(), &test_tera()).unwrap())
            .unwrap();
        assert!(
            out.starts_with("<!DOCTYPE html>\n<html lang=\"en\""),
            "{out}"
        );
        assert!(out.contains("<meta charset=\"utf-8\">"));
        assert!(out.contains(&CONTENT_SECURITY_POLICY.replace('\'', "&#x27;")));
        assert!(out.contains("<title>Sys &lt;b&gt;Assessment&lt;&#x2F;b&gt;</title>"));
        assert!(!out.contains("<script"));
        assert!(!out.contains("<b>"));
        assert!(out.contains("href=\"#one\""));
        assert!(out.contains("<time datetime=\"2025-09-30T14:57:00+00:00\">"));
    }

    /// The report's opening facts replace the metadata's in the header
    /// (the date keeps its `<time>`), and the body does not repeat them.
    #[test]
    fn opening_facts_go_to_the_header() {
        let md = "**Assessment Date**: September 30, 2025\\\n**Scope**: all <script>x</script>\n\n---\n\n## One\n";
        let out = String::from_utf8(render_html(md, &meta(), &test_tera()).unwrap()).unwrap();
        let header = &out[..out.find("</header>").unwrap()];
        assert!(header.contains("<div><dt>Assessment Date</dt><dd><time datetime=\"2025-09-30T14:57:00+00:00\">September 30, 2025</time></dd></div>"), "{header}");
        assert!(
            header.contains("<div><dt>Scope</dt><dd>all &lt;script&gt;x&lt;/script&gt;</dd></div>"),
            "{header}"
        );
        assert!(!header.contains("<dt>System</dt>"));
        let body = &out[out.find("<main").unwrap()..];
        assert!(!body.contains("Scope") && !body.contains("<hr"), "{body}");
        // Without opening facts, the header shows the metadata's.
        let out = String::from_utf8(render_html("## One\n\ntext", &meta(), &test_tera()).unwrap())
            .unwrap();
        assert!(out.contains("<div><dt>System</dt><dd>Sys</dd></div>"));
    }

    #[test]
    fn escapes_even_when_the_caller_turned_autoescape_off() {
        let mut tera = test_tera();
        tera.autoescape_on(vec![]);
        tera.set_escape_fn(|s| s.to_owned());
        let out = String::from_utf8(render_html("", &meta(), &tera).unwrap()).unwrap();
        assert!(!out.contains("<script") && !out.contains("<b>"));
    }

    #[test]
    fn hostile_language_and_date_fall_back() {
        let mut m = meta();
        m.language = "en\"><script>".into();
        m.date = "yesterday".into();
        let out = String::from_utf8(render_html("", &m, &test_tera()).unwrap()).unwrap();
        assert!(out.contains("<html lang=\"und\""));
        assert!(!out.contains("<time"));
    }

    #[test]
    fn output_is_deterministic() {
        let md = include_str!("../../../tests/fixtures/html/sample-report.md");
        let a = render_html(md, &meta(), &test_tera()).unwrap();
        let b = render_html(md, &meta(), &test_tera()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en") && is_language_tag("de-CH") && is_language_tag("zh-Hant-TW"));
        assert!(
            !is_language_tag("")
                && !is_language_tag("e")
                && !is_language_tag("en_US")
                && !is_language_tag("en-")
        );
    }
}
