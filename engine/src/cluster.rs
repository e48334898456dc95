//! `Cluster`: the whole simulated Kafka cluster and the engine's one entry point.
//!
//! Shape (after quinn-proto): `apply` takes a user command, `step` advances logical time by one
//! tick, `poll_event` drains what happened, and getters return read-only views. Nothing here
//! reads a clock or does I/O; all randomness comes from the seeded `Rng`.
//!
//! One tick, in order:
//! 1. the KRaft quorum keeps or elects the active controller (combined mode: brokers 1..=3 vote);
//! 2. brokers that can reach the controller heartbeat; the controller unfences returning brokers
//!    (with ELR on, one back from a crash first leaves every ISR and ELR) and fences those silent
//!    for `broker.session.timeout.ms`, removing them from every ISR and electing new leaders
//!    (`PartitionChangeBuilder` rules: `partition_change`, `election.rs`);
//! 3. the controller's `auto.leader.rebalance.enable` timer: preferred elections where due;
//! 4. followers fetch from their leaders (truncating first on divergence), leaders expand the ISR,
//!    shrink the ISR of followers lagging past `replica.lag.time.max.ms` (AlterPartitions, which
//!    need the controller) and advance the HW (also waiting for caught-up followers);
//! 5. acks=all requests waiting in purgatory complete or fail;
//! 6. consumer groups and their coordinators;
//! 7. retention deletes old segments and the log cleaner compacts.
//!
//! Where each part lives (child modules, each an `impl Cluster` over the same state):
//! `controller` (quorum, heartbeats, fencing, shutdowns, partition changes and elections),
//! `admin` (create topics, add partitions, alter configs), `producer` (partitioner, append,
//! purgatory, the load), `replication` (fetch, ISR, HW), `log_manager` (retention, cleaner),
//! `groups` (the group coordinator, classic protocol, and the consumers' poll loop) and
//! `consumer_protocol` (KIP-848).
//!
//! Commands (`apply`) act at once: a controlled shutdown (`ShutdownBroker`) runs its whole
//! exchange with the controller inside the command; a crash (`StopBroker`) only stops the process.

use crate::broker::Broker;
use crate::command::{Command, CommandError, CommandErrorKind, Outcome, ProduceRecord, ProduceRequest};
use crate::config::{
    ClusterConfig, TopicConfig, BROKERS_MAX, MIN_CLEANABLE_DIRTY_RATIO, PARTITIONS_PER_TOPIC_MAX, PARTITIONS_TOTAL_MAX, RECORD_BYTES_MAX,
    TOPICS_MAX,
};
use crate::cow_deque::CowDeque;
use crate::election::{elect_leader, ElectionType, Eligible, LeaderSource};
use crate::event::{Acks, ElectionKind, Event, EventKind, IsrShrinkReason, ProduceFailureCause, RebalanceReason};
use crate::ids::{BrokerId, Offset, RequestId, TimeMs, TopicPartition};
use crate::kafka_error::KafkaError;
use crate::links::BrokerLinks;
use crate::load::LoadGenerator;
use crate::log_batch::{mark_batch, mark_shared_batch, uncompressed_mark};
use crate::murmur2::partition_for_key;
use crate::not_state::NotState;
use crate::partition::{HwRule, Partition, PendingProduce, ReplicationTick};
use crate::placement::place;
use crate::record::{record_size_bytes, Record};
use crate::record_pool::RecordPool;
use crate::replica_log::CleanerRule;
use crate::rng::Rng;
use crate::session::{SessionFile, TimedCommand, SESSION_COMMANDS_MAX, SESSION_FORMAT, SESSION_VERSION};
use crate::snapshot_hash::hash_of;
use crate::topic_name::validate_new_topic_name;
use crate::vec_map::VecMap;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Arc;

