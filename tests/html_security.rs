//! Hostile Markdown and metadata must come out of the HTML renderer inert:
//! no script, no event handler, no dangerous URL, no frame or plugin, no
//! remote resource, and nothing that could close the shell's markup early.
//! These checks read the output as text; tests/html_tools.rs loads the same
//! page in a real browser and checks that nothing ran.

mod html_common;

use html_common::{hostile_page, render, sample_meta, sample_page};

/// One start or end tag of the output.
#[derive(Debug)]
struct TagToken {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Splits the page into tags. In the renderer's output every `<` that is
/// not markup is escaped as `&lt;` (the `<style>` sheet has none), so each
/// literal `<` starts a tag: that is the property under test, and a payload
/// that escaped as markup shows up here as an unexpected tag or attribute.
fn lex(html: &str) -> Vec<TagToken> {
    let mut tags = Vec::new();
    let b: Vec<char> = html.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if b[i] != '<' {
            i += 1;
            continue;
        }
        i += 1;
        let mut name = String::new();
        while i < b.len()
            && !b[i].is_whitespace()
            && b[i] != '>'
            && (b[i] != '/' || name.is_empty())
        {
            name.push(b[i]);
            i += 1;
        }
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_whitespace() || b[i] == '/') {
                i += 1;
            }
            if i >= b.len() || b[i] == '>' {
                i += 1;
                break;
            }
            let mut attr = String::new();
            while i < b.len() && !b[i].is_whitespace() && !matches!(b[i], '=' | '>') {
                attr.push(b[i]);
                i += 1;
            }
            let mut value = String::new();
            if i < b.len() && b[i] == '=' {
                i += 1;
                if i < b.len() && matches!(b[i], '"' | '\'') {
                    let q = b[i];
                    i += 1;
                    while i < b.len() && b[i] != q {
                        value.push(b[i]);
                        i += 1;
                    }
                    i += 1;
                } else {
                    while i < b.len() && !b[i].is_whitespace() && b[i] != '>' {
                        value.push(b[i]);
                        i += 1;
                    }
                }
            }
            attrs.push((attr.to_ascii_lowercase(), value));
        }
        tags.push(TagToken {
            name: name.trim_start_matches('/').to_ascii_lowercase(),
            attrs,
        });
    }
    tags
}

/// Decodes the character references a browser would decode in an
/// attribute value, enough to see through `&#x6a;avascript:`.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').unwrap_or(0);
        let entity = &rest[1..end.max(1)];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "colon" => Some(':'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL, as a browser reads it, is harmless.
fn safe_url(url: &str) -> bool {
    let url: String = decode(url)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = url.to_ascii_lowercase();
    match lower.find([':', '/', '?', '#']) {
        Some(i) if lower.as_bytes()[i] == b':' => {
            ["http", "https", "mailto"].contains(&&lower[..i])
        }
        _ => !lower.starts_with("//"),
    }
}

fn assert_inert(html: &str) {
    let allowed_tags = [
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "a",
        "div",
        "header",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "span",
        "dl",
        "dt",
        "dd",
        "time",
        "nav",
        "ol",
        "ul",
        "li",
        "main",
        "footer",
        "strong",
        "em",
        "del",
        "code",
        "pre",
        "blockquote",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "figure",
        "figcaption",
        "svg",
        "desc",
        "rect",
        "line",
        "polyline",
        "text",
    ];
    let tags = lex(html);
    for tag in &tags {
        assert!(
            allowed_tags.contains(&tag.name.as_str()),
            "unexpected element <{}>",
            tag.name
        );
        for (attr, value) in &tag.attrs {
            assert!(
                !attr.starts_with("on"),
                "event handler {attr}={value:?} on <{}>",
                tag.name
            );
            assert!(
                ![
                    "src",
                    "srcdoc",
                    "srcset",
                    "action",
                    "formaction",
                    "xlink:href",
                    "background",
                    "poster"
                ]
                .contains(&attr.as_str()),
                "resource attribute {attr} on <{}>",
                tag.name
            );
            if attr == "href" {
                assert!(safe_url(value), "unsafe href {value:?}");
            }
            if attr == "style" {
                assert!(
                    value.starts_with("text-align: "),
                    "style attribute {value:?}"
                );
            }
            if value.contains("url(") {
                assert!(
                    value.starts_with("url(#"),
                    "{attr}={value:?} references something outside the page"
                );
            }
        }
    }
    let count = |name: &str| tags.iter().filter(|t| t.name == name).count();
    // One policy `<meta http-equiv>`, one stylesheet, one page title, the
    // shell's structure intact: data closed nothing early.
    let http_equiv = tags
        .iter()
        .filter(|t| t.attrs.iter().any(|(a, _)| a == "http-equiv"))
        .count();
    assert_eq!(http_equiv, 1);
    assert_eq!(count("style"), 2, "one <style> open and close tag");
    assert_eq!(count("html"), 2);
    assert_eq!(count("main"), 2);
    assert_eq!(count("svg") % 2, 0);
    let head_end = html.find("</head>").unwrap();
    assert_eq!(
        html[..head_end].matches("<title>").count(),
        1,
        "the head has its one title"
    );
    assert!(html[..head_end].find("<style>") < html[..head_end].find("</style>"));
    assert!(html.contains("default-src &#x27;none&#x27;"));
}

#[test]
fn hostile_markdown_and_metadata_are_inert() {
    let html = hostile_page();
    assert_inert(&html);
    // Chart comments written in the Markdown are only text, shown as
    // written: a chart comes from the scored assessment, never from text.
    assert_eq!(html.matches("<svg").count(), 0);
    assert!(html.contains("&lt;!-- readiness:risk-matrix {"));
    // Payload text survives as visible, escaped text.
    assert!(
        html.contains("&lt;script&gt;document.title = 'PWNED'; alert(1)&lt;/script&gt;")
            || html.contains(
                "&lt;script&gt;document.title = &#39;PWNED&#39;; alert(1)&lt;/script&gt;"
            )
    );
    // Forged placeholders stay text.
    assert!(html.contains("&lt;readiness-chart&gt;0&lt;/readiness-chart&gt;"));
    // The safe links survive; the unsafe ones lose their href.
    assert!(
        html.contains(r#"href="https://example.com/bare""#)
            || html.contains("https://example.com/bare")
    );
    assert!(html.contains(r#"href="mailto:someone@example.com""#));
    for text in [
        "plain javascript",
        "obfuscated tab",
        "vbscript",
        "data url",
        "reference style",
    ] {
        let at = html.find(text).unwrap_or_else(|| panic!("{text} missing"));
        let before = &html[..at];
        assert!(
            before.ends_with("<li>"),
            "{text} should be plain text, got {:?}",
            &before[before.len() - 60..]
        );
    }
    // The language from metadata could not break the markup.
    assert!(html.contains("<html lang=\"und\""));
}

#[test]
fn hostile_title_is_escaped_once_in_the_title_element() {
    let html = hostile_page();
    assert!(html.contains(
        "<title>Hostile &quot;meta&quot; &amp; &lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;&#x2F;script&gt;</title>"
    ));
}

#[test]
fn sample_page_is_inert_too() {
    assert_inert(&sample_page());
}

#[test]
fn raw_html_block_is_shown_as_text_not_markup() {
    let html = render("<div onclick=\"alert(1)\">x</div>\n", &sample_meta());
    assert!(html.contains("<pre><code>&lt;div onclick=&quot;alert(1)&quot;&gt;x&lt;/div&gt;"));
    assert_inert(&html);
}
