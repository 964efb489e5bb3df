//! Checking a probe file: its schema (through the loader's machinery, so
//! the diagnostics are those of every input), then what the schema cannot
//! say: one kind table a probe, conditions that parse and fit the kind,
//! timeouts, URLs, patterns, ids; every problem located, all together.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::condition::{self, ProbeKind};
use super::model::{Probe, ProbeFile};
use super::{CheckedFile, CheckedProbe, file, output_name, redact};
use crate::diag::{Diagnostic, Diagnostics, Kind, SourceFile};
use crate::load::{FieldPath, locate};

/// The timeout of an attempt when the file gives none.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest timeout accepted.
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);
/// The most retries accepted.
const MAX_RETRIES: u8 = 10;

/// The largest probe file read.
const MAX_FILE: u64 = 16 * 1024 * 1024;

/// Reads and checks a probe file: every problem, located.
pub fn check_file(path: &Path) -> Result<CheckedFile, Diagnostics> {
    let mut diags = Diagnostics::default();
    let unreadable =
        |reason: String| Diagnostics(vec![Diagnostic::in_file(path, Kind::Unreadable { reason })]);
    // `metadata` follows links without opening: a FIFO is never read.
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            return Err(unreadable("not a regular file".into()));
        }
        Ok(m) if m.len() > MAX_FILE => {
            return Err(unreadable(format!(
                "larger than {} MiB",
                MAX_FILE / 1024 / 1024
            )));
        }
        Ok(_) => {}
        Err(e) => return Err(unreadable(e.to_string())),
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(unreadable(format!(
                "not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let src = SourceFile {
        display: path.to_path_buf(),
        json: path.extension().is_some_and(|e| e == "json"),
        text,
    };
    let file: ProbeFile = match crate::load::parse_source(&src) {
        Ok(f) => f,
        Err(problems) => return Err(Diagnostics(problems)),
    };
    let at = |path: &FieldPath, message: String| {
        let span = locate(&src.text, src.json, path);
        src.diagnostic(span, Some(path.to_string()), Kind::Other { message })
    };
    let timeout_of = |text: Option<&str>, path: &FieldPath, diags: &mut Diagnostics| {
        let text = text?;
        match condition::parse_duration(text).map(|ms| Duration::from_millis(ms as u64)) {
            Some(d) if !d.is_zero() && d <= MAX_TIMEOUT => Some(d),
            _ => {
                diags.push(at(
                    path,
                    format!("invalid timeout `{text}`: expected a duration from `1ms` to `1h`, such as `500ms` or `10s`"),
                ));
                None
            }
        }
    };
    let root = FieldPath::default();
    let default_timeout = timeout_of(
        file.defaults.timeout.as_deref(),
        &root.key("defaults").key("timeout"),
        &mut diags,
    );
    if file.defaults.retries.is_some_and(|r| r > MAX_RETRIES) {
        diags.push(at(
            &root.key("defaults").key("retries"),
            format!("at most {MAX_RETRIES} retries"),
        ));
    }
    if let Some(c) = &file.defaults.component
        && !crate::validate::is_slug(c)
    {
        let path = root.key("defaults").key("component");
        let span = locate(&src.text, src.json, &path);
        diags.push(src.diagnostic(
            span,
            Some(path.to_string()),
            Kind::BadId {
                what: "component",
                id: c.clone(),
            },
        ));
    }
    let mut probes = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, probe) in file.probes.iter().enumerate() {
        let p = root.key("probe").index(i);
        if let Some(first) = seen.iter().position(|id| *id == probe.id) {
            let first = root.key("probe").index(first).key("id");
            diags.push(
                at(
                    &p.key("id"),
                    format!("probe id `{}` is given twice in this file", probe.id),
                )
                .with_label(crate::diag::Label {
                    file: src.display.clone(),
                    location: locate(&src.text, src.json, &first).map(|s| src.location(s)),
                    message: "first given here".into(),
                }),
            );
        }
        seen.push(&probe.id);
        // What `build` would refuse in the findings file is refused here.
        let id_kind = |what, id: &str| Kind::BadId {
            what,
            id: id.to_owned(),
        };
        if !crate::validate::is_slug(&probe.id) {
            let path = p.key("id");
            let span = locate(&src.text, src.json, &path);
            diags.push(src.diagnostic(span, Some(path.to_string()), id_kind("finding", &probe.id)));
        }
        if let Some(c) = &probe.component
            && !crate::validate::is_slug(c)
        {
            let path = p.key("component");
            let span = locate(&src.text, src.json, &path);
            diags.push(src.diagnostic(span, Some(path.to_string()), id_kind("component", c)));
        }
        let kinds: Vec<ProbeKind> = [
            (probe.tcp.is_some(), ProbeKind::Tcp),
            (probe.http.is_some(), ProbeKind::Http),
            (probe.tls.is_some(), ProbeKind::Tls),
            (probe.dns.is_some(), ProbeKind::Dns),
            (probe.command.is_some(), ProbeKind::Command),
            (probe.file.is_some(), ProbeKind::File),
        ]
        .into_iter()
        .filter_map(|(given, k)| given.then_some(k))
        .collect();
        let kind = match kinds.as_slice() {
            [one] => Some(*one),
            [] => {
                diags.push(at(
                    &p,
                    "a probe needs one kind table: `tcp`, `http`, `tls`, `dns`, `command` or `file`".into(),
                ));
                None
            }
            [_, second, ..] => {
                diags.push(at(
                    &p.key(second.name()),
                    format!(
                        "a probe has one kind table; this one has {}",
                        kinds
                            .iter()
                            .map(|k| format!("`{}`", k.name()))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                ));
                None
            }
        };
        let component = probe
            .component
            .clone()
            .or_else(|| file.defaults.component.clone());
        if component.is_none() {
            diags.push(at(
                &p,
                "missing field `component` (and no `defaults.component`)".into(),
            ));
        }
        let timeout = timeout_of(probe.timeout.as_deref(), &p.key("timeout"), &mut diags)
            .or(default_timeout)
            .unwrap_or(DEFAULT_TIMEOUT);
        let retries = probe.retries.or(file.defaults.retries).unwrap_or(0);
        if probe.retries.is_some_and(|r| r > MAX_RETRIES) {
            diags.push(at(
                &p.key("retries"),
                format!("at most {MAX_RETRIES} retries"),
            ));
        }
        let Some(kind) = kind else { continue };
        let mut conditions = Vec::new();
        for (j, text) in probe.conditions.iter().enumerate() {
            match condition::parse(text, kind) {
                Ok(c) => conditions.push(c),
                Err(e) => {
                    let path = p.key("conditions").index(j);
                    let field = Some(path.to_string());
                    // Point into the string when the file writes it
                    // plainly (quoted, no escapes before the end).
                    let span = locate(&src.text, src.json, &path).map(|s| {
                        let written = &src.text[s.clone()];
                        if written.len() >= text.len() + 2
                            && written.starts_with(['"', '\''])
                            && written[1..].starts_with(text.as_str())
                        {
                            let start = s.start + 1 + e.span.start;
                            start..start + e.span.len().max(1)
                        } else {
                            s
                        }
                    });
                    diags.push(src.diagnostic(span, field, Kind::Other { message: e.message }));
                }
            }
        }
        if probe.conditions.is_empty() {
            let mut implied: Vec<String> = condition::defaults(kind)
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
            if let Some(expect) = probe.tcp.as_ref().and_then(|t| t.expect.as_ref()) {
                implied.push(format!("[BODY] contains {}", quote(expect)));
            }
            for address in probe.dns.iter().flat_map(|d| &d.expect) {
                implied.push(format!("[ADDRESSES] contains {}", quote(address)));
            }
            if let Some(f) = &probe.file {
                if f.contains.is_some() {
                    implied.push("[CONTAINS] == true".into());
                }
                if f.lacks.is_some() {
                    implied.push("[LACKS] == true".into());
                }
            }
            for text in implied {
                conditions.push(condition::parse(&text, kind).expect("implied conditions parse"));
            }
        }
        kind_checks(probe, &p, &mut |path, message| {
            diags.push(at(&path, message))
        });
        if let Some(component) = component {
            probes.push(CheckedProbe {
                probe: probe.clone(),
                kind,
                component,
                timeout,
                retries,
                conditions,
            });
        }
    }
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    diags.into_result(CheckedFile {
        path: path.to_path_buf(),
        base,
        probes,
    })
}

/// A value written as a quoted condition operand.
fn quote(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

/// What the schema cannot say about a kind table.
fn kind_checks(probe: &Probe, p: &FieldPath, problem: &mut dyn FnMut(FieldPath, String)) {
    if let Some(h) = &probe.http {
        let at = p.key("http");
        match ureq::http::Uri::try_from(h.url.as_str()) {
            Ok(uri)
                if matches!(uri.scheme_str(), Some("http" | "https")) && uri.host().is_some() => {}
            _ => problem(
                at.key("url"),
                format!(
                    "invalid URL `{}`: expected an absolute `http://` or `https://` URL",
                    redact::url(&h.url)
                ),
            ),
        }
        if let Some(m) = &h.method
            && (m.is_empty() || !m.bytes().all(|b| b.is_ascii_uppercase()))
        {
            problem(
                at.key("method"),
                format!(
                    "invalid method `{m}`: expected an upper-case word such as `GET` or `POST`"
                ),
            );
        }
        for (name, value) in &h.headers {
            if ureq::http::HeaderName::try_from(name.as_str()).is_err()
                || ureq::http::HeaderValue::try_from(value.as_str()).is_err()
            {
                problem(
                    at.key("headers").key(name),
                    format!("invalid header `{name}`"),
                );
            }
        }
        let bounded = |value: Option<u32>,
                       key: &str,
                       min: u32,
                       max: u32,
                       problem: &mut dyn FnMut(FieldPath, String)| {
            if let Some(v) = value
                && !(min..=max).contains(&v)
            {
                problem(
                    at.key(key),
                    format!("{v} is out of range: expected {min} to {max}"),
                );
            }
        };
        bounded(h.requests, "requests", 1, 10_000, problem);
        bounded(h.concurrency, "concurrency", 1, 64, problem);
        bounded(h.max_redirects, "max_redirects", 0, 20, problem);
    }
    if let Some(c) = &probe.command {
        if c.argv.is_empty() || c.argv[0].is_empty() {
            problem(
                p.key("command").key("argv"),
                "`argv` needs at least the program".into(),
            );
        }
        if c.shell && c.argv.len() > 1 {
            problem(
                p.key("command").key("argv"),
                "with `shell = true`, `argv` is one command line: write it as one string".into(),
            );
        }
        if c.tail_lines.is_some_and(|n| n > 200) {
            problem(
                p.key("command").key("tail_lines"),
                "at most 200 lines".into(),
            );
        }
    }
    if let Some(f) = &probe.file {
        for (key, pattern) in [("contains", &f.contains), ("lacks", &f.lacks)] {
            if let Some(pattern) = pattern
                && let Err(e) = file::regex(pattern)
            {
                problem(p.key("file").key(key), format!("invalid pattern: {e}"));
            }
        }
    }
    if let Some(t) = &probe.tls
        && t.host.is_empty()
    {
        problem(p.key("tls").key("host"), "empty host".into());
    }
}

/// Checks every probe file, reporting the problems of all of them together;
/// two files whose findings would land in the same output file are refused.
pub fn check_files(paths: &[PathBuf]) -> Result<Vec<CheckedFile>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut files: Vec<CheckedFile> = Vec::new();
    for path in paths {
        match check_file(path) {
            Ok(f) => {
                if let Some(other) = files
                    .iter()
                    .find(|o| output_name(&o.path) == output_name(path))
                {
                    diags.push(Diagnostic::in_file(
                        path,
                        Kind::Other {
                            message: format!(
                                "its findings would be written to `{}`, like those of `{}`: rename one of the files",
                                output_name(path),
                                other.path.display()
                            ),
                        },
                    ));
                }
                files.push(f);
            }
            Err(d) => diags.0.extend(d.0),
        }
    }
    diags.into_result(files)
}
