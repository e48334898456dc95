//! Pure view models: plain data computed from the engine's read-only state, ready to render.
//! Nothing here touches the DOM, so it is cheap to test.

use crate::i18n::{count, key, Tr};
use engine::{Broker, BrokerState, Cluster, Partition};
use engine::{ControlRecordType, Record, ReplicaLog};
use std::sync::Arc;

/// A broker's process and network state, from the engine's data (`Broker::state`, `isolated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokerStatus {
    Running,
    Stopped,
    Isolated,
}

impl BrokerStatus {
    pub fn of(b: &Broker) -> BrokerStatus {
        match (b.state, b.isolated) {
            (BrokerState::Stopped, _) => BrokerStatus::Stopped,
            (BrokerState::Running, true) => BrokerStatus::Isolated,
            (BrokerState::Running, false) => BrokerStatus::Running,
        }
    }
    /// The card's CSS class.
    pub fn class(self) -> &'static str {
        match self {
            BrokerStatus::Running => "running",
            BrokerStatus::Stopped => "stopped",
            BrokerStatus::Isolated => "isolated",
        }
    }
    /// The status label's catalogue key.
    pub fn label_key(self) -> &'static str {
        match self {
            BrokerStatus::Running => key("brokers-status-running"),
            BrokerStatus::Stopped => key("brokers-status-stopped"),
            BrokerStatus::Isolated => key("brokers-status-isolated"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerVm {
    pub id: u32,
    pub status: BrokerStatus,
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
    /// The role's catalogue key ("leader", "in-sync follower" …).
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Leader => key("partitions-role-leader"),
            Role::InSync => key("partitions-role-in-sync"),
            Role::OutOfSync => key("partitions-role-out-of-sync"),
            Role::Offline => key("partitions-role-offline"),
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
    /// Everything about the record, for hover and focus: one line per fact.
    pub fn details(&self, topic: &str, partition: u32, tr: Tr) -> String {
        let r = &self.record;
        let heading =
            tr.f("inspector-record-heading", &[("partition", format!("{topic}-{partition}").into()), ("offset", r.offset.0.into())]);
        let producer = (*r.producer)
            .as_ref()
            .map(|p| tr.f("inspector-record-producer", &[("id", p.producer_id.into()), ("epoch", p.producer_epoch.into())]))
            .unwrap_or_default();
        let timestamp = tr.f("inspector-record-timestamp", &[("ms", r.timestamp_ms.0.into())]);
        let epoch = tr.f("inspector-record-leader-epoch", &[("epoch", r.leader_epoch.0.into())]);
        let mut lines = vec![heading];
        if let TxnMark::Marker(control) = self.mark {
            lines.push(tr.f("inspector-record-marker", &[("marker", control.name().into()), ("producer", producer.as_str().into())]));
            lines.push(match control {
                ControlRecordType::Commit => tr.t("inspector-record-commit-marker-effect"),
                ControlRecordType::Abort => tr.t("inspector-record-abort-marker-effect"),
            });
        } else {
            let txn = match self.mark {
                TxnMark::Aborted => Some(tr.f("inspector-record-txn-aborted", &[("producer", producer.as_str().into())])),
                TxnMark::Open { lso } => {
                    Some(tr.f("inspector-record-txn-open", &[("producer", producer.as_str().into()), ("lso", lso.into())]))
                }
                TxnMark::Plain if (*r.producer).as_ref().is_some_and(|p| p.transactional) => {
                    Some(tr.f("inspector-record-txn-committed", &[("producer", producer.as_str().into())]))
                }
                _ => None,
            };
            lines.extend(txn);
            let headers: Vec<String> = r.headers.iter().map(|h| format!("{}={}", h.key, key_text(h.value.as_deref()))).collect();
            let headers = if headers.is_empty() { tr.t("inspector-record-headers-none") } else { headers.join(", ") };
            lines.push(tr.f("inspector-record-key", &[("key", key_text(r.key.as_deref()).into())]));
            lines.push(tr.f("inspector-record-value", &[("value", key_text(r.value_bytes().as_deref()).into())]));
            lines.push(tr.f("inspector-record-headers", &[("headers", headers.into())]));
        }
        lines.push(timestamp);
        lines.push(epoch);
        if !self.committed {
            lines.push(tr.t("inspector-record-not-committed"));
        }
        lines.join("\n")
    }
}

/// A strip's summary for screen readers: its offsets, how many are committed, and its
/// transaction markers, aborted and open records when it has any.
pub fn strip_summary(tail: &[RecordVm], broker: u32, tr: Tr) -> String {
    let (Some(a), Some(b)) = (tail.first(), tail.last()) else { return tr.f("strip-empty", &[("broker", broker.into())]) };
    let how_many = |f: fn(&TxnMark) -> bool| tail.iter().filter(|r| f(&r.mark)).count();
    let mut parts = vec![tr.f("strip-committed", &[("n", count(tail.iter().filter(|r| r.committed).count()))])];
    for (n, what) in [
        (how_many(|m| *m == TxnMark::Marker(ControlRecordType::Commit)), key("strip-commit-markers")),
        (how_many(|m| *m == TxnMark::Marker(ControlRecordType::Abort)), key("strip-abort-markers")),
        (how_many(|m| *m == TxnMark::Aborted), key("strip-aborted-records")),
        (how_many(|m| matches!(m, TxnMark::Open { .. })), key("strip-open-records")),
    ] {
        if n > 0 {
            parts.push(tr.f(what, &[("n", count(n))]));
        }
    }
    let args = [("broker", broker.into()), ("first", a.offset().into()), ("last", b.offset().into()), ("parts", parts.join(", ").into())];
    tr.f("strip-summary", &args)
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
        status: BrokerStatus::of(b),
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
pub fn owners_by_partition(cluster: &Cluster) -> engine::partition_map::PartitionMap<Vec<(String, u32)>> {
    let mut out = engine::partition_map::PartitionMap::<Vec<(String, u32)>>::new();
    for c in cluster.consumers().filter(|c| c.alive()) {
        for tp in &c.owned {
            out.get_or_default(tp).push((c.config.group_id.clone(), c.id.0));
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
pub fn lso_text(p: &PartitionVm, tr: Tr) -> Option<(String, String)> {
    (p.last_stable_offset != p.high_watermark).then(|| {
        (
            format!("LSO {}", p.last_stable_offset),
            tr.f("partitions-lso-explained", &[("lso", p.last_stable_offset.into()), ("hw", p.high_watermark.into())]),
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

/// "12.3 s" / "12.3초".
pub fn format_time_in(ms: u64, tr: Tr) -> String {
    tr.f("time-clock", &[("s", (ms / 1000).into()), ("tenths", ((ms % 1000) / 100).into())])
}

/// The follower fetch delay of a broker made "slow" with one click: 10 s past
/// `replica.lag.time.max.ms`, so its leaders drop it from their ISRs (`Partition.getOutOfSyncReplicas`).
pub fn slow_fetch_delay_ms(replica_lag_time_max_ms: u64) -> u64 {
    replica_lag_time_max_ms.saturating_add(10_000)
}

/// A running load's settings, as the Continuous load group shows them:
/// "200 records/s to payments with acks=1, null keys", in `tr`'s language.
pub fn load_settings_in(load: &engine::LoadGenerator, tr: Tr) -> String {
    let keys =
        if load.key_count == 0 { tr.t("load-settings-null-keys") } else { tr.f("load-settings-keys", &[("n", count(load.key_count))]) };
    let args =
        [("rate", count(load.rate_per_s)), ("topic", (&*load.topic).into()), ("acks", load.acks.label().into()), ("keys", keys.into())];
    tr.f("load-settings-line", &args)
}

/// `auto.leader.rebalance.enable`, explained with the cluster's own settings and the time of the
/// next check, if one is scheduled (the line under the describe table).
pub fn rebalance_text(cluster: &Cluster, tr: Tr) -> String {
    let c = cluster.config();
    if !c.auto_leader_rebalance_enable {
        return tr.t("describe-leader-rebalance-off");
    }
    let every = c.leader_imbalance_check_interval_ms / 1000;
    let next = match cluster.leader_rebalance_due() {
        _ if cluster.controller().is_none() => tr.t("describe-leader-rebalance-no-controller"),
        Some(due) => tr.f("describe-leader-rebalance-next-check", &[("s", count(due.0.saturating_sub(cluster.now().0).div_ceil(1000)))]),
        None => tr.t("describe-leader-rebalance-all-preferred"),
    };
    tr.f("describe-leader-rebalance-on", &[("every", count(every)), ("next", next.into())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use engine::{ClusterConfig, Command, TopicConfig};

    #[test]
    fn a_running_load_says_what_it_sends_and_how() {
        let load = engine::LoadGenerator::new("payments", 200, 0, engine::Acks::Leader, 1).expect("valid load");
        assert_eq!(load_settings_in(&load, Tr::new(Lang::En)), "200 records/s to payments with acks=1, null keys");
    }

    fn en() -> Tr {
        Tr::new(Lang::En)
    }

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
        let (short, long) = lso_text(&vm, en()).expect("shown when it differs from the HW");
        assert_eq!(short, "LSO 0");
        assert!(long.starts_with("last stable offset 0: an open transaction holds it below the high watermark 2"), "{long}");
        assert!(tail[0].details("t", 0, en()).contains("OPEN transaction (producer id 0, epoch 0): at or above the last stable offset 0"));
        assert!(
            strip_summary(&tail, 1, en()).contains("2 committed, 2 records of an open transaction"),
            "{}",
            strip_summary(&tail, 1, en())
        );
        c.apply(Command::CommitTransaction { producer: p }).unwrap();
        step_until(&mut c, |c| txn_state(c).committed == 1 && c.topic("t").unwrap().partitions[0].high_watermark().0 == 3);
        let (vm, tail) = leader_tail(&c, 0);
        assert_eq!((vm.last_stable_offset, lso_text(&vm, en())), (3, None), "no LSO shown when it is the HW");
        let marks: Vec<TxnMark> = tail.iter().map(|r| r.mark).collect();
        assert_eq!(marks, [TxnMark::Plain, TxnMark::Plain, TxnMark::Marker(ControlRecordType::Commit)]);
        let d = tail[2].details("t", 0, en());
        assert!(d.starts_with("t-0 offset 2\nCOMMIT marker (a control record) of producer id 0, epoch 1"), "{d}");
        assert!(d.contains("It takes an offset, but no consumer receives it."), "{d}");
        assert!(tail[0].details("t", 0, en()).contains("committed transaction (producer id 0, epoch 0): every consumer reads it."));
        c.apply(Command::BeginTransaction { producer: p }).unwrap();
        c.apply(Command::Send { producer: p, record: engine::ProduceRecord::keyed("t", "k", "c") }).unwrap();
        step_until(&mut c, |c| c.topic("t").unwrap().partitions[0].high_watermark().0 == 4);
        c.apply(Command::AbortTransaction { producer: p }).unwrap();
        step_until(&mut c, |c| txn_state(c).aborted == 1 && c.topic("t").unwrap().partitions[0].high_watermark().0 == 5);
        let (_, tail) = leader_tail(&c, 0);
        assert_eq!(tail[3].mark, TxnMark::Aborted);
        assert_eq!(tail[4].mark, TxnMark::Marker(ControlRecordType::Abort));
        let d = tail[3].details("t", 0, en());
        assert!(
            d.contains("ABORTED transaction (producer id 0, epoch 1): read_committed consumers skip it; read_uncommitted ones read it."),
            "{d}"
        );
        assert!(tail[4].details("t", 0, en()).contains("its records are skipped by read_committed consumers"));
        assert_eq!(
            strip_summary(&tail, 1, en()),
            "broker 1: recent offsets 0 to 4, 5 committed, 1 COMMIT marker, 1 ABORT marker, 1 aborted record; focus and use the arrow keys to inspect them"
        );
        assert_eq!(
            strip_summary(&tail, 1, Tr::new(Lang::Ko)),
            "브로커 1: 최근 오프셋 0~4, 커밋된 레코드 5개, COMMIT 마커 1개, ABORT 마커 1개, 중단된 트랜잭션의 레코드 1개. 화살표 키로 레코드를 하나씩 살펴볼 수 있습니다."
        );
        let d = tail[4].details("t", 0, Tr::new(Lang::Ko));
        assert!(d.starts_with("t-0 오프셋 4\nABORT 마커: 프로듀서 ID 0, 에포크 2의 제어 레코드(control record)"), "{d}");
        // A plain record says nothing about transactions.
        let plain = RecordVm { mark: TxnMark::Plain, ..tail[0].clone() };
        assert_eq!(
            strip_summary(std::slice::from_ref(&plain), 2, en()),
            "broker 2: recent offsets 0 to 0, 1 committed; focus and use the arrow keys to inspect them"
        );
    }

    #[test]
    fn the_clock_and_the_load_line_in_both_languages() {
        assert_eq!(format_time_in(12_345, Tr::new(Lang::En)), "12.3 s");
        assert_eq!(format_time_in(12_345, Tr::new(Lang::Ko)), "12.3초");
        let load = engine::LoadGenerator::new("payments", 1000, 1, engine::Acks::All, 1).expect("valid load");
        assert_eq!(load_settings_in(&load, Tr::new(Lang::En)), "1,000 records/s to payments with acks=all, 1 distinct key");
        assert_eq!(load_settings_in(&load, Tr::new(Lang::Ko)), "payments에 초당 레코드 1,000개 (acks=all, 서로 다른 키 1개)");
    }

    #[test]
    fn the_rebalance_line_counts_down_to_the_controllers_next_check() {
        let mut c = Cluster::new(ClusterConfig::default()).unwrap();
        let config = TopicConfig::default();
        c.apply(Command::CreateTopic { name: "t".into(), partitions: 3, replication_factor: 3, config }).unwrap();
        assert!(rebalance_text(&c, en()).ends_with("Every partition has its preferred leader now."));
        let preferred = c.topic("t").unwrap().partitions[0].replicas[0];
        c.apply(Command::ShutdownBroker { broker: preferred }).unwrap();
        c.step();
        assert!(rebalance_text(&c, en()).ends_with("Next check in 300 s."), "{}", rebalance_text(&c, en()));
        assert_eq!(rebalance_text(&c, Tr::new(Lang::Ko)).rsplit(". ").next(), Some("다음 점검까지 300초 남았습니다."));
        let off = Cluster::new(ClusterConfig { auto_leader_rebalance_enable: false, ..ClusterConfig::default() }).unwrap();
        assert!(rebalance_text(&off, en()).starts_with("auto.leader.rebalance.enable=false"));
    }
}
