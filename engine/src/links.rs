//! `BrokerLinks`: which brokers run, which are cut off, and how slowly each fetches, copied out
//! of the broker map once per step. Replication asks "does this follower reach its leader?" for
//! every replica of every partition on every tick; answering from a small array instead of two
//! `BTreeMap` lookups per question was most of a quiet step's cost (issue 6: 250 partitions).

use crate::broker::Broker;
use crate::config::BROKERS_MAX;
use crate::ids::BrokerId;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy)]
struct Link {
    id: BrokerId,
    running: bool,
    isolated: bool,
    fetch_delay_ms: u64,
}

/// A read-only copy of the brokers' reachability for one step. Answers exactly as
/// `Cluster::reachable` does for the same broker map.
#[derive(Debug, Clone)]
pub struct BrokerLinks {
    links: [Link; BROKERS_MAX as usize],
    len: usize,
}

impl BrokerLinks {
    pub fn of(brokers: &BTreeMap<BrokerId, Broker>) -> Self {
        let mut links = [Link { id: BrokerId(0), running: false, isolated: false, fetch_delay_ms: 0 }; BROKERS_MAX as usize];
        let mut len = 0;
        // A cluster never holds more than BROKERS_MAX brokers (`Cluster::new` checks); a broker
        // past that would simply read as unknown (not running), never as a panic.
        for (slot, b) in links.iter_mut().zip(brokers.values()) {
            *slot = Link { id: b.id, running: b.running(), isolated: b.isolated, fetch_delay_ms: b.fetch_delay_ms };
            len += 1;
        }
        BrokerLinks { links, len }
    }

    fn get(&self, b: BrokerId) -> Option<&Link> {
        self.links[..self.len].iter().find(|l| l.id == b)
    }

    pub fn running(&self, b: BrokerId) -> bool {
        self.get(b).is_some_and(|l| l.running)
    }

    /// Both run and neither is cut off (a broker always reaches itself while it runs).
    pub fn reachable(&self, a: BrokerId, b: BrokerId) -> bool {
        let (Some(x), Some(y)) = (self.get(a), self.get(b)) else { return false };
        x.running && y.running && (a == b || (!x.isolated && !y.isolated))
    }

    /// Extra delay between this broker's follower fetches (0 for an unknown broker).
    pub fn fetch_delay_ms(&self, b: BrokerId) -> u64 {
        self.get(b).map_or(0, |l| l.fetch_delay_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_broker_map_does() {
        let mut brokers: BTreeMap<BrokerId, Broker> = BTreeMap::new();
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
