//! Turns engine events into timeline entries (the time, a category for styling; the noisiest
//! kinds filtered) and puts each event into words from the catalogue (`locales/<lang>/events.ftl`)
//! at display time, so the timeline follows the learner's language.

use crate::i18n::{count, key, Arg, Tr};
use engine::{
    Acks, BrokerId, ClientState, ConsumerError, ConsumerId, DeliveryFinding, ElectionKind, Event, EventKind, GroupLeaveReason,
    GroupProtocol, IsrShrinkReason, KafkaError, OffsetResetReason, ProduceFailureCause, RebalanceReason, SendFailure, TopicPartition,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub id: u64,
    pub time_ms: u64,
    /// The event, put into words when shown ([`narrate`]).
    pub kind: Told,
    pub category: &'static str,
}

/// What a timeline entry tells: an engine event, or something of the session's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Told {
    Event(EventKind),
    /// The learner acted while an earlier moment was shown (issue 23): the recorded future, up
    /// to `dropped_to_ms`, was dropped.
    Forked {
        dropped_to_ms: u64,
    },
    /// A learner's action, as the command that does it on a real cluster (issue 25): Kafka's
    /// tools and the sandbox's verbs are not translated.
    Command {
        line: String,
    },
}

impl TimelineEntry {
    /// The entry in words, in `tr`'s language.
    pub fn text(&self, tr: Tr) -> String {
        match &self.kind {
            Told::Event(kind) => narrate(kind, tr),
            Told::Forked { dropped_to_ms } => {
                tr.f("event-forked", &[("until", crate::view_model::format_time_in(*dropped_to_ms, tr).into())])
            }
            Told::Command { line } => format!("$ {line}"),
        }
    }
}

/// Most entries the timeline keeps.
pub const TIMELINE_MAX: usize = 200;

/// None for events too frequent to narrate one by one (every HW move, every append).
pub fn entry(id: u64, event: &Event) -> Option<TimelineEntry> {
    let category = match &event.kind {
        EventKind::HighWatermarkAdvanced { .. } | EventKind::ProduceAppended { .. } => return None,
        // The terminal shows what its tools print; a sandbox verb's effect is narrated by the
        // broker's own events.
        EventKind::ToolOutput { .. } | EventKind::ToolExited { .. } | EventKind::SandboxVerbRan { .. } => return None,
        // The offsets topic is cleaned all the time; its compactions would drown the timeline.
        EventKind::LogCompacted { partition, .. } if &*partition.topic == engine::OFFSETS_TOPIC => return None,
        EventKind::RebalanceStarted { .. }
        | EventKind::RebalanceCompleted { .. }
        | EventKind::PartitionsRevoked { .. }
        | EventKind::GroupEmpty { .. }
        | EventKind::GroupEpochBumped { .. }
        | EventKind::GroupReconciled { .. } => "group",
        EventKind::MemberRemoved { .. } | EventKind::ConsumerStopped { .. } => "fault",
        EventKind::CommitFailed { .. }
        | EventKind::ConsumerFailed { .. }
        | EventKind::Redelivered { .. }
        | EventKind::ProcessingInterrupted { .. }
        | EventKind::RecordsSkipped { .. } => "warning",
        EventKind::BrokerStopped { .. }
        | EventKind::BrokerShutDown { .. }
        | EventKind::ControlledShutdownTimedOut { .. }
        | EventKind::BrokerFenced { .. }
        | EventKind::BrokerIsolated { .. }
        | EventKind::QuorumLost { .. } => "fault",
        EventKind::PartitionOffline { .. } | EventKind::RecordsTruncated { .. } | EventKind::ProduceFailed { .. } => "warning",
        EventKind::LeaderElected { .. }
        | EventKind::LeadersRebalanced { .. }
        | EventKind::ControllerElected { .. }
        | EventKind::ControllerLost { .. }
        | EventKind::QuorumRestored { .. } => "election",
        EventKind::IsrShrunk { .. } | EventKind::IsrExpanded { .. } => "isr",
        EventKind::ProduceAcknowledged { .. } => "produce",
        _ => "info",
    };
    Some(TimelineEntry { id, time_ms: event.time_ms.0, kind: Told::Event(event.kind.clone()), category })
}

/// A broker list as the narration shows it: `[1,2,3]` (the CLI's own format).
fn list(brokers: &[BrokerId]) -> String {
    format!("[{}]", engine::broker_list(brokers))
}

fn tp_list(tps: &[TopicPartition], tr: Tr) -> String {
    if tps.is_empty() {
        return tr.t("event-nothing");
    }
    tps.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
}

fn secs(ms: u64) -> String {
    format!("{:.1}", ms as f64 / 1000.0)
}

