//! `kafka-topics.sh`: `org.apache.kafka.tools.TopicCommand` of Kafka 4.0 (research notes of
//! issue 25, §0 and §1). `--list` and `--describe` read the cluster's views; `--create`,
//! `--alter --partitions` and `--delete` run `Command::CreateTopic`, `AddPartitions` and
//! `DeleteTopic` through `Cluster::execute`, as the admin client's CreateTopics,
//! CreatePartitions and DeleteTopics requests.
//!
//! The order of everything follows the tool's:
//!
//! 1. `TopicCommandOptions`' constructor parses (joptsimple); a parse error escapes to
//!    `mainNoExit`, which prints the message and the stack trace on stderr (no option table);
//! 2. `checkArgs`: no arguments, `--help`, `--version`, exactly one action, the deprecated
//!    `--delete-config`, `checkRequiredArgs` (a missing `--bootstrap-server` is an
//!    `IllegalArgumentException` for `mainNoExit`; the rest `printUsageAndExit`: message and
//!    option table on stderr, exit 1), then `checkInvalidArgs`;
//! 3. `execute`: `new TopicService(opts.commandConfig(), opts.bootstrapServer())` outside the
//!    try (its failures reach `mainNoExit`), then the action inside it, whose failures
//!    `printException` prints: `Error while executing topic command : <message>` on stdout and
//!    the exception as a log4j ERROR on stderr. Exit 1 on any error, 0 otherwise.
//!
//! Where the sandbox cannot do what Kafka does, it answers as Kafka answers an error, with a
//! message naming the sandbox's limit: there are no files (`--command-config` finds none, as
//! Kafka finds no missing file), replicas are placed by the cluster (`--replica-assignment`:
//! `Command::CreateTopic` and `AddPartitions` take no assignment), internal topics are not
//! deleted, and topic configs Kafka has but the sandbox does not model are refused by name.

use super::option_parser::{parse, OptionSpec, ParsedOptions};
use super::{help, include_list_matches, is_literal, log_line, stack_trace, usage_and_exit, Out, KAFKA_VERSION};
use crate::cluster::{Cluster, Topic};
use crate::command::{Command, CommandError, CommandErrorKind};
use crate::config::TopicConfig;
use crate::java_hash::{bucket_of, string_hash_code};

const TOOL: &str = "kafka-topics.sh";

/// `num.partitions` and `default.replication.factor` of the brokers (Kafka's defaults, both 1;
/// the sample `server.properties` keeps them): what `--create` gets without `--partitions` or
/// `--replication-factor` (the tool sends -1 and the controller fills them in). The sandbox's
/// `ClusterConfig` has no such settings, so these are Kafka's defaults.
const NUM_PARTITIONS_DEFAULT: u32 = 1;
const DEFAULT_REPLICATION_FACTOR: u32 = 1;

/// `Topic.INTERNAL_TOPICS`: what `--exclude-internal` leaves out (`Topic.isInternal`).
const KAFKA_INTERNAL_TOPICS: [&str; 3] = ["__consumer_offsets", "__transaction_state", "__share_group_state"];

/// `TopicCommandOptions`, in declaration order (`CommandDefaultOptions` adds help and version).
const SPECS: &[OptionSpec] = &[
    OptionSpec::flag("help"),
    OptionSpec::flag("version"),
    OptionSpec::with_arg("bootstrap-server"),
    OptionSpec::with_arg("command-config"),
    OptionSpec::flag("list"),
    OptionSpec::flag("create"),
    OptionSpec::flag("delete"),
    OptionSpec::flag("alter"),
    OptionSpec::flag("describe"),
    OptionSpec::with_arg("topic"),
    OptionSpec::with_arg("topic-id"),
    OptionSpec::with_arg("config"),
    OptionSpec::with_arg("delete-config"),
    OptionSpec::with_arg("partitions"),
    OptionSpec::with_arg("replication-factor"),
    OptionSpec::with_arg("replica-assignment"),
    OptionSpec::flag("under-replicated-partitions"),
    OptionSpec::flag("unavailable-partitions"),
    OptionSpec::flag("under-min-isr-partitions"),
    OptionSpec::flag("at-min-isr-partitions"),
    OptionSpec::flag("topics-with-overrides"),
    OptionSpec::flag("if-exists"),
    OptionSpec::flag("if-not-exists"),
    OptionSpec::flag("exclude-internal"),
    OptionSpec::with_arg("partition-size-limit-per-response"),
];

const ACTIONS: [&str; 5] = ["create", "list", "alter", "describe", "delete"];
const REPORTS: [&str; 4] = ["under-replicated-partitions", "under-min-isr-partitions", "at-min-isr-partitions", "unavailable-partitions"];

/// `KAFKA_CONFIGS_CLI_SUPPORTS_ALTERING_TOPIC_CONFIGS`.
const USE_KAFKA_CONFIGS: &str = " (To alter topic configurations, the kafka-configs tool can be used.)";

/// `kafka-topics.sh ARGS`.
pub fn run(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    let opts = match parse(SPECS, args) {
        Ok(o) => o,
        Err(message) => {
            let (exception, frame) = parse_exception(&message);
            return main_no_exit(out, &message, &[(exception, message.as_str(), frame)]);
        }
    };
    if let Some(code) = check_args(args, &opts, out) {
        return code;
    }
    // `execute`: `new TopicService(opts.commandConfig(), opts.bootstrapServer())`, outside the try.
    if let Some(code) = open_topic_service(&opts, out) {
        return code;
    }
    let result = if opts.has("create") {
        create_topic(cluster, &opts, out)
    } else if opts.has("alter") {
        alter_topic(cluster, &opts)
    } else if opts.has("list") {
        list_topics(cluster, &opts, out)
    } else if opts.has("describe") {
        describe_topic(cluster, &opts, out)
    } else {
        delete_topic(cluster, &opts)
    };
    match result {
        Ok(()) => 0,
        Err(failure) => {
            print_exception(cluster, out, &failure);
            1
        }
    }
}

