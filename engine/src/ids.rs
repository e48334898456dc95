//! Newtypes for every id and offset, so a `BrokerId` can never be passed where a partition
//! number or an offset is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A broker's `node.id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BrokerId(pub u32);

/// A position in a partition's log. Kafka offsets are signed 64-bit; -1 means "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Offset(pub i64);

/// A partition's leader epoch: bumped on every leader change and stamped on every batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LeaderEpoch(pub i32);

/// Logical time in milliseconds since the simulation started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct TimeMs(pub u64);

/// Identifies one produce request so its outcome event can be matched to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RequestId(pub u64);

/// One simulated consumer client (a `KafkaConsumer` instance), numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ConsumerId(pub u32);

impl fmt::Display for ConsumerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "consumer-{}", self.0)
    }
}

/// One simulated producer client (a `KafkaProducer` instance), numbered from 1. Not Kafka's
/// producer id (an i64 the broker hands out by InitProducerId): that is `ProducerClient::producer_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProducerHandle(pub u32);

impl fmt::Display for ProducerHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "producer-{}", self.0)
    }
}

/// A topic name and a partition number: `orders-1`. The name is shared (`Arc<str>`): every
/// event, fetch and pending request carries one, and cloning it must not allocate (it did, as
/// a `String`: several allocations per produced record).
// `PartialEq` below is the derived equality with a shortcut for shared names, so the derived
// `Hash` (topic bytes, partition) stays consistent with it.
#[allow(clippy::derived_hash_with_manual_eq)]
#[derive(Debug, Clone, Eq, Hash, Serialize, Deserialize)]
pub struct TopicPartition {
    pub topic: Arc<str>,
    pub partition: u32,
}

// Ordered by topic name, then partition, as derived; but two names that are the same `Arc`
// (most are: clones of the partition's own) compare without reading the bytes. Maps keyed by
// partition are looked up for every owned partition on every poll.
impl Ord for TopicPartition {
    #[inline(always)]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if Arc::ptr_eq(&self.topic, &other.topic) {
            self.partition.cmp(&other.partition)
        } else {
            self.topic.cmp(&other.topic).then(self.partition.cmp(&other.partition))
        }
    }
}

impl PartialOrd for TopicPartition {
    #[inline(always)]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for TopicPartition {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        self.partition == other.partition && (Arc::ptr_eq(&self.topic, &other.topic) || self.topic == other.topic)
    }
}

impl TopicPartition {
    pub fn new(topic: impl Into<Arc<str>>, partition: u32) -> Self {
        TopicPartition { topic: topic.into(), partition }
    }
}

impl fmt::Display for BrokerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for LeaderEpoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// Formats a broker list the way `kafka-topics.sh --describe` does: `3,1,2`.
pub fn broker_list(brokers: &[BrokerId]) -> String {
    let parts: Vec<String> = brokers.iter().map(|b| b.0.to_string()).collect();
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn topic_partitions_order_by_name_then_number_whether_or_not_they_share_the_name() {
        let shared: Arc<str> = Arc::from("orders");
        let a = TopicPartition::new(shared.clone(), 2);
        let b = TopicPartition::new(shared, 10);
        let c = TopicPartition::new("orders", 10);
        let d = TopicPartition::new("audit", 99);
        assert_eq!(a.cmp(&b), Ordering::Less, "2 before 10, numerically");
        assert_eq!(b, c, "same name in different allocations");
        assert_eq!(b.cmp(&c), Ordering::Equal);
        assert_eq!(d.cmp(&a), Ordering::Less, "audit before orders");
        assert_ne!(a, TopicPartition::new("orders", 3));
        let mut v = vec![b.clone(), d.clone(), a.clone(), c.clone()];
        v.sort();
        assert_eq!(v, vec![d, a, b, c]);
    }
}

/// Kafka's `Uuid` (a topic id, the cluster id, a directory id): 128 bits, printed by
/// `Uuid.toString()` as URL-safe base64 without padding (22 characters). Kafka draws them at
/// random (`Uuid.randomUuid`); the sandbox derives them from its seed and what they name, so a
/// session replays to the same ids without drawing from the simulation's random stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Uuid(pub [u8; 16]);

impl Uuid {
    /// A version-4-shaped id from `parts` (SplitMix64 over them). Like `Uuid.randomUuid`, never
    /// one whose text starts with '-' (the first 6 bits are not 62).
    pub fn derived(parts: &[u64]) -> Uuid {
        let mut state = 0x6b61_666b_615f_6964u64;
        let mut next = |x: u64| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15) ^ x;
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut acc = 0u64;
        for p in parts {
            acc = next(*p ^ acc);
        }
        let (hi, lo) = (next(acc), next(acc ^ 0x5555));
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&hi.to_be_bytes());
        bytes[8..].copy_from_slice(&lo.to_be_bytes());
        bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80; // IETF variant
        if bytes[0] >> 2 == 62 {
            bytes[0] ^= 0x80;
        }
        Uuid(bytes)
    }

    /// A random one (`Uuid.randomUuid`, `java.util.UUID.randomUUID`) from the simulation's
    /// random stream.
    pub fn random(rng: &mut crate::rng::Rng) -> Uuid {
        Uuid::derived(&[rng.next_u64(), rng.next_u64()])
    }

    /// `java.util.UUID.toString()`: 8-4-4-4-12 lowercase hex (a classic group's member ids).
    pub fn java_string(&self) -> String {
        let h: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    }

    /// A string's bytes as parts for `derived`.
    pub fn parts_of(s: &str) -> impl Iterator<Item = u64> + '_ {
        s.as_bytes().chunks(8).map(|c| c.iter().fold(0u64, |a, b| (a << 8) | u64::from(*b)))
    }
}

impl fmt::Display for Uuid {
    /// `Base64.getUrlEncoder().withoutPadding()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bits = 0u32;
        let mut n = 0;
        for b in self.0 {
            bits = (bits << 8) | u32::from(b);
            n += 8;
            while n >= 6 {
                n -= 6;
                write!(f, "{}", ALPHABET[((bits >> n) & 63) as usize] as char)?;
            }
        }
        if n > 0 {
            write!(f, "{}", ALPHABET[((bits << (6 - n)) & 63) as usize] as char)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod uuid_tests {
    use super::Uuid;

    #[test]
    fn prints_as_kafka_does() {
        // Uuid.ZERO_UUID prints as 22 'A's (kafka-metadata-quorum's DirectoryId column).
        assert_eq!(Uuid::default().to_string(), "AAAAAAAAAAAAAAAAAAAAAA");
        // 0xfb... is base64 '-' '-' ... in the URL-safe alphabet.
        assert_eq!(Uuid([0xfb; 16]).to_string(), "-_v7-_v7-_v7-_v7-_v7-w");
        for i in 0..2_000u64 {
            let id = Uuid::derived(&[i, 7]);
            let s = id.to_string();
            assert_eq!(s.len(), 22);
            assert!(!s.starts_with('-'), "{s}");
            assert_ne!(id, Uuid::derived(&[i + 1, 7]));
        }
    }
}

#[cfg(test)]
mod java_uuid_tests {
    #[test]
    fn java_strings_are_8_4_4_4_12() {
        let s = super::Uuid([0xab; 16]).java_string();
        assert_eq!(s, "abababab-abab-abab-abab-abababababab");
    }
}
