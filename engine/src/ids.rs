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
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if Arc::ptr_eq(&self.topic, &other.topic) {
            self.partition.cmp(&other.partition)
        } else {
            self.topic.cmp(&other.topic).then(self.partition.cmp(&other.partition))
        }
    }
}

impl PartialOrd for TopicPartition {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for TopicPartition {
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
