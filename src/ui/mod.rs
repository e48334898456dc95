//! The page's components that are not tied to one panel.

pub mod field;
