//! One animation-frame loop for all the work the page defers by frames (staged view updates,
//! log-strip redraws, the debug readout's frame sampling).
//!
//! Each of those used to chain its own `requestAnimationFrame` calls: with 36 log strips that
//! was ~750 callbacks a second, each a fresh wasm-bindgen closure (a JS function object to
//! collect). Measured with tests/site/perf.mjs, the worst frames were V8 major GCs of that
//! garbage. Here one closure, made once, runs every task due in a frame, and a frame is only
//! requested while tasks are waiting.

use std::collections::VecDeque;

/// A task run in a later frame.
pub type FrameTask = Box<dyn FnOnce()>;

/// Furthest frame ahead a task can be queued; later requests run in that frame.
pub const FRAMES_AHEAD_MAX: usize = 16;
/// A frame asked for this long ago and still not run: the page is not being drawn (a tab in
/// the background, a window behind another), and the waiting tasks run without one
/// (`run_if_stalled`), so they do not pile up for as long as it stays so.
pub const FRAME_STALL_MS: f64 = 1_000.0;

/// Tasks by the frame they are due in: `slots[0]` in the next frame.
#[derive(Default)]
pub struct FrameQueue {
    slots: VecDeque<Vec<FrameTask>>,
    /// Emptied task lists kept for reuse (no allocation per frame in steady state).
    spare: Vec<Vec<FrameTask>>,
}

impl FrameQueue {
    /// Queues `task` to run `n` frames from now (0 = the next frame), after the tasks already
    /// queued for that frame.
    pub fn push(&mut self, n: usize, task: FrameTask) {
        let n = n.min(FRAMES_AHEAD_MAX);
        while self.slots.len() <= n {
            let list = self.spare.pop().unwrap_or_default();
            self.slots.push_back(list);
        }
        self.slots[n].push(task);
    }

    /// Takes the tasks due in this frame; the queue then counts from the next frame.
    pub fn take_due(&mut self) -> Vec<FrameTask> {
        self.slots.pop_front().unwrap_or_default()
    }

    /// Gives back a drained task list for reuse.
    pub fn recycle(&mut self, mut list: Vec<FrameTask>) {
        list.clear();
        if self.spare.len() < FRAMES_AHEAD_MAX {
            self.spare.push(list);
        }
    }

    /// True when a frame is needed: some task is waiting.
    pub fn is_waiting(&self) -> bool {
        !self.slots.is_empty()
    }

