//! Markdown to a sanitized HTML body.
//!
//! The work happens on pulldown-cmark's event stream, before any HTML
//! exists, where the meaning of each piece is still known:
//!
//! - raw HTML from the Markdown becomes inert: comments are dropped, `<br>`
//!   is kept, and everything else is turned into text (a raw HTML block is
//!   shown escaped in a `<pre>`, inline HTML as literal text), so a reader
//!   still sees what the source said;
//! - chart comments (see [`crate::render::charts`]) become placeholders that
//!   are swapped for generated SVG after sanitizing;
//! - `tone emoji + **word**` becomes a labelled badge;
//! - links with unsafe schemes lose their link (the text stays), images are
//!   never loaded (a self-contained page fetches nothing): they are replaced
//!   by their alt text;
//! - headings get slug ids; task-list checkboxes become plain glyphs (a
//!   disabled `<input>` with no label is an accessibility error).
//!
//! The HTML pulldown-cmark then writes goes through ammonia
//! ([`super::sanitize`]) as a second line of defence.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream};

use super::facts::{Fact, take_opening_facts};
use super::sanitize::{CHART_PLACEHOLDER_TAG, Sanitizer, is_safe_link};
use super::toc::{HeadingInfo, Slugger};
use super::{HtmlError, risk_matrix, timeline};
use crate::render::charts::{self, Chart, Tone};

/// Events per sanitized piece of the body (see [`render_body`]).
const SANITIZE_PIECE: usize = 4096;

/// The body of the report: sanitized HTML with charts in place, the
/// headings it contains (for the table of contents), and the facts of its
/// opening lines (for the page header).
#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) html: String,
    pub(crate) headings: Vec<HeadingInfo>,
    pub(crate) facts: Vec<Fact>,
}

/// The parser options the contract fixes: GFM tables, task lists and
/// strikethrough; heading attributes off (`{#id}` stays literal text).
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

/// The class suffix of a tone, as used by `badge-…` and the stylesheet.
pub(crate) fn tone_name(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "good",
        Tone::Warn => "warn",
        Tone::Bad => "bad",
        Tone::Neutral => "neutral",
    }
}

/// A glyph per tone, so badges differ in shape as well as colour.
pub(crate) fn tone_icon(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "✓",
        Tone::Warn => "!",
        Tone::Bad => "✕",
        Tone::Neutral => "•",
    }
}

/// Opening markup of a badge; the word follows as text, then `</span>`.
/// The icon is decoration: the word carries the meaning, so the icon is
/// hidden from screen readers.
pub(crate) fn badge_open(tone: Tone) -> String {
    format!(
        r#"<span class="badge badge-{}"><span class="badge-icon" aria-hidden="true">{}</span>"#,
        tone_name(tone),
        tone_icon(tone)
    )
}

/// If `text` ends with a tone marker followed by whitespace, returns the
/// text before the marker and the marker's tone.
fn split_badge_marker(text: &str) -> Option<(&str, Tone)> {
    let trimmed = text.trim_end();
    if trimmed.len() == text.len() {
        return None; // the marker must be followed by a space
    }
    let without_vs = trimmed.trim_end_matches('\u{fe0f}');
    let marker = without_vs.chars().next_back()?;
    let tone = Tone::from_marker(marker.encode_utf8(&mut [0; 4]))?;
    Some((&without_vs[..without_vs.len() - marker.len_utf8()], tone))
}

/// Whether a character is a tone marker (or the emoji variation selector
/// that may follow one).
fn is_marker_char(c: char) -> bool {
    c == '\u{fe0f}' || Tone::from_marker(c.encode_utf8(&mut [0; 4])).is_some()
}

