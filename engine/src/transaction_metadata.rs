//! The transaction coordinator's record of one `transactional.id` (`TransactionMetadata`,
//! `TransactionState` in `transaction-coordinator`), and the answers `TransactionCoordinator`
//! gives to a producer's requests: InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn and
//! EndTxn. Pure: the cluster (`cluster/transaction_coordinator.rs`) finds the coordinator,
//! writes the markers and moves the state on.
//!
//! Transaction version 2 (KIP-890, on by default on new Kafka 4.0 clusters, used by 4.x
//! clients): the coordinator bumps the producer's epoch when a transaction ends, the markers
//! carry the new epoch and EndTxn hands it to the producer, whose sequences restart at 0; a
//! request from the transaction before (a late retry) can no longer join the next one.
//! Simplified: the client still adds each partition with AddPartitionsToTxn before its first
//! batch, where a version 2 broker adds it itself on the produce path (the coordinator ends in
//! the same state).

use crate::ids::{Offset, TimeMs, TopicPartition};
use crate::kafka_error::KafkaError;
use crate::vec_map::{VecMap, VecSet};
use serde::{Deserialize, Serialize};

/// `TransactionState`: Empty → Ongoing → PrepareCommit/PrepareAbort → CompleteCommit/CompleteAbort
/// (then Ongoing again with the next AddPartitionsToTxn). PrepareEpochFence is the abort of a
/// transaction whose producer was fenced or timed out (its epoch is bumped first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TransactionState {
    Empty,
    Ongoing,
    PrepareCommit,
    PrepareAbort,
    CompleteCommit,
    CompleteAbort,
    PrepareEpochFence,
}

impl TransactionState {
    /// Kafka's name, as `kafka-transactions.sh describe` prints it.
    pub fn name(self) -> &'static str {
        match self {
            TransactionState::Empty => "Empty",
            TransactionState::Ongoing => "Ongoing",
            TransactionState::PrepareCommit => "PrepareCommit",
            TransactionState::PrepareAbort => "PrepareAbort",
            TransactionState::CompleteCommit => "CompleteCommit",
            TransactionState::CompleteAbort => "CompleteAbort",
            TransactionState::PrepareEpochFence => "PrepareEpochFence",
        }
    }

    /// A commit or abort is under way: markers are being written.
    pub fn preparing(self) -> bool {
        matches!(self, TransactionState::PrepareCommit | TransactionState::PrepareAbort | TransactionState::PrepareEpochFence)
    }
}

/// Offsets a consumer-transform-produce application commits inside the transaction
/// (`sendOffsetsToTransaction`): applied to the group when the transaction commits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TxnOffsets {
    pub group: String,
    pub offsets: VecMap<TopicPartition, Offset>,
}

/// A marker written to a partition's leader and not yet below its high watermark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WrittenMarker {
    pub offset: Offset,
    pub record_id: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TransactionMetadata {
    pub transactional_id: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    /// `transaction.timeout.ms` the producer gave in InitProducerId.
    pub timeout_ms: u64,
    pub state: TransactionState,
    /// The partitions of the open (or completing) transaction.
    pub partitions: VecSet<TopicPartition>,
    /// When the open transaction started (its first AddPartitionsToTxn).
    pub txn_start_ms: TimeMs,
    /// While preparing: the partitions whose marker is not yet safely written, and the marker
    /// already appended to the current leader, if any (`TransactionMarkerChannelManager`).
    pub pending_markers: VecMap<TopicPartition, Option<WrittenMarker>>,
    /// The epoch the markers carry (a fenced transaction's markers carry the bumped epoch).
    pub marker_epoch: i16,
    pub offsets: Option<TxnOffsets>,
    /// The last transaction was ended by its producer's EndTxn (not fenced): a retry of that
    /// EndTxn from the epoch before is answered as the first one was.
    #[serde(default)]
    pub ended_by_client: bool,
}

/// The sandbox's bound on a transaction's partitions (its markers are written one by one).
pub const TXN_PARTITIONS_MAX: usize = 1_000;

impl TransactionMetadata {
    pub fn new(transactional_id: &str, producer_id: i64, timeout_ms: u64, now: TimeMs) -> Self {
        TransactionMetadata {
            transactional_id: transactional_id.to_string(),
            producer_id,
            producer_epoch: 0,
            timeout_ms,
            state: TransactionState::Empty,
            partitions: VecSet::new(),
            txn_start_ms: now,
            pending_markers: VecMap::new(),
            marker_epoch: 0,
            offsets: None,
            ended_by_client: false,
        }
    }

