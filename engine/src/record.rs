//! One record as it sits in a replica's log. Records are immutable once appended and shared
//! between replicas (`Arc`), so replication copies a pointer, not the bytes.

use crate::delivery_check::SendStamp;
use crate::hashed_when_used::HashedWhenUsed;
use crate::ids::{LeaderEpoch, Offset, TimeMs};
use crate::not_state::NotState;
use crate::payload::Payload;
use crate::record_batch::Compression;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Immutable shared bytes: a record's key. Serialized as a plain list of bytes, like a
/// `Vec<u8>`. Shared so that a producer sends the same key many times without copying it (the
/// load generator's 1,000 keys): at a million records a second, each allocation per record
/// costs about a quarter of the engine's time (issue 6's native benchmark). Values are
/// `Payload`s: inline in the record when small.
pub type Bytes = Arc<[u8]>;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Header {
    pub key: String,
    pub value: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Record {
    pub offset: Offset,
    /// The leader epoch of the leader that appended it (`partitionLeaderEpoch`).
    pub leader_epoch: LeaderEpoch,
    pub timestamp_ms: TimeMs,
    pub key: Option<Bytes>,
    pub value: Option<Payload>,
    pub headers: Vec<Header>,
    /// Unique per produced record in this simulation: lets invariants tell two records with the
    /// same offset apart (the one that was acknowledged versus the one that replaced it).
    pub record_id: u64,
    /// Size in the log, as `DefaultRecord.sizeInBytes` computes it.
    pub size_bytes: u32,
    /// Its place in its batch (RecordBatch v2): the batch starts here or not, its codec, and
    /// this record's share of the batch's bytes in the log.
    #[serde(default)]
    pub batch: BatchMark,
    /// Its batch's producer fields, when an idempotent producer sent it.
    #[serde(default)]
    pub producer: HashedWhenUsed<Option<RecordProducer>>,
    /// Which record of which producer client this is, for the delivery check
    /// (`delivery_check.rs`): the sandbox's audit, not part of Kafka's record (hashed as
    /// nothing, not serialized). Copies of one sent record share it.
    #[serde(skip)]
    pub sent: NotState<Option<SendStamp>>,
}

/// The producer fields of a record's batch (RecordBatch v2: `producerId`, `producerEpoch`,
/// `baseSequence`), kept per record: the sandbox's logs hold records, not batches, and every
/// replica rebuilds the broker's producer state from them (`ProducerStateManager`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RecordProducer {
    pub producer_id: i64,
    pub producer_epoch: i16,
    /// This record's sequence: the batch's `baseSequence` + its offset delta.
    pub sequence: i32,
    /// The first record of its batch (its sequence is the batch's `baseSequence`).
    pub batch_start: bool,
    /// Its batch is part of a transaction (attribute bit 4, `isTransactional`).
    #[serde(default)]
    pub transactional: bool,
    /// A transaction marker (a control batch, attribute bit 5): it closes the producer's open
    /// transaction on this partition. It takes an offset like any record, but consumers never
    /// receive it (`ControlRecordType`, `EndTransactionMarker`).
    #[serde(default)]
    pub control: Option<ControlRecordType>,
}

/// `ControlRecordType`: the marker's key is `(version 0, type)`, ABORT = 0, COMMIT = 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlRecordType {
    Abort,
    Commit,
}

impl ControlRecordType {
    /// Kafka's name, as `DumpLogSegments` prints it (`endTxnMarker: COMMIT`).
    pub fn name(self) -> &'static str {
        match self {
            ControlRecordType::Abort => "ABORT",
            ControlRecordType::Commit => "COMMIT",
        }
    }
}

/// `EndTransactionMarker.CURRENT_END_TXN_MARKER_VALUE_SIZE` + key: a marker record's size in the
/// log (key 4 bytes, value 6 bytes, no headers) as `DefaultRecord.sizeInBytes` gives it.
pub fn control_record_size_bytes() -> u32 {
    record_size_bytes(Some(4), Some(6), &[])
}

