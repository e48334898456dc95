//! `kafka-topics.sh` in the terminal (issue 25), against golden outputs written from the
//! research notes (`kafka-tools-formats.md` §0 and §1: `TopicCommand` of Kafka 4.0): every
//! option and every error, byte for byte (tabs, trailing spaces, which stream); then topic
//! deletion and everything that referred to the deleted topic; then replay.

mod common;

use common::{drain, orders, steps};
use engine::invariants::Auditor;
use engine::tools::ToolStream;
use engine::{
    Acks, BrokerId, Cluster, ClusterConfig, Command, CommandErrorKind, ConsumerConfig, EventKind, KafkaError, ProduceRecord,
    ProduceRequest, TopicConfig,
};

/// What one line printed: stdout, stderr, and the exit code.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    out: String,
    err: String,
    code: i32,
}

fn sh(c: &mut Cluster, line: &str) -> Run {
    drain(c);
    c.apply(Command::RunTool { line: line.into() }).expect("the line runs");
    let (mut out, mut err, mut code) = (String::new(), String::new(), None);
    for e in drain(c) {
        match e.kind {
            EventKind::ToolOutput { stream: ToolStream::Stdout, text } => out.push_str(&text),
            EventKind::ToolOutput { stream: ToolStream::Stderr, text } => err.push_str(&text),
            EventKind::ToolExited { code: c } => code = Some(c),
            _ => {}
        }
    }
    Run { out, err, code: code.expect("the tool exited") }
}

fn cluster(brokers: u32) -> Cluster {
    Cluster::new(ClusterConfig { brokers, ..ClusterConfig::default() }).expect("cluster")
}

/// The option table `printUsageAndExit` prints after its message (notes §0.3: joptsimple's
/// `BuiltinHelpFormatter`, captured in `kafka-tools-help/kafka-topics.help.txt`).
fn table() -> &'static str {
    engine::tools::help::table("kafka-topics.sh")
}

fn usage(message: &str) -> Run {
    Run { out: String::new(), err: format!("{message}\n{}", table()), code: 1 }
}

/// `printException`: stdout line, and the log4j ERROR of an `ApiException` (no stack frames:
/// the trace is its one line, then the logger's name on the next line).
fn api_error(class: &str, message: &str) -> Run {
    Run {
        out: format!("Error while executing topic command : {message}\n"),
        err: format!(
            "[1970-01-01 00:00:00,000] ERROR org.apache.kafka.common.errors.{class}: {message}\n (org.apache.kafka.tools.TopicCommand)\n"
        ),
        code: 1,
    }
}

/// `printException` of an exception with a stack: the stdout line, and the log line whose
/// trace (shortened to one frame) starts with `exception: message`.
fn assert_client_error(run: &Run, exception: &str, message: &str) {
    assert_eq!(run.out, format!("Error while executing topic command : {message}\n"));
    let head = format!("[1970-01-01 00:00:00,000] ERROR {exception}: {message}\n\tat ");
    assert!(run.err.starts_with(&head), "{:?}", run.err);
    assert!(run.err.ends_with("\n (org.apache.kafka.tools.TopicCommand)\n"), "{:?}", run.err);
    assert_eq!(run.code, 1);
}

const BS: &str = "--bootstrap-server localhost:9092";

// ------------------------------------------------------------------ checkArgs

#[test]
fn no_arguments_print_the_short_message_and_the_table() {
    let mut c = cluster(3);
    assert_eq!(sh(&mut c, "kafka-topics.sh"), usage("Create, delete, describe, or change a topic."));
}

#[test]
fn help_prints_the_long_message_and_the_table_on_stderr_with_exit_1() {
    let mut c = cluster(3);
    let run = sh(&mut c, "kafka-topics.sh --help");
    assert_eq!(run, usage("This tool helps to create, delete, describe, or change a topic."));
    assert_eq!(run.err, engine::tools::help::full("kafka-topics.sh").expect("help"));
    assert!(run.err.lines().nth(1).is_some_and(|l| l.starts_with("Option ") && l.len() == 80), "80 columns");
    assert_eq!(sh(&mut c, "bin/kafka-topics.sh --list --help"), usage("This tool helps to create, delete, describe, or change a topic."));
}

#[test]
fn version_prints_4_0_0_on_stdout() {
    let mut c = cluster(3);
    assert_eq!(sh(&mut c, "kafka-topics.sh --version"), Run { out: "4.0.0\n".into(), err: String::new(), code: 0 });
    assert_eq!(sh(&mut c, "kafka-topics --version"), Run { out: "4.0.0\n".into(), err: String::new(), code: 0 });
}

#[test]
fn exactly_one_action() {
    let mut c = cluster(3);
    let msg = "Command must include exactly one action: --list, --describe, --create, --alter or --delete";
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS}")), usage(msg));
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --list --describe")), usage(msg));
    assert_eq!(sh(&mut c, "kafka-topics.sh --topic t"), usage(msg), "before the bootstrap check");
}

