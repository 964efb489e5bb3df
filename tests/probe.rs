//! `readiness probe` against real servers started here on 127.0.0.1 (see
//! `probe_servers/`): each case asserts the finding written (status,
//! severity, reason word, evidence), and that nothing hangs past its
//! timeout (elapsed < timeout + margin is a hang guard, not a speed claim:
//! speed is measured in BENCHMARKS.md).

mod common;
mod probe_servers;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use probe_servers as srv;
use serde_json::Value;

const AT: &str = "2025-09-30T14:40:00Z";

struct Run {
    out: Output,
    findings: Vec<Value>,
    elapsed: Duration,
}

impl Run {
    fn finding(&self, id: &str) -> &Value {
        self.findings
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("no finding `{id}` in {:#?}", self.findings))
    }

    fn ids(&self) -> Vec<&str> {
        self.findings
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect()
    }
}

/// Writes `probes.toml` into `dir`, runs `readiness probe` on it with
/// `--at`, and reads what it wrote.
fn run(dir: &Path, toml: &str, extra: &[&str]) -> Run {
    std::fs::write(dir.join("probes.toml"), toml).unwrap();
    let mut args = vec!["probe", "probes.toml", "-o", "out", "--at", AT];
    args.extend_from_slice(extra);
    let start = Instant::now();
    let out = common::readiness(&args, dir);
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "probe failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("out/probes.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    Run {
        out,
        findings: json["finding"].as_array().unwrap().clone(),
        elapsed,
    }
}

fn evidence(f: &Value) -> &str {
    f["evidence"].as_str().unwrap()
}

/// Asserts an open finding failing for `reason`.
fn assert_failed(f: &Value, reason: &str) {
    assert_eq!(f["status"], "open", "{f:#}");
    assert!(
        evidence(f).starts_with(&format!("FAILED ({reason}):")),
        "expected reason {reason}: {f:#}"
    );
}

fn assert_passed(f: &Value) {
    assert_eq!(f["status"], "resolved", "{f:#}");
    assert!(!evidence(f).contains("FAILED"), "{f:#}");
}

#[test]
fn tcp_open_closed_banner_and_unresolvable() {
    let open = srv::tcp("SSH-2.0-test\r\n");
    let closed = srv::closed_port();
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        dir.path(),
        &format!(
            r#"
[defaults]
component = "monitoring"
timeout = "2s"

[[probe]]
id = "open"
title = "Service down"
severity = "high"
pass = "Service answers"
tcp = {{ host = "127.0.0.1", port = {open} }}

[[probe]]
id = "banner"
title = "No SSH banner"
severity = "low"
pass = "SSH answers"
tcp = {{ host = "127.0.0.1", port = {open}, expect = "SSH-2.0" }}

[[probe]]
id = "closed"
title = "Prometheus unreachable"
severity = "critical"
pass = "Prometheus answers"
tcp = {{ host = "127.0.0.1", port = {closed} }}

[[probe]]
id = "unresolvable"
title = "Name does not resolve"
severity = "medium"
pass = "Name resolves"
tcp = {{ host = "nothing-here.invalid", port = 80 }}
"#
        ),
        &[],
    );
    assert_eq!(r.ids(), ["open", "banner", "closed", "unresolvable"]);
    let f = r.finding("open");
    assert_passed(f);
    assert_eq!(f["source"], "probe:tcp");
    assert_eq!(f["observed_at"], AT);
    assert_eq!(f["detail"], "Service answers");
    assert!(evidence(f).contains("[CONNECTED] == true: expected == true, found true (ok)"));
    let f = r.finding("banner");
    assert_passed(f);
    assert!(
        evidence(f).contains("[BODY] contains \"SSH-2.0\": expected contains \"SSH-2.0\", found \"SSH-2.0-test\\r\\n\" (ok)"),
        "{f:#}"
    );
    let f = r.finding("closed");
    assert_failed(f, "refused");
    assert_eq!(f["severity"], "critical");
    assert!(evidence(f).contains("found false (not met)"), "{f:#}");
    assert_failed(r.finding("unresolvable"), "dns");
    assert!(
        r.elapsed < Duration::from_secs(2 + 2 + 10),
        "{:?}",
        r.elapsed
    );
}

