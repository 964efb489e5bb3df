//! The typed document between the templates and the renderers.
//!
//! The Markdown templates write the report's prose; [`build`] parses it
//! once (pulldown-cmark) into a [`Document`] that the HTML writer and the
//! PDF layout both consume. Every convention is resolved here, once: the
//! title, subtitle and opening facts, badges and markers (typed
//! [`directive`]s, never recognised in text), charts (typed data from the
//! scored assessment, numbered as figures), heading ids (one deduplicating
//! slugger), the contents, raw HTML (shown as written, comments too) and
//! links (one policy: `http`, `https`, `mailto` and in-document
//! anchors; any other link keeps its text and loses its target).

pub mod chart;
pub mod directive;
pub mod escape;
mod links;
mod parse;
mod slug;
pub(crate) mod timeline_axis;
pub mod wording;

use crate::model::{Decision, DocumentStatus, Signer, Status, Timestamp, Tone};
use crate::score::ScoredAssessment;
pub use chart::Chart;
pub use directive::Annotated;
pub use links::Link;

/// The report, parsed and resolved: what every renderer draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Facts about the document (title block, metadata, running header).
    pub meta: Meta,
    /// The opening facts, for the HTML header and the PDF title block:
    /// those the template declares, else [`wording::default_facts`].
    pub facts: Vec<Fact>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Link targets, referenced by [`Style::link`].
    pub links: Vec<Link>,
    /// The contents: headings of levels 1 to 3 (1 and 2 only when a huge
    /// report would otherwise need pages of contents).
    pub contents: Vec<ContentsEntry>,
}

/// Facts about the document, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Document title (the template's title directive, else the
    /// assessment's).
    pub title: String,
    /// Subtitle, when the template places one.
    pub subtitle: Option<String>,
    /// The system assessed.
    pub system: String,
    /// The system version.
    pub version: String,
    /// When the assessment was made.
    pub date: Timestamp,
    /// Who assessed (PDF author).
    pub assessor: String,
    /// The overall status.
    pub status: Status,
    /// The deployment decision.
    pub decision: Decision,
    /// BCP 47 language tag of the document.
    pub language: &'static str,
    /// Keywords for document metadata.
    pub keywords: Vec<String>,
    /// Who to call.
    pub contact: String,
    /// The sign-off block.
    pub sign_off: SignOffBlock,
}

/// The sign-off block of the title page (PDF) and the header (HTML).
#[derive(Debug, Clone, PartialEq)]
pub struct SignOffBlock {
    /// Draft or final; `None` when the assessment declares no sign-off (no
    /// status is printed and no page is marked).
    pub status: Option<DocumentStatus>,
    /// The document's revision.
    pub revision: Option<String>,
    /// Prepared by, reviewed by, approved by, in that order.
    pub rows: Vec<SignatureRow>,
}

impl SignOffBlock {
    /// Whether every PDF page carries a DRAFT mark.
    pub fn is_draft(&self) -> bool {
        self.status == Some(DocumentStatus::Draft)
    }
}

/// One line of the sign-off block; a signer not given is a blank line to
/// sign by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureRow {
    /// "Prepared by", "Reviewed by", "Approved by".
    pub label: &'static str,
    /// Who signs, when known.
    pub signer: Option<Signer>,
}

/// One of the opening facts: a label and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The label, e.g. "Assessor".
    pub label: String,
    /// The value.
    pub value: FactValue,
}

/// The value of a fact.
#[derive(Debug, Clone, PartialEq)]
pub enum FactValue {
    /// Plain text.
    Text(String),
    /// A date, shown long ("September 30, 2025"); HTML marks it up as a
    /// `<time>`.
    Date(Timestamp),
}

impl FactValue {
    /// The value as a reader sees it.
    pub fn display(&self) -> String {
        match self {
            FactValue::Text(t) => t.clone(),
            FactValue::Date(d) => wording::long_date(*d),
        }
    }
}

/// Inline text style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Code.
    pub code: bool,
    /// Struck through.
    pub strike: bool,
    /// Index into [`Document::links`].
    pub link: Option<usize>,
}

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Styled text.
    Text(String, Style),
    /// A verdict badge: colour family and word.
    Badge(Tone, String),
    /// A coloured marker without a word.
    Marker(Tone),
    /// A forced line break.
    Break,
}

/// Column alignment of a table.
pub type Align = pulldown_cmark::Alignment;

