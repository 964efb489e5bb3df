//! `tls`: a handshake with `host:port` (rustls), the chain verified for
//! the host against the built-in roots or `ca_file`; the days until the
//! leaf expires and the earliest expiry in the chain, naming which
//! certificate; the protocol version.
//!
//! The chain the server sent is recorded by a verifier that wraps the
//! WebPKI one, so a chain that fails verification (self-signed, wrong
//! host, expired) still has its dates in the evidence.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use super::condition::{Condition, Found, duration};
use super::model::TlsProbe;
use super::net;
use super::runner::{Attempt, Failure, Reason, check};

/// Records the chain the server presents, then verifies it as WebPKI does.
#[derive(Debug)]
struct Recorder {
    inner: Arc<WebPkiServerVerifier>,
    chain: Mutex<Vec<CertificateDer<'static>>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut chain = self.chain.lock().unwrap_or_else(|p| p.into_inner());
        chain.clear();
        chain.push(end_entity.clone().into_owned());
        chain.extend(intermediates.iter().map(|c| c.clone().into_owned()));
        drop(chain);
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The roots trusted: `ca_file`'s certificates, or the Mozilla set.
fn root_store(ca_file: Option<&str>, base: &Path) -> Result<RootCertStore, Failure> {
    let Some(ca) = ca_file else {
        return Ok(RootCertStore::from_iter(
            webpki_roots::TLS_SERVER_ROOTS.iter().cloned(),
        ));
    };
    let bytes = std::fs::read(base.join(ca))
        .map_err(|e| Failure::new(Reason::Io, format!("cannot read \"{ca}\": {e}")))?;
    let mut store = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&bytes) {
        let cert = cert.map_err(|e| Failure::new(Reason::Io, format!("\"{ca}\": {e}")))?;
        store
            .add(cert)
            .map_err(|e| Failure::new(Reason::Io, format!("\"{ca}\": {e}")))?;
    }
    if store.is_empty() {
        return Err(Failure::new(
            Reason::Io,
            format!("\"{ca}\" holds no PEM certificate"),
        ));
    }
    Ok(store)
}

/// A certificate's subject and expiry (seconds since the epoch).
fn describe(der: &CertificateDer<'_>) -> Option<(String, i64)> {
    let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref()).ok()?;
    Some((
        cert.subject().to_string(),
        cert.validity().not_after.timestamp(),
    ))
}

fn date(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0).map_or_else(
        || secs.to_string(),
        |d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}

/// One attempt.
pub fn attempt(
    spec: &TlsProbe,
    conditions: &[Condition],
    timeout: Duration,
    base: &Path,
) -> Attempt {
    let start = Instant::now();
    let deadline = start + timeout;
    let port = spec.port.unwrap_or(443);
    let name = spec.server_name.as_deref().unwrap_or(&spec.host);
    let target = format!("{}:{port}", spec.host);
    let roots = match root_store(spec.ca_file.as_deref(), base) {
        Ok(r) => r,
        Err(f) => return Attempt::failed(f),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let inner = match WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
    {
        Ok(v) => v,
        Err(e) => return Attempt::failed(Failure::new(Reason::Tls, e.to_string())),
    };
    let recorder = Arc::new(Recorder {
        inner,
        chain: Mutex::new(Vec::new()),
    });
    let config =
        match ClientConfig::builder_with_provider(provider).with_safe_default_protocol_versions() {
            Ok(b) => b
                .dangerous()
                .with_custom_certificate_verifier(recorder.clone())
                .with_no_client_auth(),
            Err(e) => return Attempt::failed(Failure::new(Reason::Tls, e.to_string())),
        };
    let server_name = match ServerName::try_from(name.to_owned()) {
        Ok(n) => n,
        Err(e) => {
            return Attempt::failed(Failure::new(
                Reason::Tls,
                format!("invalid server name \"{name}\": {e}"),
            ));
        }
    };
    let result = handshake(Arc::new(config), server_name, &spec.host, port, deadline);
    let elapsed = start.elapsed();
    let chain: Vec<(String, i64)> = recorder
        .chain
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .filter_map(describe)
        .collect();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let left = |secs: i64| (secs.saturating_sub(now)) as f64 * 1000.0;
    let leaf = chain.first().cloned();
    let earliest = chain.iter().min_by_key(|(_, t)| *t).cloned();
    let (protocol, failure) = match result {
        Ok(p) => (Some(p), None),
        Err(f) => (None, Some(f)),
    };
    let checks = conditions
        .iter()
        .map(|c| {
            let found = match c.placeholder {
                "CONNECTED" => Found::Bool(protocol.is_some()),
                "RESPONSE_TIME" if protocol.is_some() => Found::Duration(super::tcp::ms(elapsed)),
                "PROTOCOL" => protocol.clone().map_or(Found::Missing, Found::Text),
                "CERTIFICATE_EXPIRATION" => leaf
                    .as_ref()
                    .map_or(Found::Missing, |(_, t)| Found::Duration(left(*t))),
                "CHAIN_EXPIRATION" => earliest
                    .as_ref()
                    .map_or(Found::Missing, |(_, t)| Found::Duration(left(*t))),
                _ => Found::Missing,
            };
            check(c, &found)
        })
        .collect();
    let mut summary = match &protocol {
        Some(p) => format!(
            "{p} handshake with {target} as \"{name}\" in {}, chain verified",
            duration(super::tcp::ms(elapsed))
        ),
        None => format!("no verified TLS session with {target} as \"{name}\""),
    };
    if let Some((subject, t)) = &leaf {
        summary.push_str(&format!(
            "; leaf \"{subject}\" expires {} (in {})",
            date(*t),
            duration(left(*t))
        ));
    }
    if let Some((subject, t)) = &earliest
        && chain.len() > 1
    {
        summary.push_str(&format!(
            "; earliest expiry in the chain of {}: \"{subject}\" on {} (in {})",
            chain.len(),
            date(*t),
            duration(left(*t))
        ));
    }
    Attempt {
        summary,
        failure,
        checks,
    }
}

/// Connects and completes the handshake; returns the protocol version.
fn handshake(
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
    host: &str,
    port: u16,
    deadline: Instant,
) -> Result<String, Failure> {
    let mut conn = ClientConnection::new(config, name)
        .map_err(|e| Failure::new(Reason::Tls, e.to_string()))?;
    let mut sock = net::connect(host, port, deadline)?;
    let io = |e: std::io::Error| net::io_failure("TLS handshake", &e);
    while conn.is_handshaking() {
        let left = net::remaining(deadline)?;
        sock.set_read_timeout(Some(left)).map_err(io)?;
        sock.set_write_timeout(Some(left)).map_err(io)?;
        conn.complete_io(&mut sock).map_err(io)?;
    }
    conn.send_close_notify();
    let _ = conn.complete_io(&mut sock);
    Ok(match conn.protocol_version() {
        Some(rustls::ProtocolVersion::TLSv1_3) => "TLS 1.3".to_owned(),
        Some(rustls::ProtocolVersion::TLSv1_2) => "TLS 1.2".to_owned(),
        Some(other) => format!("{other:?}"),
        None => "TLS".to_owned(),
    })
}