#[test]
fn an_unrecognized_option_is_a_stack_trace_without_the_table() {
    let mut c = cluster(3);
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --creat --topic t"));
    assert_eq!(
        run,
        Run {
            out: String::new(),
            err: "creat is not a recognized option\njoptsimple.UnrecognizedOptionException: creat is not a recognized option\n\tat joptsimple.OptionException.unrecognizedOption(OptionException.java:108)\n\n".into(),
            code: 1,
        }
    );
    let run = sh(&mut c, "kafka-topics.sh --list --bootstrap-server");
    assert!(run.err.starts_with("Option bootstrap-server requires an argument\njoptsimple.OptionMissingRequiredArgumentException: Option bootstrap-server requires an argument\n\tat "), "{:?}", run.err);
    assert_eq!(run.code, 1);
}

#[test]
fn a_missing_bootstrap_server_is_an_illegal_argument_exception() {
    let mut c = cluster(3);
    let run = sh(&mut c, "kafka-topics.sh --list");
    assert_eq!(run.out, "");
    assert!(
        run.err.starts_with(
            "--bootstrap-server must be specified\njava.lang.IllegalArgumentException: --bootstrap-server must be specified\n\tat org.apache.kafka.tools.TopicCommand$TopicCommandOptions.checkRequiredArgs("
        ),
        "{:?}",
        run.err
    );
    assert!(run.err.ends_with(")\n\n"), "println of a trace ending in a line break: {:?}", run.err);
    assert!(!run.err.contains("Option "), "no table");
    assert_eq!(run.code, 1);
}

#[test]
fn delete_config_is_deprecated_with_a_warning_and_ignored() {
    let mut c = cluster(3);
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --list --delete-config retention.ms"));
    assert_eq!(
        run,
        Run {
            out: "\n".into(),
            err: "delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.\n".into(),
            code: 0,
        }
    );
}

#[test]
fn required_arguments() {
    let mut c = cluster(3);
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --create")), usage("Missing required argument \"[topic]\""));
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --delete")), usage("Missing required argument \"[topic]\""));
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --describe --if-exists")),
        usage("--topic or --topic-id is required to describe a topic")
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --alter --topic t --config retention.ms=1")),
        usage("Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\" (To alter topic configurations, the kafka-configs tool can be used.)")
    );
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --alter --topic t")), usage("Missing required argument \"[partitions]\""));
}

#[test]
fn invalid_option_combinations() {
    let mut c = cluster(3);
    for (line, message) in [
        ("--describe --partitions 3", "Option \"[partitions]\" can't be used with option \"[describe]\""),
        ("--list --partitions 3", "Option \"[partitions]\" can't be used with option \"[list]\""),
        ("--delete --topic t --partitions 3", "Option \"[partitions]\" can't be used with option \"[delete]\""),
        ("--describe --config a=b", "Option \"[config]\" can't be used with option \"[describe]\""),
        ("--delete --topic t --replication-factor 1", "Option \"[replication-factor]\" can't be used with option \"[delete]\""),
        (
            "--alter --topic t --partitions 4 --replication-factor 1",
            "Option \"[replication-factor]\" can't be used with option \"[alter]\"",
        ),
        (
            "--create --topic t --replica-assignment 1:2 --partitions 2",
            "Option \"[replica-assignment]\" can't be used with option \"[partitions]\"",
        ),
        (
            "--create --topic t --replica-assignment 1:2 --replication-factor 2",
            "Option \"[replica-assignment]\" can't be used with option \"[replication-factor]\"",
        ),
        (
            "--describe --under-replicated-partitions --topics-with-overrides",
            "Option \"[under-replicated-partitions]\" can't be used with option \"[topics-with-overrides]\"",
        ),
        ("--list --unavailable-partitions", "Option \"[unavailable-partitions]\" can't be used with option \"[list]\""),
        ("--list --topics-with-overrides", "Option \"[topics-with-overrides]\" can't be used with option \"[list]\""),
        ("--create --topic t --if-exists", "Option \"[if-exists]\" can't be used with option \"[create]\""),
        ("--list --if-exists", "Option \"[if-exists]\" can't be used with option \"[list]\""),
        ("--describe --if-not-exists", "Option \"[if-not-exists]\" can't be used with option \"[describe]\""),
        ("--create --topic t --exclude-internal", "Option \"[exclude-internal]\" can't be used with option \"[create]\""),
    ] {
        assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} {line}")), usage(message), "{line}");
    }
}

