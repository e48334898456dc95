//! `kafka-consumer-groups.sh`: Kafka 4.0's `org.apache.kafka.tools.consumer.group.ConsumerGroupCommand`
//! with its `ConsumerGroupCommandOptions` and the offsets resetter, against the sandbox's cluster.
//!
//! Sources (the issue 25 notes, `kafka-tools-formats.md` section 4): the option checks of
//! `ConsumerGroupCommandOptions.checkArgs`, in their order; the tables of `ConsumerGroupCommand`
//! as 4.0 prints them: KIP-1099's `--members` and `--state` layouts (and `--verbose` columns),
//! the 4.0-era `--reset-offsets` table (`%-30s %-30s %-10s %-15s`), rows in `java.util.HashMap`
//! order where the Java code collects into one (`Collectors.toMap` over `TopicPartition`), and
//! KAFKA-17550's handling of a group that does not exist (describe fails, reset treats it as
//! inactive). Each formatter names the method it follows.
//!
//! What the sandbox shows for what it does not have:
//! * HOST is the address the broker saw the client connect from; every client of the sandbox
//!   runs "on this machine", so it is `/127.0.0.1` ([`CLIENT_HOST`]).
//! * The coordinator is printed as `localhost:<port>  (<id>)`, broker N listening on port
//!   9090 + 2N (broker 1 on 9092, the quickstart's port; its controller on 9093: `super::broker_port`).
//! * Where Java prints a stack trace, the exception line and one frame are printed
//!   (`super::stack_trace`); frames carry no line numbers, as a JVM prints them when it has
//!   none.
//! * There are no files: `--from-file` and `--command-config` fail as Java does for a missing
//!   file (`java.nio.file.NoSuchFileException`).

use super::option_parser::{self, OptionSpec, ParsedOptions};
use super::{help, stack_trace, usage_and_exit, Out};
use crate::cluster::Cluster;
use crate::command::{Command, CommandErrorKind, Outcome};
use crate::group::{ClassicGroupState, ConsumerGroup, GroupProtocolState};
use crate::ids::{BrokerId, Offset, TopicPartition};
use crate::java_hash::{bucket_of, hash_map_capacity, string_hash_code, topic_partition_hash_code};
use crate::kafka_error::KafkaError;

/// The script's name (`help::table`).
pub const TOOL: &str = "kafka-consumer-groups.sh";
/// `AppInfoParser.getVersion()`.
const VERSION: &str = "4.0.0";
/// `maybePrintHelpOrVersion`'s message (no arguments, or `--help`).
const HELP_MESSAGE: &str =
    "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.";
/// The client address the coordinator reports for every member (`InetAddress.toString()`).
pub const CLIENT_HOST: &str = "/127.0.0.1";
/// `ConsumerGroupCommand.MISSING_COLUMN_VALUE`.
const MISSING: &str = "-";
/// The logger of the WARN lines (`LoggerFactory.getLogger(ConsumerGroupCommand.class)`).
const LOGGER: &str = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
const SERVICE: &str = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand$ConsumerGroupService";

const SPECS: &[OptionSpec] = &[
    OptionSpec::with_arg("bootstrap-server"),
    OptionSpec::with_arg("group"),
    OptionSpec::with_arg("topic"),
    OptionSpec::flag("all-topics"),
    OptionSpec::flag("list"),
    OptionSpec::flag("describe"),
    OptionSpec::flag("all-groups"),
    OptionSpec::flag("delete"),
    OptionSpec::with_arg("timeout"),
    OptionSpec::with_arg("command-config"),
    OptionSpec::flag("reset-offsets"),
    OptionSpec::flag("delete-offsets"),
    OptionSpec::flag("dry-run"),
    OptionSpec::flag("execute"),
    OptionSpec::flag("export"),
    OptionSpec::with_arg("to-offset"),
    OptionSpec::with_arg("from-file"),
    OptionSpec::with_arg("to-datetime"),
    OptionSpec::with_arg("by-duration"),
    OptionSpec::flag("to-earliest"),
    OptionSpec::flag("to-latest"),
    OptionSpec::flag("to-current"),
    OptionSpec::with_arg("shift-by"),
    OptionSpec::flag("members"),
    OptionSpec::flag("verbose"),
    OptionSpec::flag("offsets"),
    OptionSpec::optional_arg("state"),
    OptionSpec::optional_arg("type"),
    OptionSpec::flag("help"),
    OptionSpec::flag("version"),
];

/// `allResetOffsetScenarioOpts`, in the order `Arrays.asList` gives them to the `HashSet`.
const SCENARIOS: [&str; 8] = ["to-offset", "shift-by", "to-datetime", "by-duration", "to-earliest", "to-latest", "to-current", "from-file"];

/// `availableIf` declarations: the option, and the options any one of which makes it available.
const AVAILABLE_IF: [(&str, &[&str]); 5] = [
    ("members", &["describe"]),
    ("verbose", &["describe"]),
    ("offsets", &["describe"]),
    ("state", &["describe", "list"]),
    ("type", &["list"]),
];

/// `main`: the options parsed (outside any `try`: a parse error is an uncaught exception),
/// `checkArgs`, exactly one action, then `run`.
pub fn run(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    let opts = match option_parser::parse(SPECS, args) {
        Ok(o) => o,
        Err(message) => {
            let class = if message.ends_with("is not a recognized option") {
                "joptsimple.UnrecognizedOptionException"
            } else {
                "joptsimple.OptionMissingRequiredArgumentException"
            };
            uncaught(out, class, &message);
            return 1;
        }
    };
    if let Some(message) = unavailable_options(&opts) {
        uncaught(out, "joptsimple.UnavailableOptionException", &message);
        return 1;
    }
    if let Err(code) = check_args(args, &opts, out) {
        return code;
    }
    let actions = ["list", "describe", "delete", "reset-offsets", "delete-offsets"].iter().filter(|a| opts.has(a)).count();
    if actions != 1 {
        return usage(out, "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets");
    }
    match service(cluster, &opts, out) {
        Ok(()) => 0,
        Err(code) => code,
    }
}

// ------------------------------------------------------------------ option checks

/// An exception escaping `main` (the JVM's default handler): `Exception in thread "main"`, the
/// exception, a frame; exit 1. One frame is printed of the JVM's dozens.
fn uncaught(out: &mut Out, class: &str, message: &str) {
    stack_trace(out, &format!("Exception in thread \"main\" {class}"), message, "joptsimple.OptionParser.parse(OptionParser.java)");
}

/// joptsimple's `ensureAllowedOptions`: an option given without any of its `availableIf`
/// options. The unavailable ones are listed in the order of joptsimple's `HashMap` of them
/// (keyed by the option's names, a `List<String>`).
fn unavailable_options(opts: &ParsedOptions) -> Option<String> {
    let bad: Vec<&str> =
        AVAILABLE_IF.iter().filter(|(name, needs)| opts.has(name) && !needs.iter().any(|n| opts.has(n))).map(|(name, _)| *name).collect();
    if bad.is_empty() {
        return None;
    }
    let ordered = java_order(bad, |n| spec_hash(n), 16);
    Some(format!("Option(s) [{}] are unavailable given other options on the command line", ordered.join(", ")))
}

/// `AbstractOptionSpec.hashCode()`: the hash of its list of names (`List.hashCode` of one name).
fn spec_hash(name: &str) -> i32 {
    31i32.wrapping_add(string_hash_code(name))
}

/// `OptionSpec.toString()`: `[name]`.
fn spec(name: &str) -> String {
    format!("[{name}]")
}

/// A `HashSet<OptionSpec>` of `names` (given in `Arrays.asList` order), as Java iterates it.
fn spec_set(names: &[&str]) -> Vec<String> {
    java_order(names.to_vec(), |n| spec_hash(n), 16).into_iter().map(spec).collect()
}

/// `CommandLineUtils.printUsageAndExit`: the message and the option table on stderr, exit 1.
fn usage(out: &mut Out, message: &str) -> i32 {
    usage_and_exit(out, message, help::table(TOOL))
}

/// `CommandLineUtils.checkInvalidArgs`: `used` with any of `invalid` (a `HashSet`, iterated in
/// Java's order) is refused.
fn check_invalid_args(opts: &ParsedOptions, out: &mut Out, used: &str, invalid: &[&str]) -> Result<(), i32> {
    if !opts.has(used) {
        return Ok(());
    }
    for arg in java_order(invalid.to_vec(), |n| spec_hash(n), 16) {
        if opts.has(arg) {
            return Err(usage(out, &format!("Option \"{}\" can't be used with option \"{}\"", spec(used), spec(arg))));
        }
    }
    Ok(())
}