#[test]
fn http_fast_slow_failing_trickling_redirecting_flapping_and_load() {
    let port = srv::http();
    let base = format!("http://127.0.0.1:{port}");
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        dir.path(),
        &format!(
            r#"
[defaults]
component = "backend"
timeout = "1s"

[[probe]]
id = "slow"
title = "Slow"
severity = "high"
pass = "Fast enough"
http = {{ url = "{base}/slow" }}

[[probe]]
id = "fast"
title = "Health endpoint down"
severity = "critical"
pass = "Health endpoint answers ok"
timeout = "10s"
conditions = [
  "[STATUS] == 200",
  "[BODY].status == \"ok\"",
  "[HEADER].content-type == pat(application/json*)",
  "[RESPONSE_TIME] < 5s",
]
http = {{ url = "http://admin:hunter2@127.0.0.1:{port}/fast?token=abc123&page=1", headers = {{ Authorization = "Bearer s3cret" }} }}

[[probe]]
id = "fail"
title = "Server error"
severity = "high"
pass = "No server error"
conditions = ["[STATUS] == 200"]
http = {{ url = "{base}/fail" }}

[[probe]]
id = "trickle"
title = "Trickling body"
severity = "medium"
pass = "Body arrives"
http = {{ url = "{base}/trickle" }}

[[probe]]
id = "loop"
title = "Redirect loop"
severity = "medium"
pass = "No loop"
http = {{ url = "{base}/loop", max_redirects = 3 }}

[[probe]]
id = "flaky"
title = "Flaky endpoint"
severity = "low"
pass = "Stable"
retries = 2
conditions = ["[STATUS] == 200"]
http = {{ url = "{base}/flaky" }}

[[probe]]
id = "load"
title = "Load sample fails"
severity = "high"
pass = "Load sample succeeds"
timeout = "10s"
conditions = ["[STATUS] == 200", "[SUCCESS_RATIO] == 100%", "[P95_RESPONSE_TIME] < 5s"]
http = {{ url = "{base}/fast", requests = 100, concurrency = 10 }}
"#
        ),
        &["--max-concurrent", "4"],
    );
    // Declaration order, whatever finished first.
    assert_eq!(
        r.ids(),
        ["slow", "fast", "fail", "trickle", "loop", "flaky", "load"]
    );
    assert_failed(r.finding("slow"), "timeout");
    let f = r.finding("fast");
    assert_passed(f);
    let e = evidence(f);
    assert!(e.contains("answered 200"), "{e}");
    assert!(
        e.contains("[BODY].status == \"ok\": expected == \"ok\", found \"ok\" (ok)"),
        "{e}"
    );
    assert!(e.contains("found \"application/json\" (ok)"), "{e}");
    // Secrets in the URL are masked, the rest kept; header values never shown.
    assert!(e.contains("http://admin:***@127.0.0.1"), "{e}");
    assert!(e.contains("token=***&page=1"), "{e}");
    for secret in ["hunter2", "abc123", "s3cret"] {
        assert!(!e.contains(secret), "{secret} leaked: {e}");
    }
    let f = r.finding("fail");
    assert_failed(f, "status");
    assert!(
        evidence(f).contains("expected == 200, found 500 (not met)"),
        "{f:#}"
    );
    assert_failed(r.finding("trickle"), "timeout");
    assert_failed(r.finding("loop"), "redirect");
    let f = r.finding("flaky");
    assert_eq!(f["status"], "open", "{f:#}");
    assert_eq!(
        f["severity"], "medium",
        "flapping is at least a warning: {f:#}"
    );
    assert!(
        f["title"].as_str().unwrap().ends_with("(flapping)"),
        "{f:#}"
    );
    assert!(evidence(f).contains("attempt 2 of 3"), "{f:#}");
    let f = r.finding("load");
    assert_passed(f);
    assert!(
        evidence(f).contains("100/100 requests successful (mean "),
        "{f:#}"
    );
    assert!(evidence(f).contains("p95 "), "{f:#}");
    // The summary table names each probe with its result.
    let table = String::from_utf8_lossy(&r.out.stdout);
    assert!(table.contains("flaky"), "{table}");
    assert!(table.contains("flapping"), "{table}");
    assert!(
        table.contains("7 probes: 2 passed, 5 failed or flapping"),
        "{table}"
    );
    // Nothing on stderr when it is not a terminal.
    assert_eq!(String::from_utf8_lossy(&r.out.stderr), "");
    // Hang guard: slow (5 s) and trickle (100 s) are cut at 1 s.
    assert!(r.elapsed < Duration::from_secs(15), "{:?}", r.elapsed);
}

