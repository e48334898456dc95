//! What the producer clients' events said about their records, kept for the page: each
//! producer's recent batch fates (acknowledged at an offset, retrying with an error, failed with
//! an error and why), bounded, and the fate of the one record the Produce form sent last. Plain
//! data read from the engine's events (`ProducerBatchAcked`, `...Retrying`, `...Failed`,
//! `...Aborted`, `ProducerEpochBumped`, the `ProducerTransaction*` ones, `ProducerClosed`); the
//! words are `producers_vm`'s.

use engine::vec_map::VecMap;
use engine::{Event, EventKind, KafkaError, ProducerHandle, SendFailure, TopicPartition};
use std::collections::VecDeque;

/// Fates kept per producer (newest first): wasm memory never shrinks.
pub const FATES_PER_PRODUCER: usize = 12;

/// One event about one batch of a producer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fate {
    pub time_ms: u64,
    pub kind: FateKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FateKind {
    /// `first_offset` is -1 with acks=0 (no answer, no offset).
    Acked {
        partition: TopicPartition,
        first_offset: i64,
        records: u32,
        duplicate: bool,
    },
    Retrying {
        partition: TopicPartition,
        error: KafkaError,
        attempt: u32,
        backoff_ms: u64,
        records: u32,
    },
    Failed {
        partition: TopicPartition,
        error: KafkaError,
        failure: SendFailure,
        records: u32,
    },
    EpochBumped {
        producer_id: i64,
        producer_epoch: i16,
    },
    /// `abortTransaction()` failed batches that were never sent (`ProducerBatchAborted`).
    AbortedUnsent {
        partition: TopicPartition,
        records: u32,
    },
    /// `initTransactions()` completed.
    TxnInitialized {
        producer_id: i64,
        producer_epoch: i16,
    },
    /// `commitTransaction()` / `abortTransaction()` returned.
    TxnEnded {
        committed: bool,
    },
    /// A transactional request failed for good (PRODUCER_FENCED, or InitProducerId timed out).
    TxnError {
        error: KafkaError,
    },
}

/// Where the form's record is, as far as its producer's events have told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendState {
    /// In the accumulator or in flight (the client's state says which).
    Pending,
    /// Its batch got a retriable error and waits `backoff_ms` to be sent again.
    Retrying {
        error: KafkaError,
        attempt: u32,
        backoff_ms: u64,
    },
    /// `offset` is -1 with acks=0.
    Acked {
        offset: i64,
        duplicate: bool,
    },
    Failed {
        error: KafkaError,
        failure: SendFailure,
    },
    /// Its transaction was aborted before it was sent.
    Aborted,
}

/// The Produce form's last record: the producer that sent it and its send id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSend {
    pub producer: ProducerHandle,
    pub send_id: u64,
    pub partition: TopicPartition,
    pub state: SendState,
}

