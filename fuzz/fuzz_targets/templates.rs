//! Any text as one user template (the first byte picks which) rendering
//! the example in every format. A template error is fine; a panic, an
//! abort, a hang or a renderer error after the templates succeeded is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use readiness_fuzz::{all_formats, scored_example, scratch};

/// Keep in step with fuzz/seed.sh.
const NAMES: &[&str] = &[
    "report.md.tera",
    "md/component.md.tera",
    "md/macros.md.tera",
    "report.html.tera",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let dir = scratch().join("templates");
    // One user template at a time: the others are the built-in ones.
    let _ = std::fs::remove_dir_all(&dir);
    let name = NAMES[pick as usize % NAMES.len()];
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("in a folder")).expect("templates folder");
    std::fs::write(&path, text).expect("write the template");
    match readiness::render(scored_example(), &all_formats(Some(dir))) {
        // A broken user report.html.tera fails in the HTML renderer.
        Ok(_)
        | Err(readiness::Error::Template(_))
        | Err(readiness::Error::Html(readiness::render::html::HtmlError::Template(_))) => {}
        Err(e) => panic!("a template that rendered broke a renderer: {e}"),
    }
});
