//! `kafka-consumer-groups.sh` in the terminal (issue 25): golden outputs per option and per
//! error, written from the research notes (`kafka-tools-formats.md`, sections 0 and 4): every
//! space, blank line and trailing pad. A line runs as `Command::RunTool`; what it prints arrives
//! as `ToolOutput` events, its exit code as `ToolExited`.

use engine::tools::{help, ToolStream};
use engine::*;

const BS: &str = "kafka-consumer-groups.sh --bootstrap-server localhost:9092";

/// What one line printed: stdout, stderr, both interleaved, and the exit code.
#[derive(Debug)]
struct Ran {
    stdout: String,
    stderr: String,
    code: i32,
}

fn sh(c: &mut Cluster, line: &str) -> Ran {
    while c.poll_event().is_some() {}
    c.apply(Command::RunTool { line: line.into() }).expect("a tool line is accepted");
    let mut ran = Ran { stdout: String::new(), stderr: String::new(), code: -1 };
    while let Some(e) = c.poll_event() {
        match e.kind {
            EventKind::ToolOutput { stream: ToolStream::Stdout, text } => ran.stdout.push_str(&text),
            EventKind::ToolOutput { stream: ToolStream::Stderr, text } => ran.stderr.push_str(&text),
            EventKind::ToolExited { code } => ran.code = code,
            _ => {}
        }
    }
    ran
}

fn table() -> &'static str {
    help::table("kafka-consumer-groups.sh")
}

/// `printUsageAndExit(message)`: the message and the option table on stderr, exit 1.
fn assert_usage(r: &Ran, message: &str) {
    assert_eq!(r.stdout, "", "{r:?}");
    assert_eq!(r.stderr, format!("{message}\n{}", table()), "{r:?}");
    assert_eq!(r.code, 1);
}

fn advance_ms(c: &mut Cluster, ms: u64) {
    let steps = ms.div_ceil(c.config().tick_ms) as u32;
    c.apply(Command::Advance { steps }).unwrap();
}

fn produce(c: &mut Cluster, topic: &str, partition: u32, n: usize) {
    for i in 0..n {
        let mut req = ProduceRequest::keyed(topic, &format!("k{i}"), "v", Acks::All);
        req.partition = Some(partition);
        c.apply(Command::Produce(req)).unwrap();
    }
}

/// Three brokers; topic `test` with 3 partitions holding 4, 5 and 2 records.
fn cluster() -> Cluster {
    let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 25, ..ClusterConfig::default() }).unwrap();
    let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
    c.apply(Command::CreateTopic { name: "test".into(), partitions: 3, replication_factor: 3, config }).unwrap();
    produce(&mut c, "test", 0, 4);
    produce(&mut c, "test", 1, 5);
    produce(&mut c, "test", 2, 2);
    advance_ms(&mut c, 1_000);
    c
}

fn consumer_config(group: &str) -> ConsumerConfig {
    ConsumerConfig {
        group_id: group.into(),
        topics: vec!["test".into()],
        auto_offset_reset: OffsetReset::Earliest,
        ..ConsumerConfig::default()
    }
}

/// A classic group `my-group` with one consumer that has read and committed everything.
fn stable_group(c: &mut Cluster) -> ConsumerId {
    let id = match c.apply(Command::AddConsumer { config: consumer_config("my-group") }).unwrap() {
        Outcome::ConsumerStarted(id) => id,
        o => panic!("{o:?}"),
    };
    advance_ms(c, 15_000);
    assert_eq!(c.group("my-group").unwrap().state_name(), "Stable");
    assert_eq!(c.group("my-group").unwrap().committed.len(), 3, "everything committed");
    id
}

/// The same group after its consumer closed: Empty, offsets 4, 5, 2 committed.
fn empty_group(c: &mut Cluster) {
    let id = stable_group(c);
    c.apply(Command::CloseConsumer { consumer: id }).unwrap();
    advance_ms(c, 5_000);
    assert_eq!(c.group("my-group").unwrap().state_name(), "Empty");
}

