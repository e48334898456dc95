//! A consumer group as its coordinator holds it (classic protocol, `ClassicGroup.java`): state,
//! generation, members with their subscriptions and assignments, committed offsets, and the
//! OffsetCommits waiting for the `__consumer_offsets` high watermark.

use crate::assignor::AssignorName;
use crate::ids::{BrokerId, ConsumerId, LeaderEpoch, Offset, TimeMs, TopicPartition};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `ClassicGroupState`, plus the consumer protocol's `Assigning` and `Reconciling`
/// (`modern/consumer/ConsumerGroup.java`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
    /// Consumer protocol: the group epoch is ahead of the target assignment's.
    Assigning,
    /// Consumer protocol: some member has not reached the target assignment yet.
    Reconciling,
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

impl GroupState {
    pub fn name(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
            GroupState::Assigning => "Assigning",
            GroupState::Reconciling => "Reconciling",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Member {
    pub member_id: String,
    pub consumer: ConsumerId,
    pub client_id: String,
    pub topics: Vec<String>,
    pub session_timeout_ms: u64,
    pub rebalance_timeout_ms: u64,
    pub last_heartbeat_ms: TimeMs,
    /// Sent a JoinGroup in the current rebalance.
    pub joined: bool,
    /// Classic: the share from the last SyncGroup. Consumer protocol: the assigned partitions
    /// (what the member may own now).
    pub assignment: Vec<TopicPartition>,
    /// Consumer protocol only.
    #[serde(default)]
    pub member_epoch: i32,
    #[serde(default)]
    pub member_state: MemberState,
    #[serde(default)]
    pub pending_revocation: Vec<TopicPartition>,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConsumerGroup {
    pub group_id: String,
    pub state: GroupState,
    pub generation: i32,
    /// The assignor every member uses (the group's protocol name).
    pub assignor: AssignorName,
    /// Member id of the group leader (runs the assignor).
    pub leader: Option<String>,
    /// Members in join order.
    pub members: Vec<Member>,
    /// `abs(javaStringHashCode(group.id)) % offsets.topic.num.partitions`.
    pub offsets_partition: u32,
    /// The broker coordinating the group: leader of its `__consumer_offsets` partition.
    pub coordinator: Option<BrokerId>,
    /// The coordinator's cache of committed offsets (loaded from the log when it moves).
    pub committed: BTreeMap<TopicPartition, Offset>,
    pub pending_commits: Vec<PendingCommit>,
    pub rebalance_started_ms: TimeMs,
    pub rebalance_deadline_ms: TimeMs,
    /// `group.initial.rebalance.delay.ms`: an Empty group's first rebalance waits for more members.
    pub initial_delay_until_ms: Option<TimeMs>,
    /// Partitions without an owner since when (to report how long consumption paused).
    pub unowned_since: BTreeMap<TopicPartition, TimeMs>,
    /// Offsets delivered to the application, for the at-least-once invariant and duplicates.
    pub delivered: BTreeMap<TopicPartition, Coverage>,
    pub records_redelivered: u64,
    pub rebalances: u64,
    /// `classic`, or KIP-848's `consumer` protocol (then `generation` is the group epoch).
    #[serde(default)]
    pub protocol: crate::consumer::GroupProtocol,
    #[serde(default)]
    pub server_assignor: crate::consumer::ServerAssignor,
    /// Consumer protocol: the epoch of the target assignment and the target itself.
    #[serde(default)]
    pub target_epoch: i32,
    #[serde(default)]
    pub target: BTreeMap<String, Vec<TopicPartition>>,
}

impl ConsumerGroup {
    pub fn new(group_id: &str, assignor: AssignorName, offsets_partition: u32, now: TimeMs) -> Self {
        ConsumerGroup {
            group_id: group_id.to_string(),
            state: GroupState::Empty,
            generation: 0,
            assignor,
            leader: None,
            members: Vec::new(),
            offsets_partition,
            coordinator: None,
            committed: BTreeMap::new(),
            pending_commits: Vec::new(),
            rebalance_started_ms: now,
            rebalance_deadline_ms: now,
            initial_delay_until_ms: None,
            unowned_since: BTreeMap::new(),
            delivered: BTreeMap::new(),
            records_redelivered: 0,
            rebalances: 0,
            protocol: crate::consumer::GroupProtocol::Classic,
            server_assignor: crate::consumer::ServerAssignor::Uniform,
            target_epoch: 0,
            target: BTreeMap::new(),
        }
    }

    pub fn member(&self, member_id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.member_id == member_id)
    }

    pub fn member_mut(&mut self, member_id: &str) -> Option<&mut Member> {
        self.members.iter_mut().find(|m| m.member_id == member_id)
    }

    /// The rebalance timeout: the largest of the members' `max.poll.interval.ms`.
    pub fn rebalance_timeout_ms(&self) -> u64 {
        self.members.iter().map(|m| m.rebalance_timeout_ms).max().unwrap_or(0)
    }

    /// Owner of each assigned partition in the current generation.
    pub fn owners(&self) -> BTreeMap<TopicPartition, ConsumerId> {
        let mut out = BTreeMap::new();
        for m in &self.members {
            for tp in &m.assignment {
                out.insert(tp.clone(), m.consumer);
            }
        }
        out
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
            let mut model = std::collections::BTreeSet::new();
            for _ in 0..20 {
                let from = rng.below(200) as i64;
                let to = from + rng.below(12) as i64;
                let overlap = (from..to).filter(|o| model.contains(o)).count() as u64;
                assert_eq!(c.add(from, to), overlap, "seed {seed}: add({from}, {to})");
                model.extend(from..to);
                let covered: std::collections::BTreeSet<i64> = c.ranges().iter().flat_map(|&(a, b)| a..b).collect();
                assert_eq!(covered, model, "seed {seed}");
                assert!(c.ranges().windows(2).all(|w| w[0].1 < w[1].0), "seed {seed}: ranges merged and sorted: {:?}", c.ranges());
            }
        }
    }
}
