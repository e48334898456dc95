//! One replica's copy of a partition's log: records in segments, the log start and end offsets,
//! this replica's high watermark and its leader-epoch cache (`leader-epoch-checkpoint`).
//!
//! The epoch cache answers `end_offset_for_epoch` exactly as Kafka's
//! `storage/.../epoch/LeaderEpochFileCache.java#endOffsetFor` does; that answer drives follower
//! truncation (KIP-101/279).

use crate::cow_deque::CowDeque;
use crate::ids::{LeaderEpoch, Offset, TimeMs};
use crate::log_segment::{batches_of, Append, Segment, SegmentRule};
use crate::producer_state::ProducerStateManager;
use crate::record::Record;
use crate::record_pool::RecordPool;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EpochEntry {
    pub epoch: LeaderEpoch,
    pub start_offset: Offset,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReplicaLog {
    /// Shared between replicas: a follower's copy is a pointer. (Records by value, one copy per
    /// replica, saved an allocation per record but took R's wasm memory from 41 to 70 MiB: a
    /// `VecDeque` slot of ~64 bytes per replica, rounded up to a power of two.)
    records: CowDeque<Arc<Record>>,
    segments: VecDeque<Segment>,
    log_start_offset: Offset,
    log_end_offset: Offset,
    high_watermark: Offset,
    epochs: Vec<EpochEntry>,
    size_bytes: u64,
    /// Where the log cleaner stopped last time (compacted topics only).
    #[serde(default)]
    cleaner_checkpoint: Offset,
    /// Tombstones the cleaner has passed, with their delete horizon (KIP-534: the first clean
    /// that reaches a tombstone's batch stamps it `now + delete.retention.ms`; a later clean
    /// past that time removes it). Sorted by offset; this replica's own, as the cleaner rewrites
    /// each replica's segments on its own.
    #[serde(default)]
    delete_horizons: Vec<(Offset, TimeMs)>,
    /// The idempotent producers this replica knows of, from the records it holds (leader and
    /// followers alike, so a new leader checks sequences as the old one did).
    #[serde(default)]
    producers: ProducerStateManager,
}

/// What one pass of the log cleaner needs besides the log (`LogCleaner`, topic configs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CleanerRule {
    pub now: TimeMs,
    /// `min.cleanable.dirty.ratio` (default 0.5).
    pub min_cleanable_ratio: f64,
    /// `delete.retention.ms` (default 86400000): how long a tombstone outlives the clean that
    /// first reached it.
    pub delete_retention_ms: u64,
    /// `min.compaction.lag.ms` (default 0): a record stays uncompacted at least this long.
    pub min_compaction_lag_ms: u64,
    /// The topic's segment configs: a cleaned segment's indexes are rebuilt by them.
    pub segment: SegmentRule,
}

/// The cleaner's view of a log: where it stopped last (the cleaner point), where it must stop
/// (the first uncleanable offset: the active segment, the LSO, `min.compaction.lag.ms`), and
/// the bytes on either side of the cleaner point below that. The dirty ratio is
/// `dirty / (clean + dirty)`; the cleaner runs at `min.cleanable.dirty.ratio` or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CleanableState {
    pub first_uncleanable: Offset,
    pub cleaner_checkpoint: Offset,
    pub clean_bytes: u64,
    pub dirty_bytes: u64,
    end: usize,
    dirty_from: usize,
}

/// Kafka's `UNDEFINED_EPOCH` (-1) and `UNDEFINED_EPOCH_OFFSET` (-1).
pub const UNDEFINED_EPOCH: LeaderEpoch = LeaderEpoch(-1);
pub const UNDEFINED_OFFSET: Offset = Offset(-1);

impl Default for ReplicaLog {
    fn default() -> Self {
        Self::new()
    }
}

impl ReplicaLog {
    pub fn new() -> Self {
        ReplicaLog {
            records: CowDeque::new(),
            segments: VecDeque::new(),
            log_start_offset: Offset(0),
            log_end_offset: Offset(0),
            high_watermark: Offset(0),
            epochs: Vec::new(),
            size_bytes: 0,
            cleaner_checkpoint: Offset(0),
            delete_horizons: Vec::new(),
            producers: ProducerStateManager::default(),
        }
    }

    /// The broker's producer state for this replica (`UnifiedLog.producerStateManager`).
    pub fn producer_state(&self) -> &ProducerStateManager {
        &self.producers
    }

