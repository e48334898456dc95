//! The continuous load: an application that sends records at a steady rate with keys drawn from
//! a small set, so a learner sees "same key, same partition" and what load does to replication.
//! It only builds the records; it hands them to `send()` of a producer client of its own (the
//! cluster creates it with the load, `cluster/producer.rs`), whose accumulator, retries and
//! idempotence decide what becomes of them, as a `KafkaProducer` would for an application.
//! Seeded, so a run replays exactly.

use crate::command::{CommandError, CommandErrorKind, ProduceRecord};
use crate::event::Acks;
use crate::ids::ProducerHandle;
use crate::kafka_error::KafkaError;
use crate::not_state::NotState;
use crate::payload::Payload;
use crate::record::Bytes;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub const LOAD_RATE_PER_S_MAX: u32 = 100_000;
pub const LOAD_KEYS_MAX: u32 = 10_000;
/// Most records one call may return, whatever the elapsed time (a bound per frame).
pub const LOAD_REQUESTS_PER_CALL_MAX: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LoadGenerator {
    pub topic: Arc<str>,
    pub rate_per_s: u32,
    /// Keys are `key-0` … `key-{n-1}`; 0 means null keys (sticky partitioner).
    pub key_count: u32,
    pub acks: Acks,
    pub value_bytes: u32,
    /// The producer client the load sends through (`Cluster::producer`); none only in a
    /// cluster saved before the load had one (it then sends nothing).
    #[serde(default)]
    pub producer: Option<ProducerHandle>,
    /// Records its producer took, acknowledged and failed for good: the producer's own
    /// `ProducerStats`, copied after each tick of its sender.
    #[serde(default)]
    pub sent: u64,
    #[serde(default)]
    pub acked: u64,
    #[serde(default)]
    pub failed: u64,
    /// Records `send()` refused (`buffer.memory` full: Kafka's `send()` would block the
    /// application for up to `max.block.ms`, so the load sends nothing more in that tick).
    #[serde(default)]
    pub refused: u64,
    /// Milli-records owed from earlier calls, so fractional rates even out.
    budget_milli: u64,
    sequence: u64,
    rng: Rng,
    /// The keys, built once and shared by every record that carries one (a fresh key per
    /// record was an allocation per record); rebuilt when missing (after deserializing) or when
    /// `key_count` changed.
    #[serde(skip)]
    keys: NotState<Vec<Bytes>>,
}

impl LoadGenerator {
    pub fn new(topic: &str, rate_per_s: u32, key_count: u32, acks: Acks, seed: u64) -> Result<Self, CommandError> {
        if rate_per_s == 0 || rate_per_s > LOAD_RATE_PER_S_MAX {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidConfig),
                format!("the rate must be 1 to {LOAD_RATE_PER_S_MAX} records/s, not {rate_per_s}"),
            ));
        }
        if key_count > LOAD_KEYS_MAX {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidConfig),
                format!("use at most {LOAD_KEYS_MAX} distinct keys (0 for null keys), not {key_count}"),
            ));
        }
        Ok(LoadGenerator {
            topic: topic.into(),
            rate_per_s,
            key_count,
            acks,
            value_bytes: 100,
            producer: None,
            sent: 0,
            acked: 0,
            failed: 0,
            refused: 0,
            budget_milli: 0,
            sequence: 0,
            rng: Rng::new(seed ^ 0x10ad_10ad),
            keys: NotState::default(),
        })
    }

    /// The records due after `elapsed_ms` more of logical time, built as they are taken: a
    /// `Vec` of them per call (10 KB at full speed) was a large allocation that made glibc
    /// consolidate its fast bins, 14% of a full-speed step natively.
    pub fn records_for(&mut self, elapsed_ms: u64) -> impl ExactSizeIterator<Item = ProduceRecord> + '_ {
        self.budget_milli = self.budget_milli.saturating_add(u64::from(self.rate_per_s).saturating_mul(elapsed_ms));
        let due = (self.budget_milli / 1000) as usize;
        self.budget_milli %= 1000;
        let n = due.min(LOAD_REQUESTS_PER_CALL_MAX);
        (0..n).map(move |_| self.next_record())
    }

    #[inline(always)] // per record, from the load's one call site
    fn next_record(&mut self) -> ProduceRecord {
        self.sequence += 1;
        let key = (self.key_count > 0).then(|| {
            if self.keys.len() != self.key_count as usize {
                *self.keys = (0..u64::from(self.key_count)).map(key_bytes).collect();
            }
            let i = self.rng.below(u64::from(self.key_count)) as usize;
            self.keys[i].clone()
        });
        ProduceRecord {
            topic: self.topic.clone(),
            key,
            value: Some(value_bytes(self.sequence, self.value_bytes as usize)),
            partition: None,
            headers: Vec::new(),
        }
    }
}

/// `key-<i>`.
fn key_bytes(i: u64) -> Bytes {
    let mut key = Vec::with_capacity(KEY_BYTES_MAX);
    key.extend_from_slice(b"key-");
    push_decimal(&mut key, i);
    key.into()
}

