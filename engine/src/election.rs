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
    /// Where the leader came from (`Isr` also when there is none).
    pub source: LeaderSource,
}

#[cfg(test)]
impl Election {
    /// Kafka counts these as unclean elections: the ISR is forced to the new leader.
    pub fn unclean(&self) -> bool {
        matches!(self.source, LeaderSource::Unclean | LeaderSource::LastKnownLeader)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaderSource {
    Isr,
    /// KIP-966: the ISR is empty and an eligible leader replica was acceptable.
    Elr,
    /// KIP-966: ISR and ELR are empty; the last known leader (`lastKnownElr`, one member).
    LastKnownLeader,
    /// `unclean.leader.election.enable`: any acceptable replica.
    Unclean,
}

/// The eligible leader replicas of a partition (KIP-966), empty when the feature is off.
#[derive(Debug, Clone, Copy, Default)]
pub struct Eligible<'a> {
    pub elr: &'a [BrokerId],
    /// `lastKnownElr` when it holds exactly the last known leader (and ELR is on).
    pub last_known_leader: Option<BrokerId>,
}

/// Chooses the leader (`PartitionChangeBuilder.electPreferredLeader`/`electAnyLeader`):
/// `isValidNewLeader` is in the ISR, or in the ELR when the ISR is empty, and acceptable; then
/// the last known leader (`canElectLastKnownLeader`, unclean as Kafka counts it); then, with
/// `unclean_allowed` (the topic's `unclean.leader.election.enable`), any acceptable replica.
pub fn elect_leader(
    replicas: &[BrokerId],
    isr: &[BrokerId],
    eligible: Eligible<'_>,
    current: Option<BrokerId>,
    acceptable: impl Fn(BrokerId) -> bool,
    unclean_allowed: bool,
    election: ElectionType,
) -> Election {
    let from_isr = |b: BrokerId| isr.contains(&b);
    let valid = |b: BrokerId| (from_isr(b) || (isr.is_empty() && eligible.elr.contains(&b))) && acceptable(b);
    let pick = |b: BrokerId| Election { leader: Some(b), source: if from_isr(b) { LeaderSource::Isr } else { LeaderSource::Elr } };
    if matches!(election, ElectionType::Preferred | ElectionType::AutoRebalance) {
        if let Some(&preferred) = replicas.first() {
            if valid(preferred) {
                return pick(preferred);
            }
        }
    }
    if let Some(c) = current {
        if valid(c) {
            return pick(c);
        }
    }
    if let Some(&b) = replicas.iter().find(|b| valid(**b)) {
        return pick(b);
    }
    // Kafka's `canElectLastKnownLeader` does not test the broker's liveness (it only logs);
    // the sandbox elects it only when it is acceptable, never a dead broker.
    if let Some(b) = eligible.last_known_leader.filter(|b| isr.is_empty() && eligible.elr.is_empty() && acceptable(*b)) {
        return Election { leader: Some(b), source: LeaderSource::LastKnownLeader };
    }
    if unclean_allowed {
        if let Some(&b) = replicas.iter().find(|b| acceptable(**b)) {
            return Election { leader: Some(b), source: LeaderSource::Unclean };
        }
    }
    Election { leader: None, source: LeaderSource::Isr }
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
            let got =
                elect_leader(&b(replicas), &b(isr), Eligible::default(), current.map(BrokerId), |x| alive.contains(&x), *unclean, *kind);
            assert_eq!((got.leader, got.unclean()), (leader.map(BrokerId), *was_unclean), "{replicas:?} {isr:?}");
        }
    }

    #[test]
    fn elr_members_lead_only_when_the_isr_is_empty() {
        let alive = b(&[2, 3]);
        let acceptable = |x: BrokerId| alive.contains(&x);
        let elr = b(&[3]);
        let with = |isr: &[u32], last: Option<u32>| {
            let eligible = Eligible { elr: &elr, last_known_leader: last.map(BrokerId) };
            elect_leader(&b(&[1, 2, 3]), &b(isr), eligible, Some(BrokerId(1)), acceptable, false, ElectionType::Online)
        };
        // ISR [2]: the ISR member, not the ELR one.
        assert_eq!((with(&[2], None).leader, with(&[2], None).source), (Some(BrokerId(2)), LeaderSource::Isr));
        // ISR empty: the ELR member, clean.
        let e = with(&[], None);
        assert_eq!((e.leader, e.unclean(), e.source), (Some(BrokerId(3)), false, LeaderSource::Elr));
        // ISR and ELR empty: the last known leader, if alive (reported as unclean, as Kafka does).
        let none: Vec<BrokerId> = vec![];
        let e = elect_leader(
            &b(&[1, 2, 3]),
            &[],
            Eligible { elr: &none, last_known_leader: Some(BrokerId(2)) },
            None,
            acceptable,
            false,
            ElectionType::Online,
        );
        assert_eq!((e.leader, e.unclean(), e.source), (Some(BrokerId(2)), true, LeaderSource::LastKnownLeader));
        let e = elect_leader(
            &b(&[1, 2, 3]),
            &[],
            Eligible { elr: &none, last_known_leader: Some(BrokerId(1)) },
            None,
            acceptable,
            false,
            ElectionType::Online,
        );
        assert_eq!(e.leader, None, "a dead last known leader is not elected");
    }
}
