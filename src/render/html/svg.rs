//! Small helpers shared by the SVG charts: XML escaping, the tone palette
//! and text measurement.
//!
//! The charts are built as strings rather than through a DOM: every piece of
//! data goes through [`esc`] on its way in, and that single rule is easy to
//! audit. Text width is estimated (there is no font at hand when the page is
//! generated), generously enough that labels do not overlap in the fonts
//! browsers substitute for `system-ui`.

use std::fmt::Write as _;

use crate::model::{Tone, hex};

/// Font stack for chart text; matches the page's body font.
pub(crate) const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif";

/// Escapes text for XML character data and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 or HTML text.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Colours for one tone, as CSS colours: the product's one palette
/// ([`Tone::palette`]).
#[derive(Debug, Clone)]
pub(crate) struct Palette {
    /// Background tint (bands, light areas).
    pub(crate) tint: String,
    /// Main fill (matrix cells, bars).
    pub(crate) fill: String,
    /// Text drawn on `fill`.
    pub(crate) on_fill: String,
    /// Dark ink of the family: strokes and text on `tint`.
    pub(crate) ink: String,
}

/// The palette of a tone.
pub(crate) fn palette(tone: Tone) -> Palette {
    let p = tone.palette();
    Palette {
        tint: hex(p.tint),
        fill: hex(p.fill),
        on_fill: hex(p.on_fill),
        ink: hex(p.ink),
    }
}

/// The stylesheet's tone variables (`--good-bg`, `--good-ink`,
/// `--good-line` …) from the same palette: a badge's fill and text, and
/// the family's ink for lines and markers.
pub(crate) fn tone_variables() -> String {
    let mut css = String::from(":root {");
    for tone in Tone::ALL {
        let p = tone.palette();
        let _ = write!(
            css,
            " --{0}-bg: {1}; --{0}-ink: {2}; --{0}-line: {3}; --{0}-tint: {4};",
            tone.name(),
            hex(p.fill),
            hex(p.on_fill),
            hex(p.ink),
            hex(p.tint)
        );
    }
    css.push_str(" }");
    css
}

/// Estimated width of `text` at `size` px in a proportional sans-serif.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| {
            if c.is_ascii_uppercase() || c.is_ascii_digit() {
                0.66
            } else if c.is_ascii() {
                if matches!(
                    c,
                    'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | ' ' | '(' | ')'
                ) {
                    0.34
                } else {
                    0.56
                }
            } else {
                // CJK, emoji and other wide glyphs.
                1.0
            }
        })
        .sum::<f64>()
        * size
}

/// Shortens `text` with an ellipsis so it fits in `max_width`.
pub(crate) fn truncate(text: &str, max_width: f64, size: f64) -> String {
    if text_width(text, size) <= max_width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&out, size) + text_width("…", size) > max_width {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// Breaks `text` into at most `max_lines` lines of at most `max_width`; the
/// last line is truncated with an ellipsis if the text does not fit.
pub(crate) fn wrap(text: &str, max_width: f64, size: f64, max_lines: usize) -> Vec<String> {
    if max_lines <= 1 {
        return vec![truncate(text.trim(), max_width, size)];
    }
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if text_width(&candidate, size) <= max_width || current.is_empty() {
            current = candidate;
            continue;
        }
        lines.push(std::mem::take(&mut current));
        current = word.to_owned();
        if lines.len() == max_lines - 1 {
            // Last allowed line: everything left goes here, truncated.
            let rest: Vec<&str> = words.by_ref().collect();
            if !rest.is_empty() {
                current = format!("{current} {}", rest.join(" "));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines.truncate(max_lines.max(1));
    if let Some(last) = lines.last_mut() {
        *last = truncate(last, max_width, size);
    }
    lines
}

/// Writes a `<text>` element with one `<tspan>` per line, the block
/// vertically centred on `y` when `center` is set, else starting at `y`.
#[allow(clippy::too_many_arguments)] // a drawing primitive: each argument is one SVG attribute
pub(crate) fn text_lines(
    out: &mut String,
    lines: &[String],
    x: f64,
    y: f64,
    size: f64,
    anchor: &str,
    attrs: &str,
    center: bool,
) {
    let line_height = size * 1.2;
    let first = if center {
        y - (lines.len() as f64 - 1.0) * line_height / 2.0
    } else {
        y
    };
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{first:.1}" font-size="{size}" text-anchor="{anchor}" dominant-baseline="central"{attrs}>"#
    );
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let _ = write!(out, "<tspan x=\"{x:.1}\">{}</tspan>", esc(line));
        } else {
            let _ = write!(
                out,
                "<tspan x=\"{x:.1}\" dy=\"{line_height:.1}\">{}</tspan>",
                esc(line)
            );
        }
    }
    out.push_str("</text>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>\"a\" & 'b'</script>\u{7}"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;\u{fffd}"
        );
    }

    #[test]
    fn wrap_and_truncate() {
        assert_eq!(wrap("ALMOST CERTAIN", 200.0, 12.0, 2), ["ALMOST CERTAIN"]);
        assert_eq!(wrap("ALMOST CERTAIN", 60.0, 12.0, 2), ["ALMOST", "CERTAIN"]);
        let lines = wrap("one two three four five six seven", 50.0, 12.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(truncate("a very long title indeed", 60.0, 12.0).ends_with('…'));
        assert_eq!(truncate("short", 60.0, 12.0), "short");
    }
}
