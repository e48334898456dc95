//! `kafka-metadata-quorum.sh`: `org.apache.kafka.tools.MetadataQuorumCommand` (Kafka 4.0),
//! whose command line is argparse4j 0.7.0's, not joptsimple's:
//!
//! * long options may be shortened to any unambiguous prefix (`--stat`), and so may the
//!   subcommand (`describ`); `--name=value` works;
//! * the connection options (`--bootstrap-server` | `--bootstrap-controller`, one required) and
//!   `--command-config` belong to the main parser and must come before the subcommand; after it
//!   only the subcommand's own options are known;
//! * an error prints the parser's usage and `kafka-metadata-quorum: error: <message>` on stderr,
//!   exit 1 (`ArgumentParser.handleError`); `-h` prints the help on stdout, exit 0.
//!
//! The tool's own errors are `TerseException`s: the bare message on stderr, exit 1. Any other
//! exception prints its message, then its stack trace (the exception line and one frame here,
//! `super::stack_trace`, then the empty line `System.err.println(Utils.stackTrace(e))` leaves).
//!
//! The sandbox's quorum: brokers 1..=min(3, n) are the voters (combined mode), the active
//! controller leads, and `quorum_model` derives the metadata log's offsets (see there).

use super::{help, stack_trace, Out};
use crate::cluster::Cluster;
use crate::ids::{BrokerId, Uuid};

const TOOL: &str = "kafka-metadata-quorum.sh";
const PROG: &str = "kafka-metadata-quorum";

/// `KafkaRaftClient`'s `metadata.max.idle.interval.ms` (default 500): the active controller
/// appends a `NoOpRecord` this often, so the metadata log grows while nothing else happens.
pub const NO_OP_INTERVAL_MS: u64 = 500;

enum Failure {
    /// argparse4j: usage (main or `describe`), then `kafka-metadata-quorum: error: <msg>`.
    Parse { describe_usage: bool, message: String },
    /// `TerseException`: the message alone.
    Terse(String),
    /// Any other exception: message, then the trace.
    Thrown { message: String, class: &'static str, frame: &'static str },
}

/// The main help and the `describe` help, from the captured argparse4j output.
fn helps() -> (&'static str, &'static str) {
    let full = help::full(TOOL).unwrap_or("");
    let marker = "(argparse4j help";
    let main = full.split(marker).next().unwrap_or("");
    let describe = full.split_once("---- describe -h (COLUMNS=80)\n").map_or("", |(_, rest)| rest.split(marker).next().unwrap_or(""));
    (main, describe)
}

/// The usage lines of a help text (up to the first empty line).
fn usage_of(help: &str) -> String {
    let mut s = String::new();
    for line in help.lines() {
        if line.is_empty() {
            break;
        }
        s.push_str(line);
        s.push('\n');
    }
    s
}

/// `kafka-metadata-quorum.sh ARGS`.
pub fn run(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    match run_inner(cluster, args, out) {
        Ok(code) => code,
        Err(Failure::Parse { describe_usage, message }) => {
            let (main, describe) = helps();
            out.eprint(&usage_of(if describe_usage { describe } else { main }));
            out.eprintln(&format!("{PROG}: error: {message}"));
            1
        }
        Err(Failure::Terse(message)) => {
            out.eprintln(&message);
            1
        }
        Err(Failure::Thrown { message, class, frame }) => {
            out.eprintln(&message);
            stack_trace(out, class, &message, frame);
            out.eprintln("");
            1
        }
    }
}

/// What the command line gave.
#[derive(Debug, Default)]
struct Parsed {
    bootstrap_server: Option<String>,
    bootstrap_controller: Option<String>,
    command_config: Option<String>,
    command: Option<&'static str>,
    status: bool,
    replication: bool,
    human_readable: bool,
    dry_run: bool,
    controller_id: Option<String>,
    controller_directory_id: Option<String>,
    help: Option<bool>,
}

/// One argparse4j option: its names and whether it stores a value.
struct Opt {
    names: &'static [&'static str],
    value: bool,
}