impl FormSend {
    pub fn done(&self) -> bool {
        matches!(self.state, SendState::Acked { .. } | SendState::Failed { .. } | SendState::Aborted)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ProducerFates {
    by_producer: VecMap<ProducerHandle, VecDeque<Fate>>,
    /// The form's last record, if any.
    pub form: Option<FormSend>,
}

impl ProducerFates {
    /// Newest first.
    pub fn of(&self, producer: ProducerHandle) -> impl Iterator<Item = &Fate> + '_ {
        self.by_producer.get(&producer).into_iter().flatten()
    }

    fn push(&mut self, producer: ProducerHandle, fate: Fate) {
        let list = self.by_producer.entry(producer).or_default();
        list.push_front(fate);
        list.truncate(FATES_PER_PRODUCER);
    }

    /// Reads one engine event (others are ignored).
    pub fn read(&mut self, e: &Event) {
        let time_ms = e.time_ms.0;
        match &e.kind {
            EventKind::ProducerBatchAcked { producer, partition, first_offset, send_ids, duplicate } => {
                if let Some(f) = self.form.as_mut().filter(|f| f.producer == *producer) {
                    if let Some(i) = send_ids.iter().position(|id| *id == f.send_id) {
                        let offset = if first_offset.0 < 0 { -1 } else { first_offset.0 + i as i64 };
                        f.state = SendState::Acked { offset, duplicate: *duplicate };
                    }
                }
                let kind = FateKind::Acked {
                    partition: partition.clone(),
                    first_offset: first_offset.0,
                    records: send_ids.len() as u32,
                    duplicate: *duplicate,
                };
                self.push(*producer, Fate { time_ms, kind });
            }
            EventKind::ProducerBatchRetrying { producer, partition, error, attempt, backoff_ms, records } => {
                // A retried batch keeps its records: the form's record is in it if it is pending on
                // the same partition and not yet acknowledged (its send id is not in the event).
                if let Some(f) = self.form.as_mut().filter(|f| f.producer == *producer && f.partition == *partition && !f.done()) {
                    f.state = SendState::Retrying { error: *error, attempt: *attempt, backoff_ms: *backoff_ms };
                }
                let kind = FateKind::Retrying {
                    partition: partition.clone(),
                    error: *error,
                    attempt: *attempt,
                    backoff_ms: *backoff_ms,
                    records: *records,
                };
                self.push(*producer, Fate { time_ms, kind });
            }
            EventKind::ProducerBatchFailed { producer, partition, error, failure, send_ids } => {
                if let Some(f) = self.form.as_mut().filter(|f| f.producer == *producer && send_ids.contains(&f.send_id)) {
                    f.state = SendState::Failed { error: *error, failure: *failure };
                }
                let kind =
                    FateKind::Failed { partition: partition.clone(), error: *error, failure: *failure, records: send_ids.len() as u32 };
                self.push(*producer, Fate { time_ms, kind });
            }
            EventKind::ProducerEpochBumped { producer, producer_id, producer_epoch } => {
                let kind = FateKind::EpochBumped { producer_id: *producer_id, producer_epoch: *producer_epoch };
                self.push(*producer, Fate { time_ms, kind });
            }
            EventKind::ProducerBatchAborted { producer, partition, send_ids } => {
                if let Some(f) = self.form.as_mut().filter(|f| f.producer == *producer && send_ids.contains(&f.send_id)) {
                    f.state = SendState::Aborted;
                }
                let kind = FateKind::AbortedUnsent { partition: partition.clone(), records: send_ids.len() as u32 };
                self.push(*producer, Fate { time_ms, kind });
            }
            EventKind::ProducerTransactionsInitialized { producer, producer_id, producer_epoch, .. } => {
                let kind = FateKind::TxnInitialized { producer_id: *producer_id, producer_epoch: *producer_epoch };
                self.push(*producer, Fate { time_ms, kind });
            }
            EventKind::ProducerTransactionEnded { producer, committed } => {
                self.push(*producer, Fate { time_ms, kind: FateKind::TxnEnded { committed: *committed } });
            }
            EventKind::ProducerTransactionError { producer, error } => {
                self.push(*producer, Fate { time_ms, kind: FateKind::TxnError { error: *error } });
            }
            EventKind::ProducerClosed { producer } => {
                self.by_producer.remove(producer);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Offset, TimeMs};

    fn ev(kind: EventKind) -> Event {
        Event { time_ms: TimeMs(100), kind }
    }

    #[test]
    fn fates_are_bounded_newest_first_and_forgotten_when_the_producer_closes() {
        let (p, tp) = (ProducerHandle(1), TopicPartition::new("t", 0));
        let mut f = ProducerFates::default();
        for i in 0..(FATES_PER_PRODUCER as i64 + 5) {
            f.read(&ev(EventKind::ProducerBatchAcked {
                producer: p,
                partition: tp.clone(),
                first_offset: Offset(i),
                send_ids: vec![i as u64],
                duplicate: false,
            }));
        }
        let offsets: Vec<i64> = f
            .of(p)
            .map(|x| match x.kind {
                FateKind::Acked { first_offset, .. } => first_offset,
                _ => -99,
            })
            .collect();
        assert_eq!(offsets.len(), FATES_PER_PRODUCER);
        assert_eq!(offsets[0], FATES_PER_PRODUCER as i64 + 4, "newest first");
        f.read(&ev(EventKind::ProducerClosed { producer: p }));
        assert_eq!(f.of(p).count(), 0);
    }

    #[test]
    fn the_form_record_follows_its_batch_through_a_retry_to_its_offset() {
        let (p, tp) = (ProducerHandle(2), TopicPartition::new("t", 1));
        let form = FormSend { producer: p, send_id: 7, partition: tp.clone(), state: SendState::Pending };
        let mut f = ProducerFates { form: Some(form), ..ProducerFates::default() };
        let error = KafkaError::NotLeaderOrFollower;
        f.read(&ev(EventKind::ProducerBatchRetrying {
            producer: p,
            partition: tp.clone(),
            error,
            attempt: 1,
            backoff_ms: 100,
            records: 2,
        }));
        assert_eq!(f.form.as_ref().unwrap().state, SendState::Retrying { error, attempt: 1, backoff_ms: 100 });
        // Another producer's acknowledgement of the same send id is not the form's.
        let other = ProducerHandle(3);
        let ack = |producer, first| EventKind::ProducerBatchAcked {
            producer,
            partition: tp.clone(),
            first_offset: Offset(first),
            send_ids: vec![6, 7],
            duplicate: false,
        };
        f.read(&ev(ack(other, 40)));
        assert!(!f.form.as_ref().unwrap().done());
        f.read(&ev(ack(p, 10)));
        assert_eq!(f.form.as_ref().unwrap().state, SendState::Acked { offset: 11, duplicate: false }, "second of its batch");
    }

    #[test]
    fn records_aborted_before_they_were_sent_are_a_fate_of_their_own() {
        let (p, tp) = (ProducerHandle(4), TopicPartition::new("t", 0));
        let form = FormSend { producer: p, send_id: 3, partition: tp.clone(), state: SendState::Pending };
        let mut f = ProducerFates { form: Some(form), ..ProducerFates::default() };
        f.read(&ev(EventKind::ProducerBatchAborted { producer: p, partition: tp.clone(), send_ids: vec![2, 3] }));
        f.read(&ev(EventKind::ProducerTransactionEnded { producer: p, committed: false }));
        assert_eq!(f.form.as_ref().unwrap().state, SendState::Aborted);
        assert!(f.form.as_ref().unwrap().done());
        let kinds: Vec<&FateKind> = f.of(p).map(|x| &x.kind).collect();
        assert_eq!(kinds, [&FateKind::TxnEnded { committed: false }, &FateKind::AbortedUnsent { partition: tp, records: 2 }]);
    }
}
