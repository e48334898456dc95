//! `kafka-leader-election.sh`: `org.apache.kafka.tools.LeaderElectionCommand` (Kafka 4.0).
//!
//! It parses its options with joptsimple, `validate()`s them (each failure an
//! `AdminCommandFailedException`), then calls `Admin.electLeaders` and prints the partitions by
//! outcome. Any exception ends in `mainNoExit`: its message, then its stack trace (printed here
//! as the exception line and one frame, see `super::stack_trace`, then the empty line that
//! `System.err.println(Utils.stackTrace(e))` leaves), exit 1, never the option table.
//!
//! The election itself is `Command::ElectLeaders` (`Cluster::elect_leaders`, the KRaft
//! controller's rules); each partition's result is read from the partitions before and after
//! it, as `ReplicationControlManager.electLeader` answers them.

use super::option_parser::{self, OptionSpec, ParsedOptions};
use super::{help, stack_trace, Out};
use crate::cluster::Cluster;
use crate::command::{Command, ElectionType};
use crate::ids::TopicPartition;
use crate::java_hash::{hash_map_order, topic_partition_hash_code};
use crate::kafka_error::KafkaError;

const TOOL: &str = "kafka-leader-election.sh";
/// `AppInfoParser.getVersion()` of the Kafka the sandbox stands for.
const VERSION: &str = "4.0.0";
const FAILED: &str = "org.apache.kafka.server.common.AdminCommandFailedException";

/// `LeaderElectionCommandOptions` (plus `--help` and `--version` from `CommandDefaultOptions`).
const SPECS: &[OptionSpec] = &[
    OptionSpec::flag("help"),
    OptionSpec::flag("version"),
    OptionSpec::with_arg("bootstrap-server"),
    OptionSpec::with_arg("admin.config"),
    OptionSpec::with_arg("path-to-json-file"),
    OptionSpec::with_arg("topic"),
    OptionSpec::with_arg("partition"),
    OptionSpec::flag("all-topic-partitions"),
    OptionSpec::with_arg("election-type"),
];

/// An exception as `mainNoExit` prints it: `getMessage()`, then the trace.
struct Failure {
    class: &'static str,
    message: String,
    frame: &'static str,
}

impl Failure {
    fn new(class: &'static str, message: impl Into<String>, frame: &'static str) -> Self {
        Failure { class, message: message.into(), frame }
    }

    /// `LeaderElectionCommandOptions.validate`: an `AdminCommandFailedException`.
    fn validate(message: impl Into<String>, line: u32) -> Self {
        // The frames' line numbers are those of the 4.0 source (LeaderElectionCommand.java).
        let frame = match line {
            347 => "org.apache.kafka.tools.LeaderElectionCommand$LeaderElectionCommandOptions.validate(LeaderElectionCommand.java:347)",
            362 => "org.apache.kafka.tools.LeaderElectionCommand$LeaderElectionCommandOptions.validate(LeaderElectionCommand.java:362)",
            369 => "org.apache.kafka.tools.LeaderElectionCommand$LeaderElectionCommandOptions.validate(LeaderElectionCommand.java:369)",
            _ => "org.apache.kafka.tools.LeaderElectionCommand$LeaderElectionCommandOptions.validate(LeaderElectionCommand.java:374)",
        };
        Failure::new(FAILED, message, frame)
    }

    /// A joptsimple `OptionException` (parse or `valueOf`), by its message.
    fn jopt(message: String) -> Self {
        let (class, frame) = jopt_exception(&message);
        Failure { class, message, frame }
    }

    fn print(&self, out: &mut Out) {
        out.eprintln(&self.message);
        // Utils.stackTrace(e) ends with a line break, and println adds one more.
        stack_trace(out, self.class, &self.message, self.frame);
        out.eprintln("");
    }
}

