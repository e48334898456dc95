//! The producer client: `KafkaProducer`, its `Sender` and the idempotent part of its
//! `TransactionManager`. The application's `send()` puts a record in the accumulator
//! (`record_accumulator.rs`); each tick the sender drains the batches that are ready to the
//! leader its metadata names, at most `max.in.flight.requests.per.connection` per broker, and
//! handles the answers:
//! - success: every record of the batch is acknowledged at its offset;
//! - a retriable error (`KafkaError::retriable`): the batch goes back to the front of its queue
//!   after the KIP-580 backoff, and metadata is refreshed when the error says it is stale
//!   (`Sender.completeBatch`, `canRetry`), unless `retries` or `delivery.timeout.ms` ran out;
//! - any other error: the records fail.
//!
//! With idempotence (the default) the producer has a producer id and epoch (InitProducerId) and
//! numbers each partition's records; a batch keeps its epoch and sequence numbers through
//! retries, so the broker answers a retry of a batch it already has as a duplicate
//! (`producer_state.rs`). A batch that fails for good after it was numbered may leave a gap the
//! broker would refuse (`OUT_OF_ORDER_SEQUENCE_NUMBER`); as Kafka's `TransactionManager` does
//! since KIP-360, the producer then bumps its epoch and numbers that partition from 0 again:
//! at once when the broker refused the batch, and, when the batch expired after it was sent
//! (it may be in the log), only once the partition's other numbered batches are done and their
//! answers show a gap (`maybeResolveSequences`). Only that partition's batches are renumbered; a
//! batch of another partition waiting for its retry keeps its epoch and sequence, since its first
//! attempt may have been written (the sandbox also waits for its requests in flight first).
//!
//! Without idempotence nothing stops a retry from writing a batch twice (its first attempt was
//! appended but the answer was lost), or, with more than one request in flight, a retry from
//! landing after a later batch: both happen here when the timing makes them happen.
//!
//! This file holds the client's state and decisions; `cluster/sender.rs` moves batches between it
//! and the brokers.

use crate::exponential_backoff::backoff_ms;
use crate::hashed_when_used::HashedWhenUsed;
use crate::ids::{BrokerId, Offset, ProducerHandle, RequestId, TimeMs, TopicPartition};
use crate::kafka_error::KafkaError;
use crate::not_state::NotState;
use crate::partition_map::PartitionMap;
use crate::payload::Payload;
use crate::producer_config::ProducerConfig;
use crate::record::{Bytes, Header};
use crate::record_accumulator::{AppendRefused, PendingRecord, ProducerBatch, RecordAccumulator};
use crate::rng::Rng;
use crate::transaction_manager::TransactionManager;
use crate::vec_map::{VecMap, VecSet};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Producer clients one cluster runs at once.
pub const PRODUCERS_MAX: usize = 16;
/// Records one producer holds unacknowledged (besides `buffer.memory`): the sandbox's bound.
pub const RECORDS_WAITING_MAX: usize = 200_000;

/// Kafka's `RecordBatch.NO_PRODUCER_ID`: a producer without idempotence has none.
pub const NO_PRODUCER_ID: i64 = -1;

/// One record the application sent, until it is acknowledged or fails.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SentRecord {
    pub partition: TopicPartition,
    pub key: Option<Bytes>,
    pub value: Option<Payload>,
    pub headers: Vec<Header>,
    pub size_bytes: u32,
    pub sent_ms: TimeMs,
}

/// The idempotent producer's numbering of one partition (`TxnPartitionEntry`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartitionSequences {
    /// The epoch the partition's sequences belong to: behind the producer's after a bump until
    /// the partition's batches numbered before it are done.
    pub producer_epoch: i16,
    /// The base sequence of the partition's next batch.
    pub next: i32,
    /// The last sequence of the batches acknowledged under `producer_epoch`.
    pub last_acked: Option<i32>,
}

impl PartitionSequences {
    fn new(producer_epoch: i16) -> Self {
        PartitionSequences { producer_epoch, next: 0, last_acked: None }
    }
}

/// What a numbered batch that failed for good means for its partition's sequences
/// (`Sender.failBatch`'s `adjustSequenceNumbers`, `TransactionManager.handleFailedBatch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SequenceFate {
    /// The broker refused it: its sequences are a gap; the partition restarts from 0 under a
    /// new epoch (`requestEpochBumpForPartition`).
    Refused,
    /// It expired after it was sent, so it may be in the log: the partition is unresolved until
    /// its other numbered batches are done (`markSequenceUnresolved`).
    Unknown,
    /// Its retries ran out: Kafka leaves the sequences as they are (adjustSequenceNumbers is
    /// false), and so does the sandbox.
    Kept,
}

