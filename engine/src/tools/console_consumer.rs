//! `kafka-console-consumer.sh` (`org.apache.kafka.tools.consumer.ConsoleConsumer`,
//! `ConsoleConsumerOptions`, `DefaultMessageFormatter`): a consumer that subscribes, prints every
//! record its polls return, and holds the terminal until `--max-messages`, `--timeout-ms`
//! without a record, or Ctrl-C; then "Processed a total of N messages" on stderr.
//!
//! The consumer is the engine's own (`Command::AddConsumer`), so it joins its group, rebalances
//! and commits like any other; a poll's records are printed as that poll returns them
//! (`Cluster::console_consumer_polled`).

use super::option_parser::{OptionSpec, ParsedOptions};
use super::{help, log_line, usage_and_exit, Foreground, Out, ToolSignal};
use crate::cluster::Cluster;
use crate::command::Command;
use crate::consumer::{ConsumerConfig, IsolationLevel, OffsetReset};
use crate::ids::{ConsumerId, TimeMs};
use crate::record::Record;
use serde::{Deserialize, Serialize};

const NAME: &str = "kafka-console-consumer.sh";

/// `ConsoleConsumerOptions`, as declared.
const SPECS: &[OptionSpec] = &[
    OptionSpec::with_arg("topic"),
    OptionSpec::with_arg("include"),
    OptionSpec::with_arg("partition"),
    OptionSpec::with_arg("offset"),
    OptionSpec::with_arg("consumer-property"),
    OptionSpec::with_arg("consumer.config"),
    OptionSpec::with_arg("formatter"),
    OptionSpec::with_arg("formatter-config"),
    OptionSpec::with_arg("property"),
    OptionSpec::flag("from-beginning"),
    OptionSpec::with_arg("max-messages"),
    OptionSpec::with_arg("timeout-ms"),
    OptionSpec::flag("skip-message-on-error"),
    OptionSpec::with_arg("bootstrap-server"),
    OptionSpec::with_arg("key-deserializer"),
    OptionSpec::with_arg("value-deserializer"),
    OptionSpec::flag("enable-systest-events"),
    OptionSpec::with_arg("isolation-level"),
    OptionSpec::with_arg("group"),
    OptionSpec::flag("help"),
    OptionSpec::flag("version"),
];

const HELP_MESSAGE: &str = "This tool helps to read data from Kafka topics and outputs it to standard output.";

/// `DefaultMessageFormatter`'s properties (`--property`), with its defaults.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MessageFormatter {
    pub print_timestamp: bool,
    pub print_key: bool,
    pub print_offset: bool,
    pub print_partition: bool,
    pub print_headers: bool,
    pub print_value: bool,
    pub print_epoch: bool,
    pub print_delivery: bool,
    pub key_separator: String,
    pub line_separator: String,
    pub headers_separator: String,
    pub null_literal: String,
}

impl Default for MessageFormatter {
    fn default() -> Self {
        MessageFormatter {
            print_timestamp: false,
            print_key: false,
            print_offset: false,
            print_partition: false,
            print_headers: false,
            print_value: true,
            print_epoch: false,
            print_delivery: false,
            key_separator: "\t".into(),
            line_separator: "\n".into(),
            headers_separator: ",".into(),
            null_literal: "null".into(),
        }
    }
}

impl MessageFormatter {
    /// `DefaultMessageFormatter.configure`: booleans are `trim().equalsIgnoreCase("true")`;
    /// separators are taken as typed (no escape processing).
    pub fn from_properties(props: &[(String, String)]) -> MessageFormatter {
        let mut f = MessageFormatter::default();
        let truthy = |v: &str| v.trim().eq_ignore_ascii_case("true");
        for (k, v) in props {
            match k.as_str() {
                "print.timestamp" => f.print_timestamp = truthy(v),
                "print.key" => f.print_key = truthy(v),
                "print.offset" => f.print_offset = truthy(v),
                "print.partition" => f.print_partition = truthy(v),
                "print.headers" => f.print_headers = truthy(v),
                "print.value" => f.print_value = truthy(v),
                "print.epoch" => f.print_epoch = truthy(v),
                "print.delivery" => f.print_delivery = truthy(v),
                "key.separator" => f.key_separator = v.clone(),
                "line.separator" => f.line_separator = v.clone(),
                "headers.separator" => f.headers_separator = v.clone(),
                "null.literal" => f.null_literal = v.clone(),
                _ => {}
            }
        }
        f
    }

