//! Any bytes as a report for `readiness import` (the first byte picks
//! SARIF or JUnit XML, and SARIF's grouping), through the importer. What
//! it writes must then load, validate and score in the example folder
//! without a problem: the importer's output is always valid input. Two
//! things are left out first, by design rather than by bug: `observed_at`
//! (the report's own time, which may lie after the example's date: the
//! loader rejects a finding observed after its assessment), and an
//! accepted finding without `expires` (a suppression in a report that gives
//! no time: `build` asks the user for the expiry, docs/input-format.md).
//! Diagnostics about the report are fine; a panic, an abort, a hang, or an
//! imported findings file the loader rejects otherwise is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use readiness::import::{Grouping, ImportOptions, ReportFormat, import};
use readiness_fuzz::{Slot, scratch, with_file};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, report)) = data.split_first() else {
        return;
    };
    let (format, name) = if pick & 1 == 0 {
        (ReportFormat::Sarif, "report.sarif")
    } else {
        (ReportFormat::Junit, "report.xml")
    };
    let grouping = if pick & 2 == 0 {
        Grouping::Rule
    } else {
        Grouping::Result
    };
    let path = scratch().join(name);
    std::fs::write(&path, report).expect("write the report");
    let options = ImportOptions {
        format,
        files: vec![path],
        component: "backend".to_owned(),
        grouping,
    };
    let Ok(findings) = import(&options, &mut |_| {}) else {
        return;
    };
    let mut file: serde_json::Value =
        serde_json::from_slice(&findings).expect("the importer writes JSON");
    if let Some(list) = file["finding"].as_array_mut() {
        list.retain(|f| f["status"] != "accepted" || f.get("expires").is_some());
        for finding in list {
            if let Some(f) = finding.as_object_mut() {
                f.remove("observed_at");
            }
        }
    }
    let findings = serde_json::to_vec_pretty(&file).expect("JSON serializes");
    let slot = Slot {
        path: "findings/imported-fuzz.json",
        replaces: None,
    };
    with_file(slot, &findings, |dir| {
        if let Err(problems) = readiness::assess(dir) {
            panic!(
                "an imported findings file does not load:\n{problems}\n{}",
                String::from_utf8_lossy(&findings)
            );
        }
    });
});