#[test]
fn tls_expiring_self_signed_wrong_host_and_chain() {
    let ca = srv::Ca::new();
    let expiring = srv::tls(ca.leaf(&["localhost"], 5));
    let healthy = srv::tls(ca.leaf_via_intermediate(&["localhost"], 20));
    let self_signed = srv::tls(srv::self_signed(&["localhost"]));
    let wrong_host = srv::tls(ca.leaf(&["other.example"], 90));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ca.pem"), ca.pem()).unwrap();
    let probe = |id: &str, port: u16, conditions: &str| {
        format!(
            r#"
[[probe]]
id = "{id}"
title = "{id}"
severity = "high"
pass = "Certificate sound"
{conditions}
tls = {{ host = "127.0.0.1", port = {port}, server_name = "localhost", ca_file = "ca.pem" }}
"#
        )
    };
    let toml = [
        "[defaults]\ncomponent = \"security\"\ntimeout = \"3s\"\n".to_owned(),
        probe("expiring", expiring, ""),
        probe(
            "healthy",
            healthy,
            "conditions = [\"[CONNECTED] == true\", \"[CERTIFICATE_EXPIRATION] > 30d\", \"[CHAIN_EXPIRATION] > 14d\"]",
        ),
        probe("self-signed", self_signed, ""),
        probe("wrong-host", wrong_host, ""),
        format!(
            r#"
[[probe]]
id = "https"
title = "HTTPS health"
severity = "high"
pass = "HTTPS answers"
conditions = ["[STATUS] == 200", "[BODY].status == \"ok\""]
http = {{ url = "https://localhost:{healthy}/health", ca_file = "ca.pem" }}
"#
        ),
    ]
    .concat();
    let r = run(dir.path(), &toml, &[]);
    let f = r.finding("expiring");
    assert_failed(f, "condition");
    let e = evidence(f);
    assert!(e.contains("chain verified"), "{e}");
    assert!(e.contains("leaf \"CN=localhost\" expires"), "{e}");
    assert!(e.contains("(in 5d)"), "{e}");
    assert!(
        e.contains("[CERTIFICATE_EXPIRATION] > 14d: expected > 14d, found 5d (not met)"),
        "{e}"
    );
    assert!(e.contains("TLS 1.3"), "{e}");
    let f = r.finding("healthy");
    assert_passed(f);
    let e = evidence(f);
    assert!(
        e.contains("earliest expiry in the chain of 2: \"CN=Probe Test Intermediate\""),
        "{e}"
    );
    assert!(e.contains("(in 20d)"), "{e}");
    let f = r.finding("self-signed");
    assert_failed(f, "tls");
    assert!(
        evidence(f).contains("UnknownIssuer") || evidence(f).contains("unknown issuer"),
        "{f:#}"
    );
    // The chain is described even when it does not verify.
    assert!(evidence(f).contains("leaf \"CN=localhost\""), "{f:#}");
    let f = r.finding("wrong-host");
    assert_failed(f, "tls");
    assert!(
        evidence(f).contains("certificate not valid for name \"localhost\""),
        "{f:#}"
    );
    assert_passed(r.finding("https"));
    assert!(
        r.elapsed < Duration::from_secs(3 + 2 + 10),
        "{:?}",
        r.elapsed
    );
}