mod admin;
use admin::unknown_topic;
use transaction_coordinator::TxnCall;
pub use transaction_coordinator::{transaction_partition_for, TRANSACTION_STATE_TOPIC};
mod consumer_protocol;
mod controller;
pub(crate) mod groups;
mod log_manager;
mod producer;
mod replication;
mod sender;
mod shell;
pub mod tick_code;
mod transaction_coordinator;
pub use groups::{offsets_partition_for, GroupPartitionRow, OFFSETS_TOPIC};
pub use sender::Producers;

/// Why a group command was refused where the groups' code has not arrived (`groups::code`).
const GROUPS_NOT_LOADED: &str = "the consumer groups' code is not loaded";
/// Why a command was refused where the tick's chunk has not arrived (`tick_code`).
const TICKS_NOT_LOADED: &str = "the cluster's tick code is not loaded";

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Topic {
    pub name: String,
    /// `TopicId` (KIP-516), given by the controller at creation: a new id for every creation
    /// of a name, so a deleted and re-created topic is another topic.
    pub topic_id: crate::ids::Uuid,
    pub replication_factor: u32,
    pub config: TopicConfig,
    pub partitions: Vec<Partition>,
}

impl Topic {
    /// min.insync.replicas as the leader applies it: never more than the replication factor.
    pub fn min_isr_effective(&self) -> usize {
        self.config.min_insync_replicas.min(self.replication_factor) as usize
    }
}

/// The null-key partitioner's state for one topic (KIP-794 `BuiltInPartitioner`): the cluster's
/// for one-shot produce requests, and each producer client's own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct StickyPartition {
    pub(crate) partition: u32,
    pub(crate) produced_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cluster {
    config: ClusterConfig,
    now: TimeMs,
    rng: Rng,
    brokers: VecMap<BrokerId, Broker>,
    topics: VecMap<String, Topic>,
    controller: Option<BrokerId>,
    controller_epoch: u32,
    /// When the quorum lost its active controller (an election follows after the timeout).
    controller_lost_ms: Option<TimeMs>,
    sticky: VecMap<String, StickyPartition>,
    next_request: u64,
    next_record_id: u64,
    next_retention_ms: u64,
    events: VecDeque<Event>,
    events_dropped: u64,
    #[serde(default)]
    consumers: VecMap<crate::ids::ConsumerId, crate::consumer::Consumer>,
    #[serde(default)]
    groups: VecMap<String, crate::group::ConsumerGroup>,
    #[serde(default = "first_consumer")]
    next_consumer: u32,
    /// Reused by the passes over every partition (replication, retention) to collect events
    /// before emitting them; empty between calls. A fresh `Vec` per step grew to ~50 KB, and
    /// freeing it made glibc consolidate its fast bins: a quarter of a full-speed step (issue
    /// 6's native benchmark).
    #[serde(skip)]
    scratch_events: NotState<Vec<EventKind>>,
    #[serde(skip)]
    /// The records of the batch being appended (reused: `sender.rs`).
    scratch_batch: NotState<Vec<Arc<Record>>>,
    /// Reused by a consumer's fetch for the ranges it hands out (a `Vec` per fetch grew past
    /// glibc's large-allocation size each time: 15% of a full-speed step). Empty between calls.
    #[serde(skip)]
    pub(crate) scratch_delivered: NotState<Vec<(TopicPartition, Offset, Offset)>>,
    /// Records deleted by retention, whose allocations the next produced records reuse.
    #[serde(skip)]
    record_pool: NotState<RecordPool>,
    /// When the controller's next leader-imbalance check runs (`auto.leader.rebalance.enable`):
    /// armed `leader.imbalance.check.interval.seconds` after an imbalance is first seen
    /// (`QuorumController.maybeScheduleNextBalancePartitionLeaders`); none while balanced.
    #[serde(default)]
    leader_rebalance_due_ms: Option<TimeMs>,
    /// No running voter reaches a majority (a `QuorumLost` was emitted; the next election emits
    /// `QuorumRestored`).
    #[serde(default)]
    quorum_lost: bool,
    /// The continuous load started by `Command::StartLoad`, producing at the start of each step.
    #[serde(default)]
    load: LoadSlot,
    /// The producer clients (`Command::CreateProducer`).
    #[serde(default)]
    producers: crate::hashed_when_used::HashedWhenUsed<Producers>,
    /// The transaction coordinators' record of every `transactional.id`.
    #[serde(default)]
    transactions: crate::hashed_when_used::HashedWhenUsed<VecMap<String, crate::transaction_metadata::TransactionMetadata>>,
    /// Every command applied, with its time: the session log (`session.rs`). Not state: the
    /// cluster is what the commands made of it.
    #[serde(skip)]
    log: NotState<CowDeque<TimedCommand>>,
    /// Topics created so far (each creation's `TopicId` is derived from it).
    #[serde(default)]
    topics_created: u64,
    /// The terminal's running tool (`kafka-console-producer.sh` reading lines, a console
    /// consumer printing records), if any.
    #[serde(default)]
    pub(crate) foreground: Option<crate::tools::Foreground>,
}

