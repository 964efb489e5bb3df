//! Any bytes as one TOML file of the example folder (the first byte picks
//! which), through loading, validation and scoring. Diagnostics are fine;
//! a panic, an abort or a hang is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use readiness_fuzz::{Slot, assess_and_report, with_file};

/// Keep in step with fuzz/seed.sh.
const SLOTS: &[Slot] = &[
    Slot {
        path: "assessment.toml",
        replaces: None,
    },
    Slot {
        path: "plan.toml",
        replaces: None,
    },
    Slot {
        path: "risks.toml",
        replaces: None,
    },
    Slot {
        path: "rules.toml",
        replaces: None,
    },
    Slot {
        path: "components/1-frontend.toml",
        replaces: None,
    },
    Slot {
        path: "components/2-backend.toml",
        replaces: None,
    },
    Slot {
        path: "components/3-database.toml",
        replaces: None,
    },
    Slot {
        path: "components/4-infrastructure.toml",
        replaces: None,
    },
    Slot {
        path: "components/5-security.toml",
        replaces: None,
    },
    Slot {
        path: "components/6-monitoring.toml",
        replaces: None,
    },
    Slot {
        path: "components/7-testing.toml",
        replaces: None,
    },
    Slot {
        path: "findings/fuzz.toml",
        replaces: None,
    },
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let slot = SLOTS[pick as usize % SLOTS.len()];
    with_file(slot, text, assess_and_report);
});
