//! The report's opening facts: a first paragraph of `**Label**: value`
//! lines (the reference's date, assessor, version and scope) leaves the
//! body for the page header, as it leaves the PDF's body for its title
//! block.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::sanitize::{CHART_PLACEHOLDER_TAG, Sanitizer};

/// A `**Label**: value` line of the report's opening paragraph: the page
/// header shows it in place of the metadata's facts (the PDF's title block
/// does the same), and the body does not repeat it.
#[derive(Debug, PartialEq, serde::Serialize)]
pub(crate) struct Fact {
    /// Plain text.
    pub(crate) label: String,
    /// Sanitized HTML, like the body.
    pub(crate) value: String,
}

/// Takes the body's first block out when it is a paragraph of two or more
/// `**Label**: value` (or `**Label:** value`) lines, with the rule that
/// closes it, and returns its facts; otherwise leaves the body alone and
/// returns none. `splits` are kept in step with `events`.
pub(super) fn take_opening_facts(
    events: &mut Vec<Event<'_>>,
    splits: &mut Vec<usize>,
) -> Vec<Fact> {
    let Some(&end) = splits.first() else {
        return Vec::new();
    };
    let [
        Event::Start(Tag::Paragraph),
        inner @ ..,
        Event::End(TagEnd::Paragraph),
    ] = &events[..end]
    else {
        return Vec::new();
    };
    let lines: Vec<&[Event<'_>]> = inner
        .split(|e| matches!(e, Event::HardBreak))
        .filter(|line| !line.is_empty())
        .collect();
    if lines.len() < 2 {
        return Vec::new();
    }
    let sanitizer = Sanitizer::new();
    let mut facts = Vec::with_capacity(lines.len());
    for line in lines {
        let Some((label, value)) = fact_parts(line) else {
            return Vec::new();
        };
        let mut raw = String::new();
        pulldown_cmark::html::push_html(&mut raw, value.into_iter());
        facts.push(Fact {
            label,
            value: sanitizer.clean(&raw).trim().to_owned(),
        });
    }
    let cut = if events.get(end) == Some(&Event::Rule) {
        end + 1
    } else {
        end
    };
    events.drain(..cut);
    splits.retain(|&at| at > cut);
    splits.iter_mut().for_each(|at| *at -= cut);
    facts
}

/// The label and the value's events of one fact line, if it is one.
fn fact_parts<'a>(line: &[Event<'a>]) -> Option<(String, Vec<Event<'a>>)> {
    let [
        Event::Start(Tag::Strong),
        Event::Text(bold),
        Event::End(TagEnd::Strong),
        rest @ ..,
    ] = line
    else {
        return None;
    };
    let after = match rest.first() {
        Some(Event::Text(t)) => Some(t.as_ref()),
        _ => None,
    };
    let (label, after) = crate::render::fact_label(bold, after)?;
    let mut value = rest.to_vec();
    if let (Some(after), Some(first @ Event::Text(_))) = (after, value.first_mut()) {
        *first = Event::Text(after.to_owned().into());
    }
    // A chart drawn inline stays in the body, where its placeholder is
    // swapped for the figure.
    if value
        .iter()
        .any(|e| matches!(e, Event::Html(h) if h.contains(CHART_PLACEHOLDER_TAG)))
    {
        return None;
    }
    let has_value = value.iter().any(|e| match e {
        Event::Text(t) | Event::Code(t) => !t.trim().is_empty(),
        Event::Html(_) | Event::InlineHtml(_) => true,
        _ => false,
    });
    (!label.is_empty() && has_value).then(|| (label.to_owned(), value))
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Parser, TextMergeStream};

    use super::*;
    use crate::render::html::markdown::{
        Transformer, parser_options, render_body, sanitize_in_pieces,
    };

    fn facts_and_body(md: &str) -> (Vec<Fact>, String) {
        let b = render_body(md, "Title").unwrap();
        (b.facts, b.html)
    }

    #[test]
    fn opening_facts_leave_the_body() {
        let (facts, html) = facts_and_body(
            "# Title\n\n**Assessor**: A *careful* person\\\n**Status:** 🟢 **GREEN**\n\n---\n\n## Next\n\ntext\n",
        );
        assert_eq!(
            facts,
            [
                Fact {
                    label: "Assessor".into(),
                    value: "A <em>careful</em> person".into()
                },
                Fact {
                    label: "Status".into(),
                    value: r#"<span class="badge badge-good"><span class="badge-icon" aria-hidden="true">✓</span>GREEN</span>"#.into()
                },
            ]
        );
        assert!(html.starts_with("<h2 id=\"next\">Next</h2>"), "{html}");
    }

    #[test]
    fn other_openings_stay_in_the_body() {
        for md in [
            "**Note**: one line reads as a sentence.\n",
            "**Assessor**: Someone\\\nplain line: no label\n",
            "**Assessor**: Someone\\\n**Scope**:\n",
            "*Assessor*: Someone\\\n*Scope*: All\n",
            "- **Assessor**: Someone\n- **Scope**: All\n",
            "## Heading first\n\n**Assessor**: Someone\\\n**Scope**: All\n",
        ] {
            let (facts, html) = facts_and_body(md);
            assert!(facts.is_empty(), "{md:?}");
            assert!(
                html.contains("Someone") || html.contains("one line"),
                "{md:?}: {html}"
            );
        }
    }

    /// A comment before the opening lines (dropped from the page) does not
    /// hide them.
    #[test]
    fn a_leading_comment_does_not_hide_the_facts() {
        let (facts, _) = facts_and_body("<!-- generated -->\n\n**A**: 1\\\n**B**: 2\n");
        assert_eq!(facts.len(), 2);
    }

    /// A chart drawn inline in the opening lines stays in the body, where
    /// its placeholder becomes the figure.
    #[test]
    fn an_inline_chart_keeps_the_opening_in_the_body() {
        let chart = serde_json::to_string(&crate::render::timeline_axis::tests::chart()).unwrap();
        let md =
            format!("**Assessor**: Someone\\\n**Plan**: <!-- readiness:timeline {chart} -->\n");
        let (facts, html) = facts_and_body(&md);
        assert!(facts.is_empty());
        assert!(html.contains("<svg") && html.contains("Someone"), "{html}");
    }

    /// Taking the facts out keeps the cut points in step: pieces still
    /// sanitize like the whole.
    #[test]
    fn pieces_sanitize_like_the_whole_after_the_facts_go() {
        let md = format!(
            "# Title\n\n**A**: 1\\\n**B**: 2\n\n---\n\n{}",
            include_str!("../../../tests/fixtures/pdf/sample-report.md")
        );
        let rewritten = || {
            let events = TextMergeStream::new(Parser::new_ext(&md, parser_options())).collect();
            let mut r = Transformer::new(events).run("Title").unwrap();
            assert_eq!(take_opening_facts(&mut r.events, &mut r.splits).len(), 2);
            r
        };
        let (whole, pieces) = (rewritten(), rewritten());
        let whole = sanitize_in_pieces(whole.events, whole.splits, usize::MAX);
        let pieces = sanitize_in_pieces(pieces.events, pieces.splits, 1);
        assert!(
            whole.starts_with("<h1"),
            "the closing rule goes with the facts"
        );
        assert_eq!(pieces, whole);
    }
}