/// `ConsumerGroupCommandOptions.checkArgs`, in its order.
fn check_args(args: &[String], opts: &ParsedOptions, out: &mut Out) -> Result<(), i32> {
    // CommandLineUtils.maybePrintHelpOrVersion
    if args.is_empty() || opts.has("help") {
        return Err(usage(out, HELP_MESSAGE));
    }
    if opts.has("version") {
        out.println(VERSION);
        return Err(0);
    }
    if !opts.has("bootstrap-server") {
        return Err(usage(out, &format!("Missing required argument \"{}\"", spec("bootstrap-server"))));
    }
    let scope = spec_set(&["group", "all-groups"]).join(", ");
    if opts.has("describe") {
        if !opts.has_any(&["group", "all-groups"]) {
            return Err(usage(out, &format!("Option {} takes one of these options: {scope}", spec("describe"))));
        }
        let exclusive = ["members", "offsets", "state"];
        if exclusive.iter().filter(|o| opts.has(o)).count() > 1 {
            let list: Vec<String> = exclusive.iter().map(|o| spec(o)).collect();
            return Err(usage(out, &format!("Option {} takes at most one of these options: {}", spec("describe"), list.join(", "))));
        }
        if opts.has("state") && !opts.values_of("state").is_empty() {
            return Err(usage(out, &format!("Option {} does not take a value for {}", spec("describe"), spec("state"))));
        }
    }
    if opts.has("delete") {
        if !opts.has_any(&["group", "all-groups"]) {
            return Err(usage(out, &format!("Option {} takes one of these options: {scope}", spec("delete"))));
        }
        if opts.has("topic") {
            return Err(usage(out, "The consumer does not support topic-specific offset deletion from a consumer group."));
        }
    }
    if opts.has("delete-offsets") && !(opts.has("group") && opts.has("topic")) {
        let list = spec_set(&["group", "topic"]).join(", ");
        return Err(usage(out, &format!("Option {} takes the following options: {list}", spec("delete-offsets"))));
    }
    if opts.has("reset-offsets") {
        if opts.has("dry-run") && opts.has("execute") {
            return Err(usage(
                out,
                &format!("Option {} only accepts one of {} and {}", spec("reset-offsets"), spec("execute"), spec("dry-run")),
            ));
        }
        if !opts.has("dry-run") && !opts.has("execute") {
            out.eprintln(
                "WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.",
            );
        }
        if !opts.has_any(&["group", "all-groups"]) {
            return Err(usage(out, &format!("Option {} takes one of these options: {scope}", spec("reset-offsets"))));
        }
        for used in SCENARIOS_CHECK_ORDER {
            let others: Vec<&str> = SCENARIOS.iter().copied().filter(|s| *s != used).collect();
            check_invalid_args(opts, out, used, &others)?;
        }
    }
    check_invalid_args(opts, out, "group", &["all-groups"])?;
    check_invalid_args(opts, out, "group", &["list"])?;
    check_invalid_args(opts, out, "topic", &["list", "describe"])?;
    Ok(())
}

/// The order `checkArgs` checks the scenarios against each other.
const SCENARIOS_CHECK_ORDER: [&str; 8] =
    ["to-offset", "to-datetime", "by-duration", "to-earliest", "to-latest", "to-current", "shift-by", "from-file"];

// ------------------------------------------------------------------ errors at run time

/// `ConsumerGroupCommand.printError`: `"\nError: " + msg` on stdout, then the exception's
/// stack trace on stderr (one frame of it).
fn print_error(out: &mut Out, message: &str, exception: Option<(&str, &str, &str)>) {
    out.println(&format!("\nError: {message}"));
    if let Some((class, text, frame)) = exception {
        stack_trace(out, class, text, frame);
    }
}

/// `run`'s `catch (Throwable e)`: `printError("Executing consumer group command failed due to "
/// + e.getMessage(), e)`. The tool then returns normally: exit code 0.
fn failed(out: &mut Out, class: &str, message: &str, method: &str) -> i32 {
    print_error(
        out,
        &format!("Executing consumer group command failed due to {message}"),
        Some((class, message, &format!("{SERVICE}.{method}(ConsumerGroupCommand.java)"))),
    );
    0
}

/// A joptsimple `valueOf` failing inside `run` (`Cannot parse argument ...`, `Found multiple
/// arguments ...`): caught as any other `Throwable`.
fn option_failed(out: &mut Out, message: &str, method: &str) -> i32 {
    let class = if message.starts_with("Found multiple") {
        "joptsimple.MultipleArgumentsForOptionException"
    } else {
        "joptsimple.OptionArgumentConversionException"
    };
    failed(out, class, message, method)
}

/// `Utils.loadProps` / `Utils.readFileAsString` of a file the sandbox does not have, wrapped in
/// a `RuntimeException` by the caller.
fn no_such_file(out: &mut Out, path: &str, method: &str) -> i32 {
    failed(out, "java.lang.RuntimeException", &format!("java.nio.file.NoSuchFileException: {path}"), method)
}

/// An admin call whose future failed with `error` (`KafkaFuture.get` throws an
/// `ExecutionException` around it).
fn admin_failed(out: &mut Out, exception: &str, message: &str, method: &str) -> i32 {
    failed(out, "java.util.concurrent.ExecutionException", &format!("org.apache.kafka.common.errors.{exception}: {message}"), method)
}

// ------------------------------------------------------------------ the service

/// `ConsumerGroupCommand.run`: the admin client is created, then the action runs.
fn service(cluster: &mut Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<(), i32> {
    // ConsumerGroupService's constructor: Admin.create with --command-config and the servers.
    if let Some(path) = opts.values_of("command-config").first() {
        return Err(no_such_file(out, path, "createAdminClient"));
    }
    let bootstrap = match opts.value_of("bootstrap-server") {
        Ok(v) => v.unwrap_or_default(),
        Err(m) => return Err(option_failed(out, &m, "createAdminClient")),
    };
    if super::bootstrap_error(bootstrap).is_some() {
        return Err(failed(out, "org.apache.kafka.common.KafkaException", "Failed to create new KafkaAdminClient", "<init>"));
    }
    // withTimeoutMs: every admin call reads --timeout (a Long).
    if let Err(m) = opts.long_of("timeout") {
        return Err(option_failed(out, &m, "withTimeoutMs"));
    }
    if opts.has("list") {
        list_groups(cluster, opts, out)
    } else if opts.has("describe") {
        describe_groups(cluster, opts, out)
    } else if opts.has("delete") {
        delete_groups(cluster, opts, out);
        Ok(())
    } else if opts.has("reset-offsets") {
        let reset = reset_offsets(cluster, opts, out)?;
        if opts.has("export") {
            out.println(&export_offsets_to_csv(opts, &reset));
        } else {
            print_offsets_to_reset(out, &reset);
        }
        Ok(())
    } else {
        delete_offsets(cluster, opts, out)
    }
}

// ------------------------------------------------------------------ views of the cluster

/// The groups `Admin.listConsumerGroups` returns (the tool's `listConsumerGroups`): every group
/// but Dead ones, in the order of the `HashMap` the admin client collects them in (by id).
fn listed_groups(cluster: &Cluster) -> Vec<&ConsumerGroup> {
    let groups: Vec<&ConsumerGroup> = cluster.groups().filter(|g| g.state_name() != "Dead").collect();
    let n = groups.len();
    java_order(groups, |g| string_hash_code(&g.group_id), hash_map_capacity(n))
}

/// `GroupType.toString()` of the group's protocol.
fn group_type(g: &ConsumerGroup) -> &'static str {
    match g.protocol {
        GroupProtocolState::Classic(_) => "Classic",
        GroupProtocolState::Consumer(_) => "Consumer",
    }
}

/// A member as `ConsumerGroupDescription.members()` gives it.
struct MemberView {
    consumer_id: String,
    client_id: String,
    /// `assignment()`: classic groups report it only when Stable (DescribeGroups leaves the
    /// assignment out otherwise); consumer-protocol members report what they own now.
    assignment: Vec<TopicPartition>,
    /// `targetAssignment()` (consumer protocol only).
    target: Vec<TopicPartition>,
    /// `memberEpoch()` (consumer protocol only).
    epoch: Option<i32>,
}

/// A group as `describeConsumerGroups` answers for it.
struct GroupView {
    id: String,
    state: &'static str,
    coordinator: Option<BrokerId>,
    /// `partitionAssignor()`: classic groups name their protocol only when Stable.
    assignor: String,
    members: Vec<MemberView>,
    group_epoch: Option<i32>,
    target_epoch: Option<i32>,
}

