//! What krilla alone costs for a report's worth of text, with no code of
//! ours in the loop: the floor under `pdf: draw` in the benchmark.
//!
//! ```text
//! cargo run --release --example krilla_floor -- PAGES RUNS_PER_PAGE GLYPHS_PER_RUN RUNS_PER_ELEMENT [REPEATS]
//! ```
//!
//! It shapes one line of English once, then draws `PAGES` pages of
//! `RUNS_PER_PAGE` glyph runs of `GLYPHS_PER_RUN` glyphs each, tagged
//! `RUNS_PER_ELEMENT` runs to a structure element, and serializes the
//! tagged document with page compression on the rayon pool, as `readiness`
//! does. It prints the median time of drawing and of `Document::finish`,
//! and the CPU time the process spent on them (page compression runs on a
//! second thread, so CPU time can exceed wall time).
//! BENCHMARKS.md gives the shapes that match the example and gen-10000.

use std::time::Instant;

use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{ContentTag, Node, SpanTag, Tag, TagGroup, TagTree};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{SerializeSettings, configure::ConfigurationBuilder};

static SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

const LINE: &str = "The API gateway returns errors under load because the connection pool \
is exhausted; the database keeps running out of connections while the cache warms up again.";

/// One line of text shaped once: its glyphs index `LINE`.
fn shaped_line() -> Vec<KrillaGlyph> {
    let face = rustybuzz::Face::from_slice(SANS, 0).expect("DejaVu Sans parses");
    let upem = face.units_per_em() as f32;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(LINE);
    let shaped = rustybuzz::shape(&face, &[], buffer);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    (0..infos.len())
        .map(|i| {
            let start = infos[i].cluster as usize;
            let end = infos.get(i + 1).map_or(LINE.len(), |n| n.cluster as usize);
            KrillaGlyph::new(
                GlyphId::new(infos[i].glyph_id),
                positions[i].x_advance as f32 / upem,
                positions[i].x_offset as f32 / upem,
                0.0,
                0.0,
                start..end,
                None,
            )
        })
        .collect()
}

fn run(
    pages: usize,
    runs: usize,
    per_run: usize,
    per_tag: usize,
    line: &[KrillaGlyph],
) -> (f64, f64) {
    let font = Font::new(SANS.to_vec().into(), 0).expect("krilla loads DejaVu Sans");
    let settings = SerializeSettings {
        configuration: ConfigurationBuilder::new().finish().expect("no validators"),
        enable_tagging: true,
        ..Default::default()
    };
    let mut document = Document::new_with(settings);
    let mut tree = TagTree::new();
    // Glyphs a run: the shaped line is the longest run there is.
    let n = per_run.clamp(1, line.len());
    let t0 = Instant::now();
    for _ in 0..pages {
        let mut page = document.start_page_with(PageSettings::from_wh(595.0, 842.0).unwrap());
        let mut surface: Surface = page.surface();
        for paragraph in 0..runs.div_ceil(per_tag) {
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            for r in paragraph * per_tag..((paragraph + 1) * per_tag).min(runs) {
                let from = (r * 7) % (line.len() - n + 1);
                let glyphs = &line[from..from + n];
                surface.set_fill(Some(Fill::default()));
                let y = 60.0 + (r % 70) as f32 * 10.0;
                surface.draw_glyphs(
                    Point::from_xy(50.0, y),
                    glyphs,
                    font.clone(),
                    LINE,
                    9.0,
                    false,
                );
            }
            surface.end_tagged();
            let mut group = TagGroup::new(Tag::P);
            group.push(Node::Leaf(id));
            tree.push(group);
        }
        surface.finish();
        page.finish();
    }
    document.set_tag_tree(tree);
    let t1 = Instant::now();
    let bytes = document.finish().expect("the document serializes");
    let t2 = Instant::now();
    std::hint::black_box(bytes);
    (
        (t1 - t0).as_secs_f64() * 1000.0,
        (t2 - t1).as_secs_f64() * 1000.0,
    )
}

/// CPU time of the whole process so far (every thread), in ms: Linux only,
/// in clock ticks (10 ms), enough for the big shapes.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and
    // stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: f64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<f64>().ok())
        .sum();
    ticks * 10.0
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    readiness::render::pdf::size_compression_pool(readiness::render::pdf::PdfBackend::Krilla);
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| {
            a.parse()
                .expect("PAGES RUNS_PER_PAGE GLYPHS_PER_RUN RUNS_PER_ELEMENT [REPEATS]")
        })
        .collect();
    let Some(&[pages, runs, per_run, per_tag]) = args.get(..4) else {
        panic!("PAGES RUNS_PER_PAGE GLYPHS_PER_RUN RUNS_PER_ELEMENT [REPEATS]")
    };
    let repeats = args.get(4).copied().unwrap_or(5);
    let line = shaped_line();
    let (mut draw, mut finish, mut cpu) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..repeats {
        let before = cpu_ms();
        let (d, f) = run(pages, runs, per_run, per_tag, &line);
        cpu.push(cpu_ms() - before);
        draw.push(d);
        finish.push(f);
    }
    let glyphs = pages * runs * per_run.clamp(1, line.len());
    let (d, f) = (median(draw), median(finish));
    println!(
        "{pages} pages, {} runs, {glyphs} glyphs: draw {d:.1} ms ({:.0} ns a glyph), finish {f:.1} ms, \
         wall {:.1} ms, CPU {:.0} ms ±10 (every thread, page compression included)",
        pages * runs,
        d * 1e6 / glyphs as f64,
        d + f,
        median(cpu)
    );
}
