//! A record's value bytes, kept inside the record when small (most are: the load generator's
//! are 100 bytes) and shared (`Arc<[u8]>`) when large. A record is shared between replicas as
//! one `Arc<Record>`, so a small value costs no allocation of its own: one allocation per
//! produced record instead of two (issue 6's native benchmark: 1,000,000 records a second, where
//! each allocation per record costs about a quarter of the engine's time).
//!
//! It reads, compares, hashes and serializes as its bytes, exactly like the `Vec<u8>` it
//! replaced: snapshots, their JSON and the golden snapshot hash are unchanged.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// Values up to this many bytes are stored inline.
pub const PAYLOAD_INLINE_BYTES_MAX: usize = 118;

#[derive(Clone)]
pub enum Payload {
    Inline { len: u8, bytes: [u8; PAYLOAD_INLINE_BYTES_MAX] },
    Shared(Arc<[u8]>),
}

impl Deref for Payload {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Payload::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Payload::Shared(b) => b,
        }
    }
}

impl From<&[u8]> for Payload {
    fn from(b: &[u8]) -> Self {
        if b.len() <= PAYLOAD_INLINE_BYTES_MAX {
            let mut bytes = [0u8; PAYLOAD_INLINE_BYTES_MAX];
            bytes[..b.len()].copy_from_slice(b);
            Payload::Inline { len: b.len() as u8, bytes }
        } else {
            Payload::Shared(Arc::from(b))
        }
    }
}

impl From<Vec<u8>> for Payload {
    fn from(b: Vec<u8>) -> Self {
        if b.len() <= PAYLOAD_INLINE_BYTES_MAX {
            Payload::from(&b[..])
        } else {
            Payload::Shared(Arc::from(b))
        }
    }
}

impl From<&str> for Payload {
    fn from(s: &str) -> Self {
        Payload::from(s.as_bytes())
    }
}

impl PartialEq for Payload {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Payload {}

impl Hash for Payload {
    /// As the byte slice (length, then bytes): the same as a `Vec<u8>` of these bytes.
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl Serialize for Payload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Payload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u8>::deserialize(deserializer).map(Payload::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot_hash::Fnv64;

    fn hash_of<T: Hash + ?Sized>(v: &T) -> u64 {
        let mut h = Fnv64::default();
        v.hash(&mut h);
        h.finish()
    }

    #[test]
    fn small_values_are_inline_and_large_ones_shared() {
        for n in [0, 1, 100, PAYLOAD_INLINE_BYTES_MAX, PAYLOAD_INLINE_BYTES_MAX + 1, 5_000] {
            let bytes: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
            let p = Payload::from(bytes.clone());
            assert_eq!(&*p, &bytes[..], "{n} bytes");
            assert_eq!(matches!(p, Payload::Inline { .. }), n <= PAYLOAD_INLINE_BYTES_MAX, "{n} bytes");
            assert_eq!(Payload::from(&bytes[..]), p);
        }
    }

    #[test]
    fn reads_compares_hashes_and_serializes_like_a_vec() {
        let bytes = b"hello".to_vec();
        let small = Payload::from(&bytes[..]);
        let shared = Payload::Shared(Arc::from(&bytes[..]));
        assert_eq!(small, shared, "equal across representations");
        assert_eq!(hash_of(&small), hash_of(&bytes));
        assert_eq!(hash_of(&shared), hash_of(&bytes));
        assert_ne!(small, Payload::from("hellO"));
        let json = serde_json::to_string(&small).unwrap();
        assert_eq!(json, serde_json::to_string(&bytes).unwrap());
        assert_eq!(serde_json::from_str::<Payload>(&json).unwrap(), small);
        let big = vec![7u8; 300];
        let json = serde_json::to_string(&Payload::from(big.clone())).unwrap();
        assert_eq!(json, serde_json::to_string(&big).unwrap());
        assert_eq!(format!("{small:?}"), format!("{bytes:?}"));
    }
}
