//! What an admin client does to a group (`kafka-consumer-groups.sh --reset-offsets --execute`,
//! `--delete`): `Admin.alterConsumerGroupOffsets` and `Admin.deleteConsumerGroups`, answered by
//! the group's coordinator (`GroupMetadataManager`, `OffsetMetadataManager`).
//!
//! Both write to the group's `__consumer_offsets` partition, as the coordinator does, so that a
//! coordinator moving later reloads what they did (`load_offsets`): the new offsets as commit
//! records, a deletion as tombstones. The admin call returns at once with the coordinator's
//! cache updated (the sandbox runs a command in one step; Kafka's admin client waits for the
//! records to be replicated, which on a healthy cluster takes a few milliseconds).

use super::*;
use crate::ids::LeaderEpoch;

/// The most partitions one AlterGroupOffsets may carry (a sandbox bound, like the engine's
/// other per-command bounds).
pub const ALTER_OFFSETS_PARTITIONS_MAX: usize = 10_000;

impl Cluster {
    /// `Admin.alterConsumerGroupOffsets`: an OffsetCommit with generation -1 and no member id.
    ///
    /// The coordinator accepts it only from outside the group's membership: a classic group
    /// must be Empty (`ClassicGroup.validateOffsetCommit`: "generationId < 0 && isInState(EMPTY)"
    /// passes; a non-empty group answers UNKNOWN_MEMBER_ID), a consumer-protocol group must have
    /// no members (`ConsumerGroup.validateOffsetCommit`: an empty member id is unknown,
    /// UNKNOWN_MEMBER_ID). A Dead group answers COORDINATOR_NOT_AVAILABLE. An unknown group is
    /// created as an Empty classic group holding only offsets ("Creating a simple consumer group
    /// via manual offset commit", `OffsetMetadataManager`).
    ///
    /// Sandbox rules on top: the partitions must exist, and the offsets lie in `[0, HW]` (the
    /// tool clamps them into the log's range before it calls; the engine's invariants keep every
    /// committed offset at or below the high watermark).
    pub(crate) fn alter_group_offsets(&mut self, group: &str, offsets: &[(TopicPartition, Offset)]) -> Result<(), CommandError> {
        let max = crate::consumer::GROUP_ID_CHARS_MAX;
        if group.is_empty() || group.chars().count() > max || group.chars().any(char::is_control) {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidGroupId),
                format!("group.id must be 1 to {max} printable characters"),
            ));
        }
        if offsets.len() > ALTER_OFFSETS_PARTITIONS_MAX {
            return Err(CommandError::new(
                CommandErrorKind::LimitExceeded,
                format!("at most {ALTER_OFFSETS_PARTITIONS_MAX} partitions in one call"),
            ));
        }
        for (tp, o) in offsets {
            if tp.topic.as_ref() == OFFSETS_TOPIC {
                return Err(CommandError::new(
                    CommandErrorKind::Kafka(KafkaError::InvalidRequest),
                    "the sandbox does not let groups commit offsets of __consumer_offsets",
                ));
            }
            let Some(p) = self.partition(tp) else {
                return Err(CommandError::new(
                    CommandErrorKind::Kafka(KafkaError::UnknownTopicOrPartition),
                    format!("{tp} does not exist"),
                ));
            };
            let hw = p.high_watermark();
            if o.0 < 0 || *o > hw {
                return Err(CommandError::new(
                    CommandErrorKind::InvalidState,
                    format!("{tp}: offset {} is outside the log's committed range [0, {}]", o.0, hw.0),
                ));
            }
        }
        match self.groups.get(group).map(|g| &g.protocol) {
            Some(GroupProtocolState::Classic(g)) => match g.state {
                ClassicGroupState::Empty => {}
                ClassicGroupState::Dead => return Err(kafka(KafkaError::CoordinatorNotAvailable, "the group is dead")),
                ClassicGroupState::PreparingRebalance | ClassicGroupState::CompletingRebalance | ClassicGroupState::Stable => {
                    return Err(kafka(
                        KafkaError::UnknownMemberId,
                        &format!("group {group} has active members (it is {})", g.state.name()),
                    ));
                }
            },
            Some(GroupProtocolState::Consumer(g)) => {
                if g.state == ConsumerGroupState::Dead {
                    return Err(kafka(KafkaError::CoordinatorNotAvailable, "the group is dead"));
                }
                if !g.members.is_empty() {
                    return Err(kafka(
                        KafkaError::UnknownMemberId,
                        &format!("group {group} has active members (it is {})", g.state.name()),
                    ));
                }
            }
            None => {
                if self.groups.len() >= GROUPS_MAX {
                    return Err(CommandError::new(
                        CommandErrorKind::LimitExceeded,
                        format!("the sandbox holds at most {GROUPS_MAX} groups"),
                    ));
                }
            }
        }
        // FindCoordinator: creates the offsets topic when it does not exist yet.
        if let Err(e) = self.ensure_offsets_topic() {
            return Err(CommandError::new(CommandErrorKind::Kafka(KafkaError::CoordinatorNotAvailable), e.message));
        }
        let partitions = self.offsets_partitions();
        let offsets_partition = offsets_partition_for(group, partitions);
        let Some((leader, epoch)) = self.offsets_leader(offsets_partition) else {
            return Err(kafka(KafkaError::CoordinatorNotAvailable, "the group's coordinator is not available"));
        };
        let now = self.now;
        if !self.groups.contains_key(group) {
            let g = ConsumerGroup::new(group, GroupProtocol::Classic, AssignorName::Range, Default::default(), offsets_partition, now);
            self.groups.insert(group.to_string(), g);
            // The coordinator is the leader found above; set it now so the next tick does not
            // reload (and emit a move) for a group that was just created in place.
            if let Some(g) = self.groups.get_mut(group) {
                g.coordinator = Some(leader);
            }
        }
        let values: Vec<(TopicPartition, Option<Offset>)> = offsets.iter().map(|(tp, o)| (tp.clone(), Some(*o))).collect();
        self.append_offset_records(group, offsets_partition, leader, epoch, &values);
        if let Some(g) = self.groups.get_mut(group) {
            for (tp, o) in offsets {
                g.committed.insert(tp.clone(), *o);
                // An admin reset is a deliberate skip, as `auto.offset.reset` is: the offsets
                // below it count as handled for the delivery audit.
                g.audit.delivered.get_or_default(tp).add(0, o.0);
            }
        }
        let partitions = offsets.iter().map(|(tp, _)| tp).collect::<crate::vec_map::VecSet<_>>().len() as u32;
        self.emit(EventKind::GroupOffsetsAltered { group: group.to_string(), partitions });
        Ok(())
    }

    /// `Admin.deleteConsumerGroups` (`GroupMetadataManager.deleteGroups`): only an Empty group
    /// (`validateDeleteGroup`: NON_EMPTY_GROUP otherwise; an unknown or Dead group is
    /// GROUP_ID_NOT_FOUND). The group and its committed offsets go: tombstones for every
    /// offset are written to the group's `__consumer_offsets` partition.
    ///
    /// A consumer that is running but has not joined yet (its JoinGroup would recreate the group
    /// in Kafka) keeps a fresh, empty group to join in the sandbox.
    pub(crate) fn delete_group(&mut self, group: &str) -> Result<(), CommandError> {
        let Some(g) = self.groups.get(group) else {
            return Err(kafka(KafkaError::GroupIdNotFound, &format!("Group {group} not found.")));
        };
        let empty = match &g.protocol {
            GroupProtocolState::Classic(c) => match c.state {
                ClassicGroupState::Dead => return Err(kafka(KafkaError::GroupIdNotFound, &format!("Group {group} is in dead state."))),
                ClassicGroupState::Empty => true,
                _ => false,
            },
            GroupProtocolState::Consumer(c) => match c.state {
                ConsumerGroupState::Dead => return Err(kafka(KafkaError::GroupIdNotFound, &format!("Group {group} is in dead state."))),
                ConsumerGroupState::Empty => c.members.is_empty(),
                _ => false,
            },
        };
        if !empty {
            return Err(kafka(KafkaError::GroupNotEmpty, &format!("group {group} is {}", g.state_name())));
        }
        let offsets_partition = g.offsets_partition;
        let Some((leader, epoch)) = self.coordinator_of(group).and_then(|_| self.offsets_leader(offsets_partition)) else {
            return Err(kafka(KafkaError::CoordinatorNotAvailable, "the group's coordinator is not available"));
        };
        // Commits in flight finish first (those whose records reached the HW); the rest fail
        // as a coordinator change would fail them.
        self.complete_commits(group);
        let failed: Vec<ConsumerId> =
            self.groups.get_mut(group).map(|g| g.pending_commits.drain(..).map(|p| p.consumer).collect()).unwrap_or_default();
        for c in failed {
            self.commit_done(c, Err(KafkaError::CoordinatorNotAvailable));
        }
        let Some(removed) = self.groups.remove(group) else { return Ok(()) };
        let tombstones: Vec<(TopicPartition, Option<Offset>)> = removed.committed.keys().map(|tp| (tp.clone(), None)).collect();
        self.append_offset_records(group, offsets_partition, leader, epoch, &tombstones);
        // A running consumer of the group that has not joined: its next JoinGroup (or
        // heartbeat) finds a fresh group, as Kafka would create one.
        let waiting = self
            .consumers
            .values()
            .find(|c| c.alive() && c.config.group_id == group)
            .map(|c| (c.config.group_protocol, c.config.assignor, c.config.remote_assignor));
        if let Some((protocol, assignor, server_assignor)) = waiting {
            let mut g = ConsumerGroup::new(group, protocol, assignor, server_assignor, offsets_partition, self.now);
            g.coordinator = Some(leader);
            self.groups.insert(group.to_string(), g);
        }
        self.emit(EventKind::GroupDeleted { group: group.to_string() });
        Ok(())
    }

    /// `Admin.deleteConsumerGroupOffsets`, answered by `OffsetMetadataManager.deleteOffsets`:
    /// an unknown or Dead group is GROUP_ID_NOT_FOUND (`validateOffsetDelete`; a classic group
    /// of the "consumer" protocol type, as every group here is, may be active). Then per topic:
    /// if a member subscribes to it (`isSubscribedToTopic`), each of its partitions answers
    /// GROUP_SUBSCRIBED_TO_TOPIC; otherwise each partition is answered without error, and a
    /// tombstone is written for those with a committed offset. A partition the cluster does not
    /// have is UNKNOWN_TOPIC_OR_PARTITION.
    pub(crate) fn delete_group_offsets(
        &mut self,
        group: &str,
        partitions: &[TopicPartition],
    ) -> Result<Vec<(TopicPartition, Option<KafkaError>)>, CommandError> {
        if partitions.len() > ALTER_OFFSETS_PARTITIONS_MAX {
            return Err(CommandError::new(
                CommandErrorKind::LimitExceeded,
                format!("at most {ALTER_OFFSETS_PARTITIONS_MAX} partitions in one call"),
            ));
        }
        let Some(g) = self.groups.get(group) else {
            return Err(kafka(KafkaError::GroupIdNotFound, &format!("Group {group} not found.")));
        };
        if g.state_name() == "Dead" {
            return Err(kafka(KafkaError::GroupIdNotFound, &format!("Group {group} is in dead state.")));
        }
        let subscribed: crate::vec_map::VecSet<&str> = g.members().flat_map(|m| m.topics.iter().map(String::as_str)).collect();
        let mut answers = Vec::with_capacity(partitions.len());
        let mut tombstones = Vec::new();
        for tp in partitions {
            // KafkaApis.handleOffsetDeleteRequest answers a partition the metadata does not
            // have before the coordinator sees the request.
            if self.partition(tp).is_none() {
                answers.push((tp.clone(), Some(KafkaError::UnknownTopicOrPartition)));
            } else if subscribed.contains(tp.topic.as_ref()) {
                answers.push((tp.clone(), Some(KafkaError::GroupSubscribedToTopic)));
            } else {
                answers.push((tp.clone(), None));
                if g.committed.contains_key(tp) && !tombstones.iter().any(|(t, _)| t == tp) {
                    tombstones.push((tp.clone(), None));
                }
            }
        }
        if !tombstones.is_empty() {
            let offsets_partition = g.offsets_partition;
            let Some((leader, epoch)) = self.coordinator_of(group).and_then(|_| self.offsets_leader(offsets_partition)) else {
                return Err(kafka(KafkaError::CoordinatorNotAvailable, "the group's coordinator is not available"));
            };
            self.append_offset_records(group, offsets_partition, leader, epoch, &tombstones);
            if let Some(g) = self.groups.get_mut(group) {
                for (tp, _) in &tombstones {
                    g.committed.remove(tp);
                }
            }
        }
        self.emit(EventKind::GroupOffsetsDeleted { group: group.to_string(), partitions: tombstones.len() as u32 });
        Ok(answers)
    }

    /// The leader of `__consumer_offsets` partition `partition`, if it is running, and its epoch.
    fn offsets_leader(&self, partition: u32) -> Option<(crate::ids::BrokerId, LeaderEpoch)> {
        let p = self.topics.get(OFFSETS_TOPIC)?.partitions.get(partition as usize)?;
        let leader = p.leader?;
        self.running(leader).then_some((leader, p.leader_epoch))
    }

    /// Appends one batch to the leader's log of the group's offsets partition: a commit record
    /// per `Some` offset, a tombstone per `None` (`GroupMetadataManager.storeOffsets`,
    /// `deleteGroups`; uncompressed, as `offsets.topic.compression.codec` is none by default).
    fn append_offset_records(
        &mut self,
        group: &str,
        partition: u32,
        leader: crate::ids::BrokerId,
        epoch: LeaderEpoch,
        values: &[(TopicPartition, Option<Offset>)],
    ) {
        if values.is_empty() {
            return;
        }
        let now = self.now;
        let lag_max_ms = self.config.replica_lag_time_max_ms;
        let mut next_record_id = self.next_record_id;
        let brokers = &self.brokers;
        let eligible = |b: crate::ids::BrokerId| brokers.get(&b).is_some_and(|x| x.isr_eligible());
        let rule = crate::partition::HwRule { now, lag_max_ms, isr_eligible: &eligible };
        let Some(t) = self.topics.get_mut(OFFSETS_TOPIC) else { return };
        let segment_rule = t.config.segment_rule();
        let min_isr = t.min_isr_effective();
        let Some(p) = t.partitions.get_mut(partition as usize) else { return };
        let Some(log) = p.logs.get_mut(&leader) else { return };
        let mut batch = Vec::with_capacity(values.len());
        for (i, (tp, o)) in values.iter().enumerate() {
            let at = Offset(log.log_end_offset().0 + i as i64);
            let key = commit_key(group, tp);
            let value: Option<Vec<u8>> = o.map(|o| o.0.to_string().into_bytes());
            let headers = vec![header("group", group), header("topic", &tp.topic), header("partition", &tp.partition.to_string())];
            let size = record_size_bytes(Some(key.len()), value.as_ref().map(|v| v.len()), &headers);
            batch.push(Record {
                offset: at,
                leader_epoch: epoch,
                timestamp_ms: now,
                key: Some(key.into()),
                value: value.map(Into::into),
                headers,
                record_id: next_record_id,
                size_bytes: size,
                batch: Default::default(),
                producer: Default::default(),
                sent: Default::default(),
            });
            next_record_id += 1;
        }
        crate::log_batch::mark_batch(&mut batch, crate::record_batch::Compression::None);
        let batch: Vec<Arc<Record>> = batch.into_iter().map(Arc::new).collect();
        log.append_all(batch.iter(), &segment_rule);
        p.maybe_increment_hw(min_isr, &rule);
        self.next_record_id = next_record_id;
    }
}

