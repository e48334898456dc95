//! View models of the producer clients: each one's identity (client.id, producer id and epoch),
//! its non-default config, its counts, the batches filling in its accumulator (size against
//! `batch.size`, linger countdown, retry backoff), its requests in flight and the recent fates of
//! its records; the create form's fields with Kafka's defaults; and the Produce form's result
//! line. Pure functions over the engine's read-only state and `producer_fates`; every sentence
//! the producer panel shows is written here, from `locales/<lang>/producers.ftl`.

use crate::i18n::{count, key, Tr};
use crate::producer_fates::{FateKind, FormSend, ProducerFates, SendState};
use engine::{transaction_partition_for, TRANSACTION_STATE_TOPIC};
use engine::{Cluster, KafkaError, ProducerClient, ProducerConfig, SendFailure, TopicPartition, TransactionManager, TxnClientState};

/// Batches and requests in flight listed per producer; the rest are counted.
pub const ROWS_SHOWN_MAX: usize = 8;
/// Producers shown (the engine runs at most 16).
pub const PRODUCERS_SHOWN_MAX: usize = 16;

/// A producer's configs by Kafka's names with their values, in `PRODUCER_CONFIG_NAMES`' order
/// (an unset `transactional.id` or `client.id` is empty).
pub fn config_pairs(c: &ProducerConfig) -> Vec<(&'static str, String)> {
    let set = c.pairs();
    engine::PRODUCER_CONFIG_NAMES
        .iter()
        .map(|name| (*name, set.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()))
        .collect()
}

/// "k=v" for each config that differs from Kafka's default (as the engine settled it: acks=1
/// turns the default idempotence off, so `enable.idempotence=false` shows too).
pub fn non_default_configs(c: &ProducerConfig) -> Vec<String> {
    let defaults = config_pairs(&ProducerConfig::default());
    config_pairs(c).into_iter().zip(defaults).filter(|(mine, default)| mine.1 != default.1).map(|((k, v), _)| format!("{k}={v}")).collect()
}

/// The create form's text fields, the main producer options (acks and enable.idempotence are
/// selects of their own).
pub const FORM_FIELDS: [&str; 11] = [
    "linger.ms",
    "batch.size",
    "compression.type",
    "max.in.flight.requests.per.connection",
    "retries",
    "retry.backoff.ms",
    "retry.backoff.max.ms",
    "delivery.timeout.ms",
    "request.timeout.ms",
    "transactional.id",
    "client.id",
];

/// A config's Kafka 4.x default as the form shows it (empty for the unset ids).
pub fn default_value(name: &str) -> String {
    config_pairs(&ProducerConfig::default()).into_iter().find(|(k, _)| *k == name).map(|(_, v)| v).unwrap_or_default()
}

