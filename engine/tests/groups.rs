//! Consumer groups, scenario by scenario: coordinator placement, the classic join/sync cycle,
//! crash versus close versus a consumer that stops polling, cooperative rebalancing, commits
//! through `__consumer_offsets`, coordinator failover, offset reset and at-least-once delivery.

mod common;
use common::produce as produce_one;
use common::{add_consumer, close_consumer, crash_consumer, create_topic, set_consumer_polling, stop_broker};
use engine::assignor::AssignorName;
use engine::KafkaError;
use engine::*;
use engine::{EventKind, GroupLeaveReason};

fn cluster(brokers: u32) -> Cluster {
    Cluster::new(ClusterConfig { brokers, seed: 11, ..ClusterConfig::default() }).unwrap()
}

fn topic(c: &mut Cluster, name: &str, partitions: u32) {
    create_topic(c, name, partitions, 3, TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() }).unwrap();
}

fn consumer(group: &str, topics: &[&str], assignor: AssignorName) -> ConsumerConfig {
    ConsumerConfig {
        group_id: group.into(),
        topics: topics.iter().map(|t| t.to_string()).collect(),
        assignor,
        auto_offset_reset: OffsetReset::Earliest,
        ..ConsumerConfig::default()
    }
}

fn produce_n(c: &mut Cluster, topic: &str, n: usize) {
    for i in 0..n {
        produce_one(c, ProduceRequest::keyed(topic, &format!("k{i}"), "v", Acks::All)).unwrap();
    }
}

/// `ms` of simulated time through the audited harness (`common::steps`).
fn run(c: &mut Cluster, ms: u64) -> Vec<Event> {
    let ticks = ms / c.config().tick_ms;
    common::steps(c, ticks as u32)
}

fn owned(c: &Cluster, id: ConsumerId) -> Vec<String> {
    c.consumer(id).unwrap().owned.iter().map(|tp| tp.to_string()).collect()
}

fn stable(c: &Cluster, g: &str) -> bool {
    c.group(g).is_some_and(|g| g.is_stable())
}

#[test]
fn the_coordinator_is_the_leader_of_the_groups_offsets_partition() {
    let mut c = cluster(3);
    topic(&mut c, "orders", 3);
    let a = add_consumer(&mut c, consumer("my-group", &["orders"], AssignorName::Range)).unwrap();
    let g = c.group("my-group").unwrap();
    assert_eq!(g.offsets_partition, 12, "abs(\"my-group\".hashCode()) % 50");
    let p = c.partition(&TopicPartition::new(OFFSETS_TOPIC, 12)).unwrap();
    assert_eq!(g.coordinator, p.leader);
    assert_eq!(c.topic(OFFSETS_TOPIC).unwrap().partitions.len(), 50);
    assert_eq!(c.group("my-group").unwrap().state_name(), "Empty");
    run(&mut c, 500);
    assert_eq!(c.group("my-group").unwrap().state_name(), "PreparingRebalance", "group.initial.rebalance.delay.ms");
    run(&mut c, 4_500);
    assert!(stable(&c, "my-group"));
    assert_eq!(owned(&c, a), ["orders-0", "orders-1", "orders-2"]);
}

