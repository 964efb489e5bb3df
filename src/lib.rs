//! readiness: placeholder, the pipeline lands with issue 2.
pub mod render;
