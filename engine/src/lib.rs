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

#[macro_use]
mod code_slot;

pub mod assignor;
pub mod bench;
mod broker;
mod cluster;
mod command;
pub mod compression;
mod config;
pub mod config_command;
mod consumer;
pub mod course;
pub mod cow_deque;
mod delivery_check;
mod election;
mod event;
mod exponential_backoff;
mod group;
mod hashed_when_used;
mod ids;
pub mod invariants;
mod java_hash;
mod kafka_error;
pub mod lesson;
mod links;
mod load;
pub mod log_batch;
pub mod log_segment;
pub mod murmur2;
#[cfg(feature = "cli")]
mod narrate_en;
mod not_state;
mod partition;
pub mod partition_map;
mod payload;
mod placement;
pub mod producer_app;
mod producer_client;
mod producer_config;
mod producer_state;
mod record;
mod record_accumulator;
pub mod record_batch;
mod record_pool;
mod replica_log;
pub mod rng;
pub mod session;
pub mod sim;
mod snapshot_hash;
pub mod tools;
pub mod topic_config;
pub mod topic_name;
mod transaction_manager;
mod transaction_metadata;
pub mod vec_map;

// The public API: what the app, `ksim` and the tests use. Internals stay in private modules;
// `assignor`, `bench`, `config_command`, `invariants`, `murmur2`, `rng`, `session`, `sim`,
// `topic_config` and `topic_name` are public namespaces for tools (the kafka-python diffs, the
// benchmark, the simulations, Kafka's tools' own parsing and messages).
pub use broker::{Broker, BrokerState};
/// Where the cluster finds the consumer groups' code (a chunk of the hosted page).
pub use cluster::groups::code as group_code;
/// Where the cluster finds its tick's code (a chunk of the hosted page).
pub use cluster::tick_code;
pub use cluster::{
    offsets_partition_for, transaction_partition_for, Cluster, GroupPartitionRow, Topic, OFFSETS_TOPIC, TRANSACTION_STATE_TOPIC,
};
pub use command::{Command, CommandError, CommandErrorKind, ElectionType, Outcome, ProduceRecord, ProduceRequest};
pub use config::{CleanupPolicy, ClusterConfig, TopicConfig};
pub use consumer::{
    ClientState, Consumer, ConsumerConfig, ConsumerError, GroupProtocol, IsolationLevel, JoinPhase, OffsetReset, ServerAssignor,
};
pub use delivery_check::{DeliveryCheck, DeliveryFinding, SendStamp};
pub use event::{
    Acks, ElectionKind, Event, EventKind, GroupLeaveReason, IsrShrinkReason, OffsetResetReason, ProduceFailureCause, RebalanceReason,
};
pub use group::{ClassicGroupState, ConsumerGroup, ConsumerGroupState, GroupProtocolState, MemberState};
pub use ids::{broker_list, BrokerId, ConsumerId, LeaderEpoch, Offset, ProducerHandle, RequestId, TimeMs, TopicPartition, Uuid};
pub use kafka_error::KafkaError;
pub use load::LoadGenerator;
pub use partition::Partition;
pub use payload::Payload;
pub use producer_client::{ProducerClient, SendFailure};
pub use producer_config::{ProducerConfig, PRODUCER_CONFIG_NAMES};
pub use producer_state::AbortedTxn;
pub use record::{ControlRecordType, Record, RecordProducer};
pub use replica_log::{CleanableState, CleanerRule, ReplicaLog};
pub use transaction_manager::{TransactionManager, TxnClientState};
pub use transaction_metadata::{TransactionMetadata, TransactionState, TxnOffsets};
