//! Everything a learner, a scenario or a test can ask of the cluster, and the typed errors
//! returned when a request is invalid. Validation never panics: every field is checked.

use crate::config::TopicConfig;
use crate::event::Acks;
use crate::ids::BrokerId;
use crate::kafka_error::KafkaError;
use crate::payload::Payload;
use crate::record::{Bytes, Header};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A produce request from the sandbox's producer client.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProduceRequest {
    /// Shared (`Arc<str>`): a producer sends many records to one topic, and a `String` here was
    /// an allocation per record. Serialized as a plain string.
    pub topic: Arc<str>,
    /// `None` = null key (sticky partitioner); `Some(vec![])` is the empty key, which is hashed.
    #[serde(default)]
    pub key: Option<Bytes>,
    #[serde(default)]
    pub value: Option<Payload>,
    /// Explicit partition: bypasses the partitioner.
    #[serde(default)]
    pub partition: Option<u32>,
    #[serde(default)]
    pub headers: Vec<Header>,
    pub acks: Acks,
}

impl ProduceRequest {
    /// A keyed UTF-8 record, the common case in the UI and the tests.
    pub fn keyed(topic: &str, key: &str, value: &str, acks: Acks) -> Self {
        ProduceRequest {
            topic: topic.into(),
            key: Some(key.as_bytes().into()),
            value: Some(value.as_bytes().into()),
            partition: None,
            headers: Vec::new(),
            acks,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    CreateTopic {
        name: String,
        partitions: u32,
        replication_factor: u32,
        #[serde(default)]
        config: TopicConfig,
    },
    /// `kafka-configs.sh --alter --entity-type topics --entity-name T --add-config k=v,...
    /// --delete-config k`: an incrementalAlterConfigs with SET and DELETE operations (a deleted
    /// config returns to its default). All or nothing; in effect from the next step.
    AlterTopicConfig {
        topic: String,
        #[serde(default)]
        set: Vec<(String, String)>,
        #[serde(default)]
        delete: Vec<String>,
    },
    /// `Admin.deleteTopics` (`kafka-topics.sh --delete`): the controller removes the topic at
    /// once (KRaft), its replicas delete their logs, and groups forget its offsets.
    DeleteTopic {
        topic: String,
    },
    /// `Admin.alterConsumerGroupOffsets` (`kafka-consumer-groups.sh --reset-offsets --execute`):
    /// the committed offsets of an inactive group (Empty, or unknown), as one commit.
    AlterGroupOffsets {
        group: String,
        offsets: Vec<(crate::ids::TopicPartition, crate::ids::Offset)>,
    },
    /// `Admin.deleteConsumerGroups` (`kafka-consumer-groups.sh --delete`): an Empty group and
    /// its committed offsets.
    DeleteGroup {
        group: String,
    },
    /// `Admin.deleteConsumerGroupOffsets` (`kafka-consumer-groups.sh --delete-offsets`): one
    /// group's committed offsets of the given partitions, except for the topics its members
    /// subscribe to (those partitions answer GROUP_SUBSCRIBED_TO_TOPIC).
    DeleteGroupOffsets {
        group: String,
        partitions: Vec<crate::ids::TopicPartition>,
    },
    /// `Admin.electLeaders` (`kafka-leader-election.sh`): a preferred or unclean election for
    /// the given partitions (all of them when `None`).
    ElectLeaders {
        election: ElectionType,
        #[serde(default)]
        partitions: Option<Vec<crate::ids::TopicPartition>>,
    },
    /// `kafka-topics.sh --alter --partitions N`: the new total, never fewer.
    AddPartitions {
        topic: String,
        partitions: u32,
    },
    Produce(ProduceRequest),
    /// Crash (kill -9): the process dies at once; the controller notices only after
    /// `broker.session.timeout.ms` without heartbeats.
    StopBroker {
        broker: BrokerId,
    },
    /// Controlled shutdown (SIGTERM, `kafka-server-stop.sh`): the controller moves leadership
    /// away and shrinks ISRs first, then the broker exits.
    ShutdownBroker {
        broker: BrokerId,
    },
    StartBroker {
        broker: BrokerId,
    },
    IsolateBroker {
        broker: BrokerId,
    },
    HealBroker {
        broker: BrokerId,
    },
    /// `kafka-leader-election.sh --election-type preferred` for one topic or all.
    ElectPreferredLeaders {
        #[serde(default)]
        topic: Option<String>,
    },
    /// Slows one broker's follower fetches (a lagging replica), 0 = every fetch interval.
    SetFetchDelay {
        broker: BrokerId,
        delay_ms: u64,
    },
    /// Starts a consumer (`new KafkaConsumer(config).subscribe(topics)` and a poll loop).
    AddConsumer {
        config: crate::consumer::ConsumerConfig,
    },
    /// `close()`: commit, LeaveGroup.
    CloseConsumer {
        consumer: crate::ids::ConsumerId,
    },
    /// Kill the process: no LeaveGroup, no commit.
    CrashConsumer {
        consumer: crate::ids::ConsumerId,
    },
    /// Stop or resume calling `poll()`.
    SetConsumerPolling {
        consumer: crate::ids::ConsumerId,
        polling: bool,
    },
    /// Processing time per record (slow consumer).
    SetConsumerProcessing {
        consumer: crate::ids::ConsumerId,
        ms_per_record: u64,
    },
    /// Advances logical time by `steps` ticks (scenarios).
    Advance {
        steps: u32,
    },
    /// Starts (or replaces) the continuous load: an application sending `rate_per_s` records/s
    /// to `topic` with keys `key-0`..`key-{key_count-1}` (0: null keys) through a producer client
    /// of its own (Kafka 4.x defaults, `acks`, then `producer_config`'s `KEY=VALUE` pairs),
    /// seeded from the cluster's seed and the time it starts, so a session replays it exactly.
    StartLoad {
        topic: String,
        rate_per_s: u32,
        key_count: u32,
        acks: Acks,
        /// Producer configs over the defaults and `acks` (absent in older session files).
        #[serde(default)]
        producer_config: Vec<(String, String)>,
    },
    /// Stops the continuous load: its producer is closed (`close()`: what waits is still sent).
    StopLoad,
    /// `new KafkaProducer(props)`: a producer client with Kafka's producer configs as
    /// `KEY=VALUE` pairs over its 4.x defaults (idempotent, acks=all, linger.ms 5, ...).
    CreateProducer {
        #[serde(default)]
        config: Vec<(String, String)>,
    },
    /// `producer.send(record)`: into the producer's accumulator; its fate arrives as events.
    Send {
        producer: crate::ids::ProducerHandle,
        record: ProduceRecord,
    },
    /// `producer.flush()`.
    FlushProducer {
        producer: crate::ids::ProducerHandle,
    },
    /// `producer.close()`: sends what waits, then goes once every answer is in.
    CloseProducer {
        producer: crate::ids::ProducerHandle,
    },
    /// `producer.initTransactions()` (a producer with `transactional.id`).
    InitTransactions {
        producer: crate::ids::ProducerHandle,
    },
    /// `producer.beginTransaction()`.
    BeginTransaction {
        producer: crate::ids::ProducerHandle,
    },
    /// `producer.commitTransaction()`: flushes, then commits (the markers follow).
    CommitTransaction {
        producer: crate::ids::ProducerHandle,
    },
    /// `producer.abortTransaction()`.
    AbortTransaction {
        producer: crate::ids::ProducerHandle,
    },
    /// A line typed in the terminal (or read by `ksim sh`): one of Kafka's shell tools
    /// (`kafka-topics.sh --create ...`) or a sandbox verb, run as the tool runs it
    /// (`engine/src/tools`). What it prints arrives as `ToolOutput` events, then `ToolExited`.
    RunTool {
        line: String,
    },
    /// A line for the tool holding the terminal (`kafka-console-producer.sh` reads it as a record).
    ToolInput {
        line: String,
    },
    /// Ctrl-D (end of input) or Ctrl-C to the tool holding the terminal.
    ToolSignal {
        signal: crate::tools::ToolSignal,
    },
    /// `producer.sendOffsetsToTransaction(offsets, groupMetadata)`: the group's offsets commit
    /// with the transaction (consume-transform-produce).
    SendOffsetsToTransaction {
        producer: crate::ids::ProducerHandle,
        group: String,
        offsets: Vec<(crate::ids::TopicPartition, crate::ids::Offset)>,
    },
}

impl Command {
    /// Whether applying this command runs the consumer groups' code (`cluster::groups::code`),
    /// which the hosted page loads when first needed: the consumers' and the groups' commands,
    /// a transaction's offsets, and the tools' lines (a tool may start a consumer or change a
    /// group).
    pub fn needs_groups(&self) -> bool {
        matches!(
            self,
            Command::AddConsumer { .. }
                | Command::CloseConsumer { .. }
                | Command::CrashConsumer { .. }
                | Command::SetConsumerPolling { .. }
                | Command::SetConsumerProcessing { .. }
                | Command::AlterGroupOffsets { .. }
                | Command::DeleteGroup { .. }
                | Command::DeleteGroupOffsets { .. }
                | Command::SendOffsetsToTransaction { .. }
                | Command::RunTool { .. }
        )
    }

    /// Whether applying this command runs code of the tick's chunk (`cluster::tick_code`), which
    /// the hosted page loads just after its first screen: the commands that step (`Advance`,
    /// and the tools' lines: `sleep`), and every other command the first screen never gives.
    /// What it gives stays out: the brokers' commands and the preferred leader election, the
    /// `CreateTopic` every session starts with, and the consumer groups' commands (their own
    /// chunk's, `needs_groups`). A command added later needs the chunk until listed here.
    pub fn needs_tick_code(&self) -> bool {
        !matches!(
            self,
            Command::CreateTopic { .. }
                | Command::StopBroker { .. }
                | Command::ShutdownBroker { .. }
                | Command::StartBroker { .. }
                | Command::IsolateBroker { .. }
                | Command::HealBroker { .. }
                | Command::ElectPreferredLeaders { .. }
                | Command::SetFetchDelay { .. }
                | Command::AddConsumer { .. }
                | Command::CloseConsumer { .. }
                | Command::CrashConsumer { .. }
                | Command::SetConsumerPolling { .. }
                | Command::SetConsumerProcessing { .. }
                | Command::AlterGroupOffsets { .. }
                | Command::DeleteGroup { .. }
                | Command::DeleteGroupOffsets { .. }
        )
    }

    /// Whether applying this command can make the cluster compress batches, so that it needs
    /// the codecs' encoders (`compression::Encoders`; the hosted page loads them first). A
    /// superset: any `compression.type` a topic or producer is given (even `producer` or
    /// `none`), and every shell line (its tools create topics and producers with configs).
    pub fn needs_codecs(&self) -> bool {
        let names_codec = |pairs: &[(String, String)]| pairs.iter().any(|(k, _)| k.contains("compression"));
        match self {
            Command::CreateTopic { config, .. } => config.compression_type != crate::config::TopicCompression::default(),
            Command::AlterTopicConfig { set, .. } => names_codec(set),
            Command::CreateProducer { config } => names_codec(config),
            Command::StartLoad { producer_config, .. } => names_codec(producer_config),
            Command::RunTool { .. } => true,
            _ => false,
        }
    }
}

/// `org.apache.kafka.common.ElectionType`: which leader an admin-requested election picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectionType {
    /// The first replica of the assignment, if it is alive and in the ISR.
    Preferred,
    /// A live replica outside the ISR, for a partition that has no leader (data may be lost).
    Unclean,
}

impl ElectionType {
    /// The enum's name as the tools print it (`Successfully completed leader election (PREFERRED)`).
    pub fn name(self) -> &'static str {
        match self {
            ElectionType::Preferred => "PREFERRED",
            ElectionType::Unclean => "UNCLEAN",
        }
    }
}