// ------------------------------------------------------------------ errors

/// A failure inside `execute`'s try: the exception's class, its message and (for exceptions
/// with a stack) one frame. `ApiException`s, the broker's answers, carry no stack trace
/// (`ApiException.fillInStackTrace` is a no-op).
struct Failure {
    exception: String,
    message: String,
    frame: Option<&'static str>,
}

impl Failure {
    fn client(exception: &str, message: impl Into<String>, frame: &'static str) -> Failure {
        Failure { exception: exception.to_string(), message: message.into(), frame: Some(frame) }
    }

    /// An `ApiException` from `org.apache.kafka.common.errors`.
    fn api(class: &str, message: impl Into<String>) -> Failure {
        Failure { exception: format!("org.apache.kafka.common.errors.{class}"), message: message.into(), frame: None }
    }

    /// `IllegalArgumentException` thrown by the tool itself.
    fn illegal_argument(message: impl Into<String>, frame: &'static str) -> Failure {
        Failure::client("java.lang.IllegalArgumentException", message, frame)
    }

    /// joptsimple's `valueOf` failing at action time (a second `--topic`, `--partitions abc`).
    fn option(message: String) -> Failure {
        let exception = if message.starts_with("Cannot parse argument") {
            "joptsimple.OptionArgumentConversionException"
        } else {
            "joptsimple.MultipleArgumentsForOptionException"
        };
        Failure::client(exception, message, "joptsimple.OptionSet.valueOf(OptionSet.java)")
    }

    /// The engine refused a command: a Kafka error is the broker's `ApiException` (its message
    /// is the controller's); a sandbox limit is answered as a broker policy would refuse it.
    fn from_command(e: CommandError) -> Failure {
        match e.kind {
            CommandErrorKind::Kafka(k) => Failure::api(k.exception().0, e.message),
            _ => Failure::api("PolicyViolationException", e.message),
        }
    }
}

/// `TopicCommand.printException`: the message on stdout (note the " : "), and
/// `LOG.error(Utils.stackTrace(e))` on stderr. The stack trace ends with a line break, so the
/// logger's `(class)` lands on a line of its own. The trace is shortened to one frame.
fn print_exception(cluster: &Cluster, out: &mut Out, f: &Failure) {
    out.println(&format!("Error while executing topic command : {}", f.message));
    let mut trace = format!("{}: {}\n", f.exception, f.message);
    if let Some(frame) = f.frame {
        trace.push_str(&format!("\tat {frame}\n"));
    }
    out.eprintln(&log_line(cluster.now().0, "ERROR", &trace, "org.apache.kafka.tools.TopicCommand"));
}

/// `mainNoExit`'s catch: `System.err.println(e.getMessage())`, then
/// `System.err.println(Utils.stackTrace(e))`: the trace (shortened to one frame per exception
/// in its chain, the first the thrown one, the rest `Caused by:`), then the empty line the
/// println of a text ending in a line break makes. Exit 1.
fn main_no_exit(out: &mut Out, message: &str, chain: &[(&str, &str, &str)]) -> i32 {
    out.eprintln(message);
    for (i, (exception, message, frame)) in chain.iter().enumerate() {
        if i == 0 {
            stack_trace(out, exception, message, frame);
        } else {
            out.eprintln(&format!("Caused by: {exception}: {message}"));
            out.eprintln(&format!("\tat {frame}"));
        }
    }
    out.eprintln("");
    1
}

/// The joptsimple exception behind a parse error's message, and the frame that throws it.
fn parse_exception(message: &str) -> (&'static str, &'static str) {
    if message.ends_with("requires an argument") {
        (
            "joptsimple.OptionMissingRequiredArgumentException",
            "joptsimple.RequiredArgumentOptionSpec.detectOptionArgument(RequiredArgumentOptionSpec.java:48)",
        )
    } else {
        ("joptsimple.UnrecognizedOptionException", "joptsimple.OptionException.unrecognizedOption(OptionException.java:108)")
    }
}

fn usage(out: &mut Out, message: &str) -> i32 {
    usage_and_exit(out, message, help::table(TOOL))
}

// ------------------------------------------------------------------ checkArgs

/// `TopicCommandOptions.checkArgs`: `Some(exit code)` when the run ends here.
fn check_args(args: &[String], opts: &ParsedOptions, out: &mut Out) -> Option<i32> {
    if args.is_empty() {
        return Some(usage(out, "Create, delete, describe, or change a topic."));
    }
    // `CommandLineUtils.maybePrintHelpOrVersion`.
    if opts.has("help") {
        return Some(usage(out, "This tool helps to create, delete, describe, or change a topic."));
    }
    if opts.has("version") {
        out.println(KAFKA_VERSION);
        return Some(0);
    }
    if ACTIONS.iter().filter(|a| opts.has(a)).count() != 1 {
        return Some(usage(out, "Command must include exactly one action: --list, --describe, --create, --alter or --delete"));
    }
    if opts.has("delete-config") {
        out.eprintln(
            "delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.",
        );
    }
    check_required_args(opts, out).or_else(|| check_invalid_args(opts, out))
}