#[test]
fn dns_command_and_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env"),
        "DEBUG=false\nAWS_SECRET_ACCESS_KEY=AKIAEXAMPLEEXAMPLE\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("nginx.conf"), "listen 443 ssl;\n").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/marker-file"), "").unwrap();
    let r = run(
        dir.path(),
        r#"
[defaults]
component = "testing"

[[probe]]
id = "dns-localhost"
title = "localhost does not resolve"
severity = "low"
pass = "localhost resolves"
dns = { name = "localhost", expect = ["127.0.0.1"] }

[[probe]]
id = "dns-invalid"
title = "Name does not resolve"
severity = "medium"
pass = "Resolves"
dns = { name = "nothing-here.invalid" }

[[probe]]
id = "suite"
title = "Test suite fails"
severity = "critical"
pass = "Test suite passes"
command = { argv = ["sh", "-c", "echo collected 12 items; echo 'E   sqlalchemy.exc.InvalidRequestError' >&2; exit 1"], tail_lines = 5 }

[[probe]]
id = "suite-ok"
title = "Suite fails"
severity = "high"
pass = "Suite passes"
conditions = ["[EXIT_STATUS] == 0", "[STDOUT] contains \"passed\""]
command = { argv = ["echo 3 passed; echo $PROBE_ENV"], shell = true, env = { PROBE_ENV = "from-env" } }

[[probe]]
id = "in-cwd"
title = "Wrong folder"
severity = "low"
pass = "Runs in sub/"
conditions = ["[STDOUT] contains \"marker-file\""]
command = { argv = ["ls"], cwd = "sub" }

[[probe]]
id = "hangs"
title = "Backup verification hangs"
severity = "high"
pass = "Backup verified"
timeout = "500ms"
command = { argv = ["sleep 30 & sleep 30"], shell = true }

[[probe]]
id = "no-secrets"
title = "Secrets in .env"
severity = "critical"
pass = "No secrets in .env"
file = { path = ".env", lacks = "(?i)secret_access_key\\s*=" }

[[probe]]
id = "tls-declared"
title = "TLS not declared"
severity = "medium"
pass = "TLS declared"
file = { path = "nginx.conf", contains = "listen\\s+443\\s+ssl" }

[[probe]]
id = "missing-file"
title = "No runbook"
severity = "low"
pass = "Runbook exists"
file = { path = "RUNBOOK.md" }
"#,
        &[],
    );
    let f = r.finding("dns-localhost");
    assert_passed(f);
    assert!(
        evidence(f).contains(
            "[ADDRESSES] contains \"127.0.0.1\": expected contains \"127.0.0.1\", found [127.0.0.1"
        ),
        "{f:#}"
    );
    assert_failed(r.finding("dns-invalid"), "dns");
    let f = r.finding("suite");
    assert_failed(f, "condition");
    let e = evidence(f);
    assert!(e.contains("exited with status 1"), "{e}");
    assert!(
        e.contains("stdout (last lines): \"collected 12 items\""),
        "{e}"
    );
    assert!(e.contains("sqlalchemy.exc.InvalidRequestError"), "{e}");
    assert!(e.contains("expected == 0, found 1 (not met)"), "{e}");
    let f = r.finding("suite-ok");
    assert_passed(f);
    assert!(evidence(f).contains("from-env"), "{f:#}");
    assert_passed(r.finding("in-cwd"));
    let f = r.finding("hangs");
    assert_failed(f, "timeout");
    assert!(
        evidence(f).contains("still running after 500ms: killed"),
        "{f:#}"
    );
    let f = r.finding("no-secrets");
    assert_failed(f, "condition");
    assert!(
        evidence(f).contains("found on line 2 (must be absent)"),
        "{f:#}"
    );
    // The secret itself never reaches the evidence.
    assert!(!evidence(f).contains("AKIA"), "{f:#}");
    assert_passed(r.finding("tls-declared"));
    assert_failed(r.finding("missing-file"), "condition");
    // The killed command's `sleep 30` did not hold the run.
    assert!(r.elapsed < Duration::from_secs(10), "{:?}", r.elapsed);
}

