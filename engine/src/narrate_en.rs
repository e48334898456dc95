//! The English narration of every event, for ksim and the engine's tests (`cli` feature only):
//! the engine's default build emits typed events and no prose; the app renders them from its
//! catalogues (`src/narration.rs`, `locales/<lang>/events.ftl`).

use crate::consumer::{ClientState, ConsumerError};
use crate::delivery_check::DeliveryFinding;
use crate::event::{
    Acks, ElectionKind, EventKind, GroupLeaveReason, IsrShrinkReason, OffsetResetReason, ProduceFailureCause, RebalanceReason,
};
use crate::ids::{broker_list, BrokerId, TopicPartition};
use crate::kafka_error::KafkaError;

/// One sentence on why a produce request failed with `error`, for the timeline (the i18n issue
/// moves it into the app's catalogues).
fn produce_error_explanation(error: KafkaError) -> &'static str {
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

/// A record's key as the narration shows it.
fn key_text(key: Option<&[u8]>) -> String {
    match key {
        Some(k) => format!("key {}", String::from_utf8_lossy(k)),
        None => "a record without a key".to_string(),
    }
}

fn tp_list(tps: &[TopicPartition]) -> String {
    if tps.is_empty() {
        return "nothing".into();
    }
    tps.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
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
            EventKind::TopicDeleted { topic, partitions } => {
                format!("topic {topic} deleted: its {partitions} partition(s) and their logs are gone from every broker")
            }
            EventKind::GroupOffsetsAltered { group, partitions } => {
                format!("group {group}'s committed offsets were set for {partitions} partition(s) by an admin client")
            }
            EventKind::GroupOffsetsDeleted { group, partitions } => {
                format!("group {group}'s committed offsets of {partitions} partition(s) were deleted by an admin client")
            }
            EventKind::GroupDeleted { group } => format!("group {group} and its committed offsets were deleted"),
            EventKind::ToolOutput { text, .. } => text.trim_end().to_string(),
            EventKind::ToolExited { code } => format!("the tool exited with code {code}"),
            EventKind::SandboxVerbRan { verb } => crate::tools::sandbox::stands_for_en(verb),
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
            EventKind::ConsumerFailed { consumer, error } => format!("{consumer} died: {}", consumer_error(error)),
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
                format!("group {group} is rebalancing (PreparingRebalance after generation {generation}): {}", rebalance_reason(reason, false))
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
                "group {group} moved to epoch {group_epoch} ({}): the broker computed a new target assignment; members reconcile on their own heartbeats",
                rebalance_reason(reason, true)
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
                "{consumer} starts {partition} at offset {offset}: {}, auto.offset.reset={}",
                offset_reset_reason(*reason),
                strategy.name()
            ),
            EventKind::Redelivered { group, consumer, partition, from, to } => format!(
                "{consumer} got offsets {from}..{} of {partition} again: group {group} had processed them but not committed them (at-least-once)",
                to.0 - 1
            ),
            EventKind::ProcessingInterrupted { consumer, partition, from, to, .. } => format!(
                "{consumer} stopped while processing offsets {from}..{} of {partition}: they were received, not processed",
                to.0 - 1
            ),
            EventKind::RecordsSkipped { group, consumer, partition, from, to, start } => format!(
                "{consumer} starts {partition} at offset {start}: offsets {from}..{} were received by a member that crashed before processing them, and group {group} had already committed past them: nobody will process them (at-most-once)",
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

/// Why a group rebalances; `heartbeat` for the consumer protocol's group epoch bump.
fn rebalance_reason(reason: &RebalanceReason, heartbeat: bool) -> String {
    match reason {
        RebalanceReason::MemberJoined { consumer } if heartbeat => format!("{consumer} joined (ConsumerGroupHeartbeat with epoch 0)"),
        RebalanceReason::MemberJoined { consumer } => format!("{consumer} joined"),
        RebalanceReason::MemberRejoined { consumer } => format!("{consumer} rejoined"),
        RebalanceReason::MemberLeft { consumer } => format!("{consumer} left"),
        RebalanceReason::PartitionsAdded { topic, partitions } => format!("{topic} now has {partitions} partitions"),
        RebalanceReason::TopicDeleted { topic } => format!("{topic} was deleted"),
    }
}

fn offset_reset_reason(reason: OffsetResetReason) -> &'static str {
    match reason {
        OffsetResetReason::NoCommittedOffset => "no committed offset",
        OffsetResetReason::OutOfRange => "position out of range",
    }
}

/// The exception's message as Kafka's client words it (`NoOffsetForPartitionException`,
/// `OffsetOutOfRangeException`).
pub fn consumer_error(error: &ConsumerError) -> String {
    match error {
        ConsumerError::NoOffsetForPartition { partition } => {
            format!("NoOffsetForPartitionException: no committed offset for {partition} and auto.offset.reset=none")
        }
        ConsumerError::OffsetOutOfRange { partition, position, log_start, log_end } => {
            format!(
                "OffsetOutOfRangeException: {partition} position {position} is outside {log_start}..{log_end} and auto.offset.reset=none"
            )
        }
    }
}