fn first_consumer() -> u32 {
    1
}

impl Cluster {
    /// A cluster of `config.brokers` running brokers (ids 1..=n); brokers 1..=min(3, n) are the
    /// KRaft controller quorum, and broker 1 starts as the active controller.
    pub fn new(config: ClusterConfig) -> Result<Self, CommandError> {
        if config.brokers == 0 || config.brokers > BROKERS_MAX {
            return Err(CommandError::new(
                CommandErrorKind::Kafka(KafkaError::InvalidConfig),
                format!("a cluster has 1 to {BROKERS_MAX} brokers, not {}", config.brokers),
            ));
        }
        if config.tick_ms == 0 || config.tick_ms > 60_000 {
            return Err(CommandError::new(CommandErrorKind::Kafka(KafkaError::InvalidConfig), "tick_ms must be 1..=60000"));
        }
        let voters = config.brokers.min(3);
        let brokers = VecMap::from_iter((1..=config.brokers).map(|i| (BrokerId(i), Broker::new(BrokerId(i), i <= voters))));
        let mut cluster = Cluster {
            rng: Rng::new(config.seed),
            now: TimeMs(0),
            brokers,
            topics: VecMap::new(),
            controller: Some(BrokerId(1)),
            controller_epoch: 1,
            controller_lost_ms: None,
            sticky: VecMap::new(),
            next_request: 1,
            next_record_id: 1,
            next_retention_ms: config.log_retention_check_interval_ms,
            events: VecDeque::new(),
            events_dropped: 0,
            consumers: VecMap::new(),
            groups: VecMap::new(),
            next_consumer: 1,
            scratch_events: NotState::default(),
            scratch_batch: NotState::default(),
            scratch_delivered: NotState::default(),
            record_pool: NotState::default(),
            leader_rebalance_due_ms: None,
            quorum_lost: false,
            load: LoadSlot::default(),
            producers: Default::default(),
            transactions: Default::default(),
            log: NotState::default(),
            topics_created: 0,
            foreground: None,
            config,
        };
        cluster.emit(EventKind::ControllerElected { broker: BrokerId(1), epoch: 1 });
        Ok(cluster)
    }

