//! `tcp`: connect to `host:port`; optionally send text and read the answer.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use super::condition::{Condition, Found};
use super::model::TcpProbe;
use super::net;
use super::runner::{Attempt, check};

/// The most bytes of an answer read.
const MAX_ANSWER: usize = 64 * 1024;

/// One attempt.
pub fn attempt(spec: &TcpProbe, conditions: &[Condition], timeout: Duration) -> Attempt {
    let start = Instant::now();
    let deadline = start + timeout;
    let target = format!("{}:{}", spec.host, spec.port);
    let mut failure = None;
    let mut answer: Option<String> = None;
    let (connected, elapsed) = match net::connect(&spec.host, spec.port, deadline) {
        Ok(mut stream) => {
            let elapsed = start.elapsed();
            if spec.send.is_some() || spec.expect.is_some() {
                match exchange(&mut stream, spec, deadline) {
                    Ok(text) => answer = Some(text),
                    Err(f) => failure = Some(f),
                }
            }
            (true, Some(elapsed))
        }
        Err(f) => {
            failure = Some(f);
            (false, None)
        }
    };
    let checks = conditions
        .iter()
        .map(|c| {
            let found = match c.placeholder {
                "CONNECTED" => Found::Bool(connected),
                "RESPONSE_TIME" => elapsed.map_or(Found::Missing, |e| Found::Duration(ms(e))),
                "BODY" => answer
                    .clone()
                    .map_or(Found::Missing, |a| Found::Text(super::redact::text(&a))),
                _ => Found::Missing,
            };
            check(c, &found)
        })
        .collect();
    let summary = match elapsed {
        Some(e) => format!(
            "connected to {target} in {}",
            super::condition::duration(ms(e))
        ),
        None => format!("no connection to {target}"),
    };
    Attempt {
        summary,
        failure,
        checks,
    }
}

/// Milliseconds of a duration, as conditions count them.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Sends `spec.send` and reads until `spec.expect` shows, the peer
/// closes, [`MAX_ANSWER`] bytes, or the deadline.
fn exchange(
    stream: &mut std::net::TcpStream,
    spec: &TcpProbe,
    deadline: Instant,
) -> Result<String, super::runner::Failure> {
    let io = |e: std::io::Error| net::io_failure("exchange", &e);
    if let Some(send) = &spec.send {
        stream
            .set_write_timeout(Some(net::remaining(deadline)?))
            .map_err(io)?;
        stream.write_all(send.as_bytes()).map_err(io)?;
    }
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = match net::remaining(deadline) {
            Ok(left) => left,
            // What came before the deadline is the answer.
            Err(_) if !got.is_empty() => break,
            Err(f) => return Err(f),
        };
        stream.set_read_timeout(Some(left)).map_err(io)?;
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                got.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&got);
                let enough = spec
                    .expect
                    .as_ref()
                    .is_none_or(|e| text.contains(e.as_str()));
                if enough || got.len() >= MAX_ANSWER {
                    break;
                }
            }
            Err(e)
                if !got.is_empty()
                    && matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
            {
                break;
            }
            Err(e) => return Err(io(e)),
        }
    }
    got.truncate(MAX_ANSWER);
    Ok(String::from_utf8_lossy(&got).into_owned())
}
