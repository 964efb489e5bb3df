//! Checks of the templates before Tera parses them: what would crash the
//! process is a problem naming the template, line and column.
//!
//! Tera's parser and renderer recurse without a limit: 2,000 nested
//! `{% if %}` or a few thousand nested parentheses overflow the stack while
//! parsing, and a macro that calls itself (directly or through others) or a
//! template that includes itself never ends rendering. The stack overflow
//! aborts the process, which no error handling can catch, so these shapes
//! are refused up front: nesting is limited to [`MAX_NESTING`], and the
//! macro calls and includes of all templates must form no cycle.

use std::collections::{BTreeMap, BTreeSet};

/// The deepest nesting of blocks (`if`, `for`, `macro`…) and of brackets
/// inside one tag that a template may use.
pub const MAX_NESTING: usize = 48;

/// A problem in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateProblem {
    /// The template's name (relative to the templates folder).
    pub template: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// A tag of a template: `{% … %}` or `{{ … }}`, its inner text and where
/// it starts.
struct Tag<'a> {
    statement: bool,
    inner: &'a str,
    at: usize,
    /// Where `inner` starts.
    inner_at: usize,
}

/// The tags of a template, comments and `raw` blocks skipped.
fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|i| i + rest) {
        let kind = text[open + 1..].chars().next();
        let close = match kind {
            Some('%') => "%}",
            Some('{') => "}}",
            Some('#') => "#}",
            _ => {
                rest = open + 1;
                continue;
            }
        };
        let Some(end) = text[open + 2..].find(close).map(|i| i + open + 2) else {
            break; // Unclosed: Tera stops there with a parse error.
        };
        let inner = text[open + 2..end].trim_matches(['-', '+']).trim();
        rest = end + 2;
        if kind == Some('#') {
            continue;
        }
        let statement = kind == Some('%');
        if statement && inner.split_whitespace().next() == Some("raw") {
            // Inside raw, only `{% endraw %}` ends it: nothing else there
            // is a tag, however it looks.
            let Some(stop) = text[rest..].find("endraw").map(|i| i + rest) else {
                break;
            };
            match text[stop..].find("%}") {
                Some(i) => rest = stop + i + 2,
                None => break,
            }
            continue;
        }
        out.push(Tag {
            statement,
            inner,
            at: open,
            inner_at: inner.as_ptr() as usize - text.as_ptr() as usize,
        });
    }
    out
}

/// The longest tag a template may hold: Tera's expression parser recurses
/// on every operator (`1+1+…` of some ten thousand terms overflows it).
pub const MAX_TAG: usize = 2000;

const OPENERS: [&str; 5] = ["if", "for", "macro", "block", "filter"];

/// 1-based line and column of a byte offset.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The string literal after `keyword` in a tag, e.g. the name in
/// `include "x.md.tera"`.
fn quoted_after<'a>(inner: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = inner.strip_prefix(keyword)?.trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = &rest[1..];
    Some(&body[..body.find(quote)?])
}

/// A macro: its template and its name.
type MacroId = (String, String);

/// A macro call: the alias it is called through (`self` or an import's),
/// the macro's name, and where the call is.
type Call = (String, String, usize);

