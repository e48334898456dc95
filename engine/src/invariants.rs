//! Safety properties of the cluster, one function per property (after openraft's
//! `tests-turmoil/src/invariants/`). The `Auditor` remembers what it has seen (acknowledged
//! records, leaders per epoch, high watermarks) and checks the cluster after every step.

use crate::cluster::Cluster;
use crate::command::Command;
use crate::event::{Acks, Event, EventKind};
use crate::group::ConsumerGroup;
use crate::ids::{BrokerId, LeaderEpoch, Offset, TopicPartition};
use crate::partition::Partition;
use crate::record::ControlRecordType;
use crate::replica_log::ReplicaLog;
use crate::transaction_metadata::TransactionState;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub invariant: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.invariant, self.detail)
    }
}

/// Acknowledged records remembered per partition (oldest forgotten first).
const ACKED_PER_PARTITION_MAX: usize = 10_000;

#[derive(Debug, Default)]
pub struct Auditor {
    /// (partition, leader epoch) → the leader that epoch had.
    leaders: BTreeMap<(TopicPartition, LeaderEpoch), BrokerId>,
    /// Last seen (leader epoch, HW) of each partition's leader.
    high_watermarks: BTreeMap<TopicPartition, (LeaderEpoch, Offset)>,
    /// acks=all records acknowledged: offset → record id.
    acked: BTreeMap<TopicPartition, BTreeMap<Offset, u64>>,
    /// (leader, epoch) under which each partition's acknowledged records were last verified. A
    /// leader never truncates its own log within its epoch, so they need re-checking only when
    /// leadership changes (new acknowledgements are read from the leader's log as they arrive).
    verified_under: BTreeMap<TopicPartition, (BrokerId, LeaderEpoch)>,
    /// The highest HW each partition ever had: a newly elected leader's own HW can trail the
    /// old leader's for a while (it learns it from fetch responses), so a group may have
    /// committed past the current HW, never past this.
    hw_max: BTreeMap<TopicPartition, Offset>,
    pub acked_total: u64,
    /// What each compacted partition looked like when its ISR members' latest values were last
    /// compared (HW, and every ISR member's LEO, record count and bytes): compared again only
    /// when that changes.
    compacted_checked: BTreeMap<TopicPartition, Vec<i64>>,
    /// Topics that are or ever were compacted (audit data, read from the command log): their
    /// logs may keep offset gaps after `cleanup.policy` goes back to `delete`, as Kafka's do.
    ever_compacted: BTreeSet<String>,
    /// Violations found while observing events, reported by the next `check`.
    pending_violations: Vec<Violation>,
    /// How far each partition's leader log was read for the transaction invariants.
    txn_scans: BTreeMap<TopicPartition, TxnScan>,
    /// Commands of the cluster's log already read for `ever_compacted`.
    commands_read: usize,
    /// Whether a command that needs the groups' code (`Command::needs_groups`) was applied.
    group_command_seen: bool,
    /// How far each partition's committed records were read for the idempotent producers'
    /// sequences, and under which leader.
    idempotent_scans: BTreeMap<TopicPartition, IdempotentScan>,
}

/// The leader's log of one partition read so far for the transaction invariants: each
/// producer's open transaction (its first offset and the record ids in it).
#[derive(Debug)]
struct TxnScan {
    under: (BrokerId, LeaderEpoch),
    next: Offset,
    open: BTreeMap<i64, (Offset, Vec<u64>)>,
}

/// Record ids one open transaction is followed through (the sandbox's bound on the audit).
const TXN_RECORDS_AUDITED_MAX: usize = 10_000;

/// The committed records of one partition read so far for `idempotent_records_in_sequence`.
#[derive(Debug)]
struct IdempotentScan {
    under: (BrokerId, LeaderEpoch),
    next: Offset,
    /// Each producer id's last (epoch, sequence) read.
    last: BTreeMap<i64, (i16, i32)>,
}

