//! Turns engine events into timeline entries: the engine writes the sentence, this adds the
//! time and a category for styling, and filters the noisiest kinds.

use engine::{Event, EventKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub id: u64,
    pub time_ms: u64,
    pub text: String,
    pub category: &'static str,
}

/// Most entries the timeline keeps.
pub const TIMELINE_MAX: usize = 200;

/// None for events too frequent to narrate one by one (every HW move, every append).
pub fn entry(id: u64, event: &Event) -> Option<TimelineEntry> {
    let category = match &event.kind {
        EventKind::HighWatermarkAdvanced { .. } | EventKind::ProduceAppended { .. } => return None,
        // The offsets topic is cleaned all the time; its compactions would drown the timeline.
        EventKind::LogCompacted { partition, .. } if &*partition.topic == engine::OFFSETS_TOPIC => return None,
        EventKind::RebalanceStarted { .. }
        | EventKind::RebalanceCompleted { .. }
        | EventKind::PartitionsRevoked { .. }
        | EventKind::GroupEmpty { .. }
        | EventKind::GroupEpochBumped { .. }
        | EventKind::GroupReconciled { .. } => "group",
        EventKind::MemberRemoved { .. } | EventKind::ConsumerStopped { .. } => "fault",
        EventKind::CommitFailed { .. } | EventKind::ConsumerFailed { .. } | EventKind::Redelivered { .. } => "warning",
        EventKind::BrokerStopped { .. }
        | EventKind::BrokerShutDown { .. }
        | EventKind::ControlledShutdownTimedOut { .. }
        | EventKind::BrokerFenced { .. }
        | EventKind::BrokerIsolated { .. }
        | EventKind::QuorumLost { .. } => "fault",
        EventKind::PartitionOffline { .. } | EventKind::RecordsTruncated { .. } | EventKind::ProduceFailed { .. } => "warning",
        EventKind::LeaderElected { .. }
        | EventKind::LeadersRebalanced { .. }
        | EventKind::ControllerElected { .. }
        | EventKind::ControllerLost { .. }
        | EventKind::QuorumRestored { .. } => "election",
        EventKind::IsrShrunk { .. } | EventKind::IsrExpanded { .. } => "isr",
        EventKind::ProduceAcknowledged { .. } => "produce",
        _ => "info",
    };
    Some(TimelineEntry { id, time_ms: event.time_ms.0, text: event.kind.narrate(), category })
}
