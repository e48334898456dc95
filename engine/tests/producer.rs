//! Issue 20: the producer client as Kafka's behaves — batching, retries through a failover,
//! idempotence, and what happens without it. Each test drives the engine through
//! `Cluster::apply` and the audited step harness.

mod common;
use common::{drain, steps};
use engine::ProduceRecord;
use engine::ProducerHandle;
use engine::{BrokerId, Cluster, ClusterConfig, Command, Event, EventKind, TopicConfig, TopicPartition};
use std::collections::BTreeMap;

fn cluster(seed: u64) -> Cluster {
    let mut c = Cluster::new(ClusterConfig { brokers: 3, seed, ..ClusterConfig::default() }).unwrap();
    let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
    c.apply(Command::CreateTopic { name: "t".into(), partitions: 1, replication_factor: 3, config }).unwrap();
    steps(&mut c, 5);
    c
}

fn producer(c: &mut Cluster, config: &[(&str, &str)]) -> ProducerHandle {
    let config = config.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    c.apply(Command::CreateProducer { config }).unwrap().producer().expect("a producer")
}

fn send(c: &mut Cluster, p: ProducerHandle, key: &str, value: &str) -> u64 {
    match c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("t", key, value) }).unwrap() {
        engine::Outcome::Queued(id) => id,
        other => panic!("{other:?}"),
    }
}

/// The partition's leader and its followers, in replica order.
fn leader_and_followers(c: &Cluster, tp: &TopicPartition) -> (BrokerId, Vec<BrokerId>) {
    let p = c.partition(tp).unwrap();
    let leader = p.leader.unwrap();
    (leader, p.replicas.iter().copied().filter(|b| *b != leader).collect())
}

/// Values below the leader's HW on partition 0, in offset order.
fn committed_values(c: &Cluster) -> Vec<String> {
    let p = c.partition(&TopicPartition::new("t", 0)).unwrap();
    let log = p.leader_log().unwrap();
    log.read(log.log_start_offset(), u64::MAX)
        .iter()
        .filter(|r| r.offset < log.high_watermark())
        .map(|r| String::from_utf8_lossy(r.value_bytes().as_deref().unwrap_or_default()).into_owned())
        .collect()
}

/// Prints the narration of `events` when DEBUG_EVENTS is set (to see a scenario unfold).
fn show(events: &[Event]) {
    if std::env::var("DEBUG_EVENTS").is_ok() {
        for e in events {
            println!("{} {}", e.time_ms.0, e.kind.narrate());
        }
    }
}

/// (acknowledged send ids with their offsets, failed send ids, retries, duplicates answered).
#[derive(Default, Debug)]
struct Fates {
    acked: BTreeMap<u64, i64>,
    failed: Vec<u64>,
    retries: u32,
    duplicates: u32,
}

fn fates(events: &[Event]) -> Fates {
    let mut f = Fates::default();
    for e in events {
        match &e.kind {
            EventKind::ProducerBatchAcked { first_offset, send_ids, duplicate, .. } => {
                for (i, id) in send_ids.iter().enumerate() {
                    assert!(f.acked.insert(*id, first_offset.0 + i as i64).is_none(), "send {id} acknowledged twice");
                }
                f.duplicates += u32::from(*duplicate);
            }
            EventKind::ProducerBatchFailed { send_ids, .. } => f.failed.extend(send_ids),
            EventKind::ProducerBatchRetrying { .. } => f.retries += 1,
            _ => {}
        }
    }
    f
}

#[test]
fn records_wait_for_linger_ms_and_share_a_batch() {
    let mut c = cluster(1);
    let p = producer(&mut c, &[("linger.ms", "300"), ("acks", "1")]);
    for i in 0..5 {
        send(&mut c, p, "k", &format!("v{i}"));
    }
    let ev = steps(&mut c, 2);
    assert!(fates(&ev).acked.is_empty(), "lingering for 300 ms");
    let ev = steps(&mut c, 2);
    let acked: Vec<&EventKind> = ev.iter().map(|e| &e.kind).filter(|k| matches!(k, EventKind::ProducerBatchAcked { .. })).collect();
    assert_eq!(acked.len(), 1, "one batch: {acked:?}");
    assert_eq!(fates(&ev).acked.len(), 5);
}