/// A record as the application hands it to `send()` (`ProducerRecord`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProduceRecord {
    pub topic: Arc<str>,
    #[serde(default)]
    pub key: Option<Bytes>,
    #[serde(default)]
    pub value: Option<Payload>,
    #[serde(default)]
    pub partition: Option<u32>,
    #[serde(default)]
    pub headers: Vec<Header>,
}

impl ProduceRecord {
    pub fn keyed(topic: &str, key: &str, value: &str) -> Self {
        ProduceRecord {
            topic: topic.into(),
            key: Some(key.as_bytes().into()),
            value: Some(value.as_bytes().into()),
            partition: None,
            headers: Vec::new(),
        }
    }
}

/// What a command gave back besides success: the caller's handle on what it created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// `Produce`: the request's id, which its `ProduceAcknowledged`/`ProduceFailed` events carry.
    Produced(crate::ids::RequestId),
    /// `AddConsumer`: the new consumer.
    ConsumerStarted(crate::ids::ConsumerId),
    /// `CreateProducer`: the new producer.
    ProducerStarted(crate::ids::ProducerHandle),
    /// `Send`: the record's send id, which its producer's batch events carry.
    Queued(u64),
    /// `RunTool`: the tool's exit code (`$?`); a console producer or consumer may still hold
    /// the terminal (`Cluster::foreground`).
    Ran(i32),
    /// `DeleteGroupOffsets`: each partition asked for and its error, if any.
    OffsetsDeleted(Vec<(crate::ids::TopicPartition, Option<crate::kafka_error::KafkaError>)>),
}

