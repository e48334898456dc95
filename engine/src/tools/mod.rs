//! Kafka's shell tools, as the page's terminal and `ksim sh` run them (issue 25). A tool is a
//! client of the cluster, as the real CLI is: it parses its command line as the tool does
//! (`shell_words`, then joptsimple's rules in `option_parser`), reads the cluster's views for
//! what it lists and describes, and changes the cluster only through `Cluster::execute` with the
//! engine's commands. The line itself is the logged command (`Command::RunTool`), so a terminal
//! session replays, rewinds and shares like every button.
//!
//! What a tool prints is the tool's own output, byte for byte where the sources allow: Kafka's
//! English, not the sandbox's prose (its formats are quoted beside each formatter, with the class
//! they come from). It leaves the engine as `EventKind::ToolOutput` events, in order, followed by
//! `EventKind::ToolExited`; the app's terminal and `ksim sh` print them (`transcript`).
//!
//! One file per tool class: `topic_command` (kafka-topics.sh), `console_producer`,
//! `console_consumer`, `consumer_group_command`, `leader_election_command`, `config_command`,
//! `get_offset_shell`, `metadata_quorum_command`; `sandbox` for what has no Kafka command.

pub mod code;
pub mod command_line;
pub mod config_command;
pub mod console_consumer;
pub mod console_producer;
pub mod consumer_group_command;
pub mod get_offset_shell;
pub mod help;
pub mod leader_election_command;
pub mod metadata_quorum_command;
pub mod option_parser;
pub mod sandbox;
pub mod script;
pub mod shell_words;
pub mod topic_command;
pub mod transcript;

use crate::cluster::Cluster;
use serde::{Deserialize, Serialize};

/// The Kafka release whose tools the sandbox speaks (`--version`).
pub const KAFKA_VERSION: &str = "4.0.0";

/// A log4j line as the tools' `tools-log4j2.yaml` prints it on stderr: `[%d] %p %m (%c)`, the
/// date as `yyyy-MM-dd HH:mm:ss,SSS`. The sandbox's clock starts at the Unix epoch, so its
/// first second is `1970-01-01 00:00:00,000` (record timestamps are the same clock).
pub fn log_line(now_ms: u64, level: &str, message: &str, logger: &str) -> String {
    format!("[{}] {level} {message} ({logger})", date_time(now_ms))
}

/// `yyyy-MM-dd HH:mm:ss,SSS` in UTC for milliseconds since the epoch (Hinnant's civil_from_days).
pub fn date_time(ms: u64) -> String {
    let (days, rem) = ((ms / 86_400_000) as i64, ms % 86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1_000 % 60, rem % 1_000);
    format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02},{milli:03}")
}

/// Where a tool's text goes: Java's `System.out` or `System.err`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolStream {
    Stdout,
    Stderr,
}

/// The most text one tool run prints (a describe of 1,000 partitions is ~120 KB): the rest is
/// cut, with a line saying so.
pub const OUTPUT_BYTES_MAX: usize = 512 * 1024;

/// What a tool prints, in order, as `print`/`println` calls would (adjacent pieces of one stream
/// are joined).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Out {
    pub chunks: Vec<(ToolStream, String)>,
    bytes: usize,
    cut: bool,
}

impl Out {
    pub fn print(&mut self, s: &str) {
        self.push(ToolStream::Stdout, s);
    }
    pub fn println(&mut self, s: &str) {
        self.push(ToolStream::Stdout, s);
        self.push(ToolStream::Stdout, "\n");
    }
    pub fn eprint(&mut self, s: &str) {
        self.push(ToolStream::Stderr, s);
    }
    pub fn eprintln(&mut self, s: &str) {
        self.push(ToolStream::Stderr, s);
        self.push(ToolStream::Stderr, "\n");
    }

    fn push(&mut self, stream: ToolStream, s: &str) {
        if s.is_empty() || self.cut {
            return;
        }
        if self.bytes + s.len() > OUTPUT_BYTES_MAX {
            self.cut = true;
            self.chunks.push((ToolStream::Stderr, format!("\n[sandbox: output cut at {OUTPUT_BYTES_MAX} bytes]\n")));
            return;
        }
        self.bytes += s.len();
        match self.chunks.last_mut() {
            Some((last, text)) if *last == stream => text.push_str(s),
            _ => self.chunks.push((stream, s.to_string())),
        }
    }

    /// Everything printed, both streams interleaved (tests).
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }
}