/// The class and first frame of the joptsimple 5.0.4 exception behind one of its messages
/// (`ExceptionMessages.properties`); a trace prints the class with its package `joptsimple`.
pub(crate) fn jopt_exception(message: &str) -> (&'static str, &'static str) {
    if message.ends_with("is not a recognized option") {
        ("joptsimple.UnrecognizedOptionException", "joptsimple.OptionException.unrecognizedOption(OptionException.java:108)")
    } else if message.ends_with("requires an argument") {
        (
            "joptsimple.OptionMissingRequiredArgumentException",
            "joptsimple.RequiredArgumentOptionSpec.detectOptionArgument(RequiredArgumentOptionSpec.java:48)",
        )
    } else if message.starts_with("Found multiple arguments") {
        ("joptsimple.MultipleArgumentsForOptionException", "joptsimple.OptionSet.valueOf(OptionSet.java:179)")
    } else {
        ("joptsimple.OptionArgumentConversionException", "joptsimple.AbstractOptionSpec.convertWith(AbstractOptionSpec.java:92)")
    }
}

/// `kafka-leader-election.sh ARGS`.
pub fn run(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    match run_inner(cluster, args, out) {
        Ok(code) => code,
        Err(f) => {
            f.print(out);
            1
        }
    }
}

fn run_inner(cluster: &mut Cluster, args: &[String], out: &mut Out) -> Result<i32, Failure> {
    // The options are parsed in the constructor: a joptsimple error ends in mainNoExit.
    let opts = option_parser::parse(SPECS, args).map_err(Failure::jopt)?;
    // CommandLineUtils.maybePrintHelpOrVersion.
    if args.is_empty() || opts.has("help") {
        let full = help::full(TOOL).unwrap_or("");
        let (message, table) = full.split_once('\n').unwrap_or((full, ""));
        return Ok(super::usage_and_exit(out, message, table));
    }
    if opts.has("version") {
        out.println(VERSION);
        return Ok(0);
    }
    validate(&opts)?;
    let election = election_type(&opts)?;
    if let Some(path) = opts.value_of("path-to-json-file").map_err(Failure::jopt)? {
        // Utils.readFileAsString wraps the NoSuchFileException; parseReplicaElectionData
        // wraps that in a RuntimeException, whose message is its cause's toString(). The
        // sandbox has no files.
        let cause = format!("java.io.IOException: Unable to read file {path}");
        return Err(Failure::new(
            "java.lang.RuntimeException",
            cause,
            "org.apache.kafka.tools.LeaderElectionCommand.parseReplicaElectionData(LeaderElectionCommand.java:207)",
        ));
    }
    let topic = opts.value_of("topic").map_err(Failure::jopt)?.map(str::to_string);
    let partition = opts.int_of("partition").map_err(Failure::jopt)?;
    let bootstrap = opts.value_of("bootstrap-server").map_err(Failure::jopt)?.unwrap_or("");
    if super::bootstrap_error(bootstrap).is_some() {
        // Admin.create refuses a bootstrap.servers entry without a port.
        return Err(Failure::new(
            "org.apache.kafka.common.KafkaException",
            "Failed to create new KafkaAdminClient",
            "org.apache.kafka.clients.admin.KafkaAdminClient.createInternal(KafkaAdminClient.java:551)",
        ));
    }
    let requested: Option<Vec<(String, i32)>> = match (topic, partition) {
        (Some(t), Some(p)) => Some(vec![(t, p)]),
        _ => None,
    };
    if cluster.controller().is_none() {
        // No active controller: the request waits out default.api.timeout.ms (30 s here).
        let message = "Timeout waiting for election results";
        out.println(message);
        return Err(Failure::new(
            FAILED,
            message,
            "org.apache.kafka.tools.LeaderElectionCommand.electLeaders(LeaderElectionCommand.java:133)",
        ));
    }
    let before = Before::read(cluster, election, requested.as_deref());
    let known: Option<Vec<TopicPartition>> = requested.as_ref().map(|list| {
        list.iter()
            .filter(|(t, p)| *p >= 0 && cluster.partition(&TopicPartition::new(t.as_str(), *p as u32)).is_some())
            .map(|(t, p)| TopicPartition::new(t.as_str(), *p as u32))
            .collect()
    });
    if cluster.execute(Command::ElectLeaders { election, partitions: known }).is_err() {
        // Only a lost quorum (checked above) or a sandbox limit refuse the request as a whole.
        let message = "Timeout waiting for election results";
        out.println(message);
        return Err(Failure::new(
            FAILED,
            message,
            "org.apache.kafka.tools.LeaderElectionCommand.electLeaders(LeaderElectionCommand.java:133)",
        ));
    }
    let results = before.results(cluster);
    print_results(out, election, &results)
}

