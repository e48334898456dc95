//! The log manager's periodic work (`LogManager`, `LogCleaner`): retention deletes old
//! segments, the cleaner compacts `cleanup.policy=compact` logs.

use super::*;

/// What the cleaner follows for a topic with `config` at `now`.
fn cleaner_rule(now: TimeMs, config: &TopicConfig) -> CleanerRule {
    CleanerRule {
        now,
        min_cleanable_ratio: MIN_CLEANABLE_DIRTY_RATIO,
        delete_retention_ms: config.delete_retention_ms,
        min_compaction_lag_ms: config.min_compaction_lag_ms,
        segment: config.segment_rule(),
    }
}

impl Cluster {
    /// The cleaner's rule for `topic` now, when the topic is compacted (for showing the
    /// cleaner's view of a log: `ReplicaLog::cleanable`).
    pub fn cleaner_rule(&self, topic: &str) -> Option<CleanerRule> {
        let t = self.topics.get(topic)?;
        t.config.cleanup_policy.compacts().then(|| cleaner_rule(self.now, &t.config))
    }

    #[inline(never)]
    pub(super) fn step_retention(&mut self) {
        if self.now.0 < self.next_retention_ms {
            return;
        }
        self.next_retention_ms = self.now.0 + self.config.log_retention_check_interval_ms.max(1);
        let now = self.now;
        let sandbox_max = self.config.log_bytes_per_replica_max;
        let mut events = std::mem::take(&mut self.scratch_events.0);
        let running: Vec<BrokerId> = self.brokers.values().filter(|b| b.running()).map(|b| b.id).collect();
        let pool = &mut self.record_pool.0;
        for t in self.topics.values_mut() {
            // A compact-only topic is cleaned, not deleted by age or size (`cleanup.policy`);
            // the sandbox's memory cap still applies to it as a last resort. `compact,delete`
            // does both. The policy is read on every pass, so an altered config applies at once.
            let compact = t.config.cleanup_policy.compacts();
            let (ms, bytes) = if t.config.cleanup_policy.deletes() { (t.config.retention_ms, t.config.retention_bytes) } else { (-1, -1) };
            let cleaner = cleaner_rule(now, &t.config);
            for p in t.partitions.iter_mut() {
                for (b, log) in p.logs.iter_mut() {
                    if !running.contains(b) {
                        continue;
                    }
                    if compact {
                        let removed = log.compact(&cleaner);
                        if removed > 0 {
                            events.push(EventKind::LogCompacted { partition: p.tp.clone(), broker: *b, records: removed });
                        }
                    }
                    if let Some((start, records)) = log.apply_retention(now, ms, bytes, sandbox_max, pool) {
                        events.push(EventKind::SegmentsDeleted { partition: p.tp.clone(), broker: *b, log_start_offset: start, records });
                    }
                }
            }
        }
        self.emit_scratch(events);
    }
}
