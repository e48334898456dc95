//! `?bench=R` and `?bench=R9` (issue 26): the benchmark scenarios live in the page, so anyone
//! can measure the page with their own tools. R is issue 6's reference: 5 brokers; 250
//! partitions at RF 3 (topic `bench` with 247 and the default `orders` with 3) with
//! min.insync.replicas 2, retention.bytes 65,536 and 16 KiB segments on `bench`; one group of 5
//! consumers reading it from the earliest offset; a load of 1,000 records/s over 1,000 keys with
//! acks=all. R9 is the scale case: 9 brokers and 1,000 partitions (`bench` with 997). The same
//! set-up as `tests/site/scenario-r.mjs` clicks together, built from commands (so the session
//! replays and shares like any other).

use crate::session::Session;
use engine::bench::{R_RETENTION_BYTES, R_SEGMENT_BYTES, R_TOPIC};
use engine::{Acks, Command, ConsumerConfig, OffsetReset, TopicConfig};

/// The scenarios by their `bench` parameter: (brokers, partitions of `bench`).
fn shape(spec: &str) -> Option<(u32, u32)> {
    match spec {
        "R" => Some((5, 247)),
        "R9" => Some((9, 997)),
        _ => None,
    }
}

/// A session running scenario `spec` (`R` or `R9`), or None for any other value.
pub fn session(spec: &str) -> Option<Session> {
    let (brokers, partitions) = shape(spec)?;
    let mut s = Session::with_cluster(1, brokers, false);
    let config = TopicConfig {
        min_insync_replicas: 2,
        retention_bytes: R_RETENTION_BYTES,
        segment_bytes: R_SEGMENT_BYTES,
        ..TopicConfig::default()
    };
    s.apply(Command::CreateTopic { name: R_TOPIC.into(), partitions, replication_factor: 3, config }).ok()?;
    for _ in 0..5 {
        let consumer = ConsumerConfig {
            group_id: "bench-group".into(),
            topics: vec![R_TOPIC.into()],
            auto_offset_reset: OffsetReset::Earliest,
            ..ConsumerConfig::default()
        };
        s.apply(Command::AddConsumer { config: consumer }).ok()?;
    }
    s.apply(Command::StartLoad {
        topic: R_TOPIC.into(),
        rate_per_s: 1_000,
        key_count: 1_000,
        acks: Acks::All,
        producer_config: Vec::new(),
    })
    .ok()?;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_and_r9_are_the_benchmark_scenarios() {
        let r = session("R").unwrap();
        assert_eq!(r.cluster.brokers().count(), 5);
        let total: usize = r.cluster.topics().map(|t| t.partitions.len()).sum();
        assert!(total >= 250, "{total} partitions (bench 247 + orders 3, and the internal topics)");
        assert_eq!(r.cluster.topic(R_TOPIC).unwrap().partitions.len(), 247);
        assert!(r.cluster.load().is_some(), "the load runs");
        let r9 = session("R9").unwrap();
        assert_eq!(r9.cluster.brokers().count(), 9);
        assert_eq!(r9.cluster.topic(R_TOPIC).unwrap().partitions.len() + r9.cluster.topic("orders").unwrap().partitions.len(), 1_000);
        assert!(session("r").is_none() && session("").is_none() && session("R10").is_none());
    }
}
