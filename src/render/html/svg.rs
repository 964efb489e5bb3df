//! The HTML's painter of the charts: a [`Scene`] laid out once for every
//! format becomes an inline SVG, plus the XML escaping and the stylesheet's
//! tone variables.
//!
//! The SVG is built as a string rather than through a DOM: every piece of
//! data goes through [`esc`] on its way in, and that single rule is easy to
//! audit. The layout is in points; the SVG keeps them as its `viewBox` and
//! is drawn [`SCALE`] times larger. There is no font at hand when the page
//! is generated, so text is measured by [`Estimate`], generously enough
//! that labels do not overlap in the fonts browsers substitute.

use std::fmt::Write as _;

use crate::model::{Rgb, Tone, hex};
use crate::render::chart::{Anchor, Face, Measure, Scene, Shape, Stroke};

/// Font stack for chart text; matches the page's body font.
const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif";

/// CSS pixels per layout point.
const SCALE: f32 = 1.6;

/// The layout width of a chart in the page (960 CSS pixels).
pub(crate) const CHART_WIDTH: f32 = 600.0;

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

/// The stylesheet's tone variables (`--good-bg`, `--good-ink`,
/// `--good-line` …) from the product's one palette ([`Tone::palette`]): a
/// badge's fill and text, and the family's ink for lines and markers.
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

/// Text width estimated for a proportional sans-serif: wide enough for the
/// fonts browsers substitute for `system-ui`.
pub(crate) struct Estimate;

impl Measure for Estimate {
    fn width(&mut self, text: &str, face: Face, size: f32) -> f32 {
        let em: f32 = text
            .chars()
            .map(|c| {
                if c.is_ascii_uppercase() || c.is_ascii_digit() {
                    0.66
                } else if matches!(
                    c,
                    'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | ' ' | '(' | ')'
                ) {
                    0.34
                } else if c.is_ascii() {
                    0.56
                } else {
                    // CJK, emoji and other wide glyphs.
                    1.0
                }
            })
            .sum();
        // Bold runs about 12% wider.
        em * size * if face == Face::Bold { 1.12 } else { 1.0 }
    }
}

fn paint(c: Rgb) -> String {
    hex(c)
}

fn stroke_attrs(stroke: Option<Stroke>) -> String {
    match stroke {
        Some(s) => format!(r#" stroke="{}" stroke-width="{}""#, paint(s.color), s.width),
        None => String::new(),
    }
}

/// Paints `scene` as an inline SVG image. `id` is a document-unique prefix
/// for element ids; `title` and `desc` are what assistive technology reads
/// (the figure is one image to it).
pub(crate) fn svg(scene: &Scene, id: &str, title: &str, desc: &str) -> String {
    let (w, h) = (scene.width, scene.height);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {w:.1} {h:.1}" width="{:.0}" height="{:.0}" role="img" aria-labelledby="{id}_title {id}_desc" font-family="{FONT_FAMILY}"><title id="{id}_title">{}</title><desc id="{id}_desc">{}</desc>"#,
        w * SCALE,
        h * SCALE,
        esc(title),
        esc(desc)
    );
    for shape in &scene.shapes {
        match shape {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                radius,
            } => {
                let fill = fill.map_or("none".to_owned(), paint);
                let _ = write!(
                    s,
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="{radius}" fill="{fill}"{}/>"#,
                    stroke_attrs(*stroke)
                );
            }
            Shape::Line {
                from,
                to,
                stroke,
                dashed,
            } => {
                let _ = write!(
                    s,
                    r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"{}{}/>"#,
                    from.0,
                    from.1,
                    to.0,
                    to.1,
                    stroke_attrs(Some(*stroke)),
                    if *dashed {
                        r#" stroke-dasharray="2.5 2""#
                    } else {
                        ""
                    }
                );
            }
            Shape::Poly { points, stroke } => {
                let points: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{x:.1},{y:.1}"))
                    .collect();
                let _ = write!(
                    s,
                    r#"<polyline points="{}" fill="none"{}/>"#,
                    points.join(" "),
                    stroke_attrs(Some(*stroke))
                );
            }
            Shape::Text(l) => {
                let anchor = match l.anchor {
                    Anchor::Start => "",
                    Anchor::Middle => r#" text-anchor="middle""#,
                    Anchor::End => r#" text-anchor="end""#,
                };
                let face = match l.face {
                    Face::Regular => "",
                    Face::Bold => r#" font-weight="700""#,
                    Face::Italic => r#" font-style="italic""#,
                };
                let tip = l
                    .full
                    .as_deref()
                    .map(|t| format!("<title>{}</title>", esc(t)))
                    .unwrap_or_default();
                let _ = write!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" font-size="{}" fill="{}"{anchor}{face}>{tip}{}</text>"#,
                    l.x,
                    l.y,
                    l.size,
                    paint(l.color),
                    esc(&l.text)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Chart;
    use crate::document::timeline_axis::tests::chart;
    use crate::render::chart::layout;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>\"a\" & 'b'</script>\u{7}"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;\u{fffd}"
        );
    }

    /// Every label of the scene is escaped where it lands, tooltips too.
    #[test]
    fn paints_every_shape_and_escapes_text() {
        let chart = Chart::Timeline(chart());
        let scene = layout(&chart, &mut Estimate, CHART_WIDTH, f32::INFINITY).unwrap();
        let svg = svg(&scene, "rd_chart2", "Timeline <x>", "desc & more");
        assert!(svg.contains("<title id=\"rd_chart2_title\">Timeline &lt;x&gt;</title>"));
        assert!(svg.contains("desc &amp; more"));
        assert!(svg.contains("Action A1 &lt;b&gt;&amp;&lt;/b&gt;"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("<polyline") && svg.contains("stroke-dasharray"));
        let shapes = svg.matches("<rect").count()
            + svg.matches("<line").count()
            + svg.matches("<polyline").count()
            + svg.matches("<text").count();
        assert_eq!(shapes, scene.shapes.len());
    }
}
