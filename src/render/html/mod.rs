//! The HTML renderer: one self-contained `report.html`.
//!
//! The page has inline CSS and inline SVG only: no script, no web font, no
//! image, nothing fetched from the network, and a Content-Security-Policy
//! that forbids all of it should anything slip through. It is written from
//! the typed [`Document`]:
//!
//! 1. `body` writes the blocks as HTML, every text escaped where it lands;
//! 2. `risk_matrix` and `timeline` draw the figures as SVG (every data
//!    string XML-escaped);
//! 3. the shell template `report.html.tera` (with `html/style.css`) wraps it
//!    with the header (title, verdict badges, opening facts), the contents
//!    and the footer, autoescaping every value.

mod body;
pub(crate) mod svg;

use serde::Serialize;

use crate::document::wording::{self, WORDING, Wording};
use crate::document::{Document, Fact, FactValue};
use crate::model::{DocumentStatus, Tone};

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

/// What can go wrong when rendering HTML. Validation rejects every input
/// that could cause one, so each is a bug.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// A chart could not be drawn.
    #[error("figure {index} cannot be drawn: {message}")]
    Chart {
        /// The figure's number.
        index: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The shell template failed to render (a broken user template).
    #[error("rendering the HTML shell template failed: {0}")]
    Template(#[from] tera::Error),
}

/// The values the shell template sees.
#[derive(Debug, Serialize)]
struct ShellContext<'a> {
    meta: MetaContext<'a>,
    /// `meta.language` if it looks like a BCP 47 tag, else "und".
    lang: &'a str,
    overall: BadgeContext,
    decision: BadgeContext,
    toc: Vec<TocEntry>,
    /// The opening facts.
    facts: Vec<FactContext>,
    /// The furniture's words.
    w: &'static Wording,
    footer: String,
    /// The stylesheet's tone variables, from the one palette.
    tone_css: String,
    body: String,
    csp: &'static str,
    /// The other outputs written beside the page.
    siblings: &'a [Sibling],
    /// The docs site's navigation, on a week's page of the site.
    site_nav: &'a [NavLink],
    /// "DRAFT" when the document is a draft.
    draft: Option<&'static str>,
    /// The sign-off block: one entry per signature line.
    sign_off: Vec<SignatureContext>,
}

/// One line of the sign-off block as the template shows it: a signer, or
/// none (a line left to sign).
#[derive(Debug, Serialize)]
struct SignatureContext {
    label: &'static str,
    name: Option<String>,
    role: Option<String>,
    date: Option<FactContext>,
}

/// Another output of the same build, which the page links to (relative to
/// the page: the files sit in the same folder).
#[derive(Debug, Clone, Serialize)]
pub struct Sibling {
    /// Its file name, e.g. `report.pdf`.
    pub href: String,
    /// Its format as a reader names it, e.g. "PDF".
    pub label: &'static str,
}

/// A link of the docs site's navigation on a week's page (relative to
/// the page): the fleet index, the system's history, the weeks before and
/// after.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    /// Where it goes.
    pub href: String,
    /// What it says.
    pub label: String,
    /// `prev` or `next` for the neighbouring weeks.
    pub rel: Option<&'static str>,
}

/// The palette's CSS variables (`--good-bg`…), for the pages the docs
/// site draws beside the reports.
pub(crate) fn tone_css() -> String {
    svg::tone_variables()
}

/// The document's facts as the template shows them.
#[derive(Debug, Serialize)]
struct MetaContext<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    system: &'a str,
    version: &'a str,
    assessor: &'a str,
    /// The assessment date, long, and as RFC 3339 for `<time>`.
    date_display: String,
    date_iso: String,
    overall_status: &'static str,
    decision: &'static str,
    keywords: &'a [String],
}

/// A fact: its label and value; `datetime` when the value is a date.
#[derive(Debug, Serialize)]
struct FactContext {
    label: String,
    value: String,
    datetime: Option<String>,
}

/// A contents entry, with the entries one level under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The heading's id (link target).
    pub id: String,
    /// The heading's plain text.
    pub text: String,
    /// Sub-headings.
    pub children: Vec<TocEntry>,
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
            tone: tone.name(),
            icon: tone.glyph(),
        }
    }
}

/// The opening facts, then the contact and the document's status.
fn facts(doc: &Document) -> Vec<FactContext> {
    let fact = |f: &Fact| FactContext {
        label: f.label.clone(),
        value: f.value.display(),
        datetime: match f.value {
            FactValue::Date(d) => Some(d.rfc3339()),
            FactValue::Text(_) => None,
        },
    };
    let meta = &doc.meta;
    let mut facts: Vec<FactContext> = doc.facts.iter().map(fact).collect();
    facts.push(FactContext {
        label: WORDING.contact.to_owned(),
        value: meta.contact.clone(),
        datetime: None,
    });
    if let Some(status) = meta.sign_off.status {
        facts.push(FactContext {
            label: WORDING.document_status.to_owned(),
            value: match &meta.sign_off.revision {
                Some(r) => format!("{} · {} {r}", status.word(), WORDING.revision),
                None => status.word().to_owned(),
            },
            datetime: None,
        });
    }
    facts
}

