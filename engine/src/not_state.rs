//! A value the engine keeps for speed that is not part of its state: a reusable buffer or a
//! cache. It compares equal, hashes as nothing and is not serialized, so snapshots, snapshot
//! hashes and comparisons of two runs see exactly the state they saw without it.

use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

#[derive(Debug, Clone, Default)]
pub struct NotState<T>(pub T);

impl<T> PartialEq for NotState<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for NotState<T> {}

impl<T> Hash for NotState<T> {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl<T> Deref for NotState<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for NotState<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot_hash::Fnv64;

    #[test]
    fn is_invisible_to_equality_and_hashing() {
        #[derive(PartialEq, Eq, Hash)]
        struct S {
            n: u32,
            cache: NotState<Vec<u8>>,
        }
        let (a, b) = (S { n: 1, cache: NotState(vec![1, 2]) }, S { n: 1, cache: NotState(Vec::new()) });
        assert!(a == b);
        let hash = |s: &S| {
            let mut h = Fnv64::default();
            s.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(hash(&a), hash(&S { n: 2, cache: NotState(Vec::new()) }));
    }
}
