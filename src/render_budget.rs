//! How often a tick re-renders the page (issue 26). Simulated time always advances by every
//! tick; the page's views follow every tick while the main thread has room, and every 2nd, 3rd
//! ... tick while it is saturated, so a slow laptop keeps pace with simulated time and stays
//! answerable instead of queueing frames. A learner's click or key is not a tick: `Commands`
//! re-renders at once, whatever this says.
//!
//! What is measured is the main thread's idle time (`IdleMeter`: the browser's idle periods,
//! `requestIdleCallback`), so everything the views cost counts: our effects, and the browser's
//! style, layout, paint and garbage collection, which a timer around our own code would miss.
//! Each second decides, from two readings of the idle periods:
//! - the busy share: the time not idle;
//! - the full share: the 60-Hz frame slots with no idle millisecond in them (`IdleSum::slots`),
//!   the frames that ran long. The budget the page answers to is per frame (p95 of the work in a
//!   16.7-ms slot), and the busy share alone did not see it: R with its group at 4× CPU read
//!   50-65 % busy while 16-30 % of its slots were full (Chromium's trace, `perf.mjs`), so the
//!   page drew every tick. Drawn every 2nd to 4th tick, the same page filled 4-13 %.
//!
//! Above `FULL_HIGH` the page renders half as often, above `BUSY_HIGH` one step less often,
//! down to one tick in `RENDER_EVERY_SLOW`; past that, a page whose frames are still full above
//! the budget's own share (`FULL_BUDGET`) renders one tick in `RENDER_EVERY_MAX`;
//! below both `BUSY_LOW` and `FULL_LOW` more often again, one step at a time. Whether the step back fits is only known by
//! taking it: a step back that fills the frames again within `RETURN_TRIAL_WINDOWS` doubles the
//! calm windows the next one waits for (`RETURN_HOLD_MAX` at most), so a page at the edge does
//! not swing between the two every other second; a step back that holds resets the wait.

/// Busy share of the main thread above which fewer ticks render.
pub const BUSY_HIGH: f64 = 0.8;
/// Busy share at which the main thread is saturated (the share stops at 1: how far past its
/// room it is cannot be read).
pub const BUSY_SATURATED: f64 = 0.95;
/// A window that is saturated this long already is read at once, so a page that slows down
/// (4× CPU switched on; a laptop on battery) renders less within a quarter second instead of a
/// second: at 4× CPU, R rendering every tick took three 1-s windows of frames over 50 ms to
/// settle on one tick in three or four.
pub const WINDOW_SATURATED_MS: f64 = 250.0;
/// Busy share under which more ticks render again.
pub const BUSY_LOW: f64 = 0.5;
/// Share of frame slots without an idle millisecond above which fewer ticks render. The
/// meter reads 0-2 % for R at 1× and 7-16 % where the trace counts 4-13 %: it counts a little
/// more than the trace, whose slots are not aligned with the frames.
pub const FULL_HIGH: f64 = 0.1;
/// Share of full frame slots at which a window is read after `WINDOW_SATURATED_MS`.
pub const FULL_STEEP: f64 = 0.2;
/// Share of full frame slots under which more ticks may render again.
pub const FULL_LOW: f64 = 0.03;
/// A step back to more renders that fills the frames within this many windows failed.
pub const RETURN_TRIAL_WINDOWS: u32 = 4;
/// Most calm windows a step back waits for after failed ones.
pub const RETURN_HOLD_MAX: u32 = 16;
/// Halving the renders stops here (one a second at 1×): past it, only frames still full above
/// `FULL_BUDGET` take the page to `RENDER_EVERY_MAX`.
pub const RENDER_EVERY_SLOW: u32 = 10;
/// The share of full frame slots that the page's budget allows: its p95 of a slot's work under
/// 16 ms leaves fewer than 5 % of the slots full. A page already drawing one tick in
/// `RENDER_EVERY_SLOW` that still fills more renders one tick in `RENDER_EVERY_MAX`. R with its
/// group at 4× CPU, one tick in ten: 4.5-7.8 % of slots full (the trace, `perf.mjs 30 4`, a
/// run of pairs); forced to one in twenty: 3.3 / 4.7 / 5.2 %, p95 12.4 / 14.7 / 16.2 ms. Each
/// drawn tick fills about four slots there, whatever else it does (docs/performance-history.md,
/// run 25).
pub const FULL_BUDGET: f64 = 0.05;
/// Never fewer renders than one per this many ticks: the clock and the cards still move every
/// two seconds at 1×.
pub const RENDER_EVERY_MAX: u32 = 20;
/// A frame that waits this long marks a page the browser is not drawing (ms).
pub const WINDOW_FRAME_WAIT_MAX_MS: f64 = 100.0;
/// How long a measurement window lasts (wall ms).
pub const WINDOW_MS: f64 = 1_000.0;
/// Shortest idle period that the work left for idle moments may use (`idle_meter::set_work`):
/// a checkpoint of scenario R is ~1 ms natively, a few ms in wasm at 4x CPU; a shorter period
/// means a frame is due soon.
pub const IDLE_WORK_MIN_MS: f64 = 6.0;

