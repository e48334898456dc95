//! The terminal's transcript: the lines typed, what the tools printed, and the sandbox verbs'
//! notes, in order, bounded. The page's terminal and `ksim sh` keep the same one, so a script
//! prints what the page shows.

use super::sandbox::SandboxVerb;
use super::ToolStream;
use crate::event::EventKind;
use std::collections::VecDeque;

/// The most text a transcript keeps; the oldest pieces go first.
pub const TRANSCRIPT_BYTES_MAX: usize = 256 * 1024;

/// The shell's prompt before a typed command.
pub const PROMPT: &str = "$ ";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A command line typed at the prompt.
    Command(String),
    /// A line typed to the running tool (echoed as a terminal echoes it).
    Input(String),
    /// Ctrl-C (`^C`) or Ctrl-D (nothing shows).
    Interrupt,
    /// What a tool printed.
    Output(ToolStream, String),
    /// What a sandbox verb stands for (worded by whoever shows the transcript).
    Note(SandboxVerb),
    /// A command the sandbox refused before any tool ran (a tool already holds the terminal).
    Refused(String),
    /// The terminal's `help`: the tools it knows (worded by whoever shows the transcript).
    Help,
}

impl Piece {
    fn bytes(&self) -> usize {
        match self {
            Piece::Command(s) | Piece::Input(s) | Piece::Output(_, s) | Piece::Refused(s) => s.len() + 16,
            Piece::Interrupt | Piece::Note(_) | Piece::Help => 16,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    pub pieces: VecDeque<Piece>,
    bytes: usize,
    /// Pieces dropped from the front so far (for keyed rendering).
    pub dropped: u64,
}

impl Transcript {
    pub fn push(&mut self, piece: Piece) {
        // Adjacent output of one stream is one piece.
        if let (Piece::Output(stream, text), Some(Piece::Output(last, last_text))) = (&piece, self.pieces.back_mut()) {
            if last == stream {
                last_text.push_str(text);
                self.bytes += text.len();
                self.trim();
                return;
            }
        }
        self.bytes += piece.bytes();
        self.pieces.push_back(piece);
        self.trim();
    }

    fn trim(&mut self) {
        while self.bytes > TRANSCRIPT_BYTES_MAX && self.pieces.len() > 1 {
            if let Some(p) = self.pieces.pop_front() {
                self.bytes -= p.bytes();
                self.dropped += 1;
            }
        }
    }

    /// Takes what a tool event says; false for any other event.
    pub fn observe(&mut self, kind: &EventKind) -> bool {
        match kind {
            EventKind::ToolOutput { stream, text } => self.push(Piece::Output(*stream, text.clone())),
            EventKind::SandboxVerbRan { verb } => self.push(Piece::Note(*verb)),
            EventKind::ToolExited { .. } => {}
            _ => return false,
        }
        true
    }

    pub fn clear(&mut self) {
        *self = Transcript { dropped: self.dropped + self.pieces.len() as u64, ..Transcript::default() };
    }

    /// The transcript as a terminal shows it, with each note worded by `note`.
    pub fn render(&self, note: impl Fn(&SandboxVerb) -> String) -> String {
        let mut s = String::new();
        for p in &self.pieces {
            match p {
                Piece::Command(line) => {
                    if !s.is_empty() && !s.ends_with('\n') {
                        s.push('\n');
                    }
                    s.push_str(PROMPT);
                    s.push_str(line);
                    s.push('\n');
                }
                Piece::Input(line) => {
                    s.push_str(line);
                    s.push('\n');
                }
                Piece::Interrupt => s.push_str("^C\n"),
                Piece::Output(_, text) => s.push_str(text),
                Piece::Note(verb) => {
                    s.push_str("# ");
                    s.push_str(&note(verb));
                    s.push('\n');
                }
                Piece::Refused(message) => {
                    s.push_str(message);
                    s.push('\n');
                }
                Piece::Help => {
                    for name in super::TOOL_NAMES {
                        s.push_str(name);
                        s.push('\n');
                    }
                }
            }
        }
        s
    }
}