/// `v<sequence>` padded with dots to `n` bytes, kept as its head and length (`Payload::padded`:
/// inside the record at any length; not a `format!`: this runs a million times a second).
fn value_bytes(sequence: u64, n: usize) -> Payload {
    let (digits, start) = decimal(sequence);
    let text = &digits[start..];
    let mut head = [b'v'; 21];
    head[1..1 + text.len()].copy_from_slice(text);
    Payload::padded(&head[..1 + text.len()], b'.', n)
}

/// "key-" and up to 5 digits (`LOAD_KEYS_MAX` keys).
const KEY_BYTES_MAX: usize = 9;

/// Appends `n` in decimal, as `format!("{n}")` would, without the formatting machinery
/// (which was 6% of a full-speed step).
fn push_decimal(out: &mut Vec<u8>, n: u64) {
    let (digits, start) = decimal(n);
    out.extend_from_slice(&digits[start..]);
}

/// `n`'s decimal digits, two at a time, in `digits[start..]`.
fn decimal(mut n: u64) -> ([u8; 20], usize) {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849\
5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        digits[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        i -= 2;
        digits[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        i -= 1;
        digits[i] = b'0' + n as u8;
    }
    (digits, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits_match_format() {
        for n in [0, 7, 9, 10, 42, 99, 100, 101, 999, 1_000, 12_345, 123_456_789, u64::MAX] {
            let mut out = b"x".to_vec();
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
    }

    #[test]
    fn values_are_the_sequence_padded_with_dots() {
        let expect = |seq: u64, n: usize| {
            let mut v = format!("v{seq}").into_bytes();
            v.resize(n, b'.');
            v
        };
        for (seq, n) in [(1, 100), (12_345, 100), (u64::MAX, 100), (7, 2), (123, 2), (42, 0), (99, 300), (5, 256), (5, 257)] {
            assert_eq!(value_bytes(seq, n).to_vec(), expect(seq, n), "sequence {seq}, {n} bytes");
        }
        let mut g = LoadGenerator::new("t", 1_000, 3, Acks::Leader, 1).unwrap();
        let values: Vec<_> = g.records_for(3).map(|r| r.value.unwrap()).collect();
        assert_eq!(values, vec![expect(1, 100).into(), expect(2, 100).into(), expect(3, 100).into()]);
    }

    #[test]
    fn keys_are_shared_and_the_cache_is_not_state() {
        let mut g = LoadGenerator::new("t", 1_000, 2, Acks::Leader, 1).unwrap();
        let fresh = g.clone();
        let keys: Vec<_> = g.records_for(50).map(|r| r.key.unwrap()).collect();
        let distinct: Vec<&Bytes> = keys.iter().fold(Vec::new(), |mut d, k| {
            if !d.iter().any(|x| Arc::ptr_eq(x, k)) {
                d.push(k);
            }
            d
        });
        assert_eq!(distinct.len(), 2, "one shared allocation per key");
        // A generator that built its keys equals, and replays like, one that has not.
        let mut replay = fresh.clone();
        let _ = replay.records_for(50).count();
        assert_eq!(replay, g);
        g.key_count = 5;
        let keys: Vec<String> = g.records_for(200).map(|r| String::from_utf8(r.key.unwrap().to_vec()).unwrap()).collect();
        assert!(keys.iter().all(|k| ["key-0", "key-1", "key-2", "key-3", "key-4"].contains(&k.as_str())), "{keys:?}");
        assert!(keys.iter().any(|k| k == "key-4"), "the cache follows a changed key_count");
    }

    #[test]
    fn rate_is_met_exactly_over_time() {
        let mut g = LoadGenerator::new("t", 1_000, 5, Acks::All, 1).unwrap();
        let total: usize = (0..100).map(|_| g.records_for(100).len()).sum();
        assert_eq!(total, 10_000);
        let mut slow = LoadGenerator::new("t", 3, 5, Acks::All, 1).unwrap();
        let total: usize = (0..100).map(|_| slow.records_for(100).len()).sum();
        assert_eq!(total, 30, "3 records/s over 10 s");
    }

    #[test]
    fn keys_come_from_the_set_and_null_when_zero() {
        let mut g = LoadGenerator::new("t", 1_000, 3, Acks::Leader, 1).unwrap();
        for r in g.records_for(1_000) {
            let k = String::from_utf8(r.key.unwrap().to_vec()).unwrap();
            assert!(["key-0", "key-1", "key-2"].contains(&k.as_str()));
            assert_eq!(r.value.unwrap().len(), 100);
        }
        let mut n = LoadGenerator::new("t", 10, 0, Acks::Leader, 1).unwrap();
        assert!(n.records_for(1_000).all(|r| r.key.is_none()));
    }

    #[test]
    fn bad_settings_are_rejected() {
        assert!(LoadGenerator::new("t", 0, 1, Acks::All, 1).is_err());
        assert!(LoadGenerator::new("t", 1_000_000, 1, Acks::All, 1).is_err());
        assert!(LoadGenerator::new("t", 10, 1_000_000, Acks::All, 1).is_err());
        let mut g = LoadGenerator::new("t", LOAD_RATE_PER_S_MAX, 1, Acks::All, 1).unwrap();
        assert_eq!(g.records_for(u64::MAX / 1_000_000).len(), LOAD_REQUESTS_PER_CALL_MAX);
    }
}
