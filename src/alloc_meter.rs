//! The page's allocator, counted: the standard allocator, with a running count of the bytes and
//! allocations live on the thread, so that the rewind history (`history.rs`) bounds its memory
//! by what its copies of the session really hold rather than by a guess per replica.
//!
//! The guess it replaced (2,800 bytes per replica) was twice what the allocator counts for a
//! copy of scenario R natively (1,459 bytes), and the page's 4-byte pointers make it less. With
//! the count, the page keeps twice the checkpoints at R's 2.5 minutes, and a seek replays half as
//! far (issue 26's rewind budget). Counting costs one add per allocation and per free.
//!
//! The counts are the thread's own: the page has one thread, and native tests running side by
//! side do not see each other's allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The standard allocator, counted (installed for the whole program in `lib.rs`).
pub struct Counted;

thread_local! {
    /// (bytes, allocations) live, allocated on this thread less freed on it; wrapping, since a
    /// value can be freed on another thread than its own.
    static LIVE: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

fn count(bytes: isize, allocations: isize) {
    // `try_with`: during a thread's teardown the count is gone; its allocations go uncounted.
    let _ = LIVE.try_with(|c| {
        let (b, n) = c.get();
        c.set((b.wrapping_add_signed(bytes), n.wrapping_add_signed(allocations)));
    });
}

// SAFETY: every call is passed on to `System` unchanged; the counting touches only a
// const-initialised thread-local `Cell` (no allocation, no destructor).
unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System.alloc`'s.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize, 1);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize, 1);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is `System.dealloc`'s.
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize), -1);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is `System.realloc`'s.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize, 0);
        }
        p
    }
}

/// The allocator's own bookkeeping per allocation, besides the bytes asked for: a header and
/// the rounding to its alignment (dlmalloc in the page, glibc's malloc natively: two words).
pub const OVERHEAD_BYTES_PER_ALLOCATION: u64 = 2 * std::mem::size_of::<usize>() as u64;

/// What a piece of work left allocated when it was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retained {
    pub bytes: u64,
    pub allocations: u64,
}

impl Retained {
    /// What the thread held at `to` beyond what it held at `from` (two readings of `live`);
    /// nothing if it held less. The counts wrap (a thread that frees what another made goes
    /// below zero): their difference is read as a signed number.
    pub fn between(from: (usize, usize), to: (usize, usize)) -> Retained {
        let grown = |from: usize, to: usize| u64::try_from(to.wrapping_sub(from) as isize).unwrap_or(0);
        Retained { bytes: grown(from.0, to.0), allocations: grown(from.1, to.1) }
    }

    /// Its memory, the allocator's bookkeeping included.
    pub fn memory_bytes(self) -> u64 {
        self.bytes + self.allocations * OVERHEAD_BYTES_PER_ALLOCATION
    }
}

/// Memory of one `Arc` holding `contents_bytes`: its two counts and the allocator's bookkeeping
/// besides.
pub const fn arc_bytes(contents_bytes: usize) -> u64 {
    (contents_bytes + 2 * std::mem::size_of::<usize>()) as u64 + OVERHEAD_BYTES_PER_ALLOCATION
}

/// Bytes and allocations live on this thread now.
pub fn live() -> (usize, usize) {
    LIVE.try_with(Cell::get).unwrap_or_default()
}

/// Runs `f` and reports what it left allocated (what its result holds, and anything else it
/// kept): none if it freed more than it made.
pub fn retained_by<T>(f: impl FnOnce() -> T) -> (T, Retained) {
    let before = live();
    let out = f();
    (out, Retained::between(before, live()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_result_holds_is_counted_and_temporaries_are_not() {
        let (v, r) = retained_by(|| {
            let scratch = vec![0u8; 10_000];
            drop(scratch);
            let mut kept: Vec<u64> = Vec::with_capacity(100);
            kept.push(1);
            (kept, Box::new(7u32))
        });
        assert_eq!(r, Retained { bytes: 100 * 8 + 4, allocations: 2 });
        assert_eq!(r.memory_bytes(), 804 + 2 * OVERHEAD_BYTES_PER_ALLOCATION);
        let (_, freed) = retained_by(move || drop(v));
        assert_eq!(freed, Retained::default(), "freeing retains nothing");
    }

    #[test]
    fn a_grown_vector_counts_its_new_size() {
        let mut v: Vec<u8> = Vec::with_capacity(16);
        let (_, r) = retained_by(|| v.reserve_exact(1_000));
        assert_eq!(r.allocations, 0);
        assert_eq!(r.bytes, v.capacity() as u64 - 16);
    }

    #[test]
    fn other_threads_do_not_count() {
        let (_, r) = retained_by(|| {
            let h = std::thread::spawn(|| {
                let kept: Vec<u8> = vec![1; 50_000];
                std::mem::forget(kept);
            });
            let _ = h.join();
        });
        // The thread's handle and its result are this thread's; its 50,000 bytes are not.
        assert!(r.bytes < 50_000, "{r:?}");
    }
}
