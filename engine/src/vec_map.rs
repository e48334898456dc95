//! Ordered maps and sets kept as sorted vectors, for the engine's many small maps (a cluster's
//! brokers, a group's members, a producer's in-flight requests, a transaction's partitions).
//!
//! Why not `BTreeMap`: every key and value type a `BTreeMap` is used with instantiates its own
//! copy of the B-tree's code (search, insert with splits, remove with rebalancing, iterators,
//! drop, clone), 3 to 13 KB of wasm each. Across ~50 pairs that was 174 KB of the page's
//! first download (issue 26, measured on the split main module). A sorted `Vec` needs a binary
//! search and a `Vec::insert`/`remove`: a small fraction of that per type, and for maps of
//! tens of entries no slower. Maps that grow with the log (offsets, records) stay B-trees.
//!
//! They iterate, compare, hash and serialize exactly as the `BTreeMap`/`BTreeSet` they replace
//! (in key order; the hash is the length, then each entry), so snapshots, session files and
//! the golden snapshot hash do not change.

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// A map sorted by key, with `BTreeMap`'s API as the engine uses it.
#[derive(Clone, PartialEq, Eq)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap { entries: Vec::new() }
    }
}

impl<K, V> VecMap<K, V> {
    pub const fn new() -> Self {
        VecMap { entries: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter(self.entries.iter())
    }

    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut(self.entries.iter_mut())
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.entries.first().map(|(k, v)| (k, v))
    }

    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.entries.last().map(|(k, v)| (k, v))
    }

    pub fn pop_first(&mut self) -> Option<(K, V)> {
        if self.entries.is_empty() {
            None
        } else {
            Some(self.entries.remove(0))
        }
    }

    /// Keeps the entries `keep` says yes to, visiting them in key order.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K: Ord, V> VecMap<K, V> {
    #[inline(always)]
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        // `slice::binary_search_by`, written out: std's is one function per map type, which the
        // views and commands share with the tick, so in the hosted page's split build every
        // lookup of the tick's would be a call into another module (`cluster::tick_code`).
        // Keys are unique, so the index found is the one std's would find.
        let (mut low, mut high) = (0, self.entries.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.entries[mid].0.borrow().cmp(key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(low)
    }

    #[inline(always)]
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    #[inline(always)]
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        match self.find(key) {
            Ok(i) => Some(&mut self.entries[i].1),
            Err(_) => None,
        }
    }

    #[inline(always)]
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Inserts, returning the value the key had (the key itself is not replaced, as in
    /// `BTreeMap`).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        // Keys often come in order (ids, offsets, a topic's partitions): append without a search.
        if self.entries.last().is_none_or(|(last, _)| *last < key) {
            self.entries.push((key, value));
            return None;
        }
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    pub fn remove_entry<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i))
    }

    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let at = self.find(&key);
        Entry { map: self, at, key }
    }
}

/// A place in a map for one key, found once (`VecMap::entry`).
pub struct Entry<'a, K, V> {
    map: &'a mut VecMap<K, V>,
    at: Result<usize, usize>,
    key: K,
}

impl<'a, K, V> Entry<'a, K, V> {
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let i = match self.at {
            Ok(i) => i,
            Err(i) => {
                self.map.entries.insert(i, (self.key, make()));
                i
            }
        };
        &mut self.map.entries[i].1
    }

    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    pub fn and_modify(self, f: impl FnOnce(&mut V)) -> Self {
        if let Ok(i) = self.at {
            f(&mut self.map.entries[i].1);
        }
        self
    }
}

/// The entries in key order (as `btree_map::Iter`).
#[derive(Clone)]
pub struct Iter<'a, K, V>(std::slice::Iter<'a, (K, V)>);

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

/// The entries in key order, values writable.
pub struct IterMut<'a, K, V>(std::slice::IterMut<'a, (K, V)>);

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (&*k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for IterMut<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (&*k, v))
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut VecMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// Like collecting into a `BTreeMap`: for equal keys the last value wins. Inserts one by one:
/// a `collect()` that sorts first instantiates a whole sort (~5 KB of wasm) per key and value
/// type, and the maps built here are small (members, replicas, topics).
impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut m = VecMap::new();
        m.extend(items);
        m
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for VecMap<K, V> {
    fn from(items: [(K, V); N]) -> Self {
        items.into_iter().collect()
    }
}

impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k, v);
        }
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for VecMap<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry found for key")
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for VecMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// As `BTreeMap`'s: the length, then each key and value.
impl<K: Hash, V: Hash> Hash for VecMap<K, V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.entries.len());
        for (k, v) in &self.entries {
            k.hash(state);
            v.hash(state);
        }
    }
}

impl<K: Serialize, V: Serialize> Serialize for VecMap<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for VecMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = VecMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                Ok(VecMap { entries: sorted_last_wins(entries) })
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Decoded entries in key order, the last of equal keys kept (as a `BTreeMap` built from
/// them). What this engine serialized comes sorted and is only checked; anything else (a
/// lesson file written by hand, or made to be slow) is sorted once, O(n log n), where
/// inserting one by one would move O(n^2) entries.
fn sorted_last_wins<K: Ord, V>(mut entries: Vec<(K, V)>) -> Vec<(K, V)> {
    if entries.windows(2).all(|w| w[0].0 < w[1].0) {
        return entries;
    }
    // Stable: equal keys stay in the order they came.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(K, V)> = Vec::with_capacity(entries.len());
    for e in entries {
        match out.last_mut() {
            Some(last) if last.0 == e.0 => *last = e,
            _ => out.push(e),
        }
    }
    out
}

/// A set kept sorted, with `BTreeSet`'s API as the engine uses it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VecSet<T> {
    map: VecMap<T, ()>,
}

impl<T> Default for VecSet<T> {
    fn default() -> Self {
        VecSet { map: VecMap::new() }
    }
}

impl<T> VecSet<T> {
    pub const fn new() -> Self {
        VecSet { map: VecMap::new() }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn clear(&mut self) {
        self.map.clear();
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.map.keys()
    }

    pub fn first(&self) -> Option<&T> {
        self.map.first_key_value().map(|(k, _)| k)
    }

    pub fn last(&self) -> Option<&T> {
        self.map.last_key_value().map(|(k, _)| k)
    }

    pub fn pop_first(&mut self) -> Option<T> {
        self.map.pop_first().map(|(k, _)| k)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.map.retain(|k, _| keep(k));
    }
}

impl<T: Ord> VecSet<T> {
    /// True when the value was not there yet.
    pub fn insert(&mut self, value: T) -> bool {
        self.map.insert(value, ()).is_none()
    }

    #[inline(always)]
    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.map.contains_key(value)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.map.remove(value).is_some()
    }
}

impl<'a, T> IntoIterator for &'a VecSet<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<Iter<'a, T, ()>, fn((&'a T, &'a ())) -> &'a T>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter().map(|(k, _)| k)
    }
}

impl<T> IntoIterator for VecSet<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<(T, ())>, fn((T, ())) -> T>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.into_iter().map(|(k, _)| k)
    }
}

impl<T: Ord> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut s = VecSet::new();
        s.extend(items);
        s
    }
}