fn view(g: &ConsumerGroup) -> GroupView {
    let (assignor, members, group_epoch, target_epoch) = match &g.protocol {
        GroupProtocolState::Classic(c) => {
            let stable = c.state == ClassicGroupState::Stable;
            let members: Vec<MemberView> = c
                .members
                .iter()
                .map(|m| MemberView {
                    consumer_id: m.member.member_id.clone(),
                    client_id: m.member.client_id.clone(),
                    assignment: if stable { m.member.assignment.clone() } else { Vec::new() },
                    target: Vec::new(),
                    epoch: None,
                })
                .collect();
            // ClassicGroup's members are a HashMap by member id.
            let n = members.len();
            let members = java_order(members, |m| string_hash_code(&m.consumer_id), hash_map_capacity(n));
            let assignor = if stable { c.protocol_name.name().to_string() } else { String::new() };
            (assignor, members, None, None)
        }
        GroupProtocolState::Consumer(c) => {
            let members = c
                .members
                .iter()
                .map(|m| MemberView {
                    consumer_id: m.member.member_id.clone(),
                    client_id: m.member.client_id.clone(),
                    assignment: m.member.assignment.clone(),
                    target: c.target_assignment.get(&m.member.member_id).cloned().unwrap_or_default(),
                    epoch: Some(m.member_epoch),
                })
                .collect();
            (c.server_assignor.name().to_string(), members, Some(c.group_epoch), Some(c.target_assignment_epoch))
        }
    };
    GroupView { id: g.group_id.clone(), state: g.state_name(), coordinator: g.coordinator, assignor, members, group_epoch, target_epoch }
}

/// A broker's listener as the sandbox names it (`super::broker_port`).
pub fn broker_endpoint(broker: BrokerId) -> (String, u32) {
    ("localhost".to_string(), super::broker_port(broker))
}

/// The group's committed offsets as `listConsumerGroupOffsets` returns them (a `HashMap`).
fn committed(g: &ConsumerGroup) -> Vec<(TopicPartition, Offset)> {
    let all: Vec<(TopicPartition, Offset)> = g.committed.iter().map(|(tp, o)| (tp.clone(), *o)).collect();
    let n = all.len();
    java_order(all, |(tp, _)| tp_hash(tp), hash_map_capacity(n))
}

/// `ListOffsets(latest)` as the tool sends it (READ_UNCOMMITTED): the high watermark, when the
/// partition has a leader.
fn log_end(cluster: &Cluster, tp: &TopicPartition) -> Option<i64> {
    cluster.partition(tp)?.leader_log().map(|l| l.high_watermark().0)
}

/// `ListOffsets(earliest)`: the leader's log start offset.
fn log_start(cluster: &Cluster, tp: &TopicPartition) -> Option<i64> {
    cluster.partition(tp)?.leader_log().map(|l| l.log_start_offset().0)
}

/// `ListOffsets(timestamp)`: the first offset below the high watermark whose record's
/// timestamp is at or after `ts`; `None` when there is none (`UNKNOWN_OFFSET`) or no leader.
fn offset_for_time(cluster: &Cluster, tp: &TopicPartition, ts: i64) -> Option<i64> {
    let log = cluster.partition(tp)?.leader_log()?;
    let hw = log.high_watermark();
    if ts == -1 {
        return Some(hw.0); // ListOffsetsRequest.LATEST_TIMESTAMP
    }
    log.records_between(log.log_start_offset(), hw).find(|r| r.timestamp_ms.0 as i64 >= ts).map(|r| r.offset.0)
}

/// The message the admin client's future fails with when a group does not exist (4.0 answers
/// GROUP_ID_NOT_FOUND to DescribeGroups v6 and ConsumerGroupDescribe, KAFKA-17550, with the
/// coordinator's message `Group %s not found.`).
fn group_not_found(out: &mut Out, group: &str, method: &str) -> i32 {
    admin_failed(out, "GroupIdNotFoundException", &format!("Group {group} not found."), method)
}

/// The group's coordinator cannot be found (its `__consumer_offsets` partition has no running
/// leader): the admin client retries FindCoordinator until `--timeout` and fails. The sandbox
/// answers at once, with the timeout's exception (its text shortened).
fn coordinator_timeout(out: &mut Out, call: &str, method: &str) -> i32 {
    admin_failed(out, "TimeoutException", &format!("Timed out waiting for a node assignment. Call: {call}"), method)
}

// ------------------------------------------------------------------ --list

/// `ConsumerGroupService.listGroups`: ids one per line, or with `--state`/`--type` the table of
/// `printGroupInfo`.
fn list_groups(cluster: &Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<(), i32> {
    let include_type = opts.has("type");
    let include_state = opts.has("state");
    let groups = listed_groups(cluster);
    if !(include_type || include_state) {
        for g in groups {
            out.println(&g.group_id);
        }
        return Ok(());
    }
    let types = match opts.value_of("type") {
        Ok(v) => v.filter(|v| !v.is_empty()).map(types_from_string).transpose().map_err(|m| usage(out, &m))?,
        Err(m) => return Err(option_failed(out, &m, "listGroups")),
    };
    let states = match opts.value_of("state") {
        Ok(v) => v.filter(|v| !v.is_empty()).map(states_from_string).transpose().map_err(|m| usage(out, &m))?,
        Err(m) => return Err(option_failed(out, &m, "listGroups")),
    };
    let listed: Vec<&ConsumerGroup> = groups
        .into_iter()
        .filter(|g| types.as_ref().is_none_or(|t| t.iter().any(|t| *t == group_type(g))))
        .filter(|g| states.as_ref().is_none_or(|s| s.iter().any(|s| *s == g.state_name())))
        .collect();
    print_group_info(out, &listed, include_type, include_state);
    Ok(())
}

/// `printGroupInfo`: `%-{max(15, longest id) + 10}s`, then ` %-20s` per extra column; every
/// line ends in the padding of its last column.
fn print_group_info(out: &mut Out, groups: &[&ConsumerGroup], include_type: bool, include_state: bool) {
    let width = groups.iter().map(|g| java_len(&g.group_id).max(15)).max().unwrap_or(15) + 10;
    let line = |id: &str, ty: &str, state: &str| {
        let mut s = pad(id, width);
        if include_type {
            s.push(' ');
            s.push_str(&pad(ty, 20));
        }
        if include_state {
            s.push(' ');
            s.push_str(&pad(state, 20));
        }
        s
    };
    out.println(&line("GROUP", "TYPE", "STATE"));
    for g in groups {
        out.println(&line(&g.group_id, group_type(g), g.state_name()));
    }
}

/// The states a consumer group can be in (`GroupState.groupStatesForType(CONSUMER)`). Java's
/// `Set.of` iterates in an order that changes from one JVM run to the next; the sandbox lists
/// them in the enum's order.
const VALID_STATES: [&str; 7] = ["PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty", "Assigning", "Reconciling"];

/// `groupStatesFromString`: comma-separated, case-insensitive state names.
fn states_from_string(input: &str) -> Result<Vec<&'static str>, String> {
    let mut states = Vec::new();
    for s in java_split(input, ',') {
        match VALID_STATES.iter().find(|v| v.eq_ignore_ascii_case(s.trim())) {
            Some(v) => states.push(*v),
            None => {
                return Err(format!("Invalid state list '{input}'. Valid states are: {}", VALID_STATES.join(", ")));
            }
        }
    }
    Ok(states)
}

/// `consumerGroupTypesFromString`: comma-separated, case-insensitive type names.
fn types_from_string(input: &str) -> Result<Vec<&'static str>, String> {
    const TYPES: [&str; 3] = ["Consumer", "Classic", "Share"];
    let mut types = Vec::new();
    for s in java_split(&input.to_lowercase(), ',') {
        match TYPES.iter().find(|t| t.eq_ignore_ascii_case(s.trim())) {
            Some(t) => types.push(*t),
            None => return Err(format!("Invalid types list '{input}'. Valid types are: {}", TYPES.join(", "))),
        }
    }
    Ok(types)
}

// ------------------------------------------------------------------ --describe