/// A batch sent and not yet answered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InFlight {
    pub request: RequestId,
    pub broker: BrokerId,
    pub batch: ProducerBatch,
    /// The drain that sent it: batches drained to one broker in one drain travel in one
    /// produce request (`Sender.sendProduceRequests`), which is what
    /// `max.in.flight.requests.per.connection` counts.
    #[serde(default)]
    pub drain: u64,
}

/// Why records failed for good (teaching data beside the Kafka error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendFailure {
    /// A non-retriable error from the broker.
    Fatal,
    /// `retries` ran out.
    RetriesExhausted,
    /// `delivery.timeout.ms` passed since the batch was opened (`TimeoutException`: "Expiring N
    /// record(s) ... has passed since batch creation").
    DeliveryTimeout,
}

/// What the client decided, for the cluster to emit as events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientOutcome {
    Acked {
        partition: TopicPartition,
        first_offset: Offset,
        send_ids: Vec<u64>,
        duplicate: bool,
    },
    Retrying {
        partition: TopicPartition,
        error: KafkaError,
        attempt: u32,
        backoff_ms: u64,
        records: u32,
    },
    Failed {
        partition: TopicPartition,
        error: KafkaError,
        failure: SendFailure,
        send_ids: Vec<u64>,
    },
    EpochBumped {
        producer_id: i64,
        producer_epoch: i16,
    },
    /// `abortTransaction()` failed batches never sent (`TransactionAbortedException`).
    Aborted {
        partition: TopicPartition,
        send_ids: Vec<u64>,
    },
    /// A request to the transaction coordinator failed for good (fenced, or timed out).
    TransactionError {
        error: KafkaError,
    },
}