/// Plain text of a heading's inline events, markers dropped, whitespace
/// collapsed: what the table of contents shows and the slug is made from.
fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::InlineHtml(t) if !t.trim_start().starts_with("<!--") => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.chars()
        .filter(|&c| !is_marker_char(c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether raw HTML is exactly one comment. Anything else around or
/// between comments is shown as text, not silently dropped.
fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->") && t.matches("-->").count() == 1
}

/// Whether inline raw HTML is a line break, the one tag kept (table cells
/// cannot hold a Markdown line break any other way).
fn is_line_break(html: &str) -> bool {
    matches!(
        html.trim().to_ascii_lowercase().as_str(),
        "<br>" | "<br/>" | "<br />"
    )
}

/// The rewritten event stream, the charts its placeholders stand for (with
/// whether each is inline), and the headings.
pub(super) struct Rewritten<'a> {
    pub(super) events: Vec<Event<'a>>,
    /// Indices into `events` where every element is closed (between
    /// top-level blocks): the HTML may be sanitized in pieces there.
    pub(super) splits: Vec<usize>,
    charts: Vec<(Chart, bool)>,
    headings: Vec<HeadingInfo>,
}

/// Walks the event stream and rewrites it (see the module docs).
pub(super) struct Transformer<'a> {
    events: Vec<Event<'a>>,
    out: Vec<Event<'a>>,
    charts: Vec<(Chart, bool)>,
    headings: Vec<HeadingInfo>,
    slugger: Slugger,
    /// One entry per open `Strong`: whether it was turned into a badge.
    strong_stack: Vec<bool>,
    /// One entry per open link: whether it was kept.
    link_stack: Vec<bool>,
    pending_badge: Option<Tone>,
    tables: usize,
    /// Block nesting depth of the output, to find top-level charts.
    depth: usize,
    /// A chart-and-table wrapper is open until the table ends.
    pair_open: bool,
    /// See [`Rewritten::splits`].
    splits: Vec<usize>,
}

impl<'a> Transformer<'a> {
    pub(super) fn new(events: Vec<Event<'a>>) -> Self {
        Transformer {
            events,
            out: Vec::new(),
            charts: Vec::new(),
            headings: Vec::new(),
            slugger: Slugger::default(),
            strong_stack: Vec::new(),
            link_stack: Vec::new(),
            pending_badge: None,
            tables: 0,
            depth: 0,
            pair_open: false,
            splits: Vec::new(),
        }
    }

    fn next_is_strong(&self, i: usize) -> bool {
        matches!(self.events.get(i), Some(Event::Start(Tag::Strong)))
    }

    /// Index of the first `End` at or after `from` matching `end`.
    fn find_end(&self, from: usize, end: impl Fn(&TagEnd) -> bool) -> usize {
        (from..self.events.len())
            .find(|&j| matches!(&self.events[j], Event::End(e) if end(e)))
            .unwrap_or(self.events.len() - 1)
    }

    fn html(&mut self, s: impl Into<String>) {
        self.out.push(Event::Html(CowStr::from(s.into())));
    }

    /// Handles a chart comment; returns `Ok(false)` if `html` is not one.
    fn chart(
        &mut self,
        html: &str,
        inline: bool,
        next: Option<&Event<'_>>,
    ) -> Result<bool, HtmlError> {
        let Some(parsed) = charts::parse_chart_comment(html) else {
            return Ok(false);
        };
        let index = self.charts.len() + 1;
        let chart = parsed.map_err(|e| HtmlError::Chart {
            index,
            message: format!("invalid chart JSON: {e}"),
        })?;
        self.charts.push((chart, inline));
        if inline {
            self.html(format!(
                "<{CHART_PLACEHOLDER_TAG}>{}</{CHART_PLACEHOLDER_TAG}>",
                index - 1
            ));
            return Ok(true);
        }
        // The Markdown writes each chart's table right after it: keep the
        // two together so the layout can place them side by side or stack
        // them and print them on one page.
        let pair =
            self.depth == 0 && !self.pair_open && matches!(next, Some(Event::Start(Tag::Table(_))));
        if pair {
            self.html("<div class=\"chart-pair\">\n");
            self.pair_open = true;
        }
        self.html(format!(
            "<{CHART_PLACEHOLDER_TAG}>{}</{CHART_PLACEHOLDER_TAG}>\n",
            index - 1
        ));
        Ok(true)
    }

