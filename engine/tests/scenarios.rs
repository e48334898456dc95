//! Kafka behaviours a learner will be shown, each as a small scripted scenario: state in,
//! commands, the events and state Kafka would produce.

mod common;
use common::{add_consumer, add_partitions, create_topic, produce};
use engine::{
    Acks, BrokerId, Cluster, ClusterConfig, Command, ElectionKind, Event, EventKind, KafkaError, Offset, ProduceRequest, TopicConfig,
    TopicPartition,
};

fn cluster(brokers: u32) -> Cluster {
    Cluster::new(ClusterConfig { brokers, seed: 11, ..ClusterConfig::default() }).expect("cluster")
}

fn drain(c: &mut Cluster) -> Vec<Event> {
    std::iter::from_fn(|| c.poll_event()).collect()
}

/// `n` steps through the audited harness (`common::steps`).
fn steps(c: &mut Cluster, n: u32) -> Vec<Event> {
    common::steps(c, n)
}

fn topic(c: &mut Cluster, name: &str, partitions: u32, rf: u32, min_isr: u32, unclean: bool) {
    create_topic(
        c,
        name,
        partitions,
        rf,
        TopicConfig { min_insync_replicas: min_isr, unclean_leader_election_enable: unclean, ..TopicConfig::default() },
    )
    .expect("create topic");
}

fn produce_to(c: &mut Cluster, t: &str, partition: u32, value: &str, acks: Acks) -> Vec<Event> {
    produce(
        c,
        ProduceRequest {
            topic: t.into(),
            key: None,
            value: Some(value.as_bytes().into()),
            partition: Some(partition),
            headers: vec![],
            acks,
        },
    )
    .expect("valid produce");
    drain(c)
}

/// A partition of `t` with at most one KRaft voter (brokers 1-3) among its followers, so
/// stopping both followers keeps the controller quorum.
fn partition_with_non_voter_follower(c: &Cluster, t: &str) -> u32 {
    c.topic(t)
        .unwrap()
        .partitions
        .iter()
        .find(|p| p.replicas.iter().filter(|b| Some(**b) != p.leader && b.0 <= 3).count() <= 1)
        .map(|p| p.tp.partition)
        .expect("such a partition")
}

fn leader(c: &Cluster, t: &str, p: u32) -> Option<BrokerId> {
    c.partition(&TopicPartition::new(t, p)).and_then(|p| p.leader)
}

fn isr(c: &Cluster, t: &str, p: u32) -> Vec<BrokerId> {
    c.partition(&TopicPartition::new(t, p)).map(|p| p.isr.clone()).unwrap_or_default()
}

#[test]
fn acks_all_below_min_isr_fails_before_append() {
    // 5 brokers: stopping two followers must not also stop two of the three KRaft voters.
    let mut c = cluster(5);
    topic(&mut c, "orders", 10, 3, 2, false);
    let p = partition_with_non_voter_follower(&c, "orders");
    let l = leader(&c, "orders", p).unwrap();
    let followers: Vec<BrokerId> = isr(&c, "orders", p).into_iter().filter(|b| *b != l).collect();
    for f in &followers {
        c.apply(Command::StopBroker { broker: *f }).unwrap();
    }
    steps(&mut c, 150); // fenced after broker.session.timeout.ms: ISR = [leader]
    assert_eq!(isr(&c, "orders", p), vec![l]);
    let leo = c.partition(&TopicPartition::new("orders", p)).unwrap().log_end_offset();
    let ev = produce_to(&mut c, "orders", p, "x", Acks::All);
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::ProduceFailed { error: KafkaError::NotEnoughReplicas, .. })), "{ev:?}");
    assert_eq!(c.partition(&TopicPartition::new("orders", p)).unwrap().log_end_offset(), leo, "nothing appended");
    // acks=1 still works: min.insync.replicas only affects acks=all.
    let ev = produce_to(&mut c, "orders", p, "y", Acks::Leader);
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::ProduceAcknowledged { offset: Offset(0), .. })), "{ev:?}");
}

