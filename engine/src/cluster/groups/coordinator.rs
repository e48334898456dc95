//! The group coordinator, classic protocol (`GroupCoordinator`, `ClassicGroup`): its place on
//! the leader of the group's `__consumer_offsets` partition, committed offsets loaded up to the
//! high watermark, JoinGroup / SyncGroup / LeaveGroup, session expiry and rebalances.

use super::*;

impl Cluster {
    pub(in crate::cluster) fn offsets_partitions(&self) -> u32 {
        self.topics.get(OFFSETS_TOPIC).map_or(self.config.offsets_topic_num_partitions, |t| t.partitions.len() as u32)
    }

    /// Created on the first FindCoordinator, as Kafka does: `offsets.topic.num.partitions`
    /// partitions, `offsets.topic.replication.factor` replicas, compacted. KRaft never lowers
    /// the replication factor to fit: with fewer registered brokers the controller refuses
    /// (INVALID_REPLICATION_FACTOR), FindCoordinator answers COORDINATOR_NOT_AVAILABLE
    /// (`KafkaApis.getCoordinator`, `AutoTopicCreationManager`) and asks again on every call, so
    /// no group can form until enough brokers are registered.
    pub(in crate::cluster) fn ensure_offsets_topic(&mut self) -> Result<(), CommandError> {
        if self.topics.contains_key(OFFSETS_TOPIC) {
            return Ok(());
        }
        let rf = self.config.offsets_topic_replication_factor;
        let config = TopicConfig { cleanup_policy: CleanupPolicy::Compact, segment_bytes: 16_384, ..TopicConfig::default() };
        self.create_topic_unchecked(OFFSETS_TOPIC, self.config.offsets_topic_num_partitions, rf, config)
    }

    /// Committed offsets of `group` in the log of its offsets partition's leader, up to the HW
    /// (the coordinator's load when it takes the partition over).
    pub(in crate::cluster) fn load_offsets(&self, group: &str, partition: u32) -> VecMap<TopicPartition, Offset> {
        let mut out = VecMap::new();
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
            let value = r.value.as_ref().and_then(|v| v.with_bytes(|v| std::str::from_utf8(v).ok().and_then(|v| v.parse::<i64>().ok())));
            let tp = TopicPartition::new(topic, part);
            if self.partition(&tp).is_none() {
                // A deleted topic's offsets: its coordinator wrote their tombstones when it went
                // (`onPartitionsDeleted`, `delete_offsets_of_topic`); one that moved before they
                // reached the HW would load them again, and the sandbox does not.
                continue;
            }
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

    /// Partition counts of the topics the members subscribe to (the assignor's metadata).
    pub(in crate::cluster) fn subscribed_partition_counts<'a>(&self, members: impl Iterator<Item = &'a Member>) -> VecMap<String, u32> {
        VecMap::from_iter(
            members
                .flat_map(|m| m.topics.iter())
                .filter_map(|t| self.topics.get(t).map(|topic| (t.clone(), topic.partitions.len() as u32))),
        )
    }

    pub(in crate::cluster) fn coordinator_of(&self, group: &str) -> Option<crate::ids::BrokerId> {
        let p = self.groups.get(group)?.offsets_partition;
        let leader = self.topics.get(OFFSETS_TOPIC)?.partitions.get(p as usize)?.leader?;
        self.running(leader).then_some(leader)
    }

