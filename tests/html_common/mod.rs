//! Shared set-up for the HTML renderer's integration tests: the templates
//! registered the way the pipeline registers them, and document metadata.

#![allow(dead_code)] // each test crate uses a different subset

use readiness::document::{Document, Meta, SignOffBlock, SignatureRow};
use readiness::model::{Decision, DocumentStatus, Signer, Status, Timestamp};
use tera::Tera;

/// A Tera holding the HTML renderer's templates under their names
/// relative to `templates/`, with Tera's default settings (which do not
/// autoescape `.html.tera`: the renderer must cope with that).
pub fn tera() -> Tera {
    let mut tera = Tera::default();
    tera.add_raw_templates(vec![
        (
            "report.html.tera",
            include_str!("../../templates/report.html.tera"),
        ),
        (
            "html/style.css",
            include_str!("../../templates/html/style.css"),
        ),
    ])
    .expect("templates parse");
    tera
}

/// Metadata of the example, as the pipeline derives it.
pub fn sample_meta() -> Meta {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/013a-analytics");
    readiness::document::meta(&readiness::assess(&dir).expect("the example is valid"))
}

/// The title the hostile page must still have after loading.
pub const HOSTILE_TITLE: &str = "Hostile \"meta\" & <script>document.title='PWNED'</script>";

/// Metadata full of markup: every text field is data and must come out inert.
pub fn hostile_meta() -> Meta {
    let evil = "<script>document.title='PWNED'</script><img src=x onerror=alert(1)>";
    Meta {
        title: HOSTILE_TITLE.into(),
        subtitle: Some(format!("\"><svg onload=alert(1)> {evil}")),
        system: evil.into(),
        version: "' onmouseover='alert(1)".into(),
        date: Timestamp::parse("2025-09-30T14:57:00Z").expect("a date"),
        assessor: evil.into(),
        status: Status::Red,
        decision: Decision::NoGo,
        language: "en\" onload=\"alert(1)",
        keywords: vec![evil.into(), "\"><script>".into()],
        contact: evil.into(),
        sign_off: SignOffBlock {
            status: Some(DocumentStatus::Draft),
            revision: Some(evil.into()),
            rows: vec![
                SignatureRow {
                    label: "Prepared by",
                    signer: Some(Signer {
                        name: evil.into(),
                        role: Some(evil.into()),
                        date: None,
                    }),
                },
                SignatureRow {
                    label: "Approved by",
                    signer: None,
                },
            ],
        },
    }
}

/// Renders Markdown with the given metadata to a string.
pub fn render(markdown: &str, meta: &Meta) -> String {
    let doc = Document::from_markdown(meta.clone(), markdown);
    let bytes = readiness::render::html::render_html(&doc, &tera()).expect("renders");
    String::from_utf8(bytes).expect("UTF-8")
}

/// The example page: data/013a-analytics through the whole pipeline, as
/// `readiness build` writes it.
pub fn sample_page() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/013a-analytics");
    let scored = readiness::assess(&dir).expect("the example is valid");
    let options = readiness::BuildOptions {
        formats: vec![readiness::Format::Html],
        templates: None,
        pdf: Default::default(),
        pdf_name: None,
    };
    let docs = readiness::render(&scored, &options).expect("renders");
    String::from_utf8(docs[0].bytes.clone()).expect("UTF-8")
}

/// The hostile page.
pub fn hostile_page() -> String {
    render(include_str!("../fixtures/html/hostile.md"), &hostile_meta())
}
