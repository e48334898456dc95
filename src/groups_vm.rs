//! View models of consumer groups: each group's state, its members (with the colour their
//! partitions get elsewhere), and its `kafka-consumer-groups.sh --describe` rows. Pure functions
//! over the engine's read-only state.

use crate::i18n::{count, key, Tr};
use engine::GroupProtocolState;
use engine::{ClientState, Cluster, Consumer};

/// Member colours (CSS classes `.m0` … `.m7`, and the lag chart's line).
pub const MEMBER_COLOURS: usize = 8;
/// Consumers listed per group (the newest; finished ones after running ones).
pub const MEMBERS_SHOWN_MAX: usize = 12;
/// Owned partitions listed per member (with positions); the rest are counted. A member of a
/// large group owns dozens, and their positions change every tick: listing them all cost a
/// long text relayout per member per tick and says nothing more to a learner.
pub const OWNED_SHOWN_MAX: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberVm {
    pub consumer: u32,
    pub name: String,
    pub colour: u8,
    /// "running", "not polling", "crashed" … in the learner's language.
    pub status: String,
    pub alive: bool,
    pub polling: bool,
    pub slow: bool,
    /// In the coordinator's member list.
    pub member: bool,
    pub leader: bool,
    /// Consumer protocol: the member's epoch and reconciliation state ("epoch 3 STABLE").
    pub member_state: Option<String>,
    /// The first `OWNED_SHOWN_MAX` owned partitions, "topic-p @ position".
    pub owned: Vec<String>,
    /// How many partitions it owns in all.
    pub owned_total: usize,
    pub delivered: u64,
    pub redelivered: u64,
    /// The exception it died of, as the engine reports it (Kafka's names and words).
    pub error: Option<String>,
    /// `isolation.level`: "read_uncommitted" or "read_committed".
    pub isolation: &'static str,
    /// What that level reads, for its tooltip.
    pub isolation_note: String,
}

/// A describe row is the engine's `GroupPartitionRow` as it is.
pub type GroupRowVm = engine::GroupPartitionRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupVm {
    pub id: String,
    pub state: &'static str,
    pub generation: i32,
    pub coordinator: Option<u32>,
    pub offsets_partition: u32,
    /// `__consumer_offsets` does not exist yet: (offsets.topic.replication.factor, brokers).
    /// With fewer brokers than that, Kafka never creates it and no group forms.
    pub offsets_topic_missing: Option<(u32, u32)>,
    /// The coordinator in words: "broker 2 (leader of __consumer_offsets-12)", or why there
    /// is none.
    pub coordinator_label: String,
    /// "range (classic, eager)", "cooperative-sticky (classic, cooperative)",
    /// "uniform (consumer protocol, KIP-848, on the broker)".
    pub protocol: String,
    /// "generation" (classic) or "group epoch" (consumer protocol).
    pub epoch_label: String,
    pub members: Vec<MemberVm>,
    /// Rows for the partitions on the current page (`rows_total` in all).
    pub rows: Vec<GroupRowVm>,
    pub rows_total: usize,
    pub lag_total: i64,
    /// Records a crashed member received and nobody will process (at-most-once).
    pub skipped: u64,
    pub redelivered: u64,
    pub rebalances: u64,
    /// What the group's consumers received against the producers' send order.
    pub delivery: crate::delivery_vm::DeliveryVm,
}

pub fn member_colour(consumer: u32) -> u8 {
    ((consumer.saturating_sub(1)) as usize % MEMBER_COLOURS) as u8
}

/// The catalogue key of a consumer's status (the engine's `Consumer::status_label`, as data).
fn status_key(c: &Consumer) -> &'static str {
    match c.state {
        ClientState::Crashed => key("member-status-crashed"),
        ClientState::Closed => key("member-status-closed"),
        ClientState::Failed => key("member-status-failed"),
        ClientState::Running if c.paused => key("member-status-not-polling"),
        ClientState::Running if c.config.processing_ms_per_record > 0 => key("member-status-slow"),
        ClientState::Running => key("member-status-running"),
    }
}

