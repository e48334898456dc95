//! kafka-console-producer.sh and kafka-console-consumer.sh in a terminal session (issue 25):
//! golden transcripts, written from `ConsoleProducer`/`LineMessageReader` and
//! `ConsoleConsumer`/`DefaultMessageFormatter` (the research notes' formats), not from this
//! code's output; and the session replays.

use engine::tools::script::Shell;
use engine::{Cluster, ClusterConfig, Command, TopicConfig};

fn cluster() -> Cluster {
    let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 7, ..ClusterConfig::default() }).unwrap();
    c.apply(Command::CreateTopic { name: "orders".into(), partitions: 3, replication_factor: 3, config: TopicConfig::default() }).unwrap();
    c
}

fn run(c: &mut Cluster, script: &str) -> String {
    let mut shell = Shell::new();
    shell.run_script(c, script);
    shell.render()
}

const BS: &str = "--bootstrap-server localhost:9092";

#[test]
fn keyed_lines_are_produced_and_consumed_with_their_keys() {
    let mut c = cluster();
    let script = format!(
        "kafka-console-producer.sh {BS} --topic orders --property parse.key=true --property key.separator=:\n\
         alice:first order\nbob:second order\nalice:third\n^D\n\
         kafka-console-consumer.sh {BS} --topic orders --from-beginning --group g1 --property print.key=true --max-messages 3\n"
    );
    let out = run(&mut c, &script);
    let expected_head = format!(
        "$ kafka-console-producer.sh {BS} --topic orders --property parse.key=true --property key.separator=:\n\
         >alice:first order\n>bob:second order\n>alice:third\n>\n\
         $ kafka-console-consumer.sh {BS} --topic orders --from-beginning --group g1 --property print.key=true --max-messages 3\n"
    );
    assert!(out.starts_with(&expected_head), "{out}");
    let records: Vec<&str> = out[expected_head.len()..].lines().collect();
    assert_eq!(records.len(), 4, "{out}");
    // Records of one key come in order (one partition); keys print before a TAB.
    let alice: Vec<&&str> = records.iter().filter(|l| l.starts_with("alice\t")).collect();
    assert_eq!(alice, [&"alice\tfirst order", &"alice\tthird"]);
    assert!(records.contains(&"bob\tsecond order"));
    assert_eq!(records[3], "Processed a total of 3 messages");
    assert!(c.foreground().is_none());
    // The group committed on close and has no members left.
    let g = c.group("g1").expect("the group");
    assert_eq!(g.committed.values().map(|o| o.0).sum::<i64>(), 3);
}

#[test]
fn a_line_without_the_key_separator_ends_the_producer() {
    let mut c = cluster();
    let out = run(
        &mut c,
        &format!(
            "kafka-console-producer.sh {BS} --topic orders --property parse.key=true\nk\tv\nhello\nkafka-console-producer.sh --version\n"
        ),
    );
    assert_eq!(
        out,
        format!(
            "$ kafka-console-producer.sh {BS} --topic orders --property parse.key=true\n>k\tv\n>hello\n\
             org.apache.kafka.common.KafkaException: No key separator found on line number 2: 'hello'\n\
             \tat org.apache.kafka.tools.LineMessageReader$LineMessageIterator.readNext(LineMessageReader.java)\n\
             $ kafka-console-producer.sh --version\n4.0.0\n"
        )
    );
}

#[test]
fn the_console_consumer_checks_its_options_in_the_tools_order() {
    let mut c = cluster();
    let first_line = |script: &str, c: &mut Cluster| run(c, script).lines().nth(1).unwrap_or_default().to_string();
    assert_eq!(first_line("kafka-console-consumer.sh --bootstrap-server x:1", &mut c), "Exactly one of --include/--topic is required. ");
    assert_eq!(first_line("kafka-console-consumer.sh --topic t --include t", &mut c), "Exactly one of --include/--topic is required. ");
    assert_eq!(first_line("kafka-console-consumer.sh --topic orders", &mut c), "Missing required argument \"[bootstrap-server]\"");
    assert_eq!(
        first_line(&format!("kafka-console-consumer.sh {BS} --topic orders --offset 5"), &mut c),
        "The partition is required when offset is specified."
    );
    assert_eq!(
        first_line(&format!("kafka-console-consumer.sh {BS} --topic orders --group a --consumer-property group.id=b"), &mut c),
        "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'a', 'b'"
    );
    assert_eq!(
        first_line(
            &format!("kafka-console-consumer.sh {BS} --topic orders --from-beginning --consumer-property auto.offset.reset=latest"),
            &mut c
        ),
        "Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one option"
    );
    assert_eq!(first_line("kafka-console-consumer.sh --topik orders", &mut c), "topik is not a recognized option");
    let help = run(&mut c, "kafka-console-consumer.sh --help");
    assert!(help.starts_with(
        "$ kafka-console-consumer.sh --help\nThis tool helps to read data from Kafka topics and outputs it to standard output.\nOption "
    ));
    assert!(c.foreground().is_none());
}

