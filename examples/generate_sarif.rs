//! Writes a deterministic SARIF log of about N megabytes for the import
//! benchmark (BENCHMARKS.md): one run, 20 rules with security-severity,
//! results spread over them, each with a location, a snippet and a
//! partial fingerprint.
//!
//! `cargo run --release --example generate_sarif -- 50 target/big.sarif`

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(mb), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: generate_sarif MEGABYTES FILE");
        std::process::exit(2);
    };
    let mb: usize = mb.parse().expect("MEGABYTES is a number");
    let (text, results) = big_sarif(mb * 1024 * 1024);
    std::fs::write(&path, text).expect("the file is written");
    println!("wrote {path} ({results} results)");
}

/// A SARIF log of about `bytes` bytes: one run, 20 rules, results spread
/// over them, each with a location, a snippet and fingerprints.
pub fn big_sarif(bytes: usize) -> (String, usize) {
    let mut out = String::with_capacity(bytes + 4096);
    out.push_str("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Generated\",\"version\":\"1.0\",\"rules\":[");
    for r in 0..20 {
        if r > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"id\":\"G{r:03}\",\"shortDescription\":{{\"text\":\"generated rule {r}\"}},\"properties\":{{\"security-severity\":\"{}.5\"}}}}",
            r % 10
        ));
    }
    out.push_str("]}},\"results\":[");
    let mut n = 0usize;
    while out.len() < bytes {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"ruleId\":\"G{:03}\",\"level\":\"warning\",\"message\":{{\"text\":\"generated result {n} with a message long enough to look like a real one\"}},\"locations\":[{{\"physicalLocation\":{{\"artifactLocation\":{{\"uri\":\"src/module_{}/file_{}.py\"}},\"region\":{{\"startLine\":{},\"startColumn\":5,\"snippet\":{{\"text\":\"result = call_something(argument_{n})\"}}}}}}}}],\"partialFingerprints\":{{\"primaryLocationLineHash\":\"{n:016x}:1\"}}}}",
            n % 20,
            n % 50,
            n % 97,
            n % 3000 + 1
        ));
        n += 1;
    }
    out.push_str("]}]}");
    (out, n)
}