    /// `TransactionCoordinator.handleInitProducerId` for a known id. `Ok(true)`: the epoch was
    /// bumped and the producer may go on; `Ok(false)`: an open transaction is being aborted
    /// first (the caller retries on CONCURRENT_TRANSACTIONS); `Err`: refused.
    pub fn init_producer_id(&mut self, timeout_ms: u64) -> Result<(), KafkaError> {
        match self.state {
            s if s.preparing() => Err(KafkaError::ConcurrentTransactions),
            TransactionState::Ongoing => {
                // A new producer with the same transactional.id: the old one is a zombie. Its
                // transaction is aborted with a bumped epoch (`prepareFenceProducerEpoch`).
                self.fence();
                Err(KafkaError::ConcurrentTransactions)
            }
            _ => {
                self.producer_epoch = self.producer_epoch.checked_add(1).unwrap_or(0);
                self.timeout_ms = timeout_ms;
                self.state = TransactionState::Empty;
                self.partitions.clear();
                self.offsets = None;
                Ok(())
            }
        }
    }

    /// The open transaction is aborted with the epoch bumped, so its producer's later requests
    /// are fenced (a zombie, or `transaction.timeout.ms` passed: `abortTimedOutTransactions`).
    pub fn fence(&mut self) {
        self.producer_epoch = self.producer_epoch.checked_add(1).unwrap_or(0);
        self.ended_by_client = false;
        self.state = TransactionState::PrepareEpochFence;
        self.prepare(false);
    }

    fn check_producer(&self, producer_id: i64, producer_epoch: i16) -> Result<(), KafkaError> {
        if producer_id != self.producer_id {
            return Err(KafkaError::InvalidProducerIdMapping);
        }
        if producer_epoch != self.producer_epoch {
            return Err(KafkaError::ProducerFenced);
        }
        Ok(())
    }

    /// `handleAddPartitionsToTransaction` (AddOffsetsToTxn adds the group's offsets partition
    /// the same way).
    pub fn add_partitions(
        &mut self,
        producer_id: i64,
        producer_epoch: i16,
        partitions: impl Iterator<Item = TopicPartition>,
        now: TimeMs,
    ) -> Result<(), KafkaError> {
        self.check_producer(producer_id, producer_epoch)?;
        if self.state.preparing() {
            return Err(KafkaError::ConcurrentTransactions);
        }
        if self.state != TransactionState::Ongoing {
            self.state = TransactionState::Ongoing;
            self.txn_start_ms = now;
            self.partitions.clear();
            self.offsets = None;
        }
        for tp in partitions {
            if self.partitions.len() >= TXN_PARTITIONS_MAX {
                return Err(KafkaError::InvalidRequest);
            }
            self.partitions.insert(tp);
        }
        Ok(())
    }

    /// `handleEndTransaction`: the producer's new epoch once PrepareCommit/PrepareAbort is
    /// written, the epoch bumped (transaction version 2). A retry from the epoch before, of an
    /// end already completed, gets the same answer.
    pub fn end_transaction(&mut self, producer_id: i64, producer_epoch: i16, commit: bool) -> Result<i16, KafkaError> {
        let completed = self.ended_by_client && matches!(self.state, TransactionState::CompleteCommit | TransactionState::CompleteAbort);
        if completed && producer_id == self.producer_id && producer_epoch.checked_add(1) == Some(self.producer_epoch) {
            let same = (self.state == TransactionState::CompleteCommit) == commit;
            return if same { Ok(self.producer_epoch) } else { Err(KafkaError::InvalidTxnState) };
        }
        self.check_producer(producer_id, producer_epoch)?;
        match (self.state, commit) {
            (TransactionState::Ongoing, _) => {
                self.producer_epoch = self.producer_epoch.checked_add(1).unwrap_or(0);
                self.ended_by_client = true;
                self.state = if commit { TransactionState::PrepareCommit } else { TransactionState::PrepareAbort };
                self.prepare(commit);
                Ok(self.producer_epoch)
            }
            (TransactionState::PrepareCommit, true) | (TransactionState::PrepareAbort, false) => Err(KafkaError::ConcurrentTransactions),
            // An abort with nothing added is a no-op for the coordinator (the client skips it).
            (TransactionState::Empty, false) => Ok(self.producer_epoch),
            _ => Err(KafkaError::InvalidTxnState),
        }
    }

    fn prepare(&mut self, commit: bool) {
        self.marker_epoch = self.producer_epoch;
        self.pending_markers = self.partitions.iter().map(|tp| (tp.clone(), None)).collect();
        if !commit {
            self.offsets = None;
        }
    }

    /// Whether the markers go out as COMMIT.
    pub fn committing(&self) -> bool {
        self.state == TransactionState::PrepareCommit
    }

