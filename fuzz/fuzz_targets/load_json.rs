//! Any bytes as one JSON file of the example folder (the first byte picks
//! which: a findings file, or the JSON form of a TOML file), through
//! loading, validation and scoring. Diagnostics are fine; a panic, an
//! abort or a hang is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use readiness_fuzz::{Slot, assess_and_report, with_file};

/// Keep in step with fuzz/seed.sh.
const SLOTS: &[Slot] = &[
    Slot {
        path: "findings/probes/tcp.json",
        replaces: None,
    },
    Slot {
        path: "findings/fuzz.json",
        replaces: None,
    },
    Slot {
        path: "assessment.json",
        replaces: Some("assessment.toml"),
    },
    Slot {
        path: "plan.json",
        replaces: Some("plan.toml"),
    },
    Slot {
        path: "risks.json",
        replaces: Some("risks.toml"),
    },
    Slot {
        path: "rules.json",
        replaces: None,
    },
    Slot {
        path: "components/2-backend.json",
        replaces: Some("components/2-backend.toml"),
    },
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let slot = SLOTS[pick as usize % SLOTS.len()];
    with_file(slot, text, assess_and_report);
});