/// `checkRequiredArgs`.
fn check_required_args(opts: &ParsedOptions, out: &mut Out) -> Option<i32> {
    if !opts.has("bootstrap-server") {
        let message = "--bootstrap-server must be specified";
        return Some(main_no_exit(
            out,
            message,
            &[(
                "java.lang.IllegalArgumentException",
                message,
                "org.apache.kafka.tools.TopicCommand$TopicCommandOptions.checkRequiredArgs(TopicCommand.java)",
            )],
        ));
    }
    if opts.has("describe") && opts.has("if-exists") {
        if !opts.has("topic") && !opts.has("topic-id") {
            return Some(usage(out, "--topic or --topic-id is required to describe a topic"));
        }
        if opts.has("topic") && opts.has("topic-id") {
            out.println("Only topic id will be used when both --topic and --topic-id are specified and topicId is not Uuid.ZERO_UUID");
        }
    }
    if !opts.has("list") && !opts.has("describe") && !opts.has("topic") {
        return Some(usage(out, "Missing required argument \"[topic]\""));
    }
    if opts.has("alter") {
        // `checkInvalidArgsSet` with `Set.of(bootstrapServerOpt, configOpt)` (bootstrap is
        // present by now); the set prints as the notes captured it.
        if opts.has("config") {
            return Some(usage(
                out,
                &format!("Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\"{USE_KAFKA_CONFIGS}"),
            ));
        }
        if !opts.has("partitions") {
            return Some(usage(out, "Missing required argument \"[partitions]\""));
        }
    }
    None
}

/// `checkInvalidArgs`: each option against the options it cannot go with, in the tool's order
/// (the actions first: only one is present, so their set's order does not show).
fn check_invalid_args(opts: &ParsedOptions, out: &mut Out) -> Option<i32> {
    let not = |keep: &[&str]| -> Vec<&'static str> { ACTIONS.iter().copied().filter(|a| !keep.contains(a)).collect() };
    let mut rules: Vec<(&str, Vec<&str>)> = vec![
        ("config", not(&["alter", "create"])),
        ("partitions", not(&["alter", "create"])),
        ("replication-factor", not(&["create"])),
        ("replica-assignment", not(&["alter", "create"])),
    ];
    if opts.has("create") {
        rules.push(("replica-assignment", vec!["partitions", "replication-factor"]));
    }
    for report in REPORTS {
        let mut invalid = not(&["describe"]);
        invalid.push("topics-with-overrides");
        rules.push((report, invalid));
    }
    let mut with_reports = not(&["describe"]);
    with_reports.extend(REPORTS);
    rules.push(("topics-with-overrides", with_reports));
    rules.push(("if-exists", not(&["alter", "delete", "describe"])));
    rules.push(("if-not-exists", not(&["create"])));
    rules.push(("exclude-internal", not(&["list", "describe"])));
    for (used, invalid) in rules {
        if !opts.has(used) {
            continue;
        }
        if let Some(other) = invalid.iter().find(|o| opts.has(o)) {
            // `CommandLineUtils.checkInvalidArgs`: `OptionSpec.toString()` is `[name]`.
            return Some(usage(out, &format!("Option \"[{used}]\" can't be used with option \"[{other}]\"")));
        }
    }
    None
}

/// `new TopicService(opts.commandConfig(), opts.bootstrapServer())`: `Some(exit code)` when it
/// throws (to `mainNoExit`).
fn open_topic_service(opts: &ParsedOptions, out: &mut Out) -> Option<i32> {
    if opts.has("command-config") {
        // `Utils.loadProps(file)`: the sandbox has no files, so every file is missing, as Kafka
        // reports a missing one (`Files.newInputStream`).
        let path = match opts.value_of("command-config") {
            Ok(p) => p.unwrap_or_default().to_string(),
            Err(m) => {
                return Some(main_no_exit(
                    out,
                    &m,
                    &[("joptsimple.MultipleArgumentsForOptionException", &m, "joptsimple.OptionSet.valueOf(OptionSet.java)")],
                ))
            }
        };
        return Some(main_no_exit(
            out,
            &path,
            &[(
                "java.nio.file.NoSuchFileException",
                &path,
                "java.base/sun.nio.fs.UnixException.translateToIOException(UnixException.java:92)",
            )],
        ));
    }
    let server = match opts.value_of("bootstrap-server") {
        Ok(s) => s.unwrap_or_default().to_string(),
        Err(m) => {
            return Some(main_no_exit(
                out,
                &m,
                &[("joptsimple.MultipleArgumentsForOptionException", &m, "joptsimple.OptionSet.valueOf(OptionSet.java)")],
            ))
        }
    };
    // `Admin.create`: `ClientUtils.parseAndValidateAddresses` (every host resolves in the
    // sandbox); `KafkaAdminClient.createInternal` wraps the failure. [Texts from the client's
    // sources as remembered, not from the research notes.]
    let entries: Vec<&str> = server.split(',').map(str::trim).filter(|e| !e.is_empty()).collect();
    let bad = entries.iter().find(|e| {
        let e = e.split_once("://").map_or(**e, |(_, rest)| rest);
        !e.rsplit_once(':').is_some_and(|(_, port)| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()))
    });
    let cause = match (bad, entries.is_empty()) {
        (Some(url), _) => format!("Invalid url in bootstrap.servers: {url}"),
        (None, true) => "No resolvable bootstrap urls given in bootstrap.servers".to_string(),
        (None, false) => return None,
    };
    let message = "Failed to create new KafkaAdminClient";
    Some(main_no_exit(
        out,
        message,
        &[
            (
                "org.apache.kafka.common.KafkaException",
                message,
                "org.apache.kafka.clients.admin.KafkaAdminClient.createInternal(KafkaAdminClient.java)",
            ),
            (
                "org.apache.kafka.common.config.ConfigException",
                &cause,
                "org.apache.kafka.clients.ClientUtils.parseAndValidateAddresses(ClientUtils.java)",
            ),
        ],
    ))
}

