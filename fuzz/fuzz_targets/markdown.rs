//! Any Markdown through the document model and both drawing renderers,
//! with the example's facts. Both must succeed: nothing in Markdown
//! without directives is an error.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use readiness::document::{Document, meta};
use readiness::render::templates::{Templates, load_templates};
use readiness_fuzz::scored_example;

fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(|| load_templates(None).expect("the built-in templates load"))
}

fuzz_target!(|text: &str| {
    let doc = Document::from_markdown(meta(scored_example()), text);
    if let Err(e) = readiness::render::html::render_html(&doc, &templates().html) {
        panic!("HTML renderer failed on Markdown: {e}");
    }
    if let Err(e) = readiness::render::pdf::render_pdf(&doc, &Default::default()) {
        panic!("PDF renderer failed on Markdown: {e}");
    }
});