/// The share of a window's frame slots with no idle time, when `idle_slots` had some. A slot
/// the window only touches counts as one it holds, so a window of idle slots never reads as full.
fn full_share(idle_slots: u32, window_ms: f64) -> f64 {
    if !window_ms.is_finite() || window_ms <= 0.0 {
        return 0.0;
    }
    let slots = (window_ms / SLOT_MS).ceil().max(1.0);
    (1.0 - f64::from(idle_slots) / slots).clamp(0.0, 1.0)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderBudget {
    /// Render one tick in this many.
    every: u32,
    /// Ticks since the last rendered one.
    skipped: u32,
    /// The last window's busy share (for the readout).
    busy: f64,
    /// The last window's share of full frame slots (for the readout).
    full: f64,
    /// Calm windows in a row (room to render more).
    calm: u32,
    /// Calm windows the next step back waits for.
    hold: u32,
    /// Windows since the last step back, while it is on trial.
    trial: Option<u32>,
}

impl Default for RenderBudget {
    fn default() -> Self {
        RenderBudget { every: 1, skipped: 0, busy: 0.0, full: 0.0, calm: 0, hold: 1, trial: None }
    }
}

impl RenderBudget {
    /// Whether this tick renders (called once per tick).
    pub fn tick(&mut self) -> bool {
        self.skipped += 1;
        if self.skipped >= self.every {
            self.skipped = 0;
            true
        } else {
            false
        }
    }

    /// One tick in how many renders now.
    pub fn every(&self) -> u32 {
        self.every
    }

    /// Whether a window says anything about the views' cost: not if a frame asked for in it
    /// waited `WINDOW_FRAME_WAIT_MAX_MS` or more (`longest_wait_ms`). Then the page was not being
    /// drawn (a background tab, a window behind another): the browser gave it no frames and no
    /// idle periods, which read as 100 % busy and full, and a page back in front drew one tick
    /// in ten until the budget had stepped back, one window at a time (~10 s). A drawn page's
    /// frame comes within a frame's length, or after the task that holds the thread (no task is
    /// to last 50 ms).
    pub fn window_drawn(longest_wait_ms: f64) -> bool {
        !longest_wait_ms.is_finite() || longest_wait_ms < WINDOW_FRAME_WAIT_MAX_MS
    }

    /// The last window's busy share of the main thread, 0 to 1.
    pub fn busy(&self) -> f64 {
        self.busy
    }

    /// Whether the window under way, `window_ms` long with `idle_ms` idle so far and idle time
    /// in `idle_slots` of its frame slots, is to be read now: its full length (`length_ms`,
    /// from `window_length_ms`; never under `WINDOW_MS`) has passed, or it
    /// has been saturated for `WINDOW_SATURATED_MS` (busy, or its frames full at `FULL_STEEP`).
    pub fn window_done(idle_ms: f64, idle_slots: u32, window_ms: f64, length_ms: f64) -> bool {
        if window_ms >= length_ms.max(WINDOW_MS) {
            return true;
        }
        let busy = idle_ms.is_finite() && idle_ms <= (1.0 - BUSY_SATURATED) * window_ms;
        window_ms >= WINDOW_SATURATED_MS && (busy || full_share(idle_slots, window_ms) >= FULL_STEEP)
    }

    /// How long a window runs before it is read (unless saturated), with ticks `tick_ms` apart:
    /// a second, or as many ticks as the page renders one in, so that every window holds a
    /// drawn tick. At one tick in twenty a 1-s window would hold none every other second, and
    /// read as calm what only skipped the drawing.
    pub fn window_length_ms(&self, tick_ms: f64) -> f64 {
        let ticks = f64::from(self.every) * tick_ms;
        if ticks.is_finite() {
            ticks.max(WINDOW_MS)
        } else {
            WINDOW_MS
        }
    }

    /// The last window's share of frame slots without idle time, 0 to 1.
    pub fn full(&self) -> f64 {
        self.full
    }

    /// Learns from a window of `window_ms` wall time in which the main thread was idle for
    /// `idle_ms`, with idle time in `idle_slots` of its frame slots.
    pub fn record(&mut self, idle_ms: f64, window_ms: f64, idle_slots: u32) {
        if !idle_ms.is_finite() || !window_ms.is_finite() || idle_ms < 0.0 || window_ms <= 0.0 {
            return;
        }
        self.busy = (1.0 - idle_ms / window_ms).clamp(0.0, 1.0);
        self.full = full_share(idle_slots, window_ms);
        if let Some(n) = self.trial.as_mut() {
            *n += 1;
        }
        let slow = self.every >= RENDER_EVERY_SLOW;
        if self.busy > BUSY_HIGH || self.full > FULL_HIGH || (slow && self.full > FULL_BUDGET) {
            if self.trial.is_some_and(|n| n <= RETURN_TRIAL_WINDOWS) {
                self.hold = (self.hold * 2).min(RETURN_HOLD_MAX);
            }
            self.trial = None;
            self.calm = 0;
            // Frames running long: half the renders (every tick drawn at 4x CPU fills a fifth
            // to a third of the frames; one step a second took ~8 s to settle at one in ten).
            // Only busy: one step. Halving stops at `RENDER_EVERY_SLOW`; from there, one step
            // to `RENDER_EVERY_MAX`.
            let next = if slow {
                RENDER_EVERY_MAX
            } else if self.full > FULL_HIGH {
                (self.every * 2).min(RENDER_EVERY_SLOW)
            } else {
                self.every + 1
            };
            self.every = next.min(RENDER_EVERY_MAX);
            return;
        }
        if self.trial.is_some_and(|n| n > RETURN_TRIAL_WINDOWS) {
            self.trial = None;
            self.hold = 1;
        }
        if self.busy < BUSY_LOW && self.full < FULL_LOW && self.every > 1 {
            self.calm += 1;
            if self.calm >= self.hold {
                self.calm = 0;
                self.every -= 1;
                self.trial = Some(0);
            }
        } else {
            self.calm = 0;
        }
    }
}

/// Idle time from the browser's idle periods, each counted from its start until the deadline
/// `IdleDeadline.timeRemaining()` offered, or until the next period (or the reading) begins,
/// whichever comes first. An offered deadline is a forecast, not what happened: with no frame
/// pending Chromium offers up to 50 ms, then a timer or a frame cuts the period short and a new
/// one begins. Summed as offered, the periods overlapped: R at 1x (?bench=R, headless Chromium)
/// read 1,244-1,344 ms of idle time per wall second, so the readout said "0% busy"; capped, the
/// same seconds read 806-827 ms (~19 % busy, beside a frame-work p50 of ~4 of 16.7 ms). At 4x
/// CPU the periods rarely overlap, and the two sums agree within 5 %.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IdleSum {
    /// The period under way: when it began and the time it offered (ms).
    open: Option<(f64, f64)>,
    /// Idle time of the periods closed since the last `take` (ms).
    closed_ms: f64,
    /// Frame slots (`SLOT_MS` of the page's clock) with at least `SLOT_IDLE_MIN_MS` of idle
    /// time in them, since the last `take`.
    slots: u32,
    /// The last slot counted, so that a slot two periods share counts once.
    last_slot: i64,
}

