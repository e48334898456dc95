//! Cluster-wide and per-topic configuration, with Kafka's names and defaults. Where the sandbox
//! departs from a default (for example to bound memory) the field says so.

use crate::log_segment::SegmentRule;
use crate::record_batch::Compression;
use serde::{Deserialize, Serialize};

/// Broker and controller settings for the whole simulated cluster.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterConfig {
    /// Number of brokers, 1..=9, with node ids 1..=n.
    pub brokers: u32,
    /// Seed of the engine's one PRNG.
    pub seed: u64,
    /// Logical milliseconds per `step`.
    pub tick_ms: u64,
    /// `replica.lag.time.max.ms` (default 30000).
    pub replica_lag_time_max_ms: u64,
    /// `broker.session.timeout.ms` (KRaft, default 9000): a broker whose heartbeats stop for
    /// this long is fenced by the controller and removed from every ISR.
    pub broker_session_timeout_ms: u64,
    /// How long the controller quorum takes to elect a new active controller (KRaft's
    /// `controller.quorum.election.timeout.ms`, default 1000).
    pub controller_election_timeout_ms: u64,
    /// `request.timeout.ms` of the producer (default 30000): an acks=all request still waiting
    /// in purgatory after this long fails with REQUEST_TIMED_OUT.
    pub request_timeout_ms: u64,
    /// `replica.fetch.max.bytes` (default 1 MiB): the most a follower fetch returns.
    pub replica_fetch_max_bytes: u64,
    /// `replica.fetch.wait.max.ms`-like spacing of follower fetches (default: every tick).
    pub replica_fetch_interval_ms: u64,
    /// `batch.size` of the producer (default 16384): the sticky partitioner switches after this
    /// many bytes (KIP-794).
    pub batch_size_bytes: u64,
    /// `log.retention.check.interval.ms` (Kafka default 300000; the sandbox checks every 5 s so
    /// that retention can be watched).
    pub log_retention_check_interval_ms: u64,
    /// Sandbox limit, not a Kafka setting: the most bytes one replica log may hold. Oldest
    /// segments below the high watermark are deleted past it, so memory stays bounded under
    /// continuous load. 0 disables the limit.
    pub log_bytes_per_replica_max: u64,
    /// Sandbox limit: the most events kept waiting for `poll_event`.
    pub event_queue_max: u32,
    /// `offsets.topic.num.partitions` (default 50).
    pub offsets_topic_num_partitions: u32,
    /// `offsets.topic.replication.factor` (default 3; fewer when fewer brokers are registered).
    pub offsets_topic_replication_factor: u32,
    /// `group.initial.rebalance.delay.ms` (default 3000).
    pub group_initial_rebalance_delay_ms: u64,
    /// `auto.leader.rebalance.enable` (default true): the controller periodically moves
    /// leadership back to each partition's preferred replica.
    pub auto_leader_rebalance_enable: bool,
    /// `leader.imbalance.check.interval.seconds` (default 300), in ms.
    pub leader_imbalance_check_interval_ms: u64,
    /// Eligible leader replicas (KIP-966 part 1), the feature `eligible.leader.replicas.version`:
    /// 0 (off) by default in Kafka 4.0, 1 for clusters formatted by 4.1 and later
    /// (`EligibleLeaderReplicasVersion.LATEST_PRODUCTION`). Off here by default: the older
    /// behaviour, where an ISR is never emptied.
    pub eligible_leader_replicas_enable: bool,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            brokers: 3,
            seed: 1,
            tick_ms: 100,
            replica_lag_time_max_ms: 30_000,
            broker_session_timeout_ms: 9_000,
            controller_election_timeout_ms: 1_000,
            request_timeout_ms: 30_000,
            replica_fetch_max_bytes: 1_048_576,
            replica_fetch_interval_ms: 100,
            batch_size_bytes: 16_384,
            log_retention_check_interval_ms: 5_000,
            log_bytes_per_replica_max: 4 * 1_048_576,
            event_queue_max: 100_000,
            offsets_topic_num_partitions: 50,
            offsets_topic_replication_factor: 3,
            group_initial_rebalance_delay_ms: 3_000,
            auto_leader_rebalance_enable: true,
            leader_imbalance_check_interval_ms: 300_000,
            eligible_leader_replicas_enable: false,
        }
    }
}

pub const BROKERS_MAX: u32 = 9;
pub const PARTITIONS_PER_TOPIC_MAX: u32 = 1_000;
pub const PARTITIONS_TOTAL_MAX: u32 = 4_000;
pub const TOPICS_MAX: u32 = 100;
/// Kafka's default `message.max.bytes` (1 MiB + record batch overhead).
pub const RECORD_BYTES_MAX: usize = 1_048_588;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CleanupPolicy {
    Delete,
    Compact,
    /// `cleanup.policy=compact,delete`: compacted, and old segments deleted by retention too.
    #[serde(rename = "compact,delete")]
    CompactDelete,
}

