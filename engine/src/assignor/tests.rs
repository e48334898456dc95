//! Golden outputs of Kafka's Java assignor classes (../shared/kafka/semantics.md §3.3).

use super::*;
use crate::ids::TopicPartition;

fn ppt(spec: &[(&str, u32)]) -> VecMap<String, u32> {
    spec.iter().map(|(t, n)| (t.to_string(), *n)).collect()
}

fn tps(spec: &str) -> Vec<TopicPartition> {
    spec.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let (t, p) = s.rsplit_once('-').expect("topic-partition");
            TopicPartition::new(t, p.parse().expect("partition"))
        })
        .collect()
}

fn owning(member: &str, topics: &[&str], owned: &str, generation: i32) -> Subscription {
    Subscription { owned: tps(owned), generation: Some(generation), ..Subscription::new(member, topics) }
}

fn run(a: AssignorName, p: &VecMap<String, u32>, subs: &[Subscription]) -> String {
    format_assignment(&assign(a, p, subs).assignment)
}

#[test]
fn fresh_two_members_two_topics() {
    let p = ppt(&[("t0", 3), ("t1", 3)]);
    let subs = [Subscription::new("C0", &["t0", "t1"]), Subscription::new("C1", &["t0", "t1"])];
    assert_eq!(run(AssignorName::Range, &p, &subs), "C0=t0-0,t0-1,t1-0,t1-1;C1=t0-2,t1-2");
    for a in [AssignorName::RoundRobin, AssignorName::Sticky, AssignorName::CooperativeSticky] {
        assert_eq!(run(a, &p, &subs), "C0=t0-0,t0-2,t1-1;C1=t0-1,t1-0,t1-2", "{a}");
    }
}

#[test]
fn a_third_member_joins_with_prior_ownership() {
    let p = ppt(&[("t0", 3), ("t1", 3)]);
    let both = ["t0", "t1"];
    let subs = [owning("C0", &both, "t0-0,t0-1,t1-0,t1-1", 1), owning("C1", &both, "t0-2,t1-2", 1), Subscription::new("C2", &both)];
    assert_eq!(run(AssignorName::Range, &p, &subs), "C0=t0-0,t1-0;C1=t0-1,t1-1;C2=t0-2,t1-2");
    assert_eq!(run(AssignorName::RoundRobin, &p, &subs), "C0=t0-0,t1-0;C1=t0-1,t1-1;C2=t0-2,t1-2");
    // Java keeps C0's lowest partition numbers first (sorted by partition, then topic).
    assert_eq!(run(AssignorName::Sticky, &p, &subs), "C0=t0-0,t1-0;C1=t0-2,t1-2;C2=t0-1,t1-1");
    let round1 = assign(AssignorName::CooperativeSticky, &p, &subs);
    assert_eq!(format_assignment(&round1.assignment), "C0=t0-0,t1-0;C1=t0-2,t1-2;C2=");
    assert_eq!(round1.withheld, vec![(TopicPartition::new("t0", 1), "C2".to_string()), (TopicPartition::new("t1", 1), "C2".to_string())]);
    // Round 2: C0 revoked t0-1 and t1-1 and rejoins owning what it kept; C2 gets the freed ones.
    let subs2 = [owning("C0", &both, "t0-0,t1-0", 2), owning("C1", &both, "t0-2,t1-2", 2), owning("C2", &both, "", 2)];
    let round2 = assign(AssignorName::CooperativeSticky, &p, &subs2);
    assert_eq!(format_assignment(&round2.assignment), "C0=t0-0,t1-0;C1=t0-2,t1-2;C2=t0-1,t1-1");
    assert!(round2.withheld.is_empty());
}

#[test]
fn unequal_subscriptions_from_the_round_robin_javadoc() {
    let p = ppt(&[("t0", 1), ("t1", 2), ("t2", 3)]);
    let subs = [Subscription::new("C0", &["t0"]), Subscription::new("C1", &["t0", "t1"]), Subscription::new("C2", &["t0", "t1", "t2"])];
    assert_eq!(run(AssignorName::RoundRobin, &p, &subs), "C0=t0-0;C1=t1-0;C2=t1-1,t2-0,t2-1,t2-2");
    assert_eq!(run(AssignorName::Range, &p, &subs), "C0=t0-0;C1=t1-0;C2=t1-1,t2-0,t2-1,t2-2");
    assert_eq!(run(AssignorName::Sticky, &p, &subs), "C0=t0-0;C1=t1-0,t1-1;C2=t2-0,t2-1,t2-2");
}

#[test]
fn members_without_topics_and_unknown_topics_get_nothing() {
    let p = ppt(&[("t0", 2)]);
    let subs = [Subscription::new("a", &["t0", "missing"]), Subscription::new("b", &[])];
    for a in AssignorName::ALL {
        let out = assign(a, &p, &subs);
        assert_eq!(format_assignment(&out.assignment), "a=t0-0,t0-1;b=", "{a}");
    }
    assert_eq!(format_assignment(&assign(AssignorName::Sticky, &p, &[]).assignment), "");
}

#[test]
fn same_generation_double_claims_are_dropped_and_newer_generations_win() {
    let p = ppt(&[("t", 4)]);
    let subs = [owning("a", &["t"], "t-0,t-1", 3), owning("b", &["t"], "t-1,t-2", 3), owning("c", &["t"], "t-3", 2)];
    let out = assign(AssignorName::CooperativeSticky, &p, &subs);
    // t-1 claimed twice in generation 3: nobody keeps it, and it counts as changing owner.
    let owners: Vec<String> =
        out.assignment.iter().filter(|(_, ps)| ps.contains(&TopicPartition::new("t", 1))).map(|(m, _)| m.clone()).collect();
    assert!(owners.is_empty(), "withheld in the first cooperative round: {out:?}");
    assert!(out.withheld.iter().any(|(tp, _)| tp.partition == 1));
    let newer = [owning("a", &["t"], "t-0", 1), owning("b", &["t"], "t-0,t-1", 2)];
    let out = assign(AssignorName::Sticky, &ppt(&[("t", 2)]), &newer);
    assert_eq!(format_assignment(&out.assignment), "a=t-1;b=t-0");
}

#[test]
fn every_assignor_assigns_each_partition_once_and_balances_equal_subscriptions() {
    let mut rng = crate::rng::Rng::new(7);
    for case in 0..300 {
        let topics: Vec<(String, u32)> = (0..1 + rng.below(4)).map(|t| (format!("t{t}"), 1 + rng.below(7) as u32)).collect();
        let p: VecMap<String, u32> = topics.iter().cloned().collect();
        let names: Vec<&str> = topics.iter().map(|(t, _)| t.as_str()).collect();
        let members: Vec<Subscription> = (0..1 + rng.below(6)).map(|m| Subscription::new(&format!("m{m}"), &names)).collect();
        let total: usize = p.values().map(|&n| n as usize).sum();
        for a in AssignorName::ALL {
            let out = assign(a, &p, &members).assignment;
            let mut seen: Vec<&TopicPartition> = out.values().flatten().collect();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), total, "case {case} {a}: {out:?}");
            assert_eq!(out.values().map(Vec::len).sum::<usize>(), total, "case {case} {a}");
            if a != AssignorName::Range {
                let (min, max) = (out.values().map(Vec::len).min().unwrap_or(0), out.values().map(Vec::len).max().unwrap_or(0));
                assert!(max - min <= 1, "case {case} {a} unbalanced: {out:?}");
            }
        }
    }
}
