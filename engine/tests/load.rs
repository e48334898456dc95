//! Issue 20: the continuous load (`Command::StartLoad`) is an application sending through a
//! producer client of its own, so what a learner sees during a failover is what Kafka's default
//! producer does: retries, then every record delivered once, in order; and, with idempotence
//! turned off, what that costs.

mod common;
use common::{drain, steps};
use engine::{Acks, Cluster, ClusterConfig, Command, Event, EventKind, ProducerHandle, TopicConfig, TopicPartition};
use std::collections::BTreeMap;

fn cluster(seed: u64) -> Cluster {
    let mut c = Cluster::new(ClusterConfig { brokers: 3, seed, ..ClusterConfig::default() }).unwrap();
    let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
    c.apply(Command::CreateTopic { name: "orders".into(), partitions: 3, replication_factor: 3, config }).unwrap();
    steps(&mut c, 5);
    c
}

fn start_load(c: &mut Cluster, rate_per_s: u32, acks: Acks, config: &[(&str, &str)]) -> ProducerHandle {
    let producer_config = config.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    c.apply(Command::StartLoad { topic: "orders".into(), rate_per_s, key_count: 5, acks, producer_config }).unwrap();
    c.load().and_then(|l| l.producer).expect("the load has a producer")
}

/// The load's values are `v<n>` padded with dots: `n`.
fn value_number(value: &[u8]) -> u64 {
    let text = String::from_utf8_lossy(value);
    text.trim_start_matches('v').trim_end_matches('.').parse().unwrap_or_else(|_| panic!("not a load value: {text}"))
}

/// What became of the load's records: acknowledgements (send id to partition and offset),
/// failures, retries, and each partition's log below the HW as (offset, value number).
#[derive(Debug, Default)]
struct Delivery {
    acked: BTreeMap<u64, (u32, i64)>,
    failed: Vec<(u64, String)>,
    retries: u32,
    logs: BTreeMap<u32, Vec<(i64, u64)>>,
}

fn delivery(c: &Cluster, producer: ProducerHandle, events: &[Event]) -> Delivery {
    let mut d = Delivery::default();
    for e in events {
        match &e.kind {
            EventKind::ProducerBatchAcked { producer: p, partition, first_offset, send_ids, .. } if *p == producer => {
                for (i, id) in send_ids.iter().enumerate() {
                    let at = if first_offset.0 < 0 { -1 } else { first_offset.0 + i as i64 };
                    assert!(d.acked.insert(*id, (partition.partition, at)).is_none(), "send {id} acknowledged twice");
                }
            }
            EventKind::ProducerBatchFailed { producer: p, error, send_ids, .. } if *p == producer => {
                d.failed.extend(send_ids.iter().map(|id| (*id, error.name().to_string())));
            }
            EventKind::ProducerBatchRetrying { producer: p, .. } if *p == producer => d.retries += 1,
            _ => {}
        }
    }
    for p in c.partitions().filter(|p| &*p.tp.topic == "orders") {
        let log = p.leader_log().expect("a leader after healing");
        let records = log.read(log.log_start_offset(), u64::MAX);
        let below_hw = records.iter().filter(|r| r.offset < log.high_watermark());
        d.logs.insert(
            p.tp.partition,
            below_hw.map(|r| (r.offset.0, value_number(&r.value.as_ref().map(engine::Payload::to_vec).unwrap_or_default()))).collect(),
        );
    }
    d
}