/// The tool holding the terminal after its command line, reading lines or printing records
/// until it ends (end of input, Ctrl-C, `--max-messages`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "tool", rename_all = "snake_case")]
pub enum Foreground {
    ConsoleProducer(console_producer::Running),
    ConsoleConsumer(console_consumer::Running),
}

impl Foreground {
    /// The tool's script name, for the terminal's status ("kafka-console-producer.sh is reading").
    pub fn tool(&self) -> &'static str {
        match self {
            Foreground::ConsoleProducer(_) => "kafka-console-producer.sh",
            Foreground::ConsoleConsumer(_) => "kafka-console-consumer.sh",
        }
    }
    /// Whether it reads the terminal's lines (the producer) or only prints (the consumer).
    pub fn reads_input(&self) -> bool {
        matches!(self, Foreground::ConsoleProducer(r) if !r.closing)
    }
}

/// Ctrl-D or Ctrl-C to the running tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolSignal {
    /// Ctrl-D: end of input (the console producer closes its producer and exits).
    Eof,
    /// Ctrl-C: SIGINT; the tools' shutdown hooks close their clients.
    Interrupt,
}

/// A tool: its script name and how it runs. `run` gets the words after the name and returns the
/// exit code.
pub(crate) struct Tool {
    pub name: &'static str,
    pub run: fn(&mut Cluster, &[String], &mut Out) -> i32,
}

/// Every tool the terminal knows, by script name (the `.sh` may be left out, as Confluent's
/// packages name them, and a `bin/` or `./bin/` path is allowed). The names alone: what knows a
/// tool by name (completion, `help`, a lesson's step check) does not need the tools' code, which
/// the hosted page loads only when the terminal is first used (`code`).
pub const TOOL_NAMES: &[&str] = &[
    "kafka-topics.sh",
    "kafka-console-producer.sh",
    "kafka-console-consumer.sh",
    "kafka-consumer-groups.sh",
    "kafka-leader-election.sh",
    "kafka-configs.sh",
    "kafka-get-offsets.sh",
    "kafka-metadata-quorum.sh",
    sandbox::NAME,
    "sleep",
];

/// The tools' code, in `TOOL_NAMES`' order (a test checks it).
pub(crate) const TOOLS: &[Tool] = &[
    Tool { name: "kafka-topics.sh", run: topic_command::run },
    Tool { name: "kafka-console-producer.sh", run: console_producer::run },
    Tool { name: "kafka-console-consumer.sh", run: console_consumer::run },
    Tool { name: "kafka-consumer-groups.sh", run: consumer_group_command::run },
    Tool { name: "kafka-leader-election.sh", run: leader_election_command::run },
    Tool { name: "kafka-configs.sh", run: config_command::run },
    Tool { name: "kafka-get-offsets.sh", run: get_offset_shell::run },
    Tool { name: "kafka-metadata-quorum.sh", run: metadata_quorum_command::run },
    Tool { name: sandbox::NAME, run: sandbox::run },
    Tool { name: "sleep", run: sandbox::sleep },
];

/// The script name of the tool a command's first word names, if any.
pub fn tool_named(word: &str) -> Option<&'static str> {
    let base = word.rsplit('/').next().unwrap_or(word);
    TOOL_NAMES.iter().copied().find(|&name| name == base || name.strip_suffix(".sh") == Some(base))
}

/// What running a line came to: the exit code (as `$?` would show it) and whether a tool now
/// holds the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ran {
    pub exit_code: i32,
}

/// Runs one command line against the cluster, printing into `out`. An empty line (or a comment)
/// does nothing; an unknown command gets bash's answer.
pub(crate) fn run_line(cluster: &mut Cluster, line: &str, out: &mut Out) -> i32 {
    if let Some((left, right)) = split_pipe(line) {
        return run_pipe(cluster, left, right, out);
    }
    let words = match shell_words::split_words(line) {
        Ok(w) => w,
        Err(e) => {
            out.eprintln(&e);
            return 2;
        }
    };
    let Some(first) = words.first() else { return 0 };
    match tool_named(first).and_then(|name| TOOLS.iter().find(|t| t.name == name)) {
        Some(tool) => (tool.run)(cluster, &words[1..], out),
        None => {
            // bash: "bash: foo: command not found", exit 127.
            out.eprintln(&format!("bash: {first}: command not found"));
            127
        }
    }
}

/// `left | right` at the first `|` outside quotes.
fn split_pipe(line: &str) -> Option<(&str, &str)> {
    let (mut single, mut double, mut escaped) = (false, false, false);
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '|' if !single && !double => return Some((&line[..i], &line[i + 1..])),
            _ => {}
        }
    }
    None
}