#[test]
fn a_consumer_without_max_messages_is_interrupted_when_idle_and_its_timeout_ends_it() {
    let mut c = cluster();
    let out = run(
        &mut c,
        &format!(
            "kafka-console-producer.sh {BS} --topic orders\none\n^D\nkafka-console-consumer.sh {BS} --topic orders --from-beginning\n"
        ),
    );
    assert!(out.ends_with("one\n^C\nProcessed a total of 1 messages\n"), "{out}");
    let out = run(&mut c, &format!("kafka-console-consumer.sh {BS} --topic orders --timeout-ms 5000\n"));
    assert!(out.contains("ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)\norg.apache.kafka.common.errors.TimeoutException\nProcessed a total of 0 messages\n"), "{out}");
    // Without --group the consumer's group is console-consumer-<0..99999> and commits nothing.
    assert!(c.groups().filter(|g| g.group_id.starts_with("console-consumer-")).all(|g| g.committed.is_empty()));
}

#[test]
fn formatter_properties_shape_each_line() {
    let mut c = cluster();
    let out = run(
        &mut c,
        &format!(
            "kafka-console-producer.sh {BS} --topic orders --property parse.key=true --property key.separator=,\nk1,v1\n^D\n\
             kafka-console-consumer.sh {BS} --topic orders --from-beginning --max-messages 1 --property print.offset=true --property print.partition=true --property print.key=true --property print.value=false\n"
        ),
    );
    let line = out.lines().rev().nth(1).unwrap();
    assert!(line.starts_with("Partition:") && line.ends_with("\tOffset:0\tk1"), "{out}");
}

#[test]
fn sandbox_verbs_and_sleep_run_the_cluster_and_say_what_they_stand_for() {
    let mut c = cluster();
    let t0 = c.now().0;
    let out = run(&mut c, "sandbox kill-broker 2\nsleep 5\nsandbox start-broker 9\nsandbox\n");
    assert!(out.contains("$ sandbox kill-broker 2\n# broker 2 crashed: on a real machine, kill -9 of its Java process\n"), "{out}");
    assert!(out.contains("$ sleep 5\n# 5 s of cluster time pass\n"), "{out}");
    assert!(out.contains("$ sandbox start-broker 9\nsandbox: there is no broker 9\n"), "{out}");
    assert!(c.now().0 >= t0 + 5_000);
    assert!(!c.broker(engine::BrokerId(2)).unwrap().running());
}

#[test]
fn unknown_commands_and_bad_quotes_get_the_shells_answers() {
    let mut c = cluster();
    let out = run(&mut c, "kafka-topix.sh --list\nkafka-topics.sh --topic 'orders\n");
    assert!(out.contains("bash: kafka-topix.sh: command not found\n"), "{out}");
    assert!(out.contains("unexpected EOF while looking for matching"), "{out}");
}

#[test]
fn a_terminal_session_replays_to_the_same_cluster() {
    let mut c = cluster();
    run(
        &mut c,
        &format!(
            "kafka-console-producer.sh {BS} --topic orders\na\nb\nc\n^D\n\
             kafka-console-consumer.sh {BS} --topic orders --from-beginning --group g --max-messages 2\nsandbox isolate-broker 3\nsleep 3\n"
        ),
    );
    // Events waiting in the queue are part of the state: drain them as the live run did.
    let replayed = c.session_file().replay_with(|c| while c.poll_event().is_some() {}).unwrap();
    assert_eq!(replayed.snapshot_hash(), c.snapshot_hash());
}

