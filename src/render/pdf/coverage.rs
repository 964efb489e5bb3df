//! Text the PDF's fonts cannot draw, found where the user wrote it: each
//! string of the input files is checked against DejaVu's character map and
//! the fallback faces chosen (`--font`, `--system-fonts`), and a field
//! holding characters none of them has (CJK without a CJK font, most emoji)
//! gets a warning with its file, line, column and field, naming the
//! characters. The PDF draws a visible replacement for them (see the
//! shaper's `segment`), never a silent box.

use std::collections::BTreeSet;

use super::fallback::FontChoice;
use crate::diag::{Kind, SourceFile, Warning};
use crate::load::tree::{self, Node, Value};

/// Warns about every string in `sources` that holds characters neither the
/// PDF's body font nor a fallback face of `fonts` has a glyph for. Files
/// that are all ASCII are skipped unread (DejaVu covers ASCII).
pub fn warn_uncovered(sources: &[SourceFile], fonts: &FontChoice, warn: &mut dyn FnMut(Warning)) {
    let face = super::fonts::body_face();
    for src in sources.iter().filter(|s| !s.text.is_ascii()) {
        let root = if src.json {
            tree::from_json(&src.text)
        } else {
            match tree::from_toml(&src.text) {
                Ok(node) => node,
                // A file that does not parse is an error reported elsewhere.
                Err(_) => continue,
            }
        };
        let mut path = String::new();
        walk(&root, &mut path, &mut |field, node, text| {
            let mut seen = BTreeSet::new();
            let chars: Vec<char> = text
                .chars()
                .filter(|&c| {
                    !super::fonts::is_invisible(c)
                        && face.glyph_index(c).is_none()
                        && seen.insert(c)
                        && !fonts.covers(c)
                })
                .collect();
            if !chars.is_empty() {
                warn(Warning {
                    file: src.display.clone(),
                    at: Some(src.line_col(node.span.start)),
                    kind: Kind::NoGlyph {
                        field: field.to_owned(),
                        chars,
                    },
                });
            }
        });
    }
}

/// Calls `found` with each string of the tree and its field path.
fn walk(node: &Node, path: &mut String, found: &mut dyn FnMut(&str, &Node, &str)) {
    // Input files nest a few levels; a hostile one is bounded by the
    // loader's own depth limit before it gets here.
    match &node.value {
        Value::String(text) if !text.is_ascii() => found(path, node, text),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, found);
                path.truncate(len);
            }
        }
        Value::Table(entries) => {
            for e in entries {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&e.key);
                walk(&e.node, path, found);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(display: &str, text: &str) -> Vec<String> {
        warnings_with(display, text, &FontChoice::default())
    }

    fn warnings_with(display: &str, text: &str, fonts: &FontChoice) -> Vec<String> {
        let src = SourceFile {
            display: display.into(),
            text: text.to_owned(),
            json: display.ends_with(".json"),
        };
        let mut out = Vec::new();
        warn_uncovered(&[src], fonts, &mut |w| out.push(w.to_string()));
        out
    }

    /// A character a fallback face has is not warned about; the others of
    /// the same field still are.
    #[test]
    fn a_fallback_face_that_has_the_characters_silences_them() {
        let mono =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/DejaVuSansMono.ttf");
        let fonts = FontChoice {
            given: super::super::fallback::load_fonts(&[mono]).unwrap(),
            system: false,
        };
        let toml = "title = \"APL ⌸ 監\"\n";
        let found = warnings_with("a.toml", toml, &fonts);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("監 (U+76E3)") && !found[0].contains('⌸'),
            "{found:?}"
        );
        assert!(warnings_with("a.toml", "title = \"⌸\"", &fonts).is_empty());
        assert_eq!(warnings("a.toml", "title = \"⌸\"").len(), 1);
    }

    #[test]
    fn names_the_file_place_field_and_characters() {
        let toml = "id = \"x\"\n\n[[finding]]\ntitle = \"Café ok\"\ndetail = \"監視 の 監視 ✓\"\n";
        assert_eq!(
            warnings("components/api.toml", toml),
            [
                "warning: components/api.toml:5:10: field `finding[0].detail`: the PDF's fonts have no glyph for 監 (U+76E3), 視 (U+8996), の (U+306E): the PDF draws \u{fffd} in their place (the Markdown and HTML keep them); give a font that has them with `--font PATH` or `--system-fonts`"
            ]
        );
        let json = "{\"finding\": [{\"title\": \"🚀 launch\"}]}";
        let found = warnings("findings/x.json", json);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("warning: findings/x.json:1:24: field `finding[0].title`: "),
            "{found:?}"
        );
        assert!(warnings("a.toml", "title = \"plain ascii\"").is_empty());
    }
}
