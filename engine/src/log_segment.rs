//! One segment of a replica's log (`storage/.../log/LogSegment.java`): its `.log` (the records
//! from its base offset, as batches), its `.index` (`OffsetIndex`: relative offset → byte
//! position, a sparse entry every `index.interval.bytes`) and its `.timeindex` (`TimeIndex`:
//! timestamp → relative offset), when it rolls (`shouldRoll`) and how an offset is found in it
//! (`translateOffset`: the index, then a scan of the batches).
//!
//! Index entries are made batch by batch (4.x, KAFKA-806: `LogSegment.append` walks the
//! append's batches; before, one entry per append call), so a segment's index does not depend
//! on how its batches arrived. Its boundaries do: a follower appends a whole fetch response at
//! once and rolls before it when it does not fit (`UnifiedLog.maybeRoll`), so a follower's
//! segments can start at other offsets than its leader's.

use crate::ids::{Offset, TimeMs};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// `OffsetIndex` entry: 8 bytes on disk, the offset relative to the segment's base (int32)
/// and the byte position in the `.log` (int32). Kept here with the absolute offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OffsetPosition {
    pub offset: Offset,
    pub position: u32,
}

/// `TimeIndex` entry: 12 bytes on disk, a timestamp (int64) and a relative offset (int32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimestampOffset {
    pub timestamp_ms: TimeMs,
    pub offset: Offset,
}

/// The topic configs a segment follows (`LogConfig`): `segment.bytes`, `segment.ms`,
/// `index.interval.bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentRule {
    pub segment_bytes: u64,
    pub segment_ms: u64,
    pub index_interval_bytes: u64,
}

impl SegmentRule {
    /// A rule by size only (tests and callers that have no time rule).
    pub fn by_bytes(segment_bytes: u64) -> SegmentRule {
        SegmentRule { segment_bytes, segment_ms: u64::MAX, index_interval_bytes: 4096 }
    }
}

/// One append to a log, as `UnifiedLog.maybeRoll` sees it: its size in bytes and its largest
/// timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Append {
    pub largest_timestamp_ms: TimeMs,
    pub bytes: u64,
}

/// One batch of an append, as `LogSegment.append` reads it: its last offset, largest timestamp,
/// size and number of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchAppend {
    pub last_offset: Offset,
    pub max_timestamp_ms: TimeMs,
    pub bytes: u64,
    pub records: u32,
}

/// The batches of records given in order as (offset, timestamp, starts a batch, log bytes),
/// lazily (an append runs this per fetch per partition: no allocation). A run that begins
/// inside a batch starts one.
pub fn batches_of<I: Iterator<Item = (Offset, TimeMs, bool, u32)>>(records: I) -> Batches<I> {
    Batches { records: records.peekable() }
}

/// The iterator of `batches_of`.
pub struct Batches<I: Iterator<Item = (Offset, TimeMs, bool, u32)>> {
    records: std::iter::Peekable<I>,
}

impl<I: Iterator<Item = (Offset, TimeMs, bool, u32)>> Iterator for Batches<I> {
    type Item = BatchAppend;
    fn next(&mut self) -> Option<BatchAppend> {
        let (offset, ts, _, bytes) = self.records.next()?;
        let mut b = BatchAppend { last_offset: offset, max_timestamp_ms: ts, bytes: u64::from(bytes), records: 1 };
        while let Some((offset, ts, _, bytes)) = self.records.next_if(|r| !r.2) {
            b.last_offset = offset;
            b.max_timestamp_ms = b.max_timestamp_ms.max(ts);
            b.bytes += u64::from(bytes);
            b.records += 1;
        }
        Some(b)
    }
}

