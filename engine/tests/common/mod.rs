//! Helpers shared by the engine's scenario tests.
#![allow(dead_code)] // each test file uses some of them

use engine::invariants::Auditor;
use engine::{BrokerId, Cluster, Command, CommandError, ConsumerConfig, ConsumerId, Event, ProduceRequest, RequestId, TopicConfig};

/// Every event queued so far.
pub fn drain(c: &mut Cluster) -> Vec<Event> {
    std::iter::from_fn(|| c.poll_event()).collect()
}

/// `n` steps, and the events they produced, with every invariant (`engine::invariants`)
/// checked after every step: the one harness the scenario, group and fidelity tests step with.
/// The auditor sees the events of these steps (an acks=all record acknowledged here must then
/// survive); a violation fails the test with the time and the invariant.
pub fn steps(c: &mut Cluster, n: u32) -> Vec<Event> {
    let mut auditor = Auditor::new();
    let mut out = Vec::new();
    for _ in 0..n {
        c.step();
        let events = drain(c);
        for e in &events {
            auditor.observe(c, e);
        }
        if let Some(v) = auditor.check(c).into_iter().next() {
            panic!("invariant violated at {} ms (seed {}): {v}", c.now().0, c.config().seed);
        }
        out.extend(events);
    }
    out
}

/// The page's default topic: orders, 3 partitions, RF 3, min.insync.replicas 2.
pub fn orders(c: &mut Cluster) {
    let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
    c.apply(Command::CreateTopic { name: "orders".into(), partitions: 3, replication_factor: 3, config }).expect("create");
    drain(c);
}

// The cluster changes only through `Cluster::apply` (one way in, logged): these build the
// commands the tests use most and unwrap the outcome's handle.

pub fn create_topic(
    c: &mut Cluster,
    name: &str,
    partitions: u32,
    replication_factor: u32,
    config: TopicConfig,
) -> Result<(), CommandError> {
    c.apply(Command::CreateTopic { name: name.into(), partitions, replication_factor, config }).map(|_| ())
}

pub fn add_partitions(c: &mut Cluster, topic: &str, partitions: u32) -> Result<(), CommandError> {
    c.apply(Command::AddPartitions { topic: topic.into(), partitions }).map(|_| ())
}

pub fn produce(c: &mut Cluster, req: ProduceRequest) -> Result<RequestId, CommandError> {
    c.apply(Command::Produce(req)).map(|o| o.request().expect("a produce outcome carries its request id"))
}

pub fn add_consumer(c: &mut Cluster, config: ConsumerConfig) -> Result<ConsumerId, CommandError> {
    c.apply(Command::AddConsumer { config }).map(|o| o.consumer().expect("an AddConsumer outcome carries the consumer"))
}

pub fn close_consumer(c: &mut Cluster, consumer: ConsumerId) -> Result<(), CommandError> {
    c.apply(Command::CloseConsumer { consumer }).map(|_| ())
}

pub fn crash_consumer(c: &mut Cluster, consumer: ConsumerId) -> Result<(), CommandError> {
    c.apply(Command::CrashConsumer { consumer }).map(|_| ())
}

pub fn set_consumer_polling(c: &mut Cluster, consumer: ConsumerId, polling: bool) -> Result<(), CommandError> {
    c.apply(Command::SetConsumerPolling { consumer, polling }).map(|_| ())
}

pub fn stop_broker(c: &mut Cluster, broker: BrokerId) -> Result<(), CommandError> {
    c.apply(Command::StopBroker { broker }).map(|_| ())
}
