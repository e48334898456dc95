//! Issue 18: the timeline names the real cause of what happened, with its numbers: a lost
//! controller quorum, why a produce failed, and which assignor a consumer really uses.

mod common;
use common::{drain, orders, steps};
use engine::assignor::AssignorName;
use engine::{
    Acks, BrokerId, Cluster, ClusterConfig, Command, ConsumerConfig, Event, EventKind, KafkaError, ProduceFailureCause, ProduceRequest,
    TopicConfig,
};
use engine::{GroupProtocol, ServerAssignor};

fn cluster(brokers: u32) -> Cluster {
    Cluster::new(ClusterConfig { brokers, ..ClusterConfig::default() }).expect("cluster")
}

fn produce(c: &mut Cluster, topic: &str, partition: u32, acks: Acks) {
    let req = ProduceRequest { partition: Some(partition), ..ProduceRequest::keyed(topic, "k", "v", acks) };
    c.apply(Command::Produce(req)).expect("valid produce");
}

fn failure(ev: &[Event]) -> (KafkaError, ProduceFailureCause, String) {
    ev.iter()
        .find_map(|e| match &e.kind {
            EventKind::ProduceFailed { error, cause, .. } => Some((*error, cause.clone(), e.kind.narrate())),
            _ => None,
        })
        .expect("a ProduceFailed event")
}

fn b(ids: &[u32]) -> Vec<BrokerId> {
    ids.iter().map(|i| BrokerId(*i)).collect()
}

#[test]
fn losing_two_of_three_voters_is_narrated_as_a_lost_quorum_and_its_return_as_restored() {
    let mut c = cluster(3);
    drain(&mut c);
    c.apply(Command::StopBroker { broker: BrokerId(2) }).unwrap();
    c.apply(Command::StopBroker { broker: BrokerId(3) }).unwrap();
    let ev = steps(&mut c, 1);
    assert!(c.quorum_lost() && c.controller().is_none());
    assert!(!ev.iter().any(|e| matches!(e.kind, EventKind::ControllerLost { .. })), "{ev:?}");
    let lost = ev.iter().find(|e| matches!(e.kind, EventKind::QuorumLost { .. })).expect("QuorumLost");
    assert_eq!(lost.kind, EventKind::QuorumLost { controller: Some(BrokerId(1)), voters: b(&[1, 2, 3]), reachable: b(&[1]), majority: 2 });
    assert_eq!(
        lost.kind.narrate(),
        "broker 1 is no longer the active controller and the controller quorum is lost: 1 of 3 voters (brokers [1]) running and reaching each other, \
         a majority needs 2; until it returns nothing can fence brokers, shrink ISRs or elect leaders"
    );
    // Only once, however long it lasts.
    let ev = steps(&mut c, 100);
    assert!(!ev.iter().any(|e| matches!(e.kind, EventKind::QuorumLost { .. })));
    c.apply(Command::StartBroker { broker: BrokerId(2) }).unwrap();
    let ev = steps(&mut c, 1);
    let restored = ev.iter().find(|e| matches!(e.kind, EventKind::QuorumRestored { .. })).expect("QuorumRestored");
    let EventKind::QuorumRestored { controller, epoch, reachable, majority, down_ms } = &restored.kind else { unreachable!() };
    assert_eq!((*epoch, reachable.clone(), *majority, *down_ms), (2, b(&[1, 2]), 2, 10_100));
    assert_eq!(
        restored.kind.narrate(),
        format!(
            "the controller quorum is back after 10.1 s: 2 voters (brokers [1,2]) reach each other, a majority of 2 or more; \
             broker {controller} became the active controller (epoch 2)"
        )
    );
    assert!(!c.quorum_lost() && c.controller().is_some());
}

#[test]
fn a_controller_that_merely_moves_is_still_controller_lost() {
    let mut c = cluster(3);
    drain(&mut c);
    c.apply(Command::StopBroker { broker: BrokerId(1) }).unwrap();
    let ev = steps(&mut c, 20);
    assert!(ev.iter().any(|e| e.kind == EventKind::ControllerLost { broker: BrokerId(1) }));
    assert!(ev.iter().any(|e| matches!(e.kind, EventKind::ControllerElected { epoch: 2, .. })));
    assert!(!ev.iter().any(|e| matches!(e.kind, EventKind::QuorumLost { .. } | EventKind::QuorumRestored { .. })));
    assert!(!c.quorum_lost());
}

#[test]
fn quorum_lost_while_electing_is_still_narrated() {
    let mut c = cluster(3);
    drain(&mut c);
    c.apply(Command::StopBroker { broker: BrokerId(1) }).unwrap();
    let ev = steps(&mut c, 1);
    assert!(ev.iter().any(|e| e.kind == EventKind::ControllerLost { broker: BrokerId(1) }));
    // Within the election timeout a second voter goes: no majority is left.
    c.apply(Command::IsolateBroker { broker: BrokerId(2) }).unwrap();
    let ev = steps(&mut c, 1);
    let lost: Vec<&EventKind> = ev.iter().map(|e| &e.kind).filter(|k| matches!(k, EventKind::QuorumLost { .. })).collect();
    assert_eq!(lost, vec![&EventKind::QuorumLost { controller: None, voters: b(&[1, 2, 3]), reachable: b(&[2]), majority: 2 }]);
    assert!(c.quorum_lost());
}