/// `echo TEXT | kafka-console-producer.sh ...` (the real command the Produce form stands for):
/// the producer reads echo's one line from a pipe, so it prints no prompt, and the pipeline ends
/// when the producer has closed. Other pipelines are refused as the sandbox's shell's limit.
fn run_pipe(cluster: &mut Cluster, left: &str, right: &str, out: &mut Out) -> i32 {
    let (left_words, right_words) = match (shell_words::split_words(left), shell_words::split_words(right)) {
        (Ok(l), Ok(r)) => (l, r),
        (Err(e), _) | (_, Err(e)) => {
            out.eprintln(&e);
            return 2;
        }
    };
    let echo = left_words.first().is_some_and(|w| w == "echo");
    let producer = right_words.first().and_then(|w| tool_named(w)) == Some("kafka-console-producer.sh");
    if !(echo && producer) {
        out.eprintln("sandbox: the terminal's only pipeline is echo ... | kafka-console-producer.sh ...");
        return 2;
    }
    let text = left_words[1..].join(" ");
    console_producer::run_piped(cluster, &right_words[1..], &text, out)
}

// ------------------------------------------------------------------ shared by the tools

/// `CommandLineUtils.printUsageAndExit`: the message, then the tool's option table, on stderr;
/// exit 1.
pub(crate) fn usage_and_exit(out: &mut Out, message: &str, help_table: &str) -> i32 {
    out.eprintln(message);
    out.eprint(help_table);
    1
}

/// `CommandLineUtils.parseKeyValueArgs` (`--property`, `--producer-property`, ...): `k=v` split
/// at the first `=`; `k` alone is `k=""`.
pub(crate) fn key_value_args(items: &[&str]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (item.to_string(), String::new()),
        })
        .collect()
}

/// A joptsimple tool's start: parse (an error is printed with the option table), then
/// `CommandLineUtils.maybePrintHelpOrVersion` (no arguments or `--help`: the help message and the
/// table, exit 1; `--version`: the version, exit 0). `Err` carries the exit code.
pub(crate) fn parse_or_usage(
    specs: &[option_parser::OptionSpec],
    args: &[String],
    help_message: &str,
    table: &str,
    out: &mut Out,
) -> Result<option_parser::ParsedOptions, i32> {
    let opts = option_parser::parse(specs, args).map_err(|e| usage_and_exit(out, &e, table))?;
    if args.is_empty() || opts.has("help") {
        return Err(usage_and_exit(out, help_message, table));
    }
    if opts.has("version") {
        out.println(KAFKA_VERSION);
        return Err(0);
    }
    Ok(opts)
}

/// Java's `Throwable.printStackTrace` as far as a learner needs it: the exception and one
/// frame, on stderr (a real trace has dozens of frames of the JVM's insides).
pub(crate) fn stack_trace(out: &mut Out, exception: &str, message: &str, frame: &str) {
    out.eprintln(&format!("{exception}: {message}"));
    out.eprintln(&format!("\tat {frame}"));
}

/// `ToolsUtils.validateBootstrapServer` and the like: the sandbox accepts any `host:port` list
/// (every broker answers), but an empty one or one without a port gets the tool's message.
pub(crate) fn bootstrap_error(value: &str) -> Option<&'static str> {
    if value.trim().is_empty() {
        return Some("Error while validating the bootstrap address\n");
    }
    let valid = value.split(',').all(|entry| {
        let e = entry.trim();
        let e = e.split_once("://").map_or(e, |(_, rest)| rest);
        match e.rsplit_once(':') {
            Some((_, port)) => !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()),
            None => false,
        }
    });
    (!valid).then_some("Please provide valid host:port like host1:9091,host2:9092\n")
}

/// Where the sandbox's nodes listen: every node runs broker and controller (combined mode) on
/// one host, node N taking port 9090 + 2N for clients and 9091 + 2N for the controller, so
/// node 1 is the quickstart's localhost:9092 and CONTROLLER://localhost:9093. Every tool that
/// prints an address uses these.
pub fn broker_port(broker: crate::ids::BrokerId) -> u32 {
    9090 + 2 * broker.0
}

pub fn controller_port(broker: crate::ids::BrokerId) -> u32 {
    9091 + 2 * broker.0
}