fn shares(assignment: &[(ConsumerId, Vec<TopicPartition>)], tr: Tr) -> String {
    assignment.iter().map(|(c, tps)| format!("{c} ← {}", tp_list(tps, tr))).collect::<Vec<_>>().join("; ")
}

fn key_text(k: Option<&[u8]>, tr: Tr) -> String {
    match k {
        Some(k) => tr.f("event-key", &[("key", String::from_utf8_lossy(k).into_owned().into())]),
        None => tr.t("event-no-key"),
    }
}

/// The second half of a ProduceFailed line: what the cause says, with its numbers.
fn cause_text(error: KafkaError, cause: &ProduceFailureCause, tr: Tr) -> String {
    match cause {
        ProduceFailureCause::IsrBelowMinIsr { isr, min_isr } => {
            let state = tr.f(
                key("event-cause-isr-state"),
                &[
                    ("isr", list(isr).into()),
                    ("members", isr.len().into()),
                    ("word", tr.f("event-word-member", &[("n", isr.len().into())]).into()),
                    ("min_isr", (*min_isr).into()),
                ],
            );
            let k = match error {
                KafkaError::NotEnoughReplicas => key("event-cause-isr-refused"),
                KafkaError::NotEnoughReplicasAfterAppend => key("event-cause-isr-after-append"),
                _ => key("event-cause-isr-timeout"),
            };
            tr.f(k, &[("state", state.into())])
        }
        ProduceFailureCause::AwaitingReplicas { waiting_for, isr, quorum_lost, timeout_ms } => {
            let waited = if waiting_for.is_empty() {
                tr.t("event-cause-waited-catching-up")
            } else {
                tr.f(
                    key("event-cause-waited-for"),
                    &[
                        ("word", tr.f("event-word-member", &[("n", waiting_for.len().into())]).into()),
                        ("brokers", list(waiting_for).into()),
                    ],
                )
            };
            let why_key = if *quorum_lost { key("event-cause-why-quorum-lost") } else { key("event-cause-why-lag") };
            let why = tr.f(why_key, &[("isr", list(isr).into())]);
            tr.f("event-cause-awaiting", &[("seconds", (timeout_ms / 1000).into()), ("waited", waited.into()), ("why", why.into())])
        }
        ProduceFailureCause::LeaderUnreachable { leader } => tr.f("event-cause-leader-unreachable", &[("leader", leader.0.into())]),
        ProduceFailureCause::NoLeader => tr.t("event-cause-no-leader"),
        ProduceFailureCause::LeaderMoved { from, to } => match to {
            Some(to) if to == from => tr.f("event-cause-leader-reelected", &[("from", from.0.into())]),
            Some(to) => tr.f("event-cause-leader-moved", &[("from", from.0.into()), ("to", to.0.into())]),
            None => tr.f("event-cause-leader-gone", &[("from", from.0.into())]),
        },
        ProduceFailureCause::Unknown => match error {
            KafkaError::NotEnoughReplicas => tr.t("event-explain-not-enough-replicas"),
            KafkaError::NotEnoughReplicasAfterAppend => tr.t("event-explain-after-append"),
            KafkaError::NotLeaderOrFollower => tr.t("event-explain-not-leader"),
            KafkaError::LeaderNotAvailable => tr.t("event-explain-leader-not-available"),
            KafkaError::NetworkException => tr.t("event-explain-network"),
            KafkaError::RequestTimedOut => tr.t("event-explain-timed-out"),
            _ => String::new(),
        },
    }
}

/// One event in words, in `tr`'s language (the English text is what ksim's renderer prints).
/// A value as a catalogue argument.
fn s(v: &dyn std::fmt::Display) -> Arg {
    v.to_string().into()
}

/// Why a group rebalances; `heartbeat`: the consumer protocol's group epoch bump (a member joins
/// with a ConsumerGroupHeartbeat of epoch 0).
fn rebalance_reason(reason: &RebalanceReason, heartbeat: bool, tr: Tr) -> String {
    match reason {
        RebalanceReason::MemberJoined { consumer } if heartbeat => tr.f("reason-member-joined-heartbeat", &[("consumer", s(consumer))]),
        RebalanceReason::MemberJoined { consumer } => tr.f("reason-member-joined", &[("consumer", s(consumer))]),
        RebalanceReason::MemberRejoined { consumer } => tr.f("reason-member-rejoined", &[("consumer", s(consumer))]),
        RebalanceReason::MemberLeft { consumer } => tr.f("reason-member-left", &[("consumer", s(consumer))]),
        RebalanceReason::PartitionsAdded { topic, partitions } => {
            tr.f("reason-partitions-added", &[("topic", s(topic)), ("partitions", count(*partitions))])
        }
        RebalanceReason::TopicDeleted { topic } => tr.f("reason-topic-deleted", &[("topic", s(topic))]),
    }
}

