//! `dns`: resolve a name through the system resolver.

use std::time::{Duration, Instant};

use super::condition::{Condition, Found};
use super::model::DnsProbe;
use super::net;
use super::runner::{Attempt, check};

/// One attempt.
pub fn attempt(spec: &DnsProbe, conditions: &[Condition], timeout: Duration) -> Attempt {
    let start = Instant::now();
    let (addresses, failure) = match net::resolve(&spec.name, 0, timeout) {
        Ok(addrs) => {
            let mut ips: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
            ips.sort();
            ips.dedup();
            (Some(ips), None)
        }
        Err(f) => (None, Some(f)),
    };
    let elapsed = start.elapsed();
    let checks = conditions
        .iter()
        .map(|c| {
            let found = match c.placeholder {
                "RESOLVED" => Found::Bool(addresses.is_some()),
                "ADDRESSES" => addresses.clone().map_or(Found::Missing, Found::List),
                "RESPONSE_TIME" => Found::Duration(super::tcp::ms(elapsed)),
                _ => Found::Missing,
            };
            check(c, &found)
        })
        .collect();
    let summary = match &addresses {
        Some(ips) => format!(
            "\"{}\" resolves to {} in {}",
            spec.name,
            ips.join(", "),
            super::condition::duration(super::tcp::ms(elapsed))
        ),
        None => format!("\"{}\" does not resolve", spec.name),
    };
    Attempt {
        summary,
        failure,
        checks,
    }
}
