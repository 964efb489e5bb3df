//! Fallback fonts for text the shipped DejaVu faces cannot draw: `--font`
//! with real CJK fonts from Debian (a TrueType file and a CFF collection),
//! `--system-fonts`, and the errors of fonts that cannot be used. The PDFs
//! are read back with qpdf, pdffonts, pdftotext and our PDF/UA checks.
//!
//! The fonts come from Debian's fonts-droid-fallback and fonts-noto-cjk,
//! which `.ci/install-pdf-tools.sh` installs; without them (or the tools)
//! these tests fail under `CI=true` and skip with a reason elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

use readiness::document::Document;
use readiness::render::pdf::fallback::{FontChoice, load_fonts};
use readiness::render::pdf::{PdfBackend, PdfOptions, PdfStandard, render_pdf};

#[path = "common/mod.rs"]
mod common;
#[path = "common/pdfua.rs"]
mod pdfua;

use common::readiness;

/// DejaVu has none of these: kanji, kana, hangul, in body text, a heading,
/// bold, italic, code and a table cell.
const CJK: &str = "# 監視の設定\n\nThe 監視 dashboard (かんし) and 한국어 text.\n\n**太字 bold** *斜体 italic* `コード`\n\n| 項目 | State |\n|---|---|\n| 漢字 | ok |\n";

/// Debian's Droid Sans Fallback: one TrueType face.
const DROID: &str = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
/// Debian's Cantarell: CFF outlines keyed by glyph name.
const CANTARELL: &str = "/usr/share/fonts/opentype/cantarell/Cantarell-Regular.otf";
/// Debian's Noto Sans CJK: a collection of CFF-outline faces.
const NOTO: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

fn font(path: &str, package: &str) -> Option<PathBuf> {
    let path = PathBuf::from(path);
    if path.exists() {
        Some(path)
    } else {
        common::tool_missing(&format!(
            "{} is missing: install Debian's {package} (.ci/install-pdf-tools.sh)",
            path.display()
        ));
        None
    }
}

/// pdftotext writes to a file unless told `-`.
fn after(name: &str) -> &'static [&'static str] {
    if name == "pdftotext" { &["-"] } else { &[] }
}

fn run_tool(name: &str, args: &[&str], file: &Path) -> Option<String> {
    let mut command = Command::new(name);
    command.args(args).arg(file).args(after(name));
    match command.output() {
        Ok(out) => {
            assert!(out.status.success(), "{name} failed on {}", file.display());
            Some(
                String::from_utf8_lossy(&out.stdout).into_owned()
                    + &String::from_utf8_lossy(&out.stderr),
            )
        }
        Err(e) => {
            common::tool_missing(&format!(
                "{name} is not available ({e}); install it with .ci/install-pdf-tools.sh"
            ));
            None
        }
    }
}