/// `validate()`, in its order.
fn validate(opts: &ParsedOptions) -> Result<(), Failure> {
    let missing: Vec<&str> = ["bootstrap-server", "election-type"].into_iter().filter(|o| !opts.has(o)).collect();
    if !missing.is_empty() {
        return Err(Failure::validate(format!("Missing required option(s): {}", missing.join(", ")), 347));
    }
    let exclusive = ["topic", "all-topic-partitions", "path-to-json-file"];
    if exclusive.iter().filter(|o| opts.has(o)).count() != 1 {
        return Err(Failure::validate(
            "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file",
            362,
        ));
    }
    if opts.has("topic") && !opts.has("partition") {
        return Err(Failure::validate("Missing required option(s): partition", 369));
    }
    if !opts.has("topic") && opts.has("partition") {
        return Err(Failure::validate("Option partition is only allowed if topic is used", 374));
    }
    Ok(())
}

/// `ElectionTypeConverter` (an `EnumConverter`): the enum's name, any case.
fn election_type(opts: &ParsedOptions) -> Result<ElectionType, Failure> {
    let value = opts.value_of("election-type").map_err(Failure::jopt)?.unwrap_or("");
    match value.to_ascii_uppercase().as_str() {
        "PREFERRED" => Ok(ElectionType::Preferred),
        "UNCLEAN" => Ok(ElectionType::Unclean),
        _ => Err(Failure::jopt(format!("Cannot parse argument '{value}' of option election-type"))),
    }
}

/// One partition's answer (`ElectLeadersResponse`): None for success.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    topic: String,
    partition: i32,
    /// The error and its message (None: Kafka's default message for the error).
    error: Option<PartitionError>,
}

/// A partition's error and its message (None: Kafka's default message for the error).
type PartitionError = (KafkaError, Option<String>);

/// What the controller knew before the election: per partition asked for, an error it
/// answers at once, or the leader it had (to compare with the leader after).
struct Before {
    election: ElectionType,
    rows: Vec<(String, i32, Result<Option<crate::ids::BrokerId>, PartitionError>)>,
}

impl Before {
    /// `ReplicationControlManager.electLeader`'s checks, in order. With every partition
    /// (`--all-topic-partitions`), those needing no election are left out of the answer.
    fn read(cluster: &Cluster, election: ElectionType, requested: Option<&[(String, i32)]>) -> Before {
        let not_needed = |p: &crate::partition::Partition| match election {
            ElectionType::Preferred => p.leader.is_some() && p.leader == p.replicas.first().copied(),
            ElectionType::Unclean => p.leader.is_some(),
        };
        let mut rows = Vec::new();
        match requested {
            None => {
                for p in cluster.partitions() {
                    if !not_needed(p) {
                        rows.push((p.tp.topic.to_string(), p.tp.partition as i32, Ok(p.leader)));
                    }
                }
            }
            Some(list) => {
                for (t, idx) in list {
                    let answer = match cluster.topic(t) {
                        None => Err((KafkaError::UnknownTopicOrPartition, Some(format!("No such topic as {t}")))),
                        Some(topic) => match usize::try_from(*idx).ok().and_then(|i| topic.partitions.get(i)) {
                            None => Err((KafkaError::UnknownTopicOrPartition, Some(format!("No such partition as {t}-{idx}")))),
                            Some(p) if not_needed(p) => Err((KafkaError::ElectionNotNeeded, None)),
                            Some(p) => Ok(p.leader),
                        },
                    };
                    rows.push((t.clone(), *idx, answer));
                }
            }
        }
        Before { election, rows }
    }

