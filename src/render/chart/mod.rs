//! The charts' layout, computed once for every format: a chart's typed data
//! ([`crate::document::Chart`]) becomes a [`Scene`] of rectangles, lines
//! and labels in points, which the HTML renderer paints as SVG
//! (`render::html::svg`) and the PDF renderer as its display list. Both formats
//! therefore draw the same picture: the same bands, bars, cells, legend and
//! the same words; only the text measurement differs (the PDF shapes with
//! its embedded fonts, the HTML estimates for whatever font the browser
//! picks, generously so that labels never overlap).

mod heat_map;
mod timeline;

use crate::document::Chart;
use crate::model::Rgb;

/// Body ink of chart text.
const INK: Rgb = (0x1f, 0x29, 0x33);
/// Secondary ink: axis labels, legend titles, dates.
const MUTED: Rgb = (0x5f, 0x6b, 0x7a);
/// White: cell borders, pills.
const WHITE: Rgb = (0xff, 0xff, 0xff);
/// Neutral background of the timeline's "Past" and "Later" bands.
const NEUTRAL: Rgb = (0xf3, 0xf5, 0xf8);
/// Size of axis and legend labels, in points.
const LABEL: f32 = 7.5;

/// A face of the chart font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Regular,
    Bold,
    Italic,
}

/// Where a label's `x` is: its start, its middle or its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// Measures text: the PDF with its shaped fonts, the HTML by estimate.
pub(crate) trait Measure {
    /// Width of `text` in points.
    fn width(&mut self, text: &str, face: Face, size: f32) -> f32;
}

/// An outline: colour and width in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stroke {
    pub color: Rgb,
    pub width: f32,
}

/// A line of text placed at a baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    pub x: f32,
    /// The baseline.
    pub y: f32,
    pub text: String,
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
    pub anchor: Anchor,
    /// The whole text when `text` was cut to fit (a tooltip in the HTML).
    pub full: Option<String>,
}

/// One drawing primitive of a scene, in points from the figure's top left.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
        radius: f32,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        stroke: Stroke,
        dashed: bool,
    },
    /// An open polyline (the tick of a done bar).
    Poly {
        points: Vec<(f32, f32)>,
        stroke: Stroke,
    },
    Text(Label),
}

/// A laid-out chart: its size and what to draw, in drawing order.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Scene {
    pub width: f32,
    pub height: f32,
    pub shapes: Vec<Shape>,
}

impl Scene {
    fn rect(
        &mut self,
        (x, y, w, h): (f32, f32, f32, f32),
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
        radius: f32,
    ) {
        self.shapes.push(Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
            radius,
        });
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), stroke: Stroke, dashed: bool) {
        self.shapes.push(Shape::Line {
            from,
            to,
            stroke,
            dashed,
        });
    }

    fn text(&mut self, label: Label) {
        if !label.text.is_empty() {
            self.shapes.push(Shape::Text(label));
        }
    }
}

