//! Accessibility of the PDF without krilla's validator: the checker in
//! `common/pdfua.rs` (PDF/UA rules for what we write, and read-back checks
//! of the tag tree with lopdf) run on every fixture with both writers, a
//! proof that the checker catches what it claims to, and a differential
//! test: the pdf-writer backend's tag tree, links and text equal krilla's.

use readiness::document::Document;
use readiness::render::pdf::{Paper, PdfBackend, PdfOptions, PdfStandard, render_pdf};

#[path = "common/mod.rs"]
mod common;
#[path = "common/pdfua.rs"]
mod pdfua;

const BACKENDS: [PdfBackend; 2] = [PdfBackend::Krilla, PdfBackend::PdfWriter];

fn options(backend: PdfBackend) -> PdfOptions {
    PdfOptions {
        backend,
        ..PdfOptions::default()
    }
}

fn markdown(md: &str) -> Document {
    Document::from_markdown(common::example_meta(), md)
}

/// The fixtures every backend must pass the checker on.
fn fixtures() -> Vec<(&'static str, Document, Paper, PdfStandard)> {
    let mut hostile = String::from("# Hostile\n\n## Empty\n\n### Deeper\n\n");
    hostile.push_str("CJK 漢字テスト, emoji 🙂👍🏽👨‍👩‍👧, private use \u{E000}\u{F8FF}, ligatures ffi ffl, combining e\u{301}.\n\n");
    hostile.push_str("| A | B |\n|---|---|\n| 1 | 🔴 **Bad** [link](https://example.com) |\n\n");
    for i in 0..30 {
        hostile.push_str(&format!("{}- level {i}\n", "  ".repeat(i)));
    }
    hostile.push_str("\n> quote\n>> deeper\n\n[to the top](#hostile)\n");
    vec![
        (
            "example",
            common::example_document(),
            Paper::A4,
            PdfStandard::None,
        ),
        (
            "example-letter-a2b",
            common::example_document(),
            Paper::Letter,
            PdfStandard::A2b,
        ),
        ("hostile", markdown(&hostile), Paper::A4, PdfStandard::None),
        ("empty", markdown(""), Paper::A4, PdfStandard::None),
    ]
}

#[test]
fn every_fixture_passes_the_checker_with_both_backends() {
    for (name, doc, paper, standard) in fixtures() {
        for backend in BACKENDS {
            let pdf = render_pdf(
                &doc,
                &PdfOptions {
                    paper,
                    standard,
                    backend,
                    fonts: Default::default(),
                },
            )
            .expect("renders");
            let (facts, mut problems) = pdfua::check(&pdf);
            if backend == PdfBackend::Krilla {
                // krilla sets DisplayDocTitle only with its PDF/UA-1
                // validator on, which `render_pdf` does not turn on: a gap
                // of the old writer that the new one closes.
                problems.retain(|p| !p.contains("DisplayDocTitle"));
            }
            assert!(
                problems.is_empty(),
                "{name} with {backend:?}:\n{}",
                problems.join("\n")
            );
            assert!(
                !facts.order.is_empty(),
                "{name} with {backend:?}: no tagged content"
            );
        }
    }
}