fn render(fonts: &FontChoice, backend: PdfBackend, standard: PdfStandard, md: &str) -> Vec<u8> {
    let doc = Document::from_markdown(common::example_meta(), md);
    let options = PdfOptions {
        backend,
        standard,
        fonts: fonts.clone(),
        ..PdfOptions::default()
    };
    render_pdf(&doc, &options).expect("renders")
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fonts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The pdffonts rows of a file: (name, type, emb, sub, uni).
fn fonts_of(path: &Path) -> Option<Vec<(String, String, String)>> {
    let out = Command::new("pdffonts").arg(path).output();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            common::tool_missing(&format!("pdffonts is not available ({e})"));
            return None;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(
        text.lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .map(|row| {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let n = cols.len();
                (
                    cols[0].to_owned(),
                    cols[1..n - 6].join(" "),
                    cols[n - 5..n - 2].join(" "),
                )
            })
            .collect(),
    )
}

/// The CJK page's words as a reader should get them back.
const CJK_WORDS: [&str; 9] = [
    "監視の設定",
    "監視",
    "かんし",
    "한국어",
    "太字",
    "斜体",
    "コード",
    "項目",
    "漢字",
];

/// Renders `md` with `file` as the fallback and checks what a reader and
/// a checker see: every word of `words` read back and `replacements`
/// replacement characters (for what the font lacks too), the fallback
/// embedded as a subset with a Unicode map and of the `kind` expected,
/// qpdf clean, poppler drawing the page without a complaint, our PDF/UA
/// checks and pdfua clean, the same bytes twice.
fn check_fallback(
    file: &Path,
    (kind, family): (&str, &str),
    md: &str,
    words: &[&str],
    replacements: usize,
) {
    let fonts = FontChoice {
        given: load_fonts(&[file.to_path_buf()]).expect("the font loads"),
        system: false,
    };
    for backend in [PdfBackend::PdfWriter, PdfBackend::Krilla] {
        for standard in [PdfStandard::None, PdfStandard::A2b] {
            let pdf = render(&fonts, backend, standard, md);
            assert_eq!(
                pdf,
                render(&fonts, backend, standard, md),
                "{backend:?} {standard:?}: not the same bytes twice"
            );
            let name = format!(
                "{}-{backend:?}-{standard:?}.pdf",
                file.file_stem().unwrap().to_string_lossy()
            );
            let path = out_dir().join(name);
            std::fs::write(&path, &pdf).unwrap();

            let Some(text) = run_tool("pdftotext", &[], &path) else {
                return;
            };
            for word in words {
                assert!(
                    text.contains(word),
                    "{backend:?}: {word} not read back:\n{text}"
                );
            }
            assert_eq!(
                text.matches('\u{FFFD}').count(),
                replacements,
                "{backend:?}: replacements drawn"
            );

            let Some(rows) = fonts_of(&path) else { return };
            let fallback: Vec<_> = rows.iter().filter(|r| r.0.contains(family)).collect();
            assert_eq!(fallback.len(), 1, "{backend:?}: {rows:?}");
            let (name, ty, flags) = fallback[0];
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "not a subset: {name}"
            );
            assert_eq!(ty, kind, "{backend:?}: {name}");
            assert_eq!(flags, "yes yes yes", "{backend:?}: {name} emb sub uni");

            let Some(check) = run_tool("qpdf", &["--check"], &path) else {
                return;
            };
            assert!(
                check.contains("No syntax or stream encoding errors")
                    && !check.to_lowercase().contains("warning"),
                "{backend:?}: {check}"
            );
            // poppler draws every page without a complaint about a font.
            let drawn = Command::new("pdftoppm")
                .args(["-r", "20", "-png"])
                .arg(&path)
                .arg(path.with_extension(""))
                .output()
                .expect("pdftoppm runs (poppler-utils, as pdftotext)");
            assert!(
                drawn.status.success() && drawn.stderr.is_empty(),
                "{backend:?}: {}",
                String::from_utf8_lossy(&drawn.stderr)
            );
            if backend == PdfBackend::PdfWriter {
                let (_, problems) = pdfua::check(&pdf);
                assert!(problems.is_empty(), "{}", problems.join("\n"));
                // The third-party checker (installed by .ci/install-pdfua.sh).
                let Some(report) = run_tool("pdfua", &["check"], &path) else {
                    return;
                };
                assert!(report.contains("errors=0 warnings=0 info=0"), "{report}");
            }
        }
    }
}

#[test]
fn a_truetype_fallback_draws_cjk_with_both_writers() {
    if let Some(file) = font(DROID, "fonts-droid-fallback") {
        // Droid has no hangul: the Korean word is three replacements.
        let mut words = CJK_WORDS.to_vec();
        words.retain(|w| *w != "한국어");
        words.push("\u{FFFD}\u{FFFD}\u{FFFD}");
        check_fallback(&file, ("CID TrueType", "DroidSansFallback"), CJK, &words, 3);
    }
}

#[test]
fn a_cff_collection_is_embedded_as_cid_type0c() {
    if let Some(file) = font(NOTO, "fonts-noto-cjk") {
        // krilla names Type 0C as our writer does; both embed the face of
        // the collection that first covers the text (the Japanese one).
        check_fallback(&file, ("CID Type 0C", "NotoSansCJKjp"), CJK, &CJK_WORDS, 0);
    }
}

/// A CFF font keyed by glyph names (not CIDs) is subset to a CID-keyed
/// one: Cantarell has the manat sign (U+20BC), which DejaVu lacks.
#[test]
fn a_name_keyed_cff_font_is_embedded_as_cid_type0c() {
    if let Some(file) = font(CANTARELL, "fonts-cantarell") {
        check_fallback(
            &file,
            ("CID Type 0C", "Cantarell-Regular"),
            "# Price in ₼\n\n100₼ and **₼ bold** and `₼`\n",
            &["Price in ₼", "100₼", "₼ bold"],
            0,
        );
    }
}

