//! Replica placement for new topics and partitions, as KRaft's controller does it:
//! `metadata/src/main/java/org/apache/kafka/metadata/placement/StripedReplicaPlacer.java`
//! (the sandbox has no racks, so every broker is in the one unnamed rack).
//!
//! * The usable brokers are every registered broker, fenced or not, except those in controlled
//!   shutdown. They are kept as two lists, unfenced and fenced, each sorted by id and started
//!   at a random offset.
//! * Each partition takes its leader from the unfenced list and its followers from the unfenced
//!   list, then the fenced one once the unfenced brokers are used up (`Rack.next`). Every new
//!   partition moves each list's offset by one, so leaders and followers are striped evenly
//!   (p0: 1,2,3; p1: 2,3,1; ...); after as many partitions as there are unfenced brokers the
//!   lists are shuffled, so the same layouts do not repeat.
//! * Validation, in Kafka's order (`RackList.place`): a positive replication factor, no more
//!   than the registered brokers, at least one unfenced broker.
//!
//! Java's `Random` is replaced by the engine's seeded PRNG: the layouts have Kafka's shape, not
//! its exact random choices.

use crate::ids::BrokerId;
use crate::rng::Rng;

/// Why a placement is impossible: `InvalidReplicationFactorException`'s messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementError {
    NonPositive { replication_factor: u32 },
    TooFewBrokers { replication_factor: u32, registered: usize },
    AllFenced,
}

impl std::fmt::Display for PlacementError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlacementError::NonPositive { replication_factor } => {
                write!(f, "Invalid replication factor {replication_factor}: the replication factor must be positive.")
            }
            PlacementError::TooFewBrokers { replication_factor, registered } => write!(
                f,
                "The target replication factor of {replication_factor} cannot be reached because only {registered} broker(s) are registered."
            ),
            PlacementError::AllFenced => write!(f, "All brokers are currently fenced."),
        }
    }
}

/// `StripedReplicaPlacer.BrokerList`: sorted ids, a moving offset, and an index within the
/// current partition ("epoch").
#[derive(Debug)]
struct BrokerList {
    brokers: Vec<BrokerId>,
    index: usize,
    offset: usize,
    epoch: u32,
}

impl BrokerList {
    fn new(mut brokers: Vec<BrokerId>, rng: &mut Rng) -> Self {
        brokers.sort();
        let offset = if brokers.is_empty() { 0 } else { rng.below(brokers.len() as u64) as usize };
        BrokerList { brokers, index: 0, offset, epoch: 0 }
    }

    /// `BrokerList.next(epoch)`: the next broker for this partition, or none when every broker
    /// of the list is already used by it.
    fn next(&mut self, epoch: u32) -> Option<BrokerId> {
        if self.brokers.is_empty() {
            return None;
        }
        if self.epoch != epoch {
            self.epoch = epoch;
            self.index = 0;
            self.offset = (self.offset + 1) % self.brokers.len();
        }
        if self.index >= self.brokers.len() {
            return None;
        }
        let b = self.brokers[(self.index + self.offset) % self.brokers.len()];
        self.index += 1;
        Some(b)
    }

    /// `Collections.shuffle`: Fisher-Yates from the end.
    fn shuffle(&mut self, rng: &mut Rng) {
        for i in (1..self.brokers.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            self.brokers.swap(i, j);
        }
    }
}

