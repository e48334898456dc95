//! Client-side partition assignors of the classic group protocol, giving the same output as
//! Kafka's Java classes for the same input (`clients/.../consumer/RangeAssignor.java`,
//! `RoundRobinAssignor.java`, `StickyAssignor.java`, `CooperativeStickyAssignor.java` and
//! `internals/AbstractStickyAssignor.java`). The group leader runs one of them on the members'
//! subscriptions; `ksim assign` exposes them so they can be checked from outside.

mod range;
mod round_robin;
pub mod spec;
mod sticky;

use crate::ids::TopicPartition;
use crate::vec_map::VecMap;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use range::range_assign;
pub use round_robin::round_robin_assign;
pub use sticky::{sticky_assign, StickyOutcome};

/// `partition.assignment.strategy` by its `name()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssignorName {
    Range,
    #[serde(rename = "roundrobin")]
    RoundRobin,
    Sticky,
    CooperativeSticky,
}

impl AssignorName {
    pub const ALL: [AssignorName; 4] =
        [AssignorName::Range, AssignorName::RoundRobin, AssignorName::Sticky, AssignorName::CooperativeSticky];

    pub fn name(self) -> &'static str {
        match self {
            AssignorName::Range => "range",
            AssignorName::RoundRobin => "roundrobin",
            AssignorName::Sticky => "sticky",
            AssignorName::CooperativeSticky => "cooperative-sticky",
        }
    }

    pub fn parse(s: &str) -> Option<AssignorName> {
        AssignorName::ALL.into_iter().find(|a| a.name() == s)
    }

    /// KIP-429: only cooperative-sticky keeps its partitions through a rebalance.
    pub fn is_cooperative(self) -> bool {
        self == AssignorName::CooperativeSticky
    }
}

impl fmt::Display for AssignorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One member's JoinGroup metadata as an assignor sees it: its subscription and, for the sticky
/// assignors, what it owned and in which generation (`ConsumerProtocolSubscription` v2 fields,
/// or the eager sticky assignor's userData).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subscription {
    pub member: String,
    pub topics: Vec<String>,
    #[serde(default)]
    pub owned: Vec<TopicPartition>,
    #[serde(default)]
    pub generation: Option<i32>,
}

impl Subscription {
    pub fn new(member: &str, topics: &[&str]) -> Self {
        Subscription { member: member.into(), topics: topics.iter().map(|t| t.to_string()).collect(), owned: vec![], generation: None }
    }
}

/// Member id → partitions, every member present (possibly with none), partitions sorted.
pub type Assignment = VecMap<String, Vec<TopicPartition>>;

/// The result of one assignment: for cooperative-sticky, `withheld` are the partitions that change
/// owner and are left out of this round (their old owner revokes them first, and a second
/// rebalance hands them out).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssignmentOutcome {
    pub assignment: Assignment,
    pub withheld: Vec<(TopicPartition, String)>,
}

/// Runs `assignor` on `subscriptions` (in the order the leader received them) over the topics in
/// `partitions_per_topic`; subscribed topics missing from it are ignored, as Java ignores topics
/// without metadata.
pub fn assign(assignor: AssignorName, partitions_per_topic: &VecMap<String, u32>, subscriptions: &[Subscription]) -> AssignmentOutcome {
    // AbstractPartitionAssignor.assign: only topics someone subscribes to and that exist.
    let mut ppt = VecMap::new();
    for s in subscriptions {
        for t in &s.topics {
            if let Some(n) = partitions_per_topic.get(t) {
                ppt.insert(t.clone(), *n);
            }
        }
    }
    let mut outcome = match assignor {
        AssignorName::Range => AssignmentOutcome { assignment: range_assign(&ppt, subscriptions), withheld: vec![] },
        AssignorName::RoundRobin => AssignmentOutcome { assignment: round_robin_assign(&ppt, subscriptions), withheld: vec![] },
        AssignorName::Sticky => AssignmentOutcome { assignment: sticky_assign(&ppt, subscriptions).assignment, withheld: vec![] },
        AssignorName::CooperativeSticky => cooperative_adjust(sticky_assign(&ppt, subscriptions), subscriptions),
    };
    for s in subscriptions {
        outcome.assignment.entry(s.member.clone()).or_default();
    }
    for parts in outcome.assignment.values_mut() {
        parts.sort();
    }
    outcome
}

/// `CooperativeStickyAssignor.assignPartitions`: withhold every partition that moves between
/// members. The constrained builder reports them itself; after the general builder they are the
/// partitions newly assigned to one member that another member owned and lost.
fn cooperative_adjust(outcome: StickyOutcome, subscriptions: &[Subscription]) -> AssignmentOutcome {
    let mut assignment = outcome.assignment;
    let transferring: VecMap<TopicPartition, String> = match outcome.transferring {
        Some(t) => t,
        None => {
            let mut added = VecMap::new();
            let mut revoked = crate::vec_map::VecSet::new();
            for s in subscriptions {
                let assigned = assignment.get(&s.member).cloned().unwrap_or_default();
                for tp in &assigned {
                    if !s.owned.contains(tp) {
                        added.insert(tp.clone(), s.member.clone());
                    }
                }
                for tp in &s.owned {
                    if !assigned.contains(tp) {
                        revoked.insert(tp.clone());
                    }
                }
            }
            added.retain(|tp, _| revoked.contains(tp));
            added
        }
    };
    for (tp, member) in &transferring {
        if let Some(parts) = assignment.get_mut(member) {
            parts.retain(|p| p != tp);
        }
    }
    AssignmentOutcome { assignment, withheld: transferring.into_iter().collect() }
}

/// Cooperative-sticky's two rounds: the first withholds partitions changing owner; their old
/// owners revoke them and everyone rejoins in the next generation owning what they kept, and the
/// second round hands the freed partitions out. Other assignors settle in one round.
pub fn assign_rounds(
    assignor: AssignorName,
    partitions_per_topic: &VecMap<String, u32>,
    subscriptions: &[Subscription],
) -> Vec<Assignment> {
    let first = assign(assignor, partitions_per_topic, subscriptions);
    if !assignor.is_cooperative() {
        return vec![first.assignment];
    }
    let generation = subscriptions.iter().filter_map(|s| s.generation).max().unwrap_or(0) + 1;
    let rejoin: Vec<Subscription> = subscriptions
        .iter()
        .map(|s| Subscription {
            owned: first.assignment.get(&s.member).cloned().unwrap_or_default(),
            generation: Some(generation),
            ..s.clone()
        })
        .collect();
    let second = assign(assignor, partitions_per_topic, &rejoin);
    vec![first.assignment, second.assignment]
}

/// `C0=t0-0,t0-1;C1=t1-0`: members sorted, partitions sorted (the `ksim assign` format).
pub fn format_assignment(a: &Assignment) -> String {
    a.iter()
        .map(|(m, parts)| format!("{m}={}", parts.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",")))
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests;
