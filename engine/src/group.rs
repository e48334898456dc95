//! A consumer group as its coordinator holds it. What every group has is shared
//! ([`ConsumerGroup`]: id, offsets partition, coordinator, committed offsets, pending commits);
//! what one protocol has lives in that protocol's type, in a [`GroupProtocolState`]: the classic
//! protocol's [`ClassicGroup`] (`classic/ClassicGroup.java`) or KIP-848's
//! [`ConsumerProtocolGroup`] (`modern/consumer/ConsumerGroup.java`), each with its own state
//! enum and member type, so that no match over a group's state has arms for the other
//! protocol. What the sandbox records for teaching and for its invariants (redelivered
//! records, partitions without an owner, rebalance counts) is a [`GroupAudit`], apart from the
//! coordinator's state.

use crate::assignor::AssignorName;
use crate::consumer::{GroupProtocol, ServerAssignor};
use crate::delivery_check::DeliveryCheck;
use crate::ids::{BrokerId, ConsumerId, LeaderEpoch, Offset, TimeMs, TopicPartition};
use crate::not_state::NotState;
use crate::partition_map::PartitionMap;
use crate::vec_map::VecMap;
use serde::{Deserialize, Serialize};

/// A classic group's state (`classic/ClassicGroupState.java`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClassicGroupState {
    /// No members (offsets may still be committed).
    Empty,
    /// Waiting for every member to (re)send JoinGroup.
    PreparingRebalance,
    /// Joined; waiting for the leader's SyncGroup with the assignment.
    CompletingRebalance,
    Stable,
    Dead,
}

impl ClassicGroupState {
    /// The name `kafka-consumer-groups.sh --describe --state` prints (`ClassicGroupState.toString`).
    pub fn name(self) -> &'static str {
        match self {
            ClassicGroupState::Empty => "Empty",
            ClassicGroupState::PreparingRebalance => "PreparingRebalance",
            ClassicGroupState::CompletingRebalance => "CompletingRebalance",
            ClassicGroupState::Stable => "Stable",
            ClassicGroupState::Dead => "Dead",
        }
    }
}

/// A consumer-protocol group's state (`ConsumerGroup.ConsumerGroupState`,
/// `modern/consumer/ConsumerGroup.java`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsumerGroupState {
    Empty,
    /// The group epoch is ahead of the target assignment's.
    Assigning,
    /// Some member has not reached the target assignment yet.
    Reconciling,
    Stable,
    Dead,
}

impl ConsumerGroupState {
    /// The name `kafka-consumer-groups.sh --describe --state` prints (`ConsumerGroupState.toString`).
    pub fn name(self) -> &'static str {
        match self {
            ConsumerGroupState::Empty => "Empty",
            ConsumerGroupState::Assigning => "Assigning",
            ConsumerGroupState::Reconciling => "Reconciling",
            ConsumerGroupState::Stable => "Stable",
            ConsumerGroupState::Dead => "Dead",
        }
    }
}

/// A consumer-protocol member's reconciliation state (`modern/MemberState.java`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum MemberState {
    #[default]
    Stable,
    /// Must revoke partitions first (it keeps its current epoch until it has).
    UnrevokedPartitions,
    /// Waits for partitions another member still holds.
    UnreleasedPartitions,
}

impl MemberState {
    pub fn name(self) -> &'static str {
        match self {
            MemberState::Stable => "STABLE",
            MemberState::UnrevokedPartitions => "UNREVOKED_PARTITIONS",
            MemberState::UnreleasedPartitions => "UNRELEASED_PARTITIONS",
        }
    }
}

/// What a member has whichever the protocol (the fields `ClassicGroupMember` and
/// `ConsumerGroupMember` share).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Member {
    pub member_id: String,
    pub consumer: ConsumerId,
    pub client_id: String,
    pub topics: Vec<String>,
    pub session_timeout_ms: u64,
    pub last_heartbeat_ms: TimeMs,
    /// Classic: the share from the last SyncGroup. Consumer protocol: the assigned partitions
    /// (what the member may own now).
    pub assignment: Vec<TopicPartition>,
}

/// A member of a classic group (`classic/ClassicGroupMember.java`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClassicGroupMember {
    pub member: Member,
    /// `rebalanceTimeoutMs`: the client's `max.poll.interval.ms`.
    pub rebalance_timeout_ms: u64,
    /// Sent a JoinGroup in the current rebalance (`isAwaitingJoin` until the join completes).
    pub joined: bool,
}

/// A member of a consumer-protocol group (`modern/consumer/ConsumerGroupMember.java`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConsumerGroupMember {
    pub member: Member,
    /// `memberEpoch`: the target assignment epoch the member has reached.
    pub member_epoch: i32,
    /// `state`: where it is in its reconciliation.
    pub state: MemberState,
    /// `partitionsPendingRevocation`: assigned before, to be given up before it moves on.
    pub partitions_pending_revocation: Vec<TopicPartition>,
}

