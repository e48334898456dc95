//! A batch as it sits in a replica's log (`FileLogInputStream.FileChannelRecordBatch`): the
//! run of records from one whose `BatchMark.first` is set, turned back into Kafka's RecordBatch
//! v2 bytes (`record_batch.rs`) for the bytes view and `DumpLogSegments`-style listings, and
//! the marks a batch's records get when it is appended or rewritten.

use crate::ids::{Offset, TimeMs};
use crate::record::{size_at_delta, BatchMark, ControlRecordType, Record};
use crate::record_batch::{self, BatchHeader, BatchRecord, Compression, NO_PRODUCER_EPOCH, NO_PRODUCER_ID, NO_SEQUENCE};
use std::sync::Arc;

/// One batch of a segment, as `kafka-dump-log.sh` lists it: where it starts in the `.log`, its
/// offsets, size and header fields (from its first record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogBatch {
    pub base_offset: Offset,
    pub last_offset: Offset,
    /// Byte position in the segment's `.log`.
    pub position: u64,
    pub size_bytes: u64,
    pub count: u32,
    pub compression: Compression,
    pub partition_leader_epoch: i32,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
    pub transactional: bool,
    pub control: Option<ControlRecordType>,
    pub max_timestamp_ms: TimeMs,
    /// Index of its first record among the records given to `batches`.
    pub first_index: usize,
}

/// The batches of a run of records (a segment's, in order), with their byte positions counted
/// from `position` (the segment's start is 0). A run that begins inside a batch (records before
/// it were truncated) starts a batch of its own.
pub fn batches<'a>(records: impl Iterator<Item = &'a Arc<Record>>, mut position: u64) -> Vec<LogBatch> {
    let mut out: Vec<LogBatch> = Vec::new();
    for (i, r) in records.enumerate() {
        let starts = r.batch.first || out.is_empty();
        if starts {
            let p = (*r.producer).as_ref();
            out.push(LogBatch {
                base_offset: r.offset,
                last_offset: r.offset,
                position,
                size_bytes: 0,
                count: 0,
                compression: r.batch.compression,
                partition_leader_epoch: r.leader_epoch.0,
                producer_id: p.map_or(NO_PRODUCER_ID, |p| p.producer_id),
                producer_epoch: p.map_or(NO_PRODUCER_EPOCH, |p| p.producer_epoch),
                base_sequence: p.map_or(NO_SEQUENCE, |p| if p.control.is_some() { NO_SEQUENCE } else { p.sequence }),
                transactional: p.is_some_and(|p| p.transactional),
                control: p.and_then(|p| p.control),
                max_timestamp_ms: r.timestamp_ms,
                first_index: i,
            });
        }
        if let Some(b) = out.last_mut() {
            b.last_offset = r.offset;
            b.size_bytes += u64::from(r.batch.log_bytes);
            b.count += 1;
            b.max_timestamp_ms = b.max_timestamp_ms.max(r.timestamp_ms);
        }
        position += u64::from(r.batch.log_bytes);
    }
    out
}

/// The control record's key and value (`ControlRecordType.recordKey`: version 0 and the type;
/// `EndTransactionMarker`: version 0 and the coordinator epoch, 0 in the sandbox).
fn control_key_value(t: ControlRecordType) -> (Vec<u8>, Vec<u8>) {
    let kind: i16 = match t {
        ControlRecordType::Abort => 0,
        ControlRecordType::Commit => 1,
    };
    let mut key = 0i16.to_be_bytes().to_vec();
    key.extend_from_slice(&kind.to_be_bytes());
    let mut value = 0i16.to_be_bytes().to_vec();
    value.extend_from_slice(&0i32.to_be_bytes());
    (key, value)
}

/// The v2 batch header and records of a stored batch whose base offset is `base`.
pub fn to_batch(records: &[&Record], base: Offset, compression: Compression) -> (BatchHeader, Vec<BatchRecord>) {
    let first = records.first().copied();
    let p = first.and_then(|r| (*r.producer).as_ref());
    let control = p.and_then(|p| p.control);
    let header = BatchHeader {
        base_offset: base.0,
        partition_leader_epoch: first.map_or(-1, |r| r.leader_epoch.0),
        compression,
        log_append_time: false,
        transactional: p.is_some_and(|p| p.transactional),
        control: control.is_some(),
        producer_id: p.map_or(NO_PRODUCER_ID, |p| p.producer_id),
        producer_epoch: p.map_or(NO_PRODUCER_EPOCH, |p| p.producer_epoch),
        base_sequence: match p {
            Some(p) if p.control.is_none() => p.sequence,
            _ => NO_SEQUENCE,
        },
    };
    let body = records
        .iter()
        .map(|r| {
            let (key, value) = match (*r.producer).as_ref().and_then(|p| p.control) {
                Some(t) => {
                    let (k, v) = control_key_value(t);
                    (Some(k), Some(v))
                }
                None => (r.key.as_deref().map(<[u8]>::to_vec), r.value.as_ref().map(crate::payload::Payload::to_vec)),
            };
            BatchRecord {
                offset_delta: (r.offset.0 - base.0).clamp(0, i64::from(i32::MAX)) as i32,
                timestamp: r.timestamp_ms.0 as i64,
                key,
                value,
                headers: r.headers.iter().map(|h| (h.key.clone(), h.value.clone())).collect(),
            }
        })
        .collect();
    (header, body)
}