const MAIN_OPTS: &[Opt] = &[
    Opt { names: &["-h", "--help"], value: false },
    Opt { names: &["--bootstrap-server"], value: true },
    Opt { names: &["--bootstrap-controller"], value: true },
    Opt { names: &["--command-config"], value: true },
];
const DESCRIBE_OPTS: &[Opt] = &[
    Opt { names: &["-h", "--help"], value: false },
    Opt { names: &["--status"], value: false },
    Opt { names: &["--replication"], value: false },
    Opt { names: &["--human-readable"], value: false },
];
const ADD_OPTS: &[Opt] = &[Opt { names: &["-h", "--help"], value: false }, Opt { names: &["--dry-run"], value: false }];
const REMOVE_OPTS: &[Opt] = &[
    Opt { names: &["-h", "--help"], value: false },
    Opt { names: &["--controller-id", "-i"], value: true },
    Opt { names: &["--controller-directory-id", "-d"], value: true },
    Opt { names: &["--dry-run"], value: false },
];
const COMMANDS: [&str; 3] = ["describe", "add-controller", "remove-controller"];

/// Whether argparse4j takes a word as an option flag (a negative number is not one).
fn is_flag(word: &str) -> bool {
    word.len() > 1 && word.starts_with('-') && word[1..].parse::<f64>().is_err()
}

/// The option a flag names: exactly, or by an unambiguous prefix of a long name.
fn resolve(opts: &'static [Opt], flag: &str) -> Result<Option<(&'static Opt, &'static str)>, String> {
    for o in opts {
        if let Some(n) = o.names.iter().find(|n| **n == flag) {
            return Ok(Some((o, n)));
        }
    }
    if !flag.starts_with("--") {
        return Ok(None);
    }
    let mut matches: Vec<(&'static Opt, &'static str)> =
        opts.iter().flat_map(|o| o.names.iter().filter(|n| n.starts_with("--") && n.starts_with(flag)).map(move |n| (o, *n))).collect();
    matches.sort_by_key(|(_, n)| *n);
    match matches.len() {
        0 => Ok(None),
        1 => Ok(Some(matches[0])),
        _ => Err(format!("ambiguous option: {flag} could match {}", matches.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", "))),
    }
}

fn parse(args: &[String]) -> Result<Parsed, Failure> {
    let main_err = |message: String| Failure::Parse { describe_usage: false, message };
    let mut p = Parsed::default();
    let mut i = 0;
    let mut group_first: Option<&'static str> = None;
    while i < args.len() {
        let word = &args[i];
        i += 1;
        if is_flag(word) {
            let (flag, inline) = match word.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                _ => (word.as_str(), None),
            };
            let Some((opt, name)) = resolve(MAIN_OPTS, flag).map_err(main_err)? else {
                return Err(main_err(format!("unrecognized arguments: '{word}'")));
            };
            let primary = opt.names.iter().find(|n| n.starts_with("--")).copied().unwrap_or(name);
            if !opt.value {
                p.help = Some(false);
                return Ok(p);
            }
            let value = match inline {
                Some(v) => v,
                None => match args.get(i) {
                    Some(next) if !is_flag(next) => {
                        i += 1;
                        next.clone()
                    }
                    _ => return Err(main_err(format!("argument {primary}: expected one argument"))),
                },
            };
            match primary {
                "--bootstrap-server" | "--bootstrap-controller" => {
                    if let Some(first) = group_first.filter(|f| *f != primary) {
                        return Err(main_err(format!("argument {primary}: not allowed with argument {first}")));
                    }
                    group_first = Some(primary);
                    if primary == "--bootstrap-server" {
                        p.bootstrap_server = Some(value);
                    } else {
                        p.bootstrap_controller = Some(value);
                    }
                }
                _ => p.command_config = Some(value),
            }
            continue;
        }
        // The subcommand: a name or an unambiguous prefix of one.
        let exact = COMMANDS.iter().find(|c| **c == word.as_str());
        let prefixed: Vec<&&str> = COMMANDS.iter().filter(|c| c.starts_with(word.as_str())).collect();
        let command = match (exact, prefixed.as_slice()) {
            (Some(c), _) => *c,
            (None, [one]) => **one,
            _ => return Err(main_err(format!("invalid choice: '{word}' (choose from 'describe', 'add-controller', 'remove-controller')"))),
        };
        p.command = Some(command);
        parse_sub(&mut p, command, &args[i..])?;
        if p.help.is_some() {
            return Ok(p);
        }
        break;
    }
    if p.command.is_none() {
        return Err(main_err("too few arguments".into()));
    }
    if group_first.is_none() {
        return Err(main_err("one of the arguments --bootstrap-server --bootstrap-controller is required".into()));
    }
    Ok(p)
}

