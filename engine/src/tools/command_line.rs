//! The command that does on a real cluster what an engine command does in the sandbox (issue
//! 25): every button, form and lesson step shows it, and the timeline lists it. Kafka's own
//! tools where one exists (typed in the terminal they do the same here); the sandbox's verbs for
//! what happens to a broker's machine; `kill` of the client's process for a client closing or
//! crashing; nothing for what only an application's code does (`producer.send()`,
//! `poll()` pacing).

use super::sandbox;
use crate::cluster::Cluster;
use crate::command::{Command, ElectionType};
use crate::config::TopicConfig;
use crate::consumer::{ConsumerConfig, GroupProtocol, IsolationLevel, OffsetReset};

/// The bootstrap option every tool line carries.
pub const BOOTSTRAP: &str = "--bootstrap-server localhost:9092";

/// Quotes a word for a POSIX shell when it needs it (`'...'`, with `'` as `'\''`), so the line
/// splits back into the same words (`shell_words`).
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_.,:=/@%+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The real command for `command` in the state before it runs, or None when it has none. The
/// first screen's commands (the brokers', the preferred election, the `CreateTopic` every
/// session starts with) have their lines made here; every other command's line comes from the
/// tick's chunk (`later_line` through `cluster::tick_code`), which runs the command itself:
/// where that chunk has not arrived there is no line, and `Cluster::apply` refuses the command.
pub fn real_command(command: &Command, cluster: &Cluster) -> Option<String> {
    if command.needs_tick_code() || command.needs_groups() {
        return crate::cluster::tick_code::loaded().and_then(|code| (code.real_command)(command, cluster));
    }
    Some(match command {
        Command::CreateTopic { name, partitions, replication_factor, config } => {
            create_topic_line(name, *partitions, *replication_factor, config)
        }
        Command::StopBroker { broker } => format!("{} kill-broker {broker}", sandbox::NAME),
        Command::ShutdownBroker { broker } => format!("{} stop-broker {broker}", sandbox::NAME),
        Command::StartBroker { broker } => format!("{} start-broker {broker}", sandbox::NAME),
        Command::IsolateBroker { broker } => format!("{} isolate-broker {broker}", sandbox::NAME),
        Command::HealBroker { broker } => format!("{} heal-broker {broker}", sandbox::NAME),
        Command::SetFetchDelay { broker, delay_ms } => format!("{} slow-broker {broker} {delay_ms}", sandbox::NAME),
        Command::ElectPreferredLeaders { topic: None } => {
            format!("kafka-leader-election.sh {BOOTSTRAP} --election-type PREFERRED --all-topic-partitions")
        }
        Command::ElectPreferredLeaders { topic: Some(topic) } => {
            let partitions = cluster.topic(topic).map_or(0, |t| t.partitions.len() as u32);
            elections(ElectionType::Preferred, &(0..partitions).map(|p| (topic.clone(), p)).collect::<Vec<_>>())
        }
        _ => return None,
    })
}