fn committed(c: &Cluster, group: &str, p: u32) -> Option<i64> {
    c.group(group)?.committed.get(&TopicPartition::new("test", p)).map(|o| o.0)
}

// ------------------------------------------------------------------ usage and parse errors

#[test]
fn no_arguments_help_and_version() {
    let mut c = cluster();
    let help_message = "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.";
    assert_usage(&sh(&mut c, "kafka-consumer-groups.sh"), help_message);
    assert_usage(&sh(&mut c, "kafka-consumer-groups.sh --help"), help_message);
    assert_usage(&sh(&mut c, &format!("{BS} --list --help")), help_message);
    let r = sh(&mut c, "kafka-consumer-groups.sh --version");
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.code), ("4.0.0\n", "", 0));
}

#[test]
fn parse_errors_escape_main_as_exceptions() {
    let mut c = cluster();
    let r = sh(&mut c, &format!("{BS} --lst"));
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with("Exception in thread \"main\" joptsimple.UnrecognizedOptionException: lst is not a recognized option\n\tat "),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 2, "the exception and one frame");
    assert_eq!(r.code, 1);
    let r = sh(&mut c, &format!("{BS} --list --members"));
    assert!(r.stderr.starts_with(
        "Exception in thread \"main\" joptsimple.UnavailableOptionException: Option(s) [members] are unavailable given other options on the command line\n"
    ));
    assert_eq!(r.code, 1);
    let r = sh(&mut c, &format!("{BS} --describe --group"));
    assert!(r.stderr.starts_with(
        "Exception in thread \"main\" joptsimple.OptionMissingRequiredArgumentException: Option group requires an argument\n"
    ));
    let r = sh(&mut c, &format!("{BS} --describe --group g --type"));
    assert!(r.stderr.contains("Option(s) [type] are unavailable"), "{}", r.stderr);
}

#[test]
fn check_args_messages_in_order() {
    let mut c = cluster();
    assert_usage(&sh(&mut c, "kafka-consumer-groups.sh --list"), "Missing required argument \"[bootstrap-server]\"");
    assert_usage(&sh(&mut c, &format!("{BS} --describe")), "Option [describe] takes one of these options: [all-groups], [group]");
    assert_usage(&sh(&mut c, &format!("{BS} --list --describe")), "Option [describe] takes one of these options: [all-groups], [group]");
    assert_usage(
        &sh(&mut c, &format!("{BS} --describe --group g --members --state")),
        "Option [describe] takes at most one of these options: [members], [offsets], [state]",
    );
    assert_usage(&sh(&mut c, &format!("{BS} --describe --group g --state stable")), "Option [describe] does not take a value for [state]");
    assert_usage(&sh(&mut c, &format!("{BS} --delete")), "Option [delete] takes one of these options: [all-groups], [group]");
    assert_usage(
        &sh(&mut c, &format!("{BS} --delete --group g --topic t")),
        "The consumer does not support topic-specific offset deletion from a consumer group.",
    );
    assert_usage(
        &sh(&mut c, &format!("{BS} --delete-offsets --group g")),
        "Option [delete-offsets] takes the following options: [topic], [group]",
    );
    assert_usage(
        &sh(&mut c, &format!("{BS} --reset-offsets --group g --dry-run --execute --to-earliest")),
        "Option [reset-offsets] only accepts one of [execute] and [dry-run]",
    );
    assert_usage(
        &sh(&mut c, &format!("{BS} --reset-offsets --group g --topic test --to-earliest --to-latest --dry-run")),
        "Option \"[to-earliest]\" can't be used with option \"[to-latest]\"",
    );
    assert_usage(
        &sh(&mut c, &format!("{BS} --describe --group g --all-groups")),
        "Option \"[group]\" can't be used with option \"[all-groups]\"",
    );
    assert_usage(&sh(&mut c, &format!("{BS} --list --group g")), "Option \"[group]\" can't be used with option \"[list]\"");
    assert_usage(
        &sh(&mut c, &format!("{BS} --describe --group g --topic t")),
        "Option \"[topic]\" can't be used with option \"[describe]\"",
    );
    assert_usage(
        &sh(&mut c, &format!("{BS} --group g")),
        "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets",
    );
}

