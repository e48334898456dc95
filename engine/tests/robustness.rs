//! Random and malformed commands must come back as typed errors, never a panic; the same seed
//! and commands must give byte-identical serialized state.

mod common;
use common::{create_topic, produce};
use engine::rng::Rng;
use engine::tools::TOOL_NAMES;
use engine::{Acks, BrokerId, Cluster, ClusterConfig, Command, ProduceRequest, TopicConfig};

fn random_string(rng: &mut Rng) -> String {
    const POOL: &[&str] = &["", ".", "..", "orders", "a b", "t0", "__consumer_offsets", "x.y", "x_y", "é", "-", "_"];
    if rng.chance(1, 4) {
        "z".repeat(rng.below(300) as usize)
    } else {
        POOL[rng.below(POOL.len() as u64) as usize].to_string()
    }
}

fn wild_u32(rng: &mut Rng) -> u32 {
    match rng.below(4) {
        0 => 0,
        1 => u32::MAX,
        2 => rng.below(12) as u32,
        _ => rng.next_u64() as u32,
    }
}

/// Producer configs, valid and not, by name: for `CreateProducer` and the load's producer.
fn random_producer_config(rng: &mut Rng) -> Vec<(String, String)> {
    const NAMES: &[&str] = &[
        "acks",
        "enable.idempotence",
        "retries",
        "linger.ms",
        "batch.size",
        "max.in.flight.requests.per.connection",
        "delivery.timeout.ms",
        "transactional.id",
        "buffer.memory",
        "bogus",
    ];
    const VALUES: &[&str] = &["0", "1", "all", "-1", "true", "false", "6", "99999999999", "", "x", "16384"];
    let pick = |rng: &mut Rng, from: &[&str]| from[rng.below(from.len() as u64) as usize].to_string();
    (0..rng.below(4)).map(|_| (pick(rng, NAMES), pick(rng, VALUES))).collect()
}