impl Default for IdleSum {
    fn default() -> Self {
        IdleSum::NEW
    }
}

/// A frame slot at 60 Hz (ms), as Chromium's trace counts them in `tests/site/frames.mjs`.
pub const SLOT_MS: f64 = 1_000.0 / 60.0;
/// Idle time within a slot that makes it a slot with room: the p95 budget at 4× CPU (16 ms of
/// work in a 16.7-ms slot) needs at least 0.7 ms of it.
pub const SLOT_IDLE_MIN_MS: f64 = 1.0;

impl IdleSum {
    pub const NEW: IdleSum = IdleSum { open: None, closed_ms: 0.0, slots: 0, last_slot: i64::MIN };

    /// An idle period begins at `now_ms`, offering `remaining_ms`; the one before it ends.
    pub fn begin(&mut self, now_ms: f64, remaining_ms: f64) {
        self.close(now_ms);
        if now_ms.is_finite() && remaining_ms.is_finite() {
            self.open = Some((now_ms, remaining_ms.max(0.0)));
        }
    }

    /// The idle time since the last `take`, as `take` would read it at `now_ms`, without
    /// ending anything.
    pub fn peek(&self, now_ms: f64) -> (f64, u32) {
        let mut copy = *self;
        copy.take(now_ms)
    }