#[test]
fn two_range_members_split_a_topic_consume_and_commit_to_zero_lag() {
    let mut c = cluster(3);
    topic(&mut c, "orders", 6);
    produce_n(&mut c, "orders", 60);
    let a = add_consumer(&mut c, consumer("g", &["orders"], AssignorName::Range)).unwrap();
    let b = add_consumer(&mut c, consumer("g", &["orders"], AssignorName::Range)).unwrap();
    let events = run(&mut c, 4_000);
    assert!(stable(&c, "g"), "{events:#?}");
    assert_eq!(owned(&c, a), ["orders-0", "orders-1", "orders-2"]);
    assert_eq!(owned(&c, b), ["orders-3", "orders-4", "orders-5"]);
    let gen = c.group("g").unwrap().epoch();
    assert_eq!(gen, 1, "one rebalance: the initial delay let both join");
    run(&mut c, 6_000);
    let rows = c.describe_group("g");
    assert_eq!(rows.len(), 6);
    for r in &rows {
        assert_eq!(r.lag, Some(0), "{r:?}");
        assert_eq!(r.current_offset, Some(r.log_end_offset));
        assert!(r.consumer.is_some());
    }
    let delivered = c.consumer(a).unwrap().records_delivered + c.consumer(b).unwrap().records_delivered;
    assert_eq!(delivered, 60);
    // Committed offsets are records in __consumer_offsets.
    let p = c.partition(&TopicPartition::new(OFFSETS_TOPIC, c.group("g").unwrap().offsets_partition)).unwrap();
    assert!(p.log_end_offset().0 >= 6);
}

#[test]
fn a_crashed_member_is_removed_after_the_session_timeout_and_its_work_redelivered() {
    let mut c = cluster(3);
    topic(&mut c, "t", 4);
    let a = add_consumer(&mut c, consumer("g", &["t"], AssignorName::Range)).unwrap();
    let b = add_consumer(&mut c, consumer("g", &["t"], AssignorName::Range)).unwrap();
    run(&mut c, 4_000);
    produce_n(&mut c, "t", 40);
    // Consumed at once, committed only at the next auto-commit (at 5 s).
    run(&mut c, 300);
    crash_consumer(&mut c, a).unwrap();
    let before = c.group("g").unwrap().epoch();
    let events = run(&mut c, 40_000);
    assert!(!events.iter().any(|e| matches!(e.kind, EventKind::MemberRemoved { .. })), "not before 45 s");
    assert_eq!(c.group("g").unwrap().epoch(), before);
    let events = run(&mut c, 10_000);
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::MemberRemoved { reason: GroupLeaveReason::SessionTimeout { .. }, .. })));
    assert!(stable(&c, "g"));
    assert_eq!(owned(&c, b), ["t-0", "t-1", "t-2", "t-3"]);
    // What a had processed but not committed comes again to b.
    let redelivered: u64 = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Redelivered { from, to, .. } => Some((to.0 - from.0) as u64),
            _ => None,
        })
        .sum();
    assert!(redelivered > 0, "{events:#?}");
    assert_eq!(c.group("g").unwrap().audit.records_redelivered, redelivered);
}

#[test]
fn a_closed_member_leaves_at_once() {
    let mut c = cluster(3);
    topic(&mut c, "t", 4);
    let a = add_consumer(&mut c, consumer("g", &["t"], AssignorName::RoundRobin)).unwrap();
    let b = add_consumer(&mut c, consumer("g", &["t"], AssignorName::RoundRobin)).unwrap();
    run(&mut c, 4_000);
    close_consumer(&mut c, a).unwrap();
    let events = run(&mut c, 4_000);
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::MemberRemoved { reason: GroupLeaveReason::Closed, .. })));
    assert!(stable(&c, "g"));
    assert_eq!(owned(&c, b).len(), 4);
    assert!(close_consumer(&mut c, a).is_err(), "closing twice is an error, not a panic");
}

#[test]
fn a_member_that_stops_polling_leaves_after_max_poll_interval() {
    let mut c = cluster(3);
    topic(&mut c, "t", 2);
    let mut cfg = consumer("g", &["t"], AssignorName::Range);
    cfg.max_poll_interval_ms = 20_000;
    let a = add_consumer(&mut c, cfg.clone()).unwrap();
    let b = add_consumer(&mut c, cfg).unwrap();
    run(&mut c, 4_000);
    set_consumer_polling(&mut c, a, false).unwrap();
    let events = run(&mut c, 25_000);
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::MemberRemoved { reason: GroupLeaveReason::MaxPollInterval { .. }, .. })));
    assert_eq!(owned(&c, b).len(), 2);
    // When it polls again it finds it lost its partitions and rejoins.
    set_consumer_polling(&mut c, a, true).unwrap();
    run(&mut c, 8_000);
    assert!(stable(&c, "g"));
    assert_eq!(owned(&c, a).len() + owned(&c, b).len(), 2);
    assert_eq!(owned(&c, a).len(), 1);
}

