//! KIP-848's `consumer` group protocol: every member sends ConsumerGroupHeartbeat; the
//! coordinator bumps the group epoch on any membership or subscription change, computes a target
//! assignment on the broker (`uniform` or `range`), and moves each member towards its target
//! on its own heartbeats (`CurrentAssignmentBuilder`): first revoke what goes (the member keeps
//! its epoch until it has), then take what is free; a partition another member still holds is
//! "unreleased" until that member lets it go. There is no group-wide barrier: members that keep
//! their partitions never stop consuming.

use super::Cluster;
use crate::assignor::{range_assign, sticky_assign, Subscription};
use crate::consumer::{JoinPhase, ServerAssignor};
use crate::event::{EventKind, GroupLeaveReason, RebalanceReason};
use crate::group::{
    ConsumerGroup, ConsumerGroupMember, ConsumerGroupState, ConsumerProtocolGroup, GroupProtocolState, Member, MemberState,
};
use crate::ids::{ConsumerId, TimeMs, TopicPartition};

/// `group.consumer.heartbeat.interval.ms` and `group.consumer.session.timeout.ms` (broker side;
/// the client's own settings are not used by this protocol).
pub const CONSUMER_HEARTBEAT_INTERVAL_MS: u64 = 5_000;
pub const CONSUMER_SESSION_TIMEOUT_MS: u64 = 45_000;

impl Cluster {
    /// Recomputes the target assignment for the current members (group epoch → target epoch).
    /// `uniform` is balanced and sticky: the sandbox computes it with the sticky builder (same
    /// quotas and stickiness as Kafka's `UniformAssignor`; tie-breaks may differ). `range` is
    /// the per-topic range of the classic RangeAssignor (co-partitioned).
    pub(super) fn compute_target(&mut self, group: &str) {
        let Some(g) = self.groups.get(group).and_then(|g| g.consumer_protocol()) else { return };
        let partitions_per_topic = self.subscribed_partition_counts(g.members.iter().map(|m| &m.member));
        let subs: Vec<Subscription> = g
            .members
            .iter()
            .map(|m| Subscription {
                member: m.member.member_id.clone(),
                topics: m.member.topics.clone(),
                owned: g.target_assignment.get(&m.member.member_id).cloned().unwrap_or_default(),
                generation: Some(g.target_assignment_epoch),
            })
            .collect();
        let mut target = match g.server_assignor {
            ServerAssignor::Uniform => sticky_assign(&partitions_per_topic, &subs).assignment,
            ServerAssignor::Range => range_assign(&partitions_per_topic, &subs),
        };
        for parts in target.values_mut() {
            self.share_topic_names(parts);
            parts.sort();
        }
        let Some(g) = self.consumer_group_mut(group) else { return };
        g.target_assignment = target;
        g.target_assignment_epoch = g.group_epoch;
    }

    /// The consumer-protocol group `group`, if it runs that protocol.
    fn consumer_group_mut(&mut self, group: &str) -> Option<&mut ConsumerProtocolGroup> {
        match &mut self.groups.get_mut(group)?.protocol {
            GroupProtocolState::Consumer(g) => Some(g),
            GroupProtocolState::Classic(_) => None,
        }
    }

    /// A membership or subscription change: the group epoch moves and a new target follows.
    pub(super) fn bump_group_epoch(&mut self, group: &str, reason: RebalanceReason) {
        let now = self.now;
        let Some(ConsumerGroup { protocol: GroupProtocolState::Consumer(g), audit, .. }) = self.groups.get_mut(group) else { return };
        g.group_epoch += 1;
        audit.rebalances += 1;
        audit.epoch_bumped_ms = now;
        let epoch = g.group_epoch;
        self.compute_target(group);
        self.update_state_848(group);
        self.emit(EventKind::GroupEpochBumped { group: group.to_string(), group_epoch: epoch, reason });
    }

