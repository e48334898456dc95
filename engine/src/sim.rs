//! A seeded random simulation: random produce and random faults (stop, restart, isolate, heal)
//! against a cluster, with every invariant checked after every step, then a healing phase in
//! which every partition must regain a leader and a full ISR. Used by the tests, by
//! `ksim run --faults random` and by the benchmarks. The workload has its own PRNG (seeded from
//! the same seed), so the engine's random choices are not disturbed by the workload's.

use crate::cluster::Cluster;
use crate::command::{Command, ProduceRequest};
use crate::config::{ClusterConfig, TopicConfig};
use crate::event::{Acks, Event};
use crate::ids::BrokerId;
use crate::invariants::{Auditor, Violation};
use crate::producer_app::ProducerApp;
use crate::rng::Rng;

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub seed: u64,
    pub steps: u32,
    pub brokers: u32,
    pub topics: u32,
    pub partitions_per_topic: u32,
    pub replication_factor: u32,
    pub min_insync_replicas: u32,
    /// Records produced per step (on average).
    pub records_per_step: u32,
    pub faults: bool,
    /// Check invariants after every step.
    pub check: bool,
    /// Steps allowed for the healing phase (0 = no healing phase).
    pub heal_steps_max: u32,
    /// Adds a topic `unclean` (RF 2, unclean.leader.election.enable=true).
    pub unclean_topic: bool,
    /// Random consumer groups (three groups, one per protocol flavour) that start, close,
    /// crash, stall and slow down consumers.
    pub consumers: bool,
    /// The random one-shot produce requests (`Command::Produce`, acks 0/1/all).
    pub produce_requests: bool,
    /// Applications producing through producer clients (`producer_app.rs`), each sending about
    /// `records_per_step / 2` records per step to the `t*` topics.
    pub producers: Vec<ProducerSpec>,
}

/// One producing application of a simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerSpec {
    pub config: Vec<(String, String)>,
    /// Records per transaction (needs `transactional.id`; 0: no transactions).
    pub txn_size: u32,
    /// Share of transactions aborted, in percent.
    pub abort_pct: u32,
}

impl ProducerSpec {
    pub fn new(config: &[(&str, &str)], txn_size: u32, abort_pct: u32) -> Self {
        ProducerSpec { config: config.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), txn_size, abort_pct }
    }

    /// The kinds every default simulation runs: Kafka's default (idempotent, acks=all), a
    /// producer without idempotence (acks=1, duplicates and reordering possible), one request
    /// in flight, and a transactional producer aborting a fifth of its transactions.
    pub fn every_kind() -> Vec<ProducerSpec> {
        vec![
            ProducerSpec::new(&[], 0, 0),
            ProducerSpec::new(&[("acks", "1"), ("enable.idempotence", "false"), ("linger.ms", "0")], 0, 0),
            ProducerSpec::new(&[("max.in.flight.requests.per.connection", "1"), ("linger.ms", "50")], 0, 0),
            ProducerSpec::new(&[("transactional.id", "sim-txn"), ("transaction.timeout.ms", "10000")], 5, 20),
        ]
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 1,
            steps: 600,
            brokers: 5,
            topics: 2,
            partitions_per_topic: 3,
            replication_factor: 3,
            min_insync_replicas: 2,
            records_per_step: 2,
            faults: true,
            check: true,
            heal_steps_max: 1_500,
            unclean_topic: true,
            consumers: true,
            produce_requests: true,
            producers: ProducerSpec::every_kind(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimReport {
    pub seed: u64,
    pub steps: u64,
    pub records_produced: u64,
    pub acked_all: u64,
    /// Records the producer applications sent, had acknowledged and saw fail.
    pub app_sent: u64,
    pub app_acked: u64,
    pub app_failed: u64,
    /// Transactions the applications committed and aborted.
    pub txn_commits: u64,
    pub txn_aborts: u64,
    pub faults_injected: u64,
    pub snapshot_hash: u64,
    /// Consumer groups: rebalances started, records delivered to consumers, of which redelivered.
    pub rebalances: u64,
    pub records_consumed: u64,
    pub records_redelivered: u64,
}

#[derive(Debug, Clone)]
pub struct SimFailure {
    pub seed: u64,
    pub step: u64,
    pub violation: Violation,
}

impl std::fmt::Display for SimFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "seed {} step {}: {}", self.seed, self.step, self.violation)
    }
}