/// The default producer (idempotent, acks=all, retries without end within
/// delivery.timeout.ms) through a leader crash: every record is acknowledged once, none fails,
/// and the log holds each exactly once, in send order.
#[test]
fn the_default_producer_delivers_every_record_once_in_order_through_a_failover() {
    for seed in 1..=20u64 {
        let mut c = cluster(seed);
        let p = producer(&mut c, &[]);
        let mut events = Vec::new();
        let mut sent = 0;
        let leader = c.partition(&TopicPartition::new("t", 0)).unwrap().leader.unwrap();
        for step in 0..400u32 {
            if step < 200 {
                for _ in 0..3 {
                    send(&mut c, p, "k", &format!("v{sent}"));
                    sent += 1;
                }
            }
            if step == 50 + (seed as u32 % 7) {
                c.apply(Command::StopBroker { broker: leader }).unwrap();
            }
            if step == 250 {
                c.apply(Command::StartBroker { broker: leader }).unwrap();
            }
            events.extend(steps(&mut c, 1));
        }
        let f = fates(&events);
        assert!(f.failed.is_empty(), "seed {seed}: failed {:?}", f.failed);
        assert_eq!(f.acked.len(), sent, "seed {seed}: every record acknowledged");
        assert!(f.retries > 0, "seed {seed}: the crash made it retry");
        let expected: Vec<String> = (0..sent).map(|i| format!("v{i}")).collect();
        assert_eq!(committed_values(&c), expected, "seed {seed}: once each, in send order");
        // Acknowledged offsets are the records' offsets.
        for (id, offset) in &f.acked {
            assert_eq!(committed_values(&c)[*offset as usize], format!("v{id}"), "seed {seed}");
        }
    }
}

/// The record is on the leader and one follower, not yet committed (the other follower is
/// slow), when the leader crashes: the answer is lost, the producer retries on the new leader,
/// which already has it. Without idempotence it is written twice; with it, the new leader
/// recognises the batch from the producer state it rebuilt from its log, and answers it as a
/// duplicate at the first offsets.
#[test]
fn a_lost_answer_duplicates_a_record_only_without_idempotence() {
    for idempotent in [false, true] {
        let mut c = cluster(7);
        let tp = TopicPartition::new("t", 0);
        let (leader, followers) = leader_and_followers(&c, &tp);
        // The second follower fetches only every 20 s: the HW waits for it (it stays in the ISR
        // for replica.lag.time.max.ms, 30 s).
        c.apply(Command::SetFetchDelay { broker: followers[1], delay_ms: 20_000 }).unwrap();
        steps(&mut c, 210);
        let config: &[(&str, &str)] = if idempotent { &[] } else { &[("enable.idempotence", "false")] };
        let p = producer(&mut c, config);
        send(&mut c, p, "k", "once");
        let mut events = steps(&mut c, 3);
        let on = |c: &Cluster, b: BrokerId| c.partition(&tp).unwrap().logs[&b].log_end_offset().0;
        assert_eq!((on(&c, leader), on(&c, followers[0])), (1, 1), "on the leader and the first follower");
        assert_eq!(on(&c, followers[1]), 0, "not on the slow one");
        c.apply(Command::StopBroker { broker: leader }).unwrap();
        // The slow follower recovers: the new leader's HW can move once it has the retry.
        c.apply(Command::SetFetchDelay { broker: followers[1], delay_ms: 0 }).unwrap();
        events.extend(steps(&mut c, 300));
        show(&events);
        let f = fates(&events);
        assert_eq!(f.acked.len(), 1, "idempotent {idempotent}: acknowledged: {f:?}");
        assert!(f.retries > 0);
        let values = committed_values(&c);
        if idempotent {
            assert_eq!(values, vec!["once"]);
            assert_eq!(f.duplicates, 1, "answered as a duplicate");
            assert_eq!(f.acked[&0], 0, "at the offset of its first append");
        } else {
            assert_eq!(values, vec!["once", "once"], "written twice");
        }
        drain(&mut c);
    }
}