#[test]
fn a_peer_that_never_answers_times_out_every_kind() {
    let port = srv::silent();
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        dir.path(),
        &format!(
            r#"
[defaults]
component = "backend"
timeout = "500ms"

[[probe]]
id = "tcp-expect"
title = "No banner"
severity = "low"
pass = "Banner"
tcp = {{ host = "127.0.0.1", port = {port}, send = "PING\r\n", expect = "PONG" }}

[[probe]]
id = "tls-handshake"
title = "No TLS"
severity = "low"
pass = "TLS"
tls = {{ host = "127.0.0.1", port = {port}, server_name = "localhost" }}

[[probe]]
id = "http-headers"
title = "No answer"
severity = "low"
pass = "Answer"
http = {{ url = "http://127.0.0.1:{port}/" }}
"#
        ),
        &[],
    );
    for id in ["tcp-expect", "tls-handshake", "http-headers"] {
        assert_failed(r.finding(id), "timeout");
    }
    // Three 500 ms timeouts, run side by side: nowhere near a hang.
    assert!(r.elapsed < Duration::from_secs(5), "{:?}", r.elapsed);
}

#[test]
fn observed_at_comes_from_at_or_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let toml = "[[probe]]\nid = \"f\"\ncomponent = \"c\"\ntitle = \"t\"\nseverity = \"low\"\npass = \"p\"\nfile = { path = \"probes.toml\" }\n";
    std::fs::write(dir.path().join("probes.toml"), toml).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(["probe", "probes.toml", "-o", "out"])
        .env("SOURCE_DATE_EPOCH", "1759243200")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = std::fs::read(dir.path().join("out/probes.json")).unwrap();
    let text = String::from_utf8_lossy(&first);
    assert!(
        text.contains("\"observed_at\": \"2025-09-30T14:40:00Z\""),
        "{text}"
    );
    // Same input and instant, same bytes.
    let again = run(dir.path(), toml, &[]);
    assert_eq!(again.findings[0]["observed_at"], AT);
    assert_eq!(
        std::fs::read(dir.path().join("out/probes.json")).unwrap(),
        first
    );
}

#[test]
fn a_bad_probe_file_gets_located_diagnostics_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = r#"[defaults]
component = "web"
timeout = "10 s"

[[probe]]
id = "health"
title = "Health endpoint down"
severity = "high"
pass = "Health endpoint answers"
conditions = ["[STAUTS] == 200", "[RESPONSE_TIME] < 300", "[BODY].status = \"ok\""]
http = { url = "ftp://example.com/", requests = 0 }

[[probe]]
id = "health"
component = "Web UI"
title = "Port closed"
severity = "high"
pass = "Port open"
tcp = { host = "example.com", port = 80 }
dns = { name = "example.com" }
"#;
    std::fs::write(dir.path().join("probes.toml"), bad).unwrap();
    let typo = "[[probe]]\nid = \"x\"\ncomponent = \"c\"\ntitle = \"t\"\nseverity = \"hihg\"\npass = \"p\"\ncondtions = []\nfile = { path = \"x\", contain = \"y\" }\n";
    std::fs::write(dir.path().join("typo.toml"), typo).unwrap();
    for args in [
        &["probe", "--check", "probes.toml", "typo.toml"][..],
        &["probe", "probes.toml", "typo.toml", "-o", "out"][..],
    ] {
        let out = common::readiness(args, dir.path());
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "");
        assert!(!dir.path().join("out").exists(), "nothing is written");
        insta::assert_snapshot!(
            "bad_probe_file",
            String::from_utf8_lossy(&out.stderr).to_string()
        );
    }
}

