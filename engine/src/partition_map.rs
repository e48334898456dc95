//! A map keyed by `TopicPartition` that finds a key by its topic and then by the partition's
//! number as an index, where a `BTreeMap<TopicPartition, _>` compares keys a dozen times per
//! lookup. The producer client and its accumulator look partitions up several times per record
//! and per partition per tick: those searches were 17% of scenario R's instructions.
//!
//! It iterates, compares, hashes and serializes exactly as the `BTreeMap<TopicPartition, V>`
//! it replaces (in key order; the length, then each key and value), so snapshots and the golden
//! snapshot hash do not change.
//!
//! Bounded: a topic's slots grow to its highest partition number below `DENSE_PARTITIONS_MAX`
//! (topics have at most `PARTITIONS_PER_TOPIC_MAX`); a larger number, which no existing
//! partition has, goes to a sorted `VecMap` beside them (`vec_map.rs` says why not a B-tree).

use crate::ids::TopicPartition;
use crate::vec_map::VecMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Partitions numbered below this are slots; others are kept sparse.
pub const DENSE_PARTITIONS_MAX: u32 = 4_096;

type Slots<V> = Vec<Option<(TopicPartition, V)>>;

#[derive(Clone)]
pub struct PartitionMap<V> {
    /// Sorted by topic name; a topic's slots indexed by partition.
    topics: Vec<(Arc<str>, Slots<V>)>,
    sparse: VecMap<TopicPartition, V>,
    len: usize,
}

impl<V> Default for PartitionMap<V> {
    fn default() -> Self {
        PartitionMap { topics: Vec::new(), sparse: VecMap::new(), len: 0 }
    }
}

/// The topic's place among `topics` (by pointer first: partitions share their topic's `Arc`).
#[inline(always)]
fn find_topic<V>(topics: &[(Arc<str>, Slots<V>)], topic: &Arc<str>) -> Result<usize, usize> {
    if let Some(i) = topics.iter().position(|(t, _)| Arc::ptr_eq(t, topic)) {
        return Ok(i);
    }
    topics.binary_search_by(|(t, _)| (**t).cmp(&**topic))
}

