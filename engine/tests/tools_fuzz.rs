//! The terminal's fuzz (issue 25): real command lines of every tool, mutated (words dropped,
//! repeated, swapped, cut, quoted, options of the tool inserted) and random ones, typed into a
//! cluster with topics, records and a group. None may panic, and each must answer: the tool
//! exits (a `ToolExited` event, or it holds the terminal until Ctrl-C), and a failure says why.
//! Prints the seed of a failing line.

use engine::rng::Rng;
use engine::tools::{help, ToolSignal, ToolStream};
use engine::{Cluster, ClusterConfig, Command, ConsumerConfig, EventKind, OffsetReset, ProduceRequest, TopicConfig};

const LINES: &[&str] = &[
    "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t2 --partitions 2 --replication-factor 2 --config retention.ms=1000",
    "kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders --under-replicated-partitions",
    "kafka-topics.sh --bootstrap-server localhost:9092 --list --exclude-internal",
    "kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic orders --partitions 5",
    "kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic 'ord.*' --if-exists",
    "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator=: --producer-property acks=1",
    "echo 'k:v' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator=:",
    "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --group g --max-messages 3 --property print.key=true",
    "kafka-console-consumer.sh --bootstrap-server localhost:9092 --include 'ord.*' --timeout-ms 2000 --isolation-level read_committed",
    "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group g --members --verbose",
    "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --state stable,empty",
    "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic orders:0,1 --shift-by -2 --execute",
    "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --all-groups --all-topics --to-datetime 1970-01-01T00:00:01.000 --dry-run",
    "kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete --group g",
    "kafka-leader-election.sh --bootstrap-server localhost:9092 --election-type unclean --topic orders --partition 0",
    "kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name orders --add-config 'cleanup.policy=[compact,delete],retention.ms=5000' --delete-config segment.ms",
    "kafka-configs.sh --bootstrap-server localhost:9092 --describe --topic orders --all",
    "kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic orders --time -3 --partitions 0,2",
    "kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --replication --human-readable",
    "sandbox isolate-broker 2",
    "sleep 2",
];

fn cluster(seed: u64) -> Cluster {
    let mut c = Cluster::new(ClusterConfig { brokers: 3, seed, ..ClusterConfig::default() }).unwrap();
    c.apply(Command::CreateTopic { name: "orders".into(), partitions: 3, replication_factor: 3, config: TopicConfig::default() }).unwrap();
    for i in 0..20 {
        c.apply(Command::Produce(ProduceRequest::keyed("orders", &format!("k{i}"), "v", engine::Acks::All))).unwrap();
    }
    let config = ConsumerConfig {
        group_id: "g".into(),
        topics: vec!["orders".into()],
        auto_offset_reset: OffsetReset::Earliest,
        ..ConsumerConfig::default()
    };
    c.apply(Command::AddConsumer { config }).unwrap();
    c.apply(Command::Advance { steps: 80 }).unwrap();
    c
}

fn mutate(rng: &mut Rng, line: &str) -> String {
    let mut words: Vec<String> = line.split(' ').map(str::to_string).collect();
    let tool = words[0].clone();
    for _ in 0..1 + rng.below(3) {
        let n = words.len() as u64;
        match rng.below(7) {
            0 if n > 1 => {
                words.remove(1 + rng.below(n - 1) as usize);
            }
            1 => {
                let w = words[rng.below(n) as usize].clone();
                words.push(w);
            }
            2 if n > 2 => {
                let (a, b) = (1 + rng.below(n - 1) as usize, 1 + rng.below(n - 1) as usize);
                words.swap(a, b);
            }
            3 => {
                let options = help::option_names(&tool);
                if !options.is_empty() {
                    let o = options[rng.below(options.len() as u64) as usize].to_string();
                    words.insert(1 + rng.below(n) as usize, o);
                }
            }
            4 => {
                let i = rng.below(n) as usize;
                let cut = rng.below(words[i].len() as u64 + 1) as usize;
                words[i] = words[i].chars().take(cut).collect();
            }
            5 => {
                let i = rng.below(n) as usize;
                words[i] = ["'", "\"", "\\", "=", "-", "--", "|", "-1", "99999999999", "\u{1F600}"][rng.below(10) as usize].to_string()
                    + &words[i];
            }
            _ => words.push(["--topic", "--group", "-", "x", "--partitions", "0"][rng.below(6) as usize].to_string()),
        }
    }
    words.join(" ")
}

#[test]
fn mutated_and_random_command_lines_never_panic_and_always_answer() {
    let mut lines_run = 0;
    for seed in 1..=12u64 {
        let mut c = cluster(seed);
        let mut rng = Rng::new(seed);
        for i in 0..150 {
            let line = if rng.chance(1, 10) {
                (0..rng.below(40)).map(|_| char::from(32 + rng.below(95) as u8)).collect()
            } else {
                let base = LINES[rng.below(LINES.len() as u64) as usize];
                mutate(&mut rng, base)
            };
            while c.poll_event().is_some() {}
            let r = c.apply(Command::RunTool { line: line.clone() });
            let ran = match r {
                Ok(engine::Outcome::Ran(code)) => code,
                other => panic!("seed {seed} line {i}: {line:?} gave {other:?}"),
            };
            // A tool holding the terminal reads a few lines, then gets Ctrl-C.
            if c.foreground().is_some_and(|f| f.reads_input()) {
                c.apply(Command::ToolInput { line: "a:b".into() }).unwrap();
            }
            if c.foreground().is_some() {
                c.apply(Command::Advance { steps: 5 }).unwrap();
            }
            if c.foreground().is_some() {
                c.apply(Command::ToolSignal { signal: if rng.chance(1, 2) { ToolSignal::Interrupt } else { ToolSignal::Eof } }).unwrap();
                c.apply(Command::Advance { steps: 50 }).unwrap();
            }
            if c.foreground().is_some() {
                c.apply(Command::ToolSignal { signal: ToolSignal::Interrupt }).unwrap();
            }
            assert!(c.foreground().is_none(), "seed {seed} line {i}: {line:?} still holds the terminal");
            let mut exited = None;
            let mut said = String::new();
            while let Some(e) = c.poll_event() {
                match e.kind {
                    EventKind::ToolExited { code } => exited = Some(code),
                    EventKind::ToolOutput { stream: ToolStream::Stderr | ToolStream::Stdout, text } => said.push_str(&text),
                    _ => {}
                }
            }
            let code = exited.unwrap_or_else(|| panic!("seed {seed} line {i}: {line:?} never exited"));
            if code != 0 && ran != 0 {
                assert!(!said.trim().is_empty(), "seed {seed} line {i}: {line:?} failed ({code}) without a word");
            }
            lines_run += 1;
        }
    }
    assert!(lines_run >= 1_800);
}
