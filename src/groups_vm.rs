//! View models of consumer groups: each group's state, its members (with the colour their
//! partitions get elsewhere), and its `kafka-consumer-groups.sh --describe` rows. Pure functions
//! over the engine's read-only state.

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
    pub status: &'static str,
    pub alive: bool,
    pub polling: bool,
    pub slow: bool,
    /// In the coordinator's member list.
    pub member: bool,
    pub leader: bool,
    /// Consumer protocol: the member's epoch and reconciliation state.
    pub member_state: Option<String>,
    /// The first `OWNED_SHOWN_MAX` owned partitions, "topic-p @ position".
    pub owned: Vec<String>,
    /// How many partitions it owns in all.
    pub owned_total: usize,
    pub delivered: u64,
    pub redelivered: u64,
    pub error: Option<String>,
    /// `isolation.level`: "read_uncommitted" or "read_committed".
    pub isolation: &'static str,
    /// What that level reads, for its tooltip.
    pub isolation_note: &'static str,
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
    /// "range (classic, eager)", "cooperative-sticky (classic, cooperative)",
    /// "uniform (consumer protocol, KIP-848, on the broker)".
    pub protocol: String,
    /// "generation" (classic) or "group epoch" (consumer protocol).
    pub epoch_label: &'static str,
    pub members: Vec<MemberVm>,
    /// Rows for the partitions on the current page (`rows_total` in all).
    pub rows: Vec<GroupRowVm>,
    pub rows_total: usize,
    pub lag_total: i64,
    pub redelivered: u64,
    pub rebalances: u64,
    /// What the group's consumers received against the producers' send order.
    pub delivery: crate::delivery_vm::DeliveryVm,
}

pub fn member_colour(consumer: u32) -> u8 {
    ((consumer.saturating_sub(1)) as usize % MEMBER_COLOURS) as u8
}

fn member_vm(c: &Consumer, in_group: bool, leader: bool, member_state: Option<String>) -> MemberVm {
    // A dead process owns nothing, whatever it held when it died.
    let owned: &[engine::TopicPartition] = if c.alive() { &c.owned } else { &[] };
    MemberVm {
        consumer: c.id.0,
        name: c.id.to_string(),
        colour: member_colour(c.id.0),
        status: c.status_label(),
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
        error: c.error.clone(),
        isolation: c.config.isolation_level.name(),
        isolation_note: isolation_note(c.config.isolation_level),
    }
}

/// What a consumer of this `isolation.level` receives.
pub fn isolation_note(level: engine::IsolationLevel) -> &'static str {
    match level {
        engine::IsolationLevel::ReadUncommitted => {
            "read_uncommitted: reads up to the high watermark, records of open and aborted transactions included; never a marker"
        }
        engine::IsolationLevel::ReadCommitted => {
            "read_committed: reads up to the last stable offset and skips records of aborted transactions; never a marker"
        }
    }
}

/// Every group; `on_page` tells which partitions the current page shows (rows are limited to them).
pub fn groups_vm(cluster: &Cluster, on_page: impl Fn(&str, u32) -> bool, tr: crate::i18n::Tr) -> Vec<GroupVm> {
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
                        .map(|m| format!("epoch {} {}", m.member_epoch, m.state.name()));
                    let leader = Some(c.id) == leader_consumer;
                    member_vm(c, m.is_some(), leader, state)
                })
                .collect();
            let all = cluster.describe_group(&g.group_id);
            let lag_total = all.iter().filter_map(|r| r.lag).sum();
            let rows_total = all.len();
            let rows = all.into_iter().filter(|r| on_page(&r.topic, r.partition)).collect();
            GroupVm {
                id: g.group_id.clone(),
                state: g.state_name(),
                generation: g.epoch(),
                coordinator: g.coordinator.map(|b| b.0),
                offsets_partition: g.offsets_partition,
                offsets_topic_missing: cluster
                    .topic(engine::OFFSETS_TOPIC)
                    .is_none()
                    .then(|| (cluster.config().offsets_topic_replication_factor, cluster.brokers().count() as u32)),
                protocol: match &g.protocol {
                    GroupProtocolState::Consumer(c) => {
                        format!("{} (consumer protocol, KIP-848: assigned on the broker)", c.server_assignor.name())
                    }
                    GroupProtocolState::Classic(c) if c.protocol_name.is_cooperative() => {
                        format!("{} (classic, cooperative)", c.protocol_name.name())
                    }
                    GroupProtocolState::Classic(c) => format!("{} (classic, eager)", c.protocol_name.name()),
                },
                epoch_label: match &g.protocol {
                    GroupProtocolState::Consumer(_) => "group epoch",
                    GroupProtocolState::Classic(_) => "generation",
                },
                members,
                rows,
                rows_total,
                lag_total,
                redelivered: g.audit.records_redelivered,
                rebalances: g.audit.rebalances,
                delivery: crate::delivery_vm::delivery_vm(&g.audit.delivery, tr),
            }
        })
        .collect()
}

/// "owns nothing", "owns orders-0 @ 5, orders-1 @ 7 (@ position)", or for a long list
/// "owns 50 partitions: bench-0 @ 12, … and 42 more (@ position)".
pub fn owned_label(m: &MemberVm) -> String {
    if m.owned_total == 0 {
        return "owns nothing".into();
    }
    let listed = m.owned.join(", ");
    if m.owned_total <= m.owned.len() {
        format!("owns {listed} (@ position)")
    } else {
        format!("owns {} partitions: {listed} and {} more (@ position)", m.owned_total, m.owned_total - m.owned.len())
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
        let groups = groups_vm(&c, |_, _| true, crate::i18n::Tr::new(crate::i18n::Lang::En));
        let member = |g: &str| groups.iter().find(|x| x.id == g).and_then(|x| x.members.first()).cloned().unwrap();
        let big = member("g-big");
        assert_eq!((big.owned.len(), big.owned_total), (OWNED_SHOWN_MAX, 20));
        let label = owned_label(&big);
        assert!(label.starts_with("owns 20 partitions: big-0 @ 0, ") && label.ends_with(" and 12 more (@ position)"), "{label}");
        let small = owned_label(&member("g-small"));
        assert_eq!(small, "owns small-0 @ 0, small-1 @ 0 (@ position)");
        let mut gone = member("g-small");
        (gone.owned, gone.owned_total) = (Vec::new(), 0);
        assert_eq!(owned_label(&gone), "owns nothing");
        // Each row says its isolation.level (read_uncommitted is Kafka's default).
        assert_eq!((big.isolation, member("g-small").isolation), ("read_uncommitted", "read_committed"));
        assert!(member("g-small").isolation_note.contains("skips records of aborted transactions"));
    }
}
