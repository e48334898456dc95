//! Issue 25: kafka-leader-election.sh, kafka-configs.sh (topics), kafka-get-offsets.sh and
//! kafka-metadata-quorum.sh, run as terminal lines (`Command::RunTool`). The expected texts are
//! the tools' own formats and messages (research notes §0, §5-§8).

mod common;

use common::{drain, orders};
use engine::tools::ToolStream;
use engine::EventKind;
use engine::{BrokerId, Cluster, ClusterConfig, Command};

/// Runs a line: (stdout, stderr, exit code).
fn sh(c: &mut Cluster, line: &str) -> (String, String, i32) {
    drain(c);
    c.apply(Command::RunTool { line: line.into() }).expect("a tool line is accepted");
    let (mut out, mut err, mut code) = (String::new(), String::new(), -1);
    while let Some(e) = c.poll_event() {
        match e.kind {
            EventKind::ToolOutput { stream: ToolStream::Stdout, text } => out.push_str(&text),
            EventKind::ToolOutput { stream: ToolStream::Stderr, text } => err.push_str(&text),
            EventKind::ToolExited { code: c } => code = c,
            _ => {}
        }
    }
    (out, err, code)
}

fn cluster(brokers: u32) -> Cluster {
    let mut c = Cluster::new(ClusterConfig { brokers, ..ClusterConfig::default() }).expect("cluster");
    drain(&mut c);
    c
}

fn steps(c: &mut Cluster, n: u32) {
    c.apply(Command::Advance { steps: n }).expect("advance");
    drain(c);
}

const BS: &str = "--bootstrap-server localhost:9092";

/// Broker 1 shuts down and comes back: the partitions it preferred are led elsewhere.
fn imbalanced() -> Cluster {
    let mut c = cluster(3);
    orders(&mut c);
    c.apply(Command::ShutdownBroker { broker: BrokerId(1) }).expect("shutdown");
    steps(&mut c, 5);
    c.apply(Command::StartBroker { broker: BrokerId(1) }).expect("start");
    // Back in the ISR (fetching) well before the 300 s rebalance check.
    steps(&mut c, 50);
    c
}

fn preferred_led(c: &Cluster) -> Vec<String> {
    let mut v: Vec<String> = c
        .partitions()
        .filter(|p| p.tp.topic.as_ref() == "orders" && p.leader.is_some() && p.leader == p.replicas.first().copied())
        .map(|p| format!("{}-{}", p.tp.topic, p.tp.partition))
        .collect();
    v.sort();
    v
}

// ------------------------------------------------------------------ kafka-leader-election.sh

