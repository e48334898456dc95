//! Transactions on the wire (`TransactionCoordinator`, `TransactionMarkerChannelManager`, and the
//! client's `TransactionManager` requests).
//!
//! - The coordinator of a `transactional.id` is the leader of its `__transaction_state`
//!   partition, `Utils.abs(transactionalId.hashCode()) % 50` (`TransactionStateManager.partitionFor`);
//!   the topic is created on the first FindCoordinator, as `__consumer_offsets` is.
//! - `initTransactions()` gets a producer id and epoch (a known id's epoch is bumped, and an open
//!   transaction of the old producer is aborted first: the zombie is fenced).
//! - Before a batch goes to a partition new to the transaction, AddPartitionsToTxn; offsets of
//!   `sendOffsetsToTransaction` go to the coordinator (AddOffsetsToTxn) and the group
//!   (TxnOffsetCommit) before EndTxn.
//! - EndTxn moves the transaction to PrepareCommit/PrepareAbort; the coordinator then writes a
//!   marker (a control record) to every partition's leader and waits until each is below the
//!   partition's high watermark (WriteTxnMarkers with acks=all), rewriting a marker a new leader
//!   lacks; then CompleteCommit/CompleteAbort, and a committed transaction's offsets reach the group.
//! - An Ongoing transaction older than `transaction.timeout.ms` is aborted with the epoch bumped
//!   (`TransactionCoordinator.abortTimedOutTransactions`), so its producer is fenced.
//!
//! Simplified: the coordinator's state is kept beside the cluster instead of being reloaded from
//! the `__transaction_state` log by a new coordinator (it is the same state Kafka would load, as
//! the sandbox's state writes never fail); requests to it are answered within the tick.

use super::*;
use crate::config::CleanupPolicy;
use crate::ids::ProducerHandle;
use crate::java_hash::{string_hash_code, utils_abs};
use crate::producer_client::{ClientOutcome, ProducerClient};
use crate::record::{control_record_size_bytes, ControlRecordType, RecordProducer};
use crate::transaction_manager::TxnClientState;
use crate::transaction_metadata::{TransactionMetadata, TransactionState, TxnOffsets, WrittenMarker};

pub const TRANSACTION_STATE_TOPIC: &str = "__transaction_state";
/// `transaction.state.log.num.partitions` (default 50).
pub const TRANSACTION_STATE_PARTITIONS: u32 = 50;
/// `transaction.state.log.min.isr` (default 2).
pub const TRANSACTION_STATE_MIN_ISR: u32 = 2;
/// Transactional ids the coordinator remembers (the sandbox's bound).
pub const TRANSACTIONAL_IDS_MAX: usize = 256;

/// `TransactionStateManager.partitionFor`.
pub fn transaction_partition_for(transactional_id: &str) -> u32 {
    (utils_abs(string_hash_code(transactional_id)) as u32) % TRANSACTION_STATE_PARTITIONS
}

type Answer<T> = Result<T, KafkaError>;

