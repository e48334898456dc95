//! The page's panels, one file each, and the small components they share. A panel takes from
//! context only the `ctx` handles it uses (`Views` to read, `Commands` to change the session,
//! `Inspector`, `PageChoice`, `Playing`) and never imports another panel's module. Leaf modules
//! shared by panels: `field`, `topic_select`, `log_strip`, `on_screen` (whether an element is in
//! view), `url` (the address's parameters); parts of one panel in files of their
//! own: `topic_configs` (the describe table's topic lines and `kafka-configs.sh` form),
//! `lag_chart` (a consumer group's chart) and `delivery_check` (a group's delivery check).
//! `later` is layout like `app.rs`: the panels below the first screen, a chunk of their own in
//! the hosted site.

pub mod brokers;
pub mod course_list;
pub mod create_topic;
pub mod delivery_check;
pub mod describe;
pub mod field;
pub mod files;
pub mod groups;
pub mod lag_chart;
pub mod language;
pub mod later;
pub mod lesson;
pub mod lesson_maker;
pub mod lesson_view;
pub mod log_strip;
pub mod on_screen;
pub mod partitions;
pub mod presenter;
pub mod produce;
pub mod producers;
pub mod real_command;
pub mod scrubber;
pub mod segments;
pub mod share;
pub mod terminal;
pub mod time_controls;
pub mod timeline;
pub mod topic_configs;
pub mod topic_select;
pub mod url;
