//! The probe file (`probes.toml`): what to observe, and which finding each
//! observation becomes. Checked against its JSON Schema like every other
//! input (see [`crate::load::parse_source`]).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Severity;

/// A probe file: `[defaults]` and one `[[probe]]` table per probe.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProbeFile {
    /// Values every probe of the file takes unless it gives its own.
    #[serde(default)]
    pub defaults: Defaults,
    /// The probes, run (and written) in this order.
    #[serde(rename = "probe")]
    pub probes: Vec<Probe>,
}

/// Values every probe of the file takes unless it gives its own.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Id of the component the findings belong to.
    #[serde(default)]
    pub component: Option<String>,
    /// Time allowed for one attempt (`10s`, `500ms`, `2m`); default `10s`.
    #[serde(default)]
    pub timeout: Option<String>,
    /// Attempts after a failed one (0 to 10); default 0.
    #[serde(default)]
    pub retries: Option<u8>,
}

/// One probe: one kind table (`tcp`, `http`, `tls`, `dns`, `command` or
/// `file`), its conditions, and the finding it writes.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// Id of the finding written (stable across runs).
    pub id: String,
    /// Id of the component; `defaults.component` when omitted.
    #[serde(default)]
    pub component: Option<String>,
    /// The problem when the probe fails (the finding's title).
    pub title: String,
    /// Explanation of the problem (Markdown), written when the probe fails.
    #[serde(default)]
    pub detail: Option<String>,
    /// Severity of the finding when the probe fails.
    pub severity: Severity,
    /// What a pass means (written as the finding's detail when it passes).
    pub pass: String,
    /// Time allowed for one attempt; `defaults.timeout` or `10s` when omitted.
    #[serde(default)]
    pub timeout: Option<String>,
    /// Attempts after a failed one (0 to 10); a pass after a retry is a
    /// flapping probe, written as an open finding of at least medium severity.
    #[serde(default)]
    pub retries: Option<u8>,
    /// Gatus-style conditions (`[STATUS] == 200`); each kind has defaults.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// A TCP connection.
    #[serde(default)]
    pub tcp: Option<TcpProbe>,
    /// HTTP requests.
    #[serde(default)]
    pub http: Option<HttpProbe>,
    /// A TLS handshake and its certificate chain.
    #[serde(default)]
    pub tls: Option<TlsProbe>,
    /// A name resolution.
    #[serde(default)]
    pub dns: Option<DnsProbe>,
    /// A command run to its end.
    #[serde(default)]
    pub command: Option<CommandProbe>,
    /// A file's existence and contents.
    #[serde(default)]
    pub file: Option<FileProbe>,
}

/// `tcp`: connects to `host:port`; optionally sends bytes and reads the answer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TcpProbe {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Text sent once connected.
    #[serde(default)]
    pub send: Option<String>,
    /// Text the answer must contain (adds `[BODY] contains "…"`).
    #[serde(default)]
    pub expect: Option<String>,
}

/// `http`: `requests` requests, `concurrency` at a time.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HttpProbe {
    /// `http://` or `https://` URL.
    pub url: String,
    /// Method; default `GET`.
    #[serde(default)]
    pub method: Option<String>,
    /// Request headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Request body.
    #[serde(default)]
    pub body: Option<String>,
    /// How many requests (1 to 10000); default 1.
    #[serde(default)]
    pub requests: Option<u32>,
    /// How many at a time (1 to 64); default 1.
    #[serde(default)]
    pub concurrency: Option<u32>,
    /// Redirects followed (0 to 20); default 5.
    #[serde(default)]
    pub max_redirects: Option<u32>,
    /// PEM file of root certificates trusted instead of the built-in ones
    /// (relative to the probe file).
    #[serde(default)]
    pub ca_file: Option<String>,
}

/// `tls`: a handshake with `host:port`, verified for `host`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TlsProbe {
    /// Host name (the name verified) or address.
    pub host: String,
    /// Port; default 443.
    #[serde(default)]
    pub port: Option<u16>,
    /// Name verified instead of `host` (when `host` is an address).
    #[serde(default)]
    pub server_name: Option<String>,
    /// PEM file of root certificates trusted instead of the built-in ones
    /// (relative to the probe file).
    #[serde(default)]
    pub ca_file: Option<String>,
}

/// `dns`: resolves a name through the system resolver.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsProbe {
    /// The name.
    pub name: String,
    /// Addresses the answer must include (adds `[ADDRESSES] contains "…"`).
    #[serde(default)]
    pub expect: Vec<String>,
}

/// `command`: runs a program to its end or its timeout.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandProbe {
    /// Program and arguments; with `shell = true`, one shell command line.
    pub argv: Vec<String>,
    /// Run `argv[0]` through `sh -c`; default false.
    #[serde(default)]
    pub shell: bool,
    /// Working directory (relative to the probe file); default its folder.
    #[serde(default)]
    pub cwd: Option<String>,
    /// Environment variables added to the inherited ones.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Lines of stdout and stderr kept as evidence (0 to 200); default 10.
    #[serde(default)]
    pub tail_lines: Option<u32>,
}

/// `file`: a file exists, and contains or lacks a pattern.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileProbe {
    /// The file (relative to the probe file).
    pub path: String,
    /// A regular expression the contents must match (adds `[CONTAINS] == true`).
    #[serde(default)]
    pub contains: Option<String>,
    /// A regular expression the contents must not match (adds `[LACKS] == true`).
    #[serde(default)]
    pub lacks: Option<String>,
}