// ------------------------------------------------------------------ shared by the actions

fn value(opts: &ParsedOptions, name: &str) -> Result<Option<String>, Failure> {
    opts.value_of(name).map(|v| v.map(str::to_string)).map_err(Failure::option)
}

fn int(opts: &ParsedOptions, name: &str) -> Result<Option<i32>, Failure> {
    opts.int_of(name).map_err(Failure::option)
}

/// No broker answers: the admin client waits `default.api.timeout.ms` for one, then fails the
/// call (`KafkaAdminClient`'s "Timed out waiting for a node assignment").
fn reachable(cluster: &Cluster, call: &str) -> Result<(), Failure> {
    if cluster.brokers().any(|b| b.running()) {
        return Ok(());
    }
    Err(Failure::api("TimeoutException", format!("Timed out waiting for a node assignment. Call: {call}")))
}

fn is_internal(name: &str) -> bool {
    KAFKA_INTERNAL_TOPICS.contains(&name)
}

/// `IncludeList.isTopicAllowed`, with a plain name compared as itself.
fn matches(pattern: &str, name: &str) -> bool {
    if is_literal(pattern) && !pattern.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
        pattern == name
    } else {
        include_list_matches(pattern, name)
    }
}

/// `TopicService.getTopics`: every topic name (internal ones unless `--exclude-internal`),
/// sorted as Java sorts strings, kept when `--topic`'s regex matches the whole name.
fn get_topics(cluster: &Cluster, pattern: Option<&str>, exclude_internal: bool) -> Vec<String> {
    let mut names: Vec<String> = cluster.topics().map(|t| t.name.clone()).collect();
    names.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    names.retain(|n| !(exclude_internal && is_internal(n)) && pattern.is_none_or(|p| matches(p, n)));
    names
}

/// `ensureTopicExists`: the 4.0 tool formats the `Optional<String>` itself, so the message
/// reads `Topic 'Optional[nope]' does not exist as expected`. [Whether a later 4.x release
/// prints the bare name is unconfirmed.]
fn ensure_topic_exists(found: &[String], requested: Option<&str>, require: bool) -> Result<(), Failure> {
    match requested {
        Some(t) if !t.is_empty() && require && found.is_empty() => Err(Failure::illegal_argument(
            format!("Topic 'Optional[{t}]' does not exist as expected"),
            "org.apache.kafka.tools.TopicCommand.ensureTopicExists(TopicCommand.java)",
        )),
        _ => Ok(()),
    }
}

/// The iteration order of a `new HashMap<>(n)` holding `names` (inserted in the given order):
/// `DescribeTopicsResult.allTopicNames`, and the futures `all()` walks. Capacity
/// `tableSizeFor(n)`, doubled while `n` exceeds three quarters of it.
fn hash_map_order(names: &[String]) -> Vec<usize> {
    let n = names.len();
    let mut capacity = (n.max(1) as u32).next_power_of_two();
    while n as u64 * 4 > u64::from(capacity) * 3 {
        capacity *= 2;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (bucket_of(string_hash_code(&names[i]), capacity), i));
    order
}

/// `TopicCommand.parseReplicaAssignment`: `b1:b2,b3:b4,...`, one list of broker ids per
/// partition; duplicates and unequal lengths are refused.
fn parse_replica_assignment(text: &str) -> Result<Vec<Vec<i32>>, Failure> {
    let mut out: Vec<Vec<i32>> = Vec::new();
    // Java's `split` drops trailing empty strings.
    let mut parts: Vec<&str> = text.split(',').collect();
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    for (i, part) in parts.iter().enumerate() {
        let mut ids: Vec<&str> = part.split(':').collect();
        while ids.last().is_some_and(|p| p.is_empty()) {
            ids.pop();
        }
        let mut brokers = Vec::with_capacity(ids.len());
        for id in ids {
            let id = id.trim();
            let Ok(b) = id.parse::<i32>() else {
                return Err(Failure::client(
                    "java.lang.NumberFormatException",
                    format!("For input string: \"{id}\""),
                    "java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)",
                ));
            };
            brokers.push(b);
        }
        let mut dups: Vec<i32> = brokers.iter().copied().filter(|b| brokers.iter().filter(|x| *x == b).count() > 1).collect();
        dups.sort_unstable();
        dups.dedup();
        if !dups.is_empty() {
            let list = dups.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
            return Err(Failure::client(
                "org.apache.kafka.server.common.AdminCommandFailedException",
                format!("Partition replica lists may not contain duplicate entries: {list}"),
                "org.apache.kafka.tools.TopicCommand.parseReplicaAssignment(TopicCommand.java)",
            ));
        }
        if out.first().is_some_and(|first| first.len() != brokers.len()) {
            let list = brokers.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
            return Err(Failure::client(
                "org.apache.kafka.server.common.AdminOperationException",
                format!("Partition {i} has different replication factor: [{list}]"),
                "org.apache.kafka.tools.TopicCommand.parseReplicaAssignment(TopicCommand.java)",
            ));
        }
        out.push(brokers);
        if out.len() > 100_000 {
            break;
        }
    }
    Ok(out)
}

