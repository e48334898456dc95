//! Consumer groups on the cluster (classic protocol): the group coordinator on the leader of the
//! group's `__consumer_offsets` partition, JoinGroup / SyncGroup / Heartbeat / LeaveGroup /
//! OffsetCommit, and the consumer clients driving them. A child module of `cluster`, so it works
//! on the same private state.
//!
//! Per tick, after replication: each group finds its coordinator (a move reloads committed
//! offsets from the log, up to the high watermark), answers OffsetCommits whose records reached
//! the HW, expires silent members; then each consumer heartbeats, polls (join, auto-commit,
//! fetch up to the HW) or processes; then rebalances whose members have all joined complete, and
//! the leader's assignor runs (SyncGroup).

use super::Cluster;
use crate::assignor::{assign, AssignorName, Subscription};
use crate::command::{CommandError, CommandErrorKind};
use crate::config::{CleanupPolicy, TopicConfig};
use crate::consumer::{ClientState, Consumer, ConsumerConfig, GroupProtocol, JoinPhase, OffsetReset, CONSUMERS_MAX, GROUPS_MAX};
use crate::event::{EventKind, GroupLeaveReason};
use crate::group::{ConsumerGroup, GroupState, Member, PendingCommit};
use crate::ids::{ConsumerId, Offset, TimeMs, TopicPartition};
use crate::java_hash::{string_hash_code, utils_abs};
use crate::record::{record_size_bytes, Header, Record};
use std::collections::BTreeMap;
use std::sync::Arc;

pub const OFFSETS_TOPIC: &str = "__consumer_offsets";
/// `offsets.commit.timeout.ms` (default 5000).
const OFFSETS_COMMIT_TIMEOUT_MS: u64 = 5_000;

/// One row of `kafka-consumer-groups.sh --describe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPartitionRow {
    pub topic: String,
    pub partition: u32,
    /// Committed offset; `None` prints as `-`.
    pub current_offset: Option<Offset>,
    /// The column says "log end offset" but the tool asks ListOffsets(latest, READ_UNCOMMITTED):
    /// the high watermark.
    pub log_end_offset: Offset,
    /// `LOG-END-OFFSET - CURRENT-OFFSET`, `None` without a commit.
    pub lag: Option<i64>,
    pub consumer: Option<ConsumerId>,
    pub member_id: Option<String>,
    pub client_id: Option<String>,
}

/// `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions` (GroupCoordinatorService).
pub fn offsets_partition_for(group_id: &str, partitions: u32) -> u32 {
    (utils_abs(string_hash_code(group_id)) as u32) % partitions.max(1)
}

fn commit_key(group: &str, tp: &TopicPartition) -> Vec<u8> {
    format!("[{group:?},{:?},{}]", tp.topic, tp.partition).into_bytes()
}

fn header(key: &str, value: &str) -> Header {
    Header { key: key.to_string(), value: Some(value.as_bytes().to_vec()) }
}

impl Cluster {
    // ------------------------------------------------------------------ getters

    pub fn consumers(&self) -> impl Iterator<Item = &Consumer> {
        self.consumers.values()
    }

    pub fn consumer(&self, id: ConsumerId) -> Option<&Consumer> {
        self.consumers.get(&id)
    }

    pub fn groups(&self) -> impl Iterator<Item = &ConsumerGroup> {
        self.groups.values()
    }

    pub fn group(&self, group_id: &str) -> Option<&ConsumerGroup> {
        self.groups.get(group_id)
    }

    /// `kafka-consumer-groups.sh --describe --group G`: one row per partition of the subscribed
    /// topics that is assigned or has a committed offset, sorted by topic and partition.
    pub fn describe_group(&self, group_id: &str) -> Vec<GroupPartitionRow> {
        let Some(g) = self.groups.get(group_id) else { return Vec::new() };
        let mut owners: BTreeMap<TopicPartition, &Member> = BTreeMap::new();
        if matches!(g.state, GroupState::Stable | GroupState::CompletingRebalance | GroupState::Reconciling | GroupState::Assigning) {
            for m in &g.members {
                for tp in &m.assignment {
                    owners.insert(tp.clone(), m);
                }
            }
        }
        let mut tps: Vec<TopicPartition> = owners.keys().cloned().collect();
        tps.extend(g.committed.keys().cloned());
        tps.sort();
        tps.dedup();
        tps.into_iter()
            .filter_map(|tp| {
                let hw = self.partition(&tp)?.high_watermark();
                let committed = g.committed.get(&tp).copied();
                let m = owners.get(&tp);
                Some(GroupPartitionRow {
                    lag: committed.map(|c| hw.0 - c.0),
                    current_offset: committed,
                    log_end_offset: hw,
                    consumer: m.map(|m| m.consumer),
                    member_id: m.map(|m| m.member_id.clone()),
                    client_id: m.map(|m| m.client_id.clone()),
                    topic: tp.topic.to_string(),
                    partition: tp.partition,
                })
            })
            .collect()
    }

    /// The group's total lag over partitions with a committed offset.
    pub fn group_lag(&self, group_id: &str) -> i64 {
        self.describe_group(group_id).iter().filter_map(|r| r.lag).sum()
    }

    // ------------------------------------------------------------------ commands

