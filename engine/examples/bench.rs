//! Engine throughput, native, on issue 6's scenario R (`engine::bench`): records produced,
//! replicated and consumed per second of wall time, with the invariant checks off and on.
//!
//! `cargo run -p engine --release --example bench -- [rate_per_s] [steps] [partitions] [consumers]`
//! Defaults: 10,000 records/s of simulated load (1,000 per 100 ms step: full speed, as much as
//! the 5-member group reads with max.poll.records 500), 3,000 steps, 250 partitions, 5 consumers.
//! `--json` prints one JSON line per run instead of text (read by `tests/bench/bench.mjs`);
//! `BENCH_CHECKS=off|on` runs only one of the two.
// This harness measures the engine in wall time; the engine itself has no clock (clippy.toml).
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use engine::bench::{ScenarioR, ScenarioRConfig};
use std::time::Instant;

fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let a: Vec<u32> = std::env::args().skip(1).filter_map(|s| s.parse().ok()).collect();
    let base = ScenarioRConfig {
        rate_per_s: a.first().copied().unwrap_or(10_000),
        partitions: a.get(2).copied().unwrap_or(250),
        consumers: a.get(3).copied().unwrap_or(5),
        ..ScenarioRConfig::default()
    };
    let steps = a.get(1).copied().unwrap_or(3_000);
    if !json {
        println!(
            "engine bench (scenario R): {} brokers, {} partitions RF 3, acks=all, {} records/s simulated, {} consumers, {steps} steps",
            base.brokers, base.partitions, base.rate_per_s, base.consumers
        );
    }
    let modes: &[bool] = match std::env::var("BENCH_CHECKS").as_deref() {
        Ok("off") => &[false],
        Ok("on") => &[true],
        _ => &[false, true],
    };
    for &check in modes {
        let mut r = match ScenarioR::new(&ScenarioRConfig { check, ..base.clone() }) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("bench: {e}");
                std::process::exit(2);
            }
        };
        let start = Instant::now();
        for _ in 0..steps {
            if let Err(v) = r.step() {
                eprintln!("bench: invariant violated: {v}");
                std::process::exit(1);
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let label = if check { "native, checks on" } else { "native, checks off" };
        if json {
            println!("{}", r.report_json(label, secs));
        } else {
            println!(
                "  {label:<19}: {:>7.0} steps/s, {:>9.0} records/s produced+replicated, {:>9.0} consumed ({secs:.2} s wall, {:.0}x real time)",
                r.steps as f64 / secs,
                r.produced as f64 / secs,
                r.consumed() as f64 / secs,
                r.steps as f64 * 0.1 / secs
            );
        }
        // Dropping a large cluster is not part of the measurement.
        std::mem::forget(r);
    }
}