/// Without `--execute` or `--dry-run`, the WARN goes to stderr and the command goes on; a
/// usage error after it still prints it first.
#[test]
fn reset_without_dry_run_warns_first() {
    let mut c = cluster();
    let warn = "WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.\n";
    let r = sh(&mut c, &format!("{BS} --reset-offsets --to-earliest --topic test"));
    assert_eq!(r.stderr, format!("{warn}Option [reset-offsets] takes one of these options: [all-groups], [group]\n{}", table()));
    assert_eq!(r.code, 1);
}

// ------------------------------------------------------------------ --list

#[test]
fn list_plain_and_with_state() {
    let mut c = cluster();
    let r = sh(&mut c, &format!("{BS} --list"));
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.code), ("", "", 0), "no groups: nothing");
    let r = sh(&mut c, &format!("{BS} --list --state"));
    assert_eq!(r.stdout, "GROUP                     STATE               \n", "the header alone, padded");
    stable_group(&mut c);
    let r = sh(&mut c, &format!("{BS} --list"));
    assert_eq!((r.stdout.as_str(), r.code), ("my-group\n", 0));
    let r = sh(&mut c, &format!("{BS} --list --state"));
    assert_eq!(r.stdout, "GROUP                     STATE               \nmy-group                  Stable              \n");
    let r = sh(&mut c, &format!("{BS} --list --state stable,empty"));
    assert_eq!(r.stdout, "GROUP                     STATE               \nmy-group                  Stable              \n");
    let r = sh(&mut c, &format!("{BS} --list --state Empty"));
    assert_eq!(r.stdout, "GROUP                     STATE               \n");
    let r = sh(&mut c, &format!("{BS} --list --type --state"));
    assert_eq!(
        r.stdout,
        "GROUP                     TYPE                 STATE               \nmy-group                  Classic              Stable              \n"
    );
    let r = sh(&mut c, &format!("{BS} --list --type consumer"));
    assert_eq!(r.stdout, "GROUP                     TYPE                \n");
    assert_usage(
        &sh(&mut c, &format!("{BS} --list --state foo")),
        "Invalid state list 'foo'. Valid states are: PreparingRebalance, CompletingRebalance, Stable, Dead, Empty, Assigning, Reconciling",
    );
}

/// `--list` order is the admin client's `HashMap` of group ids; a long id widens the column.
#[test]
fn list_orders_and_widens() {
    let mut c = cluster();
    for g in ["a-group-with-a-long-name", "b"] {
        c.apply(Command::AlterGroupOffsets { group: g.into(), offsets: vec![(TopicPartition::new("test", 0), Offset(1))] }).unwrap();
    }
    let r = sh(&mut c, &format!("{BS} --list --state"));
    // "b".hashCode() = 98 (bucket 2); the long id's hash falls in a later bucket of 16.
    let long_bucket = {
        let h = "a-group-with-a-long-name".encode_utf16().fold(0i32, |h, u| h.wrapping_mul(31).wrapping_add(i32::from(u)));
        ((h as u32) ^ ((h as u32) >> 16)) & 15
    };
    // The GROUP column: max(15, longest id) + 10 = 34; STATE is %-20s.
    let row = |g: &str, s: &str| format!("{g:<34} {s:<20}\n");
    let (first, second) = if long_bucket < 2 { ("a-group-with-a-long-name", "b") } else { ("b", "a-group-with-a-long-name") };
    assert_eq!(r.stdout, format!("{}{}{}", row("GROUP", "STATE"), row(first, "Empty"), row(second, "Empty")));
}

