//! What happened, as typed events the UI can narrate. The engine queues them; callers drain
//! them with `Cluster::poll_event`.
//!
//! Over 600 lines because it still holds the English narration of every event (`narrate`);
//! the i18n issue moves the sentences into the app's catalogues and leaves the typed events.

use crate::assignor::AssignorName;
use crate::consumer::{ClientState, OffsetReset};
use crate::delivery_check::DeliveryFinding;
use crate::ids::{broker_list, BrokerId, ConsumerId, LeaderEpoch, Offset, RequestId, TimeMs, TopicPartition};
use crate::kafka_error::KafkaError;
use serde::{Deserialize, Serialize};

/// One sentence on why a produce request failed with `error`, for the timeline (the i18n issue
/// moves it into the app's catalogues).
pub fn produce_error_explanation(error: KafkaError) -> &'static str {
    match error {
        KafkaError::NotEnoughReplicas => "the ISR is smaller than min.insync.replicas, so the leader refused it before appending",
        KafkaError::NotEnoughReplicasAfterAppend => {
            "it was appended, but the ISR fell below min.insync.replicas before it was committed; a retry may duplicate it"
        }
        KafkaError::NotLeaderOrFollower => "leadership moved while it waited; it may not be committed",
        KafkaError::LeaderNotAvailable => "the partition has no leader (offline)",
        KafkaError::NetworkException => "the leader's broker cannot be reached",
        KafkaError::RequestTimedOut => {
            "it was not committed within request.timeout.ms (the HW cannot advance while the ISR is below min.insync.replicas)"
        }
        _ => "",
    }
}

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
        error: String,
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
        reason: String,
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
        reason: String,
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
        reason: String,
    },
    /// Records delivered to the group a second time (at-least-once: processed, not committed).
    Redelivered {
        group: String,
        consumer: ConsumerId,
        partition: TopicPartition,
        from: Offset,
        to: Offset,
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

/// A record's key as the narration shows it.
fn key_text(key: Option<&[u8]>) -> String {
    match key {
        Some(k) => format!("key {}", String::from_utf8_lossy(k)),
        None => "a record without a key".to_string(),
    }
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

fn tp_list(tps: &[TopicPartition]) -> String {
    if tps.is_empty() {
        return "nothing".into();
    }
    tps.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
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

fn list(brokers: &[BrokerId]) -> String {
    format!("[{}]", broker_list(brokers))
}

fn members(n: usize) -> &'static str {
    if n == 1 {
        "member"
    } else {
        "members"
    }
}

/// The second half of a ProduceFailed line: what the cause says, with its numbers.
fn cause_text(error: KafkaError, cause: &ProduceFailureCause) -> String {
    match cause {
        ProduceFailureCause::IsrBelowMinIsr { isr, min_isr } => {
            let state = format!("ISR {} has {} {}, min.insync.replicas is {min_isr}", list(isr), isr.len(), members(isr.len()));
            match error {
                KafkaError::NotEnoughReplicas => format!("{state}, so the leader refused it before appending"),
                KafkaError::NotEnoughReplicasAfterAppend => {
                    format!("it was appended, but then {state}, so it was not committed; a retry may duplicate it")
                }
                _ => format!("not committed within request.timeout.ms: {state}, so the high watermark cannot advance"),
            }
        }
        ProduceFailureCause::AwaitingReplicas { waiting_for, isr, quorum_lost, timeout_ms } => {
            let waited = if waiting_for.is_empty() {
                "the leader waited for followers catching up to rejoin the ISR".to_string()
            } else {
                format!("the leader waited for ISR {} {}, which never fetched it", members(waiting_for.len()), list(waiting_for))
            };
            let why = if *quorum_lost {
                format!("the controller quorum is lost, so nothing could remove them from the ISR {}", list(isr))
            } else {
                format!(
                    "they stay in the ISR {} until the leader removes them after replica.lag.time.max.ms, through the controller",
                    list(isr)
                )
            };
            format!("not committed within request.timeout.ms ({} s): {waited}; {why}", timeout_ms / 1000)
        }
        ProduceFailureCause::LeaderUnreachable { leader } => {
            format!("its leader, broker {leader}, is not running; the client retries once the controller elects another leader")
        }
        ProduceFailureCause::NoLeader => "the partition has no leader (offline): no live ISR member can lead".to_string(),
        ProduceFailureCause::LeaderMoved { from, to } => match to {
            Some(to) if to == from => {
                format!("broker {from} was elected leader again (a new leader epoch) while it waited; it may not be committed")
            }
            Some(to) => format!("leadership moved from broker {from} to broker {to} while it waited; it may not be committed"),
            None => format!("broker {from} stopped leading (the partition has no leader now) while it waited; it may not be committed"),
        },
        ProduceFailureCause::Unknown => produce_error_explanation(error).to_string(),
    }
}

impl EventKind {
    /// Plain-language narration for the timeline.
    pub fn narrate(&self) -> String {
        match self {
            EventKind::BrokerStopped { broker } => format!("broker {broker} crashed (killed): its leaderships move only once the controller fences it"),
            EventKind::BrokerShutDown { broker, leaders_moved } => format!(
                "broker {broker} shut down cleanly: the controller moved its {leaders_moved} leadership(s) away and took it out of every ISR first"
            ),
            EventKind::ControlledShutdownTimedOut { broker } => format!(
                "broker {broker} could not reach an active controller to approve its controlled shutdown and exited anyway, as after a crash"
            ),
            EventKind::OffsetsTopicUnavailable { replication_factor, brokers, error } => format!(
                "__consumer_offsets cannot be created ({}): offsets.topic.replication.factor is {replication_factor} and the cluster has {brokers} broker(s); \
                 FindCoordinator answers COORDINATOR_NOT_AVAILABLE, so no consumer group can form",
                error.name()
            ),
            EventKind::LeadersRebalanced { moved, imbalanced } => format!(
                "auto leader rebalance: {imbalanced} partition(s) not led by their preferred replica; moved {moved} back"
            ),
            EventKind::BrokerStarted { broker } => format!("broker {broker} started; its log survived"),
            EventKind::BrokerIsolated { broker } => format!("broker {broker} was cut off from the other brokers"),
            EventKind::BrokerHealed { broker } => format!("broker {broker} can reach the other brokers again"),
            EventKind::BrokerFenced { broker, session_timeout_ms } => format!(
                "controller fenced broker {broker} after {} s without a heartbeat",
                session_timeout_ms / 1000
            ),
            EventKind::BrokerUnfenced { broker } => format!("controller unfenced broker {broker}: it is heartbeating again"),
            EventKind::ControllerLost { broker } => format!("broker {broker} is no longer the active controller"),
            EventKind::ControllerElected { broker, epoch } => format!("broker {broker} became the active controller (epoch {epoch})"),
            EventKind::QuorumLost { controller, voters, reachable, majority } => {
                let who = match controller {
                    Some(c) => format!("broker {c} is no longer the active controller and "),
                    None => String::new(),
                };
                let n = reachable.len();
                let voters_word = if voters.len() == 1 { "voter" } else { "voters" };
                format!(
                    "{who}the controller quorum is lost: {n} of {} {voters_word} ({}) running and reaching each other, a majority needs {majority}; \
                     until it returns nothing can fence brokers, shrink ISRs or elect leaders",
                    voters.len(),
                    if n == 0 { "none".to_string() } else { format!("brokers {}", list(reachable)) },
                )
            }
            EventKind::QuorumRestored { controller, epoch, reachable, majority, down_ms } => format!(
                "the controller quorum is back after {:.1} s: {} voters (brokers {}) reach each other, a majority of {majority} or more; \
                 broker {controller} became the active controller (epoch {epoch})",
                *down_ms as f64 / 1000.0,
                reachable.len(),
                list(reachable)
            ),
            EventKind::TopicConfigChanged { topic, set, deleted } => {
                let mut parts = Vec::new();
                if !set.is_empty() {
                    parts.push(format!("set {}", set.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")));
                }
                if !deleted.is_empty() {
                    parts.push(format!("reset to the default {}", deleted.join(", ")));
                }
                format!("configs of topic {topic} changed: {}; in effect from now on", parts.join("; "))
            }
            EventKind::TopicCreated { topic, partitions, replication_factor } => format!(
                "topic {topic} created with {partitions} partition(s), replication factor {replication_factor}"
            ),
            EventKind::PartitionsAdded { topic, from, to } => format!(
                "topic {topic} grew from {from} to {to} partitions: keyed records now hash modulo {to}, so many keys map elsewhere"
            ),
            EventKind::LeaderElected { partition, leader, leader_epoch, isr, kind, lost } => {
                let how = match kind {
                    ElectionKind::Clean => "",
                    ElectionKind::Unclean => "UNCLEAN: ",
                    ElectionKind::Preferred => "preferred: ",
                    ElectionKind::AutoRebalance => "auto rebalance: ",
                    ElectionKind::Elr => "from the ELR: ",
                    ElectionKind::LastKnownLeader => "last known leader (ISR and ELR empty): ",
                };
                let mut s = format!(
                    "{how}controller elected broker {leader} leader of {partition} in epoch {leader_epoch}; ISR {}",
                    list(isr)
                );
                if let Some((from, to)) = lost {
                    s.push_str(&format!("; committed offsets {from}..{} are lost", to.0 - 1));
                }
                s
            }
            EventKind::PartitionOffline { partition, isr, .. } => format!(
                "{partition} is offline: no live replica in the ISR {} can lead",
                list(isr)
            ),
            EventKind::IsrShrunk { partition, isr, reason, .. } => match reason {
                IsrShrinkReason::LaggedBehind { lag_ms } => format!(
                    "ISR of {partition} shrank to {} after {} s without catching up",
                    list(isr),
                    lag_ms / 1000
                ),
                IsrShrinkReason::BrokerFenced => format!("ISR of {partition} shrank to {}: broker fenced", list(isr)),
                IsrShrinkReason::ControlledShutdown => format!("ISR of {partition} shrank to {}: broker shutting down", list(isr)),
                IsrShrinkReason::UncleanShutdown => {
                    format!("ISR of {partition} shrank to {}: the broker came back from a crash (unclean shutdown)", list(isr))
                }
            },
            EventKind::IsrExpanded { partition, isr, added } => {
                format!("broker {added} caught up and rejoined the ISR of {partition}: {}", list(isr))
            }
            EventKind::HighWatermarkAdvanced { partition, high_watermark } => {
                format!("high watermark of {partition} advanced to {high_watermark}")
            }
            EventKind::RecordsTruncated { partition, broker, from, to, .. } => {
                if to.0 - from.0 == 1 {
                    format!("broker {broker} truncated offset {from} of {partition}")
                } else {
                    format!("broker {broker} truncated offsets {from}..{} of {partition}", to.0 - 1)
                }
            }
            EventKind::SegmentsDeleted { partition, broker, log_start_offset, records } => format!(
                "broker {broker} deleted {records} old record(s) of {partition}; log start offset is now {log_start_offset}"
            ),
            EventKind::LogCompacted { partition, broker, records } => format!(
                "log cleaner on broker {broker} compacted {partition}: removed {records} record(s) superseded by newer ones with the same key"
            ),
            EventKind::ProduceAppended { partition, offset, acks, .. } => {
                format!("leader appended offset {offset} to {partition} (acks={}), waiting for the ISR", acks.label())
            }
            EventKind::ProduceAcknowledged { partition, offset, acks, .. } => {
                if *acks == Acks::None {
                    format!("record sent to {partition} (acks=0: no offset returned)")
                } else {
                    format!("record acknowledged at {partition} offset {offset} (acks={})", acks.label())
                }
            }
            EventKind::ProduceFailed { partition, error, acks, cause, .. } => format!(
                "produce to {partition} failed with {} (acks={}): {}",
                error.name(),
                acks.label(),
                cause_text(*error, cause)
            ),
            EventKind::ConsumerStarted { consumer, group, topics, assignor, protocol, server_assignor } => {
                let how = match (protocol, server_assignor) {
                    (crate::consumer::GroupProtocol::Consumer, Some(s)) => format!("consumer protocol, {} assignor on the broker", s.name()),
                    (crate::consumer::GroupProtocol::Consumer, None) => "consumer protocol, the broker assigns".to_string(),
                    (crate::consumer::GroupProtocol::Classic, _) => format!("classic protocol, {assignor} assignor"),
                };
                format!("{consumer} started in group {group}, subscribed to {} ({how})", topics.join(", "))
            }
            EventKind::ConsumerStopped { consumer, state } => match state {
                ClientState::Crashed => format!("{consumer} crashed: no LeaveGroup, the group waits for its session to time out"),
                _ => format!("{consumer} closed: it left its group, which rebalances now"),
            },
            EventKind::ConsumerFailed { consumer, error } => format!("{consumer} died: {error}"),
            EventKind::CoordinatorChanged { group, broker, partition } => match broker {
                Some(b) => format!("group {group}'s coordinator is broker {b}, leader of {partition}; it loaded the committed offsets up to the HW"),
                None => format!("group {group} has no coordinator: {partition} has no live leader (COORDINATOR_NOT_AVAILABLE)"),
            },
            EventKind::MemberJoined { group, consumer, .. } => format!("{consumer} joined group {group}"),
            EventKind::MemberRemoved { group, consumer, reason, .. } => match reason {
                GroupLeaveReason::Closed => format!("{consumer} left group {group} (LeaveGroup)"),
                GroupLeaveReason::SessionTimeout { timeout_ms } => {
                    format!("coordinator removed {consumer} from group {group}: no heartbeat for {} s (session.timeout.ms)", timeout_ms / 1000)
                }
                GroupLeaveReason::MaxPollInterval { timeout_ms } => format!(
                    "{consumer} left group {group}: it did not call poll() within max.poll.interval.ms ({} s)",
                    timeout_ms / 1000
                ),
                GroupLeaveReason::RebalanceTimeout { timeout_ms } => {
                    format!("coordinator removed {consumer} from group {group}: it did not rejoin within {} s", timeout_ms / 1000)
                }
            },
            EventKind::RebalanceStarted { group, generation, reason } => {
                format!("group {group} is rebalancing (PreparingRebalance after generation {generation}): {reason}")
            }
            EventKind::RebalanceCompleted { group, generation, leader, assignor, assignment, revoked, withheld, duration_ms, paused_ms } => {
                let shares: Vec<String> = assignment.iter().map(|(c, tps)| format!("{c} ← {}", tp_list(tps))).collect();
                let mut s = format!(
                    "group {group} generation {generation} is Stable after {:.1} s: leader {leader} ran {assignor}: {}",
                    *duration_ms as f64 / 1000.0,
                    shares.join("; ")
                );
                if *paused_ms > 0 {
                    s.push_str(&format!("; newly assigned partitions had no consumer for {:.1} s", *paused_ms as f64 / 1000.0));
                }
                if !withheld.is_empty() {
                    s.push_str(&format!("; withheld until their owners revoke them: {}", tp_list(withheld)));
                }
                for (c, tps) in revoked {
                    s.push_str(&format!("; {c} revokes {} and rejoins", tp_list(tps)));
                }
                s
            }
            EventKind::GroupReconciled { group, group_epoch, server_assignor, assignment, duration_ms } => {
                let shares: Vec<String> = assignment.iter().map(|(c, tps)| format!("{c} ← {}", tp_list(tps))).collect();
                format!(
                    "group {group} reached epoch {group_epoch}'s target ({} assignor on the broker, KIP-848) in {:.1} s, with no group-wide pause: {}",
                    server_assignor.name(),
                    *duration_ms as f64 / 1000.0,
                    shares.join("; ")
                )
            }
            EventKind::GroupEmpty { group, generation } => format!("group {group} is Empty (generation {generation}): no members"),
            EventKind::GroupEpochBumped { group, group_epoch, reason } => format!(
                "group {group} moved to epoch {group_epoch} ({reason}): the broker computed a new target assignment; members reconcile on their own heartbeats"
            ),
            EventKind::PartitionsRevoked { group, consumer, partitions, lost, incremental } => {
                if *incremental {
                    format!("{consumer} gave back {} (the broker's target moved them); it keeps the rest and goes on consuming", tp_list(partitions))
                } else if *lost {
                    format!("{consumer} lost {} (no longer a member of {group})", tp_list(partitions))
                } else {
                    format!("{consumer} revoked all its partitions before rejoining {group} (eager): {}", tp_list(partitions))
                }
            }
            EventKind::ProducerStarted { producer, client_id, producer_id, producer_epoch, idempotent } => {
                if *idempotent {
                    format!("{producer} started (client.id {client_id}): idempotent, producer id {producer_id}, epoch {producer_epoch}")
                } else {
                    format!("{producer} started (client.id {client_id}) without idempotence: a retry may write a record twice")
                }
            }
            EventKind::ProducerBatchAcked { producer, partition, first_offset, send_ids, duplicate } => {
                let n = send_ids.len();
                let at = if first_offset.0 < 0 { "not waiting for an answer (acks=0)".to_string() } else { format!("at offsets {first_offset}..{}", first_offset.0 + n as i64 - 1) };
                if *duplicate {
                    format!("{producer}: {n} record(s) acknowledged on {partition} {at}: a retry the broker recognised as a duplicate, not written again")
                } else {
                    format!("{producer}: {n} record(s) acknowledged on {partition} {at}")
                }
            }
            EventKind::ProducerBatchRetrying { producer, partition, error, attempt, backoff_ms, records } => {
                format!("{producer}: {records} record(s) for {partition} got {error} on attempt {attempt}; retrying in {backoff_ms} ms")
            }
            EventKind::ProducerBatchFailed { producer, partition, error, failure, send_ids } => {
                let why = match failure {
                    crate::producer_client::SendFailure::Fatal => "not retriable",
                    crate::producer_client::SendFailure::RetriesExhausted => "no retries left",
                    crate::producer_client::SendFailure::DeliveryTimeout => "delivery.timeout.ms passed",
                };
                format!("{producer}: {} record(s) for {partition} failed: {error} ({why})", send_ids.len())
            }
            EventKind::ProducerEpochBumped { producer, producer_id, producer_epoch } => {
                format!("{producer} bumped its epoch to {producer_epoch} (producer id {producer_id}) and numbers its batches from 0 again")
            }
            EventKind::ProducerClosed { producer } => format!("{producer} closed"),
            EventKind::ProducerBatchAborted { producer, partition, send_ids } => {
                format!("{producer}: {} record(s) for {partition} failed: the transaction was aborted before they were sent", send_ids.len())
            }
            EventKind::ProducerTransactionsInitialized { producer, transactional_id, producer_id, producer_epoch } => format!(
                "{producer} initialized transactions for transactional.id {transactional_id}: producer id {producer_id}, epoch {producer_epoch}"
            ),
            EventKind::ProducerTransactionEnded { producer, committed } => {
                format!("{producer} {} its transaction", if *committed { "committed" } else { "aborted" })
            }
            EventKind::ProducerTransactionError { producer, error } => format!("{producer}: transactional request failed with {error}"),
            EventKind::TransactionStateChanged { transactional_id, producer_id, producer_epoch, state, partitions } => format!(
                "transaction {transactional_id} (producer id {producer_id}, epoch {producer_epoch}) is {} with {} partition(s)",
                state.name(),
                partitions.len()
            ),
            EventKind::TransactionTimedOut { transactional_id, .. } => {
                format!("transaction {transactional_id} ran past transaction.timeout.ms: the coordinator aborts it and fences its producer")
            }
            EventKind::TransactionMarkerWritten { partition, producer_id, control, offset } => {
                format!("{} marker for producer id {producer_id} written to {partition} at offset {offset}", control.name())
            }
            EventKind::CommitFailed { group, consumer, error } => format!("offset commit of {consumer} in group {group} failed: {error}"),
            EventKind::OffsetReset { consumer, partition, offset, strategy, reason, .. } => format!(
                "{consumer} starts {partition} at offset {offset}: {reason}, auto.offset.reset={}",
                strategy.name()
            ),
            EventKind::Redelivered { group, consumer, partition, from, to } => format!(
                "{consumer} got offsets {from}..{} of {partition} again: group {group} had processed them but not committed them (at-least-once)",
                to.0 - 1
            ),
            EventKind::DeliveryCheckFinding { group, consumer, finding, more } => {
                let line = match finding {
                    DeliveryFinding::Twice { partition, key, producer, first_offset, offset } => format!(
                        "{consumer} of group {group} received {} twice: {partition} offsets {} and {offset} hold one record producer-{producer} sent once (a retry wrote it again: enable.idempotence is off)",
                        key_text(key.as_deref()),
                        first_offset.map_or("(earlier)".to_string(), |o| o.to_string()),
                    ),
                    DeliveryFinding::OutOfOrder { partition, key, producer, offset, after_offset } => format!(
                        "{consumer} of group {group} received {} out of send order: {partition} offset {offset} was sent by producer-{producer} before offset {after_offset} (a retry landed after a later batch)",
                        key_text(Some(key)),
                    ),
                };
                if *more > 0 { format!("{line}; {more} more in the same fetch") } else { line }
            }
        }
    }
}
