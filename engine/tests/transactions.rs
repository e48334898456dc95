//! Issue 20: transactions as Kafka runs them — markers take offsets, the last stable offset holds
//! read_committed consumers back, aborted records are never theirs, a second producer with the
//! same transactional.id fences the first, transaction.timeout.ms aborts a hung transaction and
//! sendOffsetsToTransaction commits a group's offsets with the transaction. Every test drives the
//! engine through `Cluster::apply` and the audited step harness.

mod common;
use common::{drain, steps};
use engine::{
    Cluster, ClusterConfig, Command, ConsumerConfig, ControlRecordType, EventKind, IsolationLevel, KafkaError, Offset, OffsetReset,
    ProduceRecord, ProducerHandle, TopicConfig, TopicPartition, TransactionState, TxnClientState,
};

fn cluster(seed: u64) -> Cluster {
    let mut c = Cluster::new(ClusterConfig { brokers: 3, seed, ..ClusterConfig::default() }).unwrap();
    let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
    c.apply(Command::CreateTopic { name: "tx".into(), partitions: 1, replication_factor: 3, config }).unwrap();
    steps(&mut c, 5);
    c
}

fn producer(c: &mut Cluster, config: &[(&str, &str)]) -> ProducerHandle {
    let config = config.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    c.apply(Command::CreateProducer { config }).unwrap().producer().expect("a producer")
}

fn send(c: &mut Cluster, p: ProducerHandle, value: &str) {
    c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("tx", "k", value) }).expect("send");
}

fn init(c: &mut Cluster, p: ProducerHandle) {
    c.apply(Command::InitTransactions { producer: p }).expect("initTransactions");
    steps(c, 10);
    assert_eq!(c.producer(p).unwrap().txn.as_ref().unwrap().state, TxnClientState::Ready, "initTransactions completed");
}

fn tp() -> TopicPartition {
    TopicPartition::new("tx", 0)
}

/// (offset, value or marker) of the leader's log below its HW.
fn log(c: &Cluster) -> Vec<(i64, String)> {
    let log = c.partition(&tp()).unwrap().leader_log().unwrap();
    log.read(log.log_start_offset(), u64::MAX)
        .iter()
        .filter(|r| r.offset < log.high_watermark())
        .map(|r| {
            let text = match r.producer.as_ref().and_then(|p| p.control) {
                Some(kind) => kind.name().to_string(),
                None => String::from_utf8_lossy(r.value_bytes().as_deref().unwrap_or_default()).into_owned(),
            };
            (r.offset.0, text)
        })
        .collect()
}

/// What a read_committed reader of the leader's log receives: below the LSO, no markers, no
/// aborted records.
fn read_committed(c: &Cluster) -> Vec<(i64, String)> {
    let log = c.partition(&tp()).unwrap().leader_log().unwrap();
    let lso = log.last_stable_offset();
    log.read(log.log_start_offset(), u64::MAX)
        .iter()
        .filter(|r| r.offset < lso && log.read_committed_visible(r))
        .map(|r| (r.offset.0, String::from_utf8_lossy(r.value_bytes().as_deref().unwrap_or_default()).into_owned()))
        .collect()
}

