//! Partition leader election, as KRaft's `PartitionChangeBuilder.electLeader` does it. Pure:
//! the caller says which brokers are acceptable (alive and unfenced from the controller's view).

use crate::ids::BrokerId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElectionType {
    /// The normal case: keep a valid current leader, else the first ISR member in assignment order.
    Online,
    /// The preferred leader `replicas[0]` if valid, else keep the current one, else the next valid.
    Preferred,
    /// The same rule as `Preferred`, run by the controller's `auto.leader.rebalance.enable` timer
    /// (reported differently, decided the same way).
    AutoRebalance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Election {
    pub leader: Option<BrokerId>,
    /// True when the leader came from outside the ISR (unclean).
    pub unclean: bool,
}

/// Chooses the leader. `unclean_allowed` is the topic's `unclean.leader.election.enable`.
pub fn elect_leader(
    replicas: &[BrokerId],
    isr: &[BrokerId],
    current: Option<BrokerId>,
    acceptable: impl Fn(BrokerId) -> bool,
    unclean_allowed: bool,
    election: ElectionType,
) -> Election {
    let valid = |b: BrokerId| isr.contains(&b) && acceptable(b);
    if matches!(election, ElectionType::Preferred | ElectionType::AutoRebalance) {
        if let Some(&preferred) = replicas.first() {
            if valid(preferred) {
                return Election { leader: Some(preferred), unclean: false };
            }
        }
    }
    if let Some(c) = current {
        if valid(c) {
            return Election { leader: Some(c), unclean: false };
        }
    }
    if let Some(&b) = replicas.iter().find(|b| valid(**b)) {
        return Election { leader: Some(b), unclean: false };
    }
    if unclean_allowed {
        if let Some(&b) = replicas.iter().find(|b| acceptable(**b)) {
            return Election { leader: Some(b), unclean: true };
        }
    }
    Election { leader: None, unclean: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(ids: &[u32]) -> Vec<BrokerId> {
        ids.iter().map(|i| BrokerId(*i)).collect()
    }

    #[test]
    fn table() {
        // (replicas, isr, current, alive, unclean, type) -> (leader, unclean)
        type Row = (&'static [u32], &'static [u32], Option<u32>, &'static [u32], bool, ElectionType, Option<u32>, bool);
        let rows: &[Row] = &[
            // keep a valid current leader even when it is not first in the assignment
            (&[1, 2, 3], &[1, 2, 3], Some(2), &[1, 2, 3], false, ElectionType::Online, Some(2), false),
            // current leader dead: first ISR member in assignment order
            (&[1, 2, 3], &[3, 2], Some(1), &[2, 3], false, ElectionType::Online, Some(2), false),
            // nobody in the ISR alive: offline
            (&[1, 2, 3], &[1], Some(1), &[2, 3], false, ElectionType::Online, None, false),
            // ... unless unclean election is enabled
            (&[1, 2, 3], &[1], Some(1), &[3, 2], true, ElectionType::Online, Some(2), true),
            // preferred: replicas[0] if valid
            (&[1, 2, 3], &[1, 2, 3], Some(2), &[1, 2, 3], false, ElectionType::Preferred, Some(1), false),
            // preferred not in ISR: keep current
            (&[1, 2, 3], &[2, 3], Some(3), &[1, 2, 3], false, ElectionType::Preferred, Some(3), false),
        ];
        for (replicas, isr, current, alive, unclean, kind, leader, was_unclean) in rows {
            let alive = b(alive);
            let got = elect_leader(&b(replicas), &b(isr), current.map(BrokerId), |x| alive.contains(&x), *unclean, *kind);
            assert_eq!(got, Election { leader: leader.map(BrokerId), unclean: *was_unclean }, "{replicas:?} {isr:?}");
        }
    }
}
