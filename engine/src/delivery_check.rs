//! The delivery check a careful application runs over what its consumers received (issue 20):
//! per key, did the records arrive in the order the producer sent them, and did any arrive
//! twice? Kafka keeps no such record, so this is the sandbox's audit, not a broker's state: the
//! producer client stamps each record with its place among the records it sent to that
//! partition ([`SendStamp`], as an application would put a sequence number in a header), and a
//! group's consumers compare the stamps they receive with the ones before.
//!
//! What it finds is what Kafka's producer guarantees and does not: without idempotence a retried
//! batch whose first answer was lost is written twice, and with more than one request in flight
//! a retry can land after a later batch (`max.in.flight.requests.per.connection`,
//! `enable.idempotence` in `ProducerConfig`). A record the *consumer* gets again (processed, not
//! committed, then a rebalance) is not a finding here: that is the same offset delivered again,
//! counted as redelivered.
//!
//! Bounded: [`KEYS_MAX`] keys per group, [`FINDINGS_MAX`] findings kept (counts go on), and the
//! received stamps kept as at most `COVERAGE_RANGES_MAX` ranges per producer and partition.

use crate::group::Coverage;
use crate::ids::{Offset, TopicPartition};
use crate::partition_map::PartitionMap;
use crate::record::Bytes;
use crate::vec_map::VecMap;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Keys tracked per group for ordering; records of further keys are checked for duplicates only.
pub const KEYS_MAX: usize = 4_096;
/// Findings kept per group (the newest).
pub const FINDINGS_MAX: usize = 32;
/// How far back (in offsets) the first copy of a duplicate is looked for.
pub const FIRST_COPY_SCAN_MAX: i64 = 10_000;

/// Which record of its producer a record is: the producer's handle and the number of records
/// that producer had sent to the same partition before it (0, 1, 2 ... in send order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SendStamp {
    pub producer: u32,
    pub seq: u64,
}