/// Configs Kafka refuses are refused with its message; a send to an unknown producer fails.
#[test]
fn bad_configs_are_refused_with_kafkas_message() {
    let mut c = cluster(3);
    let e = c
        .apply(Command::CreateProducer { config: vec![("enable.idempotence".into(), "true".into()), ("acks".into(), "1".into())] })
        .unwrap_err();
    assert_eq!(e.message, "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.");
    let e = c.apply(Command::Send { producer: ProducerHandle(9), record: ProduceRecord::keyed("t", "k", "v") }).unwrap_err();
    assert_eq!(e.kind, engine::CommandErrorKind::UnknownProducer);
}

/// `close()` sends what waits and goes once every answer is in; `flush()` ignores linger.ms.
#[test]
fn flush_and_close() {
    let mut c = cluster(4);
    let p = producer(&mut c, &[("linger.ms", "60000")]);
    send(&mut c, p, "k", "a");
    assert!(fates(&steps(&mut c, 5)).acked.is_empty(), "lingering a minute");
    c.apply(Command::FlushProducer { producer: p }).unwrap();
    assert_eq!(fates(&steps(&mut c, 5)).acked.len(), 1, "flushed");
    send(&mut c, p, "k", "b");
    c.apply(Command::CloseProducer { producer: p }).unwrap();
    let ev = steps(&mut c, 5);
    assert_eq!(fates(&ev).acked.len(), 1);
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::ProducerClosed { .. })));
    assert!(c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("t", "k", "c") }).is_err(), "closed");
}

/// Two batches in flight to a leader that crashes both fail; each goes back to the front of
/// its queue, so without idempotence the later one is retried first: on the new leader, which
/// already copied both, the records land again in the wrong order. The idempotent producer puts
/// them back in sequence order, and the new leader answers both as duplicates.
#[test]
fn retries_reorder_and_duplicate_without_idempotence_with_requests_in_flight() {
    for idempotent in [false, true] {
        let mut c = cluster(7);
        let tp = TopicPartition::new("t", 0);
        let (leader, followers) = leader_and_followers(&c, &tp);
        let idem = if idempotent { "true" } else { "false" };
        let p = producer(&mut c, &[("enable.idempotence", idem), ("linger.ms", "0"), ("max.in.flight.requests.per.connection", "5")]);
        // A first record makes the producer fetch the topic's metadata (the first send waits
        // for it, `KafkaProducer.waitOnMetadata`); committed before the slow follower matters.
        send(&mut c, p, "w", "warm");
        let mut events = steps(&mut c, 3);
        c.apply(Command::SetFetchDelay { broker: followers[1], delay_ms: 20_000 }).unwrap();
        events.extend(steps(&mut c, 1));
        for v in ["first", "second"] {
            send(&mut c, p, "k", v);
            events.extend(steps(&mut c, 1));
        }
        events.extend(steps(&mut c, 2));
        show(&events);
        let in_flight = c.producer(p).unwrap().in_flight().len();
        assert_eq!(in_flight, 2, "both wait for the slow follower");
        c.apply(Command::StopBroker { broker: leader }).unwrap();
        c.apply(Command::SetFetchDelay { broker: followers[1], delay_ms: 0 }).unwrap();
        events.extend(steps(&mut c, 300));
        let f = fates(&events);
        assert_eq!(f.acked.len(), 3, "idempotent {idempotent}: {f:?}");
        if idempotent {
            assert_eq!(committed_values(&c), vec!["warm", "first", "second"]);
            assert_eq!(f.duplicates, 2);
        } else {
            assert_eq!(
                committed_values(&c),
                vec!["warm", "first", "second", "second", "first"],
                "duplicated, and the first's retry lands last"
            );
        }
        // A consumer group reads the partition: its delivery check finds the two copies,
        // with the offsets of both, only without idempotence.
        let check = consume_and_check(&mut c);
        if idempotent {
            assert!(check.0.clean(), "{:?}", check.0);
            assert!(check.1.is_empty());
        } else {
            assert_eq!((check.0.twice, check.0.out_of_order), (2, 0), "{:?}", check.0);
            let tp = TopicPartition::new("t", 0);
            let twice = |first: i64, offset: i64| engine::DeliveryFinding::Twice {
                partition: tp.clone(),
                key: Some(b"k".as_slice().into()),
                producer: p.0,
                first_offset: Some(engine::Offset(first)),
                offset: engine::Offset(offset),
            };
            assert_eq!(check.0.findings, vec![twice(2, 3), twice(1, 4)]);
            assert_eq!(check.1, vec![(twice(2, 3), 1)], "one event for the fetch, counting the other");
        }
    }
}

