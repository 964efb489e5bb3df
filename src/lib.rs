//! readiness (in progress)
pub mod diag;
pub mod load;
pub mod model;
pub mod score;
pub mod validate;
pub mod render;