/// Something the check found, with the offsets that show it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeliveryFinding {
    /// The same sent record received at two offsets: the producer wrote it twice.
    Twice {
        partition: TopicPartition,
        key: Option<Bytes>,
        producer: u32,
        /// Where the first copy is, if it was found within [`FIRST_COPY_SCAN_MAX`] offsets.
        first_offset: Option<Offset>,
        offset: Offset,
    },
    /// A record received after one its producer sent later with the same key.
    OutOfOrder {
        partition: TopicPartition,
        key: Bytes,
        producer: u32,
        offset: Offset,
        /// The offset of the later-sent record that arrived first.
        after_offset: Offset,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct KeySeen {
    seq: u64,
    offset: Offset,
    out_of_order: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct ProducerSeen {
    received: Coverage,
    keys: VecMap<Bytes, KeySeen>,
}

/// One group's delivery check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DeliveryCheck {
    /// Per partition, per producer handle.
    seen: PartitionMap<VecMap<u32, ProducerSeen>>,
    keys: usize,
    /// Records checked (received for the first time, with a stamp).
    pub received: u64,
    /// Records received twice (each extra copy counts once).
    pub twice: u64,
    /// Records that arrived after a later-sent record of the same key.
    pub out_of_order: u64,
    /// Keys with at least one record out of order.
    pub keys_out_of_order: u64,
    /// Records whose key was not tracked for ordering ([`KEYS_MAX`] reached).
    pub keys_untracked: u64,
    /// The newest findings, oldest first.
    pub findings: VecDeque<DeliveryFinding>,
}

impl DeliveryCheck {
    /// Checks a record the group received for the first time at `offset` of `partition`.
    /// `first_copy` finds the offset of an earlier record with the same stamp (asked only when
    /// the stamp was received before). Returns what it found, if anything.
    pub fn receive(
        &mut self,
        partition: &TopicPartition,
        offset: Offset,
        key: Option<&Bytes>,
        stamp: SendStamp,
        first_copy: impl FnOnce() -> Option<Offset>,
    ) -> Option<&DeliveryFinding> {
        let mut first_copy = Some(first_copy);
        let found = self.receive_all(partition, std::iter::once((offset, key, stamp)), |_, _| first_copy.take().and_then(|f| f()));
        if found > 0 {
            self.findings.back()
        } else {
            None
        }
    }

    /// [`receive`](Self::receive) for records of one partition, in offset order: the partition
    /// is looked up once (this runs for every record a consumer gets). Returns how many findings
    /// it added (the newest of `findings`).
    pub fn receive_all<'k>(
        &mut self,
        partition: &TopicPartition,
        records: impl IntoIterator<Item = (Offset, Option<&'k Bytes>, SendStamp)>,
        mut first_copy: impl FnMut(Offset, SendStamp) -> Option<Offset>,
    ) -> u64 {
        let DeliveryCheck { seen, keys, received, twice, out_of_order, keys_out_of_order, keys_untracked, findings } = self;
        // Looked up without cloning the partition (an `Arc` count up and down).
        let producers = seen.get_or_default(partition);
        let mut found = 0;
        for (offset, key, stamp) in records {
            *received += 1;
            let seen = producers.entry(stamp.producer).or_default();
            let seq = stamp.seq as i64;
            let finding = if seen.received.add(seq, seq + 1) > 0 {
                *twice += 1;
                Some(DeliveryFinding::Twice {
                    partition: partition.clone(),
                    key: key.cloned(),
                    producer: stamp.producer,
                    first_offset: first_copy(offset, stamp),
                    offset,
                })
            } else if let Some(k) = key {
                let entry = match seen.keys.get_mut(k) {
                    Some(e) => Some(e),
                    None if *keys >= KEYS_MAX => None,
                    None => {
                        *keys += 1;
                        Some(seen.keys.entry(k.clone()).or_insert(KeySeen { seq: stamp.seq, offset, out_of_order: false }))
                    }
                };
                match entry {
                    None => {
                        *keys_untracked += 1;
                        None
                    }
                    Some(entry) if entry.seq > stamp.seq => {
                        *out_of_order += 1;
                        if !entry.out_of_order {
                            entry.out_of_order = true;
                            *keys_out_of_order += 1;
                        }
                        Some(DeliveryFinding::OutOfOrder {
                            partition: partition.clone(),
                            key: k.clone(),
                            producer: stamp.producer,
                            offset,
                            after_offset: entry.offset,
                        })
                    }
                    Some(entry) => {
                        entry.seq = stamp.seq;
                        entry.offset = offset;
                        None
                    }
                }
            } else {
                None
            };
            if let Some(f) = finding {
                if findings.len() == FINDINGS_MAX {
                    findings.pop_front();
                }
                findings.push_back(f);
                found += 1;
            }
        }
        found
    }

    /// Whether anything was found.
    pub fn clean(&self) -> bool {
        self.twice == 0 && self.out_of_order == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp() -> TopicPartition {
        TopicPartition::new("t", 0)
    }

    fn key(k: &str) -> Bytes {
        k.as_bytes().into()
    }

    /// Receives `(offset, key, seq)` in order from producer 1; returns the findings.
    fn run(check: &mut DeliveryCheck, records: &[(i64, &str, u64)]) -> Vec<DeliveryFinding> {
        let mut out = Vec::new();
        for &(offset, k, seq) in records {
            let first = records.iter().find(|r| r.2 == seq).map(|r| Offset(r.0));
            if let Some(f) = check.receive(&tp(), Offset(offset), Some(&key(k)), SendStamp { producer: 1, seq }, || first) {
                out.push(f.clone());
            }
        }
        out
    }

    #[test]
    fn in_order_and_once_finds_nothing() {
        let mut c = DeliveryCheck::default();
        assert!(run(&mut c, &[(0, "a", 0), (1, "b", 1), (2, "a", 2)]).is_empty());
        assert!(c.clean());
    }

    /// `retries_reorder_and_duplicate_without_idempotence_with_requests_in_flight`'s log:
    /// first, second, second again, first again.
    #[test]
    fn a_retried_batch_is_twice_and_a_late_one_out_of_order() {
        let mut c = DeliveryCheck::default();
        let found = run(&mut c, &[(0, "k", 0), (1, "k", 1), (2, "k", 1), (3, "k", 0)]);
        assert_eq!(found.len(), 2);
        assert!(matches!(&found[0], DeliveryFinding::Twice { first_offset: Some(Offset(1)), offset: Offset(2), .. }));
        assert!(matches!(&found[1], DeliveryFinding::Twice { first_offset: Some(Offset(0)), offset: Offset(3), .. }));
        assert_eq!((c.twice, c.out_of_order), (2, 0));
    }

    /// A batch that failed is retried after a later one was written: its record arrives late.
    #[test]
    fn a_retry_landing_after_a_later_batch_is_out_of_order_for_its_key_only() {
        let mut c = DeliveryCheck::default();
        let found = run(&mut c, &[(0, "k", 1), (1, "other", 2), (2, "k", 0), (3, "z", 3)]);
        assert_eq!(
            found,
            vec![DeliveryFinding::OutOfOrder { partition: tp(), key: key("k"), producer: 1, offset: Offset(2), after_offset: Offset(0) }]
        );
        assert_eq!((c.out_of_order, c.keys_out_of_order), (1, 1));
    }

    #[test]
    fn producers_are_checked_apart() {
        let mut c = DeliveryCheck::default();
        c.receive(&tp(), Offset(0), Some(&key("k")), SendStamp { producer: 1, seq: 5 }, || None);
        assert!(c.receive(&tp(), Offset(1), Some(&key("k")), SendStamp { producer: 2, seq: 0 }, || None).is_none());
        assert!(c.clean());
    }

    #[test]
    fn keys_and_findings_are_bounded() {
        let mut c = DeliveryCheck::default();
        for i in 0..(KEYS_MAX as u64 + 10) {
            c.receive(&tp(), Offset(i as i64), Some(&key(&format!("k{i}"))), SendStamp { producer: 1, seq: i }, || None);
        }
        assert_eq!(c.keys_untracked, 10);
        for i in 0..(FINDINGS_MAX as u64 + 5) {
            c.receive(&tp(), Offset(10_000 + i as i64), None, SendStamp { producer: 1, seq: i }, || None);
        }
        assert_eq!(c.twice, FINDINGS_MAX as u64 + 5);
        assert_eq!(c.findings.len(), FINDINGS_MAX);
    }
}
