//! `RoundRobinAssignor`: all subscribed partitions sorted by topic then partition, dealt to the
//! members sorted by id in a circle, skipping members not subscribed to the partition's topic.

use super::{Assignment, Subscription};
use crate::ids::TopicPartition;
use crate::vec_map::VecMap;

pub fn round_robin_assign(partitions_per_topic: &VecMap<String, u32>, subscriptions: &[Subscription]) -> Assignment {
    let mut assignment: Assignment = VecMap::from_iter(subscriptions.iter().map(|s| (s.member.clone(), Vec::new())));
    let mut members: Vec<&Subscription> = subscriptions.iter().collect();
    members.sort_by(|a, b| a.member.cmp(&b.member));
    if members.is_empty() {
        return assignment;
    }
    let mut next = 0usize;
    // partitions_per_topic only holds subscribed topics, in sorted order (the TreeSet in Java).
    for (topic, &count) in partitions_per_topic {
        for p in 0..count {
            // CircularIterator.peek/next: skip members that do not subscribe to this topic.
            // Some member subscribes (the topic is in the map because of one), so this ends.
            while !members[next].topics.iter().any(|t| t == topic) {
                next = (next + 1) % members.len();
            }
            if let Some(parts) = assignment.get_mut(&members[next].member) {
                parts.push(TopicPartition::new(topic.clone(), p));
            }
            next = (next + 1) % members.len();
        }
    }
    assignment
}