fn random_command(rng: &mut Rng) -> Command {
    let broker = BrokerId(wild_u32(rng) % 12);
    match rng.below(29) {
        0 => Command::CreateTopic {
            name: random_string(rng),
            partitions: wild_u32(rng) % 2000,
            replication_factor: wild_u32(rng),
            config: TopicConfig {
                min_insync_replicas: wild_u32(rng),
                retention_ms: rng.next_u64() as i64,
                retention_bytes: rng.next_u64() as i64,
                segment_bytes: rng.next_u64(),
                unclean_leader_election_enable: rng.chance(1, 2),
                ..TopicConfig::default()
            },
        },
        1 => Command::AddPartitions { topic: random_string(rng), partitions: wild_u32(rng) },
        2 | 3 => Command::Produce(ProduceRequest {
            topic: random_string(rng).into(),
            key: rng.chance(1, 2).then(|| vec![0xff; rng.below(40) as usize].into()),
            value: rng.chance(3, 4).then(|| vec![1; rng.below(2_000_000) as usize].into()),
            partition: rng.chance(1, 3).then(|| wild_u32(rng)),
            headers: Vec::new(),
            acks: [Acks::None, Acks::Leader, Acks::All][rng.below(3) as usize],
        }),
        4 => Command::StopBroker { broker },
        5 => Command::StartBroker { broker },
        6 => Command::IsolateBroker { broker },
        7 => Command::HealBroker { broker },
        8 => Command::ElectPreferredLeaders { topic: rng.chance(1, 2).then(|| random_string(rng)) },
        10 => Command::AddConsumer {
            config: engine::ConsumerConfig {
                group_protocol: if rng.chance(1, 2) { engine::GroupProtocol::Classic } else { engine::GroupProtocol::Consumer },
                remote_assignor: if rng.chance(1, 2) { engine::ServerAssignor::Uniform } else { engine::ServerAssignor::Range },
                group_id: random_string(rng),
                topics: (0..rng.below(3)).map(|_| if rng.chance(1, 2) { "orders".to_string() } else { random_string(rng) }).collect(),
                assignor: engine::assignor::AssignorName::ALL[rng.below(4) as usize],
                enable_auto_commit: rng.chance(1, 2),
                commit_before_processing: rng.chance(1, 2),
                auto_commit_interval_ms: rng.next_u64() % 10_000_000,
                auto_offset_reset: [engine::OffsetReset::Earliest, engine::OffsetReset::Latest, engine::OffsetReset::None]
                    [rng.below(3) as usize],
                max_poll_records: wild_u32(rng),
                processing_ms_per_record: rng.next_u64() % 100_000,
                session_timeout_ms: rng.next_u64() % 2_000_000,
                heartbeat_interval_ms: rng.next_u64() % 50_000,
                max_poll_interval_ms: rng.next_u64() % 5_000_000,
                isolation_level: if rng.chance(1, 2) {
                    engine::IsolationLevel::ReadCommitted
                } else {
                    engine::IsolationLevel::ReadUncommitted
                },
                never_commit: rng.chance(1, 4),
                client_id: rng.chance(1, 2).then(|| random_string(rng)),
            },
        },
        11 => Command::CrashConsumer { consumer: engine::ConsumerId(wild_u32(rng) % 8) },
        12 => Command::SetConsumerPolling { consumer: engine::ConsumerId(wild_u32(rng) % 8), polling: rng.chance(1, 2) },
        13 => Command::SetConsumerProcessing { consumer: engine::ConsumerId(wild_u32(rng) % 8), ms_per_record: rng.next_u64() % 100_000 },
        14 => Command::ShutdownBroker { broker },
        15 => Command::CloseConsumer { consumer: engine::ConsumerId(wild_u32(rng) % 8) },
        16 => {
            const NAMES: &[&str] = &[
                "min.insync.replicas",
                "retention.ms",
                "retention.bytes",
                "segment.bytes",
                "cleanup.policy",
                "foo",
                "",
                "delete.retention.ms",
            ];
            const VALUES: &[&str] = &["0", "1", "-1", "-2", "abc", "compact", "compact,delete", "", "99999999999999999999", "true"];
            let pick = |rng: &mut Rng, from: &[&str]| from[rng.below(from.len() as u64) as usize].to_string();
            let set = (0..rng.below(3)).map(|_| (pick(rng, NAMES), pick(rng, VALUES))).collect();
            let delete = (0..rng.below(2)).map(|_| pick(rng, NAMES)).collect();
            Command::AlterTopicConfig { topic: if rng.chance(3, 4) { "orders".into() } else { random_string(rng) }, set, delete }
        }
        17 => Command::Advance { steps: if rng.chance(1, 10) { wild_u32(rng) } else { rng.below(20) as u32 } },
        18 => Command::StartLoad {
            topic: if rng.chance(3, 4) { "orders".into() } else { random_string(rng) },
            rate_per_s: wild_u32(rng) % 200_000,
            key_count: wild_u32(rng) % 20_000,
            acks: [Acks::None, Acks::Leader, Acks::All][rng.below(3) as usize],
            producer_config: if rng.chance(1, 2) { random_producer_config(rng) } else { Vec::new() },
        },
        19 => Command::StopLoad,
        20 => Command::CreateProducer { config: random_producer_config(rng) },
        21 | 22 => Command::Send {
            producer: engine::ProducerHandle(wild_u32(rng) % 4),
            record: engine::ProduceRecord {
                topic: if rng.chance(3, 4) { "orders".into() } else { random_string(rng).into() },
                key: rng.chance(1, 2).then(|| vec![0xff; rng.below(40) as usize].into()),
                value: rng.chance(3, 4).then(|| vec![1; rng.below(2_000_000) as usize].into()),
                partition: rng.chance(1, 3).then(|| wild_u32(rng)),
                headers: Vec::new(),
            },
        },
        23 => {
            let producer = engine::ProducerHandle(wild_u32(rng) % 4);
            if rng.chance(1, 2) {
                Command::FlushProducer { producer }
            } else {
                Command::CloseProducer { producer }
            }
        }
        24 => {
            let producer = engine::ProducerHandle(wild_u32(rng) % 4);
            match rng.below(5) {
                0 => Command::InitTransactions { producer },
                1 => Command::BeginTransaction { producer },
                2 => Command::CommitTransaction { producer },
                3 => Command::AbortTransaction { producer },
                _ => Command::SendOffsetsToTransaction {
                    producer,
                    group: if rng.chance(3, 4) { "g".into() } else { random_string(rng) },
                    offsets: (0..rng.below(4))
                        .map(|_| (engine::TopicPartition::new("orders", wild_u32(rng) % 8), engine::Offset(rng.next_u64() as i64)))
                        .collect(),
                },
            }
        }
        25 => match rng.below(4) {
            0 => Command::DeleteTopic { topic: if rng.chance(1, 2) { "orders".into() } else { random_string(rng) } },
            1 => Command::AlterGroupOffsets {
                group: if rng.chance(3, 4) { "g".into() } else { random_string(rng) },
                offsets: (0..rng.below(4))
                    .map(|_| (engine::TopicPartition::new("orders", wild_u32(rng) % 8), engine::Offset(rng.next_u64() as i64)))
                    .collect(),
            },
            2 => Command::DeleteGroup { group: if rng.chance(3, 4) { "g".into() } else { random_string(rng) } },
            _ => Command::DeleteGroupOffsets {
                group: if rng.chance(3, 4) { "g".into() } else { random_string(rng) },
                partitions: (0..rng.below(4)).map(|_| engine::TopicPartition::new("orders", wild_u32(rng) % 8)).collect(),
            },
        },
        26 => Command::ElectLeaders {
            election: if rng.chance(1, 2) { engine::ElectionType::Preferred } else { engine::ElectionType::Unclean },
            partitions: rng
                .chance(1, 2)
                .then(|| (0..rng.below(4)).map(|_| engine::TopicPartition::new("orders", wild_u32(rng) % 8)).collect()),
        },
        27 => Command::RunTool { line: random_tool_line(rng) },
        28 => match rng.below(2) {
            0 => Command::ToolInput { line: random_string(rng) },
            _ => Command::ToolSignal {
                signal: if rng.chance(1, 2) { engine::tools::ToolSignal::Eof } else { engine::tools::ToolSignal::Interrupt },
            },
        },
        _ => Command::SetFetchDelay { broker, delay_ms: rng.next_u64() % 5_000_000 },
    }
}

