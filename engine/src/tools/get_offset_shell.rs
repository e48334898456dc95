//! `kafka-get-offsets.sh`: `org.apache.kafka.tools.GetOffsetShell` (Kafka 4.0).
//!
//! It lists the topics (internal ones too unless `--exclude-internal-topics`), keeps the
//! topic-partitions its filters allow, asks `Admin.listOffsets` for one `OffsetSpec` and prints
//! `topic:partition:offset` lines sorted by the string `topic-partition`. A partition whose
//! answer is `UNKNOWN_OFFSET` (-1) is left out. Its errors print `Error occurred: <message>` on
//! stderr, exit 1 (a `TerseException`); any other exception also prints its stack trace (the
//! exception line and one frame here, `super::stack_trace`, then the empty line of
//! `System.err.println(Utils.stackTrace(e))`).
//!
//! The offsets are the leader's answers to ListOffsets at READ_UNCOMMITTED
//! (`Partition.fetchOffsetForTimestamp`, `UnifiedLog.fetchOffsetByTimestamp`), read from the
//! sandbox's replica logs: `offset_for`.

use super::option_parser::{self, OptionSpec};
use super::{help, include_list_matches, stack_trace, Out};
use crate::cluster::Cluster;
use crate::ids::{Offset, TimeMs};
use crate::replica_log::ReplicaLog;
use crate::vec_map::VecMap;

const TOOL: &str = "kafka-get-offsets.sh";
const VERSION: &str = "4.0.0";

/// `GetOffsetShellOptions` (plus `--help` and `--version`).
const SPECS: &[OptionSpec] = &[
    OptionSpec::flag("help"),
    OptionSpec::flag("version"),
    OptionSpec::with_arg("bootstrap-server"),
    OptionSpec::with_arg("topic-partitions"),
    OptionSpec::with_arg("topic"),
    OptionSpec::with_arg("partitions"),
    OptionSpec::with_arg("time"),
    OptionSpec::with_arg("command-config"),
    OptionSpec::flag("exclude-internal-topics"),
];

/// `OffsetSpec`: what ListOffsets is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetSpec {
    /// -1: the high watermark (READ_UNCOMMITTED).
    Latest,
    /// -2: the log start offset.
    Earliest,
    /// -3: the first record with the largest timestamp.
    MaxTimestamp,
    /// -4: the local log start offset (the log start without tiered storage).
    EarliestLocal,
    /// -5: the highest offset in remote storage; none without tiered storage.
    LatestTiered,
    /// The first record whose timestamp is at least this.
    Timestamp(i64),
}

/// How the tool ended, as `mainNoExit` prints it.
enum Failure {
    /// `TerseException`: `Error occurred: <message>`.
    Terse(String),
    /// Any other exception: `Error occurred: <getMessage()>`, then the trace.
    Thrown { message: String, class: &'static str, trace_message: String, frame: &'static str },
}

/// `kafka-get-offsets.sh ARGS`.
pub fn run(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    match run_inner(cluster, args, out) {
        Ok(code) => code,
        Err(Failure::Terse(message)) => {
            out.eprintln(&format!("Error occurred: {message}"));
            1
        }
        Err(Failure::Thrown { message, class, trace_message, frame }) => {
            out.eprintln(&format!("Error occurred: {message}"));
            stack_trace(out, class, &trace_message, frame);
            out.eprintln("");
            1
        }
    }
}

/// `OptionSet.valueOf` failing (several values): a joptsimple exception outside the parse, so
/// not a `TerseException`.
fn jopt_thrown(message: String) -> Failure {
    let (class, frame) = super::leader_election_command::jopt_exception(&message);
    Failure::Thrown { trace_message: message.clone(), message, class, frame }
}

