//! Kafka Sandbox: the Leptos UI over the pure `engine` crate. Components are thin: they render
//! view models computed by pure functions (`view_model`) from the engine's read-only state, and
//! send user actions to the engine as commands. No Kafka rule is implemented here.

pub mod alloc_meter;
pub mod app;
pub mod bench_mode;
pub mod chunks;
pub mod ctx;
pub mod debug;
pub mod delivery_vm;
pub mod event_log;
pub mod frame_queue;
pub mod groups_vm;
pub mod history;
pub mod i18n;
pub mod lesson;
pub mod lesson_draft;
pub mod lesson_file;
pub mod lesson_vm;
pub mod narration;
pub mod producer_fates;
pub mod producers_vm;
pub mod render_budget;
pub mod segments_vm;
pub mod session;
pub mod share;
pub mod shortcuts;
pub mod step_budget;
pub mod terminal_vm;
pub mod tick_plan;
pub mod ui;
pub mod view_model;

pub use app::App;

/// Counted, for the rewind history's memory bound (`alloc_meter`).
#[global_allocator]
static ALLOCATOR: alloc_meter::Counted = alloc_meter::Counted;