impl Auditor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Learns from one event (call for every event, in order, before `check`).
    pub fn observe(&mut self, cluster: &Cluster, event: &Event) {
        if let EventKind::TopicDeleted { topic, .. } = &event.kind {
            self.forget_topic(topic);
        }
        if let EventKind::ProducerBatchAcked { producer, partition, first_offset, send_ids, .. } = &event.kind {
            // A producer client's acks=all batch: each of its records must survive too.
            if cluster.producer(*producer).is_some_and(|c| c.config.acks == Acks::All) {
                let Some(log) = cluster.partition(partition).and_then(|p| p.leader_log()) else { return };
                let acked = self.acked.entry(partition.clone()).or_default();
                for i in 0..send_ids.len() as i64 {
                    let offset = Offset(first_offset.0 + i);
                    if let Some(record) = log.record(offset) {
                        acked.insert(offset, record.record_id);
                        self.acked_total += 1;
                    }
                }
                while acked.len() > ACKED_PER_PARTITION_MAX {
                    acked.pop_first();
                }
            }
        }
        if let EventKind::TransactionStateChanged { producer_id, state, partitions, .. } = &event.kind {
            if matches!(state, TransactionState::CompleteCommit | TransactionState::CompleteAbort) {
                self.transaction_all_or_nothing(cluster, *producer_id, *state, partitions);
            }
        }
        if let EventKind::ProduceAcknowledged { partition, offset, acks: Acks::All, .. } = &event.kind {
            let Some(p) = cluster.partition(partition) else { return };
            let Some(record) = p.leader_log().and_then(|l| l.record(*offset)) else { return };
            let acked = self.acked.entry(partition.clone()).or_default();
            acked.insert(*offset, record.record_id);
            if acked.len() > ACKED_PER_PARTITION_MAX {
                acked.pop_first();
            }
            self.acked_total += 1;
        }
    }

    /// A deleted topic's partitions are gone: what was remembered of them does not bind a
    /// topic created again under the name (a new topic id, logs from offset 0, epochs from 0).
    fn forget_topic(&mut self, topic: &str) {
        let other = |tp: &TopicPartition| &*tp.topic != topic;
        self.leaders.retain(|(tp, _), _| other(tp));
        self.high_watermarks.retain(|tp, _| other(tp));
        self.acked.retain(|tp, _| other(tp));
        self.verified_under.retain(|tp, _| other(tp));
        self.hw_max.retain(|tp, _| other(tp));
        self.compacted_checked.retain(|tp, _| other(tp));
        self.txn_scans.retain(|tp, _| other(tp));
        self.idempotent_scans.retain(|tp, _| other(tp));
    }

    /// A completed transaction is all-or-nothing: every partition it wrote to holds its marker,
    /// of the kind the coordinator decided, as that producer's last marker on the leader. (The
    /// group's `__consumer_offsets` partition takes no marker in the sandbox.)
    fn transaction_all_or_nothing(&mut self, cluster: &Cluster, producer_id: i64, state: TransactionState, partitions: &[TopicPartition]) {
        let want = if state == TransactionState::CompleteCommit { ControlRecordType::Commit } else { ControlRecordType::Abort };
        for tp in partitions.iter().filter(|tp| tp.topic.as_ref() != crate::cluster::OFFSETS_TOPIC) {
            let Some(log) = cluster.partition(tp).and_then(|p| p.leader_log()) else { continue };
            let last_marker = log
                .tail(log.len())
                .filter_map(|r| r.producer.as_ref().filter(|p| p.producer_id == producer_id).and_then(|p| p.control))
                .last();
            if last_marker != Some(want) {
                self.pending_violations.push(violation(
                    "transaction_all_or_nothing",
                    format!("producer id {producer_id}: {} but {tp}'s last marker is {last_marker:?}", state.name()),
                ));
            }
        }
    }

    /// Reads the commands logged since the last check for topics made compacted.
    fn read_command_log(&mut self, cluster: &Cluster) {
        let log = cluster.command_log();
        for c in log.iter().skip(self.commands_read) {
            self.group_command_seen |= c.command.needs_groups();
            match &c.command {
                Command::CreateTopic { name, config, .. } if config.cleanup_policy.compacts() => {
                    self.ever_compacted.insert(name.clone());
                }
                Command::AlterTopicConfig { topic, set, .. }
                    if set.iter().any(|(k, v)| k.trim() == "cleanup.policy" && v.contains("compact")) =>
                {
                    self.ever_compacted.insert(topic.clone());
                }
                _ => {}
            }
        }
        self.commands_read = log.len();
    }

    /// Checks every property; returns what is violated.
    pub fn check(&mut self, cluster: &Cluster) -> Vec<Violation> {
        let mut v = std::mem::take(&mut self.pending_violations);
        self.read_command_log(cluster);
        let elr_enabled = cluster.config().eligible_leader_replicas_enable;
        for p in cluster.partitions() {
            let topic = cluster.topic(&p.tp.topic);
            let compacted = topic.is_some_and(|t| t.config.cleanup_policy.compacts()) || self.ever_compacted.contains(&*p.tp.topic);
            isr_subset_of_replicas(p, elr_enabled, &mut v);
            isr_no_duplicates(p, &mut v);
            leader_in_isr(p, &mut v);
            if let Some(t) = topic {
                elr_only_below_min_isr(p, elr_enabled, t.min_isr_effective(), &mut v);
            }
            elr_outside_isr(p, &mut v);
            no_last_known_elr_without_elr(p, elr_enabled, &mut v);
            elr_holds_committed(cluster, p, &mut v);
            for (b, log) in &p.logs {
                hw_le_leo(p, *b, log, &mut v);
                if compacted {
                    offsets_increasing(p, *b, log, &mut v);
                } else {
                    offsets_dense(p, *b, log, &mut v);
                }
                epoch_not_from_future(p, *b, log, &mut v);
                epoch_cache_increasing(p, *b, log, &mut v);
                segments_add_up(p, *b, log, &mut v);
                whole_batches(p, *b, log, &mut v);
            }
            if compacted {
                self.compacted_isr_same_latest_values(cluster, p, &mut v);
            }
            committed_on_every_isr_member(cluster, p, &mut v);
            self.one_leader_per_epoch(p, &mut v);
            self.hw_never_backwards(p, &mut v);
            if !topic.is_some_and(|t| t.config.unclean_leader_election_enable) {
                self.acked_records_survive(p, &mut v);
                self.idempotent_records_in_sequence(p, compacted, &mut v);
            }
            self.transactions_on_the_leader(p, &mut v);
        }
        self.check_groups(cluster, &mut v);
        self.groups_come_from_group_commands(cluster, &mut v);
        v
    }

    /// No consumer, group or transaction's offsets before a command that needs the groups'
    /// code: the hosted page loads that code only for those (`cluster::groups::code`), so
    /// anything else reaching a group would run differently there.
    fn groups_come_from_group_commands(&self, cluster: &Cluster, v: &mut Vec<Violation>) {
        if self.group_command_seen {
            return;
        }
        let (groups, consumers) = (cluster.groups().count(), cluster.consumers().count());
        if groups + consumers > 0 {
            v.push(violation(
                "groups_come_from_group_commands",
                format!("{groups} group(s) and {consumers} consumer(s), but no command that needs the groups' code was applied"),
            ));
        }
    }

    /// Consumer groups: one owner per partition once a Stable group has settled; never two
    /// owners at once among live members (eager or cooperative); committed offsets never past
    /// the high watermark; every offset below a committed one was delivered (or skipped by
    /// `auto.offset.reset`).
    fn check_groups(&self, cluster: &Cluster, v: &mut Vec<Violation>) {
        for g in cluster.groups() {
            one_owner_at_a_time(cluster, g, v);
            stable_group_one_owner(cluster, g, v);
            self.committed_le_hw(cluster, g, v);
            committed_were_delivered(g, v);
            lag_is_the_describe_columns_sum(cluster, g, v);
        }
    }

    /// A committed offset never passes the highest HW the partition has had (a group can only
    /// commit what it was given, and consumers read below the HW). Topics that allow unclean
    /// election are exempt: their HW may go back.
    fn committed_le_hw(&self, cluster: &Cluster, g: &ConsumerGroup, v: &mut Vec<Violation>) {
        for (tp, committed) in &g.committed {
            if cluster.topic(&tp.topic).is_none_or(|t| t.config.unclean_leader_election_enable) {
                continue;
            }
            let hw_seen = self.hw_max.get(tp).copied().unwrap_or(Offset(0));
            let hw = cluster.partition(tp).map_or(Offset(0), |p| p.high_watermark()).max(hw_seen);
            if *committed > hw {
                v.push(Violation {
                    invariant: "committed_le_hw",
                    detail: format!("group {}: {tp} committed {committed} > HW {hw}", g.group_id),
                });
            }
        }
    }

    /// A compacted partition: every running ISR member holds, for each key below the HW, the
    /// same latest record (a tombstone and no record are the same: the key is deleted). The log
    /// cleaner may only drop what a newer committed record of the same key supersedes.
    fn compacted_isr_same_latest_values(&mut self, cluster: &Cluster, p: &Partition, v: &mut Vec<Violation>) {
        let Some(leader) = p.leader_log() else { return };
        let hw = leader.high_watermark();
        let members: Vec<(BrokerId, &ReplicaLog)> = running_logs(cluster, p, &p.isr).collect();
        if members.len() < 2 {
            return;
        }
        let mut signature = vec![hw.0];
        for (b, l) in &members {
            signature.extend([i64::from(b.0), l.log_end_offset().0, l.len() as i64, l.size_bytes() as i64]);
        }
        if self.compacted_checked.get(&p.tp) == Some(&signature) {
            return;
        }
        self.compacted_checked.insert(p.tp.clone(), signature);
        let (first, first_log) = members[0];
        let expected = first_log.latest_by_key(hw);
        for (b, log) in &members[1..] {
            let got = log.latest_by_key(hw);
            let keys = expected.keys().chain(got.keys());
            for k in keys {
                let a = expected.get(k).copied().flatten().map(|r| r.record_id);
                let c = got.get(k).copied().flatten().map(|r| r.record_id);
                if a != c {
                    v.push(Violation {
                        invariant: "compacted_isr_same_latest_values",
                        detail: format!(
                            "{} key {:?} below HW {hw}: broker {first} has record {a:?}, broker {b} has {c:?}",
                            p.tp,
                            String::from_utf8_lossy(k)
                        ),
                    });
                    return;
                }
            }
        }
    }

    /// An idempotent producer's committed records follow each other in sequence within an epoch
    /// (no duplicate, no reorder, no gap: a batch that failed for good makes the producer bump
    /// its epoch), and its epoch never goes back. In a compacted log the cleaner leaves gaps, so
    /// there only duplicates and reorders count. Read incrementally below the HW; read again
    /// from the log start when leadership changes.
    /// Transactions on the leader's log, read independently of the replica's producer state:
    /// - `lso_never_passes_open_transaction`: the last stable offset is at most the HW and at
    ///   most the first offset of every open transaction;
    /// - `aborted_never_read_committed`: when an ABORT marker arrives, none of its transaction's
    ///   records is visible to read_committed readers, and when a COMMIT arrives, all are.
    fn transactions_on_the_leader(&mut self, p: &Partition, v: &mut Vec<Violation>) {
        let (Some(log), Some(leader)) = (p.leader_log(), p.leader) else { return };
        if log.producer_state().is_empty() {
            return;
        }
        let under = (leader, p.leader_epoch);
        let scan = self.txn_scans.entry(p.tp.clone()).or_insert(TxnScan { under, next: log.log_start_offset(), open: BTreeMap::new() });
        if scan.under != under {
            *scan = TxnScan { under, next: log.log_start_offset(), open: BTreeMap::new() };
        }
        for r in log.read_iter(scan.next.max(log.log_start_offset()), u64::MAX) {
            scan.next = Offset(r.offset.0 + 1);
            let Some(prod) = &*r.producer else { continue };
            match prod.control {
                None if prod.transactional => {
                    let open = scan.open.entry(prod.producer_id).or_insert((r.offset, Vec::new()));
                    if open.1.len() < TXN_RECORDS_AUDITED_MAX {
                        open.1.push(r.record_id);
                    }
                }
                None => {}
                Some(kind) => {
                    let Some((first, ids)) = scan.open.remove(&prod.producer_id) else { continue };
                    let want_visible = kind == ControlRecordType::Commit;
                    let wrong = log
                        .read_iter(first, u64::MAX)
                        .take_while(|x| x.offset < r.offset)
                        .filter(|x| ids.binary_search(&x.record_id).is_ok())
                        .find(|x| log.read_committed_visible(x) != want_visible);
                    if let Some(x) = wrong {
                        v.push(violation(
                            "aborted_never_read_committed",
                            format!(
                                "{} offset {}: {} transaction of producer {}, but read_committed sees it: {}",
                                p.tp,
                                x.offset,
                                kind.name(),
                                prod.producer_id,
                                !want_visible
                            ),
                        ));
                    }
                }
            }
        }
        let lso = log.last_stable_offset();
        let first_open = scan.open.values().map(|(o, _)| *o).min();
        if lso > log.high_watermark() || first_open.is_some_and(|o| lso > o) {
            v.push(violation(
                "lso_never_passes_open_transaction",
                format!("{}: LSO {lso}, HW {}, first open transaction at {first_open:?}", p.tp, log.high_watermark()),
            ));
        }
    }

    fn idempotent_records_in_sequence(&mut self, p: &Partition, compacted: bool, v: &mut Vec<Violation>) {
        let (Some(log), Some(leader)) = (p.leader_log(), p.leader) else { return };
        if log.producer_state().is_empty() {
            return;
        }
        let under = (leader, p.leader_epoch);
        let scan = self.idempotent_scans.entry(p.tp.clone()).or_insert(IdempotentScan { under, next: Offset(0), last: BTreeMap::new() });
        if scan.under != under {
            *scan = IdempotentScan { under, next: Offset(0), last: BTreeMap::new() };
        }
        let hw = log.high_watermark();
        for r in log.read_iter(scan.next.max(log.log_start_offset()), u64::MAX).take_while(|r| r.offset < hw) {
            scan.next = Offset(r.offset.0 + 1);
            let Some(prod) = &*r.producer else { continue };
            if prod.control.is_some() {
                continue; // a marker carries no sequence
            }
            let previous = scan.last.insert(prod.producer_id, (prod.producer_epoch, prod.sequence));
            let Some((epoch, seq)) = previous else { continue };
            let follows = i64::from(prod.sequence) == i64::from(seq) + 1 || (prod.sequence == 0 && seq == i32::MAX);
            let ok = prod.producer_epoch > epoch || (prod.producer_epoch == epoch && (follows || (compacted && prod.sequence > seq)));
            if !ok {
                v.push(violation(
                    "idempotent_records_in_sequence",
                    format!(
                        "{} offset {}: producer {} epoch {} sequence {} after epoch {epoch} sequence {seq}",
                        p.tp, r.offset, prod.producer_id, prod.producer_epoch, prod.sequence
                    ),
                ));
                return;
            }
        }
    }

    fn one_leader_per_epoch(&mut self, p: &Partition, v: &mut Vec<Violation>) {
        let Some(leader) = p.leader else { return };
        let key = (p.tp.clone(), p.leader_epoch);
        match self.leaders.get(&key) {
            Some(prev) if *prev != leader => v.push(Violation {
                invariant: "one_leader_per_epoch",
                detail: format!("{} epoch {} had leader {prev} and now {leader}", p.tp, p.leader_epoch),
            }),
            Some(_) => {}
            None => {
                self.leaders.insert(key, leader);
            }
        }
    }

    fn hw_never_backwards(&mut self, p: &Partition, v: &mut Vec<Violation>) {
        let Some(log) = p.leader_log() else { return };
        let hw = log.high_watermark();
        if let Some((epoch, prev)) = self.high_watermarks.get(&p.tp) {
            if *epoch == p.leader_epoch && hw < *prev {
                v.push(Violation {
                    invariant: "hw_never_backwards",
                    detail: format!("{} HW went from {prev} to {hw} in leader epoch {epoch}", p.tp),
                });
            }
        }
        self.high_watermarks.insert(p.tp.clone(), (p.leader_epoch, hw));
        let max = self.hw_max.entry(p.tp.clone()).or_insert(hw);
        *max = (*max).max(hw);
    }

    fn acked_records_survive(&mut self, p: &Partition, v: &mut Vec<Violation>) {
        let (Some(log), Some(leader)) = (p.leader_log(), p.leader) else { return };
        let Some(acked) = self.acked.get_mut(&p.tp) else { return };
        if self.verified_under.get(&p.tp) == Some(&(leader, p.leader_epoch)) {
            return;
        }
        self.verified_under.insert(p.tp.clone(), (leader, p.leader_epoch));
        // Records deleted by retention are gone legitimately.
        let start = log.log_start_offset();
        while acked.first_key_value().is_some_and(|(o, _)| *o < start) {
            acked.pop_first();
        }
        for (offset, id) in acked.iter() {
            match log.record(*offset) {
                Some(r) if r.record_id == *id => {}
                other => v.push(Violation {
                    invariant: "acked_records_survive",
                    detail: format!(
                        "{} offset {offset}: acknowledged record {id} (acks=all) is {} on leader {:?}",
                        p.tp,
                        other.map_or("missing".to_string(), |r| format!("replaced by record {}", r.record_id)),
                        p.leader
                    ),
                }),
            }
        }
    }
}