#[test]
fn cooperative_sticky_moves_partitions_in_two_rounds_and_never_doubles_owners() {
    let mut c = cluster(3);
    topic(&mut c, "t", 6);
    let a = add_consumer(&mut c, consumer("g", &["t"], AssignorName::CooperativeSticky)).unwrap();
    run(&mut c, 5_000);
    assert_eq!(owned(&c, a).len(), 6);
    let b = add_consumer(&mut c, consumer("g", &["t"], AssignorName::CooperativeSticky)).unwrap();
    let mut rounds = Vec::new();
    for _ in 0..100 {
        c.step();
        while let Some(e) = c.poll_event() {
            if let EventKind::RebalanceCompleted { withheld, .. } = &e.kind {
                rounds.push(withheld.len());
            }
        }
        let (oa, ob) = (owned(&c, a), owned(&c, b));
        assert!(oa.iter().all(|p| !ob.contains(p)), "two owners: {oa:?} {ob:?}");
    }
    assert_eq!(rounds, vec![3, 0], "first round withholds 3 partitions, second hands them out");
    assert_eq!(owned(&c, a).len(), 3);
    assert_eq!(owned(&c, b).len(), 3);
    // a kept consuming the partitions it kept throughout (no stop-the-world).
}

#[test]
fn eager_rebalance_revokes_everything_first() {
    let mut c = cluster(3);
    topic(&mut c, "t", 4);
    let a = add_consumer(&mut c, consumer("g", &["t"], AssignorName::Sticky)).unwrap();
    run(&mut c, 5_000);
    add_consumer(&mut c, consumer("g", &["t"], AssignorName::Sticky)).unwrap();
    let events = run(&mut c, 5_000);
    assert!(events.iter().any(|e| matches!(&e.kind, EventKind::PartitionsRevoked { consumer, partitions, lost: false, .. } if *consumer == a && partitions.len() == 4)));
    assert_eq!(owned(&c, a).len(), 2);
}

#[test]
fn the_coordinator_moves_with_its_partition_and_keeps_committed_offsets() {
    let mut c = cluster(3);
    topic(&mut c, "t", 3);
    produce_n(&mut c, "t", 30);
    let a = add_consumer(&mut c, consumer("g", &["t"], AssignorName::Range)).unwrap();
    run(&mut c, 12_000);
    let committed: Vec<_> = c.describe_group("g").iter().map(|r| r.current_offset).collect();
    assert!(committed.iter().all(|o| o.is_some()));
    let old = c.group("g").unwrap().coordinator.unwrap();
    stop_broker(&mut c, old).unwrap();
    let events = run(&mut c, 15_000);
    let new = c.group("g").unwrap().coordinator;
    assert!(new.is_some() && new != Some(old), "{events:#?}");
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::CoordinatorChanged { .. })));
    let after: Vec<_> = c.describe_group("g").iter().map(|r| r.current_offset).collect();
    assert_eq!(after, committed, "loaded from the new leader's log");
    assert!(stable(&c, "g"));
    assert_eq!(owned(&c, a).len(), 3);
}

#[test]
fn offset_reset_latest_skips_history_and_none_fails() {
    let mut c = cluster(3);
    topic(&mut c, "t", 1);
    produce_n(&mut c, "t", 10);
    let mut cfg = consumer("late", &["t"], AssignorName::Range);
    cfg.auto_offset_reset = OffsetReset::Latest;
    let a = add_consumer(&mut c, cfg).unwrap();
    run(&mut c, 5_000);
    assert_eq!(c.consumer(a).unwrap().records_delivered, 0);
    produce_n(&mut c, "t", 5);
    run(&mut c, 6_000);
    assert_eq!(c.consumer(a).unwrap().records_delivered, 5);
    let mut cfg = consumer("strict", &["t"], AssignorName::Range);
    cfg.auto_offset_reset = OffsetReset::None;
    let b = add_consumer(&mut c, cfg).unwrap();
    let events = run(&mut c, 5_000);
    assert_eq!(c.consumer(b).unwrap().state, ClientState::Failed);
    assert!(events.iter().any(|e| matches!(&e.kind, EventKind::ConsumerFailed { error, .. } if matches!(error, ConsumerError::NoOffsetForPartition { partition } if &*partition.topic == "t"))));
}

