//! Kafka's error codes, by the names and numbers of `org.apache.kafka.common.protocol.Errors`.
//!
//! Only the errors the sandbox can produce are here; each keeps Kafka's code, so a learner who
//! meets `NOT_ENOUGH_REPLICAS (19)` here meets the same name and number in a broker's log.
//! `retriable` follows the exception class each code maps to: a subclass of
//! `RetriableException` (directly or through `InvalidMetadataException`) is retriable, so the
//! producer retries it until `delivery.timeout.ms`; any other is final.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum KafkaError {
    UnknownServerError,
    OffsetOutOfRange,
    CorruptMessage,
    UnknownTopicOrPartition,
    LeaderNotAvailable,
    NotLeaderOrFollower,
    RequestTimedOut,
    NetworkException,
    CoordinatorLoadInProgress,
    CoordinatorNotAvailable,
    NotCoordinator,
    InvalidTopicException,
    /// `MESSAGE_TOO_LARGE`: the client's exception is `RecordTooLargeException`.
    MessageTooLarge,
    NotEnoughReplicas,
    NotEnoughReplicasAfterAppend,
    IllegalGeneration,
    InvalidGroupId,
    InconsistentGroupProtocol,
    UnknownMemberId,
    RebalanceInProgress,
    TopicAlreadyExists,
    InvalidPartitions,
    InvalidReplicationFactor,
    InvalidConfig,
    InvalidRequest,
    OutOfOrderSequenceNumber,
    DuplicateSequenceNumber,
    InvalidProducerEpoch,
    InvalidTxnState,
    InvalidProducerIdMapping,
    InvalidTransactionTimeout,
    ConcurrentTransactions,
    UnknownProducerId,
    GroupIdNotFound,
    FencedLeaderEpoch,
    UnknownLeaderEpoch,
    ElectionNotNeeded,
    EligibleLeadersNotAvailable,
    InvalidRecord,
    ProducerFenced,
    FencedMemberEpoch,
    StaleMemberEpoch,
    TransactionAbortable,
    /// `NON_EMPTY_GROUP` (68): deleting or resetting a group that has members.
    #[serde(rename = "NON_EMPTY_GROUP")]
    GroupNotEmpty,
    /// `PREFERRED_LEADER_NOT_AVAILABLE` (80): the preferred replica is down or out of the ISR.
    PreferredLeaderNotAvailable,
    /// `GROUP_SUBSCRIBED_TO_TOPIC` (86): deleting a group's offsets of a topic it consumes.
    GroupSubscribedToTopic,
}

impl KafkaError {
    pub const ALL: [KafkaError; 46] = [
        KafkaError::UnknownServerError,
        KafkaError::OffsetOutOfRange,
        KafkaError::CorruptMessage,
        KafkaError::UnknownTopicOrPartition,
        KafkaError::LeaderNotAvailable,
        KafkaError::NotLeaderOrFollower,
        KafkaError::RequestTimedOut,
        KafkaError::NetworkException,
        KafkaError::CoordinatorLoadInProgress,
        KafkaError::CoordinatorNotAvailable,
        KafkaError::NotCoordinator,
        KafkaError::InvalidTopicException,
        KafkaError::MessageTooLarge,
        KafkaError::NotEnoughReplicas,
        KafkaError::NotEnoughReplicasAfterAppend,
        KafkaError::IllegalGeneration,
        KafkaError::InvalidGroupId,
        KafkaError::InconsistentGroupProtocol,
        KafkaError::UnknownMemberId,
        KafkaError::RebalanceInProgress,
        KafkaError::TopicAlreadyExists,
        KafkaError::InvalidPartitions,
        KafkaError::InvalidReplicationFactor,
        KafkaError::InvalidConfig,
        KafkaError::InvalidRequest,
        KafkaError::OutOfOrderSequenceNumber,
        KafkaError::DuplicateSequenceNumber,
        KafkaError::InvalidProducerEpoch,
        KafkaError::InvalidTxnState,
        KafkaError::InvalidProducerIdMapping,
        KafkaError::InvalidTransactionTimeout,
        KafkaError::ConcurrentTransactions,
        KafkaError::UnknownProducerId,
        KafkaError::GroupIdNotFound,
        KafkaError::FencedLeaderEpoch,
        KafkaError::UnknownLeaderEpoch,
        KafkaError::ElectionNotNeeded,
        KafkaError::EligibleLeadersNotAvailable,
        KafkaError::InvalidRecord,
        KafkaError::ProducerFenced,
        KafkaError::FencedMemberEpoch,
        KafkaError::StaleMemberEpoch,
        KafkaError::TransactionAbortable,
        KafkaError::GroupNotEmpty,
        KafkaError::PreferredLeaderNotAvailable,
        KafkaError::GroupSubscribedToTopic,
    ];