    pub(in crate::cluster) fn update_coordinator(&mut self, group: &str) {
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
            match &mut g.protocol {
                GroupProtocolState::Classic(c) => {
                    for m in &mut c.members {
                        m.member.last_heartbeat_ms = now;
                    }
                    if c.state == ClassicGroupState::PreparingRebalance {
                        c.rebalance_deadline_ms = TimeMs(now.0 + c.rebalance_timeout_ms());
                    }
                }
                GroupProtocolState::Consumer(c) => {
                    for m in &mut c.members {
                        m.member.last_heartbeat_ms = now;
                    }
                }
            }
        }
        let partition = TopicPartition::new(OFFSETS_TOPIC, g.offsets_partition);
        for c in failed {
            self.commit_done(c, Err(KafkaError::NotCoordinator));
        }
        self.emit(EventKind::CoordinatorChanged { group: group.to_string(), broker: found, partition });
    }

    /// OffsetCommits whose records reached the HW succeed; a leader change or a timeout fails them.
    pub(in crate::cluster) fn complete_commits(&mut self, group: &str) {
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
                Some(Err(KafkaError::NotCoordinator))
            } else if hw.is_some_and(|hw| hw >= c.required_offset) {
                Some(Ok(()))
            } else if now.0 >= c.created_ms.0 + OFFSETS_COMMIT_TIMEOUT_MS {
                Some(Err(KafkaError::RequestTimedOut))
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

    /// Members silent for `session.timeout.ms` are removed; so are members that did not rejoin
    /// a rebalance within its timeout.
    pub(in crate::cluster) fn expire_members(&mut self, group: &str) {
        let now = self.now;
        let Some(g) = self.groups.get(group) else { return };
        let (Some(_), Some(g)) = (g.coordinator, g.classic()) else { return };
        let expired: Vec<(String, GroupLeaveReason)> = g
            .members
            .iter()
            .filter_map(|cm| {
                let m = &cm.member;
                if now.0 > m.last_heartbeat_ms.0 + m.session_timeout_ms {
                    Some((m.member_id.clone(), GroupLeaveReason::SessionTimeout { timeout_ms: m.session_timeout_ms }))
                } else if g.state == ClassicGroupState::PreparingRebalance && !cm.joined && now >= g.rebalance_deadline_ms {
                    Some((m.member_id.clone(), GroupLeaveReason::RebalanceTimeout { timeout_ms: cm.rebalance_timeout_ms }))
                } else {
                    None
                }
            })
            .collect();
        for (member, reason) in expired {
            self.remove_member(group, &member, reason);
        }
    }

    pub(in crate::cluster) fn remove_member(&mut self, group: &str, member_id: &str, reason: GroupLeaveReason) {
        let now = self.now;
        let Some(ConsumerGroup { protocol: GroupProtocolState::Classic(g), audit, .. }) = self.groups.get_mut(group) else { return };
        let Some(i) = g.members.iter().position(|m| m.member.member_id == member_id) else { return };
        let m = g.members.remove(i).member;
        for tp in &m.assignment {
            audit.unowned_since.entry(tp.clone()).or_insert(now);
        }
        if g.leader_id.as_deref() == Some(member_id) {
            g.leader_id = g.members.first().map(|m| m.member.member_id.clone());
        }
        let state = g.state;
        self.emit(EventKind::MemberRemoved { group: group.to_string(), consumer: m.consumer, member: m.member_id.clone(), reason });
        match state {
            ClassicGroupState::Stable | ClassicGroupState::CompletingRebalance => {
                let why = RebalanceReason::MemberLeft { consumer: m.consumer };
                self.prepare_rebalance(group, why);
            }
            ClassicGroupState::Empty | ClassicGroupState::PreparingRebalance | ClassicGroupState::Dead => {}
        }
    }

    pub(in crate::cluster) fn prepare_rebalance(&mut self, group: &str, reason: RebalanceReason) {
        let now = self.now;
        let delay = self.config.group_initial_rebalance_delay_ms;
        let Some(ConsumerGroup { protocol: GroupProtocolState::Classic(g), audit, .. }) = self.groups.get_mut(group) else { return };
        let was_empty = g.state == ClassicGroupState::Empty;
        g.state = ClassicGroupState::PreparingRebalance;
        g.rebalance_started_ms = now;
        g.rebalance_deadline_ms = TimeMs(now.0 + g.rebalance_timeout_ms());
        g.initial_delay_until_ms = was_empty.then_some(TimeMs(now.0 + delay));
        for m in &mut g.members {
            m.joined = false;
        }
        audit.rebalances += 1;
        let generation = g.generation_id;
        self.emit(EventKind::RebalanceStarted { group: group.to_string(), generation, reason });
    }

    /// JoinGroup from `consumer` (KIP-394's MEMBER_ID_REQUIRED round trip folded in: a new
    /// member gets its id and is counted as joined). A member id the group does not know (the
    /// member was removed) is refused with UNKNOWN_MEMBER_ID
    /// (`GroupMetadataManager.classicGroupJoinExistingMember`, `ClassicGroup.validateMember`):
    /// the client drops it and joins again as a new member (`JoinGroupResponseHandler`).
    pub(in crate::cluster) fn join_group(&mut self, consumer: ConsumerId) {
        let now = self.now;
        let delay = self.config.group_initial_rebalance_delay_ms;
        let Some(c) = self.consumers.get(&consumer) else { return };
        let group = c.config.group_id.clone();
        let member_id = match &c.member_id {
            Some(m) => m.clone(),
            // `ClassicGroup.generateMemberId`: clientId + "-" + a random java.util.UUID.
            None => format!("{}-{}", c.client_id, crate::ids::Uuid::random(&mut self.rng).java_string()),
        };
        let (topics, session, rebalance, client_id) =
            (c.config.topics.clone(), c.config.session_timeout_ms, c.config.max_poll_interval_ms, c.client_id.clone());
        let sent_member_id = c.member_id.is_some();
        let Some(g) = self.classic_group_mut(&group) else { return };
        let new_member = g.member(&member_id).is_none();
        if new_member && sent_member_id {
            self.reset_generation(consumer, true);
            return;
        }
        if new_member {
            g.members.push(ClassicGroupMember {
                member: Member {
                    member_id: member_id.clone(),
                    consumer,
                    client_id,
                    topics,
                    session_timeout_ms: session,
                    last_heartbeat_ms: now,
                    assignment: Vec::new(),
                },
                rebalance_timeout_ms: rebalance,
                joined: true,
            });
            if g.leader_id.is_none() {
                g.leader_id = Some(member_id.clone());
            }
        }
        if let Some(m) = g.member_mut(&member_id) {
            m.joined = true;
            m.member.last_heartbeat_ms = now;
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
            ClassicGroupState::Empty | ClassicGroupState::Stable | ClassicGroupState::CompletingRebalance => {
                let why =
                    if new_member { RebalanceReason::MemberJoined { consumer } } else { RebalanceReason::MemberRejoined { consumer } };
                self.prepare_rebalance(&group, why);
                if let Some(m) = self.classic_group_mut(&group).and_then(|g| g.member_mut(&member_id)) {
                    m.joined = true;
                }
            }
            ClassicGroupState::PreparingRebalance => {
                // InitialDelayedJoin: each new member of a fresh group extends the wait.
                if let Some(g) = self.classic_group_mut(&group) {
                    if new_member {
                        if let Some(until) = g.initial_delay_until_ms {
                            let cap = g.rebalance_started_ms.0 + g.rebalance_timeout_ms();
                            g.initial_delay_until_ms = Some(TimeMs((until.0.max(now.0 + delay)).min(cap)));
                        }
                    }
                }
            }
            ClassicGroupState::Dead => {}
        }
    }

    /// LeaveGroup (close, or the heartbeat thread after `max.poll.interval.ms`).
    pub(in crate::cluster) fn leave_group(&mut self, consumer: ConsumerId, reason: GroupLeaveReason) {
        let Some(c) = self.consumers.get_mut(&consumer) else { return };
        let group = c.config.group_id.clone();
        // `resetGenerationOnLeaveGroup`: the member id goes with the generation.
        let member = c.member_id.take();
        c.phase = JoinPhase::Unjoined;
        c.generation = -1;
        if self.coordinator_of(&group).is_none() {
            return;
        }
        if let Some(m) = member {
            if self.groups.get(&group).is_some_and(|g| g.group_protocol() == GroupProtocol::Consumer) {
                self.remove_member_848(&group, &m, reason);
            } else {
                self.remove_member(&group, &m, reason);
            }
        }
    }

    pub(in crate::cluster) fn maybe_complete_join(&mut self, group: &str) {
        let now = self.now;
        let Some(g) = self.groups.get(group) else { return };
        let (Some(_), Some(g)) = (g.coordinator, g.classic()) else { return };
        if g.state != ClassicGroupState::PreparingRebalance {
            return;
        }
        let all_joined = g.members.iter().all(|m| m.joined);
        let delay_over = g.initial_delay_until_ms.is_none_or(|t| now >= t);
        if !(all_joined && delay_over) && now < g.rebalance_deadline_ms {
            return;
        }
        let stragglers: Vec<(String, u64)> =
            g.members.iter().filter(|m| !m.joined).map(|m| (m.member.member_id.clone(), m.rebalance_timeout_ms)).collect();
        for (m, timeout_ms) in stragglers {
            self.remove_member(group, &m, GroupLeaveReason::RebalanceTimeout { timeout_ms });
        }
        let Some(g) = self.classic_group_mut(group) else { return };
        g.generation_id += 1;
        g.initial_delay_until_ms = None;
        if g.members.is_empty() {
            g.state = ClassicGroupState::Empty;
            g.leader_id = None;
            let generation = g.generation_id;
            self.emit(EventKind::GroupEmpty { group: group.to_string(), generation });
            return;
        }
        g.state = ClassicGroupState::CompletingRebalance;
        if g.leader_id.as_deref().is_none_or(|l| g.member(l).is_none()) {
            g.leader_id = g.members.first().map(|m| m.member.member_id.clone());
        }
        // JoinGroup responses: every joined client learns the new generation.
        let generation = g.generation_id;
        let members: Vec<ConsumerId> = g.members.iter().map(|m| m.member.consumer).collect();
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
    pub(in crate::cluster) fn maybe_sync(&mut self, group: &str) {
        let now = self.now;
        let Some(g) = self.groups.get(group).and_then(|g| g.classic()) else { return };
        if g.state != ClassicGroupState::CompletingRebalance {
            return;
        }
        let Some(leader) = g.leader_id.as_deref().and_then(|l| g.member(l)) else { return };
        if !self.consumers.get(&leader.member.consumer).is_some_and(|c| c.alive()) {
            return;
        }
        let assignor = g.protocol_name;
        let partitions_per_topic = self.subscribed_partition_counts(g.members.iter().map(|m| &m.member));
        let subs: Vec<Subscription> = g
            .members
            .iter()
            .map(|m| &m.member)
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
        let leader_consumer = leader.member.consumer;
        let generation = g.generation_id;
        let started = g.rebalance_started_ms;
        let Some(g) = self.classic_group_mut(group) else { return };
        g.state = ClassicGroupState::Stable;
        for m in g.members.iter_mut().map(|m| &mut m.member) {
            m.assignment = outcome.assignment.get(&m.member_id).cloned().unwrap_or_default();
            m.last_heartbeat_ms = now;
        }
        let shares: Vec<(ConsumerId, Vec<TopicPartition>)> =
            g.members.iter().map(|m| (m.member.consumer, m.member.assignment.clone())).collect();
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
    pub(in crate::cluster) fn apply_assignment(
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
                g.audit.unowned_since.entry(tp.clone()).or_insert(now);
            }
            for tp in &added {
                if let Some(since) = g.audit.unowned_since.remove(tp) {
                    waited = waited.max(now.0 - since.0);
                }
            }
        }
        (revoked, waited)
    }
}