/// Checks every template together (`(name, text)` pairs): nesting, macro
/// recursion, include cycles. An empty list means Tera may parse them.
pub fn check(templates: &[(&str, &str)]) -> Vec<TemplateProblem> {
    let mut problems = Vec::new();
    // (template, macro) → calls (alias, macro, offset); template → includes.
    let mut macros: BTreeMap<MacroId, Vec<Call>> = BTreeMap::new();
    let mut imports: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut includes: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for &(name, text) in templates {
        let problem = |at: usize, message: String| {
            let (line, column) = line_column(text, at);
            TemplateProblem {
                template: name.to_owned(),
                line,
                column,
                message,
            }
        };
        let mut depth = 0usize;
        let mut current_macro: Option<String> = None;
        for tag in tags(text) {
            if tag.inner.len() > MAX_TAG {
                problems.push(problem(
                    tag.at,
                    format!(
                        "a tag of {} characters; at most {MAX_TAG} are allowed",
                        tag.inner.len()
                    ),
                ));
                return problems;
            }
            let brackets = bracket_depth(tag.inner);
            if brackets > MAX_NESTING {
                problems.push(problem(
                    tag.at,
                    format!("brackets nested {brackets} deep; at most {MAX_NESTING} are allowed"),
                ));
                return problems;
            }
            if tag.statement {
                let word = tag.inner.split_whitespace().next().unwrap_or("");
                if OPENERS.contains(&word) {
                    depth += 1;
                    if depth > MAX_NESTING {
                        problems.push(problem(
                            tag.at,
                            format!("blocks nested deeper than {MAX_NESTING}"),
                        ));
                        return problems;
                    }
                } else if word.starts_with("end") {
                    depth = depth.saturating_sub(1);
                }
                if word == "macro" {
                    let rest = tag.inner["macro".len()..].trim_start();
                    let macro_name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    macros
                        .entry((name.to_owned(), macro_name.clone()))
                        .or_default();
                    current_macro = Some(macro_name);
                } else if word == "endmacro" {
                    current_macro = None;
                } else if word == "import"
                    && let Some(file) = quoted_after(tag.inner, "import")
                    && let Some((_, alias)) = tag.inner.rsplit_once(" as ")
                {
                    imports.insert((name.to_owned(), alias.trim().to_owned()), file.to_owned());
                } else if let Some(file) = quoted_after(tag.inner, "include")
                    .or_else(|| quoted_after(tag.inner, "extends"))
                {
                    includes
                        .entry(name.to_owned())
                        .or_default()
                        .push((file.to_owned(), tag.at));
                }
                if word == "import"
                    && let Some(file) = quoted_after(tag.inner, "import")
                {
                    includes
                        .entry(name.to_owned())
                        .or_default()
                        .push((file.to_owned(), tag.at));
                }
            }
            if let Some(m) = &current_macro {
                for (alias, callee, at) in macro_calls(tag.inner) {
                    macros
                        .entry((name.to_owned(), m.clone()))
                        .or_default()
                        .push((alias, callee, tag.inner_at + at));
                }
            }
        }
    }
    // A problem at byte `at` of the template named `template`.
    let located = |template: String, at: usize, message: String| {
        let text = templates
            .iter()
            .find(|(n, _)| *n == template)
            .map_or("", |(_, t)| *t);
        let (line, column) = line_column(text, at);
        TemplateProblem {
            template,
            line,
            column,
            message,
        }
    };
    // Macro calls resolved to (template, macro).
    let graph: BTreeMap<MacroId, Vec<(MacroId, usize)>> = macros
        .iter()
        .map(|((template, m), calls)| {
            let edges = calls
                .iter()
                .filter_map(|(alias, callee, at)| {
                    let target = if alias == "self" {
                        template.clone()
                    } else {
                        imports.get(&(template.clone(), alias.clone()))?.clone()
                    };
                    Some(((target, callee.clone()), *at))
                })
                .collect();
            ((template.clone(), m.clone()), edges)
        })
        .collect();
    if let Some(((template, m), at)) = find_cycle(&graph) {
        problems.push(located(
            template,
            at,
            format!(
                "macro `{m}` calls itself (directly or through other macros); recursion is not allowed"
            ),
        ));
    }
    if problems.is_empty()
        && let Some(((template, m), at)) = too_deep(&graph, MAX_NESTING)
    {
        problems.push(located(
            template,
            at,
            format!("macro `{m}` starts a chain of calls more than {MAX_NESTING} macros deep"),
        ));
    }
    let include_graph: BTreeMap<String, Vec<(String, usize)>> = includes;
    if let Some((template, at)) = find_cycle(&include_graph) {
        problems.push(located(
            template,
            at,
            "this template includes, extends or imports itself (directly or through others)"
                .to_owned(),
        ));
    }
    problems
}