    /// The error's number on the wire (`Errors.code()`).
    pub fn code(self) -> i16 {
        use KafkaError::*;
        match self {
            UnknownServerError => -1,
            OffsetOutOfRange => 1,
            CorruptMessage => 2,
            UnknownTopicOrPartition => 3,
            LeaderNotAvailable => 5,
            NotLeaderOrFollower => 6,
            RequestTimedOut => 7,
            NetworkException => 13,
            CoordinatorLoadInProgress => 14,
            CoordinatorNotAvailable => 15,
            NotCoordinator => 16,
            InvalidTopicException => 17,
            MessageTooLarge => 10,
            NotEnoughReplicas => 19,
            NotEnoughReplicasAfterAppend => 20,
            IllegalGeneration => 22,
            InvalidGroupId => 24,
            InconsistentGroupProtocol => 23,
            UnknownMemberId => 25,
            RebalanceInProgress => 27,
            TopicAlreadyExists => 36,
            InvalidPartitions => 37,
            InvalidReplicationFactor => 38,
            InvalidConfig => 40,
            InvalidRequest => 42,
            OutOfOrderSequenceNumber => 45,
            DuplicateSequenceNumber => 46,
            InvalidProducerEpoch => 47,
            InvalidTxnState => 48,
            InvalidProducerIdMapping => 49,
            InvalidTransactionTimeout => 50,
            ConcurrentTransactions => 51,
            UnknownProducerId => 59,
            GroupIdNotFound => 69,
            FencedLeaderEpoch => 74,
            UnknownLeaderEpoch => 75,
            ElectionNotNeeded => 84,
            EligibleLeadersNotAvailable => 83,
            InvalidRecord => 87,
            ProducerFenced => 90,
            FencedMemberEpoch => 110,
            StaleMemberEpoch => 113,
            TransactionAbortable => 120,
            GroupNotEmpty => 68,
            PreferredLeaderNotAvailable => 80,
            GroupSubscribedToTopic => 86,
        }
    }