/// A tool line from pieces of real ones, or noise.
fn random_tool_line(rng: &mut Rng) -> String {
    if rng.chance(1, 5) {
        return random_string(rng);
    }
    const WORDS: [&str; 30] = [
        "--bootstrap-server",
        "localhost:9092",
        "--topic",
        "orders",
        "--create",
        "--describe",
        "--list",
        "--delete",
        "--alter",
        "--partitions",
        "3",
        "--replication-factor",
        "--group",
        "g",
        "--from-beginning",
        "--max-messages",
        "--reset-offsets",
        "--to-earliest",
        "--execute",
        "--members",
        "--state",
        "describe",
        "--status",
        "--election-type",
        "preferred",
        "--all-topic-partitions",
        "kill-broker",
        "2",
        "--property",
        "print.key=true",
    ];
    // Every tool the terminal knows, by the engine's own list (the same ten, in the same order).
    let mut line = TOOL_NAMES[rng.below(TOOL_NAMES.len() as u64) as usize].to_string();
    for _ in 0..rng.below(9) {
        line.push(' ');
        line.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
    }
    line
}

/// Every `Command` variant by name. The match has no wildcard: a new variant does not compile
/// here until it is named, and the fuzz below then fails until it generates it.
fn variant(c: &Command) -> &'static str {
    match c {
        Command::CreateTopic { .. } => "create_topic",
        Command::AlterTopicConfig { .. } => "alter_topic_config",
        Command::AddPartitions { .. } => "add_partitions",
        Command::Produce(_) => "produce",
        Command::StopBroker { .. } => "stop_broker",
        Command::ShutdownBroker { .. } => "shutdown_broker",
        Command::StartBroker { .. } => "start_broker",
        Command::IsolateBroker { .. } => "isolate_broker",
        Command::HealBroker { .. } => "heal_broker",
        Command::ElectPreferredLeaders { .. } => "elect_preferred_leaders",
        Command::SetFetchDelay { .. } => "set_fetch_delay",
        Command::AddConsumer { .. } => "add_consumer",
        Command::CloseConsumer { .. } => "close_consumer",
        Command::CrashConsumer { .. } => "crash_consumer",
        Command::SetConsumerPolling { .. } => "set_consumer_polling",
        Command::SetConsumerProcessing { .. } => "set_consumer_processing",
        Command::Advance { .. } => "advance",
        Command::StartLoad { .. } => "start_load",
        Command::StopLoad => "stop_load",
        Command::CreateProducer { .. } => "create_producer",
        Command::Send { .. } => "send",
        Command::FlushProducer { .. } => "flush_producer",
        Command::CloseProducer { .. } => "close_producer",
        Command::InitTransactions { .. } => "init_transactions",
        Command::BeginTransaction { .. } => "begin_transaction",
        Command::CommitTransaction { .. } => "commit_transaction",
        Command::AbortTransaction { .. } => "abort_transaction",
        Command::SendOffsetsToTransaction { .. } => "send_offsets_to_transaction",
        Command::DeleteTopic { .. } => "delete_topic",
        Command::AlterGroupOffsets { .. } => "alter_group_offsets",
        Command::DeleteGroup { .. } => "delete_group",
        Command::DeleteGroupOffsets { .. } => "delete_group_offsets",
        Command::ElectLeaders { .. } => "elect_leaders",
        Command::RunTool { .. } => "run_tool",
        Command::ToolInput { .. } => "tool_input",
        Command::ToolSignal { .. } => "tool_signal",
    }
}
const VARIANTS: usize = 36;

