//! A double-ended queue whose copies share their contents: `clone` copies a list of pointers to
//! fixed-size chunks, and a chunk is copied only when one copy changes it (copy on write).
//!
//! Why: rewinding the page (issue 23) keeps copies of the whole cluster every few simulated
//! seconds. A replica's log held its records in a `VecDeque`, so each copy of scenario R's
//! cluster copied ~450,000 record pointers (13 ms natively, ~3.6 MB); a log in chunks of
//! `CHUNK` records copies ~10 chunk pointers per replica, and a later append copies at most the
//! one chunk it writes to.
//!
//! It reads, compares, hashes and serializes exactly as the `VecDeque` it replaced (length,
//! then each element), so snapshots and the golden snapshot hash are unchanged.
//!
//! Layout: every chunk has `CHUNK` slots; the elements are slots `head..head + len` counted
//! from the first chunk's start; the others are dead (popped) or not yet written. A slot is an
//! `Option` so that a chunk nothing else shares gives its element back on `pop_front` (the
//! record pool reuses it).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Slots per chunk: a power of two, so finding an element is a shift and a mask.
pub const CHUNK: usize = 64;

pub struct CowDeque<T> {
    chunks: VecDeque<Arc<Chunk<T>>>,
    /// Dead slots at the start of the first chunk.
    head: usize,
    len: usize,
    /// The last chunk is known to be this deque's alone, so an append writes it without asking
    /// its `Arc` (`Arc::get_mut` is an atomic compare-and-swap and a read of the chunk's
    /// header: 3 of each per produced record, 4.6% of scenario R natively). Cleared on both
    /// sides by `clone`, set again once the last chunk was checked or copied. Atomic only so
    /// the deque stays `Sync`; relaxed loads and stores are plain moves.
    tail_own: AtomicBool,
}

/// `CHUNK` slots in one allocation with the `Arc`'s counts (an `Arc<Vec<_>>` reached its slots
/// through a second pointer).
type Chunk<T> = [Option<T>; CHUNK];

fn empty_chunk<T>() -> Arc<Chunk<T>> {
    Arc::new(std::array::from_fn(|_| None))
}

impl<T> Default for CowDeque<T> {
    fn default() -> Self {
        CowDeque { chunks: VecDeque::new(), head: 0, len: 0, tail_own: AtomicBool::new(false) }
    }
}

impl<T> Clone for CowDeque<T> {
    fn clone(&self) -> Self {
        self.tail_own.store(false, Ordering::Relaxed);
        CowDeque { chunks: self.chunks.clone(), head: self.head, len: self.len, tail_own: AtomicBool::new(false) }
    }
}

