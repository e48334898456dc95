//! Replication, one tick: followers fetch from their leaders (truncating first on divergence),
//! leaders expand and shrink the ISR and advance the high watermark (`ReplicaFetcherThread`,
//! `Partition.maybeExpandIsr`/`maybeShrinkIsr`/`maybeIncrementLeaderHW`).

use super::*;

impl Cluster {
    /// Part 3 and 4 of a tick for every partition, in topic order. The brokers' reachability is
    /// copied once and every topic visited once (looking each partition's topic up by name,
    /// several times, was a quarter of a quiet step).
    pub(super) fn step_replication(&mut self) {
        let links = BrokerLinks::of(&self.brokers);
        let tick = ReplicationTick {
            now: self.now,
            links: &links,
            controller: self.controller,
            fetch_interval_ms: self.config.replica_fetch_interval_ms,
            fetch_max_bytes: self.config.replica_fetch_max_bytes,
            lag_max_ms: self.config.replica_lag_time_max_ms,
            request_timeout_ms: self.config.request_timeout_ms,
            elr_enabled: self.config.eligible_leader_replicas_enable,
            quorum_lost: self.quorum_lost,
        };
        let mut events = std::mem::take(&mut self.scratch_events.0);
        for t in self.topics.values_mut() {
            let (min_isr, segment_rule) = (t.min_isr_effective(), t.config.segment_rule());
            for p in t.partitions.iter_mut() {
                p.replicate(&tick, min_isr, &segment_rule, &mut events);
            }
        }
        self.emit_scratch(events);
    }
}
