//! `http`: `requests` requests, `concurrency` at a time, through one
//! `ureq` agent (rustls; the built-in roots or `ca_file`). Each request is
//! bounded by the timeout, body included, and follows at most
//! `max_redirects` redirects.
//!
//! With one request, every condition is judged on its response. With
//! several, the per-request conditions (`[STATUS]`, `[BODY]`…) must hold
//! for every request, unless the probe has a `[SUCCESS_RATIO]` condition:
//! then they only decide which requests count as successful, and the
//! ratio decides.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use ureq::tls::{Certificate, RootCerts, TlsConfig, TlsProvider};

use super::condition::{AGGREGATE, Condition, Found, duration};
use super::model::HttpProbe;
use super::redact;
use super::runner::{Attempt, Check, Failure, Reason, check};

/// The most bytes of a body read.
const MAX_BODY: u64 = 1024 * 1024;

/// What one request saw.
#[derive(Debug, Clone)]
struct Seen {
    status: Option<u16>,
    elapsed: Duration,
    /// Headers the conditions ask for (lower-case names), masked.
    headers: BTreeMap<String, String>,
    body: Option<String>,
    failure: Option<Failure>,
    /// Each condition's outcome on this response (whether it holds, what
    /// was found), aligned with the probe's conditions. Filled in, and the
    /// body and headers dropped, as soon as the response is read: ten
    /// thousand requests do not keep ten thousand bodies.
    judged: Vec<(bool, String)>,
}

impl Seen {
    fn judged(mut self, conditions: &[Condition]) -> Seen {
        self.judged = conditions
            .iter()
            .map(|c| {
                if AGGREGATE.contains(&c.placeholder) {
                    return (true, String::new());
                }
                let f = found(c, &self);
                (c.holds(&f), f.to_string())
            })
            .collect();
        self.body = None;
        self.headers.clear();
        self
    }
}

/// Loads a PEM file of root certificates.
pub fn roots(ca_file: &str, base: &Path) -> Result<Vec<Certificate<'static>>, Failure> {
    let bytes = std::fs::read(base.join(ca_file))
        .map_err(|e| Failure::new(Reason::Io, format!("cannot read \"{ca_file}\": {e}")))?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&bytes) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => certs.push(c),
            Ok(_) => {}
            Err(e) => {
                return Err(Failure::new(Reason::Io, format!("\"{ca_file}\": {e}")));
            }
        }
    }
    if certs.is_empty() {
        return Err(Failure::new(
            Reason::Io,
            format!("\"{ca_file}\" holds no PEM certificate"),
        ));
    }
    Ok(certs)
}