#[test]
fn markers_take_offsets_and_read_committed_skips_the_aborted() {
    // The live check in semantics.md: commit{0,1}, marker 2, abort{3}, marker 4, commit{5},
    // marker 6 → HW 7; read_committed receives 0, 1 and 5.
    let mut c = cluster(1);
    let p = producer(&mut c, &[("transactional.id", "tid-1")]);
    init(&mut c, p);
    c.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut c, p, "committed-1");
    send(&mut c, p, "committed-2");
    c.apply(Command::CommitTransaction { producer: p }).unwrap();
    steps(&mut c, 20);
    c.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut c, p, "aborted-1");
    c.apply(Command::FlushProducer { producer: p }).unwrap();
    steps(&mut c, 20);
    c.apply(Command::AbortTransaction { producer: p }).unwrap();
    steps(&mut c, 20);
    c.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut c, p, "committed-3");
    c.apply(Command::CommitTransaction { producer: p }).unwrap();
    let events = steps(&mut c, 20);
    assert_eq!(
        log(&c),
        vec![
            (0, "committed-1".into()),
            (1, "committed-2".into()),
            (2, "COMMIT".into()),
            (3, "aborted-1".into()),
            (4, "ABORT".into()),
            (5, "committed-3".into()),
            (6, "COMMIT".into())
        ]
    );
    assert_eq!(read_committed(&c), vec![(0, "committed-1".into()), (1, "committed-2".into()), (5, "committed-3".into())]);
    let leader = c.partition(&tp()).unwrap().leader_log().unwrap();
    assert_eq!((leader.high_watermark(), leader.last_stable_offset()), (Offset(7), Offset(7)));
    assert!(events.iter().any(|e| matches!(&e.kind, EventKind::TransactionStateChanged { state: TransactionState::CompleteCommit, .. })));
    let txn = c.producer(p).unwrap().txn.as_ref().unwrap();
    assert_eq!((txn.committed, txn.aborted), (2, 1));
    // Every replica rebuilt the same aborted-transaction index from the records it copied.
    for (b, r) in &c.partition(&tp()).unwrap().logs {
        let aborted: Vec<_> = r.producer_state().aborted_transactions().map(|a| (a.first_offset, a.last_offset)).collect();
        assert_eq!(aborted, vec![(3, 4)], "replica on broker {b}");
    }
}

#[test]
fn an_open_transaction_holds_the_last_stable_offset_and_read_committed_consumers_wait() {
    let mut c = cluster(2);
    let p = producer(&mut c, &[("transactional.id", "open")]);
    init(&mut c, p);
    let consumer = |group: &str, isolation_level| Command::AddConsumer {
        config: ConsumerConfig {
            group_id: group.into(),
            topics: vec!["tx".into()],
            auto_offset_reset: OffsetReset::Earliest,
            isolation_level,
            ..ConsumerConfig::default()
        },
    };
    let rc = c.apply(consumer("rc", IsolationLevel::ReadCommitted)).unwrap().consumer().unwrap();
    let ru = c.apply(consumer("ru", IsolationLevel::ReadUncommitted)).unwrap().consumer().unwrap();
    steps(&mut c, 60);
    c.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut c, p, "a");
    send(&mut c, p, "b");
    c.apply(Command::FlushProducer { producer: p }).unwrap();
    steps(&mut c, 30);
    let log = c.partition(&tp()).unwrap().leader_log().unwrap();
    assert_eq!(
        (log.high_watermark(), log.last_stable_offset()),
        (Offset(2), Offset(0)),
        "the LSO waits at the open transaction's first record"
    );
    let position = |c: &Cluster, id| c.consumer(id).unwrap().positions.get(&tp()).copied();
    assert_eq!(position(&c, ru), Some(Offset(2)), "read_uncommitted reads the open transaction");
    assert_eq!(position(&c, rc), Some(Offset(0)), "read_committed waits at the LSO");
    c.apply(Command::CommitTransaction { producer: p }).unwrap();
    steps(&mut c, 30);
    assert_eq!(c.partition(&tp()).unwrap().leader_log().unwrap().last_stable_offset(), Offset(3));
    assert_eq!(position(&c, rc), Some(Offset(3)), "after the COMMIT marker read_committed reads on, past the marker");
}

