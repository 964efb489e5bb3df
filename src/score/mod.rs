//! Scoring: applies the rules to a checked assessment. Pure: no I/O, no text formatting.
pub mod rules;
