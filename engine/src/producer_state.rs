//! The broker's record of idempotent producers per partition (`ProducerStateManager`,
//! `ProducerStateEntry`, `ProducerAppendInfo` in `storage/internals/log`): for each producer id
//! its epoch and the metadata of its last five batches, against which an incoming batch is
//! checked before it is appended.
//!
//! The rules, as Kafka applies them to a batch from a client (`AppendOrigin.CLIENT`):
//! - a batch whose epoch and sequence range equal one of the last five is a duplicate: it is not
//!   appended again and the client gets the offsets of the first append
//!   (`UnifiedLog.analyzeAndValidateProducerState`, `ProducerStateEntry.findDuplicateBatch`);
//! - an epoch below the producer's is refused with `INVALID_PRODUCER_EPOCH`
//!   (`checkProducerEpoch`; `PRODUCER_FENCED` is what the transaction coordinator answers);
//! - a new epoch must start at sequence 0 (`checkSequence`), else `OUT_OF_ORDER_SEQUENCE_NUMBER`;
//! - within an epoch the first sequence must follow the last one (wrapping after `i32::MAX`),
//!   else `OUT_OF_ORDER_SEQUENCE_NUMBER`; a producer the partition has no state for (all its
//!   records deleted) may start anywhere.
//!
//! Replicas rebuild the same state from the batches they copy (`AppendOrigin.REPLICATION`:
//! no validation), so a newly elected leader knows the producers the old one knew.

use crate::hashed_when_used::HashedWhenUsed;
use crate::kafka_error::KafkaError;
use crate::record::{ControlRecordType, RecordProducer};
use crate::vec_map::VecMap;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Batches remembered per producer (`ProducerStateEntry.NUM_BATCHES_TO_RETAIN`): the most a
/// producer may have in flight to one partition with idempotence (`max.in.flight.requests.per.connection` ≤ 5).
pub const BATCHES_RETAINED: usize = 5;

/// Producers remembered per partition; the oldest (by last append) is forgotten first, as
/// Kafka expires producer ids after `transactional.id.expiration.ms`/`producer.id.expiration.ms`.
pub const PRODUCERS_PER_PARTITION_MAX: usize = 256;

/// One appended batch (`BatchMetadata`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BatchMetadata {
    pub first_seq: i32,
    pub last_seq: i32,
    pub first_offset: i64,
    pub last_offset: i64,
}

/// What the broker knows of one producer on one partition (`ProducerStateEntry`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProducerStateEntry {
    pub producer_epoch: i16,
    pub batches: VecDeque<BatchMetadata>,
    /// Offset of the first record of its open transaction, if any (for the last stable offset).
    pub current_txn_first_offset: Option<i64>,
    /// Offset of its last append: the order in which producers are forgotten.
    pub last_offset: i64,
}

impl ProducerStateEntry {
    fn last_seq(&self) -> Option<i32> {
        self.batches.back().map(|b| b.last_seq)
    }

    fn add_batch(&mut self, epoch: i16, batch: BatchMetadata) {
        if self.producer_epoch != epoch {
            self.batches.clear();
            self.producer_epoch = epoch;
        }
        if self.batches.len() == BATCHES_RETAINED {
            self.batches.pop_front();
        }
        self.batches.push_back(batch);
        self.last_offset = batch.last_offset;
    }
}

/// An incoming batch's producer fields (as in the RecordBatch v2 header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchProducer {
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
    /// Records in the batch (≥ 1).
    pub count: u32,
}

impl BatchProducer {
    pub fn last_sequence(&self) -> i32 {
        // Sequences wrap after i32::MAX (`DefaultRecordBatch.incrementSequence`).
        let last = i64::from(self.base_sequence) + i64::from(self.count.max(1)) - 1;
        if last > i64::from(i32::MAX) {
            (last - i64::from(i32::MAX) - 1) as i32
        } else {
            last as i32
        }
    }
}

/// The check's verdict for a client batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppendCheck {
    /// Append it.
    Append,
    /// Already appended at these offsets: answer success with them, append nothing.
    Duplicate { first_offset: i64, last_offset: i64 },
    /// Refuse it with this error.
    Reject(KafkaError),
}

