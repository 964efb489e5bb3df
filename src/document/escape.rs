//! Escaping plain text for Markdown, so data can never be read back as the
//! report's own markup.
//!
//! The Markdown templates autoescape with [`escape_markdown`]: every value
//! a template interpolates lands as literal text whatever it holds (table
//! pipes, emphasis, code, links, raw HTML, entities, a leading `#` or list
//! marker). Fields documented as Markdown (`detail`, `notes`,
//! `method_note`) opt out with `| safe`; they still cannot forge a badge, a
//! chart or a fact, which are directives (see [`super::directive`]), never
//! text.

/// Escapes `text` so CommonMark (with GFM tables, task lists and
/// strikethrough) shows it literally, on one line.
///
/// Every ASCII punctuation character that can start or end markup where it
/// stands gets a backslash (CommonMark allows one before any ASCII
/// punctuation, and GFM tables honour `\|`); the others stay as they are,
/// so `report.md` stays readable. Line breaks and tabs become spaces so a
/// value can neither end a table row nor start a block; a leading run of
/// spaces is dropped so it cannot make a code block.
pub fn escape_markdown(text: &str) -> String {
    escape_with(text, |chars, i| {
        let prev = i.checked_sub(1).map(|i| chars[i]);
        let next = chars.get(i + 1).copied();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        match chars[i] {
            '\\' | '`' | '*' | '[' | ']' | '<' | '|' | '~' => true,
            '#' if trailing_hashes(chars, i) => true,
            // Intraword underscores never make emphasis.
            '_' => !(word(prev) && word(next)),
            // Only an entity or character reference needs it.
            '&' => next.is_some_and(|n| n == '#' || n.is_ascii_alphanumeric()),
            // Only where they could open a block: a quote, a heading, a
            // list item, a setext underline, a thematic break.
            '>' | '#' | '-' | '+' | '=' => i == 0,
            _ => false,
        }
    })
}

/// Keeps `text` as inline Markdown (code spans, emphasis, links) that stays
/// on its line and, with `cell`, in its table cell: the `inline` filter of
/// the templates, for titles. Line breaks become spaces; outside code
/// spans, table pipes, `<` (raw HTML and autolinks), a trailing backslash
/// (a hard break), a trailing `#` run (a heading's closing sequence) and
/// the markers that could open a block at the start are escaped; a
/// backtick run that closes no code span is escaped, so it cannot swallow
/// what the template writes after the title. Inside code spans only a
/// table cell's pipes are escaped (GFM reads `\|` there as `|`).
pub fn inline_markdown(text: &str, cell: bool) -> String {
    // Which characters stand in a code span (one pass, not a search per
    // character).
    let mut in_span = vec![false; one_line(text).len()];
    for (a, b) in code_spans(text) {
        in_span[a..b].fill(true);
    }
    escape_with(text, |chars, i| {
        if chars[i] == '`' {
            return !in_span[i];
        }
        if in_span[i] {
            return cell && chars[i] == '|' && !preceded_by_backslash(chars, i);
        }
        let next = chars.get(i + 1).copied();
        match chars[i] {
            '|' | '<' => !preceded_by_backslash(chars, i),
            '\\' => i + 1 == chars.len() && !preceded_by_backslash(chars, i),
            '#' => i == 0 || trailing_hashes(chars, i),
            '>' | '-' | '+' | '=' => i == 0,
            '*' | '_' => i == 0 && next == Some(' '),
            '~' => i == 0 && next == Some('~'),
            _ => false,
        }
    })
}

/// Whether `chars[i..]` is a run of `#` to the end after a space: the
/// closing sequence a heading would drop.
fn trailing_hashes(chars: &[char], i: usize) -> bool {
    chars[i..].iter().all(|&c| c == '#') && (i == 0 || chars[i - 1] == ' ')
}