/// Places `count` partitions of `replication_factor` replicas over the usable brokers:
/// `(id, fenced)` for every registered broker not in controlled shutdown.
pub fn place(
    brokers: &[(BrokerId, bool)],
    count: u32,
    replication_factor: u32,
    rng: &mut Rng,
) -> Result<Vec<Vec<BrokerId>>, PlacementError> {
    let unfenced: Vec<BrokerId> = brokers.iter().filter(|(_, f)| !f).map(|(b, _)| *b).collect();
    let fenced: Vec<BrokerId> = brokers.iter().filter(|(_, f)| *f).map(|(b, _)| *b).collect();
    if replication_factor == 0 {
        return Err(PlacementError::NonPositive { replication_factor });
    }
    if replication_factor as usize > brokers.len() {
        return Err(PlacementError::TooFewBrokers { replication_factor, registered: brokers.len() });
    }
    if unfenced.is_empty() {
        return Err(PlacementError::AllFenced);
    }
    let n_unfenced = unfenced.len() as u32;
    // `Rack.initialize`: fenced, then unfenced.
    let mut fenced = BrokerList::new(fenced, rng);
    let mut unfenced = BrokerList::new(unfenced, rng);
    let mut epoch = 0u32;
    let mut out = Vec::with_capacity(count as usize);
    for _ in 0..count {
        if epoch == n_unfenced && n_unfenced > 1 {
            // `RackList.shuffle`: the one rack's lists, fenced then unfenced.
            fenced.shuffle(rng);
            unfenced.shuffle(rng);
            epoch = 0;
        }
        let mut replicas = Vec::with_capacity(replication_factor as usize);
        // The leader is always unfenced; at least one unfenced broker exists.
        if let Some(leader) = unfenced.next(epoch) {
            replicas.push(leader);
        }
        while replicas.len() < replication_factor as usize {
            match unfenced.next(epoch).or_else(|| fenced.next(epoch)) {
                Some(b) => replicas.push(b),
                None => break, // not reached: replication_factor <= registered brokers
            }
        }
        epoch += 1;
        out.push(replicas);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u32]) -> Vec<(BrokerId, bool)> {
        v.iter().map(|i| (BrokerId(*i), false)).collect()
    }

    #[test]
    fn striped_layout_spreads_leaders_and_followers_evenly() {
        let mut rng = Rng::new(9);
        let layout = place(&ids(&[1, 2, 3, 4, 5]), 50, 3, &mut rng).unwrap();
        let mut leaders = [0u32; 6];
        let mut replicas = [0u32; 6];
        for r in &layout {
            let mut s = r.clone();
            s.sort();
            s.dedup();
            assert_eq!(s.len(), 3, "distinct replicas: {r:?}");
            leaders[r[0].0 as usize] += 1;
            for b in r {
                replicas[b.0 as usize] += 1;
            }
        }
        assert!(leaders[1..].iter().all(|c| *c == 10), "{leaders:?}");
        assert!(replicas[1..].iter().all(|c| *c == 30), "{replicas:?}");
    }

    #[test]
    fn within_one_round_the_stripes_rotate() {
        // Before the first shuffle, partition p starts one broker after partition p-1 and its
        // replicas follow in id order (StripedReplicaPlacerTest's "striped" pattern).
        let mut rng = Rng::new(3);
        let layout = place(&ids(&[1, 2, 3]), 3, 3, &mut rng).unwrap();
        for w in layout.windows(2) {
            let next = |b: BrokerId| BrokerId(b.0 % 3 + 1);
            assert_eq!(w[1][0], next(w[0][0]), "{layout:?}");
        }
        for r in &layout {
            assert_eq!(r[1], BrokerId(r[0].0 % 3 + 1), "{layout:?}");
        }
    }

    #[test]
    fn fenced_brokers_are_followers_only_and_only_when_needed() {
        let brokers = vec![(BrokerId(1), false), (BrokerId(2), true), (BrokerId(3), false)];
        let mut rng = Rng::new(5);
        let layout = place(&brokers, 10, 2, &mut rng).unwrap();
        assert!(layout.iter().all(|r| r[0] != BrokerId(2) && r[1] != BrokerId(2)), "two unfenced brokers suffice: {layout:?}");
        let layout = place(&brokers, 10, 3, &mut rng).unwrap();
        assert!(layout.iter().all(|r| r[0] != BrokerId(2) && r[2] == BrokerId(2)), "the fenced broker comes last: {layout:?}");
    }

    #[test]
    fn errors_in_kafkas_order_and_words() {
        let mut rng = Rng::new(1);
        let all_fenced = vec![(BrokerId(1), true), (BrokerId(2), true)];
        assert_eq!(
            place(&all_fenced, 1, 3, &mut rng).unwrap_err().to_string(),
            "The target replication factor of 3 cannot be reached because only 2 broker(s) are registered."
        );
        assert_eq!(place(&all_fenced, 1, 2, &mut rng).unwrap_err().to_string(), "All brokers are currently fenced.");
        assert_eq!(place(&ids(&[1]), 1, 0, &mut rng).unwrap_err(), PlacementError::NonPositive { replication_factor: 0 });
    }
}
