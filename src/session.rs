//! One learner's session: the engine, its seed, and the timeline built from its events. Plain
//! data (no signals), so it can be tested without a DOM; the app wraps it at the edge.

use crate::narration::{entry, TimelineEntry, TIMELINE_MAX};
use engine::{Acks, Cluster, ClusterConfig, Command, EventKind, ProduceRequest, RequestId, TopicConfig};
use std::collections::VecDeque;

pub struct Session {
    pub cluster: Cluster,
    pub seed: u64,
    pub timeline: VecDeque<TimelineEntry>,
    next_entry: u64,
    /// Outcome text of the last produce from the form, once known.
    pub last_produce: Option<(RequestId, String)>,
}

/// The cluster a learner starts with: 3 brokers and `orders` (3 partitions, RF 3, min ISR 2).
pub const DEFAULT_TOPIC: &str = "orders";

impl Session {
    pub fn new(seed: u64) -> Self {
        let mut cluster = match Cluster::new(ClusterConfig { brokers: 3, seed, ..ClusterConfig::default() }) {
            Ok(c) => c,
            // The default config is valid; fall back to the engine's defaults if that ever changes.
            Err(_) => Cluster::new(ClusterConfig::default()).unwrap_or_else(|_| unreachable!()),
        };
        let _ = cluster.create_topic(
            DEFAULT_TOPIC,
            3,
            3,
            TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() },
        );
        let mut s = Session { cluster, seed, timeline: VecDeque::new(), next_entry: 0, last_produce: None };
        s.drain_events();
        s
    }

    /// Applies a command; the error is a readable sentence for the UI.
    pub fn apply(&mut self, command: Command) -> Result<(), String> {
        let r = self.cluster.apply(command).map_err(|e| e.to_string());
        self.drain_events();
        r
    }

    pub fn produce(&mut self, req: ProduceRequest) -> Result<RequestId, String> {
        let id = self.cluster.produce(req).map_err(|e| e.to_string())?;
        self.last_produce = Some((id, "waiting for the ISR…".to_string()));
        self.drain_events();
        Ok(id)
    }

    pub fn produce_keyed(&mut self, topic: &str, key: Option<&str>, value: &str, acks: Acks) -> Result<RequestId, String> {
        self.produce(ProduceRequest {
            topic: topic.to_string(),
            key: key.map(|k| k.as_bytes().to_vec()),
            value: Some(value.as_bytes().to_vec()),
            partition: None,
            headers: Vec::new(),
            acks,
        })
    }

    pub fn step(&mut self, steps: u32) {
        for _ in 0..steps {
            self.cluster.step();
        }
        self.drain_events();
    }

    fn drain_events(&mut self) {
        while let Some(e) = self.cluster.poll_event() {
            if let Some((id, text)) = self.last_produce.as_mut() {
                match &e.kind {
                    EventKind::ProduceAcknowledged { request, .. } | EventKind::ProduceFailed { request, .. }
                        if request == id =>
                    {
                        *text = e.kind.narrate();
                    }
                    _ => {}
                }
            }
            if let Some(t) = entry(self.next_entry, &e) {
                self.next_entry += 1;
                self.timeline.push_front(t);
                self.timeline.truncate(TIMELINE_MAX);
            }
        }
    }
}