    pub fn log_start_offset(&self) -> Offset {
        self.log_start_offset
    }
    pub fn log_end_offset(&self) -> Offset {
        self.log_end_offset
    }
    pub fn high_watermark(&self) -> Offset {
        self.high_watermark
    }
    /// `UnifiedLog.lastStableOffset`: the high watermark, held back by the first record of the
    /// oldest open transaction. read_committed consumers read up to it.
    pub fn last_stable_offset(&self) -> Offset {
        match self.producers.first_unstable_offset() {
            Some(first) => Offset(first).min(self.high_watermark),
            None => self.high_watermark,
        }
    }
    /// Whether a read_committed consumer receives this record: not a marker, and not part of an
    /// aborted transaction (`FetchResponse.abortedTransactions`, dropped by the consumer's
    /// `CompletedFetch`). It must also lie below the last stable offset.
    pub fn read_committed_visible(&self, r: &Record) -> bool {
        match &*r.producer {
            None => true,
            Some(p) if p.control.is_some() => false,
            Some(p) => !p.transactional || !self.producers.is_aborted(p.producer_id, r.offset.0),
        }
    }
    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }
    pub fn segments(&self) -> &VecDeque<Segment> {
        &self.segments
    }
    pub fn epochs(&self) -> &[EpochEntry] {
        &self.epochs
    }
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// What a copy of this log shares with it that this log copies for itself when it is next
    /// written (and the copy then holds alone): the last chunk of its records and the active
    /// segment's indexes (the rest is shared for good or never written).
    pub fn written_after_copy_bytes(&self) -> u64 {
        let word = std::mem::size_of::<usize>() as u64;
        let indexes = self.segments.back().map_or(0, |s| {
            (s.offset_index.len() * std::mem::size_of::<crate::log_segment::OffsetPosition>()
                + s.time_index.len() * std::mem::size_of::<crate::log_segment::TimestampOffset>()) as u64
                // Each index's `Arc` counts (two words) and `Vec` (three).
                + 2 * (5 * word)
        });
        let tail = if self.records.is_empty() { 0 } else { CowDeque::<Arc<Record>>::CHUNK_BYTES };
        tail + indexes
    }
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The record at `offset`, if this replica still has it. Offsets are contiguous except
    /// where compaction removed records, so the index is tried first, then a binary search.
    pub fn record(&self, offset: Offset) -> Option<&Arc<Record>> {
        let index = offset.0.checked_sub(self.log_start_offset.0)?;
        if index < 0 {
            return None;
        }
        if let Some(r) = self.records.get(index as usize) {
            if r.offset == offset {
                return Some(r);
            }
        }
        let i = self.records.binary_search_by_key(&offset, |r| r.offset).ok()?;
        self.records.get(i)
    }

    /// Index of the first record at or after `offset`.
    fn index_from(&self, offset: Offset) -> usize {
        // The common case: a caught-up follower asking for the log end.
        if offset >= self.log_end_offset {
            return self.records.len();
        }
        let direct = offset.0.saturating_sub(self.log_start_offset.0).max(0) as usize;
        match self.records.get(direct) {
            Some(r) if r.offset == offset => direct,
            _ => self.records.partition_point(|r| r.offset < offset),
        }
    }

    /// The last `n` records (for the UI's log strip).
    pub fn tail(&self, n: usize) -> impl Iterator<Item = &Arc<Record>> {
        let skip = self.records.len().saturating_sub(n);
        self.records.iter().skip(skip)
    }

    /// Records from `from` on, in whole batches up to `max_bytes` (always at least one batch,
    /// as Kafka returns at least one so a fetch can make progress: KIP-74).
    pub fn read(&self, from: Offset, max_bytes: u64) -> Vec<Arc<Record>> {
        self.read_iter(from, max_bytes).cloned().collect()
    }

    /// `read` without the copy: a follower's fetch appends straight from the leader's log
    /// (a `Vec` per fetch was an allocation or two per partition per step). Whole batches only
    /// (`LogSegment.read` slices bytes, and the reader drops a batch cut at the end); the
    /// first batch even when larger than `max_bytes`.
    pub fn read_iter(&self, from: Offset, max_bytes: u64) -> crate::cow_deque::Iter<'_, Arc<Record>> {
        let start = if from < self.log_start_offset { self.records.len() } else { self.index_from(from) };
        let (mut bytes, mut end, mut i) = (0u64, start, start);
        for r in self.records.range(start..) {
            if r.batch.first && i > start {
                if bytes > max_bytes && end > start {
                    break;
                }
                end = i;
            }
            bytes += u64::from(r.batch.log_bytes);
            i += 1;
        }
        if i == self.records.len() && !(bytes > max_bytes && end > start) {
            end = i;
        }
        self.records.range(start..end)
    }

    /// The records this replica holds in `[from, to)`.
    pub fn records_between(&self, from: Offset, to: Offset) -> impl DoubleEndedIterator<Item = &Arc<Record>> {
        let (start, end) = if to <= from { (0, 0) } else { (self.index_from(from), self.index_from(to)) };
        self.records.range(start..end.max(start))
    }

    /// How many records this replica holds in `[from, to)` (fewer than `to - from` where
    /// compaction left gaps). No copying: a consumer's fetch only needs the count.
    pub fn count_between(&self, from: Offset, to: Offset) -> u64 {
        if to <= from {
            return 0;
        }
        (self.index_from(to) - self.index_from(from)) as u64
    }

    /// The epoch of the last record or epoch entry: the follower's `lastFetchedEpoch`.
    pub fn latest_epoch(&self) -> Option<LeaderEpoch> {
        self.epochs.last().map(|e| e.epoch)
    }

    /// Appends one record at the log end as an append of its own (tests, and callers with a
    /// single record).
    pub fn append(&mut self, record: Arc<Record>, rule: &SegmentRule) {
        self.append_all(std::slice::from_ref(&record).iter(), rule);
    }

    /// Appends records at the log end as one append (`UnifiedLog.append`: a produce request's
    /// batch on the leader, a whole fetch response on a follower). The caller guarantees the
    /// first offset ≥ LEO (greater only when a follower copies a compacted part of the leader's
    /// log, which has gaps). The active segment rolls first when the append would not fit it
    /// or `segment.ms` has passed (`UnifiedLog.maybeRoll`, with the whole append's size), so an
    /// append never spans two segments.
    pub fn append_all<'a, I>(&mut self, records: I, rule: &SegmentRule)
    where
        I: Iterator<Item = &'a Arc<Record>> + Clone,
    {
        let first_offset = match records.clone().next() {
            Some(r) => r.offset,
            None => return,
        };
        let batches = || batches_of(records.clone().map(|r| (r.offset, r.timestamp_ms, r.batch.first, r.batch.log_bytes)));
        // What `maybeRoll` needs first: the whole append's size and largest timestamp.
        let append = Append::of(batches());
        debug_assert!(first_offset >= self.log_end_offset, "append must be at the log end");
        let roll = match self.segments.back() {
            None => true,
            Some(s) => s.should_roll(rule, &append),
        };
        if roll {
            if let Some(active) = self.segments.back_mut() {
                active.on_become_inactive();
            }
            self.segments.push_back(Segment::new(first_offset));
        }
        // The batches go to the segment one by one (`LogSegment.append`).
        if let Some(active) = self.segments.back_mut() {
            for b in batches() {
                active.append_batch(rule, &b);
            }
        }
        for record in records {
            self.assign_epoch_start(record.leader_epoch, record.offset);
            self.log_end_offset = Offset(record.offset.0 + 1);
            if let Some(p) = &*record.producer {
                self.producers.on_record(p, record.offset.0);
            }
            self.records.push_back(Arc::clone(record));
        }
        self.size_bytes += append.bytes;
    }

    /// Every record this replica holds, oldest first.
    pub fn segment_records_all(&self) -> crate::cow_deque::Iter<'_, Arc<Record>> {
        self.records.range(..)
    }

    /// The records of the segment at `index` (its place in the log, oldest first).
    pub fn segment_records(&self, index: usize) -> crate::cow_deque::Iter<'_, Arc<Record>> {
        let Some(seg) = self.segments.get(index) else { return self.records.range(0..0) };
        let from = self.records.partition_point(|r| r.offset < seg.base_offset);
        let to = match self.segments.get(index + 1) {
            Some(next) => self.records.partition_point(|r| r.offset < next.base_offset),
            None => self.records.len(),
        };
        self.records.range(from..to.max(from))
    }

    /// The batches of the segment at `index`, with their positions in its `.log`.
    pub fn segment_batches(&self, index: usize) -> Vec<crate::log_batch::LogBatch> {
        crate::log_batch::batches(self.segment_records(index), 0)
    }

    /// The bytes of one batch of the segment at `index` (as `segment_batches` gave it), as
    /// they are in the `.log`.
    pub fn batch_bytes(&self, index: usize, batch: &crate::log_batch::LogBatch) -> Vec<u8> {
        let records: Vec<&Record> = self.segment_records(index).skip(batch.first_index).take(batch.count as usize).map(|r| &**r).collect();
        crate::log_batch::encode(&records, batch.base_offset, batch.compression)
    }

    /// How this replica finds `target`, step by step (`UnifiedLog.read`).
    pub fn lookup(&self, target: Offset) -> crate::log_batch::OffsetLookup {
        use crate::log_batch::{LookupOutcome, OffsetLookup};
        let none = |outcome| OffsetLookup {
            target,
            outcome,
            segment: None,
            index_slot: None,
            start: crate::log_segment::OffsetPosition { offset: target, position: 0 },
            scanned: Vec::new(),
        };
        if target < self.log_start_offset || target > self.log_end_offset {
            return none(LookupOutcome::OutOfRange);
        }
        if target == self.log_end_offset {
            return none(LookupOutcome::LogEnd);
        }
        let Some(seg_index) = self.segments.iter().rposition(|s| s.base_offset <= target) else {
            return none(LookupOutcome::OutOfRange);
        };
        let seg = &self.segments[seg_index];
        let (slot, start) = seg.index_lookup(target);
        let mut scanned = Vec::new();
        for b in self.segment_batches(seg_index) {
            if b.position < u64::from(start.position) {
                continue;
            }
            let found = b.last_offset >= target;
            scanned.push(b);
            if found {
                return OffsetLookup { target, outcome: LookupOutcome::Found, segment: Some(seg_index), index_slot: slot, start, scanned };
            }
        }
        // Past the segment's last batch (only where compaction removed the tail of a segment):
        // Kafka goes on to the next segment.
        match self.segments.get(seg_index + 1) {
            Some(_) => {
                let next = self.lookup_from_segment(seg_index + 1, target);
                OffsetLookup { scanned: [scanned, next.scanned].concat(), ..next }
            }
            None => OffsetLookup { target, outcome: LookupOutcome::LogEnd, segment: Some(seg_index), index_slot: slot, start, scanned },
        }
    }

    fn lookup_from_segment(&self, seg_index: usize, target: Offset) -> crate::log_batch::OffsetLookup {
        use crate::log_batch::{LookupOutcome, OffsetLookup};
        let start = crate::log_segment::OffsetPosition { offset: self.segments[seg_index].base_offset, position: 0 };
        let scanned: Vec<_> = self.segment_batches(seg_index).into_iter().take(1).collect();
        let outcome = if scanned.is_empty() { LookupOutcome::LogEnd } else { LookupOutcome::Found };
        OffsetLookup { target, outcome, segment: Some(seg_index), index_slot: None, start, scanned }
    }

    /// `LeaderEpochFileCache.assign`: records that `epoch` starts at `start_offset`, unless a
    /// newer or equal epoch is already known.
    pub fn assign_epoch_start(&mut self, epoch: LeaderEpoch, start_offset: Offset) {
        if self.epochs.last().is_none_or(|last| epoch > last.epoch) {
            self.epochs.push(EpochEntry { epoch, start_offset });
        }
    }

    /// `LeaderEpochFileCache.endOffsetFor(requestedEpoch, logEndOffset)`: the largest epoch
    /// ≤ the requested one and the offset where it ends (the start of the next epoch, or the LEO
    /// for the latest epoch).
    pub fn end_offset_for_epoch(&self, requested: LeaderEpoch) -> (LeaderEpoch, Offset) {
        if requested == UNDEFINED_EPOCH {
            return (UNDEFINED_EPOCH, UNDEFINED_OFFSET);
        }
        if self.latest_epoch() == Some(requested) {
            return (requested, self.log_end_offset);
        }
        let higher = self.epochs.iter().find(|e| e.epoch > requested);
        let Some(higher) = higher else {
            return (UNDEFINED_EPOCH, UNDEFINED_OFFSET);
        };
        match self.epochs.iter().rev().find(|e| e.epoch <= requested) {
            None => (requested, higher.start_offset),
            Some(floor) => (floor.epoch, higher.start_offset),
        }
    }

    /// Removes every record at or past `offset` (follower truncation). Returns the removed
    /// records' offsets as `[from, to)` when any were removed.
    pub fn truncate_to(&mut self, offset: Offset) -> Option<(Offset, Offset)> {
        if offset >= self.log_end_offset {
            return None;
        }
        let from = offset.max(self.log_start_offset);
        let to = self.log_end_offset;
        while self.records.back().is_some_and(|r| r.offset >= from) {
            if let Some(r) = self.records.pop_back() {
                self.size_bytes -= u64::from(r.batch.log_bytes);
            }
        }
        // `LocalLog.truncateTo`: segments wholly past the offset go; the last one left is
        // truncated (`LogSegment.truncateTo`).
        while self.segments.back().is_some_and(|s| s.base_offset >= from && self.segments.len() > 1) {
            self.segments.pop_back();
        }
        if let Some(last) = self.segments.back_mut() {
            let start = self.records.partition_point(|r| r.offset < last.base_offset);
            let mut size = 0u64;
            let mut batches: Vec<(Offset, TimeMs)> = Vec::new();
            for r in self.records.range(start..) {
                size += u64::from(r.batch.log_bytes);
                match batches.last_mut() {
                    Some(b) if !r.batch.first => *b = (r.offset, b.1.max(r.timestamp_ms)),
                    _ => batches.push((r.offset, r.timestamp_ms)),
                }
            }
            last.size_bytes = size;
            last.records = (self.records.len() - start) as u32;
            last.truncate_indexes(from, batches.into_iter());
        }
        self.log_end_offset = from;
        // Truncating below the log start (possible only after an unclean election) empties it.
        if from < self.log_start_offset {
            self.log_start_offset = from;
        }
        self.epochs.retain(|e| e.start_offset < from);
        self.high_watermark = self.high_watermark.min(from);
        self.cleaner_checkpoint = self.cleaner_checkpoint.min(from);
        self.delete_horizons.retain(|(o, _)| *o < from);
        if !self.producers.is_empty() {
            self.producers.rebuild(self.records.iter().map(|r| &**r));
        }
        Some((from, to))
    }

    /// Truncates everything and restarts the log at `offset` (a follower whose fetch position
    /// fell below the leader's log start offset: OFFSET_OUT_OF_RANGE handling).
    pub fn reset_to(&mut self, offset: Offset) {
        self.records.clear();
        self.segments.clear();
        self.size_bytes = 0;
        self.log_start_offset = offset;
        self.log_end_offset = offset;
        self.high_watermark = offset;
        self.epochs.clear();
        self.cleaner_checkpoint = offset;
        self.delete_horizons.clear();
        self.producers = ProducerStateManager::default();
    }

    /// Moves this replica's high watermark. It never goes past the LEO, and on the leader never
    /// backwards (the caller only raises it).
    pub fn set_high_watermark(&mut self, hw: Offset) {
        self.high_watermark = hw.min(self.log_end_offset).max(self.log_start_offset);
    }

    /// Deletes whole segments from the oldest, never one that reaches past the high watermark
    /// (Kafka's `UnifiedLog.deleteOldSegments`): by `retention.ms`, by `retention.bytes`, and
    /// by the sandbox's memory limit. The active segment goes too when it is not empty, all of
    /// it is below the HW and it is past retention (`deletableSegments`; `deleteSegments` rolls
    /// a new empty one first: a log always has a segment, and its log start offset becomes the
    /// LEO). Returns the new log start offset and how many records went, when any did. The
    /// deleted records go to `pool` for reuse.
    pub fn apply_retention(
        &mut self,
        now: TimeMs,
        retention_ms: i64,
        retention_bytes: i64,
        sandbox_bytes_max: u64,
        pool: &mut RecordPool,
    ) -> Option<(Offset, u64)> {
        let mut deleted = 0u64;
        while let Some(oldest) = self.segments.front() {
            let last = self.segments.len() == 1;
            // The segment's upper bound: the next segment's base offset, or the LEO.
            let upper = self.segments.get(1).map_or(self.log_end_offset, |s| s.base_offset);
            if upper > self.high_watermark || (last && oldest.records == 0) {
                break;
            }
            let by_time = retention_ms >= 0 && now.0.saturating_sub(oldest.timestamp_max_ms.0) > retention_ms as u64;
            let by_size = retention_bytes >= 0 && self.size_bytes - oldest.size_bytes >= retention_bytes as u64;
            let by_sandbox = !last && sandbox_bytes_max > 0 && self.size_bytes > sandbox_bytes_max;
            if !(by_time || by_size || by_sandbox) {
                break;
            }
            if last {
                if let Some(active) = self.segments.back_mut() {
                    active.on_become_inactive();
                }
                self.segments.push_back(Segment::new(self.log_end_offset));
            }
            let seg = self.segments.pop_front()?;
            self.records.pop_front_n(seg.records as usize, |r| pool.recycle(r));
            self.size_bytes -= seg.size_bytes;
            deleted += u64::from(seg.records);
            self.log_start_offset = upper;
        }
        if deleted == 0 {
            return None;
        }
        let start = self.log_start_offset;
        self.delete_horizons.retain(|(o, _)| *o >= start);
        self.producers.drop_aborted_below(start.0);
        // Epoch entries wholly below the new start are dropped; the one covering it is kept.
        while self.epochs.len() > 1 && self.epochs[1].start_offset <= self.log_start_offset {
            self.epochs.remove(0);
        }
        Some((self.log_start_offset, deleted))
    }
}