/// `IncludeList` (kafka-topics `--topic`, kafka-get-offsets `--topic`): a Java regex matched
/// against the whole name. The sandbox's regex support covers what learners type: literals,
/// `.`, `.*`, `.+`, `|` alternatives, `\.` escapes, `[...]` classes and `^`/`$`; anything else is
/// matched literally.
pub(crate) fn include_list_matches(pattern: &str, name: &str) -> bool {
    // IncludeList: "," becomes "|", spaces and surrounding quotes are removed.
    let cleaned: String =
        pattern.trim().trim_matches('"').trim_matches('\'').replace(',', "|").chars().filter(|c| !c.is_whitespace()).collect();
    cleaned.split('|').any(|alt| regex_lite::whole_match(alt.trim_start_matches('^').trim_end_matches('$'), name))
}

/// Whether `pattern` uses any regex syntax (a plain name is looked up, not matched).
pub(crate) fn is_literal(pattern: &str) -> bool {
    !pattern.chars().any(|c| matches!(c, '.' | '*' | '+' | '?' | '|' | '[' | ']' | '(' | ')' | '^' | '$' | '\\' | ','))
}

/// A small backtracking matcher for the regex subset `include_list_matches` takes; bounded by
/// the 4 KiB line (patterns) and 249-character names.
mod regex_lite {
    #[derive(Debug, Clone)]
    enum Atom {
        Any,
        Char(char),
        Class(Vec<(char, char)>, bool),
    }
    #[derive(Debug, Clone)]
    struct Piece {
        atom: Atom,
        min: usize,
        many: bool,
    }

    fn compile(p: &str) -> Vec<Piece> {
        let chars: Vec<char> = p.chars().collect();
        let mut out: Vec<Piece> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let atom = match chars[i] {
                '.' => Atom::Any,
                '\\' if i + 1 < chars.len() => {
                    i += 1;
                    Atom::Char(chars[i])
                }
                '[' => {
                    let mut j = i + 1;
                    let negate = chars.get(j) == Some(&'^');
                    if negate {
                        j += 1;
                    }
                    let mut ranges = Vec::new();
                    while j < chars.len() && chars[j] != ']' {
                        if j + 2 < chars.len() && chars[j + 1] == '-' && chars[j + 2] != ']' {
                            ranges.push((chars[j], chars[j + 2]));
                            j += 3;
                        } else {
                            ranges.push((chars[j], chars[j]));
                            j += 1;
                        }
                    }
                    if j >= chars.len() {
                        Atom::Char('[')
                    } else {
                        i = j;
                        Atom::Class(ranges, negate)
                    }
                }
                c => Atom::Char(c),
            };
            i += 1;
            let (min, many) = match chars.get(i) {
                Some('*') => (0, true),
                Some('+') => (1, true),
                Some('?') => (0, false),
                _ => (1, false),
            };
            if matches!(chars.get(i), Some('*' | '+' | '?')) {
                i += 1;
            }
            out.push(Piece { atom, min, many });
        }
        out
    }

    fn matches_atom(a: &Atom, c: char) -> bool {
        match a {
            Atom::Any => true,
            Atom::Char(x) => *x == c,
            Atom::Class(ranges, negate) => ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *negate,
        }
    }

    fn go(pieces: &[Piece], s: &[char], budget: &mut u32) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let Some((p, rest)) = pieces.split_first() else { return s.is_empty() };
        let max = if p.many { s.len() } else { s.len().min(1) };
        let mut n = 0;
        while n < max && matches_atom(&p.atom, s[n]) {
            n += 1;
        }
        (p.min..=n).rev().any(|k| go(rest, &s[k..], budget))
    }

    pub fn whole_match(pattern: &str, name: &str) -> bool {
        let pieces = compile(pattern);
        let s: Vec<char> = name.chars().collect();
        let mut budget = 100_000;
        go(&pieces, &s, &mut budget)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn whole_names_match() {
            assert!(super::whole_match("orders", "orders"));
            assert!(!super::whole_match("order", "orders"));
            assert!(super::whole_match("ord.*", "orders"));
            assert!(super::whole_match("test\\.topic", "test.topic"));
            assert!(!super::whole_match("test\\.topic", "test_topic"));
            assert!(super::whole_match("test.topic", "test_topic"));
            assert!(super::whole_match("[a-c]+-x?", "abca-"));
            assert!(!super::whole_match("[^a]", "a"));
            assert!(!super::whole_match(".*.*.*.*.*.*.*.*b", &"a".repeat(249)), "bounded");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn log_dates_count_from_the_epoch() {
        assert_eq!(super::date_time(0), "1970-01-01 00:00:00,000");
        assert_eq!(super::date_time(1_718_000_000_123), "2024-06-10 06:13:20,123");
        assert_eq!(super::date_time(951_782_400_000), "2000-02-29 00:00:00,000");
    }
}