impl Cluster {
    /// The transaction coordinator's record of every transactional id.
    pub fn transactions(&self) -> impl Iterator<Item = &TransactionMetadata> + '_ {
        self.transactions.values()
    }

    pub fn transaction(&self, transactional_id: &str) -> Option<&TransactionMetadata> {
        self.transactions.get(transactional_id)
    }

    /// FindCoordinator(TRANSACTION): the running leader of the id's `__transaction_state`
    /// partition, creating the topic on first use (as `ensure_offsets_topic`).
    fn find_transaction_coordinator(&mut self, transactional_id: &str) -> Answer<BrokerId> {
        if !self.topics.contains_key(TRANSACTION_STATE_TOPIC) {
            let rf = self.config.offsets_topic_replication_factor;
            let config = TopicConfig {
                cleanup_policy: CleanupPolicy::Compact,
                segment_bytes: 16_384,
                min_insync_replicas: TRANSACTION_STATE_MIN_ISR,
                ..TopicConfig::default()
            };
            self.create_topic_unchecked(TRANSACTION_STATE_TOPIC, TRANSACTION_STATE_PARTITIONS, rf, config)
                .map_err(|_| KafkaError::CoordinatorNotAvailable)?;
        }
        let p = transaction_partition_for(transactional_id);
        let leader = self.topics.get(TRANSACTION_STATE_TOPIC).and_then(|t| t.partitions.get(p as usize)).and_then(|p| p.leader);
        leader.filter(|b| self.running(*b)).ok_or(KafkaError::CoordinatorNotAvailable)
    }

    /// `producer.initTransactions()`: InitProducerId is retried each tick until it succeeds or
    /// `max.block.ms` passes.
    pub(crate) fn init_transactions(&mut self, producer: ProducerHandle) -> Result<(), CommandError> {
        let now = self.now;
        let client = self.producer_mut(producer)?;
        let Some(txn) = client.txn.as_mut() else { return Err(not_transactional()) };
        if !matches!(txn.state, TxnClientState::Uninitialized) || txn.init_started_ms.is_some() {
            return Err(CommandError::new(
                CommandErrorKind::InvalidState,
                format!("{} has already called initTransactions", client.client_id),
            ));
        }
        txn.init_started_ms = Some(now);
        txn.retry_after_ms = now;
        Ok(())
    }

    /// `beginTransaction()`, `commitTransaction()`, `abortTransaction()`: the client's state
    /// moves at once; the requests follow at its next ticks.
    pub(crate) fn transaction_call(&mut self, producer: ProducerHandle, call: TxnCall) -> Result<(), CommandError> {
        let client = self.producer_mut(producer)?;
        let Some(txn) = client.txn.as_mut() else { return Err(not_transactional()) };
        let result = match call {
            TxnCall::Begin => txn.begin(),
            TxnCall::Commit => txn.commit(),
            TxnCall::Abort => txn.abort(),
            TxnCall::SendOffsets(offsets) => txn.send_offsets(offsets),
        };
        result.map_err(|m| CommandError::new(CommandErrorKind::InvalidState, m))?;
        if call_flushes(&client.txn) {
            // commitTransaction() flushes first.
            client.flushing = true;
        }
        Ok(())
    }

    /// A transactional client's requests to its coordinator for this tick (before its batches
    /// are drained).
    pub(super) fn step_transaction_client(&mut self, client: &mut ProducerClient, out: &mut Vec<ClientOutcome>) {
        let now = self.now;
        let Some(txn) = client.txn.as_ref() else { return };
        if txn.retry_after_ms > now {
            return;
        }
        let backoff = client.config.retry_backoff_ms;
        let result = match txn.state {
            TxnClientState::Uninitialized if txn.init_started_ms.is_some() => self.init_producer_id(client),
            TxnClientState::FatalError(e) => {
                client.abandon(e, out);
                Ok(())
            }
            TxnClientState::InTransaction | TxnClientState::CommittingTransaction => self.add_partitions_to_txn(client),
            TxnClientState::AbortingTransaction => {
                let aborted = client.abort_undrained();
                out.extend(aborted);
                if client.in_flight().is_empty() {
                    self.end_txn(client, false)
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        };
        let result = result.and_then(|()| match client.txn.as_ref().map(|t| t.state) {
            Some(TxnClientState::CommittingTransaction) if client.idle() => self.end_txn(client, true),
            _ => Ok(()),
        });
        let Some(txn) = client.txn.as_mut() else { return };
        match result {
            Ok(()) => {}
            Err(e) if e.retriable() => {
                txn.retry_after_ms = TimeMs(now.0 + backoff);
                if let Some(started) = txn.init_started_ms.filter(|_| txn.state == TxnClientState::Uninitialized) {
                    if now.0 >= started.0 + client.config.max_block_ms {
                        // `TimeoutException: Timeout expired after max.block.ms while awaiting
                        // InitProducerId`; the application may call initTransactions again.
                        txn.init_started_ms = None;
                        out.push(ClientOutcome::TransactionError { error: KafkaError::RequestTimedOut });
                    }
                }
            }
            Err(e) => {
                // A coordinator request failing for good is fatal; fencing reads as PRODUCER_FENCED.
                if !matches!(txn.state, TxnClientState::FatalError(_)) {
                    let fenced = matches!(e, KafkaError::ProducerFenced | KafkaError::InvalidProducerEpoch);
                    txn.state = TxnClientState::FatalError(if fenced { KafkaError::ProducerFenced } else { e });
                }
                out.push(ClientOutcome::TransactionError { error: e });
            }
        }
    }

    fn init_producer_id(&mut self, client: &mut ProducerClient) -> Answer<()> {
        let now = self.now;
        let Some(txn) = client.txn.as_ref() else { return Ok(()) };
        let id = txn.transactional_id.clone();
        self.find_transaction_coordinator(&id)?;
        let timeout_ms = client.config.transaction_timeout_ms;
        let (producer_id, producer_epoch) = match self.transactions.get_mut(&id) {
            Some(m) => {
                let before = m.state;
                let result = m.init_producer_id(timeout_ms);
                let (pid, epoch, state, partitions) = (m.producer_id, m.producer_epoch, m.state, m.partitions.iter().cloned().collect());
                if before != state {
                    self.emit_txn_state(&id, pid, epoch, state, partitions);
                }
                result?;
                (pid, epoch)
            }
            None => {
                if self.transactions.len() >= TRANSACTIONAL_IDS_MAX {
                    return Err(KafkaError::InvalidRequest);
                }
                let pid = self.producers.0.new_producer_id();
                self.transactions.insert(id.clone(), TransactionMetadata::new(&id, pid, timeout_ms, now));
                (pid, 0)
            }
        };
        client.transactions_initialized(producer_id, producer_epoch);
        self.emit(EventKind::ProducerTransactionsInitialized {
            producer: client.handle,
            transactional_id: id,
            producer_id,
            producer_epoch,
        });
        Ok(())
    }

    /// AddPartitionsToTxn for the partitions with batches that the transaction lacks.
    fn add_partitions_to_txn(&mut self, client: &mut ProducerClient) -> Answer<()> {
        let now = self.now;
        let Some(txn) = client.txn.as_ref() else { return Ok(()) };
        let new: Vec<TopicPartition> = client.accumulator().partitions().filter(|tp| !txn.may_send_to(tp)).cloned().collect();
        if new.is_empty() {
            return Ok(());
        }
        let id = txn.transactional_id.clone();
        self.find_transaction_coordinator(&id)?;
        let m = self.transactions.get_mut(&id).ok_or(KafkaError::InvalidProducerIdMapping)?;
        let before = m.state;
        m.add_partitions(client.producer_id, client.producer_epoch, new.iter().cloned(), now)?;
        let (pid, epoch, state, partitions) = (m.producer_id, m.producer_epoch, m.state, m.partitions.iter().cloned().collect());
        if before != state {
            self.emit_txn_state(&id, pid, epoch, state, partitions);
        }
        if let Some(txn) = client.txn.as_mut() {
            txn.partitions.extend(new);
        }
        Ok(())
    }

    /// AddOffsetsToTxn + TxnOffsetCommit (when offsets were sent), then EndTxn.
    fn end_txn(&mut self, client: &mut ProducerClient, commit: bool) -> Answer<()> {
        let Some(txn) = client.txn.as_ref() else { return Ok(()) };
        let id = txn.transactional_id.clone();
        let offsets = if commit { txn.offsets.clone() } else { None };
        if txn.partitions.is_empty() && offsets.is_none() {
            // Nothing reached the coordinator: the transaction ends on the client alone
            // (`TransactionManager.beginCommit/beginAbort` with no partitions added).
            self.finish_client_transaction(client, commit);
            return Ok(());
        }
        self.find_transaction_coordinator(&id)?;
        let now = self.now;
        let (pid, epoch) = (client.producer_id, client.producer_epoch);
        if let Some(o) = &offsets {
            let offsets_tp = TopicPartition::new(OFFSETS_TOPIC, offsets_partition_for(&o.group, self.offsets_partitions()));
            self.ensure_offsets_topic_loaded().map_err(|_| KafkaError::CoordinatorNotAvailable)?;
            let m = self.transactions.get_mut(&id).ok_or(KafkaError::InvalidProducerIdMapping)?;
            m.add_partitions(pid, epoch, std::iter::once(offsets_tp), now)?;
            m.offsets = Some(o.clone());
        }
        let m = self.transactions.get_mut(&id).ok_or(KafkaError::InvalidProducerIdMapping)?;
        let before = m.state;
        let new_epoch = m.end_transaction(pid, epoch, commit)?;
        let (state, partitions) = (m.state, m.partitions.iter().cloned().collect());
        if before != state {
            self.emit_txn_state(&id, pid, new_epoch, state, partitions);
        }
        if new_epoch != epoch {
            // Transaction version 2: EndTxn answers with the bumped epoch; sequences restart.
            client.transactions_initialized(pid, new_epoch);
            self.emit(EventKind::ProducerEpochBumped { producer: client.handle, producer_id: pid, producer_epoch: new_epoch });
        }
        self.finish_client_transaction(client, commit);
        Ok(())
    }

    fn finish_client_transaction(&mut self, client: &mut ProducerClient, commit: bool) {
        // A failed batch used up its sequences (KIP-360); the epoch EndTxn bumped restarts them.
        client.take_epoch_bump();
        if let Some(txn) = client.txn.as_mut() {
            txn.ended(commit);
        }
        client.flushing = false;
        self.emit(EventKind::ProducerTransactionEnded { producer: client.handle, committed: commit });
    }

    fn emit_txn_state(
        &mut self,
        id: &str,
        producer_id: i64,
        producer_epoch: i16,
        state: TransactionState,
        partitions: Vec<TopicPartition>,
    ) {
        self.emit(EventKind::TransactionStateChanged { transactional_id: id.to_string(), producer_id, producer_epoch, state, partitions });
    }

    /// The coordinators' work of one tick: time out old transactions, write markers, complete.
    pub(super) fn step_transactions(&mut self) {
        if self.transactions.is_empty() {
            return;
        }
        let now = self.now;
        let ids: Vec<String> = self.transactions.keys().cloned().collect();
        for id in ids {
            let partition = transaction_partition_for(&id);
            let coordinator =
                self.topics.get(TRANSACTION_STATE_TOPIC).and_then(|t| t.partitions.get(partition as usize)).and_then(|p| p.leader);
            if !coordinator.is_some_and(|b| self.running(b)) {
                continue; // no coordinator: nothing moves until one is elected
            }
            let Some(m) = self.transactions.get_mut(&id) else { continue };
            if m.timed_out(now) {
                let (pid, epoch) = (m.producer_id, m.producer_epoch);
                m.fence();
                let (new_epoch, partitions) = (m.producer_epoch, m.partitions.iter().cloned().collect());
                self.emit(EventKind::TransactionTimedOut { transactional_id: id.clone(), producer_id: pid, producer_epoch: epoch });
                self.emit_txn_state(&id, pid, new_epoch, TransactionState::PrepareEpochFence, partitions);
            }
            let Some(m) = self.transactions.get(&id) else { continue };
            if !m.state.preparing() {
                continue;
            }
            let control = if m.committing() { ControlRecordType::Commit } else { ControlRecordType::Abort };
            let (pid, epoch) = (m.producer_id, m.marker_epoch);
            let pending: Vec<(TopicPartition, Option<WrittenMarker>)> = m.pending_markers.iter().map(|(tp, w)| (tp.clone(), *w)).collect();
            for (tp, written) in pending {
                let next = self.write_marker(&tp, written, pid, epoch, control);
                if let Some(m) = self.transactions.get_mut(&id) {
                    match next {
                        MarkerProgress::Done => {
                            m.pending_markers.remove(&tp);
                        }
                        MarkerProgress::Waiting(w) => {
                            m.pending_markers.insert(tp, w);
                        }
                    }
                }
            }
            let Some(m) = self.transactions.get_mut(&id) else { continue };
            if m.pending_markers.is_empty() {
                let offsets = m.complete();
                let (state, partitions) = (m.state, m.partitions.iter().cloned().collect());
                let (pid, epoch) = (m.producer_id, m.producer_epoch);
                if let Some(o) = offsets {
                    self.apply_txn_offsets_loaded(o);
                }
                self.emit_txn_state(&id, pid, epoch, state, partitions);
            }
        }
    }

    /// One partition's marker: appended to its leader, done once below the leader's HW;
    /// appended again if the current leader does not have it (it was truncated away).
    fn write_marker(
        &mut self,
        tp: &TopicPartition,
        written: Option<WrittenMarker>,
        producer_id: i64,
        producer_epoch: i16,
        control: ControlRecordType,
    ) -> MarkerProgress {
        if self.partition(tp).is_none() {
            // `TransactionMarkerChannelManager.addTxnMarkersToBrokerQueue`: a partition the
            // metadata no longer has (its topic was deleted) gets no marker; it leaves the
            // transaction's pending partitions.
            return MarkerProgress::Done;
        }
        let Some(leader) = self.partition(tp).and_then(|p| p.leader).filter(|b| self.running(*b)) else {
            return MarkerProgress::Waiting(written);
        };
        if tp.topic.as_ref() == OFFSETS_TOPIC {
            // The group coordinator takes the offsets at completion (`apply_txn_offsets`); the
            // sandbox writes no marker into `__consumer_offsets`.
            return MarkerProgress::Done;
        }
        let (now, lag_max_ms) = (self.now, self.config.replica_lag_time_max_ms);
        let Cluster { topics, brokers, record_pool, next_record_id, .. } = self;
        let Some(t) = topics.get_mut(&*tp.topic) else { return MarkerProgress::Done };
        let (min_isr, segment_rule) = (t.min_isr_effective(), t.config.segment_rule());
        let Some(p) = t.partitions.get_mut(tp.partition as usize) else { return MarkerProgress::Done };
        let leader_epoch = p.leader_epoch;
        let Some(log) = p.logs.get_mut(&leader) else { return MarkerProgress::Waiting(written) };
        let present = written.filter(|w| log.record(w.offset).is_some_and(|r| r.record_id == w.record_id));
        let marker = match present {
            Some(w) => w,
            None => {
                let offset = log.log_end_offset();
                let record_id = *next_record_id;
                *next_record_id += 1;
                // A control batch of one record, uncompressed (`MemoryRecords.withEndTransactionMarker`).
                let mut one = [Record {
                    offset,
                    leader_epoch,
                    timestamp_ms: now,
                    key: None,
                    value: None,
                    headers: Vec::new(),
                    record_id,
                    size_bytes: control_record_size_bytes(),
                    producer: crate::hashed_when_used::HashedWhenUsed(Some(RecordProducer {
                        producer_id,
                        producer_epoch,
                        sequence: -1,
                        batch_start: true,
                        transactional: true,
                        control: Some(control),
                    })),
                    sent: Default::default(),
                    batch: Default::default(),
                }];
                mark_batch(&mut one, crate::record_batch::Compression::None);
                let [record] = one;
                log.append(record_pool.make(record), &segment_rule);
                WrittenMarker { offset, record_id }
            }
        };
        let eligible = |b: BrokerId| brokers.get(&b).is_some_and(|x| x.isr_eligible());
        let rule = HwRule { now, lag_max_ms, isr_eligible: eligible };
        let hw = p.maybe_increment_hw(min_isr, &rule);
        let below_hw = p.high_watermark() > marker.offset;
        if present.is_none() {
            self.emit(EventKind::TransactionMarkerWritten { partition: tp.clone(), producer_id, control, offset: marker.offset });
        }
        if let Some(hw) = hw {
            self.emit(EventKind::HighWatermarkAdvanced { partition: tp.clone(), high_watermark: hw });
        }
        if below_hw {
            MarkerProgress::Done
        } else {
            MarkerProgress::Waiting(Some(marker))
        }
    }
}

/// `KafkaProducer.throwIfNoTransactionManager`.
fn not_transactional() -> CommandError {
    CommandError::new(
        CommandErrorKind::InvalidState,
        "Cannot use transactional methods without enabling transactions by setting the transactional.id configuration property",
    )
}

/// A marker's progress on its partition.
enum MarkerProgress {
    Done,
    Waiting(Option<WrittenMarker>),
}

/// A transactional call from the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TxnCall {
    Begin,
    Commit,
    Abort,
    SendOffsets(TxnOffsets),
}

fn call_flushes(txn: &Option<crate::transaction_manager::TransactionManager>) -> bool {
    txn.as_ref().is_some_and(|t| t.state == TxnClientState::CommittingTransaction)
}
