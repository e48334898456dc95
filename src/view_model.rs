//! Pure view models: plain data computed from the engine's read-only state, ready to render.
//! Nothing here touches the DOM, so it is cheap to test.

use engine::{Broker, Cluster, Partition};
use engine::{ControlRecordType, Record, ReplicaLog};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerVm {
    pub id: u32,
    pub status: &'static str,
    pub controller: bool,
    pub voter: bool,
    pub fenced: bool,
    pub leaders: usize,
    /// Extra delay between this broker's follower fetches (0 = normal).
    pub fetch_delay_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Leader,
    InSync,
    OutOfSync,
    Offline,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::InSync => "in-sync follower",
            Role::OutOfSync => "out-of-sync follower",
            Role::Offline => "offline",
        }
    }
    /// Short glyph so the role reads without colour.
    pub fn glyph(self) -> &'static str {
        match self {
            Role::Leader => "★",
            Role::InSync => "●",
            Role::OutOfSync => "◐",
            Role::Offline => "✕",
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::InSync => "insync",
            Role::OutOfSync => "outofsync",
            Role::Offline => "offline",
        }
    }
}

/// What a record is to transactions, as the replica's log says (`read_committed_visible`,
/// `last_stable_offset`): the strip draws each kind distinctly and the inspector explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxnMark {
    /// Not transactional, or of a committed transaction below the LSO.
    Plain,
    /// A transaction marker (a control record): COMMIT or ABORT.
    Marker(ControlRecordType),
    /// A record of an aborted transaction.
    Aborted,
    /// A record of a transaction not yet decided: at or above the partition's last stable offset.
    Open { lso: i64 },
}

/// One record in a replica's strip. It shares the engine's immutable record (a pointer copy,
/// no text is formatted until a record is first drawn).
#[derive(Debug, Clone)]
pub struct RecordVm {
    pub record: Arc<Record>,
    pub committed: bool,
    pub mark: TxnMark,
}

impl PartialEq for RecordVm {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.record, &other.record) && self.committed == other.committed && self.mark == other.mark
    }
}
impl Eq for RecordVm {}

impl RecordVm {
    pub fn offset(&self) -> i64 {
        self.record.offset.0
    }
    pub fn epoch(&self) -> i32 {
        self.record.leader_epoch.0
    }
    /// 0..12 colour slot from the key, so equal keys share a colour.
    pub fn colour(&self) -> u8 {
        key_colour(self.record.key.as_deref())
    }
    /// Everything about the record, for hover and focus.
    pub fn details(&self, topic: &str, partition: u32) -> String {
        let r = &self.record;
        let not_committed = if self.committed { "" } else { "\n(not yet committed: above the high watermark)" };
        let producer =
            (*r.producer).as_ref().map(|p| format!("producer id {}, epoch {}", p.producer_id, p.producer_epoch)).unwrap_or_default();
        match self.mark {
            TxnMark::Marker(control) => {
                return format!(
                    "{topic}-{partition} offset {}\n{} marker (a control record) of {producer}\nIt ends the producer's transaction on this partition: {}. It takes an offset, but no consumer receives it.\ntimestamp: {} ms\nleader epoch: {}{not_committed}",
                    r.offset,
                    control.name(),
                    match control {
                        ControlRecordType::Commit => "its records become visible to read_committed consumers",
                        ControlRecordType::Abort => "its records are skipped by read_committed consumers",
                    },
                    r.timestamp_ms.0,
                    r.leader_epoch,
                );
            }
            TxnMark::Plain | TxnMark::Aborted | TxnMark::Open { .. } => {}
        }
        let txn = match self.mark {
            TxnMark::Aborted => format!("\nABORTED transaction ({producer}): read_committed consumers skip it; read_uncommitted ones read it."),
            TxnMark::Open { lso } => format!(
                "\nOPEN transaction ({producer}): at or above the last stable offset {lso}, so read_committed consumers wait there until it commits or aborts; read_uncommitted ones read it."
            ),
            TxnMark::Plain if (*r.producer).as_ref().is_some_and(|p| p.transactional) => {
                format!("\ncommitted transaction ({producer}): every consumer reads it.")
            }
            _ => String::new(),
        };
        let headers: Vec<String> = r.headers.iter().map(|h| format!("{}={}", h.key, key_text(h.value.as_deref()))).collect();
        format!(
            "{topic}-{partition} offset {}{txn}\nkey: {}\nvalue: {}\nheaders: {}\ntimestamp: {} ms\nleader epoch: {}{not_committed}",
            r.offset,
            key_text(r.key.as_deref()),
            key_text(r.value.as_deref()),
            if headers.is_empty() { "none".to_string() } else { headers.join(", ") },
            r.timestamp_ms.0,
            r.leader_epoch,
        )
    }
}

