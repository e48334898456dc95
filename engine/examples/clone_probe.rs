use engine::bench::{ScenarioR, ScenarioRConfig};
fn main() {
    let mut r = ScenarioR::new(&ScenarioRConfig { rate_per_s: 1_000, ..ScenarioRConfig::default() }).unwrap();
    for _ in 0..1500 {
        r.step().unwrap();
    }
    let mut v = Vec::new();
    for _ in 0..20 {
        v.push(r.cluster.clone());
        for _ in 0..20 {
            r.step().unwrap();
        }
    }
    std::hint::black_box(&v);
}