impl<T: Clone> CowDeque<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Memory of one chunk with its `Arc` counts: what an append copies when the last chunk is
    /// shared with a copy of this deque.
    pub const CHUNK_BYTES: u64 = (std::mem::size_of::<Chunk<T>>() + 2 * std::mem::size_of::<usize>()) as u64;

    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        let p = self.head + i;
        self.chunks.get(p / CHUNK)?[p % CHUNK].as_ref()
    }

    pub fn back(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// The last chunk, writable: copied first if another copy of the deque shares it.
    #[inline]
    fn last_mut(&mut self) -> Option<&mut Chunk<T>> {
        let last = self.chunks.back_mut()?;
        if !self.tail_own.load(Ordering::Relaxed) {
            if Arc::get_mut(last).is_none() {
                *last = Arc::new((**last).clone());
            }
            self.tail_own.store(true, Ordering::Relaxed);
        }
        // Unique: checked or copied above, and no clone was taken since (it clears the flag).
        Arc::get_mut(last)
    }

    #[inline]
    pub fn push_back(&mut self, x: T) {
        let end = self.head + self.len;
        if end == self.chunks.len() * CHUNK {
            self.chunks.push_back(empty_chunk());
            self.tail_own.store(true, Ordering::Relaxed);
        }
        if let Some(last) = self.last_mut() {
            last[end % CHUNK] = Some(x);
            self.len += 1;
        }
    }

    pub fn pop_back(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let end = self.head + self.len - 1;
        let x = self.last_mut()?[end % CHUNK].take();
        self.len -= 1;
        if self.len == 0 {
            self.clear();
        } else if end.is_multiple_of(CHUNK) {
            self.chunks.pop_back();
            // The new last chunk has not been checked.
            self.tail_own.store(false, Ordering::Relaxed);
        }
        x
    }

    /// The first element: moved out when no copy shares its chunk, else a clone of it.
    pub fn pop_front(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let head = self.head;
        let first = self.chunks.front_mut()?;
        let x = match Arc::get_mut(first) {
            Some(own) => own[head].take(),
            None => first[head].clone(),
        };
        self.len -= 1;
        self.head += 1;
        if self.len == 0 {
            self.clear();
        } else if self.head == CHUNK {
            self.chunks.pop_front();
            self.head = 0;
        }
        x
    }

    /// Removes the first `n` elements (fewer if shorter), handing each to `f`: moved out of
    /// chunks nothing else shares, cloned from shared ones. One uniqueness check per chunk,
    /// not per element (retention deletes whole segments: a check per record was an atomic
    /// compare-and-swap each).
    pub fn pop_front_n(&mut self, n: usize, mut f: impl FnMut(T)) {
        let mut left = n.min(self.len);
        while left > 0 {
            let head = self.head;
            let take = left.min(CHUNK - head);
            let Some(first) = self.chunks.front_mut() else { break };
            match Arc::get_mut(first) {
                Some(own) => own[head..head + take].iter_mut().filter_map(Option::take).for_each(&mut f),
                None => first[head..head + take].iter().flatten().cloned().for_each(&mut f),
            }
            left -= take;
            self.len -= take;
            self.head += take;
            if self.len == 0 {
                self.clear();
            } else if self.head == CHUNK {
                self.chunks.pop_front();
                self.head = 0;
            }
        }
    }

    pub fn clear(&mut self) {
        self.chunks.clear();
        self.head = 0;
        self.len = 0;
        self.tail_own.store(false, Ordering::Relaxed);
    }

    /// The elements in order.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter { deque: self, front: 0, back: self.len }
    }

    /// The elements with indexes in `range` (clamped to the length).
    pub fn range(&self, range: impl std::ops::RangeBounds<usize>) -> Iter<'_, T> {
        use std::ops::Bound;
        let start = match range.start_bound() {
            Bound::Included(&s) => s,
            Bound::Excluded(&s) => s.saturating_add(1),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(&e) => e.saturating_add(1),
            Bound::Excluded(&e) => e,
            Bound::Unbounded => self.len,
        }
        .min(self.len);
        Iter { deque: self, front: start.min(end), back: end }
    }

    /// The index of the first element for which `pred` is false (the elements must be
    /// partitioned by it, as for `slice::partition_point`).
    pub fn partition_point(&self, mut pred: impl FnMut(&T) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid) {
                Some(x) if pred(x) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }

    /// As `slice::binary_search_by_key` over elements sorted by `f`.
    pub fn binary_search_by_key<K: Ord>(&self, key: &K, mut f: impl FnMut(&T) -> K) -> Result<usize, usize> {
        let i = self.partition_point(|x| f(x) < *key);
        match self.get(i) {
            Some(x) if f(x) == *key => Ok(i),
            _ => Err(i),
        }
    }

    /// Keeps the elements for which `keep` is true, in order (rebuilds every chunk).
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let kept: Vec<T> = self.iter().filter(|x| keep(x)).cloned().collect();
        self.clear();
        for x in kept {
            self.push_back(x);
        }
    }
}

/// The elements with indexes in `front..back`, from either end.
pub struct Iter<'a, T> {
    deque: &'a CowDeque<T>,
    front: usize,
    back: usize,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter { deque: self.deque, front: self.front, back: self.back }
    }
}

impl<'a, T: Clone> Iterator for Iter<'a, T> {
    type Item = &'a T;
    #[inline(always)]
    fn next(&mut self) -> Option<&'a T> {
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        self.deque.get(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl<T: Clone> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.deque.get(self.back)
    }
}

impl<T: Clone> ExactSizeIterator for Iter<'_, T> {}

impl<T: Clone> FromIterator<T> for CowDeque<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut d = CowDeque::new();
        for x in items {
            d.push_back(x);
        }
        d
    }
}

impl<T: Clone + std::fmt::Debug> std::fmt::Debug for CowDeque<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Clone + PartialEq> PartialEq for CowDeque<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Clone + Eq> Eq for CowDeque<T> {}

/// As `VecDeque`'s: the length, then each element.
impl<T: Clone + Hash> Hash for CowDeque<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len);
        for x in self.iter() {
            x.hash(state);
        }
    }
}

