//! The page's panels, one file each, and the small components they share. A panel reads view
//! models through `ctx::Ctx` and sends commands through it; no panel imports another's module
//! (shared pieces: `field`, `topic_select`, `log_strip`, and `partitions`' memos for the
//! describe table).

pub mod brokers;
pub mod create_topic;
pub mod describe;
pub mod field;
pub mod groups;
pub mod lag_chart;
pub mod log_strip;
pub mod partitions;
pub mod produce;
pub mod time_controls;
pub mod timeline;
pub mod topic_configs;
pub mod topic_select;