#[test]
fn a_second_producer_with_the_same_transactional_id_fences_the_first() {
    let mut c = cluster(3);
    let zombie = producer(&mut c, &[("transactional.id", "orders-app")]);
    init(&mut c, zombie);
    c.apply(Command::BeginTransaction { producer: zombie }).unwrap();
    send(&mut c, zombie, "from-the-zombie");
    c.apply(Command::FlushProducer { producer: zombie }).unwrap();
    steps(&mut c, 20);
    let (pid, epoch) = (c.producer(zombie).unwrap().producer_id, c.producer(zombie).unwrap().producer_epoch);
    let fresh = producer(&mut c, &[("transactional.id", "orders-app")]);
    init(&mut c, fresh);
    let p = c.producer(fresh).unwrap();
    // Bumped twice, as `TransactionCoordinator.handleInitProducerId` does: once to fence the
    // zombie's open transaction (`prepareFenceProducerEpoch`, then CONCURRENT_TRANSACTIONS),
    // once more when the retried InitProducerId finds it aborted (`prepareIncrementProducerEpoch`).
    assert_eq!((p.producer_id, p.producer_epoch), (pid, epoch + 2), "same producer id, epoch bumped");
    assert_eq!(log(&c).last().map(|(_, v)| v.clone()), Some("ABORT".into()), "the zombie's open transaction was aborted");
    assert!(read_committed(&c).is_empty());
    c.apply(Command::CommitTransaction { producer: zombie }).unwrap();
    let events = steps(&mut c, 20);
    assert!(
        events.iter().any(
            |e| matches!(e.kind, EventKind::ProducerTransactionError { producer, error: KafkaError::ProducerFenced } if producer == zombie)
        ),
        "the zombie's commit is fenced"
    );
    assert!(matches!(c.producer(zombie).unwrap().txn.as_ref().unwrap().state, TxnClientState::FatalError(_)));
    assert!(c.apply(Command::BeginTransaction { producer: zombie }).is_err(), "a fenced producer can only be closed");
}

#[test]
fn a_transaction_past_its_timeout_is_aborted_and_its_producer_fenced() {
    let mut c = cluster(4);
    let p = producer(&mut c, &[("transactional.id", "slow"), ("transaction.timeout.ms", "2000")]);
    init(&mut c, p);
    c.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut c, p, "never-committed");
    c.apply(Command::FlushProducer { producer: p }).unwrap();
    let events = steps(&mut c, 40);
    assert!(events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::TransactionTimedOut { transactional_id, .. } if transactional_id == "slow")));
    assert_eq!(log(&c), vec![(0, "never-committed".into()), (1, "ABORT".into())]);
    assert_eq!(c.transaction("slow").unwrap().state, TransactionState::CompleteAbort);
    c.apply(Command::CommitTransaction { producer: p }).unwrap();
    let events = steps(&mut c, 10);
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::ProducerTransactionError { error: KafkaError::ProducerFenced, .. })));
}

#[test]
fn offsets_sent_to_a_transaction_commit_with_it_and_only_then() {
    let mut c = cluster(5);
    c.apply(Command::CreateTopic { name: "in".into(), partitions: 1, replication_factor: 3, config: TopicConfig::default() }).unwrap();
    // The application's own consumer reads the input (and commits what it read); then it stops
    // polling, so only the transactions move the group's offset.
    let app = c
        .apply(Command::AddConsumer {
            config: ConsumerConfig {
                group_id: "etl".into(),
                topics: vec!["in".into()],
                enable_auto_commit: false,
                auto_offset_reset: OffsetReset::Earliest,
                ..ConsumerConfig::default()
            },
        })
        .unwrap()
        .consumer()
        .unwrap();
    for i in 0..50 {
        c.apply(Command::Produce(engine::ProduceRequest::keyed("in", "k", &format!("in-{i}"), engine::Acks::All))).unwrap();
    }
    steps(&mut c, 100);
    c.apply(Command::SetConsumerPolling { consumer: app, polling: false }).unwrap();
    let p = producer(&mut c, &[("transactional.id", "etl-app")]);
    init(&mut c, p);
    let input = TopicPartition::new("in", 0);
    let committed = |c: &Cluster| c.group("etl").unwrap().committed.get(&input).copied();
    let before = committed(&c);
    assert_eq!(before, Some(Offset(50)), "the consumer read and committed the input");
    // Aborted: the offsets never reach the group.
    c.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut c, p, "out-1");
    c.apply(Command::SendOffsetsToTransaction { producer: p, group: "etl".into(), offsets: vec![(input.clone(), Offset(40))] }).unwrap();
    c.apply(Command::AbortTransaction { producer: p }).unwrap();
    steps(&mut c, 20);
    assert_eq!(committed(&c), before, "an aborted transaction's offsets are dropped");
    // Committed: they do, once the markers are written.
    c.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut c, p, "out-2");
    c.apply(Command::SendOffsetsToTransaction { producer: p, group: "etl".into(), offsets: vec![(input.clone(), Offset(41))] }).unwrap();
    c.apply(Command::CommitTransaction { producer: p }).unwrap();
    steps(&mut c, 20);
    assert_eq!(committed(&c), Some(Offset(41)));
    let m = c.transaction("etl-app").unwrap();
    assert!(m.partitions.iter().any(|t| t.topic.as_ref() == engine::OFFSETS_TOPIC), "AddOffsetsToTxn added the group's offsets partition");
}