#[test]
fn random_and_malformed_commands_never_panic() {
    let mut applied = 0;
    let mut rejected = 0;
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=300u64 {
        let mut rng = Rng::new(seed);
        let mut c = Cluster::new(ClusterConfig { brokers: 1 + (seed % 9) as u32, seed, ..ClusterConfig::default() }).unwrap();
        create_topic(&mut c, "orders", 3, 1, TopicConfig::default()).unwrap();
        for _ in 0..60 {
            let command = random_command(&mut rng);
            seen.insert(variant(&command));
            match c.apply(command) {
                Ok(_) => applied += 1,
                Err(e) => {
                    assert!(!e.message.is_empty(), "seed {seed}: empty message for {:?}", e.kind);
                    rejected += 1;
                }
            }
            c.step();
            while c.poll_event().is_some() {}
        }
    }
    println!("robustness: {applied} commands applied, {rejected} rejected with typed errors");
    assert!(applied > 0 && rejected > 0);
    assert_eq!(seen.len(), VARIANTS, "every Command variant is fuzzed: {seen:?}");
}

#[test]
fn malformed_json_commands_are_rejected_by_serde() {
    let bad = [
        "",
        "{}",
        "{\"command\":\"stop_broker\"}",
        "{\"command\":\"stop_broker\",\"broker\":-1}",
        "{\"command\":\"produce\",\"topic\":5}",
        "{\"command\":\"create_topic\",\"name\":\"t\",\"partitions\":1e99,\"replication_factor\":1}",
        "[1,2,3]",
        "{\"command\":\"nope\"}",
    ];
    for text in bad {
        assert!(serde_json::from_str::<Command>(text).is_err(), "{text}");
    }
    let ok: Command = serde_json::from_str("{\"command\":\"stop_broker\",\"broker\":2}").unwrap();
    assert_eq!(ok, Command::StopBroker { broker: BrokerId(2) });
}

fn scripted(seed: u64) -> Cluster {
    let mut c = Cluster::new(ClusterConfig { brokers: 4, seed, ..ClusterConfig::default() }).unwrap();
    create_topic(&mut c, "orders", 4, 3, TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() }).unwrap();
    let mut rng = Rng::new(seed);
    for i in 0..500 {
        let _ = produce(&mut c, ProduceRequest::keyed("orders", &format!("k{}", rng.below(20)), "v", Acks::All));
        if i == 100 {
            c.apply(Command::StopBroker { broker: BrokerId(2) }).unwrap();
        }
        if i == 300 {
            c.apply(Command::StartBroker { broker: BrokerId(2) }).unwrap();
        }
        c.step();
    }
    c
}

#[test]
fn same_seed_and_commands_give_byte_identical_state() {
    let a = serde_json::to_vec(&scripted(5)).unwrap();
    let b = serde_json::to_vec(&scripted(5)).unwrap();
    assert_eq!(a, b);
    assert_eq!(scripted(5).snapshot_hash(), scripted(5).snapshot_hash());
    assert_ne!(a, serde_json::to_vec(&scripted(6)).unwrap());
}