    /// `DefaultMessageFormatter.writeTo`: timestamp, partition, offset, delivery, epoch, headers,
    /// key, value, each followed by `key.separator` when a later field is printed, and the last
    /// one by `line.separator`.
    pub fn format(&self, partition: u32, r: &Record, out: &mut String) {
        let sep = |out: &mut String, more: bool| out.push_str(if more { &self.key_separator } else { &self.line_separator });
        let text = |b: Option<&[u8]>| b.map_or_else(|| self.null_literal.clone(), |b| String::from_utf8_lossy(b).into_owned());
        let after_timestamp = self.print_partition
            || self.print_offset
            || self.print_delivery
            || self.print_epoch
            || self.print_headers
            || self.print_key
            || self.print_value;
        if self.print_timestamp {
            // The sandbox's topics use CreateTime (message.timestamp.type's default).
            out.push_str(&format!("CreateTime:{}", r.timestamp_ms.0));
            sep(out, after_timestamp);
        }
        let after_partition =
            self.print_offset || self.print_delivery || self.print_epoch || self.print_headers || self.print_key || self.print_value;
        if self.print_partition {
            out.push_str(&format!("Partition:{partition}"));
            sep(out, after_partition);
        }
        let after_offset = self.print_delivery || self.print_epoch || self.print_headers || self.print_key || self.print_value;
        if self.print_offset {
            out.push_str(&format!("Offset:{}", r.offset.0));
            sep(out, after_offset);
        }
        let after_delivery = self.print_epoch || self.print_headers || self.print_key || self.print_value;
        if self.print_delivery {
            // ConsoleConsumer hands the formatter no delivery count (share groups only).
            out.push_str("Delivery:NOT_PRESENT");
            sep(out, after_delivery);
        }
        let after_epoch = self.print_headers || self.print_key || self.print_value;
        if self.print_epoch {
            // ConsoleConsumer passes Optional.empty() for the leader epoch.
            out.push_str("Epoch:NOT_PRESENT");
            sep(out, after_epoch);
        }
        if self.print_headers {
            if r.headers.is_empty() {
                out.push_str("NO_HEADERS");
            } else {
                let parts: Vec<String> = r.headers.iter().map(|h| format!("{}:{}", h.key, text(h.value.as_deref()))).collect();
                out.push_str(&parts.join(&self.headers_separator));
            }
            sep(out, self.print_key || self.print_value);
        }
        if self.print_key {
            out.push_str(&text(r.key.as_deref()));
            sep(out, self.print_value);
        }
        if self.print_value {
            out.push_str(&text(r.value_bytes().as_deref()));
            out.push_str(&self.line_separator);
        }
    }
}

/// The console consumer holding the terminal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Running {
    /// The group member reading for the tool; `None` with `--partition` (`assigned`).
    pub consumer: Option<ConsumerId>,
    /// `--partition` (`assign()` and `seek()`, no group): the partition and the next offset.
    #[serde(default)]
    pub assigned: Option<Assigned>,
    /// `--isolation-level read_committed`.
    #[serde(default)]
    pub read_committed: bool,
    pub formatter: MessageFormatter,
    pub max_messages: Option<u64>,
    pub timeout_ms: Option<u64>,
    /// Records printed so far.
    pub printed: u64,
    /// When the last record arrived (or the tool started): `--timeout-ms` counts from it.
    pub last_record_ms: TimeMs,
}

/// `--partition P [--offset O]`: the consumer assigns itself one partition and fetches it from
/// its position, without a group and without commits (`ConsoleConsumer.ConsumerWrapper`:
/// `consumer.assign(...)` then `seek`/`seekToBeginning`/`seekToEnd`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assigned {
    pub tp: crate::ids::TopicPartition,
    /// Where to start, resolved at the first fetch that finds the partition's leader.
    pub start: StartAt,
    /// The next offset to fetch, once resolved.
    pub position: Option<crate::ids::Offset>,
    pub reset_earliest: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StartAt {
    Earliest,
    Latest,
    Offset(i64),
}

/// Records one fetch of an assigned partition may return (`max.poll.records`' default).
const ASSIGNED_RECORDS_PER_FETCH_MAX: usize = 500;

pub fn run(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    let table = help::table(NAME);
    let opts = match super::parse_or_usage(SPECS, args, HELP_MESSAGE, table, out) {
        Ok(o) => o,
        Err(code) => return code,
    };
    match checked(cluster, &opts, out) {
        Ok(config) => start(cluster, &opts, config, out),
        Err(code) => code,
    }
}