#[test]
fn a_slow_consumer_lags_and_manual_commits_follow_processing() {
    let mut c = cluster(3);
    topic(&mut c, "t", 1);
    let mut cfg = consumer("g", &["t"], AssignorName::Range);
    cfg.enable_auto_commit = false;
    cfg.max_poll_records = 10;
    cfg.processing_ms_per_record = 100;
    let a = add_consumer(&mut c, cfg).unwrap();
    run(&mut c, 4_000);
    produce_n(&mut c, "t", 100);
    run(&mut c, 3_000);
    let lag = c.group_lag("g");
    assert!(lag > 50, "lag {lag}");
    run(&mut c, 12_000);
    assert_eq!(c.group_lag("g"), 0);
    assert_eq!(c.consumer(a).unwrap().records_delivered, 100);
}

#[test]
fn bad_consumer_configs_are_rejected_with_kafkas_reasons() {
    let mut c = cluster(3);
    topic(&mut c, "t", 1);
    let mut cfg = consumer("g", &["t"], AssignorName::Range);
    cfg.session_timeout_ms = 1_000;
    assert!(add_consumer(&mut c, cfg).unwrap_err().message.contains("INVALID_SESSION_TIMEOUT"));
    assert!(add_consumer(&mut c, consumer("g", &["nope"], AssignorName::Range)).is_err());
    assert!(add_consumer(&mut c, consumer("", &["t"], AssignorName::Range)).is_err());
    add_consumer(&mut c, consumer("g", &["t"], AssignorName::Range)).unwrap();
    let e = add_consumer(&mut c, consumer("g", &["t"], AssignorName::RoundRobin)).unwrap_err();
    assert_eq!(e.kind, CommandErrorKind::Kafka(KafkaError::InconsistentGroupProtocol));
    assert!(crash_consumer(&mut c, ConsumerId(99)).is_err());
}

#[test]
fn cooperative_crash_redelivers_uncommitted_work() {
    let mut c = cluster(3);
    topic(&mut c, "t", 3);
    let mut cfg = consumer("g", &["t"], AssignorName::CooperativeSticky);
    cfg.session_timeout_ms = 10_000;
    let _a = add_consumer(&mut c, cfg.clone()).unwrap();
    let b = add_consumer(&mut c, cfg.clone()).unwrap();
    let _d = add_consumer(&mut c, cfg).unwrap();
    let mut events = Vec::new();
    for _ in 0..300 {
        produce_one(&mut c, ProduceRequest::keyed("t", "x", "v", Acks::All)).unwrap();
        produce_one(&mut c, ProduceRequest::keyed("t", "y", "v", Acks::All)).unwrap();
        produce_one(&mut c, ProduceRequest::keyed("t", "z", "v", Acks::All)).unwrap();
        events.extend(run(&mut c, 100));
    }
    crash_consumer(&mut c, b).unwrap();
    for _ in 0..200 {
        produce_one(&mut c, ProduceRequest::keyed("t", "x", "v", Acks::All)).unwrap();
        events.extend(run(&mut c, 100));
    }
    assert!(
        c.group("g").unwrap().audit.records_redelivered > 0,
        "{:#?}",
        events
            .iter()
            .filter(|e| !matches!(
                e.kind,
                EventKind::HighWatermarkAdvanced { .. } | EventKind::ProduceAppended { .. } | EventKind::ProduceAcknowledged { .. }
            ))
            .collect::<Vec<_>>()
    );
}

