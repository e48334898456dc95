//! Kafka Sandbox engine: a deterministic, seeded, sans-IO simulation of an Apache Kafka 4.x
//! cluster, faithful to Kafka's rules (partitioner, replication, ISR, high watermark, leader
//! election). Pure Rust (std + serde): the same code runs natively and in the browser.
//!
//! Commands go in through [`Cluster::apply`], logical time advances with [`Cluster::step`],
//! typed [`Event`]s come out of [`Cluster::poll_event`], and the UI reads state through
//! read-only getters. `invariants` holds the safety properties checked after every step.

/// A lookup that cannot fail did: a bug in the engine. Panics where debug assertions are on
/// (the engine's tests and simulations run so: `cargo test --profile audit`); the page, built
/// without them, goes on quietly instead of dying (the caller then returns).
macro_rules! cannot_fail {
    ($($arg:tt)*) => {
        if cfg!(debug_assertions) {
            panic!($($arg)*)
        }
    };
}

pub mod assignor;
pub mod bench;
pub mod broker;
pub mod btree;
pub mod cluster;
pub mod command;
pub mod config;
pub mod config_command;
pub mod consumer;
pub mod election;
pub mod event;
pub mod exponential_backoff;
pub mod group;
pub mod hashed_when_used;
pub mod ids;
pub mod invariants;
pub mod java_hash;
pub mod kafka_error;
pub mod links;
pub mod load;
pub mod murmur2;
pub mod not_state;
pub mod partition;
pub mod payload;
pub mod placement;
pub mod producer_client;
pub mod producer_config;
pub mod producer_state;
pub mod record;
pub mod record_accumulator;
pub mod record_pool;
pub mod replica_log;
pub mod rng;
pub mod session;
pub mod sim;
pub mod snapshot_hash;
pub mod topic_config;
pub mod topic_name;

pub use broker::{Broker, BrokerState};
pub use cluster::{offsets_partition_for, Cluster, GroupPartitionRow, Topic, OFFSETS_TOPIC};
pub use command::{Command, CommandError, CommandErrorKind, Outcome, ProduceRequest};
pub use config::{ClusterConfig, TopicConfig};
pub use consumer::{ClientState, Consumer, ConsumerConfig, JoinPhase, OffsetReset};
pub use event::{Acks, ElectionKind, Event, EventKind, ProduceFailureCause};
pub use group::{ClassicGroupState, ConsumerGroup, ConsumerGroupState};
pub use ids::{BrokerId, ConsumerId, LeaderEpoch, Offset, RequestId, TimeMs, TopicPartition};
pub use kafka_error::KafkaError;
pub use partition::Partition;