/// `ConsoleConsumerOptions.checkRequiredArgs` and the consumer's properties, in the tool's
/// order; an error has been printed when it returns the exit code.
fn checked(cluster: &mut Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<ConsumerConfig, i32> {
    let table = help::table(NAME);
    let usage = |out: &mut Out, m: &str| Err(usage_and_exit(out, m, table));
    if opts.has("topic") == opts.has("include") {
        return usage(out, "Exactly one of --include/--topic is required. ");
    }
    if opts.has("partition") && !opts.has("topic") {
        return usage(out, "The topic is required when partition is specified.");
    }
    if opts.has("partition") && opts.has("from-beginning") && opts.has("offset") {
        return usage(out, "Options from-beginning and offset cannot be specified together.");
    }
    if opts.has("offset") && !opts.has("partition") {
        return usage(out, "The partition is required when offset is specified.");
    }
    if !opts.has("bootstrap-server") {
        return usage(out, "Missing required argument \"[bootstrap-server]\"");
    }
    if opts.has("consumer.config") || opts.has("formatter-config") {
        let file = opts.value_of("consumer.config").ok().flatten().or(opts.value_of("formatter-config").ok().flatten()).unwrap_or("");
        super::stack_trace(
            out,
            "Exception in thread \"main\" java.nio.file.NoSuchFileException",
            file,
            "org.apache.kafka.common.utils.Utils.loadProps(Utils.java)",
        );
        return Err(1);
    }
    let consumer_props = super::key_value_args(&opts.values_of("consumer-property"));
    let prop = |name: &str| consumer_props.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let group_opt = match opts.value_of("group") {
        Ok(g) => g.map(str::to_string),
        Err(e) => return usage(out, &e),
    };
    let group_prop = prop("group.id");
    let groups: Vec<String> = group_opt.iter().chain(group_prop.iter()).cloned().collect();
    if groups.len() == 2 && groups[0] != groups[1] {
        let detected: Vec<String> = groups.iter().map(|g| format!("'{g}'")).collect();
        return usage(
            out,
            &format!(
                "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: {}",
                detected.join(", ")
            ),
        );
    }
    if opts.has("group") && opts.has("partition") {
        return usage(out, "Options group and partition cannot be specified together.");
    }
    let reset = prop("auto.offset.reset");
    if opts.has("from-beginning") {
        if let Some(r) = reset.as_deref().filter(|r| *r != "earliest") {
            out.eprintln(&format!("Can't simultaneously specify --from-beginning and 'auto.offset.reset={r}', please remove one option"));
            return Err(1);
        }
    }
    if let Ok(Some(offset)) = opts.value_of("offset") {
        let valid =
            offset.eq_ignore_ascii_case("earliest") || offset.eq_ignore_ascii_case("latest") || offset.parse::<i64>().is_ok_and(|o| o >= 0);
        if !valid {
            return usage(
                out,
                &format!(
                    "The provided offset value '{offset}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."
                ),
            );
        }
    }
    let mut config = ConsumerConfig { client_id: Some("console-consumer".into()), ..ConsumerConfig::default() };
    match group_opt.or(group_prop) {
        Some(g) => config.group_id = g,
        None => {
            // ConsoleConsumer: a random group, and no commits for it.
            config.group_id = format!("console-consumer-{}", cluster.draw_below(100_000));
            config.enable_auto_commit = false;
            config.never_commit = true;
        }
    }
    config.auto_offset_reset = if opts.has("from-beginning") { OffsetReset::Earliest } else { OffsetReset::Latest };
    for (k, v) in &consumer_props {
        if let Err(e) = config.set(k, v) {
            super::stack_trace(
                out,
                "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException",
                &e,
                "org.apache.kafka.clients.consumer.ConsumerConfig.<init>(ConsumerConfig.java)",
            );
            return Err(1);
        }
    }
    match opts.value_of("isolation-level") {
        Ok(Some(level)) => {
            match IsolationLevel::parse(level) {
                Some(l) => config.isolation_level = l,
                None => {
                    super::stack_trace(
                    out,
                    "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException",
                    &format!("Invalid value {level} for configuration isolation.level: String must be one of: read_committed, read_uncommitted"),
                    "org.apache.kafka.clients.consumer.ConsumerConfig.<init>(ConsumerConfig.java)",
                );
                    return Err(1);
                }
            }
        }
        Ok(None) => {}
        Err(e) => return usage(out, &e),
    }
    for name in ["max-messages"] {
        if let Err(e) = opts.int_of(name) {
            super::stack_trace(
                out,
                "Exception in thread \"main\" joptsimple.OptionArgumentConversionException",
                &e,
                "joptsimple.OptionSet.valueOf(OptionSet.java)",
            );
            return Err(1);
        }
    }
    if let Err(e) = opts.long_of("timeout-ms") {
        super::stack_trace(
            out,
            "Exception in thread \"main\" joptsimple.OptionArgumentConversionException",
            &e,
            "joptsimple.OptionSet.valueOf(OptionSet.java)",
        );
        return Err(1);
    }
    if let Ok(Some(formatter)) = opts.value_of("formatter") {
        let known = ["org.apache.kafka.tools.consumer.DefaultMessageFormatter", "kafka.tools.DefaultMessageFormatter"];
        if !known.contains(&formatter) {
            super::stack_trace(
                out,
                "Exception in thread \"main\" java.lang.ClassNotFoundException",
                formatter,
                "org.apache.kafka.common.utils.Utils.loadClass(Utils.java)",
            );
            return Err(1);
        }
    }
    // The subscription: --topic, or the topics --include matches now (the sandbox does not
    // re-match topics created later).
    config.topics = match (opts.value_of("topic"), opts.value_of("include")) {
        (Ok(Some(t)), _) => vec![t.to_string()],
        (_, Ok(Some(pattern))) => {
            cluster.topics().filter(|t| super::include_list_matches(pattern, &t.name)).map(|t| t.name.clone()).collect()
        }
        (Err(e), _) | (_, Err(e)) => return usage(out, &e),
        _ => Vec::new(),
    };
    Ok(config)
}

fn start(cluster: &mut Cluster, opts: &ParsedOptions, config: ConsumerConfig, out: &mut Out) -> i32 {
    let formatter = MessageFormatter::from_properties(&super::key_value_args(&opts.values_of("property")));
    let max_messages = opts.int_of("max-messages").ok().flatten().filter(|n| *n >= 0).map(|n| n as u64);
    let timeout_ms = opts.long_of("timeout-ms").ok().flatten().filter(|n| *n >= 0).map(|n| n as u64);
    if config.topics.is_empty() {
        // Nothing matched --include: the consumer waits for nothing; Kafka's would wait forever.
        out.eprintln("Processed a total of 0 messages");
        return 0;
    }
    let read_committed = config.isolation_level == IsolationLevel::ReadCommitted;
    // `--partition`: assign() without a group, nothing committed (the random group id is
    // never used); otherwise a member of the group.
    let (consumer, assigned) = match (opts.int_of("partition").ok().flatten(), config.topics.first()) {
        (Some(partition), Some(topic)) => {
            let start = match opts.value_of("offset").ok().flatten() {
                _ if opts.has("from-beginning") => StartAt::Earliest,
                Some(o) if o.eq_ignore_ascii_case("earliest") => StartAt::Earliest,
                Some(o) if o.eq_ignore_ascii_case("latest") => StartAt::Latest,
                Some(o) => StartAt::Offset(o.parse().unwrap_or(0)),
                None => StartAt::Latest,
            };
            let tp = crate::ids::TopicPartition::new(topic.as_str(), u32::try_from(partition).unwrap_or(u32::MAX));
            let reset_earliest = config.auto_offset_reset == OffsetReset::Earliest;
            (None, Some(Assigned { tp, start, position: None, reset_earliest }))
        }
        _ => match cluster.execute(Command::AddConsumer { config }) {
            Ok(o) => match o.consumer() {
                Some(c) => (Some(c), None),
                None => return 1,
            },
            Err(e) => {
                super::stack_trace(
                    out,
                    "Exception in thread \"main\" org.apache.kafka.common.KafkaException",
                    &e.message,
                    "org.apache.kafka.clients.consumer.KafkaConsumer.<init>(KafkaConsumer.java)",
                );
                return 1;
            }
        },
    };
    let last_record_ms = cluster.now();
    let run = Running { consumer, assigned, read_committed, formatter, max_messages, timeout_ms, printed: 0, last_record_ms };
    if max_messages == Some(0) {
        return finish(cluster, consumer, 0, out);
    }
    cluster.foreground = Some(Foreground::ConsoleConsumer(run));
    0
}

/// The consumer is closed (`consumer.close()`: it commits when auto-commit is on, and leaves the
/// group) and the count is reported (`reportRecordCount`, on stderr, always "messages").
fn finish(cluster: &mut Cluster, consumer: Option<ConsumerId>, printed: u64, out: &mut Out) -> i32 {
    cluster.foreground = None;
    if let Some(consumer) = consumer.filter(|c| cluster.consumer(*c).is_some_and(|c| c.alive())) {
        let _ = cluster.execute(Command::CloseConsumer { consumer });
    }
    out.eprintln(&format!("Processed a total of {printed} messages"));
    0
}

/// The consumer's poll returned records: print them, up to `--max-messages`.
pub(crate) fn polled(cluster: &mut Cluster, mut run: Running, out: &mut Out) -> Option<i32> {
    let Some(c) = run.consumer.and_then(|c| cluster.consumer(c)) else {
        cluster.foreground = Some(Foreground::ConsoleConsumer(run));
        return None;
    };
    let read_committed = run.read_committed;
    let ranges: Vec<_> = c.batch.as_ref().map(|b| b.ranges.0.clone()).unwrap_or_default();
    let mut text = String::new();
    'ranges: for (tp, from, to) in ranges {
        let Some(p) = cluster.partition(&tp) else { continue };
        let Some(log) = p.leader.and_then(|l| p.logs.get(&l)) else { continue };
        let mut offset = from;
        while offset < to {
            if run.max_messages.is_some_and(|max| run.printed >= max) {
                break 'ranges;
            }
            if let Some(r) = log.record(offset) {
                let visible = !r.is_control() && (!read_committed || log.read_committed_visible(r));
                if visible {
                    run.formatter.format(tp.partition, r, &mut text);
                    run.printed += 1;
                    if text.len() > super::OUTPUT_BYTES_MAX / 2 {
                        out.print(&text);
                        text.clear();
                    }
                }
            }
            offset = crate::ids::Offset(offset.0 + 1);
        }
    }
    out.print(&text);
    run.last_record_ms = cluster.now();
    if run.max_messages.is_some_and(|max| run.printed >= max) {
        return Some(finish(cluster, run.consumer, run.printed, out));
    }
    cluster.foreground = Some(Foreground::ConsoleConsumer(run));
    None
}