/// `ConsumerGroupService.describeGroups`: the groups asked for (all of them with
/// `--all-groups`), sorted by id (a `TreeMap`), then one of the three tables.
fn describe_groups(cluster: &Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<(), i32> {
    let ids: Vec<String> = if opts.has("all-groups") {
        listed_groups(cluster).iter().map(|g| g.group_id.clone()).collect()
    } else {
        opts.values_of("group").into_iter().map(str::to_string).collect()
    };
    let mut ids = distinct(ids);
    // describeConsumerGroups: the first failed future (in the result map's order) fails it all.
    let n = ids.len();
    for id in java_order(ids.clone(), |g| string_hash_code(g), hash_map_capacity(n)) {
        match cluster.group(&id).filter(|g| g.state_name() != "Dead") {
            None => return Err(group_not_found(out, &id, "describeConsumerGroups")),
            Some(g) if g.coordinator.is_none() => return Err(coordinator_timeout(out, "describeConsumerGroups", "describeConsumerGroups")),
            Some(_) => {}
        }
    }
    ids.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    let groups: Vec<&ConsumerGroup> = ids.iter().filter_map(|id| cluster.group(id)).collect();
    let verbose = opts.has("verbose");
    if opts.has("members") && !opts.has("offsets") {
        for g in groups {
            print_members(out, &view(g), verbose);
        }
    } else if opts.has("state") && !opts.has("offsets") {
        for g in groups {
            print_state(out, &view(g), verbose);
        }
    } else {
        for g in groups {
            let rows = offset_rows(cluster, g);
            print_offsets(out, g, &rows, verbose);
        }
    }
    Ok(())
}

/// `shouldPrintMemberState`: what the state says before a table (Empty on stderr, a rebalance
/// as a warning on stderr), and whether there is anything to print.
fn should_print_member_state(out: &mut Out, group: &str, state: &str, rows: usize) -> bool {
    match state {
        "Dead" => print_error(out, &format!("Consumer group '{group}' does not exist."), None),
        "Empty" => out.eprintln(&format!("\nConsumer group '{group}' has no active members.")),
        "PreparingRebalance" | "CompletingRebalance" | "Assigning" | "Reconciling" => {
            out.eprintln(&format!("\nWarning: Consumer group '{group}' is rebalancing."));
        }
        _ => {}
    }
    state != "Dead" && rows > 0
}

/// One row of the offsets table (`PartitionAssignmentState`).
struct OffsetRow {
    topic: String,
    partition: u32,
    leader_epoch: Option<i32>,
    offset: Option<i64>,
    log_end: Option<i64>,
    consumer_id: String,
    host: String,
    client_id: String,
}

/// `collectGroupsOffsets`: the members with partitions (most partitions first), each member's
/// partitions in the order of the `HashMap` `getLogEndOffsets` collects them in; then the
/// committed partitions nobody is assigned, with `-` for the member columns.
fn offset_rows(cluster: &Cluster, g: &ConsumerGroup) -> Vec<OffsetRow> {
    let v = view(g);
    let committed = committed(g);
    let mut members: Vec<&MemberView> = v.members.iter().filter(|m| !m.assignment.is_empty()).collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let mut rows = Vec::new();
    let mut assigned: Vec<&TopicPartition> = Vec::new();
    let row = |tp: &TopicPartition, member: Option<&MemberView>| {
        let offset = g.committed.get(tp).map(|o| o.0);
        // The committed offset's leader epoch (the consumer sends the epoch of the last record
        // it consumed): the sandbox takes it from the record before the offset.
        let leader_epoch = offset.filter(|o| *o > 0).and_then(|o| {
            let log = cluster.partition(tp)?.leader_log()?;
            log.record(Offset(o - 1)).map(|r| r.leader_epoch.0)
        });
        OffsetRow {
            topic: tp.topic.to_string(),
            partition: tp.partition,
            leader_epoch,
            offset,
            log_end: log_end(cluster, tp),
            consumer_id: member.map_or(MISSING.to_string(), |m| m.consumer_id.clone()),
            host: member.map_or(MISSING.to_string(), |_| CLIENT_HOST.to_string()),
            client_id: member.map_or(MISSING.to_string(), |m| m.client_id.clone()),
        }
    };
    for m in members {
        assigned.extend(m.assignment.iter());
        for tp in partitions_in_map_order(cluster, m.assignment.clone()) {
            rows.push(row(&tp, Some(m)));
        }
    }
    let unassigned: Vec<TopicPartition> = committed.iter().map(|(tp, _)| tp.clone()).filter(|tp| !assigned.contains(&tp)).collect();
    for tp in partitions_in_map_order(cluster, unassigned) {
        rows.push(row(&tp, None));
    }
    rows
}

/// `collectConsumerAssignment` then `describePartitions`: the partitions sorted by partition
/// number, then collected into a `HashMap` (`Collectors.toMap`): its order is the rows'.
/// Partitions of topics that no longer exist are left out (`Ignore`).
fn partitions_in_map_order(cluster: &Cluster, mut tps: Vec<TopicPartition>) -> Vec<TopicPartition> {
    tps.retain(|tp| cluster.partition(tp).is_some());
    tps.sort_by(|a, b| (a.partition, &a.topic).cmp(&(b.partition, &b.topic)));
    let n = tps.len();
    java_order(tps, tp_hash, hash_map_capacity(n))
}

/// `printOffsets` with `printOffsetFormat`: every row starts with a newline, so the table opens
/// with a blank line; `println()` after the last row.
///
/// `"\n%-{G}s %-{T}s %-10s %-15s %-15s %-15s %-{C}s %-{H}s %s"`, widths at least 15; `--verbose`
/// adds LEADER-EPOCH (`%-15s`) after PARTITION (KIP-1099).
fn print_offsets(out: &mut Out, g: &ConsumerGroup, rows: &[OffsetRow], verbose: bool) {
    if !should_print_member_state(out, &g.group_id, g.state_name(), rows.len()) {
        return;
    }
    let group_w = java_len(&g.group_id).max(15);
    let topic_w = rows.iter().map(|r| java_len(&r.topic)).max().unwrap_or(0).max(15);
    let consumer_w = rows.iter().map(|r| java_len(&r.consumer_id)).max().unwrap_or(0).max(15);
    let host_w = rows.iter().map(|r| java_len(&r.host)).max().unwrap_or(0).max(15);
    let line = |cols: [&str; 10]| {
        let mut s = format!("\n{} {} {} ", pad(cols[0], group_w), pad(cols[1], topic_w), pad(cols[2], 10));
        if verbose {
            s.push_str(&pad(cols[3], 15));
            s.push(' ');
        }
        s.push_str(&format!(
            "{} {} {} {} {} {}",
            pad(cols[4], 15),
            pad(cols[5], 15),
            pad(cols[6], 15),
            pad(cols[7], consumer_w),
            pad(cols[8], host_w),
            cols[9]
        ));
        s
    };
    out.print(&line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "LEADER-EPOCH",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]));
    let opt = |v: Option<i64>| v.map_or(MISSING.to_string(), |v| v.to_string());
    for r in rows {
        let lag = match (r.offset, r.log_end) {
            (Some(o), Some(end)) if o != -1 => Some(end - o),
            _ => None,
        };
        out.print(&line([
            &g.group_id,
            &r.topic,
            &r.partition.to_string(),
            &opt(r.leader_epoch.map(i64::from)),
            &opt(r.offset),
            &opt(r.log_end),
            &opt(lag),
            &r.consumer_id,
            &r.host,
            &r.client_id,
        ]));
    }
    out.println("");
}

/// `printMembers` (KIP-1099): the header always (after the state's message), a row per member.
/// `"%-{G}s %-{C}s %-{H}s %-{CL}s %-15s "` (widths at least 15; every line ends in the
/// `#PARTITIONS` padding and a space); `--verbose` appends
/// `"%-15s %-{CA}s %-15s %-{TA}s"` (CURRENT-EPOCH, CURRENT-ASSIGNMENT, TARGET-EPOCH,
/// TARGET-ASSIGNMENT; assignment widths at least 20). The sandbox has no static members (no
/// GROUP-INSTANCE-ID column) and no group mixing protocols (no UPGRADED column).
fn print_members(out: &mut Out, g: &GroupView, verbose: bool) {
    let (mut group_w, mut consumer_w, mut host_w, mut client_w, mut current_w, mut target_w) = (15, 15, 15, 15, 20, 20);
    if should_print_member_state(out, &g.id, g.state, g.members.len()) {
        for m in &g.members {
            group_w = group_w.max(java_len(&g.id));
            consumer_w = consumer_w.max(java_len(&m.consumer_id));
            host_w = host_w.max(java_len(CLIENT_HOST));
            client_w = client_w.max(java_len(&m.client_id));
            current_w = current_w.max(java_len(&assignment_string(&m.assignment)));
            target_w = target_w.max(java_len(&assignment_string(&m.target)));
        }
    }
    let base = |cols: [&str; 5]| {
        format!(
            "{} {} {} {} {} ",
            pad(cols[0], group_w),
            pad(cols[1], consumer_w),
            pad(cols[2], host_w),
            pad(cols[3], client_w),
            pad(cols[4], 15)
        )
    };
    let extra =
        |cols: [&str; 4]| format!("{} {} {} {}", pad(cols[0], 15), pad(cols[1], current_w), pad(cols[2], 15), pad(cols[3], target_w));
    let mut header = format!("\n{}", base(["GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"]));
    if verbose {
        header.push_str(&extra(["CURRENT-EPOCH", "CURRENT-ASSIGNMENT", "TARGET-EPOCH", "TARGET-ASSIGNMENT"]));
    }
    out.println(&header);
    for m in &g.members {
        let mut line = base([&g.id, &m.consumer_id, CLIENT_HOST, &m.client_id, &m.assignment.len().to_string()]);
        if verbose {
            let epoch = |e: Option<i32>| e.map_or(MISSING.to_string(), |e| e.to_string());
            line.push_str(&extra([
                &epoch(m.epoch),
                &assignment_string(&m.assignment),
                &epoch(g.target_epoch),
                &assignment_string(&m.target),
            ]));
        }
        out.println(&line);
    }
}

