//! The terminal's pure parts (issue 25): Tab completion over the tools, their options and the
//! cluster's names, and the input history (↑/↓). The panel (`ui/terminal.rs`) only wires keys
//! to these.

use engine::tools::{sandbox, tool_named, TOOL_NAMES};
use std::collections::VecDeque;

/// What a completion may offer besides the tools and their options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub topics: Vec<String>,
    pub groups: Vec<String>,
    pub brokers: Vec<u32>,
}

/// The line after Tab, and the choices when more than one fits (shown to the learner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub line: String,
    pub choices: Vec<String>,
}

/// Words the terminal itself answers (not logged, not tools).
pub const BUILTINS: [&str; 2] = ["help", "clear"];

/// Most choices listed under the input.
pub const CHOICES_MAX: usize = 40;

/// Completes the last word of `line`: a command name first, then the tool's options, and after
/// an option that names something, the cluster's topics, groups or brokers.
pub fn complete(line: &str, names: &Names) -> Completion {
    let words: Vec<&str> = line.split_whitespace().collect();
    let partial = if line.ends_with(char::is_whitespace) || line.is_empty() { "" } else { words.last().copied().unwrap_or("") };
    let before: Vec<&str> = if partial.is_empty() { words.clone() } else { words[..words.len().saturating_sub(1)].to_vec() };
    let candidates: Vec<String> = match before.first() {
        None => TOOL_NAMES.iter().map(|name| name.to_string()).chain(BUILTINS.iter().map(|b| b.to_string())).collect(),
        Some(first) => match tool_named(first) {
            None => Vec::new(),
            Some(tool) => argument_choices(tool, &before, partial, names),
        },
    };
    let mut fitting: Vec<String> = candidates.into_iter().filter(|c| c.starts_with(partial)).collect();
    fitting.sort();
    fitting.dedup();
    let head = &line[..line.len() - partial.len()];
    match fitting.as_slice() {
        [] => Completion { line: line.to_string(), choices: Vec::new() },
        [one] => Completion { line: format!("{head}{one} "), choices: Vec::new() },
        many => {
            let common = common_prefix(many);
            let line = if common.len() > partial.len() { format!("{head}{common}") } else { line.to_string() };
            Completion { line, choices: many.iter().take(CHOICES_MAX).cloned().collect() }
        }
    }
}

fn argument_choices(tool: &str, before: &[&str], partial: &str, names: &Names) -> Vec<String> {
    let previous = before.last().copied().unwrap_or("");
    if tool == sandbox::NAME {
        return match before.len() {
            1 => sandbox::VERBS.iter().map(|v| v.to_string()).collect(),
            2 => names.brokers.iter().map(u32::to_string).collect(),
            _ => Vec::new(),
        };
    }
    if tool == "kafka-metadata-quorum.sh" && !partial.starts_with('-') && !previous.starts_with("--bootstrap") {
        return vec!["describe".into()];
    }
    if partial.starts_with('-') {
        // The tools' code knows their options; until it has loaded, options do not complete.
        let Some(code) = engine::tools::code::loaded() else { return Vec::new() };
        return (code.option_names)(tool).into_iter().map(str::to_string).collect();
    }
    match previous {
        "--topic" | "--include" | "--entity-name" => names.topics.clone(),
        "--group" => names.groups.clone(),
        "--bootstrap-server" => vec!["localhost:9092".into()],
        "--election-type" => vec!["PREFERRED".into(), "UNCLEAN".into()],
        "--entity-type" => vec!["topics".into()],
        "--isolation-level" => vec!["read_committed".into(), "read_uncommitted".into()],
        "--property" if tool == "kafka-console-consumer.sh" => {
            ["print.key=true", "print.offset=true", "print.partition=true", "print.timestamp=true", "print.headers=true", "key.separator="]
                .iter()
                .map(|s| s.to_string())
                .collect()
        }
        "--property" if tool == "kafka-console-producer.sh" => {
            ["parse.key=true", "key.separator=", "parse.headers=true", "ignore.error=true", "null.marker="]
                .iter()
                .map(|s| s.to_string())
                .collect()
        }
        "--producer-property" => {
            ["acks=all", "acks=1", "acks=0", "enable.idempotence=false", "linger.ms=", "batch.size=", "compression.type="]
                .iter()
                .map(|s| s.to_string())
                .collect()
        }
        _ => Vec::new(),
    }
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else { return String::new() };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_string()
}

/// Lines typed before, for ↑/↓ (bounded; repeats of the last line are not kept twice).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputHistory {
    lines: VecDeque<String>,
    /// While browsing: the index shown, and the line being typed before browsing began.
    at: Option<usize>,
    draft: String,
}

pub const HISTORY_MAX: usize = 100;

impl InputHistory {
    pub fn push(&mut self, line: &str) {
        self.at = None;
        if line.trim().is_empty() || self.lines.back().is_some_and(|l| l == line) {
            return;
        }
        if self.lines.len() >= HISTORY_MAX {
            self.lines.pop_front();
        }
        self.lines.push_back(line.to_string());
    }