    fn update_state_848(&mut self, group: &str) {
        let Some(ConsumerGroup { protocol: GroupProtocolState::Consumer(g), audit, .. }) = self.groups.get_mut(group) else { return };
        let before = g.state;
        g.state = if g.members.is_empty() {
            ConsumerGroupState::Empty
        } else if g.group_epoch > g.target_assignment_epoch {
            ConsumerGroupState::Assigning
        } else if g.members.iter().any(|m| m.member_epoch != g.target_assignment_epoch || m.state != MemberState::Stable) {
            ConsumerGroupState::Reconciling
        } else {
            ConsumerGroupState::Stable
        };
        if g.state == ConsumerGroupState::Stable && before != ConsumerGroupState::Stable {
            let (generation, started) = (g.group_epoch, audit.epoch_bumped_ms);
            let assignment = g.members.iter().map(|m| (m.member.consumer, m.member.assignment.clone())).collect();
            let server_assignor = g.server_assignor;
            self.emit(EventKind::GroupReconciled {
                group: group.to_string(),
                group_epoch: generation,
                server_assignor,
                assignment,
                duration_ms: self.now.0 - started.0,
            });
        }
    }

    /// Partitions held by members other than `member` (assigned or still being revoked).
    fn held_by_others(&self, group: &str, member: &str) -> Vec<TopicPartition> {
        let Some(g) = self.groups.get(group).and_then(|g| g.consumer_protocol()) else { return Vec::new() };
        g.members
            .iter()
            .filter(|m| m.member.member_id != member)
            .flat_map(|m| m.member.assignment.iter().chain(m.partitions_pending_revocation.iter()).cloned())
            .collect()
    }

    /// `CurrentAssignmentBuilder.build` for one member, given what its client owns now.
    fn reconcile_member(&mut self, group: &str, member: &str, owned: &[TopicPartition]) {
        let others = self.held_by_others(group, member);
        let Some(g) = self.consumer_group_mut(group) else { return };
        let target_epoch = g.target_assignment_epoch;
        let target = g.target_assignment.get(member).cloned().unwrap_or_default();
        let Some(m) = g.member_mut(member) else { return };
        let owns_any = |list: &[TopicPartition]| list.iter().any(|tp| owned.contains(tp));
        let next_from = match m.state {
            MemberState::Stable if m.member_epoch == target_epoch => return,
            MemberState::Stable | MemberState::UnreleasedPartitions => m.member_epoch,
            MemberState::UnrevokedPartitions => {
                if owns_any(&m.partitions_pending_revocation) {
                    return;
                }
                m.member_epoch + 1
            }
        };
        let assigned: Vec<TopicPartition> = m.member.assignment.iter().filter(|tp| target.contains(tp)).cloned().collect();
        let revoke: Vec<TopicPartition> = m.member.assignment.iter().filter(|tp| !target.contains(tp)).cloned().collect();
        let wanted: Vec<TopicPartition> = target.iter().filter(|tp| !assigned.contains(tp)).cloned().collect();
        let unreleased = wanted.iter().any(|tp| others.contains(tp));
        let free: Vec<TopicPartition> = wanted.into_iter().filter(|tp| !others.contains(tp)).collect();
        if !revoke.is_empty() && owns_any(&revoke) {
            m.state = MemberState::UnrevokedPartitions;
            m.member_epoch = next_from;
            m.member.assignment = assigned;
            m.partitions_pending_revocation = revoke;
        } else {
            let mut all = assigned;
            all.extend(free);
            all.sort();
            m.member.assignment = all;
            m.partitions_pending_revocation.clear();
            m.member_epoch = target_epoch;
            m.state = if unreleased { MemberState::UnreleasedPartitions } else { MemberState::Stable };
        }
    }

