//! The PDF's painter of the charts: the [`Scene`] laid out once for every
//! format (`render::chart`) becomes display items, shaped with the
//! embedded fonts. Each chart is one tagged Figure with alt text
//! summarising its data (the table after it carries the full detail), kept
//! on one page, and followed by its caption.

use krilla::tagging::Tag;

use super::PdfError;
use super::display::{Item, Mark};
use super::fonts::{FontId, Shaper};
use super::layout::Layout;
use super::theme;
use crate::document::wording::WORDING;
use crate::document::{Chart, Figure};
use crate::render::chart::{self, Anchor, Face, Measure, Scene, Shape};

/// Room a figure keeps below itself for the start of its caption.
const CAPTION_ROOM: f32 = 24.0;

fn font(face: Face) -> FontId {
    match face {
        Face::Regular => FontId::Regular,
        Face::Bold => FontId::Bold,
        Face::Italic => FontId::Italic,
    }
}

impl Measure for Shaper {
    fn width(&mut self, text: &str, face: Face, size: f32) -> f32 {
        Shaper::width(self, font(face), text, size)
    }
}

impl Layout<'_> {
    /// The chart laid out across `width`, a timeline with as many rows as
    /// fit on a page.
    fn scene(&mut self, chart: &Chart, width: f32) -> Result<Scene, PdfError> {
        let room = self.geo.bottom - self.geo.top - CAPTION_ROOM - 40.0;
        chart::layout(chart, &mut *self.shaper, width, room).map_err(PdfError::Chart)
    }

    /// The room a chart needs below the cursor: the whole figure (charts
    /// keep themselves whole) and the start of its caption. A chart whose
    /// data cannot be drawn needs none: laying it out reports the error.
    pub fn chart_keep(&mut self, chart: &Chart, width: f32) -> f32 {
        self.scene(chart, width)
            .map_or(0.0, |scene| scene.height + CAPTION_ROOM)
    }

    /// Lays out a chart as a figure with a caption.
    pub fn chart(
        &mut self,
        figure: &Figure,
        x: f32,
        width: f32,
        parent: usize,
    ) -> Result<(), PdfError> {
        let chart = &figure.chart;
        let scene = self.scene(chart, width)?;
        let alt = super::display::pdf_text(&chart.alt_text());
        let node = self.structure.node(parent, Tag::Figure(Some(alt)));
        let mark = Mark::Slot(self.structure.slot(node));
        self.ensure(scene.height + CAPTION_ROOM);
        let top = self.y;
        for shape in scene.shapes {
            let item = match shape {
                Shape::Rect {
                    x: rx,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                    radius,
                } => Item::Rect {
                    x: x + rx,
                    y: top + y,
                    w,
                    h,
                    fill,
                    stroke: stroke.map(|s| (s.color, s.width)),
                    radius,
                },
                Shape::Line {
                    from,
                    to,
                    stroke,
                    dashed,
                } => Item::Line {
                    x1: x + from.0,
                    y1: top + from.1,
                    x2: x + to.0,
                    y2: top + to.1,
                    color: stroke.color,
                    width: stroke.width,
                    dashed,
                },
                Shape::Poly { points, stroke } => Item::Poly {
                    points: points.iter().map(|(px, py)| (x + px, top + py)).collect(),
                    fill: None,
                    stroke: Some((stroke.color, stroke.width)),
                },
                Shape::Text(label) => {
                    let run =
                        self.plain_run(&label.text, font(label.face), label.size, label.color);
                    let start = match label.anchor {
                        Anchor::Start => label.x,
                        Anchor::Middle => label.x - run.width / 2.0,
                        Anchor::End => label.x - run.width,
                    };
                    Item::Text {
                        x: x + start,
                        y: top + label.y,
                        run,
                    }
                }
            };
            self.push(item, mark);
        }
        self.y = top + scene.height;

        let caption = self.structure.node(node, Tag::Caption);
        let style = super::text::TextStyle {
            size: 8.0,
            color: theme::MUTED,
            bold: false,
            leading: 1.4,
        };
        let inlines = [crate::document::Inline::Text(
            format!("{} {}. {}", WORDING.figure, figure.number, chart.caption()),
            crate::document::Style {
                italic: true,
                ..Default::default()
            },
        )];
        let lines = super::text::layout(self.shaper, &inlines, style, width);
        self.y += 4.0;
        self.lines(
            &lines,
            x,
            width,
            style,
            super::layout::HAlign::Left,
            caption,
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::timeline_axis::tests::chart;
    use crate::render::pdf::Paper;
    use crate::render::pdf::display::Structure;
    use crate::render::pdf::layout::Geometry;

    /// The PDF draws the shared scene: one item per shape, inside the
    /// content box, and a tagged figure with its caption after it.
    #[test]
    fn draws_each_shape_of_the_shared_scene() {
        let mut shaper = Shaper::new();
        let geo = Geometry::for_paper(Paper::A4);
        let chart = Chart::Timeline(chart());
        let scene = chart::layout(&chart, &mut shaper, geo.content_width(), 1e6).unwrap();
        let mut layout = Layout::new(&mut shaper, geo, &[]);
        let figure = Figure { number: 1, chart };
        layout
            .chart(&figure, geo.left, geo.content_width(), Structure::ROOT)
            .unwrap();
        let items = &layout.pages[0].items;
        let drawn = items
            .iter()
            .filter(|p| matches!(p.mark, Mark::Slot(_)))
            .count();
        // The scene's shapes, then the caption's line(s).
        assert!(
            drawn > scene.shapes.len(),
            "{drawn} items, {} shapes",
            scene.shapes.len()
        );
        for p in items {
            if let Item::Rect { x, w, .. } = p.item {
                assert!(x >= geo.left - 0.01 && x + w <= geo.right + 0.01, "{x} {w}");
            }
        }
    }
}
