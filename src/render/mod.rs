//! Renderers: one module per output format, over one typed document.
//!
//! The Markdown renderer (Tera templates) writes the report's prose with
//! directive markers ([`crate::document::directive`]); `report.md` is that
//! prose with each marker replaced by its Markdown. The same prose is
//! parsed once into a [`crate::document::Document`], which the HTML writer
//! and the PDF layout both draw. JSON is the scored assessment itself, and
//! [`summary`] is what `check` prints.
//!
//! Validation rejects everything a renderer could fail on, so an error
//! from [`html`] or [`pdf`] is a bug, never a problem of the input.

mod chart;
pub mod html;
pub mod json;
pub mod markdown;
pub mod pdf;
pub mod summary;
pub mod template_check;
pub mod templates;