    /// One ConsumerGroupHeartbeat from `consumer` (joining with epoch 0, or as a member), and its
    /// response: the member's assignment, which the client adopts (revoking what is gone). A
    /// member the group no longer knows (expired) is answered UNKNOWN_MEMBER_ID: only epoch 0
    /// creates a member (`ConsumerGroup.getOrMaybeCreateMember`), and the client is fenced.
    pub(super) fn consumer_group_heartbeat(&mut self, id: ConsumerId) {
        let now = self.now;
        let Some(c) = self.consumers.get(&id) else { return };
        // Not a member: the request carries member epoch 0 (join).
        let epoch_zero = c.phase == JoinPhase::Unjoined;
        let group = c.config.group_id.clone();
        let owned = c.owned.clone();
        let topics = c.config.topics.clone();
        let client_id = c.client_id.clone();
        let member_id = match &c.member_id {
            Some(m) => m.clone(),
            // KIP-1082: the client generates its member id, a random `Uuid` (22 base64 characters).
            None => crate::ids::Uuid::random(&mut self.rng).to_string(),
        };
        let Some(g) = self.consumer_group_mut(&group) else { return };
        let joining = g.member(&member_id).is_none();
        if joining && !epoch_zero {
            self.fence_member(id);
            return;
        }
        if joining {
            g.members.push(ConsumerGroupMember {
                member: Member {
                    member_id: member_id.clone(),
                    consumer: id,
                    client_id,
                    topics,
                    session_timeout_ms: CONSUMER_SESSION_TIMEOUT_MS,
                    last_heartbeat_ms: now,
                    assignment: Vec::new(),
                },
                member_epoch: 0,
                state: MemberState::Stable,
                partitions_pending_revocation: Vec::new(),
            });
            if let Some(c) = self.consumers.get_mut(&id) {
                c.member_id = Some(member_id.clone());
                c.phase = JoinPhase::Stable;
            }
            self.emit(EventKind::MemberJoined { group: group.clone(), consumer: id, member: member_id.clone() });
            self.bump_group_epoch(&group, RebalanceReason::MemberJoined { consumer: id });
        } else if let Some(m) = self.consumer_group_mut(&group).and_then(|g| g.member_mut(&member_id)) {
            m.member.last_heartbeat_ms = now;
        }
        self.reconcile_member(&group, &member_id, &owned);
        let Some(m) = self.groups.get(&group).and_then(|g| g.consumer_protocol()).and_then(|g| g.member(&member_id)).cloned() else {
            return;
        };
        self.update_state_848(&group);
        // The response: adopt the assignment; partitions no longer in it are revoked now.
        let Some(c) = self.consumers.get_mut(&id) else { return };
        c.generation = m.member_epoch;
        c.next_heartbeat_ms = TimeMs(now.0 + CONSUMER_HEARTBEAT_INTERVAL_MS);
        let revoked: Vec<TopicPartition> = c.owned.iter().filter(|tp| !m.member.assignment.contains(tp)).cloned().collect();
        let added: Vec<TopicPartition> = m.member.assignment.iter().filter(|tp| !c.owned.contains(tp)).cloned().collect();
        if revoked.is_empty() && added.is_empty() {
            return;
        }
        let auto_commit = c.config.enable_auto_commit;
        if !revoked.is_empty() {
            // The new consumer commits what it consumed from revoked partitions before
            // acknowledging, then heartbeats at once.
            if auto_commit {
                self.send_commit(id);
            }
            let Some(c) = self.consumers.get_mut(&id) else { return };
            c.owned.retain(|tp| !revoked.contains(tp));
            c.positions.retain(|tp, _| !revoked.contains(tp));
            c.revocation_to_ack = true;
            if let Some(g) = self.groups.get_mut(&group) {
                for tp in &revoked {
                    g.audit.unowned_since.entry(tp.clone()).or_insert(now);
                }
            }
            self.emit(EventKind::PartitionsRevoked {
                group: group.clone(),
                consumer: id,
                partitions: revoked,
                lost: false,
                incremental: true,
            });
        }
        let Some(c) = self.consumers.get_mut(&id) else { return };
        c.owned.extend(added.iter().cloned());
        c.owned.sort();
        if let Some(g) = self.groups.get_mut(&group) {
            for tp in &added {
                g.audit.unowned_since.remove(tp);
            }
        }
    }