impl<V> PartitionMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline(always)]
    pub fn get(&self, tp: &TopicPartition) -> Option<&V> {
        if tp.partition >= DENSE_PARTITIONS_MAX {
            return self.sparse.get(tp);
        }
        let i = find_topic(&self.topics, &tp.topic).ok()?;
        self.topics[i].1.get(tp.partition as usize)?.as_ref().map(|(_, v)| v)
    }

    #[inline(always)]
    pub fn get_mut(&mut self, tp: &TopicPartition) -> Option<&mut V> {
        if tp.partition >= DENSE_PARTITIONS_MAX {
            return self.sparse.get_mut(tp);
        }
        let i = find_topic(&self.topics, &tp.topic).ok()?;
        self.topics[i].1.get_mut(tp.partition as usize)?.as_mut().map(|(_, v)| v)
    }

    pub fn contains_key(&self, tp: &TopicPartition) -> bool {
        self.get(tp).is_some()
    }

    /// The dense slot of `tp` (partition below `DENSE_PARTITIONS_MAX`), made if absent.
    fn slot_mut(&mut self, tp: &TopicPartition) -> &mut Option<(TopicPartition, V)> {
        let i = match find_topic(&self.topics, &tp.topic) {
            Ok(i) => i,
            Err(i) => {
                self.topics.insert(i, (Arc::clone(&tp.topic), Vec::new()));
                i
            }
        };
        let slots = &mut self.topics[i].1;
        let p = tp.partition as usize;
        if slots.len() <= p {
            slots.resize_with(p + 1, || None);
        }
        &mut slots[p]
    }

    /// The value of `tp`, inserted by `make` if absent.
    #[inline]
    pub fn get_or_insert_with(&mut self, tp: &TopicPartition, make: impl FnOnce() -> V) -> &mut V {
        if tp.partition >= DENSE_PARTITIONS_MAX {
            if !self.sparse.contains_key(tp) {
                self.len += 1;
            }
            return self.sparse.entry(tp.clone()).or_insert_with(make);
        }
        if self.get(tp).is_none() {
            self.len += 1;
        }
        &mut self.slot_mut(tp).get_or_insert_with(|| (tp.clone(), make())).1
    }

    pub fn get_or_default(&mut self, tp: &TopicPartition) -> &mut V
    where
        V: Default,
    {
        self.get_or_insert_with(tp, V::default)
    }

    pub fn insert(&mut self, tp: TopicPartition, v: V) -> Option<V> {
        let old = if tp.partition >= DENSE_PARTITIONS_MAX {
            self.sparse.insert(tp, v)
        } else {
            let slot = self.slot_mut(&tp);
            slot.replace((tp, v)).map(|(_, v)| v)
        };
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    pub fn remove(&mut self, tp: &TopicPartition) -> Option<V> {
        let old = if tp.partition >= DENSE_PARTITIONS_MAX {
            self.sparse.remove(tp)
        } else {
            let i = find_topic(&self.topics, &tp.topic).ok()?;
            let slots = &mut self.topics[i].1;
            let old = slots.get_mut(tp.partition as usize)?.take().map(|(_, v)| v);
            if slots.iter().all(Option::is_none) {
                self.topics.remove(i);
            }
            old
        };
        if old.is_some() {
            self.len -= 1;
        }
        old
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Entries in key order (`TopicPartition`'s: topic name, then partition).
    pub fn iter(&self) -> impl Iterator<Item = (&TopicPartition, &V)> + '_ {
        let dense = self.topics.iter().flat_map(|(_, s)| s.iter().flatten().map(|(k, v)| (k, v)));
        merge(dense, self.sparse.iter())
    }

    pub fn keys(&self) -> impl Iterator<Item = &TopicPartition> + '_ {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.iter().map(|(_, v)| v)
    }

    /// The values in key order, taking them.
    pub fn into_values(self) -> impl Iterator<Item = V> {
        let mut all: Vec<(TopicPartition, V)> = self.topics.into_iter().flat_map(|(_, s)| s.into_iter().flatten()).collect();
        if !self.sparse.is_empty() {
            all.extend(self.sparse);
            all.sort_by(|a, b| a.0.cmp(&b.0));
        }
        all.into_iter().map(|(_, v)| v)
    }

    /// Values in no particular order.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> + '_ {
        let dense = self.topics.iter_mut().flat_map(|(_, s)| s.iter_mut().flatten().map(|(_, v)| v));
        dense.chain(self.sparse.values_mut())
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&TopicPartition, &mut V) -> bool) {
        let mut removed = 0;
        for (_, slots) in self.topics.iter_mut() {
            for slot in slots.iter_mut() {
                if let Some((k, v)) = slot {
                    if !keep(k, v) {
                        *slot = None;
                        removed += 1;
                    }
                }
            }
        }
        self.topics.retain(|(_, s)| s.iter().any(Option::is_some));
        let before = self.sparse.len();
        self.sparse.retain(|k, v| keep(k, v));
        removed += before - self.sparse.len();
        self.len -= removed;
    }
}

/// Two iterators sorted by key, merged in key order.
fn merge<'a, V: 'a>(
    a: impl Iterator<Item = (&'a TopicPartition, &'a V)>,
    b: impl Iterator<Item = (&'a TopicPartition, &'a V)>,
) -> impl Iterator<Item = (&'a TopicPartition, &'a V)> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.0 < x.0 => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