/// The code spans of the one-line form of `text` (as `escape_with` sees
/// it): character ranges from an opening backtick run to the end of the
/// closing run of the same length.
fn code_spans(text: &str) -> Vec<(usize, usize)> {
    let chars = one_line(text);
    // Runs of backticks not escaped: (start, length).
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' && !preceded_by_backslash(&chars, i) {
            let n = chars[i..].iter().take_while(|&&c| c == '`').count();
            runs.push((i, n));
            i += n;
        } else {
            i += 1;
        }
    }
    let mut spans = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        let (start, n) = runs[k];
        match runs[k + 1..].iter().position(|&(_, m)| m == n) {
            Some(j) => {
                let (end, _) = runs[k + 1 + j];
                spans.push((start, end + n));
                k += j + 2;
            }
            None => k += 1,
        }
    }
    spans
}

/// `text` as one code span, whatever it holds: a backtick fence longer
/// than any run inside, padded when the text starts or ends with a
/// backtick. The templates' `code` filter (for `source`).
pub fn code_span(text: &str) -> String {
    let text: String = strip_markers(text)
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// One line of `text` (line breaks and tabs as spaces, leading and
/// trailing spaces gone, marker characters replaced) with a backslash before each character `escape` picks, and a
/// leading ordered-list number defused.
fn escape_with(text: &str, escape: impl Fn(&[char], usize) -> bool) -> String {
    let chars = one_line(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, &c) in chars.iter().enumerate() {
        if escape(&chars, i) {
            out.push('\\');
        }
        out.push(c);
    }
    escape_ordered_list_start(&mut out);
    out
}

/// `text` on one line: line breaks and tabs as spaces, leading and
/// trailing spaces gone (a trailing space would end the template's
/// emphasis around the value: `**value **` is no emphasis), the markers'
/// characters replaced.
fn one_line(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = strip_markers(text)
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .skip_while(|&c| c == ' ')
        .collect();
    while chars.last() == Some(&' ') {
        chars.pop();
    }
    chars
}

/// Whether `chars[i]` is already escaped (an odd run of backslashes
/// before it).
fn preceded_by_backslash(chars: &[char], i: usize) -> bool {
    chars[..i].iter().rev().take_while(|&&c| c == '\\').count() % 2 == 1
}

/// Keeps a Markdown field (a finding's `detail`, the decision's `notes`…)
/// Markdown, but contained: it cannot reach past its own end or forge
/// the report's structure. A fence left open is closed; a line that would
/// open a raw HTML block (which runs to a blank line or a closing marker,
/// past the field) gets a backslash before its `<` (raw HTML is shown as
/// text anyway, so nothing changes to the eye); a heading (`#` or a
/// setext underline) stays text, so a detail cannot add a section to the
/// report or take a section's id. The templates' `markdown` filter.
pub fn contain_markdown(text: &str) -> String {
    let text = strip_markers(text);
    let mut out = String::with_capacity(text.len() + 16);
    // The open fence: its character and length.
    let mut fence: Option<(char, usize)> = None;
    // Whether the last line closed a fence.
    let mut closed = false;
    for line in text.split_inclusive('\n') {
        closed = false;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        let run = |c: char| body.chars().take_while(|&x| x == c).count();
        if indent <= 3 {
            let (ticks, tildes) = (run('`'), run('~'));
            let opener = if ticks >= 3 {
                Some(('`', ticks))
            } else if tildes >= 3 {
                Some(('~', tildes))
            } else {
                None
            };
            match (fence, opener) {
                (None, Some((c, n))) if c == '~' || !body[n..].contains('`') => {
                    fence = Some((c, n));
                }
                (Some((c, n)), Some((d, m))) if c == d && m >= n && body[m..].trim().is_empty() => {
                    fence = None;
                    closed = true;
                }
                _ => {}
            }
            if fence.is_none() && opener.is_none() {
                let trimmed = body.trim_end();
                let setext = !trimmed.is_empty()
                    && (trimmed.chars().all(|c| c == '=')
                        || (trimmed.chars().all(|c| c == '-') && trimmed.len() >= 2));
                if body.starts_with('<') || body.starts_with('#') || setext {
                    out.push_str(&line[..indent]);
                    out.push('\\');
                    out.push_str(body);
                    continue;
                }
            }
        }
        out.push_str(line);
    }
    if let Some((c, n)) = fence {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n(c, n));
        closed = true;
    }
    // What the template writes after the field must not stand on the
    // closing fence's line, where it would keep the fence open.
    if closed && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Private-use characters the directive markers are made of, replaced:
/// data can never hold a marker, even one of another render.
fn strip_markers(text: &str) -> std::borrow::Cow<'_, str> {
    let marker = |c: char| matches!(c, '\u{E000}' | '\u{E001}');
    if text.contains(marker) {
        text.replace(marker, "\u{fffd}").into()
    } else {
        text.into()
    }
}

