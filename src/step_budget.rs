//! How many engine steps one timer tick runs. The chosen speed asks for `speed` steps per tick;
//! a tick is one task on the page's main thread, and a click or key arriving meanwhile waits
//! for it. So a tick's engine work is bounded by a time budget: when steps cost more (a big
//! cluster under load at 50×), fewer run and simulated time runs slower than asked, which the
//! page says, instead of input waiting for a second (issue 18: 1.3 s answers at 50×).

/// Engine time one tick may take. Input must be answered within 100 ms: a tick in progress,
/// then the view update and a frame, fit in that.
pub const TICK_ENGINE_BUDGET_MS: f64 = 40.0;

/// Weight of the newest tick in the cost estimate (the rest is history: one tick with an
/// unusual burst of work does not halve the speed).
const NEWEST_WEIGHT: f64 = 0.25;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StepBudget {
    /// Estimated engine ms per step; 0 until measured.
    ms_per_step: f64,
}

impl StepBudget {
    /// Steps to run for `wanted` (the speed): all of them while they fit the budget, never
    /// fewer than one.
    pub fn steps(&self, wanted: u32) -> u32 {
        self.steps_within(TICK_ENGINE_BUDGET_MS, wanted).unwrap_or(wanted.max(1))
    }

    /// Steps that fit in `budget_ms` by the cost measured so far, between 1 and `most`; None
    /// before any step was measured.
    pub fn steps_within(&self, budget_ms: f64, most: u32) -> Option<u32> {
        let most = most.max(1);
        if self.ms_per_step <= 0.0 || !self.ms_per_step.is_finite() || !budget_ms.is_finite() {
            return None;
        }
        let fit = (budget_ms / self.ms_per_step).floor();
        Some(if fit >= f64::from(most) { most } else { (fit as u32).max(1) })
    }

    /// Learns from a tick that ran `steps` steps in `engine_ms`.
    pub fn record(&mut self, steps: u32, engine_ms: f64) {
        if steps == 0 || !engine_ms.is_finite() || engine_ms < 0.0 {
            return;
        }
        let per = engine_ms / f64::from(steps);
        self.ms_per_step = if self.ms_per_step <= 0.0 { per } else { self.ms_per_step * (1.0 - NEWEST_WEIGHT) + per * NEWEST_WEIGHT };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cheap_steps_run_at_the_chosen_speed() {
        let mut b = StepBudget::default();
        assert_eq!(b.steps(50), 50, "unmeasured: as asked");
        b.record(50, 10.0);
        assert_eq!(b.steps(50), 50);
        assert_eq!(b.steps(0), 1, "at least one step");
    }

    #[test]
    fn costly_steps_are_bounded_by_the_budget_and_recover() {
        let mut b = StepBudget::default();
        b.record(50, 200.0); // 4 ms a step: 10 fit in 40 ms
        assert_eq!(b.steps(50), 10);
        assert_eq!(b.steps(5), 5, "a lower speed that fits runs in full");
        b.record(10, 1_000.0); // one very slow tick: the estimate moves, not jumps
        assert!(b.steps(50) >= 1);
        for _ in 0..40 {
            b.record(10, 5.0);
        }
        assert_eq!(b.steps(50), 50, "cheap again: full speed");
        b.record(1, f64::NAN);
        assert_eq!(b.steps(50), 50, "nonsense timings are ignored");
    }

    #[test]
    fn a_time_budget_takes_the_steps_that_fit_it() {
        let mut b = StepBudget::default();
        assert_eq!(b.steps_within(30.0, 200), None, "unmeasured");
        b.record(10, 4.0);
        assert_eq!(b.steps_within(30.0, 200), Some(75));
        assert_eq!(b.steps_within(30.0, 50), Some(50), "at most `most`");
        b.record(1, 1_000.0);
        assert_eq!(b.steps_within(30.0, 200), Some(1), "at least one");
        assert_eq!(b.steps_within(f64::NAN, 200), None);
    }
}
