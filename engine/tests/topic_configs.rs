//! Issue 18: topic configs shown as `kafka-topics.sh --describe` shows them and altered as
//! `kafka-configs.sh --alter` alters them, with Kafka's validation and messages; the change
//! takes effect on the running cluster.

mod common;
use common::{drain, orders, steps};
use engine::topic_config::{all_entries, describe_configs, describe_line};
use engine::CleanupPolicy;
use engine::{Acks, BrokerId, Cluster, ClusterConfig, Command, CommandErrorKind, EventKind, KafkaError, ProduceRequest, TopicConfig};

fn cluster() -> Cluster {
    Cluster::new(ClusterConfig::default()).expect("cluster")
}

fn alter(c: &mut Cluster, set: &[(&str, &str)], delete: &[&str]) -> Result<(), engine::CommandError> {
    c.apply(Command::AlterTopicConfig {
        topic: "orders".into(),
        set: set.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        delete: delete.iter().map(|k| k.to_string()).collect(),
    })
    .map(|_| ())
}

fn config(c: &Cluster) -> TopicConfig {
    c.topic("orders").unwrap().config.clone()
}

#[test]
fn describe_shows_the_default_topics_override_only() {
    let mut c = cluster();
    orders(&mut c);
    assert_eq!(describe_configs(&config(&c)), vec![("min.insync.replicas", "2".to_string())]);
    assert_eq!(describe_line(&config(&c)), "min.insync.replicas=2");
    let entries = all_entries(&config(&c));
    assert_eq!(entries.len(), 11);
    let min = entries.iter().find(|e| e.name == "min.insync.replicas").unwrap();
    assert_eq!((min.value.as_str(), min.default.as_str(), min.kind, min.overridden), ("2", "1", "INT", true));
}

#[test]
fn alter_sets_and_deletes_and_is_narrated() {
    let mut c = cluster();
    orders(&mut c);
    alter(
        &mut c,
        &[("retention.ms", " 60000"), ("cleanup.policy", "compact, delete"), ("unclean.leader.election.enable", "TRUE")],
        &["min.insync.replicas"],
    )
    .unwrap();
    let t = config(&c);
    assert_eq!(
        (t.retention_ms, t.cleanup_policy, t.unclean_leader_election_enable, t.min_insync_replicas),
        (60_000, CleanupPolicy::CompactDelete, true, 1)
    );
    assert_eq!(describe_line(&t), "cleanup.policy=compact,delete,retention.ms=60000,unclean.leader.election.enable=true");
    let ev = drain(&mut c);
    let changed = ev.iter().find(|e| matches!(e.kind, EventKind::TopicConfigChanged { .. })).expect("TopicConfigChanged");
    assert_eq!(
        changed.kind.narrate(),
        "configs of topic orders changed: set retention.ms=60000, cleanup.policy=compact,delete, unclean.leader.election.enable=true; \
         reset to the default min.insync.replicas; in effect from now on"
    );
}