    /// The idle time since the last call, read at `now_ms` (the period under way ends: the
    /// reader is a task, so the thread is not idle now), and the frame slots with room in it.
    pub fn take(&mut self, now_ms: f64) -> (f64, u32) {
        self.close(now_ms);
        (std::mem::take(&mut self.closed_ms), std::mem::take(&mut self.slots))
    }

    /// Counts the slots the idle time from `start` to `end` (ms) gives room in. A period is
    /// at most Chromium's 50 ms, four slots; the loop is bounded by that, not by the clock.
    fn count_slots(&mut self, start: f64, end: f64) {
        if !(start.is_finite() && end.is_finite() && start >= 0.0) || end - start < SLOT_IDLE_MIN_MS {
            return;
        }
        let first = (start / SLOT_MS).floor() as i64;
        let last = (end / SLOT_MS).floor() as i64;
        for k in first.max(self.last_slot.saturating_add(1))..=last.min(first.saturating_add(8)) {
            let room = end.min((k + 1) as f64 * SLOT_MS) - start.max(k as f64 * SLOT_MS);
            if room >= SLOT_IDLE_MIN_MS {
                self.slots += 1;
                self.last_slot = k;
            }
        }
    }

    fn close(&mut self, now_ms: f64) {
        if let Some((start, offered)) = self.open.take() {
            let lasted = now_ms - start;
            if lasted.is_finite() {
                let idle = offered.min(lasted).max(0.0);
                self.closed_ms += idle;
                self.count_slots(start, start + idle);
            }
        }
    }
}

/// The main thread's idle time (`IdleSum`) from the browser's idle periods. A callback asks
/// for the next period at once, so the meter runs as long as the page does, at one cheap
/// callback per idle period.
#[cfg(target_arch = "wasm32")]
pub mod idle_meter {
    use super::IdleSum;
    use crate::debug::now_ms;
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsCast;

    thread_local! {
        static IDLE: Cell<IdleSum> = const { Cell::new(IdleSum::NEW) };
        static CALLBACK: RefCell<Option<Closure<dyn FnMut(web_sys::IdleDeadline)>>> = const { RefCell::new(None) };
        static WORK: RefCell<Option<Box<dyn FnMut()>>> = const { RefCell::new(None) };
    }

    /// Work left for idle moments (`set_work`), one unit of it per idle period that offers at
    /// least `IDLE_WORK_MIN_MS`; the idle time counted begins after it, so it counts as busy.
    pub fn set_work(work: Box<dyn FnMut()>) {
        WORK.with(|w| *w.borrow_mut() = Some(work));
    }

    fn run_work() {
        // Taken out while it runs (no borrow is held across it); work set from inside it stays.
        let Some(mut work) = WORK.with(|w| w.borrow_mut().take()) else { return };
        work();
        WORK.with(|w| {
            let mut w = w.borrow_mut();
            if w.is_none() {
                *w = Some(work);
            }
        });
    }

    fn request() {
        let Some(window) = web_sys::window() else { return };
        CALLBACK.with(|c| {
            let mut c = c.borrow_mut();
            let callback = c.get_or_insert_with(|| {
                Closure::new(|d: web_sys::IdleDeadline| {
                    if d.time_remaining() >= super::IDLE_WORK_MIN_MS {
                        run_work();
                    }
                    let remaining = d.time_remaining();
                    IDLE.with(|i| {
                        let mut sum = i.get();
                        sum.begin(now_ms(), remaining);
                        i.set(sum);
                    });
                    request();
                })
            });
            let _ = window.request_idle_callback(callback.as_ref().unchecked_ref());
        });
    }