#[test]
fn hw_does_not_advance_under_min_isr_and_acks_all_times_out() {
    let mut c = cluster(3);
    topic(&mut c, "orders", 1, 3, 3, false);
    let ev = produce_to(&mut c, "orders", 0, "a", Acks::All);
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::ProduceAppended { .. })));
    let l = leader(&c, "orders", 0).unwrap();
    let f = isr(&c, "orders", 0).into_iter().find(|b| *b != l).unwrap();
    c.apply(Command::StopBroker { broker: f }).unwrap();
    let ev = steps(&mut c, 400);
    let hw = c.partition(&TopicPartition::new("orders", 0)).unwrap().high_watermark();
    // The other follower fetched offset 0, but ISR [l, other] < min.insync.replicas 3.
    assert_eq!(hw, Offset(0), "HW stays put under min ISR (KIP-966)");
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::ProduceFailed { error: KafkaError::RequestTimedOut, .. })), "request timed out");
}

#[test]
fn acks_1_write_on_an_isolated_leader_is_lost_after_failover() {
    let mut c = cluster(3);
    topic(&mut c, "orders", 1, 3, 1, false);
    produce_to(&mut c, "orders", 0, "committed", Acks::All);
    steps(&mut c, 5);
    let old = leader(&c, "orders", 0).unwrap();
    c.apply(Command::IsolateBroker { broker: old }).unwrap();
    // The isolated leader still takes acks=1 writes until the controller fences it.
    let ev = produce_to(&mut c, "orders", 0, "doomed", Acks::Leader);
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::ProduceAcknowledged { offset: Offset(1), acks: Acks::Leader, .. })), "{ev:?}");
    // If the old leader was also the controller, a new one is elected first (1 s) and gives
    // every broker a fresh session, so fencing takes up to ~10 s.
    let ev = steps(&mut c, 150);
    let new = leader(&c, "orders", 0).unwrap();
    assert_ne!(new, old);
    assert!(ev.iter().any(|e| matches!(&e.kind, EventKind::LeaderElected { kind: ElectionKind::Clean, .. })));
    produce_to(&mut c, "orders", 0, "new-leader", Acks::All);
    c.apply(Command::HealBroker { broker: old }).unwrap();
    let ev = steps(&mut c, 20);
    let truncated = ev.iter().find_map(|e| match &e.kind {
        EventKind::RecordsTruncated { broker, from, to, .. } if *broker == old => Some((*from, *to)),
        _ => None,
    });
    assert_eq!(truncated, Some((Offset(1), Offset(2))), "the old leader dropped its acks=1 record");
    let p = c.partition(&TopicPartition::new("orders", 0)).unwrap();
    let value = |b: BrokerId| p.logs[&b].record(Offset(1)).and_then(|r| r.value.clone());
    assert_eq!(value(old), Some(b"new-leader"[..].into()), "replaced by the new leader's record");
    assert_eq!(value(new), Some(b"new-leader"[..].into()));
    assert!(isr(&c, "orders", 0).contains(&old), "the old leader caught up and rejoined");
}

#[test]
fn slow_follower_leaves_the_isr_after_replica_lag_time_max_and_rejoins() {
    let mut c = cluster(3);
    topic(&mut c, "orders", 1, 3, 1, false);
    let l = leader(&c, "orders", 0).unwrap();
    let slow = isr(&c, "orders", 0).into_iter().find(|b| *b != l).unwrap();
    c.apply(Command::SetFetchDelay { broker: slow, delay_ms: 45_000 }).unwrap();
    let mut shrink = None;
    for i in 0..600 {
        produce_to(&mut c, "orders", 0, "load", Acks::Leader);
        for e in steps(&mut c, 1) {
            if let EventKind::IsrShrunk { removed, reason, .. } = &e.kind {
                shrink = Some((i, removed.clone(), *reason));
            }
        }
        if shrink.is_some() {
            break;
        }
    }
    let (at_step, removed, _) = shrink.expect("ISR shrank");
    assert_eq!(removed, vec![slow]);
    assert!((300..=460).contains(&at_step), "shrank after ~30 s of lag, at step {at_step}");
    c.apply(Command::SetFetchDelay { broker: slow, delay_ms: 0 }).unwrap();
    let ev = steps(&mut c, 500);
    assert!(ev.iter().any(|e| matches!(&e.kind, EventKind::IsrExpanded { added, .. } if *added == slow)), "rejoined");
}