fn run_inner(cluster: &mut Cluster, args: &[String], out: &mut Out) -> Result<i32, Failure> {
    let full = help::full(TOOL).unwrap_or("");
    let (usage, table) = full.split_once('\n').unwrap_or((full, ""));
    if args.is_empty() {
        return Ok(super::usage_and_exit(out, usage, table));
    }
    let opts = option_parser::parse(SPECS, args).map_err(Failure::Terse)?;
    if opts.has("help") {
        return Ok(super::usage_and_exit(out, usage, table));
    }
    if opts.has("version") {
        out.println(VERSION);
        return Ok(0);
    }
    if !opts.has("bootstrap-server") {
        return Ok(super::usage_and_exit(out, "Missing required argument \"[bootstrap-server]\"", table));
    }
    let bootstrap = opts.value_of("bootstrap-server").map_err(jopt_thrown)?.unwrap_or("");
    if let Some(message) = super::bootstrap_error(bootstrap) {
        return Ok(super::usage_and_exit(out, message, table));
    }
    if opts.has("topic-partitions") && (opts.has("topic") || opts.has("partitions")) {
        return Err(Failure::Terse("--topic-partitions cannot be used with --topic or --partitions".into()));
    }
    let exclude_internal = opts.has("exclude-internal-topics");
    let spec = parse_offset_spec(opts.value_of("time").map_err(jopt_thrown)?.unwrap_or("latest"))?;
    let filter = match opts.value_of("topic-partitions").map_err(jopt_thrown)? {
        Some(list) => Filter::Rules(parse_rules(list)?),
        None => {
            let topic = opts.value_of("topic").map_err(jopt_thrown)?.unwrap_or(".*").to_string();
            let partitions = partition_set(opts.value_of("partitions").map_err(jopt_thrown)?)?;
            Filter::TopicAndPartitions { topic, partitions }
        }
    };
    let mut selected = Vec::new();
    for t in cluster.topics() {
        if exclude_internal && crate::topic_name::INTERNAL_TOPICS.contains(&t.name.as_str()) {
            continue;
        }
        if !filter.topic_allowed(&t.name) {
            continue;
        }
        for p in &t.partitions {
            if filter.partition_allowed(&t.name, p.tp.partition as i32) {
                selected.push(p);
            }
        }
    }
    if selected.is_empty() {
        return Err(Failure::Terse("Could not match any topic-partitions with the specified filters".into()));
    }
    // TreeMap<TopicPartition, Long> ordered by TopicPartition.toString().
    let mut lines: VecMap<String, String> = VecMap::new();
    for p in selected {
        let Some(log) = p.leader_log() else {
            // No leader: the admin client cannot send the partition's ListOffsets.
            let (class, message) = crate::kafka_error::KafkaError::LeaderNotAvailable.exception();
            out.eprintln(&format!(
                "Skip getting offsets for topic-partition {}-{} due to error: org.apache.kafka.common.errors.{class}: {message}",
                p.tp.topic, p.tp.partition
            ));
            continue;
        };
        let offset = offset_for(log, spec);
        if offset.0 != -1 {
            lines.insert(format!("{}-{}", p.tp.topic, p.tp.partition), format!("{}:{}:{}", p.tp.topic, p.tp.partition, offset.0));
        }
    }
    for line in lines.values() {
        out.println(line);
    }
    Ok(0)
}

/// `GetOffsetShell.parseOffsetSpec`.
fn parse_offset_spec(value: &str) -> Result<OffsetSpec, Failure> {
    Ok(match value {
        "earliest" => OffsetSpec::Earliest,
        "latest" => OffsetSpec::Latest,
        "max-timestamp" => OffsetSpec::MaxTimestamp,
        "earliest-local" => OffsetSpec::EarliestLocal,
        "latest-tiered" => OffsetSpec::LatestTiered,
        _ => match java_parse_long(value) {
            Some(-2) => OffsetSpec::Earliest,
            Some(-1) => OffsetSpec::Latest,
            Some(-3) => OffsetSpec::MaxTimestamp,
            Some(-4) => OffsetSpec::EarliestLocal,
            Some(-5) => OffsetSpec::LatestTiered,
            Some(t) => OffsetSpec::Timestamp(t),
            None => {
                return Err(Failure::Terse(format!(
                    "Malformed time argument {value}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp"
                )))
            }
        },
    })
}