impl Append {
    pub fn of(batches: impl IntoIterator<Item = BatchAppend>) -> Append {
        batches.into_iter().fold(Append { largest_timestamp_ms: TimeMs(0), bytes: 0 }, |a, b| Append {
            largest_timestamp_ms: a.largest_timestamp_ms.max(b.max_timestamp_ms),
            bytes: a.bytes + b.bytes,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Segment {
    pub base_offset: Offset,
    pub size_bytes: u64,
    pub records: u32,
    /// `maxTimestampSoFar` (retention by time compares it with `retention.ms`).
    pub timestamp_max_ms: TimeMs,
    /// `shallowOffsetOfMaxTimestampSoFar`: the last offset of the batch with the largest
    /// timestamp (None until the first append).
    #[serde(default)]
    pub offset_of_max_timestamp: Option<Offset>,
    /// `rollingBasedTimestamp`: the largest timestamp of the first append; `segment.ms`
    /// counts from it.
    #[serde(default)]
    pub rolling_timestamp_ms: Option<TimeMs>,
    #[serde(default)]
    pub bytes_since_last_index_entry: u64,
    /// Shared until written: a checkpoint of the cluster copies pointers, and only the active
    /// segment's indexes ever change.
    #[serde(default)]
    pub offset_index: Arc<Vec<OffsetPosition>>,
    #[serde(default)]
    pub time_index: Arc<Vec<TimestampOffset>>,
}

impl Segment {
    pub fn new(base_offset: Offset) -> Segment {
        Segment {
            base_offset,
            size_bytes: 0,
            records: 0,
            timestamp_max_ms: TimeMs(0),
            offset_of_max_timestamp: None,
            rolling_timestamp_ms: None,
            bytes_since_last_index_entry: 0,
            offset_index: Arc::new(Vec::new()),
            time_index: Arc::new(Vec::new()),
        }
    }

    /// `LogSegment.shouldRoll`: the append would take the segment past `segment.bytes`, or the
    /// segment is not empty and the append's timestamp is `segment.ms` past the segment's first
    /// (`timeWaitedForRoll`; `segment.jitter.ms` is 0 by default). An empty segment never
    /// rolls (Kafka would roll it into a new empty one at the same base offset). Full indexes
    /// and offsets past int32 from the base (the other reasons) need more than the sandbox's
    /// logs hold.
    pub fn should_roll(&self, rule: &SegmentRule, append: &Append) -> bool {
        if self.records == 0 {
            return false;
        }
        let by_size = self.size_bytes > rule.segment_bytes.saturating_sub(append.bytes);
        let waited = self.rolling_timestamp_ms.map_or(0, |t| append.largest_timestamp_ms.0.saturating_sub(t.0));
        by_size || waited > rule.segment_ms
    }

    /// `LogSegment.append`, batch by batch: the bytes go at the end; the first batch sets the
    /// rolling timestamp (`rollingBasedTimestamp`, its max timestamp); a batch gets an index
    /// entry (its last offset at its position) when more than `index.interval.bytes` were
    /// appended since the last entry, counted before it, with a time index entry for the
    /// largest timestamp so far. A segment's first batch never gets one.
    pub fn append_batch(&mut self, rule: &SegmentRule, batch: &BatchAppend) {
        let position = self.size_bytes;
        if position == 0 {
            self.rolling_timestamp_ms = Some(batch.max_timestamp_ms);
        }
        if self.offset_of_max_timestamp.is_none() || batch.max_timestamp_ms > self.timestamp_max_ms {
            self.timestamp_max_ms = batch.max_timestamp_ms;
            self.offset_of_max_timestamp = Some(batch.last_offset);
        }
        if self.bytes_since_last_index_entry > rule.index_interval_bytes {
            Arc::make_mut(&mut self.offset_index).push(OffsetPosition { offset: batch.last_offset, position: position as u32 });
            self.time_index_maybe_append();
            self.bytes_since_last_index_entry = 0;
        }
        self.bytes_since_last_index_entry += batch.bytes;
        self.size_bytes += batch.bytes;
        self.records += batch.records;
    }

    /// `TimeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar)`: only a timestamp
    /// larger than the last entry's (an empty index's last entry is (-1, base offset)).
    fn time_index_maybe_append(&mut self) {
        let Some(offset) = self.offset_of_max_timestamp else { return };
        let ts = self.timestamp_max_ms;
        if self.time_index.last().is_none_or(|last| ts > last.timestamp_ms) {
            Arc::make_mut(&mut self.time_index).push(TimestampOffset { timestamp_ms: ts, offset });
        }
    }

    /// `LogSegment.onBecomeInactiveSegment`: a segment that stops being active gets a last time
    /// index entry for its largest timestamp, so a lookup by time never misses its newest batch.
    pub fn on_become_inactive(&mut self) {
        self.time_index_maybe_append();
    }

    /// `LogSegment.truncateTo` for what is left of the segment: index entries at or past
    /// `offset` go (`OffsetIndex.truncateTo`, `TimeIndex.truncateTo`), the byte count since the
    /// last entry restarts, and the largest timestamp is read again from what remains
    /// (`remaining`: each left batch's last offset and largest timestamp).
    pub fn truncate_indexes(&mut self, offset: Offset, remaining: impl Iterator<Item = (Offset, TimeMs)>) {
        if self.offset_index.iter().any(|e| e.offset >= offset) {
            Arc::make_mut(&mut self.offset_index).retain(|e| e.offset < offset);
        }
        if self.time_index.iter().any(|e| e.offset >= offset) {
            Arc::make_mut(&mut self.time_index).retain(|e| e.offset < offset);
        }
        self.bytes_since_last_index_entry = 0;
        self.timestamp_max_ms = TimeMs(0);
        self.offset_of_max_timestamp = None;
        for (last, ts) in remaining {
            if self.offset_of_max_timestamp.is_none() || ts > self.timestamp_max_ms {
                self.timestamp_max_ms = ts;
                self.offset_of_max_timestamp = Some(last);
            }
        }
        if self.size_bytes == 0 {
            self.rolling_timestamp_ms = None;
        }
    }

    /// `OffsetIndex.lookup`: the entry with the largest offset ≤ `target`, or (base offset, 0)
    /// when there is none. With its slot in the index, for showing the search.
    pub fn index_lookup(&self, target: Offset) -> (Option<usize>, OffsetPosition) {
        let slot = self.offset_index.partition_point(|e| e.offset <= target);
        match slot.checked_sub(1) {
            Some(i) => (Some(i), self.offset_index[i]),
            None => (None, OffsetPosition { offset: self.base_offset, position: 0 }),
        }
    }

    /// `TimeIndex.lookup`: the entry with the largest timestamp ≤ `target`, or (-1, base) when
    /// there is none.
    pub fn time_index_lookup(&self, target: TimeMs) -> Option<TimestampOffset> {
        let slot = self.time_index.partition_point(|e| e.timestamp_ms <= target);
        slot.checked_sub(1).map(|i| self.time_index[i])
    }

    /// The file names of the segment (`LogFileUtils.filenamePrefixFromOffset`: the base offset
    /// padded to 20 digits).
    pub fn file_name(&self, suffix: &str) -> String {
        format!("{:020}{suffix}", self.base_offset.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(last: i64, ts: u64, bytes: u64) -> BatchAppend {
        BatchAppend { last_offset: Offset(last), max_timestamp_ms: TimeMs(ts), bytes, records: 1 }
    }

    fn append(ts: u64, bytes: u64) -> Append {
        Append { largest_timestamp_ms: TimeMs(ts), bytes }
    }

    #[test]
    fn an_index_entry_follows_more_than_index_interval_bytes() {
        let rule = SegmentRule { segment_bytes: 1 << 20, segment_ms: u64::MAX, index_interval_bytes: 100 };
        let mut s = Segment::new(Offset(0));
        // 60 bytes per batch: an entry when more than 100 bytes came since the last one.
        for i in 0..6 {
            s.append_batch(&rule, &batch(i, 10 + i as u64, 60));
        }
        // Before batch 2: 120 > 100 → entry (2, 120); before 4: 120 → (4, 240).
        assert_eq!(
            *s.offset_index,
            vec![OffsetPosition { offset: Offset(2), position: 120 }, OffsetPosition { offset: Offset(4), position: 240 }]
        );
        assert_eq!(s.time_index.iter().map(|e| (e.timestamp_ms.0, e.offset.0)).collect::<Vec<_>>(), vec![(12, 2), (14, 4)]);
        assert_eq!(s.index_lookup(Offset(3)), (Some(0), OffsetPosition { offset: Offset(2), position: 120 }));
        assert_eq!(s.index_lookup(Offset(1)).0, None);
        assert_eq!(s.index_lookup(Offset(1)).1.position, 0);
        s.on_become_inactive();
        assert_eq!(s.time_index.last().map(|e| (e.timestamp_ms.0, e.offset.0)), Some((15, 5)));
        assert_eq!(s.file_name(".index"), "00000000000000000000.index");
    }

    #[test]
    fn batches_are_found_in_a_run_of_records() {
        let b: Vec<BatchAppend> =
            batches_of([(Offset(0), TimeMs(5), true, 70), (Offset(1), TimeMs(9), false, 9), (Offset(2), TimeMs(7), true, 70)].into_iter())
                .collect();
        assert_eq!(
            b,
            vec![
                BatchAppend { last_offset: Offset(1), max_timestamp_ms: TimeMs(9), bytes: 79, records: 2 },
                BatchAppend { last_offset: Offset(2), max_timestamp_ms: TimeMs(7), bytes: 70, records: 1 }
            ]
        );
        assert_eq!(Append::of(b.iter().copied()), Append { largest_timestamp_ms: TimeMs(9), bytes: 149 });
        assert!(batches_of(std::iter::empty()).next().is_none());
    }

    #[test]
    fn rolls_by_size_and_by_time_from_the_first_timestamp() {
        let rule = SegmentRule { segment_bytes: 100, segment_ms: 1000, index_interval_bytes: 4096 };
        let mut s = Segment::new(Offset(0));
        assert!(!s.should_roll(&rule, &append(0, 500)), "an empty segment takes any append");
        s.append_batch(&rule, &batch(0, 100, 60));
        assert!(!s.should_roll(&rule, &append(100, 40)));
        assert!(s.should_roll(&rule, &append(100, 41)));
        assert!(!s.should_roll(&rule, &append(1100, 10)));
        assert!(s.should_roll(&rule, &append(1101, 10)));
    }

    #[test]
    fn truncation_drops_entries_at_or_past_the_offset() {
        let rule = SegmentRule { segment_bytes: 1 << 20, segment_ms: u64::MAX, index_interval_bytes: 10 };
        let mut s = Segment::new(Offset(0));
        for i in 0..5 {
            s.append_batch(&rule, &batch(i, i as u64, 20));
        }
        assert_eq!(s.offset_index.len(), 4);
        s.size_bytes = 40;
        s.truncate_indexes(Offset(2), [(Offset(0), TimeMs(0)), (Offset(1), TimeMs(1))].into_iter());
        assert_eq!(s.offset_index.iter().map(|e| e.offset.0).collect::<Vec<_>>(), vec![1]);
        assert_eq!((s.timestamp_max_ms, s.offset_of_max_timestamp), (TimeMs(1), Some(Offset(1))));
    }
}
