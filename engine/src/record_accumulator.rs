//! The producer's batching (`RecordAccumulator`, `ProducerBatch`): records wait per partition
//! in batches of at most `batch.size` bytes; a batch is ready to send when it is full (another
//! batch follows it), when `linger.ms` has passed since it was opened, or when the producer is
//! flushing or closing. Unsent bytes are bounded by `buffer.memory`: past it, `send()` blocks up
//! to `max.block.ms`, which the sandbox shows as a refused send (`BufferExhausted`) since its
//! application thread does not block.
//!
//! Pure: the producer client (issue 20) owns one, asks it for the batches ready at a time, and
//! puts a batch back at the front of its partition's queue when it must retry
//! (`RecordAccumulator.reenqueue`), so retried batches keep their order.

use crate::ids::{TimeMs, TopicPartition};
use crate::not_state::NotState;
use crate::partition_map::PartitionMap;
use crate::payload::Payload;
use crate::record::{Bytes, Header};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// One record waiting in a batch: the application's id for it (its send order), its size and
/// what the application sent (its partition is the batch's). The batch holds its records, as
/// `ProducerBatch` does: a map of them by id beside the batches was an insert and a removal per
/// record, a third of the producer client's cost in scenario R.
/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`, counted in a batch's size against `batch.size`.
const BATCH_HEADER_BYTES: u64 = crate::record_batch::HEADER_BYTES as u64;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PendingRecord {
    pub send_id: u64,
    pub size_bytes: u32,
    #[serde(default)]
    pub key: Option<Bytes>,
    #[serde(default)]
    pub value: Option<Payload>,
    #[serde(default)]
    pub headers: Vec<Header>,
    /// Its place among the records its producer sent to the partition (the delivery check's
    /// stamp; not part of the client's state).
    #[serde(skip)]
    pub partition_seq: NotState<u64>,
}

/// `ProducerBatch`: records for one partition, sent and retried together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProducerBatch {
    pub partition: TopicPartition,
    pub records: Vec<PendingRecord>,
    pub size_bytes: u64,
    pub created_ms: TimeMs,
    /// Sends so far (0 until first sent); retries are `attempts - 1`.
    pub attempts: u32,
    /// Not to be sent again before this time (the retry backoff).
    pub retry_after_ms: TimeMs,
    /// The idempotent producer's first sequence, fixed when the batch is first drained.
    pub base_sequence: Option<i32>,
    /// The producer epoch its sequences belong to (`ProducerBatch.producerEpoch`), fixed with
    /// them: a retry goes out with the epoch of its first attempt.
    #[serde(default)]
    pub producer_epoch: Option<i16>,
}

/// Why `append` refused a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppendRefused {
    /// `RECORD_TOO_LARGE` on the client: one record is larger than `max.request.size`.
    RecordTooLarge,
    /// `buffer.memory` is full; Kafka's `send()` would block for up to `max.block.ms`.
    BufferExhausted,
}

/// Records a new batch has room for before it grows.
const BATCH_RECORDS_PREALLOCATED: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccumulatorConfig {
    pub batch_size_bytes: u64,
    pub linger_ms: u64,
    pub buffer_memory_bytes: u64,
    pub max_request_size_bytes: u64,
}

impl Default for AccumulatorConfig {
    /// Kafka 4.x's producer defaults (`ProducerConfig`): batch.size 16384, linger.ms 5 (since
    /// KIP-1030 in 4.0), buffer.memory 33554432, max.request.size 1048576.
    fn default() -> Self {
        AccumulatorConfig { batch_size_bytes: 16_384, linger_ms: 5, buffer_memory_bytes: 33_554_432, max_request_size_bytes: 1_048_576 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct RecordAccumulator {
    /// A partition's queue stays when it empties (a drain every tick removed it and the next
    /// append inserted it again, with a new queue: 4% of scenario R). Empty queues are not
    /// state: comparing, hashing and serializing skip them.
    #[serde(serialize_with = "serialize_waiting")]
    batches: PartitionMap<VecDeque<ProducerBatch>>,
    /// Bytes of records appended and not yet completed (sent or not): `buffer.memory`'s measure.
    buffered_bytes: u64,
}

fn serialize_waiting<S: serde::Serializer>(batches: &PartitionMap<VecDeque<ProducerBatch>>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(batches.iter().filter(|(_, q)| !q.is_empty()))
}

impl PartialEq for RecordAccumulator {
    fn eq(&self, other: &Self) -> bool {
        self.buffered_bytes == other.buffered_bytes && self.waiting().eq(other.waiting())
    }
}

impl Eq for RecordAccumulator {}

/// As the derived hash of the map without its empty queues (a map hashes its length, then each
/// key and value), then `buffered_bytes`.
impl std::hash::Hash for RecordAccumulator {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_usize(self.waiting().count());
        for (tp, queue) in self.waiting() {
            tp.hash(state);
            queue.hash(state);
        }
        self.buffered_bytes.hash(state);
    }
}

impl RecordAccumulator {
    /// The partitions with batches waiting, with their queues.
    fn waiting(&self) -> impl Iterator<Item = (&TopicPartition, &VecDeque<ProducerBatch>)> + '_ {
        self.batches.iter().filter(|(_, q)| !q.is_empty())
    }

    /// Adds a record to its partition's open batch, or opens a new one.
    pub fn append(
        &mut self,
        cfg: &AccumulatorConfig,
        partition: &TopicPartition,
        record: PendingRecord,
        now: TimeMs,
    ) -> Result<(), AppendRefused> {
        let size = u64::from(record.size_bytes);
        if size > cfg.max_request_size_bytes {
            return Err(AppendRefused::RecordTooLarge);
        }
        if self.buffered_bytes + size > cfg.buffer_memory_bytes {
            return Err(AppendRefused::BufferExhausted);
        }
        self.buffered_bytes += size;
        // Found without cloning the key (an `Arc` count up and down per record) when it exists.
        let queue = self.batches.get_or_default(partition);
        match queue.back_mut() {
            // Only a batch never sent takes more records; one record always fits an empty batch.
            // The batch's bytes count its 61-byte header (`MemoryRecordsBuilder.hasRoomFor`:
            // the estimated bytes written, header included, plus the record, within batch.size).
            Some(b) if b.attempts == 0 && BATCH_HEADER_BYTES + b.size_bytes + size <= cfg.batch_size_bytes => {
                b.records.push(record);
                b.size_bytes += size;
            }
            _ => queue.push_back(ProducerBatch {
                partition: partition.clone(),
                // Room for a few: growing from one record at a time was a reallocation and a
                // copy per record of a batch's first eight. Scenario R's batches hold 8.4 on
                // average, at most 38 (measured 2026-12-03: with acks=all and five requests in
                // flight per broker a partition sends every other tick): growing past 8 was 5% of R.
                records: {
                    let mut records = Vec::with_capacity(BATCH_RECORDS_PREALLOCATED);
                    records.push(record);
                    records
                },
                size_bytes: size,
                created_ms: now,
                attempts: 0,
                retry_after_ms: now,
                base_sequence: None,
                producer_epoch: None,
            }),
        }
        Ok(())
    }

    /// Whether the first batch of `partition` may be sent now (`RecordAccumulator.ready`): full
    /// (another batch follows it, or it cannot take another record), lingered long enough, or
    /// `flush`ing; and not backing off.
    pub fn ready(&self, cfg: &AccumulatorConfig, partition: &TopicPartition, now: TimeMs, flush: bool) -> bool {
        let Some(queue) = self.batches.get(partition) else { return false };
        let Some(first) = queue.front() else { return false };
        if first.retry_after_ms > now {
            return false;
        }
        let full = queue.len() > 1 || BATCH_HEADER_BYTES + first.size_bytes >= cfg.batch_size_bytes;
        let lingered = now.0 >= first.created_ms.0 + cfg.linger_ms;
        full || lingered || flush || first.attempts > 0
    }

    /// Takes the first batch of `partition` to send it (`drain`).
    pub fn drain(&mut self, partition: &TopicPartition) -> Option<ProducerBatch> {
        let queue = self.batches.get_mut(partition)?;
        let mut b = queue.pop_front()?;
        b.attempts += 1;
        Some(b)
    }

    /// Puts a numbered batch back among its partition's numbered batches by sequence: the
    /// idempotent producer's retries go out in the order it numbered them, or the broker would
    /// refuse them (`RecordAccumulator.insertInSequenceOrder`).
    pub fn reenqueue_in_sequence_order(&mut self, mut batch: ProducerBatch, retry_after_ms: TimeMs) {
        batch.retry_after_ms = retry_after_ms;
        let seq = batch.base_sequence;
        let queue = self.batches.get_or_default(&batch.partition);
        let at = queue.iter().position(|b| match (b.base_sequence, seq) {
            (Some(theirs), Some(mine)) => theirs > mine,
            _ => true,
        });
        match at {
            Some(i) => queue.insert(i, batch),
            None => queue.push_back(batch),
        }
    }

    /// Takes the first batch of `partition` without sending it (to look at or expire it).
    pub fn take_front(&mut self, partition: &TopicPartition) -> Option<ProducerBatch> {
        let queue = self.batches.get_mut(partition)?;
        queue.pop_front()
    }

    /// Forgets every waiting batch's sequence numbers (a transactional producer has a new
    /// epoch: they are numbered again from 0 when next drained).
    pub fn clear_sequences(&mut self) {
        for b in self.batches.values_mut().flatten() {
            b.base_sequence = None;
            b.producer_epoch = None;
        }
    }

    /// Numbers `partition`'s waiting numbered batches again from 0 under `producer_epoch`, in
    /// their order (`TxnPartitionEntry.startSequencesAtBeginning`); returns the next sequence.
    pub fn renumber(&mut self, partition: &TopicPartition, producer_epoch: i16) -> i32 {
        let mut next: i32 = 0;
        for b in self.batches.get_mut(partition).into_iter().flatten().filter(|b| b.base_sequence.is_some()) {
            b.base_sequence = Some(next);
            b.producer_epoch = Some(producer_epoch);
            next = next.wrapping_add(b.records.len() as i32).max(0);
        }
        next
    }

    /// Puts a batch that must be retried back at the front of its queue, to be sent after
    /// `retry_after_ms` (`reenqueue`).
    pub fn reenqueue(&mut self, mut batch: ProducerBatch, retry_after_ms: TimeMs) {
        batch.retry_after_ms = retry_after_ms;
        self.batches.get_or_default(&batch.partition).push_front(batch);
    }

    /// A batch is done (acknowledged or failed for good): its bytes leave `buffer.memory`.
    pub fn complete(&mut self, batch: &ProducerBatch) {
        self.buffered_bytes = self.buffered_bytes.saturating_sub(batch.size_bytes);
    }

    /// Partitions with batches waiting, in order.
    pub fn partitions(&self) -> impl Iterator<Item = &TopicPartition> + '_ {
        self.waiting().map(|(tp, _)| tp)
    }

    pub fn batches<'a>(&'a self, partition: &TopicPartition) -> impl Iterator<Item = &'a ProducerBatch> + 'a {
        self.batches.get(partition).into_iter().flatten()
    }

    /// Whether nothing waits to be sent.
    pub fn is_empty(&self) -> bool {
        self.waiting().next().is_none()
    }

    pub fn buffered_bytes(&self) -> u64 {
        self.buffered_bytes
    }

    /// Takes every waiting batch (a closing producer failing them, or `delivery.timeout.ms`).
    pub fn drain_all(&mut self) -> Vec<ProducerBatch> {
        std::mem::take(&mut self.batches).into_values().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: u64, size: u32) -> PendingRecord {
        PendingRecord { send_id: id, size_bytes: size, key: None, value: None, headers: Vec::new(), partition_seq: NotState(0) }
    }

    fn tp(p: u32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    fn cfg() -> AccumulatorConfig {
        // batch.size 161: 100 bytes of records after the 61-byte header.
        AccumulatorConfig { batch_size_bytes: 161, linger_ms: 5, buffer_memory_bytes: 1000, max_request_size_bytes: 500 }
    }

    #[test]
    fn records_fill_a_batch_up_to_batch_size_then_open_another() {
        let (c, mut a) = (cfg(), RecordAccumulator::default());
        for i in 0..5 {
            a.append(&c, &tp(0), rec(i, 30), TimeMs(0)).unwrap();
        }
        let sizes: Vec<usize> = a.batches(&tp(0)).map(|b| b.records.len()).collect();
        assert_eq!(sizes, vec![3, 2], "90 bytes, then a new batch");
        // An oversized record still gets a batch of its own.
        a.append(&c, &tp(1), rec(9, 300), TimeMs(0)).unwrap();
        assert_eq!(a.batches(&tp(1)).next().unwrap().size_bytes, 300);
    }

    #[test]
    fn a_batch_is_ready_when_full_lingered_or_flushed() {
        let (c, mut a) = (cfg(), RecordAccumulator::default());
        a.append(&c, &tp(0), rec(1, 30), TimeMs(10)).unwrap();
        assert!(!a.ready(&c, &tp(0), TimeMs(14), false), "lingering");
        assert!(a.ready(&c, &tp(0), TimeMs(15), false), "linger.ms passed");
        assert!(a.ready(&c, &tp(0), TimeMs(10), true), "flush sends at once");
        for i in 2..5 {
            a.append(&c, &tp(0), rec(i, 30), TimeMs(10)).unwrap();
        }
        assert!(a.ready(&c, &tp(0), TimeMs(10), false), "a full batch goes at once");
        assert!(!a.ready(&c, &tp(7), TimeMs(10), true), "nothing waits for partition 7");
    }

    #[test]
    fn a_retried_batch_goes_back_to_the_front_and_waits_its_backoff() {
        let (c, mut a) = (cfg(), RecordAccumulator::default());
        a.append(&c, &tp(0), rec(1, 60), TimeMs(0)).unwrap();
        a.append(&c, &tp(0), rec(2, 60), TimeMs(0)).unwrap();
        let first = a.drain(&tp(0)).unwrap();
        assert_eq!((first.records[0].send_id, first.attempts), (1, 1));
        a.reenqueue(first, TimeMs(100));
        assert!(!a.ready(&c, &tp(0), TimeMs(50), false), "backing off");
        assert!(a.ready(&c, &tp(0), TimeMs(100), false));
        let again = a.drain(&tp(0)).unwrap();
        assert_eq!((again.records[0].send_id, again.attempts), (1, 2), "the retried batch first, in order");
        // A record appended now does not join a batch that was already sent.
        a.reenqueue(again, TimeMs(0));
        a.append(&c, &tp(0), rec(3, 10), TimeMs(0)).unwrap();
        let ids: Vec<Vec<u64>> = a.batches(&tp(0)).map(|b| b.records.iter().map(|r| r.send_id).collect()).collect();
        assert_eq!(ids, vec![vec![1], vec![2, 3]]);
    }

    /// Two batches in flight fail: put back one after the other at the front, the later one
    /// would go first; in sequence order, they go out as they were numbered.
    #[test]
    fn numbered_batches_go_back_in_sequence_order() {
        let (c, mut a) = (cfg(), RecordAccumulator::default());
        for i in 0..3 {
            a.append(&c, &tp(0), rec(i, 60), TimeMs(0)).unwrap();
        }
        let mut b0 = a.drain(&tp(0)).unwrap();
        let mut b1 = a.drain(&tp(0)).unwrap();
        b0.base_sequence = Some(0);
        b1.base_sequence = Some(1);
        let front = |a: &RecordAccumulator| a.batches(&tp(0)).map(|b| b.records[0].send_id).collect::<Vec<_>>();
        let mut plain = a.clone();
        plain.reenqueue(b0.clone(), TimeMs(0));
        plain.reenqueue(b1.clone(), TimeMs(0));
        assert_eq!(front(&plain), vec![1, 0, 2], "reenqueue: the later batch first");
        a.reenqueue_in_sequence_order(b0, TimeMs(0));
        a.reenqueue_in_sequence_order(b1, TimeMs(0));
        assert_eq!(front(&a), vec![0, 1, 2]);
    }

    #[test]
    fn buffer_memory_and_max_request_size_bound_what_waits() {
        let (c, mut a) = (cfg(), RecordAccumulator::default());
        assert_eq!(a.append(&c, &tp(0), rec(1, 501), TimeMs(0)), Err(AppendRefused::RecordTooLarge));
        for i in 0..10 {
            a.append(&c, &tp(i), rec(u64::from(i), 100), TimeMs(0)).unwrap();
        }
        assert_eq!(a.append(&c, &tp(0), rec(99, 1), TimeMs(0)), Err(AppendRefused::BufferExhausted));
        let b = a.drain(&tp(3)).unwrap();
        assert_eq!(a.append(&c, &tp(0), rec(99, 1), TimeMs(0)), Err(AppendRefused::BufferExhausted), "sent is not yet freed");
        a.complete(&b);
        assert!(a.append(&c, &tp(0), rec(99, 1), TimeMs(0)).is_ok(), "acknowledged frees its bytes");
        assert_eq!(a.buffered_bytes(), 901);
    }
}
