//! The small debug readout: how long the engine and the view update take per tick, and how
//! many simulated steps run per second, so a regression can be seen by eye.

use std::collections::VecDeque;

/// Ticks averaged over.
const WINDOW: usize = 20;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TickTimes {
    /// (steps, engine ms, view ms, wall time of the tick in ms)
    ticks: VecDeque<(u32, f64, f64, f64)>,
}

impl TickTimes {
    pub fn record(&mut self, steps: u32, engine_ms: f64, view_ms: f64) {
        if self.ticks.len() == WINDOW {
            self.ticks.pop_front();
        }
        self.ticks.push_back((steps, engine_ms, view_ms, now_ms()));
    }

    pub fn summary(&self) -> String {
        let n = self.ticks.len();
        if n < 2 {
            return String::new();
        }
        let engine: f64 = self.ticks.iter().map(|t| t.1).sum::<f64>() / n as f64;
        let view: f64 = self.ticks.iter().map(|t| t.2).sum::<f64>() / n as f64;
        let steps: u32 = self.ticks.iter().skip(1).map(|t| t.0).sum();
        let span_s = (self.ticks[n - 1].3 - self.ticks[0].3) / 1000.0;
        let rate = if span_s > 0.0 { f64::from(steps) / span_s } else { 0.0 };
        format!("engine {engine:.1} ms · view {view:.1} ms · {rate:.0} steps/s")
    }
}

/// `performance.now()`, or 0 where there is none (native tests).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