/// A strip's summary for screen readers: its offsets, how many are committed, and its
/// transaction markers, aborted and open records when it has any.
pub fn strip_summary(tail: &[RecordVm], broker: u32) -> String {
    let (Some(a), Some(b)) = (tail.first(), tail.last()) else { return format!("broker {broker}: empty log") };
    let count = |f: fn(&TxnMark) -> bool| tail.iter().filter(|r| f(&r.mark)).count();
    let mut parts = vec![format!("{} committed", tail.iter().filter(|r| r.committed).count())];
    for (n, what) in [
        (count(|m| *m == TxnMark::Marker(ControlRecordType::Commit)), "COMMIT marker"),
        (count(|m| *m == TxnMark::Marker(ControlRecordType::Abort)), "ABORT marker"),
        (count(|m| *m == TxnMark::Aborted), "aborted record"),
        (count(|m| matches!(m, TxnMark::Open { .. })), "record of an open transaction"),
    ] {
        match n {
            0 => {}
            1 => parts.push(format!("1 {what}")),
            _ => parts.push(format!("{n} {}", what.replacen("record", "records", 1).replacen("marker", "markers", 1))),
        }
    }
    format!(
        "broker {broker}: recent offsets {} to {}, {}; focus and use the arrow keys to inspect them",
        a.offset(),
        b.offset(),
        parts.join(", ")
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaVm {
    pub broker: u32,
    pub role: Role,
    pub log_end_offset: i64,
    pub high_watermark: i64,
    pub log_start_offset: i64,
    pub tail: Vec<RecordVm>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionVm {
    pub topic: String,
    pub partition: u32,
    pub leader: Option<u32>,
    pub leader_epoch: i32,
    pub replicas: Vec<u32>,
    pub isr: Vec<u32>,
    /// Eligible leader replicas and LastKnownElr (KIP-966; empty unless ELR is on).
    pub elr: Vec<u32>,
    pub last_known_elr: Vec<u32>,
    pub high_watermark: i64,
    /// The leader's last stable offset (read_committed consumers read up to it): below the HW
    /// while a transaction is open.
    pub last_stable_offset: i64,
    pub log_end_offset: i64,
    pub replica_views: Vec<ReplicaVm>,
    /// Consumers owning this partition right now: (group, consumer number).
    pub owners: Vec<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicVm {
    pub name: String,
    pub partitions: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterVm {
    pub time_ms: u64,
    pub brokers: Vec<BrokerVm>,
    pub topics: Vec<TopicVm>,
    /// The partitions on the current page only: the DOM never holds more than `PAGE_SIZE`.
    pub partitions: Vec<PartitionVm>,
    /// Partitions matching the topic filter, over all pages.
    pub partitions_matching: usize,
    pub page: usize,
    pub pages: usize,
    pub groups: Vec<crate::groups_vm::GroupVm>,
    /// Changes when the session samples lag (the charts redraw then, not every tick).
    pub lag_samples: u64,
}

/// Which partitions to show: a topic (or all) and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageSpec {
    pub topic: Option<String>,
    pub page: usize,
}

/// Partitions per page of the partition view and the describe table. A bound on DOM work per
/// frame, whatever the cluster's size.
pub const PAGE_SIZE: usize = 12;

/// Records shown per replica strip.
pub const TAIL_RECORDS: usize = 12;

pub fn key_text(key: Option<&[u8]>) -> String {
    match key {
        None => "null".to_string(),
        Some(k) => String::from_utf8_lossy(k).into_owned(),
    }
}

/// A colour slot per key (FNV of the bytes); null keys get slot 12.
pub fn key_colour(key: Option<&[u8]>) -> u8 {
    match key {
        None => 12,
        Some(k) => (k.iter().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)) % 12) as u8,
    }
}

fn broker_vm(cluster: &Cluster, b: &Broker) -> BrokerVm {
    BrokerVm {
        id: b.id.0,
        status: b.status_label(),
        controller: cluster.controller() == Some(b.id),
        voter: b.voter,
        fenced: b.fenced,
        leaders: cluster.partitions().filter(|p| p.leader == Some(b.id)).count(),
        fetch_delay_ms: b.fetch_delay_ms,
    }
}

fn role_of(cluster: &Cluster, p: &Partition, broker: engine::BrokerId) -> Role {
    let running = cluster.broker(broker).is_some_and(|b| b.running());
    if !running {
        Role::Offline
    } else if p.leader == Some(broker) {
        Role::Leader
    } else if p.isr.contains(&broker) {
        Role::InSync
    } else {
        Role::OutOfSync
    }
}

/// Which consumers own which partition (client view), for the partition cards.
pub fn owners_by_partition(cluster: &Cluster) -> std::collections::BTreeMap<engine::TopicPartition, Vec<(String, u32)>> {
    let mut out: std::collections::BTreeMap<engine::TopicPartition, Vec<(String, u32)>> = Default::default();
    for c in cluster.consumers().filter(|c| c.alive()) {
        for tp in &c.owned {
            out.entry(tp.clone()).or_default().push((c.config.group_id.clone(), c.id.0));
        }
    }
    out
}

/// What `r` is to transactions, by `log`'s rules; `lso` is the partition's (its leader's).
pub fn txn_mark(log: &ReplicaLog, r: &Record, lso: i64) -> TxnMark {
    match &*r.producer {
        Some(p) => match p.control {
            Some(control) => TxnMark::Marker(control),
            None if !p.transactional => TxnMark::Plain,
            None if !log.read_committed_visible(r) => TxnMark::Aborted,
            None if r.offset.0 >= lso => TxnMark::Open { lso },
            None => TxnMark::Plain,
        },
        None => TxnMark::Plain,
    }
}

/// "LSO 3" beside the HW when an open transaction holds it below, with its accessible label.
pub fn lso_text(p: &PartitionVm) -> Option<(String, String)> {
    (p.last_stable_offset != p.high_watermark).then(|| {
        (
            format!("LSO {}", p.last_stable_offset),
            format!(
                "last stable offset {}: an open transaction holds it below the high watermark {}; read_committed consumers read up to it",
                p.last_stable_offset, p.high_watermark
            ),
        )
    })
}

pub fn partition_vm(cluster: &Cluster, p: &Partition) -> PartitionVm {
    let hw = p.high_watermark().0;
    let lso = p.leader_log().map_or(hw, |l| l.last_stable_offset().0);
    let replica_views = p
        .replicas
        .iter()
        .map(|b| {
            let log = p.logs.get(b);
            ReplicaVm {
                broker: b.0,
                role: role_of(cluster, p, *b),
                log_end_offset: log.map_or(0, |l| l.log_end_offset().0),
                high_watermark: log.map_or(0, |l| l.high_watermark().0),
                log_start_offset: log.map_or(0, |l| l.log_start_offset().0),
                tail: log
                    .map(|l| {
                        l.tail(TAIL_RECORDS)
                            .map(|r| RecordVm { record: Arc::clone(r), committed: r.offset.0 < hw, mark: txn_mark(l, r, lso) })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    PartitionVm {
        topic: p.tp.topic.to_string(),
        partition: p.tp.partition,
        leader: p.leader.map(|b| b.0),
        leader_epoch: p.leader_epoch.0,
        replicas: p.replicas.iter().map(|b| b.0).collect(),
        isr: p.isr.iter().map(|b| b.0).collect(),
        elr: p.elr.iter().map(|b| b.0).collect(),
        last_known_elr: p.last_known_elr.iter().map(|b| b.0).collect(),
        high_watermark: hw,
        last_stable_offset: lso,
        log_end_offset: p.log_end_offset().0,
        replica_views,
        owners: Vec::new(),
    }
}

/// Internal topics (`__consumer_offsets`) are shown only when chosen in the filter, like
/// `kafka-topics.sh --describe --exclude-internal`.
pub fn is_internal(topic: &str) -> bool {
    topic.starts_with("__")
}

pub fn cluster_vm(cluster: &Cluster, spec: &PageSpec, lag_samples: u64, tr: crate::i18n::Tr) -> ClusterVm {
    let matches = |p: &&Partition| spec.topic.as_ref().map_or(!is_internal(&p.tp.topic), |t| **t == *p.tp.topic);
    let partitions_matching = cluster.partitions().filter(matches).count();
    let pages = partitions_matching.div_ceil(PAGE_SIZE).max(1);
    let page = spec.page.min(pages - 1);
    let owners = owners_by_partition(cluster);
    let partitions: Vec<PartitionVm> = cluster
        .partitions()
        .filter(matches)
        .skip(page * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|p| PartitionVm { owners: owners.get(&p.tp).cloned().unwrap_or_default(), ..partition_vm(cluster, p) })
        .collect();
    let on_page = |t: &str, n: u32| partitions.iter().any(|p| p.topic == t && p.partition == n);
    let groups = crate::groups_vm::groups_vm(cluster, on_page, tr);
    ClusterVm {
        time_ms: cluster.now().0,
        brokers: cluster.brokers().map(|b| broker_vm(cluster, b)).collect(),
        topics: cluster.topics().map(|t| TopicVm { name: t.name.clone(), partitions: t.partitions.len() as u32 }).collect(),
        partitions,
        partitions_matching,
        page,
        pages,
        groups,
        lag_samples,
    }
}

pub fn join_ids(ids: &[u32]) -> String {
    ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

/// "12.3 s" for the clock.
pub fn format_time(ms: u64) -> String {
    format!("{}.{} s", ms / 1000, (ms % 1000) / 100)
}

/// The follower fetch delay of a broker made "slow" with one click: 10 s past
/// `replica.lag.time.max.ms`, so its leaders drop it from their ISRs (`Partition.getOutOfSyncReplicas`).
pub fn slow_fetch_delay_ms(replica_lag_time_max_ms: u64) -> u64 {
    replica_lag_time_max_ms.saturating_add(10_000)
}

/// A running load's settings, as the Continuous load group shows them.
pub fn load_settings_text(load: &engine::LoadGenerator) -> String {
    let keys = if load.key_count == 0 { "null keys".to_string() } else { format!("{} distinct key(s)", load.key_count) };
    format!("{} records/s to {} with acks={}, {keys}", load.rate_per_s, load.topic, load.acks.label())
}

/// `auto.leader.rebalance.enable`, explained with the cluster's own settings and the time of the
/// next check, if one is scheduled (the line under the describe table).
pub fn rebalance_text(cluster: &Cluster) -> String {
    let c = cluster.config();
    if !c.auto_leader_rebalance_enable {
        return "auto.leader.rebalance.enable=false: leadership stays where failovers put it; use Preferred leader election.".into();
    }
    let every = c.leader_imbalance_check_interval_ms / 1000;
    let next = match cluster.leader_rebalance_due() {
        _ if cluster.controller().is_none() => " No active controller now (the quorum has no majority): no check runs.".into(),
        Some(due) => format!(" Next check in {} s.", due.0.saturating_sub(cluster.now().0).div_ceil(1000)),
        None => " Every partition has its preferred leader now.".into(),
    };
    format!(
        "auto.leader.rebalance.enable=true: {every} s (leader.imbalance.check.interval.seconds) after a partition loses its preferred leader (first in Replicas), the controller elects it again if it is in the ISR.{next}"
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_running_load_says_what_it_sends_and_how() {
        let load = engine::LoadGenerator::new("payments", 200, 0, engine::Acks::Leader, 1).expect("valid load");
        assert_eq!(load_settings_text(&load), "200 records/s to payments with acks=1, null keys");
    }

    use super::*;
    use engine::{ClusterConfig, Command, TopicConfig};

    fn step_until(c: &mut Cluster, mut done: impl FnMut(&Cluster) -> bool) {
        for _ in 0..500 {
            if done(c) {
                return;
            }
            c.step();
            while c.poll_event().is_some() {}
        }
        panic!("not reached in 500 steps");
    }

    fn leader_tail(c: &Cluster, partition: u32) -> (PartitionVm, Vec<RecordVm>) {
        let p = c.topic("t").unwrap().partitions[partition as usize].clone();
        let vm = partition_vm(c, &p);
        let leader = vm.leader.unwrap();
        let tail = vm.replica_views.iter().find(|r| r.broker == leader).unwrap().tail.clone();
        (vm, tail)
    }

    #[test]
    fn strips_mark_open_committed_and_aborted_transactions_and_their_markers() {
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 5, ..ClusterConfig::default() }).unwrap();
        let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
        c.apply(Command::CreateTopic { name: "t".into(), partitions: 1, replication_factor: 3, config }).unwrap();
        let config = vec![("transactional.id".to_string(), "tx".to_string())];
        let p = c.apply(Command::CreateProducer { config }).unwrap().producer().unwrap();
        c.apply(Command::InitTransactions { producer: p }).unwrap();
        let txn_state = |c: &Cluster| c.producer(p).unwrap().txn.as_ref().unwrap().clone();
        step_until(&mut c, |c| txn_state(c).state == engine::TxnClientState::Ready);
        c.apply(Command::BeginTransaction { producer: p }).unwrap();
        for v in ["a", "b"] {
            c.apply(Command::Send { producer: p, record: engine::ProduceRecord::keyed("t", "k", v) }).unwrap();
        }
        step_until(&mut c, |c| c.topic("t").unwrap().partitions[0].high_watermark().0 == 2);
        // Open: replicated below the HW, but the LSO stays at the transaction's first offset.
        let (vm, tail) = leader_tail(&c, 0);
        assert_eq!((vm.high_watermark, vm.last_stable_offset), (2, 0));
        assert_eq!(tail.iter().map(|r| r.mark).collect::<Vec<_>>(), [TxnMark::Open { lso: 0 }; 2]);
        let (short, long) = lso_text(&vm).expect("shown when it differs from the HW");
        assert_eq!(short, "LSO 0");
        assert!(long.starts_with("last stable offset 0: an open transaction holds it below the high watermark 2"), "{long}");
        assert!(tail[0].details("t", 0).contains("OPEN transaction (producer id 0, epoch 0): at or above the last stable offset 0"));
        assert!(strip_summary(&tail, 1).contains("2 committed, 2 records of an open transaction"), "{}", strip_summary(&tail, 1));
        c.apply(Command::CommitTransaction { producer: p }).unwrap();
        step_until(&mut c, |c| txn_state(c).committed == 1 && c.topic("t").unwrap().partitions[0].high_watermark().0 == 3);
        let (vm, tail) = leader_tail(&c, 0);
        assert_eq!((vm.last_stable_offset, lso_text(&vm)), (3, None), "no LSO shown when it is the HW");
        let marks: Vec<TxnMark> = tail.iter().map(|r| r.mark).collect();
        assert_eq!(marks, [TxnMark::Plain, TxnMark::Plain, TxnMark::Marker(ControlRecordType::Commit)]);
        let d = tail[2].details("t", 0);
        assert!(d.starts_with("t-0 offset 2\nCOMMIT marker (a control record) of producer id 0, epoch 1"), "{d}");
        assert!(d.contains("It takes an offset, but no consumer receives it."), "{d}");
        assert!(tail[0].details("t", 0).contains("committed transaction (producer id 0, epoch 0): every consumer reads it."));
        c.apply(Command::BeginTransaction { producer: p }).unwrap();
        c.apply(Command::Send { producer: p, record: engine::ProduceRecord::keyed("t", "k", "c") }).unwrap();
        step_until(&mut c, |c| c.topic("t").unwrap().partitions[0].high_watermark().0 == 4);
        c.apply(Command::AbortTransaction { producer: p }).unwrap();
        step_until(&mut c, |c| txn_state(c).aborted == 1 && c.topic("t").unwrap().partitions[0].high_watermark().0 == 5);
        let (_, tail) = leader_tail(&c, 0);
        assert_eq!(tail[3].mark, TxnMark::Aborted);
        assert_eq!(tail[4].mark, TxnMark::Marker(ControlRecordType::Abort));
        let d = tail[3].details("t", 0);
        assert!(
            d.contains("ABORTED transaction (producer id 0, epoch 1): read_committed consumers skip it; read_uncommitted ones read it."),
            "{d}"
        );
        assert!(tail[4].details("t", 0).contains("its records are skipped by read_committed consumers"));
        assert_eq!(
            strip_summary(&tail, 1),
            "broker 1: recent offsets 0 to 4, 5 committed, 1 COMMIT marker, 1 ABORT marker, 1 aborted record; focus and use the arrow keys to inspect them"
        );
        // A plain record says nothing about transactions.
        let plain = RecordVm { mark: TxnMark::Plain, ..tail[0].clone() };
        assert_eq!(
            strip_summary(std::slice::from_ref(&plain), 2),
            "broker 2: recent offsets 0 to 0, 1 committed; focus and use the arrow keys to inspect them"
        );
    }

    #[test]
    fn the_rebalance_line_counts_down_to_the_controllers_next_check() {
        let mut c = Cluster::new(ClusterConfig::default()).unwrap();
        let config = TopicConfig::default();
        c.apply(Command::CreateTopic { name: "t".into(), partitions: 3, replication_factor: 3, config }).unwrap();
        assert!(rebalance_text(&c).ends_with("Every partition has its preferred leader now."));
        let preferred = c.topic("t").unwrap().partitions[0].replicas[0];
        c.apply(Command::ShutdownBroker { broker: preferred }).unwrap();
        c.step();
        assert!(rebalance_text(&c).ends_with("Next check in 300 s."), "{}", rebalance_text(&c));
        let off = Cluster::new(ClusterConfig { auto_leader_rebalance_enable: false, ..ClusterConfig::default() }).unwrap();
        assert!(rebalance_text(&off).starts_with("auto.leader.rebalance.enable=false"));
    }
}