/// The checker fails where it should: each defect is put into a good
/// file with lopdf and must be reported.
#[test]
fn the_checker_reports_defects() {
    let good = render_pdf(&common::example_document(), &options(PdfBackend::PdfWriter)).unwrap();
    let edit = |f: &dyn Fn(&mut lopdf::Document)| {
        let mut doc = lopdf::Document::load_mem(&good).unwrap();
        f(&mut doc);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        pdfua::check(&out).1.join("\n")
    };
    let catalog_id =
        |doc: &lopdf::Document| doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let problems = edit(&|doc| {
        let id = catalog_id(doc);
        let cat = doc.get_dictionary_mut(id).unwrap();
        cat.remove(b"Lang");
        cat.remove(b"ViewerPreferences");
    });
    assert!(problems.contains("no /Lang"), "{problems}");
    assert!(problems.contains("DisplayDocTitle"), "{problems}");
    // An annotation without StructParent and Contents.
    let problems = edit(&|doc| {
        let ids: Vec<_> = doc
            .objects
            .iter()
            .filter(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"StructParent")))
            .map(|(id, _)| *id)
            .collect();
        let d = doc.get_dictionary_mut(ids[0]).unwrap();
        d.remove(b"StructParent");
        d.remove(b"Contents");
    });
    assert!(problems.contains("has no /StructParent"), "{problems}");
    assert!(problems.contains("has no /Contents"), "{problems}");
    // A ParentTree that leads nowhere, a TH without scope, a Figure
    // without alt text.
    let problems = edit(&|doc| {
        let ids: Vec<_> = doc.objects.keys().copied().collect();
        for id in ids {
            let Ok(d) = doc.get_dictionary_mut(id) else {
                continue;
            };
            if d.has(b"ParentTree") {
                d.set("ParentTree", lopdf::Dictionary::new());
            }
            match d.get(b"S").and_then(|s| s.as_name()).ok() {
                Some(b"TH") => {
                    d.remove(b"A");
                }
                Some(b"Figure") => {
                    d.remove(b"Alt");
                }
                _ => {}
            }
        }
    });
    assert!(
        problems.contains("leads through the ParentTree"),
        "{problems}"
    );
    assert!(problems.contains("has no /Scope"), "{problems}");
    assert!(
        problems.contains("Figure") && problems.contains("no alt text"),
        "{problems}"
    );
    // A ToUnicode CMap emptied: glyphs without a Unicode mapping.
    let problems = edit(&|doc| {
        let ids: Vec<_> = doc.objects.keys().copied().collect();
        for id in ids {
            if let Ok(lopdf::Object::Stream(s)) = doc.get_object_mut(id)
                && s.decompressed_content()
                    .is_ok_and(|c| c.windows(11).any(|w| w == b"beginbfchar"))
            {
                s.set_plain_content(b"/CIDInit /ProcSet findresource begin\nendcmap\n".to_vec());
            }
        }
    });
    assert!(problems.contains("has no Unicode mapping"), "{problems}");
}

/// The two writers make the same document: the same structure tree (roles,
/// titles, alt texts, in order), the same number of links, the same
/// marked-content sequence per page.
#[test]
fn pdf_writer_backend_matches_krilla() {
    for (name, doc, paper, standard) in fixtures() {
        let facts: Vec<pdfua::Facts> = BACKENDS
            .iter()
            .map(|&backend| {
                let pdf = render_pdf(
                    &doc,
                    &PdfOptions {
                        paper,
                        standard,
                        backend,
                        fonts: Default::default(),
                    },
                )
                .unwrap();
                pdfua::check(&pdf).0
            })
            .collect();
        let (old, new) = (&facts[0], &facts[1]);
        assert_eq!(old.links, new.links, "{name}: links");
        assert_eq!(old.order, new.order, "{name}: marked content");
        for (i, (a, b)) in old.tree.iter().zip(&new.tree).enumerate() {
            assert_eq!(a, b, "{name}: element {i} of the structure tree");
        }
        assert_eq!(
            old.tree.len(),
            new.tree.len(),
            "{name}: structure tree size"
        );
    }
}

/// `pdfua` (PyPI, a partial PDF/UA-1 checker on pikepdf; installed by
/// `.ci/install-pdfua.sh`) finds nothing in the default writer's PDFs.
#[test]
fn pdfua_finds_nothing() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf-access");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, doc, paper, standard) in fixtures() {
        let pdf = render_pdf(
            &doc,
            &PdfOptions {
                paper,
                standard,
                backend: PdfBackend::PdfWriter,
                fonts: Default::default(),
            },
        )
        .unwrap();
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, &pdf).unwrap();
        let out = match std::process::Command::new("pdfua")
            .arg("check")
            .arg(&path)
            .output()
        {
            Ok(out) => out,
            Err(e) => {
                common::tool_missing(&format!(
                    "pdfua is not available ({e}); install it with .ci/install-pdfua.sh"
                ));
                return;
            }
        };
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && text.contains("errors=0 warnings=0 info=0"),
            "pdfua on {name}:\n{text}"
        );
    }
}
