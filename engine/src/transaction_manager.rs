//! The transactional producer's side of a transaction (`TransactionManager` in
//! `clients/producer/internals`): its state machine, the partitions the coordinator has added,
//! the offsets to commit with it, and the messages Kafka's client gives for calls made in the
//! wrong state. The cluster (`cluster/transaction_coordinator.rs`) makes its requests.

use crate::ids::{TimeMs, TopicPartition};
use crate::kafka_error::KafkaError;
use crate::transaction_metadata::TxnOffsets;
use crate::vec_map::VecSet;
use serde::{Deserialize, Serialize};

/// `TransactionManager.State`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TxnClientState {
    Uninitialized,
    Ready,
    InTransaction,
    CommittingTransaction,
    AbortingTransaction,
    /// A send failed inside the transaction: it can only be aborted.
    AbortableError(KafkaError),
    /// Fenced by a newer producer with the same `transactional.id` (or timed out): the producer
    /// can only be closed.
    FatalError(KafkaError),
}

impl TxnClientState {
    /// Kafka's name (`State.name()`), as its IllegalStateException messages print it.
    pub fn name(self) -> &'static str {
        match self {
            TxnClientState::Uninitialized => "UNINITIALIZED",
            TxnClientState::Ready => "READY",
            TxnClientState::InTransaction => "IN_TRANSACTION",
            TxnClientState::CommittingTransaction => "COMMITTING_TRANSACTION",
            TxnClientState::AbortingTransaction => "ABORTING_TRANSACTION",
            TxnClientState::AbortableError(_) => "ABORTABLE_ERROR",
            TxnClientState::FatalError(_) => "FATAL_ERROR",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TransactionManager {
    pub transactional_id: String,
    pub state: TxnClientState,
    /// Partitions the coordinator added to the open transaction (AddPartitionsToTxn answered).
    pub partitions: VecSet<TopicPartition>,
    /// `sendOffsetsToTransaction`: sent to the coordinators before EndTxn(COMMIT).
    pub offsets: Option<TxnOffsets>,
    /// The next coordinator request not before this time (retry.backoff.ms after a retriable error).
    pub retry_after_ms: TimeMs,
    /// `initTransactions()` was called at this time and InitProducerId has not succeeded yet.
    pub init_started_ms: Option<TimeMs>,
    pub committed: u64,
    pub aborted: u64,
}

impl TransactionManager {
    pub fn new(transactional_id: &str) -> Self {
        TransactionManager {
            transactional_id: transactional_id.to_string(),
            state: TxnClientState::Uninitialized,
            partitions: VecSet::new(),
            offsets: None,
            retry_after_ms: TimeMs(0),
            init_started_ms: None,
            committed: 0,
            aborted: 0,
        }
    }

    fn illegal(&self, to: &str) -> String {
        format!("Invalid transition attempted from state {} to state {to}", self.state.name())
    }

    fn fail_if_error(&self) -> Result<(), String> {
        match self.state {
            TxnClientState::FatalError(e) => {
                Err(format!("Cannot execute transactional method because we are in an error state: {}", e.name()))
            }
            _ => Ok(()),
        }
    }

    /// `beginTransaction()`.
    pub fn begin(&mut self) -> Result<(), String> {
        self.fail_if_error()?;
        if self.state != TxnClientState::Ready {
            return Err(self.illegal("IN_TRANSACTION"));
        }
        self.state = TxnClientState::InTransaction;
        self.partitions.clear();
        self.offsets = None;
        Ok(())
    }

    /// `send()` in a transactional producer (`TransactionManager.failIfNotReadyForSend`).
    pub fn check_send(&self) -> Result<(), String> {
        self.fail_if_error()?;
        match self.state {
            TxnClientState::Uninitialized => {
                Err("Cannot perform a 'send' before completing a call to initTransactions when transactions are enabled.".into())
            }
            TxnClientState::InTransaction => Ok(()),
            TxnClientState::AbortableError(e) => Err(format!(
                "Cannot perform send because at least one previous transactional or idempotent request has failed with errors: {}",
                e.name()
            )),
            s => Err(format!("Cannot call send in state {}", s.name())),
        }
    }

    /// `commitTransaction()`: flushes, then EndTxn(COMMIT).
    pub fn commit(&mut self) -> Result<(), String> {
        self.fail_if_error()?;
        match self.state {
            TxnClientState::InTransaction => {
                self.state = TxnClientState::CommittingTransaction;
                Ok(())
            }
            TxnClientState::AbortableError(e) => Err(format!("Cannot commit transaction since the most recent send failed: {}", e.name())),
            _ => Err(self.illegal("COMMITTING_TRANSACTION")),
        }
    }

    /// `abortTransaction()`: unsent batches fail, in-flight ones finish, then EndTxn(ABORT).
    pub fn abort(&mut self) -> Result<(), String> {
        self.fail_if_error()?;
        match self.state {
            TxnClientState::InTransaction | TxnClientState::AbortableError(_) => {
                self.state = TxnClientState::AbortingTransaction;
                Ok(())
            }
            _ => Err(self.illegal("ABORTING_TRANSACTION")),
        }
    }

    /// `sendOffsetsToTransaction(offsets, groupMetadata)`.
    pub fn send_offsets(&mut self, offsets: TxnOffsets) -> Result<(), String> {
        self.fail_if_error()?;
        if self.state != TxnClientState::InTransaction {
            return Err(format!("Cannot send offsets if a transaction is not in progress (currentState= {})", self.state.name()));
        }
        match &mut self.offsets {
            Some(o) if o.group == offsets.group => o.offsets.extend(offsets.offsets),
            slot => *slot = Some(offsets),
        }
        Ok(())
    }

    /// A batch of the transaction failed for good: only an abort remains
    /// (`TransactionManager.handleFailedBatch`); fencing errors are fatal.
    pub fn batch_failed(&mut self, error: KafkaError) {
        if matches!(self.state, TxnClientState::FatalError(_)) {
            return;
        }
        if matches!(error, KafkaError::ProducerFenced | KafkaError::InvalidProducerEpoch) {
            self.state = TxnClientState::FatalError(KafkaError::ProducerFenced);
        } else if matches!(self.state, TxnClientState::InTransaction | TxnClientState::CommittingTransaction) {
            self.state = TxnClientState::AbortableError(error);
        }
    }

    /// EndTxn answered: the transaction is over, the next one may begin.
    pub fn ended(&mut self, commit: bool) {
        if commit {
            self.committed += 1;
        } else {
            self.aborted += 1;
        }
        self.state = TxnClientState::Ready;
        self.partitions.clear();
        self.offsets = None;
    }

    /// Whether batches of `tp` may be sent: the coordinator has added the partition.
    pub fn may_send_to(&self, tp: &TopicPartition) -> bool {
        self.partitions.contains(tp)
    }

    /// Whether the producer is in a transaction whose requests it is making.
    pub fn open(&self) -> bool {
        matches!(
            self.state,
            TxnClientState::InTransaction
                | TxnClientState::CommittingTransaction
                | TxnClientState::AbortingTransaction
                | TxnClientState::AbortableError(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_in_the_wrong_state_get_kafkas_messages() {
        let mut t = TransactionManager::new("tx");
        assert!(t.check_send().unwrap_err().contains("before completing a call to initTransactions"));
        assert_eq!(t.begin().unwrap_err(), "Invalid transition attempted from state UNINITIALIZED to state IN_TRANSACTION");
        t.state = TxnClientState::Ready;
        assert_eq!(t.check_send().unwrap_err(), "Cannot call send in state READY");
        assert!(t.commit().is_err());
        t.begin().unwrap();
        t.check_send().unwrap();
        t.batch_failed(KafkaError::RequestTimedOut);
        assert_eq!(t.state, TxnClientState::AbortableError(KafkaError::RequestTimedOut));
        assert!(t.commit().is_err(), "an abortable error allows only an abort");
        t.abort().unwrap();
        t.ended(false);
        assert_eq!((t.state, t.aborted), (TxnClientState::Ready, 1));
    }

    #[test]
    fn fencing_is_fatal() {
        let mut t = TransactionManager::new("tx");
        t.state = TxnClientState::InTransaction;
        t.batch_failed(KafkaError::InvalidProducerEpoch);
        assert_eq!(t.state, TxnClientState::FatalError(KafkaError::ProducerFenced));
        assert!(t.abort().unwrap_err().contains("error state: PRODUCER_FENCED"));
    }
}
