//! Writes a deterministic synthetic assessment folder for benchmarks:
//!
//! ```text
//! cargo run --release --example generate -- <findings> <out-dir>
//! cargo run --release --example generate -- fleet <systems> <weeks> <findings> <out-dir>
//! ```
//!
//! `fleet` writes one assessment folder per system and week,
//! `<out-dir>/system-<s>-<date>/` (id `system-<s>`, weekly dates from
//! 2025-09-30): the same findings every week of a system, a growing share
//! of them resolved, for the docs site's benchmark.
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
    if args.get(1).map(String::as_str) == Some("fleet") {
        let num = |i: usize| args.get(i).and_then(|n| n.parse::<usize>().ok());
        let (Some(systems), Some(weeks), Some(n), Some(out)) =
            (num(2), num(3), num(4), args.get(5))
        else {
            eprintln!("usage: generate fleet <systems> <weeks> <findings> <out-dir>");
            std::process::exit(2);
        };
        for s in 0..systems {
            for w in 0..weeks {
                let date = chrono::NaiveDate::from_ymd_opt(2025, 9, 30).unwrap()
                    + chrono::Days::new(7 * w as u64);
                let spec = Spec {
                    id: format!("system-{s:04}"),
                    system: format!("System {s}"),
                    date: format!("{}T14:57:00Z", date.format("%Y-%m-%d")),
                    seed: s as u64 + 1,
                    resolved_tenths: (2 * w).min(9),
                };
                let dir = Path::new(out).join(format!("{}-{}", spec.id, date.format("%Y-%m-%d")));
                generate(n, &dir, &spec).expect("writing the fixture");
            }
        }
        return;
    }
    let (Some(n), Some(out)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: generate <findings> <out-dir>");
        std::process::exit(2);
    };
    let spec = Spec {
        id: format!("generated-{n}"),
        system: "Synthetic".to_owned(),
        date: "2025-09-30T14:57:00Z".to_owned(),
        seed: 0,
        resolved_tenths: 0,
    };
    generate(n, Path::new(out), &spec).expect("writing the fixture");
}

/// What varies between generated assessments.
struct Spec {
    id: String,
    system: String,
    date: String,
    /// Added to the generator's seed: 0 for the single benchmark folder.
    seed: u64,
    /// Findings resolved, in tenths (by a hash of their number).
    resolved_tenths: usize,
}

impl Spec {
    fn status(&self, i: usize) -> &'static str {
        if (i.wrapping_mul(2_654_435_761) >> 7) % 10 < self.resolved_tenths {
            "resolved"
        } else {
            "open"
        }
    }
}

fn generate(n: usize, out: &Path, spec: &Spec) -> std::io::Result<()> {
    let mut rng = Rng(0x5eed_0000 + n as u64 + (spec.seed << 32));
    let components = (n / 50).clamp(3, 200);
    std::fs::create_dir_all(out.join("components"))?;
    std::fs::create_dir_all(out.join("findings/probes"))?;
    std::fs::write(
        out.join("assessment.toml"),
        format!(
            "id = \"{}\"\ntitle = \"Generated assessment with {n} findings\"\nsystem = \"{}\"\nversion = \"v1.0.0\"\ndate = {}\nassessor = \"Benchmark generator\"\nscope = \"Synthetic load\"\ncontact = \"Nobody\"\nreview_interval_days = 7\n\n[summary]\n\n[decision]\n\n[[checklist]]\ntext = \"Review the generated findings\"\naction = \"plan-0\"\n",
            spec.id, spec.system, spec.date
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
            "\n[[finding]]\nid = \"{id}\"\ntitle = \"{}\"\ndetail = \"{}\"\nseverity = \"{}\"\n{}",
            rng.sentence(5),
            rng.sentence(40),
            rng.pick(SEVERITIES),
            match spec.status(i) {
                "open" => String::new(),
                s => format!("status = \"{s}\"\n"),
            }
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
            let mut finding = serde_json::json!({
                "id": id,
                "component": format!("component-{}", i % components),
                "title": rng.sentence(5),
                "detail": rng.sentence(40),
                "severity": rng.pick(SEVERITIES),
                "source": "probe:synthetic",
                "observed_at": "2025-09-30T14:00:00Z",
            });
            if spec.status(i) != "open" {
                finding["status"] = spec.status(i).into();
            }
            findings.push(finding);
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