fn offset_reset_reason(reason: OffsetResetReason, tr: Tr) -> String {
    match reason {
        OffsetResetReason::NoCommittedOffset => tr.t("reason-no-committed-offset"),
        OffsetResetReason::OutOfRange => tr.t("reason-offset-out-of-range"),
    }
}

/// A consumer's exception: Kafka's class name, then what it means.
pub fn consumer_error(error: &ConsumerError, tr: Tr) -> String {
    match error {
        ConsumerError::NoOffsetForPartition { partition } => tr.f("consumer-error-no-offset", &[("partition", s(partition))]),
        ConsumerError::OffsetOutOfRange { partition, position, log_start, log_end } => tr.f(
            key("consumer-error-out-of-range"),
            &[("partition", s(partition)), ("position", s(position)), ("start", s(log_start)), ("end", s(log_end))],
        ),
    }
}

pub fn narrate(kind: &EventKind, tr: Tr) -> String {
    match kind {
        EventKind::BrokerStopped { broker } => tr.f("event-broker-stopped", &[("broker", s(broker))]),
        EventKind::BrokerShutDown { broker, leaders_moved } => {
            tr.f("event-broker-shut-down", &[("broker", s(broker)), ("moved", s(leaders_moved))])
        }
        EventKind::ControlledShutdownTimedOut { broker } => tr.f("event-controlled-shutdown-timed-out", &[("broker", s(broker))]),
        EventKind::OffsetsTopicUnavailable { replication_factor, brokers, error } => tr.f(
            key("event-offsets-topic-unavailable"),
            &[("error", error.name().into()), ("rf", s(replication_factor)), ("brokers", s(brokers))],
        ),
        EventKind::LeadersRebalanced { moved, imbalanced } => {
            tr.f("event-leaders-rebalanced", &[("imbalanced", s(imbalanced)), ("moved", s(moved))])
        }
        EventKind::BrokerStarted { broker } => tr.f("event-broker-started", &[("broker", s(broker))]),
        EventKind::BrokerIsolated { broker } => tr.f("event-broker-isolated", &[("broker", s(broker))]),
        EventKind::BrokerHealed { broker } => tr.f("event-broker-healed", &[("broker", s(broker))]),
        EventKind::BrokerFenced { broker, session_timeout_ms } => {
            tr.f("event-broker-fenced", &[("broker", s(broker)), ("seconds", s(&(session_timeout_ms / 1000)))])
        }
        EventKind::BrokerUnfenced { broker } => tr.f("event-broker-unfenced", &[("broker", s(broker))]),
        EventKind::ControllerLost { broker } => tr.f("event-controller-lost", &[("broker", s(broker))]),
        EventKind::ControllerElected { broker, epoch } => tr.f("event-controller-elected", &[("broker", s(broker)), ("epoch", s(epoch))]),
        EventKind::QuorumLost { controller, voters, reachable, majority } => {
            let n = reachable.len();
            let running = if n == 0 { tr.t("event-none") } else { tr.f("event-brokers", &[("brokers", list(reachable).into())]) };
            let args = [
                ("controller", controller.map(|c| c.to_string()).unwrap_or_default().into()),
                ("reachable", s(&n)),
                ("voters", s(&voters.len())),
                ("word", tr.f("event-word-voter", &[("n", voters.len().into())]).into()),
                ("running", running.into()),
                ("majority", s(majority)),
            ];
            match controller {
                Some(_) => tr.f("event-quorum-lost-controller", &args),
                None => tr.f("event-quorum-lost", &args),
            }
        }
        EventKind::QuorumRestored { controller, epoch, reachable, majority, down_ms } => tr.f(
            key("event-quorum-restored"),
            &[
                ("seconds", secs(*down_ms).into()),
                ("voters", s(&reachable.len())),
                ("brokers", list(reachable).into()),
                ("majority", s(majority)),
                ("controller", s(controller)),
                ("epoch", s(epoch)),
            ],
        ),
        EventKind::TopicConfigChanged { topic, set, deleted } => {
            let mut parts = Vec::new();
            if !set.is_empty() {
                let pairs = set.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ");
                parts.push(tr.f("event-configs-set", &[("configs", pairs.into())]));
            }
            if !deleted.is_empty() {
                parts.push(tr.f("event-configs-reset", &[("configs", deleted.join(", ").into())]));
            }
            tr.f("event-topic-config-changed", &[("topic", s(topic)), ("changes", parts.join("; ").into())])
        }
        EventKind::TopicCreated { topic, partitions, replication_factor } => {
            tr.f("event-topic-created", &[("topic", s(topic)), ("partitions", s(partitions)), ("rf", s(replication_factor))])
        }
        EventKind::TopicDeleted { topic, partitions } => tr.f("event-topic-deleted", &[("topic", s(topic)), ("partitions", s(partitions))]),
        EventKind::GroupOffsetsAltered { group, partitions } => {
            tr.f("event-group-offsets-altered", &[("group", s(group)), ("partitions", s(partitions))])
        }
        EventKind::GroupOffsetsDeleted { group, partitions } => {
            tr.f("event-group-offsets-deleted", &[("group", s(group)), ("partitions", s(partitions))])
        }
        EventKind::GroupDeleted { group } => tr.f("event-group-deleted", &[("group", s(group))]),
        EventKind::ToolOutput { .. } | EventKind::ToolExited { .. } | EventKind::SandboxVerbRan { .. } => String::new(),
        EventKind::PartitionsAdded { topic, from, to } => {
            tr.f("event-partitions-added", &[("topic", s(topic)), ("from", s(from)), ("to", s(to))])
        }
        EventKind::LeaderElected { partition, leader, leader_epoch, isr, kind, lost } => {
            let how = match kind {
                ElectionKind::Clean => String::new(),
                ElectionKind::Unclean => tr.t("event-election-unclean"),
                ElectionKind::Preferred => tr.t("event-election-preferred"),
                ElectionKind::AutoRebalance => tr.t("event-election-auto-rebalance"),
                ElectionKind::Elr => tr.t("event-election-elr"),
                ElectionKind::LastKnownLeader => tr.t("event-election-last-known-leader"),
            };
            let mut line = tr.f(
                key("event-leader-elected"),
                &[
                    ("how", how.into()),
                    ("leader", s(leader)),
                    ("partition", s(partition)),
                    ("epoch", s(leader_epoch)),
                    ("isr", list(isr).into()),
                ],
            );
            if let Some((from, to)) = lost {
                line.push_str(&tr.f("event-leader-elected-lost", &[("from", s(from)), ("to", s(&(to.0 - 1)))]));
            }
            line
        }
        EventKind::PartitionOffline { partition, isr, .. } => {
            tr.f("event-partition-offline", &[("partition", s(partition)), ("isr", list(isr).into())])
        }
        EventKind::IsrShrunk { partition, isr, reason, .. } => {
            let args = [("partition", s(partition)), ("isr", list(isr).into())];
            match reason {
                IsrShrinkReason::LaggedBehind { lag_ms } => {
                    tr.f("event-isr-shrunk-lagged", &[args[0].clone(), args[1].clone(), ("seconds", s(&(lag_ms / 1000)))])
                }
                IsrShrinkReason::BrokerFenced => tr.f("event-isr-shrunk-fenced", &args),
                IsrShrinkReason::ControlledShutdown => tr.f("event-isr-shrunk-shutdown", &args),
                IsrShrinkReason::UncleanShutdown => tr.f("event-isr-shrunk-unclean", &args),
            }
        }
        EventKind::IsrExpanded { partition, isr, added } => {
            tr.f("event-isr-expanded", &[("broker", s(added)), ("partition", s(partition)), ("isr", list(isr).into())])
        }
        EventKind::HighWatermarkAdvanced { partition, high_watermark } => {
            tr.f("event-high-watermark-advanced", &[("partition", s(partition)), ("offset", s(high_watermark))])
        }
        EventKind::RecordsTruncated { partition, broker, from, to, .. } => {
            if to.0 - from.0 == 1 {
                tr.f("event-records-truncated-one", &[("broker", s(broker)), ("offset", s(from)), ("partition", s(partition))])
            } else {
                tr.f(
                    key("event-records-truncated"),
                    &[("broker", s(broker)), ("from", s(from)), ("to", s(&(to.0 - 1))), ("partition", s(partition))],
                )
            }
        }
        EventKind::SegmentsDeleted { partition, broker, log_start_offset, records } => tr.f(
            key("event-segments-deleted"),
            &[("broker", s(broker)), ("records", s(records)), ("partition", s(partition)), ("offset", s(log_start_offset))],
        ),
        EventKind::LogCompacted { partition, broker, records } => {
            tr.f("event-log-compacted", &[("broker", s(broker)), ("partition", s(partition)), ("records", s(records))])
        }
        EventKind::ProduceAppended { partition, offset, acks, .. } => {
            tr.f("event-produce-appended", &[("offset", s(offset)), ("partition", s(partition)), ("acks", acks.label().into())])
        }
        EventKind::ProduceAcknowledged { partition, offset, acks, .. } => {
            if *acks == Acks::None {
                tr.f("event-produce-sent-acks0", &[("partition", s(partition))])
            } else {
                tr.f("event-produce-acknowledged", &[("partition", s(partition)), ("offset", s(offset)), ("acks", acks.label().into())])
            }
        }
        EventKind::ProduceFailed { partition, error, acks, cause, .. } => tr.f(
            key("event-produce-failed"),
            &[
                ("partition", s(partition)),
                ("error", error.name().into()),
                ("acks", acks.label().into()),
                ("cause", cause_text(*error, cause, tr).into()),
            ],
        ),
        EventKind::ConsumerStarted { consumer, group, topics, assignor, protocol, server_assignor } => {
            let how = match (protocol, server_assignor) {
                (GroupProtocol::Consumer, Some(a)) => tr.f("event-protocol-consumer-assignor", &[("assignor", a.name().into())]),
                (GroupProtocol::Consumer, None) => tr.t("event-protocol-consumer"),
                (GroupProtocol::Classic, _) => tr.f("event-protocol-classic", &[("assignor", s(assignor))]),
            };
            tr.f(
                key("event-consumer-started"),
                &[("consumer", s(consumer)), ("group", s(group)), ("topics", topics.join(", ").into()), ("how", how.into())],
            )
        }
        EventKind::ConsumerStopped { consumer, state } => match state {
            ClientState::Crashed => tr.f("event-consumer-crashed", &[("consumer", s(consumer))]),
            _ => tr.f("event-consumer-closed", &[("consumer", s(consumer))]),
        },
        EventKind::ConsumerFailed { consumer, error } => {
            tr.f("event-consumer-failed", &[("consumer", s(consumer)), ("error", consumer_error(error, tr).into())])
        }
        EventKind::CoordinatorChanged { group, broker, partition } => match broker {
            Some(b) => tr.f("event-coordinator-changed", &[("group", s(group)), ("broker", s(b)), ("partition", s(partition))]),
            None => tr.f("event-coordinator-none", &[("group", s(group)), ("partition", s(partition))]),
        },
        EventKind::MemberJoined { group, consumer, .. } => tr.f("event-member-joined", &[("consumer", s(consumer)), ("group", s(group))]),
        EventKind::MemberRemoved { group, consumer, reason, .. } => {
            let (k, ms) = match reason {
                GroupLeaveReason::Closed => (key("event-member-left"), 0),
                GroupLeaveReason::SessionTimeout { timeout_ms } => (key("event-member-session-timeout"), *timeout_ms),
                GroupLeaveReason::MaxPollInterval { timeout_ms } => (key("event-member-max-poll"), *timeout_ms),
                GroupLeaveReason::RebalanceTimeout { timeout_ms } => (key("event-member-rebalance-timeout"), *timeout_ms),
            };
            tr.f(k, &[("consumer", s(consumer)), ("group", s(group)), ("seconds", s(&(ms / 1000)))])
        }
        EventKind::RebalanceStarted { group, generation, reason } => tr.f(
            key("event-rebalance-started"),
            &[("group", s(group)), ("generation", s(generation)), ("reason", rebalance_reason(reason, false, tr).into())],
        ),
        EventKind::RebalanceCompleted { group, generation, leader, assignor, assignment, revoked, withheld, duration_ms, paused_ms } => {
            let mut line = tr.f(
                key("event-rebalance-completed"),
                &[
                    ("group", s(group)),
                    ("generation", s(generation)),
                    ("seconds", secs(*duration_ms).into()),
                    ("leader", s(leader)),
                    ("assignor", s(assignor)),
                    ("shares", shares(assignment, tr).into()),
                ],
            );
            if *paused_ms > 0 {
                line.push_str(&tr.f("event-rebalance-paused", &[("seconds", secs(*paused_ms).into())]));
            }
            if !withheld.is_empty() {
                line.push_str(&tr.f("event-rebalance-withheld", &[("partitions", tp_list(withheld, tr).into())]));
            }
            for (c, tps) in revoked {
                line.push_str(&tr.f("event-rebalance-revokes", &[("consumer", s(c)), ("partitions", tp_list(tps, tr).into())]));
            }
            line
        }
        EventKind::GroupReconciled { group, group_epoch, server_assignor, assignment, duration_ms } => tr.f(
            key("event-group-reconciled"),
            &[
                ("group", s(group)),
                ("epoch", s(group_epoch)),
                ("assignor", server_assignor.name().into()),
                ("seconds", secs(*duration_ms).into()),
                ("shares", shares(assignment, tr).into()),
            ],
        ),
        EventKind::GroupEmpty { group, generation } => tr.f("event-group-empty", &[("group", s(group)), ("generation", s(generation))]),
        EventKind::GroupEpochBumped { group, group_epoch, reason } => tr.f(
            key("event-group-epoch-bumped"),
            &[("group", s(group)), ("epoch", s(group_epoch)), ("reason", rebalance_reason(reason, true, tr).into())],
        ),
        EventKind::PartitionsRevoked { group, consumer, partitions, lost, incremental } => {
            let k = if *incremental {
                key("event-partitions-given-back")
            } else if *lost {
                key("event-partitions-lost")
            } else {
                key("event-partitions-revoked")
            };
            tr.f(k, &[("consumer", s(consumer)), ("group", s(group)), ("partitions", tp_list(partitions, tr).into())])
        }
        EventKind::ProducerStarted { producer, client_id, producer_id, producer_epoch, idempotent } => {
            let args = [("producer", s(producer)), ("client", s(client_id)), ("pid", s(producer_id)), ("epoch", s(producer_epoch))];
            if *idempotent {
                tr.f("event-producer-started-idempotent", &args)
            } else {
                tr.f("event-producer-started", &args)
            }
        }
        EventKind::ProducerBatchAcked { producer, partition, first_offset, send_ids, duplicate } => {
            let n = send_ids.len();
            let at = if first_offset.0 < 0 {
                tr.t("event-batch-acks0")
            } else {
                tr.f("event-batch-at", &[("from", s(first_offset)), ("to", s(&(first_offset.0 + n as i64 - 1)))])
            };
            let k = if *duplicate { key("event-batch-acked-duplicate") } else { key("event-batch-acked") };
            tr.f(k, &[("producer", s(producer)), ("records", s(&n)), ("partition", s(partition)), ("at", at.into())])
        }
        EventKind::ProducerBatchRetrying { producer, partition, error, attempt, backoff_ms, records } => tr.f(
            key("event-batch-retrying"),
            &[
                ("producer", s(producer)),
                ("records", s(records)),
                ("partition", s(partition)),
                ("error", s(error)),
                ("attempt", s(attempt)),
                ("ms", s(backoff_ms)),
            ],
        ),
        EventKind::ProducerBatchFailed { producer, partition, error, failure, send_ids } => {
            let why = match failure {
                SendFailure::Fatal => tr.t("event-send-fatal"),
                SendFailure::RetriesExhausted => tr.t("event-send-retries-exhausted"),
                SendFailure::DeliveryTimeout => tr.t("event-send-delivery-timeout"),
            };
            tr.f(
                key("event-batch-failed"),
                &[
                    ("producer", s(producer)),
                    ("records", s(&send_ids.len())),
                    ("partition", s(partition)),
                    ("error", s(error)),
                    ("why", why.into()),
                ],
            )
        }
        EventKind::ProducerEpochBumped { producer, producer_id, producer_epoch } => {
            tr.f("event-producer-epoch-bumped", &[("producer", s(producer)), ("epoch", s(producer_epoch)), ("pid", s(producer_id))])
        }
        EventKind::ProducerClosed { producer } => tr.f("event-producer-closed", &[("producer", s(producer))]),
        EventKind::ProducerBatchAborted { producer, partition, send_ids } => {
            tr.f("event-batch-aborted", &[("producer", s(producer)), ("records", s(&send_ids.len())), ("partition", s(partition))])
        }
        EventKind::ProducerTransactionsInitialized { producer, transactional_id, producer_id, producer_epoch } => tr.f(
            key("event-transactions-initialized"),
            &[("producer", s(producer)), ("tid", s(transactional_id)), ("pid", s(producer_id)), ("epoch", s(producer_epoch))],
        ),
        EventKind::ProducerTransactionEnded { producer, committed } => {
            let k = if *committed { key("event-transaction-committed") } else { key("event-transaction-aborted") };
            tr.f(k, &[("producer", s(producer))])
        }
        EventKind::ProducerTransactionError { producer, error } => {
            tr.f("event-transaction-error", &[("producer", s(producer)), ("error", s(error))])
        }
        EventKind::TransactionStateChanged { transactional_id, producer_id, producer_epoch, state, partitions } => tr.f(
            key("event-transaction-state"),
            &[
                ("tid", s(transactional_id)),
                ("pid", s(producer_id)),
                ("epoch", s(producer_epoch)),
                ("state", state.name().into()),
                ("partitions", s(&partitions.len())),
            ],
        ),
        EventKind::TransactionTimedOut { transactional_id, .. } => tr.f("event-transaction-timed-out", &[("tid", s(transactional_id))]),
        EventKind::TransactionMarkerWritten { partition, producer_id, control, offset } => tr.f(
            key("event-marker-written"),
            &[("control", control.name().into()), ("pid", s(producer_id)), ("partition", s(partition)), ("offset", s(offset))],
        ),
        EventKind::CommitFailed { group, consumer, error } => {
            tr.f("event-commit-failed", &[("consumer", s(consumer)), ("group", s(group)), ("error", s(error))])
        }
        EventKind::OffsetReset { consumer, partition, offset, strategy, reason, .. } => tr.f(
            key("event-offset-reset"),
            &[
                ("consumer", s(consumer)),
                ("partition", s(partition)),
                ("offset", s(offset)),
                ("reason", offset_reset_reason(*reason, tr).into()),
                ("strategy", strategy.name().into()),
            ],
        ),
        EventKind::Redelivered { group, consumer, partition, from, to } => tr.f(
            key("event-redelivered"),
            &[("consumer", s(consumer)), ("from", s(from)), ("to", s(&(to.0 - 1))), ("partition", s(partition)), ("group", s(group))],
        ),
        EventKind::ProcessingInterrupted { consumer, partition, from, to, .. } => tr.f(
            key("event-processing-interrupted"),
            &[("consumer", s(consumer)), ("from", s(from)), ("to", s(&(to.0 - 1))), ("partition", s(partition))],
        ),
        EventKind::RecordsSkipped { group, consumer, partition, from, to, start } => tr.f(
            key("event-records-skipped"),
            &[
                ("consumer", s(consumer)),
                ("from", s(from)),
                ("to", s(&(to.0 - 1))),
                ("partition", s(partition)),
                ("group", s(group)),
                ("start", s(start)),
            ],
        ),
        EventKind::DeliveryCheckFinding { group, consumer, finding, more } => {
            let line = match finding {
                DeliveryFinding::Twice { partition, key: k, producer, first_offset, offset } => tr.f(
                    key("event-delivery-twice"),
                    &[
                        ("consumer", s(consumer)),
                        ("group", s(group)),
                        ("key", key_text(k.as_deref(), tr).into()),
                        ("partition", s(partition)),
                        ("first", first_offset.map_or_else(|| tr.t("event-earlier"), |o| o.to_string()).into()),
                        ("offset", s(offset)),
                        ("producer", s(producer)),
                    ],
                ),
                DeliveryFinding::OutOfOrder { partition, key: k, producer, offset, after_offset } => tr.f(
                    key("event-delivery-out-of-order"),
                    &[
                        ("consumer", s(consumer)),
                        ("group", s(group)),
                        ("key", key_text(Some(k), tr).into()),
                        ("partition", s(partition)),
                        ("offset", s(offset)),
                        ("producer", s(producer)),
                        ("after", s(after_offset)),
                    ],
                ),
            };
            if *more > 0 {
                tr.f("event-delivery-more", &[("line", line.into()), ("more", s(more))])
            } else {
                line
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use engine::{Acks, Cluster, ClusterConfig, Command, ConsumerConfig, OffsetReset, Outcome, ProduceRecord, ProduceRequest, TopicConfig};

    fn apply(c: &mut Cluster, cmd: Command) -> Outcome {
        c.apply(cmd).expect("a valid command")
    }

    fn run(c: &mut Cluster, steps: u32, into: &mut Vec<Event>) {
        apply(c, Command::Advance { steps });
        into.extend(std::iter::from_fn(|| c.poll_event()));
    }

    /// A session that goes through most of what the timeline narrates: topics, keyed records,
    /// groups of both protocols joining, leaving and crashing, a crashed and a cleanly stopped
    /// leader, an isolated broker, a slow follower, added partitions, an idempotent producer and
    /// a transactional one that commits and aborts, a consumer with auto.offset.reset=none.
    fn eventful_session() -> Vec<Event> {
        let mut c = Cluster::new(ClusterConfig { brokers: 4, ..ClusterConfig::default() }).expect("cluster");
        let mut ev = Vec::new();
        let topic = |name: &str, partitions| Command::CreateTopic {
            name: name.into(),
            partitions,
            replication_factor: 3,
            config: TopicConfig::default(),
        };
        apply(&mut c, topic("orders", 3));
        run(&mut c, 10, &mut ev);
        for i in 0..30 {
            apply(&mut c, Command::Produce(ProduceRequest::keyed("orders", &format!("k{}", i % 7), "v", Acks::All)));
        }
        let consumer = |group: &str, protocol| ConsumerConfig {
            group_id: group.into(),
            topics: vec!["orders".into()],
            group_protocol: protocol,
            auto_offset_reset: OffsetReset::Earliest,
            ..ConsumerConfig::default()
        };
        let a = apply(&mut c, Command::AddConsumer { config: consumer("g1", engine::GroupProtocol::Classic) }).consumer().expect("id");
        apply(&mut c, Command::AddConsumer { config: consumer("g1", engine::GroupProtocol::Classic) });
        let k = apply(&mut c, Command::AddConsumer { config: consumer("g2", engine::GroupProtocol::Consumer) }).consumer().expect("id");
        apply(&mut c, Command::AddConsumer { config: consumer("g2", engine::GroupProtocol::Consumer) });
        let strict = ConsumerConfig { auto_offset_reset: OffsetReset::None, ..consumer("g3", engine::GroupProtocol::Classic) };
        apply(&mut c, Command::AddConsumer { config: strict });
        run(&mut c, 100, &mut ev);
        let leader = c.topic("orders").and_then(|t| t.partitions[0].leader).expect("a leader");
        apply(&mut c, Command::StopBroker { broker: leader });
        run(&mut c, 150, &mut ev);
        apply(&mut c, Command::StartBroker { broker: leader });
        run(&mut c, 100, &mut ev);
        let other = c.topic("orders").and_then(|t| t.partitions[1].leader).expect("a leader");
        apply(&mut c, Command::ShutdownBroker { broker: other });
        run(&mut c, 100, &mut ev);
        apply(&mut c, Command::StartBroker { broker: other });
        apply(&mut c, Command::SetFetchDelay { broker: other, delay_ms: 40_000 });
        run(&mut c, 400, &mut ev);
        apply(&mut c, Command::SetFetchDelay { broker: other, delay_ms: 0 });
        apply(&mut c, Command::AddPartitions { topic: "orders".into(), partitions: 4 });
        apply(&mut c, Command::CloseConsumer { consumer: a });
        apply(&mut c, Command::CrashConsumer { consumer: k });
        run(&mut c, 100, &mut ev);
        let tx = apply(&mut c, Command::CreateProducer { config: vec![("transactional.id".into(), "tx-1".into())] });
        let tx = tx.producer().expect("a producer");
        apply(&mut c, Command::InitTransactions { producer: tx });
        run(&mut c, 20, &mut ev);
        for commit in [true, false] {
            apply(&mut c, Command::BeginTransaction { producer: tx });
            apply(&mut c, Command::Send { producer: tx, record: ProduceRecord::keyed("orders", "k1", "v") });
            run(&mut c, 10, &mut ev);
            apply(&mut c, if commit { Command::CommitTransaction { producer: tx } } else { Command::AbortTransaction { producer: tx } });
            run(&mut c, 30, &mut ev);
        }
        apply(&mut c, Command::IsolateBroker { broker: leader });
        run(&mut c, 200, &mut ev);
        apply(&mut c, Command::HealBroker { broker: leader });
        apply(&mut c, Command::ElectPreferredLeaders { topic: None });
        run(&mut c, 200, &mut ev);
        ev
    }

    /// The page's English is the engine's own English narration (`narrate_en`, which ksim
    /// prints and the engine's tests assert), word for word; every Korean line is Korean,
    /// fully filled in (no `{ $var }`, no key), and different from the English one.
    #[test]
    fn every_narrated_event_reads_as_the_engines_english_and_in_korean() {
        let events = eventful_session();
        let (en, ko) = (Tr::new(Lang::En), Tr::new(Lang::Ko));
        let mut kinds = std::collections::BTreeSet::new();
        for e in &events {
            if entry(0, e).is_none() {
                continue;
            }
            let name = format!("{:?}", e.kind);
            kinds.insert(name.split([' ', '(', '{']).next().unwrap_or_default().to_string());
            assert_eq!(narrate(&e.kind, en), e.kind.narrate(), "{:?}", e.kind);
            let korean = narrate(&e.kind, ko);
            assert!(korean.chars().any(|c| ('\u{AC00}'..='\u{D7AF}').contains(&c)), "not Korean: {korean}");
            assert!(!korean.contains("{ $") && !korean.contains("event-"), "{korean}");
        }
        for kind in [
            "BrokerStopped",
            "BrokerShutDown",
            "LeaderElected",
            "IsrShrunk",
            "IsrExpanded",
            "RebalanceStarted",
            "RebalanceCompleted",
            "GroupEpochBumped",
            "OffsetReset",
            "ConsumerFailed",
            "MemberRemoved",
            "PartitionsAdded",
            "BrokerIsolated",
        ] {
            assert!(kinds.contains(kind), "the session narrated no {kind}: {kinds:?}");
        }
    }
}