    /// `AbstractMembershipManager.transitionToFenced`, on UNKNOWN_MEMBER_ID or
    /// FENCED_MEMBER_EPOCH: the member gives its partitions up as lost (`onPartitionsLost`,
    /// nothing committed), resets its epoch to 0 and rejoins with the same member id. (The
    /// sandbox never loses a heartbeat response, so a member's epoch never falls out of step
    /// with the coordinator's and FENCED_MEMBER_EPOCH does not arise; an expired member does.)
    fn fence_member(&mut self, id: ConsumerId) {
        self.lose_partitions(id);
        if let Some(c) = self.consumers.get_mut(&id) {
            c.phase = JoinPhase::Unjoined;
            c.generation = 0;
            c.revocation_to_ack = false;
        }
    }

    /// Session expiry (`group.consumer.session.timeout.ms`): the member goes, its partitions are
    /// free at once, and the group epoch moves.
    pub(super) fn expire_members_848(&mut self, group: &str) {
        let now = self.now;
        let Some(g) = self.groups.get(group) else { return };
        let (Some(_), Some(g)) = (g.coordinator, g.consumer_protocol()) else { return };
        let expired: Vec<String> = g
            .members
            .iter()
            .map(|m| &m.member)
            .filter(|m| now.0 > m.last_heartbeat_ms.0 + m.session_timeout_ms)
            .map(|m| m.member_id.clone())
            .collect();
        for m in expired {
            self.remove_member_848(group, &m, GroupLeaveReason::SessionTimeout { timeout_ms: CONSUMER_SESSION_TIMEOUT_MS });
        }
    }

    /// Leaving (heartbeat with epoch -1) or expiry.
    pub(super) fn remove_member_848(&mut self, group: &str, member: &str, reason: GroupLeaveReason) {
        let now = self.now;
        let Some(ConsumerGroup { protocol: GroupProtocolState::Consumer(g), audit, .. }) = self.groups.get_mut(group) else { return };
        let Some(i) = g.members.iter().position(|m| m.member.member_id == member) else { return };
        let m = g.members.remove(i);
        g.target_assignment.remove(member);
        for tp in m.member.assignment.iter().chain(m.partitions_pending_revocation.iter()) {
            audit.unowned_since.entry(tp.clone()).or_insert(now);
        }
        let (consumer, member_id) = (m.member.consumer, m.member.member_id);
        self.emit(EventKind::MemberRemoved { group: group.to_string(), consumer, member: member_id, reason });
        self.bump_group_epoch(group, RebalanceReason::MemberLeft { consumer });
    }

    /// One tick of a consumer-protocol client: heartbeat when due (at once after revoking),
    /// leave after `max.poll.interval.ms` without poll, otherwise poll like any consumer.
    pub(super) fn step_consumer_848(&mut self, id: ConsumerId) {
        let now = self.now;
        let Some(c) = self.consumers.get(&id) else { return };
        let group = c.config.group_id.clone();
        let coordinator = self.coordinator_of(&group);
        let (paused, last_poll, max_poll) = (c.paused, c.last_poll_ms, c.config.max_poll_interval_ms);
        if let Some(c) = self.consumers.get_mut(&id) {
            c.coordinator = coordinator;
        }
        if coordinator.is_none() {
            return;
        }
        let Some(c) = self.consumers.get(&id) else { return };
        if c.phase == JoinPhase::Stable && now.0 > last_poll.0 + max_poll {
            let member = c.member_id.clone();
            if let Some(c) = self.consumers.get_mut(&id) {
                c.phase = JoinPhase::Unjoined;
                c.member_id = None;
            }
            if let Some(m) = member {
                self.remove_member_848(&group, &m, GroupLeaveReason::MaxPollInterval { timeout_ms: max_poll });
            }
            self.release_owned(id);
            return;
        }
        let due = c.phase != JoinPhase::Stable && !paused || now >= c.next_heartbeat_ms || c.revocation_to_ack;
        if due && (c.phase == JoinPhase::Stable || !paused) {
            if let Some(c) = self.consumers.get_mut(&id) {
                c.revocation_to_ack = false;
            }
            self.consumer_group_heartbeat(id);
        }
        let Some(c) = self.consumers.get(&id) else { return };
        if c.paused || c.phase != JoinPhase::Stable {
            return;
        }
        if let Some(b) = &c.batch {
            if now < b.done_ms {
                return;
            }
        }
        self.poll(id);
    }
}