impl<T: Ord> Extend<T> for VecSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for v in items {
            self.insert(v);
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for VecSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for VecSet<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de, T: Ord + Deserialize<'de>> Deserialize<'de> for VecSet<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SeqVisitor<T>(PhantomData<T>);
        impl<'de, T: Ord + Deserialize<'de>> Visitor<'de> for SeqVisitor<T> {
            type Value = VecSet<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(v) = access.next_element()? {
                    entries.push((v, ()));
                }
                Ok(VecSet { map: VecMap { entries: sorted_last_wins(entries) } })
            }
        }
        d.deserialize_seq(SeqVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;
    use crate::snapshot_hash::hash_of;
    use std::collections::{BTreeMap, BTreeSet};

    /// Random inserts, removals, entries, lookups and retains: always equal to a `BTreeMap`
    /// given the same operations (entries in order, hash, serialized form, round trip).
    #[test]
    fn behaves_as_a_btree_map() {
        for seed in 1..=30u64 {
            let mut rng = Rng::new(seed);
            let (mut m, mut b) = (VecMap::<u32, u64>::new(), BTreeMap::<u32, u64>::new());
            for step in 0..2_000u64 {
                let k = rng.below(64) as u32;
                match rng.below(9) {
                    0..=2 => assert_eq!(m.insert(k, step), b.insert(k, step), "seed {seed} step {step}"),
                    3 => assert_eq!(m.remove(&k), b.remove(&k), "seed {seed} step {step}"),
                    4 => {
                        *m.entry(k).or_default() += 1;
                        *b.entry(k).or_default() += 1;
                    }
                    5 => {
                        m.entry(k).and_modify(|v| *v += 3).or_insert(step);
                        b.entry(k).and_modify(|v| *v += 3).or_insert(step);
                    }
                    6 => {
                        m.retain(|key, v| !(*key + *v as u32).is_multiple_of(7));
                        b.retain(|key, v| !(*key + *v as u32).is_multiple_of(7));
                    }
                    7 => assert_eq!(m.pop_first(), b.pop_first(), "seed {seed} step {step}"),
                    _ => {
                        assert_eq!(m.get(&k), b.get(&k));
                        assert_eq!(m.contains_key(&k), b.contains_key(&k));
                    }
                }
                assert!(m.iter().eq(b.iter()), "seed {seed} step {step}");
            }
            assert_eq!(hash_of(&m), hash_of(&b), "seed {seed}");
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, serde_json::to_string(&b).unwrap());
            assert_eq!(serde_json::from_str::<VecMap<u32, u64>>(&json).unwrap(), m);
            let mut rev: Vec<(u32, u64)> = b.clone().into_iter().collect();
            rev.reverse();
            assert!(rev.into_iter().collect::<VecMap<_, _>>().iter().eq(b.iter()), "collected out of order");
        }
    }

    /// A map decoded from outside may come in any order and repeat keys: it decodes as a
    /// `BTreeMap` does (the last of equal keys wins), and a large reversed one in O(n log n).
    #[test]
    fn decodes_unsorted_input_as_a_btree_map_and_in_bounded_time() {
        let json = r#"{"ko":"b","en":"a","ko":"c","de":"d"}"#;
        let m: VecMap<String, String> = serde_json::from_str(json).unwrap();
        let b: BTreeMap<String, String> = serde_json::from_str(json).unwrap();
        assert!(m.iter().eq(b.iter()));
        let s: VecSet<u32> = serde_json::from_str("[5,1,5,3]").unwrap();
        assert!(s.iter().eq([1, 3, 5].iter()));
        let n = 200_000u32;
        let big = format!("{{{}}}", (0..n).rev().map(|i| format!("\"{i:06}\":{i}")).collect::<Vec<_>>().join(","));
        let m: VecMap<String, u32> = serde_json::from_str(&big).unwrap();
        assert_eq!(m.len(), n as usize);
        assert_eq!(m.first_key_value(), Some((&"000000".to_string(), &0)));
    }

    #[test]
    fn string_keys_are_found_by_str() {
        let mut m = VecMap::new();
        m.insert("orders".to_string(), 1);
        m.insert("audit".to_string(), 2);
        assert_eq!(m.get("orders"), Some(&1));
        assert_eq!(m["audit"], 2);
        assert!(m.keys().eq(["audit", "orders"].iter()));
        assert_eq!(m.remove("audit"), Some(2));
        assert!(!m.contains_key("audit"));
    }

    #[test]
    fn set_behaves_as_a_btree_set() {
        let mut rng = Rng::new(7);
        let (mut s, mut b) = (VecSet::<u32>::new(), BTreeSet::<u32>::new());
        for _ in 0..2_000 {
            let v = rng.below(50) as u32;
            match rng.below(3) {
                0 => assert_eq!(s.insert(v), b.insert(v)),
                1 => assert_eq!(s.remove(&v), b.remove(&v)),
                _ => assert_eq!(s.contains(&v), b.contains(&v)),
            }
            assert!(s.iter().eq(b.iter()));
        }
        assert_eq!(hash_of(&s), hash_of(&b));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, serde_json::to_string(&b).unwrap());
        assert_eq!(serde_json::from_str::<VecSet<u32>>(&json).unwrap(), s);
        assert_eq!(s.first(), b.first());
    }
}
