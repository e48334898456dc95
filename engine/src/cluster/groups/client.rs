//! The consumer client (`KafkaConsumer` and its `ConsumerCoordinator`): start, close, crash,
//! the poll loop (heartbeats, joining, fetching up to the high watermark, processing) and
//! what it does when the coordinator no longer knows it (`resetStateAndRejoin`).

use super::*;
use crate::delivery_check::{self, DeliveryFinding};
use crate::group::GroupAudit;

impl Cluster {
    pub(crate) fn add_consumer(&mut self, config: ConsumerConfig) -> Result<ConsumerId, CommandError> {
        config.validate().map_err(|m| CommandError::new(CommandErrorKind::Kafka(KafkaError::InvalidConfig), m))?;
        for t in &config.topics {
            if !self.topics.contains_key(t) {
                return Err(CommandError::new(
                    CommandErrorKind::Kafka(KafkaError::UnknownTopicOrPartition),
                    format!("topic '{t}' does not exist: create it before subscribing"),
                ));
            }
            if t == OFFSETS_TOPIC {
                return Err(CommandError::new(
                    CommandErrorKind::Kafka(KafkaError::InvalidRequest),
                    "the sandbox does not let consumers read __consumer_offsets",
                ));
            }
        }
        if self.consumers.values().filter(|c| c.alive()).count() >= CONSUMERS_MAX {
            return Err(CommandError::new(CommandErrorKind::LimitExceeded, format!("the sandbox runs at most {CONSUMERS_MAX} consumers")));
        }
        let in_use =
            self.consumers.values().find(|c| c.alive() && c.config.group_id == config.group_id).map(|c| c.config.assignor).or_else(|| {
                self.groups.get(&config.group_id).and_then(|g| g.classic()).filter(|g| !g.members.is_empty()).map(|g| g.protocol_name)
            });
        let protocol_in_use = self
            .consumers
            .values()
            .find(|c| c.alive() && c.config.group_id == config.group_id)
            .map(|c| (c.config.group_protocol, c.config.remote_assignor));
        if let Some((protocol, remote)) = protocol_in_use {
            if protocol != config.group_protocol || (protocol == GroupProtocol::Consumer && remote != config.remote_assignor) {
                return Err(CommandError::new(
                    CommandErrorKind::Kafka(KafkaError::InconsistentGroupProtocol),
                    format!(
                        "group {} already runs the {:?} protocol with other settings; the sandbox does not mix protocols in a group",
                        config.group_id, protocol
                    ),
                ));
            }
        }
        // Members whose processes died (not yet expired) still hold the group to its protocol.
        let group_protocol = self.groups.get(&config.group_id).filter(|g| g.has_members()).map(|g| g.group_protocol());
        if group_protocol.is_some_and(|p| p != config.group_protocol) {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InconsistentGroupProtocol),
                format!(
                    "group {} still has members of the {:?} protocol; the sandbox does not mix protocols in a group",
                    config.group_id,
                    group_protocol.unwrap_or_default()
                ),
            ));
        }
        let in_use = if config.group_protocol == GroupProtocol::Consumer { None } else { in_use };
        if let Some(assignor) = in_use {
            if assignor != config.assignor {
                return Err(CommandError::new(
                    CommandErrorKind::Kafka(KafkaError::InconsistentGroupProtocol),
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
                brokers: self.brokers_usable_for_replicas(),
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
        let g = self.groups.entry(group_id.clone()).or_insert_with(|| {
            ConsumerGroup::new(&group_id, protocol, assignor, server_assignor, offsets_partition_for(&group_id, partitions), now)
        });
        if !g.has_members() {
            match &mut g.protocol {
                GroupProtocolState::Classic(c) if protocol == GroupProtocol::Classic => c.protocol_name = assignor,
                GroupProtocolState::Consumer(c) if protocol == GroupProtocol::Consumer => c.server_assignor = server_assignor,
                // An empty group of the other protocol starts afresh: Kafka deletes an empty
                // classic group and creates a consumer group in its place, and back
                // (`GroupMetadataManager.maybeDeleteEmptyClassicGroup`,
                // `maybeDeleteEmptyConsumerGroup`). Committed offsets stay.
                _ => g.protocol = ConsumerGroup::new_protocol_state(protocol, assignor, server_assignor, now),
            }
        }
        // The group's broker-side assignor, set by its first member, is the one that assigns.
        let group_server_assignor = g.consumer_protocol().map_or(server_assignor, |c| c.server_assignor);
        let topics = config.topics.clone();
        self.consumers.insert(id, Consumer::new(id, config, now));
        // With the consumer protocol the broker's assignor assigns; the client's is unused.
        let server_assignor = (protocol == GroupProtocol::Consumer).then_some(group_server_assignor);
        self.emit(EventKind::ConsumerStarted { consumer: id, group: group_id.clone(), topics, assignor, protocol, server_assignor });
        self.update_coordinator(&group_id);
        Ok(id)
    }

    pub(in crate::cluster) fn consumer_mut(&mut self, id: ConsumerId) -> Result<&mut Consumer, CommandError> {
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
        let now = self.now;
        let c = self.consumer_mut(id)?;
        c.state = ClientState::Crashed;
        // What its last poll handed over and it had not processed yet: the next owner of each
        // partition either receives it again (committed offset before it) or never does.
        let left = c.batch.take().map(|b| b.unprocessed(now, c.config.processing_ms_per_record)).unwrap_or_default();
        let left: Vec<_> = left.into_iter().filter(|(tp, _, _)| c.owned.contains(tp)).collect();
        let group = c.config.group_id.clone();
        self.emit(EventKind::ConsumerStopped { consumer: id, state: ClientState::Crashed });
        for (tp, from, to) in left {
            if let Some(g) = self.groups.get_mut(&group) {
                g.audit.unprocessed.entry(tp.clone()).or_default().push((from, to));
            }
            self.emit(EventKind::ProcessingInterrupted { group: group.clone(), consumer: id, partition: tp, from, to });
        }
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
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidConfig),
                "processing time must be at most 60000 ms per record",
            ));
        }
        self.consumer_mut(id)?.config.processing_ms_per_record = ms_per_record;
        Ok(())
    }

    pub(in crate::cluster) fn step_consumer(&mut self, id: ConsumerId) {
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
    pub(in crate::cluster) fn heartbeat(&mut self, id: ConsumerId) {
        let now = self.now;
        let Some(c) = self.consumers.get(&id) else { return };
        if c.phase != JoinPhase::Stable || now < c.next_heartbeat_ms || c.coordinator.is_none() {
            return;
        }
        let (group, member, generation) = (c.config.group_id.clone(), c.member_id.clone(), c.generation);
        let interval = c.config.heartbeat_interval_ms;
        let Some(g) = self.classic_group_mut(&group) else { return };
        let state = g.state;
        let g_generation = g.generation_id;
        let known = member.as_deref().and_then(|m| g.member_mut(m));
        let result = match known {
            None => Err(KafkaError::UnknownMemberId),
            Some(m) => {
                m.member.last_heartbeat_ms = now;
                match state {
                    ClassicGroupState::PreparingRebalance => Err(KafkaError::RebalanceInProgress),
                    _ if generation != g_generation => Err(KafkaError::IllegalGeneration),
                    _ => Ok(()),
                }
            }
        };
        let Some(c) = self.consumers.get_mut(&id) else { return };
        c.next_heartbeat_ms = TimeMs(now.0 + interval);
        match result {
            Ok(()) => {}
            Err(KafkaError::RebalanceInProgress) => c.rejoin_needed = true,
            Err(error) => {
                // `resetStateOnResponseError(HEARTBEAT, error, error != ILLEGAL_GENERATION)`: the
                // coordinator no longer knows the member, or its generation. The sandbox's
                // client gives its partitions up at once (Java's does in its next poll).
                self.reset_generation(id, error != KafkaError::IllegalGeneration);
                self.lose_partitions(id);
            }
        }
    }

    /// `AbstractCoordinator.resetStateAndRejoin`: after UNKNOWN_MEMBER_ID (the coordinator no
    /// longer knows the member, whose id goes too) or ILLEGAL_GENERATION (the id stays) the
    /// client forgets its generation and must rejoin. Its next `onJoinPrepare` then finds no
    /// generation and gives every partition it owns up as lost, without committing.
    pub(in crate::cluster) fn reset_generation(&mut self, id: ConsumerId, reset_member_id: bool) {
        let Some(c) = self.consumers.get_mut(&id) else { return };
        c.phase = JoinPhase::Unjoined;
        c.generation = -1;
        c.rejoin_needed = true;
        if reset_member_id {
            c.member_id = None;
        }
    }

    /// `onPartitionsLost`: the member is no longer in the group, so nothing it owns is its own
    /// any more; it commits nothing and owns nothing until it is assigned again.
    pub(in crate::cluster) fn lose_partitions(&mut self, id: ConsumerId) {
        let Some(c) = self.consumers.get(&id) else { return };
        if c.owned.is_empty() {
            return;
        }
        let (group, lost) = (c.config.group_id.clone(), c.owned.clone());
        self.release_owned(id);
        self.emit(EventKind::PartitionsRevoked { group, consumer: id, partitions: lost, lost: true, incremental: false });
    }

    /// One `poll()`: rejoin if needed, auto-commit when due, then fetch up to max.poll.records.
    pub(in crate::cluster) fn poll(&mut self, id: ConsumerId) {
        let now = self.now;
        let Some(c) = self.consumers.get_mut(&id) else { return };
        c.last_poll_ms = now;
        if c.batch.take().is_some() && !c.config.enable_auto_commit && !c.config.commit_before_processing && !c.config.never_commit {
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

    /// `onJoinPrepare`: with auto-commit, commit first (waiting for the answer); without a
    /// generation (reset by an error) everything owned is lost, otherwise eager assignors
    /// revoke everything; then JoinGroup.
    pub(in crate::cluster) fn prepare_join(&mut self, id: ConsumerId) {
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
        // The commit's answer may have reset the generation (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION).
        let stable_member = c.member_id.is_some() && c.generation >= 0;
        if !stable_member {
            // Generation reset (removed from the group): everything owned is lost.
            self.lose_partitions(id);
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

    /// The delivery check (`delivery_check.rs`) over the records a fetch hands the application
    /// for the first time (offsets the group had already received are redeliveries, counted
    /// apart); a read_committed consumer is not handed aborted records, and no consumer gets
    /// markers. Runs before the fetch's ranges join the group's delivered coverage. Returns the
    /// first finding and how many more this fetch found.
    fn check_delivery(
        &mut self,
        group: &str,
        delivered: &[(TopicPartition, Offset, Offset)],
        read_committed: bool,
    ) -> Option<(DeliveryFinding, u64)> {
        let Cluster { groups, topics, brokers, .. } = self;
        let g = groups.get_mut(group)?;
        let mut first: Option<DeliveryFinding> = None;
        let mut more = 0u64;
        for (tp, from, to) in delivered {
            if to <= from {
                continue;
            }
            let Some(p) = topics.get(&*tp.topic).and_then(|t| t.partitions.get(tp.partition as usize)) else { continue };
            let running = |b: &crate::ids::BrokerId| brokers.get(b).is_some_and(|x| x.running());
            let Some(log) = p.leader.filter(running).and_then(|l| p.logs.get(&l)) else { continue };
            let GroupAudit { delivered: covered, delivery, .. } = &mut g.audit;
            // Asked per record only when the fetched range meets what the group already had
            // (a redelivery); a fetch of new offsets, the usual one, skips the test.
            let covered = covered.get(tp).filter(|c| c.overlaps(from.0, to.0));
            let records = log.records_between(*from, *to).filter_map(|r| {
                let stamp = (*r.sent)?;
                let skip = covered.is_some_and(|c| c.contains(r.offset.0)) || (read_committed && !log.read_committed_visible(r));
                (!skip).then_some((r.offset, r.key.as_ref(), stamp))
            });
            let first_copy = |offset: Offset, stamp| {
                let floor = Offset((offset.0 - delivery_check::FIRST_COPY_SCAN_MAX).max(0));
                log.records_between(floor, offset).rev().find(|o| *o.sent == Some(stamp)).map(|o| o.offset)
            };
            let n = delivery.receive_all(tp, records, first_copy);
            if n > 0 {
                let newest = delivery.findings.len();
                match first {
                    None => {
                        first = delivery.findings.get(newest.saturating_sub(n as usize)).cloned();
                        more += n - 1;
                    }
                    Some(_) => more += n,
                }
            }
        }
        first.map(|f| (f, more))
    }

    /// A partition a crashed member was processing has a new owner, starting at `from` (the
    /// committed offset, or a reset): what the crashed member left below `from` is never
    /// processed (at-most-once); the rest comes again (at-least-once, counted as redelivered).
    fn settle_unprocessed(&mut self, group: &str, consumer: ConsumerId, delivered: &[(TopicPartition, Offset, Offset)]) {
        let Some(g) = self.groups.get_mut(group) else { return };
        if g.audit.unprocessed.is_empty() {
            return;
        }
        let mut skipped = Vec::new();
        for (tp, start, _) in delivered {
            for (from, to) in g.audit.unprocessed.remove(tp).unwrap_or_default() {
                if from < *start {
                    skipped.push((tp.clone(), from, Offset(to.0.min(start.0)), *start));
                }
            }
        }
        *g.audit.records_skipped += skipped.iter().map(|(_, from, to, _)| (to.0 - from.0) as u64).sum::<u64>();
        for (partition, from, to, start) in skipped {
            self.emit(EventKind::RecordsSkipped { group: group.to_string(), consumer, partition, from, to, start });
        }
    }

    /// Hands the application up to `max.poll.records` records from owned partitions, reading
    /// each from its leader up to the high watermark; positions advance at once (as in Java).
    pub(in crate::cluster) fn fetch(&mut self, id: ConsumerId) {
        let now = self.now;
        // Taken empty (it is cleared after each use) and put back empty.
        let mut delivered = std::mem::take(&mut self.scratch_delivered.0);
        self.fetch_into(id, now, &mut delivered);
        delivered.clear();
        self.scratch_delivered.0 = delivered;
    }

    pub(in crate::cluster) fn fetch_into(&mut self, id: ConsumerId, now: TimeMs, delivered: &mut Vec<(TopicPartition, Offset, Offset)>) {
        let Some(c) = self.consumers.get(&id) else { return };
        let group = c.config.group_id.clone();
        let mut budget = u64::from(c.config.max_poll_records);
        let reset = c.config.auto_offset_reset;
        let read_committed = c.config.isolation_level == IsolationLevel::ReadCommitted;
        let owned = &c.owned;
        // Rotate the starting partition so every partition gets its turn.
        let start = if owned.is_empty() { 0 } else { (now.0 / self.config.tick_ms.max(1)) as usize % owned.len() };
        let mut resets: Vec<(TopicPartition, Offset, OffsetResetReason)> = Vec::new();
        let mut failure: Option<ConsumerError> = None;
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
            // read_committed reads up to the last stable offset (`FetchIsolation.TXN_COMMITTED`);
            // `latest` for it is the LSO too (`ListOffsets` with READ_COMMITTED).
            let hw = match c.config.isolation_level {
                IsolationLevel::ReadCommitted => log.last_stable_offset(),
                IsolationLevel::ReadUncommitted => log.high_watermark(),
            };
            let (log_start, leo) = (log.log_start_offset(), log.log_end_offset());
            let position = match c.positions.get(tp) {
                Some(pos) if *pos < log_start || *pos > leo => {
                    // OFFSET_OUT_OF_RANGE (deleted by retention, or truncated by an unclean election).
                    match reset {
                        OffsetReset::Earliest => {
                            resets.push((tp.clone(), log_start, OffsetResetReason::OutOfRange));
                            log_start
                        }
                        OffsetReset::Latest => {
                            resets.push((tp.clone(), hw, OffsetResetReason::OutOfRange));
                            hw
                        }
                        OffsetReset::None => {
                            failure =
                                Some(ConsumerError::OffsetOutOfRange { partition: tp.clone(), position: *pos, log_start, log_end: leo });
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
                                resets.push((
                                    tp.clone(),
                                    log_start,
                                    if other.is_some() { OffsetResetReason::OutOfRange } else { OffsetResetReason::NoCommittedOffset },
                                ));
                                log_start
                            }
                            OffsetReset::Latest => {
                                resets.push((
                                    tp.clone(),
                                    hw,
                                    if other.is_some() { OffsetResetReason::OutOfRange } else { OffsetResetReason::NoCommittedOffset },
                                ));
                                hw
                            }
                            OffsetReset::None => {
                                failure = Some(ConsumerError::NoOffsetForPartition { partition: tp.clone() });
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
                g.audit.delivered.get_or_default(&tp).add(0, offset.0);
            }
            self.emit(EventKind::OffsetReset { group: group.clone(), consumer: id, partition: tp, offset, strategy: reset, reason: why });
        }
        self.settle_unprocessed(&group, id, delivered);
        let records: u64 = delivered.iter().map(|(_, from, to)| (to.0 - from.0).max(0) as u64).sum();
        let finding = self.check_delivery(&group, delivered, read_committed);
        let mut redelivered_events = Vec::new();
        if let Some(g) = self.groups.get_mut(&group) {
            for (tp, from, to) in delivered.iter() {
                let again = g.audit.delivered.get_or_default(tp).add(from.0, to.0);
                if again > 0 {
                    g.audit.records_redelivered += again;
                    redelivered_events.push((tp.clone(), *from, Offset(from.0 + again as i64), again));
                }
            }
        }
        let Some(c) = self.consumers.get_mut(&id) else { return };
        for (tp, _, to) in delivered.iter() {
            c.positions.insert(tp.clone(), *to);
        }
        c.records_delivered += records;
        let commit_first = records > 0 && c.config.commit_before_processing;
        if records > 0 {
            let ranges = delivered.iter().filter(|(_, from, to)| to > from).cloned().collect();
            c.batch = Some(crate::consumer::PollBatch {
                records,
                done_ms: TimeMs(now.0 + records * c.config.processing_ms_per_record),
                ranges: crate::not_state::NotState(ranges),
            });
        }
        if commit_first {
            // commitSync() of the positions just returned, before processing them.
            c.commit_due = true;
            if !c.commit_in_flight {
                self.send_commit(id);
            }
        }
        if records > 0 && self.foreground.is_some() {
            // kafka-console-consumer.sh prints what this poll returned.
            self.console_consumer_polled(id);
        }
        let mut again_total = 0;
        for (tp, from, to, n) in redelivered_events {
            again_total += n;
            self.emit(EventKind::Redelivered { group: group.clone(), consumer: id, partition: tp, from, to });
        }
        if let Some((finding, more)) = finding {
            self.emit(EventKind::DeliveryCheckFinding { group: group.clone(), consumer: id, finding, more });
        }
        if let Some(c) = self.consumers.get_mut(&id) {
            c.records_redelivered += again_total;
        }
    }
}
