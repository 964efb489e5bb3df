//! Writes a deterministic synthetic assessment folder for benchmarks:
//!
//! ```text
//! cargo run --release --example generate -- <findings> <out-dir>
//! ```
//!
//! The same arguments always give the same bytes: a fixed-seed generator,
//! no clock. Findings (about 40 words of detail each) are spread over
//! components, half inline in component files and half in probe files
//! under findings/, 100 per file.

use std::fmt::Write as _;
use std::path::Path;

const WORDS: &[&str] = &[
    "latency",
    "service",
    "endpoint",
    "timeout",
    "replica",
    "certificate",
    "rotation",
    "cache",
    "queue",
    "backlog",
    "retry",
    "budget",
    "alert",
    "dashboard",
    "schema",
    "migration",
    "index",
    "throughput",
    "memory",
    "pressure",
    "container",
    "restart",
    "probe",
    "ingress",
    "policy",
    "secret",
    "token",
    "audit",
    "coverage",
    "regression",
    "deploy",
    "rollback",
    "canary",
    "shard",
    "failover",
    "backup",
    "restore",
    "quota",
    "limit",
    "burst",
];
const SEVERITIES: &[&str] = &[
    "critical", "high", "medium", "medium", "low", "low", "low", "info",
];
const HORIZONS: &[&str] = &["immediate", "short-term", "long-term"];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: tiny, fast, and the same everywhere.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.pick(WORDS));
        }
        s
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(out)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: generate <findings> <out-dir>");
        std::process::exit(2);
    };
    generate(n, Path::new(out)).expect("writing the fixture");
}

fn generate(n: usize, out: &Path) -> std::io::Result<()> {
    let mut rng = Rng(0x5eed_0000 + n as u64);
    let components = (n / 50).clamp(3, 200);
    std::fs::create_dir_all(out.join("components"))?;
    std::fs::create_dir_all(out.join("findings/probes"))?;
    std::fs::write(
        out.join("assessment.toml"),
        format!(
            "id = \"generated-{n}\"\ntitle = \"Generated assessment with {n} findings\"\nsystem = \"Synthetic\"\nversion = \"v1.0.0\"\ndate = 2025-09-30T14:57:00Z\nassessor = \"Benchmark generator\"\nscope = \"Synthetic load\"\ncontact = \"Nobody\"\nreview_interval_days = 7\n\n[summary]\n\n[decision]\n\n[[checklist]]\ntext = \"Review the generated findings\"\naction = \"plan-0\"\n"
        ),
    )?;
    let inline = n / 2;
    let mut ids = Vec::with_capacity(n);
    let mut component_files: Vec<String> = (0..components)
        .map(|c| format!("id = \"component-{c}\"\nname = \"Component {c}\"\norder = {c}\n\n[[strength]]\ntitle = \"Strength\"\ndetail = \"{}\"\n", rng.sentence(12)))
        .collect();
    for i in 0..inline {
        let c = i % components;
        let id = format!("finding-{i}");
        let _ = write!(
            component_files[c],
            "\n[[finding]]\nid = \"{id}\"\ntitle = \"{}\"\ndetail = \"{}\"\nseverity = \"{}\"\n",
            rng.sentence(5),
            rng.sentence(40),
            rng.pick(SEVERITIES)
        );
        ids.push(id);
    }
    for (c, text) in component_files.iter_mut().enumerate() {
        let _ = write!(
            text,
            "\n[[action]]\nid = \"component-{c}-action\"\nhorizon = \"{}\"\ntitle = \"{}\"\n",
            HORIZONS[c % 3],
            rng.sentence(6)
        );
    }
    for (c, text) in component_files.iter().enumerate() {
        std::fs::write(out.join(format!("components/{c:04}.toml")), text)?;
    }
    let mut i = inline;
    let mut file = 0;
    while i < n {
        let mut findings = Vec::new();
        for _ in 0..100.min(n - i) {
            let id = format!("finding-{i}");
            findings.push(serde_json::json!({
                "id": id,
                "component": format!("component-{}", i % components),
                "title": rng.sentence(5),
                "detail": rng.sentence(40),
                "severity": rng.pick(SEVERITIES),
                "source": "probe:synthetic",
                "observed_at": "2025-09-30T14:00:00Z",
            }));
            ids.push(id);
            i += 1;
        }
        let doc = serde_json::json!({ "finding": findings });
        std::fs::write(
            out.join(format!("findings/probes/{file:04}.json")),
            serde_json::to_vec_pretty(&doc)?,
        )?;
        file += 1;
    }
    let mut plan = String::new();
    for a in 0..12 {
        let f = &ids[(a * 7919) % ids.len()];
        let _ = write!(
            plan,
            "[[action]]\nid = \"plan-{a}\"\nhorizon = \"{}\"\ntitle = \"{}\"\nfindings = [\"{f}\"]\ndetail = \"\"\"\n- {}\n- {}\n\"\"\"\n\n",
            HORIZONS[a / 4],
            rng.sentence(4),
            rng.sentence(8),
            rng.sentence(8)
        );
    }
    std::fs::write(out.join("plan.toml"), plan)?;
    let mut risks = String::new();
    let impacts = ["low", "medium", "high", "severe"];
    let likelihoods = ["low", "medium", "likely", "certain"];
    for r in 0..8 {
        let f = &ids[(r * 104_729) % ids.len()];
        let _ = write!(
            risks,
            "[[risk]]\nid = \"risk-{r}\"\ntitle = \"{}\"\nimpact = \"{}\"\nlikelihood = \"{}\"\nfindings = [\"{f}\"]\n\n",
            rng.sentence(3),
            impacts[r % 4],
            likelihoods[(r / 2) % 4]
        );
    }
    std::fs::write(out.join("risks.toml"), risks)
}