/// A bold fallback is preferred for bold text when one is given.
#[test]
fn bold_text_takes_a_bold_fallback_when_one_is_given() {
    let (Some(regular), Some(_)) = (
        font(NOTO, "fonts-noto-cjk"),
        font(DROID, "fonts-droid-fallback"),
    ) else {
        return;
    };
    let bold = regular.with_file_name("NotoSansCJK-Bold.ttc");
    let fonts = FontChoice {
        given: load_fonts(&[regular, bold]).expect("the fonts load"),
        system: false,
    };
    let pdf = render(&fonts, PdfBackend::PdfWriter, PdfStandard::None, CJK);
    let path = out_dir().join("bold.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let Some(rows) = fonts_of(&path) else { return };
    let names: Vec<&str> = rows.iter().map(|r| &r.0[7..]).collect();
    assert!(names.contains(&"NotoSansCJKjp-Regular"), "{names:?}");
    assert!(names.contains(&"NotoSansCJKjp-Bold"), "{names:?}");
}

/// `readiness build . -o target` in `dir`, with more arguments.
fn build_in(dir: &Path, target: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec!["build", ".", "-o", target];
    args.extend_from_slice(more);
    readiness(&args, dir)
}

fn cjk_example() -> tempfile::TempDir {
    common::edited_example(&[(
        "components/1-frontend.toml",
        "title = \"Technology Stack\"",
        "title = \"技術スタック Technology Stack\"",
    )])
}

#[test]
fn a_build_with_a_font_for_its_text_draws_it_without_a_warning() {
    let Some(file) = font(DROID, "fonts-droid-fallback") else {
        return;
    };
    let dir = cjk_example();
    let out = tempfile::tempdir().unwrap();
    let run = build_in(
        dir.path(),
        out.path().to_str().unwrap(),
        &["--format", "pdf", "--font", file.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert_eq!(stderr, "");
    let pdf = out.path().join("013a-analytics-2025-09-30/report.pdf");
    let Some(text) = run_tool("pdftotext", &[], &pdf) else {
        return;
    };
    assert!(text.contains("技術スタック Technology Stack"), "{text}");
}

#[test]
fn system_fonts_are_searched_only_when_asked() {
    if font(NOTO, "fonts-noto-cjk").is_none() {
        return;
    }
    let dir = cjk_example();
    let out = tempfile::tempdir().unwrap();
    let build = |extra: &[&str], to: &str| {
        let target = out.path().join(to);
        let mut args = vec![
            "build",
            ".",
            "-o",
            target.to_str().unwrap(),
            "--format",
            "pdf",
        ];
        args.extend(extra);
        let run = readiness(&args, dir.path());
        assert!(run.status.success());
        (
            String::from_utf8_lossy(&run.stderr).into_owned(),
            target.join("013a-analytics-2025-09-30/report.pdf"),
        )
    };
    // Without the flag the machine's fonts are not looked at.
    let (stderr, _) = build(&[], "plain");
    assert!(stderr.contains("have no glyph for 技"), "{stderr}");
    let (stderr, pdf) = build(&["--system-fonts"], "system");
    assert_eq!(stderr, "");
    let Some(rows) = fonts_of(&pdf) else { return };
    assert!(rows.iter().any(|r| !r.0.contains("DejaVu")), "{rows:?}");
    let Some(text) = run_tool("pdftotext", &[], &pdf) else {
        return;
    };
    assert!(text.contains("技術スタック"), "{text}");
}

#[test]
fn fonts_that_cannot_be_used_are_all_reported_and_nothing_is_written() {
    let dir = cjk_example();
    std::fs::write(dir.path().join("notes.ttf"), "not a font").unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = build_in(
        dir.path(),
        target.to_str().unwrap(),
        &[
            "--font",
            "notes.ttf",
            "--font",
            "missing.otf",
            "--font",
            "empty",
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(
        stderr,
        "error: notes.ttf: font given with `--font`: not a TrueType or OpenType font (or the face is damaged)\n\n\
         error: missing.otf: font given with `--font`: cannot read it: No such file or directory (os error 2)\n\n\
         error: empty: font given with `--font`: the folder holds no font files (.ttf, .otf, .ttc, .otc)\n\n\
         3 problems found; nothing was written\n"
    );
    assert!(!target.exists(), "nothing may be written");

    // The input's problems are reported in the same run.
    let file = dir.path().join("assessment.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("id = ", "idd = ", 1)).unwrap();
    let run = build_in(
        dir.path(),
        target.to_str().unwrap(),
        &["--font", "notes.ttf"],
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.starts_with("error: notes.ttf: font given with `--font`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: assessment.toml:1:1: field `idd`: unknown field"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("2 problems found; nothing was written\n"),
        "{stderr}"
    );
    assert!(!target.exists(), "nothing may be written");
}

/// The site's manifest records the fonts: other fonts draw every week's
/// PDF again, the same fonts nothing.
#[test]
fn a_site_draws_again_when_its_fonts_change() {
    let inputs = common::site_inputs();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let mono = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/DejaVuSansMono.ttf");
    let run = |fonts: &[&str]| {
        let mut args = vec!["site", "second", "-o", out.to_str().unwrap()];
        args.extend(fonts);
        let run = readiness(&args, inputs.path());
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        String::from_utf8_lossy(&run.stdout).into_owned()
    };
    let first = run(&[]);
    assert!(!first.contains("(0 drawn)"), "{first}");
    assert!(run(&[]).contains("(0 drawn)"));
    let with_font = run(&["--font", mono.to_str().unwrap()]);
    assert!(with_font.contains("2 weeks (2 drawn)"), "{with_font}");
    assert!(run(&["--font", mono.to_str().unwrap()]).contains("(0 drawn)"));
    assert!(!run(&[]).contains("(0 drawn)"));
}

/// With `--system-fonts`, regular text gets a regular system face and bold
/// text a bold one, whichever comes first in the document.
#[test]
fn system_fonts_give_bold_text_a_bold_face() {
    if font(NOTO, "fonts-noto-cjk").is_none() {
        return;
    }
    let fonts = FontChoice {
        given: Default::default(),
        system: true,
    };
    for (name, md) in [
        (
            "regular-first",
            "# T\n\nPlain 漢字 text.\n\n**Bold 語文**\n",
        ),
        ("bold-first", "# T\n\n**Bold 語文**\n\nPlain 漢字 text.\n"),
    ] {
        let pdf = render(&fonts, PdfBackend::PdfWriter, PdfStandard::None, md);
        let path = out_dir().join(format!("system-{name}.pdf"));
        std::fs::write(&path, &pdf).unwrap();
        let Some(rows) = fonts_of(&path) else { return };
        let found: Vec<&str> = rows
            .iter()
            .map(|r| &r.0[7..])
            .filter(|n| !n.starts_with("DejaVu"))
            .collect();
        assert!(
            found.iter().any(|n| n.contains("Bold")),
            "{name}: {found:?}"
        );
        assert!(
            found.iter().any(|n| !n.contains("Bold")),
            "{name}: {found:?}"
        );
    }
}

/// A font that loads but whose glyphs cannot be subset (a composite
/// pointing at a glyph the font lacks: tests/fixtures/fonts/README.md) is
/// refused with its name, with both writers: never embedded whole under
/// the subset's glyph numbers (which would draw the wrong glyphs).
#[test]
fn a_font_that_cannot_be_subset_is_refused_by_name() {
    let dir = common::edited_example(&[(
        "components/1-frontend.toml",
        "title = \"Technology Stack\"",
        "title = \"APL ⌸ Stack\"",
    )]);
    let broken =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/broken-composite.ttf");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    for (backend, message) in [
        (
            "pdf-writer",
            format!(
                "error: font `{}`: cannot be subset to the glyphs this document needs (MalformedFont); the font may be damaged\n",
                broken.display()
            ),
        ),
        (
            "krilla",
            "error: a fallback font cannot be embedded with the glyphs this document needs: failed to subset font: malformed font\n".to_owned(),
        ),
    ] {
        let font = broken.to_str().unwrap();
        let args = ["--pdf-backend", backend, "--font", font];
        let run = build_in(dir.path(), target.to_str().unwrap(), &args);
        assert_eq!(run.status.code(), Some(2), "{backend}");
        assert_eq!(String::from_utf8_lossy(&run.stderr), message, "{backend}");
        assert!(!target.exists(), "{backend}: nothing may be written");
    }
}

/// `site` with a font it cannot use reports the inputs' problems too, and
/// writes nothing.
#[test]
fn a_site_with_an_unusable_font_reports_the_inputs_problems_too() {
    let inputs = common::site_inputs();
    let week = inputs
        .path()
        .join("second/payments-2025-09-30/assessment.toml");
    let text = std::fs::read_to_string(&week).unwrap();
    std::fs::write(&week, text.replacen("id = ", "idd = ", 1)).unwrap();
    let out = inputs.path().join("site");
    let run = readiness(
        &[
            "site",
            "second",
            "-o",
            out.to_str().unwrap(),
            "--font",
            "missing.ttf",
        ],
        inputs.path(),
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.starts_with("error: missing.ttf: font given with `--font`: cannot read it: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: assessment.toml:1:1: field `idd`: unknown field"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 problem found in `second/payments-2025-09-30`\n"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("\n2 problems found; nothing was written\n"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing may be written");
}