fn violation(invariant: &'static str, detail: String) -> Violation {
    Violation { invariant, detail }
}

/// The ISR is a subset of the replicas, and non-empty unless ELR is on (KIP-966 lets it empty).
fn isr_subset_of_replicas(p: &Partition, elr_enabled: bool, v: &mut Vec<Violation>) {
    if (p.isr.is_empty() && !elr_enabled) || p.isr.iter().any(|b| !p.replicas.contains(b)) {
        v.push(violation("isr_subset_of_replicas", format!("{} ISR {:?} replicas {:?}", p.tp, p.isr, p.replicas)));
    }
}

fn isr_no_duplicates(p: &Partition, v: &mut Vec<Violation>) {
    let mut sorted = p.isr.clone();
    sorted.sort();
    sorted.dedup();
    if sorted.len() != p.isr.len() {
        v.push(violation("isr_no_duplicates", format!("{} ISR {:?}", p.tp, p.isr)));
    }
}

fn leader_in_isr(p: &Partition, v: &mut Vec<Violation>) {
    if let Some(l) = p.leader.filter(|l| !p.isr.contains(l)) {
        v.push(violation("leader_in_isr", format!("{} leader {l} not in ISR {:?}", p.tp, p.isr)));
    }
}

/// KIP-966: the ELR is empty when ELR is off or the ISR is at min.insync.replicas.
fn elr_only_below_min_isr(p: &Partition, elr_enabled: bool, min_isr: usize, v: &mut Vec<Violation>) {
    if (!elr_enabled || p.isr.len() >= min_isr) && !p.elr.is_empty() {
        v.push(violation("elr_only_below_min_isr", format!("{} ISR {:?} ELR {:?}", p.tp, p.isr, p.elr)));
    }
}