    /// Every marker is written: CompleteCommit or CompleteAbort. Returns the offsets to apply
    /// to the group when it committed.
    pub fn complete(&mut self) -> Option<TxnOffsets> {
        let commit = self.committing();
        self.state = if commit { TransactionState::CompleteCommit } else { TransactionState::CompleteAbort };
        let offsets = self.offsets.take();
        commit.then_some(offsets).flatten()
    }

    /// `transaction.timeout.ms` passed in Ongoing.
    pub fn timed_out(&self, now: TimeMs) -> bool {
        self.state == TransactionState::Ongoing && now.0 >= self.txn_start_ms.0.saturating_add(self.timeout_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(p: u32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    #[test]
    fn a_transaction_goes_ongoing_prepare_complete() {
        let mut m = TransactionMetadata::new("tx", 7, 60_000, TimeMs(0));
        m.add_partitions(7, 0, [tp(0), tp(1)].into_iter(), TimeMs(10)).unwrap();
        assert_eq!(m.state, TransactionState::Ongoing);
        assert_eq!(m.txn_start_ms, TimeMs(10));
        assert_eq!(m.end_transaction(7, 0, true), Ok(1), "transaction version 2: the epoch is bumped at the end");
        assert_eq!((m.state, m.marker_epoch), (TransactionState::PrepareCommit, 1), "the markers carry the new epoch");
        assert_eq!(m.pending_markers.len(), 2);
        assert_eq!(m.add_partitions(7, 1, [tp(2)].into_iter(), TimeMs(20)), Err(KafkaError::ConcurrentTransactions));
        m.complete();
        assert_eq!(m.state, TransactionState::CompleteCommit);
        assert_eq!(m.end_transaction(7, 0, true), Ok(1), "a retried EndTxn of a completed commit succeeds");
        assert_eq!(m.end_transaction(7, 0, false), Err(KafkaError::InvalidTxnState));
        assert_eq!(
            m.add_partitions(7, 0, [tp(2)].into_iter(), TimeMs(30)),
            Err(KafkaError::ProducerFenced),
            "the old epoch cannot start the next"
        );
        m.add_partitions(7, 1, [tp(2)].into_iter(), TimeMs(30)).unwrap();
        assert_eq!(m.partitions.len(), 1, "the next transaction starts afresh");
    }

    #[test]
    fn a_new_producer_fences_the_old_one() {
        let mut m = TransactionMetadata::new("tx", 7, 60_000, TimeMs(0));
        m.add_partitions(7, 0, [tp(0)].into_iter(), TimeMs(0)).unwrap();
        assert_eq!(m.init_producer_id(60_000), Err(KafkaError::ConcurrentTransactions), "the open transaction is aborted first");
        assert_eq!(m.state, TransactionState::PrepareEpochFence);
        assert_eq!(m.producer_epoch, 1);
        assert!(!m.committing());
        assert_eq!(m.end_transaction(7, 0, true), Err(KafkaError::ProducerFenced), "the zombie cannot commit");
        m.complete();
        assert_eq!(m.state, TransactionState::CompleteAbort);
        m.init_producer_id(60_000).unwrap();
        assert_eq!(m.producer_epoch, 2);
        assert_eq!(m.add_partitions(7, 1, [tp(0)].into_iter(), TimeMs(5)), Err(KafkaError::ProducerFenced));
        assert_eq!(m.add_partitions(8, 2, [tp(0)].into_iter(), TimeMs(5)), Err(KafkaError::InvalidProducerIdMapping));
    }

    #[test]
    fn an_abort_drops_the_offsets_and_a_timeout_fences() {
        let mut m = TransactionMetadata::new("tx", 1, 1_000, TimeMs(0));
        m.add_partitions(1, 0, [tp(0)].into_iter(), TimeMs(100)).unwrap();
        m.offsets = Some(TxnOffsets { group: "g".into(), offsets: VecMap::from([(tp(5), Offset(3))]) });
        assert!(!m.timed_out(TimeMs(1_099)));
        assert!(m.timed_out(TimeMs(1_100)));
        m.fence();
        assert_eq!(m.complete(), None, "an aborted transaction's offsets are never applied");
        let mut m = TransactionMetadata::new("tx", 1, 1_000, TimeMs(0));
        m.add_partitions(1, 0, [tp(0)].into_iter(), TimeMs(0)).unwrap();
        m.offsets = Some(TxnOffsets { group: "g".into(), offsets: VecMap::new() });
        assert_eq!(m.end_transaction(1, 0, true), Ok(1));
        assert!(m.complete().is_some());
    }
}