/// `--replica-assignment`, given and not empty: parsed as the tool parses it, then refused,
/// since the sandbox's commands place replicas themselves.
fn refuse_replica_assignment(opts: &ParsedOptions) -> Result<(), Failure> {
    let Some(text) = value(opts, "replica-assignment")? else { return Ok(()) };
    if text.is_empty() {
        return Ok(());
    }
    parse_replica_assignment(&text)?;
    Err(Failure::api(
        "InvalidRequestException",
        "The sandbox places replicas itself (StripedReplicaPlacer): --replica-assignment is not supported",
    ))
}

// ------------------------------------------------------------------ --create

/// Java's `s.split("\\s*=\\s*")`: every `=` with the whitespace around it separates; trailing
/// empty strings are dropped.
fn split_config(s: &str) -> Vec<String> {
    let java_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r');
    let chars: Vec<char> = s.chars().collect();
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && java_space(chars[j]) {
            j += 1;
        }
        if j < chars.len() && chars[j] == '=' {
            j += 1;
            while j < chars.len() && java_space(chars[j]) {
                j += 1;
            }
            parts.push(std::mem::take(&mut current));
            i = j;
            continue;
        }
        // Whitespace not before '=' is part of the text: take one character and look again.
        current.push(chars[i]);
        i += 1;
    }
    parts.push(current);
    while parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts
}

/// Every topic config name Kafka 4.0 knows (`LogConfig.nonInternalConfigNames`), read from the
/// `--config` description of the help text (each name after a TAB).
fn kafka_config_names() -> impl Iterator<Item = &'static str> {
    help::table(TOOL).lines().filter_map(|l| l.trim_start_matches(' ').strip_prefix('\t')).map(str::trim_end)
}

