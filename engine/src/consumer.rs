//! A consumer client (`KafkaConsumer`) as the group protocol sees it: its configuration with
//! Kafka's names and defaults (`ConsumerConfig.java`), its place in the join/sync cycle, the
//! partitions it owns and its positions in them.

use crate::assignor::AssignorName;
use crate::ids::{BrokerId, ConsumerId, Offset, TimeMs, TopicPartition};
use crate::not_state::NotState;
use crate::partition_map::PartitionMap;
use serde::{Deserialize, Serialize};

/// `auto.offset.reset`: where to start without a committed offset, or when out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OffsetReset {
    /// The log start offset.
    Earliest,
    /// The high watermark (Kafka's default).
    Latest,
    /// Fail with `NoOffsetForPartitionException`.
    None,
}

impl OffsetReset {
    pub fn name(self) -> &'static str {
        match self {
            OffsetReset::Earliest => "earliest",
            OffsetReset::Latest => "latest",
            OffsetReset::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<OffsetReset> {
        [OffsetReset::Earliest, OffsetReset::Latest, OffsetReset::None].into_iter().find(|r| r.name() == s)
    }
}

/// `isolation.level`: how far a consumer reads (`FetchIsolation`). read_uncommitted (the
/// default) reads up to the high watermark and receives the records of open and aborted
/// transactions; read_committed reads up to the last stable offset and drops records of aborted
/// transactions. Neither ever receives a transaction marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum IsolationLevel {
    #[default]
    ReadUncommitted,
    ReadCommitted,
}

impl IsolationLevel {
    pub fn name(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "read_uncommitted",
            IsolationLevel::ReadCommitted => "read_committed",
        }
    }

    pub fn parse(s: &str) -> Option<IsolationLevel> {
        [IsolationLevel::ReadUncommitted, IsolationLevel::ReadCommitted].into_iter().find(|l| l.name() == s)
    }
}

/// Hashed only when not the default, so the snapshot hash of runs from before `isolation.level`
/// existed stays the same (`hashed_when_used.rs`).
impl std::hash::Hash for IsolationLevel {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        if *self == IsolationLevel::ReadCommitted {
            state.write_u8(1);
        }
    }
}

/// `group.protocol`: the classic JoinGroup/SyncGroup protocol, or KIP-848's `consumer` protocol
/// (one ConsumerGroupHeartbeat RPC, assignment computed by the broker, no global barrier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum GroupProtocol {
    #[default]
    Classic,
    Consumer,
}

/// KIP-848 server-side assignors (`group.consumer.assignors`, default `[uniform, range]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ServerAssignor {
    #[default]
    Uniform,
    Range,
}

impl ServerAssignor {
    pub fn name(self) -> &'static str {
        match self {
            ServerAssignor::Uniform => "uniform",
            ServerAssignor::Range => "range",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsumerConfig {
    /// `group.protocol` (default classic).
    pub group_protocol: GroupProtocol,
    /// `group.remote.assignor` for the consumer protocol (default: the broker's first, uniform).
    pub remote_assignor: ServerAssignor,
    /// `group.id`.
    pub group_id: String,
    /// `subscribe(topics)`.
    pub topics: Vec<String>,
    /// `partition.assignment.strategy` (one assignor; all members of a group must share it).
    pub assignor: AssignorName,
    /// `enable.auto.commit` (default true): commit positions every `auto.commit.interval.ms`
    /// inside poll, and before a rebalance. When false the application commits synchronously
    /// after processing each batch (`commitSync()`), or before it with
    /// `commit_before_processing`.
    pub enable_auto_commit: bool,
    /// Sandbox, the application's choice (Kafka has no such config): with manual commits,
    /// `commitSync()` right after `poll()` returns, before the records are processed. A crash
    /// while processing then loses the rest of the batch: at most once.
    pub commit_before_processing: bool,
    /// `auto.commit.interval.ms` (default 5000).
    pub auto_commit_interval_ms: u64,
    /// `auto.offset.reset` (default latest).
    pub auto_offset_reset: OffsetReset,
    /// `max.poll.records` (default 500).
    pub max_poll_records: u32,
    /// Sandbox: the application's processing time per record (0 = instant), to make slow consumers.
    pub processing_ms_per_record: u64,
    /// `session.timeout.ms` (default 45000; the broker allows 6000..=1800000).
    pub session_timeout_ms: u64,
    /// `heartbeat.interval.ms` (default 3000).
    pub heartbeat_interval_ms: u64,
    /// `max.poll.interval.ms` (default 300000): also the rebalance timeout sent in JoinGroup.
    pub max_poll_interval_ms: u64,
    /// `isolation.level` (default read_uncommitted).
    #[serde(default)]
    pub isolation_level: IsolationLevel,
    /// Sandbox, the application's choice: with manual commits, it never commits
    /// (`kafka-console-consumer.sh` without `--group`: a throwaway group, `enable.auto.commit=false`
    /// and no `commitSync()` calls).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub never_commit: bool,
    /// `client.id` (default `consumer-<group.id>-<n>`); `kafka-console-consumer.sh` sets
    /// `console-consumer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        ConsumerConfig {
            group_protocol: GroupProtocol::Classic,
            remote_assignor: ServerAssignor::Uniform,
            group_id: "my-group".into(),
            topics: Vec::new(),
            assignor: AssignorName::Range,
            enable_auto_commit: true,
            commit_before_processing: false,
            auto_commit_interval_ms: 5_000,
            auto_offset_reset: OffsetReset::Latest,
            max_poll_records: 500,
            processing_ms_per_record: 0,
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            max_poll_interval_ms: 300_000,
            isolation_level: IsolationLevel::ReadUncommitted,
            never_commit: false,
            client_id: None,
        }
    }
}