#[test]
fn bad_requests_get_kafkas_errors_and_change_nothing() {
    let mut c = cluster();
    orders(&mut c);
    let before = config(&c);
    // (set, delete, expected error kind, expected message)
    type Case<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>, CommandErrorKind, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("retention.ms", "1000"), ("foo", "1")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Unknown topic config name: foo",
        ),
        (
            vec![("retention.ms", "abc")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Invalid value abc for configuration retention.ms: Not a number of type LONG",
        ),
        (
            vec![("min.insync.replicas", "0")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1",
        ),
        (
            vec![("min.insync.replicas", "3000000000")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Invalid value 3000000000 for configuration min.insync.replicas: Not a number of type INT",
        ),
        (
            vec![("retention.ms", "1000"), ("retention.ms", "-2")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidRequest),
            "Error due to duplicate config keys: retention.ms",
        ),
        (
            vec![("retention.ms", "-2")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Invalid value -2 for configuration retention.ms: Value must be at least -1",
        ),
        (
            vec![("cleanup.policy", "compact,forever")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Invalid value forever for configuration cleanup.policy: String must be one of: compact, delete",
        ),
        (
            vec![("unclean.leader.election.enable", "yes")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Invalid value yes for configuration unclean.leader.election.enable: Expected value to be either true or false",
        ),
        (
            vec![("segment.bytes", "100")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Invalid value 100 for configuration segment.bytes: Value must be between 1024 and 2147483647 in the sandbox",
        ),
        (
            vec![("delete.retention.ms", "-1")],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Invalid value -1 for configuration delete.retention.ms: Value must be at least 0",
        ),
        (
            vec![("retention.ms", "1000")],
            vec!["retention.bytes"],
            CommandErrorKind::Kafka(KafkaError::InvalidConfig),
            "Invalid config(s): retention.bytes",
        ),
        (
            vec![],
            vec![],
            CommandErrorKind::Kafka(KafkaError::InvalidRequest),
            "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter",
        ),
    ];
    for (set, delete, kind, message) in cases {
        let e = alter(&mut c, &set, &delete).expect_err(message);
        assert_eq!((e.kind, e.message.as_str()), (kind, message));
        assert_eq!(config(&c), before, "{message}: nothing changes");
    }
    assert!(!drain(&mut c).iter().any(|e| matches!(e.kind, EventKind::TopicConfigChanged { .. })));
    let e = c
        .apply(Command::AlterTopicConfig { topic: "nope".into(), set: vec![("retention.ms".into(), "1".into())], delete: vec![] })
        .unwrap_err();
    assert_eq!(e.kind, CommandErrorKind::Kafka(KafkaError::UnknownTopicOrPartition));
    // Creation goes through the same validator.
    let bad = TopicConfig { min_insync_replicas: 0, ..TopicConfig::default() };
    let e = c.apply(Command::CreateTopic { name: "x".into(), partitions: 1, replication_factor: 1, config: bad }).unwrap_err();
    assert_eq!(e.message, "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1");
}

#[test]
fn raising_min_isr_above_the_isr_makes_acks_all_fail() {
    let mut c = cluster();
    orders(&mut c);
    c.apply(Command::StopBroker { broker: BrokerId(3) }).unwrap();
    steps(&mut c, 200); // broker 3 fenced: every ISR is [1,2] or [2,1]
    let req = || ProduceRequest { partition: Some(0), ..ProduceRequest::keyed("orders", "k", "v", Acks::All) };
    c.apply(Command::Produce(req())).unwrap();
    assert!(drain(&mut c).iter().all(|e| !matches!(e.kind, EventKind::ProduceFailed { .. })));
    alter(&mut c, &[("min.insync.replicas", "3")], &[]).unwrap();
    c.apply(Command::Produce(req())).unwrap();
    let ev = drain(&mut c);
    let text = ev
        .iter()
        .find_map(|e| match e.kind {
            EventKind::ProduceFailed { error: KafkaError::NotEnoughReplicas, .. } => Some(e.kind.narrate()),
            _ => None,
        })
        .expect("NOT_ENOUGH_REPLICAS");
    assert!(text.contains("has 2 members, min.insync.replicas is 3"), "{text}");
}

#[test]
fn compaction_and_retention_follow_an_altered_config() {
    let mut c = cluster();
    orders(&mut c);
    // Many records under few keys, in small segments.
    alter(&mut c, &[("segment.bytes", "1024")], &[]).unwrap();
    for i in 0..400 {
        let req = ProduceRequest { partition: Some(0), ..ProduceRequest::keyed("orders", &format!("k{}", i % 5), "value", Acks::Leader) };
        c.apply(Command::Produce(req)).unwrap();
    }
    let ev = steps(&mut c, 60);
    assert!(!ev.iter().any(|e| matches!(e.kind, EventKind::LogCompacted { .. } | EventKind::SegmentsDeleted { .. })));
    alter(&mut c, &[("cleanup.policy", "compact")], &[]).unwrap();
    let ev = steps(&mut c, 60);
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::LogCompacted { .. })), "the cleaner ran");
    alter(&mut c, &[("cleanup.policy", "delete"), ("retention.ms", "1000")], &[]).unwrap();
    let ev = steps(&mut c, 60);
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::SegmentsDeleted { .. })), "retention deleted segments");
}
