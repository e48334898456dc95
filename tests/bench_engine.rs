#![cfg(target_arch = "wasm32")]
//! Engine throughput in the browser: scenario R (`engine::bench`, the same workload and code as
//! the native `cargo run -p engine --release --example bench`), timed with `performance.now()`
//! in headless Chromium. A benchmark, not a test: `tests/bench/bench.mjs` runs it with
//! `cargo test --profile site --test bench_engine -- --nocapture` (the engine as the page ships
//! it) and reads the `BENCH {json}` line.
//! `BENCH_RATE` and `BENCH_STEPS` (read at compile time) size the run.

use engine::bench::{ScenarioR, ScenarioRConfig};
// The page's allocator (`kafka_sandbox::alloc_meter`, installed by the library): linked only
// if the library is. The engine allocates per record, so the figure is then the page's.
use kafka_sandbox as _;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn parse(v: Option<&str>, default: u32) -> u32 {
    v.and_then(|s| s.parse().ok()).unwrap_or(default)
}

#[wasm_bindgen_test]
fn scenario_r_in_wasm() {
    let rate = parse(option_env!("BENCH_RATE"), 10_000);
    let steps = parse(option_env!("BENCH_STEPS"), 3_000);
    let mut r = ScenarioR::new(&ScenarioRConfig { rate_per_s: rate, ..ScenarioRConfig::default() }).expect("scenario R");
    let t0 = now_ms();
    for _ in 0..steps {
        r.step().expect("step");
    }
    let secs = (now_ms() - t0) / 1000.0;
    assert!(r.produced > 0 && r.consumed() > 0, "R produced and consumed nothing");
    console_log!("BENCH {}", r.report_json("wasm, checks off", secs));
}
