//! `RangeAssignor`: per topic, members sorted by id, each gets a contiguous range; the first
//! `partitions % members` members get one extra (`RangeAssignor.assignRanges`).

use super::{Assignment, Subscription};
use crate::ids::TopicPartition;
use crate::vec_map::VecMap;

pub fn range_assign(partitions_per_topic: &VecMap<String, u32>, subscriptions: &[Subscription]) -> Assignment {
    let mut assignment: Assignment = VecMap::from_iter(subscriptions.iter().map(|s| (s.member.clone(), Vec::new())));
    for (topic, &count) in partitions_per_topic {
        // MemberInfo order: member id (no static members in the sandbox).
        let mut members: Vec<&str> =
            subscriptions.iter().filter(|s| s.topics.iter().any(|t| t == topic)).map(|s| s.member.as_str()).collect();
        members.sort_unstable();
        members.dedup();
        if members.is_empty() {
            continue;
        }
        let m = members.len() as u32;
        let (per_member, extra) = (count / m, count % m);
        for (i, member) in members.iter().enumerate() {
            let i = i as u32;
            let start = per_member * i + i.min(extra);
            let length = per_member + u32::from(i < extra);
            let parts = assignment.entry(member.to_string()).or_default();
            parts.extend((start..start + length).map(|p| TopicPartition::new(topic.clone(), p)));
        }
    }
    assignment
}