    /// The answers: an election that changed the leader succeeded; one that did not wrote no
    /// record (PREFERRED_LEADER_NOT_AVAILABLE, or ELIGIBLE_LEADERS_NOT_AVAILABLE for unclean).
    fn results(self, cluster: &Cluster) -> Vec<Outcome> {
        let failed = match self.election {
            ElectionType::Preferred => KafkaError::PreferredLeaderNotAvailable,
            ElectionType::Unclean => KafkaError::EligibleLeadersNotAvailable,
        };
        self.rows
            .into_iter()
            .map(|(topic, partition, before)| {
                let error = match before {
                    Err(e) => Some(e),
                    Ok(leader) => {
                        let after = cluster.partition(&TopicPartition::new(topic.as_str(), partition as u32)).and_then(|p| p.leader);
                        (after == leader || after.is_none()).then_some((failed, None))
                    }
                };
                Outcome { topic, partition, error }
            })
            .collect()
    }
}

/// `LeaderElectionCommand.electLeaders`'s printing: the answers arrive as a `HashMap`
/// (`ElectLeadersResult.partitions()`, filled in response order), are sorted into two
/// `HashSet`s and a `HashMap` in that map's order, and each prints in its own hash order
/// (`TopicPartition.hashCode`, `java_hash`).
fn print_results(out: &mut Out, election: ElectionType, results: &[Outcome]) -> Result<i32, Failure> {
    let hash = |o: &Outcome| topic_partition_hash_code(&o.topic, o.partition as u32);
    let all: Vec<i32> = results.iter().map(hash).collect();
    let in_map_order: Vec<&Outcome> = hash_map_order(&all, all.len()).into_iter().map(|i| &results[i]).collect();
    let mut succeeded = Vec::new();
    let mut noop = Vec::new();
    let mut failed = Vec::new();
    for o in in_map_order {
        match &o.error {
            None => succeeded.push(o),
            Some((KafkaError::ElectionNotNeeded, _)) => noop.push(o),
            Some(_) => failed.push(o),
        }
    }
    let ordered = |set: Vec<&Outcome>| -> Vec<String> {
        let hashes: Vec<i32> = set.iter().map(|o| hash(o)).collect();
        hash_map_order(&hashes, hashes.len()).into_iter().map(|i| format!("{}-{}", set[i].topic, set[i].partition)).collect()
    };
    if !succeeded.is_empty() {
        out.println(&format!(
            "Successfully completed leader election ({}) for partitions {}",
            election.name(),
            ordered(succeeded).join(", ")
        ));
    }
    if !noop.is_empty() {
        out.println(&format!("Valid replica already elected for partitions {}", ordered(noop).join(", ")));
    }
    if failed.is_empty() {
        return Ok(0);
    }
    let count = failed.len();
    let hashes: Vec<i32> = failed.iter().map(|o| hash(o)).collect();
    for i in hash_map_order(&hashes, hashes.len()) {
        let o = failed[i];
        let Some((error, message)) = &o.error else { continue };
        let (class, default) = error.exception();
        let message = message.as_deref().unwrap_or(default);
        out.println(&format!(
            "Error completing leader election ({}) for partition: {}-{}: org.apache.kafka.common.errors.{class}: {message}",
            election.name(),
            o.topic,
            o.partition
        ));
    }
    // The real trace then lists each cause as "Suppressed:"; one frame stands for it.
    Err(Failure::new(
        FAILED,
        format!("{count} replica(s) could not be elected"),
        "org.apache.kafka.tools.LeaderElectionCommand.electLeaders(LeaderElectionCommand.java:191)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(t: &str, p: i32) -> Outcome {
        Outcome { topic: t.into(), partition: p, error: None }
    }

    #[test]
    fn partitions_print_in_hash_set_order() {
        // "test" over 0..3 iterates 1, 0, 2 in a HashMap (research notes §0.5).
        let mut out = Out::default();
        let r = print_results(&mut out, ElectionType::Preferred, &[ok("test", 0), ok("test", 1), ok("test", 2)]);
        assert!(r.is_ok());
        assert_eq!(out.text(), "Successfully completed leader election (PREFERRED) for partitions test-1, test-0, test-2\n");
    }

    #[test]
    fn jopt_messages_map_to_their_exceptions() {
        assert_eq!(jopt_exception("x is not a recognized option").0, "joptsimple.UnrecognizedOptionException");
        assert_eq!(jopt_exception("Option topic requires an argument").0, "joptsimple.OptionMissingRequiredArgumentException");
        assert_eq!(jopt_exception("Cannot parse argument 'x' of option partition").0, "joptsimple.OptionArgumentConversionException");
    }
}