/// Every idempotent producer one replica of a partition knows of.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct ProducerStateManager {
    producers: HashedWhenUsed<VecMap<i64, ProducerStateEntry>>,
    /// The aborted transactions (`TransactionIndex`, `AbortedTxn`), oldest first.
    #[serde(default)]
    aborted: HashedWhenUsed<VecDeque<AbortedTxn>>,
}

/// Aborted transactions one replica remembers (the sandbox's bound; Kafka keeps one `.txnindex`
/// per segment for as long as the segment lives).
pub const ABORTED_TRANSACTIONS_MAX: usize = 4_096;

/// `AbortedTxn`: a producer's aborted transaction on this partition, from its first record to
/// its ABORT marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AbortedTxn {
    pub producer_id: i64,
    pub first_offset: i64,
    /// The marker's offset.
    pub last_offset: i64,
}

fn in_sequence(last: i32, next: i32) -> bool {
    i64::from(next) == i64::from(last) + 1 || (next == 0 && last == i32::MAX)
}

impl ProducerStateManager {
    pub fn entry(&self, producer_id: i64) -> Option<&ProducerStateEntry> {
        self.producers.get(&producer_id)
    }

    /// Whether any producer is known (a log without idempotent records never rebuilds).
    pub fn len(&self) -> usize {
        self.producers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.producers.is_empty()
    }

    /// Checks a batch from a client against the producer's state, without changing it.
    pub fn check(&self, b: &BatchProducer) -> AppendCheck {
        let Some(e) = self.producers.get(&b.producer_id) else {
            // No state for this producer (new, or every record of it deleted): any sequence.
            return AppendCheck::Append;
        };
        if b.producer_epoch == e.producer_epoch {
            let last = b.last_sequence();
            if let Some(d) = e.batches.iter().find(|m| m.first_seq == b.base_sequence && m.last_seq == last) {
                return AppendCheck::Duplicate { first_offset: d.first_offset, last_offset: d.last_offset };
            }
        }
        if b.producer_epoch < e.producer_epoch {
            return AppendCheck::Reject(KafkaError::InvalidProducerEpoch);
        }
        if b.producer_epoch != e.producer_epoch {
            return if b.base_sequence == 0 { AppendCheck::Append } else { AppendCheck::Reject(KafkaError::OutOfOrderSequenceNumber) };
        }
        match e.last_seq() {
            Some(last) if !in_sequence(last, b.base_sequence) => AppendCheck::Reject(KafkaError::OutOfOrderSequenceNumber),
            _ => AppendCheck::Append,
        }
    }

    /// Records an appended batch (used by tests; the logs go record by record, `on_append`).
    pub fn record(&mut self, b: &BatchProducer, first_offset: i64, transactional: bool) {
        for i in 0..b.count.max(1) {
            let sequence = BatchProducer { base_sequence: b.base_sequence, count: i + 1, ..*b }.last_sequence();
            let r = RecordProducer {
                producer_id: b.producer_id,
                producer_epoch: b.producer_epoch,
                sequence,
                batch_start: i == 0,
                transactional,
                control: None,
            };
            self.on_append(&r, first_offset + i64::from(i), transactional);
        }
    }

    /// One appended record of an idempotent producer's batch (on the leader after `check`, on a
    /// follower as it copies it): the first record of a batch opens its metadata, the others
    /// extend it (`ProducerAppendInfo.appendDataBatch` for the whole batch).
    pub fn on_append(&mut self, r: &RecordProducer, offset: i64, transactional: bool) {
        let e = self.producers.entry(r.producer_id).or_insert_with(|| ProducerStateEntry {
            producer_epoch: r.producer_epoch,
            batches: VecDeque::new(),
            current_txn_first_offset: None,
            last_offset: offset,
        });
        let extends = !r.batch_start && e.producer_epoch == r.producer_epoch && e.batches.back().is_some_and(|b| b.last_offset < offset);
        if extends {
            if let Some(b) = e.batches.back_mut() {
                b.last_seq = r.sequence;
                b.last_offset = offset;
            }
            e.last_offset = offset;
        } else {
            e.add_batch(
                r.producer_epoch,
                BatchMetadata { first_seq: r.sequence, last_seq: r.sequence, first_offset: offset, last_offset: offset },
            );
        }
        if transactional && e.current_txn_first_offset.is_none() {
            e.current_txn_first_offset = Some(offset);
        }
        if self.producers.len() > PRODUCERS_PER_PARTITION_MAX {
            // Forget the producer whose last append is oldest (never the one just recorded).
            let oldest =
                self.producers.iter().filter(|(id, _)| **id != r.producer_id).min_by_key(|(_, e)| e.last_offset).map(|(id, _)| *id);
            if let Some(oldest) = oldest {
                self.producers.remove(&oldest);
            }
        }
    }