#[test]
fn describe_with_both_topic_and_topic_id_says_the_id_wins() {
    let mut c = cluster(1);
    sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic orders"));
    let id = c.topic("orders").expect("orders").topic_id.to_string();
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --describe --if-exists --topic nope --topic-id {id}"));
    assert!(
        run.out.starts_with(
            "Only topic id will be used when both --topic and --topic-id are specified and topicId is not Uuid.ZERO_UUID\nTopic: orders\t"
        ),
        "{:?}",
        run.out
    );
}

#[test]
fn the_sandbox_has_no_command_config_file() {
    let mut c = cluster(3);
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --list --command-config admin.properties"));
    assert!(run.err.starts_with("admin.properties\njava.nio.file.NoSuchFileException: admin.properties\n\tat "), "{:?}", run.err);
    assert_eq!((run.out.as_str(), run.code), ("", 1));
}

// ------------------------------------------------------------------ --create

#[test]
fn create_prints_created_topic() {
    let mut c = cluster(3);
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic orders --partitions 3 --replication-factor 3"));
    assert_eq!(run, Run { out: "Created topic orders.\n".into(), err: String::new(), code: 0 });
    let t = c.topic("orders").expect("created");
    assert_eq!((t.partitions.len(), t.replication_factor), (3, 3));
}

#[test]
fn create_without_counts_uses_the_broker_defaults() {
    let mut c = cluster(3);
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t")).out, "Created topic t.\n");
    let t = c.topic("t").expect("created");
    assert_eq!((t.partitions.len(), t.replication_factor), (1, 1), "num.partitions=1, default.replication.factor=1");
}

#[test]
fn create_warns_about_periods_and_underscores() {
    let mut c = cluster(3);
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic my.topic"));
    assert_eq!(
        run.out,
        "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\nCreated topic my.topic.\n"
    );
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic my_topic"));
    assert!(run.out.starts_with("WARNING: Due to limitations"), "warned before the failure");
    assert!(
        run.out.ends_with("Error while executing topic command : Topic 'my_topic' collides with existing topic: my.topic\n"),
        "{:?}",
        run.out
    );
    assert_eq!(run.code, 1);
}

#[test]
fn create_an_existing_topic() {
    let mut c = cluster(3);
    sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic orders"));
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic orders")),
        api_error("TopicExistsException", "Topic 'orders' already exists.")
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic orders --if-not-exists")),
        Run { out: String::new(), err: String::new(), code: 0 }
    );
}

#[test]
fn create_errors_from_the_controller() {
    let mut c = cluster(1);
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --replication-factor 3")),
        api_error(
            "InvalidReplicationFactorException",
            "Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered."
        )
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic 'a b'")),
        api_error(
            "InvalidTopicException",
            "Topic name is invalid: 'a b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        )
    );
    let long = "x".repeat(250);
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic {long}")),
        api_error(
            "InvalidTopicException",
            &format!("Topic name is invalid: the length of '{long}' is longer than the max allowed length 249")
        )
    );
}

#[test]
fn create_checks_of_the_tool_itself() {
    let mut c = cluster(3);
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --partitions 0")),
        "java.lang.IllegalArgumentException",
        "The partitions must be greater than 0",
    );
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --replication-factor 0")),
        "java.lang.IllegalArgumentException",
        "The replication factor must be between 1 and 32767 inclusive",
    );
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --replication-factor 40000")),
        "java.lang.IllegalArgumentException",
        "The replication factor must be between 1 and 32767 inclusive",
    );
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --partitions abc"));
    assert_eq!(run.out, "Error while executing topic command : Cannot parse argument 'abc' of option partitions\n");
    assert_eq!(run.code, 1);
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --topic u"));
    assert_eq!(run.out, "Error while executing topic command : Found multiple arguments for option topic, but you asked for only one\n");
    assert!(c.topic("t").is_none(), "nothing created");
}

#[test]
fn create_configs() {
    let mut c = cluster(3);
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --config retention.ms")),
        "java.lang.IllegalArgumentException",
        "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".",
    );
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --config a=b=c")),
        "java.lang.IllegalArgumentException",
        "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".",
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --config foo=1")),
        api_error("InvalidConfigurationException", "Unknown topic config name: foo")
    );
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --config retention.ms=abc")),
        "org.apache.kafka.common.config.ConfigException",
        "Invalid value abc for configuration retention.ms: Not a number of type LONG",
    );
    // A config Kafka has and the sandbox does not model is refused by name.
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --config max.message.bytes=1000"));
    assert!(
        run.out.starts_with("Error while executing topic command : The sandbox does not model topic config max.message.bytes"),
        "{:?}",
        run.out
    );
    assert!(c.topic("t").is_none());
    // Spaces around '=' are trimmed; the later of two values wins.
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --config 'retention.ms = 1000' --config min.insync.replicas=3 --config min.insync.replicas=2"));
    assert_eq!(run.out, "Created topic t.\n");
    let t = c.topic("t").expect("created");
    assert_eq!((t.config.retention_ms, t.config.min_insync_replicas), (1000, 2));
}