fn member_vm(c: &Consumer, in_group: bool, leader: bool, member_state: Option<String>, tr: Tr) -> MemberVm {
    // A dead process owns nothing, whatever it held when it died.
    let owned: &[engine::TopicPartition] = if c.alive() { &c.owned } else { &[] };
    MemberVm {
        consumer: c.id.0,
        name: c.id.to_string(),
        colour: member_colour(c.id.0),
        status: tr.t(status_key(c)),
        alive: c.state == ClientState::Running,
        polling: !c.paused,
        slow: c.config.processing_ms_per_record > 0,
        member: in_group,
        leader,
        member_state,
        // Each with the consumer's position (next offset to read), which runs ahead of the
        // committed offset in the describe table until the next commit.
        owned: owned
            .iter()
            .take(OWNED_SHOWN_MAX)
            .map(|tp| match c.positions.get(tp) {
                Some(p) => format!("{tp} @ {p}"),
                None => tp.to_string(),
            })
            .collect(),
        owned_total: owned.len(),
        delivered: c.records_delivered,
        redelivered: c.records_redelivered,
        error: c.error.as_ref().map(|e| crate::narration::consumer_error(e, tr)),
        isolation: c.config.isolation_level.name(),
        isolation_note: isolation_note(c.config.isolation_level, tr),
    }
}

/// What a consumer of this `isolation.level` receives.
pub fn isolation_note(level: engine::IsolationLevel, tr: Tr) -> String {
    match level {
        engine::IsolationLevel::ReadUncommitted => tr.t("member-isolation-read-uncommitted"),
        engine::IsolationLevel::ReadCommitted => tr.t("member-isolation-read-committed"),
    }
}

/// Every group; `on_page` tells which partitions the current page shows (rows are limited to them).
pub fn groups_vm(cluster: &Cluster, on_page: impl Fn(&str, u32) -> bool, tr: Tr) -> Vec<GroupVm> {
    cluster
        .groups()
        .map(|g| {
            let leader_consumer = g.classic().and_then(|c| c.leader_id.as_deref()).and_then(|l| g.member(l)).map(|m| m.consumer);
            let mut consumers: Vec<&Consumer> = cluster.consumers().filter(|c| c.config.group_id == g.group_id).collect();
            // Running first, then newest first.
            consumers.sort_by_key(|c| (!c.alive(), std::cmp::Reverse(c.id)));
            consumers.truncate(MEMBERS_SHOWN_MAX);
            consumers.sort_by_key(|c| (!c.alive(), c.id));
            let members = consumers
                .iter()
                .map(|c| {
                    let m = c.member_id.as_deref().and_then(|m| g.member(m));
                    let state = c
                        .member_id
                        .as_deref()
                        .and_then(|m| g.consumer_protocol()?.member(m))
                        .map(|m| tr.f("member-epoch", &[("epoch", m.member_epoch.into()), ("state", m.state.name().into())]));
                    let leader = Some(c.id) == leader_consumer;
                    member_vm(c, m.is_some(), leader, state, tr)
                })
                .collect();
            let all = cluster.describe_group(&g.group_id);
            let lag_total = all.iter().filter_map(|r| r.lag).sum();
            let rows_total = all.len();
            let rows = all.into_iter().filter(|r| on_page(&r.topic, r.partition)).collect();
            let offsets_topic_missing = cluster
                .topic(engine::OFFSETS_TOPIC)
                .is_none()
                .then(|| (cluster.config().offsets_topic_replication_factor, cluster.brokers().count() as u32));
            let partition = ("partition", g.offsets_partition.into());
            let coordinator_label = match (g.coordinator, offsets_topic_missing) {
                (Some(b), _) => tr.f("group-coordinator-broker", &[("broker", b.0.into()), partition]),
                (None, Some((rf, brokers))) => {
                    tr.f("group-coordinator-no-offsets-topic", &[("rf", rf.into()), ("brokers", count(brokers))])
                }
                (None, None) => tr.f("group-coordinator-no-leader", &[partition]),
            };
            GroupVm {
                id: g.group_id.clone(),
                state: g.state_name(),
                generation: g.epoch(),
                coordinator: g.coordinator.map(|b| b.0),
                offsets_partition: g.offsets_partition,
                offsets_topic_missing,
                coordinator_label,
                protocol: match &g.protocol {
                    GroupProtocolState::Consumer(c) => tr.f("group-protocol-consumer", &[("assignor", c.server_assignor.name().into())]),
                    GroupProtocolState::Classic(c) if c.protocol_name.is_cooperative() => {
                        tr.f("group-protocol-cooperative", &[("assignor", c.protocol_name.name().into())])
                    }
                    GroupProtocolState::Classic(c) => tr.f("group-protocol-eager", &[("assignor", c.protocol_name.name().into())]),
                },
                epoch_label: match &g.protocol {
                    GroupProtocolState::Consumer(_) => tr.t("group-epoch"),
                    GroupProtocolState::Classic(_) => tr.t("group-generation"),
                },
                members,
                rows,
                rows_total,
                lag_total,
                redelivered: g.audit.records_redelivered,
                skipped: *g.audit.records_skipped,
                rebalances: g.audit.rebalances,
                delivery: crate::delivery_vm::delivery_vm(&g.audit.delivery, tr),
            }
        })
        .collect()
}