/// The broker's answer to one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BatchAnswer {
    Appended { first_offset: Offset, duplicate: bool },
    Error(KafkaError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct ProducerStats {
    pub sent: u64,
    pub acked: u64,
    pub failed: u64,
    pub retries: u64,
    /// Batches the broker answered as duplicates of one it had (idempotence at work).
    pub duplicates: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProducerClient {
    pub handle: ProducerHandle,
    pub client_id: String,
    pub config: ProducerConfig,
    /// From InitProducerId when idempotent, else `NO_PRODUCER_ID`.
    pub producer_id: i64,
    pub producer_epoch: i16,
    accumulator: RecordAccumulator,
    in_flight: Vec<InFlight>,
    /// The idempotent producer's numbering of each partition (`TxnPartitionEntry`).
    #[serde(default)]
    sequences: PartitionMap<PartitionSequences>,
    /// Partitions with a numbered batch that expired after it was sent: whether it was written
    /// is known once the partition's other numbered batches are done
    /// (`TransactionManager.partitionsWithUnresolvedSequences`).
    #[serde(default)]
    unresolved: VecSet<TopicPartition>,
    /// Partitions whose sequences restart from 0 under the next epoch
    /// (`TransactionManager.partitionsToRewriteSequences`).
    #[serde(default)]
    rewrite: VecSet<TopicPartition>,
    /// The client's metadata: the leader it believes each partition has.
    leaders: PartitionMap<Option<BrokerId>>,
    /// A metadata refresh was asked for (an error said the metadata is stale).
    metadata_stale: bool,
    last_metadata_ms: TimeMs,
    /// Bump the epoch once nothing is in flight (`TransactionManager.epochBumpRequired`): a
    /// numbered batch failed for good (a transactional producer's coordinator bumps it).
    epoch_bump_pending: bool,
    /// `flush()`/`close()`: send everything now, whatever `linger.ms`.
    pub flushing: bool,
    pub closing: bool,
    next_send: u64,
    rng: Rng,
    pub stats: ProducerStats,
    /// The transactional producer's side of its transactions (`transactional.id` set).
    #[serde(default)]
    pub txn: Option<TransactionManager>,
    /// Drains so far (`ready_batches` calls): names the produce requests in flight.
    #[serde(default)]
    drains: u64,
    /// Records drained per partition: the next record's delivery-check stamp (not client state).
    #[serde(skip)]
    sent_per_partition: NotState<PartitionMap<u64>>,
    /// The null-key partitioner's state per topic (`BuiltInPartitioner`: each producer has its
    /// own, and switches after its own `batch.size`).
    #[serde(default)]
    pub(crate) sticky: HashedWhenUsed<VecMap<String, crate::cluster::StickyPartition>>,
}

impl ProducerClient {
    pub fn new(handle: ProducerHandle, config: ProducerConfig, producer_id: Option<i64>, seed: u64, now: TimeMs) -> Self {
        let client_id = config.client_id.clone().unwrap_or_else(|| match &config.transactional_id {
            // `ProducerConfig.maybeOverrideClientId`.
            Some(t) => format!("producer-{t}"),
            None => format!("producer-{}", handle.0),
        });
        let txn = config.transactional_id.as_deref().map(TransactionManager::new);
        ProducerClient {
            handle,
            client_id,
            producer_id: producer_id.unwrap_or(NO_PRODUCER_ID),
            producer_epoch: if producer_id.is_some() { 0 } else { -1 },
            config,
            accumulator: RecordAccumulator::default(),
            in_flight: Vec::new(),
            sequences: PartitionMap::new(),
            unresolved: VecSet::new(),
            rewrite: VecSet::new(),
            leaders: PartitionMap::new(),
            metadata_stale: true,
            last_metadata_ms: now,
            epoch_bump_pending: false,
            flushing: false,
            closing: false,
            next_send: 0,
            rng: Rng::new(seed ^ (u64::from(handle.0) << 32) ^ 0x5e4d_e500),
            stats: ProducerStats::default(),
            txn,
            drains: 0,
            sent_per_partition: NotState::default(),
            sticky: HashedWhenUsed::default(),
        }
    }

    pub fn idempotent(&self) -> bool {
        self.producer_id != NO_PRODUCER_ID
    }

    /// `send()`: the record joins its partition's batch. Returns its send id.
    pub fn send(&mut self, record: SentRecord) -> Result<u64, AppendRefused> {
        // Every record sent is acknowledged, failed, or still waiting.
        if self.stats.sent - self.stats.acked - self.stats.failed >= RECORDS_WAITING_MAX as u64 {
            return Err(AppendRefused::BufferExhausted);
        }
        let id = self.next_send;
        let cfg = self.config.accumulator();
        let SentRecord { partition, key, value, headers, size_bytes, sent_ms } = record;
        let pending = PendingRecord { send_id: id, size_bytes, key, value, headers, partition_seq: NotState(0) };
        self.accumulator.append(&cfg, &partition, pending, sent_ms)?;
        self.next_send += 1;
        self.stats.sent += 1;
        Ok(id)
    }

    /// Every batch still waiting or in flight.
    fn open_batches(&self) -> impl Iterator<Item = &ProducerBatch> + '_ {
        let in_flight = self.in_flight.iter().map(|f| &f.batch);
        in_flight.chain(self.accumulator.partitions().flat_map(|tp| self.accumulator.batches(tp)))
    }

    /// A record still waiting or in flight, by its send id.
    pub fn record(&self, send_id: u64) -> Option<&PendingRecord> {
        self.open_batches().flat_map(|b| b.records.iter()).find(|r| r.send_id == send_id)
    }

    /// The partition a waiting or in-flight record was sent to.
    pub fn partition_of(&self, send_id: u64) -> Option<&TopicPartition> {
        self.open_batches().find(|b| b.records.iter().any(|r| r.send_id == send_id)).map(|b| &b.partition)
    }

    pub fn in_flight(&self) -> &[InFlight] {
        &self.in_flight
    }

    pub fn accumulator(&self) -> &RecordAccumulator {
        &self.accumulator
    }

    /// Nothing waits and nothing is in flight.
    pub fn idle(&self) -> bool {
        self.accumulator.is_empty() && self.in_flight.is_empty()
    }

    /// Topics whose metadata the client needs: those of its records waiting or in flight.
    pub fn topics(&self) -> impl Iterator<Item = &Arc<str>> + '_ {
        self.accumulator.partitions().chain(self.in_flight.iter().map(|f| &f.batch.partition)).map(|tp| &tp.topic)
    }

    /// Whether the client's metadata should be refreshed now: asked for by an error (at most
    /// once per `retry.backoff.ms`), or a partition whose leader it does not know.
    pub fn metadata_due(&self, now: TimeMs) -> bool {
        let unknown = self.accumulator.partitions().any(|tp| !matches!(self.leaders.get(tp), Some(Some(_))));
        (self.metadata_stale || unknown) && now.0 >= self.last_metadata_ms.0 + self.config.retry_backoff_ms
    }

    /// A metadata response: the leader of each partition it asked about.
    pub fn update_metadata(&mut self, leaders: impl Iterator<Item = (TopicPartition, Option<BrokerId>)>, now: TimeMs) {
        for (tp, leader) in leaders {
            self.leaders.insert(tp, leader);
        }
        self.metadata_stale = false;
        self.last_metadata_ms = now;
    }

    pub fn known_leader(&self, tp: &TopicPartition) -> Option<BrokerId> {
        self.leaders.get(tp).copied().flatten()
    }

    /// Batches past `delivery.timeout.ms` that wait in the accumulator fail
    /// (`RecordAccumulator.expiredBatches`).
    pub fn expire(&mut self, now: TimeMs, out: &mut Vec<ClientOutcome>) {
        let deadline = self.config.delivery_timeout_ms;
        let expired: Vec<TopicPartition> = self
            .accumulator
            .partitions()
            .filter(|tp| self.accumulator.batches(tp).any(|b| now.0 >= b.created_ms.0 + deadline))
            .cloned()
            .collect();
        for tp in expired {
            let (keep, gone): (Vec<ProducerBatch>, Vec<ProducerBatch>) = {
                let mut all = Vec::new();
                while let Some(b) = self.accumulator.take_front(&tp) {
                    all.push(b);
                }
                all.into_iter().partition(|b| now.0 < b.created_ms.0 + deadline)
            };
            for b in keep.into_iter().rev() {
                let retry_after = b.retry_after_ms;
                self.accumulator.reenqueue(b, retry_after);
            }
            for b in gone {
                // `Sender.sendProducerData`: an expired batch fails without adjusting sequences;
                // one already sent (numbered) leaves its partition unresolved.
                self.fail_batch(b, KafkaError::RequestTimedOut, SendFailure::DeliveryTimeout, SequenceFate::Unknown, out);
            }
        }
    }

    /// The batches to send now, each to the broker the metadata names as leader: at most one
    /// batch per partition, those for one broker in one produce request of at most
    /// `max.request.size` bytes (`RecordAccumulator.drain`), and at most
    /// `max.in.flight.requests.per.connection` requests in flight per broker; with at most one,
    /// a partition with a batch in flight sends nothing more until it is answered
    /// (`guaranteeMessageOrder` mutes it). The caller sends each and reports the request
    /// (`sent`) or the answer (`answer`).
    pub fn ready_batches(&mut self, now: TimeMs, out: &mut Vec<ClientOutcome>) -> Vec<(BrokerId, ProducerBatch)> {
        // A transactional producer's epoch is bumped by its coordinator after the abort
        // (`take_epoch_bump`), never locally. `Sender.runOnce`: `maybeResolveSequences`, then
        // `bumpIdempotentEpochAndResetIdIfNeeded`.
        if self.txn.is_none() {
            self.maybe_resolve_sequences();
            if self.epoch_bump_pending {
                if !self.in_flight.is_empty() {
                    return Vec::new();
                }
                self.bump_epoch(out);
            }
        }
        let cfg = self.config.accumulator();
        let flush = self.flushing || self.closing;
        self.drains += 1;
        // Requests in flight per broker: its in-flight batches from distinct drains.
        let requests: crate::vec_map::VecSet<(BrokerId, u64)> = self.in_flight.iter().map(|f| (f.broker, f.drain)).collect();
        let mut per_broker: VecMap<BrokerId, usize> = VecMap::new();
        for (broker, _) in requests {
            *per_broker.entry(broker).or_default() += 1;
        }
        let max = self.config.max_in_flight_requests_per_connection as usize;
        let muted: crate::vec_map::VecSet<TopicPartition> =
            if max == 1 { self.in_flight.iter().map(|f| f.batch.partition.clone()).collect() } else { Default::default() };
        // Bytes of this drain's request to each broker.
        let mut request_bytes: VecMap<BrokerId, u64> = VecMap::new();
        let partitions: Vec<TopicPartition> = self.accumulator.partitions().cloned().collect();
        let mut out_batches = Vec::new();
        for tp in partitions {
            if self.txn.as_ref().is_some_and(|t| !t.may_send_to(&tp)) {
                continue; // AddPartitionsToTxn first
            }
            let Some(broker) = self.known_leader(&tp) else { continue };
            // One pass per partition takes at most one batch per partition (`drain` takes the
            // first batch of each partition per node).
            if muted.contains(&tp) || self.drain_held(&tp) || !self.accumulator.ready(&cfg, &tp, now, flush) {
                continue;
            }
            let size = self.accumulator.batches(&tp).next().map_or(0, |b| b.size_bytes);
            match request_bytes.get_mut(&broker) {
                // A request already goes to this broker: the batch joins it if it fits.
                Some(bytes) if *bytes + size > cfg.max_request_size_bytes => continue,
                Some(bytes) => *bytes += size,
                None if per_broker.get(&broker).copied().unwrap_or(0) >= max => continue,
                None => {
                    request_bytes.insert(broker, size);
                }
            }
            let Some(mut batch) = self.accumulator.drain(&tp) else { continue };
            if batch.attempts == 1 {
                // The delivery check's stamps, in send order: a partition's batches are first
                // drained in the order their records were sent (one lookup per batch, not per record).
                let next = self.sent_per_partition.get_or_default(&tp);
                for r in &mut batch.records {
                    *r.partition_seq = *next;
                    *next += 1;
                }
            }
            if self.idempotent() && batch.base_sequence.is_none() {
                let epoch = self.producer_epoch;
                let s = self.sequences.get_or_insert_with(&tp, || PartitionSequences::new(epoch));
                if s.producer_epoch != epoch {
                    // `TransactionManager.maybeUpdateProducerIdAndEpoch`: the partition's batches
                    // of the old epoch are done (`drain_held`): its sequences restart at 0.
                    *s = PartitionSequences::new(epoch);
                }
                batch.base_sequence = Some(s.next);
                batch.producer_epoch = Some(epoch);
                s.next = s.next.wrapping_add(batch.records.len() as i32).max(0);
            }
            out_batches.push((broker, batch));
        }
        if flush && self.accumulator.is_empty() {
            self.flushing = false;
        }
        out_batches
    }

    /// A batch went out as `request` and waits for its answer.
    pub fn sent(&mut self, request: RequestId, broker: BrokerId, batch: ProducerBatch) {
        self.in_flight.push(InFlight { request, broker, batch, drain: self.drains });
    }

    /// Whether `request` is one of this client's.
    pub fn owns(&self, request: RequestId) -> bool {
        self.in_flight.iter().any(|f| f.request == request)
    }

    /// The answer to an in-flight request.
    pub fn answer_request(&mut self, request: RequestId, answer: BatchAnswer, now: TimeMs, out: &mut Vec<ClientOutcome>) {
        let Some(i) = self.in_flight.iter().position(|f| f.request == request) else { return };
        let f = self.in_flight.remove(i);
        self.answer(f.batch, answer, now, out);
    }

    /// The answers to several in-flight requests, handled in the order given, as
    /// `answer_request` one by one would; the answered batches leave `in_flight` in one pass
    /// (removed one by one, each removal shifted every later request: with scenario R's ~250
    /// requests in flight that was 40% of the engine's instructions).
    pub fn answer_requests(&mut self, answers: &[(RequestId, BatchAnswer)], now: TimeMs, out: &mut Vec<ClientOutcome>) {
        if answers.is_empty() {
            return;
        }
        let wanted: VecMap<RequestId, usize> = answers.iter().enumerate().map(|(i, (r, _))| (*r, i)).collect();
        let mut taken: Vec<Option<ProducerBatch>> = (0..answers.len()).map(|_| None).collect();
        let mut kept = Vec::with_capacity(self.in_flight.len());
        for f in self.in_flight.drain(..) {
            match wanted.get(&f.request) {
                Some(&i) => taken[i] = Some(f.batch),
                None => kept.push(f),
            }
        }
        self.in_flight = kept;
        for ((_, answer), batch) in answers.iter().zip(taken) {
            if let Some(batch) = batch {
                self.answer(batch, *answer, now, out);
            }
        }
    }

    /// The answer to a batch (also one answered at once, never in flight).
    pub fn answer(&mut self, batch: ProducerBatch, answer: BatchAnswer, now: TimeMs, out: &mut Vec<ClientOutcome>) {
        match answer {
            BatchAnswer::Appended { first_offset, duplicate } => {
                if duplicate {
                    self.stats.duplicates += 1;
                }
                self.accumulator.complete(&batch);
                // `TransactionManager.handleCompletedBatch`: the last acknowledged sequence.
                if let (Some(base), Some(s)) = (batch.base_sequence, self.sequences.get_mut(&batch.partition)) {
                    if batch.producer_epoch == Some(s.producer_epoch) {
                        let last = base.wrapping_add(batch.records.len() as i32 - 1);
                        s.last_acked = Some(s.last_acked.map_or(last, |l| l.max(last)));
                    }
                }
                let send_ids: Vec<u64> = batch.records.iter().map(|r| r.send_id).collect();
                self.stats.acked += send_ids.len() as u64;
                out.push(ClientOutcome::Acked { partition: batch.partition, first_offset, send_ids, duplicate });
            }
            BatchAnswer::Error(error) => {
                if error.invalidates_metadata() {
                    self.metadata_stale = true;
                }
                let expired = now.0 >= batch.created_ms.0 + self.config.delivery_timeout_ms;
                let retries_left = batch.attempts <= self.config.retries;
                if error.retriable() && retries_left && !expired {
                    let backoff =
                        backoff_ms(self.config.retry_backoff_ms, self.config.retry_backoff_max_ms, batch.attempts - 1, &mut self.rng);
                    self.stats.retries += 1;
                    out.push(ClientOutcome::Retrying {
                        partition: batch.partition.clone(),
                        error,
                        attempt: batch.attempts,
                        backoff_ms: backoff,
                        records: batch.records.len() as u32,
                    });
                    let at = TimeMs(now.0 + backoff);
                    if batch.base_sequence.is_some() {
                        self.accumulator.reenqueue_in_sequence_order(batch, at);
                    } else {
                        self.accumulator.reenqueue(batch, at);
                    }
                } else {
                    let (failure, fate) = match () {
                        // `Sender.completeBatch`: sequences are adjusted if retries were left.
                        _ if !error.retriable() => {
                            (SendFailure::Fatal, if retries_left { SequenceFate::Refused } else { SequenceFate::Kept })
                        }
                        // An acks=all answer may come after the batch was appended (the
                        // purgatory timed out, or the leader moved). Kafka's sender expires a
                        // batch in flight at its deadline (`Sender.getExpiredInflightBatches`),
                        // before such a late answer: as an expired batch, its partition is
                        // unresolved rather than renumbered.
                        _ if expired => (SendFailure::DeliveryTimeout, SequenceFate::Unknown),
                        _ => (SendFailure::RetriesExhausted, SequenceFate::Kept),
                    };
                    self.fail_batch(batch, error, failure, fate, out);
                }
            }
        }
    }

    fn fail_batch(
        &mut self,
        batch: ProducerBatch,
        error: KafkaError,
        failure: SendFailure,
        fate: SequenceFate,
        out: &mut Vec<ClientOutcome>,
    ) {
        self.accumulator.complete(&batch);
        if let Some(txn) = self.txn.as_mut() {
            txn.batch_failed(error);
        }
        if batch.base_sequence.is_some() {
            if self.txn.is_some() {
                // Its sequence numbers are used up: the abort's new epoch restarts them (KIP-360).
                self.epoch_bump_pending = true;
            } else {
                match fate {
                    SequenceFate::Refused => self.request_epoch_bump(batch.partition.clone()),
                    SequenceFate::Unknown => {
                        self.unresolved.insert(batch.partition.clone());
                    }
                    SequenceFate::Kept => {}
                }
            }
        }
        let send_ids: Vec<u64> = batch.records.iter().map(|r| r.send_id).collect();
        self.stats.failed += send_ids.len() as u64;
        out.push(ClientOutcome::Failed { partition: batch.partition, error, failure, send_ids });
    }

    /// `TransactionManager.requestEpochBumpForPartition`: the next epoch restarts `tp`'s sequences.
    fn request_epoch_bump(&mut self, tp: TopicPartition) {
        self.epoch_bump_pending = true;
        self.rewrite.insert(tp);
    }

    /// Whether `tp` has a numbered batch not yet acknowledged or failed, in flight or waiting
    /// for its retry (`TransactionManager.hasInflightBatches`: Kafka's in-flight batches of a
    /// partition are those numbered and not completed).
    fn has_numbered_batches(&self, tp: &TopicPartition) -> bool {
        self.in_flight.iter().any(|f| f.batch.partition == *tp && f.batch.base_sequence.is_some())
            || self.accumulator.batches(tp).any(|b| b.base_sequence.is_some())
    }

    /// `RecordAccumulator.shouldStopDrainBatchesForPartition`: a batch not yet numbered waits
    /// while its partition is unresolved, or while the partition's batches numbered under an
    /// older epoch are not done (numbered under the new epoch from 0, it could be written before
    /// them).
    fn drain_held(&self, tp: &TopicPartition) -> bool {
        if !self.idempotent() || self.accumulator.batches(tp).next().is_none_or(|b| b.base_sequence.is_some()) {
            return false;
        }
        let stale = self.sequences.get(tp).is_some_and(|s| s.producer_epoch != self.producer_epoch);
        self.unresolved.contains(tp) || (stale && self.has_numbered_batches(tp))
    }

    /// `TransactionManager.maybeResolveSequences`: an unresolved partition whose numbered
    /// batches are all done is resolved if the last one acknowledged ends where the next would
    /// start (the expired batch was written: later ones followed it); otherwise its sequences
    /// have a gap, and the next epoch restarts them.
    fn maybe_resolve_sequences(&mut self) {
        if self.unresolved.is_empty() {
            return;
        }
        let done: Vec<TopicPartition> = self.unresolved.iter().filter(|tp| !self.has_numbered_batches(tp)).cloned().collect();
        for tp in done {
            self.unresolved.remove(&tp);
            let gap = self.sequences.get(&tp).is_some_and(|s| s.next.wrapping_sub(s.last_acked.unwrap_or(-1)) != 1);
            if gap {
                self.request_epoch_bump(tp);
            }
        }
    }

    /// Whether a numbered batch failed, so the epoch must be bumped before sequences restart
    /// (KIP-360; a transactional producer asks its coordinator with InitProducerId after the abort).
    pub fn take_epoch_bump(&mut self) -> bool {
        std::mem::take(&mut self.epoch_bump_pending)
    }

    /// InitProducerId answered for a transactional producer.
    pub fn transactions_initialized(&mut self, producer_id: i64, producer_epoch: i16) {
        self.producer_id = producer_id;
        self.producer_epoch = producer_epoch;
        self.sequences.clear();
        self.unresolved.clear();
        self.rewrite.clear();
        self.accumulator.clear_sequences();
        if let Some(txn) = self.txn.as_mut() {
            txn.state = crate::transaction_manager::TxnClientState::Ready;
            txn.init_started_ms = None;
        }
    }

    /// `RecordAccumulator.abortUndrainedBatches`: the aborted transaction's batches that never
    /// left fail; the ones in flight finish first.
    pub fn abort_undrained(&mut self) -> Vec<ClientOutcome> {
        let mut out = Vec::new();
        for batch in self.accumulator.drain_all() {
            self.accumulator.complete(&batch);
            let send_ids: Vec<u64> = batch.records.iter().map(|r| r.send_id).collect();
            self.stats.failed += send_ids.len() as u64;
            out.push(ClientOutcome::Aborted { partition: batch.partition, send_ids });
        }
        out
    }

    /// `TransactionManager.bumpIdempotentProducerEpoch`: the epoch goes up, and the partitions
    /// that asked for it number their batches from 0 under it (`startSequencesAtBeginning`;
    /// nothing is in flight, so only batches waiting for their retry are renumbered). Every
    /// other partition's numbered batches keep their epoch and sequences: a batch waiting for
    /// its retry may already be in the log, and renumbered it would be written again
    /// (`RecordAccumulator.drain`). Such a partition moves to the new epoch once they are done.
    fn bump_epoch(&mut self, out: &mut Vec<ClientOutcome>) {
        self.epoch_bump_pending = false;
        self.producer_epoch = self.producer_epoch.checked_add(1).unwrap_or(0);
        for tp in std::mem::take(&mut self.rewrite) {
            let next = self.accumulator.renumber(&tp, self.producer_epoch);
            self.unresolved.remove(&tp);
            self.sequences.insert(tp, PartitionSequences { producer_epoch: self.producer_epoch, next, last_acked: None });
        }
        out.push(ClientOutcome::EpochBumped { producer_id: self.producer_id, producer_epoch: self.producer_epoch });
    }

    /// Every record still waiting or in flight fails (the producer is closed with a timeout of
    /// zero, or crashes).
    pub fn abandon(&mut self, error: KafkaError, out: &mut Vec<ClientOutcome>) {
        let mut batches = self.accumulator.drain_all();
        batches.extend(self.in_flight.drain(..).map(|f| f.batch));
        for b in batches {
            self.fail_batch(b, error, SendFailure::Fatal, SequenceFate::Kept, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(p: u32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    /// An idempotent client (producer id 7) whose metadata names broker 1 leader of t-0 and t-1.
    fn client() -> ProducerClient {
        let mut c = ProducerClient::new(ProducerHandle(1), ProducerConfig::default(), Some(7), 1, TimeMs(0));
        c.update_metadata([(tp(0), Some(BrokerId(1))), (tp(1), Some(BrokerId(1)))].into_iter(), TimeMs(0));
        c
    }

    fn send(c: &mut ProducerClient, p: u32, now: u64) -> u64 {
        let record = SentRecord { partition: tp(p), key: None, value: None, headers: Vec::new(), size_bytes: 10, sent_ms: TimeMs(now) };
        c.send(record).unwrap()
    }

    /// Drains at `now` and puts every batch in flight (requests numbered from `first`);
    /// returns (partition, base sequence, epoch) of each.
    fn drain(c: &mut ProducerClient, now: u64, first: u64, out: &mut Vec<ClientOutcome>) -> Vec<(u32, Option<i32>, Option<i16>)> {
        let batches = c.ready_batches(TimeMs(now), out);
        let mut seen = Vec::new();
        for (i, (broker, b)) in batches.into_iter().enumerate() {
            seen.push((b.partition.partition, b.base_sequence, b.producer_epoch));
            c.sent(RequestId(first + i as u64), broker, b);
        }
        seen
    }

    fn bumped(out: &[ClientOutcome]) -> bool {
        out.iter().any(|o| matches!(o, ClientOutcome::EpochBumped { .. }))
    }

    /// `Sender.sendProducerData` / `TransactionManager.maybeResolveSequences`: a batch that
    /// expires after it was sent may be in the log. The partition's next batch waits until the
    /// batch sent after the expired one is answered; acknowledged, it shows the expired one was
    /// written (its sequences follow it), so no epoch bump, and numbering goes on.
    #[test]
    fn an_expired_batch_is_resolved_by_the_next_acknowledgement() {
        let mut c = client();
        let mut out = Vec::new();
        send(&mut c, 0, 0);
        assert_eq!(drain(&mut c, 10, 1, &mut out), vec![(0, Some(0), Some(0))]);
        send(&mut c, 0, 20);
        assert_eq!(drain(&mut c, 30, 2, &mut out), vec![(0, Some(1), Some(0))]);
        // The first one's answer is lost (the purgatory timed out); it waits for its retry.
        c.answer_request(RequestId(1), BatchAnswer::Error(KafkaError::RequestTimedOut), TimeMs(30_000), &mut out);
        c.expire(TimeMs(120_000), &mut out);
        assert!(out.iter().any(|o| matches!(o, ClientOutcome::Failed { failure: SendFailure::DeliveryTimeout, .. })));
        send(&mut c, 0, 120_000);
        assert!(drain(&mut c, 120_100, 3, &mut out).is_empty(), "unresolved: the new batch waits");
        c.answer_request(RequestId(2), BatchAnswer::Appended { first_offset: Offset(1), duplicate: false }, TimeMs(120_100), &mut out);
        assert_eq!(drain(&mut c, 120_200, 3, &mut out), vec![(0, Some(2), Some(0))], "resolved: sequence 2, same epoch");
        assert!(!bumped(&out));
    }

    /// The expired batch was the partition's last: a gap, so the epoch is bumped and that
    /// partition numbers from 0 again. A batch of another partition waiting for its retry (its
    /// first attempt may be in the log) keeps its epoch and sequence, and its partition moves
    /// to the new epoch only once it is done (`RecordAccumulator.drain`,
    /// `TransactionManager.bumpIdempotentProducerEpoch`).
    #[test]
    fn an_epoch_bump_renumbers_only_the_partition_with_the_gap() {
        let mut c = client();
        let mut out = Vec::new();
        send(&mut c, 1, 0);
        assert_eq!(drain(&mut c, 10, 1, &mut out), vec![(1, Some(0), Some(0))]);
        send(&mut c, 0, 50_000);
        assert_eq!(drain(&mut c, 50_010, 2, &mut out), vec![(0, Some(0), Some(0))]);
        c.answer_request(RequestId(1), BatchAnswer::Error(KafkaError::RequestTimedOut), TimeMs(30_000), &mut out);
        c.answer_request(RequestId(2), BatchAnswer::Error(KafkaError::RequestTimedOut), TimeMs(119_990), &mut out);
        c.expire(TimeMs(120_000), &mut out);
        // t-1 has a gap; t-0's batch waits for its retry with epoch 0, sequence 0.
        send(&mut c, 1, 120_000);
        send(&mut c, 0, 120_000);
        let sent = drain(&mut c, 120_500, 3, &mut out);
        assert!(bumped(&out));
        assert_eq!(c.producer_epoch, 1);
        assert_eq!(sent, vec![(0, Some(0), Some(0)), (1, Some(0), Some(1))], "the retry keeps epoch 0; t-1 restarts under 1");
        assert!(drain(&mut c, 120_600, 5, &mut out).is_empty(), "t-0's new batch waits for the batch of epoch 0");
        c.answer_request(RequestId(3), BatchAnswer::Appended { first_offset: Offset(0), duplicate: true }, TimeMs(120_700), &mut out);
        assert_eq!(drain(&mut c, 120_700, 5, &mut out), vec![(0, Some(0), Some(1))], "then t-0 restarts under epoch 1");
    }
}
