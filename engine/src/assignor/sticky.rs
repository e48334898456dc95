//! `AbstractStickyAssignor` (Kafka 4.x, rack-unaware): balanced like round-robin, but keeping as
//! many previously owned partitions in place as it can. Shared by `sticky` (eager) and
//! `cooperative-sticky`. Two builders, as in Java: `constrained` when every member subscribes to
//! the same topics, `general` otherwise.
//!
//! Where Java's answer depends on the iteration order of a `HashMap` or `HashSet` (the order
//! members' owned partitions are kept in, which moved partition is moved back), the order is
//! reproduced with `java_hash` so that outputs are identical, not just equally good.

use super::{Assignment, Subscription};
use crate::ids::TopicPartition;
use crate::java_hash::{bucket_of, hash_map_capacity, hash_map_order, string_hash_code, topic_partition_hash_code};
use crate::vec_map::{VecMap, VecSet};

const DEFAULT_GENERATION: i32 = -1;

/// The assignment, and for the constrained builder the partitions changing owner (partition →
/// new owner) that the cooperative assignor withholds; `None` after the general builder, whose
/// caller computes them (`partitionsTransferringOwnership = null` in Java).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StickyOutcome {
    pub assignment: Assignment,
    pub transferring: Option<VecMap<TopicPartition, String>>,
}

pub fn sticky_assign(partitions_per_topic: &VecMap<String, u32>, subscriptions: &[Subscription]) -> StickyOutcome {
    // Java walks `subscriptions`, a HashMap keyed by member id.
    let hashes: Vec<i32> = subscriptions.iter().map(|s| string_hash_code(&s.member)).collect();
    let subs: Vec<&Subscription> = hash_map_order(&hashes, subscriptions.len()).into_iter().map(|i| &subscriptions[i]).collect();
    let by_member: VecMap<&str, &Subscription> = VecMap::from_iter(subs.iter().map(|s| (s.member.as_str(), *s)));

    // allSubscriptionsEqual: also collects each member's still-valid owned partitions.
    let mut all_equal = true;
    let mut subscribed: VecSet<&str> = VecSet::new();
    let mut owned_by: Vec<(String, Vec<TopicPartition>)> = Vec::with_capacity(subs.len());
    let mut index: VecMap<String, usize> = VecMap::new();
    let mut previous_owner: VecMap<TopicPartition, String> = VecMap::new();
    let mut multiple_owners: VecSet<TopicPartition> = VecSet::new();
    let mut max_generation = DEFAULT_GENERATION;
    for s in &subs {
        if subscribed.is_empty() {
            subscribed.extend(s.topics.iter().map(String::as_str));
        } else if all_equal && !(s.topics.len() == subscribed.len() && s.topics.iter().all(|t| subscribed.contains(t.as_str()))) {
            all_equal = false;
        }
        let generation = s.generation.unwrap_or(DEFAULT_GENERATION);
        max_generation = max_generation.max(generation);
        index.insert(s.member.clone(), owned_by.len());
        owned_by.push((s.member.clone(), Vec::new()));
        let me = owned_by.len() - 1;
        for tp in &s.owned {
            if !partitions_per_topic.contains_key(&*tp.topic) {
                continue;
            }
            match previous_owner.get(tp).cloned() {
                None => {
                    owned_by[me].1.push(tp.clone());
                    previous_owner.insert(tp.clone(), s.member.clone());
                }
                Some(other) => {
                    let other_generation = by_member.get(other.as_str()).and_then(|o| o.generation).unwrap_or(DEFAULT_GENERATION);
                    if generation >= other_generation {
                        // Same generation: nobody keeps it. Newer generation: it moves here.
                        if generation == other_generation {
                            multiple_owners.insert(tp.clone());
                        } else {
                            owned_by[me].1.push(tp.clone());
                        }
                        if let Some(&o) = index.get(&other) {
                            owned_by[o].1.retain(|p| p != tp);
                        }
                        previous_owner.insert(tp.clone(), s.member.clone());
                    }
                }
            }
        }
    }

    if all_equal {
        let (assignment, transferring) = constrained(partitions_per_topic, owned_by, &multiple_owners);
        StickyOutcome { assignment, transferring: Some(transferring) }
    } else {
        let assignment = General::new(partitions_per_topic, owned_by, &subs).build(&subs, max_generation);
        StickyOutcome { assignment, transferring: None }
    }
}