#[test]
fn unclean_election_picks_an_out_of_sync_replica_and_reports_lost_data() {
    let mut c = cluster(3);
    topic(&mut c, "risky", 1, 2, 1, true);
    let l = leader(&c, "risky", 0).unwrap();
    let f = isr(&c, "risky", 0).into_iter().find(|b| *b != l).unwrap();
    c.apply(Command::StopBroker { broker: f }).unwrap();
    steps(&mut c, 150); // f fenced, ISR [l]
    for i in 0..5 {
        produce_to(&mut c, "risky", 0, &format!("r{i}"), Acks::All);
    }
    steps(&mut c, 2);
    assert_eq!(c.partition(&TopicPartition::new("risky", 0)).unwrap().high_watermark(), Offset(5));
    c.apply(Command::StopBroker { broker: l }).unwrap();
    c.apply(Command::StartBroker { broker: f }).unwrap();
    let ev = steps(&mut c, 150);
    let elected = ev.iter().find_map(|e| match &e.kind {
        EventKind::LeaderElected { leader, kind: ElectionKind::Unclean, lost, .. } => Some((*leader, *lost)),
        _ => None,
    });
    assert_eq!(elected, Some((f, Some((Offset(0), Offset(5))))), "{ev:#?}");
}

#[test]
fn without_unclean_election_the_partition_goes_offline_and_recovers_with_its_last_isr_member() {
    let mut c = cluster(3);
    topic(&mut c, "safe", 1, 2, 1, false);
    let l = leader(&c, "safe", 0).unwrap();
    let f = isr(&c, "safe", 0).into_iter().find(|b| *b != l).unwrap();
    c.apply(Command::StopBroker { broker: f }).unwrap();
    steps(&mut c, 150);
    c.apply(Command::StopBroker { broker: l }).unwrap();
    c.apply(Command::StartBroker { broker: f }).unwrap();
    let ev = steps(&mut c, 150);
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::PartitionOffline { .. })));
    assert_eq!(leader(&c, "safe", 0), None, "no unclean election");
    assert_eq!(isr(&c, "safe", 0), vec![l], "the last ISR member stays in the ISR");
    c.apply(Command::StartBroker { broker: l }).unwrap();
    steps(&mut c, 5);
    assert_eq!(leader(&c, "safe", 0), Some(l));
}

#[test]
fn controller_fails_over_within_the_quorum() {
    let mut c = cluster(5);
    assert_eq!(c.controller(), Some(BrokerId(1)));
    c.apply(Command::StopBroker { broker: BrokerId(1) }).unwrap();
    let ev = steps(&mut c, 20);
    let new = c.controller().expect("a new controller");
    assert!(new == BrokerId(2) || new == BrokerId(3), "voters are brokers 1-3, got {new}");
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::ControllerElected { epoch: 2, .. })));
    // Without a majority of voters there is no controller.
    c.apply(Command::StopBroker { broker: new }).unwrap();
    steps(&mut c, 20);
    assert_eq!(c.controller(), None);
}

#[test]
fn preferred_leader_election_restores_replicas_0() {
    let mut c = cluster(3);
    topic(&mut c, "orders", 3, 3, 1, false);
    let preferred = c.partition(&TopicPartition::new("orders", 0)).unwrap().replicas[0];
    c.apply(Command::StopBroker { broker: preferred }).unwrap();
    steps(&mut c, 150);
    assert_ne!(leader(&c, "orders", 0), Some(preferred));
    c.apply(Command::StartBroker { broker: preferred }).unwrap();
    steps(&mut c, 20);
    assert_ne!(leader(&c, "orders", 0), Some(preferred), "Kafka does not move leadership back by itself at once");
    c.apply(Command::ElectPreferredLeaders { topic: None }).unwrap();
    let ev = drain(&mut c);
    assert_eq!(leader(&c, "orders", 0), Some(preferred));
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::LeaderElected { kind: ElectionKind::Preferred, .. })));
}

#[test]
fn adding_partitions_moves_keys_and_never_shrinks() {
    let mut c = cluster(3);
    topic(&mut c, "orders", 3, 2, 1, false);
    let keys: Vec<String> = (0..100).map(|i| format!("user-{i}")).collect();
    let before: Vec<u32> = keys.iter().map(|k| c.partition_for_key("orders", k.as_bytes()).unwrap()).collect();
    c.apply(Command::AddPartitions { topic: "orders".into(), partitions: 5 }).unwrap();
    let after: Vec<u32> = keys.iter().map(|k| c.partition_for_key("orders", k.as_bytes()).unwrap()).collect();
    let moved = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    assert!(moved > 30, "{moved} of 100 keys moved");
    assert_eq!(c.topic("orders").unwrap().partitions.len(), 5);
    let err = c.apply(Command::AddPartitions { topic: "orders".into(), partitions: 4 }).unwrap_err();
    assert_eq!(err.kind.name(), "INVALID_PARTITIONS");
}

