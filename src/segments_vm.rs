//! The bytes view's model (pure, native tests): one replica's log as Kafka keeps it on disk:
//! its segments (`.log`, `.index`, `.timeindex`), the batches of a segment, one batch's bytes
//! with every field located, and the steps of finding an offset. Everything here is data; the
//! panel (`ui::segments`) says it in the learner's language.
//!
//! Bounded: a view lists at most `ROWS_MAX` segments or batches (the newest) and dumps at most
//! `DUMP_BYTES_MAX` bytes of a batch, so a large log never makes a large page.

use engine::log_batch::{LogBatch, LookupOutcome, OffsetLookup};
use engine::record_batch::ByteField;
use engine::{BrokerId, Cluster, Offset, ReplicaLog, TopicPartition};

pub const ROWS_MAX: usize = 100;
pub const DUMP_BYTES_MAX: usize = 2048;
pub const INDEX_ROWS_MAX: usize = 50;

/// Which replica's log the view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaChoice {
    pub tp: TopicPartition,
    pub broker: BrokerId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRow {
    /// `00000000000000000000` (the `.log`, `.index` and `.timeindex` share it).
    pub file: String,
    pub base_offset: i64,
    /// Its last record's offset (None when empty).
    pub last_offset: Option<i64>,
    pub size_bytes: u64,
    pub records: u32,
    pub batches: usize,
    pub max_timestamp_ms: Option<u64>,
    pub index_entries: usize,
    pub time_index_entries: usize,
    pub active: bool,
    /// On a compacted topic: where the segment stands for the cleaner.
    pub cleaner: Option<CleanerSide>,
}

/// A segment's part in compaction: wholly below the cleaner point (clean), wholly from it up to
/// the first uncleanable offset (dirty), across the point (partly), or at or past the first
/// uncleanable offset (the active segment, open transactions, `min.compaction.lag.ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CleanerSide {
    Clean,
    Dirty,
    Partly,
    Uncleanable,
}

/// The cleaner's view of the log (compacted topics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanerVm {
    pub cleaner_point: i64,
    pub first_uncleanable: i64,
    pub clean_bytes: u64,
    pub dirty_bytes: u64,
    /// `dirty / (clean + dirty)` in whole percent.
    pub dirty_percent: u64,
    pub min_dirty_percent: u64,
    /// Tombstones in the log: (offset, the time it goes) when the cleaner has stamped it, oldest
    /// first, at most `INDEX_ROWS_MAX`.
    pub tombstones: Vec<(i64, Option<u64>)>,
    pub tombstone_count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogVm {
    pub log_start_offset: i64,
    pub log_end_offset: i64,
    pub high_watermark: i64,
    pub size_bytes: u64,
    /// The newest `ROWS_MAX` segments, oldest first.
    pub segments: Vec<SegmentRow>,
    /// How many segments the log has (more than shown when over `ROWS_MAX`).
    pub segment_count: usize,
    pub cleaner: Option<CleanerVm>,
}

fn cleaner_vm(cluster: &Cluster, choice: &ReplicaChoice, log: &ReplicaLog) -> Option<CleanerVm> {
    let rule = cluster.cleaner_rule(&choice.tp.topic)?;
    let state = log.cleanable(&rule)?;
    let total = state.clean_bytes + state.dirty_bytes;
    let horizons = log.delete_horizons();
    let tombstones: Vec<(i64, Option<u64>)> = log
        .segment_records_all()
        .filter(|r| r.value.is_none() && r.key.is_some() && !r.is_control())
        .map(|r| (r.offset.0, horizons.iter().find(|(o, _)| *o == r.offset).map(|(_, t)| t.0)))
        .collect();
    Some(CleanerVm {
        cleaner_point: state.cleaner_checkpoint.0,
        first_uncleanable: state.first_uncleanable.0,
        clean_bytes: state.clean_bytes,
        dirty_bytes: state.dirty_bytes,
        dirty_percent: (state.dirty_bytes * 100).checked_div(total).unwrap_or(0),
        min_dirty_percent: (rule.min_cleanable_ratio * 100.0) as u64,
        tombstone_count: tombstones.len(),
        tombstones: tombstones.into_iter().take(INDEX_ROWS_MAX).collect(),
    })
}