/// The deepest nesting of `(`, `[` and `{` in a tag (outside strings).
fn bracket_depth(inner: &str) -> usize {
    let (mut depth, mut max, mut quote) = (0usize, 0usize, None);
    for c in inner.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => {
                depth += 1;
                max = max.max(depth);
            }
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// `alias::name(` calls in a tag: (alias, name, offset of the alias).
fn macro_calls(inner: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = inner[from..].find("::").map(|i| i + from) {
        let alias_start = inner[..i]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |j| j + 1);
        let rest = &inner[i + 2..];
        let name_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if alias_start < i && name_len > 0 && rest[name_len..].trim_start().starts_with('(') {
            out.push((
                inner[alias_start..i].to_owned(),
                rest[..name_len].to_owned(),
                alias_start,
            ));
        }
        from = i + 2;
    }
    out
}

/// A node on a cycle of `graph` and the offset of the edge that closes it.
fn find_cycle<N: Ord + Clone>(graph: &BTreeMap<N, Vec<(N, usize)>>) -> Option<(N, usize)> {
    // Iterative depth-first search: white (absent), grey (on the path),
    // black (done).
    let mut state: BTreeMap<&N, bool> = BTreeMap::new();
    for start in graph.keys() {
        if state.contains_key(start) {
            continue;
        }
        let mut stack: Vec<(&N, usize)> = vec![(start, 0)];
        state.insert(start, false);
        while let Some((node, next)) = stack.pop() {
            let edges = graph.get(node).map_or(&[][..], Vec::as_slice);
            if let Some((target, at)) = edges.get(next) {
                stack.push((node, next + 1));
                match state.get(target) {
                    Some(false) => return Some((node.clone(), *at)),
                    Some(true) => {}
                    None => {
                        if let Some((key, _)) = graph.get_key_value(target) {
                            state.insert(key, false);
                            stack.push((key, 0));
                        }
                    }
                }
            } else {
                state.insert(node, true);
            }
        }
    }
    None
}

/// In a graph without cycles, a node from which a path of more than
/// `limit` edges starts, and the offset of its first edge on that path.
fn too_deep<N: Ord + Clone>(
    graph: &BTreeMap<N, Vec<(N, usize)>>,
    limit: usize,
) -> Option<(N, usize)> {
    // Depth of the longest path from each node, computed after its
    // successors (iterative post-order: no recursion on a deep chain).
    let mut depth: BTreeMap<&N, usize> = BTreeMap::new();
    for start in graph.keys() {
        let mut stack: Vec<(&N, bool)> = vec![(start, false)];
        while let Some((node, expanded)) = stack.pop() {
            if depth.contains_key(node) {
                continue;
            }
            let edges = graph.get(node).map_or(&[][..], Vec::as_slice);
            if expanded {
                let d = edges
                    .iter()
                    .map(|(t, _)| depth.get(t).map_or(1, |d| d + 1))
                    .max()
                    .unwrap_or(0);
                depth.insert(node, d);
                if d > limit {
                    return Some((node.clone(), edges.first().map_or(0, |e| e.1)));
                }
            } else {
                stack.push((node, true));
                for (target, _) in edges {
                    if let Some((key, _)) = graph.get_key_value(target)
                        && !depth.contains_key(key)
                    {
                        stack.push((key, false));
                    }
                }
            }
        }
    }
    None
}