/// Ctrl-C: the shutdown hook wakes the consumer and closes it; the count is reported and the
/// shell sees the signal (130). Ctrl-D means nothing to a tool that does not read its input.
pub(crate) fn signal(cluster: &mut Cluster, run: Running, signal: ToolSignal, out: &mut Out) -> Option<i32> {
    match signal {
        ToolSignal::Interrupt => {
            finish(cluster, run.consumer, run.printed, out);
            Some(130)
        }
        ToolSignal::Eof => {
            cluster.foreground = Some(Foreground::ConsoleConsumer(run));
            None
        }
    }
}

/// One fetch of the assigned partition from its leader, if it runs: the records from the
/// position up to the high watermark (the last stable offset under read_committed), printed.
/// A position outside the log is reset as `auto.offset.reset` says (latest, or earliest with
/// `--from-beginning`), as the consumer's OFFSET_OUT_OF_RANGE handling does. Returns whether
/// `--max-messages` was reached.
fn fetch_assigned(cluster: &Cluster, run: &mut Running, out: &mut Out) -> bool {
    let Some(a) = run.assigned.as_mut() else { return false };
    let Some(p) = cluster.partition(&a.tp) else { return false };
    let Some(leader) = p.leader.filter(|l| cluster.broker(*l).is_some_and(|b| b.running())) else { return false };
    let Some(log) = p.logs.get(&leader) else { return false };
    let (start, end) = (log.log_start_offset(), log.log_end_offset());
    let visible_end = if run.read_committed { log.last_stable_offset() } else { log.high_watermark() };
    let position = match (a.position, a.start) {
        (Some(o), _) => o,
        (None, StartAt::Earliest) => start,
        (None, StartAt::Latest) => visible_end,
        (None, StartAt::Offset(o)) => crate::ids::Offset(o),
    };
    let position = if position < start || position > end {
        if a.reset_earliest {
            start
        } else {
            visible_end
        }
    } else {
        position
    };
    let mut text = String::new();
    let mut next = position;
    let mut fetched = 0;
    while next < visible_end && fetched < ASSIGNED_RECORDS_PER_FETCH_MAX {
        if run.max_messages.is_some_and(|max| run.printed >= max) {
            break;
        }
        if let Some(r) = log.record(next) {
            if !r.is_control() && (!run.read_committed || log.read_committed_visible(r)) {
                run.formatter.format(a.tp.partition, r, &mut text);
                run.printed += 1;
                fetched += 1;
            }
        }
        next = crate::ids::Offset(next.0 + 1);
    }
    a.position = Some(next);
    if fetched > 0 {
        out.print(&text);
        run.last_record_ms = cluster.now();
    }
    run.max_messages.is_some_and(|max| run.printed >= max)
}