    pub(crate) fn add_consumer(&mut self, config: ConsumerConfig) -> Result<ConsumerId, CommandError> {
        config.validate().map_err(|m| CommandError::new(CommandErrorKind::InvalidConfig, m))?;
        for t in &config.topics {
            if !self.topics.contains_key(t) {
                return Err(CommandError::new(
                    CommandErrorKind::UnknownTopicOrPartition,
                    format!("topic '{t}' does not exist: create it before subscribing"),
                ));
            }
            if t == OFFSETS_TOPIC {
                return Err(CommandError::new(
                    CommandErrorKind::InvalidRequest,
                    "the sandbox does not let consumers read __consumer_offsets",
                ));
            }
        }
        if self.consumers.values().filter(|c| c.alive()).count() >= CONSUMERS_MAX {
            return Err(CommandError::new(CommandErrorKind::LimitExceeded, format!("the sandbox runs at most {CONSUMERS_MAX} consumers")));
        }
        let in_use = self
            .consumers
            .values()
            .find(|c| c.alive() && c.config.group_id == config.group_id)
            .map(|c| c.config.assignor)
            .or_else(|| self.groups.get(&config.group_id).filter(|g| !g.members.is_empty()).map(|g| g.assignor));
        let protocol_in_use = self
            .consumers
            .values()
            .find(|c| c.alive() && c.config.group_id == config.group_id)
            .map(|c| (c.config.group_protocol, c.config.remote_assignor));
        if let Some((protocol, remote)) = protocol_in_use {
            if protocol != config.group_protocol || (protocol == GroupProtocol::Consumer && remote != config.remote_assignor) {
                return Err(CommandError::new(
                    CommandErrorKind::InconsistentGroupProtocol,
                    format!(
                        "group {} already runs the {:?} protocol with other settings; the sandbox does not mix protocols in a group",
                        config.group_id, protocol
                    ),
                ));
            }
        }
        let in_use = if config.group_protocol == GroupProtocol::Consumer { None } else { in_use };
        if let Some(assignor) = in_use {
            if assignor != config.assignor {
                return Err(CommandError::new(
                    CommandErrorKind::InconsistentGroupProtocol,
                    format!(
                        "group {} uses the {} assignor; a member with only {} has no protocol in common with it",
                        config.group_id, assignor, config.assignor
                    ),
                ));
            }
        }
        if !self.groups.contains_key(&config.group_id) && self.groups.len() >= GROUPS_MAX {
            return Err(CommandError::new(CommandErrorKind::LimitExceeded, format!("the sandbox holds at most {GROUPS_MAX} groups")));
        }
        if let Err(e) = self.ensure_offsets_topic() {
            // The consumer starts all the same; its FindCoordinator keeps failing.
            self.emit(EventKind::OffsetsTopicUnavailable {
                replication_factor: self.config.offsets_topic_replication_factor,
                brokers: self.brokers.len() as u32,
                error: e.kind,
            });
        }
        // Finished consumers beyond a bound are forgotten (their group membership is long gone).
        while self.consumers.len() >= 4 * CONSUMERS_MAX {
            let Some(old) = self.consumers.values().find(|c| !c.alive()).map(|c| c.id) else { break };
            self.consumers.remove(&old);
        }
        let id = ConsumerId(self.next_consumer);
        self.next_consumer += 1;
        let now = self.now;
        let partitions = self.offsets_partitions();
        let group_id = config.group_id.clone();
        let assignor = config.assignor;
        let (protocol, server_assignor) = (config.group_protocol, config.remote_assignor);
        let g = self
            .groups
            .entry(group_id.clone())
            .or_insert_with(|| ConsumerGroup::new(&group_id, assignor, offsets_partition_for(&group_id, partitions), now));
        if g.members.is_empty() {
            g.assignor = assignor;
            g.protocol = protocol;
            g.server_assignor = server_assignor;
        }
        // The group's broker-side assignor, set by its first member, is the one that assigns.
        let group_server_assignor = g.server_assignor;
        let topics = config.topics.clone();
        self.consumers.insert(id, Consumer::new(id, config, now));
        // With the consumer protocol the broker's assignor assigns; the client's is unused.
        let server_assignor = (protocol == GroupProtocol::Consumer).then_some(group_server_assignor);
        self.emit(EventKind::ConsumerStarted { consumer: id, group: group_id.clone(), topics, assignor, protocol, server_assignor });
        self.update_coordinator(&group_id);
        Ok(id)
    }

    fn consumer_mut(&mut self, id: ConsumerId) -> Result<&mut Consumer, CommandError> {
        match self.consumers.get_mut(&id) {
            Some(c) if c.alive() => Ok(c),
            Some(_) => Err(CommandError::new(CommandErrorKind::InvalidState, format!("{id} is not running"))),
            None => Err(CommandError::new(CommandErrorKind::UnknownConsumer, format!("there is no {id}"))),
        }
    }

    /// `consumer.close()`: commits (auto-commit on), leaves the group at once.
    pub(crate) fn close_consumer(&mut self, id: ConsumerId) -> Result<(), CommandError> {
        let c = self.consumer_mut(id)?;
        let auto = c.config.enable_auto_commit;
        if auto && c.phase == JoinPhase::Stable {
            self.send_commit(id);
        }
        self.leave_group(id, GroupLeaveReason::Closed);
        if let Some(c) = self.consumers.get_mut(&id) {
            c.state = ClientState::Closed;
        }
        self.release_owned(id);
        self.emit(EventKind::ConsumerStopped { consumer: id, state: ClientState::Closed });
        Ok(())
    }

    /// The process dies: no LeaveGroup, no commit. The group notices after `session.timeout.ms`.
    pub(crate) fn crash_consumer(&mut self, id: ConsumerId) -> Result<(), CommandError> {
        self.consumer_mut(id)?.state = ClientState::Crashed;
        self.emit(EventKind::ConsumerStopped { consumer: id, state: ClientState::Crashed });
        Ok(())
    }

    /// Pauses or resumes the application's poll loop (the heartbeat thread keeps running).
    pub(crate) fn set_consumer_polling(&mut self, id: ConsumerId, polling: bool) -> Result<(), CommandError> {
        self.consumer_mut(id)?.paused = !polling;
        Ok(())
    }

    /// Sets the application's processing time per record (a slow consumer).
    pub(crate) fn set_consumer_processing(&mut self, id: ConsumerId, ms_per_record: u64) -> Result<(), CommandError> {
        if ms_per_record > crate::consumer::PROCESSING_MS_PER_RECORD_MAX {
            return Err(CommandError::new(CommandErrorKind::InvalidConfig, "processing time must be at most 60000 ms per record"));
        }
        self.consumer_mut(id)?.config.processing_ms_per_record = ms_per_record;
        Ok(())
    }

    // ------------------------------------------------------------------ offsets topic

    fn offsets_partitions(&self) -> u32 {
        self.topics.get(OFFSETS_TOPIC).map_or(self.config.offsets_topic_num_partitions, |t| t.partitions.len() as u32)
    }