/// Builds the cluster and topics of a simulation.
pub fn build_cluster(cfg: &SimConfig) -> Result<Cluster, crate::command::CommandError> {
    // Every other seed runs with eligible leader replicas (KIP-966, Kafka 4.1's default).
    let mut cluster = Cluster::new(ClusterConfig {
        brokers: cfg.brokers,
        seed: cfg.seed,
        eligible_leader_replicas_enable: cfg.seed.is_multiple_of(2),
        ..ClusterConfig::default()
    })?;
    // Through `apply`, like every driver: the run is then a session `ksim run --save` writes.
    for t in 0..cfg.topics {
        cluster.apply(Command::CreateTopic {
            name: format!("t{t}"),
            partitions: cfg.partitions_per_topic,
            replication_factor: cfg.replication_factor.min(cfg.brokers),
            config: TopicConfig { min_insync_replicas: cfg.min_insync_replicas, ..TopicConfig::default() },
        })?;
    }
    if cfg.unclean_topic {
        // Exercises unclean election; its acknowledged records may be lost, so the auditor
        // skips them, but every other invariant applies.
        cluster.apply(Command::CreateTopic {
            name: "unclean".into(),
            partitions: cfg.partitions_per_topic,
            replication_factor: 2.min(cfg.brokers),
            config: TopicConfig { unclean_leader_election_enable: true, ..TopicConfig::default() },
        })?;
    }
    Ok(cluster)
}

/// Runs one seeded simulation. `on_event` sees every event in order (for `ksim run`).
pub fn run(cfg: &SimConfig, on_event: impl FnMut(&Event)) -> Result<SimReport, SimFailure> {
    run_cluster(cfg, on_event).map(|(report, _, _)| report)
}

/// `run`, and the run as a session (`ksim run --save`): replaying it gives the same cluster.
pub fn run_session(cfg: &SimConfig, on_event: impl FnMut(&Event)) -> Result<(SimReport, crate::session::SessionFile), SimFailure> {
    run_cluster(cfg, on_event).map(|(report, cluster, _)| (report, cluster.session_file()))
}

/// `run`, and the cluster and applications at its end (`ksim run --dump`).
pub fn run_full(cfg: &SimConfig, on_event: impl FnMut(&Event)) -> Result<(SimReport, Cluster, Vec<ProducerApp>), SimFailure> {
    run_cluster(cfg, on_event)
}

