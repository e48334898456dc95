//! Issue 24: storage down to the bytes. Batches are what the producer sends, the leader appends
//! and followers copy; segment sizes are the sizes of the encoded batches; `.index` and
//! `.timeindex` follow `index.interval.bytes`; segments roll by `segment.bytes` and
//! `segment.ms`; retention deletes whole segments (the active one too once it has expired);
//! compression follows the producer's and the topic's `compression.type`; the cleaner rewrites
//! batches. Every check decodes the bytes the engine would have on disk.

mod common;
use common::steps;
use engine::log_batch::LookupOutcome;
use engine::record_batch::{self, Compression};
use engine::{Cluster, ClusterConfig, Command, Offset, ProduceRecord, ProducerHandle, ReplicaLog, TopicConfig, TopicPartition};

fn cluster(seed: u64, configs: &[(&str, &str)]) -> Cluster {
    let mut c = Cluster::new(ClusterConfig { brokers: 3, seed, ..ClusterConfig::default() }).unwrap();
    let mut config = TopicConfig::default();
    for (k, v) in configs {
        engine::topic_config::set_config(&mut config, k, v).unwrap();
    }
    c.apply(Command::CreateTopic { name: "t".into(), partitions: 1, replication_factor: 3, config }).unwrap();
    steps(&mut c, 5);
    c
}

fn producer(c: &mut Cluster, config: &[(&str, &str)]) -> ProducerHandle {
    let config = config.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    c.apply(Command::CreateProducer { config }).unwrap().producer().expect("a producer")
}

fn send(c: &mut Cluster, p: ProducerHandle, key: &str, value: &str) {
    c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("t", key, value) }).unwrap();
}

fn tp() -> TopicPartition {
    TopicPartition::new("t", 0)
}

/// Every batch of every segment of `log` decodes from the bytes the engine gives, with a valid
/// CRC, the records the log holds, and the size the segment counts; segment sizes add up.
fn check_bytes(log: &ReplicaLog) {
    let mut total = 0u64;
    for (i, seg) in log.segments().iter().enumerate() {
        let mut size = 0u64;
        for b in log.segment_batches(i) {
            let bytes = log.batch_bytes(i, &b);
            assert_eq!(bytes.len() as u64, b.size_bytes, "batch at {} is as long as the log counts it", b.base_offset.0);
            assert_eq!(b.position, size, "batch positions follow each other");
            let d = record_batch::decode(&bytes).unwrap();
            assert!(d.crc_valid);
            assert_eq!(d.header.base_offset, b.base_offset.0);
            assert_eq!(d.header.compression, b.compression);
            let records: Vec<_> = log.segment_records(i).skip(b.first_index).take(b.count as usize).collect();
            assert_eq!(d.records.len(), records.len());
            for (dr, r) in d.records.iter().zip(&records) {
                assert_eq!(d.header.base_offset + i64::from(dr.offset_delta), r.offset.0);
                if !r.is_control() {
                    assert_eq!(dr.key.as_deref(), r.key.as_deref());
                    assert_eq!(dr.value.as_deref(), r.value_bytes().as_deref());
                }
            }
            size += b.size_bytes;
        }
        assert_eq!(size, seg.size_bytes, "segment {} is the sum of its batches", seg.base_offset.0);
        total += size;
    }
    assert_eq!(total, log.size_bytes());
}

#[test]
fn a_producer_batch_is_one_batch_in_every_replica() {
    let mut c = cluster(1, &[]);
    let p = producer(&mut c, &[("linger.ms", "50")]);
    for i in 0..5 {
        send(&mut c, p, &format!("k{i}"), "hello");
    }
    steps(&mut c, 30);
    let part = c.partition(&tp()).unwrap();
    for b in &part.replicas {
        let log = &part.logs[b];
        let batches = log.segment_batches(0);
        assert_eq!(batches.len(), 1, "five records lingered into one batch on broker {b:?}");
        assert_eq!(batches[0].count, 5);
        assert!(batches[0].producer_id >= 0, "the default producer is idempotent");
        check_bytes(log);
    }
}