/// The `KEY=VALUE` pairs `CreateProducer` gets from the form: only the values the learner
/// changed from the defaults shown, as a `--producer-property` list would have them, so that
/// Kafka's own rules apply to what was not set (acks=1 quietly turns the default idempotence
/// off; set explicitly to true, the conflict is an error). `idempotence` is "" for the default.
pub fn create_pairs(acks: &str, idempotence: &str, fields: &[(&str, String)]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if acks.trim() != default_value("acks") {
        pairs.push(("acks".to_string(), acks.trim().to_string()));
    }
    if !idempotence.is_empty() {
        pairs.push(("enable.idempotence".to_string(), idempotence.to_string()));
    }
    for (name, value) in fields {
        if value.trim() != default_value(name) {
            pairs.push((name.to_string(), value.trim().to_string()));
        }
    }
    pairs
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchVm {
    pub partition: String,
    pub records: usize,
    /// "1 234 / 16384 B".
    pub size: String,
    pub state: String,
    /// The idempotent producer's base sequence once it was first sent, else "-".
    pub sequence: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFlightVm {
    pub request: u64,
    pub broker: u32,
    pub partition: String,
    pub sequence: String,
    pub attempt: u32,
    pub records: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FateVm {
    pub time_ms: u64,
    /// Timeline classes: "produce", "warning", "fault", "info".
    pub class: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerVm {
    pub handle: u32,
    /// "producer-1".
    pub name: String,
    pub client_id: String,
    /// "producer id 0, epoch 0" or why there is none.
    pub identity: String,
    pub closing: bool,
    /// "flushing", "closing: sends what waits, then goes", or "".
    pub state: String,
    /// "acks=1, enable.idempotence=false" or "Kafka's defaults".
    pub config: String,
    pub stats: String,
    pub batches: Vec<BatchVm>,
    pub batches_total: usize,
    /// "Accumulator: 3 batch(es) waiting (first 8 shown)".
    pub batches_caption: String,
    pub in_flight: Vec<InFlightVm>,
    pub in_flight_total: usize,
    pub in_flight_caption: String,
    pub fates: Vec<FateVm>,
    /// A producer with `transactional.id`: its transaction, and the coordinator's view of it.
    pub txn: Option<TxnVm>,
}

/// A transactional producer's side of its transactions and the coordinator's (the buttons are
/// enabled where the engine's `TransactionManager` would accept the call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxnVm {
    pub transactional_id: String,
    /// Kafka's `TransactionManager.State` name: "READY", "IN_TRANSACTION", "FATAL_ERROR", ...
    pub state: &'static str,
    /// What the state means for the learner (and, in an error state, the error and why).
    pub explain: String,
    /// FATAL_ERROR or ABORTABLE_ERROR.
    pub error: bool,
    pub can_init: bool,
    pub can_begin: bool,
    pub can_commit: bool,
    pub can_abort: bool,
    /// "transactions committed 2 · aborted 1".
    pub counts: String,
    /// "broker 2 (leader of __transaction_state-17)" or why there is none.
    pub coordinator: String,
    /// The coordinator's `TransactionState` name, or "-" before the first InitProducerId.
    pub coordinator_state: String,
    /// "orders-0, orders-2" (the first `ROWS_SHOWN_MAX`), or "none".
    pub partitions: String,
}

fn sequence_text(s: Option<i32>) -> String {
    s.map_or_else(|| "-".to_string(), |s| s.to_string())
}

fn batches_vm(cluster: &Cluster, c: &ProducerClient, tr: Tr) -> (Vec<BatchVm>, usize) {
    let now = cluster.now().0;
    let acc = c.accumulator();
    let cfg = c.config.accumulator();
    let flush = c.flushing || c.closing;
    let mut rows = Vec::new();
    let mut total = 0;
    for tp in acc.partitions() {
        let ready = acc.ready(&cfg, tp, cluster.now(), flush);
        for (i, b) in acc.batches(tp).enumerate() {
            total += 1;
            if rows.len() >= ROWS_SHOWN_MAX {
                continue;
            }
            let state = if b.attempts > 0 && b.retry_after_ms.0 > now {
                tr.f("producer-batch-backoff", &[("attempt", b.attempts.into()), ("left", (b.retry_after_ms.0 - now).into())])
            } else if i > 0 {
                tr.t("producer-batch-full")
            } else if ready && c.known_leader(tp).is_none() {
                tr.t("producer-batch-leader-unknown")
            } else if ready && b.attempts > 0 {
                tr.f("producer-batch-ready-retry", &[("attempt", b.attempts.into())])
            } else if ready && flush {
                tr.t("producer-batch-ready-flush")
            } else if ready {
                tr.t("producer-batch-ready")
            } else {
                let left = (b.created_ms.0 + cfg.linger_ms).saturating_sub(now);
                tr.f("producer-batch-filling", &[("linger", cfg.linger_ms.into()), ("left", left.into())])
            };
            rows.push(BatchVm {
                partition: tp.to_string(),
                records: b.records.len(),
                size: format!("{} / {} B", b.size_bytes, cfg.batch_size_bytes),
                state,
                sequence: sequence_text(b.base_sequence),
            });
        }
    }
    (rows, total)
}

/// Words for `SendFailure`: why the records failed for good.
pub fn failure_text(f: SendFailure, tr: Tr) -> String {
    tr.t(match f {
        SendFailure::Fatal => key("producer-failure-fatal"),
        SendFailure::RetriesExhausted => key("producer-failure-retries"),
        SendFailure::DeliveryTimeout => key("producer-failure-timeout"),
    })
}

/// One fate of a batch, in words.
pub fn fate_vm(time_ms: u64, kind: &FateKind, tr: Tr) -> FateVm {
    let records = |n: u32| tr.f("producer-records", &[("n", count(n))]);
    let (class, text) = match kind {
        FateKind::Acked { partition, first_offset, records: n, duplicate } => {
            let tp = partition.to_string();
            let t = if *first_offset < 0 {
                tr.f("producer-fate-acks0", &[("records", records(*n).into()), ("partition", tp.into())])
            } else if *n == 1 {
                tr.f("producer-fate-acked-one", &[("partition", tp.into()), ("offset", (*first_offset).into())])
            } else {
                let last = first_offset + i64::from(*n) - 1;
                tr.f(
                    key("producer-fate-acked"),
                    &[("records", records(*n).into()), ("partition", tp.into()), ("first", (*first_offset).into()), ("last", last.into())],
                )
            };
            let t = if *duplicate { tr.f("producer-fate-duplicate", &[("fate", t.into())]) } else { t };
            ("produce", t)
        }
        FateKind::Retrying { partition, error, attempt, backoff_ms, records: n } => (
            "warning",
            tr.f(
                key("producer-fate-retrying"),
                &[
                    ("records", records(*n).into()),
                    ("partition", partition.to_string().into()),
                    ("error", error.to_string().into()),
                    ("attempt", (*attempt).into()),
                    ("backoff", (*backoff_ms).into()),
                ],
            ),
        ),
        FateKind::Failed { partition, error, failure, records: n } => (
            "fault",
            tr.f(
                key("producer-fate-failed"),
                &[
                    ("records", records(*n).into()),
                    ("partition", partition.to_string().into()),
                    ("error", error.to_string().into()),
                    ("failure", failure_text(*failure, tr).into()),
                ],
            ),
        ),
        FateKind::EpochBumped { producer_id, producer_epoch } => {
            ("info", tr.f("producer-fate-epoch-bumped", &[("epoch", (*producer_epoch).into()), ("id", (*producer_id).into())]))
        }
        FateKind::AbortedUnsent { partition, records: n } => (
            "warning",
            tr.f("producer-fate-aborted-unsent", &[("records", records(*n).into()), ("partition", partition.to_string().into())]),
        ),
        FateKind::TxnInitialized { producer_id, producer_epoch } => {
            ("info", tr.f("producer-fate-txn-init", &[("id", (*producer_id).into()), ("epoch", (*producer_epoch).into())]))
        }
        FateKind::TxnEnded { committed: true } => ("produce", tr.t("producer-fate-txn-committed")),
        FateKind::TxnEnded { committed: false } => ("warning", tr.t("producer-fate-txn-aborted")),
        FateKind::TxnError { error } => ("fault", tr.f("producer-fate-txn-error", &[("error", error.to_string().into())])),
    };
    FateVm { time_ms, class, text }
}

fn producer_vm(cluster: &Cluster, c: &ProducerClient, fates: &ProducerFates, tr: Tr) -> ProducerVm {
    let (batches, batches_total) = batches_vm(cluster, c, tr);
    let in_flight_total = c.in_flight().len();
    let in_flight = c
        .in_flight()
        .iter()
        .take(ROWS_SHOWN_MAX)
        .map(|f| InFlightVm {
            request: f.request.0,
            broker: f.broker.0,
            partition: f.batch.partition.to_string(),
            sequence: sequence_text(f.batch.base_sequence),
            attempt: f.batch.attempts,
            records: f.batch.records.len(),
        })
        .collect();
    let s = &c.stats;
    let non_default = non_default_configs(&c.config);
    ProducerVm {
        handle: c.handle.0,
        name: c.handle.to_string(),
        client_id: c.client_id.clone(),
        identity: if c.idempotent() {
            tr.f("producer-identity", &[("id", c.producer_id.into()), ("epoch", c.producer_epoch.into())])
        } else if c.txn.is_some() {
            tr.t("producer-identity-txn-none")
        } else {
            tr.t("producer-identity-none")
        },
        closing: c.closing,
        state: if c.closing {
            tr.t("producer-state-closing")
        } else if c.flushing {
            tr.t("producer-state-flushing")
        } else {
            String::new()
        },
        config: if non_default.is_empty() { tr.t("producer-config-defaults") } else { non_default.join(", ") },
        stats: tr.f(
            key("producer-stats"),
            &[
                ("sent", count(s.sent)),
                ("acked", count(s.acked)),
                ("failed", count(s.failed)),
                ("retries", count(s.retries)),
                ("duplicates", count(s.duplicates)),
            ],
        ),
        batches_caption: if batches.len() < batches_total {
            tr.f("producer-batches-caption-cut", &[("total", count(batches_total)), ("listed", count(batches.len()))])
        } else {
            tr.f("producer-batches-caption", &[("total", count(batches_total))])
        },
        batches,
        batches_total,
        in_flight_caption: {
            let max = count(c.config.max_in_flight_requests_per_connection);
            if ROWS_SHOWN_MAX < in_flight_total {
                let args = [("total", count(in_flight_total)), ("max", max), ("listed", count(ROWS_SHOWN_MAX))];
                tr.f("producer-inflight-caption-cut", &args)
            } else {
                tr.f("producer-inflight-caption", &[("total", count(in_flight_total)), ("max", max)])
            }
        },
        in_flight,
        in_flight_total,
        fates: fates.of(c.handle).map(|f| fate_vm(f.time_ms, &f.kind, tr)).collect(),
        txn: c.txn.as_ref().map(|t| txn_vm(cluster, c, t, tr)),
    }
}

/// Whether the engine's client would accept a call: tried on a copy of its state.
fn accepts(t: &TransactionManager, call: fn(&mut TransactionManager) -> Result<(), String>) -> bool {
    call(&mut t.clone()).is_ok()
}

/// The transaction of a producer with `transactional.id`, both sides.
pub fn txn_vm(cluster: &Cluster, c: &ProducerClient, t: &TransactionManager, tr: Tr) -> TxnVm {
    let id = &t.transactional_id;
    let meta = cluster.transaction(id);
    let explain = match t.state {
        TxnClientState::Uninitialized if t.init_started_ms.is_some() => tr.t("producer-txn-init-waiting"),
        TxnClientState::Uninitialized => tr.t("producer-txn-uninitialized"),
        TxnClientState::Ready => tr.t("producer-txn-ready"),
        TxnClientState::InTransaction => tr.t("producer-txn-in-transaction"),
        TxnClientState::CommittingTransaction => tr.t("producer-txn-committing"),
        TxnClientState::AbortingTransaction => tr.t("producer-txn-aborting"),
        TxnClientState::AbortableError(e) => tr.f("producer-txn-abortable", &[("error", e.to_string().into())]),
        TxnClientState::FatalError(e) => {
            let why = match meta {
                Some(m) if m.producer_epoch > c.producer_epoch => tr.f(
                    key("producer-txn-zombie"),
                    &[
                        ("current", m.producer_epoch.into()),
                        ("id", id.into()),
                        ("epoch", c.producer_epoch.into()),
                        ("timeout", m.timeout_ms.into()),
                    ],
                ),
                _ => tr.t("producer-txn-failed-for-good"),
            };
            tr.f("producer-txn-fatal", &[("error", e.to_string().into()), ("why", why.into())])
        }
    };
    let error = matches!(t.state, TxnClientState::AbortableError(_) | TxnClientState::FatalError(_));
    let p = transaction_partition_for(id);
    let coordinator = match cluster.topic(TRANSACTION_STATE_TOPIC) {
        None => tr.f("producer-txn-coordinator-not-found", &[("topic", TRANSACTION_STATE_TOPIC.into()), ("partition", p.into())]),
        Some(topic) => match topic.partitions.get(p as usize).and_then(|x| x.leader) {
            Some(b) => tr.f(
                key("producer-txn-coordinator"),
                &[("broker", b.0.into()), ("topic", TRANSACTION_STATE_TOPIC.into()), ("partition", p.into())],
            ),
            None => tr.f("producer-txn-coordinator-none", &[("topic", TRANSACTION_STATE_TOPIC.into()), ("partition", p.into())]),
        },
    };
    let partitions = match meta {
        Some(m) if !m.partitions.is_empty() => {
            let listed: Vec<String> = m.partitions.iter().take(ROWS_SHOWN_MAX).map(ToString::to_string).collect();
            let more = m.partitions.len().saturating_sub(ROWS_SHOWN_MAX);
            if more > 0 {
                tr.f("producer-txn-partitions-more", &[("list", listed.join(", ").into()), ("more", count(more))])
            } else {
                listed.join(", ")
            }
        }
        _ => tr.t("producer-txn-partitions-none"),
    };
    let open = !c.closing;
    TxnVm {
        transactional_id: id.clone(),
        state: t.state.name(),
        explain,
        error,
        can_init: open && t.state == TxnClientState::Uninitialized && t.init_started_ms.is_none(),
        can_begin: open && accepts(t, TransactionManager::begin),
        can_commit: open && accepts(t, TransactionManager::commit),
        can_abort: open && accepts(t, TransactionManager::abort),
        counts: tr.f("producer-txn-counts", &[("committed", count(t.committed)), ("aborted", count(t.aborted))]),
        coordinator,
        coordinator_state: meta.map_or_else(|| "-".to_string(), |m| m.state.name().to_string()),
        partitions,
    }
}

/// Every producer client (the first `PRODUCERS_SHOWN_MAX`).
pub fn producers_vm(cluster: &Cluster, fates: &ProducerFates, tr: Tr) -> Vec<ProducerVm> {
    cluster.producers().take(PRODUCERS_SHOWN_MAX).map(|c| producer_vm(cluster, c, fates, tr)).collect()
}

/// The producers the Produce form may send with (not closing): handle and label.
pub fn producer_choices(cluster: &Cluster) -> Vec<(u32, String)> {
    cluster
        .producers()
        .filter(|c| !c.closing)
        .map(|c| (c.handle.0, format!("{} (client.id {}, acks={})", c.handle, c.client_id, c.config.acks.label())))
        .collect()
}

/// What the cluster's state says about an error on `partition`, for the learner.
/// "" or a space and the hint, to follow the error.
fn error_hint(cluster: &Cluster, partition: &TopicPartition, error: KafkaError, tr: Tr) -> String {
    let hint = match error {
        KafkaError::NotEnoughReplicas | KafkaError::NotEnoughReplicasAfterAppend => {
            let Some(t) = cluster.topic(&partition.topic) else { return String::new() };
            let Some(p) = t.partitions.get(partition.partition as usize) else { return String::new() };
            let isr: Vec<String> = p.isr.iter().map(|b| b.0.to_string()).collect();
            tr.f("producer-hint-isr", &[("isr", isr.join(",").into()), ("size", count(isr.len())), ("min", t.min_isr_effective().into())])
        }
        KafkaError::RequestTimedOut if cluster.quorum_lost() => tr.t("producer-hint-quorum"),
        _ => return String::new(),
    };
    format!(" {hint}")
}

/// The Produce form's result line for its last record. While it waits and the clock is paused,
/// it says the clock is the cause.
pub fn form_result_line(form: &FormSend, cluster: &Cluster, playing: bool, tr: Tr) -> String {
    let (p, tp) = (form.producer.to_string(), form.partition.to_string());
    let paused = |line: String| if playing || form.done() { line } else { tr.f("producer-send-paused", &[("line", line.into())]) };
    match &form.state {
        SendState::Pending => {
            let Some(c) = cluster.producer(form.producer) else { return tr.f("producer-send-closed", &[("producer", p.into())]) };
            let wait = match c.in_flight().iter().find(|f| f.batch.records.iter().any(|r| r.send_id == form.send_id)) {
                Some(f) => tr.f(
                    key("producer-send-in-flight"),
                    &[
                        ("producer", p.into()),
                        ("broker", f.broker.0.into()),
                        ("attempt", f.batch.attempts.into()),
                        ("acks", c.config.acks.label().into()),
                    ],
                ),
                None => tr.f(
                    key("producer-send-in-batch"),
                    &[("producer", p.into()), ("partition", tp.into()), ("linger", c.config.linger_ms.into())],
                ),
            };
            paused(wait)
        }
        SendState::Retrying { error, attempt, backoff_ms } => paused(tr.f(
            key("producer-send-retrying"),
            &[
                ("error", error.to_string().into()),
                ("partition", tp.clone().into()),
                ("attempt", (*attempt).into()),
                ("hint", error_hint(cluster, &form.partition, *error, tr).into()),
                ("producer", p.into()),
                ("backoff", (*backoff_ms).into()),
            ],
        )),
        SendState::Acked { offset, duplicate } => {
            let t = if *offset < 0 {
                tr.f("producer-send-acks0", &[("partition", tp.into())])
            } else {
                tr.f("producer-send-acked", &[("partition", tp.into()), ("offset", (*offset).into())])
            };
            if *duplicate {
                tr.f("producer-send-duplicate", &[("line", t.into())])
            } else {
                t
            }
        }
        SendState::Failed { error, failure } => tr.f(
            key("producer-send-failed"),
            &[
                ("error", error.to_string().into()),
                ("partition", tp.into()),
                ("hint", error_hint(cluster, &form.partition, *error, tr).into()),
                ("failure", failure_text(*failure, tr).into()),
            ],
        ),
        SendState::Aborted => tr.f("producer-send-aborted", &[("producer", p.into()), ("partition", tp.into())]),
    }
}

/// `form_result_line` in English (the app's tests read it).
#[cfg(test)]
pub fn form_send_line(form: &FormSend, cluster: &Cluster, playing: bool) -> String {
    form_result_line(form, cluster, playing, Tr::new(crate::i18n::Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{ClusterConfig, Command, ProduceRecord, ProducerHandle, TopicConfig};

    fn en() -> Tr {
        Tr::new(crate::i18n::Lang::En)
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn cluster() -> Cluster {
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 3, ..ClusterConfig::default() }).unwrap();
        let config = TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() };
        c.apply(Command::CreateTopic { name: "t".into(), partitions: 3, replication_factor: 3, config }).unwrap();
        c
    }

    #[test]
    fn the_form_passes_only_what_the_learner_changed() {
        let mut fields: Vec<(&str, String)> = FORM_FIELDS.iter().map(|n| (*n, default_value(n))).collect();
        assert_eq!(default_value("linger.ms"), "5", "Kafka 4.x (KIP-1030)");
        assert_eq!(default_value("retries"), "2147483647");
        assert_eq!(default_value("transactional.id"), "");
        assert!(create_pairs("all", "", &fields).is_empty(), "the defaults as shown pass nothing");
        fields[0].1 = " 50 ".into();
        assert_eq!(create_pairs("1", "false", &fields), pairs(&[("acks", "1"), ("enable.idempotence", "false"), ("linger.ms", "50")]));
        // Every field name is one the engine knows.
        for n in FORM_FIELDS {
            assert!(engine::PRODUCER_CONFIG_NAMES.contains(&n), "{n}");
        }
    }

    #[test]
    fn non_default_configs_show_what_kafka_settled() {
        let c = ProducerConfig::from_pairs(&pairs(&[("acks", "1"), ("client.id", "app")])).unwrap();
        assert_eq!(non_default_configs(&c), vec!["acks=1", "enable.idempotence=false", "client.id=app"]);
        assert!(non_default_configs(&ProducerConfig::default()).is_empty());
    }

    #[test]
    fn a_producer_shows_its_batch_lingering_then_in_flight_then_acknowledged() {
        let mut c = cluster();
        let p = c.apply(Command::CreateProducer { config: pairs(&[("linger.ms", "1000")]) }).unwrap().producer().unwrap();
        c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("t", "k", "v") }).unwrap();
        let mut fates = ProducerFates::default();
        let vm = &producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0];
        assert_eq!((vm.name.as_str(), vm.identity.as_str()), ("producer-1", "producer id 0, epoch 0"));
        assert_eq!(vm.config, "linger.ms=1000");
        assert_eq!(vm.batches.len(), 1);
        assert!(vm.batches[0].state.starts_with("filling: linger.ms 1000 ms, 1000 ms left"), "{:?}", vm.batches[0]);
        assert!(vm.batches[0].size.ends_with("/ 16384 B"));
        c.apply(Command::FlushProducer { producer: p }).unwrap();
        // A new client has no metadata yet: it asks for it before it sends.
        let state = producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0].batches[0].state.clone();
        assert_eq!(state, "ready; the leader is unknown: waits for a metadata refresh");
        while c.producer(p).is_some_and(|c| c.in_flight().is_empty()) {
            c.step();
        }
        let vm = &producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0];
        assert_eq!((vm.batches_total, vm.in_flight_total), (0, 1), "{vm:?}");
        assert_eq!((vm.in_flight[0].attempt, vm.in_flight[0].sequence.as_str()), (1, "0"));
        for _ in 0..5 {
            c.step();
        }
        while let Some(e) = c.poll_event() {
            fates.read(&e);
        }
        let vm = &producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0];
        let partition = engine::murmur2::partition_for_key(b"k", 3);
        assert_eq!(vm.fates[0].text, format!("acknowledged at t-{partition} offset 0"));
        assert_eq!(vm.stats, "sent 1 · acknowledged 1 · failed 0 · retries 0 · duplicates 0");
    }

    fn step_until(c: &mut Cluster, fates: &mut ProducerFates, mut done: impl FnMut(&Cluster) -> bool) {
        for _ in 0..500 {
            if done(c) {
                return;
            }
            c.step();
            while let Some(e) = c.poll_event() {
                fates.read(&e);
            }
        }
        panic!("not reached in 500 steps");
    }

    #[test]
    fn a_transactional_producer_shows_its_state_its_buttons_and_the_coordinators_view() {
        let mut c = cluster();
        let mut fates = ProducerFates::default();
        let p = c.apply(Command::CreateProducer { config: pairs(&[("transactional.id", "tx")]) }).unwrap().producer().unwrap();
        let vm = producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0].clone();
        assert_eq!(vm.identity, "no producer id yet: initTransactions() gets one from the transaction coordinator");
        let t = vm.txn.expect("transactional");
        assert_eq!((t.state, t.can_init, t.can_begin, t.can_commit, t.can_abort), ("UNINITIALIZED", true, false, false, false));
        assert!(t.coordinator.starts_with("not yet found: __transaction_state is created"), "{}", t.coordinator);
        assert_eq!((t.coordinator_state.as_str(), t.partitions.as_str()), ("-", "none"));
        c.apply(Command::InitTransactions { producer: p }).unwrap();
        assert!(
            !producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0].txn.as_ref().unwrap().can_init,
            "initTransactions() once"
        );
        step_until(&mut c, &mut fates, |c| c.producer(p).unwrap().txn.as_ref().unwrap().state == TxnClientState::Ready);
        let t = producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0].txn.clone().unwrap();
        assert_eq!((t.state, t.can_init, t.can_begin, t.can_commit, t.can_abort), ("READY", false, true, false, false));
        let part = transaction_partition_for("tx");
        let leader = c.topic(TRANSACTION_STATE_TOPIC).unwrap().partitions[part as usize].leader.unwrap().0;
        assert_eq!(t.coordinator, format!("broker {leader} (leader of __transaction_state-{part})"));
        assert_eq!(t.coordinator_state, "Empty");
        c.apply(Command::BeginTransaction { producer: p }).unwrap();
        c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("t", "k", "v") }).unwrap();
        let t = producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0].txn.clone().unwrap();
        assert_eq!((t.state, t.can_begin, t.can_commit, t.can_abort), ("IN_TRANSACTION", false, true, true));
        let tp = format!("t-{}", engine::murmur2::partition_for_key(b"k", 3));
        step_until(&mut c, &mut fates, |c| c.transaction("tx").is_some_and(|m| !m.partitions.is_empty()));
        let t = producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0].txn.clone().unwrap();
        assert_eq!((t.coordinator_state.as_str(), t.partitions.as_str()), ("Ongoing", tp.as_str()));
        c.apply(Command::CommitTransaction { producer: p }).unwrap();
        step_until(&mut c, &mut fates, |c| c.producer(p).unwrap().txn.as_ref().unwrap().committed == 1);
        let vm = producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[0].clone();
        assert_eq!(vm.txn.as_ref().unwrap().counts, "transactions committed 1 · aborted 0");
        assert!(vm.fates.iter().any(|f| f.text.starts_with("commitTransaction() returned")), "{:?}", vm.fates);
        // Begin, send with a long linger, abort: the batch never left.
        let slow = c.apply(Command::CreateProducer { config: pairs(&[("transactional.id", "tx2"), ("linger.ms", "5000")]) });
        let q = slow.unwrap().producer().unwrap();
        c.apply(Command::InitTransactions { producer: q }).unwrap();
        step_until(&mut c, &mut fates, |c| c.producer(q).unwrap().txn.as_ref().unwrap().state == TxnClientState::Ready);
        c.apply(Command::BeginTransaction { producer: q }).unwrap();
        c.apply(Command::Send { producer: q, record: ProduceRecord::keyed("t", "k", "v") }).unwrap();
        c.apply(Command::AbortTransaction { producer: q }).unwrap();
        step_until(&mut c, &mut fates, |c| c.producer(q).unwrap().txn.as_ref().unwrap().aborted == 1);
        let vm = producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))[1].clone();
        assert!(
            vm.fates
                .iter()
                .any(|f| f.text
                    == format!("1 record for {tp} aborted before it was sent: abortTransaction() fails the batches still waiting")),
            "{:?}",
            vm.fates
        );
        // A second producer with the first's transactional.id fences it.
        let zombie = c.apply(Command::CreateProducer { config: pairs(&[("transactional.id", "tx")]) }).unwrap().producer().unwrap();
        c.apply(Command::InitTransactions { producer: zombie }).unwrap();
        step_until(&mut c, &mut fates, |c| c.producer(zombie).unwrap().txn.as_ref().unwrap().state == TxnClientState::Ready);
        c.apply(Command::BeginTransaction { producer: p }).unwrap();
        c.apply(Command::Send { producer: p, record: ProduceRecord::keyed("t", "k", "v") }).unwrap();
        step_until(&mut c, &mut fates, |c| {
            matches!(c.producer(p).map(|p| p.txn.as_ref().unwrap().state), Some(TxnClientState::FatalError(_)) | None)
        });
        let vm = producers_vm(&c, &fates, crate::i18n::Tr::new(crate::i18n::Lang::En))
            .into_iter()
            .find(|v| v.handle == p.0)
            .expect("a fenced producer stays until closed");
        let t = vm.txn.unwrap();
        assert_eq!((t.state, t.error, t.can_begin, t.can_commit, t.can_abort), ("FATAL_ERROR", true, false, false, false));
        assert!(
            t.explain.starts_with(
                "PRODUCER_FENCED: the coordinator has epoch 2 for transactional.id tx and this producer has epoch 1: another producer"
            ),
            "{}",
            t.explain
        );
        assert!(t.explain.ends_with("Fenced, it can only be closed"), "{}", t.explain);
    }

    #[test]
    fn fates_and_the_form_line_say_why() {
        let tp = TopicPartition::new("t", 0);
        let retry =
            FateKind::Retrying { partition: tp.clone(), error: KafkaError::NotLeaderOrFollower, attempt: 1, backoff_ms: 100, records: 3 };
        assert_eq!(fate_vm(0, &retry, en()).text, "3 records for t-0: NOT_LEADER_OR_FOLLOWER on attempt 1; retrying in 100 ms");
        let failed = FateKind::Failed {
            partition: tp.clone(),
            error: KafkaError::RequestTimedOut,
            failure: SendFailure::DeliveryTimeout,
            records: 1,
        };
        assert_eq!(
            fate_vm(0, &failed, en()).text,
            "1 record for t-0 failed: REQUEST_TIMED_OUT, delivery.timeout.ms passed since the batch was created"
        );
        let acked = FateKind::Acked { partition: tp.clone(), first_offset: 4, records: 2, duplicate: true };
        assert!(fate_vm(0, &acked, en()).text.starts_with("2 records acknowledged at t-0 offsets 4..5: a retry"));
        let c = cluster();
        let form = FormSend {
            producer: ProducerHandle(9),
            send_id: 0,
            partition: tp.clone(),
            state: SendState::Retrying { error: KafkaError::NotEnoughReplicas, attempt: 2, backoff_ms: 180 },
        };
        let line = form_send_line(&form, &c, false);
        assert!(line.starts_with("NOT_ENOUGH_REPLICAS from t-0 on attempt 2 (ISR "), "{line}");
        assert!(line.contains("min.insync.replicas is 2") && line.contains("The clock is paused"), "{line}");
        assert!(!form_send_line(&form, &c, true).contains("paused"));
        let done = FormSend { state: SendState::Acked { offset: 3, duplicate: false }, ..form };
        assert_eq!(form_send_line(&done, &c, false), "acknowledged at t-0 offset 3", "an outcome is not blamed on the clock");
        let aborted = FormSend { state: SendState::Aborted, ..done };
        assert_eq!(
            form_send_line(&aborted, &c, false),
            "aborted before it was sent: producer-9 aborted its transaction while the record waited for t-0"
        );
    }
}