// ------------------------------------------------------------------ --describe

#[test]
fn describe_a_stable_group_offsets_members_state() {
    let mut c = cluster();
    let id = stable_group(&mut c);
    let member = c.consumer(id).unwrap().member_id.clone().unwrap();
    let client = c.consumer(id).unwrap().client_id.clone();
    assert!(member.len() > 15 && client.len() > 15);
    let consumer_col = format!("{:<w$}", "CONSUMER-ID", w = member.len());
    let client_col = format!("{:<w$}", "CLIENT-ID", w = client.len());

    // Offsets (the default): a blank line first, rows in HashMap order of test's partitions
    // (1, 0, 2), a newline after the last row.
    let r = sh(&mut c, &format!("{BS} --describe --group my-group"));
    let expected = format!(
        "\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             {consumer_col} HOST            CLIENT-ID\
         \nmy-group        test            1          5               5               0               {member} /127.0.0.1      {client}\
         \nmy-group        test            0          4               4               0               {member} /127.0.0.1      {client}\
         \nmy-group        test            2          2               2               0               {member} /127.0.0.1      {client}\n"
    );
    assert_eq!(r.stdout, expected);
    assert_eq!((r.stderr.as_str(), r.code), ("", 0));
    assert_eq!(sh(&mut c, &format!("{BS} --describe --group my-group --offsets")).stdout, expected);
    assert_eq!(sh(&mut c, &format!("{BS} --describe --all-groups")).stdout, expected);

    // --members (KIP-1099): every line ends in #PARTITIONS' padding and a space.
    let r = sh(&mut c, &format!("{BS} --describe --group my-group --members"));
    assert_eq!(
        r.stdout,
        format!(
            "\nGROUP           {consumer_col} HOST            {client_col} #PARTITIONS     \
             \nmy-group        {member} /127.0.0.1      {client} 3               \n"
        )
    );
    let r = sh(&mut c, &format!("{BS} --describe --group my-group --members --verbose"));
    assert_eq!(
        r.stdout,
        format!(
            "\nGROUP           {consumer_col} HOST            {client_col} #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   \
             \nmy-group        {member} /127.0.0.1      {client} 3               -               test:0,1,2           -               -                   \n"
        )
    );

    // --state (KIP-1099): GROUP first, the coordinator "host:port  (id)" (two spaces).
    let broker = c.group("my-group").unwrap().coordinator.unwrap().0;
    let coordinator = format!("{:<25}", format!("localhost:{}  ({broker})", 9090 + 2 * broker));
    let r = sh(&mut c, &format!("{BS} --describe --group my-group --state"));
    assert_eq!(
        r.stdout,
        format!(
            "\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS\
             \nmy-group        {coordinator} range                Stable               1\n"
        )
    );
    let r = sh(&mut c, &format!("{BS} --describe --group my-group --state --verbose"));
    assert_eq!(
        r.stdout,
        format!(
            "\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS\
             \nmy-group        {coordinator} range                Stable               -               -                         1\n"
        )
    );
}

#[test]
fn describe_an_empty_group() {
    let mut c = cluster();
    empty_group(&mut c);
    let r = sh(&mut c, &format!("{BS} --describe --group my-group"));
    assert_eq!(r.stderr, "\nConsumer group 'my-group' has no active members.\n");
    assert_eq!(
        r.stdout,
        "\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID\
         \nmy-group        test            1          5               5               0               -               -               -\
         \nmy-group        test            0          4               4               0               -               -               -\
         \nmy-group        test            2          2               2               0               -               -               -\n"
    );
    assert_eq!(r.code, 0);
    // --members: the header is printed even with no member.
    let r = sh(&mut c, &format!("{BS} --describe --group my-group --members"));
    assert_eq!(r.stderr, "\nConsumer group 'my-group' has no active members.\n");
    assert_eq!(r.stdout, "\nGROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     \n");
    // --state: Empty is printed (one row), the strategy is "-" outside Stable.
    let r = sh(&mut c, &format!("{BS} --describe --group my-group --state"));
    let broker = c.group("my-group").unwrap().coordinator.unwrap().0;
    let coordinator = format!("{:<25}", format!("localhost:{}  ({broker})", 9090 + 2 * broker));
    assert_eq!(
        r.stdout,
        format!(
            "\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS\
             \nmy-group        {coordinator} -                    Empty                0\n"
        )
    );
}