/// 200 records/s over 5 keys; after 3 s the leader of orders-0 crashes (it is fenced after
/// `broker.session.timeout.ms`, 9 s, and a follower takes over); 20 s later it restarts; 10 s
/// later the load stops and its producer closes. With `slow_followers`, its followers fetch
/// only every 2 s for the last 1.5 s before the crash (still in the ISR: well within
/// `replica.lag.time.max.ms`). Returns what the application saw.
fn failover_under_load(seed: u64, acks: Acks, config: &[(&str, &str)], slow_followers: bool) -> (Cluster, ProducerHandle, Vec<Event>) {
    let mut c = cluster(seed);
    let producer = start_load(&mut c, 200, acks, config);
    let mut events = steps(&mut c, 15);
    let tp = TopicPartition::new("orders", 0);
    let leader = c.partition(&tp).unwrap().leader.unwrap();
    let followers: Vec<_> = c.partition(&tp).unwrap().replicas.iter().copied().filter(|b| *b != leader).collect();
    for f in followers.iter().filter(|_| slow_followers) {
        c.apply(Command::SetFetchDelay { broker: *f, delay_ms: 2_000 }).unwrap();
    }
    events.extend(steps(&mut c, 15));
    c.apply(Command::StopBroker { broker: leader }).unwrap();
    for f in &followers {
        c.apply(Command::SetFetchDelay { broker: *f, delay_ms: 0 }).unwrap();
    }
    events.extend(steps(&mut c, 200));
    c.apply(Command::StartBroker { broker: leader }).unwrap();
    events.extend(steps(&mut c, 100));
    c.apply(Command::StopLoad).unwrap();
    events.extend(drain(&mut c));
    for _ in 0..300 {
        events.extend(steps(&mut c, 1));
        if c.producer(producer).is_none() {
            break;
        }
    }
    assert!(c.producer(producer).is_none(), "the closed producer went away once every answer was in");
    events.extend(steps(&mut c, 50)); // the HW reaches the last records on every replica
    (c, producer, events)
}

#[test]
fn the_load_sends_through_a_producer_client_of_its_own() {
    let mut c = cluster(1);
    let producer = start_load(&mut c, 200, Acks::All, &[("linger.ms", "20")]);
    let p = c.producer(producer).expect("visible among the producers");
    assert!(c.producers().any(|x| x.handle == producer));
    assert!(p.idempotent() && p.config.acks == Acks::All, "Kafka 4.x's defaults: idempotent, acks=all");
    assert_eq!(p.config.linger_ms, 20, "the load's extra producer configs apply");
    let events = steps(&mut c, 50);
    let load = c.load().unwrap();
    let stats = c.producer(producer).unwrap().stats;
    assert_eq!((load.sent, load.acked, load.failed), (stats.sent, stats.acked, stats.failed), "the load's counts are its producer's");
    assert_eq!(load.sent, 1_000, "200 records/s for 5 s");
    assert!(load.acked > 900 && load.acked <= load.sent, "{load:?}");
    assert!(events.iter().all(|e| !matches!(e.kind, EventKind::ProduceAcknowledged { .. } | EventKind::ProduceFailed { .. })));
    // With acks=1, idempotence is off (as Kafka turns its default off quietly).
    let other = start_load(&mut c, 200, Acks::Leader, &[]);
    assert_ne!(other, producer, "a new load, a new producer");
    assert!(!c.producer(other).unwrap().idempotent());
    assert!(c.producer(producer).is_some_and(|p| p.closing), "the replaced load's producer closes");
    // A bad producer config is refused with Kafka's message, and the running load goes on.
    let bad = vec![("enable.idempotence".to_string(), "true".to_string())];
    let e = c
        .apply(Command::StartLoad { topic: "orders".into(), rate_per_s: 10, key_count: 1, acks: Acks::Leader, producer_config: bad })
        .unwrap_err();
    assert!(e.message.contains("Must set acks to all"), "{}", e.message);
    assert_eq!(c.load().and_then(|l| l.producer), Some(other));
}

