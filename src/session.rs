//! One learner's session: the engine, its seed, and the timeline built from its events. Plain
//! data (no signals), so it can be tested without a DOM; the app wraps it at the edge.

use crate::event_log::{Cursor, EventLog};
use crate::narration::{entry, TimelineEntry, TIMELINE_MAX};
use engine::{Acks, Cluster, ClusterConfig, Command, EventKind, Outcome, ProduceRequest, RequestId, TopicConfig};
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};

/// Timeline entry ids are unique across sessions on the page, so a reset never reuses an id
/// (keyed lists and "has the timeline changed" checks rely on that).
static ENTRY_IDS: AtomicU64 = AtomicU64::new(0);

/// What the continuous load's requests came to since it started (the engine counts those sent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadStats {
    pub acknowledged: u64,
    /// Failures by Kafka error name.
    pub failed: BTreeMap<&'static str, u64>,
}

impl LoadStats {
    pub fn summary(&self, sent: u64) -> String {
        let failed: u64 = self.failed.values().sum();
        let mut s = format!("{sent} sent, {} acknowledged, {} failed", self.acknowledged, failed);
        if failed > 0 {
            let parts: Vec<String> = self.failed.iter().map(|(k, v)| format!("{k} ×{v}")).collect();
            s.push_str(&format!(" ({})", parts.join(", ")));
        }
        s
    }
}

/// The Produce form's last request: its narration so far, and whether it has an outcome
/// (acknowledged or failed) or is still waiting for simulated time to pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProduce {
    pub id: RequestId,
    pub text: String,
    pub done: bool,
}

impl FormProduce {
    /// The form's result line. A request still waiting while the clock is paused says that
    /// the clock is the cause: followers fetch only as simulated time passes.
    pub fn line(&self, playing: bool) -> String {
        if self.done || playing {
            self.text.clone()
        } else {
            format!("{}. The clock is paused: press Play or Step so that the followers fetch it.", self.text)
        }
    }
}

/// The session's own readers of its event log.
#[derive(Debug, Default)]
struct Readers {
    produce: Cursor,
    timeline: Cursor,
}

pub struct Session {
    pub cluster: Cluster,
    pub timeline: VecDeque<TimelineEntry>,
    next_entry: u64,
    /// Every event drained from the engine, read by the session's readers (and lessons) through
    /// their own cursors.
    pub events: EventLog,
    cursors: Readers,
    /// The last produce from the form and what is known of it.
    pub last_produce: Option<FormProduce>,
    pub load_stats: LoadStats,
    /// Total lag per group, sampled every `LAG_SAMPLE_MS` of simulated time (bounded).
    pub lag_history: BTreeMap<String, VecDeque<(u64, i64)>>,
    /// Bumped on every sample: the lag charts redraw only when it moves.
    pub lag_samples: u64,
    next_lag_sample_ms: u64,
}

/// Lag is sampled once per simulated second and kept for `LAG_POINTS_MAX` samples (5 minutes).
pub const LAG_SAMPLE_MS: u64 = 1_000;
pub const LAG_POINTS_MAX: usize = 300;

/// The cluster a learner starts with: 3 brokers and `orders` (3 partitions, RF 3, min ISR 2).
pub const DEFAULT_TOPIC: &str = "orders";

impl Session {
    pub fn new(seed: u64) -> Self {
        Self::with_cluster(seed, 3, false)
    }

    /// A fresh session; `brokers` outside 1..=9 falls back to 3, and `elr` turns eligible leader
    /// replicas (KIP-966) on. The default topic gets the largest replication factor up to 3 the
    /// cluster allows.
    pub fn with_cluster(seed: u64, brokers: u32, elr: bool) -> Self {
        let brokers = if (1..=9).contains(&brokers) { brokers } else { 3 };
        let config = ClusterConfig { brokers, seed, eligible_leader_replicas_enable: elr, ..ClusterConfig::default() };
        let mut cluster = match Cluster::new(config) {
            Ok(c) => c,
            // The default config is valid; fall back to the engine's defaults if that ever changes.
            Err(_) => Cluster::new(ClusterConfig::default()).unwrap_or_else(|_| unreachable!()),
        };
        let rf = brokers.min(3);
        // The first command of every session (so a saved session replays it too).
        let _ = cluster.apply(Command::CreateTopic {
            name: DEFAULT_TOPIC.into(),
            partitions: 3,
            replication_factor: rf,
            config: TopicConfig { min_insync_replicas: rf.min(2), ..TopicConfig::default() },
        });
        let mut s = Session {
            cluster,
            timeline: VecDeque::new(),
            next_entry: 0,
            events: EventLog::default(),
            cursors: Readers::default(),
            last_produce: None,
            load_stats: LoadStats::default(),
            lag_history: BTreeMap::new(),
            lag_samples: 0,
            next_lag_sample_ms: 0,
        };
        s.drain_events();
        s
    }

    /// Applies a command; the error is a readable sentence for the UI.
    pub fn apply(&mut self, command: Command) -> Result<Outcome, String> {
        let r = self.cluster.apply(command).map_err(|e| e.to_string());
        self.drain_events();
        r
    }

    pub fn produce(&mut self, req: ProduceRequest) -> Result<RequestId, String> {
        let outcome = self.cluster.apply(Command::Produce(req)).map_err(|e| e.to_string());
        let id = match outcome {
            Ok(o) => o.request().unwrap_or(RequestId(0)),
            Err(e) => {
                self.drain_events();
                return Err(e);
            }
        };
        self.last_produce = Some(FormProduce { id, text: "sent; waiting for the leader".to_string(), done: false });
        self.drain_events();
        Ok(id)
    }