#[test]
fn null_keys_stick_to_one_partition_for_a_batch_then_switch() {
    let mut c = cluster(3);
    topic(&mut c, "logs", 6, 1, 1, false);
    let mut partitions = Vec::new();
    for _ in 0..400 {
        produce(
            &mut c,
            ProduceRequest {
                topic: "logs".into(),
                key: None,
                value: Some(vec![0; 100].into()),
                partition: None,
                headers: vec![],
                acks: Acks::Leader,
            },
        )
        .unwrap();
        for e in drain(&mut c) {
            if let EventKind::ProduceAcknowledged { partition, .. } = e.kind {
                partitions.push(partition.partition);
            }
        }
    }
    // Each record is 109 bytes: after 151 records (16459 ≥ batch.size 16384) the partitioner
    // picks again at random, possibly the same partition, so a run lasts a multiple of 151.
    let first_switch = partitions.windows(2).position(|w| w[0] != w[1]).expect("switched");
    assert_eq!((first_switch + 1) % 151, 0, "switches after batch.size bytes, run of {}", first_switch + 1);
    let mut distinct = partitions.clone();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() >= 2);
}

#[test]
fn invalid_commands_return_typed_errors() {
    let mut c = cluster(3);
    let cases: Vec<(Command, &str)> = vec![
        (
            Command::CreateTopic { name: "a b".into(), partitions: 1, replication_factor: 1, config: TopicConfig::default() },
            "INVALID_TOPIC_EXCEPTION",
        ),
        (
            Command::CreateTopic { name: "t".into(), partitions: 0, replication_factor: 1, config: TopicConfig::default() },
            "INVALID_PARTITIONS",
        ),
        (
            Command::CreateTopic { name: "t".into(), partitions: 1, replication_factor: 4, config: TopicConfig::default() },
            "INVALID_REPLICATION_FACTOR",
        ),
        (
            Command::CreateTopic {
                name: "t".into(),
                partitions: 1,
                replication_factor: 1,
                config: TopicConfig { min_insync_replicas: 0, ..TopicConfig::default() },
            },
            "INVALID_CONFIG",
        ),
        (Command::StopBroker { broker: BrokerId(42) }, "UNKNOWN_BROKER"),
        (Command::Produce(ProduceRequest::keyed("nope", "k", "v", Acks::All)), "UNKNOWN_TOPIC_OR_PARTITION"),
        (Command::HealBroker { broker: BrokerId(1) }, "INVALID_STATE"),
    ];
    for (cmd, expected) in cases {
        let err = c.apply(cmd.clone()).expect_err(&format!("{cmd:?} should fail"));
        assert_eq!(err.kind.name(), expected, "{cmd:?}: {err}");
        assert!(!err.message.is_empty());
    }
    assert!(Cluster::new(ClusterConfig { brokers: 10, ..ClusterConfig::default() }).is_err());
    assert!(Cluster::new(ClusterConfig { brokers: 0, ..ClusterConfig::default() }).is_err());
}

/// Every partition of a topic (also those added later) and every owned partition of a consumer
/// shares the topic's one name, so maps keyed by partition compare names by pointer. A
/// performance property (issue 6), checked here so a refactor cannot silently lose it.
#[test]
fn a_topics_partitions_and_assignments_share_one_name() {
    use std::sync::Arc;
    let mut c = cluster(3);
    topic(&mut c, "orders", 4, 2, 1, false);
    add_partitions(&mut c, "orders", 6).expect("add partitions");
    add_consumer(
        &mut c,
        engine::ConsumerConfig { group_id: "g".into(), topics: vec!["orders".into()], ..engine::ConsumerConfig::default() },
    )
    .expect("consumer");
    steps(&mut c, 100);
    let t = c.topic("orders").expect("topic");
    let name = &t.partitions[0].tp.topic;
    assert_eq!(t.partitions.len(), 6);
    assert!(t.partitions.iter().all(|p| Arc::ptr_eq(&p.tp.topic, name)));
    let owned: Vec<TopicPartition> = c.consumers().flat_map(|k| k.owned.clone()).collect();
    assert_eq!(owned.len(), 6, "the one consumer owns every partition");
    assert!(owned.iter().all(|tp| Arc::ptr_eq(&tp.topic, name)));
}
