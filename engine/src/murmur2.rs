//! Kafka's Java-compatible murmur2 hash and the keyed partitioner built on it.
//!
//! Port of `Utils.murmur2` (clients/src/main/java/org/apache/kafka/common/utils/Utils.java) and
//! `BuiltInPartitioner.partitionForKey`: `toPositive(murmur2(key)) % numPartitions`, where
//! `toPositive(n) = n & 0x7fffffff` (not `abs`). Java works on signed ints with wrapping
//! multiplication and logical shifts (`>>>`), so this works on `u32` and returns `i32`.

/// Java `Utils.murmur2`: the signed 32-bit hash of the serialized key bytes.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let length = data.len();
    // Java takes `int length`; keys longer than i32::MAX bytes cannot exist in Kafka.
    let mut h: u32 = SEED ^ (length as u32);
    let chunks = data.chunks_exact(4);
    let tail = chunks.remainder();
    for chunk in chunks {
        let mut k = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    // Java's switch falls through from case 3 to case 1.
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// Java `Utils.toPositive`: clears the sign bit (this is not `Math.abs`).
pub fn to_positive(n: i32) -> i32 {
    n & 0x7fff_ffff
}

/// `BuiltInPartitioner.partitionForKey`: the partition of a keyed record, taken over all of the
/// topic's partitions (available or not). `partitions` must be at least 1.
pub fn partition_for_key(key: &[u8], partitions: u32) -> u32 {
    debug_assert!(partitions > 0);
    key_partition(key, partitions).partition
}

/// Each step of `partitionForKey` for one key, for a page that shows the working.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPartition {
    /// `Utils.murmur2(key)`, signed as Java's int.
    pub murmur2: i32,
    /// `Utils.toPositive(murmur2)`.
    pub positive: i32,
    pub partitions: u32,
    /// `positive % partitions`.
    pub partition: u32,
}

pub fn key_partition(key: &[u8], partitions: u32) -> KeyPartition {
    let h = murmur2(key);
    let positive = to_positive(h);
    KeyPartition { murmur2: h, positive, partitions, partition: (positive as u32) % partitions.max(1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_partition_shows_each_step() {
        let p = key_partition(b"user-2", 3);
        assert_eq!((p.murmur2, p.positive, p.partition), (-324981792, 1822501856, 2), "the page's example (Produce form)");
        assert_eq!(partition_for_key(b"user-2", 3), 2);
    }

    /// (key, signed murmur2) from Kafka's UtilsTest#testMurmur2 and librdkafka's
    /// `java_murmur2_results` (shared/kafka/semantics.md §1.3 a, b).
    const VECTORS: &[(&str, i32)] = &[
        ("21", -973932308),
        ("foobar", -790332482),
        ("a-little-bit-long-string", -985981536),
        ("a-little-bit-longer-string", -1486304829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971),
        ("abc", 479470107),
        ("kafka", -798503068),
        ("giberish123456789", -1890243828),
        ("1234", -1614185708),
        ("234", -406844982),
        ("34", -2026295078),
        ("4", 1514888353),
        ("PreAmbleWillBeRemoved,ThePrePartThatIs", 2017611548),
        ("reAmbleWillBeRemoved,ThePrePartThatIs", 1247982455),
        ("eAmbleWillBeRemoved,ThePrePartThatIs", -521871202),
        ("AmbleWillBeRemoved,ThePrePartThatIs", 1656271935),
        ("", 275646681),
    ];

    #[test]
    fn matches_kafka_and_librdkafka_vectors() {
        for (key, expected) in VECTORS {
            assert_eq!(murmur2(key.as_bytes()), *expected, "murmur2({key:?})");
        }
    }

    #[test]
    fn partitions_match_the_reference_table() {
        // (key, p%3, p%6, p%10, p%12) from §1.3 (a); the partitions were checked against Java.
        let rows: &[(&str, u32, u32, u32, u32)] = &[
            ("21", 0, 0, 0, 0),
            ("foobar", 0, 0, 6, 6),
            ("a-little-bit-long-string", 2, 2, 2, 8),
            ("a-little-bit-longer-string", 2, 5, 9, 11),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", 2, 5, 7, 5),
            ("abc", 0, 3, 7, 3),
        ];
        for (key, p3, p6, p10, p12) in rows {
            let k = key.as_bytes();
            assert_eq!(
                [partition_for_key(k, 3), partition_for_key(k, 6), partition_for_key(k, 10), partition_for_key(k, 12)],
                [*p3, *p6, *p10, *p12],
                "key {key:?}"
            );
        }
    }

    #[test]
    fn extra_vectors_including_non_ascii_and_raw_bytes() {
        // §1.3 (c): (bytes, murmur2, p%10)
        let rows: &[(&[u8], i32, u32)] = &[
            (b"a", -1563381124, 4),
            (b"key", -1079937367, 1),
            (b"key1", 28543940, 0),
            (b"key2", 1674751211, 1),
            (b"key3", -1745673403, 5),
            (b"user-1", 1404122828, 8),
            (b"user-2", -324981792, 6),
            (b"hello", 2132663229, 9),
            ("héllo".as_bytes(), 614509002, 2),
            (&[0x00], 375494588, 8),
            (&[0xff, 0xff, 0xff, 0xff], 644171429, 9),
        ];
        for (key, hash, p10) in rows {
            assert_eq!(murmur2(key), *hash, "murmur2({key:?})");
            assert_eq!(partition_for_key(key, 10), *p10, "partition of {key:?}");
        }
    }

    #[test]
    fn to_positive_is_not_abs() {
        assert_eq!(to_positive(-798503068), 1348980580);
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(-1), i32::MAX);
    }
}