    /// Created on the first FindCoordinator, as Kafka does: `offsets.topic.num.partitions`
    /// partitions, `offsets.topic.replication.factor` replicas, compacted. KRaft never lowers
    /// the replication factor to fit: with fewer registered brokers the controller refuses
    /// (INVALID_REPLICATION_FACTOR), FindCoordinator answers COORDINATOR_NOT_AVAILABLE
    /// (`KafkaApis.getCoordinator`, `AutoTopicCreationManager`) and asks again on every call, so
    /// no group can form until enough brokers are registered.
    pub(super) fn ensure_offsets_topic(&mut self) -> Result<(), CommandError> {
        if self.topics.contains_key(OFFSETS_TOPIC) {
            return Ok(());
        }
        let rf = self.config.offsets_topic_replication_factor;
        let config = TopicConfig { cleanup_policy: CleanupPolicy::Compact, segment_bytes: 16_384, ..TopicConfig::default() };
        self.create_topic_unchecked(OFFSETS_TOPIC, self.config.offsets_topic_num_partitions, rf, config)
    }

    /// Committed offsets of `group` in the log of its offsets partition's leader, up to the HW
    /// (the coordinator's load when it takes the partition over).
    fn load_offsets(&self, group: &str, partition: u32) -> BTreeMap<TopicPartition, Offset> {
        let mut out = BTreeMap::new();
        let Some(p) = self.topics.get(OFFSETS_TOPIC).and_then(|t| t.partitions.get(partition as usize)) else { return out };
        let Some(log) = p.leader_log() else { return out };
        let hw = log.high_watermark();
        for r in log.tail(log.len()) {
            if r.offset >= hw {
                break;
            }
            let get =
                |k: &str| r.headers.iter().find(|h| h.key == k).and_then(|h| h.value.as_deref()).and_then(|v| std::str::from_utf8(v).ok());
            if get("group") != Some(group) {
                continue;
            }
            let (Some(topic), Some(part)) = (get("topic"), get("partition").and_then(|p| p.parse::<u32>().ok())) else { continue };
            let value = r.value.as_deref().and_then(|v| std::str::from_utf8(v).ok()).and_then(|v| v.parse::<i64>().ok());
            let tp = TopicPartition::new(topic, part);
            match value {
                Some(o) => {
                    out.insert(tp, Offset(o));
                }
                None => {
                    out.remove(&tp);
                }
            }
        }
        out
    }

    // ------------------------------------------------------------------ time

    // Kept out of `step` so that the hot replication loop's inlining is unaffected.
    #[inline(never)]
    pub(super) fn step_groups(&mut self) {
        if self.groups.is_empty() {
            return;
        }
        if !self.topics.contains_key(OFFSETS_TOPIC) && self.consumers.values().any(|c| c.alive()) {
            // Every FindCoordinator asks for the topic again.
            let _ = self.ensure_offsets_topic();
        }
        let groups: Vec<String> = self.groups.keys().cloned().collect();
        for g in &groups {
            self.update_coordinator(g);
            self.complete_commits(g);
            if self.groups.get(g).is_some_and(|g| g.protocol == GroupProtocol::Consumer) {
                self.expire_members_848(g);
            } else {
                self.expire_members(g);
            }
        }
        let consumers: Vec<ConsumerId> = self.consumers.values().filter(|c| c.alive()).map(|c| c.id).collect();
        for c in consumers {
            self.step_consumer(c);
        }
        for g in &groups {
            self.maybe_complete_join(g);
            self.maybe_sync(g);
        }
    }

    /// Partition counts of the topics the members subscribe to (the assignor's metadata).
    pub(super) fn subscribed_partition_counts(&self, members: &[Member]) -> BTreeMap<String, u32> {
        crate::btree::btree_map(
            members
                .iter()
                .flat_map(|m| m.topics.iter())
                .filter_map(|t| self.topics.get(t).map(|topic| (t.clone(), topic.partitions.len() as u32))),
        )
    }

    pub(super) fn coordinator_of(&self, group: &str) -> Option<crate::ids::BrokerId> {
        let p = self.groups.get(group)?.offsets_partition;
        let leader = self.topics.get(OFFSETS_TOPIC)?.partitions.get(p as usize)?.leader?;
        self.running(leader).then_some(leader)
    }

    fn update_coordinator(&mut self, group: &str) {
        let now = self.now;
        let found = self.coordinator_of(group);
        let Some(g) = self.groups.get(group) else { return };
        if g.coordinator == found {
            return;
        }
        // Only a new coordinator reads the log (the load scans the whole offsets partition).
        let loaded = found.map(|_| self.load_offsets(group, g.offsets_partition));
        let Some(g) = self.groups.get_mut(group) else { return };
        g.coordinator = found;
        let failed: Vec<ConsumerId> = g.pending_commits.drain(..).map(|p| p.consumer).collect();
        if let Some(committed) = loaded {
            g.committed = committed;
            // Loading gives every member a fresh session, as a new coordinator schedules expiry anew.
            for m in &mut g.members {
                m.last_heartbeat_ms = now;
            }
            if g.state == GroupState::PreparingRebalance {
                g.rebalance_deadline_ms = TimeMs(now.0 + g.rebalance_timeout_ms());
            }
        }
        let partition = TopicPartition::new(OFFSETS_TOPIC, g.offsets_partition);
        for c in failed {
            self.commit_done(c, Err("NOT_COORDINATOR"));
        }
        self.emit(EventKind::CoordinatorChanged { group: group.to_string(), broker: found, partition });
    }

    /// OffsetCommits whose records reached the HW succeed; a leader change or a timeout fails them.
    fn complete_commits(&mut self, group: &str) {
        let now = self.now;
        let Some(g) = self.groups.get(group) else { return };
        if g.pending_commits.is_empty() {
            return;
        }
        let Some(p) = self.topics.get(OFFSETS_TOPIC).and_then(|t| t.partitions.get(g.offsets_partition as usize)) else { return };
        let (leader, epoch, hw) = (p.leader, p.leader_epoch, p.leader_log().map(|l| l.high_watermark()));
        let mut done = Vec::new();
        let Some(g) = self.groups.get_mut(group) else { return };
        // `retain_mut` moves each finished commit's offsets out instead of cloning them (a
        // clone of 50 partitions' offsets is a large allocation: 8% of a full-speed step).
        g.pending_commits.retain_mut(|c| {
            let outcome = if leader != Some(c.leader) || epoch != c.leader_epoch {
                Some(Err("NOT_COORDINATOR"))
            } else if hw.is_some_and(|hw| hw >= c.required_offset) {
                Some(Ok(()))
            } else if now.0 >= c.created_ms.0 + OFFSETS_COMMIT_TIMEOUT_MS {
                Some(Err("REQUEST_TIMED_OUT"))
            } else {
                None
            };
            match outcome {
                Some(o) => {
                    done.push((c.consumer, std::mem::take(&mut c.offsets), o));
                    false
                }
                None => true,
            }
        });
        for (consumer, offsets, outcome) in done {
            if outcome.is_ok() {
                if let Some(g) = self.groups.get_mut(group) {
                    for (tp, o) in offsets {
                        g.committed.insert(tp, o);
                    }
                }
            }
            self.commit_done(consumer, outcome);
        }
    }

