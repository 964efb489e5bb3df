//! `readiness init`: a small commented starter assessment that builds as
//! is, to edit into one's own.

use std::path::{Path, PathBuf};

use crate::model::Timestamp;
use crate::{Error, write};

const ASSESSMENT: &str = r#"# The assessment as a whole. docs/input-format.md describes every field;
# `readiness schema assessment` prints the schema for editors.
id = "my-service"                     # a slug: output folders are <id>-<date>
title = "My Service - Production Readiness Assessment"
system = "My Service"
version = "v1.0.0"
date = DATE                           # when the assessment is made (UTC)
assessor = "Your Name"
scope = "Full end-to-end system evaluation"
contact = "On-call team"
review_interval_days = 7              # `readiness next` rolls to date + this

# Optional: the executive summary's wording.
[summary]
status_note = "First assessment"

# Issues to lead the report with; they leave the list once their findings close.
[[key_issue]]
title = "Monitoring"
detail = "No alerting on the service's error rate yet"
findings = ["service-no-alerting"]

# What must be true before deploying; an item tied to an action is done
# when its action is.
[[checklist]]
text = "Alert on the error rate"
action = "service-alerting"
"#;

const COMPONENT: &str = r#"# One component of the system: its findings, strengths and recommendations.
id = "service"
name = "Service"
order = 1                             # position in the report

[[strength]]
title = "Health checks"
detail = "`/healthz` answers within 50 ms"

# A finding: severity critical, high, medium, low or info; status open
# (default), resolved, or accepted (with reason, accepted_by and expires).
[[finding]]
id = "service-no-alerting"
title = "No alerting on the error rate"
severity = "high"

# A recommendation: horizon immediate, short-term or long-term; its due date
# is fixed the week it first appears.
[[action]]
id = "service-alerting"
horizon = "immediate"
title = "Alert on a 1% error rate over 5 minutes"
findings = ["service-no-alerting"]
owner = "Platform team"
"#;

/// The starter's files, dated `date`.
fn files(date: Timestamp) -> Vec<(PathBuf, Vec<u8>)> {
    vec![
        (
            PathBuf::from("assessment.toml"),
            ASSESSMENT.replace("DATE", &date.rfc3339()).into_bytes(),
        ),
        (
            PathBuf::from("components/service.toml"),
            COMPONENT.as_bytes().to_vec(),
        ),
    ]
}

/// Writes the starter assessment into `dir`, which must not exist or be
/// an empty folder.
pub fn init(dir: &Path, date: Timestamp) -> Result<(), Error> {
    let files = files(date);
    match std::fs::read_dir(dir) {
        Err(_) => write::create_tree(dir, &files),
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::Roll(format!(
                    "`{}` is not empty: `readiness init` writes a new assessment into a new or empty folder",
                    dir.display()
                )));
            }
            // Staged in a folder inside, then moved up: nothing half-written.
            let staged = dir.join(format!(".readiness-init.tmp-{}", std::process::id()));
            write::create_tree(&staged, &files).and_then(|()| {
                let moved = ["assessment.toml", "components"].iter().try_for_each(|name| {
                    std::fs::rename(staged.join(name), dir.join(name))
                        .map_err(|e| (dir.join(name), e))
                });
                let _ = std::fs::remove_dir_all(&staged);
                moved
            })
        }
    }
    .map_err(|(path, source)| Error::Write { path, source })
}