/// A classic group's own state (`classic/ClassicGroup.java`): the join/sync cycle.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClassicGroup {
    pub state: ClassicGroupState,
    /// `generationId`: bumped by each completed join.
    pub generation_id: i32,
    /// `protocolName`: the client-side assignor every member uses.
    pub protocol_name: AssignorName,
    /// `leaderId`: the member that runs the assignor.
    pub leader_id: Option<String>,
    /// Members in join order.
    pub members: Vec<ClassicGroupMember>,
    pub rebalance_started_ms: TimeMs,
    /// When PreparingRebalance gives up on members that have not rejoined.
    pub rebalance_deadline_ms: TimeMs,
    /// `group.initial.rebalance.delay.ms` (`InitialDelayedJoin`): an Empty group's first
    /// rebalance waits for more members.
    pub initial_delay_until_ms: Option<TimeMs>,
}

impl ClassicGroup {
    pub fn new(protocol_name: AssignorName, now: TimeMs) -> Self {
        ClassicGroup {
            state: ClassicGroupState::Empty,
            generation_id: 0,
            protocol_name,
            leader_id: None,
            members: Vec::new(),
            rebalance_started_ms: now,
            rebalance_deadline_ms: now,
            initial_delay_until_ms: None,
        }
    }

    pub fn member(&self, member_id: &str) -> Option<&ClassicGroupMember> {
        self.members.iter().find(|m| m.member.member_id == member_id)
    }

    pub fn member_mut(&mut self, member_id: &str) -> Option<&mut ClassicGroupMember> {
        self.members.iter_mut().find(|m| m.member.member_id == member_id)
    }

    /// The rebalance timeout: the largest of the members' `max.poll.interval.ms`.
    pub fn rebalance_timeout_ms(&self) -> u64 {
        self.members.iter().map(|m| m.rebalance_timeout_ms).max().unwrap_or(0)
    }
}

/// A consumer-protocol group's own state: Kafka's `modern/consumer/ConsumerGroup.java` (named
/// apart from the sandbox's [`ConsumerGroup`], which holds either protocol's group).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConsumerProtocolGroup {
    pub state: ConsumerGroupState,
    /// `groupEpoch`: bumped by every membership or subscription change.
    pub group_epoch: i32,
    /// The broker-side assignor (`group.remote.assignor` of the group's first member).
    pub server_assignor: ServerAssignor,
    /// `targetAssignmentEpoch`: the group epoch the target assignment was computed for.
    pub target_assignment_epoch: i32,
    /// `targetAssignment`: each member's partitions once reconciled.
    pub target_assignment: VecMap<String, Vec<TopicPartition>>,
    /// Members in join order.
    pub members: Vec<ConsumerGroupMember>,
}

impl ConsumerProtocolGroup {
    pub fn new(server_assignor: ServerAssignor) -> Self {
        ConsumerProtocolGroup {
            state: ConsumerGroupState::Empty,
            group_epoch: 0,
            server_assignor,
            target_assignment_epoch: 0,
            target_assignment: VecMap::new(),
            members: Vec::new(),
        }
    }

    pub fn member(&self, member_id: &str) -> Option<&ConsumerGroupMember> {
        self.members.iter().find(|m| m.member.member_id == member_id)
    }

    pub fn member_mut(&mut self, member_id: &str) -> Option<&mut ConsumerGroupMember> {
        self.members.iter_mut().find(|m| m.member.member_id == member_id)
    }
}

/// The protocol a group runs, with that protocol's own state (Kafka's `Group.type()`:
/// `ClassicGroup` or `ConsumerGroup`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GroupProtocolState {
    Classic(ClassicGroup),
    Consumer(ConsumerProtocolGroup),
}

/// What the sandbox records about a group for teaching and for its invariants: not the
/// coordinator's state (Kafka keeps none of it), and nothing the protocols read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct GroupAudit {
    /// Partitions without an owner since when (to report how long consumption paused).
    pub unowned_since: VecMap<TopicPartition, TimeMs>,
    /// Offsets delivered to the application, for the at-least-once invariant and duplicates.
    pub delivered: PartitionMap<Coverage>,
    pub records_redelivered: u64,
    /// Rebalances started (classic) or group epoch bumps (consumer protocol).
    pub rebalances: u64,
    /// Consumer protocol: when the group epoch last moved (how long reconciling took).
    pub epoch_bumped_ms: TimeMs,
    /// Per key, what the group's consumers received against the producers' send order. Derived
    /// from the run, hashed as nothing and not serialized (it is not Kafka's state, and the
    /// golden snapshot hash keeps meaning Kafka's state); a replay derives it again.
    #[serde(skip)]
    pub delivery: NotState<DeliveryCheck>,
    /// Per partition, offsets a member received and had not processed when it crashed, until
    /// the partition's next owner starts: before them (redelivered) or past them (skipped).
    /// Derived from the run, like `delivery`.
    #[serde(skip)]
    pub unprocessed: NotState<VecMap<TopicPartition, Vec<(Offset, Offset)>>>,
    /// Records received and never processed by anyone (at-most-once), counted in offsets.
    #[serde(skip)]
    pub records_skipped: NotState<u64>,
}

