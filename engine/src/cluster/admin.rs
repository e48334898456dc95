//! Topics as the admin API and the controller handle them (`ReplicationControlManager`,
//! `ConfigurationControlManager`): create (with replica placement), add partitions, alter
//! topic configs, and their validation.

use super::*;
use crate::kafka_error::KafkaError;

impl Cluster {
    pub(crate) fn create_topic(
        &mut self,
        name: &str,
        partitions: u32,
        replication_factor: u32,
        config: TopicConfig,
    ) -> Result<(), CommandError> {
        validate_new_topic_name(name, self.topics.keys().map(String::as_str)).map_err(|e| {
            let kind = match e.kafka_error() {
                "TOPIC_ALREADY_EXISTS" => CommandErrorKind::Kafka(KafkaError::TopicAlreadyExists),
                "INVALID_REQUEST" => CommandErrorKind::Kafka(KafkaError::InvalidRequest),
                _ => CommandErrorKind::Kafka(KafkaError::InvalidTopicException),
            };
            CommandError::new(kind, e.to_string())
        })?;
        if self.topics.len() as u32 >= TOPICS_MAX {
            return Err(CommandError::new(CommandErrorKind::LimitExceeded, format!("the sandbox holds at most {TOPICS_MAX} topics")));
        }
        if partitions == 0 || partitions > PARTITIONS_PER_TOPIC_MAX {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidPartitions),
                format!("Number of partitions must be 1 to {PARTITIONS_PER_TOPIC_MAX} in the sandbox, not {partitions}."),
            ));
        }
        self.create_topic_unchecked(name, partitions, replication_factor, config)
    }

    /// Creates a topic whose name was already checked (or is internal, like `__consumer_offsets`).
    pub(super) fn create_topic_unchecked(
        &mut self,
        name: &str,
        partitions: u32,
        replication_factor: u32,
        config: TopicConfig,
    ) -> Result<(), CommandError> {
        self.check_partition_total(partitions)?;
        crate::topic_config::validate(&config)?;
        if replication_factor == 0 {
            // `ReplicationControlManager.createTopic`, before placement.
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidReplicationFactor),
                "Replication factor must be larger than 0, or -1 to use the default value.",
            ));
        }
        let layout = self.place_replicas(partitions, replication_factor)?;
        let now = self.now;
        // One name for all of the topic's partitions: maps keyed by `TopicPartition` compare
        // names by pointer first (`ids.rs`), so every partition must share it.
        let shared: Arc<str> = Arc::from(name);
        let parts = layout
            .into_iter()
            .enumerate()
            .map(|(p, (replicas, isr))| Partition::new(TopicPartition::new(Arc::clone(&shared), p as u32), replicas, isr, now))
            .collect();
        self.topics_created += 1;
        let topic_id = crate::ids::Uuid::derived(
            &[self.config.seed, self.topics_created].into_iter().chain(crate::ids::Uuid::parts_of(name)).collect::<Vec<_>>(),
        );
        self.topics.insert(name.to_string(), Topic { name: name.to_string(), topic_id, replication_factor, config, partitions: parts });
        self.emit(EventKind::TopicCreated { topic: name.to_string(), partitions, replication_factor });
        Ok(())
    }

    pub(super) fn check_partition_total(&self, adding: u32) -> Result<(), CommandError> {
        let total: usize = self.topics.values().map(|t| t.partitions.len()).sum();
        if total as u32 + adding > PARTITIONS_TOTAL_MAX {
            return Err(CommandError::new(
                CommandErrorKind::LimitExceeded,
                format!("the sandbox holds at most {PARTITIONS_TOTAL_MAX} partitions in all ({total} exist)"),
            ));
        }
        Ok(())
    }

    /// `StripedReplicaPlacer` over the usable brokers (every registered broker not in
    /// controlled shutdown, fenced ones as followers only), then each partition's ISR: its
    /// active replicas (`ReplicationControlManager.createTopic`/`createPartitions`). Errors are
    /// the controller's INVALID_REPLICATION_FACTOR messages.
    /// Brokers new replicas may be placed on: registered and not in controlled shutdown
    /// (`ClusterControlManager.usableBrokers`). A stopped broker stays registered, but one that
    /// shut down cleanly is not usable until it registers again.
    pub fn brokers_usable_for_replicas(&self) -> u32 {
        self.brokers.values().filter(|b| !b.controlled_shutdown).count() as u32
    }

    pub(super) fn place_replicas(&mut self, count: u32, replication_factor: u32) -> Result<Vec<PlacedPartition>, CommandError> {
        let usable: Vec<(BrokerId, bool)> = self.brokers.values().filter(|b| !b.controlled_shutdown).map(|b| (b.id, b.fenced)).collect();
        let invalid = |detail: String| {
            CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidReplicationFactor),
                format!("Unable to replicate the partition {replication_factor} time(s): {detail}"),
            )
        };
        let layout = place(&usable, count, replication_factor, &mut self.rng).map_err(|e| invalid(e.to_string()))?;
        let brokers = &self.brokers;
        let out: Vec<(Vec<BrokerId>, Vec<BrokerId>)> = layout
            .into_iter()
            .map(|replicas| {
                let isr = replicas.iter().copied().filter(|b| brokers.get(b).is_some_and(|x| x.isr_eligible())).collect();
                (replicas, isr)
            })
            .collect();
        if out.iter().any(|(_, isr)| isr.is_empty()) {
            return Err(invalid("All brokers are currently fenced or in controlled shutdown.".into()));
        }
        Ok(out)
    }

    /// `kafka-configs.sh --alter --entity-type topics`: validated as a whole
    /// (`ControllerConfigurationValidator` → `LogConfig.validate`), then the new configs
    /// replace the old ones. Everything that reads a topic config (produce, the replication
    /// pass, elections, retention and the cleaner) reads it afresh, so the change applies from
    /// the next produce or step.
    pub(crate) fn alter_topic_config(&mut self, topic: &str, set: &[(String, String)], delete: &[String]) -> Result<(), CommandError> {
        if crate::topic_name::INTERNAL_TOPICS.contains(&topic) {
            // The group coordinators rely on __consumer_offsets being compacted.
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidRequest),
                format!("The sandbox does not alter internal topic {topic}"),
            ));
        }
        let t = self.topics.get(topic).ok_or_else(|| unknown_topic(topic))?;
        let next = crate::topic_config::altered(&t.config, set, delete)?;
        let set_canonical: Vec<(String, String)> = set
            .iter()
            .map(|(k, _)| (k.trim().to_string(), crate::topic_config::config_value(&next, k.trim()).unwrap_or_default()))
            .collect();
        let deleted: Vec<String> = delete.iter().map(|k| k.trim().to_string()).collect();
        let min_isr_altered =
            set_canonical.iter().any(|(k, _)| k == "min.insync.replicas") || deleted.iter().any(|k| k == "min.insync.replicas");
        let clear_elr = min_isr_altered && self.config.eligible_leader_replicas_enable;
        let now = self.now;
        if let Some(t) = self.topics.get_mut(topic) {
            t.config = next;
            if clear_elr {
                // KIP-966 (KAFKA-16540): an update of a topic's min.insync.replicas, even to the
                // same value, makes the controller write a `ClearElrRecord` for the topic: every
                // partition's ELR and LastKnownElr are emptied (`ReplicationControlManager`
                // replays it as a partition change), since they were chosen against the old value.
                for p in &mut t.partitions {
                    p.apply_change(None, None, Some((Vec::new(), Vec::new())), now);
                }
            }
        }
        self.emit(EventKind::TopicConfigChanged { topic: topic.to_string(), set: set_canonical, deleted });
        Ok(())
    }

    pub(crate) fn add_partitions(&mut self, topic: &str, total: u32) -> Result<(), CommandError> {
        if crate::topic_name::INTERNAL_TOPICS.contains(&topic) {
            // Growing __consumer_offsets would move every group's coordinator partition.
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidRequest),
                format!("The sandbox does not alter internal topic {topic}"),
            ));
        }
        let t = self.topics.get(topic).ok_or_else(|| unknown_topic(topic))?;
        let current = t.partitions.len() as u32;
        // `ReplicationControlManager.createPartitions` (KRaft's messages).
        if total == current {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidPartitions),
                format!("Topic already has {current} partition(s)."),
            ));
        }
        if total < current {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidPartitions),
                format!("The topic {topic} currently has {current} partition(s); {total} would not be an increase."),
            ));
        }
        if total > PARTITIONS_PER_TOPIC_MAX {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidPartitions),
                format!("Number of partitions must be at most {PARTITIONS_PER_TOPIC_MAX} in the sandbox."),
            ));
        }
        self.check_partition_total(total - current)?;
        let rf = t.replication_factor;
        let layout = self.place_replicas(total - current, rf)?;
        let now = self.now;
        if let Some(t) = self.topics.get_mut(topic) {
            let shared: Arc<str> = t.partitions.first().map_or_else(|| Arc::from(topic), |p| Arc::clone(&p.tp.topic));
            for (i, (replicas, isr)) in layout.into_iter().enumerate() {
                t.partitions.push(Partition::new(TopicPartition::new(Arc::clone(&shared), current + i as u32), replicas, isr, now));
            }
        }
        self.emit(EventKind::PartitionsAdded { topic: topic.to_string(), from: current, to: total });
        // The group leader notices the new partitions in its metadata and triggers a rebalance
        // (ConsumerCoordinator's metadata snapshot check); every subscriber rejoins.
        // With the consumer protocol the coordinator itself sees the metadata change and moves
        // the group epoch.
        let mut bump = Vec::new();
        for c in self.consumers.values_mut() {
            if c.alive() && c.config.topics.iter().any(|t| t == topic) {
                match c.config.group_protocol {
                    crate::consumer::GroupProtocol::Classic => c.rejoin_needed = true,
                    crate::consumer::GroupProtocol::Consumer => bump.push(c.config.group_id.clone()),
                }
            }
        }
        bump.sort();
        bump.dedup();
        for g in bump {
            if self.groups.get(&g).is_some_and(|g| g.has_members()) {
                self.bump_group_epoch_loaded(&g, RebalanceReason::PartitionsAdded { topic: topic.to_string(), partitions: total });
            }
        }
        Ok(())
    }
}

