//! `command`: run a program (no shell unless `shell = true`) to its end
//! or its timeout. At the timeout the whole process group is killed, so a
//! shell's children do not outlive the probe; the tails of stdout and
//! stderr are kept as evidence.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::condition::{Condition, Found};
use super::model::CommandProbe;
use super::runner::{Attempt, Failure, Reason, check};

/// The most bytes kept of each stream (its end).
const KEEP: usize = 64 * 1024;
/// How long the output readers are waited for after the process ended.
const DRAIN: Duration = Duration::from_millis(500);

/// The end of a stream, shared with its reader thread.
type Tail = Arc<Mutex<(Vec<u8>, bool)>>;

fn reader(mut stream: impl Read + Send + 'static) -> Tail {
    let tail: Tail = Arc::new(Mutex::new((Vec::new(), false)));
    let shared = Arc::clone(&tail);
    let _ = std::thread::Builder::new()
        .name("probe-output".into())
        .spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut t = shared.lock().unwrap_or_else(|p| p.into_inner());
                t.0.extend_from_slice(&buf[..n]);
                if t.0.len() > 2 * KEEP {
                    let cut = t.0.len() - KEEP;
                    t.0.drain(..cut);
                }
            }
            shared.lock().unwrap_or_else(|p| p.into_inner()).1 = true;
        });
    tail
}

fn take(tail: &Tail) -> String {
    let t = tail.lock().unwrap_or_else(|p| p.into_inner());
    let start = t.0.len().saturating_sub(KEEP);
    String::from_utf8_lossy(&t.0[start..]).into_owned()
}

/// The last `n` lines of `text`.
fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Kills the process group `pid` leads.
#[cfg(unix)]
fn kill_group(pid: u32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: `kill` takes plain integers; a negative pid names the
        // group the child leads (it was started with `process_group(0)`).
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

#[cfg(not(unix))]
fn kill_group(_: u32) {}

/// One attempt; `cwd` and relative programs are resolved against `base`.
pub fn attempt(
    spec: &CommandProbe,
    conditions: &[Condition],
    timeout: Duration,
    base: &Path,
) -> Attempt {
    let start = Instant::now();
    let mut cmd = if spec.shell {
        let mut c = Command::new("sh");
        c.arg("-c").arg(&spec.argv[0]);
        c
    } else {
        let mut c = Command::new(&spec.argv[0]);
        c.args(&spec.argv[1..]);
        c
    };
    let cwd = spec
        .cwd
        .as_ref()
        .map_or_else(|| base.to_path_buf(), |d| base.join(d));
    cmd.current_dir(&cwd)
        .envs(&spec.env)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let shown = shown(spec);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            let failure = Failure::new(Reason::Io, format!("cannot run {shown}: {e}"));
            return finish(
                spec,
                conditions,
                None,
                start.elapsed(),
                None,
                Some(failure),
                shown,
            );
        }
    };
    let out = child.stdout.take().map(reader);
    let err = child.stderr.take().map(reader);
    let deadline = start + timeout;
    let mut pause = Duration::from_millis(1);
    let (status, failure) = loop {
        match child.try_wait() {
            Ok(Some(status)) => break (Some(status), None),
            Ok(None) if Instant::now() >= deadline => {
                kill_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                let f = Failure::new(
                    Reason::Timeout,
                    format!(
                        "{shown} still running after {}: killed",
                        super::condition::duration(timeout.as_secs_f64() * 1000.0)
                    ),
                );
                break (None, Some(f));
            }
            Ok(None) => {
                std::thread::sleep(pause.min(deadline.saturating_duration_since(Instant::now())));
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(e) => {
                kill_group(child.id());
                let _ = child.kill();
                break (
                    None,
                    Some(Failure::new(
                        Reason::Io,
                        format!("waiting for {shown}: {e}"),
                    )),
                );
            }
        }
    };
    let elapsed = start.elapsed();
    // A background child may hold the pipes open: wait a little, not forever.
    let drained = Instant::now() + DRAIN;
    for tail in out.iter().chain(err.iter()) {
        while !tail.lock().unwrap_or_else(|p| p.into_inner()).1 && Instant::now() < drained {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let streams = Some((
        out.as_ref().map(take).unwrap_or_default(),
        err.as_ref().map(take).unwrap_or_default(),
    ));
    let failure = failure.or_else(|| {
        let status = status?;
        status.code().is_none().then(|| {
            Failure::new(
                Reason::Io,
                format!("{shown} was killed by a signal ({status})"),
            )
        })
    });
    finish(
        spec,
        conditions,
        status.and_then(|s| s.code()),
        elapsed,
        streams,
        failure,
        shown,
    )
}

/// The command as shown in evidence: its program, or the shell line.
fn shown(spec: &CommandProbe) -> String {
    let words: Vec<String> = spec.argv.iter().map(|w| super::redact::arg(w)).collect();
    format!("\"{}\"", super::condition::cut(&words.join(" "), 120))
}

fn finish(
    spec: &CommandProbe,
    conditions: &[Condition],
    code: Option<i32>,
    elapsed: Duration,
    streams: Option<(String, String)>,
    failure: Option<Failure>,
    shown: String,
) -> Attempt {
    let (stdout, stderr) = match &streams {
        Some((o, e)) => (Some(super::redact::text(o)), Some(super::redact::text(e))),
        None => (None, None),
    };
    let checks = conditions
        .iter()
        .map(|c| {
            let found = match c.placeholder {
                "EXIT_STATUS" => code.map_or(Found::Missing, |c| Found::Number(f64::from(c))),
                "RESPONSE_TIME" => Found::Duration(super::tcp::ms(elapsed)),
                "STDOUT" => stdout.clone().map_or(Found::Missing, Found::Text),
                "STDERR" => stderr.clone().map_or(Found::Missing, Found::Text),
                _ => Found::Missing,
            };
            check(c, &found)
        })
        .collect();
    let lines = spec.tail_lines.unwrap_or(10) as usize;
    let mut summary = match code {
        Some(code) => format!(
            "{shown} exited with status {code} after {}",
            super::condition::duration(super::tcp::ms(elapsed))
        ),
        None => format!("{shown} did not finish"),
    };
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        if let Some(text) = text
            && lines > 0
            && !text.trim().is_empty()
        {
            summary.push_str(&format!(
                "; {name} (last lines): {:?}",
                last_lines(text, lines)
            ));
        }
    }
    Attempt {
        summary,
        failure,
        checks,
    }
}