#[test]
fn the_sandbox_places_replicas_itself() {
    let mut c = cluster(3);
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --replica-assignment 1:2,2:3"));
    assert!(run.out.starts_with("Error while executing topic command : The sandbox places replicas itself"), "{:?}", run.out);
    assert_eq!(run.code, 1);
    assert!(c.topic("t").is_none());
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic t --replica-assignment 1:1"));
    assert_eq!(run.out, "Error while executing topic command : Partition replica lists may not contain duplicate entries: 1\n");
}

// ------------------------------------------------------------------ --list

#[test]
fn list_is_sorted_with_internal_topics_unless_excluded() {
    let mut c = cluster(3);
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --list")),
        Run { out: "\n".into(), err: String::new(), code: 0 },
        "one empty line"
    );
    for t in ["orders", "Zeta", "audit", "a_b"] {
        sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic {t}"));
    }
    let config = ConsumerConfig { topics: vec!["orders".into()], ..ConsumerConfig::default() };
    c.apply(Command::AddConsumer { config }).expect("consumer");
    steps(&mut c, 5);
    assert!(c.topic("__consumer_offsets").is_some(), "the first FindCoordinator created it");
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --list")).out,
        "Zeta\n__consumer_offsets\na_b\naudit\norders\n",
        "Java String order: '_' after upper case"
    );
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --list --exclude-internal")).out, "Zeta\na_b\naudit\norders\n");
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --list --topic 'a.*'")).out, "a_b\naudit\n");
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --list --topic 'orders,Zeta'")).out, "Zeta\norders\n");
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --list --topic nope")), Run { out: "\n".into(), err: String::new(), code: 0 });
}

// ------------------------------------------------------------------ --describe

#[test]
fn describe_one_topic() {
    let mut c = cluster(1);
    sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic orders --partitions 3 --replication-factor 1"));
    let id = c.topic("orders").expect("orders").topic_id.to_string();
    assert_eq!(id.len(), 22);
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic orders"));
    assert_eq!(
        run,
        Run {
            out: format!(
                "Topic: orders\tTopicId: {id}\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: \n\
                 \tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: \n\
                 \tTopic: orders\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: \n\
                 \tTopic: orders\tPartition: 2\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: \n"
            ),
            err: String::new(),
            code: 0,
        }
    );
}

#[test]
fn describe_lists_overridden_configs_in_hash_map_order() {
    let mut c = cluster(1);
    sh(&mut c, &format!(
        "kafka-topics.sh {BS} --create --topic t --config retention.ms=1000 --config cleanup.policy=compact --config min.insync.replicas=2 --config compression.type=gzip"
    ));
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic t"));
    let first = run.out.lines().next().expect("topic line");
    assert!(
        first.ends_with("\tConfigs: compression.type=gzip,min.insync.replicas=2,cleanup.policy=compact,retention.ms=1000"),
        "{first:?}"
    );
}

#[test]
fn describe_several_topics_in_hash_map_order_of_their_names() {
    let mut c = cluster(1);
    for t in ["c", "d"] {
        sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic {t}"));
    }
    // new HashMap<>(2) has 4 buckets: "d" (100) is in bucket 0, "c" (99) in bucket 3.
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --describe"));
    let topics: Vec<&str> = run.out.lines().filter(|l| l.starts_with("Topic: ")).map(|l| &l[7..8]).collect();
    assert_eq!(topics, ["d", "c"]);
}

#[test]
fn describe_a_missing_topic() {
    let mut c = cluster(3);
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic nope")),
        "java.lang.IllegalArgumentException",
        "Topic 'Optional[nope]' does not exist as expected",
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic nope --if-exists")),
        Run { out: String::new(), err: String::new(), code: 0 }
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --describe")),
        Run { out: String::new(), err: String::new(), code: 0 },
        "no topics"
    );
}

#[test]
fn describe_by_topic_id() {
    let mut c = cluster(1);
    sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic orders"));
    let id = c.topic("orders").expect("orders").topic_id.to_string();
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic-id {id}"));
    assert!(run.out.starts_with(&format!("Topic: orders\tTopicId: {id}\t")), "{:?}", run.out);
    let other = engine::Uuid::derived(&[42]).to_string();
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic-id {other}")),
        "java.lang.IllegalArgumentException",
        &format!("TopicId '{other}' does not exist as expected"),
    );
}