/// A filter of the Markdown templates whose output is Markdown already
/// made safe (so autoescaping leaves it alone): `markdown`, `inline`,
/// `code`.
pub(crate) struct SafeFilter {
    name: &'static str,
    apply: fn(&str, &std::collections::HashMap<String, tera::Value>) -> String,
}

/// The escaping filters of the Markdown templates, by name.
pub(crate) const FILTERS: [SafeFilter; 3] = [
    SafeFilter {
        name: "markdown",
        apply: |text, _| contain_markdown(text),
    },
    SafeFilter {
        name: "inline",
        apply: |text, args| {
            let cell = args
                .get("cell")
                .and_then(tera::Value::as_bool)
                .unwrap_or(false);
            inline_markdown(text, cell)
        },
    },
    SafeFilter {
        name: "code",
        apply: |text, _| code_span(text),
    },
];

impl SafeFilter {
    /// The filter's name in templates.
    pub(crate) fn name(&self) -> &'static str {
        self.name
    }
}

impl tera::Filter for SafeFilter {
    fn filter(
        &self,
        value: &tera::Value,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let text = value.as_str().ok_or_else(|| {
            tera::Error::msg(format!("the `{}` filter expects a string", self.name))
        })?;
        Ok(tera::Value::String((self.apply)(text, args)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `text` with every control character but line feed and tab replaced by
/// U+FFFD, so no output carries a raw ESC, BEL or NUL from the input (a
/// terminal showing `report.md`, an HTML or a PDF text layer would act on
/// them or choke).
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !matches!(c, '\n' | '\t');
    if text.contains(bad) {
        text.chars()
            .map(|c| if bad(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// `1. text` or `1) text` at the start would open an ordered list.
fn escape_ordered_list_start(out: &mut String) {
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(out.as_bytes().get(digits), Some(b'.' | b')')) {
        out.insert(digits, '\\');
    }
}

#[cfg(test)]
mod tests {
    use super::escape_markdown;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape_markdown("SSL | TLS"), r"SSL \| TLS");
        assert_eq!(escape_markdown("*emphasis*"), r"\*emphasis\*");
        assert_eq!(escape_markdown("# not a heading"), r"\# not a heading");
        assert_eq!(escape_markdown("a # b"), "a # b");
        assert_eq!(escape_markdown("- item"), r"\- item");
        assert_eq!(escape_markdown("3. third"), r"3\. third");
        assert_eq!(escape_markdown("v3.0.0"), "v3.0.0");
        assert_eq!(
            escape_markdown("<!-- readiness:timeline -->"),
            r"\<!-- readiness:timeline -->"
        );
        assert_eq!(
            escape_markdown("[x](javascript:alert(1))"),
            r"\[x\](javascript:alert(1))"
        );
        assert_eq!(escape_markdown("&lt; `code` & co"), r"\&lt; \`code\` & co");
        assert_eq!(
            escape_markdown("extend_existing _x_ >80%"),
            r"extend_existing \_x\_ >80%"
        );
        assert_eq!(escape_markdown("> quote"), r"\> quote");
        assert_eq!(escape_markdown("line\nbreak"), "line break");
        assert_eq!(escape_markdown("    indented"), "indented");
    }

    #[test]
    fn markdown_fields_are_contained() {
        use super::contain_markdown;
        assert_eq!(contain_markdown("a\n```\ncode"), "a\n```\ncode\n```\n");
        assert_eq!(contain_markdown("x\n~~~"), "x\n~~~\n~~~\n");
        assert_eq!(contain_markdown("```\nok\n```"), "```\nok\n```\n");
        assert_eq!(contain_markdown("note\n<!-- open"), "note\n\\<!-- open");
        assert_eq!(
            contain_markdown("x\n## Final Deployment Decision"),
            "x\n\\## Final Deployment Decision"
        );
        assert_eq!(contain_markdown("x\n---"), "x\n\\---");
        assert_eq!(
            contain_markdown("- a\n- b\n\n**bold** `code` [l](https://x)"),
            "- a\n- b\n\n**bold** `code` [l](https://x)"
        );
        assert_eq!(
            contain_markdown("```\n# not a heading\n<b>\n```"),
            "```\n# not a heading\n<b>\n```\n"
        );
        assert_eq!(contain_markdown("a\u{E000}b"), "a\u{fffd}b");
    }

    #[test]
    fn control_characters_become_visible() {
        use super::visible;
        assert_eq!(
            visible("a\u{1b}[31mb\u{7}\0c\n\td"),
            "a\u{fffd}[31mb\u{fffd}\u{fffd}c\n\td"
        );
        assert!(matches!(visible("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn inline_markdown_keeps_code_and_emphasis_on_one_line_and_cell() {
        use super::{code_span, inline_markdown};
        let inline = |t| inline_markdown(t, false);
        assert_eq!(
            inline("Fix `extend_existing=True` *now*"),
            "Fix `extend_existing=True` *now*"
        );
        assert_eq!(inline("SSL | TLS"), r"SSL \| TLS");
        assert_eq!(inline(r"a \| b"), r"a \| b");
        assert_eq!(inline("# two\nlines <b>"), r"\# two lines \<b>");
        assert_eq!(inline(r"ends with \"), r"ends with \\");
        assert_eq!(inline("Frontend #"), r"Frontend \#");
        assert_eq!(inline("C# code"), "C# code");
        assert_eq!(inline("Run `grep a|b` if `x<y`"), "Run `grep a|b` if `x<y`");
        assert_eq!(inline_markdown("Run `grep a|b`", true), r"Run `grep a\|b`");
        assert_eq!(inline("WebGL `unclosed"), r"WebGL \`unclosed");
        assert_eq!(inline("* bullet"), r"\* bullet");
        assert_eq!(inline("*emphasis* first"), "*emphasis* first");
        assert_eq!(inline("trailing   "), "trailing");
        assert_eq!(code_span("probe:scan[tls]_x*y"), "`probe:scan[tls]_x*y`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    /// What pulldown-cmark makes of the escaped text is the text itself.
    #[test]
    fn escaped_text_parses_back_to_itself() {
        use pulldown_cmark::{Event, Options, Parser};
        let options =
            Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
        for text in [
            "SSL | TLS *a* _b_ `c` [d](e) <f> &amp; ~~g~~ \\ h! {i}",
            "# heading",
            "1) list",
            "+ plus",
            "--- rule",
            "=== setext",
            "> quote",
        ] {
            let escaped = escape_markdown(text);
            let back: String = Parser::new_ext(&escaped, options)
                .filter_map(|e| match e {
                    Event::Text(t) => Some(t.into_string()),
                    _ => None,
                })
                .collect();
            assert_eq!(back, text, "{escaped}");
        }
    }
}