#[test]
fn calls_in_the_wrong_state_are_refused_with_kafkas_messages() {
    let mut c = cluster(6);
    let plain = producer(&mut c, &[]);
    let err = c.apply(Command::BeginTransaction { producer: plain }).unwrap_err();
    assert!(err.to_string().contains("transactional.id"), "{err}");
    let p = producer(&mut c, &[("transactional.id", "t")]);
    let err = c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("tx", "k", "v") }).unwrap_err();
    assert!(err.to_string().contains("initTransactions"), "{err}");
    init(&mut c, p);
    let err = c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("tx", "k", "v") }).unwrap_err();
    assert!(err.to_string().contains("Cannot call send in state READY"), "{err}");
    assert!(c.apply(Command::CommitTransaction { producer: p }).is_err());
    drain(&mut c);
}

#[test]
fn the_coordinator_is_the_leader_of_the_ids_transaction_state_partition() {
    let mut c = cluster(7);
    let p = producer(&mut c, &[("transactional.id", "placement")]);
    init(&mut c, p);
    let partition = engine::transaction_partition_for("placement");
    let topic = c.topic(engine::TRANSACTION_STATE_TOPIC).expect("created on first use");
    assert_eq!(topic.partitions.len(), 50);
    assert!(topic.partitions[partition as usize].leader.is_some());
    // Stop the coordinator: the transaction cannot end until a new leader takes over.
    let coordinator = topic.partitions[partition as usize].leader.unwrap();
    c.apply(Command::BeginTransaction { producer: p }).unwrap();
    send(&mut c, p, "x");
    c.apply(Command::StopBroker { broker: coordinator }).unwrap();
    c.apply(Command::CommitTransaction { producer: p }).unwrap();
    steps(&mut c, 200);
    assert_eq!(c.transaction("placement").unwrap().state, TransactionState::CompleteCommit, "committed through the new coordinator");
    let kinds: Vec<_> = log(&c).into_iter().map(|(_, v)| v).collect();
    assert_eq!(kinds, vec!["x".to_string(), ControlRecordType::Commit.name().to_string()]);
}

#[test]
fn each_transaction_ends_with_a_new_epoch_as_transaction_version_2_does() {
    // KIP-890 (Kafka 4.0's default): EndTxn bumps the epoch, the markers carry it, and the next
    // transaction's batches start again at sequence 0 under it.
    let mut c = cluster(8);
    let p = producer(&mut c, &[("transactional.id", "tv2")]);
    init(&mut c, p);
    for (i, commit) in [true, false, true].into_iter().enumerate() {
        c.apply(Command::BeginTransaction { producer: p }).unwrap();
        send(&mut c, p, &format!("r{i}"));
        c.apply(Command::FlushProducer { producer: p }).unwrap();
        steps(&mut c, 10);
        let call = if commit { Command::CommitTransaction { producer: p } } else { Command::AbortTransaction { producer: p } };
        c.apply(call).unwrap();
        steps(&mut c, 10);
        assert_eq!(c.producer(p).unwrap().producer_epoch, i as i16 + 1, "transaction {i} ended with a bumped epoch");
    }
    let log = c.partition(&tp()).unwrap().leader_log().unwrap();
    let fields: Vec<(i16, i32, bool)> = log
        .read(log.log_start_offset(), u64::MAX)
        .iter()
        .map(|r| r.producer.as_ref().map(|p| (p.producer_epoch, p.sequence, p.control.is_some())).unwrap())
        .collect();
    // (epoch, sequence, marker): each transaction's record at sequence 0, its marker one epoch on.
    assert_eq!(fields, vec![(0, 0, false), (1, -1, true), (1, 0, false), (2, -1, true), (2, 0, false), (3, -1, true)]);
    assert_eq!(read_committed(&c), vec![(0, "r0".into()), (4, "r2".into())]);
}