    fn commit_done(&mut self, consumer: ConsumerId, outcome: Result<(), &'static str>) {
        let Some(c) = self.consumers.get_mut(&consumer) else { return };
        c.commit_in_flight = false;
        match outcome {
            Ok(()) => c.commit_due = false,
            Err(error) => {
                let group = c.config.group_id.clone();
                if matches!(error, "NOT_COORDINATOR" | "COORDINATOR_NOT_AVAILABLE") {
                    c.coordinator = None;
                }
                if matches!(error, "ILLEGAL_GENERATION" | "UNKNOWN_MEMBER_ID") {
                    c.rejoin_needed = true;
                }
                if c.alive() {
                    self.emit(EventKind::CommitFailed { group, consumer, error: error.to_string() });
                }
            }
        }
    }

    /// OffsetCommit of the consumer's positions (`commitAsync`/`commitSync` of `allConsumed()`).
    /// The coordinator validates member and generation (`ClassicGroup.validateOffsetCommit`) and
    /// appends one record per partition to the group's offsets partition.
    pub(super) fn send_commit(&mut self, consumer: ConsumerId) {
        let Some(c) = self.consumers.get(&consumer) else { return };
        let offsets = c.consumed_offsets();
        let group = c.config.group_id.clone();
        let (member, generation) = (c.member_id.clone(), c.generation);
        if offsets.is_empty() || c.commit_in_flight {
            if let Some(c) = self.consumers.get_mut(&consumer) {
                c.commit_due = false;
            }
            return;
        }
        let coordinator = self.coordinator_of(&group);
        let Some(g) = self.groups.get(&group) else { return };
        let valid = match g.state {
            _ if coordinator.is_none() => Err("COORDINATOR_NOT_AVAILABLE"),
            GroupState::Dead => Err("COORDINATOR_NOT_AVAILABLE"),
            GroupState::Empty => Err("UNKNOWN_MEMBER_ID"),
            GroupState::CompletingRebalance => Err("REBALANCE_IN_PROGRESS"),
            // Consumer protocol: the commit's member epoch must be the member's.
            GroupState::Assigning | GroupState::Reconciling => match member.as_deref().and_then(|m| g.member(m)) {
                None => Err("UNKNOWN_MEMBER_ID"),
                Some(m) if generation != m.member_epoch => Err("STALE_MEMBER_EPOCH"),
                Some(_) => Ok(()),
            },
            GroupState::Stable if g.protocol == GroupProtocol::Consumer => match member.as_deref().and_then(|m| g.member(m)) {
                None => Err("UNKNOWN_MEMBER_ID"),
                Some(m) if generation != m.member_epoch => Err("STALE_MEMBER_EPOCH"),
                Some(_) => Ok(()),
            },
            GroupState::PreparingRebalance | GroupState::Stable => match member.as_deref().and_then(|m| g.member(m)) {
                None => Err("UNKNOWN_MEMBER_ID"),
                Some(_) if generation != g.generation => Err("ILLEGAL_GENERATION"),
                Some(_) => Ok(()),
            },
        };
        if let Err(e) = valid {
            if let Some(c) = self.consumers.get_mut(&consumer) {
                c.commit_in_flight = true;
            }
            self.commit_done(consumer, Err(e));
            return;
        }
        let partition = g.offsets_partition;
        let now = self.now;
        let lag_max_ms = self.config.replica_lag_time_max_ms;
        let brokers = &self.brokers;
        let eligible = |b: crate::ids::BrokerId| brokers.get(&b).is_some_and(|x| x.isr_eligible());
        let rule = crate::partition::HwRule { now, lag_max_ms, isr_eligible: &eligible };
        let Some(t) = self.topics.get_mut(OFFSETS_TOPIC) else { return };
        let segment_bytes = t.config.segment_bytes;
        let min_isr = t.min_isr_effective();
        let Some(p) = t.partitions.get_mut(partition as usize) else { return };
        let (Some(leader), epoch) = (p.leader, p.leader_epoch) else { return };
        let Some(log) = p.logs.get_mut(&leader) else { return };
        for (tp, o) in &offsets {
            let key = commit_key(&group, tp);
            let value = o.0.to_string().into_bytes();
            let headers = vec![header("group", &group), header("topic", &tp.topic), header("partition", &tp.partition.to_string())];
            let size = record_size_bytes(Some(&key), Some(&value), &headers);
            let offset = log.log_end_offset();
            log.append(
                Arc::new(Record {
                    offset,
                    leader_epoch: epoch,
                    timestamp_ms: now,
                    key: Some(key.into()),
                    value: Some(value.into()),
                    headers,
                    record_id: self.next_record_id,
                    size_bytes: size,
                }),
                segment_bytes,
            );
            self.next_record_id += 1;
        }
        let required = log.log_end_offset();
        p.maybe_increment_hw(min_isr, &rule);
        if let Some(g) = self.groups.get_mut(&group) {
            g.pending_commits.push(PendingCommit {
                consumer,
                offsets,
                required_offset: required,
                leader,
                leader_epoch: epoch,
                created_ms: now,
            });
        }
        if let Some(c) = self.consumers.get_mut(&consumer) {
            c.commit_in_flight = true;
        }
        self.complete_commits(&group);
    }