fn parse_sub(p: &mut Parsed, command: &'static str, words: &[String]) -> Result<(), Failure> {
    let describe = command == "describe";
    let err = |message: String| Failure::Parse { describe_usage: describe, message };
    let opts = match command {
        "describe" => DESCRIBE_OPTS,
        "add-controller" => ADD_OPTS,
        _ => REMOVE_OPTS,
    };
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if !is_flag(word) {
            return Err(err(format!("unrecognized arguments: '{word}'")));
        }
        let (flag, inline) = match word.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (word.as_str(), None),
        };
        let Some((opt, name)) = resolve(opts, flag).map_err(err)? else {
            return Err(err(format!("unrecognized arguments: '{word}'")));
        };
        let primary = opt.names.iter().find(|n| n.starts_with("--")).copied().unwrap_or(name);
        if !opt.value {
            if let Some(v) = inline {
                return Err(err(format!("argument {primary}: ignored explicit argument '{v}'")));
            }
            match primary {
                "--help" => {
                    p.help = Some(describe);
                    return Ok(());
                }
                "--status" => p.status = true,
                "--replication" => p.replication = true,
                "--human-readable" => p.human_readable = true,
                _ => p.dry_run = true,
            }
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => match words.get(i) {
                Some(next) if !is_flag(next) => {
                    i += 1;
                    next.clone()
                }
                _ => return Err(err(format!("argument {}: expected one argument", opt.names.join("/")))),
            },
        };
        if primary == "--controller-id" {
            p.controller_id = Some(value);
        } else {
            p.controller_directory_id = Some(value);
        }
    }
    if command == "remove-controller" {
        if p.controller_id.is_none() {
            return Err(err("argument --controller-id/-i is required".into()));
        }
        if p.controller_directory_id.is_none() {
            return Err(err("argument --controller-directory-id/-d is required".into()));
        }
    }
    Ok(())
}

fn run_inner(cluster: &mut Cluster, args: &[String], out: &mut Out) -> Result<i32, Failure> {
    let p = parse(args)?;
    if let Some(describe) = p.help {
        let (main, describe_help) = helps();
        out.print(if describe { describe_help } else { main });
        return Ok(0);
    }
    if let Some(path) = &p.command_config {
        // The sandbox has no files.
        return Err(Failure::Terse(format!("Properties file {path} does not exists!")));
    }
    let bootstrap = p.bootstrap_server.as_deref().or(p.bootstrap_controller.as_deref()).unwrap_or("");
    if super::bootstrap_error(bootstrap).is_some() {
        return Err(Failure::Thrown {
            message: "Failed to create new KafkaAdminClient".into(),
            class: "org.apache.kafka.common.KafkaException",
            frame: "org.apache.kafka.clients.admin.KafkaAdminClient.createInternal(KafkaAdminClient.java:551)",
        });
    }
    match p.command {
        Some("describe") => {
            if p.status && p.replication {
                return Err(Failure::Terse("Only one of --status or --replication should be specified with describe sub-command".into()));
            }
            if p.replication {
                describe_replication(cluster, p.human_readable, out)?;
            } else if p.status {
                if p.human_readable {
                    return Err(Failure::Terse("The option --human-readable is only supported along with --replication".into()));
                }
                describe_status(cluster, out)?;
            } else {
                return Err(Failure::Terse("One of --status or --replication must be specified with describe sub-command".into()));
            }
            Ok(0)
        }
        Some("add-controller") => {
            Err(Failure::Terse("You must supply the configuration file of the controller you are adding when using add-controller.".into()))
        }
        _ => {
            // Validated as the tool does, then refused: the sandbox's voters are fixed.
            let id = p.controller_id.as_deref().unwrap_or("");
            let Ok(id) = id.parse::<i32>() else {
                return Err(Failure::Parse {
                    describe_usage: false,
                    message: format!("argument --controller-id/-i: could not convert '{id}' to Integer"),
                });
            };
            if id < 0 {
                return Err(Failure::Terse(format!("Invalid negative --controller-id: {id}")));
            }
            out.eprintln("[sandbox: the KRaft voters are fixed here (brokers 1 to 3); removing one is not modelled]");
            Ok(1)
        }
    }
}

/// One replica of the metadata log as `DescribeQuorumResponse` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaState {
    pub id: u32,
    pub directory_id: Uuid,
    pub log_end_offset: i64,
    pub last_fetch_ms: Option<u64>,
    pub last_caught_up_ms: Option<u64>,
}

/// `QuorumInfo`, as the sandbox derives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuorumInfo {
    pub leader: u32,
    pub leader_epoch: u32,
    pub high_watermark: i64,
    pub voters: Vec<ReplicaState>,
    pub observers: Vec<ReplicaState>,
}

/// A node's metadata log directory id (`meta.properties`' `directory.id`), from the seed.
pub fn directory_id(cluster: &Cluster, broker: BrokerId) -> Uuid {
    Uuid::derived(&[cluster.config().seed, 0xd1, u64::from(broker.0)])
}