    /// Kafka's name for it, as the tools and logs print it (`Errors.name()`).
    pub fn name(self) -> &'static str {
        use KafkaError::*;
        match self {
            UnknownServerError => "UNKNOWN_SERVER_ERROR",
            OffsetOutOfRange => "OFFSET_OUT_OF_RANGE",
            CorruptMessage => "CORRUPT_MESSAGE",
            UnknownTopicOrPartition => "UNKNOWN_TOPIC_OR_PARTITION",
            LeaderNotAvailable => "LEADER_NOT_AVAILABLE",
            NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            RequestTimedOut => "REQUEST_TIMED_OUT",
            NetworkException => "NETWORK_EXCEPTION",
            CoordinatorLoadInProgress => "COORDINATOR_LOAD_IN_PROGRESS",
            CoordinatorNotAvailable => "COORDINATOR_NOT_AVAILABLE",
            NotCoordinator => "NOT_COORDINATOR",
            InvalidTopicException => "INVALID_TOPIC_EXCEPTION",
            MessageTooLarge => "MESSAGE_TOO_LARGE",
            NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            IllegalGeneration => "ILLEGAL_GENERATION",
            InvalidGroupId => "INVALID_GROUP_ID",
            InconsistentGroupProtocol => "INCONSISTENT_GROUP_PROTOCOL",
            UnknownMemberId => "UNKNOWN_MEMBER_ID",
            RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            TopicAlreadyExists => "TOPIC_ALREADY_EXISTS",
            InvalidPartitions => "INVALID_PARTITIONS",
            InvalidReplicationFactor => "INVALID_REPLICATION_FACTOR",
            InvalidConfig => "INVALID_CONFIG",
            InvalidRequest => "INVALID_REQUEST",
            OutOfOrderSequenceNumber => "OUT_OF_ORDER_SEQUENCE_NUMBER",
            DuplicateSequenceNumber => "DUPLICATE_SEQUENCE_NUMBER",
            InvalidProducerEpoch => "INVALID_PRODUCER_EPOCH",
            InvalidTxnState => "INVALID_TXN_STATE",
            InvalidProducerIdMapping => "INVALID_PRODUCER_ID_MAPPING",
            InvalidTransactionTimeout => "INVALID_TRANSACTION_TIMEOUT",
            ConcurrentTransactions => "CONCURRENT_TRANSACTIONS",
            UnknownProducerId => "UNKNOWN_PRODUCER_ID",
            GroupIdNotFound => "GROUP_ID_NOT_FOUND",
            FencedLeaderEpoch => "FENCED_LEADER_EPOCH",
            UnknownLeaderEpoch => "UNKNOWN_LEADER_EPOCH",
            ElectionNotNeeded => "ELECTION_NOT_NEEDED",
            EligibleLeadersNotAvailable => "ELIGIBLE_LEADERS_NOT_AVAILABLE",
            InvalidRecord => "INVALID_RECORD",
            ProducerFenced => "PRODUCER_FENCED",
            FencedMemberEpoch => "FENCED_MEMBER_EPOCH",
            StaleMemberEpoch => "STALE_MEMBER_EPOCH",
            TransactionAbortable => "TRANSACTION_ABORTABLE",
            GroupNotEmpty => "NON_EMPTY_GROUP",
            PreferredLeaderNotAvailable => "PREFERRED_LEADER_NOT_AVAILABLE",
            GroupSubscribedToTopic => "GROUP_SUBSCRIBED_TO_TOPIC",
        }
    }

    /// The client's exception for the code, as `org.apache.kafka.common.protocol.Errors` maps
    /// it: the class (in `org.apache.kafka.common.errors`) and its default message. The tools
    /// print them (`Error completing leader election ...: <class>: <message>`).
    pub fn exception(self) -> (&'static str, &'static str) {
        use KafkaError::*;
        match self {
            UnknownServerError => ("UnknownServerException", "The server experienced an unexpected error when processing the request."),
            OffsetOutOfRange => ("OffsetOutOfRangeException", "The requested offset is not within the range of offsets maintained by the server."),
            CorruptMessage => ("CorruptRecordException", "This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is otherwise corrupt."),
            UnknownTopicOrPartition => ("UnknownTopicOrPartitionException", "This server does not host this topic-partition."),
            LeaderNotAvailable => ("LeaderNotAvailableException", "There is no leader for this topic-partition as we are in the middle of a leadership election."),
            NotLeaderOrFollower => ("NotLeaderOrFollowerException", "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition."),
            RequestTimedOut => ("TimeoutException", "The request timed out."),
            NetworkException => ("NetworkException", "The server disconnected before a response was received."),
            CoordinatorLoadInProgress => ("CoordinatorLoadInProgressException", "The coordinator is loading and hence can't process requests."),
            CoordinatorNotAvailable => ("CoordinatorNotAvailableException", "The coordinator is not available."),
            NotCoordinator => ("NotCoordinatorException", "This is not the correct coordinator."),
            InvalidTopicException => ("InvalidTopicException", "The request attempted to perform an operation on an invalid topic."),
            MessageTooLarge => ("RecordTooLargeException", "The request included a message larger than the max message size the server will accept."),
            NotEnoughReplicas => ("NotEnoughReplicasException", "Messages are rejected since there are fewer in-sync replicas than required."),
            NotEnoughReplicasAfterAppend => ("NotEnoughReplicasAfterAppendException", "Messages are written to the log, but to fewer in-sync replicas than required."),
            IllegalGeneration => ("IllegalGenerationException", "Specified group generation id is not valid."),
            InvalidGroupId => ("InvalidGroupIdException", "The configured groupId is invalid."),
            InconsistentGroupProtocol => ("InconsistentGroupProtocolException", "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list."),
            UnknownMemberId => ("UnknownMemberIdException", "The coordinator is not aware of this member."),
            RebalanceInProgress => ("RebalanceInProgressException", "The group is rebalancing, so a rejoin is needed."),
            TopicAlreadyExists => ("TopicExistsException", "Topic with this name already exists."),
            InvalidPartitions => ("InvalidPartitionsException", "Number of partitions is below 1."),
            InvalidReplicationFactor => ("InvalidReplicationFactorException", "Replication factor is below 1 or larger than the number of available brokers."),
            InvalidConfig => ("InvalidConfigurationException", "Configuration is invalid."),
            InvalidRequest => ("InvalidRequestException", "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details."),
            OutOfOrderSequenceNumber => ("OutOfOrderSequenceException", "The broker received an out of order sequence number."),
            DuplicateSequenceNumber => ("DuplicateSequenceException", "The broker received a duplicate sequence number."),
            InvalidProducerEpoch => ("InvalidProducerEpochException", "Producer attempted to produce with an old epoch."),
            InvalidTxnState => ("InvalidTxnStateException", "The producer attempted a transactional operation in an invalid state."),
            InvalidProducerIdMapping => ("InvalidPidMappingException", "The producer attempted to use a producer id which is not currently assigned to its transactional id."),
            InvalidTransactionTimeout => ("InvalidTxnTimeoutException", "The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms)."),
            ConcurrentTransactions => ("ConcurrentTransactionsException", "The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing."),
            UnknownProducerId => ("UnknownProducerIdException", "This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question. This could happen if, for instance, the producer's records were deleted because their retention time had elapsed. Once the last records of the producerId are removed, the producer's metadata is removed from the broker, and future appends by the producer will return this exception."),
            GroupIdNotFound => ("GroupIdNotFoundException", "The group id does not exist."),
            FencedLeaderEpoch => ("FencedLeaderEpochException", "The leader epoch in the request is older than the epoch on the broker."),
            UnknownLeaderEpoch => ("UnknownLeaderEpochException", "The leader epoch in the request is newer than the epoch on the broker."),
            ElectionNotNeeded => ("ElectionNotNeededException", "Leader election not needed for topic partition."),
            EligibleLeadersNotAvailable => ("EligibleLeadersNotAvailableException", "Eligible topic partition leaders are not available."),
            InvalidRecord => ("InvalidRecordException", "This record has failed the validation on broker and hence will be rejected."),
            ProducerFenced => ("ProducerFencedException", "There is a newer producer with the same transactionalId which fences the current one."),
            FencedMemberEpoch => ("FencedMemberEpochException", "The member epoch is fenced by the group coordinator. The member must abandon all its partitions and rejoin."),
            StaleMemberEpoch => ("StaleMemberEpochException", "The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API."),
            TransactionAbortable => ("TransactionAbortableException", "The server encountered an error with the transaction. The client can abort the transaction to continue using this transactional ID."),
            GroupNotEmpty => ("GroupNotEmptyException", "The group is not empty."),
            PreferredLeaderNotAvailable => ("PreferredLeaderNotAvailableException", "The preferred leader was not available."),
            GroupSubscribedToTopic => (
                "GroupSubscribedToTopicException",
                "Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.",
            ),
        }
    }

    /// Whether Kafka's client may retry it: the code's exception class extends
    /// `RetriableException` (e.g. `NotEnoughReplicasException`, `TimeoutException`,
    /// `NotCoordinatorException`) or `InvalidMetadataException` (e.g.
    /// `NotLeaderOrFollowerException`, `NetworkException`, `LeaderNotAvailableException`,
    /// `UnknownTopicOrPartitionException`), which also makes the client refresh its metadata.
    pub fn retriable(self) -> bool {
        use KafkaError::*;
        matches!(
            self,
            CorruptMessage
                | UnknownTopicOrPartition
                | LeaderNotAvailable
                | NotLeaderOrFollower
                | RequestTimedOut
                | NetworkException
                | CoordinatorLoadInProgress
                | CoordinatorNotAvailable
                | NotCoordinator
                | NotEnoughReplicas
                | NotEnoughReplicasAfterAppend
                | ConcurrentTransactions
                | FencedLeaderEpoch
                | UnknownLeaderEpoch
                | ElectionNotNeeded
                | EligibleLeadersNotAvailable
        )
    }

    /// Whether the client must refresh its metadata before retrying: the code's exception class
    /// extends `InvalidMetadataException` (`Sender.completeBatch` requests a metadata update).
    pub fn invalidates_metadata(self) -> bool {
        use KafkaError::*;
        matches!(
            self,
            UnknownTopicOrPartition
                | LeaderNotAvailable
                | NotLeaderOrFollower
                | NetworkException
                | FencedLeaderEpoch
                | ElectionNotNeeded
                | EligibleLeadersNotAvailable
        )
    }

    pub fn from_name(name: &str) -> Option<KafkaError> {
        KafkaError::ALL.into_iter().find(|e| e.name() == name)
    }

    pub fn from_code(code: i16) -> Option<KafkaError> {
        KafkaError::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// Hashes Kafka's code, not the variant's position, so adding an error never changes the
/// snapshot hash of a state that holds another one.
impl std::hash::Hash for KafkaError {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code().hash(state);
    }
}