    /// Members silent for `session.timeout.ms` are removed; so are members that did not rejoin
    /// a rebalance within its timeout.
    fn expire_members(&mut self, group: &str) {
        let now = self.now;
        let Some(g) = self.groups.get(group) else { return };
        if g.coordinator.is_none() {
            return;
        }
        let expired: Vec<(String, GroupLeaveReason)> = g
            .members
            .iter()
            .filter_map(|m| {
                if now.0 > m.last_heartbeat_ms.0 + m.session_timeout_ms {
                    Some((m.member_id.clone(), GroupLeaveReason::SessionTimeout { timeout_ms: m.session_timeout_ms }))
                } else if g.state == GroupState::PreparingRebalance && !m.joined && now >= g.rebalance_deadline_ms {
                    Some((m.member_id.clone(), GroupLeaveReason::RebalanceTimeout { timeout_ms: m.rebalance_timeout_ms }))
                } else {
                    None
                }
            })
            .collect();
        for (member, reason) in expired {
            self.remove_member(group, &member, reason);
        }
    }

    fn remove_member(&mut self, group: &str, member_id: &str, reason: GroupLeaveReason) {
        let now = self.now;
        let Some(g) = self.groups.get_mut(group) else { return };
        let Some(i) = g.members.iter().position(|m| m.member_id == member_id) else { return };
        let m = g.members.remove(i);
        for tp in &m.assignment {
            g.unowned_since.entry(tp.clone()).or_insert(now);
        }
        if g.leader.as_deref() == Some(member_id) {
            g.leader = g.members.first().map(|m| m.member_id.clone());
        }
        let state = g.state;
        self.emit(EventKind::MemberRemoved { group: group.to_string(), consumer: m.consumer, member: m.member_id.clone(), reason });
        match state {
            GroupState::Stable | GroupState::CompletingRebalance => {
                let why = format!("{} left", m.consumer);
                self.prepare_rebalance(group, why);
            }
            _ => {}
        }
    }

    fn prepare_rebalance(&mut self, group: &str, reason: String) {
        let now = self.now;
        let delay = self.config.group_initial_rebalance_delay_ms;
        let Some(g) = self.groups.get_mut(group) else { return };
        let was_empty = g.state == GroupState::Empty;
        g.state = GroupState::PreparingRebalance;
        g.rebalance_started_ms = now;
        g.rebalance_deadline_ms = TimeMs(now.0 + g.rebalance_timeout_ms());
        g.initial_delay_until_ms = was_empty.then_some(TimeMs(now.0 + delay));
        for m in &mut g.members {
            m.joined = false;
        }
        g.rebalances += 1;
        let generation = g.generation;
        self.emit(EventKind::RebalanceStarted { group: group.to_string(), generation, reason });
    }

    /// JoinGroup from `consumer` (KIP-394's MEMBER_ID_REQUIRED round trip folded in: a new
    /// member gets its id and is counted as joined).
    fn join_group(&mut self, consumer: ConsumerId) {
        let now = self.now;
        let delay = self.config.group_initial_rebalance_delay_ms;
        let Some(c) = self.consumers.get(&consumer) else { return };
        let group = c.config.group_id.clone();
        let member_id = match &c.member_id {
            Some(m) => m.clone(),
            None => format!("{}-{:08x}", c.client_id, self.rng.below(1 << 32)),
        };
        let (topics, session, rebalance, client_id) =
            (c.config.topics.clone(), c.config.session_timeout_ms, c.config.max_poll_interval_ms, c.client_id.clone());
        let Some(g) = self.groups.get_mut(&group) else { return };
        let new_member = g.member(&member_id).is_none();
        if new_member {
            g.members.push(Member {
                member_id: member_id.clone(),
                consumer,
                client_id,
                topics,
                session_timeout_ms: session,
                rebalance_timeout_ms: rebalance,
                last_heartbeat_ms: now,
                joined: true,
                assignment: Vec::new(),
                member_epoch: 0,
                member_state: Default::default(),
                pending_revocation: Vec::new(),
            });
            if g.leader.is_none() {
                g.leader = Some(member_id.clone());
            }
        }
        if let Some(m) = g.member_mut(&member_id) {
            m.joined = true;
            m.last_heartbeat_ms = now;
        }
        let state = g.state;
        if let Some(c) = self.consumers.get_mut(&consumer) {
            c.member_id = Some(member_id.clone());
            c.phase = JoinPhase::Joining;
            c.rejoin_needed = false;
        }
        if new_member {
            self.emit(EventKind::MemberJoined { group: group.clone(), consumer, member: member_id.clone() });
        }
        match state {
            GroupState::Empty | GroupState::Stable | GroupState::CompletingRebalance => {
                let why = if new_member { format!("{consumer} joined") } else { format!("{consumer} rejoined") };
                self.prepare_rebalance(&group, why);
                if let Some(m) = self.groups.get_mut(&group).and_then(|g| g.member_mut(&member_id)) {
                    m.joined = true;
                }
            }
            GroupState::PreparingRebalance => {
                // InitialDelayedJoin: each new member of a fresh group extends the wait.
                if let Some(g) = self.groups.get_mut(&group) {
                    if new_member {
                        if let Some(until) = g.initial_delay_until_ms {
                            let cap = g.rebalance_started_ms.0 + g.rebalance_timeout_ms();
                            g.initial_delay_until_ms = Some(TimeMs((until.0.max(now.0 + delay)).min(cap)));
                        }
                    }
                }
            }
            // Consumer-protocol states never reach the classic JoinGroup.
            GroupState::Dead | GroupState::Assigning | GroupState::Reconciling => {}
        }
    }

    /// LeaveGroup (close, or the heartbeat thread after `max.poll.interval.ms`).
    fn leave_group(&mut self, consumer: ConsumerId, reason: GroupLeaveReason) {
        let Some(c) = self.consumers.get_mut(&consumer) else { return };
        let group = c.config.group_id.clone();
        let member = c.member_id.clone();
        c.phase = JoinPhase::Unjoined;
        c.generation = -1;
        if self.coordinator_of(&group).is_none() {
            return;
        }
        if let Some(m) = member {
            if self.groups.get(&group).is_some_and(|g| g.protocol == GroupProtocol::Consumer) {
                if let Some(c) = self.consumers.get_mut(&consumer) {
                    c.member_id = None;
                }
                self.remove_member_848(&group, &m, reason);
            } else {
                self.remove_member(&group, &m, reason);
            }
        }
    }

    /// The consumer gives up its partitions (revoked or lost): they have no owner from now.
    pub(super) fn release_owned(&mut self, consumer: ConsumerId) {
        let now = self.now;
        let Some(c) = self.consumers.get_mut(&consumer) else { return };
        let owned = std::mem::take(&mut c.owned);
        c.positions.clear();
        let group = c.config.group_id.clone();
        if let Some(g) = self.groups.get_mut(&group) {
            for tp in owned {
                g.unowned_since.entry(tp).or_insert(now);
            }
        }
    }