/// `group.min.session.timeout.ms` and `group.max.session.timeout.ms` (broker defaults).
pub const SESSION_TIMEOUT_MS_MIN: u64 = 6_000;
pub const SESSION_TIMEOUT_MS_MAX: u64 = 1_800_000;
/// Sandbox limits.
pub const CONSUMERS_MAX: usize = 32;
pub const GROUPS_MAX: usize = 16;
pub const MAX_POLL_RECORDS_MAX: u32 = 10_000;
pub const PROCESSING_MS_PER_RECORD_MAX: u64 = 60_000;
pub const GROUP_ID_CHARS_MAX: usize = 255;

impl ConsumerConfig {
    /// Sets one of Kafka's consumer configs from its string form (`--consumer-property k=v`),
    /// or says why not as `ConfigException` does. Configs the sandbox does not model are
    /// accepted and have no effect, as unused ones in a real client.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        let invalid = |what: &str| format!("Invalid value {value} for configuration {name}: {what}");
        let number = |kind: &str| v.parse::<u64>().map_err(|_| invalid(&format!("Not a number of type {kind}")));
        match name {
            "group.id" => self.group_id = value.to_string(),
            "client.id" => self.client_id = Some(value.to_string()),
            "auto.offset.reset" => {
                self.auto_offset_reset = OffsetReset::parse(v).ok_or_else(|| invalid("String must be one of: latest, earliest, none"))?
            }
            "enable.auto.commit" => {
                self.enable_auto_commit = match v.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(invalid("Expected value to be either true or false")),
                }
            }
            "auto.commit.interval.ms" => self.auto_commit_interval_ms = number("INT")?,
            "max.poll.records" => self.max_poll_records = u32::try_from(number("INT")?).map_err(|_| invalid("Not a number of type INT"))?,
            "session.timeout.ms" => self.session_timeout_ms = number("INT")?,
            "heartbeat.interval.ms" => self.heartbeat_interval_ms = number("INT")?,
            "max.poll.interval.ms" => self.max_poll_interval_ms = number("INT")?,
            "isolation.level" => {
                self.isolation_level =
                    IsolationLevel::parse(v).ok_or_else(|| invalid("String must be one of: read_committed, read_uncommitted"))?
            }
            "group.protocol" => {
                self.group_protocol = match v.to_ascii_lowercase().as_str() {
                    "classic" => GroupProtocol::Classic,
                    "consumer" => GroupProtocol::Consumer,
                    _ => return Err(invalid("String must be one of (case insensitive): CLASSIC, CONSUMER")),
                }
            }
            "partition.assignment.strategy" => {
                // A class name (`org.apache.kafka.clients.consumer.RangeAssignor`) or the
                // assignor's name, as `ConsumerPartitionAssignor.getAssignorInstances` takes them.
                let short = match v.rsplit('.').next().unwrap_or(v) {
                    "RangeAssignor" => "range",
                    "RoundRobinAssignor" => "roundrobin",
                    "StickyAssignor" => "sticky",
                    "CooperativeStickyAssignor" => "cooperative-sticky",
                    other => other,
                };
                self.assignor = AssignorName::parse(short).ok_or_else(|| format!("Class {v} cannot be found"))?
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks values against Kafka's rules (and the sandbox's limits); the message names the setting.
    pub fn validate(&self) -> Result<(), String> {
        let g = &self.group_id;
        if g.is_empty() || g.chars().count() > GROUP_ID_CHARS_MAX || g.chars().any(char::is_control) {
            return Err(format!("group.id must be 1 to {GROUP_ID_CHARS_MAX} printable characters"));
        }
        if self.topics.is_empty() {
            return Err("subscribe to at least one topic".into());
        }
        if !(SESSION_TIMEOUT_MS_MIN..=SESSION_TIMEOUT_MS_MAX).contains(&self.session_timeout_ms) {
            return Err(format!(
                "INVALID_SESSION_TIMEOUT: session.timeout.ms {} is outside the broker's group.min.session.timeout.ms ({SESSION_TIMEOUT_MS_MIN}) .. group.max.session.timeout.ms ({SESSION_TIMEOUT_MS_MAX})",
                self.session_timeout_ms
            ));
        }
        if self.heartbeat_interval_ms == 0 || self.heartbeat_interval_ms >= self.session_timeout_ms {
            return Err("heartbeat.interval.ms must be above 0 and below session.timeout.ms".into());
        }
        if !(1_000..=3_600_000).contains(&self.max_poll_interval_ms) {
            return Err("max.poll.interval.ms must be 1000 to 3600000 in the sandbox".into());
        }
        if self.max_poll_records == 0 || self.max_poll_records > MAX_POLL_RECORDS_MAX {
            return Err(format!("max.poll.records must be 1 to {MAX_POLL_RECORDS_MAX}"));
        }
        if self.auto_commit_interval_ms == 0 || self.auto_commit_interval_ms > 3_600_000 {
            return Err("auto.commit.interval.ms must be 1 to 3600000".into());
        }
        if self.processing_ms_per_record > PROCESSING_MS_PER_RECORD_MAX {
            return Err(format!("processing time must be at most {PROCESSING_MS_PER_RECORD_MAX} ms per record"));
        }
        if self.commit_before_processing && self.enable_auto_commit {
            return Err("committing before processing needs enable.auto.commit=false".into());
        }
        Ok(())
    }
}