impl fmt::Display for KafkaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_unique_and_round_trip() {
        let mut codes: Vec<i16> = KafkaError::ALL.iter().map(|e| e.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), KafkaError::ALL.len(), "codes are unique");
        for e in KafkaError::ALL {
            assert_eq!(KafkaError::from_code(e.code()), Some(e));
            assert_eq!(KafkaError::from_name(e.name()), Some(e));
            // serde's name is Kafka's name.
            assert_eq!(serde_json::to_string(&e).unwrap(), format!("\"{}\"", e.name()));
        }
    }

    /// A few codes checked by hand against `Errors.java`.
    #[test]
    fn codes_match_kafka() {
        assert_eq!(KafkaError::NotEnoughReplicas.code(), 19);
        assert_eq!(KafkaError::NotLeaderOrFollower.code(), 6);
        assert_eq!(KafkaError::UnknownMemberId.code(), 25);
        assert_eq!(KafkaError::ProducerFenced.code(), 90);
        assert_eq!(KafkaError::StaleMemberEpoch.code(), 113);
        assert_eq!(KafkaError::UnknownServerError.code(), -1);
    }

    #[test]
    fn metadata_errors_are_retriable() {
        for e in KafkaError::ALL {
            if e.invalidates_metadata() {
                assert!(e.retriable(), "{e}: InvalidMetadataException extends RetriableException");
            }
        }
        assert!(!KafkaError::OutOfOrderSequenceNumber.retriable());
        assert!(!KafkaError::MessageTooLarge.retriable());
        assert!(KafkaError::RequestTimedOut.retriable());
    }
}
