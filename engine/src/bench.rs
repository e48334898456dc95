//! Issue 6's reference scenario R as one workload, shared by the native benchmark
//! (`examples/bench.rs`) and the browser one (the app's `bench_engine` export), so both measure
//! the same code on the same input. The engine keeps no clock: callers time `step`.
//!
//! R: 5 brokers; 250 partitions at replication factor 3 (min.insync.replicas 2); acks=all;
//! 100-byte values with keys from 1,000 distinct keys (the sandbox's own load generator); one
//! consumer group of 5 members (range, auto-commit, earliest); retention bounded by size so
//! memory stays flat.

use crate::command::{Command, CommandError};
use crate::config::{ClusterConfig, TopicConfig};
use crate::consumer::{ConsumerConfig, OffsetReset};
use crate::event::Acks;
use crate::invariants::Auditor;
use crate::Cluster;

/// `retention.bytes` of R's topic: a bounded log (with 16 KiB segments at most 80 KiB per
/// partition), so a long run holds a flat amount of memory.
pub const R_RETENTION_BYTES: i64 = 65_536;
/// `segment.bytes` of R's topic.
pub const R_SEGMENT_BYTES: u64 = 16_384;
/// Name of R's topic.
pub const R_TOPIC: &str = "bench";

/// Shape of a run of R (defaults: issue 6's numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioRConfig {
    pub brokers: u32,
    pub partitions: u32,
    /// Load in records per second of simulated time (100 ms steps).
    pub rate_per_s: u32,
    pub key_count: u32,
    pub consumers: u32,
    /// Run the invariant checks (`Auditor`) after every step.
    pub check: bool,
    pub seed: u64,
}

impl Default for ScenarioRConfig {
    fn default() -> Self {
        ScenarioRConfig { brokers: 5, partitions: 250, rate_per_s: 10_000, key_count: 1_000, consumers: 5, check: false, seed: 1 }
    }
}

/// R's set-up as commands, as the page does it (`?bench=R` applies the same to a session):
/// the topic (min.insync.replicas 2, `retention.bytes` 64 KiB on 16 KiB segments), a group of
/// `consumers` reading it from the earliest offset, and the engine's own load (`StartLoad`: it
/// produces at the start of each step) with acks=all.
pub fn setup_commands(partitions: u32, replication_factor: u32, consumers: u32, rate_per_s: u32, key_count: u32) -> Vec<Command> {
    let topic = TopicConfig {
        min_insync_replicas: 2,
        retention_bytes: R_RETENTION_BYTES,
        segment_bytes: R_SEGMENT_BYTES,
        ..TopicConfig::default()
    };
    let mut out = vec![Command::CreateTopic { name: R_TOPIC.into(), partitions, replication_factor, config: topic }];
    for _ in 0..consumers {
        let consumer = ConsumerConfig {
            group_id: "bench-group".into(),
            topics: vec![R_TOPIC.into()],
            auto_offset_reset: OffsetReset::Earliest,
            ..ConsumerConfig::default()
        };
        out.push(Command::AddConsumer { config: consumer });
    }
    out.push(Command::StartLoad { topic: R_TOPIC.into(), rate_per_s, key_count, acks: Acks::All, producer_config: Vec::new() });
    out
}

/// A running instance of R.
pub struct ScenarioR {
    pub cluster: Cluster,
    auditor: Option<Auditor>,
    /// Produce requests the cluster accepted.
    pub produced: u64,
    /// Events drained (what a view would read).
    pub events: u64,
    pub steps: u64,
}

impl ScenarioR {
    pub fn new(config: &ScenarioRConfig) -> Result<Self, CommandError> {
        let mut cluster = Cluster::new(ClusterConfig { brokers: config.brokers, seed: config.seed, ..ClusterConfig::default() })?;
        for command in setup_commands(config.partitions, 3.min(config.brokers), config.consumers, config.rate_per_s, config.key_count) {
            cluster.apply(command)?;
        }
        Ok(ScenarioR { cluster, auditor: config.check.then(Auditor::new), produced: 0, events: 0, steps: 0 })
    }

    /// One 100 ms step: the load's produce requests, the cluster's step, its events drained
    /// (and audited). With checks on, the first violated invariant is the error.
    pub fn step(&mut self) -> Result<(), String> {
        self.cluster.step();
        self.produced = self.cluster.load().map_or(0, |l| l.sent);
        self.steps += 1;
        while let Some(e) = self.cluster.poll_event() {
            self.events += 1;
            if let Some(a) = self.auditor.as_mut() {
                a.observe(&self.cluster, &e);
            }
        }
        if let Some(a) = self.auditor.as_mut() {
            if let Some(v) = a.check(&self.cluster).first() {
                return Err(format!("step {}: {v}", self.steps));
            }
        }
        Ok(())
    }

    /// Records the group's consumers have been handed so far.
    pub fn consumed(&self) -> u64 {
        self.cluster.consumers().map(|c| c.records_delivered).sum()
    }

    /// One line of JSON with the rates over `secs` of wall time (the caller's clock).
    pub fn report_json(&self, label: &str, secs: f64) -> String {
        let per_s = |n: u64| if secs > 0.0 { n as f64 / secs } else { 0.0 };
        format!(
            "{{\"label\":\"{label}\",\"steps\":{},\"secs\":{secs:.4},\"steps_per_s\":{:.1},\"produced_per_s\":{:.0},\"consumed_per_s\":{:.0},\"produced\":{},\"consumed\":{}}}",
            self.steps,
            per_s(self.steps),
            per_s(self.produced),
            per_s(self.consumed()),
            self.produced,
            self.consumed()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_r_produces_replicates_and_consumes_within_its_invariants() {
        let mut r =
            ScenarioR::new(&ScenarioRConfig { partitions: 20, rate_per_s: 1_000, check: true, ..ScenarioRConfig::default() }).unwrap();
        for _ in 0..300 {
            r.step().unwrap();
        }
        assert_eq!(r.produced, 30_000, "1,000 records/s for 30 s, all accepted");
        // The group starts after the initial rebalance delay; by 30 s it has caught up to
        // within the last few steps' records.
        assert!(r.consumed() > 25_000, "consumed {}", r.consumed());
        let json = r.report_json("x", 2.0);
        assert!(json.contains("\"produced_per_s\":15000"), "{json}");
    }

    #[test]
    fn retention_keeps_the_logs_bounded() {
        let mut r =
            ScenarioR::new(&ScenarioRConfig { partitions: 5, rate_per_s: 2_000, consumers: 0, ..ScenarioRConfig::default() }).unwrap();
        for _ in 0..3_000 {
            r.step().unwrap();
        }
        for p in r.cluster.partitions().filter(|p| &*p.tp.topic == R_TOPIC) {
            let bytes = p.leader_log().map_or(0, |l| l.size_bytes());
            assert!(bytes <= R_RETENTION_BYTES as u64 + R_SEGMENT_BYTES + 200, "{}: {bytes} bytes", p.tp);
        }
    }
}