/// The document's contents, two levels deep: level-3 headings under the
/// heading before them.
fn toc(doc: &Document) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for c in &doc.contents {
        let entry = TocEntry {
            id: c.id.clone(),
            text: c.text.clone(),
            children: Vec::new(),
        };
        match toc.last_mut() {
            Some(parent) if c.level >= 3 => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
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

/// Renders the document as one self-contained HTML page with the shell
/// template of `tera` (which must hold [`TEMPLATE_FILES`]). All text of the
/// document is treated as untrusted. The same document gives the same
/// bytes.
pub fn render_html(doc: &Document, tera: &tera::Tera) -> Result<Vec<u8>, HtmlError> {
    render_html_with(doc, tera, &[])
}

/// [`render_html`], with links to the other outputs written beside the
/// page.
pub fn render_html_with(
    doc: &Document,
    tera: &tera::Tera,
    siblings: &[Sibling],
) -> Result<Vec<u8>, HtmlError> {
    render_html_in_site(doc, tera, siblings, &[])
}

/// [`render_html_with`], as a week's page of the docs site: with the
/// site's navigation at the top.
pub fn render_html_in_site(
    doc: &Document,
    tera: &tera::Tera,
    siblings: &[Sibling],
    site_nav: &[NavLink],
) -> Result<Vec<u8>, HtmlError> {
    let meta = &doc.meta;
    let context = ShellContext {
        meta: MetaContext {
            title: &meta.title,
            subtitle: meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()),
            system: &meta.system,
            version: &meta.version,
            assessor: &meta.assessor,
            date_display: wording::long_date(meta.date),
            date_iso: meta.date.rfc3339(),
            overall_status: meta.status.word(),
            decision: meta.decision.word(),
            keywords: &meta.keywords,
        },
        lang: if is_language_tag(meta.language) {
            meta.language
        } else {
            "und"
        },
        overall: meta.status.tone().into(),
        decision: meta.decision.tone().into(),
        toc: toc(doc),
        facts: facts(doc),
        w: &WORDING,
        footer: wording::footer(meta),
        tone_css: svg::tone_variables(),
        body: body::write_body(doc)?,
        csp: CONTENT_SECURITY_POLICY,
        siblings,
        site_nav,
        draft: meta
            .sign_off
            .is_draft()
            .then(|| DocumentStatus::Draft.word()),
        sign_off: meta
            .sign_off
            .rows
            .iter()
            .map(|row| SignatureContext {
                label: row.label,
                name: row.signer.as_ref().map(|s| s.name.clone()),
                role: row.signer.as_ref().and_then(|s| s.role.clone()),
                date: row
                    .signer
                    .as_ref()
                    .and_then(|s| s.date)
                    .map(|d| FactContext {
                        label: WORDING.date.to_owned(),
                        value: d.0.format("%Y-%m-%d").to_string(),
                        datetime: Some(d.rfc3339()),
                    }),
            })
            .collect(),
    };
    // Autoescaping depends on the Tera instance's settings: force it on
    // (with the standard HTML escaper) on a copy, so the template's safety
    // never depends on how the caller configured Tera.
    let mut tera = tera.clone();
    tera.autoescape_on(vec![".html.tera", ".html"]);
    tera.reset_escape_fn();
    let html = tera.render(SHELL_TEMPLATE, &tera::Context::from_serialize(&context)?)?;
    Ok(html.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{example, from_markdown};
    use crate::document::{Fact, FactValue};

    fn templates() -> tera::Tera {
        crate::render::templates::load_templates(None).unwrap().html
    }

    fn hostile(md: &str) -> Document {
        let mut doc = from_markdown(md);
        doc.meta.title = "Sys <b>Assessment</b>".into();
        doc.meta.subtitle = Some("Sub & title".into());
        doc.meta.version = "v1 \"quoted\"".into();
        doc.meta.assessor = "A <script>alert(1)</script>".into();
        doc.meta.keywords = vec!["a".into(), "<b>".into()];
        doc.facts.push(Fact {
            label: "Scope".into(),
            value: FactValue::Text("all <script>x</script>".into()),
        });
        doc
    }

    fn page(doc: &Document) -> String {
        String::from_utf8(render_html(doc, &templates()).unwrap()).unwrap()
    }

    #[test]
    fn shell_escapes_meta_and_has_the_html5_head() {
        let out = page(&hostile("## One\n\ntext"));
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
        assert!(out.contains("<time datetime=\"2025-09-30T14:57:00Z\">"));
    }

    /// The facts go to the header, the date in a `<time>`, each value escaped.
    #[test]
    fn facts_go_to_the_header() {
        let out = page(&hostile("## One\n"));
        let header = &out[..out.find("</header>").unwrap()];
        assert!(header.contains("<div><dt>Assessment date</dt><dd><time datetime=\"2025-09-30T14:57:00Z\">September 30, 2025</time></dd></div>"), "{header}");
        assert!(
            header.contains(
                "<div><dt>Scope</dt><dd>all &lt;script&gt;x&lt;&#x2F;script&gt;</dd></div>"
            ),
            "{header}"
        );
        let body = &out[out.find("<main").unwrap()..];
        assert!(!body.contains("Scope"), "{body}");
    }

    #[test]
    fn escapes_even_when_the_caller_turned_autoescape_off() {
        let mut tera = templates();
        tera.autoescape_on(vec![]);
        tera.set_escape_fn(|s| s.to_owned());
        let out = String::from_utf8(render_html(&hostile(""), &tera).unwrap()).unwrap();
        assert!(!out.contains("<script") && !out.contains("<b>"));
    }

    #[test]
    fn hostile_language_falls_back() {
        let mut doc = from_markdown("");
        doc.meta.language = "en\"><script>";
        assert!(page(&doc).contains("<html lang=\"und\""));
    }

    #[test]
    fn output_is_deterministic() {
        let doc = example();
        assert_eq!(page(&doc), page(&example()));
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
