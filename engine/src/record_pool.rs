//! Recycles the allocations of records that retention deleted for the records produced next.
//!
//! Retention deletes whole segments, hundreds of records at once, and the produce path then
//! allocates one record at a time: with glibc's malloc that pattern spends a third of a
//! full-speed step in `_int_malloc`, `_int_free` and chunk coalescing (issue 6's native
//! benchmark). A record whose last replica dropped it is unique (`Arc::get_mut` succeeds), so
//! its allocation can be overwritten in place by the next produced record. Bounded, so a burst
//! of deletions never holds more than `RECORD_POOL_MAX` records' worth of memory; not state
//! (a `NotState` of the cluster): it changes no behaviour, only where records live.

use crate::record::Record;
use std::sync::Arc;

/// Records kept for reuse (about 240 bytes each: 15 MB at most). Retention runs every 5 s
/// (`log.retention.check.interval.ms` here), so at full speed (10,000 records/s) one check
/// deletes ~50,000 records, reused over the next 5 s. Holding them costs no more memory than
/// freeing them: the allocator would keep the same bytes for the same next records.
pub const RECORD_POOL_MAX: usize = 65_536;

#[derive(Debug, Default)]
pub struct RecordPool {
    free: Vec<Arc<Record>>,
}

/// A copy of a cluster starts with an empty pool: sharing the records would make them
/// non-unique for both copies, and copying them would copy up to 15 MB for nothing.
impl Clone for RecordPool {
    fn clone(&self) -> Self {
        RecordPool::default()
    }
}

impl RecordPool {
    /// Keeps `record` for reuse if nothing else holds it and there is room; drops it otherwise.
    pub fn recycle(&mut self, record: Arc<Record>) {
        if self.free.len() < RECORD_POOL_MAX && Arc::strong_count(&record) == 1 && Arc::weak_count(&record) == 0 {
            self.free.push(record);
        }
    }

    /// `record` in a recycled allocation when there is one, else a new one.
    pub fn make(&mut self, record: Record) -> Arc<Record> {
        while let Some(mut shared) = self.free.pop() {
            if let Some(slot) = Arc::get_mut(&mut shared) {
                *slot = record;
                return shared;
            }
        }
        Arc::new(record)
    }

    pub fn len(&self) -> usize {
        self.free.len()
    }

    pub fn is_empty(&self) -> bool {
        self.free.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{LeaderEpoch, Offset, TimeMs};

    fn rec(offset: i64) -> Record {
        Record {
            offset: Offset(offset),
            leader_epoch: LeaderEpoch(0),
            timestamp_ms: TimeMs(0),
            key: Some(Arc::from(&b"k"[..])),
            value: Some(b"v".to_vec().into()),
            headers: vec![],
            record_id: offset as u64,
            size_bytes: 10,
            batch: Default::default(),
            producer: Default::default(),
            sent: Default::default(),
        }
    }

    #[test]
    fn reuses_only_unique_records() {
        let mut pool = RecordPool::default();
        let a = Arc::new(rec(1));
        let held = Arc::clone(&a);
        pool.recycle(a);
        assert!(pool.is_empty(), "a record another replica still holds is not reused");
        let b = Arc::new(rec(2));
        let b_ptr = Arc::as_ptr(&b);
        pool.recycle(b);
        assert_eq!(pool.len(), 1);
        let c = pool.make(rec(3));
        assert_eq!(Arc::as_ptr(&c), b_ptr, "the allocation is reused");
        assert_eq!(*c, rec(3), "with the new record's contents");
        assert_eq!(*held, rec(1));
        assert!(pool.is_empty());
        assert_eq!(*pool.make(rec(4)), rec(4), "an empty pool allocates");
    }

    #[test]
    fn is_bounded() {
        let mut pool = RecordPool::default();
        for i in 0..RECORD_POOL_MAX as i64 + 10 {
            pool.recycle(Arc::new(rec(i)));
        }
        assert_eq!(pool.len(), RECORD_POOL_MAX);
        assert!(pool.clone().is_empty(), "a copy starts empty");
    }
}