/// Lays out `chart` across `width` points. A timeline draws as many
/// action rows as fit in `max_height` (the rest are named in a note; the
/// table after the chart lists them all). Validation rejects every chart
/// that cannot be drawn, so an error here is a bug.
pub(crate) fn layout(
    chart: &Chart,
    m: &mut dyn Measure,
    width: f32,
    max_height: f32,
) -> Result<Scene, String> {
    match chart {
        Chart::RiskMatrix(c) => heat_map::layout(c, m, width),
        Chart::Timeline(c) => timeline::layout(c, m, width, max_height),
    }
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    (m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// A label of `text`, cut with an ellipsis to `max` points.
fn fitted(m: &mut dyn Measure, text: &str, face: Face, size: f32, max: f32) -> (String, f32) {
    let full = m.width(text, face, size);
    if full <= max {
        return (text.to_owned(), full);
    }
    // The longest prefix that fits with an ellipsis. Widths grow with the
    // prefix, so a binary search over the character boundaries measures
    // O(log n) prefixes; trying each in turn shaped (and cached) every
    // prefix: seconds and a gigabyte for 10,000 characters.
    let ends: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    let (mut lo, mut hi, mut best) = (0, ends.len(), (String::new(), 0.0));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let cut = format!("{}…", text[..ends[mid]].trim_end());
        let w = m.width(&cut, face, size);
        if w <= max {
            best = (cut, w);
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    best
}

/// Breaks `text` at spaces into at most `max_lines` (at least one) lines
/// no wider than `max`; the last is cut with an ellipsis when text remains.
/// Lines with nothing that fits are left out.
fn wrapped(
    m: &mut dyn Measure,
    text: &str,
    face: Face,
    size: f32,
    max: f32,
    max_lines: usize,
) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words = text.split_whitespace();
    for word in words.by_ref() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || m.width(&candidate, face, size) <= max {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
            if lines.len() == max_lines - 1 {
                break;
            }
        }
    }
    // Whatever is left goes on the last line, cut to fit.
    let rest: Vec<&str> = words.collect();
    if !rest.is_empty() {
        line = format!("{line} {}", rest.join(" "));
    }
    lines.push(line);
    lines
        .iter()
        .map(|l| fitted(m, l, face, size, max).0)
        .filter(|l| !l.is_empty())
        .collect()
}

/// A label builder: the text and its style, placed by [`Pen::at`].
#[derive(Clone, Copy)]
struct Pen {
    face: Face,
    size: f32,
    color: Rgb,
    anchor: Anchor,
}

impl Pen {
    const fn new(face: Face, size: f32, color: Rgb) -> Self {
        Pen {
            face,
            size,
            color,
            anchor: Anchor::Start,
        }
    }

    const fn anchored(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }

    /// `text` at (`x`, baseline `y`), cut to `max` points (the full text
    /// kept for a tooltip when cut).
    fn at(&self, m: &mut dyn Measure, text: &str, (x, y): (f32, f32), max: f32) -> (Label, f32) {
        let (cut, width) = fitted(m, text, self.face, self.size, max);
        let full = (cut != text).then(|| text.to_owned());
        (
            Label {
                x,
                y,
                text: cut,
                face: self.face,
                size: self.size,
                color: self.color,
                anchor: self.anchor,
                full,
            },
            width,
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A measure where every character is `size / 2` wide.
    pub(crate) struct Fixed;

    impl Measure for Fixed {
        fn width(&mut self, text: &str, _: Face, size: f32) -> f32 {
            text.chars().count() as f32 * size / 2.0
        }
    }

    /// A measure that counts its calls.
    struct Counting(usize);

    impl Measure for Counting {
        fn width(&mut self, text: &str, _: Face, size: f32) -> f32 {
            self.0 += 1;
            text.chars().count() as f32 * size / 2.0
        }
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        let m = &mut Fixed;
        assert_eq!(
            fitted(m, "Database", Face::Regular, 10.0, 40.0).0,
            "Database"
        );
        let (cut, w) = fitted(
            m,
            "Rotate the leaked credentials",
            Face::Regular,
            10.0,
            50.0,
        );
        assert_eq!(cut, "Rotate th…");
        assert!(w <= 50.0);
        assert_eq!(fitted(m, "Ünïcödé", Face::Regular, 10.0, 3.0).0, "");
    }

    /// Regression: cutting a 10,000-character label took 14 s and 1.3 GB
    /// (40,000 ran out of memory): every prefix was measured.
    #[test]
    fn a_huge_label_is_cut_with_few_measurements() {
        for text in ["x".repeat(40_000), "word ".repeat(8_000)] {
            let mut m = Counting(0);
            let (cut, _) = fitted(&mut m, &text, Face::Regular, 10.0, 100.0);
            assert!(cut.ends_with('…') && cut.chars().count() <= 20, "{cut}");
            assert!(m.0 < 40, "{} measurements", m.0);
        }
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_the_last_line() {
        let m = &mut Fixed;
        assert_eq!(
            wrapped(m, "ALMOST CERTAIN", Face::Bold, 10.0, 100.0, 2),
            ["ALMOST CERTAIN"]
        );
        assert_eq!(
            wrapped(m, "ALMOST CERTAIN", Face::Bold, 10.0, 40.0, 2),
            ["ALMOST", "CERTAIN"]
        );
        let lines = wrapped(
            m,
            "one two three four five six seven",
            Face::Bold,
            10.0,
            50.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
    }
}
