//! `assessment.json`: the scored assessment itself, a renderer like the others.

use crate::score::ScoredAssessment;

/// The scored assessment as pretty JSON, keys in declaration order.
pub fn render_json(a: &ScoredAssessment) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(a).expect("the scored assessment serializes");
    bytes.push(b'\n');
    bytes
}