#[test]
fn sizes_indexes_and_lookups_follow_the_bytes() {
    let mut c = cluster(2, &[("segment.bytes", "4096"), ("index.interval.bytes", "500")]);
    let p = producer(&mut c, &[("linger.ms", "0"), ("batch.size", "300")]);
    for round in 0..40 {
        for i in 0..5 {
            send(&mut c, p, &format!("key-{i}"), &format!("value {round} of a record that has some length"));
        }
        steps(&mut c, 2);
    }
    steps(&mut c, 20);
    let part = c.partition(&tp()).unwrap();
    for b in &part.replicas {
        let log = &part.logs[b];
        assert!(log.segments().len() >= 3, "4 KiB segments rolled");
        check_bytes(log);
        for (i, seg) in log.segments().iter().enumerate() {
            assert!(seg.size_bytes <= 4096, "no segment is past segment.bytes");
            let batches = log.segment_batches(i);
            // Every entry names the last offset of a batch at that batch's position.
            for e in seg.offset_index.iter() {
                assert!(batches.iter().any(|b| b.last_offset == e.offset && b.position == u64::from(e.position)));
            }
            if i + 1 < log.segments().len() {
                assert!(!seg.offset_index.is_empty(), "a full segment has index entries every 500 bytes");
                assert!(!seg.time_index.is_empty());
            }
        }
        // Every offset is found in the batch that holds it, starting at an index position.
        for o in log.log_start_offset().0..log.log_end_offset().0 {
            let l = log.lookup(Offset(o));
            assert_eq!(l.outcome, LookupOutcome::Found);
            let found = l.scanned.last().unwrap();
            assert!(found.base_offset.0 <= o && o <= found.last_offset.0);
            assert!(l.scanned.iter().all(|b| b.position >= u64::from(l.start.position)));
        }
        assert_eq!(log.lookup(log.log_end_offset()).outcome, LookupOutcome::LogEnd);
        assert_eq!(log.lookup(Offset(log.log_end_offset().0 + 1)).outcome, LookupOutcome::OutOfRange);
    }
}

#[test]
fn segments_roll_by_segment_ms_and_expired_active_segments_are_deleted() {
    let mut c = cluster(3, &[("segment.ms", "2000"), ("retention.ms", "5000")]);
    let p = producer(&mut c, &[]);
    for i in 0..6 {
        send(&mut c, p, "k", &format!("v{i}"));
        steps(&mut c, 10); // 1 s apart
    }
    let log = c.partition(&tp()).unwrap().leader_log().unwrap();
    assert!(log.segments().len() >= 2, "a segment rolls once an append is 2 s past its first");
    check_bytes(log);
    // Nothing is produced for a while: everything expires, the active segment included.
    steps(&mut c, 200);
    let log = c.partition(&tp()).unwrap().leader_log().unwrap();
    assert_eq!(log.log_start_offset(), log.log_end_offset(), "retention.ms deleted every segment");
    assert_eq!(log.segments().len(), 1);
    assert_eq!(log.segments()[0].records, 0);
    assert_eq!(log.log_end_offset(), Offset(6));
}

#[test]
fn compression_follows_the_producer_and_the_topic() {
    let long = "a value that repeats a value that repeats a value that repeats a value that repeats";
    // The topic keeps the producer's codec.
    let mut c = cluster(4, &[]);
    let p = producer(&mut c, &[("compression.type", "lz4"), ("linger.ms", "50")]);
    for i in 0..10 {
        send(&mut c, p, &format!("k{i}"), long);
    }
    steps(&mut c, 30);
    let log = c.partition(&tp()).unwrap().leader_log().unwrap();
    let b = &log.segment_batches(0)[0];
    assert_eq!((b.compression, b.count), (Compression::Lz4, 10));
    let raw: u64 = log.segment_records(0).map(|r| u64::from(r.size_bytes)).sum::<u64>() + 61;
    assert!(b.size_bytes < raw, "lz4 made {raw} bytes {}", b.size_bytes);
    check_bytes(log);
    // A topic codec recompresses whatever the producer sent.
    for codec in ["gzip", "snappy", "zstd", "uncompressed"] {
        let mut c = cluster(5, &[("compression.type", codec)]);
        let p = producer(&mut c, &[("compression.type", "lz4"), ("linger.ms", "50")]);
        for i in 0..10 {
            send(&mut c, p, &format!("k{i}"), long);
        }
        steps(&mut c, 30);
        let part = c.partition(&tp()).unwrap();
        for r in &part.replicas {
            let log = &part.logs[r];
            let want = if codec == "uncompressed" { Compression::None } else { Compression::parse(codec).unwrap() };
            assert!(log.segment_batches(0).iter().all(|b| b.compression == want), "{codec}");
            check_bytes(log);
        }
    }
}

#[test]
fn bad_compression_names_get_kafkas_messages() {
    let mut config = TopicConfig::default();
    let e = engine::topic_config::set_config(&mut config, "compression.type", "none").unwrap_err();
    assert_eq!(
        e.message,
        "Invalid value none for configuration compression.type: String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer"
    );
    let pairs = vec![("compression.type".to_string(), "brotli".to_string())];
    let e = engine::ProducerConfig::from_pairs(&pairs).unwrap_err();
    assert_eq!(e.message, "Invalid value brotli for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd");
}

#[test]
fn the_cleaner_rewrites_batches_that_lost_records() {
    let mut c = cluster(6, &[("cleanup.policy", "compact"), ("segment.bytes", "1024")]);
    let p = producer(&mut c, &[("linger.ms", "20")]);
    for round in 0..30 {
        for k in 0..4 {
            send(&mut c, p, &format!("key-{k}"), &format!("round {round}"));
        }
        steps(&mut c, 3);
    }
    steps(&mut c, 120);
    let part = c.partition(&tp()).unwrap();
    let leader = part.leader_log().unwrap();
    assert!(leader.len() < 120, "the cleaner removed superseded records ({} left)", leader.len());
    for b in &part.replicas {
        check_bytes(&part.logs[b]);
    }
}
