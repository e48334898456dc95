//! `?bench=R` and `?bench=R9` (issue 26): the benchmark scenarios live in the page, so anyone
//! can measure the page with their own tools. R is issue 6's reference: 5 brokers; 250
//! partitions at RF 3 (topic `bench` with 247 and the default `orders` with 3) with
//! min.insync.replicas 2, retention.bytes 65,536 and 16 KiB segments on `bench`; one group of 5
//! consumers reading it from the earliest offset; a load of 1,000 records/s over 1,000 keys with
//! acks=all. R9 is the scale case: 9 brokers and 1,000 partitions (`bench` with 997). The same
//! set-up as `tests/site/scenario-r.mjs` clicks together, built from commands (so the session
//! replays and shares like any other).

use crate::session::Session;

/// The scenarios by their `bench` parameter: (brokers, partitions of `bench`).
fn shape(spec: &str) -> Option<(u32, u32)> {
    match spec {
        "R" => Some((5, 247)),
        "R9" => Some((9, 997)),
        _ => None,
    }
}

/// Whether `spec` names a scenario (`R`, `R9`).
pub fn is_scenario(spec: &str) -> bool {
    shape(spec).is_some()
}

/// A session running scenario `spec` (`R` or `R9`), or None for any other value.
pub fn session(spec: &str) -> Option<Session> {
    let (brokers, partitions) = shape(spec)?;
    let mut s = Session::with_cluster(1, brokers, false);
    for command in engine::bench::setup_commands(partitions, 3, 5, 1_000, 1_000) {
        s.apply(command).ok()?;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_and_r9_are_the_benchmark_scenarios() {
        let r = session("R").unwrap();
        assert_eq!(r.cluster.brokers().count(), 5);
        let total: usize = r.cluster.topics().map(|t| t.partitions.len()).sum();
        assert!(total >= 250, "{total} partitions (bench 247 + orders 3, and the internal topics)");
        assert_eq!(r.cluster.topic(engine::bench::R_TOPIC).unwrap().partitions.len(), 247);
        assert!(r.cluster.load().is_some(), "the load runs");
        let r9 = session("R9").unwrap();
        assert_eq!(r9.cluster.brokers().count(), 9);
        assert_eq!(
            r9.cluster.topic(engine::bench::R_TOPIC).unwrap().partitions.len() + r9.cluster.topic("orders").unwrap().partitions.len(),
            1_000
        );
        assert!(session("r").is_none() && session("").is_none() && session("R10").is_none());
    }
}