/// The scenario: brokers 2 and 3 crash, and an acks=all record goes at once to a
/// partition led by 1. With no quorum nothing fences 2 and 3, so they stay in the ISR and the
/// request times out waiting for them: the ISR is never below min.insync.replicas.
#[test]
fn acks_all_timeout_with_the_quorum_lost_names_the_replicas_it_waited_for() {
    let mut c = cluster(3);
    orders(&mut c);
    let p = c.topic("orders").unwrap().partitions.iter().find(|p| p.leader == Some(BrokerId(1))).unwrap().tp.partition;
    c.apply(Command::StopBroker { broker: BrokerId(2) }).unwrap();
    c.apply(Command::StopBroker { broker: BrokerId(3) }).unwrap();
    produce(&mut c, "orders", p, Acks::All);
    let ev = steps(&mut c, 310);
    let (error, cause, text) = failure(&ev);
    assert_eq!(error, KafkaError::RequestTimedOut);
    assert_eq!(
        cause,
        ProduceFailureCause::AwaitingReplicas { waiting_for: b(&[2, 3]), isr: b(&[1, 2, 3]), quorum_lost: true, timeout_ms: 30_000 }
    );
    assert!(!text.contains("min.insync.replicas"), "{text}");
    assert_eq!(
        text,
        format!(
            "produce to orders-{p} failed with REQUEST_TIMED_OUT (acks=all): not committed within request.timeout.ms (30 s): \
             the leader waited for ISR members [2,3], which never fetched it; the controller quorum is lost, so nothing could remove them from the ISR [1,2,3]"
        )
    );
}

#[test]
fn not_enough_replicas_names_the_isr_and_min_isr() {
    let mut c = cluster(3);
    let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
    c.apply(Command::CreateTopic { name: "pay".into(), partitions: 1, replication_factor: 2, config }).unwrap();
    drain(&mut c);
    let p = c.topic("pay").unwrap().partitions[0].clone();
    let leader = p.leader.unwrap();
    let follower = *p.replicas.iter().find(|x| **x != leader).unwrap();
    c.apply(Command::StopBroker { broker: follower }).unwrap();
    steps(&mut c, 200); // fenced after broker.session.timeout.ms, out of the ISR
    assert_eq!(c.topic("pay").unwrap().partitions[0].isr, vec![leader]);
    produce(&mut c, "pay", 0, Acks::All);
    let (error, cause, text) = failure(&drain(&mut c));
    assert_eq!(error, KafkaError::NotEnoughReplicas);
    assert_eq!(cause, ProduceFailureCause::IsrBelowMinIsr { isr: vec![leader], min_isr: 2 });
    assert_eq!(
        text,
        format!(
            "produce to pay-0 failed with NOT_ENOUGH_REPLICAS (acks=all): ISR [{}] has 1 member, min.insync.replicas is 2, so the leader refused it before appending",
            leader.0
        )
    );
}

#[test]
fn a_crashed_leader_and_an_offline_partition_are_named() {
    let mut c = cluster(3);
    c.apply(Command::CreateTopic { name: "solo".into(), partitions: 1, replication_factor: 1, config: TopicConfig::default() }).unwrap();
    drain(&mut c);
    let leader = c.topic("solo").unwrap().partitions[0].leader.unwrap();
    c.apply(Command::StopBroker { broker: leader }).unwrap();
    produce(&mut c, "solo", 0, Acks::Leader);
    let (error, cause, _) = failure(&drain(&mut c));
    assert_eq!((error, cause), (KafkaError::NetworkException, ProduceFailureCause::LeaderUnreachable { leader }));
    steps(&mut c, 200); // fenced: the partition goes offline
    produce(&mut c, "solo", 0, Acks::Leader);
    let (error, cause, text) = failure(&drain(&mut c));
    assert_eq!((error, cause), (KafkaError::LeaderNotAvailable, ProduceFailureCause::NoLeader));
    assert!(text.contains("no leader"), "{text}");
}

fn started(c: &mut Cluster, group: &str, protocol: GroupProtocol, assignor: AssignorName, remote: ServerAssignor) -> String {
    let config = ConsumerConfig {
        group_id: group.into(),
        topics: vec!["orders".into()],
        group_protocol: protocol,
        assignor,
        remote_assignor: remote,
        ..ConsumerConfig::default()
    };
    c.apply(Command::AddConsumer { config }).unwrap();
    drain(c).into_iter().find(|e| matches!(e.kind, EventKind::ConsumerStarted { .. })).map(|e| e.kind.narrate()).expect("ConsumerStarted")
}

#[test]
fn consumer_started_names_the_assignor_really_used() {
    let mut c = cluster(3);
    orders(&mut c);
    let text = started(&mut c, "g848", GroupProtocol::Consumer, AssignorName::Range, ServerAssignor::Uniform);
    assert!(text.ends_with("(consumer protocol, uniform assignor on the broker)"), "{text}");
    assert!(!text.contains("range"), "{text}");
    let text = started(&mut c, "gc", GroupProtocol::Classic, AssignorName::CooperativeSticky, ServerAssignor::Uniform);
    assert!(text.ends_with("(classic protocol, cooperative-sticky assignor)"), "{text}");
}