fn run_cluster(cfg: &SimConfig, mut on_event: impl FnMut(&Event)) -> Result<(SimReport, Cluster, Vec<ProducerApp>), SimFailure> {
    let fail = |step: u64, violation: Violation| SimFailure { seed: cfg.seed, step, violation };
    let mut cluster = build_cluster(cfg).map_err(|e| fail(0, Violation { invariant: "setup", detail: e.to_string() }))?;
    let mut workload = Rng::new(cfg.seed ^ 0x5eed_5eed_5eed_5eed);
    // The applications draw from their own generator, so the rest of the workload is the same
    // with or without them.
    let mut app_rng = Rng::new(cfg.seed ^ 0xa995_a995_a995_a995);
    let topics: Vec<String> = (0..cfg.topics).map(|t| format!("t{t}")).collect();
    let mut apps: Vec<ProducerApp> = cfg
        .producers
        .iter()
        .enumerate()
        .map(|(i, p)| ProducerApp::new(i as u32, p.config.clone(), p.txn_size, p.abort_pct, topics.clone()))
        .collect();
    let mut auditor = Auditor::new();
    let mut report = SimReport {
        seed: cfg.seed,
        steps: 0,
        records_produced: 0,
        acked_all: 0,
        app_sent: 0,
        app_acked: 0,
        app_failed: 0,
        txn_commits: 0,
        txn_aborts: 0,
        faults_injected: 0,
        snapshot_hash: 0,
        rebalances: 0,
        records_consumed: 0,
        records_redelivered: 0,
    };
    let mut step: u64 = 0;
    let mut drain = |cluster: &mut Cluster, auditor: &mut Auditor, apps: &mut [ProducerApp], step: u64| -> Result<(), SimFailure> {
        while let Some(e) = cluster.poll_event() {
            if cfg.check {
                auditor.observe(cluster, &e);
            }
            for a in apps.iter_mut() {
                a.observe(&e);
            }
            on_event(&e);
        }
        if cfg.check {
            if let Some(v) = auditor.check(cluster).into_iter().next() {
                return Err(fail(step, v));
            }
        }
        Ok(())
    };
    for _ in 0..cfg.steps {
        step += 1;
        if cfg.produce_requests {
            let n = workload.below(u64::from(cfg.records_per_step) * 2 + 1);
            for _ in 0..n {
                let req = random_record(&mut workload, cfg);
                // Errors here are only for invalid requests; the workload makes valid ones.
                if cluster.apply(Command::Produce(req)).is_ok() {
                    report.records_produced += 1;
                }
            }
        }
        for app in &mut apps {
            let n = app_rng.below(u64::from(cfg.records_per_step) + 1);
            app.step(&mut cluster, &mut app_rng, n);
        }
        if cfg.consumers {
            random_consumer_action(&mut workload, &mut cluster, cfg);
        }
        if cfg.faults && workload.chance(1, 40) && random_fault(&mut workload, &mut cluster, cfg.brokers) {
            report.faults_injected += 1;
        }
        cluster.step();
        drain(&mut cluster, &mut auditor, &mut apps, step)?;
    }
    if cfg.heal_steps_max > 0 {
        heal_all(&mut cluster, cfg.brokers);
        let mut healed = false;
        for _ in 0..cfg.heal_steps_max {
            step += 1;
            cluster.step();
            drain(&mut cluster, &mut auditor, &mut apps, step)?;
            // Healed: every partition led with a full ISR, and every producer client has had
            // its answers (what it still held when the faults stopped is delivered or failed).
            if fully_healthy(&cluster) && cluster.producers().all(|p| p.idle()) {
                healed = true;
                break;
            }
        }
        if !healed {
            let sick: Vec<String> = cluster
                .partitions()
                .filter(|p| p.leader.is_none() || p.isr.len() != p.replicas.len())
                .take(3)
                .map(|p| format!("{} leader {:?} isr {:?} replicas {:?}", p.tp, p.leader, p.isr, p.replicas))
                .chain(cluster.producers().filter(|p| !p.idle()).take(3).map(|p| format!("{} still holds records", p.client_id)))
                .collect();
            return Err(fail(step, Violation { invariant: "liveness_after_heal", detail: sick.join("; ") }));
        }
    }
    if cfg.heal_steps_max > 0 && cfg.check {
        // Healed: what each idempotent application had acknowledged is in the logs once, in order.
        for app in &apps {
            if let Some(detail) = app.check_acked_once_in_order(&cluster) {
                return Err(fail(step, Violation { invariant: "acked_once_in_send_order", detail }));
            }
        }
    }
    report.steps = step;
    report.acked_all = auditor.acked_total;
    report.app_sent = apps.iter().map(|a| a.sent.len() as u64).sum();
    report.app_acked = apps.iter().map(|a| a.acked.len() as u64).sum();
    report.app_failed = apps.iter().map(|a| a.failed.len() as u64).sum();
    report.txn_commits = apps.iter().map(|a| a.commits).sum();
    report.txn_aborts = apps.iter().map(|a| a.aborts).sum();
    report.rebalances = cluster.groups().map(|g| g.audit.rebalances).sum();
    report.records_consumed = cluster.consumers().map(|c| c.records_delivered).sum();
    report.records_redelivered = cluster.groups().map(|g| g.audit.records_redelivered).sum();
    report.snapshot_hash = cluster.snapshot_hash();
    Ok((report, cluster, apps))
}

fn random_record(rng: &mut Rng, cfg: &SimConfig) -> ProduceRequest {
    let pick = rng.below(u64::from(cfg.topics) + u64::from(cfg.unclean_topic));
    let topic = if pick == u64::from(cfg.topics) { "unclean".to_string() } else { format!("t{pick}") };
    let key = match rng.below(10) {
        0 => None,
        _ => Some(format!("key-{}", rng.below(50)).into_bytes().into()),
    };
    let acks = match rng.below(4) {
        0 => Acks::None,
        1 => Acks::Leader,
        _ => Acks::All,
    };
    ProduceRequest {
        topic: topic.into(),
        key,
        value: Some(vec![b'v'; rng.below(100) as usize].into()),
        partition: None,
        headers: Vec::new(),
        acks,
    }
}

