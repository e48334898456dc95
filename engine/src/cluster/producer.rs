//! The produce path: the client's partitioner (murmur2 for keys, the sticky partitioner for
//! null keys, KIP-794), the leader's checks and append (`Partition.appendRecordsToLeader`),
//! the acks=all purgatory (`DelayedProduce`), and the continuous load, which sends through a
//! producer client of its own (`sender.rs`).

use super::*;

impl Cluster {
    /// `StartLoad`: the load and its producer client (Kafka 4.x's defaults, the load's `acks`,
    /// then `producer_config`, which may override either). A running load is replaced: its
    /// producer is closed once the new one exists (a refused start leaves the old load running).
    pub(super) fn start_load(
        &mut self,
        topic: &str,
        rate_per_s: u32,
        key_count: u32,
        acks: Acks,
        producer_config: &[(String, String)],
    ) -> Result<(), CommandError> {
        if !self.topics.contains_key(topic) {
            return Err(unknown_topic(topic));
        }
        // Seeded from the cluster and the moment it starts (as the page seeded it).
        let seed = self.config.seed ^ self.now.0;
        let mut load = LoadGenerator::new(topic, rate_per_s, key_count, acks, seed)?;
        let mut pairs = Vec::with_capacity(producer_config.len() + 1);
        pairs.push(("acks".to_string(), acks.label().to_string()));
        pairs.extend(producer_config.iter().cloned());
        let handle = self.create_producer(&pairs)?;
        load.producer = Some(handle);
        if let Some(p) = self.producer(handle) {
            load.acks = p.config.acks;
        }
        self.stop_load();
        self.load.0 = Some(load);
        Ok(())
    }

    /// `StopLoad`: the application stops sending and closes its producer, which still sends
    /// what waits and goes away once every answer is in (`KafkaProducer.close()`).
    pub(super) fn stop_load(&mut self) {
        let Some(load) = self.load.0.take() else { return };
        if let Some(h) = load.producer {
            // Already closing (or gone) is fine: there is nothing more to close.
            let _ = self.close_producer(h);
        }
    }

    /// The load's records for one tick, handed to its producer's `send()` before the tick's
    /// work (as an application sending during the interval would). A refused send (the
    /// producer's `buffer.memory` is full: Kafka's `send()` would block the application) ends
    /// the load's sending for this tick.
    pub(super) fn step_load(&mut self) {
        let Some(mut load) = self.load.0.take() else { return };
        if let Some(producer) = load.producer {
            let tick_ms = self.config.tick_ms;
            let topic = Arc::clone(&load.topic);
            let refused = {
                let mut records = load.records_for(tick_ms);
                // The load's records share their topic, partition (none) and headers (none).
                match self.check_send(producer, &topic, None, &[]) {
                    Ok((count, topic)) => records.any(|record| self.send_checked(producer, record, count, &topic).is_err()),
                    // As when its first record is refused: that record is taken, none after it.
                    Err(_) => records.next().is_some(),
                }
            };
            load.refused += u64::from(refused);
        }
        self.load.0 = Some(load);
    }

    /// The load's counts are its producer's (`ProducerStats`), after its sender's tick.
    pub(super) fn copy_load_stats(&mut self) {
        let Some(load) = self.load.0.as_mut() else { return };
        let Some(stats) = load.producer.and_then(|h| self.producers.0.clients.get(&h)).map(|p| p.stats) else { return };
        (load.sent, load.acked, load.failed) = (stats.sent, stats.acked, stats.failed);
    }