/// The voter's controller listener (`super::controller_port`).
pub fn controller_endpoint(broker: BrokerId) -> String {
    format!("CONTROLLER://localhost:{}", super::controller_port(broker))
}

/// How many records the metadata log holds (its end offset) at the sandbox's `now`, by a
/// model: the engine keeps no metadata log, so this counts what the active controller would
/// have written for the state the cluster is in, one record each:
/// * the bootstrap `FeatureLevelRecord` (metadata.version);
/// * a `LeaderChangeMessage` for every controller epoch;
/// * a `RegisterBrokerRecord` for every broker, and a `BrokerRegistrationChangeRecord` for each
///   broker fenced now;
/// * for every topic a `TopicRecord` and a `ConfigRecord` per overridden config;
/// * for every partition a `PartitionRecord`, then one `PartitionChangeRecord` per change (its
///   partition epoch counts them);
/// * a `NoOpRecord` every `metadata.max.idle.interval.ms` (500 ms) since the start.
///
/// It grows as Kafka's does (time alone moves it); what it cannot see is history the state
/// has forgotten (a deleted topic's records, a broker fenced and unfenced again).
pub fn metadata_log_end(cluster: &Cluster) -> i64 {
    let mut n: i64 = 1 + i64::from(cluster.controller_epoch());
    for b in cluster.brokers() {
        n += 1 + i64::from(b.fenced);
    }
    for t in cluster.topics() {
        n += 1 + crate::topic_config::describe_configs(&t.config).len() as i64;
        n += t.partitions.iter().map(|p| 1 + i64::from(p.partition_epoch.max(0))).sum::<i64>();
    }
    n + (cluster.now().0 / NO_OP_INTERVAL_MS) as i64
}

/// The quorum as the leader describes it (`LeaderState.describeQuorum`), None without an
/// active controller. Everything the leader appends is committed at once here (the sandbox's
/// controller writes only with a majority), so the high watermark is the log end. A replica
/// (voter or observer: every broker fetches the metadata log) that runs and reaches the leader
/// has fetched it all just now; one that does not stopped at its last contact with the
/// controller (the broker's last heartbeat), missing the no-op records written since (the
/// other records since then are not told apart: a lower bound of its lag). The leader reports
/// itself as fetched and caught up now.
pub fn quorum_info(cluster: &Cluster) -> Option<QuorumInfo> {
    let leader = cluster.controller()?;
    let now = cluster.now().0;
    let end = metadata_log_end(cluster);
    let state = |b: &crate::broker::Broker| {
        if b.id == leader || cluster.reachable(b.id, leader) {
            ReplicaState {
                id: b.id.0,
                directory_id: directory_id(cluster, b.id),
                log_end_offset: end,
                last_fetch_ms: Some(now),
                last_caught_up_ms: Some(now),
            }
        } else {
            let last = b.last_heartbeat_ms.0.min(now);
            let missed = (now / NO_OP_INTERVAL_MS - last / NO_OP_INTERVAL_MS) as i64;
            ReplicaState {
                id: b.id.0,
                directory_id: directory_id(cluster, b.id),
                log_end_offset: (end - missed).max(0),
                last_fetch_ms: Some(last),
                last_caught_up_ms: Some(last),
            }
        }
    };
    Some(QuorumInfo {
        leader: leader.0,
        leader_epoch: cluster.controller_epoch(),
        high_watermark: end,
        voters: cluster.brokers().filter(|b| b.voter).map(state).collect(),
        observers: cluster.brokers().filter(|b| !b.voter).map(state).collect(),
    })
}

/// `Admin.describeMetadataQuorum()` without a leader: the call times out.
fn no_leader() -> Failure {
    Failure::Thrown {
        message: "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeMetadataQuorum"
            .into(),
        class: "java.util.concurrent.ExecutionException",
        frame: "org.apache.kafka.common.internals.KafkaFutureImpl.wrapAndThrow(KafkaFutureImpl.java:45)",
    }
}