#[test]
fn echo_piped_into_the_console_producer_prints_no_prompt() {
    let mut c = cluster();
    let out = run(
        &mut c,
        &format!(
            "echo 'k1:it'\\''s here' | kafka-console-producer.sh {BS} --topic orders --property parse.key=true --property key.separator=:\n\
             kafka-console-consumer.sh {BS} --topic orders --from-beginning --max-messages 1 --property print.key=true\n\
             echo hi | kafka-topics.sh --list\n"
        ),
    );
    assert!(
        out.starts_with(&format!(
            "$ echo 'k1:it'\\''s here' | kafka-console-producer.sh {BS} --topic orders --property parse.key=true --property key.separator=:\n$ kafka-console-consumer.sh"
        )),
        "{out}"
    );
    assert!(out.contains("\nk1\tit's here\nProcessed a total of 1 messages\n"), "{out}");
    assert!(out.ends_with("sandbox: the terminal's only pipeline is echo ... | kafka-console-producer.sh ...\n"), "{out}");
}

#[test]
fn other_clients_polls_and_answers_leave_the_running_tool_alone() {
    let mut c = cluster();
    // A group consuming and a load producing while a console producer, then a console consumer,
    // hold the terminal.
    c.apply(Command::StartLoad { topic: "orders".into(), rate_per_s: 50, key_count: 5, acks: engine::Acks::All, producer_config: vec![] })
        .unwrap();
    let config = engine::ConsumerConfig { group_id: "other".into(), topics: vec!["orders".into()], ..Default::default() };
    c.apply(Command::AddConsumer { config }).unwrap();
    c.apply(Command::Advance { steps: 60 }).unwrap();
    c.apply(Command::RunTool { line: format!("kafka-console-producer.sh {BS} --topic orders") }).unwrap();
    c.apply(Command::Advance { steps: 30 }).unwrap();
    assert!(c.foreground().is_some_and(|f| f.reads_input()), "the producer still reads");
    c.apply(Command::ToolSignal { signal: engine::tools::ToolSignal::Eof }).unwrap();
    c.apply(Command::Advance { steps: 30 }).unwrap();
    assert!(c.foreground().is_none());
    c.apply(Command::RunTool { line: format!("kafka-console-consumer.sh {BS} --topic orders --group mine") }).unwrap();
    c.apply(Command::Advance { steps: 100 }).unwrap();
    assert!(matches!(c.foreground(), Some(engine::tools::Foreground::ConsoleConsumer(r)) if r.printed > 0), "the consumer still prints");
}

#[test]
fn a_consumer_of_one_partition_reads_from_its_offset_without_a_group() {
    // `--partition` (assign() and seek(), ConsoleConsumer.ConsumerWrapper): no group joins and
    // nothing is committed; `--offset` earliest, latest or a number; an offset past the log's
    // end is reset to latest (auto.offset.reset), so nothing prints until new records come.
    let mut c = cluster();
    let p = engine::murmur2::partition_for_key(b"alice", 3);
    let script = format!(
        "kafka-console-producer.sh {BS} --topic orders --property parse.key=true --property key.separator=:\n\
         alice:1\nalice:2\nalice:3\n^D\n\
         kafka-console-consumer.sh {BS} --topic orders --partition {p} --offset 1 --property print.offset=true --max-messages 2\n\
         kafka-console-consumer.sh {BS} --topic orders --partition {p} --from-beginning --max-messages 1\n\
         kafka-console-consumer.sh {BS} --topic orders --partition {p} --offset 99 --timeout-ms 1000\n"
    );
    let out = run(&mut c, &script);
    let expected = format!(
        "$ kafka-console-consumer.sh {BS} --topic orders --partition {p} --offset 1 --property print.offset=true --max-messages 2\n\
         Offset:1\t2\nOffset:2\t3\nProcessed a total of 2 messages\n\
         $ kafka-console-consumer.sh {BS} --topic orders --partition {p} --from-beginning --max-messages 1\n\
         1\nProcessed a total of 1 messages\n\
         $ kafka-console-consumer.sh {BS} --topic orders --partition {p} --offset 99 --timeout-ms 1000\n"
    );
    assert!(out.contains(&expected), "{out}");
    assert!(out.ends_with("org.apache.kafka.common.errors.TimeoutException\nProcessed a total of 0 messages\n"), "{out}");
    assert_eq!(c.groups().count(), 0, "no group was joined");
    assert!(c.consumers().next().is_none(), "no group member was created");
}