    pub(super) fn run(mut self, title: &str) -> Result<Rewritten<'a>, HtmlError> {
        let mut i = 0;
        while i < self.events.len() {
            let event = self.events[i].clone();
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let j = self.find_end(i, |e| matches!(e, TagEnd::Heading(_)));
                    let text = heading_text(&self.events[i + 1..j]);
                    // The shell template shows the title; a leading `# Title`
                    // repeating it would be printed twice.
                    if self.out.is_empty() && level == HeadingLevel::H1 && text == title.trim() {
                        i = j + 1;
                        continue;
                    }
                    let id = self.slugger.slug(&text);
                    self.headings.push(HeadingInfo {
                        level: level as u8,
                        id: id.clone(),
                        text,
                    });
                    self.depth += 1;
                    self.out.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(id.into()),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    }));
                }
                Event::Text(t) => match split_badge_marker(&t) {
                    Some((before, tone)) if self.next_is_strong(i + 1) => {
                        if !before.is_empty() {
                            self.out.push(Event::Text(CowStr::from(before.to_owned())));
                        }
                        self.pending_badge = Some(tone);
                    }
                    _ => self.out.push(Event::Text(t)),
                },
                Event::Start(Tag::Strong) => {
                    self.depth += 1;
                    if let Some(tone) = self.pending_badge.take() {
                        self.html(badge_open(tone));
                        self.strong_stack.push(true);
                    } else {
                        self.out.push(Event::Start(Tag::Strong));
                        self.strong_stack.push(false);
                    }
                }
                Event::End(TagEnd::Strong) => {
                    self.depth -= 1;
                    if self.strong_stack.pop() == Some(true) {
                        self.html("</span>");
                    } else {
                        self.out.push(Event::End(TagEnd::Strong));
                    }
                }
                // `**Key**: value` lines written one under another are a
                // list of facts (the report's header block, a component's
                // status block): keep them on separate lines.
                Event::SoftBreak => {
                    let next_starts_fact = self.next_is_strong(i + 1)
                        || matches!(&self.events.get(i + 1), Some(Event::Text(t))
                            if split_badge_marker(t).is_some_and(|(b, _)| b.trim().is_empty()) && self.next_is_strong(i + 2));
                    self.out.push(if next_starts_fact {
                        Event::HardBreak
                    } else {
                        Event::SoftBreak
                    });
                }
                Event::Start(Tag::HtmlBlock) => {
                    let j = self.find_end(i, |e| matches!(e, TagEnd::HtmlBlock));
                    let raw: String = self.events[i + 1..j]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Html(t) | Event::Text(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let next = self.events.get(j + 1).cloned();
                    if !self.chart(&raw, false, next.as_ref())? && !is_comment(&raw) {
                        self.html("<pre class=\"raw-html\"><code>");
                        self.out.push(Event::Text(CowStr::from(raw)));
                        self.html("</code></pre>\n");
                    }
                    i = j + 1;
                    continue;
                }
                Event::Html(t) => {
                    let next = self.events.get(i + 1).cloned();
                    if !self.chart(&t, false, next.as_ref())? && !is_comment(&t) {
                        self.out.push(Event::Text(t));
                    }
                }
                Event::InlineHtml(t) => {
                    if self.chart(&t, true, None)? || is_comment(&t) {
                        // placed, or dropped
                    } else if is_line_break(&t) {
                        self.html("<br>");
                    } else {
                        self.out.push(Event::Text(t));
                    }
                }
                Event::Start(Tag::Link { ref dest_url, .. }) => {
                    self.depth += 1;
                    let keep = is_safe_link(dest_url);
                    self.link_stack.push(keep);
                    if keep {
                        self.out.push(event);
                    }
                }
                Event::End(TagEnd::Link) => {
                    self.depth -= 1;
                    if self.link_stack.pop() == Some(true) {
                        self.out.push(event);
                    }
                }
                Event::Start(Tag::Image { .. }) => {
                    self.depth += 1;
                    self.html("<span class=\"image-omitted\">");
                    self.out.push(Event::Text("[image: ".into()));
                }
                Event::End(TagEnd::Image) => {
                    self.depth -= 1;
                    self.out.push(Event::Text("]".into()));
                    self.html("</span>");
                }
                Event::TaskListMarker(done) => {
                    let (class, label) = if done {
                        ("task-done", "Done: ")
                    } else {
                        ("task-open", "To do: ")
                    };
                    self.html(format!(
                        r#"<span class="task-box {class}" aria-hidden="true"></span><span class="visually-hidden">{label}</span>"#
                    ));
                }
                Event::Start(Tag::Item) => {
                    self.depth += 1;
                    let task = matches!(self.events.get(i + 1), Some(Event::TaskListMarker(_)))
                        || (matches!(self.events.get(i + 1), Some(Event::Start(Tag::Paragraph)))
                            && matches!(self.events.get(i + 2), Some(Event::TaskListMarker(_))));
                    if task {
                        self.html("<li class=\"task\">");
                    } else {
                        self.out.push(event);
                    }
                }
                Event::Start(Tag::Table(_)) => {
                    self.depth += 1;
                    self.tables += 1;
                    self.html(format!(
                        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table {}\">",
                        self.tables
                    ));
                    self.out.push(event);
                }
                Event::End(TagEnd::Table) => {
                    self.depth -= 1;
                    self.out.push(event);
                    self.html("</div>\n");
                    if self.pair_open && self.depth == 0 {
                        self.html("</div>\n");
                        self.pair_open = false;
                    }
                }
                Event::Start(_) => {
                    self.depth += 1;
                    self.out.push(event);
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    self.out.push(event);
                }
                _ => self.out.push(event),
            }
            i += 1;
            if self.depth == 0 && !self.pair_open {
                self.splits.push(self.out.len());
            }
        }
        if self.pair_open {
            self.html("</div>\n");
        }
        Ok(Rewritten {
            events: self.out,
            splits: self.splits,
            charts: self.charts,
            headings: self.headings,
        })
    }
}

