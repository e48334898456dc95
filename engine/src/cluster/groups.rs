//! Consumer groups on the cluster (classic protocol): the group coordinator on the leader of the
//! group's `__consumer_offsets` partition, JoinGroup / SyncGroup / Heartbeat / LeaveGroup /
//! OffsetCommit, and the consumer clients driving them. A child module of `cluster`, so it works
//! on the same private state: the coordinator's side is in `groups/coordinator.rs`, the
//! clients' in `groups/client.rs`, OffsetCommit from both sides in `groups/commit.rs`; this
//! file has the views and the per-tick order.
//!
//! Per tick, after replication: each group finds its coordinator (a move reloads committed
//! offsets from the log, up to the high watermark), answers OffsetCommits whose records reached
//! the HW, expires silent members; then each consumer heartbeats, polls (join, auto-commit,
//! fetch up to the HW) or processes; then rebalances whose members have all joined complete, and
//! the leader's assignor runs (SyncGroup).

use super::Cluster;

mod admin;
mod client;
pub mod code;
mod commit;
mod coordinator;
use crate::assignor::{assign, AssignorName, Subscription};
use crate::command::{CommandError, CommandErrorKind};
use crate::config::{CleanupPolicy, TopicConfig};
use crate::consumer::{
    ClientState, Consumer, ConsumerConfig, ConsumerError, GroupProtocol, IsolationLevel, JoinPhase, OffsetReset, CONSUMERS_MAX, GROUPS_MAX,
};
use crate::event::{EventKind, GroupLeaveReason, OffsetResetReason, RebalanceReason};
use crate::group::{
    ClassicGroup, ClassicGroupMember, ClassicGroupState, ConsumerGroup, ConsumerGroupState, GroupProtocolState, Member, PendingCommit,
};
use crate::ids::{ConsumerId, Offset, TimeMs, TopicPartition};
use crate::java_hash::{string_hash_code, utils_abs};
use crate::kafka_error::KafkaError;
use crate::record::{record_size_bytes, Header, Record};
use crate::vec_map::VecMap;
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

/// The offsets record's key: `["group","topic",partition]`, the group and the topic quoted as
/// Rust's `{:?}` quotes them. Written directly (every auto-commit writes one per partition:
/// scenario R's 250 every 5 s were a fifth of that step's work through `format!`).
fn commit_key(group: &str, tp: &TopicPartition) -> Vec<u8> {
    let mut key = Vec::with_capacity(group.len() + tp.topic.len() + 16);
    key.push(b'[');
    push_quoted(&mut key, group);
    key.push(b',');
    push_quoted(&mut key, &tp.topic);
    key.push(b',');
    key.extend_from_slice(tp.partition.to_string().as_bytes());
    key.push(b']');
    key
}

/// `s` as `format!("{s:?}")` writes it: printable ASCII other than `"` and `\` as it is, and
/// anything else through `Debug` (escapes).
fn push_quoted(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(format!("{s:?}").as_bytes());
    }
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
        let mut owners: VecMap<TopicPartition, &Member> = VecMap::new();
        let assigned = match &g.protocol {
            GroupProtocolState::Classic(c) => matches!(c.state, ClassicGroupState::Stable | ClassicGroupState::CompletingRebalance),
            GroupProtocolState::Consumer(c) => {
                matches!(c.state, ConsumerGroupState::Stable | ConsumerGroupState::Reconciling | ConsumerGroupState::Assigning)
            }
        };
        if assigned {
            for m in g.members() {
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

    /// The group's total lag over partitions with a committed offset: the sum of
    /// `describe_group`'s LAG column, without building its rows (the page samples it every
    /// simulated second; the rows cost a third of a step on scenario R).
    pub fn group_lag(&self, group_id: &str) -> i64 {
        let Some(g) = self.groups.get(group_id) else { return 0 };
        g.committed.iter().filter_map(|(tp, c)| Some(self.partition(tp)?.high_watermark().0 - c.0)).sum()
    }

    // ------------------------------------------------------------------ commands

    // ------------------------------------------------------------------ offsets topic

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
            if self.groups.get(g).is_some_and(|g| g.group_protocol() == GroupProtocol::Consumer) {
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

    /// The consumer gives up its partitions (revoked or lost): they have no owner from now.
    pub(super) fn release_owned(&mut self, consumer: ConsumerId) {
        let now = self.now;
        let Some(c) = self.consumers.get_mut(&consumer) else { return };
        let owned = std::mem::take(&mut c.owned);
        c.positions.clear();
        let group = c.config.group_id.clone();
        if let Some(g) = self.groups.get_mut(&group) {
            for tp in owned {
                g.audit.unowned_since.entry(tp).or_insert(now);
            }
        }
    }

    /// The classic group `group`, if it runs the classic protocol.
    pub(super) fn classic_group_mut(&mut self, group: &str) -> Option<&mut ClassicGroup> {
        match &mut self.groups.get_mut(group)?.protocol {
            GroupProtocolState::Classic(g) => Some(g),
            GroupProtocolState::Consumer(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_keys_quote_as_debug_does() {
        let names = [
            "g1",
            "orders",
            "my.group-1_x",
            "",
            "it's",
            "a\"b",
            "back\\slash",
            "tab\there",
            "nl\n",
            "그룹",
            "é",
            "\u{301}x",
            "del\u{7f}",
            "~ !#",
        ];
        for group in names {
            for topic in ["orders", "a\"b", "그룹"] {
                let tp = TopicPartition::new(topic, 7);
                let expected = format!("[{group:?},{:?},{}]", tp.topic, tp.partition).into_bytes();
                assert_eq!(commit_key(group, &tp), expected, "{group:?} {topic:?}");
            }
        }
    }
}
