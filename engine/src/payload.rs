//! A record's value bytes, kept inside the record when small or when they are a short head
//! followed by one byte repeated (the load generator's `v<sequence>` padded with dots to 100
//! bytes), and shared (`Arc<[u8]>`) otherwise. A record is shared between replicas as one
//! `Arc<Record>`, so a value kept inside costs no allocation of its own: one allocation per
//! produced record instead of two (issue 6's native benchmark: 1,000,000 records a second, where
//! each allocation per record costs about a quarter of the engine's time).
//!
//! Why the padded form: a checkpoint of the rewind history keeps the records retention has since
//! deleted (issue 23), and at 600 simulated seconds of scenario R they are most of what the
//! history holds. With 118 bytes of room inline every record was 248 bytes natively whatever
//! its value (the load's values are 100); with 30 bytes inline and the padded form, 160.
//!
//! It reads, compares, hashes and serializes as its bytes, exactly like the `Vec<u8>` it
//! replaced: snapshots, their JSON and the golden snapshot hash are unchanged. It has no `Deref`
//! to `[u8]` because the padded form has no slice to lend: `bytes()` writes one out when asked
//! (`Cow`), `with_bytes` on the stack, and `len()` needs neither.

use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Values up to this many bytes are stored inline as they are.
pub const PAYLOAD_INLINE_BYTES_MAX: usize = 30;
/// The longest head of a padded value (bytes before the run of one repeated byte).
pub const PAYLOAD_HEAD_BYTES_MAX: usize = 24;
/// Padded values up to this long are written out on the stack by `with_bytes`.
const STACK_BYTES_MAX: usize = 256;

/// The forms are private: `len`, `head_len` and the slices cut from them are correct by
/// construction, which happens only here (`padded`, `From`).
#[derive(Clone)]
pub struct Payload(Repr);

#[derive(Clone)]
enum Repr {
    /// `bytes[..len]`, `len` ≤ `PAYLOAD_INLINE_BYTES_MAX`.
    Inline {
        len: u8,
        bytes: [u8; PAYLOAD_INLINE_BYTES_MAX],
    },
    /// `head[..head_len]`, then `fill` repeated up to `len` bytes in all; `head_len` ≤
    /// `PAYLOAD_HEAD_BYTES_MAX` and ≤ `len`.
    Padded {
        head_len: u8,
        fill: u8,
        len: u32,
        head: [u8; PAYLOAD_HEAD_BYTES_MAX],
    },
    Shared(Arc<[u8]>),
}

impl Payload {
    /// `head` then `fill` up to `len` bytes (a head longer than `len` is cut to it), in the
    /// smallest form that holds it.
    pub fn padded(head: &[u8], fill: u8, len: usize) -> Payload {
        let head = &head[..head.len().min(len)];
        if len <= PAYLOAD_INLINE_BYTES_MAX {
            let mut bytes = [fill; PAYLOAD_INLINE_BYTES_MAX];
            bytes[..head.len()].copy_from_slice(head);
            return Payload(Repr::Inline { len: len as u8, bytes });
        }
        match u32::try_from(len) {
            Ok(len32) if head.len() <= PAYLOAD_HEAD_BYTES_MAX => {
                let mut bytes = [fill; PAYLOAD_HEAD_BYTES_MAX];
                bytes[..head.len()].copy_from_slice(head);
                Payload(Repr::Padded { head_len: head.len() as u8, fill, len: len32, head: bytes })
            }
            _ => Payload(Repr::Shared(Arc::from(written_out(head, fill, len)))),
        }
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Inline { len, .. } => usize::from(*len),
            Repr::Padded { len, .. } => *len as usize,
            Repr::Shared(b) => b.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes, borrowed where they are stored as they are, written out for a padded value.
    pub fn bytes(&self) -> Cow<'_, [u8]> {
        match &self.0 {
            Repr::Inline { len, bytes } => Cow::Borrowed(&bytes[..usize::from(*len)]),
            Repr::Shared(b) => Cow::Borrowed(b),
            Repr::Padded { head_len, fill, len, head } => Cow::Owned(written_out(&head[..usize::from(*head_len)], *fill, *len as usize)),
        }
    }

    pub fn to_vec(&self) -> Vec<u8> {
        self.bytes().into_owned()
    }

    /// `f` of the bytes, a padded value written out on the stack when short (hashing and
    /// comparing records allocate nothing).
    pub fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match &self.0 {
            Repr::Padded { head_len, fill, len, head } if (*len as usize) <= STACK_BYTES_MAX => {
                let mut stack = [*fill; STACK_BYTES_MAX];
                stack[..usize::from(*head_len)].copy_from_slice(&head[..usize::from(*head_len)]);
                f(&stack[..*len as usize])
            }
            _ => f(&self.bytes()),
        }
    }
}

/// `head` then `fill` up to `len` bytes.
fn written_out(head: &[u8], fill: u8, len: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(len);
    v.extend_from_slice(head);
    v.resize(len, fill);
    v
}

impl From<&[u8]> for Payload {
    fn from(b: &[u8]) -> Self {
        if b.len() <= PAYLOAD_INLINE_BYTES_MAX {
            let mut bytes = [0u8; PAYLOAD_INLINE_BYTES_MAX];
            bytes[..b.len()].copy_from_slice(b);
            return Payload(Repr::Inline { len: b.len() as u8, bytes });
        }
        // Padded when everything after a short head is one byte repeated.
        let fill = b[b.len() - 1];
        let head_len = b.iter().rposition(|x| *x != fill).map_or(0, |i| i + 1);
        if head_len <= PAYLOAD_HEAD_BYTES_MAX && u32::try_from(b.len()).is_ok() {
            return Payload::padded(&b[..head_len], fill, b.len());
        }
        Payload(Repr::Shared(Arc::from(b)))
    }
}