/// A new partition's replicas (the first is the preferred leader) and its first ISR.
pub(super) type PlacedPartition = (Vec<BrokerId>, Vec<BrokerId>);

pub(super) fn unknown_topic(topic: &str) -> CommandError {
    CommandError::new(
        CommandErrorKind::Kafka(KafkaError::UnknownTopicOrPartition),
        format!("This server does not host this topic-partition: topic '{topic}' does not exist"),
    )
}

impl Cluster {
    /// `Admin.deleteTopics` (`kafka-topics.sh --delete`), as KRaft does it: the controller
    /// writes a `RemoveTopicRecord` (`ReplicationControlManager.deleteTopic`) and every broker
    /// applying it stops and deletes its replicas at once (`ReplicaManager.applyDelta`): the
    /// topic, its partitions and their logs are gone in one step. Then what referred to it:
    ///
    /// * acks=all requests waiting in its partitions' purgatories fail with
    ///   UNKNOWN_TOPIC_OR_PARTITION (`DelayedProduce` finds no partition);
    /// * producer clients lose its sticky partitions; their next metadata refresh finds no
    ///   leader for its partitions, so what waits for it expires after `delivery.timeout.ms`
    ///   and what is in flight is answered UNKNOWN_TOPIC_OR_PARTITION and retried until then,
    ///   as Kafka's producer does (`sender.rs`);
    /// * the continuous load sending to it stops (its producer closes, see `stop_load`): an
    ///   application's `send()` to a topic missing from metadata would block for
    ///   `max.block.ms` and throw, every time;
    /// * groups forget its committed offsets, with tombstones in `__consumer_offsets`
    ///   (`GroupCoordinatorService.onPartitionsDeleted`);
    /// * consumers lose their positions in it, and the groups subscribed to it rebalance: a
    ///   classic member sees its metadata change and rejoins (`ConsumerCoordinator`), a
    ///   consumer-protocol group's epoch moves (the coordinator sees the new metadata image),
    ///   and the new assignment no longer has its partitions.
    ///
    /// Kafka 4.x's controller deletes internal topics too (nothing in `ControllerApis` or
    /// `ReplicationControlManager` refuses it); the sandbox refuses, as it refuses to alter
    /// them: its group and transaction coordinators rely on them.
    pub(super) fn delete_topic(&mut self, topic: &str) -> Result<(), CommandError> {
        if crate::topic_name::INTERNAL_TOPICS.contains(&topic) {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidRequest),
                format!("The sandbox does not delete internal topic {topic}"),
            ));
        }
        let Some(t) = self.topics.remove(topic) else { return Err(unknown_topic(topic)) };
        let partitions = t.partitions.len() as u32;
        let mut failed = Vec::new();
        for p in t.partitions {
            for r in p.pending {
                failed.push(EventKind::ProduceFailed {
                    request: r.request,
                    partition: p.tp.clone(),
                    error: KafkaError::UnknownTopicOrPartition,
                    acks: r.acks,
                    // No cause names a deleted topic yet (event.rs).
                    cause: crate::event::ProduceFailureCause::Unknown,
                });
            }
        }
        self.sticky.remove(topic);
        for client in self.producers.0.clients.values_mut() {
            client.sticky.remove(topic);
        }
        if self.load.0.as_ref().is_some_and(|l| &*l.topic == topic) {
            self.stop_load();
        }
        self.delete_offsets_of_topic(topic);
        let mut bump = Vec::new();
        for c in self.consumers.values_mut() {
            c.positions.retain(|tp, _| &*tp.topic != topic);
            if c.alive() && c.config.topics.iter().any(|t| t == topic) {
                match c.config.group_protocol {
                    crate::consumer::GroupProtocol::Classic => c.rejoin_needed = true,
                    crate::consumer::GroupProtocol::Consumer => bump.push(c.config.group_id.clone()),
                }
            }
        }
        self.emit(EventKind::TopicDeleted { topic: topic.to_string(), partitions });
        for e in failed {
            self.emit(e);
        }
        bump.sort();
        bump.dedup();
        for g in bump {
            if self.groups.get(&g).is_some_and(|g| g.has_members()) {
                // "Metadata for topic T changed": the topic now has no partitions. (A reason of
                // its own, `TopicDeleted`, would need event.rs.)
                self.bump_group_epoch_loaded(&g, RebalanceReason::TopicDeleted { topic: topic.to_string() });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::cluster::Cluster;
    use crate::command::{Command, ProduceRecord, ProduceRequest};
    use crate::config::{ClusterConfig, TopicConfig};
    use crate::event::Acks;

    /// The null-key partitioners forget a deleted topic: the cluster's (one-shot produce
    /// requests) and each producer client's.
    #[test]
    fn deletion_drops_the_sticky_partitions() {
        let mut c = Cluster::new(ClusterConfig::default()).expect("cluster");
        let create = Command::CreateTopic { name: "t".into(), partitions: 3, replication_factor: 3, config: TopicConfig::default() };
        c.apply(create).expect("create");
        let mut one_shot = ProduceRequest::keyed("t", "k", "v", Acks::Leader);
        one_shot.key = None;
        c.apply(Command::Produce(one_shot)).expect("produce");
        let p = c.apply(Command::CreateProducer { config: vec![] }).expect("producer").producer().expect("handle");
        let mut record = ProduceRecord::keyed("t", "k", "v");
        record.key = None;
        c.apply(Command::Send { producer: p, record }).expect("send");
        assert!(c.sticky.contains_key("t"));
        assert!(c.producer(p).is_some_and(|client| client.sticky.contains_key("t")));
        c.apply(Command::DeleteTopic { topic: "t".into() }).expect("delete");
        assert!(!c.sticky.contains_key("t"));
        assert!(c.producer(p).is_some_and(|client| !client.sticky.contains_key("t")));
    }
}