/// `--timeout-ms` without a record, or the consumer gone from elsewhere (crashed, closed or
/// failed from the page).
pub(crate) fn tick(cluster: &mut Cluster, mut run: Running, out: &mut Out) -> Option<i32> {
    if run.assigned.is_some() && fetch_assigned(cluster, &mut run, out) {
        return Some(finish(cluster, None, run.printed, out));
    }
    let alive = run.assigned.is_some() || run.consumer.and_then(|c| cluster.consumer(c)).is_some_and(|c| c.alive());
    if !alive {
        cluster.foreground = None;
        out.eprintln(&log_line(
            cluster.now().0,
            "ERROR",
            "Unknown error when running consumer: ",
            "org.apache.kafka.tools.consumer.ConsoleConsumer",
        ));
        out.eprintln(&format!("Processed a total of {} messages", run.printed));
        return Some(1);
    }
    if let Some(timeout) = run.timeout_ms {
        if cluster.now().0.saturating_sub(run.last_record_ms.0) >= timeout {
            // ConsoleConsumer.process: the TimeoutException ends the loop, logged at ERROR.
            out.eprintln(&log_line(
                cluster.now().0,
                "ERROR",
                "Error processing message, terminating consumer process: ",
                "org.apache.kafka.tools.consumer.ConsoleConsumer",
            ));
            out.eprintln("org.apache.kafka.common.errors.TimeoutException");
            return Some(finish(cluster, run.consumer, run.printed, out));
        }
    }
    cluster.foreground = Some(Foreground::ConsoleConsumer(run));
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{LeaderEpoch, Offset};

    fn record(key: Option<&str>, value: Option<&str>) -> Record {
        Record {
            offset: Offset(5),
            leader_epoch: LeaderEpoch(0),
            timestamp_ms: TimeMs(1_718_000_000_000),
            key: key.map(|k| k.as_bytes().into()),
            value: value.map(|v| crate::payload::Payload::from(v.as_bytes())),
            headers: Vec::new(),
            record_id: 1,
            size_bytes: 10,
            batch: Default::default(),
            producer: Default::default(),
            sent: Default::default(),
        }
    }

    fn fmt(props: &[(&str, &str)], r: &Record) -> String {
        let f = MessageFormatter::from_properties(&props.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>());
        let mut s = String::new();
        f.format(0, r, &mut s);
        s
    }

    /// The examples in the research notes (`DefaultMessageFormatter.writeTo`).
    #[test]
    fn records_print_as_the_default_formatter_prints_them() {
        let r = record(Some("key"), Some("value"));
        assert_eq!(fmt(&[], &r), "value\n");
        assert_eq!(fmt(&[("print.key", "true")], &r), "key\tvalue\n");
        assert_eq!(fmt(&[("print.key", "true")], &record(None, Some("value"))), "null\tvalue\n");
        assert_eq!(
            fmt(&[("print.timestamp", "true"), ("print.partition", "true"), ("print.offset", "true"), ("print.key", "true")], &r),
            "CreateTime:1718000000000\tPartition:0\tOffset:5\tkey\tvalue\n"
        );
        assert_eq!(fmt(&[("print.headers", "true")], &r), "NO_HEADERS\tvalue\n");
        assert_eq!(fmt(&[("print.key", "true"), ("print.value", "false")], &r), "key\n");
        assert_eq!(
            fmt(&[("print.timestamp", "true"), ("print.partition", "true"), ("print.key", "true"), ("key.separator", " | ")], &r),
            "CreateTime:1718000000000 | Partition:0 | key | value\n"
        );
        assert_eq!(fmt(&[("print.value", "false"), ("print.offset", " TRUE")], &r), "Offset:5\n");
        assert_eq!(fmt(&[("null.literal", "-")], &record(Some("k"), None)), "-\n");
        assert_eq!(fmt(&[("print.epoch", "true")], &r), "Epoch:NOT_PRESENT\tvalue\n");
    }
}
