//! Every engine event a session has drained, kept in a bounded log that any number of readers
//! read through their own cursors: the timeline, the Produce form's result, the load's counts
//! and, next, lessons each see every event, and none takes one from another (the engine's
//! `poll_event` hands each event out once).

use engine::Event;
use std::collections::VecDeque;

/// Events kept. Readers inside the session read right after every drain; one that reads less
/// often and falls further behind is told how many it missed.
pub const EVENT_LOG_MAX: usize = 8_192;

#[derive(Debug, Default)]
pub struct EventLog {
    /// Sequence number of `events[0]`.
    first: u64,
    events: VecDeque<Event>,
}

/// A reader's place in the log: the sequence number of the next event it reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor(pub u64);

impl EventLog {
    pub fn push(&mut self, e: Event) {
        if self.events.len() == EVENT_LOG_MAX {
            self.events.pop_front();
            self.first += 1;
        }
        self.events.push_back(e);
    }

    /// A log at the same place with no events kept: for a copy of a session whose readers have
    /// all read to the end (a rewind's checkpoint, issue 23), so the copy holds no old events.
    pub fn emptied(&self) -> EventLog {
        EventLog { first: self.end().0, events: VecDeque::new() }
    }

    /// The cursor just past the newest event (a new reader that wants only what comes next).
    pub fn end(&self) -> Cursor {
        Cursor(self.first + self.events.len() as u64)
    }

    /// The events from `cursor` on and how many the reader missed because the log had already
    /// dropped them; moves the cursor to the end.
    pub fn read(&self, cursor: &mut Cursor) -> (impl Iterator<Item = &Event>, u64) {
        let missed = self.first.saturating_sub(cursor.0);
        let from = cursor.0.max(self.first) - self.first;
        *cursor = self.end();
        (self.events.iter().skip(from as usize), missed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{BrokerId, EventKind, TimeMs};

    fn ev(n: u32) -> Event {
        Event { time_ms: TimeMs(u64::from(n)), kind: EventKind::BrokerStarted { broker: BrokerId(n) } }
    }

    #[test]
    fn every_reader_sees_every_event_once() {
        let mut log = EventLog::default();
        let (mut a, mut b) = (Cursor::default(), Cursor::default());
        log.push(ev(1));
        log.push(ev(2));
        assert_eq!(log.read(&mut a).0.count(), 2);
        log.push(ev(3));
        assert_eq!(log.read(&mut a).0.map(|e| e.time_ms.0).collect::<Vec<_>>(), vec![3], "a reads on from where it was");
        assert_eq!(log.read(&mut b).0.count(), 3, "b was not robbed by a");
        assert_eq!(log.read(&mut b).0.count(), 0);
    }

    #[test]
    fn a_reader_left_behind_is_told_what_it_missed() {
        let mut log = EventLog::default();
        let mut late = Cursor::default();
        for n in 0..(EVENT_LOG_MAX as u32 + 5) {
            log.push(ev(n));
        }
        let (events, missed) = log.read(&mut late);
        assert_eq!((events.count(), missed), (EVENT_LOG_MAX, 5));
        assert_eq!(late, log.end());
    }
}
