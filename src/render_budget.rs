//! How often a tick re-renders the page (issue 26). Simulated time always advances by every
//! tick; the page's views follow every tick while the main thread has room, and every 2nd, 3rd
//! ... tick while it is saturated, so a slow laptop keeps pace with simulated time and stays
//! answerable instead of queueing frames. A learner's click or key is not a tick: `Commands`
//! re-renders at once, whatever this says.
//!
//! What is measured is the main thread's idle time (`IdleMeter`: the browser's idle periods,
//! `requestIdleCallback`), so everything the views cost counts: our effects, and the browser's
//! style, layout, paint and garbage collection, which a timer around our own code would miss.
//! Each second the busy share decides: above `BUSY_HIGH` render less often, below `BUSY_LOW`
//! render more often again, one step at a time.

/// Busy share of the main thread above which fewer ticks render.
pub const BUSY_HIGH: f64 = 0.8;
/// Busy share under which more ticks render again.
pub const BUSY_LOW: f64 = 0.5;
/// Never fewer renders than one per this many ticks: the clock and the cards still move at
/// least once a second at 1×.
pub const RENDER_EVERY_MAX: u32 = 10;
/// How long a measurement window lasts (wall ms).
pub const WINDOW_MS: f64 = 1_000.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderBudget {
    /// Render one tick in this many.
    every: u32,
    /// Ticks since the last rendered one.
    skipped: u32,
    /// The last window's busy share (for the readout).
    busy: f64,
}

impl Default for RenderBudget {
    fn default() -> Self {
        RenderBudget { every: 1, skipped: 0, busy: 0.0 }
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

    /// The last window's busy share of the main thread, 0 to 1.
    pub fn busy(&self) -> f64 {
        self.busy
    }

    /// Learns from a window of `window_ms` wall time in which the main thread was idle for
    /// `idle_ms`.
    pub fn record(&mut self, idle_ms: f64, window_ms: f64) {
        if !idle_ms.is_finite() || !window_ms.is_finite() || idle_ms < 0.0 || window_ms <= 0.0 {
            return;
        }
        self.busy = (1.0 - idle_ms / window_ms).clamp(0.0, 1.0);
        if self.busy > BUSY_HIGH {
            self.every = (self.every + 1).min(RENDER_EVERY_MAX);
        } else if self.busy < BUSY_LOW && self.every > 1 {
            self.every -= 1;
        }
    }
}

/// The main thread's idle time: the sum of the browser's idle periods since the last `take`,
/// each as much as `IdleDeadline.timeRemaining()` offered when it began. A callback asks for
/// the next period at once, so the meter runs as long as the page does, at one cheap callback
/// per idle period.
#[cfg(target_arch = "wasm32")]
pub mod idle_meter {
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsCast;

    thread_local! {
        static IDLE_MS: Cell<f64> = const { Cell::new(0.0) };
        static CALLBACK: RefCell<Option<Closure<dyn FnMut(web_sys::IdleDeadline)>>> = const { RefCell::new(None) };
    }

    fn request() {
        let Some(window) = web_sys::window() else { return };
        CALLBACK.with(|c| {
            let mut c = c.borrow_mut();
            let callback = c.get_or_insert_with(|| {
                Closure::new(|d: web_sys::IdleDeadline| {
                    IDLE_MS.with(|i| i.set(i.get() + d.time_remaining().max(0.0)));
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

    /// The idle time since the last call.
    pub fn take() -> f64 {
        IDLE_MS.with(|i| i.replace(0.0))
    }
}

/// Natively (the view-model tests) there is no browser: no idle time is ever measured.
#[cfg(not(target_arch = "wasm32"))]
pub mod idle_meter {
    pub fn start() {}
    pub fn take() -> f64 {
        0.0
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
            b.record(600.0, 1_000.0);
        }
        assert_eq!((b.every(), renders(&mut b, 10)), (1, 10));
        assert!((b.busy() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn a_saturated_thread_renders_fewer_ticks_and_comes_back_when_there_is_room() {
        let mut b = RenderBudget::default();
        b.record(50.0, 1_000.0);
        assert_eq!(b.every(), 2, "95% busy: one tick in two");
        assert_eq!(renders(&mut b, 30), 15);
        for _ in 0..30 {
            b.record(0.0, 1_000.0);
        }
        assert_eq!(b.every(), RENDER_EVERY_MAX, "capped: still one render a second at 1x");
        // Between the two thresholds it stays where it is (no flapping).
        for _ in 0..20 {
            b.record(350.0, 1_000.0);
        }
        assert_eq!(b.every(), RENDER_EVERY_MAX);
        // Room again: back one step per window, to every tick.
        let mut steps = vec![b.every()];
        for _ in 0..20 {
            b.record(700.0, 1_000.0);
            steps.push(b.every());
        }
        assert_eq!(b.every(), 1);
        assert!(steps.windows(2).all(|w| w[0] == w[1] || w[1] + 1 == w[0]), "{steps:?}");
    }

    #[test]
    fn nonsense_timings_are_ignored() {
        let mut b = RenderBudget::default();
        for (idle, window) in [(f64::NAN, 1_000.0), (-1.0, 1_000.0), (10.0, 0.0), (10.0, f64::INFINITY)] {
            b.record(idle, window);
        }
        assert_eq!((b.every(), b.busy()), (1, 0.0));
        b.record(5_000.0, 1_000.0);
        assert_eq!((b.every(), b.busy()), (1, 0.0), "more idle than wall time clamps to 0 busy");
    }
}