    /// One record from the Produce form: `None` key = null key, `None` value = a tombstone.
    pub fn produce_keyed(&mut self, topic: &str, key: Option<&str>, value: Option<&str>, acks: Acks) -> Result<RequestId, String> {
        self.produce(ProduceRequest {
            topic: topic.into(),
            key: key.map(|k| k.as_bytes().into()),
            value: value.map(|v| v.as_bytes().into()),
            partition: None,
            headers: Vec::new(),
            acks,
        })
    }

    /// Starts (or replaces) the continuous load; the engine produces it as logical time advances.
    pub fn start_load(&mut self, topic: &str, rate_per_s: u32, key_count: u32, acks: Acks) -> Result<(), String> {
        self.apply(Command::StartLoad { topic: topic.into(), rate_per_s, key_count, acks, producer_config: Vec::new() })?;
        self.load_stats = LoadStats::default();
        Ok(())
    }

    /// "N sent, N acknowledged, N failed (...)" of the running load.
    pub fn load_summary(&self) -> String {
        self.load_stats.summary(self.cluster.load().map_or(0, |l| l.sent))
    }

    /// Id the next timeline entry will get: changes exactly when an entry is added.
    pub fn timeline_head(&self) -> u64 {
        self.next_entry
    }

    pub fn stop_load(&mut self) {
        let _ = self.apply(Command::StopLoad);
    }

    pub fn step(&mut self, steps: u32) {
        for _ in 0..steps {
            self.cluster.step();
            self.sample_lag();
        }
        self.drain_events();
    }

    /// Records each group's total lag (the engine computes it) once per simulated second.
    fn sample_lag(&mut self) {
        let now = self.cluster.now().0;
        if now < self.next_lag_sample_ms {
            return;
        }
        self.next_lag_sample_ms = now + LAG_SAMPLE_MS;
        let groups: Vec<String> = self.cluster.groups().map(|g| g.group_id.clone()).collect();
        for g in groups {
            let lag = self.cluster.group_lag(&g);
            let h = self.lag_history.entry(g).or_default();
            h.push_back((now, lag));
            while h.len() > LAG_POINTS_MAX {
                h.pop_front();
            }
        }
        self.lag_samples += 1;
    }

    /// Moves the engine's new events into the event log, then lets each of the session's
    /// readers read what is new to it.
    fn drain_events(&mut self) {
        while let Some(e) = self.cluster.poll_event() {
            self.events.push(e);
        }
        self.read_produce_outcomes();
        self.read_timeline();
    }

    /// The Produce form's request is narrated; the load's requests are counted.
    fn read_produce_outcomes(&mut self) {
        let form_request = self.last_produce.as_ref().map(|p| p.id);
        let (events, _missed) = self.events.read(&mut self.cursors.produce);
        for e in events {
            match &e.kind {
                EventKind::ProduceAcknowledged { request, .. } | EventKind::ProduceFailed { request, .. }
                    if Some(*request) == form_request =>
                {
                    if let Some(p) = self.last_produce.as_mut() {
                        p.text = e.kind.narrate();
                        p.done = true;
                    }
                }
                EventKind::ProduceAppended { request, .. } if Some(*request) == form_request => {
                    if let Some(p) = self.last_produce.as_mut() {
                        p.text = e.kind.narrate();
                    }
                }
                EventKind::ProduceAcknowledged { .. } => self.load_stats.acknowledged += 1,
                EventKind::ProduceFailed { error, .. } => *self.load_stats.failed.entry(error.name()).or_default() += 1,
                _ => {}
            }
        }
    }

    /// Narrated events, newest first; the load's produce outcomes are counted, not narrated.
    fn read_timeline(&mut self) {
        let form_request = self.last_produce.as_ref().map(|p| p.id);
        let (events, _missed) = self.events.read(&mut self.cursors.timeline);
        for e in events {
            let load_outcome = match &e.kind {
                EventKind::ProduceAcknowledged { request, .. } | EventKind::ProduceFailed { request, .. } => Some(*request) != form_request,
                _ => false,
            };
            if load_outcome {
                continue;
            }
            let id = ENTRY_IDS.fetch_add(1, Ordering::Relaxed);
            if let Some(t) = entry(id, e) {
                self.next_entry = id + 1;
                self.timeline.push_front(t);
                self.timeline.truncate(TIMELINE_MAX);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_produce_names_the_paused_clock_as_its_cause() {
        let mut s = Session::new(7);
        let id = s.produce_keyed(DEFAULT_TOPIC, Some("k"), Some("v"), Acks::All);
        assert!(id.is_ok());
        let p = s.last_produce.clone().expect("the form's request is tracked");
        assert!(!p.done, "acks=all waits for the followers: {p:?}");
        assert!(p.line(false).contains("The clock is paused"), "{}", p.line(false));
        assert!(!p.line(true).contains("paused"), "while playing, the wait is the ISR's: {}", p.line(true));
        s.step(20);
        let p = s.last_produce.clone().expect("still tracked");
        assert!(p.done && p.text.contains("acknowledged"), "{p:?}");
        assert_eq!(p.line(false), p.text, "an outcome is not blamed on the clock");
    }
}