/// 4.0's brokers answer GROUP_ID_NOT_FOUND (KAFKA-17550): the whole command fails, on stdout,
/// with the ExecutionException's trace on stderr, and exits 0.
#[test]
fn describe_an_unknown_group_fails() {
    let mut c = cluster();
    let r = sh(&mut c, &format!("{BS} --describe --group nope"));
    assert_eq!(
        r.stdout,
        "\nError: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group nope not found.\n"
    );
    assert!(
        r.stderr.starts_with(
            "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: Group nope not found.\n\tat "
        ),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 2);
    assert_eq!(r.code, 0);
}

// ------------------------------------------------------------------ --reset-offsets

const RESET_HEADER: &str = "\nGROUP                          TOPIC                          PARTITION  NEW-OFFSET     ";

#[test]
fn reset_dry_run_is_the_default_and_changes_nothing() {
    let mut c = cluster();
    empty_group(&mut c);
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --to-earliest"));
    assert!(r.stderr.starts_with("WARN: No action will be performed as the --execute option is missing."));
    assert_eq!(
        r.stdout,
        format!(
            "{RESET_HEADER}\
             \nmy-group                       test                           1          0              \
             \nmy-group                       test                           0          0              \
             \nmy-group                       test                           2          0              \n"
        )
    );
    assert_eq!(r.code, 0);
    assert_eq!(committed(&c, "my-group", 0), Some(4), "a dry run changes nothing");
    // --dry-run: the same table, no WARN.
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --to-earliest --dry-run"));
    assert_eq!(r.stderr, "");
    assert!(r.stdout.starts_with(RESET_HEADER));
    // --export: CSV, topic,partition,offset for one group, and println's newline.
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --to-latest --dry-run --export"));
    assert_eq!(r.stdout, "test,1,5\ntest,0,4\ntest,2,2\n\n");
}

#[test]
fn reset_execute_to_offset_clamps_with_a_warning() {
    let mut c = cluster();
    empty_group(&mut c);
    advance_ms(&mut c, 4_000);
    let now = c.now().0;
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test:0,2 --to-offset 3 --execute"));
    // test-2 holds 2 records: 3 is past its end.
    let date = format!("1970-01-01 00:00:{:02},{:03}", now / 1000, now % 1000);
    assert!(now < 60_000);
    assert_eq!(
        r.stderr,
        format!(
            "[{date}] WARN New offset (3) is higher than latest offset for topic partition test-2. Value will be set to 2 (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)\n"
        )
    );
    assert_eq!(
        r.stdout,
        format!(
            "{RESET_HEADER}\
             \nmy-group                       test                           0          3              \
             \nmy-group                       test                           2          2              \n"
        )
    );
    assert_eq!((committed(&c, "my-group", 0), committed(&c, "my-group", 1), committed(&c, "my-group", 2)), (Some(3), Some(5), Some(2)));
    // The group's offsets partition holds the commit: a coordinator reload keeps it.
    advance_ms(&mut c, 2_000);
    assert_eq!(committed(&c, "my-group", 0), Some(3));
}