#[test]
fn describe_report_filters() {
    let mut c = cluster(3);
    orders(&mut c); // 3 partitions, RF 3, min.insync.replicas 2
    sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic plain --replication-factor 3"));
    let healthy = sh(&mut c, &format!("kafka-topics.sh {BS} --describe --under-replicated-partitions"));
    assert_eq!(healthy, Run { out: String::new(), err: String::new(), code: 0 }, "nothing under-replicated, and no topic lines");
    // The overridden topic only (orders has min.insync.replicas=2).
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topics-with-overrides"));
    let lines: Vec<&str> = run.out.lines().collect();
    assert_eq!(lines.len(), 1, "{:?}", run.out);
    assert!(lines[0].starts_with("Topic: orders\t") && lines[0].ends_with("\tConfigs: min.insync.replicas=2"), "{:?}", lines[0]);

    // Broker 3 crashes and is fenced after broker.session.timeout.ms: out of every ISR.
    c.apply(Command::StopBroker { broker: BrokerId(3) }).expect("stop");
    steps(&mut c, 120);
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic orders --under-replicated-partitions"));
    let lines: Vec<&str> = run.out.lines().collect();
    assert_eq!(lines.len(), 3, "{:?}", run.out);
    for (i, l) in lines.iter().enumerate() {
        assert!(l.starts_with(&format!("\tTopic: orders\tPartition: {i}\tLeader: ")), "{l:?}");
        assert!(l.contains("\tIsr: ") && !l.split("\tIsr: ").nth(1).unwrap_or("").starts_with('3'), "{l:?}");
    }
    let at_min = sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic orders --at-min-isr-partitions"));
    assert_eq!(at_min.out.lines().count(), 3, "ISR 2 = min.insync.replicas 2");
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic orders --under-min-isr-partitions")).out, "");
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic orders --unavailable-partitions")).out, "");

    // min.insync.replicas 3 over an ISR of 2: every partition is under min ISR.
    c.apply(Command::AlterTopicConfig { topic: "orders".into(), set: vec![("min.insync.replicas".into(), "3".into())], delete: vec![] })
        .expect("alter");
    let under = sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic orders --under-min-isr-partitions"));
    assert_eq!(under.out.lines().count(), 3, "{:?}", under.out);
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --describe --topic orders --at-min-isr-partitions")).out, "");
}

#[test]
fn describe_a_partition_without_a_leader() {
    let mut c = cluster(5);
    sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic solo"));
    let p = &c.topic("solo").expect("solo").partitions[0];
    let broker = p.replicas[0];
    c.apply(Command::StopBroker { broker }).expect("stop");
    steps(&mut c, 120); // fenced after broker.session.timeout.ms
    let b = broker.0;
    let line = format!("\tTopic: solo\tPartition: 0\tLeader: none\tReplicas: {b}\tIsr: {b}\tElr: \tLastKnownElr: \n");
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --describe --unavailable-partitions")).out, line);
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --describe --under-min-isr-partitions")).out, line);
}

// ------------------------------------------------------------------ --alter

#[test]
fn alter_partitions() {
    let mut c = cluster(3);
    orders(&mut c);
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --alter --topic orders --partitions 5")),
        Run { out: String::new(), err: String::new(), code: 0 }
    );
    assert_eq!(c.topic("orders").expect("orders").partitions.len(), 5);
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --alter --topic orders --partitions 5")),
        api_error("InvalidPartitionsException", "Topic already has 5 partition(s).")
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --alter --topic orders --partitions 2")),
        api_error("InvalidPartitionsException", "The topic orders currently has 5 partition(s); 2 would not be an increase.")
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --alter --topic orders --partitions -1")),
        api_error("InvalidPartitionsException", "The topic orders currently has 5 partition(s); -1 would not be an increase.")
    );
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --alter --topic nope --partitions 5")),
        "java.lang.IllegalArgumentException",
        "Topic 'Optional[nope]' does not exist as expected",
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --alter --topic nope --partitions 5 --if-exists")),
        Run { out: String::new(), err: String::new(), code: 0 }
    );
}

// ------------------------------------------------------------------ --delete

#[test]
fn delete_topics() {
    let mut c = cluster(3);
    for t in ["orders", "test-1", "test-2"] {
        sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic {t}"));
    }
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --delete --topic orders")),
        Run { out: String::new(), err: String::new(), code: 0 }
    );
    assert!(c.topic("orders").is_none());
    assert_client_error(
        &sh(&mut c, &format!("kafka-topics.sh {BS} --delete --topic orders")),
        "java.lang.IllegalArgumentException",
        "Topic 'Optional[orders]' does not exist as expected",
    );
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --delete --topic orders --if-exists")),
        Run { out: String::new(), err: String::new(), code: 0 }
    );
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --delete --topic 'test.*'")).code, 0, "a regex");
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --list")).out, "\n");
}