    fn maybe_complete_join(&mut self, group: &str) {
        let now = self.now;
        let Some(g) = self.groups.get(group) else { return };
        if g.state != GroupState::PreparingRebalance || g.coordinator.is_none() {
            return;
        }
        let all_joined = g.members.iter().all(|m| m.joined);
        let delay_over = g.initial_delay_until_ms.is_none_or(|t| now >= t);
        if !(all_joined && delay_over) && now < g.rebalance_deadline_ms {
            return;
        }
        let stragglers: Vec<(String, u64)> =
            g.members.iter().filter(|m| !m.joined).map(|m| (m.member_id.clone(), m.rebalance_timeout_ms)).collect();
        for (m, timeout_ms) in stragglers {
            self.remove_member(group, &m, GroupLeaveReason::RebalanceTimeout { timeout_ms });
        }
        let Some(g) = self.groups.get_mut(group) else { return };
        g.generation += 1;
        g.initial_delay_until_ms = None;
        if g.members.is_empty() {
            g.state = GroupState::Empty;
            g.leader = None;
            let generation = g.generation;
            self.emit(EventKind::GroupEmpty { group: group.to_string(), generation });
            return;
        }
        g.state = GroupState::CompletingRebalance;
        if g.leader.as_deref().is_none_or(|l| g.member(l).is_none()) {
            g.leader = g.members.first().map(|m| m.member_id.clone());
        }
        // JoinGroup responses: every joined client learns the new generation.
        let generation = g.generation;
        let members: Vec<ConsumerId> = g.members.iter().map(|m| m.consumer).collect();
        for c in members {
            if let Some(c) = self.consumers.get_mut(&c) {
                if c.alive() && c.phase == JoinPhase::Joining {
                    c.generation = generation;
                }
            }
        }
    }

    /// SyncGroup: the leader (if its process is alive) runs the assignor on the members'
    /// subscriptions and sends the result; everyone gets their share and the group is Stable.
    fn maybe_sync(&mut self, group: &str) {
        let now = self.now;
        let Some(g) = self.groups.get(group) else { return };
        if g.state != GroupState::CompletingRebalance {
            return;
        }
        let Some(leader) = g.leader.as_deref().and_then(|l| g.member(l)) else { return };
        if !self.consumers.get(&leader.consumer).is_some_and(|c| c.alive()) {
            return;
        }
        let assignor = g.assignor;
        let partitions_per_topic = self.subscribed_partition_counts(&g.members);
        let subs: Vec<Subscription> = g
            .members
            .iter()
            .map(|m| {
                let c = self.consumers.get(&m.consumer);
                let (owned, generation) = match (assignor, c) {
                    (AssignorName::CooperativeSticky, Some(c)) => (c.owned.clone(), Some(c.last_assignment_generation)),
                    (AssignorName::Sticky, Some(c)) => (c.last_assignment.clone(), Some(c.last_assignment_generation)),
                    _ => (Vec::new(), None),
                };
                Subscription { member: m.member_id.clone(), topics: m.topics.clone(), owned, generation }
            })
            .collect();
        let mut outcome = assign(assignor, &partitions_per_topic, &subs);
        for parts in outcome.assignment.values_mut() {
            self.share_topic_names(parts);
        }
        let leader_consumer = leader.consumer;
        let generation = g.generation;
        let started = g.rebalance_started_ms;
        let Some(g) = self.groups.get_mut(group) else { return };
        g.state = GroupState::Stable;
        for m in &mut g.members {
            m.assignment = outcome.assignment.get(&m.member_id).cloned().unwrap_or_default();
            m.last_heartbeat_ms = now;
        }
        let shares: Vec<(ConsumerId, Vec<TopicPartition>)> = g.members.iter().map(|m| (m.consumer, m.assignment.clone())).collect();
        let mut paused_ms = 0u64;
        let mut revoked_all = Vec::new();
        for (c, share) in &shares {
            let (revoked, waited) = self.apply_assignment(*c, share, generation, assignor.is_cooperative());
            paused_ms = paused_ms.max(waited);
            if !revoked.is_empty() {
                revoked_all.push((*c, revoked));
            }
        }
        let withheld: Vec<TopicPartition> = outcome.withheld.into_iter().map(|(tp, _)| tp).collect();
        self.emit(EventKind::RebalanceCompleted {
            group: group.to_string(),
            generation,
            leader: leader_consumer,
            assignor,
            assignment: shares,
            revoked: revoked_all,
            withheld,
            duration_ms: now.0 - started.0,
            paused_ms,
        });
    }

    /// The SyncGroup response reaches the client. Eager clients own nothing at this point and
    /// take their share; cooperative ones keep what stays, revoke what goes (and rejoin), add
    /// what is new. Returns the revoked partitions and the longest pause of the added ones.
    fn apply_assignment(
        &mut self,
        consumer: ConsumerId,
        share: &[TopicPartition],
        generation: i32,
        cooperative: bool,
    ) -> (Vec<TopicPartition>, u64) {
        let now = self.now;
        let Some(c) = self.consumers.get_mut(&consumer) else { return (Vec::new(), 0) };
        if !c.alive() || c.phase != JoinPhase::Joining {
            return (Vec::new(), 0);
        }
        let revoked: Vec<TopicPartition> =
            if cooperative { c.owned.iter().filter(|tp| !share.contains(tp)).cloned().collect() } else { Vec::new() };
        let added: Vec<TopicPartition> = share.iter().filter(|tp| !c.owned.contains(tp)).cloned().collect();
        c.owned.retain(|tp| share.contains(tp));
        c.positions.retain(|tp, _| share.contains(tp));
        c.owned.extend(added.iter().cloned());
        c.owned.sort();
        c.generation = generation;
        c.last_assignment = share.to_vec();
        c.last_assignment_generation = generation;
        c.phase = JoinPhase::Stable;
        c.next_heartbeat_ms = TimeMs(now.0 + c.config.heartbeat_interval_ms);
        if !revoked.is_empty() {
            // KIP-429: revoke, then rejoin so the partitions can go to their new owner.
            c.rejoin_needed = true;
        }
        let group = c.config.group_id.clone();
        let mut waited = 0;
        if let Some(g) = self.groups.get_mut(&group) {
            for tp in &revoked {
                g.unowned_since.entry(tp.clone()).or_insert(now);
            }
            for tp in &added {
                if let Some(since) = g.unowned_since.remove(tp) {
                    waited = waited.max(now.0 - since.0);
                }
            }
        }
        (revoked, waited)
    }

