//! OffsetCommit (classic `ConsumerCoordinator.sendOffsetCommitRequest` and its response
//! handler; the coordinator's `ClassicGroup.validateOffsetCommit`, or the member epoch check
//! of the consumer protocol): the client sends its positions, the coordinator validates the
//! member and appends one record per partition to the group's `__consumer_offsets` partition,
//! and the answer (when the high watermark passes the records) reaches the client.

use super::*;

impl Cluster {
    /// OffsetCommit of the consumer's positions (`commitAsync`/`commitSync` of `allConsumed()`).
    /// The coordinator validates member and generation (`ClassicGroup.validateOffsetCommit`) and
    /// appends one record per partition to the group's offsets partition.
    pub(in crate::cluster) fn send_commit(&mut self, consumer: ConsumerId) {
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
        let valid = match &g.protocol {
            _ if coordinator.is_none() => Err(KafkaError::CoordinatorNotAvailable),
            GroupProtocolState::Classic(cg) => match cg.state {
                ClassicGroupState::Dead => Err(KafkaError::CoordinatorNotAvailable),
                ClassicGroupState::Empty => Err(KafkaError::UnknownMemberId),
                ClassicGroupState::CompletingRebalance => Err(KafkaError::RebalanceInProgress),
                ClassicGroupState::PreparingRebalance | ClassicGroupState::Stable => match member.as_deref().and_then(|m| cg.member(m)) {
                    None => Err(KafkaError::UnknownMemberId),
                    Some(_) if generation != cg.generation_id => Err(KafkaError::IllegalGeneration),
                    Some(_) => Ok(()),
                },
            },
            // Consumer protocol: the commit's member epoch must be the member's.
            GroupProtocolState::Consumer(cg) => match cg.state {
                ConsumerGroupState::Dead => Err(KafkaError::CoordinatorNotAvailable),
                ConsumerGroupState::Empty => Err(KafkaError::UnknownMemberId),
                ConsumerGroupState::Assigning | ConsumerGroupState::Reconciling | ConsumerGroupState::Stable => {
                    match member.as_deref().and_then(|m| cg.member(m)) {
                        None => Err(KafkaError::UnknownMemberId),
                        Some(m) if generation != m.member_epoch => Err(KafkaError::StaleMemberEpoch),
                        Some(_) => Ok(()),
                    }
                }
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
        let segment_rule = t.config.segment_rule();
        let min_isr = t.min_isr_effective();
        let Some(p) = t.partitions.get_mut(partition as usize) else { return };
        let (Some(leader), epoch) = (p.leader, p.leader_epoch) else { return };
        let Some(log) = p.logs.get_mut(&leader) else { return };
        // One commit, one batch (`GroupMetadataManager.storeOffsets`), uncompressed
        // (`offsets.topic.compression.codec` is none by default).
        let mut batch = Vec::with_capacity(offsets.len());
        for (i, (tp, o)) in offsets.iter().enumerate() {
            let at = Offset(log.log_end_offset().0 + i as i64);
            batch.push(offset_commit_record(&group, tp, *o, at, epoch, now, self.next_record_id));
            self.next_record_id += 1;
        }
        append_commit_batch(log, batch, &segment_rule);
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

    pub(in crate::cluster) fn commit_done(&mut self, consumer: ConsumerId, outcome: Result<(), KafkaError>) {
        let Some(c) = self.consumers.get_mut(&consumer) else { return };
        c.commit_in_flight = false;
        match outcome {
            Ok(()) => c.commit_due = false,
            Err(error) => {
                let group = c.config.group_id.clone();
                if matches!(error, KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable) {
                    c.coordinator = None;
                }
                let alive = c.alive();
                if c.config.group_protocol == GroupProtocol::Classic
                    && matches!(error, KafkaError::IllegalGeneration | KafkaError::UnknownMemberId)
                {
                    // `OffsetCommitResponseHandler`: `resetStateOnResponseError(OFFSET_COMMIT,
                    // error, error != ILLEGAL_GENERATION)`, then CommitFailedException.
                    self.reset_generation(consumer, error == KafkaError::UnknownMemberId);
                }
                if alive {
                    self.emit(EventKind::CommitFailed { group, consumer, error });
                }
            }
        }
    }
}

impl Cluster {
    /// A committed transaction's offsets (`sendOffsetsToTransaction`) reach the group: written to
    /// its `__consumer_offsets` partition and visible to OffsetFetch from now on
    /// (`GroupMetadata.completePendingTxnOffsetCommit`). Kafka writes them at TxnOffsetCommit as
    /// pending records that the COMMIT marker makes visible; the sandbox writes them at the commit.
    pub(in crate::cluster) fn apply_txn_offsets(&mut self, mut txn: crate::transaction_metadata::TxnOffsets) {
        // Offsets of a topic deleted since `sendOffsetsToTransaction` went with it
        // (`onPartitionsDeleted` also drops pending transactional offsets).
        let topics = &self.topics;
        txn.offsets.retain(|tp, _| topics.get(&*tp.topic).is_some_and(|t| (tp.partition as usize) < t.partitions.len()));
        let group = txn.group;
        let partition = offsets_partition_for(&group, self.offsets_partitions());
        let now = self.now;
        if let Some(t) = self.topics.get_mut(OFFSETS_TOPIC) {
            let segment_rule = t.config.segment_rule();
            if let Some(p) = t.partitions.get_mut(partition as usize) {
                let epoch = p.leader_epoch;
                if let Some(log) = p.leader.and_then(|l| p.logs.get_mut(&l)) {
                    let mut batch = Vec::with_capacity(txn.offsets.len());
                    for (i, (tp, o)) in txn.offsets.iter().enumerate() {
                        let at = Offset(log.log_end_offset().0 + i as i64);
                        batch.push(offset_commit_record(&group, tp, *o, at, epoch, now, self.next_record_id));
                        self.next_record_id += 1;
                    }
                    append_commit_batch(log, batch, &segment_rule);
                }
            }
        }
        if let Some(g) = self.groups.get_mut(&group) {
            for (tp, o) in txn.offsets {
                g.committed.insert(tp, o);
            }
        }
    }
}

/// One offset commit as a record of the group's `__consumer_offsets` partition (key: group and
/// partition; value: the offset; headers name them for the sandbox's log view and its load).
fn offset_commit_record(
    group: &str,
    tp: &TopicPartition,
    o: Offset,
    offset: Offset,
    epoch: crate::ids::LeaderEpoch,
    now: TimeMs,
    record_id: u64,
) -> Record {
    let key = commit_key(group, tp);
    let value = o.0.to_string().into_bytes();
    let headers = vec![header("group", group), header("topic", &tp.topic), header("partition", &tp.partition.to_string())];
    let size = record_size_bytes(Some(key.len()), Some(value.len()), &headers);
    Record {
        offset,
        leader_epoch: epoch,
        timestamp_ms: now,
        key: Some(key.into()),
        value: Some(value.into()),
        headers,
        record_id,
        size_bytes: size,
        batch: Default::default(),
        producer: Default::default(),
        sent: Default::default(),
    }
}

/// Appends a commit's records to the offsets partition's leader log as one batch.
fn append_commit_batch(log: &mut crate::replica_log::ReplicaLog, mut batch: Vec<Record>, rule: &crate::log_segment::SegmentRule) {
    crate::log_batch::mark_batch(&mut batch, crate::record_batch::Compression::None);
    let batch: Vec<Arc<Record>> = batch.into_iter().map(Arc::new).collect();
    log.append_all(batch.iter(), rule);
}

impl Cluster {
    /// A deleted topic's offsets leave every group (`GroupCoordinatorService.onPartitionsDeleted`,
    /// `OffsetMetadataManager.onPartitionsDeleted`): the coordinator writes a tombstone for each
    /// offset it had committed for the topic's partitions, so a later load of the offsets
    /// partition does not bring them back. Commits still waiting for the high watermark no
    /// longer carry them, and the group's audit forgets them (a topic created again under the
    /// name is another topic: what was delivered from the old one is not a redelivery).
    pub(in crate::cluster) fn delete_offsets_of_topic(&mut self, topic: &str) {
        let groups: Vec<String> = self.groups.keys().cloned().collect();
        for group in groups {
            let Some(g) = self.groups.get_mut(&group) else { continue };
            for c in &mut g.pending_commits {
                c.offsets.retain(|(tp, _)| &*tp.topic != topic);
            }
            g.audit.unowned_since.retain(|tp, _| &*tp.topic != topic);
            g.audit.delivered.retain(|tp, _| &*tp.topic != topic);
            g.audit.unprocessed.0.retain(|tp, _| &*tp.topic != topic);
            let gone: Vec<TopicPartition> = g.committed.keys().filter(|tp| &*tp.topic == topic).cloned().collect();
            if gone.is_empty() {
                continue;
            }
            for tp in &gone {
                g.committed.remove(tp);
            }
            let partition = g.offsets_partition;
            self.append_offset_tombstones(&group, partition, &gone);
        }
    }

    /// Tombstones for `gone` on the leader of the group's offsets partition (none without a
    /// running leader: no coordinator is loaded there to write them).
    fn append_offset_tombstones(&mut self, group: &str, partition: u32, gone: &[TopicPartition]) {
        let now = self.now;
        let lag_max_ms = self.config.replica_lag_time_max_ms;
        let brokers = &self.brokers;
        let eligible = |b: crate::ids::BrokerId| brokers.get(&b).is_some_and(|x| x.isr_eligible());
        let rule = crate::partition::HwRule { now, lag_max_ms, isr_eligible: &eligible };
        let Some(t) = self.topics.get_mut(OFFSETS_TOPIC) else { return };
        let segment_rule = t.config.segment_rule();
        let min_isr = t.min_isr_effective();
        let Some(p) = t.partitions.get_mut(partition as usize) else { return };
        let (Some(leader), epoch) = (p.leader, p.leader_epoch) else { return };
        if !brokers.get(&leader).is_some_and(|b| b.running()) {
            return;
        }
        let Some(log) = p.logs.get_mut(&leader) else { return };
        let mut batch = Vec::with_capacity(gone.len());
        for (i, tp) in gone.iter().enumerate() {
            let at = Offset(log.log_end_offset().0 + i as i64);
            let key = commit_key(group, tp);
            let headers = vec![header("group", group), header("topic", &tp.topic), header("partition", &tp.partition.to_string())];
            let size = record_size_bytes(Some(key.len()), None, &headers);
            batch.push(Record {
                offset: at,
                leader_epoch: epoch,
                timestamp_ms: now,
                key: Some(key.into()),
                value: None,
                headers,
                record_id: self.next_record_id,
                size_bytes: size,
                batch: Default::default(),
                producer: Default::default(),
                sent: Default::default(),
            });
            self.next_record_id += 1;
        }
        append_commit_batch(log, batch, &segment_rule);
        p.maybe_increment_hw(min_isr, &rule);
    }
}