    /// Produces one record. Its outcome arrives as events: acks=0/1 at once, acks=all when the
    /// HW passes it (or it fails). Returns the request id those events carry.
    #[inline(always)] // one hot caller (the load, every record); measured: out of line it cost 2.7% of R
    pub(crate) fn produce(&mut self, req: ProduceRequest) -> Result<RequestId, CommandError> {
        let (count, compacted) = self.check_record(&req.topic, req.partition, &req.headers)?;
        if req.key.is_none() && compacted {
            // `LogValidator`: "Compacted topic cannot accept message without key".
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidRecord),
                format!("Compacted topic {} cannot accept message without key", req.topic),
            ));
        }
        let size = record_size_bytes(req.key.as_ref().map(|k| k.len()), req.value.as_ref().map(crate::payload::Payload::len), &req.headers);
        if size as usize > RECORD_BYTES_MAX {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::MessageTooLarge),
                format!("The message is {size} bytes when serialized which is larger than {RECORD_BYTES_MAX}, the maximum."),
            ));
        }
        let partition = match (req.partition, &req.key) {
            (Some(p), _) => p,
            (None, Some(key)) => partition_for_key(key, count),
            (None, None) => self.sticky_partition(&req.topic, count, u64::from(size)),
        };
        let request = RequestId(self.next_request);
        self.next_request += 1;
        let record_id = self.next_record_id;
        let (now, acks) = (self.now, req.acks);
        let lag_max_ms = self.config.replica_lag_time_max_ms;
        // From here on one lookup of the topic, with the broker map borrowed beside it (this
        // runs for every record: three lookups by name were 5% of a full-speed step).
        let Cluster { topics, brokers, record_pool, .. } = self;
        let eligible = |b: BrokerId| brokers.get(&b).is_some_and(|x| x.isr_eligible());
        let rule = HwRule { now, lag_max_ms, isr_eligible: eligible };
        let Some(t) = topics.get_mut(&*req.topic) else { return Err(unknown_topic(&req.topic)) };
        let (min_isr, segment_rule) = (t.min_isr_effective(), t.config.segment_rule());
        let compression = t.config.compression_type.target(crate::record_batch::Compression::None);
        let Some(p) = t.partitions.get_mut(partition as usize) else { return Err(unknown_topic(&req.topic)) };
        let tp = p.tp.clone();
        let failure = match p.leader {
            None => Some((KafkaError::LeaderNotAvailable, ProduceFailureCause::NoLeader)),
            Some(l) if !brokers.get(&l).is_some_and(|b| b.running()) => {
                Some((KafkaError::NetworkException, ProduceFailureCause::LeaderUnreachable { leader: l }))
            }
            // `Partition.appendRecordsToLeader`: checked before the append.
            Some(_) if acks == Acks::All && p.isr.len() < min_isr => {
                Some((KafkaError::NotEnoughReplicas, ProduceFailureCause::IsrBelowMinIsr { isr: p.isr.clone(), min_isr: min_isr as u32 }))
            }
            Some(_) => None,
        };
        let (Some(leader), None) = (p.leader, &failure) else {
            let (error, cause) = failure.unwrap_or((KafkaError::LeaderNotAvailable, ProduceFailureCause::NoLeader));
            self.emit(EventKind::ProduceFailed { request, partition: tp, error, acks, cause });
            return Ok(request);
        };
        let leader_epoch = p.leader_epoch;
        let Some(log) = p.logs.get_mut(&leader) else {
            cannot_fail!("{}: leader {leader} has no log", p.tp);
            return Err(unknown_topic(&req.topic));
        };
        self.next_record_id += 1;
        let offset = log.log_end_offset();
        // A one-record batch (the Produce form's request), in the topic's codec.
        let mut one = [Record {
            offset,
            leader_epoch,
            timestamp_ms: now,
            key: req.key,
            value: req.value,
            headers: req.headers,
            record_id,
            size_bytes: size,
            batch: Default::default(),
            producer: Default::default(),
            sent: Default::default(),
        }];
        mark_batch(&mut one, compression);
        let [record] = one;
        log.append(record_pool.make(record), &segment_rule);
        match acks {
            Acks::None => self.emit(EventKind::ProduceAcknowledged { request, partition: tp, offset: Offset(-1), acks }),
            Acks::Leader => self.emit(EventKind::ProduceAcknowledged { request, partition: tp, offset, acks }),
            Acks::All => {
                p.pending.push_back(PendingProduce {
                    request,
                    leader,
                    leader_epoch,
                    required_offset: Offset(offset.0 + 1),
                    created_ms: now,
                    acks,
                });
                // A single-replica ISR commits at once.
                let hw = p.maybe_increment_hw(min_isr, &rule);
                // Only a moved high watermark can complete a request here: leadership does not
                // change inside a produce, and timeouts were settled by the step that set `now`
                // (scanning every pending request on every produce was 12% of a busy step).
                let mut completed = Vec::new();
                if hw.is_some() {
                    p.complete_pending(now, self.config.request_timeout_ms, min_isr, self.quorum_lost, &mut completed);
                }
                self.emit(EventKind::ProduceAppended { request, partition: tp.clone(), offset, acks });
                if let Some(hw) = hw {
                    self.emit(EventKind::HighWatermarkAdvanced { partition: tp, high_watermark: hw });
                }
                self.emit_all(completed);
            }
        }
        Ok(request)
    }

    /// The checks a record passes before a partition is chosen, for `produce` and a producer
    /// client's `send`: the topic exists and is not internal (`ReplicaManager.appendToLocalLog`),
    /// an explicit partition exists, headers have keys. Returns the topic's partition count and
    /// whether it is compacted (one lookup of the topic by name per record: they cost).
    #[inline(always)]
    pub(super) fn check_record(
        &self,
        topic_name: &str,
        partition: Option<u32>,
        headers: &[crate::record::Header],
    ) -> Result<(u32, bool), CommandError> {
        let topic = self.topics.get(topic_name).ok_or_else(|| unknown_topic(topic_name))?;
        if crate::topic_name::INTERNAL_TOPICS.contains(&topic_name) {
            // ReplicaManager.appendToLocalLog: only the coordinators write there.
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidTopicException),
                format!("Cannot append to internal topic {}", topic_name),
            ));
        }
        let count = topic.partitions.len() as u32;
        if let Some(p) = partition {
            if p >= count {
                return Err(CommandError::new(
                    CommandErrorKind::Kafka(KafkaError::UnknownTopicOrPartition),
                    format!("partition {p} does not exist: {} has partitions 0..{}", topic_name, count - 1),
                ));
            }
        }
        if headers.len() > 64 || headers.iter().any(|h| h.key.is_empty()) {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidRequest),
                "headers need a non-empty key (at most 64 headers)",
            ));
        }
        Ok((count, topic.config.cleanup_policy.compacts()))
    }

    /// KIP-794 for a one-shot produce request (the Produce form): the cluster's own sticky state,
    /// switching after the cluster's `batch.size`.
    pub(super) fn sticky_partition(&mut self, topic: &str, count: u32, size: u64) -> u32 {
        let mut sticky = std::mem::take(&mut self.sticky);
        let batch = self.config.batch_size_bytes;
        let partition = self.sticky_step(&mut sticky, topic, count, size, batch);
        self.sticky = sticky;
        partition
    }

    /// KIP-794 (`BuiltInPartitioner`, one per producer): stay on one partition until `batch.size`
    /// bytes (`stickyBatchSize`) went to it, then pick another at random among those with a
    /// leader (all of them when none has). `state` is the producer's, per topic.
    pub(super) fn sticky_step(
        &mut self,
        state: &mut VecMap<String, StickyPartition>,
        topic: &str,
        count: u32,
        size: u64,
        batch: u64,
    ) -> u32 {
        let (partition, switched) = match state.get(topic) {
            Some(s) if s.partition < count && s.produced_bytes < batch => (s.partition, false),
            _ => {
                let available: Vec<u32> = self
                    .topics
                    .get(topic)
                    .into_iter()
                    .flat_map(|t| t.partitions.iter())
                    .filter(|p| p.leader.is_some_and(|l| self.running(l)))
                    .map(|p| p.tp.partition)
                    .collect();
                let next = if available.is_empty() {
                    self.rng.below(u64::from(count.max(1))) as u32
                } else {
                    available[self.rng.below(available.len() as u64) as usize]
                };
                (next, true)
            }
        };
        let entry = match state.get_mut(topic) {
            Some(e) => e,
            None => state.entry(topic.to_string()).or_insert(StickyPartition { partition, produced_bytes: 0 }),
        };
        // Every switch starts a fresh count, even when the random pick is the same partition.
        if switched {
            *entry = StickyPartition { partition, produced_bytes: 0 };
        }
        entry.produced_bytes += size;
        partition
    }

    /// Settles one partition's purgatory now (after a produce moved its HW, or a leader change).
    pub(super) fn complete_pending(&mut self, topic: &str, idx: usize) {
        let (now, timeout, quorum_lost) = (self.now, self.config.request_timeout_ms, self.quorum_lost);
        let Some(p) = self.topics.get_mut(topic).and_then(|t| {
            let min_isr = t.min_isr_effective();
            t.partitions.get_mut(idx).map(|p| (p, min_isr))
        }) else {
            cannot_fail!("complete_pending: no partition {topic}-{idx}");
            return;
        };
        let (p, min_isr) = p;
        let mut events = Vec::new();
        p.complete_pending(now, timeout, min_isr, quorum_lost, &mut events);
        self.emit_all(events);
    }

    /// A stopped leader's waiting requests fail: the client's connection drops
    /// (NETWORK_EXCEPTION after a crash), or, after a controlled shutdown, the broker answers
    /// NOT_LEADER_OR_FOLLOWER, leadership having moved already.
    pub(super) fn fail_pending_on_leader(&mut self, broker: BrokerId, error: KafkaError) {
        let mut failed = Vec::new();
        for t in self.topics.values_mut() {
            for p in t.partitions.iter_mut() {
                if p.leader == Some(broker) && !p.pending.is_empty() {
                    let cause = match error {
                        // The broker exits: it leads nothing any more.
                        KafkaError::NotLeaderOrFollower => ProduceFailureCause::LeaderMoved { from: broker, to: None },
                        _ => ProduceFailureCause::LeaderUnreachable { leader: broker },
                    };
                    for r in p.pending.drain(..) {
                        failed.push((r.request, p.tp.clone(), r.acks, cause.clone()));
                    }
                }
            }
        }
        for (request, partition, acks, cause) in failed {
            self.emit(EventKind::ProduceFailed { request, partition, error, acks, cause });
        }
    }
}