/// `parseTopicConfigsToBeAdded`: `k=v` pairs into a `HashMap` (later keys win), then
/// `LogConfig.validate`: names first (in the map's order), then values. The configs the sandbox
/// models become the topic's `TopicConfig`.
fn topic_config(opts: &ParsedOptions) -> Result<TopicConfig, Failure> {
    let split: Vec<Vec<String>> = opts.values_of("config").iter().map(|s| split_config(s)).collect();
    if !split.iter().all(|p| p.len() == 2) {
        return Err(Failure::illegal_argument(
            "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".",
            "org.apache.kafka.tools.TopicCommand.parseTopicConfigsToBeAdded(TopicCommand.java)",
        ));
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for p in split {
        let (k, v) = (p[0].trim().to_string(), p[1].trim().to_string());
        match pairs.iter_mut().find(|(name, _)| *name == k) {
            Some(existing) => existing.1 = v,
            None => pairs.push((k, v)),
        }
    }
    let names: Vec<String> = pairs.iter().map(|(k, _)| k.clone()).collect();
    let order = {
        let hashes: Vec<i32> = names.iter().map(|n| string_hash_code(n)).collect();
        crate::java_hash::hash_map_order(&hashes, hashes.len())
    };
    for &i in &order {
        let name = &names[i];
        if !kafka_config_names().any(|k| k == name) {
            return Err(Failure::api("InvalidConfigurationException", format!("Unknown topic config name: {name}")));
        }
    }
    for &i in &order {
        let name = &names[i];
        if !crate::topic_config::TOPIC_CONFIG_NAMES.contains(&name.as_str()) {
            return Err(Failure::api(
                "InvalidConfigurationException",
                format!("The sandbox does not model topic config {name}; it models {}", crate::topic_config::TOPIC_CONFIG_NAMES.join(", ")),
            ));
        }
    }
    let mut config = TopicConfig::default();
    for &i in &order {
        let (name, v) = &pairs[i];
        crate::topic_config::set_config(&mut config, name, v).map_err(|e| {
            if e.message.starts_with("Invalid value") {
                Failure::client(
                    "org.apache.kafka.common.config.ConfigException",
                    e.message,
                    "org.apache.kafka.common.config.ConfigDef.parseType(ConfigDef.java)",
                )
            } else {
                Failure::api("InvalidConfigurationException", e.message)
            }
        })?;
    }
    Ok(config)
}

/// `TopicService.createTopic`: the options read (`CommandTopicPartition`), the name warning,
/// the tool's own range checks, then CreateTopics. Prints `Created topic T.`.
fn create_topic(cluster: &mut Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<(), Failure> {
    let name = value(opts, "topic")?.unwrap_or_default();
    let partitions = int(opts, "partitions")?;
    let replication_factor = int(opts, "replication-factor")?;
    let assignment = match value(opts, "replica-assignment")? {
        Some(text) if !text.is_empty() => Some(parse_replica_assignment(&text)?),
        _ => None,
    };
    let config = topic_config(opts)?;
    if crate::topic_name::has_collision_chars(&name) {
        out.println(crate::topic_name::COLLISION_WARNING);
    }
    if replication_factor.is_some_and(|rf| !(1..=i32::from(i16::MAX)).contains(&rf)) {
        return Err(Failure::illegal_argument(
            "The replication factor must be between 1 and 32767 inclusive",
            "org.apache.kafka.tools.TopicCommand$TopicService.createTopic(TopicCommand.java)",
        ));
    }
    if partitions.is_some_and(|p| p < 1) {
        return Err(Failure::illegal_argument(
            "The partitions must be greater than 0",
            "org.apache.kafka.tools.TopicCommand$TopicService.createTopic(TopicCommand.java)",
        ));
    }
    reachable(cluster, "createTopics")?;
    if assignment.is_some() {
        refuse_replica_assignment(opts)?;
    }
    let command = Command::CreateTopic {
        name: name.clone(),
        partitions: partitions.map_or(NUM_PARTITIONS_DEFAULT, |p| p as u32),
        replication_factor: replication_factor.map_or(DEFAULT_REPLICATION_FACTOR, |rf| rf as u32),
        config,
    };
    match cluster.execute(command) {
        Ok(_) => {
            out.println(&format!("Created topic {name}."));
            Ok(())
        }
        // `--if-not-exists` swallows TopicExistsException only.
        Err(e) if opts.has("if-not-exists") && e.kind == CommandErrorKind::Kafka(crate::kafka_error::KafkaError::TopicAlreadyExists) => {
            Ok(())
        }
        Err(e) => Err(Failure::from_command(e)),
    }
}

// ------------------------------------------------------------------ --alter

/// `TopicService.alterTopic`: every topic `--topic` matches grows to `--partitions`
/// (CreatePartitions, one topic at a time in the request's order; the first failure is
/// reported). No output on success.
fn alter_topic(cluster: &mut Cluster, opts: &ParsedOptions) -> Result<(), Failure> {
    let pattern = value(opts, "topic")?;
    let partitions = int(opts, "partitions")?.unwrap_or_default();
    if let Some(text) = value(opts, "replica-assignment")?.filter(|t| !t.is_empty()) {
        parse_replica_assignment(&text)?;
    }
    topic_config(opts)?;
    reachable(cluster, "listTopics")?;
    let topics = get_topics(cluster, pattern.as_deref(), opts.has("exclude-internal"));
    ensure_topic_exists(&topics, pattern.as_deref(), !opts.has("if-exists"))?;
    if topics.is_empty() {
        return Ok(());
    }
    refuse_replica_assignment(opts)?;
    let mut first_failure = None;
    for i in hash_map_order(&topics) {
        let topic = &topics[i];
        let result = match u32::try_from(partitions) {
            Ok(total) => cluster.execute(Command::AddPartitions { topic: topic.clone(), partitions: total }).map(|_| ()),
            // A count the command cannot carry is no increase: the controller's message.
            Err(_) => {
                let current = cluster.topic(topic).map_or(0, |t| t.partitions.len());
                Err(CommandError::new(
                    CommandErrorKind::Kafka(crate::kafka_error::KafkaError::InvalidPartitions),
                    format!("The topic {topic} currently has {current} partition(s); {partitions} would not be an increase."),
                ))
            }
        };
        if let Err(e) = result {
            first_failure.get_or_insert(e);
        }
    }
    first_failure.map_or(Ok(()), |e| Err(Failure::from_command(e)))
}

// ------------------------------------------------------------------ --list

/// `TopicService.listTopics`: the names joined by line breaks and printed with `println`, so no
/// topic prints one empty line.
fn list_topics(cluster: &mut Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<(), Failure> {
    let pattern = value(opts, "topic")?;
    reachable(cluster, "listTopics")?;
    let topics = get_topics(cluster, pattern.as_deref(), opts.has("exclude-internal"));
    out.println(&topics.join("\n"));
    Ok(())
}

// ------------------------------------------------------------------ --describe

/// `Uuid.fromString`: URL-safe base64 of 16 bytes, with Kafka's messages for what is not.
fn parse_uuid(text: &str) -> Result<[u8; 16], Failure> {
    let fail = |m: String| Failure::illegal_argument(m, "org.apache.kafka.common.Uuid.fromString(Uuid.java)");
    if text.chars().count() > 24 {
        let prefix: String = text.chars().take(24).collect();
        return Err(fail(format!("Input string with prefix `{prefix}` is too long to be decoded as a base64 UUID")));
    }
    let body = text.trim_end_matches('=');
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut bytes: Vec<u8> = Vec::with_capacity(18);
    for c in body.chars() {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            other => return Err(fail(format!("Illegal base64 character {:x}", other as u32))),
        };
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            bytes.push((bits >> n) as u8);
        }
    }
    if body.chars().count() % 4 == 1 {
        return Err(fail("Last unit does not have enough valid bits".to_string()));
    }
    <[u8; 16]>::try_from(bytes.as_slice()).map_err(|_| {
        fail(format!(
            "Input string `{text}` decoded as {} bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID",
            bytes.len()
        ))
    })
}

/// What `--describe` prints of each partition (`DescribeOptions`).
struct Filters {
    under_replicated: bool,
    under_min_isr: bool,
    at_min_isr: bool,
    unavailable: bool,
    with_overrides: bool,
}

impl Filters {
    fn of(opts: &ParsedOptions) -> Filters {
        Filters {
            under_replicated: opts.has("under-replicated-partitions"),
            under_min_isr: opts.has("under-min-isr-partitions"),
            at_min_isr: opts.has("at-min-isr-partitions"),
            unavailable: opts.has("unavailable-partitions"),
            with_overrides: opts.has("topics-with-overrides"),
        }
    }
    /// `describeConfigs`: the topic line, unless a partition report was asked for.
    fn describe_configs(&self) -> bool {
        !(self.under_replicated || self.under_min_isr || self.at_min_isr || self.unavailable)
    }
}

/// `TopicService.describeTopic`.
fn describe_topic(cluster: &mut Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<(), Failure> {
    let exclude_internal = opts.has("exclude-internal");
    let require = !opts.has("if-exists");
    let topic_id = match value(opts, "topic-id")? {
        Some(text) => Some(parse_uuid(&text)?).filter(|id| *id != [0u8; 16]),
        None => None,
    };
    reachable(cluster, "listTopics")?;
    let names: Vec<String> = match topic_id {
        Some(id) => {
            let found: Vec<String> = cluster
                .topics()
                .filter(|t| t.topic_id.0 == id && !(exclude_internal && is_internal(&t.name)))
                .map(|t| t.name.clone())
                .collect();
            if found.is_empty() && require {
                return Err(Failure::illegal_argument(
                    format!("TopicId '{}' does not exist as expected", crate::ids::Uuid(id)),
                    "org.apache.kafka.tools.TopicCommand.ensureTopicIdExists(TopicCommand.java)",
                ));
            }
            found
        }
        None => {
            let pattern = value(opts, "topic")?;
            let found = get_topics(cluster, pattern.as_deref(), exclude_internal);
            ensure_topic_exists(&found, pattern.as_deref(), require)?;
            if !found.is_empty() {
                // `partitionSizeLimitPerResponse().orElse(2000)`: read (and so checked) only
                // when there is something to describe. The sandbox answers in one response.
                int(opts, "partition-size-limit-per-response")?;
            }
            found
        }
    };
    // `describeCluster().nodes()`: the brokers registered and not fenced.
    let live: Vec<u32> = cluster.brokers().filter(|b| !b.fenced).map(|b| b.id.0).collect();
    let filters = Filters::of(opts);
    for i in hash_map_order(&names) {
        let Some(topic) = cluster.topic(&names[i]) else { continue };
        print_topic(topic, &filters, &live, out);
    }
    Ok(())
}

/// One topic: its line (`printDescribeConfig`) and its partitions' (`printPartitionDescription`),
/// partitions by id.
fn print_topic(topic: &Topic, filters: &Filters, live: &[u32], out: &mut Out) {
    let configs = configs_in_hash_order(&topic.config);
    if filters.describe_configs() && (!filters.with_overrides || !configs.is_empty()) {
        let replication_factor = topic.partitions.first().map_or(0, |p| p.replicas.len());
        out.println(&topic_description(&topic.name, topic.topic_id, topic.partitions.len(), replication_factor, &configs));
    }
    if filters.with_overrides {
        return;
    }
    let min_isr = topic.config.min_insync_replicas as usize;
    for p in &topic.partitions {
        let isr = p.isr.len();
        let shown = filters.describe_configs()
            || (filters.under_replicated && p.replicas.len() > isr)
            || (filters.unavailable && p.leader.is_none_or(|l| !live.contains(&l.0)))
            || (filters.under_min_isr && (p.leader.is_none() || isr < min_isr))
            || (filters.at_min_isr && isr == min_isr);
        if shown {
            out.println(&partition_description(&topic.name, p));
        }
    }
}

/// `TopicCommand.TopicDescription.printDescription`: `Topic: T\tTopicId: ID\tPartitionCount:
/// N\tReplicationFactor: R\tConfigs: k=v,k=v` (no `MarkedForDeletion`: KRaft deletes at once).
fn topic_description(name: &str, id: crate::ids::Uuid, partitions: usize, replication_factor: usize, configs: &[(&str, String)]) -> String {
    let configs = configs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
    let mut line = format!("Topic: {name}");
    if id.0 != [0u8; 16] {
        line.push_str(&format!("\tTopicId: {id}"));
    }
    line.push_str(&format!("\tPartitionCount: {partitions}\tReplicationFactor: {replication_factor}\tConfigs: {configs}"));
    line
}

/// `TopicCommand.PartitionDescription.printDescription`: a leading TAB, then `Topic`,
/// `Partition`, `Leader` (`none` without one), `Replicas`, `Isr`, and, as a 4.x broker's
/// DescribeTopicPartitions always fills them, `Elr` and `LastKnownElr` (empty lists print as
/// nothing after the ": "). No reassignment is ever in progress in the sandbox.
fn partition_description(topic: &str, p: &crate::partition::Partition) -> String {
    let leader = p.leader.map_or("none".to_string(), |l| l.0.to_string());
    format!(
        "\tTopic: {topic}\tPartition: {}\tLeader: {leader}\tReplicas: {}\tIsr: {}\tElr: {}\tLastKnownElr: {}",
        p.tp.partition,
        crate::ids::broker_list(&p.replicas),
        crate::ids::broker_list(&p.isr),
        crate::ids::broker_list(&p.elr),
        crate::ids::broker_list(&p.last_known_elr),
    )
}

/// `Config.entries()` iterates a `HashMap<String, ConfigEntry>` of the 33 topic configs
/// (capacity 64): this is its order, computed on the JVM (notes §1.6); the topic's non-default
/// entries print in it. (Removing entries keeps the others' order at the same capacity.)
const DESCRIBE_CONFIG_ORDER: [&str; 33] = [
    "compression.type",
    "remote.log.delete.on.disable",
    "leader.replication.throttled.replicas",
    "remote.storage.enable",
    "min.insync.replicas",
    "segment.jitter.ms",
    "remote.log.copy.disable",
    "local.retention.ms",
    "cleanup.policy",
    "flush.ms",
    "follower.replication.throttled.replicas",
    "compression.lz4.level",
    "compression.gzip.level",
    "retention.ms",
    "segment.bytes",
    "compression.zstd.level",
    "flush.messages",
    "file.delete.delay.ms",
    "max.compaction.lag.ms",
    "max.message.bytes",
    "min.compaction.lag.ms",
    "message.timestamp.type",
    "local.retention.bytes",
    "preallocate",
    "index.interval.bytes",
    "min.cleanable.dirty.ratio",
    "unclean.leader.election.enable",
    "delete.retention.ms",
    "retention.bytes",
    "message.timestamp.after.max.ms",
    "message.timestamp.before.max.ms",
    "segment.ms",
    "segment.index.bytes",
];

fn configs_in_hash_order(config: &TopicConfig) -> Vec<(&'static str, String)> {
    let mut configs = crate::topic_config::describe_configs(config);
    configs.sort_by_key(|(name, _)| DESCRIBE_CONFIG_ORDER.iter().position(|n| n == name).unwrap_or(usize::MAX));
    configs
}

// ------------------------------------------------------------------ --delete

/// `TopicService.deleteTopic`: every topic `--topic` matches (internal ones included), in one
/// DeleteTopics request; each is deleted or refused on its own and the first refusal, in the
/// futures' order, is reported. No output on success.
fn delete_topic(cluster: &mut Cluster, opts: &ParsedOptions) -> Result<(), Failure> {
    let pattern = value(opts, "topic")?;
    reachable(cluster, "listTopics")?;
    let topics = get_topics(cluster, pattern.as_deref(), false);
    ensure_topic_exists(&topics, pattern.as_deref(), !opts.has("if-exists"))?;
    let mut first_failure = None;
    for i in hash_map_order(&topics) {
        if let Err(e) = cluster.execute(Command::DeleteTopic { topic: topics[i].clone() }) {
            first_failure.get_or_insert(e);
        }
    }
    first_failure.map_or(Ok(()), |e| Err(Failure::from_command(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_split_as_java_splits_them() {
        assert_eq!(split_config("a=1"), ["a", "1"]);
        assert_eq!(split_config(" a = 1 "), [" a", "1 "]);
        assert_eq!(split_config("a="), ["a"]);
        assert_eq!(split_config("a=b="), ["a", "b"]);
        assert_eq!(split_config("a==b"), ["a", "", "b"]);
        assert_eq!(split_config("=b"), ["", "b"]);
        assert_eq!(split_config("a b=c"), ["a b", "c"]);
        assert!(split_config("=").is_empty());
    }

    #[test]
    fn hash_map_order_of_new_hash_map_n() {
        // new HashMap<>(2) ends with 4 buckets (2 entries pass 0.75 of 2): "c" (99) is in
        // bucket 3 and "d" (100) in bucket 0.
        let names = vec!["c".to_string(), "d".to_string()];
        assert_eq!(hash_map_order(&names), vec![1, 0]);
        // Three entries fit 4 buckets: "C0" (2125) in 1, "C9" (2134) in 2, "C10" (65954,
        // spread 65955) in 3.
        let names: Vec<String> = ["C0", "C9", "C10"].iter().map(|s| s.to_string()).collect();
        assert_eq!(hash_map_order(&names), vec![0, 1, 2]);
        assert_eq!(hash_map_order(&[]), Vec::<usize>::new());
    }

    #[test]
    fn uuids_parse_as_kafka_parses_them() {
        let id = crate::ids::Uuid::derived(&[7]);
        assert_eq!(parse_uuid(&id.to_string()).ok(), Some(id.0));
        assert_eq!(parse_uuid("AAAAAAAAAAAAAAAAAAAAAA").ok(), Some([0u8; 16]));
        assert!(parse_uuid("abc").is_err());
        assert!(parse_uuid("a.b").is_err_and(|f| f.message == "Illegal base64 character 2e"));
        assert!(parse_uuid(&"A".repeat(30)).is_err_and(|f| f.message.contains("is too long")));
    }

    #[test]
    fn replica_assignments_parse_as_the_tool_parses_them() {
        assert_eq!(parse_replica_assignment("1:2,2:3").ok(), Some(vec![vec![1, 2], vec![2, 3]]));
        assert!(parse_replica_assignment("1:1").is_err_and(|f| f.message.ends_with("duplicate entries: 1")));
        assert!(parse_replica_assignment("1:2,3").is_err_and(|f| f.message == "Partition 1 has different replication factor: [3]"));
        assert!(parse_replica_assignment("x").is_err_and(|f| f.message == "For input string: \"x\""));
    }

    #[test]
    fn every_sandbox_config_is_a_kafka_config_in_the_describe_order() {
        for name in crate::topic_config::TOPIC_CONFIG_NAMES {
            assert!(kafka_config_names().any(|k| k == name), "{name} in the help text");
            assert!(DESCRIBE_CONFIG_ORDER.contains(&name), "{name} in the describe order");
        }
    }

    #[test]
    fn random_command_lines_always_answer() {
        let mut rng = crate::rng::Rng::new(25);
        let pieces = [
            "--create",
            "--list",
            "--describe",
            "--alter",
            "--delete",
            "--topic",
            "t",
            "a.*",
            "--partitions",
            "3",
            "-1",
            "x",
            "--replication-factor",
            "--config",
            "retention.ms=5",
            "a=b=c",
            "--if-exists",
            "--if-not-exists",
            "--bootstrap-server",
            "localhost:9092",
            "--topic-id",
            "--replica-assignment",
            "1:2",
            "--under-replicated-partitions",
            "--topics-with-overrides",
            "--exclude-internal",
            "--help",
            "--version",
            "--",
            "=",
        ];
        let mut cluster = Cluster::new(crate::config::ClusterConfig::default()).expect("cluster");
        for _ in 0..3_000 {
            let n = rng.below(9) as usize;
            let words: Vec<String> = (0..n).map(|_| pieces[rng.below(pieces.len() as u64) as usize].to_string()).collect();
            let mut out = Out::default();
            let code = run(&mut cluster, &words, &mut out);
            assert!(code == 0 || code == 1, "{words:?}: {code}");
        }
    }
}