#[test]
fn preferred_election_moves_leaders_back() {
    let mut c = imbalanced();
    let moved: Vec<String> = {
        let mut v: Vec<String> = c
            .partitions()
            .filter(|p| p.tp.topic.as_ref() == "orders" && p.leader != p.replicas.first().copied())
            .map(|p| format!("{}-{}", p.tp.topic, p.tp.partition))
            .collect();
        v.sort();
        v
    };
    assert!(!moved.is_empty(), "broker 1's shutdown moved some leaders");
    let (out, err, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type PREFERRED --all-topic-partitions"));
    assert_eq!((err.as_str(), code), ("", 0));
    // One line, the moved partitions in HashSet order ("orders" over 0..3 iterates 0, 1, 2).
    assert_eq!(out, format!("Successfully completed leader election (PREFERRED) for partitions {}\n", moved.join(", ")));
    assert_eq!(preferred_led(&c), ["orders-0", "orders-1", "orders-2"]);
    // Balanced now: --all-topic-partitions leaves out what needs no election, so nothing prints.
    let (out, err, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type preferred --all-topic-partitions"));
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
    // Named, it is reported.
    let (out, _, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type Preferred --topic orders --partition 2"));
    assert_eq!((out.as_str(), code), ("Valid replica already elected for partitions orders-2\n", 0));
}

#[test]
fn leader_election_errors_are_the_controllers() {
    let mut c = cluster(3);
    orders(&mut c);
    let (out, err, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type preferred --topic nope --partition 0"));
    assert_eq!(
        out,
        "Error completing leader election (PREFERRED) for partition: nope-0: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: No such topic as nope\n"
    );
    assert_eq!(
        err,
        "1 replica(s) could not be elected\norg.apache.kafka.server.common.AdminCommandFailedException: 1 replica(s) could not be elected\n\tat org.apache.kafka.tools.LeaderElectionCommand.electLeaders(LeaderElectionCommand.java:191)\n\n"
    );
    assert_eq!(code, 1);
    let (out, _, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type preferred --topic orders --partition 9"));
    assert_eq!(
        out,
        "Error completing leader election (PREFERRED) for partition: orders-9: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: No such partition as orders-9\n"
    );
    assert_eq!(code, 1);
    // Unclean on a partition that has a leader: nothing to do.
    let (out, _, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type unclean --topic orders --partition 0"));
    assert_eq!((out.as_str(), code), ("Valid replica already elected for partitions orders-0\n", 0));
}

#[test]
fn preferred_leader_not_available_while_it_is_down() {
    let mut c = cluster(3);
    orders(&mut c);
    let p0 = c.partition(&engine::TopicPartition::new("orders", 0)).expect("p0").replicas[0];
    c.apply(Command::ShutdownBroker { broker: p0 }).expect("shutdown");
    steps(&mut c, 5);
    let (out, err, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type preferred --topic orders --partition 0"));
    assert_eq!(
        out,
        "Error completing leader election (PREFERRED) for partition: orders-0: org.apache.kafka.common.errors.PreferredLeaderNotAvailableException: The preferred leader was not available.\n"
    );
    assert!(err.starts_with("1 replica(s) could not be elected\n"), "{err}");
    assert_eq!(code, 1);
}

#[test]
fn unclean_election_elects_an_out_of_sync_replica() {
    // RF 2 on 2 brokers: broker B falls out of the ISR while stopped, then A crashes (the ISR
    // keeps only A), B comes back: the partition stays offline until an unclean election.
    // Five brokers, and replicas of which at most one is a voter (1-3), so the quorum lives.
    let mut c = cluster(5);
    let mut name = String::new();
    for i in 0..20 {
        let n = format!("t{i}");
        c.apply(Command::CreateTopic { name: n.clone(), partitions: 1, replication_factor: 2, config: Default::default() })
            .expect("create");
        let r = c.partition(&engine::TopicPartition::new(n.as_str(), 0)).expect("p").replicas.clone();
        if r.iter().filter(|b| b.0 <= 3).count() <= 1 {
            name = n;
            break;
        }
    }
    drain(&mut c);
    let tp = engine::TopicPartition::new(name.as_str(), 0);
    let replicas = c.partition(&tp).expect("p").replicas.clone();
    let (a, b) = (replicas[0], replicas[1]);
    c.apply(Command::StopBroker { broker: b }).expect("stop b");
    steps(&mut c, 150); // fenced after 9 s: out of the ISR
    c.apply(Command::StopBroker { broker: a }).expect("stop a");
    steps(&mut c, 150);
    c.apply(Command::StartBroker { broker: b }).expect("start b");
    steps(&mut c, 20);
    let p = c.partition(&tp.clone()).expect("p");
    assert_eq!(p.leader, None, "offline: a={a} b={b} isr={:?} replicas={:?}", p.isr, p.replicas);
    let (out, err, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type unclean --topic {name} --partition 0"));
    assert_eq!((out, err.as_str(), code), (format!("Successfully completed leader election (UNCLEAN) for partitions {name}-0\n"), "", 0));
    let p = c.partition(&tp.clone()).expect("p");
    assert_eq!((p.leader, p.isr.clone()), (Some(b), vec![b]));
    // The topic's own setting is untouched.
    assert!(!c.topic(&name).expect("t").config.unclean_leader_election_enable);
}

#[test]
fn leader_election_validates_as_the_tool_does() {
    let mut c = cluster(3);
    orders(&mut c);
    let cases = [
        ("--election-type preferred --topic orders", "Missing required option(s): bootstrap-server", 347),
        ("--topic orders --partition 0", "Missing required option(s): bootstrap-server, election-type", 347),
        (
            "--bootstrap-server localhost:9092 --election-type preferred",
            "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file",
            362,
        ),
        ("--bootstrap-server localhost:9092 --election-type preferred --topic orders", "Missing required option(s): partition", 369),
        (
            "--bootstrap-server localhost:9092 --election-type preferred --all-topic-partitions --partition 1",
            "Option partition is only allowed if topic is used",
            374,
        ),
    ];
    for (args, message, line) in cases {
        let (out, err, code) = sh(&mut c, &format!("kafka-leader-election.sh {args}"));
        assert_eq!(out, "");
        assert_eq!(
            err,
            format!("{message}\norg.apache.kafka.server.common.AdminCommandFailedException: {message}\n\tat org.apache.kafka.tools.LeaderElectionCommand$LeaderElectionCommandOptions.validate(LeaderElectionCommand.java:{line})\n\n")
        );
        assert_eq!(code, 1);
    }
    let (_, err, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type foo --topic orders --partition 0"));
    assert!(
        err.starts_with("Cannot parse argument 'foo' of option election-type\njoptsimple.OptionArgumentConversionException: "),
        "{err}"
    );
    assert_eq!(code, 1);
    let (_, err, _) = sh(&mut c, "kafka-leader-election.sh --bogus");
    assert!(err.starts_with("bogus is not a recognized option\njoptsimple.UnrecognizedOptionException: bogus is not a recognized option\n"));
    let (_, err, code) = sh(&mut c, &format!("kafka-leader-election.sh {BS} --election-type preferred --path-to-json-file /tmp/e.json"));
    assert_eq!(
        err,
        "java.io.IOException: Unable to read file /tmp/e.json\njava.lang.RuntimeException: java.io.IOException: Unable to read file /tmp/e.json\n\tat org.apache.kafka.tools.LeaderElectionCommand.parseReplicaElectionData(LeaderElectionCommand.java:207)\n\n"
    );
    assert_eq!(code, 1);
    let (out, err, code) = sh(&mut c, "kafka-leader-election.sh");
    assert_eq!(out, "");
    assert!(err.starts_with("This tool attempts to elect a new leader for a set of topic partitions. The type of elections supported are preferred replicas and unclean replicas.\nOption "));
    assert_eq!(code, 1);
    assert_eq!(sh(&mut c, "kafka-leader-election.sh --version"), ("4.0.0\n".into(), String::new(), 0));
}

// ------------------------------------------------------------------ kafka-configs.sh

#[test]
fn configs_describe_and_alter_a_topic() {
    let mut c = cluster(3);
    orders(&mut c);
    let (out, err, code) = sh(&mut c, &format!("kafka-configs.sh {BS} --describe --topic orders"));
    assert_eq!(
        out,
        "Dynamic configs for topic orders are:\n  min.insync.replicas=2 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.insync.replicas=2, DEFAULT_CONFIG:min.insync.replicas=1}\n"
    );
    assert_eq!((err.as_str(), code), ("", 0));
    let (out, _, code) =
        sh(&mut c, &format!("kafka-configs.sh {BS} --alter --entity-type topics --entity-name orders --add-config 'retention.ms=1000,cleanup.policy=[compact,delete]'"));
    assert_eq!((out.as_str(), code), ("Completed updating config for topic orders.\n", 0));
    let (out, _, _) = sh(&mut c, &format!("kafka-configs.sh {BS} --describe --entity-type topics --entity-name orders"));
    assert_eq!(
        out,
        "Dynamic configs for topic orders are:\n\
         \x20 cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}\n\
         \x20 min.insync.replicas=2 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.insync.replicas=2, DEFAULT_CONFIG:min.insync.replicas=1}\n\
         \x20 retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000}\n"
    );
    let (out, _, code) = sh(&mut c, &format!("kafka-configs.sh {BS} --alter --topic orders --delete-config retention.ms,cleanup.policy"));
    assert_eq!((out.as_str(), code), ("Completed updating config for topic orders.\n", 0));
    assert_eq!(c.topic("orders").expect("orders").config.retention_ms, 604_800_000);
    let (out, _, _) = sh(&mut c, &format!("kafka-configs.sh {BS} --describe --topic orders --all"));
    assert!(out.starts_with(
        "All configs for topic orders are:\n  cleanup.policy=delete sensitive=false synonyms={DEFAULT_CONFIG:log.cleanup.policy=delete}\n"
    ));
    assert!(out.contains("\n  segment.bytes=65536 sensitive=false synonyms={STATIC_BROKER_CONFIG:log.segment.bytes=65536, DEFAULT_CONFIG:log.segment.bytes=1073741824}\n"));
    assert!(out.contains("\n  segment.ms=604800000 sensitive=false synonyms={}\n"));
    assert_eq!(out.lines().count(), 12);
}

#[test]
fn configs_errors() {
    let mut c = cluster(3);
    orders(&mut c);
    let bare = [
        ("--describe --topic orders", "Either --bootstrap-server or --bootstrap-controller must be specified."),
        (
            "--bootstrap-server localhost:9092 --describe --entity-type foo",
            "Invalid entity type foo, the entity type must be one of topics, clients, users, brokers, ips, broker-loggers, client-metrics, groups with a --bootstrap-server or --bootstrap-controller argument",
        ),
        ("--bootstrap-server localhost:9092 --describe", "At least one entity type must be specified"),
        ("--bootstrap-server localhost:9092 --alter --entity-type topics --add-config a=1", "An entity name must be specified with --alter of topics"),
        (
            "--bootstrap-server localhost:9092 --alter --topic orders",
            "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter",
        ),
        ("--bootstrap-server localhost:9092 --describe --entity-type topics --entity-default", "--entity-default must not be specified with --describe of topics"),
        (
            "--bootstrap-server localhost:9092 --alter --topic orders --add-config retention.ms",
            "requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\".",
        ),
        ("--bootstrap-server localhost:9092 --alter --topic orders --delete-config retention.ms", "Invalid config(s): retention.ms"),
        ("--bootstrap-server localhost:9092 --describe --zookeeper x", "zookeeper is not a recognized option"),
    ];
    for (args, message) in bare {
        let (out, err, code) = sh(&mut c, &format!("kafka-configs.sh {args}"));
        assert_eq!((out.as_str(), err, code), ("", format!("{message}\n"), 1), "{args}");
    }
    let (_, err, code) = sh(&mut c, &format!("kafka-configs.sh {BS} --describe --topic orders --alter"));
    // (The option table follows once kafka-configs.help.txt exists.)
    assert!(err.starts_with("Command must include exactly one action: --describe, --alter\n"), "{err}");
    assert_eq!(code, 1);
    let (_, err, _) = sh(&mut c, &format!("kafka-configs.sh {BS} --describe --topic orders --add-config a=1"));
    assert!(err.starts_with("Option \"[describe]\" can't be used with option \"[add-config]\"\n"), "{err}");
    let (out, err, code) = sh(&mut c, &format!("kafka-configs.sh {BS} --describe --topic nope"));
    assert_eq!(out, "Dynamic configs for topic nope are:\n");
    assert_eq!(
        err,
        "Error while executing config command with args '--bootstrap-server localhost:9092 --describe --topic nope'\njava.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.\n\tat org.apache.kafka.common.internals.KafkaFutureImpl.wrapAndThrow(KafkaFutureImpl.java:45)\n"
    );
    assert_eq!(code, 1);
    let (_, err, code) = sh(&mut c, &format!("kafka-configs.sh {BS} --alter --topic orders --add-config retention.ms=abc"));
    assert!(err.ends_with("java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value abc for configuration retention.ms: Not a number of type LONG\n\tat org.apache.kafka.common.internals.KafkaFutureImpl.wrapAndThrow(KafkaFutureImpl.java:45)\n"), "{err}");
    assert_eq!(code, 1);
    let (_, err, code) = sh(&mut c, &format!("kafka-configs.sh {BS} --describe --entity-type brokers --entity-name 1"));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("topic configs only"));
    assert_eq!(code, 1);
}

// ------------------------------------------------------------------ kafka-get-offsets.sh

fn produce(c: &mut Cluster, topic: &str, partition: u32, n: u32) {
    for i in 0..n {
        let mut r = engine::ProduceRequest::keyed(topic, "k", &format!("v{i}"), engine::Acks::All);
        r.partition = Some(partition);
        c.apply(Command::Produce(r)).expect("produce");
        steps(c, 2);
    }
}

#[test]
fn get_offsets_by_spec() {
    let mut c = cluster(3);
    orders(&mut c);
    c.apply(Command::CreateTopic { name: "t".into(), partitions: 12, replication_factor: 1, config: Default::default() }).expect("t");
    produce(&mut c, "orders", 0, 3);
    produce(&mut c, "orders", 2, 1);
    steps(&mut c, 10);
    let (out, err, code) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --topic orders"));
    assert_eq!((out.as_str(), err.as_str(), code), ("orders:0:3\norders:1:0\norders:2:1\n", "", 0));
    let (out, _, _) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --topic orders --time -2"));
    assert_eq!(out, "orders:0:0\norders:1:0\norders:2:0\n");
    // max-timestamp: empty partitions have none; the newest record of orders-0 is offset 2.
    let (out, _, _) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --topic orders --time max-timestamp"));
    assert_eq!(out, "orders:0:2\norders:2:0\n");
    let (out, _, _) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --topic orders --time latest-tiered"));
    assert_eq!(out, "");
    // By timestamp: the first record at or after it; none after the newest.
    let ts1 = c
        .partition(&engine::TopicPartition::new("orders", 0))
        .and_then(|p| p.leader_log())
        .and_then(|l| l.record(engine::Offset(1)))
        .expect("r1")
        .timestamp_ms
        .0;
    let (out, _, _) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --topic-partitions orders:0 --time {ts1}"));
    assert_eq!(out, "orders:0:1\n");
    let (out, _, _) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --topic-partitions orders:0 --time 999999999"));
    assert_eq!(out, "");
    // Sorted as strings: t-10 before t-2.
    let (out, _, _) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --topic t --partitions 2,10,1"));
    assert_eq!(out, "t:1:0\nt:10:0\nt:2:0\n");
    let (out, _, _) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --topic-partitions 't:9-,orders:-1'"));
    assert_eq!(out, "orders:0:3\nt:10:0\nt:11:0\nt:9:0\n");
    let (out, _, _) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --exclude-internal-topics --topic 'ord.*'"));
    assert_eq!(out, "orders:0:3\norders:1:0\norders:2:1\n");
}

#[test]
fn get_offsets_errors() {
    let mut c = cluster(3);
    orders(&mut c);
    let terse = [
        ("--bootstrap-server localhost:9092 --tim latest", "tim is not a recognized option"),
        ("--bootstrap-server localhost:9092 --topic orders --topic-partitions orders:0", "--topic-partitions cannot be used with --topic or --partitions"),
        (
            "--bootstrap-server localhost:9092 --time foo",
            "Malformed time argument foo. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp",
        ),
        ("--bootstrap-server localhost:9092 --partitions x", "--partitions expects a comma separated list of numeric partition ids, but received: x"),
        ("--bootstrap-server localhost:9092 --topic nope", "Could not match any topic-partitions with the specified filters"),
    ];
    for (args, message) in terse {
        let (out, err, code) = sh(&mut c, &format!("kafka-get-offsets.sh {args}"));
        assert_eq!((out.as_str(), err, code), ("", format!("Error occurred: {message}\n"), 1), "{args}");
    }
    let (_, err, code) = sh(&mut c, "kafka-get-offsets.sh --topic orders");
    assert!(err.starts_with("Missing required argument \"[bootstrap-server]\"\nOption "), "{err}");
    assert_eq!(code, 1);
    let (_, err, _) = sh(&mut c, "kafka-get-offsets.sh --bootstrap-server localhost");
    assert!(err.starts_with("Please provide valid host:port like host1:9091,host2:9092\n\nOption "), "{err}");
    let (_, err, _) = sh(&mut c, "kafka-get-offsets.sh");
    assert!(err.starts_with("An interactive shell for getting topic-partition offsets.\nOption "));
    let (_, err, code) = sh(&mut c, &format!("kafka-get-offsets.sh {BS} --topic-partitions 'a:b'"));
    assert!(
        err.starts_with(
            "Error occurred: org.apache.kafka.tools.TerseException: Invalid rule specification: a:b\njava.lang.RuntimeException: "
        ),
        "{err}"
    );
    assert_eq!(code, 1);
}

// ------------------------------------------------------------------ kafka-metadata-quorum.sh

#[test]
fn quorum_status_and_replication() {
    let mut c = cluster(4);
    steps(&mut c, 20); // 2 s
    let (out, err, code) = sh(&mut c, &format!("kafka-metadata-quorum.sh {BS} describe --status"));
    assert_eq!((err.as_str(), code), ("", 0));
    let id = c.cluster_id();
    let hw = engine::tools::metadata_quorum_command::metadata_log_end(&c);
    // bootstrap 1 + epoch 1 + 4 registrations + 2000 ms / 500 no-ops.
    assert_eq!(hw, 1 + 1 + 4 + 4);
    let dirs: Vec<String> = (0..=4).map(|b| engine::tools::metadata_quorum_command::directory_id(&c, BrokerId(b)).to_string()).collect();
    let dir = |b: usize| dirs[b].clone();
    assert_eq!(
        out,
        format!(
            "ClusterId:              {id}\nLeaderId:               1\nLeaderEpoch:            1\nHighWatermark:          {hw}\nMaxFollowerLag:         0\nMaxFollowerLagTimeMs:   0\nCurrentVoters:          [{{\"id\": 1, \"directoryId\": \"{}\", \"endpoints\": [\"CONTROLLER://localhost:9093\"]}}, {{\"id\": 2, \"directoryId\": \"{}\", \"endpoints\": [\"CONTROLLER://localhost:9095\"]}}, {{\"id\": 3, \"directoryId\": \"{}\", \"endpoints\": [\"CONTROLLER://localhost:9097\"]}}]\nCurrentObservers:       [{{\"id\": 4, \"directoryId\": \"{}\"}}]\n",
            dir(1),
            dir(2),
            dir(3),
            dir(4)
        )
    );
    // Broker 3 crashes: it stops fetching; 3 s later it lags by the no-ops written since.
    c.apply(Command::StopBroker { broker: BrokerId(3) }).expect("stop");
    steps(&mut c, 30);
    let (out, _, code) = sh(&mut c, &format!("kafka-metadata-quorum.sh {BS} describe --replication"));
    assert_eq!(code, 0);
    let hw = engine::tools::metadata_quorum_command::metadata_log_end(&c);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t");
    assert_eq!(lines[1], format!("1     \t{}\t{hw:<12}\t0  \t5000              \t5000                 \tLeader  \t", dir(1)));
    assert_eq!(lines[3], format!("3     \t{}\t{:<12}\t6  \t2000              \t2000                 \tFollower\t", dir(3), hw - 6));
    assert!(lines[4].ends_with("\tObserver\t"));
    let (out, _, _) = sh(&mut c, &format!("kafka-metadata-quorum.sh {BS} describe --stat"));
    assert!(out.contains("\nMaxFollowerLag:         6\nMaxFollowerLagTimeMs:   3000\n"), "{out}");
    let (out, _, _) = sh(&mut c, &format!("kafka-metadata-quorum.sh {BS} describ --re --human"));
    assert!(out.contains("\t0 ms ago          \t0 ms ago             \tLeader  \t"), "{out}");
    assert!(out.contains("\t3000 ms ago       \t3000 ms ago          \tFollower\t"), "{out}");
}

#[test]
fn quorum_parse_errors() {
    let mut c = cluster(3);
    let main_usage = "usage: kafka-metadata-quorum [-h] [--command-config COMMAND_CONFIG]\n                             (--bootstrap-server BOOTSTRAP_SERVER |\n                             --bootstrap-controller BOOTSTRAP_CONTROLLER)\n                             {describe,add-controller,remove-controller}\n                             ...\n";
    let describe_usage = "usage: kafka-metadata-quorum (--bootstrap-server BOOTSTRAP_SERVER |\n                             --bootstrap-controller BOOTSTRAP_CONTROLLER)\n                             describe [-h] [--status] [--replication]\n                             [--human-readable]\n";
    for (args, usage, message) in [
        ("", main_usage, "too few arguments"),
        ("--bootstrap-server localhost:9092", main_usage, "too few arguments"),
        ("--foo describe", main_usage, "unrecognized arguments: '--foo'"),
        (
            "--bootstrap localhost:9092 describe",
            main_usage,
            "ambiguous option: --bootstrap could match --bootstrap-controller, --bootstrap-server",
        ),
        (
            "--bootstrap-server a:1 --bootstrap-controller b:2 describe",
            main_usage,
            "argument --bootstrap-controller: not allowed with argument --bootstrap-server",
        ),
        ("describe --status --bootstrap-server x", describe_usage, "unrecognized arguments: '--bootstrap-server'"),
    ] {
        let (out, err, code) = sh(&mut c, &format!("kafka-metadata-quorum.sh {args}"));
        assert_eq!((out.as_str(), err, code), ("", format!("{usage}kafka-metadata-quorum: error: {message}\n"), 1), "{args}");
    }
    for (args, message) in [
        ("describe", "One of --status or --replication must be specified with describe sub-command"),
        ("describe --status --replication", "Only one of --status or --replication should be specified with describe sub-command"),
        ("describe --status --human-readable", "The option --human-readable is only supported along with --replication"),
    ] {
        let (out, err, code) = sh(&mut c, &format!("kafka-metadata-quorum.sh {BS} {args}"));
        assert_eq!((out.as_str(), err, code), ("", format!("{message}\n"), 1), "{args}");
    }
    let (out, err, code) = sh(&mut c, "kafka-metadata-quorum.sh -h");
    assert!(out.starts_with(main_usage) && out.contains("This tool describes kraft metadata quorum status."));
    assert_eq!((err.as_str(), code), ("", 0));
    let (out, _, code) = sh(&mut c, &format!("kafka-metadata-quorum.sh {BS} describe -h"));
    assert!(out.starts_with(describe_usage) && out.contains("Replication:"));
    assert_eq!(code, 0);
}

// ------------------------------------------------------------------ replay

#[test]
fn a_terminal_session_replays() {
    let mut c = imbalanced();
    for line in [
        format!("kafka-leader-election.sh {BS} --election-type preferred --all-topic-partitions"),
        format!("kafka-configs.sh {BS} --alter --topic orders --add-config retention.ms=60000"),
        format!("kafka-get-offsets.sh {BS}"),
        format!("kafka-metadata-quorum.sh {BS} describe --status"),
        "kafka-configs.sh --bogus".to_string(),
    ] {
        sh(&mut c, &line);
        steps(&mut c, 3);
    }
    let commands: Vec<_> = c.command_log().iter().cloned().collect();
    let mut again = Cluster::new(c.config().clone()).expect("cluster");
    for tc in commands {
        while again.now().0 < tc.time_ms {
            again.step();
        }
        let _ = again.apply(tc.command);
    }
    while again.now() < c.now() {
        again.step();
    }
    drain(&mut again);
    drain(&mut c);
    assert_eq!(again.snapshot_hash(), c.snapshot_hash());
    assert_eq!(again.topic("orders").expect("orders").config.retention_ms, 60_000);
}
