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
//! Commands (`apply`) act at once: a controlled shutdown (`ShutdownBroker`) runs its whole
//! exchange with the controller inside the command; a crash (`StopBroker`) only stops the process.

use crate::broker::Broker;
use crate::command::{Command, CommandError, CommandErrorKind, Outcome, ProduceRequest};
use crate::config::{
    ClusterConfig, TopicConfig, BROKERS_MAX, MIN_CLEANABLE_DIRTY_RATIO, PARTITIONS_PER_TOPIC_MAX, PARTITIONS_TOTAL_MAX, RECORD_BYTES_MAX,
    TOPICS_MAX,
};
use crate::election::{elect_leader, ElectionType, Eligible, LeaderSource};
use crate::event::{Acks, ElectionKind, Event, EventKind, IsrShrinkReason, ProduceError, ProduceFailureCause};
use crate::ids::{BrokerId, Offset, RequestId, TimeMs, TopicPartition};
use crate::links::BrokerLinks;
use crate::load::LoadGenerator;
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
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

mod consumer_protocol;
mod groups;
pub use groups::{offsets_partition_for, GroupPartitionRow, OFFSETS_TOPIC};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Topic {
    pub name: String,
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

/// The null-key partitioner's state for one topic (KIP-794 `BuiltInPartitioner`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct StickyPartition {
    partition: u32,
    produced_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cluster {
    config: ClusterConfig,
    now: TimeMs,
    rng: Rng,
    brokers: BTreeMap<BrokerId, Broker>,
    topics: BTreeMap<String, Topic>,
    controller: Option<BrokerId>,
    controller_epoch: u32,
    /// When the quorum lost its active controller (an election follows after the timeout).
    controller_lost_ms: Option<TimeMs>,
    sticky: BTreeMap<String, StickyPartition>,
    next_request: u64,
    next_record_id: u64,
    next_retention_ms: u64,
    events: VecDeque<Event>,
    events_dropped: u64,
    #[serde(default)]
    consumers: BTreeMap<crate::ids::ConsumerId, crate::consumer::Consumer>,
    #[serde(default)]
    groups: BTreeMap<String, crate::group::ConsumerGroup>,
    #[serde(default = "first_consumer")]
    next_consumer: u32,
    /// Reused by the passes over every partition (replication, retention) to collect events
    /// before emitting them; empty between calls. A fresh `Vec` per step grew to ~50 KB, and
    /// freeing it made glibc consolidate its fast bins: a quarter of a full-speed step (issue
    /// 6's native benchmark).
    #[serde(skip)]
    scratch_events: NotState<Vec<EventKind>>,
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
    /// Every command applied, with its time: the session log (`session.rs`). Not state: the
    /// cluster is what the commands made of it.
    #[serde(skip)]
    log: NotState<Vec<TimedCommand>>,
}

fn first_consumer() -> u32 {
    1
}

/// Which way a failover should be reported: by where the leader came from, then by who asked.
fn election_kind(source: LeaderSource, election: ElectionType) -> ElectionKind {
    match (source, election) {
        (LeaderSource::Unclean, _) => ElectionKind::Unclean,
        (LeaderSource::LastKnownLeader, _) => ElectionKind::LastKnownLeader,
        (LeaderSource::Elr, _) => ElectionKind::Elr,
        (LeaderSource::Isr, ElectionType::Preferred) => ElectionKind::Preferred,
        (LeaderSource::Isr, ElectionType::AutoRebalance) => ElectionKind::AutoRebalance,
        (LeaderSource::Isr, ElectionType::Online) => ElectionKind::Clean,
    }
}

/// `QuorumController`'s `maxElectionsPerImbalance`: preferred elections per rebalance pass.
const ELECTIONS_PER_REBALANCE_MAX: u32 = 1_000;

impl Cluster {
    /// A cluster of `config.brokers` running brokers (ids 1..=n); brokers 1..=min(3, n) are the
    /// KRaft controller quorum, and broker 1 starts as the active controller.
    pub fn new(config: ClusterConfig) -> Result<Self, CommandError> {
        if config.brokers == 0 || config.brokers > BROKERS_MAX {
            return Err(CommandError::new(
                CommandErrorKind::InvalidConfig,
                format!("a cluster has 1 to {BROKERS_MAX} brokers, not {}", config.brokers),
            ));
        }
        if config.tick_ms == 0 || config.tick_ms > 60_000 {
            return Err(CommandError::new(CommandErrorKind::InvalidConfig, "tick_ms must be 1..=60000"));
        }
        let voters = config.brokers.min(3);
        let brokers = crate::btree::btree_map((1..=config.brokers).map(|i| (BrokerId(i), Broker::new(BrokerId(i), i <= voters))));
        let mut cluster = Cluster {
            rng: Rng::new(config.seed),
            now: TimeMs(0),
            brokers,
            topics: BTreeMap::new(),
            controller: Some(BrokerId(1)),
            controller_epoch: 1,
            controller_lost_ms: None,
            sticky: BTreeMap::new(),
            next_request: 1,
            next_record_id: 1,
            next_retention_ms: config.log_retention_check_interval_ms,
            events: VecDeque::new(),
            events_dropped: 0,
            consumers: BTreeMap::new(),
            groups: BTreeMap::new(),
            next_consumer: 1,
            scratch_events: NotState::default(),
            scratch_delivered: NotState::default(),
            record_pool: NotState::default(),
            leader_rebalance_due_ms: None,
            quorum_lost: false,
            load: LoadSlot::default(),
            log: NotState::default(),
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

    fn emit(&mut self, kind: EventKind) {
        if self.events.len() >= self.config.event_queue_max as usize {
            self.events.pop_front();
            self.events_dropped += 1;
        }
        self.events.push_back(Event { time_ms: self.now, kind });
    }

    // ------------------------------------------------------------------ reachability

    fn running(&self, b: BrokerId) -> bool {
        self.brokers.get(&b).is_some_and(|x| x.running())
    }

    /// Can broker `a` talk to broker `b`? Both run and neither is cut off (a broker always
    /// reaches itself while it runs).
    pub fn reachable(&self, a: BrokerId, b: BrokerId) -> bool {
        let (Some(x), Some(y)) = (self.brokers.get(&a), self.brokers.get(&b)) else { return false };
        x.reaches(y)
    }

    fn reaches_controller(&self, b: BrokerId) -> bool {
        self.controller.is_some_and(|c| self.reachable(b, c))
    }

    fn voters(&self) -> Vec<BrokerId> {
        self.brokers.values().filter(|b| b.voter).map(|b| b.id).collect()
    }

    /// A voter can lead the quorum when it reaches a majority of voters (itself included).
    fn has_quorum(&self, candidate: BrokerId) -> bool {
        let voters = self.voters();
        let reached = voters.iter().filter(|v| self.reachable(candidate, **v)).count();
        reached > voters.len() / 2
    }

    /// Running voters that reach a majority: who can become the active controller.
    fn quorum_candidates(&self) -> Vec<BrokerId> {
        self.voters().into_iter().filter(|v| self.running(*v) && self.has_quorum(*v)).collect()
    }

    /// The voters, the largest set of running voters that reach each other (what `has_quorum`
    /// counts for its best candidate), and the majority a leader needs (Raft: more than half).
    fn quorum_view(&self) -> (Vec<BrokerId>, Vec<BrokerId>, u32) {
        let voters = self.voters();
        let mut best: Vec<BrokerId> = Vec::new();
        for v in voters.iter().filter(|v| self.running(**v)) {
            let reached: Vec<BrokerId> = voters.iter().copied().filter(|w| self.reachable(*v, *w)).collect();
            if reached.len() > best.len() {
                best = reached;
            }
        }
        let majority = voters.len() as u32 / 2 + 1;
        (voters, best, majority)
    }

    fn lose_quorum(&mut self, controller: Option<BrokerId>) {
        self.quorum_lost = true;
        let (voters, reachable, majority) = self.quorum_view();
        self.emit(EventKind::QuorumLost { controller, voters, reachable, majority });
    }

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
        self.log.push(TimedCommand { time_ms: self.now.0, command: command.clone() });
        let done = |r: Result<(), CommandError>| r.map(|()| Outcome::Done);
        match command {
            Command::CreateTopic { name, partitions, replication_factor, config } => {
                done(self.create_topic(&name, partitions, replication_factor, config))
            }
            Command::AddPartitions { topic, partitions } => done(self.add_partitions(&topic, partitions)),
            Command::AlterTopicConfig { topic, set, delete } => done(self.alter_topic_config(&topic, &set, &delete)),
            Command::Produce(req) => self.produce(req).map(Outcome::Produced),
            Command::StopBroker { broker } => done(self.stop_broker(broker)),
            Command::ShutdownBroker { broker } => done(self.shutdown_broker(broker)),
            Command::StartBroker { broker } => done(self.start_broker(broker)),
            Command::IsolateBroker { broker } => done(self.isolate_broker(broker)),
            Command::HealBroker { broker } => done(self.heal_broker(broker)),
            Command::ElectPreferredLeaders { topic } => done(self.elect_preferred_leaders(topic.as_deref())),
            Command::SetFetchDelay { broker, delay_ms } => {
                if delay_ms > 3_600_000 {
                    return Err(CommandError::new(CommandErrorKind::InvalidConfig, "fetch delay must be at most 1 hour"));
                }
                self.broker_mut(broker)?.fetch_delay_ms = delay_ms;
                Ok(Outcome::Done)
            }
            Command::AddConsumer { config } => self.add_consumer(config).map(Outcome::ConsumerStarted),
            Command::CloseConsumer { consumer } => done(self.close_consumer(consumer)),
            Command::CrashConsumer { consumer } => done(self.crash_consumer(consumer)),
            Command::SetConsumerPolling { consumer, polling } => done(self.set_consumer_polling(consumer, polling)),
            Command::SetConsumerProcessing { consumer, ms_per_record } => done(self.set_consumer_processing(consumer, ms_per_record)),
            Command::Advance { steps } => {
                if steps > 1_000_000 {
                    return Err(CommandError::new(CommandErrorKind::LimitExceeded, "advance at most 1,000,000 steps at once"));
                }
                for _ in 0..steps {
                    self.step();
                }
                Ok(Outcome::Done)
            }
            Command::StartLoad { topic, rate_per_s, key_count, acks } => {
                if !self.topics.contains_key(&topic) {
                    return Err(unknown_topic(&topic));
                }
                // Seeded from the cluster and the moment it starts (as the page seeded it).
                let seed = self.config.seed ^ self.now.0;
                self.load.0 = Some(LoadGenerator::new(&topic, rate_per_s, key_count, acks, seed)?);
                Ok(Outcome::Done)
            }
            Command::StopLoad => {
                self.load.0 = None;
                Ok(Outcome::Done)
            }
        }
    }

    /// The running continuous load, if any.
    pub fn load(&self) -> Option<&LoadGenerator> {
        self.load.0.as_ref()
    }

    /// This run as a session: the starting config, every command with its time, and now.
    pub fn session_file(&self) -> SessionFile {
        SessionFile {
            format: SESSION_FORMAT.to_string(),
            version: SESSION_VERSION,
            config: self.config.clone(),
            end_ms: self.now.0,
            commands: self.log.0.clone(),
        }
    }

    /// The load's requests for one tick, produced before the tick's work (as a client sending
    /// during the interval would).
    fn step_load(&mut self) {
        let Some(mut load) = self.load.0.take() else { return };
        let mut sent = 0;
        for req in load.requests_for(self.config.tick_ms) {
            if self.produce(req).is_ok() {
                sent += 1;
            }
        }
        load.sent += sent;
        self.load.0 = Some(load);
    }

    fn broker_mut(&mut self, id: BrokerId) -> Result<&mut Broker, CommandError> {
        self.brokers.get_mut(&id).ok_or_else(|| CommandError::new(CommandErrorKind::UnknownBroker, format!("there is no broker {id}")))
    }

    pub(crate) fn create_topic(
        &mut self,
        name: &str,
        partitions: u32,
        replication_factor: u32,
        config: TopicConfig,
    ) -> Result<(), CommandError> {
        validate_new_topic_name(name, self.topics.keys().map(String::as_str)).map_err(|e| {
            let kind = match e.kafka_error() {
                "TOPIC_ALREADY_EXISTS" => CommandErrorKind::TopicAlreadyExists,
                "INVALID_REQUEST" => CommandErrorKind::InvalidRequest,
                _ => CommandErrorKind::InvalidTopicException,
            };
            CommandError::new(kind, e.to_string())
        })?;
        if self.topics.len() as u32 >= TOPICS_MAX {
            return Err(CommandError::new(CommandErrorKind::LimitExceeded, format!("the sandbox holds at most {TOPICS_MAX} topics")));
        }
        if partitions == 0 || partitions > PARTITIONS_PER_TOPIC_MAX {
            return Err(CommandError::new(
                CommandErrorKind::InvalidPartitions,
                format!("Number of partitions must be 1 to {PARTITIONS_PER_TOPIC_MAX} in the sandbox, not {partitions}."),
            ));
        }
        self.create_topic_unchecked(name, partitions, replication_factor, config)
    }

    /// Creates a topic whose name was already checked (or is internal, like `__consumer_offsets`).
    fn create_topic_unchecked(
        &mut self,
        name: &str,
        partitions: u32,
        replication_factor: u32,
        config: TopicConfig,
    ) -> Result<(), CommandError> {
        self.check_partition_total(partitions)?;
        validate_topic_config(&config)?;
        if replication_factor == 0 {
            // `ReplicationControlManager.createTopic`, before placement.
            return Err(CommandError::new(
                CommandErrorKind::InvalidReplicationFactor,
                "Replication factor must be larger than 0, or -1 to use the default value.",
            ));
        }
        let layout = self.place_replicas(partitions, replication_factor)?;
        let now = self.now;
        // One name for all of the topic's partitions: maps keyed by `TopicPartition` compare
        // names by pointer first (`ids.rs`), so every partition must share it.
        let shared: Arc<str> = Arc::from(name);
        let parts = layout
            .into_iter()
            .enumerate()
            .map(|(p, (replicas, isr))| Partition::new(TopicPartition::new(Arc::clone(&shared), p as u32), replicas, isr, now))
            .collect();
        self.topics.insert(name.to_string(), Topic { name: name.to_string(), replication_factor, config, partitions: parts });
        self.emit(EventKind::TopicCreated { topic: name.to_string(), partitions, replication_factor });
        Ok(())
    }

    fn check_partition_total(&self, adding: u32) -> Result<(), CommandError> {
        let total: usize = self.topics.values().map(|t| t.partitions.len()).sum();
        if total as u32 + adding > PARTITIONS_TOTAL_MAX {
            return Err(CommandError::new(
                CommandErrorKind::LimitExceeded,
                format!("the sandbox holds at most {PARTITIONS_TOTAL_MAX} partitions in all ({total} exist)"),
            ));
        }
        Ok(())
    }

    /// `StripedReplicaPlacer` over the usable brokers (every registered broker not in
    /// controlled shutdown, fenced ones as followers only), then each partition's ISR: its
    /// active replicas (`ReplicationControlManager.createTopic`/`createPartitions`). Errors are
    /// the controller's INVALID_REPLICATION_FACTOR messages.
    fn place_replicas(&mut self, count: u32, replication_factor: u32) -> Result<Vec<PlacedPartition>, CommandError> {
        let usable: Vec<(BrokerId, bool)> = self.brokers.values().filter(|b| !b.controlled_shutdown).map(|b| (b.id, b.fenced)).collect();
        let invalid = |detail: String| {
            CommandError::new(
                CommandErrorKind::InvalidReplicationFactor,
                format!("Unable to replicate the partition {replication_factor} time(s): {detail}"),
            )
        };
        let layout = place(&usable, count, replication_factor, &mut self.rng).map_err(|e| invalid(e.to_string()))?;
        let brokers = &self.brokers;
        let out: Vec<(Vec<BrokerId>, Vec<BrokerId>)> = layout
            .into_iter()
            .map(|replicas| {
                let isr = replicas.iter().copied().filter(|b| brokers.get(b).is_some_and(|x| x.isr_eligible())).collect();
                (replicas, isr)
            })
            .collect();
        if out.iter().any(|(_, isr)| isr.is_empty()) {
            return Err(invalid("All brokers are currently fenced or in controlled shutdown.".into()));
        }
        Ok(out)
    }

    /// `kafka-configs.sh --alter --entity-type topics`: validated as a whole
    /// (`ControllerConfigurationValidator` → `LogConfig.validate`), then the new configs
    /// replace the old ones. Everything that reads a topic config (produce, the replication
    /// pass, elections, retention and the cleaner) reads it afresh, so the change applies from
    /// the next produce or step.
    pub(crate) fn alter_topic_config(&mut self, topic: &str, set: &[(String, String)], delete: &[String]) -> Result<(), CommandError> {
        if crate::topic_name::INTERNAL_TOPICS.contains(&topic) {
            // The group coordinators rely on __consumer_offsets being compacted.
            return Err(CommandError::new(CommandErrorKind::InvalidRequest, format!("The sandbox does not alter internal topic {topic}")));
        }
        let t = self.topics.get(topic).ok_or_else(|| unknown_topic(topic))?;
        let next = crate::topic_config::altered(&t.config, set, delete)?;
        let set_canonical: Vec<(String, String)> = set
            .iter()
            .map(|(k, _)| (k.trim().to_string(), crate::topic_config::config_value(&next, k.trim()).unwrap_or_default()))
            .collect();
        let deleted: Vec<String> = delete.iter().map(|k| k.trim().to_string()).collect();
        if let Some(t) = self.topics.get_mut(topic) {
            t.config = next;
        }
        self.emit(EventKind::TopicConfigChanged { topic: topic.to_string(), set: set_canonical, deleted });
        Ok(())
    }

    pub(crate) fn add_partitions(&mut self, topic: &str, total: u32) -> Result<(), CommandError> {
        if crate::topic_name::INTERNAL_TOPICS.contains(&topic) {
            // Growing __consumer_offsets would move every group's coordinator partition.
            return Err(CommandError::new(CommandErrorKind::InvalidRequest, format!("The sandbox does not alter internal topic {topic}")));
        }
        let t = self.topics.get(topic).ok_or_else(|| unknown_topic(topic))?;
        let current = t.partitions.len() as u32;
        if total <= current {
            return Err(CommandError::new(
                CommandErrorKind::InvalidPartitions,
                format!("Topic currently has {current} partitions, which is higher than the requested {total}."),
            ));
        }
        if total > PARTITIONS_PER_TOPIC_MAX {
            return Err(CommandError::new(
                CommandErrorKind::InvalidPartitions,
                format!("Number of partitions must be at most {PARTITIONS_PER_TOPIC_MAX} in the sandbox."),
            ));
        }
        self.check_partition_total(total - current)?;
        let rf = t.replication_factor;
        let layout = self.place_replicas(total - current, rf)?;
        let now = self.now;
        if let Some(t) = self.topics.get_mut(topic) {
            let shared: Arc<str> = t.partitions.first().map_or_else(|| Arc::from(topic), |p| Arc::clone(&p.tp.topic));
            for (i, (replicas, isr)) in layout.into_iter().enumerate() {
                t.partitions.push(Partition::new(TopicPartition::new(Arc::clone(&shared), current + i as u32), replicas, isr, now));
            }
        }
        self.emit(EventKind::PartitionsAdded { topic: topic.to_string(), from: current, to: total });
        // The group leader notices the new partitions in its metadata and triggers a rebalance
        // (ConsumerCoordinator's metadata snapshot check); every subscriber rejoins.
        // With the consumer protocol the coordinator itself sees the metadata change and moves
        // the group epoch.
        let mut bump = Vec::new();
        for c in self.consumers.values_mut() {
            if c.alive() && c.config.topics.iter().any(|t| t == topic) {
                match c.config.group_protocol {
                    crate::consumer::GroupProtocol::Classic => c.rejoin_needed = true,
                    crate::consumer::GroupProtocol::Consumer => bump.push(c.config.group_id.clone()),
                }
            }
        }
        bump.sort();
        bump.dedup();
        for g in bump {
            if self.groups.get(&g).is_some_and(|g| !g.members.is_empty()) {
                self.bump_group_epoch(&g, format!("{topic} now has {total} partitions"));
            }
        }
        Ok(())
    }

    pub(crate) fn stop_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if !b.running() {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is already stopped")));
        }
        b.state = crate::broker::BrokerState::Stopped;
        b.unclean_shutdown = true;
        self.emit(EventKind::BrokerStopped { broker: id });
        self.fail_pending_on_leader(id, ProduceError::NetworkException);
        Ok(())
    }

    /// Controlled shutdown, as KRaft runs it: the broker heartbeats `wantShutDown`; the
    /// controller (`BrokerHeartbeatManager.calculateNextBrokerState`,
    /// `ReplicationControlManager.handleBrokerInControlledShutdown`) takes it out of the ISR of
    /// every partition it is in and elects new leaders where it led (the first active ISR
    /// replica; a sole ISR member stays, leaderless), then grants the shutdown: the broker is
    /// fenced and exits. Requests waiting on its leaderships fail with NOT_LEADER_OR_FOLLOWER
    /// (the client retries on the new leader). The exchange takes a heartbeat or two in Kafka;
    /// here it completes at once. Without a reachable active controller nothing can be moved:
    /// the broker gives up waiting and exits, as after a crash.
    pub(crate) fn shutdown_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if !b.running() {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is already stopped")));
        }
        if !self.reaches_controller(id) {
            self.emit(EventKind::ControlledShutdownTimedOut { broker: id });
            return self.stop_broker(id);
        }
        let led: Vec<TopicPartition> = self.partitions().filter(|p| p.leader == Some(id)).map(|p| p.tp.clone()).collect();
        if let Some(b) = self.brokers.get_mut(&id) {
            b.controlled_shutdown = true;
        }
        // A partition it led alone (the only ISR member) has no one to move to: it goes
        // offline, its ISR kept.
        self.remove_from_isrs(id, IsrShrinkReason::ControlledShutdown);
        let leaders_moved = led.iter().filter(|tp| self.partition(tp).is_some_and(|p| p.leader.is_some())).count() as u32;
        if let Some(b) = self.brokers.get_mut(&id) {
            b.state = crate::broker::BrokerState::Stopped;
            b.fenced = true;
            b.unclean_shutdown = false;
        }
        self.emit(EventKind::BrokerShutDown { broker: id, leaders_moved });
        self.fail_pending_on_leader(id, ProduceError::NotLeaderOrFollower);
        Ok(())
    }

    pub(crate) fn start_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if b.running() {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is already running")));
        }
        b.state = crate::broker::BrokerState::Running;
        b.controlled_shutdown = false;
        self.emit(EventKind::BrokerStarted { broker: id });
        Ok(())
    }

    pub(crate) fn isolate_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if b.isolated {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is already isolated")));
        }
        b.isolated = true;
        self.emit(EventKind::BrokerIsolated { broker: id });
        Ok(())
    }

    pub(crate) fn heal_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if !b.isolated {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is not isolated")));
        }
        b.isolated = false;
        self.emit(EventKind::BrokerHealed { broker: id });
        Ok(())
    }

    pub(crate) fn elect_preferred_leaders(&mut self, topic: Option<&str>) -> Result<(), CommandError> {
        if let Some(t) = topic {
            if !self.topics.contains_key(t) {
                return Err(unknown_topic(t));
            }
        }
        if self.controller.is_none() {
            return Err(CommandError::new(CommandErrorKind::InvalidState, "no active controller: the quorum has no majority"));
        }
        let names: Vec<String> = self.topics.keys().filter(|n| topic.is_none_or(|t| t == n.as_str())).cloned().collect();
        for name in names {
            let count = self.topics.get(&name).map_or(0, |t| t.partitions.len());
            for p in 0..count {
                self.run_election(&name, p, ElectionType::Preferred);
            }
        }
        Ok(())
    }

    /// Produces one record. Its outcome arrives as events: acks=0/1 at once, acks=all when the
    /// HW passes it (or it fails). Returns the request id those events carry.
    pub(crate) fn produce(&mut self, req: ProduceRequest) -> Result<RequestId, CommandError> {
        let topic = self.topics.get(&*req.topic).ok_or_else(|| unknown_topic(&req.topic))?;
        if crate::topic_name::INTERNAL_TOPICS.contains(&&*req.topic) {
            // ReplicaManager.appendToLocalLog: only the coordinators write there.
            return Err(CommandError::new(
                CommandErrorKind::InvalidTopicException,
                format!("Cannot append to internal topic {}", req.topic),
            ));
        }
        let count = topic.partitions.len() as u32;
        if let Some(p) = req.partition {
            if p >= count {
                return Err(CommandError::new(
                    CommandErrorKind::UnknownTopicOrPartition,
                    format!("partition {p} does not exist: {} has partitions 0..{}", req.topic, count - 1),
                ));
            }
        }
        if req.headers.len() > 64 || req.headers.iter().any(|h| h.key.is_empty()) {
            return Err(CommandError::new(CommandErrorKind::InvalidRequest, "headers need a non-empty key (at most 64 headers)"));
        }
        if req.key.is_none() && topic.config.cleanup_policy.compacts() {
            // `LogValidator`: "Compacted topic cannot accept message without key".
            return Err(CommandError::new(
                CommandErrorKind::InvalidRecord,
                format!("Compacted topic {} cannot accept message without key", req.topic),
            ));
        }
        let size = record_size_bytes(req.key.as_deref(), req.value.as_deref(), &req.headers);
        if size as usize > RECORD_BYTES_MAX {
            return Err(CommandError::new(
                CommandErrorKind::RecordTooLarge,
                format!("The message is {size} bytes when serialized which is larger than {RECORD_BYTES_MAX}, the maximum."),
            ));
        }
        let partition = match (req.partition, &req.key) {
            (Some(p), _) => p,
            (None, Some(key)) => partition_for_key(key, count),
            (None, None) => self.sticky_partition(&req.topic, count, u64::from(size)),
        };
        let request = RequestId(self.next_request);
        self.next_request += 1;
        let record_id = self.next_record_id;
        let (now, acks) = (self.now, req.acks);
        let lag_max_ms = self.config.replica_lag_time_max_ms;
        // From here on one lookup of the topic, with the broker map borrowed beside it (this
        // runs for every record: three lookups by name were 5% of a full-speed step).
        let Cluster { topics, brokers, record_pool, .. } = self;
        let eligible = |b: BrokerId| brokers.get(&b).is_some_and(|x| x.isr_eligible());
        let rule = HwRule { now, lag_max_ms, isr_eligible: &eligible };
        let Some(t) = topics.get_mut(&*req.topic) else { return Err(unknown_topic(&req.topic)) };
        let (min_isr, segment_bytes) = (t.min_isr_effective(), t.config.segment_bytes);
        let Some(p) = t.partitions.get_mut(partition as usize) else { return Err(unknown_topic(&req.topic)) };
        let tp = p.tp.clone();
        let failure = match p.leader {
            None => Some((ProduceError::LeaderNotAvailable, ProduceFailureCause::NoLeader)),
            Some(l) if !brokers.get(&l).is_some_and(|b| b.running()) => {
                Some((ProduceError::NetworkException, ProduceFailureCause::LeaderUnreachable { leader: l }))
            }
            // `Partition.appendRecordsToLeader`: checked before the append.
            Some(_) if acks == Acks::All && p.isr.len() < min_isr => {
                Some((ProduceError::NotEnoughReplicas, ProduceFailureCause::IsrBelowMinIsr { isr: p.isr.clone(), min_isr: min_isr as u32 }))
            }
            Some(_) => None,
        };
        let (Some(leader), None) = (p.leader, &failure) else {
            let (error, cause) = failure.unwrap_or((ProduceError::LeaderNotAvailable, ProduceFailureCause::NoLeader));
            self.emit(EventKind::ProduceFailed { request, partition: tp, error, acks, cause });
            return Ok(request);
        };
        let leader_epoch = p.leader_epoch;
        let Some(log) = p.logs.get_mut(&leader) else { return Err(unknown_topic(&req.topic)) };
        self.next_record_id += 1;
        let offset = log.log_end_offset();
        log.append(
            record_pool.make(Record {
                offset,
                leader_epoch,
                timestamp_ms: now,
                key: req.key,
                value: req.value,
                headers: req.headers,
                record_id,
                size_bytes: size,
            }),
            segment_bytes,
        );
        match acks {
            Acks::None => self.emit(EventKind::ProduceAcknowledged { request, partition: tp, offset: Offset(-1), acks }),
            Acks::Leader => self.emit(EventKind::ProduceAcknowledged { request, partition: tp, offset, acks }),
            Acks::All => {
                p.pending.push_back(PendingProduce {
                    request,
                    leader,
                    leader_epoch,
                    required_offset: Offset(offset.0 + 1),
                    created_ms: now,
                    acks,
                });
                // A single-replica ISR commits at once.
                let hw = p.maybe_increment_hw(min_isr, &rule);
                // Only a moved high watermark can complete a request here: leadership does not
                // change inside a produce, and timeouts were settled by the step that set `now`
                // (scanning every pending request on every produce was 12% of a busy step).
                let mut completed = Vec::new();
                if hw.is_some() {
                    p.complete_pending(now, self.config.request_timeout_ms, min_isr, self.quorum_lost, &mut completed);
                }
                self.emit(EventKind::ProduceAppended { request, partition: tp.clone(), offset, acks });
                if let Some(hw) = hw {
                    self.emit(EventKind::HighWatermarkAdvanced { partition: tp, high_watermark: hw });
                }
                self.emit_all(completed);
            }
        }
        Ok(request)
    }

    /// KIP-794: stay on one partition until `batch.size` bytes went to it, then pick another at
    /// random among those with a leader (all of them when none has).
    fn sticky_partition(&mut self, topic: &str, count: u32, size: u64) -> u32 {
        let batch = self.config.batch_size_bytes;
        let current = self.sticky.get(topic).cloned();
        let (partition, switched) = match current {
            Some(s) if s.partition < count && s.produced_bytes < batch => (s.partition, false),
            _ => {
                let available: Vec<u32> = self.topics[topic]
                    .partitions
                    .iter()
                    .filter(|p| p.leader.is_some_and(|l| self.running(l)))
                    .map(|p| p.tp.partition)
                    .collect();
                let next = if available.is_empty() {
                    self.rng.below(u64::from(count)) as u32
                } else {
                    available[self.rng.below(available.len() as u64) as usize]
                };
                (next, true)
            }
        };
        let entry = self.sticky.entry(topic.to_string()).or_insert(StickyPartition { partition, produced_bytes: 0 });
        // Every switch starts a fresh count, even when the random pick is the same partition.
        if switched {
            *entry = StickyPartition { partition, produced_bytes: 0 };
        }
        entry.produced_bytes += size;
        partition
    }

    // ------------------------------------------------------------------ time

    /// Advances logical time by one tick.
    pub fn step(&mut self) {
        self.step_load();
        self.now = TimeMs(self.now.0 + self.config.tick_ms);
        self.step_quorum();
        self.step_heartbeats();
        self.step_leader_rebalance();
        self.step_replication();
        self.step_groups();
        self.step_retention();
    }

    /// The KRaft quorum: the active controller keeps its place while it runs and reaches a
    /// majority of the voters; otherwise it steps down, and once
    /// `controller.quorum.election.timeout.ms` has passed a voter that reaches a majority wins
    /// the election. When no voter reaches a majority the quorum is lost (`QuorumLost`, once)
    /// until enough voters are back (`QuorumRestored` instead of `ControllerElected`).
    fn step_quorum(&mut self) {
        if let Some(c) = self.controller {
            if self.running(c) && self.has_quorum(c) {
                return;
            }
            self.controller = None;
            self.controller_lost_ms = Some(self.now);
            if self.quorum_candidates().is_empty() {
                self.lose_quorum(Some(c));
            } else {
                self.emit(EventKind::ControllerLost { broker: c });
            }
        }
        let candidates = self.quorum_candidates();
        if candidates.is_empty() {
            // The controller stepped down while a majority remained, then lost it too.
            if !self.quorum_lost {
                self.lose_quorum(None);
            }
            return;
        }
        let lost = *self.controller_lost_ms.get_or_insert(self.now);
        if self.now.0 < lost.0 + self.config.controller_election_timeout_ms {
            return;
        }
        // Raft's randomized election timeouts decide who wins; the seeded PRNG stands in.
        let winner = candidates[self.rng.below(candidates.len() as u64) as usize];
        self.controller = Some(winner);
        self.controller_epoch += 1;
        self.controller_lost_ms = None;
        // A new active controller gives every registered broker a fresh session.
        let now = self.now;
        for b in self.brokers.values_mut() {
            b.last_heartbeat_ms = now;
        }
        if self.quorum_lost {
            self.quorum_lost = false;
            let (_, reachable, majority) = self.quorum_view();
            let down_ms = now.0.saturating_sub(lost.0);
            self.emit(EventKind::QuorumRestored { controller: winner, epoch: self.controller_epoch, reachable, majority, down_ms });
        } else {
            self.emit(EventKind::ControllerElected { broker: winner, epoch: self.controller_epoch });
        }
    }

    fn step_heartbeats(&mut self) {
        if self.controller.is_none() {
            return;
        }
        let now = self.now;
        let ids: Vec<BrokerId> = self.brokers.keys().copied().collect();
        for id in ids {
            if self.reaches_controller(id) {
                let was_fenced = self.brokers[&id].fenced;
                let unclean = self.brokers[&id].unclean_shutdown;
                if let Some(b) = self.brokers.get_mut(&id) {
                    b.last_heartbeat_ms = now;
                    b.fenced = false;
                    b.unclean_shutdown = false;
                }
                // Registering again after a crash (ELR on): out of every ISR and ELR first.
                if unclean && self.config.eligible_leader_replicas_enable {
                    self.handle_unclean_shutdown(id);
                }
                if was_fenced {
                    self.emit(EventKind::BrokerUnfenced { broker: id });
                }
            } else {
                let b = &self.brokers[&id];
                if !b.fenced && now.0.saturating_sub(b.last_heartbeat_ms.0) > self.config.broker_session_timeout_ms {
                    if let Some(b) = self.brokers.get_mut(&id) {
                        b.fenced = true;
                    }
                    self.emit(EventKind::BrokerFenced { broker: id, session_timeout_ms: self.config.broker_session_timeout_ms });
                    // `ReplicationControlManager.handleBrokerFenced`.
                    self.remove_from_isrs(id, IsrShrinkReason::BrokerFenced);
                }
            }
        }
        // Offline partitions get a leader as soon as an eligible replica is back.
        let offline = self.partitions_where(|p| p.leader.is_none());
        for (topic, p) in offline {
            self.run_election(&topic, p, ElectionType::Online);
        }
    }

    /// When the next automatic leader rebalance runs, if one is scheduled.
    pub fn leader_rebalance_due(&self) -> Option<TimeMs> {
        self.leader_rebalance_due_ms
    }

    /// `auto.leader.rebalance.enable`: while some partition is not led by its preferred replica
    /// (`replicas[0]`; leaderless ones count, `PartitionRegistration.hasPreferredLeader`), the
    /// active controller schedules a check `leader.imbalance.check.interval.seconds` later; it
    /// then runs a preferred election on every such partition, at most 1,000 per pass
    /// (`QuorumController.maybeBalancePartitionLeaders`). The preferred replica wins only if it
    /// is in the ISR and active. KRaft does not use `leader.imbalance.per.broker.percentage`
    /// (only the ZooKeeper controller did): any imbalance counts.
    fn step_leader_rebalance(&mut self) {
        if !self.config.auto_leader_rebalance_enable || self.controller.is_none() {
            self.leader_rebalance_due_ms = None;
            return;
        }
        let imbalanced = |p: &Partition| p.leader.is_none() || p.leader != p.replicas.first().copied();
        match self.leader_rebalance_due_ms {
            None => {
                if self.partitions().any(imbalanced) {
                    self.leader_rebalance_due_ms = Some(TimeMs(self.now.0 + self.config.leader_imbalance_check_interval_ms));
                }
            }
            Some(due) if self.now >= due => {
                self.leader_rebalance_due_ms = None;
                let mut targets = self.partitions_where(imbalanced);
                targets.truncate(ELECTIONS_PER_REBALANCE_MAX as usize);
                let moved =
                    targets.iter().filter(|(topic, idx)| self.run_election(topic, *idx, ElectionType::AutoRebalance)).count() as u32;
                self.emit(EventKind::LeadersRebalanced { moved, imbalanced: targets.len() as u32 });
            }
            Some(_) => {}
        }
    }

    /// `ReplicationControlManager.generateLeaderAndIsrUpdates` with `brokerToRemove`: for every
    /// partition whose ISR holds `broker` (or that it leads), one partition change that takes it
    /// out of the ISR (without ELR an ISR is never emptied: `PartitionChangeBuilder.build`) and
    /// elects a leader among the active replicas left.
    fn remove_from_isrs(&mut self, broker: BrokerId, reason: IsrShrinkReason) {
        let targets = self.partitions_where(|p| p.isr.contains(&broker) || p.leader == Some(broker));
        let elr = self.config.eligible_leader_replicas_enable;
        for (topic, idx) in targets {
            let p = &self.topics[&*topic].partitions[idx];
            // With ELR an ISR may become empty (its last member moves to the ELR).
            let isr: Vec<BrokerId> =
                if p.isr.len() > 1 || elr { p.isr.iter().copied().filter(|b| *b != broker).collect() } else { p.isr.clone() };
            let shrink = (isr.len() < p.isr.len()).then_some((isr, vec![broker], reason));
            self.partition_change(&topic, idx, shrink, ElectionType::Online, None);
        }
    }

    /// (topic, index) of every partition that `f` picks, in topic order: the controller's
    /// passes collect their targets first, then change them one by one.
    fn partitions_where(&self, f: impl Fn(&Partition) -> bool) -> Vec<(Arc<str>, usize)> {
        self.partitions().filter(|p| f(p)).map(|p| (p.tp.topic.clone(), p.tp.partition as usize)).collect()
    }

    /// Runs the controller's election rule on one partition and applies the result; returns
    /// whether the leader changed.
    fn run_election(&mut self, topic: &str, idx: usize, election: ElectionType) -> bool {
        self.partition_change(topic, idx, None, election, None)
    }

    /// `ReplicationControlManager.handleBrokerUncleanShutdown` (ELR on): a broker that
    /// registers again after a crash leaves every ISR and ELR, since its log may have lost
    /// records it had not flushed. (The sandbox keeps a crashed broker's log whole; Kafka
    /// cannot know that, so it does not rely on it.)
    fn handle_unclean_shutdown(&mut self, broker: BrokerId) {
        let targets = self.partitions_where(|p| p.isr.contains(&broker) || p.elr.contains(&broker));
        for (topic, idx) in targets {
            let p = &self.topics[&*topic].partitions[idx];
            let shrink = p
                .isr
                .contains(&broker)
                .then(|| (p.isr.iter().copied().filter(|b| *b != broker).collect(), vec![broker], IsrShrinkReason::UncleanShutdown));
            self.partition_change(&topic, idx, shrink, ElectionType::Online, Some(broker));
        }
    }

    /// One `PartitionChangeRecord` (`PartitionChangeBuilder.build`): an optional new ISR (with
    /// who left and why), the ELR that follows from it when ELR is on
    /// (`maybePopulateTargetElr`, without `unclean`: a broker that shut down uncleanly), the
    /// leader the election rule picks (`tryElection`: from the ISR, or from the ELR when the ISR
    /// is empty, which makes that replica the ISR), and LastKnownElr
    /// (`maybeUpdateLastKnownLeader`: the old leader when the ISR first becomes empty, cleared
    /// once the partition has a leader). The partition epoch moves once for the whole change,
    /// the leader epoch once if the leader changes (`PartitionRegistration.merge`); a no-op
    /// writes nothing.
    fn partition_change(
        &mut self,
        topic: &str,
        idx: usize,
        shrink: Option<(Vec<BrokerId>, Vec<BrokerId>, IsrShrinkReason)>,
        election: ElectionType,
        unclean: Option<BrokerId>,
    ) -> bool {
        let elr_on = self.config.eligible_leader_replicas_enable;
        let Some(t) = self.topics.get(topic) else { return false };
        let unclean_allowed = t.config.unclean_leader_election_enable;
        let min_isr = t.min_isr_effective();
        let Some(p) = t.partitions.get(idx) else { return false };
        let mut target_isr = shrink.as_ref().map_or_else(|| p.isr.clone(), |(isr, _, _)| isr.clone());
        let unclean_list: Vec<BrokerId> = unclean.into_iter().collect();
        let mut target_elr =
            if elr_on { crate::partition::target_elr(&p.isr, &p.elr, &target_isr, min_isr, &unclean_list) } else { Vec::new() };
        let brokers = &self.brokers;
        // `isActive`: registered, unfenced and not in controlled shutdown.
        let acceptable = |b: BrokerId| brokers.get(&b).is_some_and(|x| x.isr_eligible());
        let last_known_leader = (elr_on && p.last_known_elr.len() == 1).then(|| p.last_known_elr[0]);
        let eligible = Eligible { elr: &target_elr, last_known_leader };
        let result = elect_leader(&p.replicas, &target_isr, eligible, p.leader, acceptable, unclean_allowed, election);
        let was_offline = p.leader.is_none();
        let committed = p.high_watermark();
        let old_leader = p.leader;
        let mut lost = None;
        match result.source {
            LeaderSource::Elr => {
                if let Some(l) = result.leader {
                    target_isr = vec![l];
                    target_elr.retain(|b| *b != l);
                }
            }
            LeaderSource::Unclean | LeaderSource::LastKnownLeader => {
                if let Some(l) = result.leader {
                    let leo = p.logs.get(&l).map_or(Offset(0), |log| log.log_end_offset());
                    if leo < committed && Some(l) != old_leader {
                        lost = Some((leo, committed));
                    }
                    // The ISR is forced to the new leader (`tryElection`), even when it stays.
                    target_isr = vec![l];
                    // `maybeUpdateRecordElr`: an unclean election clears the ELR.
                    target_elr.clear();
                }
            }
            LeaderSource::Isr => {}
        }
        let mut target_last_known = p.last_known_elr.clone();
        if elr_on {
            if target_isr.is_empty() {
                if let Some(l) = old_leader.filter(|l| p.last_known_elr != [*l]) {
                    target_last_known = vec![l];
                }
            } else if result.leader.is_some() {
                target_last_known.clear();
            }
        }
        let leader_changed = result.leader != old_leader;
        let now = self.now;
        let Some(p) = self.topics.get_mut(topic).map(|t| &mut t.partitions[idx]) else { return false };
        let elr_change = elr_on.then_some((target_elr, target_last_known));
        if !p.apply_change(Some(target_isr), leader_changed.then_some(result.leader), elr_change, now) {
            return false;
        }
        let (tp, epoch, isr) = (p.tp.clone(), p.leader_epoch, p.isr.clone());
        if let Some((_, removed, reason)) = shrink {
            self.emit(EventKind::IsrShrunk { partition: tp.clone(), isr: isr.clone(), removed, reason });
        }
        if !leader_changed {
            return false;
        }
        let kind = election_kind(result.source, election);
        match result.leader {
            Some(leader) => self.emit(EventKind::LeaderElected { partition: tp, leader, leader_epoch: epoch, isr, kind, lost }),
            None if !was_offline => self.emit(EventKind::PartitionOffline { partition: tp, leader_epoch: epoch, isr }),
            None => {}
        }
        // Requests waiting on the old leader fail with NOT_LEADER_OR_FOLLOWER.
        self.complete_pending(topic, idx);
        true
    }

    /// Part 3 and 4 of a tick for every partition, in topic order. The brokers' reachability is
    /// copied once and every topic visited once (looking each partition's topic up by name,
    /// several times, was a quarter of a quiet step).
    fn step_replication(&mut self) {
        let links = BrokerLinks::of(&self.brokers);
        let tick = ReplicationTick {
            now: self.now,
            links: &links,
            controller: self.controller,
            fetch_interval_ms: self.config.replica_fetch_interval_ms,
            fetch_max_bytes: self.config.replica_fetch_max_bytes,
            lag_max_ms: self.config.replica_lag_time_max_ms,
            request_timeout_ms: self.config.request_timeout_ms,
            elr_enabled: self.config.eligible_leader_replicas_enable,
            quorum_lost: self.quorum_lost,
        };
        let mut events = std::mem::take(&mut self.scratch_events.0);
        for t in self.topics.values_mut() {
            let (min_isr, segment_bytes) = (t.min_isr_effective(), t.config.segment_bytes);
            for p in t.partitions.iter_mut() {
                p.replicate(&tick, min_isr, segment_bytes, &mut events);
            }
        }
        self.emit_scratch(events);
    }

    /// Settles one partition's purgatory now (after a produce moved its HW, or a leader change).
    fn complete_pending(&mut self, topic: &str, idx: usize) {
        let (now, timeout, quorum_lost) = (self.now, self.config.request_timeout_ms, self.quorum_lost);
        let Some(t) = self.topics.get_mut(topic) else { return };
        let min_isr = t.min_isr_effective();
        let Some(p) = t.partitions.get_mut(idx) else { return };
        let mut events = Vec::new();
        p.complete_pending(now, timeout, min_isr, quorum_lost, &mut events);
        self.emit_all(events);
    }

    /// A stopped leader's waiting requests fail: the client's connection drops
    /// (NETWORK_EXCEPTION after a crash), or, after a controlled shutdown, the broker answers
    /// NOT_LEADER_OR_FOLLOWER, leadership having moved already.
    fn fail_pending_on_leader(&mut self, broker: BrokerId, error: ProduceError) {
        let mut failed = Vec::new();
        for t in self.topics.values_mut() {
            for p in t.partitions.iter_mut() {
                if p.leader == Some(broker) && !p.pending.is_empty() {
                    let cause = match error {
                        // The broker exits: it leads nothing any more.
                        ProduceError::NotLeaderOrFollower => ProduceFailureCause::LeaderMoved { from: broker, to: None },
                        _ => ProduceFailureCause::LeaderUnreachable { leader: broker },
                    };
                    for r in p.pending.drain(..) {
                        failed.push((r.request, p.tp.clone(), r.acks, cause.clone()));
                    }
                }
            }
        }
        for (request, partition, acks, cause) in failed {
            self.emit(EventKind::ProduceFailed { request, partition, error, acks, cause });
        }
    }

    #[inline(never)]
    fn step_retention(&mut self) {
        if self.now.0 < self.next_retention_ms {
            return;
        }
        self.next_retention_ms = self.now.0 + self.config.log_retention_check_interval_ms.max(1);
        let now = self.now;
        let sandbox_max = self.config.log_bytes_per_replica_max;
        let mut events = std::mem::take(&mut self.scratch_events.0);
        let running: Vec<BrokerId> = self.brokers.values().filter(|b| b.running()).map(|b| b.id).collect();
        let pool = &mut self.record_pool.0;
        for t in self.topics.values_mut() {
            // A compact-only topic is cleaned, not deleted by age or size (`cleanup.policy`);
            // the sandbox's memory cap still applies to it as a last resort. `compact,delete`
            // does both. The policy is read on every pass, so an altered config applies at once.
            let compact = t.config.cleanup_policy.compacts();
            let (ms, bytes) = if t.config.cleanup_policy.deletes() { (t.config.retention_ms, t.config.retention_bytes) } else { (-1, -1) };
            let cleaner = CleanerRule {
                now,
                min_cleanable_ratio: MIN_CLEANABLE_DIRTY_RATIO,
                delete_retention_ms: t.config.delete_retention_ms,
                min_compaction_lag_ms: t.config.min_compaction_lag_ms,
            };
            for p in t.partitions.iter_mut() {
                for (b, log) in p.logs.iter_mut() {
                    if !running.contains(b) {
                        continue;
                    }
                    if compact {
                        let removed = log.compact(&cleaner);
                        if removed > 0 {
                            events.push(EventKind::LogCompacted { partition: p.tp.clone(), broker: *b, records: removed });
                        }
                    }
                    if let Some((start, records)) = log.apply_retention(now, ms, bytes, sandbox_max, pool) {
                        events.push(EventKind::SegmentsDeleted { partition: p.tp.clone(), broker: *b, log_start_offset: start, records });
                    }
                }
            }
        }
        self.emit_scratch(events);
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

/// A new partition's replicas (the first is the preferred leader) and its first ISR.
type PlacedPartition = (Vec<BrokerId>, Vec<BrokerId>);

fn unknown_topic(topic: &str) -> CommandError {
    CommandError::new(
        CommandErrorKind::UnknownTopicOrPartition,
        format!("This server does not host this topic-partition: topic '{topic}' does not exist"),
    )
}

/// One validator for creation and alteration (`topic_config::validate`).
fn validate_topic_config(c: &TopicConfig) -> Result<(), CommandError> {
    crate::topic_config::validate(c)
}