impl ReplicaLog {
    /// What the cleaner would see now (`LogCleanerManager.cleanableOffsets` and
    /// `LogToClean`): the first offset it may not touch, and the clean bytes (below the cleaner
    /// point) and dirty bytes (from it) below that offset. None for an empty log.
    pub fn cleanable(&self, rule: &CleanerRule) -> Option<CleanableState> {
        let active = self.segments.back()?;
        let mut first_uncleanable = active.base_offset.min(self.last_stable_offset());
        if rule.min_compaction_lag_ms > 0 {
            if let Some(s) = self.segments.iter().take(self.segments.len() - 1).find(|s| {
                s.base_offset >= self.cleaner_checkpoint.min(active.base_offset)
                    && s.timestamp_max_ms.0.saturating_add(rule.min_compaction_lag_ms) > rule.now.0
            }) {
                first_uncleanable = first_uncleanable.min(s.base_offset);
            }
        }
        let end = self.records.partition_point(|r| r.offset < first_uncleanable);
        let dirty_from = self.records.partition_point(|r| r.offset < self.cleaner_checkpoint).min(end);
        let clean_bytes: u64 = self.records.range(..dirty_from).map(|r| u64::from(r.batch.log_bytes)).sum();
        let dirty_bytes: u64 = self.records.range(dirty_from..end).map(|r| u64::from(r.batch.log_bytes)).sum();
        Some(CleanableState { first_uncleanable, cleaner_checkpoint: self.cleaner_checkpoint, clean_bytes, dirty_bytes, end, dirty_from })
    }