#[test]
fn internal_topics_are_not_deleted_in_the_sandbox() {
    let mut c = cluster(3);
    let config = ConsumerConfig { topics: vec!["orders".into()], ..ConsumerConfig::default() };
    orders(&mut c);
    c.apply(Command::AddConsumer { config }).expect("consumer");
    steps(&mut c, 5);
    let mut refused = api_error("InvalidRequestException", "The sandbox does not delete internal topic __consumer_offsets");
    refused.err = refused.err.replace("00:00:00,000", "00:00:00,500"); // five steps in
    assert_eq!(sh(&mut c, &format!("kafka-topics.sh {BS} --delete --topic __consumer_offsets")), refused);
    assert!(c.topic("__consumer_offsets").is_some());
    // A regex matching both: the user topic goes, the internal one is refused.
    let run = sh(&mut c, &format!("kafka-topics.sh {BS} --delete --topic '.*'"));
    assert_eq!(run.code, 1);
    assert!(c.topic("orders").is_none() && c.topic("__consumer_offsets").is_some());
    let err = c.apply(Command::DeleteTopic { topic: "__consumer_offsets".into() }).expect_err("refused");
    assert_eq!(err.kind, CommandErrorKind::Kafka(KafkaError::InvalidRequest));
}

#[test]
fn no_running_broker_times_the_admin_call_out() {
    let mut c = cluster(1);
    c.apply(Command::StopBroker { broker: BrokerId(1) }).expect("stop");
    assert_eq!(
        sh(&mut c, &format!("kafka-topics.sh {BS} --list")),
        api_error("TimeoutException", "Timed out waiting for a node assignment. Call: listTopics")
    );
}

#[test]
fn a_bad_bootstrap_address_fails_the_admin_client() {
    let mut c = cluster(1);
    let run = sh(&mut c, "kafka-topics.sh --bootstrap-server localhost --list");
    assert!(
        run.err.starts_with(
            "Failed to create new KafkaAdminClient\norg.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient\n"
        ),
        "{:?}",
        run.err
    );
    assert!(
        run.err.contains("Caused by: org.apache.kafka.common.config.ConfigException: Invalid url in bootstrap.servers: localhost\n"),
        "{:?}",
        run.err
    );
    assert_eq!(run.code, 1);
}

// ------------------------------------------------------------------ deletion's consequences

/// Steps with one auditor for the whole run (the deletion must not trip what it remembers).
fn audited_steps(c: &mut Cluster, auditor: &mut Auditor, n: u32) -> Vec<engine::Event> {
    let mut out = Vec::new();
    for _ in 0..n {
        c.step();
        let events = drain(c);
        for e in &events {
            auditor.observe(c, e);
        }
        if let Some(v) = auditor.check(c).into_iter().next() {
            panic!("invariant violated at {} ms: {v}", c.now().0);
        }
        out.extend(events);
    }
    out
}

#[test]
fn deletion_removes_the_topic_at_once_and_says_so() {
    let mut c = cluster(3);
    orders(&mut c);
    c.apply(Command::DeleteTopic { topic: "orders".into() }).expect("deleted");
    let events = drain(&mut c);
    assert!(events.iter().any(|e| matches!(&e.kind, EventKind::TopicDeleted { topic, partitions: 3 } if topic == "orders")));
    assert!(c.topic("orders").is_none());
    assert_eq!(c.replica_count(), 0, "every replica's log is gone");
    let err = c.apply(Command::DeleteTopic { topic: "orders".into() }).expect_err("gone");
    assert_eq!(err.kind, CommandErrorKind::Kafka(KafkaError::UnknownTopicOrPartition));
}

#[test]
fn a_topic_created_again_is_another_topic_and_the_invariants_hold() {
    let mut c = cluster(3);
    let mut auditor = Auditor::new();
    orders(&mut c);
    for i in 0..30 {
        c.apply(Command::Produce(ProduceRequest::keyed("orders", &format!("k{i}"), "v", Acks::All))).expect("produce");
        audited_steps(&mut c, &mut auditor, 2);
    }
    let old_id = c.topic("orders").expect("orders").topic_id;
    c.apply(Command::RunTool { line: format!("kafka-topics.sh {BS} --delete --topic orders") }).expect("runs");
    for e in drain(&mut c) {
        auditor.observe(&c, &e);
    }
    orders(&mut c);
    assert_ne!(c.topic("orders").expect("again").topic_id, old_id, "a new topic id");
    for i in 0..10 {
        c.apply(Command::Produce(ProduceRequest::keyed("orders", &format!("k{i}"), "v", Acks::All))).expect("produce");
        audited_steps(&mut c, &mut auditor, 2);
    }
    audited_steps(&mut c, &mut auditor, 50);
    let hw: i64 = c.topic("orders").expect("orders").partitions.iter().map(|p| p.high_watermark().0).sum();
    assert_eq!(hw, 10, "the new topic's logs start from offset 0");
}