/// `handleDescribeStatus`.
fn describe_status(cluster: &Cluster, out: &mut Out) -> Result<(), Failure> {
    let q = quorum_info(cluster).ok_or_else(no_leader)?;
    let Some(leader) = q.voters.iter().find(|v| v.id == q.leader) else { return Err(no_leader()) };
    // `Stream.min` keeps the first of equal ones, as `min_by_key` does.
    let laggiest = q.voters.iter().min_by_key(|v| v.log_end_offset).unwrap_or(leader);
    let max_lag = leader.log_end_offset - laggiest.log_end_offset;
    let max_lag_ms: i64 = if laggiest.id == leader.id {
        0
    } else {
        match (leader.last_caught_up_ms, laggiest.last_caught_up_ms) {
            (Some(a), Some(b)) => a as i64 - b as i64,
            _ => -1,
        }
    };
    let node = |r: &ReplicaState, voter: bool| {
        let dir = if r.directory_id == Uuid::default() { "null".to_string() } else { format!("\"{}\"", r.directory_id) };
        if voter {
            format!("{{\"id\": {}, \"directoryId\": {dir}, \"endpoints\": [\"{}\"]}}", r.id, controller_endpoint(BrokerId(r.id)))
        } else {
            format!("{{\"id\": {}, \"directoryId\": {dir}}}", r.id)
        }
    };
    let voters: Vec<String> = q.voters.iter().map(|v| node(v, true)).collect();
    let observers: Vec<String> = q.observers.iter().map(|o| node(o, false)).collect();
    out.println(&format!(
        "ClusterId:              {}\nLeaderId:               {}\nLeaderEpoch:            {}\nHighWatermark:          {}\nMaxFollowerLag:         {max_lag}\nMaxFollowerLagTimeMs:   {max_lag_ms}\nCurrentVoters:          [{}]\nCurrentObservers:       [{}]",
        cluster.cluster_id(),
        q.leader,
        q.leader_epoch,
        q.high_watermark,
        voters.join(", "),
        observers.join(", ")
    ));
    Ok(())
}

/// `handleDescribeReplication`: the leader, the other voters, the observers, as
/// `ToolsUtils.prettyPrintTable` prints them (each cell padded to its column and followed by
/// a tab).
fn describe_replication(cluster: &Cluster, human_readable: bool, out: &mut Out) -> Result<(), Failure> {
    let q = quorum_info(cluster).ok_or_else(no_leader)?;
    let Some(leader) = q.voters.iter().find(|v| v.id == q.leader) else { return Err(no_leader()) };
    let now = cluster.now().0;
    let time = |t: Option<u64>, desc: &str| -> Result<String, Failure> {
        let Some(t) = t else { return Ok("-1".into()) };
        if !human_readable {
            return Ok(t.to_string());
        }
        // `relativeTimeMs`: the timestamp must be after the epoch and not in the future.
        if t == 0 || t > now {
            let message = format!(
                "Error while computing relative time, possible drift in system clock.\nCurrent timestamp is {now}, {desc} timestamp is {t}"
            );
            return Err(Failure::Thrown {
                message,
                class: "org.apache.kafka.common.KafkaException",
                frame: "org.apache.kafka.tools.MetadataQuorumCommand.relativeTimeMs(MetadataQuorumCommand.java:232)",
            });
        }
        Ok(format!("{} ms ago", now - t))
    };
    let mut rows: Vec<[String; 7]> = Vec::new();
    let ordered = std::iter::once((leader, "Leader"))
        .chain(q.voters.iter().filter(|v| v.id != q.leader).map(|v| (v, "Follower")))
        .chain(q.observers.iter().map(|o| (o, "Observer")));
    for (r, status) in ordered {
        rows.push([
            r.id.to_string(),
            r.directory_id.to_string(),
            r.log_end_offset.to_string(),
            (leader.log_end_offset - r.log_end_offset).to_string(),
            time(r.last_fetch_ms, "last fetch")?,
            time(r.last_caught_up_ms, "last caught up")?,
            status.to_string(),
        ]);
    }
    let headers = ["NodeId", "DirectoryId", "LogEndOffset", "Lag", "LastFetchTimestamp", "LastCaughtUpTimestamp", "Status"];
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String { cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}\t")).collect() };
    out.println(&line(headers.to_vec()));
    for row in &rows {
        out.println(&line(row.iter().map(String::as_str).collect()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_resolve_unless_ambiguous() {
        assert_eq!(resolve(MAIN_OPTS, "--bootstrap-s").ok().flatten().map(|(_, n)| n), Some("--bootstrap-server"));
        assert_eq!(
            resolve(MAIN_OPTS, "--bootstrap").err().as_deref(),
            Some("ambiguous option: --bootstrap could match --bootstrap-controller, --bootstrap-server")
        );
        assert_eq!(resolve(DESCRIBE_OPTS, "--h").err().as_deref(), Some("ambiguous option: --h could match --help, --human-readable"));
        assert!(resolve(DESCRIBE_OPTS, "--foo").ok().flatten().is_none());
    }
}