fn all_partitions_sorted(partitions_per_topic: &VecMap<String, u32>) -> Vec<TopicPartition> {
    partitions_per_topic.iter().flat_map(|(t, &n)| (0..n).map(move |p| TopicPartition::new(t.clone(), p))).collect()
}

/// `ConstrainedAssignmentBuilder` without racks.
fn constrained(
    partitions_per_topic: &VecMap<String, u32>,
    owned_by: Vec<(String, Vec<TopicPartition>)>,
    multiple_owners: &VecSet<TopicPartition>,
) -> (Assignment, VecMap<TopicPartition, String>) {
    let total: usize = partitions_per_topic.values().map(|&n| n as usize).sum();
    let consumers = owned_by.len().max(1);
    let min_quota = total / consumers;
    let max_quota = total.div_ceil(consumers);
    let expected_over_min = total % consumers;
    let mut current_over_min = 0usize;
    let mut assignment: Assignment = VecMap::from_iter(owned_by.iter().map(|(m, _)| (m.clone(), Vec::new())));
    let mut assigned: VecSet<TopicPartition> = VecSet::new();
    let mut maybe_revoked: VecMap<TopicPartition, String> = VecMap::new();
    let mut under_min: Vec<String> = Vec::new();
    let mut exactly_min: std::collections::VecDeque<String> = Default::default();
    let mut transferring = VecMap::new();

    // assignOwnedPartitions: owned partitions sorted by partition number, then topic.
    for (consumer, owned) in owned_by {
        let mut owned = owned;
        owned.sort_by(|a, b| a.partition.cmp(&b.partition).then_with(|| a.topic.cmp(&b.topic)));
        owned.retain(|tp| !multiple_owners.contains(tp));
        let Some(target) = assignment.get_mut(&consumer) else { continue };
        if owned.len() < min_quota {
            assigned.extend(owned.iter().cloned());
            target.extend(owned);
            under_min.push(consumer);
        } else if owned.len() >= max_quota && current_over_min < expected_over_min {
            current_over_min += 1;
            if current_over_min == expected_over_min {
                exactly_min.clear();
            }
            for tp in &owned[max_quota..] {
                maybe_revoked.insert(tp.clone(), consumer.clone());
            }
            owned.truncate(max_quota);
            assigned.extend(owned.iter().cloned());
            target.extend(owned);
        } else {
            for tp in &owned[min_quota..] {
                maybe_revoked.insert(tp.clone(), consumer.clone());
            }
            owned.truncate(min_quota);
            assigned.extend(owned.iter().cloned());
            target.extend(owned);
            if current_over_min < expected_over_min {
                exactly_min.push_back(consumer);
            }
        }
    }

    let unassigned: Vec<TopicPartition> =
        all_partitions_sorted(partitions_per_topic).into_iter().filter(|tp| !assigned.contains(tp)).collect();
    under_min.sort();
    exactly_min.make_contiguous().sort();

    // assignRoundRobin, with Java's iterator over the under-min list (index = next element).
    let mut cursor = 0usize;
    for tp in unassigned {
        let consumer = if cursor < under_min.len() {
            cursor += 1;
            under_min[cursor - 1].clone()
        } else if under_min.is_empty() {
            match exactly_min.pop_front() {
                Some(c) => c,
                None => break, // Java throws: "No more unfilled consumers to be assigned."
            }
        } else {
            cursor = 1;
            under_min[0].clone()
        };
        let Some(target) = assignment.get_mut(&consumer) else { break };
        target.push(tp.clone());
        let count = target.len();
        if maybe_revoked.get(&tp).is_some_and(|owner| *owner != consumer) || multiple_owners.contains(&tp) {
            transferring.insert(tp, consumer.clone());
        }
        if count == min_quota {
            // unfilledConsumerIter.remove(): the element last returned.
            if cursor > 0 && cursor <= under_min.len() && under_min[cursor - 1] == consumer {
                under_min.remove(cursor - 1);
                cursor -= 1;
            }
            exactly_min.push_back(consumer);
        }
        // (Java also counts members reaching max_quota here, only to log an algorithm error.)
    }
    (assignment, transferring)
}

/// A `java.util.HashSet<TopicPartition>` as far as its iteration order matters: insertion order
/// within a bucket, buckets ascending, the table sized by the most entries it ever held.
#[derive(Debug, Default, Clone)]
struct JavaHashSet {
    items: Vec<TopicPartition>,
    max_len: usize,
}