/// `getAssignmentString`: per topic `topic:` and its partitions sorted, joined by `,`; the
/// topics' strings sorted and joined by `;`; `-` when empty.
fn assignment_string(assignment: &[TopicPartition]) -> String {
    if assignment.is_empty() {
        return MISSING.to_string();
    }
    let mut by_topic: crate::vec_map::VecMap<&str, Vec<u32>> = crate::vec_map::VecMap::new();
    for tp in assignment {
        by_topic.entry(&tp.topic).or_default().push(tp.partition);
    }
    let mut parts: Vec<String> = by_topic
        .into_iter()
        .map(|(t, mut ps)| {
            // `.sorted()` on the partitions' strings? No: on the Integers, then toString.
            ps.sort_unstable();
            format!("{t}:{}", ps.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
        })
        .collect();
    parts.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    parts.join(";")
}

/// `printStates` (KIP-1099): `"\n%-{G}s %-{CC}s %-20s %-20s %s"` (GROUP at least 15, the
/// coordinator `host:port  (id)` at least 25), header and one row, then `println()`;
/// `--verbose` adds GROUP-EPOCH (`%-15s`) and TARGET-ASSIGNMENT-EPOCH (`%-25s`) before
/// `#MEMBERS`.
fn print_state(out: &mut Out, g: &GroupView, verbose: bool) {
    if !should_print_member_state(out, &g.id, g.state, 1) {
        return;
    }
    let coordinator = match g.coordinator {
        Some(b) => {
            let (host, port) = broker_endpoint(b);
            format!("{host}:{port}  ({})", b.0)
        }
        // Node.noNode(): host "", port -1, id -1.
        None => ":-1  (-1)".to_string(),
    };
    let coordinator_w = java_len(&coordinator).max(25);
    let group_w = java_len(&g.id).max(15);
    let strategy = if g.assignor.is_empty() { MISSING.to_string() } else { g.assignor.clone() };
    let line = |cols: [&str; 7]| {
        let mut s = format!("\n{} {} {} {} ", pad(cols[0], group_w), pad(cols[1], coordinator_w), pad(cols[2], 20), pad(cols[3], 20));
        if verbose {
            s.push_str(&format!("{} {} ", pad(cols[4], 15), pad(cols[5], 25)));
        }
        s.push_str(cols[6]);
        s
    };
    out.print(&line(["GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "GROUP-EPOCH", "TARGET-ASSIGNMENT-EPOCH", "#MEMBERS"]));
    let epoch = |e: Option<i32>| e.map_or(MISSING.to_string(), |e| e.to_string());
    out.print(&line([
        &g.id,
        &coordinator,
        &strategy,
        g.state,
        &epoch(g.group_epoch),
        &epoch(g.target_epoch),
        &g.members.len().to_string(),
    ]));
    out.println("");
}

// ------------------------------------------------------------------ --delete

/// `ConsumerGroupService.deleteGroups` (the 4.0-era texts): the groups deleted through the
/// engine's `DeleteGroup`, then one line of success, or the failures (each with its
/// `ExecutionException`) and the groups that did go.
fn delete_groups(cluster: &mut Cluster, opts: &ParsedOptions, out: &mut Out) {
    let ids: Vec<String> = if opts.has("all-groups") {
        listed_groups(cluster).iter().map(|g| g.group_id.clone()).collect()
    } else {
        opts.values_of("group").into_iter().map(str::to_string).collect()
    };
    let ids = distinct(ids);
    let n = ids.len();
    let mut success = Vec::new();
    let mut failures = Vec::new();
    for id in java_order(ids, |g| string_hash_code(g), hash_map_capacity(n)) {
        match cluster.execute(Command::DeleteGroup { group: id.clone() }) {
            Ok(_) => success.push(id),
            Err(e) => {
                let (class, message) = match e.kind {
                    // The admin client builds the exception from the error code alone
                    // (`Errors.exception()`): its default message.
                    CommandErrorKind::Kafka(k) => k.exception(),
                    _ => ("KafkaException", "The sandbox refused the deletion."),
                };
                failures.push((id, format!("java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.{class}: {message}")));
            }
        }
    }
    // `success` and `failed` are HashMaps: iterated in Java's order of their ids.
    let success = java_order(success.clone(), |g| string_hash_code(g), hash_map_capacity(success.len()));
    let failures = java_order(failures.clone(), |(g, _)| string_hash_code(g), hash_map_capacity(failures.len()));
    if failures.is_empty() {
        out.println(&format!("Deletion of requested consumer groups ('{}') was successful.", success.join(", ")));
    } else {
        print_error(out, "Deletion of some consumer groups failed:", None);
        for (group, error) in &failures {
            out.println(&format!("* Group '{group}' could not be deleted due to: {error}"));
        }
        if !success.is_empty() {
            // Sic: 4.0 joins the ids with "'" and ends with "', '".
            out.println(&format!("\nThese consumer groups were deleted successfully: '{}', '", success.join("'")));
        }
    }
}

// ------------------------------------------------------------------ --reset-offsets

type Plan = Vec<(String, Vec<(TopicPartition, i64)>)>;

/// `ConsumerGroupService.resetOffsets`: per group (in the order of the admin client's result
/// map), an inactive one (Empty, Dead, or unknown: KAFKA-17550) gets its plan, computed and,
/// with `--execute`, applied; an active one gets an error and an empty plan.
fn reset_offsets(cluster: &mut Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<Plan, i32> {
    let ids: Vec<String> = if opts.has("all-groups") {
        listed_groups(cluster).iter().map(|g| g.group_id.clone()).collect()
    } else {
        opts.values_of("group").into_iter().map(str::to_string).collect()
    };
    let ids = distinct(ids);
    let n = ids.len();
    let mut plan = Vec::new();
    for id in java_order(ids, |g| string_hash_code(g), hash_map_capacity(n)) {
        let state = cluster.group(&id).map(|g| g.state_name());
        match state {
            None | Some("Empty") | Some("Dead") => {
                let offsets = reset_inactive_group(cluster, opts, out, &id)?;
                plan.push((id, offsets));
            }
            Some(state) => {
                print_error(
                    out,
                    &format!("Assignments can only be reset if the group '{id}' is inactive, but the current state is {state}."),
                    None,
                );
                plan.push((id, Vec::new()));
            }
        }
    }
    Ok(plan)
}

/// `resetOffsetsForInactiveGroup`: the partitions in scope, their new offsets, and with
/// `--execute` the engine's `AlterGroupOffsets` (Admin.alterConsumerGroupOffsets).
fn reset_inactive_group(
    cluster: &mut Cluster,
    opts: &ParsedOptions,
    out: &mut Out,
    group: &str,
) -> Result<Vec<(TopicPartition, i64)>, i32> {
    let committed = cluster.group(group).map(committed).unwrap_or_default();
    // getPartitionsToReset
    let scope: Vec<(String, i64)> = if opts.has("all-topics") {
        committed.iter().map(|(tp, _)| (tp.topic.to_string(), i64::from(tp.partition))).collect()
    } else if opts.has("topic") {
        topic_partitions_to_reset(cluster, opts, out)?
    } else {
        if !opts.has("from-file") {
            return Err(usage(out, "One of the reset scopes should be defined: --all-topics, --topic."));
        }
        Vec::new()
    };
    let prepared = prepare_offsets_to_reset(cluster, opts, out, &scope, &committed)?;
    if opts.has("execute") && !prepared.is_empty() {
        let offsets: Vec<(TopicPartition, Offset)> = prepared.iter().map(|(tp, o)| (tp.clone(), Offset(*o))).collect();
        if let Err(e) = cluster.execute(Command::AlterGroupOffsets { group: group.to_string(), offsets }) {
            // The future's cause, rethrown (a KafkaException) and caught by `run`.
            let (class, message) = match e.kind {
                CommandErrorKind::Kafka(k) => {
                    let (class, message) = k.exception();
                    (format!("org.apache.kafka.common.errors.{class}"), message.to_string())
                }
                _ => ("org.apache.kafka.common.KafkaException".to_string(), e.message.clone()),
            };
            return Err(failed(out, &class, &message, "resetOffsetsForInactiveGroup"));
        }
    }
    Ok(prepared)
}

/// `parseTopicPartitionsToReset`: `t:0,2` arguments first (in order), then every partition of
/// each plain `t` (from describeTopics, a `HashMap` by topic name).
fn topic_partitions_to_reset(cluster: &Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<Vec<(String, i64)>, i32> {
    let (mut specified, plain) = topic_args(opts, out)?;
    if !plain.is_empty() {
        let topics = distinct(plain);
        if topics.iter().any(|t| cluster.topic(t).is_none()) {
            return Err(unknown_partition(out));
        }
        // DescribeTopicsResult.allTopicNames(): new HashMap<>(n).
        let n = topics.len();
        for t in java_order(topics, |t| string_hash_code(t), sized_capacity(n)) {
            let count = cluster.topic(&t).map_or(0, |x| x.partitions.len());
            specified.extend((0..count).map(|p| (t.clone(), p as i64)));
        }
    }
    Ok(specified)
}

/// `t:0,2` arguments as (topic, partition), and plain topic names.
type TopicArgs = (Vec<(String, i64)>, Vec<String>);

/// The `--topic` arguments: `t:0,2` parsed (`parseTopicsWithPartitions`; an
/// IllegalArgumentException, so the usage), and the plain topic names.
fn topic_args(opts: &ParsedOptions, out: &mut Out) -> Result<TopicArgs, i32> {
    let mut specified = Vec::new();
    let mut plain = Vec::new();
    for arg in opts.values_of("topic") {
        if !arg.contains(':') {
            plain.push(arg.to_string());
            continue;
        }
        let parts = java_split(arg, ':');
        if parts.len() != 2 {
            return Err(usage(out, &format!("Invalid topic arg '{arg}', expected topic name and partitions")));
        }
        for p in java_split(parts[1], ',') {
            match p.parse::<i32>() {
                Ok(n) => specified.push((parts[0].to_string(), i64::from(n))),
                Err(_) => return Err(usage(out, &format!("Invalid partition '{p}' specified in topic arg '{arg}''"))),
            }
        }
    }
    Ok((specified, plain))
}

// ------------------------------------------------------------------ --delete-offsets

/// `ConsumerGroupService.deleteOffsets` (4.0): the partitions of `--topic` (plain topics
/// through describeTopics, whose failures become rows of their own with partition -1), one
/// `DeleteGroupOffsets` for the group, then the top-level result's line and the table
/// `"%n%-30s %-15s %-15s"` of TOPIC PARTITION STATUS, sorted by `topic + partition` as a
/// string. Errors are printed, never exited on: the exit code is 0.
fn delete_offsets(cluster: &mut Cluster, opts: &ParsedOptions, out: &mut Out) -> Result<(), i32> {
    let group = match opts.value_of("group") {
        Ok(g) => g.unwrap_or_default().to_string(),
        Err(m) => return Err(option_failed(out, &m, "deleteOffsets")),
    };
    let topics: Vec<String> = opts.values_of("topic").iter().map(|t| t.to_string()).collect();
    let (specified, plain) = topic_args(opts, out)?;
    // (topic, partition, error as the ExecutionException's message)
    let mut rows: Vec<(String, i64, Option<String>)> = Vec::new();
    let mut partitions: Vec<TopicPartition> = Vec::new();
    for (t, p) in &specified {
        if let Ok(p) = u32::try_from(*p) {
            partitions.push(TopicPartition::new(t.as_str(), p));
        } else {
            // A negative partition goes to the coordinator as asked and comes back unknown.
            rows.push((t.clone(), *p, Some(exception_text(KafkaError::UnknownTopicOrPartition))));
        }
    }
    for t in distinct(plain) {
        match cluster.topic(&t) {
            Some(topic) => partitions.extend((0..topic.partitions.len() as u32).map(|p| TopicPartition::new(t.as_str(), p))),
            None => rows.push((t, -1, Some(exception_text(KafkaError::UnknownTopicOrPartition)))),
        }
    }
    let mut seen = crate::vec_map::VecSet::new();
    partitions.retain(|tp| seen.insert(tp.clone()));
    let top_level = match cluster.execute(Command::DeleteGroupOffsets { group: group.clone(), partitions: partitions.clone() }) {
        Ok(Outcome::OffsetsDeleted(answers)) => {
            // `all()` fails with the first partition error in the request's HashSet order.
            let n = answers.len();
            let first = java_order(answers.clone(), |(tp, _)| tp_hash(tp), hash_map_capacity(n)).into_iter().find_map(|(_, e)| e);
            for (tp, e) in answers {
                rows.push((tp.topic.to_string(), i64::from(tp.partition), e.map(exception_text)));
            }
            first
        }
        Ok(_) => None,
        Err(e) => {
            let error = match e.kind {
                CommandErrorKind::Kafka(k) => k,
                _ => KafkaError::UnknownServerError,
            };
            rows.extend(partitions.iter().map(|tp| (tp.topic.to_string(), i64::from(tp.partition), Some(exception_text(error)))));
            Some(error)
        }
    };
    match top_level {
        None => out.println(&format!("Request succeed for deleting offsets with topic {} group {group}", topics.join(", "))),
        Some(KafkaError::InvalidGroupId) => print_error(out, &format!("'{group}' is not valid."), None),
        Some(KafkaError::GroupIdNotFound) => print_error(out, &format!("'{group}' does not exist."), None),
        Some(KafkaError::GroupNotEmpty) => {
            print_error(out, &format!("Deleting offsets of a consumer group '{group}' is forbidden if the group is not empty."), None)
        }
        Some(KafkaError::GroupSubscribedToTopic | KafkaError::UnknownTopicOrPartition) => {
            print_error(out, "Encounter some partition level error, see the follow-up details:", None)
        }
        Some(other) => print_error(out, &format!("Encounter some unknown error: {}", other.name()), None),
    }
    rows.sort_by(|a, b| format!("{}{}", a.0, a.1).cmp(&format!("{}{}", b.0, b.1)));
    let mut text = format!("\n{:<30} {:<15} {:<15}", "TOPIC", "PARTITION", "STATUS");
    for (topic, partition, error) in rows {
        let p = if partition >= 0 { partition.to_string() } else { "Not Provided".to_string() };
        let status = error.map_or_else(|| "Successful".to_string(), |e| format!("Error: :{e}"));
        text.push_str(&format!("\n{topic:<30} {p:<15} {status:<15}"));
    }
    out.println(&text);
    Ok(())
}

/// An `ExecutionException`'s message: its cause's `toString()`, built by the admin client from
/// the error code (`Errors.exception()`, the default message).
fn exception_text(error: KafkaError) -> String {
    let (class, message) = error.exception();
    format!("org.apache.kafka.common.errors.{class}: {message}")
}

/// A partition the cluster does not have: the admin call's `UnknownTopicOrPartitionException`,
/// rethrown by `resetOffsetsForInactiveGroup`.
fn unknown_partition(out: &mut Out) -> i32 {
    failed(
        out,
        "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
        "This server does not host this topic-partition.",
        "resetOffsetsForInactiveGroup",
    )
}

/// `prepareOffsetsToReset`: the scenario's offsets, in the order of the `HashMap` it returns.
fn prepare_offsets_to_reset(
    cluster: &Cluster,
    opts: &ParsedOptions,
    out: &mut Out,
    scope: &[(String, i64)],
    committed: &[(TopicPartition, Offset)],
) -> Result<Vec<(TopicPartition, i64)>, i32> {
    let mut partitions: Vec<TopicPartition> = Vec::new();
    for (topic, p) in scope {
        let Ok(p) = u32::try_from(*p) else { return Err(unknown_partition(out)) };
        let tp = TopicPartition::new(topic.as_str(), p);
        if cluster.partition(&tp).is_none() {
            return Err(unknown_partition(out));
        }
        if !partitions.contains(&tp) {
            partitions.push(tp);
        }
    }
    let n = partitions.len();
    let ordered = java_order(partitions.clone(), tp_hash, hash_map_capacity(n));
    let committed_of = |tp: &TopicPartition| committed.iter().find(|(c, _)| c == tp).map(|(_, o)| o.0);
    let method = "prepareOffsetsToReset";
    if opts.has("to-offset") {
        let offset = match opts.long_of("to-offset") {
            Ok(v) => v.unwrap_or_default(),
            Err(m) => return Err(option_failed(out, &m, method)),
        };
        let requested: Vec<(TopicPartition, i64)> = ordered.iter().map(|tp| (tp.clone(), offset)).collect();
        return Ok(check_offsets_range(cluster, out, requested));
    }
    // The log's start or end offset of each partition, or the tool's error for the first
    // partition without one.
    let ends = |out: &mut Out, end: fn(&Cluster, &TopicPartition) -> Option<i64>, which: &str| {
        let mut res = Vec::new();
        for tp in &ordered {
            match end(cluster, tp) {
                Some(o) => res.push((tp.clone(), o)),
                None => return Err(usage(out, &format!("Error getting {which} offset of topic partition: {tp}"))),
            }
        }
        Ok(res)
    };
    if opts.has("to-earliest") {
        return ends(out, log_start, "starting");
    }
    if opts.has("to-latest") {
        return ends(out, log_end, "ending");
    }
    if opts.has("shift-by") {
        let shift = match opts.long_of("shift-by") {
            Ok(v) => v.unwrap_or_default(),
            Err(m) => return Err(option_failed(out, &m, method)),
        };
        let mut requested = Vec::new();
        // Collectors.toMap walks the partitions in scope order: the first without a commit fails.
        for tp in &partitions {
            match committed_of(tp) {
                Some(c) => requested.push((tp.clone(), c.wrapping_add(shift))),
                None => {
                    return Err(usage(out, &format!("Cannot shift offset for partition {tp} since there is no current committed offset")));
                }
            }
        }
        let requested = java_order(requested, |(tp, _)| tp_hash(tp), hash_map_capacity(n));
        return Ok(check_offsets_range(cluster, out, requested));
    }
    if opts.has("to-datetime") {
        let value = match opts.value_of("to-datetime") {
            Ok(v) => v.unwrap_or_default(),
            Err(m) => return Err(option_failed(out, &m, method)),
        };
        let ts = match parse_date_time(value) {
            Ok(ts) => ts,
            Err(e) => return Err(failed(out, "java.lang.RuntimeException", &format!("java.text.ParseException: {e}"), method)),
        };
        return offsets_for_time(cluster, out, &ordered, ts);
    }
    if opts.has("by-duration") {
        let value = match opts.value_of("by-duration") {
            Ok(v) => v.unwrap_or_default(),
            Err(m) => return Err(option_failed(out, &m, method)),
        };
        let Some(ms) = parse_duration_ms(value) else {
            return Err(failed(out, "java.time.format.DateTimeParseException", "Text cannot be parsed to a Duration", method));
        };
        let now = cluster.now().0 as i128;
        let ts = (now - ms).clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
        return offsets_for_time(cluster, out, &ordered, ts);
    }
    if let Some(path) = opts.values_of("from-file").first() {
        // resetPlanFromFile: Utils.readFileAsString of a file the sandbox does not have.
        return Err(no_such_file(out, path, "resetPlanFromFile"));
    }
    if opts.has("to-current") {
        let with: Vec<TopicPartition> = partitions.iter().filter(|tp| committed_of(tp).is_some()).cloned().collect();
        let without: Vec<TopicPartition> = partitions.iter().filter(|tp| committed_of(tp).is_none()).cloned().collect();
        let mut ends = Vec::new();
        for tp in java_order(without.clone(), tp_hash, hash_map_capacity(without.len())) {
            match log_end(cluster, &tp) {
                Some(o) => ends.push((tp, o)),
                None => return Err(usage(out, &format!("Error getting ending offset of topic partition: {tp}"))),
            }
        }
        let mut all: Vec<(TopicPartition, i64)> = java_order(with.clone(), tp_hash, hash_map_capacity(with.len()))
            .into_iter()
            .map(|tp| {
                let c = committed_of(&tp).unwrap_or_default();
                (tp, c)
            })
            .collect();
        // putAll into the first map: an empty one sizes its table for what it receives.
        let capacity = if all.is_empty() { put_all_capacity(ends.len()) } else { hash_map_capacity(all.len() + ends.len()) };
        all.extend(ends);
        return Ok(java_order(all, |(tp, _)| tp_hash(tp), capacity));
    }
    let scenarios: Vec<String> = spec_set(&SCENARIOS);
    Err(usage(out, &format!("Option '{}' requires one of the following scenarios: [{}]", spec("reset-offsets"), scenarios.join(", "))))
}

/// `checkOffsetsRange`: an offset past the log end is set to it, one before the log start to
/// it, each with a WARN line of the tool's logger on stderr.
fn check_offsets_range(cluster: &Cluster, out: &mut Out, requested: Vec<(TopicPartition, i64)>) -> Vec<(TopicPartition, i64)> {
    let mut res = Vec::with_capacity(requested.len());
    for (tp, offset) in requested {
        let end = log_end(cluster, &tp);
        let start = log_start(cluster, &tp);
        match (end, start) {
            (Some(end), _) if offset > end => {
                warn(
                    cluster,
                    out,
                    &format!("New offset ({offset}) is higher than latest offset for topic partition {tp}. Value will be set to {end}"),
                );
                res.push((tp, end));
            }
            (_, Some(start)) if offset < start => {
                warn(
                    cluster,
                    out,
                    &format!("New offset ({offset}) is lower than earliest offset for topic partition {tp}. Value will be set to {start}"),
                );
                res.push((tp, start));
            }
            _ => res.push((tp, offset)),
        }
    }
    res
}

/// `getLogTimestampOffsets`: each partition's offset for the time; a partition without one gets
/// a `Warn:` line on stdout and its log end offset.
fn offsets_for_time(cluster: &Cluster, out: &mut Out, ordered: &[TopicPartition], ts: i64) -> Result<Vec<(TopicPartition, i64)>, i32> {
    let mut res = Vec::new();
    for tp in ordered {
        match offset_for_time(cluster, tp, ts) {
            Some(o) => res.push((tp.clone(), o)),
            None => {
                out.println(&format!(
                    "\nWarn: Partition {} from topic {} is empty. Falling back to latest known offset.",
                    tp.partition, tp.topic
                ));
                match log_end(cluster, tp) {
                    Some(o) => res.push((tp.clone(), o)),
                    None => return Err(usage(out, &format!("Error getting offset by timestamp of topic partition: {tp}"))),
                }
            }
        }
    }
    Ok(res)
}

/// A log4j line of the tool's logger (`tools-log4j2.yaml`: `[%d] %p %m (%c)%n`, on stderr); the
/// date is the sandbox's clock, which starts at 1970-01-01 00:00:00 UTC.
fn warn(cluster: &Cluster, out: &mut Out, message: &str) {
    out.eprintln(&format!("[{}] WARN {message} ({LOGGER})", log_date(cluster.now().0)));
}

/// log4j's default `%d`: `yyyy-MM-dd HH:mm:ss,SSS`.
fn log_date(ms: u64) -> String {
    let (secs, millis) = (ms / 1000, ms % 1000);
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02},{millis:03}", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// `printOffsetsToReset` (4.0): `"%n%-30s %-30s %-10s %-15s"` for the header (when any group
/// was asked for) and each row, then `println()`.
fn print_offsets_to_reset(out: &mut Out, plan: &Plan) {
    let line = |g: &str, t: &str, p: &str, o: &str| format!("\n{} {} {} {}", pad(g, 30), pad(t, 30), pad(p, 10), pad(o, 15));
    if !plan.is_empty() {
        out.print(&line("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
    }
    for (group, offsets) in plan {
        for (tp, o) in offsets {
            out.print(&line(group, &tp.topic, &tp.partition.to_string(), &o.to_string()));
        }
    }
    out.println("");
}

/// `exportOffsetsToCsv`: Jackson's CSV writer, one `topic,partition,offset` line per partition
/// for a single `--group`, `group,topic,partition,offset` otherwise; the lines joined (each ends
/// in a newline) and printed with `println`.
fn export_offsets_to_csv(opts: &ParsedOptions, plan: &Plan) -> String {
    let single = opts.values_of("group").len() == 1;
    let mut csv = String::new();
    for (group, offsets) in plan {
        for (tp, o) in offsets {
            if !single {
                csv.push_str(&csv_field(group));
                csv.push(',');
            }
            csv.push_str(&format!("{},{},{o}\n", csv_field(&tp.topic), tp.partition));
        }
    }
    csv
}

/// Jackson CSV quoting: a value with the separator, a quote or a line break is quoted.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

// ------------------------------------------------------------------ dates and durations

/// `Utils.getDateTime`: `yyyy-MM-dd'T'HH:mm:ss.SSS`, with a zone (`Z`, `+hh`, `+hhmm`,
/// `+hh:mm`) or none (then UTC: `Z` is appended when the part after the `T` has no `+`, `-` or
/// `Z`). Returns epoch milliseconds, or the `ParseException`'s message.
fn parse_date_time(value: &str) -> Result<i64, String> {
    let parts = java_split(value, 'T');
    if parts.len() < 2 {
        return Err("Error parsing timestamp. It does not contain a 'T' according to ISO8601 format".to_string());
    }
    let second = parts[1];
    let value = if second.contains(['+', '-', 'Z']) { value.to_string() } else { format!("{value}Z") };
    let unparseable = || format!("Unparseable date: \"{value}\"");
    parse_iso(&value).ok_or_else(unparseable)
}

fn parse_iso(value: &str) -> Option<i64> {
    let (date, time) = value.split_once('T')?;
    let mut d = date.split('-');
    let (y, mo, da) = (num(d.next()?, 4)?, num(d.next()?, 2)?, num(d.next()?, 2)?);
    if d.next().is_some() || !(1..=12).contains(&mo) || da < 1 || da > days_in_month(y, mo) {
        return None;
    }
    let zone_at = time.find(['+', '-', 'Z'])?;
    let (clock, zone) = time.split_at(zone_at);
    let (hms, frac) = clock.split_once('.')?;
    let mut t = hms.split(':');
    let (h, mi, s) = (num(t.next()?, 2)?, num(t.next()?, 2)?, num(t.next()?, 2)?);
    if t.next().is_some() || h > 23 || mi > 59 || s > 59 || frac.is_empty() || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // SimpleDateFormat reads `SSS` as a number of milliseconds; strict parsing refuses > 999.
    let millis: i64 = frac.parse().ok()?;
    if millis > 999 {
        return None;
    }
    let offset_min = zone_minutes(zone)?;
    let days = days_from_civil(y, mo, da);
    Some(((days * 86_400 + h * 3600 + mi * 60 + s) * 1000 + millis) - offset_min * 60_000)
}

/// A zone: `Z`, `+hh`, `+hhmm` or `+hh:mm` (and `-`).
fn zone_minutes(zone: &str) -> Option<i64> {
    if zone == "Z" {
        return Some(0);
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = zone[1..].replacen(':', "", 1);
    let (h, m) = match rest.len() {
        2 => (num(&rest, 2)?, 0),
        4 => (num(&rest[..2], 2)?, num(&rest[2..], 2)?),
        _ => return None,
    };
    (h < 24 && m < 60).then_some(sign * (h * 60 + m))
}

fn num(s: &str, digits: usize) -> Option<i64> {
    (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `java.time.Duration.parse`: `[-+]PnDTnHnMn.nS` (case-insensitive, each number signed, at
/// least one part, a `T` followed by at least one part), in milliseconds (fractions of a
/// millisecond dropped). `None` for text it refuses (`DateTimeParseException`).
fn parse_duration_ms(text: &str) -> Option<i128> {
    let upper = text.to_ascii_uppercase();
    let mut s = upper.as_str();
    let negate = match s.as_bytes().first() {
        Some(b'-') => {
            s = &s[1..];
            true
        }
        Some(b'+') => {
            s = &s[1..];
            false
        }
        _ => false,
    };
    s = s.strip_prefix('P')?;
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut total: i128 = 0;
    let mut parts = 0;
    if !date.is_empty() {
        let days = date.strip_suffix('D')?;
        total += signed_number(days)? * 86_400_000;
        parts += 1;
    }
    if let Some(mut t) = time {
        if t.is_empty() {
            return None;
        }
        for (unit, scale) in [('H', 3_600_000i128), ('M', 60_000)] {
            if let Some(i) = t.find(unit) {
                // Only a number may come before the unit (no later unit letters).
                let (n, rest) = t.split_at(i);
                if n.contains(['H', 'M', 'S']) {
                    return None;
                }
                total += signed_number(n)? * scale;
                t = &rest[1..];
                parts += 1;
            }
        }
        if !t.is_empty() {
            let n = t.strip_suffix('S')?;
            let (whole, frac) = match n.split_once(['.', ',']) {
                Some((w, f)) => (w, f),
                None => (n, ""),
            };
            if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let secs = signed_number(whole)?;
            let mut nanos: i128 = if frac.is_empty() { 0 } else { format!("{frac:0<9}").parse().ok()? };
            if whole.starts_with('-') {
                nanos = -nanos;
            }
            total += secs * 1000 + nanos / 1_000_000;
            parts += 1;
        }
    }
    if parts == 0 {
        return None;
    }
    Some(if negate { -total } else { total })
}

/// `[-+]?[0-9]+`, at most 19 digits (Java's `long`).
fn signed_number(s: &str) -> Option<i128> {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

// ------------------------------------------------------------------ Java's ways

/// `TopicPartition.hashCode()`.
fn tp_hash(tp: &TopicPartition) -> i32 {
    topic_partition_hash_code(&tp.topic, tp.partition)
}

/// The iteration order of a `java.util.HashMap` (or `HashSet`) of `capacity` buckets holding
/// `items` (inserted in the given order): by bucket, ties by insertion.
fn java_order<T>(items: Vec<T>, hash: impl Fn(&T) -> i32, capacity: u32) -> Vec<T> {
    let mut keyed: Vec<(u32, usize, T)> = items.into_iter().enumerate().map(|(i, t)| (bucket_of(hash(&t), capacity), i, t)).collect();
    keyed.sort_by_key(|(b, i, _)| (*b, *i));
    keyed.into_iter().map(|(_, _, t)| t).collect()
}

/// `new HashMap<>(n)` filled with `n` entries: `tableSizeFor(n)` buckets, doubled past 0.75.
fn sized_capacity(n: usize) -> u32 {
    let mut cap = (n.max(1) as u32).next_power_of_two();
    while n > (cap as usize) * 3 / 4 {
        cap *= 2;
    }
    cap
}

/// `putAll` of `n` entries into an empty `HashMap` whose table is not allocated yet: sized for
/// `(int) (n / 0.75f + 1)`.
fn put_all_capacity(n: usize) -> u32 {
    let t = (n as f32 / 0.75f32 + 1.0) as u32;
    t.max(1).next_power_of_two()
}

/// `String.split(String)` with a one-character separator: trailing empty strings removed.
fn java_split(s: &str, sep: char) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(sep).collect();
    while parts.last() == Some(&"") {
        parts.pop();
    }
    parts
}

/// `String.length()`: UTF-16 code units (what `%-Ns` pads to).
fn java_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `%-{width}s`.
fn pad(s: &str, width: usize) -> String {
    let len = java_len(s);
    let mut out = String::with_capacity(s.len() + width.saturating_sub(len));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(len)));
    out
}

/// The first occurrence of each, in order (the admin client keys its calls by group).
fn distinct(items: Vec<String>) -> Vec<String> {
    let mut seen = crate::vec_map::VecSet::new();
    items.into_iter().filter(|i| seen.insert(i.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `HashSet<OptionSpec>` orders the research harness printed (joptsimple specs hash by
    /// their names' list).
    #[test]
    fn option_sets_iterate_as_the_jvm_printed() {
        assert_eq!(spec_set(&["group", "all-groups"]).join(", "), "[all-groups], [group]");
        assert_eq!(spec_set(&["group", "topic"]).join(", "), "[topic], [group]");
    }

    /// The notes' `Collectors.toMap` orders over partitions 0..n-1.
    #[test]
    fn partition_maps_iterate_as_java_does() {
        let order = |topic: &str, n: u32| -> Vec<u32> {
            let tps: Vec<TopicPartition> = (0..n).map(|p| TopicPartition::new(topic, p)).collect();
            java_order(tps, tp_hash, hash_map_capacity(n as usize)).into_iter().map(|tp| tp.partition).collect()
        };
        assert_eq!(order("test", 3), [1, 0, 2]);
        assert_eq!(order("test", 6), [1, 0, 3, 2, 5, 4]);
        assert_eq!(order("payments", 3), [0, 2, 1]);
        assert_eq!(order("quickstart-events", 3), [2, 1, 0]);
        assert_eq!(order("orders", 6), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn dates_parse_as_utils_get_date_time() {
        assert_eq!(parse_date_time("1970-01-01T00:00:05.000"), Ok(5_000));
        assert_eq!(parse_date_time("1970-01-01T01:00:00.000+01:00"), Ok(0));
        assert_eq!(parse_date_time("1970-01-01T00:00:00.250-0100"), Ok(3_600_250));
        assert_eq!(parse_date_time("2020-11-10T16:51:38.198Z"), Ok(1_605_027_098_198));
        assert_eq!(
            parse_date_time("1970-01-01 00:00:00").unwrap_err(),
            "Error parsing timestamp. It does not contain a 'T' according to ISO8601 format"
        );
        assert_eq!(parse_date_time("1970-01-01T00:00:00").unwrap_err(), "Unparseable date: \"1970-01-01T00:00:00Z\"");
        assert_eq!(parse_date_time("1970-02-30T00:00:00.000").unwrap_err(), "Unparseable date: \"1970-02-30T00:00:00.000Z\"");
        assert_eq!(log_date(5_000), "1970-01-01 00:00:05,000");
        assert_eq!(log_date(86_400_000 * 366 + 1), "1971-01-02 00:00:00,001");
    }

    #[test]
    fn durations_parse_as_java_time() {
        assert_eq!(parse_duration_ms("PT5S"), Some(5_000));
        assert_eq!(parse_duration_ms("pt1m30s"), Some(90_000));
        assert_eq!(parse_duration_ms("P1DT2H"), Some(93_600_000));
        assert_eq!(parse_duration_ms("PT0.5S"), Some(500));
        assert_eq!(parse_duration_ms("-PT1H"), Some(-3_600_000));
        assert_eq!(parse_duration_ms("PT-1M"), Some(-60_000));
        for bad in ["", "P", "PT", "5S", "PT5", "P1H", "PTS", "PT1S2M", "P1DT", "PT1.0000000001S"] {
            assert_eq!(parse_duration_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn java_pieces() {
        assert_eq!(java_split("t:", ':'), ["t"]);
        assert_eq!(java_split("0,,1", ','), ["0", "", "1"]);
        assert_eq!(java_split(":0", ':'), ["", "0"]);
        assert_eq!(put_all_capacity(3), 8);
        assert_eq!(put_all_capacity(6), 16);
        assert_eq!(sized_capacity(3), 4);
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(
            assignment_string(&[TopicPartition::new("b", 1), TopicPartition::new("a", 2), TopicPartition::new("b", 0)]),
            "a:2;b:0,1"
        );
    }
}