fn kafka(error: KafkaError, message: &str) -> CommandError {
    CommandError::new(CommandErrorKind::Kafka(error), message)
}

#[cfg(test)]
mod tests {
    use crate::command::{Command, CommandErrorKind};
    use crate::config::{ClusterConfig, TopicConfig};
    use crate::consumer::ConsumerConfig;
    use crate::ids::{Offset, TopicPartition};
    use crate::kafka_error::KafkaError;
    use crate::Cluster;

    fn cluster() -> Cluster {
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 5, ..ClusterConfig::default() }).unwrap();
        c.apply(Command::CreateTopic { name: "t".into(), partitions: 2, replication_factor: 3, config: TopicConfig::default() }).unwrap();
        for i in 0..6 {
            c.apply(Command::Produce(crate::ProduceRequest::keyed("t", &format!("k{i}"), "v", crate::event::Acks::All))).unwrap();
        }
        c.apply(Command::Advance { steps: 200 }).unwrap();
        c
    }

    #[test]
    fn alter_creates_an_unknown_group_and_survives_a_coordinator_reload() {
        let mut c = cluster();
        let tp = TopicPartition::new("t", 0);
        let hw = c.partition(&tp).unwrap().high_watermark();
        c.apply(Command::AlterGroupOffsets { group: "g".into(), offsets: vec![(tp.clone(), hw)] }).unwrap();
        assert_eq!(c.group("g").unwrap().committed.get(&tp), Some(&hw));
        assert_eq!(c.group("g").unwrap().state_name(), "Empty");
        c.apply(Command::Advance { steps: 100 }).unwrap();
        let p = c.group("g").unwrap().offsets_partition;
        assert_eq!(c.load_offsets("g", p).get(&tp), Some(&hw), "the commit is in the offsets log");
        let too_far = Offset(hw.0 + 1);
        let e = c.apply(Command::AlterGroupOffsets { group: "g".into(), offsets: vec![(tp, too_far)] }).unwrap_err();
        assert_eq!(e.kind, CommandErrorKind::InvalidState);
    }

    #[test]
    fn alter_and_delete_refuse_groups_with_members() {
        let mut c = cluster();
        let config = ConsumerConfig { group_id: "g".into(), topics: vec!["t".into()], ..ConsumerConfig::default() };
        c.apply(Command::AddConsumer { config }).unwrap();
        c.apply(Command::Advance { steps: 300 }).unwrap();
        assert_eq!(c.group("g").unwrap().state_name(), "Stable");
        let tp = TopicPartition::new("t", 0);
        let e = c.apply(Command::AlterGroupOffsets { group: "g".into(), offsets: vec![(tp, Offset(0))] }).unwrap_err();
        assert_eq!(e.kind, CommandErrorKind::Kafka(KafkaError::UnknownMemberId));
        let e = c.apply(Command::DeleteGroup { group: "g".into() }).unwrap_err();
        assert_eq!(e.kind, CommandErrorKind::Kafka(KafkaError::GroupNotEmpty));
        let e = c.apply(Command::DeleteGroup { group: "nope".into() }).unwrap_err();
        assert_eq!(e.kind, CommandErrorKind::Kafka(KafkaError::GroupIdNotFound));
    }

    #[test]
    fn delete_removes_the_group_and_tombstones_its_offsets() {
        let mut c = cluster();
        let tp = TopicPartition::new("t", 1);
        c.apply(Command::AlterGroupOffsets { group: "g".into(), offsets: vec![(tp.clone(), Offset(1))] }).unwrap();
        let p = c.group("g").unwrap().offsets_partition;
        c.apply(Command::DeleteGroup { group: "g".into() }).unwrap();
        assert!(c.group("g").is_none());
        c.apply(Command::Advance { steps: 100 }).unwrap();
        assert!(c.load_offsets("g", p).is_empty(), "tombstones hide the old commit");
    }

    #[test]
    fn delete_offsets_spares_subscribed_topics_and_tombstones_the_rest() {
        let mut c = cluster();
        c.apply(Command::CreateTopic { name: "u".into(), partitions: 1, replication_factor: 3, config: TopicConfig::default() }).unwrap();
        let (t0, u0) = (TopicPartition::new("t", 0), TopicPartition::new("u", 0));
        c.apply(Command::AlterGroupOffsets { group: "g".into(), offsets: vec![(t0.clone(), Offset(1)), (u0.clone(), Offset(0))] }).unwrap();
        // A member subscribing to t only: t's offsets are in use, u's are not.
        let config = ConsumerConfig { group_id: "g".into(), topics: vec!["t".into()], ..ConsumerConfig::default() };
        c.apply(Command::AddConsumer { config }).unwrap();
        c.apply(Command::Advance { steps: 300 }).unwrap();
        let asked = vec![t0.clone(), u0.clone(), TopicPartition::new("u", 9)];
        let out = c.apply(Command::DeleteGroupOffsets { group: "g".into(), partitions: asked }).unwrap();
        assert_eq!(
            out,
            crate::command::Outcome::OffsetsDeleted(vec![
                (t0.clone(), Some(KafkaError::GroupSubscribedToTopic)),
                (u0.clone(), None),
                (TopicPartition::new("u", 9), Some(KafkaError::UnknownTopicOrPartition)),
            ])
        );
        let g = c.group("g").unwrap();
        assert!(g.committed.contains_key(&t0) && !g.committed.contains_key(&u0));
        let p = g.offsets_partition;
        c.apply(Command::Advance { steps: 100 }).unwrap();
        assert!(!c.load_offsets("g", p).contains_key(&u0), "a coordinator reloading the log finds the tombstone");
        let e = c.apply(Command::DeleteGroupOffsets { group: "nope".into(), partitions: vec![u0] }).unwrap_err();
        assert_eq!(e.kind, CommandErrorKind::Kafka(KafkaError::GroupIdNotFound));
    }
}