fn kip848(group: &str, topics: &[&str]) -> ConsumerConfig {
    ConsumerConfig { group_protocol: engine::GroupProtocol::Consumer, ..consumer(group, topics, AssignorName::Range) }
}

#[test]
fn kip848_moves_partitions_member_by_member_without_a_global_pause() {
    let mut c = cluster(3);
    topic(&mut c, "t", 6);
    let a = add_consumer(&mut c, kip848("g", &["t"])).unwrap();
    let b = add_consumer(&mut c, kip848("g", &["t"])).unwrap();
    let events = run(&mut c, 12_000);
    assert!(stable(&c, "g"), "{events:#?}");
    assert_eq!(owned(&c, a).len() + owned(&c, b).len(), 6);
    assert_eq!(owned(&c, a).len(), 3);
    let epoch = c.group("g").unwrap().epoch();
    let kept_a = owned(&c, a);
    let d = add_consumer(&mut c, kip848("g", &["t"])).unwrap();
    let mut states = Vec::new();
    let mut a_never_empty = true;
    for _ in 0..200 {
        c.step();
        while c.poll_event().is_some() {}
        let (oa, ob, od) = (owned(&c, a), owned(&c, b), owned(&c, d));
        for p in &od {
            assert!(!oa.contains(p) && !ob.contains(p), "{p} owned twice");
        }
        a_never_empty &= !oa.is_empty();
        states.push(c.group("g").unwrap().consumer_protocol().unwrap().state);
    }
    assert!(states.contains(&ConsumerGroupState::Reconciling));
    assert_eq!(*states.last().unwrap(), ConsumerGroupState::Stable);
    assert_eq!(c.group("g").unwrap().state_name(), "Stable");
    assert_eq!(c.group("g").unwrap().epoch(), epoch + 1, "one group epoch bump for one join");
    assert!(a_never_empty, "a kept consuming throughout");
    assert_eq!([owned(&c, a).len(), owned(&c, b).len(), owned(&c, d).len()], [2, 2, 2]);
    assert!(owned(&c, a).iter().all(|p| kept_a.contains(p)), "sticky: a only gave partitions up");
    let m = c.group("g").unwrap().consumer_protocol().unwrap().members.iter().map(|m| (m.member_epoch, m.state)).collect::<Vec<_>>();
    assert!(m.iter().all(|(e, s)| *e == epoch + 1 && *s == engine::MemberState::Stable), "{m:?}");
}

#[test]
fn kip848_session_timeout_is_the_brokers_and_commits_need_the_member_epoch() {
    let mut c = cluster(3);
    topic(&mut c, "t", 2);
    produce_n(&mut c, "t", 20);
    let a = add_consumer(&mut c, kip848("g", &["t"])).unwrap();
    let b = add_consumer(&mut c, kip848("g", &["t"])).unwrap();
    run(&mut c, 12_000);
    assert_eq!(c.group_lag("g"), 0, "{:?}", c.describe_group("g"));
    crash_consumer(&mut c, a).unwrap();
    let events = run(&mut c, 40_000);
    assert!(!events.iter().any(|e| matches!(e.kind, EventKind::MemberRemoved { .. })));
    let events = run(&mut c, 15_000);
    assert!(events
        .iter()
        .any(|e| matches!(e.kind, EventKind::MemberRemoved { reason: GroupLeaveReason::SessionTimeout { timeout_ms: 45_000 }, .. })));
    assert_eq!(owned(&c, b).len(), 2);
    let e = add_consumer(&mut c, consumer("g", &["t"], AssignorName::Range)).unwrap_err();
    assert_eq!(e.kind, CommandErrorKind::Kafka(KafkaError::InconsistentGroupProtocol));
}