/// `Long.parseLong` / `Integer.parseInt`: an optional sign, then ASCII digits.
fn java_parse_long(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn java_parse_int(s: &str) -> Option<i32> {
    java_parse_long(s).and_then(|v| i32::try_from(v).ok())
}

/// `Integer.parseInt`'s `NumberFormatException`, thrown out of the rule parser.
fn number_format(s: &str) -> Failure {
    let message = format!("For input string: \"{s}\"");
    Failure::Thrown {
        message: message.clone(),
        class: "java.lang.NumberFormatException",
        trace_message: message,
        frame: "java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)",
    }
}

/// Java's `String.split(",")`: trailing empty strings dropped.
fn java_split_comma(s: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(',').collect();
    while parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    if parts == [""] && !s.is_empty() {
        parts.clear();
    }
    parts
}

/// `createPartitionSet`: empty (all partitions) when absent or empty.
fn partition_set(value: Option<&str>) -> Result<Vec<i32>, Failure> {
    let Some(v) = value.filter(|v| !v.is_empty()) else { return Ok(Vec::new()) };
    java_split_comma(v)
        .into_iter()
        .map(java_parse_int)
        .collect::<Option<Vec<i32>>>()
        .ok_or_else(|| Failure::Terse(format!("--partitions expects a comma separated list of numeric partition ids, but received: {v}")))
}

/// One `--topic-partitions` rule: a topic regex and a partition filter.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    topic: String,
    /// Exactly this partition, or the range [lower, upper).
    partitions: PartitionRule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartitionRule {
    Unique(i32),
    Range(i32, i32),
}

/// `createTopicPartitionFilterWithPatternList` / `parseRuleSpec`: each comma-separated rule
/// must match `([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?`; an empty group counts as
/// absent.
fn parse_rules(list: &str) -> Result<Vec<Rule>, Failure> {
    let mut rules = Vec::new();
    for spec in java_split_comma(list) {
        let invalid = || Failure::Thrown {
            // A TerseException thrown inside the stream's lambda, wrapped in a RuntimeException.
            message: format!("org.apache.kafka.tools.TerseException: Invalid rule specification: {spec}"),
            class: "java.lang.RuntimeException",
            trace_message: format!("org.apache.kafka.tools.TerseException: Invalid rule specification: {spec}"),
            frame: "org.apache.kafka.tools.GetOffsetShell.lambda$createTopicPartitionFilterWithPatternList$0(GetOffsetShell.java:320)",
        };
        let (topic, rest) = match spec.split_once(':') {
            Some((t, r)) => (t, Some(r)),
            None => (spec, None),
        };
        let topic = if topic.is_empty() { ".*".to_string() } else { topic.to_string() };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let int = |s: &str| java_parse_int(s).ok_or_else(|| number_format(s));
        let partitions = match rest {
            None => PartitionRule::Range(0, i32::MAX),
            Some(r) if digits(r) => {
                if r.is_empty() {
                    PartitionRule::Range(0, i32::MAX)
                } else {
                    PartitionRule::Unique(int(r)?)
                }
            }
            Some(r) => {
                let Some((lo, hi)) = r.split_once('-').filter(|(lo, hi)| digits(lo) && digits(hi)) else {
                    return Err(invalid());
                };
                let lower = if lo.is_empty() { 0 } else { int(lo)? };
                let upper = if hi.is_empty() { i32::MAX } else { int(hi)? };
                PartitionRule::Range(lower, upper)
            }
        };
        rules.push(Rule { topic, partitions });
    }
    Ok(rules)
}

enum Filter {
    /// `--topic` (an `IncludeList`, `.*` when absent) and `--partitions` (empty: all).
    TopicAndPartitions { topic: String, partitions: Vec<i32> },
    /// `--topic-partitions`: any rule allows.
    Rules(Vec<Rule>),
}

impl Filter {
    fn topic_allowed(&self, topic: &str) -> bool {
        match self {
            Filter::TopicAndPartitions { topic: pattern, .. } => include_list_matches(pattern, topic),
            Filter::Rules(rules) => rules.iter().any(|r| include_list_matches(&r.topic, topic)),
        }
    }

    fn partition_allowed(&self, topic: &str, partition: i32) -> bool {
        match self {
            Filter::TopicAndPartitions { topic: pattern, partitions } => {
                include_list_matches(pattern, topic) && (partitions.is_empty() || partitions.contains(&partition))
            }
            Filter::Rules(rules) => rules.iter().any(|r| {
                include_list_matches(&r.topic, topic)
                    && match r.partitions {
                        PartitionRule::Unique(p) => p == partition,
                        PartitionRule::Range(lo, hi) => lo <= partition && partition < hi,
                    }
            }),
        }
    }
}

/// The leader's ListOffsets answer for one partition at READ_UNCOMMITTED, or -1
/// (`UNKNOWN_OFFSET`):
/// * latest: the high watermark (`lastFetchableOffset`);
/// * earliest, earliest-local: the log start offset (no tiered storage, so the same);
/// * latest-tiered: -1 without remote storage (`UnifiedLog.fetchOffsetByTimestamp`);
/// * max-timestamp: in the first segment with the largest `maxTimestampSoFar`, the first
///   record carrying that timestamp (the batch of `offsetOfMaxTimestampSoFar`, then
///   `RecordBatch.offsetOfMaxTimestamp`); none in an empty log;
/// * a timestamp: in the first segment whose largest timestamp is at least it, the first batch
///   whose max timestamp is, then that batch's first record at or past the timestamp and the
///   log start (`LogSegment.findOffsetByTimestamp`, `FileRecords.searchForTimestamp`).
///
/// Found offsets at or past the high watermark are not returned (`ReplicaManager`:
/// `found.offset >= lastFetchableOffset`).
pub fn offset_for(log: &ReplicaLog, spec: OffsetSpec) -> Offset {
    let hw = log.high_watermark();
    let found = match spec {
        OffsetSpec::Latest => return hw,
        OffsetSpec::Earliest | OffsetSpec::EarliestLocal => return log.log_start_offset(),
        OffsetSpec::LatestTiered => return Offset(-1),
        OffsetSpec::MaxTimestamp => max_timestamp_offset(log),
        OffsetSpec::Timestamp(t) => timestamp_offset(log, t),
    };
    match found {
        Some(o) if o < hw => o,
        _ => Offset(-1),
    }
}

fn max_timestamp_offset(log: &ReplicaLog) -> Option<Offset> {
    let mut best: Option<(usize, TimeMs)> = None;
    for (i, s) in log.segments().iter().enumerate() {
        if s.records > 0 && best.is_none_or(|(_, ts)| s.timestamp_max_ms > ts) {
            best = Some((i, s.timestamp_max_ms));
        }
    }
    let (index, ts) = best?;
    log.segment_records(index).find(|r| r.timestamp_ms == ts).map(|r| r.offset)
}

fn timestamp_offset(log: &ReplicaLog, target: i64) -> Option<Offset> {
    let index = log.segments().iter().position(|s| s.records > 0 && s.timestamp_max_ms.0 as i128 >= target as i128)?;
    let start = log.log_start_offset();
    // Batches from the segment's start: a batch begins at a record marked `first`.
    let records: Vec<_> = log.segment_records(index).collect();
    let mut i = 0;
    while i < records.len() {
        let mut end = i + 1;
        while end < records.len() && !records[end].batch.first {
            end += 1;
        }
        let batch = &records[i..end];
        let max = batch.iter().map(|r| r.timestamp_ms.0).max().unwrap_or(0);
        if max as i128 >= target as i128 {
            if let Some(r) = batch.iter().find(|r| r.timestamp_ms.0 as i128 >= target as i128 && r.offset >= start) {
                return Some(r.offset);
            }
        }
        i = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_arguments_parse_as_the_tool_does() {
        assert_eq!(parse_offset_spec("-2").ok(), Some(OffsetSpec::Earliest));
        assert_eq!(parse_offset_spec("latest").ok(), Some(OffsetSpec::Latest));
        assert_eq!(parse_offset_spec("+5").ok(), Some(OffsetSpec::Timestamp(5)));
        assert!(parse_offset_spec("LATEST").is_err(), "names are case-sensitive");
        assert!(parse_offset_spec(" 5").is_err());
    }

    #[test]
    fn rules_parse_as_the_pattern_does() {
        let r = parse_rules("t:1,u:2-4,:3-,v,w:-2,x:").ok().expect("valid");
        assert_eq!(r[0].partitions, PartitionRule::Unique(1));
        assert_eq!(r[1].partitions, PartitionRule::Range(2, 4));
        assert_eq!((r[2].topic.as_str(), r[2].partitions), (".*", PartitionRule::Range(3, i32::MAX)));
        assert_eq!(r[3].partitions, PartitionRule::Range(0, i32::MAX));
        assert_eq!(r[4].partitions, PartitionRule::Range(0, 2));
        assert_eq!(r[5].partitions, PartitionRule::Range(0, i32::MAX));
        assert!(parse_rules("t:a").is_err());
        assert!(parse_rules("t:1:2").is_err());
    }
}