    fn step_consumer(&mut self, id: ConsumerId) {
        let now = self.now;
        let Some(c) = self.consumers.get(&id) else { return };
        if c.config.group_protocol == GroupProtocol::Consumer {
            self.step_consumer_848(id);
            return;
        }
        let group = c.config.group_id.clone();
        // FindCoordinator.
        let coordinator = self.coordinator_of(&group);
        if c.coordinator != coordinator {
            if let Some(c) = self.consumers.get_mut(&id) {
                c.coordinator = coordinator;
            }
        }
        self.heartbeat(id);
        let Some(c) = self.consumers.get(&id) else { return };
        if !c.alive() {
            return;
        }
        // The heartbeat thread leaves the group when the application stops polling.
        if matches!(c.phase, JoinPhase::Stable | JoinPhase::Joining)
            && now.0 > c.last_poll_ms.0 + c.config.max_poll_interval_ms
            && coordinator.is_some()
        {
            let timeout_ms = c.config.max_poll_interval_ms;
            self.leave_group(id, GroupLeaveReason::MaxPollInterval { timeout_ms });
            return;
        }
        if c.paused {
            return;
        }
        if let Some(b) = &c.batch {
            if now < b.done_ms {
                return; // still processing the last poll's records
            }
        }
        self.poll(id);
    }

    /// The background heartbeat: keeps the session alive and learns about rebalances.
    fn heartbeat(&mut self, id: ConsumerId) {
        let now = self.now;
        let Some(c) = self.consumers.get(&id) else { return };
        if c.phase != JoinPhase::Stable || now < c.next_heartbeat_ms || c.coordinator.is_none() {
            return;
        }
        let (group, member, generation) = (c.config.group_id.clone(), c.member_id.clone(), c.generation);
        let interval = c.config.heartbeat_interval_ms;
        let Some(g) = self.groups.get_mut(&group) else { return };
        let state = g.state;
        let g_generation = g.generation;
        let known = member.as_deref().and_then(|m| g.member_mut(m));
        let result = match known {
            None => Err("UNKNOWN_MEMBER_ID"),
            Some(m) => {
                m.last_heartbeat_ms = now;
                match state {
                    GroupState::PreparingRebalance => Err("REBALANCE_IN_PROGRESS"),
                    _ if generation != g_generation => Err("ILLEGAL_GENERATION"),
                    _ => Ok(()),
                }
            }
        };
        let Some(c) = self.consumers.get_mut(&id) else { return };
        c.next_heartbeat_ms = TimeMs(now.0 + interval);
        match result {
            Ok(()) => {}
            Err("REBALANCE_IN_PROGRESS") => c.rejoin_needed = true,
            Err(_) => {
                // The coordinator no longer knows this member: its partitions are lost.
                c.phase = JoinPhase::Unjoined;
                c.member_id = None;
                c.generation = -1;
                self.release_owned(id);
            }
        }
    }

    /// One `poll()`: rejoin if needed, auto-commit when due, then fetch up to max.poll.records.
    pub(super) fn poll(&mut self, id: ConsumerId) {
        let now = self.now;
        let Some(c) = self.consumers.get_mut(&id) else { return };
        c.last_poll_ms = now;
        if c.batch.take().is_some() && !c.config.enable_auto_commit {
            c.commit_due = true;
        }
        if c.commit_due && !c.commit_in_flight {
            // commitSync() after processing (manual commits); poll continues once it is answered.
            self.send_commit(id);
        }
        let Some(c) = self.consumers.get(&id) else { return };
        if c.commit_due && c.commit_in_flight {
            return;
        }
        if c.coordinator.is_none() {
            return;
        }
        match c.phase {
            JoinPhase::Joining => return,
            JoinPhase::Unjoined | JoinPhase::CommittingBeforeJoin => {
                self.prepare_join(id);
                return;
            }
            JoinPhase::Stable if c.rejoin_needed => {
                self.prepare_join(id);
                return;
            }
            JoinPhase::Stable => {}
        }
        if c.config.enable_auto_commit && now >= c.next_auto_commit_ms {
            let interval = c.config.auto_commit_interval_ms;
            if let Some(c) = self.consumers.get_mut(&id) {
                c.next_auto_commit_ms = TimeMs(now.0 + interval);
            }
            self.send_commit(id);
        }
        self.fetch(id);
    }

    /// `onJoinPrepare`: with auto-commit, commit first (waiting for the answer, retrying
    /// retriable errors); eager assignors then revoke everything; then JoinGroup.
    fn prepare_join(&mut self, id: ConsumerId) {
        let Some(c) = self.consumers.get(&id) else { return };
        let stable_member = c.member_id.is_some() && c.generation >= 0;
        if c.config.enable_auto_commit && stable_member && !c.owned.is_empty() {
            match c.phase {
                JoinPhase::CommittingBeforeJoin if c.commit_in_flight => return,
                JoinPhase::CommittingBeforeJoin => {}
                _ => {
                    if let Some(c) = self.consumers.get_mut(&id) {
                        c.phase = JoinPhase::CommittingBeforeJoin;
                    }
                    self.send_commit(id);
                    if self.consumers.get(&id).is_some_and(|c| c.commit_in_flight) {
                        return;
                    }
                }
            }
        }
        let Some(c) = self.consumers.get(&id) else { return };
        let cooperative = c.config.assignor.is_cooperative();
        let group = c.config.group_id.clone();
        if !stable_member {
            // Generation reset (removed from the group): everything owned is lost.
            if !c.owned.is_empty() {
                let lost = c.owned.clone();
                self.release_owned(id);
                self.emit(EventKind::PartitionsRevoked {
                    group: group.clone(),
                    consumer: id,
                    partitions: lost,
                    lost: true,
                    incremental: false,
                });
            }
        } else if !cooperative && !c.owned.is_empty() {
            let revoked = c.owned.clone();
            self.release_owned(id);
            self.emit(EventKind::PartitionsRevoked {
                group: group.clone(),
                consumer: id,
                partitions: revoked,
                lost: false,
                incremental: false,
            });
        }
        self.join_group(id);
    }