impl<T: Clone + Serialize> Serialize for CowDeque<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de, T: Clone + Deserialize<'de>> Deserialize<'de> for CowDeque<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<T>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;
    use crate::snapshot_hash::hash_of;

    /// Random pushes and pops at both ends, a retain now and then, and copies taken along the
    /// way: every copy stays what it was when taken, and the deque always equals a `VecDeque`
    /// given the same operations (elements, hash, serialized form).
    #[test]
    fn behaves_as_a_vec_deque_and_copies_never_change() {
        for seed in 1..=40u64 {
            let mut rng = Rng::new(seed);
            let (mut d, mut v) = (CowDeque::<Arc<u64>>::new(), VecDeque::<Arc<u64>>::new());
            let mut copies: Vec<(CowDeque<Arc<u64>>, Vec<u64>)> = Vec::new();
            for step in 0..3_000u64 {
                match rng.below(10) {
                    0..=4 => {
                        d.push_back(Arc::new(step));
                        v.push_back(Arc::new(step));
                    }
                    5 | 6 => assert_eq!(d.pop_front(), v.pop_front(), "seed {seed} step {step}"),
                    7 => assert_eq!(d.pop_back(), v.pop_back(), "seed {seed} step {step}"),
                    8 if rng.below(3) == 0 => {
                        let n = rng.below(150) as usize;
                        let mut got = Vec::new();
                        d.pop_front_n(n, |x| got.push(x));
                        let want: Vec<_> = (0..n).map_while(|_| v.pop_front()).collect();
                        assert_eq!(got, want, "seed {seed} step {step}: pop_front_n({n})");
                    }
                    8 if rng.below(20) == 0 => {
                        let m = rng.below(3) + 2;
                        d.retain(|x| **x % m != 0);
                        v.retain(|x| **x % m != 0);
                    }
                    _ => copies.push((d.clone(), v.iter().map(|x| **x).collect())),
                }
                assert_eq!(d.len(), v.len());
                let i = rng.below(v.len() as u64 + 1) as usize;
                assert_eq!(d.get(i), v.get(i), "seed {seed} step {step} index {i}");
                assert_eq!(d.get(0), v.front());
                assert_eq!(d.back(), v.back());
            }
            assert!(d.iter().eq(v.iter()));
            assert!(d.iter().rev().eq(v.iter().rev()));
            assert_eq!(hash_of(&d), hash_of(&v), "hashes as a VecDeque");
            assert_eq!(serde_json::to_string(&d).unwrap(), serde_json::to_string(&v).unwrap());
            let back: CowDeque<Arc<u64>> = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
            assert_eq!(back, d);
            for (copy, was) in &copies {
                assert!(copy.iter().map(|x| **x).eq(was.iter().copied()), "seed {seed}: a copy changed");
            }
        }
    }

    #[test]
    fn ranges_and_searches_match_a_slice() {
        let mut d: CowDeque<u32> = (0..500).map(|i| i * 2).collect();
        for _ in 0..70 {
            d.pop_front();
        }
        let v: Vec<u32> = d.iter().copied().collect();
        assert!(d.range(10..20).eq(v[10..20].iter()));
        assert!(d.range(..5).rev().eq(v[..5].iter().rev()));
        assert!(d.range(400..).eq(v[400..].iter()));
        let (from, to) = (9, 3);
        assert_eq!(d.range(from..to).count(), 0);
        assert_eq!(d.range(0..10_000).count(), v.len());
        for key in [0u32, 140, 141, 142, 600, 998, 999, 5_000] {
            assert_eq!(d.binary_search_by_key(&key, |x| *x), v.binary_search(&key), "key {key}");
            assert_eq!(d.partition_point(|x| *x < key), v.partition_point(|x| *x < key));
        }
    }

    /// A copy shares every chunk; an append copies only the last one, and an element popped
    /// from a chunk nothing shares is moved out (unique again, so the record pool can reuse it).
    #[test]
    fn copies_share_chunks_and_unshared_pops_give_the_element_back() {
        let d: CowDeque<Arc<u64>> = (0..(CHUNK as u64 * 4)).map(Arc::new).collect();
        let mut live = d.clone();
        for (a, b) in d.chunks.iter().zip(&live.chunks) {
            assert!(Arc::ptr_eq(a, b));
        }
        live.push_back(Arc::new(999));
        assert!(Arc::ptr_eq(&d.chunks[2], &live.chunks[2]), "full chunks stay shared");
        let shared = live.pop_front().unwrap();
        assert_eq!(Arc::strong_count(&shared), 2, "shared with the copy: a clone");
        drop(d);
        let mut alone: CowDeque<Arc<u64>> = (0..3).map(Arc::new).collect();
        let x = alone.pop_front().unwrap();
        assert_eq!(Arc::strong_count(&x), 1, "moved out");
    }
}