impl Outcome {
    pub fn request(&self) -> Option<crate::ids::RequestId> {
        match self {
            Outcome::Produced(id) => Some(*id),
            _ => None,
        }
    }
    pub fn producer(&self) -> Option<crate::ids::ProducerHandle> {
        match self {
            Outcome::ProducerStarted(id) => Some(*id),
            _ => None,
        }
    }
    pub fn consumer(&self) -> Option<crate::ids::ConsumerId> {
        match self {
            Outcome::ConsumerStarted(id) => Some(*id),
            _ => None,
        }
    }
}

/// Why a command was refused: an error Kafka itself answers with, or one of the sandbox's own
/// (no such broker or consumer, an action the state does not allow, a sandbox limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CommandErrorKind {
    Kafka(KafkaError),
    UnknownBroker,
    UnknownConsumer,
    UnknownProducer,
    /// The action does not apply now (stop a stopped broker, elect without a quorum).
    InvalidState,
    LimitExceeded,
}

impl CommandErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            CommandErrorKind::Kafka(e) => e.name(),
            CommandErrorKind::UnknownBroker => "UNKNOWN_BROKER",
            CommandErrorKind::UnknownConsumer => "UNKNOWN_CONSUMER",
            CommandErrorKind::UnknownProducer => "UNKNOWN_PRODUCER",
            CommandErrorKind::InvalidState => "INVALID_STATE",
            CommandErrorKind::LimitExceeded => "SANDBOX_LIMIT",
        }
    }

    /// Kafka's error, when it is one.
    pub fn kafka(self) -> Option<KafkaError> {
        match self {
            CommandErrorKind::Kafka(e) => Some(e),
            _ => None,
        }
    }
}