#[test]
fn reset_shift_by_current_and_latest() {
    let mut c = cluster();
    empty_group(&mut c);
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --all-topics --shift-by -2 --execute"));
    assert_eq!(
        r.stdout,
        format!(
            "{RESET_HEADER}\
             \nmy-group                       test                           1          3              \
             \nmy-group                       test                           0          2              \
             \nmy-group                       test                           2          0              \n"
        )
    );
    assert_eq!((committed(&c, "my-group", 0), committed(&c, "my-group", 1), committed(&c, "my-group", 2)), (Some(2), Some(3), Some(0)));
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --all-topics --to-current --dry-run"));
    assert!(r.stdout.contains("\nmy-group                       test                           1          3              "));
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --to-latest --execute"));
    assert_eq!(r.code, 0);
    assert_eq!((committed(&c, "my-group", 0), committed(&c, "my-group", 1), committed(&c, "my-group", 2)), (Some(4), Some(5), Some(2)));
    // A describe shows the new offsets.
    let r = sh(&mut c, &format!("{BS} --describe --group my-group"));
    assert!(r.stdout.contains("\nmy-group        test            0          4               4               0               -"));
}

#[test]
fn reset_by_time() {
    let mut c = cluster();
    empty_group(&mut c);
    // More records on test-0 well after 5 s.
    assert!(c.now().0 > 20_000);
    produce(&mut c, "test", 0, 3);
    advance_ms(&mut c, 1_000);
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --to-datetime 1970-01-01T00:00:05.000 --dry-run"));
    // test-1 and test-2 have nothing from 5 s on: a Warn each (HashMap order), their log end.
    assert_eq!(
        r.stdout,
        format!(
            "\nWarn: Partition 1 from topic test is empty. Falling back to latest known offset.\
             \n\nWarn: Partition 2 from topic test is empty. Falling back to latest known offset.\
             \n{RESET_HEADER}\
             \nmy-group                       test                           1          5              \
             \nmy-group                       test                           0          4              \
             \nmy-group                       test                           2          2              \n"
        )
    );
    // --by-duration: the same instant counted back from now.
    let back = c.now().0 - 5_000;
    let r = sh(
        &mut c,
        &format!("{BS} --reset-offsets --group my-group --topic test:0 --by-duration PT{}.{:03}S --dry-run", back / 1000, back % 1000),
    );
    assert_eq!(
        r.stdout,
        format!("{RESET_HEADER}\nmy-group                       test                           0          4              \n")
    );
    // Parse failures are runtime errors: stdout, a trace, exit 0.
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --to-datetime 1970-01-01 --dry-run"));
    assert_eq!(
        r.stdout,
        "\nError: Executing consumer group command failed due to java.text.ParseException: Error parsing timestamp. It does not contain a 'T' according to ISO8601 format\n"
    );
    assert_eq!(r.code, 0);
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --by-duration 5s --dry-run"));
    assert_eq!(r.stdout, "\nError: Executing consumer group command failed due to Text cannot be parsed to a Duration\n");
    assert!(r.stderr.starts_with("java.time.format.DateTimeParseException: Text cannot be parsed to a Duration\n\tat "));
}

#[test]
fn reset_refuses_an_active_group_and_creates_an_unknown_one() {
    let mut c = cluster();
    stable_group(&mut c);
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --to-earliest --execute"));
    assert_eq!(
        r.stdout,
        format!("\nError: Assignments can only be reset if the group 'my-group' is inactive, but the current state is Stable.\n{RESET_HEADER}\n")
    );
    assert_eq!(r.code, 0);
    // An unknown group is inactive: its offsets are created.
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group new-group --topic test:1 --to-offset 2 --execute"));
    assert_eq!(
        r.stdout,
        format!("{RESET_HEADER}\nnew-group                      test                           1          2              \n")
    );
    assert_eq!(committed(&c, "new-group", 1), Some(2));
    let r = sh(&mut c, &format!("{BS} --list --state empty"));
    assert_eq!(r.stdout, "GROUP                     STATE               \nnew-group                 Empty               \n");
}

