//! The small debug readout: how long the engine and the view update take per tick, the frame
//! time (interval between animation frames: 16.7 ms when the page keeps up at 60 Hz), and how
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

    /// Averages over the recent ticks: engine ms, view ms, simulated steps per second; none
    /// before two ticks.
    pub fn averages(&self) -> Option<(f64, f64, f64)> {
        let n = self.ticks.len();
        if n < 2 {
            return None;
        }
        let engine: f64 = self.ticks.iter().map(|t| t.1).sum::<f64>() / n as f64;
        let view: f64 = self.ticks.iter().map(|t| t.2).sum::<f64>() / n as f64;
        let steps: u32 = self.ticks.iter().skip(1).map(|t| t.0).sum();
        let span_s = (self.ticks[n - 1].3 - self.ticks[0].3) / 1000.0;
        let rate = if span_s > 0.0 { f64::from(steps) / span_s } else { 0.0 };
        Some((engine, view, rate))
    }
}

/// Frame intervals kept (the frames after the last dozen ticks).
const FRAMES: usize = 60;

/// Intervals between consecutive animation frames after each tick, from `requestAnimationFrame`
/// timestamps: 16.7 ms while the page keeps up at 60 Hz.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrameTimes {
    last_ms: Option<f64>,
    intervals: VecDeque<f64>,
}

impl FrameTimes {
    /// The next recorded frame starts a new run of consecutive frames (no interval is taken
    /// across the idle gap before it).
    pub fn start_chain(&mut self) {
        self.last_ms = None;
    }

    pub fn record(&mut self, now_ms: f64) {
        if let Some(last) = self.last_ms {
            if self.intervals.len() == FRAMES {
                self.intervals.pop_front();
            }
            self.intervals.push_back((now_ms - last).max(0.0));
        }
        self.last_ms = Some(now_ms);
    }

    /// Mean and worst of the recent intervals, in ms.
    pub fn mean_max(&self) -> Option<(f64, f64)> {
        if self.intervals.is_empty() {
            return None;
        }
        let mean = self.intervals.iter().sum::<f64>() / self.intervals.len() as f64;
        let max = self.intervals.iter().copied().fold(0.0, f64::max);
        Some((mean, max))
    }
}

/// `performance.now()`, or 0 where there is none (native tests).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_times_average_the_last_second() {
        let mut f = FrameTimes::default();
        assert_eq!(f.mean_max(), None);
        for i in 0..=100 {
            f.record(f64::from(i) * 16.0);
        }
        f.start_chain();
        f.record(5_000.0); // after an idle gap: no interval
        f.record(5_050.0);
        assert_eq!(f.intervals.len(), FRAMES);
        let (mean, max) = f.mean_max().unwrap();
        assert!((mean - (59.0 * 16.0 + 50.0) / 60.0).abs() < 1e-9);
        assert_eq!(max, 50.0);
    }
}