/// The batch's bytes exactly as Kafka would have them in the `.log`.
pub fn encode(records: &[&Record], base: Offset, compression: Compression) -> Vec<u8> {
    let (header, body) = to_batch(records, base, compression);
    // Encoding what the engine holds cannot fail (the codecs only fail on bad input when
    // decoding); an empty result would show as an empty dump, never a panic.
    record_batch::encode(&header, &body).unwrap_or_default()
}

/// The marks of a batch's records when appended (or rewritten by the cleaner) with base offset
/// `base`: uncompressed, each record's size at its offset delta and the header on the first;
/// compressed, the whole encoded batch on the first (the broker compresses the batch as one).
pub fn marks_for(records: &[&Record], base: Offset, compression: Compression) -> Vec<BatchMark> {
    if compression == Compression::None {
        return records.iter().enumerate().map(|(i, r)| uncompressed_mark(i, r.offset.0 - base.0, r.size_bytes)).collect();
    }
    let total = encode(records, base, compression).len() as u32;
    (0..records.len()).map(|i| BatchMark { first: i == 0, compression, log_bytes: if i == 0 { total } else { 0 } }).collect()
}

/// Marks the records of one batch being appended (offsets assigned, in order): its first
/// record starts it, and each gets its share of the batch's bytes in `compression`.
pub fn mark_batch(records: &mut [Record], compression: Compression) {
    let Some(base) = records.first().map(|r| r.offset) else { return };
    if compression == Compression::None {
        for (i, r) in records.iter_mut().enumerate() {
            r.batch = uncompressed_mark(i, r.offset.0 - base.0, r.size_bytes);
        }
        return;
    }
    let marks = {
        let refs: Vec<&Record> = records.iter().collect();
        marks_for(&refs, base, compression)
    };
    for (r, m) in records.iter_mut().zip(marks) {
        r.batch = m;
    }
}

/// How a replica finds offset `target` (`UnifiedLog.read` → `LogSegment.translateOffset`):
/// the segment whose base offset is the largest ≤ target (`floorSegment`), the `.index` entry
/// with the largest offset ≤ target (`OffsetIndex.lookup`; none: the segment's start), then the
/// batches read from that position until one ends at or past the target
/// (`FileRecords.searchForOffsetWithSize`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetLookup {
    pub target: Offset,
    pub outcome: LookupOutcome,
    /// The segment searched, by its place in the log.
    pub segment: Option<usize>,
    /// The index slot used, when the index had an entry ≤ target.
    pub index_slot: Option<usize>,
    /// Where the scan began: the entry found, or the segment's base offset at position 0.
    pub start: crate::log_segment::OffsetPosition,
    /// The batches read, in order; the last is the one found when the outcome is `Found`.
    pub scanned: Vec<LogBatch>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupOutcome {
    /// The batch holding the first offset ≥ target (the target itself unless compaction
    /// removed it).
    Found,
    /// Below the log start offset or past the log end: `OFFSET_OUT_OF_RANGE`.
    OutOfRange,
    /// At the log end: nothing to read yet (an empty fetch).
    LogEnd,
}

/// The mark of record `i` of an uncompressed batch, `delta` past its base offset.
pub fn uncompressed_mark(i: usize, delta: i64, size_bytes: u32) -> BatchMark {
    let header = if i == 0 { record_batch::HEADER_BYTES as u32 } else { 0 };
    BatchMark { first: i == 0, compression: Compression::None, log_bytes: header + size_at_delta(delta, size_bytes) }
}

/// Marks a batch of records just made (not yet shared) for `compression`.
pub fn mark_shared_batch(records: &mut [Arc<Record>], compression: Compression) {
    let Some(base) = records.first().map(|r| r.offset) else { return };
    let marks = {
        let refs: Vec<&Record> = records.iter().map(|r| &**r).collect();
        marks_for(&refs, base, compression)
    };
    for (r, m) in records.iter_mut().zip(marks) {
        match Arc::get_mut(r) {
            Some(r) => r.batch = m,
            None => *r = Arc::new(Record { batch: m, ..(**r).clone() }),
        }
    }
}