impl JavaHashSet {
    fn insert(&mut self, tp: TopicPartition) {
        if !self.items.contains(&tp) {
            self.items.push(tp);
            self.max_len = self.max_len.max(self.items.len());
        }
    }
    fn remove(&mut self, tp: &TopicPartition) {
        self.items.retain(|p| p != tp);
    }
    fn first(&self) -> Option<&TopicPartition> {
        let capacity = hash_map_capacity(self.max_len);
        self.items
            .iter()
            .enumerate()
            .min_by_key(|(i, tp)| (bucket_of(topic_partition_hash_code(&tp.topic, tp.partition), capacity), *i))
            .map(|(_, tp)| tp)
    }
}

/// `PartitionMovements`: which partitions moved between which members during this assignment.
#[derive(Debug, Default)]
struct Movements {
    by_partition: VecMap<TopicPartition, (String, String)>,
    by_topic: VecMap<String, VecMap<(String, String), JavaHashSet>>,
}

impl Movements {
    fn remove_record(&mut self, tp: &TopicPartition) -> Option<(String, String)> {
        let pair = self.by_partition.remove(tp)?;
        if let Some(topic) = self.by_topic.get_mut(&*tp.topic) {
            if let Some(set) = topic.get_mut(&pair) {
                set.remove(tp);
                if set.items.is_empty() {
                    topic.remove(&pair);
                }
            }
            if topic.is_empty() {
                self.by_topic.remove(&*tp.topic);
            }
        }
        Some(pair)
    }

    fn add_record(&mut self, tp: TopicPartition, pair: (String, String)) {
        self.by_partition.insert(tp.clone(), pair.clone());
        self.by_topic.entry(tp.topic.to_string()).or_default().entry(pair).or_default().insert(tp);
    }

    fn move_partition(&mut self, tp: &TopicPartition, old: &str, new: &str) {
        if self.by_partition.contains_key(tp) {
            if let Some((src, _)) = self.remove_record(tp) {
                if src != new {
                    self.add_record(tp.clone(), (src, new.to_string()));
                }
            }
        } else {
            self.add_record(tp.clone(), (old.to_string(), new.to_string()));
        }
    }

    /// Moving a partition back along a movement already made this round swaps in a partition
    /// that made the reverse move, so that stickiness is kept (`getTheActualPartitionToBeMoved`).
    fn actual_partition_to_move(&self, tp: &TopicPartition, old: &str, new: &str) -> TopicPartition {
        let Some(topic) = self.by_topic.get(&*tp.topic) else { return tp.clone() };
        let old = self.by_partition.get(tp).map_or(old, |(src, _)| src.as_str());
        match topic.get(&(new.to_string(), old.to_string())).and_then(|s| s.first()) {
            Some(p) => p.clone(),
            None => tp.clone(),
        }
    }
}

/// `GeneralAssignmentBuilder` without racks.
struct General<'a> {
    ppt: &'a VecMap<String, u32>,
    total: usize,
    topic_consumers: VecMap<String, Vec<String>>,
    consumer_topics: VecMap<String, Vec<String>>,
    current: VecMap<String, Vec<TopicPartition>>,
    partition_consumer: VecMap<TopicPartition, String>,
    sorted_all_partitions: Vec<TopicPartition>,
    /// `TreeSet` ordered by (assignment size, member id).
    sorted: VecSet<(usize, String)>,
    revocation_required: bool,
    movements: Movements,
}

impl<'a> General<'a> {
    fn new(ppt: &'a VecMap<String, u32>, owned_by: Vec<(String, Vec<TopicPartition>)>, subs: &[&Subscription]) -> Self {
        let mut topic_consumers: VecMap<String, Vec<String>> = VecMap::from_iter(ppt.keys().map(|t| (t.clone(), Vec::new())));
        let mut consumer_topics = VecMap::new();
        for s in subs {
            let mut topics = Vec::new();
            for t in &s.topics {
                if let Some(list) = topic_consumers.get_mut(t) {
                    topics.push(t.clone());
                    list.push(s.member.clone());
                }
            }
            consumer_topics.insert(s.member.clone(), topics);
        }
        let current: VecMap<String, Vec<TopicPartition>> = VecMap::from_iter(owned_by);
        let partition_consumer =
            VecMap::from_iter(current.iter().flat_map(|(m, parts)| parts.iter().map(move |tp| (tp.clone(), m.clone()))));
        let mut topics: Vec<&String> = ppt.keys().collect();
        topics.sort_by(|a, b| topic_consumers[*a].len().cmp(&topic_consumers[*b].len()).then_with(|| a.cmp(b)));
        let sorted_all_partitions = topics.iter().flat_map(|t| (0..ppt[*t]).map(move |p| TopicPartition::new((*t).clone(), p))).collect();
        General {
            ppt,
            total: ppt.values().map(|&n| n as usize).sum(),
            topic_consumers,
            consumer_topics,
            current,
            partition_consumer,
            sorted_all_partitions,
            sorted: VecSet::new(),
            revocation_required: false,
            movements: Movements::default(),
        }
    }