#[cfg(test)]
mod tests {
    use crate::consumer::GroupProtocol;
    use crate::event::{Event, EventKind, GroupLeaveReason};
    use crate::invariants::Auditor;
    use crate::{Cluster, ClusterConfig, Command, ConsumerConfig, ConsumerId, OffsetReset, TopicConfig};

    fn steps(c: &mut Cluster, n: u32) -> Vec<Event> {
        let mut auditor = Auditor::new();
        let mut out = Vec::new();
        for _ in 0..n {
            c.step();
            while let Some(e) = c.poll_event() {
                auditor.observe(c, &e);
                out.push(e);
            }
            if let Some(v) = auditor.check(c).into_iter().next() {
                panic!("invariant violated at {} ms: {v}", c.now().0);
            }
        }
        out
    }

    fn owned(c: &Cluster, id: ConsumerId) -> usize {
        c.consumer(id).unwrap().owned.len()
    }

    /// A member the coordinator expired while its process lives on (its heartbeats were lost
    /// on the way, which the sandbox does not model: the test expires it directly). Its next
    /// heartbeat, with its old epoch, is answered UNKNOWN_MEMBER_ID: it gives its partitions up
    /// as lost without committing them, and joins again with epoch 0 and the same member id.
    #[test]
    fn an_expired_member_is_fenced_and_rejoins_with_epoch_zero() {
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 5, ..ClusterConfig::default() }).unwrap();
        let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
        c.apply(Command::CreateTopic { name: "t".into(), partitions: 4, replication_factor: 3, config }).unwrap();
        let cfg = ConsumerConfig {
            group_protocol: GroupProtocol::Consumer,
            group_id: "g".into(),
            topics: vec!["t".into()],
            auto_offset_reset: OffsetReset::Earliest,
            ..ConsumerConfig::default()
        };
        let start = |c: &mut Cluster, config| c.apply(Command::AddConsumer { config }).unwrap().consumer().unwrap();
        let a = start(&mut c, cfg.clone());
        let b = start(&mut c, cfg);
        steps(&mut c, 150);
        assert!(c.group("g").unwrap().is_stable());
        assert_eq!((owned(&c, a), owned(&c, b)), (2, 2));
        let member = c.consumer(a).unwrap().member_id.clone().unwrap();
        c.remove_member_848("g", &member, GroupLeaveReason::SessionTimeout { timeout_ms: 45_000 });
        let events = steps(&mut c, 150);
        let lost = events.iter().position(|e| matches!(e.kind, EventKind::PartitionsRevoked { consumer, lost: true, .. } if consumer == a));
        let joined = events
            .iter()
            .position(|e| matches!(&e.kind, EventKind::MemberJoined { consumer, member: m, .. } if *consumer == a && *m == member));
        assert!(lost.is_some() && joined > lost, "lost, then joined again with the same member id: {events:#?}");
        let revoked = |e: &Event| matches!(e.kind, EventKind::PartitionsRevoked { consumer, lost: false, .. } if consumer == a);
        assert!(!events.iter().any(revoked), "a fenced member hands nothing back as revoked (with a commit): it lost it");
        assert!(c.group("g").unwrap().is_stable());
        assert_eq!((owned(&c, a), owned(&c, b)), (2, 2));
        let epochs: Vec<i32> = c.group("g").unwrap().consumer_protocol().unwrap().members.iter().map(|m| m.member_epoch).collect();
        assert_eq!(epochs.len(), 2);
        assert_eq!(c.consumer(a).unwrap().generation, epochs[1], "a rejoined last, at the group's epoch");
    }
}
