//! A terminal session from a script (`ksim sh`, the tools' tests): each line is typed as the
//! page's terminal would send it, and the transcript is what the page shows. A console
//! producer's records follow its command up to a line `^D` (or `^C`); a console consumer runs
//! until it ends by itself (`--max-messages`, `--timeout-ms`) or, like a learner pressing
//! Ctrl-C, after `CONSUMER_IDLE_MS` of cluster time without a record.

use super::transcript::{Piece, Transcript};
use super::{Foreground, ToolSignal};
use crate::cluster::Cluster;
use crate::command::Command;

/// Cluster time between two command lines: what a real shell spends starting the next JVM, so
/// what one command started (a commit, a send) has landed before the next one looks.
pub const BETWEEN_COMMANDS_MS: u64 = 1_000;
/// A console consumer without `--max-messages` or `--timeout-ms` is interrupted after this long
/// without printing a record.
pub const CONSUMER_IDLE_MS: u64 = 10_000;
/// The most cluster time one tool may hold the script (a producer closing, a consumer waiting).
pub const TOOL_RUN_MS_MAX: u64 = 600_000;
/// Script lines read (the rest is ignored with a note on stderr by `ksim sh`).
pub const SCRIPT_LINES_MAX: usize = 10_000;

pub struct Shell {
    pub transcript: Transcript,
    /// The exit code of the last tool that ended (`$?`).
    pub last_exit: Option<i32>,
}

impl Default for Shell {
    fn default() -> Self {
        Shell::new()
    }
}

impl Shell {
    pub fn new() -> Self {
        Shell { transcript: Transcript::default(), last_exit: None }
    }

    /// Runs every line of `script` against `cluster`.
    pub fn run_script(&mut self, cluster: &mut Cluster, script: &str) {
        for line in script.lines().take(SCRIPT_LINES_MAX) {
            self.line(cluster, line.trim_end_matches('\r'));
        }
        // A producer left reading at the end of the script gets its end of input.
        if cluster.foreground().is_some_and(Foreground::reads_input) {
            self.signal(cluster, ToolSignal::Eof);
        }
    }

    /// One line, as typed at the terminal: a command at the prompt, or input to the running tool.
    pub fn line(&mut self, cluster: &mut Cluster, line: &str) {
        if cluster.foreground().is_some_and(Foreground::reads_input) {
            match line.trim() {
                "^D" => self.signal(cluster, ToolSignal::Eof),
                "^C" => self.signal(cluster, ToolSignal::Interrupt),
                _ => {
                    self.transcript.push(Piece::Input(line.to_string()));
                    let _ = cluster.apply(Command::ToolInput { line: line.to_string() });
                    self.drain(cluster);
                }
            }
            return;
        }
        if line.trim().is_empty() {
            return;
        }
        self.transcript.push(Piece::Command(line.to_string()));
        if line.trim_start().starts_with('#') {
            return;
        }
        let r = cluster.apply(Command::RunTool { line: line.to_string() });
        self.drain(cluster);
        if let Err(e) = r {
            self.transcript.push(Piece::Refused(e.message));
        }
        if matches!(cluster.foreground(), Some(Foreground::ConsoleConsumer(_))) {
            self.await_consumer(cluster);
        }
        // A producer fed by a pipe: the pipeline ends once it has closed.
        let deadline = cluster.now().0 + TOOL_RUN_MS_MAX;
        while cluster.foreground().is_some_and(|f| !f.reads_input()) && cluster.now().0 < deadline {
            self.step(cluster);
        }
        if cluster.foreground().is_none() {
            self.advance(cluster, BETWEEN_COMMANDS_MS);
        }
    }

    fn signal(&mut self, cluster: &mut Cluster, signal: ToolSignal) {
        if signal == ToolSignal::Interrupt {
            self.transcript.push(Piece::Interrupt);
        }
        let _ = cluster.apply(Command::ToolSignal { signal });
        self.drain(cluster);
        // The tool exits once its producer has closed.
        let deadline = cluster.now().0 + TOOL_RUN_MS_MAX;
        while cluster.foreground().is_some() && cluster.now().0 < deadline {
            self.step(cluster);
        }
        self.advance(cluster, BETWEEN_COMMANDS_MS);
    }

    fn await_consumer(&mut self, cluster: &mut Cluster) {
        let deadline = cluster.now().0 + TOOL_RUN_MS_MAX;
        let mut last_output = cluster.now().0;
        let bounded =
            matches!(cluster.foreground(), Some(Foreground::ConsoleConsumer(r)) if r.max_messages.is_some() || r.timeout_ms.is_some());
        while cluster.foreground().is_some() && cluster.now().0 < deadline {
            let before = self.transcript.pieces.len();
            let printed = match cluster.foreground() {
                Some(Foreground::ConsoleConsumer(r)) => r.printed,
                _ => 0,
            };
            self.step(cluster);
            let now_printed = match cluster.foreground() {
                Some(Foreground::ConsoleConsumer(r)) => r.printed,
                _ => printed,
            };
            if now_printed != printed || self.transcript.pieces.len() != before {
                last_output = cluster.now().0;
            }
            if !bounded && cluster.now().0 - last_output >= CONSUMER_IDLE_MS {
                self.transcript.push(Piece::Interrupt);
                let _ = cluster.apply(Command::ToolSignal { signal: ToolSignal::Interrupt });
                self.drain(cluster);
            }
        }
        if cluster.foreground().is_some() {
            self.transcript.push(Piece::Interrupt);
            let _ = cluster.apply(Command::ToolSignal { signal: ToolSignal::Interrupt });
            self.drain(cluster);
        }
    }

    fn advance(&mut self, cluster: &mut Cluster, ms: u64) {
        let until = cluster.now().0 + ms;
        while cluster.now().0 < until {
            self.step(cluster);
        }
    }

    fn step(&mut self, cluster: &mut Cluster) {
        cluster.step();
        self.drain(cluster);
    }

    fn drain(&mut self, cluster: &mut Cluster) {
        while let Some(e) = cluster.poll_event() {
            if let crate::event::EventKind::ToolExited { code } = e.kind {
                self.last_exit = Some(code);
            }
            self.transcript.observe(&e.kind);
        }
    }

    /// The transcript, with the sandbox verbs' notes in English.
    pub fn render(&self) -> String {
        self.transcript.render(super::sandbox::stands_for_en)
    }
}