#[test]
fn waiting_acks_all_requests_fail_with_unknown_topic_or_partition() {
    let mut c = cluster(3);
    orders(&mut c);
    // Followers that never fetch: an acks=all record waits in the purgatory.
    for b in [1, 2, 3] {
        c.apply(Command::SetFetchDelay { broker: BrokerId(b), delay_ms: 3_600_000 }).expect("slow");
    }
    steps(&mut c, 2);
    let request = c.apply(Command::Produce(ProduceRequest::keyed("orders", "k", "v", Acks::All))).expect("produce").request().expect("id");
    assert!(!drain(&mut c).iter().any(|e| matches!(e.kind, EventKind::ProduceAcknowledged { .. })), "waiting");
    c.apply(Command::DeleteTopic { topic: "orders".into() }).expect("deleted");
    let failed = drain(&mut c).into_iter().find_map(|e| match e.kind {
        EventKind::ProduceFailed { request: r, error, .. } if r == request => Some(error),
        _ => None,
    });
    assert_eq!(failed, Some(KafkaError::UnknownTopicOrPartition));
}

#[test]
fn a_producer_clients_batches_for_the_topic_expire() {
    let mut c = cluster(3);
    orders(&mut c);
    let p = c
        .apply(Command::CreateProducer { config: vec![("linger.ms".into(), "60000".into())] })
        .expect("producer")
        .producer()
        .expect("handle");
    for i in 0..3 {
        c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("orders", &format!("k{i}"), "v") }).expect("send");
    }
    steps(&mut c, 2);
    c.apply(Command::DeleteTopic { topic: "orders".into() }).expect("deleted");
    // delivery.timeout.ms (120 s) after the batches were made, they fail; nothing panics.
    let events = steps(&mut c, 1_250);
    let failed: usize = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ProducerBatchFailed { producer, partition, send_ids, .. } if *producer == p && &*partition.topic == "orders" => {
                Some(send_ids.len())
            }
            _ => None,
        })
        .sum();
    assert_eq!(failed, 3, "every record sent to the deleted topic failed");
    assert!(c.producer(p).is_some_and(|client| client.idle()));
}

#[test]
fn the_load_on_a_deleted_topic_stops_and_its_producer_closes() {
    let mut c = cluster(3);
    orders(&mut c);
    c.apply(Command::StartLoad { topic: "orders".into(), rate_per_s: 50, key_count: 10, acks: Acks::All, producer_config: vec![] })
        .expect("load");
    steps(&mut c, 30);
    let producer = c.load().and_then(|l| l.producer).expect("the load's producer");
    c.apply(Command::DeleteTopic { topic: "orders".into() }).expect("deleted");
    assert!(c.load().is_none(), "the load stopped");
    let events = steps(&mut c, 1_300);
    assert!(
        events.iter().any(|e| matches!(e.kind, EventKind::ProducerClosed { producer: p } if p == producer)),
        "closed once its batches were answered"
    );
}

#[test]
fn groups_forget_the_topics_offsets_and_a_reload_does_not_bring_them_back() {
    let mut c = cluster(3);
    orders(&mut c);
    sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic other --replication-factor 3"));
    let config = ConsumerConfig { group_id: "g".into(), topics: vec!["orders".into(), "other".into()], ..ConsumerConfig::default() };
    c.apply(Command::AddConsumer { config }).expect("consumer");
    for i in 0..20 {
        c.apply(Command::Produce(ProduceRequest::keyed("orders", &format!("k{i}"), "v", Acks::All))).expect("produce");
        c.apply(Command::Produce(ProduceRequest::keyed("other", &format!("k{i}"), "v", Acks::All))).expect("produce");
        steps(&mut c, 5);
    }
    steps(&mut c, 100);
    let g = c.group("g").expect("group");
    assert!(g.committed.keys().any(|tp| &*tp.topic == "orders"), "offsets committed: {:?}", g.committed);
    c.apply(Command::DeleteTopic { topic: "orders".into() }).expect("deleted");
    let g = c.group("g").expect("group");
    assert!(!g.committed.keys().any(|tp| &*tp.topic == "orders"), "{:?}", g.committed);
    assert!(g.committed.keys().any(|tp| &*tp.topic == "other"), "the other topic's stay");
    // The coordinator moves (its broker stops): the new one loads the offsets partition, where
    // the tombstones are.
    let coordinator = c.group("g").and_then(|g| g.coordinator).expect("coordinator");
    c.apply(Command::ShutdownBroker { broker: coordinator }).expect("shutdown");
    steps(&mut c, 50);
    let g = c.group("g").expect("group");
    assert_ne!(g.coordinator, Some(coordinator));
    assert!(!g.committed.keys().any(|tp| &*tp.topic == "orders"), "{:?}", g.committed);
}