/// An OffsetCommit appended to `__consumer_offsets`, answered when the HW passes it
/// (the offsets topic is written with acks=all).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PendingCommit {
    pub consumer: ConsumerId,
    pub offsets: Vec<(TopicPartition, Offset)>,
    pub required_offset: Offset,
    pub leader: BrokerId,
    pub leader_epoch: LeaderEpoch,
    pub created_ms: TimeMs,
}

/// Offsets delivered to the group's consumers per partition, as merged `[from, to)` ranges.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Coverage {
    ranges: Vec<(i64, i64)>,
}

/// Ranges kept per partition (merging keeps it at one or two in practice).
const COVERAGE_RANGES_MAX: usize = 32;

impl Coverage {
    /// Adds `[from, to)`; returns how many of those offsets were already covered.
    pub fn add(&mut self, from: i64, to: i64) -> u64 {
        if to <= from {
            return 0;
        }
        // The common case: the next offsets after the last range (nothing below can overlap).
        if let Some(last) = self.ranges.last_mut() {
            if last.1 == from {
                last.1 = to;
                return 0;
            }
        }
        let overlap: i64 = self.ranges.iter().map(|&(a, b)| (b.min(to) - a.max(from)).max(0)).sum();
        // Sorted insert and an in-place merge: this runs for every fetch of every member, and a
        // fresh `Vec` per call was 5% of the engine's allocations at full speed.
        let at = self.ranges.partition_point(|&r| r < (from, to));
        self.ranges.insert(at, (from, to));
        let mut kept = 0;
        for i in 0..self.ranges.len() {
            let (a, b) = self.ranges[i];
            if kept > 0 && a <= self.ranges[kept - 1].1 {
                let last = &mut self.ranges[kept - 1];
                last.1 = last.1.max(b);
            } else {
                self.ranges[kept] = (a, b);
                kept += 1;
            }
        }
        self.ranges.truncate(kept);
        if self.ranges.len() > COVERAGE_RANGES_MAX {
            self.ranges.drain(..self.ranges.len() - COVERAGE_RANGES_MAX);
        }
        overlap as u64
    }

    /// Whether every offset in `[0, to)` is covered.
    pub fn covers_up_to(&self, to: i64) -> bool {
        to <= 0 || self.ranges.first().is_some_and(|&(a, b)| a <= 0 && b >= to)
    }

    pub fn ranges(&self) -> &[(i64, i64)] {
        &self.ranges
    }

    /// Whether any offset of `[from, to)` is covered.
    pub fn overlaps(&self, from: i64, to: i64) -> bool {
        from < to && self.ranges.iter().any(|&(a, b)| a < to && from < b)
    }

    /// Whether `offset` is covered.
    pub fn contains(&self, offset: i64) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= offset && offset < b)
    }
}

/// A consumer group as `kafka-consumer-groups.sh` sees it, whichever its protocol: the part of
/// the coordinator's state every group has (Kafka's `Group` interface and the
/// `OffsetMetadataManager`'s offsets), the protocol's own state, and the sandbox's audit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConsumerGroup {
    pub group_id: String,
    /// `abs(javaStringHashCode(group.id)) % offsets.topic.num.partitions`.
    pub offsets_partition: u32,
    /// The broker coordinating the group: leader of its `__consumer_offsets` partition.
    pub coordinator: Option<BrokerId>,
    /// The coordinator's cache of committed offsets (loaded from the log when it moves).
    pub committed: VecMap<TopicPartition, Offset>,
    pub pending_commits: Vec<PendingCommit>,
    pub protocol: GroupProtocolState,
    pub audit: GroupAudit,
}

impl ConsumerGroup {
    /// A new group of `protocol`: classic groups use `assignor` (the client-side one),
    /// consumer-protocol groups `server_assignor`.
    pub fn new(
        group_id: &str,
        protocol: GroupProtocol,
        assignor: AssignorName,
        server_assignor: ServerAssignor,
        offsets_partition: u32,
        now: TimeMs,
    ) -> Self {
        ConsumerGroup {
            group_id: group_id.to_string(),
            offsets_partition,
            coordinator: None,
            committed: VecMap::new(),
            pending_commits: Vec::new(),
            protocol: Self::new_protocol_state(protocol, assignor, server_assignor, now),
            audit: GroupAudit { epoch_bumped_ms: now, ..GroupAudit::default() },
        }
    }