/// One attempt: all its requests.
pub fn attempt(
    spec: &HttpProbe,
    conditions: &[Condition],
    timeout: Duration,
    base: &Path,
) -> Attempt {
    let mut tls = TlsConfig::builder().provider(TlsProvider::Rustls);
    if let Some(ca) = &spec.ca_file {
        match roots(ca, base) {
            Ok(certs) => tls = tls.root_certs(RootCerts::new_with_certs(&certs)),
            Err(f) => return Attempt::failed(f),
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(spec.max_redirects.unwrap_or(5))
        .http_status_as_error(false)
        .tls_config(tls.build())
        .user_agent(format!("readiness/{} probe", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let requests = spec.requests.unwrap_or(1).max(1);
    let concurrency = spec.concurrency.unwrap_or(1).clamp(1, requests);
    let wanted: Vec<String> = conditions
        .iter()
        .filter(|c| c.placeholder == "HEADER")
        .filter_map(|c| c.path.as_ref().map(|p| p.to_ascii_lowercase()))
        .collect();
    let wants_body = conditions.iter().any(|c| c.placeholder == "BODY");
    let next = AtomicU32::new(0);
    let seen: Mutex<Vec<Seen>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..concurrency {
            scope.spawn(|| {
                while next.fetch_add(1, Ordering::Relaxed) < requests {
                    let one = request(&agent, spec, &wanted, wants_body).judged(conditions);
                    seen.lock().unwrap_or_else(|p| p.into_inner()).push(one);
                }
            });
        }
    });
    let seen = seen.into_inner().unwrap_or_else(|p| p.into_inner());
    judge(spec, conditions, &seen, requests, concurrency)
}

/// One request and what it saw.
fn request(agent: &ureq::Agent, spec: &HttpProbe, wanted: &[String], wants_body: bool) -> Seen {
    let start = Instant::now();
    let method = spec.method.as_deref().unwrap_or("GET");
    let mut builder = ureq::http::Request::builder()
        .method(method)
        .uri(spec.url.as_str());
    for (name, value) in &spec.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let body = spec.body.clone().unwrap_or_default().into_bytes();
    let failed = |failure: Failure| Seen {
        status: None,
        elapsed: start.elapsed(),
        headers: BTreeMap::new(),
        body: None,
        failure: Some(failure),
        judged: Vec::new(),
    };
    let request = match builder.body(body) {
        Ok(r) => r,
        Err(e) => return failed(Failure::new(Reason::Io, format!("invalid request: {e}"))),
    };
    let mut response = match agent.run(request) {
        Ok(r) => r,
        Err(e) => return failed(failure(&e)),
    };
    let headers = wanted
        .iter()
        .filter_map(|name| {
            let value = response.headers().get(name.as_str())?;
            let text = String::from_utf8_lossy(value.as_bytes());
            Some((name.clone(), redact::header(name, &text)))
        })
        .collect();
    // The body is read to its end (bounded) even when no condition looks
    // at it: the response time includes it, and a trickling body times out.
    let mut bytes = Vec::new();
    let read = response
        .body_mut()
        .as_reader()
        .take(MAX_BODY)
        .read_to_end(&mut bytes);
    let failure = read.err().map(|e| {
        let timed_out = matches!(
            e.kind(),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
        ) || e.to_string().contains("timeout");
        if timed_out {
            Failure::new(Reason::Timeout, "reading the body: timed out".into())
        } else {
            Failure::new(Reason::Io, format!("reading the body: {e}"))
        }
    });
    Seen {
        status: Some(response.status().as_u16()),
        elapsed: start.elapsed(),
        headers,
        body: (wants_body && failure.is_none())
            .then(|| String::from_utf8_lossy(&bytes).into_owned()),
        failure,
        judged: Vec::new(),
    }
}

/// A `ureq` error as a failure with its reason word.
fn failure(e: &ureq::Error) -> Failure {
    use ureq::Error as E;
    let (reason, message) = match e {
        E::Timeout(_) => (Reason::Timeout, "timed out".to_owned()),
        E::HostNotFound => (Reason::Dns, "host not found".to_owned()),
        E::TooManyRedirects => (Reason::Redirect, "too many redirects".to_owned()),
        E::RedirectFailed => (
            Reason::Redirect,
            "a redirect could not be followed".to_owned(),
        ),
        E::Tls(m) => (Reason::Tls, (*m).to_owned()),
        E::Rustls(e) => (Reason::Tls, e.to_string()),
        E::Io(io) => return super::net::io_failure("request", io),
        E::ConnectionFailed => (Reason::Refused, "connection failed".to_owned()),
        other => (Reason::Io, other.to_string()),
    };
    Failure::new(reason, format!("request: {message}"))
}

/// What a per-request condition found in one response. A response
/// whose body could not be read measured nothing but the connection.
fn found(c: &Condition, s: &Seen) -> Found {
    if s.failure.is_some() && c.placeholder != "CONNECTED" {
        return Found::Missing;
    }
    match c.placeholder {
        "CONNECTED" => Found::Bool(s.status.is_some()),
        "STATUS" => s
            .status
            .map_or(Found::Missing, |st| Found::Number(f64::from(st))),
        "RESPONSE_TIME" if s.status.is_some() => Found::Duration(super::tcp::ms(s.elapsed)),
        "HEADER" => c
            .path
            .as_ref()
            .and_then(|p| s.headers.get(&p.to_ascii_lowercase()))
            .map_or(Found::Missing, |v| Found::Text(v.clone())),
        "BODY" => match (&s.body, &c.path) {
            (None, _) => Found::Missing,
            (Some(b), None) => Found::Text(redact::text(b)),
            (Some(b), Some(path)) => serde_json::from_str::<serde_json::Value>(b)
                .ok()
                .and_then(|v| super::condition::json_path(&v, path).cloned())
                .map_or(Found::Missing, Found::Json),
        },
        _ => Found::Missing,
    }
}

/// Judges all requests of an attempt.
fn judge(
    spec: &HttpProbe,
    conditions: &[Condition],
    seen: &[Seen],
    requests: u32,
    concurrency: u32,
) -> Attempt {
    let ratio_decides = conditions.iter().any(|c| c.placeholder == "SUCCESS_RATIO");
    let ok = |s: &Seen| s.failure.is_none() && s.judged.iter().all(|(holds, _)| *holds);
    let successes = seen.iter().filter(|s| ok(s)).count();
    let total = seen.len().max(1);
    let ratio = successes as f64 * 100.0 / total as f64;
    let mut times: Vec<f64> = seen
        .iter()
        .filter(|s| s.status.is_some())
        .map(|s| super::tcp::ms(s.elapsed))
        .collect();
    times.sort_by(f64::total_cmp);
    let mean = (!times.is_empty()).then(|| times.iter().sum::<f64>() / times.len() as f64);
    // Nearest rank.
    let p95 = (!times.is_empty()).then(|| {
        let rank = (times.len() * 95).div_ceil(100).max(1);
        times[rank - 1]
    });
    let outcome = |s: &Seen, i: usize| {
        s.judged
            .get(i)
            .cloned()
            .unwrap_or_else(|| (false, Found::Missing.to_string()))
    };
    let checks: Vec<Check> = conditions
        .iter()
        .enumerate()
        .map(|(i, c)| match c.placeholder {
            "SUCCESS_RATIO" => check(c, &Found::Percent(ratio)),
            "MEAN_RESPONSE_TIME" => check(c, &mean.map_or(Found::Missing, Found::Duration)),
            "P95_RESPONSE_TIME" => check(c, &p95.map_or(Found::Missing, Found::Duration)),
            _ if seen.len() == 1 => {
                let (holds, found) = outcome(&seen[0], i);
                Check {
                    text: c.text.clone(),
                    expected: c.expected_text(),
                    found,
                    passed: holds,
                    placeholder: c.placeholder,
                    informative: false,
                }
            }
            _ => {
                let met = seen.iter().filter(|s| outcome(s, i).0).count();
                let example = seen
                    .iter()
                    .map(|s| outcome(s, i))
                    .find(|(holds, _)| !holds)
                    .map(|(_, found)| format!(", first miss found {found}"))
                    .unwrap_or_default();
                Check {
                    text: c.text.clone(),
                    expected: format!("{} on every request", c.expected_text()),
                    found: format!("{met}/{} requests{example}", seen.len()),
                    passed: ratio_decides || met == seen.len(),
                    placeholder: c.placeholder,
                    informative: ratio_decides,
                }
            }
        })
        .collect();
    let method = spec.method.as_deref().unwrap_or("GET");
    let url = redact::url(&spec.url);
    let summary = if requests == 1 {
        let s = &seen[0];
        match s.status {
            Some(st) => format!(
                "{method} {url} answered {st} in {}",
                duration(super::tcp::ms(s.elapsed))
            ),
            None => format!("{method} {url}: no answer"),
        }
    } else {
        let timing = match (mean, p95) {
            (Some(m), Some(p)) => format!(" (mean {}, p95 {})", duration(m), duration(p)),
            _ => String::new(),
        };
        format!(
            "{method} {url} x{requests}, {concurrency} at a time: {successes}/{total} requests successful{timing}"
        )
    };
    Attempt {
        summary,
        failure: seen.iter().find_map(|s| s.failure.clone()),
        checks,
    }
}
