//! `BrokerLinks`: which brokers run, which are cut off, and how slowly each fetches, gathered
//! from the broker map once per step. Replication asks "does this follower reach its leader?" for
//! every replica of every partition on every tick; answering from a small array instead of two
//! `VecMap` lookups per question was most of a quiet step's cost (issue 6: 250 partitions).

use crate::broker::Broker;
use crate::config::BROKERS_MAX;
use crate::ids::BrokerId;
use crate::vec_map::VecMap;

/// The brokers for one step, in an array instead of a map. Answers exactly as
/// `Cluster::reachable` does (both use `Broker::reaches`).
#[derive(Debug, Clone)]
pub struct BrokerLinks<'a> {
    brokers: [Option<&'a Broker>; BROKERS_MAX as usize],
}

impl<'a> BrokerLinks<'a> {
    pub fn of(brokers: &'a VecMap<BrokerId, Broker>) -> Self {
        let mut slots = [None; BROKERS_MAX as usize];
        // A cluster never holds more than BROKERS_MAX brokers (`Cluster::new` checks); a broker
        // past that would simply read as unknown (not running), never as a panic.
        for (slot, b) in slots.iter_mut().zip(brokers.values()) {
            *slot = Some(b);
        }
        BrokerLinks { brokers: slots }
    }

    fn get(&self, b: BrokerId) -> Option<&'a Broker> {
        self.brokers.iter().map_while(|x| *x).find(|x| x.id == b)
    }

    pub fn running(&self, b: BrokerId) -> bool {
        self.get(b).is_some_and(Broker::running)
    }

    pub fn reachable(&self, a: BrokerId, b: BrokerId) -> bool {
        let (Some(x), Some(y)) = (self.get(a), self.get(b)) else { return false };
        x.reaches(y)
    }

    /// `Partition.isReplicaIsrEligible` (KRaft): registered, unfenced and not in controlled
    /// shutdown.
    pub fn isr_eligible(&self, b: BrokerId) -> bool {
        self.get(b).is_some_and(Broker::isr_eligible)
    }

    /// Extra delay between this broker's follower fetches (0 for an unknown broker).
    pub fn fetch_delay_ms(&self, b: BrokerId) -> u64 {
        self.get(b).map_or(0, |x| x.fetch_delay_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_broker_map_does() {
        let mut brokers: VecMap<BrokerId, Broker> = VecMap::new();
        for id in 1..=4 {
            brokers.insert(BrokerId(id), Broker::new(BrokerId(id), id <= 3));
        }
        if let Some(b) = brokers.get_mut(&BrokerId(2)) {
            b.state = crate::broker::BrokerState::Stopped;
        }
        if let Some(b) = brokers.get_mut(&BrokerId(3)) {
            b.isolated = true;
            b.fetch_delay_ms = 700;
        }
        let links = BrokerLinks::of(&brokers);
        assert!(links.running(BrokerId(1)) && !links.running(BrokerId(2)) && !links.running(BrokerId(9)));
        assert!(links.reachable(BrokerId(1), BrokerId(4)));
        assert!(!links.reachable(BrokerId(1), BrokerId(2)), "stopped");
        assert!(!links.reachable(BrokerId(1), BrokerId(3)), "isolated");
        assert!(links.reachable(BrokerId(3), BrokerId(3)), "an isolated broker reaches itself");
        assert!(!links.reachable(BrokerId(1), BrokerId(7)), "unknown");
        assert_eq!(links.fetch_delay_ms(BrokerId(3)), 700);
        assert_eq!(links.fetch_delay_ms(BrokerId(8)), 0);
    }
}