#[test]
fn a_group_keeps_its_protocol_while_it_has_members_and_starts_afresh_when_empty() {
    let mut c = cluster(3);
    topic(&mut c, "t", 2);
    let a = add_consumer(&mut c, kip848("g", &["t"])).unwrap();
    run(&mut c, 8_000);
    assert!(stable(&c, "g"));
    // A crashed member stays a member until its session expires: the group is still a
    // consumer-protocol group, and a classic consumer has no protocol in common with it.
    crash_consumer(&mut c, a).unwrap();
    let e = add_consumer(&mut c, consumer("g", &["t"], AssignorName::Range)).unwrap_err();
    assert_eq!(e.kind, CommandErrorKind::Kafka(KafkaError::InconsistentGroupProtocol));
    run(&mut c, 50_000);
    assert!(!c.group("g").unwrap().has_members());
    // Empty: a classic member makes it a new classic group, generation 1 after its first rebalance.
    let b = add_consumer(&mut c, consumer("g", &["t"], AssignorName::Range)).unwrap();
    run(&mut c, 8_000);
    assert!(stable(&c, "g"));
    assert_eq!(c.group("g").unwrap().epoch(), 1);
    assert_eq!(owned(&c, b), ["t-0", "t-1"]);
}

/// A classic member the coordinator removed (session timeout) while its process lives on:
/// its next JoinGroup with the old member id gets UNKNOWN_MEMBER_ID
/// (`GroupMetadataManager.classicGroupJoinExistingMember`), so it gives its partitions up as
/// lost, uncommitted (`ConsumerCoordinator.onJoinPrepare`), and joins as a new member. Here a
/// cooperative member stops polling while its pre-rebalance commit hangs (a follower of the
/// offsets partition is cut off, so the high watermark stands still): no heartbeats, removed.
#[test]
fn a_removed_classic_member_rejoins_as_a_new_member_without_its_partitions() {
    let mut c = cluster(3);
    topic(&mut c, "t", 4);
    let mut cfg = consumer("g", &["t"], AssignorName::CooperativeSticky);
    (cfg.session_timeout_ms, cfg.heartbeat_interval_ms) = (6_000, 1_000);
    let a = add_consumer(&mut c, cfg.clone()).unwrap();
    let b = add_consumer(&mut c, cfg.clone()).unwrap();
    run(&mut c, 6_000);
    produce_n(&mut c, "t", 20);
    run(&mut c, 2_000);
    assert!(stable(&c, "g"));
    let owned_a = owned(&c, a);
    assert_eq!(owned_a.len(), 2);
    let old_member = c.consumer(a).unwrap().member_id.clone().unwrap();
    let offsets = c.partition(&TopicPartition::new(OFFSETS_TOPIC, c.group("g").unwrap().offsets_partition)).unwrap();
    let follower = *offsets.isr.iter().find(|b| Some(**b) != offsets.leader).unwrap();
    c.apply(Command::IsolateBroker { broker: follower }).unwrap();
    add_consumer(&mut c, cfg).unwrap();
    let mut ticks = 0;
    while c.consumer(a).unwrap().phase != JoinPhase::CommittingBeforeJoin {
        run(&mut c, 100);
        ticks += 1;
        assert!(ticks < 100, "a never started its pre-rebalance commit");
    }
    set_consumer_polling(&mut c, a, false).unwrap();
    let events = run(&mut c, 12_000);
    assert!(
        events.iter().any(|e| matches!(&e.kind, EventKind::MemberRemoved { member, reason: GroupLeaveReason::SessionTimeout { .. }, .. } if *member == old_member)),
        "{events:#?}"
    );
    c.apply(Command::HealBroker { broker: follower }).unwrap();
    set_consumer_polling(&mut c, a, true).unwrap();
    let events = run(&mut c, 12_000);
    let lost = events.iter().any(|e| {
        matches!(&e.kind, EventKind::PartitionsRevoked { consumer, partitions, lost: true, .. }
            if *consumer == a && partitions.iter().map(|tp| tp.to_string()).collect::<Vec<_>>() == owned_a)
    });
    assert!(lost, "a gives its partitions up as lost: {events:#?}");
    let new_member = c.consumer(a).unwrap().member_id.clone().unwrap();
    assert_ne!(new_member, old_member, "a joins again as a new member");
    assert!(c.group("g").unwrap().member(&old_member).is_none());
    assert!(events.iter().any(|e| matches!(&e.kind, EventKind::MemberJoined { member, .. } if *member == new_member)));
    assert!(stable(&c, "g"));
    let all: usize = [a, b].iter().map(|&x| owned(&c, x).len()).sum::<usize>() + owned(&c, ConsumerId(3)).len();
    assert_eq!(all, 4, "every partition has one owner");
}

