//! What happened, as typed events the UI can narrate. The engine queues them; callers drain
//! them with `Cluster::poll_event`.
//!
//! Typed data only: the app renders events from its catalogues (`src/narration.rs`), ksim and
//! the engine's tests through the English renderer in `narrate_en.rs` (`cli` feature).

use crate::assignor::AssignorName;
use crate::consumer::{ClientState, ConsumerError, OffsetReset};
use crate::delivery_check::DeliveryFinding;
use crate::ids::{BrokerId, ConsumerId, LeaderEpoch, Offset, RequestId, TimeMs, TopicPartition};
use crate::kafka_error::KafkaError;
use serde::{Deserialize, Serialize};

/// Why a produce request failed, decided where it failed from the state at that moment, so the
/// narration can name the real cause (an error code alone is often misleading: a
/// REQUEST_TIMED_OUT can come from an ISR below min.insync.replicas or from ISR members that
/// never fetched while nothing could remove them from the ISR).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum ProduceFailureCause {
    /// The ISR is smaller than min.insync.replicas (capped at the replication factor):
    /// NOT_ENOUGH_REPLICAS before the append, NOT_ENOUGH_REPLICAS_AFTER_APPEND after it, or a
    /// timeout because the HW does not advance under min ISR (`Partition.maybeIncrementLeaderHW`).
    IsrBelowMinIsr { isr: Vec<BrokerId>, min_isr: u32 },
    /// REQUEST_TIMED_OUT with the ISR at or above min ISR: the HW waits for every ISR member
    /// (`DelayedProduce`, `Partition.checkEnoughReplicasReachOffset`) and `waiting_for` never
    /// fetched up to the record. The leader removes such followers only through an
    /// AlterPartition to the controller; `quorum_lost` says there was no active controller.
    AwaitingReplicas { waiting_for: Vec<BrokerId>, isr: Vec<BrokerId>, quorum_lost: bool, timeout_ms: u64 },
    /// The leader the client knows of is not running (NETWORK_EXCEPTION).
    LeaderUnreachable { leader: BrokerId },
    /// The partition has no leader (LEADER_NOT_AVAILABLE).
    NoLeader,
    /// Leadership moved while the request waited (NOT_LEADER_OR_FOLLOWER): `from` led it when
    /// the record was appended, `to` leads now (`from` again when only the leader epoch moved).
    LeaderMoved { from: BrokerId, to: Option<BrokerId> },
    /// Not recorded (an event from a snapshot taken before causes existed).
    #[default]
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Acks {
    #[serde(rename = "0")]
    None,
    #[serde(rename = "1")]
    Leader,
    #[serde(rename = "all")]
    All,
}

