//! The producer clients on the wire: `send()` through the client's partitioner into its
//! accumulator; each tick every client's sender drains its ready batches to the leaders its
//! metadata names; the leader checks and appends a batch (`Partition.appendRecordsToLeader`,
//! with the idempotent producer's checks of `producer_state.rs`), and answers at once (acks 0
//! and 1) or from the purgatory once the HW passes it (acks=all, `DelayedProduce`). The
//! client's state and decisions are in `producer_client.rs`.

use super::*;
use crate::delivery_check::SendStamp;
use crate::hashed_when_used::Unused;
use crate::ids::ProducerHandle;
use crate::not_state::NotState;
use crate::producer_client::{BatchAnswer, ClientOutcome, ProducerClient, SentRecord, PRODUCERS_MAX};
use crate::producer_config::ProducerConfig;
use crate::producer_state::{AppendCheck, BatchProducer};
use crate::record::RecordProducer;
use crate::record_accumulator::{AppendRefused, ProducerBatch};
use crate::vec_map::VecSet;

/// Every producer client, and what routes the brokers' answers to them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Producers {
    pub(crate) clients: VecMap<ProducerHandle, ProducerClient>,
    next_handle: u32,
    /// The next producer id InitProducerId hands out (Kafka's `ProducerIdManager` starts at 0).
    next_producer_id: i64,
    /// acks=all requests waiting in a purgatory: the client that sent them, the batch's first
    /// offset and whether it was a duplicate (the purgatory's answer names the last offset).
    requests: VecMap<RequestId, (ProducerHandle, Offset, bool)>,
    /// Answers from the purgatories, for the clients' next tick.
    answers: Vec<(ProducerHandle, RequestId, BatchAnswer)>,
}

impl Producers {
    pub(super) fn has_requests(&self) -> bool {
        !self.requests.is_empty()
    }

    /// InitProducerId: the next producer id (`ProducerIdManager`).
    pub(super) fn new_producer_id(&mut self) -> i64 {
        self.next_producer_id += 1;
        self.next_producer_id - 1
    }
}

impl Unused for Producers {
    fn unused(&self) -> bool {
        self.clients.is_empty() && self.next_handle == 0
    }
}

