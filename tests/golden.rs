//! Golden files of the example: the Markdown report, the scored JSON, the
//! HTML page's `<main>`, and a dump of the PDF's pages and tag tree.
//! Review changes with `cargo insta review` (see tests/README.md).

mod common;

use readiness::{BuildOptions, Format};

fn render(format: Format) -> String {
    let a = readiness::assess(&common::example()).unwrap();
    let docs = readiness::render(
        &a,
        &BuildOptions {
            formats: vec![format],
            templates: None,
            pdf: Default::default(),
            pdf_name: None,
        },
    )
    .unwrap();
    String::from_utf8(docs[0].bytes.clone()).unwrap()
}

#[test]
fn example_report_md() {
    insta::assert_snapshot!("example_report_md", render(Format::Markdown));
}

#[test]
fn example_assessment_json() {
    insta::assert_snapshot!("example_assessment_json", render(Format::Json));
}

/// The HTML body, one element per line where the writer breaks lines;
/// the SVG charts each on one line.
#[test]
fn example_html_main() {
    let html = render(Format::Html);
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap() + 7];
    insta::assert_snapshot!("example_html_main", main.replace("</svg>", "</svg>\n"));
}

/// What the PDF's layout placed where, and the tag tree.
#[test]
fn example_pdf_layout() {
    let doc = common::example_document();
    let pages = readiness::render::pdf::paginate(&doc, &Default::default()).unwrap();
    insta::assert_snapshot!("example_pdf_layout", pages.dump());
}

#[test]
fn the_report_carries_every_section_of_the_reference_in_order() {
    let md = render(Format::Markdown);
    let reference = include_str!("fixtures/reference-headings.txt");
    let mut from = 0;
    for heading in reference.lines().filter(|l| !l.is_empty()) {
        let at = md[from..]
            .find(heading)
            .unwrap_or_else(|| panic!("`{heading}` missing or out of order"));
        from += at + heading.len();
    }
}

#[test]
fn the_report_carries_every_fact_of_the_reference() {
    let md = render(Format::Markdown);
    let reference = include_str!("fixtures/reference/assessment-013a.md");
    let mut missing = Vec::new();
    // Every bold phrase and every list item's text after its bold lead.
    for line in reference.lines() {
        let line = line.trim();
        for (i, part) in line.split("**").enumerate() {
            if i % 2 == 1
                && !part.is_empty()
                && !md.contains(part)
                && !md.to_lowercase().contains(&part.to_lowercase())
            {
                missing.push(part.to_owned());
            }
        }
        if let Some(rest) = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("- [ ] "))
        {
            let tail = rest
                .rsplit("**: ")
                .next()
                .unwrap_or(rest)
                .trim_start_matches("[ ] ");
            if !md.contains(tail) {
                missing.push(tail.to_owned());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "facts of the reference missing from the report: {missing:#?}"
    );
}

/// The page links to the other outputs of its build, and only to those.
#[test]
fn the_page_links_to_the_outputs_beside_it() {
    let a = readiness::assess(&common::example()).unwrap();
    let page = |formats: Vec<Format>| {
        let docs = readiness::render(
            &a,
            &BuildOptions {
                formats,
                templates: None,
                pdf: Default::default(),
                pdf_name: None,
            },
        )
        .unwrap();
        let html = docs.iter().find(|d| d.name == "report.html").unwrap();
        let html = String::from_utf8(html.bytes.clone()).unwrap();
        let start = html.find("<p class=\"doc-formats\">").map(|at| &html[at..]);
        start.map(|s| s[..s.find("</p>").unwrap() + 4].to_owned())
    };
    assert_eq!(
        page(Format::ALL.to_vec()).unwrap(),
        "<p class=\"doc-formats\">This report as <a href=\"report.pdf\">PDF</a> · \
         <a href=\"report.md\">Markdown</a> · <a href=\"assessment.json\">JSON</a></p>"
    );
    assert_eq!(
        page(vec![Format::Html, Format::Json]).unwrap(),
        "<p class=\"doc-formats\">This report as <a href=\"assessment.json\">JSON</a></p>"
    );
    assert_eq!(page(vec![Format::Html]), None);
}