    fn size(&self, member: &str) -> usize {
        self.current.get(member).map_or(0, Vec::len)
    }

    fn subscribes(&self, member: &str, topic: &str) -> bool {
        self.consumer_topics.get(member).is_some_and(|ts| ts.iter().any(|t| t == topic))
    }

    fn build(mut self, subs: &[&Subscription], max_generation: i32) -> Assignment {
        // prepopulateCurrentAssignments: owners from older generations, for moving partitions back.
        let mut previous: VecMap<TopicPartition, (String, i32)> = VecMap::new();
        for s in subs {
            let generation = match s.generation {
                Some(g) if g < max_generation => g,
                None if max_generation > DEFAULT_GENERATION => DEFAULT_GENERATION,
                _ => continue,
            };
            for tp in &s.owned {
                if previous.get(tp).is_none_or(|(_, g)| generation > *g) {
                    previous.insert(tp.clone(), (s.member.clone(), generation));
                }
            }
        }
        // assignOwnedPartitions: drop what the member no longer subscribes to.
        let mut assigned = VecSet::new();
        let members: Vec<String> = self.current.keys().cloned().collect();
        for m in &members {
            let parts = self.current.get(m).cloned().unwrap_or_default();
            let mut kept = Vec::new();
            for tp in parts {
                if !self.topic_consumers.contains_key(&*tp.topic) {
                    self.partition_consumer.remove(&tp);
                } else if !self.subscribes(m, &tp.topic) {
                    self.revocation_required = true;
                } else {
                    assigned.insert(tp.clone());
                    kept.push(tp);
                }
            }
            self.current.insert(m.clone(), kept);
        }
        let unassigned: Vec<TopicPartition> = self.sorted_all_partitions.iter().filter(|tp| !assigned.contains(*tp)).cloned().collect();
        for m in &members {
            self.sorted.insert((self.size(m), m.clone()));
        }
        self.balance(&previous, unassigned);
        self.current
    }

    fn take(&mut self, member: &str) {
        self.sorted.remove(&(self.size(member), member.to_string()));
    }

    fn put(&mut self, member: &str) {
        if self.current.contains_key(member) {
            self.sorted.insert((self.size(member), member.to_string()));
        }
    }

    fn max_assignment_size(&self, member: &str) -> usize {
        let topics = self.consumer_topics.get(member).map_or(&[][..], Vec::as_slice);
        if topics.len() == self.ppt.len() {
            self.total
        } else {
            topics.iter().map(|t| self.ppt.get(t).copied().unwrap_or(0) as usize).sum()
        }
    }