#[test]
fn reset_usage_errors() {
    let mut c = cluster();
    empty_group(&mut c);
    assert_usage(
        &sh(&mut c, &format!("{BS} --reset-offsets --group my-group --to-earliest --dry-run")),
        "One of the reset scopes should be defined: --all-topics, --topic.",
    );
    assert_usage(
        &sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test: --to-earliest --dry-run")),
        "Invalid topic arg 'test:', expected topic name and partitions",
    );
    assert_usage(
        &sh(&mut c, &format!("{BS} --reset-offsets --group fresh --topic test --shift-by 1 --dry-run")),
        "Cannot shift offset for partition test-0 since there is no current committed offset",
    );
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --dry-run"));
    assert!(r.stderr.starts_with("Option '[reset-offsets]' requires one of the following scenarios: [["), "{}", r.stderr);
    assert_eq!(r.code, 1);
    // A topic that does not exist: the admin call's exception.
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic nope --to-earliest --dry-run"));
    assert_eq!(r.stdout, "\nError: Executing consumer group command failed due to This server does not host this topic-partition.\n");
    assert_eq!(r.code, 0);
}

// ------------------------------------------------------------------ --delete

#[test]
fn delete_only_empty_groups() {
    let mut c = cluster();
    stable_group(&mut c);
    let r = sh(&mut c, &format!("{BS} --delete --group my-group"));
    assert_eq!(
        r.stdout,
        "\nError: Deletion of some consumer groups failed:\n* Group 'my-group' could not be deleted due to: java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.\n"
    );
    assert_eq!(r.code, 0);
    let r = sh(&mut c, &format!("{BS} --delete --group nope"));
    assert_eq!(
        r.stdout,
        "\nError: Deletion of some consumer groups failed:\n* Group 'nope' could not be deleted due to: java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.\n"
    );
    c.apply(Command::AlterGroupOffsets { group: "old".into(), offsets: vec![(TopicPartition::new("test", 0), Offset(1))] }).unwrap();
    let r = sh(&mut c, &format!("{BS} --delete --group old"));
    assert_eq!((r.stdout.as_str(), r.code), ("Deletion of requested consumer groups ('old') was successful.\n", 0));
    assert!(c.group("old").is_none());
    let r = sh(&mut c, &format!("{BS} --list"));
    assert_eq!(r.stdout, "my-group\n");
}

// ------------------------------------------------------------------ run-time odds and ends

#[test]
fn runtime_option_values_and_files() {
    let mut c = cluster();
    empty_group(&mut c);
    let r = sh(&mut c, &format!("{BS} --list --timeout abc"));
    assert_eq!(r.stdout, "\nError: Executing consumer group command failed due to Cannot parse argument 'abc' of option timeout\n");
    assert!(r.stderr.starts_with("joptsimple.OptionArgumentConversionException: Cannot parse argument 'abc' of option timeout\n"));
    assert_eq!(r.code, 0);
    let r = sh(&mut c, &format!("{BS} --reset-offsets --group my-group --topic test --to-offset x --dry-run"));
    assert_eq!(r.stdout, "\nError: Executing consumer group command failed due to Cannot parse argument 'x' of option to-offset\n");
    let r = sh(&mut c, &format!("{BS} --list --command-config client.properties"));
    assert_eq!(r.stdout, "\nError: Executing consumer group command failed due to java.nio.file.NoSuchFileException: client.properties\n");
    assert!(r.stderr.starts_with("java.lang.RuntimeException: java.nio.file.NoSuchFileException: client.properties\n"));
}

// ------------------------------------------------------------------ replay and robustness

