//! Helpers shared by the engine's scenario tests.
#![allow(dead_code)] // each test file uses some of them

use engine::{Cluster, Command, Event, TopicConfig};

/// Every event queued so far.
pub fn drain(c: &mut Cluster) -> Vec<Event> {
    std::iter::from_fn(|| c.poll_event()).collect()
}

/// `n` steps, and the events they produced.
pub fn steps(c: &mut Cluster, n: u32) -> Vec<Event> {
    (0..n)
        .flat_map(|_| {
            c.step();
            drain(c)
        })
        .collect()
}

/// The page's default topic: orders, 3 partitions, RF 3, min.insync.replicas 2.
pub fn orders(c: &mut Cluster) {
    let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
    c.apply(Command::CreateTopic { name: "orders".into(), partitions: 3, replication_factor: 3, config }).expect("create");
    drain(c);
}
