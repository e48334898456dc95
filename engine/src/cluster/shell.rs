//! The terminal's commands (`Command::RunTool`, `ToolInput`, `ToolSignal`): a line runs one of
//! Kafka's shell tools (`crate::tools`), whose text leaves as `ToolOutput` events. A console
//! producer or consumer then holds the terminal (`foreground`) until its input ends, Ctrl-C, or
//! `--max-messages`.

use super::Cluster;
use crate::command::{CommandError, CommandErrorKind, Outcome};
use crate::event::EventKind;
use crate::tools::{self, Foreground, Out, ToolSignal};

impl Cluster {
    pub(super) fn run_tool(&mut self, line: &str) -> Result<Outcome, CommandError> {
        if line.len() > tools::shell_words::LINE_BYTES_MAX {
            return Err(CommandError::new(
                CommandErrorKind::LimitExceeded,
                format!("a command line is at most {} bytes", tools::shell_words::LINE_BYTES_MAX),
            ));
        }
        if let Some(f) = &self.foreground {
            return Err(CommandError::new(
                CommandErrorKind::InvalidState,
                format!("{} holds the terminal: end it with Ctrl-D or Ctrl-C first", f.tool()),
            ));
        }
        let Some(tool_code) = tools::code::loaded() else {
            // The hosted page loads the tools when the terminal is first used (`tools::code`).
            return Err(CommandError::new(CommandErrorKind::InvalidState, "the terminal's tools are not loaded"));
        };
        let mut out = Out::default();
        let code = (tool_code.run_line)(self, line, &mut out);
        self.emit_output(out);
        if self.foreground.is_none() {
            self.emit(EventKind::ToolExited { code });
        }
        Ok(Outcome::Ran(code))
    }

    pub(super) fn tool_input(&mut self, line: &str) -> Result<Outcome, CommandError> {
        if line.len() > tools::shell_words::LINE_BYTES_MAX {
            return Err(CommandError::new(
                CommandErrorKind::LimitExceeded,
                format!("an input line is at most {} bytes", tools::shell_words::LINE_BYTES_MAX),
            ));
        }
        let mut out = Out::default();
        // A tool holds the terminal only if the tools' code ran it.
        let ended = match (self.foreground.take(), tools::code::loaded()) {
            (Some(Foreground::ConsoleProducer(run)), Some(code)) => (code.producer_input)(self, run, line, &mut out),
            (other, _) => {
                self.foreground = other;
                return Err(CommandError::new(CommandErrorKind::InvalidState, "no tool is reading input"));
            }
        };
        self.emit_output(out);
        if let Some(code) = ended {
            self.emit(EventKind::ToolExited { code });
        }
        Ok(Outcome::Done)
    }

    pub(super) fn tool_signal(&mut self, signal: ToolSignal) -> Result<Outcome, CommandError> {
        let (Some(code), Some(_)) = (tools::code::loaded(), &self.foreground) else {
            return Err(CommandError::new(CommandErrorKind::InvalidState, "no tool holds the terminal"));
        };
        let mut out = Out::default();
        let ended = match self.foreground.take() {
            Some(Foreground::ConsoleProducer(run)) => (code.producer_signal)(self, run, signal, &mut out),
            Some(Foreground::ConsoleConsumer(run)) => (code.consumer_signal)(self, run, signal, &mut out),
            None => return Err(CommandError::new(CommandErrorKind::InvalidState, "no tool holds the terminal")),
        };
        self.emit_output(out);
        if let Some(code) = ended {
            self.emit(EventKind::ToolExited { code });
        }
        Ok(Outcome::Done)
    }

    /// Once per step while a tool holds the terminal: a closing producer finishing, a console
    /// consumer's `--timeout-ms` or its client gone.
    pub(super) fn tick_foreground(&mut self) {
        let Some(code) = tools::code::loaded() else { return };
        let mut out = Out::default();
        let ended = match self.foreground.take() {
            Some(Foreground::ConsoleProducer(run)) => (code.producer_tick)(self, run, &mut out),
            Some(Foreground::ConsoleConsumer(run)) => (code.consumer_tick)(self, run, &mut out),
            None => return,
        };
        self.emit_output(out);
        if let Some(code) = ended {
            self.emit(EventKind::ToolExited { code });
        }
    }

    /// A console consumer's poll returned `delivered` (topic-partition, from, to): it prints them.
    pub(crate) fn console_consumer_polled(&mut self, consumer: crate::ids::ConsumerId) {
        // Only the console consumer's own polls print (a producer may hold the terminal, or
        // another consumer polled).
        if !matches!(&self.foreground, Some(Foreground::ConsoleConsumer(run)) if run.consumer == Some(consumer)) {
            return;
        }
        let Some(code) = tools::code::loaded() else { return };
        let Some(Foreground::ConsoleConsumer(run)) = self.foreground.take() else { return };
        let mut out = Out::default();
        let ended = (code.consumer_polled)(self, run, &mut out);
        self.emit_output(out);
        if let Some(code) = ended {
            self.emit(EventKind::ToolExited { code });
        }
    }

    pub(crate) fn emit_output(&mut self, out: Out) {
        for (stream, text) in out.chunks {
            self.emit(EventKind::ToolOutput { stream, text });
        }
    }
}
