//! The part of a SARIF 2.1.0 log the importer reads, as serde types.
//! Unknown fields are ignored (real tools add many); loosely typed fields
//! (`security-severity`, `tags`) are kept as JSON values and read with
//! care; each run, rule and result is a [`Lenient`] value, so one that does
//! not fit costs itself, not the file.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A value read on its own: the typed value, or why it does not fit. A
/// bad element of a list then costs that element, not the file.
#[derive(Debug)]
pub(super) enum Lenient<T> {
    Ok(T),
    Bad { path: String, reason: String },
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // One element at a time as a tree: bounded by the element's size.
        let value = serde_json::Value::deserialize(d)?;
        Ok(match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Lenient::Ok(v),
            Err(e) => {
                let path = e.path().to_string();
                Lenient::Bad {
                    path: if path == "." { String::new() } else { path },
                    reason: e.into_inner().to_string(),
                }
            }
        })
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct Log {
    pub(super) version: Option<serde_json::Value>,
    pub(super) runs: Option<Vec<Run>>,
}

/// A run. Not a [`Lenient`] value as a whole: that would hold all its
/// results in one JSON tree (ten times the file's size); its parts are.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Run {
    #[serde(default)]
    pub(super) tool: Option<Lenient<Tool>>,
    #[serde(default)]
    pub(super) results: Option<Vec<Lenient<SarifResult>>>,
    #[serde(default)]
    pub(super) invocations: Option<Vec<Lenient<Invocation>>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Tool {
    pub(super) driver: Component,
    #[serde(default)]
    pub(super) extensions: Option<Vec<Lenient<Component>>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Component {
    pub(super) name: String,
    #[serde(default)]
    pub(super) version: Option<String>,
    #[serde(default)]
    pub(super) semantic_version: Option<String>,
    #[serde(default)]
    pub(super) rules: Option<Vec<Lenient<Rule>>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Rule {
    pub(super) id: String,
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) short_description: Option<Message>,
    #[serde(default)]
    pub(super) full_description: Option<Message>,
    #[serde(default)]
    pub(super) default_configuration: Option<Configuration>,
    #[serde(default)]
    pub(super) properties: Option<Properties>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Configuration {
    #[serde(default)]
    pub(super) level: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Properties {
    /// A string in the tools that follow GitHub (`"8.8"`), sometimes a number.
    #[serde(default, rename = "security-severity")]
    pub(super) security_severity: Option<serde_json::Value>,
    #[serde(default)]
    pub(super) tags: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Message {
    #[serde(default)]
    pub(super) text: Option<String>,
}

/// A result as the importer keeps it: what the evidence and the grouping
/// need and no more (the first location, the fingerprint hashed), so a
/// log of a hundred thousand results stays small in memory.
#[derive(Debug, Deserialize)]
#[serde(from = "RawResult")]
pub(super) struct SarifResult {
    /// `ruleId`, else `rule.id`.
    pub(super) rule_id: Option<String>,
    /// `rule.index`, else `ruleIndex`.
    pub(super) rule_index: Option<i64>,
    pub(super) kind: Option<String>,
    pub(super) level: Option<String>,
    pub(super) message: Option<Message>,
    /// The first location only.
    pub(super) location: Option<Location>,
    pub(super) suppressions: Option<Vec<Suppression>>,
    /// 12 hex digits identifying the result across runs: see [`fingerprint`].
    pub(super) fingerprint: String,
}

impl From<RawResult> for SarifResult {
    fn from(raw: RawResult) -> Self {
        let fingerprint = fingerprint(&raw);
        let mut location = raw.locations.and_then(|l| l.into_iter().next());
        if let Some(logical) = location.as_mut().and_then(|l| l.logical_locations.as_mut()) {
            logical.truncate(1);
        }
        SarifResult {
            rule_id: raw
                .rule_id
                .or_else(|| raw.rule.as_ref().and_then(|r| r.id.clone())),
            rule_index: raw.rule.as_ref().and_then(|r| r.index).or(raw.rule_index),
            kind: raw.kind,
            level: raw.level,
            message: raw.message,
            location,
            suppressions: raw.suppressions,
            fingerprint,
        }
    }
}

/// A result's identity across runs: its fingerprints (or partial ones),
/// else what it says and where (file, message, snippet), never its line.
fn fingerprint(result: &RawResult) -> String {
    let prints = result
        .fingerprints
        .as_ref()
        .filter(|f| !f.is_empty())
        .or(result
            .partial_fingerprints
            .as_ref()
            .filter(|f| !f.is_empty()));
    let basis = match prints {
        Some(prints) => prints
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\n"),
        None => {
            let loc = result
                .locations
                .iter()
                .flatten()
                .next()
                .and_then(|l| l.physical_location.as_ref());
            let uri = loc
                .and_then(|p| p.artifact_location.as_ref())
                .and_then(|a| a.uri.as_deref())
                .unwrap_or("");
            let snippet = loc
                .and_then(|p| p.region.as_ref())
                .and_then(|r| r.snippet.as_ref())
                .and_then(|s| s.text.as_deref())
                .unwrap_or("");
            let message = result
                .message
                .as_ref()
                .and_then(|m| m.text.as_deref())
                .unwrap_or("");
            format!("{uri}\n{message}\n{}", snippet.trim())
        }
    };
    crate::import::provenance::sha256_hex(basis.as_bytes())[..12].to_owned()
}

/// A result as SARIF writes it (the fields read).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawResult {
    #[serde(default)]
    pub(super) rule_id: Option<String>,
    #[serde(default)]
    pub(super) rule_index: Option<i64>,
    #[serde(default)]
    pub(super) rule: Option<RuleReference>,
    #[serde(default)]
    pub(super) kind: Option<String>,
    #[serde(default)]
    pub(super) level: Option<String>,
    #[serde(default)]
    pub(super) message: Option<Message>,
    #[serde(default)]
    pub(super) locations: Option<Vec<Location>>,
    #[serde(default)]
    pub(super) suppressions: Option<Vec<Suppression>>,
    #[serde(default)]
    pub(super) fingerprints: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default)]
    pub(super) partial_fingerprints: Option<BTreeMap<String, serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RuleReference {
    #[serde(default)]
    pub(super) id: Option<String>,
    #[serde(default)]
    pub(super) index: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Location {
    #[serde(default)]
    pub(super) physical_location: Option<PhysicalLocation>,
    #[serde(default)]
    pub(super) logical_locations: Option<Vec<LogicalLocation>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PhysicalLocation {
    #[serde(default)]
    pub(super) artifact_location: Option<ArtifactLocation>,
    #[serde(default)]
    pub(super) region: Option<Region>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ArtifactLocation {
    #[serde(default)]
    pub(super) uri: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Region {
    #[serde(default)]
    pub(super) start_line: Option<u64>,
    #[serde(default)]
    pub(super) start_column: Option<u64>,
    #[serde(default)]
    pub(super) snippet: Option<Message>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LogicalLocation {
    #[serde(default)]
    pub(super) fully_qualified_name: Option<String>,
    #[serde(default)]
    pub(super) name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Suppression {
    #[serde(default)]
    pub(super) kind: Option<String>,
    #[serde(default)]
    pub(super) status: Option<String>,
    #[serde(default)]
    pub(super) justification: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Invocation {
    #[serde(default)]
    pub(super) end_time_utc: Option<String>,
    #[serde(default)]
    pub(super) start_time_utc: Option<String>,
}
