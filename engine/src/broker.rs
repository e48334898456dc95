//! A broker as the simulation sees it: whether its process runs, whether the network cuts it
//! off from the other brokers, and what the controller thinks of it (fenced or not).

use crate::ids::{BrokerId, TimeMs};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrokerState {
    Running,
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Broker {
    pub id: BrokerId,
    pub state: BrokerState,
    /// Cut off from every other broker (clients can still reach it).
    pub isolated: bool,
    /// The controller's registration state: a fenced broker leads nothing and is in no ISR
    /// (except as the last member of an offline partition's ISR).
    pub fenced: bool,
    /// In controlled shutdown (`BrokerHeartbeatRequest.wantShutDown`): the controller has moved
    /// its leaderships away and taken it out of every ISR; it leads nothing and joins no ISR
    /// until it has restarted. Cleared when it stops.
    #[serde(default)]
    pub controlled_shutdown: bool,
    /// Its last stop was not a clean shutdown (a crash): when it registers again, a controller
    /// with ELR enabled removes it from every ISR and ELR (`handleBrokerUncleanShutdown`), as
    /// its log may have lost unflushed records.
    #[serde(default)]
    pub unclean_shutdown: bool,
    /// Last heartbeat the active controller received.
    pub last_heartbeat_ms: TimeMs,
    /// Extra delay between this broker's follower fetches (a slow replica).
    pub fetch_delay_ms: u64,
    /// Whether this broker is a KRaft controller quorum voter (combined mode).
    pub voter: bool,
}

impl Broker {
    pub fn new(id: BrokerId, voter: bool) -> Self {
        Broker {
            id,
            state: BrokerState::Running,
            isolated: false,
            fenced: false,
            controlled_shutdown: false,
            unclean_shutdown: false,
            last_heartbeat_ms: TimeMs(0),
            fetch_delay_ms: 0,
            voter,
        }
    }

    pub fn running(&self) -> bool {
        self.state == BrokerState::Running
    }

    /// Can this broker talk to `other`? Both run and neither is cut off (a broker always
    /// reaches itself while it runs).
    #[inline(always)]
    pub fn reaches(&self, other: &Broker) -> bool {
        reaches(self.running(), self.isolated, other.running(), other.isolated, self.id == other.id)
    }

    /// May join an ISR or lead (`isReplicaIsrEligible`, `ReplicationControlManager`'s
    /// `isAcceptableLeader`): unfenced and not shutting down.
    pub fn isr_eligible(&self) -> bool {
        !self.fenced && !self.controlled_shutdown
    }
}
/// `Broker::reaches` on a broker's facts (`links::BrokerLinks` keeps them flat): both run, and
/// neither is cut off unless it is the same broker.
#[inline(always)]
pub(crate) fn reaches(a_running: bool, a_isolated: bool, b_running: bool, b_isolated: bool, same: bool) -> bool {
    a_running && b_running && (same || (!a_isolated && !b_isolated))
}