/// Problems of `--templates DIR` itself: it must be a folder, and every
/// file in it must have the name of a built-in template.
pub fn check_folder(dir: &std::path::Path, builtin: &[&str]) -> Vec<String> {
    if !dir.exists() {
        return vec![format!(
            "templates folder `{}` does not exist",
            dir.display()
        )];
    }
    if !dir.is_dir() {
        return vec![format!("`{}` is not a folder of templates", dir.display())];
    }
    let mut problems = Vec::new();
    let files: BTreeSet<String> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .max_depth(4)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    for file in files {
        if builtin.contains(&file.as_str()) {
            continue;
        }
        let nearest = builtin
            .iter()
            .map(|b| (strsim::levenshtein(b, &file), *b))
            .min()
            .filter(|(d, _)| *d <= file.len().max(4) / 2 + 2)
            .map(|(_, b)| format!(" (did you mean `{b}`?)"))
            .unwrap_or_default();
        problems.push(format!(
            "`{}` in the templates folder is not the name of a template{nearest}; expected one of {}",
            file,
            builtin.join(", ")
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Vec<TemplateProblem> {
        check(&[("report.md.tera", text)])
    }

    #[test]
    fn built_in_templates_pass() {
        let all: Vec<(&str, &str)> = crate::render::templates::BUILTIN.to_vec();
        assert_eq!(check(&all), []);
    }

    #[test]
    fn deep_nesting_is_refused_where_it_goes_too_deep() {
        let text = "{% if a %}\n".repeat(2000);
        let p = one(&text);
        assert_eq!((p[0].line, p[0].column), (MAX_NESTING + 1, 1));
        assert!(p[0].message.contains("nested deeper"), "{p:?}");
        let parens = format!("{{{{ {}1{} }}}}", "(".repeat(100), ")".repeat(100));
        assert!(one(&parens)[0].message.contains("brackets nested 100 deep"));
        let fine = format!(
            "{}x{}",
            "{% if a %}".repeat(MAX_NESTING),
            "{% endif %}".repeat(MAX_NESTING)
        );
        assert_eq!(one(&fine), []);
        assert_eq!(
            one("{% raw %}{% if %}{% if %}{% endraw %}{# {% if %} #}"),
            []
        );
    }

    #[test]
    fn recursion_and_include_cycles_are_refused() {
        let p = one("{% macro r(n) %}\n{{ self::r(n=n) }}{% endmacro r %}{{ self::r(n=1) }}");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].line, p[0].column), (2, 4));
        assert!(p[0].message.contains("macro `r` calls itself"));
        // Through another template's macro.
        let p = check(&[
            (
                "a.md.tera",
                "{% import \"b.md.tera\" as b %}{% macro x() %}{{ b::y() }}{% endmacro x %}",
            ),
            (
                "b.md.tera",
                "{% import \"a.md.tera\" as a %}{% macro y() %}{{ a::x() }}{% endmacro y %}",
            ),
        ]);
        assert!(
            p.iter().any(|p| p.message.contains("calls itself")),
            "{p:?}"
        );
        let p = one("x\n{% include \"report.md.tera\" %}");
        assert_eq!((p[0].line, p[0].column), (2, 1));
        assert!(p[0].message.contains("includes"));
        assert_eq!(
            one("{% macro a() %}{% endmacro a %}{{ self::a() }}{{ self::a() }}"),
            []
        );
    }

    #[test]
    fn raw_blocks_long_tags_and_deep_macro_chains() {
        let hidden = "{% raw %}{{ {% endraw %}".to_owned() + &"{% if a %}".repeat(3000);
        assert!(
            one(&hidden)[0].message.contains("nested deeper"),
            "raw does not hide what follows it"
        );
        let sum = format!("{{{{ {} }}}}", vec!["1"; 12_000].join("+"));
        assert!(one(&sum)[0].message.contains("a tag of 23999 characters"));
        let chain: String = (0..200)
            .map(|i| {
                format!(
                    "{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{% endmacro m{i} %}}",
                    i + 1
                )
            })
            .collect::<String>()
            + "{% macro m200() %}end{% endmacro m200 %}";
        let p = one(&chain);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("more than 48 macros deep"), "{p:?}");
    }

    #[test]
    fn a_folder_with_unknown_names_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let builtin = ["report.md.tera", "md/component.md.tera"];
        std::fs::write(tmp.path().join("report.md.tmpl"), "x").unwrap();
        std::fs::write(tmp.path().join("component.md.tera"), "x").unwrap();
        let p = check_folder(tmp.path(), &builtin);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(
            p[0].contains("`component.md.tera`")
                && p[0].contains("did you mean `md/component.md.tera`?"),
            "{p:?}"
        );
        assert!(p[1].contains("did you mean `report.md.tera`?"), "{p:?}");
        assert!(check_folder(&tmp.path().join("nope"), &builtin)[0].contains("does not exist"));
        let file = tmp.path().join("report.md.tmpl");
        assert!(check_folder(&file, &builtin)[0].contains("is not a folder"));
    }
}