#[test]
fn check_validates_without_running() {
    let dir = tempfile::tempdir().unwrap();
    let (port, connections) = srv::counting();
    std::fs::write(
        dir.path().join("p.toml"),
        format!("[[probe]]\nid = \"a\"\ncomponent = \"c\"\ntitle = \"t\"\nseverity = \"low\"\npass = \"p\"\ntcp = {{ host = \"127.0.0.1\", port = {port} }}\n"),
    )
    .unwrap();
    let out = common::readiness(&["probe", "--check", "p.toml"], dir.path());
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1 probe in 1 file: valid\n"
    );
    assert!(!dir.path().join("p.json").exists());
    // The same file run does connect: the count can tell.
    let out = common::readiness(&["probe", "p.toml", "-o", "out"], dir.path());
    assert!(out.status.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    while connections.load(std::sync::atomic::Ordering::SeqCst) == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 1);
}

/// Collapses runs of whitespace, so text wrapped by a renderer compares.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The open-count line of `component` in `readiness check`'s summary.
fn check_line(dir: &Path, component: &str) -> String {
    let out = common::readiness(&["check", "."], dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.contains(component))
        .unwrap_or_else(|| panic!("no {component} line"))
        .to_owned()
}

#[test]
fn the_example_probes_against_local_stand_ins_reach_every_format() {
    let http = srv::http();
    let (prometheus, grafana) = (srv::closed_port(), srv::closed_port());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("assessment");
    common::copy_tree(&common::example(), &dir);
    let before = check_line(&dir, "Testing & Quality Assurance");
    // probes.json replaces the reference's own probe output.
    std::fs::remove_file(dir.join("findings/probes/tcp.json")).unwrap();
    let probes = dir.join("probes.toml");
    let mut text = std::fs::read_to_string(&probes).unwrap();
    for (from, to) in [
        ("port = 9090", format!("port = {prometheus}")),
        ("port = 3003", format!("port = {grafana}")),
        (
            "http://localhost:8000/health",
            format!("http://127.0.0.1:{http}/fast"),
        ),
        ("http://localhost:3000/", format!("http://127.0.0.1:{http}/fast")),
        (
            r#"["python3", "-m", "pytest", "-q", "backend/tests"]"#,
            r#"["sh", "-c", "echo 'E   sqlalchemy.exc.InvalidRequestError: Table users is already defined'; echo '1 error in 0.41s'; exit 2"]"#.to_owned(),
        ),
    ] {
        assert!(text.contains(from), "`{from}` not in the example's probes.toml");
        text = text.replace(from, &to);
    }
    std::fs::write(&probes, text).unwrap();
    let out = common::readiness(
        &["probe", "probes.toml", "-o", "findings/probes", "--at", AT],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("findings/probes/probes.json")).unwrap(),
    )
    .unwrap();
    let status: Vec<(&str, &str)> = written["finding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        status,
        [
            ("monitoring-prometheus-down", "open"),
            ("monitoring-grafana-down", "open"),
            ("backend-health-endpoint", "resolved"),
            ("frontend-load-sample", "resolved"),
            ("testing-backend-suite", "open"),
        ]
    );
    // Scored: the failing suite is one more open critical finding of Testing.
    let after = check_line(&dir, "Testing & Quality Assurance");
    assert!(before.contains("[open: 0 critical, 1 high"), "{before}");
    assert!(after.contains("[open: 1 critical, 1 high"), "{after}");
    assert_ne!(before, after);
    let out = common::readiness(
        &["build", ".", "-o", "out", "--format", "md,html,pdf"],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = dir.join("out/013a-analytics-2025-09-30");
    let md = flat(&std::fs::read_to_string(report.join("report.md")).unwrap());
    let html = flat(&std::fs::read_to_string(report.join("report.html")).unwrap());
    let expected = [
        "Backend test suite does not pass",
        "sqlalchemy.exc.InvalidRequestError",
        "API health endpoint not answering",
        "100/100 requests successful",
        "connect localhost:",
    ];
    for needle in expected {
        assert!(md.contains(needle), "report.md lacks `{needle}`");
        assert!(html.contains(needle), "report.html lacks `{needle}`");
    }
    match std::process::Command::new("pdftotext")
        .arg(report.join("report.pdf"))
        .arg("-")
        .output()
    {
        Ok(out) => {
            let pdf = flat(&String::from_utf8_lossy(&out.stdout));
            for needle in expected {
                assert!(pdf.contains(needle), "report.pdf lacks `{needle}`");
            }
        }
        Err(e) => common::tool_missing(&format!(
            "pdftotext is not available ({e}); install it with .ci/install-pdf-tools.sh"
        )),
    }
}