/// Writes and sanitizes the body piece by piece, cutting only at `splits`
/// (between top-level blocks) once a piece has `piece` events. The output
/// is the same as for the whole body at once (the pieces are sibling
/// subtrees), but ammonia's DOM of a big report never exists whole.
pub(super) fn sanitize_in_pieces(
    events: Vec<Event<'_>>,
    splits: Vec<usize>,
    piece: usize,
) -> String {
    let sanitizer = Sanitizer::new();
    let mut html = String::new();
    let mut raw = String::new();
    let total = events.len();
    let mut events = events.into_iter();
    let mut from = 0;
    let cuts = splits
        .into_iter()
        .filter(|&at| at < total)
        .chain(std::iter::once(total));
    for cut in cuts {
        if cut - from < piece && cut < total {
            continue;
        }
        raw.clear();
        pulldown_cmark::html::push_html(&mut raw, events.by_ref().take(cut - from));
        html.push_str(&sanitizer.clean(&raw));
        from = cut;
    }
    html
}

/// The figure markup around one chart's SVG.
fn figure(index: usize, chart: &Chart, inline: bool) -> Result<String, HtmlError> {
    let id = format!("rd_chart{}", index + 1);
    let caption = chart.caption();
    let (svg, class) = match chart {
        Chart::RiskMatrix(c) => (risk_matrix::risk_matrix_svg(c, &id), "chart-risk-matrix"),
        Chart::Timeline(c) => (timeline::timeline_svg(c, &id), "chart-timeline"),
    };
    let svg = svg.map_err(|message| HtmlError::Chart {
        index: index + 1,
        message,
    })?;
    if inline {
        return Ok(format!(r#"<span class="chart-inline">{svg}</span>"#));
    }
    // The scroll box lets a wide chart keep readable text on a phone; it is
    // focusable so keyboard users can scroll it too.
    Ok(format!(
        "<figure class=\"chart {class}\"><div class=\"chart-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}_caption\">{svg}</div>\
         <figcaption id=\"{id}_caption\"><span class=\"figure-number\">Figure {}.</span> {caption}\
         <span class=\"scroll-hint\">On a narrow screen, scroll the chart sideways to see all of it.</span></figcaption></figure>",
        index + 1
    ))
}

/// Renders the Markdown body. `title` is the document title, used to drop
/// a leading `# Title` that the shell already shows.
pub(crate) fn render_body(markdown: &str, title: &str) -> Result<Body, HtmlError> {
    let events: Vec<Event<'_>> =
        TextMergeStream::new(Parser::new_ext(markdown, parser_options())).collect();
    let transformer = Transformer::new(events);
    let Rewritten {
        events,
        splits,
        charts,
        headings,
    } = transformer.run(title)?;
    let (mut events, mut splits) = (events, splits);
    let facts = take_opening_facts(&mut events, &mut splits);
    let mut html = sanitize_in_pieces(events, splits, SANITIZE_PIECE);
    // Swap placeholders for charts. Every `<` in the sanitized text that
    // came from data is escaped, so a placeholder can only be ours.
    for (index, (chart, inline)) in charts.iter().enumerate() {
        let placeholder = format!("<{CHART_PLACEHOLDER_TAG}>{index}</{CHART_PLACEHOLDER_TAG}>");
        let figure = figure(index, chart, *inline)?;
        html = html.replacen(&placeholder, &figure, 1);
    }
    Ok(Body {
        html,
        headings,
        facts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(md: &str) -> String {
        render_body(md, "Title").unwrap().html
    }

    /// Sanitizing in pieces (as big reports are) gives the same page as
    /// sanitizing the whole body at once.
    #[test]
    fn pieces_sanitize_like_the_whole() {
        let md = include_str!("../../../tests/fixtures/pdf/sample-report.md");
        let rewritten = || {
            let events = TextMergeStream::new(Parser::new_ext(md, parser_options())).collect();
            Transformer::new(events).run("Title").unwrap()
        };
        let whole = rewritten();
        let pieces = rewritten();
        assert!(pieces.splits.len() > 20, "{} splits", pieces.splits.len());
        let whole = sanitize_in_pieces(whole.events, whole.splits, usize::MAX);
        let pieces = sanitize_in_pieces(pieces.events, pieces.splits, 1);
        assert!(whole.contains("<table") && whole.contains("chart-pair"));
        assert_eq!(pieces, whole);
    }

    #[test]
    fn badges_replace_marker_and_bold() {
        let html = body(
            "**Overall**: 🟡 **YELLOW** - fine\n\n- ✅ **Performance**: ok\n- ⚠️ **Tests**: flaky",
        );
        assert!(html.contains(
            r#"<strong>Overall</strong>: <span class="badge badge-warn"><span class="badge-icon" aria-hidden="true">!</span>YELLOW</span> - fine"#
        ), "{html}");
        assert!(html.contains(r#"<span class="badge badge-good"><span class="badge-icon" aria-hidden="true">✓</span>Performance</span>: ok"#));
        assert!(html.contains(
            "badge-warn\"><span class=\"badge-icon\" aria-hidden=\"true\">!</span>Tests</span>"
        ));
        assert!(!html.contains('🟡') && !html.contains('✅') && !html.contains('⚠'));
        // A marker not followed by bold text is left alone.
        assert!(body("🔴 HIGH").contains("🔴 HIGH"));
        assert!(body("a **b**").contains("<strong>b</strong>"));
    }

    #[test]
    fn headings_get_ids_and_title_is_not_repeated() {
        let b = render_body(
            "# Title\n\n## Summary\n\n### 🔴 **IMMEDIATE** (24 h)\n\n## Summary",
            "Title",
        )
        .unwrap();
        assert!(!b.html.contains("<h1"));
        assert!(b.html.contains(r#"<h2 id="summary">Summary</h2>"#));
        assert!(b.html.contains(r#"<h2 id="summary-1">"#));
        assert!(b.html.contains(r#"<h3 id="immediate-24-h">"#), "{}", b.html);
        assert_eq!(b.headings[1].text, "IMMEDIATE (24 h)");
        assert!(body("# Other\n").contains(r#"<h1 id="other">"#));
    }

    #[test]
    fn fact_lines_stay_on_their_own_lines() {
        // Under a heading: an opening paragraph of facts would go to the header.
        let html = body(
            "## Component\n\n**Status**: 🟢 **GREEN** - ready\n**Health**: good\nplain continuation",
        );
        assert!(
            html.contains("ready<br>\n<strong>Health</strong>: good\nplain"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_inert() {
        let html = body(
            "<div onclick=\"x()\">hi</div>\n\ntext <b onmouseover=y>b</b> <!-- c --> a<br>b\n",
        );
        assert!(
            html.contains(
                "<pre class=\"raw-html\"><code>&lt;div onclick=\"x()\"&gt;hi&lt;/div&gt;"
            ),
            "{html}"
        );
        assert!(
            html.contains("text &lt;b onmouseover=y&gt;b&lt;/b&gt;  a<br>b"),
            "{html}"
        );
    }

    #[test]
    fn only_a_lone_comment_is_dropped() {
        assert!(body("<!-- note -->\n").is_empty());
        let html = body("<!-- a --> <script>x</script> <!-- b -->\n");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"), "{html}");
    }

    #[test]
    fn unsafe_links_lose_their_href_and_images_are_not_loaded() {
        let html = body(
            "[x](javascript:alert(1)) [y](https://ok.example) ![alt](https://remote.example/p.png)",
        );
        assert!(
            html.contains("<p>x <a href=\"https://ok.example\" rel=\"noopener noreferrer\">y</a>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"image-omitted\">[image: alt]</span>"));
        assert!(!html.contains("<img") && !html.contains("remote.example"));
    }

    #[test]
    fn task_lists_use_glyphs_not_inputs() {
        let html = body("- [ ] open\n- [x] done\n");
        assert!(!html.contains("<input"));
        assert!(html.contains(r#"<li class="task"><span class="task-box task-open" aria-hidden="true"></span><span class="visually-hidden">To do: </span>open</li>"#), "{html}");
        assert!(html.contains("task-done"));
    }

    #[test]
    fn chart_and_its_table_are_kept_together() {
        let md = r#"<!-- readiness:risk-matrix {"impact":["LOW","HIGH"],"likelihood":["LOW","HIGH"],"levels":[{"label":"LOW","tone":"good"},{"label":"HIGH","tone":"bad"}],"cells":[[0,0],[0,1]],"risks":[{"key":"R1","title":"T \u003cscript\u003e","impact":1,"likelihood":1,"level":1,"priority":"NOW"}]} -->
| Key | Risk |
|-----|------|
| R1  | T    |
"#;
        let html = body(md);
        assert!(
            html.starts_with(
                "<div class=\"chart-pair\">\n<figure class=\"chart chart-risk-matrix\">"
            ),
            "{html}"
        );
        assert!(html.contains("</table>\n</div>\n</div>\n"), "{html}");
        assert!(html.contains("T &lt;script&gt;") && !html.contains("<script"));
        assert!(!html.contains(CHART_PLACEHOLDER_TAG));
    }

    #[test]
    fn malformed_chart_is_an_error() {
        let err = render_body("<!-- readiness:timeline {\"start\": 1} -->\n", "T").unwrap_err();
        assert!(matches!(err, HtmlError::Chart { index: 1, .. }), "{err}");
    }

    #[test]
    fn placeholder_text_from_data_is_not_replaced() {
        let html =
            body("`<readiness-chart>0</readiness-chart>` <readiness-chart>0</readiness-chart>");
        assert!(
            !html.contains("<svg") && !html.contains("<readiness-chart>"),
            "{html}"
        );
    }
}