/// The lines of the commands after the first screen (`real_command`), in the tick's chunk
/// (`cluster::tick_code`) with the commands themselves.
pub(crate) fn later_line(command: &Command, cluster: &Cluster) -> Option<String> {
    Some(match command {
        Command::AlterTopicConfig { topic, set, delete } => {
            let mut line = format!("kafka-configs.sh {BOOTSTRAP} --alter --entity-type topics --entity-name {}", quote(topic));
            if !set.is_empty() {
                let pairs: Vec<String> =
                    set.iter().map(|(k, v)| if v.contains(',') { format!("{k}=[{v}]") } else { format!("{k}={v}") }).collect();
                line.push_str(&format!(" --add-config {}", quote(&pairs.join(","))));
            }
            if !delete.is_empty() {
                line.push_str(&format!(" --delete-config {}", quote(&delete.join(","))));
            }
            line
        }
        Command::AddPartitions { topic, partitions } => {
            format!("kafka-topics.sh {BOOTSTRAP} --alter --topic {} --partitions {partitions}", quote(topic))
        }
        Command::DeleteTopic { topic } => format!("kafka-topics.sh {BOOTSTRAP} --delete --topic {}", quote(topic)),
        Command::Produce(req) => {
            produce_line(&req.topic, req.key.as_deref(), req.value.as_ref().map(crate::payload::Payload::bytes).as_deref(), req.acks)
        }
        Command::Send { producer, record } => {
            let config = cluster.producer(*producer).map(|p| p.config.clone()).unwrap_or_default();
            send_line(&record.topic, record.key.as_deref(), record.value.as_ref().map(crate::payload::Payload::bytes).as_deref(), &config)
        }
        Command::ElectLeaders { election, partitions: None } => {
            format!("kafka-leader-election.sh {BOOTSTRAP} --election-type {} --all-topic-partitions", election.name())
        }
        Command::ElectLeaders { election, partitions: Some(tps) } => {
            elections(*election, &tps.iter().map(|tp| (tp.topic.to_string(), tp.partition)).collect::<Vec<_>>())
        }
        Command::AddConsumer { config } => console_consumer_line(config),
        Command::CloseConsumer { consumer } => {
            let name = cluster.consumer(*consumer).map_or_else(|| consumer.to_string(), |c| c.client_id.clone());
            format!("kill -INT <pid of {name}>")
        }
        Command::CrashConsumer { consumer } => {
            let name = cluster.consumer(*consumer).map_or_else(|| consumer.to_string(), |c| c.client_id.clone());
            format!("kill -9 <pid of {name}>")
        }
        Command::StartLoad { topic, rate_per_s, acks, producer_config, .. } => {
            let mut line = format!(
                "kafka-producer-perf-test.sh --topic {} --num-records 1000000 --throughput {rate_per_s} --record-size 100 --producer-props bootstrap.servers=localhost:9092 acks={}",
                quote(topic),
                acks.label()
            );
            for (k, v) in producer_config {
                line.push_str(&format!(" {}", quote(&format!("{k}={v}"))));
            }
            line
        }
        Command::StopLoad => "kill -INT <pid of kafka-producer-perf-test.sh>".to_string(),
        Command::AlterGroupOffsets { group, offsets } => offsets
            .iter()
            .map(|(tp, o)| {
                format!(
                    "kafka-consumer-groups.sh {BOOTSTRAP} --reset-offsets --group {} --topic {} --to-offset {} --execute",
                    quote(group),
                    quote(&format!("{}:{}", tp.topic, tp.partition)),
                    o.0
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Command::DeleteGroupOffsets { group, partitions } => {
            // One `--topic t:0,1` per topic, in the order the partitions came.
            let mut topics: Vec<(String, Vec<u32>)> = Vec::new();
            for tp in partitions {
                match topics.iter_mut().find(|(t, _)| t.as_str() == tp.topic.as_ref()) {
                    Some((_, ps)) => ps.push(tp.partition),
                    None => topics.push((tp.topic.to_string(), vec![tp.partition])),
                }
            }
            let mut line = format!("kafka-consumer-groups.sh {BOOTSTRAP} --delete-offsets --group {}", quote(group));
            for (t, ps) in topics {
                let ps: Vec<String> = ps.iter().map(u32::to_string).collect();
                line.push_str(&format!(" --topic {}", quote(&format!("{t}:{}", ps.join(",")))));
            }
            line
        }
        Command::DeleteGroup { group } => format!("kafka-consumer-groups.sh {BOOTSTRAP} --delete --group {}", quote(group)),
        Command::RunTool { line } => line.clone(),
        _ => return None,
    })
}

/// One record as `echo ... | kafka-console-producer.sh` sends it: `key:value` with
/// `parse.key=true` when there is a key, `NULL` with `null.marker=NULL` for a tombstone.
pub fn produce_line(topic: &str, key: Option<&[u8]>, value: Option<&[u8]>, acks: crate::event::Acks) -> String {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let value_text = value.map_or_else(|| "NULL".to_string(), text);
    let mut line = match key {
        Some(key) => format!(
            "echo {} | kafka-console-producer.sh {BOOTSTRAP} --topic {} --property parse.key=true --property key.separator=:",
            quote(&format!("{}:{value_text}", text(key))),
            quote(topic)
        ),
        None => format!("echo {} | kafka-console-producer.sh {BOOTSTRAP} --topic {}", quote(&value_text), quote(topic)),
    };
    if value.is_none() {
        line.push_str(" --property null.marker=NULL");
    }
    line.push_str(&format!(" --producer-property acks={}", acks.label()));
    line
}

/// One record sent by a producer client with `config`, as the console producer would send it
/// with the same client: `produce_line`, then a `--producer-property` for each config that
/// differs from the tool's own defaults (`console_producer::piped_config`: linger.ms 1000,
/// retries 3, request.timeout.ms 1500), so Kafka's defaults show as
/// `retries=2147483647 ... linger.ms=5`.
pub fn send_line(topic: &str, key: Option<&[u8]>, value: Option<&[u8]>, config: &crate::producer_config::ProducerConfig) -> String {
    let tool =
        crate::producer_config::ProducerConfig::from_pairs(&super::console_producer::piped_config(config.acks)).unwrap_or_default().pairs();
    let mut line = produce_line(topic, key, value, config.acks);
    for (k, v) in config.pairs() {
        if k != "client.id" && k != "acks" && !tool.contains(&(k.clone(), v.clone())) {
            line.push_str(&format!(" --producer-property {}", quote(&format!("{k}={v}"))));
        }
    }
    line
}

/// `kafka-leader-election.sh` takes one `--topic`/`--partition` pair per run.
fn elections(election: ElectionType, partitions: &[(String, u32)]) -> String {
    partitions
        .iter()
        .map(|(t, p)| {
            format!("kafka-leader-election.sh {BOOTSTRAP} --election-type {} --topic {} --partition {p}", election.name(), quote(t))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A consumer as `kafka-console-consumer.sh` starts one: its group, where it starts, and every
/// config that differs from the consumer's defaults.
pub fn console_consumer_line(config: &ConsumerConfig) -> String {
    let d = ConsumerConfig::default();
    let subscription = match config.topics.as_slice() {
        [one] => format!("--topic {}", quote(one)),
        many => format!("--include {}", quote(&many.join("|"))),
    };
    let mut line = format!("kafka-console-consumer.sh {BOOTSTRAP} {subscription} --group {}", quote(&config.group_id));
    if config.auto_offset_reset == OffsetReset::Earliest {
        line.push_str(" --from-beginning");
    }
    if config.isolation_level != IsolationLevel::ReadUncommitted {
        line.push_str(&format!(" --isolation-level {}", config.isolation_level.name()));
    }
    let mut props: Vec<String> = Vec::new();
    if config.auto_offset_reset == OffsetReset::None {
        props.push("auto.offset.reset=none".into());
    }
    if config.group_protocol == GroupProtocol::Consumer {
        props.push("group.protocol=consumer".into());
        if config.remote_assignor != d.remote_assignor {
            props.push(format!("group.remote.assignor={}", config.remote_assignor.name()));
        }
    } else if config.assignor != d.assignor {
        props.push(format!("partition.assignment.strategy={}", assignor_class(config.assignor)));
    }
    if config.enable_auto_commit != d.enable_auto_commit {
        props.push(format!("enable.auto.commit={}", config.enable_auto_commit));
    }
    for (name, value, default) in [
        ("session.timeout.ms", config.session_timeout_ms, d.session_timeout_ms),
        ("heartbeat.interval.ms", config.heartbeat_interval_ms, d.heartbeat_interval_ms),
        ("max.poll.interval.ms", config.max_poll_interval_ms, d.max_poll_interval_ms),
        ("auto.commit.interval.ms", config.auto_commit_interval_ms, d.auto_commit_interval_ms),
        ("max.poll.records", u64::from(config.max_poll_records), u64::from(d.max_poll_records)),
    ] {
        if value != default {
            props.push(format!("{name}={value}"));
        }
    }
    for p in props {
        line.push_str(&format!(" --consumer-property {p}"));
    }
    line
}

/// `partition.assignment.strategy`'s class for an assignor.
pub fn assignor_class(a: crate::assignor::AssignorName) -> &'static str {
    use crate::assignor::AssignorName::*;
    match a {
        Range => "org.apache.kafka.clients.consumer.RangeAssignor",
        RoundRobin => "org.apache.kafka.clients.consumer.RoundRobinAssignor",
        Sticky => "org.apache.kafka.clients.consumer.StickyAssignor",
        CooperativeSticky => "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
    }
}

/// `kafka-topics.sh --create`, with the topic's non-default configs as `--config` pairs.
pub fn create_topic_line(name: &str, partitions: u32, replication_factor: u32, config: &TopicConfig) -> String {
    let mut line = format!(
        "kafka-topics.sh {BOOTSTRAP} --create --topic {} --partitions {partitions} --replication-factor {replication_factor}",
        quote(name)
    );
    for (k, v) in crate::topic_config::describe_configs(config) {
        line.push_str(&format!(" --config {}", quote(&format!("{k}={v}"))));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::ProduceRequest;
    use crate::config::ClusterConfig;
    use crate::event::Acks;
    use crate::producer_config::ProducerConfig;
    use crate::tools::script::Shell;

    #[test]
    fn words_are_quoted_only_when_a_shell_needs_it() {
        assert_eq!(quote("orders"), "orders");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
        let words = crate::tools::shell_words::split_words(&format!("x {} {}", quote("it's a $test"), quote("k=v"))).unwrap();
        assert_eq!(words, ["x", "it's a $test", "k=v"]);
    }

    /// Each tool line, typed into the terminal of a twin cluster, does what the button did.
    #[test]
    fn the_real_command_does_in_the_terminal_what_the_button_does() {
        let commands = vec![
            Command::CreateTopic {
                name: "payments".into(),
                partitions: 2,
                replication_factor: 3,
                config: TopicConfig { min_insync_replicas: 2, retention_ms: 60_000, ..TopicConfig::default() },
            },
            Command::AlterTopicConfig {
                topic: "payments".into(),
                set: vec![("cleanup.policy".into(), "compact,delete".into())],
                delete: vec![],
            },
            Command::AddPartitions { topic: "payments".into(), partitions: 4 },
            Command::Produce(ProduceRequest::keyed("payments", "alice", "it's 10 EUR", Acks::All)),
            Command::StopBroker { broker: crate::ids::BrokerId(2) },
        ];
        let config = ClusterConfig { brokers: 3, seed: 3, ..ClusterConfig::default() };
        let mut by_buttons = Cluster::new(config.clone()).unwrap();
        let mut by_tools = Cluster::new(config).unwrap();
        let mut shell = Shell::new();
        for c in commands {
            let line = real_command(&c, &by_buttons).expect("a real command");
            by_buttons.apply(c).unwrap();
            shell.line(&mut by_tools, &line);
            let said = shell.render();
            assert!(!said.contains("Error") && !said.contains("Exception") && !said.contains("not found"), "{line}\n{said}");
        }
        let t = by_tools.topic("payments").unwrap();
        let b = by_buttons.topic("payments").unwrap();
        assert_eq!((t.partitions.len(), t.replication_factor, &t.config), (b.partitions.len(), b.replication_factor, &b.config));
        let value_at = |c: &Cluster| -> Vec<String> {
            c.partitions()
                .filter(|p| &*p.tp.topic == "payments")
                .filter_map(|p| p.leader.and_then(|l| p.logs.get(&l)))
                .flat_map(|log| {
                    log.read_iter(log.log_start_offset(), u64::MAX)
                        .map(|r| r.value.as_ref().map_or_else(String::new, |v| String::from_utf8_lossy(&v.bytes()).into_owned()))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        assert!(value_at(&by_tools).contains(&"it's 10 EUR".to_string()), "{:?}", value_at(&by_tools));
        assert!(!by_tools.broker(crate::ids::BrokerId(2)).unwrap().running());
    }

    #[test]
    fn a_consumer_form_is_a_console_consumer_line() {
        let config = ConsumerConfig {
            group_id: "g1".into(),
            topics: vec!["orders".into()],
            auto_offset_reset: OffsetReset::Earliest,
            assignor: crate::assignor::AssignorName::CooperativeSticky,
            enable_auto_commit: false,
            ..ConsumerConfig::default()
        };
        assert_eq!(
            console_consumer_line(&config),
            "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group g1 --from-beginning --consumer-property partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor --consumer-property enable.auto.commit=false"
        );
    }

    /// A record sent by a producer client with Kafka's defaults: the console producer's line
    /// names every config in which the client differs from the tool's defaults, so the tool
    /// typed in a terminal creates a client with the same configs.
    #[test]
    fn a_send_is_a_console_producer_line_with_the_clients_configs() {
        let pairs = vec![("client.id".to_string(), "console-producer".to_string()), ("acks".to_string(), "all".to_string())];
        let config = ProducerConfig::from_pairs(&pairs).unwrap();
        let line = send_line("orders", Some(b"k"), Some(b"v"), &config);
        assert_eq!(
            line,
            "echo k:v | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator=: --producer-property acks=all --producer-property retries=2147483647 --producer-property request.timeout.ms=30000 --producer-property linger.ms=5"
        );
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 3, ..ClusterConfig::default() }).unwrap();
        c.apply(Command::CreateTopic { name: "orders".into(), partitions: 3, replication_factor: 3, config: TopicConfig::default() })
            .unwrap();
        let mut shell = Shell::new();
        shell.line(&mut c, &line.replace("echo k:v | ", ""));
        let typed = c.producers().next().expect("the console producer's client").config.clone();
        assert_eq!(typed, config);
        shell.line(&mut c, "^D");
    }
}
