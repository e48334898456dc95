//! State added after the golden snapshot hash was fixed (`engine/tests/golden_hash.txt`): hashed
//! only when used, so a run that never uses it keeps its hash, and a changed hash always means
//! changed behaviour.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

/// Whether a value is its unused default (nothing to hash).
pub trait Unused {
    fn unused(&self) -> bool;
}

impl<T> Unused for Option<T> {
    fn unused(&self) -> bool {
        self.is_none()
    }
}

impl<T> Unused for std::collections::VecDeque<T> {
    fn unused(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> Unused for BTreeMap<K, V> {
    fn unused(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> Unused for crate::vec_map::VecMap<K, V> {
    fn unused(&self) -> bool {
        self.is_empty()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HashedWhenUsed<T>(pub T);

impl<T: Hash + Unused> Hash for HashedWhenUsed<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if !self.0.unused() {
            self.0.hash(state);
        }
    }
}

impl<T> Deref for HashedWhenUsed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for HashedWhenUsed<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot_hash::hash_of;

    #[test]
    fn unused_adds_nothing_to_the_hash() {
        #[derive(Hash)]
        struct Before {
            a: u32,
        }
        #[derive(Hash)]
        struct After {
            a: u32,
            b: HashedWhenUsed<Option<u64>>,
        }
        assert_eq!(hash_of(&Before { a: 7 }), hash_of(&After { a: 7, b: HashedWhenUsed(None) }));
        assert_ne!(hash_of(&Before { a: 7 }), hash_of(&After { a: 7, b: HashedWhenUsed(Some(0)) }));
    }
}
