//! Replica placement for new topics and partitions: the rack-unaware layout of Kafka's
//! `AdminUtils.assignReplicasToBrokersRackUnaware` (server-common/.../admin/AdminUtils.java).
//! The first replica of partition p goes to broker `(p + startIndex) % n`; followers are
//! shifted by `nextReplicaShift`, which grows every n partitions, so leaders and followers are
//! spread evenly. Random choices come from the engine's seeded PRNG.

use crate::ids::BrokerId;
use crate::rng::Rng;

/// `replicaIndex(firstReplicaIndex, secondReplicaShift, replicaIndex, nBrokers)`.
fn replica_index(first: usize, shift: usize, j: usize, n: usize) -> usize {
    let s = 1 + (shift + j) % (n - 1);
    (first + s) % n
}

/// Assigns `count` partitions starting at `start_partition` over `brokers` (sorted, non-empty,
/// at least `replication_factor` long). `fixed_start` is used when adding partitions to a topic
/// (the index of partition 0's first replica), as Kafka does.
pub fn assign_replicas(
    brokers: &[BrokerId],
    count: u32,
    replication_factor: u32,
    start_partition: u32,
    fixed_start: Option<usize>,
    rng: &mut Rng,
) -> Vec<Vec<BrokerId>> {
    let n = brokers.len();
    debug_assert!(n >= replication_factor as usize && replication_factor >= 1);
    let start_index = fixed_start.unwrap_or_else(|| rng.below(n as u64) as usize);
    let mut shift = fixed_start.unwrap_or_else(|| rng.below(n as u64) as usize);
    let mut out = Vec::with_capacity(count as usize);
    for p in start_partition..start_partition + count {
        let p = p as usize;
        if p > 0 && p % n == 0 {
            shift += 1;
        }
        let first = (p + start_index) % n;
        let mut replicas = vec![brokers[first]];
        for j in 0..(replication_factor as usize).saturating_sub(1) {
            replicas.push(brokers[replica_index(first, shift, j, n)]);
        }
        out.push(replicas);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_kafka_fixed_start_layout() {
        // AdminUtilsTest-style: 5 brokers, fixed start 0, 10 partitions, RF 3.
        let brokers: Vec<BrokerId> = (0..5).map(BrokerId).collect();
        let got = assign_replicas(&brokers, 10, 3, 0, Some(0), &mut Rng::new(0));
        let expected: Vec<Vec<u32>> = vec![
            vec![0, 1, 2], vec![1, 2, 3], vec![2, 3, 4], vec![3, 4, 0], vec![4, 0, 1],
            vec![0, 2, 3], vec![1, 3, 4], vec![2, 4, 0], vec![3, 0, 1], vec![4, 1, 2],
        ];
        let got: Vec<Vec<u32>> = got.iter().map(|r| r.iter().map(|b| b.0).collect()).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn replicas_are_distinct_and_leaders_spread() {
        let brokers: Vec<BrokerId> = (1..=5).map(BrokerId).collect();
        let mut rng = Rng::new(9);
        let layout = assign_replicas(&brokers, 50, 3, 0, None, &mut rng);
        let mut leaders = [0u32; 6];
        for r in &layout {
            let mut s = r.clone();
            s.sort();
            s.dedup();
            assert_eq!(s.len(), 3);
            leaders[r[0].0 as usize] += 1;
        }
        assert!(leaders[1..].iter().all(|c| *c == 10), "{leaders:?}");
    }
}