    /// ↑: the previous line (the oldest stays put).
    pub fn up(&mut self, current: &str) -> Option<String> {
        let i = match self.at {
            None => {
                self.draft = current.to_string();
                self.lines.len().checked_sub(1)?
            }
            Some(i) => i.saturating_sub(1),
        };
        self.at = Some(i);
        self.lines.get(i).cloned()
    }

    /// ↓: the next line, and past the newest the line that was being typed.
    pub fn down(&mut self) -> Option<String> {
        let i = self.at?;
        if i + 1 < self.lines.len() {
            self.at = Some(i + 1);
            self.lines.get(i + 1).cloned()
        } else {
            self.at = None;
            Some(std::mem::take(&mut self.draft))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names { topics: vec!["orders".into(), "payments".into(), "orders-dlq".into()], groups: vec!["g1".into()], brokers: vec![1, 2, 3] }
    }

    #[test]
    fn tab_completes_tools_options_and_names() {
        let n = names();
        assert_eq!(complete("kafka-to", &n).line, "kafka-topics.sh ");
        let c = complete("kafka-con", &n);
        assert_eq!(c.line, "kafka-con");
        assert_eq!(c.choices, ["kafka-configs.sh", "kafka-console-consumer.sh", "kafka-console-producer.sh", "kafka-consumer-groups.sh"]);
        assert_eq!(complete("kafka-conso", &n).line, "kafka-console-");
        assert_eq!(complete("kafka-topics.sh --cre", &n).line, "kafka-topics.sh --create ");
        assert_eq!(complete("kafka-topics.sh --describe --topic pay", &n).line, "kafka-topics.sh --describe --topic payments ");
        let c = complete("kafka-topics.sh --describe --topic ord", &n);
        assert_eq!((c.line.as_str(), c.choices.len()), ("kafka-topics.sh --describe --topic orders", 2));
        assert_eq!(complete("kafka-consumer-groups.sh --describe --group ", &n).line, "kafka-consumer-groups.sh --describe --group g1 ");
        assert_eq!(complete("sandbox kill", &n).line, "sandbox kill-broker ");
        assert_eq!(complete("sandbox kill-broker ", &n).choices, ["1", "2", "3"]);
        assert_eq!(complete("he", &n).line, "help ");
        assert_eq!(complete("nosuch --x", &n).line, "nosuch --x", "nothing fits: the line stays");
        assert_eq!(
            complete("kafka-metadata-quorum.sh --bootstrap-server localhost:9092 desc", &n).line.trim_end(),
            "kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe"
        );
        assert!(complete("", &n).choices.len() > 5);
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let mut h = InputHistory::default();
        h.push("a");
        h.push("b");
        h.push("b");
        h.push(" ");
        assert_eq!(h.up("typing").as_deref(), Some("b"));
        assert_eq!(h.up("").as_deref(), Some("a"));
        assert_eq!(h.up("").as_deref(), Some("a"));
        assert_eq!(h.down().as_deref(), Some("b"));
        assert_eq!(h.down().as_deref(), Some("typing"));
        assert_eq!(h.down(), None);
        for i in 0..150 {
            h.push(&i.to_string());
        }
        assert_eq!(h.lines.len(), HISTORY_MAX);
    }
}

#[cfg(test)]
mod session_tests {
    use crate::session::Session;
    use engine::tools::transcript::Piece;

    #[test]
    fn a_typed_line_lands_in_the_transcript() {
        let mut s = Session::new(1);
        s.terminal_line("kafka-topics.sh --bootstrap-server localhost:9092 --list").unwrap();
        let text = s.terminal.render(|_| String::new());
        assert!(text.contains("$ kafka-topics.sh"), "{text}");
        assert!(text.contains("\norders\n"), "{text}");
        assert!(matches!(s.terminal.pieces.front(), Some(Piece::Command(_))));
    }
}

#[cfg(test)]
mod replay_tests {
    use crate::session::Session;

    /// A shared link or a saved session rebuilds the terminal as it was: the lines are the
    /// command log, the output comes back from replaying it.
    #[test]
    fn a_replayed_session_shows_the_same_terminal() {
        let mut s = Session::new(4);
        for line in [
            "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic pay --partitions 2 --replication-factor 3",
            "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic pay",
            "one",
            "two",
        ] {
            s.terminal_line(line).unwrap();
        }
        s.terminal_signal(engine::tools::ToolSignal::Eof).unwrap();
        s.step(30);
        s.terminal_line("kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic pay --from-beginning --max-messages 2")
            .unwrap();
        s.step(80);
        s.terminal_line("sandbox kill-broker 3").unwrap();
        let shown = s.terminal.render(|v| format!("{v:?}"));
        assert!(shown.contains("Processed a total of 2 messages"), "{shown}");
        let file = s.cluster.session_file();
        let again = Session::replay(&file, None).unwrap();
        assert_eq!(again.terminal.render(|v| format!("{v:?}")), shown);
    }
}