    /// Starts measuring (once; later calls do nothing).
    pub fn start() {
        if CALLBACK.with(|c| c.borrow().is_none()) {
            request();
        }
    }

    /// The idle time and the frame slots with room since the last `take`, so far.
    pub fn peek() -> (f64, u32) {
        IDLE.with(|i| i.get().peek(now_ms()))
    }

    /// The idle time since the last call, and the frame slots with room in it.
    pub fn take() -> (f64, u32) {
        IDLE.with(|i| {
            let mut sum = i.get();
            let idle = sum.take(now_ms());
            i.set(sum);
            idle
        })
    }
}

/// Natively (the view-model tests) there is no browser: no idle time is ever measured.
#[cfg(not(target_arch = "wasm32"))]
pub mod idle_meter {
    pub fn start() {}
    pub fn set_work(_: Box<dyn FnMut()>) {}
    pub fn peek() -> (f64, u32) {
        (0.0, 0)
    }
    pub fn take() -> (f64, u32) {
        (0.0, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renders(b: &mut RenderBudget, ticks: u32) -> u32 {
        (0..ticks).filter(|_| b.tick()).count() as u32
    }

    #[test]
    fn with_room_every_tick_renders() {
        let mut b = RenderBudget::default();
        assert_eq!(renders(&mut b, 10), 10, "unmeasured: every tick");
        for _ in 0..20 {
            b.record(600.0, 1_000.0, 60);
        }
        assert_eq!((b.every(), renders(&mut b, 10)), (1, 10));
        assert!((b.busy() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn a_saturated_thread_renders_fewer_ticks_and_comes_back_when_there_is_room() {
        let mut b = RenderBudget::default();
        b.record(50.0, 1_000.0, 3);
        assert_eq!(b.every(), 2, "95% busy: one tick in two");
        assert_eq!(renders(&mut b, 30), 15);
        for _ in 0..30 {
            b.record(0.0, 1_000.0, 0);
        }
        assert_eq!(b.every(), RENDER_EVERY_MAX, "capped: still one render every two seconds at 1x");
        // Between the two thresholds it stays where it is (no flapping).
        for _ in 0..20 {
            b.record(350.0, 1_000.0, 60);
        }
        assert_eq!(b.every(), RENDER_EVERY_MAX);
        // Room again: back one step per window, to every tick.
        let mut steps = vec![b.every()];
        for _ in 0..20 {
            b.record(700.0, 1_000.0, 60);
            steps.push(b.every());
        }
        assert_eq!(b.every(), 1);
        assert!(steps.windows(2).all(|w| w[0] == w[1] || w[1] + 1 == w[0]), "{steps:?}");
    }

    #[test]
    fn a_saturated_window_is_read_after_a_quarter_second_and_a_busy_one_after_a_second() {
        assert!(!RenderBudget::window_done(0.0, 0, 200.0, WINDOW_MS), "too short to say");
        assert!(RenderBudget::window_done(10.0, 15, 250.0, WINDOW_MS), "96% busy for 250 ms");
        assert!(!RenderBudget::window_done(50.0, 30, 500.0, WINDOW_MS), "90% busy: wait for the whole window");
        assert!(RenderBudget::window_done(500.0, 60, 1_000.0, WINDOW_MS));
        assert!(!RenderBudget::window_done(f64::NAN, 30, 500.0, WINDOW_MS));
        // Half idle, but 4 of 15 frames full: read at once.
        assert!(RenderBudget::window_done(125.0, 11, 250.0, WINDOW_MS));
        assert!(!RenderBudget::window_done(125.0, 13, 250.0, WINDOW_MS), "2 of 15 full: wait for the window");
        // Read early, a saturated page steps four times a second instead of once, and halves
        // its renders each time (every frame full).
        let mut b = RenderBudget::default();
        for _ in 0..3 {
            if RenderBudget::window_done(0.0, 0, 250.0, WINDOW_MS) {
                b.record(0.0, 250.0, 0);
            }
        }
        assert_eq!(b.every(), 8);
        // Saturated by the busy share alone, with room in every frame: one step at a time.
        let mut b = RenderBudget::default();
        for _ in 0..3 {
            b.record(0.0, 250.0, 15);
        }
        assert_eq!(b.every(), 4);
    }

    #[test]
    fn a_window_spent_waiting_for_frames_that_did_not_come_says_nothing() {
        assert!(RenderBudget::window_drawn(0.0), "nothing asked for: the idle time still counts");
        assert!(RenderBudget::window_drawn(16.7), "a frame's length");
        assert!(RenderBudget::window_drawn(45.0), "behind a long-ish task at 4x CPU");
        assert!(!RenderBudget::window_drawn(WINDOW_FRAME_WAIT_MAX_MS), "no frame came: not drawn");
        assert!(!RenderBudget::window_drawn(30_000.0));
        assert!(RenderBudget::window_drawn(f64::NAN), "a nonsense reading is not evidence");
    }

    #[test]
    fn peeking_at_the_idle_time_changes_nothing() {
        let mut idle = IdleSum::default();
        idle.begin(0.0, 48.0);
        assert_eq!(idle.peek(10.0), (10.0, 1));
        assert_eq!(idle.peek(60.0), (48.0, 3), "never more than offered");
        assert_eq!(idle.take(20.0).0, 20.0, "the period was still open");
    }

    #[test]
    fn an_idle_period_counts_until_its_deadline_or_until_the_next_one_begins() {
        let mut idle = IdleSum::default();
        // Offered 48 ms, cut short after 10 by a frame; the next offered 5 and used them.
        idle.begin(0.0, 48.0);
        idle.begin(10.0, 5.0);
        idle.begin(30.0, 50.0);
        assert_eq!(idle.take(40.0).0, 10.0 + 5.0 + 10.0, "the reading ends the period under way");
        assert_eq!(idle.take(90.0).0, 0.0, "and it is not counted twice");
        idle.begin(100.0, 20.0);
        assert_eq!(idle.take(200.0).0, 20.0, "never more than offered");
        // Summed as offered, the periods above would have read 48 + 5 + 50 = 103 ms in 40.
        idle.begin(f64::NAN, 10.0);
        idle.begin(300.0, f64::INFINITY);
        idle.begin(310.0, -3.0);
        assert_eq!(idle.take(320.0).0, 0.0, "nonsense deadlines count nothing");
    }

    #[test]
    fn nonsense_timings_are_ignored() {
        let mut b = RenderBudget::default();
        for (idle, window) in [(f64::NAN, 1_000.0), (-1.0, 1_000.0), (10.0, 0.0), (10.0, f64::INFINITY)] {
            b.record(idle, window, 0);
        }
        assert_eq!((b.every(), b.busy()), (1, 0.0));
        b.record(5_000.0, 1_000.0, 60);
        assert_eq!((b.every(), b.busy()), (1, 0.0), "more idle than wall time clamps to 0 busy");
        b.record(500.0, 1_000.0, 600);
        assert_eq!((b.every(), b.full()), (1, 0.0), "more slots with room than the window holds: none full");
    }

    /// Windows of a second: `busy` share of the thread and `full` slots of 60.
    fn window(b: &mut RenderBudget, busy: f64, full: u32) {
        b.record(1_000.0 * (1.0 - busy), 1_000.0, 60 - full);
    }

    #[test]
    fn frames_without_room_render_fewer_ticks_though_the_thread_is_half_idle() {
        // R with its group at 4x CPU: ~55 % busy by the idle periods, 16-30 % of frames full.
        let mut b = RenderBudget::default();
        window(&mut b, 0.55, 12);
        assert_eq!(b.every(), 2);
        assert!((b.full() - 0.2).abs() < 1e-9);
        // Drawn every 2nd tick: 40 % busy, 4 of 60 full. Between the thresholds: it stays.
        for _ in 0..10 {
            window(&mut b, 0.4, 4);
        }
        assert_eq!(b.every(), 2);
        // Still one frame in ten full: half as many renders again.
        window(&mut b, 0.4, 7);
        assert_eq!(b.every(), 4);
        // Busy without full frames: one step.
        window(&mut b, 0.85, 0);
        assert_eq!(b.every(), 5);
        // R at 1x: ~18 % busy, no frame full. Every tick renders.
        let mut b = RenderBudget::default();
        for _ in 0..10 {
            window(&mut b, 0.18, 0);
        }
        assert_eq!(b.every(), 1);
    }

    #[test]
    fn a_page_at_one_tick_in_ten_with_frames_still_full_renders_one_in_twenty_in_windows_that_hold_a_drawn_tick() {
        // R with its group at 4x CPU: halving stops at one tick in ten.
        let mut b = RenderBudget::default();
        for _ in 0..4 {
            window(&mut b, 0.55, 12);
        }
        assert_eq!(b.every(), RENDER_EVERY_SLOW);
        assert_eq!(b.window_length_ms(100.0), WINDOW_MS, "ten ticks of 100 ms: a second");
        // There, 4 of 60 slots full (6.7 %): under `FULL_HIGH`, over the budget's 5 %.
        window(&mut b, 0.2, 4);
        assert_eq!(b.every(), RENDER_EVERY_MAX);
        assert_eq!(b.window_length_ms(100.0), 2_000.0, "a window holds a drawn tick");
        assert!(!RenderBudget::window_done(1_600.0, 100, 1_500.0, b.window_length_ms(100.0)), "not read after a second");
        assert!(RenderBudget::window_done(1_600.0, 100, 2_000.0, b.window_length_ms(100.0)));
        assert_eq!(b.window_length_ms(f64::NAN), WINDOW_MS);
        // Under the budget it stays; calm, it steps back one tick at a time.
        b.record(1_600.0, 2_000.0, 116);
        assert_eq!(b.every(), RENDER_EVERY_MAX, "4 of 120 full: between the thresholds");
        b.record(1_800.0, 2_000.0, 120);
        assert_eq!(b.every(), RENDER_EVERY_MAX - 1);
        // A page that never reached one in ten is not held to the budget's 5 %: 4 of 60 full
        // at one tick in two stays there (R at 1x on a slow host reads 0-2 %).
        let mut b = RenderBudget::default();
        window(&mut b, 0.55, 12);
        window(&mut b, 0.3, 4);
        assert_eq!(b.every(), 2);
    }

    #[test]
    fn a_step_back_that_fills_the_frames_again_waits_longer_before_the_next() {
        let mut b = RenderBudget::default();
        window(&mut b, 0.6, 15);
        assert_eq!(b.every(), 2);
        // How many calm windows each step back from 2 to 1 waited for, when every one fails.
        let mut waits = Vec::new();
        for _ in 0..7 {
            let mut calm = 0;
            while b.every() == 2 {
                window(&mut b, 0.2, 1);
                calm += 1;
                assert!(calm <= RETURN_HOLD_MAX, "never waits longer than the cap");
            }
            waits.push(calm);
            window(&mut b, 0.6, 15);
            assert_eq!(b.every(), 2, "the step back filled the frames: fewer renders again");
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 16, 16]);
        // A step back that holds through its trial ends the wait: the next one comes at once.
        for _ in 0..RETURN_HOLD_MAX {
            window(&mut b, 0.2, 1);
        }
        assert_eq!(b.every(), 1);
        for _ in 0..=RETURN_TRIAL_WINDOWS {
            window(&mut b, 0.2, 1);
        }
        window(&mut b, 0.6, 15);
        window(&mut b, 0.2, 1);
        assert_eq!(b.every(), 1, "one calm window was enough again");
    }

    #[test]
    fn a_frame_slot_has_room_with_an_idle_millisecond_and_counts_once() {
        let mut idle = IdleSum::default();
        // 40 ms idle from 0: the slots 0-16.7, 16.7-33.3 and 33.3-50 (6.7 ms of it).
        idle.begin(0.0, 40.0);
        idle.begin(40.0, 5.0);
        // From 40 to 45: slot 2 again, counted once.
        assert_eq!(idle.take(45.0), (45.0, 3));
        // Half a millisecond at a slot's end, then 3 ms in the next: only the second has room.
        idle.begin(5.0 * SLOT_MS - 0.5, 3.5);
        assert_eq!(idle.take(200.0), (3.5, 1));
        // A nonsense deadline counts no slot; a long one at most its own length.
        idle.begin(300.0, f64::NAN);
        idle.begin(400.0, 1.0e12);
        assert_eq!(idle.take(420.0), (20.0, 2));
    }
}