fn consumers_lose_the_deleted_partitions(config: ConsumerConfig) {
    let mut c = cluster(3);
    orders(&mut c);
    sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic other --partitions 2 --replication-factor 3"));
    let topics = vec!["orders".to_string(), "other".to_string()];
    let a = c
        .apply(Command::AddConsumer { config: ConsumerConfig { topics: topics.clone(), ..config.clone() } })
        .expect("a")
        .consumer()
        .expect("id");
    let b = c.apply(Command::AddConsumer { config: ConsumerConfig { topics, ..config } }).expect("b").consumer().expect("id");
    steps(&mut c, 150);
    let owned = |c: &Cluster| -> Vec<String> {
        let mut v: Vec<String> =
            [a, b].iter().flat_map(|id| c.consumer(*id).map(|x| x.owned.clone()).unwrap_or_default()).map(|tp| tp.to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(owned(&c), ["orders-0", "orders-1", "orders-2", "other-0", "other-1"]);
    sh(&mut c, &format!("kafka-topics.sh {BS} --delete --topic orders"));
    steps(&mut c, 200);
    assert_eq!(owned(&c), ["other-0", "other-1"], "the deleted partitions are revoked at the rebalance");
    assert!(c.group(&c.consumer(a).expect("a").config.group_id).is_some_and(|g| g.is_stable()));
}

#[test]
fn classic_eager_consumers_lose_the_deleted_partitions() {
    consumers_lose_the_deleted_partitions(ConsumerConfig { group_id: "eager".into(), ..ConsumerConfig::default() });
}

#[test]
fn classic_cooperative_consumers_lose_the_deleted_partitions() {
    consumers_lose_the_deleted_partitions(ConsumerConfig {
        group_id: "coop".into(),
        assignor: engine::assignor::AssignorName::CooperativeSticky,
        ..ConsumerConfig::default()
    });
}

#[test]
fn consumer_protocol_members_lose_the_deleted_partitions() {
    consumers_lose_the_deleted_partitions(ConsumerConfig {
        group_id: "kip848".into(),
        group_protocol: engine::GroupProtocol::Consumer,
        ..ConsumerConfig::default()
    });
}

#[test]
fn a_transaction_that_wrote_to_a_deleted_topic_still_completes() {
    let mut c = cluster(3);
    orders(&mut c);
    sh(&mut c, &format!("kafka-topics.sh {BS} --create --topic other --replication-factor 3"));
    let p = c
        .apply(Command::CreateProducer { config: vec![("transactional.id".into(), "tx".into())] })
        .expect("producer")
        .producer()
        .expect("handle");
    c.apply(Command::InitTransactions { producer: p }).expect("init");
    steps(&mut c, 20);
    c.apply(Command::BeginTransaction { producer: p }).expect("begin");
    c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("orders", "k", "v") }).expect("send");
    c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("other", "k", "v") }).expect("send");
    steps(&mut c, 20);
    c.apply(Command::DeleteTopic { topic: "orders".into() }).expect("deleted");
    c.apply(Command::CommitTransaction { producer: p }).expect("commit");
    let events = steps(&mut c, 100);
    assert!(
        events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::TransactionStateChanged { state: engine::TransactionState::CompleteCommit, .. })),
        "the marker for the deleted partition is skipped"
    );
}

// ------------------------------------------------------------------ replay

#[test]
fn every_line_replays() {
    let config = ClusterConfig { brokers: 3, seed: 7, ..ClusterConfig::default() };
    let mut c = Cluster::new(config.clone()).expect("cluster");
    for line in [
        "kafka-topics.sh",
        "kafka-topics.sh --version",
        &format!("kafka-topics.sh {BS} --create --topic orders --partitions 3 --replication-factor 3 --config min.insync.replicas=2"),
        &format!("kafka-topics.sh {BS} --create --topic orders"),
        &format!("kafka-topics.sh {BS} --create --topic audit.log"),
        &format!("kafka-topics.sh {BS} --list"),
        &format!("kafka-topics.sh {BS} --describe"),
        &format!("kafka-topics.sh {BS} --alter --topic orders --partitions 6"),
        &format!("kafka-topics.sh {BS} --delete --topic 'audit.*'"),
        &format!("kafka-topics.sh {BS} --create --topic audit.log --partitions 2"),
        &format!("kafka-topics.sh {BS} --creat"),
    ] {
        sh(&mut c, line);
        c.apply(Command::Advance { steps: 3 }).expect("advance");
    }
    let mut again = Cluster::new(config).expect("cluster");
    for timed in c.command_log().iter() {
        let _ = again.apply(timed.command.clone());
    }
    drain(&mut again);
    drain(&mut c);
    assert_eq!(again.now(), c.now());
    assert_eq!(again.snapshot_hash(), c.snapshot_hash());
    assert_eq!(again.topic("orders").map(|t| t.partitions.len()), Some(6));
    let _ = TopicConfig::default();
}