/// Two members processing 100 ms per record with manual commits, `before` choosing when they
/// commit; `a` crashes in the middle of processing its first batch.
fn crash_mid_batch(before: bool) -> (Cluster, Vec<Event>) {
    let mut c = cluster(3);
    topic(&mut c, "t", 4);
    let config = ConsumerConfig {
        enable_auto_commit: false,
        commit_before_processing: before,
        processing_ms_per_record: 100,
        session_timeout_ms: 6_000,
        heartbeat_interval_ms: 2_000,
        ..consumer("g", &["t"], AssignorName::Range)
    };
    let a = add_consumer(&mut c, config.clone()).unwrap();
    add_consumer(&mut c, config).unwrap();
    run(&mut c, 4_000);
    assert!(stable(&c, "g"));
    produce_n(&mut c, "t", 40);
    run(&mut c, 500);
    crash_consumer(&mut c, a).unwrap();
    let events = run(&mut c, 15_000);
    (c, events)
}

fn offsets_in(events: &[Event], pick: fn(&EventKind) -> Option<(Offset, Offset)>) -> u64 {
    events.iter().filter_map(|e| pick(&e.kind)).map(|(from, to)| (to.0 - from.0) as u64).sum()
}

#[test]
fn committing_before_processing_loses_what_a_crash_interrupts() {
    let (c, events) = crash_mid_batch(true);
    let interrupted = offsets_in(&events, |k| match k {
        EventKind::ProcessingInterrupted { from, to, .. } => Some((*from, *to)),
        _ => None,
    });
    let skipped = offsets_in(&events, |k| match k {
        EventKind::RecordsSkipped { from, to, .. } => Some((*from, *to)),
        _ => None,
    });
    assert!(interrupted > 0, "a crashed in the middle of its batch: {events:#?}");
    // Its batch was committed before processing: the next owner starts past all of it.
    assert_eq!(skipped, interrupted, "{events:#?}");
    assert_eq!(*c.group("g").unwrap().audit.records_skipped, skipped);
    let again = offsets_in(&events, |k| match k {
        EventKind::Redelivered { from, to, .. } => Some((*from, *to)),
        _ => None,
    });
    assert_eq!(again, 0, "nothing comes twice: at most once");
}

#[test]
fn committing_after_processing_redelivers_what_a_crash_interrupts() {
    let (c, events) = crash_mid_batch(false);
    let interrupted = offsets_in(&events, |k| match k {
        EventKind::ProcessingInterrupted { from, to, .. } => Some((*from, *to)),
        _ => None,
    });
    assert!(interrupted > 0, "{events:#?}");
    assert!(!events.iter().any(|e| matches!(e.kind, EventKind::RecordsSkipped { .. })), "{events:#?}");
    // The whole uncommitted batch comes again, its processed part included: at least once.
    let again = offsets_in(&events, |k| match k {
        EventKind::Redelivered { from, to, .. } => Some((*from, *to)),
        _ => None,
    });
    assert!(again >= interrupted, "{again} redelivered, {interrupted} interrupted");
    assert_eq!(*c.group("g").unwrap().audit.records_skipped, 0);
}

#[test]
fn committing_before_processing_needs_manual_commits() {
    let mut c = cluster(3);
    topic(&mut c, "t", 1);
    let config = ConsumerConfig { commit_before_processing: true, ..consumer("g", &["t"], AssignorName::Range) };
    assert!(add_consumer(&mut c, config).is_err());
}