    /// Takes every waiting task, frame by frame in order (no frame is coming to run them).
    pub fn take_all(&mut self) -> Vec<FrameTask> {
        let mut all = Vec::new();
        while let Some(mut list) = self.slots.pop_front() {
            all.append(&mut list);
            self.recycle(list);
        }
        all
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::{FrameQueue, FrameTask};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsCast;

    #[derive(Default)]
    struct Loop {
        queue: FrameQueue,
        /// When the frame asked for was requested (ms), until it runs.
        requested: Option<f64>,
        /// The longest wait for a frame asked for, since the last `take_longest_wait_ms` (ms).
        longest_wait_ms: f64,
        callback: Option<Closure<dyn FnMut(f64)>>,
    }

    thread_local! {
        static LOOP: RefCell<Loop> = RefCell::new(Loop::default());
    }

    fn request(l: &mut Loop) {
        if l.requested.is_some() || !l.queue.is_waiting() {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        let callback = l.callback.get_or_insert_with(|| Closure::new(|_: f64| run_frame()));
        if window.request_animation_frame(callback.as_ref().unchecked_ref()).is_ok() {
            l.requested = Some(crate::debug::now_ms());
        }
    }

    fn run_frame() {
        let Ok(mut due) = LOOP.try_with(|l| {
            let mut l = l.borrow_mut();
            if let Some(at) = l.requested.take() {
                l.longest_wait_ms = l.longest_wait_ms.max(crate::debug::now_ms() - at);
            }
            l.queue.take_due()
        }) else {
            return;
        };
        // Run without the queue borrowed: tasks queue further tasks.
        for task in due.drain(..) {
            task();
        }
        let _ = LOOP.try_with(|l| {
            let mut l = l.borrow_mut();
            l.queue.recycle(due);
            request(&mut l);
        });
    }

    pub fn push(n: usize, task: FrameTask) {
        let _ = LOOP.try_with(|l| {
            let mut l = l.borrow_mut();
            l.queue.push(n, task);
            request(&mut l);
        });
    }

    /// How long the frame asked for has waited so far, if one is asked for.
    fn waiting_ms(l: &Loop) -> Option<f64> {
        l.requested.map(|at| crate::debug::now_ms() - at)
    }

    pub fn take_longest_wait_ms() -> f64 {
        LOOP.try_with(|l| {
            let mut l = l.borrow_mut();
            let done = std::mem::take(&mut l.longest_wait_ms);
            // A frame still not come counts from its request, across readings.
            waiting_ms(&l).map_or(done, |w| done.max(w))
        })
        .unwrap_or(0.0)
    }

    fn stalled() -> bool {
        LOOP.try_with(|l| waiting_ms(&l.borrow()).is_some_and(|w| w >= super::FRAME_STALL_MS)).unwrap_or(false)
    }

    /// Runs every waiting task now if the frame asked for has not come for `FRAME_STALL_MS`.
    /// The request stays: when frames come back, the next one finds the queue empty.
    pub fn run_if_stalled() {
        if !stalled() {
            return;
        }
        let Ok(tasks) = LOOP.try_with(|l| l.borrow_mut().queue.take_all()) else { return };
        for task in tasks {
            task();
        }
    }
}

/// The longest a frame asked for has waited since the last call, the one still waiting
/// included (ms; 0 natively): up to a frame's length while the page is drawn, more while a long
/// task holds the thread, and without end while the page is not drawn.
pub fn take_longest_wait_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return browser::take_longest_wait_ms();
    #[cfg(not(target_arch = "wasm32"))]
    0.0
}

/// Runs the waiting tasks at once while frames have stalled (`FRAME_STALL_MS`): a page in a
/// background tab keeps its views current and its queue short. Nothing natively.
pub fn run_if_stalled() {
    #[cfg(target_arch = "wasm32")]
    browser::run_if_stalled();
}

/// Runs `f` in the animation frame `n` frames from now (0 = the next one). Natively (the
/// view-model tests) there are no frames and nothing runs.
pub fn after_frames(n: usize, f: impl FnOnce() + 'static) {
    #[cfg(target_arch = "wasm32")]
    browser::push(n, Box::new(f));
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (n, f);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    fn log_task(log: &Rc<RefCell<Vec<&'static str>>>, name: &'static str) -> FrameTask {
        let log = Rc::clone(log);
        Box::new(move || log.borrow_mut().push(name))
    }

    fn run_frame(q: &mut FrameQueue) {
        let mut due = q.take_due();
        for t in due.drain(..) {
            t();
        }
        q.recycle(due);
    }

    #[test]
    fn tasks_run_in_their_frame_in_queue_order() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let mut q = FrameQueue::default();
        assert!(!q.is_waiting());
        q.push(2, log_task(&log, "c"));
        q.push(0, log_task(&log, "a"));
        q.push(0, log_task(&log, "a2"));
        q.push(1, log_task(&log, "b"));
        assert!(q.is_waiting());
        run_frame(&mut q);
        assert_eq!(*log.borrow(), ["a", "a2"]);
        q.push(0, log_task(&log, "b2")); // queued during frame 1: same frame as "b"
        run_frame(&mut q);
        assert_eq!(*log.borrow(), ["a", "a2", "b", "b2"]);
        run_frame(&mut q);
        assert_eq!(*log.borrow(), ["a", "a2", "b", "b2", "c"]);
        assert!(!q.is_waiting(), "no frame is requested once the queue is empty");
    }

    #[test]
    fn far_requests_are_capped_and_lists_are_reused() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let mut q = FrameQueue::default();
        q.push(usize::MAX, log_task(&log, "far"));
        assert_eq!(q.slots.len(), FRAMES_AHEAD_MAX + 1);
        for _ in 0..FRAMES_AHEAD_MAX {
            run_frame(&mut q);
        }
        assert!(log.borrow().is_empty());
        run_frame(&mut q);
        assert_eq!(*log.borrow(), ["far"]);
        assert!(!q.is_waiting());
        assert_eq!(q.spare.len(), FRAMES_AHEAD_MAX, "spare lists are bounded");
        q.push(3, log_task(&log, "again"));
        assert_eq!(q.spare.len(), FRAMES_AHEAD_MAX - 4, "the four new slots reuse spare lists");
    }

    #[test]
    fn with_no_frame_coming_every_task_is_taken_in_frame_order() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let mut q = FrameQueue::default();
        q.push(2, log_task(&log, "c"));
        q.push(0, log_task(&log, "a"));
        q.push(1, log_task(&log, "b"));
        q.push(0, log_task(&log, "a2"));
        for t in q.take_all() {
            t();
        }
        assert_eq!(*log.borrow(), ["a", "a2", "b", "c"]);
        assert!(!q.is_waiting());
        assert_eq!(q.spare.len(), 3, "the lists go back for reuse");
    }
}
