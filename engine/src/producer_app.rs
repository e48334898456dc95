//! An application that produces through a producer client (`KafkaProducer`), for the seeded
//! simulations and `ksim run --producer`: it sends unique values (`p<app>-<n>`), runs
//! transactions of `txn_size` records when it has a `transactional.id` (aborting a share of
//! them), replaces itself when fenced, and remembers each record's fate from the events — what
//! `ksim run --dump` writes and what the simulation checks after healing.
//!
//! Everything it does goes through `Cluster::apply`, so a run replays from its session.

use crate::cluster::Cluster;
use crate::command::{Command, Outcome, ProduceRecord};
use crate::event::{Event, EventKind};
use crate::ids::{Offset, ProducerHandle, TopicPartition};
use crate::rng::Rng;
use crate::transaction_manager::TxnClientState;
use crate::vec_map::VecMap;
use serde::Serialize;

/// Records one application remembers (the sandbox's bound on a run's dump).
pub const APP_RECORDS_MAX: usize = 1_000_000;

/// A record as the application sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentValue {
    pub key: Option<String>,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AckedValue {
    pub value: String,
    pub topic: String,
    pub partition: u32,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedValue {
    pub value: String,
    /// The Kafka error's name, or `TransactionAbortedException` for a record of an aborted
    /// transaction that was never sent.
    pub error: String,
}

#[derive(Debug, Clone)]
pub struct ProducerApp {
    pub index: u32,
    /// The producer's configs (`KEY=VALUE`).
    pub config: Vec<(String, String)>,
    /// Records per transaction (0: no transactions).
    pub txn_size: u32,
    /// Share of transactions aborted, in percent.
    pub abort_pct: u32,
    pub topics: Vec<String>,
    handle: Option<ProducerHandle>,
    in_txn: u32,
    next_value: u64,
    /// (producer, send id) → index into `sent`.
    pending: VecMap<(ProducerHandle, u64), usize>,
    pub sent: Vec<SentValue>,
    pub acked: Vec<AckedValue>,
    pub failed: Vec<FailedValue>,
    /// Transactions committed and aborted (by the application or the coordinator).
    pub commits: u64,
    pub aborts: u64,
}

impl ProducerApp {
    pub fn new(index: u32, config: Vec<(String, String)>, txn_size: u32, abort_pct: u32, topics: Vec<String>) -> Self {
        ProducerApp {
            index,
            config,
            txn_size,
            abort_pct: abort_pct.min(100),
            topics,
            handle: None,
            in_txn: 0,
            next_value: 0,
            pending: VecMap::new(),
            sent: Vec::new(),
            acked: Vec::new(),
            failed: Vec::new(),
            commits: 0,
            aborts: 0,
        }
    }

    pub fn transactional(&self) -> bool {
        self.config.iter().any(|(k, _)| k == "transactional.id")
    }

    /// Whether the producer is idempotent (so every acknowledged record must be in the log once).
    pub fn idempotent(&self) -> bool {
        let get = |name: &str| self.config.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        get("enable.idempotence") != Some("false") && matches!(get("acks"), None | Some("all") | Some("-1"))
    }

    /// One step of the application: (re)start the producer, move its transaction on, send `n`
    /// records. Errors from the cluster are the application's to handle (they never stop a run).
    pub fn step(&mut self, cluster: &mut Cluster, rng: &mut Rng, n: u64) {
        let state = self.handle.and_then(|h| cluster.producer(h)).map(|p| p.txn.as_ref().map(|t| t.state));
        let Some(txn_state) = state else {
            // Not started, or closed: a new producer.
            if let Ok(Outcome::ProducerStarted(h)) = cluster.apply(Command::CreateProducer { config: self.config.clone() }) {
                self.handle = Some(h);
                self.in_txn = 0;
                if self.transactional() {
                    let _ = cluster.apply(Command::InitTransactions { producer: h });
                }
            }
            return;
        };
        let Some(h) = self.handle else { return };
        match txn_state {
            None => {}
            Some(TxnClientState::FatalError(_)) => {
                // Fenced or timed out: close it; a new one with the same transactional.id takes over.
                let _ = cluster.apply(Command::CloseProducer { producer: h });
                self.handle = None;
                return;
            }
            Some(TxnClientState::AbortableError(_)) => {
                let _ = cluster.apply(Command::AbortTransaction { producer: h });
                return;
            }
            Some(TxnClientState::Ready) if cluster.apply(Command::BeginTransaction { producer: h }).is_ok() => self.in_txn = 0,
            Some(TxnClientState::Ready) => return,
            Some(TxnClientState::InTransaction) => {}
            Some(_) => return, // initializing, committing or aborting: wait
        }
        for _ in 0..n {
            if self.txn_size > 0 && self.in_txn >= self.txn_size {
                break;
            }
            self.send_one(cluster, rng, h);
        }
        if self.txn_size > 0 && self.in_txn >= self.txn_size {
            let abort = rng.below(100) < u64::from(self.abort_pct);
            let command = if abort { Command::AbortTransaction { producer: h } } else { Command::CommitTransaction { producer: h } };
            let _ = cluster.apply(command);
        }
    }

    fn send_one(&mut self, cluster: &mut Cluster, rng: &mut Rng, h: ProducerHandle) {
        if self.sent.len() >= APP_RECORDS_MAX || self.topics.is_empty() {
            return;
        }
        let topic = &self.topics[rng.below(self.topics.len() as u64) as usize];
        let key = (!rng.chance(1, 10)).then(|| format!("key-{}", rng.below(50)));
        let value = format!("p{}-{}", self.index, self.next_value);
        let record = ProduceRecord {
            topic: topic.as_str().into(),
            key: key.as_ref().map(|k| k.as_bytes().into()),
            value: Some(value.as_bytes().to_vec().into()),
            partition: None,
            headers: Vec::new(),
        };
        if let Ok(Outcome::Queued(id)) = cluster.apply(Command::Send { producer: h, record }) {
            self.next_value += 1;
            self.in_txn += 1;
            self.pending.insert((h, id), self.sent.len());
            self.sent.push(SentValue { key, value });
        }
    }

    /// Learns each record's fate from the events.
    pub fn observe(&mut self, event: &Event) {
        match &event.kind {
            EventKind::ProducerBatchAcked { producer, partition, first_offset, send_ids, .. } => {
                for (i, id) in send_ids.iter().enumerate() {
                    if let Some(idx) = self.pending.remove(&(*producer, *id)) {
                        // acks=0 answers without an offset (-1).
                        let offset = if first_offset.0 < 0 { -1 } else { first_offset.0 + i as i64 };
                        self.acked.push(AckedValue {
                            value: self.sent[idx].value.clone(),
                            topic: partition.topic.to_string(),
                            partition: partition.partition,
                            offset,
                        });
                    }
                }
            }
            EventKind::ProducerBatchFailed { producer, error, send_ids, .. } => {
                self.fail(*producer, send_ids, error.name());
            }
            EventKind::ProducerBatchAborted { producer, send_ids, .. } => {
                self.fail(*producer, send_ids, "TransactionAbortedException");
            }
            EventKind::ProducerTransactionEnded { producer, committed } if Some(*producer) == self.handle => {
                if *committed {
                    self.commits += 1;
                } else {
                    self.aborts += 1;
                }
            }
            _ => {}
        }
    }

    fn fail(&mut self, producer: ProducerHandle, send_ids: &[u64], error: &str) {
        for id in send_ids {
            if let Some(idx) = self.pending.remove(&(producer, *id)) {
                self.failed.push(FailedValue { value: self.sent[idx].value.clone(), error: error.to_string() });
            }
        }
    }

    /// After healing: every acknowledged record of an idempotent producer is in its partition's
    /// log exactly once, at the acknowledged offset, and each partition holds them in send order.
    /// Returns the first breach.
    pub fn check_acked_once_in_order(&self, cluster: &Cluster) -> Option<String> {
        if !self.idempotent() {
            return None;
        }
        let order: VecMap<&str, usize> = self.sent.iter().enumerate().map(|(i, s)| (s.value.as_str(), i)).collect();
        let prefix = format!("p{}-", self.index);
        let mut partitions: crate::vec_map::VecSet<TopicPartition> = crate::vec_map::VecSet::new();
        for a in &self.acked {
            let tp = TopicPartition::new(a.topic.as_str(), a.partition);
            let Some(log) = cluster.partition(&tp).and_then(|p| p.leader_log()) else { return Some(format!("{tp} has no leader")) };
            let found = log.record(Offset(a.offset)).and_then(|r| r.value.as_ref()).map(|v| v.with_bytes(|v| v == a.value.as_bytes()));
            if found != Some(true) {
                return Some(format!("{} acknowledged at {tp} offset {} is not there", a.value, a.offset));
            }
            partitions.insert(tp);
        }
        for tp in &partitions {
            let Some(log) = cluster.partition(tp).and_then(|p| p.leader_log()) else { continue };
            // Every value of this application in the log, in offset order: no value twice, and
            // send order preserved.
            let mut seen: VecMap<Vec<u8>, Offset> = VecMap::new();
            let mut last_sent: Option<usize> = None;
            for r in log.read_iter(log.log_start_offset(), u64::MAX) {
                let Some(v) = r.value.as_ref().map(|v| v.to_vec()).filter(|v| v.starts_with(prefix.as_bytes())) else { continue };
                let i = std::str::from_utf8(&v).ok().and_then(|s| order.get(s)).copied();
                if let Some(first) = seen.insert(v.clone(), r.offset) {
                    return Some(format!("{} is in {tp} twice: offsets {first} and {}", String::from_utf8_lossy(&v), r.offset));
                }
                let Some(i) = i else { continue };
                if last_sent.is_some_and(|l| i < l) {
                    return Some(format!("{tp} offset {}: {} was sent before the record above it", r.offset, String::from_utf8_lossy(&v)));
                }
                last_sent = Some(i);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotence_follows_the_configs() {
        let app = |c: &[(&str, &str)]| ProducerApp::new(0, c.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), 0, 0, vec![]);
        assert!(app(&[]).idempotent());
        assert!(!app(&[("acks", "1")]).idempotent());
        assert!(!app(&[("enable.idempotence", "false")]).idempotent());
        assert!(app(&[("transactional.id", "t")]).transactional());
    }
}
