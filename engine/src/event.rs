//! What happened, as typed events the UI can narrate. The engine queues them; callers drain
//! them with `Cluster::poll_event`.

use crate::ids::{broker_list, BrokerId, LeaderEpoch, Offset, RequestId, TimeMs, TopicPartition};
use serde::{Deserialize, Serialize};

/// Kafka error codes a produce request can end with (names as in `Errors.java`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProduceError {
    /// acks=all and the ISR is smaller than min.insync.replicas: rejected before the append.
    NotEnoughReplicas,
    /// acks=all, appended, but the ISR shrank below min.insync.replicas before it was committed.
    NotEnoughReplicasAfterAppend,
    /// The broker is no longer the leader (the request waited through a leader change).
    NotLeaderOrFollower,
    /// The partition has no leader (offline).
    LeaderNotAvailable,
    /// The leader the client knows of cannot be reached (stopped, not yet fenced).
    NetworkException,
    /// acks=all: not committed within request.timeout.ms.
    RequestTimedOut,
}

impl ProduceError {
    pub fn name(self) -> &'static str {
        match self {
            ProduceError::NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            ProduceError::NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            ProduceError::NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            ProduceError::LeaderNotAvailable => "LEADER_NOT_AVAILABLE",
            ProduceError::NetworkException => "NETWORK_EXCEPTION",
            ProduceError::RequestTimedOut => "REQUEST_TIMED_OUT",
        }
    }

    /// One sentence on why, for the timeline.
    pub fn explanation(self) -> &'static str {
        match self {
            ProduceError::NotEnoughReplicas => "the ISR is smaller than min.insync.replicas, so the leader refused it before appending",
            ProduceError::NotEnoughReplicasAfterAppend => "it was appended, but the ISR fell below min.insync.replicas before it was committed; a retry may duplicate it",
            ProduceError::NotLeaderOrFollower => "leadership moved while it waited; it may not be committed",
            ProduceError::LeaderNotAvailable => "the partition has no leader (offline)",
            ProduceError::NetworkException => "the leader's broker cannot be reached",
            ProduceError::RequestTimedOut => "it was not committed within request.timeout.ms (the HW cannot advance while the ISR is below min.insync.replicas)",
        }
    }
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
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    BrokerStopped { broker: BrokerId },
    BrokerStarted { broker: BrokerId },
    BrokerIsolated { broker: BrokerId },
    BrokerHealed { broker: BrokerId },
    BrokerFenced { broker: BrokerId, session_timeout_ms: u64 },
    BrokerUnfenced { broker: BrokerId },
    ControllerLost { broker: BrokerId },
    ControllerElected { broker: BrokerId, epoch: u32 },
    TopicCreated { topic: String, partitions: u32, replication_factor: u32 },
    PartitionsAdded { topic: String, from: u32, to: u32 },
    LeaderElected {
        partition: TopicPartition,
        leader: BrokerId,
        leader_epoch: LeaderEpoch,
        isr: Vec<BrokerId>,
        kind: ElectionKind,
        /// Unclean only: committed offsets `[from, to)` the new leader does not have.
        lost: Option<(Offset, Offset)>,
    },
    PartitionOffline { partition: TopicPartition, leader_epoch: LeaderEpoch, isr: Vec<BrokerId> },
    IsrShrunk { partition: TopicPartition, isr: Vec<BrokerId>, removed: Vec<BrokerId>, reason: IsrShrinkReason },
    IsrExpanded { partition: TopicPartition, isr: Vec<BrokerId>, added: BrokerId },
    HighWatermarkAdvanced { partition: TopicPartition, high_watermark: Offset },
    RecordsTruncated { partition: TopicPartition, broker: BrokerId, from: Offset, to: Offset, leader_epoch: LeaderEpoch },
    SegmentsDeleted { partition: TopicPartition, broker: BrokerId, log_start_offset: Offset, records: u64 },
    ProduceAppended { request: RequestId, partition: TopicPartition, offset: Offset, acks: Acks },
    ProduceAcknowledged { request: RequestId, partition: TopicPartition, offset: Offset, acks: Acks },
    ProduceFailed { request: RequestId, partition: TopicPartition, error: ProduceError, acks: Acks },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IsrShrinkReason {
    /// The leader saw no catch-up for `replica.lag.time.max.ms`.
    LaggedBehind { lag_ms: u64 },
    /// The controller fenced the broker (missed heartbeats).
    BrokerFenced,
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

impl EventKind {
    /// Plain-language narration for the timeline.
    pub fn narrate(&self) -> String {
        match self {
            EventKind::BrokerStopped { broker } => format!("broker {broker} stopped"),
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
            EventKind::ProduceFailed { partition, error, acks, .. } => format!(
                "produce to {partition} failed with {} (acks={}): {}",
                error.name(),
                acks.label(),
                error.explanation()
            ),
        }
    }
}