    /// Rebuilds the state from a log's records, oldest first (after a truncation, as Kafka
    /// reloads it from the log: `UnifiedLog.rebuildProducerState`).
    pub fn rebuild<'a>(&mut self, records: impl Iterator<Item = &'a crate::record::Record>) {
        self.producers.clear();
        self.aborted.clear();
        for r in records {
            if let Some(p) = &*r.producer {
                self.on_record(p, r.offset.0);
            }
        }
    }

    /// One appended record of a producer (data or marker), on any replica: what `append`
    /// calls, and what `rebuild` replays.
    pub fn on_record(&mut self, p: &RecordProducer, offset: i64) {
        match p.control {
            None => self.on_append(p, offset, p.transactional),
            Some(kind) => {
                let first = self.entry(p.producer_id).and_then(|e| e.current_txn_first_offset);
                self.end_transaction(p.producer_id, p.producer_epoch, offset);
                if let (ControlRecordType::Abort, Some(first_offset)) = (kind, first) {
                    // `ProducerStateManager.completeTxn` → `TransactionIndex.append`.
                    if self.aborted.len() == ABORTED_TRANSACTIONS_MAX {
                        self.aborted.pop_front();
                    }
                    self.aborted.push_back(AbortedTxn { producer_id: p.producer_id, first_offset, last_offset: offset });
                }
            }
        }
    }

    /// The aborted transactions of this log, oldest first (the segments' `.txnindex`).
    pub fn aborted_transactions(&self) -> impl Iterator<Item = &AbortedTxn> + '_ {
        self.aborted.iter()
    }

    /// Whether the data record at `offset` from `producer_id` belongs to an aborted transaction
    /// (what a read_committed consumer drops: `FetchResponse.abortedTransactions`).
    pub fn is_aborted(&self, producer_id: i64, offset: i64) -> bool {
        self.aborted.iter().any(|a| a.producer_id == producer_id && a.first_offset <= offset && offset < a.last_offset)
    }

    /// Forgets aborted transactions wholly below the log start (their segments are deleted).
    pub fn drop_aborted_below(&mut self, log_start: i64) {
        while self.aborted.front().is_some_and(|a| a.last_offset < log_start) {
            self.aborted.pop_front();
        }
    }

    /// A commit or abort marker closes the producer's open transaction; its epoch may move on.
    pub fn end_transaction(&mut self, producer_id: i64, producer_epoch: i16, marker_offset: i64) {
        let e = self.producers.entry(producer_id).or_insert_with(|| ProducerStateEntry {
            producer_epoch,
            batches: VecDeque::new(),
            current_txn_first_offset: None,
            last_offset: marker_offset,
        });
        if e.producer_epoch != producer_epoch {
            e.batches.clear();
            e.producer_epoch = producer_epoch;
        }
        e.current_txn_first_offset = None;
        e.last_offset = marker_offset;
    }

    /// The first offset of the oldest open transaction: the last stable offset cannot pass it.
    pub fn first_unstable_offset(&self) -> Option<i64> {
        self.producers.values().filter_map(|e| e.current_txn_first_offset).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(epoch: i16, seq: i32, count: u32) -> BatchProducer {
        BatchProducer { producer_id: 7, producer_epoch: epoch, base_sequence: seq, count }
    }

    #[test]
    fn sequences_must_follow_on() {
        let mut m = ProducerStateManager::default();
        assert_eq!(m.check(&batch(0, 0, 3)), AppendCheck::Append);
        m.record(&batch(0, 0, 3), 10, false);
        assert_eq!(m.check(&batch(0, 3, 2)), AppendCheck::Append);
        m.record(&batch(0, 3, 2), 13, false);
        // A gap (a lost batch before it) or going back (not a retained range).
        assert_eq!(m.check(&batch(0, 6, 1)), AppendCheck::Reject(KafkaError::OutOfOrderSequenceNumber));
        assert_eq!(m.check(&batch(0, 1, 1)), AppendCheck::Reject(KafkaError::OutOfOrderSequenceNumber));
    }

    #[test]
    fn a_retried_batch_is_a_duplicate_with_its_first_offsets() {
        let mut m = ProducerStateManager::default();
        m.record(&batch(0, 0, 3), 10, false);
        m.record(&batch(0, 3, 2), 13, false);
        assert_eq!(m.check(&batch(0, 0, 3)), AppendCheck::Duplicate { first_offset: 10, last_offset: 12 });
        assert_eq!(m.check(&batch(0, 3, 2)), AppendCheck::Duplicate { first_offset: 13, last_offset: 14 });
    }

    #[test]
    fn only_the_last_five_batches_are_remembered() {
        let mut m = ProducerStateManager::default();
        for i in 0..6 {
            m.record(&batch(0, i, 1), 100 + i64::from(i), false);
        }
        assert_eq!(m.entry(7).unwrap().batches.len(), BATCHES_RETAINED);
        assert_eq!(m.check(&batch(0, 0, 1)), AppendCheck::Reject(KafkaError::OutOfOrderSequenceNumber), "forgotten: no longer a duplicate");
        assert_eq!(m.check(&batch(0, 1, 1)), AppendCheck::Duplicate { first_offset: 101, last_offset: 101 });
    }

    #[test]
    fn epochs_fence_and_restart_sequences() {
        let mut m = ProducerStateManager::default();
        m.record(&batch(3, 0, 2), 0, false);
        assert_eq!(m.check(&batch(2, 2, 1)), AppendCheck::Reject(KafkaError::InvalidProducerEpoch));
        assert_eq!(m.check(&batch(4, 5, 1)), AppendCheck::Reject(KafkaError::OutOfOrderSequenceNumber), "a new epoch starts at 0");
        assert_eq!(m.check(&batch(4, 0, 1)), AppendCheck::Append);
        m.record(&batch(4, 0, 1), 2, false);
        assert_eq!(m.entry(7).unwrap().producer_epoch, 4);
        assert_eq!(m.entry(7).unwrap().batches.len(), 1, "a new epoch drops the old batches");
    }

    #[test]
    fn an_unknown_producer_may_start_anywhere_and_sequences_wrap() {
        let m = ProducerStateManager::default();
        assert_eq!(m.check(&batch(0, 42, 1)), AppendCheck::Append);
        assert_eq!(batch(0, i32::MAX, 2).last_sequence(), 0);
        let mut m = ProducerStateManager::default();
        m.record(&batch(0, i32::MAX - 1, 2), 0, false);
        assert_eq!(m.check(&batch(0, 0, 1)), AppendCheck::Append, "after i32::MAX comes 0");
    }

    #[test]
    fn open_transactions_hold_back_the_last_stable_offset() {
        let mut m = ProducerStateManager::default();
        m.record(&BatchProducer { producer_id: 1, producer_epoch: 0, base_sequence: 0, count: 2 }, 5, true);
        m.record(&BatchProducer { producer_id: 2, producer_epoch: 0, base_sequence: 0, count: 1 }, 7, true);
        assert_eq!(m.first_unstable_offset(), Some(5));
        m.end_transaction(1, 0, 8);
        assert_eq!(m.first_unstable_offset(), Some(7));
        m.end_transaction(2, 0, 9);
        assert_eq!(m.first_unstable_offset(), None);
    }

    #[test]
    fn producers_are_bounded() {
        let mut m = ProducerStateManager::default();
        for id in 0..(PRODUCERS_PER_PARTITION_MAX as i64 + 10) {
            m.record(&BatchProducer { producer_id: id, producer_epoch: 0, base_sequence: 0, count: 1 }, id, false);
        }
        assert_eq!(m.len(), PRODUCERS_PER_PARTITION_MAX);
        assert!(m.entry(0).is_none(), "the oldest went first");
    }
}