/// Whether the client process is alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientState {
    Running,
    /// Killed without LeaveGroup: the group waits for `session.timeout.ms`.
    Crashed,
    /// `close()`: LeaveGroup sent, the group rebalances at once.
    Closed,
    /// The application died of an exception (e.g. `NoOffsetForPartitionException`).
    Failed,
}

/// Where the client is in the classic join/sync cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinPhase {
    /// Not a member (new, or left / was removed).
    Unjoined,
    /// Committing offsets synchronously before rejoining (`onJoinPrepare`, auto-commit on).
    CommittingBeforeJoin,
    /// JoinGroup sent, waiting for the rebalance to complete.
    Joining,
    /// A member of the current generation.
    Stable,
}

/// Records handed to the application by the last poll, still being processed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PollBatch {
    pub records: u64,
    pub done_ms: TimeMs,
    /// The offsets handed over, `[from, to)` per partition in processing order: what a crash
    /// leaves unprocessed (derived from the run like the group's audit; not Kafka's state).
    #[serde(skip)]
    pub ranges: NotState<Vec<(TopicPartition, Offset, Offset)>>,
}

impl PollBatch {
    /// The part of the batch not yet processed at `now`: records are processed one after the
    /// other, `ms_per_record` each, finishing at `done_ms`.
    pub fn unprocessed(&self, now: TimeMs, ms_per_record: u64) -> Vec<(TopicPartition, Offset, Offset)> {
        if now >= self.done_ms || ms_per_record == 0 {
            return Vec::new();
        }
        let left = (self.done_ms.0 - now.0).div_ceil(ms_per_record).min(self.records);
        let mut skip = self.records - left;
        let mut out = Vec::new();
        for (tp, from, to) in self.ranges.iter() {
            let n = (to.0 - from.0).max(0) as u64;
            if skip >= n {
                skip -= n;
                continue;
            }
            out.push((tp.clone(), Offset(from.0 + skip as i64), *to));
            skip = 0;
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Consumer {
    pub id: ConsumerId,
    pub client_id: String,
    /// Given by the coordinator on the first JoinGroup (KIP-394); kept across rejoins.
    pub member_id: Option<String>,
    pub config: ConsumerConfig,
    pub state: ClientState,
    /// The application stopped calling poll (the heartbeat thread keeps running).
    pub paused: bool,
    pub phase: JoinPhase,
    pub generation: i32,
    /// Partitions this client currently owns (its view).
    pub owned: Vec<TopicPartition>,
    /// What the eager sticky assignor remembers in its userData: the last assignment and its generation.
    pub last_assignment: Vec<TopicPartition>,
    pub last_assignment_generation: i32,
    /// Next offset to read per owned partition.
    pub positions: PartitionMap<Offset>,
    pub last_poll_ms: TimeMs,
    pub next_heartbeat_ms: TimeMs,
    pub next_auto_commit_ms: TimeMs,
    pub batch: Option<PollBatch>,
    /// The coordinator told it to rejoin (heartbeat REBALANCE_IN_PROGRESS, revoked partitions).
    pub rejoin_needed: bool,
    /// An OffsetCommit is outstanding.
    pub commit_in_flight: bool,
    /// Manual commits: the processed batch's positions still need a commitSync.
    pub commit_due: bool,
    /// The coordinator it talks to (found with FindCoordinator).
    pub coordinator: Option<BrokerId>,
    /// Consumer protocol: partitions revoked since the last heartbeat, to acknowledge at once.
    #[serde(default)]
    pub revocation_to_ack: bool,
    pub records_delivered: u64,
    pub records_redelivered: u64,
    pub error: Option<ConsumerError>,
}

impl Consumer {
    pub fn new(id: ConsumerId, config: ConsumerConfig, now: TimeMs) -> Self {
        Consumer {
            id,
            client_id: config.client_id.clone().unwrap_or_else(|| format!("consumer-{}-{}", config.group_id, id.0)),
            member_id: None,
            state: ClientState::Running,
            paused: false,
            phase: JoinPhase::Unjoined,
            generation: -1,
            owned: Vec::new(),
            last_assignment: Vec::new(),
            last_assignment_generation: -1,
            positions: PartitionMap::new(),
            last_poll_ms: now,
            next_heartbeat_ms: now,
            next_auto_commit_ms: TimeMs(now.0 + config.auto_commit_interval_ms),
            batch: None,
            rejoin_needed: false,
            commit_in_flight: false,
            commit_due: false,
            coordinator: None,
            revocation_to_ack: false,
            records_delivered: 0,
            records_redelivered: 0,
            error: None,
            config,
        }
    }

    pub fn alive(&self) -> bool {
        self.state == ClientState::Running
    }

    /// Positions of owned partitions: what a commit sends (`subscriptions.allConsumed()`).
    pub fn consumed_offsets(&self) -> Vec<(TopicPartition, Offset)> {
        self.owned.iter().filter_map(|tp| self.positions.get(tp).map(|o| (tp.clone(), *o))).collect()
    }
}

/// The exception a consumer's poll threw (it stops: `ClientState::Failed`). Kafka's names, with
/// the numbers its message carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsumerError {
    /// `NoOffsetForPartitionException`: no committed offset and `auto.offset.reset=none`.
    NoOffsetForPartition { partition: TopicPartition },
    /// `OffsetOutOfRangeException`: the position is outside the log and `auto.offset.reset=none`.
    OffsetOutOfRange { partition: TopicPartition, position: Offset, log_start: Offset, log_end: Offset },
}

impl ConsumerError {
    /// The exception's class name, as Kafka's client names it.
    pub fn name(&self) -> &'static str {
        match self {
            ConsumerError::NoOffsetForPartition { .. } => "NoOffsetForPartitionException",
            ConsumerError::OffsetOutOfRange { .. } => "OffsetOutOfRangeException",
        }
    }
}
