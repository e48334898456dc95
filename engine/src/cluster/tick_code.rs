//! Where the cluster finds its tick's code (issue 26), as it finds the consumer groups'
//! (`groups/code.rs`). The tick (`Cluster::step`: the load, the producers' sender, the quorum,
//! heartbeats, replication, transactions, retention) and the commands the first screen never
//! gives (producers, sends, transactions, topic changes, the tools' lines:
//! `Command::needs_tick_code`) are a tenth of the first download, and the first screen runs
//! none of them: the page starts paused, at 0 s, and its panels that give those commands come
//! later. So the hosted page (built with `--cfg ks_split`) loads them as a chunk as soon as it
//! has mounted, first of its chunks, and its time controls and those panels wait for it. The
//! cluster reaches it only through `CODE`, a table that only the chunk's entry point names, and
//! the app `install`s it once the chunk has arrived. Every other build (native, tests, `trunk
//! serve`) has it linked in: `loaded` is always `Some(&CODE)`.
//!
//! Replay stays exact: without the code, `Cluster::apply` refuses a command that needs it
//! (`Command::needs_tick_code`), before the log, and the app steps a session only once the code
//! is here (`Session::can_step`), and loads it before it replays one (a link, a lesson, a file).
//!
//! The tick's hot path calls small helpers that main keeps for the commands and the views (the
//! maps' lookups, `TopicPartition`'s order, the record deque's reads). In the split build every
//! such call crosses into the main module through the shared function table, where neither
//! wasm-opt nor V8 can inline it: those helpers are `#[inline(always)]`, so the tick has its own
//! copies (measured: the tick's task +31 % without, +4 % with, within the host's drift).

use super::Cluster;
use crate::command::{Command, CommandError, Outcome};

/// The entry points the rest of the cluster calls.
pub struct TickCode {
    /// One tick of logical time (`Cluster::step`).
    pub(crate) step: fn(&mut Cluster),
    /// A command the first screen never gives (`Command::needs_tick_code`).
    pub(crate) execute: fn(&mut Cluster, Command) -> Result<Outcome, CommandError>,
    /// The real command line of such a command (`tools::command_line::real_command`).
    pub(crate) real_command: fn(&Command, &Cluster) -> Option<String>,
}

/// The tick's code. In a split build only the chunk's entry point refers to it.
pub static CODE: TickCode =
    TickCode { step: Cluster::tick, execute: Cluster::execute_later, real_command: crate::tools::command_line::later_line };

code_slot!(loaded, TickCode, CODE);
