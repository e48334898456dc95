//! `BrokerLinks`: which brokers run, which are cut off, and how slowly each fetches, gathered
//! from the broker map once per step. Replication asks "does this follower reach its leader?" for
//! every replica of every partition on every tick; answering from a small array instead of two
//! `VecMap` lookups per question was most of a quiet step's cost (issue 6: 250 partitions).

use crate::broker::Broker;
use crate::config::BROKERS_MAX;
use crate::ids::BrokerId;
use crate::vec_map::VecMap;

/// The brokers for one step, as flat facts: their ids side by side and what replication asks of
/// each, precomputed (finding a broker was a walk over references to the brokers, reading each
/// one's id: 3% of a step of scenario R at the page's 1,000 records/s). Answers exactly as
/// `Cluster::reachable` does (both use `Broker::reaches`). The lifetime ties it to the broker
/// map it was read from, which must not change while it is used.
#[derive(Debug, Clone)]
pub struct BrokerLinks<'a> {
    ids: [u32; BROKERS_MAX as usize],
    len: usize,
    /// Per slot: runs; is cut off; ISR-eligible.
    running: [bool; BROKERS_MAX as usize],
    isolated: [bool; BROKERS_MAX as usize],
    isr_eligible: [bool; BROKERS_MAX as usize],
    fetch_delay_ms: [u64; BROKERS_MAX as usize],
    _brokers: std::marker::PhantomData<&'a Broker>,
}

impl<'a> BrokerLinks<'a> {
    pub fn of(brokers: &'a VecMap<BrokerId, Broker>) -> Self {
        const N: usize = BROKERS_MAX as usize;
        let mut links = BrokerLinks {
            ids: [0; N],
            len: 0,
            running: [false; N],
            isolated: [false; N],
            isr_eligible: [false; N],
            fetch_delay_ms: [0; N],
            _brokers: std::marker::PhantomData,
        };
        // A cluster never holds more than BROKERS_MAX brokers (`Cluster::new` checks); a broker
        // past that would simply read as unknown (not running), never as a panic.
        for (i, b) in brokers.values().take(N).enumerate() {
            links.ids[i] = b.id.0;
            links.running[i] = b.running();
            links.isolated[i] = b.isolated;
            links.isr_eligible[i] = b.isr_eligible();
            links.fetch_delay_ms[i] = b.fetch_delay_ms;
            links.len = i + 1;
        }
        links
    }

    #[inline(always)]
    fn slot(&self, b: BrokerId) -> Option<usize> {
        self.ids[..self.len].iter().position(|id| *id == b.0)
    }

    pub fn running(&self, b: BrokerId) -> bool {
        self.slot(b).is_some_and(|i| self.running[i])
    }

    /// `Broker::reaches` (a slot is one broker, so the same slot is the same broker).
    pub fn reachable(&self, a: BrokerId, b: BrokerId) -> bool {
        let (Some(x), Some(y)) = (self.slot(a), self.slot(b)) else { return false };
        crate::broker::reaches(self.running[x], self.isolated[x], self.running[y], self.isolated[y], x == y)
    }

    /// `Partition.isReplicaIsrEligible` (KRaft): registered, unfenced and not in controlled
    /// shutdown.
    pub fn isr_eligible(&self, b: BrokerId) -> bool {
        self.slot(b).is_some_and(|i| self.isr_eligible[i])
    }

    /// Extra delay between this broker's follower fetches (0 for an unknown broker).
    pub fn fetch_delay_ms(&self, b: BrokerId) -> u64 {
        self.slot(b).map_or(0, |i| self.fetch_delay_ms[i])
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
        if let Some(b) = brokers.get_mut(&BrokerId(4)) {
            b.fenced = true;
        }
        let links = BrokerLinks::of(&brokers);
        assert!(links.running(BrokerId(1)) && !links.running(BrokerId(2)) && !links.running(BrokerId(9)));
        assert!(links.reachable(BrokerId(1), BrokerId(4)));
        assert!(!links.reachable(BrokerId(1), BrokerId(2)), "stopped");
        assert!(!links.reachable(BrokerId(1), BrokerId(3)), "isolated");
        assert!(links.reachable(BrokerId(3), BrokerId(3)), "an isolated broker reaches itself");
        assert!(!links.reachable(BrokerId(1), BrokerId(7)), "unknown");
        assert_eq!(links.fetch_delay_ms(BrokerId(3)), 700);
        for a in brokers.values() {
            assert_eq!(links.running(a.id), a.running());
            assert_eq!(links.isr_eligible(a.id), a.isr_eligible());
            for b in brokers.values() {
                assert_eq!(links.reachable(a.id, b.id), a.reaches(b), "{:?} -> {:?}", a.id, b.id);
            }
        }
        assert_eq!(links.fetch_delay_ms(BrokerId(8)), 0);
    }
}