/// One list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(done)` for task-list items.
    pub task: Option<bool>,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A chart placed in the document, with its figure number (from 1, in
/// document order, the same in every format).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// "Figure N".
    pub number: usize,
    /// What to draw.
    pub chart: Chart,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading with its unique id.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Anchor id, unique in the document.
        id: String,
        /// Its text.
        inlines: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A list; `start` for ordered lists.
    List {
        /// The first number of an ordered list.
        start: Option<u64>,
        /// Its items.
        items: Vec<ListItem>,
    },
    /// Preformatted text (code, or raw HTML shown as it was written).
    Code(String),
    /// A block quote.
    Quote(Vec<Block>),
    /// A thematic break.
    Rule,
    /// A table.
    Table {
        /// Column alignments.
        aligns: Vec<Align>,
        /// Header cells.
        head: Vec<Vec<Inline>>,
        /// Body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A chart.
    Figure(Box<Figure>),
}

/// A contents entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsEntry {
    /// Index among the document's headings, in order.
    pub heading: usize,
    /// Heading level.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// Concatenated plain text of inlines (contents, outline, tags, slugs).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t, _) => out.push_str(t),
            Inline::Badge(_, t) => out.push_str(t),
            Inline::Marker(_) => {}
            Inline::Break => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The document's facts from the scored assessment.
pub fn meta(a: &ScoredAssessment) -> Meta {
    let text = |s: &str| escape::visible(s).into_owned();
    Meta {
        title: text(&a.title),
        subtitle: None,
        system: text(&a.system),
        version: text(&a.version),
        date: a.date,
        assessor: text(&a.assessor),
        status: a.overall.status,
        decision: a.overall.decision,
        language: "en",
        keywords: vec![
            "production readiness".to_owned(),
            "assessment".to_owned(),
            text(&a.system),
            a.overall.status.word().to_owned(),
            a.overall.decision.word().to_owned(),
        ],
        contact: text(&a.contact),
        sign_off: sign_off(a),
    }
}

/// The sign-off block: the assessment's `[sign_off]`, the assessor as the
/// preparer when none is named, blank lines for the others.
fn sign_off(a: &ScoredAssessment) -> SignOffBlock {
    let given = a.sign_off.clone().unwrap_or_default();
    let visible = |s: Signer| Signer {
        name: escape::visible(&s.name).into_owned(),
        role: s.role.map(|r| escape::visible(&r).into_owned()),
        date: s.date,
    };
    let prepared = given.prepared_by.unwrap_or_else(|| Signer {
        name: a.assessor.clone(),
        role: None,
        date: Some(a.date),
    });
    SignOffBlock {
        status: a.sign_off.as_ref().map(|s| s.status),
        revision: given.revision.map(|r| escape::visible(&r).into_owned()),
        rows: vec![
            SignatureRow {
                label: wording::WORDING.prepared_by,
                signer: Some(visible(prepared)),
            },
            SignatureRow {
                label: wording::WORDING.reviewed_by,
                signer: given.reviewed_by.map(visible),
            },
            SignatureRow {
                label: wording::WORDING.approved_by,
                signer: given.approved_by.map(visible),
            },
        ],
    }
}

/// Parses the templates' annotated Markdown into the document, with charts
/// drawn from `a`.
pub fn build(a: &ScoredAssessment, annotated: &Annotated) -> Document {
    let parsed = parse::parse(annotated, |kind| match kind {
        directive::ChartKind::RiskMatrix => Chart::RiskMatrix(chart::risk_matrix_chart(a)),
        directive::ChartKind::Timeline => Chart::Timeline(chart::timeline_chart(a)),
    });
    assemble(meta(a), parsed)
}

impl Document {
    /// A document of Markdown written without the templates, so without
    /// directives (no badge, chart or fact can come of it): for tests,
    /// fuzzing and benchmarks of the renderers.
    pub fn from_markdown(meta: Meta, markdown: &str) -> Document {
        let parsed = parse::parse(&Annotated::from_markdown(markdown), |_| {
            unreachable!("Markdown without directives places no chart")
        });
        assemble(meta, parsed)
    }
}

fn assemble(mut meta: Meta, parsed: parse::Parsed) -> Document {
    if let Some(title) = parsed.title {
        meta.title = title;
    }
    meta.subtitle = parsed.subtitle;
    let facts = if parsed.facts.is_empty() {
        wording::default_facts(&meta)
    } else {
        parsed.facts
    };
    Document {
        meta,
        facts,
        blocks: parsed.blocks,
        links: parsed.links,
        contents: parsed.contents,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The example's scored assessment.
    pub(crate) fn example_assessment() -> ScoredAssessment {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/013a-analytics");
        crate::assess(&dir).expect("the example is valid")
    }

    /// The example's document, as the pipeline builds it.
    pub(crate) fn example() -> Document {
        let a = example_assessment();
        let templates = crate::render::templates::load_templates(None).unwrap();
        let prose = crate::render::markdown::render_markdown(&a, &templates).unwrap();
        build(&a, &prose)
    }

    /// A document of plain Markdown, with the example's facts.
    pub(crate) fn from_markdown(markdown: &str) -> Document {
        Document::from_markdown(meta(&example_assessment()), markdown)
    }
}

#[cfg(test)]
mod chart_limits {
    use super::tests::example_assessment;
    use super::*;

    /// A plan longer than a timeline can draw: both formats draw the same
    /// first 500 bars and say so in the caption; nothing fails.
    #[test]
    fn a_501_action_plan_is_drawn_in_part_and_says_so() {
        let mut a = example_assessment();
        let first = a.plan[0].clone();
        a.plan = (0..501)
            .map(|i| {
                let mut x = first.clone();
                x.key = Some(format!("A{}", i + 1));
                x
            })
            .collect();
        let templates = crate::render::templates::load_templates(None).unwrap();
        let prose = crate::render::markdown::render_markdown(&a, &templates).unwrap();
        let doc = build(&a, &prose);
        let timeline = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Figure(f) => match &f.chart {
                    Chart::Timeline(c) => Some(c),
                    Chart::RiskMatrix(_) => None,
                },
                _ => None,
            })
            .expect("a timeline");
        assert_eq!((timeline.actions.len(), timeline.omitted), (500, 1));
        let caption = Chart::Timeline(timeline.clone()).caption();
        assert!(
            caption.ends_with(
                "Only the first 500 of 501 actions are drawn; the table lists them all."
            )
        );
        let html = crate::render::html::render_html(&doc, &templates.html).unwrap();
        assert!(
            String::from_utf8(html)
                .unwrap()
                .contains("the first 500 of 501 actions")
        );
        crate::render::pdf::paginate(&doc, &Default::default()).unwrap();
    }
}
