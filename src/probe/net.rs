//! Name resolution and connections bounded by a deadline, and the reason
//! word of each network failure.

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::runner::{Failure, Reason};

/// Resolves `host:port` through the system resolver within `timeout`.
///
/// The resolver cannot be interrupted: it runs on its own thread, which
/// is left to finish on its own when the time is up.
pub fn resolve(host: &str, port: u16, timeout: Duration) -> Result<Vec<SocketAddr>, Failure> {
    let (tx, rx) = mpsc::channel();
    let name = host.to_owned();
    let spawned = std::thread::Builder::new()
        .name("probe-resolve".into())
        .spawn(move || {
            let found = (name.as_str(), port)
                .to_socket_addrs()
                .map(Iterator::collect::<Vec<_>>);
            let _ = tx.send(found);
        });
    if let Err(e) = spawned {
        return Err(Failure::new(
            Reason::Io,
            format!("cannot start a thread: {e}"),
        ));
    }
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Ok(addrs),
        Ok(Ok(_)) => Err(Failure::new(
            Reason::Dns,
            format!("\"{host}\" has no address"),
        )),
        Ok(Err(e)) => Err(Failure::new(
            Reason::Dns,
            format!("cannot resolve \"{host}\": {e}"),
        )),
        Err(_) => Err(Failure::new(
            Reason::Timeout,
            format!(
                "resolving \"{host}\" took longer than {}",
                super::condition::duration(timeout.as_millis() as f64)
            ),
        )),
    }
}

/// Connects to `host:port` (each resolved address in turn) before `deadline`.
pub fn connect(host: &str, port: u16, deadline: Instant) -> Result<TcpStream, Failure> {
    let addrs = resolve(host, port, remaining(deadline)?)?;
    let mut last = None;
    for addr in addrs {
        let left = remaining(deadline)?;
        match TcpStream::connect_timeout(&addr, left) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(io_failure(&format!("connect {host}:{port}"), &e)),
        }
    }
    Err(last.unwrap_or_else(|| Failure::new(Reason::Dns, format!("\"{host}\" has no address"))))
}

/// The time left before `deadline`, or a timeout failure.
pub fn remaining(deadline: Instant) -> Result<Duration, Failure> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .ok_or_else(|| Failure::new(Reason::Timeout, "the timeout ran out".into()))
}

/// An I/O error as a failure with its reason word.
pub fn io_failure(what: &str, e: &std::io::Error) -> Failure {
    let reason = match e.kind() {
        ErrorKind::ConnectionRefused => Reason::Refused,
        ErrorKind::TimedOut | ErrorKind::WouldBlock => Reason::Timeout,
        ErrorKind::InvalidData if e.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) => {
            Reason::Tls
        }
        _ => Reason::Io,
    };
    let message = match reason {
        Reason::Refused => "connection refused".to_owned(),
        Reason::Timeout => "timed out".to_owned(),
        _ => e.to_string(),
    };
    Failure::new(reason, format!("{what}: {message}"))
}