    /// The log cleaner (`LogCleaner`, `cleanup.policy=compact`). Returns how many records it
    /// removed.
    ///
    /// * Cleanable range (`LogCleanerManager.cleanableOffsets`): from the log start up to the
    ///   first uncleanable offset, the minimum of the active segment's base offset, the last
    ///   stable offset (the HW held back by open transactions; records of aborted transactions
    ///   are discarded, markers kept), and,
    ///   with `min.compaction.lag.ms`, the first segment holding a record newer than the lag.
    ///   Nothing at or past it is read or changed: an uncommitted record can never supersede a
    ///   committed one.
    /// * It runs when the dirty part (past the cleaner checkpoint) is at least
    ///   `min.cleanable.dirty.ratio` of the cleanable bytes, or when a tombstone's delete horizon
    ///   has passed (`LogCleanerManager`: logs whose latest delete horizon expired are cleaned
    ///   even when not dirty enough).
    /// * `Cleaner.buildOffsetMap` maps each key to its newest offset in the dirty part;
    ///   `shouldRetainRecord` drops every cleanable record older than its key's entry. Offsets
    ///   never change, so the log gets gaps.
    /// * Tombstones (null values) stay until their delete horizon (KIP-534): the first clean that
    ///   reaches one stamps it `now + delete.retention.ms`; a clean after that removes it.
    pub fn compact(&mut self, rule: &CleanerRule) -> u64 {
        let Some(state) = self.cleanable(rule) else { return 0 };
        let CleanableState { first_uncleanable, clean_bytes, dirty_bytes, .. } = state;
        let (end, dirty_from) = (state.end, state.dirty_from);
        if end == 0 {
            return 0;
        }
        let total = clean_bytes + dirty_bytes;
        let dirty = dirty_bytes;
        let horizon_passed = self.delete_horizons.iter().any(|(o, h)| *o < first_uncleanable && *h <= rule.now);
        let dirty_enough = total > 0 && dirty > 0 && (dirty as f64) >= rule.min_cleanable_ratio * total as f64;
        if !dirty_enough && !horizon_passed {
            return 0;
        }
        // `buildOffsetMap`: the dirty part only, never past the first uncleanable offset.
        let mut newest: std::collections::BTreeMap<&[u8], Offset> = std::collections::BTreeMap::new();
        for r in self.records.range(dirty_from..end) {
            // Records of aborted transactions never supersede anything (`Cleaner.buildOffsetMap`
            // skips aborted batches).
            if let (Some(k), true) = (r.key.as_deref(), self.read_committed_visible(r)) {
                newest.insert(k, r.offset);
            }
        }
        let now = rule.now;
        let mut horizons: Vec<(Offset, TimeMs)> = Vec::new();
        let keep: Vec<bool> = self
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if i >= end {
                    return true;
                }
                if !r.is_control() && !self.read_committed_visible(r) {
                    return false; // aborted: the cleaner discards it (`Cleaner.cleanInto`)
                }
                let Some(k) = r.key.as_deref() else { return true };
                if newest.get(k).is_some_and(|o| *o > r.offset) {
                    return false; // superseded by a newer record of its key
                }
                if r.value.is_none() {
                    let stamped = self.delete_horizons.iter().find(|(o, _)| *o == r.offset).map(|(_, h)| *h);
                    match stamped {
                        Some(h) if h <= now => return false,
                        Some(h) => horizons.push((r.offset, h)),
                        None => horizons.push((r.offset, TimeMs(now.0.saturating_add(rule.delete_retention_ms)))),
                    }
                }
                true
            })
            .collect();
        // Stamps of tombstones past the cleanable range are kept as they were.
        horizons.extend(self.delete_horizons.iter().filter(|(o, _)| *o >= first_uncleanable).copied());
        horizons.sort();
        self.delete_horizons = horizons;
        let removed = keep.iter().filter(|k| !**k).count() as u64;
        if removed > 0 {
            // Each record kept, with its original batch's base offset.
            let mut kept: Vec<(Offset, Arc<Record>)> = Vec::with_capacity(self.records.len());
            let mut removed_at: Vec<Offset> = Vec::new();
            // The base offsets of the batches that lost records (ascending).
            let mut lost: Vec<Offset> = Vec::new();
            let mut base = Offset(-1);
            for (r, k) in self.records.iter().zip(keep) {
                if r.batch.first || base.0 < 0 {
                    base = r.offset;
                }
                if k {
                    kept.push((base, Arc::clone(r)));
                } else {
                    removed_at.push(r.offset);
                    if lost.last() != Some(&base) {
                        lost.push(base);
                    }
                }
            }
            self.rewrite_cleaned(kept, &removed_at, &lost, rule.segment);
        }
        self.cleaner_checkpoint = self.cleaner_checkpoint.max(first_uncleanable);
        removed
    }

    /// The delete horizons of the tombstones the cleaner has passed (KIP-534), by offset.
    pub fn delete_horizons(&self) -> &[(Offset, TimeMs)] {
        &self.delete_horizons
    }

    /// The newest record of every key below `end` (what a compacted topic's consumer reading up
    /// to `end` ends up with); a key whose newest record is a tombstone maps to `None`.
    pub fn latest_by_key(&self, end: Offset) -> std::collections::BTreeMap<&[u8], Option<&Record>> {
        let mut out = std::collections::BTreeMap::new();
        for r in self.records.iter().take_while(|r| r.offset < end) {
            if let (Some(k), true) = (r.key.as_deref(), self.read_committed_visible(r)) {
                out.insert(k, r.value.is_some().then_some(&**r));
            }
        }
        out
    }

    /// After compaction: each batch that lost records is rewritten with those left
    /// (`MemoryRecords.filterTo` keeps a v2 batch's base offset and offset deltas, and its header
    /// moves to the first record left), and each cleaned segment is written again batch by
    /// batch (`Cleaner.cleanInto` → `LogSegment.append`, which rebuilds its indexes) and closed
    /// (`onBecomeInactiveSegment`). Cleaned segments that
    /// became empty go; the log start offset stays where it was: compaction never moves it.
    fn rewrite_cleaned(&mut self, kept: Vec<(Offset, Arc<Record>)>, removed_from: &[Offset], lost: &[Offset], rule: SegmentRule) {
        let rewritten = rewrite_batches(kept, lost);
        self.records = rewritten.into_iter().collect();
        let n = self.segments.len();
        let mut out = VecDeque::with_capacity(n);
        let mut i = 0usize;
        let old = std::mem::take(&mut self.segments);
        for (s, seg) in old.iter().enumerate() {
            let next_base = old.get(s + 1).map(|x| x.base_offset);
            let from = i;
            while let Some(r) = self.records.get(i) {
                if next_base.is_some_and(|b| r.offset >= b) {
                    break;
                }
                i += 1;
            }
            let touched = removed_from.iter().any(|o| *o >= seg.base_offset && next_base.is_none_or(|b| *o < b));
            if !touched {
                out.push_back(seg.clone());
                continue;
            }
            if i == from && s + 1 != n {
                continue;
            }
            let mut cleaned = Segment::new(seg.base_offset);
            let recs = self.records.range(from..i);
            for b in batches_of(recs.map(|r| (r.offset, r.timestamp_ms, r.batch.first, r.batch.log_bytes))) {
                cleaned.append_batch(&rule, &b);
            }
            if s + 1 != n {
                cleaned.on_become_inactive();
            }
            out.push_back(cleaned);
        }
        self.segments = out;
        self.size_bytes = self.records.iter().map(|r| u64::from(r.batch.log_bytes)).sum();
    }
}