impl Acks {
    pub fn label(self) -> &'static str {
        match self {
            Acks::None => "0",
            Acks::Leader => "1",
            Acks::All => "all",
        }
    }
    pub fn parse(s: &str) -> Option<Acks> {
        match s.trim() {
            "0" => Some(Acks::None),
            "1" => Some(Acks::Leader),
            "all" | "-1" => Some(Acks::All),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectionKind {
    /// First live ISR member in assignment order.
    Clean,
    /// `unclean.leader.election.enable`: first live replica, outside the ISR.
    Unclean,
    /// `kafka-leader-election --election-type preferred`.
    Preferred,
    /// `auto.leader.rebalance.enable`: the controller's periodic preferred-replica election
    /// (`QuorumController.maybeBalancePartitionLeaders`).
    AutoRebalance,
    /// KIP-966: the ISR was empty and an eligible leader replica (ELR) took over, cleanly.
    Elr,
    /// KIP-966: ISR and ELR were empty; the last known leader came back and was elected
    /// (Kafka counts it as an unclean election).
    LastKnownLeader,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The broker's process died (kill -9, a crash): nothing was handed over.
    BrokerStopped {
        broker: BrokerId,
    },
    /// Controlled shutdown: the controller moved `leaders_moved` leaderships away and took the
    /// broker out of every ISR, then let it exit (fenced).
    BrokerShutDown {
        broker: BrokerId,
        leaders_moved: u32,
    },
    /// Controlled shutdown could not be approved (no active controller reachable): the broker
    /// exits anyway, as after a crash ("Timed out waiting for the controller to approve
    /// controlled shutdown", `BrokerServer.shutdown`).
    ControlledShutdownTimedOut {
        broker: BrokerId,
    },
    /// `auto.leader.rebalance.enable`: the periodic check found partitions not led by their
    /// preferred replica and moved `moved` of them back.
    LeadersRebalanced {
        moved: u32,
        imbalanced: u32,
    },
    BrokerStarted {
        broker: BrokerId,
    },
    BrokerIsolated {
        broker: BrokerId,
    },
    BrokerHealed {
        broker: BrokerId,
    },
    BrokerFenced {
        broker: BrokerId,
        session_timeout_ms: u64,
    },
    BrokerUnfenced {
        broker: BrokerId,
    },
    /// The active controller stepped down; the other voters still form a majority, so one of
    /// them takes over after `controller.quorum.election.timeout.ms`.
    ControllerLost {
        broker: BrokerId,
    },
    ControllerElected {
        broker: BrokerId,
        epoch: u32,
    },
    /// No running voter reaches a majority of the KRaft voters (brokers 1..=3 here): there is
    /// no active controller until enough voters are back. `controller` is the one that stepped
    /// down (None when it was already gone); `reachable` is the largest set of running voters
    /// that reach each other (what `has_quorum` counts), `majority` what a leader needs
    /// (Raft: more than half of the voters, `QuorumState`/`LeaderState`).
    QuorumLost {
        controller: Option<BrokerId>,
        voters: Vec<BrokerId>,
        reachable: Vec<BrokerId>,
        majority: u32,
    },
    /// A controller was elected again after a `QuorumLost` (emitted instead of
    /// `ControllerElected` then): `down_ms` without an active controller.
    QuorumRestored {
        controller: BrokerId,
        epoch: u32,
        reachable: Vec<BrokerId>,
        majority: u32,
        down_ms: u64,
    },
    /// `kafka-configs.sh --alter --entity-type topics`: `set` (canonical values) and `deleted`
    /// (reset to their defaults) took effect.
    TopicConfigChanged {
        topic: String,
        set: Vec<(String, String)>,
        deleted: Vec<String>,
    },
    TopicCreated {
        topic: String,
        partitions: u32,
        replication_factor: u32,
    },
    PartitionsAdded {
        topic: String,
        from: u32,
        to: u32,
    },
    LeaderElected {
        partition: TopicPartition,
        leader: BrokerId,
        leader_epoch: LeaderEpoch,
        isr: Vec<BrokerId>,
        kind: ElectionKind,
        /// Unclean only: committed offsets `[from, to)` the new leader does not have.
        lost: Option<(Offset, Offset)>,
    },
    PartitionOffline {
        partition: TopicPartition,
        leader_epoch: LeaderEpoch,
        isr: Vec<BrokerId>,
    },
    IsrShrunk {
        partition: TopicPartition,
        isr: Vec<BrokerId>,
        removed: Vec<BrokerId>,
        reason: IsrShrinkReason,
    },
    IsrExpanded {
        partition: TopicPartition,
        isr: Vec<BrokerId>,
        added: BrokerId,
    },
    HighWatermarkAdvanced {
        partition: TopicPartition,
        high_watermark: Offset,
    },
    RecordsTruncated {
        partition: TopicPartition,
        broker: BrokerId,
        from: Offset,
        to: Offset,
        leader_epoch: LeaderEpoch,
    },
    SegmentsDeleted {
        partition: TopicPartition,
        broker: BrokerId,
        log_start_offset: Offset,
        records: u64,
    },
    LogCompacted {
        partition: TopicPartition,
        broker: BrokerId,
        records: u64,
    },
    ProduceAppended {
        request: RequestId,
        partition: TopicPartition,
        offset: Offset,
        acks: Acks,
    },
    ProduceAcknowledged {
        request: RequestId,
        partition: TopicPartition,
        offset: Offset,
        acks: Acks,
    },
    ProduceFailed {
        request: RequestId,
        partition: TopicPartition,
        error: KafkaError,
        acks: Acks,
        #[serde(default)]
        cause: ProduceFailureCause,
    },
    /// `assignor` is the client-side assignor (`partition.assignment.strategy`), used only by
    /// the classic protocol; with the consumer protocol (KIP-848) the broker's
    /// `server_assignor` (`group.remote.assignor`) assigns.
    ConsumerStarted {
        consumer: ConsumerId,
        group: String,
        topics: Vec<String>,
        assignor: AssignorName,
        #[serde(default)]
        protocol: crate::consumer::GroupProtocol,
        #[serde(default)]
        server_assignor: Option<crate::consumer::ServerAssignor>,
    },
    ConsumerStopped {
        consumer: ConsumerId,
        state: ClientState,
    },
    ConsumerFailed {
        consumer: ConsumerId,
        error: ConsumerError,
    },
    /// `__consumer_offsets` cannot be created: `offsets.topic.replication.factor` is more than
    /// the registered brokers (or all are fenced). FindCoordinator answers
    /// COORDINATOR_NOT_AVAILABLE until it can be.
    OffsetsTopicUnavailable {
        replication_factor: u32,
        brokers: u32,
        error: crate::command::CommandErrorKind,
    },
    /// The group's coordinator is now `broker` (None: its offsets partition has no leader).
    CoordinatorChanged {
        group: String,
        broker: Option<BrokerId>,
        partition: TopicPartition,
    },
    MemberJoined {
        group: String,
        consumer: ConsumerId,
        member: String,
    },
    MemberRemoved {
        group: String,
        consumer: ConsumerId,
        member: String,
        reason: GroupLeaveReason,
    },
    RebalanceStarted {
        group: String,
        generation: i32,
        reason: RebalanceReason,
    },
    RebalanceCompleted {
        group: String,
        generation: i32,
        leader: ConsumerId,
        assignor: AssignorName,
        assignment: Vec<(ConsumerId, Vec<TopicPartition>)>,
        /// Cooperative: partitions their owners gave up after this round (they rejoin).
        revoked: Vec<(ConsumerId, Vec<TopicPartition>)>,
        /// Cooperative: partitions changing owner, left out until the next round.
        withheld: Vec<TopicPartition>,
        duration_ms: u64,
        /// Longest time a newly assigned partition had no owner.
        paused_ms: u64,
    },
    GroupEmpty {
        group: String,
        generation: i32,
    },
    /// Consumer protocol: every member reached the target assignment of `group_epoch`.
    GroupReconciled {
        group: String,
        group_epoch: i32,
        server_assignor: crate::consumer::ServerAssignor,
        assignment: Vec<(ConsumerId, Vec<TopicPartition>)>,
        duration_ms: u64,
    },
    /// Eager rebalance: everything revoked before JoinGroup; `lost`: the member had been removed.
    PartitionsRevoked {
        group: String,
        consumer: ConsumerId,
        partitions: Vec<TopicPartition>,
        lost: bool,
        /// Consumer protocol: only these partitions, asked back by the broker.
        #[serde(default)]
        incremental: bool,
    },
    /// Consumer protocol: membership or subscriptions changed; the broker computed a new target.
    GroupEpochBumped {
        group: String,
        group_epoch: i32,
        reason: RebalanceReason,
    },
    /// `new KafkaProducer(...)`: with idempotence, InitProducerId gave it `producer_id`.
    ProducerStarted {
        producer: crate::ids::ProducerHandle,
        client_id: String,
        producer_id: i64,
        producer_epoch: i16,
        idempotent: bool,
    },
    /// A batch was acknowledged: its records are at `first_offset` onwards, in send order
    /// (`duplicate`: the broker already had it, from an attempt whose answer was lost).
    ProducerBatchAcked {
        producer: crate::ids::ProducerHandle,
        partition: TopicPartition,
        first_offset: Offset,
        send_ids: Vec<u64>,
        duplicate: bool,
    },
    /// A batch failed with a retriable error and will be sent again after `backoff_ms`.
    ProducerBatchRetrying {
        producer: crate::ids::ProducerHandle,
        partition: TopicPartition,
        error: KafkaError,
        attempt: u32,
        backoff_ms: u64,
        records: u32,
    },
    /// A batch's records failed for good.
    ProducerBatchFailed {
        producer: crate::ids::ProducerHandle,
        partition: TopicPartition,
        error: KafkaError,
        failure: crate::producer_client::SendFailure,
        send_ids: Vec<u64>,
    },
    /// KIP-360: after a numbered batch failed, the idempotent producer bumped its epoch and
    /// numbers every partition from 0 again.
    ProducerEpochBumped {
        producer: crate::ids::ProducerHandle,
        producer_id: i64,
        producer_epoch: i16,
    },
    ProducerClosed {
        producer: crate::ids::ProducerHandle,
    },
    /// `abortTransaction()` failed batches that were never sent (`TransactionAbortedException`).
    ProducerBatchAborted {
        producer: crate::ids::ProducerHandle,
        partition: TopicPartition,
        send_ids: Vec<u64>,
    },
    /// `initTransactions()` completed: the producer id and epoch from the transaction coordinator.
    ProducerTransactionsInitialized {
        producer: crate::ids::ProducerHandle,
        transactional_id: String,
        producer_id: i64,
        producer_epoch: i16,
    },
    /// `commitTransaction()` / `abortTransaction()` returned (the coordinator has logged
    /// PrepareCommit/PrepareAbort; its markers follow).
    ProducerTransactionEnded {
        producer: crate::ids::ProducerHandle,
        committed: bool,
    },
    /// A transactional request failed for good: fenced (PRODUCER_FENCED), or InitProducerId
    /// timed out.
    ProducerTransactionError {
        producer: crate::ids::ProducerHandle,
        error: KafkaError,
    },
    /// The transaction coordinator moved a transaction to a new state.
    TransactionStateChanged {
        transactional_id: String,
        producer_id: i64,
        producer_epoch: i16,
        state: crate::transaction_metadata::TransactionState,
        partitions: Vec<TopicPartition>,
    },
    /// `transaction.timeout.ms` passed for an open transaction: the coordinator aborts it and
    /// bumps the epoch (the producer is fenced).
    TransactionTimedOut {
        transactional_id: String,
        producer_id: i64,
        producer_epoch: i16,
    },
    /// A commit or abort marker (a control record) was appended to a partition's leader.
    TransactionMarkerWritten {
        partition: TopicPartition,
        producer_id: i64,
        control: crate::record::ControlRecordType,
        offset: Offset,
    },
    CommitFailed {
        group: String,
        consumer: ConsumerId,
        error: KafkaError,
    },
    OffsetReset {
        group: String,
        consumer: ConsumerId,
        partition: TopicPartition,
        offset: Offset,
        strategy: OffsetReset,
        reason: OffsetResetReason,
    },
    /// Records delivered to the group a second time (at-least-once: processed, not committed).
    Redelivered {
        group: String,
        consumer: ConsumerId,
        partition: TopicPartition,
        from: Offset,
        to: Offset,
    },
    /// A consumer stopped (crashed) in the middle of processing what its last poll returned:
    /// `[from, to)` of `partition` were handed to the application and not processed.
    ProcessingInterrupted {
        group: String,
        consumer: ConsumerId,
        partition: TopicPartition,
        from: Offset,
        to: Offset,
    },
    /// The partition's next owner starts at `start` (the committed offset, or a reset),
    /// past `[from, to)`: records a crashed member received and never processed, which no
    /// one will receive again (at-most-once: committed before processing).
    RecordsSkipped {
        group: String,
        consumer: ConsumerId,
        partition: TopicPartition,
        from: Offset,
        to: Offset,
        start: Offset,
    },
    /// `kafka-topics.sh --delete`: the topic and its logs are gone.
    TopicDeleted {
        topic: String,
        partitions: u32,
    },
    /// An admin client set a group's committed offsets (`--reset-offsets --execute`).
    GroupOffsetsAltered {
        group: String,
        partitions: u32,
    },
    /// `kafka-consumer-groups.sh --delete-offsets`: tombstones written for `partitions`
    /// committed offsets of the group.
    GroupOffsetsDeleted {
        group: String,
        partitions: u32,
    },
    /// An admin client deleted an Empty group and its offsets.
    GroupDeleted {
        group: String,
    },
    /// What a shell tool printed (`engine/src/tools`): the tool's own text, in order.
    ToolOutput {
        stream: crate::tools::ToolStream,
        text: String,
    },
    /// The tool ended with `code` (as `$?` shows it); the terminal's prompt returns.
    ToolExited {
        code: i32,
    },
    /// A sandbox verb ran (what has no Kafka command: stopping or isolating a broker's machine).
    SandboxVerbRan {
        verb: crate::tools::sandbox::SandboxVerb,
    },
    /// The delivery check (`delivery_check.rs`) found a record received twice or out of its
    /// producer's send order in what a fetch handed the application; `more`: further findings
    /// of the same fetch (the group's check keeps them).
    DeliveryCheckFinding {
        group: String,
        consumer: ConsumerId,
        finding: DeliveryFinding,
        more: u64,
    },
}

/// Why a group rebalances (classic: PreparingRebalance) or bumps its group epoch (consumer
/// protocol). Kafka's `GroupMetadataManager` logs the same causes as strings ("Adding new member",
/// "Leader ... re-joining", "removing member ... on LeaveGroup", "Metadata for topic ... changed");
/// here they are data, rendered by the app.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RebalanceReason {
    /// A new member joined (classic JoinGroup, or ConsumerGroupHeartbeat with member epoch 0).
    MemberJoined { consumer: ConsumerId },
    /// A known member sent JoinGroup again (its metadata or subscription may have changed).
    MemberRejoined { consumer: ConsumerId },
    /// A member left or was removed.
    MemberLeft { consumer: ConsumerId },
    /// A subscribed topic gained partitions (`CreatePartitions`).
    PartitionsAdded { topic: String, partitions: u32 },
    /// A subscribed topic was deleted (its partitions left the metadata).
    TopicDeleted { topic: String },
}

/// Why a consumer reset its position by `auto.offset.reset` (`SubscriptionState`'s
/// `resetInitialPositions` for a partition without a committed offset, `Fetcher`'s
/// OFFSET_OUT_OF_RANGE handling for a position the log no longer holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetResetReason {
    NoCommittedOffset,
    OutOfRange,
}

/// Why a member left its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupLeaveReason {
    /// `close()`: LeaveGroup.
    Closed,
    /// No heartbeat for `session.timeout.ms` (a crash).
    SessionTimeout { timeout_ms: u64 },
    /// The application did not call poll within `max.poll.interval.ms`.
    MaxPollInterval { timeout_ms: u64 },
    /// Did not rejoin before the rebalance timeout.
    RebalanceTimeout { timeout_ms: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IsrShrinkReason {
    /// The leader saw no catch-up for `replica.lag.time.max.ms`.
    LaggedBehind { lag_ms: u64 },
    /// The controller fenced the broker (missed heartbeats).
    BrokerFenced,
    /// The broker asked for a controlled shutdown.
    ControlledShutdown,
    /// The broker registered again after a crash (ELR on: `handleBrokerUncleanShutdown`).
    UncleanShutdown,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Event {
    pub time_ms: TimeMs,
    #[serde(flatten)]
    pub kind: EventKind,
}