/// A rejected command: Kafka's error name where there is one, and a readable message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommandError {
    pub kind: CommandErrorKind,
    pub message: String,
}

impl CommandError {
    pub fn new(kind: CommandErrorKind, message: impl Into<String>) -> Self {
        CommandError { kind, message: message.into() }
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for CommandError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TopicCompression;
    use crate::record_batch::Compression;

    #[test]
    fn the_commands_that_can_turn_compression_on_need_the_codecs() {
        let pairs = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        let topic = |compression_type| Command::CreateTopic {
            name: "t".into(),
            partitions: 1,
            replication_factor: 1,
            config: TopicConfig { compression_type, ..TopicConfig::default() },
        };
        assert!(!topic(TopicCompression::Producer).needs_codecs());
        assert!(topic(TopicCompression::Codec(Compression::Zstd)).needs_codecs());
        assert!(Command::AlterTopicConfig { topic: "t".into(), set: pairs("compression.type", "gzip"), delete: vec![] }.needs_codecs());
        assert!(!Command::AlterTopicConfig { topic: "t".into(), set: pairs("retention.ms", "1"), delete: vec!["compression.type".into()] }
            .needs_codecs());
        assert!(Command::CreateProducer { config: pairs("compression.type", "lz4") }.needs_codecs());
        assert!(!Command::CreateProducer { config: pairs("linger.ms", "0") }.needs_codecs());
        let load =
            |producer_config| Command::StartLoad { topic: "t".into(), rate_per_s: 1, key_count: 1, acks: Acks::All, producer_config };
        assert!(load(pairs("compression.type", "snappy")).needs_codecs());
        assert!(!load(vec![]).needs_codecs());
        assert!(Command::RunTool { line: "kafka-topics.sh --list".into() }.needs_codecs());
        assert!(!Command::StopLoad.needs_codecs());
    }

    #[test]
    fn the_consumers_and_groups_commands_need_the_groups_code() {
        use crate::consumer::ConsumerConfig;
        use crate::ids::ConsumerId;
        let c = ConsumerId(1);
        let needs = [
            Command::AddConsumer { config: ConsumerConfig::default() },
            Command::CloseConsumer { consumer: c },
            Command::CrashConsumer { consumer: c },
            Command::SetConsumerPolling { consumer: c, polling: false },
            Command::SetConsumerProcessing { consumer: c, ms_per_record: 1 },
            Command::AlterGroupOffsets { group: "g".into(), offsets: vec![] },
            Command::DeleteGroup { group: "g".into() },
            Command::DeleteGroupOffsets { group: "g".into(), partitions: vec![] },
            Command::SendOffsetsToTransaction { producer: crate::ids::ProducerHandle(1), group: "g".into(), offsets: vec![] },
            Command::RunTool { line: "kafka-console-consumer.sh --topic t".into() },
        ];
        assert!(needs.iter().all(Command::needs_groups));
        let not = [
            Command::StopLoad,
            Command::CreateProducer { config: vec![] },
            Command::StopBroker { broker: crate::ids::BrokerId(1) },
            Command::DeleteTopic { topic: "t".into() },
            Command::AddPartitions { topic: "t".into(), partitions: 2 },
        ];
        assert!(!not.iter().any(Command::needs_groups));
    }

    #[test]
    fn the_commands_that_step_or_come_after_the_first_screen_need_the_ticks_code() {
        use crate::ids::{BrokerId, ProducerHandle};
        let p = ProducerHandle(1);
        let needs = [
            Command::Advance { steps: 1 },
            Command::RunTool { line: "sleep 1".into() },
            Command::ToolInput { line: "k:v".into() },
            Command::ToolSignal { signal: crate::tools::ToolSignal::Interrupt },
            Command::StopLoad,
            Command::CreateProducer { config: vec![] },
            Command::CloseProducer { producer: p },
            Command::BeginTransaction { producer: p },
            Command::SendOffsetsToTransaction { producer: p, group: "g".into(), offsets: vec![] },
            Command::AddPartitions { topic: "t".into(), partitions: 2 },
            Command::AlterTopicConfig { topic: "t".into(), set: vec![], delete: vec![] },
            Command::DeleteTopic { topic: "t".into() },
            Command::ElectLeaders { election: ElectionType::Unclean, partitions: None },
        ];
        assert!(needs.iter().all(Command::needs_tick_code));
        // The first screen's commands, and the groups' (their own chunk).
        let not = [
            Command::CreateTopic { name: "t".into(), partitions: 1, replication_factor: 1, config: Default::default() },
            Command::StopBroker { broker: BrokerId(1) },
            Command::ShutdownBroker { broker: BrokerId(1) },
            Command::StartBroker { broker: BrokerId(1) },
            Command::IsolateBroker { broker: BrokerId(1) },
            Command::HealBroker { broker: BrokerId(1) },
            Command::ElectPreferredLeaders { topic: None },
            Command::SetFetchDelay { broker: BrokerId(1), delay_ms: 100 },
            Command::AddConsumer { config: crate::consumer::ConsumerConfig::default() },
            Command::DeleteGroup { group: "g".into() },
        ];
        assert!(!not.iter().any(Command::needs_tick_code));
    }
}
