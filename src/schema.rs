//! JSON Schemas of the input files, for editors validating as users type.

use schemars::{JsonSchema, Schema, schema_for};

use crate::model::{AssessmentFile, ComponentFile, FindingsFile, PlanFile, RisksFile};
use crate::score::rules::rules_file_schema;

/// The kinds of input file, by the name `readiness schema` takes.
pub const KINDS: &[&str] = &[
    "assessment",
    "component",
    "findings",
    "plan",
    "risks",
    "rules",
];

/// Kinds of file that are not part of an assessment folder (so not in
/// the all-kinds schema): `probes`, the probe file of `readiness probe`.
pub const OTHER_KINDS: &[&str] = &["probes"];

/// The schema of one kind of file, or of all (as `anyOf`) when `kind` is `None`.
pub fn schema(kind: Option<&str>) -> Option<Schema> {
    fn one<T: JsonSchema>() -> Schema {
        schema_for!(T)
    }
    Some(match kind {
        Some("assessment") => one::<AssessmentFile>(),
        Some("component") => one::<ComponentFile>(),
        Some("findings") => one::<FindingsFile>(),
        Some("plan") => one::<PlanFile>(),
        Some("risks") => one::<RisksFile>(),
        Some("probes") => one::<crate::probe::model::ProbeFile>(),
        // Sections may be given in part: none of their keys is required.
        Some("rules") => Schema::try_from(rules_file_schema()).expect("an object is a schema"),
        Some(_) => return None,
        None => {
            // Each kind's definitions move to the root so every `$ref` still resolves.
            let mut defs = serde_json::Map::new();
            let mut all = Vec::new();
            for k in KINDS {
                let mut v = serde_json::to_value(schema(Some(k)).expect("known kind"))
                    .expect("schema is JSON");
                let obj = v.as_object_mut().expect("a schema is an object");
                obj.remove("$schema");
                if let Some(serde_json::Value::Object(d)) = obj.remove("$defs") {
                    defs.extend(d);
                }
                all.push(v);
            }
            let value = serde_json::json!({
                "$defs": defs,
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": "readiness input file",
                "description": "Any file of a readiness assessment folder; `readiness schema <kind>` prints the schema of one kind.",
                "anyOf": all,
            });
            Schema::try_from(value).expect("an object is a schema")
        }
    })
}