    // ------------------------------------------------------------------ getters

    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }
    pub fn now(&self) -> TimeMs {
        self.now
    }
    pub fn brokers(&self) -> impl Iterator<Item = &Broker> {
        self.brokers.values()
    }
    pub fn broker(&self, id: BrokerId) -> Option<&Broker> {
        self.brokers.get(&id)
    }
    pub fn controller(&self) -> Option<BrokerId> {
        self.controller
    }
    /// The cluster's id (`cluster.id` in `meta.properties`, printed by
    /// `kafka-metadata-quorum.sh describe --status`), derived from the seed.
    pub fn cluster_id(&self) -> crate::ids::Uuid {
        crate::ids::Uuid::derived(&[self.config.seed, 0xc1u64])
    }
    /// A value in `0..bound` from the cluster's random stream (a tool's random choice, such as
    /// the console consumer's group id).
    pub(crate) fn draw_below(&mut self, bound: u64) -> u64 {
        self.rng.below(bound.max(1))
    }
    /// The tool running in the terminal (a console producer or consumer), if any.
    pub fn foreground(&self) -> Option<&crate::tools::Foreground> {
        self.foreground.as_ref()
    }
    pub fn controller_epoch(&self) -> u32 {
        self.controller_epoch
    }
    /// True while no running KRaft voter reaches a majority of the voters: no active
    /// controller can be elected, so nothing fences brokers, shrinks ISRs or elects leaders.
    pub fn quorum_lost(&self) -> bool {
        self.quorum_lost
    }
    pub fn topics(&self) -> impl Iterator<Item = &Topic> {
        self.topics.values()
    }
    pub fn topic(&self, name: &str) -> Option<&Topic> {
        self.topics.get(name)
    }
    pub fn partition(&self, tp: &TopicPartition) -> Option<&Partition> {
        self.topics.get(&*tp.topic)?.partitions.get(tp.partition as usize)
    }
    pub fn partitions(&self) -> impl Iterator<Item = &Partition> {
        self.topics.values().flat_map(|t| t.partitions.iter())
    }
    /// Events dropped because nobody polled them before the queue bound.
    pub fn events_dropped(&self) -> u64 {
        self.events_dropped
    }
    /// Hash of the whole state; equal on every platform for the same seed and commands.
    pub fn snapshot_hash(&self) -> u64 {
        hash_of(self)
    }

    /// The partition a keyed record goes to (`BuiltInPartitioner.partitionForKey`).
    pub fn partition_for_key(&self, topic: &str, key: &[u8]) -> Option<u32> {
        let t = self.topics.get(topic)?;
        Some(partition_for_key(key, t.partitions.len() as u32))
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// Points each partition's topic name at the partition's own `Arc<str>` (assignors build
    /// names from strings). Maps keyed by `TopicPartition` then compare names by pointer: a
    /// consumer's poll looks each owned partition up several times, and comparing the bytes
    /// of every name was a tenth of a step.
    fn share_topic_names(&self, parts: &mut [TopicPartition]) {
        for tp in parts.iter_mut() {
            if let Some(p) = self.topics.get(&*tp.topic).and_then(|t| t.partitions.get(tp.partition as usize)) {
                tp.topic = Arc::clone(&p.tp.topic);
            }
        }
    }

    fn emit_all(&mut self, events: Vec<EventKind>) {
        for e in events {
            self.emit(e);
        }
    }

    /// Emits what a pass collected in `scratch_events` (taken with `mem::take`) and keeps the
    /// buffer's capacity for the next pass.
    fn emit_scratch(&mut self, mut events: Vec<EventKind>) {
        for e in events.drain(..) {
            self.emit(e);
        }
        self.scratch_events = NotState(events);
    }

    pub(crate) fn emit(&mut self, kind: EventKind) {
        // Answers to producer clients' requests go to them, not to the event queue.
        let kind = if self.producers.0.has_requests() {
            match self.route_answer(kind) {
                Some(k) => k,
                None => return,
            }
        } else {
            kind
        };
        if self.events.len() >= self.config.event_queue_max as usize {
            self.events.pop_front();
            self.events_dropped += 1;
        }
        // The console producer's answers are its to log; anything else leaves the tool alone.
        let answer = matches!(self.foreground, Some(crate::tools::Foreground::ConsoleProducer(_)))
            && matches!(kind, EventKind::ProducerBatchAcked { .. } | EventKind::ProducerBatchFailed { .. });
        // A console producer holds the terminal only if the tools' code ran it.
        if let Some(code) = answer.then(crate::tools::code::loaded).flatten() {
            if let Some(crate::tools::Foreground::ConsoleProducer(mut run)) = self.foreground.take() {
                let mut out = crate::tools::Out::default();
                (code.producer_answered)(&mut run, &kind, self.now.0, &mut out);
                self.foreground = Some(crate::tools::Foreground::ConsoleProducer(run));
                self.events.push_back(Event { time_ms: self.now, kind });
                self.emit_output(out);
                return;
            }
        }
        self.events.push_back(Event { time_ms: self.now, kind });
    }

    // ------------------------------------------------------------------ reachability

    // ------------------------------------------------------------------ commands

    /// The one way to change the cluster (besides time passing, `step`). Every command is
    /// logged with its time, refused ones too (a refusal is part of the run), so the session
    /// replays exactly; a full log refuses further commands.
    pub fn apply(&mut self, command: Command) -> Result<Outcome, CommandError> {
        if self.log.len() >= SESSION_COMMANDS_MAX {
            return Err(CommandError::new(
                CommandErrorKind::LimitExceeded,
                format!("this session has {SESSION_COMMANDS_MAX} commands, the most one can hold: reset to go on"),
            ));
        }
        if command.needs_codecs() && crate::compression::encoders().is_none() {
            // The hosted page loads the encoders before such a command (`compression::Encoders`);
            // refused before the log, so the session replays the same where they are linked in.
            return Err(CommandError::new(CommandErrorKind::InvalidState, "the codecs' encoders are not loaded"));
        }
        if command.needs_groups() && groups::code::loaded().is_none() {
            // The same for the groups' code (`groups::code`).
            return Err(CommandError::new(CommandErrorKind::InvalidState, GROUPS_NOT_LOADED));
        }
        if command.needs_tick_code() && tick_code::loaded().is_none() {
            // The same for the tick's code (`tick_code`).
            return Err(CommandError::new(CommandErrorKind::InvalidState, TICKS_NOT_LOADED));
        }
        self.log.push_back(TimedCommand { time_ms: self.now.0, command: command.clone() });
        self.execute(command)
    }

    /// A command's effect, without logging it: `apply` logs and runs it; a shell tool's line
    /// (itself the logged command) runs the commands it stands for through here.
    pub(crate) fn execute(&mut self, command: Command) -> Result<Outcome, CommandError> {
        if command.needs_tick_code() {
            return match tick_code::loaded() {
                Some(code) => (code.execute)(self, command),
                // `apply` refuses these first; a tool's line runs only with the code there.
                None => Err(CommandError::new(CommandErrorKind::InvalidState, TICKS_NOT_LOADED)),
            };
        }
        let done = |r: Result<(), CommandError>| r.map(|()| Outcome::Done);
        match command {
            Command::CreateTopic { name, partitions, replication_factor, config } => {
                done(self.create_topic(&name, partitions, replication_factor, config))
            }
            Command::StopBroker { broker } => done(self.stop_broker(broker)),
            Command::ShutdownBroker { broker } => done(self.shutdown_broker(broker)),
            Command::StartBroker { broker } => done(self.start_broker(broker)),
            Command::IsolateBroker { broker } => done(self.isolate_broker(broker)),
            Command::HealBroker { broker } => done(self.heal_broker(broker)),
            Command::ElectPreferredLeaders { topic } => done(self.elect_preferred_leaders(topic.as_deref())),
            Command::SetFetchDelay { broker, delay_ms } => {
                if delay_ms > 3_600_000 {
                    return Err(CommandError::new(
                        CommandErrorKind::Kafka(KafkaError::InvalidConfig),
                        "fetch delay must be at most 1 hour",
                    ));
                }
                self.broker_mut(broker)?.fetch_delay_ms = delay_ms;
                Ok(Outcome::Done)
            }
            Command::AddConsumer { .. }
            | Command::CloseConsumer { .. }
            | Command::CrashConsumer { .. }
            | Command::SetConsumerPolling { .. }
            | Command::SetConsumerProcessing { .. }
            | Command::AlterGroupOffsets { .. }
            | Command::DeleteGroup { .. }
            | Command::DeleteGroupOffsets { .. } => match groups::code::loaded() {
                Some(code) => (code.execute)(self, command),
                // `apply` refuses these first; a tool's line runs only with the code there.
                None => Err(CommandError::new(CommandErrorKind::InvalidState, GROUPS_NOT_LOADED)),
            },
            // Every other command needs the tick's code and went through `tick_code` above
            // (`Command::needs_tick_code` lists the first screen's and the groups' commands, and
            // `execute_later`'s match is exhaustive).
            _ => Err(CommandError::new(CommandErrorKind::InvalidState, TICKS_NOT_LOADED)),
        }
    }

    /// The commands of the tick's chunk (`Command::needs_tick_code`; `execute` hands them here
    /// through `tick_code::CODE`).
    fn execute_later(&mut self, command: Command) -> Result<Outcome, CommandError> {
        let done = |r: Result<(), CommandError>| r.map(|()| Outcome::Done);
        match command {
            Command::AddPartitions { topic, partitions } => done(self.add_partitions(&topic, partitions)),
            Command::AlterTopicConfig { topic, set, delete } => done(self.alter_topic_config(&topic, &set, &delete)),
            Command::Produce(req) => self.produce(req).map(Outcome::Produced),
            Command::Advance { steps } => {
                if steps > 1_000_000 {
                    return Err(CommandError::new(CommandErrorKind::LimitExceeded, "advance at most 1,000,000 steps at once"));
                }
                for _ in 0..steps {
                    self.step();
                }
                Ok(Outcome::Done)
            }
            Command::StartLoad { topic, rate_per_s, key_count, acks, producer_config } => {
                done(self.start_load(&topic, rate_per_s, key_count, acks, &producer_config))
            }
            Command::StopLoad => {
                self.stop_load();
                Ok(Outcome::Done)
            }
            Command::CreateProducer { config } => self.create_producer(&config).map(Outcome::ProducerStarted),
            Command::Send { producer, record } => self.send(producer, record).map(Outcome::Queued),
            Command::FlushProducer { producer } => done(self.flush_producer(producer)),
            Command::CloseProducer { producer } => done(self.close_producer(producer)),
            Command::InitTransactions { producer } => done(self.init_transactions(producer)),
            Command::BeginTransaction { producer } => done(self.transaction_call(producer, TxnCall::Begin)),
            Command::CommitTransaction { producer } => done(self.transaction_call(producer, TxnCall::Commit)),
            Command::AbortTransaction { producer } => done(self.transaction_call(producer, TxnCall::Abort)),
            Command::DeleteTopic { topic } => done(self.delete_topic(&topic)),
            Command::ElectLeaders { election, partitions } => done(self.elect_leaders(election, partitions.as_deref())),
            Command::RunTool { line } => self.run_tool(&line),
            Command::ToolInput { line } => self.tool_input(&line),
            Command::ToolSignal { signal } => self.tool_signal(signal),
            Command::SendOffsetsToTransaction { producer, group, offsets } => {
                if offsets.len() > crate::transaction_metadata::TXN_PARTITIONS_MAX {
                    return Err(CommandError::new(CommandErrorKind::LimitExceeded, "too many offsets in one call"));
                }
                let max = crate::consumer::GROUP_ID_CHARS_MAX;
                if group.is_empty() || group.chars().count() > max || group.chars().any(char::is_control) {
                    return Err(CommandError::new(
                        CommandErrorKind::Kafka(KafkaError::InvalidGroupId),
                        format!("group.id must be 1 to {max} printable characters"),
                    ));
                }
                let offsets = crate::transaction_metadata::TxnOffsets { group, offsets: offsets.into_iter().collect() };
                done(self.transaction_call(producer, TxnCall::SendOffsets(offsets)))
            }
            // The first screen's commands and the groups' (`execute`).
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
            | Command::DeleteGroupOffsets { .. } => {
                Err(CommandError::new(CommandErrorKind::InvalidState, "not a command of the tick's chunk"))
            }
        }
    }

    /// The running continuous load, if any; `producer` names its producer client.
    pub fn load(&self) -> Option<&LoadGenerator> {
        self.load.0.as_ref()
    }

    /// Every command applied so far, with its time (the session log). Copies of the cluster
    /// share it (a rewind keeps many copies, issue 23).
    pub fn command_log(&self) -> &CowDeque<TimedCommand> {
        &self.log
    }

    /// Records produced since the start (each got the next record id): with `records_held`,
    /// what a rewind's copies of the cluster hold that this one no longer does.
    pub fn records_made(&self) -> u64 {
        self.next_record_id - 1
    }

    /// Replicas of every partition, all topics (the internal ones too).
    pub fn replica_count(&self) -> u64 {
        self.topics.values().flat_map(|t| &t.partitions).map(|p| p.logs.len() as u64).sum()
    }

    /// What a copy of the cluster shares with it that the cluster copies for itself once it
    /// writes there (`ReplicaLog::written_after_copy_bytes`, every replica; the command log's
    /// last chunk): memory a checkpoint costs besides its own copy and the records only it holds.
    pub fn written_after_copy_bytes(&self) -> u64 {
        let logs: u64 =
            self.topics.values().flat_map(|t| &t.partitions).flat_map(|p| p.logs.values()).map(|l| l.written_after_copy_bytes()).sum();
        logs + CowDeque::<TimedCommand>::CHUNK_BYTES
    }

    /// Records the replicas hold, a record shared by replicas counted once (the largest replica
    /// of each partition).
    pub fn records_held(&self) -> u64 {
        self.topics.values().flat_map(|t| &t.partitions).map(|p| p.logs.values().map(|l| l.len() as u64).max().unwrap_or(0)).sum()
    }

    /// This run as a session: the starting config, every command with its time, and now.
    pub fn session_file(&self) -> SessionFile {
        SessionFile {
            format: SESSION_FORMAT.to_string(),
            version: SESSION_VERSION,
            config: self.config.clone(),
            end_ms: self.now.0,
            commands: self.log.iter().cloned().collect(),
        }
    }

    fn broker_mut(&mut self, id: BrokerId) -> Result<&mut Broker, CommandError> {
        self.brokers.get_mut(&id).ok_or_else(|| CommandError::new(CommandErrorKind::UnknownBroker, format!("there is no broker {id}")))
    }

    // ------------------------------------------------------------------ time

    /// Advances logical time by one tick. The tick's code is a chunk of the hosted page
    /// (`tick_code`): there, before it has arrived, time does not move. Nothing steps then:
    /// `apply` refuses the commands that step, and the app waits for the code before it steps
    /// or replays a session.
    pub fn step(&mut self) {
        if let Some(code) = tick_code::loaded() {
            (code.step)(self);
        }
    }

    /// One tick, through `tick_code::CODE`.
    fn tick(&mut self) {
        self.step_load();
        self.step_producers();
        self.copy_load_stats();
        self.now = TimeMs(self.now.0 + self.config.tick_ms);
        self.step_quorum();
        self.step_heartbeats();
        self.step_leader_rebalance();
        self.step_replication();
        // A group exists only once a group command ran, which needs the groups' code: where the
        // code is not loaded there is no group to step (`step_groups` returns at once without one).
        if let Some(code) = groups::code::loaded() {
            (code.step)(self);
        }
        self.step_transactions();
        self.step_retention();
        if self.foreground.is_some() {
            self.tick_foreground();
        }
    }
}

/// The running load. Hashed only when there is one, so the snapshot hash of a run without a
/// load is what it was before the load moved into the engine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct LoadSlot(Option<LoadGenerator>);

impl std::hash::Hash for LoadSlot {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        if let Some(load) = &self.0 {
            load.hash(state);
        }
    }
}