    fn is_balanced(&self) -> bool {
        let (Some(first), Some(last)) = (self.sorted.first(), self.sorted.last()) else { return true };
        if first.0 + 1 >= last.0 {
            return true;
        }
        for (count, consumer) in &self.sorted {
            if *count == self.max_assignment_size(consumer) {
                continue;
            }
            let own = &self.current[consumer];
            for topic in &self.consumer_topics[consumer] {
                for p in 0..self.ppt[topic] {
                    let tp = TopicPartition::new(topic.clone(), p);
                    if own.contains(&tp) {
                        continue;
                    }
                    if let Some(other) = self.partition_consumer.get(&tp) {
                        if self.current.contains_key(other) && count + 1 < self.size(other) {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }

    fn balance_score(assignment: &VecMap<String, Vec<TopicPartition>>) -> usize {
        let sizes: Vec<usize> = assignment.values().map(Vec::len).collect();
        let mut score = 0;
        for i in 0..sizes.len() {
            for j in i + 1..sizes.len() {
                score += sizes[i].abs_diff(sizes[j]);
            }
        }
        score
    }

    fn can_consumer_participate(&self, member: &str) -> bool {
        if self.size(member) < self.max_assignment_size(member) {
            return true;
        }
        self.current.get(member).is_some_and(|parts| parts.iter().any(|tp| self.topic_consumers[&*tp.topic].len() >= 2))
    }

    fn balance(&mut self, previous: &VecMap<TopicPartition, (String, i32)>, mut unassigned: Vec<TopicPartition>) {
        let initializing = self.sorted.last().is_none_or(|(n, _)| *n == 0);
        // maybeAssign: each unassigned partition to the least loaded member subscribing to it.
        for tp in &unassigned {
            let chosen = self.sorted.iter().find(|(_, m)| self.subscribes(m, &tp.topic)).map(|(_, m)| m.clone());
            if let Some(m) = chosen {
                self.take(&m);
                if let Some(parts) = self.current.get_mut(&m) {
                    parts.push(tp.clone());
                }
                self.partition_consumer.insert(tp.clone(), m.clone());
                self.put(&m);
            }
        }
        // Partitions of topics only one member wants, and members that cannot change, stay put.
        let fixed_topics: VecSet<String> = self.topic_consumers.iter().filter(|(_, cs)| cs.len() < 2).map(|(t, _)| t.clone()).collect();
        self.sorted_all_partitions.retain(|tp| !fixed_topics.contains(&*tp.topic));
        unassigned.retain(|tp| !fixed_topics.contains(&*tp.topic));
        let mut fixed = Vec::new();
        let consumers: Vec<String> = self.consumer_topics.keys().cloned().collect();
        for c in consumers {
            if !self.can_consumer_participate(&c) {
                self.take(&c);
                if let Some(parts) = self.current.remove(&c) {
                    fixed.push((c, parts));
                }
            }
        }
        let pre_balance = self.current.clone();
        let pre_balance_owners = self.partition_consumer.clone();
        if !self.revocation_required {
            self.perform_reassignments(&unassigned, previous);
        }
        let all = self.sorted_all_partitions.clone();
        let performed = self.perform_reassignments(&all, previous);
        if !initializing && performed && Self::balance_score(&self.current) >= Self::balance_score(&pre_balance) {
            self.current = pre_balance;
            self.partition_consumer = pre_balance_owners;
        }
        for (c, parts) in fixed {
            self.current.insert(c.clone(), parts);
            self.put(&c);
        }
    }

    fn perform_reassignments(&mut self, partitions: &[TopicPartition], previous: &VecMap<TopicPartition, (String, i32)>) -> bool {
        let mut performed = false;
        // Each pass moves at least one partition or ends; bounded as a guard, never reached in
        // tests (Java loops until no move is possible).
        for _ in 0..=partitions.len() * partitions.len().max(1) + 16 {
            let mut modified = false;
            for tp in partitions {
                if self.is_balanced() {
                    break;
                }
                let Some(consumer) = self.partition_consumer.get(tp).cloned() else { continue };
                if !self.current.contains_key(&consumer) {
                    continue;
                }
                if let Some((prev, _)) = previous.get(tp) {
                    if self.current.contains_key(prev) && self.size(&consumer) > self.size(prev) + 1 {
                        let prev = prev.clone();
                        self.reassign_to(tp, &prev);
                        performed = true;
                        modified = true;
                        continue;
                    }
                }
                let overloaded = self.topic_consumers[&*tp.topic]
                    .iter()
                    .any(|other| self.current.contains_key(other) && self.size(&consumer) > self.size(other) + 1);
                if overloaded {
                    let target = self.sorted.iter().find(|(_, m)| self.subscribes(m, &tp.topic)).map(|(_, m)| m.clone());
                    if let Some(target) = target {
                        self.reassign_to(tp, &target);
                        performed = true;
                        modified = true;
                    }
                }
            }
            if !modified {
                break;
            }
        }
        performed
    }

    fn reassign_to(&mut self, tp: &TopicPartition, new: &str) {
        let Some(old) = self.partition_consumer.get(tp).cloned() else { return };
        let moved = self.movements.actual_partition_to_move(tp, &old, new);
        let Some(old) = self.partition_consumer.get(&moved).cloned() else { return };
        self.take(&old);
        self.take(new);
        self.movements.move_partition(&moved, &old, new);
        if let Some(parts) = self.current.get_mut(&old) {
            if let Some(i) = parts.iter().position(|p| *p == moved) {
                parts.remove(i);
            }
        }
        if let Some(parts) = self.current.get_mut(new) {
            parts.push(moved.clone());
        }
        self.partition_consumer.insert(moved, new.to_string());
        self.put(new);
        self.put(&old);
    }
}