impl Cluster {
    /// The producer clients, by handle.
    pub fn producers(&self) -> impl Iterator<Item = &ProducerClient> + '_ {
        self.producers.0.clients.values()
    }

    pub fn producer(&self, handle: ProducerHandle) -> Option<&ProducerClient> {
        self.producers.0.clients.get(&handle)
    }

    /// `new KafkaProducer(props)`, with InitProducerId when idempotent.
    pub(crate) fn create_producer(&mut self, pairs: &[(String, String)]) -> Result<ProducerHandle, CommandError> {
        let config = ProducerConfig::from_pairs(pairs)?;
        if self.producers.clients.len() >= PRODUCERS_MAX {
            return Err(CommandError::new(CommandErrorKind::LimitExceeded, format!("the sandbox runs at most {PRODUCERS_MAX} producers")));
        }
        let producers = &mut self.producers.0;
        producers.next_handle += 1;
        let handle = ProducerHandle(producers.next_handle);
        // A transactional producer gets its id from its coordinator in initTransactions().
        let producer_id = (config.enable_idempotence && config.transactional_id.is_none()).then(|| producers.new_producer_id());
        let client = ProducerClient::new(handle, config, producer_id, self.config.seed, self.now);
        let (client_id, idempotent, producer_epoch) = (client.client_id.clone(), client.idempotent(), client.producer_epoch);
        producers.clients.insert(handle, client);
        self.emit(EventKind::ProducerStarted {
            producer: handle,
            client_id,
            producer_id: producer_id.unwrap_or(crate::producer_client::NO_PRODUCER_ID),
            producer_epoch,
            idempotent,
        });
        Ok(handle)
    }

    pub(super) fn producer_mut(&mut self, producer: ProducerHandle) -> Result<&mut ProducerClient, CommandError> {
        match self.producers.0.clients.get_mut(&producer) {
            Some(p) if !p.closing => Ok(p),
            Some(_) => Err(CommandError::new(CommandErrorKind::InvalidState, format!("{producer} is closing"))),
            None => Err(CommandError::new(CommandErrorKind::UnknownProducer, format!("there is no {producer}"))),
        }
    }

    /// `producer.send(record)`: the partitioner picks the partition (murmur2 of the key, the
    /// sticky partitioner for a null key) and the record waits in its batch.
    pub(crate) fn send(&mut self, producer: ProducerHandle, req: ProduceRecord) -> Result<u64, CommandError> {
        let (count, topic) = self.check_send(producer, &req.topic, req.partition, &req.headers)?;
        self.send_checked(producer, req, count, &topic)
    }

    /// What `send` refuses before the partitioner runs: a call in the wrong transaction state
    /// (`TransactionManager`), and a record for a topic, partition or headers the cluster would
    /// refuse. Returns the topic's partition count and its name as the cluster's partitions
    /// hold it. The load checks once per tick for all its records, which share topic, partition
    /// and headers (per record it was 5% of scenario R).
    pub(super) fn check_send(
        &mut self,
        producer: ProducerHandle,
        topic: &str,
        partition: Option<u32>,
        headers: &[crate::record::Header],
    ) -> Result<(u32, Arc<str>), CommandError> {
        if let Some(txn) = &self.producer_mut(producer)?.txn {
            txn.check_send().map_err(|m| CommandError::new(CommandErrorKind::InvalidState, m))?;
        }
        let (count, _) = self.check_record(topic, partition, headers)?;
        let name = self.topics.get(topic).and_then(|t| t.partitions.first()).map(|p| Arc::clone(&p.tp.topic));
        Ok((count, name.unwrap_or_else(|| Arc::from(topic))))
    }

    /// `send` of a record whose topic, partition and headers `check_send` passed (`count`: the
    /// topic's partitions; `topic`: its name as the partitions hold it, so the client's maps
    /// keyed by partition compare names by pointer, not by bytes: 7% of scenario R).
    pub(super) fn send_checked(
        &mut self,
        producer: ProducerHandle,
        req: ProduceRecord,
        count: u32,
        topic: &Arc<str>,
    ) -> Result<u64, CommandError> {
        let size = record_size_bytes(req.key.as_ref().map(|k| k.len()), req.value.as_ref().map(crate::payload::Payload::len), &req.headers);
        let partition = match (req.partition, &req.key) {
            (Some(p), _) => p,
            (None, Some(key)) => partition_for_key(key, count),
            // The producer's own partitioner state and `batch.size` (`KafkaProducer.partition`).
            (None, None) => {
                let client = self.producer_mut(producer)?;
                let (mut state, batch) = (std::mem::take(&mut *client.sticky), client.config.batch_size_bytes);
                let partition = self.sticky_step(&mut state, &req.topic, count, u64::from(size), batch);
                *self.producer_mut(producer)?.sticky = state;
                partition
            }
        };
        let tp = TopicPartition::new(Arc::clone(topic), partition);
        let record =
            SentRecord { partition: tp, key: req.key, value: req.value, headers: req.headers, size_bytes: size, sent_ms: self.now };
        let client = self.producer_mut(producer)?;
        let max_request = client.config.max_request_size_bytes;
        let max_block = client.config.max_block_ms;
        client.send(record).map_err(|refused| match refused {
            // `KafkaProducer.ensureValidRecordSize`.
            AppendRefused::RecordTooLarge => CommandError::new(
                CommandErrorKind::Kafka(KafkaError::MessageTooLarge),
                format!(
                    "The message is {size} bytes when serialized which is larger than {max_request}, which is the value of the max.request.size configuration."
                ),
            ),
            // `BufferPool.allocate`: send() would block for max.block.ms, then throw.
            AppendRefused::BufferExhausted => CommandError::new(
                CommandErrorKind::Kafka(KafkaError::RequestTimedOut),
                format!("Failed to allocate memory within the configured max blocking time {max_block} ms."),
            ),
        })
    }

    /// `producer.flush()`: every waiting batch is sent now, whatever `linger.ms`.
    pub(crate) fn flush_producer(&mut self, producer: ProducerHandle) -> Result<(), CommandError> {
        self.producer_mut(producer)?.flushing = true;
        Ok(())
    }

    /// `producer.close()`: sends what waits, then goes away once every answer is in.
    pub(crate) fn close_producer(&mut self, producer: ProducerHandle) -> Result<(), CommandError> {
        self.producer_mut(producer)?.closing = true;
        Ok(())
    }

    /// One tick of every producer client's sender (before the brokers' work of the tick).
    pub(super) fn step_producers(&mut self) {
        if self.producers.clients.is_empty() {
            return;
        }
        let handles: Vec<ProducerHandle> = self.producers.clients.keys().copied().collect();
        let answers = std::mem::take(&mut self.producers.0.answers);
        for h in handles {
            let Some(mut client) = self.producers.0.clients.remove(&h) else { continue };
            let now = self.now;
            let mut out = Vec::new();
            let mine: Vec<(RequestId, BatchAnswer)> =
                answers.iter().filter(|(owner, _, _)| *owner == h).map(|(_, r, a)| (*r, *a)).collect();
            client.answer_requests(&mine, now, &mut out);
            client.expire(now, &mut out);
            if client.txn.is_some() {
                self.step_transaction_client(&mut client, &mut out);
            }
            if client.metadata_due(now) {
                let topics: VecSet<Arc<str>> = client.topics().cloned().collect();
                let mut leaders: Vec<(TopicPartition, Option<BrokerId>)> = topics
                    .iter()
                    .filter_map(|t| self.topics.get(&**t))
                    .flat_map(|t| t.partitions.iter().map(|p| (p.tp.clone(), p.leader)))
                    .collect();
                // A topic the response does not have (deleted: UNKNOWN_TOPIC_OR_PARTITION) leaves
                // its partitions without a leader: their batches wait, and expire after
                // `delivery.timeout.ms` (`RecordAccumulator.expiredBatches`).
                leaders.extend(
                    client
                        .accumulator()
                        .partitions()
                        .chain(client.in_flight().iter().map(|f| &f.batch.partition))
                        .filter(|tp| self.topics.get(&*tp.topic).is_none_or(|t| tp.partition as usize >= t.partitions.len()))
                        .map(|tp| (tp.clone(), None)),
                );
                client.update_metadata(leaders.into_iter(), now);
            }
            for (broker, batch) in client.ready_batches(now, &mut out) {
                match self.produce_batch(broker, &batch, &client) {
                    Ok(request) => client.sent(request, broker, batch),
                    // Errors, and acks 0 and 1, are answered at once.
                    Err(answer) => client.answer(batch, answer, now, &mut out),
                }
            }
            for o in out {
                self.emit_client_outcome(h, o);
            }
            if client.closing && client.idle() {
                self.emit(EventKind::ProducerClosed { producer: h });
            } else {
                self.producers.0.clients.insert(h, client);
            }
        }
    }

    fn emit_client_outcome(&mut self, producer: ProducerHandle, o: ClientOutcome) {
        self.emit(match o {
            ClientOutcome::Acked { partition, first_offset, send_ids, duplicate } => {
                EventKind::ProducerBatchAcked { producer, partition, first_offset, send_ids, duplicate }
            }
            ClientOutcome::Retrying { partition, error, attempt, backoff_ms, records } => {
                EventKind::ProducerBatchRetrying { producer, partition, error, attempt, backoff_ms, records }
            }
            ClientOutcome::Failed { partition, error, failure, send_ids } => {
                EventKind::ProducerBatchFailed { producer, partition, error, failure, send_ids }
            }
            ClientOutcome::EpochBumped { producer_id, producer_epoch } => {
                EventKind::ProducerEpochBumped { producer, producer_id, producer_epoch }
            }
            ClientOutcome::Aborted { partition, send_ids } => EventKind::ProducerBatchAborted { producer, partition, send_ids },
            ClientOutcome::TransactionError { error } => EventKind::ProducerTransactionError { producer, error },
        });
    }

    /// A produce request carrying one batch reaches `broker`. `Ok(request)`: acks=all, it waits
    /// in the purgatory and its answer comes back through `route_answer`. `Err(answer)`:
    /// answered at once (an error, or the success of acks 0 and 1).
    ///
    /// The purgatory times it out after the cluster's `request.timeout.ms` (30 s, the
    /// producer's default too), not the producer's own value.
    fn produce_batch(&mut self, broker: BrokerId, batch: &ProducerBatch, client: &ProducerClient) -> Result<RequestId, BatchAnswer> {
        let acks = client.config.acks;
        let producer = client.idempotent().then_some((client.producer_id, client.producer_epoch));
        let transactional = client.txn.is_some();
        let tp = &batch.partition;
        if !self.running(broker) {
            // The connection is refused or drops: `NetworkException`.
            return Err(BatchAnswer::Error(KafkaError::NetworkException));
        }
        let (now, lag_max_ms, timeout_ms, quorum_lost) =
            (self.now, self.config.replica_lag_time_max_ms, self.config.request_timeout_ms, self.quorum_lost);
        let request = RequestId(self.next_request);
        let Cluster { topics, brokers, record_pool, next_record_id, next_request, producers, scratch_batch, .. } = self;
        let Some(t) = topics.get_mut(&*tp.topic) else { return Err(BatchAnswer::Error(KafkaError::UnknownTopicOrPartition)) };
        let (min_isr, segment_rule, compacted) = (t.min_isr_effective(), t.config.segment_rule(), t.config.cleanup_policy.compacts());
        // `LogValidator`: the topic's `compression.type` decides the codec in the log.
        let compression = t.config.compression_type.target(client.config.compression);
        let Some(p) = t.partitions.get_mut(tp.partition as usize) else {
            return Err(BatchAnswer::Error(KafkaError::UnknownTopicOrPartition));
        };
        if p.leader != Some(broker) {
            return Err(BatchAnswer::Error(KafkaError::NotLeaderOrFollower));
        }
        if acks == Acks::All && p.isr.len() < min_isr {
            return Err(BatchAnswer::Error(KafkaError::NotEnoughReplicas));
        }
        let records = &batch.records;
        if compacted && records.iter().any(|r| r.key.is_none()) {
            // `LogValidator`: "Compacted topic cannot accept message without key".
            return Err(BatchAnswer::Error(KafkaError::InvalidRecord));
        }
        let leader_epoch = p.leader_epoch;
        let Some(log) = p.logs.get_mut(&broker) else {
            cannot_fail!("{tp}: leader {broker} has no log");
            return Err(BatchAnswer::Error(KafkaError::UnknownServerError));
        };
        let header = producer.map(|(producer_id, producer_epoch)| BatchProducer {
            producer_id,
            // A batch keeps the epoch it was numbered under (`ProducerBatch.producerEpoch`).
            producer_epoch: batch.producer_epoch.unwrap_or(producer_epoch),
            base_sequence: batch.base_sequence.unwrap_or(0),
            count: records.len() as u32,
        });
        let (first, last, duplicate) = match header.map(|h| log.producer_state().check(&h)) {
            Some(AppendCheck::Reject(error)) => return Err(BatchAnswer::Error(error)),
            Some(AppendCheck::Duplicate { first_offset, last_offset }) => (Offset(first_offset), Offset(last_offset), true),
            Some(AppendCheck::Append) | None => {
                let first = log.log_end_offset();
                // The batch's records, in a buffer the cluster keeps (a new one per batch was
                // an allocation per produce request).
                let mut appended = std::mem::take(&mut scratch_batch.0);
                appended.clear();
                for (i, r) in records.iter().enumerate() {
                    let producer = header.map(|h| RecordProducer {
                        producer_id: h.producer_id,
                        producer_epoch: h.producer_epoch,
                        sequence: BatchProducer { count: i as u32 + 1, ..h }.last_sequence(),
                        batch_start: i == 0,
                        transactional,
                        control: None,
                    });
                    *next_record_id += 1;
                    let offset = Offset(first.0 + i as i64);
                    appended.push(record_pool.make(Record {
                        offset,
                        leader_epoch,
                        timestamp_ms: now,
                        key: r.key.clone(),
                        value: r.value.clone(),
                        headers: r.headers.clone(),
                        record_id: *next_record_id - 1,
                        size_bytes: r.size_bytes,
                        batch: uncompressed_mark(i, offset.0 - first.0, r.size_bytes),
                        producer: crate::hashed_when_used::HashedWhenUsed(producer),
                        sent: NotState(Some(SendStamp { producer: client.handle.0, seq: *r.partition_seq })),
                    }));
                }
                if compression != crate::record_batch::Compression::None {
                    mark_shared_batch(&mut appended, compression);
                }
                log.append_all(appended.iter(), &segment_rule);
                appended.clear();
                scratch_batch.0 = appended;
                (first, Offset(first.0 + records.len() as i64 - 1), false)
            }
        };
        match acks {
            Acks::None => Err(BatchAnswer::Appended { first_offset: Offset(-1), duplicate }),
            Acks::Leader => Err(BatchAnswer::Appended { first_offset: first, duplicate }),
            Acks::All => {
                *next_request += 1;
                let eligible = |b: BrokerId| brokers.get(&b).is_some_and(|x| x.isr_eligible());
                let rule = HwRule { now, lag_max_ms, isr_eligible: eligible };
                p.pending.push_back(PendingProduce {
                    request,
                    leader: broker,
                    leader_epoch,
                    required_offset: Offset(last.0 + 1),
                    created_ms: now,
                    acks,
                });
                producers.0.requests.insert(request, (client.handle, first, duplicate));
                let hw = p.maybe_increment_hw(min_isr, &rule);
                let mut completed = Vec::new();
                p.complete_pending(now, timeout_ms, min_isr, quorum_lost, &mut completed);
                let tp = p.tp.clone();
                if let Some(hw) = hw {
                    self.emit(EventKind::HighWatermarkAdvanced { partition: tp, high_watermark: hw });
                }
                self.emit_all(completed);
                Ok(request)
            }
        }
    }
}

impl Cluster {
    /// An answer from a purgatory to a producer client's batch goes to the client (at its next
    /// tick) instead of the event queue; anything else is returned to be emitted.
    pub(super) fn route_answer(&mut self, kind: EventKind) -> Option<EventKind> {
        let request = match &kind {
            EventKind::ProduceAcknowledged { request, .. } | EventKind::ProduceFailed { request, .. } => *request,
            _ => return Some(kind),
        };
        let Some((producer, first_offset, duplicate)) = self.producers.0.requests.remove(&request) else { return Some(kind) };
        let answer = match kind {
            EventKind::ProduceFailed { error, .. } => BatchAnswer::Error(error),
            _ => BatchAnswer::Appended { first_offset, duplicate },
        };
        self.producers.0.answers.push((producer, request, answer));
        None
    }
}