/// Starts a consumer of "t" in group "g" from the earliest offset and runs until it has read
/// everything; returns the group's delivery check and its findings' events (finding, more).
fn consume_and_check(c: &mut Cluster) -> (engine::DeliveryCheck, Vec<(engine::DeliveryFinding, u64)>) {
    let config = engine::ConsumerConfig {
        group_id: "g".into(),
        topics: vec!["t".into()],
        auto_offset_reset: engine::OffsetReset::Earliest,
        ..engine::ConsumerConfig::default()
    };
    c.apply(Command::AddConsumer { config }).unwrap();
    let events = steps(c, 300);
    let found = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DeliveryCheckFinding { finding, more, .. } => Some((finding.clone(), *more)),
            _ => None,
        })
        .collect();
    (c.group("g").expect("the group").audit.delivery.0.clone(), found)
}

/// Seed 42 of `ksim run --faults random` (p0-1602 twice in t0-0), made small. An idempotent
/// producer's batch on partition t-0 was appended by its leader but its answer was lost (the
/// leader crashed before the slow follower had it); while the batch waits out its retry
/// backoff, a batch for another partition fails for good (here a record without a key for a
/// compacted topic: INVALID_RECORD), which makes the producer bump its epoch. Kafka bumps the
/// epoch and restarts the sequences of the failed batch's partition only
/// (`TransactionManager.requestEpochBumpForPartition`, `bumpIdempotentProducerEpoch`); a batch
/// already numbered keeps its epoch and sequence (`RecordAccumulator.drain`: "this may introduce
/// duplicates"), so the new leader, which has the batch, answers its retry as a duplicate. The
/// sandbox renumbered every waiting batch under the new epoch, and the retry was written again.
#[test]
fn an_epoch_bump_keeps_the_sequence_of_a_batch_retried_on_another_partition() {
    let mut c = cluster(7);
    let compacted = TopicConfig { cleanup_policy: engine::CleanupPolicy::Compact, ..TopicConfig::default() };
    c.apply(Command::CreateTopic { name: "c".into(), partitions: 1, replication_factor: 3, config: compacted }).unwrap();
    steps(&mut c, 5);
    let tp = TopicPartition::new("t", 0);
    let (leader, followers) = leader_and_followers(&c, &tp);
    // A long retry backoff: the bump happens while the lost batch waits for its retry.
    let p = producer(&mut c, &[("linger.ms", "0"), ("retry.backoff.ms", "3000"), ("retry.backoff.max.ms", "3000")]);
    // Metadata for both topics first (a first send waits for it).
    send(&mut c, p, "w", "warm");
    c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("c", "k", "compacted") }).unwrap();
    let mut events = steps(&mut c, 50);
    assert_eq!(fates(&events).acked.len(), 2);
    c.apply(Command::SetFetchDelay { broker: followers[1], delay_ms: 20_000 }).unwrap();
    events.extend(steps(&mut c, 210));
    send(&mut c, p, "k", "once");
    events.extend(steps(&mut c, 3));
    c.apply(Command::StopBroker { broker: leader }).unwrap();
    c.apply(Command::SetFetchDelay { broker: followers[1], delay_ms: 0 }).unwrap();
    // Until the lost batch is put back to wait for its retry.
    for _ in 0..400 {
        let ev = steps(&mut c, 1);
        let retrying = ev.iter().any(|e| matches!(&e.kind, EventKind::ProducerBatchRetrying { partition, .. } if *partition == tp));
        events.extend(ev);
        if retrying {
            break;
        }
    }
    assert!(fates(&events).retries > 0, "the answer was lost: the batch waits for its retry");
    let keyless = ProduceRecord { key: None, ..ProduceRecord::keyed("c", "", "no key") };
    c.apply(Command::Send { producer: p, record: keyless }).unwrap();
    events.extend(steps(&mut c, 300));
    show(&events);
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::ProducerEpochBumped { .. })), "the failed batch bumped the epoch");
    let f = fates(&events);
    assert_eq!(f.failed.len(), 1, "only the record without a key fails: {f:?}");
    assert_eq!(committed_values(&c), vec!["warm", "once"], "the retry is a duplicate, not a second copy");
    assert_eq!(f.duplicates, 1, "{f:?}");
}