    pub fn new_protocol_state(
        protocol: GroupProtocol,
        assignor: AssignorName,
        server_assignor: ServerAssignor,
        now: TimeMs,
    ) -> GroupProtocolState {
        match protocol {
            GroupProtocol::Classic => GroupProtocolState::Classic(ClassicGroup::new(assignor, now)),
            GroupProtocol::Consumer => GroupProtocolState::Consumer(ConsumerProtocolGroup::new(server_assignor)),
        }
    }

    /// `group.protocol` of the group's members.
    pub fn group_protocol(&self) -> GroupProtocol {
        match self.protocol {
            GroupProtocolState::Classic(_) => GroupProtocol::Classic,
            GroupProtocolState::Consumer(_) => GroupProtocol::Consumer,
        }
    }

    pub fn classic(&self) -> Option<&ClassicGroup> {
        match &self.protocol {
            GroupProtocolState::Classic(g) => Some(g),
            GroupProtocolState::Consumer(_) => None,
        }
    }

    pub fn consumer_protocol(&self) -> Option<&ConsumerProtocolGroup> {
        match &self.protocol {
            GroupProtocolState::Consumer(g) => Some(g),
            GroupProtocolState::Classic(_) => None,
        }
    }

    /// The state's name as `kafka-consumer-groups.sh --describe --state` prints it.
    pub fn state_name(&self) -> &'static str {
        match &self.protocol {
            GroupProtocolState::Classic(g) => g.state.name(),
            GroupProtocolState::Consumer(g) => g.state.name(),
        }
    }

    /// Stable in either protocol.
    pub fn is_stable(&self) -> bool {
        match &self.protocol {
            GroupProtocolState::Classic(g) => g.state == ClassicGroupState::Stable,
            GroupProtocolState::Consumer(g) => g.state == ConsumerGroupState::Stable,
        }
    }

    /// The classic generation, or the consumer protocol's group epoch.
    pub fn epoch(&self) -> i32 {
        match &self.protocol {
            GroupProtocolState::Classic(g) => g.generation_id,
            GroupProtocolState::Consumer(g) => g.group_epoch,
        }
    }

    /// The members' common parts, in join order.
    pub fn members(&self) -> impl Iterator<Item = &Member> {
        let (classic, consumer): (&[ClassicGroupMember], &[ConsumerGroupMember]) = match &self.protocol {
            GroupProtocolState::Classic(g) => (&g.members, &[]),
            GroupProtocolState::Consumer(g) => (&[], &g.members),
        };
        classic.iter().map(|m| &m.member).chain(consumer.iter().map(|m| &m.member))
    }

    pub fn has_members(&self) -> bool {
        self.members().next().is_some()
    }

    pub fn member(&self, member_id: &str) -> Option<&Member> {
        self.members().find(|m| m.member_id == member_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_merges_and_counts_overlap() {
        let mut c = Coverage::default();
        assert_eq!(c.add(0, 10), 0);
        assert_eq!(c.add(10, 15), 0);
        assert_eq!(c.ranges(), &[(0, 15)]);
        assert_eq!(c.add(12, 20), 3);
        assert!(c.covers_up_to(20));
        assert!(!c.covers_up_to(21));
        c.add(30, 40);
        assert_eq!(c.ranges(), &[(0, 20), (30, 40)]);
        assert!(!c.covers_up_to(35));
        assert_eq!(c.add(15, 35), 10);
        assert!(c.covers_up_to(40));
    }

    /// The in-place merge against a model: a set of covered offsets, over many seeded runs of
    /// random ranges (few enough that the 32-range cap is never reached).
    #[test]
    fn coverage_matches_a_set_of_offsets() {
        for seed in 0..200u64 {
            let mut rng = crate::rng::Rng::new(seed);
            let mut c = Coverage::default();
            let mut model = crate::vec_map::VecSet::new();
            for _ in 0..20 {
                let from = rng.below(200) as i64;
                let to = from + rng.below(12) as i64;
                let overlap = (from..to).filter(|o| model.contains(o)).count() as u64;
                assert_eq!(c.overlaps(from, to), overlap > 0, "seed {seed}: overlaps({from}, {to})");
                assert_eq!(c.add(from, to), overlap, "seed {seed}: add({from}, {to})");
                model.extend(from..to);
                let covered: crate::vec_map::VecSet<i64> = c.ranges().iter().flat_map(|&(a, b)| a..b).collect();
                assert_eq!(covered, model, "seed {seed}");
                assert!(c.ranges().windows(2).all(|w| w[0].1 < w[1].0), "seed {seed}: ranges merged and sorted: {:?}", c.ranges());
            }
        }
    }
}