impl CleanupPolicy {
    /// The log cleaner compacts it (`LogConfig.compact`).
    pub fn compacts(self) -> bool {
        matches!(self, CleanupPolicy::Compact | CleanupPolicy::CompactDelete)
    }
    /// Retention deletes old segments (`LogConfig.delete`).
    pub fn deletes(self) -> bool {
        matches!(self, CleanupPolicy::Delete | CleanupPolicy::CompactDelete)
    }
    /// As `kafka-configs.sh` prints it.
    pub fn name(self) -> &'static str {
        match self {
            CleanupPolicy::Delete => "delete",
            CleanupPolicy::Compact => "compact",
            CleanupPolicy::CompactDelete => "compact,delete",
        }
    }
}

/// A topic's configs (`kafka-configs.sh --entity-type topics`), with Kafka's defaults.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicConfig {
    /// `min.insync.replicas` (default 1).
    pub min_insync_replicas: u32,
    /// `unclean.leader.election.enable` (default false).
    pub unclean_leader_election_enable: bool,
    /// `retention.ms` (default 604800000 = 7 days; -1 = unlimited).
    pub retention_ms: i64,
    /// `retention.bytes` per partition (default -1 = unlimited).
    pub retention_bytes: i64,
    /// `segment.bytes` (Kafka default 1 GiB; the sandbox defaults to 64 KiB so that segments
    /// roll and retention can be seen with teaching-sized volumes).
    pub segment_bytes: u64,
    /// `cleanup.policy` (default delete).
    pub cleanup_policy: CleanupPolicy,
    /// `delete.retention.ms` (default 86400000 = 1 day): how long a tombstone of a compacted
    /// topic outlives the clean that first reached it (KIP-534).
    pub delete_retention_ms: u64,
    /// `min.compaction.lag.ms` (default 0): the least time a record stays uncompacted.
    pub min_compaction_lag_ms: u64,
    /// `segment.ms` (default 604800000 = 7 days): a segment rolls once an append's timestamp is
    /// this far past its first.
    #[serde(default = "segment_ms_default")]
    pub segment_ms: u64,
    /// `index.interval.bytes` (default 4096): bytes between `.index` entries.
    #[serde(default = "index_interval_bytes_default")]
    pub index_interval_bytes: u64,
    /// `compression.type` (default `producer`: keep the producer's codec).
    #[serde(default)]
    pub compression_type: TopicCompression,
}

fn segment_ms_default() -> u64 {
    604_800_000
}

fn index_interval_bytes_default() -> u64 {
    4096
}

/// A topic's `compression.type` (`BrokerCompressionType`): `producer` keeps each batch's codec;
/// a codec (`uncompressed` for none) makes the leader recompress batches sent otherwise
/// (`LogValidator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicCompression {
    #[default]
    Producer,
    Codec(Compression),
}

impl TopicCompression {
    /// The names `compression.type` takes, in `BrokerCompressionType`'s order.
    pub const NAMES: [&'static str; 6] = ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"];

    pub fn name(self) -> &'static str {
        match self {
            TopicCompression::Producer => "producer",
            TopicCompression::Codec(Compression::None) => "uncompressed",
            TopicCompression::Codec(c) => c.name(),
        }
    }

    pub fn parse(name: &str) -> Option<TopicCompression> {
        match name {
            "producer" => Some(TopicCompression::Producer),
            "uncompressed" => Some(TopicCompression::Codec(Compression::None)),
            "none" => None,
            other => Compression::parse(other).map(TopicCompression::Codec),
        }
    }

    /// The codec of a batch in the log, sent with `sent`.
    pub fn target(self, sent: Compression) -> Compression {
        match self {
            TopicCompression::Producer => sent,
            TopicCompression::Codec(c) => c,
        }
    }
}

impl TopicConfig {
    /// What the topic's segments follow: `segment.bytes`, `segment.ms`, `index.interval.bytes`.
    pub fn segment_rule(&self) -> SegmentRule {
        SegmentRule { segment_bytes: self.segment_bytes, segment_ms: self.segment_ms, index_interval_bytes: self.index_interval_bytes }
    }
}

impl Default for TopicConfig {
    fn default() -> Self {
        TopicConfig {
            min_insync_replicas: 1,
            unclean_leader_election_enable: false,
            retention_ms: 604_800_000,
            retention_bytes: -1,
            segment_bytes: 65_536,
            cleanup_policy: CleanupPolicy::Delete,
            delete_retention_ms: 86_400_000,
            min_compaction_lag_ms: 0,
            segment_ms: segment_ms_default(),
            index_interval_bytes: index_interval_bytes_default(),
            compression_type: TopicCompression::Producer,
        }
    }
}

/// Kafka's lower bound on `segment.bytes` (`LogConfig`: at least 14 bytes, the batch header;
/// the real minimum is 1 MiB from 4.x's `log.segment.bytes` validator, relaxed here so teaching
/// topics can roll segments quickly).
pub const SEGMENT_BYTES_MIN: u64 = 1_024;

/// `min.cleanable.dirty.ratio` (default 0.5): the log cleaner compacts a log once half of its
/// cleanable bytes were written since the last cleaning.
pub const MIN_CLEANABLE_DIRTY_RATIO: f64 = 0.5;