/// KIP-794's sticky partitioner belongs to each producer (`BuiltInPartitioner` in
/// `KafkaProducer`): null-key records stay on one partition until that producer's own
/// `batch.size` bytes went to it, and another producer's records never move it.
#[test]
fn each_producer_has_its_own_sticky_partition_and_batch_size() {
    let mut c = cluster(11);
    c.apply(Command::CreateTopic { name: "n".into(), partitions: 6, replication_factor: 3, config: TopicConfig::default() }).unwrap();
    steps(&mut c, 5);
    // 100-byte values: a record is ~110 bytes in the log, so 1,000 bytes switch every ~9 records.
    let (small, large) = (producer(&mut c, &[("batch.size", "1000"), ("linger.ms", "60000")]), producer(&mut c, &[("linger.ms", "60000")]));
    let value = "v".repeat(100);
    let mut runs: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for _ in 0..60 {
        for p in [small, large] {
            let record = ProduceRecord { key: None, ..ProduceRecord::keyed("n", "", &value) };
            let id = match c.apply(Command::Send { producer: p, record }).unwrap() {
                engine::Outcome::Queued(id) => id,
                other => panic!("{other:?}"),
            };
            let partition = c.producer(p).and_then(|x| x.partition_of(id)).map(|tp| tp.partition).expect("queued");
            runs.entry(p.0).or_default().push(partition);
        }
    }
    let switches = |v: &[u32]| v.windows(2).filter(|w| w[0] != w[1]).count();
    let (s, l) = (&runs[&small.0], &runs[&large.0]);
    // The default batch.size (16,384 bytes) holds all 60 records (~6.6 KB): no switch at all,
    // although the other producer switched many times meanwhile.
    assert_eq!(switches(l), 0, "the default producer stays on one partition: {l:?}");
    // batch.size 1000 with ~108-byte records: it keeps a partition while under 1,000 bytes went
    // there (9 records: 972), so 10 records per pick, then picks again at random.
    assert!(s.chunks(10).all(|run| run.iter().all(|p| *p == run[0])), "10 records per pick: {s:?}");
    let picked: std::collections::BTreeSet<u32> = s.iter().copied().collect();
    assert!(picked.len() >= 2, "it moved between partitions: {s:?}");
}