/// Re-marks batches that lost records: the first record left of a batch starts it and carries
/// its header; a compressed batch is sized again by encoding what is left. Records that did
/// not change stay shared.
fn rewrite_batches(kept: Vec<(Offset, Arc<Record>)>, lost: &[Offset]) -> Vec<Arc<Record>> {
    let mut out: Vec<Arc<Record>> = Vec::with_capacity(kept.len());
    let mut i = 0;
    while i < kept.len() {
        // The records left of one original batch.
        let base = kept[i].0;
        let mut j = i + 1;
        while j < kept.len() && kept[j].0 == base {
            j += 1;
        }
        if lost.binary_search(&base).is_err() {
            out.extend(kept[i..j].iter().map(|(_, r)| Arc::clone(r)));
            i = j;
            continue;
        }
        let run: Vec<&Record> = kept[i..j].iter().map(|(_, r)| &**r).collect();
        let marks = crate::log_batch::marks_for(&run, base, run[0].batch.compression);
        for ((_, r), mark) in kept[i..j].iter().zip(marks) {
            if r.batch == mark {
                out.push(Arc::clone(r));
            } else {
                out.push(Arc::new(Record { batch: mark, ..(**r).clone() }));
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(offset: i64, epoch: i32) -> Arc<Record> {
        Arc::new(Record {
            offset: Offset(offset),
            leader_epoch: LeaderEpoch(epoch),
            timestamp_ms: TimeMs(offset as u64 * 10),
            key: None,
            value: Some(vec![0; 10].into()),
            headers: vec![],
            record_id: offset as u64,
            size_bytes: 20,
            batch: crate::record::BatchMark { first: true, compression: Default::default(), log_bytes: 20 },
            producer: Default::default(),
            sent: Default::default(),
        })
    }

    fn log_with(epochs: &[(i64, i32)]) -> ReplicaLog {
        let mut log = ReplicaLog::new();
        for (offset, epoch) in epochs {
            log.append(rec(*offset, *epoch), &SegmentRule::by_bytes(1 << 20));
        }
        log
    }

    #[test]
    fn end_offset_for_epoch_follows_kafka() {
        // epochs: 0 at 0, 2 at 3, 4 at 5; LEO 7
        let log = log_with(&[(0, 0), (1, 0), (2, 0), (3, 2), (4, 2), (5, 4), (6, 4)]);
        assert_eq!(log.end_offset_for_epoch(LeaderEpoch(4)), (LeaderEpoch(4), Offset(7)));
        assert_eq!(log.end_offset_for_epoch(LeaderEpoch(3)), (LeaderEpoch(2), Offset(5)));
        assert_eq!(log.end_offset_for_epoch(LeaderEpoch(2)), (LeaderEpoch(2), Offset(5)));
        assert_eq!(log.end_offset_for_epoch(LeaderEpoch(0)), (LeaderEpoch(0), Offset(3)));
        assert_eq!(log.end_offset_for_epoch(LeaderEpoch(9)), (UNDEFINED_EPOCH, UNDEFINED_OFFSET));
        assert_eq!(log.end_offset_for_epoch(UNDEFINED_EPOCH), (UNDEFINED_EPOCH, UNDEFINED_OFFSET));
        let later = log_with(&[(0, 3)]);
        assert_eq!(later.end_offset_for_epoch(LeaderEpoch(1)), (LeaderEpoch(1), Offset(0)));
    }

    #[test]
    fn truncation_drops_records_and_epochs() {
        let mut log = log_with(&[(0, 0), (1, 0), (2, 1), (3, 1)]);
        log.set_high_watermark(Offset(4));
        assert_eq!(log.truncate_to(Offset(2)), Some((Offset(2), Offset(4))));
        assert_eq!(log.log_end_offset(), Offset(2));
        assert_eq!(log.high_watermark(), Offset(2));
        assert_eq!(log.latest_epoch(), Some(LeaderEpoch(0)));
        assert_eq!(log.size_bytes(), 40);
        assert_eq!(log.truncate_to(Offset(5)), None);
    }

    #[test]
    fn segments_roll_and_retention_deletes_whole_segments_below_hw() {
        let mut log = ReplicaLog::new();
        for i in 0..10 {
            log.append(rec(i, 0), &SegmentRule::by_bytes(50)); // 2 records (40 bytes) per segment
        }
        assert_eq!(log.segments().len(), 5);
        // HW 3: only the first segment [0,2) is wholly below it.
        log.set_high_watermark(Offset(3));
        assert_eq!(log.apply_retention(TimeMs(0), -1, 0, 0, &mut RecordPool::default()), Some((Offset(2), 2)));
        assert_eq!(log.log_start_offset(), Offset(2));
        log.set_high_watermark(Offset(10));
        // retention.bytes 100: delete while size - oldest ≥ 100 (160 → 120, then 80 < 100 stops)
        assert_eq!(log.apply_retention(TimeMs(0), -1, 100, 0, &mut RecordPool::default()), Some((Offset(4), 2)));
        assert_eq!(log.size_bytes(), 120);
        // retention.bytes 0 with everything below the HW deletes the active segment too, after
        // rolling an empty one at the LEO (`deleteSegments`): the log start offset is the LEO.
        assert_eq!(log.apply_retention(TimeMs(0), -1, 0, 0, &mut RecordPool::default()), Some((Offset(10), 6)));
        assert_eq!((log.log_start_offset(), log.log_end_offset(), log.size_bytes()), (Offset(10), Offset(10), 0));
        assert_eq!(log.segments().iter().map(|s| (s.base_offset.0, s.records)).collect::<Vec<_>>(), vec![(10, 0)]);
        assert_eq!(log.apply_retention(TimeMs(0), -1, 0, 0, &mut RecordPool::default()), None, "an empty active segment stays");
        assert!(log.record(Offset(9)).is_none());
        // Appends go on at the LEO.
        log.append(rec(10, 0), &SegmentRule::by_bytes(50));
        assert_eq!(log.segments().len(), 1);
    }

    #[test]
    fn read_respects_max_bytes_but_returns_at_least_one() {
        let log = log_with(&[(0, 0), (1, 0), (2, 0)]);
        assert_eq!(log.read(Offset(0), 45).len(), 2);
        assert_eq!(log.read(Offset(1), 1).len(), 1);
        assert_eq!(log.read(Offset(3), 100).len(), 0);
    }

    fn rule(now_ms: u64) -> CleanerRule {
        CleanerRule {
            now: TimeMs(now_ms),
            min_cleanable_ratio: 0.5,
            delete_retention_ms: 86_400_000,
            min_compaction_lag_ms: 0,
            segment: SegmentRule::by_bytes(60),
        }
    }

    fn keyed(offset: i64, key: &str) -> Arc<Record> {
        Arc::new(Record { key: Some(key.as_bytes().into()), ..(*rec(offset, 0)).clone() })
    }

    #[test]
    fn compaction_keeps_the_newest_record_per_key_and_leaves_gaps() {
        let mut log = ReplicaLog::new();
        // 20-byte records, 60-byte segments: three records per segment.
        for (o, k) in ["a", "b", "a", "c", "a", "b", "d", "e"].iter().enumerate() {
            log.append(keyed(o as i64, k), &SegmentRule::by_bytes(60));
        }
        log.set_high_watermark(Offset(8));
        let removed = log.compact(&rule(0));
        // Cleanable: offsets 0..6 (the active segment starts at 6). a@0, b@1, a@2 are superseded.
        assert_eq!(removed, 3);
        let offsets: Vec<i64> = log.tail(100).map(|r| r.offset.0).collect();
        assert_eq!(offsets, vec![3, 4, 5, 6, 7]);
        assert_eq!(log.log_start_offset(), Offset(0));
        assert_eq!(log.log_end_offset(), Offset(8));
        assert!(log.record(Offset(1)).is_none());
        assert_eq!(log.record(Offset(4)).map(|r| r.offset), Some(Offset(4)));
        assert_eq!(log.read(Offset(1), 1 << 20).first().map(|r| r.offset), Some(Offset(3)));
        assert_eq!(log.size_bytes(), 100);
        assert_eq!(log.segments().iter().map(|s| s.records).sum::<u32>(), 5);
        // Nothing new is dirty: a second pass does nothing.
        assert_eq!(log.compact(&rule(0)), 0);
        // A follower copying the compacted log appends across the gaps.
        let mut follower = ReplicaLog::new();
        for r in log.read(Offset(0), 1 << 20) {
            follower.append(r, &SegmentRule::by_bytes(60));
        }
        assert_eq!(follower.log_end_offset(), Offset(8));
        assert_eq!(follower.len(), 5);
    }
}