/// Injects one random fault; returns whether it did anything.
fn random_fault(rng: &mut Rng, cluster: &mut Cluster, brokers: u32) -> bool {
    let b = BrokerId(1 + rng.below(u64::from(brokers)) as u32);
    let cmd = match rng.below(6) {
        0 => Command::StopBroker { broker: b },
        5 => Command::ShutdownBroker { broker: b },
        1 => Command::StartBroker { broker: b },
        2 => Command::IsolateBroker { broker: b },
        3 => Command::HealBroker { broker: b },
        // A slow follower: past replica.lag.time.max.ms (30 s) it drops out of the ISR.
        _ => Command::SetFetchDelay { broker: b, delay_ms: rng.below(4) * 15_000 },
    };
    cluster.apply(cmd).is_ok()
}

/// Consumers in four groups: `range` (eager), `coop` (cooperative-sticky), `mixed` (sticky or
/// roundrobin by seed) and `kip848` (the consumer protocol, uniform or range on the broker), with
/// short timeouts so that rebalances happen within a run.
fn random_consumer_action(rng: &mut Rng, cluster: &mut Cluster, cfg: &SimConfig) {
    use crate::assignor::AssignorName;
    use crate::consumer::{ConsumerConfig, GroupProtocol, OffsetReset, ServerAssignor};
    if !rng.chance(1, 25) {
        return;
    }
    let alive: Vec<crate::ids::ConsumerId> = cluster.consumers().filter(|c| c.alive()).map(|c| c.id).collect();
    let pick = |rng: &mut Rng| alive.get(rng.below(alive.len().max(1) as u64) as usize).copied();
    let cmd = match rng.below(8) {
        0..=2 if alive.len() < 8 => {
            let (group, assignor, protocol) = match rng.below(4) {
                0 => ("range", AssignorName::Range, GroupProtocol::Classic),
                1 => ("coop", AssignorName::CooperativeSticky, GroupProtocol::Classic),
                2 => (
                    "mixed",
                    if cfg.seed.is_multiple_of(2) { AssignorName::Sticky } else { AssignorName::RoundRobin },
                    GroupProtocol::Classic,
                ),
                _ => ("kip848", AssignorName::Range, GroupProtocol::Consumer),
            };
            let topics: Vec<String> = if rng.chance(1, 2) { vec!["t0".into()] } else { (0..cfg.topics).map(|t| format!("t{t}")).collect() };
            Command::AddConsumer {
                config: ConsumerConfig {
                    group_protocol: protocol,
                    remote_assignor: if cfg.seed.is_multiple_of(3) { ServerAssignor::Range } else { ServerAssignor::Uniform },
                    group_id: group.into(),
                    topics,
                    assignor,
                    enable_auto_commit: rng.chance(2, 3),
                    auto_commit_interval_ms: 1_000 + rng.below(5) * 1_000,
                    auto_offset_reset: if rng.chance(1, 2) { OffsetReset::Earliest } else { OffsetReset::Latest },
                    max_poll_records: 1 + rng.below(50) as u32,
                    processing_ms_per_record: 0,
                    session_timeout_ms: 6_000,
                    heartbeat_interval_ms: 1_000,
                    max_poll_interval_ms: 15_000,
                    ..ConsumerConfig::default()
                },
            }
        }
        3 => match pick(rng) {
            Some(consumer) => Command::CloseConsumer { consumer },
            None => return,
        },
        4 => match pick(rng) {
            Some(consumer) => Command::CrashConsumer { consumer },
            None => return,
        },
        5 => match pick(rng) {
            Some(consumer) => Command::SetConsumerPolling { consumer, polling: rng.chance(1, 2) },
            None => return,
        },
        6 => match pick(rng) {
            Some(consumer) => Command::SetConsumerProcessing { consumer, ms_per_record: [0, 20, 200, 2_000][rng.below(4) as usize] },
            None => return,
        },
        _ => return,
    };
    let _ = cluster.apply(cmd);
}

/// Restarts every stopped broker, heals every isolated one and removes fetch delays.
pub fn heal_all(cluster: &mut Cluster, brokers: u32) {
    for i in 1..=brokers {
        let _ = cluster.apply(Command::StartBroker { broker: BrokerId(i) });
        let _ = cluster.apply(Command::HealBroker { broker: BrokerId(i) });
        let _ = cluster.apply(Command::SetFetchDelay { broker: BrokerId(i), delay_ms: 0 });
    }
}

/// Every partition has a leader and every replica is in sync.
pub fn fully_healthy(cluster: &Cluster) -> bool {
    cluster.partitions().all(|p| p.leader.is_some() && p.isr.len() == p.replicas.len())
}
