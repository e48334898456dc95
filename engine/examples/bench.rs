//! Engine throughput, native: simulated steps and produced records per second of wall time.
//! `cargo run -p engine --release --example bench -- [brokers] [partitions] [records_per_step] [steps] [consumers]`
//! Defaults: 5 brokers, 50 partitions at RF 3, acks=all, 100-byte values, keys from 1,000
//! distinct keys, 100 records per 100 ms step (1,000 records/s of simulated load), no consumers.
//! With `consumers` > 0 one group of that many consumers (range, auto-commit, earliest) reads the
//! topic and records consumed per second are printed too (issue 6's scenario R is
//! `5 250 100 20000 5`).

use engine::invariants::Auditor;
use engine::rng::Rng;
use engine::{Acks, Cluster, ClusterConfig, ConsumerConfig, OffsetReset, ProduceRequest, TopicConfig};
use std::time::Instant;

fn run(brokers: u32, partitions: u32, per_step: u32, steps: u32, consumers: u32, check: bool) -> (f64, u64, u64) {
    let mut c = Cluster::new(ClusterConfig { brokers, seed: 1, event_queue_max: 1_000_000, ..ClusterConfig::default() })
        .expect("cluster");
    c.create_topic("bench", partitions, 3.min(brokers), TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() })
        .expect("topic");
    for _ in 0..consumers {
        c.add_consumer(ConsumerConfig {
            group_id: "bench-group".into(),
            topics: vec!["bench".into()],
            auto_offset_reset: OffsetReset::Earliest,
            ..ConsumerConfig::default()
        })
        .expect("consumer");
    }
    let keys: Vec<Vec<u8>> = (0..1000).map(|i| format!("key-{i}").into_bytes()).collect();
    let mut rng = Rng::new(7);
    let mut auditor = Auditor::new();
    let mut produced = 0u64;
    let start = Instant::now();
    for _ in 0..steps {
        for _ in 0..per_step {
            let key = keys[rng.below(1000) as usize].clone();
            let req = ProduceRequest { topic: "bench".into(), key: Some(key), value: Some(vec![b'x'; 100]), partition: None, headers: vec![], acks: Acks::All };
            if c.produce(req).is_ok() {
                produced += 1;
            }
        }
        c.step();
        while let Some(e) = c.poll_event() {
            if check {
                auditor.observe(&c, &e);
            }
        }
        if check {
            assert!(auditor.check(&c).is_empty());
        }
    }
    let consumed = c.consumers().map(|x| x.records_delivered).sum();
    let secs = start.elapsed().as_secs_f64();
    std::mem::forget(c); // dropping a large cluster is not part of the measurement
    (secs, produced, consumed)
}

fn main() {
    let a: Vec<u32> = std::env::args().skip(1).filter_map(|s| s.parse().ok()).collect();
    let brokers = a.first().copied().unwrap_or(5);
    let partitions = a.get(1).copied().unwrap_or(50);
    let per_step = a.get(2).copied().unwrap_or(100);
    let steps = a.get(3).copied().unwrap_or(20_000);
    let consumers = a.get(4).copied().unwrap_or(0);
    println!(
        "engine bench: {brokers} brokers, {partitions} partitions RF 3, acks=all, {per_step} records per 100 ms step, {steps} steps, {consumers} consumer(s)"
    );
    let modes: &[bool] = match std::env::var("BENCH_CHECKS").as_deref() { Ok("off") => &[false], Ok("on") => &[true], _ => &[false, true] };
    for &check in modes {
        let (secs, produced, consumed) = run(brokers, partitions, per_step, steps, consumers, check);
        println!(
            "  invariants {:>3}: {:>9.0} steps/s, {:>10.0} records/s produced+replicated, {:>10.0} consumed ({:.2} s wall, {:.0}x real time)",
            if check { "on" } else { "off" },
            f64::from(steps) / secs,
            produced as f64 / secs,
            consumed as f64 / secs,
            secs,
            f64::from(steps) * 0.1 / secs
        );
    }
}