/// "owns nothing", "owns orders-0 @ 5, orders-1 @ 7 (@ position)", or for a long list
/// "owns 50 partitions: bench-0 @ 12, … and 42 more (@ position)".
pub fn owned_label(m: &MemberVm, tr: Tr) -> String {
    if m.owned_total == 0 {
        return tr.t("member-owns-nothing");
    }
    let list = m.owned.join(", ");
    if m.owned_total <= m.owned.len() {
        tr.f("member-owns", &[("list", list.into())])
    } else {
        tr.f("member-owns-many", &[("total", count(m.owned_total)), ("list", list.into()), ("more", count(m.owned_total - m.owned.len()))])
    }
}

/// `-` for a missing value, as the CLI prints it.
pub fn dash<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{ClusterConfig, Command, ConsumerConfig, OffsetReset, TopicConfig};

    #[test]
    fn a_member_of_a_big_topic_lists_a_few_partitions_and_counts_the_rest() {
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 7, ..ClusterConfig::default() }).unwrap();
        for (name, partitions) in [("big", 20), ("small", 2)] {
            c.apply(Command::CreateTopic { name: name.into(), partitions, replication_factor: 1, config: TopicConfig::default() }).unwrap();
        }
        for (group, topic) in [("g-big", "big"), ("g-small", "small")] {
            let config = ConsumerConfig {
                group_id: group.into(),
                topics: vec![topic.into()],
                auto_offset_reset: OffsetReset::Earliest,
                isolation_level: if group == "g-small" { engine::IsolationLevel::ReadCommitted } else { engine::IsolationLevel::default() },
                ..ConsumerConfig::default()
            };
            c.apply(Command::AddConsumer { config }).unwrap();
        }
        for _ in 0..100 {
            c.step();
        }
        let en = Tr::new(crate::i18n::Lang::En);
        let groups = groups_vm(&c, |_, _| true, en);
        let member = |g: &str| groups.iter().find(|x| x.id == g).and_then(|x| x.members.first()).cloned().unwrap();
        let big = member("g-big");
        assert_eq!((big.owned.len(), big.owned_total), (OWNED_SHOWN_MAX, 20));
        let label = owned_label(&big, en);
        assert!(label.starts_with("owns 20 partitions: big-0 @ 0, ") && label.ends_with(" and 12 more (@ position)"), "{label}");
        let small = owned_label(&member("g-small"), en);
        assert_eq!(small, "owns small-0 @ 0, small-1 @ 0 (@ position)");
        let mut gone = member("g-small");
        (gone.owned, gone.owned_total) = (Vec::new(), 0);
        assert_eq!(owned_label(&gone, en), "owns nothing");
        // Each row says its isolation.level (read_uncommitted is Kafka's default).
        assert_eq!((big.isolation, member("g-small").isolation), ("read_uncommitted", "read_committed"));
        assert!(member("g-small").isolation_note.contains("skips records of aborted transactions"));
    }

    #[test]
    fn in_korean_the_words_are_korean_and_kafka_names_stay() {
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 7, ..ClusterConfig::default() }).unwrap();
        c.apply(Command::CreateTopic { name: "t".into(), partitions: 2, replication_factor: 1, config: TopicConfig::default() }).unwrap();
        let config = ConsumerConfig { group_id: "g".into(), topics: vec!["t".into()], ..ConsumerConfig::default() };
        c.apply(Command::AddConsumer { config }).unwrap();
        for _ in 0..100 {
            c.step();
        }
        let ko = crate::i18n::Tr::new(crate::i18n::Lang::Ko);
        let g = groups_vm(&c, |_, _| true, ko).remove(0);
        assert_eq!(g.state, "Stable", "Kafka's state name");
        assert_eq!(g.members[0].status, "실행 중");
        assert!(g.coordinator_label.starts_with("브로커 "), "{}", g.coordinator_label);
        assert!(g.protocol.starts_with("range (classic 프로토콜"), "{}", g.protocol);
        assert!(owned_label(&g.members[0], ko).starts_with("할당: t-0 @ "), "{}", owned_label(&g.members[0], ko));
    }
}