impl From<Vec<u8>> for Payload {
    fn from(b: Vec<u8>) -> Self {
        Payload::from(&b[..])
    }
}

impl From<&str> for Payload {
    fn from(s: &str) -> Self {
        Payload::from(s.as_bytes())
    }
}

impl PartialEq for Payload {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.with_bytes(|a| other.with_bytes(|b| a == b))
    }
}

impl Eq for Payload {}

impl Hash for Payload {
    /// As the byte slice (length, then bytes): the same as a `Vec<u8>` of these bytes.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.with_bytes(|b| b.hash(state));
    }
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_bytes(|b| fmt::Debug::fmt(b, f))
    }
}

impl Serialize for Payload {
    /// As a sequence of its bytes, as serde writes a `[u8]` (`collect_seq`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Padded { head_len, fill, len, head } => {
                let mut seq = serializer.serialize_seq(Some(*len as usize))?;
                for b in &head[..usize::from(*head_len)] {
                    seq.serialize_element(b)?;
                }
                for _ in usize::from(*head_len)..*len as usize {
                    seq.serialize_element(fill)?;
                }
                seq.end()
            }
            _ => self.with_bytes(|b| b.serialize(serializer)),
        }
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
        for n in [0, 1, 20, PAYLOAD_INLINE_BYTES_MAX, PAYLOAD_INLINE_BYTES_MAX + 1, 100, 5_000] {
            let bytes: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
            let p = Payload::from(bytes.clone());
            assert_eq!(&*p.bytes(), &bytes[..], "{n} bytes");
            assert_eq!(p.to_vec(), bytes, "{n} bytes");
            assert_eq!(p.len(), n);
            assert_eq!(matches!(p.0, Repr::Inline { .. }), n <= PAYLOAD_INLINE_BYTES_MAX, "{n} bytes");
            assert_eq!(matches!(p.0, Repr::Shared(_)), n > PAYLOAD_INLINE_BYTES_MAX, "{n} bytes");
            assert_eq!(Payload::from(&bytes[..]), p);
        }
    }

    /// A short head and one byte repeated: kept inside the record whatever its length, and
    /// read, compared, hashed and serialized as the bytes it stands for.
    #[test]
    fn padded_values_are_kept_inside_and_read_as_their_bytes() {
        let cases: &[(&[u8], u8, usize)] = &[
            (b"v12345", b'.', 100),
            (b"", b'x', 31),
            (b"v1", b'.', 300),
            (b"v1", b'.', 5_000),
            (&[b'h'; PAYLOAD_HEAD_BYTES_MAX], 0, 64),
            (b"v123", b'.', 3),
            (b"v123", b'.', 0),
        ];
        for &(head, fill, n) in cases {
            let mut bytes = head[..head.len().min(n)].to_vec();
            bytes.resize(n, fill);
            let p = Payload::padded(head, fill, n);
            assert_eq!(p.to_vec(), bytes, "{head:?} {n}");
            assert_eq!(&*p.bytes(), &bytes[..]);
            assert_eq!(p.len(), n);
            assert!(p.with_bytes(|b| b == &bytes[..]));
            assert_eq!(matches!(p.0, Repr::Padded { .. }), n > PAYLOAD_INLINE_BYTES_MAX, "{head:?} {n}");
            // The same bytes given as a slice find the same form, and the forms are equal.
            let q = Payload::from(&bytes[..]);
            assert_eq!(std::mem::discriminant(&p.0), std::mem::discriminant(&q.0), "{head:?} {n}");
            assert_eq!(p, q);
            assert_eq!(p, Payload(Repr::Shared(Arc::from(&bytes[..]))));
            assert_eq!(hash_of(&p), hash_of(&bytes));
            assert_eq!(serde_json::to_string(&p).unwrap(), serde_json::to_string(&bytes).unwrap());
            assert_eq!(serde_json::from_str::<Payload>(&serde_json::to_string(&p).unwrap()).unwrap(), p);
            assert_eq!(format!("{p:?}"), format!("{bytes:?}"));
        }
        // One byte off the run, or a head past the longest kept, is shared.
        let mut odd = b"v1".to_vec();
        odd.resize(100, b'.');
        odd[60] = b'!';
        assert!(matches!(Payload::from(&odd[..]).0, Repr::Shared(_)));
        let long_head: Vec<u8> = (0..PAYLOAD_HEAD_BYTES_MAX as u8 + 1).chain([0; 40]).collect();
        assert!(matches!(Payload::from(&long_head[..]).0, Repr::Shared(_)));
        assert_ne!(Payload::padded(b"v1", b'.', 100), Payload::padded(b"v2", b'.', 100));
        assert_ne!(Payload::padded(b"v1", b'.', 100), Payload::padded(b"v1", b'.', 101));
    }

    /// What the form is for: a record no longer holds 118 bytes of room for every value.
    #[test]
    fn a_payload_is_four_words() {
        assert!(std::mem::size_of::<Payload>() <= 32, "{}", std::mem::size_of::<Payload>());
    }

    #[test]
    fn reads_compares_hashes_and_serializes_like_a_vec() {
        let bytes = b"hello".to_vec();
        let small = Payload::from(&bytes[..]);
        let shared = Payload(Repr::Shared(Arc::from(&bytes[..])));
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