impl<V> FromIterator<(TopicPartition, V)> for PartitionMap<V> {
    fn from_iter<I: IntoIterator<Item = (TopicPartition, V)>>(items: I) -> Self {
        let mut m = PartitionMap::new();
        for (k, v) in items {
            m.insert(k, v);
        }
        m
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for PartitionMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: PartialEq> PartialEq for PartitionMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<V: Eq> Eq for PartitionMap<V> {}

/// As `BTreeMap`'s: the length, then each key and value.
impl<V: Hash> Hash for PartitionMap<V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len);
        for (k, v) in self.iter() {
            k.hash(state);
            v.hash(state);
        }
    }
}

impl<V: Serialize> Serialize for PartitionMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for PartitionMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(VecMap::<TopicPartition, V>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;
    use crate::snapshot_hash::hash_of;
    use std::collections::BTreeMap;

    /// Random inserts, removals, lookups and retains, with topic names shared and not shared
    /// and partition numbers dense and sparse: always equal to a `BTreeMap` given the same
    /// operations (entries in order, hash, serialized form).
    #[test]
    fn behaves_as_a_btree_map() {
        let names: Vec<Arc<str>> = ["a", "b.x", "orders", "z"].iter().map(|n| Arc::from(*n)).collect();
        for seed in 1..=30u64 {
            let mut rng = Rng::new(seed);
            let (mut m, mut b) = (PartitionMap::<u64>::new(), BTreeMap::<TopicPartition, u64>::new());
            for step in 0..2_000u64 {
                let topic = &names[rng.below(names.len() as u64) as usize];
                // A copy of the name half the time: found by its text, not its pointer.
                let topic: Arc<str> = if rng.below(2) == 0 { Arc::clone(topic) } else { Arc::from(&**topic) };
                let partition = if rng.below(20) == 0 { DENSE_PARTITIONS_MAX + rng.below(3) as u32 } else { rng.below(12) as u32 };
                let tp = TopicPartition::new(topic, partition);
                match rng.below(8) {
                    0..=2 => assert_eq!(m.insert(tp.clone(), step), b.insert(tp, step), "seed {seed} step {step}"),
                    3 => assert_eq!(m.remove(&tp), b.remove(&tp), "seed {seed} step {step}"),
                    4 => {
                        *m.get_or_default(&tp) += 1;
                        *b.entry(tp).or_default() += 1;
                    }
                    5 => {
                        if let Some(v) = m.get_mut(&tp) {
                            *v += 7;
                        }
                        if let Some(v) = b.get_mut(&tp) {
                            *v += 7;
                        }
                    }
                    6 if rng.below(10) == 0 => {
                        let k = rng.below(3) + 2;
                        m.retain(|_, v| *v % k != 0);
                        b.retain(|_, v| *v % k != 0);
                    }
                    _ => assert_eq!(m.get(&tp), b.get(&tp)),
                }
                assert_eq!(m.len(), b.len());
                assert!(m.iter().eq(b.iter()), "seed {seed} step {step}: order");
            }
            assert_eq!(hash_of(&m), hash_of(&b), "hashes as a BTreeMap");
            let pairs = |it: Vec<(TopicPartition, u64)>| serde_json::to_string(&it).unwrap();
            assert_eq!(pairs(m.iter().map(|(k, v)| (k.clone(), *v)).collect()), pairs(b.clone().into_iter().collect()));
            let back: PartitionMap<u64> = b.clone().into_iter().collect();
            assert_eq!(back, m);
            assert!(m.into_values().eq(b.into_values()), "into_values in key order");
        }
    }

    #[test]
    fn a_lookup_by_a_copied_name_finds_the_entry() {
        let mut m = PartitionMap::new();
        m.insert(TopicPartition::new("orders", 3), 1);
        assert_eq!(m.get(&TopicPartition::new(Arc::<str>::from("orders"), 3)), Some(&1));
        assert_eq!(m.get(&TopicPartition::new("orders", 2)), None);
        assert_eq!(m.get(&TopicPartition::new("orders", 300)), None);
        assert_eq!(m.remove(&TopicPartition::new("orders", 3)), Some(1));
        assert!(m.is_empty() && m.topics.is_empty());
    }
}