/// Where a record sits in its batch. The sandbox's logs hold records (shared between replicas),
/// and a batch is the run of records from one whose `first` is set up to the next: what the
/// producer sent as one `ProducerBatch`, the leader appended as one, and replicas copy whole.
///
/// `log_bytes` is the record's share of the batch's size in the log, so that summing over
/// records gives segment and log sizes exactly: for an uncompressed batch the first record
/// carries the 61-byte header (`DefaultRecordBatch.RECORD_BATCH_OVERHEAD`) and each its own
/// `DefaultRecord` size at its offset delta; for a compressed batch the first record carries the
/// whole compressed batch and the others 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BatchMark {
    pub first: bool,
    pub compression: Compression,
    pub log_bytes: u32,
}

impl Default for BatchMark {
    /// A one-record uncompressed batch of an unknown size; appends set `log_bytes`.
    fn default() -> Self {
        BatchMark { first: true, compression: Compression::None, log_bytes: 0 }
    }
}

/// A record's size in an uncompressed batch at its offset delta (`DefaultRecord.sizeInBytes`:
/// the producer sized it at delta 0, a varint of 1 byte; deltas from 64 on take 2 bytes, from
/// 8,192 on 3).
pub fn size_at_delta(delta: i64, size_bytes: u32) -> u32 {
    size_bytes + varint_size(delta) - 1
}

impl Record {
    /// The value's bytes (`Payload::bytes`: borrowed, or written out for a padded value).
    pub fn value_bytes(&self) -> Option<std::borrow::Cow<'_, [u8]>> {
        self.value.as_ref().map(Payload::bytes)
    }

    /// A transaction marker, which consumers never receive.
    pub fn is_control(&self) -> bool {
        (*self.producer).as_ref().is_some_and(|p| p.control.is_some())
    }
}

/// Length of a zig-zag varint, as Kafka's `ByteUtils.sizeOfVarint` / `sizeOfVarlong`.
pub fn varint_size(value: i64) -> u32 {
    let mut v = ((value << 1) ^ (value >> 63)) as u64;
    let mut bytes = 1;
    while v >= 0x80 {
        v >>= 7;
        bytes += 1;
    }
    bytes
}

/// `DefaultRecord.sizeInBytes(offsetDelta, timestampDelta, key, value, headers)`: the record's
/// size inside a v2 batch. Offset and timestamp deltas are taken as 0, as for a one-record batch.
pub fn record_size_bytes(key_len: Option<usize>, value_len: Option<usize>, headers: &[Header]) -> u32 {
    let mut body: u32 = 1; // attributes
    body += varint_size(0); // timestampDelta
    body += varint_size(0); // offsetDelta
    body += sized_field(key_len);
    body += sized_field(value_len);
    body += varint_size(headers.len() as i64);
    for h in headers {
        body += varint_size(h.key.len() as i64) + h.key.len() as u32;
        body += sized_field(h.value.as_ref().map(Vec::len));
    }
    body + varint_size(i64::from(body))
}

fn sized_field(len: Option<usize>) -> u32 {
    match len {
        None => varint_size(-1),
        Some(n) => varint_size(n as i64) + n as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_match_kafka() {
        assert_eq!(varint_size(0), 1);
        assert_eq!(varint_size(-1), 1);
        assert_eq!(varint_size(63), 1);
        assert_eq!(varint_size(64), 2);
        assert_eq!(varint_size(-65), 2);
        assert_eq!(varint_size(8191), 2);
        assert_eq!(varint_size(8192), 3);
    }

    #[test]
    fn record_sizes() {
        // attributes 1 + ts 1 + offset 1 + key(-1) 1 + value(-1) 1 + headers 1 = 6, +1 length
        assert_eq!(record_size_bytes(None, None, &[]), 7);
        // key "k" (1+1) and a 100-byte value (varint 200 = 2 bytes, +100): body 1+1+1+2+102+1 = 108,
        // and 108 zig-zags to 216, a 2-byte varint.
        assert_eq!(record_size_bytes(Some(1), Some(100), &[]), 110);
    }
}