    /// Hands the application up to `max.poll.records` records from owned partitions, reading
    /// each from its leader up to the high watermark; positions advance at once (as in Java).
    fn fetch(&mut self, id: ConsumerId) {
        let now = self.now;
        // Taken empty (it is cleared after each use) and put back empty.
        let mut delivered = std::mem::take(&mut self.scratch_delivered.0);
        self.fetch_into(id, now, &mut delivered);
        delivered.clear();
        self.scratch_delivered.0 = delivered;
    }

    fn fetch_into(&mut self, id: ConsumerId, now: TimeMs, delivered: &mut Vec<(TopicPartition, Offset, Offset)>) {
        let Some(c) = self.consumers.get(&id) else { return };
        let group = c.config.group_id.clone();
        let mut budget = u64::from(c.config.max_poll_records);
        let reset = c.config.auto_offset_reset;
        let owned = &c.owned;
        // Rotate the starting partition so every partition gets its turn.
        let start = if owned.is_empty() { 0 } else { (now.0 / self.config.tick_ms.max(1)) as usize % owned.len() };
        let mut resets: Vec<(TopicPartition, Offset, &'static str)> = Vec::new();
        let mut failure: Option<String> = None;
        let mut topic_cache: Option<(&Arc<str>, &crate::cluster::Topic)> = None;
        for i in 0..owned.len() {
            if budget == 0 {
                break;
            }
            let tp = &owned[(start + i) % owned.len()];
            // Owned partitions come grouped by topic: look the topic up once per run of them.
            let topic = match topic_cache {
                Some((name, t)) if Arc::ptr_eq(name, &tp.topic) || **name == *tp.topic => t,
                _ => {
                    let Some(t) = self.topics.get(&*tp.topic) else { continue };
                    topic_cache = Some((&tp.topic, t));
                    t
                }
            };
            let Some(p) = topic.partitions.get(tp.partition as usize) else { continue };
            let Some(log) = p.leader.filter(|l| self.running(*l)).and_then(|l| p.logs.get(&l)) else { continue };
            let (log_start, hw, leo) = (log.log_start_offset(), log.high_watermark(), log.log_end_offset());
            let position = match c.positions.get(tp) {
                Some(pos) if *pos < log_start || *pos > leo => {
                    // OFFSET_OUT_OF_RANGE (deleted by retention, or truncated by an unclean election).
                    match reset {
                        OffsetReset::Earliest => {
                            resets.push((tp.clone(), log_start, "out of range"));
                            log_start
                        }
                        OffsetReset::Latest => {
                            resets.push((tp.clone(), hw, "out of range"));
                            hw
                        }
                        OffsetReset::None => {
                            failure = Some(format!("OffsetOutOfRangeException: {tp} position {pos} is outside {log_start}..{leo}"));
                            break;
                        }
                    }
                }
                Some(pos) => *pos,
                None => {
                    // OffsetFetch from the coordinator, else auto.offset.reset.
                    match self.groups.get(&group).and_then(|g| g.committed.get(tp)).copied() {
                        Some(o) if o >= log_start && o <= leo => o,
                        other => match reset {
                            OffsetReset::Earliest => {
                                resets.push((tp.clone(), log_start, if other.is_some() { "out of range" } else { "no committed offset" }));
                                log_start
                            }
                            OffsetReset::Latest => {
                                resets.push((tp.clone(), hw, if other.is_some() { "out of range" } else { "no committed offset" }));
                                hw
                            }
                            OffsetReset::None => {
                                failure =
                                    Some(format!("NoOffsetForPartitionException: no committed offset for {tp} and auto.offset.reset=none"));
                                break;
                            }
                        },
                    }
                }
            };
            let until = hw.0.min(position.0 + budget as i64);
            if until > position.0 {
                // Compacted logs have gaps: count only records that exist.
                let count = log.count_between(position, Offset(until));
                budget = budget.saturating_sub(count.max(1));
                delivered.push((tp.clone(), position, Offset(until)));
            } else if !matches!(c.positions.get(tp), Some(p) if *p == position) {
                delivered.push((tp.clone(), position, position));
            }
        }
        if let Some(error) = failure {
            if let Some(c) = self.consumers.get_mut(&id) {
                c.state = ClientState::Failed;
                c.error = Some(error.clone());
            }
            self.emit(EventKind::ConsumerFailed { consumer: id, error });
            return;
        }
        for (tp, offset, why) in resets {
            if let Some(g) = self.groups.get_mut(&group) {
                // Offsets skipped by the reset policy count as handled (never delivered, by design).
                g.delivered.entry(tp.clone()).or_default().add(0, offset.0);
            }
            self.emit(EventKind::OffsetReset {
                group: group.clone(),
                consumer: id,
                partition: tp,
                offset,
                strategy: reset,
                reason: why.to_string(),
            });
        }
        let records: u64 = delivered.iter().map(|(_, from, to)| (to.0 - from.0).max(0) as u64).sum();
        let mut redelivered_events = Vec::new();
        if let Some(g) = self.groups.get_mut(&group) {
            for (tp, from, to) in delivered.iter() {
                let again = g.delivered.entry(tp.clone()).or_default().add(from.0, to.0);
                if again > 0 {
                    g.records_redelivered += again;
                    redelivered_events.push((tp.clone(), *from, Offset(from.0 + again as i64), again));
                }
            }
        }
        let Some(c) = self.consumers.get_mut(&id) else { return };
        for (tp, _, to) in delivered.iter() {
            c.positions.insert(tp.clone(), *to);
        }
        c.records_delivered += records;
        if records > 0 {
            c.batch = Some(crate::consumer::PollBatch { records, done_ms: TimeMs(now.0 + records * c.config.processing_ms_per_record) });
        }
        let mut again_total = 0;
        for (tp, from, to, n) in redelivered_events {
            again_total += n;
            self.emit(EventKind::Redelivered { group: group.clone(), consumer: id, partition: tp, from, to });
        }
        if let Some(c) = self.consumers.get_mut(&id) {
            c.records_redelivered += again_total;
        }
    }
}