/// ELR members are replicas outside the ISR.
fn elr_outside_isr(p: &Partition, v: &mut Vec<Violation>) {
    if p.elr.iter().any(|b| p.isr.contains(b) || !p.replicas.contains(b)) {
        v.push(violation("elr_outside_isr", format!("{} ISR {:?} ELR {:?}", p.tp, p.isr, p.elr)));
    }
}

fn no_last_known_elr_without_elr(p: &Partition, elr_enabled: bool, v: &mut Vec<Violation>) {
    if !elr_enabled && !p.last_known_elr.is_empty() {
        v.push(violation("no_last_known_elr_without_elr", format!("{} {:?}", p.tp, p.last_known_elr)));
    }
}

/// Every running ELR member holds every committed record (that is what makes it eligible).
fn elr_holds_committed(cluster: &Cluster, p: &Partition, v: &mut Vec<Violation>) {
    let hw = p.high_watermark();
    for (b, log) in running_logs(cluster, p, &p.elr).filter(|(_, log)| log.log_end_offset() < hw) {
        v.push(violation("elr_holds_committed", format!("{} HW {hw} but eligible broker {b} has LEO {}", p.tp, log.log_end_offset())));
    }
}

/// The logs of `members` whose brokers run (a stopped broker's log is frozen where it died).
fn running_logs<'a>(
    cluster: &'a Cluster,
    p: &'a Partition,
    members: &'a [BrokerId],
) -> impl Iterator<Item = (BrokerId, &'a ReplicaLog)> + 'a {
    members.iter().filter(|b| cluster.broker(**b).is_some_and(|x| x.running())).filter_map(|b| p.logs.get(b).map(|l| (*b, l)))
}

fn hw_le_leo(p: &Partition, b: BrokerId, log: &ReplicaLog, v: &mut Vec<Violation>) {
    if log.high_watermark() > log.log_end_offset() {
        v.push(violation("hw_le_leo", format!("{} broker {b}: HW {} > LEO {}", p.tp, log.high_watermark(), log.log_end_offset())));
    }
}

/// A log that was never compacted has a record at every offset from its start to its end.
fn offsets_dense(p: &Partition, b: BrokerId, log: &ReplicaLog, v: &mut Vec<Violation>) {
    let expected = log.log_end_offset().0 - log.log_start_offset().0;
    if expected != log.len() as i64 {
        let detail = format!("{} broker {b}: {} records between {} and {}", p.tp, log.len(), log.log_start_offset(), log.log_end_offset());
        v.push(violation("offsets_dense", detail));
    } else if let Some(last) = log.tail(1).next().filter(|last| last.offset.0 != log.log_end_offset().0 - 1) {
        v.push(violation("offsets_dense", format!("{} broker {b}: last offset {} LEO {}", p.tp, last.offset, log.log_end_offset())));
    }
}

/// A log's segments hold all its records and bytes, and each starts at or after the one
/// before ends (`LogSegment`s tile the log).
fn segments_add_up(p: &Partition, b: BrokerId, log: &ReplicaLog, v: &mut Vec<Violation>) {
    let segs = log.segments();
    let records: u64 = segs.iter().map(|s| u64::from(s.records)).sum();
    let bytes: u64 = segs.iter().map(|s| s.size_bytes).sum();
    let ordered = segs.iter().zip(segs.iter().skip(1)).all(|(a, b)| a.base_offset < b.base_offset);
    if records != log.len() as u64 || bytes != log.size_bytes() || !ordered || segs.is_empty() && !log.is_empty() {
        let detail = format!(
            "{} broker {b}: segments hold {records} records, {bytes} bytes; the log {} records, {} bytes",
            p.tp,
            log.len(),
            log.size_bytes()
        );
        v.push(violation("segments_add_up", detail));
    }
}

/// Replicas copy whole batches: a follower's log ends where one of its leader's batches ends
/// (the leader's record at the follower's log end starts a batch).
fn whole_batches(p: &Partition, b: BrokerId, log: &ReplicaLog, v: &mut Vec<Violation>) {
    if p.leader == Some(b) {
        return;
    }
    let Some(leader) = p.leader_log() else { return };
    // Only where the follower's history is the leader's (a diverged follower truncates first).
    let same_last = log.tail(1).next().is_some_and(|r| leader.record(r.offset).is_some_and(|l| l.record_id == r.record_id));
    if !same_last {
        return;
    }
    if let Some(next) = leader.record(log.log_end_offset()) {
        if !next.batch.first && log.log_end_offset() > log.log_start_offset() {
            v.push(violation(
                "whole_batches",
                format!("{} broker {b}: log end {} is inside a batch of the leader", p.tp, log.log_end_offset()),
            ));
        }
    }
}

/// A compacted log keeps its offsets (with gaps where the cleaner removed records), increasing.
fn offsets_increasing(p: &Partition, b: BrokerId, log: &ReplicaLog, v: &mut Vec<Violation>) {
    if log.tail(log.len()).zip(log.tail(log.len()).skip(1)).any(|(a, b)| a.offset >= b.offset) {
        v.push(violation("offsets_increasing", format!("{} broker {b}", p.tp)));
    }
}

/// No record carries a leader epoch the partition has not reached.
fn epoch_not_from_future(p: &Partition, b: BrokerId, log: &ReplicaLog, v: &mut Vec<Violation>) {
    if let Some(last) = log.tail(1).next().filter(|last| last.leader_epoch > p.leader_epoch) {
        let detail = format!("{} broker {b}: record epoch {} > partition epoch {}", p.tp, last.leader_epoch, p.leader_epoch);
        v.push(violation("epoch_not_from_future", detail));
    }
}

/// The leader epoch cache (`LeaderEpochFileCache`) has increasing epochs at non-decreasing offsets.
fn epoch_cache_increasing(p: &Partition, b: BrokerId, log: &ReplicaLog, v: &mut Vec<Violation>) {
    if log.epochs().windows(2).any(|w| w[0].epoch >= w[1].epoch || w[0].start_offset > w[1].start_offset) {
        v.push(violation("epoch_cache_increasing", format!("{} broker {b}: {:?}", p.tp, log.epochs())));
    }
}

/// The leader's HW never passes the LEO of a running in-sync replica: every committed record is
/// on every ISR member.
fn committed_on_every_isr_member(cluster: &Cluster, p: &Partition, v: &mut Vec<Violation>) {
    let Some(log) = p.leader_log() else { return };
    let hw = log.high_watermark();
    for (b, r) in running_logs(cluster, p, &p.isr).filter(|(_, r)| r.log_end_offset() < hw) {
        v.push(violation(
            "committed_on_every_isr_member",
            format!("{} HW {hw} but in-sync broker {b} has LEO {}", p.tp, r.log_end_offset()),
        ));
    }
}

/// Among the group's live members, no partition is owned by two consumers at once (the
/// cooperative and consumer protocols revoke before another member takes a partition).
fn one_owner_at_a_time(cluster: &Cluster, g: &ConsumerGroup, v: &mut Vec<Violation>) {
    let member_of = |c: &crate::consumer::Consumer| {
        c.alive() && c.member_id.as_deref().is_some_and(|m| g.member(m).is_some_and(|m| m.consumer == c.id))
    };
    let mut owner: BTreeMap<&TopicPartition, crate::ids::ConsumerId> = BTreeMap::new();
    for c in cluster.consumers().filter(|c| c.config.group_id == g.group_id && member_of(c)) {
        for tp in &c.owned {
            if let Some(other) = owner.insert(tp, c.id) {
                v.push(Violation {
                    invariant: "one_owner_at_a_time",
                    detail: format!("group {}: {tp} owned by {other} and {} at once", g.group_id, c.id),
                });
            }
        }
    }
}

/// A settled group (stable, every member alive and stable on the client) assigns every
/// partition of its subscribed topics to exactly one member.
fn stable_group_one_owner(cluster: &Cluster, g: &ConsumerGroup, v: &mut Vec<Violation>) {
    let settled = g.is_stable()
        && g.members().all(|m| {
            // A dead member's partitions stay its own (or withheld from it) until its session
            // times out: the group is settled only when every member responds.
            cluster.consumer(m.consumer).is_some_and(|c| c.alive() && c.phase == crate::consumer::JoinPhase::Stable && !c.rejoin_needed)
        });
    if !settled {
        return;
    }
    let mut assigned: BTreeMap<TopicPartition, usize> = BTreeMap::new();
    for m in g.members() {
        for tp in &m.assignment {
            *assigned.entry(tp.clone()).or_default() += 1;
        }
    }
    let mut topics: Vec<&String> = g.members().flat_map(|m| m.topics.iter()).collect();
    topics.sort();
    topics.dedup();
    for t in topics {
        let Some(topic) = cluster.topic(t) else { continue };
        for p in 0..topic.partitions.len() as u32 {
            let tp = TopicPartition::new(t.clone(), p);
            let n = assigned.get(&tp).copied().unwrap_or(0);
            if n != 1 {
                v.push(Violation {
                    invariant: "stable_group_one_owner",
                    detail: format!("group {} generation {}: {tp} has {n} owners", g.group_id, g.epoch()),
                });
            }
        }
    }
}

/// `group_lag` (the page's lag chart) is the sum of `describe_group`'s LAG column (the
/// `kafka-consumer-groups.sh --describe` table), which it computes without the rows.
fn lag_is_the_describe_columns_sum(cluster: &Cluster, g: &ConsumerGroup, v: &mut Vec<Violation>) {
    let rows: i64 = cluster.describe_group(&g.group_id).iter().filter_map(|r| r.lag).sum();
    let lag = cluster.group_lag(&g.group_id);
    if lag != rows {
        v.push(violation("lag_is_the_describe_columns_sum", format!("group {}: group_lag {lag}, LAG column sums to {rows}", g.group_id)));
    }
}

/// Every committed offset was delivered to the group first: a commit covers only records some
/// member received.
fn committed_were_delivered(g: &ConsumerGroup, v: &mut Vec<Violation>) {
    for (tp, committed) in &g.committed {
        if !g.audit.delivered.get(tp).is_some_and(|c| c.covers_up_to(committed.0)) {
            v.push(Violation {
                invariant: "committed_were_delivered",
                detail: format!(
                    "group {}: {tp} committed {committed} but delivered only {:?}",
                    g.group_id,
                    g.audit.delivered.get(tp).map(|c| c.ranges())
                ),
            });
        }
    }
}