fn side(c: &CleanerVm, base: i64, last: Option<i64>) -> CleanerSide {
    let last = last.unwrap_or(base);
    if base >= c.first_uncleanable {
        CleanerSide::Uncleanable
    } else if last < c.cleaner_point {
        CleanerSide::Clean
    } else if base >= c.cleaner_point {
        CleanerSide::Dirty
    } else {
        CleanerSide::Partly
    }
}

fn log_of<'a>(cluster: &'a Cluster, choice: &ReplicaChoice) -> Option<&'a ReplicaLog> {
    cluster.partition(&choice.tp)?.logs.get(&choice.broker)
}

/// The replicas of a partition, for the replica select.
pub fn replicas(cluster: &Cluster, tp: &TopicPartition) -> Vec<BrokerId> {
    cluster.partition(tp).map(|p| p.replicas.clone()).unwrap_or_default()
}

pub fn log_vm(cluster: &Cluster, choice: &ReplicaChoice) -> Option<LogVm> {
    let log = log_of(cluster, choice)?;
    let n = log.segments().len();
    let from = n.saturating_sub(ROWS_MAX);
    let cleaner = cleaner_vm(cluster, choice, log);
    let segments = (from..n)
        .map(|i| {
            let s = &log.segments()[i];
            let last = log.segment_records(i).next_back().map(|r| r.offset.0);
            SegmentRow {
                file: s.file_name(""),
                base_offset: s.base_offset.0,
                last_offset: last,
                size_bytes: s.size_bytes,
                records: s.records,
                batches: log.segment_records(i).filter(|r| r.batch.first).count(),
                max_timestamp_ms: s.offset_of_max_timestamp.map(|_| s.timestamp_max_ms.0),
                index_entries: s.offset_index.len(),
                time_index_entries: s.time_index.len(),
                active: i + 1 == n,
                cleaner: cleaner.as_ref().map(|c| side(c, s.base_offset.0, last)),
            }
        })
        .collect();
    Some(LogVm {
        log_start_offset: log.log_start_offset().0,
        log_end_offset: log.log_end_offset().0,
        high_watermark: log.high_watermark().0,
        size_bytes: log.size_bytes(),
        segments,
        segment_count: n,
        cleaner,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentVm {
    pub file: String,
    /// The newest `ROWS_MAX` batches, oldest first.
    pub batches: Vec<LogBatch>,
    pub batch_count: usize,
    /// `.index`: (offset, position), at most `INDEX_ROWS_MAX` (the first ones).
    pub index: Vec<(i64, u32)>,
    pub index_count: usize,
    /// `.timeindex`: (timestamp, offset), at most `INDEX_ROWS_MAX`.
    pub time_index: Vec<(u64, i64)>,
    pub time_index_count: usize,
}

/// The segment whose base offset is `base` (None when retention deleted it).
pub fn segment_vm(cluster: &Cluster, choice: &ReplicaChoice, base: i64) -> Option<SegmentVm> {
    let log = log_of(cluster, choice)?;
    let i = log.segments().iter().position(|s| s.base_offset.0 == base)?;
    let s = &log.segments()[i];
    let all = log.segment_batches(i);
    let batch_count = all.len();
    let batches = all.into_iter().skip(batch_count.saturating_sub(ROWS_MAX)).collect();
    Some(SegmentVm {
        file: s.file_name(""),
        batches,
        batch_count,
        index: s.offset_index.iter().take(INDEX_ROWS_MAX).map(|e| (e.offset.0, e.position)).collect(),
        index_count: s.offset_index.len(),
        time_index: s.time_index.iter().take(INDEX_ROWS_MAX).map(|e| (e.timestamp_ms.0, e.offset.0)).collect(),
        time_index_count: s.time_index.len(),
    })
}

/// One batch's bytes and their fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpVm {
    pub batch: LogBatch,
    /// The first `DUMP_BYTES_MAX` bytes.
    pub bytes: Vec<u8>,
    pub total_bytes: usize,
    /// The fields that begin within the bytes shown.
    pub fields: Vec<ByteField>,
}

/// How a batch's bytes split into fields (`record_batch::layout`, which decodes and
/// decompresses: the hosted page loads it with the bytes view, `chunks::batch_layout`).
pub type BatchLayout = fn(&[u8]) -> Result<Vec<ByteField>, engine::record_batch::BatchError>;

/// The batch of segment `base` that starts at offset `batch_base`; its fields once `layout`
/// is at hand (none before).
pub fn dump_vm(cluster: &Cluster, choice: &ReplicaChoice, base: i64, batch_base: i64, layout: Option<BatchLayout>) -> Option<DumpVm> {
    let log = log_of(cluster, choice)?;
    let i = log.segments().iter().position(|s| s.base_offset.0 == base)?;
    let batch = log.segment_batches(i).into_iter().find(|b| b.base_offset.0 == batch_base)?;
    let bytes = log.batch_bytes(i, &batch);
    let fields = layout.and_then(|l| l(&bytes).ok()).unwrap_or_default();
    let total_bytes = bytes.len();
    let shown = bytes[..total_bytes.min(DUMP_BYTES_MAX)].to_vec();
    let fields = fields.into_iter().filter(|f| f.start < DUMP_BYTES_MAX).collect();
    Some(DumpVm { batch, bytes: shown, total_bytes, fields })
}

/// The field each shown byte belongs to (index into `fields`), for colouring the dump.
pub fn field_of_bytes(dump: &DumpVm) -> Vec<Option<usize>> {
    let mut out = vec![None; dump.bytes.len()];
    for (k, f) in dump.fields.iter().enumerate() {
        for slot in out.iter_mut().skip(f.start).take(f.len) {
            *slot = Some(k);
        }
    }
    out
}

/// Finding `target` in the replica's log.
pub fn lookup(cluster: &Cluster, choice: &ReplicaChoice, target: i64) -> Option<(OffsetLookup, Option<String>)> {
    let log = log_of(cluster, choice)?;
    let l = log.lookup(Offset(target));
    let file = l.segment.and_then(|i| log.segments().get(i)).map(|s| s.file_name(""));
    Some((l, file))
}

/// Whether a lookup found its offset itself (not a later one: compaction removed it).
pub fn found_exactly(l: &OffsetLookup, cluster: &Cluster, choice: &ReplicaChoice) -> bool {
    l.outcome == LookupOutcome::Found && log_of(cluster, choice).is_some_and(|log| log.record(l.target).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{ClusterConfig, Command, ProduceRecord, TopicConfig};

    fn cluster() -> Cluster {
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 7, ..ClusterConfig::default() }).unwrap();
        let mut config = TopicConfig::default();
        engine::topic_config::set_config(&mut config, "segment.bytes", "2048").unwrap();
        engine::topic_config::set_config(&mut config, "index.interval.bytes", "300").unwrap();
        c.apply(Command::CreateTopic { name: "t".into(), partitions: 1, replication_factor: 3, config }).unwrap();
        for _ in 0..5 {
            c.step();
        }
        let p = c.apply(Command::CreateProducer { config: vec![("linger.ms".into(), "0".into())] }).unwrap().producer().unwrap();
        for i in 0..60 {
            c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("t", &format!("k{i}"), "some value of a record") }).unwrap();
            c.step();
        }
        for _ in 0..20 {
            c.step();
        }
        c
    }

    #[test]
    fn the_log_lists_its_segments_with_their_files_and_indexes() {
        let c = cluster();
        let tp = TopicPartition::new("t", 0);
        let leader = c.partition(&tp).unwrap().leader.unwrap();
        let choice = ReplicaChoice { tp, broker: leader };
        let vm = log_vm(&c, &choice).unwrap();
        assert!(vm.segment_count >= 2, "2 KiB segments rolled");
        assert_eq!(vm.segments[0].file, "00000000000000000000");
        assert!(vm.segments.last().unwrap().active);
        assert_eq!(vm.segments.iter().map(|s| s.size_bytes).sum::<u64>(), vm.size_bytes);
        let first = segment_vm(&c, &choice, 0).unwrap();
        assert!(!first.index.is_empty(), "entries every 300 bytes");
        assert_eq!(first.batches.len(), first.batch_count);
        let b = &first.batches[1];
        let dump = dump_vm(&c, &choice, 0, b.base_offset.0, Some(engine::record_batch::layout)).unwrap();
        assert_eq!(dump.total_bytes as u64, b.size_bytes);
        assert_eq!(dump.fields[0].name, "baseOffset");
        assert_eq!(dump.fields[0].value, b.base_offset.0.to_string());
        let owners = field_of_bytes(&dump);
        assert!(owners.iter().all(Option::is_some), "every byte belongs to a field");
        let (l, file) = lookup(&c, &choice, b.base_offset.0).unwrap();
        assert_eq!(l.outcome, LookupOutcome::Found);
        assert_eq!(file.as_deref(), Some("00000000000000000000"));
        assert!(found_exactly(&l, &c, &choice));
        assert_eq!(lookup(&c, &choice, 10_000).unwrap().0.outcome, LookupOutcome::OutOfRange);
        assert!(segment_vm(&c, &choice, 3).is_none(), "no segment starts at 3");
        assert!(vm.cleaner.is_none(), "a delete-policy topic has no cleaner view");
    }

    #[test]
    fn a_compacted_log_shows_its_clean_and_dirty_parts_and_tombstones() {
        let mut c = Cluster::new(ClusterConfig { brokers: 1, seed: 3, ..ClusterConfig::default() }).unwrap();
        let mut config = TopicConfig::default();
        for (k, v) in [("cleanup.policy", "compact"), ("segment.bytes", "1024"), ("delete.retention.ms", "600000")] {
            engine::topic_config::set_config(&mut config, k, v).unwrap();
        }
        c.apply(Command::CreateTopic { name: "t".into(), partitions: 1, replication_factor: 1, config }).unwrap();
        for _ in 0..5 {
            c.step();
        }
        let p = c.apply(Command::CreateProducer { config: vec![("linger.ms".into(), "0".into())] }).unwrap().producer().unwrap();
        for i in 0..80 {
            let mut r = ProduceRecord::keyed("t", &format!("k{}", i % 3), "v");
            if i == 40 {
                r.value = None;
            }
            c.apply(Command::Send { producer: p, record: r }).unwrap();
            c.step();
        }
        for _ in 0..100 {
            c.step();
        }
        let choice = ReplicaChoice { tp: TopicPartition::new("t", 0), broker: BrokerId(1) };
        let vm = log_vm(&c, &choice).unwrap();
        let cl = vm.cleaner.expect("a compacted topic has a cleaner view");
        assert!(cl.cleaner_point > 0, "the cleaner ran: {cl:?}");
        assert_eq!(cl.first_uncleanable, vm.segments.last().unwrap().base_offset, "the active segment is never cleaned");
        assert_eq!(vm.segments.last().unwrap().cleaner, Some(CleanerSide::Uncleanable));
        assert_eq!(vm.segments[0].cleaner, Some(CleanerSide::Clean));
        assert!(cl.dirty_percent < cl.min_dirty_percent || cl.dirty_bytes == 0);
        assert!(cl.tombstones.iter().all(|(o, _)| *o >= 40));
    }
}