#[test]
fn a_session_of_tool_lines_replays_to_the_same_state() {
    let mut c = cluster();
    empty_group(&mut c);
    for line in [
        format!("{BS} --list --state"),
        format!("{BS} --describe --group my-group"),
        format!("{BS} --reset-offsets --group my-group --all-topics --shift-by -1 --execute"),
        format!("{BS} --reset-offsets --group other --topic test --to-earliest --execute"),
        format!("{BS} --delete --group other"),
        format!("{BS} --describe --group my-group --members --verbose"),
    ] {
        sh(&mut c, &line);
    }
    advance_ms(&mut c, 3_000);
    let log: Vec<Command> = c.command_log().iter().map(|t| t.command.clone()).collect();
    let mut replay = Cluster::new(c.config().clone()).unwrap();
    for command in log {
        let _ = replay.apply(command);
    }
    // Events still queued are state too: drain both.
    while replay.poll_event().is_some() {}
    while c.poll_event().is_some() {}
    assert_eq!(replay.now(), c.now());
    assert_eq!(replay.snapshot_hash(), c.snapshot_hash());
    assert_eq!(replay.group("my-group").unwrap().committed, c.group("my-group").unwrap().committed);
    assert!(replay.group("other").is_none());
}

#[test]
fn random_lines_never_panic() {
    let mut c = cluster();
    empty_group(&mut c);
    let pieces = [
        "--list",
        "--describe",
        "--delete",
        "--reset-offsets",
        "--delete-offsets",
        "--group",
        "my-group",
        "nope",
        "--all-groups",
        "--topic",
        "test",
        "test:0,1",
        "test:",
        "--all-topics",
        "--to-earliest",
        "--to-latest",
        "--to-current",
        "--to-offset",
        "3",
        "-5",
        "--shift-by",
        "--to-datetime",
        "1970-01-01T00:00:01.000",
        "--by-duration",
        "PT1S",
        "--execute",
        "--dry-run",
        "--export",
        "--members",
        "--state",
        "--verbose",
        "--offsets",
        "--type",
        "classic",
        "--timeout",
        "x",
        "--",
        "=",
    ];
    let mut seed = 7u64;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    for _ in 0..400 {
        let n = next(9);
        let words: Vec<&str> = (0..n).map(|_| pieces[next(pieces.len())]).collect();
        let r = sh(&mut c, &format!("{BS} {}", words.join(" ")));
        assert!(r.code == 0 || r.code == 1, "{words:?}: {r:?}");
    }
}

// ------------------------------------------------------------------ --delete-offsets

#[test]
fn delete_offsets_of_a_subscribed_topic_is_refused_per_partition() {
    // `ConsumerGroupService.deleteOffsets`: the top-level line, then "%n%-30s %-15s %-15s"
    // rows sorted by topic + partition as a string; errors print "Error: :" and the
    // ExecutionException's message. The tool returns normally: exit 0.
    let mut c = cluster();
    stable_group(&mut c);
    let r = sh(&mut c, &format!("{BS} --delete-offsets --group my-group --topic test:2,0"));
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "");
    let refused = "Error: :org.apache.kafka.common.errors.GroupSubscribedToTopicException: Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.";
    assert_eq!(
        r.stdout,
        format!(
            "\nError: Encounter some partition level error, see the follow-up details:\n\n\
             TOPIC                          PARTITION       STATUS         \n\
             test                           0               {refused}\n\
             test                           2               {refused}\n"
        )
    );
    assert_eq!(committed(&c, "my-group", 0), Some(4), "nothing deleted");
}

#[test]
fn delete_offsets_of_an_empty_group_with_an_unknown_topic_and_group() {
    let mut c = cluster();
    empty_group(&mut c);
    let r = sh(&mut c, &format!("{BS} --delete-offsets --group my-group --topic test --topic nope"));
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "Request succeed for deleting offsets with topic test, nope group my-group\n\n\
         TOPIC                          PARTITION       STATUS         \n\
         nope                           Not Provided    Error: :org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.\n\
         test                           0               Successful     \n\
         test                           1               Successful     \n\
         test                           2               Successful     \n"
    );
    assert_eq!((committed(&c, "my-group", 0), committed(&c, "my-group", 1)), (None, None));
    let r = sh(&mut c, &format!("{BS} --delete-offsets --group other --topic test:1"));
    assert_eq!(
        r.stdout,
        "\nError: 'other' does not exist.\n\n\
         TOPIC                          PARTITION       STATUS         \n\
         test                           1               Error: :org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.\n"
    );
}
