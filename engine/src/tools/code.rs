//! Where the cluster finds the tools' code. The tools are about a sixth of the engine and a page
//! that never opens the terminal never runs them, so the hosted page (built with `--cfg
//! ks_split`, `scripts/env.sh`) loads them as a separate chunk when the terminal is first used
//! (issue 26): the cluster reaches them only through `CODE`, a table of function pointers that
//! only the chunk's entry point names, and the app `install`s it once the chunk has arrived.
//! Every other build (native, tests, `trunk serve`) has the tools linked in as usual: `loaded`
//! is always `Some(&CODE)`.
//!
//! Replay stays exact: a tool command is applied only when the code is there (the app loads the
//! chunk before it replays a log holding one), and without it `Cluster::apply` refuses the
//! command (`CommandErrorKind::InvalidState`) instead of doing something else.

use super::{console_consumer, console_producer, help, run_line, Out, ToolSignal};
use crate::cluster::Cluster;
use crate::event::EventKind;

/// The entry points the cluster calls (`cluster/shell.rs`), one per thing a tool reacts to.
pub struct ToolCode {
    pub(crate) run_line: fn(&mut Cluster, &str, &mut Out) -> i32,
    pub(crate) producer_input: fn(&mut Cluster, console_producer::Running, &str, &mut Out) -> Option<i32>,
    pub(crate) producer_signal: fn(&mut Cluster, console_producer::Running, ToolSignal, &mut Out) -> Option<i32>,
    pub(crate) producer_tick: fn(&mut Cluster, console_producer::Running, &mut Out) -> Option<i32>,
    pub(crate) producer_answered: fn(&mut console_producer::Running, &EventKind, u64, &mut Out),
    pub(crate) consumer_signal: fn(&mut Cluster, console_consumer::Running, ToolSignal, &mut Out) -> Option<i32>,
    pub(crate) consumer_tick: fn(&mut Cluster, console_consumer::Running, &mut Out) -> Option<i32>,
    pub(crate) consumer_polled: fn(&mut Cluster, console_consumer::Running, &mut Out) -> Option<i32>,
    /// A tool's option names, from its `--help` table (the terminal's Tab completion).
    pub option_names: fn(&str) -> Vec<&'static str>,
}

/// The tools' code. In a split build only the chunk's entry point refers to it.
pub static CODE: ToolCode = ToolCode {
    run_line,
    producer_input: console_producer::input,
    producer_signal: console_producer::signal,
    producer_tick: console_producer::tick,
    producer_answered: console_producer::answered,
    consumer_signal: console_consumer::signal,
    consumer_tick: console_consumer::tick,
    consumer_polled: console_consumer::polled,
    option_names: help::option_names,
};

code_slot!(loaded, ToolCode, CODE);

#[cfg(test)]
mod tests {
    use super::super::{TOOLS, TOOL_NAMES};

    #[test]
    fn the_names_are_the_tools_in_order() {
        let names: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        assert_eq!(names, TOOL_NAMES);
    }

    #[test]
    fn a_native_build_has_the_tools_linked_in() {
        assert!(super::loaded().is_some());
    }
}