/// The defaults (acks=all, idempotent): the crash makes the producer retry, and no record fails;
/// every acknowledged record is in its partition's log exactly once, at the offset it was
/// acknowledged with; each partition holds its records in send order.
#[test]
fn a_leader_failover_under_the_default_load_loses_duplicates_and_reorders_nothing() {
    for seed in [1, 2, 3] {
        let (c, producer, events) = failover_under_load(seed, Acks::All, &[], false);
        let d = delivery(&c, producer, &events);
        assert!(d.retries > 0, "seed {seed}: the crash made the producer retry");
        assert!(d.failed.is_empty(), "seed {seed}: nothing fails under the defaults: {:?}", &d.failed[..d.failed.len().min(5)]);
        let all: Vec<u64> = d.logs.values().flatten().map(|(_, n)| *n).collect();
        let mut distinct = all.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), all.len(), "seed {seed}: no record is in the logs twice");
        assert_eq!(d.acked.len(), all.len(), "seed {seed}: every record written was acknowledged, and every acknowledged one written");
        for (partition, log) in &d.logs {
            assert!(log.windows(2).all(|w| w[0].1 < w[1].1), "seed {seed}: orders-{partition} holds its records in send order");
        }
        for (send_id, (partition, offset)) in &d.acked {
            let log = &d.logs[partition];
            let at = log.iter().find(|(o, _)| o == offset).map(|(_, n)| *n);
            // The load sends `v1`, `v2`, ...: send id n carries `v{n+1}` (no send was refused).
            assert_eq!(at, Some(send_id + 1), "seed {seed}: send {send_id} acknowledged at orders-{partition}@{offset}");
        }
    }
}

/// Without idempotence the same failover can cost records: with acks=all, a batch the crashed
/// leader had replicated but not answered is retried to the new leader, which has it already:
/// it is written twice. With acks=1, records the crashed leader acknowledged before its
/// followers copied them are lost when a follower takes over: with followers fetching every
/// tick that window is shut in the model, so the followers are slowed first. (What the model
/// does on these seeds; whether it happens depends on the timing, as in Kafka.)
#[test]
fn without_idempotence_the_same_failover_duplicates_or_loses_records() {
    let mut duplicated = 0;
    let mut lost = 0;
    for seed in [1, 2, 3] {
        for (acks, config, slow) in [(Acks::All, &[("enable.idempotence", "false")][..], false), (Acks::Leader, &[][..], true)] {
            let (c, producer, events) = failover_under_load(seed, acks, config, slow);
            assert!(!c.producers().any(|p| p.handle == producer));
            let d = delivery(&c, producer, &events);
            let all: Vec<u64> = d.logs.values().flatten().map(|(_, n)| *n).collect();
            let mut distinct = all.clone();
            distinct.sort_unstable();
            distinct.dedup();
            if acks == Acks::All {
                duplicated += all.len() - distinct.len();
            } else {
                lost += d.acked.keys().filter(|id| distinct.binary_search(&(*id + 1)).is_err()).count();
            }
        }
    }
    println!("without idempotence: {duplicated} records written twice, {lost} acknowledged records lost");
    assert!(duplicated > 0, "acks=all without idempotence: a retried batch written twice");
    assert!(lost > 0, "acks=1: acknowledged records lost with the crashed leader");
}

#[test]
fn stopping_the_load_closes_its_producer_after_sending_what_waits() {
    let mut c = cluster(4);
    let producer = start_load(&mut c, 1_000, Acks::All, &[("linger.ms", "1000")]);
    steps(&mut c, 3);
    c.apply(Command::StopLoad).unwrap();
    assert!(c.load().is_none());
    let p = c.producer(producer).unwrap();
    let acked_before = p.stats.acked;
    assert!(p.closing && p.stats.sent == 300 && acked_before < 300, "lingering a second: {:?}", p.stats);
    let events = steps(&mut c, 5);
    assert!(c.producer(producer).is_none());
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::ProducerClosed { producer: p } if p == producer)));
    let acked: usize = events
        .iter()
        .map(|e| match &e.kind {
            EventKind::ProducerBatchAcked { send_ids, .. } => send_ids.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(acked_before + acked as u64, 300, "close() still sent and delivered every record");
}
