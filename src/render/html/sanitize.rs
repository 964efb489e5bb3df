//! The HTML allowlist applied to everything pulldown-cmark produces.
//!
//! The Markdown pass ([`super::markdown`]) already turns raw HTML into text
//! and drops unsafe links, so in practice nothing hostile reaches this point.
//! Ammonia is the second, independent line of defence: it re-parses the
//! fragment with html5ever and keeps only the elements and attributes that
//! the renderer itself emits, so a bug in the first pass cannot smuggle in
//! a script, an event handler or a remote resource.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};

/// Element name of the placeholder that marks where a chart goes. It is
/// replaced by generated SVG after sanitizing (see [`super::markdown`]).
/// Data can never produce it: every `<` coming from data is escaped before
/// this point.
pub(crate) const CHART_PLACEHOLDER_TAG: &str = "readiness-chart";

/// URL schemes a link may use. Everything else (`javascript:`, `vbscript:`,
/// `data:`, `file:` …) is dropped.
pub(crate) const LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Classes the renderer emits, per element. Any other class is removed.
fn class_allowed(element: &str, class: &str) -> bool {
    match element {
        "span" => matches!(
            class,
            "badge"
                | "badge-good"
                | "badge-warn"
                | "badge-bad"
                | "badge-neutral"
                | "badge-icon"
                | "task-box"
                | "task-done"
                | "task-open"
                | "visually-hidden"
                | "image-omitted"
        ),
        "div" => matches!(class, "table-wrap" | "chart-pair"),
        "li" => class == "task",
        "pre" => class == "raw-html",
        "code" => class.strip_prefix("language-").is_some_and(|lang| {
            !lang.is_empty()
                && lang
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '#' | '.'))
        }),
        _ => false,
    }
}

/// Decides the fate of one allowed attribute: keep, rewrite or drop.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match attribute {
        "class" => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|class| class_allowed(element, class))
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        // Only the exact values the renderer writes.
        "tabindex" => (value == "0").then_some(Cow::Borrowed(value)),
        "role" => (value == "region").then_some(Cow::Borrowed(value)),
        "aria-hidden" => (value == "true").then_some(Cow::Borrowed(value)),
        // Heading ids are slugs: lowercase letters, digits and hyphens.
        "id" => value
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-')
            .then_some(Cow::Borrowed(value)),
        "start" => value
            .chars()
            .all(|c| c.is_ascii_digit())
            .then_some(Cow::Borrowed(value)),
        // pulldown-cmark writes table alignment as `style="text-align: …"`.
        "style" => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        )
        .then_some(Cow::Borrowed(value)),
        "href" => is_safe_link(value).then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

/// Whether a link target is harmless to click: a relative URL, a fragment,
/// or an absolute URL with an allowed scheme.
///
/// Browsers ignore ASCII tab and newline anywhere in a URL and leading
/// control characters or spaces, so `jav&#x09;ascript:` is `javascript:` to
/// them; the check does the same before looking at the scheme.
pub(crate) fn is_safe_link(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_start_matches(|c: char| c.is_ascii_control() || c == ' ')
        .to_ascii_lowercase();
    // A scheme is everything before the first ':' if no '/', '?' or '#'
    // comes earlier; otherwise the URL is relative.
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            let scheme = &cleaned[..i];
            LINK_SCHEMES.contains(&scheme)
        }
        _ => !cleaned.starts_with("\\\\") && !cleaned.starts_with("//"),
    }
}

/// Builds the ammonia configuration: only what the renderer emits.
fn builder() -> Builder<'static> {
    let tags: HashSet<&str> = [
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "div",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "span",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        CHART_PLACEHOLDER_TAG,
    ]
    .into_iter()
    .collect();
    let attrs = |names: &[&'static str]| names.iter().copied().collect::<HashSet<&str>>();
    let mut tag_attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
    tag_attributes.insert("a", attrs(&["href", "title"]));
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        tag_attributes.insert(h, attrs(&["id"]));
    }
    tag_attributes.insert("ol", attrs(&["start"]));
    tag_attributes.insert("li", attrs(&["class"]));
    tag_attributes.insert("th", attrs(&["style"]));
    tag_attributes.insert("td", attrs(&["style"]));
    tag_attributes.insert("code", attrs(&["class"]));
    tag_attributes.insert("pre", attrs(&["class"]));
    tag_attributes.insert("span", attrs(&["class", "aria-hidden"]));
    tag_attributes.insert("div", attrs(&["class", "role", "tabindex", "aria-label"]));

    let mut b = Builder::empty();
    b.tags(tags)
        .tag_attributes(tag_attributes)
        .clean_content_tags(["script", "style"].into_iter().collect())
        .url_schemes(LINK_SCHEMES.into_iter().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(filter_attribute);
    b
}

/// The configured cleaner, built once and applied to many fragments.
pub(crate) struct Sanitizer(Builder<'static>);

impl Sanitizer {
    pub(crate) fn new() -> Sanitizer {
        Sanitizer(builder())
    }

    /// Sanitizes an HTML fragment produced from Markdown.
    pub(crate) fn clean(&self, fragment: &str) -> String {
        self.0.clean(fragment).to_string()
    }
}

/// Sanitizes an HTML fragment produced from Markdown.
#[cfg(test)]
pub(crate) fn sanitize(fragment: &str) -> String {
    Sanitizer::new().clean(fragment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_schemes() {
        for ok in [
            "https://example.com/x",
            "http://a",
            "mailto:a@b.c",
            "#section",
            "docs/run.md",
            "run.md?x=1:2",
        ] {
            assert!(is_safe_link(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "jav\tascript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\nscript:x",
            "vbscript:msgbox",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "//evil.example/x",
        ] {
            assert!(!is_safe_link(bad), "{bad:?}");
        }
    }

    #[test]
    fn drops_everything_not_emitted_by_the_renderer() {
        let out = sanitize(
            r#"<p onclick="x()">a<script>alert(1)</script><img src=x onerror=y><iframe src="https://e"></iframe>
<a href="javascript:alert(1)">j</a><a href="https://ok.example">k</a>
<span class="badge badge-bad evil" style="color:red">b</span><svg onload=alert(1)></svg><div tabindex="5" role="button">d</div></p>"#,
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick") && !out.contains("onerror") && !out.contains("onload"));
        assert!(!out.contains("<img") && !out.contains("<iframe") && !out.contains("<svg"));
        assert!(!out.contains("javascript:"));
        assert!(out.contains(r#"<a href="https://ok.example" rel="noopener noreferrer">k</a>"#));
        assert!(
            out.contains(r#"<span class="badge badge-bad">b</span>"#),
            "{out}"
        );
        assert!(out.contains("<div>d</div>"), "{out}");
    }

    #[test]
    fn keeps_renderer_markup() {
        let html = "<h2 id=\"risk-matrix\">R</h2>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table 1\"><table><thead><tr><th style=\"text-align: right\">n</th></tr></thead><tbody>\n</tbody></table></div>\n<pre><code class=\"language-bash\">x</code></pre>\n<readiness-chart>0</readiness-chart>";
        assert_eq!(sanitize(html), html);
    }
}