/// The 200-probe benchmark of BENCHMARKS.md, run explicitly:
/// `cargo test --release --test probe -- --ignored bench_200_probes --nocapture`.
/// 120 TCP probes (100 open, 20 closed), 60 one-request HTTP probes and
/// 20 HTTP probes of 10 requests, against the servers above, at several
/// `--max-concurrent`; prints the wall time of each whole `readiness probe`.
#[test]
#[ignore = "a benchmark: run it explicitly (see BENCHMARKS.md)"]
fn bench_200_probes() {
    use std::io::Write as _;
    let tcp = srv::tcp("hello\n");
    let http = srv::http();
    let mut toml = String::from("[defaults]\ncomponent = \"bench\"\ntimeout = \"5s\"\n");
    for i in 0..200 {
        let kind = match i % 10 {
            0 => format!(
                "tcp = {{ host = \"127.0.0.1\", port = {} }}",
                srv::closed_port()
            ),
            1..=5 => format!("tcp = {{ host = \"127.0.0.1\", port = {tcp} }}"),
            6 => format!(
                "http = {{ url = \"http://127.0.0.1:{http}/fast\", requests = 10, concurrency = 2 }}"
            ),
            _ => format!(
                "conditions = [\"[STATUS] == 200\", \"[BODY].status == \\\"ok\\\"\"]\nhttp = {{ url = \"http://127.0.0.1:{http}/fast\" }}"
            ),
        };
        toml.push_str(&format!(
            "\n[[probe]]\nid = \"p{i}\"\ntitle = \"t\"\nseverity = \"low\"\npass = \"p\"\n{kind}\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    for concurrency in ["1", "8", "32"] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let r = run(dir.path(), &toml, &["--max-concurrent", concurrency]);
            assert_eq!(r.findings.len(), 200);
            assert_eq!(
                r.findings
                    .iter()
                    .filter(|f| f["status"] == "resolved")
                    .count(),
                180
            );
            times.push(r.elapsed);
        }
        times.sort();
        let _ = writeln!(
            std::io::stderr().lock(),
            "200 probes, --max-concurrent {concurrency}: median {:?} (min {:?}, max {:?}) of 5 runs",
            times[2],
            times[0],
            times[4]
        );
    }
}

#[test]
fn the_probe_file_has_a_json_schema_for_editors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = common::readiness(&["schema", "probes"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["properties"]["probe"].is_object(), "{schema:#}");
    assert!(schema["$defs"]["HttpProbe"]["properties"]["url"].is_object());
}

#[test]
fn a_terminal_sees_a_line_per_probe_as_it_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let port = srv::closed_port();
    std::fs::write(
        dir.path().join("p.toml"),
        format!("[defaults]\ncomponent = \"c\"\n\n[[probe]]\nid = \"first\"\ntitle = \"t\"\nseverity = \"low\"\npass = \"p\"\ntcp = {{ host = \"127.0.0.1\", port = {port} }}\n\n[[probe]]\nid = \"second\"\ntitle = \"t\"\nseverity = \"low\"\npass = \"p\"\nfile = {{ path = \"p.toml\" }}\n"),
    )
    .unwrap();
    // `script` gives the command a terminal; its output is that terminal's.
    let command = format!(
        "{} probe p.toml -o out --max-concurrent 1",
        env!("CARGO_BIN_EXE_readiness")
    );
    let out = match std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            common::tool_missing(&format!("script (util-linux) is not available ({e})"));
            return;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let screen = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert!(screen.contains("[1/2] refused   first\n"), "{screen}");
    assert!(screen.contains("[2/2] pass      second\n"), "{screen}");
    assert!(
        screen.contains("2 probes: 1 passed, 1 failed or flapping"),
        "{screen}"
    );
}
